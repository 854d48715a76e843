// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// MaxPostMediaSize bounds one file of a post: LinkedIn takes documents up
// to 100 MB.
const MaxPostMediaSize = 100 << 20

// PostMediaPrefix starts every post media reference.
const PostMediaPrefix = "media:"

// PutPostMedia stores a post's PDF or JPEG once and returns its reference.
func (db *DB) PutPostMedia(ctx context.Context, data []byte, mediaType string) (string, error) {
	switch mediaType {
	case "application/pdf", "image/jpeg", "image/png":
	default:
		return "", carousel.Errorf(carousel.EUNSUPPORTED, "a post's file must be a PDF or a JPEG or PNG image, not %q", mediaType)
	}
	if len(data) == 0 {
		return "", carousel.Errorf(carousel.EINVALID, "the post's file is empty")
	}
	if len(data) > MaxPostMediaSize {
		return "", carousel.Errorf(carousel.ETOOLARGE, "the post's file is %.1f MB; the limit is %d MB", float64(len(data))/(1<<20), MaxPostMediaSize>>20)
	}
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])
	err := db.update(ctx, func(tx conn) error {
		_, err := tx.exec(ctx, `INSERT INTO post_media (id, media_type, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
			id, mediaType, len(data), data, db.now())
		return err
	})
	if err != nil {
		return "", err
	}
	return PostMediaPrefix + id, nil
}

// PostMedia returns the bytes and media type of a reference, or ENOTFOUND.
func (db *DB) PostMedia(ctx context.Context, ref string) ([]byte, string, error) {
	id, ok := strings.CutPrefix(ref, PostMediaPrefix)
	if !ok || len(id) != 64 {
		return nil, "", carousel.Errorf(carousel.ENOTFOUND, "no post media %q", ref)
	}
	var data []byte
	var typ string
	err := db.reader().queryRow(ctx, `SELECT data, media_type FROM post_media WHERE id = ?`, id).Scan(&data, &typ)
	if err != nil {
		return nil, "", db.plumbing("read post media", notFound(err, "no post media %q", ref))
	}
	return data, typ, nil
}

const jobCols = `id, workspace_id, group_id, project_id, project_title, platform, account_id, account_name, caption, title, options, media, preview, part, parts,
	state, scheduled_at, run_at, attempts, checkpoint, post_id, post_url, error, created_at, updated_at, finished_at`

func scanJob(row scanner) (*carousel.PostJob, error) {
	var j carousel.PostJob
	var account sql.NullString
	var options, media, checkpoint, state string
	var finished sql.NullTime
	if err := row.Scan(&j.ID, &j.Workspace, &j.Group, &j.ProjectID, &j.ProjectTitle, &j.Platform, &account, &j.AccountName, &j.Caption, &j.Title,
		&options, &media, &j.Preview, &j.Part, &j.Parts, &state, &j.ScheduledAt, &j.RunAt, &j.Attempts, &checkpoint,
		&j.PostID, &j.PostURL, &j.Error, &j.Created, &j.Updated, &finished); err != nil {
		return nil, err
	}
	j.AccountID, j.State = account.String, carousel.PostState(state)
	if err := json.Unmarshal([]byte(options), &j.Options); err != nil {
		return nil, fmt.Errorf("store: decode options of post %s: %w", j.ID, err)
	}
	if err := json.Unmarshal([]byte(media), &j.Media); err != nil {
		return nil, fmt.Errorf("store: decode media of post %s: %w", j.ID, err)
	}
	if err := json.Unmarshal([]byte(checkpoint), &j.Checkpoint); err != nil {
		return nil, fmt.Errorf("store: decode checkpoint of post %s: %w", j.ID, err)
	}
	if j.Checkpoint == nil {
		j.Checkpoint = map[string]string{}
	}
	j.ScheduledAt, j.RunAt, j.Created, j.Updated = j.ScheduledAt.UTC(), j.RunAt.UTC(), j.Created.UTC(), j.Updated.UTC()
	if finished.Valid {
		t := finished.Time.UTC()
		j.Finished = &t
	}
	return &j, nil
}

func encodeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("store: encode: %w", err)
	}
	return string(b), nil
}

// utc gives a time as the store keeps it: UTC, to the microsecond, so that
// SQLite's text times compare in time order.
func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// CreatePostJobs stores the jobs as scheduled in the context's workspace,
// in one transaction. Their accounts must be the workspace's.
func (db *DB) CreatePostJobs(ctx context.Context, jobs []*carousel.PostJob) error {
	now := db.now()
	ws := carousel.WorkspaceFromContext(ctx)
	type row struct {
		j                        *carousel.PostJob
		options, media, checkpnt string
	}
	rows := make([]row, 0, len(jobs))
	for _, j := range jobs {
		if _, ok := carousel.PublishPlatformByName(j.Platform); !ok {
			return carousel.FieldError("platform", "unknown platform %q", j.Platform)
		}
		if j.AccountID == "" {
			return carousel.FieldError("account", "a post needs an account")
		}
		if len(j.Media) == 0 {
			return carousel.FieldError("media", "a post needs its files")
		}
		if j.ScheduledAt.IsZero() {
			j.ScheduledAt = now
		}
		r := row{j: j}
		var err error
		if r.options, err = encodeJSON(j.Options); err != nil {
			return err
		}
		if r.media, err = encodeJSON(j.Media); err != nil {
			return err
		}
		if j.Checkpoint == nil {
			j.Checkpoint = map[string]string{}
		}
		if r.checkpnt, err = encodeJSON(j.Checkpoint); err != nil {
			return err
		}
		rows = append(rows, r)
	}
	err := db.update(ctx, func(tx conn) error {
		for _, r := range rows {
			j := r.j
			var n int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM social_accounts WHERE id = ? AND workspace_id = ?`, j.AccountID, ws).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return carousel.FieldError("account", "no connected account %q", j.AccountID)
			}
			j.ID, j.Workspace = newID(), ws
			if j.Group == "" {
				j.Group = j.ID
			}
			j.State, j.RunAt, j.Attempts = carousel.PostScheduled, utc(j.ScheduledAt), 0
			j.ScheduledAt, j.Created, j.Updated = utc(j.ScheduledAt), now, now
			_, err := tx.exec(ctx, `INSERT INTO post_jobs (id, workspace_id, group_id, project_id, project_title, platform, account_id, account_name, caption, title, options, media, preview, part, parts,
				state, scheduled_at, run_at, attempts, lease_owner, checkpoint, post_id, post_url, error, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, '', '', '', ?, ?)`,
				j.ID, ws, j.Group, j.ProjectID, j.ProjectTitle, j.Platform, j.AccountID, j.AccountName, j.Caption, j.Title, r.options, r.media, j.Preview, j.Part, j.Parts,
				j.State, j.ScheduledAt, j.RunAt, r.checkpnt, now, now)
			if isForeignKey(err) {
				return &carousel.Error{Code: carousel.EINVALID, Field: "account", Message: fmt.Sprintf("no connected account %q", j.AccountID), Err: err}
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// FindPostJobByID returns the job, or ENOTFOUND.
func (db *DB) FindPostJobByID(ctx context.Context, id string) (*carousel.PostJob, error) {
	j, err := scanJob(db.reader().queryRow(ctx, `SELECT `+jobCols+` FROM post_jobs WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)))
	if err != nil {
		return nil, db.plumbing("find post", notFound(err, "no scheduled post %q", id))
	}
	return j, nil
}

// FindPostJobs lists the workspace's jobs by ScheduledAt, newest first.
func (db *DB) FindPostJobs(ctx context.Context, f carousel.PostJobFilter) ([]*carousel.PostJob, error) {
	q := `SELECT ` + jobCols + ` FROM post_jobs WHERE workspace_id = ?`
	args := []any{carousel.WorkspaceFromContext(ctx)}
	if f.ProjectID != "" {
		q += ` AND project_id = ?`
		args = append(args, f.ProjectID)
	}
	if f.AccountID != "" {
		q += ` AND account_id = ?`
		args = append(args, f.AccountID)
	}
	if len(f.States) > 0 {
		q += ` AND state IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(f.States)), ", ") + `)`
		for _, s := range f.States {
			args = append(args, string(s))
		}
	}
	if !f.From.IsZero() {
		q += ` AND scheduled_at >= ?`
		args = append(args, utc(f.From))
	}
	if !f.To.IsZero() {
		q += ` AND scheduled_at < ?`
		args = append(args, utc(f.To))
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 200
	}
	q += ` ORDER BY scheduled_at DESC, id LIMIT ?`
	args = append(args, limit)
	return queryAll(ctx, db, "find posts", scanJob, q, args...)
}

// explainJob says why a job in the wrong state matched no row.
func explainJob(ctx context.Context, tx conn, id, verb string) error {
	var state string
	err := tx.queryRow(ctx, `SELECT state FROM post_jobs WHERE id = ? AND workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&state)
	if errors.Is(err, sql.ErrNoRows) {
		return carousel.Errorf(carousel.ENOTFOUND, "no scheduled post %q", id)
	}
	if err != nil {
		return err
	}
	what := map[string]string{
		string(carousel.PostScheduled): "is scheduled",
		string(carousel.PostRunning):   "is being published right now",
		string(carousel.PostPublished): "is already published",
		string(carousel.PostFailed):    "has failed",
		string(carousel.PostCancelled): "is cancelled",
		string(carousel.PostCheck):     "waits for you to check it on the platform",
	}[state]
	return carousel.Errorf(carousel.ECONFLICT, "cannot %s this post: it %s", verb, what)
}

// changeJob runs an update of one job in the states given and returns the
// job as it is after.
func (db *DB) changeJob(ctx context.Context, id, verb, set string, states []carousel.PostState, args ...any) (*carousel.PostJob, error) {
	var j *carousel.PostJob
	err := db.update(ctx, func(tx conn) error {
		q := `UPDATE post_jobs SET ` + set + ` WHERE id = ? AND workspace_id = ? AND state IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(states)), ", ") + `) RETURNING ` + jobCols
		all := append(args, id, carousel.WorkspaceFromContext(ctx))
		for _, s := range states {
			all = append(all, string(s))
		}
		var err error
		j, err = scanJob(tx.queryRow(ctx, q, all...))
		if errors.Is(err, sql.ErrNoRows) {
			return explainJob(ctx, tx, id, verb)
		}
		return err
	})
	return j, err
}

// CancelPostJob cancels a scheduled job.
func (db *DB) CancelPostJob(ctx context.Context, id string) (*carousel.PostJob, error) {
	now := db.now()
	return db.changeJob(ctx, id, "cancel", `state = ?, finished_at = ?, updated_at = ?`,
		[]carousel.PostState{carousel.PostScheduled}, carousel.PostCancelled, now, now)
}

// RetryPostJob schedules a failed, cancelled or check job again at at. A
// check job starts afresh (the person found no post); the others keep
// their checkpoint, so what was done is not done twice.
func (db *DB) RetryPostJob(ctx context.Context, id string, at time.Time) (*carousel.PostJob, error) {
	now := db.now()
	if at.IsZero() || at.Before(now) {
		at = now
	}
	return db.changeJob(ctx, id, "retry",
		`state = ?, run_at = ?, attempts = 0, error = '', finished_at = NULL, updated_at = ?, checkpoint = CASE WHEN state = ? THEN '{}' ELSE checkpoint END`,
		[]carousel.PostState{carousel.PostFailed, carousel.PostCancelled, carousel.PostCheck},
		carousel.PostScheduled, utc(at), now, string(carousel.PostCheck))
}

// MarkPostJobPublished records that a check job's post is live.
func (db *DB) MarkPostJobPublished(ctx context.Context, id, url string) (*carousel.PostJob, error) {
	url = strings.TrimSpace(url)
	if !strings.HasPrefix(url, "https://") && !strings.HasPrefix(url, "http://") {
		return nil, carousel.FieldError("url", "give the address of the live post (https://…)")
	}
	now := db.now()
	return db.changeJob(ctx, id, "mark as published", `state = ?, post_id = ?, post_url = ?, error = '', finished_at = ?, updated_at = ?`,
		[]carousel.PostState{carousel.PostCheck}, carousel.PostPublished, url, url, now, now)
}

// claimQuery leases jobs. FOR UPDATE SKIP LOCKED makes concurrent claims
// on PostgreSQL pass over each other's rows instead of taking them twice
// or waiting; SQLite has one writer at a time and needs no lock clause.
func (db *DB) claimQuery(where string) string {
	lock := ""
	if db.dialect == Postgres {
		lock = ` FOR UPDATE SKIP LOCKED`
	}
	return `UPDATE post_jobs SET state = ?, lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
		WHERE id IN (SELECT id FROM post_jobs WHERE ` + where + ` ORDER BY run_at, id LIMIT ?` + lock + `)
		RETURNING ` + jobCols
}

// ClaimPostJobs leases up to limit due jobs of any workspace to owner.
func (db *DB) ClaimPostJobs(ctx context.Context, owner string, limit int, lease time.Duration) ([]*carousel.PostJob, error) {
	if owner == "" || lease <= 0 {
		return nil, carousel.Errorf(carousel.EINVALID, "a claim needs an owner and a lease")
	}
	now := db.now()
	var jobs []*carousel.PostJob
	err := db.update(ctx, func(tx conn) error {
		rows, err := tx.query(ctx, db.claimQuery(`(state = ? AND run_at <= ?) OR (state = ? AND lease_until < ?)`),
			carousel.PostRunning, owner, now.Add(lease), now,
			carousel.PostScheduled, now, carousel.PostRunning, now, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			j, err := scanJob(rows)
			if err != nil {
				return err
			}
			jobs = append(jobs, j)
		}
		return rows.Err()
	})
	return jobs, err
}

// ClaimPostJob leases one job of the workspace by id, due or not.
func (db *DB) ClaimPostJob(ctx context.Context, id, owner string, lease time.Duration) (*carousel.PostJob, error) {
	now := db.now()
	var j *carousel.PostJob
	err := db.update(ctx, func(tx conn) error {
		var err error
		j, err = scanJob(tx.queryRow(ctx, db.claimQuery(`id = ? AND workspace_id = ? AND (state = ? OR (state = ? AND lease_until < ?))`),
			carousel.PostRunning, owner, now.Add(lease), now,
			id, carousel.WorkspaceFromContext(ctx), carousel.PostScheduled, carousel.PostRunning, now, 1))
		if errors.Is(err, sql.ErrNoRows) {
			return explainJob(ctx, tx, id, "publish")
		}
		return err
	})
	return j, err
}

// leased runs an update of a job that owner must hold the lease of.
func (db *DB) leased(ctx context.Context, id, owner, set string, args ...any) error {
	return db.update(ctx, func(tx conn) error {
		res, err := tx.exec(ctx, `UPDATE post_jobs SET `+set+` WHERE id = ? AND lease_owner = ? AND state = ?`,
			append(args, id, owner, carousel.PostRunning)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return carousel.Errorf(carousel.ECONFLICT, "lost the lease on post %s: another instance has taken it over", id)
		}
		return nil
	})
}

// RenewPostJobLease extends owner's lease.
func (db *DB) RenewPostJobLease(ctx context.Context, id, owner string, lease time.Duration) error {
	now := db.now()
	return db.leased(ctx, id, owner, `lease_until = ?, updated_at = ?`, now.Add(lease), now)
}

// SavePostJobCheckpoint stores the job's checkpoint if owner holds its lease.
func (db *DB) SavePostJobCheckpoint(ctx context.Context, id, owner string, checkpoint map[string]string) error {
	doc, err := encodeJSON(checkpoint)
	if err != nil {
		return err
	}
	return db.leased(ctx, id, owner, `checkpoint = ?, updated_at = ?`, doc, db.now())
}

// FinishPostJob ends owner's attempt with o.
func (db *DB) FinishPostJob(ctx context.Context, id, owner string, o carousel.PostOutcome) error {
	now := db.now()
	switch o.State {
	case carousel.PostPublished:
		if o.PostID == "" {
			return carousel.Errorf(carousel.EINVALID, "post %s cannot be marked published without the platform's id of it", id)
		}
		return db.leased(ctx, id, owner, `state = ?, post_id = ?, post_url = ?, error = '', lease_owner = '', lease_until = NULL, finished_at = ?, updated_at = ?`,
			o.State, o.PostID, o.PostURL, now, now)
	case carousel.PostFailed, carousel.PostCheck:
		return db.leased(ctx, id, owner, `state = ?, error = ?, lease_owner = '', lease_until = NULL, finished_at = ?, updated_at = ?`,
			o.State, o.Error, now, now)
	case carousel.PostScheduled:
		at := o.RunAt
		if at.IsZero() {
			at = now
		}
		attempts := `attempts`
		if o.ResetAttempts {
			attempts = `0`
		}
		return db.leased(ctx, id, owner, `state = ?, run_at = ?, error = ?, attempts = `+attempts+`, lease_owner = '', lease_until = NULL, updated_at = ?`,
			o.State, utc(at), o.Error, now)
	}
	return carousel.Errorf(carousel.EINVALID, "a post attempt cannot end as %q", o.State)
}

// NextPostJobTime returns the earliest time a job falls due.
func (db *DB) NextPostJobTime(ctx context.Context) (time.Time, bool, error) {
	var next time.Time
	found := false
	for _, q := range []string{
		`SELECT run_at FROM post_jobs WHERE state = ? ORDER BY run_at LIMIT 1`,
		`SELECT lease_until FROM post_jobs WHERE state = ? AND lease_until IS NOT NULL ORDER BY lease_until LIMIT 1`,
	} {
		state := carousel.PostScheduled
		if strings.Contains(q, "lease_until") {
			state = carousel.PostRunning
		}
		var t time.Time
		err := db.reader().queryRow(ctx, q, state).Scan(&t)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, false, db.plumbing("find the next post", err)
		}
		if !found || t.Before(next) {
			next, found = t.UTC(), true
		}
	}
	return next, found, nil
}
