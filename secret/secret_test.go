// SPDX-License-Identifier: MIT

package secret

import (
	"bytes"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestSealOpen(t *testing.T) {
	k, err := Parse(New())
	if err != nil {
		t.Fatal(err)
	}
	plain := []byte(`{"access":"AQX-secret-token"}`)
	sealed, err := k.Seal(plain, []byte("cred-1"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte("secret-token")) {
		t.Fatal("the ciphertext contains the plaintext")
	}
	again, _ := k.Seal(plain, []byte("cred-1"))
	if bytes.Equal(sealed, again) {
		t.Fatal("two seals of the same plaintext are equal: the nonce is not random")
	}
	got, err := k.Open(sealed, []byte("cred-1"))
	if err != nil || !bytes.Equal(got, plain) {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := k.Open(sealed, []byte("cred-2")); err == nil {
		t.Fatal("a ciphertext opened with other bound data")
	}
	tampered := append([]byte(nil), sealed...)
	tampered[len(tampered)-1] ^= 1
	if _, err := k.Open(tampered, []byte("cred-1")); err == nil {
		t.Fatal("a tampered ciphertext opened")
	}
	other, _ := Parse(New())
	_, err = other.Open(sealed, []byte("cred-1"))
	if !errors.Is(err, ErrOtherKey) || !strings.Contains(carousel.ErrorMessage(err), "another secret key") {
		t.Fatalf("another key: %v", err)
	}
}

func TestParse(t *testing.T) {
	raw := bytes.Repeat([]byte{0xab}, KeySize)
	for _, text := range []string{
		hex.EncodeToString(raw),
		"q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=",
		"q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s",
		"  q6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n",
	} {
		k, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q): %v", text, err)
		}
		if !bytes.Equal(k.raw, raw) {
			t.Fatalf("Parse(%q) read other bytes", text)
		}
	}
	for _, text := range []string{"", "short", hex.EncodeToString(raw[:16]), "not base64 at all!!"} {
		if _, err := Parse(text); carousel.ErrorCode(err) != carousel.EINVALID {
			t.Fatalf("Parse(%q) = %v, want EINVALID", text, err)
		}
	}
}

func TestDeriveIsPerPurpose(t *testing.T) {
	k, _ := Parse(New())
	a, b := k.Derive("media urls"), k.Derive("oauth state")
	if bytes.Equal(a, b) || len(a) != 32 {
		t.Fatal("derived keys are not distinct 32-byte keys")
	}
	k2, _ := Parse(hex.EncodeToString(k.raw))
	if !bytes.Equal(k2.Derive("media urls"), a) {
		t.Fatal("the same key derives different keys")
	}
}

func TestLoad(t *testing.T) {
	data := t.TempDir()
	elsewhere := t.TempDir()
	key := New()
	if k, err := Load("", "", data); k != nil || err != nil {
		t.Fatalf("no key: %v, %v", k, err)
	}
	if k, err := Load(key, filepath.Join(data, "ignored"), data); k == nil || err != nil {
		t.Fatalf("key from the environment: %v", err)
	}
	good := filepath.Join(elsewhere, "secret.key")
	os.WriteFile(good, []byte(key+"\n"), 0o600)
	if k, err := Load("", good, data); k == nil || err != nil {
		t.Fatalf("key file: %v", err)
	}
	beside := filepath.Join(data, "secret.key")
	os.WriteFile(beside, []byte(key), 0o600)
	if _, err := Load("", beside, data); err == nil || !strings.Contains(err.Error(), "inside the data directory") {
		t.Fatalf("a key file in the data directory: %v", err)
	}
	// A symbolic link from elsewhere into the data directory is still inside.
	link := filepath.Join(elsewhere, "link")
	if err := os.Symlink(data, link); err == nil {
		if _, err := Load("", filepath.Join(link, "secret.key"), data); err == nil {
			t.Fatal("a key file reached through a link into the data directory was accepted")
		}
	}
	if _, err := Load("", filepath.Join(elsewhere, "missing"), data); err == nil {
		t.Fatal("a missing key file gave no error")
	}
	if _, err := Load("garbage", "", data); err == nil || !strings.Contains(err.Error(), "CAROUSEL_SECRET_KEY") {
		t.Fatalf("a bad key: %v", err)
	}
}
