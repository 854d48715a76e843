// SPDX-License-Identifier: MIT
// Outro Slide CTA: the call to action and the outro slide that comes with it.
import { $, el, morph, field } from '../dom.js';
import { change } from '../doc.js';
import { addPanel } from '../settings.js';

addPanel({
  render(st) {
    const c = st.cta;
    const variants = [[0, 'None'], [1, '#1 Follow'], [2, '#2 Repost & share'], [3, '#3 Save or visit']];
    morph($('#cta'),
      el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Outro slide' }, ...variants.map(([v, l]) => el('label', { class: 'seg' + ((c.variant || 0) === v ? ' on' : '') },
        el('input', { type: 'radio', name: 'cta', value: String(v), checked: (c.variant || 0) === v, dataset: { set: 'cta' } }), l))),
      c.variant ? el('div', { class: 'fields' },
        field('Title', el('input', { value: c.title || '', placeholder: 'The engine\'s default', dataset: { path: 'cta.title' } })),
        field('Text', el('textarea', { rows: 2, placeholder: 'The engine\'s default', dataset: { path: 'cta.text' } }, c.text || '')),
        field('Button', el('input', { value: c.button || '', placeholder: 'The engine\'s default', dataset: { path: 'cta.button' } })),
        field('Link', el('input', { value: c.url || '', placeholder: 'https://…', dataset: { path: 'cta.url' } }))) : null);
  },
  change(e, t) {
    if (t.dataset.set !== 'cta') return false;
    change((p) => {
      const v = Number(t.value);
      p.settings.cta.variant = v;
      // The outro slide comes and goes with its call to action.
      const has = p.slides.some((sl) => sl.kind === 'outro');
      if (v > 0 && !has) p.slides.push({ id: 'outro', kind: 'outro' });
      if (v === 0) p.slides = p.slides.filter((sl) => sl.kind !== 'outro');
    });
    return true;
  },
});
