// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"fmt"
	"reflect"
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
		wantRevs := []carousel.ProjectRevision{{Revision: 2, Saved: saved2}, {Revision: 1, Saved: saved1}}
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
		wantCode(t, second(db.FindProjectRevision(ctx, other.ID, 7)), carousel.ENOTFOUND, "has no revision 7")
		wantCode(t, db.UpdateProject(ctx, sampleProject(1)), carousel.EINVALID, "no id")
	})
}

func second[T any](_ T, err error) error { return err }

func TestProjectKeepsLast50Revisions(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		p := sampleProject(2)
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		for i := range 51 {
			p.Title = fmt.Sprintf("save %d", i+2)
			if err := db.UpdateProject(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		if p.Revision != 52 {
			t.Fatalf("revision %d after 51 updates, want 52", p.Revision)
		}
		revs, err := db.FindProjectRevisions(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(revs) != KeptRevisions || revs[0].Revision != 52 || revs[len(revs)-1].Revision != 3 {
			t.Fatalf("kept %d revisions from %d to %d, want 50 from 52 to 3", len(revs), revs[0].Revision, revs[len(revs)-1].Revision)
		}
		wantCode(t, second(db.FindProjectRevision(ctx, p.ID, 2)), carousel.ENOTFOUND, "keeps the last 50")
		old, err := db.FindProjectRevision(ctx, p.ID, 3)
		if err != nil {
			t.Fatal(err)
		}
		if old.Title != "save 3" {
			t.Fatalf("revision 3 has title %q", old.Title)
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
