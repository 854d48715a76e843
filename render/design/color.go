// SPDX-License-Identifier: MIT

package design

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	carousel "github.com/carouselstudio/carousel"
)

// ParseHex parses a colour written "#rrggbb" (or the short "#rgb") into an
// opaque colour. The error is a user-facing *carousel.Error.
func ParseHex(s string) (color.RGBA, error) {
	h := strings.TrimSpace(s)
	if !strings.HasPrefix(h, "#") || (len(h) != 7 && len(h) != 4) {
		return color.RGBA{}, carousel.Errorf(carousel.EINVALID, "%q is not a colour like #1a2b3c", s)
	}
	h = h[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	var v [3]uint8
	for i := range v {
		hi, ok1 := hexDigit(h[2*i])
		lo, ok2 := hexDigit(h[2*i+1])
		if !ok1 || !ok2 {
			return color.RGBA{}, carousel.Errorf(carousel.EINVALID, "%q is not a colour like #1a2b3c", s)
		}
		v[i] = hi<<4 | lo
	}
	return color.RGBA{v[0], v[1], v[2], 255}, nil
}

func hexDigit(b byte) (uint8, bool) {
	switch {
	case '0' <= b && b <= '9':
		return b - '0', true
	case 'a' <= b && b <= 'f':
		return b - 'a' + 10, true
	case 'A' <= b && b <= 'F':
		return b - 'A' + 10, true
	}
	return 0, false
}

// Hex formats c as "#rrggbb", ignoring alpha (a translucent colour is
// un-premultiplied first, so Hex gives its hue, not its blend).
func Hex(c color.RGBA) string {
	c = opaque(c)
	return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
}

// opaque un-premultiplies c and drops its alpha.
func opaque(c color.RGBA) color.RGBA {
	if c.A == 255 || c.A == 0 {
		return color.RGBA{c.R, c.G, c.B, 255}
	}
	un := func(v uint8) uint8 { return uint8(math.Min(255, math.Round(float64(v)*255/float64(c.A)))) }
	return color.RGBA{un(c.R), un(c.G), un(c.B), 255}
}

// luminance is the WCAG 2.x relative luminance of an opaque colour.
func luminance(c color.RGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast returns the WCAG 2.x contrast ratio of a and b, from 1 (same
// luminance) to 21 (black on white). Alpha is ignored.
func Contrast(a, b color.RGBA) float64 {
	la, lb := luminance(opaque(a)), luminance(opaque(b))
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// translucent returns c at the given opacity as Go's premultiplied RGBA.
func translucent(c color.RGBA, alpha float64) color.RGBA {
	c = opaque(c)
	alpha = math.Max(0, math.Min(1, alpha))
	m := func(v uint8) uint8 { return uint8(math.Round(float64(v) * alpha)) }
	return color.RGBA{m(c.R), m(c.G), m(c.B), uint8(math.Round(255 * alpha))}
}
