// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/carouselstudio/carousel"
)

// KeptRevisions is how many versions of a project are kept besides the
// pinned ones, which are kept for good. A version holds a burst of saves
// (carousel.VersionSpan), so this is hours of editing.
const KeptRevisions = 200

// CreateProject stores p, giving it a new ID and revision 1.
func (db *DB) CreateProject(ctx context.Context, p *carousel.Project) error {
	if err := p.Validate(); err != nil {
		return err
	}
	q := *p
	q.ID, q.Revision = newID(), 1
	doc, err := encodeDocument(&q)
	if err != nil {
		return fmt.Errorf("store: encode project: %w", err)
	}
	now := db.now()
	err = db.update(ctx, func(tx conn) error {
		if _, err := tx.exec(ctx, `INSERT INTO projects (id, workspace_id, title, slides, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			q.ID, carousel.WorkspaceFromContext(ctx), projectTitle(&q), len(q.Slides), q.Revision, now, now); err != nil {
			return err
		}
		// The project as created is a version of its own: edits start the next.
		label := carousel.ChangeNote(ctx)
		if label == "" {
			label = "created"
		}
		_, err := tx.exec(ctx, `INSERT INTO project_revisions (project_id, revision, document, saved_at, started_at, label, edits, closed) VALUES (?, ?, ?, ?, ?, ?, 1, TRUE)`,
			q.ID, q.Revision, doc, now, now, label)
		return err
	})
	if err != nil {
		return err
	}
	p.ID, p.Revision = q.ID, q.Revision
	return nil
}

// UpdateProject stores p if p.Revision is the stored revision, then
// increments p.Revision. A stale revision gives ECONFLICT and changes
// nothing. A save within carousel.VersionSpan of the start of the current
// version joins it, unless it is closed (exported or pinned) or the save
// carries a carousel.ChangeNote; otherwise it starts a new version. Versions
// past the last KeptRevisions that are not pinned are pruned.
func (db *DB) UpdateProject(ctx context.Context, p *carousel.Project) error {
	if p.ID == "" {
		return carousel.FieldError("id", "the project has no id: create it first")
	}
	if err := p.Validate(); err != nil {
		return err
	}
	q := *p
	q.Revision = p.Revision + 1
	doc, err := encodeDocument(&q)
	if err != nil {
		return fmt.Errorf("store: encode project: %w", err)
	}
	now := db.now()
	err = db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE projects SET title = ?, slides = ?, revision = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND revision = ?`,
			projectTitle(&q), len(q.Slides), q.Revision, now, q.ID, carousel.WorkspaceFromContext(ctx), p.Revision)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return staleRevision(ctx, tx, "project", "projects", q.ID, p.Revision)
		}
		return db.saveVersion(ctx, tx, &q, p.Revision, doc, now)
	})
	if err != nil {
		return err
	}
	p.Revision = q.Revision
	return nil
}

// saveVersion records q's document: into the current version (the row of
// revision prev) when the save joins it, else as a new version.
func (db *DB) saveVersion(ctx context.Context, tx conn, q *carousel.Project, prev int64, doc string, now time.Time) error {
	var oldDoc, label, name string
	var started sql.NullTime
	var closed bool
	err := tx.queryRow(ctx, `SELECT document, started_at, label, name, closed FROM project_revisions WHERE project_id = ? AND revision = ?`, q.ID, prev).
		Scan(&oldDoc, &started, &label, &name, &closed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var parts []string
	if err == nil {
		var old carousel.Project
		if json.Unmarshal([]byte(oldDoc), &old) == nil {
			parts = carousel.DescribeChange(&old, q)
		}
	}
	note := carousel.ChangeNote(ctx)
	joins := err == nil && !closed && name == "" && note == "" && started.Valid && now.Sub(started.Time) < carousel.VersionSpan
	if joins {
		_, err := tx.exec(ctx, `UPDATE project_revisions SET revision = ?, document = ?, saved_at = ?, label = ?, edits = edits + 1 WHERE project_id = ? AND revision = ?`,
			q.Revision, doc, now, carousel.MergeChangeLabel(label, parts...), q.ID, prev)
		return err
	}
	if note != "" {
		parts = []string{note}
	}
	if _, err := tx.exec(ctx, `INSERT INTO project_revisions (project_id, revision, document, saved_at, started_at, label, edits, closed) VALUES (?, ?, ?, ?, ?, ?, 1, FALSE)`,
		q.ID, q.Revision, doc, now, now, carousel.MergeChangeLabel("", parts...)); err != nil {
		return err
	}
	// Prune the unpinned versions past the last KeptRevisions.
	var oldest int64
	err = tx.queryRow(ctx, `SELECT revision FROM project_revisions WHERE project_id = ? AND name = '' ORDER BY revision DESC LIMIT 1 OFFSET ?`, q.ID, KeptRevisions).Scan(&oldest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `DELETE FROM project_revisions WHERE project_id = ? AND name = '' AND revision <= ?`, q.ID, oldest)
	return err
}

// encodeDocument encodes a project as stored: the canonical JSON of
// carousel.MarshalJSON without its indentation, which would make the
// document 2.4 times as large and its encoding the slowest part of a save.
// Reading it back with carousel.MarshalJSON gives the canonical file.
func encodeDocument(p *carousel.Project) (string, error) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// staleRevision explains why an update of id at revision matched no row:
// the row is missing from the context's workspace (ENOTFOUND) or has
// another revision (ECONFLICT).
func staleRevision(ctx context.Context, tx conn, what, table, id string, revision int64) error {
	var stored int64
	err := tx.queryRow(ctx, `SELECT revision FROM `+table+` WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&stored)
	if errors.Is(err, sql.ErrNoRows) {
		return carousel.Errorf(carousel.ENOTFOUND, "no %s %q", what, id)
	}
	if err != nil {
		return err
	}
	return carousel.Errorf(carousel.ECONFLICT, "%s %s was changed elsewhere: you have revision %d, the store has %d; reload", what, id, revision, stored)
}

// FindProjectByID returns the project, or ENOTFOUND.
func (db *DB) FindProjectByID(ctx context.Context, id string) (*carousel.Project, error) {
	var doc string
	var rev int64
	err := db.reader().queryRow(ctx, `SELECT r.document, p.revision FROM projects p JOIN project_revisions r ON r.project_id = p.id AND r.revision = p.revision WHERE p.id = ? AND p.workspace_id = ?`,
		id, carousel.WorkspaceFromContext(ctx)).Scan(&doc, &rev)
	if err != nil {
		return nil, db.plumbing("find project", notFound(err, "no project %q", id))
	}
	return decodeProject(id, rev, doc)
}

func decodeProject(id string, rev int64, doc string) (*carousel.Project, error) {
	var p carousel.Project
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("store: decode project %s revision %d: %w", id, rev, err)
	}
	p.ID, p.Revision = id, rev
	return &p, nil
}

// FindProjects lists the workspace's projects, most recently updated
// first, each with its latest review decision.
func (db *DB) FindProjects(ctx context.Context) ([]carousel.ProjectSummary, error) {
	return queryAll(ctx, db, "find projects", func(row scanner) (carousel.ProjectSummary, error) {
		var s carousel.ProjectSummary
		var review sql.NullString
		err := row.Scan(&s.ID, &s.Title, &s.Revision, &s.Slides, &s.Updated, &review)
		s.Updated = s.Updated.UTC()
		s.Review = review.String
		return s, err
	}, `SELECT p.id, p.title, p.revision, p.slides, p.updated_at,
		(SELECT d.state FROM decisions d WHERE d.project_id = p.id ORDER BY d.created_at DESC, d.id DESC LIMIT 1)
		FROM projects p WHERE p.workspace_id = ? ORDER BY p.updated_at DESC, p.id`, carousel.WorkspaceFromContext(ctx))
}

// DeleteProject removes the project and its revisions, or gives ENOTFOUND.
func (db *DB) DeleteProject(ctx context.Context, id string) error {
	return db.update(ctx, func(tx conn) error {
		if err := projectInWorkspace(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM project_revisions WHERE project_id = ?`, id); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM projects WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no project %q", id)
		}
		return nil
	})
}

const versionColumns = `revision, saved_at, started_at, label, edits, name, exported`

func scanVersion(row scanner) (carousel.ProjectRevision, error) {
	var r carousel.ProjectRevision
	var started sql.NullTime
	err := row.Scan(&r.Revision, &r.Saved, &started, &r.Label, &r.Edits, &r.Name, &r.Exported)
	r.Saved = r.Saved.UTC()
	if started.Valid {
		r.Started = started.Time.UTC()
	}
	return r, err
}

// FindProjectRevisions lists the kept versions, newest first.
func (db *DB) FindProjectRevisions(ctx context.Context, id string) ([]carousel.ProjectRevision, error) {
	if err := projectInWorkspace(ctx, db.reader(), id); err != nil {
		return nil, db.plumbing("find project revisions", err)
	}
	list, err := queryAll(ctx, db, "find project revisions", scanVersion,
		`SELECT `+versionColumns+` FROM project_revisions WHERE project_id = ? ORDER BY revision DESC`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, carousel.Errorf(carousel.ENOTFOUND, "no project %q", id)
	}
	return list, nil
}

// FindProjectVersions lists up to limit versions older than before (0:
// from the newest), newest first; the first page lists the pinned ones too.
func (db *DB) FindProjectVersions(ctx context.Context, id string, before int64, limit int) (*carousel.VersionPage, error) {
	if limit <= 0 || limit > 500 {
		return nil, carousel.FieldError("limit", "is %d: ask for 1 to 500 versions at a time", limit)
	}
	if err := projectInWorkspace(ctx, db.reader(), id); err != nil {
		return nil, db.plumbing("find project versions", err)
	}
	page := &carousel.VersionPage{}
	if err := db.reader().queryRow(ctx, `SELECT COUNT(*) FROM project_revisions WHERE project_id = ?`, id).Scan(&page.Total); err != nil {
		return nil, db.plumbing("count project versions", err)
	}
	if page.Total == 0 {
		return nil, carousel.Errorf(carousel.ENOTFOUND, "no project %q", id)
	}
	if before <= 0 {
		before = 1<<63 - 1
		pinned, err := queryAll(ctx, db, "find pinned versions", scanVersion,
			`SELECT `+versionColumns+` FROM project_revisions WHERE project_id = ? AND name <> '' ORDER BY revision DESC`, id)
		if err != nil {
			return nil, err
		}
		page.Pinned = pinned
	}
	list, err := queryAll(ctx, db, "find project versions", scanVersion,
		`SELECT `+versionColumns+` FROM project_revisions WHERE project_id = ? AND revision < ? ORDER BY revision DESC LIMIT ?`, id, before, limit+1)
	if err != nil {
		return nil, err
	}
	if len(list) > limit {
		list = list[:limit]
		page.Next = list[limit-1].Revision
	}
	page.Versions = list
	return page, nil
}

// PinProjectRevision keeps a version for good under name, or unpins it
// when name is empty. A pinned version is closed: later saves start anew.
func (db *DB) PinProjectRevision(ctx context.Context, id string, revision int64, name string) error {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 80 {
		return carousel.FieldError("name", "is %d characters long: keep it to 80", utf8.RuneCountInString(name))
	}
	return db.update(ctx, func(tx conn) error {
		if err := projectInWorkspace(ctx, tx, id); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `UPDATE project_revisions SET name = ?, closed = TRUE WHERE project_id = ? AND revision = ?`, name, id, revision)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return missingRevision(ctx, tx, id, revision)
		}
		return nil
	})
}

// CloseProjectRevision closes the current version after an export of it,
// adding note to its label; the next save starts a new version.
func (db *DB) CloseProjectRevision(ctx context.Context, id string, note string) error {
	return db.update(ctx, func(tx conn) error {
		var rev int64
		var label string
		err := tx.queryRow(ctx, `SELECT r.revision, r.label FROM projects p JOIN project_revisions r ON r.project_id = p.id AND r.revision = p.revision WHERE p.id = ? AND p.workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&rev, &label)
		if errors.Is(err, sql.ErrNoRows) {
			return carousel.Errorf(carousel.ENOTFOUND, "no project %q", id)
		}
		if err != nil {
			return err
		}
		// The note goes last and is never cut, however long the label.
		if note != "" && !strings.Contains(label, note) {
			if label != "" {
				label += ", "
			}
			label += note
		}
		_, err = tx.exec(ctx, `UPDATE project_revisions SET closed = TRUE, exported = TRUE, label = ? WHERE project_id = ? AND revision = ?`,
			label, id, rev)
		return err
	})
}

// missingRevision explains why a version of id is not there.
func missingRevision(ctx context.Context, tx conn, id string, revision int64) error {
	var current int64
	err := tx.queryRow(ctx, `SELECT revision FROM projects WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&current)
	if errors.Is(err, sql.ErrNoRows) {
		return carousel.Errorf(carousel.ENOTFOUND, "no project %q", id)
	}
	if err != nil {
		return err
	}
	return carousel.Errorf(carousel.ENOTFOUND, "project %s has no version %d: it is at revision %d; a version keeps only its last save, and unpinned versions past the last %d are pruned", id, revision, current, KeptRevisions)
}

// FindProjectRevision returns the project as it was at a kept revision.
func (db *DB) FindProjectRevision(ctx context.Context, id string, revision int64) (*carousel.Project, error) {
	var doc string
	ws := carousel.WorkspaceFromContext(ctx)
	err := db.reader().queryRow(ctx, `SELECT r.document FROM project_revisions r JOIN projects p ON p.id = r.project_id
		WHERE r.project_id = ? AND p.workspace_id = ? AND r.revision = ?`, id, ws, revision).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, db.plumbing("find project revision", missingRevision(ctx, db.reader(), id, revision))
	}
	if err != nil {
		return nil, db.plumbing("find project revision", err)
	}
	return decodeProject(id, revision, doc)
}

// projectTitle is the title shown in lists: the project's own, else the
// first line of its first post.
func projectTitle(p *carousel.Project) string {
	t := strings.TrimSpace(p.Title)
	if t == "" && len(p.Thread.Posts) > 0 {
		t = strings.TrimSpace(p.Thread.Posts[0].PlainText())
		if i := strings.IndexByte(t, '\n'); i >= 0 {
			t = strings.TrimSpace(t[:i])
		}
	}
	if r := []rune(t); len(r) > 100 {
		t = strings.TrimSpace(string(r[:99])) + "…"
	}
	if t == "" {
		t = "Untitled"
	}
	return t
}

// projectInWorkspace gives ENOTFOUND unless project id is in the context's
// workspace: another workspace's ids are as unknown as made-up ones.
func projectInWorkspace(ctx context.Context, c conn, id string) error {
	var n int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM projects WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return carousel.Errorf(carousel.ENOTFOUND, "no project %q", id)
	}
	return nil
}
