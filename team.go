// SPDX-License-Identifier: MIT

package carousel

import (
	"context"
	"time"
)

// DefaultWorkspace is the id of the first workspace. A new database has it;
// an upgraded one keeps there everything it held before workspaces
// existed. Single-user mode and the command line work in it.
const DefaultWorkspace = "default"

// Role is what a member may do in a workspace.
type Role string

// Roles, from the least to the most a member may do. Each may do all that
// the roles before it may.
const (
	// RoleClient reviews: sees projects and their slides, comments, approves.
	RoleClient Role = "client"
	// RoleViewer also sees brand profiles, presets and images, and exports.
	RoleViewer Role = "viewer"
	// RoleEditor also creates, changes and deletes, and shares for review.
	RoleEditor Role = "editor"
	// RoleOwner also manages members, invites and settings, and reads the audit log.
	RoleOwner Role = "owner"
)

// Roles lists every role, from the least to the most a member may do.
var Roles = []Role{RoleClient, RoleViewer, RoleEditor, RoleOwner}

func (r Role) rank() int {
	for i, x := range Roles {
		if x == r {
			return i + 1
		}
	}
	return 0
}

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether a member with role r may do what needs role need.
func (r Role) Allows(need Role) bool { return r.Valid() && r.rank() >= need.rank() }

// User is a person with an account on a team server.
type User struct {
	ID      string    `json:"id"`
	Email   string    `json:"email"` // lower case, unique
	Name    string    `json:"name"`
	Created time.Time `json:"created"`
	// HasPassword is false for an account that signs in only through
	// single sign-on.
	HasPassword bool `json:"hasPassword"`
}

// Workspace is one agency's or one client's space: its projects, brand
// profiles, presets and images belong to it and to no other.
type Workspace struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"` // unique
	Created time.Time `json:"created"`
}

// Membership is a user's role in a workspace.
type Membership struct {
	Workspace Workspace `json:"workspace"`
	Role      Role      `json:"role"`
}

// Member is a workspace's member with their role.
type Member struct {
	User  User      `json:"user"`
	Role  Role      `json:"role"`
	Added time.Time `json:"added"`
}

// Session is a signed-in browser. Its secret lives only in the browser's
// cookie; the store keeps a hash.
type Session struct {
	ID        string    `json:"id"` // a public id, not the secret
	UserID    string    `json:"userId"`
	Workspace string    `json:"workspace"` // the workspace the browser works in
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
}

// APIToken is a named credential for scripts, bound to its user and one
// workspace, in which it acts with the user's current role. Its secret is
// shown once, when it is made; the store keeps a hash.
type APIToken struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	UserID    string     `json:"userId"`
	Workspace string     `json:"workspace"`
	Created   time.Time  `json:"created"`
	LastUsed  *time.Time `json:"lastUsed,omitempty"`
}

// Invite is a link that lets whoever opens it join a workspace with a role.
type Invite struct {
	ID        string    `json:"id"`
	Workspace string    `json:"workspace"`
	Role      Role      `json:"role"`
	Email     string    `json:"email,omitempty"` // when set, only this address may accept
	CreatedBy string    `json:"createdBy"`       // a user id
	Created   time.Time `json:"created"`
	Expires   time.Time `json:"expires"`
}

// Share is a client review link to one project: whoever has it sees the
// carousel read-only, comments on slides and approves, without an account.
type Share struct {
	ID        string     `json:"id"`
	ProjectID string     `json:"projectId"`
	Workspace string     `json:"workspace"`
	CreatedBy string     `json:"createdBy"` // a user id, empty in single-user mode
	Created   time.Time  `json:"created"`
	Expires   *time.Time `json:"expires,omitempty"` // nil: until revoked
}

// Comment is a remark on one slide of a project.
type Comment struct {
	ID        string `json:"id"`
	ProjectID string `json:"projectId"`
	// Slide is the rendered slide (1-based) the comment was made on, and
	// SlideID its project slide's id, so the comment can follow the slide.
	Slide    int       `json:"slide"`
	SlideID  string    `json:"slideId,omitempty"`
	Revision int64     `json:"revision"` // the project's revision when it was made
	Author   string    `json:"author"`
	Client   bool      `json:"client"` // made through a review link
	Body     string    `json:"body"`
	Created  time.Time `json:"created"`
}

// Review states of a project.
const (
	ReviewPending          = "pending"
	ReviewApproved         = "approved"
	ReviewChangesRequested = "changes_requested"
)

// Decision is a reviewer's verdict on a project at a revision.
type Decision struct {
	ProjectID string    `json:"projectId"`
	State     string    `json:"state"` // ReviewApproved or ReviewChangesRequested
	Author    string    `json:"author"`
	Client    bool      `json:"client"`
	Note      string    `json:"note,omitempty"`
	Revision  int64     `json:"revision"`
	Created   time.Time `json:"created"`
}

// AuditEntry is one line of a workspace's audit log.
type AuditEntry struct {
	ID        int64     `json:"id"`
	Workspace string    `json:"workspace"`
	UserID    string    `json:"userId,omitempty"`
	Actor     string    `json:"actor"`  // who: an email, "token NAME (email)", "review link"
	Action    string    `json:"action"` // see the Audit* constants
	Target    string    `json:"target,omitempty"`
	Detail    string    `json:"detail,omitempty"`
	Address   string    `json:"address,omitempty"` // the client's network address
	Created   time.Time `json:"created"`
}

// Audited actions.
const (
	AuditSignIn       = "sign-in"
	AuditSignInFailed = "sign-in-failed"
	AuditSignOut      = "sign-out"
	AuditPassword     = "password-change"
	AuditTokenCreate  = "token-create"
	AuditTokenRevoke  = "token-revoke"
	AuditTokenUse     = "token-use"
	AuditDelete       = "delete"
	AuditShare        = "share"
	AuditShareRevoke  = "share-revoke"
	AuditReview       = "review"
	AuditInvite       = "invite"
	AuditJoin         = "join"
	AuditMember       = "member-change"
	AuditMemberRemove = "member-remove"
)

// AccountService keeps users, their browser sessions and API tokens.
// Passwords and secrets are kept only as hashes.
type AccountService interface {
	// CreateUser stores u with the password (none when empty: single sign-on
	// only), setting u.ID. A taken email gives ECONFLICT; a password shorter
	// than MinPasswordLength gives EINVALID.
	CreateUser(ctx context.Context, u *User, password string) error
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUserByEmail matches the email without regard to case.
	FindUserByEmail(ctx context.Context, email string) (*User, error)
	FindUsers(ctx context.Context) ([]*User, error)
	// FindUserBySubject returns the user linked to a single sign-on
	// subject (the issuer and the provider's subject), or ENOTFOUND.
	FindUserBySubject(ctx context.Context, subject string) (*User, error)
	// LinkSubject links the user to a single sign-on subject.
	LinkSubject(ctx context.Context, userID, subject string) error
	// DeleteUser removes the user, their memberships, sessions and tokens.
	// Removing the last owner of a workspace gives ECONFLICT.
	DeleteUser(ctx context.Context, id string) error
	// Authenticate returns the user whose email and password these are, or
	// EUNAUTHORIZED, taking as long for an unknown email as for a known one.
	Authenticate(ctx context.Context, email, password string) (*User, error)
	// SetPassword replaces the user's password and ends their sessions but
	// the one whose secret is keep (none when empty).
	SetPassword(ctx context.Context, userID, password, keep string) error

	// CreateSession signs the user in, in the workspace, for ttl of
	// inactivity; it returns the secret for the cookie.
	CreateSession(ctx context.Context, userID, workspace string, ttl time.Duration) (string, *Session, error)
	// FindSession returns the session of a secret and extends it by its
	// ttl; an unknown or expired secret gives EUNAUTHORIZED.
	FindSession(ctx context.Context, secret string) (*Session, error)
	SetSessionWorkspace(ctx context.Context, secret, workspace string) error
	DeleteSession(ctx context.Context, secret string) error

	// CreateToken stores t (Name, UserID, Workspace) and returns its secret.
	CreateToken(ctx context.Context, t *APIToken) (string, error)
	// FindToken returns the token of a secret and records its use; an
	// unknown or revoked secret gives EUNAUTHORIZED.
	FindToken(ctx context.Context, secret string) (*APIToken, error)
	FindTokens(ctx context.Context, userID string) ([]*APIToken, error)
	// DeleteToken revokes the user's token id, or gives ENOTFOUND.
	DeleteToken(ctx context.Context, userID, id string) error
}

// SignInFailures keep failed sign-ins where every instance of a server on
// one database sees them, so that the sign-in limits hold however many
// instances answer. A key names an account or a network address.
type SignInFailures interface {
	// RecordSignInFailure notes a failure of each key at t, and forgets
	// every failure from before forget.
	RecordSignInFailure(ctx context.Context, keys []string, t, forget time.Time) error
	// RecentSignInFailures returns the times of key's failures since
	// since, oldest first.
	RecentSignInFailures(ctx context.Context, key string, since time.Time) ([]time.Time, error)
	// ClearSignInFailures forgets key's failures.
	ClearSignInFailures(ctx context.Context, key string) error
}

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 10

// WorkspaceService keeps workspaces, their members and invites.
type WorkspaceService interface {
	// CreateWorkspace stores w, setting w.ID; a taken name gives ECONFLICT.
	CreateWorkspace(ctx context.Context, w *Workspace) error
	FindWorkspaceByID(ctx context.Context, id string) (*Workspace, error)
	FindWorkspaceByName(ctx context.Context, name string) (*Workspace, error)
	FindWorkspaces(ctx context.Context) ([]*Workspace, error)
	RenameWorkspace(ctx context.Context, id, name string) error
	// FindMemberships lists the user's workspaces and roles, by name.
	FindMemberships(ctx context.Context, userID string) ([]Membership, error)
	// FindRole returns the user's role in the workspace, or ENOTFOUND.
	FindRole(ctx context.Context, workspace, userID string) (Role, error)
	FindMembers(ctx context.Context, workspace string) ([]*Member, error)
	// SetMember adds the user to the workspace or changes their role.
	// Leaving a workspace without an owner gives ECONFLICT.
	SetMember(ctx context.Context, workspace, userID string, role Role) error
	// RemoveMember takes the user out of the workspace, ending the tokens
	// bound to it; removing the last owner gives ECONFLICT.
	RemoveMember(ctx context.Context, workspace, userID string) error

	// CreateInvite stores inv (Workspace, Role, Email, CreatedBy, Expires)
	// and returns the secret of its link.
	CreateInvite(ctx context.Context, inv *Invite) (string, error)
	// FindInvite returns the open invite of a secret; an unknown, used or
	// expired one gives ENOTFOUND.
	FindInvite(ctx context.Context, secret string) (*Invite, error)
	FindInvites(ctx context.Context, workspace string) ([]*Invite, error)
	// AcceptInvite makes the user a member with the invite's role (keeping
	// a higher role they already have) and uses the invite up.
	AcceptInvite(ctx context.Context, secret, userID string) (*Invite, error)
	DeleteInvite(ctx context.Context, workspace, id string) error
}

// ReviewService keeps client review links, comments and decisions. Every
// method but FindShare works on projects of the context's workspace.
type ReviewService interface {
	// CreateShare stores s for a project of the workspace and returns the
	// secret of its link; an unknown project gives ENOTFOUND.
	CreateShare(ctx context.Context, s *Share) (string, error)
	// FindShare returns the live share of a secret, in any workspace; an
	// unknown, revoked or expired one gives ENOTFOUND.
	FindShare(ctx context.Context, secret string) (*Share, error)
	FindShares(ctx context.Context, projectID string) ([]*Share, error)
	RevokeShare(ctx context.Context, projectID, id string) error
	// AddComment stores c on a project, setting its ID and time.
	AddComment(ctx context.Context, c *Comment) error
	FindComments(ctx context.Context, projectID string) ([]*Comment, error)
	DeleteComment(ctx context.Context, projectID, id string) error
	// Decide records a decision on a project.
	Decide(ctx context.Context, d *Decision) error
	// FindDecisions lists a project's decisions, newest first.
	FindDecisions(ctx context.Context, projectID string) ([]*Decision, error)
}

// AuditService keeps the audit log.
type AuditService interface {
	Record(ctx context.Context, e *AuditEntry) error
	// FindAudit lists a workspace's entries newest first, before the id
	// before (all when 0), at most limit.
	FindAudit(ctx context.Context, workspace string, before int64, limit int) ([]*AuditEntry, error)
}

// SSOIdentity is who an OpenID Connect provider says signed in.
type SSOIdentity struct {
	// Subject is the issuer and the provider's subject, "issuer|sub": it
	// never changes for the person, unlike their email.
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
}

// SingleSignOn signs users in through an OpenID Connect provider with the
// authorization code flow, a nonce and PKCE.
type SingleSignOn interface {
	// AuthURL returns the provider's sign-in address for a state, a nonce
	// and a PKCE verifier, which the caller keeps until the callback.
	AuthURL(state, nonce, verifier string) string
	// Exchange trades the callback's code for the verified identity,
	// checking the ID token's signature, issuer, audience, expiry and
	// nonce. Any failure gives EUNAUTHORIZED.
	Exchange(ctx context.Context, code, nonce, verifier string) (*SSOIdentity, error)
}
