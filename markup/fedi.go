// SPDX-License-Identifier: MIT

package markup

import (
	"net/url"
	"strings"

	carousel "github.com/carouselstudio/carousel"
)

// ParseHTML turns the HTML content of a post from a fediverse server
// (Mastodon, GoToSocial, Akkoma, Pleroma…) into rich-text blocks.
//
// Paragraphs and line breaks are kept, white space collapses as a browser
// collapses it, and typed "- " or "1. " lines become list items as they do
// for X. Links keep only their visible part: Mastodon wraps the scheme and
// the tail of a long URL in span.invisible and the rest in span.ellipsis,
// which gets its "…". Links classed "mention" are mentions, "hashtag" (or
// "mention hashtag") hashtags; a link without a class is judged by its
// first character. Quote fallbacks (.quote-inline, "RE: …") are dropped,
// since the quote is shown as a quote. Nothing else is read as markup: a
// "*" or "#" in the text stays as typed, and plain text is not searched
// for URLs or mentions, which the server has linked already.
//
// base resolves relative hrefs ("https://mastodon.social"); with "" they
// are not links.
func ParseHTML(html, base string) (blocks []carousel.Block) {
	defer func() {
		// A bug must not take the import down: fall back to plain text.
		if recover() != nil {
			blocks = plainBlocks(stripTags(html))
		}
	}()
	return parseHTML(html, base)
}

// parseHTML is ParseHTML without the safety net, so that tests see a panic.
func parseHTML(html, base string) []carousel.Block {
	var blocks []carousel.Block
	var links []target
	lx := newLexer(html, &links)
	lx.fedi, lx.base = true, strings.TrimRight(base, "/")
	lx.fediOpenCount = map[string]int{}
	lx.run()
	cells := lx.cells
	typedListMarkers(cells)
	p := inlineParser{links: &links, noEntities: true}
	for _, rb := range splitBlocks(cells) {
		spans := p.parse(rb.cells)
		if len(spans) == 0 {
			continue
		}
		b := carousel.Block{Type: rb.typ, Spans: spans}
		switch rb.typ {
		case carousel.Heading:
			b.Level = rb.level
		case carousel.Numbered:
			b.Number = rb.number
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// space emits one collapsed space of fediverse HTML.
func (lx *lexer) space() {
	if lx.hidden > 0 {
		return
	}
	if n := len(lx.cells); n == 0 || lx.cells[n-1].r == ' ' || lx.cells[n-1].r == '\n' {
		return
	}
	lx.emit(' ', true)
}

// fediOpen records an opened span, p or a and what its class does: the
// end of a link or paragraph also ends the spans left open inside it.
func (lx *lexer) fediOpen(t tagInfo) {
	switch t.name {
	case "span", "p", "a", "li":
	default:
		return
	}
	o := fediOpen{name: t.name}
	for _, c := range strings.Fields(t.class) {
		switch c {
		case "invisible", "quote-inline":
			o.hide = true
		case "ellipsis":
			o.ellipsis = true
		}
	}
	if o.hide {
		lx.hidden++
	}
	lx.fediStack = append(lx.fediStack, o)
	lx.fediOpenCount[t.name]++
}

// fediClose closes the innermost open element of the tag's name.
// A count of open elements per name keeps stray end tags from making
// this quadratic.
func (lx *lexer) fediClose(t tagInfo) {
	if lx.fediOpenCount[t.name] == 0 {
		return
	}
	for i := len(lx.fediStack) - 1; i >= 0; i-- {
		o := lx.fediStack[i]
		if o.name != t.name {
			continue
		}
		// Elements left open inside it close with it.
		for _, inner := range lx.fediStack[i:] {
			if inner.hide {
				lx.hidden--
			}
			lx.fediOpenCount[inner.name]--
		}
		lx.fediStack = lx.fediStack[:i]
		if o.ellipsis {
			lx.emit('…', true)
		}
		return
	}
}

// fediLinkKind is the entity a link's class names, or "" when it names none.
func fediLinkKind(class string) string {
	var mention, hashtag bool
	for _, c := range strings.Fields(class) {
		switch c {
		case "mention", "u-url":
			mention = true
		case "hashtag":
			hashtag = true
		}
	}
	switch {
	case hashtag:
		return carousel.EntityHashtag
	case mention:
		return carousel.EntityMention
	}
	return ""
}

// fediTextKind judges a link without a class by its first character.
func fediTextKind(first rune) string {
	switch first {
	case '@':
		return carousel.EntityMention
	case '#':
		return carousel.EntityHashtag
	}
	return carousel.EntityURL
}

// resolveFediHref returns an absolute http(s) or mailto URL, resolving a
// relative href against base, or "" for one that must not be a link.
func resolveFediHref(href, base string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.ContainsAny(href, " \n\t<>\"") {
		return ""
	}
	if strings.HasPrefix(href, "/") || !strings.Contains(href, ":") {
		if base == "" {
			return ""
		}
		b, err := url.Parse(base + "/")
		if err != nil {
			return ""
		}
		r, err := url.Parse(href)
		if err != nil {
			return ""
		}
		href = b.ResolveReference(r).String()
	}
	return linkURL(href)
}

// typedListMarkers lets "- ", "• ", "* ", "+ ", "1. " and "1) " typed at
// the start of a line mark list items, though the text is otherwise literal.
func typedListMarkers(cells []cell) {
	for i := 0; i < len(cells); i++ {
		if i > 0 && cells[i-1].r != '\n' {
			continue
		}
		j := i
		for j < len(cells) && (cells[j].r == ' ' || cells[j].r == '\u00a0') {
			j++
		}
		if j+1 >= len(cells) {
			return
		}
		switch cells[j].r {
		case '-', '*', '•', '+':
			if isSpaceCell(cells[j+1]) {
				cells[j].lit = false
			}
			continue
		}
		k := j
		for k < len(cells) && k-j < 4 && cells[k].r >= '0' && cells[k].r <= '9' {
			k++
		}
		if k > j && k-j <= 3 && k+1 < len(cells) && (cells[k].r == '.' || cells[k].r == ')') && isSpaceCell(cells[k+1]) {
			for m := j; m <= k; m++ {
				cells[m].lit = false
			}
		}
	}
}

// stripTags is the last-resort reading of HTML: its text without tags.
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}
