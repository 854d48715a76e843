// SPDX-License-Identifier: MIT

package render

// STAND-IN for package render/design, written in parallel by another
// helper. Delete this file at merge and add design_adapter.go holding:
//
//	import "github.com/carouselstudio/carousel/render/design"
//	type theme = design.Theme
//	var (
//		themeByName    = design.ThemeByName
//		resolveTheme   = design.Resolve
//		patternByName  = design.PatternByName
//		drawPattern    = design.DrawPattern
//		defaultTheme   = design.DefaultTheme
//	)
//	func themeList() []design.Theme     { return design.Themes }
//	func patternList() []design.Pattern { return design.Patterns }
//	type pattern = design.Pattern

import (
	"image/color"
	"strconv"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
)

type theme = standinTheme
type pattern = standinPattern

var (
	themeByName   = standinThemeByName
	resolveTheme  = standinResolve
	patternByName = standinPatternByName
	drawPattern   = standinDrawPattern
)

const defaultTheme = "paper"

func themeList() []standinTheme     { return standinThemes }
func patternList() []standinPattern { return standinPatterns }

type standinTheme struct {
	Name, Description                           string
	Background, Text, Accent, Muted, AccentText color.RGBA
	TitleFont, BodyFont                         string
	Radius                                      float64
}

type standinPattern struct{ Name, Description string }

var standinThemes = []standinTheme{
	{Name: "paper", Description: "Warm white with ink text and a blue accent",
		Background: color.RGBA{0xfa, 0xf8, 0xf3, 0xff}, Text: color.RGBA{0x1c, 0x1b, 0x22, 0xff}, Accent: color.RGBA{0x1d, 0x5f, 0xd1, 0xff}, Muted: color.RGBA{0x6b, 0x68, 0x75, 0xff}, AccentText: color.RGBA{0xff, 0xff, 0xff, 0xff},
		TitleFont: "inter", BodyFont: "inter", Radius: 12},
	{Name: "midnight", Description: "Deep navy with light text and an amber accent",
		Background: color.RGBA{0x12, 0x17, 0x2b, 0xff}, Text: color.RGBA{0xf2, 0xf3, 0xf7, 0xff}, Accent: color.RGBA{0xff, 0xb8, 0x3d, 0xff}, Muted: color.RGBA{0x9a, 0xa1, 0xb8, 0xff}, AccentText: color.RGBA{0x12, 0x17, 0x2b, 0xff},
		TitleFont: "inter", BodyFont: "inter", Radius: 12},
}

var standinPatterns = []standinPattern{
	{"none", "No pattern"},
	{"dots", "A grid of small dots"},
	{"grid", "Thin squared lines"},
}

func standinThemeByName(name string) (standinTheme, bool) {
	for _, t := range standinThemes {
		if t.Name == name {
			return t, true
		}
	}
	return standinTheme{}, false
}

func standinPatternByName(name string) (standinPattern, bool) {
	for _, p := range standinPatterns {
		if p.Name == name {
			return p, true
		}
	}
	return standinPattern{}, false
}

func standinResolve(t standinTheme, c *carousel.Colors) (standinTheme, []carousel.Warning) {
	if c == nil {
		return t, nil
	}
	set := func(dst *color.RGBA, s string) {
		if len(s) == 7 && s[0] == '#' {
			if v, err := strconv.ParseUint(s[1:], 16, 32); err == nil {
				*dst = color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
			}
		}
	}
	set(&t.Background, c.Background)
	set(&t.Text, c.Text)
	set(&t.Accent, c.Accent)
	set(&t.Muted, c.Muted)
	return t, nil
}

// standinDrawPattern draws dots as zero-length round-capped strokes: in PDF
// that is far cheaper than circles made of arcs.
func standinDrawPattern(ctx *canvas.Context, name string, w, h, unit, density, opacity float64, c color.RGBA) {
	if density <= 0 {
		density = 1
	}
	if opacity <= 0 {
		return
	}
	a := opacity
	col := color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
	step := 16 * unit / density
	switch name {
	case "dots":
		// One dashed line per row of dots (a tiny dash with round caps is a
		// dot): PDF and SVG draw dashes natively, so a page holds a few
		// dozen lines instead of hundreds of paths.
		p := &canvas.Path{}
		x0 := step / 2
		for y := step / 2; y < h; y += step {
			p.MoveTo(x0, y)
			p.LineTo(w, y)
		}
		ctx.Push()
		ctx.SetFillColor(canvas.Transparent)
		ctx.SetStrokeColor(col)
		ctx.SetStrokeWidth(1.6 * unit)
		ctx.SetStrokeCapper(canvas.RoundCap)
		ctx.SetDashes(0, 0.001, step-0.001)
		ctx.DrawPath(0, 0, p)
		ctx.Pop()
	case "grid":
		p := &canvas.Path{}
		for x := step; x < w; x += step {
			p.MoveTo(x, 0)
			p.LineTo(x, h)
		}
		for y := step; y < h; y += step {
			p.MoveTo(0, y)
			p.LineTo(w, y)
		}
		ctx.Push()
		ctx.SetFillColor(canvas.Transparent)
		ctx.SetStrokeColor(col)
		ctx.SetStrokeWidth(0.35 * unit)
		ctx.DrawPath(0, 0, p)
		ctx.Pop()
	}
}
