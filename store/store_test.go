// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

// pgEnv names the PostgreSQL database the suite also runs on, when set.
const pgEnv = "CAROUSEL_TEST_POSTGRES_DSN"

// eachDialect runs fn on a fresh SQLite file and, when pgEnv is set, on a
// fresh PostgreSQL schema. dsn opens that same database again.
func eachDialect(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, filepath.Join(t.TempDir(), "carousel.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		base := os.Getenv(pgEnv)
		if base == "" {
			t.Skip(pgEnv + " is not set (scripts/with-postgres.sh sets it)")
		}
		fn(t, freshSchema(t, base))
	})
}

// anotherDatabase returns the DSN of a fresh database of db's dialect.
func anotherDatabase(tb testing.TB, db *DB) string {
	if db.Dialect() == SQLite {
		return filepath.Join(tb.TempDir(), "other.db")
	}
	return freshSchema(tb, os.Getenv(pgEnv))
}

// freshSchema creates a schema dropped after the test and returns a DSN
// whose search_path is that schema.
func freshSchema(tb testing.TB, base string) string {
	tb.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		tb.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "test_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		tb.Fatalf("create schema: %v", err)
	}
	tb.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			tb.Errorf("drop schema: %v", err)
		}
		admin.Close()
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

func mustOpen(tb testing.TB, dsn string) *DB {
	tb.Helper()
	db, err := Open(context.Background(), dsn)
	if err != nil {
		tb.Fatalf("Open(%q): %v", dsn, err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// wantCode fails unless err has the code (and, when given, a message
// containing each of parts).
func wantCode(tb testing.TB, err error, code string, parts ...string) {
	tb.Helper()
	if got := carousel.ErrorCode(err); got != code {
		tb.Fatalf("error %v has code %q, want %q", err, got, code)
	}
	for _, p := range parts {
		if !strings.Contains(carousel.ErrorMessage(err), p) {
			tb.Fatalf("error %q does not mention %q", carousel.ErrorMessage(err), p)
		}
	}
}

func count(tb testing.TB, db *DB, table string) int {
	tb.Helper()
	var n int
	if err := db.read.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		tb.Fatal(err)
	}
	return n
}

// sampleProject returns a valid project with one post per content slide.
func sampleProject(slides int) *carousel.Project {
	p := &carousel.Project{
		Version: carousel.ProjectVersion,
		Thread: carousel.Thread{
			Version: carousel.ThreadVersion,
			Source:  "paste",
			Author:  carousel.Author{Name: "Ada Lovelace", Handle: "ada"},
		},
		Settings: carousel.Settings{Format: "linkedin-portrait", Template: "classic", Theme: "paper"},
	}
	for i := range slides {
		id := fmt.Sprintf("p%d", i+1)
		p.Thread.Posts = append(p.Thread.Posts, carousel.Post{
			ID: id,
			Blocks: []carousel.Block{
				{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: fmt.Sprintf("Post %d: the analytical engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves.", i+1)}}},
				{Type: carousel.Bullet, Spans: []carousel.Span{{Text: "first point, with "}, {Text: "bold", Bold: true}, {Text: " text"}}},
				{Type: carousel.Bullet, Spans: []carousel.Span{{Text: "a link", Link: "https://example.com/" + id, Entity: carousel.EntityURL}}},
			},
		})
		kind := carousel.SlideContent
		if i == 0 {
			kind = carousel.SlideCover
		}
		p.Slides = append(p.Slides, carousel.Slide{ID: "s" + id, Kind: kind, Items: []carousel.Item{{Post: id}}})
	}
	return p
}

func TestMigrationNamesMatch(t *testing.T) {
	names := func(dir string) []string {
		entries, err := fs.ReadDir(migrations, dir)
		if err != nil {
			t.Fatal(err)
		}
		var list []string
		for _, e := range entries {
			list = append(list, e.Name())
		}
		return list
	}
	lite, pg := names("migrations/sqlite"), names("migrations/postgres")
	if len(lite) == 0 {
		t.Fatal("no migrations")
	}
	if strings.Join(lite, ",") != strings.Join(pg, ",") {
		t.Fatalf("migration files differ:\nsqlite:   %v\npostgres: %v", lite, pg)
	}
	for _, n := range lite {
		var num int
		var rest string
		if _, err := fmt.Sscanf(n, "%04d_%s", &num, &rest); err != nil || !strings.HasSuffix(n, ".sql") {
			t.Errorf("migration %q is not named NNNN_name.sql", n)
		}
	}
}

func TestOpen(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		db := mustOpen(t, dsn)
		want := SQLite
		if strings.HasPrefix(dsn, "postgres") {
			want = Postgres
		}
		if db.Dialect() != want {
			t.Fatalf("Dialect() = %q, want %q", db.Dialect(), want)
		}
		entries, _ := fs.ReadDir(migrations, "migrations/"+want)
		if n := count(t, db, "schema_migrations"); n != len(entries) {
			t.Fatalf("%d migrations recorded, want %d", n, len(entries))
		}
		p := sampleProject(2)
		if err := db.CreateProject(context.Background(), p); err != nil {
			t.Fatal(err)
		}
		db.Close()
		// Opening again applies nothing twice and keeps the data.
		db2 := mustOpen(t, dsn)
		if n := count(t, db2, "schema_migrations"); n != len(entries) {
			t.Fatalf("%d migrations recorded after reopening, want %d", n, len(entries))
		}
		if _, err := db2.FindProjectByID(context.Background(), p.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestOpenPrefixesAndErrors(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{
		"sqlite:" + filepath.Join(dir, "a.db"),
		"file:" + filepath.Join(dir, "b.db"),
		filepath.Join(dir, "nested", "dirs", "c.db"),
	} {
		t.Run(dsn, func(t *testing.T) {
			db := mustOpen(t, dsn)
			if db.Dialect() != SQLite {
				t.Fatalf("dialect %q", db.Dialect())
			}
		})
	}
	for _, dsn := range []string{"", ":memory:", "sqlite:"} {
		_, err := Open(context.Background(), dsn)
		wantCode(t, err, carousel.EINVALID)
	}
}

func TestRebind(t *testing.T) {
	pg := &DB{dialect: Postgres}
	lite := &DB{dialect: SQLite}
	q := `UPDATE t SET a = ?, b = ? WHERE id = ? AND rev = ?`
	if got, want := pg.rebind(q), `UPDATE t SET a = $1, b = $2 WHERE id = $3 AND rev = $4`; got != want {
		t.Errorf("postgres: %q, want %q", got, want)
	}
	if got := lite.rebind(q); got != q {
		t.Errorf("sqlite changed the query: %q", got)
	}
}

// TestNewIDStartsWithALetterOrDigit: ids are command-line arguments
// (carousel render ID), where one starting with "-" would read as a flag.
func TestNewIDStartsWithALetterOrDigit(t *testing.T) {
	for range 5000 {
		id := newID()
		if len(id) != 12 || id[0] == '-' || id[0] == '_' {
			t.Fatalf("id %q", id)
		}
	}
}
