// SPDX-License-Identifier: MIT

package render

import (
	"github.com/carouselstudio/carousel"
)

// autoSteps are the scales auto size chooses from: a modular type scale,
// so that the slides of a carousel share a few sizes rather than each
// having its own.
var autoSteps = []float64{1.125, 1.25, 1.375, 1.5, 1.75, 2, 2.25, 2.5}

// autoFill is the share of the room a short slide's content may fill when
// auto size sets it larger: the rest is the slide's breathing space.
const autoFill = 0.86

// autoScale is the scale of a slide whose content fits at its base size:
// with auto size (the default), the largest step of the type scale at
// which the content fills no more than autoFill of the room, up to the
// limit for its content; 1 with fixed sizes.
func (m *measurer) autoScale(pg *page, els []elem) float64 {
	pc := m.pc
	if pc.typo.FixedSizes || len(els) == 0 || pg.Kind == carousel.SlideOutro {
		return 1
	}
	limit := autoLimit(pg, els)
	box := m.textBox(pg)
	room := (box.h() - m.reserved(pg)) * autoFill
	fits := func(s float64) bool {
		m.overflow = false
		return m.height(els, s, box.w()) <= room && !m.overflow
	}
	// The measure at scale 1 that showed the slide fits starts the search.
	h1 := m.lastFit.h
	if m.lastFit.n != len(els) || m.lastFit.scale != 1 || m.lastFit.overflow {
		m.overflow = false
		h1 = m.height(els, 1, box.w())
	}
	if h1 <= 0 || limit >= 2 && h1*grow(autoSteps[0], minGrowth) > room {
		return 1 // text only, and even the smallest step cannot fit
	}
	hi := len(autoSteps) // fits at autoSteps[lo] (or 1 when lo is -1), not at autoSteps[hi]
	for hi > 0 && autoSteps[hi-1] > limit {
		hi--
	}
	// Text wrapped to a fixed width grows about with the square of its
	// scale: guess the step from that, check it and the one above it, and
	// bisect only when the guess was far off.
	lo, guess := -1, -1
	for i := 0; i < hi && autoSteps[i]*autoSteps[i]*h1 <= room; i++ {
		guess = i
	}
	if guess >= 0 {
		if fits(autoSteps[guess]) {
			lo = guess
			if guess+1 < hi && !fits(autoSteps[guess+1]) {
				return autoSteps[guess]
			} else if guess+1 < hi {
				lo = guess + 1
			}
		} else {
			hi = guess
		}
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fits(autoSteps[mid]) {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo < 0 {
		return 1
	}
	return autoSteps[lo]
}

// minGrowth bounds how slowly text grows with the scale: the hook grows
// least, by 30 % of the scale's growth (see style). Pictures do not grow;
// slides with them (limit under 2) are always measured.
const minGrowth = 0.3

// fitMemo is a measure fits took: the elements' count, scale and height.
type fitMemo struct {
	n        int
	scale, h float64
	overflow bool
}

// autoLimit is how large auto size may set a slide: body text up to the
// title size (twice the body size), a lone short line beyond it, and less
// where pictures or quoted posts share the slide.
func autoLimit(pg *page, els []elem) float64 {
	limit := 2.0
	texts, chars := 0, 0
	for _, el := range els {
		switch el.Kind {
		case elemImage, elemQuote:
			limit = min(limit, 1.375)
		case elemText:
			texts++
			chars += len([]rune(carousel.BlocksText([]carousel.Block{el.Block})))
		}
	}
	if pg.Kind == carousel.SlideCover {
		return min(limit, 1.5) // the hook is already the largest type
	}
	if texts == 1 && chars <= 90 && limit == 2 {
		return 2.5 // a one-liner is the slide's whole message
	}
	return limit
}
