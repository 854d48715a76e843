// SPDX-License-Identifier: MIT

package render

import (
	"embed"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"

	"github.com/tdewolff/canvas"
)

//go:embed fonts
var fontFS embed.FS

// fontFamily is a selectable type family and its files per style.
type fontFamily struct {
	ID          string
	Description string
	Regular     string
	Bold        string
	Italic      string // empty: a slanted regular is used
	BoldItalic  string
	Heavy       string // for titles; empty uses Bold
}

// fontFamilies lists the bundled families users can pick for titles and body.
var fontFamilies = []fontFamily{
	{"inter", "Inter: a neutral, highly legible sans-serif made for screens", "inter/Inter-Regular.otf", "inter/Inter-Bold.otf", "inter/Inter-Italic.otf", "inter/Inter-BoldItalic.otf", "inter/Inter-ExtraBold.otf"},
	{"noto-sans", "Noto Sans: a friendly humanist sans-serif", "noto-sans/NotoSans-Regular.ttf", "noto-sans/NotoSans-Bold.ttf", "noto-sans/NotoSans-Italic.ttf", "noto-sans/NotoSans-BoldItalic.ttf", ""},
	{"noto-serif", "Noto Serif: a sturdy serif for long reads", "noto-serif/NotoSerif-Regular.ttf", "noto-serif/NotoSerif-Bold.ttf", "noto-serif/NotoSerif-Italic.ttf", "noto-serif/NotoSerif-BoldItalic.ttf", ""},
	{"lato", "Lato: a warm sans-serif with round details", "lato/Lato-Regular.ttf", "lato/Lato-Bold.ttf", "lato/Lato-Italic.ttf", "lato/Lato-BoldItalic.ttf", "lato/Lato-Black.ttf"},
	{"open-sans", "Open Sans: an open, upright sans-serif", "open-sans/OpenSans-Regular.ttf", "open-sans/OpenSans-Bold.ttf", "open-sans/OpenSans-Italic.ttf", "open-sans/OpenSans-BoldItalic.ttf", "open-sans/OpenSans-ExtraBold.ttf"},
	{"roboto", "Roboto: a geometric, mechanical sans-serif", "roboto/Roboto-Regular.ttf", "roboto/Roboto-Bold.ttf", "roboto/Roboto-Italic.ttf", "roboto/Roboto-BoldItalic.ttf", "roboto/Roboto-Black.ttf"},
	{"roboto-slab", "Roboto Slab: a slab serif with strong headlines", "roboto-slab/RobotoSlab-Regular.otf", "roboto-slab/RobotoSlab-Bold.otf", "", "", ""},
	{"eb-garamond", "EB Garamond: a classic old-style serif, literary", "eb-garamond/EBGaramond12-Regular.otf", "eb-garamond/EBGaramond12-Bold.otf", "eb-garamond/EBGaramond12-Italic.otf", "", ""},
	{"bebas-neue", "Bebas Neue: tall all-caps display type for punchy titles", "bebas-neue/BebasNeue-Regular.otf", "bebas-neue/BebasNeue-Bold.otf", "", "", ""},
	{"montserrat", "Montserrat: a wide geometric sans-serif with bold, poster-like headlines", "montserrat/montserrat-latin-400-normal.woff2", "montserrat/montserrat-latin-700-normal.woff2", "montserrat/montserrat-latin-400-italic.woff2", "montserrat/montserrat-latin-700-italic.woff2", "montserrat/montserrat-latin-800-normal.woff2"},
	{"poppins", "Poppins: a round geometric sans-serif, friendly and even", "poppins/poppins-latin-400-normal.woff2", "poppins/poppins-latin-700-normal.woff2", "poppins/poppins-latin-400-italic.woff2", "poppins/poppins-latin-700-italic.woff2", "poppins/poppins-latin-800-normal.woff2"},
	{"dm-sans", "DM Sans: a compact low-contrast sans-serif for clean text", "dm-sans/dm-sans-latin-400-normal.woff2", "dm-sans/dm-sans-latin-700-normal.woff2", "dm-sans/dm-sans-latin-400-italic.woff2", "dm-sans/dm-sans-latin-700-italic.woff2", "dm-sans/dm-sans-latin-800-normal.woff2"},
	{"playfair-display", "Playfair Display: a high-contrast editorial serif for headlines", "playfair-display/playfair-display-latin-400-normal.woff2", "playfair-display/playfair-display-latin-700-normal.woff2", "playfair-display/playfair-display-latin-400-italic.woff2", "playfair-display/playfair-display-latin-700-italic.woff2", "playfair-display/playfair-display-latin-900-normal.woff2"},
	{"space-grotesk", "Space Grotesk: a quirky technical grotesque with character", "space-grotesk/space-grotesk-latin-400-normal.woff2", "space-grotesk/space-grotesk-latin-700-normal.woff2", "", "", ""},
	{"archivo-black", "Archivo Black: a heavy grotesque for loud, short titles", "archivo-black/archivo-black-latin-400-normal.woff2", "archivo-black/archivo-black-latin-400-normal.woff2", "", "", ""},
}

func familyByID(id string) (fontFamily, bool) {
	for _, f := range fontFamilies {
		if f.ID == id {
			return f, true
		}
	}
	return fontFamily{}, false
}

// fallbackFiles are tried in order for characters the chosen family lacks;
// DejaVu comes last, after system fonts.
var fallbackFiles = []struct{ regular, bold string }{
	{"fallback/NotoSansArabic-Regular.ttf", "fallback/NotoSansArabic-Bold.ttf"},
	{"fallback/NotoSansHebrew-Regular.ttf", "fallback/NotoSansHebrew-Bold.ttf"},
	{"fallback/NotoSansDevanagari-Regular.ttf", "fallback/NotoSansDevanagari-Bold.ttf"},
	{"fallback/NotoSansThai-Regular.ttf", "fallback/NotoSansThai-Bold.ttf"},
}

var lastResort = struct{ regular, bold string }{"fallback/DejaVuSans.ttf", "fallback/DejaVuSans-Bold.ttf"}

// monoFamily sets code: inline `code` and fenced code blocks.
var monoFamily = fontFamily{ID: "mono", Regular: "fallback/DejaVuSansMono.ttf", Bold: "fallback/DejaVuSansMono-Bold.ttf"}

// Vertical metrics given to every font, in em: one line box for every
// script, so a line with Arabic or Devanagari is as tall as a Latin one.
const (
	normAscent  = 0.94
	normDescent = 0.26
)

// parseFont loads a font from bytes, normalises its vertical metrics and
// recovers from parser panics on broken files.
func parseFont(b []byte, name string) (f *canvas.Font, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, fmt.Errorf("render: parse font %s: %v", name, r)
		}
	}()
	f, err = canvas.LoadFont(b, 0, canvas.FontRegular)
	if err != nil {
		return nil, fmt.Errorf("render: parse font %s: %w", name, err)
	}
	if f.SFNT.OS2 == nil || f.SFNT.Head == nil {
		return nil, fmt.Errorf("render: parse font %s: no OS/2 table", name)
	}
	upem := float64(f.SFNT.Head.UnitsPerEm)
	f.SFNT.OS2.FsSelection |= 0x0080 // USE_TYPO_METRICS
	f.SFNT.OS2.STypoAscender = int16(math.Round(normAscent * upem))
	f.SFNT.OS2.STypoDescender = -int16(math.Round(normDescent * upem))
	f.SFNT.OS2.STypoLineGap = 0
	f.SetFeatures("-calt") // keeps PDF text extraction lossless for Latin punctuation
	return f, nil
}

// fontSet holds parsed fonts, loaded lazily. An engine's set serves
// layout, raster, SVG and PDF alike (the PDF writer subsets fresh copies).
type fontSet struct {
	sys   *systemFonts
	user  *sync.Map // user font reference → checked file bytes
	cover *sync.Map // coverKey → font file, shared by every set of an engine
	mu    sync.Mutex
	fonts map[string]*canvas.Font
}

func newFontSet(sys *systemFonts, cover *sync.Map) *fontSet {
	return &fontSet{sys: sys, cover: cover, user: &sync.Map{}, fonts: map[string]*canvas.Font{}}
}

// newFontSet is a font set of the engine: its system fonts, coverage and
// user fonts.
func (e *Engine) newFontSet() *fontSet {
	fs := newFontSet(e.sys, &e.cover)
	fs.user = &e.userFontData
	return fs
}

// font returns the font for a bundled file ("inter/Inter-Bold.otf") or an
// absolute system font path.
func (s *fontSet) font(file string) *canvas.Font {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.fonts[file]; ok {
		return f
	}
	var b []byte
	var err error
	if ref, ok := strings.CutPrefix(file, userFontPrefix); ok {
		if v, found := s.user.Load(ref); found {
			b = v.([]byte)
		} else {
			err = fmt.Errorf("render: user font %s is not loaded", ref)
		}
	} else if filepath.IsAbs(file) {
		b, err = os.ReadFile(file)
	} else {
		b, err = fontFS.ReadFile("fonts/" + file)
	}
	var f *canvas.Font
	if err == nil {
		f, err = parseFont(b, file)
	}
	if err != nil {
		f = nil // remembered as unusable
	}
	s.fonts[file] = f
	return f
}

// styledFile picks the file of a family for a style and says whether
// italic must be faked.
func (fam fontFamily) styledFile(bold, italic, heavy bool) (string, bool) {
	switch {
	case heavy && fam.Heavy != "" && !italic:
		return fam.Heavy, false
	case bold && italic && fam.BoldItalic != "":
		return fam.BoldItalic, false
	case bold:
		return fam.Bold, italic
	case italic && fam.Italic != "":
		return fam.Italic, false
	}
	return fam.Regular, italic
}

// systemFonts indexes font files in system directories, searched lazily the
// first time a character has no bundled font.
type systemFonts struct {
	dirs  []string
	once  sync.Once
	files []string

	mu     sync.Mutex
	byRune map[rune]string // "" when no system font has it
	probe  map[string]*canvas.Font
}

func newSystemFonts(dirs []string) *systemFonts {
	return &systemFonts{dirs: dirs, byRune: map[rune]string{}, probe: map[string]*canvas.Font{}}
}

func (sf *systemFonts) list() []string {
	sf.once.Do(func() {
		for _, d := range sf.dirs {
			_ = filepath.WalkDir(d, func(path string, e fs.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return nil
				}
				switch strings.ToLower(filepath.Ext(path)) {
				case ".ttf", ".otf", ".ttc": // of a collection, the first font
					sf.files = append(sf.files, path)
				}
				return nil
			})
		}
		// Prefer regular Noto and CJK faces, then the rest by name, so the
		// choice does not depend on directory order.
		rank := func(p string) int {
			b := strings.ToLower(filepath.Base(p))
			r := 3
			if strings.Contains(b, "cjk") || strings.Contains(b, "noto") {
				r = 1
			}
			if strings.Contains(b, "bold") || strings.Contains(b, "italic") || strings.Contains(b, "light") || strings.Contains(b, "thin") || strings.Contains(b, "black") {
				r++
			}
			return r
		}
		sort.SliceStable(sf.files, func(i, j int) bool {
			ri, rj := rank(sf.files[i]), rank(sf.files[j])
			if ri != rj {
				return ri < rj
			}
			return sf.files[i] < sf.files[j]
		})
	})
	return sf.files
}

// find returns the path of a system font that has r, or "".
func (sf *systemFonts) find(r rune) string {
	if sf == nil || len(sf.dirs) == 0 {
		return ""
	}
	files := sf.list()
	sf.mu.Lock()
	defer sf.mu.Unlock()
	if p, ok := sf.byRune[r]; ok {
		return p
	}
	found := ""
	for _, p := range files {
		f, ok := sf.probe[p]
		if !ok {
			if st, err := os.Stat(p); err == nil && st.Size() < 40<<20 {
				if b, err := os.ReadFile(p); err == nil {
					f, _ = parseFont(b, p)
				}
			}
			sf.probe[p] = f
		}
		if f != nil && f.SFNT.GlyphIndex(r) != 0 {
			found = p
			break
		}
	}
	sf.byRune[r] = found
	return found
}

// needsFont reports whether r must be drawn by a font that has it; spaces,
// joiners and marks follow the font of the text around them.
func needsFont(r rune) bool {
	if unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || unicode.Is(unicode.Cf, r) || unicode.IsControl(r) {
		return false
	}
	return true
}
