// SPDX-License-Identifier: MIT
// The Slides zone: one card per project slide with its rendered pictures,
// tools and warnings. Pictures whose layout key is unchanged are kept.
import { $, $$, el, fill, iconBtn, signal } from './dom.js';
import { projectURL } from './api.js';
import { state, addView, change, renderAll, debounceChange, textOfBlocks } from './doc.js';
import { ops } from './ops.js';
import { openEditor } from './editor.js';

/** img elements by layout key, so unchanged slides keep their picture */
const imgByKey = new Map();
/** the slides were not redrawn while an editor was open */
let slidesDirty = false;
export const slidesNeedRedraw = () => slidesDirty;

function slideURL(r) {
  return projectURL(state.project.id, '/slides/' + r.n + '.svg?k=' + encodeURIComponent(r.key));
}

/**
 * previewImg returns the img for a rendered slide: the same element when
 * its key is unchanged; otherwise a new one that replaces the previous
 * picture only once it has loaded, so the page never flashes.
 */
function previewImg(r, previous) {
  let img = imgByKey.get(r.key);
  if (img) return img;
  img = el('img', { class: 'preview', alt: r.alt || 'Slide ' + r.n, draggable: 'false', dataset: { key: r.key, n: String(r.n) } });
  imgByKey.set(r.key, img);
  // A busy server answers 503: ask again a little later, a few times.
  let tries = 0;
  img.addEventListener('error', () => {
    if (++tries > 4 || !img.src) return;
    setTimeout(() => { img.src = slideURL(r) + '&try=' + tries; }, 800 * tries);
  });
  if (previous && previous !== img && previous.complete && previous.naturalWidth) {
    const stand = previous;
    const fresh = img;
    const t0 = performance.now();
    fresh.addEventListener('load', () => {
      signal('preview', { asked: t0, shown: performance.now() });
      if (stand.isConnected && stand.parentNode && stand.dataset.standIn === r.key) stand.replaceWith(fresh);
    }, { once: true });
    fresh.src = slideURL(r);
    stand.dataset.standIn = r.key;
    stand.classList.add('stale');
    return stand;
  }
  img.src = slideURL(r);
  return img;
}

export function renderSlides() {
  const list = $('#slides');
  if (!state.project) { fill(list); $('#slide-count').textContent = ''; return; }
  // An open text editor would be lost: redraw when it closes.
  if ($('.editor-wrap', list)) { slidesDirty = true; return; }
  slidesDirty = false;
  const active = document.activeElement;
  const refocus = active && active.dataset && active.dataset.coverField && list.contains(active)
    ? { field: active.dataset.coverField, index: active.dataset.index, pos: active.selectionStart } : null;
  // Keyboard users keep their place: the focused slide, or the same button on it.
  const focusSlideEl = !refocus && active && list.contains(active) ? active.closest('.slide') : null;
  const refocusSlide = focusSlideEl ? { id: focusSlideEl.dataset.id, action: active === focusSlideEl ? '' : active.dataset.action || '' } : null;
  // Pictures shown now, by project slide id and position, to stand in for new ones.
  const shown = new Map();
  $$('.slide', list).forEach((li) => {
    shown.set(li.dataset.id, $$('.preview', li));
  });
  const keep = new Set();
  const frag = document.createDocumentFragment();
  const slides = state.project.slides;
  frag.append(gap(0));
  slides.forEach((s, i) => {
    const rendered = state.rendered.get(s.id) || [];
    const prev = shown.get(s.id) || [];
    const previews = el('div', { class: 'previews' });
    rendered.forEach((r, k) => {
      const img = previewImg(r, prev[k]);
      keep.add(r.key);
      previews.append(el('figure', { class: 'preview-wrap' }, img,
        rendered.length > 1 ? el('figcaption', { class: 'n' }, 'Slide ' + r.n + (r.continued ? ' · text continued' : '')) : null));
    });
    if (!rendered.length) previews.append(el('div', { class: 'preview placeholder' }, prev.length ? prev[0] : 'Rendering…'));
    const warns = state.warnings.filter((w) => w.slide && rendered.some((r) => r.n === w.slide));
    const li = el('li', {
      class: 'slide' + (i === state.selected ? ' selected' : ''),
      tabindex: '0',
      'aria-label': 'Slide ' + (i + 1) + ', ' + s.kind + (i === state.selected ? ', selected' : ''),
      dataset: { id: s.id, index: String(i), drop: 'slide' },
    },
    el('div', { class: 'slide-bar' },
      el('span', { class: 'grip', title: 'Drag to reorder (or Alt+↑/↓)', 'aria-hidden': 'true', dataset: { drag: 'slide' } }, '⠿'),
      el('strong', null, 'Slide ' + (i + 1)),
      el('span', { class: 'kind' }, s.kind),
      el('span', { class: 'spacer' }),
      iconBtn('↑', 'Move slide up', 'up'), iconBtn('↓', 'Move slide down', 'down'),
      iconBtn('⧉', 'Duplicate slide', 'duplicate'), iconBtn('⤓', 'Merge with the next slide', 'merge', i === slides.length - 1),
      iconBtn('✕', 'Delete slide', 'delete')),
    el('div', { class: 'slide-body' }, previews,
      el('div', { class: 'slide-tools' },
        state.picked ? el('button', { type: 'button', class: 'btn small primary', 'data-action': 'insert-here' }, 'Insert here') : null,
        s.kind === 'cover' ? coverFields(s, i) : null,
        itemList(s, i),
        warns.length ? el('ul', { class: 'warnings' }, ...warns.map((w) => warningItem(w))) : null)));
    frag.append(li, gap(i + 1));
  });
  fill(list, frag);
  list.classList.toggle('picking', !!state.picked);
  if (refocus) {
    const again = $(`[data-cover-field="${refocus.field}"][data-index="${refocus.index}"]`, list);
    if (again) { again.focus(); again.setSelectionRange(refocus.pos, refocus.pos); }
  }
  if (refocusSlide) {
    const li = $(`.slide[data-id="${CSS.escape(refocusSlide.id)}"]`, list);
    const target = li && refocusSlide.action ? $(`.slide-bar [data-action="${refocusSlide.action}"]`, li) : li;
    if (target && !target.disabled) target.focus({ preventScroll: true }); else if (li) li.focus({ preventScroll: true });
  }
  for (const k of imgByKey.keys()) if (!keep.has(k)) imgByKey.delete(k);
  $('#slide-count').textContent = state.total ? state.total + ' slides rendered' : '';
}

function gap(at) {
  return el('li', { class: 'gap', dataset: { drop: 'gap', index: String(at) }, 'aria-hidden': state.picked ? null : 'true' },
    state.picked
      ? el('button', { type: 'button', class: 'btn small', 'data-action': 'new-here' }, '+ New slide with the picked post')
      : el('button', { type: 'button', class: 'gap-add', 'data-action': 'add-here', title: 'Add a slide here', 'aria-label': 'Add a slide here', tabindex: '-1' }, '+'));
}

function coverFields(s, i) {
  const input = (field, label, placeholder) => el('label', { class: 'mini-field' }, el('span', null, label),
    el('input', { value: s[field] || '', placeholder, dataset: { coverField: field, index: String(i) } }));
  return el('div', { class: 'cover-fields' }, input('title', 'Hook', 'From the first post'), input('subtitle', 'Subtitle', 'Optional line under the hook'));
}

function itemLabel(it) {
  if (it.post) {
    const idx = state.project.thread.posts.findIndex((p) => p.id === it.post);
    const post = state.project.thread.posts[idx];
    if (it.to && it.from === it.to) return { head: 'Post #' + (idx + 1) + ' · image only', text: '' };
    let blocks = it.blocks && it.blocks.length ? it.blocks : post ? post.blocks : [];
    if (!(it.blocks && it.blocks.length) && (it.from || it.to)) blocks = blocks.slice(it.from || 0, it.to || blocks.length);
    const text = textOfBlocks(blocks);
    return { head: 'Post #' + (idx + 1) + (it.blocks && it.blocks.length ? ' (edited)' : ''), text };
  }
  if (it.image && !(it.blocks && it.blocks.length)) return { head: 'Image', text: it.image.alt || '' };
  return { head: 'Text', text: textOfBlocks(it.blocks) };
}

function itemList(s, i) {
  const items = s.items || [];
  if (!items.length) return el('p', { class: 'hint' }, s.kind === 'outro' ? 'Outro: set its call to action in Settings.' : 'Empty slide: drop a post here.');
  const last = state.project.slides.length - 1;
  return el('ol', { class: 'items' }, ...items.map((it, j) => {
    const { head, text } = itemLabel(it);
    return el('li', { class: 'item', dataset: { item: String(j) } },
      el('div', { class: 'item-text' }, el('strong', null, head), el('span', null, text.slice(0, 90) + (text.length > 90 ? '…' : ''))),
      el('div', { class: 'item-actions' },
        (it.image && !it.post && !(it.blocks && it.blocks.length)) || (it.to && it.from === it.to) ? null : iconBtn('✎', 'Edit text', 'edit-item'),
        iconBtn('⇡', 'Move to the previous slide', 'item-prev', i === 0),
        iconBtn('⇣', 'Move to the next slide', 'item-next', i === last),
        j > 0 ? iconBtn('✂', 'Split the slide here', 'split') : null,
        iconBtn('✕', 'Remove from the slide', 'remove-item')));
  }));
}

function warningItem(w) {
  const fix = (w.code === 'overflow' || w.code === 'shrunk')
    ? el('button', { type: 'button', class: 'link-btn', 'data-action': 'fix-shrink', title: 'Allow text to shrink more before it continues' }, 'Let text shrink more')
    : null;
  return el('li', { class: 'warning' }, el('span', null, '⚠ ' + w.message), fix);
}

function focusSlide(i) {
  const li = $(`.slide[data-index="${i}"]`);
  if (li) li.focus({ preventScroll: false });
}

// ---- clicks and keys ------------------------------------------------------------

function onSlidesClick(e) {
  if (!state.project) return;
  const gapEl = e.target.closest('.gap');
  const action = e.target.closest('[data-action]');
  if (gapEl && action) {
    const at = Number(gapEl.dataset.index);
    if (action.dataset.action === 'new-here' && state.picked) { ops.newSlideWithPost(state.picked, at); state.picked = null; renderAll(); }
    if (action.dataset.action === 'add-here') ops.add(at);
    return;
  }
  const li = e.target.closest('.slide');
  if (!li) return;
  const i = Number(li.dataset.index);
  if (i !== state.selected) {
    state.selected = i;
    $$('.slide.selected').forEach((x) => x.classList.remove('selected'));
    li.classList.add('selected');
  }
  if (!action) return;
  const itemEl = action.closest('.item');
  const j = itemEl ? Number(itemEl.dataset.item) : -1;
  switch (action.dataset.action) {
    case 'up': ops.moveSlide(i, i - 1); break;
    case 'down': ops.moveSlide(i, i + 1); break;
    case 'duplicate': ops.duplicate(i); break;
    case 'merge': ops.merge(i); break;
    case 'delete': ops.remove(i); break;
    case 'insert-here': ops.insertPost(state.picked, i); state.picked = null; renderAll(); break;
    case 'edit-item': openEditor(itemEl, i, j); break;
    case 'item-prev': ops.moveItem(i, j, -1); break;
    case 'item-next': ops.moveItem(i, j, 1); break;
    case 'split': ops.split(i, j); break;
    case 'remove-item': ops.removeItem(i, j); break;
    case 'fix-shrink': change((p) => {
      const t = p.settings.typography;
      t.minScale = Math.max(0.3, Math.round(((t.minScale || 0.75) - 0.1) * 100) / 100);
    }); break;
  }
}

function onSlidesKey(e) {
  const li = e.target.closest('.slide');
  if (!li || e.target !== li) return;
  const i = Number(li.dataset.index);
  if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
    e.preventDefault();
    ops.moveSlide(i, e.key === 'ArrowUp' ? i - 1 : i + 1);
  } else if (e.key === 'Enter' && state.picked) {
    e.preventDefault();
    ops.insertPost(state.picked, i);
    state.picked = null;
    renderAll();
  } else if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    state.selected = i;
    renderSlides();
    focusSlide(i);
  }
}

function onSlidesInput(e) {
  const f = e.target.dataset.coverField;
  if (!f) return;
  const i = Number(e.target.dataset.index);
  const v = e.target.value;
  debounceChange('cover' + i + f, (p) => { p.slides[i][f] = v || undefined; p.slides[i].manual = true; });
}

export function initSlides() {
  const slides = $('#slides');
  slides.addEventListener('click', onSlidesClick);
  slides.addEventListener('keydown', onSlidesKey);
  slides.addEventListener('input', onSlidesInput);
  addView({ render: () => renderSlides(), layout: () => renderSlides() });
}
