// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"testing"
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
		read := func(name string) ([]byte, error) {
			if name == "data/note-tweet.js" {
				return notes, nil
			}
			return data, nil
		}
		if err := ar.parse(context.Background(), read); err != nil {
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
