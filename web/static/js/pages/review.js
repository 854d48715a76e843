// SPDX-License-Identifier: MIT
// The client review page: every slide as a picture, swipeable on a phone,
// comments per slide, and Approve or Request changes, without an account.
import { onSubmit, send } from './form.js';

const secret = document.body.dataset.secret;
const api = `/api/review/${secret}`;
const track = document.getElementById('track');
const counter = document.getElementById('counter');
const dots = document.getElementById('dots');
const list = document.getElementById('comments');
const commentSlide = document.getElementById('comment-slide');
const author = document.getElementById('author');
const stateBadge = document.getElementById('state');
const decisionMsg = document.getElementById('decision-msg');

const stateText = {
  pending: 'Waiting for your review',
  approved: 'Approved',
  changes_requested: 'Changes requested',
};

/** @type {{slides: {number:number,key:string,alt:string,slideId?:string}[], comments: any[], review: any, width:number, height:number}} */
let data;
let current = 0;

/**
 * The rendered slide (0-based) a comment belongs to: the slide that now
 * shows its project slide, so comments follow slides that moved; else the
 * number it was made on.
 */
export function slideOfComment(slides, c) {
  if (c.slideId) {
    const same = slides.filter((s) => s.slideId === c.slideId);
    if (same.length === 1) return same[0].number - 1;
    const exact = same.find((s) => s.number === c.slide);
    if (exact) return exact.number - 1;
    if (same.length) return same[0].number - 1;
  }
  return Math.min(Math.max(c.slide, 1), slides.length) - 1;
}

function commentsOf(i) {
  return data.comments.filter((c) => slideOfComment(data.slides, c) === i);
}

function renderComments() {
  commentSlide.textContent = String(current + 1);
  list.replaceChildren();
  const mine = commentsOf(current);
  if (!mine.length) {
    const li = document.createElement('li');
    li.className = 'muted empty';
    li.textContent = 'No comments on this slide yet.';
    list.append(li);
  }
  for (const c of mine) {
    const li = document.createElement('li');
    li.className = c.client ? 'comment client' : 'comment team';
    const who = document.createElement('strong');
    who.textContent = c.author;
    const when = document.createElement('time');
    when.dateTime = c.created;
    when.textContent = new Date(c.created).toLocaleString();
    const body = document.createElement('p');
    body.textContent = c.body;
    li.append(who, ' ', when, body);
    list.append(li);
  }
  for (const [i, dot] of [...dots.children].entries()) {
    const n = commentsOf(i).length;
    dot.querySelector('.count').textContent = n ? String(n) : '';
  }
}

function renderState() {
  const st = data.review.state;
  stateBadge.dataset.state = st;
  stateBadge.textContent = stateText[st] || st;
  const last = data.review.decisions[0];
  decisionMsg.textContent = last
    ? `${stateText[last.state]} by ${last.author} on ${new Date(last.created).toLocaleString()}${last.revision !== data.review.revision ? ' — the carousel has changed since' : ''}.`
    : '';
}

function show(i, scroll = true) {
  current = Math.max(0, Math.min(i, data.slides.length - 1));
  counter.textContent = `${current + 1} / ${data.slides.length}`;
  for (const [j, dot] of [...dots.children].entries()) dot.querySelector('button').setAttribute('aria-current', j === current ? 'true' : 'false');
  if (scroll) track.children[current]?.scrollIntoView({ behavior: 'smooth', block: 'nearest', inline: 'start' });
  renderComments();
}

async function load() {
  data = await send('GET', api);
  track.style.setProperty('--ratio', `${data.width} / ${data.height}`);
  track.replaceChildren();
  dots.replaceChildren();
  for (const s of data.slides) {
    const fig = document.createElement('figure');
    fig.className = 'slide';
    const img = document.createElement('img');
    img.src = `${api}/slides/${s.number}.png?k=${encodeURIComponent(s.key)}`;
    img.alt = s.alt || `Slide ${s.number}`;
    img.width = data.width;
    img.height = data.height;
    img.loading = s.number <= 2 ? 'eager' : 'lazy';
    img.decoding = 'async';
    fig.append(img);
    track.append(fig);
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.setAttribute('aria-label', `Slide ${s.number}`);
    b.textContent = String(s.number);
    const count = document.createElement('span');
    count.className = 'count';
    b.append(count);
    b.addEventListener('click', () => show(s.number - 1));
    li.append(b);
    dots.append(li);
  }
  // Swiping (scroll snapping) moves the current slide.
  const seen = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (e.isIntersecting && e.intersectionRatio > 0.6) show([...track.children].indexOf(e.target), false);
    }
  }, { root: track, threshold: [0.6] });
  for (const fig of track.children) seen.observe(fig);
  show(0, false);
  renderState();
}

document.getElementById('prev').addEventListener('click', () => show(current - 1));
document.getElementById('next').addEventListener('click', () => show(current + 1));
track.addEventListener('keydown', (ev) => {
  if (ev.key === 'ArrowRight') { ev.preventDefault(); show(current + 1); }
  if (ev.key === 'ArrowLeft') { ev.preventDefault(); show(current - 1); }
});

author.value = localStorage.getItem('carousel-reviewer') || '';
author.addEventListener('change', () => localStorage.setItem('carousel-reviewer', author.value.trim()));

const form = document.getElementById('comment-form');
onSubmit(form, async ({ author: name, body }) => {
  const c = await send('POST', `${api}/comments`, { slide: current + 1, author: name, body });
  localStorage.setItem('carousel-reviewer', name.trim());
  data.comments.push(c);
  form.elements.namedItem('body').value = '';
  renderComments();
});

async function decide(state) {
  const name = author.value.trim();
  if (!name) {
    author.focus();
    decisionMsg.textContent = 'Give your name first, above.';
    return;
  }
  for (const b of document.querySelectorAll('.decision button')) b.disabled = true;
  try {
    data.review = await send('POST', `${api}/decision`, { state, author: name, note: document.getElementById('note').value });
    document.getElementById('note').value = '';
    renderState();
  } catch (err) {
    decisionMsg.textContent = err.message;
  } finally {
    for (const b of document.querySelectorAll('.decision button')) b.disabled = false;
  }
}
document.getElementById('approve').addEventListener('click', () => decide('approved'));
document.getElementById('changes').addEventListener('click', () => decide('changes_requested'));

if (secret) {
  load().catch((err) => {
    track.textContent = err.message;
  });
}
