// SPDX-License-Identifier: MIT

package web_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/web"
)

// TestFontUpload: a real font is checked, stored as an asset and set as a
// brand profile's fonts; text posing as a font is refused and stores nothing.
func TestFontUpload(t *testing.T) {
	e := newEnv(t, func(s *web.Server) { s.CheckFont = render.CheckFont; s.MaxUpload = 4 << 20 })
	res, b := e.do("POST", "/api/profiles", map[string]any{"name": "Brand", "author": "Brand Co", "handle": "brand"})
	if res.StatusCode != 201 {
		t.Fatalf("create profile: %d %s", res.StatusCode, b)
	}
	var prof carousel.Profile
	json.Unmarshal(b, &prof)
	font, err := os.ReadFile("../render/fonts/poppins/poppins-latin-700-normal.woff2")
	if err != nil {
		t.Fatal(err)
	}
	body, ct := multipartBody(t, "file", "Poppins-Bold.woff2", font, "profile", prof.ID, "role", "title")
	res, b = e.do("POST", "/api/fonts", body, "Content-Type", ct)
	if res.StatusCode != 201 {
		t.Fatalf("upload: %d %s", res.StatusCode, b)
	}
	var up struct {
		Ref, Family, Type string
		Profile           carousel.Profile
	}
	json.Unmarshal(b, &up)
	if up.Family != "Poppins" || up.Type != "font/woff2" || up.Profile.TitleFont != up.Ref || up.Profile.BodyFont != "" {
		t.Fatalf("answer %+v", up)
	}
	stored, err := e.db.FindProfileByID(t.Context(), prof.ID)
	if err != nil || stored.TitleFont != up.Ref {
		t.Fatalf("stored profile %+v, %v", stored, err)
	}
	data, mt, err := e.db.Asset(t.Context(), up.Ref)
	if err != nil || len(data) != len(font) || mt != "font/woff2" {
		t.Fatalf("asset: %d bytes, %q, %v", len(data), mt, err)
	}
	// After a reload the studio asks the font's name again.
	res, b = e.do("GET", "/api/fonts/"+up.Ref, nil)
	var named struct{ Ref, Family, Type string }
	if json.Unmarshal(b, &named); res.StatusCode != 200 || named != (struct{ Ref, Family, Type string }{up.Ref, "Poppins", "font/woff2"}) {
		t.Fatalf("GET /api/fonts/%s: %d %s", up.Ref, res.StatusCode, b)
	}
	// An image is no font, and an unknown reference is not found.
	imgRef, err := e.db.PutAsset(t.Context(), tinyPNG, "image/png")
	if err != nil {
		t.Fatal(err)
	}
	for _, ref := range []string{imgRef, "asset:" + strings.Repeat("0", 64)} {
		res, b = e.do("GET", "/api/fonts/"+ref, nil)
		wantError(t, res, b, 404, carousel.ENOTFOUND)
	}

	body, ct = multipartBody(t, "file", "fake.ttf", []byte("<html>not a font</html>"), "profile", prof.ID)
	res, b = e.do("POST", "/api/fonts", body, "Content-Type", ct)
	wantError(t, res, b, 415, carousel.EUNSUPPORTED)
	body, ct = multipartBody(t, "file", "a.woff2", font, "role", "headline")
	res, b = e.do("POST", "/api/fonts", body, "Content-Type", ct)
	wantError(t, res, b, 400, carousel.EINVALID)
	if p, _ := e.db.FindProfileByID(t.Context(), prof.ID); p.BodyFont != "" {
		t.Errorf("a refused upload changed the profile: %+v", p)
	}
}
