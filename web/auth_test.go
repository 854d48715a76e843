// SPDX-License-Identifier: MIT

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/sso"
	"github.com/carouselstudio/carousel/store"
	"github.com/carouselstudio/carousel/web"
	"github.com/oauth2-proxy/mockoidc"
)

func sqliteDSN(t *testing.T) string { return filepath.Join(t.TempDir(), "team.db") }

func sessionCookieOf(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range res.Cookies() {
		if c.Name == "carousel_session" {
			return c
		}
	}
	t.Fatalf("no session cookie in %v", res.Header["Set-Cookie"])
	return nil
}

func TestSignInOverTheAPI(t *testing.T) {
	e := newTeamEnv(t, sqliteDSN(t))
	e.member("ada@example.com", carousel.DefaultWorkspace, carousel.RoleEditor)
	anon := e.anonymous()

	res, b := anon.do("POST", "/api/session", map[string]string{"email": "ada@example.com", "password": "wrong password"})
	wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
	res, b2 := anon.do("POST", "/api/session", map[string]string{"email": "nobody@example.com", "password": password})
	wantError(t, res, b2, 401, carousel.EUNAUTHORIZED)
	if string(b) != string(b2) {
		t.Errorf("a wrong password and an unknown email answer differently:\n%s\n%s", b, b2)
	}
	res, b = anon.do("POST", "/api/session", strings.NewReader(`{"email":"ada@example.com","password":"`+password+`"}`), "Content-Type", "text/plain")
	wantError(t, res, b, 415, carousel.EUNSUPPORTED)

	res, b = anon.do("POST", "/api/session", map[string]string{"email": " ADA@example.com ", "password": password})
	if res.StatusCode != 200 {
		t.Fatalf("sign in: %d %s", res.StatusCode, b)
	}
	c := sessionCookieOf(t, res)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" || c.MaxAge < 3600 {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, not Secure over http", c)
	}
	var info struct {
		Auth      bool
		Via, CSRF string
		User      carousel.User
		Workspace struct {
			ID   string
			Role carousel.Role
		}
	}
	json.Unmarshal(b, &info)
	if !info.Auth || info.Via != "session" || info.User.Email != "ada@example.com" || info.Workspace.ID != carousel.DefaultWorkspace || info.Workspace.Role != carousel.RoleEditor || info.CSRF == "" {
		t.Fatalf("sign-in answered %s", b)
	}
	// The cookie alone does not change anything: the page's CSRF token must come too.
	res, b = anon.do("POST", "/api/projects", map[string]string{"source": pastedThread})
	wantError(t, res, b, 403, carousel.EFORBIDDEN)
	anon.csrf = info.CSRF
	anon.json("POST", "/api/projects", map[string]string{"source": pastedThread}, 201, nil)
	var csrf struct{ Token string }
	anon.json("GET", "/api/csrf", nil, 200, &csrf)
	if csrf.Token != info.CSRF {
		t.Error("GET /api/csrf gives another token than the sign-in")
	}
	// The page shows the studio, with the session's token.
	res, page := anon.do("GET", "/", nil)
	if res.StatusCode != 200 || !bytes.Contains(page, []byte(info.CSRF)) || !bytes.Contains(page, []byte(`id="slides"`)) {
		t.Errorf("signed-in page: %d, studio %v", res.StatusCode, bytes.Contains(page, []byte(`id="slides"`)))
	}

	res, _ = anon.do("DELETE", "/api/session", nil)
	if res.StatusCode != 204 {
		t.Fatalf("sign out: %d", res.StatusCode)
	}
	if c := sessionCookieOf(t, res); c.MaxAge >= 0 {
		t.Errorf("sign-out does not clear the cookie: %+v", c)
	}
	res, b = anon.do("GET", "/api/projects", nil)
	wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
	// Signed out, the page is the sign-in form.
	res, page = e.anonymous().do("GET", "/", nil)
	if res.StatusCode != 200 || !bytes.Contains(page, []byte(`id="signin-form"`)) || bytes.Contains(page, []byte(`id="slides"`)) {
		t.Errorf("signed-out page: %d %.300s", res.StatusCode, page)
	}
}

func TestSecureCookieBehindHTTPS(t *testing.T) {
	e := newTeamEnv(t, sqliteDSN(t), func(s *web.Server) { s.PublicURL = "https://carousel.example.com" })
	e.member("ada@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
	res, b := e.anonymous().do("POST", "/api/session", map[string]string{"email": "ada@example.com", "password": password})
	if res.StatusCode != 200 {
		t.Fatalf("sign in: %d %s", res.StatusCode, b)
	}
	if c := sessionCookieOf(t, res); !c.Secure {
		t.Errorf("the cookie is not Secure behind an https public URL: %+v", c)
	}
}

func TestSignInRateLimit(t *testing.T) {
	t.Run("in the process", func(t *testing.T) { testSignInRateLimit(t, newTeamEnv(t, sqliteDSN(t))) })
	t.Run("in the database", func(t *testing.T) {
		eachStore(t, func(t *testing.T, dsn string) {
			testSignInRateLimit(t, newTeamEnv(t, dsn, sharedSignInLimits(t, dsn)))
		})
	})
}

// sharedSignInLimits keeps the server's sign-in counts in the database at dsn.
func sharedSignInLimits(t *testing.T, dsn string) func(*web.Server) {
	return func(s *web.Server) {
		db, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		s.SignInFailures = db
	}
}

func testSignInRateLimit(t *testing.T, e *teamEnv) {
	e.member("ada@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
	anon := e.anonymous()
	try := func(email, pw string) (*http.Response, []byte) {
		return anon.do("POST", "/api/session", map[string]string{"email": email, "password": pw})
	}
	for i := 0; i < 5; i++ {
		res, b := try("ada@example.com", "guess "+strconv.Itoa(i))
		wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
		e.clock.advance(time.Minute)
	}
	// The sixth try is refused before the password is looked at, even the right one.
	res, b := try("ada@example.com", password)
	msg := wantError(t, res, b, 429, carousel.ERATELIMIT)
	if !strings.Contains(msg, "this account") || !strings.Contains(msg, "minutes") {
		t.Errorf("429 message %q does not say what and how long", msg)
	}
	wait, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if err != nil || wait < 9*60 || wait > 11*60 {
		t.Errorf("Retry-After %q, want about 10 minutes (15 after the first failure, 5 minutes ago)", res.Header.Get("Retry-After"))
	}
	// Once the first failures leave the 15-minute window, the right password works.
	e.clock.advance(11 * time.Minute)
	res, b = try("ada@example.com", password)
	if res.StatusCode != 200 {
		t.Fatalf("after the window: %d %s", res.StatusCode, b)
	}
	// A success clears the account's count.
	for i := 0; i < 4; i++ {
		try("ada@example.com", "again wrong")
	}
	if res, b := try("ada@example.com", password); res.StatusCode != 200 {
		t.Fatalf("4 failures after a success block the account: %d %s", res.StatusCode, b)
	}

	// One address trying many accounts is stopped too.
	e.clock.advance(time.Hour)
	for i := 0; i < 20; i++ {
		res, b := try("user"+strconv.Itoa(i)+"@example.com", "whatever password")
		wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
	}
	res, b = try("someone-else@example.com", "whatever password")
	if msg := wantError(t, res, b, 429, carousel.ERATELIMIT); !strings.Contains(msg, "network address") {
		t.Errorf("per-address 429 message %q", msg)
	}
}

// TestSignInLimitBehindAProxy: behind a trusted proxy the per-address limit
// counts the address the proxy names, so one caller does not lock out
// everyone behind the proxy; from anywhere else X-Forwarded-For is ignored,
// so a caller cannot dodge the limit by naming a new address each time.
func TestSignInLimitBehindAProxy(t *testing.T) {
	try := func(c *client, email, from string) (*http.Response, []byte) {
		return c.do("POST", "/api/session", map[string]string{"email": email, "password": "whatever password"}, "X-Forwarded-For", from)
	}
	// httptest's connections come from 127.0.0.1: that is the proxy here.
	e := newTeamEnv(t, sqliteDSN(t), func(s *web.Server) { s.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")} })
	anon := e.anonymous()
	for i := 0; i < 20; i++ {
		res, b := try(anon, "user"+strconv.Itoa(i)+"@example.com", "203.0.113.7, 127.0.0.1")
		wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
	}
	res, b := try(anon, "one-more@example.com", "203.0.113.7")
	if msg := wantError(t, res, b, 429, carousel.ERATELIMIT); !strings.Contains(msg, "network address") {
		t.Errorf("per-address 429 message %q", msg)
	}
	// Another caller behind the same proxy is not held back; a spoofed
	// entry left of the proxy's does not change who the proxy heard from.
	res, b = try(anon, "someone@example.com", "198.51.100.9")
	wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
	res, b = try(anon, "someone@example.com", "198.51.100.10, 203.0.113.7")
	wantError(t, res, b, 429, carousel.ERATELIMIT)

	// Without a trusted proxy the header changes nothing.
	e = newTeamEnv(t, sqliteDSN(t))
	anon = e.anonymous()
	for i := 0; i < 20; i++ {
		res, b := try(anon, "user"+strconv.Itoa(i)+"@example.com", "192.0.2."+strconv.Itoa(i))
		wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
	}
	res, b = try(anon, "one-more@example.com", "192.0.2.200")
	wantError(t, res, b, 429, carousel.ERATELIMIT)
}

// TestSignInLimitsAcrossInstances: two servers on one database count the
// same failures, whichever of them a try reaches, and an account is one
// account whatever the case of its email.
func TestSignInLimitsAcrossInstances(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		one := newTeamEnv(t, dsn, sharedSignInLimits(t, dsn))
		two := newTeamEnv(t, dsn, sharedSignInLimits(t, dsn))
		one.member("ada@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
		a, b := one.anonymous(), two.anonymous()
		for i, c := range []*client{a, b, a, b, a} {
			email := []string{"ada@example.com", "ADA@example.com", " Ada@Example.com"}[i%3]
			res, body := c.do("POST", "/api/session", map[string]string{"email": email, "password": "guess " + strconv.Itoa(i)})
			wantError(t, res, body, 401, carousel.EUNAUTHORIZED)
		}
		for _, c := range []*client{a, b} {
			res, body := c.do("POST", "/api/session", map[string]string{"email": "ada@example.com", "password": password})
			if msg := wantError(t, res, body, 429, carousel.ERATELIMIT); !strings.Contains(msg, "this account") {
				t.Errorf("429 message %q", msg)
			}
		}
	})
}

func TestSessionExpiry(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		e := newTeamEnv(t, dsn, func(s *web.Server) { s.SessionTTL = time.Hour })
		e.member("ada@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
		c := e.signIn("ada@example.com")
		c.json("GET", "/api/projects", nil, 200, nil)
		// Use within the hour keeps it alive.
		e.clock.advance(50 * time.Minute)
		c.json("GET", "/api/projects", nil, 200, nil)
		e.clock.advance(50 * time.Minute)
		c.json("GET", "/api/projects", nil, 200, nil)
		// An hour without use ends it.
		e.clock.advance(61 * time.Minute)
		res, b := c.do("GET", "/api/projects", nil)
		wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
		if ck := sessionCookieOf(t, res); ck.MaxAge >= 0 {
			t.Errorf("an ended session's cookie is not cleared: %+v", ck)
		}
		res, page := c.do("GET", "/", nil)
		if res.StatusCode != 200 || !bytes.Contains(page, []byte(`id="signin-form"`)) {
			t.Errorf("after expiry the page is not the sign-in form: %d", res.StatusCode)
		}
	})
}

func TestTokenRevocation(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		e := newTeamEnv(t, dsn)
		ada := e.member("ada@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
		browser := e.signIn("ada@example.com")
		var tok struct {
			Token, ID, Name string
		}
		browser.json("POST", "/api/tokens", map[string]string{"name": "deploy script"}, 201, &tok)
		if !strings.HasPrefix(tok.Token, "cst_") || tok.Name != "deploy script" {
			t.Fatalf("token answer %+v", tok)
		}
		script := e.bearer(tok.Token)
		// A token needs no CSRF token, even to change things.
		var p struct{ ID string }
		script.json("POST", "/api/projects", map[string]string{"source": pastedThread}, 201, &p)
		var info struct{ Via string }
		script.json("GET", "/api/session", nil, 200, &info)
		if info.Via != "token" {
			t.Errorf("GET /api/session by token says via %q", info.Via)
		}
		// Tokens cannot make tokens or sign out.
		res, b := script.do("POST", "/api/tokens", map[string]string{"name": "child"})
		wantError(t, res, b, 403, carousel.EFORBIDDEN)
		res, b = script.do("DELETE", "/api/session", nil)
		wantError(t, res, b, 403, carousel.EFORBIDDEN)
		var list struct {
			Tokens []struct {
				ID, Name, WorkspaceName string
				LastUsed                *time.Time
			}
		}
		browser.json("GET", "/api/tokens", nil, 200, &list)
		if len(list.Tokens) != 1 || list.Tokens[0].LastUsed == nil || list.Tokens[0].WorkspaceName != "Studio" {
			t.Fatalf("tokens listed: %+v", list.Tokens)
		}
		if bytes.Contains(mustJSON(t, list), []byte(tok.Token)) {
			t.Fatal("the token list shows the secret")
		}
		res, _ = browser.do("DELETE", "/api/tokens/"+tok.ID, nil)
		if res.StatusCode != 204 {
			t.Fatalf("revoke: %d", res.StatusCode)
		}
		res, b = script.do("GET", "/api/projects/"+p.ID, nil)
		if msg := wantError(t, res, b, 401, carousel.EUNAUTHORIZED); !strings.Contains(msg, "revoked") {
			t.Errorf("a revoked token's 401 says %q", msg)
		}
		res, b = browser.do("DELETE", "/api/tokens/"+tok.ID, nil)
		wantError(t, res, b, 404, carousel.ENOTFOUND)

		// Leaving the workspace ends the tokens made in it.
		other := e.workspace("Other")
		e.member("ada@example.com", other.ID, carousel.RoleOwner)
		browser.json("POST", "/api/tokens", map[string]string{"name": "second"}, 201, &tok)
		script = e.bearer(tok.Token)
		script.json("GET", "/api/projects", nil, 200, nil)
		if err := e.db.RemoveMember(context.Background(), carousel.DefaultWorkspace, ada.ID); err != nil {
			// ada is the only owner of the first workspace: make another owner first.
			e.member("bea@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
			if err := e.db.RemoveMember(context.Background(), carousel.DefaultWorkspace, ada.ID); err != nil {
				t.Fatal(err)
			}
		}
		res, b = script.do("GET", "/api/projects", nil)
		wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
		// The browser carries on in the workspace ada still belongs to.
		var s struct{ Workspace struct{ ID string } }
		browser.json("GET", "/api/session", nil, 200, &s)
		if s.Workspace.ID != other.ID {
			t.Errorf("after leaving the workspace the session works in %q, want %q", s.Workspace.ID, other.ID)
		}
	})
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRolesAndWorkspaceSwitching(t *testing.T) {
	e := newTeamEnv(t, sqliteDSN(t))
	e.member("owner@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
	e.member("viewer@example.com", carousel.DefaultWorkspace, carousel.RoleViewer)
	e.member("client@example.com", carousel.DefaultWorkspace, carousel.RoleClient)
	acme := e.workspace("Acme")
	e.member("viewer@example.com", acme.ID, carousel.RoleEditor)
	owner, viewer, client := e.signIn("owner@example.com"), e.signIn("viewer@example.com"), e.signIn("client@example.com")

	var p struct{ ID string }
	owner.json("POST", "/api/projects", map[string]string{"source": pastedThread, "title": "Launch"}, 201, &p)
	var doc carousel.Project
	owner.json("GET", "/api/projects/"+p.ID, nil, 200, &doc)
	// Sign-in lands in the first workspace by name (Acme): go to Studio.
	viewer.json("PUT", "/api/session/workspace", map[string]string{"workspace": carousel.DefaultWorkspace}, 200, nil)

	// Viewers see everything and change nothing.
	viewer.json("GET", "/api/projects/"+p.ID, nil, 200, nil)
	viewer.json("GET", "/api/profiles", nil, 200, nil)
	res, b := viewer.do("PUT", "/api/projects/"+p.ID, &doc)
	if msg := wantError(t, res, b, 403, carousel.EFORBIDDEN); !strings.Contains(msg, "viewer") || !strings.Contains(msg, "editor") {
		t.Errorf("403 message %q does not say the role and what is needed", msg)
	}
	res, b = viewer.do("GET", "/api/members", nil)
	wantError(t, res, b, 403, carousel.EFORBIDDEN)

	// Clients review: projects, slides, comments and decisions; no brand kits.
	var list struct{ Projects []carousel.ProjectSummary }
	client.json("GET", "/api/projects", nil, 200, &list)
	if len(list.Projects) != 1 {
		t.Errorf("the client sees %d projects", len(list.Projects))
	}
	if res, _ := client.do("GET", "/api/projects/"+p.ID+"/slides/1.png", nil); res.StatusCode != 200 {
		t.Errorf("the client cannot see slide 1: %d", res.StatusCode)
	}
	for _, path := range []string{"/api/profiles", "/api/presets", "/api/brandkit"} {
		res, b := client.do("GET", path, nil)
		wantError(t, res, b, 403, carousel.EFORBIDDEN)
	}
	var c carousel.Comment
	client.json("POST", "/api/projects/"+p.ID+"/comments", map[string]any{"slide": 2, "body": "Shorter, please."}, 201, &c)
	if !c.Client || c.Author != "client" || c.SlideID == "" {
		t.Errorf("a client member's comment: %+v", c)
	}
	var st struct{ State string }
	client.json("POST", "/api/projects/"+p.ID+"/review", map[string]string{"state": "changes_requested", "note": "See slide 2"}, 200, &st)
	if st.State != carousel.ReviewChangesRequested {
		t.Errorf("review state %q", st.State)
	}
	owner.json("GET", "/api/projects", nil, 200, &list)
	if list.Projects[0].Review != carousel.ReviewChangesRequested {
		t.Errorf("the project list shows review %q", list.Projects[0].Review)
	}

	// Switching workspace: the viewer is an editor in Acme.
	var s struct {
		Workspace  struct{ ID, Name, Role string }
		Workspaces []struct{ ID, Name, Role string }
	}
	viewer.json("GET", "/api/session", nil, 200, &s)
	if len(s.Workspaces) != 2 {
		t.Fatalf("workspaces: %+v", s.Workspaces)
	}
	viewer.json("PUT", "/api/session/workspace", map[string]string{"workspace": acme.ID}, 200, &s)
	if s.Workspace.ID != acme.ID || s.Workspace.Role != "editor" {
		t.Errorf("after switching: %+v", s.Workspace)
	}
	var acmeP struct{ ID string }
	viewer.json("POST", "/api/projects", map[string]string{"source": pastedThread, "title": "Acme launch"}, 201, &acmeP)
	viewer.json("GET", "/api/projects", nil, 200, &list)
	if len(list.Projects) != 1 || list.Projects[0].ID != acmeP.ID {
		t.Errorf("Acme lists %+v", list.Projects)
	}
	res, b = viewer.do("GET", "/api/projects/"+p.ID, nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)
	res, b = client.do("PUT", "/api/session/workspace", map[string]string{"workspace": acme.ID})
	wantError(t, res, b, 404, carousel.ENOTFOUND)

	// Owners manage members; the last owner stays.
	var members struct{ Members []carousel.Member }
	owner.json("GET", "/api/members", nil, 200, &members)
	if len(members.Members) != 3 {
		t.Fatalf("members %+v", members.Members)
	}
	var ownerID, clientID string
	for _, m := range members.Members {
		switch m.User.Email {
		case "owner@example.com":
			ownerID = m.User.ID
		case "client@example.com":
			clientID = m.User.ID
		}
	}
	res, b = owner.do("PUT", "/api/members/"+ownerID, map[string]string{"role": "editor"})
	wantError(t, res, b, 409, carousel.ECONFLICT)
	owner.json("PUT", "/api/members/"+clientID, map[string]string{"role": "viewer"}, 200, nil)
	client.json("GET", "/api/profiles", nil, 200, nil)
	if res, _ := owner.do("DELETE", "/api/members/"+clientID, nil); res.StatusCode != 204 {
		t.Fatalf("remove member: %d", res.StatusCode)
	}
	res, b = client.do("GET", "/api/projects", nil)
	wantError(t, res, b, 403, carousel.EFORBIDDEN) // signed in, but in no workspace now
}

func TestInvites(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		e := newTeamEnv(t, dsn)
		e.member("owner@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
		owner := e.signIn("owner@example.com")
		var inv struct {
			URL    string
			Invite carousel.Invite
		}
		owner.json("POST", "/api/invites", map[string]any{"role": "editor", "days": 3}, 201, &inv)
		if !strings.HasPrefix(inv.URL, e.srv.URL+"/invite/csi_") {
			t.Fatalf("invite URL %q", inv.URL)
		}
		path := strings.TrimPrefix(inv.URL, e.srv.URL)
		secret := strings.TrimPrefix(path, "/invite/")
		newcomer := e.anonymous()
		res, page := newcomer.do("GET", path, nil)
		if res.StatusCode != 200 || !bytes.Contains(page, []byte("Join Studio")) || !bytes.Contains(page, []byte("editor")) || !bytes.Contains(page, []byte(`id="account-form"`)) {
			t.Fatalf("invite page: %d %.400s", res.StatusCode, page)
		}
		res, b := newcomer.do("POST", "/api/invite", map[string]string{"invite": secret, "email": "new@example.com", "password": "short"})
		wantError(t, res, b, 400, carousel.EINVALID)
		var s struct {
			User      carousel.User
			Workspace struct{ ID, Role string }
			CSRF      string
		}
		newcomer.json("POST", "/api/invite", map[string]string{"invite": secret, "email": "New@Example.com", "name": "Nia", "password": "a long enough password"}, 200, &s)
		if s.User.Email != "new@example.com" || s.User.Name != "Nia" || s.Workspace.ID != carousel.DefaultWorkspace || s.Workspace.Role != "editor" {
			t.Fatalf("joined as %+v", s)
		}
		newcomer.csrf = s.CSRF
		newcomer.json("POST", "/api/projects", map[string]string{"source": pastedThread}, 201, nil)
		// An invite works once.
		res, b = e.anonymous().do("POST", "/api/invite", map[string]string{"invite": secret, "email": "other@example.com", "password": "a long enough password"})
		wantError(t, res, b, 404, carousel.ENOTFOUND)
		res, page = e.anonymous().do("GET", path, nil)
		if res.StatusCode != 404 || !bytes.Contains(page, []byte("used or expired")) {
			t.Errorf("a used invite's page: %d %.300s", res.StatusCode, page)
		}

		// A signed-in user of another workspace joins with one click.
		other := e.workspace("Other")
		e.member("guest@example.com", other.ID, carousel.RoleOwner)
		guest := e.signIn("guest@example.com")
		owner.json("POST", "/api/invites", map[string]any{"role": "client", "email": "guest@example.com"}, 201, &inv)
		secret = inv.URL[strings.LastIndex(inv.URL, "/")+1:]
		_, page = guest.do("GET", "/invite/"+secret, nil)
		if !bytes.Contains(page, []byte(`id="join"`)) || !bytes.Contains(page, []byte("guest@example.com")) {
			t.Errorf("the signed-in invite page has no join button: %.400s", page)
		}
		guest.json("POST", "/api/invite", map[string]string{"invite": secret}, 200, &s)
		if s.Workspace.ID != carousel.DefaultWorkspace || s.Workspace.Role != "client" {
			t.Errorf("after joining: %+v", s.Workspace)
		}
		// An invite for one email refuses another account.
		owner.json("POST", "/api/invites", map[string]any{"role": "viewer", "email": "someone@example.com"}, 201, &inv)
		secret = inv.URL[strings.LastIndex(inv.URL, "/")+1:]
		res, b = guest.do("POST", "/api/invite", map[string]string{"invite": secret})
		wantError(t, res, b, 403, carousel.EFORBIDDEN)
		// Expired invites open nothing; withdrawn ones neither.
		e.clock.advance(8 * 24 * time.Hour)
		res, b = e.anonymous().do("POST", "/api/invite", map[string]string{"invite": secret, "password": "a long enough password"})
		wantError(t, res, b, 404, carousel.ENOTFOUND)
	})
}

func TestShareLinkReview(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		e := newTeamEnv(t, dsn)
		e.member("ed@example.com", carousel.DefaultWorkspace, carousel.RoleEditor)
		ed := e.signIn("ed@example.com")
		var p struct {
			ID     string
			Slides []carousel.RenderedSlide
		}
		ed.json("POST", "/api/projects", map[string]string{"source": pastedThread, "title": "Spring campaign", "format": "instagram-square"}, 201, &p)
		var sh struct {
			URL   string
			Share carousel.Share
		}
		ed.json("POST", "/api/projects/"+p.ID+"/share", nil, 201, &sh)
		if !strings.HasPrefix(sh.URL, e.srv.URL+"/r/csr_") || len(sh.URL) < len(e.srv.URL)+40 || sh.Share.Expires != nil {
			t.Fatalf("share %+v", sh)
		}
		secret := sh.URL[strings.LastIndex(sh.URL, "/")+1:]

		// The client has no account and no cookie.
		client := e.anonymous()
		res, page := client.do("GET", "/r/"+secret, nil)
		if res.StatusCode != 200 || !bytes.Contains(page, []byte("Spring campaign")) || !bytes.Contains(page, []byte(`id="approve"`)) {
			t.Fatalf("review page: %d %.300s", res.StatusCode, page)
		}
		var view struct {
			Title         string
			Width, Height int
			Slides        []struct {
				Number       int
				Key, SlideID string
			}
			Review struct{ State string }
		}
		client.json("GET", "/api/review/"+secret, nil, 200, &view)
		if view.Title != "Spring campaign" || view.Width != 1080 || view.Height != 1080 || len(view.Slides) != len(p.Slides) || view.Review.State != "pending" {
			t.Fatalf("review data %+v", view)
		}
		res, png := client.do("GET", "/api/review/"+secret+"/slides/2.png", nil)
		if res.StatusCode != 200 || !bytes.HasPrefix(png, []byte("\x89PNG")) {
			t.Errorf("slide 2 on the link: %d", res.StatusCode)
		}
		res, pdf := client.do("GET", "/api/review/"+secret+"/export.pdf", nil)
		if res.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) || pdfPages(pdf) != len(p.Slides) {
			t.Errorf("PDF on the link: %d, %d pages", res.StatusCode, pdfPages(pdf))
		}
		// The link shows the slides (and their alt text), never the thread or the settings.
		_, raw := client.do("GET", "/api/review/"+secret, nil)
		if bytes.Contains(raw, []byte(`"settings"`)) || bytes.Contains(raw, []byte(`"thread"`)) || bytes.Contains(raw, []byte(`"posts"`)) {
			t.Errorf("the review data carries the project itself: %.300s", raw)
		}
		// And nothing else of the studio.
		res, b := client.do("GET", "/api/projects/"+p.ID, nil)
		wantError(t, res, b, 401, carousel.EUNAUTHORIZED)

		res, b = client.do("POST", "/api/review/"+secret+"/comments", map[string]any{"slide": 2, "body": "Can the title be bigger?"})
		wantError(t, res, b, 400, carousel.EINVALID) // who is speaking?
		res, b = client.do("POST", "/api/review/"+secret+"/comments", map[string]any{"slide": 99, "author": "Dana", "body": "x"})
		wantError(t, res, b, 400, carousel.EINVALID)
		var c carousel.Comment
		client.json("POST", "/api/review/"+secret+"/comments", map[string]any{"slide": 2, "author": "Dana (Client Co)", "body": "Can the title be bigger?"}, 201, &c)
		if !c.Client || c.SlideID != view.Slides[1].SlideID || c.Slide != 2 {
			t.Errorf("client comment %+v", c)
		}
		var st struct {
			State     string
			Decisions []carousel.Decision
		}
		client.json("POST", "/api/review/"+secret+"/decision", map[string]string{"state": "approved", "author": "Dana (Client Co)", "note": "Go"}, 200, &st)
		if st.State != "approved" || len(st.Decisions) != 1 || !st.Decisions[0].Client {
			t.Errorf("decision %+v", st)
		}

		// The studio sees the comment on its slide and the approval.
		var comments struct{ Comments []carousel.Comment }
		ed.json("GET", "/api/projects/"+p.ID+"/comments", nil, 200, &comments)
		if len(comments.Comments) != 1 || comments.Comments[0].Author != "Dana (Client Co)" || comments.Comments[0].Slide != 2 {
			t.Errorf("studio comments %+v", comments.Comments)
		}
		ed.json("GET", "/api/projects/"+p.ID+"/review", nil, 200, &st)
		if st.State != "approved" {
			t.Errorf("studio review state %q", st.State)
		}

		// A link with an end date stops then; a revoked one at once.
		var short struct {
			URL   string
			Share carousel.Share
		}
		ed.json("POST", "/api/projects/"+p.ID+"/share", map[string]int{"days": 2}, 201, &short)
		shortSecret := short.URL[strings.LastIndex(short.URL, "/")+1:]
		client.json("GET", "/api/review/"+shortSecret, nil, 200, nil)
		ed.json("DELETE", "/api/projects/"+p.ID+"/shares/"+sh.Share.ID, nil, 204, nil)
		res, b = client.do("GET", "/api/review/"+secret, nil)
		wantError(t, res, b, 404, carousel.ENOTFOUND)
		res, page = client.do("GET", "/r/"+secret, nil)
		if res.StatusCode != 404 || !bytes.Contains(page, []byte("revoked")) {
			t.Errorf("a revoked link's page: %d", res.StatusCode)
		}
		e.clock.advance(49 * time.Hour)
		res, b = client.do("GET", "/api/review/"+shortSecret+"/slides/1.png", nil)
		wantError(t, res, b, 404, carousel.ENOTFOUND)
		var shares struct{ Shares []struct{ Expired bool } }
		ed.json("GET", "/api/projects/"+p.ID+"/shares", nil, 200, &shares)
		if len(shares.Shares) != 1 || !shares.Shares[0].Expired {
			t.Errorf("shares after revoking one and another expiring: %+v", shares.Shares)
		}
		res, b = client.do("GET", "/api/review/csr_"+strings.Repeat("x", 43), nil)
		wantError(t, res, b, 404, carousel.ENOTFOUND)
	})
}

func TestAuditLog(t *testing.T) {
	eachStore(t, func(t *testing.T, dsn string) {
		e := newTeamEnv(t, dsn)
		e.member("owner@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
		e.member("ed@example.com", carousel.DefaultWorkspace, carousel.RoleEditor)
		e.anonymous().do("POST", "/api/session", map[string]string{"email": "ed@example.com", "password": "not it at all"})
		owner, ed := e.signIn("owner@example.com"), e.signIn("ed@example.com")
		var p struct{ ID string }
		ed.json("POST", "/api/projects", map[string]string{"source": pastedThread, "title": "Doomed"}, 201, &p)
		ed.json("POST", "/api/projects/"+p.ID+"/share", nil, 201, nil)
		var tok struct{ Token string }
		ed.json("POST", "/api/tokens", map[string]string{"name": "ci"}, 201, &tok)
		e.bearer(tok.Token).json("DELETE", "/api/projects/"+p.ID, nil, 204, nil)

		res, b := ed.do("GET", "/api/audit", nil)
		wantError(t, res, b, 403, carousel.EFORBIDDEN)
		var log struct{ Entries []carousel.AuditEntry }
		owner.json("GET", "/api/audit", nil, 200, &log)
		want := []struct{ action, actor, target string }{
			{carousel.AuditDelete, "token ci (ed@example.com)", "project " + p.ID},
			{carousel.AuditTokenUse, "token ci (ed@example.com)", "token ci"},
			{carousel.AuditTokenCreate, "ed@example.com", "token ci"},
			{carousel.AuditShare, "ed@example.com", "project " + p.ID},
			{carousel.AuditSignIn, "ed@example.com", ""},
			{carousel.AuditSignIn, "owner@example.com", ""},
			{carousel.AuditSignInFailed, "ed@example.com", ""},
		}
		if len(log.Entries) != len(want) {
			t.Fatalf("%d entries, want %d: %+v", len(log.Entries), len(want), log.Entries)
		}
		for i, w := range want {
			got := log.Entries[i]
			if got.Action != w.action || got.Actor != w.actor || got.Target != w.target || got.Address != "127.0.0.1" {
				t.Errorf("entry %d: %+v, want %s by %s on %q", i, got, w.action, w.actor, w.target)
			}
		}
		if log.Entries[0].Detail != "Doomed" {
			t.Errorf("the deletion does not name the project: %+v", log.Entries[0])
		}
		owner.json("GET", "/api/audit?limit=2&before="+strconv.FormatInt(log.Entries[1].ID, 10), nil, 200, &log)
		if len(log.Entries) != 2 || log.Entries[0].Action != carousel.AuditTokenCreate {
			t.Errorf("second page: %+v", log.Entries)
		}
	})
}

func TestPasswordChange(t *testing.T) {
	e := newTeamEnv(t, sqliteDSN(t))
	e.member("ada@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
	here, elsewhere := e.signIn("ada@example.com"), e.signIn("ada@example.com")
	res, b := here.do("PUT", "/api/password", map[string]string{"current": "wrong one", "new": "a brand new password"})
	if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, "current") {
		t.Errorf("message %q", msg)
	}
	res, b = here.do("PUT", "/api/password", map[string]string{"current": password, "new": "short"})
	wantError(t, res, b, 400, carousel.EINVALID)
	here.json("PUT", "/api/password", map[string]string{"current": password, "new": "a brand new password"}, 204, nil)
	here.json("GET", "/api/projects", nil, 200, nil)
	res, b = elsewhere.do("GET", "/api/projects", nil)
	wantError(t, res, b, 401, carousel.EUNAUTHORIZED)
	res, _ = e.anonymous().do("POST", "/api/session", map[string]string{"email": "ada@example.com", "password": "a brand new password"})
	if res.StatusCode != 200 {
		t.Errorf("the new password does not sign in: %d", res.StatusCode)
	}
}

func TestSingleUserModeHasNoSignIn(t *testing.T) {
	e := newEnv(t, func(s *web.Server) { s.Accounts, s.Workspaces, s.Reviews, s.Audit = nil, nil, nil, nil })
	var info struct {
		Auth      bool
		Via       string
		Workspace struct{ ID, Role string }
	}
	e.getJSON("/api/session", &info)
	if info.Auth || info.Via != "single-user" || info.Workspace.ID != carousel.DefaultWorkspace || info.Workspace.Role != "owner" {
		t.Errorf("single-user session %+v", info)
	}
	res, b := e.do("POST", "/api/session", map[string]string{"email": "a@example.com", "password": password})
	if msg := wantError(t, res, b, 415, carousel.EUNSUPPORTED); !strings.Contains(msg, "--auth") {
		t.Errorf("message %q", msg)
	}
	res, b = e.do("POST", "/api/tokens", map[string]string{"name": "x"})
	wantError(t, res, b, 415, carousel.EUNSUPPORTED)
	// A bearer token or a cookie changes nothing: everyone is the owner.
	res, b = e.do("GET", "/api/projects", nil, "Authorization", "Bearer cst_whatever")
	if res.StatusCode != 200 {
		t.Errorf("single-user mode refused a request with a token: %d %s", res.StatusCode, b)
	}
}

func TestSingleSignOn(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	defer m.Shutdown()
	e := newTeamEnv(t, sqliteDSN(t), func(s *web.Server) { s.SSOName = "Acme SSO" })
	cfg := m.Config()
	provider, err := sso.New(context.Background(), sso.Config{Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: e.srv.URL + "/auth/sso/callback"})
	if err != nil {
		t.Fatal(err)
	}
	e.web.SSO = provider
	e.member("dana@client.example", carousel.DefaultWorkspace, carousel.RoleClient)

	// signOn follows the redirects of a single sign-on as a browser does
	// and returns the final answer from the studio.
	signOn := func(c *client, start string) (*http.Response, []byte) {
		t.Helper()
		res, _ := c.do("GET", start, nil)
		if res.StatusCode != 302 {
			t.Fatalf("%s: %d", start, res.StatusCode)
		}
		res, err := c.http.Get(res.Header.Get("Location")) // the provider signs in at once
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		loc, _ := url.Parse(res.Header.Get("Location"))
		return c.do("GET", loc.RequestURI(), nil)
	}
	_, page := e.anonymous().do("GET", "/", nil)
	if !bytes.Contains(page, []byte("Sign in with Acme SSO")) {
		t.Error("the sign-in page has no single sign-on button")
	}

	m.QueueUser(&mockoidc.MockUser{Subject: "dana-1", Email: "Dana@Client.example", EmailVerified: true})
	c := e.anonymous()
	res, b := signOn(c, "/auth/sso")
	if res.StatusCode != 302 || res.Header.Get("Location") != "/" {
		t.Fatalf("callback: %d %s", res.StatusCode, b)
	}
	var s struct {
		User      carousel.User
		Workspace struct{ Role string }
	}
	c.json("GET", "/api/session", nil, 200, &s)
	if s.User.Email != "dana@client.example" || s.Workspace.Role != "client" {
		t.Errorf("signed on as %+v", s)
	}
	// The account is now linked to the subject: a changed email still finds it.
	m.QueueUser(&mockoidc.MockUser{Subject: "dana-1", Email: "dana@new-domain.example", EmailVerified: true})
	c = e.anonymous()
	signOn(c, "/auth/sso")
	c.json("GET", "/api/session", nil, 200, &s)
	if s.User.Email != "dana@client.example" {
		t.Errorf("the linked account was not found by subject: %+v", s.User)
	}

	// Nobody gets in without an account, or with an unverified email.
	m.QueueUser(&mockoidc.MockUser{Subject: "eve", Email: "eve@example.com", EmailVerified: true})
	res, page = signOn(e.anonymous(), "/auth/sso")
	if res.StatusCode != 403 || !bytes.Contains(page, []byte("no account for eve@example.com")) {
		t.Errorf("an unknown user: %d %.300s", res.StatusCode, page)
	}
	m.QueueUser(&mockoidc.MockUser{Subject: "mallory", Email: "dana@client.example", EmailVerified: false})
	res, _ = signOn(e.anonymous(), "/auth/sso")
	if res.StatusCode != 403 {
		t.Errorf("an unverified email matched an account: %d", res.StatusCode)
	}
	// A forged callback without this browser's state is refused.
	res, _ = e.anonymous().do("GET", "/auth/sso/callback?code=x&state=y", nil)
	if res.StatusCode != 400 {
		t.Errorf("a callback without the state cookie: %d", res.StatusCode)
	}

	// With an invite, single sign-on makes the account.
	owner := e.member("owner@example.com", carousel.DefaultWorkspace, carousel.RoleOwner)
	secret, err := e.db.CreateInvite(context.Background(), &carousel.Invite{Workspace: carousel.DefaultWorkspace, Role: carousel.RoleEditor, CreatedBy: owner.ID, Expires: e.clock.now().Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	m.QueueUser(&mockoidc.MockUser{Subject: "finn", Email: "finn@example.com", EmailVerified: true})
	c = e.anonymous()
	res, b = signOn(c, "/auth/sso?invite="+secret)
	if res.StatusCode != 302 {
		t.Fatalf("invite by single sign-on: %d %s", res.StatusCode, b)
	}
	c.json("GET", "/api/session", nil, 200, &s)
	if s.User.Email != "finn@example.com" || s.User.HasPassword || s.Workspace.Role != "editor" {
		t.Errorf("joined by single sign-on as %+v", s)
	}
}
