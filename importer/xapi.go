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
)

const xapiName = "X API"

// X API v2 fields requested with every call (x-sources.md §1.2).
var xapiFields = url.Values{
	"tweet.fields": {"conversation_id,author_id,created_at,entities,attachments,note_tweet,referenced_tweets,in_reply_to_user_id,display_text_range,lang"},
	"expansions":   {"author_id,attachments.media_keys,referenced_tweets.id,referenced_tweets.id.author_id"},
	"media.fields": {"url,preview_image_url,width,height,alt_text,type,variants"},
	"user.fields":  {"name,username,profile_image_url,verified"},
}

type xEntities struct {
	URLs []struct {
		Start       int    `json:"start"`
		End         int    `json:"end"`
		URL         string `json:"url"`
		ExpandedURL string `json:"expanded_url"`
		DisplayURL  string `json:"display_url"`
		MediaKey    string `json:"media_key"`
	} `json:"urls"`
	Mentions []struct {
		Start    int    `json:"start"`
		End      int    `json:"end"`
		Username string `json:"username"`
	} `json:"mentions"`
	Hashtags []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Tag   string `json:"tag"`
	} `json:"hashtags"`
	Cashtags []struct {
		Start int    `json:"start"`
		End   int    `json:"end"`
		Tag   string `json:"tag"`
	} `json:"cashtags"`
}

type xTweet struct {
	ID              string    `json:"id"`
	Text            string    `json:"text"`
	AuthorID        string    `json:"author_id"`
	ConversationID  string    `json:"conversation_id"`
	CreatedAt       string    `json:"created_at"`
	InReplyToUserID string    `json:"in_reply_to_user_id"`
	Lang            string    `json:"lang"`
	Entities        xEntities `json:"entities"`
	Attachments     struct {
		MediaKeys []string `json:"media_keys"`
	} `json:"attachments"`
	NoteTweet *struct {
		Text     string    `json:"text"`
		Entities xEntities `json:"entities"`
	} `json:"note_tweet"`
	ReferencedTweets []struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	} `json:"referenced_tweets"`
}

type xUser struct {
	ID              string `json:"id"`
	Name            string `json:"name"`
	Username        string `json:"username"`
	ProfileImageURL string `json:"profile_image_url"`
}

type xMedia struct {
	MediaKey        string `json:"media_key"`
	Type            string `json:"type"`
	URL             string `json:"url"`
	PreviewImageURL string `json:"preview_image_url"`
	Width           int    `json:"width"`
	Height          int    `json:"height"`
	AltText         string `json:"alt_text"`
}

type xProblem struct {
	Title      string `json:"title"`
	Detail     string `json:"detail"`
	Type       string `json:"type"`
	ResourceID string `json:"resource_id"`
	Reason     string `json:"reason"`
}

type xResponse struct {
	Data     json.RawMessage `json:"data"`
	Includes struct {
		Users  []xUser  `json:"users"`
		Media  []xMedia `json:"media"`
		Tweets []xTweet `json:"tweets"`
	} `json:"includes"`
	Errors []xProblem `json:"errors"`
	Meta   struct {
		NextToken string `json:"next_token"`
	} `json:"meta"`
	// A top-level problem (401, 403, 429 bodies).
	xProblem
}

// xCollector turns v2 answers into raw posts, remembering users and media
// across pages.
type xCollector struct {
	users  map[string]xUser
	media  map[string]xMedia
	tweets map[string]xTweet // includes.tweets: quoted and replied-to posts
	convs  map[string]string // post id → conversation id
	pool   *pool
}

func newXCollector() *xCollector {
	return &xCollector{users: map[string]xUser{}, media: map[string]xMedia{}, tweets: map[string]xTweet{}, convs: map[string]string{}, pool: &pool{scoped: true, posts: map[string]*rawPost{}}}
}

func (c *xCollector) addIncludes(r *xResponse) {
	for _, u := range r.Includes.Users {
		c.users[u.ID] = u
	}
	for _, m := range r.Includes.Media {
		c.media[m.MediaKey] = m
	}
	for _, t := range r.Includes.Tweets {
		c.tweets[t.ID] = t
	}
	// Replied-to posts come along as includes: they may fill a gap in the chain.
	for _, t := range r.Includes.Tweets {
		if _, ok := c.pool.posts[t.ID]; !ok && t.ID != "" && t.AuthorID != "" {
			c.pool.add(c.raw(t, true))
		}
	}
}

func (c *xCollector) author(id string) carousel.Author {
	u := c.users[id]
	return carousel.Author{Name: u.Name, Handle: u.Username, Avatar: biggerAvatar(u.ProfileImageURL)}
}

func (c *xCollector) raw(t xTweet, withQuote bool) *rawPost {
	rp := &rawPost{ID: t.ID, AuthorID: t.AuthorID, Author: c.author(t.AuthorID), ReplyToUser: t.InReplyToUserID, Lang: t.Lang}
	if tm, err := time.Parse(time.RFC3339, t.CreatedAt); err == nil {
		rp.Created = tm
	} else {
		rp.Created = snowflakeTime(t.ID)
	}
	text, ents := t.Text, t.Entities
	if t.NoteTweet != nil && t.NoteTweet.Text != "" {
		text, ents = t.NoteTweet.Text, t.NoteTweet.Entities
	}
	rp.Rich = richText{Text: text, Escaped: true, SkipLeadingMentions: t.InReplyToUserID != "" && t.InReplyToUserID != t.AuthorID}
	for _, u := range ents.URLs {
		kind := entURL
		if u.MediaKey != "" {
			kind = entMedia
		}
		rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: kind, Start: u.Start, End: u.End, Token: u.URL, Expanded: u.ExpandedURL, Display: u.DisplayURL})
	}
	for _, m := range ents.Mentions {
		rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: entMention, Start: m.Start, End: m.End, Token: "@" + m.Username, Name: m.Username})
	}
	for _, h := range ents.Hashtags {
		rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: entHashtag, Start: h.Start, End: h.End, Token: "#" + h.Tag, Name: h.Tag})
	}
	for _, h := range ents.Cashtags {
		rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: entCashtag, Start: h.Start, End: h.End, Token: "$" + h.Tag, Name: h.Tag})
	}
	for _, key := range t.Attachments.MediaKeys {
		m, ok := c.media[key]
		if !ok {
			continue
		}
		switch m.Type {
		case "photo":
			rp.Media = append(rp.Media, carousel.Media{Type: carousel.MediaPhoto, Src: origPhoto(m.URL), Alt: m.AltText, Width: m.Width, Height: m.Height})
		case "video", "animated_gif":
			typ := carousel.MediaVideo
			if m.Type == "animated_gif" {
				typ = carousel.MediaGIF
			}
			if m.PreviewImageURL != "" {
				rp.Media = append(rp.Media, carousel.Media{Type: typ, Src: m.PreviewImageURL, Link: postURL(rp.Author.Handle, t.ID), Alt: m.AltText, Width: m.Width, Height: m.Height})
			}
		}
	}
	for _, ref := range t.ReferencedTweets {
		switch ref.Type {
		case "replied_to":
			rp.ReplyTo = ref.ID
		case "quoted":
			rp.QuoteID = ref.ID
			if !withQuote {
				continue
			}
			if q, ok := c.tweets[ref.ID]; ok {
				rp.Quote = c.raw(q, false)
			} else {
				rp.Quote = &rawPost{ID: ref.ID, Placeholder: "This quoted post is not available."}
			}
		}
	}
	return rp
}

func (c *xCollector) addTweets(data json.RawMessage) error {
	data = json.RawMessage(strings.TrimSpace(string(data)))
	if len(data) == 0 || string(data) == "null" {
		return nil
	}
	var list []xTweet
	if data[0] == '{' {
		var one xTweet
		if err := json.Unmarshal(data, &one); err != nil {
			return err
		}
		list = []xTweet{one}
	} else if err := json.Unmarshal(data, &list); err != nil {
		return err
	}
	for _, t := range list {
		if t.ID != "" {
			c.convs[t.ID] = t.ConversationID
			c.pool.add(c.raw(t, true))
		}
	}
	return nil
}

func (im *Importer) xapiGet(ctx context.Context, path string, q url.Values) (*xResponse, error) {
	u := im.cfg.XAPIBase + path + "?" + q.Encode()
	h := http.Header{"Authorization": {"Bearer " + im.cfg.BearerToken}}
	body, err := im.get(ctx, xapiName, u, h)
	var he *httpError
	if err != nil && !errors.As(err, &he) {
		return nil, err
	}
	var r xResponse
	if jerr := json.Unmarshal(body, &r); jerr != nil && err == nil {
		return nil, decodeJSON(xapiName, body, &r)
	}
	if he != nil {
		switch he.Status {
		case http.StatusUnauthorized:
			return nil, carousel.Errorf(carousel.EUNAUTHORIZED, "X API rejected the bearer token (401 Unauthorized): check CAROUSEL_X_BEARER_TOKEN.")
		case http.StatusForbidden:
			return &r, &xForbidden{detail: firstNonEmpty(r.Title, "Forbidden")}
		case http.StatusNotFound:
			if len(r.Errors) == 0 {
				return nil, carousel.Errorf(carousel.ENOTFOUND, "X API: post not found.")
			}
			return &r, nil // errors[] is read by the caller
		default:
			return nil, carousel.Errorf(carousel.EUNAVAILABLE, "X API refused the request (HTTP %d: %s).", he.Status, firstNonEmpty(r.Detail, r.Title, "no detail"))
		}
	}
	return &r, nil
}

// xForbidden is a 403: a protected post, or an endpoint the token's plan
// does not include (full-archive search).
type xForbidden struct{ detail string }

func (e *xForbidden) Error() string { return "X API: forbidden: " + e.detail }

func xForbiddenError(err error) error {
	var f *xForbidden
	if errors.As(err, &f) {
		return carousel.Errorf(carousel.EFORBIDDEN, "X API refused access (403 %s): the token's plan may not include this endpoint.", f.detail)
	}
	return err
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// lookupErr turns a lookup's errors[] into a user-facing error.
func lookupErr(id string, r *xResponse) error {
	for _, p := range r.Errors {
		if p.ResourceID != "" && p.ResourceID != id {
			continue
		}
		switch {
		case strings.Contains(p.Type, "not-authorized"):
			return carousel.Errorf(carousel.EFORBIDDEN, "Post %s is from a protected account or not visible to this token.", id)
		case strings.Contains(p.Type, "not-found"):
			return carousel.Errorf(carousel.ENOTFOUND, "Post %s was not found: it may have been deleted.", id)
		default:
			return carousel.Errorf(carousel.EUNAVAILABLE, "X API could not give post %s: %s", id, firstNonEmpty(p.Detail, p.Title))
		}
	}
	return carousel.Errorf(carousel.ENOTFOUND, "Post %s was not found: it may have been deleted.", id)
}

func (im *Importer) xapiLookup(ctx context.Context, c *xCollector, id string) (*rawPost, error) {
	r, err := im.xapiGet(ctx, "/2/tweets/"+id, xapiFields)
	if err != nil {
		return nil, xForbiddenError(err)
	}
	c.addIncludes(r)
	if err := c.addTweets(r.Data); err != nil {
		return nil, decodeJSON(xapiName, r.Data, &struct{}{})
	}
	rp, ok := c.pool.posts[id]
	if !ok {
		return nil, lookupErr(id, r)
	}
	return rp, nil
}

// xapiThread: look up the post, then search its conversation for the
// author's posts (recent or full-archive), else walk up the reply chain.
func (im *Importer) xapiThread(ctx context.Context, id string) (*sourceResult, error) {
	c := newXCollector()
	focal, err := im.xapiLookup(ctx, c, id)
	if err != nil {
		return nil, err
	}
	conv := firstNonEmpty(c.convs[id], id)
	user := c.users[focal.AuthorID].Username

	var warns []carousel.Warning
	partial := false
	old := im.now().Sub(snowflakeTime(conv)) > 7*24*time.Hour-time.Hour
	searched := false
	if user != "" {
		if !old {
			err := im.xapiSearch(ctx, c, "/2/tweets/search/recent", conv, user, 100)
			var f *xForbidden
			switch {
			case errors.As(err, &f):
				// The plan lacks search: the reply-chain walk still works.
			case err != nil:
				return nil, err
			default:
				searched = true
			}
		} else if !im.fullArchiveIsDenied() {
			err := im.xapiSearch(ctx, c, "/2/tweets/search/all", conv, user, 500)
			var f *xForbidden
			switch {
			case errors.As(err, &f):
				im.denyFullArchive()
			case err != nil:
				return nil, err
			default:
				searched = true
			}
		}
	}
	if !searched {
		partial = true
		warns = append(warns, carousel.Warning{Code: carousel.WarnPartial, Post: id,
			Message: fmt.Sprintf("X API: conversation search is not available to this token (threads older than 7 days need full-archive search), so only post %s and the posts before it were fetched; import the thread's last post to get it all.", id)})
	}
	fetch := func(ctx context.Context, pid string) (*rawPost, error) { return im.xapiLookup(ctx, c, pid) }
	chain, cw, err := c.pool.chain(ctx, id, fetch)
	if err != nil {
		return nil, err
	}
	t := buildThread("xapi", chain)
	warns = append(warns, cw...)
	warns = append(warns, truncationWarnings(t, xapiName)...)
	return &sourceResult{thread: t, warnings: warns, partial: partial}, nil
}

func (im *Importer) fullArchiveIsDenied() bool {
	im.fullArchiveMu.Lock()
	defer im.fullArchiveMu.Unlock()
	return im.fullArchiveDenied
}

func (im *Importer) denyFullArchive() {
	im.fullArchiveMu.Lock()
	im.fullArchiveDenied = true
	im.fullArchiveMu.Unlock()
}

// xapiSearch reads every page of the author's posts in the conversation.
func (im *Importer) xapiSearch(ctx context.Context, c *xCollector, path, conv, user string, perPage int) error {
	q := url.Values{}
	for k, v := range xapiFields {
		q[k] = v
	}
	q.Set("query", "conversation_id:"+conv+" from:"+user)
	q.Set("max_results", fmt.Sprint(perPage))
	seen := map[string]bool{}
	for {
		r, err := im.xapiGet(ctx, path, q)
		if err != nil {
			return err
		}
		c.addIncludes(r)
		if err := c.addTweets(r.Data); err != nil {
			return decodeJSON(xapiName, r.Data, &struct{}{})
		}
		next := r.Meta.NextToken
		if next == "" || seen[next] {
			return nil
		}
		seen[next] = true
		q.Set("next_token", next)
	}
}
