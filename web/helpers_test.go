// SPDX-License-Identifier: MIT

package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestFileStem(t *testing.T) {
	tests := map[string]string{
		"Five habits of calm writing": "five-habits-of-calm-writing",
		"  Écrire: c'est   simple! ":  "écrire-c-est-simple",
		"":                            "carousel",
		"🧵🧵":                          "carousel",
		"Ship it — v2.0 (final)":      "ship-it-v2-0-final",
		"a/b\\c\"d":                   "a-b-c-d",
		"数字 100":                      "数字-100",
	}
	for in, want := range tests {
		if got := fileStem(in); got != want {
			t.Errorf("fileStem(%q) = %q, want %q", in, got, want)
		}
	}
	long := fileStem("word word word word word word word word word word word word word word word word")
	if n := len([]rune(long)); n > 60 {
		t.Errorf("fileStem kept %d characters, want at most 60", n)
	}
}

func TestAsciiName(t *testing.T) {
	tests := map[string]string{
		"plain.pdf":       "plain.pdf",
		"écrire.pdf":      "_crire.pdf",
		`quote"back\.zip`: "quote_back_.zip",
	}
	for in, want := range tests {
		if got := asciiName(in); got != want {
			t.Errorf("asciiName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestETagMatches(t *testing.T) {
	tests := []struct {
		header, etag string
		want         bool
	}{
		{`"svg-abc"`, `"svg-abc"`, true},
		{`W/"svg-abc"`, `"svg-abc"`, true},
		{`"png-abc", "svg-abc"`, `"svg-abc"`, true},
		{`*`, `"svg-abc"`, true},
		{`"svg-abd"`, `"svg-abc"`, false},
		{`"png-abc"`, `"svg-abc"`, false},
	}
	for _, tt := range tests {
		if got := etagMatches(tt.header, tt.etag); got != tt.want {
			t.Errorf("etagMatches(%q, %q) = %v", tt.header, tt.etag, got)
		}
	}
}

func TestDecodeJSONNamesWhere(t *testing.T) {
	var v struct {
		Name string `json:"name"`
		Size int    `json:"size"`
	}
	tests := map[string]string{
		"{\n  \"name\": \"a\",\n  \"size\": \"big\"\n}": "line 3",
		`{"name": "a", "colour": 1}`:                    `unknown field "colour"`,
		`{"name": "a"} {}`:                              "unexpected data",
		`{"name": `:                                     "ends too early",
		``:                                              "the request body is empty",
		" \n":                                           "the request body is empty",
		`{"name" "a"}`:                                  "line 1, column 9",
	}
	for in, want := range tests {
		r := httptest.NewRequest("POST", "/api/x", strings.NewReader(in))
		r.Header.Set("Content-Type", "application/json")
		err := decodeJSON(r, &v)
		if carousel.ErrorCode(err) != carousel.EINVALID || !contains(err.Error(), want) {
			t.Errorf("decodeJSON(%q) = %v, want EINVALID with %q", in, err, want)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
