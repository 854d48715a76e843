// SPDX-License-Identifier: MIT

package publish

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/carouselstudio/carousel"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// Run publishes due jobs until ctx is done: it claims them (several
// instances on one database never get the same job), runs up to
// cfg.Workers at once, and sleeps until the next one falls due, a Wake,
// or cfg.ScanInterval. It also renews tokens before they expire. Jobs in
// progress when ctx ends are handed back to be resumed at once by the
// next instance to look.
func (p *Publisher) Run(ctx context.Context) error {
	sem := make(chan struct{}, p.cfg.Workers)
	finished := make(chan struct{}, p.cfg.Workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	nextSweep := time.Time{}
	for {
		if ctx.Err() != nil {
			return nil
		}
		if now := p.cfg.Now(); !now.Before(nextSweep) {
			p.refreshSweep(ctx)
			nextSweep = now.Add(time.Hour)
		}
		claimed := 0
		if free := cap(sem) - len(sem); free > 0 {
			jobs, err := p.jobs.ClaimPostJobs(ctx, p.owner, free, p.cfg.Lease)
			if err != nil && ctx.Err() == nil {
				p.log.Warn("claim posts", "err", err)
			}
			for _, j := range jobs {
				sem <- struct{}{}
				wg.Add(1)
				go func() {
					defer func() { <-sem; wg.Done(); finished <- struct{}{} }()
					p.runJob(ctx, j)
				}()
			}
			claimed = len(jobs)
			if claimed == free {
				continue // there may be more
			}
		}
		wait := p.cfg.ScanInterval
		if next, ok, err := p.jobs.NextPostJobTime(ctx); err == nil && ok {
			if d := next.Sub(p.cfg.Now()) + 5*time.Millisecond; d < wait {
				wait = max(d, 20*time.Millisecond)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-p.wake:
		case <-finished:
		case <-t.C:
		}
		t.Stop()
	}
}

// RunJob publishes one job now, due or not, as `carousel publish` does,
// and returns it as it ends: published, failed, waiting for the person,
// or scheduled again after a transient failure. A job another instance
// is running gives ECONFLICT.
func (p *Publisher) RunJob(ctx context.Context, id string) (*carousel.PostJob, error) {
	j, err := p.jobs.ClaimPostJob(ctx, id, p.owner, p.cfg.Lease)
	if err != nil {
		return nil, err
	}
	p.runJob(ctx, j)
	return p.jobs.FindPostJobByID(context.WithoutCancel(ctx), id)
}

// runJob makes one attempt at a leased job and records how it ended.
func (p *Publisher) runJob(ctx context.Context, j *carousel.PostJob) {
	// The job runs in its workspace: its account and credential are there.
	ctx = carousel.NewContextWithWorkspace(ctx, j.Workspace)
	jctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var lost bool
	var mu sync.Mutex
	stop := make(chan struct{})
	go func() {
		tick := time.NewTicker(p.cfg.Lease / 3)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				err := p.jobs.RenewPostJobLease(jctx, j.ID, p.owner, p.cfg.Lease)
				if carousel.ErrorCode(err) == carousel.ECONFLICT {
					mu.Lock()
					lost = true
					mu.Unlock()
					p.log.Warn("lost the lease on a post; another instance has it", "job", j.ID)
					cancel()
					return
				}
			}
		}
	}()
	log := p.log.With("job", j.ID, "platform", j.Platform, "attempt", j.Attempts)
	log.Info("publishing")
	o := p.attempt(jctx, j, log)
	close(stop)
	mu.Lock()
	gone := lost
	mu.Unlock()
	if gone {
		return
	}
	if jctx.Err() != nil && o.State == "" {
		// Stopped from outside (the server is shutting down): hand the job
		// back to be resumed from its checkpoint without delay.
		o = carousel.PostOutcome{State: carousel.PostScheduled, RunAt: p.cfg.Now(), Error: "interrupted: the server stopped; resuming"}
		log.Info("handing the post back: the server is stopping")
	}
	if err := detached(ctx, func(c context.Context) error { return p.jobs.FinishPostJob(c, j.ID, p.owner, o) }); err != nil {
		log.Error("record the outcome of a post", "state", o.State, "err", err)
		return
	}
	switch o.State {
	case carousel.PostPublished:
		log.Info("published", "post", o.PostID, "url", o.PostURL)
	case carousel.PostScheduled:
		log.Info("will try again", "at", o.RunAt.Format(time.RFC3339), "reason", o.Error)
	default:
		log.Warn("post ended", "state", o.State, "reason", o.Error)
	}
}

// attempt publishes j and says how it ended; an empty State means it was
// stopped from outside.
func (p *Publisher) attempt(ctx context.Context, j *carousel.PostJob, log interface {
	Info(string, ...any)
	Warn(string, ...any)
}) carousel.PostOutcome {
	if j.Checkpoint == nil {
		j.Checkpoint = map[string]string{}
	}
	if id := j.Checkpoint[cpPostID]; id != "" {
		// The post was made and recorded; only marking it done was lost.
		return carousel.PostOutcome{State: carousel.PostPublished, PostID: id, PostURL: j.Checkpoint[cpPostURL]}
	}
	fail := func(format string, args ...any) carousel.PostOutcome {
		return carousel.PostOutcome{State: carousel.PostFailed, Error: fmt.Sprintf(format, args...)}
	}
	if j.Attempts > p.cfg.MaxAttempts {
		return fail("gave up after %d attempts; the last said: %s", p.cfg.MaxAttempts, j.Error)
	}
	if j.AccountID == "" {
		return fail("the account was removed")
	}
	account, err := p.accounts.FindSocialAccountByID(ctx, j.AccountID)
	if err != nil {
		return p.outcome(ctx, j, err)
	}
	cred, err := p.accounts.FindCredentialByID(ctx, account.CredentialID)
	if err != nil {
		return p.outcome(ctx, j, err)
	}
	if cred.Status == carousel.CredentialReconnect {
		return fail("%s: %s — connect the account again (Publish → Accounts), then retry", account.Name, cred.StatusMessage)
	}
	client := p.platforms[j.Platform]
	refreshed := false
	if client.refreshDue(cred, p.cfg.Now()) || tokenExpired(cred, p.cfg.Now()) {
		if c, err := p.refresh(ctx, client, cred); err == nil {
			cred, refreshed = c, true
		} else if tokenExpired(cred, p.cfg.Now()) {
			return p.reconnect(ctx, cred, account, err)
		}
	}
	r := &run{p: p, job: j, account: account, token: cred.Token.Access, owner: p.owner, cp: j.Checkpoint, log: p.log}
	err = client.publish(ctx, r)
	var ae *apiError
	if errors.As(err, &ae) && ae.Kind == kindAuth && !refreshed && cred.Token.CanRefresh() {
		// Expired early or revoked: a fresh token may still do.
		if c, rerr := p.refresh(ctx, client, cred); rerr == nil {
			log.Info("token refreshed after the platform refused it")
			cred, r.token = c, c.Token.Access
			err = client.publish(ctx, r)
		}
	}
	if errors.As(err, &ae) && ae.Kind == kindAuth {
		return p.reconnect(ctx, cred, account, err)
	}
	if err == nil {
		if id := r.cp[cpPostID]; id != "" {
			return carousel.PostOutcome{State: carousel.PostPublished, PostID: id, PostURL: r.cp[cpPostURL]}
		}
		return fail("%s answered without the post's id", platformLabel(j.Platform))
	}
	return p.outcome(ctx, j, err)
}

func tokenExpired(c *carousel.Credential, now time.Time) bool {
	return !c.Token.Expires.IsZero() && !c.Token.Expires.After(now)
}

// outcome turns an attempt's error into how the job continues.
func (p *Publisher) outcome(ctx context.Context, j *carousel.PostJob, err error) carousel.PostOutcome {
	if ctx.Err() != nil {
		return carousel.PostOutcome{} // stopped from outside
	}
	var check *errCheck
	var later *errLater
	var ae *apiError
	isAPI := errors.As(err, &ae)
	switch {
	case errors.As(err, &check):
		return carousel.PostOutcome{State: carousel.PostCheck, Error: check.msg}
	case errors.As(err, &later):
		return carousel.PostOutcome{State: carousel.PostScheduled, RunAt: p.cfg.Now().Add(later.after), Error: later.msg, ResetAttempts: true}
	case carousel.ErrorCode(err) == carousel.ENOTFOUND && !isAPI:
		return carousel.PostOutcome{State: carousel.PostFailed, Error: carousel.ErrorMessage(err)}
	case isTransient(err) || carousel.ErrorCode(err) == carousel.EUNAVAILABLE:
		if j.Attempts >= p.cfg.MaxAttempts {
			return carousel.PostOutcome{State: carousel.PostFailed, Error: fmt.Sprintf("gave up after %d attempts; the last said: %v", j.Attempts, err)}
		}
		var wait time.Duration
		if isAPI {
			wait = ae.RetryAfter
		}
		at := p.cfg.Now().Add(max(backoff(p.cfg.RetryBase, j.Attempts), wait))
		return carousel.PostOutcome{State: carousel.PostScheduled, RunAt: at, Error: fmt.Sprintf("attempt %d failed: %v; trying again at %s UTC", j.Attempts, err, at.UTC().Format("15:04:05"))}
	}
	var ce *carousel.Error
	if errors.As(err, &ce) && !isAPI {
		return carousel.PostOutcome{State: carousel.PostFailed, Error: ce.Error()}
	}
	return carousel.PostOutcome{State: carousel.PostFailed, Error: err.Error()}
}

// backoff is base doubled for each earlier attempt, up to an hour, with
// a tenth of jitter so that instances do not retry in step.
func backoff(base time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	d = min(d, time.Hour)
	return d + time.Duration(rand.Int64N(int64(d)/10+1))
}

// reconnect marks the credential as needing the person and fails the job.
func (p *Publisher) reconnect(ctx context.Context, cred *carousel.Credential, account *carousel.SocialAccount, cause error) carousel.PostOutcome {
	msg := p.markReconnect(ctx, cred, cause)
	return carousel.PostOutcome{State: carousel.PostFailed, Error: fmt.Sprintf("%s — connect %s again (Publish → Accounts), then retry", msg, account.Name)}
}

// markReconnect records that the platform refused the credential's token
// for cause, so its accounts show Reconnect, and returns the reason given.
func (p *Publisher) markReconnect(ctx context.Context, cred *carousel.Credential, cause error) string {
	msg := cause.Error()
	if errors.Is(cause, errNotRefreshable) {
		msg = fmt.Sprintf("the %s token expired on %s", platformLabel(cred.Platform), cred.Token.Expires.UTC().Format("2 Jan 2006"))
	}
	if err := detached(ctx, func(c context.Context) error {
		return p.accounts.SetCredentialStatus(c, cred.ID, carousel.CredentialReconnect, msg)
	}); err != nil {
		p.log.Warn("mark an account for reconnecting", "err", err)
	}
	return msg
}

// refresh renews a credential's token and stores it. When another
// instance renewed it first, its token is used.
func (p *Publisher) refresh(ctx context.Context, client platform, cred *carousel.Credential) (*carousel.Credential, error) {
	tok, err := client.refresh(ctx, cred)
	if err != nil {
		return nil, err
	}
	c := *cred
	c.Token = tok
	err = p.accounts.UpdateCredentialToken(ctx, &c)
	if carousel.ErrorCode(err) == carousel.ECONFLICT {
		return p.accounts.FindCredentialByID(ctx, cred.ID)
	}
	if err != nil {
		return nil, err
	}
	p.log.Info("token refreshed", "platform", cred.Platform, "expires", tok.Expires.Format(time.RFC3339))
	return &c, nil
}

// refreshSweep renews tokens that are about to expire, so that accounts
// that post rarely stay connected, and marks expired ones for reconnecting.
func (p *Publisher) refreshSweep(ctx context.Context) {
	creds, err := p.accounts.FindCredentials(ctx)
	if err != nil {
		if ctx.Err() == nil {
			p.log.Warn("list credentials to refresh", "err", err)
		}
		return
	}
	now := p.cfg.Now()
	for _, c := range creds {
		ctx := carousel.NewContextWithWorkspace(ctx, c.Workspace)
		client := p.platforms[c.Platform]
		if client == nil || c.Status != carousel.CredentialConnected {
			continue
		}
		if client.refreshDue(c, now) {
			if _, err := p.refresh(ctx, client, c); err != nil {
				var ae *apiError
				if errors.As(err, &ae) && ae.Kind == kindAuth {
					p.accounts.SetCredentialStatus(ctx, c.ID, carousel.CredentialReconnect, err.Error())
				}
				p.log.Warn("refresh a token", "platform", c.Platform, "err", err)
			}
			continue
		}
		if tokenExpired(c, now) && !c.Token.CanRefresh() {
			msg := fmt.Sprintf("the %s token expired on %s", platformLabel(c.Platform), c.Token.Expires.UTC().Format("2 Jan 2006"))
			p.accounts.SetCredentialStatus(ctx, c.ID, carousel.CredentialReconnect, msg)
		}
	}
}
