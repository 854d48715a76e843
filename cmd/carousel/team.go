// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/sso"
	"github.com/carouselstudio/carousel/store"
)

// teamConfig is how carousel serve signs people in.
type teamConfig struct {
	auth                              bool
	sessionTTL                        time.Duration
	ssoIssuer, ssoClientID, ssoSecret string
	ssoName                           string
}

func (c *teamConfig) addFlags(fs *flag.FlagSet) {
	fs.BoolVar(&c.auth, "auth", envOr("CAROUSEL_AUTH", "") == "1", "require sign-in: accounts, workspaces and roles (CAROUSEL_AUTH=1); on by itself once the database has accounts")
	fs.DurationVar(&c.sessionTTL, "session-ttl", 14*24*time.Hour, "how long a signed-in browser stays signed in without use")
	fs.StringVar(&c.ssoIssuer, "sso-issuer", os.Getenv("CAROUSEL_SSO_ISSUER"), "single sign-on: the OpenID Connect provider's issuer `URL` (CAROUSEL_SSO_ISSUER)")
	fs.StringVar(&c.ssoClientID, "sso-client-id", os.Getenv("CAROUSEL_SSO_CLIENT_ID"), "single sign-on: the client `id` registered at the provider (CAROUSEL_SSO_CLIENT_ID)")
	fs.StringVar(&c.ssoSecret, "sso-client-secret", os.Getenv("CAROUSEL_SSO_CLIENT_SECRET"), "single sign-on: the client `secret` (CAROUSEL_SSO_CLIENT_SECRET; prefer the variable to the flag)")
	fs.StringVar(&c.ssoName, "sso-name", envOr("CAROUSEL_SSO_NAME", "single sign-on"), "the provider's `name` on the sign-in button")
}

// decide says whether sign-in is on: with --auth, or when the database
// has accounts (so setting up a team is never undone by a forgotten flag).
// Without it, serving on an address other machines reach is refused.
func (c *teamConfig) decide(ctx context.Context, db *store.DB, addr string, stderr io.Writer) (bool, error) {
	users, err := db.FindUsers(ctx)
	if err != nil {
		return false, err
	}
	auth := c.auth
	if !auth && len(users) > 0 {
		auth = true
		fmt.Fprintf(stderr, "Sign-in is on: this database has %d accounts.\n", len(users))
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if !auth && exposed(strings.Trim(host, "[]")) {
		return false, carousel.Errorf(carousel.EINVALID, "refusing to serve %s without sign-in: other machines could read, change and delete every project and brand kit. "+
			"Start with --auth and create an owner with: carousel users add --email YOU --workspace NAME --role owner --password-stdin; "+
			"or listen on 127.0.0.1 (the default) for single-user mode", addr)
	}
	if auth && len(users) == 0 {
		fmt.Fprintln(stderr, "Sign-in is on but there are no accounts yet: create the first owner with\n"+
			"  carousel users add --email you@example.com --workspace \"My agency\" --role owner --password-stdin")
	}
	if c.ssoIssuer != "" && !auth {
		fmt.Fprintln(stderr, "warning: --sso-issuer is ignored in single-user mode: add --auth")
	}
	return auth, nil
}

// singleSignOn connects to the OpenID Connect provider. The callback is
// on the public URL, or on the listen address when there is none.
func (c *teamConfig) singleSignOn(ctx context.Context, publicURL, addr string) (*sso.Provider, error) {
	base := strings.TrimSuffix(publicURL, "/")
	if base == "" {
		host, port, _ := net.SplitHostPort(addr)
		if host == "" || host == "0.0.0.0" || host == "::" {
			return nil, carousel.Errorf(carousel.EINVALID, "single sign-on needs --public-url when listening on every interface: the provider must know where to send users back")
		}
		base = "http://" + net.JoinHostPort(host, port)
	}
	if _, err := url.Parse(base); err != nil {
		return nil, carousel.Errorf(carousel.EINVALID, "--public-url %q is not a URL: %v", publicURL, err)
	}
	return sso.New(ctx, sso.Config{Issuer: c.ssoIssuer, ClientID: c.ssoClientID, ClientSecret: c.ssoSecret, RedirectURL: base + "/auth/sso/callback"})
}
