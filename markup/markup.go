// SPDX-License-Identifier: MIT

// Package markup reads the text people paste or that sources hand over:
// it splits a pasted thread into posts, turns the markdown people type and
// the small HTML X-derived text carries into rich-text blocks, and finds
// URLs, mentions, hashtags and cashtags in plain text.
//
// Inside a post, markdown as people type it (**bold**, __bold__, *italic*,
// _italic_, ~~strike~~, [text](url), # headings, > quotes, - * • lists,
// 1. and 1) lists) and the HTML of X-derived text (b, strong, i, em, u, s,
// del, a href, br, p and friends) may be mixed. Unknown elements are
// dropped with their text kept, script and style with their text; text
// that only looks like a tag ("List<String>", "<3") stays. Entities are
// decoded once, and what they decode to is never read as markup.
//
// Everything here is linear in the input and never panics.
package markup

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	carousel "github.com/carouselstudio/carousel"
)

// ParseBlocks turns one post's text into rich-text blocks.
func ParseBlocks(text string) (blocks []carousel.Block) {
	defer func() {
		// A bug must not take the request down: fall back to plain text.
		if recover() != nil {
			blocks = plainBlocks(text)
		}
	}()
	return parseBlocks(text)
}

// parseBlocks is ParseBlocks without the safety net, so that tests see a panic.
func parseBlocks(text string) []carousel.Block {
	var blocks []carousel.Block
	var links []target
	cells := lex(text, &links)
	p := inlineParser{links: &links}
	for _, rb := range splitBlocks(cells) {
		spans := p.parse(rb.cells)
		if len(spans) == 0 {
			continue
		}
		b := carousel.Block{Type: rb.typ, Spans: spans}
		switch rb.typ {
		case carousel.Heading:
			b.Level = rb.level
		case carousel.Numbered:
			b.Number, b.Level = rb.number, rb.level
		case carousel.Bullet:
			b.Level = rb.level
		case carousel.Code:
			b.Spans = codeSpans(rb.cells)
		}
		blocks = append(blocks, b)
	}
	return blocks
}

// codeSpans is a code block's text as typed: no markup, no entities.
func codeSpans(cells []cell) []carousel.Span {
	rs := make([]rune, len(cells))
	for i, c := range cells {
		rs[i] = c.r
	}
	return []carousel.Span{{Text: string(rs), Code: true}}
}

// plainBlocks is the last-resort reading of text: one paragraph per run of
// non-blank lines, with entities.
func plainBlocks(text string) []carousel.Block {
	var blocks []carousel.Block
	text = strings.ToValidUTF8(strings.ReplaceAll(text, "\r\n", "\n"), "\uFFFD")
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para != "" {
			blocks = append(blocks, carousel.Block{Type: carousel.Paragraph, Spans: Entities(para, carousel.Span{})})
		}
	}
	return blocks
}

// ParseThread parses pasted text into a thread (Version set, Source
// "paste", post ids "1", "2", …). It returns an EINVALID *carousel.Error
// when there is no text at all.
func ParseThread(text string) (*carousel.Thread, error) {
	t, _, err := ParseThreadWarnings(text)
	return t, err
}

// ParseThreadWarnings is ParseThread that also says which posts it left
// out because they were empty (a "---" line twice in a row, or only markup),
// as WarnEmpty warnings, so that no post is dropped without a word.
func ParseThreadWarnings(text string) (*carousel.Thread, []carousel.Warning, error) {
	t := &carousel.Thread{Version: carousel.ThreadVersion, Source: "paste"}
	raws, empty := splitPosts(text)
	var warnings []carousel.Warning
	for _, at := range empty {
		warnings = append(warnings, carousel.Warning{Code: carousel.WarnEmpty,
			Message: fmt.Sprintf("Part %d of the pasted text, between two separator lines, is empty, so no post was made of it.", at)})
	}
	for i, raw := range raws {
		blocks := ParseBlocks(raw)
		if len(blocks) == 0 {
			// Only markup, such as "<b></b>".
			warnings = append(warnings, carousel.Warning{Code: carousel.WarnEmpty,
				Message: fmt.Sprintf("Post %d of the pasted text has no words, only markup (%q), so it was left out.", i+1, truncate(raw, 40))})
			continue
		}
		t.Posts = append(t.Posts, carousel.Post{ID: strconv.Itoa(len(t.Posts) + 1), Blocks: blocks})
	}
	if len(t.Posts) == 0 {
		if strings.TrimSpace(text) == "" {
			return nil, nil, carousel.Errorf(carousel.EINVALID, "The pasted text is empty: paste the thread's posts, separated by blank lines or lines of ---.")
		}
		return nil, nil, carousel.Errorf(carousel.EINVALID, "The pasted text has no words, only markup: paste the thread's posts, separated by blank lines or lines of ---.")
	}
	return t, warnings, nil
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

type spanKey struct {
	style        uint8
	link, entity string
}

// buildSpans turns visible cells into merged spans with entities found,
// trimmed at both ends.
func (p *inlineParser) buildSpans(vis []cell) []carousel.Span {
	links := *p.links
	rs := reuse(p.runes, len(vis))
	p.runes = rs
	for i, c := range vis {
		rs[i] = c.r
	}
	// Entities are looked for only outside links, which are entities already.
	ms := p.matches[:0]
	for i := 0; i < len(vis) && !p.noEntities; {
		if vis[i].link != 0 || vis[i].style&styleCode != 0 {
			i++
			continue
		}
		j := i
		for j < len(vis) && vis[j].link == 0 && vis[j].style&styleCode == 0 {
			j++
		}
		ms = findEntities(rs, i, j, ms)
		i = j
	}
	p.matches = ms

	var (
		spans   []carousel.Span
		cur     spanKey
		from    int // where the current span starts
		mi      int
		linkEnt string
	)
	flush := func(to int) {
		if to > from {
			spans = append(spans, carousel.Span{
				Text:      string(rs[from:to]),
				Bold:      cur.style&styleBold != 0,
				Italic:    cur.style&styleItalic != 0,
				Underline: cur.style&styleUnderline != 0,
				Strike:    cur.style&styleStrike != 0,
				Highlight: cur.style&styleHighlight != 0,
				Code:      cur.style&styleCode != 0,
				Link:      cur.link,
				Entity:    cur.entity,
			})
		}
		from = to
	}
	for i, c := range vis {
		k := spanKey{style: c.style}
		if c.link != 0 {
			tg := links[c.link-1]
			k.link = tg.url
			if i == 0 || vis[i-1].link != c.link {
				linkEnt = carousel.EntityURL
				switch {
				case tg.kind != "":
					linkEnt = tg.kind
				case tg.fedi:
					linkEnt = fediTextKind(c.r)
				case tg.html:
					linkEnt = linkEntity(c.r, k.link)
				}
			}
			k.entity = linkEnt
		} else {
			for mi < len(ms) && ms[mi].end <= i {
				mi++
			}
			if mi < len(ms) && ms[mi].start <= i {
				k.link, k.entity = ms[mi].link, ms[mi].kind
			}
		}
		if i == 0 {
			cur = k
		} else if k != cur {
			flush(i)
			cur = k
		}
	}
	flush(len(vis))
	return trimSpans(spans)
}

// linkEntity classifies an HTML link by the first rune of its text: X's
// own links to "@handle" and "#tag" are mentions and hashtags.
func linkEntity(first rune, link string) string {
	onX := strings.HasPrefix(link, "https://x.com/") || strings.HasPrefix(link, "https://twitter.com/") ||
		strings.HasPrefix(link, "https://mobile.twitter.com/") || strings.HasPrefix(link, "https://www.x.com/") ||
		strings.HasPrefix(link, "https://www.twitter.com/")
	if onX {
		switch first {
		case '@':
			return carousel.EntityMention
		case '#':
			return carousel.EntityHashtag
		case '$':
			return carousel.EntityCashtag
		}
	}
	return carousel.EntityURL
}

// trimSpans trims white space at the start of the first span and the end
// of the last, dropping spans left empty.
func trimSpans(spans []carousel.Span) []carousel.Span {
	for len(spans) > 0 {
		spans[0].Text = strings.TrimLeftFunc(spans[0].Text, unicode.IsSpace)
		if spans[0].Text != "" {
			break
		}
		spans = spans[1:]
	}
	for len(spans) > 0 {
		last := &spans[len(spans)-1]
		last.Text = strings.TrimRightFunc(last.Text, unicode.IsSpace)
		if last.Text != "" {
			break
		}
		spans = spans[:len(spans)-1]
	}
	if len(spans) == 0 {
		return nil
	}
	return spans
}
