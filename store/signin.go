// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"time"

	"github.com/carouselstudio/carousel"
)

var _ carousel.SignInFailures = (*DB)(nil)

// RecordSignInFailure notes a failed sign-in for each key at t and deletes
// every failure from before forget, in one transaction.
func (db *DB) RecordSignInFailure(ctx context.Context, keys []string, t, forget time.Time) error {
	return db.update(ctx, func(tx conn) error {
		if _, err := tx.exec(ctx, `DELETE FROM sign_in_failures WHERE at < ?`, forget.UTC()); err != nil {
			return err
		}
		for _, k := range keys {
			if _, err := tx.exec(ctx, `INSERT INTO sign_in_failures (key, at) VALUES (?, ?)`, k, t.UTC()); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecentSignInFailures returns the times of key's failures since since,
// oldest first.
func (db *DB) RecentSignInFailures(ctx context.Context, key string, since time.Time) ([]time.Time, error) {
	rows, err := db.reader().query(ctx, `SELECT at FROM sign_in_failures WHERE key = ? AND at >= ? ORDER BY at`, key, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, at.UTC())
	}
	return out, rows.Err()
}

// ClearSignInFailures forgets key's failures.
func (db *DB) ClearSignInFailures(ctx context.Context, key string) error {
	return db.update(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `DELETE FROM sign_in_failures WHERE key = ?`, key)
		return err
	})
}
