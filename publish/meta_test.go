// SPDX-License-Identifier: MIT

package publish_test

import (
	"bytes"
	"image/jpeg"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

func TestInstagramCarousel(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	e.ig.SetProcessing(3) // every container is slow to finish
	p := e.project("instagram-portrait", 1)
	n := e.slides(p)
	caption := "Five habits of calm writing ✍️ #writing #editing @ada_builds"
	jobs := e.schedule(p, a, caption, carousel.PostOptions{}, false)
	if len(jobs) != 1 || len(jobs[0].Media) != n || n < 3 {
		t.Fatalf("%d jobs, %d images for %d slides", len(jobs), len(jobs[0].Media), n)
	}
	for i, m := range jobs[0].Media {
		if m.Type != "image/jpeg" || m.Width != 1080 || m.Height != 1350 || m.Alt == "" {
			t.Fatalf("image %d: %+v", i+1, m)
		}
	}
	j := e.run(jobs[0].ID)
	wantState(t, j, carousel.PostPublished)
	posts := e.ig.Posts()
	if len(posts) != 1 || posts[0].Text != caption || len(posts[0].Media) != n {
		t.Fatalf("posts %+v", posts)
	}
	if j.PostID != posts[0].ID || j.PostURL != "https://www.instagram.com/p/"+posts[0].ID+"/" {
		t.Fatalf("job %s %s", j.PostID, j.PostURL)
	}
	// Instagram fetched every image from its signed public address, in order.
	for i, u := range posts[0].Media {
		if !strings.HasPrefix(u, e.media.URL+"/public/media/") {
			t.Fatalf("image %d came from %s", i+1, u)
		}
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		res.Body.Close()
		stored, _, _ := e.db.PostMedia(e.ctx, j.Media[i].Ref)
		if !bytes.Equal(b.Bytes(), stored) {
			t.Fatalf("image %d at its address is not the stored slide", i+1)
		}
	}
	if hits := e.mediaHits.Load(); hits < int64(n) {
		t.Fatalf("the images were fetched %d times for %d slides", hits, n)
	}
}

func TestInstagramSingleSlideIsOneImagePost(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	th, _ := carousel.ReadThread([]byte(`{"version":1,"posts":[{"id":"1","blocks":[{"type":"paragraph","spans":[{"text":"One slide"}]}]}]}`))
	p := &carousel.Project{Version: 1, ID: "one", Title: "One", Thread: *th, Settings: carousel.Settings{Format: "instagram-square"},
		Slides: []carousel.Slide{{ID: "s1", Kind: carousel.SlideCover, Items: []carousel.Item{{Post: "1"}}}}}
	if e.slides(p) != 1 {
		t.Fatalf("%d slides", e.slides(p))
	}
	j := e.run(e.schedule(p, a, "Just one", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostPublished)
	if len(e.ig.Posts()) != 1 || len(e.ig.Posts()[0].Media) != 1 {
		t.Fatalf("%+v", e.ig.Posts())
	}
}

func TestInstagramLongCarouselIsSplitOrRefused(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	p := e.project("instagram-square", 9)
	n := e.slides(p)
	if n <= 10 {
		t.Fatalf("only %d slides", n)
	}
	_, err := e.pub.Schedule(e.ctx, p, carousel.PublishRequest{Accounts: []carousel.PublishTarget{{Account: a.ID, Caption: "Long"}}})
	if carousel.ErrorCode(err) != carousel.EINVALID || !strings.Contains(err.Error(), "at most 10 slides") {
		t.Fatalf("a carousel over 10 slides without split: %v", err)
	}
	jobs := e.schedule(p, a, "Long", carousel.PostOptions{}, true)
	if len(jobs) != 2 || jobs[0].Part != 1 || jobs[1].Parts != 2 || len(jobs[0].Media)+len(jobs[1].Media) != n ||
		len(jobs[0].Media)-len(jobs[1].Media) > 1 || !strings.HasSuffix(jobs[1].Caption, "(2/2)") {
		t.Fatalf("split into %d jobs of %d and %d images (%q)", len(jobs), len(jobs[0].Media), len(jobs[len(jobs)-1].Media), jobs[len(jobs)-1].Caption)
	}
	for _, j := range jobs {
		wantState(t, e.run(j.ID), carousel.PostPublished)
	}
	if len(e.ig.Posts()) != 2 {
		t.Fatalf("%d posts", len(e.ig.Posts()))
	}
}

func TestInstagramRefusesFormatsItsAPIDoesNotTake(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	for _, f := range []string{"instagram-tall", "story"} {
		_, err := e.pub.Schedule(e.ctx, e.project(f, 0), carousel.PublishRequest{Accounts: []carousel.PublishTarget{{Account: a.ID}}})
		if err == nil || !strings.Contains(err.Error(), "4:5") {
			t.Fatalf("%s: %v", f, err)
		}
		plan, err := e.pub.Plan(e.ctx, e.project(f, 0), carousel.Instagram)
		if err != nil || plan.Problem == "" {
			t.Fatalf("plan for %s: %+v %v", f, plan, err)
		}
	}
}

// A landscape carousel is wider than Instagram takes: it is scaled down.
func TestInstagramLandscapeIsScaledDown(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	jobs := e.schedule(e.project("linkedin-landscape", 0), a, "Wide", carousel.PostOptions{}, false)
	m := jobs[0].Media[0]
	data, _, _ := e.db.PostMedia(e.ctx, m.Ref)
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 1440 || cfg.Height != 810 || m.Width != 1440 {
		t.Fatalf("landscape image %dx%d (%+v), %v", cfg.Width, cfg.Height, m, err)
	}
	wantState(t, e.run(jobs[0].ID), carousel.PostPublished)
}

func TestInstagramContainerError(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	e.refuseMedia.Store(true) // Instagram cannot download the images
	j := e.run(e.schedule(e.project("instagram-portrait", 0), a, "Unreachable", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "could not process image 1", "could not be fetched")
	if len(e.ig.Posts()) != 0 {
		t.Fatal("posted a carousel whose images failed")
	}
	// Retrying, once the address works, starts with fresh containers.
	e.refuseMedia.Store(false)
	r, err := e.db.RetryPostJob(e.ctx, j.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	wantState(t, e.run(r.ID), carousel.PostPublished)
}

func TestInstagramExpiredTokenIsRenewedThenReconnect(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	e.ig.ExpireTokens()
	j := e.run(e.schedule(e.project("instagram-portrait", 0), a, "Renewed", carousel.PostOptions{}, false)[0].ID)
	// An expired long-lived token cannot renew itself: the person reconnects.
	wantState(t, j, carousel.PostFailed, "Session has expired", "again")
	got, _ := e.db.FindSocialAccountByID(e.ctx, a.ID)
	if got.Status != carousel.CredentialReconnect {
		t.Fatalf("account %+v", got)
	}
	if n := e.ig.Count("GET /refresh_access_token"); n != 1 {
		t.Fatalf("%d refresh attempts", n)
	}
}

func TestInstagramRateLimitAndNotReady(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	e.ig.Fail("POST /v23.0/*/media", 1, http.StatusTooManyRequests, "4", "Application request limit reached")
	id := e.schedule(e.project("instagram-portrait", 0), a, "Busy", carousel.PostOptions{}, false)[0].ID
	j := e.run(id)
	wantState(t, j, carousel.PostScheduled, "request limit")
	if time.Until(j.RunAt) < 14*time.Minute {
		t.Fatalf("rate limited, but retrying in %v", time.Until(j.RunAt))
	}
	wantState(t, e.run(id), carousel.PostPublished)
}

// TestInstagramInterruptedPublishIsFound stops an attempt while Instagram
// answers media_publish, which it has carried out: the container says
// PUBLISHED, and the post is found by its caption.
func TestInstagramInterruptedPublishIsFound(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	e.ig.Hold("POST /v23.0/*/media_publish", 1500*time.Millisecond)
	id := e.schedule(e.project("instagram-portrait", 0), a, "Exactly once on Instagram", carousel.PostOptions{}, false)[0].ID
	wantState(t, e.runInterrupted(id, 500*time.Millisecond), carousel.PostScheduled)
	e.ig.Hold("POST /v23.0/*/media_publish", 0)
	j := e.run(id)
	wantState(t, j, carousel.PostPublished)
	if n := e.ig.Count("POST /v23.0/*/media_publish"); n != 1 || len(e.ig.Posts()) != 1 || e.ig.Posts()[0].ID != j.PostID {
		t.Fatalf("%d publish requests, %d posts", n, len(e.ig.Posts()))
	}
	if !strings.HasPrefix(j.PostURL, "https://www.instagram.com/p/") {
		t.Fatalf("post url %q", j.PostURL)
	}
}

func TestInstagramDailyLimitWaits(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	e.ig.Quota = 1
	wantState(t, e.run(e.schedule(e.project("instagram-portrait", 0), a, "First", carousel.PostOptions{}, false)[0].ID), carousel.PostPublished)
	j := e.run(e.schedule(e.project("instagram-portrait", 0), a, "Second", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostScheduled, "daily publishing limit of 1 posts")
	if j.Attempts != 0 || len(e.ig.Posts()) != 1 {
		t.Fatalf("attempts %d, posts %d", j.Attempts, len(e.ig.Posts()))
	}
}

func TestThreadsCarousel(t *testing.T) {
	e := newEnv(t)
	a := e.threads()
	e.th.SetProcessing(2)
	p := e.project("instagram-portrait", 0)
	long := strings.Repeat("word ", 101)
	_, err := e.pub.Schedule(e.ctx, p, carousel.PublishRequest{Accounts: []carousel.PublishTarget{{Account: a.ID, Caption: long}}})
	if err == nil || !strings.Contains(err.Error(), "at most 500 characters") || !strings.Contains(err.Error(), "accounts[0].caption") {
		t.Fatalf("a caption over 500 characters: %v", err)
	}
	j := e.run(e.schedule(p, a, "Calm writing, on Threads #writing", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostPublished)
	posts := e.th.Posts()
	if len(posts) != 1 || posts[0].Text != "Calm writing, on Threads #writing" || len(posts[0].Media) != e.slides(p) {
		t.Fatalf("%+v", posts)
	}
	if !strings.HasPrefix(j.PostURL, "https://www.threads.net/@ada_builds/post/") {
		t.Fatalf("url %q", j.PostURL)
	}
}

func TestThreadsContainerErrorAndExpiredToken(t *testing.T) {
	e := newEnv(t)
	a := e.threads()
	e.refuseMedia.Store(true)
	j := e.run(e.schedule(e.project("instagram-square", 0), a, "x", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "Threads could not process image 1")
	e.refuseMedia.Store(false)
	e.th.RevokeTokens()
	j = e.run(e.schedule(e.project("instagram-square", 0), a, "y", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "again")
}

func TestPublicImagesNeedAPublicURL(t *testing.T) {
	e := newEnv(t, func(c *publishConfig) { c.PublicURL = "" })
	for _, a := range []*carousel.SocialAccount{e.instagram(), e.threads(), e.tiktok()} {
		_, err := e.pub.Schedule(e.ctx, e.project("instagram-portrait", 0), carousel.PublishRequest{Accounts: []carousel.PublishTarget{{Account: a.ID, Options: carousel.PostOptions{Privacy: "SELF_ONLY"}}}})
		if carousel.ErrorCode(err) != carousel.EINVALID || !strings.Contains(err.Error(), "--public-url") {
			t.Fatalf("%s without a public URL: %v", a.Platform, err)
		}
	}
	for _, st := range e.pub.Platforms() {
		if st.PublicMedia == st.Ready {
			t.Fatalf("%s: ready %v", st.Name, st.Ready)
		}
	}
	// LinkedIn uploads the document, so it needs none.
	a := e.linkedInMember()
	wantState(t, e.run(e.schedule(e.project("linkedin-portrait", 0), a, "fine", carousel.PostOptions{}, false)[0].ID), carousel.PostPublished)
}
