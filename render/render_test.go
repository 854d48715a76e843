// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/carouselstudio/carousel"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenFull is the format whose SVGs are kept whole (gzipped) so a
// difference can be inspected; the other formats keep SHA-256 sums.
const goldenFull = "linkedin-portrait"

func TestGoldenSVG(t *testing.T) {
	e := newTestEngine(t)
	dir := filepath.Join("testdata", "golden")
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range carousel.Formats {
		t.Run(f.Name, func(t *testing.T) {
			p := sampleProject(t, e)
			p.Settings.Format = f.Name
			l, err := e.Layout(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			var sums strings.Builder
			for n := 1; n <= len(l.Slides); n++ {
				var b bytes.Buffer
				if err := e.SVG(context.Background(), &b, p, n); err != nil {
					t.Fatal(err)
				}
				if !bytes.HasPrefix(b.Bytes(), []byte("<svg")) || bytes.Contains(b.Bytes(), []byte("<text")) {
					t.Fatalf("slide %d: not an SVG with text as paths", n)
				}
				sum := sha256.Sum256(b.Bytes())
				fmt.Fprintf(&sums, "%02d %s\n", n, hex.EncodeToString(sum[:]))
				if f.Name == goldenFull {
					compareGzip(t, filepath.Join(dir, fmt.Sprintf("%s-%02d.svg.gz", f.Name, n)), b.Bytes())
				}
			}
			compareFile(t, filepath.Join(dir, f.Name+".sha256"), []byte(sums.String()))
		})
	}
}

func compareFile(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func compareGzip(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(got)
		zw.Close()
		if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	want, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(filepath.Join(t.TempDir(), "got.svg"), got, 0o644)
		t.Errorf("%s differs (%d bytes, want %d)", path, len(got), len(want))
	}
}

// TestSVGDeterministic renders with two engines: the bytes must not depend
// on map order, caches or timing.
func TestSVGDeterministic(t *testing.T) {
	p := sampleProject(t, newTestEngine(t))
	var outs [2][]byte
	for i := range outs {
		e := newTestEngine(t)
		var b bytes.Buffer
		if err := e.SVG(context.Background(), &b, p, 4); err != nil {
			t.Fatal(err)
		}
		outs[i] = b.Bytes()
	}
	if !bytes.Equal(outs[0], outs[1]) {
		t.Fatal("two renders of the same slide differ")
	}
}

func TestImageSizes(t *testing.T) {
	e := newTestEngine(t)
	for _, f := range carousel.Formats {
		for _, kind := range []carousel.ImageFormat{carousel.PNG, carousel.JPEG} {
			t.Run(f.Name+"/"+string(kind), func(t *testing.T) {
				p := sampleProject(t, e)
				p.Settings.Format = f.Name
				var b bytes.Buffer
				if err := e.Image(context.Background(), &b, p, 2, kind); err != nil {
					t.Fatal(err)
				}
				var cfg image.Config
				var err error
				if kind == carousel.PNG {
					cfg, err = png.DecodeConfig(&b)
				} else {
					cfg, err = jpeg.DecodeConfig(&b)
				}
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Width != f.Width || cfg.Height != f.Height {
					t.Fatalf("got %d×%d, want %d×%d", cfg.Width, cfg.Height, f.Width, f.Height)
				}
			})
		}
	}
}

func TestImageErrors(t *testing.T) {
	e := newTestEngine(t)
	p := sampleProject(t, e)
	var b bytes.Buffer
	if err := e.Image(context.Background(), &b, p, 99, carousel.PNG); carousel.ErrorCode(err) != carousel.ENOTFOUND {
		t.Errorf("slide 99: got %v, want not_found", err)
	}
	if err := e.Image(context.Background(), &b, p, 1, "gif"); carousel.ErrorCode(err) != carousel.EUNSUPPORTED {
		t.Errorf("gif: got %v, want unsupported", err)
	}
}

// TestConcurrentOutputs renders PDF, PNG and SVG of one carousel at once;
// run with -race to check that shared fonts and caches are safe.
func TestConcurrentOutputs(t *testing.T) {
	e := newTestEngine(t)
	p := sampleProject(t, e)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 2 {
		wg.Add(3)
		go func() {
			defer wg.Done()
			_, err := e.Export(ctx, carousel.SingleFile(io.Discard), p, carousel.Export{Kind: carousel.ExportPDF})
			errs <- err
		}()
		go func() {
			defer wg.Done()
			errs <- e.Image(ctx, io.Discard, p, 2+i, carousel.PNG)
		}()
		go func() {
			defer wg.Done()
			errs <- e.SVG(ctx, io.Discard, p, 4+i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	// After PDF subsetting, the shared fonts must still rasterise.
	if err := e.Image(ctx, io.Discard, p, 3, carousel.PNG); err != nil {
		t.Fatal(err)
	}
}

func TestZip(t *testing.T) {
	e := newTestEngine(t)
	p := sampleProject(t, e)
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := e.Export(context.Background(), carousel.SingleFile(&b), p, carousel.Export{Kind: carousel.ExportZIP, Image: carousel.JPEG}); err != nil {
		t.Fatal(err)
	}
	zr, err := zipReader(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(l.Slides)+1 {
		t.Fatalf("zip has %d files, want %d slides and alt-text.txt", len(zr.File), len(l.Slides))
	}
	last := zr.File[len(zr.File)-1]
	if last.Name != "alt-text.txt" || zr.File[0].Name != "slide-01.jpg" {
		t.Fatalf("unexpected names %q, %q", zr.File[0].Name, last.Name)
	}
	rc, _ := last.Open()
	alt, _ := io.ReadAll(rc)
	if !strings.Contains(string(alt), "slide-02.jpg: Post by Maya Okafor (@mayabuilds). A good hook makes a specific promise.") {
		t.Errorf("alt text:\n%s", alt)
	}
}

func TestOpaquePNGRoundTrip(t *testing.T) {
	e := newTestEngine(t)
	p := sampleProject(t, e)
	pl, err := e.layoutProject(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	img, err := e.raster(context.Background(), pl, pl.pages[3])
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := encodeOpaquePNG(&b, img); err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	for y := 0; y < img.Bounds().Dy(); y += 7 {
		for x := 0; x < img.Bounds().Dx(); x += 5 {
			r1, g1, b1, _ := img.At(x, y).RGBA()
			r2, g2, b2, a2 := got.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 || a2 != 0xffff {
				t.Fatalf("pixel %d,%d differs", x, y)
			}
		}
	}
}
