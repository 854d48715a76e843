// SPDX-License-Identifier: MIT

package markup

import (
	"encoding/json"
	"reflect"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

// Helpers that keep the expected blocks short.

func para(spans ...carousel.Span) carousel.Block {
	return carousel.Block{Type: carousel.Paragraph, Spans: spans}
}

func heading(level int, spans ...carousel.Span) carousel.Block {
	return carousel.Block{Type: carousel.Heading, Level: level, Spans: spans}
}

func bullet(spans ...carousel.Span) carousel.Block {
	return carousel.Block{Type: carousel.Bullet, Spans: spans}
}

func numbered(n int, spans ...carousel.Span) carousel.Block {
	return carousel.Block{Type: carousel.Numbered, Number: n, Spans: spans}
}

func quote(spans ...carousel.Span) carousel.Block {
	return carousel.Block{Type: carousel.Quote, Spans: spans}
}

func txt(s string) carousel.Span    { return carousel.Span{Text: s} }
func bold(s string) carousel.Span   { return carousel.Span{Text: s, Bold: true} }
func italic(s string) carousel.Span { return carousel.Span{Text: s, Italic: true} }
func strike(s string) carousel.Span { return carousel.Span{Text: s, Strike: true} }
func under(s string) carousel.Span  { return carousel.Span{Text: s, Underline: true} }

func link(s, url string) carousel.Span {
	return carousel.Span{Text: s, Link: url, Entity: carousel.EntityURL}
}

func mentionSpan(handle string) carousel.Span {
	return carousel.Span{Text: "@" + handle, Link: "https://x.com/" + handle, Entity: carousel.EntityMention}
}

func hashtagSpan(tag, path string) carousel.Span {
	return carousel.Span{Text: "#" + tag, Link: "https://x.com/hashtag/" + path, Entity: carousel.EntityHashtag}
}

func cashtagSpan(tag string) carousel.Span {
	return carousel.Span{Text: "$" + tag, Link: "https://x.com/search?q=%24" + tag, Entity: carousel.EntityCashtag}
}

func with(s carousel.Span, f func(*carousel.Span)) carousel.Span {
	f(&s)
	return s
}

func asBold(s *carousel.Span)   { s.Bold = true }
func asItalic(s *carousel.Span) { s.Italic = true }

func blocks(bs ...carousel.Block) []carousel.Block { return bs }

func code(s string) carousel.Span { return carousel.Span{Text: s, Code: true} }

func codeBlock(s string) carousel.Block {
	return carousel.Block{Type: carousel.Code, Spans: []carousel.Span{code(s)}}
}

func level(b carousel.Block, n int) carousel.Block {
	b.Level = n
	return b
}

func dump(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func TestParseBlocks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []carousel.Block
	}{
		// Markdown inline.
		{"plain", "Hello world", blocks(para(txt("Hello world")))},
		{"empty", "", nil},
		{"blank", " \n\t\n ", nil},
		{"bold stars", "a **bold** b", blocks(para(txt("a "), bold("bold"), txt(" b")))},
		{"bold underscores", "a __bold__ b", blocks(para(txt("a "), bold("bold"), txt(" b")))},
		{"italic star", "a *it* b", blocks(para(txt("a "), italic("it"), txt(" b")))},
		{"italic underscore", "a _it_ b", blocks(para(txt("a "), italic("it"), txt(" b")))},
		{"snake_case is not italic", "use snake_case_names here", blocks(para(txt("use snake_case_names here")))},
		{"intraword star italic", "un*frigging*believable", blocks(para(txt("un"), italic("frigging"), txt("believable")))},
		{"strike", "a ~~gone~~ b", blocks(para(txt("a "), strike("gone"), txt(" b")))},
		{"single tilde stays", "~5 min, ~x~", blocks(para(txt("~5 min, ~x~")))},
		{"highlight", "the ==one thing== to know", blocks(para(txt("the "), carousel.Span{Text: "one thing", Highlight: true}, txt(" to know")))},
		{"bold highlight", "==**key**==", blocks(para(carousel.Span{Text: "key", Bold: true, Highlight: true}))},
		{"equals stay", "a == b, x = y, ===, =single=", blocks(para(txt("a == b, x = y, ===, =single=")))},
		{"html mark", "a <mark>marked</mark> b", blocks(para(txt("a "), carousel.Span{Text: "marked", Highlight: true}, txt(" b")))},
		{"bold italic", "***both***", blocks(para(carousel.Span{Text: "both", Bold: true, Italic: true}))},
		{"nested", "**bold *both* bold**", blocks(para(bold("bold "), carousel.Span{Text: "both", Bold: true, Italic: true}, bold(" bold")))},
		{"bold in italic", "*a **b** c*", blocks(para(italic("a "), carousel.Span{Text: "b", Bold: true, Italic: true}, italic(" c")))},
		{"uneven opener", "**a*", blocks(para(txt("*"), italic("a")))},
		{"uneven closer", "*a**", blocks(para(italic("a"), txt("*")))},
		{"underscore inside italic", "_foo_bar_", blocks(para(italic("foo_bar")))},
		{"space before closer", "**foo **", blocks(para(txt("**foo **")))},
		{"emoji around bold", "🚀**go**🚀", blocks(para(txt("🚀"), bold("go"), txt("🚀")))},
		{"lone star", "5 * 4 = 20", blocks(para(txt("5 * 4 = 20")))},
		{"stars between digits multiply", "2*3*4 = 24, and 2**10", blocks(para(txt("2*3*4 = 24, and 2**10")))},
		{"code span", "run `go test ./...` now", blocks(para(txt("run "), code("go test ./..."), txt(" now")))},
		{"code span keeps markup", "`*not* [a](b) @x #y`", blocks(para(code("*not* [a](b) @x #y")))},
		{"double backtick code", "``a ` b``", blocks(para(code("a ` b")))},
		{"unclosed backtick stays", "it`s odd", blocks(para(txt("it`s odd")))},
		{"fenced code", "Look:\n\n```go\nfunc main() {\n    fmt.Println(\"*hi*\")\n\n}\n```\nDone", blocks(para(txt("Look:")), codeBlock("func main() {\n    fmt.Println(\"*hi*\")\n\n}"), para(txt("Done")))},
		{"unclosed fence runs to the end", "```\na\nb", blocks(codeBlock("a\nb"))},
		{"nested bullets", "- top\n  - inner\n    - deeper\n◦ pasted", blocks(bullet(txt("top")), level(bullet(txt("inner")), 1), level(bullet(txt("deeper")), 2), level(bullet(txt("pasted")), 1))},
		{"nested numbers", "1. one\n   1. sub", blocks(numbered(1, txt("one")), level(numbered(1, txt("sub")), 1))},
		{"keycap is not a hashtag", "Step #️⃣ and #tag", blocks(para(txt("Step #️⃣ and "), hashtagSpan("tag", "tag")))},
		{"lone lt", "2 < 3 and 4 > 1", blocks(para(txt("2 < 3 and 4 > 1")))},
		{"unclosed bold stays", "**not closed", blocks(para(txt("**not closed")))},
		{"shrug", `¯\_(ツ)_/¯`, blocks(para(txt(`¯\_(ツ)_/¯`)))},
		{"md link", "see [the docs](https://go.dev/doc) now", blocks(para(txt("see "), link("the docs", "https://go.dev/doc"), txt(" now")))},
		{"md link balanced parens", "[Go](https://en.wikipedia.org/wiki/Go_(language))", blocks(para(link("Go", "https://en.wikipedia.org/wiki/Go_(language)")))},
		{"md link without scheme", "[site](example.com)", blocks(para(link("site", "https://example.com")))},
		{"md link bold", "**[a](https://b.co)**", blocks(para(with(link("a", "https://b.co"), asBold)))},
		{"md link bold inside", "[**a** b](https://b.co)", blocks(para(with(link("a", "https://b.co"), asBold), link(" b", "https://b.co")))},
		{"md link to a profile is a url", "[@ada](https://x.com/ada)", blocks(para(link("@ada", "https://x.com/ada")))},
		{"md javascript link is text", "[x](javascript:alert(1))", blocks(para(txt("[x](javascript:alert(1))")))},
		{"brackets without link", "[sic] and [1]", blocks(para(txt("[sic] and [1]")))},

		// Markdown blocks.
		{"line break kept", "one\ntwo\r\nthree", blocks(para(txt("one\ntwo\nthree")))},
		{"lines trimmed", "one   \n   two", blocks(para(txt("one\ntwo")))},
		{"paragraphs", "one\n\n\ntwo", blocks(para(txt("one")), para(txt("two")))},
		{"headings", "# One\n## Two\n### Three\n#### Four\ntext", blocks(
			heading(1, txt("One")), heading(2, txt("Two")), heading(3, txt("Three")), heading(3, txt("Four")), para(txt("text")))},
		{"hashtag is not a heading", "#golang rocks", blocks(para(hashtagSpan("golang", "golang"), txt(" rocks")))},
		{"quote", "> first\n> second\n\nafter", blocks(quote(txt("first\nsecond")), para(txt("after")))},
		{"quote paragraphs", "> a\n>\n> b", blocks(quote(txt("a")), quote(txt("b")))},
		{"bullets", "Intro:\n- one\n* two\n• three\n+ four", blocks(
			para(txt("Intro:")), bullet(txt("one")), bullet(txt("two")), bullet(txt("three")), bullet(txt("four")))},
		{"bullet continuation", "- one\n  more\nafter", blocks(bullet(txt("one\nmore")), para(txt("after")))},
		{"numbered keeps numbers", "3. three\n4) four\n10. ten", blocks(numbered(3, txt("three")), numbered(4, txt("four")), numbered(10, txt("ten")))},
		{"year is not a list", "2024. What a year", blocks(para(txt("2024. What a year")))},
		{"decimal is not a list", "1.5 million", blocks(para(txt("1.5 million")))},
		{"bold in bullet", "- **key**: value", blocks(bullet(bold("key"), txt(": value")))},
		{"thematic break", "a\n---\nb", blocks(para(txt("a")), para(txt("b")))},
		{"empty items dropped", "-  \n# \nx", blocks(para(txt("-\n#\nx")))},

		// HTML.
		{"wild X html", `<b><a target="_blank" href="https://x.com/u/status/1" color="blue">Part 1</a></b><a target="_blank" href="https://x.com/u/status/1"></a>.`,
			blocks(para(with(link("Part 1", "https://x.com/u/status/1"), asBold), txt(".")))},
		{"strong em u s del", "<strong>B</strong> <em>I</em> <u>U</u> <s>S</s> <del>D</del> <i>i</i>", blocks(para(
			bold("B"), txt(" "), italic("I"), txt(" "), under("U"), txt(" "), strike("S"), txt(" "), strike("D"), txt(" "), italic("i")))},
		{"upper case and attributes", `<B CLASS=x>b</B> <A HREF='https://e.com/?a=1&amp;b=2' rel=nofollow>l</A> <a href=https://e.com/u>u</a>`, blocks(para(
			bold("b"), txt(" "), link("l", "https://e.com/?a=1&b=2"), txt(" "), link("u", "https://e.com/u")))},
		{"quoted gt in attribute", `<a title="a>b" href="https://e.com">x</a>`, blocks(para(link("x", "https://e.com")))},
		{"br and p", "<p>one<br>two<br/>three</p><p>four</p>", blocks(para(txt("one\ntwo\nthree")), para(txt("four")))},
		{"nested html", "<b>bold <i>both</i></b> <b><u>bu</u></b>", blocks(para(
			bold("bold "), carousel.Span{Text: "both", Bold: true, Italic: true}, txt(" "), carousel.Span{Text: "bu", Bold: true, Underline: true}))},
		{"unknown tags dropped", `<span class="x">kept</span> <div>block</div>`, blocks(para(txt("kept")), para(txt("block")))},
		{"script and style dropped", "a<script>alert('<b>x</b>')</script>b<STYLE>p{}</STYLE>c", blocks(para(txt("abc")))},
		{"comment dropped", "a<!-- hidden -->b", blocks(para(txt("ab")))},
		{"non-html angle words stay", "List<String> and Map<K, V>, press <Ctrl>", blocks(para(txt("List<String> and Map<K, V>, press <Ctrl>")))},
		{"unknown elements dropped", `<foo>a</foo> <x-emoji data-e="1">b</x-emoji> <bar class="c">d`, blocks(para(txt("a b d")))},
		{"javascript href dropped", `<a href="javascript:alert(1)">x</a>`, blocks(para(txt("x")))},
		{"relative X href mention", `<a href="/ada_builds">@ada_builds</a> hi`, blocks(para(mentionSpan("ada_builds"), txt(" hi")))},
		{"html lists", "<ol><li>a</li><li>b</li></ol><ul><li>c</li></ul>", blocks(numbered(1, txt("a")), numbered(2, txt("b")), bullet(txt("c")))},
		{"html heading", "<h2>Title</h2>text", blocks(heading(2, txt("Title")), para(txt("text")))},
		{"adjacent same style merged", "<b>a</b><b>b</b>**c**", blocks(para(bold("abc")))},
		{"html and markdown", "<b>a</b> *b*", blocks(para(bold("a"), txt(" "), italic("b")))},
		{"block trimmed", "<p>  x  </p>", blocks(para(txt("x")))},

		// Entities.
		{"entities decoded once", "a &amp; b &lt;b&gt; &#39;q&#39; &#x1F680; &amp;lt; x&nbsp;y", blocks(para(txt("a & b <b> 'q' 🚀 &lt; x\u00a0y")))},
		{"decoded markup is text", "&lt;b&gt;x&lt;/b&gt; &#42;&#42;y&#42;&#42; &gt; no quote", blocks(para(txt("<b>x</b> **y** > no quote")))},
		{"unknown entity stays", "AT&T &bogus; &#;", blocks(para(txt("AT&T &bogus; &#;")))},
		{"invalid utf-8", "a\xffb", blocks(para(txt("a\uFFFDb")))},
		{"control chars dropped", "a\x00b\x07c", blocks(para(txt("abc")))},

		{"X note tweet text", "3/4 Second, we split by runtime.\n\nFlaky tests go to @ci_robot for triage. #DevOps ~30 s\n\nQ&amp;A welcome below.", blocks(
			para(txt("3/4 Second, we split by runtime.")),
			para(txt("Flaky tests go to "), mentionSpan("ci_robot"), txt(" for triage. "), hashtagSpan("DevOps", "DevOps"), txt(" ~30 s")),
			para(txt("Q&A welcome below.")))},

		// Entities in text.
		{"urls and trailing punctuation", "see https://e.com/a. (https://e.com/b) https://e.com/c, done", blocks(para(
			txt("see "), link("https://e.com/a", "https://e.com/a"), txt(". ("), link("https://e.com/b", "https://e.com/b"),
			txt(") "), link("https://e.com/c", "https://e.com/c"), txt(", done")))},
		{"balanced paren url", "https://en.wikipedia.org/wiki/Go_(language)!", blocks(para(
			link("https://en.wikipedia.org/wiki/Go_(language)", "https://en.wikipedia.org/wiki/Go_(language)"), txt("!")))},
		{"www and bare domain", "www.go.dev and example.com/path?q=1 and go.dev.", blocks(para(
			link("www.go.dev", "https://www.go.dev"), txt(" and "), link("example.com/path?q=1", "https://example.com/path?q=1"),
			txt(" and "), link("go.dev", "https://go.dev"), txt(".")))},
		{"file names are not urls", "Node.js, README.md, main.go, e.g. 3.14", blocks(para(txt("Node.js, README.md, main.go, e.g. 3.14")))},
		{"mention hashtag cashtag", "@ada_builds on #Go and $TSLA.", blocks(para(
			mentionSpan("ada_builds"), txt(" on "), hashtagSpan("Go", "Go"), txt(" and "), cashtagSpan("TSLA"), txt(".")))},
		{"not entities", "mail ada@example.com, #1, $5, a#b, @this_handle_is_too_long", blocks(para(
			txt("mail ada@example.com, #1, $5, a#b, @this_handle_is_too_long")))},
		{"unicode hashtag", "#café!", blocks(para(hashtagSpan("café", "caf%C3%A9"), txt("!")))},
		{"emoji kept", "🚀🧵 @ada 👇", blocks(para(txt("🚀🧵 "), mentionSpan("ada"), txt(" 👇")))},
		{"entities inside bold", "**@ada and https://e.com**", blocks(para(
			with(mentionSpan("ada"), asBold), bold(" and "), with(link("https://e.com", "https://e.com"), asBold)))},
		{"entities inside italic html", "<i>#go</i>", blocks(para(with(hashtagSpan("go", "go"), asItalic)))},
		{"underscore url not italic", "https://e.com/a_b_c and _x_", blocks(para(link("https://e.com/a_b_c", "https://e.com/a_b_c"), txt(" and "), italic("x")))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseBlocks(tt.in) // not ParseBlocks: a panic must fail the test
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseBlocks(%q)\n got: %s\nwant: %s", tt.in, dump(got), dump(tt.want))
			}
		})
	}
}

func TestEntities(t *testing.T) {
	base := carousel.Span{Bold: true}
	tests := []struct {
		name string
		in   string
		want []carousel.Span
	}{
		{"empty", "", nil},
		{"plain kept exactly", "  a **b** &amp; <i>  ", []carousel.Span{bold("  a **b** &amp; <i>  ")}},
		{"all kinds", "Hi @ada, #go $ABC http://e.com/x https://e.com www.e.com e.co/p 🚀", []carousel.Span{
			bold("Hi "), with(mentionSpan("ada"), asBold), bold(", "), with(hashtagSpan("go", "go"), asBold), bold(" "),
			with(cashtagSpan("ABC"), asBold), bold(" "), with(link("http://e.com/x", "http://e.com/x"), asBold), bold(" "),
			with(link("https://e.com", "https://e.com"), asBold), bold(" "), with(link("www.e.com", "https://www.e.com"), asBold), bold(" "),
			with(link("e.co/p", "https://e.co/p"), asBold), bold(" 🚀"),
		}},
		{"cashtag suffix", "$BRK.B", []carousel.Span{with(cashtagSpan("BRK.B"), asBold)}},
		{"url followed by emoji", "https://e.com/a🚀", []carousel.Span{with(link("https://e.com/a", "https://e.com/a"), asBold), bold("🚀")}},
		{"base link replaced", "x @a", []carousel.Span{bold("x "), with(mentionSpan("a"), asBold)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Entities(tt.in, base)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Entities(%q)\n got: %s\nwant: %s", tt.in, dump(got), dump(tt.want))
			}
		})
	}
}
