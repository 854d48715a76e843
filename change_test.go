// SPDX-License-Identifier: MIT

package carousel

import (
	"context"
	"strings"
	"testing"
)

func TestDescribeChange(t *testing.T) {
	base := func() *Project {
		return &Project{
			Title:    "T",
			Settings: Settings{Format: "linkedin-portrait", Theme: "paper"},
			Slides: []Slide{
				{ID: "a", Kind: SlideCover, Items: []Item{{Post: "1"}}},
				{ID: "b", Kind: SlideContent, Items: []Item{{Post: "2"}}},
				{ID: "c", Kind: SlideContent, Items: []Item{{Post: "3"}}},
			},
		}
	}
	tests := []struct {
		name string
		edit func(p *Project)
		want string
	}{
		{"nothing", func(p *Project) {}, ""},
		{"title", func(p *Project) { p.Title = "U" }, "title"},
		{"theme and format", func(p *Project) { p.Settings.Theme = "ink"; p.Settings.Format = "story" }, "format story, theme ink"},
		{"typography", func(p *Project) { p.Settings.Typography.BodySize = 20 }, "typography"},
		{"text edit", func(p *Project) { p.Slides[1].Items[0].Blocks = []Block{{Type: Paragraph, Spans: []Span{{Text: "x"}}}} }, "slide 2 text"},
		{"image added", func(p *Project) {
			p.Slides[2].Items = append(p.Slides[2].Items, Item{Image: &Media{Type: MediaPhoto, Src: "asset:x"}})
		}, "slide 3 image added"},
		{"style", func(p *Project) { p.Slides[0].Style = &SlideStyle{Align: "center"} }, "slide 1 style"},
		{"hook", func(p *Project) { p.Slides[0].Title = "Hook" }, "slide 1 hook"},
		{"added", func(p *Project) {
			p.Slides = append(p.Slides, Slide{ID: "d", Kind: SlideContent}, Slide{ID: "e", Kind: SlideContent})
		}, "2 slides added"},
		{"removed", func(p *Project) { p.Slides = p.Slides[:2] }, "1 slide removed"},
		{"reordered", func(p *Project) { p.Slides[1], p.Slides[2] = p.Slides[2], p.Slides[1] }, "slides reordered"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			old, p := base(), base()
			tt.edit(p)
			if got := strings.Join(DescribeChange(old, p), ", "); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMergeChangeLabel(t *testing.T) {
	tests := []struct {
		label string
		parts []string
		want  string
	}{
		{"", []string{"theme ink"}, "theme ink"},
		{"theme ink", []string{"theme ink", "slide 2 text"}, "theme ink, slide 2 text"},
		{"a, b, c, d, e", []string{"f", "g"}, "a, b, c, d, e, f, and more"},
		{"a, b, c, d, e, f, and more", []string{"a", "z"}, "a, b, c, d, e, f, and more"},
	}
	for _, tt := range tests {
		if got := MergeChangeLabel(tt.label, tt.parts...); got != tt.want {
			t.Errorf("MergeChangeLabel(%q, %q) = %q, want %q", tt.label, tt.parts, got, tt.want)
		}
	}
}

func TestChangeNote(t *testing.T) {
	ctx := context.Background()
	if ChangeNote(ctx) != "" {
		t.Error("a bare context carries a note")
	}
	if got := ChangeNote(WithChangeNote(ctx, "restored version 3")); got != "restored version 3" {
		t.Errorf("note %q", got)
	}
}
