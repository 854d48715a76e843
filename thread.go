// SPDX-License-Identifier: MIT

// Package carousel holds the vocabulary of Carousel Studio: threads, posts,
// rich text, carousel projects and their settings, brand profiles, presets,
// and the service interfaces the other packages implement. It imports only
// the standard library.
package carousel

import "strings"

// ThreadVersion is the version of the thread JSON format written by this code.
const ThreadVersion = 1

// Thread is a thread of posts by one author, in reading order.
// It is the result of every importer and the input of the planner.
type Thread struct {
	Version int    `json:"version"`
	URL     string `json:"url,omitempty"`    // the root post's URL, when known
	Source  string `json:"source,omitempty"` // "xapi", "fxtwitter", "syndication", "archive", "bluesky", "mastodon", "mastodon-archive", "threads", "paste"
	Author  Author `json:"author"`
	Posts   []Post `json:"posts"`
}

// Author is a post's author.
type Author struct {
	Name   string `json:"name,omitempty"`
	Handle string `json:"handle,omitempty"` // without the leading @
	Avatar string `json:"avatar,omitempty"` // an image reference (see Media.Src)
}

// Post is one post of a thread.
type Post struct {
	ID        string  `json:"id"`
	URL       string  `json:"url,omitempty"`
	Created   string  `json:"created,omitempty"` // RFC 3339
	Author    *Author `json:"author,omitempty"`  // only when it differs from the thread's author (quotes)
	Blocks    []Block `json:"blocks,omitempty"`
	Media     []Media `json:"media,omitempty"`
	Quote     *Post   `json:"quote,omitempty"`
	Truncated bool    `json:"truncated,omitempty"` // the source gave only the start of a long post
	// Lang is the language of the post's text as a BCP 47 tag ("he",
	// "pt-BR"), when the source says; it sets the direction of right-to-left
	// paragraphs that start with a Latin word, and hyphenation.
	Lang string `json:"lang,omitempty"`

	// Placeholder is set for a post that could not be fetched (deleted,
	// protected, missing from the source); it says why.
	Placeholder string `json:"placeholder,omitempty"`
}

// BlockType is the kind of a block of rich text.
type BlockType string

// Block types.
const (
	Paragraph BlockType = "paragraph"
	Heading   BlockType = "heading"
	Bullet    BlockType = "bullet"   // one item of a bulleted list
	Numbered  BlockType = "numbered" // one item of a numbered list
	Quote     BlockType = "quote"
	Code      BlockType = "code" // a fenced code block: monospace, lines kept as typed
)

// Block is a paragraph, heading, list item or quote.
type Block struct {
	Type   BlockType `json:"type"`
	Level  int       `json:"level,omitempty"`  // heading level, 1 to 3; a list item's nesting depth, 0 at the top
	Number int       `json:"number,omitempty"` // the item's number in a numbered list
	Spans  []Span    `json:"spans"`
}

// Entity kinds of a span.
const (
	EntityURL     = "url"
	EntityMention = "mention"
	EntityHashtag = "hashtag"
	EntityCashtag = "cashtag"
)

// Span is a run of text with one style. Text may contain "\n" for a line
// break inside a block.
type Span struct {
	Text      string `json:"text"`
	Bold      bool   `json:"bold,omitempty"`
	Italic    bool   `json:"italic,omitempty"`
	Underline bool   `json:"underline,omitempty"`
	Strike    bool   `json:"strike,omitempty"`
	// Highlight marks the run like a highlighter pen ("==text==" in pasted
	// text); templates draw it as a mark behind the text or in the accent.
	Highlight bool   `json:"highlight,omitempty"`
	Link      string `json:"link,omitempty"`   // the target URL of a link, mention, hashtag or cashtag
	Entity    string `json:"entity,omitempty"` // one of the Entity* kinds, or "" for plain text
	Code      bool   `json:"code,omitempty"`   // inline code: monospace on a tint
}

// Media types.
const (
	MediaPhoto = "photo"
	MediaVideo = "video" // shown as its poster image with a play badge
	MediaGIF   = "gif"   // shown as its poster image with a play badge
)

// Media is an image attached to a post, or the poster of a video or GIF.
type Media struct {
	Type   string `json:"type"`
	Src    string `json:"src"`            // an image reference: "asset:<sha256>", an http(s) URL, a data: URL or a path relative to the file
	Link   string `json:"link,omitempty"` // where a video or GIF plays
	Alt    string `json:"alt,omitempty"`
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	// Fit is MediaCover (fill the frame, cropped around Focus) or
	// MediaContain (the whole image on a mat); empty lets the template choose.
	Fit   string `json:"fit,omitempty"`
	Focus *Focus `json:"focus,omitempty"` // nil is the centre
	// Crop keeps only part of the image, as fractions of its size; nil keeps it whole.
	Crop *Crop `json:"crop,omitempty"`
}

// Media fits.
const (
	MediaCover   = "cover"
	MediaContain = "contain"
)

// Crop is a rectangle of an image as fractions of its width and height,
// from the top left.
type Crop struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	W float64 `json:"w"`
	H float64 `json:"h"`
}

// PlainText returns the post's text with blocks separated by blank lines.
func (p *Post) PlainText() string {
	return BlocksText(p.Blocks)
}

// BlocksText returns the plain text of blocks, separated by blank lines.
func BlocksText(blocks []Block) string {
	var b strings.Builder
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n\n")
		}
		for _, s := range bl.Spans {
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

// PostByID returns the post with the given id, or nil.
func (t *Thread) PostByID(id string) *Post {
	for i := range t.Posts {
		if t.Posts[i].ID == id {
			return &t.Posts[i]
		}
	}
	return nil
}
