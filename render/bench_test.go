// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/carouselstudio/carousel"
)

// project20 is the sample without its long post, repeated to 20 slides:
// cover, 18 posts and the outro, with the dots pattern, emoji and avatar.
func project20(tb testing.TB, e *Engine) *carousel.Project {
	src := carousel.SampleThread()
	th := *src
	th.Posts = nil
	for i := 0; len(th.Posts) < 19; i++ {
		post := src.Posts[i%len(src.Posts)]
		if post.ID == "1008" {
			continue
		}
		post.ID = fmt.Sprintf("%d", 5000+i)
		th.Posts = append(th.Posts, post)
	}
	p := &carousel.Project{Version: 1, Title: "Bench", Thread: th}
	p.Settings.CTA.Variant = 1
	p.Settings.Pattern = carousel.Pattern{Name: "dots", Density: 1, Opacity: 0.14}
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		tb.Fatal(err)
	}
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		tb.Fatal(err)
	}
	if len(l.Slides) != 20 {
		tb.Fatalf("%d slides, want 20", len(l.Slides))
	}
	return p
}

func BenchmarkPDF20(b *testing.B) {
	e := newTestEngine(b)
	p := project20(b, e)
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := e.Export(context.Background(), carousel.SingleFile(&buf), p, carousel.Export{Kind: carousel.ExportPDF}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KB/pdf")
}

// BenchmarkPDF20Cold includes laying out all 20 slides.
func BenchmarkPDF20Cold(b *testing.B) {
	e := newTestEngine(b)
	p := project20(b, e)
	for b.Loop() {
		e.layout, e.pages = newLRU(16), newLRU(2048)
		if _, err := e.Export(context.Background(), carousel.SingleFile(io.Discard), p, carousel.Export{Kind: carousel.ExportPDF}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSVGSlide draws one slide preview without the SVG cache.
func BenchmarkSVGSlide(b *testing.B) {
	e := newTestEngine(b)
	p := project20(b, e)
	for b.Loop() {
		e.svgs = newLRU(256)
		if err := e.SVG(context.Background(), io.Discard, p, 4); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSVGSlideEdit is the studio's case: one post edited, then its
// slide previewed (re-layout of that slide only, then SVG).
func BenchmarkSVGSlideEdit(b *testing.B) {
	e := newTestEngine(b)
	p := project20(b, e)
	i := 0
	for b.Loop() {
		i++
		p.Thread.Posts[3].Blocks[0].Spans[0].Text = fmt.Sprintf("Edit %d: emoji help when they carry meaning: ", i)
		if err := e.SVG(context.Background(), io.Discard, p, 4); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPNG20(b *testing.B) {
	e := newTestEngine(b)
	p := project20(b, e)
	for b.Loop() {
		if _, err := e.Export(context.Background(), carousel.SingleFile(io.Discard), p, carousel.Export{Kind: carousel.ExportZIP, Image: carousel.PNG}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPDF500Posts(b *testing.B) {
	e := newTestEngine(b)
	src := carousel.SampleThread()
	th := *src
	th.Posts = nil
	for i := range 500 {
		post := src.Posts[i%len(src.Posts)]
		post.ID = fmt.Sprintf("%d", 10000+i)
		th.Posts = append(th.Posts, post)
	}
	p := &carousel.Project{Version: 1, Title: "Long", Thread: th}
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		b.Fatal(err)
	}
	var size int
	for b.Loop() {
		e.layout, e.pages = newLRU(16), newLRU(2048)
		var buf bytes.Buffer
		if _, err := e.Export(context.Background(), carousel.SingleFile(&buf), p, carousel.Export{Kind: carousel.ExportPDF}); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size)/1024, "KB/pdf")
}

// BenchmarkPlanTemplates plans the sample thread with a heading group and
// an image-only post: grouping and splitting measure with the real layout.
func BenchmarkPlanTemplates(b *testing.B) {
	e := newTestEngine(b)
	p := templateProject(b, e, "headline", "linkedin-portrait", "classic")
	for b.Loop() {
		if _, err := e.Plan(context.Background(), p, true); err != nil {
			b.Fatal(err)
		}
	}
}
