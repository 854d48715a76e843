// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
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
