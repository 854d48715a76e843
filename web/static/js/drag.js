// SPDX-License-Identifier: MIT
// Pointer drag (mouse, touch, pen): posts onto slides or gaps, slides between gaps.
import { $, el } from './dom.js';
import { ops } from './ops.js';
import { state } from './doc.js';

let drag = null;

function onPointerDown(e) {
  // A read-only role cannot move anything (and the server would refuse the save).
  if (e.button !== 0 || state.readOnly) return;
  const handle = e.target.closest('[data-drag]');
  if (!handle || e.target.closest('button, input, textarea, [contenteditable]')) return;
  const kind = handle.dataset.drag;
  // On touch only the grip starts a drag, so the list still scrolls.
  if (e.pointerType !== 'mouse' && !e.target.closest('.grip')) return;
  const source = kind === 'post' ? handle : handle.closest('.slide');
  drag = { kind, source, x: e.clientX, y: e.clientY, started: false, target: null, pointerId: e.pointerId };
  if (kind === 'post') drag.post = source.dataset.post;
  else drag.index = Number(source.dataset.index);
}

function onPointerMove(e) {
  if (!drag || e.pointerId !== drag.pointerId) return;
  if (!drag.started) {
    if (Math.hypot(e.clientX - drag.x, e.clientY - drag.y) < 6) return;
    drag.started = true;
    const label = drag.kind === 'post' ? $('.post-num', drag.source).textContent : 'Slide ' + (drag.index + 1);
    drag.ghost = el('div', { class: 'drag-ghost' }, label);
    document.body.append(drag.ghost);
    document.body.classList.add('dragging', 'dragging-' + drag.kind);
    drag.source.classList.add('drag-source');
  }
  e.preventDefault();
  drag.ghost.style.transform = `translate(${e.clientX + 12}px, ${e.clientY + 12}px)`;
  const under = document.elementFromPoint(e.clientX, e.clientY);
  let target = under && under.closest('[data-drop]');
  let mark = 'drop-over';
  drag.at = target ? Number(target.dataset.index) : -1;
  if (target && drag.kind === 'slide' && target.dataset.drop !== 'gap') {
    const r = target.getBoundingClientRect();
    const i = Number(target.dataset.index);
    if (state.view === 'grid') {
      // In the overview a slide lands before or after the slide under the pointer.
      const after = e.clientX > r.left + r.width / 2;
      drag.at = after ? i + 1 : i;
      mark = after ? 'drop-after' : 'drop-before';
    } else {
      // Over a slide, a slide lands in the gap nearest the pointer.
      drag.at = e.clientY < r.top + r.height / 2 ? i : i + 1;
      target = $(`.gap[data-index="${drag.at}"]`);
    }
  }
  if (target !== drag.target || mark !== drag.mark) {
    if (drag.target) drag.target.classList.remove('drop-over', 'drop-before', 'drop-after');
    drag.target = target;
    drag.mark = mark;
    if (target) target.classList.add(mark);
  }
  autoScroll(e.clientY);
}

function autoScroll(y) {
  const zone = $('#zone-slides');
  const r = zone.getBoundingClientRect();
  if (y < r.top + 40) zone.scrollBy(0, -16);
  else if (y > r.bottom - 40) zone.scrollBy(0, 16);
}

function onPointerUp(e) {
  if (!drag || e.pointerId !== drag.pointerId) return;
  const d = drag;
  drag = null;
  if (!d.started) return;
  d.ghost.remove();
  document.body.classList.remove('dragging', 'dragging-post', 'dragging-slide');
  d.source.classList.remove('drag-source');
  if (d.target) d.target.classList.remove('drop-over', 'drop-before', 'drop-after');
  if (e.type === 'pointercancel' || !d.target) return;
  const at = d.at;
  if (d.kind === 'post') {
    if (d.target.dataset.drop === 'slide') ops.insertPost(d.post, at);
    else ops.newSlideWithPost(d.post, at);
  } else {
    ops.moveSlide(d.index, at > d.index ? at - 1 : at);
  }
  // A drag ends with a click on whatever is under the pointer: swallow it.
  window.addEventListener('click', (ev) => { ev.stopPropagation(); ev.preventDefault(); }, { capture: true, once: true });
  setTimeout(() => window.dispatchEvent(new Event('click')), 0);
}

export function initDrag() {
  document.addEventListener('pointerdown', onPointerDown);
  document.addEventListener('pointermove', onPointerMove, { passive: false });
  document.addEventListener('pointerup', onPointerUp);
  document.addEventListener('pointercancel', onPointerUp);
}
