// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/carouselstudio/carousel"
)

// TestUpgradeSingleUserDatabase fills a database as single-user releases
// left it (migration 0001 only, before workspaces), opens it with this
// release, and checks that everything moved to the first workspace as it
// was: projects with every revision, profiles with the default, presets
// with their profile, and images.
func TestUpgradeSingleUserDatabase(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		old, err := open(ctx, dsn, "0001_init.sql")
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, old, "schema_migrations"); n != 1 {
			t.Fatalf("the old database has %d migrations, want 1", n)
		}
		// The old schema has no workspace columns, so write it as the old
		// release did, with plain SQL.
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := old.write.ExecContext(ctx, old.rebind(q), args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		p := sampleProject(3)
		p.ID = "proj1"
		exec(`INSERT INTO projects (id, title, slides, revision, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`, p.ID, "Talk, take 3", len(p.Slides), 3, old.now(), old.now())
		var docs []string
		for rev := int64(1); rev <= 3; rev++ {
			p.Revision = rev
			p.Title = "Talk, take " + string(rune('0'+rev))
			doc, err := encodeDocument(p)
			if err != nil {
				t.Fatal(err)
			}
			docs = append(docs, doc)
			exec(`INSERT INTO project_revisions (project_id, revision, document, saved_at) VALUES (?, ?, ?, ?)`, p.ID, rev, doc, old.now())
		}
		exec(`INSERT INTO profiles (id, name, revision, is_default, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			"prof1", "Acme", 2, true, `{"name":"","author":"Acme Inc.","handle":"acme","website":""}`, old.now(), old.now())
		exec(`INSERT INTO profiles (id, name, revision, is_default, document, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			"prof2", "Side project", 1, false, `{"name":"","author":"Me","handle":"me","website":""}`, old.now(), old.now())
		exec(`INSERT INTO presets (id, name, revision, profile_id, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			"pre1", "Acme dark", 4, "prof1", `{"theme":"midnight","brand":{"profile":"prof1"}}`, old.now(), old.now())
		img := pngBytes(t)
		sum := sha256.Sum256(img)
		id := hex.EncodeToString(sum[:])
		exec(`INSERT INTO assets (id, media_type, size, data, created_at) VALUES (?, ?, ?, ?, ?)`, id, "image/png", len(img), img, old.now())
		old.Close()

		db := mustOpen(t, dsn)
		ws, err := db.FindWorkspaceByID(ctx, carousel.DefaultWorkspace)
		if err != nil {
			t.Fatalf("no first workspace after the upgrade: %v", err)
		}
		if ws.Name == "" {
			t.Error("the first workspace has no name")
		}
		// Without a workspace in the context the store works in the first
		// one; with it explicitly, the same.
		for _, c := range []context.Context{ctx, carousel.NewContextWithWorkspace(ctx, carousel.DefaultWorkspace)} {
			got, err := db.FindProjectByID(c, "proj1")
			if err != nil {
				t.Fatal(err)
			}
			if got.Revision != 3 || got.Title != "Talk, take 3" || len(got.Slides) != 3 {
				t.Errorf("project after the upgrade: revision %d, title %q, %d slides", got.Revision, got.Title, len(got.Slides))
			}
			revs, err := db.FindProjectRevisions(c, "proj1")
			if err != nil || len(revs) != 3 {
				t.Fatalf("revisions after the upgrade: %v, %v", revs, err)
			}
			for rev := int64(1); rev <= 3; rev++ {
				r, err := db.FindProjectRevision(c, "proj1", rev)
				if err != nil {
					t.Fatal(err)
				}
				doc, _ := encodeDocument(r)
				if doc != docs[rev-1] {
					t.Errorf("revision %d changed in the upgrade:\n%s\nwant\n%s", rev, doc, docs[rev-1])
				}
			}
			profiles, err := db.FindProfiles(c)
			if err != nil {
				t.Fatal(err)
			}
			if len(profiles) != 2 || profiles[0].Name != "Acme" || !profiles[0].Default || profiles[0].Revision != 2 || profiles[0].Handle != "acme" || profiles[1].Default {
				t.Errorf("profiles after the upgrade: %+v %+v", profiles[0], profiles[1])
			}
			pr, err := db.FindPresetByName(c, "Acme dark")
			if err != nil {
				t.Fatal(err)
			}
			if pr.Revision != 4 || pr.Settings.Theme != "midnight" || pr.Settings.Brand.Profile != "prof1" {
				t.Errorf("preset after the upgrade: %+v", pr)
			}
			data, typ, err := db.Asset(c, "asset:"+id)
			if err != nil || !bytes.Equal(data, img) || typ != "image/png" {
				t.Errorf("image after the upgrade: %d bytes, %q, %v", len(data), typ, err)
			}
		}
		// The preset still protects its profile, now within the workspace.
		wantCode(t, db.DeleteProfile(ctx, "prof1"), carousel.ECONFLICT, "Acme dark")

		// A new workspace sees none of it and may reuse the names.
		other := &carousel.Workspace{Name: "Client B"}
		if err := db.CreateWorkspace(ctx, other); err != nil {
			t.Fatal(err)
		}
		b := carousel.NewContextWithWorkspace(ctx, other.ID)
		if _, err := db.FindProjectByID(b, "proj1"); carousel.ErrorCode(err) != carousel.ENOTFOUND {
			t.Errorf("another workspace finds the upgraded project: %v", err)
		}
		if list, _ := db.FindProfiles(b); len(list) != 0 {
			t.Errorf("another workspace lists %d profiles", len(list))
		}
		if _, _, err := db.Asset(b, "asset:"+id); carousel.ErrorCode(err) != carousel.ENOTFOUND {
			t.Errorf("another workspace gets the upgraded image: %v", err)
		}
		acme := &carousel.Profile{Name: "Acme", Author: "Other Acme"}
		if err := db.CreateProfile(b, acme); err != nil {
			t.Fatalf("the name of another workspace's profile is refused: %v", err)
		}
		if !acme.Default {
			t.Error("the first profile of a new workspace is not its default")
		}
		first, _ := db.FindProfiles(ctx)
		if first[0].ID != "prof1" || !first[0].Default {
			t.Error("a new workspace's default profile changed the first workspace's default")
		}
	})
}
