// SPDX-License-Identifier: MIT

package publish_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
	"github.com/carouselstudio/carousel/publish"
	"github.com/carouselstudio/carousel/publish/fake"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/secret"
	"github.com/carouselstudio/carousel/store"
)

type publishConfig = publish.Config

var (
	engineOnce sync.Once
	engine     *render.Engine
)

func sharedEngine(t *testing.T) *render.Engine {
	engineOnce.Do(func() {
		var err error
		engine, err = render.New(render.Options{SystemFontDirs: []string{}})
		if err != nil {
			t.Fatalf("render.New: %v", err)
		}
	})
	return engine
}

// env is a publisher wired to a real store and render engine, fake
// platforms, and a media server standing for `carousel serve`'s public
// address.
type env struct {
	t     *testing.T
	ctx   context.Context
	db    *store.DB
	dsn   string
	key   *secret.Key
	cfg   publish.Config
	pub   *publish.Publisher
	li    *fake.LinkedIn
	ig    *fake.Meta
	th    *fake.Meta
	tk    *fake.TikTok
	media *httptest.Server
	// refuseMedia makes the public address answer 404, as one the
	// internet cannot reach would fail.
	refuseMedia atomic.Bool
	mediaHits   atomic.Int64
	// skew moves the publisher's clock, in nanoseconds.
	skew atomic.Int64
	logs *strings.Builder
}

func newEnv(t *testing.T, tweak ...func(*publish.Config)) *env {
	t.Helper()
	ctx := context.Background()
	dsn := filepath.Join(t.TempDir(), "carousel.db")
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	key, _ := secret.Parse(secret.New())
	db.Secrets = key
	e := &env{t: t, ctx: ctx, db: db, dsn: dsn, key: key, li: fake.NewLinkedIn(), ig: fake.NewInstagram(), th: fake.NewThreads(), tk: fake.NewTikTok(), logs: &strings.Builder{}}
	for _, s := range []*fake.Server{e.li.Server, e.ig.Server, e.th.Server, e.tk.Server} {
		t.Cleanup(s.Close)
	}
	e.media = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mediaHits.Add(1)
		token, ok := strings.CutPrefix(r.URL.Path, publish.MediaPath)
		if !ok || e.refuseMedia.Load() {
			http.NotFound(w, r)
			return
		}
		data, typ, err := e.pub.Media(r.Context(), token)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", typ)
		w.Write(data)
	}))
	t.Cleanup(e.media.Close)
	app := func(s *fake.Server, version string) publish.App {
		return publish.App{ClientID: s.ClientID, ClientSecret: s.ClientSecret, AuthBase: s.URL, TokenBase: s.URL, APIBase: s.URL, Version: version}
	}
	cfg := publish.Config{
		Apps: map[string]publish.App{
			carousel.LinkedIn:  app(e.li.Server, "202510"),
			carousel.Instagram: app(e.ig.Server, e.ig.Version),
			carousel.Threads:   app(e.th.Server, e.th.Version),
			carousel.TikTok:    app(e.tk.Server, ""),
		},
		PublicURL: e.media.URL, MediaKey: key.Derive("media"), StateKey: key.Derive("state"),
		PollInterval: 5 * time.Millisecond, LinkedInGrace: 5 * time.Millisecond, RetryBase: time.Second,
		ProcessingTimeout: 5 * time.Second, Lease: 5 * time.Second, ScanInterval: 50 * time.Millisecond,
		Now: func() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) },
	}
	for _, f := range tweak {
		f(&cfg)
	}
	e.cfg = cfg
	logger := slog.New(slog.NewTextHandler(io.MultiWriter(lockedWriter(e.logs)), &slog.HandlerOptions{Level: slog.LevelInfo}))
	e.pub, err = publish.New(cfg, db, db, sharedEngine(t), logger)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// newEnvSharing returns a second publisher on e's database, through its
// own connection, as another instance would be.
func newEnvSharing(t *testing.T, e *env) *publish.Publisher {
	t.Helper()
	db, err := store.Open(e.ctx, e.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.Secrets = e.key
	p, err := publish.New(e.cfg, db, db, sharedEngine(t), slog.New(slog.NewTextHandler(lockedWriter(e.logs), nil)))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func lockedWriter(w io.Writer) io.Writer { return &syncWriter{w: w} }

const threadText = `Five habits of calm, clear writing #writing

---

**Start with the point.** Say the one thing your reader must remember.

---

Cut every word that does no work. #editing

---

Read it aloud before you post. Your ear catches what your eye forgives.`

// project returns a planned project of the thread in a format, with about
// extra more content posts.
func (e *env) project(format string, extra int) *carousel.Project {
	e.t.Helper()
	text := threadText
	for i := range extra {
		text += fmt.Sprintf("\n\n---\n\nExtra habit %d: keep one idea per slide.", i+1)
	}
	th, err := markup.ParseThread(text)
	if err != nil {
		e.t.Fatal(err)
	}
	p := &carousel.Project{Version: carousel.ProjectVersion, ID: "proj-1", Title: "Five habits of calm writing", Thread: *th,
		Settings: carousel.Settings{Format: format}}
	if _, err := sharedEngine(e.t).Plan(e.ctx, p, true); err != nil {
		e.t.Fatal(err)
	}
	return p
}

// slides is how many slides p renders to.
func (e *env) slides(p *carousel.Project) int {
	l, err := sharedEngine(e.t).Layout(e.ctx, p)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(l.Slides)
}

// connect stores an account whose token the fake knows.
func (e *env) connect(platform, kind, externalID, token string, tok carousel.Token) *carousel.SocialAccount {
	e.t.Helper()
	tok.Access = token
	subject := externalID
	if platform == carousel.LinkedIn {
		subject = strings.TrimPrefix(strings.TrimPrefix(externalID, "urn:li:person:"), "urn:li:organization:")
	}
	c := &carousel.Credential{Platform: platform, Subject: subject, Token: tok}
	a := &carousel.SocialAccount{Platform: platform, Kind: kind, ExternalID: externalID, Name: "Ada " + platform}
	if err := e.db.ConnectAccounts(e.ctx, c, []*carousel.SocialAccount{a}); err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) linkedInMember() *carousel.SocialAccount {
	e.li.Member("li-token", "ada123", "Ada Lovelace")
	return e.connect(carousel.LinkedIn, carousel.AccountMember, "urn:li:person:ada123", "li-token", carousel.Token{})
}

func (e *env) linkedInPage() *carousel.SocialAccount {
	e.li.Member("li-page-token", "ada123", "Ada Lovelace")
	e.li.Organizations["ada123"] = map[string]string{"42": "Analytical Engines"}
	return e.connect(carousel.LinkedIn, carousel.AccountOrganization, "urn:li:organization:42", "li-page-token", carousel.Token{})
}

func (e *env) instagram() *carousel.SocialAccount {
	e.ig.User("ig-token", "17841400000000001", "ada_builds")
	return e.connect(carousel.Instagram, carousel.AccountBusiness, "17841400000000001", "ig-token", carousel.Token{Renewable: true, Expires: time.Now().Add(50 * 24 * time.Hour)})
}

func (e *env) threads() *carousel.SocialAccount {
	e.th.User("th-token", "25000000000001", "ada_builds")
	return e.connect(carousel.Threads, carousel.AccountUser, "25000000000001", "th-token", carousel.Token{Renewable: true, Expires: time.Now().Add(50 * 24 * time.Hour)})
}

func (e *env) tiktok() *carousel.SocialAccount {
	e.tk.Creator("tk-token", "-000ada-open-id", "Ada")
	return e.connect(carousel.TikTok, carousel.AccountUser, "-000ada-open-id", "tk-token", carousel.Token{})
}

// schedule schedules p to one account now and returns its jobs.
func (e *env) schedule(p *carousel.Project, a *carousel.SocialAccount, caption string, opts carousel.PostOptions, split bool) []*carousel.PostJob {
	e.t.Helper()
	jobs, err := e.pub.Schedule(e.ctx, p, carousel.PublishRequest{Split: split, Accounts: []carousel.PublishTarget{{Account: a.ID, Caption: caption, Options: opts}}})
	if err != nil {
		e.t.Fatalf("Schedule: %v", err)
	}
	return jobs
}

// run publishes a job now and returns it as it ended.
func (e *env) run(id string) *carousel.PostJob {
	e.t.Helper()
	j, err := e.pub.RunJob(e.ctx, id)
	if err != nil {
		e.t.Fatalf("RunJob: %v", err)
	}
	return j
}

// runInterrupted runs a job and stops it after d, as a server that stops.
func (e *env) runInterrupted(id string, d time.Duration) *carousel.PostJob {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(e.ctx, d)
	defer cancel()
	j, err := e.pub.RunJob(ctx, id)
	if err != nil {
		e.t.Fatalf("RunJob: %v", err)
	}
	return j
}

func wantState(t *testing.T, j *carousel.PostJob, state carousel.PostState, parts ...string) {
	t.Helper()
	if j.State != state {
		t.Fatalf("job is %s (%s), want %s", j.State, j.Error, state)
	}
	for _, p := range parts {
		if !strings.Contains(j.Error, p) {
			t.Fatalf("job error %q does not mention %q", j.Error, p)
		}
	}
}
