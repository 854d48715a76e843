// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/carouselstudio/carousel"
)

var _ carousel.ReviewService = (*DB)(nil)

// Limits of what a reviewer may write.
const (
	MaxCommentLen = 2000 // characters
	maxAuthorLen  = 100
	maxComments   = 1000 // per project, so that a shared link cannot fill the database
)

// CreateShare stores a review link for a project of the context's
// workspace, setting s.ID, s.Workspace and s.Created, and returns its secret.
func (db *DB) CreateShare(ctx context.Context, s *carousel.Share) (string, error) {
	now := db.now()
	if s.Expires != nil && !s.Expires.After(now) {
		return "", carousel.FieldError("expires", "a review link must expire in the future")
	}
	secret := newSecret(sharePrefix)
	q := *s
	q.ID, q.Workspace, q.Created = newID(), carousel.WorkspaceFromContext(ctx), now
	if s.Expires != nil {
		e := s.Expires.UTC().Truncate(time.Microsecond)
		q.Expires = &e
	}
	err := db.update(ctx, func(tx conn) error {
		if err := projectInWorkspace(ctx, tx, q.ProjectID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO shares (id, secret_hash, workspace_id, project_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			q.ID, secretHash(secret), q.Workspace, q.ProjectID, q.CreatedBy, q.Created, nullTime(q.Expires))
		return err
	})
	if err != nil {
		return "", err
	}
	*s = q
	return secret, nil
}

func nullTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return *t
}

const shareColumns = `id, project_id, workspace_id, created_by, created_at, expires_at`

func scanShare(row scanner) (*carousel.Share, error) {
	var s carousel.Share
	var expires sql.NullTime
	if err := row.Scan(&s.ID, &s.ProjectID, &s.Workspace, &s.CreatedBy, &s.Created, &expires); err != nil {
		return nil, err
	}
	s.Created = s.Created.UTC()
	if expires.Valid {
		e := expires.Time.UTC()
		s.Expires = &e
	}
	return &s, nil
}

var errNoShare = carousel.Errorf(carousel.ENOTFOUND, "this review link is unknown, revoked or expired")

// FindShare returns the live share of a secret, in any workspace.
func (db *DB) FindShare(ctx context.Context, secret string) (*carousel.Share, error) {
	if !strings.HasPrefix(secret, sharePrefix) {
		return nil, errNoShare
	}
	s, err := scanShare(db.reader().queryRow(ctx, `SELECT `+shareColumns+` FROM shares
		WHERE secret_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`, secretHash(secret), db.now()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoShare
	}
	if err != nil {
		return nil, db.plumbing("find share", err)
	}
	return s, nil
}

// FindShares lists a project's review links that are not revoked (expired
// ones too, so the studio can say so), newest first.
func (db *DB) FindShares(ctx context.Context, projectID string) ([]*carousel.Share, error) {
	if err := projectInWorkspace(ctx, db.reader(), projectID); err != nil {
		return nil, db.plumbing("find shares", err)
	}
	return queryAll(ctx, db, "find shares", scanShare, `SELECT `+shareColumns+` FROM shares
		WHERE project_id = ? AND workspace_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id`, projectID, carousel.WorkspaceFromContext(ctx))
}

// RevokeShare ends a review link of a project of the context's workspace.
func (db *DB) RevokeShare(ctx context.Context, projectID, id string) error {
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE shares SET revoked_at = ? WHERE id = ? AND project_id = ? AND workspace_id = ? AND revoked_at IS NULL`,
			db.now(), id, projectID, carousel.WorkspaceFromContext(ctx))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no review link %q on project %q", id, projectID)
		}
		return nil
	})
}

// checkAuthor trims a reviewer's name and checks its length.
func checkAuthor(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", carousel.FieldError("author", "say who you are: give a name")
	}
	if utf8.RuneCountInString(name) > maxAuthorLen {
		return "", carousel.FieldError("author", "a name may have at most %d characters", maxAuthorLen)
	}
	return name, nil
}

// AddComment stores c on a project of the context's workspace, setting
// its ID and Created.
func (db *DB) AddComment(ctx context.Context, c *carousel.Comment) error {
	body := strings.TrimSpace(c.Body)
	if body == "" {
		return carousel.FieldError("body", "the comment is empty")
	}
	if n := utf8.RuneCountInString(body); n > MaxCommentLen {
		return carousel.FieldError("body", "a comment may have at most %d characters, this one has %d", MaxCommentLen, n)
	}
	author, err := checkAuthor(c.Author)
	if err != nil {
		return err
	}
	if c.Slide < 1 {
		return carousel.FieldError("slide", "name the slide, from 1")
	}
	q := *c
	q.ID, q.Body, q.Author, q.Created = newID(), body, author, db.now()
	err = db.update(ctx, func(tx conn) error {
		if err := projectInWorkspace(ctx, tx, q.ProjectID); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM comments WHERE project_id = ?`, q.ProjectID).Scan(&n); err != nil {
			return err
		}
		if n >= maxComments {
			return carousel.Errorf(carousel.ECONFLICT, "this project has %d comments, the most it may have: delete some first", n)
		}
		_, err := tx.exec(ctx, `INSERT INTO comments (id, project_id, slide, slide_id, revision, author, client, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			q.ID, q.ProjectID, q.Slide, q.SlideID, q.Revision, q.Author, q.Client, q.Body, q.Created)
		return err
	})
	if err != nil {
		return err
	}
	*c = q
	return nil
}

// FindComments lists a project's comments, oldest first.
func (db *DB) FindComments(ctx context.Context, projectID string) ([]*carousel.Comment, error) {
	if err := projectInWorkspace(ctx, db.reader(), projectID); err != nil {
		return nil, db.plumbing("find comments", err)
	}
	return queryAll(ctx, db, "find comments", func(row scanner) (*carousel.Comment, error) {
		var c carousel.Comment
		err := row.Scan(&c.ID, &c.ProjectID, &c.Slide, &c.SlideID, &c.Revision, &c.Author, &c.Client, &c.Body, &c.Created)
		c.Created = c.Created.UTC()
		return &c, err
	}, `SELECT id, project_id, slide, slide_id, revision, author, client, body, created_at FROM comments
		WHERE project_id = ? ORDER BY created_at, id`, projectID)
}

// DeleteComment removes a comment of a project of the context's workspace.
func (db *DB) DeleteComment(ctx context.Context, projectID, id string) error {
	return db.update(ctx, func(tx conn) error {
		if err := projectInWorkspace(ctx, tx, projectID); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM comments WHERE id = ? AND project_id = ?`, id, projectID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no comment %q on project %q", id, projectID)
		}
		return nil
	})
}

// Decide records a decision on a project of the context's workspace,
// setting d.Created.
func (db *DB) Decide(ctx context.Context, d *carousel.Decision) error {
	if d.State != carousel.ReviewApproved && d.State != carousel.ReviewChangesRequested {
		return carousel.FieldError("state", "must be %q or %q, found %q", carousel.ReviewApproved, carousel.ReviewChangesRequested, d.State)
	}
	author, err := checkAuthor(d.Author)
	if err != nil {
		return err
	}
	note := strings.TrimSpace(d.Note)
	if n := utf8.RuneCountInString(note); n > MaxCommentLen {
		return carousel.FieldError("note", "a note may have at most %d characters, this one has %d", MaxCommentLen, n)
	}
	q := *d
	q.Author, q.Note, q.Created = author, note, db.now()
	err = db.update(ctx, func(tx conn) error {
		if err := projectInWorkspace(ctx, tx, q.ProjectID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO decisions (id, project_id, state, author, client, note, revision, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			newID(), q.ProjectID, q.State, q.Author, q.Client, q.Note, q.Revision, q.Created)
		return err
	})
	if err != nil {
		return err
	}
	*d = q
	return nil
}

// FindDecisions lists a project's decisions, newest first.
func (db *DB) FindDecisions(ctx context.Context, projectID string) ([]*carousel.Decision, error) {
	if err := projectInWorkspace(ctx, db.reader(), projectID); err != nil {
		return nil, db.plumbing("find decisions", err)
	}
	return queryAll(ctx, db, "find decisions", func(row scanner) (*carousel.Decision, error) {
		var d carousel.Decision
		err := row.Scan(&d.ProjectID, &d.State, &d.Author, &d.Client, &d.Note, &d.Revision, &d.Created)
		d.Created = d.Created.UTC()
		return &d, err
	}, `SELECT project_id, state, author, client, note, revision, created_at FROM decisions
		WHERE project_id = ? ORDER BY created_at DESC, id DESC`, projectID)
}
