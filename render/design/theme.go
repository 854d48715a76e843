// SPDX-License-Identifier: MIT

// Package design holds the look of a carousel: colour themes, the contrast
// checks that keep them readable, and background patterns drawn as cheap
// vector art on a canvas.
package design

import (
	"fmt"
	"image/color"

	carousel "github.com/carouselstudio/carousel"
)

// Theme is a small palette plus a font pairing.
//
// Background is the slide colour, Text the body and title colour, Accent
// highlights (links, bullets, buttons, progress), Muted the quiet colour of
// headers, footers and handles, and AccentText the colour of text set on an
// Accent fill. TitleFont and BodyFont are font family ids (see the fonts
// package); titles may use the bold of their family. Radius is the corner
// radius of images in design px on the 360-px canvas.
type Theme struct {
	Name, Description string
	Background        color.RGBA
	Text              color.RGBA
	Accent            color.RGBA
	Muted             color.RGBA
	AccentText        color.RGBA
	TitleFont         string
	BodyFont          string
	Radius            float64
}

// DefaultTheme is the theme of a new carousel: calm, light and professional.
const DefaultTheme = "classic"

// rgb builds an opaque colour from 0xrrggbb.
func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

// Themes lists the preset themes, light ones first. Every preset passes
// WCAG AA: Text and Muted on Background at 4.5:1 or more, Accent on
// Background at 3:1 or more and AccentText on Accent at 4.5:1 or more
// (checked by the package tests).
var Themes = []Theme{
	{Name: "classic", Description: "White, near-black ink and a confident blue: calm and professional.",
		Background: rgb(0xffffff), Text: rgb(0x111827), Accent: rgb(0x2563eb), Muted: rgb(0x5b6472), AccentText: rgb(0xffffff),
		TitleFont: "inter", BodyFont: "inter", Radius: 12},
	{Name: "paper", Description: "Warm off-white paper, serif headlines and a rust accent, like a good essay.",
		Background: rgb(0xf7f3ec), Text: rgb(0x2b2520), Accent: rgb(0xb4532a), Muted: rgb(0x6f655b), AccentText: rgb(0xffffff),
		TitleFont: "eb-garamond", BodyFont: "lato", Radius: 6},
	{Name: "sand", Description: "Muted beige and bronze, quiet and earthy.",
		Background: rgb(0xece4d6), Text: rgb(0x3b332a), Accent: rgb(0x8a6a43), Muted: rgb(0x675c50), AccentText: rgb(0xffffff),
		TitleFont: "noto-serif", BodyFont: "noto-sans", Radius: 10},
	{Name: "sunrise", Description: "Peach and tangerine with bold condensed titles: warm and energetic.",
		Background: rgb(0xffeee2), Text: rgb(0x3a1d16), Accent: rgb(0xc43d12), Muted: rgb(0x7d4f42), AccentText: rgb(0xffffff),
		TitleFont: "bebas-neue", BodyFont: "open-sans", Radius: 16},
	{Name: "ocean", Description: "Pale sea blue, deep navy text and a teal accent.",
		Background: rgb(0xe9f4f7), Text: rgb(0x0b2f40), Accent: rgb(0x0e7490), Muted: rgb(0x456a78), AccentText: rgb(0xffffff),
		TitleFont: "open-sans", BodyFont: "open-sans", Radius: 14},
	{Name: "mint", Description: "Fresh mint and a deep green accent, friendly and clean.",
		Background: rgb(0xe8f6ef), Text: rgb(0x12362b), Accent: rgb(0x0f7a55), Muted: rgb(0x4a6a5f), AccentText: rgb(0xffffff),
		TitleFont: "lato", BodyFont: "lato", Radius: 18},
	{Name: "lavender", Description: "Soft lilac with a violet accent, gentle and modern.",
		Background: rgb(0xf2effa), Text: rgb(0x2a2140), Accent: rgb(0x6a46e5), Muted: rgb(0x635a78), AccentText: rgb(0xffffff),
		TitleFont: "roboto-slab", BodyFont: "roboto", Radius: 14},
	{Name: "mono", Description: "Pure black on white, maximum contrast, square corners.",
		Background: rgb(0xffffff), Text: rgb(0x000000), Accent: rgb(0x000000), Muted: rgb(0x4a4a4a), AccentText: rgb(0xffffff),
		TitleFont: "inter", BodyFont: "inter", Radius: 0},
	{Name: "contrast-yellow", Description: "Black on bright yellow for the highest legibility (accessibility).",
		Background: rgb(0xffdd00), Text: rgb(0x000000), Accent: rgb(0x000000), Muted: rgb(0x332c00), AccentText: rgb(0xffdd00),
		TitleFont: "noto-sans", BodyFont: "noto-sans", Radius: 4},
	{Name: "ink", Description: "Near-black with warm white text and a golden accent.",
		Background: rgb(0x141414), Text: rgb(0xf2f0ea), Accent: rgb(0xf2c14e), Muted: rgb(0xa39f96), AccentText: rgb(0x141414),
		TitleFont: "inter", BodyFont: "inter", Radius: 12},
	{Name: "midnight", Description: "Deep navy, cool grey text and a sky-blue accent.",
		Background: rgb(0x0f172a), Text: rgb(0xe2e8f0), Accent: rgb(0x38bdf8), Muted: rgb(0x94a3b8), AccentText: rgb(0x0f172a),
		TitleFont: "inter", BodyFont: "noto-sans", Radius: 14},
	{Name: "slate", Description: "Blue-grey with an amber accent, sober and technical.",
		Background: rgb(0x2f3b4c), Text: rgb(0xf1f5f9), Accent: rgb(0xfbbf24), Muted: rgb(0xbcc6d3), AccentText: rgb(0x1e2633),
		TitleFont: "roboto", BodyFont: "roboto", Radius: 10},
	{Name: "forest", Description: "Deep pine green with a fresh leaf accent and slab titles.",
		Background: rgb(0x1d3a2f), Text: rgb(0xf0f4ec), Accent: rgb(0xa8d48a), Muted: rgb(0xb3c4b7), AccentText: rgb(0x1d3a2f),
		TitleFont: "roboto-slab", BodyFont: "noto-sans", Radius: 10},
	{Name: "berry", Description: "Dark plum with a pink accent and elegant serif titles.",
		Background: rgb(0x2b1131), Text: rgb(0xf8e9f1), Accent: rgb(0xf472b6), Muted: rgb(0xc7a9bd), AccentText: rgb(0x2b1131),
		TitleFont: "noto-serif", BodyFont: "lato", Radius: 16},
	{Name: "poster", Description: "Charcoal with a signal coral accent and tall condensed titles.",
		Background: rgb(0x1c1c1e), Text: rgb(0xf5f5f2), Accent: rgb(0xff6b4a), Muted: rgb(0xa8a8a3), AccentText: rgb(0x1c1c1e),
		TitleFont: "bebas-neue", BodyFont: "inter", Radius: 0},
}

// ThemeByName returns the preset theme with that name.
func ThemeByName(name string) (Theme, bool) {
	for _, t := range Themes {
		if t.Name == name {
			return t, true
		}
	}
	return Theme{}, false
}

// Colors returns the theme's four user-editable colours as "#rrggbb", as
// the catalog shows them for swatches.
func (t Theme) Colors() *carousel.Colors {
	return &carousel.Colors{Background: Hex(t.Background), Text: Hex(t.Text), Accent: Hex(t.Accent), Muted: Hex(t.Muted)}
}

// Contrast minimums of WCAG 2.x level AA.
const (
	MinTextContrast  = 4.5 // body text
	MinLargeContrast = 3.0 // large text and graphics
)

// Resolve applies custom "#rrggbb" colours over t and reports pairs that
// are hard to read. An empty field keeps the theme's colour. When the
// accent changes, AccentText becomes whichever of the theme's colours (or
// black or white) reads best on it. A colour that does not parse is ignored
// with a warning (validation normally catches it first).
func Resolve(t Theme, custom *carousel.Colors) (Theme, []carousel.Warning) {
	var warns []carousel.Warning
	if custom != nil {
		set := func(dst *color.RGBA, field, value string) bool {
			if value == "" {
				return false
			}
			c, err := ParseHex(value)
			if err != nil {
				warns = append(warns, carousel.Warning{Code: carousel.EINVALID,
					Message: fmt.Sprintf("The custom %s colour %q is not a colour like #1a2b3c; the theme's %s is used.", field, value, Hex(*dst))})
				return false
			}
			*dst = c
			return true
		}
		set(&t.Background, "background", custom.Background)
		set(&t.Text, "text", custom.Text)
		set(&t.Muted, "muted", custom.Muted)
		if set(&t.Accent, "accent", custom.Accent) {
			t.AccentText = bestOn(t.Accent, t.AccentText, t.Background, t.Text)
		}
	}
	pairs := []struct {
		fg, bg         color.RGBA
		fgName, bgName string
		min            float64
		use            string
	}{
		{t.Text, t.Background, "text", "background", MinTextContrast, "body text"},
		{t.Muted, t.Background, "muted", "background", MinTextContrast, "headers and footers"},
		{t.Accent, t.Background, "accent", "background", MinLargeContrast, "large accent text and links"},
		{t.AccentText, t.Accent, "text on accent", "accent", MinTextContrast, "button text"},
	}
	for _, p := range pairs {
		if r := Contrast(p.fg, p.bg); r < p.min {
			warns = append(warns, carousel.Warning{Code: carousel.WarnContrast, Message: fmt.Sprintf(
				"The %s colour %s on the %s colour %s has a contrast of %.1f:1, below the %.1f:1 that %s need to be easy to read.",
				p.fgName, Hex(p.fg), p.bgName, Hex(p.bg), r, p.min, p.use)})
		}
	}
	return t, warns
}

// bestOn picks the candidate that reads best on bg: the first of prefer
// that reaches 4.5:1, else black or white, whichever contrasts more.
func bestOn(bg color.RGBA, prefer ...color.RGBA) color.RGBA {
	for _, c := range prefer {
		if Contrast(c, bg) >= MinTextContrast {
			return c
		}
	}
	black, white := rgb(0x000000), rgb(0xffffff)
	if Contrast(black, bg) >= Contrast(white, bg) {
		return black
	}
	return white
}
