// SPDX-License-Identifier: MIT

package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

// The fuzz tests feed arbitrary bytes to each parser: none may panic.

func FuzzArchive(f *testing.F) {
	f.Add(fixture(f, "archive_data_tweets.js"))
	f.Add(fixture(f, "archive_data_note-tweet.js"))
	f.Add([]byte(`window.YTD.tweets.part0 = [{"tweet":{"id_str":"2","full_text":"a &amp; b @x","in_reply_to_status_id_str":"1","in_reply_to_user_id_str":"9","entities":{"user_mentions":[{"screen_name":"x","indices":["9","-3"]}]}}},{"tweet":{"id_str":"1","full_text":"x"}}]`))
	f.Add([]byte(`[{"tweet":{"id_str":"3","in_reply_to_status_id_str":"3","in_reply_to_user_id_str":"me"}}]`))
	f.Add([]byte(`window.YTD = [`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ar := &archive{path: "fuzz.zip", files: map[string]string{"tweets.js": "data/tweets.js", "note-tweet.js": "data/note-tweet.js"}, media: map[string]string{}}
		notes := fixture(t, "archive_data_note-tweet.js")
		open := func(name string) (io.ReadCloser, error) {
			if name == "data/note-tweet.js" {
				return io.NopCloser(bytes.NewReader(notes)), nil
			}
			return io.NopCloser(bytes.NewReader(data)), nil
		}
		// Small limits, so that the fuzzer reaches them.
		if err := ar.parse(context.Background(), open, archiveLimits{entry: 64 << 10, total: 1 << 20}); err != nil {
			return
		}
		for _, id := range ar.heads {
			chain, _, err := ar.pool.chain(context.Background(), id, nil)
			if err == nil {
				buildThread("archive", chain)
			}
		}
	})
}

func FuzzXAPI(f *testing.F) {
	f.Add(fixture(f, "xapi_v2_tweet_lookup_root.json"))
	f.Add(fixture(f, "xapi_v2_search_recent_page1.json"))
	f.Add(fixture(f, "xapi_v2_search_recent_page2.json"))
	f.Add(fixture(f, "xapi_v2_lookup_not_found.json"))
	f.Add([]byte(`{"data":[{"id":"5","text":"🚀🚀 x","author_id":"1","entities":{"urls":[{"start":3,"end":1,"url":"u"}]},"referenced_tweets":[{"type":"replied_to","id":"5"},{"type":"quoted","id":"7"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r xResponse
		if json.Unmarshal(data, &r) != nil {
			return
		}
		c := newXCollector()
		c.addIncludes(&r)
		if c.addTweets(r.Data) != nil {
			return
		}
		for id := range c.pool.posts {
			chain, _, err := c.pool.chain(context.Background(), id, nil)
			if err == nil {
				buildThread("xapi", chain)
			}
			break
		}
	})
}

func FuzzFxTwitter(f *testing.F) {
	f.Add(fixture(f, "fxtwitter_v2_thread.json"))
	f.Add(fixture(f, "fxtwitter_v2_not_found.json"))
	f.Add(fixture(f, "fxtwitter_v1_status.json"))
	f.Add([]byte(`{"code":200,"status":{"id":"1","author":{"id":"a"},"raw_text":{"text":"𝗯 x","facets":[{"type":"bold","indices":[5,2]},{"type":"url","indices":["0","99"],"original":"x"}]}},"thread":[{"type":"tombstone","id":"0"},{"id":"1"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fxParse("1", data)
	})
}

func FuzzSyndication(f *testing.F) {
	f.Add(fixture(f, "syndication_tweet_result_root.json"))
	f.Add(fixture(f, "syndication_tweet_result_last.json"))
	f.Add(fixture(f, "syndication_tweet_result_tombstone.json"))
	f.Add(fixture(f, "syndication_tweet_result_not_found_200.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tw, err := synParse("1", 200, data)
		if err != nil {
			return
		}
		rp := tw.raw()
		rp.toPost(rp.AuthorID)
		if tw.Parent != nil {
			tw.Parent.raw().toPost(rp.AuthorID)
		}
	})
}

// FuzzArchiveZip feeds arbitrary bytes to the archive reader as a zip
// file, with small size limits, seeded with a real archive and the
// hostile corpus: it may refuse, never panic or read past its limits.
func FuzzArchiveZip(f *testing.F) {
	var good bytes.Buffer
	zw := zip.NewWriter(&good)
	for name, fixtureName := range map[string]string{"data/tweets.js": "archive_data_tweets.js", "data/note-tweet.js": "archive_data_note-tweet.js", "data/account.js": "archive_data_account.js"} {
		w, _ := zw.Create(name)
		w.Write(fixture(f, fixtureName))
	}
	zw.Close()
	f.Add(good.Bytes())
	corpus, _ := filepath.Glob(filepath.Join("testdata", "hostile", "*.zip"))
	for _, p := range corpus {
		if b, err := os.ReadFile(p); err == nil && len(b) < 64<<10 {
			f.Add(b)
		}
	}
	lim := archiveLimits{entry: 256 << 10, total: 512 << 10}
	f.Fuzz(func(t *testing.T, data []byte) {
		ar := &archive{path: "fuzz.zip", files: map[string]string{}, media: map[string]string{}, isZip: true}
		var read int64
		err := ar.loadZip(context.Background(), countingReaderAt{bytes.NewReader(data), &read}, int64(len(data)), lim)
		if err != nil {
			if code := carousel.ErrorCode(err); code == carousel.EINTERNAL && !errors.Is(err, context.Canceled) {
				t.Fatalf("not a user error: %v", err)
			}
			return
		}
		for _, id := range ar.heads {
			if chain, _, err := ar.pool.chain(context.Background(), id, nil); err == nil {
				buildThread("archive", chain)
			}
		}
	})
}

// countingReaderAt counts the bytes read from the zip file itself.
type countingReaderAt struct {
	r *bytes.Reader
	n *int64
}

func (c countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	*c.n += int64(n)
	return n, err
}
