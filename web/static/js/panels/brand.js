// SPDX-License-Identifier: MIT
// Brand Kit: the project's brand or a shared brand profile, header and
// footer placements, presets, and brand kit files.
import { $, $$, el, morph, field, setStatus, toast, ask, confirmAction } from '../dom.js';
import { api, mediaURL } from '../api.js';
import { state, S, change, clone, setPath, debounceChange, flushTyping, refreshLayout } from '../doc.js';
import { addPanel, renderSettings } from '../settings.js';

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
  morph($('#brand'),
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

function uploadField(label, kind, ref) {
  const url = mediaURL(ref);
  return el('div', { class: 'upload' },
    url ? el('img', { src: url, alt: label, class: 'upload-preview' }) : el('span', { class: 'upload-preview empty' }, '—'),
    el('label', { class: 'btn small' }, label + '…', el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif', class: 'visually-hidden', dataset: { upload: kind } })),
    ref ? el('button', { type: 'button', class: 'link-btn', dataset: { clearUpload: kind } }, 'Remove') : null);
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
      if (e.status !== 409 || !(await confirmAction(e.message + ' Replace the profiles and presets with these names?', 'Replace'))) throw e;
      res = await api('POST', '/api/brandkit?replace=true', kit);
    }
    await loadProfiles();
    renderSettings();
    toast('Imported ' + res.profiles + ' profiles and ' + res.presets + ' presets.');
  } catch (e) {
    toast(e.message);
  }
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
let profilePending = null;
function debounceProfile(pf) {
  const i = state.profiles.findIndex((p) => p.id === pf.id);
  if (i >= 0) state.profiles[i] = pf;
  clearTimeout(profileTimer);
  setStatus('Saving…', 'busy');
  profilePending = pf;
  profileTimer = setTimeout(flushProfile, 300);
}

/** flushProfile saves typing in the profile's fields now (a field was left). */
function flushProfile() {
  clearTimeout(profileTimer);
  const pf = profilePending;
  profilePending = null;
  if (pf) updateProfile(pf);
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

/** loadProfiles fetches the brand profiles and presets. */
export async function loadProfiles() {
  const [pr, ps] = await Promise.all([api('GET', '/api/profiles'), api('GET', '/api/presets')]);
  state.profiles = pr.profiles;
  state.presets = ps.presets;
  profileRevs.clear();
  for (const p of pr.profiles) profileRevs.set(p.id, p.revision);
}

async function profileAction(action) {
  const prof = activeProfile();
  try {
    if (action === 'create' || action === 'duplicate') {
      const name = await ask(action === 'create' ? 'Name of the new brand profile' : 'Name of the copy', action === 'duplicate' && prof ? prof.name + ' copy' : '', 'Create');
      if (!name) return;
      const b = S().brand;
      const base = action === 'duplicate' && prof ? Object.assign({}, prof) : { author: b.name, handle: b.handle, website: b.website, avatar: b.avatar, logo: b.logo, header: b.header, footer: b.footer, showOnCover: b.showOnCover, showOnOutro: b.showOnOutro };
      delete base.id; delete base.revision; delete base.default;
      base.name = name;
      const created = await api('POST', '/api/profiles', base);
      await loadProfiles();
      change((p) => { p.settings.brand.profile = created.id; });
    } else if (action === 'rename' && prof) {
      const name = await ask('New name of the profile', prof.name, 'Rename');
      if (!name) return;
      await updateProfile(Object.assign({}, prof, { name }));
    } else if (action === 'default' && prof) {
      await api('POST', '/api/profiles/' + encodeURIComponent(prof.id) + '/default');
      await loadProfiles();
    } else if (action === 'delete' && prof) {
      if (!(await confirmAction('Delete the profile “' + prof.name + '”? Projects using it keep their last brand kit.', 'Delete'))) return;
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
      const name = await ask('Name of the preset', '', 'Save preset');
      if (!name) return;
      await api('POST', '/api/presets', { name, settings: S() });
      toast('Preset “' + name + '” saved.', 'ok');
    } else if (action === 'apply' && preset) {
      change((p) => { p.settings = clone(preset.settings); });
    } else if (action === 'rename' && preset) {
      const name = await ask('New name of the preset', preset.name, 'Rename');
      if (!name) return;
      await api('PUT', '/api/presets/' + encodeURIComponent(preset.id), Object.assign({}, preset, { name }));
    } else if (action === 'delete' && preset) {
      if (!(await confirmAction('Delete the preset “' + preset.name + '”?', 'Delete'))) return;
      await api('DELETE', '/api/presets/' + encodeURIComponent(preset.id));
    }
    await loadProfiles();
    renderSettings();
  } catch (e) {
    toast(e.message);
  }
}

addPanel({
  render: renderBrand,
  change(e, t, isText) {
    const d = t.dataset;
    if (d.brand || d.placement) {
      if (isText ? e.type === 'input' : e.type === 'change') editBrand(t);
      // Leaving a field saves what was typed in it, before anything redraws.
      else if (isText && e.type === 'change') { flushTyping(); flushProfile(); }
      return true;
    }
    if (d.upload) { if (e.type === 'change' && t.files[0]) uploadImage(d.upload, t.files[0]); return true; }
    if (t.id === 'profile-select') {
      if (e.type !== 'change') return true;
      const pf = state.profiles.find((p) => p.id === t.value);
      change((p) => {
        if (!pf) { delete p.settings.brand.profile; return; }
        p.settings.brand.profile = pf.id;
      });
      return true;
    }
    return t.id === 'brandkit-file';
  },
  click(e, b) {
    const d = b.dataset;
    if (d.clearUpload) { setBrandValue(d.clearUpload, ''); return true; }
    if (d.profile) { profileAction(d.profile); return true; }
    if (d.presetAction) { presetAction(d.presetAction, b.closest('[data-preset]')); return true; }
    return false;
  },
});

// A brand kit file imports even before a project is open.
$('#brand').addEventListener('change', (e) => {
  const t = e.target;
  if (t.id === 'brandkit-file' && t.files.length) importBrandKit(t.files[0]).finally(() => { t.value = ''; });
});
