// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/carouselstudio/carousel"
)

// checkProfile validates p and returns its trimmed name.
func checkProfile(p *carousel.Profile) (string, error) {
	name, err := checkName("profile", p.Name)
	if err != nil {
		return "", err
	}
	s := carousel.Settings{Colors: p.Colors, Brand: carousel.Brand{Header: p.Header, Footer: p.Footer}}
	if err := s.Validate("profile"); err != nil {
		return "", err
	}
	return name, nil
}

// encodeProfile encodes p without the fields kept in their own columns.
func encodeProfile(p *carousel.Profile) (string, error) {
	q := *p
	q.ID, q.Revision, q.Default = "", 0, false
	doc, err := json.Marshal(&q)
	if err != nil {
		return "", fmt.Errorf("store: encode profile: %w", err)
	}
	return string(doc), nil
}

// CreateProfile stores p with a new ID and revision 1. The first profile,
// or one with Default set, becomes the default. A name already taken gives
// ECONFLICT.
func (db *DB) CreateProfile(ctx context.Context, p *carousel.Profile) error {
	name, err := checkProfile(p)
	if err != nil {
		return err
	}
	q := *p
	q.Name = name
	var isDefault bool
	err = db.update(ctx, func(tx conn) error {
		var err error
		isDefault, err = db.createProfile(ctx, tx, &q)
		return err
	})
	if err != nil {
		return err
	}
	p.ID, p.Revision, p.Name, p.Default = q.ID, q.Revision, q.Name, isDefault
	return nil
}

// createProfile inserts p (already checked), setting p.ID and p.Revision.
func (db *DB) createProfile(ctx context.Context, tx conn, p *carousel.Profile) (isDefault bool, err error) {
	p.ID, p.Revision = newID(), 1
	ws := carousel.WorkspaceFromContext(ctx)
	var others int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM profiles WHERE workspace_id = ?`, ws).Scan(&others); err != nil {
		return false, err
	}
	isDefault = p.Default || others == 0
	if isDefault {
		if _, err := tx.exec(ctx, `UPDATE profiles SET is_default = FALSE WHERE is_default AND workspace_id = ?`, ws); err != nil {
			return false, err
		}
	}
	doc, err := encodeProfile(p)
	if err != nil {
		return false, err
	}
	now := db.now()
	_, err = tx.exec(ctx, `INSERT INTO profiles (id, workspace_id, name, revision, is_default, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, ws, p.Name, p.Revision, isDefault, doc, now, now)
	if isUnique(err) {
		return false, &carousel.Error{Code: carousel.ECONFLICT, Field: "name", Message: fmt.Sprintf("a profile named %q already exists", p.Name), Err: err}
	}
	return isDefault, err
}

// FindProfileByID returns the profile, or ENOTFOUND.
func (db *DB) FindProfileByID(ctx context.Context, id string) (*carousel.Profile, error) {
	p, err := scanProfile(db.reader().queryRow(ctx, `SELECT id, name, revision, is_default, document FROM profiles WHERE id = ? AND workspace_id = ?`,
		id, carousel.WorkspaceFromContext(ctx)))
	if err != nil {
		return nil, db.plumbing("find profile", notFound(err, "no profile %q", id))
	}
	return p, nil
}

// FindProfiles lists the workspace's profiles by name.
func (db *DB) FindProfiles(ctx context.Context) ([]*carousel.Profile, error) {
	return queryAll(ctx, db, "find profiles", scanProfile, `SELECT id, name, revision, is_default, document FROM profiles WHERE workspace_id = ? ORDER BY name`,
		carousel.WorkspaceFromContext(ctx))
}

type scanner interface{ Scan(dest ...any) error }

func scanProfile(row scanner) (*carousel.Profile, error) {
	var id, name, doc string
	var rev int64
	var isDefault bool
	if err := row.Scan(&id, &name, &rev, &isDefault, &doc); err != nil {
		return nil, err
	}
	var p carousel.Profile
	if err := json.Unmarshal([]byte(doc), &p); err != nil {
		return nil, fmt.Errorf("store: decode profile %s: %w", id, err)
	}
	p.ID, p.Name, p.Revision, p.Default = id, name, rev, isDefault
	return &p, nil
}

// UpdateProfile stores p if p.Revision is the stored revision, then
// increments p.Revision; a stale revision gives ECONFLICT and changes
// nothing. Default set makes p the default; unset leaves the default as it
// is (use SetDefaultProfile to choose another).
func (db *DB) UpdateProfile(ctx context.Context, p *carousel.Profile) error {
	if p.ID == "" {
		return carousel.FieldError("id", "the profile has no id: create it first")
	}
	name, err := checkProfile(p)
	if err != nil {
		return err
	}
	q := *p
	q.Name = name
	var isDefault bool
	err = db.update(ctx, func(tx conn) error {
		var err error
		isDefault, err = db.updateProfile(ctx, tx, &q)
		return err
	})
	if err != nil {
		return err
	}
	p.Revision, p.Name, p.Default = q.Revision, q.Name, isDefault
	return nil
}

// updateProfile updates p (already checked) with compare-and-swap on
// p.Revision, which it increments.
func (db *DB) updateProfile(ctx context.Context, tx conn, p *carousel.Profile) (isDefault bool, err error) {
	old := p.Revision
	p.Revision++
	doc, err := encodeProfile(p)
	if err != nil {
		return false, err
	}
	ws := carousel.WorkspaceFromContext(ctx)
	if p.Default {
		if err := profileInWorkspace(ctx, tx, p.ID); err != nil {
			return false, err
		}
		if _, err := tx.exec(ctx, `UPDATE profiles SET is_default = FALSE WHERE is_default AND workspace_id = ? AND id <> ?`, ws, p.ID); err != nil {
			return false, err
		}
	}
	res, err := tx.exec(ctx, `UPDATE profiles SET name = ?, revision = ?, document = ?, updated_at = ?, is_default = (is_default OR ?) WHERE id = ? AND workspace_id = ? AND revision = ?`,
		p.Name, p.Revision, doc, db.now(), p.Default, p.ID, ws, old)
	if isUnique(err) {
		return false, &carousel.Error{Code: carousel.ECONFLICT, Field: "name", Message: fmt.Sprintf("a profile named %q already exists", p.Name), Err: err}
	}
	if err != nil {
		return false, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return false, err
	} else if n == 0 {
		return false, staleRevision(ctx, tx, "profile", "profiles", p.ID, old)
	}
	err = tx.queryRow(ctx, `SELECT is_default FROM profiles WHERE id = ?`, p.ID).Scan(&isDefault)
	return isDefault, err
}

// DeleteProfile removes a profile. A profile named by a preset is not
// removed: that gives ECONFLICT naming the preset. When the default is
// removed, the oldest remaining profile becomes the default.
func (db *DB) DeleteProfile(ctx context.Context, id string) error {
	return db.update(ctx, func(tx conn) error {
		var name string
		var wasDefault bool
		ws := carousel.WorkspaceFromContext(ctx)
		err := tx.queryRow(ctx, `SELECT name, is_default FROM profiles WHERE id = ? AND workspace_id = ?`, id, ws).Scan(&name, &wasDefault)
		if err != nil {
			return notFound(err, "no profile %q", id)
		}
		var preset string
		err = tx.queryRow(ctx, `SELECT name FROM presets WHERE profile_id = ? ORDER BY name LIMIT 1`, id).Scan(&preset)
		if err == nil {
			return carousel.Errorf(carousel.ECONFLICT, "profile %q is used by preset %q: change or delete the preset first", name, preset)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM profiles WHERE id = ?`, id); err != nil {
			if isForeignKey(err) {
				return &carousel.Error{Code: carousel.ECONFLICT, Message: fmt.Sprintf("profile %q is used by a preset: change or delete the preset first", name), Err: err}
			}
			return err
		}
		if !wasDefault {
			return nil
		}
		_, err = tx.exec(ctx, `UPDATE profiles SET is_default = TRUE WHERE id = (SELECT id FROM profiles WHERE workspace_id = ? ORDER BY created_at, id LIMIT 1)`, ws)
		return err
	})
}

// SetDefaultProfile makes the profile the default and unsets the others.
func (db *DB) SetDefaultProfile(ctx context.Context, id string) error {
	return db.update(ctx, func(tx conn) error {
		if err := profileInWorkspace(ctx, tx, id); err != nil {
			return err
		}
		ws := carousel.WorkspaceFromContext(ctx)
		if _, err := tx.exec(ctx, `UPDATE profiles SET is_default = FALSE WHERE is_default AND workspace_id = ? AND id <> ?`, ws, id); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `UPDATE profiles SET is_default = TRUE WHERE id = ? AND workspace_id = ?`, id, ws)
		return err
	})
}

// profileInWorkspace gives ENOTFOUND unless profile id is in the context's workspace.
func profileInWorkspace(ctx context.Context, c conn, id string) error {
	var n int
	if err := c.queryRow(ctx, `SELECT COUNT(*) FROM profiles WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return carousel.Errorf(carousel.ENOTFOUND, "no profile %q", id)
	}
	return nil
}
