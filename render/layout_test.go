// SPDX-License-Identifier: MIT

package render

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
)

func project(posts ...carousel.Post) *carousel.Project {
	p := &carousel.Project{Version: carousel.ProjectVersion, Thread: carousel.Thread{Version: 1, Author: carousel.Author{Name: "Ada", Handle: "ada"}, Posts: posts}}
	for _, post := range posts {
		p.Slides = append(p.Slides, carousel.Slide{ID: post.ID, Kind: carousel.SlideContent, Items: []carousel.Item{{Post: post.ID}}})
	}
	return p
}

func textPost(id string, paras ...string) carousel.Post {
	post := carousel.Post{ID: id}
	for _, s := range paras {
		post.Blocks = append(post.Blocks, carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: s}}})
	}
	return post
}

// pageText is the text drawn on the pages of a layout, in order.
func pageText(pl *projectLayout) string {
	var b strings.Builder
	for _, pg := range pl.pages {
		for _, el := range pg.Elems {
			if el.Kind == elemText {
				b.WriteString(carousel.BlocksText([]carousel.Block{el.Block}))
				b.WriteByte(' ')
			}
		}
	}
	return b.String()
}

func TestLongPostFlows(t *testing.T) {
	e := newTestEngine(t)
	words := strings.Fields(strings.Repeat("Carousels are read on phones, one slide at a time, so every line must earn its place. ", 300))
	long := strings.Join(words, " ")[:25000]
	long = long[:strings.LastIndexByte(long, ' ')]
	p := project(textPost("1", "Short first post."), textPost("2", long), textPost("3", "The end."))
	pl, err := e.layoutProject(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.pages) < 10 {
		t.Fatalf("a 25,000-character post gave %d slides", len(pl.pages))
	}
	// Nothing is lost or repeated at the cuts.
	got := strings.Join(strings.Fields(pageText(pl)), " ")
	want := strings.Join(strings.Fields("Short first post. "+long+" The end."), " ")
	if got != want {
		t.Fatalf("text changed by the flow: got %d chars, want %d", len(got), len(want))
	}
	var over *carousel.Warning
	for i, w := range pl.warns {
		if w.Code == carousel.WarnOverflow {
			over = &pl.warns[i]
		}
	}
	if over == nil || over.Slide != 2 || over.Post != "2" {
		t.Fatalf("want an overflow warning for slide 2, post 2; got %+v", pl.warns)
	}
	for i, pg := range pl.pages[1 : len(pl.pages)-1] {
		if pg.Source != 1 || pg.Scale != p.Settings.Typography.MinScale && pg.Scale < carousel.DefaultMinScale-1e-9 {
			t.Fatalf("page %d: source %d scale %v", i+2, pg.Source, pg.Scale)
		}
	}
	l, _ := e.Layout(context.Background(), p)
	if !l.Slides[2].Continued || l.Slides[1].Continued || l.Slides[len(l.Slides)-1].Source != 2 {
		t.Fatalf("continued flags or sources wrong: %+v", l.Slides[:3])
	}
}

func TestShrinkBeforeFlow(t *testing.T) {
	e := newTestEngine(t)
	// A post a little too long for one slide shrinks instead of flowing.
	text := strings.Repeat("Tight but readable text. ", 22)
	p := project(textPost("1", text))
	pl, err := e.layoutProject(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.pages) != 1 {
		t.Fatalf("got %d pages, want 1", len(pl.pages))
	}
	if s := pl.pages[0].Scale; s >= 1 || s < carousel.DefaultMinScale {
		t.Fatalf("scale %v, want between %v and 1", s, carousel.DefaultMinScale)
	}
	if len(pl.warns) != 1 || pl.warns[0].Code != carousel.WarnShrunk {
		t.Fatalf("warnings %+v", pl.warns)
	}
}

func TestKeysChangeOnlyForTouchedSlides(t *testing.T) {
	e := newTestEngine(t)
	p := project(textPost("1", "One."), textPost("2", "Two."), textPost("3", "Three."))
	a, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	p.Thread.Posts[1].Blocks[0].Spans[0].Text = "Two, edited."
	b, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if a.Slides[0].Key != b.Slides[0].Key || a.Slides[2].Key != b.Slides[2].Key {
		t.Error("untouched slides changed keys")
	}
	if a.Slides[1].Key == b.Slides[1].Key {
		t.Error("the edited slide kept its key")
	}
	p.Settings.Theme = "midnight"
	c, _ := e.Layout(context.Background(), p)
	if c.Slides[0].Key == b.Slides[0].Key {
		t.Error("a theme change kept the key")
	}
}

// TestScriptFonts: Thai draws with the bundled Noto Sans Thai even with no
// system fonts; Korean without system fonts warns with the exact package
// to install, and with Debian's fonts-noto-cjk present draws with it.
func TestScriptFonts(t *testing.T) {
	bare, err := New(Options{SystemFontDirs: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	p := project(textPost("1", "ภาษาไทยอ่านง่าย"), textPost("2", "한국어 문장입니다"))
	l, err := bare.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	korean := false
	for _, w := range l.Warnings {
		if w.Code != carousel.WarnMissingGlyph {
			continue
		}
		if w.Post == "1" {
			t.Errorf("Thai: %s", w.Message)
		}
		if w.Post == "2" {
			korean = true
			if !strings.Contains(w.Message, "apt-get install fonts-noto-cjk") {
				t.Errorf("Korean warning does not say what to install: %s", w.Message)
			}
		}
	}
	if !korean {
		t.Error("Korean without system fonts gave no missing-glyph warning")
	}
	b := newTextBuilder(bare.fonts, bare.emoji)
	if got := b.fileFor('ไ', fontFamilies[0].Regular, false); got != "fallback/NotoSansThai-Regular.ttf" {
		t.Errorf("Thai font: %s", got)
	}
	if _, err := os.Stat("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"); err != nil {
		t.Skip("fonts-noto-cjk is not installed (scripts/test.sh installs it)")
	}
	sys := newTestEngine(t)
	l, err = sys.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range l.Warnings {
		if w.Code == carousel.WarnMissingGlyph {
			t.Errorf("with fonts-noto-cjk: %s", w.Message)
		}
	}
}

func TestMissingGlyphWarning(t *testing.T) {
	e, err := New(Options{SystemFontDirs: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	p := project(textPost("1", "Fine."), textPost("2", "Private use: \U0010FFFD here."))
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range l.Warnings {
		if w.Code == carousel.WarnMissingGlyph {
			found = true
			if w.Slide != 2 || w.Post != "2" || !strings.Contains(w.Message, "U+10FFFD") {
				t.Errorf("warning %+v", w)
			}
		}
	}
	if !found {
		t.Fatalf("no missing-glyph warning in %+v", l.Warnings)
	}
}

func TestFontFallback(t *testing.T) {
	e := newTestEngine(t)
	b := newTextBuilder(e.fonts, e.emoji)
	inter := fontFamilies[0].Regular
	for _, tc := range []struct {
		r    rune
		want string
	}{
		{'a', inter},
		{'ع', "fallback/NotoSansArabic-Regular.ttf"},
		{'ש', "fallback/NotoSansHebrew-Regular.ttf"},
		{'क', "fallback/NotoSansDevanagari-Regular.ttf"},
		{'♔', "fallback/DejaVuSans.ttf"},
	} {
		if got := b.fileFor(tc.r, inter, false); got != tc.want {
			t.Errorf("%q: got %s, want %s", tc.r, got, tc.want)
		}
	}
	if len(b.missing) != 0 {
		t.Errorf("unexpected missing %v", b.missingList())
	}
}

// glyphXs returns the x of the first glyph of each word of text, by its
// byte offset in the rich text, as laid out on one line.
func glyphXs(t *testing.T, tx *canvas.Text, log string) map[string]float64 {
	t.Helper()
	xs := map[string]float64{}
	starts := map[int]string{}
	at := 0
	for _, w := range strings.Fields(log) {
		i := strings.Index(log[at:], w) + at
		starts[i] = w
		at = i + len(w)
	}
	tx.WalkSpans(func(x, y float64, sp canvas.TextSpan) {
		gx := x
		for _, g := range sp.Glyphs {
			if w, ok := starts[int(g.Cluster)]; ok {
				xs[w] = gx
			}
			gx += g.Advance()
		}
	})
	return xs
}

// TestRTLWordOrder: the words of a right-to-left paragraph run from right
// to left, also when the paragraph starts with a Latin word and the post
// says it is Hebrew; without the language, a paragraph that starts with a
// Latin word is left to right (its first strong character), with the
// Hebrew words still right to left among themselves.
func TestRTLWordOrder(t *testing.T) {
	e := newTestEngine(t)
	for _, tc := range []struct {
		text, lang string
		rtl        bool
		order      []string // left to right
	}{
		{"واحد اثنان ثلاثة", "", true, []string{"ثلاثة", "اثنان", "واحد"}},
		{"GitHub הוא כלי", "he", true, []string{"כלי", "הוא", "GitHub"}},
		{"GitHub הוא כלי", "", false, []string{"GitHub", "כלי", "הוא"}},
		{"שלום Next.js ו-React", "", true, []string{"ו-React", "Next.js", "שלום"}},
	} {
		b := newTextBuilder(e.fonts, e.emoji)
		st := textStyle{family: fontFamilies[0], size: 10, align: canvas.Left, lang: tc.lang}
		rb := b.build([]carousel.Span{{Text: tc.text}}, st)
		if rb.rtl != tc.rtl {
			t.Errorf("%q (%s): right to left %v, want %v", tc.text, tc.lang, rb.rtl, tc.rtl)
		}
		tx, _ := rb.layout(200, 0, st)
		xs := glyphXs(t, tx, rb.rt.String())
		for i := 1; i < len(tc.order); i++ {
			if !(xs[tc.order[i-1]] < xs[tc.order[i]]) {
				t.Errorf("%q (%s): words out of order, want %v left to right: %v", tc.text, tc.lang, tc.order, xs)
				break
			}
		}
		var right float64
		tx.WalkSpans(func(x, _ float64, sp canvas.TextSpan) { right = math.Max(right, x+sp.Width) })
		if tc.rtl && right < 199 {
			t.Errorf("%q: a right-to-left line should end at the right edge, ends at %.1f of 200", tc.text, right)
		}
	}
}

func TestEmojiMatch(t *testing.T) {
	e := newTestEngine(t)
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"👩‍💻 x", 3, "1f469-200d-1f4bb"},
		{"👍🏽", 2, "1f44d-1f3fd"},
		{"🇫🇷🇯🇵", 2, "1f1eb-1f1f7"},
		{"1️⃣", 3, "31-20e3"},
		{"❤️", 2, "2764"},
		{"👨‍👩‍👧‍👦", 7, "1f468-200d-1f469-200d-1f467-200d-1f466"},
		{"🤷‍♀️ x", 4, "1f937-200d-2640"},
		{"🤷‍♀ x", 3, "1f937-200d-2640"}, // typed without the variation selector
		{"🏳️‍🌈", 4, "1f3f3-200d-1f308"},
		{"❤️‍🔥", 4, "2764-200d-1f525"},
		{"🐻‍❄️", 4, "1f43b-200d-2744"},
		{"👩‍❤️‍👨", 6, "1f469-200d-2764-200d-1f468"},
		{"🧑🏽‍💻", 4, "1f9d1-1f3fd-200d-1f4bb"},
		{"#️⃣", 3, "23-20e3"},
		{"©", 0, ""},
		{"# tag", 0, ""},
		{"7 days", 0, ""},
		{"a", 0, ""},
	} {
		n, key := e.emoji.match([]rune(tc.in), 0)
		if n != tc.n || key != tc.want {
			t.Errorf("%q: got %d %q, want %d %q", tc.in, n, key, tc.n, tc.want)
		}
	}
	if e.emoji.canvas("1f680") == nil {
		t.Error("the rocket SVG did not parse")
	}
}

// TestEmojiEveryFileReachable spells every Twemoji file name as text, as
// it is named (FE0F where the file has it), and checks the text matches
// that file as one whole sequence.
func TestEmojiEveryFileReachable(t *testing.T) {
	e := newTestEngine(t)
	zr, err := zip.NewReader(bytes.NewReader(twemojiZip), int64(len(twemojiZip)))
	if err != nil {
		t.Fatal(err)
	}
	total, lost := 0, 0
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".svg")
		if !ok {
			continue
		}
		var rs []rune
		for _, h := range strings.Split(name, "-") {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("file %s: %v", f.Name, err)
			}
			rs = append(rs, rune(v))
		}
		total++
		if rs[0] == 0xA9 || rs[0] == 0xAE {
			rs = append(rs, 0xFE0F) // text by default: emoji only when asked
		}
		n, key := e.emoji.match(rs, 0)
		if zf := e.emoji.files[key]; n != len(rs) || zf == nil || zf.Name != f.Name {
			lost++
			if lost <= 5 {
				t.Errorf("%s: matched %d of %d runes as %q", f.Name, n, len(rs), key)
			}
		}
	}
	if lost > 0 {
		t.Errorf("%d of %d Twemoji files cannot be reached from their own text", lost, total)
	}
}

func TestCheck(t *testing.T) {
	e := newTestEngine(t)
	for _, tc := range []struct {
		s     carousel.Settings
		field string
	}{
		{carousel.Settings{Theme: "nope"}, "settings.theme"},
		{carousel.Settings{Template: "nope"}, "settings.template"},
		{carousel.Settings{Pattern: carousel.Pattern{Name: "nope"}}, "settings.pattern.name"},
		{carousel.Settings{Format: "nope"}, "settings.format"},
		{carousel.Settings{Typography: carousel.Typography{TitleFont: "comic"}}, "settings.typography.titleFont"},
		{carousel.Settings{Typography: carousel.Typography{BodyFont: "comic"}}, "settings.typography.bodyFont"},
	} {
		err := e.Check(&tc.s)
		var ce *carousel.Error
		if err == nil || !asError(err, &ce) || ce.Field != tc.field || ce.Code != carousel.EINVALID {
			t.Errorf("%s: got %v", tc.field, err)
		}
	}
	if err := e.Check(&carousel.Settings{Theme: defaultTheme, Template: "headline", Typography: carousel.Typography{TitleFont: "bebas-neue", BodyFont: "eb-garamond"}}); err != nil {
		t.Error(err)
	}
	c := e.Catalog()
	if len(c.Fonts) < 6 || len(c.Templates) < 2 || len(c.Formats) != 7 || len(c.Themes) == 0 || c.Fonts[0].Description == "" {
		t.Errorf("catalog %+v", c)
	}
}

func TestPlan(t *testing.T) {
	e := newTestEngine(t)
	p := &carousel.Project{Version: 1, Thread: *carousel.SampleThread()}
	p.Thread.Posts = append(p.Thread.Posts, carousel.Post{ID: "2000", Media: []carousel.Media{{Type: carousel.MediaPhoto, Src: "landscape.jpg"}}})
	p.Settings.CTA.Variant = 2
	if _, err := e.Plan(context.Background(), p, false); err != nil {
		t.Fatal(err)
	}
	n := len(p.Slides) - 1
	if p.Slides[0].Kind != carousel.SlideCover || p.Slides[n].Kind != carousel.SlideOutro || p.Slides[n-1].Kind != carousel.SlideImage {
		t.Fatalf("plan: %+v", p.Slides)
	}
	// Every post is planned, in order; the long post 1008 in parts that
	// follow each other.
	next := map[string]int{}
	var order []string
	for _, sl := range p.Slides {
		for _, it := range sl.Items {
			if len(order) == 0 || order[len(order)-1] != it.Post {
				order = append(order, it.Post)
			}
			if it.From != next[it.Post] && !(it.From == 0 && it.To == 0) {
				t.Errorf("post %s: part from %d, want %d", it.Post, it.From, next[it.Post])
			}
			next[it.Post] = it.To
		}
	}
	if len(order) != len(p.Thread.Posts) || next["1008"] != len(p.Thread.PostByID("1008").Blocks) {
		t.Errorf("posts in order %v, 1008 ends at %d", order, next["1008"])
	}
	ids := map[string]bool{}
	for _, s := range p.Slides {
		if s.ID == "" || ids[s.ID] {
			t.Fatalf("missing or repeated id %q", s.ID)
		}
		ids[s.ID] = true
	}
	// A manual slide survives re-planning; its post is not planned twice.
	manual := carousel.Slide{ID: "mine", Kind: carousel.SlideContent, Manual: true, Items: []carousel.Item{{Post: "1003", Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Edited"}}}}}}}
	p.Slides = append(p.Slides[:3], append([]carousel.Slide{manual}, p.Slides[3:]...)...)
	before := p.Slides[1].ID
	if _, err := e.Plan(context.Background(), p, false); err != nil {
		t.Fatal(err)
	}
	if p.Slides[3].ID != "mine" || p.Slides[1].ID != before {
		t.Fatalf("manual slide moved or ids changed: %+v", p.Slides[:5])
	}
	count := 0
	for _, s := range p.Slides {
		for _, it := range s.Items {
			if it.Post == "1003" {
				count++
			}
		}
	}
	if count != 1 {
		t.Fatalf("post 1003 is on %d slides", count)
	}
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatal(err)
	}
	for _, s := range p.Slides {
		if s.Manual {
			t.Fatal("replanAll kept a manual slide")
		}
	}
	// The plan renders.
	if _, err := e.Layout(context.Background(), p); err != nil {
		t.Fatal(err)
	}
}

func TestBrokenAndHugeImages(t *testing.T) {
	e := newTestEngine(t)
	post := textPost("1", "With images.")
	post.Media = []carousel.Media{
		{Type: carousel.MediaPhoto, Src: "data:image/png;base64,bm90IGFuIGltYWdl"},
		{Type: carousel.MediaPhoto, Src: hugePNG()},
		{Type: carousel.MediaPhoto, Src: "missing.png"},
	}
	p := project(post)
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, w := range l.Warnings {
		if w.Code == carousel.WarnImage && w.Slide == 1 {
			msgs = append(msgs, w.Message)
		}
	}
	if len(msgs) != 3 || !strings.Contains(strings.Join(msgs, "|"), "40 megapixels") {
		t.Fatalf("image warnings: %q", msgs)
	}
	if err := e.Image(context.Background(), discard{}, p, 1, carousel.PNG); err != nil {
		t.Fatal(err)
	}
}

func TestImageFormatsDecode(t *testing.T) {
	e := newTestEngine(t)
	for _, ref := range []string{"landscape.jpg", "avatar.png", "tiny.gif", "tiny.webp"} {
		li := e.image(context.Background(), ref)
		if li.err != nil || li.w == 0 {
			t.Errorf("%s: %v", ref, li.err)
		}
	}
}

func TestAltText(t *testing.T) {
	e := newTestEngine(t)
	p := sampleProject(t, e)
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	alt := l.Slides[6].Alt
	if !strings.Contains(alt, "Pictures beat paragraphs") || !strings.Contains(alt, "Image: A sunny landscape") {
		t.Fatalf("alt: %q", alt)
	}
}

func TestSpanLink(t *testing.T) {
	for _, tc := range []struct {
		sp   carousel.Span
		want string
	}{
		{carousel.Span{Text: "@ada", Entity: carousel.EntityMention}, "https://x.com/ada"},
		{carousel.Span{Text: "#golang", Entity: carousel.EntityHashtag}, "https://x.com/hashtag/golang"},
		{carousel.Span{Text: "$TSLA", Entity: carousel.EntityCashtag}, "https://x.com/search?q=%24TSLA"},
		{carousel.Span{Text: "example.com/a", Entity: carousel.EntityURL}, "https://example.com/a"},
		{carousel.Span{Text: "x", Link: "https://t.co/x", Entity: carousel.EntityURL}, "https://t.co/x"},
		{carousel.Span{Text: "plain"}, ""},
	} {
		if got := spanLink(tc.sp); got != tc.want {
			t.Errorf("%+v: got %q, want %q", tc.sp, got, tc.want)
		}
	}
}

func TestSystemFontFallback(t *testing.T) {
	e := newTestEngine(t)
	b := newTextBuilder(e.fonts, e.emoji)
	got := b.fileFor('한', fontFamilies[0].Regular, false) // Korean: in no bundled font
	if len(b.missing) > 0 {
		t.Skip("no system font with Korean in", e.opts.SystemFontDirs, "(Debian: fonts-noto-cjk)")
	}
	if !strings.HasPrefix(got, "/") {
		t.Fatalf("Korean resolved to %q, want a system font", got)
	}
}

// TestAllBrandItems draws every header and footer item, the headline
// template and the dark theme.
func TestAllBrandItems(t *testing.T) {
	e := newTestEngine(t)
	p := sampleProject(t, e)
	s := &p.Settings
	s.Template, s.Theme = "headline", "midnight"
	s.Typography.TitleFont, s.Typography.BodyFont = "roboto-slab", "lato"
	s.Brand = carousel.Brand{Name: "Maya", Handle: "mayabuilds", Avatar: "avatar.png", Logo: "landscape.jpg", Website: "https://maya.example",
		Header:      []carousel.BrandItem{{Kind: "logo", Position: "left"}, {Kind: "website", Position: "center"}, {Kind: "progress", Position: "right"}},
		Footer:      []carousel.BrandItem{{Kind: "avatar", Position: "left"}, {Kind: "name", Position: "left"}, {Kind: "handle", Position: "center"}, {Kind: "slide-number", Position: "right"}, {Kind: "swipe", Position: "right"}},
		ShowOnCover: true, ShowOnOutro: true}
	s.CTA = carousel.CTA{Variant: 3, URL: "https://maya.example/guide"}
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range l.Warnings {
		if w.Code == carousel.WarnImage {
			t.Errorf("image warning: %v", w)
		}
	}
	for n := 1; n <= len(l.Slides); n++ {
		if err := e.Image(context.Background(), discard{}, p, n, carousel.PNG); err != nil {
			t.Fatal(err)
		}
	}
	if *lookDir != "" {
		for _, n := range []int{1, 3, len(l.Slides)} {
			f, _ := os.Create(filepath.Join(*lookDir, fmt.Sprintf("brand-%02d.png", n)))
			e.Image(context.Background(), f, p, n, carousel.PNG)
			f.Close()
		}
	}
}

func TestCoverHookIsFirstSentence(t *testing.T) {
	b := carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Most threads die on the first line. "}, {Text: "Here is the fix", Bold: true}, {Text: " that took me three years, two failed newsletters and one very patient editor to learn."}}}
	hook, rest, _ := firstSentence(b)
	if got := carousel.BlocksText([]carousel.Block{hook}); got != "Most threads die on the first line." {
		t.Fatalf("hook %q", got)
	}
	if got := carousel.BlocksText([]carousel.Block{rest}); !strings.HasPrefix(got, "Here is the fix that took") || !rest.Spans[0].Bold {
		t.Fatalf("rest %q", got)
	}
	short := carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Short hook. Still short."}}}
	if h, r, _ := firstSentence(short); len(r.Spans) != 0 || len(h.Spans) != 1 {
		t.Fatal("a short block was split")
	}
	// "Hi." is too short a headline: the first sentences of 12 bytes or more.
	long := carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: "Hi. So here is the thing. " + strings.Repeat("And then a long explanation follows, as posts do. ", 4)}}}
	if h, _, ok := firstSentence(long); !ok || carousel.BlocksText([]carousel.Block{h}) != "Hi. So here is the thing." {
		t.Errorf("short first sentence: %q %v", carousel.BlocksText([]carousel.Block{h}), ok)
	}
	// No sentence ends within 120 characters: no headline at all.
	run := carousel.Block{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: strings.Repeat("words without a full stop ", 10)}}}
	if _, _, ok := firstSentence(run); ok {
		t.Error("a 260-character sentence was taken as a headline")
	}
}

// TestHeadlineNeverSetsWholePost: the headline templates never set a long
// post as a display headline when it has no short first sentence.
func TestHeadlineNeverSetsWholePost(t *testing.T) {
	e := newTestEngine(t)
	for _, tpl := range []string{"headline", "numbered-steps"} {
		for _, text := range []string{"Hi. " + strings.Repeat("a long run of words ", 12), strings.Repeat("no stop in this sentence at all ", 8)} {
			p := project(textPost("1", text))
			p.Settings.Template = tpl
			pl, err := e.layoutProject(context.Background(), p)
			if err != nil {
				t.Fatal(err)
			}
			for _, el := range pl.pages[0].Elems {
				if el.Role == roleTitle && utf8.RuneCountInString(carousel.BlocksText([]carousel.Block{el.Block})) > 120 {
					t.Errorf("%s: a %d-character title", tpl, utf8.RuneCountInString(carousel.BlocksText([]carousel.Block{el.Block})))
				}
			}
		}
	}
}

func TestKeyIgnoresHiddenNumbers(t *testing.T) {
	e := newTestEngine(t)
	p := project(textPost("1", "One."), textPost("2", "Two."))
	p.Settings.Brand.Header = []carousel.BrandItem{{Kind: carousel.BrandName, Position: "left"}}
	p.Settings.Brand.Footer = []carousel.BrandItem{{Kind: carousel.BrandHandle, Position: "right"}}
	a, _ := e.Layout(context.Background(), p)
	p.Thread.Posts = append(p.Thread.Posts, textPost("3", "Three."))
	p.Slides = append(p.Slides, carousel.Slide{ID: "3", Kind: carousel.SlideContent, Items: []carousel.Item{{Post: "3"}}})
	b, _ := e.Layout(context.Background(), p)
	if a.Slides[0].Key != b.Slides[0].Key {
		t.Fatal("adding a slide changed the key of a slide that shows no number")
	}
}

// TestOddText renders text that tends to break layout engines.
func TestOddText(t *testing.T) {
	e := newTestEngine(t)
	odd := []string{
		"", " ", "\n", "\n\n\n", "👍", "\u200d", "\ufe0f", "a\u0301\u0301\u0301",
		strings.Repeat("x", 5000),
		strings.Repeat("https://example.com/a/very/long/path/", 80),
		strings.Repeat("😀", 600),
		"מילה " + strings.Repeat("ع", 3000),
		"tab\tand\rreturn",
	}
	var posts []carousel.Post
	for i, s := range odd {
		posts = append(posts, textPost(fmt.Sprint(i+1), s))
	}
	posts = append(posts, carousel.Post{ID: "99"}) // no blocks at all
	p := project(posts...)
	l, err := e.Layout(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= len(l.Slides); n++ {
		if err := e.SVG(context.Background(), discard{}, p, n); err != nil {
			t.Fatalf("slide %d: %v", n, err)
		}
	}
	if _, err := e.Export(context.Background(), carousel.SingleFile(discard{}), p, carousel.Export{Kind: carousel.ExportPDF}); err != nil {
		t.Fatal(err)
	}
}

// TestWideWordBreaks: a word wider than the slide breaks into lines, on a
// content slide and on the cover, instead of running off the edge; alt
// text keeps it whole.
func TestWideWordBreaks(t *testing.T) {
	e := newTestEngine(t)
	word := strings.Repeat("x", 80)
	p := project(textPost("1", "See "+word))
	for _, kind := range []carousel.SlideKind{carousel.SlideContent, carousel.SlideCover} {
		p.Slides[0].Kind = kind
		l, err := e.Layout(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range l.Warnings {
			if w.Code == carousel.WarnOverflow {
				t.Errorf("%s: %+v", kind, w)
			}
		}
		if !strings.Contains(l.Slides[0].Alt, "See "+word) {
			t.Errorf("%s: alt %q", kind, l.Slides[0].Alt)
		}
		_, pg, err := e.pageAt(context.Background(), p, 1)
		if err != nil {
			t.Fatal(err)
		}
		// One long token breaks inside itself and costs no size (the
		// cover's hook type is big enough for 80 letters to need shrinking
		// for their height).
		if kind == carousel.SlideContent && pg.Scale < 1 {
			t.Errorf("%s: scale %v, want at least 1: one long word shrank the slide", kind, pg.Scale)
		}
	}
}

// TestContinuedPagesRepeatHeading: a headline slide whose text continues
// repeats its heading on the continued pages, marked as continued.
func TestContinuedPagesRepeatHeading(t *testing.T) {
	e := newTestEngine(t)
	long := strings.Repeat("Every line on a slide must earn its place, so cut what does not. ", 40)
	p := project(textPost("1", "Three rules for slides. "+long))
	p.Settings.Template = "headline"
	p.Settings.Format = "instagram-square"
	pl, err := e.layoutProject(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(pl.pages) < 2 {
		t.Fatalf("%d pages, want the text to continue", len(pl.pages))
	}
	for i, pg := range pl.pages[1:] {
		el := pg.Elems[0]
		for _, e := range pg.Elems {
			if e.Kind == elemText {
				el = e // past the template's rules
				break
			}
		}
		if got := carousel.BlocksText([]carousel.Block{el.Block}); el.Role != roleTitle || got != "Three rules for slides. (continued)" {
			t.Errorf("page %d starts with %s %q", i+2, el.Role, got)
		}
	}
}

// TestImagePlacement: a 16×16 icon is never shown past twice its size and
// says so; very tall and very wide pictures get a box of a readable shape;
// four pictures of a post make one grid, in portrait and landscape.
func TestImagePlacement(t *testing.T) {
	e := newTestEngine(t)
	mk := func(src string) carousel.Media { return carousel.Media{Type: carousel.MediaPhoto, Src: src} }
	for _, format := range []string{"instagram-portrait", "linkedin-landscape"} {
		p := project(
			carousel.Post{ID: "1", Blocks: []carousel.Block{para("A tiny icon:")}, Media: []carousel.Media{mk("icon16.png")}},
			carousel.Post{ID: "2", Blocks: []carousel.Block{para("Tall:")}, Media: []carousel.Media{mk("tall.png")}},
			carousel.Post{ID: "3", Blocks: []carousel.Block{para("Four:")}, Media: []carousel.Media{mk("landscape.jpg"), mk("landscape.jpg"), mk("landscape.jpg"), mk("landscape.jpg")}},
		)
		p.Settings.Format = format
		pl, err := e.layoutProject(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		warned := false
		for _, w := range pl.warns {
			warned = warned || (w.Code == carousel.WarnImage && w.Post == "1" && strings.Contains(w.Message, "16×16"))
		}
		if !warned {
			t.Errorf("%s: no warning for the 16×16 icon: %+v", format, pl.warns)
		}
		m := newMeasurer(e, pl.pc)
		for _, pg := range pl.pages {
			width := m.textBox(pg).w()
			for _, el := range pg.Elems {
				switch {
				case el.Kind == elemImage && el.Media.Src == "icon16.png":
					if h := m.elemHeight(el, pg.Scale, width); h > 2*16*pxMM+2*12*m.u()*pg.Scale+1e-6 {
						t.Errorf("%s: the icon's box is %.1f mm tall", format, h)
					}
				case el.Kind == elemImage && el.Media.Src == "tall.png":
					if h := m.elemHeight(el, pg.Scale, width); h < math.Min(width/maxImageAspect, pl.pc.content.h()*0.5*pg.Scale)-1e-6 {
						t.Errorf("%s: the tall picture's box is a %.1f mm sliver", format, h)
					}
				case el.Kind == elemImage && el.Media.Src == "landscape.jpg":
					t.Errorf("%s: the four pictures were not put in a grid", format)
				case el.Kind == elemGrid && len(el.Grid) != 4:
					t.Errorf("%s: a grid of %d pictures", format, len(el.Grid))
				}
			}
		}
	}
}
