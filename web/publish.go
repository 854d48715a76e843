// SPDX-License-Identifier: MIT

package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// publishRoutes are the publishing rows of the route table: connected
// accounts (OAuth), plans and posts, and the signed public addresses the
// platforms fetch images from.
func (s *Server) publishRoutes() []route {
	return []route{
		{"GET /api/publish/platforms", view, s.publishPlatforms},
		{"GET /api/social-accounts", view, s.listAccounts},
		{"PUT /api/social-accounts/{id}", edit, s.updateAccount},
		{"DELETE /api/social-accounts/{id}", edit, s.deleteAccount},
		{"POST /api/social-accounts/connect", edit, s.connectAccount},
		// What TikTok lets the creator post (privacy levels, interactions
		// turned off): asked of TikTok each time, with the account's token,
		// for composing a post.
		{"GET /api/social-accounts/{id}/creator-info", edit, s.tiktokCreator},
		// The platform sends the browser back here; the state it carries is
		// signed and bound to the browser by a cookie, and names the workspace.
		{"GET /oauth/{platform}/callback", public, s.oauthCallback},
		{"GET /api/projects/{id}/publish/plan", edit, s.publishPlan},
		{"POST /api/projects/{id}/publish", edit, s.publishProject},
		{"GET /api/posts", view, s.listPosts},
		{"GET /api/posts/{id}", view, s.getPost},
		{"GET /api/posts/{id}/media/{n}", view, s.getPostImage},
		{"GET /api/posts/{id}/preview.jpg", view, s.getPostPreview},
		{"POST /api/posts/{id}/cancel", edit, s.cancelPost},
		{"POST /api/posts/{id}/retry", edit, s.retryPost},
		{"POST /api/posts/{id}/published", edit, s.markPostPublished},
		// The platforms fetch images without signing in: the signed address
		// is the credential, and it names one image.
		{"GET /public/media/{token}", public, s.publicMedia},
	}
}

// errPublishingOff answers publishing requests when there is no secret key.
var errPublishingOff = carousel.Errorf(carousel.EUNAVAILABLE,
	"Publishing is off on this server: set CAROUSEL_SECRET_KEY (make one with `carousel accounts keygen`) or --secret-key-file and restart carousel serve. See docs/publishing.md.")

func (s *Server) publishing(w http.ResponseWriter, r *http.Request) bool {
	if s.Publish == nil || s.SocialAccounts == nil || s.Posts == nil {
		s.Error(w, r, errPublishingOff)
		return false
	}
	return true
}

type platformsResponse struct {
	Enabled   bool                      `json:"enabled"`
	Problem   string                    `json:"problem,omitempty"`
	PublicURL string                    `json:"publicUrl,omitempty"`
	Platforms []carousel.PlatformStatus `json:"platforms"`
}

func (s *Server) publishPlatforms(w http.ResponseWriter, r *http.Request) {
	res := platformsResponse{Enabled: s.Publish != nil, PublicURL: s.PublicURL}
	if s.Publish != nil {
		res.Platforms = s.Publish.Platforms()
	} else {
		res.Problem = carousel.ErrorMessage(errPublishingOff)
		for _, p := range carousel.PublishPlatforms {
			res.Platforms = append(res.Platforms, carousel.PlatformStatus{PublishPlatform: p, Problem: res.Problem})
		}
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) listAccounts(w http.ResponseWriter, r *http.Request) {
	if s.SocialAccounts == nil {
		writeJSON(w, http.StatusOK, map[string]any{"accounts": []any{}})
		return
	}
	q := r.URL.Query()
	list, err := s.SocialAccounts.FindSocialAccounts(r.Context(), carousel.SocialAccountFilter{Platform: q.Get("platform"), ProfileID: q.Get("profile")})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"accounts": list})
}

func (s *Server) updateAccount(w http.ResponseWriter, r *http.Request) {
	if !s.publishing(w, r) {
		return
	}
	var req struct {
		ProfileID string `json:"profileId"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.SocialAccounts.SetSocialAccountProfile(r.Context(), r.PathValue("id"), req.ProfileID); err != nil {
		s.Error(w, r, err)
		return
	}
	a, err := s.SocialAccounts.FindSocialAccountByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, a)
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) {
	if s.SocialAccounts == nil {
		s.Error(w, r, errPublishingOff)
		return
	}
	if err := s.SocialAccounts.DeleteSocialAccount(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// tiktokCreator answers what TikTok's creator info query says of a TikTok
// account. TikTok requires the query before every post and forbids a
// preselected privacy level, so the Publish dialog offers what it lists.
func (s *Server) tiktokCreator(w http.ResponseWriter, r *http.Request) {
	if !s.publishing(w, r) {
		return
	}
	ci, err := s.Publish.TikTokCreator(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, ci)
}

// oauthCookie carries the nonce of a connection in progress, so that only
// the browser that started it can finish it; returnCookie the project the
// person was on, to go back to.
const (
	oauthCookie  = "carousel_oauth"
	returnCookie = "carousel_oauth_project"
)

// redirectURI is where a platform sends the person back: on the public
// address when there is one, else on the address the studio was reached at.
func (s *Server) redirectURI(r *http.Request, platform string) string {
	base := s.PublicURL
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/oauth/" + url.PathEscape(platform) + "/callback"
}

func (s *Server) connectAccount(w http.ResponseWriter, r *http.Request) {
	if !s.publishing(w, r) {
		return
	}
	var req struct {
		Platform  string `json:"platform"`
		ProfileID string `json:"profileId"`
		Project   string `json:"project"` // the project to come back to
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Project != "" && !safeID(req.Project) {
		s.Error(w, r, carousel.FieldError("project", "not a project id: %q", req.Project))
		return
	}
	if req.ProfileID != "" && s.Profiles != nil {
		if _, err := s.Profiles.FindProfileByID(r.Context(), req.ProfileID); err != nil {
			s.Error(w, r, carousel.FieldError("profileId", "no brand profile %q", req.ProfileID))
			return
		}
	}
	redirect := s.redirectURI(r, req.Platform)
	authURL, nonce, err := s.Publish.AuthorizeURL(r.Context(), req.Platform, req.ProfileID, redirect)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: oauthCookie, Value: nonce, Path: "/oauth/", MaxAge: 15 * 60, HttpOnly: true,
		// Lax: the cookie comes back on the platform's top-level redirect.
		SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(redirect, "https://"),
	})
	http.SetCookie(w, &http.Cookie{Name: returnCookie, Value: req.Project, Path: "/oauth/", MaxAge: 15 * 60, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, Secure: strings.HasPrefix(redirect, "https://")})
	writeJSON(w, http.StatusOK, map[string]string{"url": authURL, "redirectUri": redirect})
}

// oauthCallback finishes a connection and sends the person back to the
// studio's Publish panel, which shows what happened.
func (s *Server) oauthCallback(w http.ResponseWriter, r *http.Request) {
	platform := r.PathValue("platform")
	q := r.URL.Query()
	back := url.Values{}
	if c, err := r.Cookie(returnCookie); err == nil && safeID(c.Value) {
		back.Set("p", c.Value)
	}
	for _, name := range []string{oauthCookie, returnCookie} {
		http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/oauth/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
	done := func() {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, "/?"+back.Encode()+"#publish", http.StatusSeeOther)
	}
	if s.Publish == nil {
		back.Set("connectError", carousel.ErrorMessage(errPublishingOff))
		done()
		return
	}
	if e := q.Get("error"); e != "" {
		msg := q.Get("error_description")
		if msg == "" {
			msg = e
		}
		back.Set("connectError", "The platform did not connect the account: "+msg)
		done()
		return
	}
	var nonce string
	if c, err := r.Cookie(oauthCookie); err == nil {
		nonce = c.Value
	}
	accounts, err := s.Publish.CompleteAuthorization(r.Context(), platform, q.Get("state"), q.Get("code"), nonce, s.redirectURI(r, platform))
	if err != nil {
		if carousel.ErrorCode(err) == carousel.EINTERNAL {
			s.Logger.Error("connect an account", "platform", platform, "err", err)
		}
		back.Set("connectError", carousel.ErrorMessage(err))
		done()
		return
	}
	names := make([]string, len(accounts))
	for i, a := range accounts {
		names[i] = a.Name
	}
	back.Set("connected", platform)
	back.Set("accounts", strings.Join(names, ", "))
	done()
}

// safeID reports whether v looks like a store id: 1 to 64 URL-safe characters.
func safeID(v string) bool {
	if v == "" || len(v) > 64 {
		return false
	}
	for _, c := range v {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

func (s *Server) publishPlan(w http.ResponseWriter, r *http.Request) {
	if !s.publishing(w, r) {
		return
	}
	ctx := r.Context()
	p, err := s.loadForRender(ctx, r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var plans []*carousel.PublishPlan
	platforms := r.URL.Query()["platform"]
	if len(platforms) == 0 {
		for _, pl := range carousel.PublishPlatforms {
			platforms = append(platforms, pl.Name)
		}
	}
	for _, name := range platforms {
		plan, err := s.Publish.Plan(ctx, p, name)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		plans = append(plans, plan)
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": plans})
}

// publishRequest is the body of POST /api/projects/{id}/publish.
type publishRequest struct {
	Accounts []carousel.PublishTarget `json:"accounts"`
	At       string                   `json:"at"` // RFC 3339; empty: now
	Split    bool                     `json:"split"`
	Revision int64                    `json:"revision"` // when set, the revision the person looked at
}

func (s *Server) publishProject(w http.ResponseWriter, r *http.Request) {
	if !s.publishing(w, r) {
		return
	}
	var req publishRequest
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	p, err := s.loadForRender(ctx, r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Revision != 0 && req.Revision != p.Revision {
		s.Error(w, r, carousel.Errorf(carousel.ECONFLICT, "the carousel was saved since you opened Publish (revision %d, now %d): look at it again before posting", req.Revision, p.Revision))
		return
	}
	pr := carousel.PublishRequest{Accounts: req.Accounts, Split: req.Split}
	if req.At != "" {
		if pr.At, err = time.Parse(time.RFC3339, req.At); err != nil {
			s.Error(w, r, carousel.FieldError("at", "must be an RFC 3339 time such as 2026-12-24T09:00:00+01:00, found %q", req.At))
			return
		}
	}
	release, err := s.acquireRender(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	jobs, err := s.Publish.Schedule(ctx, p, pr)
	release()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"posts": jobs})
}

func (s *Server) listPosts(w http.ResponseWriter, r *http.Request) {
	if s.Posts == nil {
		writeJSON(w, http.StatusOK, map[string]any{"posts": []any{}})
		return
	}
	q := r.URL.Query()
	f := carousel.PostJobFilter{ProjectID: q.Get("project"), AccountID: q.Get("account")}
	for _, st := range q["state"] {
		f.States = append(f.States, carousel.PostState(st))
	}
	for _, b := range []struct {
		key string
		dst *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(b.key); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				s.Error(w, r, carousel.FieldError(b.key, "must be an RFC 3339 time, found %q", v))
				return
			}
			*b.dst = t
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.Error(w, r, carousel.FieldError("limit", "must be a positive number, found %q", v))
			return
		}
		f.Limit = n
	}
	list, err := s.Posts.FindPostJobs(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{"posts": list})
}

func (s *Server) getPost(w http.ResponseWriter, r *http.Request) {
	if s.Posts == nil {
		s.Error(w, r, errPublishingOff)
		return
	}
	j, err := s.Posts.FindPostJobByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, j)
}

// getPostImage serves a post's image n (1-based), for the studio's list.
func (s *Server) getPostImage(w http.ResponseWriter, r *http.Request) {
	if s.Posts == nil {
		s.Error(w, r, errPublishingOff)
		return
	}
	j, err := s.Posts.FindPostJobByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(j.Media) || !strings.HasPrefix(j.Media[n-1].Type, "image/") {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "post %s has no image %s", j.ID, r.PathValue("n")))
		return
	}
	s.servePostMedia(w, r, j.Media[n-1].Ref)
}

// getPostPreview serves the small picture of a post's first slide.
func (s *Server) getPostPreview(w http.ResponseWriter, r *http.Request) {
	if s.Posts == nil {
		s.Error(w, r, errPublishingOff)
		return
	}
	j, err := s.Posts.FindPostJobByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if j.Preview == "" {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "post %s has no preview", j.ID))
		return
	}
	s.servePostMedia(w, r, j.Preview)
}

// servePostMedia answers with a stored file of a post: an image or its
// preview, which never change under their reference.
func (s *Server) servePostMedia(w http.ResponseWriter, r *http.Request, ref string) {
	data, typ, err := s.Posts.PostMedia(r.Context(), ref)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", typ)
	w.Header().Set("Cache-Control", "private, max-age=86400, immutable")
	w.Write(data)
}

func (s *Server) cancelPost(w http.ResponseWriter, r *http.Request) {
	if s.Posts == nil {
		s.Error(w, r, errPublishingOff)
		return
	}
	j, err := s.Posts.CancelPostJob(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, j)
}

func (s *Server) retryPost(w http.ResponseWriter, r *http.Request) {
	if !s.publishing(w, r) {
		return
	}
	var req struct {
		At string `json:"at"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &req); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	var at time.Time
	if req.At != "" {
		var err error
		if at, err = time.Parse(time.RFC3339, req.At); err != nil {
			s.Error(w, r, carousel.FieldError("at", "must be an RFC 3339 time, found %q", req.At))
			return
		}
	}
	j, err := s.Posts.RetryPostJob(r.Context(), r.PathValue("id"), at)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.Publish.Wake()
	writeJSON(w, http.StatusOK, j)
}

func (s *Server) markPostPublished(w http.ResponseWriter, r *http.Request) {
	if s.Posts == nil {
		s.Error(w, r, errPublishingOff)
		return
	}
	var req struct {
		URL string `json:"url"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	// A post of another workspace is not found, whatever the address.
	if _, err := s.Posts.FindPostJobByID(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	j, err := s.Posts.MarkPostJobPublished(r.Context(), r.PathValue("id"), req.URL)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, j)
}

// publicMedia serves a post's image at its signed, expiring address. It
// works without signing in and for nothing else: the address names one
// image, and a bad or expired one is a plain 404.
func (s *Server) publicMedia(w http.ResponseWriter, r *http.Request) {
	if s.Publish == nil {
		http.NotFound(w, r)
		return
	}
	data, typ, err := s.Publish.Media(r.Context(), r.PathValue("token"))
	if err != nil {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("X-Robots-Tag", "noindex")
	// The platforms' fetchers are not browsers, but a browser opening the
	// address to check it should see the image too.
	h.Set("Cross-Origin-Resource-Policy", "cross-origin")
	if r.Method == http.MethodHead {
		return
	}
	w.Write(data)
}
