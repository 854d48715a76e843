// SPDX-License-Identifier: MIT
// The large preview: one slide at a time, as a reader swipes through them.
import { $ } from './dom.js';
import { projectURL } from './api.js';
import { state } from './doc.js';

let at = 0; // the rendered slide shown, 0-based
let pictures = [];

function allPictures() {
  const out = [];
  state.project.slides.forEach((s, i) => {
    for (const r of state.rendered.get(s.id) || []) out.push({ r, index: i });
  });
  return out;
}

function show() {
  const dlg = $('#viewer');
  const p = pictures[at];
  if (!p) return;
  const img = $('#viewer-img', dlg);
  img.src = projectURL(state.project.id, '/slides/' + p.r.n + '.svg?k=' + encodeURIComponent(p.r.key));
  img.alt = p.r.alt || 'Slide ' + p.r.n;
  $('#viewer-title', dlg).textContent = 'Slide ' + p.r.n + ' of ' + pictures.length;
  $('#viewer-prev', dlg).disabled = at === 0;
  $('#viewer-next', dlg).disabled = at === pictures.length - 1;
}

function step(d) {
  const next = Math.max(0, Math.min(pictures.length - 1, at + d));
  if (next === at) return;
  at = next;
  state.selected = pictures[at].index;
  show();
}

/** openViewer shows project slide i (its first picture) large. */
export function openViewer(i) {
  if (!state.project) return;
  pictures = allPictures();
  if (!pictures.length) return;
  const k = pictures.findIndex((p) => p.index === (i === undefined ? state.selected : i));
  at = Math.max(0, k);
  show();
  const dlg = $('#viewer');
  if (!dlg.open) dlg.showModal();
  dlg.focus();
}

export function initViewer() {
  const dlg = $('#viewer');
  $('#viewer-prev').addEventListener('click', () => step(-1));
  $('#viewer-next').addEventListener('click', () => step(1));
  dlg.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown' || e.key === 'PageDown') { e.preventDefault(); step(1); }
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp' || e.key === 'PageUp') { e.preventDefault(); step(-1); }
    else if (e.key === 'Home') { e.preventDefault(); step(-Infinity); }
    else if (e.key === 'End') { e.preventDefault(); step(Infinity); }
  });
  // Swipe on a touch screen.
  let x0 = null;
  dlg.addEventListener('pointerdown', (e) => { if (e.pointerType !== 'mouse') x0 = e.clientX; });
  dlg.addEventListener('pointerup', (e) => {
    if (x0 === null) return;
    const dx = e.clientX - x0;
    x0 = null;
    if (Math.abs(dx) > 40) step(dx < 0 ? 1 : -1);
  });
  // The list shows the slide the reader stopped at.
  dlg.addEventListener('close', () => {
    document.dispatchEvent(new CustomEvent('studio:viewer-closed', { detail: { index: state.selected } }));
  });
  $('#open-viewer').addEventListener('click', () => openViewer());
}
