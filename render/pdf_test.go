// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/carouselstudio/carousel"
)

var popplerOnce sync.Once

// needPoppler installs poppler-utils when missing, or skips if apt cannot.
func needPoppler(t *testing.T) {
	t.Helper()
	popplerOnce.Do(func() {
		if _, err := exec.LookPath("pdfinfo"); err != nil {
			_ = exec.Command("apt-get", "install", "-y", "-q", "poppler-utils").Run()
		}
	})
	if _, err := exec.LookPath("pdfinfo"); err != nil {
		t.Skip("poppler-utils is missing and apt-get could not install it")
	}
}

func writePDF(t *testing.T, e *Engine, p *carousel.Project) (string, []byte) {
	t.Helper()
	var b bytes.Buffer
	if _, err := e.Export(context.Background(), carousel.SingleFile(&b), p, carousel.Export{Kind: carousel.ExportPDF}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, b.Bytes()
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", name, err, out)
	}
	return string(out)
}

func TestPDF(t *testing.T) {
	needPoppler(t)
	e := newTestEngine(t)
	p := sampleProject(t, e)
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	path, data := writePDF(t, e, p)

	info := run(t, "pdfinfo", path)
	if !regexp.MustCompile(`(?m)^Pages:\s+` + itoa(len(l.Slides)) + `$`).MatchString(info) {
		t.Errorf("pdfinfo: want %d pages:\n%s", len(l.Slides), info)
	}
	if !strings.Contains(info, "810 x 1012.5 pts") {
		t.Errorf("pdfinfo: want 810 x 1012.5 pts (1080×1350 px):\n%s", info)
	}
	if !regexp.MustCompile(`(?m)^Title:\s+Carousel sample$`).MatchString(info) || !regexp.MustCompile(`(?m)^Author:\s+Maya Okafor$`).MatchString(info) {
		t.Errorf("pdfinfo: missing title or author:\n%s", info)
	}

	fonts := run(t, "pdffonts", path)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
	if len(lines) < 4 {
		t.Fatalf("pdffonts: want several fonts:\n%s", fonts)
	}
	for _, want := range []string{"Inter-Regular", "Inter-Bold", "NotoSansArabic", "NotoSansHebrew", "NotoSansDevanagari"} {
		if !strings.Contains(fonts, want) {
			t.Errorf("pdffonts: %s missing:\n%s", want, fonts)
		}
	}
	for _, ln := range lines {
		f := strings.Fields(ln)
		// emb sub uni are the three yes/no columns before the object number
		if n := len(f); n < 5 || f[n-5] != "yes" || f[n-4] != "yes" || f[n-3] != "yes" {
			t.Errorf("pdffonts: font not embedded as a subset with unicode: %s", ln)
		}
	}

	uris := map[string]bool{}
	for _, m := range regexp.MustCompile(`/URI\s*\(([^)]*)\)`).FindAllSubmatch(data, -1) {
		uris[string(m[1])] = true
	}
	for _, want := range []string{"https://x.com/lindawrites", "https://example.com/hooks", "https://x.com/hashtag/writing", "https://x.com/carouselstudio", "https://x.com/search?q=%24GOOG", "https://x.com/mayabuilds/status/1001"} {
		if !uris[want] {
			t.Errorf("no link annotation to %s; have %v", want, uris)
		}
	}

	// The text layer holds the posts in reading order. Emoji are drawings
	// and complex scripts extract as presentation forms, so the check uses
	// the Latin posts.
	text := run(t, "pdftotext", "-layout", "-nopgbrk", path, "-")
	var kept []string
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimSpace(ln)
		if regexp.MustCompile(`^(Maya Okafor)?\s*(@mayabuilds)?$`).MatchString(ln) || regexp.MustCompile(`^(Swipe →\s*)?\d+/\d+$`).MatchString(ln) || ln == "Swipe →" {
			continue
		}
		kept = append(kept, ln)
	}
	doc := normalise(strings.Join(kept, " "))
	th := carousel.SampleThread()
	at := 0
	for _, id := range []string{"1002", "1003", "1006", "1008"} {
		want := normalise(th.PostByID(id).PlainText())
		i := strings.Index(doc[at:], want)
		if i < 0 {
			t.Errorf("post %s not found in order in the PDF text:\nwant %q\nin   %q", id, want, doc[at:])
			continue
		}
		at += i + len(want)
	}
}

// normalise drops whitespace and list markers so that line breaks and
// layout columns do not matter.
func normalise(s string) string {
	s = regexp.MustCompile(`(?m)(^|\s)(•|\d+\.)\s`).ReplaceAllString(" "+s, " ")
	return strings.Join(strings.Fields(s), "")
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestPDFPageSizePerFormat(t *testing.T) {
	needPoppler(t)
	e := newTestEngine(t)
	want := map[string]string{"linkedin-square": "810 x 810 pts", "linkedin-landscape": "1440 x 810 pts", "story": "810 x 1440 pts"}
	for name, size := range want {
		p := sampleProject(t, e)
		p.Settings.Format = name
		path, _ := writePDF(t, e, p)
		if info := run(t, "pdfinfo", path); !strings.Contains(info, size) {
			t.Errorf("%s: want %s:\n%s", name, size, info)
		}
	}
}
