// SPDX-License-Identifier: MIT

package design

import (
	"fmt"
	"image/color"
	"image/png"
	"io"

	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/rasterizer"
)

// FontLoader returns a font family holding the regular or bold face of a
// family id ("inter", "eb-garamond", …).
type FontLoader func(family string, bold bool) (*canvas.FontFamily, error)

// Contact sheet geometry, in px of the output PNG.
const (
	sheetCard   = 240.0 // card width; cards are 4:5
	sheetGap    = 20.0
	sheetCols   = 5
	sheetPxToMM = 25.4 / 96
)

// contactSheet writes a PNG showing every theme as a small slide (its
// background, a title, body text, a muted footer and an accent button, over
// the dots pattern) followed by every pattern on the default theme. It is
// for reviewing the presets by eye.
func contactSheet(w io.Writer, load FontLoader) error {
	if load == nil {
		return fmt.Errorf("design: contact sheet: no font loader")
	}
	cardH := sheetCard * 5 / 4
	themeRows := (len(Themes) + sheetCols - 1) / sheetCols
	patRows := (len(Patterns) + sheetCols - 1) / sheetCols
	rows := themeRows + patRows
	W := sheetGap + sheetCols*(sheetCard+sheetGap)
	H := sheetGap + float64(rows)*(cardH+sheetGap)
	mm := func(px float64) float64 { return px * sheetPxToMM }

	c := canvas.New(mm(W), mm(H))
	ctx := canvas.NewContext(c)
	ctx.SetFillColor(rgb(0xdcdcdc))
	ctx.DrawPath(0, 0, canvas.Rectangle(mm(W), mm(H)))

	def, _ := ThemeByName(DefaultTheme)
	slot := func(i int) (x, y float64) {
		col, row := i%sheetCols, i/sheetCols
		return mm(sheetGap + float64(col)*(sheetCard+sheetGap)), mm(H - sheetGap - float64(row+1)*(cardH+sheetGap) + sheetGap)
	}
	for i, t := range Themes {
		x, y := slot(i)
		if err := drawCard(ctx, load, t, "dots", t.Name, x, y, mm(sheetCard), mm(cardH)); err != nil {
			return err
		}
	}
	for i, p := range Patterns {
		x, y := slot(themeRows*sheetCols + i)
		if err := drawCard(ctx, load, def, p.Name, p.Name, x, y, mm(sheetCard), mm(cardH)); err != nil {
			return err
		}
	}
	img := rasterizer.Draw(c, canvas.DPMM(1/sheetPxToMM), canvas.DefaultColorSpace)
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("design: encode contact sheet: %w", err)
	}
	return nil
}

// drawCard draws one 4:5 sample slide of theme t with a pattern at (x, y),
// its bottom-left corner, w×h in mm.
func drawCard(ctx *canvas.Context, load FontLoader, t Theme, pattern, label string, x, y, w, h float64) error {
	unit := w / 360 // one design px
	face := func(family string, bold bool, px float64, col color.RGBA) (*canvas.FontFace, error) {
		fam, err := load(family, bold)
		if err != nil {
			return nil, fmt.Errorf("design: load font %s: %w", family, err)
		}
		style := canvas.FontRegular
		if bold {
			style = canvas.FontBold
		}
		// Faces are sized in pt: one design px is unit mm, and 1 mm is 72/25.4 pt.
		return fam.Face(px*unit*72/25.4, col, style), nil
	}
	ctx.Push()
	defer ctx.Pop()
	ctx.Translate(x, y)
	ctx.SetFillColor(t.Background)
	ctx.DrawPath(0, 0, canvas.Rectangle(w, h))
	DrawPattern(ctx, pattern, w, h, unit, 1, 0, t.Text)

	margin := 28 * unit
	title, err := face(t.TitleFont, true, 36, t.Text)
	if err != nil {
		return err
	}
	body, err := face(t.BodyFont, false, 18, t.Text)
	if err != nil {
		return err
	}
	muted, err := face(t.BodyFont, false, 12, t.Muted)
	if err != nil {
		return err
	}
	button, err := face(t.BodyFont, true, 14, t.AccentText)
	if err != nil {
		return err
	}
	accent, err := face(t.BodyFont, true, 18, t.Accent)
	if err != nil {
		return err
	}
	inner := w - 2*margin
	ctx.DrawText(margin, h-margin, canvas.NewTextBox(muted, "@carousel · 3/12", inner, 0, canvas.Left, canvas.Top, nil))
	tt := canvas.NewTextBox(title, label, inner, 0, canvas.Left, canvas.Top, nil)
	top := h - margin - 34*unit
	ctx.DrawText(margin, top, tt)
	top -= tt.Bounds().H() + 14*unit
	rt := canvas.NewRichText(body)
	rt.WriteFace(body, "Short posts make great slides: ")
	rt.WriteFace(accent, "one idea")
	rt.WriteFace(body, " each, big enough to read on a phone.")
	bt := rt.ToText(inner, 0, canvas.Left, canvas.Top, nil)
	ctx.DrawText(margin, top, bt)

	bw, bh := 120*unit, 36*unit
	ctx.SetFillColor(t.Accent)
	ctx.DrawPath(margin, margin, canvas.RoundedRectangle(bw, bh, 8*unit))
	ctx.DrawText(margin, margin+bh, canvas.NewTextBox(button, "Follow", bw, bh, canvas.Center, canvas.Center, nil))
	return nil
}
