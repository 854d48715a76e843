// SPDX-License-Identifier: MIT
// The inline text editor of a slide item.
import { el } from './dom.js';
import { state, postById } from './doc.js';
import { ops } from './ops.js';
import { renderSlides, slidesNeedRedraw } from './slides.js';

/** openEditor replaces an item row with a small rich text editor (bold and italic only). */
export function openEditor(li, i, j) {
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
    else if (slidesNeedRedraw()) renderSlides();
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
