// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/secret"
)

// benchDB opens a SQLite store, or PostgreSQL when STORE_BENCH_POSTGRES is
// set along with pgEnv.
func benchDB(b *testing.B) *DB {
	if os.Getenv("STORE_BENCH_POSTGRES") != "" && os.Getenv(pgEnv) != "" {
		return mustOpen(b, freshSchema(b, os.Getenv(pgEnv)))
	}
	return mustOpen(b, filepath.Join(b.TempDir(), "bench.db")+os.Getenv("STORE_BENCH_SQLITE_OPTIONS"))
}

func BenchmarkSaveProject100Slides(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	p := sampleProject(100)
	if err := db.CreateProject(ctx, p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := db.UpdateProject(ctx, p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadProject100Slides(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	p := sampleProject(100)
	if err := db.CreateProject(ctx, p); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.FindProjectByID(ctx, p.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaimAndFinishPost is the store's part of publishing one post:
// claim a due job, save a checkpoint and the post's id, mark it published,
// with 1,000 other jobs scheduled later in the table.
func BenchmarkClaimAndFinishPost(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	k, _ := secret.Parse(secret.New())
	db.Secrets = k
	acc := connectedAccount(b, db)
	var later []*carousel.PostJob
	for range 1000 {
		later = append(later, testJob(acc, time.Now().Add(24*time.Hour)))
	}
	if err := db.CreatePostJobs(ctx, later); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		j := testJob(acc, time.Now().Add(-time.Second))
		if err := db.CreatePostJobs(ctx, []*carousel.PostJob{j}); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		got, err := db.ClaimPostJobs(ctx, "bench", 4, time.Minute)
		if err != nil || len(got) != 1 {
			b.Fatalf("claimed %d: %v", len(got), err)
		}
		if err := db.SavePostJobCheckpoint(ctx, j.ID, "bench", map[string]string{"post_id": "urn:li:share:1"}); err != nil {
			b.Fatal(err)
		}
		if err := db.FinishPostJob(ctx, j.ID, "bench", carousel.PostOutcome{State: carousel.PostPublished, PostID: "urn:li:share:1"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticate is one password sign-in: the argon2id hash check
// with the default costs, and the lookup.
func BenchmarkAuthenticate(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	u := &carousel.User{Email: "bench@example.com"}
	if err := db.CreateUser(ctx, u, "correct horse battery"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Authenticate(ctx, "bench@example.com", "correct horse battery"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFindSession is what every signed-in request pays to find its
// session (the write that extends it happens once a minute at most).
func BenchmarkFindSession(b *testing.B) {
	ctx := context.Background()
	db := benchDB(b)
	u := &carousel.User{Email: "bench@example.com"}
	if err := db.CreateUser(ctx, u, ""); err != nil {
		b.Fatal(err)
	}
	secret, _, err := db.CreateSession(ctx, u.ID, carousel.DefaultWorkspace, time.Hour)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.FindSession(ctx, secret); err != nil {
			b.Fatal(err)
		}
	}
}
