// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// maxAPIBody bounds an API answer; a 1,000-post search page is far below it.
const maxAPIBody = 32 << 20

// httpError is an answer a source adapter must interpret (4xx other than 429).
type httpError struct {
	Status int
	Body   []byte
}

func (e *httpError) Error() string { return fmt.Sprintf("HTTP %d", e.Status) }

// get fetches u and returns the body of a 2xx answer. It retries 5xx and
// network errors with backoff, waits out short 429s, and turns the rest into
// user-facing errors naming source; other 4xx come back as *httpError.
func (im *Importer) get(ctx context.Context, source, u string, header http.Header) ([]byte, error) {
	return im.getVia(ctx, im.api, source, u, header)
}

// getVia is get through client: the guarded media client for hosts a user
// names (Mastodon instances), the API client for configured bases.
func (im *Importer) getVia(ctx context.Context, client *http.Client, source, u string, header http.Header) ([]byte, error) {
	const attempts = 3
	backoff := im.cfg.RetryBackoff
	rateWaits := 0
	for attempt := 1; ; attempt++ {
		body, status, hdr, err := im.do(ctx, client, u, header)
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if attempt >= attempts || errors.Is(err, errBlockedAddress) {
				return nil, &carousel.Error{Code: carousel.EUNAVAILABLE, Err: err,
					Message: fmt.Sprintf("%s is unreachable (%s): %s", source, hostOf(u), netReason(err))}
			}
		case status == http.StatusTooManyRequests:
			wait, until := im.rateLimitWait(hdr)
			if wait <= im.cfg.MaxRateLimitWait && rateWaits < 2 {
				rateWaits++
				if err := im.sleep(ctx, wait); err != nil {
					return nil, err
				}
				attempt-- // a rate-limit wait is not a failed attempt
				continue
			}
			return nil, rateLimitError(source, until, im.now())
		case status >= 500:
			if attempt >= attempts {
				return nil, carousel.Errorf(carousel.EUNAVAILABLE, "%s is not available (HTTP %d); try again later.", source, status)
			}
		case status >= 200 && status < 300:
			return body, nil
		default:
			return body, &httpError{Status: status, Body: body}
		}
		if err := im.sleep(ctx, backoff); err != nil {
			return nil, err
		}
		backoff *= 2
	}
}

func (im *Importer) do(ctx context.Context, client *http.Client, u string, header http.Header) ([]byte, int, http.Header, error) {
	select {
	case im.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, 0, nil, ctx.Err()
	}
	defer func() { <-im.sem }()
	ctx, cancel := context.WithTimeout(ctx, im.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, nil, fmt.Errorf("importer: build request: %w", err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAPIBody+1))
	if err != nil {
		return nil, 0, nil, err
	}
	if len(body) > maxAPIBody {
		return nil, 0, nil, fmt.Errorf("answer over %d MB", maxAPIBody>>20)
	}
	return body, resp.StatusCode, resp.Header, nil
}

// rateLimitWait reads when the limit resets: x-rate-limit-reset (X) and
// ratelimit-reset (Bluesky) as a Unix time, X-RateLimit-Reset (Mastodon)
// as an ISO 8601 time, or Retry-After.
func (im *Importer) rateLimitWait(h http.Header) (time.Duration, time.Time) {
	now := im.now()
	for _, name := range []string{"x-rate-limit-reset", "ratelimit-reset", "X-RateLimit-Reset"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
			until := time.Unix(sec, 0)
			// One extra second: the window resets at the end of that second.
			return max(until.Sub(now)+time.Second, 0), until
		}
		if until, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return max(until.Sub(now)+time.Second, 0), until
		}
	}
	if v := h.Get("Retry-After"); v != "" {
		if sec, err := strconv.Atoi(v); err == nil {
			d := time.Duration(sec) * time.Second
			return d, now.Add(d)
		}
	}
	// No hint: ask again in a minute rather than hammering.
	return time.Minute, now.Add(time.Minute)
}

func rateLimitError(source string, until, now time.Time) error {
	mins := int(math.Ceil(until.Sub(now).Minutes()))
	if mins < 1 {
		mins = 1
	}
	return carousel.Errorf(carousel.ERATELIMIT, "%s rate limit reached: try again after %s (in %d minute%s).",
		source, until.Local().Format("15:04"), mins, plural(mins))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func hostOf(u string) string {
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		return p.Host
	}
	return u
}

// netReason is a short, stack-free cause of a network error.
func netReason(err error) string {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.As(err, &dnsErr):
		return "host name not found"
	case errors.Is(err, errBlockedAddress):
		return "private network address refused"
	case errors.As(err, &opErr) && opErr.Op == "dial":
		return "connection refused"
	}
	return "connection failed"
}

// decodeJSON decodes a source's answer; malformed data is the source's fault.
func decodeJSON(source string, body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return &carousel.Error{Code: carousel.EUNAVAILABLE, Err: err,
			Message: fmt.Sprintf("%s answered with data that is not valid JSON.", source)}
	}
	return nil
}

// flexString decodes a JSON string or number as a string: archives write
// numbers as strings, APIs as numbers.
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	}
	if string(b) == "null" {
		*f = ""
		return nil
	}
	*f = flexString(strings.TrimSpace(string(b)))
	return nil
}

func (f flexString) int() int {
	n, err := strconv.Atoi(string(f))
	if err != nil {
		x, err := strconv.ParseFloat(string(f), 64)
		if err != nil || math.IsNaN(x) || x > 1e9 || x < -1e9 {
			return -1
		}
		return int(x)
	}
	return n
}

// flexInts decodes an index pair written as numbers or strings.
type flexInts []flexString

func (f flexInts) pair() (int, int, bool) {
	if len(f) < 2 {
		return 0, 0, false
	}
	a, b := f[0].int(), f[1].int()
	return a, b, a >= 0 && b >= a
}
