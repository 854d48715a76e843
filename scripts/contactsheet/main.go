// SPDX-License-Identifier: MIT

// Command contactsheet draws the design system on three PNGs for the README
// and for review by eye: every template (cover and outros, then each
// template's text, image, grouped and image-only slides), every theme and
// every pattern, all rendered by the engine itself from the sample thread.
//
//	go run ./scripts/contactsheet -o docs/images
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/internal/atomicfile"
	"github.com/carouselstudio/carousel/render"
	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Sheet geometry in px.
const (
	thumbW = 240
	gap    = 16
	labelH = 26
	headH  = 34
)

var sheetBG = color.RGBA{0xe4, 0xe4, 0xe7, 0xff}

func main() {
	out := flag.String("o", "docs/images", "directory to write the template sheets, themes.png and patterns.png into")
	only := flag.String("only", "", "comma-separated templates to draw (for a quick look); only their sheets are written")
	per := flag.Int("rows", 100, "templates per sheet; more are split into numbered sheets")
	flag.Parse()
	if err := run(*out, *only, *per); err != nil {
		fmt.Fprintln(os.Stderr, "contactsheet:", err)
		os.Exit(1)
	}
}

// cell is one thumbnail: a rendered slide of a project and its label.
type cell struct {
	label string
	p     *carousel.Project
	slide int // 1-based rendered slide
}

// row is a labelled row of cells.
type row struct {
	title string
	cells []cell
}

func run(dir, only string, thumbs int) error {
	e, err := render.New(render.Options{})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("make %s: %w", dir, err)
	}
	ctx := context.Background()
	cat := e.Catalog()
	picked := map[string]bool{}
	for _, n := range strings.Split(only, ",") {
		if n != "" {
			picked[n] = true
		}
	}

	// Templates: a sheet per format and light or dark theme, a row per
	// template: its cover, three content slides and its outro.
	for _, f := range []struct{ name, file string }{{"linkedin-portrait", "portrait"}, {"story", "story"}} {
		for _, th := range []struct{ name, file string }{{"classic", "light"}, {"midnight", "dark"}} {
			var rows []row
			for _, t := range cat.Templates {
				if len(picked) > 0 && !picked[t.Name] {
					continue
				}
				p, err := project(ctx, e, carousel.Settings{Template: t.Name, Format: f.name, Theme: th.name})
				if err != nil {
					return err
				}
				n, err := count(ctx, e, p)
				if err != nil {
					return err
				}
				r := row{title: t.Name + ": " + t.Description}
				r.cells = append(r.cells, cell{"cover", p, 1})
				for _, pick := range []struct {
					label string
					post  string
					kind  carousel.SlideKind
				}{{"heading and list", "1003", carousel.SlideContent}, {"post with image", "1007", carousel.SlideContent}, {"one line", "1002", carousel.SlideContent}, {"grouped posts", "2001", carousel.SlideContent}} {
					k, err := find(ctx, e, p, pick.post, pick.kind)
					if err != nil {
						return err
					}
					r.cells = append(r.cells, cell{pick.label, p, k})
				}
				r.cells = append(r.cells, cell{"outro", p, n})
				rows = append(rows, r)
			}
			name := fmt.Sprintf("templates-%s-%s.png", f.file, th.file)
			for i := 0; i < len(rows); i += thumbs {
				part := name
				if thumbs < len(rows) {
					part = fmt.Sprintf("templates-%s-%s-%d.png", f.file, th.file, i/thumbs+1)
				}
				if err := sheet(ctx, e, filepath.Join(dir, part), rows[i:min(i+thumbs, len(rows))]); err != nil {
					return err
				}
			}
		}
	}
	if len(picked) > 0 {
		return nil
	}

	// Themes: the heading-and-list slide in every theme, five to a row.
	var themeCells []cell
	for _, th := range cat.Themes {
		p, err := project(ctx, e, carousel.Settings{Theme: th.Name, Template: "headline", Pattern: carousel.Pattern{Name: "dots", Density: 1, Opacity: 0.14}})
		if err != nil {
			return err
		}
		n, err := find(ctx, e, p, "1003", carousel.SlideContent)
		if err != nil {
			return err
		}
		themeCells = append(themeCells, cell{th.Name, p, n})
	}
	if err := sheet(ctx, e, filepath.Join(dir, "themes.png"), rowsOf("", themeCells, 5)); err != nil {
		return err
	}

	// Patterns: each on a light and a dark theme.
	var patCells []cell
	for i, pt := range cat.Patterns {
		th := []string{"classic", "midnight"}[i%2]
		p, err := project(ctx, e, carousel.Settings{Theme: th, Template: "big-statement", Pattern: carousel.Pattern{Name: pt.Name, Density: 1, Opacity: 0.16}})
		if err != nil {
			return err
		}
		n, err := find(ctx, e, p, "1002", carousel.SlideContent)
		if err != nil {
			return err
		}
		patCells = append(patCells, cell{pt.Name + " · " + th, p, n})
	}
	return sheet(ctx, e, filepath.Join(dir, "patterns.png"), rowsOf("", patCells, 5))
}

func rowsOf(title string, cells []cell, per int) []row {
	var rows []row
	for i := 0; i < len(cells); i += per {
		rows = append(rows, row{title: title, cells: cells[i:min(i+per, len(cells))]})
	}
	return rows
}

// project is the sample thread with a heading post and one-line posts and
// a post with only an image added, planned with the settings over the
// defaults (portrait, an outro).
func project(ctx context.Context, e *render.Engine, s carousel.Settings) (*carousel.Project, error) {
	p := carousel.SampleProject()
	th := &p.Thread
	var img *carousel.Media
	for _, post := range th.Posts {
		if len(post.Media) > 0 {
			img = &post.Media[0]
		}
	}
	line := func(id, text string) carousel.Post {
		return carousel.Post{ID: id, Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: text}}}}}
	}
	last := th.Posts[len(th.Posts)-1]
	th.Posts = append(th.Posts[:len(th.Posts)-1:len(th.Posts)-1],
		carousel.Post{ID: "2001", Blocks: []carousel.Block{{Type: carousel.Heading, Level: 2, Spans: []carousel.Span{{Text: "Three quick wins"}}}}},
		line("2002", "Cut the intro."), line("2003", "Put the number first."), line("2004", "End on a question."),
		carousel.Post{ID: "2005", Media: []carousel.Media{*img}}, last)
	if s.Format == "" {
		s.Format = p.Settings.Format
	}
	if s.Pattern.Name == "" {
		s.Pattern = p.Settings.Pattern
	}
	if s.CTA.Variant == 0 {
		s.CTA = p.Settings.CTA
	}
	p.Settings = s
	if _, err := e.Plan(ctx, p, true); err != nil {
		return nil, err
	}
	return p, nil
}

func count(ctx context.Context, e *render.Engine, p *carousel.Project) (int, error) {
	l, err := e.Layout(ctx, p)
	if err != nil {
		return 0, err
	}
	return len(l.Slides), nil
}

// find returns the first rendered slide that shows post on a slide of kind.
func find(ctx context.Context, e *render.Engine, p *carousel.Project, post string, kind carousel.SlideKind) (int, error) {
	l, err := e.Layout(ctx, p)
	if err != nil {
		return 0, err
	}
	for i, rs := range l.Slides {
		sl := p.Slides[rs.Source]
		if sl.Kind == kind && len(sl.Items) > 0 && sl.Items[0].Post == post && !rs.Continued {
			return i + 1, nil
		}
	}
	return 0, fmt.Errorf("no %s slide shows post %s", kind, post)
}

// sheet renders the cells' slides as thumbnails in labelled rows and
// writes the PNG through a temporary file.
func sheet(ctx context.Context, e *render.Engine, path string, rows []row) error {
	regular, err := face(goregular.TTF, 15)
	if err != nil {
		return err
	}
	bold, err := face(gobold.TTF, 17)
	if err != nil {
		return err
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r.cells))
	}
	thumbH := 0
	for _, r := range rows {
		for _, c := range r.cells {
			f, _ := carousel.FormatByName(c.p.Settings.Format)
			thumbH = max(thumbH, thumbW*f.Height/f.Width)
		}
	}
	W := gap + cols*(thumbW+gap)
	H := gap
	for _, r := range rows {
		if r.title != "" {
			H += headH
		}
		H += thumbH + labelH + gap
	}
	dst := image.NewRGBA(image.Rect(0, 0, W, H))
	draw.Draw(dst, dst.Bounds(), image.NewUniform(sheetBG), image.Point{}, draw.Src)
	y := gap
	for _, r := range rows {
		if r.title != "" {
			text(dst, bold, gap, y+20, r.title, W-2*gap)
			y += headH
		}
		for i, c := range r.cells {
			var b bytes.Buffer
			if err := e.Image(ctx, &b, c.p, c.slide, carousel.PNG); err != nil {
				return fmt.Errorf("render %s: %w", c.label, err)
			}
			img, err := png.Decode(&b)
			if err != nil {
				return fmt.Errorf("decode %s: %w", c.label, err)
			}
			x := gap + i*(thumbW+gap)
			h := img.Bounds().Dy() * thumbW / img.Bounds().Dx()
			top := y + (thumbH-h)/2
			xdraw.CatmullRom.Scale(dst, image.Rect(x, top, x+thumbW, top+h), img, img.Bounds(), draw.Src, nil)
			text(dst, regular, x, y+thumbH+18, c.label, thumbW)
		}
		y += thumbH + labelH + gap
	}
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := atomicfile.Write(path, func(w io.Writer) error { return enc.Encode(w, dst) }); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	fmt.Println("wrote", path)
	return nil
}

func face(ttf []byte, size float64) (font.Face, error) {
	f, err := opentype.Parse(ttf)
	if err != nil {
		return nil, fmt.Errorf("parse label font: %w", err)
	}
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingFull})
}

// text draws s with its baseline at y, cut with an ellipsis to maxW.
func text(dst draw.Image, f font.Face, x, y int, s string, maxW int) {
	d := &font.Drawer{Dst: dst, Src: image.NewUniform(color.RGBA{0x27, 0x27, 0x2a, 0xff}), Face: f, Dot: fixed.P(x, y)}
	rs := []rune(s)
	for len(rs) > 1 && d.MeasureString(string(rs)).Ceil() > maxW {
		rs = append(rs[:len(rs)-2], '…')
	}
	d.DrawString(string(rs))
}
