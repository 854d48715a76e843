// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/carouselstudio/carousel"
)

var _ carousel.AccountService = (*DB)(nil)

// Secret prefixes.
const (
	sessionPrefix = "css_"
	tokenPrefix   = "cst_"
	invitePrefix  = "csi_"
	sharePrefix   = "csr_"
)

// normalEmail trims and lower-cases an email and checks its form.
func normalEmail(email string) (string, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	if email == "" {
		return "", carousel.FieldError("email", "give an email address")
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 {
		return "", carousel.FieldError("email", "%q is not an email address", email)
	}
	return email, nil
}

func (db *DB) passwordParams() PasswordParams {
	if db.PasswordParams.Time == 0 {
		return DefaultPasswordParams
	}
	return db.PasswordParams
}

// CreateUser stores u with the password (none when empty: single sign-on
// only), setting u.ID and u.Created. A taken email gives ECONFLICT.
func (db *DB) CreateUser(ctx context.Context, u *carousel.User, password string) error {
	email, err := normalEmail(u.Email)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(u.Name)
	if name == "" {
		name, _, _ = strings.Cut(email, "@")
	}
	if n := len([]rune(name)); n > maxNameLen {
		return carousel.FieldError("name", "a name may have at most %d characters, this one has %d", maxNameLen, n)
	}
	hash := ""
	if password != "" {
		if err := checkPassword(password); err != nil {
			return err
		}
		hash = hashPassword(password, db.passwordParams())
	}
	q := carousel.User{ID: newID(), Email: email, Name: name, Created: db.now(), HasPassword: hash != ""}
	err = db.update(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			q.ID, q.Email, q.Name, hash, q.Created, q.Created)
		if isUnique(err) {
			return &carousel.Error{Code: carousel.ECONFLICT, Field: "email", Message: fmt.Sprintf("there is already an account for %s", email), Err: err}
		}
		return err
	})
	if err != nil {
		return err
	}
	*u = q
	return nil
}

const userColumns = `id, email, name, password_hash <> '', created_at`

func scanUser(row scanner) (*carousel.User, error) {
	var u carousel.User
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.HasPassword, &u.Created); err != nil {
		return nil, err
	}
	u.Created = u.Created.UTC()
	return &u, nil
}

// FindUserByID returns the user, or ENOTFOUND.
func (db *DB) FindUserByID(ctx context.Context, id string) (*carousel.User, error) {
	u, err := scanUser(db.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id))
	if err != nil {
		return nil, db.plumbing("find user", notFound(err, "no user %q", id))
	}
	return u, nil
}

// FindUserByEmail returns the user of an email, in any case, or ENOTFOUND.
func (db *DB) FindUserByEmail(ctx context.Context, email string) (*carousel.User, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	u, err := scanUser(db.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, e))
	if err != nil {
		return nil, db.plumbing("find user", notFound(err, "no account for %s", e))
	}
	return u, nil
}

// FindUserBySubject returns the user linked to a single sign-on subject
// (issuer and subject), or ENOTFOUND.
func (db *DB) FindUserBySubject(ctx context.Context, subject string) (*carousel.User, error) {
	u, err := scanUser(db.reader().queryRow(ctx, `SELECT `+userColumns+` FROM users WHERE sso_subject = ?`, subject))
	if err != nil {
		return nil, db.plumbing("find user", notFound(err, "no account linked to this sign-on"))
	}
	return u, nil
}

// LinkSubject links the user to a single sign-on subject, so that a later
// change of email at the provider still finds them.
func (db *DB) LinkSubject(ctx context.Context, userID, subject string) error {
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE users SET sso_subject = ?, updated_at = ? WHERE id = ?`, subject, db.now(), userID)
		if isUnique(err) {
			return &carousel.Error{Code: carousel.ECONFLICT, Message: "this sign-on is linked to another account", Err: err}
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no user %q", userID)
		}
		return nil
	})
}

// FindUsers lists every user by email.
func (db *DB) FindUsers(ctx context.Context) ([]*carousel.User, error) {
	return queryAll(ctx, db, "find users", scanUser, `SELECT `+userColumns+` FROM users ORDER BY email`)
}

// DeleteUser removes the user with their memberships, sessions and
// tokens. The last owner of a workspace cannot be removed (ECONFLICT).
func (db *DB) DeleteUser(ctx context.Context, id string) error {
	return db.update(ctx, func(tx conn) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE id = ?`, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no user %q", id)
		}
		rows, err := tx.query(ctx, `SELECT workspace_id FROM memberships WHERE user_id = ? AND role = ?`, id, carousel.RoleOwner)
		if err != nil {
			return err
		}
		var owned []string
		for rows.Next() {
			var ws string
			if err := rows.Scan(&ws); err != nil {
				rows.Close()
				return err
			}
			owned = append(owned, ws)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, ws := range owned {
			if err := keepAnOwner(ctx, tx, ws, id); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`DELETE FROM sessions WHERE user_id = ?`,
			`DELETE FROM api_tokens WHERE user_id = ?`,
			`DELETE FROM memberships WHERE user_id = ?`,
			`DELETE FROM users WHERE id = ?`,
		} {
			if _, err := tx.exec(ctx, q, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// dummyHash is verified against when an email is unknown, so that a
// sign-in takes as long whether or not the account exists.
var dummyHash = sync.OnceValue(func() string { return hashPassword("not a password of anyone", DefaultPasswordParams) })

var errSignIn = carousel.Errorf(carousel.EUNAUTHORIZED, "wrong email or password")

// Authenticate returns the user whose email and password these are, or
// EUNAUTHORIZED with one message for every reason.
func (db *DB) Authenticate(ctx context.Context, email, password string) (*carousel.User, error) {
	e := strings.ToLower(strings.TrimSpace(email))
	var hash string
	u, err := scanUserWithHash(db.reader().queryRow(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = ?`, e), &hash)
	if errors.Is(err, sql.ErrNoRows) {
		verifyPassword(password, dummyHash())
		return nil, errSignIn
	}
	if err != nil {
		return nil, db.plumbing("authenticate", err)
	}
	if hash == "" || !verifyPassword(password, hash) {
		if hash == "" {
			verifyPassword(password, dummyHash())
		}
		return nil, errSignIn
	}
	return u, nil
}

func scanUserWithHash(row scanner, hash *string) (*carousel.User, error) {
	var u carousel.User
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &u.HasPassword, &u.Created, hash); err != nil {
		return nil, err
	}
	u.Created = u.Created.UTC()
	return &u, nil
}

// SetPassword replaces the user's password and ends their sessions but
// the one whose secret is keep.
func (db *DB) SetPassword(ctx context.Context, userID, password, keep string) error {
	if err := checkPassword(password); err != nil {
		return err
	}
	hash := hashPassword(password, db.passwordParams())
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, db.now(), userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no user %q", userID)
		}
		_, err = tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND secret_hash <> ?`, userID, secretHash(keep))
		return err
	})
}

// CreateSession signs the user in, in the workspace, for ttl of
// inactivity, and returns the secret for the cookie.
func (db *DB) CreateSession(ctx context.Context, userID, workspace string, ttl time.Duration) (string, *carousel.Session, error) {
	if ttl < time.Second {
		return "", nil, carousel.Errorf(carousel.EINVALID, "a session must last at least a second")
	}
	secret := newSecret(sessionPrefix)
	now := db.now()
	s := &carousel.Session{ID: newID(), UserID: userID, Workspace: workspace, Created: now, Expires: now.Add(ttl)}
	err := db.update(ctx, func(tx conn) error {
		// The user's ended sessions go when a new one begins.
		if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = ? AND expires_at <= ?`, userID, now); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO sessions (id, secret_hash, user_id, workspace_id, ttl_seconds, created_at, seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			s.ID, secretHash(secret), userID, workspace, int64(ttl/time.Second), now, now, s.Expires)
		if isForeignKey(err) {
			return &carousel.Error{Code: carousel.ENOTFOUND, Message: fmt.Sprintf("no user %q", userID), Err: err}
		}
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return secret, s, nil
}

var errNoSession = carousel.Errorf(carousel.EUNAUTHORIZED, "your session has ended: sign in again")

// sessionTouch is how stale a session's last-seen time may get before a
// request writes it again, so that reads do not each cost a write.
const sessionTouch = time.Minute

// FindSession returns the live session of a secret, extending it by its
// ttl; an unknown or expired secret gives EUNAUTHORIZED.
func (db *DB) FindSession(ctx context.Context, secret string) (*carousel.Session, error) {
	if !strings.HasPrefix(secret, sessionPrefix) {
		return nil, errNoSession
	}
	h := secretHash(secret)
	var s carousel.Session
	var ttl int64
	var seen time.Time
	err := db.reader().queryRow(ctx, `SELECT id, user_id, workspace_id, ttl_seconds, created_at, seen_at, expires_at FROM sessions WHERE secret_hash = ?`, h).
		Scan(&s.ID, &s.UserID, &s.Workspace, &ttl, &s.Created, &seen, &s.Expires)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoSession
	}
	if err != nil {
		return nil, db.plumbing("find session", err)
	}
	now := db.now()
	s.Created, s.Expires = s.Created.UTC(), s.Expires.UTC()
	if !now.Before(s.Expires) {
		db.update(ctx, func(tx conn) error {
			_, err := tx.exec(ctx, `DELETE FROM sessions WHERE secret_hash = ?`, h)
			return err
		})
		return nil, errNoSession
	}
	if now.Sub(seen) >= sessionTouch {
		s.Expires = now.Add(time.Duration(ttl) * time.Second)
		err := db.update(ctx, func(tx conn) error {
			_, err := tx.exec(ctx, `UPDATE sessions SET seen_at = ?, expires_at = ? WHERE secret_hash = ?`, now, s.Expires, h)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return &s, nil
}

// SetSessionWorkspace makes the session work in another workspace.
func (db *DB) SetSessionWorkspace(ctx context.Context, secret, workspace string) error {
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE sessions SET workspace_id = ? WHERE secret_hash = ?`, workspace, secretHash(secret))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNoSession
		}
		return nil
	})
}

// DeleteSession signs a session out; an unknown secret is no error.
func (db *DB) DeleteSession(ctx context.Context, secret string) error {
	return db.update(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `DELETE FROM sessions WHERE secret_hash = ?`, secretHash(secret))
		return err
	})
}

// maxTokens bounds a user's API tokens, so that a loop cannot fill the table.
const maxTokens = 100

// CreateToken stores t (Name, UserID, Workspace), setting its ID and
// Created, and returns its secret, which is not kept.
func (db *DB) CreateToken(ctx context.Context, t *carousel.APIToken) (string, error) {
	name, err := checkName("token", t.Name)
	if err != nil {
		return "", err
	}
	secret := newSecret(tokenPrefix)
	q := carousel.APIToken{ID: newID(), Name: name, UserID: t.UserID, Workspace: t.Workspace, Created: db.now()}
	err = db.update(ctx, func(tx conn) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM api_tokens WHERE user_id = ?`, t.UserID).Scan(&n); err != nil {
			return err
		}
		if n >= maxTokens {
			return carousel.Errorf(carousel.ECONFLICT, "you have %d API tokens, the most there may be: revoke some first", n)
		}
		_, err := tx.exec(ctx, `INSERT INTO api_tokens (id, secret_hash, name, user_id, workspace_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			q.ID, secretHash(secret), q.Name, q.UserID, q.Workspace, q.Created)
		if isForeignKey(err) {
			return &carousel.Error{Code: carousel.ENOTFOUND, Message: "no such user or workspace", Err: err}
		}
		return err
	})
	if err != nil {
		return "", err
	}
	*t = q
	return secret, nil
}

var errNoToken = carousel.Errorf(carousel.EUNAUTHORIZED, "this API token is unknown or was revoked")

// FindToken returns the token of a secret, with LastUsed as it was before
// this use, and records the use; an unknown or revoked secret gives
// EUNAUTHORIZED.
func (db *DB) FindToken(ctx context.Context, secret string) (*carousel.APIToken, error) {
	if !strings.HasPrefix(secret, tokenPrefix) {
		return nil, errNoToken
	}
	h := secretHash(secret)
	t, err := scanToken(db.reader().queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE secret_hash = ?`, h))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errNoToken
	}
	if err != nil {
		return nil, db.plumbing("find token", err)
	}
	now := db.now()
	if t.LastUsed == nil || now.Sub(*t.LastUsed) >= sessionTouch {
		err := db.update(ctx, func(tx conn) error {
			_, err := tx.exec(ctx, `UPDATE api_tokens SET last_used_at = ? WHERE secret_hash = ?`, now, h)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

const tokenColumns = `id, name, user_id, workspace_id, created_at, last_used_at`

func scanToken(row scanner) (*carousel.APIToken, error) {
	var t carousel.APIToken
	var used sql.NullTime
	if err := row.Scan(&t.ID, &t.Name, &t.UserID, &t.Workspace, &t.Created, &used); err != nil {
		return nil, err
	}
	t.Created = t.Created.UTC()
	if used.Valid {
		u := used.Time.UTC()
		t.LastUsed = &u
	}
	return &t, nil
}

// FindTokens lists the user's tokens, newest first.
func (db *DB) FindTokens(ctx context.Context, userID string) ([]*carousel.APIToken, error) {
	return queryAll(ctx, db, "find tokens", scanToken, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ? ORDER BY created_at DESC, id`, userID)
}

// DeleteToken revokes the user's token id, or gives ENOTFOUND.
func (db *DB) DeleteToken(ctx context.Context, userID, id string) error {
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no API token %q", id)
		}
		return nil
	})
}
