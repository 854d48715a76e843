// SPDX-License-Identifier: MIT

package web_test

import (
	"bytes"
	"compress/zlib"
	"context"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/web"
)

// pathRefs are the forms of a local file reference; over HTTP every one is
// refused, on every image field.
func pathRefs(t *testing.T) map[string]string {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.png")
	if err := os.WriteFile(secret, []byte("\x89PNG not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	return map[string]string{
		"absolute":   secret,
		"relative":   "carousel.db",
		"dot-dot":    "../../etc/passwd",
		"file URL":   "file://" + secret,
		"FILE URL":   "FILE:" + secret,
		"dot slash":  "./media/x.png",
		"backslash":  `..\..\boot.ini`,
		"other URL":  "ftp://example.com/a.png",
		"gopher URL": "gopher://127.0.0.1:25/x",
	}
}

func TestPathReferencesRefusedOnEveryImageField(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread})
	fields := []struct {
		field string
		set   func(p *carousel.Project, ref string)
	}{
		{"thread.author.avatar", func(p *carousel.Project, ref string) { p.Thread.Author.Avatar = ref }},
		{"thread.posts[0].media[0].src", func(p *carousel.Project, ref string) {
			p.Thread.Posts[0].Media = []carousel.Media{{Type: carousel.MediaPhoto, Src: ref}}
		}},
		{"thread.posts[1].quote.media[0].src", func(p *carousel.Project, ref string) {
			p.Thread.Posts[1].Quote = &carousel.Post{ID: "q", Blocks: p.Thread.Posts[0].Blocks, Media: []carousel.Media{{Type: carousel.MediaPhoto, Src: ref}}}
		}},
		{"thread.posts[1].quote.author.avatar", func(p *carousel.Project, ref string) {
			p.Thread.Posts[1].Quote = &carousel.Post{ID: "q", Blocks: p.Thread.Posts[0].Blocks, Author: &carousel.Author{Name: "Q", Avatar: ref}}
		}},
		{"settings.brand.avatar", func(p *carousel.Project, ref string) { p.Settings.Brand.Avatar = ref }},
		{"settings.brand.logo", func(p *carousel.Project, ref string) { p.Settings.Brand.Logo = ref }},
		{"settings.background.image", func(p *carousel.Project, ref string) {
			p.Settings.Background = &carousel.Background{Kind: carousel.BackgroundImage, Image: ref}
		}},
		{"slides[1].style.background.image", func(p *carousel.Project, ref string) {
			p.Slides[1].Style = &carousel.SlideStyle{Background: &carousel.Background{Kind: carousel.BackgroundImage, Image: ref}}
		}},
		{"slides[1].items[0].image.src", func(p *carousel.Project, ref string) {
			p.Slides[1].Items[0].Image = &carousel.Media{Type: carousel.MediaPhoto, Src: ref}
		}},
	}
	for name, ref := range pathRefs(t) {
		for _, f := range fields {
			t.Run(name+"/"+f.field, func(t *testing.T) {
				p := e.project(c.ID)
				f.set(p, ref)
				res, b := e.do("PUT", "/api/projects/"+c.ID, p)
				msg := wantError(t, res, b, 400, carousel.EINVALID)
				if !strings.Contains(msg, f.field) {
					t.Errorf("the error does not name the field %s: %s", f.field, msg)
				}
				if strings.Contains(string(b), ref) || strings.Contains(string(b), "no such file") {
					t.Errorf("the error repeats the path or tells whether it exists: %s", b)
				}
			})
		}
	}
	if got := e.project(c.ID); got.Revision != 1 {
		t.Errorf("a refused PUT changed the project: revision %d", got.Revision)
	}

	// A thread file pasted as the source goes through the same check.
	for name, ref := range pathRefs(t) {
		th := `{"version":1,"posts":[{"id":"1","blocks":[{"type":"paragraph","spans":[{"text":"Hello"}]}],"media":[{"type":"photo","src":` + jsonString(ref) + `}]}]}`
		res, b := e.do("POST", "/api/projects", map[string]string{"source": th})
		if res.StatusCode == http.StatusCreated {
			p := e.project(createdID(t, b))
			if src := p.Thread.Posts[0].Media; len(src) > 0 {
				t.Errorf("%s: a thread naming %q was created", name, src[0].Src)
			}
			continue
		}
		if res.StatusCode >= 500 || strings.Contains(string(b), ref) {
			t.Errorf("%s: %d %s", name, res.StatusCode, b)
		}
	}

	for name, ref := range pathRefs(t) {
		for _, doc := range []struct {
			path  string
			body  map[string]any
			field string
		}{
			{"/api/profiles", map[string]any{"name": "P " + name, "avatar": ref}, "avatar"},
			{"/api/profiles", map[string]any{"name": "P " + name, "logo": ref}, "logo"},
			{"/api/presets", map[string]any{"name": "S " + name, "settings": map[string]any{"brand": map[string]any{"logo": ref}}}, "settings.brand.logo"},
			{"/api/presets", map[string]any{"name": "S " + name, "settings": map[string]any{"background": map[string]any{"kind": "image", "image": ref}}}, "settings.background.image"},
		} {
			res, b := e.do("POST", doc.path, doc.body)
			if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, doc.field) {
				t.Errorf("%s %s: the error does not name %s: %s", doc.path, name, doc.field, msg)
			}
		}
	}
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	b.WriteByte('"')
	return b.String()
}

func createdID(t *testing.T, b []byte) string {
	t.Helper()
	_, rest, _ := strings.Cut(string(b), `"id":"`)
	id, _, _ := strings.Cut(rest, `"`)
	return id
}

// A project already stored with a path (written before this check, or
// by another tool) still never shows the file: the server's loader
// refuses it, with the same words whether the path exists or not.
func TestStoredPathReferenceNeverRendered(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread})
	ctx := context.Background()
	dir := t.TempDir()
	real := filepath.Join(dir, "real.png")
	if err := os.WriteFile(real, tinyPNG, 0o600); err != nil {
		t.Fatal(err)
	}
	var messages []string
	for _, ref := range []string{real, filepath.Join(dir, "missing.png"), dir} {
		p, err := e.db.FindProjectByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		p.Settings.Brand.Avatar = ref
		p.Thread.Posts[1].Media = []carousel.Media{{Type: carousel.MediaPhoto, Src: ref}}
		if err := e.db.UpdateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		res, b := e.do("GET", "/api/projects/"+c.ID+"/layout", nil)
		if res.StatusCode != 200 {
			t.Fatalf("layout: %d %s", res.StatusCode, b)
		}
		for _, n := range []string{"1.png", "2.svg", "2.png"} {
			res, _ := e.do("GET", "/api/projects/"+c.ID+"/slides/"+n, nil)
			if res.StatusCode != 200 {
				t.Fatalf("slide %s: %d", n, res.StatusCode)
			}
		}
		res, _ = e.do("GET", "/api/projects/"+c.ID+"/export.pdf", nil)
		if res.StatusCode != 200 {
			t.Fatalf("PDF: %d", res.StatusCode)
		}
		res, b = e.do("GET", "/api/projects/"+c.ID+"/layout", nil)
		if res.StatusCode != 200 {
			t.Fatalf("layout after export: %d %s", res.StatusCode, b)
		}
		body := string(b)
		if strings.Contains(body, dir) || strings.Contains(body, "no such file") || strings.Contains(body, "directory") {
			t.Errorf("the warnings tell about the host: %s", body)
		}
		if !strings.Contains(body, "local files are not loaded") {
			t.Errorf("no warning says the image was refused: %s", body)
		}
		messages = append(messages, strings.ReplaceAll(body, filepath.Base(ref), "REF"))
		res, b = e.do("GET", "/api/projects/"+c.ID+"/posts/"+p.Thread.Posts[1].ID+"/media/0", nil)
		wantError(t, res, b, 415, carousel.EUNSUPPORTED)
		if strings.Contains(string(b), dir) {
			t.Errorf("the media route repeats the path: %s", b)
		}
	}
	for _, m := range messages[1:] {
		if stripKeys(m) != stripKeys(messages[0]) {
			t.Errorf("the answers differ with the path, so they tell whether it exists:\n%s\n%s", messages[0], m)
		}
	}
}

// stripKeys drops the layout keys and revision, which change with each edit.
func stripKeys(s string) string {
	var b strings.Builder
	for _, part := range strings.Split(s, `"key":"`) {
		if _, rest, ok := strings.Cut(part, `"`); ok && b.Len() > 0 {
			b.WriteString(rest)
		} else {
			b.WriteString(part)
		}
	}
	out := b.String()
	if i := strings.Index(out, `"revision":`); i >= 0 {
		j := strings.IndexByte(out[i:], ',')
		out = out[:i] + out[i+j:]
	}
	return out
}

// A foreign Host (a page whose name was rebound to 127.0.0.1) gets 421 on
// every route, and never the CSRF token.
func TestForeignHostMisdirected(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread})
	// Every route of the route table, with its parameters filled.
	routes := []struct{ method, path string }{{"GET", "/api/nothing"}, {"OPTIONS", "/api/projects"}}
	param := regexp.MustCompile(`\{[a-z]+(\.\.\.)?\}`)
	for _, rt := range e.web.Routes() {
		method, path, ok := strings.Cut(rt.Pattern, " ")
		if !ok {
			method, path = "GET", rt.Pattern
		}
		path = strings.ReplaceAll(path, "{$}", "")
		path = strings.Replace(path, "/api/projects/{id}", "/api/projects/"+c.ID, 1)
		routes = append(routes, struct{ method, path string }{method, param.ReplaceAllString(path, "x")})
	}
	for _, host := range []string{"evil.example", "evil.example:" + port(e), "127.0.0.1.evil.example", "localhost.evil.example", "[::2]", "0.0.0.0"} {
		for _, rt := range routes {
			req, _ := http.NewRequest(rt.method, e.srv.URL+rt.path, strings.NewReader(`{}`))
			req.Host = host
			req.Header.Set("X-CSRF-Token", e.csrf)
			req.Header.Set("Content-Type", "application/json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusMisdirectedRequest {
				t.Errorf("Host %s: %s %s answered %d", host, rt.method, rt.path, res.StatusCode)
			}
			if bytes.Contains(b, []byte(e.csrf)) {
				t.Errorf("Host %s: %s %s handed out the token", host, rt.method, rt.path)
			}
		}
	}
	if got := e.project(c.ID); got == nil || got.Revision != 1 {
		t.Error("a misdirected request changed the project")
	}
	// The server's own names are answered.
	for _, host := range []string{"127.0.0.1:" + port(e), "localhost:" + port(e), "LOCALHOST", "localhost.", "[::1]:" + port(e)} {
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/csrf", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Errorf("Host %s: %d", host, res.StatusCode)
		}
	}
}

func port(e *testEnv) string { return e.srv.URL[strings.LastIndexByte(e.srv.URL, ':')+1:] }

func TestPublicURLAndOrigin(t *testing.T) {
	e := newEnv(t, func(s *web.Server) { s.PublicURL = "https://carousel.example.com" })
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/csrf", nil)
	req.Host = "carousel.example.com"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the public URL's host got %d", res.StatusCode)
	}
	for _, tt := range []struct {
		origin string
		want   int
	}{
		{"https://evil.example", 403},
		{"null", 403},
		{"http://127.0.0.1:1", 403},
		{"https://carousel.example.com", 201},
		{e.srv.URL, 201},
	} {
		res, b := e.do("POST", "/api/projects", map[string]string{"source": pastedThread}, "Origin", tt.origin)
		if res.StatusCode != tt.want {
			t.Errorf("Origin %s: %d %s", tt.origin, res.StatusCode, b)
		}
	}
	// Reads from another origin are left to the browser's same-origin rule.
	res, _ = e.do("GET", "/api/projects", nil, "Origin", "https://evil.example")
	if res.StatusCode != 200 {
		t.Errorf("GET with a foreign Origin: %d", res.StatusCode)
	}
	bad := &web.Server{PublicURL: "carousel.example.com"}
	if err := bad.CheckConfig(); err == nil {
		t.Error("a public URL without a scheme was accepted")
	}
}

// pngOf is a PNG of w×h pixels, built chunk by chunk so that a huge one
// costs only its header: the IDAT is one compressed row repeated.
func pngOf(t *testing.T, w, h uint32) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := append([]byte(typ), data...)
		b.Write(c)
		binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit grey
	chunk("IHDR", ihdr)
	chunk("IDAT", zlibZeros(t, int(h)*(int(w)+1)))
	chunk("IEND", nil)
	return b.Bytes()
}

// zlibZeros compresses n zero bytes, at most 64 KB of them: a huge image
// is refused from its header, before any pixel is read.
func zlibZeros(t *testing.T, n int) []byte {
	var b bytes.Buffer
	zw := zlib.NewWriter(&b)
	zw.Write(make([]byte, min(n, 1<<16)))
	zw.Close()
	return b.Bytes()
}

// The media route applies the renderer's pixel limit: a 20000×20000 PNG
// is never handed to the browser.
func TestPostMediaPixelLimit(t *testing.T) {
	e := newEnv(t)
	c := e.create(map[string]string{"source": pastedThread})
	ctx := context.Background()
	p, err := e.db.FindProjectByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	huge := "data:image/png;base64," + base64.StdEncoding.EncodeToString(pngOf(t, 20000, 20000))
	small := "data:image/png;base64," + base64.StdEncoding.EncodeToString(tinyPNG)
	p.Thread.Posts[0].Media = []carousel.Media{{Type: carousel.MediaPhoto, Src: huge}, {Type: carousel.MediaPhoto, Src: small}}
	if err := e.db.UpdateProject(ctx, p); err != nil {
		t.Fatal(err)
	}
	base := "/api/projects/" + c.ID + "/posts/" + p.Thread.Posts[0].ID + "/media/"
	res, b := e.do("GET", base+"0", nil)
	if msg := wantError(t, res, b, 413, carousel.ETOOLARGE); !strings.Contains(msg, "20000×20000") {
		t.Errorf("message %q", msg)
	}
	res, b = e.do("GET", base+"1", nil)
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(b, tinyPNG) {
		t.Errorf("a small data: image: %d %s", res.StatusCode, res.Header)
	}
}
