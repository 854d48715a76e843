// SPDX-License-Identifier: MIT
// The projects dialog: open or delete projects, restore an earlier version.
import { $, el, fill, toast } from './dom.js';
import { api } from './api.js';
import { state, change, ensureIds } from './doc.js';

export async function listProjects(target) {
  const res = await api('GET', '/api/projects');
  fill(target, ...res.projects.map((p) => el('li', { class: 'project-row' },
    el('a', { href: '/?p=' + encodeURIComponent(p.id), class: 'project-open' }, el('strong', null, p.title || 'Untitled'),
      el('small', null, `${p.slides} slides · ${new Date(p.updated).toLocaleString()}`)),
    el('button', { type: 'button', class: 'icon-btn small', 'aria-label': 'Delete ' + (p.title || 'project'), title: 'Delete',
      onclick: async () => {
        if (!window.confirm('Delete “' + (p.title || 'Untitled') + '” and its history?')) return;
        try { await api('DELETE', '/api/projects/' + encodeURIComponent(p.id)); } catch (e) { toast(e.message); }
        if (state.project && state.project.id === p.id) location.href = '/';
        else listProjects(target);
      } }, '✕'))));
  return res.projects.length;
}

/** listRevisions lists the open project's saved versions, to restore one. */
async function listRevisions() {
  const box = $('#revisions');
  box.hidden = !state.project;
  if (!state.project) return;
  const id = encodeURIComponent(state.project.id);
  const res = await api('GET', `/api/projects/${id}/revisions`);
  fill($('#revision-list'), ...res.revisions.filter((r) => r.revision !== state.project.revision).slice(0, 20).map((r) => el('li', { class: 'project-row' },
    el('span', { class: 'rev' }, `Version ${r.revision} · ${new Date(r.saved).toLocaleString()}`),
    el('button', { type: 'button', class: 'btn small', onclick: async () => {
      try {
        const old = await api('GET', `/api/projects/${id}/revisions/${r.revision}`);
        change((p) => { p.title = old.title; p.settings = old.settings; p.slides = old.slides; ensureIds(p); });
        $('#projects-dialog').close();
        toast(`Version ${r.revision} restored. Undo brings back what you had.`, 'ok');
      } catch (e) { toast(e.message); }
    } }, 'Restore'))));
}

export function initProjects() {
  $('#open-projects').addEventListener('click', async () => {
    try {
      await listProjects($('#project-list'));
      await listRevisions();
    } catch (e) { toast(e.message); }
    $('#projects-dialog').showModal();
  });
}
