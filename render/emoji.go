// SPDX-License-Identifier: MIT

package render

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/tdewolff/canvas"
)

//go:embed emoji/twemoji.zip
var twemojiZip []byte

// emojiSet finds twemoji sequences in text and parses their SVGs once.
type emojiSet struct {
	// files maps a sequence's key, its code points in hex without U+FE0F
	// ("1f937-200d-2640"), to its SVG: Twemoji's file names keep the
	// variation selector in some sequences and drop it in others, and
	// text may carry it or not, so both sides are compared without it.
	files  map[string]*zip.File
	maxLen int // longest sequence, in runes without U+FE0F

	mu     sync.Mutex
	parsed map[string]*canvas.Canvas // nil when the SVG could not be parsed
}

func newEmojiSet() (*emojiSet, error) {
	zr, err := zip.NewReader(bytes.NewReader(twemojiZip), int64(len(twemojiZip)))
	if err != nil {
		return nil, fmt.Errorf("render: open twemoji: %w", err)
	}
	e := &emojiSet{files: map[string]*zip.File{}, parsed: map[string]*canvas.Canvas{}}
	for _, f := range zr.File {
		name, ok := strings.CutSuffix(f.Name, ".svg")
		if !ok {
			continue
		}
		key := strings.ReplaceAll(strings.ReplaceAll(name, "-fe0f", ""), "fe0f-", "")
		if _, dup := e.files[key]; dup && key != name {
			continue // the file named without FE0F wins
		}
		e.files[key] = f
		if n := strings.Count(key, "-") + 1; n > e.maxLen {
			e.maxLen = n
		}
	}
	return e, nil
}

func emojiKey(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		if r == 0xFE0F {
			continue // keys leave out the variation selector, see emojiSet.files
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(strconv.FormatInt(int64(r), 16))
	}
	return b.String()
}

// match returns the length in runes of the emoji sequence starting at
// rs[i] and its key, or 0. The longest known sequence wins, so ZWJ
// families, skin tones, flags and keycaps stay whole.
func (e *emojiSet) match(rs []rune, i int) (int, string) {
	r := rs[i]
	if r < 0x80 || r == 0xA9 || r == 0xAE {
		// ©, ®, #, * and digits are text unless FE0F or a keycap follows.
		if !(i+1 < len(rs) && (rs[i+1] == 0xFE0F || rs[i+1] == 0x20E3)) {
			return 0, ""
		}
	}
	if r < 0x80 && !(r == '#' || r == '*' || (r >= '0' && r <= '9')) {
		return 0, ""
	}
	// Walk as far as the longest sequence reaches, not counting the
	// variation selectors interleaved in the text.
	end, n := i, 0
	for end < len(rs) && n < e.maxLen {
		if rs[end] != 0xFE0F {
			n++
		}
		end++
	}
	for j := end; j > i; j-- {
		if rs[j-1] == 0x200D || rs[j-1] == 0xFE0F {
			continue
		}
		key := emojiKey(rs[i:j])
		if key == "" {
			continue
		}
		if _, ok := e.files[key]; ok {
			n := j - i
			if j < len(rs) && rs[j] == 0xFE0F {
				n++ // swallow a trailing variation selector
			}
			return n, key
		}
	}
	return 0, ""
}

// canvas returns the parsed SVG of an emoji, shared and never modified.
func (e *emojiSet) canvas(key string) *canvas.Canvas {
	e.mu.Lock()
	defer e.mu.Unlock()
	if c, ok := e.parsed[key]; ok {
		return c
	}
	var c *canvas.Canvas
	if f := e.files[key]; f != nil {
		c = parseEmoji(f)
	}
	e.parsed[key] = c
	return c
}

func parseEmoji(f *zip.File) (c *canvas.Canvas) {
	defer func() {
		if recover() != nil {
			c = nil
		}
	}()
	rc, err := f.Open()
	if err != nil {
		return nil
	}
	defer rc.Close()
	c, err = canvas.ParseSVG(rc)
	if err != nil || c.W <= 0 || c.H <= 0 {
		return nil
	}
	return c
}

// sized returns a new canvas drawing the emoji with the given width in mm.
func (e *emojiSet) sized(key string, size float64) *canvas.Canvas {
	src := e.canvas(key)
	if src == nil {
		return nil
	}
	k := size / src.W
	c := canvas.New(size, src.H*k)
	src.RenderViewTo(c, canvas.Identity.Scale(k, k))
	return c
}
