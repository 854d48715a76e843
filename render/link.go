// SPDX-License-Identifier: MIT

package render

import (
	"net/url"
	"strings"
)

// safeLink returns u, normalised, when a PDF may link to it: an absolute
// http(s) URL with a host, or a mailto: address. Anything else
// (javascript:, file:, data:, a relative or malformed URL) gives "", and
// the text is drawn as plain text.
func safeLink(u string) string {
	u = strings.TrimSpace(u)
	if u == "" || strings.ContainsFunc(u, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return ""
	}
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	switch strings.ToLower(p.Scheme) {
	case "http", "https":
		if p.Host == "" || p.Opaque != "" || p.User != nil {
			return ""
		}
	case "mailto":
		if p.Opaque == "" && p.Path == "" {
			return ""
		}
	default:
		return ""
	}
	p.Scheme = strings.ToLower(p.Scheme)
	return p.String()
}
