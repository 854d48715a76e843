// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// Platforms a post address may name, besides X.
const (
	platformBluesky  = "bluesky"
	platformMastodon = "mastodon"
	platformThreads  = "threads"
)

// postRef is a post address on Bluesky, a Mastodon-compatible server or
// Threads.
type postRef struct {
	platform string
	// Bluesky: the handle or DID, and the record key.
	actor, rkey string
	// Mastodon: the instance's origin ("https://mastodon.social") and the
	// status id in its API.
	origin, statusID string
	// Threads: the username (when the address names it) and the shortcode.
	user, shortcode string
}

var (
	rkeyRE      = regexp.MustCompile(`^[A-Za-z0-9._:~-]{1,512}$`)
	didRE       = regexp.MustCompile(`^did:[a-z]+:[A-Za-z0-9._:%-]{1,1000}$`)
	handleRE    = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)
	statusIDRE  = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
	numericRE   = regexp.MustCompile(`^[0-9]{1,24}$`)
	shortcodeRE = regexp.MustCompile(`^[A-Za-z0-9_-]{5,64}$`)
)

// blueskyHosts serve bsky.app's post pages.
var blueskyHosts = map[string]bool{"bsky.app": true, "staging.bsky.app": true}

// threadsHosts serve Threads' post pages.
var threadsHosts = map[string]bool{"threads.net": true, "threads.com": true}

// IsPostURL reports whether s names a post the importer can fetch: on X
// (or a bare post id), on Bluesky, on a Mastodon-compatible server, or on
// Threads.
func IsPostURL(s string) bool {
	if _, ok := ParsePostURL(s); ok {
		return true
	}
	_, ok := parsePostRef(s)
	return ok
}

// parsePostRef reads a Bluesky, Mastodon or Threads post address:
//
//	https://bsky.app/profile/{handle or did}/post/{rkey}, at://{did}/app.bsky.feed.post/{rkey}
//	https://{instance}/@{user}/{id}, /@{user}/statuses/{id}, /users/{user}/statuses/{id}, /notice/{id}
//	https://www.threads.net/@{user}/post/{shortcode}, /t/{shortcode} (threads.com too)
func parsePostRef(s string) (postRef, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t\n") {
		return postRef{}, false
	}
	if rest, ok := strings.CutPrefix(s, "at://"); ok {
		parts := strings.Split(rest, "/")
		if len(parts) == 3 && parts[1] == "app.bsky.feed.post" && validActor(parts[0]) && rkeyRE.MatchString(parts[2]) {
			return postRef{platform: platformBluesky, actor: parts[0], rkey: parts[2]}, true
		}
		return postRef{}, false
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return postRef{}, false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if postHosts[host] {
		return postRef{}, false // X: ParsePostURL's
	}
	parts := strings.Split(strings.Trim(u.EscapedPath(), "/"), "/")
	for i, p := range parts {
		if un, err := url.PathUnescape(p); err == nil {
			parts[i] = un
		}
	}
	switch {
	case blueskyHosts[host]:
		// /profile/{actor}/post/{rkey}
		if len(parts) >= 4 && parts[0] == "profile" && parts[2] == "post" && validActor(parts[1]) && rkeyRE.MatchString(parts[3]) {
			return postRef{platform: platformBluesky, actor: parts[1], rkey: parts[3]}, true
		}
		return postRef{}, false
	case threadsHosts[host]:
		switch {
		case len(parts) >= 3 && strings.HasPrefix(parts[0], "@") && parts[1] == "post" && shortcodeRE.MatchString(parts[2]):
			return postRef{platform: platformThreads, user: parts[0][1:], shortcode: parts[2]}, true
		case len(parts) >= 2 && parts[0] == "t" && shortcodeRE.MatchString(parts[1]):
			return postRef{platform: platformThreads, shortcode: parts[1]}, true
		}
		return postRef{}, false
	}
	origin := u.Scheme + "://" + strings.ToLower(u.Host)
	ref := postRef{platform: platformMastodon, origin: origin}
	switch {
	case len(parts) == 2 && len(parts[0]) > 1 && parts[0][0] == '@' && numericRE.MatchString(parts[1]):
		ref.statusID = parts[1] // Mastodon: /@user/123 (and /@user@elsewhere/123)
	case len(parts) == 3 && len(parts[0]) > 1 && parts[0][0] == '@' && parts[1] == "statuses" && statusIDRE.MatchString(parts[2]):
		ref.statusID = parts[2] // GoToSocial: /@user/statuses/01H…
	case len(parts) == 4 && parts[0] == "users" && parts[1] != "" && parts[2] == "statuses" && statusIDRE.MatchString(parts[3]):
		ref.statusID = parts[3] // the ActivityPub address of Mastodon and GoToSocial
	case len(parts) == 2 && parts[0] == "notice" && statusIDRE.MatchString(parts[1]):
		ref.statusID = parts[1] // Pleroma and Akkoma
	default:
		return postRef{}, false
	}
	return ref, true
}

func validActor(s string) bool {
	return didRE.MatchString(s) || (len(s) <= 253 && handleRE.MatchString(s))
}

// importRef imports the thread at a Bluesky, Mastodon or Threads address.
func (im *Importer) importRef(ctx context.Context, ref postRef) (*carousel.Thread, []carousel.Warning, error) {
	switch ref.platform {
	case platformBluesky:
		return im.blueskyThread(ctx, ref)
	case platformMastodon:
		return im.mastodonThread(ctx, ref)
	case platformThreads:
		return im.threadsThread(ctx, ref)
	}
	return nil, nil, fmt.Errorf("importer: unknown platform %q", ref.platform)
}

// notPostAddress is the error for an http(s) address the importer cannot read.
func notPostAddress(src string) error {
	return carousel.FieldError("source", "%q is not the address of a post: use a link to a post on X (https://x.com/user/status/…), Bluesky (https://bsky.app/profile/…/post/…), Mastodon (https://instance/@user/…) or Threads (https://www.threads.net/@user/post/…).", truncateRunes(src, 80))
}

// linkCard is a link preview (a Bluesky external embed, a Mastodon card)
// shown as a quoted card: the site, then the title and description.
func linkCard(uri, title, description string) *rawPost {
	link := safeLink(uri)
	if link == "" {
		return nil
	}
	site := hostOf(link)
	site = strings.TrimPrefix(site, "www.")
	var blocks []carousel.Block
	if t := strings.TrimSpace(title); t != "" {
		blocks = append(blocks, carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: truncateRunes(t, 200), Bold: true}}})
	}
	if d := strings.TrimSpace(description); d != "" {
		blocks = append(blocks, carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: truncateRunes(d, 300)}}})
	}
	blocks = append(blocks, carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: displayURL(link), Link: link, Entity: carousel.EntityURL}}})
	return &rawPost{Platform: "link", ID: "link", AuthorID: "link:" + site, Author: carousel.Author{Name: site}, URL: link, Blocks: blocks}
}

// safeLink returns u when it is an absolute http(s) URL, else "".
func safeLink(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return ""
	}
	return p.String()
}

// displayURL is a URL as a post shows it: no scheme, no "www.", cut after
// 40 characters.
func displayURL(u string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	s = strings.TrimPrefix(s, "www.")
	s = strings.TrimSuffix(s, "/")
	return truncateRunes(s, 40)
}

// tidTime is the time in a Bluesky record key made as a TID: 13
// base32-sortable characters holding microseconds since 1970, then a
// 10-bit clock id. Other keys give the zero time.
func tidTime(rkey string) time.Time {
	const alphabet = "234567abcdefghijklmnopqrstuvwxyz"
	if len(rkey) != 13 || strings.IndexByte("234567abcdefghij", rkey[0]) < 0 {
		return time.Time{}
	}
	var v uint64
	for i := 0; i < len(rkey); i++ {
		d := strings.IndexByte(alphabet, rkey[i])
		if d < 0 {
			return time.Time{}
		}
		v = v<<5 | uint64(d)
	}
	return plausibleTime(time.UnixMicro(int64(v >> 10)))
}

// mastoIDTime is the time in a Mastodon status id: milliseconds since 1970
// above 16 bits of sequence. Ids of other servers give the zero time.
func mastoIDTime(id string) time.Time {
	if !numericRE.MatchString(id) || len(id) < 15 {
		return time.Time{}
	}
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return plausibleTime(time.UnixMilli(int64(n >> 16)))
}

// plausibleTime keeps times from the fediverse's start to a day ahead.
func plausibleTime(t time.Time) time.Time {
	if t.Before(time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC)) || t.After(time.Now().Add(24*time.Hour)) {
		return time.Time{}
	}
	return t.UTC()
}
