// SPDX-License-Identifier: MIT

package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// errKind says what a failed call means for the job.
type errKind int

const (
	// kindFinal: the platform refused the request; trying again will not help.
	kindFinal errKind = iota
	// kindTransient: rate limits, 5xx, network trouble: try again later.
	kindTransient
	// kindAuth: the token is expired or revoked: refresh it, or reconnect.
	kindAuth
)

// apiError is a platform's refusal, with its own code and message.
type apiError struct {
	Platform   string
	Status     int
	Code       string // the platform's code: "REVOKED_ACCESS_TOKEN", "190", "rate_limit_exceeded"…
	Message    string
	RetryAfter time.Duration
	Kind       errKind
	// Duplicate is set when the platform refused the post as one it has
	// already (LinkedIn's DUPLICATE_POST), with the existing post's id
	// when the platform names it.
	Duplicate   bool
	DuplicateOf string
}

func (e *apiError) Error() string {
	label := platformLabel(e.Platform)
	msg := e.Message
	if msg == "" {
		msg = http.StatusText(e.Status)
	}
	if e.Code != "" && !strings.Contains(msg, e.Code) {
		return fmt.Sprintf("%s: %s (%s, HTTP %d)", label, msg, e.Code, e.Status)
	}
	if e.Status != 0 {
		return fmt.Sprintf("%s: %s (HTTP %d)", label, msg, e.Status)
	}
	return label + ": " + msg
}

func platformLabel(name string) string {
	if p, ok := carousel.PublishPlatformByName(name); ok {
		return p.Label
	}
	return name
}

// kindOfStatus classifies an HTTP status the usual way: 401 is the token,
// 408, 425, 429 and 5xx pass, other 4xx are final.
func kindOfStatus(status int) errKind {
	switch {
	case status == http.StatusUnauthorized:
		return kindAuth
	case status == http.StatusTooManyRequests, status == http.StatusRequestTimeout, status == http.StatusTooEarly, status >= 500:
		return kindTransient
	}
	return kindFinal
}

// retryAfter reads a Retry-After header in seconds or as an HTTP date.
func retryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// errCheck ends an attempt that cannot tell whether the platform made the
// post: the job waits for the person (carousel.PostCheck).
type errCheck struct{ msg string }

func (e *errCheck) Error() string { return e.msg }

// errLater ends an attempt that is waiting on the platform (still
// processing, a quota): the job is looked at again after the delay, and
// the wait does not count as a failed attempt.
type errLater struct {
	msg   string
	after time.Duration
}

func (e *errLater) Error() string { return e.msg }

// isTransient reports whether err is worth retrying: a transient API
// error, or trouble reaching the platform at all.
func isTransient(err error) bool {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Kind == kindTransient
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var ue *url.Error
	return errors.As(err, &ue) || errors.Is(err, io.ErrUnexpectedEOF)
}

// refused reports whether the platform answered a request that makes a
// post with a refusal, so that the post was certainly not made. A 5xx or
// no answer at all leaves it unknown.
func refused(err error) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Status < 500
}

// caller makes the HTTP calls of one platform and decodes its errors.
type caller struct {
	platform string
	hc       *http.Client
	now      func() time.Time
	// parseError turns a non-2xx answer into an apiError.
	parseError func(status int, body []byte, h http.Header) *apiError
}

// maxResponse bounds how much of an answer is read.
const maxResponse = 4 << 20

// do sends req and decodes a 2xx JSON body into out (when not nil). It
// returns the response headers.
func (c *caller) do(req *http.Request, out any) (http.Header, error) {
	req.Header.Set("User-Agent", "CarouselStudio/1 (+https://github.com/carouselstudio/carousel)")
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	res, err := c.hc.Do(req)
	if err != nil {
		if ctxErr := req.Context().Err(); ctxErr != nil {
			return nil, ctxErr
		}
		return nil, fmt.Errorf("%s: %s %s: %w", platformLabel(c.platform), req.Method, redact(req.URL), err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, maxResponse))
	if err != nil {
		return nil, fmt.Errorf("%s: read the answer to %s %s: %w", platformLabel(c.platform), req.Method, redact(req.URL), err)
	}
	if res.StatusCode/100 != 2 {
		ae := c.parseError(res.StatusCode, body, res.Header)
		ae.Platform, ae.Status = c.platform, res.StatusCode
		if ra := retryAfter(res.Header, c.now()); ra > ae.RetryAfter {
			ae.RetryAfter = ra
		}
		return res.Header, ae
	}
	if out != nil && len(bytes.TrimSpace(body)) > 0 {
		if err := json.Unmarshal(body, out); err != nil {
			return res.Header, fmt.Errorf("%s: unexpected answer to %s %s: %w", platformLabel(c.platform), req.Method, redact(req.URL), err)
		}
	}
	return res.Header, nil
}

// redact drops the query (which may carry an access token) from a URL
// shown in errors and logs.
func redact(u *url.URL) string {
	c := *u
	c.RawQuery = ""
	return c.String()
}

// jsonRequest builds a request with a JSON body.
func jsonRequest(ctx context.Context, method, u string, body any) (*http.Request, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("publish: encode request: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	req.Header.Set("Content-Type", "application/json; charset=UTF-8")
	return req, nil
}

// formRequest builds a POST with a form body.
func formRequest(ctx context.Context, u string, form url.Values) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// getRequest builds a GET with query parameters.
func getRequest(ctx context.Context, u string, q url.Values) (*http.Request, error) {
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	return req, nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// expiresIn turns an OAuth expires_in (seconds) into a time; 0 is unknown.
func expiresIn(now time.Time, seconds int64) time.Time {
	if seconds <= 0 {
		return time.Time{}
	}
	return now.Add(time.Duration(seconds) * time.Second).UTC().Truncate(time.Second)
}

// splitScopes reads a scope list separated by commas or spaces.
func splitScopes(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' })
}

func hasScope(scopes []string, want string) bool {
	for _, s := range scopes {
		if s == want {
			return true
		}
	}
	return false
}
