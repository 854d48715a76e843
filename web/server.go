// SPDX-License-Identifier: MIT

// Package web serves the studio page and the JSON API of Carousel Studio.
// It holds the domain services as interfaces and never imports their
// implementations: cmd/carousel wires the real ones in.
package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/carouselstudio/carousel"
)

// BrandKit exports and imports every profile and preset as one document.
// The store implements it; when Server.BrandKit is nil, the Profiles
// service is used if it implements BrandKit too.
type BrandKit interface {
	ExportBrandKit(ctx context.Context, w io.Writer) error
	ImportBrandKit(ctx context.Context, r io.Reader, replace bool) (profiles, presets int, err error)
}

// Server is the studio web app and its JSON API.
type Server struct {
	Projects carousel.ProjectService
	Profiles carousel.ProfileService
	Presets  carousel.PresetService
	Assets   carousel.AssetService
	Render   carousel.RenderService
	Import   carousel.ImportService
	BrandKit BrandKit // optional
	// LoadImage, when set, loads a post's image by its reference (an
	// http(s) URL through the importer's safe cache, a file, …) so that the
	// source panel can show thumbnails of images that are not stored assets.
	LoadImage func(ctx context.Context, ref string) ([]byte, error)
	// CheckFont validates an uploaded font file and returns its family
	// name (the render engine's CheckFont); without it fonts are refused.
	CheckFont func(data []byte) (string, error)

	Logger *slog.Logger
	// MaxRenders bounds concurrent renders; default runtime.NumCPU().
	// A request that cannot get a turn within RenderWait answers 503.
	MaxRenders int
	// RenderWait is how long a render waits for a turn; default 2 s.
	RenderWait time.Duration
	// MaxUpload bounds image uploads in bytes (default 20 MB); archives
	// may be ten times larger (default 200 MB).
	MaxUpload int64
	Version   string

	once     sync.Once
	handler  http.Handler
	csrf     string
	renders  chan struct{}
	static   *staticFiles
	thumbs   sync.Map // "template/name" or "pattern/name" → []byte
	archives archiveUploads
}

// Handler returns every route wrapped in the middleware: security headers
// and CSP, CSRF checks, panic recovery and the request log.
func (s *Server) Handler() http.Handler {
	s.once.Do(s.init)
	return s.handler
}

func (s *Server) init() {
	if s.Logger == nil {
		s.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	if s.MaxRenders <= 0 {
		s.MaxRenders = runtime.NumCPU()
	}
	if s.RenderWait <= 0 {
		s.RenderWait = 2 * time.Second
	}
	if s.MaxUpload <= 0 {
		s.MaxUpload = 20 << 20
	}
	if s.BrandKit == nil {
		if bk, ok := s.Profiles.(BrandKit); ok {
			s.BrandKit = bk
		}
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("web: read random CSRF token: " + err.Error()) // crypto/rand never fails on supported systems
	}
	s.csrf = hex.EncodeToString(b[:])
	s.renders = make(chan struct{}, s.MaxRenders)
	s.static = mustLoadStatic()
	s.archives.dirs = map[string]archiveUpload{}

	mux := http.NewServeMux()
	s.routes(mux)
	s.handler = s.logRequests(s.recoverPanics(s.securityHeaders(s.checkCSRF(mux))))
}

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", s.showStudio)
	mux.HandleFunc("GET /static/{hash}/{path...}", s.serveStatic)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/csrf", s.getCSRF)

	mux.HandleFunc("POST /api/projects", s.createProject)
	mux.HandleFunc("GET /api/projects", s.listProjects)
	mux.HandleFunc("GET /api/projects/{id}", s.getProject)
	mux.HandleFunc("PUT /api/projects/{id}", s.updateProject)
	mux.HandleFunc("DELETE /api/projects/{id}", s.deleteProject)
	mux.HandleFunc("GET /api/projects/{id}/revisions", s.listRevisions)
	mux.HandleFunc("GET /api/projects/{id}/revisions/{rev}", s.getRevision)
	mux.HandleFunc("POST /api/projects/{id}/plan", s.planProject)
	mux.HandleFunc("GET /api/projects/{id}/layout", s.getLayout)
	mux.HandleFunc("GET /api/projects/{id}/posts/{post}/media/{index}", s.getPostMedia)
	mux.HandleFunc("GET /api/projects/{id}/slides/{file}", s.getSlide)
	mux.HandleFunc("GET /api/projects/{id}/export.pdf", s.exportPDF)
	mux.HandleFunc("GET /api/projects/{id}/export.zip", s.exportZip)

	mux.HandleFunc("GET /api/catalog", s.getCatalog)
	mux.HandleFunc("GET /api/catalog/templates/{file}", s.templateThumb)
	mux.HandleFunc("GET /api/catalog/patterns/{file}", s.patternThumb)

	mux.HandleFunc("GET /api/profiles", s.listProfiles)
	mux.HandleFunc("POST /api/profiles", s.createProfile)
	mux.HandleFunc("GET /api/profiles/{id}", s.getProfile)
	mux.HandleFunc("PUT /api/profiles/{id}", s.updateProfile)
	mux.HandleFunc("DELETE /api/profiles/{id}", s.deleteProfile)
	mux.HandleFunc("POST /api/profiles/{id}/default", s.setDefaultProfile)

	mux.HandleFunc("GET /api/presets", s.listPresets)
	mux.HandleFunc("POST /api/presets", s.createPreset)
	mux.HandleFunc("GET /api/presets/{id}", s.getPreset)
	mux.HandleFunc("PUT /api/presets/{id}", s.updatePreset)
	mux.HandleFunc("DELETE /api/presets/{id}", s.deletePreset)

	mux.HandleFunc("POST /api/assets", s.uploadAsset)
	mux.HandleFunc("POST /api/fonts", s.uploadFont)
	mux.HandleFunc("GET /api/assets/{ref}", s.getAsset)
	mux.HandleFunc("GET /api/brandkit", s.exportBrandKit)
	mux.HandleFunc("POST /api/brandkit", s.importBrandKit)

	// Unknown API paths answer JSON, not the mux's text 404.
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path))
	})
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.Version})
}

func (s *Server) getCSRF(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"token": s.csrf})
}

// acquireRender waits up to RenderWait for a render turn. It returns a
// release func, or an EUNAVAILABLE error when every turn stays taken.
func (s *Server) acquireRender(ctx context.Context) (func(), error) {
	select {
	case s.renders <- struct{}{}:
		return func() { <-s.renders }, nil
	default:
	}
	t := time.NewTimer(s.RenderWait)
	defer t.Stop()
	select {
	case s.renders <- struct{}{}:
		return func() { <-s.renders }, nil
	case <-t.C:
		return nil, errBusy
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

var errBusy = carousel.Errorf(carousel.EUNAVAILABLE, "The server is busy rendering other slides; try again in a moment.")
