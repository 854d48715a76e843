// SPDX-License-Identifier: MIT

package render

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

// longPostThread is 25 posts whose 19th flows over several slides: split
// at Instagram's 20, the boundary falls inside that post.
func longPostThread() *carousel.Thread {
	th := &carousel.Thread{Version: 1, Author: carousel.Author{Name: "Maya Okafor", Handle: "mayabuilds"}}
	for i := 1; i <= 25; i++ {
		text := fmt.Sprintf("Post %d: one idea per post keeps a carousel easy to follow.", i)
		if i == 19 {
			var b strings.Builder
			for k := 1; k <= 40; k++ {
				fmt.Fprintf(&b, "Sentence %d of the long post, which goes on well past one slide. ", k)
			}
			text = b.String()
		}
		th.Posts = append(th.Posts, carousel.Post{ID: fmt.Sprint(1000 + i), Blocks: []carousel.Block{
			{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: text}}},
		}})
	}
	return th
}

func longPostProject(t *testing.T, e *Engine) (*carousel.Project, *carousel.Layout) {
	t.Helper()
	p := &carousel.Project{Version: carousel.ProjectVersion, Title: "Long post", Thread: *longPostThread()}
	p.Settings.Format = "instagram-portrait"
	p.Settings.CTA.Variant = 1
	ctx := context.Background()
	if _, err := e.Plan(ctx, p, true); err != nil {
		t.Fatal(err)
	}
	l, err := e.Layout(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Slides) <= 21 || l.Slides[19].Source != l.Slides[20].Source {
		t.Fatalf("the fixture must put one post across slides 20 and 21; %d slides", len(l.Slides))
	}
	return p, l
}

func exportBytes(t *testing.T, e *Engine, p *carousel.Project, x carousel.Export) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := e.Export(context.Background(), carousel.SingleFile(&b), p, x); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pdfPageTexts returns each page's text with white space collapsed.
func pdfPageTexts(t *testing.T, data []byte) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	pages := strings.Split(run(t, "pdftotext", path, "-"), "\f")
	pages = pages[:len(pages)-1] // pdftotext ends every page with a form feed
	for i, pg := range pages {
		pages[i] = strings.Join(strings.Fields(pg), " ")
	}
	return pages
}

// A part of a split carousel holds exactly its rendered slides, drawn as
// in the whole carousel, even when a post flows across the boundary.
func TestExportPartsSplitInsideALongPost(t *testing.T) {
	needPoppler(t)
	e := newTestEngine(t)
	p, l := longPostProject(t, e)
	n := len(l.Slides)
	parts := []carousel.Export{{From: 0, To: 20}, {From: 20}}

	whole := pdfPageTexts(t, exportBytes(t, e, p, carousel.Export{Kind: carousel.ExportPDF}))
	if len(whole) != n {
		t.Fatalf("the whole PDF has %d pages, want %d", len(whole), n)
	}
	var joined []string
	for _, x := range parts {
		x.Kind = carousel.ExportPDF
		got := pdfPageTexts(t, exportBytes(t, e, p, x))
		to := x.To
		if to == 0 {
			to = n
		}
		if len(got) != to-x.From {
			t.Errorf("PDF part [%d, %d) has %d pages", x.From, to, len(got))
		}
		joined = append(joined, got...)
	}
	if strings.Join(joined, "\n") != strings.Join(whole, "\n") {
		t.Errorf("the PDF parts differ from the whole PDF")
		for i := range min(len(joined), len(whole)) {
			if joined[i] != whole[i] {
				t.Fatalf("page %d:\nparts %q\nwhole %q", i+1, joined[i], whole[i])
			}
		}
	}

	wholeZip, err := zipReader(exportBytes(t, e, p, carousel.Export{Kind: carousel.ExportZIP}))
	if err != nil {
		t.Fatal(err)
	}
	wholeFiles := zipFiles(t, wholeZip)
	var altLines []string
	for _, x := range parts {
		x.Kind = carousel.ExportZIP
		zr, err := zipReader(exportBytes(t, e, p, x))
		if err != nil {
			t.Fatal(err)
		}
		files := zipFiles(t, zr)
		to := x.To
		if to == 0 {
			to = n
		}
		if len(files) != to-x.From+1 {
			t.Fatalf("ZIP part [%d, %d) has %d files", x.From, to, len(files))
		}
		for i := x.From; i < to; i++ {
			name := slideFileName(i-x.From+1, to-x.From, carousel.PNG)
			if !bytes.Equal(files[name], wholeFiles[slideFileName(i+1, n, carousel.PNG)]) {
				t.Errorf("%s of part [%d, %d) is not slide %d", name, x.From, to, i+1)
			}
		}
		altLines = append(altLines, strings.Split(strings.TrimSpace(string(files[altTextFile])), "\n")...)
	}
	wholeAlt := strings.Split(strings.TrimSpace(string(wholeFiles[altTextFile])), "\n")
	for i := range wholeAlt {
		_, want, _ := strings.Cut(wholeAlt[i], ": ")
		if i >= len(altLines) {
			t.Fatalf("the parts' alt text stops at line %d", i)
		}
		if _, got, _ := strings.Cut(altLines[i], ": "); got != want {
			t.Errorf("alt text of slide %d: %q, want %q", i+1, got, want)
		}
	}
}

func zipFiles(t *testing.T, zr *zip.Reader) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = data
	}
	return files
}

// recordingTarget keeps an export's files in order.
type recordingTarget struct {
	names []string
	files map[string]*bytes.Buffer
}

func (r *recordingTarget) Create(name string) (io.Writer, error) {
	if r.files == nil {
		r.files = map[string]*bytes.Buffer{}
	}
	r.names = append(r.names, name)
	r.files[name] = new(bytes.Buffer)
	return r.files[name], nil
}

func TestExportImageFiles(t *testing.T) {
	e := newTestEngine(t)
	p, l := longPostProject(t, e)
	var dst recordingTarget
	x := carousel.Export{Kind: carousel.ExportImages, From: 18, To: 22, Image: carousel.JPEG}
	if _, err := e.Export(context.Background(), &dst, p, x); err != nil {
		t.Fatal(err)
	}
	want := []string{"slide-01.jpg", "slide-02.jpg", "slide-03.jpg", "slide-04.jpg", altTextFile}
	if strings.Join(dst.names, " ") != strings.Join(want, " ") {
		t.Fatalf("files %q, want %q", dst.names, want)
	}
	for _, name := range want[:4] {
		if b := dst.files[name].Bytes(); len(b) < 3 || !bytes.Equal(b[:3], []byte{0xff, 0xd8, 0xff}) {
			t.Errorf("%s is not a JPEG", name)
		}
	}
	alt := dst.files[altTextFile].String()
	if !strings.Contains(alt, "slide-03.jpg: "+l.Slides[20].Alt+"\n") {
		t.Errorf("alt-text.txt lacks slide 21's alt text %q:\n%s", l.Slides[20].Alt, alt)
	}
}

func TestExportRejects(t *testing.T) {
	e := newTestEngine(t)
	p, l := longPostProject(t, e)
	n := len(l.Slides)
	for _, tc := range []struct {
		name string
		x    carousel.Export
		code string
	}{
		{"from after to", carousel.Export{Kind: carousel.ExportPDF, From: 5, To: 3}, carousel.EINVALID},
		{"negative from", carousel.Export{Kind: carousel.ExportZIP, From: -1}, carousel.EINVALID},
		{"to past the end", carousel.Export{Kind: carousel.ExportPDF, To: n + 1}, carousel.EINVALID},
		{"unknown kind", carousel.Export{Kind: "gif"}, carousel.EUNSUPPORTED},
		{"unknown image type", carousel.Export{Kind: carousel.ExportZIP, Image: "webp"}, carousel.EUNSUPPORTED},
		{"images into one file", carousel.Export{Kind: carousel.ExportImages}, carousel.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := e.Export(context.Background(), carousel.SingleFile(io.Discard), p, tc.x)
			if carousel.ErrorCode(err) != tc.code {
				t.Errorf("error %v, want code %s", err, tc.code)
			}
		})
	}
}
