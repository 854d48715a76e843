// SPDX-License-Identifier: MIT

// Package secret holds the server's secret key: it encrypts the tokens of
// connected accounts at rest (AES-256-GCM) and derives the keys that sign
// public media addresses and OAuth states.
//
// The key comes from configuration (CAROUSEL_SECRET_KEY, or a key file),
// never from the database or the data directory: a copy of the database
// alone, or of the whole data directory, must not carry the means to read
// the tokens in it.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/carouselstudio/carousel"
)

// KeySize is the length of a key in bytes.
const KeySize = 32

// Key is a secret key. It implements carousel.Sealer.
type Key struct {
	aead cipher.AEAD
	raw  []byte
	id   [4]byte // names the key in each ciphertext, for a clear error with another key
}

var _ carousel.Sealer = (*Key)(nil)

// New returns a key of KeySize random bytes, encoded as Parse reads it.
func New() string {
	b := make([]byte, KeySize)
	rand.Read(b) // never fails (crypto/rand documents it)
	return base64.StdEncoding.EncodeToString(b)
}

// Parse reads a key written as base64 (standard or URL alphabet, padded
// or not) or hex, of KeySize bytes.
func Parse(text string) (*Key, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, carousel.Errorf(carousel.EINVALID, "the secret key is empty")
	}
	var raw []byte
	if b, err := hex.DecodeString(text); err == nil && len(b) == KeySize {
		raw = b
	} else {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(text); err == nil {
				raw = b
				break
			}
		}
	}
	if len(raw) != KeySize {
		return nil, carousel.Errorf(carousel.EINVALID, "the secret key must be %d random bytes in base64 or hex (make one with `carousel accounts keygen` or `openssl rand -base64 32`)", KeySize)
	}
	return fromRaw(raw)
}

func fromRaw(raw []byte) (*Key, error) {
	enc := derive(raw, "carousel token encryption v1")
	block, err := aes.NewCipher(enc)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	k := &Key{aead: aead, raw: raw}
	copy(k.id[:], derive(raw, "carousel key id v1"))
	return k, nil
}

// Load returns the key from value (CAROUSEL_SECRET_KEY) or, when value is
// empty, from the file at path. It returns nil and no error when both are
// empty: publishing is then off. A key file inside one of the data
// directories (the data directory, the SQLite database's directory) is
// refused, so that the key never sits beside the database it protects.
func Load(value, path string, dataDirs ...string) (*Key, error) {
	if strings.TrimSpace(value) != "" {
		k, err := Parse(value)
		if err != nil {
			return nil, fmt.Errorf("CAROUSEL_SECRET_KEY: %w", err)
		}
		return k, nil
	}
	if path == "" {
		return nil, nil
	}
	for _, dir := range dataDirs {
		if inside(path, dir) {
			return nil, carousel.Errorf(carousel.EINVALID, "the secret key file %s is inside the data directory %s: keep it elsewhere (a copy of the data directory would otherwise carry the key with the tokens it protects)", path, dir)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, carousel.Errorf(carousel.EINVALID, "cannot read the secret key file: %v", err)
	}
	k, err := Parse(string(data))
	if err != nil {
		return nil, fmt.Errorf("secret key file %s: %w", path, err)
	}
	return k, nil
}

// inside reports whether path is dir or under it, following symbolic links.
func inside(path, dir string) bool {
	if dir == "" {
		return false
	}
	abs := func(p string) string {
		p, err := filepath.Abs(p)
		if err != nil {
			return filepath.Clean(p)
		}
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return r
		}
		// The file may not exist yet: resolve its directory.
		if r, err := filepath.EvalSymlinks(filepath.Dir(p)); err == nil {
			return filepath.Join(r, filepath.Base(p))
		}
		return p
	}
	f, d := abs(path), abs(dir)
	rel, err := filepath.Rel(d, f)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// ciphertext layout: version (1 byte) | key id (4) | nonce (12) | sealed.
const version = 1

// Seal encrypts plaintext, binding it to bound (which Open must be given).
func (k *Key) Seal(plaintext, bound []byte) ([]byte, error) {
	out := make([]byte, 1+len(k.id), 1+len(k.id)+k.aead.NonceSize()+len(plaintext)+k.aead.Overhead())
	out[0] = version
	copy(out[1:], k.id[:])
	nonce := make([]byte, k.aead.NonceSize())
	rand.Read(nonce)
	out = append(out, nonce...)
	return k.aead.Seal(out, nonce, plaintext, bound), nil
}

// ErrOtherKey is returned by Open for a ciphertext made with another key.
var ErrOtherKey = errors.New("secret: encrypted with another key")

// Open decrypts a ciphertext made by Seal with the same key and bound data.
func (k *Key) Open(ciphertext, bound []byte) ([]byte, error) {
	head := 1 + len(k.id) + k.aead.NonceSize()
	if len(ciphertext) < head+k.aead.Overhead() || ciphertext[0] != version {
		return nil, carousel.Errorf(carousel.EINVALID, "a stored token is damaged: reconnect the account")
	}
	if !hmac.Equal(ciphertext[1:1+len(k.id)], k.id[:]) {
		return nil, &carousel.Error{Code: carousel.EINVALID, Err: ErrOtherKey,
			Message: "the stored tokens were encrypted with another secret key: set the CAROUSEL_SECRET_KEY they were made with, or reconnect the accounts"}
	}
	nonce := ciphertext[1+len(k.id) : head]
	plain, err := k.aead.Open(nil, nonce, ciphertext[head:], bound)
	if err != nil {
		return nil, &carousel.Error{Code: carousel.EINVALID, Err: err, Message: "a stored token does not decrypt (damaged, or moved to another account): reconnect the account"}
	}
	return plain, nil
}

// Derive returns a 32-byte key for one purpose ("media urls", "oauth
// state"), independent of the encryption key and of every other purpose.
func (k *Key) Derive(purpose string) []byte { return derive(k.raw, purpose) }

func derive(raw []byte, purpose string) []byte {
	m := hmac.New(sha256.New, raw)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}
