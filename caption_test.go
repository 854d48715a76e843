// SPDX-License-Identifier: MIT

package carousel_test

import (
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestHashtags(t *testing.T) {
	got := carousel.Hashtags("Ship it #buildinpublic, #Go_lang! not#this #42 #über #")
	want := []string{"#buildinpublic", "#Go_lang", "#über"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("Hashtags = %v, want %v", got, want)
	}
}

func TestCheckCaption(t *testing.T) {
	for _, tc := range []struct {
		platform, text string
		ok             bool
		mention        string
	}{
		{carousel.Threads, strings.Repeat("a", 500), true, ""},
		{carousel.Threads, strings.Repeat("a", 501), false, "at most 500 characters; this one has 501 (1 too many)"},
		{carousel.Threads, strings.Repeat("é", 500), true, ""}, // characters, not bytes
		{carousel.LinkedIn, strings.Repeat("a", 3001), false, "3000"},
		{carousel.Instagram, strings.Repeat("#tag ", 31), false, "at most 30 hashtags"},
		{carousel.Instagram, strings.Repeat("a", 2200), true, ""},
		{carousel.TikTok, strings.Repeat("a", 4001), false, "4000"},
		{"myspace", "x", false, "unknown platform"},
	} {
		err := carousel.CheckCaption(tc.platform, tc.text)
		if (err == nil) != tc.ok || (err != nil && !strings.Contains(err.Error(), tc.mention)) {
			t.Errorf("CheckCaption(%s, %d chars) = %v", tc.platform, len([]rune(tc.text)), err)
		}
	}
}

func TestDefaultCaption(t *testing.T) {
	th := &carousel.Thread{Posts: []carousel.Post{
		{ID: "1", Placeholder: "deleted"},
		{ID: "2", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "How I write a thread a day #writing"}}}}},
		{ID: "3", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Step one #Writing #habits"}}}}},
		{ID: "4", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Step two #focus"}}}}},
	}}
	if got, want := carousel.DefaultCaption(th, carousel.LinkedIn), "How I write a thread a day #writing\n\n#habits #focus"; got != want {
		t.Fatalf("DefaultCaption = %q, want %q", got, want)
	}
	long := &carousel.Thread{Posts: []carousel.Post{{ID: "1", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: strings.Repeat("word ", 200) + "#end"}}}}}}}
	got := carousel.DefaultCaption(long, carousel.Threads)
	if err := carousel.CheckCaption(carousel.Threads, got); err != nil || !strings.HasSuffix(got, "…") {
		t.Fatalf("a long hook for Threads: %q (%v)", got, err)
	}
}
