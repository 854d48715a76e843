// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/store"
)

// redPNG is large enough to fill a slide's picture without being shown
// past twice its size (which the render warns about).
func redPNG(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 640, 640))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+3] = 255, 255
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// writeThread writes a thread file whose first post shows the image ref.
func writeThread(t *testing.T, dir, ref string) string {
	th := carousel.Thread{Version: carousel.ThreadVersion, Author: carousel.Author{Name: "Ada", Handle: "ada"}, Posts: []carousel.Post{
		{ID: "1", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "A picture follows."}}}}},
		{ID: "2", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Here it is."}}}}, Media: []carousel.Media{{Type: carousel.MediaPhoto, Src: ref}}},
	}}
	b, err := carousel.MarshalJSON(&th)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "thread.json")
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// The command line reads local images relative to the input file, and
// data: URLs in both encodings, through the same loader as the server;
// only the server refuses files.
func TestRenderLoadsLocalAndDataImages(t *testing.T) {
	red := redPNG(t)
	for name, ref := range map[string]string{
		"relative":        "img/red.png",
		"file URL":        "", // set below, absolute
		"base64 data":     "data:image/png;base64," + base64.StdEncoding.EncodeToString(red),
		"percent data":    "data:image/png," + percentAll(red),
		"percent base64":  "data:image/png;base64," + strings.ReplaceAll(base64.StdEncoding.EncodeToString(red), "+", "%2B"),
		"unpadded base64": "data:image/png;base64," + base64.RawStdEncoding.EncodeToString(red),
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			os.MkdirAll(filepath.Join(dir, "img"), 0o755)
			if err := os.WriteFile(filepath.Join(dir, "img", "red.png"), red, 0o644); err != nil {
				t.Fatal(err)
			}
			if ref == "" {
				ref = "file://" + filepath.Join(dir, "img", "red.png")
			}
			in := writeThread(t, dir, ref)
			out := filepath.Join(dir, "slide.png")
			code, _, stderr := carouselCmd(t, "render", in, "-o", out, "--slide", "2")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.Contains(stderr, "image") {
				t.Errorf("a warning about the image: %s", stderr)
			}
			if !hasRed(t, out) {
				t.Error("the slide does not show the red image")
			}
		})
	}
	// A missing file is named by its base name only, never its full path.
	dir := t.TempDir()
	in := writeThread(t, dir, filepath.Join(dir, "secret", "gone.png"))
	code, _, stderr := carouselCmd(t, "render", in, "-o", filepath.Join(dir, "s.png"), "--slide", "2")
	if code != 0 || !strings.Contains(stderr, `"gone.png"`) || strings.Contains(stderr, filepath.Join(dir, "secret")) {
		t.Errorf("exit %d; the warning should name gone.png without its folder: %s", code, stderr)
	}
}

func percentAll(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		s.WriteString("%")
		s.WriteString(strings.ToUpper(string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15])))
	}
	return s.String()
}

func hasRed(t *testing.T, path string) bool {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if c.R > 240 && c.G < 20 && c.B < 20 {
				n++
			}
		}
	}
	return n > 100
}

// A thread or project file with a UTF-8 byte-order mark is read.
func TestRenderAcceptsBOM(t *testing.T) {
	dir := t.TempDir()
	in := writeThread(t, dir, "data:image/png;base64,"+base64.StdEncoding.EncodeToString(redPNG(t)))
	b, _ := os.ReadFile(in)
	os.WriteFile(in, append([]byte("\ufeff"), b...), 0o644)
	code, _, stderr := carouselCmd(t, "render", in, "-o", filepath.Join(dir, "out.pdf"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
}

// immutable makes dir unwritable even for root (chattr +i), or skips.
func immutable(t *testing.T, dir string) {
	if err := exec.Command("chattr", "+i", dir).Run(); err != nil {
		t.Skipf("chattr +i is not available here: %v", err)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", dir).Run() })
}

// A read-only data directory is named with the reason; commands that do
// not need the database still run.
func TestReadOnlyDataDirectory(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(context.Background(), filepath.Join(dir, "carousel.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	immutable(t, dir)
	out := filepath.Join(t.TempDir(), "sample.pdf")
	var so, se bytes.Buffer
	code := run(context.Background(), []string{"render", "sample", "-o", out, "--data", dir}, &so, &se)
	if code != 0 {
		t.Fatalf("render sample with a read-only data directory: exit %d: %s", code, se.String())
	}
	if !strings.Contains(se.String(), dir) || !strings.Contains(se.String(), "cannot be written") {
		t.Errorf("the warning does not name the directory and why: %s", se.String())
	}
	se.Reset()
	code = run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, &so, &se)
	if code != 1 || !strings.Contains(se.String(), "data directory "+dir+" cannot be written (permission denied)") {
		t.Errorf("serve with a read-only data directory: exit %d: %s", code, se.String())
	}
	se.Reset()
	code = run(context.Background(), []string{"render", "sample", "-o", out, "--data", dir, "--preset", "Weekly"}, &so, &se)
	if code != 1 || !strings.Contains(se.String(), dir) {
		t.Errorf("a preset needs the database: exit %d: %s", code, se.String())
	}
}

// serve tells an address other machines reach from a loopback one, and
// answers the host of --public-url.
func TestServeExposureAndPublicURL(t *testing.T) {
	s := startServer(t, "--public-url", "https://carousel.example.com")
	req, _ := http.NewRequest("GET", s.base+"/api/csrf", nil)
	req.Host = "carousel.example.com"
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("the public URL's host: %d", res.StatusCode)
	}
	req, _ = http.NewRequest("GET", s.base+"/api/csrf", nil)
	req.Host = "rebound.example"
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("a foreign host: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		host string
		warn bool
	}{{"127.0.0.1", false}, {"localhost", false}, {"::1", false}, {"0.0.0.0", true}, {"::", true}, {"192.168.1.5", true}} {
		if exposed(tc.host) != tc.warn {
			t.Errorf("exposed(%q) = %v", tc.host, !tc.warn)
		}
	}
	// Without sign-in, serving where other machines reach it is refused,
	// and the refusal names the risk (TestServeRefusesAnExposedAddressWithoutSignIn).
	var so, se syncBuffer
	if code := run(context.Background(), []string{"serve", "--addr", "0.0.0.0:0", "--data", t.TempDir()}, &so, &se); code != 1 {
		t.Errorf("serve on every interface without sign-in: exit %d", code)
	}
	if msg := se.String(); !strings.Contains(msg, "other machines could read, change and delete every project") {
		t.Errorf("the refusal does not name the risk: %s", msg)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
