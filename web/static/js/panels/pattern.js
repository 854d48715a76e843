// SPDX-License-Identifier: MIT
// Background Pattern: the pattern and its density and opacity (data-path fields).
import { $, el, morph, rangeField, radio, fixRoving } from '../dom.js';
import { change } from '../doc.js';
import { addPanel, thumbButton } from '../settings.js';

addPanel({
  render(st, c) {
    const hasNone = c.patterns.some((t) => t.name === 'none');
    const pat = st.pattern.name || (hasNone ? 'none' : '');
    morph($('#patterns'),
      hasNone ? null : radio({ class: 'thumb' + (!pat ? ' on' : ''), dataset: { set: 'pattern', value: '' } }, !pat, el('span', { class: 'thumb-none' }, 'None'), el('span', { class: 'thumb-name' }, 'None')),
      ...c.patterns.map((t) => thumbButton('pattern', t, '/api/catalog/patterns/' + encodeURIComponent(t.name) + '.svg', t.name === pat)));
    fixRoving($('#patterns'));
    morph($('#pattern-fields'),
      rangeField('Density', 'pattern.density', st.pattern.density || 1, 0.25, 4, 0.05),
      rangeField('Opacity', 'pattern.opacity', st.pattern.opacity === undefined || st.pattern.opacity === 0 ? 0.15 : st.pattern.opacity, 0, 1, 0.05));
  },
  click(e, b) {
    const d = b.dataset;
    if (d.set !== 'pattern') return false;
    change((p) => { p.settings.pattern.name = d.value; if (d.value && d.value !== 'none' && !p.settings.pattern.opacity) { p.settings.pattern.opacity = 0.15; p.settings.pattern.density = p.settings.pattern.density || 1; } });
    return true;
  },
});
