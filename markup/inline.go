// SPDX-License-Identifier: MIT

package markup

import (
	"strings"
	"unicode"

	carousel "github.com/carouselstudio/carousel"
)

// delim is a run of '*', '_', '~' or '=' that may open or close emphasis.
type delim struct {
	char       rune
	start, end int // the run's remaining cells [start, end)
	origLen    int
	canOpen    bool
	canClose   bool
	prev, next int // neighbours in the live delimiter list, -1 at the ends
}

// inlineParser turns one block's cells into spans.
type inlineParser struct {
	links *[]target
	cells []cell
	// noEntities: the text's links are all marked up (fediverse HTML), so
	// plain text is not searched for more.
	noEntities bool
	hidden     []bool     // markup characters that are not shown
	add        [4][]int32 // per style bit: +1 where emphasis starts, -1 after it ends
	scope      []int32    // 0 outside markdown links, k inside link text k
	// Buffers reused from block to block.
	vis     []cell
	parens  []int32
	runes   []rune
	matches []match
}

// reuse returns s resized to n zero values, reusing its memory when it can:
// a post has many small blocks.
func reuse[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// mdStyleBits are the styles markdown emphasis can give, in add order.
var mdStyleBits = [4]uint8{styleBold, styleItalic, styleStrike, styleHighlight}

func (p *inlineParser) parse(cells []cell) []carousel.Span {
	n := len(cells)
	p.cells = cells
	p.hidden = reuse(p.hidden, n)
	p.scope = reuse(p.scope, n)
	for k := range p.add {
		p.add[k] = reuse(p.add[k], n+1)
	}

	p.codeSpans()
	nScopes := p.findLinks()
	p.emphasis(nScopes)

	// Resolve each visible cell's style.
	var run [4]int32
	vis := p.vis[:0]
	for i, c := range cells {
		for k := range run {
			run[k] += p.add[k][i]
		}
		if p.hidden[i] {
			continue
		}
		for k, bit := range mdStyleBits {
			if run[k] > 0 {
				c.style |= bit
			}
		}
		vis = append(vis, c)
	}
	p.vis = vis
	return p.buildSpans(vis)
}

// codeSpans finds `code` spans: a run of backticks closed by the next run
// of as many. The backticks are hidden, and what is between them is code:
// literal, never emphasis, links or entities.
func (p *inlineParser) codeSpans() {
	cells := p.cells
	runEnd := func(i int) int {
		j := i
		for j < len(cells) && cells[j].markup('`') {
			j++
		}
		return j
	}
	// noClose[n] is where a search for a closing run of n backticks last
	// gave up: an opener before it has no closer either, which keeps
	// unmatched backticks linear.
	noClose := map[int]int{}
	for i := 0; i < len(cells); {
		if !cells[i].markup('`') || (i > 0 && cells[i-1].markup('\\')) {
			i++
			continue
		}
		j := runEnd(i)
		n := j - i
		if stop, ok := noClose[n]; ok && i < stop {
			i = j
			continue
		}
		closeAt := -1
		k := j
		for k < len(cells) {
			if cells[k].r == '\n' && k+1 < len(cells) && cells[k+1].r == '\n' {
				break // code spans stay within a paragraph
			}
			if cells[k].markup('`') {
				e := runEnd(k)
				if e-k == n {
					closeAt = k
					break
				}
				k = e
				continue
			}
			k++
		}
		if closeAt < 0 {
			noClose[n] = k
		}
		if closeAt < 0 || closeAt == j {
			i = j
			continue
		}
		for k := i; k < j; k++ {
			p.hidden[k] = true
		}
		for k := closeAt; k < closeAt+n; k++ {
			p.hidden[k] = true
		}
		for k := j; k < closeAt; k++ {
			cells[k].lit = true
			cells[k].style |= styleCode
		}
		i = closeAt + n
	}
}

// findLinks finds markdown links "[text](url)", hides their brackets and
// URL, and gives the text cells the link. It returns the number of links.
func (p *inlineParser) findLinks() int {
	cells := p.cells
	p.parens = matchParens(p.parens, cells)
	closing := p.parens
	var opens []int
	nLinks := 0
	for i := 0; i < len(cells); i++ {
		c := cells[i]
		switch {
		case c.markup('['):
			opens = append(opens, i)
		case c.markup(']') && len(opens) > 0:
			o := opens[len(opens)-1]
			opens = opens[:len(opens)-1]
			if o+1 == i || i+1 >= len(cells) || !cells[i+1].markup('(') {
				continue
			}
			closeAt := int(closing[i+1])
			if closeAt < 0 || closeAt == i+2 {
				continue
			}
			var b strings.Builder
			for _, c := range cells[i+2 : closeAt] {
				b.WriteRune(c.r)
			}
			u := linkURL(b.String())
			if u == "" {
				continue
			}
			*p.links = append(*p.links, target{url: u})
			idx := int32(len(*p.links))
			nLinks++
			p.hidden[o] = true
			for k := i; k <= closeAt; k++ {
				p.hidden[k] = true
			}
			for k := o + 1; k < i; k++ {
				p.cells[k].link = idx
				p.scope[k] = int32(nLinks)
			}
			opens = opens[:0] // links do not nest
			i = closeAt
		}
	}
	return nLinks
}

// matchParens returns, for each typed '(', the index of the ')' that
// balances it with no white space between, or -1. One pass keeps finding
// link destinations linear.
func matchParens(closing []int32, cells []cell) []int32 {
	closing = reuse(closing, len(cells))
	var stack []int
	for k, c := range cells {
		closing[k] = -1
		switch {
		case unicode.IsSpace(c.r):
			stack = stack[:0] // a URL holds no white space
		case c.markup('('):
			stack = append(stack, k)
		case c.markup(')') && len(stack) > 0:
			closing[stack[len(stack)-1]] = int32(k)
			stack = stack[:len(stack)-1]
		}
	}
	return closing
}

// emphasis matches delimiter runs the way CommonMark does, scope by scope,
// so that emphasis never crosses a link's edge.
func (p *inlineParser) emphasis(nScopes int) {
	lists := make([][]delim, nScopes+1)
	cells := p.cells
	for i := 0; i < len(cells); {
		c := cells[i]
		if p.hidden[i] || c.lit || (c.r != '*' && c.r != '_' && c.r != '~' && c.r != '=') {
			i++
			continue
		}
		j := i + 1
		for j < len(cells) && !p.hidden[j] && cells[j].markup(c.r) && p.scope[j] == p.scope[i] {
			j++
		}
		if d, ok := p.makeDelim(i, j); ok {
			s := p.scope[i]
			lists[s] = append(lists[s], d)
		}
		i = j
	}
	for _, ds := range lists {
		p.processEmphasis(ds)
	}
}

func (p *inlineParser) makeDelim(i, j int) (delim, bool) {
	cells := p.cells
	ch := cells[i].r
	if ch == '~' && j-i != 2 {
		return delim{}, false // a single "~" means "about"
	}
	if ch == '=' && j-i != 2 {
		return delim{}, false // "a = b" and "===" stay as typed
	}
	before, after := ' ', ' '
	if i > 0 {
		before = cells[i-1].r
		if before == '\\' && !cells[i-1].lit {
			return delim{}, false // "¯\_(ツ)_/¯" and escaped markup stay as typed
		}
	}
	if j < len(cells) {
		after = cells[j].r
	}
	if ch == '*' && isDigit(before) && isDigit(after) {
		return delim{}, false // "2*3*4 = 24" multiplies
	}
	spaceBefore, spaceAfter := unicode.IsSpace(before), unicode.IsSpace(after)
	punctBefore, punctAfter := isPunct(before), isPunct(after)
	left := !spaceAfter && (!punctAfter || spaceBefore || punctBefore)
	right := !spaceBefore && (!punctBefore || spaceAfter || punctAfter)
	d := delim{char: ch, start: i, end: j, origLen: j - i, prev: -1, next: -1}
	if ch == '_' {
		d.canOpen = left && (!right || punctBefore)
		d.canClose = right && (!left || punctAfter)
	} else {
		d.canOpen, d.canClose = left, right
	}
	return d, d.canOpen || d.canClose
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// processEmphasis is CommonMark's "process emphasis" over one scope's
// delimiters, kept linear by remembering where searches for openers failed.
func (p *inlineParser) processEmphasis(ds []delim) {
	if len(ds) == 0 {
		return
	}
	for k := range ds {
		ds[k].prev, ds[k].next = k-1, k+1
	}
	ds[len(ds)-1].next = -1
	remove := func(k int) {
		d := &ds[k]
		if d.prev >= 0 {
			ds[d.prev].next = d.next
		}
		if d.next >= 0 {
			ds[d.next].prev = d.prev
		}
	}
	// openersBottom[key] is the list index below which no opener exists for
	// closers of that kind.
	bottom := map[[3]int]int{}
	for c := 0; c >= 0 && c < len(ds); {
		cl := &ds[c]
		if !cl.canClose {
			c = cl.next
			continue
		}
		key := [3]int{int(cl.char), boolInt(cl.canOpen), cl.origLen % 3}
		floor, seen := bottom[key]
		if !seen {
			floor = -1
		}
		o := cl.prev
		for ; o > floor; o = ds[o].prev {
			op := &ds[o]
			if op.char != cl.char || !op.canOpen || op.end == op.start {
				continue
			}
			if (op.canClose || cl.canOpen) && (op.origLen+cl.origLen)%3 == 0 &&
				!(op.origLen%3 == 0 && cl.origLen%3 == 0) && cl.char != '~' && cl.char != '=' {
				continue
			}
			break
		}
		if o <= floor {
			bottom[key] = cl.prev
			next := cl.next
			if !cl.canOpen {
				remove(c)
			}
			c = next
			continue
		}
		op := &ds[o]
		use, bit := 1, 1 // italic
		switch {
		case cl.char == '~':
			use, bit = 2, 2
		case cl.char == '=':
			use, bit = 2, 3
		case op.end-op.start >= 2 && cl.end-cl.start >= 2:
			use, bit = 2, 0
		}
		op.end -= use
		for k := op.end; k < op.end+use; k++ {
			p.hidden[k] = true
		}
		for k := cl.start; k < cl.start+use; k++ {
			p.hidden[k] = true
		}
		p.add[bit][op.end+use]++
		p.add[bit][cl.start]--
		cl.start += use
		// Delimiters between the pair can no longer match.
		op.next, cl.prev = c, o
		if op.end == op.start {
			remove(o)
		}
		if cl.end == cl.start {
			next := cl.next
			remove(c)
			c = next
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
