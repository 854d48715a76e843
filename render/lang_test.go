// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"image"
	"math"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
	"github.com/tdewolff/canvas"
)

// drawnSpan is a run of text as a slide draws it, in mm from the slide's
// left edge and bottom.
type drawnSpan struct {
	text   string
	x0, x1 float64
	y      float64
}

type spanRecorder struct {
	w, h  float64
	spans []drawnSpan
}

func (r *spanRecorder) Size() (float64, float64)                             { return r.w, r.h }
func (r *spanRecorder) RenderPath(*canvas.Path, canvas.Style, canvas.Matrix) {}
func (r *spanRecorder) RenderImage(image.Image, canvas.Matrix)               {}
func (r *spanRecorder) RenderText(t *canvas.Text, m canvas.Matrix) {
	t.WalkSpans(func(x, y float64, sp canvas.TextSpan) {
		if !sp.IsText() {
			return
		}
		a, b := m.Dot(canvas.Point{X: x, Y: y}), m.Dot(canvas.Point{X: x + sp.Width, Y: y})
		r.spans = append(r.spans, drawnSpan{sp.Text, math.Min(a.X, b.X), math.Max(a.X, b.X), a.Y})
	})
}

// drawnSpans lays p out and returns the text runs of its first slide.
func drawnSpans(t *testing.T, e *Engine, p *carousel.Project) ([]drawnSpan, rect) {
	t.Helper()
	pl, err := e.layoutProject(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := e.scene(context.Background(), pl.pc, pl.pages[0], e.fonts)
	r := &spanRecorder{w: pl.pc.W, h: pl.pc.H}
	c.RenderTo(r)
	return r.spans, pl.pc.content
}

func spanWith(spans []drawnSpan, s string) (drawnSpan, bool) {
	for _, sp := range spans {
		if strings.Contains(sp.text, s) {
			return sp, true
		}
	}
	return drawnSpan{}, false
}

// TestPostLangSetsDirection: a Hebrew post whose paragraph starts with a
// Latin word is laid out right to left only because the post says it is
// Hebrew. With Lang "he" the Latin word is the right end of its line,
// right of the Hebrew that follows it in reading order, and the text ends
// at the right of the column; the same post without a language (or in
// English) is left to right by its first strong character, the Latin word
// at the left.
func TestPostLangSetsDirection(t *testing.T) {
	e := newTestEngine(t)
	const text = "GitHub הוא כלי מצוין לניהול קוד"
	for _, tc := range []struct {
		lang string
		rtl  bool
	}{{"he", true}, {"", false}, {"en", false}} {
		p := project(carousel.Post{ID: "1", Lang: tc.lang, Blocks: markup.ParseBlocks(text)})
		spans, _ := drawnSpans(t, e, p)
		var body []drawnSpan // the post's text, not the header's or footer's
		for _, sp := range spans {
			if strings.Contains(sp.text, "GitHub") || strings.ContainsFunc(sp.text, isHebrew) {
				body = append(body, sp)
			}
		}
		latin, ok := spanWith(body, "GitHub")
		if !ok {
			t.Fatalf("lang %q: GitHub is not drawn: %+v", tc.lang, spans)
		}
		next, ok := spanWith(body, "הוא")
		if !ok || math.Abs(latin.y-next.y) > 0.5 {
			t.Fatalf("lang %q: the first two words are not on one line: %+v", tc.lang, body)
		}
		if rtl := latin.x0 > next.x0; rtl != tc.rtl {
			t.Errorf("lang %q: GitHub at %.1f mm, the next word at %.1f mm: right to left %v, want %v", tc.lang, latin.x0, next.x0, rtl, tc.rtl)
		}
		for _, sp := range body {
			if tc.rtl && sp.x1 > latin.x1+0.5 {
				t.Errorf("lang %q: %q ends at %.1f mm, right of the line's start GitHub (%.1f mm)", tc.lang, sp.text, sp.x1, latin.x1)
			}
			if !tc.rtl && sp.x0 < latin.x0-0.5 {
				t.Errorf("lang %q: %q starts at %.1f mm, left of the line's start GitHub (%.1f mm)", tc.lang, sp.text, sp.x0, latin.x0)
			}
		}
	}
}

func isHebrew(r rune) bool { return r >= 0x0590 && r <= 0x05FF }

// TestQuotedPostKeepsItsLang: an English post quoting a Hebrew one that
// starts with a Latin word sets the quote right to left, by the quoted
// post's own language, and the post's own words left to right.
func TestQuotedPostKeepsItsLang(t *testing.T) {
	e := newTestEngine(t)
	quoted := &carousel.Post{ID: "q", Lang: "he", Blocks: markup.ParseBlocks("GitHub הוא כלי מצוין")}
	p := project(carousel.Post{ID: "1", Lang: "en", Blocks: markup.ParseBlocks("Slack is where we talk"), Quote: quoted})
	spans, _ := drawnSpans(t, e, p)
	latin, ok1 := spanWith(spans, "GitHub")
	next, ok2 := spanWith(spans, "הוא")
	if !ok1 || !ok2 || math.Abs(latin.y-next.y) > 0.5 {
		t.Fatalf("the quote's first words are not drawn on one line: %+v", spans)
	}
	if latin.x0 < next.x0 {
		t.Errorf("in the Hebrew quote GitHub (%.1f mm) is left of the next word (%.1f mm): laid out left to right", latin.x0, next.x0)
	}
	own, ok := spanWith(spans, "Slack")
	if other, ok2 := spanWith(spans, "where"); !ok || !ok2 || own.x0 > other.x0 && math.Abs(own.y-other.y) < 0.5 {
		t.Errorf("the English post is not left to right: %+v", spans)
	}
}

// TestCodeBlockIgnoresPostLang: a code block in a Hebrew post is in no
// language: a line of code that starts with Latin letters stays left to
// right (print before its Hebrew string), where the post's language would
// make it right to left (the string left of print).
func TestCodeBlockIgnoresPostLang(t *testing.T) {
	e := newTestEngine(t)
	p := project(carousel.Post{ID: "1", Lang: "he", Blocks: markup.ParseBlocks("שלום לכולם\n\n```\nprint(\"עולם\")\n```")})
	spans, _ := drawnSpans(t, e, p)
	code, ok := spanWith(spans, "print")
	if !ok {
		t.Fatalf("the code is not drawn: %+v", spans)
	}
	str, ok := spanWith(spans, "עולם")
	if !ok || math.Abs(code.y-str.y) > 0.5 {
		t.Fatalf("the code line is not drawn on one line: %+v", spans)
	}
	if code.x0 > str.x0 {
		t.Errorf("print at %.1f mm is right of its string at %.1f mm: the post's language turned the code right to left", code.x0, str.x0)
	}
}

// TestSettingsLanguage: the settings' language stands for posts that do
// not say theirs (a Hebrew paste starting with a Latin word reads right to
// left), and a post's own language still wins.
func TestSettingsLanguage(t *testing.T) {
	e := newTestEngine(t)
	const text = "GitHub הוא כלי מצוין לניהול קוד"
	for _, tc := range []struct {
		settings, post string
		rtl            bool
	}{{"he", "", true}, {"", "", false}, {"he", "en", false}, {"en", "he", true}} {
		p := project(carousel.Post{ID: "1", Lang: tc.post, Blocks: markup.ParseBlocks(text)})
		p.Settings.Language = tc.settings
		spans, _ := drawnSpans(t, e, p)
		latin, ok1 := spanWith(spans, "GitHub")
		next, ok2 := spanWith(spans, "הוא")
		if !ok1 || !ok2 {
			t.Fatalf("%+v: the words are not drawn: %+v", tc, spans)
		}
		if rtl := latin.x0 > next.x0; rtl != tc.rtl {
			t.Errorf("settings %q, post %q: right to left %v, want %v", tc.settings, tc.post, rtl, tc.rtl)
		}
	}
	// A German setting hyphenates in German even where the words would not
	// tell (too few to guess from).
	p := project(carousel.Post{ID: "1", Blocks: markup.ParseBlocks("Versicherungsbedingungen")})
	p.Settings.Language = "de"
	pl, err := e.layoutProject(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	m := newMeasurer(e, pl.pc)
	found := false
	for _, el := range pl.pages[0].Elems {
		if el.Kind == elemText && carousel.BlocksText([]carousel.Block{el.Block}) == "Versicherungsbedingungen" {
			found = true
			if got := m.textStyleOf(el, 1).hyphenLang(); got != "de" || pl.pc.guessLang != "" {
				t.Errorf("hyphenated as %q (guess %q), want de", got, pl.pc.guessLang)
			}
		}
	}
	if !found {
		t.Fatal("the post's paragraph is not laid out")
	}
}
