// SPDX-License-Identifier: MIT

package web

import (
	"context"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/carouselstudio/carousel"
)

// Sign-in limits: failed attempts within signInWindow, per account and
// per network address. An address gets more, since an office shares one.
const (
	signInWindow     = 15 * time.Minute
	maxFailsAccount  = 5
	maxFailsAddress  = 20
	maxTrackedFailer = 100_000 // keys kept at most, so a flood cannot fill memory
)

// failures counts recent failures per key in a sliding window.
type failures struct {
	max  int
	mu   sync.Mutex
	hits map[string][]time.Time
}

// blocked reports how long key must wait before trying again, or 0.
func (f *failures) blocked(key string, now time.Time) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	recent := f.prune(key, now)
	if len(recent) < f.max {
		return 0
	}
	return recent[len(recent)-f.max].Add(signInWindow).Sub(now)
}

func (f *failures) fail(key string, now time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.hits) >= maxTrackedFailer {
		for k := range f.hits {
			if len(f.prune(k, now)) == 0 {
				delete(f.hits, k)
			}
		}
		if len(f.hits) >= maxTrackedFailer {
			f.hits = map[string][]time.Time{}
		}
	}
	f.hits[key] = append(f.prune(key, now), now)
}

func (f *failures) reset(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.hits, key)
}

// prune drops key's failures older than the window; f.mu is held.
func (f *failures) prune(key string, now time.Time) []time.Time {
	list := f.hits[key]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= signInWindow {
		i++
	}
	if i == len(list) {
		delete(f.hits, key)
		return nil
	}
	list = list[i:]
	f.hits[key] = list
	return list
}

// signInLimits hold the per-account and per-address counts: in the
// database when the server has one for them (every instance then counts
// the same failures), else in the process.
type signInLimits struct {
	account, address failures
	shared           carousel.SignInFailures
}

func newSignInLimits(shared carousel.SignInFailures) *signInLimits {
	return &signInLimits{
		account: failures{max: maxFailsAccount, hits: map[string][]time.Time{}},
		address: failures{max: maxFailsAddress, hits: map[string][]time.Time{}},
		shared:  shared,
	}
}

// accountKey is the key of an account's count: the email as the store
// matches it, so that "Ada@…" and "ada@…" are one account.
func accountKey(email string) string { return "account:" + strings.ToLower(strings.TrimSpace(email)) }

func addressKey(address string) string { return "address:" + address }

// check returns ERATELIMIT, with the wait, when the account or the address
// has failed too often.
func (l *signInLimits) check(ctx context.Context, email, address string, now time.Time) (time.Duration, error) {
	for _, c := range []struct {
		local     *failures
		key, what string
	}{
		{&l.account, accountKey(email), "for this account"},
		{&l.address, addressKey(address), "from your network address"},
	} {
		wait, err := l.blocked(ctx, c.local, c.key, now)
		if err != nil {
			return 0, err
		}
		if wait > 0 {
			return wait, carousel.Errorf(carousel.ERATELIMIT, "too many failed sign-ins %s: try again in %s", c.what, minutes(wait))
		}
	}
	return 0, nil
}

func (l *signInLimits) blocked(ctx context.Context, local *failures, key string, now time.Time) (time.Duration, error) {
	if l.shared == nil {
		return local.blocked(key, now), nil
	}
	recent, err := l.shared.RecentSignInFailures(ctx, key, now.Add(-signInWindow))
	if err != nil || len(recent) < local.max {
		return 0, err
	}
	return recent[len(recent)-local.max].Add(signInWindow).Sub(now), nil
}

func (l *signInLimits) fail(ctx context.Context, email, address string, now time.Time) error {
	if l.shared != nil {
		return l.shared.RecordSignInFailure(ctx, []string{accountKey(email), addressKey(address)}, now, now.Add(-signInWindow))
	}
	l.account.fail(accountKey(email), now)
	l.address.fail(addressKey(address), now)
	return nil
}

// succeed forgets the account's failures: its owner knows the password.
func (l *signInLimits) succeed(ctx context.Context, email string) error {
	if l.shared != nil {
		return l.shared.ClearSignInFailures(ctx, accountKey(email))
	}
	l.account.reset(accountKey(email))
	return nil
}

func minutes(d time.Duration) string {
	m := int(math.Ceil(d.Minutes()))
	if m <= 1 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", m)
}
