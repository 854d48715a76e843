// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render"
)

func runList(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) != 1 {
		return carousel.Errorf(carousel.EINVALID, "usage: carousel list formats|templates|themes|patterns|fonts")
	}
	eng, err := render.New(render.Options{})
	if err != nil {
		return err
	}
	cat := eng.Catalog()
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	switch args[0] {
	case "formats":
		for _, f := range cat.Formats {
			fmt.Fprintf(tw, "%s\t%s\n", f.Name, f.Description)
		}
		return nil
	case "templates":
		return listEntries(tw, cat.Templates)
	case "themes":
		return listEntries(tw, cat.Themes)
	case "patterns":
		return listEntries(tw, cat.Patterns)
	case "fonts":
		return listEntries(tw, cat.Fonts)
	}
	return carousel.Errorf(carousel.EINVALID, "cannot list %q: choose formats, templates, themes, patterns or fonts", args[0])
}

func listEntries(w io.Writer, entries []carousel.CatalogEntry) error {
	for _, e := range entries {
		fmt.Fprintf(w, "%s\t%s\n", e.Name, e.Description)
	}
	return nil
}
