// SPDX-License-Identifier: MIT
// Layout Template: the design template of the whole carousel.
import { $, morph, fixRoving } from '../dom.js';
import { change } from '../doc.js';
import { addPanel, thumbButton } from '../settings.js';

addPanel({
  render(st, c) {
    const tpl = st.template || (c.templates[0] && c.templates[0].name);
    morph($('#templates'), ...c.templates.map((t) => thumbButton('template', t, '/api/catalog/templates/' + encodeURIComponent(t.name) + '.svg', t.name === tpl)));
    fixRoving($('#templates'));
  },
  click(e, b) {
    if (b.dataset.set !== 'template') return false;
    change((p) => { p.settings.template = b.dataset.value; });
    return true;
  },
});
