// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

func fxServer(t *testing.T, bodies map[string][]byte) *fakeServer {
	return newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.Header.Get("User-Agent"), "CarouselStudio/") {
			writeJSON(w, 401, fixture(t, "fxtwitter_missing_user_agent_401.json"))
			return
		}
		if b, ok := bodies[r.URL.Path]; ok {
			writeJSON(w, 200, b)
			return
		}
		writeJSON(w, 404, fixture(t, "fxtwitter_v2_not_found.json"))
	})
}

func TestFxTwitterFixtureThread(t *testing.T) {
	srv := fxServer(t, map[string][]byte{"/2/thread/" + idT4: fixture(t, "fxtwitter_v2_thread.json")})
	im, _ := testImporter(t, Config{FxTwitterBase: srv.URL})
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: "https://twitter.com/ada_builds/status/" + idT4})
	if err != nil {
		t.Fatal(err)
	}
	checkFixtureThread(t, th, "fxtwitter")
	checkQuote(t, th)
	checkLongPost(t, th.Posts[2], true)
	if len(warns) != 0 {
		t.Errorf("warnings %v", warns)
	}
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Source: "1896939999999999999"})
	mustCode(t, err, carousel.ENOTFOUND)
}

// fxBig builds a FxTwitter answer: two posts by someone else above the
// thread, then n posts by the author, one of them a tombstone.
func fxBig(t testing.TB, n, tomb int) ([]byte, []string) {
	status := func(id, author, text string) map[string]any {
		return map[string]any{"type": "status", "id": id, "text": text, "created_timestamp": snowflakeTime(id).Unix(),
			"author":   map[string]any{"id": author, "name": "Ada", "screen_name": "ada_builds", "avatar_url": "https://pbs.twimg.com/profile_images/1/a_200x200.jpg"},
			"raw_text": map[string]any{"text": text, "facets": []any{}}, "media": map[string]any{}, "is_note_tweet": false}
	}
	list := []any{status(genID(1000000), "42", "Someone else's question"), status(genID(1000001), "42", "and a follow-up")}
	var ids []string
	for i := 0; i < n; i++ {
		id := genID(1000002 + i)
		ids = append(ids, id)
		if i == tomb {
			list = append(list, map[string]any{"type": "tombstone", "reason": "deleted", "id": id})
			continue
		}
		list = append(list, status(id, idAuthor, fmt.Sprintf("𝗣𝗼𝘀𝘁 %d &amp; more", i+1)))
	}
	last := list[len(list)-1]
	return mustJSON(t, map[string]any{"code": 200, "status": last, "thread": list}), ids
}

func TestFxTwitterBigThread(t *testing.T) {
	body, ids := fxBig(t, 300, 7)
	srv := fxServer(t, map[string][]byte{"/2/thread/" + ids[299]: body})
	im, _ := testImporter(t, Config{FxTwitterBase: srv.URL})
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: ids[299]})
	if err != nil {
		t.Fatal(err)
	}
	if !equalStrings(postIDs(th), ids) {
		t.Fatalf("got %d posts (others' posts above the thread must go)", len(th.Posts))
	}
	if th.Posts[7].Placeholder != "This post was deleted." || !hasWarning(warns, carousel.WarnPlaceholder, ids[7]) {
		t.Errorf("tombstone: %+v %v", th.Posts[7], warns)
	}
	sp := th.Posts[0].Blocks[0].Spans
	if len(sp) != 2 || sp[0] != (carousel.Span{Text: "Post", Bold: true}) || sp[1].Text != " 1 & more" {
		t.Errorf("fake bold/escaping: %+v", sp)
	}
}

func TestFxTwitterErrors(t *testing.T) {
	srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/2/thread/1":
			writeJSON(w, 401, []byte(`{"code":401,"message":"PRIVATE_TWEET"}`))
		case "/2/thread/2":
			writeJSON(w, 200, []byte(`{"code":200,"status":{"type":"tombstone","reason":"deleted","id":"2"}}`))
		default:
			writeJSON(w, 200, []byte(`not json`))
		}
	})
	im, _ := testImporter(t, Config{FxTwitterBase: srv.URL})
	_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "1"})
	mustCode(t, err, carousel.EFORBIDDEN)
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Source: "2"})
	mustCode(t, err, carousel.ENOTFOUND)
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Source: "3"})
	mustCode(t, err, carousel.EUNAVAILABLE)
}

// synServer answers tweet-result for the fixture thread: T4 (with T3
// embedded) and T2 (with T1 embedded), checking the token.
func synServer(t *testing.T, extra map[string][]byte) *fakeServer {
	var root map[string]any
	json.Unmarshal(fixture(t, "syndication_tweet_result_root.json"), &root)
	t2 := map[string]any{"__typename": "Tweet", "id_str": idT2, "created_at": "2025-03-04T15:01:12.000Z", "lang": "en",
		"text":     "2/4 First, we moved the dependency cache to the edge. Write-up with numbers: https://t.co/Xq7LmN2pQs",
		"entities": map[string]any{"urls": []any{map[string]any{"url": "https://t.co/Xq7LmN2pQs", "expanded_url": "https://example.com/blog/edge-cache", "display_url": "example.com/blog/edge-cache", "indices": []int{77, 100}}}},
		"user":     root["user"], "in_reply_to_status_id_str": idT1, "in_reply_to_user_id_str": idAuthor, "parent": root}
	bodies := map[string][]byte{idT4: fixture(t, "syndication_tweet_result_last.json"), idT2: mustJSON(t, t2), idT1: fixture(t, "syndication_tweet_result_root.json")}
	for k, v := range extra {
		bodies[k] = v
	}
	return newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if r.URL.Path != "/tweet-result" || q.Get("token") != syndicationToken(q.Get("id")) || q.Get("features") == "" {
			writeJSON(w, 400, []byte(`{"error":"bad request"}`))
			return
		}
		if b, ok := bodies[q.Get("id")]; ok {
			writeJSON(w, 200, b)
			return
		}
		writeJSON(w, 404, nil)
	})
}

func TestSyndicationWalk(t *testing.T) {
	srv := synServer(t, nil)
	im, _ := testImporter(t, Config{SyndicationBase: srv.URL})
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT4})
	if err != nil {
		t.Fatal(err)
	}
	checkFixtureThread(t, th, "syndication")
	checkQuote(t, th)
	if n := srv.count("/tweet-result"); n != 2 {
		t.Errorf("%d requests, want 2 (each answer embeds the parent)", n)
	}
	t3 := th.Posts[2]
	if !t3.Truncated || !strings.HasSuffix(t3.PlainText(), "Result: p95 wall time went…") || !hasWarning(warns, carousel.WarnTruncated, idT3) {
		t.Errorf("T3 should be truncated with a warning: %q %v", t3.PlainText(), warns)
	}
	// From the root: syndication cannot read forwards.
	th, warns, err = im.Import(context.Background(), carousel.ImportRequest{Source: idT1})
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != 1 || !hasWarning(warns, carousel.WarnPartial, idT1) {
		t.Errorf("posts %v warnings %v", postIDs(th), warns)
	}
	for _, w := range warns {
		if w.Code == carousel.WarnPartial && !strings.Contains(w.Message, "last post") {
			t.Errorf("warning should ask for the last post: %q", w.Message)
		}
	}
}

func TestSyndicationPlaceholder(t *testing.T) {
	// T2's answer without the embedded parent, and T1 private: a placeholder.
	var t2 map[string]any
	srv := synServer(t, nil)
	json.Unmarshal(mustJSON(t, map[string]any{}), &t2)
	srv2 := synServer(t, map[string][]byte{idT1: fixture(t, "syndication_tweet_result_tombstone.json")})
	_ = srv
	h := srv2.Config.Handler
	srv2.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("id") == idT2 {
			writeJSON(w, 200, []byte(`{"__typename":"Tweet","id_str":"`+idT2+`","text":"2/4 First","user":{"id_str":"`+idAuthor+`","screen_name":"ada_builds"},"in_reply_to_status_id_str":"`+idT1+`","in_reply_to_user_id_str":"`+idAuthor+`"}`))
			return
		}
		h.ServeHTTP(w, r)
	})
	im, _ := testImporter(t, Config{SyndicationBase: srv2.URL})
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT4})
	if err != nil {
		t.Fatal(err)
	}
	if !equalStrings(postIDs(th), []string{idT1, idT2, idT3, idT4}) || th.Posts[0].Placeholder == "" || !hasWarning(warns, carousel.WarnPlaceholder, idT1) {
		t.Errorf("posts %v first %+v warnings %v", postIDs(th), th.Posts[0], warns)
	}
	if th.URL != "https://x.com/ada_builds/status/"+idT1 || th.Author.Handle != "ada_builds" {
		t.Errorf("thread URL %q author %+v", th.URL, th.Author)
	}
	// Not found answers: {} with 200, and 404.
	srv3 := synServer(t, map[string][]byte{"5": fixture(t, "syndication_tweet_result_not_found_200.json")})
	im, _ = testImporter(t, Config{SyndicationBase: srv3.URL})
	for _, id := range []string{"5", "6"} {
		_, _, err = im.Import(context.Background(), carousel.ImportRequest{Source: id})
		mustCode(t, err, carousel.ENOTFOUND)
	}
}

func TestFallbackOrder(t *testing.T) {
	x := fixtureXAPI(t)
	fx := fxServer(t, map[string][]byte{"/2/thread/" + idT4: fixture(t, "fxtwitter_v2_thread.json")})
	syn := synServer(t, nil)
	t.Run("bad token falls back to FxTwitter", func(t *testing.T) {
		im, _ := testImporter(t, Config{XAPIBase: x.URL, BearerToken: "bad", FxTwitterBase: fx.URL, SyndicationBase: syn.URL})
		th, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT4})
		if err != nil || th.Source != "fxtwitter" {
			t.Fatalf("err %v source %v", err, th)
		}
		if syn.count("/tweet-result") != 0 {
			t.Error("syndication asked although FxTwitter answered")
		}
	})
	t.Run("FxTwitter off", func(t *testing.T) {
		cfg := ConfigFromEnv(func(k string) (string, bool) {
			return map[string]string{"CAROUSEL_FXTWITTER_BASE": "", "CAROUSEL_SYNDICATION_BASE": syn.URL}[k], k != "CAROUSEL_X_BEARER_TOKEN"
		})
		im, _ := testImporter(t, cfg)
		th, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT4})
		if err != nil || th.Source != "syndication" {
			t.Fatalf("err %v thread %v", err, th)
		}
		if fx.count("/2/thread/"+idT4) != 1 {
			t.Error("FxTwitter asked although turned off")
		}
	})
	t.Run("all fail", func(t *testing.T) {
		im, _ := testImporter(t, Config{XAPIBase: x.URL, BearerToken: "bad", FxTwitterBase: fx.URL, SyndicationBase: syn.URL})
		_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "1896939999999999999"})
		mustCode(t, err, carousel.ENOTFOUND)
		msg := carousel.ErrorMessage(err)
		for _, want := range []string{"X API rejected the bearer token", "FxTwitter: post 1896939999999999999 was not found", "Syndication", "Could not import post 1896939999999999999"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
	})
}

func TestImportPasteAndBadURL(t *testing.T) {
	im, _ := testImporter(t, Config{})
	th, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: string(fixture(t, "paste_dashes.txt"))})
	if err != nil || th.Source != "paste" || len(th.Posts) < 2 {
		t.Fatalf("paste: %v %+v", err, th)
	}
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Source: "https://example.com/not-a-post"})
	mustCode(t, err, carousel.EINVALID)
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Source: "  "})
	mustCode(t, err, carousel.EINVALID)
}
