// SPDX-License-Identifier: MIT

package carousel

import (
	"errors"
	"fmt"
)

// Error codes a user may see. Anything else is EINTERNAL.
const (
	ECONFLICT     = "conflict"     // a stale revision or a name already taken
	EINTERNAL     = "internal"     // a bug or a failure the user cannot fix
	EINVALID      = "invalid"      // bad input: the message names the field, line or post
	ENOTFOUND     = "not_found"    // the thing does not exist
	EUNAUTHORIZED = "unauthorized" // a bad or missing token
	EFORBIDDEN    = "forbidden"    // a protected account or an endpoint the token may not use
	ERATELIMIT    = "rate_limited" // a source said to come back later
	ETOOLARGE     = "too_large"    // an upload, image or download over its limit
	EUNAVAILABLE  = "unavailable"  // busy or unreachable: try again later
	EUNSUPPORTED  = "unsupported"  // a file type or option the product does not handle
	ESTORAGEFULL  = "storage_full" // the disk or database holding the data is full
)

// Error is an error whose message is safe to show to a user.
// Field, when set, is the path of the offending field ("slides[2].items[0].post").
type Error struct {
	Code    string
	Message string
	Field   string
	Err     error // an underlying cause, never shown
}

// Error returns the message, prefixed by the field path when there is one.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Message
	}
	return e.Message
}

// Unwrap returns the underlying cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldError returns an EINVALID error for the field at path.
func FieldError(path, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: path, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
// It returns "" for a nil error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Errors that are not
// *Error give a generic message so that internals never leak.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return "Internal error."
}
