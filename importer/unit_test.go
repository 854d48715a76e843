// SPDX-License-Identifier: MIT

package importer

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

func TestSyndicationToken(t *testing.T) {
	f, err := os.Open("testdata/syndication_token_vectors.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if got := syndicationToken(fields[0]); got != fields[1] {
			t.Errorf("token(%s) = %q, want %q", fields[0], got, fields[1])
		}
		n++
	}
	if n < 10 {
		t.Fatalf("read only %d vectors", n)
	}
}

func TestJSToString36(t *testing.T) {
	// Values whose base-36 form is easy to check by hand.
	for _, tc := range []struct {
		in   float64
		want string
	}{{35, "z"}, {36, "10"}, {0.5, "0.i"}, {1296.25, "100.9"}, {0, "0"}} {
		if got := jsToString36(tc.in); got != tc.want {
			t.Errorf("jsToString36(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParsePostURL(t *testing.T) {
	const id = "1896938704883293194"
	good := []string{
		id,
		" " + id + "\n",
		"https://x.com/ada_builds/status/" + id,
		"https://twitter.com/ada_builds/status/" + id,
		"https://mobile.twitter.com/ada_builds/status/" + id,
		"https://www.x.com/ada_builds/status/" + id,
		"https://www.twitter.com/ada_builds/status/" + id + "/",
		"https://x.com/ada_builds/status/" + id + "/photo/1",
		"https://x.com/ada_builds/status/" + id + "?s=20&t=abc",
		"https://x.com/ada_builds/status/" + id + "#frag",
		"x.com/ada_builds/status/" + id,
		"http://twitter.com/ada_builds/statuses/" + id,
		"https://x.com/i/web/status/" + id,
		"https://x.com/i/status/" + id,
		"https://fxtwitter.com/ada_builds/status/" + id,
		"HTTPS://X.COM/ada_builds/status/" + id,
	}
	for _, s := range good {
		if got, ok := ParsePostURL(s); !ok || got != id {
			t.Errorf("ParsePostURL(%q) = %q, %v", s, got, ok)
		}
	}
	bad := []string{"", "0", "12a", "https://example.com/ada/status/" + id, "https://x.com/ada_builds",
		"https://x.com/ada_builds/status/abc", "ftp://x.com/a/status/" + id, "99999999999999999999999",
		"hello world " + id, "https://x.com/ada_builds/status/-1"}
	for _, s := range bad {
		if got, ok := ParsePostURL(s); ok {
			t.Errorf("ParsePostURL(%q) = %q, want not ok", s, got)
		}
	}
}

func TestUnfancy(t *testing.T) {
	tests := []struct {
		in   string
		want []carousel.Span
	}{
		{"plain", []carousel.Span{{Text: "plain"}}},
		{"𝗯𝗼𝗹𝗱 𝘁𝗲𝘅𝘁 here", []carousel.Span{{Text: "bold text", Bold: true}, {Text: " here"}}},
		{"an 𝘪𝘵𝘢𝘭𝘪𝘤 word", []carousel.Span{{Text: "an "}, {Text: "italic", Italic: true}, {Text: " word"}}},
		{"𝙗𝙤𝙡𝙙𝙞𝙩", []carousel.Span{{Text: "boldit", Bold: true, Italic: true}}},
		{"𝐁𝐨𝐥𝐝 𝟏𝟐𝟑", []carousel.Span{{Text: "Bold 123", Bold: true}}},
		{"𝑖𝑡 ℎ𝑎𝑠", []carousel.Span{{Text: "it has", Italic: true}}},
		{"𝗦𝗮𝗻𝘀 𝟰𝟮!", []carousel.Span{{Text: "Sans 42", Bold: true}, {Text: "!"}}},
		{"𝗮\n𝗯", []carousel.Span{{Text: "a", Bold: true}, {Text: "\n"}, {Text: "b", Bold: true}}},
		{"𝔉𝔯𝔞𝔨", []carousel.Span{{Text: "𝔉𝔯𝔞𝔨"}}}, // fraktur is decoration, kept
	}
	for _, tc := range tests {
		got := unfancy(tc.in, carousel.Span{})
		if !spansEqual(got, tc.want) {
			t.Errorf("unfancy(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func spansEqual(a, b []carousel.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRichTextBlocks(t *testing.T) {
	rt := richText{
		Text:    "Intro &amp; more 🚀 @Dev_Sam #Go\n\nSteps:\n- one\n- two\n1. first\n2) second\n\n• dot https://t.co/abc https://t.co/pic",
		Escaped: true,
		Entities: []entity{
			{Kind: entMention, Start: 19, End: 27, Token: "@dev_sam"},
			{Kind: entHashtag, Start: 28, End: 31, Token: "#Go"},
			// UTF-16 offsets (🚀 counts 2) for the URL: 78 code points in.
			{Kind: entURL, Start: 79, End: 99, Token: "https://t.co/abc", Expanded: "https://example.com/a", Display: "example.com/a"},
			{Kind: entMedia, Start: 100, End: 120, Token: "https://t.co/pic"},
		},
		Styles: []style{{Start: 0, End: 5, Bold: true}},
	}
	blocks, _ := rt.blocks()
	want := []carousel.Block{
		{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Intro", Bold: true}, {Text: " & more 🚀 "},
			{Text: "@Dev_Sam", Link: "https://x.com/Dev_Sam", Entity: carousel.EntityMention}, {Text: " "},
			{Text: "#Go", Link: "https://x.com/hashtag/Go", Entity: carousel.EntityHashtag}}},
		{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Steps:"}}},
		{Type: carousel.Bullet, Spans: []carousel.Span{{Text: "one"}}},
		{Type: carousel.Bullet, Spans: []carousel.Span{{Text: "two"}}},
		{Type: carousel.Numbered, Number: 1, Spans: []carousel.Span{{Text: "first"}}},
		{Type: carousel.Numbered, Number: 2, Spans: []carousel.Span{{Text: "second"}}},
		{Type: carousel.Bullet, Spans: []carousel.Span{{Text: "dot "}, {Text: "example.com/a", Link: "https://example.com/a", Entity: carousel.EntityURL}}},
	}
	if len(blocks) != len(want) {
		t.Fatalf("got %d blocks: %+v", len(blocks), blocks)
	}
	for i := range want {
		if blocks[i].Type != want[i].Type || blocks[i].Number != want[i].Number || !spansEqual(blocks[i].Spans, want[i].Spans) {
			t.Errorf("block %d = %+v\nwant %+v", i, blocks[i], want[i])
		}
	}
}

func TestUnescapeOnce(t *testing.T) {
	if got := unescapeHTML("Q&amp;A &amp;lt;b&amp;gt; &lt;3 &#39;x&#39;"); got != "Q&A &lt;b&gt; <3 'x'" {
		t.Errorf("got %q", got)
	}
}

func TestOrigPhotoAndAvatar(t *testing.T) {
	for in, want := range map[string]string{
		"https://pbs.twimg.com/media/A.jpg":                       "https://pbs.twimg.com/media/A.jpg?name=orig",
		"https://pbs.twimg.com/media/A.jpg?name=orig":             "https://pbs.twimg.com/media/A.jpg?name=orig",
		"https://pbs.twimg.com/media/A?format=jpg&name=small":     "https://pbs.twimg.com/media/A?format=jpg&name=orig",
		"https://pbs.twimg.com/media/A.jpg:large":                 "https://pbs.twimg.com/media/A.jpg?name=orig",
		"https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/B.jpg": "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/B.jpg",
	} {
		if got := origPhoto(in); got != want {
			t.Errorf("origPhoto(%q) = %q, want %q", in, got, want)
		}
	}
	if got := biggerAvatar("https://pbs.twimg.com/profile_images/1/aB_normal.jpg"); got != "https://pbs.twimg.com/profile_images/1/aB_400x400.jpg" {
		t.Errorf("biggerAvatar = %q", got)
	}
}

func TestConfigFromEnv(t *testing.T) {
	env := map[string]string{"CAROUSEL_X_BEARER_TOKEN": "tok", "CAROUSEL_FXTWITTER_BASE": "", "CAROUSEL_ALLOW_PRIVATE_NETWORK": "1"}
	cfg := ConfigFromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if cfg.BearerToken != "tok" || cfg.FxTwitterBase != "-" || !cfg.AllowPrivateNetwork {
		t.Errorf("cfg = %+v", cfg)
	}
	im := New(cfg)
	for _, s := range im.sources() {
		if s.name == "FxTwitter" {
			t.Error("FxTwitter used although CAROUSEL_FXTWITTER_BASE is empty")
		}
	}
	cfg = ConfigFromEnv(func(string) (string, bool) { return "", false })
	if c := New(cfg).cfg; c.FxTwitterBase != "https://api.fxtwitter.com" || c.BlueskyBase != "https://public.api.bsky.app" || c.ThreadsAPIBase != "https://graph.threads.net/v1.0" {
		t.Errorf("defaults %+v", c)
	}
	env = map[string]string{"CAROUSEL_BLUESKY_BASE": "https://appview.example/", "CAROUSEL_THREADS_API_BASE": "https://graph.example/v1.0/"}
	if c := New(ConfigFromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })).cfg; c.BlueskyBase != "https://appview.example" || c.ThreadsAPIBase != "https://graph.example/v1.0" {
		t.Errorf("bases %q %q", c.BlueskyBase, c.ThreadsAPIBase)
	}
}

func TestVideoPosters(t *testing.T) {
	c := newXCollector()
	c.users[idAuthor] = xUser{ID: idAuthor, Username: "ada_builds"}
	c.media["7_1"] = xMedia{MediaKey: "7_1", Type: "video", PreviewImageURL: "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/v.jpg", Width: 1280, Height: 720}
	c.media["16_2"] = xMedia{MediaKey: "16_2", Type: "animated_gif", PreviewImageURL: "https://pbs.twimg.com/tweet_video_thumb/g.jpg"}
	tw := xTweet{ID: idT1, AuthorID: idAuthor, Text: "clip https://t.co/v", InReplyToUserID: "99"}
	tw.Attachments.MediaKeys = []string{"7_1", "16_2"}
	p := c.raw(tw, true).toPost(idAuthor)
	want := []carousel.Media{
		{Type: carousel.MediaVideo, Src: "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/v.jpg", Link: "https://x.com/ada_builds/status/" + idT1, Width: 1280, Height: 720},
		{Type: carousel.MediaGIF, Src: "https://pbs.twimg.com/tweet_video_thumb/g.jpg", Link: "https://x.com/ada_builds/status/" + idT1},
	}
	if len(p.Media) != 2 || p.Media[0] != want[0] || p.Media[1] != want[1] {
		t.Errorf("media %+v", p.Media)
	}

	st := fxStatus{Type: "status", ID: idT2, Author: &fxAuthor{ID: idAuthor, ScreenName: "ada_builds"}}
	st.Media.All = []fxMedia{{Type: "gif", URL: "https://video.twimg.com/g.mp4", ThumbnailURL: "https://pbs.twimg.com/tweet_video_thumb/g.jpg", Width: 10, Height: 10}}
	fp := st.raw().toPost(idAuthor)
	if len(fp.Media) != 1 || fp.Media[0].Type != carousel.MediaGIF || fp.Media[0].Src != "https://pbs.twimg.com/tweet_video_thumb/g.jpg" || fp.Media[0].Link == "" {
		t.Errorf("fx media %+v", fp.Media)
	}
}

func TestReplyPrefixDropped(t *testing.T) {
	rt := richText{Text: "@dev_sam @ops Not yet, @ci_robot knows.", Escaped: true, SkipLeadingMentions: true, Entities: []entity{
		{Kind: entMention, Start: 0, End: 8, Token: "@dev_sam"}, {Kind: entMention, Start: 9, End: 13, Token: "@ops"}, {Kind: entMention, Start: 23, End: 32, Token: "@ci_robot"},
	}}
	blocks, _ := rt.blocks()
	if got := carousel.BlocksText(blocks); got != "Not yet, @ci_robot knows." {
		t.Errorf("got %q", got)
	}
}

func TestChainFork(t *testing.T) {
	pl := newPool()
	add := func(id, parent, author string) {
		pl.add(&rawPost{ID: id, AuthorID: author, ReplyTo: parent, ReplyToUser: map[string]string{"": "", "1": "a", "2": "a", "3": "b", "4": "a", "5": "a", "6": "a"}[parent]})
	}
	add("1", "", "a")
	add("2", "1", "a")
	add("3", "1", "b") // someone else's reply
	add("4", "3", "a") // the author's side-reply to it
	add("6", "2", "a") // a later reply to 2: the fork's loser
	add("5", "2", "a") // the earliest reply to 2
	add("7", "5", "a")
	for _, focal := range []string{"1", "5", "7"} {
		chain, _, err := pl.chain(context.Background(), focal, nil)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, p := range chain {
			ids = append(ids, p.ID)
		}
		if !equalStrings(ids, []string{"1", "2", "5", "7"}) {
			t.Errorf("from %s: %v", focal, ids)
		}
	}
}
