// SPDX-License-Identifier: MIT

// Package store keeps projects, brand profiles, presets, assets, connected
// social accounts and post jobs in SQLite (the default, cgo-free) or
// PostgreSQL (for several instances sharing one database), through one SQL
// code path; and, for team servers, accounts, sessions, API tokens,
// workspaces, invites, review links, comments, decisions and the audit log.
//
// Choices worth knowing:
//   - Projects, profiles, presets and images belong to a workspace: every
//     method works in carousel.WorkspaceFromContext(ctx) (the first
//     workspace when the context names none) and finds nothing of another
//     one. Image bytes are stored once by hash, listed per workspace.
//   - Passwords are argon2id hashes; session, token, invite and review
//     link secrets are kept as SHA-256 hashes only.
//   - Every update is compare-and-swap on a revision number; a stale one is
//     ECONFLICT and changes nothing. Projects keep their last 50 revisions.
//   - Project documents are stored as compact canonical JSON.
//   - A profile named by a preset cannot be deleted (ECONFLICT naming the
//     preset). Deleting the default profile makes the oldest remaining one
//     the default, so there is a default whenever there is a profile.
//   - Account tokens are stored encrypted by DB.Secrets, bound to their row.
//   - Post jobs are leased: on PostgreSQL the claim uses FOR UPDATE SKIP
//     LOCKED, so instances sharing the database never take the same job;
//     on SQLite the write lock serialises claims.
//   - SQLite runs in WAL mode with synchronous=FULL, so an acknowledged save
//     survives a power cut, with one writer connection and concurrent
//     readers. Options given after "?" in the path override the defaults
//     (e.g. "carousel.db?_synchronous=NORMAL").
package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialects.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// DB is the store. It implements carousel.ProjectService,
// carousel.ProfileService, carousel.PresetService and carousel.AssetService.
// It is safe for concurrent use.
type DB struct {
	dialect string
	// read serves queries; write serves transactions that change data. On
	// SQLite write has a single connection, so writers queue in Go instead
	// of spinning on SQLITE_BUSY, while readers proceed concurrently (WAL).
	// On PostgreSQL both are the same pool.
	read, write *sql.DB

	// Now gives the time recorded on saves; tests may replace it.
	Now func() time.Time
	// Secrets encrypts the tokens of connected accounts. Without it the
	// store keeps no tokens (publishing is off).
	Secrets carousel.Sealer
	// PasswordParams are the argon2id costs of new password hashes;
	// zero means DefaultPasswordParams.
	PasswordParams PasswordParams
}

var (
	_ carousel.ProjectService = (*DB)(nil)
	_ carousel.ProfileService = (*DB)(nil)
	_ carousel.PresetService  = (*DB)(nil)
	_ carousel.AssetService   = (*DB)(nil)
	_ carousel.PostJobService = (*DB)(nil)
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrations embed.FS

// Open opens (creating if needed) and migrates the database. dsn is a
// postgres:// or postgresql:// URL for PostgreSQL, otherwise a SQLite file
// path, optionally prefixed by "sqlite:" or "file:".
func Open(ctx context.Context, dsn string) (*DB, error) {
	return open(ctx, dsn, "")
}

// open opens the database and applies the migrations up to the one named
// last (every one when last is empty): tests build old databases with it.
func open(ctx context.Context, dsn, last string) (*DB, error) {
	if dsn == "" {
		return nil, carousel.Errorf(carousel.EINVALID, "no database given: use a SQLite file path or a postgres:// URL")
	}
	db := &DB{Now: time.Now}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		pool.SetMaxOpenConns(16)
		pool.SetMaxIdleConns(4)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.dialect, db.read, db.write = Postgres, pool, pool
	} else {
		if err := db.openSQLite(dsn); err != nil {
			return nil, err
		}
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to %s database: %w", db.dialect, err)
	}
	if err := db.migrate(ctx, last); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (db *DB) openSQLite(dsn string) error {
	path := strings.TrimPrefix(dsn, "sqlite:")
	path = strings.TrimPrefix(path, "file:")
	var userQuery string
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, userQuery = path[:i], path[i+1:]
	}
	if path == "" || path == ":memory:" {
		// Each connection of a pool would get its own empty memory database.
		return carousel.Errorf(carousel.EINVALID, "a SQLite database must be a file path, not %q", dsn)
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("store: create database directory: %w", err)
		}
	}
	q := url.Values{}
	q.Set("_busy_timeout", "10000")
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "1")
	// FULL makes every acknowledged save survive a power cut, not only a
	// crash of the process; it costs one WAL fsync per commit.
	q.Set("_synchronous", "FULL")
	q.Set("_time_format", "sqlite")
	if userQuery != "" {
		extra, err := url.ParseQuery(userQuery)
		if err != nil {
			return carousel.Errorf(carousel.EINVALID, "bad options in SQLite database %q: %v", dsn, err)
		}
		for k, v := range extra {
			q[k] = v
		}
	}
	read, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("store: open sqlite: %w", err)
	}
	read.SetMaxOpenConns(4)
	read.SetMaxIdleConns(4)
	// IMMEDIATE takes the write lock when a transaction begins, so that two
	// processes never deadlock upgrading read locks.
	q.Set("_txlock", "immediate")
	write, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		read.Close()
		return fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxIdleTime(0)
	db.dialect, db.read, db.write = SQLite, read, write
	return nil
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// now returns the current time in UTC at the microsecond precision both
// databases keep, so a saved time reads back equal.
func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Microsecond) }

// rebind rewrites the ? placeholders of q as $1, $2… for PostgreSQL.
// Queries in this package never hold a literal '?'.
func (db *DB) rebind(q string) string {
	if db.dialect != Postgres || strings.IndexByte(q, '?') < 0 {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// conn runs rebound queries on a pool or a transaction.
type conn struct {
	db *DB
	q  interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
}

func (c conn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return c.q.ExecContext(ctx, c.db.rebind(q), args...)
}

func (c conn) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return c.q.QueryContext(ctx, c.db.rebind(q), args...)
}

func (c conn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return c.q.QueryRowContext(ctx, c.db.rebind(q), args...)
}

// reader returns a conn for queries outside a transaction.
func (db *DB) reader() conn { return conn{db: db, q: db.read} }

// queryAll runs a query on the read pool and scans every row with scan.
// It returns an empty, non-nil list when there are no rows.
func queryAll[T any](ctx context.Context, db *DB, what string, scan func(scanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := db.reader().query(ctx, q, args...)
	if err != nil {
		return nil, db.plumbing(what, err)
	}
	defer rows.Close()
	list := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, db.plumbing(what, err)
		}
		list = append(list, v)
	}
	if err := rows.Err(); err != nil {
		return nil, db.plumbing(what, err)
	}
	return list, nil
}

// update runs fn in a write transaction, committing when fn returns nil.
func (db *DB) update(ctx context.Context, fn func(tx conn) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return db.plumbing("begin transaction", err)
	}
	if err := fn(conn{db: db, q: tx}); err != nil {
		tx.Rollback()
		return db.plumbing("write", err)
	}
	if err := tx.Commit(); err != nil {
		return db.plumbing("commit", err)
	}
	return nil
}

// plumbing returns err as is when it is a *carousel.Error, translates a
// busy database into EUNAVAILABLE, and wraps anything else.
func (db *DB) plumbing(verb string, err error) error {
	if err == nil {
		return nil
	}
	var ce *carousel.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_BUSY {
		return &carousel.Error{Code: carousel.EUNAVAILABLE, Message: "the database is busy; try again in a moment", Err: err}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01") {
		return &carousel.Error{Code: carousel.EUNAVAILABLE, Message: "the database is busy; try again in a moment", Err: err}
	}
	if isFull(err) {
		return &carousel.Error{Code: carousel.ESTORAGEFULL, Message: "The disk holding the studio's database is full, so nothing was saved: free some space (or ask whoever runs the server to) and try again.", Err: err}
	}
	if errors.As(err, &se) && (se.Code()&0xff == sqlite3.SQLITE_READONLY || se.Code()&0xff == sqlite3.SQLITE_CANTOPEN) {
		return &carousel.Error{Code: carousel.EUNAVAILABLE, Message: "The studio's database cannot be written: its folder or file is read-only. Whoever runs the server must make the data directory writable.", Err: err}
	}
	return fmt.Errorf("store: %s: %w", verb, err)
}

// isFull reports whether err says the disk (or the database's size
// limit) is full: SQLite's SQLITE_FULL, PostgreSQL's disk_full, ENOSPC.
func isFull(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == sqlite3.SQLITE_FULL {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "53100" || pe.Code == "53200") {
		return true
	}
	return errors.Is(err, syscall.ENOSPC)
}

// isUnique reports whether err is a unique or primary key violation.
func isUnique(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code()
		return c == sqlite3.SQLITE_CONSTRAINT_UNIQUE || c == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// isForeignKey reports whether err is a foreign key violation.
func isForeignKey(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23503"
}

// notFound turns sql.ErrNoRows into ENOTFOUND with msg.
func notFound(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return &carousel.Error{Code: carousel.ENOTFOUND, Message: fmt.Sprintf(format, args...), Err: err}
	}
	return err
}

// newID returns a random URL-safe id of 12 characters (72 bits).
func newID() string {
	var b [9]byte
	for {
		rand.Read(b[:]) // never fails (crypto/rand documents it)
		// Not starting with "-" or "_": an id is an argument on the command
		// line (carousel render ID, carousel posts cancel ID), where a
		// leading "-" reads as a flag.
		if b[0]>>2 < 62 {
			return base64.RawURLEncoding.EncodeToString(b[:])
		}
	}
}

// maxNameLen is the longest name of a profile or preset, in characters.
const maxNameLen = 100

// checkName trims name and checks it is non-empty and not too long.
// what names the thing ("profile", "preset") in messages.
func checkName(what, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", carousel.FieldError("name", "a %s needs a name", what)
	}
	if n := len([]rune(name)); n > maxNameLen {
		return "", carousel.FieldError("name", "a %s name may have at most %d characters, this one has %d", what, maxNameLen, n)
	}
	return name, nil
}

// migrate applies the embedded migrations not yet recorded, in file name
// order, each in its own transaction, stopping after the one named last
// when it is not empty.
func (db *DB) migrate(ctx context.Context, last string) error {
	dir := "migrations/" + db.dialect
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return fmt.Errorf("store: read migrations: %w", err)
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)

	create := `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`
	if db.dialect == Postgres {
		create = `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)`
	}
	if err := db.migrateStep(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, create)
		return err
	}); err != nil {
		return fmt.Errorf("store: create schema_migrations: %w", err)
	}
	for _, name := range names {
		if last != "" && name > last {
			break
		}
		body, err := migrations.ReadFile(dir + "/" + name)
		if err != nil {
			return fmt.Errorf("store: read migration %s: %w", name, err)
		}
		err = db.migrateStep(ctx, func(tx conn) error {
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.exec(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.exec(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, db.now())
			return err
		})
		if err != nil {
			return fmt.Errorf("store: apply migration %s/%s: %w", db.dialect, name, err)
		}
	}
	return nil
}

// migrateStep runs fn in a transaction that no other instance migrating
// the same database runs at the same time.
func (db *DB) migrateStep(ctx context.Context, fn func(tx conn) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c := conn{db: db, q: tx}
	if db.dialect == Postgres {
		// SQLite's BEGIN IMMEDIATE already serialises; PostgreSQL needs a lock
		// so that two instances starting together do not both migrate.
		if _, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(7349821)`); err != nil {
			return err
		}
	}
	if err := fn(c); err != nil {
		return err
	}
	return tx.Commit()
}

func trimName(name string) string { return strings.TrimSpace(name) }
