// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/secret"
)

// mustOpenWithKey opens dsn with a fresh secret key.
func mustOpenWithKey(tb testing.TB, dsn string) *DB {
	tb.Helper()
	db := mustOpen(tb, dsn)
	k, err := secret.Parse(secret.New())
	if err != nil {
		tb.Fatal(err)
	}
	db.Secrets = k
	return db
}

func linkedInCredential(token string) (*carousel.Credential, []*carousel.SocialAccount) {
	c := &carousel.Credential{Platform: carousel.LinkedIn, Subject: "abc123", Token: carousel.Token{
		Access: token, Expires: time.Now().Add(60 * 24 * time.Hour).UTC().Truncate(time.Second), Scopes: []string{"w_member_social"},
	}}
	accounts := []*carousel.SocialAccount{
		{Platform: carousel.LinkedIn, Kind: carousel.AccountMember, ExternalID: "urn:li:person:abc123", Name: "Ada Lovelace"},
		{Platform: carousel.LinkedIn, Kind: carousel.AccountOrganization, ExternalID: "urn:li:organization:42", Name: "Analytical Engines Ltd"},
	}
	return c, accounts
}

func TestSocialAccounts(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpenWithKey(t, dsn)
		c, accounts := linkedInCredential("AQX-first-token-value")
		if err := db.ConnectAccounts(ctx, c, accounts); err != nil {
			t.Fatal(err)
		}
		if c.ID == "" || c.Revision != 1 || accounts[0].ID == "" || accounts[1].ID == accounts[0].ID {
			t.Fatalf("ids not set: %+v %+v", c, accounts)
		}
		a := accounts[0]
		if a.Status != carousel.CredentialConnected || a.Expires == nil || a.Refreshable || a.CredentialID != c.ID {
			t.Fatalf("account %+v", a)
		}

		// The token is encrypted at rest: the raw column does not hold it.
		var raw []byte
		if err := db.read.QueryRow(`SELECT token FROM social_credentials`).Scan(&raw); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(raw, []byte("first-token")) {
			t.Fatal("the token is stored in clear")
		}
		got, err := db.FindCredentialByID(ctx, c.ID)
		if err != nil || got.Token.Access != "AQX-first-token-value" || got.Token.Scopes[0] != "w_member_social" {
			t.Fatalf("FindCredentialByID = %+v, %v", got, err)
		}

		// Without the key, or with another, tokens cannot be read.
		other := mustOpen(t, dsn)
		_, err = other.FindCredentialByID(ctx, c.ID)
		wantCode(t, err, carousel.EINVALID, "CAROUSEL_SECRET_KEY")
		other.Secrets, _ = secret.Parse(secret.New())
		_, err = other.FindCredentialByID(ctx, c.ID)
		wantCode(t, err, carousel.EINVALID, "another secret key")
		// A ciphertext copied onto another row does not open.
		c2, acc2 := linkedInCredential("AQX-second")
		c2.Subject, acc2 = "zzz", acc2[:1]
		acc2[0].ExternalID = "urn:li:person:zzz"
		if err := db.ConnectAccounts(ctx, c2, acc2); err != nil {
			t.Fatal(err)
		}
		if _, err := db.write.Exec(db.rebind(`UPDATE social_credentials SET token = ? WHERE id = ?`), raw, c2.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindCredentialByID(ctx, c2.ID)
		wantCode(t, err, carousel.EINVALID, "reconnect")

		// Give the member account to a profile; reconnecting keeps it.
		prof := &carousel.Profile{Name: "Ada's brand"}
		if err := db.CreateProfile(ctx, prof); err != nil {
			t.Fatal(err)
		}
		if err := db.SetSocialAccountProfile(ctx, a.ID, prof.ID); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.SetSocialAccountProfile(ctx, a.ID, "nope"), carousel.EINVALID, "no brand profile")
		if err := db.SetCredentialStatus(ctx, c.ID, carousel.CredentialReconnect, "LinkedIn: the token was revoked"); err != nil {
			t.Fatal(err)
		}
		a, _ = db.FindSocialAccountByID(ctx, a.ID)
		if a.Status != carousel.CredentialReconnect || a.StatusMessage != "LinkedIn: the token was revoked" {
			t.Fatalf("after SetCredentialStatus: %+v", a)
		}
		again, accounts2 := linkedInCredential("AQX-reconnected")
		accounts2[0].Name = "Ada L."
		if err := db.ConnectAccounts(ctx, again, accounts2); err != nil {
			t.Fatal(err)
		}
		if again.ID != c.ID || accounts2[0].ID != a.ID || accounts2[0].ProfileID != prof.ID || accounts2[0].Name != "Ada L." ||
			accounts2[0].Status != carousel.CredentialConnected {
			t.Fatalf("reconnect: cred %+v account %+v", again, accounts2[0])
		}
		if got, _ := db.FindCredentialByID(ctx, c.ID); got.Token.Access != "AQX-reconnected" {
			t.Fatalf("the reconnected token is %q", got.Token.Access)
		}

		// Filters: by platform, and by profile (the profile's and everyone's).
		list, err := db.FindSocialAccounts(ctx, carousel.SocialAccountFilter{ProfileID: prof.ID})
		if err != nil || len(list) != 3 {
			t.Fatalf("accounts of the profile: %d, %v", len(list), err)
		}
		prof2 := &carousel.Profile{Name: "Other brand"}
		db.CreateProfile(ctx, prof2)
		list, _ = db.FindSocialAccounts(ctx, carousel.SocialAccountFilter{ProfileID: prof2.ID})
		for _, x := range list {
			if x.ID == a.ID {
				t.Fatal("another profile sees the account given to a profile")
			}
		}
		list, _ = db.FindSocialAccounts(ctx, carousel.SocialAccountFilter{Platform: carousel.Instagram})
		if len(list) != 0 {
			t.Fatalf("%d instagram accounts", len(list))
		}

		// Token refresh is compare-and-swap on the revision.
		cred, _ := db.FindCredentialByID(ctx, c.ID)
		stale := *cred
		cred.Token.Access = "AQX-refreshed"
		if err := db.UpdateCredentialToken(ctx, cred); err != nil {
			t.Fatal(err)
		}
		stale.Token.Access = "AQX-lost-race"
		wantCode(t, db.UpdateCredentialToken(ctx, &stale), carousel.ECONFLICT)
		if got, _ := db.FindCredentialByID(ctx, c.ID); got.Token.Access != "AQX-refreshed" {
			t.Fatalf("after a lost race the token is %q", got.Token.Access)
		}

		// Removing the page keeps the shared credential; removing the
		// member too removes it, and cancels the member's scheduled post.
		job := testJob(a.ID, time.Now().Add(time.Hour))
		if err := db.CreatePostJobs(ctx, []*carousel.PostJob{job}); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteSocialAccount(ctx, accounts2[1].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.FindCredentialByID(ctx, c.ID); err != nil {
			t.Fatalf("the credential went with the page: %v", err)
		}
		if err := db.DeleteSocialAccount(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindCredentialByID(ctx, c.ID)
		wantCode(t, err, carousel.ENOTFOUND)
		j, _ := db.FindPostJobByID(ctx, job.ID)
		if j.State != carousel.PostCancelled || j.AccountID != "" || j.AccountName != "Ada Lovelace" {
			t.Fatalf("the removed account's post: %+v", j)
		}
		wantCode(t, db.DeleteSocialAccount(ctx, a.ID), carousel.ENOTFOUND)
	})
}

func TestSocialAccountsNeedAKey(t *testing.T) {
	db := mustOpen(t, t.TempDir()+"/c.db")
	c, accounts := linkedInCredential("AQX")
	wantCode(t, db.ConnectAccounts(context.Background(), c, accounts), carousel.EINVALID, "CAROUSEL_SECRET_KEY")
	db.Secrets, _ = secret.Parse(secret.New())
	accounts[0].Name = " "
	wantCode(t, db.ConnectAccounts(context.Background(), c, accounts), carousel.EINVALID, "needs a name")
	accounts[0].Name, accounts[0].Platform = "Ada", "myspace"
	wantCode(t, db.ConnectAccounts(context.Background(), c, accounts), carousel.EINVALID)
}

// TestPublishingIsolatedByWorkspace: accounts, credentials and posts of
// one workspace are not found from another, and a post cannot be made
// with another workspace's account; the scheduler still claims them all.
func TestPublishingIsolatedByWorkspace(t *testing.T) {
	eachDialect(t, func(t *testing.T, dsn string) {
		db := mustOpenWithKey(t, dsn)
		a := context.Background()
		wsB := mustWorkspace(t, db, "Beta")
		b := carousel.NewContextWithWorkspace(a, wsB.ID)
		c, accounts := linkedInCredential("AQX-alpha")
		if err := db.ConnectAccounts(a, c, accounts[:1]); err != nil {
			t.Fatal(err)
		}
		// B connects the same LinkedIn member: its own copy.
		cb, accountsB := linkedInCredential("AQX-beta")
		if err := db.ConnectAccounts(b, cb, accountsB[:1]); err != nil {
			t.Fatal(err)
		}
		if cb.ID == c.ID || accountsB[0].ID == accounts[0].ID {
			t.Fatal("two workspaces share an account")
		}
		if got, _ := db.FindCredentialByID(a, c.ID); got.Token.Access != "AQX-alpha" {
			t.Fatalf("A's token is %q", got.Token.Access)
		}
		_, err := db.FindCredentialByID(b, c.ID)
		wantCode(t, err, carousel.ENOTFOUND)
		_, err = db.FindSocialAccountByID(b, accounts[0].ID)
		wantCode(t, err, carousel.ENOTFOUND)
		list, _ := db.FindSocialAccounts(b, carousel.SocialAccountFilter{})
		if len(list) != 1 || list[0].ID != accountsB[0].ID {
			t.Fatalf("B lists %+v", list)
		}
		wantCode(t, db.SetSocialAccountProfile(b, accounts[0].ID, ""), carousel.ENOTFOUND)
		wantCode(t, db.DeleteSocialAccount(b, accounts[0].ID), carousel.ENOTFOUND)
		// A profile of A cannot be given to B's account.
		prof := &carousel.Profile{Name: "Alpha brand"}
		if err := db.CreateProfile(a, prof); err != nil {
			t.Fatal(err)
		}
		wantCode(t, db.SetSocialAccountProfile(b, accountsB[0].ID, prof.ID), carousel.EINVALID, "no brand profile")

		// Posts.
		wantCode(t, db.CreatePostJobs(b, []*carousel.PostJob{testJob(accounts[0].ID, time.Now())}), carousel.EINVALID, "no connected account")
		jobA := testJob(accounts[0].ID, time.Now().Add(-time.Second))
		jobB := testJob(accountsB[0].ID, time.Now().Add(-time.Second))
		if err := db.CreatePostJobs(a, []*carousel.PostJob{jobA}); err != nil {
			t.Fatal(err)
		}
		if err := db.CreatePostJobs(b, []*carousel.PostJob{jobB}); err != nil {
			t.Fatal(err)
		}
		_, err = db.FindPostJobByID(b, jobA.ID)
		wantCode(t, err, carousel.ENOTFOUND)
		_, err = db.CancelPostJob(b, jobA.ID)
		wantCode(t, err, carousel.ENOTFOUND)
		_, err = db.ClaimPostJob(b, jobA.ID, "x", time.Minute)
		wantCode(t, err, carousel.ENOTFOUND)
		if list, _ := db.FindPostJobs(b, carousel.PostJobFilter{}); len(list) != 1 || list[0].ID != jobB.ID {
			t.Fatalf("B lists %d posts", len(list))
		}
		claimed, err := db.ClaimPostJobs(a, "scheduler", 10, time.Minute)
		if err != nil || len(claimed) != 2 {
			t.Fatalf("the scheduler claimed %d: %v", len(claimed), err)
		}
		for _, j := range claimed {
			if want := map[string]string{jobA.ID: carousel.DefaultWorkspace, jobB.ID: wsB.ID}[j.ID]; j.Workspace != want {
				t.Fatalf("job %s claimed in workspace %q, want %q", j.ID, j.Workspace, want)
			}
		}
		creds, _ := db.FindCredentials(a)
		if len(creds) != 2 {
			t.Fatalf("the sweep sees %d credentials", len(creds))
		}
	})
}
