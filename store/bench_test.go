// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
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
