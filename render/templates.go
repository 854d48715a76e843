// SPDX-License-Identifier: MIT

package render

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
)

// Template arranges a carousel: what its cover, content and outro slides
// hold (Elements, Cover, Outro) and the frame they are drawn in (Design):
// fonts, alignment, emphasis, list markers, palette and the devices drawn
// around the content.
type Template interface {
	Name() string
	Description() string
	// Elements turns a content slide's items into the flow of elements and
	// says how the page is arranged. step is the slide's 1-based number
	// among the content slides, for templates that number their slides.
	Elements(pc *projectCtx, sl *carousel.Slide, step int) ([]elem, look)
	Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look)
	Outro(pc *projectCtx, sl *carousel.Slide) ([]elem, look)
	Design() *tplDesign
}

// look is how a template arranges a page around its flow of elements.
type look struct {
	Lead     bool            // the post card's author row on top
	Center   bool            // centre the content vertically
	Layout   string          // layoutColumn or layoutSplit
	Backdrop *carousel.Media // a picture filling the whole slide under a scrim
}

// Page layouts.
const (
	layoutColumn = ""
	// layoutSplit puts the elements marked Side (an image, or the title)
	// beside the text in landscape, and above it in portrait.
	layoutSplit = "split"
)

// List markers and emphasis styles a template may choose.
const (
	listBullet  = ""
	listCheck   = "check"   // a ticked box
	listNumeral = "numeral" // big accent numerals, bullets too
	listDash    = "dash"    // an em dash

	emphasisNone   = ""
	emphasisAccent = "accent" // bold runs in the accent colour
	emphasisMark   = "mark"   // bold runs on a highlighter mark
)

// tplDesign is the frame of a template. Zero values are the plain defaults.
type tplDesign struct {
	TitleFont, BodyFont string // family ids the template prefers over the theme's
	Align               canvas.TextAlign
	Emphasis            string
	Lists               string
	LightTitles         bool    // titles in the regular weight, set a little larger
	Anchor              float64 // where a block shorter than its box sits: 0 top, 0.5 middle
	Card                bool    // content sits on a card surface (the post card)
	// Palette picks the palette of a page (paletteBase by default).
	Palette func(pc *projectCtx, pg *page) int
	// Background is the template's own background, when the settings give none.
	Background func(pc *projectCtx, pg *page) *carousel.Background
	// Box narrows the box the text of a page flows in.
	Box func(m *painter, pg *page, box rect) rect
	// Under and Over draw the template's devices below and above the
	// content; block is the box the content was drawn in.
	Under, Over func(m *painter, pg *page, block rect)
}

func (d *tplDesign) palette(pc *projectCtx, pg *page) int {
	if pg.Backdrop != nil {
		return palettePhoto
	}
	if d.Palette == nil {
		return paletteBase
	}
	return d.Palette(pc, pg)
}

func (d *tplDesign) background(pc *projectCtx, pg *page) *carousel.Background {
	if d.Background == nil {
		return nil
	}
	return d.Background(pc, pg)
}

// anchor is where the template sets a block shorter than its box.
func (d *tplDesign) anchor() float64 {
	if d.Anchor == 0 {
		return 0.42 // the optical centre, a little above the middle
	}
	return d.Anchor
}

// DefaultTemplate is used when the settings name none.
const DefaultTemplate = "post-card"

var templates = []Template{
	postCard{}, headline{}, bigStatement{}, numberedSteps{}, imageFocus{}, split{},
	editorial{}, notebook{}, gradient{}, photoFirst{}, minimal{}, quoteLed{}, bigNumber{}, checklist{},
}

func templateByName(name string) (Template, bool) {
	for _, t := range templates {
		if t.Name() == name {
			return t, true
		}
	}
	return nil, false
}

// base gives a template the common cover and outro.
type base struct{}

func (base) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	return coverElems(pc, sl), look{Center: true}
}

func (base) Outro(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	return outroElems(pc, sl), look{Center: true, Lead: true}
}

// postCard shows each post like the post a reader saw on X: avatar, name,
// handle, text and image on a card, without engagement counts or logos.
type postCard struct{ base }

func (postCard) Name() string { return "post-card" }
func (postCard) Description() string {
	return "The post as readers saw it: avatar, name and handle above the text and image, on a card"
}
func (postCard) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	return itemElems(pc, sl, false), look{Lead: true}
}

var postCardDesign = &tplDesign{
	Card: true,
	Box: func(m *painter, pg *page, box rect) rect {
		if pg.Kind != carousel.SlideContent && pg.Kind != "" {
			return box
		}
		p := cardInset * m.u()
		return rect{box.x0 + p, box.y0 + p, box.x1 - p, box.y1 - p}
	},
}

func (postCard) Design() *tplDesign { return postCardDesign }

// The post card's padding around its text and how far the text sits inside
// the content box, in design px: the card reaches a little into the
// margins, so that it costs the text little room.
const (
	cardPad   = 16
	cardInset = 10
)

// headline sets the first line or heading of each slide large under a
// short accent bar, and the rest as body text; bold runs take the accent.
type headline struct{ base }

func (headline) Name() string { return "headline" }
func (headline) Description() string {
	return "The first line of each post as a large headline under an accent bar, the rest as body text"
}
func (headline) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	if len(els) > 0 && els[0].Role == roleTitle {
		els = append([]elem{{Kind: elemRule}}, els...)
	}
	return els, look{}
}
func (h headline) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	return append([]elem{{Kind: elemRule}}, coverElems(pc, sl)...), look{Center: true}
}

var headlineDesign = &tplDesign{Emphasis: emphasisAccent}

func (headline) Design() *tplDesign { return headlineDesign }

// bigStatement sets one short line very large in the middle of the slide;
// anything after it follows, centred, as smaller text. The cover and outro
// stand on the accent colour.
type bigStatement struct{ base }

func (bigStatement) Name() string { return "big-statement" }
func (bigStatement) Description() string {
	return "One short line set very large and centred, the rest small below it; cover and outro on the accent colour"
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
	for i, el := range els {
		if el.Role == roleStatement {
			// An accent bar under the statement carries the eye to the rest.
			out := append(append([]elem{}, els[:i+1]...), elem{Kind: elemRule, Center: true})
			return append(out, els[i+1:]...), look{Center: true}
		}
	}
	return els, look{Center: true}
}

var bigStatementDesign = &tplDesign{
	Align:    canvas.Center,
	Emphasis: emphasisAccent,
	Palette: func(pc *projectCtx, pg *page) int {
		if pg.Kind == carousel.SlideCover || pg.Kind == carousel.SlideOutro {
			return paletteAccent
		}
		return paletteBase
	},
	Anchor: 0.5,
}

func (bigStatement) Design() *tplDesign { return bigStatementDesign }
func (bigStatement) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	els := coverElems(pc, sl)
	for i := range els {
		els[i].Center = true
	}
	return els, look{Center: true}
}

// numberedSteps puts a step badge above each slide's text and a progress
// track along the top; the number is the slide's place among the content
// slides.
type numberedSteps struct{ base }

func (numberedSteps) Name() string { return "numbered-steps" }
func (numberedSteps) Description() string {
	return "A numbered badge that follows the slide order, a progress track, then the post's first line and text"
}
func (numberedSteps) Elements(pc *projectCtx, sl *carousel.Slide, step int) ([]elem, look) {
	els := numberBullets(itemElems(pc, sl, true))
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

var numberedStepsDesign = &tplDesign{
	Lists: listNumeral,
	Over: func(m *painter, pg *page, _ rect) {
		if pg.Kind != carousel.SlideContent && pg.Kind != carousel.SlideCover {
			return
		}
		m.progressTrack(pg)
	},
}

func (numberedSteps) Design() *tplDesign { return numberedStepsDesign }

// imageFocus shows the post's image large in a frame, cropped to fill the
// room when that loses little of it, with the text below as a caption.
type imageFocus struct{ base }

func (imageFocus) Name() string { return "image-focus" }
func (imageFocus) Description() string {
	return "The post's image large in a frame, filling the slide, with its text as a caption below"
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

var imageFocusDesign = &tplDesign{Emphasis: emphasisAccent}

func (imageFocus) Design() *tplDesign { return imageFocusDesign }

// split sets text and image side by side in landscape and stacked in
// portrait; a post without an image puts its headline in the image's place,
// on a block of the accent colour that runs to the slide's edges.
type split struct{ base }

func (split) Name() string { return "split" }
func (split) Description() string {
	return "A colour block or the image on one side, the text on the other: beside on wide slides, above on tall ones"
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
func (split) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	els := coverElems(pc, sl)
	if len(els) == 0 {
		return els, look{Center: true}
	}
	els[0].Side = true
	return els, look{Layout: layoutSplit, Center: true}
}

var splitDesign = &tplDesign{
	Under: func(m *painter, pg *page, _ rect) { m.splitBlock(pg) },
}

func (split) Design() *tplDesign { return splitDesign }

// editorial is a magazine page: serif headlines, hairline rules under the
// header and over the footer, a drop number per slide and a kicker on the
// cover.
type editorial struct{ base }

func (editorial) Name() string { return "editorial" }
func (editorial) Description() string {
	return "A magazine page: serif headlines, hairline rules, a large drop number on each slide and dashes for lists"
}
func (editorial) Elements(pc *projectCtx, sl *carousel.Slide, step int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	if len(els) == 0 {
		return els, look{}
	}
	num := elem{Kind: elemNumeral, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: fmt.Sprintf("%02d", max(step, 1))}}}, Role: roleDrop}
	return append([]elem{num}, els...), look{}
}
func (editorial) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	kick := "A thread"
	if n := pc.author.Name; n != "" {
		kick = "A thread by " + n
	}
	els := []elem{{Kind: elemKicker, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: strings.ToUpper(kick)}}}}}
	return append(els, coverElems(pc, sl)...), look{Center: true}
}

var editorialDesign = &tplDesign{
	TitleFont: "playfair-display",
	Emphasis:  emphasisAccent,
	Lists:     listDash,
	Under:     func(m *painter, pg *page, _ rect) { m.editorialRules(pg) },
}

func (editorial) Design() *tplDesign { return editorialDesign }

// notebook is a page of a dotted notebook with a margin line; bold runs
// are marked with a highlighter, lists are ticked boxes.
type notebook struct{ base }

func (notebook) Name() string { return "notebook" }
func (notebook) Description() string {
	return "A dotted notebook page with a margin line; bold words under a highlighter, lists as ticked boxes"
}
func (notebook) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	return itemElems(pc, sl, true), look{}
}

var notebookDesign = &tplDesign{
	Emphasis: emphasisMark,
	Lists:    listCheck,
	Box: func(m *painter, pg *page, box rect) rect {
		box.x0 += 4 * m.u() // clear of the margin line
		return box
	},
	Under: func(m *painter, pg *page, _ rect) { m.notebookPaper(pg) },
}

func (notebook) Design() *tplDesign { return notebookDesign }

// gradient sets bold left-aligned type on a soft gradient of the theme's
// background towards its accent, with two large accent discs at the
// corners.
type gradient struct{ base }

func (gradient) Name() string { return "gradient" }
func (gradient) Description() string {
	return "Bold type on a soft gradient from the background towards the accent, with large accent discs at the corners"
}
func (gradient) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	return itemElems(pc, sl, true), look{}
}

var gradientDesign = &tplDesign{
	TitleFont:  "montserrat",
	Emphasis:   emphasisAccent,
	Background: func(pc *projectCtx, pg *page) *carousel.Background { return themeGradient(pc.theme, pg.Kind) },
	Under:      func(m *painter, pg *page, _ rect) { m.gradientDiscs(pg) },
}

func (gradient) Design() *tplDesign { return gradientDesign }

// photoFirst fills the slide with the post's picture under a dark scrim
// and sets the text over its lower part; slides without a picture stand on
// the accent colour.
type photoFirst struct{ base }

func (photoFirst) Name() string { return "photo-first" }
func (photoFirst) Description() string {
	return "The post's picture fills the slide under a dark scrim, with the text over it; slides without one stand on the accent colour"
}
func (photoFirst) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	for i, el := range els {
		if el.Kind == elemImage {
			rest := append(append([]elem{}, els[:i]...), els[i+1:]...)
			return rest, look{Backdrop: el.Media}
		}
	}
	return els, look{}
}
func (photoFirst) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	lk := look{Center: true}
	if m := coverMedia(pc, sl); m != nil {
		lk.Backdrop = m
	}
	return coverElems(pc, sl), lk
}

var photoFirstDesign = &tplDesign{
	TitleFont: "archivo-black",
	Palette: func(pc *projectCtx, pg *page) int {
		if pg.Kind == carousel.SlideImage {
			return paletteBase
		}
		return paletteAccent
	},
	Box: func(m *painter, pg *page, box rect) rect {
		if pg.Backdrop != nil && pg.Kind != carousel.SlideCover {
			box.y0 = box.y0 + box.h()*0.3 // the text sits over the picture's lower part
		}
		return box
	},
}

func (photoFirst) Design() *tplDesign { return photoFirstDesign }

// photoAnchor places text low on a photo page, high enough above the footer.
func (d *tplDesign) anchorFor(pg *page) float64 {
	if pg.Backdrop != nil {
		return 1
	}
	return d.anchor()
}

// minimal is quiet: regular-weight titles, wide margins, no bars or
// shapes, a single hairline over the footer.
type minimal struct{ base }

func (minimal) Name() string { return "minimal" }
func (minimal) Description() string {
	return "Quiet and typographic: regular-weight headlines, wide margins, one hairline and nothing else"
}
func (minimal) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	return itemElems(pc, sl, true), look{}
}

var minimalDesign = &tplDesign{
	LightTitles: true,
	Lists:       listDash,
	Box: func(m *painter, pg *page, box rect) rect {
		k := 10 * m.u()
		return rect{box.x0 + k, box.y0, box.x1 - k, box.y1}
	},
	Under: func(m *painter, pg *page, _ rect) {
		if showsBrand(m.pc, pg) && len(m.pc.brand.Footer) > 0 {
			f := m.pc.footer
			m.fillRect(rect{f.x0, f.y0 - 6*m.u(), f.x1, f.y0 - 6*m.u() + 0.6*m.u()}, mix(m.pc.theme.Background, m.pc.theme.Muted, 0.45), 0)
		}
	},
}

func (minimal) Design() *tplDesign { return minimalDesign }

// quoteLed treats each post as a quotation: a large accent quote mark,
// the words in the title face, the author below a short rule.
type quoteLed struct{ base }

func (quoteLed) Name() string { return "quote-led" }
func (quoteLed) Description() string {
	return "Each post as a quotation: a large accent quote mark, the words in the title face, the author under a rule"
}
func (quoteLed) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	els := itemElems(pc, sl, false)
	hasText, chars := false, 0
	for _, el := range els {
		if el.Kind == elemText {
			hasText = true
			chars += len([]rune(carousel.BlocksText([]carousel.Block{el.Block})))
		}
	}
	// A post short enough to quote is set in the title face; a long one
	// keeps the body size, so that it still fits one slide.
	// Short slides (square, landscape) keep their height for the words:
	// only brief posts get the large face, and the author stays in the header.
	short := pc.content.h() < 300*pc.u
	limit := quoteChars
	if short {
		limit = quoteChars / 2
	}
	for i := range els {
		if chars <= limit && els[i].Kind == elemText && (els[i].Block.Type == carousel.Paragraph || els[i].Block.Type == carousel.Heading) {
			els[i].Role = roleQuoted
		}
	}
	if !hasText {
		return els, look{}
	}
	out := append([]elem{{Kind: elemQuoteMark}}, els...)
	if a := slideAuthor(pc.p, sl); !short && (a != nil || pc.author.Name != "") {
		name := pc.author.Name
		if a != nil && a.Name != "" {
			name = a.Name
		}
		if name != "" {
			out = append(out, elem{Kind: elemRule}, elem{Kind: elemText, Role: roleMuted, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: name, Bold: true}}}})
		}
	}
	return out, look{}
}
func (quoteLed) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	return append([]elem{{Kind: elemQuoteMark}}, coverElems(pc, sl)...), look{Center: true}
}

// quoteChars is the longest post quote-led sets in its large quote face.
const quoteChars = 200

var quoteLedDesign = &tplDesign{
	TitleFont: "playfair-display",
	Emphasis:  emphasisAccent,
}

func (quoteLed) Design() *tplDesign { return quoteLedDesign }

// bigNumber leads each slide with a huge accent numeral: the number the
// post starts with ("3 rules", "70%", "$5M"), or the slide's step.
type bigNumber struct{ base }

func (bigNumber) Name() string { return "big-number" }
func (bigNumber) Description() string {
	return "A huge accent numeral leads each slide: the number the post starts with, or the step; lists as big numerals"
}

// leadingNumber finds a figure at the start of a text: "70%", "$5M", "3x".
var leadingNumber = regexp.MustCompile(`^([$€£]?\d[\d.,]*(?:%|x|×|k|K|M|B|\+)?)(?:\s+|$)`)

func (bigNumber) Elements(pc *projectCtx, sl *carousel.Slide, step int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	if len(els) == 0 {
		return els, look{}
	}
	figure := fmt.Sprintf("%02d", max(step, 1))
	for i := range els {
		if els[i].Kind != elemText || els[i].Cont || len(els[i].Block.Spans) == 0 {
			continue
		}
		sp := &els[i].Block.Spans[0]
		if m := leadingNumber.FindStringSubmatch(sp.Text); m != nil && len(m[1]) <= 6 && len(sp.Text) > len(m[0]) {
			figure = m[1]
			// The figure stands above; the words go on from the next one.
			b := els[i].Block
			b.Spans = append([]carousel.Span{}, b.Spans...)
			rest := strings.TrimLeft(sp.Text[len(m[0]):], " ")
			b.Spans[0].Text = rest
			els[i].Block = b
		}
		break
	}
	num := elem{Kind: elemNumeral, Role: roleFigure, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: figure}}}}
	return append([]elem{num}, numberBullets(els)...), look{}
}

var bigNumberDesign = &tplDesign{
	TitleFont: "space-grotesk",
	Lists:     listNumeral,
	Emphasis:  emphasisAccent,
}

func (bigNumber) Design() *tplDesign { return bigNumberDesign }
func (bigNumber) Cover(pc *projectCtx, sl *carousel.Slide) ([]elem, look) {
	els := coverElems(pc, sl)
	n := 0
	for _, s := range pc.p.Slides {
		if s.Kind == carousel.SlideContent || s.Kind == carousel.SlideImage {
			n++
		}
	}
	if n > 1 {
		label := elem{Kind: elemNumeral, Role: roleFigure, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: strconv.Itoa(n)}}}}
		kick := elem{Kind: elemKicker, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "SLIDES · SWIPE THROUGH"}}}}
		els = append([]elem{label, kick}, els...)
	}
	return els, look{Center: true}
}

// checklist sets lists as ticked boxes and every slide's first line as a
// title with an accent underline: a slide is a list to work through.
type checklist struct{ base }

func (checklist) Name() string { return "checklist" }
func (checklist) Description() string {
	return "Every slide a list to work through: ticked boxes for items, the first line as a title over an accent rule"
}
func (checklist) Elements(pc *projectCtx, sl *carousel.Slide, _ int) ([]elem, look) {
	els := itemElems(pc, sl, true)
	if len(els) > 0 && els[0].Role == roleTitle {
		els = append([]elem{els[0], {Kind: elemRule}}, els[1:]...)
	}
	return els, look{}
}

var checklistDesign = &tplDesign{
	TitleFont: "poppins",
	BodyFont:  "dm-sans",
	Lists:     listCheck,
	Emphasis:  emphasisMark,
	Card:      false,
}

func (checklist) Design() *tplDesign { return checklistDesign }

// coverMedia is the first picture of the post the cover shows.
func coverMedia(pc *projectCtx, sl *carousel.Slide) *carousel.Media {
	var post *carousel.Post
	if len(sl.Items) > 0 {
		post = pc.p.Thread.PostByID(sl.Items[0].Post)
		if sl.Items[0].Image != nil {
			return sl.Items[0].Image
		}
	} else if len(pc.p.Thread.Posts) > 0 {
		post = &pc.p.Thread.Posts[0]
	}
	if post != nil && len(post.Media) > 0 {
		return &post.Media[0]
	}
	return nil
}
