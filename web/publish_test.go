// SPDX-License-Identifier: MIT

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/jpeg"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/publish"
	"github.com/carouselstudio/carousel/publish/fake"
	"github.com/carouselstudio/carousel/secret"
	"github.com/carouselstudio/carousel/web"
)

// publishEnv is a studio with publishing on: a publisher on the store and
// engine, whose LinkedIn and Instagram are fakes, and whose public URL is
// the studio itself.
type publishEnv struct {
	*testEnv
	pub *publish.Publisher
	li  *fake.LinkedIn
	ig  *fake.Meta
	tk  *fake.TikTok
}

func newPublishEnv(t *testing.T) *publishEnv {
	t.Helper()
	li, ig, tk := fake.NewLinkedIn(), fake.NewInstagram(), fake.NewTikTok()
	t.Cleanup(li.Close)
	t.Cleanup(ig.Close)
	t.Cleanup(tk.Close)
	pe := &publishEnv{li: li, ig: ig, tk: tk}
	key, _ := secret.Parse(secret.New())
	pe.testEnv = newEnv(t, func(s *web.Server) {})
	db := pe.db
	db.Secrets = key
	app := func(s *fake.Server, v string) publish.App {
		return publish.App{ClientID: s.ClientID, ClientSecret: s.ClientSecret, AuthBase: s.URL, TokenBase: s.URL, APIBase: s.URL, Version: v}
	}
	var err error
	pe.pub, err = publish.New(publish.Config{
		Apps:      map[string]publish.App{carousel.LinkedIn: app(li.Server, "202510"), carousel.Instagram: app(ig.Server, ig.Version), carousel.TikTok: app(tk.Server, "")},
		PublicURL: pe.srv.URL, MediaKey: key.Derive("m"), StateKey: key.Derive("s"),
		PollInterval: 5 * time.Millisecond, LinkedInGrace: time.Millisecond, ScanInterval: 50 * time.Millisecond,
	}, db, db, sharedEngine(t), slog.New(slog.NewTextHandler(&lockedWriter{w: pe.logs}, nil)))
	if err != nil {
		t.Fatal(err)
	}
	// The handler was built by newEnv; publishing fields are read per request.
	pe.web.Publish, pe.web.SocialAccounts, pe.web.Posts, pe.web.PublicURL = pe.pub, db, db, pe.srv.URL
	return pe
}

// connectLinkedIn goes through the OAuth flow as a browser would: the
// studio's connect call, the platform's consent page, the callback.
func (pe *publishEnv) connectLinkedIn(t *testing.T) (*carousel.SocialAccount, *http.Response) {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if strings.HasPrefix(req.URL.String(), pe.srv.URL+"/?") {
			return http.ErrUseLastResponse // stop at the studio page
		}
		return nil
	}}
	body, _ := json.Marshal(map[string]string{"platform": "linkedin"})
	req, _ := http.NewRequest("POST", pe.srv.URL+"/api/social-accounts/connect", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", pe.csrf)
	res, err := browser.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("connect: %v %v", res.StatusCode, err)
	}
	var start struct{ URL, RedirectURI string }
	json.NewDecoder(res.Body).Decode(&start)
	res.Body.Close()
	if start.RedirectURI != pe.srv.URL+"/oauth/linkedin/callback" || !strings.HasPrefix(start.URL, pe.li.URL+"/oauth/v2/authorization?") {
		t.Fatalf("connect answered %+v", start)
	}
	u, _ := url.Parse(start.URL)
	q := u.Query()
	// "Allow" on the consent page: the platform redirects to the callback,
	// which redirects to the studio.
	res, err = browser.PostForm(pe.li.URL+"/oauth/v2/authorization", url.Values{
		"redirect_uri": {q.Get("redirect_uri")}, "state": {q.Get("state")}, "scope": {q.Get("scope")}, "subject": {"ada123"}, "decision": {"allow"},
	})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	var list struct{ Accounts []*carousel.SocialAccount }
	pe.getJSON("/api/social-accounts", &list)
	if len(list.Accounts) == 0 {
		return nil, res
	}
	return list.Accounts[0], res
}

func TestConnectAccountThroughTheStudio(t *testing.T) {
	pe := newPublishEnv(t)
	a, res := pe.connectLinkedIn(t)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.Contains(loc, "connected=linkedin") || !strings.HasSuffix(loc, "#publish") {
		t.Fatalf("callback answered %d, Location %q", res.StatusCode, loc)
	}
	if a == nil || a.ExternalID != "urn:li:person:ada123" || a.Status != carousel.CredentialConnected {
		t.Fatalf("account %+v", a)
	}
	// The callback without the browser's cookie is refused.
	res2, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(pe.srv.URL + "/oauth/linkedin/callback?code=x&state=y")
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	if loc := res2.Header.Get("Location"); !strings.Contains(loc, "connectError=") {
		t.Fatalf("a forged callback: %q", loc)
	}
	// A refused consent comes back as an error the studio shows.
	res3, _ := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(pe.srv.URL + "/oauth/linkedin/callback?error=user_cancelled_login&error_description=The+user+cancelled")
	res3.Body.Close()
	if loc := res3.Header.Get("Location"); !strings.Contains(loc, "The+user+cancelled") {
		t.Fatalf("a refused consent: %q", loc)
	}
	// Profiles and removal.
	var prof carousel.Profile
	res4, b := pe.do("POST", "/api/profiles", map[string]string{"name": "Brand"})
	json.Unmarshal(b, &prof)
	if res4.StatusCode != 201 {
		t.Fatalf("profile: %s", b)
	}
	res4, b = pe.do("PUT", "/api/social-accounts/"+a.ID, map[string]string{"profileId": prof.ID})
	if res4.StatusCode != 200 || !strings.Contains(string(b), prof.ID) {
		t.Fatalf("set profile: %d %s", res4.StatusCode, b)
	}
	res4, b = pe.do("PUT", "/api/social-accounts/"+a.ID, map[string]string{"profileId": "nope"})
	wantError(t, res4, b, 400, carousel.EINVALID)
	res4, _ = pe.do("DELETE", "/api/social-accounts/"+a.ID, nil)
	if res4.StatusCode != 204 {
		t.Fatalf("delete: %d", res4.StatusCode)
	}
}

func TestPublishFromTheStudio(t *testing.T) {
	pe := newPublishEnv(t)
	a, _ := pe.connectLinkedIn(t)
	p := pe.create(map[string]string{"source": pastedThread})
	var plans struct{ Plans []carousel.PublishPlan }
	pe.getJSON("/api/projects/"+p.ID+"/publish/plan?platform=linkedin&platform=instagram", &plans)
	if len(plans.Plans) != 2 || plans.Plans[0].Caption == "" || plans.Plans[0].Slides != len(p.Slides) || plans.Plans[1].Platform != "instagram" || plans.Plans[1].Problem != "" {
		t.Fatalf("plans %+v", plans.Plans)
	}
	// Schedule for later, list, cancel, retry now.
	at := time.Now().Add(2 * time.Hour).UTC().Format(time.RFC3339)
	res, b := pe.do("POST", "/api/projects/"+p.ID+"/publish", map[string]any{"accounts": []map[string]string{{"account": a.ID, "caption": "Calm #writing"}}, "at": at})
	if res.StatusCode != 201 {
		t.Fatalf("publish: %d %s", res.StatusCode, b)
	}
	var out struct{ Posts []carousel.PostJob }
	json.Unmarshal(b, &out)
	id := out.Posts[0].ID
	var list struct{ Posts []carousel.PostJob }
	pe.getJSON("/api/posts?project="+p.ID, &list)
	if len(list.Posts) != 1 || list.Posts[0].State != carousel.PostScheduled || list.Posts[0].ScheduledAt.Format(time.RFC3339) != at {
		t.Fatalf("posts %+v", list.Posts)
	}
	res, b = pe.do("POST", "/api/posts/"+id+"/cancel", nil)
	if res.StatusCode != 200 || !strings.Contains(string(b), `"cancelled"`) {
		t.Fatalf("cancel: %d %s", res.StatusCode, b)
	}
	res, b = pe.do("POST", "/api/posts/"+id+"/cancel", nil)
	wantError(t, res, b, 409, carousel.ECONFLICT)
	// The scheduler publishes the retried post.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { pe.pub.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	res, b = pe.do("POST", "/api/posts/"+id+"/retry", nil)
	if res.StatusCode != 200 {
		t.Fatalf("retry: %d %s", res.StatusCode, b)
	}
	deadline := time.Now().Add(15 * time.Second)
	var j carousel.PostJob
	for j.State != carousel.PostPublished {
		if time.Now().After(deadline) {
			t.Fatalf("not published: %+v", j)
		}
		time.Sleep(20 * time.Millisecond)
		pe.getJSON("/api/posts/"+id, &j)
	}
	if len(pe.li.Posts()) != 1 || !strings.HasPrefix(j.PostURL, "https://www.linkedin.com/feed/update/") {
		t.Fatalf("post %+v, LinkedIn %+v", j, pe.li.Posts())
	}
	// Bad requests name the field.
	for _, tc := range []struct {
		body  any
		field string
	}{
		{map[string]any{"accounts": []any{}}, "accounts"},
		{map[string]any{"accounts": []map[string]string{{"account": "nope"}}}, "accounts[0].account"},
		{map[string]any{"accounts": []map[string]string{{"account": a.ID}}, "at": "tomorrow"}, "at"},
		{map[string]any{"accounts": []map[string]string{{"account": a.ID, "caption": strings.Repeat("x", 3001)}}}, "accounts[0].caption"},
	} {
		res, b := pe.do("POST", "/api/projects/"+p.ID+"/publish", tc.body)
		if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, tc.field) {
			t.Fatalf("%v: %s", tc.body, msg)
		}
	}
	// A stale revision is refused: the person publishes what they saw.
	res, b = pe.do("POST", "/api/projects/"+p.ID+"/publish", map[string]any{"accounts": []map[string]string{{"account": a.ID, "caption": "x"}}, "revision": p.Revision + 5})
	wantError(t, res, b, 409, carousel.ECONFLICT)
}

func TestPublicMediaAndInstagramThroughTheStudio(t *testing.T) {
	pe := newPublishEnv(t)
	pe.ig.User("ig-token", "1784", "ada")
	c := &carousel.Credential{Platform: carousel.Instagram, Subject: "1784", Token: carousel.Token{Access: "ig-token", Renewable: true}}
	a := &carousel.SocialAccount{Platform: carousel.Instagram, Kind: carousel.AccountBusiness, ExternalID: "1784", Name: "Ada IG"}
	if err := pe.db.ConnectAccounts(context.Background(), c, []*carousel.SocialAccount{a}); err != nil {
		t.Fatal(err)
	}
	p := pe.create(map[string]string{"source": pastedThread, "format": "instagram-portrait"})
	res, b := pe.do("POST", "/api/projects/"+p.ID+"/publish", map[string]any{"accounts": []map[string]string{{"account": a.ID, "caption": "On Instagram"}}})
	if res.StatusCode != 201 {
		t.Fatalf("publish: %d %s", res.StatusCode, b)
	}
	var out struct{ Posts []carousel.PostJob }
	json.Unmarshal(b, &out)
	j, err := pe.pub.RunJob(context.Background(), out.Posts[0].ID)
	if err != nil || j.State != carousel.PostPublished {
		t.Fatalf("run: %+v %v", j, err)
	}
	// Instagram fetched the images from the studio's public route, which
	// answers without the CSRF token or any cookie.
	u := pe.ig.Posts()[0].Media[0]
	if !strings.HasPrefix(u, pe.srv.URL+"/public/media/") {
		t.Fatalf("image address %s", u)
	}
	r, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.DecodeConfig(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || err != nil || img.Width != 1080 || r.Header.Get("Cross-Origin-Resource-Policy") != "cross-origin" {
		t.Fatalf("public image: %d %v %dx%d", r.StatusCode, err, img.Width, img.Height)
	}
	for _, bad := range []string{"/public/media/x", "/public/media/" + strings.Repeat("0", 64) + ".1.sig.jpg", "/public/media/../api/projects"} {
		r, _ := http.Get(pe.srv.URL + bad)
		r.Body.Close()
		if r.StatusCode != 404 {
			t.Fatalf("%s answered %d", bad, r.StatusCode)
		}
	}
	// The studio's own thumbnail route.
	res, b = pe.do("GET", "/api/posts/"+j.ID+"/media/1", nil)
	if res.StatusCode != 200 || !bytes.HasPrefix(b, []byte{0xff, 0xd8}) {
		t.Fatalf("thumbnail: %d", res.StatusCode)
	}
	res, b = pe.do("GET", "/api/posts/"+j.ID+"/media/99", nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)
}

func TestPublishingOff(t *testing.T) {
	e := newEnv(t)
	var st struct {
		Enabled   bool
		Problem   string
		Platforms []carousel.PlatformStatus
	}
	e.getJSON("/api/publish/platforms", &st)
	if st.Enabled || !strings.Contains(st.Problem, "CAROUSEL_SECRET_KEY") || len(st.Platforms) != 4 {
		t.Fatalf("%+v", st)
	}
	res, b := e.do("POST", "/api/social-accounts/connect", map[string]string{"platform": "linkedin"})
	wantError(t, res, b, 503, carousel.EUNAVAILABLE)
	var posts struct{ Posts []any }
	e.getJSON("/api/posts", &posts)
	if posts.Posts == nil || len(posts.Posts) != 0 {
		t.Fatalf("posts %+v", posts)
	}
	r, _ := http.Get(e.srv.URL + "/public/media/" + strings.Repeat("0", 64) + ".1.x.jpg")
	r.Body.Close()
	if r.StatusCode != 404 {
		t.Fatalf("public media with publishing off: %d", r.StatusCode)
	}
}

// connectTikTok stores a TikTok account whose token the fake accepts.
func (pe *publishEnv) connectTikTok(t *testing.T, tok carousel.Token) *carousel.SocialAccount {
	t.Helper()
	c := &carousel.Credential{Platform: carousel.TikTok, Subject: "-000ada-open-id", Token: tok}
	a := &carousel.SocialAccount{Platform: carousel.TikTok, Kind: carousel.AccountUser, ExternalID: "-000ada-open-id", Name: "Ada on TikTok"}
	if err := pe.db.ConnectAccounts(context.Background(), c, []*carousel.SocialAccount{a}); err != nil {
		t.Fatal(err)
	}
	return a
}

// TikTok's creator info reaches the studio as TikTok answers it: the
// privacy levels the creator may choose and what they turned off; a token
// TikTok refuses marks the account for reconnecting and says so.
func TestTikTokCreatorInfoThroughTheStudio(t *testing.T) {
	pe := newPublishEnv(t)
	pe.tk.Creator("tk-token", "-000ada-open-id", "Ada Lovelace")
	pe.tk.PrivacyLevels = []string{"FOLLOWER_OF_CREATOR", "SELF_ONLY"}
	pe.tk.CommentDisabled, pe.tk.StitchDisabled = true, true
	a := pe.connectTikTok(t, carousel.Token{Access: "tk-token"})

	res, b := pe.do("GET", "/api/social-accounts/"+a.ID+"/creator-info", nil)
	if res.StatusCode != 200 || res.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("creator info: %d %s", res.StatusCode, b)
	}
	var ci carousel.TikTokCreator
	if err := json.Unmarshal(b, &ci); err != nil {
		t.Fatal(err)
	}
	want := carousel.TikTokCreator{AccountID: a.ID, Nickname: "Ada Lovelace", Username: "ada_builds", AvatarURL: pe.tk.URL + "/avatar/-000ada-open-id.jpeg",
		PrivacyLevels: []string{"FOLLOWER_OF_CREATOR", "SELF_ONLY"}, CommentDisabled: true, StitchDisabled: true}
	if got, _ := json.Marshal(ci); string(got) != string(must(json.Marshal(want))) {
		t.Fatalf("creator info %s, want %s", got, must(json.Marshal(want)))
	}
	if n := pe.tk.Count("POST /v2/post/publish/creator_info/query/"); n != 1 {
		t.Fatalf("TikTok was asked %d times", n)
	}
	// Asked again each time: what the creator allows can change in the app.
	pe.tk.PrivacyLevels = []string{"SELF_ONLY"}
	pe.getJSON("/api/social-accounts/"+a.ID+"/creator-info", &ci)
	if len(ci.PrivacyLevels) != 1 || ci.PrivacyLevels[0] != "SELF_ONLY" {
		t.Fatalf("after the creator's change: %+v", ci)
	}

	// Not a TikTok account, and no account at all.
	li, _ := pe.connectLinkedIn(t)
	res, b = pe.do("GET", "/api/social-accounts/"+li.ID+"/creator-info", nil)
	if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, "only TikTok accounts") {
		t.Fatalf("a LinkedIn account: %s", msg)
	}
	res, b = pe.do("GET", "/api/social-accounts/nope/creator-info", nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)

	// TikTok busy: a clear 503 the studio can show.
	pe.tk.Fail("POST /v2/post/publish/creator_info/query/", 1, http.StatusTooManyRequests, "rate_limit_exceeded", "API rate limit exceeded")
	res, b = pe.do("GET", "/api/social-accounts/"+a.ID+"/creator-info", nil)
	if msg := wantError(t, res, b, 503, carousel.EUNAVAILABLE); !strings.Contains(msg, "rate limit") {
		t.Fatalf("rate limited: %s", msg)
	}

	// The token expired and cannot be renewed: reconnect.
	pe.tk.ExpireTokens()
	res, b = pe.do("GET", "/api/social-accounts/"+a.ID+"/creator-info", nil)
	if msg := wantError(t, res, b, 409, carousel.ECONFLICT); !strings.Contains(msg, "connect the account again") || !strings.Contains(msg, "access token is invalid") {
		t.Fatalf("expired token: %s", msg)
	}
	var list struct{ Accounts []*carousel.SocialAccount }
	pe.getJSON("/api/social-accounts?platform=tiktok", &list)
	if len(list.Accounts) != 1 || list.Accounts[0].Status != carousel.CredentialReconnect {
		t.Fatalf("after a refused token the account is %+v", list.Accounts)
	}
	// Marked: the next ask says so without calling TikTok.
	before := pe.tk.Count("POST /v2/post/publish/creator_info/query/")
	res, b = pe.do("GET", "/api/social-accounts/"+a.ID+"/creator-info", nil)
	wantError(t, res, b, 409, carousel.ECONFLICT)
	if pe.tk.Count("POST /v2/post/publish/creator_info/query/") != before {
		t.Fatal("TikTok was asked with a token it refused")
	}

	// A token with a refresh token is renewed, then asked with.
	access, refresh := pe.tk.Issue("-000ada-open-id", "user.info.basic", "video.publish")
	a = pe.connectTikTok(t, carousel.Token{Access: access, Refresh: refresh, Expires: time.Now().Add(20 * time.Hour)})
	pe.tk.ExpireTokens()
	pe.getJSON("/api/social-accounts/"+a.ID+"/creator-info", &ci)
	if ci.AccountID != a.ID || pe.tk.Count("POST /v2/oauth/token/") != 1 {
		t.Fatalf("after a refresh: %+v, %d refreshes", ci, pe.tk.Count("POST /v2/oauth/token/"))
	}

	// Without the posting scope TikTok refuses the query: say what to do.
	noPost, _ := pe.tk.Issue("-000ada-open-id", "user.info.basic")
	a = pe.connectTikTok(t, carousel.Token{Access: noPost})
	res, b = pe.do("GET", "/api/social-accounts/"+a.ID+"/creator-info", nil)
	if msg := wantError(t, res, b, 400, carousel.EINVALID); !strings.Contains(msg, "allow posting") {
		t.Fatalf("no posting scope: %s", msg)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Composing is the editor's: a viewer may not ask TikTok on the account's behalf.
func TestTikTokCreatorInfoNeedsTheEditorRole(t *testing.T) {
	e := newTeamEnv(t, filepath.Join(t.TempDir(), "team.db"), withPublishing(t))
	e.member("vic@agency.example", carousel.DefaultWorkspace, carousel.RoleViewer)
	e.member("ed@agency.example", carousel.DefaultWorkspace, carousel.RoleEditor)
	_, tk, _ := makePublishingA(t, e.db)
	res, b := e.signIn("vic@agency.example").do("GET", "/api/social-accounts/"+tk+"/creator-info", nil)
	wantError(t, res, b, 403, carousel.EFORBIDDEN)
	// The editor passes the role check (and, asking of no account, hears 404).
	res, b = e.signIn("ed@agency.example").do("GET", "/api/social-accounts/no-such-account/creator-info", nil)
	wantError(t, res, b, 404, carousel.ENOTFOUND)
}
