// SPDX-License-Identifier: MIT

package design

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"
)

var previewDir = flag.String("preview", "", "write pattern previews and the contact sheet as PNGs into this directory (e.g. /tmp/patterns)")

// Slide geometry of a 1080×1350 export: one px is 25.4/96 mm.
const (
	px     = 25.4 / 96
	slideW = 1080 * px
	slideH = 1350 * px
	unit   = slideW / 360
)

// slide records a slide of theme th with the pattern and, if withText, a
// sample title and body block standing in for text (solid bars).
func slide(th Theme, pattern string, density, opacity float64) *canvas.Canvas {
	c := canvas.New(slideW, slideH)
	ctx := canvas.NewContext(c)
	ctx.SetFillColor(th.Background)
	ctx.DrawPath(0, 0, canvas.Rectangle(slideW, slideH))
	DrawPattern(ctx, pattern, slideW, slideH, unit, density, opacity, th.Text)
	return c
}

// raster renders at a third of the export size to keep the tests quick.
func raster(c *canvas.Canvas) *image.RGBA {
	return rasterizer.Draw(c, canvas.DPMM(1/(3*px)), canvas.DefaultColorSpace)
}

func TestPatternsDraw(t *testing.T) {
	if len(Patterns) < 6 {
		t.Fatalf("%d patterns, want at least 6", len(Patterns))
	}
	for _, want := range []string{"none", "dots", "grid", "diagonal", "waves", "grain", "gradient"} {
		if _, ok := PatternByName(want); !ok {
			t.Errorf("pattern %q missing", want)
		}
	}
	if _, ok := PatternByName("plaid"); ok {
		t.Error("PatternByName found a pattern that does not exist")
	}
	for _, name := range []string{"classic", "midnight", "sunrise"} {
		th, _ := ThemeByName(name)
		plain := raster(slide(th, "none", 1, 0))
		if plain.Bounds().Dx() != 360 || plain.Bounds().Dy() != 450 {
			t.Fatalf("raster is %v, want 360×450", plain.Bounds())
		}
		for _, p := range Patterns {
			densities := []float64{1}
			if name == "classic" { // the extremes once; each theme at the natural density
				densities = []float64{0.25, 1, 4}
			}
			for _, density := range densities {
				t.Run(fmt.Sprintf("%s/%s/%g", name, p.Name, density), func(t *testing.T) {
					img := raster(slide(th, p.Name, density, 0))
					if err := png.Encode(io.Discard, img); err != nil {
						t.Fatalf("encode PNG: %v", err)
					}
					changed, strongest := diff(plain, img)
					if p.Name == "none" {
						if changed != 0 {
							t.Errorf("none changed %d pixels", changed)
						}
						return
					}
					if changed < 50 {
						t.Errorf("only %d pixels changed: the pattern is missing", changed)
					}
					// Well below the text: no pixel moves a third of the way from
					// the background to the text colour (thin marks may reach
					// their full opacity, never more).
					if limit := maxStep(th.Background, th.Text) / 3; strongest > limit {
						t.Errorf("a pixel moved %d levels from the background, over %d", strongest, limit)
					}
				})
			}
		}
	}
}

// diff counts pixels that differ and the largest channel difference.
func diff(a, b *image.RGBA) (changed, strongest int) {
	for i := 0; i < len(a.Pix); i += 4 {
		d := 0
		for k := 0; k < 3; k++ {
			v := int(a.Pix[i+k]) - int(b.Pix[i+k])
			d = max(d, v, -v)
		}
		if d > 0 {
			changed++
			strongest = max(strongest, d)
		}
	}
	return changed, strongest
}

func maxStep(a, b color.RGBA) int {
	d := 0
	for _, v := range []int{int(a.R) - int(b.R), int(a.G) - int(b.G), int(a.B) - int(b.B)} {
		d = max(d, v, -v)
	}
	return d
}

func TestPatternDefaultsBelowText(t *testing.T) {
	// A pattern mark at its default opacity, blended over any preset's
	// background, must stay close to the background: under 1.6:1, where body
	// text is at least 4.5:1.
	for _, spec := range patternSpecs[1:] {
		for _, th := range Themes {
			mark := blend(th.Text, th.Background, spec.opacity)
			if r := Contrast(mark, th.Background); r > 1.6 {
				t.Errorf("%s on %s: mark %s is %.2f:1 against the background, want ≤ 1.6:1", spec.Name, th.Name, Hex(mark), r)
			}
		}
	}
}

func blend(fg, bg color.RGBA, alpha float64) color.RGBA {
	m := func(f, b uint8) uint8 { return uint8(float64(f)*alpha + float64(b)*(1-alpha) + 0.5) }
	return color.RGBA{m(fg.R, bg.R), m(fg.G, bg.G), m(fg.B, bg.B), 255}
}

func TestPatternOpacityAndDensity(t *testing.T) {
	th, _ := ThemeByName("classic")
	plain := raster(slide(th, "none", 1, 0))
	for _, name := range []string{"dots", "grid", "gradient"} {
		_, soft := diff(plain, raster(slide(th, name, 1, 0.05)))
		_, strong := diff(plain, raster(slide(th, name, 1, 0.6)))
		if strong <= soft {
			t.Errorf("%s: opacity 0.6 moved pixels %d levels, not more than opacity 0.05 (%d)", name, strong, soft)
		}
	}
	sparse, _ := diff(plain, raster(slide(th, "dots", 0.5, 0)))
	dense, _ := diff(plain, raster(slide(th, "dots", 2, 0)))
	if dense <= sparse {
		t.Errorf("dots at density 2 changed %d pixels, not more than at 0.5 (%d)", dense, sparse)
	}
}

func TestPatternEdgeCases(t *testing.T) {
	th, _ := ThemeByName("classic")
	plain := raster(slide(th, "none", 1, 0))
	for _, p := range Patterns {
		c := canvas.New(slideW, slideH)
		ctx := canvas.NewContext(c)
		ctx.SetFillColor(th.Background)
		ctx.DrawPath(0, 0, canvas.Rectangle(slideW, slideH))
		// None of these may draw or panic.
		DrawPattern(ctx, p.Name, 0, slideH, unit, 1, 0, th.Text)
		DrawPattern(ctx, p.Name, slideW, -1, unit, 1, 0, th.Text)
		DrawPattern(ctx, p.Name, slideW, slideH, 0, 1, 0, th.Text)
		if changed, _ := diff(plain, raster(c)); changed != 0 {
			t.Errorf("%s drew %d pixels into an empty area", p.Name, changed)
		}
		// Odd density and opacity are clamped, not trusted.
		for _, d := range []float64{-1, 1e9, 0} {
			DrawPattern(ctx, p.Name, slideW, slideH, unit, d, 7, th.Text)
		}
	}
	// The context's style is restored afterwards.
	c := canvas.New(slideW, slideH)
	ctx := canvas.NewContext(c)
	ctx.SetFillColor(th.Accent)
	ctx.SetStrokeWidth(3)
	DrawPattern(ctx, "dots", slideW, slideH, unit, 1, 0, th.Text)
	if ctx.Style.Fill.Color != th.Accent || ctx.Style.StrokeWidth != 3 {
		t.Errorf("style after DrawPattern = %+v, want the caller's", ctx.Style)
	}
}

func TestPatternSubArea(t *testing.T) {
	// Drawn into an inset card, no pattern may spill outside it.
	th, _ := ThemeByName("midnight")
	for _, p := range Patterns {
		c := canvas.New(slideW, slideH)
		ctx := canvas.NewContext(c)
		ctx.SetFillColor(th.Background)
		ctx.DrawPath(0, 0, canvas.Rectangle(slideW, slideH))
		ctx.Push()
		ctx.Translate(slideW/4, slideH/4)
		DrawPattern(ctx, p.Name, slideW/2, slideH/2, unit, 1, 0.5, th.Text)
		ctx.Pop()
		img := raster(c)
		b := img.Bounds()
		// One px of anti-aliasing slack around the card.
		x0, x1 := b.Dx()/4-1, b.Dx()*3/4+1
		y0, y1 := b.Dy()/4-1, b.Dy()*3/4+1
		bg := th.Background
		for y := 0; y < b.Dy(); y++ {
			for x := 0; x < b.Dx(); x++ {
				if x >= x0 && x < x1 && y >= y0 && y < y1 {
					continue
				}
				if got := img.RGBAAt(x, y); got != bg {
					t.Errorf("%s: pixel (%d,%d) outside the area is %v", p.Name, x, y, got)
					goto next
				}
			}
		}
	next:
	}
}

func TestPatternDeterministic(t *testing.T) {
	th, _ := ThemeByName("paper")
	for _, name := range []string{"grain", "topography"} {
		var out [2]bytes.Buffer
		for i := range out {
			if err := writePDF(&out[i], th, name, 2); err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
			t.Errorf("%s: two renders differ", name)
		}
	}
}

// writePDF writes a PDF of n pages of the pattern.
func writePDF(w *bytes.Buffer, th Theme, pattern string, n int) error {
	p := pdf.New(w, slideW, slideH, &pdf.Options{Compress: true, SubsetFonts: true})
	for i := 0; i < n; i++ {
		if i > 0 {
			p.NewPage(slideW, slideH)
		}
		slide(th, pattern, 1, 0).RenderTo(p)
	}
	return p.Close()
}

func TestPatternPDFSmall(t *testing.T) {
	// 20 pages with any pattern stay small enough to post to LinkedIn
	// without a second thought.
	th, _ := ThemeByName("classic")
	for _, p := range Patterns {
		var buf bytes.Buffer
		if err := writePDF(&buf, th, p.Name, 20); err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if buf.Len() > 400<<10 {
			t.Errorf("%s: 20-page PDF is %d KB, want ≤ 400 KB", p.Name, buf.Len()>>10)
		}
	}
}

func BenchmarkPDF20(b *testing.B) {
	th, _ := ThemeByName("classic")
	for _, p := range Patterns {
		b.Run(p.Name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := writePDF(&buf, th, p.Name, 20); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len())/1024, "KB/pdf")
		})
	}
}

func BenchmarkRasterSlide(b *testing.B) {
	th, _ := ThemeByName("classic")
	for _, p := range Patterns {
		b.Run(p.Name, func(b *testing.B) {
			for b.Loop() {
				rasterizer.Draw(slide(th, p.Name, 1, 0), canvas.DPMM(1/px), canvas.DefaultColorSpace)
			}
		})
	}
}

// testFonts loads the bundled fonts from ../fonts.
func testFonts(t testing.TB) FontLoader {
	cache := map[string]*canvas.FontFamily{}
	return func(family string, bold bool) (*canvas.FontFamily, error) {
		key := fmt.Sprint(family, bold)
		if f, ok := cache[key]; ok {
			return f, nil
		}
		weight := "Regular"
		if bold {
			weight = "Bold"
		}
		files, _ := filepath.Glob(filepath.Join("..", "fonts", family, "*-"+weight+".*"))
		if len(files) == 0 {
			return nil, fmt.Errorf("no %s font for %s", weight, family)
		}
		f := canvas.NewFontFamily(family)
		style := canvas.FontRegular
		if bold {
			style = canvas.FontBold
		}
		if err := f.LoadFontFile(files[0], style); err != nil {
			return nil, err
		}
		cache[key] = f
		return f, nil
	}
}

func TestContactSheet(t *testing.T) {
	var buf bytes.Buffer
	if err := contactSheet(&buf, testFonts(t)); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("contact sheet is not a PNG: %v", err)
	}
	if img.Bounds().Dx() < 1000 || img.Bounds().Dy() < 1000 {
		t.Errorf("contact sheet is only %v", img.Bounds())
	}
	if err := contactSheet(&buf, func(string, bool) (*canvas.FontFamily, error) { return nil, os.ErrNotExist }); err == nil {
		t.Error("contactSheet succeeded without fonts")
	}
	if *previewDir != "" {
		writeFile(t, "contact-sheet.png", buf.Bytes())
	}
}

// TestPreview writes every pattern on three themes, with sample text, for
// review by eye: go test -run Preview -preview /tmp/patterns
func TestPreview(t *testing.T) {
	if *previewDir == "" {
		t.Skip("no -preview directory")
	}
	load := testFonts(t)
	for _, name := range []string{"classic", "midnight", "sunrise", "paper", "forest"} {
		th, _ := ThemeByName(name)
		for _, p := range Patterns {
			c := canvas.New(slideW/2, slideH/2)
			ctx := canvas.NewContext(c)
			if err := drawCard(ctx, load, th, p.Name, p.Name, 0, 0, slideW/2, slideH/2); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := png.Encode(&buf, rasterizer.Draw(c, canvas.DPMM(1/px), canvas.DefaultColorSpace)); err != nil {
				t.Fatal(err)
			}
			writeFile(t, p.Name+"-"+name+".png", buf.Bytes())
		}
	}
}

func writeFile(t *testing.T, name string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(*previewDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(*previewDir, name), b, 0o644); err != nil {
		t.Fatal(err)
	}
}
