// SPDX-License-Identifier: MIT

package web_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"github.com/carouselstudio/carousel"
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
