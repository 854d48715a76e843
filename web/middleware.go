// SPDX-License-Identifier: MIT

package web

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"time"

	"github.com/carouselstudio/carousel"
)

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; " +
	"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// recoverPanics turns a panic into a JSON 500; the stack goes to the log only.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Logger.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
				sw, ok := w.(*statusWriter)
				if ok && sw.status != 0 {
					return // the answer has begun; nothing sensible can follow
				}
				s.Error(w, r, carousel.Errorf(carousel.EINTERNAL, "internal error"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		// The studio asks for many pictures: successful reads log at debug level.
		level := slog.LevelInfo
		if r.Method == http.MethodGet && sw.status < 400 {
			level = slog.LevelDebug
		}
		s.Logger.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
			"bytes", sw.bytes, "duration", time.Since(start))
	})
}

// bodyProgress is how much of a request body must arrive within
// Server.BodyTimeout for the deadline to move on.
const bodyProgress = 64 << 10

// bodyDeadlines gives a request body a read deadline that moves on only
// as the body arrives: a client sending a byte every few seconds is cut
// off after BodyTimeout, a large upload at any useful speed is not.
func (s *Server) bodyDeadlines(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			rc := http.NewResponseController(w)
			if rc.SetReadDeadline(time.Now().Add(s.BodyTimeout)) == nil {
				r.Body = &progressBody{ReadCloser: r.Body, rc: rc, timeout: s.BodyTimeout}
			}
		}
		next.ServeHTTP(w, r)
	})
}

type progressBody struct {
	io.ReadCloser
	rc      *http.ResponseController
	timeout time.Duration
	since   int
}

func (b *progressBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if b.since += n; b.since >= bodyProgress {
		b.since = 0
		b.rc.SetReadDeadline(time.Now().Add(b.timeout))
	}
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		return n, carousel.Errorf(carousel.EINVALID, "the request body arrived too slowly: less than %d KB in %s", bodyProgress>>10, b.timeout)
	}
	return n, err
}
