// SPDX-License-Identifier: MIT

package markup

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const (
	hook   = "How we cut our CI build times by 80% 🚀"
	hookTh = hook + "\n\nA thread 🧵"
	first  = "First, we moved the dependency cache to the edge."
	result = "Result: p95 went from 41 min to 8 min."
)

func TestSplitPostsFixtures(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"paste_dashes.txt", []string{hookTh, first, result}},
		{"paste_typefully_v1.txt", []string{hookTh, first, result}},
		{"paste_numbered_prefix.txt", []string{hookTh, first, "Second, we split the test suite by historical runtime.", "Result: p95 wall time went from 41 min to 8 min."}},
		{"paste_trailing_counters.txt", []string{hook, first, result}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got := SplitPosts(readFixture(t, tt.file))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSplitPosts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"blank", "\n  \n\t\n", nil},
		{"one post", "Just one thing.", []string{"Just one thing."}},
		{"paragraphs", "One.\n\nTwo.\nstill two\n\nThree.", []string{"One.", "Two.\nstill two", "Three."}},
		{"crlf", "One.\r\n\r\nTwo.", []string{"One.", "Two."}},
		{"stars and underscores", "a\n***\nb\n\nstill b\n_____\nc", []string{"a", "b\n\nstill b", "c"}},
		{"dashes beat blank lines", "a\n\nstill a\n---\nb\n---\n", []string{"a\n\nstill a", "b"}},
		{"dashes with counters", "1/ a\n---\n2/ b", []string{"a", "b"}},
		{"typefully four newlines", "a\n\nstill a\n\n\n\nb", []string{"a\n\nstill a", "b"}},
		{"typefully with spaces on blank lines", "a\n \n\t\n \nb", []string{"a", "b"}},
		{"counter with total", "1/10 a\n\n2/10 b\n\nmore b\n\n(3/10) c", []string{"a", "b\n\nmore b", "c"}},
		{"bracketed counters", "(1/3) a\n\n(2/3) b\n\n[3/3] c", []string{"a", "b", "c"}},
		{"counter without space", "1/🧵 a\n\n2/ b", []string{"🧵 a", "b"}},
		{"dot counters", "1. Intro\n\n2. Second\n\n3. Third", []string{"Intro", "Second", "Third"}},
		{"dot list not consecutive", "Tips:\n\n1. a\n\n3. b", []string{"Tips:", "1. a", "3. b"}},
		{"numbered list lines are content", "Tips:\n1. a\n2. b\n\nNext.", []string{"Tips:\n1. a\n2. b", "Next."}},
		{"decreasing counters ignored", "2/ a\n\n1/ b", []string{"2/ a", "1/ b"}},
		{"trailing counters", "a 1/3\n\nb (2/3)\n\nc [3/3]", []string{"a", "b", "c"}},
		{"trailing counter then thread emoji", "Big news 🚀 1/2 🧵\n\nDetails. 2/2", []string{"Big news 🚀 🧵", "Details."}},
		{"thread emoji before trailing counter", "Big news 🧵 1/4\n\nb 2/4", []string{"Big news 🧵", "b"}},
		{"trailing groups paragraphs", "a\n\nb 1/2\n\nc 2/2\n\nPS", []string{"a\n\nb", "c", "PS"}},
		{"24/7 is not a counter", "Open 24/7\n\nCall 24/7", []string{"Open 24/7", "Call 24/7"}},
		{"fractions are not counters", "Add 1/2 cup\n\nthen 1/4 cup", []string{"Add 1/2 cup", "then 1/4 cup"}},
		{"thread emoji groups the first post", "Title\n\nA thread 🧵\n\nOne.\n\nTwo.", []string{"Title\n\nA thread 🧵", "One.", "Two."}},
		{"thread emoji first", "🧵 Title\n\nOne.", []string{"🧵 Title", "One."}},
		{"thread emoji late is content", "a\n\nb\n\nc\n\nd 🧵", []string{"a", "b", "c", "d 🧵"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitPosts(tt.in)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitPosts(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseThread(t *testing.T) {
	th, err := ParseThread(readFixture(t, "paste_numbered_prefix.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := &carousel.Thread{
		Version: carousel.ThreadVersion,
		Source:  "paste",
		Posts: []carousel.Post{
			{ID: "1", Blocks: blocks(para(txt(hook)), para(txt("A thread 🧵")))},
			{ID: "2", Blocks: blocks(para(txt(first)))},
			{ID: "3", Blocks: blocks(para(txt("Second, we split the test suite by historical runtime.")))},
			{ID: "4", Blocks: blocks(para(txt("Result: p95 wall time went from 41 min to 8 min.")))},
		},
	}
	if !reflect.DeepEqual(th, want) {
		t.Errorf("got  %s\nwant %s", dump(th), dump(want))
	}

	th, err = ParseThread("**Hook** by @ada\n---\n<b></b>\n---\n- one\n- two")
	if err != nil {
		t.Fatal(err)
	}
	want = &carousel.Thread{
		Version: carousel.ThreadVersion,
		Source:  "paste",
		Posts: []carousel.Post{
			{ID: "1", Blocks: blocks(para(bold("Hook"), txt(" by "), mentionSpan("ada")))},
			{ID: "2", Blocks: blocks(bullet(txt("one")), bullet(txt("two")))},
		},
	}
	if !reflect.DeepEqual(th, want) {
		t.Errorf("markup-only post not skipped:\ngot  %s\nwant %s", dump(th), dump(want))
	}
}

func TestParseThreadEmpty(t *testing.T) {
	for _, in := range []string{"", "  \n\n\t", "---\n---", "<b></b><br>"} {
		th, err := ParseThread(in)
		if th != nil || carousel.ErrorCode(err) != carousel.EINVALID {
			t.Errorf("ParseThread(%q) = %v, %v; want nil and an %s error", in, th, err, carousel.EINVALID)
			continue
		}
		if msg := carousel.ErrorMessage(err); len(msg) < 20 {
			t.Errorf("ParseThread(%q): message %q does not explain", in, msg)
		}
	}
}

func TestParseThreadWarnsOfEmptyPosts(t *testing.T) {
	th, warnings, err := ParseThreadWarnings("First post\n---\n\n---\nThird part\n---\n<b></b>\n---\nLast")
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != 3 {
		t.Fatalf("%d posts, want 3: %+v", len(th.Posts), th.Posts)
	}
	if len(warnings) != 2 || warnings[0].Code != carousel.WarnEmpty || !strings.Contains(warnings[0].Message, "Part 2") ||
		!strings.Contains(warnings[1].Message, "Post 3") || !strings.Contains(warnings[1].Message, "only markup") {
		t.Errorf("warnings: %+v", warnings)
	}
	if _, w, _ := ParseThreadWarnings("One\n\nTwo"); len(w) != 0 {
		t.Errorf("a thread with no empty post warns: %+v", w)
	}
}
