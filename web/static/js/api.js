// SPDX-License-Identifier: MIT
// The JSON API: every call carries the CSRF token; errors carry the server's code.

const csrf = document.body.dataset.csrf || '';

export class ApiError extends Error {
  constructor(status, code, message) { super(message); this.status = status; this.code = code; }
}

/**
 * api calls the JSON API with the CSRF token and returns the decoded answer.
 * @param {string} method
 * @param {string} url
 * @param {any} [body] JSON-encoded unless it is FormData
 * @param {Object<string, string>} [extraHeaders]
 */
export async function api(method, url, body, extraHeaders) {
  const headers = Object.assign({ 'X-CSRF-Token': csrf }, extraHeaders);
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
  let res;
  try {
    res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'unavailable', 'The server cannot be reached. Is it running?');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = (data && data.error) || { code: 'internal', message: 'HTTP ' + res.status };
    throw new ApiError(res.status, err.code, err.message);
  }
  return data;
}

/** mediaURL returns a URL the page may load for an image reference, or ''. */
export function mediaURL(src) {
  if (!src) return '';
  if (src.startsWith('asset:')) return '/api/assets/' + encodeURIComponent(src);
  if (src.startsWith('data:image/')) return src;
  return '';
}

/** projectURL is the API path of the open project, plus a suffix. */
export const projectURL = (id, suffix = '') => '/api/projects/' + encodeURIComponent(id) + suffix;
