// SPDX-License-Identifier: MIT

package sso_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/sso"
	"github.com/oauth2-proxy/mockoidc"
	"golang.org/x/oauth2"
)

// provider starts a real OpenID Connect server (mockoidc) and discovers it.
func provider(t *testing.T) (*mockoidc.MockOIDC, *sso.Provider) {
	t.Helper()
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	cfg := m.Config()
	p, err := sso.New(context.Background(), sso.Config{
		Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret,
		RedirectURL: "http://127.0.0.1:8080/auth/sso/callback",
	})
	if err != nil {
		t.Fatal(err)
	}
	return m, p
}

// signIn follows the provider's sign-in page as a browser would and
// returns the code and state it redirects back with.
func signIn(t *testing.T, authURL string) (code, state string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || res.StatusCode != http.StatusFound {
		t.Fatalf("the provider answered %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	if !strings.HasPrefix(loc.String(), "http://127.0.0.1:8080/auth/sso/callback?") {
		t.Fatalf("redirected to %s", loc)
	}
	return loc.Query().Get("code"), loc.Query().Get("state")
}

func TestSignInWithOpenIDConnect(t *testing.T) {
	m, p := provider(t)
	m.QueueUser(&mockoidc.MockUser{Subject: "u-42", Email: "Dana@Client.example", EmailVerified: true})
	verifier := oauth2.GenerateVerifier()
	authURL := p.AuthURL("state-1", "nonce-1", verifier)
	for _, want := range []string{"code_challenge_method=S256", "nonce=nonce-1", "state=state-1", "scope=openid+email+profile"} {
		if !strings.Contains(authURL, want) {
			t.Errorf("sign-in URL %s lacks %s", authURL, want)
		}
	}
	code, state := signIn(t, authURL)
	if state != "state-1" || code == "" {
		t.Fatalf("callback with code %q, state %q", code, state)
	}
	id, err := p.Exchange(context.Background(), code, "nonce-1", verifier)
	if err != nil {
		t.Fatal(err)
	}
	if id.Subject != m.Issuer()+"|u-42" || id.Email != "Dana@Client.example" || !id.EmailVerified {
		t.Errorf("identity %+v", id)
	}
}

func TestExchangeRefusesTampering(t *testing.T) {
	m, p := provider(t)
	t.Run("another sign-in's nonce", func(t *testing.T) {
		verifier := oauth2.GenerateVerifier()
		code, _ := signIn(t, p.AuthURL("s", "nonce-a", verifier))
		_, err := p.Exchange(context.Background(), code, "nonce-b", verifier)
		if carousel.ErrorCode(err) != carousel.EUNAUTHORIZED {
			t.Fatalf("a token for another nonce: %v", err)
		}
	})
	t.Run("a wrong PKCE verifier", func(t *testing.T) {
		code, _ := signIn(t, p.AuthURL("s", "n", oauth2.GenerateVerifier()))
		_, err := p.Exchange(context.Background(), code, "n", oauth2.GenerateVerifier())
		if carousel.ErrorCode(err) != carousel.EUNAUTHORIZED {
			t.Fatalf("a wrong verifier: %v", err)
		}
	})
	t.Run("a made-up code", func(t *testing.T) {
		_, err := p.Exchange(context.Background(), "made-up", "n", oauth2.GenerateVerifier())
		if carousel.ErrorCode(err) != carousel.EUNAUTHORIZED {
			t.Fatalf("a made-up code: %v", err)
		}
	})
	t.Run("an unverified email is reported so", func(t *testing.T) {
		m.QueueUser(&mockoidc.MockUser{Subject: "u-7", Email: "x@example.com", EmailVerified: false})
		verifier := oauth2.GenerateVerifier()
		code, _ := signIn(t, p.AuthURL("s", "n", verifier))
		id, err := p.Exchange(context.Background(), code, "n", verifier)
		if err != nil {
			t.Fatal(err)
		}
		if id.EmailVerified {
			t.Error("an unverified email is reported verified")
		}
	})
}

func TestNewNeedsConfiguration(t *testing.T) {
	for _, c := range []sso.Config{
		{ClientID: "x", RedirectURL: "http://x/cb"},
		{Issuer: "http://127.0.0.1:1", RedirectURL: "http://x/cb"},
		{Issuer: "http://127.0.0.1:1", ClientID: "x"},
	} {
		if _, err := sso.New(context.Background(), c); carousel.ErrorCode(err) != carousel.EINVALID {
			t.Errorf("New(%+v): %v, want invalid", c, err)
		}
	}
	_, err := sso.New(context.Background(), sso.Config{Issuer: "http://127.0.0.1:1", ClientID: "x", RedirectURL: "http://x/cb"})
	if carousel.ErrorCode(err) != carousel.EUNAVAILABLE {
		t.Errorf("an unreachable provider: %v", err)
	}
}
