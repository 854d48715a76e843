// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"math"

	"github.com/carouselstudio/carousel"
)

// SlideMetrics measure one rendered slide for the design check.
type SlideMetrics struct {
	Slide int                `json:"slide"` // 1-based
	Kind  carousel.SlideKind `json:"kind"`
	// Share is the part of the height between the header and the footer
	// that the slide's content spans, from 0 to 1.
	Share float64 `json:"share"`
	// BodyPx is the size of the slide's body text in px on a slide 1080
	// px wide; 0 when the slide has no body text.
	BodyPx float64 `json:"bodyPx"`
	Scale  float64 `json:"scale"` // the fit's scale: above 1 when auto size set the text larger
	Text   bool    `json:"text"`  // the slide shows text
}

// DesignMetrics lays the project out and measures every slide as drawn:
// how much of the slide its content fills and how large its body text is.
func (e *Engine) DesignMetrics(ctx context.Context, p *carousel.Project) ([]SlideMetrics, error) {
	pl, err := e.layoutProject(ctx, p)
	if err != nil {
		return nil, err
	}
	var out []SlideMetrics
	for i, pg := range pl.pages {
		var m *painter
		if err := safely("measure", func() error {
			_, m = e.drawPage(ctx, pl.pc, pg, e.fonts)
			return nil
		}); err != nil {
			return nil, err
		}
		pc := m.pc
		room := pc.footer.y0 - pc.header.y1
		sm := SlideMetrics{Slide: i + 1, Kind: pg.Kind, Scale: pg.Scale}
		if ext := m.extent; ext != (rect{}) {
			top, bottom := math.Max(ext.y0, pc.header.y1), math.Min(ext.y1, pc.footer.y0)
			sm.Share = math.Max(0, bottom-top) / room
		}
		for _, el := range pg.Elems {
			if el.Kind != elemText {
				continue
			}
			sm.Text = true
			if el.Role == roleBody && el.Block.Type != carousel.Heading || el.Role == roleSubtitle || el.Role == roleCaption || el.Role == roleQuoted {
				st := m.textStyleOf(el, pg.Scale)
				px := st.size / pxMM * 1080 / float64(pc.format.Width)
				if sm.BodyPx == 0 || px < sm.BodyPx {
					sm.BodyPx = px
				}
			}
		}
		out = append(out, sm)
	}
	return out, nil
}
