// SPDX-License-Identifier: MIT

package web

import (
	"context"
	"fmt"
	"math"
	"slices"
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
	maxTrackedFailer = 100_000 // keys kept in memory at most, so a flood cannot fill it
)

// signInLimits count failed sign-ins per account and per address in a log:
// the database's when the server has one for them (every instance then
// counts the same failures), else one in the process.
type signInLimits struct {
	log carousel.SignInFailures
}

func newSignInLimits(shared carousel.SignInFailures) *signInLimits {
	if shared == nil {
		shared = &memoryFailures{hits: map[string][]time.Time{}}
	}
	return &signInLimits{log: shared}
}

// accountKey is the key of an account's count: the email as the store
// matches it, so that "Ada@…" and "ada@…" are one account.
func accountKey(email string) string { return "account:" + strings.ToLower(strings.TrimSpace(email)) }

func addressKey(address string) string { return "address:" + address }

// check returns ERATELIMIT, with the wait, when the account or the address
// has failed too often.
func (l *signInLimits) check(ctx context.Context, email, address string, now time.Time) (time.Duration, error) {
	for _, c := range []struct {
		key, what string
		max       int
	}{
		{accountKey(email), "for this account", maxFailsAccount},
		{addressKey(address), "from your network address", maxFailsAddress},
	} {
		recent, err := l.log.RecentSignInFailures(ctx, c.key, now.Add(-signInWindow))
		if err != nil {
			return 0, err
		}
		if len(recent) >= c.max {
			// Free again once the oldest of the last max leaves the window.
			wait := recent[len(recent)-c.max].Add(signInWindow).Sub(now)
			return wait, carousel.Errorf(carousel.ERATELIMIT, "too many failed sign-ins %s: try again in %s", c.what, minutes(wait))
		}
	}
	return 0, nil
}

func (l *signInLimits) fail(ctx context.Context, email, address string, now time.Time) error {
	return l.log.RecordSignInFailure(ctx, []string{accountKey(email), addressKey(address)}, now, now.Add(-signInWindow))
}

// succeed forgets the account's failures: its owner knows the password.
func (l *signInLimits) succeed(ctx context.Context, email string) error {
	return l.log.ClearSignInFailures(ctx, accountKey(email))
}

func minutes(d time.Duration) string {
	m := int(math.Ceil(d.Minutes()))
	if m <= 1 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

// memoryFailures is a sign-in failure log in the process, for a server
// without a database for it: each process counts its own.
var _ carousel.SignInFailures = (*memoryFailures)(nil)

type memoryFailures struct {
	mu   sync.Mutex
	hits map[string][]time.Time // oldest first
}

func (m *memoryFailures) RecordSignInFailure(_ context.Context, keys []string, t, forget time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.hits) >= maxTrackedFailer {
		for k := range m.hits {
			m.prune(k, forget)
		}
		if len(m.hits) >= maxTrackedFailer {
			clear(m.hits)
		}
	}
	for _, k := range keys {
		m.prune(k, forget)
		m.hits[k] = append(m.hits[k], t)
	}
	return nil
}

func (m *memoryFailures) RecentSignInFailures(_ context.Context, key string, since time.Time) ([]time.Time, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.prune(key, since)
	return slices.Clone(m.hits[key]), nil
}

func (m *memoryFailures) ClearSignInFailures(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.hits, key)
	return nil
}

// prune drops key's failures from before since; m.mu is held.
func (m *memoryFailures) prune(key string, since time.Time) {
	list := m.hits[key]
	i := 0
	for i < len(list) && list[i].Before(since) {
		i++
	}
	if i == len(list) {
		delete(m.hits, key)
		return
	}
	m.hits[key] = list[i:]
}
