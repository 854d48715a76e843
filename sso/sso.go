// SPDX-License-Identifier: MIT

// Package sso signs users in through any OpenID Connect provider
// (Google, Microsoft Entra, Okta, Keycloak, Authentik…), configured by its
// issuer URL, a client id and a client secret. It implements
// carousel.SingleSignOn with github.com/coreos/go-oidc.
package sso

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Config names the provider and this server's client at it.
type Config struct {
	Issuer       string // the provider's issuer URL, as in its discovery document
	ClientID     string
	ClientSecret string
	// RedirectURL is this server's callback, registered at the provider:
	// the public URL followed by /auth/sso/callback.
	RedirectURL string
	// HTTPClient talks to the provider; nil uses one with a 15 s timeout.
	HTTPClient *http.Client
}

// Provider is an OpenID Connect provider found by discovery.
type Provider struct {
	provider *oidc.Provider
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
	client   *http.Client
}

var _ carousel.SingleSignOn = (*Provider)(nil)

// New reads the provider's discovery document and keys.
func New(ctx context.Context, c Config) (*Provider, error) {
	switch {
	case c.Issuer == "":
		return nil, carousel.Errorf(carousel.EINVALID, "single sign-on needs the provider's issuer URL")
	case c.ClientID == "":
		return nil, carousel.Errorf(carousel.EINVALID, "single sign-on needs the client id registered at %s", c.Issuer)
	case c.RedirectURL == "":
		return nil, carousel.Errorf(carousel.EINVALID, "single sign-on needs this server's public URL for the provider's callback")
	}
	client := c.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	ctx = oidc.ClientContext(ctx, client)
	p, err := oidc.NewProvider(ctx, c.Issuer)
	if err != nil {
		return nil, &carousel.Error{Code: carousel.EUNAVAILABLE, Message: fmt.Sprintf("cannot read the OpenID Connect discovery document of %s: %v", c.Issuer, err), Err: err}
	}
	return &Provider{
		provider: p,
		oauth: oauth2.Config{
			ClientID:     c.ClientID,
			ClientSecret: c.ClientSecret,
			Endpoint:     p.Endpoint(),
			RedirectURL:  c.RedirectURL,
			Scopes:       []string{oidc.ScopeOpenID, "email", "profile"},
		},
		verifier: p.Verifier(&oidc.Config{ClientID: c.ClientID}),
		client:   client,
	}, nil
}

// AuthURL returns the provider's sign-in address.
func (p *Provider) AuthURL(state, nonce, verifier string) string {
	return p.oauth.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier))
}

// Exchange trades the code for the verified identity.
func (p *Provider) Exchange(ctx context.Context, code, nonce, verifier string) (*carousel.SSOIdentity, error) {
	ctx = oidc.ClientContext(ctx, p.client)
	tok, err := p.oauth.Exchange(ctx, code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, refused("the provider did not accept the sign-in code", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return nil, refused("the provider sent no ID token", nil)
	}
	id, err := p.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, refused("the provider's ID token is not valid", err)
	}
	if id.Nonce != nonce {
		return nil, refused("the provider's ID token is for another sign-in", nil)
	}
	var claims struct {
		Email         string `json:"email"`
		EmailVerified *bool  `json:"email_verified"`
		Name          string `json:"name"`
	}
	if err := id.Claims(&claims); err != nil {
		return nil, refused("the provider's ID token cannot be read", err)
	}
	if claims.Email == "" {
		// Some providers keep the email out of the ID token.
		if ui, err := p.provider.UserInfo(ctx, oauth2.StaticTokenSource(tok)); err == nil {
			var more struct {
				Name string `json:"name"`
			}
			ui.Claims(&more)
			claims.Email, claims.Name = ui.Email, more.Name
			v := ui.EmailVerified
			claims.EmailVerified = &v
		}
	}
	return &carousel.SSOIdentity{
		Subject:       id.Issuer + "|" + id.Subject,
		Email:         claims.Email,
		EmailVerified: claims.EmailVerified != nil && *claims.EmailVerified,
		Name:          claims.Name,
	}, nil
}

func refused(msg string, err error) error {
	return &carousel.Error{Code: carousel.EUNAUTHORIZED, Message: "single sign-on failed: " + msg, Err: err}
}
