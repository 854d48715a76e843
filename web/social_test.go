// SPDX-License-Identifier: MIT

package web_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/web"
)

// A Mastodon archive is recognised from its bytes, whatever its name: the
// .tar.gz of Mastodon before 4.1, or outbox.json alone.
func TestMastodonArchiveUpload(t *testing.T) {
	outbox, err := os.ReadFile("../importer/testdata/mastodon_archive_outbox.json")
	if err != nil {
		t.Fatal(err)
	}
	var tgz bytes.Buffer
	gz := gzip.NewWriter(&tgz)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: "outbox.json", Mode: 0o444, Size: int64(len(outbox)), Typeflag: tar.TypeReg})
	tw.Write(outbox)
	tw.Close()
	gz.Close()
	for name, data := range map[string][]byte{"archive-20250306.tar.gz": tgz.Bytes(), "export.json": outbox} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t)
			body, ct := multipartBody(t, "archive", name, data)
			res, b := e.do("POST", "/api/projects", body, "Content-Type", ct)
			if res.StatusCode != 200 {
				t.Fatalf("upload: %d %s", res.StatusCode, b)
			}
			var pick struct {
				Archive string
				Threads []carousel.ThreadSummary
			}
			if err := json.Unmarshal(b, &pick); err != nil || pick.Archive == "" || len(pick.Threads) != 2 {
				t.Fatalf("pick: %s", b)
			}
			c := e.create(map[string]string{"archive": pick.Archive, "post": pick.Threads[1].ID})
			p := e.project(c.ID)
			if len(p.Thread.Posts) != 4 || p.Thread.Source != "mastodon-archive" || p.Thread.Author.Handle != "ada@mastodon.example" {
				t.Errorf("thread: %d posts from %q by %+v", len(p.Thread.Posts), p.Thread.Source, p.Thread.Author)
			}
		})
	}
}

// The studio's one input box takes a Bluesky address like an X one, and
// says which addresses it takes when given another.
func TestCreateFromBlueskyURL(t *testing.T) {
	const did = "did:plc:ada7vq3xjcbqzwhl2kvf5r3p"
	post := func(rkey, text, parent string) string {
		reply := ""
		if parent != "" {
			ref := `{"uri":"at://` + did + `/app.bsky.feed.post/` + parent + `","cid":"bafyreip"}`
			reply = `,"reply":{"parent":` + ref + `,"root":` + ref + `}`
		}
		return `{"uri":"at://` + did + `/app.bsky.feed.post/` + rkey + `","cid":"bafyrei","author":{"did":"` + did + `","handle":"ada.bsky.social","displayName":"Ada"},` +
			`"record":{"$type":"app.bsky.feed.post","createdAt":"2025-03-04T09:00:00.000Z","text":"` + text + `"` + reply + `},"replyCount":0,"indexedAt":"2025-03-04T09:00:01.000Z"}`
	}
	appview := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/xrpc/app.bsky.feed.getPostThread" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(`{"thread":{"$type":"app.bsky.feed.defs#threadViewPost","post":` + post("3lbzq2kcsxk22", "Second post", "3lbzq2kcsxk21") +
			`,"parent":{"$type":"app.bsky.feed.defs#threadViewPost","post":` + post("3lbzq2kcsxk21", "First post", "") + `},"replies":[]}}`))
	}))
	defer appview.Close()
	e := newEnv(t, func(s *web.Server) {
		s.Import = importer.New(importer.Config{FxTwitterBase: "-", SyndicationBase: "-", BlueskyBase: appview.URL, CacheDir: t.TempDir()})
	})
	c := e.create(map[string]string{"source": "https://bsky.app/profile/" + did + "/post/3lbzq2kcsxk22"})
	p := e.project(c.ID)
	if p.Thread.Source != "bluesky" || len(p.Thread.Posts) != 2 || p.Title != "First post" {
		t.Errorf("project %q from %q with %d posts", p.Title, p.Thread.Source, len(p.Thread.Posts))
	}
	res, b := e.do("POST", "/api/projects", map[string]string{"source": "https://example.com/blog/post"})
	if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, "Bluesky") || !strings.Contains(msg, "Mastodon") {
		t.Errorf("message %q", msg)
	}
}
