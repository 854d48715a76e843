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

func TestGuessLanguage(t *testing.T) {
	post := func(lang, text string) carousel.Post {
		return carousel.Post{ID: text[:4], Lang: lang, Blocks: markup.ParseBlocks(text)}
	}
	for _, tc := range []struct {
		name  string
		posts []carousel.Post
		want  string
	}{
		{"German", []carousel.Post{post("", "Das ist nicht die Lösung, die wir für unsere Kunden suchen."), post("", "Und wie ist es mit dem Preis? Ich weiß es nicht.")}, "de"},
		{"French", []carousel.Post{post("", "Ce n'est pas le problème que nous avons avec les clients et les partenaires, mais pour vous c'est une question.")}, "fr"},
		{"English", []carousel.Post{post("", "This is the thread you wanted: what to write, and how to make it fit the slide for your readers.")}, "en"},
		{"Spanish", []carousel.Post{post("", "El problema es que los clientes no quieren pagar por una cosa que no es para ellos, pero lo hacen.")}, "es"},
		// "de" and "en", Dutch words too, are Spanish's commonest: they must not make it Dutch.
		{"Spanish full of de", []carousel.Post{post("", "La historia de la empresa de mi padre en la ciudad de Madrid es el resumen de una vida de trabajo y de esfuerzo en el centro de la ciudad.")}, "es"},
		{"Dutch", []carousel.Post{post("", "Het is niet moeilijk om een goede draad te schrijven, maar je moet wel weten wat je lezers van je verwachten en dat kost tijd.")}, "nl"},
		{"Italian", []carousel.Post{post("", "Non è difficile scrivere un buon thread, ma bisogna sapere che cosa si aspettano i lettori, e questo è molto più importante per il risultato.")}, "it"},
		{"Portuguese", []carousel.Post{post("", "Não é difícil escrever um bom fio, mas você precisa saber o que os leitores esperam, e isso é muito mais importante para o resultado.")}, "pt"},
		{"too short to tell", []carousel.Post{post("", "Hallo Welt, guten Morgen.")}, ""},
		// Posts that say their language are not guessed at.
		{"labelled", []carousel.Post{post("de", "Das ist nicht die Lösung, die wir für unsere Kunden suchen und die sie nicht wollen.")}, ""},
		// Words in a link or code say nothing of the language.
		{"code", []carousel.Post{post("", "`der die und das ist nicht mit ein eine ich sie auf`")}, ""},
	} {
		if got := guessLanguage(tc.posts); got != tc.want {
			t.Errorf("%s: guessed %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestPastedGermanHyphenatesInGerman: a German thread pasted as text (no
// language said) is hyphenated with the German patterns, not the English.
func TestPastedGermanHyphenatesInGerman(t *testing.T) {
	e := newTestEngine(t)
	word := "Versicherungsbedingungen"
	p := project(carousel.Post{ID: "1", Blocks: markup.ParseBlocks("Das ist nicht die Frage. Die " + word + " sind für die Kunden und für uns ein Problem, und das wissen wir auch.")})
	pl, err := e.layoutProject(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if pl.pc.guessLang != "de" {
		t.Fatalf("guessed %q", pl.pc.guessLang)
	}
	m := newMeasurer(e, pl.pc)
	for _, pg := range pl.pages {
		for _, el := range pg.Elems {
			if el.Kind != elemText || !strings.Contains(carousel.BlocksText([]carousel.Block{el.Block}), word) {
				continue
			}
			st := m.textStyleOf(el, pg.Scale)
			if got := st.hyphenLang(); got != "de" {
				t.Fatalf("the paragraph is hyphenated as %q", got)
			}
			rb := m.b.build(el.Block.Spans, st)
			text := rb.rt.String()
			at := strings.Index(text, word)
			var got []int
			for i := 1; i < len(word); i++ {
				if rb.tables.breaks[at+i] != 0 {
					got = append(got, len([]rune(word[:i])))
				}
			}
			if want := hyphenator("de").points([]rune(word)); !slices.Equal(got, want) || len(want) == 0 {
				t.Errorf("break points in %q: %v, want the German %v (English: %v)", word, got, want, hyphenator("en").points([]rune(word)))
			}
			return
		}
	}
	t.Fatal("the paragraph is not laid out")
}
