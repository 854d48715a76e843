// SPDX-License-Identifier: MIT

package markup

import (
	"net/url"
	"strings"
	"unicode"

	carousel "github.com/carouselstudio/carousel"
)

// match is an entity found in a run of runes: [start, end).
type match struct {
	start, end int
	kind, link string
}

// Entities splits plain text into spans for bare URLs, @mentions, #hashtags
// and $cashtags, each with Entity and Link set; the rest of the text keeps
// base's style. The text is kept exactly: no markup is read.
func Entities(text string, base carousel.Span) []carousel.Span {
	return EntitiesWith(text, base, nil)
}

// Links says where the mentions and hashtags found in plain text point,
// for text from elsewhere than X.
type Links struct {
	Mention func(handle string) string // the profile address of a handle
	Hashtag func(tag string) string    // the address of a tag
	// DottedHandles: handles run up to 30 letters, digits, "_" and "."
	// (Threads and Instagram), not X's 15 without dots.
	DottedHandles bool
	NoCashtags    bool // "$TAG" is plain text
}

// EntitiesWith is Entities with mentions and hashtags linked as l says;
// a nil l links them to X.
func EntitiesWith(text string, base carousel.Span, l *Links) []carousel.Span {
	if text == "" {
		return nil
	}
	rs := []rune(text)
	ms := findEntitiesWith(rs, 0, len(rs), nil, l)
	var spans []carousel.Span
	pos := 0
	for _, m := range ms {
		if m.start > pos {
			s := base
			s.Text = string(rs[pos:m.start])
			spans = append(spans, s)
		}
		s := base
		s.Text, s.Entity, s.Link = string(rs[m.start:m.end]), m.kind, m.link
		spans = append(spans, s)
		pos = m.end
	}
	if pos < len(rs) {
		s := base
		s.Text = string(rs[pos:])
		spans = append(spans, s)
	}
	return spans
}

// findEntities appends the entities in rs[lo:hi] to out. Each rune is
// looked at a bounded number of times, so the scan is linear.
func findEntities(rs []rune, lo, hi int, out []match) []match {
	return findEntitiesWith(rs, lo, hi, out, nil)
}

func findEntitiesWith(rs []rune, lo, hi int, out []match, l *Links) []match {
	for i := lo; i < hi; {
		prev := ' '
		if i > lo {
			prev = rs[i-1]
		}
		var m match
		var ok bool
		next := i + 1
		switch c := rs[i]; {
		case c == '@' || c == '＠':
			if l != nil && l.DottedHandles {
				m, ok = dottedMention(rs, i, hi, prev)
			} else {
				m, ok = mention(rs, i, hi, prev)
			}
			if ok && l != nil && l.Mention != nil {
				m.link = l.Mention(string(rs[m.start+1 : m.end]))
			}
		case c == '#' || c == '＃':
			m, ok = hashtag(rs, i, hi, prev)
			if ok && l != nil && l.Hashtag != nil {
				m.link = l.Hashtag(string(rs[m.start+1 : m.end]))
			}
		case c == '$' && (l == nil || !l.NoCashtags):
			m, ok = cashtag(rs, i, hi, prev)
		case c < 0x80 && isASCIIAlnum(byte(c)) && !isWordRune(prev) && !strings.ContainsRune(".-/@:#$&+=%~", prev):
			m, ok, next = webAddress(rs, i, hi)
		}
		if ok {
			out = append(out, m)
			next = m.end
		}
		i = max(next, i+1)
	}
	return out
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

func isHandleRune(r rune) bool {
	return r == '_' || (r < 0x80 && isASCIIAlnum(byte(r)))
}

// mention reads "@handle" (1 to 15 letters, digits or underscores).
func mention(rs []rune, i, hi int, prev rune) (match, bool) {
	if isWordRune(prev) || prev == '@' || prev == '＠' {
		return match{}, false // an e-mail address or "a@@b"
	}
	j := i + 1
	for j < hi && isHandleRune(rs[j]) {
		j++
	}
	if j == i+1 || j-i-1 > 15 || (j < hi && (isWordRune(rs[j]) || rs[j] == '@')) {
		return match{}, false
	}
	handle := string(rs[i+1 : j])
	return match{i, j, carousel.EntityMention, "https://x.com/" + handle}, true
}

// dottedMention reads "@handle" of 1 to 30 letters, digits, "_" and ".",
// not ending in a dot (Threads and Instagram handles).
func dottedMention(rs []rune, i, hi int, prev rune) (match, bool) {
	if isWordRune(prev) || prev == '@' || prev == '＠' {
		return match{}, false
	}
	j := i + 1
	for j < hi && (isHandleRune(rs[j]) || rs[j] == '.') {
		j++
	}
	for j > i+1 && rs[j-1] == '.' {
		j--
	}
	if j == i+1 || j-i-1 > 30 || (j < hi && (isWordRune(rs[j]) || rs[j] == '@')) {
		return match{}, false
	}
	return match{i, j, carousel.EntityMention, "https://x.com/" + string(rs[i+1:j])}, true
}

// hashtag reads "#tag" of letters, digits, marks and underscores with at
// least one letter, as X does ("#1" is not a hashtag).
func hashtag(rs []rune, i, hi int, prev rune) (match, bool) {
	if isWordRune(prev) || prev == '&' || prev == '#' || prev == '＃' {
		return match{}, false
	}
	if i+1 < hi && (rs[i+1] == 0xFE0F || rs[i+1] == 0x20E3) {
		return match{}, false // the keycap emoji #️⃣
	}
	j, letter := i+1, false
	for j < hi && isWordRune(rs[j]) {
		if unicode.IsLetter(rs[j]) {
			letter = true
		}
		j++
	}
	if !letter || (j < hi && (rs[j] == '#' || rs[j] == '＃')) {
		return match{}, false
	}
	tag := string(rs[i+1 : j])
	return match{i, j, carousel.EntityHashtag, "https://x.com/hashtag/" + url.PathEscape(tag)}, true
}

// cashtag reads "$TAG": 1 to 6 letters, optionally ".X" or "_XY" after.
func cashtag(rs []rune, i, hi int, prev rune) (match, bool) {
	if isWordRune(prev) || prev == '$' {
		return match{}, false
	}
	letters := func(from, maxN int) int {
		k := from
		for k < hi && k-from < maxN && rs[k] < 0x80 && isASCIILetter(byte(rs[k])) {
			k++
		}
		return k
	}
	j := letters(i+1, 6)
	if j == i+1 {
		return match{}, false
	}
	if j+1 < hi && (rs[j] == '.' || rs[j] == '_') {
		if k := letters(j+1, 2); k > j+1 && (k >= hi || !isWordRune(rs[k])) {
			j = k
		}
	}
	if j < hi && (isWordRune(rs[j]) || rs[j] == '$') {
		return match{}, false
	}
	tag := string(rs[i+1 : j])
	return match{i, j, carousel.EntityCashtag, "https://x.com/search?q=%24" + url.QueryEscape(tag)}, true
}

// webAddress reads a URL starting at rs[i]: "http://…", "https://…",
// "www.…", or a bare domain with a well-known top-level domain
// ("example.com/path"). It also returns where scanning may resume.
func webAddress(rs []rune, i, hi int) (match, bool, int) {
	switch {
	case hasPrefixFold(rs[i:hi], "https://"), hasPrefixFold(rs[i:hi], "http://"):
		from := i + 7
		if rs[i+4] == 's' || rs[i+4] == 'S' {
			from++
		}
		end := urlEnd(rs, from, hi)
		if end == from || !isURLHostRune(rs[from]) {
			return match{}, false, from
		}
		return match{i, end, carousel.EntityURL, string(rs[i:end])}, true, end
	case hasPrefixFold(rs[i:hi], "www."):
		end := urlEnd(rs, i+4, hi)
		host := domainEnd(rs, i, end)
		if host <= i+4 || !hasDot(rs[i+4:host]) {
			return match{}, false, max(end, i+4)
		}
		return match{i, end, carousel.EntityURL, "https://" + string(rs[i:end])}, true, end
	}
	host := domainEnd(rs, i, hi)
	if host < hi && (isWordRune(rs[host]) || rs[host] == '@') {
		return match{}, false, host // part of a longer word or an e-mail address
	}
	dot := lastDot(rs[i:host])
	if dot < 0 || !knownTLD(rs[i+dot+1:host]) || rs[host-1] == '-' {
		return match{}, false, host
	}
	end := host
	if host < hi && rs[host] == '/' {
		end = urlEnd(rs, host, hi)
	} else if host < hi && rs[host] == '.' && host+1 < hi && isWordRune(rs[host+1]) {
		return match{}, false, host
	}
	return match{i, end, carousel.EntityURL, "https://" + string(rs[i:end])}, true, end
}

// domainEnd returns the end of the run of letters, digits, '-' and '.'
// from i, not counting a final '.'.
func domainEnd(rs []rune, i, hi int) int {
	j := i
	for j < hi && rs[j] < 0x80 && (isASCIIAlnum(byte(rs[j])) || rs[j] == '-' || rs[j] == '.') {
		j++
	}
	for j > i && rs[j-1] == '.' {
		j--
	}
	return j
}

func hasDot(rs []rune) bool { return lastDot(rs) >= 0 }

func lastDot(rs []rune) int {
	for k := len(rs) - 1; k >= 0; k-- {
		if rs[k] == '.' {
			return k
		}
	}
	return -1
}

// wellKnownTLDs are top-level domains common enough that "name.tld" is
// clearly an address; file extensions such as .md, .py, .js, .go are not here.
var wellKnownTLDs = map[string]bool{
	"com": true, "org": true, "net": true, "io": true, "dev": true, "app": true,
	"ai": true, "co": true, "xyz": true, "gg": true, "ly": true, "tv": true,
	"fm": true, "edu": true, "gov": true, "info": true, "blog": true,
	"page": true, "site": true, "tech": true, "uk": true, "de": true,
	"fr": true, "nl": true, "eu": true, "ca": true, "ch": true, "se": true,
	"es": true, "jp": true, "cc": true, "news": true, "online": true,
	"store": true, "studio": true, "design": true, "social": true,
}

func knownTLD(rs []rune) bool {
	if len(rs) < 2 || len(rs) > 8 {
		return false
	}
	var b [8]byte
	for k, r := range rs {
		if r >= 0x80 || !isASCIILetter(byte(r)) {
			return false
		}
		b[k] = byte(r) | 0x20
	}
	return wellKnownTLDs[string(b[:len(rs)])]
}

func isURLHostRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '['
}

// isURLRune reports runes a URL may hold: visible ASCII other than
// <>"{}|\^` and non-ASCII letters, digits and marks (not emoji).
func isURLRune(r rune) bool {
	if r < 0x80 {
		return r > ' ' && r != 0x7f && !strings.ContainsRune("<>\"{}|\\^`", r)
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// urlEnd returns the end of the URL whose rest starts at from: it runs to
// the first rune a URL cannot hold, less trailing punctuation and any
// closing bracket that does not balance one inside the URL.
func urlEnd(rs []rune, from, hi int) int {
	end := from
	var paren, bracket int // '(' minus ')' and '[' minus ']' inside the URL
	for end < hi && isURLRune(rs[end]) {
		switch rs[end] {
		case '(':
			paren++
		case ')':
			paren--
		case '[':
			bracket++
		case ']':
			bracket--
		}
		end++
	}
	for end > from {
		r := rs[end-1]
		switch {
		case strings.ContainsRune(".,:;!?'*", r), r >= 0x80 && unicode.IsPunct(r):
		case r == ')' && paren < 0:
			paren++
		case r == ']' && bracket < 0:
			bracket++
		default:
			return end
		}
		end--
	}
	return end
}

func hasPrefixFold(rs []rune, prefix string) bool {
	if len(rs) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		r := rs[k]
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		if r != rune(prefix[k]) {
			return false
		}
	}
	return true
}
