// SPDX-License-Identifier: MIT

// Package importer turns a thread into a carousel.Thread: from a post URL on
// X (X API v2, FxTwitter, syndication, in that order), Bluesky (the public
// AppView), a Mastodon-compatible server (its public API) or Threads (the
// user's own posts, with a token), from the user's X or Mastodon archive,
// or from pasted text. It also downloads post images safely for the
// renderer (FetchMedia).
package importer

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	carousel "github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
)

// UserAgent is sent with every request; FxTwitter refuses anonymous clients.
const UserAgent = "CarouselStudio/1.0 (+self-hosted)"

// Config configures an Importer. The zero value works: no X API, public
// FxTwitter and syndication endpoints, a cache in the user's cache folder.
type Config struct {
	XAPIBase        string // default https://api.x.com ; env CAROUSEL_X_API_BASE
	BearerToken     string // env CAROUSEL_X_BEARER_TOKEN; empty = X API v2 not used
	FxTwitterBase   string // default https://api.fxtwitter.com ; "-" turns FxTwitter off
	SyndicationBase string // default https://cdn.syndication.twimg.com ; "-" turns it off
	BlueskyBase     string // the AppView, default https://public.api.bsky.app ; env CAROUSEL_BLUESKY_BASE
	ThreadsAPIBase  string // default https://graph.threads.net/v1.0 ; env CAROUSEL_THREADS_API_BASE
	// Accounts gives the Threads access token (Threads lets apps read only
	// the signed-in person's posts). Nil: Threads addresses say what is needed.
	Accounts            AccountTokens
	AllowPrivateNetwork bool   // env CAROUSEL_ALLOW_PRIVATE_NETWORK=1
	CacheDir            string // media cache, by content hash
	// StoreMedia keeps archive images (e.g. as store assets) and returns
	// their reference. Nil: they are written into CacheDir and Media.Src is
	// the absolute path.
	StoreMedia  func(ctx context.Context, data []byte, mediaType string) (string, error)
	HTTPClient  *http.Client  // optional, for the API requests
	Timeout     time.Duration // per request, default 15 s
	Concurrency int           // simultaneous requests, default 4

	// MaxRateLimitWait is the longest a 429 is waited out before giving an
	// ERATELIMIT error; default 10 s.
	MaxRateLimitWait time.Duration
	// RetryBackoff is the first wait before retrying a 5xx or network
	// error; it doubles each time. Default 500 ms.
	RetryBackoff time.Duration

	// MaxArchiveEntry and MaxArchiveTotal bound the decompressed bytes of
	// one data file of an X archive and of all of them; defaults
	// DefaultMaxArchiveEntry and DefaultMaxArchiveTotal.
	MaxArchiveEntry, MaxArchiveTotal int64
}

// ConfigFromEnv reads the CAROUSEL_* variables through lookup (os.LookupEnv
// semantics, so that CAROUSEL_FXTWITTER_BASE set to "" turns FxTwitter off).
func ConfigFromEnv(lookup func(string) (string, bool)) Config {
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	cfg := Config{
		XAPIBase:        get("CAROUSEL_X_API_BASE"),
		BearerToken:     get("CAROUSEL_X_BEARER_TOKEN"),
		SyndicationBase: get("CAROUSEL_SYNDICATION_BASE"),
		BlueskyBase:     get("CAROUSEL_BLUESKY_BASE"),
		ThreadsAPIBase:  get("CAROUSEL_THREADS_API_BASE"),
		CacheDir:        get("CAROUSEL_MEDIA_CACHE"),
	}
	if v, ok := lookup("CAROUSEL_FXTWITTER_BASE"); ok {
		cfg.FxTwitterBase = strings.TrimSpace(v)
		if cfg.FxTwitterBase == "" {
			cfg.FxTwitterBase = "-"
		}
	}
	if v, ok := lookup("CAROUSEL_SYNDICATION_BASE"); ok && strings.TrimSpace(v) == "" {
		cfg.SyndicationBase = "-"
	}
	switch strings.ToLower(get("CAROUSEL_ALLOW_PRIVATE_NETWORK")) {
	case "1", "true", "yes", "on":
		cfg.AllowPrivateNetwork = true
	}
	if n, err := strconv.Atoi(get("CAROUSEL_IMPORT_CONCURRENCY")); err == nil && n > 0 {
		cfg.Concurrency = n
	}
	return cfg
}

// Importer implements carousel.ImportService.
type Importer struct {
	cfg        Config
	api        *http.Client // X API, FxTwitter, syndication
	media      *http.Client // FetchMedia: guarded against private addresses
	sem        chan struct{}
	dialAllows func(addr string) bool // test hook: extra addresses allowed

	fullArchiveMu     sync.Mutex
	fullArchiveDenied bool // the token got 403 on full-archive search

	archiveMu sync.Mutex
	archive   *archiveCache

	mastoArchiveMu sync.Mutex
	mastoArchive   *mastoArchiveCache

	sleep func(ctx context.Context, d time.Duration) error
	now   func() time.Time
}

var _ carousel.ImportService = (*Importer)(nil)

// New returns an Importer with defaults filled in.
func New(cfg Config) *Importer {
	if cfg.XAPIBase == "" {
		cfg.XAPIBase = "https://api.x.com"
	}
	if cfg.FxTwitterBase == "" {
		cfg.FxTwitterBase = "https://api.fxtwitter.com"
	}
	if cfg.SyndicationBase == "" {
		cfg.SyndicationBase = "https://cdn.syndication.twimg.com"
	}
	if cfg.BlueskyBase == "" {
		cfg.BlueskyBase = "https://public.api.bsky.app"
	}
	if cfg.ThreadsAPIBase == "" {
		cfg.ThreadsAPIBase = "https://graph.threads.net/v1.0"
	}
	for _, b := range []*string{&cfg.XAPIBase, &cfg.FxTwitterBase, &cfg.SyndicationBase, &cfg.BlueskyBase, &cfg.ThreadsAPIBase} {
		*b = strings.TrimRight(*b, "/")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 15 * time.Second
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	if cfg.MaxRateLimitWait == 0 {
		cfg.MaxRateLimitWait = 10 * time.Second
	}
	if cfg.RetryBackoff <= 0 {
		cfg.RetryBackoff = 500 * time.Millisecond
	}
	if cfg.CacheDir == "" {
		dir, err := os.UserCacheDir()
		if err != nil {
			dir = os.TempDir()
		}
		cfg.CacheDir = filepath.Join(dir, "carousel-studio", "media")
	}
	if abs, err := filepath.Abs(cfg.CacheDir); err == nil {
		cfg.CacheDir = abs
	}
	im := &Importer{cfg: cfg, sem: make(chan struct{}, cfg.Concurrency), now: time.Now, sleep: sleepCtx}
	im.api = cfg.HTTPClient
	if im.api == nil {
		im.api = &http.Client{}
	}
	im.media = im.newMediaClient()
	return im
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Import returns the thread the request names, and warnings about what could
// not be got.
func (im *Importer) Import(ctx context.Context, req carousel.ImportRequest) (*carousel.Thread, []carousel.Warning, error) {
	if req.Archive != "" {
		if kind := mastodonArchiveKind(req.Archive); kind != "" {
			return im.importMastodonArchive(ctx, req.Archive, kind, req.PostID)
		}
		return im.importArchive(ctx, req.Archive, req.PostID)
	}
	src := strings.TrimSpace(req.Source)
	if src == "" {
		return nil, nil, carousel.FieldError("source", "Give a post URL, pasted text or an archive.")
	}
	if id, ok := ParsePostURL(src); ok {
		return im.importPost(ctx, id)
	}
	if ref, ok := parsePostRef(src); ok {
		return im.importRef(ctx, ref)
	}
	if !strings.ContainsAny(src, " \n\t") && (strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "at://")) {
		return nil, nil, notPostAddress(src)
	}
	if err := carousel.CheckPasteSize(req.Source); err != nil {
		return nil, nil, err
	}
	t, warnings, err := markup.ParseThreadWarnings(req.Source)
	if err != nil {
		return nil, nil, err
	}
	if err := t.CheckSize("source"); err != nil {
		return nil, nil, err
	}
	return t, warnings, nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
