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
	"net/netip"
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

	// Publishing (see publish.go). SocialAccounts and Posts are the store;
	// Publish is nil when publishing is off (no secret key), and the studio
	// says so. OAuth providers send people back to PublicURL, or to the
	// request's own host without one.
	Publish        carousel.PublishService
	SocialAccounts carousel.SocialAccountService
	Posts          carousel.PostJobService

	Logger *slog.Logger
	// MaxRenders bounds concurrent renders; default runtime.NumCPU().
	// A request that cannot get a turn within RenderWait answers 503.
	MaxRenders int
	// RenderWait is how long a render waits for a turn; default 2 s.
	RenderWait time.Duration
	// MaxUpload bounds image uploads in bytes (default 20 MB); archives
	// may be ten times larger (default 200 MB), and the archives kept for
	// picking a thread thirty times larger in all.
	MaxUpload int64
	// UploadDir is where uploaded archives wait for a thread to be picked:
	// a folder of this server's, emptied at start-up. Empty means the
	// system's temporary folder, where only folders over an hour old are
	// cleaned (other servers may share it).
	UploadDir string
	// BodyTimeout is the longest a request body may take to deliver each
	// 64 KB; default 30 s.
	BodyTimeout time.Duration
	Version     string
	// Hosts are the host names and addresses the server answers to besides
	// localhost, 127.0.0.1 and [::1] (the listen address's host, say). A
	// request with any other Host header gets 421, which defeats DNS
	// rebinding.
	Hosts []string
	// PublicURL is where users reach the studio when it is behind a proxy
	// ("https://carousel.example.com"); its host is answered to and its
	// origin is accepted on state-changing requests. Links that leave the
	// page (review links, invites, the single sign-on callback) are made
	// with it, and an https URL makes the session cookie Secure.
	PublicURL string
	// TrustedProxies are the reverse proxies in front of the server. A
	// request from one of them is taken to come from the address its
	// X-Forwarded-For names (the last one not itself a trusted proxy), for
	// the sign-in limits and the audit log; from anywhere else the header
	// is ignored, so that nobody can choose their own address.
	TrustedProxies []netip.Prefix

	// Auth turns sign-in on: every API route but the public ones then
	// needs a session or an API token, and works in that credential's
	// workspace. Off (single-user mode), every request works as the owner
	// of the first workspace. It needs Accounts and Workspaces.
	Auth       bool
	Accounts   carousel.AccountService
	Workspaces carousel.WorkspaceService
	Reviews    carousel.ReviewService // client review links, comments, decisions
	Audit      carousel.AuditService  // optional
	// SignInFailures keeps the sign-in limits' counts in the database, for
	// every instance; without it each process counts its own.
	SignInFailures carousel.SignInFailures
	SSO            carousel.SingleSignOn // optional single sign-on
	// SSOName names the single sign-on provider on the sign-in button.
	SSOName string
	// SessionTTL is how long a session lasts without use; default 14 days.
	SessionTTL time.Duration
	// Now gives the time for the sign-in limits; tests may replace it.
	Now func() time.Time

	once     sync.Once
	handler  http.Handler
	csrf     string
	renders  chan struct{}
	static   *staticFiles
	thumbs   sync.Map // "template/name" or "pattern/name" → []byte
	archives archiveUploads
	hosts    *hostPolicy

	signInLimits *signInLimits
}

// Handler returns every route of the route table behind its access rule
// (sign-in, role and CSRF checks), wrapped in the middleware: security
// headers and CSP, the Host and Origin checks, body deadlines, panic
// recovery and the request log.
func (s *Server) Handler() http.Handler {
	s.once.Do(s.init)
	return s.handler
}

// CheckConfig reports a configuration the server cannot start with (a
// public URL that is not one).
func (s *Server) CheckConfig() error {
	_, err := newHostPolicy(s.Hosts, s.PublicURL)
	return err
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
	if s.BodyTimeout <= 0 {
		s.BodyTimeout = 30 * time.Second
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
	s.archives.maxTotal = s.MaxUpload * 30
	s.archives.root = s.UploadDir
	if s.archives.root == "" {
		s.archives.root = os.TempDir()
	} else if err := os.MkdirAll(s.archives.root, 0o700); err != nil {
		s.Logger.Warn("cannot make the upload folder; using the temporary folder", "dir", s.archives.root, "err", err)
		s.archives.root = os.TempDir()
	}
	s.archives.clean(s.archives.root == s.UploadDir)
	hp, err := newHostPolicy(s.Hosts, s.PublicURL)
	if err != nil {
		panic("web: " + err.Error()) // Check reports it before Handler is called
	}
	s.hosts = hp

	if s.SessionTTL <= 0 {
		s.SessionTTL = 14 * 24 * time.Hour
	}
	s.signInLimits = newSignInLimits(s.SignInFailures)

	mux := http.NewServeMux()
	s.register(mux, s.routes())
	s.handler = s.logRequests(s.recoverPanics(s.securityHeaders(s.checkHost(s.bodyDeadlines(mux)))))
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "version": s.Version})
}

func (s *Server) getCSRF(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]string{"token": s.csrfToken(principalOf(r))})
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
