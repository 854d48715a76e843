// SPDX-License-Identifier: MIT

package render

import (
	"image/color"
	"math"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render/design"
	"github.com/tdewolff/canvas"
)

// Element kinds of the templates' devices that move with the content.
const (
	elemRule      = "rule"      // a short accent bar
	elemNumeral   = "numeral"   // a large accent figure: a drop number or a statistic
	elemKicker    = "kicker"    // a small spaced label in capitals
	elemQuoteMark = "quotemark" // a large opening quotation mark
)

// Roles of the devices' text.
const (
	roleDrop   = "drop"   // editorial's drop number
	roleFigure = "figure" // big-number's statistic
	roleQuoted = "quoted" // quote-led's words, in the title face
)

// grow damps a scale above 1 by g: titles grow less than body text when a
// short slide is set larger, so the hierarchy holds.
func grow(s, g float64) float64 {
	if s <= 1 {
		return s
	}
	return 1 + (s-1)*g
}

// display is grow for display type (titles, headings, big figures): below
// scale 1 it shrinks faster than body text, so a slide too full for its
// sizes gives up headline size before the body loses legibility.
func display(s, g float64) float64 {
	if s >= 1 {
		return grow(s, g)
	}
	return math.Pow(s, 1.5)
}

// alignedX is where a block w wide starts in [x0, x0+width] for an alignment.
func alignedX(x0, width, w float64, align canvas.TextAlign) float64 {
	switch align {
	case canvas.Center:
		return x0 + (width-w)/2
	case canvas.Right:
		return x0 + width - w
	}
	return x0
}

// contentAlign is the alignment of the page's content.
func (m *painter) contentAlign() canvas.TextAlign {
	switch m.pc.align {
	case "left":
		return canvas.Left
	case "center":
		return canvas.Center
	case "right":
		return canvas.Right
	}
	if m.kind == carousel.SlideOutro {
		return canvas.Center
	}
	return m.pc.tpl.Design().Align
}

func (m *painter) prepareRule(el elem, s, width float64) prepared {
	u := m.u()
	w, h := 44*u*grow(s, 0.5), 5*u*grow(s, 0.5)
	align := m.contentAlign()
	if el.Center {
		align = canvas.Center
	}
	return prepared{h: h, draw: func(x, top float64) {
		x = alignedX(x, width, w, align)
		m.fillRect(rect{x, top, x + w, top + h}, m.pc.theme.Accent, h/2)
	}}
}

func (m *painter) numeralStyle(el elem, s float64) textStyle {
	pc := m.pc
	size := pc.typo.TitleSize * 2.4
	if el.Role == roleDrop {
		size = pc.typo.TitleSize * 1.5
	}
	// On short slides (square, landscape) the figure takes no more than a
	// sixth of the height, so that the words keep their room.
	mm := math.Min(size*m.u()*display(s, 0.4), pc.content.h()*0.16*math.Min(s, 1.2))
	st := textStyle{family: pc.titleFam, size: mm, color: pc.theme.Accent, accent: pc.theme.Accent, bold: el.Role != roleDrop, heavy: el.Role != roleDrop, stretch: -0.12, align: m.contentAlign()}
	return st
}

func (m *painter) prepareNumeral(el elem, s, width float64) prepared {
	st := m.numeralStyle(el, s)
	t, _ := m.b.build(el.Block.Spans, st).layout(width, 0, st)
	// Figures have no descenders: trim the line box's bottom so the gap
	// below looks like the gap above.
	h := t.Height * 0.86
	return prepared{h: h, draw: func(x, top float64) { m.drawText(t, x, top) }}
}

func (m *painter) prepareKicker(el elem, s, width float64) prepared {
	pc := m.pc
	st := textStyle{family: pc.bodyFam, size: pc.typo.HeaderSize * 1.05 * m.u() * grow(s, 0.3), color: pc.theme.Accent, accent: pc.theme.Accent, bold: true, align: m.contentAlign()}
	spans := spaced(el.Block.Spans)
	t, _ := m.b.build(spans, st).layout(width, 0, st)
	return prepared{h: t.Height, draw: func(x, top float64) { m.drawText(t, x, top) }}
}

// spaced letterspaces capitals with thin spaces, as small caps labels are.
func spaced(spans []carousel.Span) []carousel.Span {
	out := make([]carousel.Span, len(spans))
	for i, sp := range spans {
		var b []rune
		for j, r := range []rune(sp.Text) {
			if j > 0 {
				b = append(b, '\u2009')
			}
			b = append(b, r)
		}
		sp.Text = string(b)
		out[i] = sp
	}
	return out
}

func (m *painter) prepareQuoteMark(s, width float64) prepared {
	pc := m.pc
	size := math.Min(pc.typo.TitleSize*3*m.u()*display(s, 0.4), pc.content.h()*0.3)
	st := textStyle{family: pc.titleFam, size: size, color: pc.theme.Accent, accent: pc.theme.Accent, bold: true, align: m.contentAlign()}
	t, _ := m.b.build([]carousel.Span{{Text: "\u201C"}}, st).layout(width, 0, st)
	// The mark sits in the top half of its line box: keep only that.
	h := t.Height * 0.5
	return prepared{h: h, draw: func(x, top float64) { m.drawText(t, x, top-t.Height*0.06) }}
}

// progressTrack draws a thin track with the slide's place along the top of
// the content, for numbered steps.
func (m *painter) progressTrack(pg *page) {
	pc, u := m.pc, m.u()
	if pg.Total <= 1 {
		return
	}
	c := pc.content
	y := c.y0 - 9*u
	h := 3 * u
	m.fillRect(rect{c.x0, y, c.x1, y + h}, mix(pc.theme.Background, pc.theme.Muted, 0.22), h/2)
	f := float64(pg.Number) / float64(pg.Total)
	m.fillRect(rect{c.x0, y, c.x0 + c.w()*f, y + h}, pc.theme.Accent, h/2)
}

// splitBlock fills the split layout's side with the accent colour, out to
// the slide's edges, when it holds text.
func (m *painter) splitBlock(pg *page) {
	box := m.sideBox(pg)
	if box == (rect{}) || pg.Side[0].Kind != elemText {
		return
	}
	pc := m.pc
	gap := m.splitGap()
	var r rect
	if pc.landscape() {
		r = rect{0, 0, box.x1 + gap/2, pc.H}
	} else {
		r = rect{0, 0, pc.W, box.y1 + gap/2}
	}
	m.fillRect(r, pc.theme.Accent, 0)
}

// editorialRules draws hairlines under the header and over the footer.
func (m *painter) editorialRules(pg *page) {
	pc, u := m.pc, m.u()
	col := mix(pc.theme.Background, pc.theme.Text, 0.55)
	t := math.Max(0.6*u, pxMM*1.5)
	y0 := pc.header.y1 + 6*u
	y1 := pc.footer.y0 - 6*u
	m.fillRect(rect{pc.content.x0, y0, pc.content.x1, y0 + t}, col, 0)
	m.fillRect(rect{pc.content.x0, y1 - t, pc.content.x1, y1}, col, 0)
}

// notebookPaper draws a dot grid and a margin line.
func (m *painter) notebookPaper(pg *page) {
	pc, u := m.pc, m.u()
	th := pc.theme
	dot := mix(th.Background, th.Muted, 0.4)
	step := 16 * u
	r := 0.9 * u
	m.ctx.SetFillColor(dot)
	m.ctx.SetStrokeColor(canvas.Transparent)
	dots := &canvas.Path{}
	for y := step; y < pc.H; y += step {
		for x := step; x < pc.W; x += step {
			dots = dots.Append(circle(r).Translate(x, pc.H-y))
		}
	}
	m.ctx.DrawPath(0, 0, dots)
	x := pc.content.x0 - 9*u
	line := mix(th.Background, th.Accent, 0.55)
	m.fillRect(rect{x, 0, x + 1.2*u, pc.H}, line, 0)
}

// gradientDiscs draws two large translucent accent discs at the corners.
func (m *painter) gradientDiscs(pg *page) {
	pc := m.pc
	if pc.background != nil || pg.Backdrop != nil {
		return // the user's own background stands alone
	}
	th := pc.theme
	c1 := mix(th.Background, th.Accent, 0.16)
	c2 := mix(th.Background, th.Accent, 0.10)
	if pg.Kind == carousel.SlideCover {
		c1 = mix(th.Background, th.Accent, 0.22)
	}
	m.fillCircle(pc.W*0.98, pc.H*0.04, pc.W*0.42, c1)
	m.fillCircle(pc.W*0.02, pc.H*1.0, pc.W*0.32, c2)
}

// themeGradient is the gradient template's background: the theme's
// background deepening towards its accent, as far as text still reads.
func themeGradient(th theme, kind carousel.SlideKind) *carousel.Background {
	angle := 160.0
	if kind == carousel.SlideCover {
		angle = 200
	}
	for _, t := range []float64{0.34, 0.26, 0.18, 0.1} {
		end := mix(th.Background, th.Accent, t)
		mid := mix(th.Background, th.Accent, t*0.4)
		if design.Contrast(th.Text, end) >= design.MinTextContrast && design.Contrast(th.Muted, end) >= design.MinTextContrast &&
			design.Contrast(th.Accent, end) >= design.MinLargeContrast {
			return &carousel.Background{Kind: carousel.BackgroundGradient, Angle: angle, Colors: []string{design.Hex(th.Background), design.Hex(mid), design.Hex(end)}}
		}
	}
	return nil
}

// drawCard draws the post card's surface around the block.
func (m *painter) drawCard(block rect) {
	pc, u := m.pc, m.u()
	th := pc.theme
	p := cardPad * u
	r := rect{block.x0 - p, block.y0 - p, block.x1 + p, block.y1 + p}
	surface := mix(th.Background, th.Text, 0.035)
	edge := mix(th.Background, th.Text, 0.12)
	rad := math.Max(th.Radius, 8) * u
	m.fillRect(rect{r.x0, r.y0 + 2*u, r.x1, r.y1 + 2*u}, mix(th.Background, th.Text, 0.06), rad) // a soft drop
	m.fillRect(r, surface, rad)
	m.strokeRect(r, edge, 0.8*u, rad)
}

// drawBackdrop fills the slide with a picture and dims it so that white
// type reads: a light veil over all of it, deepening towards the bottom
// where the text sits, and at the top under the header.
func (m *painter) drawBackdrop(pg *page) {
	pc := m.pc
	md := pg.Backdrop
	li := m.e.image(m.goctx, md.Src)
	if li.err != nil {
		m.imageWarn(md.Src, li.err, "")
		return
	}
	m.drawCover(md.Src, li.img, rect{0, 0, pc.W, pc.H}, md.Focus)
	black := color.RGBA{0, 0, 0, 255}
	m.fillRect(rect{0, 0, pc.W, pc.H}, translucent(black, 0.28), 0)
	// Translucent strips on the pixel grid make a smooth scrim in every
	// output (PDF gradients cannot carry alpha in this canvas version).
	const steps = 48
	from := pc.H * 0.28
	if pg.Kind == carousel.SlideCover {
		from = pc.H * 0.1
	}
	snap := func(v float64) float64 { return math.Round(v/pxMM) * pxMM }
	for i := range steps {
		y0, y1 := snap(from+(pc.H-from)*float64(i)/steps), snap(from+(pc.H-from)*float64(i+1)/steps)
		t := (float64(i) + 0.5) / steps
		m.fillRect(rect{0, y0, pc.W, y1}, translucent(black, 0.74*t*t*(3-2*t)), 0)
	}
	top := pc.header.y1 + 12*m.u()
	for i := range 12 {
		y0, y1 := snap(top*float64(i)/12), snap(top*float64(i+1)/12)
		m.fillRect(rect{0, y0, pc.W, y1}, translucent(black, 0.4*(1-float64(i)/12)), 0)
	}
}

// drawCheck draws a ticked box, size d, with its top-left at (x, top).
// numberBullets numbers the items of each run of bullets 1, 2, 3, for
// templates that set list markers as numerals.
func numberBullets(els []elem) []elem {
	n := 0
	for i := range els {
		b := &els[i].Block
		if els[i].Kind != elemText || !isList(b.Type) {
			n = 0
			continue
		}
		if els[i].Cont {
			continue
		}
		n++
		if b.Type == carousel.Bullet {
			b.Number = n
		}
	}
	return els
}

func (m *painter) drawCheck(x, top, d float64) {
	th := m.pc.theme
	m.fillRect(rect{x, top, x + d, top + d}, th.Accent, d*0.26)
	p := &canvas.Path{}
	p.MoveTo(0.24*d, -0.52*d)
	p.LineTo(0.43*d, -0.70*d)
	p.LineTo(0.78*d, -0.32*d)
	m.ctx.Push()
	m.ctx.SetFillColor(canvas.Transparent)
	m.ctx.SetStrokeColor(th.AccentText)
	m.ctx.SetStrokeWidth(d * 0.13)
	m.ctx.SetStrokeCapper(canvas.RoundCap)
	m.ctx.SetStrokeJoiner(canvas.RoundJoin)
	m.ctx.DrawPath(x, m.pc.H-top, p)
	m.ctx.Pop()
}

// markColor is the highlighter colour behind marked text: a tint of the
// accent in which the text still reads at 4.5:1.
func markColor(th theme) color.RGBA {
	for _, t := range []float64{0.42, 0.34, 0.26, 0.18, 0.12} {
		c := mix(th.Background, th.Accent, t)
		if design.Contrast(th.Text, c) >= design.MinTextContrast {
			return c
		}
	}
	return mix(th.Background, th.Accent, 0.08)
}

// imageFrame draws an accent-tinted block behind a picture, offset down
// and to the right: a mat that frames it.
func (m *painter) imageFrame(box rect, radius float64) {
	k := 7 * m.u()
	th := m.pc.theme
	m.fillRect(rect{box.x0 + k, box.y0 + k, box.x1 + k, box.y1 + k}, mix(th.Background, th.Accent, 0.28), radius)
}
