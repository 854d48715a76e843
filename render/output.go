// SPDX-License-Identifier: MIT

package render

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"
	"io"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/carouselstudio/carousel"
	"github.com/tdewolff/canvas"
	"github.com/tdewolff/canvas/renderers/pdf"
	"github.com/tdewolff/canvas/renderers/rasterizer"
	"github.com/tdewolff/canvas/renderers/svg"
)

// rasterDPMM maps canvas millimetres to output pixels one to one.
var rasterDPMM = canvas.DPMM(1 / pxMM)

// pageAt returns the laid-out project and its slide n (1-based).
func (e *Engine) pageAt(ctx context.Context, p *carousel.Project, n int) (*projectLayout, *page, error) {
	pl, err := e.layoutProject(ctx, p)
	if err != nil {
		return nil, nil, err
	}
	if n < 1 || n > len(pl.pages) {
		return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "slide %d does not exist; the carousel has %d slides", n, len(pl.pages))
	}
	return pl, pl.pages[n-1], nil
}

// safely runs f, turning a panic inside the graphics library into an error.
func safely(what string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("render: %s: %v", what, r)
		}
	}()
	return f()
}

// pathRenderer converts text to outlines, so an SVG preview looks exactly
// like the PNG without fonts in the browser. Hinting uses the raster
// resolution for the same reason.
type pathRenderer struct{ canvas.Renderer }

func (r pathRenderer) RenderText(t *canvas.Text, m canvas.Matrix) {
	t.RenderAsPath(r.Renderer, m, rasterDPMM)
}

// SVG writes slide n as SVG with text as paths.
func (e *Engine) SVG(ctx context.Context, w io.Writer, p *carousel.Project, n int) error {
	pl, pg, err := e.pageAt(ctx, p, n)
	if err != nil {
		return err
	}
	if v, ok := e.svgs.get(pg.Key); ok {
		_, err := w.Write(v.([]byte))
		return err
	}
	var buf bytes.Buffer
	err = safely("draw SVG", func() error {
		c, _ := e.scene(ctx, pl.pc, pg, e.fonts)
		s := svg.New(&buf, c.W, c.H, &svg.Options{EmbedFonts: false, SizeUnits: "mm", ImageEncoding: canvas.Lossless})
		c.RenderTo(pathRenderer{s})
		return s.Close()
	})
	if err != nil {
		return err
	}
	e.svgs.put(pg.Key, buf.Bytes())
	_, err = w.Write(buf.Bytes())
	return err
}

// raster draws a page at the format's exact pixel size.
func (e *Engine) raster(ctx context.Context, pl *projectLayout, pg *page) (*image.RGBA, error) {
	var img *image.RGBA
	err := safely("draw image", func() error {
		c, _ := e.scene(ctx, pl.pc, pg, e.fonts)
		img = image.NewRGBA(image.Rect(0, 0, pl.pc.format.Width, pl.pc.format.Height))
		r := rasterizer.FromImage(img, rasterDPMM, canvas.DefaultColorSpace)
		c.RenderTo(pixelImages{r, img})
		r.Close()
		return nil
	})
	return img, err
}

func encodeImage(w io.Writer, img image.Image, f carousel.ImageFormat) error {
	switch f {
	case carousel.JPEG:
		return jpeg.Encode(w, img, &jpeg.Options{Quality: 90})
	case carousel.PNG, "":
		if rgba, ok := img.(*image.RGBA); ok && rgba.Opaque() {
			return encodeOpaquePNG(w, rgba)
		}
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		return enc.Encode(w, img)
	}
	return carousel.Errorf(carousel.EUNSUPPORTED, "image format %q is not png or jpeg", f)
}

// Image writes slide n as PNG or JPEG.
func (e *Engine) Image(ctx context.Context, w io.Writer, p *carousel.Project, n int, f carousel.ImageFormat) error {
	if f != carousel.PNG && f != carousel.JPEG {
		return carousel.Errorf(carousel.EUNSUPPORTED, "image format %q is not png or jpeg", f)
	}
	pl, pg, err := e.pageAt(ctx, p, n)
	if err != nil {
		return err
	}
	img, err := e.raster(ctx, pl, pg)
	if err != nil {
		return err
	}
	return encodeImage(w, img, f)
}

// PDF writes every slide as one vector PDF.
func (e *Engine) PDF(ctx context.Context, w io.Writer, p *carousel.Project) ([]carousel.Warning, error) {
	pl, err := e.layoutProject(ctx, p)
	if err != nil {
		return nil, err
	}
	pc := pl.pc
	// A fresh font set: the PDF subsetter of this canvas version rewrites
	// the fonts it embeds, which would corrupt fonts shared with other renders.
	fs := e.takeFontSet()
	// Scenes are built in parallel (text layout dominates), then written
	// in order; the writer streams pages, so memory stays flat.
	type built struct {
		c     *canvas.Canvas
		links []pageLink
		err   error
	}
	n := len(pl.pages)
	scenes := make([]chan built, n)
	for i := range scenes {
		scenes[i] = make(chan built, 1)
	}
	sem := make(chan struct{}, runtime.GOMAXPROCS(0)+1) // bounds scenes held in memory
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	defer func() { cancel(); <-done }()
	go func() {
		defer close(done)
		var wg sync.WaitGroup
		work := make(chan int)
		for range runtime.GOMAXPROCS(0) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					var b built
					b.err = safely("draw PDF page", func() error {
						b.c, b.links = e.scene(ctx, pc, pl.pages[i], fs)
						return nil
					})
					scenes[i] <- b
				}
			}()
		}
		for i := range n {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
			}
			if ctx.Err() != nil {
				break
			}
			work <- i
		}
		close(work)
		wg.Wait()
	}()
	bw := bufio.NewWriter(w)
	err = safely("write PDF", func() error {
		out := pdf.New(bw, pc.W, pc.H, &pdf.Options{Compress: true, SubsetFonts: true, ImageEncoding: canvas.Lossless})
		out.SetInfo(docTitle(pl), "Carousel", "", pc.brand.Name, "Carousel Studio")
		for i, pg := range pl.pages {
			var b built
			select {
			case b = <-scenes[i]:
			case <-ctx.Done():
				return ctx.Err()
			}
			<-sem
			if b.err != nil {
				return b.err
			}
			if i > 0 {
				out.NewPage(pc.W, pc.H)
			}
			b.c.RenderTo(pdfImages{out})
			for _, l := range b.links {
				out.AddLink(l.url, l.r)
			}
			if pg.Kind == carousel.SlideCover && pc.p.Thread.URL != "" {
				r := pc.content
				out.AddLink(pc.p.Thread.URL, canvas.Rect{X0: r.x0, Y0: pc.H - r.y1, X1: r.x1, Y1: pc.H - r.y0})
			}
		}
		return out.Close()
	})
	e.prepareSpare(fs)
	if err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("render: write PDF: %w", err)
	}
	return pl.warns, nil
}

// docTitle is the PDF title: the project's title or the cover's hook.
func docTitle(pl *projectLayout) string {
	if t := pl.pc.p.Title; t != "" {
		return t
	}
	for _, pg := range pl.pages {
		for _, el := range pg.Elems {
			if el.Kind == elemText {
				s := strings.Join(strings.Fields(strings.ReplaceAll(carousel.BlocksText([]carousel.Block{el.Block}), "\u2028", "")), " ")
				if r := []rune(s); len(r) > 120 {
					s = string(r[:119]) + "…"
				}
				return s
			}
		}
	}
	return "Carousel"
}

// Images renders the rendered slides [from, to) (0-based) as PNG or JPEG
// in parallel, one worker per CPU, and hands them to emit in slide order.
// A negative to means the last slide. It returns the layout's warnings.
func (e *Engine) Images(ctx context.Context, p *carousel.Project, from, to int, f carousel.ImageFormat, emit func(i int, data []byte, alt string) error) ([]carousel.Warning, error) {
	if f != carousel.PNG && f != carousel.JPEG {
		return nil, carousel.Errorf(carousel.EUNSUPPORTED, "image format %q is not png or jpeg", f)
	}
	pl, err := e.layoutProject(ctx, p)
	if err != nil {
		return nil, err
	}
	if to < 0 || to > len(pl.pages) {
		to = len(pl.pages)
	}
	if from < 0 || from > to {
		return nil, carousel.Errorf(carousel.EINVALID, "slides %d to %d: the carousel has %d slides", from+1, to, len(pl.pages))
	}
	type result struct {
		data []byte
		err  error
	}
	results := make([]chan result, to-from)
	for i := range results {
		results[i] = make(chan result, 1)
	}
	jobs := make(chan int)
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	for range min(runtime.GOMAXPROCS(0), len(results)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if ctx.Err() != nil {
					results[i] <- result{err: ctx.Err()}
					continue
				}
				img, err := e.raster(ctx, pl, pl.pages[from+i])
				var buf bytes.Buffer
				if err == nil {
					err = encodeImage(&buf, img, f)
				}
				results[i] <- result{buf.Bytes(), err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for i := range results {
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	for i := range results {
		var r result
		select {
		case r = <-results[i]:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if r.err != nil {
			return nil, r.err
		}
		if err := emit(from+i, r.data, pl.pages[from+i].Alt); err != nil {
			return nil, err
		}
	}
	return pl.warns, nil
}

// Zip writes one image per slide and alt-text.txt as a ZIP file.
func (e *Engine) Zip(ctx context.Context, w io.Writer, p *carousel.Project, f carousel.ImageFormat) ([]carousel.Warning, error) {
	return e.ZipRange(ctx, w, p, 0, -1, f)
}

// ZipRange writes the rendered slides [from, to) as Zip does, numbered
// from 1: a part of a carousel split for a platform's slide limit.
func (e *Engine) ZipRange(ctx context.Context, w io.Writer, p *carousel.Project, from, to int, f carousel.ImageFormat) ([]carousel.Warning, error) {
	if to < 0 {
		pl, err := e.layoutProject(ctx, p)
		if err != nil {
			return nil, err
		}
		to = len(pl.pages)
	}
	zw := zip.NewWriter(w)
	var alt strings.Builder
	warns, err := e.Images(ctx, p, from, to, f, func(i int, data []byte, text string) error {
		name := SlideFileName(i-from+1, to-from, f)
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			return fmt.Errorf("render: write zip: %w", err)
		}
		if _, err := fw.Write(data); err != nil {
			return fmt.Errorf("render: write zip: %w", err)
		}
		fmt.Fprintf(&alt, "%s: %s\n", name, text)
		return nil
	})
	if err != nil {
		return nil, err
	}
	fw, err := zw.Create("alt-text.txt")
	if err == nil {
		_, err = io.WriteString(fw, alt.String())
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("render: write zip: %w", err)
	}
	return warns, nil
}

// SlideFileName names slide n of total: "slide-07.png", with the number
// padded to as many digits as the last one has (two at least), so that the
// names sort in slide order ("slide-011.png" after "slide-100.png" would not).
func SlideFileName(n, total int, f carousel.ImageFormat) string {
	width := max(2, len(strconv.Itoa(total)))
	return fmt.Sprintf("slide-%0*d%s", width, n, ImageExt(f))
}

// ImageExt is the file extension of an image format, with its dot.
func ImageExt(f carousel.ImageFormat) string {
	if f == carousel.JPEG {
		return ".jpg"
	}
	return ".png"
}

// takeFontSet returns a fresh font set for a PDF: the spare one parsed
// in the background after the previous export, or a new one.
func (e *Engine) takeFontSet() *fontSet {
	select {
	case fs := <-e.spare:
		return fs
	default:
		return newFontSet(e.sys, &e.cover)
	}
}

// prepareSpare parses, in the background, the fonts the last export used
// into a new set for the next export.
func (e *Engine) prepareSpare(used *fontSet) {
	files := used.files()
	go func() {
		fs := newFontSet(e.sys, &e.cover)
		for _, f := range files {
			fs.font(f)
		}
		select {
		case e.spare <- fs:
		default: // one spare is enough
		}
	}()
}

// pdfImages embeds photos as JPEG and small images (avatars, logos)
// losslessly: deflating large RGB images dominated the export time.
type pdfImages struct{ *pdf.PDF }

func (r pdfImages) RenderImage(img image.Image, m canvas.Matrix) {
	if b := img.Bounds(); b.Dx()*b.Dy() >= 256*256 {
		r.SetImageEncoding(canvas.Lossy)
	} else {
		r.SetImageEncoding(canvas.Lossless)
	}
	r.PDF.RenderImage(img, m)
}

// pixelImages copies images that land exactly on the pixel grid at their
// own size, as ours do (see painter.drawImage), instead of resampling
// them through a generic transform.
type pixelImages struct {
	*rasterizer.Rasterizer
	dst *image.RGBA
}

func (r pixelImages) RenderImage(img image.Image, m canvas.Matrix) {
	k := rasterDPMM.DPMM()
	b := img.Bounds()
	x, y := m[0][2]*k, float64(r.dst.Bounds().Dy())-m[1][2]*k-float64(b.Dy())
	onGrid := func(v float64) bool { return math.Abs(v-math.Round(v)) < 1e-3 }
	if m[0][1] == 0 && m[1][0] == 0 && math.Abs(m[0][0]*k-1) < 1e-6 && math.Abs(m[1][1]*k-1) < 1e-6 && onGrid(x) && onGrid(y) {
		at := image.Pt(int(math.Round(x)), int(math.Round(y)))
		draw.Draw(r.dst, image.Rectangle{at, at.Add(b.Size())}, img, b.Min, draw.Over)
		return
	}
	r.Rasterizer.RenderImage(img, m)
}
