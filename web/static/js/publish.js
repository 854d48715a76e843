// SPDX-License-Identifier: MIT
// Publish: connected accounts, a caption per platform with its live count,
// now or later, and the list and calendar of scheduled and past posts.
import { $, $$, el, fill, toast, signal, ask, confirmAction } from './dom.js';
import { api, projectURL, ApiError } from './api.js';
import { state, addView, flushSave } from './doc.js';
import { session, may } from './team.js';

/** canEdit: composing and changing posts needs the editor role on a team server. */
const canEdit = () => !session.auth || may('editor');

const LABELS = { linkedin: 'LinkedIn', instagram: 'Instagram', threads: 'Threads', tiktok: 'TikTok' };
const PRIVACY = [
  ['PUBLIC_TO_EVERYONE', 'Everyone'],
  ['MUTUAL_FOLLOW_FRIENDS', 'Friends (followers you follow back)'],
  ['FOLLOWER_OF_CREATOR', 'Followers'],
  ['SELF_ONLY', 'Only me'],
];
const STATES = {
  scheduled: 'Scheduled', running: 'Publishing…', published: 'Published', failed: 'Failed', cancelled: 'Cancelled', check: 'Check on the platform',
};

const pub = {
  status: null, // GET /api/publish/platforms
  accounts: [],
  plans: {}, // by platform
  chosen: new Set(), // account ids
  captions: {}, // by platform: the text the person edits
  edited: new Set(), // platforms whose caption the person changed
  tiktok: { privacy: '', disableComment: false, draft: false },
  /**
   * What TikTok says each chosen TikTok account may post, by account id:
   * {loading} while asking, {info} (GET …/creator-info), or {error}. Asked
   * afresh each time the dialog opens, as TikTok requires before a post.
   */
  creators: {},
  when: 'now',
  at: '',
  split: false,
  tab: 'compose',
  view: 'list',
  scope: 'project',
  month: null, // first day of the calendar's month
  posts: [],
  timer: 0,
  planFor: '', // project id and revision the plans are for
};

/** count is a caption's length as the platforms count it: code points, trimmed. */
export const count = (text) => [...(text || '').trim()].length;
const hashtags = (text) => ((text || '').match(/(^|[^\p{L}\p{N}_#])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*/gu) || []).length;

function platformInfo(name) {
  return ((pub.status && pub.status.platforms) || []).find((p) => p.name === name) || { name, label: LABELS[name] || name, captionLimit: 0 };
}

function profileOfProject() {
  return (state.project && state.project.settings.brand && state.project.settings.brand.profile) || '';
}

async function load() {
  const profile = profileOfProject();
  const [status, accounts] = await Promise.all([
    api('GET', '/api/publish/platforms'),
    api('GET', '/api/social-accounts' + (profile ? '?profile=' + encodeURIComponent(profile) : '')),
  ]);
  pub.status = status;
  const order = Object.keys(LABELS);
  pub.accounts = (accounts.accounts || []).sort((a, b) => order.indexOf(a.platform) - order.indexOf(b.platform) || a.name.localeCompare(b.name));
  for (const id of [...pub.chosen]) if (!pub.accounts.some((a) => a.id === id)) pub.chosen.delete(id);
  const key = state.project ? state.project.id + '@' + state.project.revision : '';
  if (state.project && status.enabled && key !== pub.planFor) {
    const res = await api('GET', projectURL(state.project.id, '/publish/plan'));
    pub.plans = {};
    for (const p of res.plans) {
      pub.plans[p.platform] = p;
      if (!pub.edited.has(p.platform)) pub.captions[p.platform] = p.caption;
    }
    pub.planFor = key;
  }
}

async function loadPosts() {
  const q = new URLSearchParams();
  if (pub.scope === 'project' && state.project) q.set('project', state.project.id);
  if (pub.view === 'calendar') {
    const m = calendarMonth();
    q.set('from', new Date(m.getFullYear(), m.getMonth(), 1).toISOString());
    q.set('to', new Date(m.getFullYear(), m.getMonth() + 1, 1).toISOString());
  }
  const res = await api('GET', '/api/posts?' + q.toString());
  pub.posts = res.posts || [];
}

// ---- compose ----

function accountRow(a) {
  const info = platformInfo(a.platform);
  const needs = a.status === 'reconnect';
  const box = el('input', { type: 'checkbox', checked: pub.chosen.has(a.id), disabled: needs, 'aria-label': `Post to ${a.name} on ${info.label}`, dataset: { account: a.id } });
  box.addEventListener('change', () => {
    if (box.checked) pub.chosen.add(a.id);
    else pub.chosen.delete(a.id);
    // A TikTok account is asked again each time it is chosen.
    if (box.checked && a.platform === 'tiktok') delete pub.creators[a.id];
    renderCompose();
  });
  return el('li', { class: 'account-row' + (needs ? ' needs' : ''), dataset: { platform: a.platform } },
    el('label', { class: 'account-pick' }, box,
      el('span', { class: 'pf pf-' + a.platform }, info.label),
      el('span', { class: 'account-name' }, a.name, a.username ? el('small', null, ' @' + a.username) : null,
        a.kind === 'organization' ? el('small', null, ' · page') : null)),
    needs ? el('small', { class: 'account-problem', title: a.statusMessage }, a.statusMessage || 'The platform no longer takes this token') : null,
    profileSelect(a),
    needs ? el('button', { type: 'button', class: 'btn small', onclick: () => connect(a.platform) }, 'Reconnect') : null,
    el('button', { type: 'button', class: 'icon-btn small', title: `Remove ${a.name}`, 'aria-label': `Remove ${a.name}`, onclick: () => removeAccount(a) }, '✕'));
}

// profileSelect gives the account to one brand profile, or to all of them.
function profileSelect(a) {
  if (!state.profiles || !state.profiles.length) return null;
  const sel = el('select', { class: 'account-profile', 'aria-label': `Brand profile of ${a.name}`, title: 'Which brand profiles offer this account' },
    el('option', { value: '' }, 'Every brand'),
    ...state.profiles.map((p) => el('option', { value: p.id, selected: a.profileId === p.id }, p.name)));
  sel.addEventListener('change', async () => {
    try {
      await api('PUT', '/api/social-accounts/' + encodeURIComponent(a.id), { profileId: sel.value });
      a.profileId = sel.value;
    } catch (e) { toast(e.message); sel.value = a.profileId || ''; }
  });
  return sel;
}

function connectButtons() {
  const list = (pub.status && pub.status.platforms) || [];
  return el('div', { class: 'connect-row' }, el('span', { class: 'label' }, 'Connect'),
    ...list.map((p) => el('button', {
      type: 'button', class: 'btn small', disabled: !p.connectable, title: p.connectable ? `Sign in with ${p.label} and allow posting` : p.problem,
      dataset: { connect: p.name }, onclick: () => connect(p.name),
    }, '+ ' + p.label)));
}

// ---- TikTok: the creator info query, before any choice ----

function chosenTikTok() {
  return pub.accounts.filter((a) => a.platform === 'tiktok' && pub.chosen.has(a.id));
}

/** askCreators asks TikTok about each chosen TikTok account not asked yet. */
function askCreators() {
  for (const a of chosenTikTok()) {
    if (pub.creators[a.id]) continue;
    pub.creators[a.id] = { loading: true };
    api('GET', '/api/social-accounts/' + encodeURIComponent(a.id) + '/creator-info')
      .then((info) => { pub.creators[a.id] = { info }; })
      .catch(async (e) => {
        pub.creators[a.id] = { error: e.message, reconnect: e.status === 409 };
        if (e.status === 409) {
          // TikTok refused the token: the account now shows Reconnect.
          pub.chosen.delete(a.id);
          toast(e.message);
          try { await load(); } catch { /* the list stays as it was */ }
        }
      })
      .finally(() => { if ($('#publish-dialog').open && pub.tab === 'compose') renderCompose(); });
  }
}

/** tiktokAllowed is the privacy levels every chosen TikTok account allows, once all have answered. */
function tiktokAllowed() {
  const entries = chosenTikTok().map((a) => pub.creators[a.id] || { loading: true });
  if (entries.some((c) => !c.info)) return null;
  return PRIVACY.map(([v]) => v).filter((v) => entries.every((c) => c.info.privacyLevels.includes(v)));
}

function tiktokOptions() {
  const accounts = chosenTikTok();
  const entries = accounts.map((a) => [a, pub.creators[a.id] || { loading: true }]);
  const out = [];
  for (const [a, c] of entries) {
    if (c.loading) out.push(el('p', { class: 'hint tiktok-who' }, `Asking TikTok what ${a.name} may post…`));
    else if (c.error) {
      out.push(el('div', { class: 'warning tiktok-problem', role: 'alert' }, '⚠ ' + c.error, ' ',
        c.reconnect ? el('button', { type: 'button', class: 'btn small', onclick: () => connect('tiktok') }, 'Reconnect')
          : el('button', { type: 'button', class: 'btn small', onclick: () => { delete pub.creators[a.id]; renderCompose(); } }, 'Ask again')));
    } else {
      const ci = c.info;
      out.push(el('p', { class: 'hint tiktok-who' }, 'Posting as ', el('strong', null, ci.nickname || a.name), ci.username ? ' @' + ci.username : '', ' on TikTok'));
    }
  }
  const allowed = tiktokAllowed();
  // TikTok forbids a preselected audience: nothing is chosen until the person chooses.
  if (allowed && !allowed.includes(pub.tiktok.privacy)) pub.tiktok.privacy = '';
  if (!allowed) pub.tiktok.privacy = '';
  const commentsOff = entries.some(([, c]) => c.info && c.info.commentDisabled);
  const sel = el('select', { 'aria-label': 'Who can see the TikTok post', dataset: { tiktok: 'privacy' }, disabled: !allowed || !allowed.length, required: true },
    el('option', { value: '', selected: !pub.tiktok.privacy }, allowed ? 'Choose who can see it…' : 'Waiting for TikTok…'),
    ...(allowed || []).map((v) => el('option', { value: v, selected: pub.tiktok.privacy === v }, PRIVACY.find(([p]) => p === v)[1])));
  sel.addEventListener('change', () => { pub.tiktok.privacy = sel.value; updatePublishButton(); });
  const check = (key, label, forced) => {
    const c = el('input', { type: 'checkbox', checked: forced || pub.tiktok[key], disabled: !!forced });
    c.addEventListener('change', () => { pub.tiktok[key] = c.checked; });
    return el('label', { class: 'inline', title: forced || '' }, c, ' ' + label);
  };
  out.push(el('div', { class: 'row wrap tiktok-options' }, sel,
    check('disableComment', 'Turn comments off', commentsOff ? 'Comments are off for this account in TikTok' : ''),
    check('draft', 'Send to my TikTok inbox as a draft')));
  if (allowed && !allowed.length) out.push(el('p', { class: 'warning' }, '⚠ These TikTok accounts share no privacy level: post to them one at a time.'));
  if (commentsOff) out.push(el('p', { class: 'hint' }, 'Comments are turned off for this account in TikTok, so the post has none.'));
  return out;
}

function captionBox(platform) {
  const info = platformInfo(platform);
  const plan = pub.plans[platform] || {};
  const text = pub.captions[platform] || '';
  const ta = el('textarea', { rows: platform === 'threads' ? 3 : 5, 'aria-label': `${info.label} caption`, dataset: { caption: platform } });
  ta.value = text;
  const counter = el('span', { class: 'count chars', 'aria-live': 'polite' });
  const tags = el('span', { class: 'count tags' });
  const update = () => {
    const n = count(ta.value);
    counter.textContent = `${n.toLocaleString()} / ${info.captionLimit.toLocaleString()}`;
    counter.classList.toggle('over', n > info.captionLimit);
    if (platform === 'instagram') {
      const h = hashtags(ta.value);
      tags.textContent = `${h} / 30 hashtags`;
      tags.classList.toggle('over', h > 30);
    }
    updatePublishButton();
  };
  ta.addEventListener('input', () => { pub.captions[platform] = ta.value; pub.edited.add(platform); update(); });
  const reset = el('button', { type: 'button', class: 'link-btn', onclick: () => {
    pub.captions[platform] = plan.caption || ''; pub.edited.delete(platform); renderCompose();
  } }, 'From the thread');
  const notes = [];
  if (plan.problem) notes.push(el('p', { class: 'warning' }, '⚠ ' + plan.problem));
  for (const w of plan.warnings || []) notes.push(el('p', { class: 'notice' }, w));
  const extra = [];
  if (platform === 'tiktok') extra.push(...tiktokOptions());
  const box = el('div', { class: 'caption-box', dataset: { platform } },
    el('div', { class: 'caption-head' }, el('span', { class: 'pf pf-' + platform }, info.label), el('span', { class: 'hint' }, plan.parts > 1 ? `${plan.slides} slides · ${plan.parts} posts` : `${plan.slides || 0} slides`),
      el('span', { class: 'spacer' }), tags, counter),
    ta, el('div', { class: 'row' }, reset), ...notes, ...extra);
  update();
  return box;
}

function chosenPlatforms() {
  const names = new Set(pub.accounts.filter((a) => pub.chosen.has(a.id)).map((a) => a.platform));
  return Object.keys(LABELS).filter((n) => names.has(n));
}

function problems() {
  const out = [];
  const platforms = chosenPlatforms();
  if (!platforms.length) out.push('Choose an account to post to.');
  for (const p of platforms) {
    const info = platformInfo(p);
    const plan = pub.plans[p] || {};
    if (count(pub.captions[p]) > info.captionLimit) out.push(`The ${info.label} caption is over ${info.captionLimit.toLocaleString()} characters.`);
    if (p === 'instagram' && hashtags(pub.captions[p]) > 30) out.push('Instagram takes at most 30 hashtags.');
    if (plan.problem) out.push(plan.problem);
    if (plan.parts > 1 && !pub.split) out.push(`${info.label} takes ${info.maxItems} slides per post: tick “Split into several posts” or shorten the carousel.`);
    if (p === 'tiktok') {
      const entries = chosenTikTok().map((a) => pub.creators[a.id] || { loading: true });
      if (entries.some((c) => c.error)) out.push('TikTok could not be asked what the account may post (see above).');
      else if (entries.some((c) => c.loading)) out.push('Waiting for TikTok to say what the account may post.');
      else if (!pub.tiktok.privacy) out.push('Choose who can see the TikTok post.');
    }
  }
  if (pub.when === 'later') {
    const t = new Date(pub.at);
    if (!pub.at || isNaN(t)) out.push('Choose the date and time to post.');
    else if (t < new Date(Date.now() - 60000)) out.push('That time is in the past.');
  }
  return out;
}

function updatePublishButton() {
  const btn = $('#publish-go');
  if (!btn) return;
  const list = problems();
  btn.disabled = list.length > 0;
  btn.textContent = pub.when === 'later' ? 'Schedule' : 'Publish now';
  fill($('#publish-problems'), ...list.slice(0, 3).map((m) => el('li', null, m)));
}

function renderCompose() {
  const box = $('#publish-compose');
  if (!pub.status) { fill(box, el('p', { class: 'hint' }, 'Loading…')); return; }
  if (!pub.status.enabled) {
    fill(box, el('div', { class: 'card off' }, el('h3', null, 'Publishing is off'), el('p', null, pub.status.problem),
      el('p', { class: 'hint' }, 'docs/publishing.md explains each platform, step by step.')));
    return;
  }
  askCreators();
  const platforms = chosenPlatforms();
  const needSplit = platforms.some((p) => (pub.plans[p] || {}).parts > 1);
  const now = el('input', { type: 'radio', name: 'publish-when', value: 'now', checked: pub.when === 'now' });
  const later = el('input', { type: 'radio', name: 'publish-when', value: 'later', checked: pub.when === 'later' });
  const at = el('input', { type: 'datetime-local', id: 'publish-at', value: pub.at, disabled: pub.when !== 'later', 'aria-label': 'Date and time to post' });
  for (const r of [now, later]) r.addEventListener('change', () => { pub.when = r.value; at.disabled = pub.when !== 'later'; if (pub.when === 'later' && !pub.at) { pub.at = defaultTime(); at.value = pub.at; } updatePublishButton(); });
  at.addEventListener('input', () => { pub.at = at.value; updatePublishButton(); });
  const split = el('input', { type: 'checkbox', checked: pub.split });
  split.addEventListener('change', () => { pub.split = split.checked; updatePublishButton(); });
  fill(box,
    el('section', { class: 'pub-section' }, el('h3', { class: 'label' }, 'Post to'),
      pub.accounts.length ? el('ul', { class: 'account-list' }, ...pub.accounts.map(accountRow))
        : el('p', { class: 'hint' }, 'No account is connected yet. Connect one: you sign in on the platform and allow Carousel Studio to post.'),
      connectButtons()),
    platforms.length ? el('section', { class: 'pub-section' }, el('h3', { class: 'label' }, 'Captions'), ...platforms.map(captionBox)) : null,
    el('section', { class: 'pub-section when' }, el('h3', { class: 'label' }, 'When'),
      el('div', { class: 'row wrap' }, el('label', { class: 'inline' }, now, ' Now'), el('label', { class: 'inline' }, later, ' Later'), at,
        el('span', { class: 'hint' }, Intl.DateTimeFormat().resolvedOptions().timeZone)),
      needSplit ? el('label', { class: 'inline' }, split, ' Split into several posts where a platform takes fewer slides') : null,
      el('p', { class: 'hint' }, 'A scheduled post keeps the slides as they are now; the server posts it at its time, even after a restart.')),
    el('div', { class: 'publish-actions' }, el('ul', { id: 'publish-problems', class: 'problems' }),
      el('button', { type: 'button', class: 'btn primary', id: 'publish-go', onclick: submit }, 'Publish now')));
  updatePublishButton();
}

function defaultTime() {
  const t = new Date(Date.now() + 24 * 3600 * 1000);
  t.setHours(9, 0, 0, 0);
  return localInput(t);
}

function localInput(d) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

async function submit() {
  const btn = $('#publish-go');
  btn.disabled = true;
  btn.textContent = pub.when === 'later' ? 'Scheduling…' : 'Publishing…';
  try {
    await flushSave();
    const accounts = pub.accounts.filter((a) => pub.chosen.has(a.id)).map((a) => ({
      account: a.id, caption: pub.captions[a.platform] || '',
      options: a.platform === 'tiktok' ? { privacy: pub.tiktok.privacy, disableComment: pub.tiktok.disableComment || !!(pub.creators[a.id]?.info?.commentDisabled), draft: pub.tiktok.draft } : {},
    }));
    const body = { accounts, split: pub.split };
    if (pub.when === 'later') body.at = new Date(pub.at).toISOString();
    const res = await api('POST', projectURL(state.project.id, '/publish'), body);
    const n = res.posts.length;
    toast(pub.when === 'later' ? `Scheduled ${n} post${n > 1 ? 's' : ''}.` : `Publishing ${n} post${n > 1 ? 's' : ''}…`, 'ok');
    signal('published', { posts: res.posts });
    pub.tab = 'posts';
    pub.view = 'list';
    await showTab();
  } catch (e) {
    toast(e.message);
    updatePublishButton();
  }
}

async function connect(platform) {
  try {
    await flushSave();
    const res = await api('POST', '/api/social-accounts/connect', { platform, profileId: profileOfProject(), project: state.project ? state.project.id : '' });
    location.href = res.url;
  } catch (e) { toast(e.message); }
}

async function removeAccount(a) {
  if (!await confirmAction(`Remove ${a.name} (${LABELS[a.platform]})? Its scheduled posts are cancelled; its past posts stay listed.`, 'Remove')) return;
  try {
    await api('DELETE', '/api/social-accounts/' + encodeURIComponent(a.id));
    pub.chosen.delete(a.id);
    await load();
    renderCompose();
  } catch (e) { toast(e.message); }
}

// ---- posts: list and calendar ----

function when(j) {
  return new Date(j.scheduledAt).toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

function postActions(j) {
  const act = (label, fn, cls) => el('button', { type: 'button', class: 'btn small' + (cls ? ' ' + cls : ''), dataset: { postAction: label.toLowerCase() }, onclick: fn }, label);
  const out = [];
  if (j.state === 'published' && j.postUrl) out.push(el('a', { class: 'btn small', href: j.postUrl, target: '_blank', rel: 'noopener' }, 'View post ↗'));
  if (!canEdit()) return out;
  if (j.state === 'scheduled') out.push(act('Cancel', () => postCall(j, 'cancel'), 'danger'));
  if (j.state === 'failed' || j.state === 'cancelled' || j.state === 'check') out.push(act('Retry', () => postCall(j, 'retry')));
  if (j.state === 'check') out.push(act('Mark published', () => markPublished(j)));
  return out;
}

function postRow(j) {
  const thumb = j.preview
    ? el('img', { class: 'post-thumb-sm', src: `/api/posts/${encodeURIComponent(j.id)}/preview.jpg`, alt: '', loading: 'lazy' })
    : el('span', { class: 'post-thumb-sm pdf', 'aria-hidden': 'true' }, j.platform === 'linkedin' ? 'PDF' : '');
  const first = (j.caption || '').split('\n')[0];
  return el('li', { class: 'post-row', dataset: { post: j.id, state: j.state } }, thumb,
    el('div', { class: 'post-main' },
      el('div', { class: 'row wrap' }, el('span', { class: 'pf pf-' + j.platform }, LABELS[j.platform] || j.platform), el('strong', null, j.accountName),
        el('span', { class: 'hint' }, when(j)), el('span', { class: 'state state-' + j.state }, STATES[j.state] || j.state),
        j.parts > 1 ? el('span', { class: 'badge' }, `part ${j.part}/${j.parts}`) : null),
      el('div', { class: 'post-caption' }, pub.scope === 'all' ? el('em', null, j.projectTitle + ' — ') : null, first || el('span', { class: 'hint' }, 'no caption')),
      j.error ? el('p', { class: j.state === 'scheduled' ? 'notice' : 'warning' }, j.error) : null),
    el('div', { class: 'post-actions' }, ...postActions(j)));
}

function calendarMonth() {
  if (!pub.month) { const d = new Date(); pub.month = new Date(d.getFullYear(), d.getMonth(), 1); }
  return pub.month;
}

function renderCalendar() {
  const m = calendarMonth();
  const first = new Date(m.getFullYear(), m.getMonth(), 1);
  const start = new Date(first);
  start.setDate(1 - ((first.getDay() + 6) % 7)); // Monday first
  const byDay = new Map();
  for (const j of pub.posts) {
    const d = new Date(j.scheduledAt);
    const k = d.toDateString();
    if (!byDay.has(k)) byDay.set(k, []);
    byDay.get(k).push(j);
  }
  const head = el('div', { class: 'cal-head' },
    el('button', { type: 'button', class: 'icon-btn small', 'aria-label': 'Previous month', onclick: () => moveMonth(-1) }, '‹'),
    el('strong', null, m.toLocaleDateString(undefined, { month: 'long', year: 'numeric' })),
    el('button', { type: 'button', class: 'icon-btn small', 'aria-label': 'Next month', onclick: () => moveMonth(1) }, '›'));
  const names = [];
  for (let i = 0; i < 7; i++) names.push(el('div', { class: 'cal-dow' }, new Date(2024, 0, 1 + i).toLocaleDateString(undefined, { weekday: 'short' })));
  const cells = [];
  const today = new Date().toDateString();
  for (let i = 0; i < 42; i++) {
    const d = new Date(start);
    d.setDate(start.getDate() + i);
    const posts = (byDay.get(d.toDateString()) || []).sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
    cells.push(el('div', { class: 'cal-day' + (d.getMonth() !== m.getMonth() ? ' other' : '') + (d.toDateString() === today ? ' today' : '') },
      el('span', { class: 'cal-n' }, String(d.getDate())),
      ...posts.map((j) => el(j.postUrl ? 'a' : 'span', {
        class: 'cal-chip state-' + j.state, href: j.postUrl || undefined, target: j.postUrl ? '_blank' : undefined, rel: j.postUrl ? 'noopener' : undefined,
        title: `${LABELS[j.platform]} · ${j.accountName} · ${STATES[j.state]}${j.error ? ' — ' + j.error : ''}`,
      }, new Date(j.scheduledAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) + ' ' + (LABELS[j.platform] || j.platform)))));
  }
  return el('div', { class: 'calendar' }, head, el('div', { class: 'cal-grid' }, ...names, ...cells));
}

async function moveMonth(by) {
  const m = calendarMonth();
  pub.month = new Date(m.getFullYear(), m.getMonth() + by, 1);
  await refreshPosts();
}

function renderPostsTab() {
  const box = $('#publish-posts');
  const seg = (key, value, label) => el('button', { type: 'button', class: 'seg' + (pub[key] === value ? ' on' : ''), 'aria-pressed': String(pub[key] === value),
    onclick: async () => { pub[key] = value; await refreshPosts(); } }, label);
  const tools = el('div', { class: 'row wrap posts-tools' },
    el('div', { class: 'segmented', role: 'group', 'aria-label': 'Which posts' }, seg('scope', 'project', 'This carousel'), seg('scope', 'all', 'All')),
    el('span', { class: 'spacer' }),
    el('div', { class: 'segmented', role: 'group', 'aria-label': 'View' }, seg('view', 'list', 'List'), seg('view', 'calendar', 'Calendar')));
  let body;
  if (pub.view === 'calendar') body = renderCalendar();
  else if (!pub.posts.length) body = el('p', { class: 'hint empty' }, 'No posts yet. Compose one, now or for later.');
  else body = el('ul', { class: 'post-list' }, ...pub.posts.map(postRow));
  fill(box, tools, body);
}

async function refreshPosts() {
  try {
    await loadPosts();
  } catch (e) { toast(e.message); }
  renderPostsTab();
  clearTimeout(pub.timer);
  // While something is on its way, keep the list current.
  if ($('#publish-dialog').open && pub.tab === 'posts' && pub.posts.some((j) => j.state === 'scheduled' || j.state === 'running')) {
    pub.timer = setTimeout(refreshPosts, 2500);
  }
}

async function postCall(j, what) {
  try {
    await api('POST', `/api/posts/${encodeURIComponent(j.id)}/${what}`);
    toast(what === 'cancel' ? 'Post cancelled.' : 'Post scheduled again.', 'ok');
  } catch (e) { toast(e.message); }
  await refreshPosts();
}

async function markPublished(j) {
  const url = await ask('The address of the live post (https://…):', '', 'Mark published');
  if (!url) return;
  try {
    await api('POST', `/api/posts/${encodeURIComponent(j.id)}/published`, { url });
  } catch (e) { toast(e.message); }
  await refreshPosts();
}

// ---- the dialog ----

async function showTab() {
  $$('#publish-dialog [data-pubtab]').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.pubtab === pub.tab)));
  $('#publish-compose').hidden = pub.tab !== 'compose';
  $('#publish-posts').hidden = pub.tab !== 'posts';
  if (pub.tab === 'compose') renderCompose();
  else await refreshPosts();
}

/** openPublish opens the Publish dialog on a tab ('compose' or 'posts'). */
export async function openPublish(tab) {
  const d = $('#publish-dialog');
  if (tab) pub.tab = tab;
  // TikTok is asked again before each post, and nothing stays chosen for it.
  if (!d.open) { pub.creators = {}; pub.tiktok.privacy = ''; }
  if (!state.project || !canEdit()) pub.tab = 'posts';
  $('#publish-title').textContent = state.project ? `Publish “${state.project.title || 'Untitled'}”` : 'Posts';
  $('[data-pubtab="compose"]').disabled = !state.project || !canEdit();
  if (!d.open) d.showModal();
  renderCompose();
  try {
    await flushSave();
    await load();
  } catch (e) {
    toast(e instanceof ApiError ? e.message : String(e));
  }
  await showTab();
  signal('publish-open', { tab: pub.tab });
}

// The address the page was opened at: opening the project rewrites it.
const opened = new URLSearchParams(location.search);

/** publishAfterStart handles the return from a platform's sign-in. */
export async function publishAfterStart() {
  const q = opened;
  const ok = q.get('connected'), bad = q.get('connectError');
  if (!ok && !bad) return;
  const keep = new URLSearchParams(location.search);
  for (const k of ['connected', 'connectError', 'accounts']) keep.delete(k);
  history.replaceState(null, '', '/' + (keep.toString() ? '?' + keep.toString() : ''));
  await openPublish('compose');
  if (ok) {
    toast(`${LABELS[ok] || ok} connected: ${q.get('accounts') || 'the account'}.`, 'ok');
    // Tick what was just connected.
    for (const a of pub.accounts) if (a.platform === ok && a.status === 'connected') pub.chosen.add(a.id);
    renderCompose();
  } else {
    toast(bad);
  }
}

export function initPublish() {
  $('#publish-open').addEventListener('click', () => openPublish(state.project ? 'compose' : 'posts'));
  $$('#publish-dialog [data-pubtab]').forEach((b) => b.addEventListener('click', async () => { pub.tab = b.dataset.pubtab; await showTab(); }));
  $('#publish-dialog').addEventListener('close', () => clearTimeout(pub.timer));
  // A saved edit makes the plans (slide counts, default captions) stale.
  addView({
    layout: () => { pub.planFor = ''; },
    // Clients review; they have no posts to see.
    render: () => { $('#publish-open').hidden = session.auth && !may('viewer'); },
  });
}
