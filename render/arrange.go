// SPDX-License-Identifier: MIT

package render

import (
	"math"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
)

// landscape says whether the slide is wider than tall: the split layout
// then goes side by side.
func (pc *projectCtx) landscape() bool { return pc.W > pc.H*1.2 }

// splitGap is the room between the split layout's side and its text.
func (m *painter) splitGap() float64 {
	if m.pc.landscape() {
		return 32 * m.u()
	}
	return 24 * m.u()
}

// sideMax is the largest box the split layout's side may take.
func (m *painter) sideMax(pg *page) rect {
	c := m.pc.content
	if m.pc.landscape() {
		w := (c.w() - m.splitGap()) / 2
		if len(pg.Side) > 0 && pg.Side[0].Fill {
			w = c.w() * 0.6 // image focus: the picture first
		}
		return rect{c.x0, c.y0, c.x0 + w, c.y1}
	}
	return rect{c.x0, c.y0, c.x1, c.y0 + c.h()*0.45}
}

// sideBox is the box of a split page's side; the zero rect when the page
// has none.
func (m *painter) sideBox(pg *page) rect {
	if pg.Layout != layoutSplit || pg.Continued || len(pg.Side) == 0 {
		return rect{}
	}
	r := m.sideMax(pg)
	if pg.Side[0].Kind == elemBadge {
		r.x1 = r.x0 + 72*m.u()
		return r
	}
	if m.pc.landscape() || pg.Side[0].Kind == elemImage {
		return r
	}
	r.y1 = r.y0 + m.height(pg.Side, pg.SideScale, r.w())
	return r
}

// textBox is the box a page's text flows in: the layout's, narrowed by
// the template.
func (m *painter) textBox(pg *page) rect {
	r := m.layoutBox(pg)
	if f := m.pc.tpl.Design().Box; f != nil {
		r = f(m, pg, r)
	}
	return r
}

// layoutBox is the box a page's text flows in for its layout.
func (m *painter) layoutBox(pg *page) rect {
	c := m.pc.content
	if pg.Kind == carousel.SlideOutro && m.pc.landscape() {
		return rect{m.outroSide().x1 + m.splitGap(), c.y0, c.x1, c.y1}
	}
	side := m.sideBox(pg)
	if side == (rect{}) {
		return c
	}
	if m.pc.landscape() {
		return rect{side.x1 + m.splitGap(), c.y0, c.x1, c.y1}
	}
	return rect{c.x0, side.y1 + m.splitGap(), c.x1, c.y1}
}

// sideScale is the largest scale, down to one half, at which the side's
// text fits its box.
func (m *painter) sideScale(pg *page) float64 {
	r := m.sideMax(pg)
	fits := func(s float64) bool {
		m.overflow = false
		return m.height(pg.Side, s, r.w()) <= r.h()+1e-6 && !m.overflow
	}
	if pg.Side[0].Kind != elemText || fits(1) {
		return 1
	}
	lo, hi := 0.5, 1.0
	for range 7 {
		if mid := (lo + hi) / 2; fits(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// drawSide draws the split layout's side: an image filling its box, or
// text centred in it with an accent rule.
func (m *painter) drawSide(pg *page) {
	box := m.sideBox(pg)
	if box == (rect{}) {
		return
	}
	s := pg.SideScale
	if pg.Side[0].Kind == elemBadge {
		m.prepare(pg.Side[0], s, box.w(), 0).draw(box.x0, box.y0)
		return
	}
	if pg.Side[0].Kind == elemImage {
		el := pg.Side[0]
		p := m.prepare(el, s, box.w(), 0)
		if el.Crop {
			li := m.e.image(m.goctx, el.Media.Src)
			if li.err != nil {
				m.imageWarn(el.Media.Src, li.err, el.Post)
			}
			m.drawCropped(el.Media, li, box, 0.6, 1.65)
			return
		}
		p.draw(box.x0, box.y0)
		return
	}
	if _, ok := m.pc.tpl.(split); ok {
		// The text side stands on the accent block: draw it in the
		// block's palette.
		saved := m.pc
		ac := *saved
		ac.theme = accentTheme(saved.theme)
		m.pc = &ac
		defer func() { m.pc = saved }()
	}
	h := m.height(pg.Side, s, box.w())
	y := box.y0
	if m.pc.landscape() {
		y += (box.h() - h) / 2
	}
	for i, el := range pg.Side {
		if i > 0 {
			y += m.gap(pg.Side[i-1], el, s)
		}
		p := m.prepare(el, s, box.w(), 0)
		p.draw(box.x0, y)
		y += p.h
	}
	u := m.u()
	if _, ok := m.pc.tpl.(split); ok {
		return // the block's edge divides them
	}
	if m.pc.landscape() {
		// A thin accent rule between the headline and the text.
		x := box.x1 + m.splitGap()/2 - 1*u
		m.fillRect(rect{x, box.y0 + box.h()*0.2, x + 2*u, box.y1 - box.h()*0.2}, m.pc.theme.Accent, 1*u)
		return
	}
	m.fillRect(rect{box.x0, box.y1 + m.splitGap()/2 - 1.5*u, box.x0 + 48*u, box.y1 + m.splitGap()/2 + 1.5*u}, m.pc.theme.Accent, 1.5*u)
}

// drawCropped fills box with the image when cropping keeps the box's shape
// within [lo, hi] times the image's; otherwise the whole image is shown,
// centred in the box.
func (m *painter) drawCropped(md *carousel.Media, li *loadedImage, box rect, lo, hi float64) {
	aspect := mediaAspect(md, li)
	// A fit the user chose wins over the template's bounds.
	if k := (box.w() / box.h()) / aspect; md.Fit != carousel.MediaCover && (k < lo || k > hi || md.Fit == carousel.MediaContain) {
		if li.err == nil {
			th := m.pc.theme
			m.fillRect(box, mix(th.Background, th.Muted, 0.12), th.Radius*m.u()) // the mat
		}
		w, h := box.w(), box.w()/aspect
		if h > box.h() {
			w, h = box.h()*aspect, box.h()
		}
		x, y := box.x0+(box.w()-w)/2, box.y0+(box.h()-h)/2
		box = rect{x, y, x + w, y + h}
	}
	m.drawFitted(md, li, box, md.Fit != carousel.MediaContain)
}

func mediaAspect(md *carousel.Media, li *loadedImage) float64 {
	if li.err == nil && li.h > 0 {
		return float64(li.w) / float64(li.h) * cropAspect(md.Crop)
	}
	if md.Width > 0 && md.Height > 0 {
		return float64(md.Width) / float64(md.Height)
	}
	return 16.0 / 9
}

// prepareBadge is the numbered steps' step number in an accent disc.
func (m *painter) prepareBadge(el elem, s float64) prepared {
	u, th := m.u(), m.pc.theme
	s = grow(s, 0.4)
	d := 48 * u * s
	// The body family: some title faces have old-style figures.
	st := textStyle{family: m.pc.bodyFam, size: 24 * u * s, color: th.AccentText, accent: th.AccentText, bold: true, heavy: true, align: canvas.Center}
	t, _ := m.b.build(el.Block.Spans, st).layout(0, 0, st)
	w := math.Max(d, t.Width+24*u*s) // two-digit steps widen into a pill
	return prepared{h: d, draw: func(x, top float64) {
		m.fillRect(rect{x, top, x + w, top + d}, th.Accent, d/2)
		m.drawText(t, x+(w-t.Width)/2, top+(d-t.Height)/2)
	}}
}

// sticksOut says whether a line of t reaches out of its box by more than
// rounding: the canvas flags lines a hair too wide as overflowing.
func sticksOut(t *canvas.Text, width float64) bool {
	if !t.Overflows {
		return false
	}
	const eps = 0.1 // mm, under half an output pixel
	out := false
	t.WalkSpans(func(x, _ float64, sp canvas.TextSpan) {
		out = out || x < -eps || x+sp.Width > width+eps
	})
	return out
}
