// SPDX-License-Identifier: MIT
// The Settings zone: a registry of panels (modules under panels/) that draw
// from the project's settings, plus the shared handling of data-path fields.
import { $, el, radio } from './dom.js';
import { state, addView, S, setPath, debounceChange, changeNow } from './doc.js';

/**
 * @typedef {object} Panel
 * @property {(st: any, catalog: any) => void} render draws the panel from the settings
 * @property {(e: Event, t: HTMLElement, isText: boolean) => boolean} [change] handles an input or change; true when handled
 * @property {(e: Event, b: HTMLButtonElement) => boolean} [click] handles a button click; true when handled
 */

/** @type {Panel[]} */
const panels = [];
let memoKey = '';

/** addPanel registers a settings panel; panels draw in the order they were added. */
export function addPanel(panel) {
  panels.push(panel);
}

export function renderSettings(force) {
  if (!state.catalog) return;
  // Only a change of what the panels show redraws them. Panels redraw by
  // morphing, so the focused field keeps its focus, caret and value.
  const memo = JSON.stringify([state.project && state.project.id, S(), state.profiles, state.presets]);
  if (!force && memo === memoKey) return;
  memoKey = memo;
  $('#zone-settings').classList.toggle('draft', !state.project);
  for (const p of panels) p.render(S(), state.catalog);
}

export function ratioBox(w, h) {
  const box = el('span', { class: 'ratio' });
  const s = 24 / Math.max(w, h);
  box.style.width = Math.round(w * s) + 'px';
  box.style.height = Math.round(h * s) + 'px';
  return el('span', { class: 'ratio-box', 'aria-hidden': 'true' }, box);
}

export function thumbButton(kind, entry, src, on) {
  return radio({ class: 'thumb' + (on ? ' on' : ''), title: entry.description, dataset: { set: kind, value: entry.name } }, on,
    el('img', { src, alt: '', loading: 'lazy' }), el('span', { class: 'thumb-name' }, entry.name));
}

function onSettingsChange(e) {
  const t = e.target;
  const isText = t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'color', 'file'].includes(t.type));
  // Text fields act as one types; choices act once, on change.
  if (!isText && e.type !== 'change' && t.type !== 'range' && t.type !== 'color') return;
  for (const p of panels) if (p.change && p.change(e, t, isText)) return;
  const d = t.dataset;
  if (d.path) {
    let v = d.num ? Number(t.value) : t.value;
    if (d.num) {
      if (t.value === '' || !Number.isFinite(v)) return;
      // Keep numbers in range so that a save never fails on them.
      if (t.min !== '') v = Math.max(Number(t.min), v);
      if (t.max !== '') v = Math.min(Number(t.max), v);
    }
    const edit = (p) => setPath(p.settings, d.path, v);
    if (e.type === 'change') changeNow(d.path, edit); else debounceChange(d.path, edit);
  }
}

function onSettingsClick(e) {
  const b = e.target.closest('button');
  if (!b) return;
  for (const p of panels) if (p.click && p.click(e, b)) return;
}

export function initSettings() {
  const settings = $('#zone-settings');
  settings.addEventListener('input', onSettingsChange);
  settings.addEventListener('change', onSettingsChange);
  settings.addEventListener('click', onSettingsClick);
  addView({ render: (force) => renderSettings(force) });
}
