// SPDX-License-Identifier: MIT

package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/jpeg"
	"net/http"
	"slices"
	"strings"
	"time"
)

// TikTok is a stand-in for TikTok's OAuth (v2) and Content Posting API
// (creator info, photo post init, status fetch).
type TikTok struct {
	*Server
	// PrivacyLevels are what creator_info offers.
	PrivacyLevels []string
	// FailReason makes the next posts end FAILED with this fail_reason.
	FailReason string
	// Username is every creator's creator_username; the nickname is the
	// display name given to Creator (or the one OAuth made up).
	Username string
	// CommentDisabled, DuetDisabled and StitchDisabled are what creator
	// info says the creator turned off in the app.
	CommentDisabled, DuetDisabled, StitchDisabled bool

	publishes map[string]*tiktokPublish
	names     map[string]string
}

type tiktokPublish struct {
	owner, status, reason, postID string
	polls                         int
	public                        bool
}

// NewTikTok starts a fake TikTok API.
func NewTikTok() *TikTok {
	f := &TikTok{Server: newServer("tiktok-client-key"), PrivacyLevels: []string{"PUBLIC_TO_EVERYONE", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"}, Username: "ada_builds",
		publishes: map[string]*tiktokPublish{}, names: map[string]string{}}
	f.writeError = func(w http.ResponseWriter, status int, code, msg string) {
		if code == "" {
			code = map[int]string{http.StatusTooManyRequests: "rate_limit_exceeded", http.StatusBadRequest: "invalid_params"}[status]
			if code == "" {
				code = "internal_error"
			}
		}
		writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": msg, "log_id": "2026120100000000FAKE"}})
	}
	f.authError = func(w http.ResponseWriter, kind, msg string) {
		f.writeError(w, http.StatusUnauthorized, "access_token_invalid", "The access token is invalid or not found in the request.")
	}
	m := f.mux
	m.HandleFunc("/v2/auth/authorize/", f.authorize("TikTok", "client_key", "-000ada-open-id"))
	m.HandleFunc("POST /v2/oauth/token/", f.oauthToken)
	m.HandleFunc("GET /v2/user/info/", f.userInfo)
	m.HandleFunc("POST /v2/post/publish/creator_info/query/", f.creatorInfo)
	m.HandleFunc("POST /v2/post/publish/content/init/", f.init)
	m.HandleFunc("POST /v2/post/publish/status/fetch/", f.status)
	return f
}

// Creator makes token valid for the open_id.
func (f *TikTok) Creator(tok, openID, name string) {
	f.AddToken(tok, openID, "user.info.basic", "video.publish")
	f.mu.Lock()
	f.names[openID] = name
	f.mu.Unlock()
}

func ok(w http.ResponseWriter, data any) {
	writeJSON(w, http.StatusOK, map[string]any{"data": data, "error": map[string]string{"code": "ok", "message": "", "log_id": "2026120100000000FAKE"}})
}

func (f *TikTok) oauthToken(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	form := r.PostForm
	fail := func(code, desc string) {
		writeJSON(w, http.StatusOK, map[string]string{"error": code, "error_description": desc, "log_id": "FAKE"})
	}
	if form.Get("client_key") != f.ClientID || form.Get("client_secret") != f.ClientSecret {
		fail("invalid_client", "The client_key or client_secret is wrong")
		return
	}
	var sub string
	var scopes []string
	switch form.Get("grant_type") {
	case "authorization_code":
		c, good := f.redeem(form.Get("code"), form.Get("redirect_uri"))
		if !good {
			fail("invalid_grant", "Authorization code is expired.")
			return
		}
		sub, scopes = c.subject, c.scopes
		f.mu.Lock()
		if f.names[sub] == "" {
			f.names[sub] = "Ada on TikTok"
		}
		f.mu.Unlock()
	case "refresh_token":
		t := f.byRefresh(form.Get("refresh_token"))
		if t == nil {
			fail("invalid_grant", "Refresh token is invalid or expired.")
			return
		}
		sub, scopes = t.subject, t.scopes
	default:
		fail("invalid_request", "unsupported grant_type")
		return
	}
	access, refresh := f.issue(sub, scopes, true)
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "expires_in": 86400, "open_id": sub, "refresh_expires_in": 31536000,
		"refresh_token": refresh, "scope": joinComma(scopes), "token_type": "Bearer"})
}

func joinComma(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += ","
		}
		out += v
	}
	return out
}

func (f *TikTok) userInfo(w http.ResponseWriter, r *http.Request) {
	t := f.bearer(w, r)
	if t == nil {
		return
	}
	f.mu.Lock()
	name := f.names[t.subject]
	f.mu.Unlock()
	ok(w, map[string]any{"user": map[string]string{"open_id": t.subject, "display_name": name}})
}

// creatorInfo answers POST /v2/post/publish/creator_info/query/ as TikTok
// documents it: a JSON request with the video.publish scope, and in data
// the creator's avatar, username and nickname, the privacy levels they may
// post with, whether comments, duets and stitches are off, and the
// longest video they may post.
func (f *TikTok) creatorInfo(w http.ResponseWriter, r *http.Request) {
	t := f.bearer(w, r)
	if t == nil {
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		f.writeError(w, http.StatusBadRequest, "invalid_params", "Content-Type must be application/json; charset=UTF-8")
		return
	}
	var body map[string]any
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		f.writeError(w, http.StatusBadRequest, "invalid_params", "the body must be a JSON object: "+err.Error())
		return
	}
	if !slices.Contains(t.scopes, "video.publish") {
		f.writeError(w, http.StatusUnauthorized, "scope_not_authorized", "The user did not authorize the scope required for completing this request.")
		return
	}
	f.mu.Lock()
	name := f.names[t.subject]
	data := map[string]any{
		"creator_avatar_url": f.URL + "/avatar/" + t.subject + ".jpeg", "creator_username": f.Username, "creator_nickname": name,
		"privacy_level_options": f.PrivacyLevels, "comment_disabled": f.CommentDisabled, "duet_disabled": f.DuetDisabled,
		"stitch_disabled": f.StitchDisabled, "max_video_post_duration_sec": 600,
	}
	f.mu.Unlock()
	ok(w, data)
}

func (f *TikTok) init(w http.ResponseWriter, r *http.Request) {
	t := f.bearer(w, r)
	if t == nil {
		return
	}
	var body struct {
		MediaType string `json:"media_type"`
		PostMode  string `json:"post_mode"`
		PostInfo  struct {
			Title          string `json:"title"`
			Description    string `json:"description"`
			PrivacyLevel   string `json:"privacy_level"`
			DisableComment bool   `json:"disable_comment"`
			AutoAddMusic   bool   `json:"auto_add_music"`
		} `json:"post_info"`
		SourceInfo struct {
			Source          string   `json:"source"`
			PhotoCoverIndex *int     `json:"photo_cover_index"`
			PhotoImages     []string `json:"photo_images"`
		} `json:"source_info"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		f.writeError(w, http.StatusBadRequest, "invalid_params", err.Error())
		return
	}
	allowed := false
	for _, p := range f.PrivacyLevels {
		allowed = allowed || p == body.PostInfo.PrivacyLevel
	}
	n := len(body.SourceInfo.PhotoImages)
	switch {
	case body.MediaType != "PHOTO" || (body.PostMode != "DIRECT_POST" && body.PostMode != "MEDIA_UPLOAD") || body.SourceInfo.Source != "PULL_FROM_URL" || body.SourceInfo.PhotoCoverIndex == nil:
		f.writeError(w, http.StatusBadRequest, "invalid_params", "media_type PHOTO, post_mode, source PULL_FROM_URL and photo_cover_index are required")
		return
	case n < 1 || n > 35:
		f.writeError(w, http.StatusBadRequest, "invalid_params", fmt.Sprintf("photo_images takes 1 to 35 images, not %d", n))
		return
	case len([]rune(body.PostInfo.Title)) > 90 || len([]rune(body.PostInfo.Description)) > 4000:
		f.writeError(w, http.StatusBadRequest, "invalid_params", "the title takes 90 characters and the description 4000")
		return
	case !allowed:
		f.writeError(w, http.StatusBadRequest, "privacy_level_option_mismatch", "privacy_level is not one the creator allows")
		return
	}
	p := &tiktokPublish{owner: t.subject, status: "PROCESSING_DOWNLOAD", public: body.PostInfo.PrivacyLevel == "PUBLIC_TO_EVERYONE"}
	// TikTok pulls the photos, and refuses the whole post for one bad photo.
	for _, u := range body.SourceInfo.PhotoImages {
		data, err := fetch(u)
		if err != nil {
			p.status, p.reason = "FAILED", "file_format_check_failed"
			break
		}
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			p.status, p.reason = "FAILED", "file_format_check_failed"
			break
		}
		if min(cfg.Width, cfg.Height) > 1080 {
			p.status, p.reason = "FAILED", "picture_size_check_failed"
			break
		}
	}
	f.mu.Lock()
	if f.FailReason != "" {
		p.status, p.reason = "FAILED", f.FailReason
	}
	id := fmt.Sprintf("p_pub_url~v2.%d", 7400000000000000000+f.next())
	f.publishes[id] = p
	if p.status != "FAILED" {
		f.posts = append(f.posts, Post{ID: id, Author: t.subject, Text: body.PostInfo.Description, Title: body.PostInfo.Title, Media: body.SourceInfo.PhotoImages, Privacy: body.PostInfo.PrivacyLevel, Made: time.Now()})
	}
	f.mu.Unlock()
	f.hold(r)
	ok(w, map[string]string{"publish_id": id})
}

func (f *TikTok) status(w http.ResponseWriter, r *http.Request) {
	t := f.bearer(w, r)
	if t == nil {
		return
	}
	var body struct {
		PublishID string `json:"publish_id"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	f.mu.Lock()
	defer f.mu.Unlock()
	p := f.publishes[body.PublishID]
	if p == nil || p.owner != t.subject {
		f.writeError(w, http.StatusBadRequest, "invalid_publish_id", "publish_id does not exist")
		return
	}
	p.polls++
	if p.status == "PROCESSING_DOWNLOAD" && p.polls > f.processing {
		p.status = "PUBLISH_COMPLETE"
		if p.public {
			p.postID = fmt.Sprintf("%d", 7500000000000000000+f.next())
		}
	}
	data := map[string]any{"status": p.status, "fail_reason": p.reason, "uploaded_bytes": 0, "downloaded_bytes": 1024}
	if p.postID != "" {
		data["publicaly_available_post_id"] = []json.Number{json.Number(p.postID)}
	} else {
		data["publicaly_available_post_id"] = []json.Number{}
	}
	ok(w, data)
}
