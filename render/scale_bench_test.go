// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

// proseProject is one post of n characters of prose: paragraphs of
// about 400 characters when paragraphs is set, else one paragraph, as a
// pasted essay or a wall of text gives. With cover the long post is the
// thread's first (a paste of one post), else a short post comes first.
func proseProject(n int, paragraphs, cover bool) *carousel.Project {
	words := strings.Fields("the quick brown fox jumps over a lazy dog while writers share long threads about building products")
	var blocks []carousel.Block
	var b strings.Builder
	total := 0
	flush := func() {
		if b.Len() > 0 {
			blocks = append(blocks, carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: b.String()}}})
			b.Reset()
		}
	}
	for i := 0; total < n; i++ {
		w := words[i%len(words)]
		if b.Len() > 0 {
			b.WriteByte(' ')
			total++
		}
		b.WriteString(w)
		total += len(w)
		if paragraphs && b.Len() > 400 {
			flush()
		}
	}
	flush()
	th := carousel.Thread{Posts: []carousel.Post{{ID: "1", Blocks: blocks}}}
	if !cover {
		// A short first post makes the cover; the long one flows over slides.
		th.Posts = append([]carousel.Post{{ID: "0", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "A long read, pasted whole."}}}}}}, th.Posts...)
	}
	return &carousel.Project{Version: carousel.ProjectVersion, Title: "Long", Thread: th}
}

// BenchmarkPlanLongPost plans and lays out one long post: the cost per
// character must stay about the same as the post grows.
func BenchmarkPlanLongPost(b *testing.B) {
	e := newTestEngine(b)
	for _, cover := range []bool{true, false} {
		for _, paragraphs := range []bool{true, false} {
			for _, n := range []int{25_000, 100_000, 200_000, 400_000} {
				name := fmt.Sprintf("cover=%v/paragraphs=%v/chars=%d", cover, paragraphs, n)
				b.Run(name, func(b *testing.B) {
					for b.Loop() {
						p := proseProject(n, paragraphs, cover)
						if _, err := e.Plan(context.Background(), p, true); err != nil {
							b.Fatal(err)
						}
						l, err := e.Layout(context.Background(), p)
						if err != nil {
							b.Fatal(err)
						}
						b.ReportMetric(float64(len(l.Slides)), "slides")
					}
				})
			}
		}
	}
}
