// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"sync"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

func testJob(accountID string, at time.Time) *carousel.PostJob {
	return &carousel.PostJob{
		ProjectID: "proj1", ProjectTitle: "Five habits", Platform: carousel.LinkedIn,
		AccountID: accountID, AccountName: "Ada Lovelace", Caption: "Five habits of calm writing #writing",
		Title: "Five habits", ScheduledAt: at,
		Media: []carousel.PostMedia{{Ref: "media:" + fmt.Sprintf("%064d", 1), Type: "application/pdf", Bytes: 1234}},
	}
}

// connectedAccount stores a LinkedIn member account and returns its id.
func connectedAccount(tb testing.TB, db *DB) string {
	tb.Helper()
	c, accounts := linkedInCredential("AQX-token")
	if err := db.ConnectAccounts(context.Background(), c, accounts[:1]); err != nil {
		tb.Fatal(err)
	}
	return accounts[0].ID
}

func TestPostMedia(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		var buf bytes.Buffer
		jpeg.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 8, 8)), nil)
		ref, err := db.PutPostMedia(ctx, buf.Bytes(), "image/jpeg")
		if err != nil {
			t.Fatal(err)
		}
		again, _ := db.PutPostMedia(ctx, buf.Bytes(), "image/jpeg")
		if again != ref || count(t, db, "post_media") != 1 {
			t.Fatal("the same file was stored twice")
		}
		data, typ, err := db.PostMedia(ctx, ref)
		if err != nil || typ != "image/jpeg" || !bytes.Equal(data, buf.Bytes()) {
			t.Fatalf("PostMedia = %d bytes %q, %v", len(data), typ, err)
		}
		_, _, err = db.PostMedia(ctx, "media:"+fmt.Sprintf("%064d", 7))
		wantCode(t, err, carousel.ENOTFOUND)
		_, _, err = db.PostMedia(ctx, "asset:x")
		wantCode(t, err, carousel.ENOTFOUND)
		_, err = db.PutPostMedia(ctx, []byte("x"), "text/html")
		wantCode(t, err, carousel.EUNSUPPORTED)
	})
}

func TestPostJobLifecycle(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpenWithKey(t, dsn)
		acc := connectedAccount(t, db)
		now := time.Now()
		due := testJob(acc, now.Add(-time.Minute))
		later := testJob(acc, now.Add(time.Hour))
		later.Options.Privacy = "SELF_ONLY"
		if err := db.CreatePostJobs(ctx, []*carousel.PostJob{due, later}); err != nil {
			t.Fatal(err)
		}
		if due.State != carousel.PostScheduled || due.ID == "" || due.Group != due.ID {
			t.Fatalf("created %+v", due)
		}
		next, ok, err := db.NextPostJobTime(ctx)
		if err != nil || !ok || !next.Equal(utc(due.ScheduledAt)) {
			t.Fatalf("NextPostJobTime = %v %v %v, want %v", next, ok, err, due.ScheduledAt)
		}

		// Only the due job is claimed, once.
		claimed, err := db.ClaimPostJobs(ctx, "owner-a", 10, time.Minute)
		if err != nil || len(claimed) != 1 || claimed[0].ID != due.ID || claimed[0].State != carousel.PostRunning || claimed[0].Attempts != 1 {
			t.Fatalf("claim: %+v, %v", claimed, err)
		}
		if more, _ := db.ClaimPostJobs(ctx, "owner-b", 10, time.Minute); len(more) != 0 {
			t.Fatalf("a leased job was claimed again: %+v", more)
		}
		// Only the owner may write it.
		if err := db.SavePostJobCheckpoint(ctx, due.ID, "owner-a", map[string]string{"document": "urn:li:document:1"}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.SavePostJobCheckpoint(ctx, due.ID, "owner-b", map[string]string{"x": "y"}), carousel.ECONFLICT, "lost the lease")
		wantCode(t, db.RenewPostJobLease(ctx, due.ID, "owner-b", time.Minute), carousel.ECONFLICT)
		if err := db.RenewPostJobLease(ctx, due.ID, "owner-a", time.Minute); err != nil {
			t.Fatal(err)
		}
		// Published needs the platform's id, in the code and in the schema.
		wantCode(t, db.FinishPostJob(ctx, due.ID, "owner-a", carousel.PostOutcome{State: carousel.PostPublished}), carousel.EINVALID)
		if _, err := db.write.Exec(db.rebind(`UPDATE post_jobs SET state = 'published' WHERE id = ?`), due.ID); err == nil {
			t.Fatal("the schema let a post be published without its id")
		}
		_, err = db.CancelPostJob(ctx, due.ID)
		wantCode(t, err, carousel.ECONFLICT, "being published right now")
		if err := db.FinishPostJob(ctx, due.ID, "owner-a", carousel.PostOutcome{State: carousel.PostPublished, PostID: "urn:li:share:7", PostURL: "https://www.linkedin.com/feed/update/urn:li:share:7/"}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.FinishPostJob(ctx, due.ID, "owner-a", carousel.PostOutcome{State: carousel.PostFailed}), carousel.ECONFLICT)
		got, _ := db.FindPostJobByID(ctx, due.ID)
		if got.State != carousel.PostPublished || got.PostID != "urn:li:share:7" || got.Finished == nil || got.Checkpoint["document"] != "urn:li:document:1" {
			t.Fatalf("published job: %+v", got)
		}
		_, err = db.RetryPostJob(ctx, due.ID, time.Time{})
		wantCode(t, err, carousel.ECONFLICT, "already published")

		// Cancel and retry the later one; claim it by id.
		c, err := db.CancelPostJob(ctx, later.ID)
		if err != nil || c.State != carousel.PostCancelled || c.Options.Privacy != "SELF_ONLY" {
			t.Fatalf("cancel: %+v, %v", c, err)
		}
		if _, ok, _ := db.NextPostJobTime(ctx); ok {
			t.Fatal("a next time with nothing scheduled")
		}
		r, err := db.RetryPostJob(ctx, later.ID, now.Add(2*time.Hour))
		if err != nil || r.State != carousel.PostScheduled || !r.RunAt.Equal(utc(now.Add(2*time.Hour))) || r.Finished != nil {
			t.Fatalf("retry: %+v, %v", r, err)
		}
		j, err := db.ClaimPostJob(ctx, later.ID, "cli", time.Minute)
		if err != nil || j.State != carousel.PostRunning {
			t.Fatalf("claim by id: %+v, %v", j, err)
		}
		_, err = db.ClaimPostJob(ctx, later.ID, "other", time.Minute)
		wantCode(t, err, carousel.ECONFLICT)
		_, err = db.ClaimPostJob(ctx, "missing", "other", time.Minute)
		wantCode(t, err, carousel.ENOTFOUND)

		// A retry after a transient failure waits, and keeps the error.
		at := now.Add(30 * time.Second)
		if err := db.FinishPostJob(ctx, later.ID, "cli", carousel.PostOutcome{State: carousel.PostScheduled, RunAt: at, Error: "LinkedIn: 503"}); err != nil {
			t.Fatal(err)
		}
		j, _ = db.FindPostJobByID(ctx, later.ID)
		if j.State != carousel.PostScheduled || j.Error != "LinkedIn: 503" || j.Attempts != 1 || !j.RunAt.Equal(utc(at)) {
			t.Fatalf("rescheduled: %+v", j)
		}
		// A check job: the person marks it published, with its address.
		if _, err := db.ClaimPostJob(ctx, later.ID, "cli", time.Minute); err != nil {
			t.Fatal(err)
		}
		db.SavePostJobCheckpoint(ctx, later.ID, "cli", map[string]string{"step": "init-sent"})
		db.FinishPostJob(ctx, later.ID, "cli", carousel.PostOutcome{State: carousel.PostCheck, Error: "check TikTok"})
		_, err = db.MarkPostJobPublished(ctx, later.ID, "not a url")
		wantCode(t, err, carousel.EINVALID)
		// Retrying a check job starts afresh.
		r, _ = db.RetryPostJob(ctx, later.ID, time.Time{})
		if len(r.Checkpoint) != 0 {
			t.Fatalf("a retried check job kept its checkpoint %v", r.Checkpoint)
		}
		db.ClaimPostJob(ctx, later.ID, "cli", time.Minute)
		db.FinishPostJob(ctx, later.ID, "cli", carousel.PostOutcome{State: carousel.PostCheck, Error: "check TikTok"})
		m, err := db.MarkPostJobPublished(ctx, later.ID, "https://www.tiktok.com/@ada/photo/1")
		if err != nil || m.State != carousel.PostPublished || m.PostURL != "https://www.tiktok.com/@ada/photo/1" {
			t.Fatalf("mark published: %+v, %v", m, err)
		}

		// Filters.
		list, err := db.FindPostJobs(ctx, carousel.PostJobFilter{ProjectID: "proj1", States: []carousel.PostState{carousel.PostPublished}})
		if err != nil || len(list) != 2 || list[0].ID != later.ID {
			t.Fatalf("published posts of proj1: %d, %v", len(list), err)
		}
		list, _ = db.FindPostJobs(ctx, carousel.PostJobFilter{From: now.Add(30 * time.Minute), To: now.Add(90 * time.Minute)})
		if len(list) != 1 || list[0].ID != later.ID {
			t.Fatalf("posts in the window: %d", len(list))
		}
		list, _ = db.FindPostJobs(ctx, carousel.PostJobFilter{ProjectID: "other"})
		if len(list) != 0 {
			t.Fatalf("posts of another project: %d", len(list))
		}
	})
}

func TestExpiredLeaseIsTakenOver(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpenWithKey(t, dsn)
		acc := connectedAccount(t, db)
		job := testJob(acc, time.Now().Add(-time.Second))
		if err := db.CreatePostJobs(ctx, []*carousel.PostJob{job}); err != nil {
			t.Fatal(err)
		}
		clock := time.Now()
		db.Now = func() time.Time { return clock }
		if got, _ := db.ClaimPostJobs(ctx, "dead", 1, time.Minute); len(got) != 1 {
			t.Fatal("no claim")
		}
		db.SavePostJobCheckpoint(ctx, job.ID, "dead", map[string]string{"step": "posting"})
		next, ok, _ := db.NextPostJobTime(ctx)
		if !ok || !next.Equal(utc(clock.Add(time.Minute))) {
			t.Fatalf("next = %v %v, want the lease's end", next, ok)
		}
		clock = clock.Add(61 * time.Second)
		got, err := db.ClaimPostJobs(ctx, "alive", 1, time.Minute)
		if err != nil || len(got) != 1 || got[0].Attempts != 2 || got[0].Checkpoint["step"] != "posting" {
			t.Fatalf("takeover: %+v, %v", got, err)
		}
		wantCode(t, db.FinishPostJob(ctx, job.ID, "dead", carousel.PostOutcome{State: carousel.PostPublished, PostID: "x"}), carousel.ECONFLICT)
	})
}

// TestConcurrentClaims has several handles on one database (as several
// instances would) claim a batch of due jobs at once: every job is
// claimed exactly once.
func TestConcurrentClaims(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpenWithKey(t, dsn)
		acc := connectedAccount(t, db)
		var jobs []*carousel.PostJob
		for range 60 {
			jobs = append(jobs, testJob(acc, time.Now().Add(-time.Minute)))
		}
		if err := db.CreatePostJobs(ctx, jobs); err != nil {
			t.Fatal(err)
		}
		const instances = 4
		var mu sync.Mutex
		seen := map[string]string{}
		var wg sync.WaitGroup
		errs := make(chan error, instances)
		for i := range instances {
			inst := mustOpen(t, dsn)
			owner := fmt.Sprintf("instance-%d", i)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					got, err := inst.ClaimPostJobs(ctx, owner, 3, time.Minute)
					if carousel.ErrorCode(err) == carousel.EUNAVAILABLE {
						continue // SQLite busy: try again, as the scheduler does
					}
					if err != nil {
						errs <- err
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, j := range got {
						if prev, dup := seen[j.ID]; dup {
							errs <- fmt.Errorf("job %s claimed by %s and %s", j.ID, prev, owner)
						}
						seen[j.ID] = owner
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(seen) != len(jobs) {
			t.Fatalf("%d of %d jobs claimed", len(seen), len(jobs))
		}
	})
}
