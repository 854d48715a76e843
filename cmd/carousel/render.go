// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/markup"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/store"
)

const renderHelp = `Usage: carousel render INPUT -o OUT [flags]

INPUT is a carousel file (*.carousel.json), a thread JSON, pasted text (.txt,
.md, or - for standard input), a post URL or id, an X archive (zip, folder or
tweets.js, with --post), or "sample" for the built-in sample thread.

OUT's form picks the output:
  NAME.pdf           one PDF (LinkedIn document)
  NAME.zip           one image per slide plus alt-text.txt
  DIR/               slide-01.png, slide-02.png, … and alt-text.txt
  NAME.svg|png|jpg   one slide, with --slide N

Flags override the file's settings:
`

func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	out := fs.String("o", "", "output `file` or directory (see above)")
	format := fs.String("format", "", "output format (carousel list formats)")
	template := fs.String("template", "", "layout template (carousel list templates)")
	theme := fs.String("theme", "", "preset theme (carousel list themes)")
	pattern := fs.String("pattern", "", "background pattern (carousel list patterns)")
	cta := fs.String("cta", "", "outro call to action: 1 follow, 2 share, 3 save or visit, 0 none (default: the file's)")
	preset := fs.String("preset", "", "apply the saved preset `NAME` from the database")
	slide := fs.Int("slide", 0, "the slide `N` to write for .svg, .png and .jpg outputs")
	imageFormat := fs.String("image-format", "png", "image type inside a .zip: png or jpeg")
	split := fs.Bool("split", false, "write numbered parts when the carousel is over its platform's limit")
	platform := fs.String("platform", "", "the platform whose limits apply (linkedin, instagram, threads, story, tiktok); default from the format")
	postID := fs.String("post", "", "the thread to pick from an X archive, by a post's id or URL")
	fs.Usage = func() { fmt.Fprint(stderr, renderHelp); fs.PrintDefaults() }
	input, err := parseWithInput(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		fs.Usage()
		return carousel.Errorf(carousel.EINVALID, "missing -o OUT")
	}
	kind, err := outputKind(*out, *slide)
	if err != nil {
		return err
	}

	// The studio's database holds presets, brand profiles and uploaded
	// images (asset: references): use it when there is one.
	var db *store.DB
	if *preset != "" || cfg.hasStore() {
		if db, err = cfg.openStore(ctx); err != nil {
			return err
		}
		defer db.Close()
	}
	im := cfg.newImporter(db)
	p, fromFile, err := loadProject(ctx, im, input, *postID, stderr)
	if err != nil {
		return err
	}
	baseDir := "."
	if fromFile != "" {
		baseDir = filepath.Dir(fromFile)
	}
	eng, err := newEngine(db, im, baseDir)
	if err != nil {
		return err
	}
	if *preset != "" {
		pr, err := db.FindPresetByName(ctx, *preset)
		if err != nil {
			return err
		}
		p.Settings = pr.Settings
	}
	if id := p.Settings.Brand.Profile; id != "" && db != nil {
		prof, err := db.FindProfileByID(ctx, id)
		if err != nil {
			return fmt.Errorf("brand profile %q: %w", id, err)
		}
		p.Settings.ApplyProfile(prof)
	} else if id != "" {
		fmt.Fprintf(stderr, "warning: the carousel uses brand profile %q, but there is no database in %s to load it from; its saved brand kit is used\n", id, cfg.DataDir)
	}
	s := &p.Settings
	override := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	override(&s.Format, *format)
	override(&s.Template, *template)
	override(&s.Theme, *theme)
	override(&s.Pattern.Name, *pattern)
	if *cta != "" {
		v, err := strconv.Atoi(*cta)
		if err != nil || v < 0 || v > 3 {
			return carousel.Errorf(carousel.EINVALID, "--cta must be 0, 1, 2 or 3, not %q", *cta)
		}
		s.CTA.Variant = v
	}
	if err := s.Validate("settings"); err != nil {
		return err
	}
	if err := eng.Check(s); err != nil {
		return err
	}
	if len(p.Slides) == 0 {
		warns, err := eng.Plan(ctx, p, true)
		if err != nil {
			return err
		}
		printWarnings(stderr, warns)
	}
	layout, err := eng.Layout(ctx, p)
	if err != nil {
		return err
	}
	printWarnings(stderr, layout.Warnings)

	imgFmt := carousel.PNG
	switch strings.ToLower(*imageFormat) {
	case "png":
	case "jpeg", "jpg":
		imgFmt = carousel.JPEG
	default:
		return carousel.Errorf(carousel.EINVALID, "--image-format must be png or jpeg, not %q", *imageFormat)
	}

	parts, err := planParts(p, layout, kind, *platform, *split, stderr)
	if err != nil {
		return err
	}
	for i, part := range parts {
		name := *out
		if len(parts) > 1 {
			name = partName(*out, i+1)
		}
		if err := writeOutput(ctx, eng, p, layout, part, kind, name, *slide, imgFmt); err != nil {
			return err
		}
		switch n := part.to - part.from; {
		case kind == outSVG || kind == outPNG || kind == outJPEG:
			fmt.Fprintf(stderr, "wrote %s (slide %d of %d)\n", name, *slide, len(layout.Slides))
		case n == 1:
			fmt.Fprintf(stderr, "wrote %s (1 slide)\n", name)
		default:
			fmt.Fprintf(stderr, "wrote %s (%d slides)\n", name, n)
		}
	}
	return nil
}

// parseWithInput parses flags that may come before or after the one positional INPUT.
func parseWithInput(fs *flag.FlagSet, args []string) (string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if err == flag.ErrHelp {
				return "", errUsage
			}
			return "", errUsage
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
	if len(pos) != 1 {
		fs.Usage()
		return "", carousel.Errorf(carousel.EINVALID, "expected one INPUT, found %d", len(pos))
	}
	return pos[0], nil
}

type outKind int

const (
	outPDF outKind = iota
	outZip
	outDir
	outSVG
	outPNG
	outJPEG
)

func outputKind(out string, slide int) (outKind, error) {
	if strings.HasSuffix(out, "/") || strings.HasSuffix(out, string(os.PathSeparator)) {
		return outDir, nil
	}
	ext := strings.ToLower(filepath.Ext(out))
	single := map[string]outKind{".svg": outSVG, ".png": outPNG, ".jpg": outJPEG, ".jpeg": outJPEG}
	if k, ok := single[ext]; ok {
		if slide < 1 {
			return 0, carousel.Errorf(carousel.EINVALID, "%s output is one slide: give --slide N", ext)
		}
		return k, nil
	}
	switch ext {
	case ".pdf":
		return outPDF, nil
	case ".zip":
		return outZip, nil
	}
	return 0, carousel.Errorf(carousel.EINVALID, "cannot tell the output type of %q: use .pdf, .zip, a directory ending in /, or .svg/.png/.jpg with --slide N", out)
}

// loadProject reads INPUT into a project. fromFile is the path of a local
// file the input came from, so that relative image paths resolve beside it.
func loadProject(ctx context.Context, im *importer.Importer, input, postID string, stderr io.Writer) (p *carousel.Project, fromFile string, err error) {
	thread, fromFile, err := readInput(ctx, im, input, postID, stderr)
	if err != nil {
		return nil, "", err
	}
	if thread.project != nil {
		return thread.project, fromFile, nil
	}
	return &carousel.Project{Version: carousel.ProjectVersion, Title: threadTitle(thread.thread), Thread: *thread.thread}, fromFile, nil
}

type inputResult struct {
	project *carousel.Project
	thread  *carousel.Thread
}

// readInput recognises INPUT: standard input, a JSON file (project or
// thread), a text file, an archive, the built-in sample, or a post URL or id.
func readInput(ctx context.Context, im *importer.Importer, input, postID string, stderr io.Writer) (inputResult, string, error) {
	if input == "sample" {
		return inputResult{thread: render.SampleThread()}, "", nil
	}
	if input == "-" {
		data, err := io.ReadAll(os.Stdin)
		if err != nil {
			return inputResult{}, "", fmt.Errorf("read standard input: %w", err)
		}
		t, err := markup.ParseThread(string(data))
		if err != nil {
			return inputResult{}, "", fmt.Errorf("standard input: %w", err)
		}
		return inputResult{thread: t}, "", nil
	}
	st, statErr := os.Stat(input)
	if statErr != nil {
		if _, ok := importer.ParsePostURL(input); ok {
			t, warns, err := im.Import(ctx, carousel.ImportRequest{Source: input})
			printWarnings(stderr, warns)
			if err != nil {
				return inputResult{}, "", err
			}
			return inputResult{thread: t}, "", nil
		}
		return inputResult{}, "", carousel.Errorf(carousel.ENOTFOUND, "%s: no such file, and not a post URL or id", input)
	}
	lower := strings.ToLower(input)
	if st.IsDir() || strings.HasSuffix(lower, ".zip") || strings.HasSuffix(lower, ".js") {
		t, warns, err := im.Import(ctx, carousel.ImportRequest{Archive: input, PostID: postID})
		printWarnings(stderr, warns)
		if err != nil {
			return inputResult{}, "", err
		}
		return inputResult{thread: t}, input, nil
	}
	data, err := os.ReadFile(input)
	if err != nil {
		return inputResult{}, "", carousel.Errorf(carousel.EINVALID, "%s: %v", input, err)
	}
	if strings.HasSuffix(lower, ".json") {
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(data, &probe); err == nil {
			if _, ok := probe["slides"]; ok {
				p, err := carousel.ReadProject(data)
				if err != nil {
					return inputResult{}, "", fmt.Errorf("%s: %w", input, err)
				}
				return inputResult{project: p}, input, nil
			}
			if _, ok := probe["settings"]; ok {
				p, err := carousel.ReadProject(data)
				if err != nil {
					return inputResult{}, "", fmt.Errorf("%s: %w", input, err)
				}
				return inputResult{project: p}, input, nil
			}
		}
		t, err := carousel.ReadThread(data)
		if err != nil {
			return inputResult{}, "", fmt.Errorf("%s: %w", input, err)
		}
		return inputResult{thread: t}, input, nil
	}
	t, err := markup.ParseThread(string(data))
	if err != nil {
		return inputResult{}, "", fmt.Errorf("%s: %w", input, err)
	}
	return inputResult{thread: t}, input, nil
}

// threadTitle is the first line of the first post, shortened.
func threadTitle(t *carousel.Thread) string {
	for _, post := range t.Posts {
		line, _, _ := strings.Cut(strings.TrimSpace(post.PlainText()), "\n")
		if line == "" {
			continue
		}
		r := []rune(line)
		if len(r) > 80 {
			line = strings.TrimSpace(string(r[:79])) + "…"
		}
		return line
	}
	return "Carousel"
}

func printWarnings(w io.Writer, warns []carousel.Warning) {
	for _, x := range warns {
		fmt.Fprintf(w, "warning: %s\n", x)
	}
}

// part is a range [from, to) of rendered slides, 0-based.
type part struct{ from, to int }

// planParts checks the platform's slide limit. Over the limit it splits
// into numbered parts with --split, and otherwise warns and says how.
func planParts(p *carousel.Project, layout *carousel.Layout, kind outKind, platformName string, split bool, stderr io.Writer) ([]part, error) {
	n := len(layout.Slides)
	all := []part{{0, n}}
	if kind == outSVG || kind == outPNG || kind == outJPEG {
		return all, nil
	}
	var pl carousel.Platform
	if platformName != "" {
		var ok bool
		if pl, ok = carousel.PlatformByName(platformName); !ok {
			return nil, carousel.Errorf(carousel.EINVALID, "unknown platform %q (linkedin, instagram, threads, story, tiktok)", platformName)
		}
	} else {
		format := p.Settings.Format
		if format == "" {
			format = carousel.DefaultFormat
		}
		for _, cand := range carousel.PlatformsForFormat(format) {
			if pl.Name == "" || cand.MaxSlides < pl.MaxSlides {
				pl = cand
			}
		}
	}
	if pl.Name == "" || n <= pl.MaxSlides {
		return all, nil
	}
	if !split {
		fmt.Fprintf(stderr, "warning: %d slides, but %s takes at most %d: add --split to write %d numbered parts\n", n, pl.Name, pl.MaxSlides, (n+pl.MaxSlides-1)/pl.MaxSlides)
		return all, nil
	}
	var parts []part
	for from := 0; from < n; from += pl.MaxSlides {
		parts = append(parts, part{from, min(from+pl.MaxSlides, n)})
	}
	return parts, nil
}

// partName inserts "-partN" before the extension, or into a directory name.
func partName(out string, n int) string {
	if strings.HasSuffix(out, "/") {
		return strings.TrimSuffix(out, "/") + fmt.Sprintf("-part%d/", n)
	}
	ext := filepath.Ext(out)
	return strings.TrimSuffix(out, ext) + fmt.Sprintf("-part%d", n) + ext
}

func writeOutput(ctx context.Context, eng *render.Engine, p *carousel.Project, layout *carousel.Layout, pt part, kind outKind, out string, slide int, imgFmt carousel.ImageFormat) error {
	whole := pt.from == 0 && pt.to == len(layout.Slides)
	switch kind {
	case outSVG, outPNG, outJPEG:
		if slide > len(layout.Slides) {
			return carousel.Errorf(carousel.EINVALID, "--slide %d: the carousel has %d slides", slide, len(layout.Slides))
		}
		return writeFileAtomic(out, func(w io.Writer) error {
			switch kind {
			case outSVG:
				return eng.SVG(ctx, w, p, slide)
			case outPNG:
				return eng.Image(ctx, w, p, slide, carousel.PNG)
			}
			return eng.Image(ctx, w, p, slide, carousel.JPEG)
		})
	case outPDF:
		sub := p
		if !whole {
			sub = subProject(p, layout, pt)
		}
		return writeFileAtomic(out, func(w io.Writer) error {
			_, err := eng.PDF(ctx, w, sub)
			return err
		})
	case outZip:
		return writeFileAtomic(out, func(w io.Writer) error {
			_, err := eng.ZipRange(ctx, w, p, pt.from, pt.to, imgFmt)
			return err
		})
	case outDir:
		return writeDir(ctx, out, eng, p, pt)
	}
	return nil
}

// subProject keeps the project slides that the rendered slides of pt come from.
func subProject(p *carousel.Project, layout *carousel.Layout, pt part) *carousel.Project {
	sub := *p
	sub.Slides = nil
	last := -1
	for _, rs := range layout.Slides[pt.from:pt.to] {
		if rs.Source != last {
			sub.Slides = append(sub.Slides, p.Slides[rs.Source])
			last = rs.Source
		}
	}
	return &sub
}

// writeDir renders every slide into a temporary directory beside out and
// moves the files in only when all succeeded, so a failure leaves no
// partial output.
func writeDir(ctx context.Context, out string, eng *render.Engine, p *carousel.Project, pt part) error {
	dir := filepath.Clean(out)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot create %s: %v", filepath.Dir(dir), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".*.tmp")
	if err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot write %s: %v", out, err)
	}
	defer os.RemoveAll(tmp)
	var alt strings.Builder
	var names []string
	_, err = eng.Images(ctx, p, pt.from, pt.to, carousel.PNG, func(i int, data []byte, text string) error {
		name := render.SlideFileName(i-pt.from+1, pt.to-pt.from, carousel.PNG)
		if err := os.WriteFile(filepath.Join(tmp, name), data, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		names = append(names, name)
		fmt.Fprintf(&alt, "%s: %s\n", name, text)
		return nil
	})
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, "alt-text.txt"), []byte(alt.String()), 0o644); err != nil {
		return fmt.Errorf("write alt-text.txt: %w", err)
	}
	names = append(names, "alt-text.txt")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot create %s: %v", dir, err)
	}
	for _, name := range names {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("move %s into %s: %w", name, dir, err)
		}
	}
	return nil
}
