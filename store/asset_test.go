// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"reflect"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range 8 {
		img.Set(i, i, color.RGBA{R: 200, A: 255})
	}
	return img
}

func pngBytes(tb testing.TB) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func TestAssets(t *testing.T) {
	var jpg, gf bytes.Buffer
	if err := jpeg.Encode(&jpg, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	if err := gif.Encode(&gf, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	// A WebP file header: RIFF, its size, WEBP, then the VP8 chunk.
	webp := append([]byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00"), make([]byte, 24)...)
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`
	svgDecl := "\ufeff<?xml version=\"1.0\"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg>\n" + svg

	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		for _, tc := range []struct {
			name, typ string
			data      []byte
			code, msg string
		}{
			{name: "png", data: pngBytes(t), typ: "image/png"},
			{name: "jpeg", data: jpg.Bytes(), typ: "image/jpeg"},
			{name: "gif", data: gf.Bytes(), typ: "image/gif"},
			{name: "webp", data: webp, typ: "image/webp"},
			{name: "svg", data: []byte(svg), typ: "image/svg+xml"},
			{name: "svg with prolog", data: []byte(svgDecl), typ: "image/svg+xml"},
			{name: "empty", data: nil, code: carousel.EINVALID, msg: "empty"},
			{name: "text", data: []byte("hello, world"), code: carousel.EUNSUPPORTED, msg: "not a PNG, JPEG, WebP, GIF or SVG"},
			{name: "html", data: []byte("<html><body><svg></svg></body></html>"), code: carousel.EUNSUPPORTED},
			{name: "svgz-like prefix", data: []byte("<svgfoo/>"), code: carousel.EUNSUPPORTED},
			{name: "pdf", data: []byte("%PDF-1.7\n"), code: carousel.EUNSUPPORTED, msg: "application/pdf"},
			{name: "too large", data: append(pngBytes(t), make([]byte, MaxAssetSize)...), code: carousel.ETOOLARGE, msg: "the limit is 15 MB"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := count(t, db, "assets")
				ref, err := db.PutAsset(ctx, tc.data, "application/octet-stream")
				if tc.code != "" {
					wantCode(t, err, tc.code, tc.msg)
					if n := count(t, db, "assets"); n != before {
						t.Fatal("a refused asset was stored")
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if !strings.HasPrefix(ref, "asset:") || len(ref) != len("asset:")+64 {
					t.Fatalf("reference %q", ref)
				}
				data, typ, err := db.Asset(ctx, ref)
				if err != nil {
					t.Fatal(err)
				}
				if typ != tc.typ || !bytes.Equal(data, tc.data) {
					t.Fatalf("read back %s, %d bytes; want %s, %d bytes", typ, len(data), tc.typ, len(tc.data))
				}
				// The same bytes again: the same reference, stored once.
				again, err := db.PutAsset(ctx, tc.data, tc.typ)
				if err != nil || again != ref {
					t.Fatalf("second put gave %q, %v; want %q", again, err, ref)
				}
				if n := count(t, db, "assets"); n != before+1 {
					t.Fatalf("%d assets after putting one twice, had %d", n, before)
				}
			})
		}
		_, _, err := db.Asset(ctx, "asset:"+strings.Repeat("0", 64))
		wantCode(t, err, carousel.ENOTFOUND, "no image")
		_, _, err = db.Asset(ctx, "https://example.com/a.png")
		wantCode(t, err, carousel.EINVALID, "not an asset reference")
	})
}

func TestBrandKitRoundTrip(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		src := mustOpen(t, dsn)
		avatar, err := src.PutAsset(ctx, pngBytes(t), "image/png")
		if err != nil {
			t.Fatal(err)
		}
		var jpg bytes.Buffer
		if err := jpeg.Encode(&jpg, testImage(), nil); err != nil {
			t.Fatal(err)
		}
		logo, err := src.PutAsset(ctx, jpg.Bytes(), "image/jpeg")
		if err != nil {
			t.Fatal(err)
		}
		acme := &carousel.Profile{Name: "Acme", Author: "Acme Inc.", Avatar: avatar, Logo: "https://example.com/logo.png",
			Colors: &carousel.Colors{Background: "#101010"}, Footer: []carousel.BrandItem{{Kind: carousel.BrandSwipe, Position: "right"}}}
		beta := &carousel.Profile{Name: "Beta", Logo: logo}
		for _, p := range []*carousel.Profile{acme, beta} {
			if err := src.CreateProfile(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := src.SetDefaultProfile(ctx, beta.ID); err != nil {
			t.Fatal(err)
		}
		weekly := &carousel.Preset{Name: "Weekly", Settings: carousel.Settings{Theme: "paper", Brand: carousel.Brand{Profile: acme.ID, Avatar: avatar}}}
		plain := &carousel.Preset{Name: "Plain", Settings: carousel.Settings{Format: "instagram-square"}}
		for _, p := range []*carousel.Preset{weekly, plain} {
			if err := src.CreatePreset(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		var kit bytes.Buffer
		if err := src.ExportBrandKit(ctx, &kit); err != nil {
			t.Fatal(err)
		}

		// Into a fresh database of the same dialect.
		dst := mustOpen(t, anotherDatabase(t, src))
		nProf, nPre, err := dst.ImportBrandKit(ctx, bytes.NewReader(kit.Bytes()), false)
		if err != nil {
			t.Fatal(err)
		}
		if nProf != 2 || nPre != 2 {
			t.Fatalf("imported %d profiles and %d presets, want 2 and 2", nProf, nPre)
		}
		profiles, err := dst.FindProfiles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byName := map[string]*carousel.Profile{}
		for _, p := range profiles {
			byName[p.Name] = p
		}
		for _, want := range []*carousel.Profile{acme, beta} {
			got := byName[want.Name]
			if got == nil {
				t.Fatalf("profile %q not imported", want.Name)
			}
			w := *want
			w.ID, w.Revision, w.Default = got.ID, 1, want.Name == "Beta"
			if !reflect.DeepEqual(got, &w) {
				t.Fatalf("imported %+v\nwant %+v", got, &w)
			}
		}
		gotWeekly, err := dst.FindPresetByName(ctx, "Weekly")
		if err != nil {
			t.Fatal(err)
		}
		if gotWeekly.Settings.Brand.Profile != byName["Acme"].ID || gotWeekly.Settings.Theme != "paper" {
			t.Fatalf("imported preset %+v is not linked to the imported Acme %s", gotWeekly.Settings, byName["Acme"].ID)
		}
		for _, ref := range []string{avatar, logo} {
			if _, _, err := dst.Asset(ctx, ref); err != nil {
				t.Fatalf("image %s not imported: %v", ref, err)
			}
		}

		// Again without replace: every name is taken, nothing changes.
		_, _, err = dst.ImportBrandKit(ctx, bytes.NewReader(kit.Bytes()), false)
		wantCode(t, err, carousel.ECONFLICT, `a profile named "Acme" already exists`)
		// With replace: overwritten in place, ids kept.
		if _, _, err := dst.ImportBrandKit(ctx, bytes.NewReader(kit.Bytes()), true); err != nil {
			t.Fatal(err)
		}
		again, _ := dst.FindProfileByID(ctx, byName["Acme"].ID)
		if again == nil || again.Revision != 2 || count(t, dst, "profiles") != 2 || count(t, dst, "presets") != 2 {
			t.Fatalf("replace did not overwrite in place: %+v", again)
		}

		svgDoc := []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
		svgSum := sha256.Sum256(svgDoc)
		svgRef := "asset:" + hex.EncodeToString(svgSum[:])

		// All or nothing: a bad preset after a good profile stores neither.
		bad := `{"kind":"carousel-brand-kit","version":1,"profiles":[{"name":"New","author":"","handle":"","website":""}],
			"presets":[{"name":"Orphan","settings":{"format":"","template":"","theme":"","typography":{"titleSize":0,"bodySize":0,"headerSize":0,"minScale":0},"brand":{"profile":"missing"},"pattern":{"name":"","density":0,"opacity":0},"cta":{"variant":0}}}],"assets":[]}`
		_, _, err = dst.ImportBrandKit(ctx, strings.NewReader(bad), false)
		wantCode(t, err, carousel.EINVALID, `names a missing profile "missing"`)
		if _, err := dst.FindProfiles(ctx); err != nil || count(t, dst, "profiles") != 2 {
			t.Fatalf("a failed import left %d profiles", count(t, dst, "profiles"))
		}
		for _, tc := range []struct{ name, doc, msg string }{
			{"not json", "hello", "not a brand kit"},
			{"other kind", `{"kind":"carousel-project","version":1}`, "expected kind"},
			{"unknown field", `{"kind":"carousel-brand-kit","version":1,"extra":1}`, "unknown field"},
			{"tampered image", `{"kind":"carousel-brand-kit","version":1,"assets":[{"ref":"` + avatar + `","mediaType":"image/png","data":"` + base64.StdEncoding.EncodeToString([]byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)) + `"}]}`, "does not match"},
			{"duplicate name", `{"kind":"carousel-brand-kit","version":1,"profiles":[{"name":"Z"},{"name":"Z "}]}`, "two profiles named"},
			// The upload route refuses SVG (it could carry script); so does the kit.
			{"svg asset", `{"kind":"carousel-brand-kit","version":1,"assets":[{"ref":"` + svgRef + `","mediaType":"image/svg+xml","data":"` + base64.StdEncoding.EncodeToString(svgDoc) + `"}]}`, "SVG images are not accepted"},
			{"host path in a profile", `{"kind":"carousel-brand-kit","version":1,"profiles":[{"name":"P","avatar":"/etc/passwd"}]}`, "profiles[0].avatar: local files are not loaded"},
			{"relative path in a preset", `{"kind":"carousel-brand-kit","version":1,"presets":[{"name":"P","settings":{"brand":{"logo":"../carousel.db"}}}]}`, "presets[0].settings.brand.logo"},
			{"file URL in a preset background", `{"kind":"carousel-brand-kit","version":1,"presets":[{"name":"P","settings":{"background":{"kind":"image","image":"file:///etc/hosts"}}}]}`, "presets[0].settings.background.image"},
			{"over the limit", `{"kind":"carousel-brand-kit","version":1,"profiles":[{"name":"` + strings.Repeat(" ", MaxBrandKitSize) + `"}]}`, "over the limit of 64 MB"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, _, err := dst.ImportBrandKit(ctx, strings.NewReader(tc.doc), true)
				if carousel.ErrorCode(err) == carousel.EINTERNAL || err == nil || !strings.Contains(err.Error(), tc.msg) {
					t.Fatalf("import gave %v, want a user error mentioning %q", err, tc.msg)
				}
			})
		}
	})
}
