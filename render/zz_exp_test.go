// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"image/png"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestExpCoverClip(t *testing.T) {
	e := newTestEngine(t)
	hooks := []string{
		"A long thread about how we rebuilt onboarding in thirty days and what we learned along the way",
		"A long thread about everything I know about writing hooks that make people stop scrolling on LinkedIn and Instagram, in twelve parts",
		"A long thread abo…",
		"Alongthreadaboutsomethingwithoutspacesatallwhichgoesonandon",
	}
	for _, f := range []string{"instagram-portrait", "story", "linkedin-landscape"} {
		for hi, h := range hooks {
			p := SampleProject()
			p.Settings.Format = f
			p.Settings.Pattern.Name = ""
			p.Thread.Posts[0].Blocks = []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: h}}}}
			for _, th := range []string{"", "ink", "paper"} {
				p.Settings.Theme = th
				var b bytes.Buffer
				if err := e.Image(context.Background(), &b, p, 1, carousel.PNG); err != nil {
					t.Fatal(err)
				}
				img, _ := png.Decode(&b)
				pc, _ := e.resolve(p)
				bg := img.At(0, 0)
				r, g, bb, _ := bg.RGBA()
				maxX := 0
				for y := 0; y < img.Bounds().Dy(); y++ {
					for x := 0; x < img.Bounds().Dx(); x++ {
						r2, g2, b2, _ := img.At(x, y).RGBA()
						if r2 != r || g2 != g || b2 != bb {
							maxX = max(maxX, x)
						}
					}
				}
				t.Logf("%s hook%d theme %q: ink right edge %d px, content right %.0f px, width %d", f, hi, th, maxX, pc.content.x1/pxMM, img.Bounds().Dx())
				if hi == 3 && th == "paper" {
					var o bytes.Buffer
					e.Image(context.Background(), &o, p, 1, carousel.PNG)
					_ = writeFileT(t, "/tmp/exp-"+f+".png", o.Bytes())
				}
			}
		}
	}
}

func writeFileT(t *testing.T, path string, b []byte) error {
	return osWriteFile(path, b)
}
