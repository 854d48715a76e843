// SPDX-License-Identifier: MIT

// Package e2e drives the studio page in headless Chromium against a
// server wired with the real store, render engine and importer.
package e2e

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/store"
	"github.com/carouselstudio/carousel/web"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const thread = `Five habits of calm, clear writing 🧵

---

**Start with the point.** Say the one thing your reader must remember, then support it.

---

Cut every word that does no work. Read the sentence again without it.

---

Prefer short sentences. They breathe.

---

Read it aloud before you post. Your ear catches what your eye forgives.`

// chromium returns the browser's path, installing Debian's package when
// it is missing; the test is skipped only when that install fails.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	out, err := exec.Command("sh", "-c", "apt-get update && apt-get install -y chromium").CombinedOutput()
	if err != nil {
		t.Skipf("chromium is missing and apt-get install failed: %v\n%s", err, out)
	}
	return "/usr/bin/chromium"
}

type studio struct {
	t     *testing.T
	ctx   context.Context
	url   string
	db    *store.DB
	shots string
	dl    string
}

// newStudio starts the studio in headless Chromium. configure, when given,
// changes the server before it starts (publishing is wired that way).
func newStudio(t *testing.T, configure ...func(s *web.Server, db *store.DB)) *studio {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "studio.db"))
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	eng, err := render.New(render.Options{
		SystemFontDirs: []string{},
		LoadImage: func(ctx context.Context, ref string) ([]byte, error) {
			if !strings.HasPrefix(ref, "asset:") {
				return nil, carousel.Errorf(carousel.EUNSUPPORTED, "image %q is not an asset", ref)
			}
			b, _, err := db.Asset(ctx, ref)
			return b, err
		},
	})
	if err != nil {
		t.Fatalf("render.New: %v", err)
	}
	s := &web.Server{
		Projects: db, Profiles: db, Presets: db, Assets: db, Render: eng, CheckFont: render.CheckFont,
		Import:  importer.New(importer.Config{FxTwitterBase: "-", SyndicationBase: "-", StoreMedia: db.PutAsset, CacheDir: t.TempDir()}),
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Version: "e2e",
	}
	for _, c := range configure {
		c(s, db)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)

	shots := os.Getenv("CAROUSEL_SCREENSHOTS")
	if shots == "" {
		shots = "/tmp/studio-shots"
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	)
	t.Cleanup(cancelAlloc)
	bctx, cancel := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	st := &studio{t: t, ctx: bctx, url: srv.URL, db: db, shots: shots, dl: t.TempDir()}
	st.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: st.dl,
		})
		return err
	}))
	st.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: testHooks})
		return err
	}))
	st.desktop()
	return st
}

// testHooks is injected into every page the tests open: it records what
// the studio signals (its studio:* events) and CSP violations, so that no
// test hook ships to users.
const testHooks = `(() => {
	window.__cspViolations = [];
	window.__errors = [];
	window.addEventListener('error', (e) => { window.__errors.push(String(e.message)); });
	window.addEventListener('unhandledrejection', (e) => { window.__errors.push(String(e.reason && e.reason.stack || e.reason)); });
	document.addEventListener('securitypolicyviolation', (e) => { window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI); });
	document.addEventListener('studio:change', (e) => { window.__changeAt = e.detail.at; });
	document.addEventListener('studio:preview', (e) => {
		window.__lastPreviewMs = e.detail.shown - e.detail.asked;
		if (window.__changeAt) window.__lastUpdateMs = e.detail.shown - window.__changeAt;
	});
	document.addEventListener('studio:exported', (e) => { window.__lastExport = e.detail; });
	// From "Apply" in the slide editor to the edited slide's new picture on screen.
	document.addEventListener('studio:apply', (e) => { window.__applyAt = e.detail.changed ? e.detail.at : 0; });
	document.addEventListener('studio:preview', (e) => {
		if (window.__applyAt && e.detail.shown > window.__applyAt) { window.__lastApplyMs = e.detail.shown - window.__applyAt; window.__applyAt = 0; }
	});
})()`

func (s *studio) do(actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 60*time.Second)
	defer cancel()
	if s.ctx.Err() == nil && chromedp.FromContext(s.ctx).Browser == nil {
		ctx = s.ctx // the first run starts the browser: no timeout on it
	}
	if err := chromedp.Do(ctx, actions...); err != nil {
		s.t.Fatalf("browser: %v", err)
	}
}

// eval runs JS (awaiting promises) and decodes its value into T.
func eval[T any](s *studio, js string) T {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		s.t.Fatalf("eval %.80q: %v", js, err)
	}
	return v
}

// wait polls a JS condition until it is true.
func (s *studio) wait(what, cond string) {
	s.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(s.ctx, 60*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("!!("+cond+")", chromedp.EvalAwaitPromise))
		cancel()
		switch {
		case err == nil && ok:
			return
		case err != nil && !navigating(err):
			s.t.Fatalf("waiting for %s: %v", what, err)
		}
		time.Sleep(40 * time.Millisecond)
	}
	s.shot("failed")
	s.t.Fatalf("timed out waiting for %s (%s); the page is at %s; errors: %s", what, cond, eval[string](s, "location.href"), eval[string](s, "JSON.stringify(window.__errors || [])"))
}

// doubleClick double-clicks the middle of an element with the mouse, once
// the element is really under that point: the studio may still scroll the
// list (focus coming back after a dialog) between measuring and clicking.
func (s *studio) doubleClick(sel string) {
	s.t.Helper()
	for try := 0; ; try++ {
		xy := eval[[]float64](s, `new Promise(done => { const el = document.querySelector(`+jsString(sel)+`); el.scrollIntoView({block: 'center'});
			requestAnimationFrame(() => requestAnimationFrame(() => { const r = el.getBoundingClientRect(); const x = r.left + r.width / 2, y = r.top + r.height / 2;
				done(el.contains(document.elementFromPoint(x, y)) ? [x, y] : []); })); })`)
		if len(xy) == 2 {
			s.do(chromedp.MouseClickXY(xy[0], xy[1], chromedp.ClickCount(2)))
			return
		}
		if try == 50 {
			s.shot("failed")
			s.t.Fatalf("%s is never under the mouse", sel)
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// navigating tells an evaluation that met a page being replaced (a
// sign-in or a workspace switch reloads it): the condition is not true yet.
func navigating(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "context was destroyed") || strings.Contains(msg, "Cannot find context")
}

func (s *studio) desktop() {
	s.do(chromedp.EmulateViewport(1280, 800))
}

func (s *studio) phone() {
	s.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
			Width: 390, Height: 844, DeviceScaleFactor: 2, Mobile: true,
		})
		return err
	}))
}

func (s *studio) shot(name string) {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		s.t.Logf("screenshot %s: %v", name, err)
		return
	}
	p := filepath.Join(s.shots, name+".png")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		s.t.Fatal(err)
	}
	s.t.Logf("screenshot %s", p)
}

// previewsLoaded is true when every slide preview has its picture.
const previewsLoaded = `document.querySelectorAll('#slides .slide').length > 0 &&
	[...document.querySelectorAll('#slides .preview')].every(i => i.tagName === 'IMG' && i.complete && i.naturalWidth > 0 && !i.classList.contains('stale')) &&
	document.querySelector('#status').textContent === 'Saved'`

// dragTo drags with the mouse from the middle of one element to the
// middle of another, scrolling so that both are in view.
func (s *studio) dragTo(from, to, shot string) {
	s.t.Helper()
	xy := eval[[]float64](s, fmt.Sprintf(`(() => {
		const a = document.querySelector(%q), b = document.querySelector(%q);
		const za = a.closest('.zone'), zb = b.closest('.zone');
		if (za !== zb) { a.scrollIntoView({block: 'center'}); b.scrollIntoView({block: 'center'}); }
		else {
			const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect(), rz = za.getBoundingClientRect();
			za.scrollBy(0, (ra.top + ra.bottom + rb.top + rb.bottom) / 4 - (rz.top + rz.height / 2));
		}
		const ra = a.getBoundingClientRect(), rb = b.getBoundingClientRect();
		return [ra.left + ra.width / 2, ra.top + ra.height / 2, rb.left + rb.width / 2, rb.top + rb.height / 2, innerHeight];
	})()`, from, to))
	for _, y := range []float64{xy[1], xy[3]} {
		if y < 0 || y > xy[4] {
			s.t.Fatalf("%s and %s are not both in view: %v", from, to, xy)
		}
	}
	if shot == "" {
		s.do(chromedp.DragAndDropXY(xy[0], xy[1], xy[2], xy[3], 12))
		return
	}
	// Step by step, to photograph the drop target lit up before the release.
	left := func(p *input.DispatchMouseEventParams) { p.Button, p.Buttons = input.MouseButtonLeft, 1 }
	s.do(chromedp.MouseEvent(chromedp.MousePressed, xy[0], xy[1], left, chromedp.ClickCount(1)))
	for i := 1; i <= 12; i++ {
		f := float64(i) / 12
		s.do(chromedp.MouseEvent(chromedp.MouseMoved, xy[0]+(xy[2]-xy[0])*f, xy[1]+(xy[3]-xy[1])*f, left))
	}
	s.shot(shot)
	s.do(chromedp.MouseEvent(chromedp.MouseReleased, xy[2], xy[3], chromedp.ButtonLeft, chromedp.ClickCount(1)))
}

func (s *studio) projectID() string {
	return eval[string](s, `new URLSearchParams(location.search).get('p') || ''`)
}

func (s *studio) stored() *carousel.Project {
	s.t.Helper()
	p, err := s.db.FindProjectByID(context.Background(), s.projectID())
	if err != nil {
		s.t.Fatalf("stored project: %v", err)
	}
	return p
}

func slideIDs(p *carousel.Project) []string {
	var ids []string
	for _, sl := range p.Slides {
		ids = append(ids, sl.ID)
	}
	return ids
}

// fetchBytes fetches a URL in the page and returns its bytes' length and a hash.
func (s *studio) fetchDigest(url string) string {
	return eval[string](s, fmt.Sprintf(`(async () => { const b = await (await fetch(%q)).arrayBuffer();
		const h = await crypto.subtle.digest('SHA-256', b); return [...new Uint8Array(h)].map(x => x.toString(16).padStart(2, '0')).join(''); })()`, url))
}

func (s *studio) download(name string) []byte {
	s.t.Helper()
	p := filepath.Join(s.dl, name)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(p); err == nil && len(b) > 0 {
			if _, err := os.Stat(p + ".crdownload"); os.IsNotExist(err) {
				return b
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(s.dl)
	s.t.Fatalf("no download %s (folder holds %v)", name, entries)
	return nil
}

func TestStudio(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)

	// First run: the welcome and what each input accepts.
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.shot("desktop-first-run")
	if txt := eval[string](s, `document.querySelector('#welcome').innerText`); !strings.Contains(txt, "Post URL") || !strings.Contains(txt, "X archive") {
		t.Errorf("the welcome does not say what the inputs accept: %q", txt)
	}

	// Paste a thread and see its post cards.
	s.do(chromedp.SetValue(chromedp.CSS("#source"), thread), chromedp.Click(chromedp.CSS("#import-btn")))
	s.wait("post cards", `document.querySelectorAll('.post-card').length === 5`)
	s.wait("previews", previewsLoaded)
	if got := eval[string](s, `document.querySelectorAll('.post-card')[2].querySelector('.post-num').textContent`); got != "Post #3" {
		t.Errorf("third card is %q", got)
	}
	s.shot("desktop-imported")

	// Drag post #3 onto slide 2: that slide's picture changes.
	slide2 := `#slides .slide[data-index="1"]`
	oldSrc := eval[string](s, `document.querySelector('`+slide2+` img.preview').getAttribute('src')`)
	oldDigest := s.fetchDigest(oldSrc)
	before := s.stored()
	s.dragTo(`.post-card[data-post="`+before.Thread.Posts[2].ID+`"]`, slide2, "")
	s.wait("slide 2's new picture", `document.querySelector('`+slide2+` img.preview').getAttribute('src') !== `+jsString(oldSrc))
	s.wait("previews", previewsLoaded)
	newSrc := eval[string](s, `document.querySelector('`+slide2+` img.preview').getAttribute('src')`)
	if s.fetchDigest(newSrc) == oldDigest {
		t.Error("slide 2's image bytes did not change after dropping post #3 on it")
	}
	after := s.stored()
	items := after.Slides[1].Items
	if len(items) == 0 || items[len(items)-1].Post != before.Thread.Posts[2].ID || !after.Slides[1].Manual {
		t.Errorf("slide 2 items after the drop: %+v", items)
	}
	previewMs := eval[float64](s, `window.__lastPreviewMs || -1`)
	updateMs := eval[float64](s, `window.__lastUpdateMs || -1`)
	t.Logf("browser: after the drop, slide 2's new picture showed %.0f ms after the change (%.0f ms after it was asked for)", updateMs, previewMs)

	// Drag a post onto the gap after slide 1: a new slide.
	n := len(after.Slides)
	s.dragTo(`.post-card[data-post="`+before.Thread.Posts[4].ID+`"]`, `#slides .gap[data-index="1"]`, "desktop-dragging")
	s.wait("a new slide", fmt.Sprintf(`document.querySelectorAll('#slides .slide').length === %d`, n+1))
	s.wait("previews", previewsLoaded)
	if p := s.stored(); len(p.Slides) != n+1 || p.Slides[1].Items[0].Post != before.Thread.Posts[4].ID {
		t.Errorf("after dropping on the gap: %d slides, slide 2 %+v", len(p.Slides), p.Slides[1])
	}

	// Reorder by drag: slide 3's grip to above slide 2.
	ids := slideIDs(s.stored())
	s.dragTo(`#slides .slide[data-index="2"] .grip`, `#slides .slide[data-index="1"] .slide-bar`, "")
	s.wait("the reorder saved", fmt.Sprintf(`document.querySelector('#slides .slide[data-index="1"]').dataset.id === %q && document.querySelector('#status').textContent === 'Saved'`, ids[2]))
	got := slideIDs(s.stored())
	want := append([]string{ids[0], ids[2], ids[1]}, ids[3:]...)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("after dragging slide 3 up: %v, want %v", got, want)
	}

	// Reorder by keyboard: Alt+Down on slide 2.
	s.do(chromedp.Focus(chromedp.CSS(`#slides .slide[data-index="1"]`)), chromedp.KeyEvent(kb.ArrowDown, chromedp.KeyModifiers(chromedp.ModifierAlt)))
	s.wait("the keyboard move", fmt.Sprintf(`document.querySelector('#slides .slide[data-index="2"]').dataset.id === %q`, want[1]))
	s.wait("saved", `document.querySelector('#status').textContent === 'Saved'`)
	if got := slideIDs(s.stored()); got[2] != want[1] || got[1] != want[2] {
		t.Errorf("after Alt+Down: %v", got)
	}
	if focused := eval[string](s, `document.activeElement.dataset.index || ''`); focused != "2" {
		t.Errorf("the moved slide lost the focus (focus on %q)", focused)
	}

	// Change theme, then format: every preview changes.
	keys := func() string {
		return eval[string](s, `[...document.querySelectorAll('#slides img.preview')].map(i => i.dataset.key).join(',')`)
	}
	changedAll := func(old string) string {
		return fmt.Sprintf(`(() => { const old = new Set(%s.split(',')); const imgs = [...document.querySelectorAll('#slides img.preview')];
			return imgs.length > 0 && imgs.every(i => !old.has(i.dataset.key)); })()`, jsString(old))
	}
	themes := eval[[]string](s, `[...document.querySelectorAll('#themes .swatch')].map(b => b.dataset.value)`)
	if len(themes) < 2 {
		t.Fatalf("themes: %v", themes)
	}
	k0 := keys()
	start := time.Now()
	s.do(chromedp.Click(chromedp.CSS(`#themes .swatch[data-value="` + themes[1] + `"]`)))
	s.wait("every preview after the theme change", changedAll(k0))
	s.wait("previews", previewsLoaded)
	t.Logf("browser: theme change to all %d previews redrawn: %v (includes the 100 ms save debounce)", strings.Count(k0, ",")+1, time.Since(start).Round(time.Millisecond))
	if p := s.stored(); p.Settings.Theme != themes[1] {
		t.Errorf("theme %q stored, want %q", p.Settings.Theme, themes[1])
	}
	k1 := keys()
	s.do(chromedp.Click(chromedp.CSS(`#formats input[value="instagram-square"]`)))
	s.wait("every preview after the format change", changedAll(k1))
	s.wait("previews", previewsLoaded)
	ratio := eval[float64](s, `(() => { const i = document.querySelector('#slides img.preview'); return i.naturalWidth / i.naturalHeight; })()`)
	if ratio < 0.98 || ratio > 1.02 {
		t.Errorf("a square format gave previews of ratio %.2f", ratio)
	}
	s.shot("desktop-edited")

	// Undo the format change with Ctrl+Z.
	s.do(chromedp.Click(chromedp.CSS(`#slides-heading`)), chromedp.KeyEvent("z", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
	s.wait("the undo", changedAll(keys()))
	s.wait("previews", previewsLoaded)
	if p := s.stored(); p.Settings.Format == "instagram-square" || p.Settings.Theme != themes[1] {
		t.Errorf("after undo: format %q theme %q", p.Settings.Format, p.Settings.Theme)
	}
	s.do(chromedp.Click(chromedp.CSS(`#redo`)))
	s.wait("the redo", `document.querySelector('#formats input[value="instagram-square"]').checked`)
	s.wait("previews", previewsLoaded)

	// Inline edit with bold: the project keeps spans.
	s.do(chromedp.Click(chromedp.CSS(`#slides .slide[data-index="2"] [data-action="edit-item"]`)))
	s.wait("the editor", `document.querySelector('.editor')`)
	s.shot("desktop-editor")
	eval[chromedp.Void](s, `(() => { const e = document.querySelector('.editor'); e.replaceChildren(); const p = document.createElement('p');
		const b = document.createElement('b'); b.textContent = 'Bold start'; p.append(b, ' and plain end'); e.append(p); })()`)
	s.do(chromedp.Click(chromedp.CSS(`.editor-wrap .btn.primary`)))
	s.wait("saved", `!document.querySelector('.editor') && document.querySelector('#status').textContent === 'Saved'`)
	edited := s.stored().Slides[2].Items[0].Blocks
	if len(edited) != 1 || len(edited[0].Spans) != 2 || !edited[0].Spans[0].Bold || edited[0].Spans[0].Text != "Bold start" {
		t.Errorf("edited blocks: %+v", edited)
	}
	s.wait("previews", previewsLoaded)

	// Keyboard instead of a drag: pick post #4 with Enter, then Enter on slide 1.
	post4 := before.Thread.Posts[3].ID
	s.do(chromedp.Focus(chromedp.CSS(`.post-card[data-post="`+post4+`"]`)), chromedp.KeyEvent("\r"))
	s.wait("the pick", `document.querySelector('.post-card.picked') && document.querySelector('#slides [data-action="insert-here"]')`)
	s.shot("desktop-picked")
	s.do(chromedp.Focus(chromedp.CSS(`#slides .slide[data-index="0"]`)), chromedp.KeyEvent("\r"))
	s.wait("saved", `!document.querySelector('.post-card.picked') && document.querySelector('#status').textContent === 'Saved'`)
	if items := s.stored().Slides[0].Items; len(items) == 0 || items[len(items)-1].Post != post4 {
		t.Errorf("slide 1 items after the keyboard insert: %+v", items)
	}
	s.wait("previews", previewsLoaded)

	// A brand profile: switching the project to it redraws the slides with its name.
	prof := &carousel.Profile{Name: "Studio brand", Author: "Grace Studio", Handle: "gracestudio"}
	if err := s.db.CreateProfile(context.Background(), prof); err != nil {
		t.Fatal(err)
	}
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.wait("previews", previewsLoaded)
	k2 := keys()
	eval[chromedp.Void](s, `(() => { document.querySelectorAll('.panel')[4].open = true; const sel = document.querySelector('#profile-select');
		sel.value = `+jsString(prof.ID)+`; sel.dispatchEvent(new Event('change', {bubbles: true})); })()`)
	s.wait("the profile's slides", changedAll(k2))
	s.wait("previews", previewsLoaded)
	if p := s.stored(); p.Settings.Brand.Profile != prof.ID {
		t.Errorf("the project's profile is %q, want %q", p.Settings.Brand.Profile, prof.ID)
	}
	s.shot("desktop-brand")

	// Typing in the brand fields edits the profile; quick typing never conflicts.
	k3 := keys()
	s.do(chromedp.SendKeys(chromedp.CSS(`#brand input[data-brand="name"]`), kb.End+" and Co"))
	s.wait("the profile's new name on the slides", changedAll(k3))
	s.wait("previews", previewsLoaded)
	if got, err := s.db.FindProfileByID(context.Background(), prof.ID); err != nil || got.Author != "Grace Studio and Co" {
		t.Errorf("profile after typing: %+v, %v", got, err)
	}
	if txt := eval[string](s, `document.querySelector('#toast').hidden ? '' : document.querySelector('#toast').textContent`); txt != "" {
		t.Errorf("typing in the brand kit showed %q", txt)
	}

	// An outro call to action adds the outro slide; "None" takes it away.
	nSlides := len(s.stored().Slides)
	eval[chromedp.Void](s, `(() => { document.querySelectorAll('.panel')[5].open = true; })()`)
	s.do(chromedp.Click(chromedp.CSS(`#cta input[value="2"]`)))
	s.wait("the outro", fmt.Sprintf(`document.querySelectorAll('#slides .slide').length === %d`, nSlides+1))
	s.wait("previews", previewsLoaded)
	if p := s.stored(); p.Settings.CTA.Variant != 2 || p.Slides[len(p.Slides)-1].Kind != carousel.SlideOutro {
		t.Errorf("after CTA #2: variant %d, last slide %q", p.Settings.CTA.Variant, p.Slides[len(p.Slides)-1].Kind)
	}
	s.shot("desktop-outro")
	for i, panel := range []int{3, 4, 6} {
		eval[chromedp.Void](s, fmt.Sprintf(`(() => { const p = document.querySelectorAll('.panel'); p.forEach(d => d.open = true); p[%d].scrollIntoView(); })()`, panel))
		s.shot(fmt.Sprintf("desktop-settings-%d", i+1))
	}

	// Export the PDF and the ZIP through the page.
	total := eval[int](s, `document.querySelectorAll('#slides img.preview').length`)
	s.do(chromedp.Click(chromedp.CSS(`[data-export="pdf"]`)))
	s.wait("the PDF", `window.__lastExport && window.__lastExport.name.endsWith('.pdf')`)
	pdf := s.download(eval[string](s, `window.__lastExport.name`))
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("the PDF starts with %q", pdf[:min(8, len(pdf))])
	}
	if pages := countPages(pdf); pages != total {
		t.Errorf("the PDF has %d pages, want %d", pages, total)
	}
	s.do(chromedp.Click(chromedp.CSS(`[data-export="png"]`)))
	s.wait("the ZIP", `window.__lastExport && window.__lastExport.name.endsWith('.zip')`)
	zb := s.download(eval[string](s, `window.__lastExport.name`))
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	if err != nil {
		t.Fatalf("the ZIP: %v", err)
	}
	pngs := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".png") {
			continue
		}
		pngs++
		rc, _ := f.Open()
		img, err := png.Decode(rc)
		rc.Close()
		if err != nil || img.Bounds().Dx() != 1080 || img.Bounds().Dy() != 1080 {
			t.Errorf("%s: %v %v", f.Name, err, img.Bounds())
		}
	}
	if pngs != total {
		t.Errorf("the ZIP has %d PNGs, want %d", pngs, total)
	}
	s.shot("desktop-exported")

	// Dark editor theme.
	s.do(chromedp.Click(chromedp.CSS(`#theme-toggle`)))
	s.wait("dark", `document.documentElement.dataset.theme === 'dark'`)
	s.shot("desktop-dark")
	s.do(chromedp.Click(chromedp.CSS(`#theme-toggle`)))

	// Reload: the work is still there.
	id := s.projectID()
	stored := s.stored()
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.wait("previews", previewsLoaded)
	if s.projectID() != id {
		t.Errorf("after reload the page shows project %q, want %q", s.projectID(), id)
	}
	if got := eval[int](s, `document.querySelectorAll('#slides .slide').length`); got != len(stored.Slides) {
		t.Errorf("after reload: %d slides, want %d", got, len(stored.Slides))
	}
	if got := eval[int](s, `document.querySelectorAll('.post-card').length`); got != 5 {
		t.Errorf("after reload: %d post cards", got)
	}

	if v := eval[[]string](s, `window.__cspViolations`); len(v) > 0 {
		t.Errorf("the page tripped its CSP: %v", v)
	}

	// Phone: the zones are tabs.
	s.phone()
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.wait("previews", previewsLoaded)
	s.shot("phone-slides")
	overflow := eval[bool](s, `document.documentElement.scrollWidth > innerWidth + 1`)
	if overflow {
		t.Error("the phone layout scrolls sideways")
	}
	s.do(chromedp.Click(chromedp.CSS(`.tabs [data-tab="source"]`)))
	s.shot("phone-source")
	s.do(chromedp.Click(chromedp.CSS(`.tabs [data-tab="settings"]`)))
	s.shot("phone-settings")
	s.desktop()
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func countPages(pdf []byte) int {
	n := 0
	for _, sep := range []string{"/Type /Page\n", "/Type /Page ", "/Type /Page/", "/Type /Page>", "/Type/Page/", "/Type/Page>", "/Type/Page\n", "/Type/Page "} {
		n += bytes.Count(pdf, []byte(sep))
	}
	return n
}

// TestStudioLongThread checks the platform preflight: a thread over
// Instagram's 20 slides offers its export in parts, and a long post flows
// onto continued slides.
func TestStudioLongThread(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	var b strings.Builder
	b.WriteString("A long thread about everything 🧵\n")
	for i := 2; i <= 23; i++ {
		fmt.Fprintf(&b, "\n---\n\nPost number %d says one short thing.\n", i)
	}
	b.WriteString("\n---\n\n")
	for i := 0; i < 14; i++ {
		b.WriteString("This long post goes on and on so that it cannot fit on one slide, and the engine must continue it on the next one. ")
	}
	b.WriteString("\n")
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.do(chromedp.SetValue(chromedp.CSS("#source"), b.String()), chromedp.Click(chromedp.CSS("#import-btn")))
	s.wait("post cards", `document.querySelectorAll('.post-card').length === 24`)
	s.do(chromedp.Click(chromedp.CSS(`#formats input[value="instagram-portrait"]`)))
	s.wait("the preflight", `!document.querySelector('#export-parts').hidden && document.querySelectorAll('#export-parts [data-from]').length >= 2`)
	s.wait("previews", previewsLoaded)
	if got := eval[string](s, `document.querySelector('#preflight').innerText`); !strings.Contains(got, "Instagram") {
		t.Errorf("preflight says %q", got)
	}
	if n := eval[int](s, `document.querySelectorAll('.preview-wrap .n').length`); n < 2 {
		t.Errorf("the long post shows %d captioned (continued) pictures", n)
	}
	if eval[int](s, `document.querySelectorAll('#slides .warning').length`) == 0 {
		t.Error("the long post's overflow warning is not shown on its slide")
	} else {
		eval[chromedp.Void](s, `document.querySelector('#slides .warning').closest('.slide').scrollIntoView()`)
		s.shot("desktop-overflow")
		// A long warning stays inside its slide's card, and so do the slide's tools.
		out := eval[[]string](s, `[...document.querySelectorAll('#slides .slide')].flatMap((li) => {
			const r = li.getBoundingClientRect();
			return [...li.querySelectorAll('.warning, .slide-tools, .item-actions, .bar-tools')].filter((x) => { const q = x.getBoundingClientRect(); return q.width > 0 && (q.right > r.right + 1 || q.left < r.left - 1); })
				.map((x) => li.dataset.index + ' ' + x.className);
		})`)
		if len(out) > 0 {
			t.Errorf("parts stick out of their slide's card: %v", out)
		}
	}
	eval[chromedp.Void](s, `document.querySelector('#preflight').scrollIntoView()`)
	s.shot("desktop-preflight")
	s.do(chromedp.Click(chromedp.CSS(`#export-parts [data-from="1"]`)))
	s.wait("part 1", `window.__lastExport && window.__lastExport.name.endsWith('.zip')`)
	zb := s.download(eval[string](s, `window.__lastExport.name`))
	zr, err := zip.NewReader(bytes.NewReader(zb), int64(len(zb)))
	if err != nil {
		t.Fatal(err)
	}
	pngs := 0
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".png") {
			pngs++
		}
	}
	if pngs != 20 {
		t.Errorf("part 1 holds %d PNGs, want 20", pngs)
	}
}

// TestStudioArchive uploads an X archive's tweets.js through the page and
// opens a thread from it.
func TestStudioArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	file, err := filepath.Abs("../importer/testdata/archive_data_tweets.js")
	if err != nil {
		t.Fatal(err)
	}
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.do(chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{file}))
	s.wait("threads or posts", `!document.querySelector('#threads').hidden || document.querySelectorAll('.post-card').length > 0`)
	if eval[bool](s, `!document.querySelector('#threads').hidden`) {
		s.shot("desktop-archive-threads")
		s.do(chromedp.Click(chromedp.CSS(`#thread-list .thread-pick`)))
	}
	s.wait("post cards", `document.querySelectorAll('.post-card').length > 0`)
	s.wait("previews", previewsLoaded)
	if s.projectID() == "" {
		t.Error("no project opened from the archive")
	}
	if eval[bool](s, `!document.querySelector('#threads').hidden`) {
		t.Error("the thread list stays open after picking")
	}
	s.shot("desktop-archive")

	// Apply Image puts a post's image on the selected slide.
	if eval[int](s, `document.querySelectorAll('.post-card [data-action="apply-image"]').length`) == 0 {
		t.Fatal("no post of the archive thread offers Apply Image")
	}
	s.do(chromedp.Click(chromedp.CSS(`#slides .slide[data-index="0"] .slide-bar strong`)))
	before := len(s.stored().Slides[0].Items)
	s.do(chromedp.Click(chromedp.CSS(`.post-card [data-action="apply-image"]`)))
	s.wait("saved", `document.querySelector('#status').textContent === 'Saved'`)
	items := s.stored().Slides[0].Items
	if len(items) != before+1 || items[len(items)-1].Image == nil {
		t.Errorf("slide 1 after Apply Image: %+v", items)
	}

	// Restore an earlier version from the projects dialog.
	s.do(chromedp.Click(chromedp.CSS(`#open-projects`)))
	s.wait("the versions", `document.querySelectorAll('#revision-list [data-version-action="restore"]').length > 0`)
	s.shot("desktop-projects")
	if got := eval[string](s, `document.querySelector('#revision-list .version:last-child strong').textContent`); got != "created" {
		t.Errorf("the first version is labelled %q, want created", got)
	}
	s.do(chromedp.Click(chromedp.CSS(`#revision-list [data-version-action="restore"]`)))
	s.wait("the restore saved", `!document.querySelector('#projects-dialog').open && document.querySelector('#status').textContent === 'Saved'`)
	if got := len(s.stored().Slides[0].Items); got != before {
		t.Errorf("after restoring version 1, slide 1 has %d items, want %d", got, before)
	}
}

// TestStudioMastodonArchive uploads a Mastodon outbox.json through the
// page's archive input, picks a thread from the list and gets its posts.
func TestStudioMastodonArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	file, err := filepath.Abs("../importer/testdata/mastodon_archive_outbox.json")
	if err != nil {
		t.Fatal(err)
	}
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.do(chromedp.SetUploadFiles(chromedp.CSS("#archive"), []string{file}))
	s.wait("the thread list", `!document.querySelector('#threads').hidden`)
	if n := eval[int](s, `document.querySelectorAll('#thread-list .thread-pick').length`); n != 2 {
		t.Fatalf("%d threads listed, want 2", n)
	}
	s.shot("desktop-mastodon-archive-threads")
	s.do(chromedp.Click(chromedp.CSS(`#thread-list li:nth-child(2) .thread-pick`)))
	s.wait("post cards", `document.querySelectorAll('.post-card').length === 4`)
	s.wait("previews", previewsLoaded)
	if txt := eval[string](s, `document.querySelector('.post-card').innerText`); !strings.Contains(txt, "CW: CI talk") {
		t.Errorf("first post card %q", txt)
	}
	s.shot("desktop-mastodon-archive")
	// A long fediverse handle is cut with an ellipsis; the card keeps to
	// its column.
	if over := eval[float64](s, `document.querySelector('.post-card').getBoundingClientRect().width - document.querySelector('#posts').getBoundingClientRect().width`); over > 0.5 {
		t.Errorf("the post card is %.0f px wider than its column", over)
	}
}

// TestStudioBrandKitImport imports a brand kit exported by another install
// through the Brand Kit panel, and offers the export as a download.
func TestStudioBrandKitImport(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	ctx := context.Background()
	other, err := store.Open(ctx, filepath.Join(t.TempDir(), "other.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.CreateProfile(ctx, &carousel.Profile{Name: "Imported Co", Author: "Imported Co", Handle: "importedco"}); err != nil {
		t.Fatal(err)
	}
	kit := filepath.Join(t.TempDir(), "kit.json")
	f, err := os.Create(kit)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.ExportBrandKit(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	s := newStudio(t)
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.do(chromedp.Click(chromedp.CSS(`#sample-btn`)))
	s.wait("post cards", `document.querySelectorAll('.post-card').length > 0`)
	if href := eval[string](s, `document.querySelector('a[href="/api/brandkit"]').getAttribute('download')`); href != "brand-kit.json" {
		t.Errorf("the export link downloads %q", href)
	}
	s.do(chromedp.SetUploadFiles(chromedp.CSS("#brandkit-file"), []string{kit}))
	s.wait("the imported profile", `[...document.querySelectorAll('#profile-select option')].some((o) => o.textContent.startsWith('Imported Co'))`)
	list, err := s.db.FindProfiles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Handle != "importedco" {
		t.Fatalf("stored profiles after the import: %+v", list)
	}
}
