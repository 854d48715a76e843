// SPDX-License-Identifier: MIT

package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// workspaceInfo is a workspace as the caller sees it: with their role.
type workspaceInfo struct {
	ID   string        `json:"id"`
	Name string        `json:"name"`
	Role carousel.Role `json:"role"`
}

// sessionInfo answers GET /api/session and a sign-in: who is signed in,
// where they work and where they may switch to.
type sessionInfo struct {
	Auth       bool            `json:"auth"` // false in single-user mode
	User       *carousel.User  `json:"user"`
	Via        string          `json:"via"` // "session", "token" or "single-user"
	Workspace  *workspaceInfo  `json:"workspace"`
	Workspaces []workspaceInfo `json:"workspaces"`
	CSRF       string          `json:"csrf,omitempty"` // for X-CSRF-Token, with the session cookie
	SSO        bool            `json:"sso"`            // single sign-on is configured
}

func (s *Server) sessionInfo(ctx context.Context, p *principal) (*sessionInfo, error) {
	info := &sessionInfo{Auth: s.authOn(), User: p.user, SSO: s.SSO != nil, Workspaces: []workspaceInfo{}}
	switch {
	case p.single():
		info.Via, info.CSRF = "single-user", s.csrfToken(p)
		name := "Studio"
		if s.Workspaces != nil {
			if w, err := s.Workspaces.FindWorkspaceByID(ctx, carousel.DefaultWorkspace); err == nil {
				name = w.Name
			}
		}
		wi := workspaceInfo{ID: carousel.DefaultWorkspace, Name: name, Role: carousel.RoleOwner}
		info.Workspace, info.Workspaces = &wi, []workspaceInfo{wi}
		return info, nil
	case p.token != nil:
		info.Via = "token"
	default:
		info.Via, info.CSRF = "session", s.csrfToken(p)
	}
	ms, err := s.Workspaces.FindMemberships(ctx, p.user.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		wi := workspaceInfo{ID: m.Workspace.ID, Name: m.Workspace.Name, Role: m.Role}
		info.Workspaces = append(info.Workspaces, wi)
		if wi.ID == p.workspace {
			info.Workspace = &wi
		}
	}
	return info, nil
}

func (s *Server) writeSession(w http.ResponseWriter, r *http.Request, p *principal, status int) {
	info, err := s.sessionInfo(r.Context(), p)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, status, info)
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if p.session != "" {
		// The studio asks on every load: keep the cookie as long as the session.
		s.setSessionCookie(w, r, p.session, int(s.SessionTTL/time.Second))
	}
	s.writeSession(w, r, p, http.StatusOK)
}

// startSession signs u in, in workspace (or their first one when empty),
// sets the cookie and returns the new principal.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *carousel.User, workspace string) (*principal, error) {
	ctx := r.Context()
	p := &principal{user: u, workspace: workspace}
	if workspace != "" {
		role, err := s.Workspaces.FindRole(ctx, workspace, u.ID)
		if err != nil {
			return nil, err
		}
		p.role = role
	} else {
		ms, err := s.Workspaces.FindMemberships(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		if len(ms) > 0 {
			p.workspace, p.role = ms[0].Workspace.ID, ms[0].Role
		}
	}
	secret, _, err := s.Accounts.CreateSession(ctx, u.ID, p.workspace, s.SessionTTL)
	if err != nil {
		return nil, err
	}
	p.session = secret
	s.setSessionCookie(w, r, secret, int(s.SessionTTL/time.Second))
	return p, nil
}

type signInRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) {
	if !s.authOn() {
		s.Error(w, r, errSingleUser)
		return
	}
	var req signInRequest
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	email := strings.ToLower(strings.TrimSpace(req.Email))
	if email == "" || req.Password == "" {
		s.Error(w, r, carousel.FieldError("email", "give your email and password"))
		return
	}
	ctx := r.Context()
	u, err := s.checkPasswordLimited(w, r, email, req.Password)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if old := principalOf(r); old != nil && old.session != "" {
		// Signing in again replaces the browser's session.
		s.Accounts.DeleteSession(ctx, old.session)
	}
	p, err := s.startSession(w, r, u, "")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.record(ctx, r, p, carousel.AuditSignIn, "", "password")
	s.writeSession(w, r, p, http.StatusOK)
}

// checkPasswordLimited checks an email and password within the sign-in
// limits: a wrong one counts against the account and the address, and is
// audited in the account's workspaces; too many answer 429.
func (s *Server) checkPasswordLimited(w http.ResponseWriter, r *http.Request, email, password string) (*carousel.User, error) {
	ctx := r.Context()
	addr := s.clientAddress(r)
	if wait, err := s.signInLimits.check(ctx, email, addr, s.now()); err != nil {
		if wait > 0 {
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		}
		return nil, err
	}
	u, err := s.Accounts.Authenticate(ctx, email, password)
	if carousel.ErrorCode(err) == carousel.EUNAUTHORIZED {
		if ferr := s.signInLimits.fail(ctx, email, addr, s.now()); ferr != nil {
			return nil, ferr
		}
		if known, ferr := s.Accounts.FindUserByEmail(ctx, email); ferr == nil {
			ms, _ := s.Workspaces.FindMemberships(ctx, known.ID)
			for _, m := range ms {
				s.recordEntry(ctx, r, m.Workspace.ID, known.ID, email, carousel.AuditSignInFailed, "", "wrong password")
			}
		}
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	if err := s.signInLimits.succeed(ctx, email); err != nil {
		return nil, err
	}
	return u, nil
}

func (s *Server) signOut(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	switch {
	case p.single():
		s.Error(w, r, errSingleUser)
		return
	case p.token != nil:
		s.Error(w, r, carousel.Errorf(carousel.EFORBIDDEN, "an API token is no session: revoke it with DELETE /api/tokens/{id}"))
		return
	}
	if err := s.Accounts.DeleteSession(r.Context(), p.session); err != nil {
		s.Error(w, r, err)
		return
	}
	s.setSessionCookie(w, r, "", -1)
	s.audit(r, carousel.AuditSignOut, "", "")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) switchWorkspace(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	switch {
	case p.single():
		s.Error(w, r, errSingleUser)
		return
	case p.token != nil:
		s.Error(w, r, carousel.Errorf(carousel.EFORBIDDEN, "an API token works in the workspace it was made in: make one in the other workspace"))
		return
	}
	var req struct {
		Workspace string `json:"workspace"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	role, err := s.Workspaces.FindRole(ctx, req.Workspace, p.user.ID)
	if carousel.ErrorCode(err) == carousel.ENOTFOUND {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "no workspace %q", req.Workspace))
		return
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Accounts.SetSessionWorkspace(ctx, p.session, req.Workspace); err != nil {
		s.Error(w, r, err)
		return
	}
	q := *p
	q.workspace, q.role = req.Workspace, role
	s.writeSession(w, r, &q, http.StatusOK)
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	switch {
	case p.single():
		s.Error(w, r, errSingleUser)
		return
	case p.token != nil:
		s.Error(w, r, errTokenSession)
		return
	}
	var req struct {
		Current string `json:"current"`
		New     string `json:"new"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	if p.user.HasPassword {
		if _, err := s.checkPasswordLimited(w, r, p.user.Email, req.Current); err != nil {
			if carousel.ErrorCode(err) == carousel.EUNAUTHORIZED {
				// Not 401: the session is fine, the password is not.
				err = carousel.FieldError("current", "your current password is wrong")
			}
			s.Error(w, r, err)
			return
		}
	}
	if err := s.Accounts.SetPassword(ctx, p.user.ID, req.New, p.session); err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditPassword, p.user.Email, "other sessions ended")
	w.WriteHeader(http.StatusNoContent)
}

// ssoCookie keeps a single sign-on's state, nonce, PKCE verifier and the
// invite being accepted, between the redirect and the callback.
const ssoCookie = "carousel_sso"

func randomToken() string {
	var b [24]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

func (s *Server) ssoStart(w http.ResponseWriter, r *http.Request) {
	if s.SSO == nil || !s.authOn() {
		s.showPage(w, r, http.StatusNotFound, "signin.html", pageData{Error: "Single sign-on is not configured on this server."})
		return
	}
	state, nonce := randomToken(), randomToken()
	verifier := randomToken() + randomToken() // 64 characters, within PKCE's 43 to 128
	v := url.Values{"s": {state}, "n": {nonce}, "v": {verifier}}
	if inv := r.URL.Query().Get("invite"); inv != "" {
		v.Set("i", inv)
	}
	http.SetCookie(w, &http.Cookie{
		Name: ssoCookie, Value: v.Encode(), Path: "/auth/sso", MaxAge: 600,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.https(r),
	})
	http.Redirect(w, r, s.SSO.AuthURL(state, nonce, verifier), http.StatusFound)
}

func (s *Server) ssoCallback(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) {
		s.showPage(w, r, status, "signin.html", pageData{Error: msg})
	}
	if s.SSO == nil || !s.authOn() {
		fail(http.StatusNotFound, "Single sign-on is not configured on this server.")
		return
	}
	c, err := r.Cookie(ssoCookie)
	if err != nil {
		fail(http.StatusBadRequest, "This sign-in took too long or began elsewhere: start again.")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: ssoCookie, Path: "/auth/sso", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.https(r)})
	saved, _ := url.ParseQuery(c.Value)
	q := r.URL.Query()
	if e := q.Get("error"); e != "" {
		fail(http.StatusUnauthorized, "The sign-in provider refused: "+e+" "+q.Get("error_description"))
		return
	}
	if subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(saved.Get("s"))) != 1 || saved.Get("s") == "" {
		fail(http.StatusBadRequest, "This sign-in does not match the one this browser began: start again.")
		return
	}
	ctx := r.Context()
	id, err := s.SSO.Exchange(ctx, q.Get("code"), saved.Get("n"), saved.Get("v"))
	if err != nil {
		s.Logger.Warn("single sign-on", "err", err)
		fail(http.StatusUnauthorized, carousel.ErrorMessage(err))
		return
	}
	u, err := s.ssoUser(ctx, id, saved.Get("i"))
	if err != nil {
		fail(statusOf(err), carousel.ErrorMessage(err))
		return
	}
	workspace := ""
	if inv := saved.Get("i"); inv != "" {
		if accepted, err := s.Workspaces.AcceptInvite(ctx, inv, u.ID); err == nil {
			workspace = accepted.Workspace
			s.recordEntry(ctx, r, accepted.Workspace, u.ID, u.Email, carousel.AuditJoin, u.Email, "as "+string(accepted.Role))
		} else if carousel.ErrorCode(err) != carousel.ENOTFOUND {
			fail(statusOf(err), carousel.ErrorMessage(err))
			return
		}
	}
	p, err := s.startSession(w, r, u, workspace)
	if err != nil {
		fail(statusOf(err), carousel.ErrorMessage(err))
		return
	}
	s.record(ctx, r, p, carousel.AuditSignIn, "", "single sign-on")
	http.Redirect(w, r, "/", http.StatusFound)
}

// ssoUser finds the account of a single sign-on identity: by its subject,
// else by its verified email (then linked), else a new account when the
// browser is accepting an invite.
func (s *Server) ssoUser(ctx context.Context, id *carousel.SSOIdentity, invite string) (*carousel.User, error) {
	u, err := s.Accounts.FindUserBySubject(ctx, id.Subject)
	if err == nil || carousel.ErrorCode(err) != carousel.ENOTFOUND {
		return u, err
	}
	if id.Email == "" || !id.EmailVerified {
		return nil, carousel.Errorf(carousel.EFORBIDDEN, "the sign-in provider did not give a verified email address, so no account can be matched")
	}
	u, err = s.Accounts.FindUserByEmail(ctx, id.Email)
	switch {
	case err == nil:
	case carousel.ErrorCode(err) != carousel.ENOTFOUND:
		return nil, err
	case invite == "":
		return nil, carousel.Errorf(carousel.EFORBIDDEN, "there is no account for %s on this server: ask an owner of your workspace for an invite", id.Email)
	default:
		inv, err := s.Workspaces.FindInvite(ctx, invite)
		if err != nil {
			return nil, err
		}
		if inv.Email != "" && inv.Email != strings.ToLower(id.Email) {
			return nil, carousel.Errorf(carousel.EFORBIDDEN, "this invite is for %s, and the sign-in provider says you are %s", inv.Email, id.Email)
		}
		u = &carousel.User{Email: id.Email, Name: id.Name}
		if err := s.Accounts.CreateUser(ctx, u, ""); err != nil {
			return nil, err
		}
	}
	if err := s.Accounts.LinkSubject(ctx, u.ID, id.Subject); err != nil {
		return nil, err
	}
	return u, nil
}

func statusOf(err error) int {
	if st, ok := statusOfCode[carousel.ErrorCode(err)]; ok {
		return st
	}
	return http.StatusInternalServerError
}
