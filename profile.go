// SPDX-License-Identifier: MIT

package carousel

// ApplyProfile copies a brand profile into the settings' brand kit, colours
// and fonts, keeping the profile's id so that later renders use its newest
// version. Empty profile fields keep the settings' values.
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
	if p.Colors != nil {
		c := *p.Colors
		s.Colors = &c
	}
	set(&s.Typography.TitleFont, p.TitleFont)
	set(&s.Typography.BodyFont, p.BodyFont)
}
