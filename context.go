// SPDX-License-Identifier: MIT

package carousel

import "context"

type contextKey int

const (
	userKey contextKey = iota
	workspaceKey
)

// NewContextWithUser returns ctx carrying the signed-in user.
func NewContextWithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey, u)
}

// UserFromContext returns the signed-in user, or nil in single-user mode,
// on a client review link and on the command line.
func UserFromContext(ctx context.Context) *User {
	u, _ := ctx.Value(userKey).(*User)
	return u
}

// NewContextWithWorkspace returns ctx acting in the workspace id: every
// project, brand profile, preset and image the services read or write
// then belongs to that workspace, and nothing of another one is found.
func NewContextWithWorkspace(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, workspaceKey, id)
}

// WorkspaceFromContext returns the workspace ctx acts in. Without one it
// is DefaultWorkspace, the first workspace, where single-user mode and the
// command line work.
func WorkspaceFromContext(ctx context.Context) string {
	if id, _ := ctx.Value(workspaceKey).(string); id != "" {
		return id
	}
	return DefaultWorkspace
}
