// SPDX-License-Identifier: MIT

package design

import carousel "github.com/carouselstudio/carousel"

// ThemeCatalog describes the preset themes for the catalog, with their
// colours for swatches and their fonts.
func ThemeCatalog() []carousel.CatalogEntry {
	out := make([]carousel.CatalogEntry, len(Themes))
	for i, t := range Themes {
		out[i] = carousel.CatalogEntry{Name: t.Name, Description: t.Description, Colors: t.Colors(), TitleFont: t.TitleFont, BodyFont: t.BodyFont}
	}
	return out
}

// PatternCatalog describes the background patterns for the catalog.
func PatternCatalog() []carousel.CatalogEntry {
	out := make([]carousel.CatalogEntry, len(Patterns))
	for i, p := range Patterns {
		out[i] = carousel.CatalogEntry{Name: p.Name, Description: p.Description}
	}
	return out
}
