// SPDX-License-Identifier: MIT

package store

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/carouselstudio/carousel"
	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id costs of new password hashes. Stored
// hashes carry their own, so raising these later keeps old passwords
// working.
type PasswordParams struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultPasswordParams follow OWASP's advice for argon2id: 19 MiB, two
// passes, one thread (about 30 ms on one core of a small server).
var DefaultPasswordParams = PasswordParams{Memory: 19 * 1024, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32
	// maxPasswordLen bounds the bytes hashed, so a huge password cannot
	// make a sign-in expensive.
	maxPasswordLen = 1024
)

// checkPassword refuses passwords that are too short or too long.
func checkPassword(password string) error {
	if n := utf8.RuneCountInString(password); n < carousel.MinPasswordLength {
		return carousel.FieldError("password", "a password needs at least %d characters, this one has %d", carousel.MinPasswordLength, n)
	}
	if len(password) > maxPasswordLen {
		return carousel.FieldError("password", "a password may have at most %d bytes", maxPasswordLen)
	}
	return nil
}

// hashPassword returns the argon2id hash of password with a new random
// salt, in the PHC string form: $argon2id$v=19$m=…,t=…,p=…$salt$hash.
func hashPassword(password string, p PasswordParams) string {
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails (crypto/rand documents it)
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// verifyPassword reports whether password matches a hash made by
// hashPassword, in constant time. A malformed hash matches nothing.
func verifyPassword(password, hash string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || len(password) > maxPasswordLen {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var p PasswordParams
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || p.Time == 0 || p.Threads == 0 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// newSecret returns a random secret of 256 bits, URL-safe, with a prefix
// that tells what it is when it turns up in a log or a paste.
func newSecret(prefix string) string {
	var b [32]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it)
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// secretHash is what the store keeps of a secret. The secrets are random
// and long, so a plain SHA-256 cannot be reversed; the database alone
// lets nobody in.
func secretHash(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}
