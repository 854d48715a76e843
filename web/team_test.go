// SPDX-License-Identifier: MIT

package web_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/publish"
	"github.com/carouselstudio/carousel/secret"
	"github.com/carouselstudio/carousel/store"
	"github.com/carouselstudio/carousel/web"
)

// eachStore runs fn on a fresh SQLite database and, when
// CAROUSEL_TEST_POSTGRES_DSN is set (scripts/with-postgres.sh sets it),
// on a fresh PostgreSQL schema.
func eachStore(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "team.db")) })
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv("CAROUSEL_TEST_POSTGRES_DSN")
		if base == "" {
			t.Skip("CAROUSEL_TEST_POSTGRES_DSN is not set (scripts/with-postgres.sh sets it)")
		}
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Fatal(err)
		}
		var b [6]byte
		rand.Read(b[:])
		schema := "web_" + hex.EncodeToString(b[:])
		if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() })
		sep := "?"
		if strings.Contains(base, "?") {
			sep = "&"
		}
		fn(t, base+sep+"search_path="+schema)
	})
}

// clock is a settable time shared by the store and the server.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// teamEnv is a team server (sign-in on) on the real store, engine and importer.
type teamEnv struct {
	t     *testing.T
	srv   *httptest.Server
	web   *web.Server
	db    *store.DB
	clock *clock
}

func newTeamEnv(t *testing.T, dsn string, configure ...func(*web.Server)) *teamEnv {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	c := &clock{t: time.Now().UTC().Truncate(time.Second)}
	db.Now = c.now
	s := &web.Server{
		Projects: db, Profiles: db, Presets: db, Assets: db,
		Accounts: db, Workspaces: db, Reviews: db, Audit: db, Auth: true,
		Render: sharedEngine(t), Now: c.now,
		Import:  importer.New(importer.Config{FxTwitterBase: "-", SyndicationBase: "-", StoreMedia: db.PutAsset, CacheDir: t.TempDir()}),
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Version: "test",
	}
	for _, f := range configure {
		f(s)
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	return &teamEnv{t: t, srv: srv, web: s, db: db, clock: c}
}

const password = "correct horse battery"

// member makes a user with the role in a workspace.
func (e *teamEnv) member(email, workspace string, role carousel.Role) *carousel.User {
	e.t.Helper()
	ctx := context.Background()
	u, err := e.db.FindUserByEmail(ctx, email)
	if err != nil {
		u = &carousel.User{Email: email}
		if err := e.db.CreateUser(ctx, u, password); err != nil {
			e.t.Fatal(err)
		}
	}
	if err := e.db.SetMember(ctx, workspace, u.ID, role); err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *teamEnv) workspace(name string) *carousel.Workspace {
	e.t.Helper()
	w := &carousel.Workspace{Name: name}
	if err := e.db.CreateWorkspace(context.Background(), w); err != nil {
		e.t.Fatal(err)
	}
	return w
}

// client calls the server as a browser (cookies and the CSRF token) or as
// a script (a bearer token).
type client struct {
	t     *testing.T
	base  string
	http  *http.Client
	csrf  string
	token string
}

func (e *teamEnv) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: e.t, base: e.srv.URL, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (e *teamEnv) bearer(token string) *client {
	c := e.anonymous()
	c.token = token
	return c
}

// signIn signs in with the email and the test password.
func (e *teamEnv) signIn(email string) *client {
	e.t.Helper()
	c := e.anonymous()
	res, b := c.do("POST", "/api/session", map[string]string{"email": email, "password": password})
	if res.StatusCode != 200 {
		e.t.Fatalf("sign in %s: %d %s", email, res.StatusCode, b)
	}
	var s struct{ CSRF string }
	json.Unmarshal(b, &s)
	c.csrf = s.CSRF
	return c
}

func (c *client) do(method, path string, body any, header ...string) (*http.Response, []byte) {
	c.t.Helper()
	var r io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		r, ct = bytes.NewReader(b), "application/json"
	case io.Reader:
		r = b
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		r, ct = bytes.NewReader(j), "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		c.t.Fatal(err)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// json sends a request that must answer status and decodes the answer.
func (c *client) json(method, path string, body any, status int, out any) {
	c.t.Helper()
	res, b := c.do(method, path, body)
	if res.StatusCode != status {
		c.t.Fatalf("%s %s: %d, want %d: %s", method, path, res.StatusCode, status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.t.Fatalf("%s %s: %v in %s", method, path, err, b)
		}
	}
}

// workspaceA is what the isolation test makes in workspace A.
type workspaceA struct {
	project, profile, preset, asset, share, comment, invite, token string
	account, tiktok, post                                          string // publishing
	projectDoc, profileDoc, presetDoc                              []byte
	shareSecret                                                    string
}

// withPublishing turns publishing on: a secret key and a publisher whose
// platforms need not answer (no post is made).
func withPublishing(t *testing.T) func(*web.Server) {
	return func(s *web.Server) {
		db := s.Projects.(*store.DB)
		key, _ := secret.Parse(secret.New())
		db.Secrets = key
		pub, err := publish.New(publish.Config{MediaKey: key.Derive("m"), StateKey: key.Derive("s")}, db, db, s.Render, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		s.Publish, s.SocialAccounts, s.Posts = pub, db, db
	}
}

// makePublishingA connects a LinkedIn and a TikTok account and schedules
// a post in the first workspace, through the store.
func makePublishingA(t *testing.T, db *store.DB) (account, tiktok, post string) {
	t.Helper()
	ctx := context.Background()
	c := &carousel.Credential{Platform: carousel.LinkedIn, Subject: "alpha", Token: carousel.Token{Access: "alpha-secret-token"}}
	a := &carousel.SocialAccount{Platform: carousel.LinkedIn, Kind: carousel.AccountMember, ExternalID: "urn:li:person:alpha", Name: "alpha-secret member"}
	if err := db.ConnectAccounts(ctx, c, []*carousel.SocialAccount{a}); err != nil {
		t.Fatal(err)
	}
	// Creator info is asked of a TikTok account.
	tc := &carousel.Credential{Platform: carousel.TikTok, Subject: "alpha-open-id", Token: carousel.Token{Access: "alpha-secret-tiktok-token"}}
	tk := &carousel.SocialAccount{Platform: carousel.TikTok, Kind: carousel.AccountUser, ExternalID: "alpha-open-id", Name: "alpha-secret creator"}
	if err := db.ConnectAccounts(ctx, tc, []*carousel.SocialAccount{tk}); err != nil {
		t.Fatal(err)
	}
	pdf, err := db.PutPostMedia(ctx, []byte("%PDF-1.7 alpha"), "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	j := &carousel.PostJob{Platform: carousel.LinkedIn, AccountID: a.ID, AccountName: a.Name, Caption: "alpha-secret caption", ProjectTitle: "alpha-secret carousel",
		ScheduledAt: time.Now().Add(time.Hour), Media: []carousel.PostMedia{{Ref: pdf, Type: "application/pdf"}}}
	if err := db.CreatePostJobs(ctx, []*carousel.PostJob{j}); err != nil {
		t.Fatal(err)
	}
	return a.ID, tk.ID, j.ID
}

func makeWorkspaceA(t *testing.T, a *client) workspaceA {
	t.Helper()
	var w workspaceA
	var p struct{ ID string }
	a.json("POST", "/api/projects", map[string]string{"source": pastedThread, "title": "alpha-secret carousel"}, 201, &p)
	w.project = p.ID
	var pf carousel.Profile
	a.json("POST", "/api/profiles", map[string]any{"name": "alpha-secret brand", "author": "Alpha"}, 201, &pf)
	w.profile = pf.ID
	var pr carousel.Preset
	a.json("POST", "/api/presets", map[string]any{"name": "alpha-secret look", "settings": map[string]any{"theme": "midnight", "brand": map[string]string{"profile": pf.ID}}}, 201, &pr)
	w.preset = pr.ID
	body, ct := multipartBody(t, "file", "a.png", tinyPNG)
	res, b := a.do("POST", "/api/assets", body, "Content-Type", ct)
	if res.StatusCode != 201 {
		t.Fatalf("upload: %d %s", res.StatusCode, b)
	}
	var up struct{ Ref string }
	json.Unmarshal(b, &up)
	w.asset = up.Ref
	var sh struct {
		URL   string
		Share carousel.Share
	}
	a.json("POST", "/api/projects/"+w.project+"/share", map[string]int{"days": 7}, 201, &sh)
	w.share, w.shareSecret = sh.Share.ID, sh.URL[strings.LastIndex(sh.URL, "/")+1:]
	var c carousel.Comment
	a.json("POST", "/api/projects/"+w.project+"/comments", map[string]any{"slide": 1, "body": "alpha-secret remark"}, 201, &c)
	w.comment = c.ID
	a.json("POST", "/api/projects/"+w.project+"/review", map[string]string{"state": "approved"}, 200, nil)
	var inv struct{ Invite carousel.Invite }
	a.json("POST", "/api/invites", map[string]string{"role": "editor"}, 201, &inv)
	w.invite = inv.Invite.ID
	var tok struct{ ID string }
	a.json("POST", "/api/tokens", map[string]string{"name": "alpha-secret token"}, 201, &tok)
	w.token = tok.ID
	_, w.projectDoc = a.do("GET", "/api/projects/"+w.project, nil)
	_, w.profileDoc = a.do("GET", "/api/profiles/"+w.profile, nil)
	_, w.presetDoc = a.do("GET", "/api/presets/"+w.preset, nil)
	return w
}

var pathParam = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}`)

// TestIsolationByRouteTable calls every route of the route table as the
// owner of workspace B, by session and by API token, naming workspace A's
// resources: each answers 404, and no answer carries anything of A's.
// Without a credential every route but the public ones answers 401. A
// route the test cannot call (a new path parameter, a public route not
// reviewed here) fails it, so new routes are covered as they are added.
func TestIsolationByRouteTable(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		e := newTeamEnv(t, dsn, withPublishing(t))
		// Workspace A is the first workspace, where a handler that forgot
		// the caller's workspace would look: such a bug shows up here.
		alice := e.member("alice@alpha.example", carousel.DefaultWorkspace, carousel.RoleOwner)
		wsB := e.workspace("Workspace B")
		e.member("bob@beta.example", wsB.ID, carousel.RoleOwner)
		a, b := e.signIn("alice@alpha.example"), e.signIn("bob@beta.example")
		A := makeWorkspaceA(t, a)
		A.account, A.tiktok, A.post = makePublishingA(t, e.db)
		b.json("POST", "/api/projects", map[string]string{"source": pastedThread, "title": "Beta carousel"}, 201, nil)
		var tokB struct{ Token string }
		b.json("POST", "/api/tokens", map[string]string{"name": "beta script"}, 201, &tokB)

		leaks := []string{"alpha-secret", "alice@alpha.example", alice.ID, A.project, A.profile, A.preset,
			strings.TrimPrefix(A.asset, "asset:"), A.share, A.comment, A.invite, A.token, A.account, A.tiktok, A.post}
		// owned fills a path parameter with A's resource; plain ones are
		// values that name nothing of a workspace.
		owned := func(pattern, param string) (string, bool) {
			switch {
			case param == "id" && strings.HasPrefix(pattern[strings.Index(pattern, "/"):], "/api/projects/"):
				return A.project, true
			case param == "id" && strings.Contains(pattern, "/api/profiles/"):
				return A.profile, true
			case param == "id" && strings.Contains(pattern, "/api/presets/"):
				return A.preset, true
			case param == "id" && strings.HasSuffix(pattern, "/creator-info"):
				return A.tiktok, true
			case param == "id" && strings.Contains(pattern, "/api/social-accounts/"):
				return A.account, true
			case param == "id" && strings.Contains(pattern, "/api/posts/"):
				return A.post, true
			case param == "ref":
				return A.asset, true
			case param == "share":
				return A.share, true
			case param == "comment":
				return A.comment, true
			case param == "invite":
				return A.invite, true
			case param == "token":
				return A.token, true
			case param == "user":
				return alice.ID, true
			}
			return "", false
		}
		plain := map[string]string{"rev": "1", "post": "1", "index": "0", "n": "1"}
		plainFile := map[string]string{
			"/api/projects/{id}/slides/{file}":   "1.png",
			"/api/catalog/templates/{file}":      "classic.svg",
			"/api/catalog/patterns/{file}":       "dots.svg",
			"/api/review/{secret}/slides/{file}": "1.png",
		}
		bodies := map[string]any{
			"PUT /api/projects/{id}":           A.projectDoc,
			"PUT /api/profiles/{id}":           A.profileDoc,
			"PUT /api/presets/{id}":            A.presetDoc,
			"POST /api/projects/{id}/comments": map[string]any{"slide": 1, "body": "from B"},
			"POST /api/projects/{id}/review":   map[string]string{"state": "approved"},
			"PUT /api/members/{user}":          map[string]string{"role": "viewer"},
			"PUT /api/session/workspace":       map[string]string{"workspace": carousel.DefaultWorkspace},
			"PUT /api/password":                map[string]string{"current": "not the password", "new": "a new long password"},
			"POST /api/projects":               map[string]string{"source": pastedThread},
			"POST /api/workspaces":             map[string]string{"name": "Workspace B2"},
			"PUT /api/workspace":               map[string]string{"name": "Workspace B"},
			"POST /api/invites":                map[string]string{"role": "viewer"},
			"POST /api/tokens":                 map[string]string{"name": "another"},
		}
		// Routes whose body, not path, names A's resource.
		bodyOwned := map[string]bool{"PUT /api/session/workspace": true}
		// Public routes, each reviewed: anyone may call them.
		publicRoutes := map[string]string{
			"GET /{$}":                               "the studio page, or the sign-in form",
			"GET /static/{hash}/{path...}":           "scripts, styles and icons",
			"GET /healthz":                           "the health check",
			"POST /api/session":                      "sign-in",
			"GET /auth/sso":                          "single sign-on",
			"GET /auth/sso/callback":                 "single sign-on",
			"GET /invite/{secret}":                   "an invite: its secret is the credential",
			"POST /api/invite":                       "accepting an invite: its secret is the credential",
			"GET /r/{secret}":                        "a review link: its secret is the credential",
			"GET /api/review/{secret}":               "a review link",
			"GET /api/review/{secret}/slides/{file}": "a review link",
			"GET /api/review/{secret}/export.pdf":    "a review link",
			"POST /api/review/{secret}/comments":     "a review link",
			"POST /api/review/{secret}/decision":     "a review link",
			"/api/":                                  "unknown API routes answer 404",
			"GET /oauth/{platform}/callback":         "the platform's return from connecting an account: its signed state, bound to the browser by a cookie, is the credential",
			"GET /public/media/{token}":              "a post's image for Instagram, Threads and TikTok to fetch: its signed, expiring address is the credential",
		}

		routes := e.web.Routes()
		// Signing out ends B's session: do it last.
		sort.SliceStable(routes, func(i, j int) bool {
			return routes[j].Pattern == "DELETE /api/session" && routes[i].Pattern != "DELETE /api/session"
		})
		type call struct {
			method, path string
			owned        bool
			body         any
		}
		calls := map[string]call{}
		for _, rt := range routes {
			method, path, ok := strings.Cut(rt.Pattern, " ")
			if !ok {
				method, path = "GET", rt.Pattern
			}
			if rt.Access == "public" {
				if publicRoutes[rt.Pattern] == "" {
					t.Errorf("route %s is public, and the isolation test has not reviewed it: add it to publicRoutes with the reason", rt.Pattern)
				}
				continue
			}
			c := call{method: method, body: bodies[rt.Pattern]}
			if c.body == nil && method != "GET" && method != "DELETE" {
				c.body = map[string]any{}
			}
			path = strings.ReplaceAll(path, "{$}", "")
			path = pathParam.ReplaceAllStringFunc(path, func(m string) string {
				name := pathParam.FindStringSubmatch(m)[1]
				if v, ok := owned(rt.Pattern, name); ok {
					c.owned = true
					return v
				}
				if name == "file" {
					if v, ok := plainFile[path]; ok {
						return v
					}
				}
				if v, ok := plain[name]; ok {
					return v
				}
				t.Errorf("route %s has a parameter {%s} the isolation test cannot fill: teach it", rt.Pattern, name)
				return "x"
			})
			c.path = path
			calls[rt.Pattern] = c
		}
		for pattern := range publicRoutes {
			found := false
			for _, rt := range routes {
				found = found || rt.Pattern == pattern
			}
			if !found {
				t.Errorf("publicRoutes lists %s, which is not a route", pattern)
			}
		}

		t.Run("without a credential", func(t *testing.T) {
			for _, cred := range []*client{e.anonymous(), e.bearer("cst_made-up"), e.bearer("not even a token")} {
				for _, rt := range routes {
					c, ok := calls[rt.Pattern]
					if !ok {
						continue
					}
					res, body := cred.do(c.method, c.path, c.body)
					if res.StatusCode != 401 {
						t.Errorf("%s %s without a valid credential: %d, want 401: %.200s", c.method, c.path, res.StatusCode, body)
						continue
					}
					wantError(t, res, body, 401, carousel.EUNAUTHORIZED)
				}
			}
		})
		for _, pass := range []struct {
			name string
			c    *client
		}{{"session", b}, {"token", e.bearer(tokB.Token)}} {
			t.Run("workspace B by "+pass.name, func(t *testing.T) {
				for _, rt := range routes {
					c, ok := calls[rt.Pattern]
					if !ok {
						continue
					}
					res, body := pass.c.do(c.method, c.path, c.body)
					sent, ok := c.body.([]byte)
					if !ok {
						sent, _ = json.Marshal(c.body)
					}
					sent = append(sent, c.path...)
					for _, leak := range leaks {
						// An id B sent may come back in the error message: B knew it.
						if bytes.Contains(body, []byte(leak)) && !bytes.Contains(sent, []byte(leak)) {
							t.Errorf("%s %s as B answers %d with A's %q: %.300s", c.method, c.path, res.StatusCode, leak, body)
						}
					}
					switch {
					case c.owned || (bodyOwned[rt.Pattern] && pass.name == "session"):
						if res.StatusCode != 404 {
							t.Errorf("%s %s as B: %d, want 404 for A's resource: %.200s", c.method, c.path, res.StatusCode, body)
						} else {
							wantError(t, res, body, 404, carousel.ENOTFOUND)
						}
					case res.StatusCode >= 500 || res.StatusCode == 401:
						t.Errorf("%s %s as B: %d: %.200s", c.method, c.path, res.StatusCode, body)
					}
				}
			})
		}

		// A lost nothing to B's attempts.
		for _, path := range []string{"/api/projects/" + A.project, "/api/profiles/" + A.profile, "/api/presets/" + A.preset, "/api/assets/" + A.asset, "/api/review/" + A.shareSecret} {
			if res, body := a.do("GET", path, nil); res.StatusCode != 200 {
				t.Errorf("after B's attempts, A's %s: %d %.200s", path, res.StatusCode, body)
			}
		}
		var comments struct{ Comments []carousel.Comment }
		a.json("GET", "/api/projects/"+A.project+"/comments", nil, 200, &comments)
		if len(comments.Comments) != 1 {
			t.Errorf("A's project has %d comments after B's attempts, want 1", len(comments.Comments))
		}
		var members struct{ Members []carousel.Member }
		a.json("GET", "/api/members", nil, 200, &members)
		if len(members.Members) != 1 || members.Members[0].Role != carousel.RoleOwner {
			t.Errorf("A's members after B's attempts: %+v", members.Members)
		}
		var invites struct{ Invites []carousel.Invite }
		a.json("GET", "/api/invites", nil, 200, &invites)
		if len(invites.Invites) != 1 {
			t.Errorf("A's invites after B's attempts: %+v", invites.Invites)
		}
		var tokens struct{ Tokens []carousel.APIToken }
		a.json("GET", "/api/tokens", nil, 200, &tokens)
		if len(tokens.Tokens) != 1 {
			t.Errorf("A's tokens after B's attempts: %+v", tokens.Tokens)
		}
	})
}
