// SPDX-License-Identifier: MIT

package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

// clock is a settable time for expiry tests.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func mustUser(t *testing.T, db *DB, email, password string) *carousel.User {
	t.Helper()
	u := &carousel.User{Email: email}
	if err := db.CreateUser(context.Background(), u, password); err != nil {
		t.Fatalf("CreateUser(%s): %v", email, err)
	}
	return u
}

func mustWorkspace(t *testing.T, db *DB, name string) *carousel.Workspace {
	t.Helper()
	w := &carousel.Workspace{Name: name}
	if err := db.CreateWorkspace(context.Background(), w); err != nil {
		t.Fatalf("CreateWorkspace(%s): %v", name, err)
	}
	return w
}

func TestPasswordHash(t *testing.T) {
	h := hashPassword("correct horse battery", DefaultPasswordParams)
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id in PHC form with the default costs", h)
	}
	if h2 := hashPassword("correct horse battery", DefaultPasswordParams); h2 == h {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if !verifyPassword("correct horse battery", h) {
		t.Error("the password does not verify against its hash")
	}
	for _, wrong := range []string{"correct horse batterx", "", "correct horse battery "} {
		if verifyPassword(wrong, h) {
			t.Errorf("%q verifies", wrong)
		}
	}
	// A hash made with other costs still verifies: they are in the hash.
	cheap := hashPassword("correct horse battery", PasswordParams{Memory: 64, Time: 1, Threads: 1})
	if !verifyPassword("correct horse battery", cheap) {
		t.Error("a hash with other costs does not verify")
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA", strings.Replace(h, "t=2", "t=0", 1)} {
		if verifyPassword("correct horse battery", bad) {
			t.Errorf("malformed hash %q verifies", bad)
		}
	}
}

func TestAccounts(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		ada := mustUser(t, db, "  Ada@Example.COM ", "analytical engine")
		if ada.Email != "ada@example.com" || ada.Name != "ada" || !ada.HasPassword || ada.ID == "" {
			t.Fatalf("created %+v", ada)
		}
		wantCode(t, db.CreateUser(ctx, &carousel.User{Email: "ADA@example.com"}, "another password"), carousel.ECONFLICT, "ada@example.com")
		wantCode(t, db.CreateUser(ctx, &carousel.User{Email: "not an email"}, "analytical engine"), carousel.EINVALID, "email")
		wantCode(t, db.CreateUser(ctx, &carousel.User{Email: "short@example.com"}, "short"), carousel.EINVALID, "10 characters")

		var hash string
		db.read.QueryRow(db.rebind(`SELECT password_hash FROM users WHERE id = ?`), ada.ID).Scan(&hash)
		if !strings.HasPrefix(hash, "$argon2id$") || strings.Contains(hash, "analytical") {
			t.Fatalf("stored password %q is not an argon2id hash", hash)
		}

		got, err := db.Authenticate(ctx, "ada@EXAMPLE.com", "analytical engine")
		if err != nil || got.ID != ada.ID {
			t.Fatalf("Authenticate: %v, %+v", err, got)
		}
		_, err = db.Authenticate(ctx, "ada@example.com", "analytical enginf")
		wantCode(t, err, carousel.EUNAUTHORIZED, "wrong email or password")
		_, err = db.Authenticate(ctx, "nobody@example.com", "analytical engine")
		wantCode(t, err, carousel.EUNAUTHORIZED, "wrong email or password")

		// Single sign-on accounts have no password to sign in with.
		sso := mustUser(t, db, "sso@example.com", "")
		if sso.HasPassword {
			t.Error("an account made without a password says it has one")
		}
		_, err = db.Authenticate(ctx, "sso@example.com", "")
		wantCode(t, err, carousel.EUNAUTHORIZED)
		if err := db.LinkSubject(ctx, sso.ID, "https://idp.example|123"); err != nil {
			t.Fatal(err)
		}
		if u, err := db.FindUserBySubject(ctx, "https://idp.example|123"); err != nil || u.ID != sso.ID {
			t.Fatalf("FindUserBySubject: %v %+v", err, u)
		}
		wantCode(t, db.LinkSubject(ctx, ada.ID, "https://idp.example|123"), carousel.ECONFLICT)

		// Changing the password ends every other session.
		keep, _, err := db.CreateSession(ctx, ada.ID, carousel.DefaultWorkspace, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		other, _, _ := db.CreateSession(ctx, ada.ID, carousel.DefaultWorkspace, time.Hour)
		if err := db.SetPassword(ctx, ada.ID, "difference engine", keep); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindSession(ctx, keep); err != nil {
			t.Errorf("the session that changed the password ended: %v", err)
		}
		_, err = db.FindSession(ctx, other)
		wantCode(t, err, carousel.EUNAUTHORIZED)
		if _, err := db.Authenticate(ctx, "ada@example.com", "analytical engine"); err == nil {
			t.Error("the old password still signs in")
		}
		if _, err := db.Authenticate(ctx, "ada@example.com", "difference engine"); err != nil {
			t.Errorf("the new password does not sign in: %v", err)
		}
		wantCode(t, db.SetPassword(ctx, ada.ID, "short", ""), carousel.EINVALID)

		users, err := db.FindUsers(ctx)
		if err != nil || len(users) != 2 || users[0].Email != "ada@example.com" {
			t.Fatalf("FindUsers: %v %+v", err, users)
		}
		if err := db.DeleteUser(ctx, sso.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindUserByID(ctx, sso.ID)
		wantCode(t, err, carousel.ENOTFOUND)
		wantCode(t, db.DeleteUser(ctx, sso.ID), carousel.ENOTFOUND)
	})
}

func TestSessionExpiry(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		db.Now = c.now
		u := mustUser(t, db, "ada@example.com", "analytical engine")
		secret, s, err := db.CreateSession(ctx, u.ID, carousel.DefaultWorkspace, 2*time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, sessionPrefix) || len(secret) < 40 || !s.Expires.Equal(c.t.Add(2*time.Hour)) {
			t.Fatalf("session %q %+v", secret, s)
		}
		if n := count(t, db, "sessions WHERE secret_hash = '"+secretHash(secret)+"'"); n != 1 {
			t.Fatal("the session is not kept by its hash")
		}
		// Use within the ttl slides the expiry on.
		c.advance(90 * time.Minute)
		got, err := db.FindSession(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Expires.Equal(c.t.Add(2 * time.Hour)) {
			t.Errorf("using the session did not extend it: expires %v", got.Expires)
		}
		c.advance(119 * time.Minute)
		if _, err := db.FindSession(ctx, secret); err != nil {
			t.Fatalf("a session used 119 minutes ago ended: %v", err)
		}
		// Two hours without use end it, for good.
		c.advance(2*time.Hour + time.Second)
		_, err = db.FindSession(ctx, secret)
		wantCode(t, err, carousel.EUNAUTHORIZED, "sign in again")
		c.t = c.t.Add(-3 * time.Hour)
		_, err = db.FindSession(ctx, secret)
		wantCode(t, err, carousel.EUNAUTHORIZED)

		_, err = db.FindSession(ctx, "css_made-up")
		wantCode(t, err, carousel.EUNAUTHORIZED)
		_, err = db.FindSession(ctx, "")
		wantCode(t, err, carousel.EUNAUTHORIZED)

		// Sign-out and switching workspace.
		ws := mustWorkspace(t, db, "Client B")
		secret, _, _ = db.CreateSession(ctx, u.ID, carousel.DefaultWorkspace, time.Hour)
		if err := db.SetSessionWorkspace(ctx, secret, ws.ID); err != nil {
			t.Fatal(err)
		}
		if s, _ := db.FindSession(ctx, secret); s == nil || s.Workspace != ws.ID {
			t.Errorf("switching workspace: %+v", s)
		}
		if err := db.DeleteSession(ctx, secret); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindSession(ctx, secret)
		wantCode(t, err, carousel.EUNAUTHORIZED)
	})
}

func TestTokens(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		db.Now = c.now
		ada := mustUser(t, db, "ada@example.com", "analytical engine")
		bob := mustUser(t, db, "bob@example.com", "analytical engine")
		tok := &carousel.APIToken{Name: " CI deploy ", UserID: ada.ID, Workspace: carousel.DefaultWorkspace}
		secret, err := db.CreateToken(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, tokenPrefix) || tok.Name != "CI deploy" || tok.ID == "" {
			t.Fatalf("token %q %+v", secret, tok)
		}
		if n := count(t, db, "api_tokens WHERE secret_hash = '"+secretHash(secret)+"'"); n != 1 {
			t.Fatal("the token is not kept by its hash")
		}
		got, err := db.FindToken(ctx, secret)
		if err != nil || got.ID != tok.ID || got.LastUsed != nil {
			t.Fatalf("first use: %v %+v", err, got)
		}
		c.advance(time.Hour)
		got, _ = db.FindToken(ctx, secret)
		if got.LastUsed == nil || !got.LastUsed.Equal(c.t.Add(-time.Hour)) {
			t.Errorf("second use: last used %v, want the first use", got.LastUsed)
		}
		wantCode(t, db.DeleteToken(ctx, bob.ID, tok.ID), carousel.ENOTFOUND)
		if list, _ := db.FindTokens(ctx, ada.ID); len(list) != 1 || list[0].Name != "CI deploy" {
			t.Errorf("FindTokens: %+v", list)
		}
		if err := db.DeleteToken(ctx, ada.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindToken(ctx, secret)
		wantCode(t, err, carousel.EUNAUTHORIZED, "revoked")
		if list, _ := db.FindTokens(ctx, ada.ID); len(list) != 0 {
			t.Errorf("a revoked token is listed: %+v", list)
		}
		_, err = db.CreateToken(ctx, &carousel.APIToken{Name: "", UserID: ada.ID, Workspace: carousel.DefaultWorkspace})
		wantCode(t, err, carousel.EINVALID, "name")
	})
}

func TestWorkspacesAndInvites(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		db.Now = c.now
		ada := mustUser(t, db, "ada@example.com", "analytical engine")
		bob := mustUser(t, db, "bob@example.com", "analytical engine")
		acme := mustWorkspace(t, db, "Acme")
		_, err := db.FindWorkspaceByName(ctx, " Acme ")
		if err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.CreateWorkspace(ctx, &carousel.Workspace{Name: "Acme"}), carousel.ECONFLICT)
		wantCode(t, db.SetMember(ctx, acme.ID, ada.ID, "boss"), carousel.EINVALID, "role")
		if err := db.SetMember(ctx, acme.ID, ada.ID, carousel.RoleOwner); err != nil {
			t.Fatal(err)
		}
		// The last owner stays an owner.
		wantCode(t, db.SetMember(ctx, acme.ID, ada.ID, carousel.RoleEditor), carousel.ECONFLICT, "last owner")
		wantCode(t, db.RemoveMember(ctx, acme.ID, ada.ID), carousel.ECONFLICT, "last owner")
		wantCode(t, db.DeleteUser(ctx, ada.ID), carousel.ECONFLICT, "Acme")

		// An invite for bob, as an editor.
		inv := &carousel.Invite{Workspace: acme.ID, Role: carousel.RoleEditor, Email: "Bob@example.com", CreatedBy: ada.ID, Expires: c.t.Add(48 * time.Hour)}
		secret, err := db.CreateInvite(ctx, inv)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Email != "bob@example.com" {
			t.Errorf("invite email %q", inv.Email)
		}
		if list, _ := db.FindInvites(ctx, acme.ID); len(list) != 1 {
			t.Errorf("open invites: %+v", list)
		}
		carol := mustUser(t, db, "carol@example.com", "analytical engine")
		_, err = db.AcceptInvite(ctx, secret, carol.ID)
		wantCode(t, err, carousel.EFORBIDDEN, "bob@example.com")
		if _, err := db.AcceptInvite(ctx, secret, bob.ID); err != nil {
			t.Fatal(err)
		}
		if role, _ := db.FindRole(ctx, acme.ID, bob.ID); role != carousel.RoleEditor {
			t.Errorf("bob's role %q", role)
		}
		_, err = db.AcceptInvite(ctx, secret, bob.ID)
		wantCode(t, err, carousel.ENOTFOUND, "used")
		if list, _ := db.FindInvites(ctx, acme.ID); len(list) != 0 {
			t.Errorf("a used invite is open: %+v", list)
		}
		// An open invite for anyone, as a client, does not lower bob.
		anyone, _ := db.CreateInvite(ctx, &carousel.Invite{Workspace: acme.ID, Role: carousel.RoleClient, CreatedBy: ada.ID, Expires: c.t.Add(time.Hour)})
		if _, err := db.AcceptInvite(ctx, anyone, bob.ID); err != nil {
			t.Fatal(err)
		}
		if role, _ := db.FindRole(ctx, acme.ID, bob.ID); role != carousel.RoleEditor {
			t.Errorf("a client invite changed an editor to %q", role)
		}
		// Expired invites open nothing.
		late, _ := db.CreateInvite(ctx, &carousel.Invite{Workspace: acme.ID, Role: carousel.RoleViewer, CreatedBy: ada.ID, Expires: c.t.Add(time.Hour)})
		c.advance(time.Hour + time.Second)
		_, err = db.FindInvite(ctx, late)
		wantCode(t, err, carousel.ENOTFOUND, "expired")
		_, err = db.CreateInvite(ctx, &carousel.Invite{Workspace: acme.ID, Role: carousel.RoleViewer, CreatedBy: ada.ID, Expires: c.t})
		wantCode(t, err, carousel.EINVALID, "expire")

		ms, err := db.FindMemberships(ctx, bob.ID)
		if err != nil || len(ms) != 1 || ms[0].Workspace.Name != "Acme" || ms[0].Role != carousel.RoleEditor {
			t.Fatalf("bob's memberships: %v %+v", err, ms)
		}
		members, _ := db.FindMembers(ctx, acme.ID)
		if len(members) != 2 || members[0].User.Email != "ada@example.com" || members[0].Role != carousel.RoleOwner {
			t.Errorf("members: %+v", members)
		}
		// With a second owner, the first may step down; removing a member
		// ends their tokens for that workspace.
		if err := db.SetMember(ctx, acme.ID, bob.ID, carousel.RoleOwner); err != nil {
			t.Fatal(err)
		}
		if err := db.SetMember(ctx, acme.ID, ada.ID, carousel.RoleViewer); err != nil {
			t.Fatal(err)
		}
		tok, _ := db.CreateToken(ctx, &carousel.APIToken{Name: "script", UserID: ada.ID, Workspace: acme.ID})
		if err := db.RemoveMember(ctx, acme.ID, ada.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindToken(ctx, tok)
		wantCode(t, err, carousel.EUNAUTHORIZED)
		_, err = db.FindRole(ctx, acme.ID, ada.ID)
		wantCode(t, err, carousel.ENOTFOUND)
		if err := db.RenameWorkspace(ctx, acme.ID, "Acme Agency"); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.RenameWorkspace(ctx, acme.ID, "Studio"), carousel.ECONFLICT)
	})
}

// TestWorkspaceIsolation checks every kind of thing the store keeps: a
// workspace never reads, changes or deletes another's.
func TestWorkspaceIsolation(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		db := mustOpen(t, dsn)
		wa, wb := mustWorkspace(t, db, "A"), mustWorkspace(t, db, "B")
		a := carousel.NewContextWithWorkspace(context.Background(), wa.ID)
		b := carousel.NewContextWithWorkspace(context.Background(), wb.ID)

		p := sampleProject(2)
		if err := db.CreateProject(a, p); err != nil {
			t.Fatal(err)
		}
		prof := &carousel.Profile{Name: "Brand"}
		if err := db.CreateProfile(a, prof); err != nil {
			t.Fatal(err)
		}
		pre := &carousel.Preset{Name: "Look", Settings: carousel.Settings{Brand: carousel.Brand{Profile: prof.ID}}}
		if err := db.CreatePreset(a, pre); err != nil {
			t.Fatal(err)
		}
		ref, err := db.PutAsset(a, pngBytes(t), "image/png")
		if err != nil {
			t.Fatal(err)
		}
		secret, err := db.CreateShare(a, &carousel.Share{ProjectID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		com := &carousel.Comment{ProjectID: p.ID, Slide: 1, Author: "Client", Body: "Nice", Client: true}
		if err := db.AddComment(a, com); err != nil {
			t.Fatal(err)
		}

		notFound := func(what string, err error) {
			t.Helper()
			if carousel.ErrorCode(err) != carousel.ENOTFOUND {
				t.Errorf("%s from workspace B: %v, want not found", what, err)
			}
		}
		_, err = db.FindProjectByID(b, p.ID)
		notFound("FindProjectByID", err)
		q := *p
		notFound("UpdateProject", db.UpdateProject(b, &q))
		notFound("DeleteProject", db.DeleteProject(b, p.ID))
		_, err = db.FindProjectRevisions(b, p.ID)
		notFound("FindProjectRevisions", err)
		_, err = db.FindProjectRevision(b, p.ID, 1)
		notFound("FindProjectRevision", err)
		_, err = db.FindProfileByID(b, prof.ID)
		notFound("FindProfileByID", err)
		pf := *prof
		notFound("UpdateProfile", db.UpdateProfile(b, &pf))
		notFound("DeleteProfile", db.DeleteProfile(b, prof.ID))
		notFound("SetDefaultProfile", db.SetDefaultProfile(b, prof.ID))
		_, err = db.FindPresetByID(b, pre.ID)
		notFound("FindPresetByID", err)
		_, err = db.FindPresetByName(b, "Look")
		notFound("FindPresetByName", err)
		pr := *pre
		pr.Settings.Brand.Profile = ""
		notFound("UpdatePreset", db.UpdatePreset(b, &pr))
		notFound("DeletePreset", db.DeletePreset(b, pre.ID))
		// B cannot name A's profile in its own preset.
		wantCode(t, db.CreatePreset(b, &carousel.Preset{Name: "Steal", Settings: carousel.Settings{Brand: carousel.Brand{Profile: prof.ID}}}), carousel.EINVALID, "missing profile")
		_, _, err = db.Asset(b, ref)
		notFound("Asset", err)
		_, err = db.CreateShare(b, &carousel.Share{ProjectID: p.ID})
		notFound("CreateShare", err)
		_, err = db.FindShares(b, p.ID)
		notFound("FindShares", err)
		share, _ := db.FindShare(context.Background(), secret)
		notFound("RevokeShare", db.RevokeShare(b, p.ID, share.ID))
		notFound("AddComment", db.AddComment(b, &carousel.Comment{ProjectID: p.ID, Slide: 1, Author: "x", Body: "x"}))
		_, err = db.FindComments(b, p.ID)
		notFound("FindComments", err)
		notFound("DeleteComment", db.DeleteComment(b, p.ID, com.ID))
		notFound("Decide", db.Decide(b, &carousel.Decision{ProjectID: p.ID, State: carousel.ReviewApproved, Author: "x"}))
		_, err = db.FindDecisions(b, p.ID)
		notFound("FindDecisions", err)

		if list, _ := db.FindProjects(b); len(list) != 0 {
			t.Errorf("B lists A's projects: %+v", list)
		}
		if list, _ := db.FindPresets(b); len(list) != 0 {
			t.Errorf("B lists A's presets: %+v", list)
		}
		var kit strings.Builder
		if err := db.ExportBrandKit(b, &kit); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(kit.String(), "Brand") || strings.Contains(kit.String(), ref[len(AssetPrefix):]) {
			t.Errorf("B's brand kit holds A's things: %s", kit.String())
		}
		// Uploading the same image in B makes it B's too, stored once.
		if _, err := db.PutAsset(b, pngBytes(t), "image/png"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Asset(b, ref); err != nil {
			t.Errorf("B's own upload: %v", err)
		}
		if n := count(t, db, "assets"); n != 1 {
			t.Errorf("%d copies of one image", n)
		}
		// And A still has everything.
		if _, err := db.FindProjectByID(a, p.ID); err != nil {
			t.Error(err)
		}
		if list, _ := db.FindComments(a, p.ID); len(list) != 1 {
			t.Errorf("A's comments: %+v", list)
		}
	})
}

func TestReviews(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		c := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		db.Now = c.now
		p := sampleProject(3)
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		forever, err := db.CreateShare(ctx, &carousel.Share{ProjectID: p.ID, CreatedBy: "u1"})
		if err != nil {
			t.Fatal(err)
		}
		week := c.t.Add(7 * 24 * time.Hour)
		short := &carousel.Share{ProjectID: p.ID, Expires: &week}
		shortSecret, err := db.CreateShare(ctx, short)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(forever, sharePrefix) || forever == shortSecret {
			t.Fatalf("share secrets %q %q", forever, shortSecret)
		}
		s, err := db.FindShare(ctx, forever)
		if err != nil || s.ProjectID != p.ID || s.Workspace != carousel.DefaultWorkspace || s.Expires != nil {
			t.Fatalf("FindShare: %v %+v", err, s)
		}
		c.advance(8 * 24 * time.Hour)
		_, err = db.FindShare(ctx, shortSecret)
		wantCode(t, err, carousel.ENOTFOUND, "expired")
		if list, _ := db.FindShares(ctx, p.ID); len(list) != 2 {
			t.Errorf("shares listed: %d, want both (one expired)", len(list))
		}
		if err := db.RevokeShare(ctx, p.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindShare(ctx, forever)
		wantCode(t, err, carousel.ENOTFOUND, "revoked")
		wantCode(t, db.RevokeShare(ctx, p.ID, s.ID), carousel.ENOTFOUND)
		_, err = db.FindShare(ctx, "csr_"+strings.Repeat("A", 43))
		wantCode(t, err, carousel.ENOTFOUND)
		past := c.t.Add(-time.Minute)
		_, err = db.CreateShare(ctx, &carousel.Share{ProjectID: p.ID, Expires: &past})
		wantCode(t, err, carousel.EINVALID, "future")

		// Comments, then decisions.
		for _, tt := range []struct {
			c    carousel.Comment
			want string
		}{
			{carousel.Comment{ProjectID: p.ID, Slide: 1, Author: "Dana", Body: " "}, "empty"},
			{carousel.Comment{ProjectID: p.ID, Slide: 0, Author: "Dana", Body: "x"}, "slide"},
			{carousel.Comment{ProjectID: p.ID, Slide: 1, Author: " ", Body: "x"}, "name"},
			{carousel.Comment{ProjectID: p.ID, Slide: 1, Author: "Dana", Body: strings.Repeat("x", MaxCommentLen+1)}, "at most"},
		} {
			wantCode(t, db.AddComment(ctx, &tt.c), carousel.EINVALID, tt.want)
		}
		wantCode(t, db.AddComment(ctx, &carousel.Comment{ProjectID: "nope", Slide: 1, Author: "Dana", Body: "x"}), carousel.ENOTFOUND)
		first := &carousel.Comment{ProjectID: p.ID, Slide: 2, SlideID: "sp2", Revision: 1, Author: " Dana ", Client: true, Body: " Make the title bigger. "}
		if err := db.AddComment(ctx, first); err != nil {
			t.Fatal(err)
		}
		c.advance(time.Second)
		if err := db.AddComment(ctx, &carousel.Comment{ProjectID: p.ID, Slide: 1, Author: "Ada", Body: "Done."}); err != nil {
			t.Fatal(err)
		}
		list, err := db.FindComments(ctx, p.ID)
		if err != nil || len(list) != 2 {
			t.Fatalf("FindComments: %v %+v", err, list)
		}
		if got := list[0]; got.Author != "Dana" || got.Body != "Make the title bigger." || !got.Client || got.SlideID != "sp2" || got.Slide != 2 {
			t.Errorf("first comment %+v", got)
		}
		if err := db.DeleteComment(ctx, p.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := db.FindComments(ctx, p.ID); len(list) != 1 {
			t.Errorf("after deleting one: %d comments", len(list))
		}

		wantCode(t, db.Decide(ctx, &carousel.Decision{ProjectID: p.ID, State: "maybe", Author: "Dana"}), carousel.EINVALID, "state")
		if err := db.Decide(ctx, &carousel.Decision{ProjectID: p.ID, State: carousel.ReviewChangesRequested, Author: "Dana", Client: true, Revision: 1}); err != nil {
			t.Fatal(err)
		}
		c.advance(time.Second)
		if err := db.Decide(ctx, &carousel.Decision{ProjectID: p.ID, State: carousel.ReviewApproved, Author: "Dana", Client: true, Note: "Ship it", Revision: 2}); err != nil {
			t.Fatal(err)
		}
		ds, err := db.FindDecisions(ctx, p.ID)
		if err != nil || len(ds) != 2 || ds[0].State != carousel.ReviewApproved || ds[0].Note != "Ship it" {
			t.Fatalf("FindDecisions: %v %+v", err, ds)
		}
		summaries, _ := db.FindProjects(ctx)
		if len(summaries) != 1 || summaries[0].Review != carousel.ReviewApproved {
			t.Errorf("the project list does not show the approval: %+v", summaries)
		}
		// Deleting the project takes its review with it.
		if err := db.DeleteProject(ctx, p.ID); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"shares", "comments", "decisions"} {
			if n := count(t, db, table); n != 0 {
				t.Errorf("%d %s left after deleting the project", n, table)
			}
		}
	})
}

func TestAuditLog(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		other := mustWorkspace(t, db, "Other")
		for i, action := range []string{carousel.AuditSignIn, carousel.AuditShare, carousel.AuditDelete} {
			e := &carousel.AuditEntry{Workspace: carousel.DefaultWorkspace, Actor: "ada@example.com", Action: action, Target: "project " + string(rune('a'+i)), Address: "127.0.0.1"}
			if err := db.Record(ctx, e); err != nil {
				t.Fatal(err)
			}
			if e.ID == 0 || e.Created.IsZero() {
				t.Fatalf("recorded %+v", e)
			}
		}
		db.Record(ctx, &carousel.AuditEntry{Workspace: other.ID, Actor: "x", Action: carousel.AuditSignIn})
		list, err := db.FindAudit(ctx, carousel.DefaultWorkspace, 0, 2)
		if err != nil || len(list) != 2 || list[0].Action != carousel.AuditDelete || list[1].Action != carousel.AuditShare {
			t.Fatalf("first page: %v %+v", err, list)
		}
		next, _ := db.FindAudit(ctx, carousel.DefaultWorkspace, list[1].ID, 2)
		if len(next) != 1 || next[0].Action != carousel.AuditSignIn || next[0].Target != "project a" {
			t.Errorf("second page: %+v", next)
		}
		if list, _ := db.FindAudit(ctx, other.ID, 0, 0); len(list) != 1 {
			t.Errorf("the other workspace's log: %+v", list)
		}
	})
}

func TestSignInFailures(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i := range 3 {
			if err := db.RecordSignInFailure(ctx, []string{"account:ada@example.com", "address:192.0.2.1"}, t0.Add(time.Duration(i)*time.Minute), t0.Add(-time.Hour)); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.RecentSignInFailures(ctx, "account:ada@example.com", t0.Add(30*time.Second))
		if err != nil || len(got) != 2 || !got[0].Equal(t0.Add(time.Minute)) || !got[1].Equal(t0.Add(2*time.Minute)) {
			t.Fatalf("recent failures %v, %v; want the last two, oldest first", got, err)
		}
		if err := db.ClearSignInFailures(ctx, "account:ada@example.com"); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.RecentSignInFailures(ctx, "account:ada@example.com", t0.Add(-time.Hour)); len(got) != 0 {
			t.Fatalf("cleared, yet %v", got)
		}
		if got, _ := db.RecentSignInFailures(ctx, "address:192.0.2.1", t0.Add(-time.Hour)); len(got) != 3 {
			t.Fatalf("clearing the account cleared the address: %v", got)
		}
		// A failure an hour on forgets those older than its window.
		if err := db.RecordSignInFailure(ctx, []string{"address:192.0.2.9"}, t0.Add(time.Hour), t0.Add(45*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, "sign_in_failures"); n != 1 {
			t.Fatalf("%d failures kept, want only the new one", n)
		}
	})
}
