// SPDX-License-Identifier: MIT

package render

import "github.com/carouselstudio/carousel/render/design"

// Themes and patterns come from package design; these names keep the
// engine's code short.
type (
	theme   = design.Theme
	pattern = design.Pattern
)

var (
	themeByName   = design.ThemeByName
	resolveTheme  = design.Resolve
	patternByName = design.PatternByName
	drawPattern   = design.DrawPattern
)

const defaultTheme = design.DefaultTheme

func themeList() []design.Theme     { return design.Themes }
func patternList() []design.Pattern { return design.Patterns }
