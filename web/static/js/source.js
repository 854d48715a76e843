// SPDX-License-Identifier: MIT
// Source Content: import a thread from a link (X, Bluesky, Mastodon,
// Threads), pasted text or an X or Mastodon archive.
import { $, el, fill, setStatus, toast, showTab, isPhone } from './dom.js';
import { api } from './api.js';
import { openProject, draftChoices, applyDraft } from './doc.js';

async function importSource(body) {
  const btn = $('#import-btn');
  btn.disabled = true;
  setStatus('Importing…', 'busy');
  try {
    if (body instanceof FormData) for (const [k, v] of Object.entries(draftChoices())) { if (v) body.append(k, v); }
    else body = Object.assign({}, draftChoices(), body);
    const res = await api('POST', '/api/projects', body);
    if (res.threads) { showThreads(res); setStatus('', ''); return; }
    $('#threads').hidden = true;
    await openProject(res.id);
    applyDraft();
    // The work goes on with the slides: the first one takes the focus.
    const first = document.querySelector('#slides .slide');
    if (isPhone()) showTab('slides');
    if (first) first.focus({ preventScroll: true });
    else $('#slides-heading').focus();
    const msgs = new Set((res.warnings || []).filter((w) => ['placeholder', 'truncated', 'partial', 'empty'].includes(w.code)).map((w) => w.message));
    if (msgs.size) toast(Array.from(msgs).slice(0, 4).join('\n'), 'warn');
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
  const sample = () => importSource({ sample: true }); // the server's built-in sample thread
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
