// SPDX-License-Identifier: MIT
// The slide editor: a rich-text box laid over the slide's picture, in the
// slide's colours, with bold, italic, underline, strike, link, highlight,
// heading, lists and emoji. Apply saves it as one change; Escape cancels.
import { $, $$, el, icon, signal } from './dom.js';
import { state, postById } from './doc.js';
import { ops } from './ops.js';

const EMOJI = [
  ['👉', 'pointing right'], ['✅', 'check mark'], ['🔥', 'fire'], ['💡', 'light bulb'], ['🚀', 'rocket'], ['⭐', 'star'],
  ['📌', 'pin'], ['📈', 'chart rising'], ['🎯', 'target'], ['✨', 'sparkles'], ['💬', 'speech balloon'], ['🧵', 'thread'],
  ['👇', 'pointing down'], ['❤️', 'heart'], ['👏', 'clapping hands'], ['🙌', 'raised hands'], ['🤔', 'thinking face'], ['😊', 'smiling face'],
  ['⚡', 'lightning'], ['📣', 'megaphone'], ['🔑', 'key'], ['🧠', 'brain'], ['⏱️', 'stopwatch'], ['❌', 'cross mark'],
];

/** the text items of a slide: indexes of items whose text the editor edits */
function textItems(slide) {
  const out = [];
  (slide.items || []).forEach((it, j) => {
    if (it.to && it.from === it.to) return; // a post's image only
    if (it.image && !it.post && !(it.blocks && it.blocks.length)) return;
    out.push(j);
  });
  return out;
}

/** sourceBlocks is an item's text as the post gives it (before any edit). */
function sourceBlocks(it) {
  const post = it.post ? postById(it.post) : null;
  let blocks = post ? post.blocks || [] : [];
  if (post && (it.from || it.to)) blocks = blocks.slice(it.from || 0, it.to || blocks.length);
  return blocks;
}

function currentBlocks(it) {
  return it.blocks && it.blocks.length ? it.blocks : sourceBlocks(it);
}

function itemName(it, k) {
  if (it.post) {
    const idx = state.project.thread.posts.findIndex((p) => p.id === it.post);
    return 'Post #' + (idx + 1);
  }
  return 'Text ' + (k + 1);
}

// ---- blocks <-> editable DOM ---------------------------------------------------

function spansInto(parent, spans) {
  for (const s of spans || []) {
    const parts = s.text.split('\n');
    let node = document.createDocumentFragment();
    parts.forEach((t, k) => {
      if (k > 0) node.append(el('br'));
      if (t) node.append(document.createTextNode(t));
    });
    const wrap = (tag, attrs) => { const x = el(tag, attrs); x.append(node); node = x; };
    if (s.highlight) wrap('mark');
    if (s.strike) wrap('s');
    if (s.underline) wrap('u');
    if (s.italic) wrap('i');
    if (s.bold) wrap('b');
    if (s.link) wrap('a', { href: s.link, 'data-entity': s.entity || null });
    parent.append(node);
  }
}

/** fillEditor writes blocks into the editable area. */
function fillEditor(area, blocks) {
  area.replaceChildren();
  let list = null;
  for (const b of blocks) {
    const listTag = b.type === 'bullet' ? 'UL' : b.type === 'numbered' ? 'OL' : '';
    if (!listTag) list = null;
    else if (!list || list.nodeName !== listTag) {
      list = el(listTag.toLowerCase(), listTag === 'OL' && b.number > 1 ? { start: String(b.number) } : null);
      area.append(list);
    }
    let node;
    if (listTag) { node = el('li'); list.append(node); } else if (b.type === 'heading') node = el('h' + Math.min(4, (b.level || 1) + 1));
    else if (b.type === 'quote') node = el('blockquote');
    else node = el('p');
    spansInto(node, b.spans);
    if (!node.childNodes.length) node.append(el('br'));
    if (!listTag) area.append(node);
  }
  if (!area.childNodes.length) area.append(el('p', null, el('br')));
}

const INLINE = {
  B: 'bold', STRONG: 'bold', I: 'italic', EM: 'italic', U: 'underline', INS: 'underline',
  S: 'strike', STRIKE: 'strike', DEL: 'strike', MARK: 'highlight',
};

/** spansOf reads the inline content of a block element into spans. */
function spansOf(node) {
  const spans = [];
  const walk = (n, style) => {
    if (n.nodeType === 3) {
      const text = n.textContent.replace(/\u00a0/g, ' ').replace(/\u200b/g, '');
      if (!text) return;
      const last = spans[spans.length - 1];
      const same = last && ['bold', 'italic', 'underline', 'strike', 'highlight', 'link', 'entity'].every((k) => (last[k] || undefined) === (style[k] || undefined));
      if (same) last.text += text;
      else {
        const s = { text };
        for (const [k, v] of Object.entries(style)) if (v) s[k] = v;
        spans.push(s);
      }
      return;
    }
    if (n.nodeType !== 1) return;
    if (n.nodeName === 'BR') {
      const last = spans[spans.length - 1];
      if (last) last.text += '\n';
      return;
    }
    const st = Object.assign({}, style);
    if (INLINE[n.nodeName]) st[INLINE[n.nodeName]] = true;
    if (n.nodeName === 'A' && n.getAttribute('href')) { st.link = n.getAttribute('href'); st.entity = n.dataset.entity || undefined; }
    if (n.nodeName === 'SPAN' && n.style) {
      // Chromium sometimes writes styles instead of tags (after a paste or a join).
      if (n.style.fontWeight === 'bold' || Number(n.style.fontWeight) >= 600) st.bold = true;
      if (n.style.fontStyle === 'italic') st.italic = true;
      const deco = n.style.textDecorationLine || n.style.textDecoration || '';
      if (deco.includes('underline')) st.underline = true;
      if (deco.includes('line-through')) st.strike = true;
    }
    n.childNodes.forEach((c) => walk(c, st));
  };
  walk(node, {});
  for (const s of spans) s.text = s.text.replace(/\n+$/, '');
  return spans.filter((s) => s.text !== '');
}

const BLOCK_TAG = /^(P|DIV|H[1-6]|BLOCKQUOTE|UL|OL|LI)$/;
/** holdsBlocks is true for an element with block elements inside (Chromium nests a list in a styled paragraph). */
const holdsBlocks = (n) => Array.from(n.children).some((c) => BLOCK_TAG.test(c.nodeName) || holdsBlocks(c));

/** blocksOf turns the editor's content into blocks. */
export function blocksOf(area) {
  const blocks = [];
  const push = (type, node, extra) => {
    const spans = spansOf(node);
    if (spans.length) blocks.push(Object.assign({ type, spans }, extra));
  };
  const walk = (container) => {
    let loose = null; // inline content between blocks
    const flush = () => { if (loose) { push('paragraph', loose); loose = null; } };
    for (const n of Array.from(container.childNodes)) {
      const tag = n.nodeType === 1 ? n.nodeName : '';
      if (tag === 'UL' || tag === 'OL') {
        flush();
        const start = tag === 'OL' ? Number(n.getAttribute('start')) || 1 : 0;
        $$(':scope > li', n).forEach((li, k) => {
          const extra = tag === 'OL' ? { number: start + k } : {};
          const type = tag === 'UL' ? 'bullet' : 'numbered';
          if (!holdsBlocks(li)) { push(type, li, extra); return; }
          // An item holding a paragraph or a nested list: its parts are items too.
          const sub = blocksOf(li);
          for (const b of sub) blocks.push(b.type === 'paragraph' ? Object.assign(b, { type }, extra) : b);
        });
      } else if (/^H[1-6]$/.test(tag)) {
        flush();
        push('heading', n, { level: Math.max(1, Math.min(3, Number(tag[1]) - 1)) });
      } else if (tag === 'BLOCKQUOTE') {
        flush();
        push('quote', n);
      } else if (n.nodeType === 1 && (tag === 'P' || tag === 'DIV' || holdsBlocks(n))) {
        flush();
        if (holdsBlocks(n)) walk(n); else push('paragraph', n);
      } else {
        if (!loose) loose = el('p');
        loose.append(n.cloneNode(true));
      }
    }
    flush();
  };
  walk(area);
  return blocks;
}

const sameBlocks = (a, b) => JSON.stringify(normal(a)) === JSON.stringify(normal(b));
const normal = (blocks) => (blocks || []).map((b) => ({
  type: b.type, level: b.type === 'heading' ? b.level || 1 : undefined, number: b.type === 'numbered' ? b.number : undefined,
  spans: (b.spans || []).filter((s) => s.text).map((s) => ({ text: s.text, bold: !!s.bold, italic: !!s.italic, underline: !!s.underline, strike: !!s.strike, highlight: !!s.highlight, link: s.link || '' })),
}));

// ---- the editor -------------------------------------------------------------------

/** editorColors are the slide's background and text colours, as the engine draws them. */
function editorColors(slide) {
  const st = state.project.settings;
  const ov = slide.style || {};
  const themes = (state.catalog && state.catalog.themes) || [];
  const theme = themes.find((t) => t.name === (ov.theme || st.theme)) || themes[0] || {};
  const c = Object.assign({}, theme.colors, ov.theme ? null : st.colors, ov.colors);
  const bg = ov.background || (ov.theme ? null : st.background);
  const back = bg && (bg.kind === 'solid' || bg.kind === 'gradient') && bg.colors && bg.colors[0] ? bg.colors[0] : c.background;
  return { background: back || '#ffffff', text: c.text || '#111111', accent: c.accent || '#3b5bdb' };
}

function formatRatio() {
  const f = ((state.catalog && state.catalog.formats) || []).find((x) => x.name === (state.project.settings.format || state.catalog.defaultFormat));
  return f ? f.width / f.height : 0.8;
}

let session = null;

export const editorOpen = () => !!session;

/**
 * openEditor opens the editor on slide i, on item j (the first text item
 * when j is undefined). It is drawn inside the slide's card, over its picture.
 */
export function openEditor(i, j, opts) {
  if (state.readOnly) return;
  if (session) closeEditor(false);
  const slide = state.project.slides[i];
  const li = $(`#slides .slide[data-id="${CSS.escape(slide.id)}"]`);
  if (!li) return;
  const items = textItems(slide);
  const tabs = items.length ? items : [(slide.items || []).length]; // a slide with no text gets a new text item
  const drafts = new Map();
  let current = j !== undefined && tabs.includes(j) ? j : tabs[0];
  const colors = editorColors(slide);

  const area = el('div', {
    class: 'editor', contenteditable: 'true', role: 'textbox', 'aria-multiline': 'true', 'aria-label': 'Slide text',
    spellcheck: 'true',
  });
  area.style.color = colors.text;
  area.style.setProperty('--slide-accent', colors.accent);
  const load = (k) => {
    const it = (slide.items || [])[k];
    fillEditor(area, drafts.get(k) || (it ? currentBlocks(it) : []));
  };
  const keep = () => { drafts.set(current, blocksOf(area)); };

  const tb = (name, label, cmd, content, keys) => el('button', {
    type: 'button', class: 'icon-btn small fmt', title: label + (keys ? ' (' + keys + ')' : ''), 'aria-label': label,
    'aria-pressed': 'false', dataset: { cmd }, onmousedown: (e) => e.preventDefault(),
  }, content);
  const bar = el('div', { class: 'editor-bar', role: 'toolbar', 'aria-label': 'Text formatting' },
    tb('bold', 'Bold', 'bold', el('b', { 'aria-hidden': 'true' }, 'B'), 'Ctrl+B'),
    tb('italic', 'Italic', 'italic', el('i', { 'aria-hidden': 'true' }, 'I'), 'Ctrl+I'),
    tb('underline', 'Underline', 'underline', el('u', { 'aria-hidden': 'true' }, 'U'), 'Ctrl+U'),
    tb('strike', 'Strikethrough', 'strike', el('s', { 'aria-hidden': 'true' }, 'S')),
    tb('link', 'Link', 'link', icon('link'), 'Ctrl+K'),
    tb('highlight', 'Highlight', 'highlight', el('span', { class: 'hl-icon', 'aria-hidden': 'true' }, 'H')),
    tb('heading', 'Heading', 'heading', icon('heading')),
    tb('bullet', 'Bulleted list', 'bullet', icon('list')),
    tb('numbered', 'Numbered list', 'numbered', icon('numbered')),
    tb('emoji', 'Emoji', 'emoji', el('span', { class: 'emoji-icon', 'aria-hidden': 'true' }, '☺')));
  bar.querySelector('[data-cmd="emoji"]').setAttribute('aria-haspopup', 'true');
  bar.querySelector('[data-cmd="emoji"]').setAttribute('aria-expanded', 'false');

  const linkForm = el('form', { class: 'link-form', hidden: true },
    el('label', { class: 'visually-hidden', for: 'link-url' }, 'Link address'),
    el('input', { id: 'link-url', type: 'text', inputmode: 'url', placeholder: 'https://…', autocomplete: 'off', 'aria-label': 'Link address' }),
    el('button', { type: 'submit', class: 'btn small' }, 'Set link'),
    el('button', { type: 'button', class: 'btn small ghost', dataset: { linkAction: 'remove' } }, 'Remove link'),
    el('button', { type: 'button', class: 'btn small ghost', dataset: { linkAction: 'cancel' } }, 'Cancel'));
  const emojiBox = el('div', { class: 'emoji-box', role: 'group', 'aria-label': 'Emoji', hidden: true },
    ...EMOJI.map(([e, name]) => el('button', { type: 'button', class: 'emoji-btn', 'aria-label': name, title: name, dataset: { emoji: e }, onmousedown: (ev) => ev.preventDefault() }, e)));

  const tabList = tabs.length > 1 ? el('div', { class: 'editor-tabs', role: 'tablist', 'aria-label': 'Text on this slide' },
    ...tabs.map((k, n) => el('button', {
      type: 'button', role: 'tab', 'aria-selected': String(k === current), tabindex: k === current ? '0' : '-1', dataset: { tab: String(k) },
    }, itemName(slide.items[k], n)))) : null;

  const revert = el('button', { type: 'button', class: 'btn small ghost', dataset: { editorAction: 'revert' }, title: 'Drop your edits of this post and show its text again' }, 'Revert to the post\'s text');
  const stage = el('div', { class: 'editor-stage' }, area);
  stage.style.background = colors.background;
  stage.style.aspectRatio = String(formatRatio());
  stage.style.setProperty('--ratio', String(formatRatio()));
  const wrap = el('div', { class: 'editor-wrap', role: 'group', 'aria-label': 'Edit slide ' + (i + 1) },
    bar, linkForm, emojiBox, tabList, stage,
    el('div', { class: 'editor-foot' },
      el('span', { class: 'hint editor-keys' }, 'Esc cancels · Ctrl+Enter applies'),
      el('span', { class: 'spacer' }),
      revert,
      el('button', { type: 'button', class: 'btn small', dataset: { editorAction: 'cancel' } }, 'Cancel'),
      el('button', { type: 'button', class: 'btn small primary', dataset: { editorAction: 'apply' } }, 'Apply')));

  const showRevert = () => {
    const it = (slide.items || [])[current];
    revert.hidden = !(it && it.post && !sameBlocks(drafts.get(current) || currentBlocks(it), sourceBlocks(it)));
  };

  wrap.style.setProperty('--ratio', String(formatRatio()));
  session = { i, id: slide.id, li, wrap, area, slide };
  state.editing = { id: slide.id, item: current };
  li.classList.add('editing');
  const body = $('.slide-body', li);
  body.prepend(wrap);
  load(current);
  showRevert();

  // ---- commands
  let saved = null; // the selection while the link form has the focus
  const sel = () => window.getSelection();
  const inArea = () => { const s = sel(); return s.rangeCount && area.contains(s.getRangeAt(0).commonAncestorContainer); };
  const exec = (cmd, arg) => { document.execCommand('styleWithCSS', false, 'false'); document.execCommand(cmd, false, arg); };
  const blockOf = (n) => { while (n && n !== area && !(n.nodeType === 1 && /^(P|DIV|H[1-6]|LI|BLOCKQUOTE)$/.test(n.nodeName))) n = n.parentNode; return n === area ? null : n; };
  const run = (cmd) => {
    if (!inArea()) { area.focus(); placeCaretAtEnd(area); }
    switch (cmd) {
      case 'bold': case 'italic': case 'underline': exec(cmd); break;
      case 'strike': exec('strikeThrough'); break;
      case 'highlight': toggleMark(area); break;
      case 'heading': {
        const b = blockOf(sel().anchorNode);
        exec('formatBlock', b && /^H[1-6]$/.test(b.nodeName) ? 'p' : 'h2');
        break;
      }
      case 'bullet': exec('insertUnorderedList'); break;
      case 'numbered': exec('insertOrderedList'); break;
      case 'link': {
        saved = sel().rangeCount ? sel().getRangeAt(0).cloneRange() : null;
        const a = closestIn(sel().anchorNode, 'A', area);
        linkForm.hidden = false;
        emojiBox.hidden = true;
        const input = $('input', linkForm);
        input.value = a ? a.getAttribute('href') : '';
        input.focus();
        return;
      }
      case 'emoji': {
        saved = sel().rangeCount ? sel().getRangeAt(0).cloneRange() : null;
        emojiBox.hidden = !emojiBox.hidden;
        linkForm.hidden = true;
        bar.querySelector('[data-cmd="emoji"]').setAttribute('aria-expanded', String(!emojiBox.hidden));
        if (!emojiBox.hidden) $('.emoji-btn', emojiBox).focus();
        return;
      }
    }
    area.focus();
    updateBar();
    showRevert();
  };
  const restoreSel = () => {
    area.focus();
    if (saved) { sel().removeAllRanges(); sel().addRange(saved); }
    saved = null;
  };
  const updateBar = () => {
    if (!inArea()) return;
    const n = sel().anchorNode;
    const b = blockOf(n);
    const states = {
      bold: document.queryCommandState('bold'), italic: document.queryCommandState('italic'),
      underline: document.queryCommandState('underline'), strike: document.queryCommandState('strikeThrough'),
      link: !!closestIn(n, 'A', area), highlight: !!closestIn(n, 'MARK', area),
      heading: !!(b && /^H[1-6]$/.test(b.nodeName)), bullet: !!closestIn(n, 'UL', area), numbered: !!closestIn(n, 'OL', area),
    };
    for (const [k, v] of Object.entries(states)) {
      const btn = bar.querySelector(`[data-cmd="${k}"]`);
      if (btn) btn.setAttribute('aria-pressed', String(v));
    }
  };
  session.onSelection = updateBar;
  document.addEventListener('selectionchange', updateBar);

  bar.addEventListener('click', (e) => { const b = e.target.closest('[data-cmd]'); if (b) run(b.dataset.cmd); });
  linkForm.addEventListener('submit', (e) => {
    e.preventDefault();
    let url = $('input', linkForm).value.trim();
    if (url && !/^[a-z][a-z0-9+.-]*:/i.test(url)) url = 'https://' + url;
    linkForm.hidden = true;
    restoreSel();
    if (url) {
      if (sel().isCollapsed) { exec('insertText', url); const r = sel().getRangeAt(0); r.setStart(r.endContainer, Math.max(0, r.endOffset - url.length)); sel().removeAllRanges(); sel().addRange(r); }
      exec('createLink', url);
    }
    updateBar();
  });
  linkForm.addEventListener('click', (e) => {
    const a = e.target.closest('[data-link-action]');
    if (!a) return;
    linkForm.hidden = true;
    restoreSel();
    if (a.dataset.linkAction === 'remove') {
      const link = closestIn(sel().anchorNode, 'A', area);
      if (link && sel().isCollapsed) { const r = document.createRange(); r.selectNodeContents(link); sel().removeAllRanges(); sel().addRange(r); }
      exec('unlink');
    }
  });
  linkForm.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); linkForm.hidden = true; restoreSel(); } });
  emojiBox.addEventListener('click', (e) => {
    const b = e.target.closest('[data-emoji]');
    if (!b) return;
    emojiBox.hidden = true;
    bar.querySelector('[data-cmd="emoji"]').setAttribute('aria-expanded', 'false');
    restoreSel();
    exec('insertText', b.dataset.emoji);
  });
  emojiBox.addEventListener('keydown', (e) => {
    const btns = $$('.emoji-btn', emojiBox);
    const k = btns.indexOf(document.activeElement);
    const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 6, ArrowUp: -6 }[e.key];
    if (step && k >= 0) { e.preventDefault(); btns[(k + step + btns.length) % btns.length].focus(); }
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); emojiBox.hidden = true; restoreSel(); }
  });
  if (tabList) {
    tabList.addEventListener('click', (e) => {
      const t = e.target.closest('[data-tab]');
      if (!t) return;
      keep();
      current = Number(t.dataset.tab);
      state.editing.item = current;
      $$('[role="tab"]', tabList).forEach((x) => { const on = x === t; x.setAttribute('aria-selected', String(on)); x.tabIndex = on ? 0 : -1; });
      load(current);
      showRevert();
    });
    tabList.addEventListener('keydown', (e) => {
      const all = $$('[role="tab"]', tabList);
      const k = all.indexOf(document.activeElement);
      const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
      if (d && k >= 0) { e.preventDefault(); const n = all[(k + d + all.length) % all.length]; n.focus(); n.click(); }
    });
  }
  wrap.addEventListener('click', (e) => {
    const a = e.target.closest('[data-editor-action]');
    if (!a) return;
    if (a.dataset.editorAction === 'apply') applyEditor();
    else if (a.dataset.editorAction === 'cancel') closeEditor(true);
    else if (a.dataset.editorAction === 'revert') {
      const it = slide.items[current];
      drafts.set(current, sourceBlocks(it));
      load(current);
      showRevert();
      area.focus();
    }
  });
  wrap.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); closeEditor(true); return; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); applyEditor(); return; }
    e.stopPropagation(); // the slide list's own keys stay out of the editor
  });
  area.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey)) return;
    const k = e.key.toLowerCase();
    const cmd = { b: 'bold', i: 'italic', u: 'underline', k: 'link' }[k];
    if (cmd) { e.preventDefault(); run(cmd); }
  });
  area.addEventListener('input', () => { updateBar(); });
  // Typing over everything starts plain text, not in the first character's style.
  area.addEventListener('beforeinput', (e) => {
    if (!coversAll(area)) return;
    if (e.inputType === 'insertText' && e.data) {
      e.preventDefault();
      const p = el('p', null, e.data);
      area.replaceChildren(p);
      placeCaretAtEnd(p);
    } else if (e.inputType.startsWith('delete')) {
      e.preventDefault();
      const p = el('p', null, el('br'));
      area.replaceChildren(p);
      const r = document.createRange();
      r.setStart(p, 0);
      sel().removeAllRanges();
      sel().addRange(r);
    }
  });
  area.addEventListener('paste', (e) => {
    if (Array.from(e.clipboardData.files || []).some((f) => f.type.startsWith('image/'))) return; // the page puts it on the slide
    e.preventDefault();
    exec('insertText', e.clipboardData.getData('text/plain'));
  });

  function applyEditor() {
    keep();
    const edits = [];
    for (const [k, blocks] of drafts) {
      const it = (slide.items || [])[k];
      if (!it) { if (blocks.length) edits.push([k, blocks]); continue; }
      if (sameBlocks(blocks, currentBlocks(it))) continue;
      if (it.post && sameBlocks(blocks, sourceBlocks(it))) edits.push([k, undefined]);
      else edits.push([k, blocks.length ? blocks : [{ type: 'paragraph', spans: [{ text: ' ' }] }]]);
    }
    const index = state.project.slides.findIndex((s) => s.id === session.id);
    signal('apply', { at: performance.now(), changed: edits.length > 0 });
    closeEditor(false);
    if (edits.length && index >= 0) ops.setTexts(index, edits);
    focusSlideById(slide.id);
  }

  area.focus();
  if (opts && opts.selectAll) { const r = document.createRange(); r.selectNodeContents(area); sel().removeAllRanges(); sel().addRange(r); } else placeCaretAtEnd(area);
  updateBar();
}

/** closeEditor closes the editor without applying; the slide list redraws if it waited. */
export function closeEditor(refocus) {
  if (!session) return;
  const { wrap, li, id } = session;
  document.removeEventListener('selectionchange', session.onSelection);
  session = null;
  state.editing = null;
  wrap.remove();
  li.classList.remove('editing');
  document.dispatchEvent(new CustomEvent('studio:editor-closed'));
  if (refocus) focusSlideById(id);
}

function focusSlideById(id) {
  const li = $(`#slides .slide[data-id="${CSS.escape(id)}"]`);
  if (li) li.focus({ preventScroll: true });
}

function closestIn(n, tag, root) {
  while (n && n !== root) {
    if (n.nodeName === tag) return n;
    n = n.parentNode;
  }
  return null;
}

function placeCaretAtEnd(node) {
  const r = document.createRange();
  r.selectNodeContents(node);
  r.collapse(false);
  const s = window.getSelection();
  s.removeAllRanges();
  s.addRange(r);
}

/** coversAll is true when the selection spans all of the editor's text. */
function coversAll(area) {
  const s = window.getSelection();
  if (!s.rangeCount || s.isCollapsed) return false;
  const r = s.getRangeAt(0);
  if (!area.contains(r.commonAncestorContainer) && r.commonAncestorContainer !== area) return false;
  const all = area.textContent.replace(/\s+/g, '');
  return all.length > 0 && r.toString().replace(/\s+/g, '') === all;
}

/** toggleMark highlights the selection, or removes the highlight the caret is in. */
function toggleMark(area) {
  const s = window.getSelection();
  if (!s.rangeCount) return;
  const r = s.getRangeAt(0);
  const mark = closestIn(r.commonAncestorContainer, 'MARK', area);
  if (mark) {
    const parent = mark.parentNode;
    while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
    mark.remove();
    parent.normalize();
    return;
  }
  if (r.collapsed) return;
  const m = el('mark');
  m.append(r.extractContents());
  // Marks inside the selection merge into the new one.
  $$('mark', m).forEach((x) => { while (x.firstChild) x.parentNode.insertBefore(x.firstChild, x); x.remove(); });
  r.insertNode(m);
  const after = document.createRange();
  after.selectNodeContents(m);
  s.removeAllRanges();
  s.addRange(after);
}
