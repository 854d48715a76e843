// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/internal/atomicfile"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/store"
)

const renderHelp = `Usage: carousel render INPUT -o OUT [flags]

INPUT is a carousel file (*.carousel.json), a thread JSON, pasted text (.txt,
.md, or - for standard input), a post URL on X, Bluesky, Mastodon or Threads
(your own, with CAROUSEL_THREADS_TOKEN) or an X post id, an X archive (zip,
folder or tweets.js) or a Mastodon archive (zip, tar.gz, folder or
outbox.json), with --post to pick the thread, or "sample" for the built-in
sample thread.

OUT's form picks the output:
  NAME.pdf           one PDF (LinkedIn document)
  NAME.zip           one image per slide plus alt-text.txt
  DIR/               slide-01.png, slide-02.png, … and alt-text.txt
  NAME.svg|png|jpg   one slide, with --slide N

With --server URL and an API token (CAROUSEL_TOKEN), INPUT is a project of that
team server, by its id, or a source made into a new project there; OUT is then
a .pdf, a .zip or one slide.

Flags override the preset's and the file's settings, and the brand profile's
fonts and colours at every render. With the studio's database, a new carousel
starts from the default brand profile, as in the studio:
`

func runRender(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("render", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	var f renderFlags
	f.add(fs)
	var rf remoteFlags
	rf.add(fs)
	fs.Usage = func() { fmt.Fprint(stderr, renderHelp); fs.PrintDefaults() }
	input, err := parseWithInput(fs, args)
	if err != nil {
		return err
	}
	if f.out == "" {
		fs.Usage()
		return carousel.Errorf(carousel.EINVALID, "missing -o OUT")
	}
	if r, err := rf.remote(); err != nil || r != nil {
		if err != nil {
			return err
		}
		choices, err := f.choices()
		if err != nil {
			return err
		}
		imgFmt, err := parseImageFormat(f.imageFormat)
		if err != nil {
			return err
		}
		return renderRemote(ctx, r, input, &f, choices, imgFmt, os.Stdin, stderr)
	}
	kind, err := outputKind(f.out, f.slide)
	if err != nil {
		return err
	}
	choices, err := f.choices()
	if err != nil {
		return err
	}
	imgFmt, err := parseImageFormat(f.imageFormat)
	if err != nil {
		return err
	}
	job, err := prepareRender(ctx, &cfg, input, f.postID, choices, os.Stdin, stderr)
	if err != nil {
		return err
	}
	defer job.close()
	parts, err := planParts(job.project, job.layout, kind, f.platform, f.split, stderr)
	if err != nil {
		return err
	}
	for i, part := range parts {
		name := f.out
		if len(parts) > 1 {
			name = partName(f.out, i+1)
		}
		if err := writeOutput(ctx, job.eng, job.project, job.layout, part, kind, name, f.slide, imgFmt); err != nil {
			return err
		}
		switch n := part.to - part.from; {
		case kind == outSVG || kind == outPNG || kind == outJPEG:
			fmt.Fprintf(stderr, "wrote %s (slide %d of %d)\n", name, f.slide, len(job.layout.Slides))
		case n == 1:
			fmt.Fprintf(stderr, "wrote %s (1 slide)\n", name)
		default:
			fmt.Fprintf(stderr, "wrote %s (%d slides)\n", name, n)
		}
	}
	return nil
}

// renderFlags are the flags of carousel render besides the configuration's.
type renderFlags struct {
	out, format, template, theme, pattern, cta, preset string
	slide                                              int
	imageFormat, platform, postID                      string
	split                                              bool
	colors, titleFont, bodyFont, background            string
	fixedSizes                                         bool
	lang                                               string
}

func (f *renderFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&f.out, "o", "", "output `file` or directory (see above)")
	fs.StringVar(&f.format, "format", "", "output format (carousel list formats)")
	fs.StringVar(&f.template, "template", "", "layout template (carousel list templates)")
	fs.StringVar(&f.theme, "theme", "", "preset theme (carousel list themes)")
	fs.StringVar(&f.pattern, "pattern", "", "background pattern (carousel list patterns)")
	fs.StringVar(&f.cta, "cta", "", "outro call to action: 1 follow, 2 share, 3 save or visit, 0 none (default: the file's)")
	fs.StringVar(&f.preset, "preset", "", "apply the saved preset `NAME` from the database")
	fs.IntVar(&f.slide, "slide", 0, "the slide `N` to write for .svg, .png and .jpg outputs")
	fs.StringVar(&f.imageFormat, "image-format", "png", "image type in a .zip or a directory: png or jpeg")
	fs.BoolVar(&f.split, "split", false, "write numbered parts when the carousel is over its platform's limit")
	fs.StringVar(&f.platform, "platform", "", "the platform whose limits apply (linkedin, instagram, threads, story, tiktok); default from the format")
	fs.StringVar(&f.postID, "post", "", "the thread to pick from an X or Mastodon archive, by a post's id or URL")
	fs.StringVar(&f.colors, "colors", "", "custom colours over the theme's: `background=#RRGGBB,text=…,accent=…,muted=…` (any of them)")
	fs.StringVar(&f.titleFont, "title-font", "", "title font: a bundled family (carousel list fonts) or a font `file` (.ttf, .otf, .woff2)")
	fs.StringVar(&f.bodyFont, "body-font", "", "body font: a bundled family (carousel list fonts) or a font `file` (.ttf, .otf, .woff2)")
	fs.StringVar(&f.background, "background", "", "slide background: `#RRGGBB`, a gradient #RRGGBB,#RRGGBB[,#RRGGBB][@ANGLE], or image=FILE[@SCRIM]")
	fs.BoolVar(&f.fixedSizes, "fixed-sizes", false, "keep the type sizes exactly as set instead of sizing each slide's text to fill it")
	fs.StringVar(&f.lang, "lang", "", "the language of posts that do not say theirs, a BCP 47 `tag` (de, pt-BR, he): their hyphenation, and right-to-left text read so from its first word")
}

// choices are the settings the flags pick.
func (f *renderFlags) choices() (carousel.Choices, error) {
	c := carousel.Choices{Preset: f.preset, Format: f.format, Template: f.template, Theme: f.theme, Pattern: f.pattern}
	if f.cta != "" {
		v, err := strconv.Atoi(f.cta)
		if err != nil || v < 0 || v > 3 {
			return c, carousel.Errorf(carousel.EINVALID, "--cta must be 0, 1, 2 or 3, not %q", f.cta)
		}
		c.CTA = &v
	}
	if f.colors != "" {
		colors, err := parseColors(f.colors, nil)
		if err != nil {
			return c, err
		}
		c.Colors = colors
	}
	var err error
	if c.TitleFont, err = fontFlag("--title-font", f.titleFont); err != nil {
		return c, err
	}
	if c.BodyFont, err = fontFlag("--body-font", f.bodyFont); err != nil {
		return c, err
	}
	if f.background != "" {
		if c.Background, err = parseBackground(f.background); err != nil {
			return c, err
		}
	}
	c.FixedSizes = f.fixedSizes
	if f.lang != "" && !carousel.IsLanguageTag(f.lang) {
		return c, carousel.Errorf(carousel.EINVALID, "--lang: %q is not a language tag such as de, pt-BR or he", f.lang)
	}
	c.Language = f.lang
	return c, nil
}

func parseImageFormat(v string) (carousel.ImageFormat, error) {
	switch strings.ToLower(v) {
	case "png":
		return carousel.PNG, nil
	case "jpeg", "jpg":
		return carousel.JPEG, nil
	}
	return "", carousel.Errorf(carousel.EINVALID, "--image-format must be png or jpeg, not %q", v)
}

// renderJob is a project ready to render, its layout and the engine.
type renderJob struct {
	eng     *render.Engine
	project *carousel.Project // as it renders: its brand profile applied
	layout  *carousel.Layout
	db      *store.DB // nil without a database
}

func (j *renderJob) close() {
	if j.db != nil {
		j.db.Close()
	}
}

// prepareRender reads INPUT and makes it a project through the workflow the
// studio uses, then lays it out. The studio's database, when there is one,
// gives presets, brand profiles and uploaded images (asset: references).
func prepareRender(ctx context.Context, cfg *config, input, postID string, c carousel.Choices, stdin io.Reader, stderr io.Writer) (_ *renderJob, err error) {
	job := &renderJob{}
	defer func() {
		if err != nil {
			job.close()
		}
	}()
	if c.Preset != "" || cfg.hasStore() {
		if job.db, err = cfg.openStore(ctx); err != nil {
			if c.Preset != "" {
				return nil, err
			}
			// Rendering needs no database: go on without its brand kit.
			fmt.Fprintf(stderr, "warning: %s; rendering without the studio's brand profiles and stored images\n", userMessage(err))
			job.db, err = nil, nil
		}
	}
	im := cfg.newImporter(job.db)
	in, warns, err := im.ReadInput(ctx, input, postID, stdin)
	printWarnings(stderr, warns)
	if err != nil {
		return nil, err
	}
	baseDir := "."
	if in.Path != "" {
		baseDir = filepath.Dir(in.Path)
	}
	if job.eng, err = newEngine(job.db, im, filesIn(baseDir)); err != nil {
		return nil, err
	}
	wf := carousel.Workflow{Render: job.eng}
	if job.db != nil {
		wf.Presets, wf.Profiles = job.db, job.db
	}
	p := in.Project
	if p != nil {
		warns, err = wf.Reconfigure(ctx, p, c)
	} else {
		p, warns, err = wf.NewProject(ctx, in.Thread, c)
	}
	if err != nil {
		return nil, err
	}
	printWarnings(stderr, warns)
	if job.project, warns, err = wf.ForRender(ctx, p); err != nil {
		return nil, err
	}
	printWarnings(stderr, warns)
	if job.layout, err = job.eng.Layout(ctx, job.project); err != nil {
		return nil, err
	}
	printWarnings(stderr, job.layout.Warnings)
	return job, nil
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
	x := carousel.Export{From: pt.from, To: pt.to, Image: imgFmt}
	switch kind {
	case outSVG, outPNG, outJPEG:
		if slide > len(layout.Slides) {
			return carousel.Errorf(carousel.EINVALID, "--slide %d: the carousel has %d slides", slide, len(layout.Slides))
		}
		return atomicfile.Write(out, func(w io.Writer) error {
			switch kind {
			case outSVG:
				return eng.SVG(ctx, w, p, slide)
			case outPNG:
				return eng.Image(ctx, w, p, slide, carousel.PNG)
			}
			return eng.Image(ctx, w, p, slide, carousel.JPEG)
		})
	case outPDF, outZip:
		x.Kind = carousel.ExportZIP
		if kind == outPDF {
			x.Kind = carousel.ExportPDF
		}
		return atomicfile.Write(out, func(w io.Writer) error {
			_, err := eng.Export(ctx, carousel.SingleFile(w), p, x)
			return err
		})
	case outDir:
		x.Kind = carousel.ExportImages
		return writeDir(out, func(dst carousel.ExportTarget) error {
			_, err := eng.Export(ctx, dst, p, x)
			return err
		})
	}
	return nil
}

// dirTarget creates an export's files in a directory.
type dirTarget struct {
	dir   string
	names []string
	open  *os.File
}

func (d *dirTarget) Create(name string) (io.Writer, error) {
	if err := d.closeOpen(); err != nil {
		return nil, err
	}
	if name != filepath.Base(name) {
		return nil, fmt.Errorf("export file name %q is not a plain name", name)
	}
	f, err := os.OpenFile(filepath.Join(d.dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return nil, err
	}
	d.open = f
	d.names = append(d.names, name)
	return f, nil
}

func (d *dirTarget) closeOpen() error {
	if d.open == nil {
		return nil
	}
	err := d.open.Close()
	d.open = nil
	return err
}

// writeDir has write create the files in a temporary directory beside out
// and moves them in only when all succeeded, so a failure leaves no
// partial output.
func writeDir(out string, write func(dst carousel.ExportTarget) error) error {
	dir := filepath.Clean(out)
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot create %s: %v", filepath.Dir(dir), err)
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), "."+filepath.Base(dir)+".*.tmp")
	if err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot write %s: %v", out, err)
	}
	defer os.RemoveAll(tmp)
	dst := &dirTarget{dir: tmp}
	err = write(dst)
	if cerr := dst.closeOpen(); err == nil && cerr != nil {
		err = fmt.Errorf("write %s: %w", out, cerr)
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot create %s: %v", dir, err)
	}
	for _, name := range dst.names {
		if err := os.Rename(filepath.Join(tmp, name), filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("move %s into %s: %w", name, dir, err)
		}
	}
	return nil
}

// parseColors reads --colors: comma-separated name=#rrggbb pairs over the
// colours the file already has.
func parseColors(spec string, base *carousel.Colors) (*carousel.Colors, error) {
	var c carousel.Colors
	if base != nil {
		c = *base
	}
	for _, part := range strings.Split(spec, ",") {
		name, value, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return nil, carousel.Errorf(carousel.EINVALID, "--colors: %q is not name=#RRGGBB (background, text, accent, muted)", part)
		}
		value = strings.TrimSpace(value)
		if !isHexColor(value) {
			return nil, carousel.Errorf(carousel.EINVALID, "--colors: %s: %q is not a colour like #1a2b3c", name, value)
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "background", "bg":
			c.Background = value
		case "text":
			c.Text = value
		case "accent":
			c.Accent = value
		case "muted":
			c.Muted = value
		default:
			return nil, carousel.Errorf(carousel.EINVALID, "--colors: unknown colour %q (background, text, accent, muted)", name)
		}
	}
	return &c, nil
}

func isHexColor(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// fontFlag checks --title-font and --body-font: a bundled family name as
// it is, or a font file, read and validated now and given by its absolute
// path so that it resolves wherever the carousel file is.
func fontFlag(flag, v string) (string, error) {
	if !carousel.IsFontRef(v) {
		return v, nil // a family name: the engine checks it
	}
	if strings.HasPrefix(v, "asset:") || strings.HasPrefix(v, "data:") {
		return v, nil
	}
	abs, err := filepath.Abs(v)
	if err != nil {
		return "", carousel.Errorf(carousel.EINVALID, "%s %s: %v", flag, v, err)
	}
	data, err := os.ReadFile(abs)
	if err != nil {
		return "", carousel.Errorf(carousel.ENOTFOUND, "%s: cannot read the font file %s", flag, v)
	}
	if _, err := render.CheckFont(data); err != nil {
		return "", carousel.Errorf(carousel.EINVALID, "%s %s: %s", flag, v, carousel.ErrorMessage(err))
	}
	return abs, nil
}

// parseBackground reads --background: "#rrggbb" (solid), two or three
// colours with an optional "@angle" (gradient), or "image=FILE[@scrim]".
func parseBackground(spec string) (*carousel.Background, error) {
	if path, ok := strings.CutPrefix(spec, "image="); ok {
		bg := &carousel.Background{Kind: carousel.BackgroundImage, Scrim: 0.6}
		if p, scrim, ok := strings.Cut(path, "@"); ok {
			v, err := strconv.ParseFloat(scrim, 64)
			if err != nil || v < 0 || v > 1 {
				return nil, carousel.Errorf(carousel.EINVALID, "--background: the scrim %q is not a number from 0 to 1", scrim)
			}
			path, bg.Scrim = p, v
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			return nil, carousel.Errorf(carousel.EINVALID, "--background: %v", err)
		}
		if _, err := os.Stat(abs); err != nil {
			return nil, carousel.Errorf(carousel.ENOTFOUND, "--background: cannot read the image %s", path)
		}
		bg.Image = abs
		return bg, nil
	}
	cols, angle, hasAngle := strings.Cut(spec, "@")
	bg := &carousel.Background{Kind: carousel.BackgroundSolid}
	for _, c := range strings.Split(cols, ",") {
		c = strings.TrimSpace(c)
		if !isHexColor(c) {
			return nil, carousel.Errorf(carousel.EINVALID, "--background: %q is not a colour like #1a2b3c", c)
		}
		bg.Colors = append(bg.Colors, c)
	}
	if len(bg.Colors) > 1 {
		bg.Kind = carousel.BackgroundGradient
		bg.Angle = 180
	}
	if hasAngle {
		v, err := strconv.ParseFloat(angle, 64)
		if err != nil {
			return nil, carousel.Errorf(carousel.EINVALID, "--background: the angle %q is not a number of degrees", angle)
		}
		bg.Angle = v
	}
	if err := bg.Validate("--background"); err != nil {
		return nil, err
	}
	return bg, nil
}
