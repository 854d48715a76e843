// SPDX-License-Identifier: MIT
// Carousel Studio: the studio page. Native ES modules, no framework, no build
// step. Every preview is an SVG drawn by the server's render engine; the page
// only edits the project JSON, saves it and swaps pictures whose key changed.
//
// Modules: dom.js and api.js are helpers; doc.js holds the open project with
// change, undo and save; each zone and settings panel is a module that
// registers its view (doc.addView) or panel (settings.addPanel).
import { $, $$, toast, showTab, confirmAction, isPhone } from './dom.js';
import { api, projectURL } from './api.js';
import { state, addView, renderAll, undo, redo, openProject, flushSave, pushUndo, debounceChange, flushTyping, unsaved, snapshot } from './doc.js';
import { initPosts, renderPosts } from './posts.js';
import { initSlides, renderSlides } from './slides.js';
import { ops } from './ops.js';
import { openEditor, editorOpen } from './editor.js';
import { initViewer } from './viewer.js';
import { initPaste } from './media.js';
import { initDrag } from './drag.js';
import { initSettings } from './settings.js';
import { initExport } from './export.js';
import { initSource } from './source.js';
import { initProjects, listProjects } from './projects.js';
import { initPublish, publishAfterStart } from './publish.js';
import { loadProfiles } from './panels/brand.js';
import { initTeam, may } from './team.js';
import { initComments } from './comments.js';
import './panels/format.js';
import './panels/template.js';
import './panels/theme.js';
import './panels/typography.js';
import './panels/cta.js';
import './panels/pattern.js';
import './panels/background.js';

function renderTopbar() {
  const has = !!state.project;
  $('#welcome').hidden = has;
  $('#slide-actions').hidden = !has;
  $('#slides-help').hidden = !has || !state.project.slides.length;
  $('#title').disabled = !has || state.readOnly;
  if (has && document.activeElement !== $('#title')) $('#title').value = state.project.title || '';
  $('#undo').disabled = !state.history.length;
  $('#redo').disabled = !state.future.length;
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

async function replan() {
  if (state.readOnly) return;
  if (!(await confirmAction('Lay the whole thread out again? Slides you arranged by hand are replaced (Undo brings them back).', 'Re-plan'))) return;
  await flushSave();
  const before = snapshot(state.project);
  try {
    await api('POST', projectURL(state.project.id, '/plan'), { all: true });
    await openProject(state.project.id);
    pushUndo(before);
    renderAll();
  } catch (e) { toast(e.message); }
}

/** addSlide inserts a free-text slide after the selected one and opens its editor. */
function addSlide() {
  if (!state.project || state.readOnly) return;
  if (editorOpen()) return;
  const at = state.project.slides.length ? Math.min(state.selected + 1, state.project.slides.length) : 0;
  ops.addText(at);
  openEditor(at, undefined, { selectAll: true });
}

async function start() {
  // Views redraw in this order after every change.
  addView({ render: renderTopbar });
  initPosts();
  initSlides();
  initSettings();
  initExport();
  initSource();
  initProjects();
  initPublish();
  initDrag();
  initViewer();
  initPaste();
  initComments();
  const team = initTeam();

  applyTheme(localStorage.getItem('studio-theme') || (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'));
  $('#theme-toggle').addEventListener('click', () => {
    const t = document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark';
    localStorage.setItem('studio-theme', t);
    applyTheme(t);
  });
  $$('.tabs [data-tab]').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));
  $('#undo').addEventListener('click', undo);
  $('#redo').addEventListener('click', redo);
  $('#replan').addEventListener('click', replan);
  $('#add-slide').addEventListener('click', addSlide);
  // A skip link shows its zone (a tab on a phone) and puts the focus in it.
  $$('[data-skip]').forEach((a) => a.addEventListener('click', (e) => {
    e.preventDefault();
    if (isPhone()) showTab(a.dataset.skip);
    const target = $(a.getAttribute('href'));
    const inner = a.dataset.skip === 'slides' && $('#slides .slide[tabindex="0"]');
    (inner || target).focus();
    (inner || target).scrollIntoView({ block: 'start' });
  }));
  $('#title').addEventListener('input', (e) => {
    const v = e.target.value;
    debounceChange('title', (p) => { p.title = v; });
  });
  $('#new-project').addEventListener('click', () => { location.href = '/'; });
  document.addEventListener('keydown', onGlobalKey);
  window.addEventListener('beforeunload', (e) => {
    if (unsaved()) { flushTyping(); e.preventDefault(); }
  });

  try {
    await team;
    // Clients review: brand kits are not theirs to see.
    const [catalog] = await Promise.all([api('GET', '/api/catalog'), may('viewer') ? loadProfiles() : null]);
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
  publishAfterStart();
}

start();
