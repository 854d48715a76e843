// SPDX-License-Identifier: MIT
// The projects dialog: open or delete projects; the open project's versions
// (one per burst of editing and per export), pinned versions, restore.
import { $, el, fill, toast, ask, confirmAction } from './dom.js';
import { api, projectURL } from './api.js';
import { state, change, ensureIds, noteNextSave } from './doc.js';
import { session, may } from './team.js';

export async function listProjects(target) {
  const res = await api('GET', '/api/projects');
  fill(target, ...res.projects.map((p) => el('li', { class: 'project-row' },
    el('a', { href: '/?p=' + encodeURIComponent(p.id), class: 'project-open' }, el('strong', null, p.title || 'Untitled'),
      el('small', null, `${p.slides} slides · ${new Date(p.updated).toLocaleString()}`)),
    state.readOnly ? null : el('button', { type: 'button', class: 'icon-btn small', 'aria-label': 'Delete ' + (p.title || 'project'), title: 'Delete',
      onclick: async () => {
        if (!(await confirmAction('Delete “' + (p.title || 'Untitled') + '” and its history?', 'Delete'))) return;
        try { await api('DELETE', '/api/projects/' + encodeURIComponent(p.id)); } catch (e) { toast(e.message); }
        if (state.project && state.project.id === p.id) location.href = '/';
        else listProjects(target);
      } }, '✕'))));
  return res.projects.length;
}

const PAGE = 20;
let next = 0; // the revision before which the next page starts; 0: no more

function when(r) {
  const end = new Date(r.saved);
  const start = r.started ? new Date(r.started) : end;
  const day = end.toLocaleDateString();
  const t = (d) => d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return day + ' ' + (end - start > 60000 || t(start) !== t(end) ? t(start) + '–' + t(end) : t(end));
}

function versionRow(r) {
  const current = r.revision === state.project.revision;
  return el('li', { class: 'project-row version' + (r.name ? ' pinned' : ''), dataset: { revision: String(r.revision) } },
    el('div', { class: 'rev' },
      el('strong', null, r.name ? '📌 ' + r.name : (r.label || 'Edits')),
      el('small', null, [when(r), r.name && r.label ? r.label : '', r.edits > 1 ? r.edits + ' saves' : '', current ? 'current' : ''].filter(Boolean).join(' · '))),
    // Viewers see the versions; restoring and pinning change the project.
    state.readOnly ? null : current ? null : el('button', { type: 'button', class: 'btn small', dataset: { versionAction: 'restore' } }, 'Restore'),
    state.readOnly ? null : r.name ? el('button', { type: 'button', class: 'btn small ghost', dataset: { versionAction: 'unpin' } }, 'Unpin')
      : el('button', { type: 'button', class: 'btn small ghost', dataset: { versionAction: 'pin' }, title: 'Keep this version under a name' }, 'Pin…'));
}

/** listRevisions lists the open project's versions, newest first, a page at a time. */
async function listRevisions(more) {
  const box = $('#revisions');
  // Clients review the carousel as it is: its versions are the team's.
  const team = !session.auth || may('viewer');
  box.hidden = !state.project || !team;
  if (box.hidden) return;
  const q = '?limit=' + PAGE + (more && next ? '&before=' + next : '');
  const res = await api('GET', projectURL(state.project.id, '/revisions' + q));
  if (!more) {
    fill($('#pinned-list'), ...(res.pinned || []).map(versionRow));
    $('#pinned-box').hidden = !(res.pinned && res.pinned.length);
    fill($('#revision-list'));
  }
  $('#revision-list').append(...res.revisions.map(versionRow));
  next = res.next || 0;
  $('#more-revisions').hidden = !next;
  $('#revisions .label').textContent = `Versions of this project (${res.total})`;
}

async function onVersionClick(e) {
  const b = e.target.closest('[data-version-action]');
  if (!b) return;
  const rev = Number(b.closest('[data-revision]').dataset.revision);
  const id = state.project.id;
  try {
    if (b.dataset.versionAction === 'restore') {
      const old = await api('GET', projectURL(id, '/revisions/' + rev));
      noteNextSave('Restored version ' + rev);
      change((p) => { p.title = old.title; p.settings = old.settings; p.slides = old.slides; ensureIds(p); });
      $('#projects-dialog').close();
      toast(`Version ${rev} restored. Undo brings back what you had.`, 'ok');
      return;
    }
    if (b.dataset.versionAction === 'pin') {
      const name = await ask('Name of this version', '', 'Pin');
      if (!name) return;
      await api('POST', projectURL(id, '/revisions/' + rev + '/pin'), { name });
    } else {
      await api('DELETE', projectURL(id, '/revisions/' + rev + '/pin'));
    }
    await listRevisions(false);
    const again = $(`#projects-dialog [data-revision="${rev}"] [data-version-action]`);
    if (again) again.focus();
  } catch (err) { toast(err.message); }
}

export function initProjects() {
  $('#open-projects').addEventListener('click', async () => {
    try {
      await listProjects($('#project-list'));
      await listRevisions(false);
    } catch (e) { toast(e.message); }
    $('#projects-dialog').showModal();
  });
  $('#revisions').addEventListener('click', onVersionClick);
  $('#more-revisions').addEventListener('click', async () => {
    try { await listRevisions(true); } catch (e) { toast(e.message); }
  });
}
