// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// fixtureXAPI serves the 4-post thread: lookups from the fixtures (T4's is
// built from search page 1), and the two search pages.
func fixtureXAPI(t *testing.T) *fakeServer {
	root := fixture(t, "xapi_v2_tweet_lookup_root.json")
	page1 := fixture(t, "xapi_v2_search_recent_page1.json")
	page2 := fixture(t, "xapi_v2_search_recent_page2.json")
	var p1 struct {
		Data     []json.RawMessage `json:"data"`
		Includes json.RawMessage   `json:"includes"`
	}
	if err := json.Unmarshal(page1, &p1); err != nil {
		t.Fatal(err)
	}
	t4 := mustJSON(t, map[string]any{"data": p1.Data[1], "includes": p1.Includes})
	return newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer good" {
			writeJSON(w, 401, fixture(t, "xapi_v2_error_401.json"))
			return
		}
		// The API sends a post's language only when asked for it.
		if !slices.Contains(strings.Split(r.URL.Query().Get("tweet.fields"), ","), "lang") {
			t.Errorf("%s: tweet.fields %q does not ask for lang", r.URL.Path, r.URL.Query().Get("tweet.fields"))
		}
		switch r.URL.Path {
		case "/2/tweets/" + idT1:
			writeJSON(w, 200, root)
		case "/2/tweets/" + idT4:
			writeJSON(w, 200, t4)
		case "/2/tweets/search/recent":
			if q := r.URL.Query().Get("query"); q != "conversation_id:"+idT1+" from:ada_builds" {
				t.Errorf("query %q", q)
			}
			if r.URL.Query().Get("next_token") == "b26v89c19zqg8o3fpe17v8kovt7b2c1fo8tk7pyb8w2bx" {
				writeJSON(w, 200, page2)
			} else {
				writeJSON(w, 200, page1)
			}
		default:
			writeJSON(w, 200, fixture(t, "xapi_v2_lookup_not_found.json"))
		}
	})
}

func TestXAPIFixtureThread(t *testing.T) {
	srv := fixtureXAPI(t)
	for _, from := range []string{idT1, idT4, "https://x.com/ada_builds/status/" + idT4 + "/photo/1"} {
		t.Run(from, func(t *testing.T) {
			im, _ := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: "good"})
			th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: from})
			if err != nil {
				t.Fatal(err)
			}
			checkFixtureThread(t, th, "xapi")
			checkQuote(t, th)
			checkLongPost(t, th.Posts[2], false)
			if len(warns) != 0 {
				t.Errorf("warnings %v", warns)
			}
		})
	}
	if n := srv.count("/2/tweets/search/recent"); n != 6 {
		t.Errorf("%d search requests, want 2 pages × 3 imports", n)
	}
}

func TestXAPIErrors(t *testing.T) {
	tests := []struct {
		name, token string
		status      int
		body        string
		code        string
		msg         string
	}{
		{"bad token", "bad", 0, "", carousel.EUNAUTHORIZED, "bearer token"},
		{"deleted", "good", 200, "xapi_v2_lookup_not_found.json", carousel.ENOTFOUND, "not found"},
		{"deleted 404", "good", 404, "xapi_v2_lookup_not_found.json", carousel.ENOTFOUND, "not found"},
		{"protected", "good", 200, "xapi_v2_lookup_not_authorized.json", carousel.EFORBIDDEN, "protected"},
		{"client forbidden", "good", 403, "xapi_v2_error_403_client_forbidden.json", carousel.EFORBIDDEN, "Client Forbidden"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Header.Get("Authorization") != "Bearer good" {
					writeJSON(w, 401, fixture(t, "xapi_v2_error_401.json"))
					return
				}
				writeJSON(w, tc.status, fixture(t, tc.body))
			})
			im, _ := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: tc.token})
			_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "1896939999999999999"})
			mustCode(t, err, tc.code)
			if !strings.Contains(carousel.ErrorMessage(err), tc.msg) {
				t.Errorf("message %q lacks %q", carousel.ErrorMessage(err), tc.msg)
			}
		})
	}
}

func TestXAPIRateLimitAndRetry(t *testing.T) {
	now := time.Date(2025, 3, 5, 12, 0, 0, 0, time.UTC)
	t.Run("short wait", func(t *testing.T) {
		n := 0
		srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n++; n == 1 {
				w.Header().Set("x-rate-limit-reset", strconv.FormatInt(now.Add(3*time.Second).Unix(), 10))
				writeJSON(w, 429, fixture(t, "xapi_v2_error_429.json"))
				return
			}
			writeJSON(w, 200, fixture(t, "xapi_v2_lookup_not_found.json"))
		})
		im, log := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: "good"})
		_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "1896939999999999999"})
		mustCode(t, err, carousel.ENOTFOUND) // the retried request got through
		if len(log.sleeps) != 1 || log.sleeps[0] != 4*time.Second {
			t.Errorf("sleeps %v, want one of 4s (reset + 1s)", log.sleeps)
		}
	})
	t.Run("long wait", func(t *testing.T) {
		srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-rate-limit-reset", strconv.FormatInt(now.Add(14*time.Minute+30*time.Second).Unix(), 10))
			writeJSON(w, 429, fixture(t, "xapi_v2_error_429.json"))
		})
		im, log := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: "good"})
		_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT1})
		mustCode(t, err, carousel.ERATELIMIT)
		want := fmt.Sprintf("try again after %s (in 15 minutes)", now.Add(14*time.Minute+30*time.Second).Local().Format("15:04"))
		if !strings.Contains(carousel.ErrorMessage(err), want) {
			t.Errorf("message %q lacks %q", carousel.ErrorMessage(err), want)
		}
		if len(log.sleeps) != 0 || srv.count("/2/tweets/"+idT1) != 1 {
			t.Errorf("slept %v, %d requests", log.sleeps, srv.count("/2/tweets/"+idT1))
		}
	})
	t.Run("5xx retried", func(t *testing.T) {
		n := 0
		srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
			if n++; n <= 2 {
				writeJSON(w, 503, []byte(`{"title":"Service Unavailable"}`))
				return
			}
			writeJSON(w, 200, fixture(t, "xapi_v2_lookup_not_found.json"))
		})
		im, log := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: "good"})
		_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: "1896939999999999999"})
		mustCode(t, err, carousel.ENOTFOUND)
		if n != 3 || len(log.sleeps) != 2 || log.sleeps[1] != 2*log.sleeps[0] {
			t.Errorf("%d requests, sleeps %v: want 3 with doubling backoff", n, log.sleeps)
		}
	})
	t.Run("5xx gives up", func(t *testing.T) {
		srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 500, nil) })
		im, _ := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: "good"})
		_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT1})
		mustCode(t, err, carousel.EUNAVAILABLE)
		if srv.count("/2/tweets/"+idT1) != 3 {
			t.Errorf("%d attempts, want 3", srv.count("/2/tweets/"+idT1))
		}
	})
	t.Run("unreachable", func(t *testing.T) {
		srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {})
		base := srv.URL
		srv.Close()
		im, _ := testImporter(t, Config{XAPIBase: base, BearerToken: "good"})
		_, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT1})
		mustCode(t, err, carousel.EUNAVAILABLE)
		if !strings.Contains(carousel.ErrorMessage(err), "unreachable") {
			t.Errorf("message %q", carousel.ErrorMessage(err))
		}
	})
}

// bigThread describes a generated conversation: n posts by the author in
// a chain, a fork (a later second reply to post 10), replies by others,
// the author's side-replies to them, and a deleted post.
type bigThread struct {
	n       int
	ids     []string // the chain, in order
	fork    string
	deleted int // index in ids of the deleted post (0: none)
	others  []string
	side    []string
}

const bigBase = uint64(1896938704883293194)

func genID(i int) string { return strconv.FormatUint(bigBase+uint64(i)<<22, 10) }

func newBigThread(n, deleted int) *bigThread {
	b := &bigThread{n: n, deleted: deleted}
	for i := 0; i < n; i++ {
		b.ids = append(b.ids, genID(i*4))
	}
	b.fork = genID(10*4 + 3) // a reply to post 10, later than post 11
	for i := 0; i < 5; i++ {
		b.others = append(b.others, genID(i*40+1))
		b.side = append(b.side, genID(i*40+2))
	}
	return b
}

// v2Tweets are the author's posts the search returns (no deleted one).
func (b *bigThread) v2Tweets() []map[string]any {
	var out []map[string]any
	tw := func(id, parent, parentUser, text string) map[string]any {
		m := map[string]any{"id": id, "text": text, "author_id": idAuthor, "conversation_id": b.ids[0],
			"created_at": snowflakeTime(id).Format(time.RFC3339)}
		if parent != "" {
			m["referenced_tweets"] = []map[string]string{{"type": "replied_to", "id": parent}}
			m["in_reply_to_user_id"] = parentUser
		}
		return m
	}
	for i, id := range b.ids {
		if i == b.deleted && i > 0 {
			continue
		}
		parent := ""
		if i > 0 {
			parent = b.ids[i-1]
		}
		out = append(out, tw(id, parent, idAuthor, fmt.Sprintf("Post %d of the thread", i+1)))
	}
	out = append(out, tw(b.fork, b.ids[10], idAuthor, "A later second reply: a fork"))
	for i, s := range b.side {
		out = append(out, tw(s, b.others[i], "1279475609420017667", "@dev_sam a side reply"))
	}
	return out
}

func TestXAPIBigThreadPaginated(t *testing.T) {
	big := newBigThread(300, 150)
	tweets := big.v2Tweets()
	// Reverse-chronological pages of 100.
	for i, j := 0, len(tweets)-1; i < j; i, j = i+1, j-1 {
		tweets[i], tweets[j] = tweets[j], tweets[i]
	}
	users := []map[string]any{{"id": idAuthor, "name": "Ada", "username": "ada_builds", "profile_image_url": "https://pbs.twimg.com/profile_images/1/a_normal.jpg"}}
	const per = 100
	srv := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/2/tweets/search/recent":
			page, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Query().Get("next_token"), "p"))
			end := min((page+1)*per, len(tweets))
			body := map[string]any{"data": tweets[page*per : end], "includes": map[string]any{"users": users}, "meta": map[string]any{"result_count": end - page*per}}
			if end < len(tweets) {
				body["meta"].(map[string]any)["next_token"] = fmt.Sprintf("p%d", page+1)
			}
			writeJSON(w, 200, mustJSON(t, body))
		case r.URL.Path == "/2/tweets/"+big.ids[299]:
			writeJSON(w, 200, mustJSON(t, map[string]any{"data": tweets[len(tweets)-1-299+0], "includes": map[string]any{"users": users}}))
		default:
			writeJSON(w, 200, fixture(t, "xapi_v2_lookup_not_found.json"))
		}
	})
	// tweets is reversed: find the last chain post's entry.
	var last map[string]any
	for _, tw := range tweets {
		if tw["id"] == big.ids[299] {
			last = tw
		}
	}
	srv.Config.Handler = wrapLookup(srv.Config.Handler, big.ids[299], mustJSON(t, map[string]any{"data": last, "includes": map[string]any{"users": users}}))

	im, _ := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: "good"})
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: big.ids[299]})
	if err != nil {
		t.Fatal(err)
	}
	if got := postIDs(th); !equalStrings(got, big.ids) {
		t.Fatalf("got %d posts, want the 300-post chain (first diff at %d)", len(got), firstDiff(got, big.ids))
	}
	if th.Posts[150].Placeholder == "" || !hasWarning(warns, carousel.WarnPlaceholder, big.ids[150]) {
		t.Errorf("deleted post 151 should be a placeholder with a warning: %+v %v", th.Posts[150], warns)
	}
	if th.Posts[0].PlainText() != "Post 1 of the thread" || th.Author.Handle != "ada_builds" {
		t.Errorf("first post %q author %+v", th.Posts[0].PlainText(), th.Author)
	}
	if n := srv.count("/2/tweets/search/recent"); n != 4 {
		t.Errorf("%d search pages, want 4", n)
	}
}

func wrapLookup(h http.Handler, id string, body []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/2/tweets/"+id {
			writeJSON(w, 200, body)
			return
		}
		h.ServeHTTP(w, r)
	})
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}

func TestXAPIOldThreadFullArchive(t *testing.T) {
	srv := fixtureXAPI(t)
	page1 := fixture(t, "xapi_v2_search_recent_page1.json")
	page2 := fixture(t, "xapi_v2_search_recent_page2.json")
	for _, allowed := range []bool{true, false} {
		t.Run(fmt.Sprintf("allowed=%v", allowed), func(t *testing.T) {
			h := srv.Config.Handler
			all := 0
			srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/2/tweets/search/all" {
					h.ServeHTTP(w, r)
					return
				}
				all++
				if !allowed {
					writeJSON(w, 403, fixture(t, "xapi_v2_error_403_client_forbidden.json"))
				} else if r.URL.Query().Get("next_token") != "" {
					writeJSON(w, 200, page2)
				} else {
					writeJSON(w, 200, page1)
				}
			})
			defer func() { srv.Config.Handler = h }()
			im, _ := testImporter(t, Config{XAPIBase: srv.URL, BearerToken: "good"})
			im.now = func() time.Time { return time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC) }
			th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: idT1})
			if err != nil {
				t.Fatal(err)
			}
			if allowed {
				checkFixtureThread(t, th, "xapi")
				if all != 2 || len(warns) != 0 {
					t.Errorf("%d full-archive pages, warnings %v", all, warns)
				}
				return
			}
			// No full archive: only the walk up from the given post.
			if !equalStrings(postIDs(th), []string{idT1}) || !hasWarning(warns, carousel.WarnPartial, idT1) {
				t.Errorf("posts %v warnings %v", postIDs(th), warns)
			}
			// The 403 is remembered: no second full-archive request.
			im.Import(context.Background(), carousel.ImportRequest{Source: idT1})
			if all != 1 {
				t.Errorf("%d full-archive requests, want 1", all)
			}
		})
	}
}
