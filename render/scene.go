// SPDX-License-Identifier: MIT

package render

import (
	"cmp"
	"context"
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render/design"
	"github.com/tdewolff/canvas"
)

// painter measures and draws elements. With a nil ctx it only measures.
type painter struct {
	e     *Engine
	pc    *projectCtx
	b     *textBuilder
	goctx context.Context
	kind  carousel.SlideKind
	ctx   *canvas.Context
	links []pageLink
	warns []carousel.Warning
	seen  map[string]bool // image refs already warned about
	// overflow is set when a line laid out since it was cleared is wider
	// than its box.
	overflow bool
	memo     map[memoKey]float64 // text heights, for the planner's measurer
	extent   rect                // where drawPage put the content
	lastFit  fitMemo             // the last fits call's measure, which auto size starts from
}

// pageLink is a clickable area of a PDF page, in mm from the bottom-left.
type pageLink struct {
	url string
	r   canvas.Rect
}

// measurer paginates with the shared fonts.
type measurer = painter

func newMeasurer(e *Engine, pc *projectCtx) *measurer {
	return &painter{e: e, pc: pc, b: newTextBuilder(e.fonts, e.emoji), goctx: context.Background(), seen: map[string]bool{}}
}

// prepared is a measured element and how to draw it with its top-left at (x, top).
type prepared struct {
	h    float64
	draw func(x, top float64)
	grow float64 // how much taller a filling image may become
}

func (m *painter) u() float64 { return m.pc.u }

// style returns the text style of a block in a role at scale s. Above
// scale 1 (auto size on a short slide) titles grow less than body text;
// below it (a full slide) they shrink more.
func (m *painter) style(role string, bl carousel.Block, s float64) textStyle {
	pc, u := m.pc, m.pc.u
	th := pc.theme
	d := pc.tpl.Design()
	st := textStyle{family: pc.bodyFam, size: pc.typo.BodySize * u * s, color: th.Text, accent: th.Accent, stretch: 0.17, align: m.contentAlign(), emphasis: d.Emphasis}
	title := func(k, g, stretch float64) {
		st.family, st.size, st.bold, st.heavy, st.stretch = pc.titleFam, pc.typo.TitleSize*k*u*display(s, g), true, true, stretch
		if d.LightTitles {
			st.bold, st.heavy, st.size = false, false, st.size*1.06
		}
	}
	st.display = role == roleHook || role == roleTitle || role == roleStatement || bl.Type == carousel.Heading
	switch role {
	case roleHook:
		title(1.1, 0.3, -0.04)
	case roleTitle:
		title(1, 0.4, -0.02)
		if m.kind == carousel.SlideOutro {
			st.size *= 0.8
		}
	case roleStatement:
		title(1.3, 0.3, -0.06)
	case roleQuoted:
		// Quoted words in the title face, between body and title size.
		st.family, st.size, st.stretch = pc.titleFam, pc.typo.BodySize*1.5*u*grow(s, 0.8), 0.06
	case roleSubtitle:
		st.size *= 1.05
	case roleCaption:
		st.size = pc.typo.BodySize * 0.95 * u * grow(s, 0.6)
	case roleMuted:
		st.color = th.Muted
	default:
		if bl.Type == carousel.Heading {
			k := [...]float64{1.5, 1.5, 1.3, 1.15}[min(max(bl.Level, 0), 3)]
			st.family, st.size, st.bold, st.stretch = pc.titleFam, pc.typo.BodySize*k*u*display(s, 0.55), true, 0.02
		}
		if bl.Type == carousel.Quote {
			st.italic = true
		}
		if bl.Type == carousel.Code {
			st.family, st.size, st.stretch, st.codeBlock, st.lang = monoFamily, st.size*0.8, 0.1, true, "zxx"
		}
	}
	if m.kind == carousel.SlideOutro {
		st.align = canvas.Center
	}
	return st
}

// textStyleOf is the style of a text element, centred when it asks.
func (m *painter) textStyleOf(el elem, s float64) textStyle {
	st := m.style(el.Role, el.Block, s)
	if !st.codeBlock { // code is in no language: not hyphenated, not turned right to left by the post's
		st.lang, st.guessLang = m.pc.langs[el.Post], m.pc.guessLang
		if st.lang == "" {
			st.lang = m.pc.language
		}
	}
	if el.Center && !isList(el.Block.Type) {
		st.align = canvas.Center
	}
	if isList(el.Block.Type) && st.align == canvas.Center {
		st.align = canvas.Left // a list keeps its markers in a column
	}
	return st
}

func (m *painter) gap(a, b elem, s float64) float64 {
	u := m.u()
	s = grow(s, 0.6)
	switch {
	case a.Kind == elemRule:
		return 14 * u * s
	case b.Kind == elemRule:
		return 16 * u * s
	case a.Kind == elemKicker:
		return 12 * u * s
	case a.Kind == elemNumeral && a.Role == roleDrop:
		return 14 * u * s
	case a.Kind == elemNumeral:
		return 10 * u * s
	case a.Kind == elemQuoteMark:
		return 10 * u * s
	case a.Kind == elemBadge:
		return 24 * u * s
	case a.Role == roleStatement:
		return 24 * u * s
	case a.Role == roleHook:
		return 18 * u * s
	case a.Role == roleTitle:
		return 14 * u * s
	case a.Kind == elemText && b.Kind == elemText && isList(a.Block.Type) && isList(b.Block.Type):
		if l := m.pc.tpl.Design().Lists; l == listCheck || l == listNumeral {
			return 10 * u * s
		}
		return 6 * u * s
	case b.Kind == elemButton:
		return 22 * u * s
	}
	return 12 * u * s
}

func isList(t carousel.BlockType) bool { return t == carousel.Bullet || t == carousel.Numbered }

func (m *painter) height(els []elem, s, width float64) float64 {
	h := 0.0
	for i, el := range els {
		if i > 0 {
			h += m.gap(els[i-1], el, s)
		}
		h += m.elemHeight(el, s, width)
	}
	return h
}

func (m *painter) elemHeight(el elem, s, width float64) float64 {
	if m.memo == nil || el.Kind != elemText || len(el.Block.Spans) == 0 {
		return m.prepare(el, s, width, 0).h
	}
	// The planner measures the same blocks in many candidate slides: the
	// spans' backing array identifies a block's text.
	k := memoKey{&el.Block.Spans[0], len(el.Block.Spans), el.Role, el.Block.Type, el.Block.Level, el.Block.Number, el.Center, el.Cont, s, width}
	if h, ok := m.memo[k]; ok {
		return h
	}
	over := m.overflow
	m.overflow = false
	h := m.prepare(el, s, width, 0).h
	if m.overflow {
		h = math.Inf(1) // too wide: never fits, and remembered so
	}
	m.overflow = over || m.overflow
	m.memo[k] = h
	return h
}

type memoKey struct {
	spans         *carousel.Span
	n             int
	role          string
	typ           carousel.BlockType
	level, number int
	center, cont  bool
	scale, width  float64
}

// reserved is the room the page's fixed parts take from the content box.
func (m *painter) reserved(pg *page) float64 {
	u := m.u()
	switch {
	case pg.Kind == carousel.SlideCover:
		return 60 * u // author row at the bottom
	case pg.Kind == carousel.SlideOutro && m.pc.landscape():
		return 0 // the author stands beside the call to action
	case pg.Kind == carousel.SlideOutro && m.pc.anonymous():
		return 0 // nobody to show above the call to action
	case pg.Kind == carousel.SlideOutro:
		return m.outroLead() // avatar, name and handle on top
	case pg.Lead && !pg.Continued:
		return 56 * u // post-card author row
	}
	return 0
}

// indent is the room list items, quotes and code blocks keep on their
// start side; nested list items step in by one bullet's room a level.
func (m *painter) indent(bl carousel.Block, st textStyle) float64 {
	lists := m.pc.tpl.Design().Lists
	switch {
	case isList(bl.Type) && lists == listCheck:
		return st.size * 1.55
	case isList(bl.Type) && lists == listNumeral:
		return st.size * 2.1
	case bl.Type == carousel.Bullet && lists == listDash:
		return st.size * 1.35
	}
	switch bl.Type {
	case carousel.Bullet:
		return st.size * 1.1 * float64(1+nestLevel(bl))
	case carousel.Numbered:
		return st.size*1.6 + st.size*1.1*float64(nestLevel(bl))
	case carousel.Quote:
		return 14 * m.u()
	case carousel.Code:
		return 2 * codePad(st)
	}
	return 0
}

// nestLevel is a list item's nesting depth, 0 to 3.
func nestLevel(bl carousel.Block) int { return min(max(bl.Level, 0), 3) }

// codePad is the padding inside a code block's tint.
func codePad(st textStyle) float64 { return st.size * 0.8 }

// bulletMarks are the bullets of nesting levels 0 to 3.
var bulletMarks = [...]string{"•", "◦", "▪", "–"}

// prepare measures an element at scale s; extra is added height for images
// that fill the room left.
func (m *painter) prepare(el elem, s, width, extra float64) prepared {
	switch el.Kind {
	case elemText:
		return m.prepareText(el, s, width)
	case elemImage:
		return m.prepareImage(el, s, width, extra)
	case elemGrid:
		return m.prepareGrid(el, s, width)
	case elemQuote:
		return m.prepareQuote(el, s, width)
	case elemButton:
		return m.prepareButton(el, s, width)
	case elemBadge:
		return m.prepareBadge(el, s)
	case elemRule:
		return m.prepareRule(el, s, width)
	case elemNumeral:
		return m.prepareNumeral(el, s, width)
	case elemKicker:
		return m.prepareKicker(el, s, width)
	case elemQuoteMark:
		return m.prepareQuoteMark(s, width)
	}
	return prepared{}
}

func (m *painter) prepareText(el elem, s, width float64) prepared {
	st := m.textStyleOf(el, s)
	ind := m.indent(el.Block, st)
	spans := el.Block.Spans
	if el.Block.Type == carousel.Code {
		spans = codeLines(spans)
	}
	rb := m.b.build(spans, st)
	t, _ := rb.layout(width-ind, 0, st)
	h := t.Height
	m.overflow = m.overflow || sticksOut(t, width-ind)
	if el.Block.Type == carousel.Code {
		pad := codePad(st)
		h += 2 * pad
		return prepared{h: h, draw: func(x, top float64) {
			th := m.pc.theme
			m.fillRect(rect{x, top, x + width, top + h}, mix(th.Background, th.Text, 0.07), th.Radius*m.u()*0.6+pad*0.3)
			m.drawText(t, x+pad, top+pad)
		}}
	}
	return prepared{h: h, draw: func(x, top float64) {
		if rb.rtl {
			m.drawText(t, x, top) // the indent is on the right
		} else {
			m.drawText(t, x+ind, top)
		}
		if el.Cont {
			return
		}
		switch el.Block.Type {
		case carousel.Bullet, carousel.Numbered:
			m.drawMarker(el, st, rb.rtl, x, top, width, ind)
		case carousel.Quote:
			bx := x
			if rb.rtl {
				bx = x + width - 3*m.u()
			}
			m.fillRect(rect{bx, top + 0.1*st.size, bx + 3*m.u(), top + h - 0.1*st.size}, m.pc.theme.Accent, 1.5*m.u())
		}
	}}
}

// codeLines keeps a code block's indentation: leading spaces become
// no-break spaces, which the line breaker neither drops nor breaks at.
func codeLines(spans []carousel.Span) []carousel.Span {
	out := make([]carousel.Span, len(spans))
	for i, sp := range spans {
		lines := strings.Split(sp.Text, "\n")
		for j, l := range lines {
			n := len(l) - len(strings.TrimLeft(l, " "))
			lines[j] = strings.Repeat("\u00a0", n) + l[n:]
		}
		sp.Text = strings.Join(lines, "\n")
		out[i] = sp
	}
	return out
}

// drawMarker draws a list item's marker in the template's style: a
// bullet, a number, a dash, a ticked box or a big numeral.
func (m *painter) drawMarker(el elem, st textStyle, rtl bool, x, top, width, ind float64) {
	lists := m.pc.tpl.Design().Lists
	ms := st
	ms.color, ms.bold, ms.align, ms.emphasis = m.pc.theme.Accent, true, canvas.Left, ""
	lvl := nestLevel(el.Block)
	step := st.size * 1.1 * float64(lvl) // nested items step in
	x, width = x+step, width-step
	if rtl {
		x -= step
	}
	mark := bulletMarks[lvl]
	switch {
	case lists == listCheck:
		d := st.size * 0.98
		mx := x
		if rtl {
			mx = x + width - d
		}
		// Centred on the first line's x-height.
		m.drawCheck(mx, top+st.size*0.94*0.5-d*0.42+st.size*0.12, d)
		return
	case lists == listNumeral:
		n := max(el.Block.Number, 1)
		if el.Block.Type == carousel.Bullet && el.Block.Number == 0 {
			mark = "—"
			break
		}
		mark = fmt.Sprintf("%02d", n)
		ms.family, ms.heavy = m.pc.titleFam, true
	case el.Block.Type == carousel.Numbered:
		mark = strconv.Itoa(max(el.Block.Number, 1)) + "."
	case lists == listDash:
		mark = "—"
	}
	mt, _ := m.b.build([]carousel.Span{{Text: mark}}, ms).layout(0, 0, ms)
	mx := x
	if rtl {
		mx = x + width - mt.Width // RTL list items keep their marker on the right
	}
	_ = ind
	m.ctx.DrawText(mx, m.pc.H-top, mt)
}

// drawText draws t with its top-left at (x, top) and records its links.
// Inline code gets its tint first, under the text.
func (m *painter) drawText(t *canvas.Text, x, top float64) {
	y := m.pc.H - top
	if len(m.b.code) > 0 {
		th := m.pc.theme
		t.WalkSpans(func(sx, sy float64, sp canvas.TextSpan) {
			if !m.b.code[sp.Face] {
				return
			}
			mt := sp.Face.Metrics()
			w := sp.Width
			if strings.HasSuffix(sp.Text, " ") {
				w -= sp.Face.TextWidth(" ") // no tint under the space after
			}
			pad := 0.15 * mt.Ascent
			m.fillRect(rect{x + sx - pad, top - sy - mt.Ascent - pad, x + sx + w + pad, top - sy + mt.Descent + pad}, mix(th.Background, th.Text, 0.09), 0.3*mt.Ascent)
		})
	}
	if len(m.b.marks) > 0 {
		mark := markColor(m.pc.theme)
		t.WalkSpans(func(sx, sy float64, sp canvas.TextSpan) {
			if m.b.marks[sp.Face] {
				mt := sp.Face.Metrics()
				pad := 0.12 * sp.Face.Size * mmPerPt
				base := top - sy // the span's baseline, top-down
				m.fillRect(rect{x + sx - pad, base - mt.Ascent*0.82, x + sx + sp.Width + pad, base + mt.Descent*0.9}, mark, pad)
			}
		})
	}
	m.ctx.DrawText(x, y, t)
	t.WalkSpans(func(sx, sy float64, sp canvas.TextSpan) {
		if url, ok := m.b.links[sp.Face]; ok {
			mt := sp.Face.Metrics()
			m.links = append(m.links, pageLink{url, canvas.Rect{X0: x + sx, Y0: y + sy - mt.Descent, X1: x + sx + sp.Width, Y1: y + sy + mt.Ascent}})
		}
	})
}

func (m *painter) imageWarn(ref string, err error, post string) {
	if m.seen[ref] {
		return
	}
	m.seen[ref] = true
	m.warns = append(m.warns, carousel.Warning{Code: carousel.WarnImage, Post: post, Message: carousel.ErrorMessage(err)})
}

func (m *painter) prepareImage(el elem, s, width, extra float64) prepared {
	md := el.Media
	li := m.e.image(m.goctx, md.Src)
	aspect := 16.0 / 9
	if li.err == nil {
		aspect = float64(li.w) / float64(li.h) * cropAspect(md.Crop)
	} else {
		m.imageWarn(md.Src, li.err, el.Post)
		if md.Width > 0 && md.Height > 0 {
			aspect = float64(md.Width) / float64(md.Height)
		}
	}
	capH := m.pc.content.h() * 0.5 * math.Min(s, 1)
	h := math.Min(width/aspect, capH)
	if el.Fill {
		h = m.pc.content.h() * 0.3
		if el.Crop {
			// Tall enough to fill the width without showing it small.
			h = math.Min(math.Max(h, width/aspect/1.45), m.pc.content.h()*0.75)
		}
	}
	h += extra
	if el.Crop {
		// Cropped to fill: grow no further than loses a quarter of the
		// picture, except that image focus fills the slide with it (on a
		// mat past what cropping can take).
		grow := math.Max(0, width/aspect/0.75-h)
		lo, hi := 0.7, 1.5
		if el.Fill {
			grow, lo, hi = math.Inf(1), 0.45, 2.2
		}
		m.warnUpscale(el, li, width)
		return prepared{h: h, grow: grow, draw: func(x, top float64) {
			m.drawCropped(md, li, rect{x, top, x + width, top + h}, lo, hi)
		}}
	}
	if li.err == nil && !el.Fill {
		// No taller than the picture shown at twice its size, with a
		// little mat around it: a small icon is not given a big box.
		h = math.Min(h, float64(li.h)*maxUpscale*pxMM+2*12*m.u()*s)
	}
	w := width
	extreme := aspect > maxImageAspect || aspect < 1/maxImageAspect
	switch {
	case extreme && !el.Fill:
		// A very wide or very tall picture would be a sliver: a box of a
		// readable shape, the whole picture on a tinted mat in it.
		h = math.Min(math.Max(width/aspect, width/maxImageAspect), capH) + extra
	case h*aspect < width && (el.Fill || width > h*aspect*1.35):
		// A tall image, or one with little room, keeps its whole width
		// visible rather than being cropped to a strip.
		w = h * aspect
	}
	m.warnUpscale(el, li, math.Min(w, h*aspect))
	return prepared{h: h, grow: math.Inf(1), draw: func(x, top float64) {
		x += (width - w) / 2
		if ih := w / aspect * 1.1; el.Fill && h > ih && !extreme {
			// Filling a much taller box would crop most of the picture:
			// show it nearly whole, centred in the box.
			top += (h - ih) / 2
			m.drawFitted(md, li, rect{x, top, x + w, top + ih}, true)
			return
		}
		m.drawFitted(md, li, rect{x, top, x + w, top + h}, !extreme)
	}}
}

// prepareGrid lays a post's pictures out in a grid: two a row on tall and
// square slides (a short last row spans the width), up to four a row on
// wide ones, each cropped to its cell while little is lost, else shown
// whole on a mat.
func (m *painter) prepareGrid(el elem, s, width float64) prepared {
	n := len(el.Grid)
	cols := 2
	if m.pc.landscape() {
		cols = min(n, 4) // wide slides have the width, not the height
	}
	rows := (n + cols - 1) / cols
	gap := 8 * m.u() * s
	cellW := (width - gap*float64(cols-1)) / float64(cols)
	cellH := cellW * 0.75
	capH := m.pc.content.h() * 0.6 * s
	if total := float64(rows)*cellH + gap*float64(rows-1); total > capH {
		cellH = (capH - gap*float64(rows-1)) / float64(rows)
	}
	h := float64(rows)*cellH + gap*float64(rows-1)
	for i := range el.Grid {
		li := m.e.image(m.goctx, el.Grid[i].Src)
		if li.err != nil {
			m.imageWarn(el.Grid[i].Src, li.err, el.Post)
			continue
		}
		m.warnUpscale(elem{Media: &el.Grid[i], Post: el.Post}, li, cellW)
	}
	return prepared{h: h, draw: func(x, top float64) {
		for i := range el.Grid {
			md := &el.Grid[i]
			r, c := i/cols, i%cols
			inRow := min(cols, n-r*cols)
			w := cellW
			if inRow < cols {
				w = (width - gap*float64(inRow-1)) / float64(inRow) // a short last row spans the width
			}
			cx := x + float64(c)*(w+gap)
			cy := top + float64(r)*(cellH+gap)
			li := m.e.image(m.goctx, md.Src)
			m.drawCropped(md, li, rect{cx, cy, cx + w, cy + cellH}, 0.6, 1.7)
		}
	}}
}

// maxImageAspect is the widest (and, inverted, the tallest) shape a
// picture's box takes; more extreme pictures sit on a mat in it.
const maxImageAspect = 2.5

// maxUpscale is how much larger than its own pixels a picture is shown:
// more would blur it.
const maxUpscale = 2

// warnUpscale warns once per image when the width it would fill is more
// than twice its own: it is then shown at twice its size on a mat.
func (m *painter) warnUpscale(el elem, li *loadedImage, width float64) {
	if li.err != nil || m.seen["upscale:"+el.Media.Src] || width <= float64(li.w)*maxUpscale*pxMM*1.01 {
		return
	}
	m.seen["upscale:"+el.Media.Src] = true
	m.warns = append(m.warns, carousel.Warning{Code: carousel.WarnImage, Post: el.Post, Message: fmt.Sprintf("image %s is only %d×%d pixels: it is shown at %d×%d, twice its size, on a mat rather than blown up and blurred; use a larger image", shortRef(el.Media.Src), li.w, li.h, li.w*maxUpscale, li.h*maxUpscale)})
}

// drawFitted draws an image into box: cropped to fill it when cover is
// set, else whole. An image smaller than half the box (never shown past
// twice its own pixels) or, without cover, of another shape than the box
// sits centred on a tinted mat that fills the box.
func (m *painter) drawFitted(md *carousel.Media, li *loadedImage, box rect, cover bool) {
	{
		x, top, w, h := box.x0, box.y0, box.w(), box.h()
		r := m.pc.theme.Radius * m.u()
		if li.err != nil {
			m.placeholder(rect{x, top, x + w, top + h}, r)
			return
		}
		iw, ih := float64(li.w), float64(li.h)
		k := math.Min(w/iw, h/ih) // contain
		if cover {
			k = math.Max(w/iw, h/ih)
		}
		if k > maxUpscale*pxMM || (!cover && math.Abs((w/h)/(iw/ih)-1) > 0.03) {
			th := m.pc.theme
			m.fillRect(box, mix(th.Background, th.Muted, 0.12), r)
			k = math.Min(math.Min(w/iw, h/ih), maxUpscale*pxMM)
			dw, dh := iw*k, ih*k
			x, top = x+(w-dw)/2, top+(h-dh)/2
			w, h = dw, dh
			r = math.Min(r, math.Min(w, h)/4)
		}
		if _, ok := m.pc.tpl.(imageFocus); ok {
			m.imageFrame(box, r) // image focus sets its pictures on an accent mat
		}
		m.drawMedia(md, li.img, rect{x, top, x + w, top + h}, r)
		if md.Type == carousel.MediaVideo || md.Type == carousel.MediaGIF {
			m.playBadge(rect{x, top, x + w, top + h})
		}
	}
}

func (m *painter) placeholder(r rect, radius float64) {
	th := m.pc.theme
	m.fillRect(r, mix(th.Background, th.Muted, 0.18), radius)
	st := textStyle{family: m.pc.bodyFam, size: m.pc.typo.HeaderSize * m.u(), color: th.Muted, align: canvas.Center}
	t, _ := m.b.build([]carousel.Span{{Text: "Image unavailable"}}, st).layout(r.w(), 0, st)
	m.drawText(t, r.x0, r.y0+(r.h()-t.Height)/2)
}

// drawImage draws img cropped (or contained) into r with rounded corners.
// drawMedia draws a slide image as the studio set it: cropped, fitted to
// cover (around its focal point) or contained. This is the studio's
// minimal reading of Media.Fit, Focus and Crop until the typesetting work
// places images by them.
func (m *painter) drawMedia(md *carousel.Media, img image.Image, r rect, radius float64) {
	ref := md.Src
	if c := validCrop(md.Crop); c != nil {
		if sub, ok := img.(interface {
			SubImage(image.Rectangle) image.Image
		}); ok {
			b := img.Bounds()
			w, h := float64(b.Dx()), float64(b.Dy())
			img = sub.SubImage(image.Rect(b.Min.X+int(c.X*w), b.Min.Y+int(c.Y*h), b.Min.X+int((c.X+c.W)*w), b.Min.Y+int((c.Y+c.H)*h)))
			ref += fmt.Sprintf("#crop=%.4f,%.4f,%.4f,%.4f", c.X, c.Y, c.W, c.H)
		}
	}
	m.drawImageFocus(ref, img, r, radius, md.Fit == carousel.MediaContain, md.Focus)
}

// validCrop is c when it keeps a part of the image, else nil.
func validCrop(c *carousel.Crop) *carousel.Crop {
	if c == nil || c.W <= 0.01 || c.H <= 0.01 || c.X < 0 || c.Y < 0 || c.X+c.W > 1.0001 || c.Y+c.H > 1.0001 {
		return nil
	}
	return c
}

// cropAspect is how a crop changes an image's aspect ratio.
func cropAspect(c *carousel.Crop) float64 {
	if c = validCrop(c); c == nil {
		return 1
	}
	return c.W / c.H
}

func (m *painter) drawImage(ref string, img image.Image, r rect, radius float64, contain bool) {
	m.drawImageFocus(ref, img, r, radius, contain, nil)
}

func (m *painter) drawImageFocus(ref string, img image.Image, r rect, radius float64, contain bool, focus *carousel.Focus) {
	// Snap to whole output pixels: the PNG then copies the pixels as they
	// are, and every output places the image identically.
	snap := func(v float64) float64 { return math.Round(v/pxMM) * pxMM }
	r = rect{snap(r.x0), snap(r.y0), snap(r.x1), snap(r.y1)}
	if r.w() <= 0 || r.h() <= 0 {
		return
	}
	pw, ph := max(1, int(math.Round(r.w()/pxMM))), max(1, int(math.Round(r.h()/pxMM)))
	rpx := radius / pxMM
	fx, fy := 0.5, 0.5
	if focus != nil {
		fx, fy = math.Max(0, math.Min(1, focus.X)), math.Max(0, math.Min(1, focus.Y))
	}
	key := fmt.Sprintf("%s|%d|%d|%.1f|%t|%v|%.3f,%.3f", ref, pw, ph, rpx, contain, m.pc.theme.Background, fx, fy)
	var fitted *image.RGBA
	if v, ok := m.e.fitted.get(key); ok {
		fitted = v.(*image.RGBA)
	} else {
		fitted = fitImage(img, pw, ph, rpx, contain, m.pc.theme.Background, fx, fy)
		m.e.fitted.put(key, fitted)
	}
	// An opaque shape right before the image keeps the PDF renderer's
	// opacity state right: after an image it assumes full opacity.
	cx, cy := (r.x0+r.x1)/2, (r.y0+r.y1)/2
	m.ctx.Push()
	m.ctx.SetFillColor(m.pc.theme.Background)
	m.ctx.SetStrokeColor(m.pc.theme.Background)
	m.ctx.SetStrokeWidth(0.01)
	m.ctx.DrawPath(cx, m.pc.H-cy, canvas.Rectangle(0.05, 0.05))
	m.ctx.Pop()
	m.ctx.RenderImage(fitted, canvas.Identity.Translate(r.x0, m.pc.H-r.y1).Scale(r.w()/float64(pw), r.h()/float64(ph)))
}

func (m *painter) playBadge(r rect) {
	cx, cy := (r.x0+r.x1)/2, (r.y0+r.y1)/2
	rad := math.Min(22*m.u(), r.h()/4)
	m.fillCircle(cx, cy, rad, color.RGBA{0, 0, 0, 150})
	tri := &canvas.Path{}
	tri.MoveTo(-0.35*rad, -0.5*rad)
	tri.LineTo(0.55*rad, 0)
	tri.LineTo(-0.35*rad, 0.5*rad)
	tri.Close()
	m.ctx.SetFillColor(color.RGBA{255, 255, 255, 255})
	m.ctx.DrawPath(cx, m.pc.H-cy, tri)
}

func (m *painter) prepareQuote(el elem, s, width float64) prepared {
	q := el.Quote
	u := m.u()
	pad := 14 * u * s
	inner := width - 2*pad
	author := m.pc.author
	if q.Author != nil {
		author = *q.Author
	}
	s = math.Min(s, 1.25)
	hs := m.style(roleBody, carousel.Block{}, s*0.85)
	var spans []carousel.Span
	if author.Name != "" {
		spans = append(spans, carousel.Span{Text: author.Name, Bold: true})
	}
	if author.Handle != "" {
		spans = append(spans, carousel.Span{Text: "  @" + author.Handle})
	}
	var head *canvas.Text
	if len(spans) > 0 {
		hs.color = m.pc.theme.Muted
		head, _ = m.b.build(spans, hs).layout(inner, 0, hs)
	}
	var parts []prepared
	blocks := q.Blocks
	if q.Placeholder != "" && len(blocks) == 0 {
		blocks = []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Quoted post unavailable: " + q.Placeholder, Italic: true}}}}
	}
	h := pad
	if head != nil {
		h += head.Height + 6*u*s
	}
	for i, b := range blocks {
		if i > 0 {
			h += 8 * u * s
		}
		p := m.prepareText(elem{Kind: elemText, Block: b, Post: q.ID}, s*0.9, inner) // in the quote's own language
		parts = append(parts, p)
		h += p.h
	}
	h += pad
	return prepared{h: h, draw: func(x, top float64) {
		m.strokeRect(rect{x, top, x + width, top + h}, m.pc.theme.Muted, 1*u, m.pc.theme.Radius*u)
		y := top + pad
		if head != nil {
			m.drawText(head, x+pad, y)
			y += head.Height + 6*u*s
		}
		for i, p := range parts {
			if i > 0 {
				y += 8 * u * s
			}
			p.draw(x+pad, y)
			y += p.h
		}
	}}
}

func (m *painter) prepareButton(el elem, s, width float64) prepared {
	u := m.u()
	s = grow(s, 0.4)
	th := m.pc.theme
	st := m.style(roleBody, carousel.Block{}, s)
	st.color, st.bold, st.align, st.plainLinks, st.emphasis = th.AccentText, true, canvas.Left, true, emphasisNone
	spans := append([]carousel.Span(nil), el.Block.Spans...)
	t, _ := m.b.build(spans, st).layout(0, 0, st)
	padX, padY := 22*u*s, 11*u*s
	w := math.Min(t.Width+2*padX, width)
	if t.Width+2*padX > width {
		t, _ = m.b.build(spans, st).layout(width-2*padX, 0, st)
	}
	h := t.Height + 2*padY
	return prepared{h: h, draw: func(x, top float64) {
		bx := x + (width-w)/2
		m.fillRect(rect{bx, top, bx + w, top + h}, th.Accent, h/2)
		m.drawText(t, bx+padX, top+padY)
	}}
}

// cut splits a text element so that its head fits in room.
func (m *painter) cut(el elem, s, width, room float64) (elem, elem, bool) {
	if room <= 0 {
		return el, el, false
	}
	if total := blockLen(el.Block); total >= hugeBlock {
		// Cut from a prefix, as short as will fill the room: laying out the
		// whole rest of a huge post for every slide would take quadratic time.
		for n := hugeBlock / 4; n < total; n *= 2 {
			at := cutAt(el.Block.Spans, n)
			if at <= 0 {
				break
			}
			pre, post := el, el
			pre.Block.Spans, post.Block.Spans = splitSpans(el.Block.Spans, at)
			head, tail, fit := m.cutFit(pre, s, width, room)
			switch fit {
			case cutNone:
				return el, el, false
			case cutAll:
				continue // the room holds more than this prefix
			}
			if len(post.Block.Spans) > 0 {
				post.Block.Spans[0].Text = " " + post.Block.Spans[0].Text // the space cut away
			}
			tail.Block.Spans = append(tail.Block.Spans, post.Block.Spans...)
			return head, tail, true
		}
	}
	head, tail, fit := m.cutFit(el, s, width, room)
	return head, tail, fit == cutSome
}

// How much of a block a room holds.
const (
	cutNone = iota // not one line
	cutSome        // some lines: head and tail are set
	cutAll         // the whole block
)

func (m *painter) cutFit(el elem, s, width, room float64) (elem, elem, int) {
	st := m.textStyleOf(el, s)
	ind := m.indent(el.Block, st)
	if el.Block.Type == carousel.Code {
		el.Block.Spans = codeLines(el.Block.Spans)
		room -= 2 * codePad(st)
	}
	rb := m.b.build(el.Block.Spans, st)
	t, n := rb.layout(width-ind, room, st)
	if n >= len(rb.rt.String()) {
		// All lines fit by the canvas's count, which leaves out the last
		// line's spacing: by the height text is measured with, the last
		// line may still be one too many.
		whole, _ := rb.layout(width-ind, 0, st)
		if whole.Height <= room+1e-6 {
			return el, el, cutAll
		}
		t, n = whole, lastLineStart(whole)
	}
	if n <= 0 {
		return el, el, cutNone
	}
	n = rb.wordCut(t, n)
	headSpans, tailSpans := rb.split(n)
	// Laid out alone, the head may break its lines differently and need
	// more of them: cut where the head alone stops fitting. Its string is
	// a prefix of the block's, so its offsets are the block's.
	for try := 0; try < 4 && len(headSpans) > 0; try++ {
		hrb := m.b.build(headSpans, st)
		whole, _ := hrb.layout(width-ind, 0, st)
		if whole.Height <= room+1e-6 {
			break
		}
		ht, hn := hrb.layout(width-ind, room, st)
		if hn >= len(hrb.rt.String()) {
			hn = lastLineStart(whole) // fits by the line count, not by the height
		}
		n2 := hrb.wordCut(ht, hn)
		if n2 <= 0 || n2 >= n {
			break
		}
		n = n2
		headSpans, tailSpans = rb.split(n)
	}
	switch {
	case len(headSpans) == 0:
		return el, el, cutNone
	case len(tailSpans) == 0:
		return el, el, cutAll
	}
	head, tail := el, el
	head.Block.Spans, tail.Block.Spans = headSpans, tailSpans
	tail.Cont = true
	return head, tail, cutSome
}

// lastLineStart is the offset in the text's string where its last line
// starts.
func lastLineStart(t *canvas.Text) int {
	start := 0
	t.WalkLines(func(_ float64, spans []canvas.TextSpan) {
		first := -1
		for _, sp := range spans {
			for _, g := range sp.Glyphs {
				if g.Cluster != canvas.HyphenCluster && (first < 0 || int(g.Cluster) < first) {
					first = int(g.Cluster)
				}
			}
		}
		if first >= 0 {
			start = first
		}
	})
	return start
}

// drawing helpers; rects are top-down mm.

func (m *painter) fillRect(r rect, c color.RGBA, radius float64) {
	m.ctx.SetFillColor(c)
	m.ctx.SetStrokeColor(canvas.Transparent)
	m.ctx.DrawPath(r.x0, m.pc.H-r.y1, roundedRect(r.w(), r.h(), radius))
}

func (m *painter) strokeRect(r rect, c color.RGBA, width, radius float64) {
	m.ctx.Push()
	m.ctx.SetFillColor(canvas.Transparent)
	m.ctx.SetStrokeColor(c)
	m.ctx.SetStrokeWidth(width)
	m.ctx.DrawPath(r.x0, m.pc.H-r.y1, roundedRect(r.w(), r.h(), radius))
	m.ctx.Pop()
}

func (m *painter) fillCircle(cx, cy, r float64, c color.RGBA) {
	m.ctx.SetFillColor(c)
	m.ctx.SetStrokeColor(canvas.Transparent)
	m.ctx.DrawPath(cx, m.pc.H-cy, circle(r))
}

// kappa places Bézier control points so four cubics approximate a circle.
const kappa = 0.5522847498

// circle is made of cubic Béziers: canvas arcs are quadratic-time in PDF.
func circle(r float64) *canvas.Path {
	return roundedRectAt(-r, -r, 2*r, 2*r, r)
}

func roundedRect(w, h, r float64) *canvas.Path { return roundedRectAt(0, 0, w, h, r) }

func roundedRectAt(x, y, w, h, r float64) *canvas.Path {
	r = math.Max(0, math.Min(r, math.Min(w, h)/2))
	p := &canvas.Path{}
	if r == 0 {
		p.MoveTo(x, y)
		p.LineTo(x+w, y)
		p.LineTo(x+w, y+h)
		p.LineTo(x, y+h)
		p.Close()
		return p
	}
	k := r * (1 - kappa)
	p.MoveTo(x+r, y)
	p.LineTo(x+w-r, y)
	p.CubeTo(x+w-k, y, x+w, y+k, x+w, y+r)
	p.LineTo(x+w, y+h-r)
	p.CubeTo(x+w, y+h-k, x+w-k, y+h, x+w-r, y+h)
	p.LineTo(x+r, y+h)
	p.CubeTo(x+k, y+h, x, y+h-k, x, y+h-r)
	p.LineTo(x, y+r)
	p.CubeTo(x, y+k, x+k, y, x+r, y)
	p.Close()
	return p
}

// mix blends a towards b by t, opaque.
func mix(a, b color.RGBA, t float64) color.RGBA {
	f := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}

// scene draws a page with the given fonts.
func (e *Engine) scene(goctx context.Context, pc *projectCtx, pg *page, fs *fontSet) (*canvas.Canvas, []pageLink) {
	c, m := e.drawPage(goctx, pc, pg, fs)
	return c, m.links
}

// drawPage draws a page and returns the painter, which knows where the
// content went (extent).
func (e *Engine) drawPage(goctx context.Context, pc *projectCtx, pg *page, fs *fontSet) (*canvas.Canvas, *painter) {
	pc = e.pageCtx(pc, pg)
	c := canvas.New(pc.W, pc.H)
	m := &painter{e: e, pc: pc, b: newTextBuilder(fs, e.emoji), goctx: goctx, kind: pg.Kind, ctx: canvas.NewContext(c), seen: map[string]bool{}}
	th := pc.theme
	d := pc.tpl.Design()
	m.drawBackground(pg)
	if pg.Backdrop != nil {
		m.drawBackdrop(pg)
	} else if pn := pc.pattern.Name; pn != "" && pn != "none" {
		op := pc.pattern.Opacity
		if op <= 0 {
			op = 0.12
		}
		design.DrawPattern(m.ctx, pn, pc.W, pc.H, pc.u, pc.pattern.Density, op, th.Muted)
	}

	box := m.textBox(pg)
	width := box.w()
	s := pg.Scale
	top := box.y0
	avail := box.h() - m.reserved(pg)
	lead := 0.0 // the post card's author row, which moves with the block
	switch {
	case pg.Kind == carousel.SlideOutro:
		top += m.reserved(pg)
	case pg.Lead && !pg.Continued:
		lead = m.reserved(pg)
	}
	// Measure once, then place: text layout is the costly part.
	parts := make([]prepared, len(pg.Elems))
	total := lead
	fills := 0
	for i, el := range pg.Elems {
		if i > 0 {
			total += m.gap(pg.Elems[i-1], el, s)
		}
		parts[i] = m.prepare(el, s, width, 0)
		total += parts[i].h
		if el.Kind == elemImage && el.Fill {
			fills++
		}
	}
	avail += lead
	extras := make([]float64, len(pg.Elems))
	if fills > 0 && total < avail {
		share := (avail - total) / float64(fills)
		for i, el := range pg.Elems {
			if el.Kind == elemImage && el.Fill {
				extras[i] = math.Min(share, parts[i].grow)
				total += extras[i]
			}
		}
	}
	if total < avail {
		// A block shorter than its box sits where the template puts it:
		// the optical centre by default, the same on every slide.
		anchor := d.anchorFor(pg)
		switch {
		case pg.Continued:
			anchor = 0 // continued text reads on from the top
		case fills > 0:
			anchor = 0.5
		case pg.Kind == carousel.SlideOutro:
			anchor = 0.5
		case pg.Kind == carousel.SlideCover:
			anchor = math.Max(anchor, 0.45)
		}
		top += (avail - total) * anchor
	}
	block := rect{box.x0, top, box.x1, top + total}
	if d.Under != nil {
		d.Under(m, pg, block)
	}
	if d.Card && (pg.Kind == carousel.SlideContent || pg.Kind == "") && len(pg.Elems) > 0 {
		m.drawCard(block)
	}
	m.drawBrand(pg)
	m.drawLead(pg, box, top)
	m.drawSide(pg)
	y := top + lead
	for i, el := range pg.Elems {
		if i > 0 {
			y += m.gap(pg.Elems[i-1], el, s)
		}
		p := parts[i]
		if extras[i] > 0 {
			p = m.prepare(el, s, width, extras[i])
		}
		p.draw(box.x0, y)
		y += p.h
	}
	if pg.Kind == carousel.SlideCover {
		m.drawCoverAuthor(pg)
	}
	if d.Over != nil {
		d.Over(m, pg, block)
	}
	m.extent = block
	if len(pg.Elems) == 0 && pg.Backdrop == nil {
		m.extent = rect{}
	}
	if side := m.sideBox(pg); side != (rect{}) {
		m.extent = union(m.extent, side)
	}
	if pg.Kind == carousel.SlideCover {
		m.extent = union(m.extent, rect{pc.content.x0, pc.content.y1 - 40*pc.u, pc.content.x1, pc.content.y1})
	}
	if pg.Kind == carousel.SlideOutro {
		m.extent = union(m.extent, rect{box.x0, pc.content.y0, box.x1, pc.content.y0 + 1})
	}
	if pg.Backdrop != nil {
		m.extent = union(m.extent, rect{0, pc.header.y1, pc.W, pc.footer.y0}) // the picture fills the slide
	}
	return c, m
}

// union is the smallest rect holding a and b; the zero rect is empty.
func union(a, b rect) rect {
	if a == (rect{}) {
		return b
	}
	if b == (rect{}) {
		return a
	}
	return rect{math.Min(a.x0, b.x0), math.Min(a.y0, b.y0), math.Max(a.x1, b.x1), math.Max(a.y1, b.y1)}
}

// drawLead draws the post card's author row at the top of its block, or
// the outro's author block.
func (m *painter) drawLead(pg *page, box rect, top float64) {
	pc, u := m.pc, m.u()
	th := pc.theme
	switch {
	case pg.Kind == carousel.SlideOutro:
		a := pg.Author
		cx := (pc.content.x0 + pc.content.x1) / 2
		r := m.outroRadius()
		top := pc.content.y0
		if pc.landscape() {
			// Beside the call to action: centred in the left column, with
			// an accent rule between the two.
			side := m.outroSide()
			cx = (side.x0 + side.x1) / 2
			top = side.y0 + (side.h()-(m.outroLead()-24*u))/2
			x := side.x1 + m.splitGap()/2 - 1*u
			m.fillRect(rect{x, side.y0 + side.h()*0.25, x + 2*u, side.y1 - side.h()*0.25}, th.Accent, 1*u)
		}
		if pc.anonymous() {
			return
		}
		m.avatar(a.Avatar, cmp.Or(a.Name, a.Handle), cx, top+r, r)
		var spans []carousel.Span
		if pc.brand.Name != "" {
			spans = append(spans, carousel.Span{Text: pc.brand.Name, Bold: true})
		}
		if pc.brand.Handle != "" {
			spans = append(spans, carousel.Span{Text: "\n@" + pc.brand.Handle})
		}
		if len(spans) > 0 {
			st := textStyle{family: pc.bodyFam, size: 14 * u, color: th.Muted, accent: th.Accent, align: canvas.Center, stretch: 0.1}
			x0, w := pc.content.x0, pc.content.w()
			if pc.landscape() {
				x0, w = m.outroSide().x0, m.outroSide().w()
			}
			t, _ := m.b.build(spans, st).layout(w, 0, st)
			m.drawText(t, x0, top+2*r+8*u)
		}
	case pg.Lead && !pg.Continued:
		m.authorRowIn(pg.Author, box.x0, top, 40*u, 1, box.x1)
	}
}

// authorRowIn draws avatar, name and handle like the top of a post, with
// the name and handle kept left of right.
func (m *painter) authorRowIn(a carousel.Author, x, top, size, k, right float64) {
	pc, u := m.pc, m.u()
	th := pc.theme
	if a.Name == "" && a.Handle == "" {
		a = pc.author
	}
	if a.Name == "" && a.Handle == "" && a.Avatar == "" {
		return // nobody to show: no anonymous "?" disc
	}
	r := size / 2
	m.avatar(a.Avatar, cmp.Or(a.Name, a.Handle), x+r, top+r, r)
	st := textStyle{family: pc.bodyFam, size: 15 * u * k, color: th.Text, accent: th.Accent, align: canvas.Left, stretch: 0.05}
	var lines []carousel.Span
	if a.Name != "" {
		lines = append(lines, carousel.Span{Text: a.Name, Bold: true})
	}
	tx := x + size + 10*u
	t, _ := m.b.build(lines, st).layout(right-tx, 0, st)
	hs := st
	hs.color, hs.size = th.Muted, 13*u*k
	var ht *canvas.Text
	if a.Handle != "" {
		ht, _ = m.b.build([]carousel.Span{{Text: "@" + a.Handle}}, hs).layout(right-tx, 0, hs)
	}
	h := t.Height
	if ht != nil {
		h += ht.Height + 2*u
	}
	ty := top + (size-h)/2
	m.drawText(t, tx, ty)
	if ht != nil {
		m.drawText(ht, tx, ty+t.Height+2*u)
	}
}

// avatar draws a round image, or the initial on an accent disc.
func (m *painter) avatar(ref, name string, cx, cy, r float64) {
	th := m.pc.theme
	if ref != "" {
		li := m.e.image(m.goctx, ref)
		if li.err == nil {
			m.drawImage(ref, li.img, rect{cx - r, cy - r, cx + r, cy + r}, r, false)
			return
		}
		m.imageWarn(ref, li.err, "")
	}
	m.fillCircle(cx, cy, r, th.Accent)
	initial := "?"
	for _, ch := range strings.TrimSpace(name) {
		initial = strings.ToUpper(string(ch))
		break
	}
	st := textStyle{family: m.pc.titleFam, size: r, color: th.AccentText, bold: true, align: canvas.Center}
	t, _ := m.b.build([]carousel.Span{{Text: initial}}, st).layout(2*r, 0, st)
	m.drawText(t, cx-r, cy-t.Height/2)
}

func (m *painter) drawCoverAuthor(pg *page) {
	pc, u := m.pc, m.u()
	a := pc.author
	top := pc.content.y1 - 40*u
	left, right := pc.content.x0, pc.content.x1
	if m.sideBox(pg) != (rect{}) && pc.landscape() {
		left = m.textBox(pg).x0 // the side takes the left column: the author goes under the text
	}
	if pg.Total > pg.Number {
		st := textStyle{family: pc.bodyFam, size: 14 * u, color: pc.theme.Accent, bold: true, align: canvas.Left}
		t, _ := m.b.build([]carousel.Span{{Text: "Swipe →", Bold: true}}, st).layout(0, 0, st)
		m.drawText(t, pc.content.x1-t.Width, top+(40*u-t.Height)/2)
		right -= t.Width + 16*u // a long name wraps before the cue
	}
	m.authorRowIn(a, left, top, 40*u, 1, right)
}

// outroRadius is the outro avatar's radius: smaller on short slides.
func (m *painter) outroRadius() float64 {
	if m.pc.landscape() {
		return math.Min(40*m.u(), m.pc.content.h()*0.22)
	}
	return math.Min(34*m.u(), m.pc.content.h()*0.1)
}

// outroSide is the column the outro's author takes on wide slides.
func (m *painter) outroSide() rect {
	c := m.pc.content
	return rect{c.x0, c.y0, c.x0 + c.w()*0.38, c.y1}
}

// outroLead is the room the outro's avatar, name and handle take.
func (m *painter) outroLead() float64 {
	return 2*m.outroRadius() + 8*m.u() + 2*14*1.2*1.1*m.u() + 24*m.u()
}
