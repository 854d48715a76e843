// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// Assembling a 1,000-post thread from source answers, in memory: decode,
// chain, rich text. Target: under 200 ms.

func BenchmarkFxTwitter1000(b *testing.B) {
	body, ids := fxBig(b, 1000, 500)
	for b.Loop() {
		th, _, err := fxParse(ids[999], body)
		if err != nil || len(th.Posts) != 1000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkXAPI1000(b *testing.B) {
	big := newBigThread(1000, 0)
	tweets := big.v2Tweets()
	users := []map[string]any{{"id": idAuthor, "name": "Ada", "username": "ada_builds"}}
	var pages [][]byte
	for i := 0; i < len(tweets); i += 100 {
		pages = append(pages, mustJSON(b, map[string]any{"data": tweets[i:min(i+100, len(tweets))], "includes": map[string]any{"users": users}}))
	}
	for b.Loop() {
		c := newXCollector()
		for _, p := range pages {
			var r xResponse
			if err := decodeJSON("X API", p, &r); err != nil {
				b.Fatal(err)
			}
			c.addIncludes(&r)
			c.addTweets(r.Data)
		}
		chain, _, err := c.pool.chain(context.Background(), big.ids[999], nil)
		if err != nil || len(chain) != 1000 {
			b.Fatalf("%v %d", err, len(chain))
		}
		buildThread("xapi", chain)
	}
}

func BenchmarkArchive1000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("window.YTD.tweets.part0 = [")
	for i := 0; i < 1000; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		reply := ""
		if i > 0 {
			reply = fmt.Sprintf(`,"in_reply_to_status_id_str":"%s","in_reply_to_user_id_str":"%s"`, genID(i-1), idAuthor)
		}
		fmt.Fprintf(&sb, `{"tweet":{"id_str":"%s","created_at":"Tue Mar 04 15:00:05 +0000 2025","full_text":"%d/ 𝗕𝗼𝗹𝗱 claim &amp; a link https://t.co/abcdef @ci_robot","entities":{"urls":[{"url":"https://t.co/abcdef","expanded_url":"https://example.com/a","display_url":"example.com/a","indices":["23","42"]}],"user_mentions":[{"screen_name":"ci_robot","indices":["43","52"]}]}%s}}`, genID(i), i+1, reply)
	}
	sb.WriteString("]")
	data := []byte(sb.String())
	for b.Loop() {
		ar := &archive{path: "bench", files: map[string]string{"tweets.js": "tweets.js"}, media: map[string]string{}}
		if err := ar.parse(context.Background(), bytesOpener(data), Config{}.archiveLimits()); err != nil {
			b.Fatal(err)
		}
		chain, _, err := ar.pool.chain(context.Background(), genID(0), nil)
		if err != nil || len(chain) != 1000 {
			b.Fatalf("%v %d", err, len(chain))
		}
		buildThread("archive", chain)
	}
}
