// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
)

// Plan fills p.Slides from the thread: a cover from the first post, one
// slide per post (an image slide for a post with only an image), and an
// outro when the settings ask for a call to action. A heading post and the
// one-line or list posts after it, or a run of "Part 1", "Part 2" posts,
// share a slide while they fit it at full size; a post too long for one
// slide is split between blocks over several slides (a single block too
// long still continues at layout time). Everything is measured with the
// real layout of the chosen format and template. Slides marked Manual
// stay where they are unless replanAll is set, and their posts are not
// planned again.
func (e *Engine) Plan(ctx context.Context, p *carousel.Project, replanAll bool) ([]carousel.Warning, error) {
	if err := e.Check(&p.Settings); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
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
	pc, err := e.resolve(p)
	if err != nil {
		return nil, err
	}
	pc.guessLanguage()
	pl := planner{e: e, ctx: ctx, pc: pc, m: newMeasurer(e, pc)}
	pl.m.goctx = ctx
	pl.m.memo = map[memoKey]float64{}
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
	}
	for i := 0; i < len(posts); i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		post := &posts[i]
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
			if n := pl.group(posts, i, used); n > 1 {
				var items []carousel.Item
				for _, q := range posts[i : i+n] {
					items = append(items, carousel.Item{Post: q.ID})
				}
				slides = append(slides, carousel.Slide{ID: slideID("group", post.ID), Kind: carousel.SlideContent, Items: items})
				i += n - 1
				continue
			}
			slides = append(slides, pl.parts(post)...)
		}
	}
	if p.Settings.CTA.Variant > 0 && !hasOutro {
		slides = append(slides, carousel.Slide{ID: "outro", Kind: carousel.SlideOutro})
	}
	for _, k := range manual {
		at := min(k.at, len(slides))
		slides = append(slides[:at], append([]carousel.Slide{k.slide}, slides[at:]...)...)
	}
	if err := ctx.Err(); err != nil {
		return nil, err // a post's parts were cut short
	}
	p.Slides = slides
	return warns, nil
}

// slideID is stable for the same post and role, so re-planning keeps the
// studio's references.
func slideID(kind, post string) string {
	return kind + "-" + hashOf(kind, post)[:10]
}

// planner measures candidate slides with the real layout.
type planner struct {
	e   *Engine
	ctx context.Context
	pc  *projectCtx
	m   *measurer // shared, so fonts and faces load once per plan
}

// fits says whether a slide shows on one page at full size (whole), or
// with its text shrunk no further than the typography allows.
func (pl planner) fits(sl carousel.Slide, whole bool) bool {
	first, elems := pl.m.firstPage(0, 1, &sl)
	s := minScaleOf(pl.pc, &sl)
	if whole {
		s = 1
	}
	return pl.m.fits(first, elems, s)
}

// height is the height of a slide's elements at full size.
func (pl planner) height(sl carousel.Slide) float64 {
	first, elems := pl.m.firstPage(0, 1, &sl)
	return pl.m.height(elems, 1, pl.m.textBox(first).w())
}

// group returns how many posts from posts[i] share a slide: a heading post
// with the list or one-line posts after it, or a run of numbered parts.
// 1 means the post stands alone.
func (pl planner) group(posts []carousel.Post, i int, used map[string]bool) int {
	var follows func(*carousel.Post) bool
	switch {
	case partNumber(&posts[i]) > 0:
		follows = func(q *carousel.Post) bool { return partNumber(q) > 0 && plainPost(q) }
	case headingPost(&posts[i]):
		follows = listPost
	default:
		return 1
	}
	if !plainPost(&posts[i]) {
		return 1
	}
	n := 1
	sl := carousel.Slide{Kind: carousel.SlideContent, Items: []carousel.Item{{Post: posts[i].ID}}}
	for j := i + 1; j < len(posts) && !used[posts[j].ID] && follows(&posts[j]); j++ {
		sl.Items = append(sl.Items, carousel.Item{Post: posts[j].ID})
		if !pl.fits(sl, true) {
			break
		}
		n++
	}
	return n
}

// parts is a post's slides: one, or when it does not fit one slide even
// with its text shrunk, parts of its blocks that fit at full size, with
// its images and quote on the last part or, when they do not fit there,
// on a slide of their own.
func (pl planner) parts(post *carousel.Post) []carousel.Slide {
	one := carousel.Slide{ID: slideID("post", post.ID), Kind: carousel.SlideContent, Items: []carousel.Item{{Post: post.ID}}}
	if pl.fits(one, false) {
		return []carousel.Slide{one}
	}
	n := len(post.Blocks)
	part := func(from, to int, media bool) carousel.Slide {
		id := slideID("post", post.ID)
		if from > 0 {
			id = slideID("part", fmt.Sprintf("%s:%d", post.ID, from))
		}
		return carousel.Slide{ID: id, Kind: carousel.SlideContent, Items: []carousel.Item{{Post: post.ID, From: from, To: to, NoMedia: !media}}}
	}
	bounds := []int{0}
	for from := 0; from < n && pl.ctx.Err() == nil; {
		to := from + 1
		for to < n && pl.fits(part(from, to+1, false), true) {
			to++
		}
		if to == n-1 && pl.fits(part(from, n, false), false) {
			to++ // a last block that fits with a little shrinking stays
		}
		bounds = append(bounds, to)
		from = to
	}
	bounds = pl.balance(bounds, func(a, b int) (float64, bool) {
		sl := part(a, b, false)
		return pl.height(sl), pl.fits(sl, true) || (b == n && pl.fits(sl, false))
	})
	var out []carousel.Slide
	for i := 1; i < len(bounds); i++ {
		out = append(out, part(bounds[i-1], bounds[i], false))
	}
	hasMedia, hasQuote := len(post.Media) > 0, post.Quote != nil
	if !hasMedia && !hasQuote {
		return out
	}
	if len(out) > 0 {
		last := &out[len(out)-1]
		withMedia := part(last.Items[0].From, n, true)
		if pl.fits(withMedia, false) {
			*last = withMedia
			return out
		}
	}
	// The items' To of n marks the end of the post, which carries the quote.
	rest := carousel.Slide{ID: slideID("media", post.ID), Kind: carousel.SlideContent, Items: []carousel.Item{{Post: post.ID, From: n, To: n}}}
	if !hasQuote {
		rest.Kind = carousel.SlideImage
	}
	return append(out, rest)
}

// balance redistributes the blocks between the parts that bounds cut a
// post into, keeping their number, so that the parts are as even as can
// be (the least sum of squared heights): greedy filling left one part
// short ("1, 6, 5 items" came from it). span returns a part's height and whether it fits a slide.
// Parts only hold what fits one slide, so each part's start is searched
// back from its end only while the part still fits.
func (pl planner) balance(bounds []int, span func(a, b int) (float64, bool)) []int {
	k, n := len(bounds)-1, bounds[len(bounds)-1]
	if k < 2 {
		return bounds
	}
	type cell struct {
		worst float64
		from  int
		ok    bool
	}
	// best[j][b]: the first b blocks in j parts.
	best := make([][]cell, k+1)
	for j := range best {
		best[j] = make([]cell, n+1)
	}
	best[0][0] = cell{ok: true}
	for j := 1; j <= k; j++ {
		if pl.ctx.Err() != nil {
			return bounds // the caller drops the plan
		}
		for b := j; b <= n; b++ {
			for a := b - 1; a >= j-1; a-- {
				h, fits := span(a, b)
				if !fits {
					break // starting earlier only adds blocks
				}
				prev := best[j-1][a]
				if !prev.ok {
					continue
				}
				w := prev.worst + h*h
				if c := &best[j][b]; !c.ok || w < c.worst-1e-9 {
					*c = cell{w, a, true}
				}
			}
		}
	}
	if !best[k][n].ok {
		return bounds
	}
	out := make([]int, k+1)
	out[k] = n
	for j, b := k, n; j > 0; j-- {
		b = best[j][b].from
		out[j-1] = b
	}
	return out
}

// plainPost has no images or quote: it can share a slide.
func plainPost(p *carousel.Post) bool {
	return len(p.Media) == 0 && p.Quote == nil && len(p.Blocks) > 0
}

// headingPost introduces what follows: a heading, or one short line that
// ends with a colon.
func headingPost(p *carousel.Post) bool {
	if len(p.Blocks) == 0 {
		return false
	}
	if p.Blocks[0].Type == carousel.Heading && len(p.Blocks) <= 2 {
		return true
	}
	text := strings.TrimSpace(carousel.BlocksText(p.Blocks))
	return len(p.Blocks) == 1 && len([]rune(text)) <= 140 && strings.HasSuffix(text, ":")
}

// listPost is a post of list items, or one short line.
func listPost(p *carousel.Post) bool {
	if !plainPost(p) {
		return false
	}
	all := true
	for _, b := range p.Blocks {
		all = all && isList(b.Type)
	}
	if all {
		return true
	}
	text := strings.TrimSpace(carousel.BlocksText(p.Blocks))
	return len(p.Blocks) == 1 && !strings.Contains(text, "\n") && len([]rune(text)) <= 100
}

// partRe matches "Part 2", "Pt. 2", "Part II" or "2/ " style run markers at
// the start of a post.
var partRe = regexp.MustCompile(`(?i)^\s*(?:part|pt\.?)\s*(\d+|[ivx]+)\b`)

// partNumber is the number of a post that starts with "Part N"; 0 when it
// does not.
func partNumber(p *carousel.Post) int {
	m := partRe.FindStringSubmatch(carousel.BlocksText(p.Blocks))
	if m == nil {
		return 0
	}
	if n, err := strconv.Atoi(m[1]); err == nil {
		return n
	}
	return len(m[1]) // a roman numeral: any positive number will do
}
