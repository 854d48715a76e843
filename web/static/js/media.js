// SPDX-License-Identifier: MIT
// Images on slides: upload (file input, drop, paste), fit, focal point,
// crop, alt text, replace and remove. Uploads are stored as assets.
import { $, el, fill, setStatus, toast, radio } from './dom.js';
import { api, mediaURL } from './api.js';
import { state } from './doc.js';
import { ops } from './ops.js';

const ACCEPTED = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** imageFiles keeps the files the engine can draw. */
export const imageFiles = (files) => Array.from(files || []).filter((f) => ACCEPTED.includes(f.type));

/** uploadSlideImage stores the file as an asset and puts it on slide i (replacing item j's image when given). */
export async function uploadSlideImage(i, file, j) {
  if (state.readOnly) return;
  if (!ACCEPTED.includes(file.type)) { toast(file.name + ' is not an image the slides can show: use PNG, JPEG, WebP or GIF.'); return; }
  const slideId = state.project.slides[i] && state.project.slides[i].id;
  let size = { width: 0, height: 0 };
  try {
    const bmp = await createImageBitmap(file);
    size = { width: bmp.width, height: bmp.height };
    bmp.close();
  } catch {
    toast(file.name + ' could not be read as an image.');
    return;
  }
  const fd = new FormData();
  fd.append('file', file);
  try {
    setStatus('Uploading…', 'busy');
    const res = await api('POST', '/api/assets', fd);
    // The slide may have moved while the file uploaded.
    const at = state.project.slides.findIndex((s) => s.id === slideId);
    if (at < 0) { setStatus('', ''); return; }
    const media = { type: 'photo', src: res.ref, width: size.width, height: size.height };
    if (j !== undefined) {
      const old = state.project.slides[at].items[j].image || {};
      if (old.alt) media.alt = old.alt;
      if (old.fit) media.fit = old.fit;
    }
    ops.setImage(at, media, j);
  } catch (e) {
    setStatus('', '');
    toast(e.message);
  }
}

/** imageTools are the controls of image item j of the selected slide. */
export function imageTools(it, j) {
  const img = it.image;
  const url = mediaURL(img.src);
  const fit = img.fit || '';
  return el('div', { class: 'image-tools', role: 'group', 'aria-label': 'Image ' + (j + 1), dataset: { imageItem: String(j) } },
    url ? el('img', { class: 'image-tools-thumb', src: url, alt: img.alt || 'The slide\'s image' }) : el('span', { class: 'image-tools-thumb empty' }, 'Image'),
    el('div', { class: 'image-tools-body' },
      el('div', { class: 'segmented-inline', role: 'radiogroup', 'aria-label': 'Image fit' },
        radio({ class: 'seg-btn', dataset: { fit: '' } }, fit === '', 'Auto'),
        radio({ class: 'seg-btn', dataset: { fit: 'cover' } }, fit === 'cover', 'Cover'),
        radio({ class: 'seg-btn', dataset: { fit: 'contain' } }, fit === 'contain', 'Contain')),
      el('div', { class: 'row wrap' },
        url ? el('button', { type: 'button', class: 'btn small', dataset: { imageAction: 'crop' } }, img.crop || img.focus ? 'Crop & focus (set)' : 'Crop & focus…') : null,
        el('label', { class: 'btn small file-btn' }, 'Replace…',
          el('input', { type: 'file', accept: ACCEPTED.join(','), class: 'visually-hidden', 'aria-label': 'Replace image ' + (j + 1), dataset: { imageReplace: String(j) } })),
        el('button', { type: 'button', class: 'btn small danger', dataset: { imageAction: 'remove' } }, 'Remove image'))));
}

// ---- the crop and focal point dialog ------------------------------------------------

const pct = (v) => Math.round(v * 1000) / 10;
const clamp01 = (v) => Math.max(0, Math.min(1, v));

/** openCrop edits the crop, focal point and alt text of image item j of slide i. */
export function openCrop(i, j) {
  const dlg = $('#crop-dialog');
  const img = state.project.slides[i].items[j].image;
  let crop = img.crop ? Object.assign({}, img.crop) : { x: 0, y: 0, w: 1, h: 1 };
  let focus = img.focus ? Object.assign({}, img.focus) : { x: 0.5, y: 0.5 };
  const picture = el('img', { class: 'crop-img', src: mediaURL(img.src), alt: '', draggable: 'false' });
  const rect = el('div', { class: 'crop-rect', 'aria-hidden': 'true' });
  const dot = el('div', { class: 'focus-dot', 'aria-hidden': 'true' });
  const frame = el('div', { class: 'crop-frame' }, picture, rect, dot);
  const num = (label, key, value) => el('label', { class: 'mini-field' }, el('span', null, label),
    el('input', { type: 'number', min: 0, max: 100, step: 1, value: String(pct(value)), dataset: { crop: key } }));
  const fields = el('div', { class: 'crop-fields' },
    el('fieldset', null, el('legend', null, 'Crop (% of the image)'),
      num('Left', 'x', crop.x), num('Top', 'y', crop.y), num('Width', 'w', crop.w), num('Height', 'h', crop.h),
      el('button', { type: 'button', class: 'link-btn', dataset: { cropAction: 'whole' } }, 'Whole image')),
    el('fieldset', null, el('legend', null, 'Focal point (kept in view)'),
      num('Across', 'fx', focus.x), num('Down', 'fy', focus.y)),
    el('label', { class: 'field' }, el('span', { class: 'field-label' }, 'Image description (alt text)'),
      el('input', { value: img.alt || '', dataset: { crop: 'alt' }, placeholder: 'What the image shows' })));
  const draw = () => {
    rect.style.left = pct(crop.x) + '%'; rect.style.top = pct(crop.y) + '%';
    rect.style.width = pct(crop.w) + '%'; rect.style.height = pct(crop.h) + '%';
    dot.style.left = pct(focus.x) + '%'; dot.style.top = pct(focus.y) + '%';
    const set = (k, v) => { const f = fields.querySelector(`[data-crop="${k}"]`); if (f !== document.activeElement) f.value = String(pct(v)); };
    set('x', crop.x); set('y', crop.y); set('w', crop.w); set('h', crop.h); set('fx', focus.x); set('fy', focus.y);
  };
  fill($('#crop-body', dlg),
    el('p', { class: 'hint' }, 'Drag across the image to crop it; click to set the point that stays in view when the slide crops it.'),
    frame, fields,
    el('div', { class: 'row end' },
      el('button', { type: 'button', class: 'btn', dataset: { cropAction: 'cancel' } }, 'Cancel'),
      el('button', { type: 'button', class: 'btn primary', dataset: { cropAction: 'apply' } }, 'Apply')));
  draw();

  let start = null;
  const at = (e) => { const r = picture.getBoundingClientRect(); return { x: clamp01((e.clientX - r.left) / r.width), y: clamp01((e.clientY - r.top) / r.height) }; };
  frame.onpointerdown = (e) => { start = at(e); frame.setPointerCapture(e.pointerId); e.preventDefault(); };
  frame.onpointermove = (e) => {
    if (!start) return;
    const p = at(e);
    if (Math.abs(p.x - start.x) < 0.02 && Math.abs(p.y - start.y) < 0.02) return;
    crop = { x: Math.min(start.x, p.x), y: Math.min(start.y, p.y), w: Math.abs(p.x - start.x), h: Math.abs(p.y - start.y) };
    draw();
  };
  frame.onpointerup = (e) => {
    if (!start) return;
    const p = at(e);
    if (Math.abs(p.x - start.x) < 0.02 && Math.abs(p.y - start.y) < 0.02) focus = p;
    start = null;
    draw();
  };
  fields.oninput = (e) => {
    const k = e.target.dataset.crop;
    if (!k || k === 'alt' || e.target.value === '') return;
    const v = clamp01(Number(e.target.value) / 100);
    if (k === 'fx') focus.x = v; else if (k === 'fy') focus.y = v; else crop[k] = v;
    crop.w = Math.min(crop.w, 1 - crop.x);
    crop.h = Math.min(crop.h, 1 - crop.y);
    draw();
  };
  $('#crop-body', dlg).onclick = (e) => {
    const a = e.target.closest('[data-crop-action]');
    if (!a) return;
    if (a.dataset.cropAction === 'whole') { crop = { x: 0, y: 0, w: 1, h: 1 }; draw(); return; }
    if (a.dataset.cropAction === 'apply') {
      const whole = crop.x <= 0.001 && crop.y <= 0.001 && crop.w >= 0.999 && crop.h >= 0.999;
      const centred = Math.abs(focus.x - 0.5) < 0.001 && Math.abs(focus.y - 0.5) < 0.001;
      const round = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v * 10000) / 10000]));
      const alt = fields.querySelector('[data-crop="alt"]').value.trim();
      dlg.close();
      ops.editImage(i, j, { crop: whole || crop.w < 0.01 || crop.h < 0.01 ? undefined : round(crop), focus: centred ? undefined : round(focus), alt });
      return;
    }
    dlg.close();
  };
  dlg.showModal();
  fields.querySelector('[data-crop="x"]').focus();
}

/** onImageClick handles the image tools of the selected slide; true when it did. */
export function onImageClick(e, i) {
  const box = e.target.closest('[data-image-item]');
  if (!box) return false;
  const j = Number(box.dataset.imageItem);
  const fitBtn = e.target.closest('[data-fit]');
  if (fitBtn) { ops.editImage(i, j, { fit: fitBtn.dataset.fit }); return true; }
  const a = e.target.closest('[data-image-action]');
  if (!a) return false;
  if (a.dataset.imageAction === 'remove') ops.removeItem(i, j);
  if (a.dataset.imageAction === 'crop') openCrop(i, j);
  return true;
}

/** onImageChange replaces an image from its file input; true when it did. */
export function onImageChange(e, i) {
  const t = e.target;
  if (t.dataset.imageReplace === undefined || !t.files || !t.files[0]) return false;
  uploadSlideImage(i, t.files[0], Number(t.dataset.imageReplace));
  t.value = '';
  return true;
}

/** initPaste puts an image pasted anywhere but a text field on the selected slide. */
export function initPaste() {
  document.addEventListener('paste', (e) => {
    if (!state.project || !state.project.slides.length || state.readOnly) return;
    const files = imageFiles(e.clipboardData && e.clipboardData.files);
    if (!files.length) return;
    const t = e.target;
    if (t.closest && t.closest('input, textarea') ) return;
    e.preventDefault();
    uploadSlideImage(state.selected, files[0]);
  });
}
