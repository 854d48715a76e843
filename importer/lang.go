// SPDX-License-Identifier: MIT

package importer

import (
	"strings"

	"golang.org/x/text/language"
)

// postLang is a source's language code as a canonical BCP 47 tag ("iw"
// becomes "he", "pt-br" "pt-BR"), or "" when it names no language: X's
// pseudo-codes (und: undetermined, zxx: no text, qme: only media, qht:
// only hashtags, qam, qct, qst: only mentions, cashtags, too short — all
// in the private-use range qaa–qtz), "mul", or anything not a tag.
func postLang(code string) string {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 35 {
		return ""
	}
	primary, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(code, "_", "-")), "-")
	switch {
	case primary == "und", primary == "zxx", primary == "mul", primary == "mis":
		return ""
	case len(primary) == 3 && primary >= "qaa" && primary <= "qtz":
		return ""
	}
	tag, err := language.Parse(code)
	if err != nil {
		return ""
	}
	if _, conf := tag.Base(); conf == language.No {
		return "" // private use only ("x-…")
	}
	return tag.String()
}

// firstLang is the first of a post's languages that names one (Bluesky's
// langs list the main language first).
func firstLang(codes []string) string {
	for _, c := range codes {
		if l := postLang(c); l != "" {
			return l
		}
	}
	return ""
}
