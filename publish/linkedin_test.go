// SPDX-License-Identifier: MIT

package publish_test

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

func TestLinkedInDocumentPost(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	p := e.project("linkedin-portrait", 0)
	caption := "Five habits of calm writing (a thread) #writing #Editing_101 — ask me @ada [links] in *bold*"
	jobs := e.schedule(p, a, caption, carousel.PostOptions{}, false)
	if len(jobs) != 1 || jobs[0].Media[0].Type != "application/pdf" {
		t.Fatalf("jobs %+v", jobs)
	}
	j := e.run(jobs[0].ID)
	wantState(t, j, carousel.PostPublished)
	posts := e.li.Posts()
	if len(posts) != 1 {
		t.Fatalf("%d posts made", len(posts))
	}
	post := posts[0]
	if j.PostID != post.ID || j.PostURL != "https://www.linkedin.com/feed/update/"+post.ID+"/" {
		t.Fatalf("job %s %s, post %s", j.PostID, j.PostURL, post.ID)
	}
	wantText := `Five habits of calm writing \(a thread\) {hashtag|\#|writing} {hashtag|\#|Editing\_101} — ask me \@ada \[links\] in \*bold\*`
	if post.Text != wantText {
		t.Fatalf("commentary\n %s\nwant\n %s", post.Text, wantText)
	}
	if post.Title != p.Title || post.Author != "urn:li:person:ada123" {
		t.Fatalf("post %+v", post)
	}
	// The document LinkedIn got is the whole carousel as one PDF.
	pdf := e.li.Document(post.Media[0])
	stored, _, _ := e.db.PostMedia(e.ctx, j.Media[0].Ref)
	if !bytes.Equal(pdf, stored) || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("LinkedIn did not get the carousel's PDF")
	}
	if pages := pdfPages(t, pdf); pages != e.slides(p) {
		t.Fatalf("the PDF has %d pages, the carousel %d slides", pages, e.slides(p))
	}
	// A member's token cannot read documents: no polling, one upload.
	if n := e.li.Count("GET /rest/documents/*"); n != 0 {
		t.Fatalf("polled a member's document %d times", n)
	}
	if n := e.li.Count("PUT /dms-uploads/*"); n != 1 {
		t.Fatalf("%d uploads", n)
	}
}

// pdfPages reads a PDF's page count with pdfinfo.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("pdfinfo (poppler-utils) is not installed")
	}
	f := filepath.Join(t.TempDir(), "doc.pdf")
	os.WriteFile(f, pdf, 0o644)
	out, err := exec.Command("pdfinfo", f).Output()
	if err != nil {
		t.Fatalf("pdfinfo: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Fatal("pdfinfo gave no page count")
	return 0
}

func TestLinkedInPageWaitsForSlowProcessing(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInPage()
	e.li.SetProcessing(4)
	j := e.run(e.schedule(e.project("linkedin-square", 0), a, "Page post", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostPublished)
	if n := e.li.Count("GET /rest/documents/*"); n != 5 {
		t.Fatalf("checked the document %d times, want 5 (4 PROCESSING, then AVAILABLE)", n)
	}
	if e.li.Posts()[0].Author != "urn:li:organization:42" {
		t.Fatalf("posted as %s", e.li.Posts()[0].Author)
	}
}

func TestLinkedInProcessingTimeoutWaitsWithoutFailing(t *testing.T) {
	e := newEnv(t, func(c *publishConfig) { c.ProcessingTimeout = 30 * time.Millisecond })
	a := e.linkedInPage()
	e.li.SetProcessing(1000)
	j := e.run(e.schedule(e.project("linkedin-square", 0), a, "Slow", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostScheduled, "still processing")
	if j.Attempts != 0 || !j.RunAt.After(time.Now().Add(50*time.Second)) {
		t.Fatalf("a wait for processing counted as a failure or came back at once: attempts %d, run at %v", j.Attempts, j.RunAt)
	}
	// The next attempt keeps the uploaded document.
	e.li.SetProcessing(0)
	j = e.run(j.ID)
	wantState(t, j, carousel.PostPublished)
	if n := e.li.Count("PUT /dms-uploads/*"); n != 1 {
		t.Fatalf("the document was uploaded %d times", n)
	}
}

func TestLinkedInProcessingFailed(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInPage()
	e.li.FailProcessing = true
	j := e.run(e.schedule(e.project("linkedin-square", 0), a, "x", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "could not process the document", "could not be converted")
	if len(e.li.Posts()) != 0 {
		t.Fatal("posted a failed document")
	}
}

func TestLinkedInExpiredTokenIsRefreshed(t *testing.T) {
	e := newEnv(t)
	// A token with a refresh token, as the OAuth flow gives.
	access, refresh := e.li.Issue("ada123", "w_member_social")
	a := e.connect(carousel.LinkedIn, carousel.AccountMember, "urn:li:person:ada123", access, carousel.Token{Refresh: refresh, Expires: time.Now().Add(50 * 24 * time.Hour)})
	e.li.ExpireTokens()
	j := e.run(e.schedule(e.project("linkedin-portrait", 0), a, "Refreshed", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostPublished)
	if n := e.li.Count("POST /oauth/v2/accessToken"); n != 1 {
		t.Fatalf("%d token refreshes", n)
	}
	cred, _ := e.db.FindCredentialByID(e.ctx, a.CredentialID)
	if cred.Token.Access == access || cred.Token.Refresh == "" {
		t.Fatalf("the refreshed token was not stored: %+v", cred.Token)
	}
}

func TestLinkedInRevokedTokenAsksToReconnect(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember() // no refresh token
	e.li.RevokeTokens()
	j := e.run(e.schedule(e.project("linkedin-portrait", 0), a, "Revoked", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "revoked", "connect Ada linkedin again")
	got, _ := e.db.FindSocialAccountByID(e.ctx, a.ID)
	if got.Status != carousel.CredentialReconnect || !strings.Contains(got.StatusMessage, "REVOKED_ACCESS_TOKEN") {
		t.Fatalf("account %+v", got)
	}
	// New posts to it are refused until it reconnects.
	_, err := e.pub.Schedule(e.ctx, e.project("linkedin-portrait", 0), carousel.PublishRequest{Accounts: []carousel.PublishTarget{{Account: a.ID}}})
	if carousel.ErrorCode(err) != carousel.EINVALID || !strings.Contains(err.Error(), "connected again") {
		t.Fatalf("scheduling to an account that must reconnect: %v", err)
	}
}

func TestLinkedInRateLimitIsRetriedWithBackoff(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	e.li.FailRetryAfter("POST /rest/posts", 1, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.", "120")
	job := e.schedule(e.project("linkedin-portrait", 0), a, "Rate limited", carousel.PostOptions{}, false)[0]
	j := e.run(job.ID)
	wantState(t, j, carousel.PostScheduled, "attempt 1 failed", "throttle")
	if wait := time.Until(j.RunAt); wait < 115*time.Second {
		t.Fatalf("retrying in %v, before the Retry-After of 120 s", wait)
	}
	j = e.run(j.ID)
	wantState(t, j, carousel.PostPublished)
	if len(e.li.Posts()) != 1 || e.li.Count("PUT /dms-uploads/*") != 1 {
		t.Fatalf("%d posts, %d uploads", len(e.li.Posts()), e.li.Count("PUT /dms-uploads/*"))
	}
}

func TestLinkedInServerErrorsGiveUpAfterMaxAttempts(t *testing.T) {
	e := newEnv(t, func(c *publishConfig) { c.MaxAttempts = 3 })
	a := e.linkedInMember()
	e.li.Fail("POST /rest/documents", 10, http.StatusServiceUnavailable, "SERVICE_UNAVAILABLE", "Service is temporarily unavailable")
	id := e.schedule(e.project("linkedin-portrait", 0), a, "Down", carousel.PostOptions{}, false)[0].ID
	var waits []time.Duration
	var j *carousel.PostJob
	for range 3 {
		j = e.run(id)
		if j.State == carousel.PostScheduled {
			waits = append(waits, time.Until(j.RunAt))
		}
	}
	wantState(t, j, carousel.PostFailed, "gave up after 3 attempts", "temporarily unavailable")
	if len(waits) != 2 || waits[1] < waits[0]+500*time.Millisecond {
		t.Fatalf("backoff did not grow: %v", waits)
	}
}

func TestLinkedInClientErrorIsFinal(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	e.li.Fail("POST /rest/posts", 1, http.StatusForbidden, "ACCESS_DENIED", "Not enough permissions to access: posts.CREATE")
	j := e.run(e.schedule(e.project("linkedin-portrait", 0), a, "Denied", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "Not enough permissions", "HTTP 403")
	if j.Attempts != 1 {
		t.Fatalf("%d attempts", j.Attempts)
	}
}

func TestLinkedInDuplicateIsRefused(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	p := e.project("linkedin-portrait", 0)
	first := e.run(e.schedule(p, a, "Same words", carousel.PostOptions{}, false)[0].ID)
	wantState(t, first, carousel.PostPublished)
	j := e.run(e.schedule(p, a, "Same words", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "duplicate", first.PostID)
	if len(e.li.Posts()) != 1 {
		t.Fatalf("%d posts", len(e.li.Posts()))
	}
}

func TestLinkedInInactiveVersion(t *testing.T) {
	e := newEnv(t)
	e.li.Inactive["202510"] = true
	a := e.linkedInMember()
	j := e.run(e.schedule(e.project("linkedin-portrait", 0), a, "Old version", carousel.PostOptions{}, false)[0].ID)
	wantState(t, j, carousel.PostFailed, "is not active", "CAROUSEL_LINKEDIN_VERSION")
}

// TestLinkedInInterruptedPostIsNotMadeTwice stops an attempt while LinkedIn
// is answering the post request it has already carried out. The next
// attempt finds the post (LinkedIn names it in DUPLICATE_POST) instead of
// making a second one.
func TestLinkedInInterruptedPostIsNotMadeTwice(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	e.li.Hold("POST /rest/posts", 1500*time.Millisecond)
	id := e.schedule(e.project("linkedin-portrait", 0), a, "Exactly once", carousel.PostOptions{}, false)[0].ID
	j := e.runInterrupted(id, 500*time.Millisecond)
	wantState(t, j, carousel.PostScheduled, "interrupted")
	if len(e.li.Posts()) != 1 {
		t.Fatalf("the interrupted request made %d posts", len(e.li.Posts()))
	}
	e.li.Hold("POST /rest/posts", 0)
	j = e.run(id)
	wantState(t, j, carousel.PostPublished)
	if posts := e.li.Posts(); len(posts) != 1 || j.PostID != posts[0].ID {
		t.Fatalf("after resuming: %d posts, job has %s", len(posts), j.PostID)
	}
	if n := e.li.Count("PUT /dms-uploads/*"); n != 1 {
		t.Fatalf("the document was uploaded %d times", n)
	}
}

// On a page, the token can list the page's posts: the resumed attempt
// finds the post there and sends nothing again.
func TestLinkedInInterruptedPagePostIsFoundByListing(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInPage()
	e.li.Hold("POST /rest/posts", 1500*time.Millisecond)
	id := e.schedule(e.project("linkedin-portrait", 0), a, "", carousel.PostOptions{}, false)[0].ID
	e.runInterrupted(id, 500*time.Millisecond)
	e.li.Hold("POST /rest/posts", 0)
	j := e.run(id)
	wantState(t, j, carousel.PostPublished)
	if n := e.li.Count("POST /rest/posts"); n != 1 || len(e.li.Posts()) != 1 || e.li.Posts()[0].ID != j.PostID {
		t.Fatalf("%d post requests, %d posts", n, len(e.li.Posts()))
	}
}

// A member's post without commentary cannot be found or deduplicated:
// the job waits for the person instead of risking a second post.
func TestLinkedInInterruptedPostWithoutTextWaitsForThePerson(t *testing.T) {
	e := newEnv(t)
	a := e.linkedInMember()
	e.li.Hold("POST /rest/posts", 1500*time.Millisecond)
	id := e.schedule(e.project("linkedin-portrait", 0), a, "", carousel.PostOptions{}, false)[0].ID
	e.runInterrupted(id, 500*time.Millisecond)
	j := e.run(id)
	wantState(t, j, carousel.PostCheck, "look at your LinkedIn feed")
	if len(e.li.Posts()) != 1 {
		t.Fatalf("%d posts", len(e.li.Posts()))
	}
}
