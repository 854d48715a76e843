// SPDX-License-Identifier: MIT

package importer

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	carousel "github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
)

// Entity kinds of a source post, before they become spans.
const (
	entURL     = "url"
	entMention = "mention"
	entHashtag = "hashtag"
	entCashtag = "cashtag"
	entMedia   = "media" // a t.co link to the post's own photo or video: dropped
)

// entity is a range of a source text with what it stands for. Start and End
// are in the source's units; they are checked against Token (§7 of
// x-sources.md) before use.
type entity struct {
	Kind       string
	Start, End int
	Token      string // the text expected in the range: the t.co URL, "@name", "#tag", "$SYM"
	Expanded   string // urls: the full URL
	Display    string // urls: the shortened URL X shows
	Name       string // mention: username; hashtag/cashtag: the tag without its sign
}

// style is a bold/italic range in code points.
type style struct {
	Start, End                      int
	Bold, Italic, Underline, Strike bool
}

// richText is one post's text as a source gives it.
type richText struct {
	Text     string
	Escaped  bool // HTML entities (&amp; …) still to unescape
	Entities []entity
	Styles   []style
	// NoEntityData: the source gave no entity ranges (archive note text),
	// so URLs, mentions and tags are found in the text itself.
	NoEntityData bool
	// DropBareTCo removes t.co links that no entity describes: the trailing
	// media and quote links of FxTwitter's raw text.
	DropBareTCo bool
	// SkipLeadingMentions drops the "@a @b " X prefixes to a reply.
	SkipLeadingMentions bool
	// QuoteID drops the URL entity pointing at the quoted post.
	QuoteID string
}

// resolved is an entity located in rune indices.
type resolved struct {
	entity
	s, e int
}

var tcoRE = regexp.MustCompile(`\s*https?://t\.co/[A-Za-z0-9]+`)

// blocks turns the text into blocks of spans. It also reports whether a
// "show more" link (a truncated long post) was found and dropped.
func (rt *richText) blocks() (blocks []carousel.Block, showMore bool) {
	if rt.Text == "" {
		return nil, false
	}
	runes := []rune(rt.Text)
	ents, showMore := rt.resolve(runes)
	styleAt := rt.styleIndex(len(runes))

	var spans []carousel.Span
	plain := func(a, b int) {
		// Split the plain run at style boundaries.
		for a < b {
			st := styleAt(a)
			c := a + 1
			for c < b && styleAt(c) == st {
				c++
			}
			text := string(runes[a:c])
			if rt.DropBareTCo {
				text = tcoRE.ReplaceAllString(text, "")
			}
			if rt.Escaped {
				text = unescapeHTML(text)
			}
			base := carousel.Span{Bold: st.Bold, Italic: st.Italic, Underline: st.Underline, Strike: st.Strike}
			for _, sp := range unfancy(text, base) {
				if rt.NoEntityData && sp.Text != "" {
					spans = append(spans, markup.Entities(sp.Text, sp)...)
				} else {
					spans = append(spans, sp)
				}
			}
			a = c
		}
	}
	pos := 0
	for _, en := range ents {
		if en.s < pos {
			continue // overlaps the previous entity
		}
		plain(pos, en.s)
		pos = en.e
		st := styleAt(en.s)
		sp := carousel.Span{Bold: st.Bold, Italic: st.Italic, Underline: st.Underline, Strike: st.Strike}
		switch en.Kind {
		case entMedia, "":
			continue
		case entURL:
			sp.Text, sp.Link, sp.Entity = en.Display, en.Expanded, carousel.EntityURL
			if sp.Text == "" {
				sp.Text = en.Expanded
			}
			if sp.Link == "" {
				sp.Link = en.Token
				sp.Text = en.Token
			}
		case entMention:
			sp.Text, sp.Entity = string(runes[en.s:en.e]), carousel.EntityMention
			sp.Link = "https://x.com/" + strings.TrimPrefix(sp.Text, "@")
		case entHashtag:
			sp.Text, sp.Entity = string(runes[en.s:en.e]), carousel.EntityHashtag
			sp.Link = "https://x.com/hashtag/" + strings.TrimLeft(sp.Text, "#＃")
		case entCashtag:
			sp.Text, sp.Entity = string(runes[en.s:en.e]), carousel.EntityCashtag
			sp.Link = "https://x.com/search?q=%24" + strings.TrimPrefix(sp.Text, "$")
		}
		if rt.Escaped {
			sp.Text = unescapeHTML(sp.Text)
		}
		spans = append(spans, sp)
	}
	plain(pos, len(runes))
	return spansToBlocks(spans), showMore
}

// resolve locates entities in rune indices, drops the ones that are not
// shown, and sorts the rest.
func (rt *richText) resolve(runes []rune) ([]resolved, bool) {
	if len(rt.Entities) == 0 {
		return nil, false
	}
	var u16 []int // rune index of each UTF-16 offset, built on demand
	showMore := false
	out := make([]resolved, 0, len(rt.Entities))
	searchFrom := 0
	for _, en := range rt.Entities {
		s, e, ok := locate(rt.Text, runes, en, &u16, searchFrom)
		if !ok {
			continue
		}
		if en.Kind == entURL {
			switch {
			case strings.Contains(en.Expanded, "/i/web/status/"):
				showMore = true
				en.Kind = ""
			case rt.QuoteID != "" && strings.Contains(en.Expanded, "/status/"+rt.QuoteID):
				en.Kind = ""
			case isOwnMediaLink(en.Expanded) && strings.HasPrefix(en.Display, "pic."):
				en.Kind = entMedia
			}
		}
		out = append(out, resolved{entity: en, s: s, e: e})
		if en.Token != "" {
			searchFrom = e
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].s < out[j].s })
	if rt.SkipLeadingMentions {
		// Drop the reply prefix: mentions at the very start, separated by spaces.
		i := 0
		for i < len(out) && out[i].Kind == entMention && onlySpaces(runes, prefixEnd(out, i), out[i].s) {
			i++
		}
		if i > 0 {
			end := out[i-1].e
			for end < len(runes) && runes[end] == ' ' {
				end++
			}
			out[0] = resolved{entity: entity{Kind: ""}, s: 0, e: end}
			out = append(out[:1], out[i:]...)
		}
	}
	return out, showMore
}

func prefixEnd(out []resolved, i int) int {
	if i == 0 {
		return 0
	}
	return out[i-1].e
}

func onlySpaces(runes []rune, a, b int) bool {
	if a > b {
		return false
	}
	for _, r := range runes[a:b] {
		if r != ' ' && r != '\u00a0' {
			return false
		}
	}
	return true
}

// isOwnMediaLink reports whether an expanded URL is a post's photo/video page.
func isOwnMediaLink(u string) bool {
	return strings.Contains(u, "/photo/") || strings.Contains(u, "/video/")
}

// locate finds an entity's rune range: its indices as code points, then as
// UTF-16 units, then by searching for its token.
func locate(text string, runes []rune, en entity, u16 *[]int, from int) (int, int, bool) {
	s, e := en.Start, en.End
	if en.Token == "" {
		if 0 <= s && s < e && e <= len(runes) {
			return s, e, true
		}
		return 0, 0, false
	}
	if matchAt(runes, s, e, en.Token) {
		return s, e, true
	}
	if *u16 == nil {
		*u16 = utf16Index(runes)
	}
	if idx := *u16; 0 <= s && s < e && e < len(idx) {
		if rs, re := idx[s], idx[e]; rs >= 0 && re >= 0 && matchAt(runes, rs, re, en.Token) {
			return rs, re, true
		}
	}
	// Search the token, preferably after the previous entity.
	if from > len(runes) {
		from = len(runes)
	}
	byteFrom := len(string(runes[:from]))
	i := indexFold(text[byteFrom:], en.Token)
	if i < 0 {
		byteFrom = 0
		if i = indexFold(text, en.Token); i < 0 {
			return 0, 0, false
		}
	}
	rs := utf8.RuneCountInString(text[:byteFrom+i])
	return rs, rs + utf8.RuneCountInString(en.Token), true
}

func matchAt(runes []rune, s, e int, token string) bool {
	if s < 0 || s >= e || e > len(runes) {
		return false
	}
	return strings.EqualFold(string(runes[s:e]), token)
}

func indexFold(s, sub string) int {
	if i := strings.Index(s, sub); i >= 0 {
		return i
	}
	// Mentions and tags may differ in case from the entity's name.
	ls, lsub := strings.ToLower(s), strings.ToLower(sub)
	if len(ls) != len(s) {
		return -1 // lowering changed byte offsets; give up rather than guess
	}
	return strings.Index(ls, lsub)
}

// utf16Index maps each UTF-16 offset to a rune index (-1 inside a surrogate pair).
func utf16Index(runes []rune) []int {
	idx := make([]int, 0, len(runes)+8)
	for i, r := range runes {
		idx = append(idx, i)
		if utf16.RuneLen(r) == 2 {
			idx = append(idx, -1)
		}
	}
	return append(idx, len(runes))
}

// styleIndex returns a lookup of the style at a rune index.
func (rt *richText) styleIndex(n int) func(int) style {
	if len(rt.Styles) == 0 {
		return func(int) style { return style{} }
	}
	at := make([]style, n)
	for _, st := range rt.Styles {
		a, b := max(st.Start, 0), min(st.End, n)
		for i := a; i < b; i++ {
			at[i].Bold = at[i].Bold || st.Bold
			at[i].Italic = at[i].Italic || st.Italic
			at[i].Underline = at[i].Underline || st.Underline
			at[i].Strike = at[i].Strike || st.Strike
		}
	}
	return func(i int) style {
		if i < 0 || i >= n {
			return style{}
		}
		return at[i]
	}
}

var htmlUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#34;", `"`, "&#39;", "'", "&apos;", "'", "&#x27;", "'")

// unescapeHTML undoes X's escaping once: "&amp;lt;" stays "&lt;".
func unescapeHTML(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return htmlUnescaper.Replace(s)
}

// fancy letters: X users write "bold" with Mathematical Alphanumeric Symbols.
type fancyRange struct {
	first        rune
	base         rune // 'A', 'a' or '0'
	count        int
	bold, italic bool
}

var fancyRanges = []fancyRange{
	{0x1D400, 'A', 26, true, false}, {0x1D41A, 'a', 26, true, false}, // serif bold
	{0x1D434, 'A', 26, false, true}, {0x1D44E, 'a', 26, false, true}, // serif italic
	{0x1D468, 'A', 26, true, true}, {0x1D482, 'a', 26, true, true}, // serif bold italic
	{0x1D5D4, 'A', 26, true, false}, {0x1D5EE, 'a', 26, true, false}, // sans bold
	{0x1D608, 'A', 26, false, true}, {0x1D622, 'a', 26, false, true}, // sans italic
	{0x1D63C, 'A', 26, true, true}, {0x1D656, 'a', 26, true, true}, // sans bold italic
	{0x1D7CE, '0', 10, true, false}, // bold digits
	{0x1D7EC, '0', 10, true, false}, // sans bold digits
}

// unfancyRune maps a fake bold/italic letter to its plain letter.
func unfancyRune(r rune) (rune, bool, bool, bool) {
	if r == 0x210E { // the serif italic h lives in Letterlike Symbols
		return 'h', false, true, true
	}
	if r < 0x1D400 || r > 0x1D7FF {
		return r, false, false, false
	}
	for _, fr := range fancyRanges {
		if r >= fr.first && r < fr.first+rune(fr.count) {
			return fr.base + (r - fr.first), fr.bold, fr.italic, true
		}
	}
	return r, false, false, false
}

// unfancy turns fake bold/italic letters into plain letters with Bold/Italic
// spans. Spaces and punctuation between two styled words take their style, so
// "𝗯𝗼𝗹𝗱 𝘁𝗲𝘅𝘁" stays one bold span.
func unfancy(text string, base carousel.Span) []carousel.Span {
	fast := true
	for _, r := range text {
		if r >= 0x1D400 || r == 0x210E {
			fast = false
			break
		}
	}
	if fast {
		base.Text = text
		return []carousel.Span{base}
	}
	type run struct {
		b      strings.Builder
		styled bool
		bold   bool
		italic bool
	}
	var runs []*run
	cur := &run{}
	runs = append(runs, cur)
	for _, r := range text {
		plain, bold, italic, ok := unfancyRune(r)
		if ok != cur.styled || (ok && (bold != cur.bold || italic != cur.italic)) {
			if cur.b.Len() > 0 {
				cur = &run{}
				runs = append(runs, cur)
			}
			cur.styled, cur.bold, cur.italic = ok, bold, italic
		}
		cur.b.WriteRune(plain)
	}
	// A short unstyled gap without letters or line breaks between two runs of
	// the same style joins them.
	for i := 1; i+1 < len(runs); i++ {
		g := runs[i]
		if g.styled || !runs[i-1].styled || !runs[i+1].styled || runs[i-1].bold != runs[i+1].bold || runs[i-1].italic != runs[i+1].italic {
			continue
		}
		if gapJoins(g.b.String()) {
			g.styled, g.bold, g.italic = true, runs[i-1].bold, runs[i-1].italic
		}
	}
	var out []carousel.Span
	for _, r := range runs {
		sp := base
		sp.Text = r.b.String()
		if sp.Text == "" {
			continue
		}
		if r.styled {
			sp.Bold = sp.Bold || r.bold
			sp.Italic = sp.Italic || r.italic
		}
		if n := len(out); n > 0 && sameStyle(out[n-1], sp) {
			out[n-1].Text += sp.Text
			continue
		}
		out = append(out, sp)
	}
	return out
}

func gapJoins(s string) bool {
	for _, r := range s {
		if r == '\n' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			return false
		}
	}
	return len(s) <= 3
}

func sameStyle(a, b carousel.Span) bool {
	return a.Bold == b.Bold && a.Italic == b.Italic && a.Underline == b.Underline && a.Strike == b.Strike && a.Link == b.Link && a.Entity == b.Entity
}

// spansToBlocks trims the text, splits it into paragraphs on blank lines and
// turns "- ", "• " and "1. " lines into list items.
func spansToBlocks(spans []carousel.Span) []carousel.Block {
	// Break into lines.
	var lines [][]carousel.Span
	var line []carousel.Span
	for _, sp := range spans {
		parts := strings.Split(sp.Text, "\n")
		for i, p := range parts {
			if i > 0 {
				lines = append(lines, line)
				line = nil
			}
			if p != "" {
				s := sp
				s.Text = p
				line = append(line, s)
			}
		}
	}
	lines = append(lines, line)

	var blocks []carousel.Block
	var para []carousel.Span
	flush := func() {
		if b, ok := makeBlock(carousel.Block{Type: carousel.Paragraph}, para); ok {
			blocks = append(blocks, b)
		}
		para = nil
	}
	for _, ln := range lines {
		if isBlank(ln) {
			flush()
			continue
		}
		if typ, num, rest, ok := listItem(ln); ok {
			flush()
			if b, ok := makeBlock(carousel.Block{Type: typ, Number: num}, rest); ok {
				blocks = append(blocks, b)
			}
			continue
		}
		if para != nil {
			para = append(para, carousel.Span{Text: "\n"})
		}
		para = append(para, ln...)
	}
	flush()
	return blocks
}

func isBlank(ln []carousel.Span) bool {
	for _, s := range ln {
		if strings.TrimSpace(s.Text) != "" {
			return false
		}
	}
	return true
}

var numberedRE = regexp.MustCompile(`^\s*(\d{1,3})[.)] `)

func listItem(ln []carousel.Span) (carousel.BlockType, int, []carousel.Span, bool) {
	if len(ln) == 0 || ln[0].Entity != "" {
		return "", 0, nil, false
	}
	first := ln[0].Text
	trimmed := strings.TrimLeft(first, " \t")
	for _, m := range []string{"- ", "• ", "* ", "– "} {
		if strings.HasPrefix(trimmed, m) {
			return carousel.Bullet, 0, withFirst(ln, trimmed[len(m):]), true
		}
	}
	if m := numberedRE.FindStringSubmatch(first); m != nil {
		n := 0
		for _, c := range m[1] {
			n = n*10 + int(c-'0')
		}
		return carousel.Numbered, n, withFirst(ln, first[len(m[0]):]), true
	}
	return "", 0, nil, false
}

func withFirst(ln []carousel.Span, text string) []carousel.Span {
	out := append([]carousel.Span(nil), ln...)
	out[0].Text = text
	return out
}

// makeBlock trims the spans, merges neighbours of the same style and keeps
// the block when any text is left.
func makeBlock(b carousel.Block, spans []carousel.Span) (carousel.Block, bool) {
	for len(spans) > 0 {
		spans[0].Text = strings.TrimLeft(spans[0].Text, " \t\u00a0")
		if spans[0].Text != "" {
			break
		}
		spans = spans[1:]
	}
	for len(spans) > 0 {
		n := len(spans) - 1
		spans[n].Text = strings.TrimRight(spans[n].Text, " \t\u00a0")
		if spans[n].Text != "" {
			break
		}
		spans = spans[:n]
	}
	if len(spans) == 0 {
		return b, false
	}
	merged := make([]carousel.Span, 0, len(spans))
	for _, sp := range spans {
		if sp.Text == "" {
			continue
		}
		if n := len(merged); n > 0 && sp.Entity == "" && merged[n-1].Entity == "" && sameStyle(merged[n-1], sp) {
			merged[n-1].Text += sp.Text
			continue
		}
		merged = append(merged, sp)
	}
	b.Spans = merged
	return b, true
}
