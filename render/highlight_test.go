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

// TestHighlightDrawsAMark checks that highlighted words are set on a
// highlighter mark: a shape in a colour the plain slide does not use.
func TestHighlightDrawsAMark(t *testing.T) {
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
	var added []string
	for c := range marked {
		if plain[c] == 0 {
			added = append(added, c)
		}
	}
	if len(added) == 0 {
		t.Errorf("a highlight adds no colour of its own (plain %v, highlighted %v)", plain, marked)
	}
	for _, c := range added {
		if c == design.Hex(theme.Background) {
			t.Errorf("the mark %s is the background colour: invisible", c)
		}
	}
}
