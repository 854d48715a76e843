// SPDX-License-Identifier: MIT

package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/store"
)

// carouselCmd runs the command in-process with its own data directory and
// returns the exit code, standard output and standard error.
func carouselCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	t.Setenv("CAROUSEL_DATA", t.TempDir())
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func imageSize(t *testing.T, data []byte) (string, int, int) {
	t.Helper()
	cfg, kind, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("not an image: %v", err)
	}
	return kind, cfg.Width, cfg.Height
}

func TestRenderOutputs(t *testing.T) {
	dir := t.TempDir()
	t.Run("pdf", func(t *testing.T) {
		out := filepath.Join(dir, "sample.pdf")
		code, _, stderr := carouselCmd(t, "render", "sample", "-o", out)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			t.Fatalf("no PDF written: %v", err)
		}
		info, err := exec.Command("pdfinfo", out).Output()
		if err != nil {
			t.Fatalf("pdfinfo (poppler-utils, installed by scripts/test.sh): %v", err)
		}
		var pages int
		for _, line := range strings.Split(string(info), "\n") {
			if v, ok := strings.CutPrefix(line, "Pages:"); ok {
				pages, _ = strconv.Atoi(strings.TrimSpace(v))
			}
		}
		if pages < 5 {
			t.Fatalf("the sample PDF has %d pages:\n%s", pages, info)
		}
		if !strings.Contains(stderr, "wrote "+out) {
			t.Fatalf("stderr %q", stderr)
		}
	})
	t.Run("directory", func(t *testing.T) {
		out := filepath.Join(dir, "slides") + "/"
		code, _, stderr := carouselCmd(t, "render", "sample", "-o", out, "--format", "instagram-square", "--theme", "ink")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "slide-01.png"))
		if err != nil {
			t.Fatal(err)
		}
		if kind, w, h := imageSize(t, data); kind != "png" || w != 1080 || h != 1080 {
			t.Fatalf("slide-01.png is %s %d×%d, want png 1080×1080", kind, w, h)
		}
		alt, err := os.ReadFile(filepath.Join(out, "alt-text.txt"))
		if err != nil || !strings.HasPrefix(string(alt), "slide-01.png: ") {
			t.Fatalf("alt-text.txt: %v %q", err, alt)
		}
		leftovers, _ := filepath.Glob(filepath.Join(dir, ".slides*"))
		if len(leftovers) != 0 {
			t.Fatalf("temporary files left: %v", leftovers)
		}
	})
	t.Run("zip of jpeg in story format", func(t *testing.T) {
		out := filepath.Join(dir, "story.zip")
		code, _, stderr := carouselCmd(t, "render", "sample", "-o", out, "--format", "story", "--image-format", "jpeg", "--pattern", "grid", "--cta", "2")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		zr, err := zip.OpenReader(out)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		var images int
		var alt bool
		for _, f := range zr.File {
			if f.Name == "alt-text.txt" {
				alt = true
				continue
			}
			rc, _ := f.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			if kind, w, h := imageSize(t, b.Bytes()); kind != "jpeg" || w != 1080 || h != 1920 {
				t.Fatalf("%s is %s %d×%d, want jpeg 1080×1920", f.Name, kind, w, h)
			}
			images++
		}
		if images < 5 || !alt {
			t.Fatalf("%d images, alt text %v", images, alt)
		}
	})
	t.Run("one slide as svg and png", func(t *testing.T) {
		svg := filepath.Join(dir, "two.svg")
		if code, _, stderr := carouselCmd(t, "render", "sample", "-o", svg, "--slide", "2"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, _ := os.ReadFile(svg)
		if !bytes.Contains(data, []byte("<svg")) {
			t.Fatal("not an SVG")
		}
		png := filepath.Join(dir, "two.png")
		if code, _, stderr := carouselCmd(t, "render", "sample", "-o", png, "--slide", "2", "--format", "linkedin-landscape"); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		data, _ = os.ReadFile(png)
		if _, w, h := imageSize(t, data); w != 1920 || h != 1080 {
			t.Fatalf("%d×%d, want 1920×1080", w, h)
		}
	})
}

func TestRenderBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.carousel.json")
	os.WriteFile(bad, []byte("{\n  \"version\": 1,\n  \"slides\": [\n    {\"kind\": \"finale\"}\n  ],\n  \"thread\": {\"version\": 1, \"author\": {}, \"posts\": []},\n  \"settings\": {}\n}\n"), 0o644)
	empty := filepath.Join(dir, "empty.txt")
	os.WriteFile(empty, []byte("  \n\n"), 0o644)
	os.WriteFile(bad+".otf", []byte("OTTO but not a font at all"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"missing file", []string{"render", filepath.Join(dir, "nope.json"), "-o", filepath.Join(dir, "out.pdf")}, "no such file, and not a post URL on X, Bluesky, Mastodon or Threads"},
		{"bad slide kind", []string{"render", bad, "-o", filepath.Join(dir, "out.pdf")}, `slides[0].kind: unknown slide kind "finale"`},
		{"empty text", []string{"render", empty, "-o", filepath.Join(dir, "out.pdf")}, "empty.txt"},
		{"unknown theme", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--theme", "neon-vomit"}, "settings.theme"},
		{"unknown format", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--format", "a4"}, "settings.format"},
		{"output type", []string{"render", "sample", "-o", filepath.Join(dir, "out.docx")}, "cannot tell the output type"},
		{"svg without slide", []string{"render", "sample", "-o", filepath.Join(dir, "out.svg")}, "--slide N"},
		{"slide out of range", []string{"render", "sample", "-o", filepath.Join(dir, "out.svg"), "--slide", "99"}, "--slide 99"},
		{"unknown list", []string{"list", "colours"}, `cannot list "colours"`},
		{"bad cta", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--cta", "7"}, "--cta must be 0, 1, 2 or 3"},
		{"bad colour", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--colors", "accent=blue"}, `--colors: accent: "blue" is not a colour`},
		{"unknown colour", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--colors", "glow=#ffffff"}, `unknown colour "glow"`},
		{"broken font", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--title-font", empty + ".ttf"}, "cannot read the font file"},
		{"font not a font", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--body-font", bad + ".otf"}, "the font file is broken"},
		{"unknown font", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--title-font", "comic-sans"}, `unknown font "comic-sans"`},
		{"bad language", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--lang", "German"}, `--lang: "German" is not a language tag`},
		{"bad gradient", []string{"render", "sample", "-o", filepath.Join(dir, "out.pdf"), "--background", "#ffffff,#000000,#ff0000,#00ff00"}, "two or three colours, found 4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := carouselCmd(t, tt.args...)
			if code != 1 {
				t.Fatalf("exit %d, want 1; stderr %q", code, stderr)
			}
			lines := strings.Split(strings.TrimSpace(stderr), "\n")
			last := lines[len(lines)-1]
			if !strings.Contains(last, tt.want) || strings.Contains(stderr, "goroutine") {
				t.Fatalf("stderr %q, want one line containing %q", stderr, tt.want)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "out") || strings.HasPrefix(e.Name(), ".out") {
			t.Errorf("a failed render left %s", e.Name())
		}
	}
}

func TestRenderSplitAndImport(t *testing.T) {
	dir := t.TempDir()
	var paste strings.Builder
	for i := 1; i <= 30; i++ {
		if i > 1 {
			paste.WriteString("\n---\n")
		}
		fmt.Fprintf(&paste, "Post %d: one idea, said plainly, with **one** bold word.", i)
	}
	text := filepath.Join(dir, "thread.txt")
	os.WriteFile(text, []byte(paste.String()), 0o644)

	out := filepath.Join(dir, "ig.zip")
	code, _, stderr := carouselCmd(t, "render", text, "-o", out, "--format", "instagram-portrait")
	if code != 0 || !strings.Contains(stderr, "instagram takes at most 20: add --split") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = carouselCmd(t, "render", text, "-o", out, "--format", "instagram-portrait", "--split")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	total := 0
	for _, name := range []string{"ig-part1.zip", "ig-part2.zip"} {
		zr, err := zip.OpenReader(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		n := len(zr.File) - 1 // alt-text.txt
		zr.Close()
		if n > 20 {
			t.Fatalf("%s has %d slides, over Instagram's 20", name, n)
		}
		total += n
	}
	if total < 30 { // the cover holds post 1, then one slide per post
		t.Fatalf("the parts hold %d slides in all", total)
	}

	thread := filepath.Join(dir, "thread.json")
	if code, _, stderr := carouselCmd(t, "import", text, "-o", thread); code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(thread)
	th, err := carousel.ReadThread(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(th.Posts) != 30 || !strings.HasPrefix(th.Posts[29].PlainText(), "Post 30:") {
		t.Fatalf("%d posts", len(th.Posts))
	}
	if code, _, stderr := carouselCmd(t, "render", thread, "-o", filepath.Join(dir, "from-json.pdf")); code != 0 {
		t.Fatalf("render thread JSON: exit %d: %s", code, stderr)
	}
}

// pdfPages counts a PDF's pages with pdfinfo.
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	info, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s (poppler-utils, installed by scripts/test.sh): %v", path, err)
	}
	for _, line := range strings.Split(string(info), "\n") {
		if v, ok := strings.CutPrefix(line, "Pages:"); ok {
			n, _ := strconv.Atoi(strings.TrimSpace(v))
			return n
		}
	}
	t.Fatalf("pdfinfo %s gives no page count:\n%s", path, info)
	return 0
}

// Split parts hold exactly the slides they announce, also when a post that
// flows over several slides crosses the boundary between two parts.
func TestRenderSplitInsideALongPost(t *testing.T) {
	dir := t.TempDir()
	var paste strings.Builder
	for i := 1; i <= 25; i++ {
		if i > 1 {
			paste.WriteString("\n---\n")
		}
		if i == 19 {
			for k := 1; k <= 40; k++ {
				fmt.Fprintf(&paste, "Sentence %d of the long post, which goes on well past one slide. ", k)
			}
			continue
		}
		fmt.Fprintf(&paste, "Post %d: one idea per post keeps a carousel easy to follow.", i)
	}
	text := filepath.Join(dir, "thread.txt")
	os.WriteFile(text, []byte(paste.String()), 0o644)

	whole := filepath.Join(dir, "whole.pdf")
	if code, _, stderr := carouselCmd(t, "render", text, "-o", whole, "--platform", "instagram"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	total := pdfPages(t, whole)
	if total <= 21 {
		t.Fatalf("the whole carousel has %d slides: the fixture must reach past 21", total)
	}
	wrote := regexp.MustCompile(`wrote (\S+) \((\d+) slides\)`)
	for _, out := range []string{"out.pdf", "out.zip", "out/"} {
		code, _, stderr := carouselCmd(t, "render", text, "--platform", "instagram", "--split", "-o", dir+string(filepath.Separator)+out)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", out, code, stderr)
		}
		parts := wrote.FindAllStringSubmatch(stderr, -1)
		if len(parts) != 2 {
			t.Fatalf("%s: want two parts, stderr %q", out, stderr)
		}
		sum := 0
		for i, m := range parts {
			said, _ := strconv.Atoi(m[2])
			var got int
			switch {
			case strings.HasSuffix(m[1], ".pdf"):
				got = pdfPages(t, m[1])
			case strings.HasSuffix(m[1], ".zip"):
				zr, err := zip.OpenReader(m[1])
				if err != nil {
					t.Fatal(err)
				}
				got = len(zr.File) - 1 // alt-text.txt
				zr.Close()
			default:
				files, _ := filepath.Glob(filepath.Join(m[1], "slide-*.png"))
				got = len(files)
			}
			if got != said {
				t.Errorf("%s holds %d slides but the command said %d", m[1], got, said)
			}
			if i == 0 && got != 20 {
				t.Errorf("the first part holds %d slides, want Instagram's 20", got)
			}
			sum += got
		}
		if sum != total {
			t.Errorf("%s: the parts hold %d slides, the whole carousel %d", out, sum, total)
		}
	}
}

func TestListCommands(t *testing.T) {
	for _, what := range []string{"formats", "templates", "themes", "patterns", "fonts"} {
		code, out, stderr := carouselCmd(t, "list", what)
		if code != 0 {
			t.Fatalf("list %s: exit %d: %s", what, code, stderr)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) < 2 {
			t.Fatalf("list %s: %q", what, out)
		}
		for _, l := range lines {
			if f := strings.Fields(l); len(f) < 3 {
				t.Fatalf("list %s: line %q lacks a description", what, l)
			}
		}
	}
}

func TestPresetsAndBrandKit(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "carousel.db"))
	if err != nil {
		t.Fatal(err)
	}
	prof := &carousel.Profile{Name: "Acme", Author: "Acme Corp", Handle: "acme", Website: "acme.example"}
	if err := db.CreateProfile(ctx, prof); err != nil {
		t.Fatal(err)
	}
	preset := &carousel.Preset{Name: "dark story", Settings: carousel.Settings{Format: "story", Theme: "ink", Brand: carousel.Brand{Profile: prof.ID}}}
	if err := db.CreatePreset(ctx, preset); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var out, errb bytes.Buffer
	png := filepath.Join(t.TempDir(), "one.png")
	if code := run(ctx, []string{"render", "sample", "-o", png, "--slide", "1", "--data", data, "--preset", "dark story"}, &out, &errb); code != 0 {
		t.Fatalf("render --preset: exit %d: %s", code, errb.String())
	}
	b, _ := os.ReadFile(png)
	if _, w, h := imageSize(t, b); w != 1080 || h != 1920 {
		t.Fatalf("the preset's story format was not applied: %d×%d", w, h)
	}
	errb.Reset()
	if code := run(ctx, []string{"render", "sample", "-o", png, "--slide", "1", "--data", data, "--preset", "nope"}, &out, &errb); code != 1 || !strings.Contains(errb.String(), `no preset named "nope"`) {
		t.Fatalf("missing preset: %q", errb.String())
	}

	// A carousel that names the profile finds it in the studio's database,
	// and says so when there is none.
	proj := filepath.Join(t.TempDir(), "branded.carousel.json")
	doc := fmt.Sprintf(`{"version": 1, "thread": {"version": 1, "author": {}, "posts": [{"id": "1", "blocks": [{"type": "paragraph", "spans": [{"text": "Hello"}]}]}]}, "settings": {"format": "", "template": "", "theme": "", "typography": {"titleSize": 0, "bodySize": 0, "headerSize": 0, "minScale": 0}, "brand": {"profile": %q}, "pattern": {"name": "", "density": 0, "opacity": 0}, "cta": {"variant": 0}}, "slides": []}`, prof.ID)
	os.WriteFile(proj, []byte(doc), 0o644)
	errb.Reset()
	if code := run(ctx, []string{"render", proj, "-o", png, "--slide", "1", "--data", data}, &out, &errb); code != 0 || strings.Contains(errb.String(), "no database") {
		t.Fatalf("render with the profile's database: %d %q", code, errb.String())
	}
	errb.Reset()
	if code := run(ctx, []string{"render", proj, "-o", png, "--slide", "1", "--data", t.TempDir()}, &out, &errb); code != 0 || !strings.Contains(errb.String(), "no database") {
		t.Fatalf("render without a database: %d %q", code, errb.String())
	}

	kit := filepath.Join(t.TempDir(), "kit.json")
	errb.Reset()
	if code := run(ctx, []string{"profiles", "export", "--data", data, "-o", kit}, &out, &errb); code != 0 {
		t.Fatalf("export: %s", errb.String())
	}
	other := t.TempDir()
	out.Reset()
	if code := run(ctx, []string{"profiles", "import", "--data", other, kit}, &out, &errb); code != 0 || !strings.Contains(out.String(), "imported 1 profiles and 1 presets") {
		t.Fatalf("import: %q %q", out.String(), errb.String())
	}
	errb.Reset()
	if code := run(ctx, []string{"profiles", "import", "--data", other, kit}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "already exists") {
		t.Fatalf("second import: %q", errb.String())
	}
}

// TestRenderDesignFlags: custom colours under AA warn with both colours
// and the ratio; a font file is embedded; a gradient background renders.
func TestRenderDesignFlags(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "brand.pdf")
	font, _ := filepath.Abs("../../render/fonts/space-grotesk/space-grotesk-latin-700-normal.woff2")
	code, _, stderr := carouselCmd(t, "render", "sample", "-o", out, "--template", "editorial",
		"--colors", "background=#ffffff,text=#aaaaaa", "--title-font", font, "--background", "#ffffff,#f1f5f9@135")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "warning: The text colour #aaaaaa on the background colour #ffffff has a contrast of 2.3:1") {
		t.Errorf("no contrast warning naming both colours and the ratio:\n%s", stderr)
	}
	if _, err := exec.LookPath("pdffonts"); err == nil {
		fonts, err := exec.Command("pdffonts", out).CombinedOutput()
		if err != nil || !strings.Contains(string(fonts), "SpaceGrotesk") {
			t.Errorf("the PDF does not embed the title font file: %v\n%s", err, fonts)
		}
	}
}

// TestRenderLangFlag: --lang sets the language of pasted text, which
// says none: a Hebrew line starting with a Latin word reads right to left
// with --lang he, left to right without.
func TestRenderLangFlag(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "thread.txt")
	if err := os.WriteFile(in, []byte("Title post\n\n---\n\nGitHub הוא כלי מצוין לניהול קוד\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	svg := func(args ...string) string {
		out := filepath.Join(dir, strings.Join(append([]string{"slide"}, args...), "-")+".svg")
		if code, _, stderr := carouselCmd(t, append([]string{"render", in, "--slide", "2", "-o", out}, args...)...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	plain, hebrew := svg(), svg("--lang", "he")
	if plain == hebrew {
		t.Fatal("--lang he drew the same slide as no language")
	}
	if again := svg("--lang", "he"); again != hebrew {
		t.Fatal("the same --lang drew two different slides")
	}
}

// TestHelpNamesEverySource: `carousel render --help`, `carousel import
// --help` and the README's command-line section name every source the
// importer reads.
func TestHelpNamesEverySource(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, _ := strings.Cut(string(readme), "## The command line")
	section, _, _ = strings.Cut(section, "\n## ")
	texts := map[string]string{"README's command line": section}
	for _, cmd := range []string{"render", "import"} {
		_, _, stderr := carouselCmd(t, cmd, "--help")
		texts["carousel "+cmd+" --help"] = strings.Join(strings.Fields(stderr), " ")
	}
	for name, text := range texts {
		for _, source := range []string{"x.com", "Bluesky|bsky.app", "Mastodon|mastodon.social", "Threads|threads.net", "archive", "Mastodon archive|mastodon-archive", "outbox.json|mastodon-archive"} {
			found := false
			for _, alt := range strings.Split(source, "|") {
				found = found || strings.Contains(text, alt)
			}
			if !found && !(source == "x.com" && strings.Contains(text, "X post")) {
				t.Errorf("%s does not name %s", name, source)
			}
		}
	}
}
