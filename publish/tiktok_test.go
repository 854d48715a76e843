// SPDX-License-Identifier: MIT

package publish_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

func TestTikTokPhotoPost(t *testing.T) {
	e := newEnv(t)
	a := e.tiktok()
	e.tk.SetProcessing(2)
	p := e.project("story", 0)
	// TikTok forbids a preselected privacy level: the person must choose.
	_, err := e.pub.Schedule(e.ctx, p, carousel.PublishRequest{Accounts: []carousel.PublishTarget{{Account: a.ID, Caption: "x"}}})
	if err == nil || !strings.Contains(err.Error(), "choose who can see") || !strings.Contains(err.Error(), "options.privacy") {
		t.Fatalf("no privacy level: %v", err)
	}
	caption := "Five habits of calm writing #writing"
	j := e.run(e.schedule(p, a, caption, carousel.PostOptions{Privacy: "PUBLIC_TO_EVERYONE", DisableComment: true}, false)[0].ID)
	wantState(t, j, carousel.PostPublished)
	posts := e.tk.Posts()
	if len(posts) != 1 || posts[0].Text != caption || posts[0].Privacy != "PUBLIC_TO_EVERYONE" || len(posts[0].Media) != e.slides(p) || posts[0].Title != p.Title {
		t.Fatalf("%+v", posts)
	}
	if !strings.HasPrefix(j.PostURL, "https://www.tiktok.com/@ada_builds/photo/") || strings.HasPrefix(j.PostID, "p_pub") {
		t.Fatalf("a public post: id %q url %q", j.PostID, j.PostURL)
	}
	for _, m := range j.Media {
		if m.Width != 1080 || m.Height != 1920 {
			t.Fatalf("a 9:16 slide became %dx%d: its short side is within TikTok's 1080 px", m.Width, m.Height)
		}
	}
}

// A private post has no public id: its publish_id names it.
func TestTikTokPrivatePostKeepsThePublishID(t *testing.T) {
	e := newEnv(t)
	a := e.tiktok()
	j := e.run(e.schedule(e.project("story", 0), a, "", carousel.PostOptions{Privacy: "SELF_ONLY"}, false)[0].ID)
	wantState(t, j, carousel.PostPublished)
	if !strings.HasPrefix(j.PostID, "p_pub_url~") || j.PostURL != "" {
		t.Fatalf("private post: id %q url %q", j.PostID, j.PostURL)
	}
}

func TestTikTokPrivacyTheCreatorDoesNotAllow(t *testing.T) {
	e := newEnv(t)
	a := e.tiktok()
	e.tk.PrivacyLevels = []string{"SELF_ONLY"} // an unaudited app
	j := e.run(e.schedule(e.project("story", 0), a, "x", carousel.PostOptions{Privacy: "PUBLIC_TO_EVERYONE"}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "allows the privacy levels SELF_ONLY")
}

func TestTikTokFailedPost(t *testing.T) {
	e := newEnv(t)
	a := e.tiktok()
	e.tk.FailReason = "picture_size_check_failed"
	j := e.run(e.schedule(e.project("story", 0), a, "x", carousel.PostOptions{Privacy: "SELF_ONLY"}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "short side must be at most 1080 px")
}

func TestTikTokExpiredTokenIsRefreshed(t *testing.T) {
	e := newEnv(t)
	access, refresh := e.tk.Issue("-000ada-open-id", "video.publish")
	a := e.connect(carousel.TikTok, carousel.AccountUser, "-000ada-open-id", access, carousel.Token{Refresh: refresh, Expires: time.Now().Add(20 * time.Hour)})
	e.tk.ExpireTokens()
	j := e.run(e.schedule(e.project("story", 0), a, "x", carousel.PostOptions{Privacy: "SELF_ONLY"}, false)[0].ID)
	wantState(t, j, carousel.PostPublished)
	if e.tk.Count("POST /v2/oauth/token/") != 1 {
		t.Fatalf("%d refreshes", e.tk.Count("POST /v2/oauth/token/"))
	}
}

func TestTikTokRateLimit(t *testing.T) {
	e := newEnv(t)
	a := e.tiktok()
	e.tk.Fail("POST /v2/post/publish/content/init/", 1, http.StatusTooManyRequests, "rate_limit_exceeded", "API rate limit exceeded")
	id := e.schedule(e.project("story", 0), a, "x", carousel.PostOptions{Privacy: "SELF_ONLY"}, false)[0].ID
	wantState(t, e.run(id), carousel.PostScheduled, "rate limit")
	wantState(t, e.run(id), carousel.PostPublished)
	if len(e.tk.Posts()) != 1 {
		t.Fatalf("%d posts", len(e.tk.Posts()))
	}
}

// TikTok cannot look a post up without its publish_id: an attempt that
// never heard back from init leaves the job for the person to check.
func TestTikTokInterruptedInitWaitsForThePerson(t *testing.T) {
	e := newEnv(t)
	a := e.tiktok()
	e.tk.Hold("POST /v2/post/publish/content/init/", 1500*time.Millisecond)
	id := e.schedule(e.project("story", 0), a, "x", carousel.PostOptions{Privacy: "SELF_ONLY"}, false)[0].ID
	e.runInterrupted(id, 500*time.Millisecond)
	e.tk.Hold("POST /v2/post/publish/content/init/", 0)
	j := e.run(id)
	wantState(t, j, carousel.PostCheck, "look at the TikTok profile")
	if len(e.tk.Posts()) != 1 || e.tk.Count("POST /v2/post/publish/content/init/") != 1 {
		t.Fatalf("%d posts, %d inits", len(e.tk.Posts()), e.tk.Count("POST /v2/post/publish/content/init/"))
	}
	// The person finds it and says so.
	m, err := e.db.MarkPostJobPublished(e.ctx, id, "https://www.tiktok.com/@ada_builds/photo/1")
	if err != nil || m.State != carousel.PostPublished {
		t.Fatalf("%+v %v", m, err)
	}
}

// Once init answered, a restart only polls the status: nothing is posted again.
func TestTikTokInterruptedWhileProcessingResumes(t *testing.T) {
	e := newEnv(t, func(c *publishConfig) { c.PollInterval = 200 * time.Millisecond })
	a := e.tiktok()
	e.tk.SetProcessing(1000)
	id := e.schedule(e.project("story", 0), a, "x", carousel.PostOptions{Privacy: "SELF_ONLY"}, false)[0].ID
	wantState(t, e.runInterrupted(id, 500*time.Millisecond), carousel.PostScheduled)
	e.tk.SetProcessing(0)
	wantState(t, e.run(id), carousel.PostPublished)
	if e.tk.Count("POST /v2/post/publish/content/init/") != 1 {
		t.Fatalf("%d inits", e.tk.Count("POST /v2/post/publish/content/init/"))
	}
}
