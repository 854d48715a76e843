// SPDX-License-Identifier: MIT

package web

import (
	"bytes"
	"image"
	_ "image/gif" // the media route checks every format the renderer draws
	_ "image/jpeg"
	_ "image/png"

	"github.com/carouselstudio/carousel"
	_ "golang.org/x/image/webp"
)

// refChecker is a project, profile or preset: anything with image references.
type refChecker interface {
	ImageRefs(visit func(path, ref string) error) error
}

// checkImageRefs refuses a document naming an image the server will not
// load: over HTTP only asset:, http(s) and data: references are accepted,
// never a path or file: URL, so that no file of the host reaches a slide.
// The message names the field, not the path.
func checkImageRefs(doc refChecker) error {
	return doc.ImageRefs(func(path, ref string) error {
		if err := carousel.CheckImageRef(ref, false); err != nil {
			return &carousel.Error{Code: carousel.EINVALID, Field: path, Message: carousel.ErrorMessage(err), Err: err}
		}
		return nil
	})
}

// checkPixels refuses an image whose decoded size is over the renderer's
// limit, so that the browser is never handed a decompression bomb.
func checkPixels(b []byte, what string) error {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return carousel.Errorf(carousel.EUNSUPPORTED, "%s is not a JPEG, PNG, WebP or GIF file, or it is broken", what)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > carousel.MaxImagePixels {
		return carousel.Errorf(carousel.ETOOLARGE, "%s is %d×%d pixels, over the limit of %d megapixels", what, cfg.Width, cfg.Height, carousel.MaxImagePixels/1_000_000)
	}
	return nil
}
