// SPDX-License-Identifier: MIT

package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// Fixture ids (testdata/_ids.json).
const (
	idAuthor = "1402902230704758801"
	idT1     = "1896938704883293194"
	idT2     = "1896938988359492631"
	idT3     = "1896939353989634051"
	idT4     = "1896939671011779612"
	idQ      = "1892506983119176353"
	idA1     = "1896941832496157701"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fakeServer replays answers and counts requests per path.
type fakeServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	reqs []*http.Request
}

func newFakeServer(t testing.TB, h func(w http.ResponseWriter, r *http.Request)) *fakeServer {
	fs := &fakeServer{hits: map[string]int{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		fs.hits[r.URL.Path]++
		fs.reqs = append(fs.reqs, r)
		fs.mu.Unlock()
		h(w, r)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *fakeServer) count(path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.hits[path]
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

// testImporter is an importer against fake servers that never really
// sleeps; sleeps are recorded.
type sleepLog struct {
	mu     sync.Mutex
	sleeps []time.Duration
}

func testImporter(t testing.TB, cfg Config) (*Importer, *sleepLog) {
	if cfg.FxTwitterBase == "" {
		cfg.FxTwitterBase = "-"
	}
	if cfg.SyndicationBase == "" {
		cfg.SyndicationBase = "-"
	}
	if cfg.CacheDir == "" {
		cfg.CacheDir = t.TempDir()
	}
	cfg.RetryBackoff = time.Millisecond
	im := New(cfg)
	log := &sleepLog{}
	im.sleep = func(ctx context.Context, d time.Duration) error {
		log.mu.Lock()
		log.sleeps = append(log.sleeps, d)
		log.mu.Unlock()
		return ctx.Err()
	}
	// The fixture thread is from 2025-03-04: "now" is the next day.
	im.now = func() time.Time { return time.Date(2025, 3, 5, 12, 0, 0, 0, time.UTC) }
	return im, log
}

func postIDs(th *carousel.Thread) []string {
	var ids []string
	for _, p := range th.Posts {
		ids = append(ids, p.ID)
	}
	return ids
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func hasWarning(ws []carousel.Warning, code, post string) bool {
	for _, w := range ws {
		if w.Code == code && (post == "" || w.Post == post) {
			return true
		}
	}
	return false
}

func mustCode(t *testing.T, err error, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %s", code)
	}
	if got := carousel.ErrorCode(err); got != code {
		t.Fatalf("error code %s (%v), want %s", got, err, code)
	}
	if msg := carousel.ErrorMessage(err); strings.Contains(msg, "\n") || strings.Contains(msg, "goroutine") {
		t.Fatalf("message is not one clean line: %q", msg)
	}
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkFixtureThread checks the 4-post fixture thread, whatever the source.
func checkFixtureThread(t *testing.T, th *carousel.Thread, source string) {
	t.Helper()
	if th.Source != source {
		t.Errorf("source %q, want %q", th.Source, source)
	}
	if want := []string{idT1, idT2, idT3, idT4}; !equalStrings(postIDs(th), want) {
		t.Fatalf("posts %v, want %v", postIDs(th), want)
	}
	if th.URL != "https://x.com/ada_builds/status/"+idT1 {
		t.Errorf("thread URL %q", th.URL)
	}
	if th.Author.Handle != "ada_builds" || th.Author.Name != "Ada Builds 🛠️" {
		t.Errorf("author %+v", th.Author)
	}
	if source != "archive" && !strings.Contains(th.Author.Avatar, "_400x400") {
		t.Errorf("avatar %q not enlarged", th.Author.Avatar)
	}
	p1 := th.Posts[0]
	if got := p1.PlainText(); got != "How we cut our CI build times by 80% 🚀\n\nA thread 🧵 1/4" {
		t.Errorf("T1 text %q (media link must go)", got)
	}
	// Archives carry no alt text.
	if len(p1.Media) != 1 || (source != "archive" && p1.Media[0].Alt != "Bar chart: CI build time dropped from 41 to 8 minutes") || p1.Media[0].Type != carousel.MediaPhoto {
		t.Errorf("T1 media %+v", p1.Media)
	} else if source != "archive" && (p1.Media[0].Src != "https://pbs.twimg.com/media/GlK2tQxWgAAbC1d.jpg?name=orig" || p1.Media[0].Width != 1600) {
		t.Errorf("T1 media %+v", p1.Media[0])
	}
	var link *carousel.Span
	for i, s := range th.Posts[1].Blocks[0].Spans {
		if s.Entity == carousel.EntityURL {
			link = &th.Posts[1].Blocks[0].Spans[i]
		}
	}
	if link == nil || link.Link != "https://example.com/blog/edge-cache" || link.Text != "example.com/blog/edge-cache" {
		t.Errorf("T2 link %+v", link)
	}
	if got := th.Posts[3].PlainText(); got != "4/4 That's it! The benchmark that started all this is quoted below 👇" {
		t.Errorf("T4 text %q (quote link must go)", got)
	}
	// Every source gives each post's language (lang "en" in the fixtures).
	for _, p := range th.Posts {
		if p.Lang != "en" {
			t.Errorf("post %s: language %q, want en", p.ID, p.Lang)
		}
	}
}

func checkQuote(t *testing.T, th *carousel.Thread) {
	t.Helper()
	q := th.Posts[3].Quote
	if q == nil || q.ID != idQ || q.Author == nil || q.Author.Handle != "perf_lab" || !strings.HasPrefix(q.PlainText(), "Benchmarked 12 CI providers") {
		t.Errorf("T4 quote %+v", q)
	} else if q.Lang != "en" {
		t.Errorf("T4 quote: language %q, want en", q.Lang)
	}
}

// checkLongPost checks T3's full note text, its entities and its styles.
func checkLongPost(t *testing.T, p carousel.Post, styled bool) {
	t.Helper()
	text := p.PlainText()
	if !strings.HasSuffix(text, "#DevOps\n\nQ&A welcome below.") || p.Truncated {
		t.Errorf("T3 text %q truncated=%v", text, p.Truncated)
	}
	var mention, hashtag, bold, italic bool
	for _, b := range p.Blocks {
		for _, s := range b.Spans {
			mention = mention || (s.Entity == carousel.EntityMention && s.Text == "@ci_robot")
			hashtag = hashtag || (s.Entity == carousel.EntityHashtag && s.Text == "#DevOps" && s.Link == "https://x.com/hashtag/DevOps")
			bold = bold || (s.Bold && strings.HasPrefix(s.Text, "p95 wall time"))
			italic = italic || (s.Italic && s.Text == "historical runtime")
		}
	}
	if !mention || !hashtag {
		t.Errorf("T3 entities missing: mention %v hashtag %v: %+v", mention, hashtag, p.Blocks)
	}
	if styled && (!bold || !italic) {
		t.Errorf("T3 styles missing: bold %v italic %v: %+v", bold, italic, p.Blocks)
	}
}

// bytesOpener serves data as every data file of an archive.
func bytesOpener(data []byte) func(string) (io.ReadCloser, error) {
	return func(string) (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }
}
