// SPDX-License-Identifier: MIT
// Slide operations: each is one undoable change.
import { $ } from './dom.js';
import { state, change, uid, clone, postById } from './doc.js';

export const newSlide = (items) => ({ id: uid(), kind: 'content', items: items || [], manual: true });

export function focusSlide(i) {
  const li = $(`.slide[data-index="${i}"]`);
  if (li) li.focus({ preventScroll: false });
}

export const ops = {
  insertPost(postId, i) {
    state.selected = i;
    change((p) => { const s = p.slides[i]; s.items = s.items || []; s.items.push({ post: postId }); s.manual = true; });
  },
  newSlideWithPost(postId, at) {
    state.selected = at;
    change((p) => { p.slides.splice(at, 0, newSlide([{ post: postId }])); });
  },
  applyImage(postId, i) {
    const post = postById(postId);
    if (!post || !post.media || !post.media.length) return;
    change((p) => {
      const s = p.slides[i];
      s.items = s.items || [];
      s.items.push({ image: clone(post.media[0]) });
      s.manual = true;
    });
  },
  moveSlide(from, to) {
    if (to < 0 || to >= state.project.slides.length || from === to) return;
    state.selected = to;
    change((p) => { const [s] = p.slides.splice(from, 1); p.slides.splice(to, 0, s); });
    focusSlide(to);
  },
  add(at) {
    state.selected = at;
    change((p) => { p.slides.splice(at, 0, newSlide([{ blocks: [{ type: 'paragraph', spans: [{ text: 'New slide' }] }] }])); });
  },
  duplicate(i) {
    change((p) => { const c = clone(p.slides[i]); c.id = uid(); c.manual = true; p.slides.splice(i + 1, 0, c); });
  },
  remove(i) {
    change((p) => { p.slides.splice(i, 1); });
  },
  split(i, at) {
    change((p) => {
      const s = p.slides[i];
      const rest = s.items.splice(at);
      s.manual = true;
      p.slides.splice(i + 1, 0, newSlide(rest));
    });
  },
  merge(i) {
    change((p) => {
      const a = p.slides[i], b = p.slides[i + 1];
      if (!b) return;
      a.items = (a.items || []).concat(b.items || []);
      a.manual = true;
      if (a.kind === 'cover' || a.kind === 'outro') a.kind = 'content';
      p.slides.splice(i + 1, 1);
    });
  },
  moveItem(i, j, dir) {
    const to = i + dir;
    if (to < 0 || to >= state.project.slides.length) return;
    state.selected = to;
    change((p) => {
      const [it] = p.slides[i].items.splice(j, 1);
      const t = p.slides[to];
      t.items = t.items || [];
      if (dir < 0) t.items.push(it); else t.items.unshift(it);
      p.slides[i].manual = true;
      t.manual = true;
    });
  },
  removeItem(i, j) {
    change((p) => { p.slides[i].items.splice(j, 1); p.slides[i].manual = true; });
  },
  setItemBlocks(i, j, blocks) {
    change((p) => { p.slides[i].items[j].blocks = blocks; p.slides[i].manual = true; });
  },
  /**
   * setTexts applies the slide editor: edits by item index; an index past
   * the items adds a text item. Blocks undefined links a post to its own text again.
   */
  setTexts(i, edits) {
    change((p) => {
      const s = p.slides[i];
      s.items = s.items || [];
      for (const [j, blocks] of edits) {
        if (j >= s.items.length) s.items.push({ blocks });
        else if (blocks === undefined) delete s.items[j].blocks;
        else s.items[j].blocks = blocks;
      }
      s.manual = true;
    });
  },
  /** addText inserts a free-text slide at index at and selects it. */
  addText(at) {
    state.selected = at;
    change((p) => { p.slides.splice(at, 0, newSlide([{ blocks: [{ type: 'paragraph', spans: [{ text: 'New slide' }] }] }])); });
  },
  /** setImage puts an image on slide i: it replaces item j's image, or adds an image item. */
  setImage(i, media, j) {
    change((p) => {
      const s = p.slides[i];
      s.items = s.items || [];
      if (j !== undefined && j >= 0 && s.items[j] && s.items[j].image) s.items[j].image = media;
      else s.items.push({ image: media });
      s.manual = true;
    });
  },
  /** editImage changes the fit, focus, crop or alt text of item j's image. */
  editImage(i, j, patch) {
    change((p) => {
      const img = p.slides[i].items[j].image;
      for (const [k, v] of Object.entries(patch)) { if (v === undefined || v === '') delete img[k]; else img[k] = v; }
      p.slides[i].manual = true;
    });
  },
  /** setStyle overrides the carousel's look on slide i; an empty value goes back to the carousel's. */
  setStyle(i, patch) {
    change((p) => {
      const s = p.slides[i];
      const st = Object.assign({}, s.style);
      for (const [k, v] of Object.entries(patch)) { if (v === undefined || v === '' || v === false || v === null) delete st[k]; else st[k] = v; }
      if (Object.keys(st).length) s.style = st; else delete s.style;
    });
  },
  resetStyle(i) {
    change((p) => { delete p.slides[i].style; });
  },
};
