// SPDX-License-Identifier: MIT
// Carousel Studio: the studio page. Plain JS, no framework, no build step.
// Every preview is an SVG drawn by the server's render engine; this file
// only edits the project JSON, saves it and swaps pictures whose key changed.
'use strict';

(() => {
  /** @type {string} */
  const csrf = document.body.dataset.csrf || '';
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

  /**
   * el makes an element. Strings become text nodes (never HTML).
   * @param {string} tag
   * @param {Object<string, any>} [attrs]
   * @param {...(Node|string|null|undefined|false)} children
   * @returns {HTMLElement}
   */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else if (v === true) e.setAttribute(k, '');
      else e.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      e.append(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return e;
  }

  /** fill replaces a node's children, skipping empty ones. */
  function fill(node, ...children) {
    node.replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
  }

  class ApiError extends Error {
    constructor(status, code, message) { super(message); this.status = status; this.code = code; }
  }

  /**
   * api calls the JSON API with the CSRF token and returns the decoded answer.
   * @param {string} method
   * @param {string} url
   * @param {any} [body] JSON-encoded unless it is FormData
   */
  async function api(method, url, body) {
    const headers = { 'X-CSRF-Token': csrf };
    let payload;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) { payload = JSON.stringify(body); headers['Content-Type'] = 'application/json'; }
    let res;
    try {
      res = await fetch(url, { method, headers, body: payload, credentials: 'same-origin' });
    } catch {
      throw new ApiError(0, 'unavailable', 'The server cannot be reached. Is it running?');
    }
    if (res.status === 204) return null;
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (data && data.error) || { code: 'internal', message: 'HTTP ' + res.status };
      throw new ApiError(res.status, err.code, err.message);
    }
    return data;
  }

  // ---- state -------------------------------------------------------------

  const state = {
    catalog: null,
    project: null,
    /** rendered slides grouped by project slide id: {n, key, alt, continued}[] */
    rendered: new Map(),
    warnings: [],
    total: 0,
    selected: 0, // index in project.slides
    picked: null, // post id picked for keyboard insertion
    history: [],
    future: [],
    saving: false,
    saveAgain: false,
    saveTimer: 0,
    profiles: [],
    presets: [],
  };
  /** img elements by layout key, so unchanged slides keep their picture */
  const imgByKey = new Map();

  const uid = () => 's' + Math.random().toString(36).slice(2, 10);
  const clone = (v) => JSON.parse(JSON.stringify(v));

  function setStatus(text, kind) {
    const s = $('#status');
    s.textContent = text;
    s.dataset.kind = kind || '';
  }

  let toastTimer = 0;
  /** toast shows a message for a few seconds. */
  function toast(message, kind) {
    const t = $('#toast');
    t.textContent = message;
    t.dataset.kind = kind || 'error';
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, 6000);
  }

  // ---- editing and history ----------------------------------------------

  /**
   * change applies an edit to the project, records it for undo, redraws
   * and schedules a save.
   * @param {(p: any) => void} edit
   */
  function change(edit) {
    if (!state.project) return;
    const before = JSON.stringify(state.project);
    edit(state.project);
    if (JSON.stringify(state.project) === before) return;
    window.__changeAt = performance.now();
    state.history.push(before);
    if (state.history.length > 200) state.history.shift();
    state.future = [];
    afterChange();
  }

  function afterChange() {
    const n = state.project.slides.length;
    if (state.selected >= n) state.selected = Math.max(0, n - 1);
    // The PUT leaves first, so the server renders while the page redraws.
    scheduleSave();
    renderAll();
  }

  function undo() {
    flushTyping();
    if (!state.history.length) return;
    state.future.push(JSON.stringify(state.project));
    restore(state.history.pop());
  }

  function redo() {
    if (!state.future.length) return;
    state.history.push(JSON.stringify(state.project));
    restore(state.future.pop());
  }

  function restore(json) {
    const p = JSON.parse(json);
    p.revision = state.project.revision; // the server's revision moves on
    state.project = p;
    if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
    afterChange();
  }

  /**
   * scheduleSave saves at once after a quiet spell, else within 100 ms,
   * so a burst of changes becomes one PUT and a single change shows fast.
   */
  function scheduleSave() {
    clearTimeout(state.saveTimer);
    setStatus('Saving…', 'busy');
    const quiet = performance.now() - (state.lastSave || 0) > 100;
    if (quiet && !state.saving) { state.saveTimer = 0; save(); return; }
    state.saveTimer = setTimeout(save, 100);
  }

  async function save() {
    state.saveTimer = 0;
    if (state.saving) { state.saveAgain = true; return; }
    state.saving = true;
    state.lastSave = performance.now();
    const p = state.project;
    const snapshot = clone(p);
    const ids = snapshot.slides.map((s) => s.id);
    try {
      const res = await api('PUT', '/api/projects/' + encodeURIComponent(p.id), snapshot);
      if (state.project && state.project.id === res.id) {
        state.project.revision = res.revision;
        applyLayout(res, ids);
      }
      setStatus('Saved', 'ok');
    } catch (e) {
      if (e.status === 409) {
        await openProject(p.id);
        toast('This project was changed elsewhere (another tab?). Its latest version is loaded; your last change was not kept.');
      } else {
        setStatus('Not saved', 'error');
        toast(e.message);
      }
    } finally {
      state.saving = false;
    }
    if (state.saveAgain) { state.saveAgain = false; save(); }
  }

  /**
   * applyLayout records the rendered slides by project slide id.
   * @param {{slides: any[], warnings: any[]}} layout
   * @param {string[]} ids project slide ids at the time of the layout
   */
  function applyLayout(layout, ids) {
    const m = new Map();
    (layout.slides || []).forEach((rs, i) => {
      const id = ids[rs.source];
      if (!m.has(id)) m.set(id, []);
      m.get(id).push({ n: i + 1, key: rs.key, alt: rs.alt, continued: !!rs.continued });
    });
    state.rendered = m;
    state.total = (layout.slides || []).length;
    state.warnings = layout.warnings || [];
    renderSlides();
    renderPreflight();
  }

  function ensureIds(p) {
    for (const s of p.slides || []) if (!s.id) s.id = uid();
    p.slides = p.slides || [];
  }

  async function openProject(id) {
    const p = await api('GET', '/api/projects/' + encodeURIComponent(id));
    const missing = (p.slides || []).some((s) => !s.id);
    ensureIds(p);
    state.project = p;
    state.history = [];
    state.future = [];
    state.selected = 0;
    history.replaceState(null, '', '/?p=' + encodeURIComponent(p.id));
    document.title = (p.title || 'Untitled') + ' · Carousel Studio';
    renderAll(true);
    const layout = await api('GET', '/api/projects/' + encodeURIComponent(id) + '/layout');
    applyLayout(layout, p.slides.map((s) => s.id));
    setStatus('Saved', 'ok');
    if (missing) scheduleSave();
  }

  // ---- slide operations (each is one undoable change) -------------------

  const newSlide = (items) => ({ id: uid(), kind: 'content', items: items || [], manual: true });

  const ops = {
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
  };

  function postById(id) {
    return state.project && state.project.thread.posts.find((p) => p.id === id);
  }

  // ---- rendering: posts ----------------------------------------------------

  function renderAll(force) {
    const has = !!state.project;
    $('#welcome').hidden = has;
    $('#replan').hidden = !has;
    $('#title').disabled = !has;
    if (has && document.activeElement !== $('#title')) $('#title').value = state.project.title || '';
    $$('[data-export]').forEach((b) => { b.disabled = !has; });
    $('#undo').disabled = !state.history.length;
    $('#redo').disabled = !state.future.length;
    renderPosts();
    renderSlides();
    renderSettings(force);
    renderPreflight();
  }

  /** mediaURL returns a URL the page may load for an image reference, or ''. */
  function mediaURL(src) {
    if (!src) return '';
    if (src.startsWith('asset:')) return '/api/assets/' + encodeURIComponent(src);
    if (src.startsWith('data:image/')) return src;
    return '';
  }

  function slidesUsing(postId) {
    const out = [];
    state.project.slides.forEach((s, i) => { if ((s.items || []).some((it) => it.post === postId)) out.push(i + 1); });
    return out;
  }

  function renderPosts() {
    const list = $('#posts');
    const memo = state.project ? JSON.stringify([state.project.id, state.picked, state.project.thread.posts.length,
      state.project.slides.map((s) => (s.items || []).map((it) => it.post || '').join(','))]) : '';
    if (memo && memo === state.postsMemo && list.childNodes.length) return;
    state.postsMemo = memo;
    fill(list);
    $('#posts-head').hidden = !state.project;
    if (!state.project) return;
    const t = state.project.thread;
    t.posts.forEach((post, idx) => {
      const author = post.author || t.author || {};
      const used = slidesUsing(post.id);
      const media = (post.media || [])[0];
      const thumbURL = media ? mediaURL(media.src) || '/api/projects/' + encodeURIComponent(state.project.id) + '/posts/' + encodeURIComponent(post.id) + '/media/0' : '';
      const card = el('li', {
        class: 'post-card' + (state.picked === post.id ? ' picked' : ''),
        tabindex: '0',
        'aria-label': 'Post #' + (idx + 1) + (state.picked === post.id ? ', picked' : ''),
        dataset: { post: post.id, drag: 'post' },
      },
      el('div', { class: 'post-head' },
        el('span', { class: 'grip', 'aria-hidden': 'true', title: 'Drag onto a slide' }, '⠿'),
        el('strong', { class: 'post-num' }, 'Post #' + (idx + 1)),
        el('span', { class: 'post-author' }, [author.name, author.handle ? '@' + author.handle : ''].filter(Boolean).join(' ')),
        used.length ? el('span', { class: 'badge', title: 'Used on slide ' + used.join(', ') }, 'slide ' + used.join(', ')) : null),
      post.placeholder ? el('p', { class: 'notice' }, '⚠ ' + post.placeholder) : null,
      post.truncated ? el('p', { class: 'notice' }, '⚠ Only the start of this long post could be fetched.') : null,
      el('p', { class: 'post-text' }, textOfBlocks(post.blocks)),
      media ? (thumbURL ? el('img', { class: 'post-thumb', src: thumbURL, alt: media.alt || 'Image of post #' + (idx + 1), loading: 'lazy' })
        : el('p', { class: 'media-badge' }, media.type === 'photo' ? '🖼 Image' : '▶ ' + media.type)) : null,
      el('div', { class: 'post-actions' },
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

  function textOfBlocks(blocks) {
    return (blocks || []).map((b) => (b.spans || []).map((s) => s.text).join('')).join('\n\n');
  }

  // ---- rendering: slides ---------------------------------------------------

  function slideURL(r) {
    return '/api/projects/' + encodeURIComponent(state.project.id) + '/slides/' + r.n + '.svg?k=' + encodeURIComponent(r.key);
  }

  /**
   * previewImg returns the img for a rendered slide: the same element when
   * its key is unchanged; otherwise a new one that replaces the previous
   * picture only once it has loaded, so the page never flashes.
   */
  function previewImg(r, previous) {
    let img = imgByKey.get(r.key);
    if (img) return img;
    img = el('img', { class: 'preview', alt: r.alt || 'Slide ' + r.n, draggable: 'false', dataset: { key: r.key, n: String(r.n) } });
    imgByKey.set(r.key, img);
    // A busy server answers 503: ask again a little later, a few times.
    let tries = 0;
    img.addEventListener('error', () => {
      if (++tries > 4 || !img.src) return;
      setTimeout(() => { img.src = slideURL(r) + '&try=' + tries; }, 800 * tries);
    });
    if (previous && previous !== img && previous.complete && previous.naturalWidth) {
      const stand = previous;
      const fresh = img;
      const t0 = performance.now();
      fresh.addEventListener('load', () => {
        window.__lastPreviewMs = performance.now() - t0;
        if (window.__changeAt) window.__lastUpdateMs = performance.now() - window.__changeAt;
        if (stand.isConnected && stand.parentNode && stand.dataset.standIn === r.key) stand.replaceWith(fresh);
      }, { once: true });
      fresh.src = slideURL(r);
      stand.dataset.standIn = r.key;
      stand.classList.add('stale');
      return stand;
    }
    img.src = slideURL(r);
    return img;
  }

  function renderSlides() {
    const list = $('#slides');
    if (!state.project) { fill(list); $('#slide-count').textContent = ''; return; }
    // An open text editor would be lost: redraw when it closes.
    if ($('.editor-wrap', list)) { state.slidesDirty = true; return; }
    state.slidesDirty = false;
    const active = document.activeElement;
    const refocus = active && active.dataset && active.dataset.coverField && list.contains(active)
      ? { field: active.dataset.coverField, index: active.dataset.index, pos: active.selectionStart } : null;
    // Keyboard users keep their place: the focused slide, or the same button on it.
    const focusSlideEl = !refocus && active && list.contains(active) ? active.closest('.slide') : null;
    const refocusSlide = focusSlideEl ? { id: focusSlideEl.dataset.id, action: active === focusSlideEl ? '' : active.dataset.action || '' } : null;
    // Pictures shown now, by project slide id and position, to stand in for new ones.
    const shown = new Map();
    $$('.slide', list).forEach((li) => {
      shown.set(li.dataset.id, $$('.preview', li));
    });
    const keep = new Set();
    const frag = document.createDocumentFragment();
    const slides = state.project.slides;
    frag.append(gap(0));
    slides.forEach((s, i) => {
      const rendered = state.rendered.get(s.id) || [];
      const prev = shown.get(s.id) || [];
      const previews = el('div', { class: 'previews' });
      rendered.forEach((r, k) => {
        const img = previewImg(r, prev[k]);
        keep.add(r.key);
        previews.append(el('figure', { class: 'preview-wrap' }, img,
          rendered.length > 1 ? el('figcaption', { class: 'n' }, 'Slide ' + r.n + (r.continued ? ' · text continued' : '')) : null));
      });
      if (!rendered.length) previews.append(el('div', { class: 'preview placeholder' }, prev.length ? prev[0] : 'Rendering…'));
      const warns = state.warnings.filter((w) => w.slide && rendered.some((r) => r.n === w.slide));
      const li = el('li', {
        class: 'slide' + (i === state.selected ? ' selected' : ''),
        tabindex: '0',
        'aria-label': 'Slide ' + (i + 1) + ', ' + s.kind + (i === state.selected ? ', selected' : ''),
        dataset: { id: s.id, index: String(i), drop: 'slide' },
      },
      el('div', { class: 'slide-bar' },
        el('span', { class: 'grip', title: 'Drag to reorder (or Alt+↑/↓)', 'aria-hidden': 'true', dataset: { drag: 'slide' } }, '⠿'),
        el('strong', null, 'Slide ' + (i + 1)),
        el('span', { class: 'kind' }, s.kind),
        el('span', { class: 'spacer' }),
        iconBtn('↑', 'Move slide up', 'up'), iconBtn('↓', 'Move slide down', 'down'),
        iconBtn('⧉', 'Duplicate slide', 'duplicate'), iconBtn('⤓', 'Merge with the next slide', 'merge', i === slides.length - 1),
        iconBtn('✕', 'Delete slide', 'delete')),
      el('div', { class: 'slide-body' }, previews,
        el('div', { class: 'slide-tools' },
          state.picked ? el('button', { type: 'button', class: 'btn small primary', 'data-action': 'insert-here' }, 'Insert here') : null,
          s.kind === 'cover' ? coverFields(s, i) : null,
          itemList(s, i),
          warns.length ? el('ul', { class: 'warnings' }, ...warns.map((w) => warningItem(w))) : null)));
      frag.append(li, gap(i + 1));
    });
    fill(list, frag);
    list.classList.toggle('picking', !!state.picked);
    if (refocus) {
      const again = $(`[data-cover-field="${refocus.field}"][data-index="${refocus.index}"]`, list);
      if (again) { again.focus(); again.setSelectionRange(refocus.pos, refocus.pos); }
    }
    if (refocusSlide) {
      const li = $(`.slide[data-id="${CSS.escape(refocusSlide.id)}"]`, list);
      const target = li && refocusSlide.action ? $(`.slide-bar [data-action="${refocusSlide.action}"]`, li) : li;
      if (target && !target.disabled) target.focus({ preventScroll: true }); else if (li) li.focus({ preventScroll: true });
    }
    for (const k of imgByKey.keys()) if (!keep.has(k)) imgByKey.delete(k);
    $('#slide-count').textContent = state.total ? state.total + ' slides rendered' : '';
  }

  function iconBtn(label, title, action, disabled) {
    return el('button', { type: 'button', class: 'icon-btn small', title, 'aria-label': title, 'data-action': action, disabled: !!disabled }, label);
  }

  function gap(at) {
    return el('li', { class: 'gap', dataset: { drop: 'gap', index: String(at) }, 'aria-hidden': state.picked ? null : 'true' },
      state.picked
        ? el('button', { type: 'button', class: 'btn small', 'data-action': 'new-here' }, '+ New slide with the picked post')
        : el('button', { type: 'button', class: 'gap-add', 'data-action': 'add-here', title: 'Add a slide here', 'aria-label': 'Add a slide here', tabindex: '-1' }, '+'));
  }

  function coverFields(s, i) {
    const input = (field, label, placeholder) => el('label', { class: 'mini-field' }, el('span', null, label),
      el('input', { value: s[field] || '', placeholder, dataset: { coverField: field, index: String(i) } }));
    return el('div', { class: 'cover-fields' }, input('title', 'Hook', 'From the first post'), input('subtitle', 'Subtitle', 'Optional line under the hook'));
  }

  function itemLabel(it) {
    if (it.post) {
      const idx = state.project.thread.posts.findIndex((p) => p.id === it.post);
      const post = state.project.thread.posts[idx];
      if (it.to && it.from === it.to) return { head: 'Post #' + (idx + 1) + ' · image only', text: '' };
      let blocks = it.blocks && it.blocks.length ? it.blocks : post ? post.blocks : [];
      if (!(it.blocks && it.blocks.length) && (it.from || it.to)) blocks = blocks.slice(it.from || 0, it.to || blocks.length);
      const text = textOfBlocks(blocks);
      return { head: 'Post #' + (idx + 1) + (it.blocks && it.blocks.length ? ' (edited)' : ''), text };
    }
    if (it.image && !(it.blocks && it.blocks.length)) return { head: 'Image', text: it.image.alt || '' };
    return { head: 'Text', text: textOfBlocks(it.blocks) };
  }

  function itemList(s, i) {
    const items = s.items || [];
    if (!items.length) return el('p', { class: 'hint' }, s.kind === 'outro' ? 'Outro: set its call to action in Settings.' : 'Empty slide: drop a post here.');
    const last = state.project.slides.length - 1;
    return el('ol', { class: 'items' }, ...items.map((it, j) => {
      const { head, text } = itemLabel(it);
      return el('li', { class: 'item', dataset: { item: String(j) } },
        el('div', { class: 'item-text' }, el('strong', null, head), el('span', null, text.slice(0, 90) + (text.length > 90 ? '…' : ''))),
        el('div', { class: 'item-actions' },
          (it.image && !it.post && !(it.blocks && it.blocks.length)) || (it.to && it.from === it.to) ? null : iconBtn('✎', 'Edit text', 'edit-item'),
          iconBtn('⇡', 'Move to the previous slide', 'item-prev', i === 0),
          iconBtn('⇣', 'Move to the next slide', 'item-next', i === last),
          j > 0 ? iconBtn('✂', 'Split the slide here', 'split') : null,
          iconBtn('✕', 'Remove from the slide', 'remove-item')));
    }));
  }

  function warningItem(w) {
    const fix = (w.code === 'overflow' || w.code === 'shrunk')
      ? el('button', { type: 'button', class: 'link-btn', 'data-action': 'fix-shrink', title: 'Allow text to shrink more before it continues' }, 'Let text shrink more')
      : null;
    return el('li', { class: 'warning' }, el('span', null, '⚠ ' + w.message), fix);
  }

  function focusSlide(i) {
    const li = $(`.slide[data-index="${i}"]`);
    if (li) li.focus({ preventScroll: false });
  }

  // ---- inline text editor ------------------------------------------------

  /** openEditor replaces an item row with a small rich text editor (bold and italic only). */
  function openEditor(li, i, j) {
    const it = state.project.slides[i].items[j];
    const post = it.post ? postById(it.post) : null;
    let blocks = it.blocks && it.blocks.length ? it.blocks : post ? post.blocks : [];
    if (post && (it.from || it.to)) blocks = blocks.slice(it.from || 0, it.to || blocks.length);
    const area = el('div', { class: 'editor', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Slide text' });
    for (const b of blocks) {
      const p = el('p');
      for (const s of b.spans || []) {
        let node = document.createTextNode(s.text);
        if (s.italic) { const x = el('i'); x.append(node); node = x; }
        if (s.bold) { const x = el('b'); x.append(node); node = x; }
        p.append(node);
      }
      if (!p.childNodes.length) p.append(el('br'));
      area.append(p);
    }
    if (!area.childNodes.length) area.append(el('p', null, el('br')));
    const done = () => {
      const edited = blocksFromEditor(area, blocks);
      wrap.remove();
      li.hidden = false;
      if (JSON.stringify(edited) !== JSON.stringify(blocks)) ops.setItemBlocks(i, j, edited);
      else if (state.slidesDirty) renderSlides();
    };
    const fmt = (cmd) => { document.execCommand('styleWithCSS', false, 'false'); document.execCommand(cmd); area.focus(); };
    const wrap = el('div', { class: 'editor-wrap' },
      el('div', { class: 'editor-bar' },
        el('button', { type: 'button', class: 'icon-btn small', title: 'Bold (Ctrl+B)', 'aria-label': 'Bold', onmousedown: (e) => e.preventDefault(), onclick: () => fmt('bold') }, el('b', null, 'B')),
        el('button', { type: 'button', class: 'icon-btn small', title: 'Italic (Ctrl+I)', 'aria-label': 'Italic', onmousedown: (e) => e.preventDefault(), onclick: () => fmt('italic') }, el('i', null, 'I')),
        el('span', { class: 'spacer' }),
        post && it.blocks && it.blocks.length ? el('button', { type: 'button', class: 'btn small ghost', onclick: () => { wrap.remove(); li.hidden = false; ops.setItemBlocks(i, j, undefined); } }, 'Use the post\'s text') : null,
        el('button', { type: 'button', class: 'btn small primary', onclick: done }, 'Done')),
      area);
    area.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && (e.key === 'b' || e.key === 'i')) { e.preventDefault(); fmt(e.key === 'b' ? 'bold' : 'italic'); }
      if (e.key === 'Escape') { e.preventDefault(); done(); }
      e.stopPropagation();
    });
    area.addEventListener('paste', (e) => {
      e.preventDefault();
      document.execCommand('insertText', false, e.clipboardData.getData('text/plain'));
    });
    li.hidden = true;
    li.after(wrap);
    area.focus();
  }

  /**
   * blocksFromEditor turns the editor's paragraphs into blocks of spans,
   * keeping each paragraph's original block type where they line up.
   */
  function blocksFromEditor(area, original) {
    const blocks = [];
    const paras = Array.from(area.childNodes).filter((n) => n.nodeType === 1 || (n.nodeType === 3 && n.textContent.trim()));
    paras.forEach((node, k) => {
      const spans = [];
      const walk = (n, bold, italic) => {
        if (n.nodeType === 3) {
          const text = n.textContent.replace(/\u00a0/g, ' ');
          if (!text) return;
          const last = spans[spans.length - 1];
          if (last && !!last.bold === bold && !!last.italic === italic) last.text += text;
          else spans.push(Object.assign({ text }, bold ? { bold: true } : {}, italic ? { italic: true } : {}));
          return;
        }
        if (n.nodeName === 'BR') {
          const last = spans[spans.length - 1];
          if (last) last.text += '\n';
          return;
        }
        const b = bold || n.nodeName === 'B' || n.nodeName === 'STRONG';
        const i = italic || n.nodeName === 'I' || n.nodeName === 'EM';
        n.childNodes.forEach((c) => walk(c, b, i));
      };
      walk(node, false, false);
      for (const s of spans) s.text = s.text.replace(/\n+$/, '');
      const kept = spans.filter((s) => s.text !== '');
      if (!kept.length) return;
      const o = original[k] || { type: 'paragraph' };
      const b = { type: o.type || 'paragraph', spans: kept };
      if (o.level) b.level = o.level;
      if (o.number) b.number = o.number;
      blocks.push(b);
    });
    return blocks.length ? blocks : [{ type: 'paragraph', spans: [{ text: ' ' }] }];
  }

  // ---- pointer drag (mouse, touch, pen) -----------------------------------

  let drag = null;

  function onPointerDown(e) {
    if (e.button !== 0) return;
    const handle = e.target.closest('[data-drag]');
    if (!handle || e.target.closest('button, input, textarea, [contenteditable]')) return;
    const kind = handle.dataset.drag;
    // On touch only the grip starts a drag, so the list still scrolls.
    if (e.pointerType !== 'mouse' && !e.target.closest('.grip')) return;
    const source = kind === 'post' ? handle : handle.closest('.slide');
    drag = { kind, source, x: e.clientX, y: e.clientY, started: false, target: null, pointerId: e.pointerId };
    if (kind === 'post') drag.post = source.dataset.post;
    else drag.index = Number(source.dataset.index);
  }

  function onPointerMove(e) {
    if (!drag || e.pointerId !== drag.pointerId) return;
    if (!drag.started) {
      if (Math.hypot(e.clientX - drag.x, e.clientY - drag.y) < 6) return;
      drag.started = true;
      const label = drag.kind === 'post' ? $('.post-num', drag.source).textContent : 'Slide ' + (drag.index + 1);
      drag.ghost = el('div', { class: 'drag-ghost' }, label);
      document.body.append(drag.ghost);
      document.body.classList.add('dragging', 'dragging-' + drag.kind);
      drag.source.classList.add('drag-source');
    }
    e.preventDefault();
    drag.ghost.style.transform = `translate(${e.clientX + 12}px, ${e.clientY + 12}px)`;
    const under = document.elementFromPoint(e.clientX, e.clientY);
    let target = under && under.closest('[data-drop]');
    if (target && drag.kind === 'slide' && target.dataset.drop !== 'gap') {
      // Over a slide, a slide lands in the gap nearest the pointer.
      const r = target.getBoundingClientRect();
      const i = Number(target.dataset.index);
      target = $(`.gap[data-index="${e.clientY < r.top + r.height / 2 ? i : i + 1}"]`);
    }
    if (target !== drag.target) {
      if (drag.target) drag.target.classList.remove('drop-over');
      drag.target = target;
      if (target) target.classList.add('drop-over');
    }
    autoScroll(e.clientY);
  }

  function autoScroll(y) {
    const zone = $('#zone-slides');
    const r = zone.getBoundingClientRect();
    if (y < r.top + 40) zone.scrollBy(0, -16);
    else if (y > r.bottom - 40) zone.scrollBy(0, 16);
  }

  function onPointerUp(e) {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const d = drag;
    drag = null;
    if (!d.started) return;
    d.ghost.remove();
    document.body.classList.remove('dragging', 'dragging-post', 'dragging-slide');
    d.source.classList.remove('drag-source');
    if (d.target) d.target.classList.remove('drop-over');
    if (e.type === 'pointercancel' || !d.target) return;
    const at = Number(d.target.dataset.index);
    if (d.kind === 'post') {
      if (d.target.dataset.drop === 'slide') ops.insertPost(d.post, at);
      else ops.newSlideWithPost(d.post, at);
    } else {
      ops.moveSlide(d.index, at > d.index ? at - 1 : at);
    }
    // A drag ends with a click on whatever is under the pointer: swallow it.
    window.addEventListener('click', (ev) => { ev.stopPropagation(); ev.preventDefault(); }, { capture: true, once: true });
    setTimeout(() => window.dispatchEvent(new Event('click')), 0);
  }

  // ---- clicks and keys on posts and slides ---------------------------------

  function onPostsClick(e) {
    const card = e.target.closest('.post-card');
    if (!card || !state.project) return;
    const id = card.dataset.post;
    const action = e.target.closest('[data-action]');
    if (!action) return;
    const i = Math.min(state.selected, state.project.slides.length - 1);
    switch (action.dataset.action) {
      case 'insert':
        if (i < 0) ops.newSlideWithPost(id, 0); else ops.insertPost(id, i);
        if (matchMedia('(max-width: 820px)').matches) toast('Added to slide ' + (Math.max(i, 0) + 1) + '.', 'ok');
        break;
      case 'apply-image':
        if (i >= 0) ops.applyImage(id, i);
        break;
      case 'pick':
        state.picked = state.picked === id ? null : id;
        renderPosts();
        renderSlides();
        // On a phone the slides are on another tab: go there to place it.
        if (state.picked && matchMedia('(max-width: 820px)').matches) {
          showTab('slides');
          toast('Now press “Insert here” on a slide, or “+ New slide” between two.', 'ok');
        }
        break;
    }
  }

  function onPostsKey(e) {
    const card = e.target.closest('.post-card');
    if (!card || e.target !== card) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      state.picked = state.picked === card.dataset.post ? null : card.dataset.post;
      renderPosts();
      renderSlides();
      const again = $(`.post-card[data-post="${CSS.escape(card.dataset.post)}"]`);
      if (again) again.focus();
    }
  }

  function onSlidesClick(e) {
    if (!state.project) return;
    const gapEl = e.target.closest('.gap');
    const action = e.target.closest('[data-action]');
    if (gapEl && action) {
      const at = Number(gapEl.dataset.index);
      if (action.dataset.action === 'new-here' && state.picked) { ops.newSlideWithPost(state.picked, at); state.picked = null; renderAll(); }
      if (action.dataset.action === 'add-here') ops.add(at);
      return;
    }
    const li = e.target.closest('.slide');
    if (!li) return;
    const i = Number(li.dataset.index);
    if (i !== state.selected) {
      state.selected = i;
      $$('.slide.selected').forEach((x) => x.classList.remove('selected'));
      li.classList.add('selected');
    }
    if (!action) return;
    const itemEl = action.closest('.item');
    const j = itemEl ? Number(itemEl.dataset.item) : -1;
    switch (action.dataset.action) {
      case 'up': ops.moveSlide(i, i - 1); break;
      case 'down': ops.moveSlide(i, i + 1); break;
      case 'duplicate': ops.duplicate(i); break;
      case 'merge': ops.merge(i); break;
      case 'delete': ops.remove(i); break;
      case 'insert-here': ops.insertPost(state.picked, i); state.picked = null; renderAll(); break;
      case 'edit-item': openEditor(itemEl, i, j); break;
      case 'item-prev': ops.moveItem(i, j, -1); break;
      case 'item-next': ops.moveItem(i, j, 1); break;
      case 'split': ops.split(i, j); break;
      case 'remove-item': ops.removeItem(i, j); break;
      case 'fix-shrink': change((p) => {
        const t = p.settings.typography;
        t.minScale = Math.max(0.3, Math.round(((t.minScale || 0.75) - 0.1) * 100) / 100);
      }); break;
    }
  }

  function onSlidesKey(e) {
    const li = e.target.closest('.slide');
    if (!li || e.target !== li) return;
    const i = Number(li.dataset.index);
    if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      e.preventDefault();
      ops.moveSlide(i, e.key === 'ArrowUp' ? i - 1 : i + 1);
    } else if (e.key === 'Enter' && state.picked) {
      e.preventDefault();
      ops.insertPost(state.picked, i);
      state.picked = null;
      renderAll();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      state.selected = i;
      renderSlides();
      focusSlide(i);
    }
  }

  function onSlidesInput(e) {
    const f = e.target.dataset.coverField;
    if (!f) return;
    const i = Number(e.target.dataset.index);
    const v = e.target.value;
    debounceChange('cover' + i + f, (p) => { p.slides[i][f] = v || undefined; p.slides[i].manual = true; });
  }

  /** pending typing, by field: {timer, edit} */
  const debounced = new Map();
  /** debounceChange groups quick typing into one undoable change. */
  function debounceChange(key, edit) {
    const old = debounced.get(key);
    if (old) clearTimeout(old.timer);
    setStatus('Saving…', 'busy');
    debounced.set(key, { edit, timer: setTimeout(() => { debounced.delete(key); change(edit); }, 250) });
  }

  /** flushTyping applies pending typing now. */
  function flushTyping() {
    const pending = Array.from(debounced.values());
    debounced.clear();
    for (const p of pending) { clearTimeout(p.timer); change(p.edit); }
  }

  // ---- settings -------------------------------------------------------------

  const S = () => state.project.settings;

  function renderSettings(force) {
    if (!state.catalog) return;
    // Redrawing would take the focus from a field being typed in.
    const a = document.activeElement;
    if (!force && a && a.closest && a.closest('#zone-settings') && a.matches('input:not([type=radio]):not([type=file]), textarea, select')) return;
    // Only a change of what the panels show redraws them.
    const memo = JSON.stringify([state.project && state.project.id, state.project && state.project.settings, state.profiles, state.presets]);
    if (!force && memo === state.settingsMemo) return;
    state.settingsMemo = memo;
    const has = !!state.project;
    $('#zone-settings').classList.toggle('inactive', !has);
    if (!has) return;
    const st = S();
    const c = state.catalog;
    const fmt = st.format || 'linkedin-portrait';
    fill($('#formats'), ...c.formats.map((f) => el('label', { class: 'choice' + (f.name === fmt ? ' on' : '') },
      el('input', { type: 'radio', name: 'format', value: f.name, checked: f.name === fmt, dataset: { set: 'format' } }),
      ratioBox(f.width, f.height),
      el('span', { class: 'choice-text' }, el('strong', null, f.description.split(',')[0]), el('small', null, f.description.split(',').slice(1).join(',').trim())))));
    const tpl = st.template || (c.templates[0] && c.templates[0].name);
    fill($('#templates'), ...c.templates.map((t) => thumbButton('template', t, '/api/catalog/templates/' + encodeURIComponent(t.name) + '.svg', t.name === tpl)));
    const theme = st.theme || (c.themes[0] && c.themes[0].name);
    fill($('#themes'), ...c.themes.map((t) => {
      const b = el('button', { type: 'button', class: 'swatch' + (t.name === theme ? ' on' : ''), 'aria-pressed': String(t.name === theme), title: t.description, dataset: { set: 'theme', value: t.name } },
        el('span', { class: 'dots' }, ...['background', 'text', 'accent', 'muted'].map((k) => {
          const d = el('span', { class: 'dot' });
          if (t.colors && t.colors[k]) d.style.background = t.colors[k];
          return d;
        })), el('span', { class: 'swatch-name' }, t.name));
      return b;
    }));
    renderColors(st, c.themes.find((t) => t.name === theme));
    renderTypography(st);
    renderBrand(st);
    renderCTA(st);
    const hasNone = c.patterns.some((t) => t.name === 'none');
    const pat = st.pattern.name || (hasNone ? 'none' : '');
    fill($('#patterns'),
      hasNone ? null : el('button', { type: 'button', class: 'thumb' + (!pat ? ' on' : ''), 'aria-pressed': String(!pat), dataset: { set: 'pattern', value: '' } }, el('span', { class: 'thumb-none' }, 'None'), el('span', { class: 'thumb-name' }, 'None')),
      ...c.patterns.map((t) => thumbButton('pattern', t, '/api/catalog/patterns/' + encodeURIComponent(t.name) + '.svg', t.name === pat)));
    fill($('#pattern-fields'), 
      rangeField('Density', 'pattern.density', st.pattern.density || 1, 0.25, 4, 0.05),
      rangeField('Opacity', 'pattern.opacity', st.pattern.opacity === undefined || st.pattern.opacity === 0 ? 0.15 : st.pattern.opacity, 0, 1, 0.05));
  }

  function ratioBox(w, h) {
    const box = el('span', { class: 'ratio' });
    const s = 24 / Math.max(w, h);
    box.style.width = Math.round(w * s) + 'px';
    box.style.height = Math.round(h * s) + 'px';
    return el('span', { class: 'ratio-box', 'aria-hidden': 'true' }, box);
  }

  function thumbButton(kind, entry, src, on) {
    return el('button', { type: 'button', class: 'thumb' + (on ? ' on' : ''), 'aria-pressed': String(on), title: entry.description, dataset: { set: kind, value: entry.name } },
      el('img', { src, alt: '', loading: 'lazy' }), el('span', { class: 'thumb-name' }, entry.name));
  }

  function field(label, input, hint) {
    return el('label', { class: 'field' }, el('span', { class: 'field-label' }, label), input, hint ? el('small', { class: 'hint' }, hint) : null);
  }

  function rangeField(label, path, value, min, max, step) {
    const out = el('output', null, String(value));
    const input = el('input', { type: 'range', min, max, step, value, dataset: { path, num: '1' } });
    input.addEventListener('input', () => { out.textContent = input.value; });
    return el('label', { class: 'field range' }, el('span', { class: 'field-label' }, label, out), input);
  }

  function renderColors(st, theme) {
    const box = $('#colors');
    const tc = (theme && theme.colors) || {};
    const cc = st.colors || {};
    fill(box, el('p', { class: 'label' }, 'Custom colours'),
      el('div', { class: 'color-row' }, ...['background', 'text', 'accent', 'muted'].map((k) => el('label', { class: 'color' },
        el('input', { type: 'color', value: cc[k] || tc[k] || '#888888', dataset: { color: k } }), el('span', null, k)))),
      st.colors ? el('button', { type: 'button', class: 'link-btn', dataset: { resetColors: '1' } }, 'Use the theme\'s colours') : null);
  }

  function renderTypography(st) {
    const t = st.typography;
    const fonts = state.catalog.fonts || [];
    const fontSelect = (path, value) => el('select', { dataset: { path } },
      el('option', { value: '', selected: !value }, 'Theme\'s font'),
      ...fonts.map((f) => el('option', { value: f.name, selected: f.name === value }, f.name)));
    fill($('#typography'), 
      field('Title size (px)', el('input', { type: 'number', min: 12, max: 96, step: 1, value: t.titleSize || 36, dataset: { path: 'typography.titleSize', num: '1' } }), 'Default 36'),
      field('Body size (px)', el('input', { type: 'number', min: 8, max: 48, step: 1, value: t.bodySize || 18, dataset: { path: 'typography.bodySize', num: '1' } }), 'Default 18'),
      field('Header & footer size (px)', el('input', { type: 'number', min: 6, max: 24, step: 1, value: t.headerSize || 12, dataset: { path: 'typography.headerSize', num: '1' } }), 'Default 12'),
      rangeField('Shrink long text down to', 'typography.minScale', t.minScale || 0.75, 0.3, 1, 0.05),
      field('Title font', fontSelect('typography.titleFont', t.titleFont)),
      field('Body font', fontSelect('typography.bodyFont', t.bodyFont)));
  }

  function activeProfile() {
    const id = S().brand.profile;
    return id ? state.profiles.find((p) => p.id === id) : null;
  }

  function renderBrand(st) {
    const b = st.brand;
    const prof = activeProfile();
    const src = prof || b;
    const val = (k) => (prof ? prof[k === 'name' ? 'author' : k] : b[k]) || '';
    const placement = {};
    const custom = src.hideBands || (src.header && src.header.length) || (src.footer && src.footer.length);
    // With no items chosen the engine shows its defaults: show them here too.
    const header = custom ? src.header || [] : [{ kind: 'avatar', position: 'left' }, { kind: 'name', position: 'left' }, { kind: 'handle', position: 'left' }];
    const footer = custom ? src.footer || [] : [{ kind: 'swipe', position: 'left' }, { kind: 'slide-number', position: 'right' }];
    header.forEach((x) => { placement[x.kind] = 'header-' + x.position; });
    footer.forEach((x) => { placement[x.kind] = 'footer-' + x.position; });
    const places = [['', 'Hidden'], ['header-left', 'Header left'], ['header-center', 'Header centre'], ['header-right', 'Header right'], ['footer-left', 'Footer left'], ['footer-center', 'Footer centre'], ['footer-right', 'Footer right']];
    const kinds = state.catalog.brandItems || [];
    fill($('#brand'), 
      el('div', { class: 'profile-row' },
        field('Brand profile', el('select', { id: 'profile-select' },
          el('option', { value: '', selected: !prof }, 'This project only'),
          ...state.profiles.map((p) => el('option', { value: p.id, selected: prof && p.id === prof.id }, p.name + (p.default ? ' (default)' : ''))))),
        el('div', { class: 'row wrap' },
          el('button', { type: 'button', class: 'btn small', dataset: { profile: 'create' } }, 'New profile'),
          prof ? el('button', { type: 'button', class: 'btn small', dataset: { profile: 'rename' } }, 'Rename') : null,
          prof ? el('button', { type: 'button', class: 'btn small', dataset: { profile: 'duplicate' } }, 'Duplicate') : null,
          prof && !prof.default ? el('button', { type: 'button', class: 'btn small', dataset: { profile: 'default' } }, 'Make default') : null,
          prof ? el('button', { type: 'button', class: 'btn small danger', dataset: { profile: 'delete' } }, 'Delete') : null)),
      prof ? el('p', { class: 'hint' }, 'Editing profile “' + prof.name + '”: every project using it changes.') : null,
      field('Name', el('input', { value: val('name'), dataset: { brand: 'name' }, autocomplete: 'off' })),
      field('Handle', el('input', { value: val('handle'), dataset: { brand: 'handle' }, placeholder: 'without @', autocomplete: 'off' })),
      field('Website', el('input', { value: val('website'), dataset: { brand: 'website' }, placeholder: 'example.com', autocomplete: 'off' })),
      el('div', { class: 'row wrap uploads' },
        uploadField('Avatar', 'avatar', val('avatar')), uploadField('Logo', 'logo', val('logo'))),
      el('fieldset', { class: 'placements' }, el('legend', null, 'Header & footer'),
        ...kinds.map((k) => el('label', { class: 'placement' }, el('span', null, k.replace('-', ' ')),
          el('select', { dataset: { placement: k } }, ...places.map(([v, l]) => el('option', { value: v, selected: (placement[k] || '') === v }, l)))))),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', checked: !!src.showOnCover, dataset: { brand: 'showOnCover' } }), 'Show on the cover'),
      el('label', { class: 'check' }, el('input', { type: 'checkbox', checked: !!src.showOnOutro, dataset: { brand: 'showOnOutro' } }), 'Show on the outro'),
      el('h4', { class: 'label' }, 'Presets'),
      el('ul', { class: 'preset-list' }, ...state.presets.map((p) => el('li', { dataset: { preset: p.id } },
        el('span', { class: 'preset-name' }, p.name), el('span', { class: 'spacer' }),
        el('button', { type: 'button', class: 'btn small', dataset: { presetAction: 'apply' } }, 'Apply'),
        el('button', { type: 'button', class: 'icon-btn small', title: 'Rename preset', 'aria-label': 'Rename preset ' + p.name, dataset: { presetAction: 'rename' } }, '✎'),
        el('button', { type: 'button', class: 'icon-btn small', title: 'Delete preset', 'aria-label': 'Delete preset ' + p.name, dataset: { presetAction: 'delete' } }, '✕')))),
      el('button', { type: 'button', class: 'btn small', dataset: { presetAction: 'save' } }, 'Save current settings as a preset'),
      el('h4', { class: 'label' }, 'Move brand kits between installs'),
      el('div', { class: 'row wrap' },
        el('a', { class: 'btn small', href: '/api/brandkit', download: 'brand-kit.json' }, 'Export profiles and presets'),
        el('label', { class: 'btn small file-btn' }, 'Import…',
          el('input', { type: 'file', id: 'brandkit-file', accept: 'application/json,.json', class: 'visually-hidden', 'aria-label': 'Import a brand kit file' }))));
  }

  /** importBrandKit sends an exported brand kit; names already taken are replaced only when the user agrees. */
  async function importBrandKit(file) {
    let kit;
    try {
      kit = JSON.parse(await file.text());
    } catch {
      toast(file.name + ' is not a brand kit: it is not JSON.');
      return;
    }
    try {
      let res;
      try {
        res = await api('POST', '/api/brandkit', kit);
      } catch (e) {
        if (e.status !== 409 || !window.confirm(e.message + '\n\nReplace the profiles and presets with these names?')) throw e;
        res = await api('POST', '/api/brandkit?replace=true', kit);
      }
      await loadProfiles();
      renderSettings();
      toast('Imported ' + res.profiles + ' profiles and ' + res.presets + ' presets.');
    } catch (e) {
      toast(e.message);
    }
  }

  function uploadField(label, kind, ref) {
    const url = mediaURL(ref);
    return el('div', { class: 'upload' },
      url ? el('img', { src: url, alt: label, class: 'upload-preview' }) : el('span', { class: 'upload-preview empty' }, '—'),
      el('label', { class: 'btn small' }, label + '…', el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif', class: 'visually-hidden', dataset: { upload: kind } })),
      ref ? el('button', { type: 'button', class: 'link-btn', dataset: { clearUpload: kind } }, 'Remove') : null);
  }

  function renderCTA(st) {
    const c = st.cta;
    const variants = [[0, 'None'], [1, '#1 Follow'], [2, '#2 Repost & share'], [3, '#3 Save or visit']];
    fill($('#cta'), 
      el('div', { class: 'segmented', role: 'radiogroup', 'aria-label': 'Outro slide' }, ...variants.map(([v, l]) => el('label', { class: 'seg' + ((c.variant || 0) === v ? ' on' : '') },
        el('input', { type: 'radio', name: 'cta', value: String(v), checked: (c.variant || 0) === v, dataset: { set: 'cta' } }), l))),
      c.variant ? el('div', { class: 'fields' },
        field('Title', el('input', { value: c.title || '', placeholder: 'The engine\'s default', dataset: { path: 'cta.title' } })),
        field('Text', el('textarea', { rows: 2, placeholder: 'The engine\'s default', dataset: { path: 'cta.text' } }, c.text || '')),
        field('Button', el('input', { value: c.button || '', placeholder: 'The engine\'s default', dataset: { path: 'cta.button' } })),
        field('Link', el('input', { value: c.url || '', placeholder: 'https://…', dataset: { path: 'cta.url' } }))) : null);
  }

  function setPath(obj, path, value) {
    const keys = path.split('.');
    let o = obj;
    for (const k of keys.slice(0, -1)) { o[k] = o[k] || {}; o = o[k]; }
    const last = keys[keys.length - 1];
    if (value === '' || value === undefined) delete o[last]; else o[last] = value;
  }

  function onSettingsChange(e) {
    const t = e.target;
    if (t.id === 'brandkit-file') {
      if (e.type === 'change' && t.files.length) importBrandKit(t.files[0]).finally(() => { t.value = ''; });
      return;
    }
    if (!state.project) return;
    const d = t.dataset;
    const isText = t.tagName === 'TEXTAREA' || (t.tagName === 'INPUT' && !['checkbox', 'radio', 'range', 'color', 'file'].includes(t.type));
    // Text fields act as one types; choices act once, on change.
    if (!isText && e.type !== 'change' && t.type !== 'range' && t.type !== 'color') return;
    if (d.set === 'format' || d.set === 'cta') {
      change((p) => {
        if (d.set === 'format') { p.settings.format = t.value; return; }
        const v = Number(t.value);
        p.settings.cta.variant = v;
        // The outro slide comes and goes with its call to action.
        const has = p.slides.some((sl) => sl.kind === 'outro');
        if (v > 0 && !has) p.slides.push({ id: 'outro', kind: 'outro' });
        if (v === 0) p.slides = p.slides.filter((sl) => sl.kind !== 'outro');
      });
      return;
    }
    if (d.path) {
      let v = d.num ? Number(t.value) : t.value;
      if (d.num) {
        if (t.value === '' || !Number.isFinite(v)) return;
        // Keep numbers in range so that a save never fails on them.
        if (t.min !== '') v = Math.max(Number(t.min), v);
        if (t.max !== '') v = Math.min(Number(t.max), v);
      }
      const immediate = e.type === 'change';
      const edit = (p) => setPath(p.settings, d.path, v);
      if (immediate) { const old = debounced.get(d.path); if (old) clearTimeout(old.timer); debounced.delete(d.path); change(edit); } else debounceChange(d.path, edit);
      return;
    }
    if (d.color) {
      const k = d.color;
      const v = t.value;
      debounceChange('color-' + k, (p) => { p.settings.colors = Object.assign({}, p.settings.colors, { [k]: v }); });
      return;
    }
    if (d.brand || d.placement) { if (isText ? e.type === 'input' : e.type === 'change') editBrand(t); return; }
    if (d.upload && e.type === 'change' && t.files[0]) { uploadImage(d.upload, t.files[0]); return; }
    if (t.id === 'profile-select' && e.type === 'change') {
      const pf = state.profiles.find((p) => p.id === t.value);
      change((p) => {
        if (!pf) { delete p.settings.brand.profile; return; }
        p.settings.brand.profile = pf.id;
      });
    }
  }

  function onSettingsClick(e) {
    if (!state.project) return;
    const b = e.target.closest('button');
    if (!b) return;
    const d = b.dataset;
    if (d.set === 'template' || d.set === 'theme') { change((p) => { p.settings[d.set] = d.value; }); return; }
    if (d.set === 'pattern') { change((p) => { p.settings.pattern.name = d.value; if (d.value && d.value !== 'none' && !p.settings.pattern.opacity) { p.settings.pattern.opacity = 0.15; p.settings.pattern.density = p.settings.pattern.density || 1; } }); return; }
    if (d.resetColors) { change((p) => { delete p.settings.colors; }); return; }
    if (d.clearUpload) { setBrandValue(d.clearUpload, ''); return; }
    if (d.profile) { profileAction(d.profile); return; }
    if (d.presetAction) { presetAction(d.presetAction, b.closest('[data-preset]')); }
  }

  /** editBrand edits the active profile when there is one, else the project's brand kit. */
  function editBrand(t) {
    const d = t.dataset;
    if (d.brand) {
      const v = t.type === 'checkbox' ? t.checked : t.value;
      setBrandValue(d.brand, v);
      return;
    }
    const src = activeProfile() || S().brand;
    const header = [], footer = [];
    const selects = $$('[data-placement]', $('#brand'));
    for (const s of selects) {
      if (!s.value) continue;
      const [where, position] = s.value.split('-');
      (where === 'header' ? header : footer).push({ kind: s.dataset.placement, position });
    }
    setBrandItems(src, header, footer);
  }

  function setBrandItems(src, header, footer) {
    // Every item hidden means no header and footer, not the defaults.
    const hideBands = !header.length && !footer.length;
    if (activeProfile()) { updateProfile(Object.assign({}, src, { header, footer, hideBands })); return; }
    change((p) => { Object.assign(p.settings.brand, { header, footer, hideBands }); });
  }

  function setBrandValue(key, value) {
    const prof = activeProfile();
    if (prof) {
      const k = key === 'name' ? 'author' : key;
      debounceProfile(Object.assign({}, prof, { [k]: value }));
      return;
    }
    const edit = (p) => setPath(p.settings.brand, key, value);
    if (typeof value === 'boolean' || key === 'avatar' || key === 'logo') change(edit); else debounceChange('brand-' + key, edit);
  }

  let profileTimer = 0;
  function debounceProfile(pf) {
    const i = state.profiles.findIndex((p) => p.id === pf.id);
    if (i >= 0) state.profiles[i] = pf;
    clearTimeout(profileTimer);
    setStatus('Saving…', 'busy');
    profileTimer = setTimeout(() => updateProfile(pf), 300);
  }

  /** the server's revision of each profile, so queued edits never go stale */
  const profileRevs = new Map();
  let profileQueue = Promise.resolve();

  /** updateProfile saves a profile after any save already under way. */
  function updateProfile(pf) {
    profileQueue = profileQueue.then(() => putProfile(pf));
    return profileQueue;
  }

  async function putProfile(pf) {
    try {
      const body = Object.assign({}, pf, { revision: profileRevs.get(pf.id) || pf.revision });
      const saved = await api('PUT', '/api/profiles/' + encodeURIComponent(pf.id), body);
      profileRevs.set(saved.id, saved.revision);
      const i = state.profiles.findIndex((p) => p.id === saved.id);
      // Keep edits typed meanwhile; take the new revision.
      if (i >= 0) state.profiles[i] = Object.assign({}, state.profiles[i], { revision: saved.revision });
      await refreshLayout();
      renderSettings();
      setStatus('Saved', 'ok');
    } catch (e) {
      toast(e.message);
      await loadProfiles();
      renderSettings(true);
    }
  }

  async function refreshLayout() {
    const p = state.project;
    const layout = await api('GET', '/api/projects/' + encodeURIComponent(p.id) + '/layout');
    applyLayout(layout, p.slides.map((s) => s.id));
  }

  async function uploadImage(kind, file) {
    const fd = new FormData();
    fd.append('file', file);
    try {
      setStatus('Uploading…', 'busy');
      const res = await api('POST', '/api/assets', fd);
      setBrandValue(kind, res.ref);
      setStatus('Saved', 'ok');
    } catch (e) {
      setStatus('', '');
      toast(e.message);
    }
  }

  async function loadProfiles() {
    const [pr, ps] = await Promise.all([api('GET', '/api/profiles'), api('GET', '/api/presets')]);
    state.profiles = pr.profiles;
    state.presets = ps.presets;
    profileRevs.clear();
    for (const p of pr.profiles) profileRevs.set(p.id, p.revision);
  }

  /** ask wraps prompt so that empty or cancelled answers do nothing. */
  function ask(question, value) {
    const a = window.prompt(question, value || '');
    return a && a.trim() ? a.trim() : null;
  }

  async function profileAction(action) {
    const prof = activeProfile();
    try {
      if (action === 'create' || action === 'duplicate') {
        const name = ask(action === 'create' ? 'Name of the new brand profile' : 'Name of the copy', prof ? prof.name + ' copy' : '');
        if (!name) return;
        const b = S().brand;
        const base = action === 'duplicate' && prof ? Object.assign({}, prof) : { author: b.name, handle: b.handle, website: b.website, avatar: b.avatar, logo: b.logo, header: b.header, footer: b.footer, showOnCover: b.showOnCover, showOnOutro: b.showOnOutro };
        delete base.id; delete base.revision; delete base.default;
        base.name = name;
        const created = await api('POST', '/api/profiles', base);
        await loadProfiles();
        change((p) => { p.settings.brand.profile = created.id; });
      } else if (action === 'rename' && prof) {
        const name = ask('New name of the profile', prof.name);
        if (!name) return;
        await updateProfile(Object.assign({}, prof, { name }));
      } else if (action === 'default' && prof) {
        await api('POST', '/api/profiles/' + encodeURIComponent(prof.id) + '/default');
        await loadProfiles();
      } else if (action === 'delete' && prof) {
        if (!window.confirm('Delete the profile “' + prof.name + '”? Projects using it keep their last brand kit.')) return;
        await api('DELETE', '/api/profiles/' + encodeURIComponent(prof.id));
        await loadProfiles();
        change((p) => { delete p.settings.brand.profile; });
      }
      renderSettings();
    } catch (e) {
      toast(e.message);
    }
  }

  async function presetAction(action, li) {
    const preset = li ? state.presets.find((p) => p.id === li.dataset.preset) : null;
    try {
      if (action === 'save') {
        const name = ask('Name of the preset');
        if (!name) return;
        await api('POST', '/api/presets', { name, settings: S() });
        toast('Preset “' + name + '” saved.', 'ok');
      } else if (action === 'apply' && preset) {
        change((p) => { p.settings = clone(preset.settings); });
      } else if (action === 'rename' && preset) {
        const name = ask('New name of the preset', preset.name);
        if (!name) return;
        await api('PUT', '/api/presets/' + encodeURIComponent(preset.id), Object.assign({}, preset, { name }));
      } else if (action === 'delete' && preset) {
        if (!window.confirm('Delete the preset “' + preset.name + '”?')) return;
        await api('DELETE', '/api/presets/' + encodeURIComponent(preset.id));
      }
      await loadProfiles();
      renderSettings();
    } catch (e) {
      toast(e.message);
    }
  }

  // ---- preflight and export --------------------------------------------------

  function renderPreflight() {
    const box = $('#preflight');
    const parts = $('#export-parts');
    fill(box);
    fill(parts);
    if (!state.project || !state.catalog) { box.hidden = true; parts.hidden = true; return; }
    const general = state.warnings.filter((w) => !w.slide);
    const fmt = S().format || 'linkedin-portrait';
    const platforms = platformsFor(fmt);
    const over = platforms.filter((p) => state.total > p.maxSlides);
    for (const w of general) box.append(el('p', { class: 'warning' }, '⚠ ' + w.message));
    if (over.length) {
      const names = over.map((p) => p.name.charAt(0).toUpperCase() + p.name.slice(1)).join(' and ');
      const max = Math.min(...over.map((p) => p.maxSlides));
      box.append(el('p', { class: 'warning' }, `⚠ ${state.total} slides: ${names} ${over.length > 1 ? 'take' : 'takes'} at most ${max}. Export it in parts (under Export), or merge slides.`));
    }
    const limit = Math.min(...over.map((p) => p.maxSlides));
    if (over.length) {
      const n = Math.ceil(state.total / limit);
      parts.append(el('p', { class: 'label' }, 'Download in parts'));
      for (let k = 0; k < n; k++) {
        const from = k * limit + 1, to = Math.min(state.total, (k + 1) * limit);
        parts.append(el('button', { type: 'button', class: 'btn small', dataset: { export: 'png', from: String(from), to: String(to) } }, `Part ${k + 1}/${n} (slides ${from}–${to})`));
      }
    }
    box.hidden = !box.childNodes.length;
    parts.hidden = !parts.childNodes.length;
  }

  function platformsFor(format) {
    const names = format.startsWith('linkedin') ? ['linkedin'] : format.startsWith('instagram') ? ['instagram', 'threads'] : format === 'story' ? ['story', 'tiktok'] : [];
    return (state.catalog.platforms || []).filter((p) => names.includes(p.name));
  }

  /** exportFile downloads an export with a progress bar, then saves it. */
  async function exportFile(btn) {
    const d = btn.dataset;
    const id = encodeURIComponent(state.project.id);
    let url;
    if (d.export === 'pdf') url = `/api/projects/${id}/export.pdf`;
    else if (d.export === 'project') url = `/api/projects/${id}?download=1`;
    else if (d.export === 'slide') {
      const s = state.project.slides[state.selected];
      const r = s && (state.rendered.get(s.id) || [])[0];
      if (!r) { toast('Select a slide first.'); return; }
      url = `/api/projects/${id}/slides/${r.n}.png?download=1`;
    } else {
      url = `/api/projects/${id}/export.zip?format=${d.export}` + (d.from ? `&from=${d.from}&to=${d.to}` : '');
    }
    const prog = $('#export-progress');
    const bar = $('.bar', prog);
    const label = $('.progress-label', prog);
    prog.hidden = false;
    prog.classList.add('indeterminate');
    bar.style.width = '100%';
    label.textContent = 'Rendering…';
    $$('[data-export]').forEach((b) => { b.disabled = true; });
    try {
      await flushSave();
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) {
        const data = await res.json().catch(() => null);
        throw new Error(data && data.error ? data.error.message : 'HTTP ' + res.status);
      }
      const total = Number(res.headers.get('Content-Length')) || 0;
      prog.classList.remove('indeterminate');
      const reader = res.body.getReader();
      const chunks = [];
      let got = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got += value.length;
        const pct = total ? Math.round((got / total) * 100) : 0;
        bar.style.width = (total ? pct : 100) + '%';
        label.textContent = total ? `Downloading… ${pct}%` : `Downloading… ${Math.round(got / 1024)} KB`;
      }
      const name = filenameOf(res.headers.get('Content-Disposition')) || 'carousel';
      const blob = new Blob(chunks, { type: res.headers.get('Content-Type') || 'application/octet-stream' });
      const a = el('a', { href: URL.createObjectURL(blob), download: name });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10000);
      label.textContent = 'Done: ' + name;
      window.__lastExport = { name, size: blob.size };
    } catch (e) {
      label.textContent = '';
      prog.hidden = true;
      toast('Export failed: ' + e.message);
    } finally {
      $$('[data-export]').forEach((b) => { b.disabled = !state.project; });
      setTimeout(() => { if (!label.textContent.startsWith('Down') && !label.textContent.startsWith('Render')) prog.hidden = true; }, 4000);
    }
  }

  function filenameOf(cd) {
    if (!cd) return '';
    const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
    if (star) return decodeURIComponent(star[1]);
    const plain = /filename="([^"]+)"/i.exec(cd);
    return plain ? plain[1] : '';
  }

  /** flushSave saves now if a save is pending, so exports see the last change. */
  async function flushSave() {
    flushTyping();
    if (state.saveTimer) { clearTimeout(state.saveTimer); state.saveTimer = 0; await save(); }
    while (state.saving) await new Promise((r) => setTimeout(r, 30));
  }

  // ---- import ---------------------------------------------------------------

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
      if (matchMedia('(max-width: 820px)').matches) showTab('slides');
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

  // ---- projects list -----------------------------------------------------------

  async function listProjects(target) {
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

  // ---- tabs, theme, keys ---------------------------------------------------------

  function showTab(name) {
    $('#studio').dataset.tab = name;
    $$('.tabs [data-tab]').forEach((b) => b.setAttribute('aria-selected', String(b.dataset.tab === name)));
  }

  function applyTheme(t) {
    document.documentElement.dataset.theme = t;
  }

  function onGlobalKey(e) {
    const typing = e.target.closest && e.target.closest('input, textarea, select, [contenteditable]');
    if (typing) return;
    const mod = e.ctrlKey || e.metaKey;
    if (mod && e.key.toLowerCase() === 'z') { e.preventDefault(); if (e.shiftKey) redo(); else undo(); }
    else if (mod && e.key.toLowerCase() === 'y') { e.preventDefault(); redo(); }
    else if (e.key === 'Escape' && state.picked) { state.picked = null; renderPosts(); renderSlides(); }
  }

  // ---- start -------------------------------------------------------------------

  // Tests read this: the page must never trip its own security policy.
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => { window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });

  async function start() {
    applyTheme(localStorage.getItem('studio-theme') || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
    $('#theme-toggle').addEventListener('click', () => {
      const t = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
      localStorage.setItem('studio-theme', t);
      applyTheme(t);
    });
    $$('.tabs [data-tab]').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
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
    $('#undo').addEventListener('click', undo);
    $('#redo').addEventListener('click', redo);
    $('#replan').addEventListener('click', async () => {
      if (!window.confirm('Lay the whole thread out again? Slides you arranged by hand are replaced (Undo brings them back).')) return;
      await flushSave();
      const before = JSON.stringify(state.project);
      try {
        await api('POST', '/api/projects/' + encodeURIComponent(state.project.id) + '/plan', { all: true });
        await openProject(state.project.id);
        state.history.push(before);
        renderAll();
      } catch (e) { toast(e.message); }
    });
    $('#title').addEventListener('input', (e) => {
      const v = e.target.value;
      debounceChange('title', (p) => { p.title = v; });
    });
    $('#new-project').addEventListener('click', () => { location.href = '/'; });
    $('#open-projects').addEventListener('click', async () => {
      try {
        await listProjects($('#project-list'));
        await listRevisions();
      } catch (e) { toast(e.message); }
      $('#projects-dialog').showModal();
    });
    const posts = $('#posts');
    posts.addEventListener('click', onPostsClick);
    posts.addEventListener('keydown', onPostsKey);
    const slides = $('#slides');
    slides.addEventListener('click', onSlidesClick);
    slides.addEventListener('keydown', onSlidesKey);
    slides.addEventListener('input', onSlidesInput);
    document.addEventListener('pointerdown', onPointerDown);
    document.addEventListener('pointermove', onPointerMove, { passive: false });
    document.addEventListener('pointerup', onPointerUp);
    document.addEventListener('pointercancel', onPointerUp);
    document.addEventListener('keydown', onGlobalKey);
    const settings = $('#zone-settings');
    settings.addEventListener('input', onSettingsChange);
    settings.addEventListener('change', onSettingsChange);
    settings.addEventListener('click', (e) => {
      const b = e.target.closest('[data-export]');
      if (b) { exportFile(b); return; }
      onSettingsClick(e);
    });
    window.addEventListener('beforeunload', (e) => {
      if (debounced.size || state.saveTimer || state.saving) { flushTyping(); e.preventDefault(); }
    });

    try {
      const [catalog] = await Promise.all([api('GET', '/api/catalog'), loadProfiles()]);
      state.catalog = catalog;
      const id = new URLSearchParams(location.search).get('p');
      if (id) await openProject(id);
      else {
        renderAll();
        const n = await listProjects($('#recent-list'));
        $('#recent').hidden = !n;
        showTab('source');
      }
    } catch (e) {
      renderAll();
      toast(e.code === 'not_found' ? 'That project no longer exists.' : e.message);
    }
    document.body.dataset.ready = 'true';
  }

  start();
})();
