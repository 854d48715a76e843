// SPDX-License-Identifier: MIT

package e2e

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/publish"
	"github.com/carouselstudio/carousel/publish/fake"
	"github.com/carouselstudio/carousel/secret"
	"github.com/carouselstudio/carousel/store"
	"github.com/carouselstudio/carousel/web"
	"github.com/chromedp/chromedp"
)

// TestStudioPublish connects a LinkedIn account through a fake OAuth
// provider (its consent page, the code, the callback), schedules the
// carousel for later with an edited caption, sees it in the list and the
// calendar, cancels it, then publishes it now and follows it to the live
// post.
func TestStudioPublish(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	li := fake.NewLinkedIn()
	t.Cleanup(li.Close)
	var pub *publish.Publisher
	s := newStudio(t, func(ws *web.Server, db *store.DB) {
		key, _ := secret.Parse(secret.New())
		db.Secrets = key
		var err error
		pub, err = publish.New(publish.Config{
			Apps: map[string]publish.App{carousel.LinkedIn: {
				ClientID: li.ClientID, ClientSecret: li.ClientSecret, AuthBase: li.URL, TokenBase: li.URL, APIBase: li.URL, Version: "202510",
			}},
			MediaKey: key.Derive("media"), StateKey: key.Derive("state"),
			LinkedInGrace: time.Millisecond, PollInterval: 10 * time.Millisecond, ScanInterval: 100 * time.Millisecond,
		}, db, db, ws.Render, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			t.Fatal(err)
		}
		ws.Publish, ws.SocialAccounts, ws.Posts = pub, db, db
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { pub.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	// A second brand, so that an account can be given to one of them.
	if err := s.db.CreateProfile(context.Background(), &carousel.Profile{Name: "Side project"}); err != nil {
		t.Fatal(err)
	}
	s.do(chromedp.Navigate(s.url))
	s.wait("the page", `document.body.dataset.ready === 'true'`)
	s.do(chromedp.SetValue(chromedp.CSS("#source"), thread), chromedp.Click(chromedp.CSS("#import-btn")))
	s.wait("previews", previewsLoaded)
	project := s.projectID()

	// Nothing connected yet: the Publish dialog offers to connect.
	s.do(chromedp.Click(chromedp.CSS("#publish-open")))
	s.wait("the connect buttons", `document.querySelector('#publish-dialog').open && document.querySelector('[data-connect="linkedin"]') && !document.querySelector('[data-connect="linkedin"]').disabled`)
	if eval[bool](s, `!document.querySelector('[data-connect="instagram"]').disabled`) {
		t.Error("Instagram can be connected though the server has no Instagram app")
	}
	s.shot("publish-empty")

	// Connect: the browser goes to the platform, allows, and comes back.
	s.do(chromedp.Click(chromedp.CSS(`[data-connect="linkedin"]`)))
	s.wait("the platform's consent page", `location.href.startsWith(`+jsString(li.URL)+`) && !!document.querySelector('#allow')`)
	s.shot("publish-consent")
	s.do(chromedp.Click(chromedp.CSS("#allow")))
	s.wait("the studio again, with the account", `location.href.startsWith(`+jsString(s.url)+`) && document.body && document.body.dataset.ready === 'true' && document.querySelector('#publish-dialog').open && document.querySelectorAll('.account-row').length === 1`)
	if got := s.projectID(); got != project {
		t.Fatalf("back on project %q, want %q", got, project)
	}
	if !eval[bool](s, `document.querySelector('.account-row input[type=checkbox]').checked`) {
		t.Error("the account just connected is not ticked")
	}
	if msg := eval[string](s, `document.querySelector('#toast').textContent`); !strings.Contains(msg, "LinkedIn connected") {
		t.Errorf("toast %q", msg)
	}
	accounts, err := s.db.FindSocialAccounts(context.Background(), carousel.SocialAccountFilter{})
	if err != nil || len(accounts) != 1 || accounts[0].ExternalID != "urn:li:person:ada123" {
		t.Fatalf("stored accounts %+v %v", accounts, err)
	}
	// Give the account to one brand only, then back to every brand.
	if !eval[bool](s, `document.querySelectorAll('.account-profile option').length === 2`) {
		t.Error("no brand choice on the account")
	}
	eval[bool](s, `(() => { const sel = document.querySelector('.account-profile'); sel.value = sel.options[1].value; sel.dispatchEvent(new Event('change')); return true; })()`)
	deadline := time.Now().Add(10 * time.Second)
	for {
		a, _ := s.db.FindSocialAccountByID(context.Background(), accounts[0].ID)
		if a.ProfileID != "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("choosing a brand did not reach the store")
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.wait("the caption drawn from the thread", `document.querySelector('[data-caption="linkedin"]') && document.querySelector('[data-caption="linkedin"]').value.startsWith('Five habits')`)
	s.shot("publish-connected")

	// The live count, and a caption over the limit blocks publishing.
	setCaption := func(v string) {
		eval[bool](s, `(() => { const t = document.querySelector('[data-caption="linkedin"]'); t.value = `+jsString(v)+`; t.dispatchEvent(new Event('input')); return true; })()`)
	}
	setCaption(strings.Repeat("x", 3001))
	if !eval[bool](s, `document.querySelector('.caption-box .count.over') !== null && document.querySelector('#publish-go').disabled`) {
		t.Error("a 3,001-character caption is not flagged, or can be published")
	}
	if got := eval[string](s, `document.querySelector('.caption-box .count.chars').textContent`); got != "3,001 / 3,000" {
		t.Errorf("count %q", got)
	}
	caption := "Five habits of calm, clear writing 🧵 #writing"
	setCaption(caption)
	if got := eval[string](s, `document.querySelector('.caption-box .count.chars').textContent`); got != "45 / 3,000" {
		t.Errorf("count of %q is %q", caption, got)
	}

	// Later: tomorrow at 09:00 (the default), then Schedule.
	s.do(chromedp.Click(chromedp.CSS(`input[name="publish-when"][value="later"]`)))
	s.wait("the time field", `!document.querySelector('#publish-at').disabled && document.querySelector('#publish-at').value.endsWith('T09:00') && document.querySelector('#publish-go').textContent === 'Schedule'`)
	local := eval[string](s, `document.querySelector('#publish-at').value`)
	s.shot("publish-compose")
	s.do(chromedp.Click(chromedp.CSS("#publish-go")))
	s.wait("the scheduled post in the list", `!document.querySelector('#publish-posts').hidden && document.querySelector('.post-row[data-state="scheduled"]')`)
	s.shot("publish-scheduled")
	jobs, _ := s.db.FindPostJobs(context.Background(), carousel.PostJobFilter{ProjectID: project})
	if len(jobs) != 1 || jobs[0].Caption != caption || jobs[0].State != carousel.PostScheduled {
		t.Fatalf("stored posts %+v", jobs)
	}
	want, _ := time.ParseInLocation("2006-01-02T15:04", local, time.Local)
	if !jobs[0].ScheduledAt.Equal(want) {
		t.Errorf("scheduled at %v, the person chose %v", jobs[0].ScheduledAt, want)
	}

	// The calendar shows it on its day.
	eval[bool](s, `(() => { [...document.querySelectorAll('#publish-posts .seg')].find(b => b.textContent === 'Calendar').click(); return true; })()`)
	if !jobs[0].ScheduledAt.After(time.Now().AddDate(0, 1, 0)) { // tomorrow may be next month
		s.wait("the calendar", `document.querySelector('.calendar')`)
		if jobs[0].ScheduledAt.Month() != time.Now().Month() {
			eval[bool](s, `(() => { document.querySelector('.cal-head button[aria-label="Next month"]').click(); return true; })()`)
		}
		s.wait("the post on its day", `document.querySelector('.cal-chip.state-scheduled')`)
		s.shot("publish-calendar")
	}
	eval[bool](s, `(() => { [...document.querySelectorAll('#publish-posts .seg')].find(b => b.textContent === 'List').click(); return true; })()`)
	s.wait("the list", `document.querySelector('.post-row[data-state="scheduled"]')`)

	// Cancel it.
	s.do(chromedp.Click(chromedp.CSS(`.post-row [data-post-action="cancel"]`)))
	s.wait("the cancelled post", `document.querySelector('.post-row[data-state="cancelled"]')`)
	if j, _ := s.db.FindPostJobByID(context.Background(), jobs[0].ID); j.State != carousel.PostCancelled {
		t.Fatalf("after Cancel the post is %s", j.State)
	}
	if len(li.Posts()) != 0 {
		t.Fatal("a cancelled post was made")
	}

	// Now: publish at once, and follow it to the live post.
	s.do(chromedp.Click(chromedp.CSS(`[data-pubtab="compose"]`)))
	s.wait("the compose tab", `document.querySelector('#publish-go')`)
	s.do(chromedp.Click(chromedp.CSS(`input[name="publish-when"][value="now"]`)))
	s.wait("publish now", `document.querySelector('#publish-go').textContent === 'Publish now' && !document.querySelector('#publish-go').disabled`)
	s.do(chromedp.Click(chromedp.CSS("#publish-go")))
	s.wait("the published post", `document.querySelector('.post-row[data-state="published"] a[href^="https://www.linkedin.com/feed/update/"]')`)
	s.shot("publish-published")
	posts := li.Posts()
	if len(posts) != 1 || posts[0].Text != `Five habits of calm, clear writing 🧵 {hashtag|\#|writing}` {
		t.Fatalf("LinkedIn has %+v", posts)
	}
	s.phone()
	s.shot("phone-publish-posts")
	s.do(chromedp.Click(chromedp.CSS(`[data-pubtab="compose"]`)))
	s.wait("the compose tab", `document.querySelector('#publish-go')`)
	s.shot("phone-publish-compose")
	s.desktop()
	if v := eval[[]string](s, `window.__cspViolations || []`); len(v) > 0 {
		t.Errorf("CSP violations: %v", v)
	}
}

// TestStudioPublishTikTok: the Publish dialog asks TikTok what the
// creator may post before offering anything (TikTok's guidelines): only
// the privacy levels it lists, none chosen, comments off when the creator
// turned them off; the post goes out with the level the person chose; an
// expired token says to reconnect.
func TestStudioPublishTikTok(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	tk := fake.NewTikTok()
	t.Cleanup(tk.Close)
	tk.Creator("tk-token", "-000ada-open-id", "Ada Lovelace")
	tk.PrivacyLevels = []string{"FOLLOWER_OF_CREATOR", "SELF_ONLY"}
	tk.CommentDisabled = true
	// TikTok pulls the images from the server's public address: a proxy
	// to the studio, whose own address is known only once it runs.
	var studioURL atomic.Value
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, _ := url.Parse(studioURL.Load().(string))
		httputil.NewSingleHostReverseProxy(u).ServeHTTP(w, r)
	}))
	t.Cleanup(public.Close)
	var pub *publish.Publisher
	s := newStudio(t, func(ws *web.Server, db *store.DB) {
		key, _ := secret.Parse(secret.New())
		db.Secrets = key
		var err error
		pub, err = publish.New(publish.Config{
			Apps: map[string]publish.App{carousel.TikTok: {
				ClientID: tk.ClientID, ClientSecret: tk.ClientSecret, AuthBase: tk.URL, TokenBase: tk.URL, APIBase: tk.URL,
			}},
			PublicURL: public.URL, MediaKey: key.Derive("media"), StateKey: key.Derive("state"),
			PollInterval: 10 * time.Millisecond, ScanInterval: 100 * time.Millisecond,
		}, db, db, ws.Render, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
		if err != nil {
			t.Fatal(err)
		}
		ws.Publish, ws.SocialAccounts, ws.Posts, ws.PublicURL = pub, db, db, public.URL
	})
	studioURL.Store(s.url)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { pub.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	cred := &carousel.Credential{Platform: carousel.TikTok, Subject: "-000ada-open-id", Token: carousel.Token{Access: "tk-token"}}
	acct := &carousel.SocialAccount{Platform: carousel.TikTok, Kind: carousel.AccountUser, ExternalID: "-000ada-open-id", Name: "Ada on TikTok"}
	if err := s.db.ConnectAccounts(context.Background(), cred, []*carousel.SocialAccount{acct}); err != nil {
		t.Fatal(err)
	}

	s.importThread(thread)
	s.click("#publish-open")
	s.wait("the TikTok account", `document.querySelector('#publish-dialog').open && document.querySelector('.account-row[data-platform="tiktok"] input[type=checkbox]')`)
	if n := tk.Count("POST /v2/post/publish/creator_info/query/"); n != 0 {
		t.Errorf("TikTok was asked %d times before the account was chosen", n)
	}
	s.click(`.account-row[data-platform="tiktok"] input[type=checkbox]`)
	s.wait("what TikTok allows", `document.querySelector('.tiktok-who') && document.querySelector('.tiktok-who').textContent.includes('Ada Lovelace') && !document.querySelector('[data-tiktok="privacy"]').disabled`)
	if who := eval[string](s, `document.querySelector('.tiktok-who').textContent`); who != "Posting as Ada Lovelace @ada_builds on TikTok" {
		t.Errorf("the dialog says %q", who)
	}
	if got := eval[[]string](s, `[...document.querySelectorAll('[data-tiktok="privacy"] option')].map(o => o.value)`); strings.Join(got, ",") != ",FOLLOWER_OF_CREATOR,SELF_ONLY" {
		t.Errorf("the privacy choices are %q, want TikTok's two after the prompt", got)
	}
	if v := eval[string](s, `document.querySelector('[data-tiktok="privacy"]').value`); v != "" {
		t.Errorf("privacy %q is preselected", v)
	}
	if !eval[bool](s, `(() => { const c = document.querySelector('.tiktok-options input[type=checkbox]'); return c.checked && c.disabled; })()`) {
		t.Error("comments are not shown off, though the creator turned them off")
	}
	if !eval[bool](s, `document.querySelector('#publish-go').disabled && document.querySelector('#publish-problems').textContent.includes('Choose who can see the TikTok post')`) {
		t.Error("a TikTok post can be published without a privacy choice")
	}
	s.shot("publish-tiktok-choose")
	s.phone()
	s.shot("phone-publish-tiktok-choose")
	s.desktop()

	eval[bool](s, `(() => { const sel = document.querySelector('[data-tiktok="privacy"]'); sel.value = 'SELF_ONLY'; sel.dispatchEvent(new Event('change')); return true; })()`)
	s.wait("the publish button", `!document.querySelector('#publish-go').disabled`)
	s.click("#publish-go")
	s.wait("the published post", `document.querySelector('.post-row[data-state="published"]')`)
	posts := tk.Posts()
	if len(posts) != 1 || posts[0].Privacy != "SELF_ONLY" || !strings.HasPrefix(posts[0].Media[0], public.URL+"/public/media/") {
		t.Fatalf("TikTok has %+v", posts)
	}
	jobs, _ := s.db.FindPostJobs(context.Background(), carousel.PostJobFilter{})
	if len(jobs) != 1 || !jobs[0].Options.DisableComment {
		t.Errorf("the post's options %+v: comments should be off", jobs[0].Options)
	}

	// The token expires: opening Publish again says to reconnect.
	tk.ExpireTokens()
	s.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#publish-dialog').close()`))
	s.click("#publish-open")
	s.wait("the reconnect", `document.querySelector('.account-row.needs[data-platform="tiktok"]') && [...document.querySelectorAll('.account-row.needs button')].some(b => b.textContent === 'Reconnect')`)
	if msg := eval[string](s, `document.querySelector('#toast').textContent`); !strings.Contains(msg, "connect the account again") {
		t.Errorf("toast %q", msg)
	}
	if eval[bool](s, `!!document.querySelector('.caption-box[data-platform="tiktok"]')`) {
		t.Error("the TikTok caption stays offered for an account TikTok refused")
	}
	a, err := s.db.FindSocialAccountByID(context.Background(), acct.ID)
	if err != nil || a.Status != carousel.CredentialReconnect {
		t.Errorf("the account is %+v %v", a, err)
	}
	s.shot("publish-tiktok-reconnect")
}
