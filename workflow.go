// SPDX-License-Identifier: MIT

package carousel

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Choices are the settings a user picks when making or rendering a
// project. Each one given wins over the preset's and the brand profile's,
// also at every later render (see Settings.ApplyProfile); empty ones keep
// them.
type Choices struct {
	Title    string // a new project's title; empty names it after the thread
	Preset   string // a preset's name or id
	Format   string
	Template string
	Theme    string
	Pattern  string
	CTA      *int // the outro's call to action, 0 (none) to 3; nil keeps it
	// Colors go over the settings' custom colours, field by field.
	Colors *Colors
	// TitleFont and BodyFont are a bundled family or a font file (IsFontRef).
	TitleFont, BodyFont string
	Background          *Background // replaces the settings' background
	FixedSizes          bool        // keeps the type sizes exact (no auto size)
	Language            string      // the language of posts that do not say theirs (Settings.Language)
}

// Workflow makes projects ready to render. The studio and the command line
// both go through it, so the same thread and choices give the same project.
type Workflow struct {
	Render   RenderService
	Presets  PresetService  // nil when there is no database
	Profiles ProfileService // nil when there is no database
}

// NewProject makes a project of thread t: titled after its first line
// unless c names it, with the preset's settings, then the default brand
// profile when the preset names none, then the choices; checked and
// planned. The project is not stored. The warnings are the plan's.
func (w *Workflow) NewProject(ctx context.Context, t *Thread, c Choices) (*Project, []Warning, error) {
	p := &Project{Version: ProjectVersion, Thread: *t, Title: c.Title}
	if p.Title == "" {
		p.Title = t.Title()
	}
	if err := w.applyPreset(ctx, &p.Settings, c.Preset); err != nil {
		return nil, nil, err
	}
	if err := w.applyDefaultProfile(ctx, &p.Settings); err != nil {
		return nil, nil, err
	}
	warns, err := w.configure(ctx, p, c)
	if err != nil {
		return nil, nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, nil, err
	}
	return p, warns, nil
}

// Reconfigure applies a preset (replacing p's settings) and the choices to
// an existing project, checks them, and plans p when it has no slides yet.
func (w *Workflow) Reconfigure(ctx context.Context, p *Project, c Choices) ([]Warning, error) {
	if err := w.applyPreset(ctx, &p.Settings, c.Preset); err != nil {
		return nil, err
	}
	return w.configure(ctx, p, c)
}

// configure applies the choices, checks the settings and plans a project
// without slides as it renders.
func (w *Workflow) configure(ctx context.Context, p *Project, c Choices) ([]Warning, error) {
	s := &p.Settings
	if s.Brand.Profile != "" && s.Brand.FromProfile == nil {
		// Made before the profile's share was kept: its fonts and colours
		// are the profile's (renders always put the profile's over them),
		// so that the choices below are told apart as the project's own.
		s.Brand.FromProfile = &ProfileLook{TitleFont: s.Typography.TitleFont, BodyFont: s.Typography.BodyFont}
		if s.Colors != nil {
			c := *s.Colors
			s.Brand.FromProfile.Colors = &c
		}
	}
	choose := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	choose(&s.Format, c.Format)
	choose(&s.Template, c.Template)
	choose(&s.Theme, c.Theme)
	choose(&s.Pattern.Name, c.Pattern)
	choose(&s.Typography.TitleFont, c.TitleFont)
	choose(&s.Typography.BodyFont, c.BodyFont)
	choose(&s.Language, c.Language)
	if c.Colors != nil {
		s.Colors = overColors(s.Colors, c.Colors)
	}
	if c.Background != nil {
		s.Background = c.Background
	}
	if c.FixedSizes {
		s.Typography.FixedSizes = true
	}
	if c.CTA != nil {
		if *c.CTA < 0 || *c.CTA > 3 {
			return nil, FieldError("settings.cta.variant", "must be 0 (none), 1, 2 or 3, found %d", *c.CTA)
		}
		s.CTA.Variant = *c.CTA
	}
	if err := w.Render.Check(s); err != nil {
		return nil, err
	}
	if len(p.Slides) > 0 {
		return nil, nil
	}
	// The profile's warnings come again with every render: leave them to it.
	rp, _, err := w.ForRender(ctx, p)
	if err != nil {
		return nil, err
	}
	warns, err := w.Render.Plan(ctx, rp, false)
	if err != nil {
		return nil, err
	}
	p.Slides = rp.Slides
	return warns, nil
}

// overColors lays the fields set in over on top of base.
func overColors(base, over *Colors) *Colors {
	var m Colors
	if base != nil {
		m = *base
	}
	for _, f := range []struct {
		dst *string
		v   string
	}{{&m.Background, over.Background}, {&m.Text, over.Text}, {&m.Accent, over.Accent}, {&m.Muted, over.Muted}} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	return &m
}

// applyPreset replaces the settings with the named preset's.
func (w *Workflow) applyPreset(ctx context.Context, s *Settings, name string) error {
	if name == "" {
		return nil
	}
	if w.Presets == nil {
		return FieldError("preset", "there are no presets without a database: %q cannot be applied", name)
	}
	pr, err := w.Presets.FindPresetByName(ctx, name)
	if ErrorCode(err) == ENOTFOUND {
		pr, err = w.Presets.FindPresetByID(ctx, name)
	}
	if ErrorCode(err) == ENOTFOUND {
		return FieldError("preset", "no preset named %q", name)
	}
	if err != nil {
		return err
	}
	*s = pr.Settings
	return nil
}

// applyDefaultProfile applies the default brand profile to settings that
// name none.
func (w *Workflow) applyDefaultProfile(ctx context.Context, s *Settings) error {
	if s.Brand.Profile != "" || w.Profiles == nil {
		return nil
	}
	profiles, err := w.Profiles.FindProfiles(ctx)
	if err != nil {
		return err
	}
	for _, pf := range profiles {
		if pf.Default {
			s.ApplyProfile(pf)
			break
		}
	}
	return nil
}

// ForRender returns a copy of p as it renders: with its brand profile's
// newest version applied, so that editing a profile updates its projects.
// A profile that is gone, or that cannot be read without a database, leaves
// the brand kit the project last saw, with a warning.
func (w *Workflow) ForRender(ctx context.Context, p *Project) (*Project, []Warning, error) {
	c := *p
	id := p.Settings.Brand.Profile
	if id == "" {
		return &c, nil, nil
	}
	if w.Profiles == nil {
		return &c, []Warning{{Code: WarnProfile, Message: fmt.Sprintf("the carousel uses brand profile %q, but there is no database to load it from: its saved brand kit is used", id)}}, nil
	}
	pf, err := w.Profiles.FindProfileByID(ctx, id)
	switch {
	case ErrorCode(err) == ENOTFOUND:
		return &c, []Warning{{Code: WarnProfile, Message: fmt.Sprintf("brand profile %q no longer exists: the carousel's saved brand kit is used", id)}}, nil
	case err != nil:
		return nil, nil, err
	}
	// The copy must share no brand items with p.
	c.Settings.Brand.Header = append([]BrandItem(nil), p.Settings.Brand.Header...)
	c.Settings.Brand.Footer = append([]BrandItem(nil), p.Settings.Brand.Footer...)
	c.Settings.ApplyProfile(pf)
	return &c, nil, nil
}

// Title is the first line of the thread's first post with text, shortened
// to 80 characters: the name of a project made from it.
func (t *Thread) Title() string {
	for i := range t.Posts {
		line, _, _ := strings.Cut(strings.TrimSpace(t.Posts[i].PlainText()), "\n")
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if utf8.RuneCountInString(line) > 80 {
			r := []rune(line)
			line = strings.TrimSpace(string(r[:79])) + "…"
		}
		return line
	}
	return "Untitled carousel"
}
