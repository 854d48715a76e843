// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/store"
)

// config holds what the commands share. Flags override CAROUSEL_*
// environment variables, which override the defaults.
type config struct {
	DataDir  string
	DB       string
	Importer importer.Config
	// ThreadsToken is the Threads access token from the configuration,
	// until connected accounts hold it.
	ThreadsToken string
}

// addFlags registers the shared flags on fs, with defaults from the environment.
func (c *config) addFlags(fs *flag.FlagSet) {
	*c = config{Importer: importer.ConfigFromEnv(os.LookupEnv)}
	fs.StringVar(&c.DataDir, "data", envOr("CAROUSEL_DATA", defaultDataDir()), "data `directory` for the database and the media cache")
	fs.StringVar(&c.DB, "db", os.Getenv("CAROUSEL_DB"), "database: a postgres:// URL, or empty for SQLite in the data directory")
	fs.StringVar(&c.Importer.BearerToken, "x-bearer-token", c.Importer.BearerToken, "X API v2 bearer `token` (CAROUSEL_X_BEARER_TOKEN)")
	fs.StringVar(&c.Importer.XAPIBase, "x-api-base", c.Importer.XAPIBase, "X API v2 base `URL` (CAROUSEL_X_API_BASE)")
	fs.StringVar(&c.Importer.FxTwitterBase, "fxtwitter-base", c.Importer.FxTwitterBase, "FxTwitter base `URL`; empty turns FxTwitter off (CAROUSEL_FXTWITTER_BASE)")
	fs.StringVar(&c.Importer.SyndicationBase, "syndication-base", c.Importer.SyndicationBase, "syndication endpoint base `URL` (CAROUSEL_SYNDICATION_BASE)")
	fs.StringVar(&c.Importer.BlueskyBase, "bluesky-base", c.Importer.BlueskyBase, "Bluesky AppView base `URL`, default the public one (CAROUSEL_BLUESKY_BASE)")
	fs.StringVar(&c.Importer.ThreadsAPIBase, "threads-api-base", c.Importer.ThreadsAPIBase, "Threads Graph API base `URL` (CAROUSEL_THREADS_API_BASE)")
	fs.StringVar(&c.ThreadsToken, "threads-token", os.Getenv("CAROUSEL_THREADS_TOKEN"), "Threads access `token` of your account, to import your own threads (CAROUSEL_THREADS_TOKEN)")
}

func envOr(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// defaultDataDir follows each system's convention for application data.
func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "carousel-studio")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "carousel-data"
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Application Support", "carousel-studio")
	case "windows":
		if d := os.Getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "carousel-studio")
		}
	}
	return filepath.Join(home, ".local", "share", "carousel-studio")
}

// dsn is the database to open: --db, or SQLite in the data directory.
func (c *config) dsn() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.DataDir, "carousel.db")
}

// hasStore reports whether there is a database to open without creating
// one: a --db URL, or the SQLite file of an earlier `carousel serve`.
func (c *config) hasStore() bool {
	if c.DB != "" {
		return true
	}
	_, err := os.Stat(c.dsn())
	return err == nil
}

// openStore creates the data directory and opens the database.
func (c *config) openStore(ctx context.Context) (*store.DB, error) {
	if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
		return nil, carousel.Errorf(carousel.EINVALID, "cannot create the data directory %s: %v", c.DataDir, err)
	}
	db, err := store.Open(ctx, c.dsn())
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// newImporter returns an importer that caches media in the data directory
// and, when db is not nil, keeps archive images as store assets.
func (c *config) newImporter(db *store.DB) *importer.Importer {
	cfg := c.Importer
	cfg.CacheDir = filepath.Join(c.DataDir, "media")
	cfg.Accounts = importer.StaticTokens{"threads": strings.TrimSpace(c.ThreadsToken)}
	if db != nil {
		cfg.StoreMedia = db.PutAsset
	}
	return importer.New(cfg)
}

// newEngine returns a render engine whose images come from imageLoader.
func newEngine(db *store.DB, im *importer.Importer, baseDir string) (*render.Engine, error) {
	return render.New(render.Options{LoadImage: imageLoader(db, im, baseDir), BaseDir: baseDir})
}

// imageLoader loads image references from the store (asset:), the web
// (through the importer's safe, cached downloader), data: URLs and files
// relative to baseDir.
func imageLoader(db *store.DB, im *importer.Importer, baseDir string) func(ctx context.Context, ref string) ([]byte, error) {
	return func(ctx context.Context, ref string) ([]byte, error) {
		switch {
		case strings.HasPrefix(ref, "asset:"):
			if db == nil {
				return nil, carousel.Errorf(carousel.ENOTFOUND, "image %s: no database to load it from", ref)
			}
			data, _, err := db.Asset(ctx, ref)
			return data, err
		case strings.HasPrefix(ref, "http://"), strings.HasPrefix(ref, "https://"):
			return im.FetchMedia(ctx, ref)
		case strings.HasPrefix(ref, "data:"):
			return decodeDataURL(ref)
		}
		path := ref
		if !filepath.IsAbs(path) {
			path = filepath.Join(baseDir, path)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, carousel.Errorf(carousel.ENOTFOUND, "image %s: %v", ref, err)
		}
		return data, nil
	}
}

// decodeDataURL decodes a base64 data: URL.
func decodeDataURL(ref string) ([]byte, error) {
	meta, payload, ok := strings.Cut(strings.TrimPrefix(ref, "data:"), ",")
	if !ok || !strings.HasSuffix(meta, ";base64") {
		return nil, carousel.Errorf(carousel.EINVALID, "image: only base64 data: URLs are supported")
	}
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		return nil, carousel.Errorf(carousel.EINVALID, "image: bad base64 in data: URL: %v", err)
	}
	return data, nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so a failure never leaves a partial file.
func writeFileAtomic(path string, write func(w io.Writer) error) error {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot write %s: %v", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
