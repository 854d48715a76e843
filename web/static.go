// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"

	"github.com/carouselstudio/carousel"
)

//go:embed static
var staticFS embed.FS

//go:embed templates/*.html
var templateFS embed.FS

type staticFile struct {
	data        []byte
	hash        string
	contentType string
}

type staticFiles struct {
	files  map[string]staticFile // by path under static/
	studio *template.Template
}

// mustLoadStatic hashes the embedded files and parses the page template
// once. A broken embedded template is a build mistake, so it panics.
func mustLoadStatic() *staticFiles {
	sf := &staticFiles{files: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		sf.files[p[len("static/"):]] = staticFile{data: b, hash: hex.EncodeToString(sum[:6]), contentType: ct}
		return nil
	})
	if err != nil {
		panic("web: load static files: " + err.Error())
	}
	funcs := template.FuncMap{"static": func(name string) (string, error) {
		f, ok := sf.files[name]
		if !ok {
			return "", carousel.Errorf(carousel.EINTERNAL, "no static file %q", name)
		}
		return "/static/" + f.hash + "/" + name, nil
	}}
	sf.studio = template.Must(template.New("studio.html").Funcs(funcs).ParseFS(templateFS, "templates/studio.html"))
	return sf
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static.files[r.PathValue("path")]
	if !ok || f.hash != r.PathValue("hash") {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	w.Write(f.data)
}

func (s *Server) showStudio(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	err := s.static.studio.Execute(&buf, map[string]any{
		"CSRF":    s.csrf,
		"Version": s.Version,
		"Formats": carousel.Formats,
	})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
