// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

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

// A brand kit of images is imported as a stream: the test
// process's heap stays well under three copies of the document.
func TestBrandKitImportMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 60 MB brand kit")
	}
	ctx := context.Background()
	src := mustOpen(t, filepath.Join(t.TempDir(), "src.db"))
	p := &carousel.Profile{Name: "Heavy"}
	for i := range 3 {
		ref, err := src.PutAsset(ctx, noisePNG(t, 800), "image/png") // about 2.5 MB each
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			p.Avatar = ref
		} else {
			p.Logo = ref
			if err := src.CreateProfile(ctx, &carousel.Profile{Name: "Logo " + string(rune('0'+i)), Logo: ref}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := src.CreateProfile(ctx, p); err != nil {
		t.Fatal(err)
	}
	kitPath := filepath.Join(t.TempDir(), "kit.json")
	f, err := os.Create(kitPath)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.ExportBrandKit(ctx, f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	st, _ := os.Stat(kitPath)
	dst := mustOpen(t, filepath.Join(t.TempDir(), "dst.db"))
	in, _ := os.Open(kitPath)
	defer in.Close()
	var n int
	peak := peakHeap(func() { n, _, err = dst.ImportBrandKit(ctx, in, false) })
	if err != nil || n != 3 {
		t.Fatalf("import: %d, %v", n, err)
	}
	t.Logf("a %d MB kit imported with a peak heap of %d MB", st.Size()>>20, peak>>20)
	if limit := uint64(st.Size()) * 3; peak > limit+32<<20 {
		t.Errorf("peak heap %d MB for a %d MB kit", peak>>20, st.Size()>>20)
	}
}

func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak
}
