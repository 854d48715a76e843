// SPDX-License-Identifier: MIT

package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// LinkedIn is a stand-in for LinkedIn's OAuth and versioned REST API
// (documents, posts, organization ACLs, OpenID userinfo).
type LinkedIn struct {
	*Server
	// Inactive lists LinkedIn-Version values the fake refuses as expired.
	Inactive map[string]bool
	// FailProcessing makes documents end in PROCESSING_FAILED.
	FailProcessing bool
	// Organizations maps a member's id to the pages they administer (id → name).
	Organizations map[string]map[string]string

	docs  map[string]*document // by URN
	polls map[string]int
	names map[string]string // member id → name
}

type document struct {
	owner    string
	data     []byte
	uploaded bool
}

// NewLinkedIn starts a fake LinkedIn. Close it when done.
func NewLinkedIn() *LinkedIn {
	f := &LinkedIn{Server: newServer("linkedin-client"), Inactive: map[string]bool{}, Organizations: map[string]map[string]string{},
		docs: map[string]*document{}, polls: map[string]int{}, names: map[string]string{}}
	f.writeError = func(w http.ResponseWriter, status int, code, msg string) {
		body := map[string]any{"status": status, "code": code, "message": msg}
		if status == http.StatusTooManyRequests {
			body["serviceErrorCode"] = 101
		}
		writeJSON(w, status, body)
	}
	f.authError = func(w http.ResponseWriter, kind, msg string) {
		codes := map[string][2]any{"invalid": {65600, "INVALID_ACCESS_TOKEN"}, "revoked": {65601, "REVOKED_ACCESS_TOKEN"}, "expired": {65602, "EXPIRED_ACCESS_TOKEN"}}
		c := codes[kind]
		writeJSON(w, http.StatusUnauthorized, map[string]any{"status": 401, "serviceErrorCode": c[0], "code": c[1], "message": msg})
	}
	m := f.mux
	m.HandleFunc("/oauth/v2/authorization", f.authorize("LinkedIn", "client_id", "ada123"))
	m.HandleFunc("POST /oauth/v2/accessToken", f.accessToken)
	m.HandleFunc("GET /v2/userinfo", f.userinfo)
	m.HandleFunc("GET /rest/organizationAcls", f.versioned(f.acls))
	m.HandleFunc("GET /rest/organizations/{id}", f.versioned(f.organization))
	m.HandleFunc("POST /rest/documents", f.versioned(f.initializeUpload))
	m.HandleFunc("PUT /dms-uploads/{id}", f.upload)
	m.HandleFunc("GET /rest/documents/{urn}", f.versioned(f.getDocument))
	m.HandleFunc("POST /rest/posts", f.versioned(f.createPost))
	m.HandleFunc("GET /rest/posts", f.versioned(f.listPosts))
	return f
}

// Member makes token valid for the member id with the member scopes.
func (f *LinkedIn) Member(tok, id, name string) {
	f.AddToken(tok, id, "openid", "profile", "w_member_social")
	f.mu.Lock()
	f.names[id] = name
	f.mu.Unlock()
}

var versionRE = regexp.MustCompile(`^\d{6}$`)

// versioned checks the headers every versioned REST call needs, and the token.
func (f *LinkedIn) versioned(h func(http.ResponseWriter, *http.Request, *token)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t := f.bearer(w, r)
		if t == nil {
			return
		}
		v := r.Header.Get("LinkedIn-Version")
		if !versionRE.MatchString(v) {
			f.writeError(w, http.StatusBadRequest, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.")
			return
		}
		if f.Inactive[v] {
			f.writeError(w, http.StatusUpgradeRequired, "NONEXISTENT_VERSION", "Requested version "+v+" is not active")
			return
		}
		if r.Header.Get("X-Restli-Protocol-Version") != "2.0.0" {
			f.writeError(w, http.StatusBadRequest, "INVALID_PROTOCOL", "X-Restli-Protocol-Version must be 2.0.0")
			return
		}
		h(w, r, t)
	}
}

func (f *LinkedIn) accessToken(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	form := r.PostForm
	oauthErr := func(code, desc string) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": code, "error_description": desc})
	}
	if form.Get("client_id") != f.ClientID || form.Get("client_secret") != f.ClientSecret {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "Client authentication failed"})
		return
	}
	var sub string
	var scopes []string
	switch form.Get("grant_type") {
	case "authorization_code":
		c, ok := f.redeem(form.Get("code"), form.Get("redirect_uri"))
		if !ok {
			oauthErr("invalid_request", "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired.")
			return
		}
		sub, scopes = c.subject, c.scopes
		f.mu.Lock()
		if f.names[sub] == "" {
			f.names[sub] = "Ada Lovelace"
		}
		f.mu.Unlock()
	case "refresh_token":
		t := f.byRefresh(form.Get("refresh_token"))
		if t == nil {
			oauthErr("invalid_request", "The provided refresh token is invalid or has been revoked")
			return
		}
		sub, scopes = t.subject, t.scopes
	default:
		oauthErr("unsupported_grant_type", "grant_type must be authorization_code or refresh_token")
		return
	}
	access, refresh := f.issue(sub, scopes, true)
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": access, "expires_in": 5184000, "refresh_token": refresh, "refresh_token_expires_in": 31536000,
		"scope": strings.Join(scopes, ","),
	})
}

func (f *LinkedIn) userinfo(w http.ResponseWriter, r *http.Request) {
	t := f.bearer(w, r)
	if t == nil {
		return
	}
	f.mu.Lock()
	name := f.names[t.subject]
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"sub": t.subject, "name": name, "email_verified": true, "locale": map[string]string{"country": "GB", "language": "en"}})
}

func (f *LinkedIn) acls(w http.ResponseWriter, r *http.Request, t *token) {
	q := r.URL.Query()
	if q.Get("q") != "roleAssignee" {
		f.writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "q must be roleAssignee")
		return
	}
	var els []map[string]string
	for id := range f.Organizations[t.subject] {
		els = append(els, map[string]string{"organization": "urn:li:organization:" + id, "role": "ADMINISTRATOR", "state": "APPROVED", "roleAssignee": "urn:li:person:" + t.subject})
	}
	writeJSON(w, http.StatusOK, map[string]any{"elements": els, "paging": map[string]int{"count": len(els), "start": 0}})
}

func (f *LinkedIn) organization(w http.ResponseWriter, r *http.Request, t *token) {
	name, ok := f.Organizations[t.subject][r.PathValue("id")]
	if !ok {
		f.writeError(w, http.StatusNotFound, "NOT_FOUND", "Not Found")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": r.PathValue("id"), "localizedName": name, "vanityName": strings.ToLower(strings.ReplaceAll(name, " ", "-"))})
}

// mayPostAs reports whether the token may act for author.
func (f *LinkedIn) mayPostAs(t *token, author string) bool {
	if author == "urn:li:person:"+t.subject {
		return true
	}
	id, ok := strings.CutPrefix(author, "urn:li:organization:")
	_, admin := f.Organizations[t.subject][id]
	return ok && admin
}

func (f *LinkedIn) initializeUpload(w http.ResponseWriter, r *http.Request, t *token) {
	if r.URL.Query().Get("action") != "initializeUpload" {
		f.writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "action must be initializeUpload")
		return
	}
	var body struct {
		InitializeUploadRequest struct {
			Owner string `json:"owner"`
		} `json:"initializeUploadRequest"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body.InitializeUploadRequest.Owner == "" {
		f.writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "initializeUploadRequest.owner is required")
		return
	}
	if !f.mayPostAs(t, body.InitializeUploadRequest.Owner) {
		f.writeError(w, http.StatusForbidden, "ACCESS_DENIED", "Not enough permissions to access: partnerApiDocuments.ACTION.20251001")
		return
	}
	f.mu.Lock()
	id := fmt.Sprintf("D%d", f.next())
	urn := "urn:li:document:" + id
	f.docs[urn] = &document{owner: body.InitializeUploadRequest.Owner}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"value": map[string]any{
		"uploadUrlExpiresAt": time.Now().Add(time.Hour).UnixMilli(), "uploadUrl": f.URL + "/dms-uploads/" + id, "document": urn,
	}})
}

func (f *LinkedIn) upload(w http.ResponseWriter, r *http.Request) {
	if f.bearer(w, r) == nil {
		return
	}
	data, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	d := f.docs["urn:li:document:"+r.PathValue("id")]
	if d == nil {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	d.data, d.uploaded = data, true
	w.WriteHeader(http.StatusCreated)
}

func (f *LinkedIn) getDocument(w http.ResponseWriter, r *http.Request, t *token) {
	urn := r.PathValue("urn")
	f.mu.Lock()
	d := f.docs[urn]
	f.polls[urn]++
	polls := f.polls[urn]
	processing := f.processing
	f.mu.Unlock()
	if d == nil {
		f.writeError(w, http.StatusNotFound, "NOT_FOUND", "Not Found")
		return
	}
	// A member token (w_member_social) may not read documents.
	if strings.HasPrefix(d.owner, "urn:li:person:") {
		f.writeError(w, http.StatusForbidden, "ACCESS_DENIED", "Not enough permissions to access: documents.GET")
		return
	}
	status := "AVAILABLE"
	switch {
	case !d.uploaded:
		status = "WAITING_UPLOAD"
	case polls <= processing:
		status = "PROCESSING"
	case f.FailProcessing:
		writeJSON(w, http.StatusOK, map[string]any{"id": urn, "owner": d.owner, "status": "PROCESSING_FAILED", "processingFailureReason": "The document could not be converted"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": urn, "owner": d.owner, "status": status, "downloadUrl": f.URL + "/download/" + urn})
}

func (f *LinkedIn) createPost(w http.ResponseWriter, r *http.Request, t *token) {
	var p struct {
		Author       string `json:"author"`
		Commentary   string `json:"commentary"`
		Visibility   string `json:"visibility"`
		Distribution struct {
			FeedDistribution               string `json:"feedDistribution"`
			TargetEntities                 []any  `json:"targetEntities"`
			ThirdPartyDistributionChannels []any  `json:"thirdPartyDistributionChannels"`
		} `json:"distribution"`
		Content struct {
			Media struct {
				Title string `json:"title"`
				ID    string `json:"id"`
			} `json:"media"`
		} `json:"content"`
		LifecycleState            string `json:"lifecycleState"`
		IsReshareDisabledByAuthor *bool  `json:"isReshareDisabledByAuthor"`
	}
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		f.writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "bad post: "+err.Error())
		return
	}
	switch {
	case p.Visibility != "PUBLIC" || p.Distribution.FeedDistribution != "MAIN_FEED" || p.Distribution.TargetEntities == nil ||
		p.Distribution.ThirdPartyDistributionChannels == nil || p.LifecycleState != "PUBLISHED" || p.IsReshareDisabledByAuthor == nil:
		f.writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "visibility, distribution, lifecycleState and isReshareDisabledByAuthor are required")
		return
	case !f.mayPostAs(t, p.Author):
		f.writeError(w, http.StatusForbidden, "ACCESS_DENIED", "Not enough permissions to post as "+p.Author)
		return
	case len([]rune(p.Commentary)) > 3000:
		f.writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "commentary is longer than 3000 characters")
		return
	}
	f.mu.Lock()
	d := f.docs[p.Content.Media.ID]
	if d == nil || !d.uploaded || d.owner != p.Author {
		f.mu.Unlock()
		f.writeError(w, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "content.media.id "+p.Content.Media.ID+" is not an uploaded document of the author")
		return
	}
	for _, old := range f.posts {
		if old.Author == p.Author && old.Text == p.Commentary && p.Commentary != "" {
			f.mu.Unlock()
			writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
				"errorDetailType": "com.linkedin.common.error.BadRequest",
				"message":         "com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of " + old.ID,
				"errorDetails":    map[string]any{"inputErrors": []map[string]any{{"description": "Duplicate post is detected", "input": map[string]any{}, "code": "DUPLICATE_POST"}}},
				"status":          422,
			})
			return
		}
	}
	urn := fmt.Sprintf("urn:li:share:%d", 7300000000000000000+f.next())
	f.posts = append(f.posts, Post{ID: urn, Author: p.Author, Text: p.Commentary, Title: p.Content.Media.Title, Media: []string{p.Content.Media.ID}, Made: time.Now()})
	f.mu.Unlock()
	f.hold(r)
	w.Header().Set("x-restli-id", urn)
	w.WriteHeader(http.StatusCreated)
}

func (f *LinkedIn) listPosts(w http.ResponseWriter, r *http.Request, t *token) {
	q := r.URL.Query()
	author := q.Get("author")
	if q.Get("q") != "author" {
		f.writeError(w, http.StatusBadRequest, "ILLEGAL_ARGUMENT", "q must be author")
		return
	}
	// Reading posts takes r_member_social (closed to most apps) or, for
	// pages, r_organization_social.
	if !strings.HasPrefix(author, "urn:li:organization:") || !f.mayPostAs(t, author) {
		f.writeError(w, http.StatusForbidden, "ACCESS_DENIED", "Not enough permissions to access: posts.FINDER-author")
		return
	}
	var els []map[string]any
	f.mu.Lock()
	for i := len(f.posts) - 1; i >= 0; i-- {
		p := f.posts[i]
		if p.Author == author {
			els = append(els, map[string]any{"id": p.ID, "author": p.Author, "commentary": p.Text, "content": map[string]any{"media": map[string]string{"id": p.Media[0], "title": p.Title}}})
		}
	}
	f.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"elements": els})
}

// Document returns the bytes uploaded for a document URN.
func (f *LinkedIn) Document(urn string) []byte {
	f.mu.Lock()
	defer f.mu.Unlock()
	if d := f.docs[urn]; d != nil {
		return d.data
	}
	return nil
}
