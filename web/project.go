// SPDX-License-Identifier: MIT

package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
)

// createRequest is the JSON body of POST /api/projects.
type createRequest struct {
	Source   string `json:"source"`
	Archive  string `json:"archive"` // a token from an earlier archive upload
	Post     string `json:"post"`    // picks the thread of an archive
	Title    string `json:"title"`
	Format   string `json:"format"`
	Template string `json:"template"`
	Theme    string `json:"theme"`
	Preset   string `json:"preset"` // a preset's name or id
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
	var req createRequest
	var archivePath string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		var token string
		var err error
		req, token, archivePath, err = s.readCreateForm(w, r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if archivePath != "" && req.Post == "" {
			threads, err := s.Import.ListThreads(r.Context(), archivePath)
			if err != nil {
				s.Error(w, r, err)
				return
			}
			if len(threads) != 1 {
				writeJSON(w, http.StatusOK, threadsResponse{Archive: token, Threads: threads})
				return
			}
			req.Post = threads[0].ID
		}
	} else {
		if err := decodeJSON(r, &req); err != nil {
			s.Error(w, r, err)
			return
		}
		if req.Archive != "" {
			p, ok := s.archives.path(req.Archive)
			if !ok {
				s.Error(w, r, carousel.FieldError("archive", "the uploaded archive has expired or is unknown: upload it again"))
				return
			}
			archivePath = p
		}
	}
	if archivePath == "" && strings.TrimSpace(req.Source) == "" {
		s.Error(w, r, carousel.FieldError("source", "give a post URL (X, Bluesky, Mastodon or Threads), pasted text or an X or Mastodon archive"))
		return
	}
	ctx := r.Context()
	thread, warnings, err := s.Import.Import(ctx, carousel.ImportRequest{Source: req.Source, Archive: archivePath, PostID: req.Post})
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p, planWarnings, err := s.workflow().NewProject(ctx, thread, req.choices())
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
	res.Warnings = append(warnings, res.Warnings...)
	writeJSON(w, http.StatusCreated, createResponse(*res))
}

// choices are the settings the request picks.
func (req createRequest) choices() carousel.Choices {
	return carousel.Choices{Title: req.Title, Preset: req.Preset, Format: req.Format, Template: req.Template, Theme: req.Theme}
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
	if p.Revision <= 0 {
		s.Error(w, r, carousel.FieldError("revision", "give the revision you edited, as GET answered it"))
		return
	}
	if err := s.Render.Check(&p.Settings); err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Projects.UpdateProject(r.Context(), p); err != nil {
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
	if err := s.Projects.DeleteProject(r.Context(), r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) listRevisions(w http.ResponseWriter, r *http.Request) {
	revs, err := s.Projects.FindProjectRevisions(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if revs == nil {
		revs = []carousel.ProjectRevision{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"revisions": revs})
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
	res.Warnings = append(warnings, res.Warnings...)
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
