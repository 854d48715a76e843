// SPDX-License-Identifier: MIT
// Canvas & Ratio: the output format.
import { $, el, morph } from '../dom.js';
import { change } from '../doc.js';
import { addPanel, ratioBox } from '../settings.js';

addPanel({
  render(st, c) {
    const fmt = st.format || c.defaultFormat;
    morph($('#formats'), ...c.formats.map((f) => el('label', { class: 'choice' + (f.name === fmt ? ' on' : '') },
      el('input', { type: 'radio', name: 'format', value: f.name, checked: f.name === fmt, dataset: { set: 'format' } }),
      ratioBox(f.width, f.height),
      el('span', { class: 'choice-text' }, el('strong', null, f.description.split(',')[0]), el('small', null, f.description.split(',').slice(1).join(',').trim())))));
  },
  change(e, t) {
    if (t.dataset.set !== 'format') return false;
    change((p) => { p.settings.format = t.value; });
    return true;
  },
});
