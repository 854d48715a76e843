// SPDX-License-Identifier: MIT

package render

import (
	"strconv"

	"github.com/carouselstudio/carousel"
)

// Template arranges a content slide.
type Template interface {
	Name() string
	Description() string
	// Elements turns a content slide's items into the flow of elements and
	// says how the page is arranged. step is the slide's 1-based number
	// among the content slides, for templates that number their slides.
	Elements(pc *projectCtx, sl *carousel.Slide, step int) ([]elem, look)
}

// look is how a template arranges a page around its flow of elements.
type look struct {
	Lead   bool   // the post card's author row on top
	Center bool   // centre the content vertically
	Layout string // layoutColumn or layoutSplit
}

// Page layouts.
const (
	layoutColumn = ""
	// layoutSplit puts the elements marked Side (an image, or the title)
	// beside the text in landscape, and above it in portrait.
	layoutSplit = "split"
)

// DefaultTemplate is used when the settings name none.
const DefaultTemplate = "post-card"

var templates = []Template{postCard{}, headline{}, bigStatement{}, numberedSteps{}, imageFocus{}, split{}}

func templateByName(name string) (Template, bool) {
	for _, t := range templates {
		if t.Name() == name {
			return t, true
		}
	}
	return nil, false
}

// postCard shows each post like the post a reader saw on X: avatar, name,
// handle, text and image, without engagement counts or logos.
type postCard struct{}

func (postCard) Name() string { return "post-card" }
func (postCard) Description() string {
	return "The post as readers saw it: avatar, name and handle above the text and image"
}
func (postCard) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	return itemElems(pc, sl, false), look{Lead: true}
}

// headline sets the first line or heading of each slide large, and the
// rest as body text.
type headline struct{}

func (headline) Name() string { return "headline" }
func (headline) Description() string {
	return "The first line of each post as a large headline, the rest as body text"
}
func (headline) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	return itemElems(pc, sl, true), look{}
}

// bigStatement sets one short line very large in the middle of the slide;
// anything after it follows, centred, as smaller text.
type bigStatement struct{}

func (bigStatement) Name() string { return "big-statement" }
func (bigStatement) Description() string {
	return "One short line set very large and centred, the rest of the post small below it"
}
func (bigStatement) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	for i := range els {
		if els[i].Kind != elemText {
			continue
		}
		// List items become centred lines with their marker in front, so
		// that the slide keeps one axis; quotes keep their bar at the edge.
		if b := &els[i].Block; isList(b.Type) && !els[i].Cont {
			mark := "• "
			if b.Type == carousel.Numbered {
				mark = strconv.Itoa(max(b.Number, 1)) + ". "
			}
			b.Spans = append([]carousel.Span{{Text: mark}}, b.Spans...)
			b.Type = carousel.Paragraph
		}
		els[i].Center = els[i].Block.Type == carousel.Paragraph || els[i].Block.Type == carousel.Heading
		if els[i].Role == roleTitle && len([]rune(carousel.BlocksText([]carousel.Block{els[i].Block}))) <= 60 {
			els[i].Role = roleStatement // a longer first line stays a title
		} else if els[i].Role == roleBody && els[i].Block.Type == carousel.Paragraph {
			els[i].Role = roleSubtitle
		}
	}
	return els, look{Center: true}
}

// numberedSteps puts a step badge above each slide's text; the number is
// the slide's place among the content slides.
type numberedSteps struct{}

func (numberedSteps) Name() string { return "numbered-steps" }
func (numberedSteps) Description() string {
	return "A numbered badge that follows the slide order, then the post's first line and text"
}
func (numberedSteps) Elements(pc *projectCtx, sl *carousel.Slide, step int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	if len(els) == 0 {
		return els, look{}
	}
	badge := elem{Kind: elemBadge, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: strconv.Itoa(max(step, 1))}}}}
	if pc.landscape() {
		// Wide slides keep their height for text: the badge stands beside it.
		badge.Side = true
		return append([]elem{badge}, els...), look{Layout: layoutSplit}
	}
	return append([]elem{badge}, els...), look{}
}

// imageFocus shows the post's image large, cropped to fill the room when
// that loses little of it, with the text below as a caption.
type imageFocus struct{}

func (imageFocus) Name() string { return "image-focus" }
func (imageFocus) Description() string {
	return "The post's image large, filling the slide, with its text as a caption below"
}
func (imageFocus) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	var imgs []elem
	for _, el := range els {
		if el.Kind == elemImage {
			el.Fill, el.Crop = true, true
			imgs = append(imgs, el)
			break
		}
	}
	if len(imgs) == 0 {
		return els, look{} // no picture: the headline arrangement
	}
	// With a picture, the text is its caption: no headline competes with it.
	var rest []elem
	for _, el := range itemElems(pc, sl, false) {
		if el.Kind == elemImage && el.Media == imgs[0].Media {
			continue
		}
		if el.Kind == elemText {
			el.Role = roleCaption
		}
		rest = append(rest, el)
	}
	if pc.landscape() {
		// Wide slides set the picture beside its caption.
		imgs[0].Side = true
		return append(imgs, rest...), look{Layout: layoutSplit, Center: true}
	}
	return append(imgs, rest...), look{}
}

// split sets text and image side by side in landscape and stacked in
// portrait; a post without an image puts its headline in the image's place.
type split struct{}

func (split) Name() string { return "split" }
func (split) Description() string {
	return "Text beside the image on wide slides, below it on tall ones; the headline stands in for a missing image"
}
func (split) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	side := -1
	for i, el := range els {
		if el.Kind == elemImage {
			side = i
			break
		}
	}
	if side < 0 {
		if len(els) < 2 || els[0].Role != roleTitle {
			return els, look{Center: pc.landscape()}
		}
		side = 0
	}
	els[side].Side = true
	if els[side].Kind == elemImage {
		els[side].Crop = true
	}
	out := append([]elem{els[side]}, els[:side]...)
	out = append(out, els[side+1:]...)
	return out, look{Layout: layoutSplit, Center: pc.landscape()}
}
