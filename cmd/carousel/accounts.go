// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/secret"
	"github.com/carouselstudio/carousel/store"
)

const accountsHelp = `Usage:
  carousel accounts add PLATFORM --token TOKEN --author ID --name NAME [flags]
  carousel accounts list [--json]
  carousel accounts remove ID|NAME
  carousel accounts keygen

add stores a token obtained elsewhere (a headless setup); the studio connects
accounts through OAuth instead. PLATFORM is linkedin, instagram, threads or
tiktok, and --author the account's id on it:
  linkedin   urn:li:person:ID (a member) or urn:li:organization:ID (a page)
  instagram  the Instagram professional account's user id (digits)
  threads    the Threads user id (digits)
  tiktok     the user's open_id

Tokens are encrypted with CAROUSEL_SECRET_KEY (or --secret-key-file); keygen
prints a new key. Flags:
`

func runAccounts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, accountsHelp)
		return errUsage
	}
	sub, args := args[0], args[1:]
	if sub == "keygen" {
		fmt.Fprintln(stdout, secret.New())
		return nil
	}
	fs := flag.NewFlagSet("accounts "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	cfg.addSecretFlag(fs)
	token := fs.String("token", "", "the access `token`")
	refresh := fs.String("refresh-token", "", "a refresh `token`, when the platform gave one")
	author := fs.String("author", "", "the account's `id` on the platform (see above)")
	name := fs.String("name", "", "the account's `name`, as lists show it")
	username := fs.String("username", "", "the account's handle, without @")
	expires := fs.String("expires", "", "when the token expires: an RFC 3339 `time` or a duration such as 60d or 1440h")
	profile := fs.String("profile", "", "the brand profile (name or id) the account belongs to; empty: every profile")
	asJSON := fs.Bool("json", false, "list as JSON")
	wsName := fs.String("workspace", "", "the workspace's `name` on a team server (default: the first workspace)")
	fs.Usage = func() { fmt.Fprint(stderr, accountsHelp); fs.PrintDefaults() }

	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
	open := func() (*store.DB, error) {
		key, err := cfg.loadKey()
		if err != nil {
			return nil, err
		}
		if key == nil {
			return nil, errNoKey
		}
		db, err := cfg.openStore(ctx)
		if err != nil {
			return nil, err
		}
		db.Secrets = key
		return db, nil
	}
	// inWS opens the workspace the flags name, once the database is open.
	inWS := func(db *store.DB) error {
		var err error
		ctx, err = inWorkspace(ctx, db, *wsName)
		return err
	}
	switch sub {
	case "add":
		if len(positional) != 1 {
			fs.Usage()
			return carousel.Errorf(carousel.EINVALID, "give the PLATFORM: linkedin, instagram, threads or tiktok")
		}
		acc, cred, err := headlessAccount(positional[0], *token, *refresh, *author, *name, *username, *expires)
		if err != nil {
			return err
		}
		db, err := open()
		if err != nil {
			return err
		}
		defer db.Close()
		if err := inWS(db); err != nil {
			return err
		}
		if *profile != "" {
			id, err := findProfile(ctx, db, *profile)
			if err != nil {
				return err
			}
			acc.ProfileID = id
		}
		if err := db.ConnectAccounts(ctx, cred, []*carousel.SocialAccount{acc}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "added %s\n", describeAccount(acc))
		return nil
	case "list":
		db, err := cfg.openStore(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := inWS(db); err != nil {
			return err
		}
		list, err := db.FindSocialAccounts(ctx, carousel.SocialAccountFilter{})
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(list)
		}
		if len(list) == 0 {
			fmt.Fprintln(stderr, "no connected accounts: connect one in the studio (Publish), or with carousel accounts add")
			return nil
		}
		for _, a := range list {
			fmt.Fprintln(stdout, describeAccount(a))
		}
		return nil
	case "remove":
		if len(positional) != 1 {
			fs.Usage()
			return carousel.Errorf(carousel.EINVALID, "give the account's id or name (carousel accounts list)")
		}
		db, err := cfg.openStore(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := inWS(db); err != nil {
			return err
		}
		a, err := findAccount(ctx, db, "", positional[0])
		if err != nil {
			return err
		}
		if err := db.DeleteSocialAccount(ctx, a.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed %s %s; its scheduled posts are cancelled\n", a.Platform, a.Name)
		return nil
	}
	fmt.Fprint(stderr, accountsHelp)
	return errUsage
}

var (
	linkedInAuthor = regexp.MustCompile(`^urn:li:(person|organization):[A-Za-z0-9_-]+$`)
	digits         = regexp.MustCompile(`^[0-9]+$`)
)

// headlessAccount checks the flags of accounts add and makes the account
// and its credential.
func headlessAccount(platform, token, refresh, author, name, username, expires string) (*carousel.SocialAccount, *carousel.Credential, error) {
	platform = strings.ToLower(strings.TrimSpace(platform))
	if _, ok := carousel.PublishPlatformByName(platform); !ok {
		return nil, nil, carousel.Errorf(carousel.EINVALID, "unknown platform %q: linkedin, instagram, threads or tiktok", platform)
	}
	token, author, name = strings.TrimSpace(token), strings.TrimSpace(author), strings.TrimSpace(name)
	if token == "" {
		return nil, nil, carousel.Errorf(carousel.EINVALID, "--token is required")
	}
	if name == "" {
		return nil, nil, carousel.Errorf(carousel.EINVALID, "--name is required: the account's name, as lists show it")
	}
	acc := &carousel.SocialAccount{Platform: platform, ExternalID: author, Name: name, Username: strings.TrimPrefix(strings.TrimSpace(username), "@")}
	subject := author
	switch platform {
	case carousel.LinkedIn:
		m := linkedInAuthor.FindStringSubmatch(author)
		if m == nil {
			return nil, nil, carousel.Errorf(carousel.EINVALID, "--author for LinkedIn is urn:li:person:ID or urn:li:organization:ID, not %q", author)
		}
		acc.Kind = carousel.AccountMember
		if m[1] == "organization" {
			acc.Kind = carousel.AccountOrganization
		} else {
			subject = strings.TrimPrefix(author, "urn:li:person:")
		}
	case carousel.Instagram, carousel.Threads:
		if !digits.MatchString(author) {
			return nil, nil, carousel.Errorf(carousel.EINVALID, "--author for %s is the account's numeric user id, not %q", platform, author)
		}
		acc.Kind = carousel.AccountBusiness
		if platform == carousel.Threads {
			acc.Kind = carousel.AccountUser
		}
	case carousel.TikTok:
		if author == "" || strings.ContainsAny(author, " \t/") {
			return nil, nil, carousel.Errorf(carousel.EINVALID, "--author for TikTok is the user's open_id, not %q", author)
		}
		acc.Kind = carousel.AccountUser
	}
	tok := carousel.Token{Access: token, Refresh: strings.TrimSpace(refresh)}
	if expires != "" {
		t, err := parseExpiry(expires, time.Now())
		if err != nil {
			return nil, nil, err
		}
		tok.Expires = t
	}
	// A long-lived Instagram or Threads token renews itself.
	tok.Renewable = platform == carousel.Instagram || platform == carousel.Threads
	return acc, &carousel.Credential{Platform: platform, Subject: subject, Token: tok}, nil
}

// parseExpiry reads an RFC 3339 time or a duration ("60d", "1440h").
func parseExpiry(v string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if days, ok := strings.CutSuffix(v, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err == nil && n > 0 && fmt.Sprint(n) == days {
			return now.Add(time.Duration(n) * 24 * time.Hour).UTC(), nil
		}
	}
	if d, err := time.ParseDuration(v); err == nil && d > 0 {
		return now.Add(d).UTC(), nil
	}
	return time.Time{}, carousel.Errorf(carousel.EINVALID, "--expires must be an RFC 3339 time (2027-01-31T00:00:00Z) or a duration (60d, 1440h), not %q", v)
}

// findProfile resolves a brand profile's name or id.
func findProfile(ctx context.Context, db *store.DB, ref string) (string, error) {
	list, err := db.FindProfiles(ctx)
	if err != nil {
		return "", err
	}
	for _, p := range list {
		if p.ID == ref || strings.EqualFold(p.Name, ref) {
			return p.ID, nil
		}
	}
	return "", carousel.Errorf(carousel.ENOTFOUND, "no brand profile %q", ref)
}

// findAccount resolves an account by id, name, username or platform id,
// on one platform when it is given. An empty ref picks the only account.
func findAccount(ctx context.Context, db *store.DB, platform, ref string) (*carousel.SocialAccount, error) {
	list, err := db.FindSocialAccounts(ctx, carousel.SocialAccountFilter{Platform: platform})
	if err != nil {
		return nil, err
	}
	on := "connected"
	if platform != "" {
		on = platform
	}
	if ref == "" {
		switch len(list) {
		case 1:
			return list[0], nil
		case 0:
			return nil, carousel.Errorf(carousel.ENOTFOUND, "no %s account: connect one in the studio (Publish) or with carousel accounts add", on)
		}
		return nil, carousel.Errorf(carousel.EINVALID, "there are %d %s accounts: say which, as %s:NAME (carousel accounts list)", len(list), on, platform)
	}
	var found []*carousel.SocialAccount
	for _, a := range list {
		if a.ID == ref || a.ExternalID == ref || strings.EqualFold(a.Name, ref) || strings.EqualFold(a.Username, strings.TrimPrefix(ref, "@")) {
			found = append(found, a)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, carousel.Errorf(carousel.ENOTFOUND, "no %s account %q (carousel accounts list)", on, ref)
	}
	return nil, carousel.Errorf(carousel.EINVALID, "%q names %d accounts: use the id (carousel accounts list)", ref, len(found))
}
