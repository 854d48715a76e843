// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

const synName = "Syndication"

// synFeatures is the feature list X's embeds send (x-sources.md §2.1).
const synFeatures = "tfw_timeline_list:;tfw_follower_count_sunset:true;tfw_tweet_edit_backend:on;tfw_refsrc_session:on;tfw_fosnr_soft_interventions_enabled:on;tfw_show_birdwatch_pivots_enabled:on;tfw_show_business_verified_badge:on;tfw_duplicate_scribes_to_settings:on;tfw_use_profile_image_shape_enabled:on;tfw_show_blue_verified_badge:on;tfw_legacy_timeline_sunset:true;tfw_show_gov_verified_badge:on;tfw_show_business_affiliate_badge:on;tfw_tweet_edit_frontend:on"

// syndicationToken computes the token X's embed code sends:
// ((Number(id) / 1e15) * Math.PI).toString(36) without its zeros and dot.
func syndicationToken(id string) string {
	x, err := strconv.ParseFloat(id, 64)
	if err != nil {
		return "0"
	}
	s := jsToString36(x / 1e15 * math.Pi)
	s = strings.NewReplacer("0", "", ".", "").Replace(s)
	return s
}

// jsToString36 reproduces JavaScript's Number.prototype.toString(36) for a
// finite non-negative double: V8 writes the shortest fraction digits that
// still identify the double (DoubleToRadixCString).
func jsToString36(value float64) string {
	const radix = 36
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	if value == 0 || math.IsNaN(value) || math.IsInf(value, 0) {
		return "0"
	}
	negative := value < 0
	if negative {
		value = -value
	}
	integer := math.Floor(value)
	fraction := value - integer
	// Digits are only meaningful down to half the gap to the next double.
	delta := 0.5 * (math.Nextafter(value, math.Inf(1)) - value)
	delta = math.Max(math.Nextafter(0, 1), delta)
	var frac []byte
	if fraction >= delta {
		for {
			fraction *= radix
			delta *= radix
			digit := int(fraction)
			frac = append(frac, digits[digit])
			fraction -= float64(digit)
			if fraction > 0.5 || (fraction == 0.5 && digit&1 == 1) {
				if fraction+delta > 1 {
					// Round up, carrying into earlier digits.
					for {
						if len(frac) == 0 {
							integer++
							break
						}
						last := frac[len(frac)-1]
						frac = frac[:len(frac)-1]
						d := strings.IndexByte(digits, last)
						if d+1 < radix {
							frac = append(frac, digits[d+1])
							break
						}
					}
					break
				}
			}
			if fraction < delta {
				break
			}
		}
	}
	// Integer digits; beyond 2^53 the low digits are not represented.
	var intDigits []byte
	for doubleExponent(integer/radix) > 0 {
		integer /= radix
		intDigits = append(intDigits, '0')
	}
	for {
		rem := math.Mod(integer, radix)
		intDigits = append(intDigits, digits[int(rem)])
		integer = (integer - rem) / radix
		if integer <= 0 {
			break
		}
	}
	var b strings.Builder
	if negative {
		b.WriteByte('-')
	}
	for i := len(intDigits) - 1; i >= 0; i-- {
		b.WriteByte(intDigits[i])
	}
	if len(frac) > 0 {
		b.WriteByte('.')
		b.Write(frac)
	}
	return b.String()
}

// doubleExponent is V8's Double::Exponent: the power of two of the
// significand's last bit.
func doubleExponent(d float64) int {
	bits := math.Float64bits(d)
	biased := int(bits>>52) & 0x7ff
	if biased == 0 {
		return 1 - 1075
	}
	return biased - 1075
}

type synEntities struct {
	legacyEntities
	Media []struct {
		Indices flexInts `json:"indices"`
		URL     string   `json:"url"`
	} `json:"media"`
}

type synUser struct {
	IDStr                string `json:"id_str"`
	Name                 string `json:"name"`
	ScreenName           string `json:"screen_name"`
	ProfileImageURLHTTPS string `json:"profile_image_url_https"`
}

type synTweet struct {
	Typename             string      `json:"__typename"`
	IDStr                string      `json:"id_str"`
	Text                 string      `json:"text"`
	CreatedAt            string      `json:"created_at"`
	Lang                 string      `json:"lang"`
	Entities             synEntities `json:"entities"`
	User                 *synUser    `json:"user"`
	InReplyToStatusIDStr string      `json:"in_reply_to_status_id_str"`
	InReplyToUserIDStr   string      `json:"in_reply_to_user_id_str"`
	NoteTweet            *struct {
		ID string `json:"id"`
	} `json:"note_tweet"`
	MediaDetails []struct {
		Type          string `json:"type"`
		MediaURLHTTPS string `json:"media_url_https"`
		ExtAltText    string `json:"ext_alt_text"`
		OriginalInfo  struct {
			Width  int `json:"width"`
			Height int `json:"height"`
		} `json:"original_info"`
	} `json:"mediaDetails"`
	SelfThread *struct {
		IDStr string `json:"id_str"`
	} `json:"self_thread"`
	ConversationCount int       `json:"conversation_count"`
	Parent            *synTweet `json:"parent"`
	QuotedTweet       *synTweet `json:"quoted_tweet"`
	Error             string    `json:"error"`
}

func (t *synTweet) raw() *rawPost {
	rp := &rawPost{ID: t.IDStr, ReplyTo: t.InReplyToStatusIDStr, ReplyToUser: t.InReplyToUserIDStr, Truncated: t.NoteTweet != nil, Lang: t.Lang}
	if t.User != nil {
		rp.AuthorID = t.User.IDStr
		rp.Author = carousel.Author{Name: t.User.Name, Handle: t.User.ScreenName, Avatar: biggerAvatar(t.User.ProfileImageURLHTTPS)}
	}
	if tm, err := time.Parse(time.RFC3339, t.CreatedAt); err == nil {
		rp.Created = tm
	} else {
		rp.Created = snowflakeTime(t.IDStr)
	}
	rp.Rich = richText{Text: t.Text, Escaped: true,
		SkipLeadingMentions: t.InReplyToUserIDStr != "" && rp.AuthorID != "" && t.InReplyToUserIDStr != rp.AuthorID}
	e := &t.Entities
	e.addTo(&rp.Rich)
	for _, m := range e.Media {
		rp.Rich.addEntity(entMedia, m.Indices, m.URL, entity{})
	}
	for _, m := range t.MediaDetails {
		switch m.Type {
		case "photo":
			rp.Media = append(rp.Media, carousel.Media{Type: carousel.MediaPhoto, Src: origPhoto(m.MediaURLHTTPS), Alt: m.ExtAltText, Width: m.OriginalInfo.Width, Height: m.OriginalInfo.Height})
		case "video", "animated_gif":
			typ := carousel.MediaVideo
			if m.Type == "animated_gif" {
				typ = carousel.MediaGIF
			}
			rp.Media = append(rp.Media, carousel.Media{Type: typ, Src: m.MediaURLHTTPS, Link: postURL(rp.Author.Handle, t.IDStr), Alt: m.ExtAltText, Width: m.OriginalInfo.Width, Height: m.OriginalInfo.Height})
		}
	}
	if t.QuotedTweet != nil && t.QuotedTweet.IDStr != "" {
		q := *t.QuotedTweet
		q.QuotedTweet, q.Parent = nil, nil
		rp.Quote = q.raw()
		rp.QuoteID = q.IDStr
	}
	return rp
}

// synParse decodes one tweet-result answer.
func synParse(id string, status int, body []byte) (*synTweet, error) {
	if status == 404 {
		return nil, carousel.Errorf(carousel.ENOTFOUND, "Post %s was not found: it may have been deleted.", id)
	}
	var t synTweet
	if err := json.Unmarshal(body, &t); err != nil {
		return nil, decodeJSON(synName, body, &t)
	}
	switch {
	case t.Typename == "TweetTombstone":
		return nil, carousel.Errorf(carousel.EFORBIDDEN, "Post %s is not public (its account is protected, or it was withheld).", id)
	case t.IDStr == "":
		return nil, carousel.Errorf(carousel.ENOTFOUND, "Post %s was not found: it may have been deleted.", id)
	case status >= 400:
		return nil, carousel.Errorf(carousel.EUNAVAILABLE, "Syndication refused the request (HTTP %d%s).", status, errDetail(t.Error))
	}
	return &t, nil
}

func errDetail(s string) string {
	if s == "" {
		return ""
	}
	return ": " + truncateRunes(s, 100)
}

func (im *Importer) synFetch(ctx context.Context, id string) (*synTweet, error) {
	q := url.Values{"id": {id}, "lang": {"en"}, "features": {synFeatures}, "token": {syndicationToken(id)}}
	body, err := im.get(ctx, synName, im.cfg.SyndicationBase+"/tweet-result?"+q.Encode(), nil)
	status := 200
	var he *httpError
	if errors.As(err, &he) {
		status = he.Status
	} else if err != nil {
		return nil, err
	}
	return synParse(id, status, body)
}

// syndicationThread walks backwards from the given post: each answer
// embeds the parent, so one request gives two posts.
func (im *Importer) syndicationThread(ctx context.Context, id string) (*sourceResult, error) {
	focal, err := im.synFetch(ctx, id)
	if err != nil {
		return nil, err
	}
	start := focal.raw()
	chain := []*rawPost{start}
	var warns []carousel.Warning
	seen := map[string]bool{id: true}
	cur, curTweet := start, focal
	for cur.ReplyTo != "" && !seen[cur.ReplyTo] {
		if cur.ReplyToUser != "" && cur.ReplyToUser != start.AuthorID {
			break // a reply to someone else: the thread starts here
		}
		var parent *synTweet
		if curTweet != nil && curTweet.Parent != nil && curTweet.Parent.IDStr == cur.ReplyTo {
			parent = curTweet.Parent
		} else {
			p, err := im.synFetch(ctx, cur.ReplyTo)
			if err != nil {
				switch carousel.ErrorCode(err) {
				case carousel.ENOTFOUND, carousel.EFORBIDDEN:
					ph := placeholder(cur.ReplyTo, start.AuthorID, start.Author, carousel.ErrorMessage(err))
					chain = append(chain, ph)
				default:
					if ctx.Err() != nil {
						return nil, ctx.Err()
					}
					warns = append(warns, carousel.Warning{Code: carousel.WarnPartial, Post: cur.ID,
						Message: fmt.Sprintf("Posts before %s could not be fetched: %s", cur.ID, carousel.ErrorMessage(err))})
				}
				break
			}
			parent = p
		}
		rp := parent.raw()
		if rp.AuthorID != "" && rp.AuthorID != start.AuthorID {
			break
		}
		if rp.AuthorID == "" {
			rp.AuthorID = start.AuthorID
		}
		seen[rp.ID] = true
		chain = append(chain, rp)
		cur = rp
		if parent.Parent != nil {
			curTweet = parent // its embedded parent saves a request
		} else {
			curTweet = nil
		}
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	for _, p := range chain {
		if p.Placeholder != "" {
			warns = append(warns, placeholderWarning(p))
		}
	}
	t := buildThread("syndication", chain)
	warns = append(warns, truncationWarnings(t, synName)...)
	switch {
	case focal.SelfThread != nil && focal.SelfThread.IDStr == id:
		warns = append(warns, carousel.Warning{Code: carousel.WarnPartial, Post: id,
			Message: fmt.Sprintf("Syndication reads threads backwards only: post %s starts a thread, so its later posts are missing. Import the thread's last post URL instead.", id)})
	case focal.ConversationCount > 0:
		warns = append(warns, carousel.Warning{Code: carousel.WarnPartial, Post: id,
			Message: fmt.Sprintf("Syndication reads threads backwards only: if the thread goes on after post %s, import its last post URL instead.", id)})
	}
	return &sourceResult{thread: t, warnings: warns, partial: true}, nil
}
