// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// fakeThreads answers the Threads Graph API (v1.0) for one user's token:
// /me, /me/threads and /me/replies (newest first, paged by cursors),
// /{id}, and /{id}/conversation (every reply under a root, oldest first
// with reverse=false). Errors have the Graph API's shape.
type fakeThreads struct {
	t       testing.TB
	mu      sync.Mutex
	media   map[string]map[string]any
	mine    []string // root posts, newest first
	replies []string // the user's replies, newest first
	conv    map[string][]string
	srv     *fakeServer
	mode    string // "", "limited"
	pages   int
}

const threadsToken = "THAAGood-token"

func newFakeThreads(t testing.TB) *fakeThreads {
	ft := &fakeThreads{t: t, media: map[string]map[string]any{}, conv: map[string][]string{}}
	ft.srv = newFakeServer(t, ft.serve)
	return ft
}

var cdnRE = regexp.MustCompile(`https://scontent[a-z0-9-]*\.cdninstagram\.com`)

// cdn points Threads' image addresses at the fake server's /cdn/, which
// serves them as Threads' CDN does: without sign-in.
func (ft *fakeThreads) cdn(b []byte) []byte {
	return cdnRE.ReplaceAll(b, []byte(ft.srv.URL+"/cdn"))
}

func (ft *fakeThreads) serve(w http.ResponseWriter, r *http.Request) {
	ft.mu.Lock()
	defer ft.mu.Unlock()
	if strings.HasPrefix(r.URL.Path, "/cdn/") {
		if strings.Contains(r.URL.Path, "expired") {
			http.Error(w, "URL signature expired", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		w.Write(tinyPNG(ft.t, 12, 8))
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+threadsToken {
		writeJSON(w, 400, fixture(ft.t, "threads_error_190.json"))
		return
	}
	if ft.mode == "limited" {
		writeJSON(w, 403, fixture(ft.t, "threads_error_4.json"))
		return
	}
	path, ok := strings.CutPrefix(r.URL.Path, "/v1.0/")
	if !ok || r.URL.Query().Get("access_token") != "" {
		writeJSON(w, 400, fixture(ft.t, "threads_error_100.json"))
		return
	}
	q := r.URL.Query()
	switch {
	case path == "me":
		writeJSON(w, 200, ft.cdn(fixture(ft.t, "threads_me.json")))
	case path == "me/threads":
		ft.page(w, q, ft.mine)
	case path == "me/replies":
		ft.page(w, q, ft.replies)
	case strings.HasSuffix(path, "/conversation"):
		id := strings.TrimSuffix(path, "/conversation")
		if _, ok := ft.media[id]; !ok {
			writeJSON(w, 400, fixture(ft.t, "threads_error_100.json"))
			return
		}
		list := ft.conv[id]
		if q.Get("reverse") != "false" {
			rev := make([]string, len(list))
			for i, v := range list {
				rev[len(list)-1-i] = v
			}
			list = rev
		}
		ft.page(w, q, list)
	default:
		m, ok := ft.media[path]
		if !ok {
			writeJSON(w, 400, fixture(ft.t, "threads_error_100.json"))
			return
		}
		writeJSON(w, 200, ft.cdn(mustJSON(ft.t, m)))
	}
}

// page answers one page of ids, 25 at most whatever the limit asked:
// the importer must follow the cursors.
func (ft *fakeThreads) page(w http.ResponseWriter, q map[string][]string, ids []string) {
	ft.pages++
	start := 0
	if after := firstOf(q["after"]); after != "" {
		start, _ = strconv.Atoi(strings.TrimPrefix(after, "cursor"))
	}
	limit, _ := strconv.Atoi(firstOf(q["limit"]))
	limit = min(max(limit, 1), 25)
	end := min(start+limit, len(ids))
	data := []any{}
	for _, id := range ids[min(start, len(ids)):end] {
		data = append(data, ft.media[id])
	}
	body := map[string]any{"data": data}
	if end < len(ids) {
		body["paging"] = map[string]any{"cursors": map[string]string{"before": fmt.Sprintf("cursor%d", start), "after": fmt.Sprintf("cursor%d", end)},
			"next": ft.srv.URL + "/v1.0/me/threads?after=" + fmt.Sprintf("cursor%d", end)}
	} else if len(data) > 0 {
		body["paging"] = map[string]any{"cursors": map[string]string{"before": fmt.Sprintf("cursor%d", start), "after": fmt.Sprintf("cursor%d", end)}}
	}
	writeJSON(w, 200, ft.cdn(mustJSON(ft.t, body)))
}

func firstOf(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func (ft *fakeThreads) post(id, user, text string, at time.Time, root, parent string) map[string]any {
	code := "DG" + id[len(id)-9:]
	m := map[string]any{"id": id, "media_product_type": "THREADS", "media_type": "TEXT_POST", "username": user, "text": text,
		"permalink": "https://www.threads.net/@" + user + "/post/" + code, "shortcode": code,
		"timestamp": at.Format("2006-01-02T15:04:05-0700"), "is_quote_post": false, "has_replies": false}
	if root != "" {
		m["is_reply"] = true
		m["root_post"] = map[string]string{"id": root}
		m["replied_to"] = map[string]string{"id": parent}
		ft.conv[root] = append(ft.conv[root], id)
	}
	ft.media[id] = m
	return m
}

// thread makes Ada's 6-post thread, with Bob's reply and Ada's answer to
// him, 40 older posts of Ada's before it so that it is on a later page,
// and a quote of her own post. It returns the thread's ids.
func (ft *fakeThreads) thread() []string {
	var root map[string]any
	if err := json.Unmarshal(fixture(ft.t, "threads_media_root.json"), &root); err != nil {
		ft.t.Fatal(err)
	}
	rootID := root["id"].(string)
	ft.media[rootID] = root
	base := time.Date(2025, 3, 4, 9, 0, 0, 0, time.UTC)
	ids := []string{rootID}
	for i := 2; i <= 6; i++ {
		id := fmt.Sprintf("180423118755010%02d", i)
		ft.post(id, "ada.builds", fmt.Sprintf("%d/ Part %d of the thread.", i, i), base.Add(time.Duration(i)*time.Minute), rootID, ids[len(ids)-1])
		ids = append(ids, id)
		if i == 3 {
			bob := ft.post("18042311875502003", "bob.dev.ops", "Which cache?", base.Add(3*time.Minute+20*time.Second), rootID, id)
			_ = bob
			ft.post("18042311875503003", "ada.builds", "@bob.dev.ops the remote one", base.Add(3*time.Minute+40*time.Second), rootID, "18042311875502003")
		}
	}
	ft.media[ids[3]]["media_type"] = "IMAGE"
	ft.media[ids[3]]["media_url"] = "https://scontent.cdninstagram.com/v/t51.29350-15/expired-photo.jpg"
	ft.media[ids[3]]["alt_text"] = "A pipeline diagram"
	ft.media[ids[4]]["is_quote_post"] = true
	ft.media[ids[4]]["quoted_post"] = map[string]string{"id": "18042300000000001"}
	ft.post("18042300000000001", "ada.builds", "My older post about caches.", base.Add(-48*time.Hour), "", "")
	ft.media[ids[5]]["link_attachment_url"] = "https://example.com/blog/ci"
	// The user's posts, newest first: 40 later posts, the thread's root,
	// then the quoted one.
	for i := 0; i < 40; i++ {
		id := fmt.Sprintf("1804231187560%04d", i)
		ft.post(id, "ada.builds", "Later post", base.Add(time.Duration(48-i)*time.Hour), "", "")
		ft.mine = append(ft.mine, id)
	}
	ft.mine = append(ft.mine, rootID, "18042300000000001")
	for i := len(ft.conv[rootID]) - 1; i >= 0; i-- {
		if id := ft.conv[rootID][i]; ft.media[id]["username"] == "ada.builds" {
			ft.replies = append(ft.replies, id)
		}
	}
	return ids
}

func (ft *fakeThreads) importer(t *testing.T, token string) *Importer {
	store := &assetStore{}
	im, _ := testImporter(t, Config{ThreadsAPIBase: ft.srv.URL + "/v1.0", Accounts: StaticTokens{"threads": token}, StoreMedia: store.put})
	host := strings.TrimPrefix(ft.srv.URL, "http://")
	im.dialAllows = func(addr string) bool { return addr == host } // the fake CDN is on loopback
	return im
}

func TestThreadsOwnThread(t *testing.T) {
	ft := newFakeThreads(t)
	ids := ft.thread()
	for _, entry := range []int{0, 3, 5} {
		t.Run(fmt.Sprintf("from post %d", entry+1), func(t *testing.T) {
			im := ft.importer(t, threadsToken)
			url := ft.media[ids[entry]]["permalink"].(string)
			th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Source: url})
			if err != nil {
				t.Fatal(err)
			}
			if !equalStrings(postIDs(th), ids) {
				t.Fatalf("posts %v, want %v", postIDs(th), ids)
			}
			// Images are kept, for their addresses expire; one that has
			// expired already stays an address, with a warning.
			if len(warns) != 1 || !hasWarning(warns, carousel.WarnImage, ids[3]) || !strings.Contains(warns[0].Message, "expires") {
				t.Errorf("warnings %v", warns)
			}
			if th.Source != "threads" || th.URL != "https://www.threads.net/@ada.builds/post/DGx1AbCdEfG" || th.Author.Handle != "ada.builds" || th.Author.Name != "Ada Builds" || !strings.HasPrefix(th.Author.Avatar, "asset:image/png:") {
				t.Errorf("thread %q %q %+v", th.Source, th.URL, th.Author)
			}
			p1 := th.Posts[0]
			want := []carousel.Span{
				{Text: "How we cut CI by 80% 🚀 with "},
				{Text: "@bob.dev.ops", Link: "https://www.threads.net/@bob.dev.ops", Entity: carousel.EntityMention},
				{Text: " — "},
				{Text: "#DevOps", Link: "https://www.threads.net/search?q=DevOps&serp_type=tags", Entity: carousel.EntityHashtag},
				{Text: "\n"},
				{Text: "https://example.com/blog/ci", Link: "https://example.com/blog/ci", Entity: carousel.EntityURL},
			}
			if len(p1.Blocks) != 1 || string(mustJSON(t, p1.Blocks[0].Spans)) != string(mustJSON(t, want)) {
				t.Errorf("spans\n got %s\nwant %s", mustJSON(t, p1.Blocks), mustJSON(t, want))
			}
			if p1.Created != "2025-03-04T09:00:00Z" {
				t.Errorf("created %q", p1.Created)
			}
			if len(p1.Media) != 2 || p1.Media[0].Alt != "Build minutes per day" || p1.Media[1].Type != carousel.MediaVideo || !strings.HasPrefix(p1.Media[1].Src, "asset:") || !strings.HasPrefix(p1.Media[0].Src, "asset:") {
				t.Errorf("carousel media %+v", p1.Media)
			}
			if m := th.Posts[3].Media; len(m) != 1 || m[0].Alt != "A pipeline diagram" || !strings.HasSuffix(m[0].Src, "/expired-photo.jpg") {
				t.Errorf("post 4 media %+v", m)
			}
			if q := th.Posts[4].Quote; q == nil || q.PlainText() != "My older post about caches." || q.Author == nil || q.Author.Handle != "ada.builds" {
				t.Errorf("quote %+v", q)
			}
			if c := th.Posts[5].Quote; c == nil || c.URL != "https://example.com/blog/ci" {
				t.Errorf("link card %+v", c)
			}
		})
	}
}

func TestThreadsNeedsAccount(t *testing.T) {
	ft := newFakeThreads(t)
	ids := ft.thread()
	url := ft.media[ids[0]]["permalink"].(string)
	ctx := context.Background()

	im, _ := testImporter(t, Config{ThreadsAPIBase: ft.srv.URL + "/v1.0"})
	_, _, err := im.Import(ctx, carousel.ImportRequest{Source: url})
	mustCode(t, err, carousel.EUNAUTHORIZED)
	if msg := carousel.ErrorMessage(err); !strings.Contains(msg, "CAROUSEL_THREADS_TOKEN") || !strings.Contains(msg, "own posts") {
		t.Errorf("message %q", msg)
	}
	if ft.pages != 0 || ft.srv.count("/v1.0/me") != 0 {
		t.Error("Threads was asked without a token")
	}

	_, _, err = ft.importer(t, "expired").Import(ctx, carousel.ImportRequest{Source: url})
	mustCode(t, err, carousel.EUNAUTHORIZED)
	if msg := carousel.ErrorMessage(err); !strings.Contains(msg, "expired") {
		t.Errorf("message %q", msg)
	}

	_, _, err = ft.importer(t, threadsToken).Import(ctx, carousel.ImportRequest{Source: "https://www.threads.net/@bob.dev.ops/post/DGx1AbCdEfG"})
	mustCode(t, err, carousel.EFORBIDDEN)
	if msg := carousel.ErrorMessage(err); !strings.Contains(msg, "@bob.dev.ops") || !strings.Contains(msg, "@ada.builds") {
		t.Errorf("message %q", msg)
	}

	_, _, err = ft.importer(t, threadsToken).Import(ctx, carousel.ImportRequest{Source: "https://www.threads.com/t/DGnotmine99"})
	mustCode(t, err, carousel.ENOTFOUND)

	ft.mode = "limited"
	_, _, err = ft.importer(t, threadsToken).Import(ctx, carousel.ImportRequest{Source: url})
	mustCode(t, err, carousel.ERATELIMIT)
}
