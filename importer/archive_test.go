// SPDX-License-Identifier: MIT

package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

func tinyPNG(t testing.TB, w, h int) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// archiveFiles is the fixture archive as X lays it out.
func archiveFiles(t testing.TB) map[string][]byte {
	return map[string][]byte{
		"data/tweets.js":     fixture(t, "archive_data_tweets.js"),
		"data/note-tweet.js": fixture(t, "archive_data_note-tweet.js"),
		"data/account.js":    fixture(t, "archive_data_account.js"),
		"data/tweets_media/" + idT1 + "-GlK2tQxWgAAbC1d.jpg": tinyPNG(t, 16, 9),
		"Your archive.html": []byte("<html></html>"),
	}
}

func writeZip(t testing.TB, files map[string][]byte) string {
	p := filepath.Join(t.TempDir(), "twitter-2025-03-05-abc.zip")
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeDir(t testing.TB, files map[string][]byte) string {
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestArchiveForms(t *testing.T) {
	zipPath := writeZip(t, archiveFiles(t))
	dir := writeDir(t, archiveFiles(t))
	alone := filepath.Join(t.TempDir(), "tweets.js")
	os.WriteFile(alone, fixture(t, "archive_data_tweets.js"), 0o644)
	for _, tc := range []struct {
		name, path string
		full       bool // account.js, note-tweet.js and media present
	}{
		{"zip", zipPath, true},
		{"folder", dir, true},
		{"data folder", filepath.Join(dir, "data"), true},
		{"tweets.js alone", alone, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stored [][]byte
			im, _ := testImporter(t, Config{StoreMedia: func(_ context.Context, data []byte, typ string) (string, error) {
				if typ != "image/png" {
					t.Errorf("media type %q", typ)
				}
				stored = append(stored, data)
				return "asset:abc", nil
			}})
			list, err := im.ListThreads(context.Background(), tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].ID != idT1 || list[0].Posts != 4 || list[0].FirstLine != "How we cut our CI build times by 80% 🚀" || list[0].Created != "2025-03-04T15:00:05Z" {
				t.Fatalf("threads %+v", list)
			}
			th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Archive: tc.path})
			if err != nil {
				t.Fatal(err)
			}
			if want := []string{idT1, idT2, idT3, idT4}; !equalStrings(postIDs(th), want) {
				t.Fatalf("posts %v", postIDs(th))
			}
			if len(warns) != 0 && tc.full || !tc.full && !hasWarning(warns, carousel.WarnTruncated, idT3) {
				t.Errorf("warnings %v", warns)
			}
			if th.Source != "archive" || th.Author.Handle != "ada_builds" {
				t.Errorf("source %q author %+v", th.Source, th.Author)
			}
			if got := th.Posts[3].PlainText(); got != "4/4 That's it! The benchmark that started all this is quoted below 👇" {
				t.Errorf("T4 %q", got)
			}
			if !tc.full {
				if !th.Posts[2].Truncated {
					t.Error("without note-tweet.js T3 is truncated")
				}
				return
			}
			checkFixtureThread(t, th, "archive")
			checkLongPost(t, th.Posts[2], false)
			if q := th.Posts[3].Quote; q == nil || q.ID != idQ || q.Author == nil || q.Author.Handle != "perf_lab" || q.URL != "https://x.com/perf_lab/status/"+idQ {
				t.Errorf("T4 quote %+v", q)
			}
			if th.Author.Name != "Ada Builds 🛠️" {
				t.Errorf("author %+v", th.Author)
			}
			if m := th.Posts[0].Media[0]; m.Src != "asset:abc" || len(stored) != 1 {
				t.Errorf("archive photo not stored: %+v", m)
			}
		})
	}
}

func TestArchiveMediaInCacheDir(t *testing.T) {
	im, _ := testImporter(t, Config{})
	th, _, err := im.Import(context.Background(), carousel.ImportRequest{Archive: writeZip(t, archiveFiles(t)), PostID: "https://x.com/ada_builds/status/" + idT3})
	if err != nil {
		t.Fatal(err)
	}
	src := th.Posts[0].Media[0].Src
	data, err := os.ReadFile(src)
	if err != nil || !filepath.IsAbs(src) || !bytes.Equal(data, tinyPNG(t, 16, 9)) {
		t.Errorf("media src %q: %v", src, err)
	}
	if m := th.Posts[0].Media[0]; m.Width != 1600 || m.Height != 900 { // the archive's size wins
		t.Errorf("size %dx%d", m.Width, m.Height)
	}
}

func TestArchivePickAndPlaceholder(t *testing.T) {
	// A second thread whose head replies to a deleted post of the author.
	extra := `window.YTD.tweets.part1 = [
 {"tweet": {"id_str": "1900000000000000010", "full_text": "Second thread, after a deleted post", "created_at": "Wed Mar 12 10:00:00 +0000 2025",
   "in_reply_to_status_id_str": "1900000000000000001", "in_reply_to_user_id_str": "` + idAuthor + `", "entities": {}}},
 {"tweet": {"id_str": "1900000000000000020", "full_text": "its second post", "created_at": "Wed Mar 12 10:01:00 +0000 2025",
   "in_reply_to_status_id_str": "1900000000000000010", "in_reply_to_user_id_str": "` + idAuthor + `", "entities": {}}}
]`
	files := archiveFiles(t)
	files["data/tweets-part1.js"] = []byte(extra)
	path := writeDir(t, files)
	im, _ := testImporter(t, Config{})
	list, err := im.ListThreads(context.Background(), path)
	if err != nil || len(list) != 2 || list[0].ID != "1900000000000000010" || list[0].Posts != 3 {
		t.Fatalf("threads %+v %v", list, err)
	}
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Archive: path})
	mustCode(t, err, carousel.EINVALID)
	if msg := carousel.ErrorMessage(err); !strings.Contains(msg, "2 threads") || !strings.Contains(msg, idT1) {
		t.Errorf("message %q", msg)
	}
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Archive: path, PostID: "1900000000000000020"})
	if err != nil {
		t.Fatal(err)
	}
	if !equalStrings(postIDs(th), []string{"1900000000000000001", "1900000000000000010", "1900000000000000020"}) ||
		th.Posts[0].Placeholder == "" || !hasWarning(warns, carousel.WarnPlaceholder, "1900000000000000001") {
		t.Errorf("posts %v %+v %v", postIDs(th), th.Posts[0], warns)
	}
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Archive: path, PostID: "123"})
	mustCode(t, err, carousel.ENOTFOUND)
}

func TestArchiveMalformed(t *testing.T) {
	bad := bytes.Replace(fixture(t, "archive_data_tweets.js"), []byte(`"full_text": "@dev_sam`), []byte(`"full_text" "@dev_sam`), 1)
	files := archiveFiles(t)
	files["data/tweets.js"] = bad
	for name, path := range map[string]string{"zip": writeZip(t, files), "folder": writeDir(t, files)} {
		t.Run(name, func(t *testing.T) {
			im, _ := testImporter(t, Config{})
			_, err := im.ListThreads(context.Background(), path)
			mustCode(t, err, carousel.EINVALID)
			if msg := carousel.ErrorMessage(err); !strings.Contains(msg, "data/tweets.js") || !strings.Contains(msg, "line 90") {
				t.Errorf("message %q should name the file and line", msg)
			}
		})
	}
	im, _ := testImporter(t, Config{})
	notArchive := writeZip(t, map[string][]byte{"readme.txt": []byte("hi")})
	_, err := im.ListThreads(context.Background(), notArchive)
	mustCode(t, err, carousel.EINVALID)
	_, err = im.ListThreads(context.Background(), filepath.Join(t.TempDir(), "missing.zip"))
	mustCode(t, err, carousel.ENOTFOUND)
}
