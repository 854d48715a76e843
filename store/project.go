// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/carouselstudio/carousel"
)

// KeptRevisions is how many revisions of a project are kept.
const KeptRevisions = 50

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
		_, err := tx.exec(ctx, `INSERT INTO project_revisions (project_id, revision, document, saved_at) VALUES (?, ?, ?, ?)`,
			q.ID, q.Revision, doc, now)
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
// nothing. Revisions older than the last KeptRevisions are pruned.
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
		if _, err := tx.exec(ctx, `INSERT INTO project_revisions (project_id, revision, document, saved_at) VALUES (?, ?, ?, ?)`,
			q.ID, q.Revision, doc, now); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM project_revisions WHERE project_id = ? AND revision <= ?`, q.ID, q.Revision-KeptRevisions)
		return err
	})
	if err != nil {
		return err
	}
	p.Revision = q.Revision
	return nil
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

// FindProjectRevisions lists the kept revisions, newest first.
func (db *DB) FindProjectRevisions(ctx context.Context, id string) ([]carousel.ProjectRevision, error) {
	list, err := queryAll(ctx, db, "find project revisions", func(row scanner) (carousel.ProjectRevision, error) {
		var r carousel.ProjectRevision
		err := row.Scan(&r.Revision, &r.Saved)
		r.Saved = r.Saved.UTC()
		return r, err
	}, `SELECT r.revision, r.saved_at FROM project_revisions r JOIN projects p ON p.id = r.project_id
		WHERE r.project_id = ? AND p.workspace_id = ? ORDER BY r.revision DESC`, id, carousel.WorkspaceFromContext(ctx))
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, carousel.Errorf(carousel.ENOTFOUND, "no project %q", id)
	}
	return list, nil
}

// FindProjectRevision returns the project as it was at a kept revision.
func (db *DB) FindProjectRevision(ctx context.Context, id string, revision int64) (*carousel.Project, error) {
	var doc string
	ws := carousel.WorkspaceFromContext(ctx)
	err := db.reader().queryRow(ctx, `SELECT r.document FROM project_revisions r JOIN projects p ON p.id = r.project_id
		WHERE r.project_id = ? AND p.workspace_id = ? AND r.revision = ?`, id, ws, revision).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		var current int64
		err := db.reader().queryRow(ctx, `SELECT revision FROM projects WHERE id = ? AND workspace_id = ?`, id, ws).Scan(&current)
		if err != nil {
			return nil, db.plumbing("find project revision", notFound(err, "no project %q", id))
		}
		return nil, carousel.Errorf(carousel.ENOTFOUND, "project %s has no revision %d: it is at revision %d and keeps the last %d", id, revision, current, KeptRevisions)
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
