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

// checkPreset validates p and returns its trimmed name.
func checkPreset(p *carousel.Preset) (string, error) {
	name, err := checkName("preset", p.Name)
	if err != nil {
		return "", err
	}
	if err := p.Settings.Validate("settings"); err != nil {
		return "", err
	}
	return name, nil
}

// presetProfile returns the profile id the preset names, or nil, after
// checking in tx that it exists.
func presetProfile(ctx context.Context, tx conn, p *carousel.Preset) (any, error) {
	id := p.Settings.Brand.Profile
	if id == "" {
		return nil, nil
	}
	err := profileInWorkspace(ctx, tx, id)
	if carousel.ErrorCode(err) == carousel.ENOTFOUND {
		return nil, carousel.FieldError("settings.brand.profile", "preset %q names a missing profile %q", p.Name, id)
	}
	if err != nil {
		return nil, err
	}
	return id, nil
}

// CreatePreset stores p with a new ID and revision 1. A name already taken
// gives ECONFLICT; a missing profile gives EINVALID.
func (db *DB) CreatePreset(ctx context.Context, p *carousel.Preset) error {
	name, err := checkPreset(p)
	if err != nil {
		return err
	}
	q := *p
	q.Name = name
	if err := db.update(ctx, func(tx conn) error { return db.createPreset(ctx, tx, &q) }); err != nil {
		return err
	}
	p.ID, p.Revision, p.Name = q.ID, q.Revision, q.Name
	return nil
}

func (db *DB) createPreset(ctx context.Context, tx conn, p *carousel.Preset) error {
	profile, err := presetProfile(ctx, tx, p)
	if err != nil {
		return err
	}
	settings, err := json.Marshal(&p.Settings)
	if err != nil {
		return fmt.Errorf("store: encode preset settings: %w", err)
	}
	p.ID, p.Revision = newID(), 1
	now := db.now()
	_, err = tx.exec(ctx, `INSERT INTO presets (id, workspace_id, name, revision, profile_id, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		p.ID, carousel.WorkspaceFromContext(ctx), p.Name, p.Revision, profile, string(settings), now, now)
	return presetWriteError(p, err)
}

func presetWriteError(p *carousel.Preset, err error) error {
	switch {
	case isUnique(err):
		return &carousel.Error{Code: carousel.ECONFLICT, Field: "name", Message: fmt.Sprintf("a preset named %q already exists", p.Name), Err: err}
	case isForeignKey(err):
		return &carousel.Error{Code: carousel.EINVALID, Field: "settings.brand.profile", Message: fmt.Sprintf("preset %q names a missing profile %q", p.Name, p.Settings.Brand.Profile), Err: err}
	}
	return err
}

// FindPresetByID returns the preset, or ENOTFOUND.
func (db *DB) FindPresetByID(ctx context.Context, id string) (*carousel.Preset, error) {
	p, err := scanPreset(db.reader().queryRow(ctx, `SELECT id, name, revision, settings FROM presets WHERE id = ? AND workspace_id = ?`,
		id, carousel.WorkspaceFromContext(ctx)))
	if err != nil {
		return nil, db.plumbing("find preset", notFound(err, "no preset %q", id))
	}
	return p, nil
}

// FindPresetByName returns the preset of that name (trimmed), or ENOTFOUND.
func (db *DB) FindPresetByName(ctx context.Context, name string) (*carousel.Preset, error) {
	p, err := scanPreset(db.reader().queryRow(ctx, `SELECT id, name, revision, settings FROM presets WHERE name = ? AND workspace_id = ?`,
		trimName(name), carousel.WorkspaceFromContext(ctx)))
	if err != nil {
		return nil, db.plumbing("find preset", notFound(err, "no preset named %q", name))
	}
	return p, nil
}

// FindPresets lists the workspace's presets by name.
func (db *DB) FindPresets(ctx context.Context) ([]*carousel.Preset, error) {
	return queryAll(ctx, db, "find presets", scanPreset, `SELECT id, name, revision, settings FROM presets WHERE workspace_id = ? ORDER BY name`,
		carousel.WorkspaceFromContext(ctx))
}

func scanPreset(row scanner) (*carousel.Preset, error) {
	var p carousel.Preset
	var settings string
	if err := row.Scan(&p.ID, &p.Name, &p.Revision, &settings); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(settings), &p.Settings); err != nil {
		return nil, fmt.Errorf("store: decode preset %s: %w", p.ID, err)
	}
	return &p, nil
}

// UpdatePreset stores p if p.Revision is the stored revision, then
// increments p.Revision; a stale revision gives ECONFLICT and changes nothing.
func (db *DB) UpdatePreset(ctx context.Context, p *carousel.Preset) error {
	if p.ID == "" {
		return carousel.FieldError("id", "the preset has no id: create it first")
	}
	name, err := checkPreset(p)
	if err != nil {
		return err
	}
	q := *p
	q.Name = name
	if err := db.update(ctx, func(tx conn) error { return db.updatePreset(ctx, tx, &q) }); err != nil {
		return err
	}
	p.Revision, p.Name = q.Revision, q.Name
	return nil
}

func (db *DB) updatePreset(ctx context.Context, tx conn, p *carousel.Preset) error {
	// Another workspace's preset is not found before anything else is said about it.
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM presets WHERE id = ? AND workspace_id = ?`, p.ID, carousel.WorkspaceFromContext(ctx)).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return carousel.Errorf(carousel.ENOTFOUND, "no preset %q", p.ID)
	}
	profile, err := presetProfile(ctx, tx, p)
	if err != nil {
		return err
	}
	settings, err := json.Marshal(&p.Settings)
	if err != nil {
		return fmt.Errorf("store: encode preset settings: %w", err)
	}
	old := p.Revision
	res, err := tx.exec(ctx, `UPDATE presets SET name = ?, revision = ?, profile_id = ?, settings = ?, updated_at = ? WHERE id = ? AND workspace_id = ? AND revision = ?`,
		p.Name, old+1, profile, string(settings), db.now(), p.ID, carousel.WorkspaceFromContext(ctx), old)
	if err != nil {
		return presetWriteError(p, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return staleRevision(ctx, tx, "preset", "presets", p.ID, old)
	}
	p.Revision = old + 1
	return nil
}

// DeletePreset removes a preset, or gives ENOTFOUND.
func (db *DB) DeletePreset(ctx context.Context, id string) error {
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM presets WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no preset %q", id)
		}
		return nil
	})
}

// findPresetIDByName returns the id and revision of the preset of that name.
func findPresetIDByName(ctx context.Context, tx conn, name string) (id string, rev int64, found bool, err error) {
	err = tx.queryRow(ctx, `SELECT id, revision FROM presets WHERE name = ? AND workspace_id = ?`, name, carousel.WorkspaceFromContext(ctx)).Scan(&id, &rev)
	if errors.Is(err, sql.ErrNoRows) {
		return "", 0, false, nil
	}
	return id, rev, err == nil, err
}
