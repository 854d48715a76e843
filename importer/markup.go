// SPDX-License-Identifier: MIT

package importer

import "github.com/carouselstudio/carousel/markup"

// Pasted text and text without entity data go through package markup.
var (
	parseThread = markup.ParseThreadWarnings // pasted text (Import)
	entities    = markup.Entities    // text without entity data (archive notes, FxTwitter display text)
)
