// SPDX-License-Identifier: MIT
// Source Content: import a thread from a link (X, Bluesky, Mastodon,
// Threads), pasted text or an X or Mastodon archive.
import { $, el, fill, setStatus, toast, showTab, isPhone } from './dom.js';
import { api } from './api.js';
import { openProject } from './doc.js';

const SAMPLE = `How I turned one thread into a week of posts 🧵

---

**Write the thread first.** It is where the idea gets tested: if a post cannot stand alone, it is not ready.

---

Then cut it into slides:
- one idea per slide
- a hook on the cover
- a clear *call to action* at the end

---

Keep the text large. A carousel is read on a phone, at a third of its size.

---

Reuse it everywhere: a PDF for LinkedIn, images for Instagram and Threads. Same words, more readers.

---

If this helped, follow @carouselstudio for more #writing tips.`;

async function importSource(body) {
  const btn = $('#import-btn');
  btn.disabled = true;
  setStatus('Importing…', 'busy');
  try {
    const res = await api('POST', '/api/projects', body);
    if (res.threads) { showThreads(res); setStatus('', ''); return; }
    $('#threads').hidden = true;
    await openProject(res.id);
    const msgs = new Set((res.warnings || []).filter((w) => ['placeholder', 'truncated', 'partial'].includes(w.code)).map((w) => w.message));
    if (msgs.size) toast(Array.from(msgs).slice(0, 4).join('\n'), 'warn');
    if (isPhone()) showTab('slides');
  } catch (e) {
    setStatus('', '');
    toast(e.message);
  } finally {
    btn.disabled = false;
  }
}

function showThreads(res) {
  const list = $('#thread-list');
  fill(list, ...res.threads.map((t) => el('li', null,
    el('button', { type: 'button', class: 'thread-pick', onclick: () => importSource({ archive: res.archive, post: t.id }) },
      el('strong', null, t.firstLine || '(no text)'),
      el('small', null, `${t.posts} posts · ${(t.created || '').slice(0, 10)}`)))));
  $('#threads').hidden = false;
}

export function initSource() {
  $('#import-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const v = $('#source').value.trim();
    if (!v) { toast('Paste a post URL or the thread\'s text first.'); $('#source').focus(); return; }
    importSource({ source: v });
  });
  const sample = () => { $('#source').value = SAMPLE; importSource({ source: SAMPLE }); };
  $('#sample-btn').addEventListener('click', sample);
  $('#welcome-sample').addEventListener('click', sample);
  $('#archive').addEventListener('change', (e) => {
    const f = e.target.files[0];
    if (!f) return;
    const fd = new FormData();
    fd.append('archive', f);
    importSource(fd);
    e.target.value = '';
  });
}
