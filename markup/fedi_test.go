// SPDX-License-Identifier: MIT

package markup

import (
	"regexp"
	"strings"
	"testing"
	"unicode"

	carousel "github.com/carouselstudio/carousel"
)

// compact writes blocks one a line: "type: text", entities as
// {kind text > link}, bold as *text*.
func compact(bs []carousel.Block) string {
	var lines []string
	for _, b := range bs {
		var sb strings.Builder
		sb.WriteString(string(b.Type) + ": ")
		for _, s := range b.Spans {
			switch {
			case s.Entity != "":
				sb.WriteString("{" + s.Entity + " " + s.Text + " > " + s.Link + "}")
			case s.Bold:
				sb.WriteString("*" + s.Text + "*")
			default:
				sb.WriteString(s.Text)
			}
		}
		lines = append(lines, sb.String())
	}
	return strings.Join(lines, "\n")
}

func TestParseHTML(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"Mastodon link cut with an ellipsis",
			`<p>Read <a href="https://example.com/blog/edge-cache/part-one" rel="nofollow noopener" translate="no" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.com/blog/edge-cach</span><span class="invisible">e/part-one</span></a> now</p>`,
			"paragraph: Read {url example.com/blog/edge-cach… > https://example.com/blog/edge-cache/part-one} now"},
		{"short link without an ellipsis",
			`<p><a href="https://example.com"><span class="invisible">https://</span><span class="">example.com</span><span class="invisible"></span></a></p>`,
			"paragraph: {url example.com > https://example.com}"},
		{"an unclosed invisible span ends with its link",
			`<p><a href="https://example.com/x"><span class="invisible">https://example.com/x</a> and the rest</p>`,
			"paragraph: and the rest"},
		{"mentions and hashtags by class",
			`<p><span class="h-card" translate="no"><a href="https://mastodon.social/@bob" class="u-url mention">@<span>bob</span></a></span> <a href="https://gts.example/tags/go" class="mention hashtag" rel="tag nofollow noreferrer noopener" target="_blank">#<span>go</span></a> <a class="hashtag" data-tag="rust" href="https://akkoma.example/tag/rust" rel="tag ugc">#rust</a> <a href="https://misskey.example/tags/zig">#zig</a> <a href="https://misskey.example/@carol">@carol</a></p>`,
			"paragraph: {mention @bob > https://mastodon.social/@bob} {hashtag #go > https://gts.example/tags/go} {hashtag #rust > https://akkoma.example/tag/rust} {hashtag #zig > https://misskey.example/tags/zig} {mention @carol > https://misskey.example/@carol}"},
		{"paragraphs and line breaks", "<p>one<br>two<br/>three<br />four</p><p>five</p>", "paragraph: one\ntwo\nthree\nfour\nparagraph: five"},
		{"white space collapses", "<p>  a\n   b\t c  </p>\n\n<p>\nd</p>", "paragraph: a b c\nparagraph: d"},
		{"entities once", "<p>&amp;lt; &lt;3 &#x1F680; &#39;quoted&#39; fish&nbsp;&amp;&nbsp;chips</p>", "paragraph: &lt; <3 🚀 'quoted' fish\u00a0&\u00a0chips"},
		{"no markdown", "<p>*not bold* _not italic_ ~~no~~ [x](https://e.com)</p><p># not a heading</p><p>&gt; not a quote</p><p>---</p>",
			"paragraph: *not bold* _not italic_ ~~no~~ [x](https://e.com)\nparagraph: # not a heading\nparagraph: > not a quote\nparagraph: ---"},
		{"typed lists", "<p>Steps:<br>- cache<br>- shard<br>1. first<br>2) second</p>", "paragraph: Steps:\nbullet: cache\nbullet: shard\nnumbered: first\nnumbered: second"},
		{"HTML lists", "<ul><li>a</li><li>b</li></ul><ol><li>c</li></ol>", "bullet: a\nbullet: b\nnumbered: c"},
		{"quote fallbacks dropped", `<p>My take</p><p class="quote-inline">RE: <a href="https://x.example/@a/1"><span class="invisible">https://</span>x.example/@a/1</a></p>`, "paragraph: My take"},
		{"quote fallback span", `<p>Take<span class="quote-inline"><br/><br/>RE: <a href="https://x.example/notes/1">https://x.example/notes/1</a></span></p>`, "paragraph: Take"},
		{"scripts and bad links", `<p>a<script>alert(1)</script> <a href="javascript:alert(1)">b</a> <img src="x" alt="y"> c</p>`, "paragraph: a b c"},
		{"relative hrefs", `<p><a href="/tags/go">#go</a> <a href="/@bob">@bob</a></p>`, "paragraph: {hashtag #go > https://mastodon.example/tags/go} {mention @bob > https://mastodon.example/@bob}"},
		{"bold and headings of remote posts", "<h1>Title</h1><p><strong>bold</strong> text</p>", "heading: Title\nparagraph: *bold* text"},
		{"text that looks like a tag", "<p>List&lt;String&gt; and <T> x</p>", "paragraph: List<String> and <T> x"},
		{"custom emoji shortcodes stay", "<p>hi :blobcat: there</p>", "paragraph: hi :blobcat: there"},
		{"plain text is not searched", "<p>see example.com and @ada #tag</p>", "paragraph: see example.com and @ada #tag"},
		{"empty", "", ""},
		{"only markup", "<p><br></p><p></p>", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := "https://mastodon.example"
			got := compact(parseHTML(tc.in, base))
			if got != tc.want {
				t.Errorf("ParseHTML(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
	// Without a base, relative hrefs are not links.
	if got := compact(parseHTML(`<p><a href="/tags/go">#go</a></p>`, "")); got != "paragraph: #go" {
		t.Errorf("no base: %q", got)
	}
}

func TestEntitiesWith(t *testing.T) {
	links := &Links{
		Mention:       func(h string) string { return "https://www.threads.net/@" + h },
		Hashtag:       func(tag string) string { return "https://www.threads.net/search?q=" + tag },
		DottedHandles: true,
		NoCashtags:    true,
	}
	got := Entities("@ada.builds. and @bob_x, $TSLA #go", carousel.Span{})
	if len(got) < 2 || got[0].Text != "@ada" || got[0].Link != "https://x.com/ada" {
		t.Errorf("X rules: %+v", got)
	}
	got = EntitiesWith("@ada.builds. and @bob_x, $TSLA #go", carousel.Span{}, links)
	want := []carousel.Span{
		{Text: "@ada.builds", Entity: carousel.EntityMention, Link: "https://www.threads.net/@ada.builds"},
		{Text: ". and "},
		{Text: "@bob_x", Entity: carousel.EntityMention, Link: "https://www.threads.net/@bob_x"},
		{Text: ", $TSLA "},
		{Text: "#go", Entity: carousel.EntityHashtag, Link: "https://www.threads.net/search?q=go"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("span %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	if got := EntitiesWith("@"+strings.Repeat("a", 31), carousel.Span{}, links); len(got) != 1 || got[0].Entity != "" {
		t.Errorf("a 31-character handle is not a mention: %+v", got)
	}
}

var typedMarkerRE = regexp.MustCompile(`^([-*•+]|[0-9]{1,3}[.)])\s`)

// The fuzzer calls parseHTML, without the recover of ParseHTML, so that a panic is a failure.
func FuzzParseHTML(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	for _, s := range []string{
		`<p>Read <a href="https://e.com/a/b"><span class="invisible">https://</span><span class="ellipsis">e.com/a</span><span class="invisible">/b</span></a></p>`,
		`<p><span class="h-card"><a href="https://m.example/@bob" class="u-url mention">@<span>bob</span></a></span> <a href="/tags/go" class="mention hashtag">#go</a></p><p class="quote-inline">RE: x</p>`,
		`<span class="invisible"><span class="invisible">a</span></span></span></p></a>b<span class="ellipsis">`,
		"<ul><li>- a<li>1. b</ul><p>  \n\t x &amp;lt; </p>",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		bs := parseHTML(s, "https://mastodon.example")
		checkBlocks(t, s, bs)
		for _, sp := range allSpans(bs) {
			if sp.Entity != "" && sp.Entity != carousel.EntityURL && sp.Entity != carousel.EntityMention && sp.Entity != carousel.EntityHashtag {
				t.Fatalf("ParseHTML(%q): entity %q", s, sp.Entity)
			}
		}
		// Text without markup comes out as written, its white space
		// collapsed, in one paragraph.
		c := cleanText(s)
		if c == "" || typedMarkerRE.MatchString(c) {
			return
		}
		in := "<p>" + c + "</p>"
		want := strings.TrimFunc(strings.Join(strings.FieldsFunc(c, func(r rune) bool { return r == ' ' }), " "), unicode.IsSpace)
		got := parseHTML(in, "")
		checkBlocks(t, in, got)
		if text := carousel.BlocksText(got); text != want {
			t.Fatalf("ParseHTML(%q) text = %q, want %q", in, text, want)
		}
	})
}
