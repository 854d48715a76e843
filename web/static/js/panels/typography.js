// SPDX-License-Identifier: MIT
// Typography & Sizing: auto or fixed sizes, sizes, shrink limit and fonts
// (data-path fields), and font files uploaded into the brand profile.
import { $, el, morph, field, rangeField, setStatus, toast } from '../dom.js';
import { state, S, change } from '../doc.js';
import { api } from '../api.js';
import { addPanel, renderSettings } from '../settings.js';
import { loadProfiles } from './brand.js';

// Family names of uploaded fonts, by asset reference, for this page's life.
const uploaded = new Map();
const asked = new Set();

// nameFont asks the server for the family of a font uploaded before this
// page was loaded, and redraws the panel with it.
async function nameFont(ref) {
  asked.add(ref);
  try {
    const res = await api('GET', '/api/fonts/' + encodeURIComponent(ref));
    uploaded.set(ref, res.family);
    renderSettings(true);
  } catch {
    // The label stays "uploaded file"; the font itself is unaffected.
  }
}

function fontSelect(path, value) {
  const fonts = state.catalog.fonts || [];
  const own = value && value.startsWith('asset:');
  if (own && !uploaded.has(value) && !asked.has(value)) nameFont(value);
  return el('select', { dataset: { path } },
    el('option', { value: '', selected: !value }, 'Template’s or theme’s font'),
    own ? el('option', { value, selected: true }, 'Your font: ' + (uploaded.get(value) || 'uploaded file')) : null,
    ...fonts.map((f) => el('option', { value: f.name, selected: f.name === value }, f.label || f.name)));
}

// Languages offered for the text of posts that do not say theirs: those
// with hyphenation patterns, the right-to-left ones, and other common ones.
const LANGUAGES = [
  ['', 'Each post’s own (guessed for pasted text)'],
  ['en', 'English'], ['de', 'Deutsch'], ['fr', 'Français'], ['es', 'Español'], ['it', 'Italiano'],
  ['nl', 'Nederlands'], ['pt', 'Português'], ['pl', 'Polski'], ['tr', 'Türkçe'], ['ru', 'Русский'],
  ['uk', 'Українська'], ['el', 'Ελληνικά'], ['ar', 'العربية'], ['he', 'עברית'], ['fa', 'فارسی'],
  ['hi', 'हिन्दी'], ['th', 'ไทย'], ['vi', 'Tiếng Việt'], ['id', 'Bahasa Indonesia'],
  ['ja', '日本語'], ['ko', '한국어'], ['zh', '中文'],
];

function languageSelect(value) {
  const v = value || '';
  const known = LANGUAGES.some(([code]) => code === v);
  return el('select', { dataset: { path: 'language' } },
    ...LANGUAGES.map(([code, label]) => el('option', { value: code, selected: code === v, lang: code || null }, label)),
    known ? null : el('option', { value: v, selected: true }, v));
}

function fontUpload(role) {
  return el('label', { class: 'btn small' }, 'Upload a ' + role + ' font…',
    el('input', { type: 'file', accept: '.ttf,.otf,.woff2,.woff,font/ttf,font/otf,font/woff2,font/woff', class: 'visually-hidden', dataset: { fontUpload: role } }));
}

addPanel({
  render(st) {
    const t = st.typography;
    const prof = st.brand.profile ? state.profiles.find((p) => p.id === st.brand.profile) : null;
    morph($('#typography'),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', checked: !t.fixedSizes, dataset: { autoSize: '1' } }),
        'Size each slide’s text to fill it'),
      el('small', { class: 'hint' }, t.fixedSizes ? 'Fixed sizes: the sizes below are kept exactly.' : 'Short text is set larger, long text shrinks to the limit below, then continues.'),
      field('Title size (px)', el('input', { type: 'number', min: 12, max: 96, step: 1, value: t.titleSize || 36, dataset: { path: 'typography.titleSize', num: '1' } }), 'Default 36'),
      field('Body size (px)', el('input', { type: 'number', min: 8, max: 48, step: 1, value: t.bodySize || 18, dataset: { path: 'typography.bodySize', num: '1' } }), 'Default 18'),
      field('Header & footer size (px)', el('input', { type: 'number', min: 6, max: 24, step: 1, value: t.headerSize || 12, dataset: { path: 'typography.headerSize', num: '1' } }), 'Default 12'),
      rangeField('Shrink long text down to', 'typography.minScale', t.minScale || 0.75, 0.3, 1, 0.05),
      field('Title font', fontSelect('typography.titleFont', t.titleFont)),
      field('Body font', fontSelect('typography.bodyFont', t.bodyFont)),
      el('div', { class: 'font-upload' }, fontUpload('title'), fontUpload('body')),
      el('small', { class: 'hint' }, prof ? 'Uploaded fonts are kept with the brand profile “' + prof.name + '” and used in every carousel made with it.' : 'TrueType, OpenType or WOFF2. Choose a brand profile to keep your font with it.'),
      field('Language of the text', languageSelect(st.language), 'For posts that do not say theirs: how long words are hyphenated, and Arabic, Hebrew or Persian read right to left.'));
  },
  change(e, t) {
    if (t.dataset.autoSize && e.type === 'change') {
      const auto = t.checked;
      change((p) => { if (auto) delete p.settings.typography.fixedSizes; else p.settings.typography.fixedSizes = true; });
      return true;
    }
    if (t.dataset.fontUpload) {
      if (e.type === 'change' && t.files[0]) uploadFont(t.dataset.fontUpload, t.files[0]);
      return true;
    }
    return false;
  },
});

// uploadFont sends a font file to the server, which checks it and keeps it
// as an asset (and as the brand profile's font when the project has one).
async function uploadFont(role, file) {
  const fd = new FormData();
  fd.append('file', file);
  fd.append('role', role);
  const profile = S().brand.profile;
  if (profile) fd.append('profile', profile);
  try {
    setStatus('Uploading the font…', 'busy');
    const res = await api('POST', '/api/fonts', fd);
    uploaded.set(res.ref, res.family);
    if (profile) await loadProfiles();
    change((p) => { p.settings.typography[role + 'Font'] = res.ref; });
    setStatus('Saved', 'ok');
    renderSettings(true);
  } catch (err) {
    setStatus('', '');
    toast(err.message);
  }
}
