// SPDX-License-Identifier: MIT

package web

import (
	"fmt"
	"net/http"

	"github.com/carouselstudio/carousel"
)

// route is one entry of the route table: a ServeMux pattern, who may call
// it, and its handler.
type route struct {
	pattern string
	access  access
	handler http.HandlerFunc
}

// routes is the route table: every route the server answers, each with
// its access rule. To add a route, add a line here and choose its rule;
// the server will not start with a route that has none, and the isolation
// test (team_test.go) calls every route of this table as a member of
// another workspace and without a credential.
func (s *Server) routes() []route {
	table := []route{
		{"GET /{$}", public, s.showStudio}, // the sign-in form when signed out
		{"GET /static/{hash}/{path...}", public, s.serveStatic},
		{"GET /healthz", public, s.healthz},
		{"GET /api/csrf", signedIn, s.getCSRF},

		// Accounts and sessions.
		{"POST /api/session", public, s.signIn},
		{"GET /api/session", signedIn, s.getSession},
		{"DELETE /api/session", signedIn, s.signOut},
		{"PUT /api/session/workspace", signedIn, s.switchWorkspace},
		{"PUT /api/password", signedIn, s.changePassword},
		{"GET /auth/sso", public, s.ssoStart},
		{"GET /auth/sso/callback", public, s.ssoCallback},
		{"GET /api/tokens", signedIn, s.listTokens},
		{"POST /api/tokens", signedIn, s.createToken},
		{"DELETE /api/tokens/{token}", signedIn, s.deleteToken},

		// Workspaces, members and invites.
		{"GET /api/workspaces", signedIn, s.listWorkspaces},
		{"POST /api/workspaces", own, s.createWorkspace},
		{"PUT /api/workspace", own, s.renameWorkspace},
		{"GET /api/members", own, s.listMembers},
		{"PUT /api/members/{user}", own, s.setMember},
		{"DELETE /api/members/{user}", own, s.removeMember},
		{"GET /api/invites", own, s.listInvites},
		{"POST /api/invites", own, s.createInvite},
		{"DELETE /api/invites/{invite}", own, s.deleteInvite},
		{"GET /invite/{secret}", public, s.showInvite},
		{"POST /api/invite", public, s.acceptInvite},
		{"GET /api/audit", own, s.listAudit},

		// Projects.
		{"POST /api/projects", edit, s.createProject},
		{"GET /api/projects", review, s.listProjects},
		{"GET /api/projects/{id}", review, s.getProject},
		{"PUT /api/projects/{id}", edit, s.updateProject},
		{"DELETE /api/projects/{id}", edit, s.deleteProject},
		{"GET /api/projects/{id}/revisions", view, s.listRevisions},
		{"GET /api/projects/{id}/revisions/{rev}", view, s.getRevision},
		{"POST /api/projects/{id}/revisions/{rev}/pin", edit, s.pinRevision},
		{"DELETE /api/projects/{id}/revisions/{rev}/pin", edit, s.unpinRevision},
		{"POST /api/projects/{id}/plan", edit, s.planProject},
		{"GET /api/projects/{id}/layout", review, s.getLayout},
		{"GET /api/projects/{id}/posts/{post}/media/{index}", review, s.getPostMedia},
		{"GET /api/projects/{id}/slides/{file}", review, s.getSlide},
		{"GET /api/projects/{id}/export.pdf", review, s.exportPDF},
		{"GET /api/projects/{id}/export.zip", review, s.exportZip},

		// Client review: links, comments, decisions.
		{"POST /api/projects/{id}/share", edit, s.createShare},
		{"GET /api/projects/{id}/shares", edit, s.listShares},
		{"DELETE /api/projects/{id}/shares/{share}", edit, s.revokeShare},
		{"GET /api/projects/{id}/comments", review, s.listComments},
		{"POST /api/projects/{id}/comments", review, s.addComment},
		{"DELETE /api/projects/{id}/comments/{comment}", edit, s.deleteComment},
		{"GET /api/projects/{id}/review", review, s.getReview},
		{"POST /api/projects/{id}/review", review, s.decide},
		{"GET /r/{secret}", public, s.showReview},
		{"GET /api/review/{secret}", public, s.getSharedProject},
		{"GET /api/review/{secret}/slides/{file}", public, s.getSharedSlide},
		{"GET /api/review/{secret}/export.pdf", public, s.exportSharedPDF},
		{"POST /api/review/{secret}/comments", public, s.addSharedComment},
		{"POST /api/review/{secret}/decision", public, s.decideShared},

		{"GET /api/catalog", signedIn, s.getCatalog},
		{"GET /api/catalog/templates/{file}", signedIn, s.templateThumb},
		{"GET /api/catalog/patterns/{file}", signedIn, s.patternThumb},

		{"GET /api/profiles", view, s.listProfiles},
		{"POST /api/profiles", edit, s.createProfile},
		{"GET /api/profiles/{id}", view, s.getProfile},
		{"PUT /api/profiles/{id}", edit, s.updateProfile},
		{"DELETE /api/profiles/{id}", edit, s.deleteProfile},
		{"POST /api/profiles/{id}/default", edit, s.setDefaultProfile},

		{"GET /api/presets", view, s.listPresets},
		{"POST /api/presets", edit, s.createPreset},
		{"GET /api/presets/{id}", view, s.getPreset},
		{"PUT /api/presets/{id}", edit, s.updatePreset},
		{"DELETE /api/presets/{id}", edit, s.deletePreset},

		{"POST /api/assets", edit, s.uploadAsset},
		{"POST /api/fonts", edit, s.uploadFont},
		{"GET /api/fonts/{ref}", view, s.getFont},
		{"GET /api/assets/{ref}", review, s.getAsset},
		{"GET /api/brandkit", view, s.exportBrandKit},
		{"POST /api/brandkit", edit, s.importBrandKit},

		// Unknown API paths answer JSON, not the mux's text 404.
		{"/api/", public, s.unknownRoute},
	}
	return append(table, s.publishRoutes()...) // publish.go
}

// register puts the route table on mux, each handler behind its guard.
// A route without an access rule is a programming mistake: it panics,
// so no server (and no test) runs with one.
func (s *Server) register(mux *http.ServeMux, table []route) {
	for _, rt := range table {
		if rt.access == accessUnset {
			panic(fmt.Sprintf("web: route %q has no access rule: give it one in the route table", rt.pattern))
		}
		mux.Handle(rt.pattern, s.guard(rt))
	}
}

func (s *Server) unknownRoute(w http.ResponseWriter, r *http.Request) {
	s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "no API route %s %s", r.Method, r.URL.Path))
}

// Route describes one route for documentation and tests.
type Route struct {
	Pattern string // a ServeMux pattern: "GET /api/projects/{id}"
	Access  string // public, signed-in, client, viewer, editor or owner
}

// Routes lists the route table.
func (s *Server) Routes() []Route {
	var list []Route
	for _, rt := range s.routes() {
		list = append(list, Route{Pattern: rt.pattern, Access: rt.access.String()})
	}
	return list
}
