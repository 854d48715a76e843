// SPDX-License-Identifier: MIT

package publish_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/publish/fake"
)

// consent plays the person's part on a fake platform: it opens the
// authorization page and answers it, and returns the code and state the
// platform sends back to the redirect address.
func consent(t *testing.T, authURL, subject, decision string) url.Values {
	t.Helper()
	res, err := http.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("authorization page: %d", res.StatusCode)
	}
	u, _ := url.Parse(authURL)
	q := u.Query()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err = noRedirect.PostForm(u.Scheme+"://"+u.Host+u.Path, url.Values{
		"redirect_uri": {q.Get("redirect_uri")}, "state": {q.Get("state")}, "scope": {q.Get("scope")}, "subject": {subject}, "decision": {decision},
	})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound {
		t.Fatalf("consent answered %d, location %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.HasPrefix(back.String(), q.Get("redirect_uri")) {
		t.Fatalf("sent back to %s", back)
	}
	return back.Query()
}

func TestConnectThroughOAuth(t *testing.T) {
	const redirect = "https://studio.example.com/oauth/callback"
	for _, tc := range []struct {
		platform, subject, wantExternal, wantKind string
		server                                    func(e *env) *fake.Server
	}{
		{carousel.LinkedIn, "ada123", "urn:li:person:ada123", carousel.AccountMember, func(e *env) *fake.Server { return e.li.Server }},
		{carousel.Instagram, "17841400000000009", "17841400000000009", carousel.AccountBusiness, func(e *env) *fake.Server { return e.ig.Server }},
		{carousel.Threads, "25000000000009", "25000000000009", carousel.AccountUser, func(e *env) *fake.Server { return e.th.Server }},
		{carousel.TikTok, "-000tiktok-open", "-000tiktok-open", carousel.AccountUser, func(e *env) *fake.Server { return e.tk.Server }},
	} {
		t.Run(tc.platform, func(t *testing.T) {
			e := newEnv(t)
			prof := &carousel.Profile{Name: "Ada's brand"}
			e.db.CreateProfile(e.ctx, prof)
			authURL, nonce, err := e.pub.AuthorizeURL(e.ctx, tc.platform, prof.ID, redirect)
			if err != nil {
				t.Fatal(err)
			}
			back := consent(t, authURL, tc.subject, "allow")
			// A callback without the browser's nonce, or for another
			// platform, is refused.
			if _, err := e.pub.CompleteAuthorization(e.ctx, tc.platform, back.Get("state"), back.Get("code"), "forged", redirect); carousel.ErrorCode(err) != carousel.EFORBIDDEN {
				t.Fatalf("wrong nonce: %v", err)
			}
			other := carousel.LinkedIn
			if tc.platform == other {
				other = carousel.TikTok
			}
			if _, err := e.pub.CompleteAuthorization(e.ctx, other, back.Get("state"), back.Get("code"), nonce, redirect); carousel.ErrorCode(err) != carousel.EFORBIDDEN {
				t.Fatalf("state of another platform: %v", err)
			}
			accounts, err := e.pub.CompleteAuthorization(e.ctx, tc.platform, back.Get("state"), back.Get("code"), nonce, redirect)
			if err != nil {
				t.Fatal(err)
			}
			if len(accounts) != 1 || accounts[0].ExternalID != tc.wantExternal || accounts[0].Kind != tc.wantKind || accounts[0].ProfileID != prof.ID ||
				accounts[0].Status != carousel.CredentialConnected || accounts[0].Name == "" {
				t.Fatalf("accounts %+v", accounts[0])
			}
			cred, err := e.db.FindCredentialByID(e.ctx, accounts[0].CredentialID)
			if err != nil || cred.Token.Access == "" || !cred.Token.CanRefresh() {
				t.Fatalf("credential %+v, %v", cred, err)
			}
			// The token posts.
			a := accounts[0]
			format, opts := "instagram-portrait", carousel.PostOptions{}
			switch tc.platform {
			case carousel.LinkedIn:
				format = "linkedin-portrait"
			case carousel.TikTok:
				format, opts.Privacy = "story", "SELF_ONLY"
			}
			wantState(t, e.run(e.schedule(e.project(format, 0), a, "Connected", opts, false)[0].ID), carousel.PostPublished)
			if got := tc.server(e).Posts(); len(got) != 1 {
				t.Fatalf("%d posts", len(got))
			}
		})
	}
}

func TestConnectLinkedInPages(t *testing.T) {
	e := newEnv(t, func(c *publishConfig) {
		a := c.Apps[carousel.LinkedIn]
		a.Scopes = []string{"openid", "profile", "w_member_social", "w_organization_social", "r_organization_admin"}
		c.Apps[carousel.LinkedIn] = a
	})
	e.li.Organizations["ada123"] = map[string]string{"42": "Analytical Engines", "43": "Difference Ltd"}
	authURL, nonce, _ := e.pub.AuthorizeURL(e.ctx, carousel.LinkedIn, "", "http://127.0.0.1/cb")
	if !strings.Contains(authURL, "w_organization_social") {
		t.Fatalf("scopes not asked: %s", authURL)
	}
	back := consent(t, authURL, "ada123", "allow")
	accounts, err := e.pub.CompleteAuthorization(e.ctx, carousel.LinkedIn, back.Get("state"), back.Get("code"), nonce, "http://127.0.0.1/cb")
	if err != nil {
		t.Fatal(err)
	}
	if len(accounts) != 3 {
		t.Fatalf("%d accounts", len(accounts))
	}
	names := map[string]string{}
	for _, a := range accounts {
		names[a.ExternalID] = a.Name
		if a.CredentialID != accounts[0].CredentialID {
			t.Fatal("the pages do not share the member's credential")
		}
	}
	if names["urn:li:organization:43"] != "Difference Ltd" || names["urn:li:person:ada123"] != "Ada Lovelace" {
		t.Fatalf("accounts %v", names)
	}
}

func TestConnectRefusedOrExpired(t *testing.T) {
	e := newEnv(t)
	authURL, nonce, _ := e.pub.AuthorizeURL(e.ctx, carousel.LinkedIn, "", "http://127.0.0.1/cb")
	back := consent(t, authURL, "ada123", "deny")
	if back.Get("error") == "" || back.Get("code") != "" {
		t.Fatalf("denied consent came back with %v", back)
	}
	_, err := e.pub.CompleteAuthorization(e.ctx, carousel.LinkedIn, back.Get("state"), "", nonce, "http://127.0.0.1/cb")
	if carousel.ErrorCode(err) != carousel.EINVALID {
		t.Fatalf("no code: %v", err)
	}
	// A code for another redirect address is refused by the platform.
	authURL, nonce, _ = e.pub.AuthorizeURL(e.ctx, carousel.LinkedIn, "", "http://127.0.0.1/cb")
	back = consent(t, authURL, "ada123", "allow")
	_, err = e.pub.CompleteAuthorization(e.ctx, carousel.LinkedIn, back.Get("state"), back.Get("code"), nonce, "http://evil.example/cb")
	if err == nil || !strings.Contains(err.Error(), "LinkedIn") {
		t.Fatalf("redirect mismatch: %v", err)
	}
	// A state from an hour ago has expired.
	e.skew.Store(int64(-time.Hour))
	authURL, nonce, _ = e.pub.AuthorizeURL(e.ctx, carousel.LinkedIn, "", "http://127.0.0.1/cb")
	e.skew.Store(0)
	back = consent(t, authURL, "ada123", "allow")
	_, err = e.pub.CompleteAuthorization(e.ctx, carousel.LinkedIn, back.Get("state"), back.Get("code"), nonce, "http://127.0.0.1/cb")
	if carousel.ErrorCode(err) != carousel.EFORBIDDEN {
		t.Fatalf("an expired state: %v", err)
	}
	// A state signed by another server's key is refused.
	other := newEnv(t)
	authURL, nonce, _ = other.pub.AuthorizeURL(other.ctx, carousel.LinkedIn, "", "http://127.0.0.1/cb")
	u, _ := url.Parse(authURL)
	_, err = e.pub.CompleteAuthorization(e.ctx, carousel.LinkedIn, u.Query().Get("state"), "code", nonce, "http://127.0.0.1/cb")
	if carousel.ErrorCode(err) != carousel.EFORBIDDEN {
		t.Fatalf("a state of another server: %v", err)
	}
	// Platforms without an app cannot be connected.
	bare := newEnv(t, func(c *publishConfig) {
		a := c.Apps[carousel.Threads]
		a.ClientID = ""
		c.Apps[carousel.Threads] = a
	})
	if _, _, err := bare.pub.AuthorizeURL(bare.ctx, carousel.Threads, "", "http://x/cb"); err == nil || !strings.Contains(err.Error(), "CAROUSEL_THREADS_CLIENT_ID") {
		t.Fatalf("no app: %v", err)
	}
}

// An account connected from a workspace is that workspace's, though the
// callback comes without a session; its posts are published there.
func TestConnectAndPublishInAWorkspace(t *testing.T) {
	e := newEnv(t)
	ws := &carousel.Workspace{Name: "Client B"}
	if err := e.db.CreateWorkspace(e.ctx, ws); err != nil {
		t.Fatal(err)
	}
	inB := carousel.NewContextWithWorkspace(e.ctx, ws.ID)
	authURL, nonce, err := e.pub.AuthorizeURL(inB, carousel.LinkedIn, "", "http://127.0.0.1/cb")
	if err != nil {
		t.Fatal(err)
	}
	back := consent(t, authURL, "bee42", "allow")
	accounts, err := e.pub.CompleteAuthorization(e.ctx, carousel.LinkedIn, back.Get("state"), back.Get("code"), nonce, "http://127.0.0.1/cb")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.FindSocialAccountByID(e.ctx, accounts[0].ID); carousel.ErrorCode(err) != carousel.ENOTFOUND {
		t.Fatalf("the account is in the default workspace too: %v", err)
	}
	a, err := e.db.FindSocialAccountByID(inB, accounts[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := e.pub.Schedule(inB, e.project("linkedin-portrait", 0), carousel.PublishRequest{Accounts: []carousel.PublishTarget{{Account: a.ID, Caption: "From workspace B"}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.pub.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, 10*time.Second, "the post from workspace B", func() bool {
		j, _ := e.db.FindPostJobByID(inB, jobs[0].ID)
		return j != nil && j.State == carousel.PostPublished
	})
	if posts := e.li.Posts(); len(posts) != 1 || posts[0].Author != "urn:li:person:bee42" {
		t.Fatalf("posts %+v", posts)
	}
}
