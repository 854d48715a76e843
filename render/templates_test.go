// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

var lookTemplates = flag.String("looktpl", "", "write every slide of every template, format and theme as PNG into this directory")

// testThemes are a light, a dark and a serif theme.
var testThemes = []string{"classic", "ink", "paper"}

func para(s string) carousel.Block {
	return carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: s}}}
}

// templateProject is the sample thread with a heading post followed by
// one-line posts, and a post with only an image, planned for a template
// and format.
func templateProject(t testing.TB, e *Engine, tpl, format, theme string) *carousel.Project {
	t.Helper()
	p := sampleProject(t, e)
	th := &p.Thread
	var img *carousel.Media
	for _, post := range th.Posts {
		if len(post.Media) > 0 {
			img = &post.Media[0]
		}
	}
	extra := []carousel.Post{
		{ID: "2001", Blocks: []carousel.Block{{Type: carousel.Heading, Level: 2, Spans: []carousel.Span{{Text: "Three quick wins"}}}}},
		{ID: "2002", Blocks: []carousel.Block{para("Cut the intro.")}},
		{ID: "2003", Blocks: []carousel.Block{para("Put the number first.")}},
		{ID: "2004", Blocks: []carousel.Block{para("End on a question.")}},
		{ID: "2005", Media: []carousel.Media{*img}},
	}
	last := th.Posts[len(th.Posts)-1]
	th.Posts = append(append(th.Posts[:len(th.Posts)-1:len(th.Posts)-1], extra...), last)
	p.Settings.Template, p.Settings.Format, p.Settings.Theme = tpl, format, theme
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestTemplatesEveryFormat lays out every template in every format and
// three themes: no text may overflow a slide, the heading and one-line
// posts share a slide, and the image-only post gets an image slide.
func TestTemplatesEveryFormat(t *testing.T) {
	e := newTestEngine(t)
	for _, tpl := range templates {
		for _, f := range carousel.Formats {
			for _, theme := range testThemes {
				if theme != testThemes[0] && f.Name != carousel.DefaultFormat && *lookTemplates == "" {
					// Themes change fonts and colours, not the frame: the
					// other themes are laid out in the default format only,
					// which keeps the run within minutes on two cores.
					continue
				}
				t.Run(tpl.Name()+"/"+f.Name+"/"+theme, func(t *testing.T) {
					p := templateProject(t, e, tpl.Name(), f.Name, theme)
					grouped, image := false, false
					for _, sl := range p.Slides {
						grouped = grouped || len(sl.Items) >= 2 && sl.Items[0].Post == "2001" && sl.Items[1].Post == "2002"
						image = image || sl.Kind == carousel.SlideImage && sl.Items[0].Post == "2005"
					}
					if !grouped || !image {
						t.Errorf("plan: heading group %v, image slide %v: %+v", grouped, image, p.Slides)
					}
					l, err := e.Layout(context.Background(), p)
					if err != nil {
						t.Fatal(err)
					}
					for _, w := range l.Warnings {
						if w.Code == carousel.WarnOverflow {
							t.Errorf("slide %d (%+v): %s", w.Slide, p.Slides[l.Slides[w.Slide-1].Source].Items, w.Message)
						}
					}
					if theme != testThemes[0] && *lookTemplates == "" {
						return // drawing is checked once per template and format
					}
					for n := 1; n <= len(l.Slides); n++ {
						var b bytes.Buffer
						if *lookTemplates != "" {
							if err := e.Image(context.Background(), &b, p, n, carousel.PNG); err != nil {
								t.Fatal(err)
							}
							name := fmt.Sprintf("%s-%s-%s-%02d.png", tpl.Name(), f.Name, theme, n)
							if err := os.WriteFile(filepath.Join(*lookTemplates, name), b.Bytes(), 0o644); err != nil {
								t.Fatal(err)
							}
							continue
						}
						if err := e.SVG(context.Background(), &b, p, n); err != nil {
							t.Fatal(err)
						}
					}
				})
			}
		}
	}
}

// TestGoldenTemplates keeps the SVG of every slide of every template in
// the default format, as SHA-256 sums (run with -update to accept).
func TestGoldenTemplates(t *testing.T) {
	e := newTestEngine(t)
	for _, tpl := range templates {
		t.Run(tpl.Name(), func(t *testing.T) {
			p := templateProject(t, e, tpl.Name(), carousel.DefaultFormat, "")
			l, err := e.Layout(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			var sums strings.Builder
			for n := 1; n <= len(l.Slides); n++ {
				var b bytes.Buffer
				if err := e.SVG(context.Background(), &b, p, n); err != nil {
					t.Fatal(err)
				}
				sum := sha256.Sum256(b.Bytes())
				fmt.Fprintf(&sums, "%02d %s\n", n, hex.EncodeToString(sum[:]))
			}
			compareFile(t, filepath.Join("testdata", "golden", "template-"+tpl.Name()+".sha256"), []byte(sums.String()))
		})
	}
}

// TestTemplatesPDF writes every template as a vector PDF in a wide and a
// tall format: poppler reads every page and finds the text as text.
func TestTemplatesPDF(t *testing.T) {
	needPoppler(t)
	e := newTestEngine(t)
	for _, tpl := range templates {
		for _, f := range []string{"linkedin-landscape", "linkedin-portrait"} {
			t.Run(tpl.Name()+"/"+f, func(t *testing.T) {
				p := templateProject(t, e, tpl.Name(), f, "ink")
				l, err := e.Layout(context.Background(), p)
				if err != nil {
					t.Fatal(err)
				}
				path, _ := writePDF(t, e, p)
				info := run(t, "pdfinfo", path)
				if !regexp.MustCompile(fmt.Sprintf(`(?m)^Pages:\s+%d$`, len(l.Slides))).MatchString(info) {
					t.Fatalf("want %d pages:\n%s", len(l.Slides), info)
				}
				text := strings.Join(strings.Fields(run(t, "pdftotext", path, "-")), " ")
				for _, want := range []string{"Three quick wins", "Cut the intro.", "Three rules for every slide"} {
					if !strings.Contains(text, want) {
						t.Errorf("the PDF text lacks %q", want)
					}
				}
			})
		}
	}
}
