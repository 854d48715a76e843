// SPDX-License-Identifier: MIT

package store

import (
	"context"

	"github.com/carouselstudio/carousel"
)

var _ carousel.AuditService = (*DB)(nil)

// maxAuditPage is the most entries FindAudit returns at once.
const maxAuditPage = 500

// Record appends an entry to the audit log, setting its ID and Created.
func (db *DB) Record(ctx context.Context, e *carousel.AuditEntry) error {
	e.Created = db.now()
	clip := func(s string, n int) string {
		if r := []rune(s); len(r) > n {
			return string(r[:n])
		}
		return s
	}
	return db.update(ctx, func(tx conn) error {
		q := `INSERT INTO audit_log (workspace_id, user_id, actor, action, target, detail, address, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`
		args := []any{e.Workspace, e.UserID, clip(e.Actor, 200), e.Action, clip(e.Target, 200), clip(e.Detail, 500), clip(e.Address, 100), e.Created}
		if db.dialect == Postgres {
			return tx.queryRow(ctx, q+` RETURNING id`, args...).Scan(&e.ID)
		}
		res, err := tx.exec(ctx, q, args...)
		if err != nil {
			return err
		}
		e.ID, err = res.LastInsertId()
		return err
	})
}

// FindAudit lists a workspace's entries newest first, before the id
// before (from the newest when 0), at most limit (at most 500).
func (db *DB) FindAudit(ctx context.Context, workspace string, before int64, limit int) ([]*carousel.AuditEntry, error) {
	if limit <= 0 || limit > maxAuditPage {
		limit = maxAuditPage
	}
	q := `SELECT id, workspace_id, user_id, actor, action, target, detail, address, created_at FROM audit_log WHERE workspace_id = ?`
	args := []any{workspace}
	if before > 0 {
		q += ` AND id < ?`
		args = append(args, before)
	}
	q += ` ORDER BY id DESC LIMIT ?`
	args = append(args, limit)
	return queryAll(ctx, db, "find audit log", func(row scanner) (*carousel.AuditEntry, error) {
		var e carousel.AuditEntry
		err := row.Scan(&e.ID, &e.Workspace, &e.UserID, &e.Actor, &e.Action, &e.Target, &e.Detail, &e.Address, &e.Created)
		e.Created = e.Created.UTC()
		return &e, err
	}, q, args...)
}
