// SPDX-License-Identifier: MIT

package carousel_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
)

func TestReadProjectRoundTrip(t *testing.T) {
	data, err := os.ReadFile("testdata/sample.carousel.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := carousel.ReadProject(data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := carousel.MarshalJSON(p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, data) {
		t.Fatalf("reading then writing changed the file:\n%s", out)
	}
	if len(p.Slides) != 4 || p.Slides[1].Items[0].Post != "2" || p.Settings.Typography.TitleSize != 36 {
		t.Fatalf("decoded %+v", p)
	}
}

func TestReadProjectErrors(t *testing.T) {
	base, err := os.ReadFile("testdata/sample.carousel.json")
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) string {
		s := string(base)
		if !strings.Contains(s, old) {
			t.Fatalf("sample has no %q", old)
		}
		return strings.Replace(s, old, new, 1)
	}
	tests := []struct {
		name, doc, field, msg string
	}{
		{"syntax", edit(`"version": 1,`, `"version": 1,,`), "", "line 2, column 16"},
		{"empty", "", "", "the file is empty"},
		{"trailing", string(base) + "{}", "", "unexpected data after the JSON value"},
		{"unknown field", edit(`"title":`, `"titel":`), "", `unknown field "titel"`},
		{"wrong type", edit(`"titleSize": 36`, `"titleSize": "big"`), "settings.typography.titleSize", "expected float64"},
		{"version", edit(`"version": 1,`, `"version": 7,`), "version", "must be 1, found 7"},
		{"format", edit(`"format": "linkedin-portrait"`, `"format": "a4"`), "settings.format", `unknown format "a4"`},
		{"colour", edit(`"accent": "#2255cc"`, `"accent": "blue"`), "settings.colors.accent", `"blue" is not a colour`},
		{"title size", edit(`"titleSize": 36`, `"titleSize": 300`), "settings.typography.titleSize", "300 is outside 12 to 96"},
		{"slide kind", edit(`"kind": "outro"`, `"kind": "finale"`), "slides[3].kind", `unknown slide kind "finale"`},
		{"missing post", edit(`"post": "2"`, `"post": "99"`), "slides[1].items[0].post", `no post "99" in the thread`},
		{"block range", edit(`"post": "2"`, `"post": "2", "from": 0, "to": 5`), "slides[1].items[0]", "do not select blocks"},
		{"brand position", edit(`"position": "left"`, `"position": "top"`), "settings.brand.header[0].position", `found "top"`},
		{"cta", edit(`"variant": 1`, `"variant": 9`), "settings.cta.variant", "found 9"},
		{"language", edit(`"pattern": {`, `"language": "German", "pattern": {`), "settings.language", `"German" is not a language tag`},
		{"language subtag", edit(`"pattern": {`, `"language": "pt-", "pattern": {`), "settings.language", `"pt-" is not a language tag`},
		{"duplicate post", edit(`"id": "2"`, `"id": "1"`), "thread.posts[1].id", "used by an earlier post"},
		{"block type", edit(`"type": "bullet"`, `"type": "table"`), "thread.posts[1].blocks[1].type", `unknown block type "table"`},
		{"media", edit(`"type": "photo"`, `"type": "sound"`), "thread.posts[0].media[0].type", `unknown media type "sound"`},
		{"media fit", edit(`"type": "photo"`, `"type": "photo", "fit": "stretch"`), "thread.posts[0].media[0].fit", `must be cover or contain, found "stretch"`},
		{"media focus", edit(`"type": "photo"`, `"type": "photo", "focus": {"x": 1.5, "y": 0}`), "thread.posts[0].media[0].focus", "found 1.5 and 0"},
		{"media crop", edit(`"type": "photo"`, `"type": "photo", "crop": {"x": 0.5, "y": 0, "w": 0.8, "h": 1}`), "thread.posts[0].media[0].crop", "inside the image"},
		{"background kind", edit(`"pattern": {`, `"background": {"kind": "plaid"}, "pattern": {`), "settings.background.kind", `unknown background "plaid"`},
		{"gradient stops", edit(`"pattern": {`, `"background": {"kind": "gradient", "colors": ["#ffffff"]}, "pattern": {`), "settings.background.colors", "two or three colours, found 1"},
		{"gradient colour", edit(`"pattern": {`, `"background": {"kind": "gradient", "colors": ["#ffffff", "red"]}, "pattern": {`), "settings.background.colors[1]", `"red" is not a colour`},
		{"image background", edit(`"pattern": {`, `"background": {"kind": "image"}, "pattern": {`), "settings.background.image", "needs an image"},
		{"scrim", edit(`"pattern": {`, `"background": {"kind": "image", "image": "a.png", "scrim": 2}, "pattern": {`), "settings.background.scrim", "2 is outside 0 to 1"},
		{"slide text scale", edit(`"kind": "outro"`, `"kind": "outro", "style": {"textScale": 3}`), "slides[3].style.textScale", "3 is outside 0.5 to 2"},
		{"slide align", edit(`"kind": "outro"`, `"kind": "outro", "style": {"align": "middle"}`), "slides[3].style.align", `found "middle"`},
		{"slide colour", edit(`"kind": "outro"`, `"kind": "outro", "style": {"colors": {"text": "#12"}}`), "slides[3].style.colors.text", `"#12" is not a colour`},
		{"slide background", edit(`"kind": "outro"`, `"kind": "outro", "style": {"background": {"kind": "solid", "colors": []}}`), "slides[3].style.background.colors", "one colour, found 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := carousel.ReadProject([]byte(tt.doc))
			var e *carousel.Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a *carousel.Error", err)
			}
			if e.Code != carousel.EINVALID || e.Field != tt.field || !strings.Contains(e.Error(), tt.msg) {
				t.Fatalf("got code %q field %q message %q; want invalid, %q, containing %q", e.Code, e.Field, e.Error(), tt.field, tt.msg)
			}
		})
	}
}

func TestIsLanguageTag(t *testing.T) {
	for tag, want := range map[string]bool{
		"de": true, "pt-BR": true, "zh-Hant-TW": true, "es-419": true, "fil": true,
		"": false, "d": false, "deu1": false, "German": false, "pt-": false, "pt_BR": false, "12": false, "de-toolongsubtag": false,
	} {
		if got := carousel.IsLanguageTag(tag); got != want {
			t.Errorf("IsLanguageTag(%q) = %v, want %v", tag, got, want)
		}
	}
}

func TestReadThread(t *testing.T) {
	_, err := carousel.ReadThread([]byte(`{"version": 1, "author": {}, "posts": [{"id": ""}]}`))
	if got := carousel.ErrorMessage(err); got != "thread.posts[0].id: is empty" {
		t.Fatalf("got %q", got)
	}
	th, err := carousel.ReadThread([]byte(`{"version": 1, "author": {"handle": "ada"}, "posts": [{"id": "1", "blocks": [{"type": "paragraph", "spans": [{"text": "a"}, {"text": "b", "bold": true}]}, {"type": "quote", "spans": [{"text": "c"}]}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := th.Posts[0].PlainText(); got != "ab\n\nc" {
		t.Fatalf("plain text %q", got)
	}
	if th.PostByID("1") == nil || th.PostByID("2") != nil {
		t.Fatal("PostByID")
	}
}

func TestErrorCodes(t *testing.T) {
	plain := errors.New("disk on fire")
	wrapped := errors.Join(errors.New("context"), carousel.Errorf(carousel.ECONFLICT, "revision %d is stale", 3))
	tests := []struct {
		err        error
		code, text string
	}{
		{nil, "", ""},
		{plain, carousel.EINTERNAL, "Internal error."},
		{wrapped, carousel.ECONFLICT, "revision 3 is stale"},
		{carousel.FieldError("settings.theme", "unknown theme %q", "x"), carousel.EINVALID, `settings.theme: unknown theme "x"`},
	}
	for _, tt := range tests {
		if got := carousel.ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.code)
		}
		if got := carousel.ErrorMessage(tt.err); got != tt.text {
			t.Errorf("ErrorMessage(%v) = %q, want %q", tt.err, got, tt.text)
		}
	}
	cause := errors.New("cause")
	if e := (&carousel.Error{Code: carousel.EINVALID, Message: "m", Err: cause}); !errors.Is(e, cause) {
		t.Error("Error does not unwrap to its cause")
	}
}

func TestApplyProfile(t *testing.T) {
	s := carousel.Settings{Brand: carousel.Brand{Name: "Old", Website: "old.example"}, Typography: carousel.Typography{BodyFont: "lato"}}
	s.ApplyProfile(&carousel.Profile{ID: "p1", Author: "Ada", Handle: "ada", Colors: &carousel.Colors{Accent: "#112233"}, TitleFont: "inter",
		Header: []carousel.BrandItem{{Kind: carousel.BrandLogo, Position: "right"}}})
	b := s.Brand
	if b.Profile != "p1" || b.Name != "Ada" || b.Handle != "ada" || b.Website != "old.example" || len(b.Header) != 1 || b.Header[0].Kind != carousel.BrandLogo {
		t.Fatalf("brand %+v", b)
	}
	if s.Colors.Accent != "#112233" || s.Typography.TitleFont != "inter" || s.Typography.BodyFont != "lato" {
		t.Fatalf("settings %+v", s)
	}
}

func TestPlatforms(t *testing.T) {
	for _, f := range carousel.Formats {
		if len(carousel.PlatformsForFormat(f.Name)) == 0 {
			t.Errorf("format %s has no platform", f.Name)
		}
		if got, ok := carousel.FormatByName(f.Name); !ok || got.Width == 0 || got.Height == 0 {
			t.Errorf("format %s", f.Name)
		}
	}
	ig, _ := carousel.PlatformByName("instagram")
	tt, _ := carousel.PlatformByName("tiktok")
	li, _ := carousel.PlatformByName("linkedin")
	if ig.MaxSlides != 20 || tt.MaxSlides != 35 || li.MaxSlides != 300 || li.MaxBytes != 100<<20 {
		t.Fatalf("limits: instagram %d, tiktok %d, linkedin %d pages %d bytes", ig.MaxSlides, tt.MaxSlides, li.MaxSlides, li.MaxBytes)
	}
}

func TestIsFontRef(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"montserrat", false}, {"", false}, {"playfair-display", false},
		{"fonts/Brand.TTF", true}, {"/abs/Brand.otf", true}, {"Brand.woff2", true}, {"asset:0123", true}, {"data:font/ttf;base64,AA", true},
	} {
		if got := carousel.IsFontRef(tt.s); got != tt.want {
			t.Errorf("IsFontRef(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

func TestThreadTitle(t *testing.T) {
	post := func(text string) carousel.Post {
		return carousel.Post{ID: text, Blocks: []carousel.Block{{Type: carousel.Paragraph, Spans: []carousel.Span{{Text: text}}}}}
	}
	long := strings.Repeat("word ", 30)
	for _, tc := range []struct {
		name  string
		posts []carousel.Post
		want  string
	}{
		{"first line of the first post", []carousel.Post{post("  Hook line \nsecond line"), post("later")}, "Hook line"},
		{"skips posts without text", []carousel.Post{{ID: "img"}, post("Second post")}, "Second post"},
		{"shortened to 80 characters", []carousel.Post{post(long)}, strings.TrimSpace(long[:79]) + "…"},
		{"no text at all", []carousel.Post{{ID: "img"}}, "Untitled carousel"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th := carousel.Thread{Version: carousel.ThreadVersion, Posts: tc.posts}
			if got := th.Title(); got != tc.want {
				t.Errorf("Title() = %q, want %q", got, tc.want)
			}
		})
	}
}

// profiles is a ProfileService holding profiles in memory.
type profiles map[string]*carousel.Profile

func (m profiles) CreateProfile(_ context.Context, p *carousel.Profile) error {
	m[p.ID] = p
	return nil
}
func (m profiles) FindProfileByID(_ context.Context, id string) (*carousel.Profile, error) {
	if p, ok := m[id]; ok {
		c := *p
		return &c, nil
	}
	return nil, carousel.Errorf(carousel.ENOTFOUND, "no profile %s", id)
}
func (m profiles) FindProfiles(context.Context) ([]*carousel.Profile, error) { return nil, nil }
func (m profiles) UpdateProfile(_ context.Context, p *carousel.Profile) error {
	m[p.ID] = p
	return nil
}
func (m profiles) DeleteProfile(_ context.Context, id string) error { delete(m, id); return nil }
func (m profiles) SetDefaultProfile(context.Context, string) error  { return nil }

// TestProfileFollowsUnlessOwn: fonts and colours a project got from its
// brand profile follow the profile's edits at render; ones the project
// chose itself (the studio's typography panel, --title-font, --colors)
// stay. A project saved before the profile's share was kept takes the
// profile's, as it always did.
func TestProfileFollowsUnlessOwn(t *testing.T) {
	ctx := context.Background()
	store := profiles{"p1": {ID: "p1", TitleFont: "bebas-neue", BodyFont: "lato", Colors: &carousel.Colors{Background: "#101820", Accent: "#ffb000"}}}
	w := carousel.Workflow{Profiles: store}
	var s carousel.Settings
	s.ApplyProfile(store["p1"])
	if s.Typography.TitleFont != "bebas-neue" || s.Typography.BodyFont != "lato" || s.Colors.Background != "#101820" || s.Brand.FromProfile == nil {
		t.Fatalf("applied %+v", s)
	}
	p := &carousel.Project{Settings: s}
	p.Settings.Typography.BodyFont = "roboto" // the project's own choice
	p.Settings.Colors = &carousel.Colors{Background: "#101820", Accent: "#00aa55"}

	store["p1"] = &carousel.Profile{ID: "p1", TitleFont: "montserrat", BodyFont: "inter", Colors: &carousel.Colors{Background: "#000000", Accent: "#ff0000", Text: "#ffffff"}}
	rp, warns, err := w.ForRender(ctx, p)
	if err != nil || len(warns) != 0 {
		t.Fatal(err, warns)
	}
	ty, c := rp.Settings.Typography, rp.Settings.Colors
	if ty.TitleFont != "montserrat" {
		t.Errorf("the title font came from the profile and should follow its edit: %q", ty.TitleFont)
	}
	if ty.BodyFont != "roboto" {
		t.Errorf("the project's own body font should stay: %q", ty.BodyFont)
	}
	if c.Background != "#000000" || c.Text != "#ffffff" || c.Accent != "#00aa55" {
		t.Errorf("colours %+v: background and text follow the profile, the own accent stays", c)
	}
	if p.Settings.Colors.Background != "#101820" || p.Settings.Typography.TitleFont != "bebas-neue" {
		t.Errorf("ForRender changed the project itself: %+v", p.Settings)
	}

	// Saved before FromProfile: the profile's fonts and colours win.
	old := &carousel.Project{Settings: carousel.Settings{Brand: carousel.Brand{Profile: "p1"}, Typography: carousel.Typography{TitleFont: "lato"},
		Colors: &carousel.Colors{Muted: "#777777"}}}
	rp, _, err = w.ForRender(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	if rp.Settings.Typography.TitleFont != "montserrat" || rp.Settings.Colors.Muted != "" || rp.Settings.Colors.Accent != "#ff0000" {
		t.Errorf("an old project should render with the profile's fonts and colours: %+v %+v", rp.Settings.Typography, rp.Settings.Colors)
	}
}
