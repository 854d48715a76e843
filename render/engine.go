// SPDX-License-Identifier: MIT

// Package render draws carousels: it plans slides from a thread, lays out
// rich text with font fallback, emoji and links, fits it to the slide and
// writes one vector PDF, PNG or JPEG images, or SVG previews, all from the
// same recorded scene per slide.
package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sync"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render/design"
)

// Options configure an Engine.
type Options struct {
	// LoadImage resolves a Media.Src or brand image reference. When nil,
	// the engine reads data: URLs and paths relative to BaseDir itself.
	LoadImage func(ctx context.Context, ref string) ([]byte, error)
	BaseDir   string
	// SystemFontDirs are searched for characters no bundled font has (CJK
	// and other scripts). Nil means /usr/share/fonts and /usr/local/share/fonts;
	// an empty non-nil slice turns the search off.
	SystemFontDirs []string
}

// Engine renders carousels. It is safe for concurrent use; fonts, emoji
// and caches are shared.
type Engine struct {
	opts   Options
	sys    *systemFonts
	fonts  *fontSet // shared: layout, raster and SVG
	cover  sync.Map // font coverage, see textBuilder.fileFor
	emoji  *emojiSet
	images *lru // ref → *loadedImage
	fitted *lru // processed image pixels
	pages  *lru // per project slide: paginated pages
	layout *lru // per project: *projectLayout
	svgs   *lru // page key → SVG bytes
	// userFontData holds checked user font files by reference; every font
	// set parses its own copy (see fontSet).
	userFontData sync.Map
}

var _ carousel.RenderService = (*Engine)(nil)

// New returns an Engine with the bundled fonts and emoji.
func New(opts Options) (*Engine, error) {
	if opts.SystemFontDirs == nil {
		opts.SystemFontDirs = []string{"/usr/share/fonts", "/usr/local/share/fonts"}
	}
	em, err := newEmojiSet()
	if err != nil {
		return nil, err
	}
	sys := newSystemFonts(opts.SystemFontDirs)
	e := &Engine{
		opts: opts, sys: sys, emoji: em,
		images: newLRU(32), fitted: newLRU(48), pages: newLRU(2048), layout: newLRU(16), svgs: newLRU(256),
	}
	e.fonts = e.newFontSet()
	if e.fonts.font(fontFamilies[0].Regular) == nil {
		return nil, fmt.Errorf("render: load bundled fonts: %s is unusable", fontFamilies[0].Regular)
	}
	return e, nil
}

// projectCtx is a project with its settings resolved: format, theme, fonts,
// sizes in mm and the slide frame.
type projectCtx struct {
	p        *carousel.Project
	format   carousel.Format
	theme    theme
	tpl      Template
	titleFam fontFamily
	bodyFam  fontFamily
	typo     carousel.Typography
	brand    carousel.Brand
	author   carousel.Author // the thread's author, or the brand's for threads without one
	pattern  carousel.Pattern
	langs    map[string]string // post ID → language, for posts that have one
	// language is the settings' language of the posts without one; when
	// it is "", guessLang is the language they seem to be in, for their
	// hyphenation only ("" when unsure).
	language, guessLang string
	// background is the settings' or the slide's background; nil draws the
	// theme's colour or the template's own.
	background *carousel.Background
	align      string                // a slide's alignment override; "" keeps the template's
	userFonts  map[string]fontFamily // font files named in the typography, by reference

	W, H, u float64 // slide size and one design px, in mm
	content rect    // the box text flows in, top-down mm
	header  rect    // header band
	footer  rect    // footer band
	warns   []carousel.Warning
}

// anonymous reports a carousel with no author and no brand (pasted text
// rendered without a brand kit): author rows and avatars are left out.
func (pc *projectCtx) anonymous() bool {
	a, b := pc.author, pc.brand
	return a.Name == "" && a.Handle == "" && a.Avatar == "" && b.Name == "" && b.Handle == "" && b.Avatar == ""
}

// rect is a box in mm measured from the top-left corner of the slide.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) w() float64 { return r.x1 - r.x0 }
func (r rect) h() float64 { return r.y1 - r.y0 }

const pxMM = 25.4 / 96 // one output pixel in mm

// resolve checks and completes a project's settings.
func (e *Engine) resolve(p *carousel.Project) (*projectCtx, error) {
	s := &p.Settings
	if err := e.Check(s); err != nil {
		return nil, err
	}
	pc := &projectCtx{p: p}
	pc.format, _ = carousel.FormatByName(orDefault(s.Format, carousel.DefaultFormat))
	th, _ := design.ThemeByName(orDefault(s.Theme, defaultTheme))
	pc.theme, pc.warns = design.Resolve(th, s.Colors)
	pc.tpl, _ = templateByName(orDefault(s.Template, DefaultTemplate))
	pc.typo = typographyOf(s.Typography)
	pc.userFonts = e.userFamilies(&pc.typo)
	pc.resolveFonts() // the typography's, the template's, then the theme's
	pc.background = s.Background
	pc.warns = append(pc.warns, backgroundWarnings(pc.theme, s.Background, "background")...)
	pc.author, pc.brand = authorAndBrand(p.Thread.Author, s.Brand)
	pc.langs = postLangs(p.Thread.Posts)
	pc.language = s.Language
	pc.pattern = s.Pattern
	if pc.pattern.Density <= 0 {
		pc.pattern.Density = 1
	}
	pc.frame()
	return pc, nil
}

func orDefault(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// typographyOf fills unset sizes with the defaults.
func typographyOf(t carousel.Typography) carousel.Typography {
	if t.TitleSize <= 0 {
		t.TitleSize = carousel.DefaultTitleSize
	}
	if t.BodySize <= 0 {
		t.BodySize = carousel.DefaultBodySize
	}
	if t.HeaderSize <= 0 {
		t.HeaderSize = carousel.DefaultHeaderSize
	}
	if t.MinScale <= 0 || t.MinScale > 1 {
		t.MinScale = carousel.DefaultMinScale
	}
	return t
}

// authorAndBrand lets the thread's author and the brand kit stand in for
// each other where one is missing, and gives the brand its default bands.
func authorAndBrand(a carousel.Author, b carousel.Brand) (carousel.Author, carousel.Brand) {
	author, brand := a, b
	if a.Name == "" && a.Handle == "" {
		// Pasted threads have no author: the brand kit stands in.
		author.Name, author.Handle = b.Name, b.Handle
	}
	if author.Avatar == "" && author.Handle == b.Handle {
		author.Avatar = b.Avatar
	}
	if brand.Name == "" {
		brand.Name = a.Name
	}
	if brand.Handle == "" {
		brand.Handle = a.Handle
	}
	if brand.Avatar == "" {
		brand.Avatar = a.Avatar
	}
	if brand.HideBands {
		brand.Header, brand.Footer = nil, nil
	} else if len(brand.Header) == 0 && len(brand.Footer) == 0 {
		brand.Header = []carousel.BrandItem{{Kind: carousel.BrandAvatar, Position: "left"}, {Kind: carousel.BrandName, Position: "left"}, {Kind: carousel.BrandHandle, Position: "left"}}
		brand.Footer = []carousel.BrandItem{{Kind: carousel.BrandSwipe, Position: "left"}, {Kind: carousel.BrandSlideNumber, Position: "right"}}
	}
	return author, brand
}

// frame sets the slide size, the design px and the header, content and
// footer boxes from the format and the header size.
func (pc *projectCtx) frame() {
	f := pc.format
	pc.W, pc.H = float64(f.Width)*pxMM, float64(f.Height)*pxMM
	// One design px: the width over 360, but no more than the height over
	// 300 so that landscape slides keep readable amounts of text.
	pc.u = math.Min(pc.W/carousel.DesignWidth, pc.H/300)
	u := pc.u
	px := func(v int) float64 { return float64(v) * pxMM }
	margin := math.Max(28*u, 0.075*pc.W)
	if margin > 40*u {
		margin = 40 * u
	}
	band := math.Max(pc.typo.HeaderSize*1.9, 22) * u
	top := px(f.Safe.Top) + 20*u
	bottom := pc.H - px(f.Safe.Bottom) - 20*u
	left, right := px(f.Safe.Left)+margin, pc.W-px(f.Safe.Right)-margin
	pc.header = rect{left, top, right, top + band}
	pc.footer = rect{left, bottom - band, right, bottom}
	pc.content = rect{left, pc.header.y1 + 18*u, right, pc.footer.y0 - 18*u}
}

// Check validates the settings: their structure (Settings.Validate) and
// the names in them.
func (e *Engine) Check(s *carousel.Settings) error {
	if err := s.Validate("settings"); err != nil {
		return err
	}
	if s.Format != "" {
		if _, ok := carousel.FormatByName(s.Format); !ok {
			return carousel.FieldError("settings.format", "unknown format %q", s.Format)
		}
	}
	if s.Template != "" {
		if _, ok := templateByName(s.Template); !ok {
			return carousel.FieldError("settings.template", "unknown template %q", s.Template)
		}
	}
	if s.Theme != "" {
		if _, ok := design.ThemeByName(s.Theme); !ok {
			return carousel.FieldError("settings.theme", "unknown theme %q", s.Theme)
		}
	}
	if s.Pattern.Name != "" {
		if _, ok := design.PatternByName(s.Pattern.Name); !ok {
			return carousel.FieldError("settings.pattern.name", "unknown pattern %q", s.Pattern.Name)
		}
	}
	if err := e.checkFontSetting("settings.typography.titleFont", s.Typography.TitleFont); err != nil {
		return err
	}
	if err := e.checkFontSetting("settings.typography.bodyFont", s.Typography.BodyFont); err != nil {
		return err
	}
	return nil
}

// Catalog lists what users can choose from.
func (e *Engine) Catalog() carousel.Catalog {
	var c carousel.Catalog
	c.Formats = append(c.Formats, carousel.Formats...)
	for _, t := range templates {
		d := t.Design()
		c.Templates = append(c.Templates, carousel.CatalogEntry{Name: t.Name(), Description: t.Description(), TitleFont: d.TitleFont, BodyFont: d.BodyFont})
	}
	c.Themes = design.ThemeCatalog()
	c.Patterns = design.PatternCatalog()
	for _, f := range fontFamilies {
		c.Fonts = append(c.Fonts, carousel.CatalogEntry{Name: f.ID, Label: fontLabel(f), Description: f.Description})
	}
	return c
}

// hashOf returns a short content hash of the JSON encoding of v.
func hashOf(v ...any) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, x := range v {
		_ = enc.Encode(x)
	}
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// guessLanguage sets guessLang when the settings name no language. It is
// not part of resolve: a layout found in the cache needs no guess.
func (pc *projectCtx) guessLanguage() {
	if pc.language == "" {
		pc.guessLang = guessLanguage(pc.p.Thread.Posts)
	}
}

// postLangs maps the IDs of posts, and of the posts they quote, that say
// their language to it.
func postLangs(posts []carousel.Post) map[string]string {
	var langs map[string]string
	add := func(id, lang string) {
		if lang == "" || id == "" {
			return
		}
		if langs == nil {
			langs = map[string]string{}
		}
		if _, ok := langs[id]; !ok {
			langs[id] = lang
		}
	}
	for _, post := range posts {
		add(post.ID, post.Lang)
	}
	for _, post := range posts {
		if post.Quote != nil {
			add(post.Quote.ID, post.Quote.Lang)
		}
	}
	return langs
}
