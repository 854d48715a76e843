// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/carouselstudio/carousel"
)

// fontTypes are the media types a font asset is stored with, by its first
// bytes.
func fontMediaType(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("wOF2")):
		return "font/woff2"
	case bytes.HasPrefix(b, []byte("wOFF")):
		return "font/woff"
	case bytes.HasPrefix(b, []byte("OTTO")):
		return "font/otf"
	}
	return "font/ttf"
}

// uploadFont stores a font file (multipart field "file") as an asset after
// CheckFont has validated it. With the fields "profile" (a brand profile's
// id) and "role" (title, body or both; default both) the font becomes that
// profile's font, so every output made with the profile uses it. It
// answers the reference and the font's family name.
func (s *Server) uploadFont(w http.ResponseWriter, r *http.Request) {
	if s.CheckFont == nil {
		s.Error(w, r, carousel.Errorf(carousel.EUNSUPPORTED, "this server cannot check font files"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxUpload+1<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.Error(w, r, uploadError(err, s.MaxUpload))
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, hdr, err := r.FormFile("file")
	if err != nil {
		s.Error(w, r, carousel.FieldError("file", "send the font as the multipart field \"file\""))
		return
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(f); err != nil {
		s.Error(w, r, err)
		return
	}
	family, err := s.CheckFont(buf.Bytes())
	if err != nil {
		s.Error(w, r, carousel.Errorf(carousel.ErrorCode(err), "%s: %s", hdr.Filename, carousel.ErrorMessage(err)))
		return
	}
	role := r.FormValue("role")
	switch role {
	case "", "both", "title", "body":
	default:
		s.Error(w, r, carousel.FieldError("role", "must be title, body or both, found %q", role))
		return
	}
	var prof *carousel.Profile
	if id := r.FormValue("profile"); id != "" {
		if prof, err = s.Profiles.FindProfileByID(r.Context(), id); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	ref, err := s.Assets.PutAsset(r.Context(), buf.Bytes(), fontMediaType(buf.Bytes()))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if prof != nil {
		if role != "body" {
			prof.TitleFont = ref
		}
		if role != "title" {
			prof.BodyFont = ref
		}
		if err := s.Profiles.UpdateProfile(r.Context(), prof); err != nil {
			s.Error(w, r, err)
			return
		}
	}
	out := map[string]any{"ref": ref, "family": family, "type": fontMediaType(buf.Bytes())}
	if prof != nil {
		out["profile"] = prof
	}
	writeJSON(w, http.StatusCreated, out)
}

// getFont names an uploaded font: its family and media type, so that the
// studio labels a carousel's own font after a reload as it did after the
// upload.
func (s *Server) getFont(w http.ResponseWriter, r *http.Request) {
	ref, b, mediaType, err := s.requestedAsset(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if !strings.HasPrefix(mediaType, "font/") {
		s.Error(w, r, carousel.Errorf(carousel.ENOTFOUND, "%s is not a font", ref))
		return
	}
	if s.CheckFont == nil {
		s.Error(w, r, carousel.Errorf(carousel.EUNSUPPORTED, "this server cannot check font files"))
		return
	}
	family, err := s.CheckFont(b)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"ref": ref, "family": family, "type": mediaType})
}
