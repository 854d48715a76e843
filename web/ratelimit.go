// SPDX-License-Identifier: MIT

package web

import (
	"fmt"
	"math"
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

// signInLimits hold the per-account and per-address counts. They live in
// the process: with several instances, each counts its own.
type signInLimits struct {
	account, address failures
}

func newSignInLimits() *signInLimits {
	return &signInLimits{
		account: failures{max: maxFailsAccount, hits: map[string][]time.Time{}},
		address: failures{max: maxFailsAddress, hits: map[string][]time.Time{}},
	}
}

// check returns ERATELIMIT, with the wait, when the account or the address
// has failed too often.
func (l *signInLimits) check(email, address string, now time.Time) (time.Duration, error) {
	if wait := l.account.blocked(email, now); wait > 0 {
		return wait, carousel.Errorf(carousel.ERATELIMIT, "too many failed sign-ins for this account: try again in %s", minutes(wait))
	}
	if wait := l.address.blocked(address, now); wait > 0 {
		return wait, carousel.Errorf(carousel.ERATELIMIT, "too many failed sign-ins from your network address: try again in %s", minutes(wait))
	}
	return 0, nil
}

func (l *signInLimits) fail(email, address string, now time.Time) {
	l.account.fail(email, now)
	l.address.fail(address, now)
}

// succeed forgets the account's failures: its owner knows the password.
func (l *signInLimits) succeed(email string) { l.account.reset(email) }

func minutes(d time.Duration) string {
	m := int(math.Ceil(d.Minutes()))
	if m <= 1 {
		return "a minute"
	}
	return fmt.Sprintf("%d minutes", m)
}
