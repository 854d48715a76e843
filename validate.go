// SPDX-License-Identifier: MIT

package carousel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"
)

// ReadProject decodes and validates a carousel project. Errors are *Error
// values that name the line, column or field path and the reason.
func ReadProject(data []byte) (*Project, error) {
	var p Project
	if err := UnmarshalStrict(data, &p); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

// ReadThread decodes and validates a thread.
func ReadThread(data []byte) (*Thread, error) {
	var t Thread
	if err := UnmarshalStrict(data, &t); err != nil {
		return nil, err
	}
	if err := t.Validate("thread"); err != nil {
		return nil, err
	}
	return &t, nil
}

// EncodeJSON writes v as indented JSON ending in a newline: the canonical
// form of thread and project files, so that reading then writing a file
// gives the same bytes.
func EncodeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// MarshalJSON returns v in the canonical form of EncodeJSON.
func MarshalJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	err := EncodeJSON(&b, v)
	return b.Bytes(), err
}

// TrimBOM drops a UTF-8 byte-order mark, which some editors on Windows
// put at the start of JSON files.
func TrimBOM(data []byte) []byte { return bytes.TrimPrefix(data, []byte("\ufeff")) }

// UnmarshalStrict decodes one JSON value into v, refusing unknown fields
// and data after the value; a leading byte-order mark is skipped. Its
// errors are EINVALID *Error values naming the line and column (of the
// offending byte) or the field, the same for files, request bodies and
// brand kits.
func UnmarshalStrict(data []byte, v any) error {
	data = TrimBOM(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(data, err)
	}
	if dec.More() {
		return Errorf(EINVALID, "%s: unexpected data after the JSON value", position(data, dec.InputOffset()))
	}
	return nil
}

// jsonError turns an encoding/json error into an *Error naming the line and column or the field.
func jsonError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		// Offset counts the offending byte itself; point at it.
		return &Error{Code: EINVALID, Message: fmt.Sprintf("%s: %s", position(data, max(syn.Offset-1, 0)), syn.Error()), Err: err}
	case errors.As(err, &typ):
		return &Error{Code: EINVALID, Field: typ.Field, Message: fmt.Sprintf("%s: expected %s, found a JSON %s", position(data, typ.Offset), typ.Type, typ.Value), Err: err}
	case errors.Is(err, io.EOF):
		return Errorf(EINVALID, "the file is empty")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return Errorf(EINVALID, "the JSON ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return &Error{Code: EINVALID, Message: "unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field "), Err: err}
	}
	return &Error{Code: EINVALID, Message: err.Error(), Err: err}
}

func position(data []byte, offset int64) string {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return fmt.Sprintf("line %d, column %d", line, col)
}

var hexColor = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)

// Validate checks the thread's structure. path prefixes field names in errors.
func (t *Thread) Validate(path string) error {
	if t.Version != ThreadVersion {
		return FieldError(path+".version", "must be %d, found %d", ThreadVersion, t.Version)
	}
	if err := t.CheckSize(path); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i := range t.Posts {
		p := &t.Posts[i]
		pp := fmt.Sprintf("%s.posts[%d]", path, i)
		if p.ID == "" {
			return FieldError(pp+".id", "is empty")
		}
		if seen[p.ID] {
			return FieldError(pp+".id", "%q is used by an earlier post", p.ID)
		}
		seen[p.ID] = true
		if err := validatePost(p, pp); err != nil {
			return err
		}
	}
	return nil
}

func validatePost(p *Post, path string) error {
	if err := validateBlocks(p.Blocks, path+".blocks"); err != nil {
		return err
	}
	for j, m := range p.Media {
		if err := validateMedia(&m, fmt.Sprintf("%s.media[%d]", path, j)); err != nil {
			return err
		}
	}
	if p.Quote != nil {
		return validatePost(p.Quote, path+".quote")
	}
	return nil
}

func validateBlocks(blocks []Block, path string) error {
	for i, b := range blocks {
		bp := fmt.Sprintf("%s[%d]", path, i)
		switch b.Type {
		case Paragraph, Bullet, Numbered, Quote:
		case Heading:
			if b.Level < 0 || b.Level > 3 {
				return FieldError(bp+".level", "must be 1, 2 or 3, found %d", b.Level)
			}
		default:
			return FieldError(bp+".type", "unknown block type %q (paragraph, heading, bullet, numbered, quote)", b.Type)
		}
		for j, s := range b.Spans {
			switch s.Entity {
			case "", EntityURL, EntityMention, EntityHashtag, EntityCashtag:
			default:
				return FieldError(fmt.Sprintf("%s.spans[%d].entity", bp, j), "unknown entity %q", s.Entity)
			}
		}
	}
	return nil
}

func validateMedia(m *Media, path string) error {
	switch m.Type {
	case MediaPhoto, MediaVideo, MediaGIF:
	default:
		return FieldError(path+".type", "unknown media type %q (photo, video, gif)", m.Type)
	}
	if m.Src == "" {
		return FieldError(path+".src", "is empty")
	}
	if m.Width < 0 || m.Height < 0 {
		return FieldError(path, "width and height must not be negative")
	}
	switch m.Fit {
	case "", MediaCover, MediaContain:
	default:
		return FieldError(path+".fit", "must be cover or contain, found %q", m.Fit)
	}
	if err := validateFocus(m.Focus, path+".focus"); err != nil {
		return err
	}
	if c := m.Crop; c != nil {
		if c.X < 0 || c.Y < 0 || c.W <= 0 || c.H <= 0 || c.X+c.W > 1+1e-9 || c.Y+c.H > 1+1e-9 {
			return FieldError(path+".crop", "must be a rectangle inside the image, as fractions from 0 to 1 with a width and height above 0 (found x %g, y %g, w %g, h %g)", c.X, c.Y, c.W, c.H)
		}
	}
	return nil
}

func validateFocus(f *Focus, path string) error {
	if f != nil && (f.X < 0 || f.X > 1 || f.Y < 0 || f.Y > 1) {
		return FieldError(path, "x and y must be fractions from 0 to 1, found %g and %g", f.X, f.Y)
	}
	return nil
}

func validateColors(c *Colors, path string) error {
	if c == nil {
		return nil
	}
	for _, f := range []struct{ name, v string }{{"background", c.Background}, {"text", c.Text}, {"accent", c.Accent}, {"muted", c.Muted}} {
		if f.v != "" && !hexColor.MatchString(f.v) {
			return FieldError(path+"."+f.name, "%q is not a colour like #1a2b3c", f.v)
		}
	}
	return nil
}

// Validate checks a background: its kind, colours, angle, image and scrim.
func (b *Background) Validate(path string) error {
	for i, c := range b.Colors {
		if !hexColor.MatchString(c) {
			return FieldError(fmt.Sprintf("%s.colors[%d]", path, i), "%q is not a colour like #1a2b3c", c)
		}
	}
	switch b.Kind {
	case BackgroundSolid:
		if len(b.Colors) != 1 {
			return FieldError(path+".colors", "a solid background takes one colour, found %d", len(b.Colors))
		}
	case BackgroundGradient:
		if len(b.Colors) < 2 || len(b.Colors) > 3 {
			return FieldError(path+".colors", "a gradient takes two or three colours, found %d", len(b.Colors))
		}
	case BackgroundImage:
		if b.Image == "" {
			return FieldError(path+".image", "is empty: an image background needs an image")
		}
		if len(b.Colors) > 0 {
			return FieldError(path+".colors", "an image background takes no colours (the scrim uses the theme's background)")
		}
	default:
		return FieldError(path+".kind", "unknown background %q (solid, gradient, image)", b.Kind)
	}
	if b.Angle < -360 || b.Angle > 360 {
		return FieldError(path+".angle", "%g is outside -360 to 360 degrees", b.Angle)
	}
	if b.Scrim < 0 || b.Scrim > 1 {
		return FieldError(path+".scrim", "%g is outside 0 to 1", b.Scrim)
	}
	return validateFocus(b.Focus, path+".focus")
}

// Validate checks a slide's style overrides. Template and theme names are
// checked by the render engine.
func (st *SlideStyle) Validate(path string) error {
	if err := validateColors(st.Colors, path+".colors"); err != nil {
		return err
	}
	if st.Background != nil {
		if err := st.Background.Validate(path + ".background"); err != nil {
			return err
		}
	}
	if t := st.TextScale; t != 0 && (t < 0.5 || t > 2) {
		return FieldError(path+".textScale", "%g is outside 0.5 to 2", t)
	}
	switch st.Align {
	case "", "left", "center", "right":
	default:
		return FieldError(path+".align", "must be left, center or right, found %q", st.Align)
	}
	return nil
}

// Validate checks the project's structure and settings. Names of templates,
// themes, patterns and fonts are checked by the render engine, which owns them.
func (p *Project) Validate() error {
	if p.Version != ProjectVersion {
		return FieldError("version", "must be %d, found %d", ProjectVersion, p.Version)
	}
	if err := p.Thread.Validate("thread"); err != nil {
		return err
	}
	if err := p.Settings.Validate("settings"); err != nil {
		return err
	}
	for i, s := range p.Slides {
		sp := fmt.Sprintf("slides[%d]", i)
		switch s.Kind {
		case SlideCover, SlideContent, SlideImage, SlideOutro:
		default:
			return FieldError(sp+".kind", "unknown slide kind %q (cover, content, image, outro)", s.Kind)
		}
		if s.Style != nil {
			if err := s.Style.Validate(sp + ".style"); err != nil {
				return err
			}
		}
		for j, it := range s.Items {
			ip := fmt.Sprintf("%s.items[%d]", sp, j)
			if it.Post != "" {
				post := p.Thread.PostByID(it.Post)
				if post == nil {
					return FieldError(ip+".post", "no post %q in the thread", it.Post)
				}
				if it.From < 0 || it.To < 0 || it.To > len(post.Blocks) || (it.To != 0 && it.From > it.To) {
					return FieldError(ip, "from %d and to %d do not select blocks of post %q, which has %d", it.From, it.To, it.Post, len(post.Blocks))
				}
			} else if len(it.Blocks) == 0 && it.Image == nil {
				return FieldError(ip, "is empty: give a post, blocks or an image")
			}
			if err := validateBlocks(it.Blocks, ip+".blocks"); err != nil {
				return err
			}
			if it.Image != nil {
				if err := validateMedia(it.Image, ip+".image"); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// Validate checks the settings. Zero values are allowed and mean the default.
func (s *Settings) Validate(path string) error {
	if s.Format != "" {
		if _, ok := FormatByName(s.Format); !ok {
			return FieldError(path+".format", "unknown format %q (see carousel list formats)", s.Format)
		}
	}
	if err := validateColors(s.Colors, path+".colors"); err != nil {
		return err
	}
	if s.Background != nil {
		if err := s.Background.Validate(path + ".background"); err != nil {
			return err
		}
	}
	ty := s.Typography
	for _, f := range []struct {
		name     string
		v        float64
		min, max float64
	}{
		{"titleSize", ty.TitleSize, 12, 96},
		{"bodySize", ty.BodySize, 8, 48},
		{"headerSize", ty.HeaderSize, 6, 24},
		{"minScale", ty.MinScale, 0.3, 1},
	} {
		if f.v != 0 && (f.v < f.min || f.v > f.max) {
			return FieldError(path+".typography."+f.name, "%g is outside %g to %g", f.v, f.min, f.max)
		}
	}
	for _, list := range []struct {
		name  string
		items []BrandItem
	}{{"header", s.Brand.Header}, {"footer", s.Brand.Footer}} {
		for i, it := range list.items {
			ip := fmt.Sprintf("%s.brand.%s[%d]", path, list.name, i)
			if !contains(BrandItemKinds, it.Kind) {
				return FieldError(ip+".kind", "unknown item %q (%s)", it.Kind, strings.Join(BrandItemKinds, ", "))
			}
			switch it.Position {
			case "left", "center", "right":
			default:
				return FieldError(ip+".position", "must be left, center or right, found %q", it.Position)
			}
		}
	}
	if d := s.Pattern.Density; d != 0 && (d < 0.25 || d > 4) {
		return FieldError(path+".pattern.density", "%g is outside 0.25 to 4", d)
	}
	if o := s.Pattern.Opacity; o < 0 || o > 1 {
		return FieldError(path+".pattern.opacity", "%g is outside 0 to 1", o)
	}
	if v := s.CTA.Variant; v < 0 || v > 3 {
		return FieldError(path+".cta.variant", "must be 0 (none), 1, 2 or 3, found %d", v)
	}
	if s.Language != "" && !IsLanguageTag(s.Language) {
		return FieldError(path+".language", "%q is not a language tag such as de, pt-BR or he", s.Language)
	}
	return nil
}

// IsLanguageTag reports whether s has the shape of a BCP 47 language tag:
// a primary subtag of two or three letters, then subtags of one to eight
// letters or digits, separated by hyphens ("de", "pt-BR", "zh-Hant-TW").
func IsLanguageTag(s string) bool {
	for i, sub := range strings.Split(s, "-") {
		if i == 0 && (len(sub) < 2 || len(sub) > 3) || len(sub) < 1 || len(sub) > 8 {
			return false
		}
		for _, r := range sub {
			letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
			if !letter && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Limits of a thread's size: planning and drawing take time in proportion
// to the text, and a paste of megabytes must not hold a server for minutes.
// X's longest posts have 25,000 characters.
const (
	MaxThreadPosts = 2000
	MaxPostChars   = 100_000
	MaxThreadChars = 500_000
)

// CheckSize refuses a thread over the size limits, naming the post.
func (t *Thread) CheckSize(path string) error {
	if n := len(t.Posts); n > MaxThreadPosts {
		return tooLarge(path+".posts", "the thread has %d posts; the limit is %d", n, MaxThreadPosts)
	}
	total := 0
	for i := range t.Posts {
		n := postChars(&t.Posts[i])
		if n > MaxPostChars {
			return tooLarge(fmt.Sprintf("%s.posts[%d]", path, i), "the post is %d characters long; the limit is %d (split it into several posts)", n, MaxPostChars)
		}
		if total += n; total > MaxThreadChars {
			return tooLarge(path+".posts", "the thread is over %d characters; shorten it or make several carousels", MaxThreadChars)
		}
	}
	return nil
}

// postChars counts the characters of a post's text and its quote's.
func postChars(p *Post) int {
	n := 0
	for _, b := range p.Blocks {
		for _, sp := range b.Spans {
			n += utf8.RuneCountInString(sp.Text)
		}
	}
	if p.Quote != nil {
		n += postChars(p.Quote)
	}
	return n
}

// CheckPasteSize refuses pasted text longer than a thread may be, before
// it is parsed.
func CheckPasteSize(text string) error {
	if len(text) <= MaxThreadChars {
		return nil
	}
	if len(text) > 4*MaxThreadChars || utf8.RuneCountInString(text) > MaxThreadChars {
		return tooLarge("source", "the pasted text is %.1f MB; the limit is %d characters (shorten it or make several carousels)", float64(len(text))/(1<<20), MaxThreadChars)
	}
	return nil
}

func tooLarge(path, format string, args ...any) *Error {
	return &Error{Code: ETOOLARGE, Field: path, Message: fmt.Sprintf(format, args...)}
}
