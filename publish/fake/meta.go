// SPDX-License-Identifier: MIT

package fake

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"net/http"
	"strings"
	"time"
)

// Meta is a stand-in for the Instagram Graph API (Instagram Login) or the
// Threads API: media containers, carousels, publishing, and their OAuth.
type Meta struct {
	*Server
	Threads bool
	Version string // the path prefix: "v23.0", "v1.0"
	// ErrorOn makes the container of the image at that address end in
	// ERROR (with Threads' or Instagram's error in it).
	ErrorOn map[string]bool
	// Quota is the daily publishing limit content_publishing_limit reports.
	Quota int

	containers map[string]*container
	users      map[string]string // user id → username
}

type container struct {
	owner     string
	kind      string // "item", "carousel", "single"
	image     string
	children  []string
	text      string
	polls     int
	state     string // IN_PROGRESS, FINISHED, ERROR, PUBLISHED, EXPIRED
	reason    string
	published string // the media id once published
}

// NewInstagram starts a fake Instagram Graph API (graph.instagram.com).
func NewInstagram() *Meta { return newMeta(false) }

// NewThreads starts a fake Threads API (graph.threads.net).
func NewThreads() *Meta { return newMeta(true) }

func newMeta(threads bool) *Meta {
	name, version := "instagram", "v23.0"
	if threads {
		name, version = "threads", "v1.0"
	}
	f := &Meta{Server: newServer(name + "-client"), Threads: threads, Version: version, ErrorOn: map[string]bool{}, Quota: 50,
		containers: map[string]*container{}, users: map[string]string{}}
	f.writeError = func(w http.ResponseWriter, status int, code, msg string) {
		c := 2
		switch status {
		case http.StatusTooManyRequests:
			c = 4
		case http.StatusBadRequest:
			c = 100
		}
		if code != "" {
			fmt.Sscanf(code, "%d", &c)
		}
		writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": "OAuthException", "code": c, "fbtrace_id": "Afake"}})
	}
	// The Graph API answers a bad token with code 190 (subcode 463 for an
	// expired one) and HTTP 400.
	f.authError = func(w http.ResponseWriter, kind, msg string) {
		sub := map[string]int{"invalid": 0, "revoked": 460, "expired": 463}[kind]
		if kind == "expired" {
			msg = "Error validating access token: Session has expired on Tuesday, 01-Dec-26 10:00:00 PST."
		}
		e := map[string]any{"message": msg, "type": "OAuthException", "code": 190, "fbtrace_id": "Afake"}
		if sub != 0 {
			e["error_subcode"] = sub
		}
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": e})
	}
	m := f.mux
	v := "/" + version
	edge, publish := "media", "media_publish"
	if threads {
		edge, publish = "threads", "threads_publish"
	}
	m.HandleFunc("/oauth/authorize", f.authorize(strings.ToUpper(name[:1])+name[1:], "client_id", "17841400000000001"))
	m.HandleFunc("POST /oauth/access_token", f.shortToken)
	m.HandleFunc("GET /access_token", f.longToken)
	m.HandleFunc("GET /refresh_access_token", f.refreshToken)
	m.HandleFunc("GET "+v+"/me", f.me)
	m.HandleFunc("POST "+v+"/{user}/"+edge, f.createContainer)
	m.HandleFunc("GET "+v+"/{user}/"+edge, f.listMedia)
	m.HandleFunc("POST "+v+"/{user}/"+publish, f.publish)
	m.HandleFunc("GET "+v+"/{user}/content_publishing_limit", f.limit)
	m.HandleFunc("GET "+v+"/{user}/threads_publishing_limit", f.limit)
	m.HandleFunc("GET "+v+"/{id}", f.getNode)
	return f
}

// User makes token valid for the user id.
func (f *Meta) User(tok, id, username string) {
	f.AddToken(tok, id)
	f.mu.Lock()
	f.users[id] = username
	f.mu.Unlock()
}

func (f *Meta) param(r *http.Request, k string) string {
	r.ParseForm()
	return r.Form.Get(k)
}

func (f *Meta) token(w http.ResponseWriter, r *http.Request) *token {
	return f.check(w, f.param(r, "access_token"))
}

func (f *Meta) shortToken(w http.ResponseWriter, r *http.Request) {
	if f.param(r, "client_id") != f.ClientID || f.param(r, "client_secret") != f.ClientSecret {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error_type": "OAuthException", "code": 400, "error_message": "Invalid platform app"})
		return
	}
	c, ok := f.redeem(f.param(r, "code"), f.param(r, "redirect_uri"))
	if !ok || f.param(r, "grant_type") != "authorization_code" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error_type": "OAuthException", "code": 400, "error_message": "Invalid authorization code"})
		return
	}
	f.mu.Lock()
	if f.users[c.subject] == "" {
		f.users[c.subject] = "ada_builds"
	}
	f.mu.Unlock()
	access, _ := f.issue(c.subject, c.scopes, false)
	if f.Threads {
		writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "user_id": c.subject})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": []map[string]any{{"access_token": access, "user_id": c.subject, "permissions": strings.Join(c.scopes, ",")}}})
}

func (f *Meta) longToken(w http.ResponseWriter, r *http.Request) {
	grant := "ig_exchange_token"
	if f.Threads {
		grant = "th_exchange_token"
	}
	if f.param(r, "grant_type") != grant || f.param(r, "client_secret") != f.ClientSecret {
		f.writeError(w, http.StatusBadRequest, "100", "grant_type must be "+grant+" with the app secret")
		return
	}
	t := f.token(w, r)
	if t == nil {
		return
	}
	access, _ := f.issue(t.subject, t.scopes, false)
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "token_type": "bearer", "expires_in": 5183944})
}

func (f *Meta) refreshToken(w http.ResponseWriter, r *http.Request) {
	grant := "ig_refresh_token"
	if f.Threads {
		grant = "th_refresh_token"
	}
	if f.param(r, "grant_type") != grant {
		f.writeError(w, http.StatusBadRequest, "100", "grant_type must be "+grant)
		return
	}
	t := f.token(w, r)
	if t == nil {
		return
	}
	access, _ := f.issue(t.subject, t.scopes, false)
	writeJSON(w, http.StatusOK, map[string]any{"access_token": access, "token_type": "bearer", "expires_in": 5183944})
}

func (f *Meta) me(w http.ResponseWriter, r *http.Request) {
	t := f.token(w, r)
	if t == nil {
		return
	}
	f.mu.Lock()
	u := f.users[t.subject]
	f.mu.Unlock()
	if f.Threads {
		writeJSON(w, http.StatusOK, map[string]any{"id": t.subject, "username": u, "name": "Ada Lovelace"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": "app-scoped-" + t.subject, "user_id": t.subject, "username": u, "name": "Ada Lovelace", "account_type": "BUSINESS"})
}

// owns checks the token is the user of the path.
func (f *Meta) owns(w http.ResponseWriter, r *http.Request) (*token, bool) {
	t := f.token(w, r)
	if t == nil {
		return nil, false
	}
	if r.PathValue("user") != t.subject {
		f.writeError(w, http.StatusBadRequest, "100", fmt.Sprintf("Unsupported request: object with ID '%s' does not exist or cannot be loaded due to missing permissions", r.PathValue("user")))
		return nil, false
	}
	return t, true
}

func (f *Meta) captionParam() string {
	if f.Threads {
		return "text"
	}
	return "caption"
}

func (f *Meta) createContainer(w http.ResponseWriter, r *http.Request) {
	t, ok := f.owns(w, r)
	if !ok {
		return
	}
	text := f.param(r, f.captionParam())
	limit, maxItems := 2200, 10
	if f.Threads {
		limit, maxItems = 500, 20
	}
	if len([]rune(text)) > limit {
		f.writeError(w, http.StatusBadRequest, "100", fmt.Sprintf("The %s is longer than %d characters", f.captionParam(), limit))
		return
	}
	c := &container{owner: t.subject, state: "IN_PROGRESS", text: text}
	mediaType := f.param(r, "media_type")
	if mediaType == "CAROUSEL" {
		c.kind = "carousel"
		c.children = strings.Split(f.param(r, "children"), ",")
		if len(c.children) < 2 || len(c.children) > maxItems {
			f.writeError(w, http.StatusBadRequest, "100", fmt.Sprintf("A carousel takes 2 to %d children, not %d", maxItems, len(c.children)))
			return
		}
		f.mu.Lock()
		for _, id := range c.children {
			ch := f.containers[id]
			if ch == nil || ch.kind != "item" || ch.owner != t.subject || ch.state != "FINISHED" {
				f.mu.Unlock()
				f.writeError(w, http.StatusBadRequest, "9007", "Media ID is not available: child "+id+" is not a finished carousel item")
				return
			}
		}
		f.mu.Unlock()
	} else {
		if f.Threads && mediaType != "IMAGE" {
			f.writeError(w, http.StatusBadRequest, "100", "media_type must be IMAGE, VIDEO, TEXT or CAROUSEL")
			return
		}
		c.kind, c.image = "single", f.param(r, "image_url")
		if f.param(r, "is_carousel_item") == "true" {
			c.kind = "item"
			if text != "" {
				f.writeError(w, http.StatusBadRequest, "100", "carousel items take no caption")
				return
			}
		}
		// The platform downloads the image; an address it cannot reach,
		// or a picture it does not take, ends the container in ERROR.
		c.state, c.reason = f.checkImage(c.image)
		if c.state == "FINISHED" {
			c.state = "IN_PROGRESS"
		}
	}
	f.mu.Lock()
	id := fmt.Sprintf("1790%012d", f.next())
	f.containers[id] = c
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]string{"id": id})
}

// checkImage fetches and checks an image as Meta does.
func (f *Meta) checkImage(u string) (state, reason string) {
	if f.ErrorOn[u] {
		return "ERROR", "Error: 2207004: the image could not be downloaded"
	}
	data, err := fetch(u)
	if err != nil {
		return "ERROR", "Error: 2207052: the media could not be fetched from this URI: " + err.Error()
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		if f.Threads {
			return "ERROR", "UNSUPPORTED_IMAGE_FORMAT"
		}
		return "ERROR", "Error: 2207009: the image is not a JPEG"
	}
	a := float64(cfg.Width) / float64(cfg.Height)
	if cfg.Width > 1440 || cfg.Width < 320 {
		return "ERROR", fmt.Sprintf("Error: 2207026: the image is %d px wide (320 to 1440)", cfg.Width)
	}
	if !f.Threads && (a < 0.795 || a > 1.915) {
		return "ERROR", fmt.Sprintf("Error: 2207009: the aspect ratio %.2f is not supported", a)
	}
	return "FINISHED", ""
}

func (f *Meta) getNode(w http.ResponseWriter, r *http.Request) {
	t := f.token(w, r)
	if t == nil {
		return
	}
	id := r.PathValue("id")
	f.mu.Lock()
	defer f.mu.Unlock()
	if c := f.containers[id]; c != nil && c.owner == t.subject {
		c.polls++
		if c.state == "IN_PROGRESS" && c.polls > f.processing {
			c.state = "FINISHED"
			if c.kind == "carousel" {
				for _, ch := range c.children {
					if f.containers[ch].state == "ERROR" {
						c.state, c.reason = "ERROR", f.containers[ch].reason
					}
				}
			}
		}
		if f.Threads {
			body := map[string]string{"id": id, "status": c.state}
			if c.state == "ERROR" {
				body["error_message"] = c.reason
			}
			writeJSON(w, http.StatusOK, body)
			return
		}
		body := map[string]string{"id": id, "status_code": c.state}
		if c.state == "ERROR" {
			body["status"] = c.reason
		}
		writeJSON(w, http.StatusOK, body)
		return
	}
	for _, p := range f.posts {
		if p.ID == id && p.Author == t.subject {
			writeJSON(w, http.StatusOK, map[string]string{"id": id, "permalink": f.permalink(p.ID)})
			return
		}
	}
	f.writeError(w, http.StatusBadRequest, "100", fmt.Sprintf("Unsupported get request. Object with ID '%s' does not exist", id))
}

func (f *Meta) permalink(id string) string {
	if f.Threads {
		return "https://www.threads.net/@ada_builds/post/" + id
	}
	return "https://www.instagram.com/p/" + id + "/"
}

func (f *Meta) publish(w http.ResponseWriter, r *http.Request) {
	t, ok := f.owns(w, r)
	if !ok {
		return
	}
	id := f.param(r, "creation_id")
	f.mu.Lock()
	c := f.containers[id]
	switch {
	case c == nil || c.owner != t.subject || c.kind == "item":
		f.mu.Unlock()
		f.writeError(w, http.StatusBadRequest, "100", "creation_id is not a container of this user")
		return
	case c.state == "PUBLISHED":
		f.mu.Unlock()
		f.writeError(w, http.StatusBadRequest, "100", "The media has already been published")
		return
	case c.state != "FINISHED":
		f.mu.Unlock()
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"message": "Media ID is not available", "type": "OAuthException", "code": 9007, "error_subcode": 2207027, "error_user_msg": "The media is not ready for publishing, please wait for a moment"}})
		return
	}
	mediaID := fmt.Sprintf("1800%012d", f.next())
	c.state, c.published = "PUBLISHED", mediaID
	var images []string
	if c.kind == "carousel" {
		for _, ch := range c.children {
			images = append(images, f.containers[ch].image)
		}
	} else {
		images = []string{c.image}
	}
	f.posts = append(f.posts, Post{ID: mediaID, Author: t.subject, Text: c.text, Media: images, Made: time.Now()})
	f.mu.Unlock()
	f.hold(r)
	writeJSON(w, http.StatusOK, map[string]string{"id": mediaID})
}

func (f *Meta) listMedia(w http.ResponseWriter, r *http.Request) {
	t, ok := f.owns(w, r)
	if !ok {
		return
	}
	var data []map[string]string
	f.mu.Lock()
	for i := len(f.posts) - 1; i >= 0; i-- {
		p := f.posts[i]
		if p.Author == t.subject {
			data = append(data, map[string]string{"id": p.ID, f.captionParam(): p.Text, "permalink": f.permalink(p.ID), "timestamp": p.Made.UTC().Format("2006-01-02T15:04:05-0700")})
		}
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": data})
}

func (f *Meta) limit(w http.ResponseWriter, r *http.Request) {
	t, ok := f.owns(w, r)
	if !ok {
		return
	}
	used := 0
	f.mu.Lock()
	for _, p := range f.posts {
		if p.Author == t.subject && time.Since(p.Made) < 24*time.Hour {
			used++
		}
	}
	quota := f.Quota
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": []map[string]any{{"quota_usage": used, "config": map[string]int{"quota_total": quota, "quota_duration": 86400}}}})
}
