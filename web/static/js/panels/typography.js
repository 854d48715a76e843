// SPDX-License-Identifier: MIT
// Typography & Sizing: sizes, shrink limit and fonts (data-path fields).
import { $, el, morph, field, rangeField } from '../dom.js';
import { state } from '../doc.js';
import { addPanel } from '../settings.js';

addPanel({
  render(st) {
    const t = st.typography;
    const fonts = state.catalog.fonts || [];
    const fontSelect = (path, value) => el('select', { dataset: { path } },
      el('option', { value: '', selected: !value }, 'Theme\'s font'),
      ...fonts.map((f) => el('option', { value: f.name, selected: f.name === value }, f.name)));
    morph($('#typography'),
      field('Title size (px)', el('input', { type: 'number', min: 12, max: 96, step: 1, value: t.titleSize || 36, dataset: { path: 'typography.titleSize', num: '1' } }), 'Default 36'),
      field('Body size (px)', el('input', { type: 'number', min: 8, max: 48, step: 1, value: t.bodySize || 18, dataset: { path: 'typography.bodySize', num: '1' } }), 'Default 18'),
      field('Header & footer size (px)', el('input', { type: 'number', min: 6, max: 24, step: 1, value: t.headerSize || 12, dataset: { path: 'typography.headerSize', num: '1' } }), 'Default 12'),
      rangeField('Shrink long text down to', 'typography.minScale', t.minScale || 0.75, 0.3, 1, 0.05),
      field('Title font', fontSelect('typography.titleFont', t.titleFont)),
      field('Body font', fontSelect('typography.bodyFont', t.bodyFont)));
  },
});
