// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"image/png"
	"math"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

// TestCoverNeverClips: whatever the hook, title or author, the cover's
// text stays inside the slide in every format and three themes: no
// overflow warning, and (for the format the studio reported) no ink right
// of the content box.
func TestCoverNeverClips(t *testing.T) {
	e := newTestEngine(t)
	hooks := map[string]func(p *carousel.Project){
		"long hook": func(p *carousel.Project) {
			p.Thread.Posts[0].Blocks = []carousel.Block{para("A long thread about everything I learned rebuilding our onboarding in thirty days, what failed, what worked, and the one change that doubled activation")}
		},
		"one long word": func(p *carousel.Project) {
			p.Thread.Posts[0].Blocks = []carousel.Block{para("Alongthreadaboutsomethingwithoutanyspacesatallwhichgoesonandonandon")}
		},
		"long url": func(p *carousel.Project) {
			p.Thread.Posts[0].Blocks = []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Read https://example.com/a/very/long/path/that/never/ends/and/keeps/going/on/and/on", Entity: carousel.EntityURL}}}}
		},
		"edited title and subtitle": func(p *carousel.Project) {
			p.Slides[0].Title = strings.Repeat("Edited title that runs long ", 5)
			p.Slides[0].Subtitle = "And a subtitle under it"
		},
		"long author name": func(p *carousel.Project) {
			p.Thread.Author.Name = "Maximiliane Alexandra Featherstonehaugh-Worthington"
			p.Thread.Author.Handle = "maximiliane_featherstonehaugh"
		},
	}
	for name, edit := range hooks {
		for _, f := range carousel.Formats {
			for _, theme := range []string{"classic", "paper"} { // ink sets the same fonts as classic
				p := sampleProject(t, e)
				p.Settings.Format, p.Settings.Theme, p.Settings.Pattern.Name = f.Name, theme, ""
				edit(p)
				l, err := e.Layout(context.Background(), p)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range l.Warnings {
					if w.Slide == 1 && w.Code == carousel.WarnOverflow {
						t.Errorf("%s/%s/%s: %s", name, f.Name, theme, w.Message)
					}
				}
				if f.Name != "instagram-portrait" || theme != "classic" {
					continue
				}
				var b bytes.Buffer
				if err := e.Image(context.Background(), &b, p, 1, carousel.PNG); err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(&b)
				if err != nil {
					t.Fatal(err)
				}
				pc, _ := e.resolve(p)
				right := int(math.Ceil(pc.content.x1/pxMM)) + 2
				bg := img.At(0, 0)
				for y := 0; y < img.Bounds().Dy(); y++ {
					for x := right; x < img.Bounds().Dx(); x++ {
						if img.At(x, y) != bg {
							t.Fatalf("%s: ink at (%d, %d), right of the content box at %d px", name, x, y, right)
						}
					}
				}
			}
		}
	}
}

// TestOutroVariants: each call to action has its own default title and
// button, takes edited text and button labels, fits every format, and
// variant 0 plans no outro at all.
func TestOutroVariants(t *testing.T) {
	e := newTestEngine(t)
	for _, f := range carousel.Formats {
		for v := 0; v <= 3; v++ {
			for _, edited := range []bool{false, true} {
				p := sampleProject(t, e)
				p.Settings.Format = f.Name
				p.Settings.CTA = carousel.CTA{Variant: v, URL: "https://example.com/guide"}
				if edited {
					p.Settings.CTA.Title, p.Settings.CTA.Text, p.Settings.CTA.Button = "My own title", "My own text", "My button"
				}
				if _, err := e.Plan(context.Background(), p, true); err != nil {
					t.Fatal(err)
				}
				last := p.Slides[len(p.Slides)-1]
				if (last.Kind == carousel.SlideOutro) != (v > 0) {
					t.Fatalf("%s variant %d: last slide is %s", f.Name, v, last.Kind)
				}
				if v == 0 {
					continue
				}
				l, err := e.Layout(context.Background(), p)
				if err != nil {
					t.Fatal(err)
				}
				for _, w := range l.Warnings {
					if w.Slide == len(l.Slides) && w.Code == carousel.WarnOverflow {
						t.Errorf("%s variant %d: %s", f.Name, v, w.Message)
					}
				}
				alt := l.Slides[len(l.Slides)-1].Alt
				want := []string{"", "Follow", "Repost & share", "Visit example.com/guide"}[v]
				if edited {
					want = "My own title My own text My button"
				}
				if !strings.Contains(alt, want) {
					t.Errorf("%s variant %d: alt %q lacks %q", f.Name, v, alt, want)
				}
			}
		}
	}
}

// TestLongFirstPostContinues: a first post far too long for the cover
// puts a hook that fits on the cover and flows the rest, every word in
// order, onto content slides, in every format; nothing runs over the
// author block or is cut.
func TestLongFirstPostContinues(t *testing.T) {
	e := newTestEngine(t)
	sentence := "Every word of this long first post must reach a slide, in order, whatever its length. "
	for _, n := range []int{4000, 25000} {
		text := strings.Repeat(sentence, n/len(sentence)+1)[:n]
		text = text[:strings.LastIndexByte(text, ' ')]
		formats := []string{"linkedin-portrait", "instagram-square", "linkedin-landscape", "story"}
		if n > 10000 {
			formats = formats[:2]
		}
		for _, f := range formats {
			p := carousel.SampleProject()
			p.Settings.Format = f
			p.Thread.Posts[0].Blocks = []carousel.Block{para(text)}
			if _, err := e.Plan(context.Background(), p, true); err != nil {
				t.Fatal(err)
			}
			pl, err := e.layoutProject(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range pl.warns {
				if w.Code == carousel.WarnOverflow && strings.Contains(w.Message, "smallest size") {
					t.Errorf("%d/%s: %s", n, f, w.Message)
				}
			}
			var got []string
			cover := 0
			for _, pg := range pl.pages {
				if pg.Source != 0 {
					break
				}
				if pg.Kind == carousel.SlideCover {
					cover++
					if pg.Scale < coverFlowScale-1e-9 {
						t.Errorf("%d/%s: cover at scale %.2f", n, f, pg.Scale)
					}
				}
				for _, el := range pg.Elems {
					got = append(got, strings.Fields(carousel.BlocksText([]carousel.Block{el.Block}))...)
				}
			}
			want := strings.Fields(text)
			if cover != 1 || strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("%d/%s: %d covers; the slides of the first post hold %d of its %d words in order", n, f, cover, commonPrefix(got, want), len(want))
			}
		}
	}
}

func commonPrefix(a, b []string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
