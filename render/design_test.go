// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render/design"
)

// shortProject is a cover, a one-line slide, a longer slide and an outro.
func shortProject(t *testing.T, e *Engine, s carousel.Settings) *carousel.Project {
	t.Helper()
	p := &carousel.Project{Version: carousel.ProjectVersion, Thread: carousel.Thread{Version: carousel.ThreadVersion, Author: carousel.Author{Name: "Ada", Handle: "ada"}, Posts: []carousel.Post{
		{ID: "1", Blocks: []carousel.Block{para("How to write a hook that earns the swipe.")}},
		{ID: "2", Blocks: []carousel.Block{para("A useful mental model:")}},
		{ID: "3", Blocks: []carousel.Block{para("Three rules for every slide"), {Type: carousel.Bullet, Spans: []carousel.Span{{Text: "One idea per slide"}}}, {Type: carousel.Bullet, Spans: []carousel.Span{{Text: "Body text you can read"}}}}},
	}}}
	s.CTA.Variant = 1
	p.Settings = s
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	return p
}

func metricsOf(t *testing.T, e *Engine, p *carousel.Project) []SlideMetrics {
	t.Helper()
	ms, err := e.DesignMetrics(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestAutoSize: a one-line slide is set far larger than the base size and
// fills a good part of the slide; fixed sizes keep the base size.
func TestAutoSize(t *testing.T) {
	e := newTestEngine(t)
	for _, tpl := range []string{"headline", "post-card", "minimal"} {
		auto := metricsOf(t, e, shortProject(t, e, carousel.Settings{Template: tpl}))
		fixed := metricsOf(t, e, shortProject(t, e, carousel.Settings{Template: tpl, Typography: carousel.Typography{FixedSizes: true}}))
		if auto[1].Scale < 2 || auto[1].Share < 0.3 {
			t.Errorf("%s: the one-liner is at scale %.2f filling %.0f%%; want at least 2× and 30%%", tpl, auto[1].Scale, 100*auto[1].Share)
		}
		if fixed[1].Scale != 1 || fixed[1].Share >= auto[1].Share {
			t.Errorf("%s: fixed sizes give scale %.2f and share %.2f (auto %.2f)", tpl, fixed[1].Scale, fixed[1].Share, auto[1].Share)
		}
	}
}

// TestSlideStyle: a slide's style changes that slide only.
func TestSlideStyle(t *testing.T) {
	e := newTestEngine(t)
	p := shortProject(t, e, carousel.Settings{Template: "headline"})
	base := pixelAt(t, e, p, 3, 5, 5)
	p.Slides[2].Style = &carousel.SlideStyle{Theme: "ink", HideBands: true, TextScale: 0.8}
	styled := pixelAt(t, e, p, 3, 5, 5)
	if styled == base || styled != (color.RGBA{0x14, 0x14, 0x14, 0xff}) {
		t.Errorf("slide 3 background %v, want ink's #141414 (was %v)", styled, base)
	}
	if other := pixelAt(t, e, p, 2, 5, 5); other != base {
		t.Errorf("slide 2 changed to %v", other)
	}
	p.Slides[2].Style = &carousel.SlideStyle{Background: &carousel.Background{Kind: carousel.BackgroundGradient, Colors: []string{"#ff0000", "#0000ff"}, Angle: 0}}
	img := slidePNG(t, e, p, 3)
	top, bottom := img.RGBAAt(5, 2), img.RGBAAt(5, img.Bounds().Dy()-3)
	if !(bottom.R > 200 && bottom.B < 60 && top.B > 200 && top.R < 60) {
		t.Errorf("a 0° gradient from red to blue runs bottom to top: bottom %v, top %v", bottom, top)
	}
	p.Slides[2].Style = &carousel.SlideStyle{Colors: &carousel.Colors{Text: "#cccccc"}}
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	warned := false
	for _, w := range l.Warnings {
		warned = warned || w.Slide == 3 && w.Code == carousel.WarnContrast && strings.Contains(w.Message, "#cccccc")
	}
	if !warned {
		t.Errorf("a slide's low-contrast colour gives no warning on that slide: %+v", l.Warnings)
	}
	p.Slides[2].Style = &carousel.SlideStyle{Template: "nope"}
	if _, err := e.Layout(context.Background(), p); err == nil || !strings.Contains(err.Error(), "slides[2].style.template") {
		t.Errorf("an unknown template on a slide: %v", err)
	}
}

// TestBackgroundImageScrim: an image background is drawn under a scrim of
// the theme's background, in PNG and PDF alike.
func TestBackgroundImageScrim(t *testing.T) {
	e := newTestEngine(t)
	p := shortProject(t, e, carousel.Settings{Template: "minimal", Background: &carousel.Background{Kind: carousel.BackgroundImage, Image: "landscape.jpg", Scrim: 0.5}})
	img := slidePNG(t, e, p, 2)
	c := img.RGBAAt(img.Bounds().Dx()/2, 3)
	if c == (color.RGBA{0xff, 0xff, 0xff, 0xff}) {
		t.Fatalf("the background image is not drawn: %v", c)
	}
	if c.R < 100 && c.G < 100 && c.B < 100 {
		t.Errorf("a 50%% white scrim over the picture is lighter than %v", c)
	}
}

// TestUserFont: a font file as the title font is checked, used and
// embedded; a broken file is refused with the field named.
func TestUserFont(t *testing.T) {
	e := newTestEngine(t)
	if _, err := CheckFont([]byte("not a font")); err == nil {
		t.Fatal("CheckFont accepted text")
	}
	data, err := os.ReadFile("fonts/poppins/poppins-latin-700-normal.woff2")
	if err != nil {
		t.Fatal(err)
	}
	if name, err := CheckFont(data); err != nil || name != "Poppins" {
		t.Fatalf("CheckFont = %q, %v", name, err)
	}
	s := carousel.Settings{Typography: carousel.Typography{TitleFont: "fonts/poppins/poppins-latin-700-normal.woff2"}}
	e2, _ := New(Options{BaseDir: "."})
	if err := e2.Check(&s); err != nil {
		t.Fatal(err)
	}
	bad := carousel.Settings{Typography: carousel.Typography{BodyFont: "testdata/avatar.png.ttf"}}
	if err := e.Check(&bad); err == nil || !strings.Contains(err.Error(), "settings.typography.bodyFont") {
		t.Errorf("a missing font file: %v", err)
	}
	needPoppler(t)
	p := shortProject(t, e2, s)
	path, _ := writePDF(t, e2, p)
	if out := run(t, "pdffonts", path); !strings.Contains(out, "Poppins-Bold") {
		t.Errorf("the PDF does not embed the user's font:\n%s", out)
	}
}

// TestHighlight: ==marked== text gets a mark of the accent's tint behind it.
func TestHighlight(t *testing.T) {
	e := newTestEngine(t)
	p := shortProject(t, e, carousel.Settings{Template: "minimal"})
	p.Thread.Posts[1].Blocks = []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "A "}, {Text: "useful", Highlight: true}, {Text: " model"}}}}
	img := slidePNG(t, e, p, 2)
	mark := markColor(mustTheme(t, "classic"))
	found := 0
	b := img.Bounds()
	for y := 0; y < b.Dy(); y += 2 {
		for x := 0; x < b.Dx(); x += 2 {
			if img.RGBAAt(x, y) == mark {
				found++
			}
		}
	}
	if found < 200 {
		t.Errorf("found %d pixels of the mark colour %v", found, mark)
	}
}

func mustTheme(t *testing.T, name string) theme {
	th, ok := design.ThemeByName(name)
	if !ok {
		t.Fatal(name)
	}
	return th
}

func slidePNG(t *testing.T, e *Engine, p *carousel.Project, n int) *image.RGBA {
	t.Helper()
	var b bytes.Buffer
	if err := e.Image(context.Background(), &b, p, n, carousel.PNG); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewRGBA(img.Bounds())
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			out.Set(x, y, img.At(x, y))
		}
	}
	return out
}

func pixelAt(t *testing.T, e *Engine, p *carousel.Project, n, x, y int) color.RGBA {
	return slidePNG(t, e, p, n).RGBAAt(x, y)
}

// TestFullSlideShrinksDisplayFirst: on a slide too full for its sizes the
// headline gives up size faster than the body, and stays the larger.
func TestFullSlideShrinksDisplayFirst(t *testing.T) {
	e := newTestEngine(t)
	p := project(textPost("1",
		"Here is the whole process I use, step by step, for every carousel I publish each week.",
		strings.Repeat("The body explains each step in plain words a reader can follow. ", 5)))
	p.Settings = carousel.Settings{Format: "linkedin-square", Template: "headline"}
	pl, err := e.layoutProject(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	m := newMeasurer(e, pl.pc)
	checked := 0
	for _, pg := range pl.pages {
		if pg.Scale >= 1 {
			continue
		}
		for _, el := range pg.Elems {
			if el.Kind != elemText || el.Role != roleTitle {
				continue
			}
			s := pg.Scale
			title, title1 := m.style(roleTitle, el.Block, s).size, m.style(roleTitle, el.Block, 1).size
			body, body1 := m.style(roleBody, carousel.Block{}, s).size, m.style(roleBody, carousel.Block{}, 1).size
			if title/title1 >= body/body1-0.02 {
				t.Errorf("at scale %.3f the title keeps %.3f of its size, the body %.3f", s, title/title1, body/body1)
			}
			if math.Abs(body/body1-s) > 1e-9 {
				t.Errorf("at scale %.3f the body keeps %.3f of its size", s, body/body1)
			}
			if title < 1.5*body {
				t.Errorf("at scale %.3f the title (%.2f) is not well above the body (%.2f)", s, title, body)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatalf("no full slide with a headline: scales %v", scalesOf(pl))
	}
}

func scalesOf(pl *projectLayout) []float64 {
	var s []float64
	for _, pg := range pl.pages {
		s = append(s, pg.Scale)
	}
	return s
}
