// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/carouselstudio/carousel"
)

var statusOfCode = map[string]int{
	carousel.EINVALID:      http.StatusBadRequest,
	carousel.ENOTFOUND:     http.StatusNotFound,
	carousel.ECONFLICT:     http.StatusConflict,
	carousel.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	carousel.EUNSUPPORTED:  http.StatusUnsupportedMediaType,
	carousel.ERATELIMIT:    http.StatusTooManyRequests,
	carousel.EUNAVAILABLE:  http.StatusServiceUnavailable,
	carousel.EUNAUTHORIZED: http.StatusUnauthorized,
	carousel.EFORBIDDEN:    http.StatusForbidden,
	carousel.EINTERNAL:     http.StatusInternalServerError,
	carousel.ESTORAGEFULL:  http.StatusInsufficientStorage,
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

// Error answers err as JSON {"error":{"code","message"}} with the status
// of its code. Internal errors are logged and shown as a generic message.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client left; nobody reads the answer
	}
	code := carousel.ErrorCode(err)
	status, ok := statusOfCode[code]
	if !ok {
		code, status = carousel.EINTERNAL, http.StatusInternalServerError
	}
	detail := errorDetail{Code: code, Message: carousel.ErrorMessage(err)}
	var ce *carousel.Error
	if errors.As(err, &ce) {
		detail.Field = ce.Field
	}
	if status == http.StatusInternalServerError {
		s.Logger.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		detail.Message = "Internal error: the server could not do this. The details are in its log."
	}
	if (code == carousel.EUNAVAILABLE || code == carousel.ERATELIMIT) && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "2")
	}
	writeJSON(w, status, errorBody{Error: detail})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		b = []byte(`{"error":{"code":"internal","message":"Internal error."}}`)
		status = http.StatusInternalServerError
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// maxJSONBody bounds JSON request bodies; a project with a long thread
// stays far below it.
const maxJSONBody = 16 << 20

// readBody reads a request body up to limit bytes; more is ETOOLARGE.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("web: read body: %w", err)
	}
	if int64(len(b)) > limit {
		return nil, carousel.Errorf(carousel.ETOOLARGE, "the request body is over %d MB", limit>>20)
	}
	return b, nil
}

// decodeJSON decodes a JSON body strictly into v. Errors name the line,
// column and field so that API users can fix their request.
func decodeJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return carousel.Errorf(carousel.EUNSUPPORTED, "send JSON with Content-Type: application/json, not %q", ct)
	}
	b, err := readBody(r, maxJSONBody)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(carousel.TrimBOM(b))) == 0 {
		return carousel.Errorf(carousel.EINVALID, "the request body is empty: send a JSON object")
	}
	return carousel.UnmarshalStrict(b, v)
}
