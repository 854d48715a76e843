// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
)

func (s *Server) getCatalog(w http.ResponseWriter, r *http.Request) {
	c := s.Render.Catalog()
	w.Header().Set("Cache-Control", "private, max-age=300")
	// The studio takes the default format and each format's platforms
	// from here rather than keeping its own copy of the rules.
	writeJSON(w, http.StatusOK, struct {
		carousel.Catalog
		DefaultFormat string              `json:"defaultFormat"`
		BrandItems    []string            `json:"brandItems"`
		Platforms     []carousel.Platform `json:"platforms"`
	}{c, carousel.DefaultFormat, carousel.BrandItemKinds, carousel.Platforms})
}

func (s *Server) templateThumb(w http.ResponseWriter, r *http.Request) {
	s.thumbnail(w, r, "template", func(c carousel.Catalog) []carousel.CatalogEntry { return c.Templates },
		func(st *carousel.Settings, name string) { st.Template = name })
}

func (s *Server) patternThumb(w http.ResponseWriter, r *http.Request) {
	s.thumbnail(w, r, "pattern", func(c carousel.Catalog) []carousel.CatalogEntry { return c.Patterns },
		func(st *carousel.Settings, name string) {
			st.Pattern = carousel.Pattern{Name: name, Density: 1, Opacity: 0.5}
		})
}

// thumbnail renders a small sample carousel with one template or pattern
// through the engine, once per process: the picture is what the user gets.
func (s *Server) thumbnail(w http.ResponseWriter, r *http.Request, kind string,
	entries func(carousel.Catalog) []carousel.CatalogEntry, apply func(*carousel.Settings, string)) {
	name, ok := strings.CutSuffix(r.PathValue("file"), ".svg")
	known := false
	for _, e := range entries(s.Render.Catalog()) {
		known = known || e.Name == name
	}
	if !ok || !known {
		s.Error(w, r, errNotFound("no %s %q in the catalog", kind, r.PathValue("file")))
		return
	}
	key := kind + "/" + name
	b, cached := s.thumbs.Load(key)
	if !cached {
		p := sampleProject()
		apply(&p.Settings, name)
		svg, err := s.renderThumb(r.Context(), p)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		b, _ = s.thumbs.LoadOrStore(key, svg)
	}
	data := b.([]byte)
	h := w.Header()
	h.Set("Content-Type", "image/svg+xml")
	h.Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox")
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

func (s *Server) renderThumb(ctx context.Context, p *carousel.Project) ([]byte, error) {
	release, err := s.acquireRender(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	if _, err := s.Render.Plan(ctx, p, true); err != nil {
		return nil, wrapRender(err, "thumbnail plan")
	}
	layout, err := s.Render.Layout(ctx, p)
	if err != nil {
		return nil, wrapRender(err, "thumbnail layout")
	}
	// The first content slide shows a template best; the cover otherwise.
	n := 1
	for i, rs := range layout.Slides {
		if rs.Source < len(p.Slides) && p.Slides[rs.Source].Kind == carousel.SlideContent {
			n = i + 1
			break
		}
	}
	var buf bytes.Buffer
	if err := s.Render.SVG(ctx, &buf, p, n); err != nil {
		return nil, wrapRender(err, "thumbnail")
	}
	return buf.Bytes(), nil
}

// sampleProject is the start of the sample thread: a cover and two
// content slides, enough to show a template or a pattern.
func sampleProject() *carousel.Project {
	t := carousel.SampleThread()
	t.Posts = t.Posts[:3]
	return &carousel.Project{Version: carousel.ProjectVersion, Title: "Sample", Thread: *t}
}
