// SPDX-License-Identifier: MIT
// DOM helpers shared by every panel: queries, element building, status and toasts.

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/**
 * el makes an element. Strings become text nodes (never HTML).
 * @param {string} tag
 * @param {Object<string, any>} [attrs]
 * @param {...(Node|string|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return e;
}

/** fill replaces a node's children, skipping empty ones. */
export function fill(node, ...children) {
  node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

export function setStatus(text, kind) {
  const s = $('#status');
  s.textContent = text;
  s.dataset.kind = kind || '';
}

let toastTimer = 0;
/** toast shows a message for a few seconds. */
export function toast(message, kind) {
  const t = $('#toast');
  t.textContent = message;
  t.dataset.kind = kind || 'error';
  t.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
}

/** signal tells whoever listens (tests, extensions) that something happened; the page never depends on it. */
export function signal(name, detail) {
  document.dispatchEvent(new CustomEvent('studio:' + name, { detail }));
}

export function iconBtn(label, title, action, disabled) {
  return el('button', { type: 'button', class: 'icon-btn small', title, 'aria-label': title, 'data-action': action, disabled: !!disabled }, label);
}

export function field(label, input, hint) {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), input, hint ? el('small', { class: 'hint' }, hint) : null);
}

export function rangeField(label, path, value, min, max, step) {
  const out = el('output', null, String(value));
  const input = el('input', { type: 'range', min, max, step, value, dataset: { path, num: '1' } });
  input.addEventListener('input', () => { out.textContent = input.value; });
  return el('label', { class: 'field range' }, el('span', { class: 'field-label' }, label, out), input);
}

export function showTab(name) {
  $('#studio').dataset.tab = name;
  $$('.tabs [data-tab]').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === name)));
}

export const isPhone = () => matchMedia('(max-width: 820px)').matches;
