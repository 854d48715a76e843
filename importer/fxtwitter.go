// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

const fxName = "FxTwitter"

type fxAuthor struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	ScreenName string `json:"screen_name"`
	AvatarURL  string `json:"avatar_url"`
}

type fxMedia struct {
	Type         string `json:"type"`
	URL          string `json:"url"`
	ThumbnailURL string `json:"thumbnail_url"`
	Width        int    `json:"width"`
	Height       int    `json:"height"`
	AltText      string `json:"altText"`
}

type fxStatus struct {
	Type             string    `json:"type"` // "status" or "tombstone"
	ID               string    `json:"id"`
	Reason           string    `json:"reason"`
	Message          string    `json:"message"`
	CreatedTimestamp int64     `json:"created_timestamp"`
	CreatedAt        string    `json:"created_at"`
	Author           *fxAuthor `json:"author"`
	Media            struct {
		All    []fxMedia `json:"all"`
		Photos []fxMedia `json:"photos"`
		Videos []fxMedia `json:"videos"`
	} `json:"media"`
	RawText struct {
		Text   string `json:"text"`
		Facets []struct {
			Type        string   `json:"type"`
			Indices     flexInts `json:"indices"`
			Original    string   `json:"original"`
			Replacement string   `json:"replacement"`
			Display     string   `json:"display"`
		} `json:"facets"`
	} `json:"raw_text"`
	Text        string `json:"text"`
	Lang        string `json:"lang"`
	IsNoteTweet bool   `json:"is_note_tweet"`
	ReplyingTo  *struct {
		Status string `json:"status"`
	} `json:"replying_to"`
	Quote *fxStatus `json:"quote"`
}

type fxThread struct {
	Code    int        `json:"code"`
	Message string     `json:"message"`
	Status  *fxStatus  `json:"status"`
	Thread  []fxStatus `json:"thread"`
	Author  *fxAuthor  `json:"author"`
	Error   string     `json:"error"`
}

func (st *fxStatus) tombstone() bool {
	return st.Type == "tombstone" || (st.Type == "" && st.Author == nil && st.RawText.Text == "" && st.Text == "")
}

func tombstoneReason(reason string) string {
	switch reason {
	case "deleted":
		return "This post was deleted."
	case "suspended":
		return "This post is from a suspended account."
	case "private":
		return "This post is from a protected account."
	case "blocked":
		return "This post's author blocks the fetching account."
	}
	return "This post is not available."
}

func (st *fxStatus) raw() *rawPost {
	if st.tombstone() {
		return &rawPost{ID: st.ID, Created: snowflakeTime(st.ID), Placeholder: tombstoneReason(st.Reason)}
	}
	rp := &rawPost{ID: st.ID, Lang: st.Lang}
	if st.Author != nil {
		rp.AuthorID = st.Author.ID
		rp.Author = carousel.Author{Name: st.Author.Name, Handle: st.Author.ScreenName, Avatar: biggerAvatar(st.Author.AvatarURL)}
	}
	switch {
	case st.CreatedTimestamp > 0:
		rp.Created = time.Unix(st.CreatedTimestamp, 0).UTC()
	default:
		if tm, err := time.Parse(time.RubyDate, st.CreatedAt); err == nil {
			rp.Created = tm
		} else {
			rp.Created = snowflakeTime(st.ID)
		}
	}
	if st.ReplyingTo != nil {
		rp.ReplyTo = st.ReplyingTo.Status
	}
	if st.RawText.Text != "" {
		rp.Rich = richText{Text: st.RawText.Text, Escaped: true, DropBareTCo: true}
		for _, f := range st.RawText.Facets {
			a, b, ok := f.Indices.pair()
			if !ok {
				continue
			}
			switch f.Type {
			case "bold":
				rp.Rich.Styles = append(rp.Rich.Styles, style{Start: a, End: b, Bold: true})
			case "italic":
				rp.Rich.Styles = append(rp.Rich.Styles, style{Start: a, End: b, Italic: true})
			case "underline":
				rp.Rich.Styles = append(rp.Rich.Styles, style{Start: a, End: b, Underline: true})
			case "strikethrough":
				rp.Rich.Styles = append(rp.Rich.Styles, style{Start: a, End: b, Strike: true})
			case "url":
				rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: entURL, Start: a, End: b, Token: f.Original, Expanded: f.Replacement, Display: f.Display})
			case "mention":
				rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: entMention, Start: a, End: b, Token: "@" + f.Original, Name: f.Original})
			case "hashtag":
				rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: entHashtag, Start: a, End: b, Token: "#" + f.Original, Name: f.Original})
			case "symbol", "cashtag":
				rp.Rich.Entities = append(rp.Rich.Entities, entity{Kind: entCashtag, Start: a, End: b, Token: "$" + f.Original, Name: f.Original})
			}
		}
	} else {
		// Only the display text: links already expanded, entities unknown.
		rp.Rich = richText{Text: st.Text, NoEntityData: true}
	}
	media := st.Media.All
	if len(media) == 0 {
		media = append(append(media, st.Media.Photos...), st.Media.Videos...)
	}
	for _, m := range media {
		switch m.Type {
		case "photo":
			rp.Media = append(rp.Media, carousel.Media{Type: carousel.MediaPhoto, Src: origPhoto(m.URL), Alt: m.AltText, Width: m.Width, Height: m.Height})
		case "video", "gif":
			typ := carousel.MediaVideo
			if m.Type == "gif" {
				typ = carousel.MediaGIF
			}
			if m.ThumbnailURL != "" {
				rp.Media = append(rp.Media, carousel.Media{Type: typ, Src: m.ThumbnailURL, Link: postURL(rp.Author.Handle, st.ID), Alt: m.AltText, Width: m.Width, Height: m.Height})
			}
		}
	}
	if st.Quote != nil {
		rp.Quote = st.Quote.raw()
		rp.QuoteID = st.Quote.ID
		rp.Quote.Quote = nil
	}
	return rp
}

func (im *Importer) fxThread(ctx context.Context, id string) (*sourceResult, error) {
	body, err := im.get(ctx, fxName, im.cfg.FxTwitterBase+"/2/thread/"+id, nil)
	var he *httpError
	if err != nil && !errors.As(err, &he) {
		return nil, err
	}
	var r fxThread
	jerr := json.Unmarshal(body, &r)
	if he != nil {
		switch he.Status {
		case 404:
			return nil, carousel.Errorf(carousel.ENOTFOUND, "FxTwitter: post %s was not found: it may have been deleted.", id)
		case 401, 403:
			if r.Error != "" {
				return nil, carousel.Errorf(carousel.EFORBIDDEN, "FxTwitter refused the request (HTTP %d).", he.Status)
			}
			return nil, carousel.Errorf(carousel.EFORBIDDEN, "FxTwitter: post %s is from a protected account.", id)
		default:
			return nil, carousel.Errorf(carousel.EUNAVAILABLE, "FxTwitter refused the request (HTTP %d).", he.Status)
		}
	}
	if jerr != nil {
		return nil, decodeJSON(fxName, body, &r)
	}
	t, warns, err := fxAssemble(id, &r)
	if err != nil {
		return nil, err
	}
	return &sourceResult{thread: t, warnings: warns}, nil
}

// fxAssemble keeps FxTwitter's chain order, cut to the focal author's posts:
// the backward walk may include other people's posts above the thread.
func fxAssemble(id string, r *fxThread) (*carousel.Thread, []carousel.Warning, error) {
	if r.Code == 404 || r.Status == nil {
		return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "FxTwitter: post %s was not found: it may have been deleted.", id)
	}
	if r.Code == 401 {
		return nil, nil, carousel.Errorf(carousel.EFORBIDDEN, "FxTwitter: post %s is from a protected account.", id)
	}
	if r.Status.tombstone() {
		return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "FxTwitter: post %s: %s", id, tombstoneReason(r.Status.Reason))
	}
	list := r.Thread
	if len(list) == 0 {
		list = []fxStatus{*r.Status}
	}
	focal := -1
	for i := range list {
		if list[i].ID == r.Status.ID {
			focal = i
		}
	}
	if focal < 0 {
		list = append(list, *r.Status)
		focal = len(list) - 1
	}
	author := ""
	if r.Status.Author != nil {
		author = r.Status.Author.ID
	}
	begin := 0
	for i := focal - 1; i >= 0; i-- {
		if !list[i].tombstone() && list[i].Author != nil && list[i].Author.ID != author {
			begin = i + 1
			break
		}
	}
	var chain []*rawPost
	for i := begin; i < len(list); i++ {
		st := &list[i]
		if !st.tombstone() && (st.Author == nil || st.Author.ID != author) {
			if i > focal {
				break
			}
			continue
		}
		rp := st.raw()
		if rp.Placeholder != "" {
			rp.AuthorID = author
		}
		chain = append(chain, rp)
	}
	// A tombstone at the very start is kept (the thread's head is gone).
	var warns []carousel.Warning
	for _, p := range chain {
		if p.Placeholder != "" {
			warns = append(warns, placeholderWarning(p))
		}
	}
	t := buildThread("fxtwitter", chain)
	if t.Author.Handle == "" && r.Status.Author != nil {
		a := r.Status.Author
		t.Author = carousel.Author{Name: a.Name, Handle: a.ScreenName, Avatar: biggerAvatar(a.AvatarURL)}
		t.URL = postURL(a.ScreenName, t.Posts[0].ID)
	}
	warns = append(warns, truncationWarnings(t, fxName)...)
	return t, warns, nil
}

// fxParse decodes an FxTwitter answer (used by the fuzz test).
func fxParse(id string, body []byte) (*carousel.Thread, []carousel.Warning, error) {
	var r fxThread
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, nil, decodeJSON(fxName, body, &r)
	}
	return fxAssemble(id, &r)
}
