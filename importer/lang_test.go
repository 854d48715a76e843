// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

func TestPostLang(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"en", "en"},
		{"he", "he"},
		{"iw", "he"}, // X's old code for Hebrew
		{"in", "id"},
		{"pt-br", "pt-BR"},
		{"EN", "en"},
		{"en_US", "en-US"},
		{"zh-Hant", "zh-Hant"},
		{" ar ", "ar"},
		// X's pseudo-codes and the tags that name no language.
		{"und", ""},
		{"zxx", ""},
		{"qme", ""},
		{"qht", ""},
		{"qam", ""},
		{"qct", ""},
		{"qst", ""},
		{"mul", ""},
		{"x-private", ""},
		{"not a tag", ""},
		{"", ""},
	} {
		if got := postLang(tc.in); got != tc.want {
			t.Errorf("postLang(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := firstLang([]string{"", "und", "fa", "en"}); got != "fa" {
		t.Errorf("firstLang: %q, want the first that names a language, fa", got)
	}
	if got := firstLang(nil); got != "" {
		t.Errorf("firstLang(nil) = %q", got)
	}
}

func TestContentLang(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		byLang        map[string]string
		text, lang    string
	}{
		{"mastodon's one key", "<p>שלום</p>", map[string]string{"he": "<p>שלום</p>"}, "<p>שלום</p>", "he"},
		{"the key whose text is content's", "<p>Hallo</p>", map[string]string{"en": "<p>Hello</p>", "de": "<p>Hallo</p>"}, "<p>Hallo</p>", "de"},
		{"several keys, none content's", "<p>Hi</p>", map[string]string{"en": "<p>Hello</p>", "de": "<p>Hallo</p>"}, "<p>Hi</p>", ""},
		{"no content: the first language in order", "", map[string]string{"fr": "<p>Salut</p>", "de": "<p>Hallo</p>"}, "<p>Hallo</p>", "de"},
		{"no map", "<p>Hi</p>", nil, "<p>Hi</p>", ""},
		{"nothing", "", nil, "", ""},
	} {
		text, lang := contentLang(tc.content, tc.byLang)
		if text != tc.text || lang != tc.lang {
			t.Errorf("%s: got %q, %q; want %q, %q", tc.name, text, lang, tc.text, tc.lang)
		}
	}
}

// TestXLanguagesImported: an X thread whose posts X tagged with its own
// codes comes in with their languages as BCP 47 tags, and none where X's
// code names no language (a post of only a link, only media, ...).
func TestXLanguagesImported(t *testing.T) {
	codes := []struct{ text, lang, want string }{
		{"GitHub הוא כלי מצוין", "iw", "he"},
		{"https://t.co/abc", "zxx", ""},
		{"📷", "qme", ""},
		{"#DevOps", "qht", ""},
		{"hmm", "und", ""},
		{"Slack هو المكان", "ar", "ar"},
		{"no language given", "", ""},
	}
	var list []any
	for i, c := range codes {
		id := genID(2000000 + i)
		st := map[string]any{"type": "status", "id": id, "text": c.text, "created_timestamp": snowflakeTime(id).Unix(),
			"author":   map[string]any{"id": idAuthor, "name": "Ada", "screen_name": "ada_builds", "avatar_url": "https://pbs.twimg.com/profile_images/1/a_200x200.jpg"},
			"raw_text": map[string]any{"text": c.text, "facets": []any{}}, "media": map[string]any{}, "is_note_tweet": false}
		if c.lang != "" {
			st["lang"] = c.lang
		}
		list = append(list, st)
	}
	last := list[len(list)-1].(map[string]any)
	srv := fxServer(t, map[string][]byte{"/2/thread/" + last["id"].(string): mustJSON(t, map[string]any{"code": 200, "status": last, "thread": list})})
	im, _ := testImporter(t, Config{FxTwitterBase: srv.URL})
	th, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: last["id"].(string)})
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != len(codes) {
		t.Fatalf("%d posts, want %d", len(th.Posts), len(codes))
	}
	for i, c := range codes {
		if got := th.Posts[i].Lang; got != c.want {
			t.Errorf("post %d (X's %q): language %q, want %q", i+1, c.lang, got, c.want)
		}
	}
}
