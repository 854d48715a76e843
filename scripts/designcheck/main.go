// SPDX-License-Identifier: MIT

// Command designcheck renders the sample thread in every template and in
// portrait, square, landscape and story, and reports for each how much of
// the slide its content spans between the header and the footer and how
// large the body text is. It checks the design targets on every
// template's default (portrait) settings and exits 1 when one is missed:
//
//   - median height share at least 50 %,
//
//   - no slide with text under 25 %,
//
//   - body text at least 44 px on a 1080-px slide.
//
//     go run ./scripts/designcheck            # the summary table, as Markdown
//     go run ./scripts/designcheck -slides    # every slide's figures too
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render"
)

// Targets of the design check.
const (
	minMedianShare = 0.50
	minTextShare   = 0.25
	minBodyPx      = 44
)

var formats = []string{"linkedin-portrait", "linkedin-square", "linkedin-landscape", "story"}

func main() {
	slides := flag.Bool("slides", false, "list every slide's figures under the summary")
	flag.Parse()
	ok, err := run(os.Stdout, *slides)
	if err != nil {
		fmt.Fprintln(os.Stderr, "designcheck:", err)
		os.Exit(2)
	}
	if !ok {
		fmt.Fprintln(os.Stderr, "designcheck: a template's default misses a target (marked ✗)")
		os.Exit(1)
	}
}

type result struct {
	template, format string
	metrics          []render.SlideMetrics
	median, minText  float64
	minBody, medBody float64
}

func run(w io.Writer, perSlide bool) (bool, error) {
	e, err := render.New(render.Options{})
	if err != nil {
		return false, err
	}
	ctx := context.Background()
	var results []result
	for _, t := range e.Catalog().Templates {
		for _, f := range formats {
			p := &carousel.Project{Version: carousel.ProjectVersion, Title: "Sample", Thread: *carousel.SampleThread()}
			p.Settings = carousel.Settings{Format: f, Template: t.Name, CTA: carousel.CTA{Variant: 1}}
			if _, err := e.Plan(ctx, p, true); err != nil {
				return false, fmt.Errorf("%s/%s: plan: %w", t.Name, f, err)
			}
			ms, err := e.DesignMetrics(ctx, p)
			if err != nil {
				return false, fmt.Errorf("%s/%s: %w", t.Name, f, err)
			}
			results = append(results, summarise(t.Name, f, ms))
		}
	}
	fmt.Fprintln(w, "| template | format | slides | median share | lowest share with text | body px (median, lowest) | targets |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---:|:--:|")
	ok := true
	for _, r := range results {
		mark := "✓"
		if !r.pass() {
			mark = "✗"
			if r.format == carousel.DefaultFormat {
				ok = false
			}
		}
		if r.format != carousel.DefaultFormat {
			mark = "(" + mark + ")" // reported, checked on the default format
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.0f %% | %.0f %% | %.0f, %.0f | %s |\n", r.template, r.format, len(r.metrics), 100*r.median, 100*r.minText, r.medBody, r.minBody, mark)
	}
	if perSlide {
		for _, r := range results {
			fmt.Fprintf(w, "\n%s / %s:\n", r.template, r.format)
			for _, m := range r.metrics {
				fmt.Fprintf(w, "  %2d %-8s share %3.0f %%  body %4.0f px  scale %.3f\n", m.Slide, m.Kind, 100*m.Share, m.BodyPx, m.Scale)
			}
		}
	}
	return ok, nil
}

func summarise(tpl, format string, ms []render.SlideMetrics) result {
	r := result{template: tpl, format: format, metrics: ms, minText: 1}
	var shares, bodies []float64
	for _, m := range ms {
		shares = append(shares, m.Share)
		if m.Text {
			r.minText = min(r.minText, m.Share)
		}
		if m.BodyPx > 0 {
			bodies = append(bodies, m.BodyPx)
		}
	}
	r.median = median(shares)
	r.medBody = median(bodies)
	if len(bodies) > 0 {
		r.minBody = bodies[0]
		for _, b := range bodies {
			r.minBody = min(r.minBody, b)
		}
	}
	return r
}

func (r result) pass() bool {
	return r.median >= minMedianShare && r.minText >= minTextShare && (r.minBody == 0 || r.minBody >= minBodyPx)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
