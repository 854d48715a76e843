// SPDX-License-Identifier: MIT

package carousel

// Format is an output canvas: its size in px and the platforms it suits.
type Format struct {
	Name        string `json:"name"`
	Width       int    `json:"width"`
	Height      int    `json:"height"`
	Description string `json:"description"`
	// Safe is the inset, in px, that a platform's own buttons cover;
	// text stays out of it.
	Safe Insets `json:"safe"`
	// Platforms names the platforms the format is made for, whose limits
	// apply to it (see Platforms).
	Platforms []string `json:"platforms"`
}

// Insets are distances from the top, right, bottom and left edges in px.
type Insets struct {
	Top    int `json:"top"`
	Right  int `json:"right"`
	Bottom int `json:"bottom"`
	Left   int `json:"left"`
}

// DefaultFormat is the format of a new carousel.
const DefaultFormat = "linkedin-portrait"

var (
	linkedin  = []string{"linkedin"}
	instagram = []string{"instagram", "threads"}
)

// Formats lists every output format. The order is the order shown to users.
var Formats = []Format{
	{Name: "linkedin-portrait", Width: 1080, Height: 1350, Description: "LinkedIn document, 4:5 portrait, 1080×1350", Platforms: linkedin},
	{Name: "linkedin-square", Width: 1080, Height: 1080, Description: "LinkedIn document, 1:1 square, 1080×1080", Platforms: linkedin},
	{Name: "linkedin-landscape", Width: 1920, Height: 1080, Description: "LinkedIn document, 16:9 landscape, 1920×1080", Platforms: linkedin},
	{Name: "instagram-portrait", Width: 1080, Height: 1350, Description: "Instagram and Threads carousel, 4:5 portrait, 1080×1350", Platforms: instagram},
	{Name: "instagram-square", Width: 1080, Height: 1080, Description: "Instagram carousel, 1:1 square, 1080×1080", Platforms: instagram},
	{Name: "instagram-tall", Width: 1080, Height: 1440, Description: "Instagram carousel, 3:4 to match the profile grid, 1080×1440", Platforms: instagram},
	// Stories, Reels and TikTok cover the top 80 px, the right 120 px and
	// the bottom 450 px with their own buttons and captions.
	{Name: "story", Width: 1080, Height: 1920, Description: "Stories, Reels and TikTok photo posts, 9:16, 1080×1920", Safe: Insets{Top: 80, Right: 120, Bottom: 450}, Platforms: []string{"story", "tiktok"}},
}

// FormatByName returns the named format and whether it exists.
func FormatByName(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Platform is a destination with limits a carousel must meet.
type Platform struct {
	Name      string `json:"name"`
	MaxSlides int    `json:"maxSlides"`
	MaxBytes  int64  `json:"maxBytes,omitempty"` // of the whole file, for documents
	Output    string `json:"output"`             // "pdf" or "images"
}

// Platforms lists the platforms and their limits (see docs/formats.md).
var Platforms = []Platform{
	{Name: "linkedin", MaxSlides: 300, MaxBytes: 100 << 20, Output: "pdf"},
	{Name: "instagram", MaxSlides: 20, Output: "images"},
	{Name: "threads", MaxSlides: 20, Output: "images"},
	{Name: "story", MaxSlides: 20, Output: "images"},
	{Name: "tiktok", MaxSlides: 35, Output: "images"},
}

// PlatformByName returns the named platform and whether it exists.
func PlatformByName(name string) (Platform, bool) {
	for _, p := range Platforms {
		if p.Name == name {
			return p, true
		}
	}
	return Platform{}, false
}

// PlatformsForFormat returns the platforms a format is made for.
func PlatformsForFormat(format string) []Platform {
	f, _ := FormatByName(format)
	var out []Platform
	for _, n := range f.Platforms {
		p, _ := PlatformByName(n)
		out = append(out, p)
	}
	return out
}
