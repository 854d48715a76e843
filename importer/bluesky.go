// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	carousel "github.com/carouselstudio/carousel"
)

const bskyName = "Bluesky"

// getPostThread asks for as much as one call may give (social-sources.md):
// the AppView may still give less, and long threads are walked further.
const (
	bskyDepth        = 1000
	bskyParentHeight = 1000
	// bskyMaxCalls bounds the calls one import makes.
	bskyMaxCalls = 400
)

type bskyProfile struct {
	DID         string `json:"did"`
	Handle      string `json:"handle"`
	DisplayName string `json:"displayName"`
	Avatar      string `json:"avatar"`
}

type bskyFacet struct {
	Index struct {
		ByteStart int `json:"byteStart"`
		ByteEnd   int `json:"byteEnd"`
	} `json:"index"`
	Features []struct {
		Type string `json:"$type"`
		URI  string `json:"uri"` // #link
		DID  string `json:"did"` // #mention
		Tag  string `json:"tag"` // #tag
	} `json:"features"`
}

type bskyStrongRef struct {
	URI string `json:"uri"`
	CID string `json:"cid"`
}

// bskyRecord is an app.bsky.feed.post record.
type bskyRecord struct {
	Type      string      `json:"$type"`
	Text      string      `json:"text"`
	Facets    []bskyFacet `json:"facets"`
	CreatedAt string      `json:"createdAt"`
	Langs     []string    `json:"langs"` // the author's choice, first the main one
	Reply     *struct {
		Root   bskyStrongRef `json:"root"`
		Parent bskyStrongRef `json:"parent"`
	} `json:"reply"`
}

type bskyAspect struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

// bskyEmbed is an embed view: images, video, external, record or
// recordWithMedia (#view).
type bskyEmbed struct {
	Type   string `json:"$type"`
	Images []struct {
		Thumb       string      `json:"thumb"`
		Fullsize    string      `json:"fullsize"`
		Alt         string      `json:"alt"`
		AspectRatio *bskyAspect `json:"aspectRatio"`
	} `json:"images"`
	// video#view
	Thumbnail   string      `json:"thumbnail"`
	Alt         string      `json:"alt"`
	AspectRatio *bskyAspect `json:"aspectRatio"`
	External    *struct {
		URI         string `json:"uri"`
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"external"`
	Record *bskyEmbedRecord `json:"record"`
	Media  *bskyEmbed       `json:"media"` // recordWithMedia
}

// bskyEmbedRecord is what a record embed shows: a viewRecord (the quoted
// post), viewNotFound, viewBlocked or viewDetached; in recordWithMedia it is
// the record#view holding one of those in Record.
type bskyEmbedRecord struct {
	Type     string           `json:"$type"`
	URI      string           `json:"uri"`
	Author   *bskyProfile     `json:"author"`
	Value    *bskyRecord      `json:"value"`
	Embeds   []*bskyEmbed     `json:"embeds"`
	NotFound bool             `json:"notFound"`
	Blocked  bool             `json:"blocked"`
	Detached bool             `json:"detached"`
	Record   *bskyEmbedRecord `json:"record"`
}

type bskyPost struct {
	URI        string      `json:"uri"`
	Author     bskyProfile `json:"author"`
	Record     bskyRecord  `json:"record"`
	Embed      *bskyEmbed  `json:"embed"`
	ReplyCount int         `json:"replyCount"`
	IndexedAt  string      `json:"indexedAt"`
}

// bskyNode is a threadViewPost, notFoundPost or blockedPost.
type bskyNode struct {
	Type     string      `json:"$type"`
	Post     *bskyPost   `json:"post"`
	Parent   *bskyNode   `json:"parent"`
	Replies  []*bskyNode `json:"replies"` // nil: not loaded (beyond the depth asked)
	URI      string      `json:"uri"`
	NotFound bool        `json:"notFound"`
	Blocked  bool        `json:"blocked"`
}

type bskyThreadAnswer struct {
	Thread *bskyNode `json:"thread"`
}

type xrpcError struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

// atURI splits at://{authority}/{collection}/{rkey}.
func atURI(u string) (authority, collection, rkey string, ok bool) {
	rest, found := strings.CutPrefix(u, "at://")
	if !found {
		return "", "", "", false
	}
	parts := strings.Split(rest, "/")
	if len(parts) != 3 || parts[0] == "" || parts[2] == "" {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}

// bskyPostURL is a post's address on bsky.app.
func bskyPostURL(handle, did, rkey string) string {
	actor := handle
	if actor == "" || actor == "handle.invalid" {
		actor = did
	}
	return "https://bsky.app/profile/" + actor + "/post/" + rkey
}

func (p *bskyProfile) author() carousel.Author {
	a := carousel.Author{Name: strings.TrimSpace(p.DisplayName), Handle: p.Handle, Avatar: p.Avatar}
	if a.Handle == "handle.invalid" {
		a.Handle = ""
	}
	return a
}

// bskyWalk gathers the posts of one conversation around a focal post.
type bskyWalk struct {
	im     *Importer
	author string // the focal post's author DID
	pool   *pool
	// Per record key of the author's posts: its replies were listed
	// (not cut by the depth), its reply count, its thread root.
	loaded  map[string]bool
	replies map[string]int
	root    map[string]string
	asked   map[string]bool // URIs whose thread was asked for
	calls   int
	warns   []carousel.Warning
}

// blueskyThread imports the author's self-thread through the post at ref.
func (im *Importer) blueskyThread(ctx context.Context, ref postRef) (*carousel.Thread, []carousel.Warning, error) {
	did := ref.actor
	if !strings.HasPrefix(did, "did:") {
		var err error
		if did, err = im.bskyResolve(ctx, ref.actor); err != nil {
			return nil, nil, err
		}
	}
	focalURI := "at://" + did + "/app.bsky.feed.post/" + ref.rkey
	w := &bskyWalk{im: im, pool: newPool(), loaded: map[string]bool{}, replies: map[string]int{}, root: map[string]string{}, asked: map[string]bool{}}
	w.pool.scoped = true // one conversation: a deleted post's gap is bridged
	top, err := w.fetch(ctx, focalURI, bskyDepth, bskyParentHeight)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case top == nil || top.NotFound || (top.Post == nil && !top.Blocked):
		return nil, nil, bskyNotFound(ref.rkey)
	case top.Blocked:
		return nil, nil, carousel.Errorf(carousel.EFORBIDDEN, "Bluesky: post %s is hidden by a block.", ref.rkey)
	}
	w.author = top.Post.Author.DID
	w.add(top)
	if err := w.walk(ctx, ref.rkey); err != nil {
		return nil, nil, err
	}
	chain, warns, err := w.pool.chain(ctx, ref.rkey, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range chain {
		if p.URL == "" {
			p.URL = bskyPostURL(p.Author.Handle, w.author, p.ID)
		}
	}
	t := buildThread(platformBluesky, chain)
	return t, append(w.warns, warns...), nil
}

func bskyNotFound(rkey string) error {
	return carousel.Errorf(carousel.ENOTFOUND, "Bluesky: post %s was not found: it may have been deleted, or its author shows posts only to signed-in people.", rkey)
}

// bskyResolve turns a handle into a DID.
func (im *Importer) bskyResolve(ctx context.Context, handle string) (string, error) {
	q := url.Values{"handle": {handle}}
	body, err := im.get(ctx, bskyName, im.cfg.BlueskyBase+"/xrpc/com.atproto.identity.resolveHandle?"+q.Encode(), nil)
	var he *httpError
	if errors.As(err, &he) {
		var xe xrpcError
		_ = json.Unmarshal(he.Body, &xe)
		if he.Status == 400 || he.Status == 404 {
			return "", carousel.Errorf(carousel.ENOTFOUND, "Bluesky: the handle @%s was not found.", handle)
		}
		return "", bskyRefused(he.Status, xe)
	}
	if err != nil {
		return "", err
	}
	var r struct {
		DID string `json:"did"`
	}
	if err := decodeJSON(bskyName, body, &r); err != nil {
		return "", err
	}
	if !didRE.MatchString(r.DID) {
		return "", carousel.Errorf(carousel.EUNAVAILABLE, "Bluesky answered the handle @%s with no DID.", handle)
	}
	return r.DID, nil
}

func bskyRefused(status int, xe xrpcError) error {
	code := carousel.EUNAVAILABLE
	if status == 401 || status == 403 {
		code = carousel.EFORBIDDEN
	}
	return carousel.Errorf(code, "Bluesky refused the request (HTTP %d%s).", status, errDetail(strings.TrimSpace(xe.Error+" "+xe.Message)))
}

// fetch asks for the thread at uri and returns its top node.
func (w *bskyWalk) fetch(ctx context.Context, uri string, depth, parentHeight int) (*bskyNode, error) {
	w.calls++
	w.asked[uri] = true
	q := url.Values{"uri": {uri}, "depth": {fmt.Sprint(depth)}, "parentHeight": {fmt.Sprint(parentHeight)}}
	body, err := w.im.get(ctx, bskyName, w.im.cfg.BlueskyBase+"/xrpc/app.bsky.feed.getPostThread?"+q.Encode(), nil)
	var he *httpError
	if errors.As(err, &he) {
		var xe xrpcError
		_ = json.Unmarshal(he.Body, &xe)
		if xe.Error == "NotFound" || he.Status == 404 {
			return &bskyNode{URI: uri, NotFound: true}, nil
		}
		return nil, bskyRefused(he.Status, xe)
	}
	if err != nil {
		return nil, err
	}
	return bskyParse(body)
}

// bskyParse decodes a getPostThread answer.
func bskyParse(body []byte) (*bskyNode, error) {
	var a bskyThreadAnswer
	if err := decodeJSON(bskyName, body, &a); err != nil {
		return nil, err
	}
	return a.Thread, nil
}

// add puts a node, its parents and its replies into the pool.
func (w *bskyWalk) add(n *bskyNode) {
	for p := n.Parent; p != nil; p = p.Parent {
		w.addOne(p)
	}
	w.addTree(n, 0)
}

func (w *bskyWalk) addTree(n *bskyNode, depth int) {
	if n == nil || depth > 10000 {
		return
	}
	w.addOne(n)
	for _, r := range n.Replies {
		w.addTree(r, depth+1)
	}
}

func (w *bskyWalk) addOne(n *bskyNode) {
	if n.Post == nil {
		// A deleted or hidden post of the author's is a placeholder; one of
		// someone else's is left out, so that the thread starts below it.
		did, _, rkey, ok := atURI(n.URI)
		if !ok || did != w.author {
			return
		}
		why := "This post was deleted."
		if n.Blocked {
			why = "This post is hidden by a block."
		}
		w.pool.add(&rawPost{Platform: platformBluesky, ID: rkey, AuthorID: did, Placeholder: why, URL: bskyPostURL("", did, rkey), Created: tidTime(rkey)})
		return
	}
	rp := bskyRaw(n.Post, w.author)
	if rp == nil {
		return
	}
	if rp.AuthorID == w.author {
		if n.Replies != nil {
			w.loaded[rp.ID] = true
		}
		w.replies[rp.ID] = n.Post.ReplyCount
		if r := n.Post.Record.Reply; r != nil {
			w.root[rp.ID] = r.Root.URI
		}
	}
	w.pool.add(rp)
}

// walk fetches what one answer left out: parents above the height the
// AppView gave, the part of the thread above a deleted post (from the
// thread's root), and replies below the depth it gave.
func (w *bskyWalk) walk(ctx context.Context, focal string) error {
	var heads []string
	cur := w.pool.posts[focal]
	for cur != nil && cur.ReplyTo != "" && w.calls < bskyMaxCalls {
		if err := ctx.Err(); err != nil {
			return err
		}
		parent, ok := w.pool.posts[cur.ReplyTo]
		if ok && parent.Placeholder == "" {
			cur = parent
			continue
		}
		if cur.ReplyToUser != w.author {
			break // a reply to someone else: the thread starts here
		}
		if ok {
			// A deleted post: what is above it comes from the thread's root.
			root := w.root[cur.ID]
			if root != "" && !w.asked[root] {
				top, err := w.fetch(ctx, root, bskyDepth, 0)
				if err != nil {
					return err
				}
				if top != nil && top.Post != nil {
					w.add(top)
					if _, ok := w.pool.posts[rkeyOf(root)]; ok && top.Post.Author.DID == w.author {
						heads = append(heads, rkeyOf(root))
					} else {
						heads = append(heads, w.authorHeads(top)...)
					}
				}
			}
			break
		}
		// Above the height given: ask again from the missing parent.
		parentURI := "at://" + w.author + "/app.bsky.feed.post/" + cur.ReplyTo
		if w.asked[parentURI] {
			break
		}
		top, err := w.fetch(ctx, parentURI, 0, bskyParentHeight)
		if err != nil {
			return err
		}
		if top == nil || top.Post == nil {
			did, _, rkey, _ := atURI(parentURI)
			w.addOne(&bskyNode{URI: "at://" + did + "/app.bsky.feed.post/" + rkey, NotFound: true})
			continue // now a placeholder: the loop goes to the root
		}
		w.add(top)
	}
	for _, h := range append(heads, focal) {
		if err := w.extend(ctx, h); err != nil {
			return err
		}
	}
	if w.calls >= bskyMaxCalls {
		w.warns = append(w.warns, carousel.Warning{Code: carousel.WarnPartial, Post: focal,
			Message: fmt.Sprintf("Bluesky: the thread is longer than %d calls could fetch; its ends may be missing.", bskyMaxCalls)})
	}
	return nil
}

// authorHeads lists the author's posts in a tree whose parent is someone
// else's: where a self-thread inside another person's conversation begins.
func (w *bskyWalk) authorHeads(n *bskyNode) []string {
	var heads []string
	var visit func(n *bskyNode, parentByAuthor bool, depth int)
	visit = func(n *bskyNode, parentByAuthor bool, depth int) {
		if n == nil || n.Post == nil || depth > 10000 {
			return
		}
		mine := n.Post.Author.DID == w.author
		if mine && !parentByAuthor {
			heads = append(heads, rkeyOf(n.Post.URI))
		}
		for _, r := range n.Replies {
			visit(r, mine, depth+1)
		}
	}
	visit(n, false, 0)
	return heads
}

// extend walks down from id along the author's earliest replies, asking
// for the replies the AppView cut at its depth.
func (w *bskyWalk) extend(ctx context.Context, id string) error {
	// The children index is rebuilt after each call: the pool grows.
	byParent := map[string][]*rawPost{}
	index := func() {
		clear(byParent)
		for _, p := range w.pool.posts {
			if p.ReplyTo != "" && p.AuthorID == w.author && p.Placeholder == "" {
				byParent[p.ReplyTo] = append(byParent[p.ReplyTo], p)
			}
		}
		for k := range byParent {
			sort.Slice(byParent[k], func(i, j int) bool { return earlier(byParent[k][i], byParent[k][j]) })
		}
	}
	index()
	seen := map[string]bool{}
	cur := id
	for !seen[cur] && w.calls < bskyMaxCalls {
		if err := ctx.Err(); err != nil {
			return err
		}
		seen[cur] = true
		if kids := byParent[cur]; len(kids) > 0 {
			cur = kids[0].ID
			continue
		}
		if w.loaded[cur] || w.replies[cur] == 0 {
			return nil
		}
		uri := "at://" + w.author + "/app.bsky.feed.post/" + cur
		top, err := w.fetch(ctx, uri, bskyDepth, 0)
		if err != nil {
			return err
		}
		if top == nil || top.Post == nil {
			return nil
		}
		w.add(top)
		w.loaded[cur] = true // what the AppView has below it, it gave
		index()
		delete(seen, cur)
	}
	return nil
}

func rkeyOf(uri string) string {
	_, _, rkey, _ := atURI(uri)
	return rkey
}

// bskyRaw converts a post view. owner is the thread's author DID: replies
// to others' posts keep the parent's whole URI, so that they never link
// to a post of the author's with the same record key.
func bskyRaw(p *bskyPost, owner string) *rawPost {
	did, coll, rkey, ok := atURI(p.URI)
	if !ok || coll != "app.bsky.feed.post" {
		return nil
	}
	if p.Author.DID != "" {
		did = p.Author.DID
	}
	rp := &rawPost{Platform: platformBluesky, ID: rkey, AuthorID: did, Author: p.Author.author(), URL: bskyPostURL(p.Author.Handle, did, rkey)}
	if did != owner {
		rp.ID = p.URI // never mistaken for one of the author's record keys
	}
	rp.Created = bskyTime(p.Record.CreatedAt, p.IndexedAt)
	rp.Lang = firstLang(p.Record.Langs)
	if r := p.Record.Reply; r != nil {
		pdid, _, prkey, ok := atURI(r.Parent.URI)
		if ok {
			rp.ReplyToUser = pdid
			rp.ReplyTo = prkey
			if pdid != owner {
				rp.ReplyTo = r.Parent.URI
			}
		}
	}
	rp.Blocks = bskyBlocks(p.Record.Text, p.Record.Facets)
	if rp.Blocks == nil {
		rp.Blocks = []carousel.Block{}
	}
	bskyEmbeds(rp, p.Embed, 0)
	return rp
}

func bskyTime(created, indexed string) time.Time {
	for _, s := range []string{created, indexed} {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// bskyEmbeds adds an embed's images, video poster, quote and link card.
func bskyEmbeds(rp *rawPost, e *bskyEmbed, depth int) {
	if e == nil || depth > 2 {
		return
	}
	switch strings.TrimSuffix(e.Type, "#view") {
	case "app.bsky.embed.images":
		for _, im := range e.Images {
			src := im.Fullsize
			if src == "" {
				src = im.Thumb
			}
			if safeLink(src) == "" {
				continue
			}
			m := carousel.Media{Type: carousel.MediaPhoto, Src: src, Alt: strings.TrimSpace(im.Alt)}
			if a := im.AspectRatio; a != nil && a.Width > 0 && a.Height > 0 {
				m.Width, m.Height = a.Width, a.Height
			}
			rp.Media = append(rp.Media, m)
		}
	case "app.bsky.embed.video":
		if safeLink(e.Thumbnail) != "" {
			m := carousel.Media{Type: carousel.MediaVideo, Src: e.Thumbnail, Link: rp.URL, Alt: strings.TrimSpace(e.Alt)}
			if a := e.AspectRatio; a != nil && a.Width > 0 && a.Height > 0 {
				m.Width, m.Height = a.Width, a.Height
			}
			rp.Media = append(rp.Media, m)
		}
	case "app.bsky.embed.external":
		if e.External != nil && rp.Quote == nil {
			rp.Quote = linkCard(e.External.URI, e.External.Title, e.External.Description)
		}
	case "app.bsky.embed.record":
		rp.Quote = bskyQuote(e.Record, depth)
	case "app.bsky.embed.recordWithMedia":
		rec := e.Record
		if rec != nil && rec.Record != nil {
			rec = rec.Record
		}
		rp.Quote = bskyQuote(rec, depth)
		bskyEmbeds(rp, e.Media, depth+1)
	}
}

// bskyQuote converts what a record embed shows into a quoted post.
func bskyQuote(r *bskyEmbedRecord, depth int) *rawPost {
	if r == nil {
		return nil
	}
	did, coll, rkey, ok := atURI(r.URI)
	if !ok || coll != "app.bsky.feed.post" {
		return nil // a feed, list or starter pack: not a post
	}
	why := ""
	switch {
	case r.NotFound:
		why = "The quoted post was deleted."
	case r.Blocked:
		why = "The quoted post is hidden by a block."
	case r.Detached:
		why = "The quoted post was detached by its author."
	case r.Value == nil || r.Author == nil:
		why = "The quoted post is not available."
	}
	if why != "" {
		return &rawPost{Platform: platformBluesky, ID: rkey, AuthorID: "quoted:" + did, URL: bskyPostURL("", did, rkey), Placeholder: why}
	}
	q := &rawPost{Platform: platformBluesky, ID: rkey, AuthorID: "quoted:" + r.Author.DID, Author: r.Author.author(), URL: bskyPostURL(r.Author.Handle, did, rkey),
		Created: bskyTime(r.Value.CreatedAt, ""), Lang: firstLang(r.Value.Langs)}
	q.Blocks = bskyBlocks(r.Value.Text, r.Value.Facets)
	for _, e := range r.Embeds {
		bskyEmbeds(q, e, depth+1)
	}
	q.Quote = nil // one level of quotes is shown
	return q
}

// bskyBlocks turns a post's text and facets into blocks. Facet ranges are
// UTF-8 byte offsets; one that does not fall on character boundaries, runs
// past the text or overlaps the one before is left out.
func bskyBlocks(text string, facets []bskyFacet) []carousel.Block {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	text = strings.ToValidUTF8(text, "\uFFFD")
	fs := make([]bskyFacet, 0, len(facets))
	for _, f := range facets {
		a, b := f.Index.ByteStart, f.Index.ByteEnd
		if a < 0 || b > len(text) || a >= b || !utf8.RuneStart(text[a]) || (b < len(text) && !utf8.RuneStart(text[b])) {
			continue
		}
		fs = append(fs, f)
	}
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Index.ByteStart < fs[j].Index.ByteStart })
	var spans []carousel.Span
	plain := func(s string) {
		if s != "" {
			spans = append(spans, unfancy(s, carousel.Span{})...)
		}
	}
	pos := 0
	for _, f := range fs {
		a, b := f.Index.ByteStart, f.Index.ByteEnd
		if a < pos {
			continue
		}
		sp := carousel.Span{Text: text[a:b]}
		for _, ft := range f.Features {
			switch ft.Type {
			case "app.bsky.richtext.facet#link":
				if l := safeLink(ft.URI); l != "" {
					sp.Link, sp.Entity = l, carousel.EntityURL
				}
			case "app.bsky.richtext.facet#mention":
				if didRE.MatchString(ft.DID) {
					sp.Link, sp.Entity = "https://bsky.app/profile/"+ft.DID, carousel.EntityMention
				}
			case "app.bsky.richtext.facet#tag":
				if tag := strings.TrimSpace(ft.Tag); tag != "" {
					sp.Link, sp.Entity = "https://bsky.app/hashtag/"+url.PathEscape(strings.TrimLeft(tag, "#＃")), carousel.EntityHashtag
				}
			}
			if sp.Entity != "" {
				break
			}
		}
		if sp.Entity == "" {
			continue // an unknown feature: the text stays, as plain text
		}
		plain(text[pos:a])
		spans = append(spans, sp)
		pos = b
	}
	plain(text[pos:])
	return spansToBlocks(spans)
}
