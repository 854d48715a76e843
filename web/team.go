// SPDX-License-Identifier: MIT

package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// needUser returns the caller when they are a user signed in with a
// password or single sign-on (tokenOK: or an API token); otherwise it
// answers the error and returns nil.
func (s *Server) needUser(w http.ResponseWriter, r *http.Request, tokenOK bool) *principal {
	p := principalOf(r)
	switch {
	case p.single():
		s.Error(w, r, errSingleUser)
		return nil
	case p.token != nil && !tokenOK:
		s.Error(w, r, errTokenSession)
		return nil
	}
	return p
}

// tokenInfo is an API token as listed, with its workspace's name.
type tokenInfo struct {
	*carousel.APIToken
	WorkspaceName string `json:"workspaceName"`
}

func (s *Server) listTokens(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	ctx := r.Context()
	list, err := s.Accounts.FindTokens(ctx, p.user.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	names := map[string]string{}
	if ms, err := s.Workspaces.FindMemberships(ctx, p.user.ID); err == nil {
		for _, m := range ms {
			names[m.Workspace.ID] = m.Workspace.Name
		}
	}
	out := []tokenInfo{}
	for _, t := range list {
		out = append(out, tokenInfo{APIToken: t, WorkspaceName: names[t.Workspace]})
	}
	writeJSON(w, http.StatusOK, map[string]any{"tokens": out})
}

// createToken makes an API token for the caller in their current
// workspace. Only a signed-in browser or a password sign-in may: a token
// that could mint tokens would outlive its own revocation.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, false)
	if p == nil {
		return
	}
	if p.workspace == "" {
		s.Error(w, r, errNoWorkspace)
		return
	}
	var req struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	t := &carousel.APIToken{Name: req.Name, UserID: p.user.ID, Workspace: p.workspace}
	secret, err := s.Accounts.CreateToken(r.Context(), t)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditTokenCreate, "token "+t.Name, "")
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, struct {
		Token string `json:"token"` // shown once: only its hash is kept
		*carousel.APIToken
	}{secret, t})
}

func (s *Server) deleteToken(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	ctx := r.Context()
	id := r.PathValue("token")
	list, err := s.Accounts.FindTokens(ctx, p.user.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var tok *carousel.APIToken
	for _, t := range list {
		if t.ID == id {
			tok = t
		}
	}
	if tok == nil {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "no API token %q", id))
		return
	}
	if err := s.Accounts.DeleteToken(ctx, p.user.ID, id); err != nil {
		s.Error(w, r, err)
		return
	}
	s.recordEntry(ctx, r, tok.Workspace, p.user.ID, p.actor(), carousel.AuditTokenRevoke, "token "+tok.Name, "")
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listWorkspaces(w http.ResponseWriter, r *http.Request) {
	info, err := s.sessionInfo(r.Context(), principalOf(r))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"workspaces": info.Workspaces})
}

// createWorkspace makes a workspace whose first owner is the caller: an
// agency's owner makes one per client.
func (s *Server) createWorkspace(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	var req struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	ws := &carousel.Workspace{Name: req.Name}
	if err := s.Workspaces.CreateWorkspace(ctx, ws); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Workspaces.SetMember(ctx, ws.ID, p.user.ID, carousel.RoleOwner); err != nil {
		s.Error(w, r, err)
		return
	}
	s.recordEntry(ctx, r, ws.ID, p.user.ID, p.actor(), carousel.AuditMember, p.user.Email, "created the workspace, as owner")
	writeJSON(w, http.StatusCreated, workspaceInfo{ID: ws.ID, Name: ws.Name, Role: carousel.RoleOwner})
}

func (s *Server) renameWorkspace(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if s.Workspaces == nil {
		s.Error(w, r, errSingleUser)
		return
	}
	var req struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Workspaces.RenameWorkspace(r.Context(), p.workspace, req.Name); err != nil {
		s.Error(w, r, err)
		return
	}
	s.writeSession(w, r, p, http.StatusOK)
}

func (s *Server) listMembers(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	list, err := s.Workspaces.FindMembers(r.Context(), p.workspace)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": list})
}

// member returns the workspace's member of the path's user, or answers
// ENOTFOUND: a user of another workspace is as unknown as a made-up id.
func (s *Server) member(w http.ResponseWriter, r *http.Request, p *principal) *carousel.User {
	ctx := r.Context()
	id := r.PathValue("user")
	_, err := s.Workspaces.FindRole(ctx, p.workspace, id)
	if err == nil {
		var u *carousel.User
		if u, err = s.Accounts.FindUserByID(ctx, id); err == nil {
			return u
		}
	}
	if carousel.ErrorCode(err) == carousel.ENOTFOUND {
		err = carousel.Errorf(carousel.ENOTFOUND, "no member %q in this workspace", id)
	}
	s.Error(w, r, err)
	return nil
}

func (s *Server) setMember(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	u := s.member(w, r, p)
	if u == nil {
		return
	}
	var req struct {
		Role carousel.Role `json:"role"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Workspaces.SetMember(r.Context(), p.workspace, u.ID, req.Role); err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditMember, u.Email, "role "+string(req.Role))
	writeJSON(w, http.StatusOK, carousel.Member{User: *u, Role: req.Role})
}

func (s *Server) removeMember(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	u := s.member(w, r, p)
	if u == nil {
		return
	}
	if err := s.Workspaces.RemoveMember(r.Context(), p.workspace, u.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditMemberRemove, u.Email, "")
	w.WriteHeader(http.StatusNoContent)
}

// Invites last a week unless asked otherwise, a month at most.
const (
	inviteDays    = 7
	maxInviteDays = 30
)

func (s *Server) listInvites(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	list, err := s.Workspaces.FindInvites(r.Context(), p.workspace)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"invites": list})
}

func (s *Server) createInvite(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	var req struct {
		Role  carousel.Role `json:"role"`
		Email string        `json:"email"`
		Days  int           `json:"days"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Days == 0 {
		req.Days = inviteDays
	}
	if req.Days < 1 || req.Days > maxInviteDays {
		s.Error(w, r, carousel.FieldError("days", "an invite lasts from 1 to %d days, not %d", maxInviteDays, req.Days))
		return
	}
	inv := &carousel.Invite{Workspace: p.workspace, Role: req.Role, Email: req.Email, CreatedBy: p.user.ID,
		Expires: s.now().Add(time.Duration(req.Days) * 24 * time.Hour)}
	secret, err := s.Workspaces.CreateInvite(r.Context(), inv)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	detail := "as " + string(inv.Role)
	if inv.Email != "" {
		detail += " for " + inv.Email
	}
	s.audit(r, carousel.AuditInvite, "invite "+inv.ID, detail)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, map[string]any{"url": s.baseURL(r) + "/invite/" + secret, "invite": inv})
}

func (s *Server) deleteInvite(w http.ResponseWriter, r *http.Request) {
	p := s.needUser(w, r, true)
	if p == nil {
		return
	}
	if err := s.Workspaces.DeleteInvite(r.Context(), p.workspace, r.PathValue("invite")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// invitePage is what the invite page shows.
type invitePage struct {
	Secret    string
	Workspace string
	Role      carousel.Role
	Email     string // the address the invite is for, if any
}

func (s *Server) showInvite(w http.ResponseWriter, r *http.Request) {
	if !s.authOn() {
		s.showPage(w, r, http.StatusNotFound, "signin.html", pageData{Error: "This server runs in single-user mode: it has no accounts to invite anyone to."})
		return
	}
	ctx := r.Context()
	inv, err := s.Workspaces.FindInvite(ctx, r.PathValue("secret"))
	if err != nil {
		s.showPage(w, r, statusOf(err), "invite.html", pageData{Error: carousel.ErrorMessage(err)})
		return
	}
	ws, err := s.Workspaces.FindWorkspaceByID(ctx, inv.Workspace)
	if err != nil {
		s.showPage(w, r, statusOf(err), "invite.html", pageData{Error: carousel.ErrorMessage(err)})
		return
	}
	d := pageData{Invite: &invitePage{Secret: r.PathValue("secret"), Workspace: ws.Name, Role: inv.Role, Email: inv.Email}}
	if p := principalOf(r); p != nil && p.user != nil {
		d.SignedInAs = p.user.Email
		d.CSRF = s.csrfToken(p)
	}
	s.showPage(w, r, http.StatusOK, "invite.html", d)
}

// acceptInvite joins the invite's workspace: as the signed-in user, or
// with a new account made from the email, name and password sent.
func (s *Server) acceptInvite(w http.ResponseWriter, r *http.Request) {
	if !s.authOn() {
		s.Error(w, r, errSingleUser)
		return
	}
	var req struct {
		Invite   string `json:"invite"`
		Email    string `json:"email"`
		Name     string `json:"name"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	inv, err := s.Workspaces.FindInvite(ctx, req.Invite)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p := principalOf(r)
	var u *carousel.User
	if p != nil && p.user != nil {
		u = p.user
	} else {
		email := req.Email
		if inv.Email != "" {
			email = inv.Email
		}
		if req.Password == "" {
			s.Error(w, r, carousel.FieldError("password", "choose a password of at least %d characters", carousel.MinPasswordLength))
			return
		}
		u = &carousel.User{Email: email, Name: req.Name}
		if err := s.Accounts.CreateUser(ctx, u, req.Password); err != nil {
			if carousel.ErrorCode(err) == carousel.ECONFLICT {
				err = carousel.Errorf(carousel.ECONFLICT, "there is already an account for %s: sign in, then open the invite link again", strings.ToLower(strings.TrimSpace(email)))
			}
			s.Error(w, r, err)
			return
		}
	}
	if _, err := s.Workspaces.AcceptInvite(ctx, req.Invite, u.ID); err != nil {
		s.Error(w, r, err)
		return
	}
	s.recordEntry(ctx, r, inv.Workspace, u.ID, u.Email, carousel.AuditJoin, u.Email, "as "+string(inv.Role))
	var np *principal
	if p != nil && p.session != "" {
		if err := s.Accounts.SetSessionWorkspace(ctx, p.session, inv.Workspace); err != nil {
			s.Error(w, r, err)
			return
		}
		q := *p
		q.workspace = inv.Workspace
		q.role, _ = s.Workspaces.FindRole(ctx, inv.Workspace, u.ID)
		np = &q
	} else if p != nil {
		np = p
	} else {
		if np, err = s.startSession(w, r, u, inv.Workspace); err != nil {
			s.Error(w, r, err)
			return
		}
		s.record(ctx, r, np, carousel.AuditSignIn, "", "new account from an invite")
	}
	s.writeSession(w, r, np, http.StatusOK)
}

func (s *Server) listAudit(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r)
	if s.Audit == nil {
		s.Error(w, r, carousel.Errorf(carousel.EUNSUPPORTED, "this server keeps no audit log"))
		return
	}
	q := r.URL.Query()
	var before int64
	limit := 100
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			s.Error(w, r, carousel.FieldError("before", "must be an entry id, found %q", v))
			return
		}
		before = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			s.Error(w, r, carousel.FieldError("limit", "must be a number from 1 to 500, found %q", v))
			return
		}
		limit = n
	}
	list, err := s.Audit.FindAudit(r.Context(), p.workspace, before, limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": list})
}
