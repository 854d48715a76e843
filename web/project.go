// SPDX-License-Identifier: MIT

package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
)

// createRequest is the JSON body of POST /api/projects.
type createRequest struct {
	Source   string `json:"source"`
	Sample   bool   `json:"sample"`  // the built-in sample thread instead of a source
	Archive  string `json:"archive"` // a token from an earlier archive upload
	Post     string `json:"post"`    // picks the thread of an archive
	Title    string `json:"title"`
	Format   string `json:"format"`
	Template string `json:"template"`
	Theme    string `json:"theme"`
	Preset   string `json:"preset"`   // a preset's name or id
	Language string `json:"language"` // of the posts that say none (settings.language)
}

// createResponse answers a new project as a layout request does.
type createResponse layoutResponse

// threadsResponse answers an archive upload holding several threads: the
// client picks one and posts {"archive": token, "post": id}.
type threadsResponse struct {
	Archive string                   `json:"archive"`
	Threads []carousel.ThreadSummary `json:"threads"`
}

func (s *Server) createProject(w http.ResponseWriter, r *http.Request) {
	req, archivePath, fresh, pick, err := s.readCreateRequest(w, r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if pick != nil {
		writeJSON(w, http.StatusOK, pick)
		return
	}
	ctx := r.Context()
	thread, warnings, err := s.importThread(ctx, req, archivePath)
	if err != nil {
		if fresh != "" && !pickError(err) { // after a wrong pick the archive stays for the next
			s.archives.remove(fresh)
		}
		s.Error(w, r, err)
		return
	}
	if err := checkImageRefs(&carousel.Project{Thread: *thread}); err != nil {
		s.Error(w, r, err)
		return
	}
	// Planning and laying out a new project is a render like an export:
	// it waits for a turn, so that many large pastes cannot take every core.
	release, err := s.acquireRender(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	defer release()
	p, planWarnings, err := s.workflow().NewProject(ctx, thread, req.choices())
	if err == nil {
		err = checkImageRefs(p) // the preset's and profile's images too
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	warnings = append(warnings, planWarnings...)
	if err := s.Projects.CreateProject(ctx, p); err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.layoutOf(ctx, p)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res.Warnings = append(append([]carousel.Warning{}, warnings...), res.Warnings...) // [] rather than null
	writeJSON(w, http.StatusCreated, createResponse(*res))
}

// readCreateRequest reads a JSON request or an archive upload, and finds
// the uploaded archive's path; fresh is the token of an archive uploaded
// with this request, to delete when it turns out to be of no use. An
// archive holding several threads gives pick: the client chooses one of
// them and asks again.
func (s *Server) readCreateRequest(w http.ResponseWriter, r *http.Request) (req createRequest, archivePath, fresh string, pick *threadsResponse, err error) {
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		var token string
		if req, token, archivePath, err = s.readCreateForm(w, r); err != nil {
			return req, "", "", nil, err
		}
		if token != req.Archive {
			fresh = token
		}
		if archivePath != "" && req.Post == "" {
			threads, err := s.Import.ListThreads(r.Context(), archivePath)
			if err == nil && len(threads) == 0 {
				err = carousel.FieldError("archive", "the archive has no thread (a post followed by your own replies to it)")
			}
			if err != nil {
				if fresh != "" {
					s.archives.remove(fresh)
				}
				return req, "", "", nil, err
			}
			if len(threads) != 1 {
				return req, "", "", &threadsResponse{Archive: token, Threads: threads}, nil
			}
			req.Post = threads[0].ID
		}
		return req, archivePath, fresh, nil, nil
	}
	if err := decodeJSON(r, &req); err != nil {
		return req, "", "", nil, err
	}
	if req.Archive != "" {
		p, ok := s.archives.path(req.Archive)
		if !ok {
			return req, "", "", nil, carousel.FieldError("archive", "the uploaded archive has expired or is unknown: upload it again")
		}
		archivePath = p
	}
	return req, archivePath, "", nil, nil
}

// importThread gets the request's thread: the sample, or an import of its
// source or archive.
func (s *Server) importThread(ctx context.Context, req createRequest, archivePath string) (*carousel.Thread, []carousel.Warning, error) {
	if req.Sample {
		return carousel.SampleThread(), nil, nil
	}
	if archivePath == "" && strings.TrimSpace(req.Source) == "" {
		return nil, nil, carousel.FieldError("source", "give a post URL (X, Bluesky, Mastodon or Threads), pasted text or an X or Mastodon archive")
	}
	return s.Import.Import(ctx, carousel.ImportRequest{Source: req.Source, Archive: archivePath, PostID: req.Post})
}

// choices are the settings the request picks.
func (req createRequest) choices() carousel.Choices {
	return carousel.Choices{Title: req.Title, Preset: req.Preset, Format: req.Format, Template: req.Template, Theme: req.Theme, Language: req.Language}
}

// workflow makes projects the way the command line does.
func (s *Server) workflow() *carousel.Workflow {
	return &carousel.Workflow{Render: s.Render, Presets: s.Presets, Profiles: s.Profiles}
}

// forRender returns a copy of p as it renders: with its brand profile's
// newest version applied.
func (s *Server) forRender(ctx context.Context, p *carousel.Project) (*carousel.Project, error) {
	rp, warns, err := s.workflow().ForRender(ctx, p)
	for _, w := range warns {
		s.Logger.Warn(w.Message, "project", p.ID, "profile", p.Settings.Brand.Profile)
	}
	return rp, err
}

// loadForRender loads a project and prepares it for rendering.
func (s *Server) loadForRender(ctx context.Context, id string) (*carousel.Project, error) {
	p, err := s.Projects.FindProjectByID(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.forRender(ctx, p)
}

func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	list, err := s.Projects.FindProjects(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if list == nil {
		list = []carousel.ProjectSummary{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": list})
}

func (s *Server) getProject(w http.ResponseWriter, r *http.Request) {
	p, err := s.Projects.FindProjectByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if r.URL.Query().Get("download") != "" {
		setAttachment(w, fileStem(p.Title)+".carousel.json")
	}
	writeProject(w, p)
}

func writeProject(w http.ResponseWriter, p *carousel.Project) {
	b, err := carousel.MarshalJSON(p)
	if err != nil {
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
}

// layoutResponse answers a save, a re-plan or a layout request.
type layoutResponse struct {
	ID       string                   `json:"id"`
	Revision int64                    `json:"revision"`
	Slides   []carousel.RenderedSlide `json:"slides"`
	Warnings []carousel.Warning       `json:"warnings"`
}

func (s *Server) layoutOf(ctx context.Context, p *carousel.Project) (*layoutResponse, error) {
	rp, err := s.forRender(ctx, p)
	if err != nil {
		return nil, err
	}
	l, err := s.Render.Layout(ctx, rp)
	if err != nil {
		return nil, err
	}
	res := &layoutResponse{ID: p.ID, Revision: p.Revision, Slides: l.Slides, Warnings: l.Warnings}
	if res.Slides == nil {
		res.Slides = []carousel.RenderedSlide{}
	}
	if res.Warnings == nil {
		res.Warnings = []carousel.Warning{}
	}
	return res, nil
}

func (s *Server) updateProject(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	b, err := readBody(r, maxJSONBody)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := carousel.ReadProject(b)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if p.ID != "" && p.ID != id {
		s.Error(w, r, carousel.FieldError("id", "is %q but the URL names project %q", p.ID, id))
		return
	}
	p.ID = id
	if err := checkImageRefs(p); err != nil {
		s.Error(w, r, err)
		return
	}
	if p.Revision <= 0 {
		s.Error(w, r, carousel.FieldError("revision", "give the revision you edited, as GET answered it"))
		return
	}
	if err := s.Render.Check(&p.Settings); err != nil {
		s.Error(w, r, err)
		return
	}
	ctx := r.Context()
	if note := changeNote(r); note != "" {
		ctx = carousel.WithChangeNote(ctx, note)
	}
	if err := s.Projects.UpdateProject(ctx, p); err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.layoutOf(r.Context(), p)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) deleteProject(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := s.Projects.FindProjectByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Projects.DeleteProject(r.Context(), id); err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditDelete, "project "+id, p.Title)
	w.WriteHeader(http.StatusNoContent)
}

// changeNote is the X-Carousel-Note header of a save (URL-encoded, as the
// studio sends it), cut to a label's length; "" when there is none.
func changeNote(r *http.Request) string {
	v := r.Header.Get("X-Carousel-Note")
	if dec, err := url.QueryUnescape(v); err == nil {
		v = dec
	}
	v = strings.Join(strings.Fields(strings.ToValidUTF8(v, "")), " ")
	if r := []rune(v); len(r) > 80 {
		v = string(r[:80])
	}
	return v
}

// listRevisions lists a project's versions a page at a time: ?limit= (20
// by default) versions older than ?before= (a revision), newest first.
func (s *Server) listRevisions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, before := 20, int64(0)
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			s.Error(w, r, carousel.FieldError("limit", "must be a number from 1 to 200, found %q", v))
			return
		}
		limit = n
	}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 {
			s.Error(w, r, carousel.FieldError("before", "must be a revision number, found %q", v))
			return
		}
		before = n
	}
	page, err := s.Projects.FindProjectVersions(r.Context(), r.PathValue("id"), before, limit)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if page.Versions == nil {
		page.Versions = []carousel.ProjectRevision{}
	}
	writeJSON(w, http.StatusOK, page)
}

// pinRevision keeps a version for good under the name of {"name": "…"}.
func (s *Server) pinRevision(w http.ResponseWriter, r *http.Request) {
	rev, ok := s.revisionOf(w, r)
	if !ok {
		return
	}
	// Another workspace's project is unknown before the request is judged.
	if _, err := s.Projects.FindProjectByID(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	var req struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if strings.TrimSpace(req.Name) == "" {
		s.Error(w, r, carousel.FieldError("name", "give the version a name to pin it under"))
		return
	}
	if err := s.Projects.PinProjectRevision(r.Context(), r.PathValue("id"), rev, req.Name); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) unpinRevision(w http.ResponseWriter, r *http.Request) {
	rev, ok := s.revisionOf(w, r)
	if !ok {
		return
	}
	if err := s.Projects.PinProjectRevision(r.Context(), r.PathValue("id"), rev, ""); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) revisionOf(w http.ResponseWriter, r *http.Request) (int64, bool) {
	rev, err := strconv.ParseInt(r.PathValue("rev"), 10, 64)
	if err != nil || rev <= 0 {
		s.Error(w, r, carousel.Errorf(carousel.EINVALID, "revision %q is not a positive number", r.PathValue("rev")))
		return 0, false
	}
	return rev, true
}

func (s *Server) getRevision(w http.ResponseWriter, r *http.Request) {
	rev, err := strconv.ParseInt(r.PathValue("rev"), 10, 64)
	if err != nil || rev <= 0 {
		s.Error(w, r, carousel.Errorf(carousel.EINVALID, "revision %q is not a positive number", r.PathValue("rev")))
		return
	}
	p, err := s.Projects.FindProjectRevision(r.Context(), r.PathValue("id"), rev)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeProject(w, p)
}

func (s *Server) planProject(w http.ResponseWriter, r *http.Request) {
	var req struct {
		All bool `json:"all"`
	}
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &req); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	ctx := r.Context()
	p, err := s.Projects.FindProjectByID(ctx, r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	rp, err := s.forRender(ctx, p)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	warnings, err := s.Render.Plan(ctx, rp, req.All)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p.Slides = rp.Slides
	if err := s.Projects.UpdateProject(ctx, p); err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.layoutOf(ctx, p)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res.Warnings = append(append([]carousel.Warning{}, warnings...), res.Warnings...) // [] rather than null
	writeJSON(w, http.StatusOK, res)
}

func (s *Server) getLayout(w http.ResponseWriter, r *http.Request) {
	p, err := s.Projects.FindProjectByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	res, err := s.layoutOf(r.Context(), p)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// errNotFound reports an unknown path element as ENOTFOUND.
func errNotFound(format string, args ...any) error {
	return carousel.Errorf(carousel.ENOTFOUND, format, args...)
}

// wrapRender tags an engine failure that is not a user error with where it happened.
func wrapRender(err error, what string) error {
	var ce *carousel.Error
	if errors.As(err, &ce) {
		return err
	}
	return fmt.Errorf("web: render %s: %w", what, err)
}

// pickError reports an import error about the post picked from an
// archive, not about the archive itself.
func pickError(err error) bool {
	var ce *carousel.Error
	return carousel.ErrorCode(err) == carousel.ENOTFOUND || (errors.As(err, &ce) && ce.Field == "postId")
}
