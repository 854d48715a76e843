// SPDX-License-Identifier: MIT

package web

import (
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/carouselstudio/carousel"
)

// loopbackNames are always answered to.
var loopbackNames = []string{"localhost", "127.0.0.1", "::1"}

// hostPolicy is the set of names the server answers to.
type hostPolicy struct {
	names  map[string]bool // lower-case host names and IP addresses, without port
	public string          // the public URL's host[:port], lower case, or ""
}

func newHostPolicy(hosts []string, publicURL string) (*hostPolicy, error) {
	hp := &hostPolicy{names: map[string]bool{}}
	for _, h := range append(append([]string{}, loopbackNames...), hosts...) {
		if n := hostName(h); n != "" {
			hp.names[n] = true
		}
	}
	if publicURL != "" {
		u, err := url.Parse(publicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, carousel.FieldError("publicURL", "%q is not an http(s) URL with a host", publicURL)
		}
		hp.public = strings.ToLower(u.Host)
		hp.names[hostName(u.Host)] = true
	}
	return hp, nil
}

// hostName is the lower-case host of "host", "host:port", "[v6]" or
// "[v6]:port", with a trailing dot removed.
func hostName(hostport string) string {
	h := strings.ToLower(strings.TrimSpace(hostport))
	if hh, _, err := net.SplitHostPort(h); err == nil {
		h = hh
	}
	h = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(h, "["), "]"), ".")
	return h
}

func (hp *hostPolicy) allows(host string) bool { return host != "" && hp.names[hostName(host)] }

// sameOrigin reports whether an Origin header names this server as the
// request reached it, or its public URL.
func (hp *hostPolicy) sameOrigin(origin, reqHost string) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return false // "null" and the like
	}
	h := strings.ToLower(u.Host)
	return h == strings.ToLower(reqHost) || (hp.public != "" && h == hp.public)
}

// checkHost answers 421 to a request whose Host is not one of the
// server's own names, on every route: a page whose name was rebound to
// this machine's address reaches the server, but with its own name as the
// Host, and gets nothing (no CSRF token, no project). A state-changing
// request whose Origin is present and another site's is refused as well.
func (s *Server) checkHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.hosts.allows(r.Host) {
			writeJSON(w, http.StatusMisdirectedRequest, errorBody{Error: errorDetail{Code: carousel.EFORBIDDEN,
				Message: "This server does not answer to that host name. Open it at its own address (localhost, 127.0.0.1 or its public URL)."}})
			return
		}
		switch r.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
		default:
			if origin := r.Header.Get("Origin"); origin != "" && !s.hosts.sameOrigin(origin, r.Host) {
				s.Error(w, r, carousel.Errorf(carousel.EFORBIDDEN, "requests from another site are refused"))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
