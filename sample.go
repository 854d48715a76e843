// SPDX-License-Identifier: MIT

package carousel

import _ "embed"

//go:embed sample.thread.json
var sampleThread []byte

// SampleThread returns the built-in sample thread: rich text, a list,
// links, emoji, Arabic, Hebrew and Devanagari, a quote, an image and a
// long post. Its images are data: URLs, so it renders without files.
func SampleThread() *Thread {
	t, err := ReadThread(sampleThread)
	if err != nil {
		panic("carousel: the embedded sample thread is invalid: " + err.Error())
	}
	return t
}

// SampleProject returns an unplanned project of the sample thread with the
// settings the sample is shown with: the default format, an outro and the
// dots pattern.
func SampleProject() *Project {
	p := &Project{Version: ProjectVersion, Title: "Carousel sample", Thread: *SampleThread()}
	p.Settings.Format = DefaultFormat
	p.Settings.CTA.Variant = 1
	p.Settings.Pattern = Pattern{Name: "dots", Density: 1, Opacity: 0.14}
	return p
}
