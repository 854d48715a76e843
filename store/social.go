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

	"github.com/carouselstudio/carousel"
)

var _ carousel.SocialAccountService = (*DB)(nil)

// errNoKey explains how to turn publishing on.
var errNoKey = carousel.Errorf(carousel.EINVALID, "connected accounts need a secret key to encrypt their tokens: set CAROUSEL_SECRET_KEY (make one with `carousel accounts keygen`) or --secret-key-file, outside the data directory")

// seal encrypts a token, bound to its credential's id.
func (db *DB) seal(id string, t carousel.Token) ([]byte, error) {
	if db.Secrets == nil {
		return nil, errNoKey
	}
	plain, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("store: encode token: %w", err)
	}
	return db.Secrets.Seal(plain, []byte("credential:"+id))
}

func (db *DB) unseal(id string, sealed []byte) (carousel.Token, error) {
	var t carousel.Token
	if db.Secrets == nil {
		return t, errNoKey
	}
	plain, err := db.Secrets.Open(sealed, []byte("credential:"+id))
	if err != nil {
		return t, err
	}
	if err := json.Unmarshal(plain, &t); err != nil {
		return t, fmt.Errorf("store: decode token of credential %s: %w", id, err)
	}
	return t, nil
}

func checkAccount(a *carousel.SocialAccount) error {
	if _, ok := carousel.PublishPlatformByName(a.Platform); !ok {
		return carousel.FieldError("platform", "unknown platform %q (linkedin, instagram, threads, tiktok)", a.Platform)
	}
	if strings.TrimSpace(a.ExternalID) == "" {
		return carousel.FieldError("externalId", "a %s account needs the platform's id of it", a.Platform)
	}
	if strings.TrimSpace(a.Name) == "" {
		return carousel.FieldError("name", "a %s account needs a name", a.Platform)
	}
	return nil
}

// optionalTime stores the zero time as NULL.
func optionalTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Truncate(time.Microsecond)
}

// ConnectAccounts stores c and its accounts, replacing the credential with
// the same platform and subject and the accounts with the same platform
// and external id. An account keeps its brand profile when the new one
// names none.
func (db *DB) ConnectAccounts(ctx context.Context, c *carousel.Credential, accounts []*carousel.SocialAccount) error {
	if db.Secrets == nil {
		return errNoKey
	}
	if strings.TrimSpace(c.Subject) == "" || c.Token.Access == "" {
		return carousel.Errorf(carousel.EINVALID, "a credential needs a subject and an access token")
	}
	if len(accounts) == 0 {
		return carousel.Errorf(carousel.EINVALID, "the %s token gives no account to post to", c.Platform)
	}
	for _, a := range accounts {
		if a.Platform != c.Platform {
			return carousel.FieldError("platform", "account %q is on %s, its credential on %s", a.Name, a.Platform, c.Platform)
		}
		if err := checkAccount(a); err != nil {
			return err
		}
	}
	now := db.now()
	ws := carousel.WorkspaceFromContext(ctx)
	var stored carousel.Credential
	err := db.update(ctx, func(tx conn) error {
		for _, a := range accounts {
			if err := accountProfile(ctx, tx, a.ProfileID); err != nil {
				return err
			}
		}
		var id string
		var rev int64
		err := tx.queryRow(ctx, `SELECT id, revision FROM social_credentials WHERE workspace_id = ? AND platform = ? AND subject = ?`, ws, c.Platform, c.Subject).Scan(&id, &rev)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			id, rev = newID(), 1
			sealed, err := db.seal(id, c.Token)
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `INSERT INTO social_credentials (id, workspace_id, platform, subject, revision, token, expires_at, refreshable, status, status_message, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?)`,
				id, ws, c.Platform, c.Subject, rev, sealed, optionalTime(c.Token.Expires), c.Token.CanRefresh(), carousel.CredentialConnected, now, now); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			rev++
			sealed, err := db.seal(id, c.Token)
			if err != nil {
				return err
			}
			if _, err := tx.exec(ctx, `UPDATE social_credentials SET revision = ?, token = ?, expires_at = ?, refreshable = ?, status = ?, status_message = '', updated_at = ? WHERE id = ?`,
				rev, sealed, optionalTime(c.Token.Expires), c.Token.CanRefresh(), carousel.CredentialConnected, now, id); err != nil {
				return err
			}
		}
		stored = *c
		stored.ID, stored.Workspace, stored.Revision, stored.Status, stored.StatusMessage, stored.Updated = id, ws, rev, carousel.CredentialConnected, "", now
		for _, a := range accounts {
			var aid string
			err := tx.queryRow(ctx, `SELECT id FROM social_accounts WHERE workspace_id = ? AND platform = ? AND external_id = ?`, ws, a.Platform, a.ExternalID).Scan(&aid)
			var profile any
			if a.ProfileID != "" {
				profile = a.ProfileID
			}
			switch {
			case errors.Is(err, sql.ErrNoRows):
				aid = newID()
				_, err = tx.exec(ctx, `INSERT INTO social_accounts (id, workspace_id, credential_id, platform, kind, external_id, name, username, profile_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
					aid, ws, id, a.Platform, a.Kind, a.ExternalID, strings.TrimSpace(a.Name), a.Username, profile, now, now)
			case err != nil:
				return err
			default:
				_, err = tx.exec(ctx, `UPDATE social_accounts SET credential_id = ?, kind = ?, name = ?, username = ?, profile_id = COALESCE(?, profile_id), updated_at = ? WHERE id = ?`,
					id, a.Kind, strings.TrimSpace(a.Name), a.Username, profile, now, aid)
			}
			if err != nil {
				return err
			}
			a.ID = aid
		}
		// Credentials the accounts moved away from may now be unused.
		_, err = tx.exec(ctx, `DELETE FROM social_credentials WHERE id <> ? AND workspace_id = ? AND platform = ? AND NOT EXISTS (SELECT 1 FROM social_accounts WHERE credential_id = social_credentials.id)`, id, ws, c.Platform)
		return err
	})
	if err != nil {
		return err
	}
	*c = stored
	for _, a := range accounts {
		got, err := db.FindSocialAccountByID(ctx, a.ID)
		if err != nil {
			return err
		}
		*a = *got
	}
	return nil
}

const accountCols = `a.id, a.credential_id, a.platform, a.kind, a.external_id, a.name, a.username, a.profile_id, a.created_at, c.status, c.status_message, c.expires_at, c.refreshable`

const accountFrom = ` FROM social_accounts a JOIN social_credentials c ON c.id = a.credential_id WHERE a.workspace_id = ?`

// accountProfile checks that the brand profile an account is given to,
// when it names one, is the context's workspace's.
func accountProfile(ctx context.Context, tx conn, id string) error {
	if id == "" {
		return nil
	}
	if err := profileInWorkspace(ctx, tx, id); carousel.ErrorCode(err) == carousel.ENOTFOUND {
		return carousel.FieldError("profileId", "no brand profile %q", id)
	} else if err != nil {
		return err
	}
	return nil
}

func scanAccount(row scanner) (*carousel.SocialAccount, error) {
	var a carousel.SocialAccount
	var profile sql.NullString
	var expires sql.NullTime
	if err := row.Scan(&a.ID, &a.CredentialID, &a.Platform, &a.Kind, &a.ExternalID, &a.Name, &a.Username, &profile, &a.Created, &a.Status, &a.StatusMessage, &expires, &a.Refreshable); err != nil {
		return nil, err
	}
	a.ProfileID = profile.String
	a.Created = a.Created.UTC()
	if expires.Valid {
		t := expires.Time.UTC()
		a.Expires = &t
	}
	return &a, nil
}

// FindSocialAccountByID returns the account, or ENOTFOUND.
func (db *DB) FindSocialAccountByID(ctx context.Context, id string) (*carousel.SocialAccount, error) {
	a, err := scanAccount(db.reader().queryRow(ctx, `SELECT `+accountCols+accountFrom+` AND a.id = ?`, carousel.WorkspaceFromContext(ctx), id))
	if err != nil {
		return nil, db.plumbing("find account", notFound(err, "no connected account %q", id))
	}
	return a, nil
}

// FindSocialAccounts lists accounts by platform, then name.
func (db *DB) FindSocialAccounts(ctx context.Context, f carousel.SocialAccountFilter) ([]*carousel.SocialAccount, error) {
	q := `SELECT ` + accountCols + accountFrom
	args := []any{carousel.WorkspaceFromContext(ctx)}
	if f.Platform != "" {
		q += ` AND a.platform = ?`
		args = append(args, f.Platform)
	}
	if f.ProfileID != "" {
		q += ` AND (a.profile_id = ? OR a.profile_id IS NULL)`
		args = append(args, f.ProfileID)
	}
	q += ` ORDER BY a.platform, a.name, a.id`
	return queryAll(ctx, db, "find accounts", scanAccount, q, args...)
}

// SetSocialAccountProfile gives the account to a brand profile, or to
// every profile when profileID is empty.
func (db *DB) SetSocialAccountProfile(ctx context.Context, id, profileID string) error {
	var profile any
	if profileID != "" {
		profile = profileID
	}
	ws := carousel.WorkspaceFromContext(ctx)
	return db.update(ctx, func(tx conn) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM social_accounts WHERE id = ? AND workspace_id = ?`, id, ws).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no connected account %q", id)
		}
		if err := accountProfile(ctx, tx, profileID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `UPDATE social_accounts SET profile_id = ?, updated_at = ? WHERE id = ? AND workspace_id = ?`, profile, db.now(), id, ws)
		return err
	})
}

// DeleteSocialAccount removes the account, cancels its scheduled posts and
// removes its credential when no other account uses it. A post being
// published gives ECONFLICT.
func (db *DB) DeleteSocialAccount(ctx context.Context, id string) error {
	now := db.now()
	return db.update(ctx, func(tx conn) error {
		var cred, name string
		if err := tx.queryRow(ctx, `SELECT credential_id, name FROM social_accounts WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&cred, &name); err != nil {
			return notFound(err, "no connected account %q", id)
		}
		var running int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM post_jobs WHERE account_id = ? AND state = ?`, id, carousel.PostRunning).Scan(&running); err != nil {
			return err
		}
		if running > 0 {
			return carousel.Errorf(carousel.ECONFLICT, "a post to %s is being published right now: remove the account when it is done", name)
		}
		if _, err := tx.exec(ctx, `UPDATE post_jobs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE account_id = ? AND state = ?`,
			carousel.PostCancelled, "the account was removed", now, now, id, carousel.PostScheduled); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, `DELETE FROM social_accounts WHERE id = ?`, id); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `DELETE FROM social_credentials WHERE id = ? AND NOT EXISTS (SELECT 1 FROM social_accounts WHERE credential_id = ?)`, cred, cred)
		return err
	})
}

const credentialCols = `id, workspace_id, platform, subject, revision, token, status, status_message, updated_at`

func (db *DB) scanCredential(row scanner) (*carousel.Credential, error) {
	var c carousel.Credential
	var sealed []byte
	if err := row.Scan(&c.ID, &c.Workspace, &c.Platform, &c.Subject, &c.Revision, &sealed, &c.Status, &c.StatusMessage, &c.Updated); err != nil {
		return nil, err
	}
	t, err := db.unseal(c.ID, sealed)
	if err != nil {
		return nil, err
	}
	c.Token, c.Updated = t, c.Updated.UTC()
	return &c, nil
}

// FindCredentialByID returns the workspace's credential with its token decrypted.
func (db *DB) FindCredentialByID(ctx context.Context, id string) (*carousel.Credential, error) {
	c, err := db.scanCredential(db.reader().queryRow(ctx, `SELECT `+credentialCols+` FROM social_credentials WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)))
	if err != nil {
		return nil, db.plumbing("find credential", notFound(err, "no credential %q", id))
	}
	return c, nil
}

// FindCredentials lists every workspace's credentials with their tokens
// decrypted, for the scheduler's refresh sweep.
func (db *DB) FindCredentials(ctx context.Context) ([]*carousel.Credential, error) {
	return queryAll(ctx, db, "find credentials", db.scanCredential, `SELECT `+credentialCols+` FROM social_credentials ORDER BY workspace_id, platform, subject`)
}

// UpdateCredentialToken stores c.Token if c.Revision is the stored one,
// marks the credential connected and increments c.Revision.
func (db *DB) UpdateCredentialToken(ctx context.Context, c *carousel.Credential) error {
	sealed, err := db.seal(c.ID, c.Token)
	if err != nil {
		return err
	}
	now := db.now()
	err = db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE social_credentials SET revision = ?, token = ?, expires_at = ?, refreshable = ?, status = ?, status_message = '', updated_at = ? WHERE id = ? AND revision = ?`,
			c.Revision+1, sealed, optionalTime(c.Token.Expires), c.Token.CanRefresh(), carousel.CredentialConnected, now, c.ID, c.Revision)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return staleRevision(ctx, tx, "credential", "social_credentials", c.ID, c.Revision)
		}
		return nil
	})
	if err != nil {
		return err
	}
	c.Revision++
	c.Status, c.StatusMessage, c.Updated = carousel.CredentialConnected, "", now
	return nil
}

// SetCredentialStatus records the credential's state and the reason.
func (db *DB) SetCredentialStatus(ctx context.Context, id, status, message string) error {
	if status != carousel.CredentialConnected && status != carousel.CredentialReconnect {
		return carousel.FieldError("status", "unknown credential status %q", status)
	}
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE social_credentials SET status = ?, status_message = ?, revision = revision + 1, updated_at = ? WHERE id = ?`, status, message, db.now(), id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return carousel.Errorf(carousel.ENOTFOUND, "no credential %q", id)
		}
		return nil
	})
}
