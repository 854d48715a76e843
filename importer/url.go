// SPDX-License-Identifier: MIT

package importer

import (
	"net/url"
	"strconv"
	"strings"
)

// postHosts are the hosts whose /…/status/{id} paths name a post.
var postHosts = map[string]bool{
	"x.com": true, "twitter.com": true, "mobile.twitter.com": true, "mobile.x.com": true,
	"fxtwitter.com": true, "vxtwitter.com": true, "fixupx.com": true, "fixvx.com": true,
	"nitter.net": true,
}

// ParsePostURL returns the post id in a post address (x.com, twitter.com,
// mobile.twitter.com, www., with /photo/1, a query or a trailing slash) or
// a bare id.
func ParsePostURL(s string) (id string, ok bool) {
	s = strings.TrimSpace(s)
	if validID(s) {
		return s, true
	}
	if strings.ContainsAny(s, " \t\n") {
		return "", false
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return "", false
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if !postHosts[host] {
		return "", false
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	// /{user}/status/{id}[/photo/1], /i/web/status/{id}, /i/status/{id}, /statuses/{id}
	for i := 0; i+1 < len(parts); i++ {
		switch parts[i] {
		case "status", "statuses":
			if validID(parts[i+1]) {
				return parts[i+1], true
			}
			return "", false
		}
	}
	return "", false
}

// validID reports whether s is a post id: a positive 64-bit decimal number.
func validID(s string) bool {
	if s == "" || len(s) > 20 || s[0] == '0' {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}
