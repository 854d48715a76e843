// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

func TestSafeLink(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://example.com/a?b=1", "https://example.com/a?b=1"},
		{"HTTP://Example.com", "http://Example.com"},
		{"mailto:ada@example.com", "mailto:ada@example.com"},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{" javascript:alert(1)", ""},
		{"java\tscript:alert(1)", ""},
		{"vbscript:x", ""},
		{"data:text/html,<script>alert(1)</script>", ""},
		{"file:///etc/passwd", ""},
		{"/relative", ""},
		{"https:///nohost", ""},
		{"https://user:pw@example.com/", ""},
		{"mailto:", ""},
		{"", ""},
	} {
		if got := safeLink(tc.in); got != tc.want {
			t.Errorf("safeLink(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A javascript: CTA, span link or thread URL never becomes a PDF link.
func TestPDFWritesOnlyWebAndMailLinks(t *testing.T) {
	e := newTestEngine(t)
	p := carousel.SampleProject()
	p.Thread.URL = "javascript:alert('thread')"
	p.Settings.CTA = carousel.CTA{Variant: 3, URL: "javascript:alert('cta')"}
	post := &p.Thread.Posts[0]
	post.Blocks = append(post.Blocks, carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{
		{Text: "evil", Link: "javascript:alert('span')"},
		{Text: " mail", Link: "mailto:ada@example.com"},
		{Text: " data", Link: "data:text/html;base64,PHNjcmlwdD4="},
	}})
	p.Slides = nil
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	_, data := writePDF(t, e, p)
	if bytes.Contains(bytes.ToLower(data), []byte("javascript")) {
		t.Error("the PDF contains javascript")
	}
	uris := map[string]bool{}
	for _, m := range regexp.MustCompile(`/URI\s*\(([^)]*)\)`).FindAllSubmatch(data, -1) {
		u := string(m[1])
		uris[u] = true
		if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "mailto:") {
			t.Errorf("link annotation to %q", u)
		}
	}
	if !uris["mailto:ada@example.com"] {
		t.Errorf("the mailto: link is missing; have %v", uris)
	}
}

// Without Files, no path reference is read: the warning is the same
// whether the file exists or not, and names no host path.
func TestImageLoaderRefusesFilesWithoutPolicy(t *testing.T) {
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.png")
	if err := os.WriteFile(secret, tinyPNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	eng, err := New(Options{LoadImage: (&carousel.ImageLoader{}).Load})
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, ref := range []string{secret, filepath.Join(dir, "missing.png"), dir, "secret.png", "../" + filepath.Base(dir) + "/secret.png", "file://" + secret} {
		li := eng.decode(context.Background(), ref)
		if li.err == nil {
			t.Fatalf("%s was loaded", ref)
		}
		msg := li.err.Error()
		if strings.Contains(msg, dir) || strings.Contains(msg, "no such file") || strings.Contains(msg, "directory") {
			t.Errorf("%s: the message tells about the host: %s", ref, msg)
		}
		msgs = append(msgs, strings.Replace(msg, carousel.ImageRefName(ref), "REF", 1))
	}
	for _, m := range msgs[1:] {
		if m != msgs[0] {
			t.Errorf("messages differ, so they tell whether a path exists:\n%s\n%s", msgs[0], m)
		}
	}
}

// With BaseDir the engine reads files relative to it, as the CLI does.
func TestImageLoaderReadsFilesWithBaseDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.png"), tinyPNG(t), 0o600); err != nil {
		t.Fatal(err)
	}
	eng, err := New(Options{BaseDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if li := eng.decode(context.Background(), "a.png"); li.err != nil {
		t.Fatal(li.err)
	}
	li := eng.decode(context.Background(), "/dev/zero")
	if li.err == nil || !strings.Contains(li.err.Error(), "not a regular file") {
		t.Errorf("/dev/zero: %v", li.err)
	}
}

func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A cancelled context stops planning and layout of a long post within a
// second (uncancelled, each takes several), and nothing half-done is
// cached: the next layout with a live context is complete.
func TestCancelStopsLongLayout(t *testing.T) {
	e := newTestEngine(t)
	for _, tc := range []struct {
		name string
		p    *carousel.Project
	}{
		{"plan paragraphs", proseProject(400_000, true, false)},
		{"layout one paragraph", proseProject(400_000, false, false)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			if tc.name == "layout one paragraph" {
				if _, err := e.Plan(context.Background(), p, true); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() {
				if tc.name == "plan paragraphs" {
					_, err := e.Plan(ctx, p, true)
					done <- err
					return
				}
				_, err := e.Layout(ctx, p)
				done <- err
			}()
			time.Sleep(200 * time.Millisecond)
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("after cancel: %v, want context.Canceled", err)
				}
			case <-time.After(time.Second):
				t.Fatal("still working a second after the context was cancelled")
			}
		})
	}
	// Nothing partial was kept: a small project after a cancelled big one
	// lays out whole, and so does the big one's first slide again.
	p := proseProject(20_000, false, false)
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Layout(ctx, p); !errors.Is(err, context.Canceled) {
		t.Fatalf("layout with a cancelled context: %v", err)
	}
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Slides) < 20 {
		t.Errorf("after a cancelled layout, %d slides for 20,000 characters", len(l.Slides))
	}
}
