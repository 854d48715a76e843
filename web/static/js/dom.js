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

// ---- icons ------------------------------------------------------------------
// Drawn as SVG, so that no icon depends on a font having the glyph.

const SVG = 'http://www.w3.org/2000/svg';
const iconPaths = {
  up: 'M12 19V5M6 11l6-6 6 6',
  down: 'M12 5v14M6 13l6 6 6-6',
  duplicate: 'M9 9h10v10H9zM5 15V5h10',
  merge: 'M7 4v6l5 5 5-5V4M12 15v5',
  delete: 'M6 6l12 12M18 6L6 18',
  edit: 'M4 20h4L19 9l-4-4L4 16zM14 6l4 4',
  split: 'M6 4l12 16M18 4L6 20M3 12h4M17 12h4',
  prev: 'M12 19V7M7 12l5-5 5 5M5 4h14',
  next: 'M12 5v12M7 12l5 5 5-5M5 20h14',
  grip: 'M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01',
  plus: 'M12 5v14M5 12h14',
  expand: 'M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5',
  image: 'M4 5h16v14H4zM4 16l5-5 4 4 3-3 4 4M15 9h.01',
  undo: 'M9 14L4 9l5-5M4 9h10a6 6 0 010 12h-3',
  redo: 'M15 14l5-5-5-5M20 9H10a6 6 0 000 12h3',
  left: 'M15 5l-7 7 7 7',
  right: 'M9 5l7 7-7 7',
  reset: 'M4 12a8 8 0 108-8H8M8 1v6h6',
  link: 'M10 14a4 4 0 005.7 0l3-3a4 4 0 00-5.7-5.7l-1 1M14 10a4 4 0 00-5.7 0l-3 3a4 4 0 005.7 5.7l1-1',
  list: 'M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01',
  numbered: 'M10 6h10M10 12h10M10 18h10M4 4v4M3 16h3l-3 4h3',
  heading: 'M6 4v16M18 4v16M6 12h12',
  grid: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z',
  rows: 'M4 4h16v7H4zM4 13h16v7H4z',
};

/** icon returns an SVG icon, hidden from assistive technology (the button carries the name). */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', iconPaths[name] || '');
  svg.append(path);
  return svg;
}

export function iconBtn(name, title, action, disabled) {
  return el('button', { type: 'button', class: 'icon-btn small', title, 'aria-label': title, 'data-action': action, disabled: !!disabled }, icon(name));
}

// ---- keeping the DOM and the focus across redraws -------------------------------

/**
 * morph makes node's children like the given ones, keeping the elements
 * that match (same tag and key), so that focus, selection and the caret
 * survive a redraw. A field being typed in keeps its value.
 */
export function morph(node, ...children) {
  const frag = document.createDocumentFragment();
  frag.append(...children.filter((c) => c !== null && c !== undefined && c !== false));
  morphChildren(node, Array.from(frag.childNodes));
}

function keyOf(n) {
  if (n.nodeType !== 1) return '#' + n.nodeType;
  return n.nodeName + '|' + (n.id || '') + '|' + (n.type || '') + '|' + (n.dataset && (n.dataset.key || '')) + '|' + (n.name || '');
}

function morphChildren(parent, next) {
  const old = Array.from(parent.childNodes);
  next.forEach((n, i) => {
    const o = old[i];
    if (!o) parent.append(n);
    else if (keyOf(o) === keyOf(n)) morphNode(o, n);
    else parent.replaceChild(n, o);
  });
  for (let i = next.length; i < old.length; i++) old[i].remove();
}

function morphNode(o, n) {
  if (o.nodeType !== 1) {
    if (o.nodeValue !== n.nodeValue) o.nodeValue = n.nodeValue;
    return;
  }
  for (const a of Array.from(n.attributes)) {
    if (a.name === 'style') continue;
    if (o.getAttribute(a.name) !== a.value) o.setAttribute(a.name, a.value);
  }
  for (const a of Array.from(o.attributes)) {
    if (a.name !== 'style' && !n.hasAttribute(a.name)) o.removeAttribute(a.name);
  }
  // Styles go through the CSSOM: the page's CSP forbids style attributes.
  if (o.style && n.style && o.style.cssText !== n.style.cssText) o.style.cssText = n.style.cssText;
  const focused = o === document.activeElement;
  if (o.nodeName === 'TEXTAREA') {
    if (!focused && o.value !== n.value) o.value = n.value;
    return;
  }
  morphChildren(o, Array.from(n.childNodes));
  if (o.nodeName === 'INPUT') {
    if (o.type === 'checkbox' || o.type === 'radio') o.checked = n.checked;
    else if (o.type !== 'file' && !focused && o.value !== n.value) o.value = n.value;
  } else if (o.nodeName === 'SELECT' && o.value !== n.value) {
    o.value = n.value;
  }
}

/**
 * focusKey names the focused element inside root by what it does, so that
 * the same control can take the focus back after root is redrawn.
 */
export function focusKey(root) {
  const a = document.activeElement;
  if (!a || a === document.body || !root.contains(a)) return null;
  const holder = a.closest('[data-id]');
  // Every data-* attribute names what a control does (data-key aside: it names a picture).
  const attrs = Array.from(a.attributes).map((x) => x.name).filter((n) => n.startsWith('data-') && n !== 'data-key' && n !== 'data-stand-in')
    .concat(['name', 'aria-label', 'type'].filter((n) => a.hasAttribute(n)));
  let sel = '';
  for (const k of attrs) sel += `[${k}="${CSS.escape(a.getAttribute(k))}"]`;
  if (a.id) sel = '#' + CSS.escape(a.id);
  return {
    holder: holder && holder !== a ? holder.dataset.id : null,
    self: holder === a ? a.dataset.id : null,
    sel: a.nodeName.toLowerCase() + sel,
    caret: typeof a.selectionStart === 'number' ? [a.selectionStart, a.selectionEnd] : null,
  };
}

/** restoreFocus gives the focus back to the control focusKey named, if the page lost it. */
export function restoreFocus(root, key) {
  if (!key) return false;
  const a = document.activeElement;
  if (a && a !== document.body && root.contains(a) && a.isConnected) return true;
  let target = null;
  if (key.self) target = $(`[data-id="${CSS.escape(key.self)}"]`, root);
  else {
    const scope = key.holder ? $(`[data-id="${CSS.escape(key.holder)}"]`, root) : root;
    target = scope && $(key.sel, scope);
    if (!target && scope !== root) target = scope;
  }
  if (!target || target.disabled) return false;
  target.focus({ preventScroll: true });
  if (key.caret && typeof target.setSelectionRange === 'function') {
    try { target.setSelectionRange(key.caret[0], key.caret[1]); } catch { /* not a text field */ }
  }
  return true;
}

// ---- radio groups (the ARIA pattern, for groups of buttons) -------------------------

/**
 * radio makes a button of a role=radiogroup: only the checked one is in
 * the tab order; arrow keys move the choice (see onRadioKey).
 */
export function radio(attrs, checked, ...children) {
  return el('button', Object.assign({ type: 'button', role: 'radio', 'aria-checked': String(!!checked), tabindex: checked ? '0' : '-1' }, attrs), ...children);
}

/** fixRoving puts a group with nothing checked in the tab order through its first radio. */
export function fixRoving(group) {
  const radios = $$('[role="radio"]', group);
  if (radios.length && !radios.some((r) => r.getAttribute('aria-checked') === 'true')) radios[0].tabIndex = 0;
}

function onRadioKey(e) {
  const r = e.target.closest && e.target.closest('[role="radio"]');
  if (!r || r.nodeName === 'INPUT') return;
  const group = r.closest('[role="radiogroup"]');
  if (!group) return;
  const radios = $$('[role="radio"]', group).filter((x) => !x.disabled);
  const i = radios.indexOf(r);
  let j = -1;
  if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = (i + 1) % radios.length;
  else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = (i - 1 + radios.length) % radios.length;
  else if (e.key === 'Home') j = 0;
  else if (e.key === 'End') j = radios.length - 1;
  else if (e.key === ' ' || e.key === 'Enter') { e.preventDefault(); r.click(); return; }
  if (j < 0) return;
  e.preventDefault();
  const next = radios[j];
  radios.forEach((x) => { x.tabIndex = x === next ? 0 : -1; });
  next.focus();
  next.click();
}
document.addEventListener('keydown', onRadioKey);

// ---- in-page dialogs, instead of the browser's prompt() and confirm() ---------------

/**
 * ask shows a dialog with a text field; it resolves to the trimmed answer,
 * or null when cancelled or empty.
 */
export function ask(question, value, okLabel) {
  return openAsk(question, value === undefined ? '' : value, okLabel || 'Save', true);
}

/** confirmAction shows a dialog with a message; it resolves to true when confirmed. */
export function confirmAction(message, okLabel) {
  return openAsk(message, null, okLabel || 'OK', false);
}

function openAsk(question, value, okLabel, withField) {
  const dlg = $('#ask-dialog');
  const input = $('#ask-input', dlg);
  $('#ask-question', dlg).textContent = question;
  $('#ask-field', dlg).hidden = !withField;
  $('#ask-ok', dlg).textContent = okLabel;
  input.value = withField ? value : '';
  input.required = withField;
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.addEventListener('close', () => {
      if (dlg.returnValue !== 'ok') resolve(withField ? null : false);
      else resolve(withField ? (input.value.trim() || null) : true);
    }, { once: true });
    dlg.showModal();
    if (withField) { input.focus(); input.select(); } else $('#ask-ok', dlg).focus();
  });
}

export function field(label, input, hint) {
  return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), input, hint ? el('small', { class: 'hint' }, hint) : null);
}

export function rangeField(label, path, value, min, max, step, attrs) {
  const out = el('output', null, String(value));
  const input = el('input', Object.assign({ type: 'range', min, max, step, value, dataset: { path, num: '1' } }, attrs));
  return el('label', { class: 'field range' }, el('span', { class: 'field-label' }, label, out), input);
}

// A range shows its value as it moves, whichever panel drew it.
document.addEventListener('input', (e) => {
  const t = e.target;
  if (t.type !== 'range') return;
  const out = t.closest('.field') && t.closest('.field').querySelector('output');
  if (out) out.textContent = t.value;
});

export function showTab(name) {
  $('#studio').dataset.tab = name;
  $$('.tabs [data-tab]').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === name)));
}

export const isPhone = () => matchMedia('(max-width: 820px)').matches;
