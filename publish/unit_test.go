// SPDX-License-Identifier: MIT

package publish

import (
	"net/http"
	"testing"
	"time"
)

func TestLittleText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain words", "plain words"},
		{`a\b`, `a\\b`},
		{"(x) [y] {z} <w> @me *b* _i_ ~s~ |p|", `\(x\) \[y\] \{z\} \<w\> \@me \*b\* \_i\_ \~s\~ \|p\|`},
		{"#growth and #Über_2", `{hashtag|\#|growth} and {hashtag|\#|Über\_2}`},
		{"issue #42 is fixed", `issue \#42 is fixed`}, // digits only: not a hashtag
		{"C# and a#b", `C\# and a\#b`},                // not after a word
		{"#", `\#`},
		{"emoji 🧵 stay", "emoji 🧵 stay"},
	} {
		if got := LittleText(tc.in); got != tc.want {
			t.Errorf("LittleText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParts(t *testing.T) {
	for _, tc := range []struct {
		n, max int
		want   [][2]int
	}{
		{3, 10, [][2]int{{0, 3}}},
		{10, 10, [][2]int{{0, 10}}},
		{11, 10, [][2]int{{0, 6}, {6, 11}}},
		{21, 10, [][2]int{{0, 7}, {7, 14}, {14, 21}}},
		{36, 35, [][2]int{{0, 18}, {18, 36}}},
	} {
		got := parts(tc.n, tc.max)
		if len(got) != len(tc.want) {
			t.Fatalf("parts(%d, %d) = %v, want %v", tc.n, tc.max, got, tc.want)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Fatalf("parts(%d, %d) = %v, want %v", tc.n, tc.max, got, tc.want)
			}
		}
	}
}

func TestBackoff(t *testing.T) {
	base := 30 * time.Second
	prev := time.Duration(0)
	for attempt := 1; attempt <= 12; attempt++ {
		d := backoff(base, attempt)
		if d < prev && d < time.Hour {
			t.Fatalf("attempt %d waits %v, less than attempt %d's %v", attempt, d, attempt-1, prev)
		}
		if d > time.Hour+6*time.Minute {
			t.Fatalf("attempt %d waits %v, over the hour cap", attempt, d)
		}
		prev = d
	}
	if d := backoff(base, 1); d < base || d > base+base/10 {
		t.Fatalf("first wait %v", d)
	}
	if d := backoff(base, 3); d < 4*base {
		t.Fatalf("third wait %v, want at least %v", d, 4*base)
	}
}

func TestParseErrors(t *testing.T) {
	dup := parseLinkedInError(422, []byte(`{"errorDetailType":"com.linkedin.common.error.BadRequest","message":"com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of urn:li:share:7141138937766391808","errorDetails":{"inputErrors":[{"description":"Duplicate post is detected","input":{},"code":"DUPLICATE_POST"}]},"status":422}`), http.Header{})
	if !dup.Duplicate || dup.DuplicateOf != "urn:li:share:7141138937766391808" || dup.Kind != kindFinal {
		t.Fatalf("duplicate: %+v", dup)
	}
	if e := parseLinkedInError(401, []byte(`{"status":401,"serviceErrorCode":65601,"code":"REVOKED_ACCESS_TOKEN","message":"The token used in the request has been revoked by the user"}`), nil); e.Kind != kindAuth || e.Code != "REVOKED_ACCESS_TOKEN" {
		t.Fatalf("revoked: %+v", e)
	}
	for _, tc := range []struct {
		status int
		body   string
		kind   errKind
		code   string
	}{
		{400, `{"error":{"message":"Error validating access token: Session has expired","type":"OAuthException","code":190,"error_subcode":463}}`, kindAuth, "190/463"},
		{400, `{"error":{"message":"Application request limit reached","type":"OAuthException","code":4}}`, kindTransient, "4"},
		{400, `{"error":{"message":"Media ID is not available","code":9007,"error_subcode":2207027}}`, kindTransient, "9007/2207027"},
		{400, `{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,"error_subcode":2207026}}`, kindFinal, "100/2207026"},
		{500, `{"error":{"message":"An unknown error occurred","code":1}}`, kindTransient, "1"},
	} {
		e := parseGraphError(tc.status, []byte(tc.body), nil)
		if e.Kind != tc.kind || e.Code != tc.code {
			t.Errorf("%s: kind %v code %q, want %v %q", tc.body, e.Kind, e.Code, tc.kind, tc.code)
		}
	}
	for _, tc := range []struct {
		status int
		body   string
		kind   errKind
	}{
		{401, `{"error":{"code":"access_token_invalid","message":"The access token is invalid","log_id":"x"}}`, kindAuth},
		{429, `{"error":{"code":"rate_limit_exceeded","message":"slow down","log_id":"x"}}`, kindTransient},
		{403, `{"error":{"code":"spam_risk_too_many_posts","message":"too many","log_id":"x"}}`, kindTransient},
		{400, `{"error":{"code":"privacy_level_option_mismatch","message":"no","log_id":"x"}}`, kindFinal},
	} {
		if e := parseTikTokError(tc.status, []byte(tc.body), nil); e.Kind != tc.kind {
			t.Errorf("%s: kind %v, want %v", tc.body, e.Kind, tc.kind)
		}
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{}
	h.Set("Retry-After", "120")
	if d := retryAfter(h, now); d != 2*time.Minute {
		t.Fatalf("seconds: %v", d)
	}
	h.Set("Retry-After", now.Add(time.Hour).Format(http.TimeFormat))
	if d := retryAfter(h, now); d != time.Hour {
		t.Fatalf("date: %v", d)
	}
	h.Set("Retry-After", "soon")
	if d := retryAfter(h, now); d != 0 {
		t.Fatalf("garbage: %v", d)
	}
}

func TestAppsFromEnv(t *testing.T) {
	env := map[string]string{
		"CAROUSEL_THREADS_API_BASE":     "https://proxy.example/graph/v1.0/",
		"CAROUSEL_INSTAGRAM_API_BASE":   "https://graph.facebook.com",
		"CAROUSEL_INSTAGRAM_VERSION":    "v24.0",
		"CAROUSEL_TIKTOK_CLIENT_KEY":    "key",
		"CAROUSEL_TIKTOK_CLIENT_SECRET": "secret",
		"CAROUSEL_LINKEDIN_SCOPES":      "openid, profile w_member_social,w_organization_social",
	}
	apps := AppsFromEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if a := apps["threads"]; a.APIBase != "https://proxy.example/graph" || a.Version != "v1.0" {
		t.Errorf("threads: %+v", a)
	}
	if a := apps["instagram"]; a.APIBase != "https://graph.facebook.com" || a.Version != "v24.0" || a.Configured() {
		t.Errorf("instagram: %+v", a)
	}
	if a := apps["tiktok"]; a.ClientID != "key" || !a.Configured() || a.APIBase != "https://open.tiktokapis.com" {
		t.Errorf("tiktok: %+v", a)
	}
	if a := apps["linkedin"]; len(a.Scopes) != 4 || a.Scopes[3] != "w_organization_social" || a.Version != "202510" {
		t.Errorf("linkedin: %+v", a)
	}
}
