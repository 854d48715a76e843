// SPDX-License-Identifier: MIT

package render

import (
	"strings"

	"golang.org/x/text/unicode/bidi"
)

// bidiLevels runs the Unicode bidirectional algorithm on every paragraph
// of s (paragraphs end at "\n" and U+2029) and returns the embedding level
// of each rune and the base level of its paragraph. A paragraph's base
// direction is that of its first strong character, except that in a post
// whose language is written right to left a paragraph with any
// right-to-left letter is right to left ("GitHub הוא כלי…"). base is nil
// when every paragraph is left to right; levels is all zeros for text
// without right-to-left characters.
func bidiLevels(s string, lang string) (levels, base []int, firstRTL bool) {
	rs := []rune(s)
	levels = make([]int, len(rs))
	if !hasRTL(rs) {
		return levels, nil, false
	}
	base = make([]int, len(rs))
	rtlLang := isRTLLang(lang)
	start := 0
	first := true
	for start <= len(rs) {
		end := start
		for end < len(rs) && rs[end] != '\n' && rs[end] != '\u2029' {
			end++
		}
		para := rs[start:end]
		lvl := 0
		if strong := firstStrong(para); strong == bidi.R || strong == bidi.AL || (rtlLang && hasRTL(para)) {
			lvl = 1
		}
		if first && len(para) > 0 {
			firstRTL, first = lvl == 1, false
		}
		paraLevels(para, lvl, levels[start:end])
		for i := start; i <= end && i < len(rs); i++ {
			base[i] = lvl
		}
		if end < len(rs) {
			levels[end] = lvl // the paragraph separator
		}
		start = end + 1
	}
	return levels, base, firstRTL
}

// paraLevels fills out with the levels of one paragraph at base level lvl.
// Text without explicit embeddings nests at most one level: right-to-left
// runs of a left-to-right paragraph are at level 1, left-to-right runs
// (Latin words, numbers) of a right-to-left one at level 2.
func paraLevels(para []rune, lvl int, out []int) {
	for i := range out {
		out[i] = lvl
	}
	if len(para) == 0 || !hasRTL(para) && lvl == 0 {
		return
	}
	defer func() { _ = recover() }() // a bidi bug must not cost the text: keep the base level
	var p bidi.Paragraph
	var opts []bidi.Option
	if lvl == 1 {
		opts = append(opts, bidi.DefaultDirection(bidi.RightToLeft))
	}
	if _, err := p.SetString(string(para), opts...); err != nil {
		return
	}
	o, err := p.Order()
	if err != nil {
		return
	}
	for i := 0; i < o.NumRuns(); i++ {
		run := o.Run(i)
		a, b := run.Pos()
		l := lvl
		switch {
		case run.Direction() == bidi.RightToLeft && lvl == 0:
			l = 1
		case run.Direction() == bidi.LeftToRight && lvl == 1:
			l = 2
		}
		for k := a; k <= b && k < len(out); k++ {
			out[k] = l
		}
	}
}

// firstStrong is the bidi class of the first strongly directional
// character (rule P2), or bidi.ON when there is none.
func firstStrong(rs []rune) bidi.Class {
	for _, r := range rs {
		p, _ := bidi.LookupRune(r)
		switch c := p.Class(); c {
		case bidi.L, bidi.R, bidi.AL:
			return c
		}
	}
	return bidi.ON
}

func hasRTL(rs []rune) bool {
	for _, r := range rs {
		if r < 0x0590 {
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch p.Class() {
		case bidi.R, bidi.AL, bidi.RLE, bidi.RLO, bidi.RLI:
			return true
		}
	}
	return false
}

// isRTLLang reports languages written right to left (BCP 47 primary tags).
func isRTLLang(lang string) bool {
	tag, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch tag {
	case "ar", "he", "iw", "fa", "ur", "yi", "ps", "sd", "ckb", "dv", "ug":
		return true
	}
	return false
}
