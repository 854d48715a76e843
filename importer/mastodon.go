// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	carousel "github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
)

// mastoMaxCalls bounds the context calls one import makes: each gives up
// to 60 descendants (20 levels) or 40 ancestors without sign-in.
const mastoMaxCalls = 200

type mastoEmoji struct {
	Shortcode string `json:"shortcode"`
}

type mastoAccount struct {
	ID           flexString   `json:"id"`
	Username     string       `json:"username"`
	Acct         string       `json:"acct"`
	DisplayName  string       `json:"display_name"`
	Avatar       string       `json:"avatar"`
	AvatarStatic string       `json:"avatar_static"`
	URL          string       `json:"url"`
	Emojis       []mastoEmoji `json:"emojis"`
}

type mastoSize struct {
	Width  int `json:"width"`
	Height int `json:"height"`
}

type mastoMedia struct {
	Type        string `json:"type"` // image, gifv, video, audio, unknown
	URL         string `json:"url"`
	PreviewURL  string `json:"preview_url"`
	RemoteURL   string `json:"remote_url"`
	Description string `json:"description"`
	Meta        struct {
		Original *mastoSize `json:"original"`
		Small    *mastoSize `json:"small"`
		Focus    *struct {
			X float64 `json:"x"`
			Y float64 `json:"y"`
		} `json:"focus"`
	} `json:"meta"`
}

type mastoStatus struct {
	ID                 flexString   `json:"id"`
	URL                string       `json:"url"`
	URI                string       `json:"uri"`
	CreatedAt          string       `json:"created_at"`
	InReplyToID        flexString   `json:"in_reply_to_id"`
	InReplyToAccountID flexString   `json:"in_reply_to_account_id"`
	SpoilerText        string       `json:"spoiler_text"`
	Content            string       `json:"content"`
	Language           string       `json:"language"` // ISO 639 code or null
	Account            mastoAccount `json:"account"`
	MediaAttachments   []mastoMedia `json:"media_attachments"`
	Card               *struct {
		URL         string `json:"url"`
		Title       string `json:"title"`
		Description string `json:"description"`
	} `json:"card"`
	// Quote is Mastodon 4.4's: {state, quoted_status}.
	Quote *struct {
		State        string       `json:"state"`
		QuotedStatus *mastoStatus `json:"quoted_status"`
	} `json:"quote"`
	Reblog *mastoStatus `json:"reblog"`
}

type mastoContext struct {
	Ancestors   []mastoStatus `json:"ancestors"`
	Descendants []mastoStatus `json:"descendants"`
}

// mastoServer reads one instance's public API.
type mastoServer struct {
	im     *Importer
	origin string // "https://mastodon.social"
	host   string
	name   string // "Mastodon (mastodon.social)", for messages
}

func (im *Importer) mastoServer(origin string) *mastoServer {
	host := hostOf(origin)
	return &mastoServer{im: im, origin: origin, host: host, name: "Mastodon (" + host + ")"}
}

// get asks the instance, through the guarded client: the host is the
// user's, so it may not be a private address.
func (ms *mastoServer) get(ctx context.Context, path string, what string, v any) error {
	body, err := ms.im.getVia(ctx, ms.im.media, ms.name, ms.origin+path, nil)
	var he *httpError
	if errors.As(err, &he) {
		return ms.refused(he, what)
	}
	if err != nil {
		var ce *carousel.Error
		if errors.As(err, &ce) && errors.Is(err, errBlockedAddress) {
			return &carousel.Error{Code: carousel.EFORBIDDEN, Err: err,
				Message: fmt.Sprintf("%s is a private or local network address, which is refused (set CAROUSEL_ALLOW_PRIVATE_NETWORK=1 to allow it).", ms.host)}
		}
		return err
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &carousel.Error{Code: carousel.EUNAVAILABLE, Err: err,
			Message: fmt.Sprintf("%s did not answer as a Mastodon-compatible server (its /api/v1 gave no JSON).", ms.host)}
	}
	return nil
}

func (ms *mastoServer) refused(he *httpError, what string) error {
	var e struct {
		Error string `json:"error"`
	}
	_ = json.Unmarshal(he.Body, &e)
	switch he.Status {
	case 404, 410:
		return carousel.Errorf(carousel.ENOTFOUND, "%s: %s was not found: it may have been deleted, or it is not public.", ms.name, what)
	case 401:
		return carousel.Errorf(carousel.EFORBIDDEN, "%s lets only signed-in apps read its posts (its API needs sign-in), so %s cannot be imported from it.", ms.host, what)
	case 403:
		return carousel.Errorf(carousel.EFORBIDDEN, "%s refused to show %s (HTTP 403%s).", ms.host, what, errDetail(e.Error))
	}
	return carousel.Errorf(carousel.EUNAVAILABLE, "%s refused the request (HTTP %d%s).", ms.name, he.Status, errDetail(e.Error))
}

func (ms *mastoServer) status(ctx context.Context, id string) (*mastoStatus, error) {
	var st mastoStatus
	if err := ms.get(ctx, "/api/v1/statuses/"+id, "post "+id, &st); err != nil {
		return nil, err
	}
	if st.Reblog != nil {
		st = *st.Reblog // a boost: the boosted post is meant
	}
	if st.ID == "" {
		return nil, carousel.Errorf(carousel.EUNAVAILABLE, "%s did not answer as a Mastodon-compatible server (the status has no id).", ms.host)
	}
	return &st, nil
}

func (ms *mastoServer) context(ctx context.Context, id string) (*mastoContext, error) {
	var c mastoContext
	if err := ms.get(ctx, "/api/v1/statuses/"+id+"/context", "the replies to post "+id, &c); err != nil {
		return nil, err
	}
	return &c, nil
}

// mastodonThread imports the author's self-thread through the status at
// ref, walking the context past its unauthenticated limits: the context
// of the thread's top and of its last post found is asked for again until
// nothing new comes.
func (im *Importer) mastodonThread(ctx context.Context, ref postRef) (*carousel.Thread, []carousel.Warning, error) {
	ms := im.mastoServer(ref.origin)
	focal, err := ms.status(ctx, ref.statusID)
	if err != nil {
		return nil, nil, err
	}
	id := string(focal.ID)
	author := string(focal.Account.ID)
	pl := newPool()
	add := func(sts []mastoStatus) int {
		n := 0
		for i := range sts {
			rp := ms.raw(&sts[i])
			if rp == nil {
				continue
			}
			if _, ok := pl.posts[rp.ID]; !ok {
				n++
			}
			pl.add(rp)
		}
		return n
	}
	add([]mastoStatus{*focal})
	asked := map[string]bool{}
	calls := 0
	ask := func(at string) (int, error) {
		asked[at] = true
		calls++
		c, err := ms.context(ctx, at)
		if err != nil {
			return 0, err
		}
		return add(c.Ancestors) + add(c.Descendants), nil
	}
	if _, err := ask(id); err != nil {
		return nil, nil, err
	}
	// Up: while the top of the author's chain has a parent of the author's
	// that is not known yet.
	for calls < mastoMaxCalls {
		top := pl.posts[id]
		for top.ReplyTo != "" {
			p, ok := pl.posts[top.ReplyTo]
			if !ok || p.AuthorID != author {
				break
			}
			top = p
		}
		if top.ReplyTo == "" || top.ReplyToUser != author || asked[top.ID] {
			break
		}
		if _, ok := pl.posts[top.ReplyTo]; ok {
			break
		}
		if _, err := ask(top.ID); err != nil {
			return nil, nil, err
		}
	}
	// Down: along the author's earliest replies, asking from the last one.
	for calls < mastoMaxCalls {
		end := mastoChainEnd(pl, id, author)
		if asked[end] {
			break
		}
		if _, err := ask(end); err != nil {
			return nil, nil, err
		}
	}
	var warns []carousel.Warning
	if calls >= mastoMaxCalls {
		warns = append(warns, carousel.Warning{Code: carousel.WarnPartial, Post: id,
			Message: fmt.Sprintf("%s: the thread is longer than %d calls could fetch; its ends may be missing.", ms.name, mastoMaxCalls)})
	}
	fetch := func(ctx context.Context, pid string) (*rawPost, error) {
		st, err := ms.status(ctx, pid)
		if carousel.ErrorCode(err) == carousel.ENOTFOUND {
			return nil, carousel.Errorf(carousel.ENOTFOUND, "This post was deleted or is not public.")
		}
		if err != nil {
			return nil, err
		}
		return ms.raw(st), nil
	}
	chain, cw, err := pl.chain(ctx, id, fetch)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range chain {
		if p.Placeholder != "" {
			p.Created = mastoIDTime(p.ID) // not X's snowflake time
			if p.URL == "" {
				p.URL = mastoURL(ref.origin, focal.Account, p.ID)
			}
		}
	}
	return buildThread(platformMastodon, chain), append(warns, cw...), nil
}

// mastoChainEnd is the last post reached from id along the author's
// earliest replies.
func mastoChainEnd(pl *pool, id, author string) string {
	kids := map[string]*rawPost{}
	for _, p := range pl.posts {
		if p.ReplyTo == "" || p.AuthorID != author || p.Placeholder != "" {
			continue
		}
		if k, ok := kids[p.ReplyTo]; !ok || earlier(p, k) {
			kids[p.ReplyTo] = p
		}
	}
	seen := map[string]bool{}
	for !seen[id] {
		seen[id] = true
		k, ok := kids[id]
		if !ok {
			break
		}
		id = k.ID
	}
	return id
}

func mastoURL(origin string, a mastoAccount, id string) string {
	if a.Acct != "" && !strings.Contains(a.Acct, "@") {
		return origin + "/@" + a.Acct + "/" + id
	}
	return origin + "/statuses/" + id
}

// raw converts a status.
func (ms *mastoServer) raw(st *mastoStatus) *rawPost {
	if st == nil || st.ID == "" {
		return nil
	}
	if st.Reblog != nil {
		return nil // a boost is not the author's own post
	}
	rp := &rawPost{Platform: platformMastodon, ID: string(st.ID), AuthorID: string(st.Account.ID), Author: ms.author(st.Account),
		ReplyTo: string(st.InReplyToID), ReplyToUser: string(st.InReplyToAccountID), Lang: st.Language}
	rp.URL = safeLink(st.URL)
	if rp.URL == "" {
		rp.URL = mastoURL(ms.origin, st.Account, rp.ID)
	}
	if t, err := time.Parse(time.RFC3339Nano, st.CreatedAt); err == nil {
		rp.Created = t.UTC()
	}
	rp.Blocks = fediBlocks(st.SpoilerText, st.Content, ms.origin)
	for _, m := range st.MediaAttachments {
		if med, ok := mastoMediaItem(m, rp.URL); ok {
			rp.Media = append(rp.Media, med)
		}
	}
	if q := st.Quote; q != nil {
		switch {
		case q.QuotedStatus != nil && (q.State == "" || q.State == "accepted"):
			inner := *q.QuotedStatus
			inner.Quote = nil // one level of quotes is shown
			if qr := ms.raw(&inner); qr != nil {
				qr.AuthorID = "quoted:" + qr.AuthorID
				rp.Quote = qr
			}
		case q.State != "":
			rp.Quote = &rawPost{Platform: platformMastodon, ID: "quote", AuthorID: "quoted:", Placeholder: mastoQuoteState(q.State)}
		}
	}
	if c := st.Card; c != nil && rp.Quote == nil && len(rp.Media) == 0 {
		rp.Quote = linkCard(c.URL, c.Title, c.Description)
	}
	return rp
}

func mastoQuoteState(state string) string {
	switch state {
	case "pending":
		return "The quoted post's author has not approved the quote yet."
	case "rejected", "revoked":
		return "The quoted post's author removed the quote."
	case "deleted":
		return "The quoted post was deleted."
	case "unauthorized", "blocked_account", "blocked_domain", "muted_account":
		return "The quoted post is not public."
	}
	return "The quoted post is not available."
}

func (ms *mastoServer) author(a mastoAccount) carousel.Author {
	handle := a.Acct
	if handle != "" && !strings.Contains(handle, "@") {
		handle += "@" + strings.TrimPrefix(ms.host, "www.")
	}
	avatar := a.AvatarStatic
	if avatar == "" || strings.Contains(avatar, "/missing.png") {
		avatar = a.Avatar
	}
	if strings.Contains(avatar, "/missing.png") || safeLink(avatar) == "" {
		avatar = ""
	}
	return carousel.Author{Name: withoutShortcodes(a.DisplayName, a.Emojis), Handle: handle, Avatar: avatar}
}

// withoutShortcodes drops a display name's custom emoji (":blobcat:"),
// which only the server can draw.
func withoutShortcodes(name string, emojis []mastoEmoji) string {
	for _, e := range emojis {
		if e.Shortcode != "" {
			name = strings.ReplaceAll(name, ":"+e.Shortcode+":", "")
		}
	}
	return strings.Join(strings.Fields(name), " ")
}

func mastoMediaItem(m mastoMedia, postURL string) (carousel.Media, bool) {
	src := safeLink(m.URL)
	if src == "" {
		src = safeLink(m.RemoteURL)
	}
	med := carousel.Media{Alt: strings.TrimSpace(m.Description)}
	if o := m.Meta.Original; o != nil && o.Width > 0 && o.Height > 0 {
		med.Width, med.Height = o.Width, o.Height
	}
	switch m.Type {
	case "image":
		med.Type, med.Src = carousel.MediaPhoto, src
	case "gifv", "video":
		med.Type, med.Src, med.Link = carousel.MediaVideo, safeLink(m.PreviewURL), postURL
		if m.Type == "gifv" {
			med.Type = carousel.MediaGIF
		}
		if s := m.Meta.Small; s != nil && s.Width > 0 && med.Width == 0 {
			med.Width, med.Height = s.Width, s.Height
		}
	default:
		return med, false // audio and unknown files have nothing to show
	}
	if med.Src == "" {
		return med, false
	}
	if f := m.Meta.Focus; f != nil && (f.X != 0 || f.Y != 0) {
		med.Focus = fediFocus(f.X, f.Y)
	}
	return med, true
}

// fediFocus converts a Mastodon focal point (x and y from -1 to 1, y up)
// into fractions from the top left.
func fediFocus(x, y float64) *carousel.Focus {
	clamp := func(v float64) float64 { return min(max(v, 0), 1) }
	return &carousel.Focus{X: clamp((x + 1) / 2), Y: clamp((1 - y) / 2)}
}

// fediBlocks turns a fediverse post's content warning and HTML into
// blocks: the warning is the first line, marked as one.
func fediBlocks(spoiler, content, origin string) []carousel.Block {
	blocks := markup.ParseHTML(content, origin)
	if cw := strings.Join(strings.Fields(spoiler), " "); cw != "" {
		blocks = append([]carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "CW: " + cw, Bold: true}}}}, blocks...)
	}
	if blocks == nil {
		blocks = []carousel.Block{}
	}
	return blocks
}
