// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
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
