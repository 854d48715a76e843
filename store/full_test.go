// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"image"
	"image/png"
	"path/filepath"
	"testing"

	"github.com/carouselstudio/carousel"
)

// noisePNG is a PNG of random pixels: it does not compress, so it takes
// its size in the database.
func noisePNG(t *testing.T, side int) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, side, side))
	rand.Read(img.Pix)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A full database answers ESTORAGEFULL with words that say so, and the
// failed write leaves what was stored as it was. SQLite's max_page_count
// makes the database "full" as a full disk would (SQLITE_FULL).
func TestStorageFull(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "small.db")
	db := mustOpen(t, path+"?_pragma=max_page_count(120)")
	small := &carousel.Profile{Name: "Fits"}
	if err := db.CreateProfile(ctx, small); err != nil {
		t.Fatal(err)
	}
	_, err := db.PutAsset(ctx, noisePNG(t, 700), "image/png")
	wantCode(t, err, carousel.ESTORAGEFULL, "disk holding the studio's database is full")
	list, err := db.FindProfiles(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("after a failed write: %v, %d profiles", err, len(list))
	}
}

// A brand kit may start with a UTF-8 byte-order mark.
func TestBrandKitWithBOM(t *testing.T) {
	ctx := context.Background()
	db := mustOpen(t, filepath.Join(t.TempDir(), "kit.db"))
	kit := "\ufeff" + `{"kind":"carousel-brand-kit","version":1,"profiles":[{"name":"BOM"}]}`
	n, _, err := db.ImportBrandKit(ctx, bytes.NewReader([]byte(kit)), false)
	if err != nil || n != 1 {
		t.Fatalf("import with a BOM: %d, %v", n, err)
	}
}
