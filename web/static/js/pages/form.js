// SPDX-License-Identifier: MIT
// Helpers shared by the sign-in, invite and review pages.

/**
 * Sends JSON and returns the decoded answer; a failed request throws an
 * Error whose message is the server's.
 * @param {string} method
 * @param {string} url
 * @param {object} [body]
 * @param {string} [csrf] the page's CSRF token, when signed in
 * @returns {Promise<any>}
 */
export async function send(method, url, body, csrf) {
  const headers = { 'Content-Type': 'application/json' };
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const msg = data?.error?.message || `The server answered ${res.status}.`;
    const err = new Error(msg);
    err.status = res.status;
    err.field = data?.error?.field;
    throw err;
  }
  return data;
}

/**
 * Shows a message in a form's error line, or hides it when msg is empty.
 * @param {HTMLElement} form
 * @param {string} msg
 */
export function showError(form, msg) {
  const p = form.querySelector('.form-error');
  if (!p) return;
  p.textContent = msg;
  p.hidden = !msg;
}

/**
 * Wires a form: on submit it disables the submit button, runs fn with the
 * form's fields, and shows a thrown error under the form.
 * @param {HTMLFormElement} form
 * @param {(fields: Record<string, string>) => Promise<void>} fn
 */
export function onSubmit(form, fn) {
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('button[type=submit]');
    showError(form, '');
    if (button) button.disabled = true;
    try {
      await fn(Object.fromEntries(new FormData(form)));
    } catch (err) {
      showError(form, err.message);
      const field = err.field && form.elements.namedItem(err.field);
      if (field instanceof HTMLElement) field.focus();
    } finally {
      if (button) button.disabled = false;
    }
  });
}
