// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

const (
	didAda = "did:plc:ada7vq3xjcbqzwhl2kvf5r3p"
	didBob = "did:plc:bob4mh2yhqzr3o5xhbqlwfyp"
)

// fakeAppView answers getPostThread and resolveHandle like the public
// AppView, from post views: the requested post with its replies down to
// depth, its parents up to parentHeight (notFoundPost for a deleted one),
// and NotFound errors. It caps depth and parentHeight lower than the
// lexicon's 1000, so that the importer's walking past one call is tested.
type fakeAppView struct {
	t         testing.TB
	mu        sync.Mutex
	views     map[string]json.RawMessage // uri → postView
	parent    map[string]string
	created   map[string]string
	children  map[string][]string
	deleted   map[string]bool
	handles   map[string]string
	maxDepth  int
	maxHeight int
	calls     int
	resolves  int
	limited   bool // answer 429
	srv       *fakeServer
}

func newFakeAppView(t testing.TB, maxDepth, maxHeight int) *fakeAppView {
	av := &fakeAppView{t: t, views: map[string]json.RawMessage{}, parent: map[string]string{}, created: map[string]string{},
		children: map[string][]string{}, deleted: map[string]bool{}, handles: map[string]string{"ada.bsky.social": didAda, "bob.bsky.social": didBob},
		maxDepth: maxDepth, maxHeight: maxHeight}
	av.srv = newFakeServer(t, av.serve)
	return av
}

// add stores a post view.
func (av *fakeAppView) add(view json.RawMessage) {
	var v struct {
		URI    string     `json:"uri"`
		Record bskyRecord `json:"record"`
	}
	if err := json.Unmarshal(view, &v); err != nil {
		av.t.Fatal(err)
	}
	av.views[v.URI] = view
	av.created[v.URI] = v.Record.CreatedAt
	if r := v.Record.Reply; r != nil {
		av.parent[v.URI] = r.Parent.URI
		kids := append(av.children[r.Parent.URI], v.URI)
		sort.Slice(kids, func(i, j int) bool { return av.created[kids[i]] < av.created[kids[j]] })
		av.children[r.Parent.URI] = kids
	}
}

func (av *fakeAppView) serve(w http.ResponseWriter, r *http.Request) {
	av.mu.Lock()
	defer av.mu.Unlock()
	if av.limited {
		w.Header().Set("ratelimit-limit", "3000")
		w.Header().Set("ratelimit-remaining", "0")
		w.Header().Set("ratelimit-reset", strconv.FormatInt(time.Date(2025, 3, 5, 12, 30, 0, 0, time.UTC).Unix(), 10))
		writeJSON(w, 429, fixture(av.t, "bluesky_rate_limit_429.json"))
		return
	}
	q := r.URL.Query()
	switch r.URL.Path {
	case "/xrpc/com.atproto.identity.resolveHandle":
		av.resolves++
		if did, ok := av.handles[q.Get("handle")]; ok {
			writeJSON(w, 200, mustJSON(av.t, map[string]string{"did": did}))
			return
		}
		writeJSON(w, 400, fixture(av.t, "bluesky_resolveHandle_400.json"))
	case "/xrpc/app.bsky.feed.getPostThread":
		av.calls++
		uri := q.Get("uri")
		depth, err1 := strconv.Atoi(q.Get("depth"))
		height, err2 := strconv.Atoi(q.Get("parentHeight"))
		if err1 != nil || err2 != nil || depth < 0 || depth > 1000 || height < 0 || height > 1000 {
			writeJSON(w, 400, []byte(`{"error":"InvalidRequest","message":"Error: Params must have the properties \"depth\" and \"parentHeight\" in range"}`))
			return
		}
		if _, ok := av.views[uri]; !ok || av.deleted[uri] {
			writeJSON(w, 400, fixture(av.t, "bluesky_getPostThread_not_found_400.json"))
			return
		}
		thread := av.node(uri, min(depth, av.maxDepth), min(height, av.maxHeight), true)
		writeJSON(w, 200, mustJSON(av.t, map[string]any{"thread": thread}))
	default:
		writeJSON(w, 501, []byte(`{"error":"MethodNotImplemented","message":"Method Not Implemented"}`))
	}
}

func (av *fakeAppView) node(uri string, depth, height int, top bool) any {
	if _, ok := av.views[uri]; !ok || av.deleted[uri] {
		return map[string]any{"$type": "app.bsky.feed.defs#notFoundPost", "uri": uri, "notFound": true}
	}
	n := map[string]any{"$type": "app.bsky.feed.defs#threadViewPost", "post": av.views[uri]}
	if p := av.parent[uri]; p != "" && height > 0 {
		n["parent"] = av.node(p, 0, height-1, false)
	}
	if top || depth > 0 {
		if depth > 0 {
			replies := []any{}
			for _, c := range av.children[uri] {
				if !av.deleted[c] {
					replies = append(replies, av.node(c, depth-1, 0, false))
				}
			}
			n["replies"] = replies
		}
	}
	return n
}

func (av *fakeAppView) importer(t *testing.T) *Importer {
	im, _ := testImporter(t, Config{BlueskyBase: av.srv.URL})
	return im
}

// tid makes a record key from a time, as Bluesky clients do.
func tid(tm time.Time, clock int) string {
	const alphabet = "234567abcdefghijklmnopqrstuvwxyz"
	v := uint64(tm.UnixMicro())<<10 | uint64(clock&1023)
	b := make([]byte, 13)
	for i := 12; i >= 0; i-- {
		b[i] = alphabet[v&31]
		v >>= 5
	}
	return string(b)
}

// bskyView builds a post view in the AppView's shape.
func bskyView(t testing.TB, did, handle, name, rkey, text string, created time.Time, parent, root string, replies int) json.RawMessage {
	uri := "at://" + did + "/app.bsky.feed.post/" + rkey
	rec := map[string]any{"$type": "app.bsky.feed.post", "createdAt": created.Format("2006-01-02T15:04:05.000Z"), "langs": []string{"en"}, "text": text}
	if parent != "" {
		rec["reply"] = map[string]any{"parent": map[string]string{"uri": parent, "cid": "bafyreiparent"}, "root": map[string]string{"uri": root, "cid": "bafyreiroot"}}
	}
	return mustJSON(t, map[string]any{
		"uri": uri, "cid": "bafyrei" + strings.ToLower(rkey),
		"author": map[string]any{"did": did, "handle": handle, "displayName": name, "avatar": "https://cdn.bsky.app/img/avatar/plain/" + did + "/bafkreiavatar@jpeg", "labels": []any{}},
		"record": rec, "replyCount": replies, "repostCount": 0, "likeCount": 2, "quoteCount": 0,
		"indexedAt": created.Add(time.Second).Format("2006-01-02T15:04:05.000Z"), "labels": []any{},
	})
}

// longBluesky fills av with an n-post thread by Ada: a reply by Bob every
// 25 posts, with Ada's answer to him; a side branch of two posts under
// post 50 written the next day; post `deleted` deleted. It returns the
// thread's record keys in order.
func longBluesky(av *fakeAppView, n, deleted int) []string {
	base := time.Date(2025, 3, 4, 8, 0, 0, 0, time.UTC)
	var rkeys []string
	root := ""
	prev := ""
	for i := 1; i <= n; i++ {
		at := base.Add(time.Duration(i) * 30 * time.Second)
		rk := tid(at, 7)
		uri := "at://" + didAda + "/app.bsky.feed.post/" + rk
		if root == "" {
			root = uri
		}
		replies := 1
		if i == n {
			replies = 0
		}
		if i%25 == 0 {
			replies++
		}
		av.add(bskyView(av.t, didAda, "ada.bsky.social", "Ada Builds", rk, fmt.Sprintf("%d/%d Post number %d of the thread.", i, n, i), at, prev, root, replies))
		if i%25 == 0 {
			bobAt := at.Add(10 * time.Second)
			bobRk := tid(bobAt, 9)
			bobURI := "at://" + didBob + "/app.bsky.feed.post/" + bobRk
			av.add(bskyView(av.t, didBob, "bob.bsky.social", "Bob", bobRk, "Nice one, what about caching?", bobAt, uri, root, 1))
			adaAt := bobAt.Add(5 * time.Second)
			av.add(bskyView(av.t, didAda, "ada.bsky.social", "Ada Builds", tid(adaAt, 3), "@bob.bsky.social see the next posts!", adaAt, bobURI, root, 0))
		}
		if i == 50 {
			side1 := base.Add(24 * time.Hour)
			s1 := tid(side1, 1)
			av.add(bskyView(av.t, didAda, "ada.bsky.social", "Ada Builds", s1, "Edit: a correction to 50, a day later.", side1, uri, root, 1))
			side2 := side1.Add(time.Minute)
			av.add(bskyView(av.t, didAda, "ada.bsky.social", "Ada Builds", tid(side2, 1), "And a second note on the correction.", side2, "at://"+didAda+"/app.bsky.feed.post/"+s1, root, 0))
		}
		if i == deleted {
			av.deleted[uri] = true
		}
		rkeys = append(rkeys, rk)
		prev = uri
	}
	return rkeys
}

func TestBlueskyLongThreadFromLastPost(t *testing.T) {
	av := newFakeAppView(t, 20, 80)
	rkeys := longBluesky(av, 300, 150)
	im := av.importer(t)
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: "https://bsky.app/profile/ada.bsky.social/post/" + rkeys[299]})
	if err != nil {
		t.Fatal(err)
	}
	if got := postIDs(th); !equalStrings(got, rkeys) {
		t.Fatalf("got %d posts, want the 300 of the thread in order; the first difference is at post %d", len(got), firstDiff(got, rkeys)+1)
	}
	if th.Source != "bluesky" || th.Author.Handle != "ada.bsky.social" || th.Author.Name != "Ada Builds" {
		t.Errorf("source %q author %+v", th.Source, th.Author)
	}
	if th.URL != "https://bsky.app/profile/ada.bsky.social/post/"+rkeys[0] {
		t.Errorf("thread URL %q", th.URL)
	}
	for i, p := range th.Posts {
		want := fmt.Sprintf("%d/300 Post number %d of the thread.", i+1, i+1)
		switch {
		case i == 149:
			if p.Placeholder == "" || len(p.Blocks) != 0 || p.URL != "https://bsky.app/profile/"+didAda+"/post/"+rkeys[149] {
				t.Errorf("post 150 should be a placeholder with its address: %+v", p)
			}
			if p.Created != "2025-03-04T09:15:00Z" {
				t.Errorf("placeholder's time from its record key: %q", p.Created)
			}
		case p.PlainText() != want:
			t.Errorf("post %d text %q, want %q", i+1, p.PlainText(), want)
		case p.Author != nil:
			t.Errorf("post %d has its own author %+v", i+1, p.Author)
		}
	}
	if !hasWarning(warns, carousel.WarnPlaceholder, rkeys[149]) {
		t.Errorf("no placeholder warning for post 150: %v", warns)
	}
	// 300 posts with parents capped at 80: the first call, three walks up
	// to the deleted post, one call for the thread's root (its replies go
	// 20 deep) and the walks down from there to post 149.
	if av.calls > 16 {
		t.Errorf("%d getPostThread calls for a 300-post thread", av.calls)
	}
	if av.resolves != 1 {
		t.Errorf("%d handle resolutions", av.resolves)
	}
}

func TestBlueskyEntryPoints(t *testing.T) {
	av := newFakeAppView(t, 6, 10)
	rkeys := longBluesky(av, 60, 0)
	sideFirst := tid(time.Date(2025, 3, 5, 8, 0, 0, 0, time.UTC), 1)
	sideLast := tid(time.Date(2025, 3, 5, 8, 1, 0, 0, time.UTC), 1)
	for _, tc := range []struct {
		name  string
		entry string
		want  []string
	}{
		{"first", rkeys[0], rkeys},
		{"middle", rkeys[29], rkeys},
		{"last", rkeys[59], rkeys},
		// The last post of the author's side branch gives the branch.
		{"side branch", sideLast, append(append([]string(nil), rkeys[:50]...), sideFirst, sideLast)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im := av.importer(t)
			// A DID in the address needs no handle resolution.
			th, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "https://bsky.app/profile/" + didAda + "/post/" + tc.entry})
			if err != nil {
				t.Fatal(err)
			}
			if got := postIDs(th); !equalStrings(got, tc.want) {
				t.Fatalf("got %d posts (first difference at post %d), want %d", len(got), firstDiff(got, tc.want)+1, len(tc.want))
			}
			for _, p := range th.Posts {
				if strings.Contains(p.PlainText(), "caching?") || strings.Contains(p.PlainText(), "see the next posts") {
					t.Errorf("a reply to someone else is in the thread: %q", p.PlainText())
				}
			}
		})
	}
	if av.resolves != 0 {
		t.Errorf("%d handle resolutions for DID addresses", av.resolves)
	}
}

func TestBlueskyRichPosts(t *testing.T) {
	av := newFakeAppView(t, 1000, 1000)
	var views []json.RawMessage
	if err := json.Unmarshal(fixture(t, "bluesky_post_views.json"), &views); err != nil {
		t.Fatal(err)
	}
	for _, v := range views {
		av.add(v)
	}
	im := av.importer(t)
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: "at://" + didAda + "/app.bsky.feed.post/3lbzq2pewzk2c"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"3lbzq2kcsxk2a", "3lbzq2ndwzk2b", "3lbzq2pewzk2c"}; !equalStrings(postIDs(th), want) {
		t.Fatalf("posts %v, want %v (Ada's answer to Bob is a side reply)", postIDs(th), want)
	}
	if len(warns) != 0 {
		t.Errorf("warnings %v", warns)
	}
	if th.Author.Name != "Ada Builds 🛠️" || !strings.HasPrefix(th.Author.Avatar, "https://cdn.bsky.app/img/avatar/") {
		t.Errorf("author %+v", th.Author)
	}
	p1 := th.Posts[0]
	if p1.Created != "2025-03-04T09:00:00Z" {
		t.Errorf("created %q", p1.Created)
	}
	// record.langs: the first is the post's language (the first post says
	// ["en", "ar"]).
	for _, p := range th.Posts {
		if p.Lang != "en" {
			t.Errorf("post %s: language %q, want en", p.ID, p.Lang)
		}
	}
	// Facets over emoji and Arabic, counted in UTF-8 bytes; the facet that
	// starts inside an emoji, the one past the end and the javascript: link
	// are left out.
	want := []carousel.Block{
		{Type: carousel.Paragraph, Spans: []carousel.Span{
			{Text: "Launch day 🚀👩🏽‍💻 مرحبا بالعالم "},
			{Text: "#تقنية", Link: "https://bsky.app/hashtag/%D8%AA%D9%82%D9%86%D9%8A%D8%A9", Entity: carousel.EntityHashtag},
			{Text: "\nRead "},
			{Text: "example.com/launch/2025…", Link: "https://example.com/launch/2025/notes?ref=bsky", Entity: carousel.EntityURL},
			{Text: " by "},
			{Text: "@bob.bsky.social", Link: "https://bsky.app/profile/" + didBob, Entity: carousel.EntityMention},
			{Text: " "},
			{Text: "#BuildInPublic", Link: "https://bsky.app/hashtag/BuildInPublic", Entity: carousel.EntityHashtag},
			{Text: " 🇫🇷"},
		}},
		{Type: carousel.Bullet, Spans: []carousel.Span{{Text: "first point"}}},
		{Type: carousel.Bullet, Spans: []carousel.Span{{Text: "second point"}}},
	}
	if got, w := string(mustJSON(t, p1.Blocks)), string(mustJSON(t, want)); got != w {
		t.Errorf("blocks\n got %s\nwant %s", got, w)
	}
	if len(p1.Media) != 2 || p1.Media[0].Alt != "Dashboard: build minutes per day, falling from 41 to 8" || p1.Media[0].Width != 1600 || p1.Media[0].Height != 900 ||
		!strings.Contains(p1.Media[0].Src, "feed_fullsize") || p1.Media[1].Width != 1080 || p1.Media[1].Height != 1350 {
		t.Errorf("images %+v", p1.Media)
	}
	// recordWithMedia: the quoted post with its image, and the video poster.
	p2 := th.Posts[1]
	if len(p2.Media) != 1 || p2.Media[0].Type != carousel.MediaVideo || !strings.HasSuffix(p2.Media[0].Src, "/thumbnail.jpg") ||
		p2.Media[0].Link != "https://bsky.app/profile/ada.bsky.social/post/3lbzq2ndwzk2b" || p2.Media[0].Alt != "Screen recording of the pipeline" || p2.Media[0].Width != 1920 {
		t.Errorf("video %+v", p2.Media)
	}
	q := p2.Quote
	if q == nil || q.Author == nil || q.Author.Handle != "bob.bsky.social" || !strings.HasPrefix(q.PlainText(), "Benchmarked 12 CI providers") ||
		q.URL != "https://bsky.app/profile/bob.bsky.social/post/3lbyabc2kcs2x" || len(q.Media) != 1 || q.Media[0].Alt != "Bar chart of 12 providers" {
		t.Errorf("quote %+v", q)
	} else if q.Lang != "en" {
		t.Errorf("quote: language %q, want the quoted record's en", q.Lang)
	}
	// An external embed is a link card.
	c := th.Posts[2].Quote
	if c == nil || c.Author == nil || c.Author.Name != "example.com" || c.URL != "https://example.com/blog/ci-cache" ||
		c.PlainText() != "How we cut CI by 80%\n\nCaching, sharding and one weird flag.\n\nexample.com/blog/ci-cache" {
		t.Errorf("card %+v", c)
	}
}

func TestBlueskyErrors(t *testing.T) {
	av := newFakeAppView(t, 6, 80)
	rkeys := longBluesky(av, 3, 0)
	im := av.importer(t)
	ctx := context.Background()
	_, _, err := im.Import(ctx, carousel.ImportRequest{Source: "https://bsky.app/profile/ada.bsky.social/post/3lzzzzzzzzzzz"})
	mustCode(t, err, carousel.ENOTFOUND)
	if !strings.HasPrefix(carousel.ErrorMessage(err), "Bluesky: post 3lzzzzzzzzzzz was not found") {
		t.Errorf("message %q", carousel.ErrorMessage(err))
	}
	_, _, err = im.Import(ctx, carousel.ImportRequest{Source: "https://bsky.app/profile/nobody.example.com/post/" + rkeys[0]})
	mustCode(t, err, carousel.ENOTFOUND)
	if !strings.Contains(carousel.ErrorMessage(err), "handle @nobody.example.com was not found") {
		t.Errorf("message %q", carousel.ErrorMessage(err))
	}
	av.limited = true
	_, _, err = im.Import(ctx, carousel.ImportRequest{Source: "https://bsky.app/profile/" + didAda + "/post/" + rkeys[0]})
	mustCode(t, err, carousel.ERATELIMIT)
	if msg := carousel.ErrorMessage(err); !strings.HasPrefix(msg, "Bluesky rate limit reached") || !strings.Contains(msg, "in 30 minutes") {
		t.Errorf("message %q", msg)
	}
}

func TestBlueskyServerErrors(t *testing.T) {
	srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Query().Get("uri") {
		case "at://" + didAda + "/app.bsky.feed.post/3lbzq2kcsxk2a":
			writeJSON(w, 200, []byte(`{"thread":{"$type":"app.bsky.feed.defs#blockedPost","uri":"at://`+didAda+`/app.bsky.feed.post/3lbzq2kcsxk2a","blocked":true,"author":{"did":"`+didAda+`"}}}`))
		case "at://" + didAda + "/app.bsky.feed.post/3lbzq2ndwzk2b":
			writeJSON(w, 200, []byte(`<html>`))
		default:
			writeJSON(w, 401, []byte(`{"error":"AuthMissing","message":"Authentication Required"}`))
		}
	})
	im, _ := testImporter(t, Config{BlueskyBase: srv.URL})
	for rkey, code := range map[string]string{"3lbzq2kcsxk2a": carousel.EFORBIDDEN, "3lbzq2ndwzk2b": carousel.EUNAVAILABLE, "3lbzq2pewzk2c": carousel.EFORBIDDEN} {
		_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "https://bsky.app/profile/" + didAda + "/post/" + rkey})
		mustCode(t, err, code)
		if !strings.HasPrefix(carousel.ErrorMessage(err), "Bluesky") {
			t.Errorf("%s: message %q does not name the source", rkey, carousel.ErrorMessage(err))
		}
	}
}

func TestTIDTime(t *testing.T) {
	at := time.Date(2025, 3, 4, 9, 15, 0, 123456000, time.UTC)
	if got := tidTime(tid(at, 5)); !got.Equal(at) {
		t.Errorf("tidTime = %v, want %v", got, at)
	}
	for _, bad := range []string{"", "self", "3lbzq2kcsxk2aa", "zzzzzzzzzzzzz", "3lbzq2kcsxk2!"} {
		if got := tidTime(bad); !got.IsZero() {
			t.Errorf("tidTime(%q) = %v", bad, got)
		}
	}
}
