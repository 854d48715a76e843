// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// rawPost is a post as any source gives it, before assembly (the canonical
// post of x-sources.md §7).
type rawPost struct {
	ID          string
	AuthorID    string
	Author      carousel.Author
	Created     time.Time
	Rich        richText
	Media       []carousel.Media
	Quote       *rawPost
	QuoteID     string
	ReplyTo     string // the parent post's id
	ReplyToUser string // the parent post's author id, when known
	Truncated   bool   // the source cut a long post
	Placeholder string // why the post could not be fetched
	Lang        string // the language the source gives, as it gives it

	// Platform is where the post is from, "" for X; URL is its address
	// there. X addresses are built from the handle and the id.
	Platform string
	URL      string
	// Blocks is the text already as blocks, for sources whose text is not
	// X's (Bluesky facets, Mastodon HTML); Rich is then unused.
	Blocks []carousel.Block
}

// postURL is a post's canonical address.
func postURL(handle, id string) string {
	if handle == "" {
		handle = "i/web"
	}
	return "https://x.com/" + handle + "/status/" + id
}

// toPost converts a raw post. owner is the thread's author: a post by
// someone else (a quote) carries its own Author.
func (rp *rawPost) toPost(owner string) carousel.Post {
	p := carousel.Post{ID: rp.ID, URL: rp.URL, Placeholder: rp.Placeholder, Lang: postLang(rp.Lang)}
	if p.URL == "" && rp.Platform == "" {
		p.URL = postURL(rp.Author.Handle, rp.ID)
	}
	if !rp.Created.IsZero() {
		p.Created = rp.Created.UTC().Format(time.RFC3339)
	}
	if rp.AuthorID != owner && (rp.Author.Handle != "" || rp.Author.Name != "") {
		a := rp.Author
		p.Author = &a
	}
	if rp.Placeholder != "" {
		return p
	}
	if rp.Quote == nil {
		rp.Rich.QuoteID = rp.QuoteID
	} else {
		rp.Rich.QuoteID = rp.Quote.ID
	}
	if rp.Blocks != nil {
		p.Blocks, p.Truncated = rp.Blocks, rp.Truncated
	} else {
		var showMore bool
		p.Blocks, showMore = rp.Rich.blocks()
		p.Truncated = rp.Truncated || showMore
	}
	p.Media = rp.Media
	if rp.Quote != nil {
		q := rp.Quote.toPost(owner)
		q.Quote = nil // one level of quotes is shown
		p.Quote = &q
	}
	return p
}

// snowflakeTime is the creation time encoded in a post id.
func snowflakeTime(id string) time.Time {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil || n < 1<<22 {
		return time.Time{}
	}
	return time.UnixMilli(int64(n>>22) + 1288834974657).UTC()
}

// earlier orders two posts by creation time, then by id: ids are not
// always in time order (Bluesky record keys may be chosen by the client).
func earlier(a, b *rawPost) bool {
	if !a.Created.IsZero() && !b.Created.IsZero() && !a.Created.Equal(b.Created) {
		return a.Created.Before(b.Created)
	}
	return idLess(a.ID, b.ID)
}

// idLess orders post ids numerically, which is also by time.
func idLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// pool is the posts a source returned, by id.
type pool struct {
	// scoped: the pool is one conversation (an X API search), so a gap left
	// by a deleted post can be bridged to the author's nearest post.
	scoped   bool
	posts    map[string]*rawPost
	children map[string][]string // parent id → reply ids, built by link
}

func newPool() *pool {
	return &pool{posts: map[string]*rawPost{}}
}

func (pl *pool) add(rp *rawPost) {
	if rp == nil || rp.ID == "" {
		return
	}
	if old, ok := pl.posts[rp.ID]; ok && old.Placeholder == "" && rp.Placeholder != "" {
		return // keep the real post over a tombstone
	}
	pl.posts[rp.ID] = rp
}

// fetchFunc gets one post for walking up a reply chain.
type fetchFunc func(ctx context.Context, id string) (*rawPost, error)

// chain assembles the author's self-thread through focal: walk up the
// replied-to links while the parent is the author's, then down through the
// author's replies, taking the earliest at each fork. Parents missing from
// the pool are fetched with fetch (when not nil); those that cannot be
// fetched become placeholders.
func (pl *pool) chain(ctx context.Context, focal string, fetch fetchFunc) ([]*rawPost, []carousel.Warning, error) {
	start, ok := pl.posts[focal]
	if !ok {
		return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "Post %s was not found.", focal)
	}
	if pl.children == nil {
		pl.linkReplies(start.AuthorID)
	}
	seen := map[string]bool{focal: true}
	up, warns, err := pl.walkUp(ctx, start, fetch, seen)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*rawPost, 0, len(up)+1+len(pl.posts)/2)
	for i := len(up) - 1; i >= 0; i-- {
		out = append(out, up[i])
	}
	out = append(out, start)
	out = pl.walkDown(out, start, seen)
	for _, p := range out {
		if p.Placeholder != "" {
			warns = append(warns, placeholderWarning(p))
			if p.Platform == "" {
				p.Platform = start.Platform
			}
		}
	}
	return out, warns, nil
}

// linkReplies indexes the author's replies by the post they answer.
func (pl *pool) linkReplies(author string) {
	pl.children = map[string][]string{}
	for id, p := range pl.posts {
		if p.ReplyTo != "" && p.AuthorID == author && p.Placeholder == "" {
			pl.children[p.ReplyTo] = append(pl.children[p.ReplyTo], id)
		}
	}
}

// walkUp follows the replied-to links from start while the parent is the
// author's, and returns the posts above start, nearest first.
func (pl *pool) walkUp(ctx context.Context, start *rawPost, fetch fetchFunc, seen map[string]bool) ([]*rawPost, []carousel.Warning, error) {
	var up []*rawPost
	var warns []carousel.Warning
	author := start.AuthorID
	cur := start
	for cur.ReplyTo != "" && !seen[cur.ReplyTo] {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		parent, warn := pl.parentOf(ctx, cur, start, fetch)
		if warn != nil {
			warns = append(warns, *warn)
		}
		if parent == nil {
			break
		}
		seen[parent.ID] = true
		up = append(up, parent)
		if parent.Placeholder != "" {
			// Nothing is known above a missing post, unless the pool is one
			// conversation: then the author's nearest earlier post without
			// a reply in the pool was its parent.
			before := pl.dangling(parent.ID, author, seen)
			if before == nil {
				break
			}
			seen[before.ID] = true
			up = append(up, before)
			parent = before
		}
		cur = parent
	}
	return up, warns, nil
}

// parentOf is the post cur replies to, when it belongs to the thread of
// start's author: from the pool, fetched, or a placeholder for one that is
// gone. Nil means the thread starts at cur; a warning says why when a
// fetch failed.
func (pl *pool) parentOf(ctx context.Context, cur, start *rawPost, fetch fetchFunc) (*rawPost, *carousel.Warning) {
	author := start.AuthorID
	parent, ok := pl.posts[cur.ReplyTo]
	if !ok && cur.ReplyToUser != "" && cur.ReplyToUser != author {
		return nil, nil // a reply to someone else: the thread starts here
	}
	if !ok && fetch != nil {
		p, err := fetch(ctx, cur.ReplyTo)
		switch code := carousel.ErrorCode(err); {
		case err == nil:
			parent = p
			pl.add(p)
		case code == carousel.ENOTFOUND || code == carousel.EFORBIDDEN:
			parent = placeholder(cur.ReplyTo, author, start.Author, carousel.ErrorMessage(err))
		default:
			return nil, &carousel.Warning{Code: carousel.WarnPartial, Post: cur.ID,
				Message: fmt.Sprintf("Posts before %s could not be fetched: %s", cur.ID, carousel.ErrorMessage(err))}
		}
		if parent == nil {
			return nil, nil
		}
	}
	if parent == nil {
		parent = placeholder(cur.ReplyTo, author, start.Author, "")
	}
	if parent.Placeholder == "" && parent.AuthorID != author {
		return nil, nil
	}
	if parent.Placeholder != "" && parent.AuthorID == "" {
		parent.AuthorID = author
	}
	return parent, nil
}

// walkDown appends to out the author's replies below start, the earliest
// first at forks.
func (pl *pool) walkDown(out []*rawPost, start *rawPost, seen map[string]bool) []*rawPost {
	author := start.AuthorID
	cur := start
	for {
		var next string
		for _, id := range pl.children[cur.ID] {
			if !seen[id] && (next == "" || earlier(pl.posts[id], pl.posts[next])) {
				next = id
			}
		}
		if next == "" && pl.scoped {
			// A deleted reply: continue at the earliest later post whose
			// parent is missing, behind a placeholder.
			orphan := pl.orphanAfter(cur.ID, author, seen)
			if orphan == nil {
				break
			}
			if !seen[orphan.ReplyTo] {
				seen[orphan.ReplyTo] = true
				out = append(out, placeholder(orphan.ReplyTo, author, start.Author, ""))
			}
			next = orphan.ID
		}
		if next == "" {
			break
		}
		seen[next] = true
		cur = pl.posts[next]
		out = append(out, cur)
	}
	return out
}

// dangling is the author's latest post before id that has no reply in the
// pool (scoped pools only).
func (pl *pool) dangling(id, author string, seen map[string]bool) *rawPost {
	if !pl.scoped {
		return nil
	}
	var best *rawPost
	for pid, p := range pl.posts {
		if p.AuthorID != author || p.Placeholder != "" || seen[pid] || !idLess(pid, id) || len(pl.children[pid]) > 0 {
			continue
		}
		if p.ReplyTo != "" && p.ReplyToUser != "" && p.ReplyToUser != author {
			continue // a reply to someone else is not part of the thread
		}
		if best == nil || idLess(best.ID, pid) {
			best = p
		}
	}
	return best
}

// orphanAfter is the author's earliest post after id whose parent, a post
// of the author's, is missing from the pool (scoped pools only).
func (pl *pool) orphanAfter(id, author string, seen map[string]bool) *rawPost {
	var best *rawPost
	for pid, p := range pl.posts {
		if p.AuthorID != author || p.Placeholder != "" || seen[pid] || !idLess(id, pid) || p.ReplyTo == "" || p.ReplyToUser != author {
			continue
		}
		if _, ok := pl.posts[p.ReplyTo]; ok {
			continue
		}
		if best == nil || idLess(pid, best.ID) {
			best = p
		}
	}
	return best
}

func placeholder(id, authorID string, author carousel.Author, why string) *rawPost {
	if why == "" {
		why = "This post was deleted or is not available."
	}
	return &rawPost{ID: id, AuthorID: authorID, Author: author, Created: snowflakeTime(id), Placeholder: why}
}

func placeholderWarning(p *rawPost) carousel.Warning {
	return carousel.Warning{Code: carousel.WarnPlaceholder, Post: p.ID,
		Message: fmt.Sprintf("Post %s could not be fetched (%s); it is kept as a placeholder.", p.ID, strings.TrimSuffix(p.Placeholder, "."))}
}

// buildThread converts an assembled chain into a thread.
func buildThread(source string, posts []*rawPost) *carousel.Thread {
	t := &carousel.Thread{Version: carousel.ThreadVersion, Source: source, Posts: make([]carousel.Post, 0, len(posts))}
	var owner string
	for _, p := range posts {
		if p.Placeholder == "" || owner == "" {
			owner = p.AuthorID
			t.Author = p.Author
		}
		if p.Placeholder == "" {
			break
		}
	}
	for _, p := range posts {
		t.Posts = append(t.Posts, p.toPost(owner))
	}
	// X addresses come from the thread's handle, which some posts
	// (placeholders) lack; other platforms' posts carry their own.
	for i := range t.Posts {
		if t.Posts[i].Author == nil && posts[i].URL == "" && posts[i].Platform == "" {
			t.Posts[i].URL = postURL(t.Author.Handle, t.Posts[i].ID)
		}
	}
	if len(t.Posts) > 0 {
		t.URL = t.Posts[0].URL
	}
	return t
}

// truncationWarnings names every post the source cut short.
func truncationWarnings(t *carousel.Thread, source string) []carousel.Warning {
	var ws []carousel.Warning
	for _, p := range t.Posts {
		if p.Truncated {
			ws = append(ws, carousel.Warning{Code: carousel.WarnTruncated, Post: p.ID,
				Message: fmt.Sprintf("Post %s is a long post and %s gave only its start; the rest is at %s", p.ID, source, p.URL)})
		}
	}
	return ws
}

// biggerAvatar asks for a slide-quality avatar instead of the 48 px one.
func biggerAvatar(u string) string {
	for _, small := range []string{"_normal.", "_200x200.", "_bigger.", "_mini."} {
		if i := strings.LastIndex(u, small); i >= 0 {
			return u[:i] + "_400x400." + u[i+len(small):]
		}
	}
	return u
}

// origPhoto asks pbs.twimg.com for a photo's original size.
func origPhoto(u string) string {
	if !strings.Contains(u, "pbs.twimg.com/media/") {
		return u
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		base, q := u[:i], u[i+1:]
		var keep []string
		for _, kv := range strings.Split(q, "&") {
			if kv != "" && !strings.HasPrefix(kv, "name=") {
				keep = append(keep, kv)
			}
		}
		keep = append(keep, "name=orig")
		return base + "?" + strings.Join(keep, "&")
	}
	if i := strings.LastIndex(u, ":"); i > len("https:") && !strings.Contains(u[i:], "/") {
		u = u[:i] // legacy ":large" suffix
	}
	return u + "?name=orig"
}
