// SPDX-License-Identifier: MIT

package render

import (
	"strings"
	"unicode"

	"github.com/carouselstudio/carousel"
)

// A thread pasted as text, or from a source that gives no language, says
// nothing of its language, yet hyphenating German with English patterns
// breaks words at wrong places. guessLanguage picks, among the languages
// there are hyphenation patterns for, the one whose commonest words the
// text uses most, and only when it is clearly ahead: a guess that is
// wrong costs a wrong hyphen, so an unsure one gives "" (English, as
// before). It decides hyphenation only, never direction.

// functionWords are short words that are frequent in one language and
// rare as words of the others ("de", "en", "que" or "se", common to
// several, are left out).
var functionWords = map[string][]string{
	"en": {"the", "and", "of", "to", "that", "for", "with", "you", "this", "are", "it", "be", "your", "what", "have", "can", "from", "was", "will", "they"},
	"de": {"der", "die", "und", "das", "ist", "nicht", "mit", "ein", "eine", "ich", "sie", "auf", "für", "sich", "den", "dem", "auch", "wie", "wir", "oder"},
	"fr": {"le", "les", "et", "est", "des", "une", "pour", "qui", "dans", "pas", "vous", "sur", "avec", "au", "sont", "nous", "ce", "cette", "elle", "sans"},
	"es": {"el", "los", "las", "y", "es", "del", "muy", "pero", "también", "esto", "usted", "cuando", "hay", "sus", "una", "con", "ellos", "nosotros"},
	"it": {"che", "di", "è", "non", "sono", "gli", "della", "anche", "nel", "questo", "più", "ci", "perché", "molto", "essere", "delle", "il", "per"},
	"nl": {"het", "een", "van", "niet", "dat", "op", "zijn", "voor", "met", "maar", "ook", "wat", "naar", "bij", "worden", "deze", "wordt", "hebben"},
	"pt": {"os", "não", "um", "uma", "com", "do", "em", "você", "são", "muito", "isso", "também", "mas", "pelo", "é", "ao", "nós", "seu"},
}

var wordLanguages = func() map[string][]string {
	m := map[string][]string{}
	for lang, words := range functionWords {
		for _, w := range words {
			m[w] = append(m[w], lang)
		}
	}
	return m
}()

// guessWords is how many words are read at most: enough to tell, few
// enough to cost nothing on a 500-post thread.
const guessWords = 3000

// guessLanguage guesses the language of the posts that do not say theirs.
func guessLanguage(posts []carousel.Post) string {
	score := map[string]int{}
	n := 0
	for _, p := range posts {
		if p.Lang != "" {
			continue
		}
		for _, b := range p.Blocks {
			if b.Type == carousel.Code {
				continue
			}
			for _, sp := range b.Spans {
				if sp.Code || sp.Link != "" {
					continue
				}
				for _, w := range strings.FieldsFunc(sp.Text, func(r rune) bool { return !unicode.IsLetter(r) }) {
					for _, lang := range wordLanguages[strings.ToLower(w)] {
						score[lang]++
					}
					if n++; n >= guessWords {
						return bestGuess(score)
					}
				}
			}
		}
	}
	return bestGuess(score)
}

// bestGuess is the language with the most hits when it has at least five
// and twice the runner-up's.
func bestGuess(score map[string]int) string {
	best, second := "", 0
	for lang, s := range score {
		switch {
		case best == "" || s > score[best] || s == score[best] && lang < best:
			if best != "" {
				second = max(second, score[best])
			}
			best = lang
		default:
			second = max(second, s)
		}
	}
	if best == "" || score[best] < 5 || score[best] < 2*second {
		return ""
	}
	return best
}
