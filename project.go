// SPDX-License-Identifier: MIT

package carousel

import "strconv"

// ProjectVersion is the version of the carousel project format (*.carousel.json).
const ProjectVersion = 1

// Project is a carousel: the thread it starts from, its slides and its
// settings. It is what a *.carousel.json file holds and what the store keeps.
type Project struct {
	Version  int      `json:"version"`
	ID       string   `json:"id,omitempty"`
	Revision int64    `json:"revision,omitempty"` // incremented by every accepted update
	Title    string   `json:"title,omitempty"`
	Thread   Thread   `json:"thread"`
	Settings Settings `json:"settings"`
	Slides   []Slide  `json:"slides"`
}

// SlideKind is the role of a slide in a carousel.
type SlideKind string

// Slide kinds.
const (
	SlideCover   SlideKind = "cover"
	SlideContent SlideKind = "content"
	SlideImage   SlideKind = "image"
	SlideOutro   SlideKind = "outro"
)

// Slide is one page of the carousel: its kind and what is placed on it, in order.
type Slide struct {
	ID       string    `json:"id,omitempty"` // stable across edits, so the studio can address it
	Kind     SlideKind `json:"kind"`
	Title    string    `json:"title,omitempty"`    // cover: the hook, overriding the first post's first line
	Subtitle string    `json:"subtitle,omitempty"` // cover: the line under the hook
	Items    []Item    `json:"items,omitempty"`
	// Manual marks a slide the user arranged by hand; re-planning keeps it.
	Manual bool `json:"manual,omitempty"`
}

// Item is one thing placed on a slide: a post (whole or a part of a long
// one), free text, or an image.
type Item struct {
	Post string `json:"post,omitempty"` // the id of a post of the thread
	// From and To select a part of a long post, as block indexes
	// [From, To). Both zero means the whole post; From == To (not zero)
	// selects no text, which shows only the post's media.
	From int `json:"from,omitempty"`
	To   int `json:"to,omitempty"`
	// Blocks is free text, or the edited text of the post when Post is set.
	Blocks []Block `json:"blocks,omitempty"`
	// Image places an image: a post's image ("Apply Image") or an upload.
	Image *Media `json:"image,omitempty"`
	// NoMedia hides the post's own images and quoted post on this slide
	// (the planner puts them on the last part of a long post).
	NoMedia bool `json:"noMedia,omitempty"`
}

// Settings are a carousel's look: format, template, theme, typography,
// brand, background pattern and outro call to action.
type Settings struct {
	Format     string     `json:"format"`
	Template   string     `json:"template"`
	Theme      string     `json:"theme"`
	Colors     *Colors    `json:"colors,omitempty"` // custom colours over the theme's
	Typography Typography `json:"typography"`
	Brand      Brand      `json:"brand"`
	Pattern    Pattern    `json:"pattern"`
	CTA        CTA        `json:"cta"`
}

// Colors are a theme's colours as "#rrggbb". Empty fields keep the theme's.
type Colors struct {
	Background string `json:"background,omitempty"`
	Text       string `json:"text,omitempty"`
	Accent     string `json:"accent,omitempty"`
	Muted      string `json:"muted,omitempty"`
}

// Typography sizes are in px on a design canvas 360 px wide, scaled with
// the output (36 px becomes 108 px on a 1080-px slide).
type Typography struct {
	TitleSize  float64 `json:"titleSize"`
	BodySize   float64 `json:"bodySize"`
	HeaderSize float64 `json:"headerSize"`
	TitleFont  string  `json:"titleFont,omitempty"` // a font family name; empty keeps the theme's
	BodyFont   string  `json:"bodyFont,omitempty"`
	// MinScale is how far text may shrink to fit before it continues on
	// the next slide, as a fraction of its size (0.7 lets 18 px become 12.6 px).
	MinScale float64 `json:"minScale"`
}

// Default typography, as users know it from the reference product.
const (
	DefaultTitleSize  = 36
	DefaultBodySize   = 18
	DefaultHeaderSize = 12
	DefaultMinScale   = 0.75
	DesignWidth       = 360 // the width of the design canvas, in px
)

// Brand is the brand kit shown in headers and footers.
type Brand struct {
	Profile string      `json:"profile,omitempty"` // the id of a stored brand profile, which overrides the fields below when rendering
	Name    string      `json:"name,omitempty"`
	Handle  string      `json:"handle,omitempty"`
	Avatar  string      `json:"avatar,omitempty"` // an image reference
	Logo    string      `json:"logo,omitempty"`   // an image reference
	Website string      `json:"website,omitempty"`
	Header  []BrandItem `json:"header,omitempty"`
	Footer  []BrandItem `json:"footer,omitempty"`
	// ShowOnCover and ShowOnOutro show the header and footer on the first
	// and last slides too.
	ShowOnCover bool `json:"showOnCover,omitempty"`
	ShowOnOutro bool `json:"showOnOutro,omitempty"`
	// HideBands shows no header and footer at all. Without it, empty
	// Header and Footer lists mean the default items.
	HideBands bool `json:"hideBands,omitempty"`
}

// Brand item kinds.
const (
	BrandAvatar      = "avatar"
	BrandName        = "name"
	BrandHandle      = "handle"
	BrandLogo        = "logo"
	BrandWebsite     = "website"
	BrandSlideNumber = "slide-number"
	BrandSwipe       = "swipe"
	BrandProgress    = "progress"
)

// BrandItemKinds lists every brand item kind.
var BrandItemKinds = []string{BrandAvatar, BrandName, BrandHandle, BrandLogo, BrandWebsite, BrandSlideNumber, BrandSwipe, BrandProgress}

// BrandItem is one item of the header or footer and where it sits.
type BrandItem struct {
	Kind     string `json:"kind"`
	Position string `json:"position"` // "left", "center" or "right"
}

// Pattern is the background pattern.
type Pattern struct {
	Name    string  `json:"name"`
	Density float64 `json:"density"` // 0.25 to 4; 1 is the pattern's natural spacing
	Opacity float64 `json:"opacity"` // 0 to 1
}

// CTA is the outro call to action. Variant 0 means no outro slide.
type CTA struct {
	Variant int    `json:"variant"` // 1 follow, 2 repost and share, 3 save or visit a link
	Title   string `json:"title,omitempty"`
	Text    string `json:"text,omitempty"`
	Button  string `json:"button,omitempty"`
	URL     string `json:"url,omitempty"`
}

// Warning is something a render or an import wants the user to know.
// Slide is 1-based; 0 means the whole carousel.
type Warning struct {
	Slide   int    `json:"slide,omitempty"`
	Post    string `json:"post,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Warning codes.
const (
	WarnOverflow     = "overflow"      // text continued on a following slide
	WarnShrunk       = "shrunk"        // text was made smaller to fit
	WarnMissingGlyph = "missing-glyph" // a character has no font
	WarnImage        = "image"         // an image could not be used
	WarnContrast     = "contrast"      // custom colours are hard to read
	WarnPlatform     = "platform"      // over a platform's limit
	WarnPlaceholder  = "placeholder"   // a post could not be fetched
	WarnTruncated    = "truncated"     // a post is only the start of a long post
	WarnPartial      = "partial"       // an import got only part of a thread
)

// String formats the warning as one line for a terminal.
func (w Warning) String() string {
	if w.Slide > 0 {
		return "slide " + strconv.Itoa(w.Slide) + ": " + w.Message
	}
	return w.Message
}
