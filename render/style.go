// SPDX-License-Identifier: MIT

package render

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render/design"
	"github.com/tdewolff/canvas"
	xdraw "golang.org/x/image/draw"
)

// slideCtx is the context one slide is laid out and drawn with: the
// carousel's, with the slide's style (SlideStyle) over it. Without a style
// it is pc itself.
//
// Template and Theme replace the carousel's; the slide's Colors go over the
// slide's theme (over the carousel's custom colours when the theme is the
// carousel's); Background replaces the carousel's background; TextScale
// multiplies the title and body sizes (the header and footer keep theirs);
// Align sets the text alignment of the template's content; HideBands drops
// the header and footer.
func (e *Engine) slideCtx(pc *projectCtx, st *carousel.SlideStyle) *projectCtx {
	if st == nil || *st == (carousel.SlideStyle{}) {
		return pc
	}
	c := *pc
	c.warns = nil
	if t, ok := templateByName(st.Template); ok {
		c.tpl = t
	}
	s := &pc.p.Settings
	if th, ok := design.ThemeByName(st.Theme); ok && st.Theme != "" {
		c.theme, c.warns = design.Resolve(th, st.Colors)
	} else if st.Colors != nil {
		base := s.Theme
		if base == "" {
			base = defaultTheme
		}
		th, _ := design.ThemeByName(base)
		c.theme, c.warns = design.Resolve(th, mergeColors(s.Colors, st.Colors))
	}
	if st.Background != nil {
		c.background = st.Background
		c.warns = append(c.warns, backgroundWarnings(c.theme, st.Background, "slide's background")...)
	}
	if k := st.TextScale; k > 0 {
		c.typo.TitleSize *= k
		c.typo.BodySize *= k
	}
	if st.Align != "" {
		c.align = st.Align
	}
	if st.HideBands {
		c.brand.Header, c.brand.Footer = nil, nil
	}
	c.resolveFonts()
	return &c
}

// checkSlideStyles checks the template and theme names of the slides'
// styles, which only the engine knows.
func checkSlideStyles(p *carousel.Project) error {
	for i, sl := range p.Slides {
		st := sl.Style
		if st == nil {
			continue
		}
		if _, ok := templateByName(st.Template); st.Template != "" && !ok {
			return carousel.FieldError(fmt.Sprintf("slides[%d].style.template", i), "unknown template %q (see carousel list templates)", st.Template)
		}
		if _, ok := design.ThemeByName(st.Theme); st.Theme != "" && !ok {
			return carousel.FieldError(fmt.Sprintf("slides[%d].style.theme", i), "unknown theme %q (see carousel list themes)", st.Theme)
		}
	}
	return nil
}

// mergeColors lays the fields set in over on top of base.
func mergeColors(base, over *carousel.Colors) *carousel.Colors {
	var m carousel.Colors
	if base != nil {
		m = *base
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&m.Background, over.Background)
	set(&m.Text, over.Text)
	set(&m.Accent, over.Accent)
	set(&m.Muted, over.Muted)
	return &m
}

// resolveFonts picks the title and body families: the typography's choice,
// then the template's, then the theme's.
func (pc *projectCtx) resolveFonts() {
	d := pc.tpl.Design()
	pick := func(user, tpl, theme string) fontFamily {
		for _, id := range []string{user, tpl, theme} {
			if id == "" {
				continue
			}
			if f, ok := pc.userFonts[id]; ok {
				return f
			}
			if f, ok := familyByID(id); ok {
				return f
			}
		}
		return fontFamilies[0]
	}
	pc.titleFam = pick(pc.typo.TitleFont, d.TitleFont, pc.theme.TitleFont)
	pc.bodyFam = pick(pc.typo.BodyFont, d.BodyFont, pc.theme.BodyFont)
}

// pageCtx is the context a page is drawn with: its slide's, with the
// template's palette for the page (an accent page, a photo page).
func (e *Engine) pageCtx(pc *projectCtx, pg *page) *projectCtx {
	if pg.Source >= 0 && pg.Source < len(pc.p.Slides) {
		pc = e.slideCtx(pc, pc.p.Slides[pg.Source].Style)
	}
	switch pc.tpl.Design().palette(pc, pg) {
	case paletteAccent:
		c := *pc
		c.theme = accentTheme(pc.theme)
		c.background = nil
		return &c
	case palettePhoto:
		c := *pc
		c.theme = photoTheme(pc.theme)
		return &c
	}
	return pc
}

// Page palettes.
const (
	paletteBase   = iota
	paletteAccent // the accent colour as the background
	palettePhoto  // light text on a dimmed full-bleed picture
)

// accentTheme sets the page on the accent colour: text in the theme's
// text-on-accent colour, muted text a blend that still reads at 4.5:1.
func accentTheme(t theme) theme {
	a := t
	a.Background = t.Accent
	a.Text = t.AccentText
	a.Muted = t.AccentText
	for _, k := range []float64{0.35, 0.25, 0.15} {
		if m := mix(t.AccentText, t.Accent, k); design.Contrast(m, t.Accent) >= design.MinTextContrast {
			a.Muted = m
			break
		}
	}
	// The accent on an accent page is the paper colour, when it reads.
	a.Accent = t.AccentText
	if design.Contrast(t.Background, t.Accent) >= design.MinLargeContrast {
		a.Accent = t.Background
	}
	a.AccentText = t.Accent
	if design.Contrast(a.AccentText, a.Accent) < design.MinTextContrast {
		a.AccentText = t.Text
	}
	return a
}

// photoTheme is white type over a dark scrim; the accent stays when it
// reads on near-black.
func photoTheme(t theme) theme {
	p := t
	p.Background = color.RGBA{0x0b, 0x0b, 0x0c, 0xff}
	p.Text = color.RGBA{0xff, 0xff, 0xff, 0xff}
	p.Muted = color.RGBA{0xe2, 0xe2, 0xe2, 0xff}
	if design.Contrast(t.Accent, p.Background) < 4.5 {
		p.Accent = p.Text
		p.AccentText = p.Background
	} else if design.Contrast(t.AccentText, t.Accent) < 4.5 {
		p.AccentText = p.Background
	}
	return p
}

// themeBackground is the background the carousel is drawn on by default:
// the settings', or the template's own.
func (pc *projectCtx) pageBackground(pg *page) *carousel.Background {
	if pc.background != nil {
		return pc.background
	}
	return pc.tpl.Design().background(pc, pg)
}

// drawBackground fills the slide: a solid colour, a gradient, or a picture
// under a scrim of the theme's background colour.
func (m *painter) drawBackground(pg *page) {
	pc := m.pc
	th := pc.theme
	bg := pc.pageBackground(pg)
	full := canvas.Rectangle(pc.W, pc.H)
	m.ctx.SetStrokeColor(canvas.Transparent)
	if bg == nil {
		m.ctx.SetFillColor(th.Background)
		m.ctx.DrawPath(0, 0, full)
		return
	}
	switch bg.Kind {
	case carousel.BackgroundSolid:
		c, err := design.ParseHex(bg.Colors[0])
		if err != nil {
			c = th.Background
		}
		m.ctx.SetFillColor(c)
		m.ctx.DrawPath(0, 0, full)
	case carousel.BackgroundGradient:
		m.drawGradient(bg, th.Background)
	case carousel.BackgroundImage:
		m.ctx.SetFillColor(th.Background)
		m.ctx.DrawPath(0, 0, full)
		li := m.e.image(m.goctx, bg.Image)
		if li.err != nil {
			m.imageWarn(bg.Image, li.err, "")
			return
		}
		m.drawCover(bg.Image, li.img, rect{0, 0, pc.W, pc.H}, bg.Focus)
		if bg.Scrim > 0 {
			m.fillRect(rect{0, 0, pc.W, pc.H}, translucent(th.Background, bg.Scrim), 0)
		}
	}
}

// drawGradient fills the slide with a CSS-like linear gradient: angle 0
// runs from the bottom up, 90 from left to right. Each pair of stops fills
// its own band of the slide with a two-stop gradient: this canvas version
// cannot write PDF gradients of more than two stops.
func (m *painter) drawGradient(bg *carousel.Background, fallback color.RGBA) {
	w, h := m.pc.W, m.pc.H
	a := bg.Angle * math.Pi / 180
	dx, dy := math.Sin(a), math.Cos(a) // direction, y up
	// The gradient line's half length reaches the corners, as in CSS.
	half := (math.Abs(w*dx) + math.Abs(h*dy)) / 2
	cx, cy := w/2, h/2
	at := func(t float64) canvas.Point {
		return canvas.Point{X: cx + dx*half*(2*t-1), Y: cy + dy*half*(2*t-1)}
	}
	var cols []color.RGBA
	for _, s := range bg.Colors {
		c, err := design.ParseHex(s)
		if err != nil {
			c = fallback
		}
		cols = append(cols, c)
	}
	if len(cols) == 1 {
		cols = append(cols, cols[0])
	}
	n := len(cols) - 1
	corners := []canvas.Point{{X: 0, Y: 0}, {X: w, Y: 0}, {X: w, Y: h}, {X: 0, Y: h}}
	for i := range n {
		t0, t1 := float64(i)/float64(n), float64(i+1)/float64(n)
		p0, p1 := at(t0), at(t1)
		g := canvas.NewLinearGradient(p0, p1)
		g.Add(0, cols[i])
		g.Add(1, cols[i+1])
		// The slide's part between the two stops' lines (the first and last
		// bands run out to the edges).
		poly := corners
		if i > 0 {
			// A pixel of overlap hides the seam between bands.
			poly = clipHalf(poly, canvas.Point{X: p0.X - dx*pxMM, Y: p0.Y - dy*pxMM}, canvas.Point{X: dx, Y: dy})
		}
		if i < n-1 {
			poly = clipHalf(poly, p1, canvas.Point{X: -dx, Y: -dy})
		}
		if len(poly) < 3 {
			continue
		}
		path := &canvas.Path{}
		path.MoveTo(poly[0].X, poly[0].Y)
		for _, q := range poly[1:] {
			path.LineTo(q.X, q.Y)
		}
		path.Close()
		m.ctx.SetFillGradient(g)
		m.ctx.SetStrokeColor(canvas.Transparent)
		m.ctx.DrawPath(0, 0, path)
	}
	m.ctx.SetFillColor(fallback)
}

// clipHalf keeps the part of a convex polygon on the side of the line
// through p that normal n points into (Sutherland–Hodgman, one edge).
func clipHalf(poly []canvas.Point, p, n canvas.Point) []canvas.Point {
	side := func(q canvas.Point) float64 { return (q.X-p.X)*n.X + (q.Y-p.Y)*n.Y }
	var out []canvas.Point
	for i, a := range poly {
		b := poly[(i+1)%len(poly)]
		sa, sb := side(a), side(b)
		if sa >= 0 {
			out = append(out, a)
		}
		if (sa >= 0) != (sb >= 0) {
			t := sa / (sa - sb)
			out = append(out, canvas.Point{X: a.X + (b.X-a.X)*t, Y: a.Y + (b.Y-a.Y)*t})
		}
	}
	return out
}

// translucent is c at opacity a, premultiplied as color.RGBA wants.
func translucent(c color.RGBA, a float64) color.RGBA {
	a = math.Max(0, math.Min(1, a))
	f := func(v uint8) uint8 { return uint8(math.Round(float64(v) * a)) }
	return color.RGBA{f(c.R), f(c.G), f(c.B), uint8(math.Round(255 * a))}
}

// drawCover draws img to cover r, cropped around focus (nil: the centre),
// with no rounding: a full-bleed picture.
func (m *painter) drawCover(ref string, img image.Image, r rect, focus *carousel.Focus) {
	snap := func(v float64) float64 { return math.Round(v/pxMM) * pxMM }
	r = rect{snap(r.x0), snap(r.y0), snap(r.x1), snap(r.y1)}
	pw, ph := max(1, int(math.Round(r.w()/pxMM))), max(1, int(math.Round(r.h()/pxMM)))
	fx, fy := 0.5, 0.5
	if focus != nil {
		fx, fy = focus.X, focus.Y
	}
	key := fmt.Sprintf("cover|%s|%d|%d|%.3f|%.3f", ref, pw, ph, fx, fy)
	var out *image.RGBA
	if v, ok := m.e.fitted.get(key); ok {
		out = v.(*image.RGBA)
	} else {
		out = coverImage(img, pw, ph, fx, fy)
		m.e.fitted.put(key, out)
	}
	m.ctx.Push()
	m.ctx.SetFillColor(m.pc.theme.Background) // keeps the PDF's opacity state right (see drawImage)
	m.ctx.DrawPath(r.x0, m.pc.H-r.y1, canvas.Rectangle(0.05, 0.05))
	m.ctx.Pop()
	m.ctx.RenderImage(out, canvas.Identity.Translate(r.x0, m.pc.H-r.y1).Scale(r.w()/float64(pw), r.h()/float64(ph)))
}

// coverImage scales src to cover w×h pixels, keeping the focus point (as
// fractions of src) as near the middle as the edges allow.
func coverImage(src image.Image, w, h int, fx, fy float64) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sb := src.Bounds()
	sw, sh := float64(sb.Dx()), float64(sb.Dy())
	k := math.Max(float64(w)/sw, float64(h)/sh)
	cw, ch := float64(w)/k, float64(h)/k
	x0 := math.Max(0, math.Min(sw-cw, fx*sw-cw/2))
	y0 := math.Max(0, math.Min(sh-ch, fy*sh-ch/2))
	sr := image.Rect(sb.Min.X+int(math.Round(x0)), sb.Min.Y+int(math.Round(y0)), sb.Min.X+int(math.Round(x0+cw)), sb.Min.Y+int(math.Round(y0+ch)))
	xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), src, sr, draw.Src, nil)
	return dst
}

// readableOn reports the WCAG contrast warnings of text on a background:
// a gradient's every stop, or a solid colour.
func backgroundWarnings(th theme, bg *carousel.Background, where string) []carousel.Warning {
	if bg == nil || bg.Kind == carousel.BackgroundImage {
		return nil
	}
	var warns []carousel.Warning
	for _, s := range bg.Colors {
		c, err := design.ParseHex(s)
		if err != nil {
			continue
		}
		for _, fg := range []struct {
			name string
			c    color.RGBA
		}{{"text", th.Text}, {"muted", th.Muted}} {
			if r := design.Contrast(fg.c, c); r < design.MinTextContrast {
				warns = append(warns, carousel.Warning{Code: carousel.WarnContrast, Message: fmt.Sprintf(
					"The %s colour %s on the %s colour %s has a contrast of %.1f:1, below the %.1f:1 that text needs to be easy to read.",
					fg.name, design.Hex(fg.c), where, design.Hex(c), r, design.MinTextContrast)})
			}
		}
	}
	return warns
}

// RenderPath gives the rasterizer gradients in its own terms: it reads a
// gradient's points as pixels from the top left, while the scene (like the
// PDF and SVG writers) gives them in mm from the bottom left.
func (r pixelImages) RenderPath(path *canvas.Path, style canvas.Style, m canvas.Matrix) {
	if g, ok := style.Fill.Gradient.(*canvas.LinearGradient); ok && style.Fill.IsGradient() {
		k := rasterDPMM.DPMM()
		h := float64(r.dst.Bounds().Dy())
		start, end := m.Dot(g.Start), m.Dot(g.End)
		ng := canvas.NewLinearGradient(canvas.Point{X: start.X * k, Y: h - start.Y*k}, canvas.Point{X: end.X * k, Y: h - end.Y*k})
		ng.Stops = g.Stops
		style.Fill.Gradient = ng
	}
	r.Rasterizer.RenderPath(path, style, m)
}
