// SPDX-License-Identifier: MIT

package render

import "github.com/carouselstudio/carousel/render/design"

// Themes come from package design; the short name keeps the engine's code short.
type theme = design.Theme

const defaultTheme = design.DefaultTheme
