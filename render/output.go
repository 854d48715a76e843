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
	"time"

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

// Export writes the rendered slides [x.From, x.To) as one PDF, one ZIP or
// one image file per slide with alt-text.txt, all from the same layout, so a
// part of a split carousel holds exactly its slides.
func (e *Engine) Export(ctx context.Context, dst carousel.ExportTarget, p *carousel.Project, x carousel.Export) ([]carousel.Warning, error) {
	img := x.Image
	if img == "" {
		img = carousel.PNG
	}
	if x.Kind != carousel.ExportPDF && img != carousel.PNG && img != carousel.JPEG {
		return nil, carousel.Errorf(carousel.EUNSUPPORTED, "image format %q is not png or jpeg", img)
	}
	pl, err := e.layoutProject(ctx, p)
	if err != nil {
		return nil, err
	}
	from, to, err := exportRange(x, len(pl.pages))
	if err != nil {
		return nil, err
	}
	switch x.Kind {
	case carousel.ExportPDF:
		err = e.writePDF(ctx, dst, pl, from, to)
	case carousel.ExportZIP:
		err = e.writeZip(ctx, dst, pl, from, to, img)
	case carousel.ExportImages:
		err = e.writeImageFiles(ctx, dst, pl, from, to, img)
	default:
		return nil, carousel.Errorf(carousel.EUNSUPPORTED, "export kind %q is not pdf, zip or images", x.Kind)
	}
	if err != nil {
		return nil, err
	}
	return pl.warns, nil
}

// exportRange checks the range of x against n rendered slides.
func exportRange(x carousel.Export, n int) (from, to int, err error) {
	from, to = x.From, x.To
	if to == 0 {
		to = n
	}
	if from < 0 || to > n || from > to {
		return 0, 0, carousel.Errorf(carousel.EINVALID, "slides %d to %d: the carousel has %d slides", from+1, to, n)
	}
	return from, to, nil
}

// writePDF writes the pages [from, to) as one vector PDF.
func (e *Engine) writePDF(ctx context.Context, dst carousel.ExportTarget, pl *projectLayout, from, to int) error {
	w, err := dst.Create("carousel.pdf")
	if err != nil {
		return err
	}
	pc := pl.pc
	// The shared fonts, whose shaped runs pagination has already cached:
	// the patched PDF writer subsets fresh copies (Font.FreshSFNT), so
	// embedding no longer corrupts fonts other renders use.
	fs := e.fonts
	// Scenes are built in parallel (text layout dominates), then written
	// in order; the writer streams pages, so memory stays flat.
	type built struct {
		c     *canvas.Canvas
		links []pageLink
		err   error
	}
	pages := pl.pages[from:to]
	n := len(pages)
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
						b.c, b.links = e.scene(ctx, pc, pages[i], fs)
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
		out := pdf.New(bw, pc.W, pc.H, &pdf.Options{Compress: true, SubsetFonts: true, ImageEncoding: canvas.Lossless, TextLayerFont: fs.font(lastResort.regular)})
		out.SetInfo(docTitle(pl), "Carousel", "", pc.brand.Name, "Carousel Studio")
		for i, pg := range pages {
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
				if u := safeLink(l.url); u != "" {
					out.AddLink(u, l.r)
				}
			}
			if u := safeLink(pc.p.Thread.URL); pg.Kind == carousel.SlideCover && u != "" {
				r := pc.content
				out.AddLink(u, canvas.Rect{X0: r.x0, Y0: pc.H - r.y1, X1: r.x1, Y1: pc.H - r.y0})
			}
		}
		return out.Close()
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("render: write PDF: %w", err)
	}
	return nil
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

// rasterPages renders the pages [from, to) as PNG or JPEG in parallel,
// one worker per CPU, and hands them to emit in slide order.
func (e *Engine) rasterPages(ctx context.Context, pl *projectLayout, from, to int, f carousel.ImageFormat, emit func(i int, data []byte, alt string) error) error {
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
			return ctx.Err()
		}
		if r.err != nil {
			return r.err
		}
		if err := emit(from+i, r.data, pl.pages[from+i].Alt); err != nil {
			return err
		}
	}
	return nil
}

// writeZip writes the pages [from, to) as images numbered from 1, with
// alt-text.txt, in one ZIP.
func (e *Engine) writeZip(ctx context.Context, dst carousel.ExportTarget, pl *projectLayout, from, to int, f carousel.ImageFormat) error {
	w, err := dst.Create("carousel.zip")
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	// Entries carry the time of the export (without it they are dated 1980).
	now := time.Now()
	var alt strings.Builder
	err = e.rasterPages(ctx, pl, from, to, f, func(i int, data []byte, text string) error {
		name := slideFileName(i-from+1, to-from, f)
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: now})
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
		return err
	}
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: altTextFile, Method: zip.Deflate, Modified: now})
	if err == nil {
		_, err = io.WriteString(fw, alt.String())
	}
	if err == nil {
		err = zw.Close()
	}
	if err != nil {
		return fmt.Errorf("render: write zip: %w", err)
	}
	return nil
}

// writeImageFiles writes the pages [from, to) as image files numbered from
// 1, then alt-text.txt.
func (e *Engine) writeImageFiles(ctx context.Context, dst carousel.ExportTarget, pl *projectLayout, from, to int, f carousel.ImageFormat) error {
	var alt strings.Builder
	err := e.rasterPages(ctx, pl, from, to, f, func(i int, data []byte, text string) error {
		name := slideFileName(i-from+1, to-from, f)
		w, err := dst.Create(name)
		if err == nil {
			_, err = w.Write(data)
		}
		if err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
		fmt.Fprintf(&alt, "%s: %s\n", name, text)
		return nil
	})
	if err != nil {
		return err
	}
	w, err := dst.Create(altTextFile)
	if err == nil {
		_, err = io.WriteString(w, alt.String())
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", altTextFile, err)
	}
	return nil
}

// altTextFile holds one line per slide of a ZIP or image export.
const altTextFile = "alt-text.txt"

// slideFileName names slide n of an export of total slides:
// "slide-07.png", the number padded to as many digits as the last one has
// (two at least), so that the names sort in slide order ("slide-100.png"
// came before "slide-11.png").
func slideFileName(n, total int, f carousel.ImageFormat) string {
	width := max(2, len(strconv.Itoa(total)))
	return fmt.Sprintf("slide-%0*d%s", width, n, imageExt(f))
}

// imageExt is the file extension of an image format, with its dot.
func imageExt(f carousel.ImageFormat) string {
	if f == carousel.JPEG {
		return ".jpg"
	}
	return ".png"
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
