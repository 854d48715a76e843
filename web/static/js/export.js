// SPDX-License-Identifier: MIT
// Export: the platform preflight and the downloads, with a progress bar.
import { $, $$, el, fill, toast, signal } from './dom.js';
import { state, addView, S, flushSave } from './doc.js';

let busy = false;

const platformName = { linkedin: 'LinkedIn', instagram: 'Instagram', threads: 'Threads', story: 'Stories', tiktok: 'TikTok' };

/** renderButtons names the export buttons after the format's platforms, the right one first. */
function renderButtons() {
  const has = !!state.project;
  $('#export-hint').hidden = has;
  $$('[data-export]').forEach((b) => { b.disabled = !has; b.setAttribute('aria-disabled', String(busy)); });
  if (!state.catalog) return;
  const fmt = S().format || state.catalog.defaultFormat;
  const platforms = platformsFor(fmt);
  const names = platforms.map((p) => platformName[p.name] || p.name);
  const pdf = $('[data-export="pdf"]');
  const png = $('[data-export="png"]');
  // A LinkedIn format posts a document (the PDF); the others post images.
  const isDocument = platforms.some((p) => p.name === 'linkedin');
  pdf.textContent = isDocument ? 'PDF · ' + names.join(', ') : 'PDF document';
  png.textContent = 'ZIP of PNG' + (!isDocument && names.length ? ' · ' + names.join(', ') : '');
  pdf.classList.toggle('primary', isDocument);
  png.classList.toggle('primary', !isDocument);
  // The primary export comes first, across the whole row.
  const box = $('.export-buttons');
  const first = isDocument ? pdf : png;
  if (box.firstElementChild !== first) box.prepend(first);
}

export function renderPreflight() {
  const box = $('#preflight');
  const parts = $('#export-parts');
  fill(box);
  fill(parts);
  if (!state.project || !state.catalog) { box.hidden = true; parts.hidden = true; return; }
  const general = state.warnings.filter((w) => !w.slide);
  const platforms = platformsFor(S().format || state.catalog.defaultFormat);
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

/** platformsFor gives the platforms whose limits apply to a format, as the catalog says. */
function platformsFor(format) {
  const f = state.catalog.formats.find((x) => x.name === format);
  const names = f ? f.platforms : [];
  return state.catalog.platforms.filter((p) => names.includes(p.name));
}

/** exportFile downloads an export with a progress bar, then saves it. */
async function exportFile(btn) {
  if (busy || !state.project) return;
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
  // The buttons say they are busy but stay enabled, so that the focus stays on the one pressed.
  busy = true;
  renderButtons();
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
    signal('exported', { name, size: blob.size });
  } catch (e) {
    label.textContent = '';
    prog.hidden = true;
    toast('Export failed: ' + e.message);
  } finally {
    busy = false;
    renderButtons();
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

export function initExport() {
  // Capture, so a Settings panel's click handler never sees an export button.
  $('#zone-settings').addEventListener('click', (e) => {
    const b = e.target.closest('[data-export]');
    if (b) { e.stopPropagation(); exportFile(b); }
  }, { capture: true });
  addView({ render: () => { renderButtons(); renderPreflight(); }, layout: () => renderPreflight() });
}
