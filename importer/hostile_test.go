// SPDX-License-Identifier: MIT

package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

// hostileLimits are the archive limits the corpus runs with, small so that
// small files in the corpus reach them.
var hostileLimits = Config{MaxArchiveEntry: 4 << 20, MaxArchiveTotal: 6 << 20}

const goodTweets = `window.YTD.tweets.part0 = [{"tweet":{"id_str":"2","full_text":"second","created_at":"Tue Mar 04 15:00:05 +0000 2025","in_reply_to_status_id_str":"1","in_reply_to_user_id_str":"9","in_reply_to_screen_name":"me"}},{"tweet":{"id_str":"1","full_text":"first","created_at":"Tue Mar 04 15:00:00 +0000 2025"}}]`

// hostileCorpus makes each file of testdata/hostile: run with -update to
// write them again. Each file's expected outcome is in expect.tsv.
var hostileCorpus = map[string]func(t *testing.T) []byte{
	"traversal-names.zip": func(t *testing.T) []byte {
		return zipOf(t, map[string]string{"../../../../tmp/carousel-evil/data/tweets.js": goodTweets, "/etc/data/account.js": `[]`})
	},
	"lying-size.zip": func(t *testing.T) []byte {
		d := spaces(t, 2, true)
		return rawZip(t, bombEntry{name: "data/tweets.js", data: d, declared: 100})
	},
	"bomb-8mib.zip": func(t *testing.T) []byte {
		return rawZip(t, bombEntry{name: "data/tweets.js", data: spaces(t, 8, true)})
	},
	"bomb-total.zip": func(t *testing.T) []byte {
		return rawZip(t, bombEntry{name: "data/tweets.js", data: spaces(t, 3, true)}, bombEntry{name: "data/tweets-part1.js", data: spaces(t, 3, true)},
			bombEntry{name: "data/tweets-part2.js", data: spaces(t, 3, true)})
	},
	"truncated.zip": func(t *testing.T) []byte {
		b := zipOf(t, map[string]string{"data/tweets.js": goodTweets})
		return b[:len(b)/2]
	},
	"zip-magic-junk.zip": func(t *testing.T) []byte {
		return append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0xff, 0x00, 0x13}, 300)...)
	},
	"many-entries.zip": func(t *testing.T) []byte {
		files := map[string]string{}
		for i := range 1500 {
			files["x/"+strconv.Itoa(i)] = ""
		}
		return zipOf(t, files)
	},
	"tweets-dir-entry.zip": func(t *testing.T) []byte {
		return zipOf(t, map[string]string{"data/tweets.js/": "", "data/tweets.js/x": goodTweets})
	},
	"duplicate-tweets.zip": func(t *testing.T) []byte {
		return zipOf(t, map[string]string{"a/data/tweets.js": goodTweets, "b/data/tweets.js": `window.YTD.tweets.part0 = [`})
	},
	"deep-nesting.js": func(t *testing.T) []byte {
		return []byte("window.YTD.tweets.part0 = [" + strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000) + "]")
	},
	"no-array.js": func(t *testing.T) []byte { return []byte(`window.YTD.tweets.part0 = {"tweet":{}}`) },
	"unterminated.js": func(t *testing.T) []byte {
		return []byte(`window.YTD.tweets.part0 = [{"tweet":{"id_str":"1","full_text":"never ends`)
	},
	"garbage-after-item.js": func(t *testing.T) []byte { return []byte("window.YTD.tweets.part0 = [\n  {\"tweet\":{}}\n  x]") },
	"wrong-type.js": func(t *testing.T) []byte {
		return []byte("window.YTD.tweets.part0 = [\n{\"tweet\":{\"id_str\":\"1\"}},\n{\"tweet\":{\"full_text\":[1,2]}}]")
	},
	"nul-bytes.js":  func(t *testing.T) []byte { return []byte("window.YTD.tweets.part0 = [\x00\x00{\"tweet\":{}}]") },
	"bom-prefix.js": func(t *testing.T) []byte { return []byte("\ufeff" + goodTweets) },
	"reply-cycle.js": func(t *testing.T) []byte {
		return []byte(`window.YTD.tweets.part0 = [{"tweet":{"id_str":"1","full_text":"a","in_reply_to_status_id_str":"2","in_reply_to_user_id_str":"9"}},{"tweet":{"id_str":"2","full_text":"b","in_reply_to_status_id_str":"1","in_reply_to_user_id_str":"9"}},{"tweet":{"id_str":"3","full_text":"c","in_reply_to_status_id_str":"3","in_reply_to_user_id_str":"9"}}]`)
	},
	"absurd-indices.js": func(t *testing.T) []byte {
		return []byte(`window.YTD.tweets.part0 = [{"tweet":{"id_str":"1","full_text":"@x #y https://t.co/z","entities":{"user_mentions":[{"screen_name":"x","indices":["99999999999","-5"]}],"hashtags":[{"text":"y","indices":[3,1]}],"urls":[{"url":"https://t.co/z","expanded_url":"javascript:alert(1)","indices":["0","1e309"]}]}}}]`)
	},
	"huge-prefix.zip": func(t *testing.T) []byte {
		return zipOf(t, map[string]string{"data/tweets.js": strings.Repeat("window.YTD.", 200_000) + "[]"})
	},
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[n]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func rawZip(t *testing.T, entries ...bombEntry) []byte {
	b, err := os.ReadFile(bombZip(t, entries...))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestHostileCorpus reads every file of testdata/hostile as an archive
// with small limits: each gives its expected error (or parses), and none
// panics, hangs or writes a file.
func TestHostileCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "hostile")
	if *update {
		os.MkdirAll(dir, 0o755)
		for name, make := range hostileCorpus {
			if err := os.WriteFile(filepath.Join(dir, name), make(t), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	expect := readExpectations(t, filepath.Join(dir, "expect.tsv"))
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if name == "expect.tsv" {
			continue
		}
		seen[name] = true
		want, ok := expect[name]
		if !ok {
			t.Errorf("%s has no line in expect.tsv", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			// Each file is read where tweets.js would be, so that a
			// tweets.js alone and a zip both go through loadArchive.
			work := t.TempDir()
			p := filepath.Join(work, name)
			if strings.HasSuffix(name, ".js") {
				p = filepath.Join(work, "tweets.js")
			}
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			im := New(hostileLimits)
			threads, err := im.ListThreads(context.Background(), p)
			switch {
			case want == "ok" && err != nil:
				t.Fatalf("want it read, got %v", err)
			case want == "ok":
				for _, th := range threads {
					if _, _, err := im.Import(context.Background(), carousel.ImportRequest{Archive: p, PostID: th.ID}); err != nil {
						t.Errorf("import %s: %v", th.ID, err)
					}
				}
			case err == nil:
				t.Fatalf("read without error, want %q", want)
			case !strings.Contains(err.Error(), want):
				t.Fatalf("error %q, want one saying %q", err, want)
			case carousel.ErrorCode(err) == carousel.EINTERNAL:
				t.Fatalf("an internal error: %v", err)
			}
			after, _ := os.ReadDir(work)
			if len(after) != 1 {
				t.Errorf("reading the archive left files: %v", after)
			}
		})
	}
	for name := range expect {
		if !seen[name] {
			t.Errorf("expect.tsv names %s, which is not in %s", name, dir)
		}
	}
	if _, err := os.Stat("/tmp/carousel-evil"); err == nil {
		t.Error("an entry name escaped into /tmp")
	}
}

func readExpectations(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("%s: %q has no tab", path, line)
		}
		out[name] = want
	}
	return out
}
