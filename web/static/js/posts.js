// SPDX-License-Identifier: MIT
// The Source zone's post cards: pick, insert, apply image.
import { $, el, fill, toast, showTab, isPhone } from './dom.js';
import { mediaURL, projectURL } from './api.js';
import { state, addView, textOfBlocks } from './doc.js';
import { ops } from './ops.js';
import { renderSlides } from './slides.js';

let memoKey = '';

function slidesUsing(postId) {
  const out = [];
  state.project.slides.forEach((s, i) => { if ((s.items || []).some((it) => it.post === postId)) out.push(i + 1); });
  return out;
}

export function renderPosts() {
  const list = $('#posts');
  const memo = state.project ? JSON.stringify([state.project.id, state.picked, state.readOnly, state.project.thread.posts.length,
    state.project.slides.map((s) => (s.items || []).map((it) => it.post || '').join(','))]) : '';
  if (memo && memo === memoKey && list.childNodes.length) return;
  memoKey = memo;
  fill(list);
  $('#posts-head').hidden = !state.project;
  if (!state.project) return;
  const t = state.project.thread;
  // A read-only role reads the posts; it cannot place them.
  const ro = state.readOnly;
  t.posts.forEach((post, idx) => {
    const author = post.author || t.author || {};
    const used = slidesUsing(post.id);
    const media = (post.media || [])[0];
    const thumbURL = media ? mediaURL(media.src) || projectURL(state.project.id, '/posts/' + encodeURIComponent(post.id) + '/media/0') : '';
    const card = el('li', {
      class: 'post-card' + (state.picked === post.id ? ' picked' : ''),
      tabindex: '0',
      'aria-label': 'Post #' + (idx + 1) + (state.picked === post.id ? ', picked' : ''),
      dataset: ro ? { post: post.id } : { post: post.id, drag: 'post' },
    },
    el('div', { class: 'post-head' },
      ro ? null : el('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag onto a slide' }, '⠿'),
      el('strong', { class: 'post-num' }, 'Post #' + (idx + 1)),
      el('span', { class: 'post-author' }, [author.name, author.handle ? '@' + author.handle : ''].filter(Boolean).join(' ')),
      used.length ? el('span', { class: 'badge', title: 'Used on slide ' + used.join(', ') }, 'slide ' + used.join(', ')) : null),
    post.placeholder ? el('p', { class: 'notice' }, '⚠ ' + post.placeholder) : null,
    post.truncated ? el('p', { class: 'notice' }, '⚠ Only the start of this long post could be fetched.') : null,
    el('p', { class: 'post-text' }, textOfBlocks(post.blocks)),
    media ? (thumbURL ? el('img', { class: 'post-thumb', src: thumbURL, alt: media.alt || 'Image of post #' + (idx + 1), loading: 'lazy' })
      : el('p', { class: 'media-badge' }, media.type === 'photo' ? '🖼 Image' : '▶ ' + media.type)) : null,
    ro ? null : el('div', { class: 'post-actions' },
      el('button', { type: 'button', class: 'btn small', 'data-action': 'insert', title: 'Add this post to the selected slide' }, 'Insert'),
      media ? el('button', { type: 'button', class: 'btn small', 'data-action': 'apply-image', title: 'Put this image on the selected slide' }, 'Apply Image') : null,
      el('button', { type: 'button', class: 'btn small ghost', 'data-action': 'pick', 'aria-pressed': String(state.picked === post.id), title: 'Pick, then choose where it goes' }, state.picked === post.id ? 'Picked' : 'Pick')));
    const thumb = card.querySelector('.post-thumb');
    if (thumb) {
      // An image the server could not fetch shows as a badge, not a broken picture.
      thumb.addEventListener('error', () => thumb.replaceWith(el('p', { class: 'media-badge' }, '🖼 Image could not be loaded')), { once: true });
    }
    list.append(card);
  });
}

function onPostsClick(e) {
  const card = e.target.closest('.post-card');
  if (!card || !state.project || state.readOnly) return;
  const id = card.dataset.post;
  const action = e.target.closest('[data-action]');
  if (!action) return;
  const i = Math.min(state.selected, state.project.slides.length - 1);
  switch (action.dataset.action) {
    case 'insert':
      if (i < 0) ops.newSlideWithPost(id, 0); else ops.insertPost(id, i);
      if (isPhone()) toast('Added to slide ' + (Math.max(i, 0) + 1) + '.', 'ok');
      break;
    case 'apply-image':
      if (i >= 0) ops.applyImage(id, i);
      break;
    case 'pick':
      state.picked = state.picked === id ? null : id;
      renderPosts();
      renderSlides();
      // On a phone the slides are on another tab: go there to place it.
      if (state.picked && isPhone()) {
        showTab('slides');
        toast('Now press “Insert here” on a slide, or “+ New slide” between two.', 'ok');
      }
      break;
  }
}

function onPostsKey(e) {
  const card = e.target.closest('.post-card');
  if (!card || e.target !== card || state.readOnly) return;
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    state.picked = state.picked === card.dataset.post ? null : card.dataset.post;
    renderPosts();
    renderSlides();
    const again = $(`.post-card[data-post="${CSS.escape(card.dataset.post)}"]`);
    if (again) again.focus();
  }
}

export function initPosts() {
  const posts = $('#posts');
  posts.addEventListener('click', onPostsClick);
  posts.addEventListener('keydown', onPostsKey);
  addView({ render: () => renderPosts() });
}
