// SPDX-License-Identifier: MIT

package render

import "github.com/carouselstudio/carousel"

// Template arranges a content slide. More templates (big statement,
// numbered steps, image focus, split) plug in by implementing it and
// joining the templates list.
type Template interface {
	Name() string
	Description() string
	// Elements turns a content slide's items into the flow of elements,
	// and says whether the slide starts with the template's lead (the
	// post card's author row).
	Elements(pc *projectCtx, sl *carousel.Slide) (elems []elem, lead bool)
}

// DefaultTemplate is used when the settings name none.
const DefaultTemplate = "post-card"

var templates = []Template{postCard{}, headline{}}

func templateByName(name string) (Template, bool) {
	for _, t := range templates {
		if t.Name() == name {
			return t, true
		}
	}
	return nil, false
}

// postCard shows each post like the post a reader saw on X: avatar, name,
// handle, text and image, without engagement counts or logos.
type postCard struct{}

func (postCard) Name() string { return "post-card" }
func (postCard) Description() string {
	return "The post as readers saw it: avatar, name and handle above the text and image"
}
func (postCard) Elements(pc *projectCtx, sl *carousel.Slide) ([]elem, bool) {
	return itemElems(pc, sl, false), true
}

// headline sets the first line or heading of each slide large, and the
// rest as body text.
type headline struct{}

func (headline) Name() string { return "headline" }
func (headline) Description() string {
	return "The first line of each post as a large headline, the rest as body text"
}
func (headline) Elements(pc *projectCtx, sl *carousel.Slide) ([]elem, bool) {
	return itemElems(pc, sl, true), false
}
