// SPDX-License-Identifier: MIT

package carousel_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestKindOfImageRef(t *testing.T) {
	for ref, want := range map[string]carousel.ImageRefKind{
		"asset:" + strings.Repeat("a", 64): carousel.ImageAsset,
		"https://pbs.twimg.com/a.jpg":      carousel.ImageWeb,
		"HTTP://example.com/a.png":         carousel.ImageWeb,
		"data:image/png;base64,AAAA":       carousel.ImageData,
		"DATA:,x":                          carousel.ImageData,
		"/etc/passwd":                      carousel.ImageFile,
		"img/a.png":                        carousel.ImageFile,
		"../../a.png":                      carousel.ImageFile,
		"./a.png":                          carousel.ImageFile,
		"file:///etc/passwd":               carousel.ImageFile,
		"File:/etc/passwd":                 carousel.ImageFile,
		`C:\Users\a.png`:                   carousel.ImageFile,
		"a:b.png":                          carousel.ImageFile, // one letter: a drive, not a scheme
		"ftp://example.com/a.png":          carousel.ImageOther,
		"javascript:alert(1)":              carousel.ImageOther,
		"gopher://127.0.0.1:70/":           carousel.ImageOther,
	} {
		if got := carousel.KindOfImageRef(ref); got != want {
			t.Errorf("KindOfImageRef(%q) = %d, want %d", ref, got, want)
		}
	}
}

func TestDecodeDataURL(t *testing.T) {
	raw := []byte("\x89PNG\r\n\x1a\n+/=?")
	b64 := base64.StdEncoding.EncodeToString(raw)
	for _, ref := range []string{
		"data:image/png;base64," + b64,
		"data:image/png;base64," + base64.RawStdEncoding.EncodeToString(raw),
		"data:image/png;base64," + base64.URLEncoding.EncodeToString(raw),
		"data:image/png;base64," + strings.NewReplacer("+", "%2B", "/", "%2F", "=", "%3D").Replace(b64),
		"data:image/png;BASE64," + b64[:8] + "\n" + b64[8:],
		"data:image/png,%89PNG%0D%0A%1A%0A+/=?",
	} {
		got, typ, err := carousel.DecodeDataURL(ref)
		if err != nil || !bytes.Equal(got, raw) || typ != "image/png" {
			t.Errorf("%q: %q %q %v", ref, got, typ, err)
		}
	}
	for _, ref := range []string{"data:image/png;base64", "data:image/png;base64,!!!", "data:,%zz"} {
		if _, _, err := carousel.DecodeDataURL(ref); carousel.ErrorCode(err) != carousel.EINVALID {
			t.Errorf("%q: %v", ref, err)
		}
	}
}

func TestImageLoaderPolicy(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.png"), []byte("png bytes"), 0o644)
	ctx := context.Background()
	files := &carousel.ImageLoader{Files: true, Dir: dir}
	for _, ref := range []string{"a.png", filepath.Join(dir, "a.png"), "file://" + filepath.Join(dir, "a.png")} {
		if b, err := files.Load(ctx, ref); err != nil || string(b) != "png bytes" {
			t.Errorf("CLI policy, %q: %q %v", ref, b, err)
		}
	}
	if _, err := files.Load(ctx, "missing.png"); err == nil || strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), `"missing.png"`) {
		t.Errorf("a missing file: %v", err)
	}
	if _, err := files.Load(ctx, "file://otherhost/etc/passwd"); carousel.ErrorCode(err) != carousel.EINVALID {
		t.Errorf("a file: URL of another host: %v", err)
	}
	server := &carousel.ImageLoader{}
	for _, ref := range []string{"a.png", filepath.Join(dir, "a.png"), "file://" + filepath.Join(dir, "a.png"), "../a.png", filepath.Join(dir, "missing.png")} {
		_, err := server.Load(ctx, ref)
		if carousel.ErrorCode(err) != carousel.EFORBIDDEN || strings.Contains(err.Error(), dir) {
			t.Errorf("server policy, %q: %v", ref, err)
		}
	}
	if _, err := server.Load(ctx, "ftp://x/a.png"); carousel.ErrorCode(err) != carousel.EUNSUPPORTED {
		t.Errorf("ftp: %v", err)
	}
}

func TestThreadSizeLimits(t *testing.T) {
	post := func(id string, n int) carousel.Post {
		return carousel.Post{ID: id, Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: strings.Repeat("é", n)}}}}}
	}
	th := carousel.Thread{Version: carousel.ThreadVersion, Posts: []carousel.Post{post("1", carousel.MaxPostChars)}}
	if err := th.Validate("thread"); err != nil {
		t.Errorf("a post at the limit: %v", err)
	}
	th.Posts[0] = post("1", carousel.MaxPostChars+1)
	if err := th.Validate("thread"); carousel.ErrorCode(err) != carousel.ETOOLARGE || !strings.Contains(err.Error(), "thread.posts[0]") {
		t.Errorf("a post over the limit: %v", err)
	}
	th.Posts = nil
	for i := 0; i <= carousel.MaxThreadChars/carousel.MaxPostChars; i++ {
		th.Posts = append(th.Posts, post(string(rune('a'+i)), carousel.MaxPostChars))
	}
	if err := th.Validate("thread"); carousel.ErrorCode(err) != carousel.ETOOLARGE {
		t.Errorf("a thread over the limit: %v", err)
	}
	if err := carousel.CheckPasteSize(strings.Repeat("a", 10<<20)); carousel.ErrorCode(err) != carousel.ETOOLARGE {
		t.Errorf("a 10 MB paste: %v", err)
	}
	if err := carousel.CheckPasteSize(strings.Repeat("é", carousel.MaxThreadChars)); err != nil {
		t.Errorf("a paste at the limit in two-byte characters: %v", err)
	}
}
