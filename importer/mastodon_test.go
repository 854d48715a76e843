// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

const (
	mastoAda = "109283947561234567"
	mastoBob = "109000000000000002"
)

// fakeMastodon answers /api/v1/statuses/{id} and its /context like a
// Mastodon server to an app that is not signed in: at most 40 ancestors,
// and 60 descendants down to 20 levels, in Mastodon's depth-first order.
type fakeMastodon struct {
	t        testing.TB
	mu       sync.Mutex
	statuses map[string]map[string]any
	deleted  map[string]bool
	srv      *fakeServer
	contexts int
	mode     string // "", "auth" (401), "limited" (429), "html"
}

func newFakeMastodon(t testing.TB) *fakeMastodon {
	fm := &fakeMastodon{t: t, statuses: map[string]map[string]any{}, deleted: map[string]bool{}}
	fm.srv = newFakeServer(t, fm.serve)
	return fm
}

func (fm *fakeMastodon) origin() string { return fm.srv.URL }

// importer returns an importer allowed to reach the fake server, which
// listens on a loopback address the guarded client otherwise refuses.
func (fm *fakeMastodon) importer(t *testing.T) *Importer {
	im, _ := testImporter(t, Config{})
	host := strings.TrimPrefix(fm.srv.URL, "http://")
	im.dialAllows = func(addr string) bool { return addr == host }
	return im
}

func (fm *fakeMastodon) serve(w http.ResponseWriter, r *http.Request) {
	fm.mu.Lock()
	defer fm.mu.Unlock()
	switch fm.mode {
	case "auth":
		writeJSON(w, 401, fixture(fm.t, "mastodon_error_401.json"))
		return
	case "limited":
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "2025-03-05T12:05:00.000Z")
		writeJSON(w, 429, fixture(fm.t, "mastodon_error_429.json"))
		return
	case "html":
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<!doctype html><title>Not a Mastodon server</title>"))
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/api/v1/statuses/")
	if !ok {
		writeJSON(w, 404, fixture(fm.t, "mastodon_error_404.json"))
		return
	}
	id, ctxPath := strings.CutSuffix(rest, "/context")
	st, ok := fm.statuses[id]
	if !ok || fm.deleted[id] || strings.Contains(id, "/") {
		writeJSON(w, 404, fixture(fm.t, "mastodon_error_404.json"))
		return
	}
	if !ctxPath {
		writeJSON(w, 200, mustJSON(fm.t, st))
		return
	}
	fm.contexts++
	anc := []any{}
	for p := parentOf(st); p != "" && len(anc) < 40; {
		ps, ok := fm.statuses[p]
		if !ok || fm.deleted[p] {
			break
		}
		anc = append([]any{ps}, anc...)
		p = parentOf(ps)
	}
	var desc []any
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		for _, c := range fm.childrenOf(id) {
			if len(desc) >= 60 {
				return
			}
			desc = append(desc, fm.statuses[c])
			if depth < 20 {
				walk(c, depth+1)
			}
		}
	}
	walk(id, 1)
	if desc == nil {
		desc = []any{}
	}
	writeJSON(w, 200, mustJSON(fm.t, map[string]any{"ancestors": anc, "descendants": desc}))
}

func parentOf(st map[string]any) string {
	p, _ := st["in_reply_to_id"].(string)
	return p
}

func (fm *fakeMastodon) childrenOf(id string) []string {
	var kids []string
	for cid, st := range fm.statuses {
		if parentOf(st) == id && !fm.deleted[cid] {
			kids = append(kids, cid)
		}
	}
	sort.Slice(kids, func(i, j int) bool { return idLess(kids[i], kids[j]) })
	return kids
}

// mastoID makes a Mastodon status id: milliseconds above 16 bits.
func mastoID(at time.Time, seq int) string {
	return strconv.FormatUint(uint64(at.UnixMilli())<<16|uint64(seq&0xffff), 10)
}

// status builds a status from the recorded one.
func (fm *fakeMastodon) status(id, account, acct, content string, at time.Time, parent, parentAccount string) map[string]any {
	var st map[string]any
	if err := json.Unmarshal(fixture(fm.t, "mastodon_status.json"), &st); err != nil {
		fm.t.Fatal(err)
	}
	st["id"], st["content"], st["created_at"] = id, content, at.Format("2006-01-02T15:04:05.000Z")
	st["spoiler_text"], st["sensitive"], st["media_attachments"] = "", false, []any{}
	st["url"] = fm.origin() + "/@" + acct + "/" + id
	st["uri"] = fm.origin() + "/users/" + acct + "/statuses/" + id
	if parent != "" {
		st["in_reply_to_id"], st["in_reply_to_account_id"] = parent, parentAccount
	}
	acc := st["account"].(map[string]any)
	if account != mastoAda {
		acc = map[string]any{"id": account, "username": acct, "acct": acct + "@other.example", "display_name": strings.ToUpper(acct[:1]) + acct[1:],
			"avatar": "https://other.example/avatars/" + acct + ".png", "avatar_static": "https://other.example/avatars/" + acct + ".png", "url": "https://other.example/@" + acct, "emojis": []any{}}
	}
	st["account"] = acc
	fm.statuses[id] = st
	return st
}

// thread fills the server with Ada's n-post thread, Bob replying every ten
// posts and Carol answering Bob: others' replies count towards the
// context's 60. It returns the thread's ids.
func (fm *fakeMastodon) thread(n int) []string {
	base := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	var ids []string
	prev := ""
	for i := 1; i <= n; i++ {
		at := base.Add(time.Duration(i) * time.Minute)
		id := mastoID(at, i)
		fm.status(id, mastoAda, "ada", fmt.Sprintf("<p>%d/%d Post number %d.</p>", i, n, i), at, prev, mastoAda)
		if i%10 == 0 {
			bob := mastoID(at.Add(20*time.Second), 1000+i)
			fm.status(bob, mastoBob, "bob", `<p><span class="h-card"><a href="https://mastodon.example/@ada" class="u-url mention">@<span>ada</span></a></span> interesting!</p>`, at.Add(20*time.Second), id, mastoAda)
			carol := mastoID(at.Add(30*time.Second), 2000+i)
			fm.status(carol, "109000000000000003", "carol", "<p>Agreed.</p>", at.Add(30*time.Second), bob, mastoBob)
			// Ada's answer to Bob is a side reply, not the thread.
			ans := mastoID(at.Add(40*time.Second), 3000+i)
			fm.status(ans, mastoAda, "ada", "<p>Thanks Bob!</p>", at.Add(40*time.Second), bob, mastoBob)
		}
		ids = append(ids, id)
		prev = id
	}
	return ids
}

func TestMastodonLongThread(t *testing.T) {
	fm := newFakeMastodon(t)
	ids := fm.thread(75)
	for _, entry := range []int{0, 37, 74} {
		t.Run(fmt.Sprintf("from post %d", entry+1), func(t *testing.T) {
			im := fm.importer(t)
			fm.contexts = 0
			th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: fm.origin() + "/@ada/" + ids[entry]})
			if err != nil {
				t.Fatal(err)
			}
			if got := postIDs(th); !equalStrings(got, ids) {
				t.Fatalf("got %d posts (first difference at post %d), want the 75 of the thread", len(got), firstDiff(got, ids)+1)
			}
			if len(warns) != 0 {
				t.Errorf("warnings %v", warns)
			}
			for i, p := range th.Posts {
				if want := fmt.Sprintf("%d/75 Post number %d.", i+1, i+1); p.PlainText() != want {
					t.Errorf("post %d: %q", i+1, p.PlainText())
				}
			}
			if th.Source != "mastodon" || th.URL != fm.origin()+"/@ada/"+ids[0] || th.Author.Handle != "ada@"+hostOf(fm.origin()) || th.Author.Name != "Ada Builds" {
				t.Errorf("thread %q %q %+v", th.Source, th.URL, th.Author)
			}
			if !strings.HasSuffix(th.Author.Avatar, "/static/ab12cd34.png") {
				t.Errorf("avatar %q: the still image is wanted", th.Author.Avatar)
			}
			// 75 posts and 28 others' replies, 20 levels per answer: a few
			// contexts, not one per post.
			if fm.contexts < 2 || fm.contexts > 8 {
				t.Errorf("%d context calls", fm.contexts)
			}
		})
	}
}

func TestMastodonDeletedPost(t *testing.T) {
	fm := newFakeMastodon(t)
	ids := fm.thread(12)
	fm.deleted[ids[5]] = true
	im := fm.importer(t)
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: fm.origin() + "/users/ada/statuses/" + ids[11]})
	if err != nil {
		t.Fatal(err)
	}
	// Mastodon's context stops at a deleted post, and nothing says what was
	// above it: the thread starts with a placeholder.
	if want := append([]string{ids[5]}, ids[6:]...); !equalStrings(postIDs(th), want) {
		t.Fatalf("posts %v, want %v", postIDs(th), want)
	}
	ph := th.Posts[0]
	if ph.Placeholder != "This post was deleted or is not public." || ph.Created != "2025-03-04T09:06:00Z" || ph.URL != fm.origin()+"/@ada/"+ids[5] {
		t.Errorf("placeholder %+v", ph)
	}
	if !hasWarning(warns, carousel.WarnPlaceholder, ids[5]) {
		t.Errorf("warnings %v", warns)
	}
}

func TestMastodonRichStatus(t *testing.T) {
	fm := newFakeMastodon(t)
	var root map[string]any
	if err := json.Unmarshal(fixture(t, "mastodon_status.json"), &root); err != nil {
		t.Fatal(err)
	}
	id := root["id"].(string)
	fm.statuses[id] = root
	at := time.Date(2025, 3, 4, 9, 1, 0, 0, time.UTC)
	// A reply with a GIF, a link card and a Mastodon 4.4 quote.
	r2 := fm.status(mastoID(at, 1), mastoAda, "ada", `<p>2/ The cache <a href="https://example.com/cache">example.com/cache</a></p><p class="quote-inline">RE: <a href="https://other.example/@bob/1">https://other.example/@bob/1</a></p>`, at, id, mastoAda)
	r2["media_attachments"] = []any{map[string]any{"id": "1", "type": "gifv", "url": "https://files.mastodon.example/a.mp4", "preview_url": "https://files.mastodon.example/a.png",
		"meta": map[string]any{"original": map[string]any{"width": 640, "height": 480}}, "description": "Loading bar filling"},
		map[string]any{"id": "2", "type": "audio", "url": "https://files.mastodon.example/a.mp3", "preview_url": nil}}
	quoted := fm.status(mastoID(at.Add(-time.Hour), 9), mastoBob, "bob", "<p>Benchmarked 12 CI providers.</p>", at.Add(-time.Hour), "", "")
	r2["quote"] = map[string]any{"state": "accepted", "quoted_status": quoted}
	r3 := fm.status(mastoID(at.Add(time.Minute), 2), mastoAda, "ada", "<p>3/ Write-up: <a href=\"https://example.com/blog/ci\">https://example.com/blog/ci</a></p>", at.Add(time.Minute), mastoID(at, 1), mastoAda)
	r3["card"] = map[string]any{"url": "https://example.com/blog/ci", "title": "How we cut CI by 80%", "description": "Caching and sharding.", "type": "link", "image": nil}
	r4 := fm.status(mastoID(at.Add(2*time.Minute), 3), mastoAda, "ada", "<p>4/ Quoting a post I may not see.</p>", at.Add(2*time.Minute), mastoID(at.Add(time.Minute), 2), mastoAda)
	r4["quote"] = map[string]any{"state": "unauthorized", "quoted_status": nil}
	r4["language"] = nil      // the server could not tell
	quoted["language"] = "de" // its own, to tell it from the quoting post's

	im := fm.importer(t)
	th, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: fm.origin() + "/@ada/" + id})
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != 4 {
		t.Fatalf("posts %v", postIDs(th))
	}
	p1 := th.Posts[0]
	want := []carousel.Block{
		{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "CW: CI talk, long thread", Bold: true}}},
		{Type: carousel.Paragraph, Spans: []carousel.Span{
			{Text: "How we cut our CI build times by 80% 🚀 with "},
			{Text: "@bob", Link: "https://other.example/@bob", Entity: carousel.EntityMention},
			{Text: "'s help & a cache."}}},
		{Type: carousel.Paragraph, Spans: []carousel.Span{
			{Text: "Read "},
			{Text: "example.com/blog/edge-cache/pa…", Link: "https://example.com/blog/edge-cache/part-one-of-the-story", Entity: carousel.EntityURL},
			{Text: "\nthen "},
			{Text: "#DevOps", Link: "https://mastodon.example/tags/DevOps", Entity: carousel.EntityHashtag},
			{Text: " *not bold* <3"}}},
	}
	if got, w := string(mustJSON(t, p1.Blocks)), string(mustJSON(t, want)); got != w {
		t.Errorf("blocks\n got %s\nwant %s", got, w)
	}
	if len(p1.Media) != 1 || p1.Media[0].Alt != "Bar chart: CI build time dropped from 41 to 8 minutes" || p1.Media[0].Width != 1600 ||
		p1.Media[0].Focus == nil || p1.Media[0].Focus.X != 0.25 || p1.Media[0].Focus.Y != 0.25 || !strings.HasSuffix(p1.Media[0].Src, "/original/chart.png") {
		t.Errorf("media %+v", p1.Media)
	}
	p2 := th.Posts[1]
	if p2.PlainText() != "2/ The cache example.com/cache" {
		t.Errorf("post 2 text %q: the quote's fallback must go", p2.PlainText())
	}
	if len(p2.Media) != 1 || p2.Media[0].Type != carousel.MediaGIF || p2.Media[0].Src != "https://files.mastodon.example/a.png" || p2.Media[0].Link != p2.URL {
		t.Errorf("post 2 media %+v (the GIF's poster; audio has none)", p2.Media)
	}
	if q := p2.Quote; q == nil || q.Author == nil || q.Author.Handle != "bob@other.example" || q.PlainText() != "Benchmarked 12 CI providers." {
		t.Errorf("quote %+v", q)
	}
	if c := th.Posts[2].Quote; c == nil || c.URL != "https://example.com/blog/ci" || !strings.HasPrefix(c.PlainText(), "How we cut CI by 80%") {
		t.Errorf("card %+v", c)
	}
	if q := th.Posts[3].Quote; q == nil || q.Placeholder != "The quoted post is not public." {
		t.Errorf("quote placeholder %+v", q)
	}
	// language: the recorded status's "en", null for post 4, the quote's own.
	for i, want := range []string{"en", "en", "en", ""} {
		if got := th.Posts[i].Lang; got != want {
			t.Errorf("post %d: language %q, want %q", i+1, got, want)
		}
	}
	if q := p2.Quote; q != nil && q.Lang != "de" {
		t.Errorf("quote: language %q, want its own de", q.Lang)
	}
}

func TestMastodonErrors(t *testing.T) {
	fm := newFakeMastodon(t)
	ids := fm.thread(2)
	ctx := context.Background()
	im := fm.importer(t)
	host := hostOf(fm.origin())

	_, _, err := im.Import(ctx, carousel.ImportRequest{Source: fm.origin() + "/@ada/1234567890"})
	mustCode(t, err, carousel.ENOTFOUND)
	if msg := carousel.ErrorMessage(err); msg != "Mastodon ("+host+"): post 1234567890 was not found: it may have been deleted, or it is not public." {
		t.Errorf("message %q", msg)
	}
	for mode, code := range map[string]string{"auth": carousel.EFORBIDDEN, "limited": carousel.ERATELIMIT, "html": carousel.EUNAVAILABLE} {
		fm.mode = mode
		_, _, err := im.Import(ctx, carousel.ImportRequest{Source: fm.origin() + "/@ada/" + ids[0]})
		mustCode(t, err, code)
		msg := carousel.ErrorMessage(err)
		if !strings.Contains(msg, host) {
			t.Errorf("%s: message %q does not name the server", mode, msg)
		}
		switch mode {
		case "auth":
			if !strings.Contains(msg, "needs sign-in") {
				t.Errorf("message %q", msg)
			}
		case "limited":
			if !strings.Contains(msg, "rate limit reached") || !strings.Contains(msg, "in 5 minutes") {
				t.Errorf("message %q", msg)
			}
		case "html":
			if !strings.Contains(msg, "not answer as a Mastodon-compatible server") {
				t.Errorf("message %q", msg)
			}
		}
	}
}

// Instance hosts are the user's: the guarded client refuses private
// addresses unless they are allowed.
func TestMastodonPrivateAddressRefused(t *testing.T) {
	fm := newFakeMastodon(t)
	ids := fm.thread(1)
	im, _ := testImporter(t, Config{})
	_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: fm.origin() + "/@ada/" + ids[0]})
	mustCode(t, err, carousel.EFORBIDDEN)
	if msg := carousel.ErrorMessage(err); !strings.Contains(msg, "CAROUSEL_ALLOW_PRIVATE_NETWORK=1") {
		t.Errorf("message %q", msg)
	}
	if fm.srv.count("/api/v1/statuses/"+ids[0]) != 0 {
		t.Error("the private address was reached")
	}
	open, _ := testImporter(t, Config{AllowPrivateNetwork: true})
	if _, _, err := open.Import(context.Background(), carousel.ImportRequest{Source: fm.origin() + "/@ada/" + ids[0]}); err != nil {
		t.Errorf("with private addresses allowed: %v", err)
	}
}

func TestParsePostRef(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want postRef
		ok   bool
	}{
		{"https://bsky.app/profile/ada.bsky.social/post/3lbzq2kcsxk2a", postRef{platform: platformBluesky, actor: "ada.bsky.social", rkey: "3lbzq2kcsxk2a"}, true},
		{"bsky.app/profile/did:plc:ada7vq3xjcbqzwhl2kvf5r3p/post/3lbzq2kcsxk2a?ref=x", postRef{platform: platformBluesky, actor: "did:plc:ada7vq3xjcbqzwhl2kvf5r3p", rkey: "3lbzq2kcsxk2a"}, true},
		{"at://did:plc:ada7vq3xjcbqzwhl2kvf5r3p/app.bsky.feed.post/3lbzq2kcsxk2a", postRef{platform: platformBluesky, actor: "did:plc:ada7vq3xjcbqzwhl2kvf5r3p", rkey: "3lbzq2kcsxk2a"}, true},
		{"https://bsky.app/profile/ada.bsky.social", postRef{}, false},
		{"https://mastodon.social/@ada/114102331875501234", postRef{platform: platformMastodon, origin: "https://mastodon.social", statusID: "114102331875501234"}, true},
		{"https://Mastodon.Social/@ada@other.example/114102331875501234/", postRef{platform: platformMastodon, origin: "https://mastodon.social", statusID: "114102331875501234"}, true},
		{"https://mastodon.social/users/ada/statuses/114102331875501234", postRef{platform: platformMastodon, origin: "https://mastodon.social", statusID: "114102331875501234"}, true},
		{"https://gts.example/@ada/statuses/01HQ3Z8J5Y0M4X2V7N6B9C1D2E", postRef{platform: platformMastodon, origin: "https://gts.example", statusID: "01HQ3Z8J5Y0M4X2V7N6B9C1D2E"}, true},
		{"https://akkoma.example/notice/AbC123xyz", postRef{platform: platformMastodon, origin: "https://akkoma.example", statusID: "AbC123xyz"}, true},
		{"http://127.0.0.1:8080/@ada/1", postRef{platform: platformMastodon, origin: "http://127.0.0.1:8080", statusID: "1"}, true},
		{"https://medium.com/@ada/how-we-cut-ci-1a2b3c", postRef{}, false},
		{"https://www.tiktok.com/@ada/video/7212345678901234567", postRef{}, false},
		{"https://www.threads.net/@ada.builds/post/C8xYz12AbCd", postRef{platform: platformThreads, user: "ada.builds", shortcode: "C8xYz12AbCd"}, true},
		{"https://www.threads.com/t/C8xYz12AbCd", postRef{platform: platformThreads, shortcode: "C8xYz12AbCd"}, true},
		{"https://x.com/ada_builds/status/1896938704883293194", postRef{}, false},
		{"https://user:pw@mastodon.social/@ada/1", postRef{}, false},
		{"ftp://mastodon.social/@ada/1", postRef{}, false},
		{"https://mastodon.social/@ada/1 and more", postRef{}, false},
	} {
		got, ok := parsePostRef(tc.in)
		if ok != tc.ok || got != tc.want {
			t.Errorf("parsePostRef(%q) = %+v, %v; want %+v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
		if IsPostURL(tc.in) != (tc.ok || strings.Contains(tc.in, "x.com/")) {
			t.Errorf("IsPostURL(%q) = %v", tc.in, IsPostURL(tc.in))
		}
	}
}

func TestNotAPostAddress(t *testing.T) {
	im, _ := testImporter(t, Config{})
	_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "https://example.com/blog/" + url.PathEscape("a post")})
	mustCode(t, err, carousel.EINVALID)
	for _, want := range []string{"X", "Bluesky", "Mastodon", "Threads"} {
		if !strings.Contains(carousel.ErrorMessage(err), want) {
			t.Errorf("message %q does not name %s", carousel.ErrorMessage(err), want)
		}
	}
}
