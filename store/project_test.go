// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

func TestProjects(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		clock := time.Date(2026, 11, 26, 9, 0, 0, 123456000, time.UTC)
		db.Now = func() time.Time { clock = clock.Add(time.Second); return clock }

		p := sampleProject(3)
		p.Title = "Engines"
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		saved1 := clock
		if len(p.ID) != 12 || p.Revision != 1 {
			t.Fatalf("created id %q revision %d, want 12 characters and 1", p.ID, p.Revision)
		}
		other := sampleProject(1)
		if err := db.CreateProject(ctx, other); err != nil {
			t.Fatal(err)
		}
		if other.ID == p.ID {
			t.Fatal("two projects got one id")
		}

		got, err := db.FindProjectByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, p) {
			t.Fatalf("found %+v\nwant %+v", got, p)
		}

		// The most recently updated project comes first.
		p.Slides = p.Slides[:2]
		if err := db.UpdateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		saved2 := clock
		if p.Revision != 2 {
			t.Fatalf("revision after update %d, want 2", p.Revision)
		}
		list, err := db.FindProjects(ctx)
		if err != nil {
			t.Fatal(err)
		}
		want := []carousel.ProjectSummary{
			{ID: p.ID, Title: "Engines", Revision: 2, Slides: 2, Updated: clock},
			{ID: other.ID, Title: "Post 1: the analytical engine weaves algebraic patterns just as the Jacquard loom weaves flowers an…", Revision: 1, Slides: 1, Updated: clock.Add(-time.Second)},
		}
		if !reflect.DeepEqual(list, want) {
			t.Fatalf("FindProjects:\n%+v\nwant\n%+v", list, want)
		}

		// A stale update is refused and changes nothing.
		stale := *p
		stale.Revision = 1
		stale.Title = "Stale"
		err = db.UpdateProject(ctx, &stale)
		wantCode(t, err, carousel.ECONFLICT, "project "+p.ID+" was changed elsewhere: you have revision 1, the store has 2; reload")
		if stale.Revision != 1 {
			t.Fatalf("a refused update changed the revision to %d", stale.Revision)
		}
		got, err = db.FindProjectByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "Engines" || got.Revision != 2 {
			t.Fatalf("after a stale update the store has %q at %d", got.Title, got.Revision)
		}

		// Invalid input changes nothing.
		bad := *p
		bad.Slides = append([]carousel.Slide(nil), p.Slides...)
		bad.Slides[0].Items = []carousel.Item{{Post: "nope"}}
		wantCode(t, db.UpdateProject(ctx, &bad), carousel.EINVALID, `no post "nope"`)
		if bad.Revision != 2 {
			t.Fatal("an invalid update changed the revision")
		}
		before := count(t, db, "projects")
		wantCode(t, db.CreateProject(ctx, &carousel.Project{Version: 9}), carousel.EINVALID, "must be 1")
		if n := count(t, db, "projects"); n != before {
			t.Fatalf("an invalid create stored a project: %d, had %d", n, before)
		}

		// Old revisions stay readable.
		old, err := db.FindProjectRevision(ctx, p.ID, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(old.Slides) != 3 || old.Revision != 1 {
			t.Fatalf("revision 1 has %d slides at revision %d", len(old.Slides), old.Revision)
		}
		revs, err := db.FindProjectRevisions(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantRevs := []carousel.ProjectRevision{
			{Revision: 2, Saved: saved2, Started: saved2, Label: "1 slide removed", Edits: 1},
			{Revision: 1, Saved: saved1, Started: saved1, Label: "created", Edits: 1},
		}
		if !reflect.DeepEqual(revs, wantRevs) {
			t.Fatalf("revisions %+v, want %+v", revs, wantRevs)
		}

		if err := db.DeleteProject(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.read.QueryRow(db.rebind(`SELECT COUNT(*) FROM project_revisions WHERE project_id = ?`), p.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d revisions left after delete (%v)", n, err)
		}

		missing := sampleProject(1)
		missing.ID = "doesnotexist"
		for name, err := range map[string]error{
			"find":      second(db.FindProjectByID(ctx, p.ID)),
			"update":    db.UpdateProject(ctx, missing),
			"delete":    db.DeleteProject(ctx, p.ID),
			"revisions": second(db.FindProjectRevisions(ctx, p.ID)),
			"revision":  second(db.FindProjectRevision(ctx, p.ID, 1)),
		} {
			t.Run(name, func(t *testing.T) { wantCode(t, err, carousel.ENOTFOUND, "no project") })
		}
		wantCode(t, second(db.FindProjectRevision(ctx, other.ID, 7)), carousel.ENOTFOUND, "has no version 7")
		wantCode(t, db.UpdateProject(ctx, sampleProject(1)), carousel.EINVALID, "no id")
	})
}

func second[T any](_ T, err error) error { return err }

// TestProjectVersions checks that a burst of saves makes one version,
// labelled with what changed; that an export or a pin closes a version;
// that pinned versions outlive pruning; and that versions list in pages.
func TestProjectVersions(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		c := &clock{t: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)}
		db.Now = c.now
		p := sampleProject(3)
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		save := func(edit func(p *carousel.Project)) {
			t.Helper()
			edit(p)
			if err := db.UpdateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		// Twelve saves in forty seconds: one version after the created one.
		for i := range 12 {
			c.t = c.t.Add(time.Duration(i%3+2) * time.Second)
			save(func(p *carousel.Project) { p.Title = fmt.Sprintf("typing %d", i) })
		}
		save(func(p *carousel.Project) { p.Settings.Theme = "ink" })
		revs, err := db.FindProjectRevisions(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != 2 || revs[0].Revision != p.Revision || revs[0].Edits != 13 || revs[1].Label != "created" {
			t.Fatalf("after a burst of 13 saves: %+v", revs)
		}
		if revs[0].Label != "title, theme ink" || !revs[0].Started.Before(revs[0].Saved) {
			t.Errorf("the burst's version: %+v", revs[0])
		}
		// A minute after the burst started, the next save starts a version.
		c.t = c.t.Add(30 * time.Second)
		save(func(p *carousel.Project) { p.Slides = p.Slides[:2] })
		// An export closes it: the next save, seconds later, starts another.
		if err := db.CloseProjectRevision(ctx, p.ID, "exported PDF"); err != nil {
			t.Fatal(err)
		}
		if err := db.CloseProjectRevision(ctx, p.ID, "exported PDF"); err != nil {
			t.Fatal(err) // a second export of the same version says it once
		}
		c.t = c.t.Add(time.Second)
		save(func(p *carousel.Project) { p.Slides[1].Style = &carousel.SlideStyle{Align: "center"} })
		c.t = c.t.Add(time.Second)
		save(func(p *carousel.Project) { p.Title = "renamed" })
		revs, err = db.FindProjectRevisions(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		labels := []string{}
		for _, r := range revs {
			labels = append(labels, r.Label)
		}
		want := []string{"slide 2 style, title", "1 slide removed, exported PDF", "title, theme ink", "created"}
		if strings.Join(labels, " | ") != strings.Join(want, " | ") {
			t.Errorf("labels %q, want %q", labels, want)
		}
		if !revs[1].Exported || revs[0].Exported {
			t.Errorf("exported flags: %+v", revs[:3])
		}
		burst := revs[2].Revision
		// A note starts a version of its own.
		c.t = c.t.Add(time.Second)
		noted := carousel.WithChangeNote(ctx, "Restored version 2")
		p.Title = "from the past"
		if err := db.UpdateProject(noted, p); err != nil {
			t.Fatal(err)
		}
		if revs, _ := db.FindProjectRevisions(ctx, p.ID); revs[0].Label != "Restored version 2" || revs[0].Edits != 1 {
			t.Errorf("a noted save: %+v", revs[0])
		}

		// Pin the burst's version.
		if err := db.PinProjectRevision(ctx, p.ID, burst, "  First draft  "); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.PinProjectRevision(ctx, p.ID, 999, "x"), carousel.ENOTFOUND, "has no version 999")
		wantCode(t, db.PinProjectRevision(ctx, p.ID, burst, strings.Repeat("n", 81)), carousel.EINVALID, "keep it to 80")
		wantCode(t, db.PinProjectRevision(ctx, "nope", 1, "x"), carousel.ENOTFOUND, "no project")

		// A save seconds after pinning the current version starts a new one.
		if err := db.PinProjectRevision(ctx, p.ID, p.Revision, "Restored"); err != nil {
			t.Fatal(err)
		}
		c.t = c.t.Add(time.Second)
		save(func(p *carousel.Project) { p.Title = "after the pin" })
		if revs, _ := db.FindProjectRevisions(ctx, p.ID); revs[0].Edits != 1 || revs[1].Name != "Restored" || revs[1].Revision != p.Revision-1 {
			t.Errorf("a save after a pin: %+v", revs[:2])
		}
		if err := db.PinProjectRevision(ctx, p.ID, p.Revision-1, ""); err != nil {
			t.Fatal(err)
		}

		// Hours of editing: one version per two minutes, past KeptRevisions.
		for i := range KeptRevisions + 5 {
			c.t = c.t.Add(2 * time.Minute)
			save(func(p *carousel.Project) { p.Title = fmt.Sprintf("hour %d", i) })
		}
		page, err := db.FindProjectVersions(ctx, p.ID, 0, 20)
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != KeptRevisions+1 || len(page.Versions) != 20 || page.Versions[0].Revision != p.Revision || page.Next != page.Versions[19].Revision {
			t.Fatalf("first page: total %d, %d versions, next %d", page.Total, len(page.Versions), page.Next)
		}
		if len(page.Pinned) != 1 || page.Pinned[0].Name != "First draft" || page.Pinned[0].Revision != burst {
			t.Errorf("pinned: %+v", page.Pinned)
		}
		seen := map[int64]bool{}
		n := 0
		for before := int64(0); ; {
			pg, err := db.FindProjectVersions(ctx, p.ID, before, 50)
			if err != nil {
				t.Fatal(err)
			}
			if before != 0 && len(pg.Pinned) != 0 {
				t.Error("a later page lists the pinned versions again")
			}
			for _, v := range pg.Versions {
				if seen[v.Revision] {
					t.Fatalf("version %d listed twice", v.Revision)
				}
				seen[v.Revision] = true
				n++
			}
			if pg.Next == 0 {
				break
			}
			before = pg.Next
		}
		if n != page.Total || !seen[burst] {
			t.Errorf("paging listed %d of %d versions (pinned one listed: %v)", n, page.Total, seen[burst])
		}
		old, err := db.FindProjectRevision(ctx, p.ID, burst)
		if err != nil || old.Settings.Theme != "ink" {
			t.Fatalf("the pinned version: %v, %v", old, err)
		}
		wantCode(t, second(db.FindProjectRevision(ctx, p.ID, 2)), carousel.ENOTFOUND, "a version keeps only its last save")
		wantCode(t, second(db.FindProjectVersions(ctx, p.ID, 0, 0)), carousel.EINVALID, "1 to 500")
		if err := db.PinProjectRevision(ctx, p.ID, burst, ""); err != nil {
			t.Fatal(err)
		}
		if pg, _ := db.FindProjectVersions(ctx, p.ID, 0, 5); len(pg.Pinned) != 0 {
			t.Errorf("unpinned, yet listed as pinned: %+v", pg.Pinned)
		}
	})
}

// TestTwoInstances opens one database twice, as two app instances would.
func TestTwoInstances(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		a, b := mustOpen(t, dsn), mustOpen(t, dsn)
		p := sampleProject(2)
		if err := a.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		fromB, err := b.FindProjectByID(ctx, p.ID)
		if err != nil {
			t.Fatalf("b does not see a's project: %v", err)
		}
		fromB.Title = "edited on b"
		if err := b.UpdateProject(ctx, fromB); err != nil {
			t.Fatal(err)
		}
		p.Title = "edited on a"
		wantCode(t, a.UpdateProject(ctx, p), carousel.ECONFLICT, "you have revision 1, the store has 2")
		again, err := a.FindProjectByID(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if again.Title != "edited on b" || again.Revision != 2 {
			t.Fatalf("a sees %q at %d", again.Title, again.Revision)
		}

		// Concurrent writers from both: exactly one wins each round.
		errs := make(chan error, 2)
		for _, db := range []*DB{a, b} {
			q := *again
			go func() { errs <- db.UpdateProject(ctx, &q) }()
		}
		e1, e2 := <-errs, <-errs
		if (e1 == nil) == (e2 == nil) {
			t.Fatalf("two racing updates of revision 2 gave %v and %v; want one success and one conflict", e1, e2)
		}
		if e1 != nil {
			e2 = e1
		}
		wantCode(t, e2, carousel.ECONFLICT)
	})
}

// TestExportNoteOutlivesALongLabel: an export's note is kept even when the
// version's label is already at its longest.
func TestExportNoteOutlivesALongLabel(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		p := sampleProject(3)
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		for _, edit := range []func(){
			func() { p.Title = "a" }, func() { p.Settings.Theme = "ink" }, func() { p.Settings.Format = "story" },
			func() { p.Settings.Template = "headline" }, func() { p.Settings.Pattern.Name = "dots" },
			func() { p.Settings.CTA.Variant = 1 }, func() { p.Settings.Typography.BodySize = 20 },
		} {
			edit()
			if err := db.UpdateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.CloseProjectRevision(ctx, p.ID, "exported PNG"); err != nil {
			t.Fatal(err)
		}
		revs, err := db.FindProjectRevisions(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if l := revs[0].Label; !strings.HasSuffix(l, "and more, exported PNG") || !revs[0].Exported {
			t.Errorf("label %q (exported %v)", l, revs[0].Exported)
		}
	})
}
