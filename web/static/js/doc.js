// SPDX-License-Identifier: MIT
// The open document: project state, changes with undo and redo, saving, and
// the views that redraw after a change. Panels register their views here.
import { api, projectURL } from './api.js';
import { setStatus, toast, signal } from './dom.js';

export const state = {
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
  lastSave: 0,
  /** a note for the version the next save lands in, e.g. "Restored version 12" */
  note: '',
  profiles: [],
  presets: [],
  /** 'list' shows each slide with its tools; 'grid' is the overview of the whole carousel */
  view: localStorage.getItem('studio-view') === 'grid' ? 'grid' : 'list',
  /** the open slide editor: {id, item} (the slide's id and the item being edited) */
  editing: null,
  /**
   * readOnly is set on a team server for roles below editor (viewer,
   * client): the studio shows the project and never changes or saves it.
   */
  readOnly: false,
};

export const uid = () => 's' + Math.random().toString(36).slice(2, 10);
export const clone = (v) => JSON.parse(JSON.stringify(v));
/**
 * snapshot is the project as undo keeps it: without the thread, which the
 * studio never edits, so that a long thread costs nothing per change.
 */
export const snapshot = (p) => JSON.stringify(Object.assign({}, p, { thread: undefined }));

/**
 * Before the first import the panels edit a draft: its settings show in
 * the panels, and its edits are replayed on the project once imported.
 */
const draft = {
  settings: {
    format: '', template: '', theme: '',
    typography: { titleSize: 0, bodySize: 0, headerSize: 0, minScale: 0 },
    brand: {}, pattern: { name: '', density: 0, opacity: 0 }, cta: { variant: 0 },
  },
  slides: [],
  edits: [],
};

/** S is the open project's settings (the draft's before an import). */
export const S = () => (state.project ? state.project.settings : draft.settings);

/** draftChoices are the format, template and theme chosen before the import. */
export const draftChoices = () => ({ format: draft.settings.format || undefined, template: draft.settings.template || undefined, theme: draft.settings.theme || undefined });

/** applyDraft replays on the new project what was set before it was imported, as one change. */
export function applyDraft() {
  const edits = draft.edits.splice(0);
  if (edits.length) change((p) => { for (const e of edits) e(p); });
}

const views = [];
const layoutViews = [];

/**
 * addView registers a panel's redraw: render(force) after every change,
 * layout() when new slide pictures arrive from the server.
 * @param {{render?: (force?: boolean) => void, layout?: () => void}} view
 */
export function addView(view) {
  if (view.render) views.push(view.render);
  if (view.layout) layoutViews.push(view.layout);
}

/** renderAll redraws every view; force redraws panels even when they look unchanged. */
export function renderAll(force) {
  for (const render of views) render(force);
}

// ---- editing and history ----------------------------------------------

/**
 * change applies an edit to the project, records it for undo, redraws
 * and schedules a save.
 * @param {(p: any) => void} edit
 */
export function change(edit) {
  // The server refuses a read-only role's save: make none.
  if (state.readOnly) return;
  if (!state.project) {
    const before = JSON.stringify(draft.settings);
    edit(draft);
    if (JSON.stringify(draft.settings) !== before) draft.edits.push(edit);
    renderAll();
    return;
  }
  const before = snapshot(state.project);
  edit(state.project);
  if (snapshot(state.project) === before) return;
  signal('change', { at: performance.now() });
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

export function undo() {
  if (state.readOnly) return;
  flushTyping();
  if (!state.history.length) return;
  state.future.push(snapshot(state.project));
  restore(state.history.pop());
}

export function redo() {
  if (state.readOnly || !state.future.length) return;
  state.history.push(snapshot(state.project));
  restore(state.future.pop());
}

function restore(json) {
  const p = JSON.parse(json);
  p.revision = state.project.revision; // the server's revision moves on
  p.thread = state.project.thread;
  state.project = p;
  afterChange();
}

/** pushUndo records a project state the server replaced, so Undo brings it back. */
export function pushUndo(json) {
  state.history.push(json);
}

/**
 * scheduleSave saves at once after a quiet spell, else within 100 ms,
 * so a burst of changes becomes one PUT and a single change shows fast.
 */
export function scheduleSave() {
  if (state.readOnly) return;
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
  const body = clone(p);
  const ids = body.slides.map((s) => s.id);
  try {
    const note = state.note;
    state.note = '';
    const res = await api('PUT', projectURL(p.id), body, note ? { 'X-Carousel-Note': encodeURIComponent(note) } : undefined);
    if (state.project && state.project.id === res.id) {
      state.project.revision = res.revision;
      applyLayout(res, ids);
    }
    // "Saved" only when nothing newer waits to be saved.
    if (!state.saveTimer && !state.saveAgain && !debounced.size) setStatus('Saved', 'ok');
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
export function applyLayout(layout, ids) {
  const m = new Map();
  (layout.slides || []).forEach((rs, i) => {
    const id = ids[rs.source];
    if (!m.has(id)) m.set(id, []);
    m.get(id).push({ n: i + 1, key: rs.key, alt: rs.alt, continued: !!rs.continued });
  });
  state.rendered = m;
  state.total = (layout.slides || []).length;
  state.warnings = layout.warnings || [];
  for (const layoutView of layoutViews) layoutView();
}

export async function refreshLayout() {
  const p = state.project;
  const layout = await api('GET', projectURL(p.id, '/layout'));
  applyLayout(layout, p.slides.map((s) => s.id));
}

export function ensureIds(p) {
  for (const s of p.slides || []) if (!s.id) s.id = uid();
  p.slides = p.slides || [];
}

export async function openProject(id) {
  const p = await api('GET', projectURL(id));
  const missing = (p.slides || []).some((s) => !s.id);
  ensureIds(p);
  state.project = p;
  state.history = [];
  state.future = [];
  state.selected = 0;
  history.replaceState(null, '', '/?p=' + encodeURIComponent(p.id));
  document.title = (p.title || 'Untitled') + ' · Carousel Studio';
  renderAll(true);
  const layout = await api('GET', projectURL(id, '/layout'));
  applyLayout(layout, p.slides.map((s) => s.id));
  // A read-only role saves nothing: the role note says why.
  setStatus(state.readOnly ? '' : 'Saved', state.readOnly ? '' : 'ok');
  if (missing) scheduleSave();
}

/** noteNextSave names what the next save does, for the version list. */
export function noteNextSave(note) {
  state.note = note;
}

// ---- typing ---------------------------------------------------------------

/** pending typing, by field: {timer, edit} */
const debounced = new Map();

/** debounceChange groups quick typing into one undoable change. */
export function debounceChange(key, edit) {
  if (state.readOnly) return;
  const old = debounced.get(key);
  if (old) clearTimeout(old.timer);
  setStatus('Saving…', 'busy');
  debounced.set(key, { edit, timer: setTimeout(() => { debounced.delete(key); change(edit); }, 250) });
}

/** changeNow applies an edit at once, dropping typing pending under the same key. */
export function changeNow(key, edit) {
  const old = debounced.get(key);
  if (old) clearTimeout(old.timer);
  debounced.delete(key);
  change(edit);
}

/** flushTyping applies pending typing now. */
export function flushTyping() {
  const pending = Array.from(debounced.values());
  debounced.clear();
  for (const p of pending) { clearTimeout(p.timer); change(p.edit); }
}

/** unsaved is true while typing or a save is pending. */
export const unsaved = () => debounced.size > 0 || !!state.saveTimer || state.saving;

/** flushSave saves now if a save is pending, so exports see the last change. */
export async function flushSave() {
  flushTyping();
  if (state.saveTimer) { clearTimeout(state.saveTimer); state.saveTimer = 0; await save(); }
  while (state.saving) await new Promise((r) => setTimeout(r, 30));
}

// ---- reading the project ------------------------------------------------------

export function postById(id) {
  return state.project && state.project.thread.posts.find((p) => p.id === id);
}

export function textOfBlocks(blocks) {
  return (blocks || []).map((b) => (b.spans || []).map((s) => s.text).join('')).join('\n\n');
}

/** setPath sets obj's value at a dotted path; an empty value deletes it. */
export function setPath(obj, path, value) {
  const keys = path.split('.');
  let o = obj;
  for (const k of keys.slice(0, -1)) { o[k] = o[k] || {}; o = o[k]; }
  const last = keys[keys.length - 1];
  if (value === '' || value === undefined) delete o[last]; else o[last] = value;
}
