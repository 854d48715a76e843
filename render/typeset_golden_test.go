// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
)

// typesetGoldens are the bidi, emoji and line-breaking cases kept as
// golden PNGs (testdata/golden/typeset-*.png), one slide each, looked at
// when they were made.
var typesetGoldens = []struct {
	name, lang, text string
}{
	{"bidi-hebrew-latin-start", "he", "GitHub הוא כלי מצוין לניהול קוד, ו-Slack משמש לתקשורת בין הצוותים שלנו. גרסה 2.5 יצאה ב-2024."},
	{"bidi-first-strong", "", "שלום עולם, זה Next.js ו-React ביחד.\nAnd an English line after it, with עברית inside."},
	{"bidi-arabic", "ar", "Slack هو المكان الذي نتحدث فيه كل يوم عن العمل، و GitHub للكود."},
	{"emoji-sequences", "en", "🤷‍♀️ 🏳️‍🌈 ❤️‍🔥 🐻‍❄️ 👩‍❤️‍👨 👍🏽 🧑🏽‍💻\nFlags 🇫🇷🇯🇵🇧🇷 and keycaps #️⃣ 1️⃣ 2️⃣ stay whole."},
	{"break-url-and-word", "en", "Read https://example.com/a/very/long/path/that/never/ends?utm_source=thread&utm_medium=social and Pneumonoultramicroscopicsilicovolcanoconiosis, then aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa."},
	{"break-cjk-kinsoku", "zh", "每张幻灯片只讲一个想法，读者应该在两秒钟内理解它。标点符号，例如句号。和逗号，不能出现在行首。「引号」也一样。"},
	{"break-thai", "th", "ทุกสไลด์ควรมีความคิดเดียว และผู้อ่านควรเข้าใจภายในสองวินาที ภาษาไทยไม่มีช่องว่างระหว่างคำ จึงต้องตัดคำตามพจนานุกรม"},
}

func TestGoldenTypesetting(t *testing.T) {
	if _, err := os.Stat("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"); err != nil {
		t.Skip("fonts-noto-cjk is not installed (scripts/test.sh installs it)")
	}
	e := newTestEngine(t)
	for _, g := range typesetGoldens {
		t.Run(g.name, func(t *testing.T) {
			p := project(carousel.Post{ID: "1", Lang: g.lang, Blocks: markup.ParseBlocks(g.text)})
			p.Settings.Format = "instagram-portrait"
			var b bytes.Buffer
			if err := e.Image(context.Background(), &b, p, 1, carousel.PNG); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", "typeset-"+g.name+".png")
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if d := pngDifference(t, want, b.Bytes()); d > 0.002 {
				t.Errorf("%s differs from the golden PNG in %.2f%% of its pixels", g.name, 100*d)
			}
		})
	}
}

// pngDifference is the share of pixels that differ by more than a few
// levels of anti-aliasing between two PNGs of the same size (1 when the
// sizes differ).
func pngDifference(t *testing.T, a, b []byte) float64 {
	t.Helper()
	ia, err := png.Decode(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	ib, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if ia.Bounds() != ib.Bounds() {
		return 1
	}
	r := ia.Bounds()
	diff := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if colorDistance(ia, ib, x, y) > 24 {
				diff++
			}
		}
	}
	return float64(diff) / float64(r.Dx()*r.Dy())
}

func colorDistance(a, b image.Image, x, y int) int {
	r1, g1, b1, _ := a.At(x, y).RGBA()
	r2, g2, b2, _ := b.At(x, y).RGBA()
	d := func(p, q uint32) int {
		v := int(p>>8) - int(q>>8)
		if v < 0 {
			return -v
		}
		return v
	}
	return max(d(r1, r2), d(g1, g2), d(b1, b2))
}
