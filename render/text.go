// SPDX-License-Identifier: MIT

package render

import (
	"image/color"
	"net/url"
	"sort"
	"strings"
	"unicode"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
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
	emphasis   string // how bold runs stand out: emphasisAccent, emphasisMark or none
}

// textBuilder turns spans into canvas rich text with font fallback, inline
// emoji and links. One builder serves one slide and one font set.
type textBuilder struct {
	fs      *fontSet
	emoji   *emojiSet
	faces   map[faceKey]*canvas.FontFace
	links   map[*canvas.FontFace]string
	marks   map[*canvas.FontFace]bool // faces of highlighted runs
	local   map[string]*canvas.Font   // fonts looked up, without the set's lock
	missing map[rune]bool
	parity  bool
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
	mark              bool // drawn on a highlighter mark
}

func newTextBuilder(fs *fontSet, em *emojiSet) *textBuilder {
	return &textBuilder{fs: fs, emoji: em, faces: map[faceKey]*canvas.FontFace{}, links: map[*canvas.FontFace]string{}, marks: map[*canvas.FontFace]bool{}, local: map[string]*canvas.Font{}, missing: map[rune]bool{}}
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
	rtl    bool
}

// build writes spans into rich text, picking a font for every run.
func (b *textBuilder) build(spans []carousel.Span, st textStyle) *richBlock {
	base := b.face(b.keyFor(st, carousel.Span{}, st.family.Regular, false))
	rb := &richBlock{rt: canvas.NewRichText(base), spans: spans}
	log := 0
	firstStrong := true
	for si, sp := range spans {
		rs := []rune(sp.Text)
		primary, faux := st.family.styledFile(st.bold || sp.Bold, st.italic || sp.Italic, st.heavy)
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
			if firstStrong {
				switch {
				case isRTL(r):
					rb.rtl, firstStrong = true, false
				case unicode.IsLetter(r):
					firstStrong = false
				}
			}
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
					rb.rt.WriteCanvas(c, canvas.FontMiddle)
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
	return rb
}

func (b *textBuilder) emojiSize(st textStyle) float64 { return st.size * 1.1 }

// writeRun writes one run of a single font. Right-to-left runs are written
// one word per face, alternating between two equal faces: this canvas
// version merges adjacent spans of one face in logical order, which
// reverses the words of multi-word RTL runs.
func (b *textBuilder) writeRun(rb *richBlock, st textStyle, sp carousel.Span, si int, file string, faux bool, run []rune, runStart, log int) int {
	s := string(run)
	rtl := false
	for _, r := range run {
		if isRTL(r) {
			rtl = true
			break
		}
	}
	write := func(text string, alt bool, spanOff int) {
		k := b.keyFor(st, sp, file, alt)
		k.fauxItalic = faux
		rb.rt.WriteFace(b.face(k), text)
		rb.pieces = append(rb.pieces, piece{log, log + len(text), si, spanOff, 0})
		log += len(text)
	}
	if !rtl {
		write(s, false, runStart)
		return log
	}
	off := 0
	for off < len(s) {
		end := strings.IndexByte(s[off:], ' ')
		if end < 0 {
			end = len(s)
		} else {
			end += off
			for end < len(s) && s[end] == ' ' {
				end++
			}
		}
		b.parity = !b.parity
		write(s[off:end], b.parity, runStart+off)
		off = end
	}
	return log
}

func (b *textBuilder) keyFor(st textStyle, sp carousel.Span, file string, alt bool) faceKey {
	k := faceKey{file: file, size: st.size, col: st.color, underline: sp.Underline, strike: sp.Strike, alt: alt}
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
	// Coverage does not depend on the font set, so remember it for all:
	// a fresh PDF font set then parses only the fonts it draws with.
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

func isRTL(r rune) bool {
	return unicode.In(r, unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko)
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
	align := st.align
	if rb.rtl && align == canvas.Left {
		align = canvas.Right
	}
	opts := &canvas.TextOptions{LineStretch: st.stretch, Linebreaker: canvas.KnuthLinebreaker{}}
	if rb.rt.Len() > 3000 {
		opts.Linebreaker = canvas.GreedyLinebreaker{} // Knuth–Plass is quadratic-ish on huge paragraphs
	}
	t := rb.rt.ToText(width, maxHeight, align, canvas.Top, opts)
	return t, len(t.Text)
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
