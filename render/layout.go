// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/carouselstudio/carousel"
)

// Element kinds.
const (
	elemText   = "text"
	elemImage  = "image"
	elemGrid   = "grid" // a post's pictures side by side in rows
	elemQuote  = "quote"
	elemButton = "button"
	elemBadge  = "badge" // a step number in a disc
)

// Text roles.
const (
	roleBody      = ""
	roleTitle     = "title"
	roleHook      = "hook" // the cover's headline, larger than a title
	roleSubtitle  = "subtitle"
	roleMuted     = "muted"
	roleStatement = "statement" // the big statement's line, larger still
	roleCaption   = "caption"   // text under a large image
)

// elem is one thing in a slide's flow of content, top to bottom.
type elem struct {
	Kind   string           `json:"k"`
	Role   string           `json:"r,omitempty"`
	Block  carousel.Block   `json:"b,omitempty"`
	Cont   bool             `json:"c,omitempty"` // continues a block cut on the previous slide
	Media  *carousel.Media  `json:"m,omitempty"`
	Fill   bool             `json:"f,omitempty"` // an image that takes all the room left
	Quote  *carousel.Post   `json:"q,omitempty"`
	Post   string           `json:"p,omitempty"`
	Crop   bool             `json:"cr,omitempty"` // an image cropped to fill its box when little is lost
	Side   bool             `json:"sd,omitempty"` // placed beside (landscape) or above (portrait) the text
	Center bool             `json:"ce,omitempty"` // centred lines
	Again  bool             `json:"ag,omitempty"` // a heading repeated on a continued page
	Grid   []carousel.Media `json:"g,omitempty"`  // the pictures of a grid
}

// page is one rendered slide before drawing: what goes on it, at what
// scale. It depends on no font objects, so a PDF export can draw it again
// with its own fonts.
type page struct {
	Source    int                `json:"s"`
	Kind      carousel.SlideKind `json:"kind"`
	Continued bool               `json:"cont,omitempty"`
	Lead      bool               `json:"lead,omitempty"` // the template's lead, e.g. the post card's author row
	Author    carousel.Author    `json:"a"`
	Elems     []elem             `json:"e"`
	Scale     float64            `json:"sc"`
	Center    bool               `json:"ctr,omitempty"` // centre the content vertically
	Layout    string             `json:"l,omitempty"`   // layoutColumn or layoutSplit
	Side      []elem             `json:"sd,omitempty"`  // the split layout's side: an image or the title
	SideScale float64            `json:"ss,omitempty"`
	Backdrop  *carousel.Media    `json:"bd,omitempty"` // a picture filling the slide under a scrim

	Number int    `json:"n"`
	Total  int    `json:"t"`
	Key    string `json:"-"`
	Alt    string `json:"-"`

	warns []carousel.Warning // Slide is 0: the page itself
}

// projectLayout is a project laid out: its pages and warnings.
type projectLayout struct {
	pc    *projectCtx
	pages []*page
	warns []carousel.Warning
}

// layoutProject paginates every slide, reusing pages of slides whose
// inputs did not change.
func (e *Engine) layoutProject(ctx context.Context, p *carousel.Project) (*projectLayout, error) {
	pc, err := e.resolve(p)
	if err != nil {
		return nil, err
	}
	if err := checkSlideStyles(p); err != nil {
		return nil, err
	}
	if len(p.Slides) == 0 {
		return nil, carousel.FieldError("slides", "the project has no slides; plan it first")
	}
	pkey := hashOf("project", p.Thread, p.Settings, p.Slides, p.Title)
	if v, ok := e.layout.get(pkey); ok {
		return v.(*projectLayout), nil
	}
	pc.guessLanguage()
	pl := &projectLayout{pc: pc}
	pl.warns = append(pl.warns, pc.warns...)
	// The guessed language hyphenates every slide whose posts say none.
	settingsKey := hashOf("settings", p.Settings, p.Thread.Author, p.Thread.URL, pc.guessLang)
	// Slides paginate independently, so the ones not cached are laid out
	// in parallel, one worker per CPU.
	perSlide := make([][]*page, len(p.Slides))
	keys := make([]string, len(p.Slides))
	var pending []int
	steps := stepNumbers(p.Slides)
	for i := range p.Slides {
		sl := &p.Slides[i]
		extra := 0
		if sl.Kind == carousel.SlideCover {
			extra = len(p.Slides) // a cover may count the slides
		}
		keys[i] = hashOf("slide", settingsKey, i, steps[i], sl, referencedPosts(p, sl), extra)
		if v, ok := e.pages.get(keys[i]); ok {
			perSlide[i] = v.([]*page)
		} else {
			pending = append(pending, i)
		}
	}
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pending)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				spc := e.slideCtx(pc, p.Slides[i].Style)
				perSlide[i] = e.paginate(ctx, spc, i, steps[i], &p.Slides[i])
				if spc != pc && len(spc.warns) > 0 {
					// The slide's own colours are checked like the carousel's.
					perSlide[i][0].warns = append(perSlide[i][0].warns, spc.warns...)
				}
				if ctx.Err() == nil { // a cancelled pagination stopped midway
					e.pages.put(keys[i], perSlide[i])
				}
			}
		}()
	}
	for _, i := range pending {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, pages := range perSlide {
		for _, pg := range pages {
			cp := *pg // cached pages are shared; numbering is per project
			pl.pages = append(pl.pages, &cp)
		}
	}
	total := len(pl.pages)
	for i, pg := range pl.pages {
		pg.Number, pg.Total = i+1, total
		for _, w := range pg.warns {
			w.Slide = i + 1
			pl.warns = append(pl.warns, w)
		}
		dc := e.pageCtx(pc, pg)
		keyed := *pg
		if !numberShown(dc, pg) {
			keyed.Number, keyed.Total = 0, 0 // not drawn: keep the key when slides are added
		}
		pg.Key = hashOf("page", keyed, dc.format, dc.theme, dc.brand, dc.pattern, dc.typo, dc.tpl.Name(), dc.background, dc.align, dc.p.Thread.URL, dc.p.Title, dc.language, dc.guessLang)
		pg.Alt = altText(dc, pg)
	}
	e.layout.put(pkey, pl)
	return pl, nil
}

// stepNumbers numbers the content slides 1, 2, 3… in order; other
// slides get 0.
func stepNumbers(slides []carousel.Slide) []int {
	out := make([]int, len(slides))
	n := 0
	for i, sl := range slides {
		if sl.Kind == carousel.SlideContent || sl.Kind == "" {
			n++
			out[i] = n
		}
	}
	return out
}

// referencedPosts returns the posts a slide shows, for its cache key. A
// part of a long post keys on its own blocks (and the post's block count)
// only: hashing the whole post for each of its slides would make laying
// out a long post quadratic.
func referencedPosts(p *carousel.Project, sl *carousel.Slide) []*carousel.Post {
	var out []*carousel.Post
	for _, it := range sl.Items {
		if it.Post == "" {
			continue
		}
		post := p.Thread.PostByID(it.Post)
		if post != nil && (it.From != 0 || it.To != 0) && len(it.Blocks) == 0 {
			part := *post
			_, part.Blocks = postBlocks(p, it)
			part.Placeholder += fmt.Sprintf("\x00%d blocks", len(post.Blocks))
			post = &part
		}
		out = append(out, post)
	}
	if sl.Kind == carousel.SlideCover && len(sl.Items) == 0 && len(p.Thread.Posts) > 0 {
		out = append(out, &p.Thread.Posts[0])
	}
	return out
}

// Layout lays the project out and describes every rendered slide.
func (e *Engine) Layout(ctx context.Context, p *carousel.Project) (*carousel.Layout, error) {
	pl, err := e.layoutProject(ctx, p)
	if err != nil {
		return nil, err
	}
	l := &carousel.Layout{Warnings: append([]carousel.Warning{}, pl.warns...)}
	for i, pg := range pl.pages {
		l.Slides = append(l.Slides, carousel.RenderedSlide{Key: pg.Key, Source: pg.Source, Continued: pg.Continued || (i > 0 && pl.pages[i-1].Source == pg.Source), Alt: pg.Alt})
	}
	return l, nil
}

// paginate turns one project slide into one or more pages: shrinking its
// text down to MinScale, then continuing it on following pages.
func (e *Engine) paginate(ctx context.Context, pc *projectCtx, src, step int, sl *carousel.Slide) []*page {
	m := newMeasurer(e, pc)
	m.goctx = ctx // images load, and long flows stop, with the request
	first, elems := m.firstPage(src, step, sl)
	warns := missingPostWarnings(pc, sl)
	postID := firstPostID(elems)
	minScale := minScaleOf(pc, sl)
	var pages []*page
	switch {
	case len(elems) == 0 || m.fits(first, elems, 1):
		first.Elems = elems
		first.Scale = m.autoScale(first, elems)
		pages = []*page{first}
	case sl.Kind == carousel.SlideCover && len(sl.Items) > 0 && sl.Title == "" && !m.fits(first, elems, minScale):
		// A first post too long for the cover: the cover takes a hook that
		// fits and the rest flows onto content slides; nothing is cut.
		pages = e.flowCover(pc, m, first, elems)
		if len(pages) > 1 {
			warns = append(warns, carousel.Warning{Code: carousel.WarnOverflow, Post: postID, Message: fmt.Sprintf("the first post is too long for the cover: its hook is on the cover and the rest continues on %d more slide(s)", len(pages)-1)})
		}
	case m.fits(first, elems, minScale) || sl.Kind == carousel.SlideCover || sl.Kind == carousel.SlideOutro:
		first.Elems, first.Scale = elems, m.largestFittingScale(first, elems, minScale, 1, 7)
		pages = []*page{first}
		if !m.fits(first, elems, first.Scale) {
			first.Elems = m.visiblePart(first, elems, first.Scale)
			warns = append(warns, carousel.Warning{Code: carousel.WarnOverflow, Post: postID, Message: "the text is too long for this slide even at the smallest size; shorten it"})
		} else if pct := int(100*(1-first.Scale) + 0.5); pct >= 1 {
			// (a shrink that rounds to 0% is no news)
			warns = append(warns, carousel.Warning{Code: carousel.WarnShrunk, Post: postID, Message: fmt.Sprintf("text was made %d%% smaller to fit", pct)})
		}
	default:
		pages = e.continuePages(pc, m, first, elems, minScale)
		if ctx.Err() != nil {
			return pages // cut short; the caller drops them
		}
		if len(pages) > 1 {
			warns = append(warns, carousel.Warning{Code: carousel.WarnOverflow, Post: postID, Message: fmt.Sprintf("the text continues on %d more slide(s)", len(pages)-1)})
		}
	}
	if m.linesTooWide(pages) {
		warns = append(warns, carousel.Warning{Code: carousel.WarnOverflow, Post: postID, Message: "a line is wider than the slide and sticks out; break up its longest word"})
	}
	pages[0].warns = append(warns, m.warns...)
	if len(m.b.missing) > 0 {
		pages[0].warns = append(pages[0].warns, carousel.Warning{Code: carousel.WarnMissingGlyph, Post: postID, Message: missingGlyphMessage(m.b.missingList())})
	}
	return pages
}

// missingGlyphMessage names the characters no font has and, for scripts
// that system fonts cover, the Debian package to install.
func missingGlyphMessage(missing []rune) string {
	var chars []string
	cjk := false
	for i, r := range missing {
		if i < 12 {
			chars = append(chars, fmt.Sprintf("%q (U+%04X)", string(r), r))
		}
		cjk = cjk || unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo)
	}
	if len(missing) > 12 {
		chars = append(chars, fmt.Sprintf("and %d more", len(missing)-12))
	}
	msg := "no font has the character(s) " + strings.Join(chars, ", ") + "; they are drawn as boxes"
	if cjk {
		return msg + ". Chinese, Japanese and Korean text needs the Noto CJK fonts on the machine that renders: install Debian's fonts-noto-cjk (sudo apt-get install fonts-noto-cjk), or put NotoSansCJK-Regular.ttc in /usr/share/fonts or /usr/local/share/fonts, then restart"
	}
	return msg + ". Install a font that has them (Debian: fonts-noto-core, fonts-noto-extra) in /usr/share/fonts or /usr/local/share/fonts, then restart"
}

// coverFlowScale is the smallest scale of the hook of a cover whose first
// post continues on content slides (one that does not fit the cover even
// at the smallest scale covers may take).
const coverFlowScale = 0.75

// flowCover lays out a cover whose first post does not fit it: the hook
// (cut at a word when even it is too long) at the largest scale down to
// coverFlowScale, with what follows it while that fits too, and the rest
// of the post as body text flowing onto content slides.
func (e *Engine) flowCover(pc *projectCtx, m *measurer, first *page, elems []elem) []*page {
	hook := elems[0]
	rest := elems[1:]
	s := 1.0
	for s > coverFlowScale && !m.fits(first, []elem{hook}, s) {
		s -= 0.05
	}
	s = math.Max(s, coverFlowScale)
	if !m.fits(first, []elem{hook}, s) && hook.Kind == elemText {
		// the hook alone is too long: its first lines make the hook
		box := m.textBox(first)
		if head, tail, ok := m.cut(hook, s, box.w(), box.h()-m.reserved(first)); ok {
			hook = head
			rest = append([]elem{tail}, rest...)
		}
	}
	on := []elem{hook}
	for len(rest) > 0 && m.fits(first, append(on[:len(on):len(on)], rest[0]), s) {
		on = append(on, rest[0])
		rest = rest[1:]
	}
	first.Elems, first.Scale = on, s
	if len(rest) == 0 {
		return []*page{first}
	}
	// The rest reads as the post's body on content slides.
	for i := range rest {
		if rest[i].Role == roleHook || rest[i].Role == roleSubtitle {
			rest[i].Role = roleBody
		}
	}
	cont := &page{Source: first.Source, Kind: carousel.SlideContent, Continued: true, Author: first.Author, Scale: 1}
	return append([]*page{first}, e.continuePages(pc, m, cont, rest, pc.typo.MinScale)...)
}

// missingPostWarnings warns of items naming posts the thread lacks.
func missingPostWarnings(pc *projectCtx, sl *carousel.Slide) []carousel.Warning {
	var warns []carousel.Warning
	for _, it := range sl.Items {
		if it.Post != "" && pc.p.Thread.PostByID(it.Post) == nil {
			warns = append(warns, carousel.Warning{Code: carousel.WarnPlaceholder, Post: it.Post, Message: fmt.Sprintf("post %s is not in the thread", it.Post)})
		}
	}
	return warns
}

// firstPostID is the post the first element comes from: warnings name it.
func firstPostID(elems []elem) string {
	for _, el := range elems {
		if el.Post != "" {
			return el.Post
		}
	}
	return ""
}

// largestFittingScale bisects [lo, hi] in steps rounds for the largest
// scale at which els fit pg; it returns lo when none does.
func (m *measurer) largestFittingScale(pg *page, els []elem, lo, hi float64, steps int) float64 {
	for range steps {
		if mid := (lo + hi) / 2; m.fits(pg, els, mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// continuePages flows text too long for one slide onto following pages,
// at the largest size that needs no more of them.
func (e *Engine) continuePages(pc *projectCtx, m *measurer, first *page, elems []elem, minScale float64) []*page {
	avail := func(pg *page) float64 { return m.textBox(pg).h() - m.reserved(pg) }
	pages := e.flow(pc, m, first, elems, minScale, avail)
	if m.goctx.Err() != nil {
		return pages
	}
	if n := len(pages); n <= 4 {
		// Use the largest size that needs no more slides: the text
		// spreads evenly instead of leaving a last slide nearly empty.
		lo, hi := minScale, 1.0
		for range 5 {
			mid := (lo + hi) / 2
			m.overflow = false
			if len(e.flow(pc, m, cloneFirst(first), elems, mid, avail)) <= n && !m.overflow {
				lo = mid
			} else {
				hi = mid
			}
		}
		if lo > minScale {
			pages = e.flow(pc, m, first, elems, lo, avail)
		}
	}
	// A page holding something that could not be cut (a picture, a
	// quote, a line of text) shrinks further rather than run over the
	// footer.
	for _, pg := range pages {
		if len(pg.Elems) != 1 || m.fits(pg, pg.Elems, pg.Scale) {
			continue
		}
		pg.Scale = m.largestFittingScale(pg, pg.Elems, 0.4, pg.Scale, 7)
	}
	return pages
}

// linesTooWide says whether a page has a line wider than its text box.
// Measuring tried larger sizes: only lines too wide at the final size count.
func (m *measurer) linesTooWide(pages []*page) bool {
	for _, pg := range pages {
		m.overflow = false
		m.height(pg.Elems, pg.Scale, m.textBox(pg).w())
		if m.overflow {
			return true
		}
	}
	return false
}

// minScaleOf is how far a slide's text may shrink before it continues.
func minScaleOf(pc *projectCtx, sl *carousel.Slide) float64 {
	if sl.Kind == carousel.SlideCover || sl.Kind == carousel.SlideOutro {
		return min(pc.typo.MinScale, 0.5) // these never continue, so they may shrink further
	}
	return pc.typo.MinScale
}

// gridImages puts two or more pictures of one post that follow each other
// in a grid, instead of a stack of thin strips (four photos stacked
// vertically, even on a wide slide). Pictures a template places itself
// (beside the text, filling the slide) stay as they are.
func gridImages(els []elem) []elem {
	plain := func(el elem) bool { return el.Kind == elemImage && !el.Side && !el.Fill && !el.Crop }
	var out []elem
	for i := 0; i < len(els); {
		j := i + 1
		for plain(els[i]) && j < len(els) && plain(els[j]) && els[j].Post == els[i].Post {
			j++
		}
		if j-i < 2 {
			out = append(out, els[i])
			i++
			continue
		}
		g := elem{Kind: elemGrid, Post: els[i].Post}
		for _, el := range els[i:j] {
			g.Grid = append(g.Grid, *el.Media)
		}
		out = append(out, g)
		i = j
	}
	return out
}

// visiblePart is what can show of elements that overflow pg at scale s:
// the elements up to the first that runs past the slide's end, a huge
// block among them cut to its start, so that drawing never lays out text
// far below the slide.
func (m *measurer) visiblePart(pg *page, els []elem, s float64) []elem {
	box := m.textBox(pg)
	room := box.h() - m.reserved(pg)
	h := 0.0
	for i, el := range els {
		if i > 0 {
			h += m.gap(els[i-1], el, s)
		}
		if pre, ok := prefixElem(el, hugeBlock); ok && h+m.elemHeight(pre, s, box.w()) > room {
			return append(append([]elem{}, els[:i]...), pre)
		}
		if h += m.elemHeight(el, s, box.w()); h > room {
			return els[:i+1]
		}
	}
	return els
}

// firstPage arranges a slide's first page: its kind, the template's look
// and the split side, and returns the elements that flow on it. (Words too
// long for a line break where the line breaking rules allow: see
// linebreak.go.)
func (m *measurer) firstPage(src, step int, sl *carousel.Slide) (*page, []elem) {
	pc := m.pc
	first := &page{Source: src, Kind: sl.Kind, Scale: 1, Author: pc.author}
	var elems []elem
	switch sl.Kind {
	case carousel.SlideCover:
		var lk look
		elems, lk = pc.tpl.Cover(pc, sl)
		first.Center, first.Layout, first.Backdrop = lk.Center, lk.Layout, lk.Backdrop
	case carousel.SlideOutro:
		var lk look
		elems, lk = pc.tpl.Outro(pc, sl)
		first.Center, first.Lead = lk.Center, lk.Lead
	case carousel.SlideImage:
		elems = imageSlideElems(pc, sl)
		if _, ok := pc.tpl.(photoFirst); ok && len(elems) > 0 && elems[len(elems)-1].Kind == elemImage && !hasText(elems) {
			// Photo first: a picture alone fills the slide edge to edge.
			first.Backdrop, elems = elems[len(elems)-1].Media, nil
		}
	default:
		var lk look
		elems, lk = pc.tpl.Elements(pc, sl, step)
		first.Lead, first.Center, first.Layout, first.Backdrop = lk.Lead, lk.Center, lk.Layout, lk.Backdrop
		if a := slideAuthor(pc.p, sl); a != nil {
			first.Author = *a
		}
		// A post card of nobody (pasted text, no brand) has no author row
		// rather than an anonymous one.
		if first.Author.Name == "" && first.Author.Handle == "" {
			first.Lead = false
		}
	}
	m.kind = sl.Kind
	elems = gridImages(elems)
	if first.Layout == layoutSplit {
		var flowEls []elem
		for _, el := range elems {
			if el.Side {
				first.Side = append(first.Side, el)
			} else {
				flowEls = append(flowEls, el)
			}
		}
		elems = flowEls
		if len(first.Side) == 0 {
			first.Layout = layoutColumn
		} else {
			first.SideScale = m.sideScale(first)
		}
	}
	return first, elems
}

// fits says whether els fit pg at scale s. Text that fits must also fit
// across: a word wider than the slide shrinks the text like a line too
// many does.
func (m *measurer) fits(pg *page, els []elem, s float64) bool {
	m.overflow = false
	box := m.textBox(pg)
	room := box.h() - m.reserved(pg) + 1e-6
	// A huge block is measured by its start first: when that alone does
	// not fit, neither does the whole, and the whole is never laid out.
	for _, el := range els {
		if pre, ok := prefixElem(el, hugeBlock); ok && m.elemHeight(pre, s, box.w()) > room {
			m.overflow = false
			m.lastFit = fitMemo{}
			return false
		}
	}
	// Summed element by element, stopping at the first that overflows: a
	// post of a thousand paragraphs is not measured past the slide's end.
	h := 0.0
	for i, el := range els {
		if i > 0 {
			h += m.gap(els[i-1], el, s)
		}
		if h += m.elemHeight(el, s, box.w()); h > room {
			m.overflow = false
			m.lastFit = fitMemo{} // a partial measure: auto size measures afresh
			return false
		}
	}
	m.lastFit = fitMemo{len(els), s, h, m.overflow}
	return !m.overflow
}

// prefixElem is a text element cut to about n bytes, at a space, when it
// is longer; ok is false when el is kept whole.
func prefixElem(el elem, n int) (elem, bool) {
	if el.Kind != elemText || blockLen(el.Block) <= n {
		return el, false
	}
	at := cutAt(el.Block.Spans, n)
	if at <= 0 {
		return el, false
	}
	pre := el
	pre.Block.Spans, _ = splitSpans(el.Block.Spans, at)
	return pre, true
}

// cutAt is a byte offset at most n into the spans' text, after the last
// space before n, or at a character boundary when the text has no space
// there. It reads only the first n bytes.
func cutAt(spans []carousel.Span, n int) int {
	at := 0
	lastSpace := -1
	for _, sp := range spans {
		if at+len(sp.Text) >= n {
			head := sp.Text[:n-at]
			if i := strings.LastIndexByte(head, ' '); i >= 0 {
				return at + i
			}
			if lastSpace > 0 {
				return lastSpace
			}
			cut := n - at
			for cut > 0 && !utf8.RuneStart(sp.Text[cut]) {
				cut--
			}
			return at + cut
		}
		if i := strings.LastIndexByte(sp.Text, ' '); i >= 0 {
			lastSpace = at + i
		}
		at += len(sp.Text)
	}
	return at
}

// flow fills pages at scale s, cutting a text block between lines where a
// page ends.
func (e *Engine) flow(pc *projectCtx, m *measurer, first *page, elems []elem, s float64, avail func(*page) float64) []*page {
	var pages []*page
	pg := first
	rest := elems
	for len(rest) > 0 {
		if m.goctx.Err() != nil {
			// The request is gone: stop here, the caller drops the result.
			pg.Elems = rest
			return append(pages, pg)
		}
		pg.Scale = s
		room := avail(pg)
		width := m.textBox(pg).w()
		used := 0.0
		n := 0
		for n < len(rest) {
			gap := 0.0
			if n > 0 {
				gap = m.gap(rest[n-1], rest[n], s)
			}
			h := math.Inf(1) // a huge block cannot fit a slide: skip measuring it whole
			if rest[n].Kind != elemText || blockLen(rest[n].Block) < hugeBlock {
				h = m.elemHeight(rest[n], s, width)
			}
			if used+gap+h <= room+1e-6 {
				used += gap + h
				n++
				continue
			}
			if rest[n].Kind == elemText {
				// The head laid out alone may break its lines differently
				// from the whole block: cut shorter until it really fits.
				left := room - used - gap
				for try := 0; try < 4 && left > 0; try++ {
					head, tail, ok := m.cut(rest[n], s, width, left)
					if !ok {
						break
					}
					if hh := m.elemHeight(head, s, width); hh > left+1e-6 && try < 3 {
						left -= hh - left + 0.5*m.style(head.Role, head.Block, s).size
						continue
					}
					pg.Elems = append(append([]elem{}, rest[:n]...), head)
					rest = append([]elem{tail}, rest[n+1:]...)
					n = -1
					break
				}
			}
			break
		}
		if n >= 0 {
			if n == 0 {
				n = 1 // a single thing taller than a whole slide: show it anyway
			}
			pg.Elems = append([]elem{}, rest[:n]...)
			rest = rest[n:]
		}
		if len(pages) > 0 && len(pg.Elems) > 0 && allAgain(pg.Elems) && len(rest) > 0 {
			// the repeated heading took the page alone: drop it here
			pg.Elems = nil
			continue
		}
		pages = append(pages, pg)
		pg = &page{Source: first.Source, Kind: carousel.SlideContent, Continued: true, Author: first.Author, Scale: s}
		if title, ok := repeatedTitle(pages[0], rest); ok && (len(pg.Elems) == 0) {
			rest = append(title, rest...)
		}
	}
	return pages
}

// allAgain says whether a page holds only a repeated heading.
func allAgain(els []elem) bool {
	for _, el := range els {
		if !el.Again {
			return false
		}
	}
	return true
}

// repeatedTitle is the heading a slide's continued pages repeat, marked
// as continued, with the rules a template sets before it: the title its
// first page starts with, when that page holds all of it.
func repeatedTitle(first *page, rest []elem) ([]elem, bool) {
	if len(rest) == 0 || rest[0].Again || (rest[0].Role == roleTitle && !rest[0].Cont) {
		return nil, false
	}
	lead := 0
	for lead < len(first.Elems) && first.Elems[lead].Kind == elemRule {
		lead++
	}
	if lead+1 >= len(first.Elems) {
		return nil, false
	}
	t := first.Elems[lead]
	if t.Kind != elemText || t.Role != roleTitle || t.Again {
		return nil, false
	}
	t.Block.Spans = append(append([]carousel.Span{}, t.Block.Spans...), carousel.Span{Text: " (continued)"})
	t.Again = true
	out := append(append([]elem{}, first.Elems[:lead]...), t)
	for i := range out[:lead] {
		out[i].Again = true
	}
	return out, true
}

func slideAuthor(p *carousel.Project, sl *carousel.Slide) *carousel.Author {
	for _, it := range sl.Items {
		if post := p.Thread.PostByID(it.Post); post != nil && post.Author != nil {
			return post.Author
		}
	}
	return nil
}

// postBlocks returns the blocks an item shows: its edited text, or the
// post's blocks in [From, To).
func postBlocks(p *carousel.Project, it carousel.Item) (*carousel.Post, []carousel.Block) {
	post := p.Thread.PostByID(it.Post)
	if len(it.Blocks) > 0 {
		return post, it.Blocks
	}
	if post == nil {
		return nil, nil
	}
	if post.Placeholder != "" && len(post.Blocks) == 0 {
		return post, []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Post unavailable: " + post.Placeholder, Italic: true}}}}
	}
	blocks := post.Blocks
	if it.From != 0 || it.To != 0 {
		from, to := it.From, it.To
		if to <= 0 || to > len(blocks) {
			to = len(blocks)
		}
		if from < 0 {
			from = 0
		}
		if from > to {
			from = to
		}
		blocks = blocks[from:to]
	}
	return post, blocks
}

// itemElems turns a content slide's items into elements; a headline
// template styles the first block as a title.
func itemElems(pc *projectCtx, sl *carousel.Slide, headline bool) []elem {
	var out []elem
	// Under a heading post, the one-line posts of a slide read as its list.
	asList := false
	if headline && len(sl.Items) > 1 {
		if first := pc.p.Thread.PostByID(sl.Items[0].Post); first != nil && len(sl.Items[0].Blocks) == 0 && headingPost(first) {
			asList = true
		}
	}
	for k, it := range sl.Items {
		post, blocks := postBlocks(pc.p, it)
		id := it.Post
		if asList && k > 0 && len(blocks) == 1 && blocks[0].Type == carousel.Paragraph && listPost(&carousel.Post{Blocks: blocks}) {
			blocks = []carousel.Block{blocks[0]}
			blocks[0].Type = carousel.Bullet
		}
		for _, b := range blocks {
			// A later part of a split post goes on as body text.
			if headline && len(out) == 0 && it.From == 0 {
				title, rest, ok := firstSentence(b)
				if !ok {
					// a long post without a short first sentence reads as
					// body text, not as a display headline
					out = append(out, elem{Kind: elemText, Block: b, Post: id})
					continue
				}
				out = append(out, elem{Kind: elemText, Role: roleTitle, Block: title, Post: id})
				if len(rest.Spans) > 0 {
					out = append(out, elem{Kind: elemText, Block: rest, Post: id})
				}
				continue
			}
			out = append(out, elem{Kind: elemText, Block: b, Post: id})
		}
		// A post split over slides shows its images and quote with its end.
		ends := post != nil && (len(it.Blocks) > 0 || it.To <= 0 || it.To >= len(post.Blocks))
		if ends && !it.NoMedia {
			for i := range post.Media {
				out = append(out, elem{Kind: elemImage, Media: &post.Media[i], Post: id})
			}
		}
		if ends && !it.NoMedia && post.Quote != nil {
			out = append(out, elem{Kind: elemQuote, Quote: post.Quote, Post: id})
		}
		if it.Image != nil {
			out = append(out, elem{Kind: elemImage, Media: it.Image, Post: id})
		}
	}
	return out
}

func coverElems(pc *projectCtx, sl *carousel.Slide) []elem {
	var first *carousel.Post
	var blocks []carousel.Block
	id := ""
	if len(sl.Items) > 0 {
		first, blocks = postBlocks(pc.p, sl.Items[0])
		id = sl.Items[0].Post
	} else if len(pc.p.Thread.Posts) > 0 {
		first = &pc.p.Thread.Posts[0]
		blocks, id = first.Blocks, first.ID
	}
	var out []elem
	if sl.Title != "" {
		out = append(out, elem{Kind: elemText, Role: roleHook, Block: carousel.Block{Type: carousel.Heading, Spans: []carousel.Span{{Text: sl.Title}}}})
		if sl.Subtitle != "" {
			out = append(out, elem{Kind: elemText, Role: roleSubtitle, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: sl.Subtitle}}}})
		}
		return out
	}
	for i, b := range blocks {
		if i == 0 {
			// A long first paragraph gives its first sentence as the hook.
			hook, rest, _ := firstSentence(b) // without a short first sentence, all of it: flowCover cuts it
			out = append(out, elem{Kind: elemText, Role: roleHook, Block: hook, Post: id})
			if len(rest.Spans) > 0 {
				out = append(out, elem{Kind: elemText, Role: roleSubtitle, Block: rest, Post: id})
			}
			continue
		}
		out = append(out, elem{Kind: elemText, Role: roleSubtitle, Block: b, Post: id})
	}
	if sl.Subtitle != "" {
		out = append(out, elem{Kind: elemText, Role: roleSubtitle, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: sl.Subtitle}}}})
	}
	_ = first
	return out
}

// CTA defaults per variant: title, text and button.
var ctaDefaults = map[int][3]string{
	1: {"Follow for more", "I share threads like this every week.", "Follow"},
	2: {"Found this useful?", "Repost it so your network sees it too.", "Repost & share"},
	3: {"Save this for later", "Bookmark it, and find more on my site.", "Visit"},
}

func outroElems(pc *projectCtx, sl *carousel.Slide) []elem {
	cta := pc.p.Settings.CTA
	d := ctaDefaults[cta.Variant]
	if d == [3]string{} {
		d = ctaDefaults[1]
	}
	title, text, button := d[0], d[1], d[2]
	if cta.Variant == 1 && pc.brand.Handle != "" {
		title = "Follow @" + pc.brand.Handle + " for more"
	}
	if cta.Variant == 3 && cta.URL != "" {
		button = "Visit " + strings.TrimPrefix(strings.TrimPrefix(cta.URL, "https://"), "http://")
	}
	if cta.Title != "" {
		title = cta.Title
	}
	if cta.Text != "" {
		text = cta.Text
	}
	if cta.Button != "" {
		button = cta.Button
	}
	if sl.Title != "" {
		title = sl.Title
	}
	if sl.Subtitle != "" {
		text = sl.Subtitle
	}
	out := []elem{{Kind: elemText, Role: roleTitle, Block: carousel.Block{Type: carousel.Heading, Spans: []carousel.Span{{Text: title}}}}}
	if text != "" {
		out = append(out, elem{Kind: elemText, Role: roleSubtitle, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: text}}}})
	}
	for _, it := range sl.Items {
		for _, b := range it.Blocks {
			out = append(out, elem{Kind: elemText, Role: roleSubtitle, Block: b})
		}
	}
	if button != "" {
		out = append(out, elem{Kind: elemButton, Block: carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: button, Bold: true, Link: cta.URL}}}})
	}
	return out
}

func imageSlideElems(pc *projectCtx, sl *carousel.Slide) []elem {
	out := imageSlideFlow(pc, sl)
	if _, ok := pc.tpl.(imageFocus); ok {
		for i := range out {
			out[i].Crop = out[i].Fill // image focus fills the slide with the picture
		}
	}
	return out
}

func imageSlideFlow(pc *projectCtx, sl *carousel.Slide) []elem {
	var out []elem
	for _, it := range sl.Items {
		post, blocks := postBlocks(pc.p, it)
		for _, b := range blocks {
			out = append(out, elem{Kind: elemText, Block: b, Post: it.Post})
		}
		if it.Image != nil {
			out = append(out, elem{Kind: elemImage, Media: it.Image, Fill: true, Post: it.Post})
		} else if post != nil && !it.NoMedia {
			for i := range post.Media {
				out = append(out, elem{Kind: elemImage, Media: &post.Media[i], Fill: len(post.Media) == 1, Post: it.Post})
			}
		}
	}
	return out
}

func hasText(els []elem) bool {
	for _, el := range els {
		if el.Kind == elemText {
			return true
		}
	}
	return false
}

func cloneFirst(p *page) *page {
	c := *p
	c.Elems = nil
	return &c
}

// firstSentence splits a block longer than a hook should be after its
// first sentence or line: the shortest run of sentences of at least 12
// bytes ("Hi." alone is not a headline) and at most 120 characters. ok is
// false when a long block has no such start; short blocks come back whole.
func firstSentence(b carousel.Block) (head, tail carousel.Block, ok bool) {
	text := carousel.BlocksText([]carousel.Block{b})
	if utf8.RuneCountInString(text) <= 110 {
		return b, carousel.Block{}, true
	}
	cut := -1
	for i, r := range text {
		if i > 0 && (r == '\n' || ((r == ' ') && strings.ContainsRune(".!?:。！？", lastRune(text[:i])))) {
			if i >= 12 {
				cut = i
				break
			}
		}
		if utf8.RuneCountInString(text[:i]) > 120 {
			break
		}
	}
	if cut < 0 || utf8.RuneCountInString(text[:cut]) > 120 {
		return b, carousel.Block{}, false
	}
	head, tail = b, b
	head.Spans, tail.Spans = splitSpans(b.Spans, cut)
	tail.Type = carousel.Paragraph
	return head, tail, true
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// splitSpans splits spans at a byte offset of their joined text, trimming
// the spaces at the cut.
func splitSpans(spans []carousel.Span, cut int) (head, tail []carousel.Span) {
	at := 0
	for _, sp := range spans {
		end := at + len(sp.Text)
		switch {
		case end <= cut:
			head = append(head, sp)
		case at >= cut:
			tail = append(tail, sp)
		default:
			h, t := sp, sp
			h.Text = strings.TrimRight(sp.Text[:cut-at], " \n")
			t.Text = strings.TrimLeft(sp.Text[cut-at:], " \n")
			if h.Text != "" {
				head = append(head, h)
			}
			if t.Text != "" {
				tail = append(tail, t)
			}
		}
		at = end
	}
	return head, tail
}

// hugeBlock is a block length, in bytes, more than any slide holds: such
// blocks are cut from a prefix instead of being laid out whole each time.
const hugeBlock = 6000

func blockLen(b carousel.Block) int {
	n := 0
	for _, sp := range b.Spans {
		n += len(sp.Text)
	}
	return n
}
