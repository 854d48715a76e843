// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func headingPost2(id, text string) carousel.Post {
	return carousel.Post{ID: id, Blocks: []carousel.Block{{Type: carousel.Heading, Level: 2, Spans: []carousel.Span{{Text: text}}}}}
}

func bulletPost(id, text string) carousel.Post {
	return carousel.Post{ID: id, Blocks: []carousel.Block{{Type: carousel.Bullet, Spans: []carousel.Span{{Text: text}}}}}
}

func imagePost(id string, text ...string) carousel.Post {
	p := textPost(id, text...)
	p.Media = []carousel.Media{{Type: carousel.MediaPhoto, Src: "landscape.jpg", Width: 320, Height: 180}}
	return p
}

// plan describes a plan as "kind:post,post…" per slide, with [from:to]
// for parts, so that cases read at a glance.
func planString(p *carousel.Project) string {
	var out []string
	for _, sl := range p.Slides {
		var items []string
		for _, it := range sl.Items {
			s := it.Post
			if it.From != 0 || it.To != 0 {
				s += fmt.Sprintf("[%d:%d]", it.From, it.To)
			}
			items = append(items, s)
		}
		out = append(out, string(sl.Kind)+":"+strings.Join(items, ","))
	}
	return strings.Join(out, " ")
}

func TestPlanTable(t *testing.T) {
	e := newTestEngine(t)
	long := strings.Repeat("Every line on a slide must earn its place, so cut what does not. ", 6)
	medium := strings.Repeat("Every line on a slide must earn its place, so cut what does not. ", 2)
	cases := []struct {
		name   string
		posts  []carousel.Post
		format string
		cta    int
		want   string
	}{
		{"one post per slide and the outro last", []carousel.Post{textPost("1", "Hook"), textPost("2", "Two"), textPost("3", "Three")}, "", 1,
			"cover:1 content:2 content:3 outro:"},
		{"no outro without a call to action", []carousel.Post{textPost("1", "Hook"), textPost("2", "Two")}, "", 0,
			"cover:1 content:2"},
		{"heading post with one-line posts share a slide", []carousel.Post{textPost("1", "Hook"), headingPost2("2", "Three rules"), textPost("3", "Cut the intro."), textPost("4", "Put the number first."), bulletPost("5", "End on a question."), textPost("6", long)}, "", 0,
			"cover:1 content:2,3,4,5 content:6"},
		{"a colon line introduces a list", []carousel.Post{textPost("1", "Hook"), textPost("2", "What I changed:"), bulletPost("3", "Shorter posts"), bulletPost("4", "Bigger type"), textPost("5", long)}, "", 0,
			"cover:1 content:2,3,4 content:5"},
		{"a long post after a heading is not grouped", []carousel.Post{textPost("1", "Hook"), headingPost2("2", "Why"), textPost("3", long)}, "", 0,
			"cover:1 content:2 content:3"},
		{"a Part run shares slides while it fits", []carousel.Post{textPost("1", "Hook"), textPost("2", "Part 1: the setup."), textPost("3", "Part 2: the twist."), textPost("4", "Part 3: the payoff.")}, "", 0,
			"cover:1 content:2,3,4"},
		{"posts with images stand alone", []carousel.Post{textPost("1", "Hook"), headingPost2("2", "Look"), imagePost("3", "A picture.")}, "", 0,
			"cover:1 content:2 content:3"},
		{"an image-only post gets an image slide", []carousel.Post{textPost("1", "Hook"), imagePost("2")}, "", 0,
			"cover:1 image:2"},
		{"the first post's image follows the cover", []carousel.Post{imagePost("1", "Hook"), textPost("2", "Two")}, "", 0,
			"cover:1 image:1[1:1] content:2"},
		{"a long post is split into parts between blocks", []carousel.Post{textPost("1", "Hook"), textPost("2", medium, medium, medium, medium, medium, medium, medium)}, "linkedin-square", 0,
			"cover:1 content:2[0:1] content:2[1:3] content:2[3:5] content:2[5:7]"},
		{"grouping stops when the slide is full", []carousel.Post{textPost("1", "Hook"), headingPost2("2", "Ten rules"),
			textPost("3", "Rule one is short."), textPost("4", "Rule two is short."), textPost("5", "Rule three is short."), textPost("6", "Rule four is short."),
			textPost("7", "Rule five is short."), textPost("8", "Rule six is short."), textPost("9", "Rule seven is short."), textPost("10", "Rule eight is short."),
			textPost("11", "Rule nine is short."), textPost("12", "Rule ten is short.")}, "linkedin-landscape", 0,
			// The headline's accent bar takes a line's room: three rules join the heading.
			"cover:1 content:2,3,4,5 content:6 content:7 content:8 content:9 content:10 content:11 content:12"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := project(tc.posts...)
			p.Slides = nil
			p.Settings.Format, p.Settings.Template, p.Settings.CTA.Variant = tc.format, "headline", tc.cta
			if _, err := e.Plan(context.Background(), p, true); err != nil {
				t.Fatal(err)
			}
			if got := planString(p); got != tc.want {
				t.Errorf("plan\n got %s\nwant %s", got, tc.want)
			}
			// Every planned slide fits: nothing continues or overflows.
			l, err := e.Layout(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range l.Warnings {
				if w.Code == carousel.WarnOverflow {
					t.Errorf("slide %d: %s", w.Slide, w.Message)
				}
			}
		})
	}
}

// TestReplanKeepsManual: re-planning keeps slides the user arranged by
// hand, in place, and does not plan their posts again; replanAll starts
// over.
func TestReplanKeepsManual(t *testing.T) {
	e := newTestEngine(t)
	p := project(textPost("1", "Hook"), textPost("2", "Two"), textPost("3", "Three"), textPost("4", "Four"))
	p.Settings.CTA.Variant = 2
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	// The user moves post 3 onto post 2's slide and edits the cover.
	p.Slides[1] = carousel.Slide{ID: p.Slides[1].ID, Kind: carousel.SlideContent, Manual: true, Items: []carousel.Item{{Post: "2"}, {Post: "3"}}}
	p.Slides[0].Manual, p.Slides[0].Title = true, "My own hook"
	if _, err := e.Plan(context.Background(), p, false); err != nil {
		t.Fatal(err)
	}
	if got, want := planString(p), "cover:1 content:2,3 content:4 outro:"; got != want {
		t.Fatalf("replan\n got %s\nwant %s", got, want)
	}
	if p.Slides[0].Title != "My own hook" || !p.Slides[1].Manual {
		t.Fatalf("manual changes lost: %+v", p.Slides[:2])
	}
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	if got, want := planString(p), "cover:1 content:2 content:3 content:4 outro:"; got != want || p.Slides[0].Title != "" {
		t.Fatalf("replan all\n got %s\nwant %s", got, want)
	}
}

// TestStepNumbers: the numbered-steps badge follows the order of content
// slides, skipping the cover and image slides.
func TestStepNumbers(t *testing.T) {
	slides := []carousel.Slide{{Kind: carousel.SlideCover}, {Kind: carousel.SlideContent}, {Kind: carousel.SlideImage}, {Kind: carousel.SlideContent}, {Kind: carousel.SlideOutro}}
	if got := fmt.Sprint(stepNumbers(slides)); got != "[0 1 0 2 0]" {
		t.Fatalf("steps %s", got)
	}
	e := newTestEngine(t)
	p := project(textPost("1", "Hook"), textPost("2", "Two"), imagePost("3"), textPost("4", "Four"))
	p.Slides = nil
	p.Settings.Template = "numbered-steps"
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	pl, err := e.layoutProject(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var badges []string
	for _, pg := range pl.pages {
		for _, el := range append(append([]elem{}, pg.Side...), pg.Elems...) {
			if el.Kind == elemBadge {
				badges = append(badges, carousel.BlocksText([]carousel.Block{el.Block}))
			}
		}
	}
	if got := strings.Join(badges, " "); got != "1 2" {
		t.Fatalf("badges %q, want 1 2", got)
	}
}

// TestPlanBalancesParts: a post split into parts gets parts of about the
// same size, not a full first part and a short last one.
func TestPlanBalancesParts(t *testing.T) {
	e := newTestEngine(t)
	medium := strings.Repeat("Every line on a slide must earn its place, so cut what does not. ", 2)
	var paras []string
	for range 12 {
		paras = append(paras, medium)
	}
	p := project(textPost("1", "Hook"), textPost("2", paras...))
	p.Settings.Format = "linkedin-square"
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for _, sl := range p.Slides {
		for _, it := range sl.Items {
			if it.Post == "2" {
				sizes = append(sizes, it.To-it.From)
			}
		}
	}
	if len(sizes) < 2 {
		t.Fatalf("the post was not split: %v", sizes)
	}
	lo, hi := sizes[0], sizes[0]
	for _, n := range sizes {
		lo, hi = min(lo, n), max(hi, n)
	}
	if hi-lo > 1 {
		t.Errorf("parts of %v blocks: unbalanced", sizes)
	}
}
