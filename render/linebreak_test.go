// SPDX-License-Identifier: MIT

package render

import (
	"slices"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
)

// hyphenated writes word with "-" at its hyphenation points in lang.
func hyphenated(t *testing.T, lang, word string) string {
	t.Helper()
	h := hyphenator(lang)
	if h == nil {
		t.Fatalf("no hyphenation patterns for %q", lang)
	}
	rs := []rune(word)
	var b strings.Builder
	pts := h.points(rs)
	for i, r := range rs {
		if len(pts) > 0 && pts[0] == i {
			b.WriteByte('-')
			pts = pts[1:]
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TestHyphenationLanguages: each language's words break where its own
// patterns say, which the English ones would not.
func TestHyphenationLanguages(t *testing.T) {
	for _, tc := range []struct{ lang, word, want string }{
		{"en", "hyphenation", "hy-phen-ation"},
		{"", "hyphenation", "hy-phen-ation"},
		{"de", "Silbentrennung", "Sil-ben-tren-nung"},
		{"de-AT", "Fußballweltmeisterschaft", "Fuß-ball-welt-meis-ter-schaft"},
		{"fr", "extraordinaire", "ex-tra-or-di-naire"},
		{"fr-CA", "développement", "dé-ve-lop-pe-ment"},
		{"es", "extraordinario", "ex-tra-or-di-na-rio"},
		{"it", "programmazione", "pro-gram-ma-zio-ne"},
		{"nl", "lettergrepen", "let-ter-gre-pen"},
		{"pt-BR", "computador", "com-pu-ta-dor"},
	} {
		if got := hyphenated(t, tc.lang, tc.word); got != tc.want {
			t.Errorf("%s %q: %q, want %q", tc.lang, tc.word, got, tc.want)
		}
	}
	for _, lang := range []string{"ru", "ja", "zxx", "he"} {
		if hyphenates(lang) || hyphenator(lang) != nil {
			t.Errorf("%s has no patterns here, yet hyphenates", lang)
		}
	}
}

// BenchmarkHyphenationPatterns reads the largest pattern set, the German
// one, as the first German post does.
func BenchmarkHyphenationPatterns(b *testing.B) {
	src, err := readGzip(hyphenFiles, hyphenSources["de"])
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		parseLiang(src)
	}
}

// TestGermanPostHyphenatesInGerman: a German post's long compounds break at
// the German patterns' points.
func TestGermanPostHyphenatesInGerman(t *testing.T) {
	e := newTestEngine(t)
	words := []string{"Donaudampfschifffahrtsgesellschaft", "Rindfleischetikettierungsüberwachung", "Kraftfahrzeughaftpflichtversicherung"}
	p := project(carousel.Post{ID: "1", Lang: "de", Blocks: markup.ParseBlocks("Die " + words[0] + " prüft die " + words[1] + " und die " + words[2] + ".")})
	p.Settings.Format = "story"
	spans, _ := drawnSpans(t, e, p)
	broken := 0
	for _, sp := range spans {
		piece := strings.TrimSuffix(strings.TrimSpace(sp.text), "-") // the hyphen is drawn apart from the line's text
		if i := strings.LastIndex(piece, " "); i >= 0 {
			piece = piece[i+1:]
		}
		for _, w := range words {
			if rest, ok := strings.CutPrefix(w, piece); ok && rest != "" {
				broken++
				if !slices.Contains(hyphenator("de").points([]rune(w)), len([]rune(piece))) {
					t.Errorf("%q broken after %q, not at a German hyphenation point (%s)", w, piece, hyphenated(t, "de", w))
				}
			}
		}
	}
	if broken == 0 {
		t.Fatalf("no compound was hyphenated: %+v", spans)
	}
}
