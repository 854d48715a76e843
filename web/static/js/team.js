// SPDX-License-Identifier: MIT
// The team around the studio: who is signed in, the workspace switcher,
// the account (password, API tokens, sign-out), members and invites, the
// audit log, and review links. In single-user mode only sharing shows.
import { $, $$, el, fill, toast } from './dom.js';
import { api, projectURL } from './api.js';
import { state, addView, flushSave } from './doc.js';

/** @type {{auth: boolean, user: any, workspace: {id: string, name: string, role: string}|null, workspaces: any[]}} */
export const session = { auth: false, user: null, workspace: null, workspaces: [] };

const rank = { client: 1, viewer: 2, editor: 3, owner: 4 };
/** may reports whether the signed-in role allows what needs role need. */
export const may = (need) => (rank[session.workspace?.role] || 0) >= rank[need];

const reviewText = { pending: 'Awaiting review', approved: 'Approved', changes_requested: 'Changes requested' };
const when = (t) => new Date(t).toLocaleString();

async function copy(input) {
  input.select();
  try { await navigator.clipboard.writeText(input.value); toast('Copied.', 'ok'); } catch { /* selected for a manual copy */ }
}

// ---- the top bar ----------------------------------------------------------

function renderWorkspaces() {
  const sel = $('#workspace-switch');
  sel.hidden = !session.auth || session.workspaces.length < 2;
  fill(sel, ...session.workspaces.map((w) => el('option', { value: w.id, selected: w.id === session.workspace?.id }, `${w.name} · ${w.role}`)));
  const acct = $('#account-btn');
  acct.hidden = !session.auth;
  acct.textContent = session.user ? session.user.name || session.user.email : '';
  acct.title = session.user ? `Signed in as ${session.user.email}` : '';
  $('#team-btn').hidden = !session.auth || !may('owner');
  const note = $('#role-note');
  const role = session.workspace?.role;
  note.hidden = !session.auth || may('editor');
  if (!session.workspace && session.auth) note.textContent = 'You are not a member of any workspace yet: ask an owner for an invite link.';
  else if (role === 'client') note.textContent = `You review in ${session.workspace.name}: open a project from Projects to see its slides, comment and approve. Changes are made by the team.`;
  else if (role === 'viewer') note.textContent = `You can see and export everything in ${session.workspace.name}; changes need the editor role.`;
  document.body.dataset.role = role || '';
  // Below editor the studio only shows: the server would refuse every save.
  state.readOnly = session.auth && !may('editor');
  document.body.classList.toggle('read-only', state.readOnly);
  $('#settings-panels').disabled = state.readOnly;
  $('#settings-readonly').hidden = !state.readOnly;
  if (role === 'client') $('#slides-heading').textContent = 'Review the carousel';
}

async function switchWorkspace(id) {
  await flushSave();
  try {
    await api('PUT', '/api/session/workspace', { workspace: id });
    location.href = '/';
  } catch (e) { toast(e.message); }
}

// ---- review state and sharing ----------------------------------------------

let reviewFor = '';
export const review = { state: 'pending', decisions: [], revision: 0 };

async function loadReview() {
  const p = state.project;
  if (!p) return;
  reviewFor = p.id;
  try {
    Object.assign(review, await api('GET', projectURL(p.id, '/review')));
  } catch { review.state = 'pending'; review.decisions = []; }
  renderReview();
}

function renderReview() {
  const badge = $('#review-state');
  const p = state.project;
  badge.hidden = !p || (review.state === 'pending' && !review.decisions.length);
  badge.dataset.state = review.state;
  const last = review.decisions[0];
  badge.textContent = reviewText[review.state] || review.state;
  if (last && p && last.revision < p.revision) badge.textContent += ' · changed since';
  badge.title = last ? `${reviewText[last.state]} by ${last.author}, ${when(last.created)}${last.note ? ': ' + last.note : ''}` : '';
  $('#share-btn').hidden = !p || !may('editor');
  renderDecision();
}

// ---- a client's decision in the studio ------------------------------------------

function renderDecision() {
  const box = $('#client-review');
  const p = state.project;
  box.hidden = !p || session.workspace?.role !== 'client';
  if (box.hidden) return;
  const last = review.decisions[0];
  let text = reviewText[review.state] || review.state;
  if (last) text += ` by ${last.author}, ${when(last.created)}`;
  if (last && last.revision < p.revision) text += ' · the carousel changed since';
  $('#client-review-pdf').href = projectURL(p.id, '/export.pdf');
  const st = $('#client-review-state');
  st.textContent = text;
  st.dataset.state = review.state;
}

async function decide(decision) {
  const p = state.project;
  const buttons = $$('#client-review [data-decision]');
  buttons.forEach((b) => { b.disabled = true; });
  try {
    Object.assign(review, await api('POST', projectURL(p.id, '/review'), { state: decision, note: $('#client-review-note').value.trim() }));
    $('#client-review-note').value = '';
    toast(decision === 'approved' ? 'Approved: the team sees it.' : 'Changes requested: the team sees your note and comments.', 'ok');
  } catch (e) { toast(e.message); }
  buttons.forEach((b) => { b.disabled = false; });
  renderReview();
}

async function listShares() {
  const p = state.project;
  const res = await api('GET', projectURL(p.id, '/shares'));
  fill($('#share-list'), ...(res.shares.length ? res.shares.map((s) => el('li', { class: 'project-row' },
    el('span', null, `Made ${when(s.created)} · `, s.expired ? el('em', null, 'expired') : s.expires ? `until ${when(s.expires)}` : 'until revoked'),
    el('button', { type: 'button', class: 'btn small', onclick: async () => {
      try { await api('DELETE', projectURL(p.id, '/shares/' + encodeURIComponent(s.id))); listShares(); } catch (e) { toast(e.message); }
    } }, 'Revoke'))) : [el('li', { class: 'hint' }, 'No review links yet.')]));
  fill($('#review-history'), ...(review.decisions.length ? review.decisions.slice(0, 10).map((d) => el('p', { class: 'decision-line', dataset: { state: d.state } },
    el('strong', null, reviewText[d.state]), ` by ${d.author}${d.client ? ' (client)' : ''}, ${when(d.created)}, revision ${d.revision}`, d.note ? el('span', { class: 'note' }, ' — ' + d.note) : null))
    : [el('p', { class: 'hint' }, 'Nobody has approved or asked for changes yet.')]));
}

async function openShare() {
  await flushSave();
  $('#share-new').hidden = true;
  try { await loadReview(); await listShares(); } catch (e) { toast(e.message); return; }
  $('#share-dialog').showModal();
}

// ---- the account ---------------------------------------------------------------

async function listTokens() {
  const res = await api('GET', '/api/tokens');
  fill($('#token-list'), ...(res.tokens.length ? res.tokens.map((t) => el('li', { class: 'project-row' },
    el('span', null, el('strong', null, t.name), el('small', null, ` ${t.workspaceName || ''} · made ${when(t.created)} · ${t.lastUsed ? 'last used ' + when(t.lastUsed) : 'never used'}`)),
    el('button', { type: 'button', class: 'btn small', onclick: async () => {
      if (!window.confirm(`Revoke the token “${t.name}”? Scripts using it stop working at once.`)) return;
      try { await api('DELETE', '/api/tokens/' + encodeURIComponent(t.id)); listTokens(); } catch (e) { toast(e.message); }
    } }, 'Revoke'))) : [el('li', { class: 'hint' }, 'No tokens.')]));
}

async function openAccount() {
  $('#account-who').textContent = `${session.user.name} · ${session.user.email}` + (session.workspace ? ` · ${session.workspace.role} of ${session.workspace.name}` : '');
  $('#current-field').hidden = !session.user.hasPassword;
  $('#token-new').hidden = true;
  try { await listTokens(); } catch (e) { toast(e.message); }
  $('#account-dialog').showModal();
}

// ---- the team dialog (owners) ------------------------------------------------

async function listMembers() {
  const res = await api('GET', '/api/members');
  fill($('#member-list'), ...res.members.map((m) => {
    const role = el('select', { 'aria-label': `Role of ${m.user.email}` }, ...['owner', 'editor', 'viewer', 'client'].map((r) => el('option', { value: r, selected: r === m.role }, r)));
    role.addEventListener('change', async () => {
      try { await api('PUT', '/api/members/' + encodeURIComponent(m.user.id), { role: role.value }); toast('Role changed.', 'ok'); } catch (e) { toast(e.message); role.value = m.role; }
    });
    const me = session.user && m.user.id === session.user.id;
    return el('li', { class: 'member' },
      el('span', { class: 'who' }, el('strong', null, m.user.name), el('small', null, m.user.email + (me ? ' (you)' : ''))), role,
      el('button', { type: 'button', class: 'btn small', onclick: async () => {
        if (!window.confirm(`Take ${m.user.email} out of ${session.workspace.name}?`)) return;
        try { await api('DELETE', '/api/members/' + encodeURIComponent(m.user.id)); listMembers(); } catch (e) { toast(e.message); }
      } }, 'Remove'));
  }));
  const inv = await api('GET', '/api/invites');
  fill($('#invite-list'), ...inv.invites.map((i) => el('li', { class: 'project-row' },
    el('span', null, `Invite as ${i.role}${i.email ? ' for ' + i.email : ''} · until ${when(i.expires)}`),
    el('button', { type: 'button', class: 'btn small', onclick: async () => {
      try { await api('DELETE', '/api/invites/' + encodeURIComponent(i.id)); listMembers(); } catch (e) { toast(e.message); }
    } }, 'Withdraw'))));
}

let auditBefore = 0;
async function listAudit(more) {
  const res = await api('GET', '/api/audit?limit=50' + (more && auditBefore ? '&before=' + auditBefore : ''));
  const rows = res.entries.map((e) => el('tr', null, el('td', null, when(e.created)), el('td', null, e.actor), el('td', null, e.action + (e.detail ? ' · ' + e.detail : '')), el('td', null, e.target || ''), el('td', null, e.address || '')));
  if (more) $('#audit-rows').append(...rows); else fill($('#audit-rows'), ...rows);
  auditBefore = res.entries.length ? res.entries[res.entries.length - 1].id : 0;
  $('#audit-more').hidden = res.entries.length < 50;
}

function showTeamTab(name) {
  $$('[data-team-tab]').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.teamTab === name)));
  $$('[data-team-pane]').forEach((p) => { p.hidden = p.dataset.teamPane !== name; });
  if (name === 'audit') listAudit(false).catch((e) => toast(e.message));
}

async function openTeam() {
  $('#invite-new').hidden = true;
  $('#workspace-name').value = session.workspace.name;
  showTeamTab('members');
  try { await listMembers(); } catch (e) { toast(e.message); }
  $('#team-dialog').showModal();
}

// ---- wiring -----------------------------------------------------------------------

function onSubmit(id, fn) {
  $(id).addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const form = ev.target;
    const b = $('button[type=submit]', form);
    b.disabled = true;
    try { await fn(Object.fromEntries(new FormData(form)), form); } catch (e) { toast(e.message); } finally { b.disabled = false; }
  });
}

/** initTeam loads who is signed in and wires the team's controls. */
export async function initTeam() {
  $('#workspace-switch').addEventListener('change', (e) => switchWorkspace(e.target.value));
  $('#share-btn').addEventListener('click', openShare);
  $('#account-btn').addEventListener('click', openAccount);
  $('#team-btn').addEventListener('click', openTeam);
  $('#share-copy').addEventListener('click', () => copy($('#share-url')));
  $$('#client-review [data-decision]').forEach((b) => b.addEventListener('click', () => decide(b.dataset.decision)));
  $$('[data-team-tab]').forEach((b) => b.addEventListener('click', () => showTeamTab(b.dataset.teamTab)));
  $('#audit-more').addEventListener('click', () => listAudit(true).catch((e) => toast(e.message)));
  $('#sign-out').addEventListener('click', async () => {
    await flushSave();
    try { await api('DELETE', '/api/session'); } catch { /* signed out already */ }
    location.href = '/';
  });
  onSubmit('#share-form', async ({ days }) => {
    const res = await api('POST', projectURL(state.project.id, '/share'), { days: Number(days) });
    $('#share-url').value = res.url;
    $('#share-new').hidden = false;
    copy($('#share-url'));
    await listShares();
  });
  onSubmit('#token-form', async ({ name }, form) => {
    const res = await api('POST', '/api/tokens', { name });
    $('#token-secret').value = res.token;
    $('#token-new').hidden = false;
    copy($('#token-secret'));
    form.reset();
    await listTokens();
  });
  onSubmit('#password-form', async ({ current, new: next }, form) => {
    await api('PUT', '/api/password', { current: current || '', new: next });
    form.reset();
    toast('Password changed. Your other sessions are signed out.', 'ok');
  });
  onSubmit('#invite-form', async ({ email, role }, form) => {
    const res = await api('POST', '/api/invites', { email, role });
    $('#invite-url').value = res.url;
    $('#invite-new').hidden = false;
    copy($('#invite-url'));
    form.reset();
    await listMembers();
  });
  onSubmit('#rename-form', async ({ name }) => {
    const res = await api('PUT', '/api/workspace', { name });
    Object.assign(session, res);
    renderWorkspaces();
    toast('Renamed.', 'ok');
  });
  onSubmit('#new-workspace-form', async ({ name }) => {
    const ws = await api('POST', '/api/workspaces', { name });
    await switchWorkspace(ws.id);
  });
  addView({ render: () => { if (state.project && state.project.id !== reviewFor) loadReview(); else renderReview(); } });

  try {
    Object.assign(session, await api('GET', '/api/session'));
  } catch (e) { toast(e.message); }
  renderWorkspaces();
}
