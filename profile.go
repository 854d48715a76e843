// SPDX-License-Identifier: MIT

package carousel

// ApplyProfile copies a brand profile into the settings' brand kit, colours
// and fonts, keeping the profile's id so that later renders use its newest
// version. Empty profile fields keep the settings' values.
//
// A typography font or custom colour the project chose itself wins over the
// profile's: one that is set and is neither what the profile last gave
// (Brand.FromProfile) nor what it gives now. So a font picked in the studio
// or with --title-font stays, while one that came from the profile follows
// the profile's edits. Settings without FromProfile (made before it was
// kept) take the profile's fonts and colours, as they always did.
func (s *Settings) ApplyProfile(p *Profile) {
	b := &s.Brand
	b.Profile = p.ID
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&b.Name, p.Author)
	set(&b.Handle, p.Handle)
	set(&b.Website, p.Website)
	set(&b.Avatar, p.Avatar)
	set(&b.Logo, p.Logo)
	if len(p.Header) > 0 || len(p.Footer) > 0 {
		b.Header = append([]BrandItem(nil), p.Header...)
		b.Footer = append([]BrandItem(nil), p.Footer...)
	}
	b.ShowOnCover = p.ShowOnCover
	b.ShowOnOutro = p.ShowOnOutro
	b.HideBands = p.HideBands

	seen := b.FromProfile
	follow := func(dst *string, last, v string) {
		if v != "" && (seen == nil || *dst == "" || *dst == last || *dst == v) {
			*dst = v
		}
	}
	var last ProfileLook
	if seen != nil {
		last = *seen
	}
	follow(&s.Typography.TitleFont, last.TitleFont, p.TitleFont)
	follow(&s.Typography.BodyFont, last.BodyFont, p.BodyFont)
	if p.Colors != nil {
		// A new Colors: the settings may share theirs with a project that
		// is only being prepared for rendering.
		var c, lastColors Colors
		if s.Colors != nil {
			c = *s.Colors
		}
		if last.Colors != nil {
			lastColors = *last.Colors
		}
		if seen == nil {
			c = Colors{} // the profile's colours replace the settings', as before FromProfile
		}
		follow(&c.Background, lastColors.Background, p.Colors.Background)
		follow(&c.Text, lastColors.Text, p.Colors.Text)
		follow(&c.Accent, lastColors.Accent, p.Colors.Accent)
		follow(&c.Muted, lastColors.Muted, p.Colors.Muted)
		s.Colors = &c
	}
	b.FromProfile = p.look()
}

// look is a copy of the profile's fonts and colours.
func (p *Profile) look() *ProfileLook {
	l := &ProfileLook{TitleFont: p.TitleFont, BodyFont: p.BodyFont}
	if p.Colors != nil {
		c := *p.Colors
		l.Colors = &c
	}
	return l
}
