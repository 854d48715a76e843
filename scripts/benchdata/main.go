// SPDX-License-Identifier: MIT

// Command benchdata writes the inputs of scripts/bench-cli.sh: a 20-slide
// carousel (the sample's posts with emoji and an avatar, the dots pattern,
// a cover and an outro) and a 500-post thread.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render"
)

func main() {
	dir := flag.String("o", "bench-data", "output `directory`")
	flag.Parse()
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		log.Fatal(err)
	}
	eng, err := render.New(render.Options{})
	if err != nil {
		log.Fatal(err)
	}
	p20 := project(eng, 19, true)
	if l, err := eng.Layout(context.Background(), p20); err != nil || len(l.Slides) != 20 {
		log.Fatalf("the benchmark carousel renders to %d slides, want 20 (%v)", len(l.Slides), err)
	}
	if err := write(filepath.Join(*dir, "twenty.carousel.json"), p20); err != nil {
		log.Fatal(err)
	}
	t500 := thread(500, false)
	if err := write(filepath.Join(*dir, "five-hundred.thread.json"), t500); err != nil {
		log.Fatal(err)
	}
}

// thread repeats the sample's posts (without its long posts unless long
// is set, so that each post fills one slide) up to n posts.
func thread(n int, long bool) *carousel.Thread {
	src := carousel.SampleThread()
	th := *src
	th.Posts = nil
	for i := 0; len(th.Posts) < n; i++ {
		post := src.Posts[i%len(src.Posts)]
		if !long && len([]rune(post.PlainText())) > 400 {
			continue
		}
		post.ID = fmt.Sprint(5000 + i)
		th.Posts = append(th.Posts, post)
	}
	return &th
}

func project(eng *render.Engine, posts int, outro bool) *carousel.Project {
	p := &carousel.Project{Version: carousel.ProjectVersion, Title: "Benchmark", Thread: *thread(posts, false)}
	if outro {
		p.Settings.CTA.Variant = 1
	}
	p.Settings.Pattern = carousel.Pattern{Name: "dots", Density: 1}
	if _, err := eng.Plan(context.Background(), p, true); err != nil {
		log.Fatal(err)
	}
	return p
}

func write(path string, v any) error {
	b, err := carousel.MarshalJSON(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}
