// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
)

//go:embed static
var staticFS embed.FS

//go:embed templates/*.html
var templateFS embed.FS

type staticFile struct {
	data        []byte
	contentType string
}

// staticFiles serves the embedded tree under one hash of the whole tree,
// so that a module's relative imports ("./dom.js") resolve to files of the
// same build and every URL can be cached for ever.
type staticFiles struct {
	files   map[string]staticFile // by path under static/
	hash    string
	modules []string // the JavaScript modules, for modulepreload links
	pages   map[string]*template.Template
}

// pages are the HTML pages, each a template of templates/.
var pages = []string{"studio.html", "signin.html", "invite.html", "review.html"}

// mustLoadStatic hashes the embedded files and parses the page template
// once. A broken embedded template is a build mistake, so it panics.
func mustLoadStatic() *staticFiles {
	sf := &staticFiles{files: map[string]staticFile{}}
	tree := sha256.New()
	// WalkDir visits in lexical order, so the tree hash is stable.
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := p[len("static/"):]
		fmt.Fprintf(tree, "%s %x\n", name, sum)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		if path.Ext(p) == ".js" {
			ct = "text/javascript; charset=utf-8"
			sf.modules = append(sf.modules, name)
		}
		sf.files[name] = staticFile{data: b, contentType: ct}
		return nil
	})
	if err != nil {
		panic("web: load static files: " + err.Error())
	}
	sf.hash = hex.EncodeToString(tree.Sum(nil)[:6])
	url := func(name string) (string, error) {
		if _, ok := sf.files[name]; !ok {
			return "", carousel.Errorf(carousel.EINTERNAL, "no static file %q", name)
		}
		return "/static/" + sf.hash + "/" + name, nil
	}
	funcs := template.FuncMap{
		"static": url,
		// modules lists the studio's modules but the entry, which the page
		// loads itself; the other pages' modules (js/pages/) are left out.
		"modules": func(entry string) []string {
			var urls []string
			for _, m := range sf.modules {
				if m != entry && !strings.HasPrefix(m, "js/pages/") {
					u, _ := url(m)
					urls = append(urls, u)
				}
			}
			return urls
		},
	}
	sf.pages = map[string]*template.Template{}
	for _, name := range pages {
		sf.pages[name] = template.Must(template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/"+name, "templates/parts.html"))
	}
	return sf
}

func (s *Server) serveStatic(w http.ResponseWriter, r *http.Request) {
	f, ok := s.static.files[r.PathValue("path")]
	if !ok || r.PathValue("hash") != s.static.hash {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.contentType)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Length", strconv.Itoa(len(f.data)))
	w.Write(f.data)
}

// pageData is what the page templates show.
type pageData struct {
	Version    string
	CSRF       string
	Auth       bool   // sign-in is on
	SignedInAs string // the signed-in user's email
	SSO        bool   // single sign-on is configured
	SSOName    string
	Error      string // what went wrong, for the user
	Invite     *invitePage
	Review     *reviewPage
	Formats    []carousel.Format
}

// showPage renders one of the pages with status.
func (s *Server) showPage(w http.ResponseWriter, r *http.Request, status int, name string, d pageData) {
	d.Version = s.Version
	d.Auth = s.authOn()
	d.SSO = s.SSO != nil && d.Auth
	d.SSOName = s.SSOName
	if d.SSOName == "" {
		d.SSOName = "single sign-on"
	}
	var buf bytes.Buffer
	if err := s.static.pages[name].Execute(&buf, d); err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// showStudio shows the studio, or the sign-in form to a signed-out visitor.
func (s *Server) showStudio(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p == nil {
		s.showPage(w, r, http.StatusOK, "signin.html", pageData{})
		return
	}
	d := pageData{CSRF: s.csrfToken(p), Formats: carousel.Formats}
	if p.user != nil {
		d.SignedInAs = p.user.Email
	}
	s.showPage(w, r, http.StatusOK, "studio.html", d)
}
