// SPDX-License-Identifier: MIT
// Background: the theme's colour, a solid colour, a gradient of two or
// three stops at an angle, or an uploaded image under a scrim.
import { $, el, morph, field, setStatus, toast } from '../dom.js';
import { S, change, debounceChange } from '../doc.js';
import { api, mediaURL } from '../api.js';
import { addPanel } from '../settings.js';
import { contrast } from '../contrast.js';

const kinds = [['', 'The theme’s colour'], ['solid', 'A colour'], ['gradient', 'A gradient'], ['image', 'An image']];

function themeColors(st, c) {
  const t = c.themes.find((x) => x.name === (st.theme || (c.themes[0] && c.themes[0].name)));
  return Object.assign({}, t && t.colors, st.colors);
}

addPanel({
  render(st, c) {
    const bg = st.background || null;
    const kind = bg ? bg.kind : '';
    const tc = themeColors(st, c);
    const kindSelect = el('select', { dataset: { bgKind: '1' }, 'aria-label': 'Background' },
      ...kinds.map(([v, label]) => el('option', { value: v, selected: v === kind }, label)));
    const parts = [field('Background', kindSelect)];
    if (kind === 'solid' || kind === 'gradient') {
      const cols = bg.colors || [];
      parts.push(el('div', { class: 'bg-stops' }, ...cols.map((col, i) => el('label', { class: 'color' },
        el('input', { type: 'color', value: col, dataset: { bgStop: String(i) } }), el('span', null, kind === 'solid' ? 'colour' : 'stop ' + (i + 1))))));
      if (kind === 'gradient') {
        parts.push(el('div', { class: 'row' },
          el('button', { type: 'button', class: 'link-btn', dataset: { bgStops: cols.length === 3 ? '2' : '3' } }, cols.length === 3 ? 'Two stops' : 'Add a third stop')));
        parts.push(rangeOf('Angle (degrees)', 'bgAngle', bg.angle || 0, 0, 360, 5));
      }
    }
    if (kind === 'image') {
      const url = mediaURL(bg.image);
      parts.push(el('div', { class: 'upload' },
        url ? el('img', { src: url, alt: 'Background image', class: 'upload-preview' }) : el('span', { class: 'upload-preview empty' }, '—'),
        el('label', { class: 'btn small' }, 'Image…', el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp', class: 'visually-hidden', dataset: { bgImage: '1' } }))));
      parts.push(rangeOf('Scrim (dims the image so text reads)', 'bgScrim', bg.scrim || 0, 0, 1, 0.05));
    }
    morph($('#background'), ...parts);
    $('#background').dataset.defaults = JSON.stringify([tc.background || '#ffffff', tc.accent || '#2563eb', tc.text || '#111111', tc.muted || '#555555']);
  },
  change(e, t) {
    const d = t.dataset;
    if (d.bgKind) {
      if (e.type !== 'change') return true;
      const [bgc, acc, text, muted] = JSON.parse($('#background').dataset.defaults || '["#ffffff","#2563eb","#111111","#555555"]');
      change((p) => {
        const v = t.value;
        if (!v) delete p.settings.background;
        else if (v === 'solid') p.settings.background = { kind: 'solid', colors: [bgc] };
        else if (v === 'gradient') p.settings.background = { kind: 'gradient', colors: [bgc, readableTint(bgc, acc, text, muted)], angle: 160 };
        else p.settings.background = { kind: 'image', image: (S().background && S().background.image) || '', scrim: 0.6 };
        if (v === 'image' && !p.settings.background.image) delete p.settings.background; // until an image is chosen
      });
      if (t.value === 'image' && !(S().background && S().background.image)) $('#background').append(imagePicker());
      return true;
    }
    if (d.bgStop !== undefined) {
      const i = Number(d.bgStop);
      const v = t.value;
      debounceChange('bg-stop-' + i, (p) => { p.settings.background.colors[i] = v; });
      return true;
    }
    if (d.bgAngle) { const v = Number(t.value); debounceChange('bg-angle', (p) => { p.settings.background.angle = v; }); return true; }
    if (d.bgScrim) { const v = Number(t.value); debounceChange('bg-scrim', (p) => { p.settings.background.scrim = v; }); return true; }
    if (d.bgImage) { if (e.type === 'change' && t.files[0]) uploadBackground(t.files[0]); return true; }
    return false;
  },
  click(e, b) {
    if (!b.dataset.bgStops) return false;
    const n = Number(b.dataset.bgStops);
    change((p) => {
      const cols = p.settings.background.colors;
      if (n === 3) cols.splice(1, 0, mixHex(cols[0], cols[cols.length - 1], 0.5));
      else cols.splice(1, 1);
    });
    return true;
  },
});

function imagePicker() {
  return el('label', { class: 'btn small' }, 'Choose the image…', el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp', class: 'visually-hidden', dataset: { bgImage: '1' } }));
}

function rangeOf(label, key, value, min, max, step) {
  const out = el('output', null, String(value));
  const input = el('input', { type: 'range', min, max, step, value, dataset: { [key]: '1' } });
  input.addEventListener('input', () => { out.textContent = input.value; });
  return el('label', { class: 'field range' }, el('span', { class: 'field-label' }, label, out), input);
}

async function uploadBackground(file) {
  const fd = new FormData();
  fd.append('file', file);
  try {
    setStatus('Uploading…', 'busy');
    const res = await api('POST', '/api/assets', fd);
    change((p) => { p.settings.background = { kind: 'image', image: res.ref, scrim: (p.settings.background && p.settings.background.scrim) || 0.6 }; });
    setStatus('Saved', 'ok');
  } catch (err) {
    setStatus('', '');
    toast(err.message);
  }
}

/** readableTint is the deepest tint of bg towards the accent on which text
 * and muted text still read at 4.5:1, as the gradient template picks it. */
function readableTint(bg, accent, text, muted) {
  for (const t of [0.34, 0.26, 0.18, 0.1, 0.05]) {
    const c = mixHex(bg, accent, t);
    if (contrast(text, c) >= 4.5 && contrast(muted, c) >= 4.5) return c;
  }
  return bg;
}

/** mixHex blends two "#rrggbb" colours. */
function mixHex(a, b, t) {
  const c = [1, 3, 5].map((i) => Math.round(parseInt(a.slice(i, i + 2), 16) * (1 - t) + parseInt(b.slice(i, i + 2), 16) * t));
  return '#' + c.map((v) => v.toString(16).padStart(2, '0')).join('');
}
