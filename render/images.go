// SPDX-License-Identifier: MIT

package render

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif"
	_ "image/jpeg"
	_ "image/png"
	"math"

	"github.com/carouselstudio/carousel"
	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp"
)

// maxPixels refuses images whose decoded size would exhaust memory.
const maxPixels = carousel.MaxImagePixels

// loadedImage is a decoded image, or why it could not be used.
type loadedImage struct {
	img  image.Image
	w, h int
	err  error // a user-facing *carousel.Error
}

// loadBytes resolves a reference with Options.LoadImage or, without it,
// the shared loader: data: URLs, and files relative to BaseDir when set.
func (e *Engine) loadBytes(ctx context.Context, ref string) ([]byte, error) {
	if e.opts.LoadImage != nil {
		return e.opts.LoadImage(ctx, ref)
	}
	l := carousel.ImageLoader{Files: e.opts.BaseDir != "", Dir: e.opts.BaseDir}
	return l.Load(ctx, ref)
}

// image returns the decoded image of ref, cached.
func (e *Engine) image(ctx context.Context, ref string) *loadedImage {
	if v, ok := e.images.get(ref); ok {
		return v.(*loadedImage)
	}
	li := e.decode(ctx, ref)
	if ctx.Err() == nil { // a load cut short by a cancelled request is not the image's fault
		e.images.put(ref, li)
	}
	return li
}

func (e *Engine) decode(ctx context.Context, ref string) (li *loadedImage) {
	li = &loadedImage{}
	defer func() {
		if r := recover(); r != nil {
			li = &loadedImage{err: carousel.Errorf(carousel.EINVALID, "image %s is broken", shortRef(ref))}
		}
	}()
	b, err := e.loadBytes(ctx, ref)
	if err != nil {
		li.err = carousel.Errorf(carousel.EINVALID, "image %s could not be loaded: %s", shortRef(ref), carousel.ErrorMessage(err))
		return li
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		li.err = carousel.Errorf(carousel.EUNSUPPORTED, "image %s is not a JPEG, PNG, WebP or GIF file, or it is broken", shortRef(ref))
		return li
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPixels {
		li.err = carousel.Errorf(carousel.ETOOLARGE, "image %s is %d×%d pixels, over the limit of 40 megapixels", shortRef(ref), cfg.Width, cfg.Height)
		return li
	}
	img, _, err := image.Decode(bytes.NewReader(b)) // GIF: the first frame
	if err != nil {
		li.err = carousel.Errorf(carousel.EINVALID, "image %s is broken: %v", shortRef(ref), err)
		return li
	}
	li.img, li.w, li.h = shrink(img, maxSide), cfg.Width, cfg.Height
	return li
}

// maxSide bounds a kept image's longer side: no slide is wider than 1920
// px, and the cache must not hold 40-megapixel bitmaps.
const maxSide = 2048

func shrink(img image.Image, limit int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= limit && h <= limit {
		return img
	}
	k := float64(limit) / float64(max(w, h))
	dst := image.NewRGBA(image.Rect(0, 0, max(1, int(float64(w)*k)), max(1, int(float64(h)*k))))
	xdraw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// shortRef names ref in a warning without repeating a host path.
func shortRef(ref string) string { return carousel.ImageRefName(ref) }

// fitImage crops (cover) or pads (contain) src to w×h pixels and rounds its
// corners with radius r pixels (r ≥ min(w,h)/2 gives a circle). Clipping
// is done in pixels so it looks the same in PDF, PNG and SVG.
func fitImage(src image.Image, w, h int, r float64, contain bool, bg color.RGBA, fx, fy float64) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sb := src.Bounds()
	sw, sh := float64(sb.Dx()), float64(sb.Dy())
	target := image.Rect(0, 0, w, h)
	srcRect := sb
	if contain {
		draw.Draw(dst, dst.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
		k := math.Min(float64(w)/sw, float64(h)/sh)
		tw, th := int(math.Round(sw*k)), int(math.Round(sh*k))
		x0, y0 := (w-tw)/2, (h-th)/2
		target = image.Rect(x0, y0, x0+tw, y0+th)
	} else {
		k := math.Max(float64(w)/sw, float64(h)/sh)
		cw, ch := float64(w)/k, float64(h)/k
		// Cropping to cover keeps the focal point (fx, fy) in view.
		x0 := sb.Min.X + int(math.Round((sw-cw)*fx))
		y0 := sb.Min.Y + int(math.Round((sh-ch)*fy))
		srcRect = image.Rect(x0, y0, x0+int(math.Round(cw)), y0+int(math.Round(ch)))
	}
	xdraw.ApproxBiLinear.Scale(dst, target, src, srcRect, draw.Over, nil)
	if r > 0 {
		roundCorners(dst, r)
	}
	return dst
}

// roundCorners makes the pixels outside rounded corners transparent, with
// one pixel of anti-aliasing.
func roundCorners(img *image.RGBA, r float64) {
	b := img.Bounds()
	w, h := float64(b.Dx()), float64(b.Dy())
	r = math.Min(r, math.Min(w, h)/2)
	for y := 0; y < b.Dy(); y++ {
		fy := float64(y) + 0.5
		for x := 0; x < b.Dx(); x++ {
			fx := float64(x) + 0.5
			var cx, cy float64
			switch {
			case fx < r && fy < r:
				cx, cy = r, r
			case fx > w-r && fy < r:
				cx, cy = w-r, r
			case fx < r && fy > h-r:
				cx, cy = r, h-r
			case fx > w-r && fy > h-r:
				cx, cy = w-r, h-r
			default:
				if fx >= r && fx <= w-r {
					x = int(w - r) // skip the straight middle of the row
				}
				continue
			}
			d := math.Hypot(fx-cx, fy-cy) - r
			if d <= -0.5 {
				continue
			}
			a := 0.0
			if d < 0.5 {
				a = 0.5 - d
			}
			i := img.PixOffset(x, y)
			for c := 0; c < 4; c++ {
				img.Pix[i+c] = uint8(float64(img.Pix[i+c]) * a)
			}
		}
	}
}
