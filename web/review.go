// SPDX-License-Identifier: MIT

package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

var errNoReviews = carousel.Errorf(carousel.EUNSUPPORTED, "this server's store keeps no review links or comments")

// maxShareDays bounds how long a review link may be asked to last; it may
// also last until revoked.
const maxShareDays = 365

// shareInfo is a review link as listed.
type shareInfo struct {
	*carousel.Share
	Expired bool `json:"expired"`
}

func (s *Server) createShare(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	var req struct {
		Days    int        `json:"days"`    // 0: until revoked
		Expires *time.Time `json:"expires"` // or an exact end
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &req); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	if req.Days < 0 || req.Days > maxShareDays {
		s.Error(w, r, carousel.FieldError("days", "a review link lasts from 1 to %d days, or 0 for until revoked; not %d", maxShareDays, req.Days))
		return
	}
	sh := &carousel.Share{ProjectID: r.PathValue("id"), Expires: req.Expires}
	if req.Days > 0 {
		e := s.now().Add(time.Duration(req.Days) * 24 * time.Hour)
		sh.Expires = &e
	}
	if p := principalOf(r); p.user != nil {
		sh.CreatedBy = p.user.ID
	}
	secret, err := s.Reviews.CreateShare(r.Context(), sh)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	detail := "until revoked"
	if sh.Expires != nil {
		detail = "until " + sh.Expires.Format(time.RFC3339)
	}
	s.audit(r, carousel.AuditShare, "project "+sh.ProjectID, detail)
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusCreated, map[string]any{"url": s.baseURL(r) + "/r/" + secret, "share": sh})
}

func (s *Server) listShares(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	list, err := s.Reviews.FindShares(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := []shareInfo{}
	now := s.now()
	for _, sh := range list {
		out = append(out, shareInfo{Share: sh, Expired: sh.Expires != nil && !sh.Expires.After(now)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"shares": out})
}

func (s *Server) revokeShare(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	id := r.PathValue("id")
	if err := s.Reviews.RevokeShare(r.Context(), id, r.PathValue("share")); err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditShareRevoke, "project "+id, "link "+r.PathValue("share"))
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	list, err := s.Reviews.FindComments(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"comments": list})
}

type commentRequest struct {
	Slide  int    `json:"slide"`
	Body   string `json:"body"`
	Author string `json:"author"` // on a review link only: who the client is
}

// comment stores a comment on rendered slide req.Slide of the project,
// recording the project slide it belongs to and the revision seen.
func (s *Server) comment(ctx context.Context, projectID string, req commentRequest, author string, client bool) (*carousel.Comment, error) {
	p, err := s.loadForRender(ctx, projectID)
	if err != nil {
		return nil, err
	}
	layout, err := s.Render.Layout(ctx, p)
	if err != nil {
		return nil, wrapRender(err, "layout")
	}
	if req.Slide < 1 || req.Slide > len(layout.Slides) {
		return nil, carousel.FieldError("slide", "must be a slide number from 1 to %d, found %d", len(layout.Slides), req.Slide)
	}
	c := &carousel.Comment{ProjectID: p.ID, Slide: req.Slide, Revision: p.Revision, Author: author, Client: client, Body: req.Body}
	if src := layout.Slides[req.Slide-1].Source; src >= 0 && src < len(p.Slides) {
		c.SlideID = p.Slides[src].ID
	}
	if err := s.Reviews.AddComment(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

// authorOf is how a member signs comments and decisions.
func authorOf(p *principal) string {
	if p.user == nil {
		return "Studio"
	}
	if p.user.Name != "" {
		return p.user.Name
	}
	return p.user.Email
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	var req commentRequest
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	p := principalOf(r)
	c, err := s.comment(r.Context(), r.PathValue("id"), req, authorOf(p), p.role == carousel.RoleClient)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	if err := s.Reviews.DeleteComment(r.Context(), r.PathValue("id"), r.PathValue("comment")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// reviewState is a project's review: the latest decision (or pending)
// and every decision, newest first.
type reviewState struct {
	State     string               `json:"state"`
	Revision  int64                `json:"revision"` // the project's current revision
	Decisions []*carousel.Decision `json:"decisions"`
}

func (s *Server) reviewOf(ctx context.Context, projectID string) (*reviewState, error) {
	p, err := s.Projects.FindProjectByID(ctx, projectID)
	if err != nil {
		return nil, err
	}
	ds, err := s.Reviews.FindDecisions(ctx, projectID)
	if err != nil {
		return nil, err
	}
	st := &reviewState{State: carousel.ReviewPending, Revision: p.Revision, Decisions: ds}
	if len(ds) > 0 {
		st.State = ds[0].State
	}
	return st, nil
}

func (s *Server) getReview(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	st, err := s.reviewOf(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

type decisionRequest struct {
	State  string `json:"state"`
	Note   string `json:"note"`
	Author string `json:"author"` // on a review link only
}

func (s *Server) saveDecision(ctx context.Context, projectID string, req decisionRequest, author string, client bool) (*reviewState, error) {
	p, err := s.Projects.FindProjectByID(ctx, projectID)
	if err != nil {
		return nil, err
	}
	d := &carousel.Decision{ProjectID: p.ID, State: req.State, Author: author, Client: client, Note: req.Note, Revision: p.Revision}
	if err := s.Reviews.Decide(ctx, d); err != nil {
		return nil, err
	}
	return s.reviewOf(ctx, projectID)
}

func (s *Server) decide(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return
	}
	var req decisionRequest
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	p := principalOf(r)
	id := r.PathValue("id")
	st, err := s.saveDecision(r.Context(), id, req, authorOf(p), p.role == carousel.RoleClient)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditReview, "project "+id, req.State)
	writeJSON(w, http.StatusOK, st)
}

// shared resolves the review link of the path: it returns the request
// working in the link's workspace with the project's id as the path's
// {id}, so the studio's own handlers serve it; or it answers 404.
func (s *Server) shared(w http.ResponseWriter, r *http.Request) (*http.Request, *carousel.Share) {
	if s.Reviews == nil {
		s.Error(w, r, errNoReviews)
		return nil, nil
	}
	sh, err := s.Reviews.FindShare(r.Context(), r.PathValue("secret"))
	if err != nil {
		s.Error(w, r, err)
		return nil, nil
	}
	r = r.WithContext(carousel.NewContextWithWorkspace(r.Context(), sh.Workspace))
	r.SetPathValue("id", sh.ProjectID)
	return r, sh
}

// sharedProject is what a review link shows: the carousel's slides as
// pictures, the comments and the review state. The thread and settings
// stay private.
type sharedProject struct {
	Title    string              `json:"title"`
	Width    int                 `json:"width"`
	Height   int                 `json:"height"`
	Slides   []sharedSlide       `json:"slides"`
	Comments []*carousel.Comment `json:"comments"`
	Review   *reviewState        `json:"review"`
	Expires  *time.Time          `json:"expires,omitempty"`
}

type sharedSlide struct {
	Number  int    `json:"number"`
	Key     string `json:"key"`
	Alt     string `json:"alt"`
	SlideID string `json:"slideId,omitempty"` // its project slide, which comments name
}

func (s *Server) getSharedProject(w http.ResponseWriter, r *http.Request) {
	r, sh := s.shared(w, r)
	if sh == nil {
		return
	}
	ctx := r.Context()
	p, err := s.loadForRender(ctx, sh.ProjectID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	layout, err := s.Render.Layout(ctx, p)
	if err != nil {
		s.Error(w, r, wrapRender(err, "layout"))
		return
	}
	f, ok := carousel.FormatByName(p.Settings.Format)
	if !ok {
		f, _ = carousel.FormatByName(carousel.DefaultFormat)
	}
	out := sharedProject{Title: p.Title, Width: f.Width, Height: f.Height, Slides: []sharedSlide{}, Expires: sh.Expires}
	for i, sl := range layout.Slides {
		ss := sharedSlide{Number: i + 1, Key: sl.Key, Alt: sl.Alt}
		if sl.Source >= 0 && sl.Source < len(p.Slides) {
			ss.SlideID = p.Slides[sl.Source].ID
		}
		out.Slides = append(out.Slides, ss)
	}
	if out.Comments, err = s.Reviews.FindComments(ctx, sh.ProjectID); err != nil {
		s.Error(w, r, err)
		return
	}
	if out.Review, err = s.reviewOf(ctx, sh.ProjectID); err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getSharedSlide(w http.ResponseWriter, r *http.Request) {
	if r, sh := s.shared(w, r); sh != nil {
		s.getSlide(w, r)
	}
}

func (s *Server) exportSharedPDF(w http.ResponseWriter, r *http.Request) {
	if r, sh := s.shared(w, r); sh != nil {
		s.exportPDF(w, r)
	}
}

// reviewer is how a client signs on a review link.
func reviewer(name string) string { return strings.TrimSpace(name) }

func (s *Server) addSharedComment(w http.ResponseWriter, r *http.Request) {
	r, sh := s.shared(w, r)
	if sh == nil {
		return
	}
	var req commentRequest
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	c, err := s.comment(r.Context(), sh.ProjectID, req, reviewer(req.Author), true)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) decideShared(w http.ResponseWriter, r *http.Request) {
	r, sh := s.shared(w, r)
	if sh == nil {
		return
	}
	var req decisionRequest
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	st, err := s.saveDecision(ctx, sh.ProjectID, req, reviewer(req.Author), true)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.recordEntry(ctx, r, sh.Workspace, "", "review link ("+reviewer(req.Author)+")", carousel.AuditReview, "project "+sh.ProjectID, req.State)
	writeJSON(w, http.StatusOK, st)
}

// reviewPage is what the review page's template needs.
type reviewPage struct {
	Secret string
	Title  string
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request) {
	if s.Reviews == nil {
		s.showPage(w, r, http.StatusNotFound, "review.html", pageData{Error: carousel.ErrorMessage(errNoReviews)})
		return
	}
	sh, err := s.Reviews.FindShare(r.Context(), r.PathValue("secret"))
	if err != nil {
		s.showPage(w, r, statusOf(err), "review.html", pageData{Error: carousel.ErrorMessage(err)})
		return
	}
	ctx := carousel.NewContextWithWorkspace(r.Context(), sh.Workspace)
	p, err := s.Projects.FindProjectByID(ctx, sh.ProjectID)
	if err != nil {
		s.showPage(w, r, statusOf(err), "review.html", pageData{Error: carousel.ErrorMessage(err)})
		return
	}
	s.showPage(w, r, http.StatusOK, "review.html", pageData{Review: &reviewPage{Secret: r.PathValue("secret"), Title: p.Title}})
}
