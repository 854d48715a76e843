// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

var _ carousel.WorkspaceService = (*DB)(nil)

// CreateWorkspace stores w, setting w.ID and w.Created; a taken name gives ECONFLICT.
func (db *DB) CreateWorkspace(ctx context.Context, w *carousel.Workspace) error {
	name, err := checkName("workspace", w.Name)
	if err != nil {
		return err
	}
	q := carousel.Workspace{ID: newID(), Name: name, Created: db.now()}
	err = db.update(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)`, q.ID, q.Name, q.Created)
		if isUnique(err) {
			return &carousel.Error{Code: carousel.ECONFLICT, Field: "name", Message: fmt.Sprintf("a workspace named %q already exists", name), Err: err}
		}
		return err
	})
	if err != nil {
		return err
	}
	*w = q
	return nil
}

func scanWorkspace(row scanner) (*carousel.Workspace, error) {
	var w carousel.Workspace
	if err := row.Scan(&w.ID, &w.Name, &w.Created); err != nil {
		return nil, err
	}
	w.Created = w.Created.UTC()
	return &w, nil
}

// FindWorkspaceByID returns the workspace, or ENOTFOUND.
func (db *DB) FindWorkspaceByID(ctx context.Context, id string) (*carousel.Workspace, error) {
	w, err := scanWorkspace(db.reader().queryRow(ctx, `SELECT id, name, created_at FROM workspaces WHERE id = ?`, id))
	if err != nil {
		return nil, db.plumbing("find workspace", notFound(err, "no workspace %q", id))
	}
	return w, nil
}

// FindWorkspaceByName returns the workspace of that name (trimmed), or ENOTFOUND.
func (db *DB) FindWorkspaceByName(ctx context.Context, name string) (*carousel.Workspace, error) {
	w, err := scanWorkspace(db.reader().queryRow(ctx, `SELECT id, name, created_at FROM workspaces WHERE name = ?`, trimName(name)))
	if err != nil {
		return nil, db.plumbing("find workspace", notFound(err, "no workspace named %q", trimName(name)))
	}
	return w, nil
}

// FindWorkspaces lists every workspace by name.
func (db *DB) FindWorkspaces(ctx context.Context) ([]*carousel.Workspace, error) {
	return queryAll(ctx, db, "find workspaces", scanWorkspace, `SELECT id, name, created_at FROM workspaces ORDER BY name`)
}

// RenameWorkspace gives the workspace a new name; a taken one gives ECONFLICT.
func (db *DB) RenameWorkspace(ctx context.Context, id, name string) error {
	name, err := checkName("workspace", name)
	if err != nil {
		return err
	}
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE workspaces SET name = ? WHERE id = ?`, name, id)
		if isUnique(err) {
			return &carousel.Error{Code: carousel.ECONFLICT, Field: "name", Message: fmt.Sprintf("a workspace named %q already exists", name), Err: err}
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no workspace %q", id)
		}
		return nil
	})
}

// FindMemberships lists the user's workspaces and roles, by workspace name.
func (db *DB) FindMemberships(ctx context.Context, userID string) ([]carousel.Membership, error) {
	return queryAll(ctx, db, "find memberships", func(row scanner) (carousel.Membership, error) {
		var m carousel.Membership
		err := row.Scan(&m.Workspace.ID, &m.Workspace.Name, &m.Workspace.Created, &m.Role)
		m.Workspace.Created = m.Workspace.Created.UTC()
		return m, err
	}, `SELECT w.id, w.name, w.created_at, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
		WHERE m.user_id = ? ORDER BY w.name`, userID)
}

// FindRole returns the user's role in the workspace, or ENOTFOUND.
func (db *DB) FindRole(ctx context.Context, workspace, userID string) (carousel.Role, error) {
	var role carousel.Role
	err := db.reader().queryRow(ctx, `SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`, workspace, userID).Scan(&role)
	if err != nil {
		return "", db.plumbing("find role", notFound(err, "not a member of workspace %q", workspace))
	}
	return role, nil
}

// FindMembers lists a workspace's members by email.
func (db *DB) FindMembers(ctx context.Context, workspace string) ([]*carousel.Member, error) {
	return queryAll(ctx, db, "find members", func(row scanner) (*carousel.Member, error) {
		var m carousel.Member
		u := &m.User
		err := row.Scan(&u.ID, &u.Email, &u.Name, &u.HasPassword, &u.Created, &m.Role, &m.Added)
		u.Created, m.Added = u.Created.UTC(), m.Added.UTC()
		return &m, err
	}, `SELECT u.id, u.email, u.name, u.password_hash <> '', u.created_at, m.role, m.created_at
		FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ? ORDER BY u.email`, workspace)
}

// keepAnOwner gives ECONFLICT when userID is the workspace's only owner,
// so that no change leaves a workspace nobody can manage.
func keepAnOwner(ctx context.Context, tx conn, workspace, userID string) error {
	var others int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM memberships WHERE workspace_id = ? AND role = ? AND user_id <> ?`,
		workspace, carousel.RoleOwner, userID).Scan(&others); err != nil {
		return err
	}
	if others > 0 {
		return nil
	}
	var name string
	if err := tx.queryRow(ctx, `SELECT name FROM workspaces WHERE id = ?`, workspace).Scan(&name); err != nil {
		return err
	}
	return carousel.Errorf(carousel.ECONFLICT, "this is the last owner of workspace %q: make another member owner first", name)
}

func checkRole(role carousel.Role) error {
	if !role.Valid() {
		return carousel.FieldError("role", "%q is not a role: use owner, editor, viewer or client", role)
	}
	return nil
}

// SetMember adds the user to the workspace or changes their role. Taking
// the owner role from the last owner gives ECONFLICT.
func (db *DB) SetMember(ctx context.Context, workspace, userID string, role carousel.Role) error {
	if err := checkRole(role); err != nil {
		return err
	}
	return db.update(ctx, func(tx conn) error { return db.setMember(ctx, tx, workspace, userID, role) })
}

func (db *DB) setMember(ctx context.Context, tx conn, workspace, userID string, role carousel.Role) error {
	var old carousel.Role
	err := tx.queryRow(ctx, `SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`, workspace, userID).Scan(&old)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		_, err = tx.exec(ctx, `INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES (?, ?, ?, ?)`, workspace, userID, role, db.now())
		if isForeignKey(err) {
			return &carousel.Error{Code: carousel.ENOTFOUND, Message: "no such user or workspace", Err: err}
		}
		return err
	case err != nil:
		return err
	}
	if old == carousel.RoleOwner && role != carousel.RoleOwner {
		if err := keepAnOwner(ctx, tx, workspace, userID); err != nil {
			return err
		}
	}
	_, err = tx.exec(ctx, `UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?`, role, workspace, userID)
	return err
}

// RemoveMember takes the user out of the workspace and revokes their
// tokens bound to it; removing the last owner gives ECONFLICT.
func (db *DB) RemoveMember(ctx context.Context, workspace, userID string) error {
	return db.update(ctx, func(tx conn) error {
		var role carousel.Role
		err := tx.queryRow(ctx, `SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`, workspace, userID).Scan(&role)
		if err != nil {
			return notFound(err, "no such member")
		}
		if role == carousel.RoleOwner {
			if err := keepAnOwner(ctx, tx, workspace, userID); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE workspace_id = ? AND user_id = ?`, workspace, userID); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?`, workspace, userID)
		return err
	})
}

// CreateInvite stores inv (Workspace, Role, Email, CreatedBy, Expires),
// setting its ID and Created, and returns the secret of its link.
func (db *DB) CreateInvite(ctx context.Context, inv *carousel.Invite) (string, error) {
	if err := checkRole(inv.Role); err != nil {
		return "", err
	}
	email := ""
	if strings.TrimSpace(inv.Email) != "" {
		var err error
		if email, err = normalEmail(inv.Email); err != nil {
			return "", err
		}
	}
	now := db.now()
	if !inv.Expires.After(now) {
		return "", carousel.FieldError("expires", "an invite must expire in the future")
	}
	secret := newSecret(invitePrefix)
	q := *inv
	q.ID, q.Email, q.Created, q.Expires = newID(), email, now, inv.Expires.UTC().Truncate(time.Microsecond)
	err := db.update(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO invites (id, secret_hash, workspace_id, role, email, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			q.ID, secretHash(secret), q.Workspace, q.Role, q.Email, q.CreatedBy, q.Created, q.Expires)
		if isForeignKey(err) {
			return &carousel.Error{Code: carousel.ENOTFOUND, Message: fmt.Sprintf("no workspace %q", q.Workspace), Err: err}
		}
		return err
	})
	if err != nil {
		return "", err
	}
	*inv = q
	return secret, nil
}

const inviteColumns = `id, workspace_id, role, email, created_by, created_at, expires_at`

func scanInvite(row scanner) (*carousel.Invite, error) {
	var inv carousel.Invite
	if err := row.Scan(&inv.ID, &inv.Workspace, &inv.Role, &inv.Email, &inv.CreatedBy, &inv.Created, &inv.Expires); err != nil {
		return nil, err
	}
	inv.Created, inv.Expires = inv.Created.UTC(), inv.Expires.UTC()
	return &inv, nil
}

var errNoInvite = carousel.Errorf(carousel.ENOTFOUND, "this invite link is unknown, used or expired: ask for a new one")

// FindInvite returns the open invite of a secret; an unknown, used or
// expired one gives ENOTFOUND.
func (db *DB) FindInvite(ctx context.Context, secret string) (*carousel.Invite, error) {
	return db.findInvite(ctx, db.reader(), secret)
}

func (db *DB) findInvite(ctx context.Context, c conn, secret string) (*carousel.Invite, error) {
	if !strings.HasPrefix(secret, invitePrefix) {
		return nil, errNoInvite
	}
	inv, err := scanInvite(c.queryRow(ctx, `SELECT `+inviteColumns+` FROM invites WHERE secret_hash = ? AND accepted_at IS NULL AND expires_at > ?`,
		secretHash(secret), db.now()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoInvite
	}
	if err != nil {
		return nil, db.plumbing("find invite", err)
	}
	return inv, nil
}

// FindInvites lists a workspace's open invites, newest first.
func (db *DB) FindInvites(ctx context.Context, workspace string) ([]*carousel.Invite, error) {
	return queryAll(ctx, db, "find invites", scanInvite, `SELECT `+inviteColumns+` FROM invites
		WHERE workspace_id = ? AND accepted_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id`, workspace, db.now())
}

// AcceptInvite makes the user a member with the invite's role, keeping a
// higher role they already have, and uses the invite up. An invite for
// another email gives EFORBIDDEN.
func (db *DB) AcceptInvite(ctx context.Context, secret, userID string) (*carousel.Invite, error) {
	var inv *carousel.Invite
	err := db.update(ctx, func(tx conn) error {
		var err error
		if inv, err = db.findInvite(ctx, tx, secret); err != nil {
			return err
		}
		var email string
		if err := tx.queryRow(ctx, `SELECT email FROM users WHERE id = ?`, userID).Scan(&email); err != nil {
			return notFound(err, "no user %q", userID)
		}
		if inv.Email != "" && inv.Email != email {
			return carousel.Errorf(carousel.EFORBIDDEN, "this invite is for %s, and you are signed in as %s", inv.Email, email)
		}
		var old carousel.Role
		err = tx.queryRow(ctx, `SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?`, inv.Workspace, userID).Scan(&old)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !old.Allows(inv.Role) {
			if err := db.setMember(ctx, tx, inv.Workspace, userID, inv.Role); err != nil {
				return err
			}
		}
		_, err = tx.exec(ctx, `UPDATE invites SET accepted_at = ?, accepted_by = ? WHERE id = ?`, db.now(), userID, inv.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return inv, nil
}

// DeleteInvite withdraws an open invite of the workspace.
func (db *DB) DeleteInvite(ctx context.Context, workspace, id string) error {
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM invites WHERE id = ? AND workspace_id = ? AND accepted_at IS NULL`, id, workspace)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no open invite %q", id)
		}
		return nil
	})
}
