// SPDX-License-Identifier: MIT

// Package fake runs stand-ins for the LinkedIn, Instagram, Threads and
// TikTok APIs over HTTP, for tests. Each follows its platform's documented
// requests and answers (see /work/shared/reference/publishing.md and
// docs/publishing.md), checks what it is sent as strictly as the platform
// would, fetches images from the addresses it is given as the real ones
// do, and can be told to fail: expired tokens, rate limits, duplicates,
// containers that end in ERROR, slow processing, answers that never come.
//
// A fake also serves a consent page at its authorization address, so a
// browser can go through the OAuth authorization-code flow against it.
package fake

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"
)

// Post is a post a fake made.
type Post struct {
	ID      string
	Author  string
	Text    string
	Title   string
	Media   []string // the document URN, or the image addresses
	Privacy string
	Made    time.Time
}

// Server is the part every fake shares: tokens, injected failures, the
// posts made and the requests seen.
type Server struct {
	*httptest.Server
	ClientID, ClientSecret string

	mu       sync.Mutex
	tokens   map[string]*token
	codes    map[string]code
	failures map[string][]failure
	holds    map[string]time.Duration
	posts    []Post
	requests []string
	seq      int
	// Processing is how many status checks answer "still processing"
	// before the media is ready.
	processing int
	// mux is the platform's routes.
	mux *http.ServeMux
	// writeError writes the platform's error shape; authError its answer
	// to a bad token ("invalid", "revoked" or "expired").
	writeError func(w http.ResponseWriter, status int, code, message string)
	authError  func(w http.ResponseWriter, kind, message string)
	// authorizePath and grant are the platform's OAuth specifics.
}

type token struct {
	subject string
	scopes  []string
	expired bool
	revoked bool
	refresh string
}

type code struct {
	subject, redirect string
	scopes            []string
}

type failure struct {
	status       int
	code, msg    string
	retryAfter   string
	afterHandler bool
}

func newServer(clientID string) *Server {
	s := &Server{
		ClientID: clientID, ClientSecret: clientID + "-secret",
		tokens: map[string]*token{}, codes: map[string]code{}, failures: map[string][]failure{}, holds: map[string]time.Duration{},
		mux: http.NewServeMux(),
	}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	key := r.Method + " " + r.URL.Path
	s.mu.Lock()
	s.requests = append(s.requests, key)
	var f *failure
	if list := s.failures[routeKey(s, key)]; len(list) > 0 {
		f = &list[0]
		s.failures[routeKey(s, key)] = list[1:]
	}
	s.mu.Unlock()
	if f != nil && !f.afterHandler {
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		s.writeError(w, f.status, f.code, f.msg)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// routeKey finds the failure list a request belongs to.
func routeKey(s *Server, key string) string {
	if _, ok := s.failures[key]; ok {
		return key
	}
	for k := range s.failures {
		if matches(k, key) {
			return k
		}
	}
	return key
}

// matches reports whether a request "METHOD /path" matches a route: the
// same string, a path.Match pattern ("POST /v1.0/*/threads_publish"), or
// a prefix ending in "/*" ("POST /v2/post/*").
func matches(route, key string) bool {
	if route == key {
		return true
	}
	if ok, _ := path.Match(route, key); ok {
		return true
	}
	p, ok := strings.CutSuffix(route, "/*")
	return ok && strings.HasPrefix(key, p+"/")
}

// Fail makes the next n requests to route ("POST /rest/posts"; see
// matches for patterns) fail with status and the platform's error shape.
func (s *Server) Fail(route string, n, status int, code, message string) {
	s.FailRetryAfter(route, n, status, code, message, "")
}

// FailRetryAfter is Fail with a Retry-After header.
func (s *Server) FailRetryAfter(route string, n, status int, code, message, retryAfter string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[route] = append(s.failures[route], failure{status: status, code: code, msg: message, retryAfter: retryAfter})
	}
}

// Hold makes the requests that make a post (route, as for Fail) make it,
// then wait d before they answer: a server killed meanwhile never hears
// that the post was made.
func (s *Server) Hold(route string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holds[route] = d
}

// hold waits as Hold asked for r, after its post was made.
func (s *Server) hold(r *http.Request) {
	key := r.Method + " " + r.URL.Path
	s.mu.Lock()
	var d time.Duration
	for route, h := range s.holds {
		if matches(route, key) {
			d = h
		}
	}
	s.mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

// SetProcessing makes every later media wait n status checks before it is ready.
func (s *Server) SetProcessing(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.processing = n
}

// AddToken makes token valid for subject with scopes.
func (s *Server) AddToken(tok, subject string, scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tokens[tok] = &token{subject: subject, scopes: scopes}
}

// ExpireTokens makes every token issued so far expired.
func (s *Server) ExpireTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.expired = true
	}
}

// RevokeTokens makes every token and refresh token revoked.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		t.revoked = true
	}
}

// Posts returns the posts made so far.
func (s *Server) Posts() []Post {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Post(nil), s.posts...)
}

// Requests returns the "METHOD /path" of every request so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Count returns how many requests matched route ("POST /rest/posts").
func (s *Server) Count(route string) int {
	n := 0
	for _, r := range s.Requests() {
		if matches(route, r) {
			n++
		}
	}
	return n
}

func (s *Server) next() int {
	s.seq++
	return s.seq
}

// bearer returns the token of an "Authorization: Bearer" request, or
// writes the platform's 401 and returns nil.
func (s *Server) bearer(w http.ResponseWriter, r *http.Request) *token {
	tok, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return s.check(w, tok)
}

// check validates a token given as a parameter.
func (s *Server) check(w http.ResponseWriter, tok string) *token {
	s.mu.Lock()
	t := s.tokens[tok]
	s.mu.Unlock()
	switch {
	case t == nil:
		s.authError(w, "invalid", "Invalid access token")
	case t.revoked:
		s.authError(w, "revoked", "The token used in the request has been revoked by the user")
	case t.expired:
		s.authError(w, "expired", "The token used in the request has expired")
	default:
		return t
	}
	return nil
}

// Issue makes a new access token and refresh token for subject.
func (s *Server) Issue(subject string, scopes ...string) (access, refresh string) {
	return s.issue(subject, scopes, true)
}

// issue makes a new access token (and refresh token when refresh is set).
func (s *Server) issue(subject string, scopes []string, refresh bool) (access, refreshTok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	access = fmt.Sprintf("%s-access-%d", s.ClientID, s.next())
	t := &token{subject: subject, scopes: scopes}
	if refresh {
		t.refresh = fmt.Sprintf("%s-refresh-%d", s.ClientID, s.next())
	}
	s.tokens[access] = t
	return access, t.refresh
}

// byRefresh returns the live token with that refresh token.
func (s *Server) byRefresh(refresh string) *token {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.tokens {
		if t.refresh == refresh && refresh != "" && !t.revoked {
			return t
		}
	}
	return nil
}

var consent = template.Must(template.New("consent").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Platform}}: allow Carousel Studio?</title></head>
<body style="font-family:sans-serif;max-width:32em;margin:4em auto">
<h1>{{.Platform}} (test double)</h1>
<p>Carousel Studio ({{.ClientID}}) asks to: <b>{{.Scopes}}</b></p>
<form method="post" action="{{.Action}}">
<input type="hidden" name="redirect_uri" value="{{.Redirect}}">
<input type="hidden" name="state" value="{{.State}}">
<input type="hidden" name="scope" value="{{.Scopes}}">
<label>Sign in as <input name="subject" value="{{.Subject}}"></label>
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Cancel</button>
</form></body></html>`))

// authorize serves the consent page of the authorization address, checks
// the client id, and on "Allow" sends the browser back with a code.
func (s *Server) authorize(platform, clientParam, defaultSubject string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			if q.Get(clientParam) != s.ClientID {
				http.Error(w, "unknown client "+q.Get(clientParam), http.StatusBadRequest)
				return
			}
			if q.Get("response_type") != "code" || q.Get("redirect_uri") == "" || q.Get("state") == "" {
				http.Error(w, "response_type=code, redirect_uri and state are required", http.StatusBadRequest)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			consent.Execute(w, map[string]string{
				"Platform": platform, "ClientID": s.ClientID, "Scopes": q.Get("scope"), "Action": r.URL.Path,
				"Redirect": q.Get("redirect_uri"), "State": q.Get("state"), "Subject": defaultSubject,
			})
			return
		}
		r.ParseForm()
		back, err := url.Parse(r.PostForm.Get("redirect_uri"))
		if err != nil {
			http.Error(w, "bad redirect_uri", http.StatusBadRequest)
			return
		}
		q := back.Query()
		q.Set("state", r.PostForm.Get("state"))
		if r.PostForm.Get("decision") != "allow" {
			q.Set("error", "user_cancelled_authorize")
			q.Set("error_description", "The user cancelled the authorization")
		} else {
			s.mu.Lock()
			c := fmt.Sprintf("code-%d", s.next())
			s.codes[c] = code{subject: r.PostForm.Get("subject"), redirect: r.PostForm.Get("redirect_uri"), scopes: splitList(r.PostForm.Get("scope"))}
			s.mu.Unlock()
			q.Set("code", c)
		}
		back.RawQuery = q.Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	}
}

// redeem checks and uses up an authorization code.
func (s *Server) redeem(c, redirect string) (code, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	got, ok := s.codes[c]
	if !ok || got.redirect != redirect {
		return code{}, false
	}
	delete(s.codes, c)
	return got, true
}

func splitList(v string) []string {
	return strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// fetch downloads an image as a platform does, from its public address.
func fetch(u string) ([]byte, error) {
	c := &http.Client{Timeout: 10 * time.Second}
	res, err := c.Get(u)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %d", res.StatusCode)
	}
	return io.ReadAll(io.LimitReader(res.Body, 30<<20))
}
