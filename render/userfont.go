// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"image/color"
	"strings"

	"github.com/carouselstudio/carousel"
	tfont "github.com/tdewolff/font"
)

// MaxFontBytes bounds a user font file: display and text faces with a
// Latin character set are well under it.
const MaxFontBytes = 8 << 20

// userFontPrefix marks a font set's file name as a user font reference.
const userFontPrefix = "user:"

// CheckFont validates a font file (TrueType, OpenType or WOFF2, also WOFF)
// and returns its family name. The error is a user-facing *carousel.Error:
// a broken file is refused up front rather than failing a render later.
func CheckFont(data []byte) (string, error) {
	if len(data) == 0 {
		return "", carousel.Errorf(carousel.EINVALID, "the font file is empty")
	}
	if len(data) > MaxFontBytes {
		return "", carousel.Errorf(carousel.ETOOLARGE, "the font file is %d MB, over the limit of %d MB", len(data)>>20, MaxFontBytes>>20)
	}
	if kind := fontKind(data); kind == "" {
		return "", carousel.Errorf(carousel.EUNSUPPORTED, "the file is not a TrueType, OpenType, WOFF or WOFF2 font")
	}
	f, err := parseFont(data, "user font")
	if err != nil {
		return "", carousel.Errorf(carousel.EINVALID, "the font file is broken: %s", strings.TrimPrefix(err.Error(), "render: parse font user font: "))
	}
	for _, r := range "Aa0" {
		if f.SFNT.GlyphIndex(r) == 0 {
			return "", carousel.Errorf(carousel.EUNSUPPORTED, "the font has no Latin letters or figures (no %q): it cannot set the slides' text", string(r))
		}
	}
	name := ""
	for _, id := range []int{16, 1, 4} {
		for _, rec := range f.SFNT.Name.Get(tfont.NameID(id)) {
			if s := strings.TrimSpace(rec.String()); s != "" {
				name = s
				break
			}
		}
		if name != "" {
			break
		}
	}
	if name == "" {
		name = f.Name()
	}
	// Laying out a line exercises the shaper's tables, which some broken
	// files only fail in.
	if err := safely("shape", func() error {
		_ = f.Face(12, color.Black).TextWidth("Quick brown fox 0123")
		return nil
	}); err != nil {
		return "", carousel.Errorf(carousel.EINVALID, "the font file is broken: it cannot set text")
	}
	return name, nil
}

// fontKind names the container of a font file from its first bytes.
func fontKind(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte{0, 1, 0, 0}), bytes.HasPrefix(b, []byte("true")):
		return "ttf"
	case bytes.HasPrefix(b, []byte("OTTO")):
		return "otf"
	case bytes.HasPrefix(b, []byte("wOF2")):
		return "woff2"
	case bytes.HasPrefix(b, []byte("wOFF")):
		return "woff"
	}
	return ""
}

// userFont loads and checks the font file ref names, once per engine.
func (e *Engine) userFont(ctx context.Context, ref string) ([]byte, error) {
	if v, ok := e.userFontData.Load(ref); ok {
		return v.([]byte), nil
	}
	data, err := e.loadBytes(ctx, ref)
	if err != nil {
		return nil, carousel.Errorf(carousel.EINVALID, "font %s could not be loaded: %s", shortRef(ref), carousel.ErrorMessage(err))
	}
	if _, err := CheckFont(data); err != nil {
		return nil, carousel.Errorf(carousel.EINVALID, "font %s: %s", shortRef(ref), carousel.ErrorMessage(err))
	}
	e.userFontData.Store(ref, data)
	return data, nil
}

// userFamilies returns a one-file family for each font file the
// typography names; Check has loaded them already.
func (e *Engine) userFamilies(ty *carousel.Typography) map[string]fontFamily {
	var out map[string]fontFamily
	for _, ref := range []string{ty.TitleFont, ty.BodyFont} {
		if !carousel.IsFontRef(ref) {
			continue
		}
		if _, err := e.userFont(context.Background(), ref); err != nil {
			continue
		}
		if out == nil {
			out = map[string]fontFamily{}
		}
		file := userFontPrefix + ref
		// One file serves every style: bold stays the file's weight, and
		// italic is slanted.
		out[ref] = fontFamily{ID: ref, Description: "your font", Regular: file, Bold: file, Heavy: file}
	}
	return out
}

// checkFontSetting validates a typography font: a bundled family or a
// loadable font file.
func (e *Engine) checkFontSetting(field, f string) error {
	if f == "" {
		return nil
	}
	if carousel.IsFontRef(f) {
		if _, err := e.userFont(context.Background(), f); err != nil {
			return carousel.FieldError(field, "%s", carousel.ErrorMessage(err))
		}
		return nil
	}
	if _, ok := familyByID(f); !ok {
		var names []string
		for _, fam := range fontFamilies {
			names = append(names, fam.ID)
		}
		return carousel.FieldError(field, "unknown font %q: give a font file (.ttf, .otf, .woff2) or one of %s", f, strings.Join(names, ", "))
	}
	return nil
}

// fontLabel is a bundled family's real name, as people know it.
func fontLabel(f fontFamily) string {
	name, _, _ := strings.Cut(f.Description, ":")
	return name
}
