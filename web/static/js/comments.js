// SPDX-License-Identifier: MIT
// Comments on slides: each slide of the Slides zone shows how many comments
// it has (from the team and from clients on review links); opening them
// lists them and adds one. A comment follows its project slide when
// slides move; comments on a slide since deleted stay on their number.
import { $, $$, el, fill, toast } from './dom.js';
import { api, projectURL } from './api.js';
import { state, addView } from './doc.js';

const comments = { project: '', list: [], open: new Set() };

/** slideIdOf returns the project slide id a comment belongs to now. */
export function slideIdOf(c) {
  if (c.slideId && state.rendered.has(c.slideId)) return c.slideId;
  for (const [id, rendered] of state.rendered) {
    if (rendered.some((r) => r.n === c.slide)) return id;
  }
  return '';
}

async function load() {
  const p = state.project;
  if (!p) return;
  comments.project = p.id;
  try {
    comments.list = (await api('GET', projectURL(p.id, '/comments'))).comments;
  } catch { comments.list = []; }
  decorate();
}

function commentItem(c) {
  const del = el('button', { type: 'button', class: 'icon-btn small', title: 'Delete comment', 'aria-label': 'Delete comment', onclick: async () => {
    try {
      await api('DELETE', projectURL(state.project.id, '/comments/' + encodeURIComponent(c.id)));
      comments.list = comments.list.filter((x) => x.id !== c.id);
      decorate();
    } catch (e) { toast(e.message); }
  } }, '✕');
  return el('li', { class: 'comment' + (c.client ? ' client' : '') },
    el('div', { class: 'comment-head' }, el('strong', null, c.author), c.client ? el('span', { class: 'tag' }, 'client') : null,
      el('time', { datetime: c.created }, new Date(c.created).toLocaleString()), state.readOnly ? null : del),
    el('p', null, c.body));
}

/** decorate adds each slide's comments to the Slides zone, after it redraws. */
function decorate() {
  if (!state.project || comments.project !== state.project.id) return;
  const byId = new Map();
  for (const c of comments.list) {
    const id = slideIdOf(c);
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id).push(c);
  }
  for (const li of $$('#slides .slide')) {
    const id = li.dataset.id;
    const mine = byId.get(id) || [];
    const bar = $('.slide-bar', li);
    let badge = $('.comment-badge', li);
    if (!badge) {
      badge = el('button', { type: 'button', class: 'comment-badge', 'data-comments': id });
      bar.insertBefore(badge, $('.spacer', bar).nextSibling);
    }
    badge.textContent = mine.length ? `💬 ${mine.length}` : '💬';
    badge.title = mine.length ? `${mine.length} comment${mine.length > 1 ? 's' : ''}` : 'Comment on this slide';
    badge.setAttribute('aria-label', badge.title);
    badge.setAttribute('aria-expanded', String(comments.open.has(id)));
    badge.classList.toggle('has', mine.length > 0);
    badge.classList.toggle('from-client', mine.some((c) => c.client));
    let box = $('.slide-comments', li);
    if (!comments.open.has(id)) { if (box) box.remove(); continue; }
    if (!box) {
      box = el('div', { class: 'slide-comments' });
      $('.slide-body', li).after(box);
    }
    const input = el('textarea', { rows: '2', maxlength: '2000', placeholder: 'Comment on this slide…', 'aria-label': 'Comment on this slide' });
    const form = el('form', { class: 'comment-form' }, input, el('button', { type: 'submit', class: 'btn small' }, 'Comment'));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const rendered = state.rendered.get(id) || [];
      if (!input.value.trim() || !rendered.length) return;
      try {
        const c = await api('POST', projectURL(state.project.id, '/comments'), { slide: rendered[0].n, body: input.value });
        comments.list.push(c);
        decorate();
      } catch (e) { toast(e.message); }
    });
    fill(box, mine.length ? el('ul', { class: 'comments' }, ...mine.map(commentItem)) : el('p', { class: 'hint' }, 'No comments yet.'), form);
  }
}

export function initComments() {
  $('#slides').addEventListener('click', (e) => {
    const b = e.target.closest('[data-comments]');
    if (!b) return;
    e.stopPropagation();
    const id = b.dataset.comments;
    if (comments.open.has(id)) comments.open.delete(id); else comments.open.add(id);
    decorate();
  }, true);
  // Every redraw of the slides (a selection, a closed preview) drops the badges: put them back.
  document.addEventListener('studio:slides-drawn', () => decorate());
  addView({
    render: () => { if (state.project && state.project.id !== comments.project) load(); },
  });
}
