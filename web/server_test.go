// SPDX-License-Identifier: MIT

package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/store"
	"github.com/carouselstudio/carousel/web"
)

const pastedThread = `Five habits of **calm** writing

---

Start with the point. Say the one thing your reader must remember.

---

Cut every word that does no work.

---

Read it aloud before you post.`

var (
	engineOnce sync.Once
	engine     *render.Engine
	engineErr  error
)

// sharedEngine loads fonts once for all tests; the engine is safe for concurrent use.
func sharedEngine(t testing.TB) *render.Engine {
	t.Helper()
	engineOnce.Do(func() {
		engine, engineErr = render.New(render.Options{SystemFontDirs: []string{}})
	})
	if engineErr != nil {
		t.Fatalf("render.New: %v", engineErr)
	}
	return engine
}

// testEnv is a studio server wired with the real store (SQLite in a
// temporary folder), render engine and importer.
type testEnv struct {
	t    testing.TB
	srv  *httptest.Server
	web  *web.Server
	db   *store.DB
	csrf string
	logs *bytes.Buffer
}

func newEnv(t testing.TB, configure ...func(*web.Server)) *testEnv {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "studio.db"))
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	eng := sharedEngine(t)
	imp := importer.New(importer.Config{FxTwitterBase: "-", SyndicationBase: "-", StoreMedia: db.PutAsset, CacheDir: t.TempDir()})
	logs := &bytes.Buffer{}
	s := &web.Server{
		Projects: db, Profiles: db, Presets: db, Assets: db,
		Render: eng, Import: imp,
		Logger:  slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Version: "test",
	}
	for _, c := range configure {
		c(s)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	e := &testEnv{t: t, srv: srv, web: s, db: db, logs: logs}
	var tok struct{ Token string }
	e.getJSON("/api/csrf", &tok)
	e.csrf = tok.Token
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

// do sends a request with the CSRF token. body is JSON-encoded unless it
// is a []byte or an io.Reader.
func (e *testEnv) do(method, path string, body any, header ...string) (*http.Response, []byte) {
	e.t.Helper()
	var r io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		r, ct = bytes.NewReader(b), "application/json"
	case io.Reader:
		r = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			e.t.Fatal(err)
		}
		r, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	if err != nil {
		e.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	req.Header.Set("X-CSRF-Token", e.csrf)
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return res, b
}

func (e *testEnv) getJSON(path string, v any) {
	e.t.Helper()
	res, b := e.do("GET", path, nil)
	if res.StatusCode != 200 {
		e.t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		e.t.Fatalf("GET %s: %v in %s", path, err, b)
	}
}

type created struct {
	ID       string                   `json:"id"`
	Revision int64                    `json:"revision"`
	Slides   []carousel.RenderedSlide `json:"slides"`
	Warnings []carousel.Warning       `json:"warnings"`
}

func (e *testEnv) create(body any) created {
	e.t.Helper()
	res, b := e.do("POST", "/api/projects", body)
	if res.StatusCode != http.StatusCreated {
		e.t.Fatalf("create: %d %s", res.StatusCode, b)
	}
	var c created
	if err := json.Unmarshal(b, &c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *testEnv) project(id string) *carousel.Project {
	e.t.Helper()
	res, b := e.do("GET", "/api/projects/"+id, nil)
	if res.StatusCode != 200 {
		e.t.Fatalf("get project: %d %s", res.StatusCode, b)
	}
	p, err := carousel.ReadProject(b)
	if err != nil {
		e.t.Fatalf("read project: %v", err)
	}
	return p
}

// wantError checks an error answer: its status, code, JSON shape, and
// that nothing internal leaks.
func wantError(t testing.TB, res *http.Response, body []byte, status int, code string) string {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("status %d, want %d: %s", res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q, want JSON", ct)
	}
	var eb struct {
		Error struct{ Code, Message, Field string }
	}
	if err := json.Unmarshal(body, &eb); err != nil {
		t.Fatalf("error body is not JSON: %s", body)
	}
	if eb.Error.Code != code {
		t.Errorf("code %q, want %q (%s)", eb.Error.Code, code, eb.Error.Message)
	}
	if eb.Error.Message == "" {
		t.Error("empty error message")
	}
	for _, leak := range []string{"goroutine ", ".go:", "panic", "runtime."} {
		if strings.Contains(string(body), leak) {
			t.Errorf("error body leaks %q: %s", leak, body)
		}
	}
	return eb.Error.Message + " " + eb.Error.Field
}

func TestCreateProjectFromPastedText(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread, "format": "instagram-square", "language": "en-GB"})
	if c.ID == "" || c.Revision != 1 {
		t.Fatalf("created %+v", c)
	}
	if len(c.Slides) < 4 {
		t.Fatalf("%d slides, want at least one per post", len(c.Slides))
	}
	for i, s := range c.Slides {
		if s.Key == "" {
			t.Errorf("slide %d has no key", i+1)
		}
	}
	p := e.project(c.ID)
	res, _ := e.do("GET", "/api/projects/"+c.ID+"?download=1", nil)
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, ".carousel.json") {
		t.Errorf("project download named %q", cd)
	}
	if len(p.Thread.Posts) != 4 || p.Settings.Format != "instagram-square" || p.Settings.Language != "en-GB" {
		t.Errorf("project: %d posts, format %q, language %q", len(p.Thread.Posts), p.Settings.Format, p.Settings.Language)
	}
	if !strings.HasPrefix(p.Title, "Five habits of") {
		t.Errorf("title %q", p.Title)
	}
	var list struct{ Projects []carousel.ProjectSummary }
	e.getJSON("/api/projects", &list)
	if len(list.Projects) != 1 || list.Projects[0].ID != c.ID {
		t.Errorf("list: %+v", list.Projects)
	}
}

func TestCreateProjectFromTheSample(t *testing.T) {
	e := newEnv(t)
	var c struct {
		ID     string
		Slides []carousel.RenderedSlide
	}
	res, b := e.do("POST", "/api/projects", map[string]any{"sample": true, "theme": "ink"})
	if res.StatusCode != 201 || json.Unmarshal(b, &c) != nil {
		t.Fatalf("create: %d %s", res.StatusCode, b)
	}
	if !bytes.Contains(b, []byte(`"warnings":[`)) {
		t.Errorf("warnings are not a list: %s", b)
	}
	p := e.project(c.ID)
	want := carousel.SampleThread()
	if len(p.Thread.Posts) != len(want.Posts) || p.Title != want.Title() || p.Settings.Theme != "ink" {
		t.Errorf("project: %d posts, title %q, theme %q", len(p.Thread.Posts), p.Title, p.Settings.Theme)
	}
	if len(c.Slides) <= len(want.Posts) {
		t.Errorf("%d slides: the sample's long post should flow onto more", len(c.Slides))
	}
}

func TestCreateProjectErrors(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		body   any
		status int
		code   string
		want   string
	}{
		{"empty source", map[string]string{"source": "  "}, 400, carousel.EINVALID, "source"},
		{"bad JSON", []byte(`{"source": `), 400, carousel.EINVALID, "JSON"},
		{"wrong type names the field", []byte(`{"source": 12}`), 400, carousel.EINVALID, "source"},
		{"unknown field", []byte(`{"sauce": "x"}`), 400, carousel.EINVALID, "sauce"},
		{"unknown format", map[string]string{"source": pastedThread, "format": "fax"}, 400, carousel.EINVALID, "settings.format"},
		{"unknown theme", map[string]string{"source": pastedThread, "theme": "no-such-theme"}, 400, carousel.EINVALID, "theme"},
		{"unknown preset", map[string]string{"source": pastedThread, "preset": "nope"}, 400, carousel.EINVALID, "preset"},
		{"bad language", map[string]string{"source": pastedThread, "language": "English"}, 400, carousel.EINVALID, "settings.language"},
		{"expired archive", map[string]string{"archive": "abc"}, 400, carousel.EINVALID, "archive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, b := e.do("POST", "/api/projects", tt.body)
			msg := wantError(t, res, b, tt.status, tt.code)
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not name %q", msg, tt.want)
			}
		})
	}
	t.Run("not JSON", func(t *testing.T) {
		res, b := e.do("POST", "/api/projects", strings.NewReader("source=x"), "Content-Type", "text/plain")
		wantError(t, res, b, 415, carousel.EUNSUPPORTED)
	})
}

func TestUpdateProject(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread})
	p := e.project(c.ID)

	// Move the last slide first and change the theme: the answer carries
	// the new revision and layout keys.
	p.Slides = append(p.Slides[len(p.Slides)-1:], p.Slides[:len(p.Slides)-1]...)
	p.Settings.Format = "linkedin-square"
	res, b := e.do("PUT", "/api/projects/"+c.ID, p)
	if res.StatusCode != 200 {
		t.Fatalf("PUT: %d %s", res.StatusCode, b)
	}
	var l struct {
		Revision int64
		Slides   []carousel.RenderedSlide
	}
	json.Unmarshal(b, &l)
	if l.Revision != 2 || len(l.Slides) == 0 {
		t.Fatalf("PUT answered %s", b)
	}
	if l.Slides[0].Key == c.Slides[0].Key {
		t.Error("slide 1 kept its key after the format changed")
	}

	t.Run("stale revision is 409 and changes nothing", func(t *testing.T) {
		stale := *p // revision 1
		stale.Title = "changed by a stale tab"
		res, b := e.do("PUT", "/api/projects/"+c.ID, &stale)
		wantError(t, res, b, 409, carousel.ECONFLICT)
		got := e.project(c.ID)
		if got.Revision != 2 || got.Title == stale.Title {
			t.Errorf("after the stale PUT: revision %d, title %q", got.Revision, got.Title)
		}
	})
	for _, tt := range []struct {
		name   string
		edit   func(p *carousel.Project)
		status int
		field  string
	}{
		{"unknown post", func(p *carousel.Project) { p.Slides[0].Items = []carousel.Item{{Post: "99"}} }, 400, "slides[0].items[0].post"},
		{"bad size", func(p *carousel.Project) { p.Settings.Typography.TitleSize = 500 }, 400, "settings.typography.titleSize"},
		{"unknown template", func(p *carousel.Project) { p.Settings.Template = "zigzag" }, 400, "template"},
		{"other project's id", func(p *carousel.Project) { p.ID = "other" }, 400, "id"},
		{"no revision", func(p *carousel.Project) { p.Revision = 0 }, 400, "revision"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := e.project(c.ID)
			tt.edit(q)
			res, b := e.do("PUT", "/api/projects/"+c.ID, q)
			msg := wantError(t, res, b, tt.status, carousel.EINVALID)
			if !strings.Contains(msg, tt.field) {
				t.Errorf("message %q does not name %q", msg, tt.field)
			}
		})
	}
	t.Run("unknown project", func(t *testing.T) {
		q := e.project(c.ID)
		q.ID = ""
		res, b := e.do("PUT", "/api/projects/nope", q)
		wantError(t, res, b, 404, carousel.ENOTFOUND)
	})
	t.Run("unknown field names line", func(t *testing.T) {
		res, b := e.do("PUT", "/api/projects/"+c.ID, []byte("{\n \"version\": 1,\n \"slidez\": []}"))
		msg := wantError(t, res, b, 400, carousel.EINVALID)
		if !strings.Contains(msg, "slidez") {
			t.Errorf("message %q", msg)
		}
	})

	// Revisions, then the layout, re-plan and delete.
	var revs struct{ Revisions []carousel.ProjectRevision }
	e.getJSON("/api/projects/"+c.ID+"/revisions", &revs)
	if len(revs.Revisions) < 2 {
		t.Fatalf("revisions: %+v", revs)
	}
	res, b = e.do("GET", "/api/projects/"+c.ID+"/revisions/1", nil)
	if res.StatusCode != 200 {
		t.Fatalf("revision 1: %d %s", res.StatusCode, b)
	}
	old, err := carousel.ReadProject(b)
	if err != nil || old.Settings.Format != "" {
		t.Errorf("revision 1: %v, format %q", err, old.Settings.Format)
	}
	res, b = e.do("GET", "/api/projects/"+c.ID+"/revisions/x", nil)
	wantError(t, res, b, 400, carousel.EINVALID)
	res, b = e.do("GET", "/api/projects/"+c.ID+"/revisions/99", nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)

	var layout struct{ Slides []carousel.RenderedSlide }
	e.getJSON("/api/projects/"+c.ID+"/layout", &layout)
	if len(layout.Slides) != len(l.Slides) || layout.Slides[0].Key != l.Slides[0].Key {
		t.Errorf("layout differs from the PUT answer")
	}
	res, b = e.do("POST", "/api/projects/"+c.ID+"/plan", map[string]bool{"all": true})
	if res.StatusCode != 200 {
		t.Fatalf("plan: %d %s", res.StatusCode, b)
	}
	if p := e.project(c.ID); p.Revision != 3 || p.Slides[0].Kind != carousel.SlideCover {
		t.Errorf("after re-plan: revision %d, first slide %q", p.Revision, p.Slides[0].Kind)
	}
	res, _ = e.do("DELETE", "/api/projects/"+c.ID, nil)
	if res.StatusCode != 204 {
		t.Fatalf("delete: %d", res.StatusCode)
	}
	res, b = e.do("GET", "/api/projects/"+c.ID, nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)
	res, b = e.do("DELETE", "/api/projects/"+c.ID, nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)
}

func TestSlidesAndExports(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread, "format": "instagram-square", "title": "Calm écriture: tips"})
	path := "/api/projects/" + c.ID

	res, svg := e.do("GET", path+"/slides/2.svg", nil)
	if res.StatusCode != 200 || !bytes.Contains(svg, []byte("<svg")) {
		t.Fatalf("slide 2: %d %.200s", res.StatusCode, svg)
	}
	if res.Header.Get("Content-Type") != "image/svg+xml" || !strings.Contains(res.Header.Get("Cache-Control"), "private") {
		t.Errorf("headers %v", res.Header)
	}
	etag := res.Header.Get("ETag")
	if !strings.Contains(etag, c.Slides[1].Key) {
		t.Errorf("ETag %q does not carry the key %q", etag, c.Slides[1].Key)
	}
	res, b := e.do("GET", path+"/slides/2.svg", nil, "If-None-Match", etag)
	if res.StatusCode != 304 || len(b) != 0 {
		t.Errorf("If-None-Match: %d, %d bytes", res.StatusCode, len(b))
	}
	res, _ = e.do("GET", path+"/slides/2.svg?k="+c.Slides[1].Key, nil)
	if !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("a keyed URL is not immutable: %q", res.Header.Get("Cache-Control"))
	}

	res, b = e.do("GET", path+"/slides/1.png", nil)
	if res.StatusCode != 200 {
		t.Fatalf("PNG: %d %s", res.StatusCode, b)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil || img.Bounds().Dx() != 1080 || img.Bounds().Dy() != 1080 {
		t.Errorf("PNG: %v %v", err, img.Bounds())
	}
	for _, bad := range []string{"0.svg", "99.svg", "1.gif", "x.svg"} {
		res, b := e.do("GET", path+"/slides/"+bad, nil)
		wantError(t, res, b, 404, carousel.ENOTFOUND)
	}
	res, b = e.do("GET", "/api/projects/nope/slides/1.svg", nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)

	res, pdf := e.do("GET", path+"/export.pdf", nil)
	if res.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("PDF: %d %.100s", res.StatusCode, pdf)
	}
	cd := res.Header.Get("Content-Disposition")
	if !strings.Contains(cd, `filename="calm-_criture-tips.pdf"`) || !strings.Contains(cd, "filename*=UTF-8''calm-%C3%A9criture-tips.pdf") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if got := pdfPages(pdf); got != len(c.Slides) {
		t.Errorf("PDF has %d pages, want %d", got, len(c.Slides))
	}
	res, pdf = e.do("GET", path+"/export.pdf?from=2&to=3", nil)
	if res.StatusCode != 200 || pdfPages(pdf) != 2 || !strings.Contains(res.Header.Get("Content-Disposition"), "-slides-2-3.pdf") {
		t.Errorf("PDF of slides 2 to 3: %d, %d pages, %q", res.StatusCode, pdfPages(pdf), res.Header.Get("Content-Disposition"))
	}
	res, b = e.do("GET", path+"/export.pdf?from=3&to=2", nil)
	wantError(t, res, b, 400, carousel.EINVALID)

	for _, tt := range []struct {
		query   string
		ext     string
		entries int
	}{
		{"", ".png", len(c.Slides)},
		{"?format=jpeg", ".jpeg", len(c.Slides)},
		{"?from=2&to=3", ".png", 2},
	} {
		t.Run("zip"+tt.query, func(t *testing.T) {
			res, b := e.do("GET", path+"/export.zip"+tt.query, nil)
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != "application/zip" {
				t.Fatalf("ZIP: %d %.200s", res.StatusCode, b)
			}
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, f := range zr.File {
				if strings.HasSuffix(f.Name, tt.ext) || (tt.ext == ".jpeg" && strings.HasSuffix(f.Name, ".jpg")) {
					n++
				}
			}
			// PNG and JPEG ZIPs of one carousel are named apart.
			wantName := `filename="calm-_criture-tips-png`
			if strings.Contains(tt.query, "jpeg") {
				wantName = `filename="calm-_criture-tips-jpeg`
			}
			if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, wantName) {
				t.Errorf("Content-Disposition %q, want %s…", cd, wantName)
			}
			for _, f := range zr.File {
				if time.Since(f.Modified) > time.Hour || f.Modified.After(time.Now().Add(time.Minute)) {
					t.Errorf("%s is dated %v", f.Name, f.Modified)
				}
			}
			if n != tt.entries {
				var names []string
				for _, f := range zr.File {
					names = append(names, f.Name)
				}
				t.Errorf("%d %s entries, want %d: %v", n, tt.ext, tt.entries, names)
			}
		})
	}
	for _, q := range []string{"?format=gif", "?from=0", "?from=3&to=2", "?to=99"} {
		res, b := e.do("GET", path+"/export.zip"+q, nil)
		wantError(t, res, b, 400, carousel.EINVALID)
	}
}

// pdfPages counts the page objects of a PDF.
func pdfPages(b []byte) int {
	return bytes.Count(b, []byte("/Type /Page\n")) + bytes.Count(b, []byte("/Type /Page ")) +
		bytes.Count(b, []byte("/Type /Page>")) + bytes.Count(b, []byte("/Type/Page/")) + bytes.Count(b, []byte("/Type/Page>")) +
		bytes.Count(b, []byte("/Type /Page/"))
}

func TestCatalogAndThumbnails(t *testing.T) {
	e := newEnv(t)
	var c struct {
		carousel.Catalog
		DefaultFormat string
		BrandItems    []string
		Platforms     []carousel.Platform
	}
	e.getJSON("/api/catalog", &c)
	if len(c.Formats) != len(carousel.Formats) || len(c.Templates) < 2 || len(c.Themes) == 0 || len(c.Patterns) == 0 || len(c.BrandItems) == 0 {
		t.Fatalf("catalog: %+v", c)
	}
	// The studio applies the platform limits from the catalog alone.
	if c.DefaultFormat != carousel.DefaultFormat {
		t.Errorf("default format %q", c.DefaultFormat)
	}
	for _, f := range c.Formats {
		var got []string
		for _, p := range carousel.PlatformsForFormat(f.Name) {
			got = append(got, p.Name)
		}
		if len(f.Platforms) == 0 || strings.Join(f.Platforms, ",") != strings.Join(got, ",") {
			t.Errorf("format %s lists platforms %q, the rule gives %q", f.Name, f.Platforms, got)
		}
	}
	for _, u := range []string{"/api/catalog/templates/" + c.Templates[0].Name + ".svg", "/api/catalog/patterns/" + c.Patterns[0].Name + ".svg"} {
		res, b := e.do("GET", u, nil)
		if res.StatusCode != 200 || !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("%s: %d %.100s", u, res.StatusCode, b)
		}
	}
	a, _ := e.do("GET", "/api/catalog/templates/"+c.Templates[0].Name+".svg", nil)
	b, _ := e.do("GET", "/api/catalog/templates/"+c.Templates[1].Name+".svg", nil)
	if a.Header.Get("Content-Length") == b.Header.Get("Content-Length") {
		t.Log("two template thumbnails have the same size (possible but unlikely)")
	}
	res, body := e.do("GET", "/api/catalog/templates/nope.svg", nil)
	wantError(t, res, body, 404, carousel.ENOTFOUND)
	res, body = e.do("GET", "/api/catalog/patterns/"+c.Patterns[0].Name+".png", nil)
	wantError(t, res, body, 404, carousel.ENOTFOUND)
}

func TestProfilesPresetsAndBrand(t *testing.T) {
	e := newEnv(t)
	res, b := e.do("POST", "/api/profiles", map[string]any{"name": "Acme", "author": "Acme Inc.", "handle": "acme"})
	if res.StatusCode != 201 {
		t.Fatalf("create profile: %d %s", res.StatusCode, b)
	}
	var pf carousel.Profile
	json.Unmarshal(b, &pf)
	res, b = e.do("POST", "/api/profiles", map[string]any{"name": "Acme"})
	wantError(t, res, b, 409, carousel.ECONFLICT)
	res, b = e.do("POST", "/api/profiles", map[string]any{"name": " "})
	wantError(t, res, b, 400, carousel.EINVALID)
	res, b = e.do("POST", "/api/profiles", map[string]any{"name": "X", "header": []map[string]string{{"kind": "clock", "position": "left"}}})
	if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, "header[0].kind") {
		t.Errorf("message %q", msg)
	}

	_, b = e.do("POST", "/api/profiles", map[string]any{"name": "Second", "author": "Bea"})
	var second carousel.Profile
	json.Unmarshal(b, &second)
	res, b = e.do("POST", "/api/profiles/"+second.ID+"/default", nil)
	if res.StatusCode != 200 {
		t.Fatalf("default: %d %s", res.StatusCode, b)
	}
	var list struct{ Profiles []carousel.Profile }
	e.getJSON("/api/profiles", &list)
	for _, p := range list.Profiles {
		if p.Default != (p.ID == second.ID) {
			t.Errorf("profile %s default=%v", p.Name, p.Default)
		}
	}

	// A new project takes the default profile; editing the profile
	// changes the project's next render.
	c := e.create(map[string]string{"source": pastedThread})
	p := e.project(c.ID)
	if p.Settings.Brand.Profile != second.ID || p.Settings.Brand.Name != "Bea" {
		t.Fatalf("new project brand: %+v", p.Settings.Brand)
	}
	var before struct{ Slides []carousel.RenderedSlide }
	e.getJSON("/api/projects/"+c.ID+"/layout", &before)
	second.Author = "Beatrice Long-Name"
	second.Revision = 1
	e.getJSON("/api/profiles/"+second.ID, &second)
	second.Author = "Beatrice Long-Name"
	res, b = e.do("PUT", "/api/profiles/"+second.ID, second)
	if res.StatusCode != 200 {
		t.Fatalf("update profile: %d %s", res.StatusCode, b)
	}
	res, b = e.do("PUT", "/api/profiles/"+second.ID, second) // the same revision again
	wantError(t, res, b, 409, carousel.ECONFLICT)
	var after struct{ Slides []carousel.RenderedSlide }
	e.getJSON("/api/projects/"+c.ID+"/layout", &after)
	changed := false
	for i := range after.Slides {
		changed = changed || after.Slides[i].Key != before.Slides[i].Key
	}
	if !changed {
		t.Error("editing the profile changed no slide of the project using it")
	}

	res, b = e.do("POST", "/api/presets", map[string]any{"name": "Bold", "settings": map[string]any{"theme": "nope"}})
	wantError(t, res, b, 400, carousel.EINVALID)
	res, b = e.do("POST", "/api/presets", map[string]any{"name": "Square", "settings": map[string]any{"format": "instagram-square", "cta": map[string]any{"variant": 2}}})
	if res.StatusCode != 201 {
		t.Fatalf("create preset: %d %s", res.StatusCode, b)
	}
	var preset carousel.Preset
	json.Unmarshal(b, &preset)
	res, b = e.do("POST", "/api/presets", map[string]any{"name": "Square", "settings": map[string]any{}})
	wantError(t, res, b, 409, carousel.ECONFLICT)
	c2 := e.create(map[string]string{"source": pastedThread, "preset": "Square"})
	if p := e.project(c2.ID); p.Settings.Format != "instagram-square" || p.Settings.CTA.Variant != 2 {
		t.Errorf("preset not applied: %+v", p.Settings)
	}
	preset.Name = "Square 1:1"
	res, b = e.do("PUT", "/api/presets/"+preset.ID, preset)
	if res.StatusCode != 200 {
		t.Fatalf("rename preset: %d %s", res.StatusCode, b)
	}
	var presets struct{ Presets []carousel.Preset }
	e.getJSON("/api/presets", &presets)
	if len(presets.Presets) != 1 || presets.Presets[0].Name != "Square 1:1" {
		t.Errorf("presets %+v", presets)
	}
	e.getJSON("/api/presets/"+preset.ID, &preset)
	res, _ = e.do("DELETE", "/api/presets/"+preset.ID, nil)
	if res.StatusCode != 204 {
		t.Errorf("delete preset: %d", res.StatusCode)
	}
	res, b = e.do("GET", "/api/presets/"+preset.ID, nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)

	// Brand kit round trip.
	res, kit := e.do("GET", "/api/brandkit", nil)
	if res.StatusCode != 200 || !json.Valid(kit) {
		t.Fatalf("export brand kit: %d %.200s", res.StatusCode, kit)
	}
	res, b = e.do("POST", "/api/brandkit", kit)
	if res.StatusCode != 409 || !strings.Contains(string(b), "already exists") {
		t.Errorf("importing taken names: %d %s", res.StatusCode, b)
	}
	res, b = e.do("POST", "/api/brandkit?replace=true", kit)
	if res.StatusCode != 200 {
		t.Errorf("import brand kit: %d %s", res.StatusCode, b)
	}

	res, _ = e.do("DELETE", "/api/profiles/"+pf.ID, nil)
	if res.StatusCode != 204 {
		t.Errorf("delete profile: %d %s", res.StatusCode, e.logs.String())
	}
	res, b = e.do("GET", "/api/profiles/"+pf.ID, nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)
}

// multipartBody builds a form with one file field.
func multipartBody(t testing.TB, field, filename string, data []byte, fields ...string) (io.Reader, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if field != "" {
		fw, err := mw.CreateFormFile(field, filename)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

// tinyPNG is a valid 1×1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")

func TestAssets(t *testing.T) {
	e := newEnv(t, func(s *web.Server) { s.MaxUpload = 1 << 20 })
	body, ct := multipartBody(t, "file", "dot.png", tinyPNG)
	res, b := e.do("POST", "/api/assets", body, "Content-Type", ct)
	if res.StatusCode != 201 {
		t.Fatalf("upload: %d %s", res.StatusCode, b)
	}
	var up struct{ Ref, URL string }
	json.Unmarshal(b, &up)
	if !strings.HasPrefix(up.Ref, "asset:") {
		t.Fatalf("ref %q", up.Ref)
	}
	res, got := e.do("GET", "/api/assets/"+up.Ref, nil)
	if res.StatusCode != 200 || !bytes.Equal(got, tinyPNG) || res.Header.Get("Content-Type") != "image/png" {
		t.Errorf("get asset: %d %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	res, b = e.do("GET", "/api/assets/asset:"+strings.Repeat("0", 64), nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)

	body, ct = multipartBody(t, "file", "notes.png", []byte("<html><script>alert(1)</script></html>"))
	res, b = e.do("POST", "/api/assets", body, "Content-Type", ct)
	wantError(t, res, b, 415, carousel.EUNSUPPORTED)
	big := append(append([]byte{}, tinyPNG...), make([]byte, 3<<20)...)
	body, ct = multipartBody(t, "file", "big.png", big)
	res, b = e.do("POST", "/api/assets", body, "Content-Type", ct)
	wantError(t, res, b, 413, carousel.ETOOLARGE)
	body, ct = multipartBody(t, "", "", nil, "other", "x")
	res, b = e.do("POST", "/api/assets", body, "Content-Type", ct)
	wantError(t, res, b, 400, carousel.EINVALID)
}

func TestArchiveUpload(t *testing.T) {
	e := newEnv(t)
	body, ct := multipartBody(t, "archive", "tweets.zip", []byte("this is not a zip"))
	res, b := e.do("POST", "/api/projects", body, "Content-Type", ct)
	if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, "archive") {
		t.Errorf("message %q", msg)
	}
	tweets := `window.YTD.tweets.part0 = [
 {"tweet": {"id_str": "100", "full_text": "Archive thread, first post", "created_at": "Mon Jan 06 10:00:00 +0000 2025", "user_id_str": "1"}},
 {"tweet": {"id_str": "101", "full_text": "Second post of it", "created_at": "Mon Jan 06 10:01:00 +0000 2025", "in_reply_to_status_id_str": "100", "in_reply_to_user_id_str": "1", "user_id_str": "1"}}
]`
	body, ct = multipartBody(t, "archive", "tweets.js", []byte(tweets))
	res, b = e.do("POST", "/api/projects", body, "Content-Type", ct)
	switch res.StatusCode {
	case 201:
		var c created
		json.Unmarshal(b, &c)
		if p := e.project(c.ID); len(p.Thread.Posts) != 2 {
			t.Errorf("archive thread has %d posts", len(p.Thread.Posts))
		}
	case 200:
		var pick struct {
			Archive string
			Threads []carousel.ThreadSummary
		}
		json.Unmarshal(b, &pick)
		if pick.Archive == "" || len(pick.Threads) == 0 {
			t.Fatalf("pick: %s", b)
		}
		e.create(map[string]string{"archive": pick.Archive, "post": pick.Threads[0].ID})
	default:
		t.Fatalf("archive upload: %d %s", res.StatusCode, b)
	}
}

func TestCSRFAndSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	for _, tt := range []struct {
		name   string
		header []string
	}{
		{"no token", []string{"X-CSRF-Token", ""}},
		{"wrong token", []string{"X-CSRF-Token", "0123"}},
		{"cross-site", []string{"Sec-Fetch-Site", "cross-site"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, b := e.do("POST", "/api/projects", map[string]string{"source": pastedThread}, tt.header...)
			wantError(t, res, b, 403, carousel.EFORBIDDEN)
		})
	}
	var list struct{ Projects []carousel.ProjectSummary }
	e.getJSON("/api/projects", &list)
	if len(list.Projects) != 0 {
		t.Errorf("a refused request created %d projects", len(list.Projects))
	}

	res, page := e.do("GET", "/", nil)
	if res.StatusCode != 200 {
		t.Fatalf("page: %d", res.StatusCode)
	}
	csp := res.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP allows inline code: %q", csp)
	}
	if bytes.Contains(page, []byte("<script>")) || bytes.Contains(page, []byte(" style=")) {
		t.Error("the page has inline script or style")
	}
	if !bytes.Contains(page, []byte(e.csrf)) {
		t.Error("the page does not carry the CSRF token")
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
		t.Errorf("headers %v", res.Header)
	}
	// Static files are served under their content hash, cached for long.
	i := bytes.Index(page, []byte("/static/"))
	j := bytes.IndexByte(page[i:], '"')
	res, b := e.do("GET", string(page[i:i+j]), nil)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Cache-Control"), "immutable") || len(b) == 0 {
		t.Errorf("static: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	res, _ = e.do("GET", "/static/000000000000/js/studio.js", nil)
	if res.StatusCode != 404 {
		t.Errorf("a wrong hash answered %d", res.StatusCode)
	}
	res, b = e.do("GET", "/api/nothing", nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)
	res, b = e.do("GET", "/healthz", nil)
	if res.StatusCode != 200 || !bytes.Contains(b, []byte(`"ok"`)) {
		t.Errorf("healthz: %d %s", res.StatusCode, b)
	}
}

// blockingRender is the real engine whose SVG waits until released, to
// fill the render pool.
type blockingRender struct {
	carousel.RenderService
	started chan struct{}
	release chan struct{}
}

func (b *blockingRender) SVG(ctx context.Context, w io.Writer, p *carousel.Project, n int) error {
	b.started <- struct{}{}
	<-b.release
	return b.RenderService.SVG(ctx, w, p, n)
}

func TestRenderPoolFull(t *testing.T) {
	br := &blockingRender{RenderService: sharedEngine(t), started: make(chan struct{}, 1), release: make(chan struct{})}
	e := newEnv(t, func(s *web.Server) {
		s.Render = br
		s.MaxRenders = 1
		s.RenderWait = 50 * time.Millisecond
	})
	c := e.create(map[string]string{"source": pastedThread})
	done := make(chan int)
	go func() {
		res, err := http.Get(e.srv.URL + "/api/projects/" + c.ID + "/slides/1.svg")
		if err != nil {
			done <- 0
			return
		}
		res.Body.Close()
		done <- res.StatusCode
	}()
	<-br.started
	res, b := e.do("GET", "/api/projects/"+c.ID+"/export.pdf", nil)
	wantError(t, res, b, 503, carousel.EUNAVAILABLE)
	if res.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	close(br.release)
	if status := <-done; status != 200 {
		t.Errorf("the first render answered %d", status)
	}
}

// panicking is the real engine with a Layout that panics.
type panicking struct{ carousel.RenderService }

func (panicking) Layout(context.Context, *carousel.Project) (*carousel.Layout, error) {
	panic("boom: secret internals")
}

func TestPanicAndInternalErrorsStayPrivate(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread})
	e.web.Render = panicking{sharedEngine(t)}
	res, b := e.do("GET", "/api/projects/"+c.ID+"/layout", nil)
	wantError(t, res, b, 500, carousel.EINTERNAL)
	if bytes.Contains(b, []byte("secret")) || bytes.Contains(b, []byte("boom")) {
		t.Errorf("the panic leaked: %s", b)
	}
	if !strings.Contains(e.logs.String(), "boom") {
		t.Error("the panic is not in the log")
	}
}

func ExampleServer() {
	s := &web.Server{ /* Projects, Profiles, Presets, Assets, Render, Import */ }
	_ = s.Handler
	fmt.Println("http.ListenAndServe(\"127.0.0.1:8080\", s.Handler())")
	// Output: http.ListenAndServe("127.0.0.1:8080", s.Handler())
}

func TestUploadLimits(t *testing.T) {
	e := newEnv(t, func(s *web.Server) { s.MaxUpload = 64 << 10 }) // archives: 640 KB
	t.Run("archive over the limit", func(t *testing.T) {
		big := append([]byte("PK\x03\x04"), make([]byte, 700<<10)...)
		body, ct := multipartBody(t, "archive", "x.zip", big)
		res, b := e.do("POST", "/api/projects", body, "Content-Type", ct)
		wantError(t, res, b, 413, carousel.ETOOLARGE)
	})
	t.Run("JSON body over 16 MB", func(t *testing.T) {
		huge := []byte(`{"source": "` + strings.Repeat("a", 17<<20) + `"}`)
		res, b := e.do("POST", "/api/projects", huge)
		wantError(t, res, b, 413, carousel.ETOOLARGE)
	})
	t.Run("multipart source", func(t *testing.T) {
		body, ct := multipartBody(t, "", "", nil, "source", pastedThread, "format", "story")
		res, b := e.do("POST", "/api/projects", body, "Content-Type", ct)
		if res.StatusCode != 201 {
			t.Fatalf("multipart create: %d %s", res.StatusCode, b)
		}
		var c created
		json.Unmarshal(b, &c)
		if p := e.project(c.ID); p.Settings.Format != "story" {
			t.Errorf("format %q", p.Settings.Format)
		}
	})
	t.Run("unknown multipart field", func(t *testing.T) {
		body, ct := multipartBody(t, "", "", nil, "sauce", "x")
		res, b := e.do("POST", "/api/projects", body, "Content-Type", ct)
		if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, "sauce") {
			t.Errorf("message %q", msg)
		}
	})
}

// TestPostMedia serves a post's web image for the source panel's
// thumbnails, and never a file of the server or something not an image.
func TestPostMedia(t *testing.T) {
	pngBytes := func() []byte {
		var b bytes.Buffer
		img := image.NewRGBA(image.Rect(0, 0, 4, 3))
		png.Encode(&b, img)
		return b.Bytes()
	}()
	var loaded []string
	e := newEnv(t, func(s *web.Server) {
		s.LoadImage = func(_ context.Context, ref string) ([]byte, error) {
			loaded = append(loaded, ref)
			if strings.HasSuffix(ref, ".txt") {
				return []byte("plain words"), nil
			}
			return pngBytes, nil
		}
	})
	c := e.create(map[string]string{"source": pastedThread})
	ctx := context.Background()
	p, err := e.db.FindProjectByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	p.Thread.Posts[0].Media = []carousel.Media{
		{Type: carousel.MediaPhoto, Src: "https://pbs.example/a.png"},
		{Type: carousel.MediaPhoto, Src: "/etc/passwd"},
		{Type: carousel.MediaPhoto, Src: "https://pbs.example/notes.txt"},
	}
	if err := e.db.UpdateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	base := "/api/projects/" + c.ID + "/posts/" + p.Thread.Posts[0].ID + "/media/"
	res, b := e.do("GET", base+"0", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(b, pngBytes) || !strings.Contains(res.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Fatalf("web image: %d %s", res.StatusCode, res.Header)
	}
	for _, tt := range []struct {
		path   string
		status int
		code   string
	}{
		{base + "1", 415, carousel.EUNSUPPORTED},
		{base + "2", 415, carousel.EUNSUPPORTED},
		{base + "3", 404, carousel.ENOTFOUND},
		{"/api/projects/" + c.ID + "/posts/nope/media/0", 404, carousel.ENOTFOUND},
	} {
		res, b := e.do("GET", tt.path, nil)
		wantError(t, res, b, tt.status, tt.code)
	}
	for _, ref := range loaded {
		if !strings.HasPrefix(ref, "https://") {
			t.Errorf("loaded %q: only web images may be loaded", ref)
		}
	}
}

// TestStaticModules follows every import of the studio's ES modules from
// the page's entry: each resolves, relative to the module importing it,
// to a file served under the same tree hash as JavaScript; and no module
// carries a test hook.
func TestStaticModules(t *testing.T) {
	e := newEnv(t)
	_, page := e.do("GET", "/", nil)
	entry := regexp.MustCompile(`<script type="module" src="(/static/[0-9a-f]+/js/studio\.js)"`).FindSubmatch(page)
	if entry == nil {
		t.Fatalf("the page loads no studio module: %s", page)
	}
	importRe := regexp.MustCompile(`(?m)^import\s+(?:[^'"]*?\s+from\s+)?'([^']+)'`)
	seen := map[string]bool{}
	queue := []string{string(entry[1])}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u] {
			continue
		}
		seen[u] = true
		res, b := e.do("GET", u, nil)
		if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/javascript") {
			t.Errorf("%s: %d %q", u, res.StatusCode, res.Header.Get("Content-Type"))
			continue
		}
		if bytes.Contains(b, []byte("window.__")) {
			t.Errorf("%s carries a test hook (window.__…)", u)
		}
		for _, m := range importRe.FindAllSubmatch(b, -1) {
			spec := string(m[1])
			if !strings.HasPrefix(spec, "./") && !strings.HasPrefix(spec, "../") {
				t.Errorf("%s imports %q: only relative imports resolve without a build step", u, spec)
				continue
			}
			queue = append(queue, path.Join(path.Dir(u), spec))
		}
		if !bytes.Contains(page, []byte(`href="`+u+`"`)) && u != string(entry[1]) {
			t.Errorf("%s has no modulepreload link on the page", u)
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d modules reached from the entry: %v", len(seen), seen)
	}
}

// TestVersionsAPI pages through versions, pins and unpins one, labels a
// save with the studio's note, and closes a version on export.
func TestVersionsAPI(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread})
	path := "/api/projects/" + c.ID
	p := e.project(c.ID)
	p.Settings.Theme = "ink"
	res, b := e.do("PUT", path, p)
	if res.StatusCode != 200 {
		t.Fatalf("save: %d %s", res.StatusCode, b)
	}
	var page carousel.VersionPage
	e.getJSON(path+"/revisions", &page)
	if page.Total != 2 || len(page.Versions) != 2 || page.Versions[0].Label != "theme ink" || page.Versions[1].Label != "created" || page.Next != 0 {
		t.Fatalf("versions: %+v", page)
	}
	// An export closes the version: the next save starts another.
	if res, b := e.do("GET", path+"/export.pdf", nil); res.StatusCode != 200 {
		t.Fatalf("PDF: %d %.200s", res.StatusCode, b)
	}
	p = e.project(c.ID)
	p.Title = "Restored"
	if res, b := e.do("PUT", path, p, "X-Carousel-Note", url.QueryEscape("Restored version 1")); res.StatusCode != 200 {
		t.Fatalf("save: %d %s", res.StatusCode, b)
	}
	e.getJSON(path+"/revisions?limit=1", &page)
	if page.Total != 3 || len(page.Versions) != 1 || page.Versions[0].Label != "Restored version 1" || page.Next != page.Versions[0].Revision {
		t.Fatalf("first page of 1: %+v", page)
	}
	var older carousel.VersionPage
	e.getJSON(fmt.Sprintf("%s/revisions?limit=1&before=%d", path, page.Next), &older)
	if len(older.Versions) != 1 || older.Versions[0].Label != "theme ink, exported PDF" || !older.Versions[0].Exported {
		t.Fatalf("second page: %+v", older)
	}
	rev := older.Versions[0].Revision
	res, b = e.do("POST", fmt.Sprintf("%s/revisions/%d/pin", path, rev), map[string]string{"name": "Ink draft"})
	if res.StatusCode != 204 {
		t.Fatalf("pin: %d %s", res.StatusCode, b)
	}
	e.getJSON(path+"/revisions", &page)
	if len(page.Pinned) != 1 || page.Pinned[0].Name != "Ink draft" || page.Pinned[0].Revision != rev {
		t.Errorf("pinned: %+v", page.Pinned)
	}
	res, b = e.do("POST", fmt.Sprintf("%s/revisions/%d/pin", path, rev), map[string]string{"name": " "})
	wantError(t, res, b, 400, carousel.EINVALID)
	res, b = e.do("POST", path+"/revisions/999/pin", map[string]string{"name": "x"})
	wantError(t, res, b, 404, carousel.ENOTFOUND)
	for _, q := range []string{"?limit=0", "?limit=x", "?before=-1"} {
		res, b := e.do("GET", path+"/revisions"+q, nil)
		wantError(t, res, b, 400, carousel.EINVALID)
	}
	res, b = e.do("DELETE", fmt.Sprintf("%s/revisions/%d/pin", path, rev), nil)
	if res.StatusCode != 204 {
		t.Fatalf("unpin: %d %s", res.StatusCode, b)
	}
	page = carousel.VersionPage{}
	e.getJSON(path+"/revisions", &page)
	if len(page.Pinned) != 0 {
		t.Errorf("still pinned: %+v", page.Pinned)
	}
}
