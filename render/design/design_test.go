// SPDX-License-Identifier: MIT

package design

import (
	"image/color"
	"strings"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

func mustHex(t testing.TB, s string) color.RGBA {
	t.Helper()
	c, err := ParseHex(s)
	if err != nil {
		t.Fatalf("ParseHex(%q): %v", s, err)
	}
	return c
}

func TestContrastKnownValues(t *testing.T) {
	tests := []struct {
		a, b     string
		min, max float64
	}{
		{"#000000", "#ffffff", 21, 21},
		{"#ffffff", "#000000", 21, 21},
		{"#123456", "#123456", 1, 1},
		{"#767676", "#ffffff", 4.54, 4.55}, // the lightest grey that passes AA on white
		{"#777777", "#ffffff", 4.47, 4.49},
		{"#ff0000", "#ffffff", 3.99, 4.00},
		{"#0000ff", "#ffffff", 8.59, 8.60},
	}
	for _, tt := range tests {
		t.Run(tt.a+"/"+tt.b, func(t *testing.T) {
			a, b := mustHex(t, tt.a), mustHex(t, tt.b)
			if got := Contrast(a, b); got < tt.min-0.005 || got > tt.max+0.005 {
				t.Errorf("Contrast(%s, %s) = %.4f, want %.2f–%.2f", tt.a, tt.b, got, tt.min, tt.max)
			}
		})
	}
}

func TestParseHex(t *testing.T) {
	good := map[string]color.RGBA{
		"#000000": {0, 0, 0, 255},
		"#1a2B3c": {0x1a, 0x2b, 0x3c, 255},
		"#fff":    {255, 255, 255, 255},
		" #0f8 ":  {0, 0xff, 0x88, 255},
	}
	for in, want := range good {
		if got, err := ParseHex(in); err != nil || got != want {
			t.Errorf("ParseHex(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "#", "123456", "#12345", "#1234567", "#gg0000", "red", "#12 456"} {
		_, err := ParseHex(in)
		if carousel.ErrorCode(err) != carousel.EINVALID {
			t.Errorf("ParseHex(%q) error = %v, want an EINVALID error", in, err)
			continue
		}
		if !strings.Contains(carousel.ErrorMessage(err), "#1a2b3c") {
			t.Errorf("ParseHex(%q) message %q does not show the expected form", in, carousel.ErrorMessage(err))
		}
	}
}

func TestHex(t *testing.T) {
	if got := Hex(color.RGBA{0x1a, 0x2b, 0x3c, 255}); got != "#1a2b3c" {
		t.Errorf("Hex = %s, want #1a2b3c", got)
	}
	// Premultiplied half-transparent red is still red.
	if got := Hex(color.RGBA{128, 0, 0, 128}); got != "#ff0000" {
		t.Errorf("Hex of translucent red = %s, want #ff0000", got)
	}
	for _, th := range Themes {
		for _, c := range []color.RGBA{th.Background, th.Text, th.Accent, th.Muted, th.AccentText} {
			if back := mustHex(t, Hex(c)); back != c {
				t.Errorf("%s: Hex round trip %v -> %s -> %v", th.Name, c, Hex(c), back)
			}
		}
	}
}

var fontIDs = map[string]bool{"inter": true, "noto-sans": true, "noto-serif": true, "lato": true, "open-sans": true,
	"roboto": true, "roboto-slab": true, "eb-garamond": true, "bebas-neue": true}

func TestThemesReadable(t *testing.T) {
	if len(Themes) < 12 {
		t.Fatalf("%d themes, want at least 12", len(Themes))
	}
	if _, ok := ThemeByName(DefaultTheme); !ok {
		t.Fatalf("DefaultTheme %q is not a theme", DefaultTheme)
	}
	var light, dark int
	seen := map[string]bool{}
	for _, th := range Themes {
		t.Run(th.Name, func(t *testing.T) {
			if th.Name == "" || th.Description == "" || seen[th.Name] {
				t.Errorf("theme %q: empty or duplicate name, or no description", th.Name)
			}
			seen[th.Name] = true
			for _, pair := range []struct {
				what   string
				fg, bg color.RGBA
				min    float64
			}{
				{"text on background", th.Text, th.Background, 4.5},
				{"muted on background", th.Muted, th.Background, 4.5},
				{"accent on background", th.Accent, th.Background, 3},
				{"accent text on accent", th.AccentText, th.Accent, 4.5},
			} {
				if r := Contrast(pair.fg, pair.bg); r < pair.min {
					t.Errorf("%s: %s %s on %s = %.2f:1, want ≥ %.1f:1", th.Name, pair.what, Hex(pair.fg), Hex(pair.bg), r, pair.min)
				}
			}
			// Muted must still look quieter than the text.
			if Contrast(th.Muted, th.Background) >= Contrast(th.Text, th.Background) && th.Muted != th.Text {
				t.Errorf("%s: muted %s is not quieter than text %s", th.Name, Hex(th.Muted), Hex(th.Text))
			}
			for _, c := range []color.RGBA{th.Background, th.Text, th.Accent, th.Muted, th.AccentText} {
				if c.A != 255 {
					t.Errorf("%s: colour %v is not opaque", th.Name, c)
				}
			}
			if !fontIDs[th.TitleFont] || !fontIDs[th.BodyFont] || th.BodyFont == "bebas-neue" {
				t.Errorf("%s: fonts %q/%q: unknown, or a display face used for body text", th.Name, th.TitleFont, th.BodyFont)
			}
			if th.Radius < 0 || th.Radius > 40 {
				t.Errorf("%s: radius %v out of 0–40", th.Name, th.Radius)
			}
			if got, ok := ThemeByName(th.Name); !ok || got != th {
				t.Errorf("ThemeByName(%q) = %v, %v", th.Name, got.Name, ok)
			}
		})
		if luminance(th.Background) > 0.5 {
			light++
		} else {
			dark++
		}
	}
	if light < 4 || dark < 4 {
		t.Errorf("%d light and %d dark themes, want a range of at least 4 of each", light, dark)
	}
	if _, ok := ThemeByName("no-such-theme"); ok {
		t.Error("ThemeByName found a theme that does not exist")
	}
}

func TestResolve(t *testing.T) {
	base, _ := ThemeByName("classic")
	t.Run("no custom colours", func(t *testing.T) {
		got, warns := Resolve(base, nil)
		if got != base || len(warns) != 0 {
			t.Errorf("Resolve(nil) = %+v, %v; want the theme unchanged and no warning", got.Name, warns)
		}
	})
	t.Run("readable overrides", func(t *testing.T) {
		got, warns := Resolve(base, &carousel.Colors{Background: "#fdfcf8", Text: "#202020"})
		if len(warns) != 0 {
			t.Errorf("warnings for a readable pair: %v", warns)
		}
		if Hex(got.Background) != "#fdfcf8" || Hex(got.Text) != "#202020" || got.Accent != base.Accent || got.Muted != base.Muted {
			t.Errorf("overrides not applied as asked: %+v", got)
		}
	})
	t.Run("low-contrast text names both colours", func(t *testing.T) {
		_, warns := Resolve(base, &carousel.Colors{Text: "#CCCCCC"})
		if len(warns) != 1 {
			t.Fatalf("got %d warnings %v, want 1", len(warns), warns)
		}
		w := warns[0]
		if w.Code != carousel.WarnContrast || !strings.Contains(w.Message, "#cccccc") || !strings.Contains(w.Message, "#ffffff") || !strings.Contains(w.Message, "4.5:1") {
			t.Errorf("warning %+v does not name both colours and the target", w)
		}
	})
	t.Run("dark background fails every pair", func(t *testing.T) {
		_, warns := Resolve(base, &carousel.Colors{Background: "#101010", Text: "#333333", Muted: "#2a2a2a", Accent: "#202040"})
		for _, w := range warns {
			if w.Code != carousel.WarnContrast {
				t.Errorf("warning code %q, want %q", w.Code, carousel.WarnContrast)
			}
			if !strings.Contains(w.Message, "#101010") && !strings.Contains(w.Message, "#202040") {
				t.Errorf("warning %q names neither the background nor the accent", w.Message)
			}
		}
		if len(warns) != 3 { // text, muted, accent; the text on the accent is chosen to pass
			t.Errorf("got warnings %v, want 3 contrast warnings", warns)
		}
	})
	t.Run("accent override picks readable accent text", func(t *testing.T) {
		for _, acc := range []string{"#ffd60a", "#1d4ed8", "#7c7c7c", "#e11d48", "#111111"} {
			got, _ := Resolve(base, &carousel.Colors{Accent: acc})
			if r := Contrast(got.AccentText, got.Accent); r < 4.5 {
				t.Errorf("accent %s: accent text %s only %.2f:1", acc, Hex(got.AccentText), r)
			}
		}
	})
	t.Run("bad colour is ignored with a warning", func(t *testing.T) {
		got, warns := Resolve(base, &carousel.Colors{Accent: "blue"})
		if got != base || len(warns) != 1 || !strings.Contains(warns[0].Message, `"blue"`) {
			t.Errorf("Resolve with a bad colour = %v, %v", got.Accent, warns)
		}
	})
	t.Run("every preset resolves without warnings", func(t *testing.T) {
		for _, th := range Themes {
			if _, warns := Resolve(th, th.Colors()); len(warns) != 0 {
				t.Errorf("%s: %v", th.Name, warns)
			}
		}
	})
}

func TestThemeColors(t *testing.T) {
	th, _ := ThemeByName("ink")
	c := th.Colors()
	if c.Background != "#141414" || c.Text != "#f2f0ea" || c.Accent != "#f2c14e" || c.Muted != "#a39f96" {
		t.Errorf("Colors() = %+v", c)
	}
}

func TestCatalog(t *testing.T) {
	themes, patterns := ThemeCatalog(), PatternCatalog()
	if len(themes) != len(Themes) || len(patterns) != len(Patterns) {
		t.Fatalf("catalog has %d themes and %d patterns, want %d and %d", len(themes), len(patterns), len(Themes), len(Patterns))
	}
	for i, e := range themes {
		th := Themes[i]
		if e.Name != th.Name || e.Colors == nil || e.Colors.Accent != Hex(th.Accent) || e.TitleFont != th.TitleFont || e.BodyFont != th.BodyFont {
			t.Errorf("catalog entry %+v does not match theme %s", e, th.Name)
		}
	}
	for i, e := range patterns {
		if e.Name != Patterns[i].Name || e.Description == "" {
			t.Errorf("pattern entry %+v", e)
		}
	}
}
