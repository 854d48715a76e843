// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	carousel "github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
)

const threadsName = "Threads"

// AccountTokens gives the access tokens of connected accounts. The studio's
// connected accounts will provide it; until then cmd/carousel reads tokens
// from the configuration (CAROUSEL_THREADS_TOKEN).
type AccountTokens interface {
	// AccessToken returns the access token of the account connected for
	// platform ("threads"), or "" when none is.
	AccessToken(ctx context.Context, platform string) (string, error)
}

// StaticTokens is AccountTokens from a fixed map, platform → token.
type StaticTokens map[string]string

// AccessToken returns the token configured for platform.
func (s StaticTokens) AccessToken(_ context.Context, platform string) (string, error) {
	return s[platform], nil
}

// Threads Graph API fields read for each post.
const threadsFields = "id,media_type,media_url,permalink,username,text,timestamp,shortcode,thumbnail_url,children{media_type,media_url,thumbnail_url,alt_text},is_quote_post,quoted_post,alt_text,link_attachment_url,gif_url,is_reply,root_post,replied_to,hide_status"

// Paging bounds: the shortcode is looked for among the newest posts and
// replies, 100 at a time; a conversation is read whole.
const (
	threadsPageSize     = 100
	threadsMaxListPages = 50
	threadsMaxConvPages = 200
)

type threadsMedia struct {
	ID                string `json:"id"`
	MediaType         string `json:"media_type"` // TEXT_POST, IMAGE, VIDEO, CAROUSEL_ALBUM, AUDIO, REPOST_FACADE
	MediaURL          string `json:"media_url"`
	Permalink         string `json:"permalink"`
	Username          string `json:"username"`
	Text              string `json:"text"`
	Timestamp         string `json:"timestamp"`
	Shortcode         string `json:"shortcode"`
	ThumbnailURL      string `json:"thumbnail_url"`
	AltText           string `json:"alt_text"`
	LinkAttachmentURL string `json:"link_attachment_url"`
	GIFURL            string `json:"gif_url"`
	IsQuotePost       bool   `json:"is_quote_post"`
	IsReply           bool   `json:"is_reply"`
	HideStatus        string `json:"hide_status"`
	QuotedPost        *struct {
		ID string `json:"id"`
	} `json:"quoted_post"`
	RootPost *struct {
		ID string `json:"id"`
	} `json:"root_post"`
	RepliedTo *struct {
		ID string `json:"id"`
	} `json:"replied_to"`
	Children *struct {
		Data []threadsMedia `json:"data"`
	} `json:"children"`
}

type threadsPage struct {
	Data   []threadsMedia `json:"data"`
	Paging struct {
		Cursors struct {
			After string `json:"after"`
		} `json:"cursors"`
		Next string `json:"next"`
	} `json:"paging"`
}

type threadsUser struct {
	ID         string `json:"id"`
	Username   string `json:"username"`
	Name       string `json:"name"`
	ProfilePic string `json:"threads_profile_picture_url"`
}

type graphError struct {
	Error *struct {
		Message string `json:"message"`
		Type    string `json:"type"`
		Code    int    `json:"code"`
		Subcode int    `json:"error_subcode"`
	} `json:"error"`
}

// threadsClient reads the Threads Graph API with one user's token.
type threadsClient struct {
	im     *Importer
	header http.Header
}

func (tc *threadsClient) get(ctx context.Context, path string, q url.Values, v any) error {
	u := tc.im.cfg.ThreadsAPIBase + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	body, err := tc.im.get(ctx, threadsName, u, tc.header)
	var he *httpError
	if errors.As(err, &he) {
		return threadsRefused(he.Status, he.Body)
	}
	if err != nil {
		return err
	}
	var ge graphError
	if json.Unmarshal(body, &ge) == nil && ge.Error != nil {
		return threadsRefused(200, body)
	}
	return decodeJSON(threadsName, body, v)
}

// threadsRefused reads a Graph API error.
func threadsRefused(status int, body []byte) error {
	var ge graphError
	_ = json.Unmarshal(body, &ge)
	code, msg := 0, ""
	if ge.Error != nil {
		code, msg = ge.Error.Code, ge.Error.Message
	}
	switch {
	case code == 190 || status == 401:
		return carousel.Errorf(carousel.EUNAUTHORIZED, "Threads: the access token is invalid or has expired; connect the Threads account again (or set a new CAROUSEL_THREADS_TOKEN).")
	case code == 4 || code == 17 || code == 32 || code == 613:
		return carousel.Errorf(carousel.ERATELIMIT, "Threads rate limit reached: try again in an hour.")
	case code == 10 || (code >= 200 && code < 300) || status == 403:
		return carousel.Errorf(carousel.EFORBIDDEN, "Threads refused: the token lacks a permission (it needs threads_basic and threads_read_replies)%s.", errDetail(msg))
	case code == 100 || status == 404:
		return carousel.Errorf(carousel.ENOTFOUND, "Threads: the post was not found, or this account may not read it%s.", errDetail(msg))
	}
	return carousel.Errorf(carousel.EUNAVAILABLE, "Threads refused the request (HTTP %d%s).", status, errDetail(msg))
}

// threadsThread imports the signed-in user's own thread through the post at
// ref: the post is found by its shortcode among the user's posts and
// replies, then the thread's conversation is read and cut to the user's
// own chain.
func (im *Importer) threadsThread(ctx context.Context, ref postRef) (*carousel.Thread, []carousel.Warning, error) {
	token := ""
	if im.cfg.Accounts != nil {
		var err error
		if token, err = im.cfg.Accounts.AccessToken(ctx, platformThreads); err != nil {
			return nil, nil, err
		}
	}
	if token == "" {
		return nil, nil, carousel.Errorf(carousel.EUNAUTHORIZED, "Importing from Threads needs your Threads account: Threads lets apps read only the signed-in person's own posts. Set CAROUSEL_THREADS_TOKEN to an access token of your account with the threads_basic and threads_read_replies permissions, or paste the thread's text.")
	}
	tc := &threadsClient{im: im, header: http.Header{"Authorization": {"Bearer " + token}}}
	var me threadsUser
	if err := tc.get(ctx, "/me", url.Values{"fields": {"id,username,name,threads_profile_picture_url"}}, &me); err != nil {
		return nil, nil, err
	}
	if ref.user != "" && me.Username != "" && !strings.EqualFold(ref.user, me.Username) {
		return nil, nil, carousel.Errorf(carousel.EFORBIDDEN, "Threads lets apps read only your own posts: this post is by @%s, and the connected account is @%s.", ref.user, me.Username)
	}
	found, err := tc.find(ctx, ref.shortcode)
	if err != nil {
		return nil, nil, err
	}
	if found == nil {
		return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "Threads: post %s is not among @%s's posts and replies (Threads lets apps read only your own).", ref.shortcode, me.Username)
	}
	author := carousel.Author{Name: strings.TrimSpace(me.Name), Handle: me.Username, Avatar: safeLink(me.ProfilePic)}
	pl := newPool()
	pl.add(tc.raw(ctx, found, author))
	rootID := found.ID
	if found.RootPost != nil && found.RootPost.ID != "" {
		rootID = found.RootPost.ID
	}
	var warns []carousel.Warning
	if rootID != found.ID {
		var root threadsMedia
		if err := tc.get(ctx, "/"+rootID, url.Values{"fields": {threadsFields}}, &root); err == nil {
			pl.add(tc.raw(ctx, &root, author))
		} else if code := carousel.ErrorCode(err); code != carousel.ENOTFOUND && code != carousel.EFORBIDDEN {
			return nil, nil, err
		}
	}
	if err := tc.conversation(ctx, rootID, func(m *threadsMedia) { pl.add(tc.raw(ctx, m, author)) }); err != nil {
		if code := carousel.ErrorCode(err); code != carousel.ENOTFOUND && code != carousel.EFORBIDDEN {
			return nil, nil, err
		}
		warns = append(warns, carousel.Warning{Code: carousel.WarnPartial, Post: found.ID,
			Message: "Threads did not give the thread's replies: " + carousel.ErrorMessage(err)})
	}
	chain, cw, err := pl.chain(ctx, found.ID, nil)
	if err != nil {
		return nil, nil, err
	}
	warns = append(warns, cw...)
	mw, err := im.keepThreadsMedia(ctx, chain)
	if err != nil {
		return nil, nil, err
	}
	return buildThread(platformThreads, chain), append(warns, mw...), nil
}

// keepThreadsMedia downloads the thread's images and the avatar and keeps
// them (as store assets, or in the cache): Threads' image addresses are
// signed and expire within days, long before a carousel is done with them.
// An image that cannot be downloaded keeps its address, with a warning.
func (im *Importer) keepThreadsMedia(ctx context.Context, chain []*rawPost) ([]carousel.Warning, error) {
	var warns []carousel.Warning
	kept := map[string]string{}
	keep := func(post, src string) (string, error) {
		if ref, ok := kept[src]; ok {
			return ref, nil
		}
		data, err := im.FetchMedia(ctx, src)
		if err == nil {
			var ref string
			if ref, err = im.keepMedia(ctx, data); err != nil {
				return "", err
			}
			kept[src] = ref
			return ref, nil
		}
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		kept[src] = src
		warns = append(warns, carousel.Warning{Code: carousel.WarnImage, Post: post,
			Message: fmt.Sprintf("Post %s: an image could not be kept (%s); its Threads address expires in a few days.", post, strings.TrimSuffix(carousel.ErrorMessage(err), "."))})
		return src, nil
	}
	var err error
	for _, p := range chain {
		posts := []*rawPost{p}
		if p.Quote != nil {
			posts = append(posts, p.Quote)
		}
		for _, q := range posts {
			for i := range q.Media {
				if q.Media[i].Src, err = keep(p.ID, q.Media[i].Src); err != nil {
					return nil, err
				}
			}
			if q.Author.Avatar != "" {
				if q.Author.Avatar, err = keep(p.ID, q.Author.Avatar); err != nil {
					return nil, err
				}
			}
		}
	}
	return warns, nil
}

// find looks for the post with the shortcode among the user's posts, then
// among the user's replies.
func (tc *threadsClient) find(ctx context.Context, shortcode string) (*threadsMedia, error) {
	for _, edge := range []string{"/me/threads", "/me/replies"} {
		q := url.Values{"fields": {threadsFields}, "limit": {fmt.Sprint(threadsPageSize)}}
		seen := map[string]bool{}
		for page := 0; page < threadsMaxListPages; page++ {
			var p threadsPage
			if err := tc.get(ctx, edge, q, &p); err != nil {
				return nil, err
			}
			for i := range p.Data {
				if p.Data[i].Shortcode == shortcode || strings.HasSuffix(strings.TrimRight(p.Data[i].Permalink, "/"), "/"+shortcode) {
					return &p.Data[i], nil
				}
			}
			after := p.Paging.Cursors.After
			if p.Paging.Next == "" || after == "" || seen[after] || len(p.Data) == 0 {
				break
			}
			seen[after] = true
			q.Set("after", after)
		}
	}
	return nil, nil
}

// conversation calls fn with every reply under root, oldest first.
func (tc *threadsClient) conversation(ctx context.Context, root string, fn func(*threadsMedia)) error {
	q := url.Values{"fields": {threadsFields}, "reverse": {"false"}, "limit": {fmt.Sprint(threadsPageSize)}}
	seen := map[string]bool{}
	for page := 0; page < threadsMaxConvPages; page++ {
		var p threadsPage
		if err := tc.get(ctx, "/"+root+"/conversation", q, &p); err != nil {
			return err
		}
		for i := range p.Data {
			fn(&p.Data[i])
		}
		after := p.Paging.Cursors.After
		if p.Paging.Next == "" || after == "" || seen[after] {
			return nil
		}
		seen[after] = true
		q.Set("after", after)
	}
	return nil
}

// threadsLinks links mentions and tags to Threads.
var threadsLinks = &markup.Links{
	Mention: func(h string) string { return "https://www.threads.net/@" + h },
	Hashtag: func(t string) string {
		return "https://www.threads.net/search?q=" + url.QueryEscape(t) + "&serp_type=tags"
	},
	DottedHandles: true,
	NoCashtags:    true,
}

// raw converts a Threads post. Posts by others are kept with their
// username as author id, so that the chain stops at them.
func (tc *threadsClient) raw(ctx context.Context, m *threadsMedia, me carousel.Author) *rawPost {
	if m == nil || m.ID == "" {
		return nil
	}
	rp := &rawPost{Platform: platformThreads, ID: m.ID, AuthorID: strings.ToLower(m.Username), URL: safeLink(m.Permalink)}
	if strings.EqualFold(m.Username, me.Handle) {
		rp.Author = me
	} else {
		rp.Author = carousel.Author{Handle: m.Username}
	}
	if m.RepliedTo != nil {
		rp.ReplyTo = m.RepliedTo.ID
	}
	// Graph API times look like 2024-07-01T10:00:00+0000.
	for _, layout := range []string{"2006-01-02T15:04:05-0700", time.RFC3339} {
		if t, err := time.Parse(layout, m.Timestamp); err == nil {
			rp.Created = t.UTC()
			break
		}
	}
	rp.Blocks = threadsBlocks(m.Text)
	addThreadsMedia(rp, m)
	if m.Children != nil {
		for i := range m.Children.Data {
			addThreadsMedia(rp, &m.Children.Data[i])
		}
	}
	if m.IsQuotePost && m.QuotedPost != nil && m.QuotedPost.ID != "" && strings.EqualFold(m.Username, me.Handle) {
		var q threadsMedia
		if err := tc.get(ctx, "/"+m.QuotedPost.ID, url.Values{"fields": {threadsFields}}, &q); err == nil && q.ID != "" {
			q.IsQuotePost = false
			if qr := tc.raw(ctx, &q, me); qr != nil {
				qr.AuthorID = "quoted:" + qr.AuthorID
				rp.Quote = qr
			}
		} else {
			rp.Quote = &rawPost{Platform: platformThreads, ID: m.QuotedPost.ID, AuthorID: "quoted:", Placeholder: "The quoted post is not available to this app (Threads lets it read only your own posts)."}
		}
	}
	if rp.Quote == nil && m.LinkAttachmentURL != "" {
		rp.Quote = linkCard(m.LinkAttachmentURL, "", "")
	}
	return rp
}

func addThreadsMedia(rp *rawPost, m *threadsMedia) {
	switch m.MediaType {
	case "IMAGE":
		if src := safeLink(m.MediaURL); src != "" {
			rp.Media = append(rp.Media, carousel.Media{Type: carousel.MediaPhoto, Src: src, Alt: strings.TrimSpace(m.AltText)})
		}
	case "VIDEO":
		if src := safeLink(m.ThumbnailURL); src != "" {
			rp.Media = append(rp.Media, carousel.Media{Type: carousel.MediaVideo, Src: src, Link: rp.URL, Alt: strings.TrimSpace(m.AltText)})
		}
	case "TEXT_POST":
		if src := safeLink(m.GIFURL); src != "" {
			rp.Media = append(rp.Media, carousel.Media{Type: carousel.MediaGIF, Src: src, Link: rp.URL})
		}
	}
}

// threadsBlocks turns a Threads post's plain text into blocks, finding
// links, mentions and tags in it.
func threadsBlocks(text string) []carousel.Block {
	var spans []carousel.Span
	for _, sp := range markup.EntitiesWith(text, carousel.Span{}, threadsLinks) {
		if sp.Entity != "" {
			spans = append(spans, sp)
			continue
		}
		spans = append(spans, unfancy(sp.Text, carousel.Span{})...)
	}
	blocks := spansToBlocks(spans)
	if blocks == nil {
		blocks = []carousel.Block{}
	}
	return blocks
}
