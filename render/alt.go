// SPDX-License-Identifier: MIT

package render

import (
	"strings"

	"github.com/carouselstudio/carousel"
)

// altText is the alt text of a rendered slide: its text in reading order,
// with images and quotes described.
func altText(pc *projectCtx, pg *page) string {
	var parts []string
	add := func(s string) {
		s = strings.ReplaceAll(s, "\u2028", "") // break points of long words
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			parts = append(parts, s)
		}
	}
	a := pc.author
	if pg.Lead && !pg.Continued && pg.Kind == carousel.SlideContent {
		au := pg.Author
		if au.Name != "" || au.Handle != "" {
			add("Post by " + authorLabel(au) + ".")
		}
	}
	for _, el := range append(append([]elem{}, pg.Side...), pg.Elems...) {
		switch el.Kind {
		case elemText, elemButton:
			add(carousel.BlocksText([]carousel.Block{el.Block}))
		case elemGrid:
			for _, md := range el.Grid {
				if md.Alt != "" {
					add("Image: " + md.Alt)
				} else {
					add("Image.")
				}
			}
		case elemImage:
			if el.Media.Alt != "" {
				add("Image: " + el.Media.Alt)
			} else {
				add("Image.")
			}
		case elemQuote:
			qa := a
			if el.Quote.Author != nil {
				qa = *el.Quote.Author
			}
			add("Quoting " + authorLabel(qa) + ": " + el.Quote.PlainText())
		}
	}
	switch pg.Kind {
	case carousel.SlideCover:
		if a.Name != "" || a.Handle != "" {
			add("By " + authorLabel(a) + ".")
		}
	case carousel.SlideOutro:
		if pc.brand.Name != "" || pc.brand.Handle != "" {
			add(authorLabel(carousel.Author{Name: pc.brand.Name, Handle: pc.brand.Handle}) + ".")
		}
	}
	return strings.Join(parts, " ")
}

func authorLabel(a carousel.Author) string {
	switch {
	case a.Name != "" && a.Handle != "":
		return a.Name + " (@" + a.Handle + ")"
	case a.Handle != "":
		return "@" + a.Handle
	}
	return a.Name
}
