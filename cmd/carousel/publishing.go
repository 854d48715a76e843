// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/publish"
	"github.com/carouselstudio/carousel/secret"
	"github.com/carouselstudio/carousel/store"
)

// addSecretFlag registers --secret-key-file. The key itself is read only
// from CAROUSEL_SECRET_KEY, never from a flag, which other users could
// see in the process list.
func (c *config) addSecretFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", os.Getenv("CAROUSEL_SECRET_KEY_FILE"),
		"`file` holding the key that encrypts account tokens, outside the data directory, when CAROUSEL_SECRET_KEY is not set (CAROUSEL_SECRET_KEY_FILE)")
}

// addPublicURLFlag registers --public-url.
func (c *config) addPublicURLFlag(fs *flag.FlagSet) {
	fs.StringVar(&c.PublicURL, "public-url", os.Getenv("CAROUSEL_PUBLIC_URL"),
		"the studio's public `URL` (https://studio.example.com), where Instagram, Threads and TikTok fetch images and OAuth returns (CAROUSEL_PUBLIC_URL)")
}

// checkPublicURL checks --public-url and returns it without a trailing slash.
func checkPublicURL(v string) (string, error) {
	v = strings.TrimRight(strings.TrimSpace(v), "/")
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return "", carousel.Errorf(carousel.EINVALID, "--public-url must be an absolute http(s) address such as https://studio.example.com, not %q", v)
	}
	return v, nil
}

// loadKey reads the secret key; nil without one.
func (c *config) loadKey() (*secret.Key, error) {
	dirs := []string{c.DataDir}
	if c.DB != "" && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://") {
		dirs = append(dirs, filepath.Dir(strings.TrimPrefix(strings.TrimPrefix(c.DB, "sqlite:"), "file:")))
	}
	file := c.SecretKeyFile
	if file == "" {
		file = os.Getenv("CAROUSEL_SECRET_KEY_FILE") // commands without the flag
	}
	return secret.Load(os.Getenv("CAROUSEL_SECRET_KEY"), file, dirs...)
}

// errNoKey says how to turn publishing on.
var errNoKey = carousel.Errorf(carousel.EINVALID, "connected accounts need a secret key to encrypt their tokens: "+
	"set CAROUSEL_SECRET_KEY (make one with `carousel accounts keygen`) or --secret-key-file, outside the data directory")

// newPublisher returns a publisher on db, or nil when no secret key is
// configured (publishing is off). It sets db.Secrets.
func (c *config) newPublisher(db *store.DB, eng publish.Renderer, logger *slog.Logger) (*publish.Publisher, error) {
	key, err := c.loadKey()
	if err != nil || key == nil {
		return nil, err
	}
	db.Secrets = key
	public, err := checkPublicURL(c.PublicURL)
	if err != nil {
		return nil, err
	}
	pc := publish.Config{
		Apps:      publish.AppsFromEnv(os.LookupEnv),
		PublicURL: public,
		MediaKey:  key.Derive("carousel public media v1"),
		StateKey:  key.Derive("carousel oauth state v1"),
	}
	if err := publishTuning(&pc); err != nil {
		return nil, err
	}
	return publish.New(pc, db, db, eng, logger)
}

// publishTuning reads the scheduler's timings from CAROUSEL_PUBLISH_*
// variables: most installs never set them; tests do.
func publishTuning(pc *publish.Config) error {
	for _, d := range []struct {
		name string
		dst  *time.Duration
	}{
		{"CAROUSEL_PUBLISH_LEASE", &pc.Lease},
		{"CAROUSEL_PUBLISH_SCAN_INTERVAL", &pc.ScanInterval},
		{"CAROUSEL_PUBLISH_POLL_INTERVAL", &pc.PollInterval},
		{"CAROUSEL_PUBLISH_PROCESSING_TIMEOUT", &pc.ProcessingTimeout},
		{"CAROUSEL_PUBLISH_RETRY_BASE", &pc.RetryBase},
		{"CAROUSEL_LINKEDIN_DOCUMENT_WAIT", &pc.LinkedInGrace},
	} {
		v := strings.TrimSpace(os.Getenv(d.name))
		if v == "" {
			continue
		}
		t, err := time.ParseDuration(v)
		if err != nil || t <= 0 {
			return carousel.Errorf(carousel.EINVALID, "%s must be a duration such as 30s or 2m, not %q", d.name, v)
		}
		*d.dst = t
	}
	if v := strings.TrimSpace(os.Getenv("CAROUSEL_PUBLISH_WORKERS")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return carousel.Errorf(carousel.EINVALID, "CAROUSEL_PUBLISH_WORKERS must be a positive number, not %q", v)
		}
		pc.Workers = n
	}
	return nil
}

// accountTokens gives the importer an account's access token: the one
// configured (CAROUSEL_THREADS_TOKEN), else the connected account's, read
// with the secret key when publishing is on.
type accountTokens struct {
	static string
	db     *store.DB
}

func (a accountTokens) AccessToken(ctx context.Context, platform string) (string, error) {
	if platform == carousel.Threads && a.static != "" {
		return a.static, nil
	}
	if a.db == nil || a.db.Secrets == nil {
		return "", nil
	}
	list, err := a.db.FindSocialAccounts(ctx, carousel.SocialAccountFilter{Platform: platform})
	if err != nil {
		return "", err
	}
	for _, acc := range list {
		if acc.Status != carousel.CredentialConnected {
			continue
		}
		c, err := a.db.FindCredentialByID(ctx, acc.CredentialID)
		if err != nil {
			return "", err
		}
		return c.Token.Access, nil
	}
	return "", nil
}

// inWorkspace returns ctx acting in the named workspace, or in the first
// one when name is empty (as single-user mode does).
func inWorkspace(ctx context.Context, db *store.DB, name string) (context.Context, error) {
	if strings.TrimSpace(name) == "" {
		return ctx, nil
	}
	ws, err := db.FindWorkspaceByName(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("--workspace %q: %w", name, err)
	}
	return carousel.NewContextWithWorkspace(ctx, ws.ID), nil
}

// describeAccount is one line about an account for a terminal.
func describeAccount(a *carousel.SocialAccount) string {
	name := a.Name
	if a.Username != "" {
		name += " (@" + a.Username + ")"
	}
	state := "connected"
	switch {
	case a.Status == carousel.CredentialReconnect:
		state = "reconnect: " + a.StatusMessage
	case a.Expires != nil && !a.Expires.After(time.Now()):
		state = "expired " + a.Expires.Format("2006-01-02")
	case a.Refreshable:
		state = "connected, renews itself"
	case a.Expires != nil:
		state = "connected, expires " + a.Expires.Format("2006-01-02")
	}
	return fmt.Sprintf("%-12s  %-9s  %-28s  %s  [%s]", a.ID, a.Platform, name, a.ExternalID, state)
}
