// SPDX-License-Identifier: MIT

package markup

import (
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Style bits a cell may carry.
const (
	styleBold uint8 = 1 << iota
	styleItalic
	styleUnderline
	styleStrike
	styleHighlight
	styleCode // inside `backticks`: monospace, never markup
)

// A cell is one rune of text after HTML has been lexed away, with the style
// and link the surrounding HTML gave it. Working on cells lets the markdown
// pass see HTML styles and tell typed characters from decoded entities.
type cell struct {
	r     rune
	link  int32 // 1-based index into the parser's links; 0 for none
	style uint8
	lit   bool // decoded from an HTML entity: never markup
}

// maxTagLen bounds how far a tag may run before its ">" so that text full of
// "<a" cannot make lexing quadratic.
const maxTagLen = 1024

// tagKind says what a known HTML element does to the text.
type tagKind uint8

const (
	tagIgnore    tagKind = iota // dropped, its text kept
	tagBold                     // style index 0
	tagItalic                   // style index 1
	tagUnderline                // style index 2
	tagStrike                   // style index 3
	tagHighlight                // style index 4
	tagLink
	tagBreak
	tagBlock // a paragraph break before and after
	tagListItem
	tagOrderedList
	tagUnorderedList
	tagHeading
	tagRaw // its content is dropped too (script, style)
)

var knownTags = map[string]tagKind{
	"b": tagBold, "strong": tagBold,
	"i": tagItalic, "em": tagItalic,
	"u": tagUnderline, "ins": tagUnderline,
	"s": tagStrike, "del": tagStrike, "strike": tagStrike,
	"mark": tagHighlight,
	"a":    tagLink,
	"br":   tagBreak,
	"p":    tagBlock, "div": tagBlock, "blockquote": tagBlock, "pre": tagBlock,
	"section": tagBlock, "article": tagBlock, "header": tagBlock, "footer": tagBlock,
	"main": tagBlock, "aside": tagBlock, "nav": tagBlock, "figure": tagBlock,
	"figcaption": tagBlock, "table": tagBlock, "tr": tagBlock, "hr": tagBlock,
	"dl": tagBlock, "dt": tagBlock, "dd": tagBlock, "address": tagBlock,
	"details": tagBlock, "summary": tagBlock, "form": tagBlock,
	"html": tagBlock, "body": tagBlock,
	"li": tagListItem, "ol": tagOrderedList, "ul": tagUnorderedList,
	"h1": tagHeading, "h2": tagHeading, "h3": tagHeading,
	"h4": tagHeading, "h5": tagHeading, "h6": tagHeading,
	"script": tagRaw, "style": tagRaw, "template": tagRaw, "title": tagRaw,
	"head": tagRaw, "noscript": tagRaw, "textarea": tagRaw,
	"span": tagIgnore, "font": tagIgnore, "img": tagIgnore, "code": tagIgnore,
	"small": tagIgnore, "big": tagIgnore, "sup": tagIgnore,
	"sub": tagIgnore, "abbr": tagIgnore, "q": tagIgnore, "cite": tagIgnore,
	"kbd": tagIgnore, "samp": tagIgnore, "var": tagIgnore, "time": tagIgnore,
	"wbr": tagIgnore, "tt": tagIgnore, "center": tagIgnore, "label": tagIgnore,
	"td": tagIgnore, "th": tagIgnore, "tbody": tagIgnore, "thead": tagIgnore,
	"tfoot": tagIgnore, "meta": tagIgnore, "link": tagIgnore, "source": tagIgnore,
	"picture": tagIgnore, "video": tagIgnore, "audio": tagIgnore, "svg": tagIgnore,
	"path": tagIgnore, "g": tagIgnore, "button": tagIgnore, "input": tagIgnore,
	"iframe": tagIgnore, "object": tagIgnore, "embed": tagIgnore, "data": tagIgnore,
	"bdi": tagIgnore, "bdo": tagIgnore, "dfn": tagIgnore, "nobr": tagIgnore,
}

// target is where a link goes.
type target struct {
	url  string
	html bool   // an <a href>, whose text says whether it is a mention or a hashtag
	kind string // fediverse HTML: the entity its class names, or "" to judge by its text
	fedi bool
}

type tagInfo struct {
	name    string
	closing bool
	href    string
	hasHref bool
	class   string // the class attribute, read for fediverse HTML
	end     int    // index just after the tag's ">"
}

type listState struct {
	ordered bool
	next    int
}

// lexer turns text that may hold HTML into cells.
type lexer struct {
	s         string
	cells     []cell
	links     *[]target
	open      [5]int // open <b>, <i>, <u>, <s>, <mark> elements
	linkStack []int32
	lists     []listState
	lastGT    int    // index of the last '>' in s: no tag can start after it
	noClose   [2]int // no closing '"' (0) or '\'' (1) at or after this index
	comment   int    // index of the next "-->" found so far, -1 for none, -2 unknown
	lower     string // s with ASCII letters lowered, made when first needed
	endTags   map[string]bool
	curStyle  uint8
	curLink   int32

	// Fediverse HTML (ParseHTML): the text is literal (no markdown), white
	// space collapses as in a browser, and classes hide parts of links.
	fedi      bool
	base      string     // resolves relative hrefs; "" drops them
	hidden    int        // open elements whose text is not shown
	fediStack []fediOpen // open span, p, a and li elements, with what they do
	// fediOpenCount counts fediStack's elements by name.
	fediOpenCount map[string]int
}

// fediOpen is an open element of fediverse HTML.
type fediOpen struct {
	name     string
	hide     bool // class "invisible" (a link's scheme and tail) or "quote-inline" (a quote's fallback text)
	ellipsis bool // class "ellipsis": the shown part of a cut link, followed by "…"
}

// lex decodes s into cells: known HTML tags become styles, links and line
// or paragraph breaks; entities are decoded once; other text is kept.
func lex(s string, links *[]target) []cell {
	lx := newLexer(s, links)
	lx.run()
	return lx.cells
}

func newLexer(s string, links *[]target) *lexer {
	return &lexer{
		s:       s,
		cells:   make([]cell, 0, len(s)),
		links:   links,
		lastGT:  strings.LastIndexByte(s, '>'),
		noClose: [2]int{len(s) + 1, len(s) + 1},
		comment: -2,
	}
}

func (lx *lexer) run() {
	s := lx.s
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '<':
			if end, ok := lx.markup(i); ok {
				i = end
				continue
			}
		case c == '&':
			if end, ok := lx.entity(i); ok {
				i = end
				continue
			}
		case lx.fedi && isHTMLSpace(c):
			lx.space()
			i++
			continue
		case c == '\r':
			lx.emit('\n', false)
			i++
			if i < len(s) && s[i] == '\n' {
				i++
			}
			continue
		case c >= utf8.RuneSelf:
			r, n := utf8.DecodeRuneInString(s[i:])
			lx.emit(r, lx.fedi) // an invalid byte decodes as U+FFFD
			i += n
			continue
		}
		lx.emit(rune(c), lx.fedi)
		i++
	}
}

// restyle recomputes the style and link of the text that follows a tag.
func (lx *lexer) restyle() {
	lx.curStyle = 0
	for k, n := range lx.open {
		if n > 0 {
			lx.curStyle |= 1 << k
		}
	}
	lx.curLink = 0
	if n := len(lx.linkStack); n > 0 {
		lx.curLink = lx.linkStack[n-1]
	}
}

func (lx *lexer) emit(r rune, lit bool) {
	// Control characters other than line breaks and tabs would only show
	// as boxes.
	if (r < 0x20 && r != '\n' && r != '\t') || r == 0x7f || lx.hidden > 0 {
		return
	}
	lx.cells = append(lx.cells, cell{r: r, style: lx.curStyle, link: lx.curLink, lit: lit})
}

func (lx *lexer) emitString(s string) {
	for _, r := range s {
		lx.emit(r, false)
	}
}

// entity decodes the character reference at s[i] == '&', if there is one.
func (lx *lexer) entity(i int) (int, bool) {
	s := lx.s
	j := i + 1
	if j < len(s) && s[j] == '#' {
		j++
		if j < len(s) && (s[j] == 'x' || s[j] == 'X') {
			j++
			for j < len(s) && j-i < 32 && isHexDigit(s[j]) {
				j++
			}
		} else {
			for j < len(s) && j-i < 32 && s[j] >= '0' && s[j] <= '9' {
				j++
			}
		}
	} else {
		for j < len(s) && j-i < 32 && isASCIIAlnum(s[j]) {
			j++
		}
	}
	if j >= len(s) || s[j] != ';' {
		return 0, false
	}
	ref := s[i : j+1]
	dec := html.UnescapeString(ref)
	if dec == ref {
		return 0, false
	}
	for _, r := range dec {
		if r == '\r' {
			r = '\n'
		}
		lx.emit(r, true)
	}
	return j + 1, true
}

// markup handles the tag, comment or declaration at s[i] == '<', if it is one.
func (lx *lexer) markup(i int) (int, bool) {
	s := lx.s
	if i > lx.lastGT || i+1 >= len(s) {
		return 0, false
	}
	switch s[i+1] {
	case '!':
		if strings.HasPrefix(s[i:], "<!--") {
			return lx.skipComment(i)
		}
		if i+2 < len(s) && isASCIILetter(s[i+2]) {
			return lx.skipTo(i, '>')
		}
		return 0, false
	case '?':
		return lx.skipTo(i, '>')
	}
	t, ok := lx.parseTag(i)
	if !ok {
		return 0, false
	}
	if lx.fedi && t.closing {
		lx.fediClose(t)
	}
	lx.apply(t)
	if lx.fedi && !t.closing {
		lx.fediOpen(t)
	}
	lx.restyle()
	if !t.closing && knownTags[t.name] == tagRaw {
		return lx.skipRaw(t), true
	}
	return t.end, true
}

func (lx *lexer) skipTo(i int, c byte) (int, bool) {
	lim := min(len(lx.s), i+maxTagLen)
	k := strings.IndexByte(lx.s[i:lim], c)
	if k < 0 {
		return 0, false
	}
	return i + k + 1, true
}

func (lx *lexer) skipComment(i int) (int, bool) {
	from := i + 4
	if lx.comment == -1 {
		return 0, false
	}
	if lx.comment < from {
		k := strings.Index(lx.s[from:], "-->")
		if k < 0 {
			lx.comment = -1
			return 0, false
		}
		lx.comment = from + k
	}
	return lx.comment + 3, true
}

// skipRaw drops the content of a script-like element, up to its end tag.
func (lx *lexer) skipRaw(t tagInfo) int {
	if lx.lower == "" {
		lx.lower = asciiLower(lx.s)
	}
	k := strings.Index(lx.lower[t.end:], "</"+t.name)
	if k < 0 {
		return len(lx.s)
	}
	end := t.end + k
	if g := strings.IndexByte(lx.s[end:], '>'); g >= 0 {
		return end + g + 1
	}
	return len(lx.s)
}

// parseTag reads a start or end tag of a known element at s[i] == '<'.
// Like HTML, it runs to the first '>' outside a quoted attribute value;
// unlike HTML, a '<' outside quotes means it was not a tag.
func (lx *lexer) parseTag(i int) (tagInfo, bool) {
	var t tagInfo
	s := lx.s
	j := i + 1
	if s[j] == '/' {
		t.closing = true
		j++
	}
	start := j
	for j < len(s) && (isASCIIAlnum(s[j]) || s[j] == '-') {
		j++
	}
	if j == start || !isASCIILetter(s[start]) {
		return t, false
	}
	t.name = asciiLower(s[start:j])
	if j < len(s) && !isHTMLSpace(s[j]) && s[j] != '/' && s[j] != '>' {
		return t, false
	}
	quotedAttr := false
	lim := min(len(s), i+maxTagLen)
	for {
		for j < lim && (isHTMLSpace(s[j]) || s[j] == '/') {
			j++
		}
		if j >= lim {
			return t, false
		}
		if s[j] == '>' {
			t.end = j + 1
			return t, lx.isTag(t, quotedAttr)
		}
		nameStart := j
		for j < lim && !isHTMLSpace(s[j]) && s[j] != '/' && s[j] != '>' && s[j] != '=' && s[j] != '<' {
			j++
		}
		if j < lim && s[j] == '<' {
			// HTML would take it into the tag, but in pasted text it means
			// the "tag" was just text ("if x <a and y> z"); stopping here
			// also keeps lexing linear.
			return t, false
		}
		attr := s[nameStart:j]
		for j < lim && isHTMLSpace(s[j]) {
			j++
		}
		if j >= lim || s[j] != '=' {
			continue
		}
		j++
		for j < lim && isHTMLSpace(s[j]) {
			j++
		}
		if j >= lim {
			return t, false
		}
		var val string
		if q := s[j]; q == '"' || q == '\'' {
			k := lx.closeQuote(j+1, q)
			if k < 0 || k >= lim {
				return t, false
			}
			val = s[j+1 : k]
			j = k + 1
			quotedAttr = true
		} else {
			vs := j
			for j < lim && !isHTMLSpace(s[j]) && s[j] != '>' && s[j] != '<' {
				j++
			}
			val = s[vs:j]
		}
		if !t.hasHref && strings.EqualFold(attr, "href") {
			t.href, t.hasHref = html.UnescapeString(val), true
		}
		if lx.fedi && t.class == "" && strings.EqualFold(attr, "class") {
			t.class = html.UnescapeString(val)
		}
	}
}

// isTag tells a tag from text that looks like one: elements of HTML are
// tags; so are custom elements ("x-emoji"), end tags, tags with a quoted
// attribute, and start tags whose end tag follows. "List<String>",
// "<Ctrl>" and "<T>" stay text.
func (lx *lexer) isTag(t tagInfo, quotedAttr bool) bool {
	if _, known := knownTags[t.name]; known {
		return true
	}
	if t.closing || quotedAttr || strings.Contains(t.name, "-") {
		return true
	}
	if lx.endTags == nil {
		lx.endTags = endTagNames(lx.s)
	}
	return lx.endTags[t.name]
}

// endTagNames returns the lowered names of all end tags in s.
func endTagNames(s string) map[string]bool {
	names := map[string]bool{}
	for {
		k := strings.Index(s, "</")
		if k < 0 {
			return names
		}
		s = s[k+2:]
		n := 0
		for n < len(s) && (isASCIIAlnum(s[n]) || s[n] == '-') {
			n++
		}
		if n > 0 && n < len(s) && (s[n] == '>' || isHTMLSpace(s[n])) {
			names[asciiLower(s[:n])] = true
		}
		s = s[n:]
	}
}

// closeQuote returns the index of the first q at or after from, or -1.
// It remembers failures so that many unclosed quotes stay linear.
func (lx *lexer) closeQuote(from int, q byte) int {
	qi := 0
	if q == '\'' {
		qi = 1
	}
	if from >= lx.noClose[qi] {
		return -1
	}
	k := strings.IndexByte(lx.s[from:], q)
	if k < 0 {
		lx.noClose[qi] = from
		return -1
	}
	return from + k
}

// apply makes a tag's effect on the text that follows.
func (lx *lexer) apply(t tagInfo) {
	kind := knownTags[t.name]
	switch kind {
	case tagBold, tagItalic, tagUnderline, tagStrike, tagHighlight:
		k := int(kind - tagBold)
		if t.closing {
			if lx.open[k] > 0 {
				lx.open[k]--
			}
		} else {
			lx.open[k]++
		}
	case tagLink:
		if t.closing {
			if n := len(lx.linkStack); n > 0 {
				lx.linkStack = lx.linkStack[:n-1]
			}
			return
		}
		var idx int32
		u := resolveHref(t.href)
		if lx.fedi {
			u = resolveFediHref(t.href, lx.base)
		}
		if t.hasHref && u != "" {
			tg := target{url: u, html: true, fedi: lx.fedi}
			if lx.fedi {
				tg.kind = fediLinkKind(t.class)
			}
			*lx.links = append(*lx.links, tg)
			idx = int32(len(*lx.links))
		}
		lx.linkStack = append(lx.linkStack, idx)
	case tagBreak:
		lx.emit('\n', false)
	case tagBlock:
		lx.emitString("\n\n")
	case tagOrderedList, tagUnorderedList:
		if t.closing {
			if n := len(lx.lists); n > 0 {
				lx.lists = lx.lists[:n-1]
			}
		} else {
			lx.lists = append(lx.lists, listState{ordered: kind == tagOrderedList, next: 1})
		}
		lx.emitString("\n\n")
	case tagListItem:
		if t.closing {
			lx.emit('\n', false)
			return
		}
		marker := "• "
		if n := len(lx.lists); n > 0 && lx.lists[n-1].ordered {
			marker = strconv.Itoa(lx.lists[n-1].next) + ". "
			lx.lists[n-1].next++
		}
		lx.emit('\n', false)
		lx.emitString(marker)
	case tagHeading:
		lx.emitString("\n\n")
		if !t.closing {
			level := min(int(t.name[1]-'0'), 3)
			lx.emitString(strings.Repeat("#", level) + " ")
		}
	}
}

// resolveHref returns an absolute http(s) or mailto URL for an href, or ""
// for one that must not become a link (javascript:, data:, empty).
// Relative hrefs are X's own ("/handle", "/hashtag/x").
func resolveHref(href string) string {
	href = strings.TrimSpace(href)
	switch {
	case href == "" || strings.ContainsAny(href, " \n\t<>\""):
		return ""
	case strings.HasPrefix(href, "//"):
		return "https:" + href
	case href[0] == '/':
		return "https://x.com" + href
	}
	return linkURL(href)
}

// linkURL returns u when its scheme is http, https or mailto, u with
// "https://" in front when it has no scheme, and "" otherwise.
func linkURL(u string) string {
	colon := strings.IndexByte(u, ':')
	if colon < 0 || strings.ContainsAny(u[:colon], "/?#.") {
		if u == "" || u[0] == '#' || u[0] == '?' {
			return ""
		}
		return "https://" + u
	}
	rest := u[colon+1:]
	switch strings.ToLower(u[:colon]) {
	case "http", "https":
		if len(rest) > 2 && strings.HasPrefix(rest, "//") && rest[2] != '/' {
			return u
		}
	case "mailto":
		if rest != "" {
			return u
		}
	}
	return ""
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func isASCIILetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || (c >= '0' && c <= '9') }

func isHexDigit(c byte) bool {
	return (c >= '0' && c <= '9') || ((c|0x20) >= 'a' && (c|0x20) <= 'f')
}

// asciiLower lowers ASCII letters only, so byte offsets stay the same.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
