// SPDX-License-Identifier: MIT
// A slide's own style: layout, text size and alignment, theme and colours,
// background, header and footer. Empty fields keep the carousel's settings.
import { $, el, radio, setStatus, toast } from './dom.js';
import { api, mediaURL } from './api.js';
import { state } from './doc.js';
import { ops } from './ops.js';
import { imageFiles } from './media.js';

let open = false; // the style section stays open across redraws

/** styleSummary says in words what slide s changes of the carousel's look, or ''. */
export function styleSummary(s) {
  const st = s.style;
  if (!st) return '';
  const out = [];
  if (st.template) out.push('layout ' + st.template);
  if (st.theme) out.push('theme ' + st.theme);
  if (st.colors) out.push('colours');
  if (st.background) out.push(st.background.kind + ' background');
  if (st.textScale) out.push('text ' + Math.round(st.textScale * 100) + '%');
  if (st.align) out.push('aligned ' + st.align);
  if (st.hideBands) out.push('no header or footer');
  return out.join(', ');
}

function effectiveColors(s) {
  const st = state.project.settings;
  const ov = s.style || {};
  const themes = state.catalog.themes || [];
  const theme = themes.find((t) => t.name === (ov.theme || st.theme)) || themes[0] || {};
  return Object.assign({}, theme.colors, ov.theme ? null : st.colors, ov.colors);
}

/** styleTools draws the selected slide's style section. */
export function styleTools(s, i) {
  const st = s.style || {};
  const c = state.catalog;
  const colors = effectiveColors(s);
  const bg = st.background || null;
  const kind = bg ? bg.kind : '';
  const select = (field, label, options, value) => el('label', { class: 'mini-field' }, el('span', null, label),
    el('select', { dataset: { style: field } }, el('option', { value: '', selected: !value }, 'The carousel\'s'),
      ...options.map((o) => el('option', { value: o.name, selected: o.name === value }, o.name))));
  const color = (key, label, value, attrs) => el('label', { class: 'color' },
    el('input', Object.assign({ type: 'color', value: value || '#888888', 'aria-label': label }, attrs)), el('span', null, label));
  const scale = Math.round((st.textScale || 1) * 100);
  const bgColors = (bg && bg.colors) || [colors.background || '#ffffff', colors.accent || '#3b5bdb'];
  return el('details', { class: 'slide-style', open: open || null, dataset: { styleIndex: String(i) } },
    el('summary', null, 'This slide\'s style', st && Object.keys(st).length ? el('span', { class: 'style-chip' }, 'own') : null),
    el('div', { class: 'style-grid' },
      select('template', 'Layout', c.templates || [], st.template),
      select('theme', 'Theme', c.themes || [], st.theme),
      el('label', { class: 'field range' }, el('span', { class: 'field-label' }, 'Text size', el('output', null, scale + '%')),
        el('input', { type: 'range', min: 50, max: 200, step: 5, value: String(scale), dataset: { style: 'textScale' }, 'aria-label': 'Text size on this slide (%)' })),
      el('div', { class: 'mini-field' }, el('span', { id: 'align-label-' + i }, 'Alignment'),
        el('div', { class: 'segmented-inline', role: 'radiogroup', 'aria-labelledby': 'align-label-' + i },
          ...[['', 'Auto'], ['left', 'Left'], ['center', 'Centre'], ['right', 'Right']].map(([v, l]) => radio({ class: 'seg-btn', dataset: { align: v } }, (st.align || '') === v, l)))),
      el('div', { class: 'mini-field' }, el('span', null, 'Colours'),
        el('div', { class: 'color-row' },
          color('text', 'Text', colors.text, { dataset: { styleColor: 'text' } }),
          color('accent', 'Accent', colors.accent, { dataset: { styleColor: 'accent' } }),
          st.colors ? el('button', { type: 'button', class: 'link-btn', dataset: { styleAction: 'colors' } }, 'Theme\'s colours') : null)),
      el('div', { class: 'mini-field' }, el('span', { id: 'bg-label-' + i }, 'Background'),
        el('div', { class: 'segmented-inline', role: 'radiogroup', 'aria-labelledby': 'bg-label-' + i },
          ...[['', 'Carousel\'s'], ['solid', 'Solid'], ['gradient', 'Gradient'], ['image', 'Image']].map(([v, l]) => radio({ class: 'seg-btn', dataset: { bg: v } }, kind === v, l))),
        kind === 'solid' || kind === 'gradient' ? el('div', { class: 'color-row' },
          color('bg0', kind === 'solid' ? 'Colour' : 'From', bgColors[0], { dataset: { bgColor: '0' } }),
          kind === 'gradient' ? color('bg1', 'To', bgColors[1] || bgColors[0], { dataset: { bgColor: '1' } }) : null,
          kind === 'gradient' ? el('label', { class: 'field range angle' }, el('span', { class: 'field-label' }, 'Angle', el('output', null, String(bg.angle || 0) + '°')),
            el('input', { type: 'range', min: 0, max: 359, step: 1, value: String(bg.angle || 0), dataset: { bgAngle: '1' }, 'aria-label': 'Gradient angle (degrees)' })) : null) : null,
        kind === 'image' ? el('div', { class: 'row wrap' },
          bg.image && mediaURL(bg.image) ? el('img', { class: 'item-thumb', src: mediaURL(bg.image), alt: 'Background image' }) : null,
          el('label', { class: 'btn small file-btn' }, bg.image ? 'Replace…' : 'Choose an image…',
            el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif', class: 'visually-hidden', 'aria-label': 'Background image for this slide', dataset: { bgImage: '1' } })),
          el('label', { class: 'field range' }, el('span', { class: 'field-label' }, 'Veil for legible text', el('output', null, String(bg.scrim || 0))),
            el('input', { type: 'range', min: 0, max: 1, step: 0.05, value: String(bg.scrim || 0), dataset: { bgScrim: '1' }, 'aria-label': 'Veil over the background image' }))) : null),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', checked: !!st.hideBands, dataset: { style: 'hideBands' } }), 'Hide the header and footer'),
      el('button', { type: 'button', class: 'btn small', dataset: { styleAction: 'reset' }, disabled: !s.style }, 'Reset to the carousel\'s style')));
}

function background(s, patch) {
  const old = (s.style && s.style.background) || {};
  return Object.assign({}, old, patch);
}

/** onStyleClick handles the style section's buttons; true when it did. */
export function onStyleClick(e, i) {
  const box = e.target.closest('.slide-style');
  if (!box) return false;
  if (e.target.closest('summary')) { open = !box.open; return true; }
  const s = state.project.slides[i];
  const a = e.target.closest('[data-align]');
  if (a) { ops.setStyle(i, { align: a.dataset.align }); return true; }
  const b = e.target.closest('[data-bg]');
  if (b) {
    const k = b.dataset.bg;
    if (!k) { ops.setStyle(i, { background: null }); return true; }
    const colors = effectiveColors(s);
    const old = (s.style && s.style.background) || {};
    const next = { kind: k };
    if (k === 'solid') next.colors = [(old.colors && old.colors[0]) || colors.background || '#ffffff'];
    if (k === 'gradient') { next.colors = [(old.colors && old.colors[0]) || colors.background || '#ffffff', (old.colors && old.colors[1]) || colors.accent || '#3b5bdb']; next.angle = old.angle || 180; }
    if (k === 'image') { next.image = old.image || ''; next.scrim = old.scrim || 0.35; }
    if (k === 'image' && !next.image) {
      // An image background needs its image first: ask for the file.
      const input = $('[data-bg-image]', box);
      open = true;
      if (input) { input.click(); return true; }
    }
    ops.setStyle(i, { background: next.kind === 'image' && !next.image ? null : next });
    return true;
  }
  const act = e.target.closest('[data-style-action]');
  if (act && act.dataset.styleAction === 'reset') { ops.resetStyle(i); return true; }
  if (act && act.dataset.styleAction === 'colors') { ops.setStyle(i, { colors: null }); return true; }
  return false;
}

/** onStyleChange handles the style section's fields; true when it did. */
export function onStyleChange(e, i) {
  const t = e.target;
  if (!t.closest('.slide-style')) return false;
  if (e.type !== 'change') return true; // ranges and colours apply when let go
  const s = state.project.slides[i];
  const d = t.dataset;
  if (d.style === 'template' || d.style === 'theme') ops.setStyle(i, { [d.style]: t.value });
  else if (d.style === 'textScale') { const v = Number(t.value) / 100; ops.setStyle(i, { textScale: Math.abs(v - 1) < 0.001 ? null : v }); }
  else if (d.style === 'hideBands') ops.setStyle(i, { hideBands: t.checked });
  else if (d.styleColor) ops.setStyle(i, { colors: Object.assign({}, s.style && s.style.colors, { [d.styleColor]: t.value }) });
  else if (d.bgColor !== undefined) {
    const bg = background(s, {});
    const colors = (bg.colors || []).slice();
    colors[Number(d.bgColor)] = t.value;
    ops.setStyle(i, { background: Object.assign(bg, { colors }) });
  } else if (d.bgAngle) ops.setStyle(i, { background: background(s, { angle: Number(t.value) }) });
  else if (d.bgScrim) ops.setStyle(i, { background: background(s, { scrim: Number(t.value) }) });
  else if (d.bgImage && t.files && t.files[0]) { uploadBackground(i, t.files[0]); t.value = ''; }
  return true;
}

async function uploadBackground(i, file) {
  if (!imageFiles([file]).length) { toast(file.name + ' is not an image: use PNG, JPEG, WebP or GIF.'); return; }
  const id = state.project.slides[i].id;
  const fd = new FormData();
  fd.append('file', file);
  try {
    setStatus('Uploading…', 'busy');
    const res = await api('POST', '/api/assets', fd);
    const at = state.project.slides.findIndex((s) => s.id === id);
    if (at < 0) return;
    const s = state.project.slides[at];
    open = true;
    ops.setStyle(at, { background: Object.assign({ scrim: 0.35 }, background(s, {}), { kind: 'image', image: res.ref, colors: undefined }) });
  } catch (e) {
    setStatus('', '');
    toast(e.message);
  }
}
