// SPDX-License-Identifier: MIT

package importer

// STAND-IN for package markup (github.com/carouselstudio/carousel/markup),
// written in parallel by another helper. At merge, replace this whole file
// with:
//
//	package importer
//	import "github.com/carouselstudio/carousel/markup"
//	var (
//		parseThread = markup.ParseThread // pasted text (Import)
//		entities    = markup.Entities    // text without entity data (archive notes, FxTwitter display text)
//	)
//
// The versions here are deliberately minimal: paragraphs only, "---" or
// blank-line splitting, and bare URL/@/#/$ detection.

import (
	"regexp"
	"strings"

	carousel "github.com/carouselstudio/carousel"
)

var (
	parseThread = standinParseThread
	entities    = standinEntities
)

var standinEntityRE = regexp.MustCompile(`https?://[^\s]+|[@＠][A-Za-z0-9_]{1,15}|#[\p{L}\p{N}_]+|\$[A-Za-z]{1,6}\b`)

func standinEntities(text string, base carousel.Span) []carousel.Span {
	var out []carousel.Span
	pos := 0
	for _, m := range standinEntityRE.FindAllStringIndex(text, -1) {
		if m[0] > pos {
			s := base
			s.Text = text[pos:m[0]]
			out = append(out, s)
		}
		tok := text[m[0]:m[1]]
		s := base
		s.Text = tok
		switch tok[0] {
		case 'h':
			s.Entity, s.Link = carousel.EntityURL, tok
		case '#':
			s.Entity, s.Link = carousel.EntityHashtag, "https://x.com/hashtag/"+tok[1:]
		case '$':
			s.Entity, s.Link = carousel.EntityCashtag, "https://x.com/search?q=%24"+tok[1:]
		default:
			s.Entity, s.Link = carousel.EntityMention, "https://x.com/"+strings.TrimLeft(tok, "@＠")
		}
		out = append(out, s)
		pos = m[1]
	}
	if pos < len(text) {
		s := base
		s.Text = text[pos:]
		out = append(out, s)
	}
	return out
}

func standinParseBlocks(text string) []carousel.Block {
	var blocks []carousel.Block
	for _, para := range regexp.MustCompile(`\n\s*\n`).Split(strings.TrimSpace(text), -1) {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		blocks = append(blocks, carousel.Block{Type: carousel.Paragraph, Spans: standinEntities(para, carousel.Span{})})
	}
	return blocks
}

func standinSplitPosts(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	sep := regexp.MustCompile(`(?m)^\s*-{3,}\s*$`)
	var parts []string
	if sep.MatchString(text) {
		parts = sep.Split(text, -1)
	} else {
		parts = regexp.MustCompile(`\n\s*\n`).Split(text, -1)
	}
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func standinParseThread(text string) (*carousel.Thread, error) {
	posts := standinSplitPosts(text)
	if len(posts) == 0 {
		return nil, carousel.Errorf(carousel.EINVALID, "The pasted text is empty.")
	}
	t := &carousel.Thread{Version: carousel.ThreadVersion, Source: "paste"}
	for i, p := range posts {
		t.Posts = append(t.Posts, carousel.Post{ID: itoa(i + 1), Blocks: standinParseBlocks(p)})
	}
	return t, nil
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
