// SPDX-License-Identifier: MIT

package carousel

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// DescribeChange says in a few words what changed from old to new, for
// the version list: "theme", "slide 3 text", "2 slides added".
func DescribeChange(old, new *Project) []string {
	var parts []string
	add := func(format string, args ...any) { parts = append(parts, fmt.Sprintf(format, args...)) }
	if old.Title != new.Title {
		add("title")
	}
	o, n := old.Settings, new.Settings
	if o.Format != n.Format {
		add("format %s", n.Format)
	}
	if o.Template != n.Template {
		add("template %s", n.Template)
	}
	if o.Theme != n.Theme {
		add("theme %s", n.Theme)
	}
	for _, f := range []struct {
		name     string
		old, new any
	}{
		{"colours", o.Colors, n.Colors},
		{"background", o.Background, n.Background},
		{"typography", o.Typography, n.Typography},
		{"brand kit", o.Brand, n.Brand},
		{"pattern", o.Pattern, n.Pattern},
		{"call to action", o.CTA, n.CTA},
	} {
		if !sameJSON(f.old, f.new) {
			add("%s", f.name)
		}
	}

	oldByID := map[string]int{}
	for i, s := range old.Slides {
		oldByID[s.ID] = i
	}
	added, kept := 0, []int{}
	for i, s := range new.Slides {
		j, ok := oldByID[s.ID]
		if !ok || s.ID == "" {
			added++
			continue
		}
		kept = append(kept, j)
		was := old.Slides[j]
		switch {
		case !sameJSON(was.Items, s.Items):
			add("slide %d %s", i+1, itemsChange(was.Items, s.Items))
		case was.Title != s.Title || was.Subtitle != s.Subtitle:
			add("slide %d hook", i+1)
		}
		if !sameJSON(was.Style, s.Style) {
			if s.Style == nil {
				add("slide %d style reset", i+1)
			} else {
				add("slide %d style", i+1)
			}
		}
		if was.Kind != s.Kind {
			add("slide %d kind", i+1)
		}
	}
	if added > 0 {
		add("%s added", plural(added, "slide"))
	}
	if removed := len(old.Slides) - len(kept); removed > 0 {
		add("%s removed", plural(removed, "slide"))
	}
	for k := 1; k < len(kept); k++ {
		if kept[k] < kept[k-1] {
			add("slides reordered")
			break
		}
	}
	return parts
}

// itemsChange names what changed among a slide's items.
func itemsChange(old, new []Item) string {
	images := func(items []Item) int {
		n := 0
		for _, it := range items {
			if it.Image != nil {
				n++
			}
		}
		return n
	}
	switch {
	case images(new) > images(old):
		return "image added"
	case images(new) < images(old):
		return "image removed"
	case len(new) != len(old):
		return "posts"
	}
	for i := range new {
		if !sameJSON(old[i].Image, new[i].Image) {
			return "image"
		}
	}
	return "text"
}

// MergeChangeLabel adds parts to a version's label, keeping each once and
// the label short.
func MergeChangeLabel(label string, parts ...string) string {
	const most = 6
	var out []string
	seen := map[string]bool{}
	more := false
	for _, p := range append(strings.Split(label, ", "), parts...) {
		p = strings.TrimSpace(p)
		if p == "and more" {
			more = true
			continue
		}
		if p == "" || seen[p] {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	if len(out) > most {
		out, more = out[:most], true
	}
	if more {
		out = append(out, "and more")
	}
	return strings.Join(out, ", ")
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

type changeNoteKey struct{}

// WithChangeNote carries a note on what a save does ("restored version 12")
// to the store, which starts a version labelled with it.
func WithChangeNote(ctx context.Context, note string) context.Context {
	return context.WithValue(ctx, changeNoteKey{}, note)
}

// ChangeNote returns the note WithChangeNote put on ctx, or "".
func ChangeNote(ctx context.Context) string {
	s, _ := ctx.Value(changeNoteKey{}).(string)
	return s
}
