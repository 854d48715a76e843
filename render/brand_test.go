// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"image/png"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestArrangeBand(t *testing.T) {
	cases := []struct {
		name   string
		groups [3][]float64
		kept   [3]int
	}{
		{"all fit, centre centred", [3][]float64{{10}, {20}, {10}}, [3]int{1, 1, 1}},
		{"a wide right group pushes the centre aside", [3][]float64{{10}, {20}, {30, 20}}, [3]int{1, 1, 2}},
		{"too many: the widest group gives up its last", [3][]float64{{10}, {10}, {30, 30, 30}}, [3]int{1, 1, 2}},
		{"only a centre", [3][]float64{nil, {40}, nil}, [3]int{0, 1, 0}},
		{"nothing fits", [3][]float64{{150}, nil, nil}, [3]int{0, 0, 0}},
	}
	const x0, x1, space = 0.0, 100.0, 2.0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			xs := arrangeBand(tc.groups, x0, x1, space)
			type span struct{ a, b float64 }
			var spans []span
			for g := range 3 {
				if len(xs[g]) != tc.kept[g] {
					t.Fatalf("group %d kept %d items, want %d", g, len(xs[g]), tc.kept[g])
				}
				for i, x := range xs[g] {
					spans = append(spans, span{x, x + tc.groups[g][i]})
				}
			}
			for i, a := range spans {
				if a.a < x0-1e-9 || a.b > x1+1e-9 {
					t.Errorf("item %v outside the band", a)
				}
				for _, b := range spans[i+1:] {
					if a.a < b.b && b.a < a.b {
						t.Errorf("items %v and %v overlap", a, b)
					}
				}
			}
			if tc.name == "all fit, centre centred" && xs[1][0] != 40 {
				t.Errorf("centre at %v, want 40", xs[1][0])
			}
		})
	}
}

// TestBrandItemsEveryPosition draws every brand item in every position,
// with a logo and the progress bar, on the cover and a content slide, in
// three formats, at two header sizes: everything renders, the logo loads,
// and a bigger header size makes bigger items.
func TestBrandItemsEveryPosition(t *testing.T) {
	e := newTestEngine(t)
	kinds := []string{carousel.BrandLogo, carousel.BrandAvatar, carousel.BrandName, carousel.BrandHandle, carousel.BrandWebsite, carousel.BrandSlideNumber, carousel.BrandSwipe, carousel.BrandProgress}
	for _, f := range []string{"linkedin-portrait", "linkedin-landscape", "story"} {
		for _, pos := range []string{"left", "center", "right"} {
			t.Run(f+"/"+pos, func(t *testing.T) {
				p := templateProject(t, e, "headline", f, "classic")
				b := &p.Settings.Brand
				b.Logo, b.Website, b.ShowOnCover, b.ShowOnOutro = "landscape.jpg", "https://example.com", true, true
				b.Header, b.Footer = nil, nil
				for i, k := range kinds {
					item := carousel.BrandItem{Kind: k, Position: pos}
					if i%2 == 0 {
						b.Header = append(b.Header, item)
					} else {
						b.Footer = append(b.Footer, item)
					}
				}
				sizes := map[float64]int{}
				for _, hs := range []float64{10, 16} {
					p.Settings.Typography.HeaderSize = hs
					l, err := e.Layout(context.Background(), p)
					if err != nil {
						t.Fatal(err)
					}
					for _, w := range l.Warnings {
						if w.Code == carousel.WarnImage {
							t.Errorf("%v", w)
						}
					}
					for _, n := range []int{1, 3, len(l.Slides)} {
						var out bytes.Buffer
						if err := e.SVG(context.Background(), &out, p, n); err != nil {
							t.Fatal(err)
						}
						if n == 3 {
							sizes[hs] = out.Len()
						}
					}
				}
				if sizes[10] == sizes[16] {
					t.Errorf("header size does not change the header: %v", sizes)
				}
			})
		}
	}
}

// TestBrandBandsLeaveCoverToItsAuthor: on the cover, the header and
// footer do not repeat the author row and swipe cue the cover draws.
func TestBrandBandsLeaveCoverToItsAuthor(t *testing.T) {
	e := newTestEngine(t)
	p := templateProject(t, e, "headline", "linkedin-portrait", "classic")
	b := &p.Settings.Brand
	b.ShowOnCover = true
	b.Header = []carousel.BrandItem{{Kind: carousel.BrandName, Position: "left"}}
	b.Footer = []carousel.BrandItem{{Kind: carousel.BrandSwipe, Position: "right"}}
	var with, without bytes.Buffer
	if err := e.SVG(context.Background(), &with, p, 1); err != nil {
		t.Fatal(err)
	}
	b.ShowOnCover = false
	if err := e.SVG(context.Background(), &without, p, 1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(with.Bytes(), without.Bytes()) {
		t.Errorf("the cover draws brand items it already shows (%d vs %d bytes)", with.Len(), without.Len())
	}
}

// TestHideBands: with every item hidden a slide has no header or footer,
// while empty item lists mean the default ones.
func TestHideBands(t *testing.T) {
	e := newTestEngine(t)
	ctx := context.Background()
	// inked counts the pixels of the top and bottom bands that differ from
	// the background (the top-left pixel) on slide 3.
	inked := func(hide bool) int {
		p := sampleProject(t, e)
		p.Settings.Pattern = carousel.Pattern{Name: "none"}
		p.Settings.Brand.HideBands = hide
		var b bytes.Buffer
		if err := e.Image(ctx, &b, p, 3, carousel.PNG); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		bg := img.At(0, 0)
		n := 0
		r := img.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if y > 130 && y < r.Max.Y-130 {
				continue
			}
			for x := r.Min.X; x < r.Max.X; x++ {
				if img.At(x, y) != bg {
					n++
				}
			}
		}
		return n
	}
	if n := inked(false); n < 500 {
		t.Fatalf("the default header and footer drew only %d pixels", n)
	}
	if n := inked(true); n != 0 {
		t.Fatalf("with HideBands the header and footer bands still have %d drawn pixels", n)
	}
}

// TestAnonymousCarousel: pasted text with no brand kit has nobody to show,
// so no avatar disc (drawn in the accent colour) appears on a post card;
// with a brand name the disc shows the initial.
func TestAnonymousCarousel(t *testing.T) {
	e := newTestEngine(t)
	ctx := context.Background()
	accentPixels := func(brand string) int {
		p := &carousel.Project{Version: carousel.ProjectVersion, Thread: carousel.Thread{Version: carousel.ThreadVersion, Posts: []carousel.Post{
			{ID: "1", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "A hook that earns the swipe"}}}}},
			{ID: "2", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Plain words, no links."}}}}},
		}}}
		p.Settings.Theme = "classic"
		p.Settings.Pattern.Name = "none"
		p.Settings.Brand.Name = brand
		if _, err := e.Plan(ctx, p, true); err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := e.Image(ctx, &b, p, 2, carousel.PNG); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		r := img.Bounds()
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if cr, cg, cb, _ := img.At(x, y).RGBA(); cr>>8 == 0x25 && cg>>8 == 0x63 && cb>>8 == 0xeb {
					n++
				}
			}
		}
		return n
	}
	if n := accentPixels(""); n != 0 {
		t.Errorf("an anonymous post card has %d accent pixels: an avatar disc is drawn for nobody", n)
	}
	if n := accentPixels("Ada"); n < 200 {
		t.Errorf("a branded post card has only %d accent pixels: no avatar disc", n)
	}
}
