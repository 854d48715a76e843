// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"regexp"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render/design"
)

// TestHighlightDrawsInAccent checks that highlighted words are drawn in a
// colour of their own: the theme's accent.
func TestHighlightDrawsInAccent(t *testing.T) {
	fills := func(highlight bool) map[string]int {
		post := carousel.Post{ID: "1", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{
			{Text: "Plain words, then "}, {Text: "marked words", Highlight: highlight}, {Text: " and plain again."}}}}}
		p := project(post)
		p.Settings.Theme = "paper"
		var b bytes.Buffer
		if err := newTestEngine(t).SVG(context.Background(), &b, p, 1); err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, m := range regexp.MustCompile(`fill="(#[0-9a-fA-F]{6})"`).FindAllSubmatch(b.Bytes(), -1) {
			out[string(m[1])]++
		}
		return out
	}
	plain, marked := fills(false), fills(true)
	theme, ok := design.ThemeByName("paper")
	if !ok {
		t.Fatal("no paper theme")
	}
	// The plain slide draws the accent only outside the text (the swipe).
	if accent := design.Hex(theme.Accent); marked[accent] != plain[accent]+1 {
		t.Errorf("accent %s drawn %d times, then %d with a highlight: want one more", accent, plain[accent], marked[accent])
	}
}
