// SPDX-License-Identifier: MIT

package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/store"
	"github.com/carouselstudio/carousel/web"
)

// A 10 MB paste is refused at once with the limit named, long before a
// core would be held for minutes.
func TestHugePasteRefused(t *testing.T) {
	e := newEnv(t)
	paste := strings.Repeat("All work and no play makes a very long post. ", 10<<20/46)
	start := time.Now()
	res, b := e.do("POST", "/api/projects", map[string]string{"source": paste})
	elapsed := time.Since(start)
	msg := wantError(t, res, b, 413, carousel.ETOOLARGE)
	if !strings.Contains(msg, "500000 characters") {
		t.Errorf("message %q", msg)
	}
	t.Logf("refused in %v", elapsed)
	// One post over the per-post limit is named.
	res, b = e.do("POST", "/api/projects", map[string]string{"source": strings.Repeat("word ", 25_000)})
	if msg := wantError(t, res, b, 413, carousel.ETOOLARGE); !strings.Contains(msg, "posts[0]") {
		t.Errorf("message %q", msg)
	}
}

// A create whose client goes away stops: its render turn comes back, so
// the next request is served at once instead of waiting.
func TestCancelledCreateFreesItsTurn(t *testing.T) {
	e := newEnv(t, func(s *web.Server) { s.MaxRenders = 1; s.RenderWait = 200 * time.Millisecond })
	var paste strings.Builder
	paste.WriteString("A long essay, pasted whole\n\n")
	for paste.Len() < 90_000 {
		paste.WriteString("The quick brown fox jumps over the lazy dog while writers share long threads about products ")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	body := strings.NewReader(`{"source":` + quoteJSON(paste.String()) + `}`)
	req, _ := http.NewRequestWithContext(ctx, "POST", e.srv.URL+"/api/projects", body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", e.csrf)
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Skip("the create finished before the client left; nothing to cancel")
	}
	// Within a second of the client leaving, the turn is free again.
	deadline := time.Now().Add(time.Second)
	for {
		res, b := e.do("POST", "/api/projects", map[string]string{"source": pastedThread})
		if res.StatusCode == http.StatusCreated {
			break
		}
		if res.StatusCode != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("after the client left: %d %s", res.StatusCode, b)
		}
	}
}

func quoteJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// uploadDirEntries lists the archive folders left in dir.
func uploadDirEntries(t *testing.T, dir string) []string {
	entries, _ := os.ReadDir(dir)
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "carousel-archive-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func zipBytes(t *testing.T, files map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for n, c := range files {
		w, _ := zw.Create(n)
		w.Write([]byte(c))
	}
	zw.Close()
	return b.Bytes()
}

// Failed archive uploads leave nothing behind; kept ones are capped and
// an earlier run's are cleaned at start-up.
func TestArchiveUploadsCleanedUp(t *testing.T) {
	dir := t.TempDir()
	stale := filepath.Join(dir, "carousel-archive-stale")
	os.MkdirAll(stale, 0o700)
	os.WriteFile(filepath.Join(stale, "archive.zip"), []byte("PK"), 0o600)
	e := newEnv(t, func(s *web.Server) { s.UploadDir = dir; s.MaxUpload = 8 << 10 })
	if left := uploadDirEntries(t, dir); len(left) != 0 {
		t.Fatalf("start-up left %v", left)
	}
	for name, data := range map[string][]byte{
		"junk zip":           append([]byte("PK\x03\x04"), bytes.Repeat([]byte{7}, 40<<10)...),
		"zip without tweets": zipBytes(t, map[string]string{"data/other.js": "x"}),
		"broken tweets.js":   []byte("window.YTD.tweets.part0 = [ {"),
		"no thread":          []byte(`window.YTD.tweets.part0 = []`),
	} {
		body, ct := multipartBody(t, "archive", "a.zip", data)
		res, b := e.do("POST", "/api/projects", body, "Content-Type", ct)
		if res.StatusCode < 400 || res.StatusCode >= 500 {
			t.Errorf("%s: %d %s", name, res.StatusCode, b)
		}
		if left := uploadDirEntries(t, dir); len(left) != 0 {
			t.Errorf("%s: the failed upload left %v", name, left)
		}
	}
	// Archives with several threads stay to be picked from, up to 30×MaxUpload in all.
	var many strings.Builder
	many.WriteString("window.YTD.tweets.part0 = [")
	for i := range 2 {
		if i > 0 {
			many.WriteString(",")
		}
		id := string(rune('1' + i))
		many.WriteString(`{"tweet":{"id_str":"` + id + `0","full_text":"head ` + id + `","created_at":"Mon Jan 06 10:00:00 +0000 2025"}},{"tweet":{"id_str":"` + id + `1","full_text":"reply","created_at":"Mon Jan 06 10:01:00 +0000 2025","in_reply_to_status_id_str":"` + id + `0","in_reply_to_user_id_str":"9","in_reply_to_screen_name":"me"}}`)
	}
	many.WriteString("]")
	pad := strings.Repeat(" ", 70<<10) // each upload about 70 KB; the cap is 240 KB
	for range 6 {
		body, ct := multipartBody(t, "archive", "tweets.js", []byte(many.String()+pad))
		res, b := e.do("POST", "/api/projects", body, "Content-Type", ct)
		if res.StatusCode != 200 {
			t.Fatalf("pick list: %d %s", res.StatusCode, b)
		}
	}
	if left := uploadDirEntries(t, dir); len(left) != 3 {
		t.Errorf("%d archives kept, want 3 (the cap of 240 KB)", len(left))
	}
}

// A body sent a byte every few hundred milliseconds is cut off; the
// connection does not stay open.
func TestSlowBodyCutOff(t *testing.T) {
	e := newEnv(t, func(s *web.Server) { s.BodyTimeout = 300 * time.Millisecond })
	conn, err := net.Dial("tcp", strings.TrimPrefix(e.srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "POST /api/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-CSRF-Token: "+e.csrf+"\r\nContent-Length: 1000\r\n\r\n{")
	start := time.Now()
	closed := make(chan []byte)
	go func() {
		b, _ := io.ReadAll(conn)
		closed <- b
	}()
	for i := 0; i < 30; i++ {
		select {
		case b := <-closed:
			if time.Since(start) > 2*time.Second {
				t.Errorf("cut off after %v", time.Since(start))
			}
			if len(b) > 0 && !bytes.Contains(b, []byte("too slowly")) && !bytes.Contains(b, []byte(" 400 ")) {
				t.Errorf("answer %q", b)
			}
			return
		case <-time.After(100 * time.Millisecond):
			conn.Write([]byte(" "))
		}
	}
	t.Fatal("the trickling body was not cut off within 3 s")
}

// A full database answers 507 with words that say so.
func TestStorageFullIs507(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "full.db")+"?_pragma=max_page_count(120)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := &web.Server{Projects: db, Profiles: db, Presets: db, Assets: db, Render: sharedEngine(t),
		Import: importer.New(importer.Config{FxTwitterBase: "-", SyndicationBase: "-", CacheDir: t.TempDir()}),
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	e := &testEnv{t: t, srv: srv, web: s, db: db}
	var tok struct{ Token string }
	e.getJSON("/api/csrf", &tok)
	e.csrf = tok.Token
	img := image.NewNRGBA(image.Rect(0, 0, 700, 700))
	rand.Read(img.Pix)
	var b bytes.Buffer
	png.Encode(&b, img)
	body, ct := multipartBody(t, "file", "noise.png", b.Bytes())
	res, out := e.do("POST", "/api/assets", body, "Content-Type", ct)
	if msg := wantError(t, res, out, 507, carousel.ESTORAGEFULL); !strings.Contains(msg, "full") {
		t.Errorf("message %q", msg)
	}
}

// JSON bodies may start with a byte-order mark.
func TestJSONWithBOM(t *testing.T) {
	e := newEnv(t)
	res, b := e.do("POST", "/api/profiles", []byte("\ufeff"+`{"name":"With BOM"}`))
	if res.StatusCode != 201 {
		t.Fatalf("%d %s", res.StatusCode, b)
	}
}
