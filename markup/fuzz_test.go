// SPDX-License-Identifier: MIT

package markup

import (
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	carousel "github.com/carouselstudio/carousel"
)

var fuzzSeeds = []string{
	"",
	"Hello **world** and _you_ ~~not~~ [link](https://e.com/a_(b)) @ada #go $TSLA https://e.com/x.",
	`<b><a target="_blank" href="https://x.com/u/status/1" color="blue">Part 1</a></b><a target="_blank" href="https://x.com/u/status/1"></a>.`,
	"## Title\n> quote\n- a\n1. b\n\npara &amp; &#x1F680; &nbsp;",
	"<p>one<br>two</p><script>x</script><!-- c --><ol><li>a</li></ol>",
	"***a** b* __c__d_ ¯\\_(ツ)_/¯ 5 * 4 2 < 3 <a <b <a href=\"x",
	"1/ a\n\n2/ b\n---\nc 3/3 🧵",
	"a\n\n\n\nb\r\n\r\nc (1/2)\n\nd (2/2)",
	"\xff\xfe<\x00b>*\x80*",
}

// checkBlocks asserts the invariants every ParseBlocks result keeps.
func checkBlocks(t *testing.T, in string, bs []carousel.Block) {
	t.Helper()
	for i, b := range bs {
		switch b.Type {
		case carousel.Paragraph, carousel.Bullet, carousel.Numbered, carousel.Quote, carousel.Code:
		case carousel.Heading:
			if b.Level < 1 || b.Level > 3 {
				t.Fatalf("ParseBlocks(%q): block %d: heading level %d", in, i, b.Level)
			}
		default:
			t.Fatalf("ParseBlocks(%q): block %d: type %q", in, i, b.Type)
		}
		if len(b.Spans) == 0 {
			t.Fatalf("ParseBlocks(%q): block %d has no spans", in, i)
		}
		for k, s := range b.Spans {
			if s.Text == "" {
				t.Fatalf("ParseBlocks(%q): block %d span %d is empty", in, i, k)
			}
			if !utf8.ValidString(s.Text) {
				t.Fatalf("ParseBlocks(%q): block %d span %d: invalid UTF-8 %q", in, i, k, s.Text)
			}
			if (s.Link == "") != (s.Entity == "") {
				t.Fatalf("ParseBlocks(%q): block %d span %d: link %q with entity %q", in, i, k, s.Link, s.Entity)
			}
			if l := strings.ToLower(s.Link); l != "" && !strings.HasPrefix(l, "https://") &&
				!strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "mailto:") {
				t.Fatalf("ParseBlocks(%q): block %d span %d: link %q", in, i, k, s.Link)
			}
			if k > 0 {
				p := b.Spans[k-1]
				p.Text = s.Text
				if p == s {
					t.Fatalf("ParseBlocks(%q): block %d spans %d and %d have one style and were not merged", in, i, k-1, k)
				}
			}
		}
		first, last := b.Spans[0].Text, b.Spans[len(b.Spans)-1].Text
		if r, _ := utf8.DecodeRuneInString(first); unicode.IsSpace(r) && b.Type != carousel.Code { // code keeps its indentation
			t.Fatalf("ParseBlocks(%q): block %d starts with space", in, i)
		}
		if r, _ := utf8.DecodeLastRuneInString(last); unicode.IsSpace(r) {
			t.Fatalf("ParseBlocks(%q): block %d ends with space", in, i)
		}
	}
}

// cleanText removes what could be markup or line structure, so that the
// result wrapped in markup must come out entirely styled.
func cleanText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || strings.ContainsRune("<>&*_~[]\\", r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	return strings.TrimSpace(s)
}

func allSpans(bs []carousel.Block) []carousel.Span {
	var out []carousel.Span
	for _, b := range bs {
		out = append(out, b.Spans...)
	}
	return out
}

func FuzzParseBlocks(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkBlocks(t, s, parseBlocks(s))

		// Plain words and lines come out exactly, as trimmed paragraphs.
		plain := strings.Map(func(r rune) rune {
			if r == ' ' || r == '\n' || (r < 0x80 && isASCIIAlnum(byte(r))) {
				return r
			}
			return -1
		}, s)
		if got, want := carousel.BlocksText(parseBlocks(plain)), plainParagraphs(plain); got != want {
			t.Fatalf("ParseBlocks(%q) text = %q, want %q", plain, got, want)
		}

		c := cleanText(s)
		if c == "" {
			return
		}
		// Well-formed HTML never leaks and styles all it wraps.
		in := `<b><a target="_blank" href="https://e.com/">` + c + `</a></b>`
		bs := parseBlocks(in)
		checkBlocks(t, in, bs)
		for _, sp := range allSpans(bs) {
			if !sp.Bold || sp.Link != "https://e.com/" || sp.Entity != carousel.EntityURL || strings.Contains(sp.Text, "<") {
				t.Fatalf("ParseBlocks(%q): span %+v is not the bold link it should be", in, sp)
			}
		}
		// So does well-formed markdown; text that shows nothing on its own
		// (a code span of a space, "` `") shows nothing in bold either.
		in = "**" + c + "**"
		bs = parseBlocks(in)
		checkBlocks(t, in, bs)
		if len(bs) == 0 && len(parseBlocks(c)) > 0 {
			t.Fatalf("ParseBlocks(%q) is empty", in)
		}
		for _, sp := range allSpans(bs) {
			if !sp.Bold || strings.Contains(sp.Text, "**") {
				t.Fatalf("ParseBlocks(%q): span %+v is not bold text", in, sp)
			}
		}
	})
}

// plainParagraphs is the text ParseBlocks must give for plain text.
func plainParagraphs(s string) string {
	var paras, lines []string
	for _, l := range strings.Split(s+"\n", "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		} else if len(lines) > 0 {
			paras = append(paras, strings.Join(lines, "\n"))
			lines = nil
		}
	}
	return strings.Join(paras, "\n\n")
}

func nonSpaceRunes(s string) int {
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) {
			n++
		}
	}
	return n
}

func FuzzSplitPosts(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		posts := SplitPosts(s)
		total := 0
		for i, p := range posts {
			if p == "" || strings.TrimSpace(p) != p {
				t.Fatalf("SplitPosts(%q): post %d %q is empty or untrimmed", s, i, p)
			}
			if utf8.ValidString(s) && !utf8.ValidString(p) {
				t.Fatalf("SplitPosts(%q): post %d is not valid UTF-8", s, i)
			}
			total += nonSpaceRunes(p)
		}
		if total > nonSpaceRunes(s) {
			t.Fatalf("SplitPosts(%q) = %q added text", s, posts)
		}
		if strings.TrimSpace(s) != "" && !isOnlySeparators(s) && len(posts) == 0 {
			t.Fatalf("SplitPosts(%q) lost all the text", s)
		}
	})
}

// isOnlySeparators reports text made of separator lines, blank lines and
// counters, which may well split into nothing.
func isOnlySeparators(s string) bool {
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		l = strings.TrimSpace(l)
		if l == "" || isSeparatorLine(l) {
			continue
		}
		if _, ok := leadingCounter(l); ok {
			continue
		}
		if _, ok := trailingCounter(l); ok {
			continue
		}
		return false
	}
	return true
}

func FuzzParseThread(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		th, err := ParseThread(s)
		if err != nil {
			if th != nil || carousel.ErrorCode(err) != carousel.EINVALID {
				t.Fatalf("ParseThread(%q) = %v, %v", s, th, err)
			}
			return
		}
		if th.Version != carousel.ThreadVersion || th.Source != "paste" || len(th.Posts) == 0 {
			t.Fatalf("ParseThread(%q) = %+v", s, th)
		}
		for i, p := range th.Posts {
			if p.ID != strconv.Itoa(i+1) {
				t.Fatalf("ParseThread(%q): post %d has id %q", s, i, p.ID)
			}
			checkBlocks(t, s, p.Blocks)
			if len(p.Blocks) == 0 {
				t.Fatalf("ParseThread(%q): post %d has no blocks", s, i)
			}
		}
	})
}

// longPost returns a realistic post of at least n characters: markdown,
// X-style HTML, entities and emoji.
func longPost(n int) string {
	const para = "**Lesson 1:** ship _small_ changes, see https://example.com/blog/edge-cache?ref=x_y (and [the docs](https://go.dev/doc)). " +
		"Thanks @ada_builds for #golang tips, $TSLA is up ~5% 🚀🧵 &amp; <b>bold <a href=\"https://x.com/u/status/1\">link</a></b>.\n" +
		"- one item with snake_case and 5 * 4\n1. numbered with ~~strike~~\n> a quote\n\n"
	var b strings.Builder
	for utf8.RuneCountInString(b.String()) < n {
		b.WriteString(para)
	}
	return b.String()
}

func BenchmarkParseBlocks(b *testing.B) {
	inputs := []struct{ name, text string }{
		{"post25k", longPost(25000)},
		// Worst cases for the scanners: they must stay linear.
		{"angles25k", strings.Repeat("<a <b ", 25000/6)},
		{"stars25k", strings.Repeat("*a _b ", 25000/6)},
		{"brackets25k", strings.Repeat("[a](", 25000/4)},
		{"quotes25k", strings.Repeat(`<a href="x `, 25000/11) + ">"},
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.text)))
			for b.Loop() {
				ParseBlocks(in.text)
			}
		})
	}
}

func BenchmarkSplitPosts(b *testing.B) {
	text := longPost(25000)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		SplitPosts(text)
	}
}
