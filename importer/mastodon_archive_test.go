// SPDX-License-Identifier: MIT

package importer

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

// mastoArchiveFiles is a Mastodon export: outbox.json, actor.json, the
// avatar and one post's image (the video and a second image are missing,
// as when a file could not be written to the archive).
func mastoArchiveFiles(t testing.TB) map[string][]byte {
	return map[string][]byte{
		"outbox.json":    fixture(t, "mastodon_archive_outbox.json"),
		"actor.json":     fixture(t, "mastodon_archive_actor.json"),
		"avatar.png":     tinyPNG(t, 40, 40),
		"likes.json":     []byte(`{"@context":"https://www.w3.org/ns/activitystreams","id":"likes.json","type":"OrderedCollection","orderedItems":[]}`),
		"bookmarks.json": []byte(`{"@context":"https://www.w3.org/ns/activitystreams","id":"bookmarks.json","type":"OrderedCollection","orderedItems":[]}`),
		"media_attachments/files/114/102/331/875/500/001/original/chart.png": tinyPNG(t, 16, 9),
	}
}

// writeTarGz writes files as Mastodon's exports before 4.1 did: media
// first, then outbox.json, likes, bookmarks and actor.json.
func writeTarGz(t testing.TB, files map[string][]byte) string {
	p := filepath.Join(t.TempDir(), "archive-20250306080000-0123456789abcdef0123456789abcdef.tar.gz")
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Slice(names, func(i, j int) bool {
		mi, mj := strings.HasPrefix(names[i], "media_attachments/"), strings.HasPrefix(names[j], "media_attachments/")
		if mi != mj {
			return mi
		}
		return names[i] > names[j] // outbox.json before actor.json
	})
	for _, name := range names {
		if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o444, Size: int64(len(files[name])), Typeflag: tar.TypeReg}); err != nil {
			t.Fatal(err)
		}
		tw.Write(files[name])
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	gz.Close()
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// assetStore keeps images as StoreMedia would, counting them.
type assetStore struct {
	mu   sync.Mutex
	refs map[string]int
}

func (s *assetStore) put(_ context.Context, data []byte, mediaType string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.refs == nil {
		s.refs = map[string]int{}
	}
	ref := "asset:" + mediaType + ":" + string(rune('a'+len(s.refs)))
	for r, n := range s.refs {
		if n == len(data) {
			return r, nil
		}
	}
	s.refs[ref] = len(data)
	return ref, nil
}

func TestMastodonArchiveForms(t *testing.T) {
	files := mastoArchiveFiles(t)
	dir := writeDir(t, files)
	nested := writeDir(t, map[string][]byte{})
	os.Rename(dir, filepath.Join(nested, "archive-20250306"))
	for _, tc := range []struct {
		name, path, kind string
		avatar           bool
	}{
		{"zip", writeZip(t, files), mastoZip, true},
		{"tar.gz", writeTarGz(t, files), mastoTarGz, true},
		{"folder", filepath.Join(nested, "archive-20250306"), mastoFolder, true},
		{"folder holding the folder", nested, mastoFolder, true},
		{"outbox.json with its files", filepath.Join(nested, "archive-20250306", "outbox.json"), mastoOutbox, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := mastodonArchiveKind(tc.path); got != tc.kind {
				t.Fatalf("kind %q, want %q", got, tc.kind)
			}
			store := &assetStore{}
			im, _ := testImporter(t, Config{StoreMedia: store.put})
			list, err := im.ListThreads(context.Background(), tc.path)
			if err != nil {
				t.Fatal(err)
			}
			want := []carousel.ThreadSummary{
				{ID: "114102331875500023", FirstLine: "Part three, after a deleted post.", Posts: 3, Created: "2025-03-06T08:02:00Z"},
				{ID: "114102331875500001", FirstLine: "How we cut CI by 80% 🚀 #DevOps", Posts: 4, Created: "2025-03-04T09:00:00Z"},
			}
			if string(mustJSON(t, list)) != string(mustJSON(t, want)) {
				t.Fatalf("threads %s, want %s", mustJSON(t, list), mustJSON(t, want))
			}
			_, _, err = im.Import(context.Background(), carousel.ImportRequest{Archive: tc.path})
			mustCode(t, err, carousel.EINVALID)
			if !strings.Contains(carousel.ErrorMessage(err), "has 2 threads") {
				t.Errorf("message %q", carousel.ErrorMessage(err))
			}
			th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Archive: tc.path, PostID: "https://mastodon.example/@ada/114102331875500001"})
			if err != nil {
				t.Fatal(err)
			}
			checkMastoArchiveThread(t, th, warns, tc.avatar)
		})
	}
}

func checkMastoArchiveThread(t *testing.T, th *carousel.Thread, warns []carousel.Warning, avatar bool) {
	t.Helper()
	want := []string{"114102331875500001", "114102331875500002", "114102331875500003", "114102331875500004"}
	if !equalStrings(postIDs(th), want) {
		t.Fatalf("posts %v, want %v", postIDs(th), want)
	}
	if th.Source != "mastodon-archive" || th.URL != "https://mastodon.example/@ada/114102331875500001" || th.Author.Name != "Ada Builds" || th.Author.Handle != "ada@mastodon.example" {
		t.Errorf("thread %q %q %+v", th.Source, th.URL, th.Author)
	}
	if avatar && !strings.HasPrefix(th.Author.Avatar, "asset:image/png:") {
		t.Errorf("avatar %q", th.Author.Avatar)
	}
	p1 := th.Posts[0]
	if p1.PlainText() != "CW: CI talk\n\nHow we cut CI by 80% 🚀 #DevOps" || p1.Created != "2025-03-04T09:00:00Z" {
		t.Errorf("post 1 %q %q", p1.PlainText(), p1.Created)
	}
	if len(p1.Media) != 1 || !strings.HasPrefix(p1.Media[0].Src, "asset:image/png:") || p1.Media[0].Alt != "Bar chart: build time from 41 to 8 minutes" ||
		p1.Media[0].Width != 1600 || p1.Media[0].Focus == nil || p1.Media[0].Focus.X != 0.5 || p1.Media[0].Focus.Y != 0 {
		t.Errorf("post 1 media %+v", p1.Media)
	}
	if got := th.Posts[1].PlainText(); got != "2/ Caching.\nIt matters." {
		t.Errorf("post 2 %q", got)
	}
	if len(th.Posts[2].Media) != 0 || !hasWarning(warns, carousel.WarnImage, "114102331875500003") {
		t.Errorf("post 3: the video and the missing image are left out, with warnings: %+v %v", th.Posts[2].Media, warns)
	}
	p4 := th.Posts[3]
	if len(p4.Blocks) != 3 || p4.Blocks[1].Type != carousel.Bullet || p4.Blocks[2].Spans[0].Text != "Shard first" {
		t.Errorf("poll %+v", p4.Blocks)
	}
	// contentMap's key is the post's language.
	for _, p := range th.Posts {
		if p.Lang != "en" {
			t.Errorf("post %s: language %q, want en", p.ID, p.Lang)
		}
	}
}

func TestMastodonArchiveDeletedPost(t *testing.T) {
	store := &assetStore{}
	im, _ := testImporter(t, Config{StoreMedia: store.put})
	path := writeZip(t, mastoArchiveFiles(t))
	th, warns, err := im.Import(context.Background(), carousel.ImportRequest{Archive: path, PostID: "114102331875500024"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"114102331875500022", "114102331875500023", "114102331875500024"}; !equalStrings(postIDs(th), want) {
		t.Fatalf("posts %v, want %v", postIDs(th), want)
	}
	ph := th.Posts[0]
	if ph.Placeholder != "This post was deleted or is not in the archive." || ph.URL != "https://mastodon.example/statuses/114102331875500022" || ph.Created != "" {
		t.Errorf("placeholder %+v", ph)
	}
	if !hasWarning(warns, carousel.WarnPlaceholder, "114102331875500022") {
		t.Errorf("warnings %v", warns)
	}
	if q := th.Posts[2].Quote; q == nil || !strings.Contains(q.Placeholder, "https://other.example/users/bob/statuses/44") {
		t.Errorf("quote %+v", q)
	}
	_, _, err = im.Import(context.Background(), carousel.ImportRequest{Archive: path, PostID: "999"})
	mustCode(t, err, carousel.ENOTFOUND)
}

func TestMastodonArchiveMalformed(t *testing.T) {
	good := fixture(t, "mastodon_archive_outbox.json")
	cut := good[:len(good)*2/3]
	for _, tc := range []struct {
		name, outbox, want string
	}{
		{"cut short", string(cut), "is malformed at byte"},
		{"bad item", `{"type":"OrderedCollection","orderedItems":[{"type":"Create","object":{}}, {"type":"Create",,"object":{}}]}`, "(item 2 of orderedItems)"},
		{"no items", `{"type":"OrderedCollection","totalItems":0}`, "has no orderedItems"},
		{"not a list", `{"type":"OrderedCollection","orderedItems":{}}`, "orderedItems is not a list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := mastoArchiveFiles(t)
			files["outbox.json"] = []byte(tc.outbox)
			im, _ := testImporter(t, Config{})
			_, err := im.ListThreads(context.Background(), writeZip(t, files))
			mustCode(t, err, carousel.EINVALID)
			if msg := carousel.ErrorMessage(err); !strings.Contains(msg, tc.want) || !strings.Contains(msg, "outbox.json") {
				t.Errorf("message %q, want it to name outbox.json and say %q", msg, tc.want)
			}
		})
	}
}

// A tar.gz that inflates past the limit is refused, not read to its end.
func TestMastodonArchiveInflationLimit(t *testing.T) {
	files := mastoArchiveFiles(t)
	files["media_attachments/files/000/000/000/original/zeros.bin"] = make([]byte, 4<<20)
	path := writeTarGz(t, files)
	old := maxMastoTarTotal
	maxMastoTarTotal = 1 << 20
	defer func() { maxMastoTarTotal = old }()
	im, _ := testImporter(t, Config{})
	_, err := im.ListThreads(context.Background(), path)
	mustCode(t, err, carousel.ETOOLARGE)
}

func TestMastodonArchiveKind(t *testing.T) {
	dir := t.TempDir()
	xZip := writeZip(t, archiveFiles(t))
	plain := filepath.Join(dir, "thread.json")
	os.WriteFile(plain, []byte(`{"version":1,"posts":[]}`), 0o644)
	for path, want := range map[string]string{xZip: "", plain: "", filepath.Join(dir, "missing"): "", dir: ""} {
		if got := mastodonArchiveKind(path); got != want {
			t.Errorf("mastodonArchiveKind(%s) = %q, want %q", filepath.Base(path), got, want)
		}
	}
}
