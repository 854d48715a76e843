// SPDX-License-Identifier: MIT

package render

import (
	"context"
	_ "embed"

	"github.com/carouselstudio/carousel"
)

//go:embed testdata/sample.thread.json
var sampleThread []byte

// SampleThread returns the built-in sample thread: rich text, a list,
// links, emoji, Arabic, Hebrew and Devanagari, a quote, an image and a
// long post. Its images are data: URLs, so it renders without files.
func SampleThread() *carousel.Thread {
	t, err := carousel.ReadThread(sampleThread)
	if err != nil {
		panic("render: the embedded sample thread is invalid: " + err.Error())
	}
	return t
}

// SampleProject returns a project of the sample thread, planned with the
// default settings and an outro.
func SampleProject() *carousel.Project {
	p := &carousel.Project{Version: carousel.ProjectVersion, Title: "Carousel sample", Thread: *SampleThread()}
	p.Settings.Format = carousel.DefaultFormat
	p.Settings.CTA.Variant = 1
	p.Settings.Pattern = carousel.Pattern{Name: "dots", Density: 1, Opacity: 0.14}
	e, err := sharedEngine()
	if err == nil {
		_, err = e.Plan(context.Background(), p, true)
	}
	if err != nil {
		panic("render: plan the sample: " + err.Error())
	}
	return p
}
