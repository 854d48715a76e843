// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
)

func (s *Server) listProfiles(w http.ResponseWriter, r *http.Request) {
	list, err := s.Profiles.FindProfiles(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if list == nil {
		list = []*carousel.Profile{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"profiles": list})
}

func (s *Server) readProfile(r *http.Request) (*carousel.Profile, error) {
	var p carousel.Profile
	if err := decodeJSON(r, &p); err != nil {
		return nil, err
	}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return nil, carousel.FieldError("name", "a profile needs a name")
	}
	// Profiles carry brand items and colours: check them as settings do.
	st := carousel.Settings{Colors: p.Colors, Brand: carousel.Brand{Header: p.Header, Footer: p.Footer}}
	if err := st.Validate("profile"); err != nil {
		return nil, err
	}
	if err := checkImageRefs(&p); err != nil {
		return nil, err
	}
	check := carousel.Settings{Typography: carousel.Typography{TitleFont: p.TitleFont, BodyFont: p.BodyFont}}
	if err := s.Render.Check(&check); err != nil {
		return nil, err
	}
	return &p, nil
}

func (s *Server) createProfile(w http.ResponseWriter, r *http.Request) {
	p, err := s.readProfile(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p.ID, p.Revision = "", 0
	if err := s.Profiles.CreateProfile(r.Context(), p); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) getProfile(w http.ResponseWriter, r *http.Request) {
	p, err := s.Profiles.FindProfileByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) updateProfile(w http.ResponseWriter, r *http.Request) {
	p, err := s.readProfile(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if p.ID != "" && p.ID != r.PathValue("id") {
		s.Error(w, r, carousel.FieldError("id", "is %q but the URL names profile %q", p.ID, r.PathValue("id")))
		return
	}
	p.ID = r.PathValue("id")
	if err := s.Profiles.UpdateProfile(r.Context(), p); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) deleteProfile(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := s.Profiles.FindProfileByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Profiles.DeleteProfile(r.Context(), id); err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditDelete, "profile "+id, p.Name)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) setDefaultProfile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := s.Profiles.SetDefaultProfile(ctx, r.PathValue("id")); err != nil {
		s.Error(w, r, err)
		return
	}
	p, err := s.Profiles.FindProfileByID(ctx, r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) listPresets(w http.ResponseWriter, r *http.Request) {
	list, err := s.Presets.FindPresets(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if list == nil {
		list = []*carousel.Preset{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"presets": list})
}

func (s *Server) readPreset(r *http.Request) (*carousel.Preset, error) {
	var p carousel.Preset
	if err := decodeJSON(r, &p); err != nil {
		return nil, err
	}
	p.Name = strings.TrimSpace(p.Name)
	if p.Name == "" {
		return nil, carousel.FieldError("name", "a preset needs a name")
	}
	if err := checkImageRefs(&p); err != nil {
		return nil, err
	}
	if err := s.Render.Check(&p.Settings); err != nil {
		return nil, err
	}
	return &p, nil
}

func (s *Server) createPreset(w http.ResponseWriter, r *http.Request) {
	p, err := s.readPreset(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	p.ID, p.Revision = "", 0
	if err := s.Presets.CreatePreset(r.Context(), p); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) getPreset(w http.ResponseWriter, r *http.Request) {
	p, err := s.Presets.FindPresetByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) updatePreset(w http.ResponseWriter, r *http.Request) {
	p, err := s.readPreset(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if p.ID != "" && p.ID != r.PathValue("id") {
		s.Error(w, r, carousel.FieldError("id", "is %q but the URL names preset %q", p.ID, r.PathValue("id")))
		return
	}
	p.ID = r.PathValue("id")
	if err := s.Presets.UpdatePreset(r.Context(), p); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) deletePreset(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	p, err := s.Presets.FindPresetByID(r.Context(), id)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.Presets.DeletePreset(r.Context(), id); err != nil {
		s.Error(w, r, err)
		return
	}
	s.audit(r, carousel.AuditDelete, "preset "+id, p.Name)
	w.WriteHeader(http.StatusNoContent)
}

// imageTypes are the uploads accepted, by their sniffed type. SVG is left
// out: served from this origin it could carry script.
var imageTypes = map[string]bool{"image/png": true, "image/jpeg": true, "image/gif": true, "image/webp": true}

func (s *Server) uploadAsset(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxUpload+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.Error(w, r, uploadError(err, s.MaxUpload))
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.Error(w, r, carousel.FieldError("file", "send the image as the multipart field \"file\""))
		return
	}
	defer f.Close()
	if hdr.Size > s.MaxUpload {
		s.Error(w, r, carousel.Errorf(carousel.ETOOLARGE, "%s is %d MB; images may be up to %d MB", hdr.Filename, hdr.Size>>20, s.MaxUpload>>20))
		return
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		s.Error(w, r, err)
		return
	}
	mediaType := http.DetectContentType(buf.Bytes())
	if !imageTypes[mediaType] {
		s.Error(w, r, carousel.Errorf(carousel.EUNSUPPORTED, "%s is not a PNG, JPEG, GIF or WebP image (its bytes look like %s)", hdr.Filename, mediaType))
		return
	}
	ref, err := s.Assets.PutAsset(r.Context(), buf.Bytes(), mediaType)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]string{"ref": ref, "url": "/api/assets/" + ref, "type": mediaType})
}

func (s *Server) getAsset(w http.ResponseWriter, r *http.Request) {
	_, b, mediaType, err := s.requestedAsset(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	// Assets are named by their content hash: they never change.
	sendImage(w, b, mediaType, "private, max-age=31536000, immutable")
}

// requestedAsset reads the asset the path's {ref} names, with or without
// its "asset:" prefix, in the caller's workspace.
func (s *Server) requestedAsset(r *http.Request) (ref string, b []byte, mediaType string, err error) {
	ref = r.PathValue("ref")
	if !strings.HasPrefix(ref, "asset:") {
		ref = "asset:" + ref
	}
	b, mediaType, err = s.Assets.Asset(r.Context(), ref)
	return ref, b, mediaType, err
}

// sendImage serves image bytes sandboxed, so that an SVG cannot run script.
func sendImage(w http.ResponseWriter, b []byte, mediaType, cacheControl string) {
	h := w.Header()
	if !strings.HasPrefix(mediaType, "image/") {
		mediaType = "application/octet-stream"
	}
	h.Set("Content-Type", mediaType)
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", cacheControl)
	w.Write(b)
}

// getPostMedia serves image index (0-based) of a post of a project's
// thread. Only references in the stored project can be loaded, so this is
// no open proxy.
func (s *Server) getPostMedia(w http.ResponseWriter, r *http.Request) {
	p, err := s.Projects.FindProjectByID(r.Context(), r.PathValue("id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	post := p.Thread.PostByID(r.PathValue("post"))
	if post == nil {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "no post %q in project %q", r.PathValue("post"), p.ID))
		return
	}
	i, err := strconv.Atoi(r.PathValue("index"))
	if err != nil || i < 0 || i >= len(post.Media) {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "post %q has no image %q", post.ID, r.PathValue("index")))
		return
	}
	ref := post.Media[i].Src
	what := fmt.Sprintf("image %d of post %q", i, post.ID)
	var b []byte
	switch {
	case carousel.CheckImageRef(ref, false) != nil:
		// Files on the server are never served, whatever a project says.
		err = carousel.Errorf(carousel.EUNSUPPORTED, "%s is not a stored, web or data: image", what)
	case strings.HasPrefix(ref, "asset:"):
		b, _, err = s.Assets.Asset(r.Context(), ref)
	case carousel.KindOfImageRef(ref) == carousel.ImageData:
		b, _, err = carousel.DecodeDataURL(ref)
	case s.LoadImage != nil:
		b, err = s.LoadImage(r.Context(), ref)
	default:
		err = carousel.Errorf(carousel.EUNSUPPORTED, "%s cannot be loaded by this server", what)
	}
	if err != nil {
		s.Error(w, r, err)
		return
	}
	mediaType := http.DetectContentType(b)
	if !imageTypes[mediaType] {
		s.Error(w, r, carousel.Errorf(carousel.EUNSUPPORTED, "%s is not a PNG, JPEG, GIF or WebP image", what))
		return
	}
	if err := checkPixels(b, what); err != nil {
		s.Error(w, r, err)
		return
	}
	sendImage(w, b, mediaType, "private, max-age=3600")
}

func (s *Server) exportBrandKit(w http.ResponseWriter, r *http.Request) {
	if s.BrandKit == nil {
		s.Error(w, r, carousel.Errorf(carousel.EUNSUPPORTED, "this server's store cannot export a brand kit"))
		return
	}
	var buf bytes.Buffer
	if err := s.BrandKit.ExportBrandKit(r.Context(), &buf); err != nil {
		s.Error(w, r, err)
		return
	}
	sendFile(w, buf.Bytes(), "application/json", "brand-kit.json", nil)
}

func (s *Server) importBrandKit(w http.ResponseWriter, r *http.Request) {
	if s.BrandKit == nil {
		s.Error(w, r, carousel.Errorf(carousel.EUNSUPPORTED, "this server's store cannot import a brand kit"))
		return
	}
	// The kit is decoded as it arrives (the store caps its size), so a
	// large kit is never held in memory as text and as images at once.
	body := http.MaxBytesReader(w, r.Body, s.MaxUpload*10)
	replace := r.URL.Query().Get("replace") == "true"
	profiles, presets, err := s.BrandKit.ImportBrandKit(r.Context(), body, replace)
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			err = carousel.Errorf(carousel.ETOOLARGE, "the brand kit is over %d MB", s.MaxUpload*10>>20)
		}
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"profiles": profiles, "presets": presets})
}
