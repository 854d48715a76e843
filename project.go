// SPDX-License-Identifier: MIT

package carousel

import (
	"strconv"
	"strings"
)

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
	// Style overrides the carousel's settings on this slide only.
	Style *SlideStyle `json:"style,omitempty"`
}

// SlideStyle is what one slide may change of the carousel's look. Empty
// fields keep the carousel's settings.
type SlideStyle struct {
	Template   string      `json:"template,omitempty"`
	Theme      string      `json:"theme,omitempty"`
	Colors     *Colors     `json:"colors,omitempty"`
	Background *Background `json:"background,omitempty"`
	// TextScale multiplies the slide's title and body sizes (0.5 to 2); 0 keeps them.
	TextScale float64 `json:"textScale,omitempty"`
	// Align is "left", "center" or "right"; empty keeps the template's.
	Align string `json:"align,omitempty"`
	// HideBands hides the header and footer on this slide.
	HideBands bool `json:"hideBands,omitempty"`
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
	// Background replaces the theme's plain background colour; nil keeps it.
	Background *Background `json:"background,omitempty"`
	CTA        CTA         `json:"cta"`
	// Language is the language of the posts that do not say theirs, as a
	// BCP 47 tag ("de", "pt-BR", "he"): it picks their hyphenation and
	// makes right-to-left text right to left from its first word. Empty:
	// each post's own, and for posts without one a guess for hyphenation.
	Language string `json:"language,omitempty"`
}

// Background kinds.
const (
	BackgroundSolid    = "solid"
	BackgroundGradient = "gradient"
	BackgroundImage    = "image"
)

// Background is what a slide is drawn on, under the pattern and the content.
type Background struct {
	Kind string `json:"kind"` // BackgroundSolid, BackgroundGradient or BackgroundImage
	// Colors are "#rrggbb": one for a solid background, two or three
	// gradient stops from start to end.
	Colors []string `json:"colors,omitempty"`
	// Angle is the gradient's direction in degrees, as in CSS: 0 runs from
	// the bottom to the top, 90 from left to right.
	Angle float64 `json:"angle,omitempty"`
	// Image is an image reference, drawn to cover the slide.
	Image string `json:"image,omitempty"`
	Focus *Focus `json:"focus,omitempty"` // the point of the image kept in view
	// Scrim is how strongly the theme's background colour is laid over the
	// image so that text stays readable: 0 none, 1 opaque.
	Scrim float64 `json:"scrim,omitempty"`
}

// Focus is a point of an image as fractions of its width and height from
// the top left: {0.5, 0.5} is the centre.
type Focus struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
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
	// TitleFont and BodyFont are a bundled family name ("montserrat") or a
	// font file (see IsFontRef); empty keeps the theme's.
	TitleFont string `json:"titleFont,omitempty"`
	BodyFont  string `json:"bodyFont,omitempty"`
	// MinScale is how far text may shrink to fit before it continues on
	// the next slide, as a fraction of its size (0.7 lets 18 px become 12.6 px).
	MinScale float64 `json:"minScale"`
	// FixedSizes keeps the sizes exactly as given. Without it each slide's
	// text is sized to fill the slide: short text is set larger, long text
	// shrinks down to MinScale, then flows on.
	FixedSizes bool `json:"fixedSizes,omitempty"`
}

// Default typography, as users know it from the reference product.
const (
	DefaultTitleSize  = 36
	DefaultBodySize   = 18
	DefaultHeaderSize = 12
	DefaultMinScale   = 0.75
	DesignWidth       = 360 // the width of the design canvas, in px
)

// IsFontRef reports whether a font setting names a font file rather than
// a bundled family: an uploaded asset, a data: URL, or a path or URL ending
// in .ttf, .otf, .woff or .woff2.
func IsFontRef(s string) bool {
	if strings.HasPrefix(s, "asset:") || strings.HasPrefix(s, "data:") {
		return true
	}
	l := strings.ToLower(s)
	for _, ext := range []string{".ttf", ".otf", ".woff2", ".woff"} {
		if strings.HasSuffix(l, ext) {
			return true
		}
	}
	return false
}

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
	// FromProfile is the fonts and colours the brand profile last gave the
	// settings. A typography font or custom colour that differs from both
	// it and the profile's is the project's own and wins over the profile
	// (see ApplyProfile); nil in projects made before it was kept.
	FromProfile *ProfileLook `json:"fromProfile,omitempty"`
}

// ProfileLook is a brand profile's fonts and colours.
type ProfileLook struct {
	TitleFont string  `json:"titleFont,omitempty"`
	BodyFont  string  `json:"bodyFont,omitempty"`
	Colors    *Colors `json:"colors,omitempty"`
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
	WarnEmpty        = "empty"         // a pasted post had no text and was left out
	WarnProfile      = "profile"       // a brand profile could not be loaded
)

// String formats the warning as one line for a terminal.
func (w Warning) String() string {
	if w.Slide > 0 {
		return "slide " + strconv.Itoa(w.Slide) + ": " + w.Message
	}
	return w.Message
}
