// SPDX-License-Identifier: MIT

package e2e

import (
	"context"
	"encoding/base64"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/chromedp/chromedp"
)

// TestStudioDesign drives the design settings as a user would: custom
// colours show their contrast ratio live, a template and a gradient
// background are picked, and an uploaded font becomes the brand profile's
// title font and is embedded in the exported PDF.
func TestStudioDesign(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	s := newStudio(t)
	ctx := context.Background()
	prof := &carousel.Profile{Name: "Brand Co", Author: "Brand Co", Handle: "brandco"}
	if err := s.db.CreateProfile(ctx, prof); err != nil {
		t.Fatal(err)
	}
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.do(chromedp.Click(chromedp.CSS(`#sample-btn`)))
	s.wait("the previews", previewsLoaded)
	eval[bool](s, `(() => { document.querySelectorAll('#zone-settings details').forEach((d) => { d.open = true; }); return true; })()`)

	// A low-contrast text colour: the ratio shows at once, before saving.
	s.wait("the contrast list", `document.querySelectorAll('#contrast li').length === 3`)
	eval[bool](s, `(() => { const i = document.querySelector('#colors input[data-color="text"]'); i.value = '#bbbbbb'; i.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	s.wait("the live ratio", `document.querySelector('#contrast li[data-pair="text"]').classList.contains('low')`)
	if got := eval[string](s, `document.querySelector('#contrast li[data-pair="text"] .ratio-value').textContent`); got != "1.9:1" {
		t.Errorf("#bbbbbb on white shows %q, want 1.9:1", got)
	}
	s.wait("the colour saved", `document.querySelector('#status').textContent === 'Saved'`)
	waitStored(t, s, func(p *carousel.Project) bool { return p.Settings.Colors != nil && p.Settings.Colors.Text == "#bbbbbb" })
	eval[bool](s, `(() => { const i = document.querySelector('#colors input[data-color="text"]'); i.value = '#111827'; i.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	s.wait("a readable ratio", `document.querySelector('#contrast li[data-pair="text"]').classList.contains('ok')`)

	// A template with a character of its own, on a gradient.
	s.do(chromedp.Click(chromedp.CSS(`#templates button[data-value="editorial"]`)))
	waitStored(t, s, func(p *carousel.Project) bool { return p.Settings.Template == "editorial" })
	eval[bool](s, `(() => { const sel = document.querySelector('#background select[data-bg-kind]'); sel.value = 'gradient'; sel.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`)
	waitStored(t, s, func(p *carousel.Project) bool {
		return p.Settings.Background != nil && p.Settings.Background.Kind == carousel.BackgroundGradient && len(p.Settings.Background.Colors) == 2
	})
	s.wait("the gradient's stops", `document.querySelectorAll('#background input[data-bg-stop]').length === 2`)
	s.do(chromedp.Click(chromedp.CSS(`#background button[data-bg-stops="3"]`)))
	waitStored(t, s, func(p *carousel.Project) bool { return len(p.Settings.Background.Colors) == 3 })

	// The brand profile, then a font uploaded into it.
	eval[bool](s, `(() => { const sel = document.querySelector('#profile-select'); sel.value = `+jsString(prof.ID)+`; sel.dispatchEvent(new Event('change', {bubbles: true})); return true; })()`)
	waitStored(t, s, func(p *carousel.Project) bool { return p.Settings.Brand.Profile == prof.ID })
	font, err := filepath.Abs("../render/fonts/poppins/poppins-latin-700-normal.woff2")
	if err != nil {
		t.Fatal(err)
	}
	s.do(chromedp.SetUploadFiles(chromedp.CSS(`input[data-font-upload="title"]`), []string{font}))
	waitStored(t, s, func(p *carousel.Project) bool { return strings.HasPrefix(p.Settings.Typography.TitleFont, "asset:") })
	stored, err := s.db.FindProfileByID(ctx, prof.ID)
	if err != nil || !strings.HasPrefix(stored.TitleFont, "asset:") {
		t.Fatalf("the profile's title font: %+v, %v", stored, err)
	}
	s.wait("the font in the list", `[...document.querySelectorAll('select[data-path="typography.titleFont"] option')].some((o) => o.selected && o.textContent === 'Your font: Poppins')`)
	s.wait("the previews", previewsLoaded)
	s.shot("design-settings")
	// The language of the text, picked with the keyboard.
	eval[bool](s, `(() => { const sel = document.querySelector('select[data-path="language"]'); sel.scrollIntoView({block: 'center'}); sel.focus(); return true; })()`)
	s.keys("D") // type-ahead: Deutsch
	waitStored(t, s, func(p *carousel.Project) bool { return p.Settings.Language == "de" })
	s.activeIs("the language choice", `document.activeElement === document.querySelector('select[data-path="language"]')`)
	s.shot("design-language")
	// After a reload the font keeps its name, asked of the server.
	s.do(chromedp.Navigate(eval[string](s, "location.href")))
	s.wait("the font's name after a reload", `[...document.querySelectorAll('select[data-path="typography.titleFont"] option')].some((o) => o.selected && o.textContent === 'Your font: Poppins')`)
	if lang := eval[string](s, `document.querySelector('select[data-path="language"]').value`); lang != "de" {
		t.Errorf("after a reload the language choice shows %q, want de", lang)
	}

	// A broken font is refused with the server's words.
	bad := filepath.Join(t.TempDir(), "broken.ttf")
	os.WriteFile(bad, []byte("this is not a font"), 0o644)
	s.do(chromedp.SetUploadFiles(chromedp.CSS(`input[data-font-upload="body"]`), []string{bad}))
	s.wait("the refusal", `!document.querySelector('#toast').hidden && document.querySelector('#toast').textContent.includes('broken.ttf')`)

	// Every output uses the profile's font: the PDF embeds it.
	pdf := eval[string](s, `(async () => { const r = await fetch('/api/projects/' + new URLSearchParams(location.search).get('p') + '/export.pdf');
		const b = new Uint8Array(await r.arrayBuffer()); let s = ''; for (const x of b) s += String.fromCharCode(x); return btoa(s); })()`)
	if _, err := exec.LookPath("pdffonts"); err == nil {
		path := filepath.Join(t.TempDir(), "design.pdf")
		os.WriteFile(path, decodeB64(t, pdf), 0o644)
		out, err := exec.Command("pdffonts", path).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "Poppins-Bold") {
			t.Errorf("the exported PDF does not embed the uploaded font: %v\n%s", err, out)
		}
	}
}

func waitStored(t *testing.T, s *studio, ok func(*carousel.Project) bool) {
	t.Helper()
	s.wait("the save", `document.querySelector('#status').textContent === 'Saved'`)
	for range 100 {
		if ok(s.stored()) {
			return
		}
		s.wait("a moment", `new Promise((r) => setTimeout(() => r(true), 50))`)
	}
	t.Fatalf("the stored project never matched: %+v", s.stored().Settings)
}

func decodeB64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
