// SPDX-License-Identifier: MIT

package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

// bskyThreadView is a two-post thread as getPostThread gives it from its
// last post.
func bskyThreadView(did string) string {
	post := func(rkey, text, parent string) string {
		reply := ""
		if parent != "" {
			ref := `{"uri":"at://` + did + `/app.bsky.feed.post/` + parent + `","cid":"bafyreip"}`
			reply = `,"reply":{"parent":` + ref + `,"root":` + ref + `}`
		}
		return `{"uri":"at://` + did + `/app.bsky.feed.post/` + rkey + `","cid":"bafyrei` + rkey + `","author":{"did":"` + did + `","handle":"ada.bsky.social","displayName":"Ada","labels":[]},` +
			`"record":{"$type":"app.bsky.feed.post","createdAt":"2025-03-04T09:0` + rkey[len(rkey)-1:] + `:00.000Z","text":"` + text + `"` + reply + `},"replyCount":1,"indexedAt":"2025-03-04T09:00:01.000Z","labels":[]}`
	}
	return `{"thread":{"$type":"app.bsky.feed.defs#threadViewPost","post":` + post("3lbzq2kcsxk22", "Second post", "3lbzq2kcsxk21") +
		`,"parent":{"$type":"app.bsky.feed.defs#threadViewPost","post":` + post("3lbzq2kcsxk21", "First post of a Bluesky thread", "") + `},"replies":[]}}`
}

func TestImportBlueskyAndMastodonURLs(t *testing.T) {
	const did = "did:plc:ada7vq3xjcbqzwhl2kvf5r3p"
	appview := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/xrpc/com.atproto.identity.resolveHandle":
			fmt.Fprintf(w, `{"did":%q}`, did)
		case "/xrpc/app.bsky.feed.getPostThread":
			w.Write([]byte(bskyThreadView(did)))
		default:
			http.NotFound(w, r)
		}
	}))
	defer appview.Close()
	var mastodon *httptest.Server
	mastodon = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		status := func(id, parent, text string) string {
			reply, replyAccount := `null`, `null`
			if parent != "" {
				reply, replyAccount = `"`+parent+`"`, `"1"`
			}
			return `{"id":"` + id + `","created_at":"2025-03-04T09:00:00.000Z","in_reply_to_id":` + reply + `,"in_reply_to_account_id":` + replyAccount +
				`,"spoiler_text":"","url":"` + mastodon.URL + `/@ada/` + id + `","content":"<p>` + text + `</p>","account":{"id":"1","username":"ada","acct":"ada","display_name":"Ada"},"media_attachments":[]}`
		}
		switch r.URL.Path {
		case "/api/v1/statuses/114102331875501235":
			w.Write([]byte(status("114102331875501235", "114102331875501234", "Second toot")))
		case "/api/v1/statuses/114102331875501235/context":
			w.Write([]byte(`{"ancestors":[` + status("114102331875501234", "", "First toot of a Mastodon thread") + `],"descendants":[]}`))
		case "/api/v1/statuses/114102331875501234/context":
			w.Write([]byte(`{"ancestors":[],"descendants":[` + status("114102331875501235", "114102331875501234", "Second toot") + `]}`))
		default:
			w.WriteHeader(404)
			w.Write([]byte(`{"error":"Record not found"}`))
		}
	}))
	defer mastodon.Close()
	t.Setenv("CAROUSEL_BLUESKY_BASE", appview.URL)
	t.Setenv("CAROUSEL_ALLOW_PRIVATE_NETWORK", "1") // the fake server is on a loopback address
	dir := t.TempDir()
	for _, tc := range []struct {
		url, source, first string
	}{
		{"https://bsky.app/profile/ada.bsky.social/post/3lbzq2kcsxk22", "bluesky", "First post of a Bluesky thread"},
		{mastodon.URL + "/@ada/114102331875501235", "mastodon", "First toot of a Mastodon thread"},
	} {
		t.Run(tc.source, func(t *testing.T) {
			out := filepath.Join(dir, tc.source+".json")
			code, _, stderr := carouselCmd(t, "import", tc.url, "-o", out)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			data, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			th, err := carousel.ReadThread(data)
			if err != nil {
				t.Fatal(err)
			}
			if th.Source != tc.source || len(th.Posts) != 2 || th.Posts[0].PlainText() != tc.first {
				t.Errorf("thread from %q with %d posts, first %q", th.Source, len(th.Posts), th.Posts[0].PlainText())
			}
			// render takes the same addresses.
			pdf := filepath.Join(dir, tc.source+".pdf")
			if code, _, stderr := carouselCmd(t, "render", tc.url, "-o", pdf); code != 0 {
				t.Fatalf("render: exit %d: %s", code, stderr)
			}
			if pages := pdfPages(t, pdf); pages < 2 {
				t.Errorf("%d pages", pages)
			}
		})
	}
}

func TestImportMastodonArchiveAndThreads(t *testing.T) {
	outbox, err := os.ReadFile("../../importer/testdata/mastodon_archive_outbox.json")
	if err != nil {
		t.Fatal(err)
	}
	// An outbox.json under another name is still recognised by its content.
	path := filepath.Join(t.TempDir(), "my-export.json")
	if err := os.WriteFile(path, outbox, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := carouselCmd(t, "import", path, "--list")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if lines := strings.Split(strings.TrimSpace(stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[1], "114102331875500001\t4 posts\t") {
		t.Errorf("list:\n%s", stdout)
	}
	out := filepath.Join(t.TempDir(), "thread.json")
	code, _, stderr = carouselCmd(t, "import", path, "--post", "114102331875500001", "-o", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var th carousel.Thread
	data, _ := os.ReadFile(out)
	if err := json.Unmarshal(data, &th); err != nil || len(th.Posts) != 4 || th.Source != "mastodon-archive" {
		t.Errorf("thread %s", data)
	}
	// The archive's video has no still image: the command says so.
	if !strings.Contains(stderr, "video") {
		t.Errorf("stderr %q", stderr)
	}

	t.Setenv("CAROUSEL_THREADS_TOKEN", "")
	code, _, stderr = carouselCmd(t, "import", "https://www.threads.net/@ada.builds/post/C8xYz12AbCd", "-o", out)
	if code != 1 || !strings.Contains(stderr, "CAROUSEL_THREADS_TOKEN") || strings.Count(stderr, "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
