// SPDX-License-Identifier: MIT

package render

import (
	"fmt"
	"image/color"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/text"
)

const mmPerPt = 25.4 / 72

// textStyle is the look of a text box; size is the em size in mm.
type textStyle struct {
	family     fontFamily
	size       float64
	color      color.RGBA
	accent     color.RGBA // links, mentions, hashtags
	bold       bool       // the base weight is bold (titles)
	heavy      bool       // use the family's heaviest weight for bold
	italic     bool
	stretch    float64 // extra line spacing, as a fraction of the line box
	align      canvas.TextAlign
	plainLinks bool   // links keep the text colour and get no underline (buttons)
	lang       string // the post's language, for bidi and hyphenation; "" when unknown
	guessLang  string // the thread's guessed language, for hyphenation only, when lang is ""
	codeBlock  bool   // a fenced code block: all of it monospace
	display    bool   // headline type: never hyphenated
	emphasis   string // how bold runs stand out: emphasisAccent, emphasisMark or none
}

// textBuilder turns spans into canvas rich text with font fallback, inline
// emoji and links. One builder serves one slide and one font set.
type textBuilder struct {
	fs      *fontSet
	emoji   *emojiSet
	faces   map[faceKey]*canvas.FontFace
	links   map[*canvas.FontFace]string
	code    map[*canvas.FontFace]bool // faces of inline code, drawn on a tint
	marks   map[*canvas.FontFace]bool // faces of highlighted runs
	local   map[string]*canvas.Font   // fonts looked up, without the set's lock
	missing map[rune]bool
	parity  bool
	tables  map[tableKey]*textTables // bidi levels and breaks, per text
}

type tableKey struct {
	text, urls, lang string
	hyphenLang       string // "" for no hyphenation
}

// hyphenLang is the language whose patterns hyphenate the text, or "" when
// it is not hyphenated: headline type never is, a language without
// patterns neither; unknown and unguessed text is taken as English.
func (st textStyle) hyphenLang() string {
	lang := st.lang
	if lang == "" {
		lang = st.guessLang
	}
	if lang == "" {
		lang = "en"
	}
	if st.display || !hyphenates(lang) {
		return ""
	}
	return lang
}

// textTables are what the canvas needs besides the text: bidi levels per
// rune and break opportunities per byte of a rich text's string.
type textTables struct {
	levels, base []int
	breaks       []text.BreakOpportunity
	emergencies  int // emergency breaks: many make Knuth–Plass slow for nothing
	rtl          bool
}

type faceKey struct {
	file              string
	size              float64
	col               color.RGBA
	fauxItalic        bool
	underline, strike bool
	link              string
	alt               bool
	object            int  // 1 or 2 for inline emoji: see build
	code              bool // inline code
	mark              bool // drawn on a highlighter mark
}

func newTextBuilder(fs *fontSet, em *emojiSet) *textBuilder {
	return &textBuilder{fs: fs, emoji: em, faces: map[faceKey]*canvas.FontFace{}, links: map[*canvas.FontFace]string{}, code: map[*canvas.FontFace]bool{}, marks: map[*canvas.FontFace]bool{}, local: map[string]*canvas.Font{}, missing: map[rune]bool{}, tables: map[tableKey]*textTables{}}
}

func (b *textBuilder) face(k faceKey) *canvas.FontFace {
	if f, ok := b.faces[k]; ok {
		return f
	}
	font := b.fs.font(k.file)
	if font == nil {
		font = b.fs.font(lastResort.regular)
	}
	var deco []canvas.FontDecorator
	if k.underline {
		deco = append(deco, canvas.FontUnderline)
	}
	if k.strike {
		deco = append(deco, canvas.FontStrikethrough)
	}
	f := font.Face(k.size/mmPerPt, k.col, deco...)
	if k.fauxItalic {
		f.FauxItalic = 0.2
	}
	b.faces[k] = f
	if k.link != "" {
		b.links[f] = k.link
	}
	if k.code {
		b.code[f] = true
	}
	if k.mark {
		b.marks[f] = true
	}
	return f
}

// piece maps a stretch of the rich text's string back to its span, so a
// block cut after a number of bytes can continue on the next slide.
type piece struct {
	logStart, logEnd int
	span, spanStart  int
	spanLen          int // length in the span of an emoji; 0 for text
}

// richBlock is a block of text ready to lay out.
type richBlock struct {
	rt     *canvas.RichText
	pieces []piece
	spans  []carousel.Span
	rtl    bool // the first paragraph is right to left
	tables *textTables
}

// build writes spans into rich text, picking a font for every run.
func (b *textBuilder) build(spans []carousel.Span, st textStyle) *richBlock {
	base := b.face(b.keyFor(st, carousel.Span{}, st.family.Regular, false))
	rb := &richBlock{rt: canvas.NewRichText(base), spans: spans}
	log := 0
	for si, sp := range spans {
		rs := []rune(sp.Text)
		fam := st.family
		if sp.Code {
			fam = monoFamily
		}
		primary, faux := fam.styledFile(st.bold || sp.Bold, st.italic || sp.Italic, st.heavy && !sp.Code)
		var run []rune
		runFile := ""
		runStart := 0 // byte offset of the run in the span
		byteAt := 0
		flush := func() {
			if len(run) == 0 {
				return
			}
			log = b.writeRun(rb, st, sp, si, runFile, faux && runFile == primary, run, runStart, log)
			run = run[:0]
		}
		for i := 0; i < len(rs); {
			r := rs[i]
			if n, key := b.emoji.match(rs, i); n > 0 {
				flush()
				size := b.emojiSize(st)
				if c := b.emoji.sized(key, size); c != nil {
					l := len(string(rs[i : i+n]))
					// Objects get faces of their own, alternating: this canvas
					// version merges an object into a neighbouring text span of
					// the same face, and then draws only the object.
					k := b.keyFor(st, sp, primary, false)
					b.parity = !b.parity
					k.object = 1
					if b.parity {
						k.object = 2
					}
					prev := rb.rt.SetFace
					prev(b.face(k))
					rb.rt.WriteCanvasText(c, canvas.FontMiddle, string(rs[i:i+n]))
					prev(base)
					rb.pieces = append(rb.pieces, piece{log, log + 3, si, byteAt, l})
					log += 3 // U+FFFD placeholder
					byteAt += l
					i += n
					runStart = byteAt
					continue
				}
			}
			file := runFile
			switch {
			case needsFont(r):
				file = b.fileFor(r, primary, st.bold || sp.Bold)
			case runFile == "":
				file = primary
			}
			if file != runFile {
				flush()
				runFile = file
				runStart = byteAt
			}
			run = append(run, r)
			byteAt += len(string(r))
			i++
		}
		flush()
	}
	rb.tables = b.tablesFor(rb, st.lang, st.hyphenLang())
	rb.rtl = rb.tables.rtl
	return rb
}

// tablesFor returns the bidi levels and break opportunities of a block's
// rich text, computed on the source text of its spans (with its emoji)
// and moved to the rich text's string, where each emoji is one U+FFFD.
func (b *textBuilder) tablesFor(rb *richBlock, lang, hyphenLang string) *textTables {
	var src strings.Builder
	var urls []urlRange
	var ub strings.Builder
	for _, sp := range rb.spans {
		at := src.Len()
		src.WriteString(sp.Text)
		if sp.Code {
			// code breaks like a URL, after its separators, never hyphenated
			urls = append(urls, urlRange{at, at + len(sp.Text)})
			fmt.Fprintf(&ub, "c%d-%d,", at, at+len(sp.Text))
			continue
		}
		for _, u := range findURLs(sp) {
			urls = append(urls, urlRange{at + u.start, at + u.end})
			fmt.Fprintf(&ub, "%d-%d,", at+u.start, at+u.end)
		}
	}
	key := tableKey{src.String(), ub.String(), lang, hyphenLang}
	if t, ok := b.tables[key]; ok {
		return t
	}
	log := rb.rt.String()
	t := &textTables{}
	t.levels, t.base, t.rtl = bidiLevels(log, lang)
	var hyph *liang
	if hyphenLang != "" {
		hyph = hyphenator(hyphenLang)
	}
	srcBreaks := breakTable(key.text, urls, hyph)
	// Map source offsets to rich-text offsets through the pieces.
	t.breaks = make([]text.BreakOpportunity, len(log)+1)
	spanAt := make([]int, len(rb.spans)+1)
	for i, sp := range rb.spans {
		spanAt[i+1] = spanAt[i] + len(sp.Text)
	}
	for _, p := range rb.pieces {
		so := spanAt[p.span] + p.spanStart
		if p.spanLen > 0 { // an emoji: breaks before it only
			t.breaks[p.logStart] = srcBreaks[so]
			continue
		}
		for k := 0; k < p.logEnd-p.logStart && so+k < len(srcBreaks); k++ {
			t.breaks[p.logStart+k] = srcBreaks[so+k]
		}
	}
	for _, b := range t.breaks {
		if b == text.BreakEmergency {
			t.emergencies++
		}
	}
	b.tables[key] = t
	return t
}

// urlRe finds web addresses in plain text.
var urlRe = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>"]*`)

// findURLs returns the byte ranges of a span's text that are URLs: all of
// a link or URL entity whose text is an address, and addresses in text.
func findURLs(sp carousel.Span) []urlRange {
	var out []urlRange
	if strings.Contains(sp.Text, "/") || strings.Contains(sp.Text, "www.") {
		for _, m := range urlRe.FindAllStringIndex(sp.Text, -1) {
			out = append(out, urlRange{m[0], m[1]})
		}
	}
	if len(out) == 0 && (sp.Entity == carousel.EntityURL || sp.Link != "") && strings.ContainsAny(sp.Text, "./") {
		// a link's text without a scheme ("example.com/hooks"): its words
		start := len(sp.Text) - len(strings.TrimLeft(sp.Text, " "))
		end := len(strings.TrimRight(sp.Text, " "))
		if start < end && !strings.Contains(sp.Text[start:end], " ") {
			out = append(out, urlRange{start, end})
		}
	}
	return out
}

func (b *textBuilder) emojiSize(st textStyle) float64 { return st.size * 1.1 }

// writeRun writes one run of a single font.
func (b *textBuilder) writeRun(rb *richBlock, st textStyle, sp carousel.Span, si int, file string, faux bool, run []rune, runStart, log int) int {
	s := string(run)
	k := b.keyFor(st, sp, file, false)
	k.fauxItalic = faux
	rb.rt.WriteFace(b.face(k), s)
	rb.pieces = append(rb.pieces, piece{log, log + len(s), si, runStart, 0})
	return log + len(s)
}

func (b *textBuilder) keyFor(st textStyle, sp carousel.Span, file string, alt bool) faceKey {
	k := faceKey{file: file, size: st.size, col: st.color, underline: sp.Underline, strike: sp.Strike, alt: alt, code: sp.Code && !st.codeBlock}
	if sp.Code && !st.codeBlock {
		k.size *= 0.9 // monospace looks larger than text of the same size
	}
	switch {
	case sp.Highlight, sp.Bold && st.emphasis == emphasisMark:
		k.mark = true
	case sp.Bold && st.emphasis == emphasisAccent:
		k.col = st.accent
	}
	if link := spanLink(sp); link != "" {
		k.link = link
		if !st.plainLinks {
			k.col = st.accent
			k.underline = k.underline || sp.Entity == carousel.EntityURL || sp.Entity == ""
		}
	}
	return k
}

// fileFor picks the font file for r: the chosen family, then the bundled
// script fallbacks, then system fonts, then DejaVu. A character found
// nowhere is remembered for a missing-glyph warning.
func (b *textBuilder) fileFor(r rune, primary string, bold bool) string {
	if f := b.fontOf(primary); f != nil && f.SFNT.GlyphIndex(r) != 0 {
		return primary
	}
	// Coverage does not depend on the font set, so remember it for all
	// sets of the engine (the tests make several).
	key := coverKey{r, primary, bold}
	if v, ok := b.fs.cover.Load(key); ok {
		if v == "" {
			b.missing[r] = true
			return primary
		}
		return v.(string)
	}
	file := b.searchFallbacks(r, primary, bold)
	if file == primary {
		b.fs.cover.Store(key, "")
	} else {
		b.fs.cover.Store(key, file)
	}
	return file
}

type coverKey struct {
	r       rune
	primary string
	bold    bool
}

func (b *textBuilder) searchFallbacks(r rune, primary string, bold bool) string {
	for _, fb := range fallbackFiles {
		file := fb.regular
		if bold {
			file = fb.bold
		}
		if f := b.fs.font(file); f != nil && f.SFNT.GlyphIndex(r) != 0 {
			return file
		}
	}
	dv := lastResort.regular
	if bold {
		dv = lastResort.bold
	}
	if f := b.fs.font(dv); f != nil && f.SFNT.GlyphIndex(r) != 0 {
		return dv
	}
	if p := b.fs.sys.find(r); p != "" {
		return p
	}
	b.missing[r] = true
	return primary
}

// missingList returns the missing characters in a stable order.
func (b *textBuilder) missingList() []rune {
	var out []rune
	for r := range b.missing {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// layout breaks the block into lines of the given width. A maxHeight above
// zero stops at the last line that fits; cut is then the byte offset in the
// rich text's string where the rest begins (len of the string when all fit).
func (rb *richBlock) layout(width, maxHeight float64, st textStyle) (*canvas.Text, int) {
	// Right-to-left paragraphs align to the right: the canvas swaps Left
	// and Right per paragraph from the base levels.
	align := st.align
	opts := &canvas.TextOptions{LineStretch: st.stretch, Linebreaker: canvas.KnuthLinebreaker{}}
	if t := rb.tables; t != nil && len(t.levels) == utf8.RuneCountInString(rb.rt.String()) {
		opts.Levels, opts.BaseLevels, opts.Breaks = t.levels, t.base, t.breaks
	}
	if width > 0 && align != canvas.Justify {
		// A ragged line may end anywhere: short lines cost more, but big
		// type on a narrow slide always has breaks between words, and a
		// word is split only when it is wider than the line ("Follow" alone
		// rather than "Follow @mayabuild|s").
		opts.RaggedStretch = width / 3
		opts.Linebreaker = canvas.KnuthLinebreaker{Tolerance: 10}
	}
	if rb.rt.Len() > 3000 || (rb.tables != nil && rb.tables.emergencies > 64) {
		// Knuth–Plass is quadratic-ish on huge paragraphs and on long
		// unbreakable runs, where every character may end a line
		opts.Linebreaker = canvas.GreedyLinebreaker{}
	}
	t := rb.rt.ToText(width, maxHeight, align, canvas.Top, opts)
	return t, len(t.Text)
}

// wordCut moves a cut that falls inside a word (a line ending in a hyphen
// or an emergency break) back to the last break between words on the last
// line kept, or to the start of that line, so that a page never ends with
// half a word: the word then starts the next page whole. Only a first line
// holding part of a word keeps the cut where it is.
func (rb *richBlock) wordCut(t *canvas.Text, n int) int {
	if rb.tables == nil || n >= len(rb.tables.breaks) {
		return n
	}
	br := rb.tables.breaks
	if br[n] != text.BreakHyphen && br[n] != text.BreakEmergency {
		return n
	}
	lineStart := 0
	t.WalkLines(func(_ float64, spans []canvas.TextSpan) {
		start := -1
		for _, sp := range spans {
			for _, g := range sp.Glyphs {
				if g.Cluster != canvas.HyphenCluster && int(g.Cluster) < n && (start < 0 || int(g.Cluster) < start) {
					start = int(g.Cluster)
				}
			}
		}
		if start >= 0 {
			lineStart = max(lineStart, start)
		}
	})
	log := rb.rt.String()
	for p := n - 1; p >= lineStart && p > 0; p-- {
		if log[p-1] == ' ' || log[p-1] == '\n' || br[p] == text.BreakAllowed {
			return p
		}
	}
	return n
}

// split returns the spans before and after the byte offset cut of the rich
// text's string.
func (rb *richBlock) split(cut int) (head, tail []carousel.Span) {
	si, off := len(rb.spans), 0
	for _, p := range rb.pieces {
		if cut < p.logEnd {
			si, off = p.span, p.spanStart
			if p.spanLen == 0 && cut > p.logStart {
				off += cut - p.logStart
			}
			break
		}
	}
	for i, sp := range rb.spans {
		switch {
		case i < si:
			head = append(head, sp)
		case i == si:
			if off > 0 {
				h := sp
				h.Text = strings.TrimRight(sp.Text[:off], " ")
				head = append(head, h)
			}
			if off < len(sp.Text) {
				t := sp
				t.Text = strings.TrimLeft(sp.Text[off:], " \n")
				if t.Text != "" {
					tail = append(tail, t)
				}
			}
		default:
			tail = append(tail, sp)
		}
	}
	return head, tail
}

func (b *textBuilder) fontOf(file string) *canvas.Font {
	f, ok := b.local[file]
	if !ok {
		f = b.fs.font(file)
		b.local[file] = f
	}
	return f
}

// spanLink is the target of a link, mention, hashtag or cashtag span; an
// entity without a stored link points at X. Only targets a PDF may link to
// come out (see safeLink).
func spanLink(sp carousel.Span) string { return safeLink(spanTarget(sp)) }

func spanTarget(sp carousel.Span) string {
	if sp.Link != "" {
		return sp.Link
	}
	word := strings.TrimSpace(sp.Text)
	switch sp.Entity {
	case carousel.EntityMention:
		return "https://x.com/" + url.PathEscape(strings.TrimPrefix(word, "@"))
	case carousel.EntityHashtag:
		return "https://x.com/hashtag/" + url.PathEscape(strings.TrimPrefix(strings.TrimPrefix(word, "#"), "＃"))
	case carousel.EntityCashtag:
		return "https://x.com/search?q=" + url.QueryEscape("$"+strings.TrimPrefix(word, "$"))
	case carousel.EntityURL:
		if strings.Contains(word, "://") {
			return word
		}
		return "https://" + word
	}
	return ""
}
