// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode"

	"github.com/carouselstudio/carousel"
)

// getSlide serves one rendered slide as SVG (the live preview) or PNG.
// Its ETag is the slide's layout key, so an unchanged slide costs a 304.
func (s *Server) getSlide(w http.ResponseWriter, r *http.Request) {
	file := r.PathValue("file")
	num, ext, _ := strings.Cut(file, ".")
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || (ext != "svg" && ext != "png" && ext != "jpeg" && ext != "jpg") {
		s.Error(w, r, errNotFound("no slide %q: ask for N.svg, N.png or N.jpeg with N from 1", file))
		return
	}
	ctx := r.Context()
	p, err := s.loadForRender(ctx, r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	layout, err := s.Render.Layout(ctx, p)
	if err != nil {
		s.Error(w, r, wrapRender(err, "layout"))
		return
	}
	if n > len(layout.Slides) {
		s.Error(w, r, errNotFound("project %s has %d slides, not %d", p.ID, len(layout.Slides), n))
		return
	}
	key := layout.Slides[n-1].Key
	etag := `"` + ext + "-" + key + `"`
	h := w.Header()
	cacheControl := "private, no-cache"
	if k := r.URL.Query().Get("k"); k != "" && k == key {
		// The URL names this exact picture: it never changes.
		cacheControl = "private, max-age=31536000, immutable"
	}
	if match := r.Header.Get("If-None-Match"); match != "" && etagMatches(match, etag) {
		h.Set("ETag", etag)
		h.Set("Cache-Control", cacheControl)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	release, err := s.acquireRender(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer release()
	var buf bytes.Buffer
	switch ext {
	case "svg":
		err = s.Render.SVG(ctx, &buf, p, n)
		h.Set("Content-Type", "image/svg+xml")
		// An SVG opened on its own must not run anything.
		h.Set("Content-Security-Policy", "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; sandbox")
	case "png":
		err = s.Render.Image(ctx, &buf, p, n, carousel.PNG)
		h.Set("Content-Type", "image/png")
	default:
		err = s.Render.Image(ctx, &buf, p, n, carousel.JPEG)
		h.Set("Content-Type", "image/jpeg")
	}
	if err != nil {
		h.Del("Content-Type")
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		s.Error(w, r, wrapRender(err, "slide"))
		return
	}
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if r.URL.Query().Get("download") != "" {
		setAttachment(w, fmt.Sprintf("%s-%02d.%s", fileStem(p.Title), n, ext))
	}
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}

// exportPDF serves the slides as one vector PDF.
func (s *Server) exportPDF(w http.ResponseWriter, r *http.Request) {
	s.export(w, r, carousel.Export{Kind: carousel.ExportPDF}, "application/pdf", ".pdf")
}

// exportZip serves every slide as PNG or JPEG in a ZIP.
func (s *Server) exportZip(w http.ResponseWriter, r *http.Request) {
	x := carousel.Export{Kind: carousel.ExportZIP, Image: carousel.PNG}
	switch v := r.URL.Query().Get("format"); v {
	case "", "png":
	case "jpeg", "jpg":
		x.Image = carousel.JPEG
	default:
		s.Error(w, r, carousel.FieldError("format", "must be png or jpeg, found %q", v))
		return
	}
	s.export(w, r, x, "application/zip", ".zip")
}

// export serves an export of the project. from and to (1-based, inclusive)
// pick a range, so a carousel over a platform's limit can be downloaded in parts.
func (s *Server) export(w http.ResponseWriter, r *http.Request, x carousel.Export, mediaType, ext string) {
	ctx := r.Context()
	q := r.URL.Query()
	p, err := s.loadForRender(ctx, r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	name := fileStem(p.Title)
	if x.Kind == carousel.ExportZIP {
		// PNG and JPEG downloads of one carousel must not take each other's name.
		name += "-" + string(x.Image)
	}
	if q.Get("from") != "" || q.Get("to") != "" {
		from, to, err := s.slideRange(ctx, p, q)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		x.From, x.To = from-1, to
		name += fmt.Sprintf("-slides-%d-%d", from, to)
	}
	release, err := s.acquireRender(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer release()
	// Buffer the file so that a failure midway still answers a clear
	// error and the client gets a Content-Length to show progress.
	var buf bytes.Buffer
	warnings, err := s.Render.Export(ctx, carousel.SingleFile(&buf), p, x)
	if err != nil {
		s.Error(w, r, wrapRender(err, strings.ToUpper(string(x.Kind))))
		return
	}
	what := strings.ToUpper(string(x.Kind))
	if x.Kind == carousel.ExportZIP {
		what = strings.ToUpper(string(x.Image))
	}
	s.exported(ctx, p.ID, "exported "+what)
	sendFile(w, buf.Bytes(), mediaType, name+ext, warnings)
}

// exported closes the project's current version after an export, so the
// version list shows what was exported. Failing that loses nothing of the
// export, so it is only logged.
func (s *Server) exported(ctx context.Context, id, note string) {
	if err := s.Projects.CloseProjectRevision(ctx, id, note); err != nil {
		s.Logger.Warn("close version after export", "project", id, "err", err)
	}
}

func (s *Server) slideRange(ctx context.Context, p *carousel.Project, q url.Values) (int, int, error) {
	layout, err := s.Render.Layout(ctx, p)
	if err != nil {
		return 0, 0, wrapRender(err, "layout")
	}
	total := len(layout.Slides)
	from, to := 1, total
	if v := q.Get("from"); v != "" {
		if from, err = strconv.Atoi(v); err != nil || from < 1 || from > total {
			return 0, 0, carousel.FieldError("from", "must be a slide number from 1 to %d, found %q", total, v)
		}
	}
	if v := q.Get("to"); v != "" {
		if to, err = strconv.Atoi(v); err != nil || to < from || to > total {
			return 0, 0, carousel.FieldError("to", "must be a slide number from %d to %d, found %q", from, total, v)
		}
	}
	return from, to, nil
}

func sendFile(w http.ResponseWriter, b []byte, mediaType, filename string, warnings []carousel.Warning) {
	h := w.Header()
	h.Set("Content-Type", mediaType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "private, no-store")
	if len(warnings) > 0 {
		h.Set("X-Carousel-Warnings", strconv.Itoa(len(warnings)))
	}
	setAttachment(w, filename)
	w.Write(b)
}

func setAttachment(w http.ResponseWriter, filename string) {
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`,
		asciiName(filename), url.PathEscape(filename)))
}

// fileStem makes a file name from a title: letters and digits kept, the
// rest as single hyphens, at most 60 characters.
func fileStem(title string) string {
	const max = 60
	var b strings.Builder
	n := 0
	hyphen := false
	for _, r := range strings.ToLower(title) {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			hyphen = true
			continue
		}
		need := 1
		if hyphen && n > 0 {
			need = 2
		}
		if n+need > max {
			break
		}
		if need == 2 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
		n += need
		hyphen = false
	}
	if n == 0 {
		return "carousel"
	}
	return b.String()
}

// asciiName is the fallback file name for clients without filename*.
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range name {
		if r < 0x80 && r != '"' && r != '\\' && unicode.IsPrint(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
