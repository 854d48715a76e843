// SPDX-License-Identifier: MIT

package render

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
)

// showsBrand says whether the header and footer appear on the page.
func showsBrand(pc *projectCtx, pg *page) bool {
	switch pg.Kind {
	case carousel.SlideCover:
		return pc.brand.ShowOnCover
	case carousel.SlideOutro:
		return pc.brand.ShowOnOutro
	}
	return true
}

// brandItem is a measured header or footer item.
type brandItem struct {
	w    float64
	draw func(x, cy float64)
}

func (m *painter) drawBrand(pg *page) {
	pc := m.pc
	if !showsBrand(pc, pg) {
		return
	}
	m.drawBand(pg, pc.brand.Header, pc.header)
	m.drawBand(pg, pc.brand.Footer, pc.footer)
}

// drawBand lays the items of one band out in three groups.
func (m *painter) drawBand(pg *page, items []carousel.BrandItem, band rect) {
	groups := m.bandItems(pg, items, band)
	cy := (band.y0 + band.y1) / 2
	var widths [3][]float64
	for i, pos := range bandPositions {
		for _, b := range groups[pos] {
			widths[i] = append(widths[i], b.w)
		}
	}
	var onAccent map[string][]brandItem
	edge := m.accentEdge(pg, band)
	if edge > 0 {
		// Items over a block of the accent colour take its palette.
		saved := m.pc
		ac := *saved
		ac.theme = accentTheme(saved.theme)
		m.pc = &ac
		onAccent = m.bandItems(pg, items, band)
		m.pc = saved
	}
	for i, xs := range arrangeBand(widths, band.x0, band.x1, 7*m.u()) {
		for j, x := range xs {
			if x < edge {
				saved := m.pc
				ac := *saved
				ac.theme = accentTheme(saved.theme)
				m.pc = &ac
				onAccent[bandPositions[i]][j].draw(x, cy)
				m.pc = saved
				continue
			}
			groups[bandPositions[i]][j].draw(x, cy)
		}
	}
}

// bandItems measures a band's items by position.
func (m *painter) bandItems(pg *page, items []carousel.BrandItem, band rect) map[string][]brandItem {
	pc := m.pc
	groups := map[string][]brandItem{}
	for _, it := range items {
		if pg.Lead && !pg.Continued && pg.Author.Handle == pc.brand.Handle && band == pc.header {
			switch it.Kind {
			case carousel.BrandAvatar, carousel.BrandName, carousel.BrandHandle:
				continue // the post card right below shows the same author
			}
		}
		if pg.Kind == carousel.SlideCover {
			switch it.Kind {
			case carousel.BrandAvatar, carousel.BrandName, carousel.BrandHandle, carousel.BrandSwipe:
				continue // the cover shows the author and its own swipe cue
			}
		}
		if bi, ok := m.brandItem(pg, it.Kind, band); ok {
			pos := it.Position
			if pos != "center" && pos != "right" {
				pos = "left"
			}
			groups[pos] = append(groups[pos], bi)
		}
	}
	return groups
}

var bandPositions = [3]string{"left", "center", "right"}

// accentEdge is the x up to which a band lies on the split template's
// accent block; 0 when it lies on none.
func (m *painter) accentEdge(pg *page, band rect) float64 {
	if _, ok := m.pc.tpl.(split); !ok {
		return 0
	}
	side := m.sideBox(pg)
	if side == (rect{}) || pg.Side[0].Kind != elemText {
		return 0
	}
	if m.pc.landscape() {
		return side.x1 + m.splitGap()/2
	}
	if band.y1 <= side.y1 {
		return m.pc.W
	}
	return 0
}

// arrangeBand places the left, centre and right groups of item widths in
// [x0, x1] and returns each kept item's x. Items that do not fit are left
// out, the widest group's last first, so that nothing overlaps; the centre
// group stays centred when it can and moves aside for the others.
func arrangeBand(groups [3][]float64, x0, x1, space float64) [3][]float64 {
	width := func(g []float64) float64 {
		w := 0.0
		for i, v := range g {
			if i > 0 {
				w += space
			}
			w += v
		}
		return w
	}
	used := func() float64 {
		w, n := 0.0, 0
		for _, g := range groups {
			if len(g) > 0 {
				w += width(g)
				n++
			}
		}
		return w + float64(max(n-1, 0))*2*space
	}
	for used() > x1-x0 {
		widest := 0
		for i := 1; i < 3; i++ {
			if width(groups[i]) > width(groups[widest]) {
				widest = i
			}
		}
		groups[widest] = groups[widest][:len(groups[widest])-1]
	}
	place := func(g []float64, x float64) []float64 {
		var xs []float64
		for _, w := range g {
			xs = append(xs, x)
			x += w + space
		}
		return xs
	}
	var out [3][]float64
	left, center, right := groups[0], groups[1], groups[2]
	out[0] = place(left, x0)
	out[2] = place(right, x1-width(right))
	if len(center) > 0 {
		lo, hi := x0, x1
		if len(left) > 0 {
			lo += width(left) + 2*space
		}
		if len(right) > 0 {
			hi -= width(right) + 2*space
		}
		cw := width(center)
		out[1] = place(center, math.Min(math.Max((x0+x1)/2-cw/2, lo), hi-cw))
	}
	return out
}

func (m *painter) brandItem(pg *page, kind string, band rect) (brandItem, bool) {
	pc, u := m.pc, m.u()
	th := pc.theme
	size := pc.typo.HeaderSize * u
	text := func(s string, bold bool, col color.RGBA) (brandItem, bool) {
		if s == "" {
			return brandItem{}, false
		}
		st := textStyle{family: pc.bodyFam, size: size, color: col, accent: col, align: canvas.Left}
		t, _ := m.b.build([]carousel.Span{{Text: s, Bold: bold}}, st).layout(0, 0, st)
		return brandItem{w: t.Width, draw: func(x, cy float64) { m.drawText(t, x, cy-t.Height/2) }}, true
	}
	switch kind {
	case carousel.BrandAvatar:
		if pc.brand.Avatar == "" && pc.brand.Name == "" && pc.brand.Handle == "" {
			return brandItem{}, false
		}
		d := size * 1.9
		return brandItem{w: d, draw: func(x, cy float64) { m.avatar(pc.brand.Avatar, cmp.Or(pc.brand.Name, pc.brand.Handle), x+d/2, cy, d/2) }}, true
	case carousel.BrandName:
		return text(pc.brand.Name, true, th.Muted)
	case carousel.BrandHandle:
		if pc.brand.Handle == "" {
			return brandItem{}, false
		}
		return text("@"+pc.brand.Handle, false, th.Muted)
	case carousel.BrandWebsite:
		return text(strings.TrimPrefix(strings.TrimPrefix(pc.brand.Website, "https://"), "http://"), false, th.Muted)
	case carousel.BrandSlideNumber:
		return text(fmt.Sprintf("%d/%d", pg.Number, pg.Total), false, th.Muted)
	case carousel.BrandSwipe:
		if pg.Number >= pg.Total {
			return brandItem{}, false
		}
		return text("Swipe →", false, th.Muted)
	case carousel.BrandLogo:
		if pc.brand.Logo == "" {
			return brandItem{}, false
		}
		li := m.e.image(m.goctx, pc.brand.Logo)
		if li.err != nil {
			m.imageWarn(pc.brand.Logo, li.err, "")
			return brandItem{}, false
		}
		h := size * 1.9
		w := min(h*float64(li.w)/float64(li.h), 90*u)
		return brandItem{w: w, draw: func(x, cy float64) {
			m.drawImage(pc.brand.Logo, li.img, rect{x, cy - h/2, x + w, cy + h/2}, 0, true)
		}}, true
	case carousel.BrandProgress:
		w := size * 5 // follows the header size like the text items
		return brandItem{w: w, draw: func(x, cy float64) {
			h := math.Max(size/4, 2*u)
			m.fillRect(rect{x, cy - h/2, x + w, cy + h/2}, mix(th.Background, th.Muted, 0.35), h/2)
			if pg.Total > 0 {
				f := float64(pg.Number) / float64(pg.Total)
				m.fillRect(rect{x, cy - h/2, x + w*f, cy + h/2}, th.Accent, h/2)
			}
		}}, true
	}
	return brandItem{}, false
}

// numberShown says whether the page's number or the total is drawn, so
// that keys change only when they matter.
func numberShown(pc *projectCtx, pg *page) bool {
	if pg.Kind == carousel.SlideCover {
		return true // the swipe cue depends on being last
	}
	if !showsBrand(pc, pg) {
		return false
	}
	for _, it := range append(append([]carousel.BrandItem{}, pc.brand.Header...), pc.brand.Footer...) {
		switch it.Kind {
		case carousel.BrandSlideNumber, carousel.BrandProgress, carousel.BrandSwipe:
			return true
		}
	}
	return false
}
