// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/carouselstudio/carousel"
)

// TestSlideStyle checks the studio's per-slide overrides: a styled slide
// changes its own picture and key, and no other slide's.
func TestSlideStyleStudio(t *testing.T) {
	e := newTestEngine(t)
	ctx := context.Background()
	base := func() *carousel.Project {
		p := project(textPost("1", "One idea on the first slide."), textPost("2", "Another idea, on the second."))
		p.Settings.Theme = "paper"
		return p
	}
	layout := func(p *carousel.Project) *carousel.Layout {
		l, err := e.Layout(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	plain := layout(base())
	for _, tt := range []struct {
		name  string
		style carousel.SlideStyle
		drawn string // a colour the styled slide draws, "" to skip
	}{
		{"theme", carousel.SlideStyle{Theme: "midnight"}, ""},
		{"text colour", carousel.SlideStyle{Colors: &carousel.Colors{Text: "#123456"}}, "#123456"},
		{"solid background", carousel.SlideStyle{Background: &carousel.Background{Kind: carousel.BackgroundSolid, Colors: []string{"#fedcba"}}}, "#fedcba"},
		{"text scale", carousel.SlideStyle{TextScale: 1.5}, ""},
		{"hidden bands", carousel.SlideStyle{HideBands: true}, ""},
		{"centred", carousel.SlideStyle{Align: "center"}, ""},
		{"right", carousel.SlideStyle{Align: "right"}, ""},
		{"template", carousel.SlideStyle{Template: "big-statement"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			st := tt.style
			p.Slides[1].Style = &st
			l := layout(p)
			if l.Slides[0].Key != plain.Slides[0].Key {
				t.Error("styling slide 2 changed slide 1")
			}
			if l.Slides[1].Key == plain.Slides[1].Key {
				t.Error("slide 2's key did not change")
			}
			var styled, before bytes.Buffer
			if err := e.SVG(ctx, &styled, p, 2); err != nil {
				t.Fatal(err)
			}
			if err := e.SVG(ctx, &before, base(), 2); err != nil {
				t.Fatal(err)
			}
			if bytes.Equal(styled.Bytes(), before.Bytes()) {
				t.Error("slide 2 is drawn the same")
			}
			if tt.drawn != "" && !bytes.Contains(styled.Bytes(), []byte(tt.drawn)) {
				t.Errorf("slide 2 does not draw %s", tt.drawn)
			}
		})
	}
}

// TestMediaFitFocusCrop checks that a slide image's fit, focal point and
// crop, as the studio sets them, change how it is drawn.
func TestMediaFitFocusCrop(t *testing.T) {
	e := newTestEngine(t)
	ctx := context.Background()
	// A wide image: red on the left half, blue on the right; large enough
	// to be cropped to fill without being shown past twice its size.
	img := image.NewRGBA(image.Rect(0, 0, 3200, 800))
	for y := 0; y < 800; y++ {
		for x := 0; x < 3200; x++ {
			c := color.RGBA{220, 30, 30, 255}
			if x >= 1600 {
				c = color.RGBA{30, 30, 220, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var pb bytes.Buffer
	if err := png.Encode(&pb, img); err != nil {
		t.Fatal(err)
	}
	src := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pb.Bytes())
	draw := func(md carousel.Media) *image.RGBA {
		md.Type, md.Src, md.Width, md.Height = carousel.MediaPhoto, src, 3200, 800
		p := project(textPost("1", "A slide with a picture."))
		p.Settings.Template = "image-focus"
		p.Slides[0].Items = append(p.Slides[0].Items, carousel.Item{Image: &md})
		var b bytes.Buffer
		if err := e.Image(ctx, &b, p, 1, carousel.PNG); err != nil {
			t.Fatal(err)
		}
		out, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		return out.(*image.RGBA)
	}
	count := func(im *image.RGBA, red bool) int {
		n := 0
		for i := 0; i < len(im.Pix); i += 4 {
			r, b := im.Pix[i], im.Pix[i+2]
			if red && r > 180 && b < 80 || !red && b > 180 && r < 80 {
				n++
			}
		}
		return n
	}
	left := draw(carousel.Media{Fit: carousel.MediaCover, Focus: &carousel.Focus{X: 0, Y: 0.5}})
	right := draw(carousel.Media{Fit: carousel.MediaCover, Focus: &carousel.Focus{X: 1, Y: 0.5}})
	if count(left, true) <= count(left, false) || count(right, false) <= count(right, true) {
		t.Errorf("focus left shows %d red, %d blue px; focus right %d red, %d blue", count(left, true), count(left, false), count(right, true), count(right, false))
	}
	cropped := draw(carousel.Media{Crop: &carousel.Crop{X: 0.5, Y: 0, W: 0.5, H: 1}})
	if count(cropped, true) != 0 || count(cropped, false) == 0 {
		t.Errorf("cropped to the right half: %d red, %d blue px", count(cropped, true), count(cropped, false))
	}
	whole := draw(carousel.Media{Fit: carousel.MediaContain})
	if count(whole, true) == 0 || count(whole, false) == 0 {
		t.Errorf("contained: %d red, %d blue px", count(whole, true), count(whole, false))
	}
}
