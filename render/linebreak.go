// SPDX-License-Identifier: MIT

package render

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/go-text/typesetting/segmenter"
	ucd "github.com/go-text/typesetting/unicodedata"
	"github.com/tdewolff/canvas/text"
)

// Line breaking: where a line may end. The canvas breaks only where the
// table made here allows, so every rule lives in this file:
//
//   - the Unicode line breaking algorithm (UAX #14, go-text's segmenter),
//     which also keeps Chinese and Japanese lines from starting with "。",
//     "，" or small kana (kinsoku: its strict classes);
//   - Thai, written without spaces, breaks between dictionary words;
//   - Korean breaks between words (at spaces), not between syllables;
//   - URLs break after "/", "-", ".", "?", "&", "=" and similar;
//   - long words are hyphenated by Liang's algorithm with TeX patterns;
//   - anything still unbreakable may break between any two graphemes, but
//     only when a line holds nothing else (an emergency break), so one long
//     token never makes the text smaller or runs out of the slide.

//go:embed dict/hyph_en_US.dic
var hyphenPatternsEN string

// hyphenFiles are the other languages' patterns, gzipped as Debian ships
// them (libhyphen's format, some in ISO 8859-1).
//
//go:embed dict/hyph_*.dic.gz
var hyphenFiles embed.FS

// hyphenSources name the patterns of each language by its primary subtag.
// Portuguese takes the Brazilian patterns (those of Portugal are GPL-2
// only); its rules are nearly the same.
var hyphenSources = map[string]string{
	"de": "dict/hyph_de_DE.dic.gz",
	"es": "dict/hyph_es_ES.dic.gz",
	"fr": "dict/hyph_fr.dic.gz",
	"it": "dict/hyph_it_IT.dic.gz",
	"nl": "dict/hyph_nl_NL.dic.gz",
	"pt": "dict/hyph_pt_BR.dic.gz",
}

//go:embed dict/thai-words.txt.gz
var thaiWordsGz []byte

// urlRange is a byte range of a paragraph's source text that is a URL.
type urlRange struct{ start, end int }

// breakTable returns the break opportunity before each byte offset of s
// (len(s)+1 entries), with hyph's hyphenation points unless it is nil.
func breakTable(s string, urls []urlRange, hyph *liang) []text.BreakOpportunity {
	rs := []rune(s)
	out := make([]text.BreakOpportunity, len(s)+1)
	if len(rs) == 0 {
		return out
	}
	offs := make([]int, len(rs)+1) // byte offset of each rune
	for i, b := 0, 0; i < len(rs); i++ {
		offs[i] = b
		b += utf8.RuneLen(rs[i])
	}
	offs[len(rs)] = len(s)
	at := make([]text.BreakOpportunity, len(rs)+1) // before rune i

	var seg segmenter.Segmenter
	seg.Init(rs)
	lines := seg.LineIterator()
	for lines.Next() {
		l := lines.Line()
		end := l.Offset + len(l.Text)
		if end < len(rs) {
			at[end] = text.BreakAllowed
		}
	}
	for i := 1; i < len(rs); i++ {
		prev, r := rs[i-1], rs[i]
		switch {
		case isHangul(prev) && isHangul(r):
			at[i] = text.BreakNone // Korean keeps its words whole
		case noLineStart(r):
			at[i] = text.BreakNone // kinsoku, strict: small kana and ー too
		}
	}
	thaiBreaks(rs, at)
	if hyph != nil {
		hyphenBreaks(rs, at, hyph)
	}
	for _, u := range urls {
		urlBreaks(s, offs, u, at)
	}
	// Emergency breaks between the graphemes of what is left unbreakable
	// and long enough that it might not fit a line; shorter stretches get
	// none, which keeps the line breaker fast.
	var bounds []int
	graphemes := seg.GraphemeIterator()
	for graphemes.Next() {
		bounds = append(bounds, graphemes.Grapheme().Offset)
	}
	for a := 0; a < len(bounds); {
		b := a + 1
		for b < len(bounds) && at[bounds[b]] == text.BreakNone && !unicode.IsSpace(rs[bounds[b]]) && !unicode.IsSpace(rs[bounds[b]-1]) {
			b++
		}
		if b-a >= minEmergencyRun {
			for k := a + 1; k < b; k++ {
				if i := bounds[k]; !noLineStart(rs[i]) && !isEmergencyBlocked(rs[i-1], rs[i]) {
					at[i] = text.BreakEmergency
				}
			}
		}
		a = b
	}
	for i, b := range at {
		out[offs[i]] = b
	}
	return out
}

// isEmergencyBlocked keeps emergency breaks away from Thai vowels that
// cannot start or end a line.
func isEmergencyBlocked(prev, r rune) bool {
	return thaiLeadingVowel(prev) || thaiFollowing(r)
}

func isHangul(r rune) bool {
	return unicode.Is(unicode.Hangul, r) && unicode.IsLetter(r)
}

// noLineStart is punctuation a line may not start with (UAX #14 classes CL,
// CP, EX, IS, NS and CJ): UAX #14 already keeps breaks away from them; this
// guards the breaks added here.
func noLineStart(r rune) bool {
	if r < 0x80 {
		return strings.ContainsRune(")]}!?,.:;", r)
	}
	c := ucd.LookupLineBreakClass(r)
	return c == ucd.BreakCL || c == ucd.BreakCP || c == ucd.BreakEX || c == ucd.BreakIS || c == ucd.BreakNS || c == ucd.BreakCJ
}

// urlBreaks lets a URL break after its separators, and before a separator
// that follows a long stretch without any (a long path segment).
func urlBreaks(s string, offs []int, u urlRange, at []text.BreakOpportunity) {
	for i := range at {
		if i == 0 || i >= len(offs)-1 {
			continue
		}
		b := offs[i]
		if b <= u.start || b >= u.end {
			continue
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:b])
		next, _ := utf8.DecodeRuneInString(s[b:])
		switch {
		case unicode.IsSpace(prev) || unicode.IsSpace(next):
			// spaces inside (code) break as in text
		case prev == '/' && next == '/':
			at[i] = text.BreakNone // keep "//" together
		case strings.ContainsRune("/-.?&=_#~+:", prev) && b > u.start+1 && !strings.ContainsRune("/-.?&=_#~+:", next):
			at[i] = text.BreakAllowed
		default:
			at[i] = text.BreakNone // emergency breaks come later
		}
	}
}

// primaryLang is the primary subtag of a BCP 47 tag, lower-cased ("pt-BR"
// is "pt").
func primaryLang(lang string) string {
	if i := strings.IndexAny(lang, "-_"); i >= 0 {
		lang = lang[:i]
	}
	return strings.ToLower(lang)
}

// hyphenates says whether there are patterns for the language ("" is
// unknown: most posts are English, and take the English patterns).
func hyphenates(lang string) bool {
	p := primaryLang(lang)
	return p == "" || hyphenators[p] != nil
}

// minEmergencyRun is the fewest graphemes without a break that get
// emergency breaks: shorter runs fit any line at any size the slides use.
const minEmergencyRun = 8

// minHyphenWord is the shortest word that is hyphenated: short words
// move to the next line whole.
const minHyphenWord = 7

// hyphenBreaks adds hyphenation points to the Latin words of rs that have
// no break inside.
func hyphenBreaks(rs []rune, at []text.BreakOpportunity, hyph *liang) {
	for i := 0; i < len(rs); {
		if !isLatinLetter(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isLatinLetter(rs[j]) {
			j++
		}
		if j-i >= minHyphenWord && (i == 0 || !unicode.IsDigit(rs[i-1])) {
			free := true
			for k := i + 1; k < j; k++ {
				free = free && at[k] == text.BreakNone
			}
			if free {
				for _, k := range hyph.points(rs[i:j]) {
					at[i+k] = text.BreakHyphen
				}
			}
		}
		i = j
	}
}

func isLatinLetter(r rune) bool {
	return unicode.Is(unicode.Latin, r) && unicode.IsLetter(r)
}

// liang hyphenates with Liang's algorithm: the digits of the patterns
// that match inside ".word." give the odd (hyphenation) and even values
// between its letters.
type liang struct {
	patterns    map[string][]uint8
	maxLen      int
	left, right int // letters kept whole at the start and the end
}

// hyphenators read each language's patterns when it is first needed, by
// primary subtag.
var hyphenators = func() map[string]func() *liang {
	m := map[string]func() *liang{"en": sync.OnceValue(func() *liang { return parseLiang(hyphenPatternsEN) })}
	for lang, file := range hyphenSources {
		m[lang] = sync.OnceValue(func() *liang {
			src, err := readGzip(hyphenFiles, file)
			if err != nil {
				panic(fmt.Sprintf("render: hyphenation patterns %s: %v", file, err)) // embedded: cannot happen
			}
			return parseLiang(src)
		})
	}
	return m
}()

// hyphenator returns the patterns of the language, or nil when it has
// none ("" takes the English ones).
func hyphenator(lang string) *liang {
	p := primaryLang(lang)
	if p == "" {
		p = "en"
	}
	if read := hyphenators[p]; read != nil {
		return read()
	}
	return nil
}

func readGzip(fsys embed.FS, name string) (string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	b, err := io.ReadAll(zr)
	return string(b), err
}

// parseLiang reads patterns in libhyphen's format: a charset line (UTF-8
// or ISO8859-1), options such as LEFTHYPHENMIN, then one pattern a line
// ("a2ch4"). The two levels of a file with NEXTLEVEL (compound-word joints,
// then the usual patterns) are read as one set, a pattern in both taking
// the higher value at each place: a joint is a good break, and a value
// that forbids one still forbids it. Non-standard patterns ("c1k/k=k,1,2",
// old German spelling) are left out: they would change the letters.
func parseLiang(src string) *liang {
	l := &liang{patterns: map[string][]uint8{}, left: 2, right: 2} // libhyphen's minimums unless the file sets its own
	if strings.HasPrefix(src, "ISO8859-1") {
		src = fromLatin1(src)
	}
	var key strings.Builder
	var values []uint8
	for line := range strings.Lines(src) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '%' || line[0] == '#' || strings.HasPrefix(line, "ISO8859-1") || line == "UTF-8" || strings.Contains(line, "/") {
			continue
		}
		if k, _, _ := strings.Cut(line, " "); k == strings.ToUpper(k) && strings.ContainsFunc(k, unicode.IsUpper) {
			// LEFTHYPHENMIN and RIGHTHYPHENMIN below; NEXTLEVEL, NOHYPHEN and
			// the COMPOUND minimums are not used.
			if v, ok := strings.CutPrefix(line, "LEFTHYPHENMIN "); ok {
				l.left = atoiDefault(v, 2)
			}
			if v, ok := strings.CutPrefix(line, "RIGHTHYPHENMIN "); ok {
				l.right = atoiDefault(v, 2)
			}
			continue
		}
		key.Reset()
		values = append(values[:0], 0)
		n := 0
		for _, r := range line {
			if r >= '0' && r <= '9' {
				values[len(values)-1] = uint8(r - '0')
				continue
			}
			key.WriteRune(r)
			values = append(values, 0)
			n++
		}
		k := key.String()
		if had, ok := l.patterns[k]; ok {
			for i := range values {
				had[i] = max(had[i], values[i])
			}
		} else {
			l.patterns[k] = slices.Clone(values)
		}
		l.maxLen = max(l.maxLen, n)
	}
	return l
}

// fromLatin1 decodes ISO 8859-1, whose bytes are the first 256 code points.
func fromLatin1(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	for i := 0; i < len(s); i++ {
		b.WriteRune(rune(s[i]))
	}
	return b.String()
}

func atoiDefault(s string, d int) int {
	n := 0
	for _, r := range strings.TrimSpace(s) {
		if r < '0' || r > '9' {
			return d
		}
		n = n*10 + int(r-'0')
	}
	return n
}

// points returns the rune offsets in word before which it may be hyphenated.
func (l *liang) points(word []rune) []int {
	w := make([]rune, 0, len(word)+2)
	w = append(w, '.')
	for _, r := range word {
		w = append(w, unicode.ToLower(r))
	}
	w = append(w, '.')
	values := make([]uint8, len(w)+1)
	for i := range w {
		for j := i + 1; j <= len(w) && j-i <= l.maxLen; j++ {
			if p, ok := l.patterns[string(w[i:j])]; ok {
				for k, v := range p {
					if v > values[i+k] {
						values[i+k] = v
					}
				}
			}
		}
	}
	var out []int
	// values[k] sits before w[k]; w[k] is word[k-1].
	for k := l.left; k <= len(word)-l.right; k++ {
		if values[k+1]%2 == 1 {
			out = append(out, k)
		}
	}
	return out
}

// Thai.

var (
	thaiOnce  sync.Once
	thaiWords map[string]struct{}
	thaiMax   int // longest word, in runes
)

func thaiDict() map[string]struct{} {
	thaiOnce.Do(func() {
		thaiWords = map[string]struct{}{}
		zr, err := gzip.NewReader(bytes.NewReader(thaiWordsGz))
		if err != nil {
			return
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			w := strings.TrimSpace(sc.Text())
			if w == "" {
				continue
			}
			thaiWords[w] = struct{}{}
			thaiMax = max(thaiMax, utf8.RuneCountInString(w))
		}
	})
	return thaiWords
}

func isThai(r rune) bool { return r >= 0x0E01 && r <= 0x0E5B }

// thaiLeadingVowel: เ แ โ ใ ไ are written before their consonant; a line
// never ends after one.
func thaiLeadingVowel(r rune) bool { return r >= 0x0E40 && r <= 0x0E44 }

// thaiFollowing are signs that attach to what precedes them (vowels after
// or above the consonant, tone marks, the repetition mark): a line never
// starts with one.
func thaiFollowing(r rune) bool {
	return r == 0x0E30 || r == 0x0E32 || r == 0x0E33 || r == 0x0E45 || r == 0x0E46 || (r >= 0x0E31 && r <= 0x0E3A) || (r >= 0x0E47 && r <= 0x0E4E)
}

// thaiBreaks marks the word boundaries inside runs of Thai letters: the
// segmentation into dictionary words with the fewest unknown characters,
// then the fewest words (maximal matching).
func thaiBreaks(rs []rune, at []text.BreakOpportunity) {
	for i := 0; i < len(rs); {
		if !isThai(rs[i]) || rs[i] == 0x0E2F || rs[i] >= 0x0E50 && rs[i] <= 0x0E5B {
			i++
			continue
		}
		j := i
		for j < len(rs) && isThai(rs[j]) && !(rs[j] >= 0x0E50 && rs[j] <= 0x0E59) {
			j++
		}
		for _, k := range thaiSegment(rs[i:j]) {
			if p := i + k; !thaiLeadingVowel(rs[p-1]) && !thaiFollowing(rs[p]) {
				at[p] = text.BreakAllowed
			}
		}
		i = j
	}
}

// thaiSegment returns the offsets inside run where its words meet.
func thaiSegment(run []rune) []int {
	dict := thaiDict()
	n := len(run)
	if n < 2 || len(dict) == 0 {
		return nil
	}
	type cost struct{ unknown, words int }
	less := func(a, b cost) bool {
		return a.unknown < b.unknown || a.unknown == b.unknown && a.words < b.words
	}
	const inf = 1 << 30
	best := make([]cost, n+1)
	from := make([]int, n+1)
	for i := 1; i <= n; i++ {
		best[i] = cost{inf, inf}
	}
	for i := 0; i < n; i++ {
		if best[i].unknown == inf {
			continue
		}
		for j := i + 1; j <= n && j-i <= thaiMax; j++ {
			if _, ok := dict[string(run[i:j])]; ok {
				if c := (cost{best[i].unknown, best[i].words + 1}); less(c, best[j]) {
					best[j], from[j] = c, i
				}
			}
		}
		// An unknown character joins the word before it, so that names
		// and loanwords are not broken letter by letter.
		if c := (cost{best[i].unknown + 1, best[i].words}); less(c, best[i+1]) {
			best[i+1], from[i+1] = c, -i-1 // negative: continues a word
		}
	}
	var cuts []int
	for j := n; j > 0; {
		i := from[j]
		if i < 0 {
			j = -i - 1
			continue
		}
		if i > 0 {
			cuts = append(cuts, i)
		}
		j = i
	}
	// reverse into increasing order
	out := make([]int, 0, len(cuts))
	for k := len(cuts) - 1; k >= 0; k-- {
		out = append(out, cuts[k])
	}
	return out
}
