// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	carousel "github.com/carouselstudio/carousel"
)

// checkThread asserts what every imported thread keeps, whatever its source.
func checkThread(t *testing.T, th *carousel.Thread) {
	t.Helper()
	seen := map[string]bool{}
	var check func(p *carousel.Post, depth int)
	check = func(p *carousel.Post, depth int) {
		if depth == 0 {
			if seen[p.ID] {
				t.Fatalf("post %q twice", p.ID)
			}
			seen[p.ID] = true
		}
		for _, b := range p.Blocks {
			for _, s := range b.Spans {
				if !utf8.ValidString(s.Text) || s.Text == "" {
					t.Fatalf("post %q: span %q", p.ID, s.Text)
				}
				if (s.Link == "") != (s.Entity == "") {
					t.Fatalf("post %q: span %+v", p.ID, s)
				}
				if l := strings.ToLower(s.Link); l != "" && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
					t.Fatalf("post %q: link %q", p.ID, s.Link)
				}
			}
		}
		for _, m := range p.Media {
			if !strings.HasPrefix(m.Src, "https://") && !strings.HasPrefix(m.Src, "http://") && !strings.HasPrefix(m.Src, "asset:") {
				t.Fatalf("post %q: media %q", p.ID, m.Src)
			}
		}
		if p.Quote != nil {
			if depth > 0 {
				t.Fatalf("post %q: a quote inside a quote", p.ID)
			}
			check(p.Quote, depth+1)
		}
	}
	for i := range th.Posts {
		check(&th.Posts[i], 0)
	}
}

func FuzzBluesky(f *testing.F) {
	var views []json.RawMessage
	if err := json.Unmarshal(fixture(f, "bluesky_post_views.json"), &views); err != nil {
		f.Fatal(err)
	}
	n := func(v json.RawMessage, parent string) string {
		return `{"$type":"app.bsky.feed.defs#threadViewPost","post":` + string(v) + parent + `}`
	}
	f.Add([]byte(`{"thread":` + n(views[2], `,"parent":`+n(views[1], `,"parent":`+n(views[0], ""))) + `}`))
	f.Add([]byte(`{"thread":` + n(views[0], `,"replies":[`+n(views[1], `,"replies":[]`)+`,`+n(views[3], "")+`]`) + `}`))
	f.Add([]byte(`{"thread":{"$type":"app.bsky.feed.defs#threadViewPost","post":{"uri":"at://did:plc:a/app.bsky.feed.post/2","author":{"did":"did:plc:a"},"record":{"text":"é🚀x","facets":[{"index":{"byteStart":1,"byteEnd":99},"features":[{"$type":"app.bsky.richtext.facet#tag","tag":"t"}]}],"reply":{"parent":{"uri":"at://did:plc:a/app.bsky.feed.post/1"},"root":{"uri":"at://did:plc:a/app.bsky.feed.post/1"}}}},"parent":{"$type":"app.bsky.feed.defs#notFoundPost","uri":"at://did:plc:a/app.bsky.feed.post/1","notFound":true}}}`))
	f.Add(fixture(f, "bluesky_getPostThread_not_found_400.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		top, err := bskyParse(data)
		if err != nil || top == nil || top.Post == nil {
			return
		}
		w := &bskyWalk{pool: newPool(), loaded: map[string]bool{}, replies: map[string]int{}, root: map[string]string{}, asked: map[string]bool{}}
		w.pool.scoped = true
		w.author = top.Post.Author.DID
		w.add(top)
		focal := rkeyOf(top.Post.URI)
		if _, ok := w.pool.posts[focal]; !ok {
			return
		}
		chain, _, err := w.pool.chain(context.Background(), focal, nil)
		if err != nil {
			return
		}
		checkThread(t, buildThread(platformBluesky, chain))
	})
}

func FuzzBlueskyFacets(f *testing.F) {
	f.Add("Launch 🚀👩🏽‍💻 مرحبا #تقنية @bob.bsky.social", 14, 30, "app.bsky.richtext.facet#tag")
	f.Add("a\n\n- b\n- c", 0, 1, "app.bsky.richtext.facet#link")
	f.Add("\xff\xfe bad", 0, 3, "app.bsky.richtext.facet#mention")
	f.Fuzz(func(t *testing.T, text string, start, end int, kind string) {
		facets := []bskyFacet{{}}
		facets[0].Index.ByteStart, facets[0].Index.ByteEnd = start, end
		facets[0].Features = append(facets[0].Features, struct {
			Type string `json:"$type"`
			URI  string `json:"uri"`
			DID  string `json:"did"`
			Tag  string `json:"tag"`
		}{Type: kind, URI: "https://e.com/" + text, DID: "did:plc:" + text, Tag: text})
		p := carousel.Post{ID: "1", Blocks: bskyBlocks(text, facets)}
		checkThread(t, &carousel.Thread{Posts: []carousel.Post{p}})
		// No text is lost: every non-space character of a valid text is
		// in the blocks, in order.
		if !utf8.ValidString(text) {
			return
		}
		got := strings.Join(strings.Fields(p.PlainText()), "")
		want := strings.Join(strings.Fields(text), "")
		fancy := strings.ContainsFunc(text, func(r rune) bool { return r >= 0x1D400 || r == 0x210E })
		if !fancy && !strings.ContainsAny(text, "-•*–0123456789") && got != want {
			t.Fatalf("bskyBlocks(%q) text %q, want %q", text, got, want)
		}
	})
}

func FuzzMastodon(f *testing.F) {
	f.Add(fixture(f, "mastodon_status.json"))
	f.Add([]byte(`{"id":"2","in_reply_to_id":"1","in_reply_to_account_id":"9","account":{"id":"9","acct":"a"},"content":"<p><span class=\"invisible\">x","spoiler_text":"cw","media_attachments":[{"type":"image","url":"javascript:x"},{"type":"video","preview_url":"https://e.com/p.png","meta":{"focus":{"x":9,"y":-9}}}],"quote":{"state":"accepted","quoted_status":{"id":"3","account":{"id":"8"},"quote":{"state":"accepted","quoted_status":{"id":"4"}}}},"card":{"url":"https://e.com"}}`))
	f.Add([]byte(`{"id":5,"reblog":{"id":"6","account":{"id":"1"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var st mastoStatus
		if json.Unmarshal(data, &st) != nil {
			return
		}
		ms := (&Importer{}).mastoServer("https://mastodon.example")
		rp := ms.raw(&st)
		if rp == nil {
			return
		}
		pl := newPool()
		pl.add(rp)
		chain, _, err := pl.chain(context.Background(), rp.ID, nil)
		if err != nil {
			return
		}
		checkThread(t, buildThread(platformMastodon, chain))
	})
}

func FuzzMastodonOutbox(f *testing.F) {
	f.Add(fixture(f, "mastodon_archive_outbox.json"))
	f.Add([]byte(`{"orderedItems":[{"type":"Create","object":{"id":"https://m.example/users/a/statuses/2","type":"Note","inReplyTo":"https://m.example/users/a/statuses/1","attributedTo":"https://m.example/users/a","content":"<p>x</p>","attachment":{"url":"/media_attachments/x.png","mediaType":"image/png"}}},{"type":"Create","object":{"id":"https://m.example/users/a/statuses/1","type":"Question","attributedTo":["https://m.example/users/a"],"oneOf":[{"name":"a"}]}}]}`))
	f.Add([]byte(`{"orderedItems":[{"type":"Create","object":{"id":"/s/3","inReplyTo":"/s/3","type":"Note"}}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ar := &mastoArchive{path: "outbox.json", kind: mastoOutbox}
		if ar.parseOutbox(context.Background(), "outbox.json", strings.NewReader(string(data))) != nil {
			return
		}
		ar.finish()
		if ar.findThreads(context.Background()) != nil {
			return
		}
		for _, s := range ar.summaries {
			chain, _, err := ar.pool.chain(context.Background(), s.ID, nil)
			if err != nil {
				t.Fatalf("thread %s is listed but cannot be assembled: %v", s.ID, err)
			}
			checkThread(t, buildThread("mastodon-archive", chain))
		}
	})
}

func FuzzThreads(f *testing.F) {
	f.Add([]byte(`{"data":[` + string(fixture(f, "threads_media_root.json")) + `]}`))
	f.Add([]byte(`{"data":[{"id":"2","username":"ada.builds","text":"@ada.builds. #tag https://e.com","replied_to":{"id":"1"},"media_type":"VIDEO","thumbnail_url":"https://e.com/t.jpg","link_attachment_url":"ftp://x"},{"id":"1","username":"Ada.Builds","timestamp":"2025-03-04T09:00:00+0000","children":{"data":[{"media_type":"IMAGE","media_url":"https://e.com/a.jpg"}]}}],"paging":{"cursors":{"after":"x"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var p threadsPage
		if json.Unmarshal(data, &p) != nil || len(p.Data) == 0 {
			return
		}
		tc := &threadsClient{}
		me := carousel.Author{Handle: "ada.builds", Name: "Ada"}
		pl := newPool()
		for i := range p.Data {
			p.Data[i].IsQuotePost = false // a quote would be fetched
			pl.add(tc.raw(context.Background(), &p.Data[i], me))
		}
		if _, ok := pl.posts[p.Data[0].ID]; !ok {
			return
		}
		chain, _, err := pl.chain(context.Background(), p.Data[0].ID, nil)
		if err != nil {
			return
		}
		checkThread(t, buildThread(platformThreads, chain))
	})
}

func FuzzPostRef(f *testing.F) {
	for _, s := range []string{"https://bsky.app/profile/ada.bsky.social/post/3lbzq2kcsxk2a", "at://did:plc:a/app.bsky.feed.post/x",
		"https://mastodon.social/@ada/114102331875501234", "https://gts.example/users/a/statuses/01H", "https://www.threads.net/@a.b/post/C8xYz12AbCd",
		"http://[::1]:80/@a/1", "https://x.com/a/status/1", "mastodon.social/notice/%2e%2e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ref, ok := parsePostRef(s)
		if !ok {
			return
		}
		switch ref.platform {
		case platformBluesky:
			if !validActor(ref.actor) || !rkeyRE.MatchString(ref.rkey) {
				t.Fatalf("parsePostRef(%q) = %+v", s, ref)
			}
		case platformMastodon:
			scheme, host, _ := strings.Cut(ref.origin, "://")
			if (scheme != "https" && scheme != "http") || host == "" || strings.ContainsAny(host, "/?#@") || !statusIDRE.MatchString(ref.statusID) {
				t.Fatalf("parsePostRef(%q) = %+v", s, ref)
			}
		case platformThreads:
			if !shortcodeRE.MatchString(ref.shortcode) {
				t.Fatalf("parsePostRef(%q) = %+v", s, ref)
			}
		default:
			t.Fatalf("parsePostRef(%q) = %+v", s, ref)
		}
	})
}
