// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"fmt"

	"github.com/carouselstudio/carousel"
)

// Plan fills p.Slides from the thread: a cover from the first post, one
// slide per post (an image slide for a post with only an image), and an
// outro when the settings ask for a call to action. Long posts are split
// at layout time. Slides marked Manual stay where they are unless
// replanAll is set, and their posts are not planned again.
func (e *Engine) Plan(ctx context.Context, p *carousel.Project, replanAll bool) ([]carousel.Warning, error) {
	if err := e.Check(&p.Settings); err != nil {
		return nil, err
	}
	var warns []carousel.Warning
	type kept struct {
		at    int
		slide carousel.Slide
	}
	var manual []kept
	used := map[string]bool{}
	hasCover, hasOutro := false, false
	if !replanAll {
		for i, sl := range p.Slides {
			if !sl.Manual {
				continue
			}
			manual = append(manual, kept{i, sl})
			for _, it := range sl.Items {
				if it.Post != "" {
					used[it.Post] = true
				}
			}
			hasCover = hasCover || sl.Kind == carousel.SlideCover
			hasOutro = hasOutro || sl.Kind == carousel.SlideOutro
		}
	}
	var slides []carousel.Slide
	posts := p.Thread.Posts
	for i := range posts {
		post := &posts[i]
		if post.Truncated {
			warns = append(warns, carousel.Warning{Code: carousel.WarnTruncated, Post: post.ID, Message: fmt.Sprintf("post %s is only the start of a long post", post.ID)})
		}
		if post.Placeholder != "" {
			warns = append(warns, carousel.Warning{Code: carousel.WarnPlaceholder, Post: post.ID, Message: fmt.Sprintf("post %s could not be fetched: %s", post.ID, post.Placeholder)})
		}
		if used[post.ID] {
			continue
		}
		item := carousel.Item{Post: post.ID}
		switch {
		case i == 0 && !hasCover:
			slides = append(slides, carousel.Slide{ID: "cover", Kind: carousel.SlideCover, Items: []carousel.Item{item}})
			// The first post's image, if any, gets its own slide after the cover.
			if len(post.Media) > 0 {
				slides = append(slides, carousel.Slide{ID: slideID("image", post.ID), Kind: carousel.SlideImage, Items: []carousel.Item{{Post: post.ID, From: len(post.Blocks), To: len(post.Blocks)}}})
			}
		case len(post.Blocks) == 0 && len(post.Media) > 0:
			slides = append(slides, carousel.Slide{ID: slideID("image", post.ID), Kind: carousel.SlideImage, Items: []carousel.Item{item}})
		default:
			slides = append(slides, carousel.Slide{ID: slideID("post", post.ID), Kind: carousel.SlideContent, Items: []carousel.Item{item}})
		}
	}
	if p.Settings.CTA.Variant > 0 && !hasOutro {
		slides = append(slides, carousel.Slide{ID: "outro", Kind: carousel.SlideOutro})
	}
	for _, k := range manual {
		at := min(k.at, len(slides))
		slides = append(slides[:at], append([]carousel.Slide{k.slide}, slides[at:]...)...)
	}
	p.Slides = slides
	return warns, nil
}

// slideID is stable for the same post and role, so re-planning keeps the
// studio's references.
func slideID(kind, post string) string {
	return kind + "-" + hashOf(kind, post)[:10]
}
