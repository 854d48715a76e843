// SPDX-License-Identifier: MIT

package publish_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

// waitFor polls cond for up to d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestSchedulerPublishesAtTheTime runs the scheduler: a job scheduled a
// moment ahead is published at its time, not before, and a later one waits.
func TestSchedulerPublishesAtTheTime(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	p := e.project("linkedin-portrait", 0)
	at := time.Now().Add(600 * time.Millisecond)
	jobs, err := e.pub.Schedule(e.ctx, p, carousel.PublishRequest{At: at, Accounts: []carousel.PublishTarget{{Account: a.ID, Caption: "Soon"}}})
	if err != nil {
		t.Fatal(err)
	}
	later, _ := e.pub.Schedule(e.ctx, p, carousel.PublishRequest{At: time.Now().Add(time.Hour), Accounts: []carousel.PublishTarget{{Account: a.ID, Caption: "Later"}}})
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.pub.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, 10*time.Second, "the post", func() bool { return len(e.li.Posts()) == 1 })
	if made := e.li.Posts()[0].Made; made.Before(at) {
		t.Fatalf("posted at %v, before its time %v", made, at)
	}
	waitFor(t, 5*time.Second, "the job to be marked published", func() bool {
		j, _ := e.db.FindPostJobByID(e.ctx, jobs[0].ID)
		return j.State == carousel.PostPublished
	})
	time.Sleep(200 * time.Millisecond)
	if j, _ := e.db.FindPostJobByID(e.ctx, later[0].ID); j.State != carousel.PostScheduled || len(e.li.Posts()) != 1 {
		t.Fatalf("the later job is %s; %d posts", j.State, len(e.li.Posts()))
	}
	// Wake picks up a job made due now at once, without waiting for a scan.
	if _, err := e.db.CancelPostJob(e.ctx, later[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.RetryPostJob(e.ctx, later[0].ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	e.pub.Wake()
	waitFor(t, 10*time.Second, "the retried post", func() bool { return len(e.li.Posts()) == 2 })
}

// TestSchedulerHandsBackJobsWhenStopped stops the scheduler in the middle of
// a post: the job goes back to scheduled, due now, and a second scheduler
// (another instance) finishes it without posting twice.
func TestSchedulerHandsBackJobsWhenStopped(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	e.li.Hold("POST /rest/posts", 1500*time.Millisecond)
	job := e.schedule(e.project("linkedin-portrait", 0), a, "Handed back", carousel.PostOptions{}, false)[0]
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.pub.Run(ctx) }()
	waitFor(t, 10*time.Second, "the post request", func() bool { return len(e.li.Posts()) == 1 })
	cancel()
	<-done
	j, _ := e.db.FindPostJobByID(e.ctx, job.ID)
	wantState(t, j, carousel.PostScheduled, "interrupted")
	if j.Checkpoint["step"] != "posting" {
		t.Fatalf("checkpoint %v", j.Checkpoint)
	}
	e.li.Hold("POST /rest/posts", 0)
	second := newEnvSharing(t, e)
	ctx, cancel = context.WithCancel(e.ctx)
	go func() { done <- second.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, 10*time.Second, "the resumed post", func() bool {
		j, _ := e.db.FindPostJobByID(e.ctx, job.ID)
		return j.State == carousel.PostPublished
	})
	if len(e.li.Posts()) != 1 {
		t.Fatalf("%d posts", len(e.li.Posts()))
	}
}

// TestSchedulerRenewsTokensAhead runs the refresh sweep: a TikTok token in
// its last hour is renewed before any post needs it.
func TestSchedulerRenewsTokensAhead(t *testing.T) {
	e := newEnv(t)
	access, refresh := e.tk.Issue("-000ada-open-id", "video.publish")
	a := e.connect(carousel.TikTok, carousel.AccountUser, "-000ada-open-id", access, carousel.Token{Refresh: refresh, Expires: time.Now().Add(time.Hour)})
	// And a LinkedIn token that expired without a refresh token.
	e.li.Member("old", "bob", "Bob")
	old := e.connect(carousel.LinkedIn, carousel.AccountMember, "urn:li:person:bob", "old", carousel.Token{Expires: time.Now().Add(-time.Hour)})
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error, 1)
	go func() { done <- e.pub.Run(ctx) }()
	defer func() { cancel(); <-done }()
	waitFor(t, 5*time.Second, "the refresh", func() bool {
		c, _ := e.db.FindCredentialByID(e.ctx, a.CredentialID)
		return c.Token.Access != access
	})
	c, _ := e.db.FindCredentialByID(e.ctx, a.CredentialID)
	if time.Until(c.Token.Expires) < 20*time.Hour {
		t.Fatalf("the renewed token expires in %v", time.Until(c.Token.Expires))
	}
	waitFor(t, 5*time.Second, "the expired account to ask for reconnecting", func() bool {
		got, _ := e.db.FindSocialAccountByID(e.ctx, old.ID)
		return got.Status == carousel.CredentialReconnect && strings.Contains(got.StatusMessage, "expired")
	})
}

func TestSignedMediaAddresses(t *testing.T) {
	e := newEnv(t)
	a := e.instagram()
	job := e.schedule(e.project("instagram-portrait", 0), a, "x", carousel.PostOptions{}, false)[0]
	wantState(t, e.run(job.ID), carousel.PostPublished)
	u := e.ig.Posts()[0].Media[0]
	get := func(u string) int {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if get(u) != 200 {
		t.Fatal("a signed address does not work")
	}
	// Tampered: another id, another expiry, another signature.
	token := strings.TrimPrefix(u, e.media.URL+"/public/media/")
	parts := strings.Split(token, ".")
	for _, bad := range []string{
		strings.Repeat("0", 64) + "." + parts[1] + "." + parts[2] + ".jpg",
		parts[0] + "." + parts[1] + "9." + parts[2] + ".jpg",
		parts[0] + "." + parts[1] + "." + strings.Repeat("A", len(parts[2])) + ".jpg",
		parts[0] + ".jpg",
	} {
		if code := get(e.media.URL + "/public/media/" + bad); code != 404 {
			t.Fatalf("tampered address %s answered %d", bad, code)
		}
	}
	// Expired: a day later it no longer works.
	e.skew.Store(int64(25 * time.Hour))
	if get(u) != 404 {
		t.Fatal("an expired address still works")
	}
	e.skew.Store(0)
	// A LinkedIn PDF is never served, even with a valid signature.
	li := e.linkedInMember()
	pdfJob := e.schedule(e.project("linkedin-portrait", 0), li, "pdf", carousel.PostOptions{}, false)[0]
	signed := e.pub.MediaURL(pdfJob.Media[0])
	if code := get(signed); code != 404 {
		t.Fatalf("a PDF at a signed address answered %d", code)
	}
	if code := get(e.pub.MediaURL(job.Media[1])); code != 200 {
		t.Fatalf("a freshly signed image answered %d", code)
	}
}
