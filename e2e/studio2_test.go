// SPDX-License-Identifier: MIT

package e2e

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// keys types text or presses keys on the focused element, as a keyboard does.
func (s *studio) keys(k string, opts ...chromedp.KeyOption) {
	s.t.Helper()
	s.do(chromedp.KeyEvent(k, opts...))
}

func (s *studio) click(sel string) {
	s.t.Helper()
	s.do(chromedp.Click(chromedp.CSS(sel)))
}

// active describes the focused element: its tag, then its most telling attribute.
func (s *studio) active() string {
	return eval[string](s, `(() => { const a = document.activeElement; if (!a || a === document.body) return 'body';
		return a.tagName.toLowerCase() + '|' + (a.getAttribute('aria-label') || a.dataset.value || a.dataset.path || a.id || a.value || a.textContent.trim().slice(0, 40)); })()`)
}

func (s *studio) activeIs(what, js string) {
	s.t.Helper()
	if !eval[bool](s, `(() => { const a = document.activeElement; return !!(`+js+`); })()`) {
		s.shot("failed-focus")
		s.t.Errorf("after %s the focus is on %s, not where it was (%s)", what, s.active(), js)
	}
}

func (s *studio) importThread(text string) {
	s.t.Helper()
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.do(chromedp.SetValue(chromedp.CSS("#source"), text))
	s.click("#import-btn")
	s.wait("slides", `document.querySelectorAll('#slides .slide').length > 0`)
	s.wait("previews", previewsLoaded)
}

// slideOfPost is the index of the first slide showing the post.
func slideOfPost(p *carousel.Project, post string) int {
	for i, sl := range p.Slides {
		for _, it := range sl.Items {
			if it.Post == post {
				return i
			}
		}
	}
	return -1
}

const savedNow = `document.querySelector('#status').textContent === 'Saved'`

// axe runs axe-core (npm's, from web/_checks/node_modules) on the page and fails
// the test on serious or critical violations. Without npm it is skipped,
// and says so.
func (s *studio) axe(where string) {
	s.t.Helper()
	src := axeSource(s.t)
	if src == "" {
		return
	}
	if !eval[bool](s, `typeof window.axe === 'object'`) {
		eval[chromedp.Void](s, src+";void 0")
	}
	found := eval[[]string](s, `axe.run(document, {resultTypes: ['violations']}).then((r) => r.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')))`)
	for _, v := range found {
		s.t.Errorf("axe (%s): %s", where, v)
	}
	s.t.Logf("axe-core: %s checked, %d serious or critical violations", where, len(found))
}

var axeLoaded struct {
	src  string
	done bool
}

func axeSource(t *testing.T) string {
	t.Helper()
	if axeLoaded.done {
		if axeLoaded.src == "" {
			t.Log("axe-core check skipped: web/_checks/node_modules/axe-core is missing and npm could not install it")
		}
		return axeLoaded.src
	}
	axeLoaded.done = true
	path := filepath.Join("..", "web", "_checks", "node_modules", "axe-core", "axe.min.js")
	if _, err := os.Stat(path); err != nil {
		if _, err := exec.LookPath("npm"); err == nil {
			cmd := exec.Command("npm", "install", "--no-audit", "--no-fund", "--silent")
			cmd.Dir = filepath.Join("..", "web", "_checks")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Logf("npm install in web: %v\n%s", err, out)
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Log("axe-core check skipped: web/_checks/node_modules/axe-core is missing and npm could not install it")
		return ""
	}
	axeLoaded.src = string(b)
	return axeLoaded.src
}

// pngFile writes a w×h PNG of two colours, left and right, for uploads.
func pngFile(t *testing.T, name string, w, h int, left, right color.RGBA) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := left
			if x >= w/2 {
				c = right
			}
			img.SetRGBA(x, y, c)
		}
	}
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestStudioEditOnSlide edits a slide's text on the slide with the keyboard
// and the toolbar, applies, reverts, cancels, and adds a slide.
func TestStudioEditOnSlide(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	s.importThread(thread)
	s.activeIs("the import", `a.matches('#slides .slide[data-index="0"]')`)
	p := s.stored()
	target := slideOfPost(p, p.Thread.Posts[1].ID) // "**Start with the point.** Say…": it starts bold
	if target < 1 {
		t.Fatalf("no slide shows post 2: %+v", p.Slides)
	}
	// Arrows choose the slide, Enter opens its editor on the slide.
	for range target {
		s.keys(kb.ArrowDown)
	}
	s.activeIs("the arrow keys", fmt.Sprintf(`a.matches('#slides .slide.selected[data-index="%d"]')`, target))
	s.keys(kb.Enter)
	s.wait("the editor", `document.activeElement.getAttribute('aria-label') === 'Slide text'`)
	if !eval[bool](s, fmt.Sprintf(`document.activeElement.closest('.slide').dataset.index === '%d' && document.activeElement.getAttribute('role') === 'textbox'`, target)) {
		t.Error("the editor is not on the selected slide")
	}
	// Typing over everything starts plain, not in the first character's bold.
	s.keys("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	s.keys("Plain start ")
	if eval[bool](s, `!!document.querySelector('.editor b, .editor strong')`) {
		t.Errorf("typing over all the text kept the first character's style: %s", eval[string](s, `document.querySelector('.editor').innerHTML`))
	}
	s.keys("b", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	s.keys("bold")
	s.keys("b", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	s.keys(" then marked")
	s.keys(kb.ArrowLeft, chromedp.KeyModifiers(chromedp.ModifierCtrl|chromedp.ModifierShift))
	s.click(`.editor-bar [aria-label="Highlight"]`)
	s.click(`.editor-bar [aria-label="Underline"]`)
	s.keys(kb.End)
	s.keys(kb.Enter)
	s.click(`.editor-bar [aria-label="Bulleted list"]`)
	s.keys("one")
	s.keys(kb.Enter)
	s.keys("two")
	s.keys(kb.ArrowLeft, chromedp.KeyModifiers(chromedp.ModifierCtrl|chromedp.ModifierShift))
	s.click(`.editor-bar [aria-label="Link"]`)
	s.wait("the link field", `document.activeElement.getAttribute('aria-label') === 'Link address'`)
	s.keys("example.com/two")
	s.keys(kb.Enter)
	s.keys(kb.End)
	s.click(`.editor-bar [aria-label="Emoji"]`)
	s.click(`.emoji-box [aria-label="rocket"]`)
	s.shot("desktop-editor-on-slide")
	s.axe("the slide editor")

	oldSrc := eval[string](s, fmt.Sprintf(`document.querySelector('#slides .slide[data-index="%d"] img.preview').getAttribute('src')`, target))
	s.click(`.editor-wrap [data-editor-action="apply"]`)
	s.wait("the new picture", fmt.Sprintf(`(() => { const i = document.querySelector('#slides .slide[data-index="%d"] img.preview'); return i && i.getAttribute('src') !== %s && !i.classList.contains('stale') && i.complete; })()`, target, jsString(oldSrc)))
	s.wait("saved", savedNow)
	s.wait("the apply timing", `window.__lastApplyMs > 0`)
	t.Logf("browser: Apply to the new slide picture: %.0f ms", eval[float64](s, `window.__lastApplyMs`))
	s.activeIs("Apply", fmt.Sprintf(`a.matches('#slides .slide[data-index="%d"]')`, target))
	item := s.stored().Slides[target].Items[0]
	if item.Post != p.Thread.Posts[1].ID {
		t.Errorf("the edited item lost its post: %+v", item)
	}
	b := item.Blocks
	if len(b) != 3 || b[0].Type != carousel.Paragraph || b[1].Type != carousel.Bullet || b[2].Type != carousel.Bullet {
		t.Fatalf("edited blocks: %+v", b)
	}
	var spans []string
	for _, sp := range b[0].Spans {
		spans = append(spans, fmt.Sprintf("%s[b%v h%v u%v]", sp.Text, sp.Bold, sp.Highlight, sp.Underline))
	}
	if got := strings.Join(spans, ""); got != "Plain start [bfalse hfalse ufalse]bold[btrue hfalse ufalse] then [bfalse hfalse ufalse]marked[bfalse htrue utrue]" {
		t.Errorf("first paragraph: %s", got)
	}
	if sp := b[2].Spans; len(sp) < 2 || sp[0].Text != "two" || sp[0].Link != "https://example.com/two" || !strings.Contains(sp[len(sp)-1].Text, "🚀") {
		t.Errorf("second bullet: %+v", sp)
	}

	// Double-click opens the editor; Revert brings the post's own text back.
	s.do(chromedp.DoubleClick(chromedp.CSS(fmt.Sprintf(`#slides .slide[data-index="%d"] img.preview`, target))))
	s.wait("the editor", `document.activeElement.getAttribute('aria-label') === 'Slide text'`)
	s.click(`.editor-wrap [data-editor-action="revert"]`)
	if txt := eval[string](s, `document.querySelector('.editor').textContent`); !strings.HasPrefix(txt, "Start with the point.") {
		t.Errorf("after revert the editor shows %q", txt)
	}
	s.click(`.editor-wrap [data-editor-action="apply"]`)
	s.wait("saved", `!document.querySelector('.editor') && `+savedNow)
	if item := s.stored().Slides[target].Items[0]; len(item.Blocks) != 0 || item.Post != p.Thread.Posts[1].ID {
		t.Errorf("after revert: %+v", item)
	}

	// Escape cancels, and the focus goes back to the slide.
	before := s.stored().Revision
	s.keys(kb.Enter)
	s.wait("the editor", `document.activeElement.getAttribute('aria-label') === 'Slide text'`)
	s.keys("not kept")
	s.keys(kb.Escape)
	s.wait("the editor closed", `!document.querySelector('.editor')`)
	s.activeIs("Escape in the editor", fmt.Sprintf(`a.matches('#slides .slide[data-index="%d"]')`, target))
	time.Sleep(300 * time.Millisecond)
	if s.stored().Revision != before {
		t.Error("Escape saved the typing")
	}

	// Add slide: a free-text slide after the selected one, in its editor.
	n := len(s.stored().Slides)
	s.click(`#add-slide`)
	s.wait("the new slide's editor", fmt.Sprintf(`document.activeElement.getAttribute('aria-label') === 'Slide text' && document.activeElement.closest('.slide').dataset.index === '%d'`, target+1))
	s.keys("A fresh idea")
	s.keys(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierCtrl))
	s.wait("saved", fmt.Sprintf(`!document.querySelector('.editor') && document.querySelectorAll('#slides .slide').length === %d && `+savedNow, n+1))
	added := s.stored().Slides[target+1]
	if len(added.Items) != 1 || carousel.BlocksText(added.Items[0].Blocks) != "A fresh idea" {
		t.Errorf("the added slide: %+v", added)
	}

	// The editor on a phone.
	s.phone()
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.click(`.tabs [data-tab="slides"]`)
	s.wait("previews", previewsLoaded)
	s.do(chromedp.DoubleClick(chromedp.CSS(fmt.Sprintf(`#slides .slide[data-index="%d"] img.preview`, target))))
	s.wait("the editor", `document.activeElement.getAttribute('aria-label') === 'Slide text'`)
	eval[chromedp.Void](s, `document.querySelector('.editor-wrap').scrollIntoView({block: 'start'})`)
	s.shot("phone-editor-on-slide")
	if eval[bool](s, `document.documentElement.scrollWidth > innerWidth + 1`) {
		t.Error("the editor makes the phone layout scroll sideways")
	}
	s.keys(kb.Escape)
	s.desktop()
}

// TestStudioSlideImages puts uploaded images on a slide of a pasted thread
// (file input, drop, paste), fits, crops and focuses one, replaces and
// removes it.
func TestStudioSlideImages(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	s.importThread(thread)
	red, blue := color.RGBA{210, 40, 40, 255}, color.RGBA{40, 60, 210, 255}
	first := pngFile(t, "first.png", 600, 400, red, blue)
	second := pngFile(t, "second.png", 500, 500, blue, red)
	third := pngFile(t, "third.png", 300, 300, red, red)

	s.click(`#slides .slide[data-index="1"] .previews`)
	s.wait("slide 2 selected", `document.querySelector('#slides .slide.selected').dataset.index === '1'`)
	oldKey := eval[string](s, `document.querySelector('#slides .slide[data-index="1"] img.preview').dataset.key`)
	s.do(chromedp.SetUploadFiles(chromedp.CSS(`#slides .slide.selected input[aria-label="Image for this slide"]`), []string{first}))
	s.wait("the image saved", `document.querySelector('#slides .slide[data-index="1"] .image-tools') && `+savedNow)
	s.wait("previews", previewsLoaded)
	items := s.stored().Slides[1].Items
	img := items[len(items)-1].Image
	if img == nil || !strings.HasPrefix(img.Src, "asset:") || img.Width != 600 || img.Height != 400 {
		t.Fatalf("slide 2's image: %+v", img)
	}
	if k := eval[string](s, `document.querySelector('#slides .slide[data-index="1"] img.preview').dataset.key`); k == oldKey {
		t.Error("slide 2's picture did not change with its image")
	}
	j := len(items) - 1

	// Fit: contain, by the radio group.
	s.click(`#slides .slide[data-index="1"] .image-tools [role="radio"][data-fit="contain"]`)
	s.wait("saved", savedNow)
	s.activeIs("the fit choice", `a.dataset.fit === 'contain'`)
	if got := s.stored().Slides[1].Items[j].Image.Fit; got != carousel.MediaContain {
		t.Errorf("fit %q, want contain", got)
	}
	// Crop to the right half with the fields, then a focal point by a click.
	s.click(`#slides .slide[data-index="1"] [data-image-action="crop"]`)
	s.wait("the crop dialog", `document.querySelector('#crop-dialog').open && document.querySelector('.crop-img').complete`)
	setField := func(key, v string) {
		s.click(`#crop-dialog [data-crop="` + key + `"]`)
		s.keys("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))
		s.keys(v)
	}
	setField("x", "50")
	setField("w", "50")
	box := eval[[]float64](s, `(() => { const r = document.querySelector('.crop-img').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`)
	s.do(chromedp.MouseClickXY(box[0]+box[2]*0.8, box[1]+box[3]*0.25))
	s.shot("desktop-crop")
	s.axe("the crop dialog")
	s.click(`#crop-dialog [data-crop-action="apply"]`)
	s.wait("saved", `!document.querySelector('#crop-dialog').open && `+savedNow)
	img = s.stored().Slides[1].Items[j].Image
	if img.Crop == nil || img.Crop.X != 0.5 || img.Crop.W != 0.5 || img.Crop.H != 1 || img.Focus == nil || img.Focus.X < 0.75 || img.Focus.X > 0.85 || img.Focus.Y < 0.2 || img.Focus.Y > 0.3 {
		t.Errorf("after the crop dialog: crop %+v focus %+v", img.Crop, img.Focus)
	}
	// Replace keeps the fit.
	s.do(chromedp.SetUploadFiles(chromedp.CSS(`#slides .slide[data-index="1"] [data-image-replace]`), []string{second}))
	s.wait("the replaced image", fmt.Sprintf(`%s && document.querySelectorAll('#slides .slide[data-index="1"] .image-tools').length === 1`, savedNow))
	time.Sleep(200 * time.Millisecond)
	s.wait("saved", savedNow)
	replaced := s.stored().Slides[1].Items[j].Image
	if replaced.Src == img.Src || replaced.Fit != carousel.MediaContain || replaced.Width != 500 {
		t.Errorf("after replace: %+v (was %+v)", replaced, img)
	}

	// A file dropped on slide 3 goes on slide 3.
	pos := eval[[]float64](s, `(() => { const el = document.querySelector('#slides .slide[data-index="2"] .previews'); el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()`)
	drag := &input.DragData{Items: []*input.DragDataItem{}, Files: []string{third}, DragOperationsMask: 1}
	for _, typ := range []input.DispatchDragEventType{input.DispatchDragEventTypeDragEnter, input.DispatchDragEventTypeDragOver, input.DispatchDragEventTypeDrop} {
		s.do(chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.DispatchDragEvent, input.DispatchDragEventParams{Type: typ, X: pos[0], Y: pos[1], Data: drag})
			return err
		}))
	}
	s.wait("the dropped image", `[...document.querySelectorAll('#slides .slide[data-index="2"] .item')].some((i) => i.textContent.startsWith('Image'))`)
	s.wait("saved", savedNow)
	if it := s.stored().Slides[2].Items; it[len(it)-1].Image == nil || it[len(it)-1].Image.Width != 300 {
		t.Errorf("slide 3 after the drop: %+v", it)
	}

	// A pasted image goes on the selected slide. (A synthetic paste event:
	// headless Chromium has no clipboard to paste a file from.)
	s.click(`#slides .slide[data-index="0"] .previews`)
	s.wait("slide 1 selected", `document.querySelector('#slides .slide.selected').dataset.index === '0'`)
	n0 := len(s.stored().Slides[0].Items)
	eval[chromedp.Void](s, `(async () => {
		const c = document.createElement('canvas'); c.width = 40; c.height = 30;
		const g = c.getContext('2d'); g.fillStyle = '#208040'; g.fillRect(0, 0, 40, 30);
		const blob = await new Promise((r) => c.toBlob(r, 'image/png'));
		const dt = new DataTransfer(); dt.items.add(new File([blob], 'pasted.png', {type: 'image/png'}));
		document.querySelector('#slides .slide.selected').dispatchEvent(new ClipboardEvent('paste', {clipboardData: dt, bubbles: true, cancelable: true}));
	})()`)
	s.wait("the pasted image", fmt.Sprintf(`document.querySelectorAll('#slides .slide[data-index="0"] .item').length === %d && %s`, n0+1, savedNow))
	if it := s.stored().Slides[0].Items; it[len(it)-1].Image == nil || it[len(it)-1].Image.Width != 40 {
		t.Errorf("slide 1 after the paste: %+v", it)
	}

	// Remove.
	s.click(`#slides .slide[data-index="1"] .previews`)
	s.wait("slide 2 selected", `document.querySelector('#slides .slide.selected').dataset.index === '1'`)
	s.click(`#slides .slide[data-index="1"] [data-image-action="remove"]`)
	s.wait("removed", `!document.querySelector('#slides .slide[data-index="1"] .image-tools') && `+savedNow)
	for _, it := range s.stored().Slides[1].Items {
		if it.Image != nil {
			t.Errorf("slide 2 still has an image: %+v", it)
		}
	}
}

// TestStudioSlideStyle overrides one slide's look with mouse and keyboard,
// sees it on the slide, and resets it in one click.
func TestStudioSlideStyle(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	s.importThread(thread)
	s.click(`#slides .slide[data-index="2"] .previews`)
	s.wait("slide 3 selected", `document.querySelector('#slides .slide.selected').dataset.index === '2'`)
	keys := eval[[]string](s, `[...document.querySelectorAll('#slides img.preview')].map((i) => i.dataset.key)`)
	s.click(`#slides .slide.selected .slide-style > summary`)
	// Theme by the keyboard: the first theme after "The carousel's".
	s.click(`#slides .slide.selected select[data-style="theme"]`)
	s.keys(kb.Escape)
	s.keys(kb.ArrowDown)
	s.wait("saved", `document.querySelector('#slides .slide.selected .style-chip') && `+savedNow)
	s.activeIs("the slide's theme", `a.dataset.style === 'theme'`)
	s.do(chromedp.Focus(chromedp.CSS(`#slides .slide.selected input[data-style="textScale"]`)))
	for k := range 4 {
		s.keys(kb.ArrowRight)
		// Each step redraws the slide list; the focus stays on the range.
		s.wait("the text size", fmt.Sprintf(`document.activeElement.dataset.style === 'textScale' && document.activeElement.value === '%d' && %s`, 105+5*k, savedNow))
	}
	s.click(`#slides .slide.selected [role="radio"][data-align="center"]`)
	s.click(`#slides .slide.selected [role="radio"][data-bg="solid"]`)
	s.click(`#slides .slide.selected input[data-style="hideBands"]`)
	s.wait("saved", savedNow)
	s.wait("previews", previewsLoaded)
	st := s.stored().Slides[2].Style
	if st == nil || st.Theme == "" || st.TextScale < 1.19 || st.TextScale > 1.21 || st.Align != "center" || st.Background == nil || st.Background.Kind != "solid" || !st.HideBands {
		t.Fatalf("slide 3's style: %+v", st)
	}
	after := eval[[]string](s, `[...document.querySelectorAll('#slides img.preview')].map((i) => i.dataset.key)`)
	for i := range keys {
		if changed := after[i] != keys[i]; changed != (i == 2) {
			t.Errorf("slide %d's picture changed: %v", i+1, changed)
		}
	}
	if chip := eval[string](s, `document.querySelector('#slides .slide[data-index="2"] .slide-bar .style-chip').title`); !strings.Contains(chip, "theme") || !strings.Contains(chip, "120%") {
		t.Errorf("the slide says %q of its own style", chip)
	}
	eval[chromedp.Void](s, `document.querySelector('#slides .slide[data-index="2"]').scrollIntoView({block: 'start'})`)
	s.shot("desktop-slide-style")
	s.axe("a slide's own style")
	s.click(`#slides .slide[data-index="2"] .slide-bar [data-action="reset-style"]`)
	s.wait("saved", `!document.querySelector('#slides .slide[data-index="2"] .slide-bar .style-chip') && `+savedNow)
	if st := s.stored().Slides[2].Style; st != nil {
		t.Errorf("after reset: %+v", st)
	}
	s.wait("previews", previewsLoaded)
	if k := eval[string](s, `document.querySelector('#slides .slide[data-index="2"] img.preview').dataset.key`); k != keys[2] {
		t.Error("after reset slide 3 does not look as it did")
	}
}

// TestStudioOverviewAndPreview shows the whole carousel as a grid, reorders
// it by drag, steps through a large preview with the arrow keys.
func TestStudioOverviewAndPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	s.importThread(thread)
	ids := slideIDs(s.stored())
	s.click(`#view-mode [data-view="grid"]`)
	s.wait("the grid", `document.querySelector('#slides').classList.contains('grid')`)
	s.wait("previews", previewsLoaded)
	s.activeIs("the view choice", `a.dataset.view === 'grid'`)
	visible := eval[int](s, `[...document.querySelectorAll('#slides .slide')].filter((li) => { const r = li.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }).length`)
	if visible < len(ids) {
		t.Errorf("the overview shows %d of %d slides whole", visible, len(ids))
	}
	s.shot("desktop-overview")
	s.axe("the overview")
	// Drag slide 1 to after slide 3.
	xy := eval[[]float64](s, `(() => { const a = document.querySelector('#slides .slide[data-index="0"] .grip').getBoundingClientRect();
		const b = document.querySelector('#slides .slide[data-index="2"]').getBoundingClientRect();
		return [a.left + a.width / 2, a.top + a.height / 2, b.right - b.width / 5, b.top + b.height / 2]; })()`)
	s.do(chromedp.DragAndDropXY(xy[0], xy[1], xy[2], xy[3], 12))
	s.wait("saved", fmt.Sprintf(`document.querySelector('#slides .slide[data-index="2"]').dataset.id === %q && %s`, ids[0], savedNow))
	if got := slideIDs(s.stored()); strings.Join(got, ",") != strings.Join(append([]string{ids[1], ids[2], ids[0]}, ids[3:]...), ",") {
		t.Errorf("after the drag in the overview: %v (was %v)", got, ids)
	}
	// Arrows move through the grid.
	s.click(`#slides .slide[data-index="0"] .previews`)
	s.keys(kb.ArrowRight)
	s.activeIs("ArrowRight in the overview", `a.matches('#slides .slide.selected[data-index="1"]')`)

	// The large preview: Space opens it, arrows step, Escape closes.
	s.keys(" ")
	s.wait("the large preview", `document.querySelector('#viewer').open && document.querySelector('#viewer-img').complete && document.querySelector('#viewer-img').naturalWidth > 0`)
	title := func() string { return eval[string](s, `document.querySelector('#viewer-title').textContent`) }
	total := eval[int](s, `document.querySelectorAll('#slides img.preview').length`)
	if got := title(); got != fmt.Sprintf("Slide 2 of %d", total) {
		t.Errorf("the large preview opens on %q", got)
	}
	s.keys(kb.ArrowRight)
	s.wait("the next slide", fmt.Sprintf(`document.querySelector('#viewer-title').textContent === 'Slide 3 of %d' && document.querySelector('#viewer-img').complete`, total))
	big := eval[[]float64](s, `(() => { const r = document.querySelector('#viewer-img').getBoundingClientRect(); return [r.width, r.height]; })()`)
	if big[1] < 500 {
		t.Errorf("the large preview is %.0f×%.0f px", big[0], big[1])
	}
	s.shot("desktop-large-preview")
	s.axe("the large preview")
	s.keys(kb.ArrowLeft)
	s.wait("back", fmt.Sprintf(`document.querySelector('#viewer-title').textContent === 'Slide 2 of %d'`, total))
	s.keys(kb.ArrowRight)
	s.keys(kb.Escape)
	s.wait("closed", `!document.querySelector('#viewer').open`)
	// The list takes the focus back once the dialog has closed.
	s.wait("the focus back on the slide stepped to", `document.activeElement.matches('#slides .slide.selected[data-index="2"]')`)

	s.phone()
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.click(`.tabs [data-tab="slides"]`)
	s.wait("previews", previewsLoaded)
	s.shot("phone-overview")
	if eval[bool](s, `document.documentElement.scrollWidth > innerWidth + 1`) {
		t.Error("the overview scrolls sideways on a phone")
	}
	s.click(`#open-viewer`)
	s.wait("the large preview", `document.querySelector('#viewer').open && document.querySelector('#viewer-img').complete`)
	s.shot("phone-large-preview")
	s.keys(kb.Escape)
	s.click(`#view-mode [data-view="list"]`)
	s.desktop()
}

// TestStudioFocusAndKeyboard checks each listed defect of focus, typing
// and keyboard use, with real keys and clicks.
func TestStudioFocusAndKeyboard(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	ctx := context.Background()
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.axe("the first run")

	// Skip links come first.
	s.keys(kb.Tab)
	if got := s.active(); got != "a|Skip to Source" {
		t.Errorf("the first Tab reaches %q", got)
	}
	s.keys(kb.Tab)
	s.keys(kb.Tab)
	s.keys(kb.Tab)
	if got := s.active(); got != "a|Skip to Export" {
		t.Errorf("the fourth Tab reaches %q", got)
	}

	// The panels are there before the first import, and their choices are kept.
	if n := eval[int](s, `[...document.querySelectorAll('#formats input[type=radio]')].filter((r) => r.closest('label').offsetParent).length`); n < 3 {
		t.Fatalf("%d formats shown before an import", n)
	}
	s.click(`#formats input[value="instagram-square"]`)
	themes := eval[[]string](s, `[...document.querySelectorAll('#themes [role=radio]')].map((b) => b.dataset.value)`)
	s.click(`#themes [data-value="` + themes[2] + `"]`)
	s.activeIs("a theme choice before the import", `a.dataset.value === `+jsString(themes[2]))
	s.shot("desktop-before-import")

	// A pasted thread with an empty post: it is said, not dropped silently.
	s.do(chromedp.SetValue(chromedp.CSS("#source"), "First post of the thread\n---\n\n---\nThird part, after an empty one\n---\nThe last post"))
	s.click("#import-btn")
	s.wait("slides", `document.querySelectorAll('#slides .slide').length > 0`)
	s.wait("the warning", `!document.querySelector('#toast').hidden && document.querySelector('#toast').textContent.includes('empty')`)
	s.wait("previews", previewsLoaded)
	s.activeIs("the import", `a.matches('#slides .slide[data-index="0"]')`)
	s.wait("saved", savedNow)
	if p := s.stored(); p.Settings.Format != "instagram-square" || p.Settings.Theme != themes[2] || len(p.Thread.Posts) != 3 {
		t.Errorf("chosen before the import: format %q theme %q; %d posts", p.Settings.Format, p.Settings.Theme, len(p.Thread.Posts))
	}

	// Tabs from the page's start to Export: a handful, not hundreds.
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.wait("previews", previewsLoaded)
	tabs := 0
	for ; tabs < 150; tabs++ {
		if eval[bool](s, `document.activeElement && document.activeElement.dataset.export !== undefined`) {
			break
		}
		s.keys(kb.Tab)
	}
	t.Logf("keyboard: %d Tabs from the page's start to the first export button (through the skip link: 5)", tabs)
	if tabs > 60 {
		t.Errorf("%d Tabs to reach Export", tabs)
	}
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.wait("previews", previewsLoaded)
	s.keys(kb.Tab)
	s.keys(kb.Tab)
	s.keys(kb.Tab)
	s.keys(kb.Tab)
	s.keys(kb.Enter)
	s.activeIs("the Export skip link", `a.id === 'export-heading'`)
	s.keys(kb.Tab)
	s.activeIs("a Tab after the Export skip link", `a.dataset.export !== undefined`)

	// Format radios: the arrows go on and on.
	formats := eval[[]string](s, `[...document.querySelectorAll('#formats input[type=radio]')].map((r) => r.value)`)
	at := eval[int](s, `[...document.querySelectorAll('#formats input[type=radio]')].findIndex((r) => r.checked)`)
	s.do(chromedp.Focus(chromedp.CSS(`#formats input:checked`)))
	s.keys(kb.ArrowDown)
	s.keys(kb.ArrowDown)
	s.keys(kb.ArrowDown)
	want := formats[(at+3)%len(formats)]
	s.activeIs("three arrows in the format radios", `a.value === `+jsString(want))
	s.wait("saved", savedNow)
	if got := s.stored().Settings.Format; got != want {
		t.Errorf("format %q after three arrows, want %q", got, want)
	}

	// A theme choice keeps the focus on the theme; arrows move the choice.
	s.click(`#themes [data-value="` + themes[4] + `"]`)
	s.activeIs("a theme choice", `a.dataset.value === `+jsString(themes[4]))
	s.keys(kb.ArrowRight)
	s.activeIs("ArrowRight in the themes", `a.dataset.value === `+jsString(themes[5]))
	s.wait("saved", savedNow)
	if got := s.stored().Settings.Theme; got != themes[5] {
		t.Errorf("theme %q, want %q", got, themes[5])
	}
	tpls := eval[[]string](s, `[...document.querySelectorAll('#templates [role=radio]')].map((b) => b.dataset.value)`)
	s.click(`#templates [data-value="` + tpls[1] + `"]`)
	s.activeIs("a template choice", `a.dataset.value === `+jsString(tpls[1]))
	eval[chromedp.Void](s, `document.querySelectorAll('.panel').forEach((d) => { d.open = true; })`)
	pats := eval[[]string](s, `[...document.querySelectorAll('#patterns [role=radio]')].map((b) => b.dataset.value)`)
	s.click(`#patterns [data-value="` + pats[2] + `"]`)
	s.activeIs("a pattern choice", `a.dataset.value === `+jsString(pats[2]))

	// The CTA's fields: Text, then a click on Link, then Tab: both kept.
	s.click(`#cta input[value="1"]`)
	s.wait("the CTA fields", `document.querySelector('#cta [data-path="cta.url"]')`)
	s.activeIs("the CTA choice", `a.name === 'cta' && a.value === '1'`)
	s.click(`#cta [data-path="cta.text"]`)
	s.keys("Follow for a calmer feed")
	s.click(`#cta [data-path="cta.url"]`)
	s.keys("https://example.com/follow")
	s.keys(kb.Tab)
	s.wait("saved", savedNow)
	time.Sleep(400 * time.Millisecond)
	s.wait("saved", savedNow)
	if c := s.stored().Settings.CTA; c.Text != "Follow for a calmer feed" || c.URL != "https://example.com/follow" {
		t.Errorf("the CTA after the field hop: %+v", c)
	}
	if v := eval[string](s, `document.querySelector('#cta [data-path="cta.url"]').value`); v != "https://example.com/follow" {
		t.Errorf("the Link field shows %q", v)
	}

	// Title size, then Tab: the focus goes on to Body size.
	s.click(`#typography [data-path="typography.titleSize"]`)
	s.keys("a", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	s.keys("40")
	s.keys(kb.Tab)
	s.activeIs("Tab from Title size", `a.dataset.path === 'typography.bodySize'`)
	s.wait("saved", savedNow)
	if got := s.stored().Settings.Typography.TitleSize; got != 40 {
		t.Errorf("title size %v, want 40", got)
	}
	s.axe("the settings panels")

	// The blank-slide "+" next to the selected slide is reachable by keyboard.
	n := len(s.stored().Slides)
	s.do(chromedp.Focus(chromedp.CSS(`#slides .slide.selected`)))
	s.keys(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift))
	s.activeIs("Shift+Tab from the selected slide", `a.classList.contains('gap-add')`)
	s.keys(kb.Enter)
	s.wait("a blank slide", fmt.Sprintf(`document.querySelectorAll('#slides .slide').length === %d && %s`, n+1, savedNow))
	if d := eval[string](s, `document.querySelector('#slides .slide [data-action="duplicate"] svg path').getAttribute('d')`); d == "" {
		t.Error("the duplicate button has no drawn icon")
	}

	// Export: the focus stays on the button; the story format names its platforms.
	s.click(`[data-export="png"]`)
	s.wait("the ZIP", `window.__lastExport && window.__lastExport.name.endsWith('.zip')`)
	png := eval[string](s, `window.__lastExport.name`)
	s.activeIs("an export", `a.dataset.export === 'png'`)
	eval[chromedp.Void](s, `window.__lastExport = null`)
	s.click(`[data-export="jpeg"]`)
	s.wait("the JPEG ZIP", `window.__lastExport && window.__lastExport.name.endsWith('.zip')`)
	if jpg := eval[string](s, `window.__lastExport.name`); jpg == png {
		t.Errorf("the PNG and JPEG ZIPs are both named %q", png)
	}
	s.click(`#formats input[value="story"]`)
	s.wait("saved", savedNow)
	labels := eval[string](s, `[...document.querySelectorAll('.export-buttons [data-export]')].map((b) => b.textContent + (b.classList.contains('primary') ? '*' : '')).join(' | ')`)
	if strings.Contains(labels, "LinkedIn") || !strings.HasPrefix(labels, "ZIP of PNG · Stories, TikTok*") {
		t.Errorf("export buttons in story format: %s", labels)
	}

	// Brand profiles: switching shows the new profile's fields; typing edits it alone.
	a := &carousel.Profile{Name: "Alpha", Author: "Alpha Author", Handle: "alpha"}
	b := &carousel.Profile{Name: "Beta", Author: "Beta Author", Handle: "beta"}
	for _, pf := range []*carousel.Profile{a, b} {
		if err := s.db.CreateProfile(ctx, pf); err != nil {
			t.Fatal(err)
		}
	}
	s.do(chromedp.Reload())
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.wait("previews", previewsLoaded)
	eval[chromedp.Void](s, `document.querySelectorAll('.panel').forEach((d) => { d.open = true; })`)
	name := func() string {
		return eval[string](s, `document.querySelector('#brand input[data-brand="name"]').value`)
	}
	s.click(`#profile-select`)
	s.keys(kb.Escape)
	s.keys(kb.ArrowDown)
	s.wait("Alpha's fields", `document.querySelector('#brand input[data-brand="name"]').value === 'Alpha Author'`)
	s.keys(kb.ArrowDown)
	s.wait("Beta's fields", `document.querySelector('#brand input[data-brand="name"]').value === 'Beta Author'`)
	s.activeIs("the profile switch", `a.id === 'profile-select'`)
	s.click(`#brand input[data-brand="name"]`)
	s.keys(kb.End)
	s.keys(" Ltd")
	s.keys(kb.Tab)
	s.wait("saved", savedNow)
	time.Sleep(500 * time.Millisecond)
	s.wait("saved", savedNow)
	gotA, _ := s.db.FindProfileByID(ctx, a.ID)
	gotB, _ := s.db.FindProfileByID(ctx, b.ID)
	if gotA.Author != "Alpha Author" || gotB.Author != "Beta Author Ltd" || name() != "Beta Author Ltd" {
		t.Errorf("after switching to Beta and typing: Alpha %q, Beta %q, field %q", gotA.Author, gotB.Author, name())
	}
	// Profiles are named in the page, not in a browser prompt.
	s.click(`#brand [data-profile="create"]`)
	s.wait("the name dialog", `document.querySelector('#ask-dialog').open && document.activeElement.id === 'ask-input'`)
	s.axe("the name dialog")
	s.keys("Agency")
	s.keys(kb.Enter)
	s.wait("the new profile", `[...document.querySelectorAll('#profile-select option')].some((o) => o.selected && o.textContent.startsWith('Agency'))`)
	list, _ := s.db.FindProfiles(ctx)
	if len(list) != 3 {
		t.Errorf("%d profiles after creating one", len(list))
	}

	// Versions: edits coalesce, are labelled, and one can be pinned by name.
	s.click(`#open-projects`)
	s.wait("the versions", `document.querySelectorAll('#revision-list .version').length > 0`)
	labels = eval[string](s, `[...document.querySelectorAll('#revision-list .version strong')].map((e) => e.textContent).join(' | ')`)
	t.Logf("versions: %s", labels)
	if !strings.Contains(labels, "theme") || !strings.Contains(labels, "created") || strings.Count(labels, "|") > 6 {
		t.Errorf("version labels: %s", labels)
	}
	s.shot("desktop-versions")
	s.axe("the versions")
	s.click(`#revision-list .version:last-child [data-version-action="pin"]`)
	s.wait("the name dialog", `document.querySelector('#ask-dialog').open && document.activeElement.id === 'ask-input'`)
	s.keys("As imported")
	s.keys(kb.Enter)
	s.wait("the pinned version", `!document.querySelector('#pinned-box').hidden && document.querySelector('#pinned-list').textContent.includes('As imported')`)
	page, err := s.db.FindProjectVersions(ctx, s.projectID(), 0, 50)
	if err != nil || len(page.Pinned) != 1 || page.Pinned[0].Name != "As imported" || page.Pinned[0].Label != "created" {
		t.Errorf("pinned versions: %+v, %v", page, err)
	}
}
