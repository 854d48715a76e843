// SPDX-License-Identifier: MIT

package web

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// access is what a route asks of the caller. Every route declares one in
// the route table (routes.go); the zero value is no rule, which Handler
// refuses, so a route cannot be added without deciding who may call it.
type access int

const (
	accessUnset access = iota
	// public: anyone, without a credential. The page shells, static files,
	// health, sign-in, invites and client review links (whose secret in
	// the URL is the credential).
	public
	// signedIn: any credential, whatever the role: who am I, my tokens.
	signedIn
	// review, view, edit, own: a member of the workspace the credential
	// works in, with at least the role client, viewer, editor or owner.
	review
	view
	edit
	own
)

var accessNames = map[access]string{public: "public", signedIn: "signed-in", review: "client", view: "viewer", edit: "editor", own: "owner"}

func (a access) String() string {
	if n, ok := accessNames[a]; ok {
		return n
	}
	return "unset"
}

// role is the least role the access needs, or "" for public and signedIn.
func (a access) role() carousel.Role {
	switch a {
	case review:
		return carousel.RoleClient
	case view:
		return carousel.RoleViewer
	case edit:
		return carousel.RoleEditor
	case own:
		return carousel.RoleOwner
	}
	return ""
}

// principal is who is calling and in which workspace.
type principal struct {
	user      *carousel.User     // nil in single-user mode
	workspace string             // the workspace the credential works in; "" when the user belongs to none
	role      carousel.Role      // the user's role there
	session   string             // the session's secret, when signed in with the cookie
	token     *carousel.APIToken // the token, when signed in with Authorization: Bearer
}

// single reports whether this is single-user mode's implicit owner.
func (p *principal) single() bool { return p.user == nil }

// actor names the principal in the audit log.
func (p *principal) actor() string {
	switch {
	case p == nil:
		return "anonymous"
	case p.user == nil:
		return "single-user mode"
	case p.token != nil:
		return "token " + p.token.Name + " (" + p.user.Email + ")"
	}
	return p.user.Email
}

type principalKey struct{}

// principalOf returns the caller that guard identified, or nil.
func principalOf(r *http.Request) *principal {
	p, _ := r.Context().Value(principalKey{}).(*principal)
	return p
}

// sessionCookie holds a signed-in browser's session secret.
const sessionCookie = "carousel_session"

var (
	errSignInFirst  = carousel.Errorf(carousel.EUNAUTHORIZED, "sign in first: POST /api/session with your email and password, or send Authorization: Bearer <API token>")
	errNoWorkspace  = carousel.Errorf(carousel.EFORBIDDEN, "you are not a member of any workspace: ask an owner for an invite")
	errSingleUser   = carousel.Errorf(carousel.EUNSUPPORTED, "this server runs in single-user mode, without accounts: start it with carousel serve --auth")
	errTokenSession = carousel.Errorf(carousel.EFORBIDDEN, "an API token cannot do this: sign in with a password in the studio or with POST /api/session")
)

// authOn reports whether callers must sign in.
func (s *Server) authOn() bool { return s.Auth && s.Accounts != nil && s.Workspaces != nil }

// identify finds who is calling: in single-user mode the implicit owner
// of the first workspace; otherwise the API token or the session cookie.
// It returns nil without a credential, and an error for a bad one.
func (s *Server) identify(r *http.Request) (*principal, error) {
	if !s.authOn() {
		return &principal{workspace: carousel.DefaultWorkspace, role: carousel.RoleOwner}, nil
	}
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, secret, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(secret) == "" {
			return nil, carousel.Errorf(carousel.EUNAUTHORIZED, "the Authorization header must be \"Bearer <API token>\"")
		}
		return s.identifyToken(r, strings.TrimSpace(secret))
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	sess, err := s.Accounts.FindSession(ctx, c.Value)
	if err != nil {
		return nil, err
	}
	u, err := s.Accounts.FindUserByID(ctx, sess.UserID)
	if err != nil {
		return nil, s.credentialGone(err)
	}
	p := &principal{user: u, session: c.Value, workspace: sess.Workspace}
	role, err := s.Workspaces.FindRole(ctx, sess.Workspace, u.ID)
	switch {
	case err == nil:
		p.role = role
	case carousel.ErrorCode(err) == carousel.ENOTFOUND:
		// Taken out of that workspace: carry on in another one, if any.
		p.workspace = ""
		ms, err := s.Workspaces.FindMemberships(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if len(ms) > 0 {
			p.workspace, p.role = ms[0].Workspace.ID, ms[0].Role
			if err := s.Accounts.SetSessionWorkspace(ctx, c.Value, p.workspace); err != nil {
				return nil, err
			}
		}
	default:
		return nil, err
	}
	return p, nil
}

func (s *Server) identifyToken(r *http.Request, secret string) (*principal, error) {
	ctx := r.Context()
	tok, err := s.Accounts.FindToken(ctx, secret)
	if err != nil {
		return nil, err
	}
	u, err := s.Accounts.FindUserByID(ctx, tok.UserID)
	if err != nil {
		return nil, s.credentialGone(err)
	}
	role, err := s.Workspaces.FindRole(ctx, tok.Workspace, u.ID)
	if err != nil {
		return nil, s.credentialGone(err)
	}
	p := &principal{user: u, token: tok, workspace: tok.Workspace, role: role}
	// Token use is audited once an hour per token, not once a request.
	if tok.LastUsed == nil || s.now().Sub(*tok.LastUsed) >= time.Hour {
		s.record(ctx, r, p, carousel.AuditTokenUse, "token "+tok.Name, "")
	}
	return p, nil
}

// credentialGone turns a credential whose user or membership has gone
// into EUNAUTHORIZED.
func (s *Server) credentialGone(err error) error {
	if carousel.ErrorCode(err) == carousel.ENOTFOUND {
		return carousel.Errorf(carousel.EUNAUTHORIZED, "this credential's account or workspace membership has been removed")
	}
	return err
}

// guard wraps a route's handler with its access rule: it identifies the
// caller, answers 401 without a credential and 403 for a role too low,
// checks CSRF on cookie-authenticated changes, and runs the handler in
// the caller's workspace. Resources of other workspaces are then simply
// not found by the services (404), so ids tell nothing.
func (s *Server) guard(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.identify(r)
		if rt.access == public {
			if err != nil {
				p = nil // a bad credential on a public route is no credential
			}
		} else {
			if err == nil && p == nil {
				err = errSignInFirst
			}
			if err != nil {
				if carousel.ErrorCode(err) == carousel.EUNAUTHORIZED {
					s.clearStaleCookie(w, r)
				}
				s.Error(w, r, err)
				return
			}
		}
		if err := s.checkCSRF(r, rt, p); err != nil {
			s.Error(w, r, err)
			return
		}
		if need := rt.access.role(); need != "" {
			if p.workspace == "" {
				s.Error(w, r, errNoWorkspace)
				return
			}
			if !p.role.Allows(need) {
				s.Error(w, r, carousel.Errorf(carousel.EFORBIDDEN, "your role in this workspace is %s; this needs %s", p.role, need))
				return
			}
		}
		ctx := r.Context()
		if p != nil {
			ctx = context.WithValue(ctx, principalKey{}, p)
			if p.workspace != "" {
				ctx = carousel.NewContextWithWorkspace(ctx, p.workspace)
			}
			if p.user != nil {
				ctx = carousel.NewContextWithUser(ctx, p.user)
			}
		}
		rt.handler(w, r.WithContext(ctx))
	})
}

// clearStaleCookie removes a session cookie the server no longer knows,
// so the browser stops sending it.
func (s *Server) clearStaleCookie(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(sessionCookie); err == nil && r.Header.Get("Authorization") == "" {
		s.setSessionCookie(w, r, "", -1)
	}
}

// csrfToken is the token a page must echo in X-CSRF-Token: per session
// when signed in (derived from its secret, which the page cannot read,
// so every instance sharing the database agrees on it), else the
// process's own.
func (s *Server) csrfToken(p *principal) string {
	if p != nil && p.session != "" {
		sum := sha256.Sum256([]byte("carousel csrf\x00" + p.session))
		return hex.EncodeToString(sum[:])
	}
	return s.csrf
}

// checkCSRF refuses a state-changing request that a browser marks
// cross-site, and one that rides on ambient authority (the session cookie,
// or the network in single-user mode) without the page's X-CSRF-Token.
// A bearer token is no ambient authority: it needs no CSRF token. Public
// routes that change something take only JSON bodies, which a page on
// another site cannot send without the browser asking first (CORS).
func (s *Server) checkCSRF(r *http.Request, rt route, p *principal) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return nil
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return carousel.Errorf(carousel.EFORBIDDEN, "cross-site requests are refused")
	}
	if rt.access == public {
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			return carousel.Errorf(carousel.EUNSUPPORTED, "send JSON with Content-Type: application/json")
		}
		return nil
	}
	if p.token != nil {
		return nil
	}
	want := s.csrfToken(p)
	if subtle.ConstantTimeCompare([]byte(r.Header.Get("X-CSRF-Token")), []byte(want)) != 1 {
		return carousel.Errorf(carousel.EFORBIDDEN, "missing or wrong X-CSRF-Token header: get the token from GET /api/csrf")
	}
	return nil
}

// setSessionCookie sets (maxAge > 0) or clears (maxAge < 0) the session
// cookie: HttpOnly, SameSite=Lax, and Secure when the studio is reached
// over HTTPS.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, secret string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: secret, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.https(r),
	})
}

// https reports whether the browser reaches the studio over HTTPS.
func (s *Server) https(r *http.Request) bool {
	return r.TLS != nil || strings.HasPrefix(s.PublicURL, "https://")
}

// baseURL is the studio's address as the browser sees it, for links that
// leave the page (review links, invites, the single sign-on callback).
func (s *Server) baseURL(r *http.Request) string {
	if s.PublicURL != "" {
		return strings.TrimSuffix(s.PublicURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// clientAddress is the caller's network address, for the audit log and
// the sign-in limits: the connection's, or behind a trusted proxy the one
// the proxies recorded. X-Forwarded-For is read from the right, since each
// proxy appends the address it heard from and only the entries our own
// proxies wrote can be believed.
func (s *Server) clientAddress(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	addr, err := netip.ParseAddr(host)
	if err != nil || !s.trustedProxy(addr) {
		return host
	}
	var hops []string
	for _, v := range r.Header.Values("X-Forwarded-For") {
		hops = append(hops, strings.Split(v, ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		hop, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a garbled entry: what lies left of it cannot be believed
		}
		addr = hop.Unmap()
		if !s.trustedProxy(addr) {
			break
		}
	}
	return addr.String()
}

func (s *Server) trustedProxy(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.TrustedProxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// record writes an audit entry of the principal in its workspace.
func (s *Server) record(ctx context.Context, r *http.Request, p *principal, action, target, detail string) {
	ws, userID := carousel.DefaultWorkspace, ""
	if p != nil && p.workspace != "" {
		ws = p.workspace
	}
	if p != nil && p.user != nil {
		userID = p.user.ID
	}
	s.recordEntry(ctx, r, ws, userID, p.actor(), action, target, detail)
}

// recordEntry writes an audit entry; a failure is logged, never shown:
// the action itself has happened.
func (s *Server) recordEntry(ctx context.Context, r *http.Request, workspace, userID, actor, action, target, detail string) {
	if s.Audit == nil {
		return
	}
	e := &carousel.AuditEntry{Workspace: workspace, UserID: userID, Actor: actor, Action: action, Target: target, Detail: detail, Address: s.clientAddress(r)}
	if err := s.Audit.Record(context.WithoutCancel(ctx), e); err != nil {
		s.Logger.Error("audit log", "action", action, "err", err)
	}
}

// audit records an action of the request's caller.
func (s *Server) audit(r *http.Request, action, target, detail string) {
	s.record(r.Context(), r, principalOf(r), action, target, detail)
}
