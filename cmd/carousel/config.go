// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

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

// openStore creates the data directory and opens the database. A data
// directory that cannot be made or written is named, with the reason.
func (c *config) openStore(ctx context.Context) (*store.DB, error) {
	if c.DB == "" {
		if err := os.MkdirAll(c.DataDir, 0o755); err != nil {
			return nil, carousel.Errorf(carousel.EUNAVAILABLE, "cannot create the data directory %s: %s; give another with --data or CAROUSEL_DATA", c.DataDir, fsReason(err))
		}
		if err := checkWritable(c.DataDir); err != nil {
			return nil, carousel.Errorf(carousel.EUNAVAILABLE, "the data directory %s cannot be written (%s), so the database cannot be opened; make it writable or give another with --data or CAROUSEL_DATA", c.DataDir, fsReason(err))
		}
	}
	db, err := store.Open(ctx, c.dsn())
	if err != nil {
		if c.DB == "" {
			return nil, fmt.Errorf("open the database %s: %w", c.dsn(), err)
		}
		return nil, fmt.Errorf("open database: %w", err)
	}
	return db, nil
}

// checkWritable creates and removes a file in dir: permission bits do
// not tell about read-only mounts, and root ignores them.
func checkWritable(dir string) error {
	f, err := os.CreateTemp(dir, ".carousel-write-check-*")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// fsReason says why a file operation failed, without Go's wording.
func fsReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, syscall.EROFS):
		return "read-only file system"
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full"
	case errors.Is(err, fs.ErrNotExist):
		return "no such directory"
	case errors.Is(err, syscall.ENOTDIR):
		return "a part of the path is a file"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
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

// newEngine returns a render engine whose images come from the one image
// loader, with the given policy for local files.
func newEngine(db *store.DB, im *importer.Importer, files filePolicy) (*render.Engine, error) {
	return render.New(render.Options{LoadImage: imageLoader(db, im, files)})
}

// filePolicy says whether image references may name local files: only on
// the command line, relative to the input file. The server never reads one.
type filePolicy struct {
	allow bool
	dir   string
}

var noFiles = filePolicy{}

func filesIn(dir string) filePolicy { return filePolicy{allow: true, dir: dir} }

// imageLoader loads image references from the store (asset:), the web
// (through the importer's safe, cached downloader), data: URLs and, when
// the policy allows, local files.
func imageLoader(db *store.DB, im *importer.Importer, files filePolicy) func(ctx context.Context, ref string) ([]byte, error) {
	l := &carousel.ImageLoader{Files: files.allow, Dir: files.dir}
	if db != nil {
		l.Asset = func(ctx context.Context, ref string) ([]byte, error) {
			data, _, err := db.Asset(ctx, ref)
			return data, err
		}
	} else {
		l.Asset = func(context.Context, string) ([]byte, error) {
			return nil, carousel.Errorf(carousel.ENOTFOUND, "stored images (asset:) need the database of carousel serve: none was found")
		}
	}
	if im != nil {
		l.Fetch = im.FetchMedia
	}
	return l.Load
}
