// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/store"
)

// The studio and `carousel render` make a project through the same
// workflow: the same pasted thread, preset and choices give the same
// project (title, thread, settings with the default brand profile, slides)
// and the same slides, key for key.
func TestStudioAndCommandLineMakeTheSameProject(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "carousel.db"))
	if err != nil {
		t.Fatal(err)
	}
	prof := &carousel.Profile{Name: "Acme", Author: "Acme Corp", Handle: "acme", Website: "acme.example",
		Colors: &carousel.Colors{Background: "#101820", Text: "#f2f2f2", Accent: "#ffb000", Muted: "#9aa5b1"}, Default: true}
	if err := db.CreateProfile(ctx, prof); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDefaultProfile(ctx, prof.ID); err != nil {
		t.Fatal(err)
	}
	preset := &carousel.Preset{Name: "square grid", Settings: carousel.Settings{Format: "instagram-square", Pattern: carousel.Pattern{Name: "grid", Density: 1, Opacity: 0.2}, CTA: carousel.CTA{Variant: 2}}}
	if err := db.CreatePreset(ctx, preset); err != nil {
		t.Fatal(err)
	}
	db.Close()

	text := "Five habits of calm writing\n---\n**Start with the point.** Say the one thing your reader must remember.\n---\nCut every word that does no work.\n---\nRead it aloud before you post."
	srv := startServer(t, "--data", data)
	var created struct {
		ID     string
		Slides []carousel.RenderedSlide
	}
	if code := srv.call(t, "POST", "/api/projects", map[string]string{"source": text, "preset": "square grid", "theme": "paper"}, &created); code != 201 {
		t.Fatalf("create: %d", code)
	}
	var studio carousel.Project
	if code := srv.call(t, "GET", "/api/projects/"+created.ID, nil, &studio); code != 200 {
		t.Fatalf("get: %d", code)
	}

	file := filepath.Join(t.TempDir(), "thread.txt")
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &config{DataDir: data, Importer: importer.ConfigFromEnv(func(string) (string, bool) { return "", false })}
	job, err := prepareRender(ctx, cfg, file, "", carousel.Choices{Preset: "square grid", Theme: "paper"}, nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer job.close()

	if studio.Settings.Brand.Profile != prof.ID || studio.Settings.Brand.Name != "Acme Corp" {
		t.Errorf("the studio did not apply the default profile: %+v", studio.Settings.Brand)
	}
	type made struct {
		Title    string
		Thread   carousel.Thread
		Settings carousel.Settings
		Slides   []carousel.Slide
	}
	want, _ := json.MarshalIndent(made{studio.Title, studio.Thread, studio.Settings, studio.Slides}, "", " ")
	got, _ := json.MarshalIndent(made{job.project.Title, job.project.Thread, job.project.Settings, job.project.Slides}, "", " ")
	if string(got) != string(want) {
		t.Errorf("the command line made\n%s\nthe studio\n%s", got, want)
	}
	if len(job.layout.Slides) != len(created.Slides) {
		t.Fatalf("%d slides from the command line, %d from the studio", len(job.layout.Slides), len(created.Slides))
	}
	for i := range created.Slides {
		if job.layout.Slides[i].Key != created.Slides[i].Key {
			t.Errorf("slide %d differs: key %s from the command line, %s from the studio", i+1, job.layout.Slides[i].Key, created.Slides[i].Key)
		}
	}
}

// TestRenderFlagsWinOverTheProfile: with a default brand profile that has
// fonts and colours in the studio's database, `carousel render` uses the
// profile's, unless --title-font, --body-font or --colors name others:
// those win, for a new carousel and for a carousel file that names the
// profile. The PDF's embedded fonts and a slide's pixels say which won.
func TestRenderFlagsWinOverTheProfile(t *testing.T) {
	if _, err := exec.LookPath("pdffonts"); err != nil {
		t.Skip("pdffonts (poppler-utils) is not installed")
	}
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "carousel.db"))
	if err != nil {
		t.Fatal(err)
	}
	prof := &carousel.Profile{Name: "Acme", Author: "Acme Corp", Handle: "acme", TitleFont: "bebas-neue", BodyFont: "eb-garamond",
		Colors: &carousel.Colors{Background: "#101820", Text: "#f2f2f2", Accent: "#ffb000", Muted: "#9aa5b1"}, Default: true}
	if err := db.CreateProfile(ctx, prof); err != nil {
		t.Fatal(err)
	}
	if err := db.SetDefaultProfile(ctx, prof.ID); err != nil {
		t.Fatal(err)
	}
	db.Close()

	dir := t.TempDir()
	// A carousel file made before the profile's share was kept: its fonts
	// and colours are copies of the profile's.
	file := filepath.Join(dir, "branded.carousel.json")
	doc := fmt.Sprintf(`{"version": 1, "thread": {"version": 1, "author": {"name": "Ada"}, "posts": [{"id": "1", "blocks": [{"type": "paragraph", "spans": [{"text": "A title for the cover"}]}]}, {"id": "2", "blocks": [{"type": "paragraph", "spans": [{"text": "Body text in the body font."}]}]}]},
		"settings": {"typography": {"titleSize": 0, "bodySize": 0, "headerSize": 0, "minScale": 0, "titleFont": "bebas-neue", "bodyFont": "eb-garamond"}, "colors": {"background": "#101820", "text": "#f2f2f2", "accent": "#ffb000", "muted": "#9aa5b1"},
		"brand": {"profile": %q}, "pattern": {"name": "", "density": 0, "opacity": 0}, "cta": {"variant": 0}}, "slides": []}`, prof.ID)
	if err := os.WriteFile(file, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	render := func(t *testing.T, out string, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := run(ctx, append([]string{"render", "-o", out, "--data", data}, args...), &stdout, &stderr); code != 0 {
			t.Fatalf("render %v: exit %d: %s", args, code, stderr.String())
		}
		return stderr.String()
	}
	pdfFonts := func(t *testing.T, path string) string {
		t.Helper()
		b, err := exec.Command("pdffonts", path).CombinedOutput()
		if err != nil {
			t.Fatalf("pdffonts: %v\n%s", err, b)
		}
		return string(b)
	}
	corner := func(t *testing.T, path string) string {
		t.Helper()
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		img, err := png.Decode(f)
		if err != nil {
			t.Fatal(err)
		}
		r, g, b, _ := img.At(2, 2).RGBA()
		return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, b>>8)
	}
	for _, input := range []string{"sample", file} {
		t.Run(filepath.Base(input), func(t *testing.T) {
			profile := filepath.Join(t.TempDir(), "profile.pdf")
			render(t, profile, input)
			if fonts := pdfFonts(t, profile); !strings.Contains(fonts, "BebasNeue") || !strings.Contains(fonts, "EBGaramond") {
				t.Errorf("without flags the profile's fonts should be used:\n%s", fonts)
			}
			flagged := filepath.Join(t.TempDir(), "flags.pdf")
			render(t, flagged, input, "--title-font", "playfair-display", "--body-font", "roboto-slab")
			fonts := pdfFonts(t, flagged)
			if !strings.Contains(fonts, "PlayfairDisplay") || !strings.Contains(fonts, "RobotoSlab") {
				t.Errorf("--title-font and --body-font were not used:\n%s", fonts)
			}
			if strings.Contains(fonts, "BebasNeue") || strings.Contains(fonts, "EBGaramond") {
				t.Errorf("the profile's fonts came back over the flags:\n%s", fonts)
			}

			slide := filepath.Join(t.TempDir(), "slide.png")
			render(t, slide, input, "--slide", "1")
			if got := corner(t, slide); got != "#101820" {
				t.Errorf("without --colors the profile's background should show: %s", got)
			}
			render(t, slide, input, "--slide", "1", "--colors", "background=#fdf6e3")
			if got := corner(t, slide); got != "#fdf6e3" {
				t.Errorf("--colors background=#fdf6e3 lost to the profile's: the slide's corner is %s", got)
			}
		})
	}
}
