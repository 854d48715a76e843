// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestProfiles(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)

		acme := &carousel.Profile{
			Name: "  Acme  ", Author: "Acme Inc.", Handle: "acme", Website: "acme.example",
			Colors: &carousel.Colors{Accent: "#ff5500"},
			Header: []carousel.BrandItem{{Kind: carousel.BrandAvatar, Position: "left"}},
		}
		if err := db.CreateProfile(ctx, acme); err != nil {
			t.Fatal(err)
		}
		if acme.Name != "Acme" || acme.Revision != 1 || !acme.Default {
			t.Fatalf("first profile: name %q revision %d default %v; want trimmed, 1, default", acme.Name, acme.Revision, acme.Default)
		}
		beta := &carousel.Profile{Name: "Beta", Author: "Beta"}
		if err := db.CreateProfile(ctx, beta); err != nil {
			t.Fatal(err)
		}
		if beta.Default {
			t.Fatal("the second profile became the default")
		}
		got, err := db.FindProfileByID(ctx, acme.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, acme) {
			t.Fatalf("found %+v\nwant %+v", got, acme)
		}

		for _, tc := range []struct {
			name string
			p    carousel.Profile
			code string
			msg  string
		}{
			{"name taken", carousel.Profile{Name: "Beta "}, carousel.ECONFLICT, `a profile named "Beta" already exists`},
			{"empty name", carousel.Profile{Name: "   "}, carousel.EINVALID, "needs a name"},
			{"long name", carousel.Profile{Name: strings.Repeat("é", 101)}, carousel.EINVALID, "at most 100 characters"},
			{"bad colour", carousel.Profile{Name: "C", Colors: &carousel.Colors{Text: "red"}}, carousel.EINVALID, "is not a colour"},
			{"bad item", carousel.Profile{Name: "D", Footer: []carousel.BrandItem{{Kind: "clock", Position: "left"}}}, carousel.EINVALID, `unknown item "clock"`},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := tc.p
				wantCode(t, db.CreateProfile(ctx, &p), tc.code, tc.msg)
				if n := count(t, db, "profiles"); n != 2 {
					t.Fatalf("%d profiles after a refused create, want 2", n)
				}
			})
		}
		wantCode(t, db.CreateProfile(ctx, &carousel.Profile{Name: strings.Repeat("é", 100)}), "")

		// Updates are compare-and-swap on the revision.
		acme.Handle = "acme_hq"
		if err := db.UpdateProfile(ctx, acme); err != nil {
			t.Fatal(err)
		}
		if acme.Revision != 2 || !acme.Default {
			t.Fatalf("after update: revision %d default %v", acme.Revision, acme.Default)
		}
		stale := *acme
		stale.Revision = 1
		stale.Handle = "old"
		wantCode(t, db.UpdateProfile(ctx, &stale), carousel.ECONFLICT, "you have revision 1, the store has 2")
		renamed := *beta
		renamed.Name = "Acme"
		wantCode(t, db.UpdateProfile(ctx, &renamed), carousel.ECONFLICT, `a profile named "Acme" already exists`)
		got, _ = db.FindProfileByID(ctx, acme.ID)
		if got.Handle != "acme_hq" || got.Revision != 2 {
			t.Fatalf("refused updates changed the profile: %+v", got)
		}

		// One default at a time.
		if err := db.SetDefaultProfile(ctx, beta.ID); err != nil {
			t.Fatal(err)
		}
		list, err := db.FindProfiles(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var defaults []string
		for _, p := range list {
			if p.Default {
				defaults = append(defaults, p.Name)
			}
		}
		if len(list) != 3 || list[0].Name != "Acme" || strings.Join(defaults, ",") != "Beta" {
			t.Fatalf("%d profiles, first %q, defaults %v; want 3, Acme first, Beta", len(list), list[0].Name, defaults)
		}
		wantCode(t, db.SetDefaultProfile(ctx, "nope"), carousel.ENOTFOUND, `no profile "nope"`)

		// A profile used by a preset stays.
		preset := &carousel.Preset{Name: "Weekly", Settings: carousel.Settings{Brand: carousel.Brand{Profile: beta.ID}}}
		if err := db.CreatePreset(ctx, preset); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.DeleteProfile(ctx, beta.ID), carousel.ECONFLICT, `profile "Beta" is used by preset "Weekly"`)
		if err := db.DeletePreset(ctx, preset.ID); err != nil {
			t.Fatal(err)
		}
		// Deleting the default makes the oldest remaining profile the default.
		if err := db.DeleteProfile(ctx, beta.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = db.FindProfileByID(ctx, acme.ID)
		if !got.Default {
			t.Fatal("no default after deleting the default profile")
		}
		// Deleting a profile that is neither the default nor used by a preset.
		spare := &carousel.Profile{Name: "Spare"}
		if err := db.CreateProfile(ctx, spare); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteProfile(ctx, spare.ID); err != nil {
			t.Fatalf("deleting a plain profile: %v", err)
		}
		wantCode(t, second(db.FindProfileByID(ctx, spare.ID)), carousel.ENOTFOUND, "no profile")

		for name, err := range map[string]error{
			"find":   second(db.FindProfileByID(ctx, beta.ID)),
			"update": db.UpdateProfile(ctx, beta),
			"delete": db.DeleteProfile(ctx, beta.ID),
		} {
			t.Run(name, func(t *testing.T) { wantCode(t, err, carousel.ENOTFOUND, "no profile") })
		}
	})
}

func TestPresets(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		prof := &carousel.Profile{Name: "Acme"}
		if err := db.CreateProfile(ctx, prof); err != nil {
			t.Fatal(err)
		}
		p := &carousel.Preset{Name: " Dark LinkedIn ", Settings: carousel.Settings{
			Format: "linkedin-portrait", Theme: "midnight",
			Typography: carousel.Typography{TitleSize: 40},
			Brand:      carousel.Brand{Profile: prof.ID},
		}}
		if err := db.CreatePreset(ctx, p); err != nil {
			t.Fatal(err)
		}
		if p.Name != "Dark LinkedIn" || p.Revision != 1 || p.ID == "" {
			t.Fatalf("created %+v", p)
		}
		byID, err := db.FindPresetByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		byName, err := db.FindPresetByName(ctx, "Dark LinkedIn")
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(byID, p) || !reflect.DeepEqual(byName, p) {
			t.Fatalf("found %+v and %+v\nwant %+v", byID, byName, p)
		}

		for _, tc := range []struct {
			name string
			p    carousel.Preset
			code string
			msg  string
		}{
			{"name taken", carousel.Preset{Name: "Dark LinkedIn"}, carousel.ECONFLICT, `a preset named "Dark LinkedIn" already exists`},
			{"missing profile", carousel.Preset{Name: "X", Settings: carousel.Settings{Brand: carousel.Brand{Profile: "gone"}}}, carousel.EINVALID, `preset "X" names a missing profile "gone"`},
			{"bad settings", carousel.Preset{Name: "Y", Settings: carousel.Settings{Format: "fax"}}, carousel.EINVALID, `unknown format "fax"`},
			{"no name", carousel.Preset{}, carousel.EINVALID, "needs a name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				q := tc.p
				wantCode(t, db.CreatePreset(ctx, &q), tc.code, tc.msg)
				if n := count(t, db, "presets"); n != 1 {
					t.Fatalf("%d presets after a refused create", n)
				}
			})
		}

		p.Settings.Theme = "paper"
		if err := db.UpdatePreset(ctx, p); err != nil {
			t.Fatal(err)
		}
		stale := *p
		stale.Revision = 1
		wantCode(t, db.UpdatePreset(ctx, &stale), carousel.ECONFLICT, "you have revision 1, the store has 2")
		missing := *p
		missing.Settings.Brand.Profile = "gone"
		wantCode(t, db.UpdatePreset(ctx, &missing), carousel.EINVALID, "names a missing profile")
		other := &carousel.Preset{Name: "Other"}
		if err := db.CreatePreset(ctx, other); err != nil {
			t.Fatal(err)
		}
		other.Name = "Dark LinkedIn"
		wantCode(t, db.UpdatePreset(ctx, other), carousel.ECONFLICT, "already exists")
		got, _ := db.FindPresetByID(ctx, p.ID)
		if got.Settings.Theme != "paper" || got.Revision != 2 || got.Settings.Brand.Profile != prof.ID {
			t.Fatalf("after refused updates: %+v", got)
		}
		list, err := db.FindPresets(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 2 || list[0].Name != "Dark LinkedIn" || list[1].Name != "Other" {
			t.Fatalf("FindPresets: %d, want Dark LinkedIn and Other by name", len(list))
		}

		if err := db.DeletePreset(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		for name, err := range map[string]error{
			"find":    second(db.FindPresetByID(ctx, p.ID)),
			"by name": second(db.FindPresetByName(ctx, "Dark LinkedIn")),
			"update":  db.UpdatePreset(ctx, p),
			"delete":  db.DeletePreset(ctx, p.ID),
		} {
			t.Run(name, func(t *testing.T) { wantCode(t, err, carousel.ENOTFOUND, "no preset") })
		}
	})
}
