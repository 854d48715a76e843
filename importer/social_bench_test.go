// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// A 1,000-post Bluesky thread as one getPostThread answer from its last
// post: decode, facets, chain.
func BenchmarkBluesky1000(b *testing.B) {
	av := newFakeAppView(b, 1000, 1000)
	rkeys := longBluesky(av, 1000, 0)
	body := mustJSON(b, map[string]any{"thread": av.node("at://"+didAda+"/app.bsky.feed.post/"+rkeys[999], 0, 1000, true)})
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		top, err := bskyParse(body)
		if err != nil {
			b.Fatal(err)
		}
		w := &bskyWalk{pool: newPool(), loaded: map[string]bool{}, replies: map[string]int{}, root: map[string]string{}, asked: map[string]bool{}, author: didAda}
		w.pool.scoped = true
		w.add(top)
		chain, _, err := w.pool.chain(context.Background(), rkeys[999], nil)
		if err != nil || len(chain) != 1000 {
			b.Fatalf("%v %d", err, len(chain))
		}
		buildThread(platformBluesky, chain)
	}
}

// The whole 300-post import of the replay test, through the fake AppView
// on loopback: handle, the walk past its caps, the deleted post.
func BenchmarkBlueskyReplay300(b *testing.B) {
	av := newFakeAppView(b, 20, 80)
	rkeys := longBluesky(av, 300, 150)
	im, _ := testImporter(b, Config{BlueskyBase: av.srv.URL})
	src := "https://bsky.app/profile/ada.bsky.social/post/" + rkeys[299]
	for b.Loop() {
		th, _, err := im.Import(context.Background(), carousel.ImportRequest{Source: src})
		if err != nil || len(th.Posts) != 300 {
			b.Fatal(err)
		}
	}
}

// A 1,000-post Mastodon thread as context answers: decode, HTML, chain.
func BenchmarkMastodon1000(b *testing.B) {
	fm := newFakeMastodon(b)
	ids := fm.thread(1000)
	var statuses []map[string]any
	for _, id := range ids {
		st := fm.statuses[id]
		st["content"] = `<p>` + fmt.Sprint(id) + ` How we cut CI by 80% with <span class="h-card"><a href="https://m.example/@bob" class="u-url mention">@<span>bob</span></a></span>: <a href="https://example.com/blog/edge-cache/part-one"><span class="invisible">https://</span><span class="ellipsis">example.com/blog/edge-cach</span><span class="invisible">e/part-one</span></a> <a href="https://m.example/tags/DevOps" class="mention hashtag">#<span>DevOps</span></a></p><p>Second paragraph &amp; more.</p>`
		statuses = append(statuses, st)
	}
	body := mustJSON(b, map[string]any{"ancestors": statuses[:999], "descendants": []any{}})
	ms := (&Importer{}).mastoServer("https://m.example")
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		var c mastoContext
		if err := json.Unmarshal(body, &c); err != nil {
			b.Fatal(err)
		}
		pl := newPool()
		for i := range c.Ancestors {
			pl.add(ms.raw(&c.Ancestors[i]))
		}
		chain, _, err := pl.chain(context.Background(), ids[998], nil)
		if err != nil || len(chain) != 999 {
			b.Fatalf("%v %d", err, len(chain))
		}
		buildThread(platformMastodon, chain)
	}
}

// A 10,000-status outbox.json holding a 1,000-post thread: stream, list
// the threads, assemble the long one.
func BenchmarkMastodonOutbox10000(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","totalItems":10000,"orderedItems":[`)
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	const act = "https://m.example/users/ada"
	for i := 0; i < 10000; i++ {
		if i > 0 {
			sb.WriteString(",")
		}
		id := mastoID(base.Add(time.Duration(i)*time.Minute), i)
		reply := "null"
		if i > 9000 { // the last 1,000 posts are one thread
			reply = fmt.Sprintf("%q", act+"/statuses/"+mastoID(base.Add(time.Duration(i-1)*time.Minute), i-1))
		}
		fmt.Fprintf(&sb, `{"id":"%[1]s/statuses/%[2]s/activity","type":"Create","actor":"%[1]s","published":"%[3]s","object":{"id":"%[1]s/statuses/%[2]s","type":"Note","summary":null,"inReplyTo":%[4]s,"published":"%[3]s","url":"https://m.example/@ada/%[2]s","attributedTo":"%[1]s","content":"<p>Post %[5]d with <a href=\"https://m.example/tags/go\" class=\"mention hashtag\">#<span>go</span></a> &amp; more</p>","attachment":[],"tag":[]}}`,
			act, id, base.Add(time.Duration(i)*time.Minute).Format(time.RFC3339), reply, i)
	}
	sb.WriteString("]}")
	data := sb.String()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		ar := &mastoArchive{path: "outbox.json", kind: mastoOutbox}
		if err := ar.parseOutbox(context.Background(), "outbox.json", strings.NewReader(data)); err != nil {
			b.Fatal(err)
		}
		ar.finish()
		if err := ar.findThreads(context.Background()); err != nil || len(ar.summaries) != 1 || ar.summaries[0].Posts != 1000 {
			b.Fatalf("%v %+v", err, ar.summaries)
		}
	}
}
