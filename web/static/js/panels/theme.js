// SPDX-License-Identifier: MIT
// Preset Themes and custom colours.
import { $, el, fill, morph, radio, fixRoving } from '../dom.js';
import { change, debounceChange } from '../doc.js';
import { addPanel } from '../settings.js';
import { contrast, pairs } from '../contrast.js';

const colorKeys = ['background', 'text', 'accent', 'muted'];

function renderColors(st, theme) {
  const tc = (theme && theme.colors) || {};
  const cc = st.colors || {};
  morph($('#colors'), el('p', { class: 'label' }, 'Custom colours'),
    el('div', { class: 'color-row' }, ...colorKeys.map((k) => el('label', { class: 'color' },
      el('input', { type: 'color', value: cc[k] || tc[k] || '#888888', dataset: { color: k } }), el('span', null, k)))),
    el('ul', { class: 'contrast-list', id: 'contrast', 'aria-live': 'polite' }),
    st.colors ? el('button', { type: 'button', class: 'link-btn', dataset: { resetColors: '1' } }, 'Use the theme\'s colours') : null);
  showContrast();
}

// showContrast reads the colour inputs as they are (before the change is
// saved) and shows each pair's WCAG ratio against the background.
function showContrast() {
  const list = $('#contrast');
  if (!list) return;
  const val = (k) => { const i = $('#colors input[data-color="' + k + '"]'); return i ? i.value : '#888888'; };
  const bg = val('background');
  fill(list, ...pairs.map((p) => {
    const r = contrast(val(p.key), bg);
    const ok = r >= p.min;
    return el('li', { class: ok ? 'ok' : 'low', dataset: { pair: p.key }, title: p.use + ' need ' + p.min + ':1 (WCAG AA)' },
      el('span', { class: 'chip' }, el('span', { class: 'chip-fg' }, 'Aa')),
      el('span', null, p.key + ' on background '), el('strong', { class: 'ratio-value' }, r.toFixed(1) + ':1'),
      el('span', { class: 'verdict' }, ok ? ' AA' : ' below AA (' + p.min + ':1)'));
  }));
  for (const li of list.children) {
    const chip = li.querySelector('.chip');
    chip.style.background = bg;
    chip.style.color = val(li.dataset.pair);
  }
}

addPanel({
  render(st, c) {
    const theme = st.theme || (c.themes[0] && c.themes[0].name);
    morph($('#themes'), ...c.themes.map((t) => radio({ class: 'swatch' + (t.name === theme ? ' on' : ''), title: t.description, dataset: { set: 'theme', value: t.name } }, t.name === theme,
      el('span', { class: 'dots' }, ...colorKeys.map((k) => {
        const d = el('span', { class: 'dot' });
        if (t.colors && t.colors[k]) d.style.background = t.colors[k];
        return d;
      })), el('span', { class: 'swatch-name' }, t.name))));
    fixRoving($('#themes'));
    renderColors(st, c.themes.find((t) => t.name === theme));
  },
  change(e, t) {
    const k = t.dataset.color;
    if (!k) return false;
    const v = t.value;
    showContrast();
    debounceChange('color-' + k, (p) => { p.settings.colors = Object.assign({}, p.settings.colors, { [k]: v }); });
    return true;
  },
  click(e, b) {
    if (b.dataset.set === 'theme') { change((p) => { p.settings.theme = b.dataset.value; }); return true; }
    if (b.dataset.resetColors) { change((p) => { delete p.settings.colors; }); return true; }
    return false;
  },
});
