// SPDX-License-Identifier: MIT
// The Slides zone: one card per project slide with its rendered pictures,
// as a list with the selected slide's tools, or as a grid overview of the
// whole carousel. Pictures whose layout key is unchanged are kept.
import { $, $$, el, fill, icon, iconBtn, signal, focusKey, restoreFocus, radio, toast } from './dom.js';
import { mediaURL, projectURL } from './api.js';
import { state, addView, change, renderAll, debounceChange, textOfBlocks } from './doc.js';
import { ops } from './ops.js';
import { openEditor, editorOpen } from './editor.js';
import { imageTools, uploadSlideImage, imageFiles, onImageClick, onImageChange } from './media.js';
import { styleTools, styleSummary, onStyleClick, onStyleChange } from './slidestyle.js';
import { openViewer } from './viewer.js';

/** img elements by layout key, so unchanged slides keep their picture */
const imgByKey = new Map();
/** the slides were not redrawn while the editor was open */
let slidesDirty = false;

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
      if (stand.isConnected && stand.parentNode && stand.dataset.standIn === r.key) stand.replaceWith(fresh);
      signal('preview', { asked: t0, shown: performance.now(), n: r.n });
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
  // An open editor would be lost: redraw when it closes.
  if (editorOpen()) { slidesDirty = true; return; }
  slidesDirty = false;
  const grid = state.view === 'grid';
  const ro = state.readOnly;
  const keyed = focusKey(list);
  // Pictures shown now, by project slide id and position, to stand in for new ones.
  const shown = new Map();
  $$('.slide', list).forEach((li) => {
    shown.set(li.dataset.id, $$('.preview', li));
  });
  const keep = new Set();
  const frag = document.createDocumentFragment();
  const slides = state.project.slides;
  if (!grid && !ro) frag.append(gap(0));
  slides.forEach((s, i) => {
    const rendered = state.rendered.get(s.id) || [];
    const prev = shown.get(s.id) || [];
    const previews = el('div', { class: 'previews', title: ro ? 'Double-click for the large preview' : 'Double-click to edit on the slide' });
    rendered.forEach((r, k) => {
      const img = previewImg(r, prev[k]);
      keep.add(r.key);
      previews.append(el('figure', { class: 'preview-wrap' }, img,
        rendered.length > 1 ? el('figcaption', { class: 'n' }, 'Slide ' + r.n + (r.continued ? ' · text continued' : '')) : null));
    });
    if (!rendered.length) previews.append(el('div', { class: 'preview placeholder' }, prev.length ? prev[0] : 'Rendering…'));
    const warns = state.warnings.filter((w) => w.slide && rendered.some((r) => r.n === w.slide));
    const selected = i === state.selected;
    const styled = styleSummary(s);
    const li = el('li', {
      class: 'slide' + (selected ? ' selected' : '') + (warns.length ? ' warned' : ''),
      tabindex: selected ? '0' : '-1',
      'aria-label': 'Slide ' + (i + 1) + ' of ' + slides.length + ', ' + s.kind + (styled ? ', own style' : '') + (selected ? ', selected' : ''),
      'aria-current': selected ? 'true' : null,
      dataset: ro ? { id: s.id, index: String(i) } : { id: s.id, index: String(i), drop: 'slide' },
    },
    el('div', { class: 'slide-bar' },
      ro ? null : el('span', { class: 'grip', title: 'Drag to reorder (or Alt+↑/↓)', 'aria-hidden': 'true', dataset: { drag: 'slide' } }, icon('grip')),
      el('strong', null, 'Slide ' + (i + 1)),
      el('span', { class: 'kind' }, s.kind),
      styled ? el('span', { class: 'style-chip', title: 'This slide only: ' + styled }, 'Own style') : null,
      styled && !ro ? el('button', { type: 'button', class: 'link-btn', 'data-action': 'reset-style', 'aria-label': 'Reset slide ' + (i + 1) + '\'s style to the carousel\'s' }, 'Reset') : null,
      warns.length ? el('span', { class: 'warn-chip', title: warns.map((w) => w.message).join('\n') }, '⚠ ' + warns.length) : null,
      el('span', { class: 'spacer' }),
      grid ? null : ro ? el('span', { class: 'bar-tools' }, iconBtn('expand', 'Large preview', 'view')) : el('span', { class: 'bar-tools' },
        iconBtn('up', 'Move slide up', 'up', i === 0), iconBtn('down', 'Move slide down', 'down', i === slides.length - 1),
        iconBtn('duplicate', 'Duplicate slide', 'duplicate'), iconBtn('merge', 'Merge with the next slide', 'merge', i === slides.length - 1),
        iconBtn('expand', 'Large preview', 'view'),
        iconBtn('delete', 'Delete slide', 'delete'))),
    el('div', { class: 'slide-body' }, previews,
      grid ? null : el('div', { class: 'slide-tools' },
        state.picked ? el('button', { type: 'button', class: 'btn small primary', 'data-action': 'insert-here' }, 'Insert here') : null,
        s.kind === 'cover' && !ro ? coverFields(s, i) : null,
        itemList(s, i, ro),
        selected && !ro ? selectedTools(s, i) : null,
        warns.length ? el('ul', { class: 'warnings' }, ...warns.map((w) => warningItem(w, ro))) : null)));
    if (!selected) {
      // Only the selected slide's controls are in the tab order: arrows reach the others.
      $$('button, input, select, textarea, a[href], summary', li).forEach((c) => { c.tabIndex = -1; });
    }
    frag.append(li);
    if (!grid && !ro) frag.append(gap(i + 1));
  });
  fill(list, frag);
  list.classList.toggle('picking', !!state.picked);
  list.classList.toggle('grid', grid);
  restoreFocus(list, keyed);
  for (const k of imgByKey.keys()) if (!keep.has(k)) imgByKey.delete(k);
  $('#slide-count').textContent = state.total ? state.total + ' slides rendered' : '';
  renderViewMode();
  // What decorates the slides (comments) does it again on the fresh cards.
  document.dispatchEvent(new CustomEvent('studio:slides-drawn'));
}

function renderViewMode() {
  const box = $('#view-mode');
  const modes = [['list', 'rows', 'Slides with their tools'], ['grid', 'grid', 'Overview of the whole carousel']];
  if (box.childNodes.length === modes.length) {
    $$('[role="radio"]', box).forEach((b) => { const on = b.dataset.view === state.view; b.setAttribute('aria-checked', String(on)); b.tabIndex = on ? 0 : -1; });
    return;
  }
  fill(box, ...modes.map(([v, ic, label]) => radio({ class: 'icon-btn small', 'aria-label': label, title: label, dataset: { view: v } }, v === state.view, icon(ic))));
}

function gap(at) {
  // The "+" next to the selected slide is in the tab order; the others show on hover.
  const near = at === state.selected || at === state.selected + 1;
  return el('li', { class: 'gap' + (near ? ' near' : ''), dataset: { drop: 'gap', index: String(at) } },
    state.picked
      ? el('button', { type: 'button', class: 'btn small', 'data-action': 'new-here' }, '+ New slide with the picked post')
      : el('button', { type: 'button', class: 'gap-add', 'data-action': 'add-here', title: 'Add a blank slide here', 'aria-label': 'Add a blank slide ' + (at === 0 ? 'before slide 1' : 'after slide ' + at), tabindex: near ? '0' : '-1' }, icon('plus')));
}

function coverFields(s, i) {
  const input = (field, label, placeholder) => el('label', { class: 'mini-field' }, el('span', null, label),
    el('input', { value: s[field] || '', placeholder, dataset: { coverField: field, index: String(i), field: 'cover-' + field } }));
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
    return { head: 'Post #' + (idx + 1) + (it.blocks && it.blocks.length ? ' (edited)' : ''), text, edited: !!(it.blocks && it.blocks.length) };
  }
  if (it.image && !(it.blocks && it.blocks.length)) return { head: 'Image', text: it.image.alt || '', image: true };
  return { head: 'Text', text: textOfBlocks(it.blocks) };
}

function itemList(s, i, ro) {
  const items = s.items || [];
  if (!items.length && ro) return el('p', { class: 'hint' }, s.kind === 'outro' ? 'Outro: its call to action is in Settings.' : 'Empty slide.');
  if (!items.length) return el('p', { class: 'hint' }, s.kind === 'outro' ? 'Outro: set its call to action in Settings.' : 'Empty slide: drop a post here, or edit it.');
  const last = state.project.slides.length - 1;
  return el('ol', { class: 'items' }, ...items.map((it, j) => {
    const { head, text, edited, image } = itemLabel(it);
    const thumb = it.image ? mediaURL(it.image.src) : '';
    return el('li', { class: 'item', dataset: { item: String(j) } },
      thumb ? el('img', { class: 'item-thumb', src: thumb, alt: '' }) : null,
      el('div', { class: 'item-text' }, el('strong', null, head), el('span', null, text.slice(0, 90) + (text.length > 90 ? '…' : '')),
        edited && !ro ? el('button', { type: 'button', class: 'link-btn', 'data-action': 'revert-item', title: 'Drop the edits and show the post\'s own text' }, 'Revert to the post\'s text') : null),
      ro ? null : el('div', { class: 'item-actions' },
        image || (it.to && it.from === it.to) ? null : iconBtn('edit', 'Edit text on the slide', 'edit-item'),
        iconBtn('prev', 'Move to the previous slide', 'item-prev', i === 0),
        iconBtn('next', 'Move to the next slide', 'item-next', i === last),
        j > 0 ? iconBtn('split', 'Split the slide here', 'split') : null,
        iconBtn('delete', 'Remove from the slide', 'remove-item')));
  }));
}

/** selectedTools are the tools of the selected slide: edit, image, own style. */
function selectedTools(s, i) {
  const images = (s.items || []).map((it, j) => [it, j]).filter(([it]) => it.image);
  return el('div', { class: 'selected-tools' },
    el('div', { class: 'row wrap' },
      el('button', { type: 'button', class: 'btn small primary', 'data-action': 'edit-slide', title: 'Edit the text on the slide (Enter)' }, icon('edit'), 'Edit text'),
      el('label', { class: 'btn small file-btn' }, icon('image'), images.length ? 'Add another image' : 'Add an image',
        el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif', class: 'visually-hidden', 'aria-label': 'Image for this slide', dataset: { field: 'slide-image' } }))),
    el('p', { class: 'hint' }, 'Or drop an image file on the slide, or paste one.'),
    ...images.map(([it, j]) => imageTools(it, j)),
    styleTools(s, i));
}

function warningItem(w, ro) {
  const fix = !ro && (w.code === 'overflow' || w.code === 'shrunk')
    ? el('button', { type: 'button', class: 'link-btn', 'data-action': 'fix-shrink', title: 'Allow text to shrink more before it continues' }, 'Let text shrink more')
    : null;
  return el('li', { class: 'warning' }, el('span', null, '⚠ ' + w.message), fix);
}

function focusSlide(i) {
  const li = $(`#slides .slide[data-index="${i}"]`);
  if (li) { li.focus({ preventScroll: true }); li.scrollIntoView({ block: 'nearest' }); }
}

/** select makes slide i the selected one, redraws and puts the focus on it. */
export function select(i, focus) {
  const n = state.project.slides.length;
  if (!n) return;
  i = Math.max(0, Math.min(n - 1, i));
  if (i !== state.selected) {
    state.selected = i;
    renderSlides();
  }
  if (focus) focusSlide(i);
}

// ---- clicks and keys ------------------------------------------------------------

function onSlidesClick(e) {
  if (!state.project) return;
  const gapEl = e.target.closest('.gap');
  let action = e.target.closest('[data-action]');
  // A read-only role only looks: the large preview is its one action.
  if (state.readOnly && action && action.dataset.action !== 'view') action = null;
  if (gapEl && action) {
    const at = Number(gapEl.dataset.index);
    if (action.dataset.action === 'new-here' && state.picked) { ops.newSlideWithPost(state.picked, at); state.picked = null; renderAll(); }
    if (action.dataset.action === 'add-here') { ops.add(at); focusSlide(at); }
    return;
  }
  const li = e.target.closest('.slide');
  if (!li || li.classList.contains('editing') && e.target.closest('.editor-wrap')) return;
  // The comments under a slide are not the slide: selecting it would redraw them away.
  if (e.target.closest('.slide-comments')) return;
  const i = Number(li.dataset.index);
  if (i !== state.selected) {
    state.selected = i;
    // Redraw after this click is handled, so that the button clicked still acts.
    queueMicrotask(() => {
      const key = action ? null : true;
      renderSlides();
      if (key) focusSlide(i);
    });
  }
  if (i === state.selected && !state.readOnly && (onStyleClick(e, i) || onImageClick(e, i))) return;
  if (!action) return;
  const itemEl = action.closest('.item');
  const j = itemEl ? Number(itemEl.dataset.item) : -1;
  switch (action.dataset.action) {
    case 'up': ops.moveSlide(i, i - 1); break;
    case 'down': ops.moveSlide(i, i + 1); break;
    case 'duplicate': ops.duplicate(i); break;
    case 'merge': ops.merge(i); break;
    case 'delete': ops.remove(i); focusSlide(Math.min(i, state.project.slides.length - 1)); break;
    case 'view': openViewer(i); break;
    case 'insert-here': ops.insertPost(state.picked, i); state.picked = null; renderAll(); break;
    case 'edit-item': openEditor(i, j); break;
    case 'edit-slide': openEditor(i); break;
    case 'revert-item': ops.setTexts(i, [[j, undefined]]); break;
    case 'item-prev': ops.moveItem(i, j, -1); break;
    case 'item-next': ops.moveItem(i, j, 1); break;
    case 'split': ops.split(i, j); break;
    case 'remove-item': ops.removeItem(i, j); break;
    case 'reset-style': ops.resetStyle(i); break;
    case 'fix-shrink': change((p) => {
      const t = p.settings.typography;
      t.minScale = Math.max(0.3, Math.round(((t.minScale || 0.75) - 0.1) * 100) / 100);
    }); break;
  }
}

function onSlidesDblClick(e) {
  const li = e.target.closest('.slide');
  if (!li || !e.target.closest('.previews')) return;
  const i = Number(li.dataset.index);
  state.selected = i;
  renderSlides();
  if (state.readOnly) openViewer(i);
  else openEditor(i);
}

function onSlidesKey(e) {
  const li = e.target.closest('.slide');
  if (!li || e.target !== li) return;
  const i = Number(li.dataset.index);
  const grid = state.view === 'grid';
  const cols = grid ? gridColumns() : 1;
  const moves = { ArrowDown: cols, ArrowUp: -cols, Home: -Infinity, End: Infinity };
  if (grid) Object.assign(moves, { ArrowRight: 1, ArrowLeft: -1 });
  if (e.altKey && moves[e.key] !== undefined && Number.isFinite(moves[e.key]) && !state.readOnly) {
    e.preventDefault();
    ops.moveSlide(i, i + Math.sign(moves[e.key]) * (e.key === 'ArrowDown' || e.key === 'ArrowUp' ? cols : 1));
  } else if (moves[e.key] !== undefined && !e.altKey && !e.ctrlKey && !e.metaKey) {
    e.preventDefault();
    const d = moves[e.key];
    select(d === -Infinity ? 0 : d === Infinity ? state.project.slides.length - 1 : i + d, true);
  } else if (e.key === 'Enter' && state.picked) {
    e.preventDefault();
    ops.insertPost(state.picked, i);
    state.picked = null;
    renderAll();
    focusSlide(i);
  } else if (e.key === 'Enter' && !state.readOnly) {
    e.preventDefault();
    select(i);
    openEditor(i);
  } else if (e.key === ' ' || e.key === 'Enter') {
    e.preventDefault();
    openViewer(i);
  }
}

function gridColumns() {
  const cards = $$('#slides .slide');
  if (cards.length < 2) return 1;
  const top = cards[0].getBoundingClientRect().top;
  const n = cards.findIndex((c) => c.getBoundingClientRect().top > top + 2);
  return n < 0 ? cards.length : n;
}

function onSlidesInput(e) {
  const f = e.target.dataset.coverField;
  if (!f || state.readOnly) return;
  const i = Number(e.target.dataset.index);
  const v = e.target.value;
  debounceChange('cover' + i + f, (p) => { p.slides[i][f] = v || undefined; p.slides[i].manual = true; });
}

function onSlidesChange(e) {
  const t = e.target;
  const li = t.closest('.slide');
  if (!li || state.readOnly) return;
  const i = Number(li.dataset.index);
  if (onStyleChange(e, i) || onImageChange(e, i)) return;
  if (t.dataset.field === 'slide-image' && t.files && t.files[0]) {
    uploadSlideImage(state.selected, t.files[0]);
    t.value = '';
  }
}

// Image files dropped on a slide go on that slide.
function onDragOver(e) {
  if (state.readOnly || !Array.from(e.dataTransfer.types || []).includes('Files')) return;
  const li = e.target.closest('.slide');
  if (!li) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
  $$('#slides .file-over').forEach((x) => { if (x !== li) x.classList.remove('file-over'); });
  li.classList.add('file-over');
}

function onDrop(e) {
  const li = e.target.closest('.slide');
  $$('#slides .file-over').forEach((x) => x.classList.remove('file-over'));
  if (!li || !e.dataTransfer.files.length) return;
  if (state.readOnly) { e.preventDefault(); return; }
  e.preventDefault();
  const files = imageFiles(e.dataTransfer.files);
  if (!files.length) { toast('Only an image can go on a slide: PNG, JPEG, WebP or GIF.'); return; }
  const i = Number(li.dataset.index);
  state.selected = i;
  uploadSlideImage(i, files[0]);
}

export function initSlides() {
  const slides = $('#slides');
  slides.addEventListener('click', onSlidesClick);
  slides.addEventListener('dblclick', onSlidesDblClick);
  slides.addEventListener('keydown', onSlidesKey);
  slides.addEventListener('input', onSlidesInput);
  slides.addEventListener('input', (e) => { const li = e.target.closest('.slide'); if (li && !state.readOnly) onStyleChange(e, Number(li.dataset.index)); });
  slides.addEventListener('change', onSlidesChange);
  slides.addEventListener('dragover', onDragOver);
  slides.addEventListener('dragleave', (e) => { const li = e.target.closest('.slide'); if (li && !li.contains(e.relatedTarget)) li.classList.remove('file-over'); });
  slides.addEventListener('drop', onDrop);
  document.addEventListener('studio:editor-closed', () => { if (slidesDirty) renderSlides(); });
  document.addEventListener('studio:viewer-closed', (e) => { renderSlides(); focusSlide(e.detail.index); });
  $('#view-mode').addEventListener('click', (e) => {
    const b = e.target.closest('[data-view]');
    if (!b || b.dataset.view === state.view) return;
    state.view = b.dataset.view;
    localStorage.setItem('studio-view', state.view);
    renderSlides();
    b.focus();
  });
  addView({ render: () => renderSlides(), layout: () => renderSlides() });
}
