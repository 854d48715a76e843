// SPDX-License-Identifier: MIT

package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// tikTok makes photo posts through the Content Posting API: check the
// creator's allowed privacy levels, init the post with the images' public
// addresses (TikTok pulls them), then poll its status.
type tikTok struct {
	app App
	c   *caller
	cfg *Config
}

func newTikTok(app App, cfg *Config) *tikTok {
	return &tikTok{app: app, cfg: cfg, c: &caller{platform: carousel.TikTok, hc: cfg.HTTPClient, now: cfg.Now, parseError: parseTikTokError}}
}

// tiktokError is the "error" object of every answer; code "ok" is success.
type tiktokError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	LogID   string `json:"log_id"`
}

// parseTikTokError reads {"error":{"code","message","log_id"}} and, from
// the OAuth endpoint, {"error","error_description"}.
func parseTikTokError(status int, body []byte, h http.Header) *apiError {
	ae := &apiError{Kind: kindOfStatus(status)}
	var e struct {
		Error tiktokError `json:"error"`
	}
	if json.Unmarshal(body, &e) == nil && e.Error.Code != "" {
		ae.Code, ae.Message = e.Error.Code, e.Error.Message
	} else {
		var o struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		json.Unmarshal(body, &o)
		ae.Code, ae.Message = o.Error, o.Description
	}
	classifyTikTok(ae)
	return ae
}

func classifyTikTok(ae *apiError) {
	switch ae.Code {
	case "access_token_invalid", "scope_not_authorized", "invalid_grant", "token_expired":
		ae.Kind = kindAuth
		if ae.Code == "scope_not_authorized" {
			ae.Kind = kindFinal
			ae.Message += " (connect the account again and allow posting)"
		}
	case "rate_limit_exceeded":
		ae.Kind, ae.RetryAfter = kindTransient, time.Minute
	case "spam_risk_too_many_posts", "spam_risk_user_banned_from_posting", "reached_active_user_cap":
		ae.Kind, ae.RetryAfter = kindTransient, 6*time.Hour
	case "internal_error":
		ae.Kind = kindTransient
	case "url_ownership_unverified":
		ae.Kind = kindFinal
		ae.Message += " — verify this server's public URL prefix in the TikTok developer portal (docs/publishing.md)"
	case "privacy_level_option_mismatch":
		ae.Kind = kindFinal
		ae.Message += " — choose one of the privacy levels the account allows"
	case "unaudited_client_can_only_post_to_private_accounts":
		ae.Kind = kindFinal
		ae.Message += " — until TikTok audits the app, post with privacy SELF_ONLY"
	}
}

func (t *tikTok) authorizeURL(state, redirectURI string) string {
	q := url.Values{
		"client_key": {t.app.ClientID}, "scope": {strings.Join(t.app.Scopes, ",")}, "response_type": {"code"},
		"redirect_uri": {redirectURI}, "state": {state},
	}
	return t.app.AuthBase + "/v2/auth/authorize/?" + q.Encode()
}

func (t *tikTok) tokenCall(ctx context.Context, form url.Values) (carousel.Token, string, error) {
	form.Set("client_key", t.app.ClientID)
	form.Set("client_secret", t.app.ClientSecret)
	req, err := formRequest(ctx, t.app.TokenBase+"/v2/oauth/token/", form)
	if err != nil {
		return carousel.Token{}, "", err
	}
	var tok struct {
		oauthToken
		OpenID           string `json:"open_id"`
		RefreshExpiresIn int64  `json:"refresh_expires_in"`
		Error            string `json:"error"`
		Description      string `json:"error_description"`
	}
	if _, err := t.c.do(req, &tok); err != nil {
		return carousel.Token{}, "", err
	}
	if tok.Error != "" {
		// The token endpoint may answer 200 with an error.
		ae := &apiError{Platform: carousel.TikTok, Code: tok.Error, Message: tok.Description, Kind: kindFinal}
		classifyTikTok(ae)
		return carousel.Token{}, "", ae
	}
	if tok.AccessToken == "" {
		return carousel.Token{}, "", fmt.Errorf("TikTok gave no access token")
	}
	ct := tok.token(t.cfg.Now())
	ct.RefreshExpires = expiresIn(t.cfg.Now(), tok.RefreshExpiresIn)
	return ct, tok.OpenID, nil
}

func (t *tikTok) exchange(ctx context.Context, code, redirectURI string) (*carousel.Credential, []*carousel.SocialAccount, error) {
	tok, openID, err := t.tokenCall(ctx, url.Values{"code": {code}, "grant_type": {"authorization_code"}, "redirect_uri": {redirectURI}})
	if err != nil {
		return nil, nil, err
	}
	req, err := getRequest(ctx, t.app.APIBase+"/v2/user/info/", url.Values{"fields": {"open_id,display_name"}})
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+tok.Access)
	var info struct {
		Data struct {
			User struct {
				OpenID      string `json:"open_id"`
				DisplayName string `json:"display_name"`
			} `json:"user"`
		} `json:"data"`
	}
	if _, err := t.c.do(req, &info); err != nil {
		return nil, nil, fmt.Errorf("read the TikTok account: %w", err)
	}
	if openID == "" {
		openID = info.Data.User.OpenID
	}
	if openID == "" {
		return nil, nil, fmt.Errorf("TikTok gave no open_id")
	}
	name := info.Data.User.DisplayName
	if name == "" {
		name = "TikTok account"
	}
	cred := &carousel.Credential{Platform: carousel.TikTok, Subject: openID, Token: tok}
	return cred, []*carousel.SocialAccount{{Platform: carousel.TikTok, Kind: carousel.AccountUser, ExternalID: openID, Name: name}}, nil
}

// refreshDue: TikTok access tokens last a day; renew them in their last hours.
func (t *tikTok) refreshDue(c *carousel.Credential, now time.Time) bool {
	return c.Token.Refresh != "" && !c.Token.Expires.IsZero() && c.Token.Expires.Sub(now) < 2*time.Hour
}

func (t *tikTok) refresh(ctx context.Context, c *carousel.Credential) (carousel.Token, error) {
	if c.Token.Refresh == "" || !t.app.Configured() {
		return carousel.Token{}, errNotRefreshable
	}
	tok, _, err := t.tokenCall(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {c.Token.Refresh}})
	if err != nil {
		return carousel.Token{}, err
	}
	if tok.Refresh == "" {
		tok.Refresh, tok.RefreshExpires = c.Token.Refresh, c.Token.RefreshExpires
	}
	return tok, nil
}

// TikTok checkpoint keys.
const tkPublishID = "publish_id"

// TikTokPrivacyLevels are the privacy levels TikTok knows.
var TikTokPrivacyLevels = []string{"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"}

func (t *tikTok) call(ctx context.Context, path, token string, body, out any) error {
	req, err := jsonRequest(ctx, http.MethodPost, t.app.APIBase+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	var env struct {
		Data  json.RawMessage `json:"data"`
		Error tiktokError     `json:"error"`
	}
	if _, err := t.c.do(req, &env); err != nil {
		return err
	}
	if env.Error.Code != "" && env.Error.Code != "ok" {
		ae := &apiError{Platform: carousel.TikTok, Status: http.StatusOK, Code: env.Error.Code, Message: env.Error.Message, Kind: kindFinal}
		classifyTikTok(ae)
		return ae
	}
	if out != nil && len(env.Data) > 0 {
		if err := json.Unmarshal(env.Data, out); err != nil {
			return fmt.Errorf("TikTok: unexpected answer to %s: %w", path, err)
		}
	}
	return nil
}

// creatorInfo is the data of TikTok's creator info query, which TikTok
// requires before every post (max_video_post_duration_sec is for videos).
type creatorInfo struct {
	AvatarURL       string   `json:"creator_avatar_url"`
	Username        string   `json:"creator_username"`
	Nickname        string   `json:"creator_nickname"`
	PrivacyLevels   []string `json:"privacy_level_options"`
	CommentDisabled bool     `json:"comment_disabled"`
	DuetDisabled    bool     `json:"duet_disabled"`
	StitchDisabled  bool     `json:"stitch_disabled"`
}

func (t *tikTok) creatorInfo(ctx context.Context, token string) (*creatorInfo, error) {
	var ci creatorInfo
	if err := t.call(ctx, "/v2/post/publish/creator_info/query/", token, map[string]any{}, &ci); err != nil {
		return nil, err
	}
	return &ci, nil
}

// TikTokCreator asks TikTok what the account's creator may post now, with
// the account's token: renewed first when due, and once more when TikTok
// refuses it; a token that cannot be renewed marks the account for
// reconnecting, as a post with it would.
func (p *Publisher) TikTokCreator(ctx context.Context, accountID string) (*carousel.TikTokCreator, error) {
	account, err := p.accounts.FindSocialAccountByID(ctx, accountID)
	if err != nil {
		return nil, err
	}
	if account.Platform != carousel.TikTok {
		return nil, carousel.Errorf(carousel.EINVALID, "%s is a %s account: only TikTok accounts have creator info", account.Name, platformLabel(account.Platform))
	}
	cred, err := p.accounts.FindCredentialByID(ctx, account.CredentialID)
	if err != nil {
		return nil, err
	}
	mustReconnect := func(msg string) error {
		return carousel.Errorf(carousel.ECONFLICT, "TikTok cannot be asked what %s may post: %s — connect the account again (Reconnect)", account.Name, msg)
	}
	if cred.Status == carousel.CredentialReconnect {
		return nil, mustReconnect(cred.StatusMessage)
	}
	client := p.platforms[carousel.TikTok].(*tikTok)
	now := p.cfg.Now()
	refreshed := false
	if client.refreshDue(cred, now) || tokenExpired(cred, now) {
		if c, err := p.refresh(ctx, client, cred); err == nil {
			cred, refreshed = c, true
		} else if tokenExpired(cred, now) {
			return nil, mustReconnect(p.markReconnect(ctx, cred, err))
		}
	}
	ci, err := client.creatorInfo(ctx, cred.Token.Access)
	var ae *apiError
	if errors.As(err, &ae) && ae.Kind == kindAuth && !refreshed && cred.Token.CanRefresh() {
		// Expired early or revoked: a fresh token may still do.
		if c, rerr := p.refresh(ctx, client, cred); rerr == nil {
			ci, err = client.creatorInfo(ctx, c.Token.Access)
		}
	}
	if errors.As(err, &ae) && ae.Kind == kindAuth {
		return nil, mustReconnect(p.markReconnect(ctx, cred, err))
	}
	if err != nil {
		return nil, userError(err)
	}
	levels := ci.PrivacyLevels
	if levels == nil {
		levels = []string{}
	}
	return &carousel.TikTokCreator{
		AccountID: account.ID, Nickname: ci.Nickname, Username: ci.Username, AvatarURL: ci.AvatarURL,
		PrivacyLevels: levels, CommentDisabled: ci.CommentDisabled, DuetDisabled: ci.DuetDisabled, StitchDisabled: ci.StitchDisabled,
	}, nil
}

func (t *tikTok) publish(ctx context.Context, r *run) error {
	job := r.job
	if r.cp[tkPublishID] == "" {
		if r.cp[cpStep] == "init" {
			// The init was sent but its answer never came: TikTok has no
			// way to look the post up without its publish_id.
			return &errCheck{msg: "The server stopped while TikTok was receiving this post, and TikTok offers no way to tell whether it got it: look at the TikTok profile (or its inbox), then retry or mark it published."}
		}
		ci, err := t.creatorInfo(ctx, r.token)
		if err != nil {
			return err
		}
		if job.Options.Privacy == "" {
			return &apiError{Platform: carousel.TikTok, Message: "choose who can see the TikTok post (TikTok requires the choice to be made for each post)", Kind: kindFinal}
		}
		allowed := false
		for _, p := range ci.PrivacyLevels {
			allowed = allowed || p == job.Options.Privacy
		}
		if !allowed {
			return &apiError{Platform: carousel.TikTok, Code: "privacy_level_option_mismatch", Kind: kindFinal,
				Message: fmt.Sprintf("this account allows the privacy levels %s, not %s", strings.Join(ci.PrivacyLevels, ", "), job.Options.Privacy)}
		}
		urls := make([]string, len(job.Media))
		for i, m := range job.Media {
			urls[i] = r.mediaURL(m)
		}
		title := job.Title
		if title == "" {
			title = job.ProjectTitle
		}
		mode := "DIRECT_POST"
		if job.Options.Draft {
			mode = "MEDIA_UPLOAD"
		}
		body := map[string]any{
			"media_type": "PHOTO",
			"post_mode":  mode,
			"post_info": map[string]any{
				"title":           truncateRunes(title, 90),
				"description":     strings.TrimSpace(job.Caption),
				"privacy_level":   job.Options.Privacy,
				"disable_comment": job.Options.DisableComment || ci.CommentDisabled,
				"auto_add_music":  job.Options.AutoAddMusic,
			},
			"source_info": map[string]any{"source": "PULL_FROM_URL", "photo_cover_index": 0, "photo_images": urls},
		}
		if err := r.beginStep(ctx, "init"); err != nil {
			return err
		}
		var init struct {
			PublishID string `json:"publish_id"`
		}
		err = t.call(ctx, "/v2/post/publish/content/init/", r.token, body, &init)
		if err != nil {
			if refused(err) {
				r.setDetached(ctx, cpStep, "") // TikTok answered: nothing was made
			}
			return err
		}
		if init.PublishID == "" {
			return fmt.Errorf("TikTok gave no publish_id")
		}
		if err := r.setDetached(ctx, tkPublishID, init.PublishID, cpStep, ""); err != nil {
			return err
		}
		if ci.Username != "" {
			r.set(ctx, "username", ci.Username)
		}
	}
	return t.waitPublished(ctx, r)
}

// waitPublished polls the post's status until TikTok has it.
func (t *tikTok) waitPublished(ctx context.Context, r *run) error {
	pid := r.cp[tkPublishID]
	var status struct {
		Status     string        `json:"status"`
		FailReason string        `json:"fail_reason"`
		PostIDs    []json.Number `json:"publicaly_available_post_id"`
	}
	err := r.poll(ctx, "the photos", func() (bool, error) {
		if err := t.call(ctx, "/v2/post/publish/status/fetch/", r.token, map[string]string{"publish_id": pid}, &status); err != nil {
			return false, err
		}
		switch status.Status {
		case "PUBLISH_COMPLETE", "SEND_TO_USER_INBOX":
			return true, nil
		case "FAILED":
			ae := &apiError{Platform: carousel.TikTok, Code: status.FailReason, Message: "TikTok could not make the post: " + tiktokFailReason(status.FailReason), Kind: kindFinal}
			// The post is dead: a retry starts over.
			r.setDetached(ctx, tkPublishID, "")
			return false, ae
		}
		return false, nil // PROCESSING_DOWNLOAD, PROCESSING_UPLOAD
	})
	if err != nil {
		return err
	}
	// TikTok gives the post's id once moderation passed, and never for a
	// private post or a draft: then its publish_id names it.
	id, link := pid, ""
	if len(status.PostIDs) > 0 {
		id = status.PostIDs[0].String()
		if u := r.cp["username"]; u != "" {
			link = "https://www.tiktok.com/@" + url.PathEscape(u) + "/photo/" + id
		}
	}
	return r.recordPost(ctx, id, link)
}

func tiktokFailReason(code string) string {
	switch code {
	case "picture_size_check_failed":
		return "an image is larger than TikTok takes (its short side must be at most 1080 px)"
	case "file_format_check_failed":
		return "an image is not a JPEG or WebP"
	case "url_ownership_unverified":
		return "the images' address is not verified for the app in the TikTok developer portal"
	case "":
		return "no reason given"
	}
	return strings.ReplaceAll(code, "_", " ")
}
