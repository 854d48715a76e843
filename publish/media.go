// SPDX-License-Identifier: MIT

package publish

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"image"
	"image/jpeg"
	"strconv"
	"strings"

	"golang.org/x/image/draw"

	"github.com/carouselstudio/carousel"
)

// Public media addresses: {PublicURL}/public/media/{id}.{expiry}.{sig}.jpg,
// where id is the media's sha256, expiry a Unix time and sig an HMAC of
// both under MediaKey. The address names one image and works until it
// expires, without signing in; it can reach nothing else.
const MediaPath = "/public/media/"

func (p *Publisher) mediaSig(id string, exp int64) string {
	m := hmac.New(sha256.New, p.cfg.MediaKey)
	fmt.Fprintf(m, "%s.%d", id, exp)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// signedMediaURL returns the public address of a post's image.
func (p *Publisher) signedMediaURL(ref, mediaType string) string {
	id := strings.TrimPrefix(ref, "media:")
	exp := p.cfg.Now().Add(p.cfg.MediaLifetime).Unix()
	ext := ".jpg"
	if mediaType == "image/png" {
		ext = ".png"
	}
	return fmt.Sprintf("%s%s%s.%d.%s%s", p.cfg.PublicURL, MediaPath, id, exp, p.mediaSig(id, exp), ext)
}

// MediaURL is the signed public address of a post's file, valid for
// cfg.MediaLifetime. Only images are ever served there.
func (p *Publisher) MediaURL(m carousel.PostMedia) string { return p.signedMediaURL(m.Ref, m.Type) }

// Media returns the image a signed media token ("{id}.{expiry}.{sig}.jpg")
// names, or ENOTFOUND for a bad or expired one (the same answer, so that a
// guess learns nothing).
func (p *Publisher) Media(ctx context.Context, token string) ([]byte, string, error) {
	notFound := carousel.Errorf(carousel.ENOTFOUND, "no such image, or its address has expired")
	parts := strings.Split(token, ".")
	if len(parts) != 4 || len(parts[0]) != 64 || (parts[3] != "jpg" && parts[3] != "png") {
		return nil, "", notFound
	}
	exp, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return nil, "", notFound
	}
	if !hmac.Equal([]byte(parts[2]), []byte(p.mediaSig(parts[0], exp))) || p.cfg.Now().Unix() > exp {
		return nil, "", notFound
	}
	data, typ, err := p.jobs.PostMedia(ctx, "media:"+parts[0])
	if err != nil || !strings.HasPrefix(typ, "image/") {
		return nil, "", notFound
	}
	return data, typ, nil
}

// imageRules are a platform's requirements for carousel images.
type imageRules struct {
	maxWidth       int     // wider images are scaled down
	maxShortSide   int     // images whose short side is longer are scaled down
	minAspect      float64 // width/height; outside the range is refused
	maxAspect      float64
	minWidth       int
	maxBytes       int
	label, formats string
}

var rulesOf = map[string]imageRules{
	carousel.Instagram: {maxWidth: 1440, minWidth: 320, minAspect: 0.8, maxAspect: 1.91, maxBytes: 8 << 20, label: "Instagram", formats: "instagram-portrait (4:5), instagram-square, linkedin-portrait, linkedin-square or linkedin-landscape"},
	carousel.Threads:   {maxWidth: 1440, minWidth: 320, minAspect: 0.1, maxAspect: 10, maxBytes: 8 << 20, label: "Threads"},
	carousel.TikTok:    {maxShortSide: 1080, minAspect: 0, maxAspect: 100, maxBytes: 20 << 20, label: "TikTok"},
}

// checkFormat says whether slides of w×h px can go to the platform.
func checkFormat(platform string, w, h int) error {
	r, ok := rulesOf[platform]
	if !ok || h == 0 {
		return nil
	}
	a := float64(w) / float64(h)
	if a < r.minAspect-0.005 || a > r.maxAspect+0.005 {
		return carousel.Errorf(carousel.EINVALID, "%s's API takes images from 4:5 (portrait) to 1.91:1 (landscape); these slides are %d×%d: choose %s", r.label, w, h, r.formats)
	}
	return nil
}

// fitImage scales a JPEG down to the platform's limits, when it is over
// them, and returns the bytes and size to post.
func fitImage(platform string, data []byte) ([]byte, int, int, error) {
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return nil, 0, 0, fmt.Errorf("publish: read slide image: %w", err)
	}
	w, h := cfg.Width, cfg.Height
	r := rulesOf[platform]
	scale := 1.0
	if r.maxWidth > 0 && w > r.maxWidth {
		scale = float64(r.maxWidth) / float64(w)
	}
	if short := min(w, h); r.maxShortSide > 0 && short > r.maxShortSide {
		scale = min(scale, float64(r.maxShortSide)/float64(short))
	}
	if scale < 1 {
		src, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			return nil, 0, 0, fmt.Errorf("publish: read slide image: %w", err)
		}
		nw, nh := int(float64(w)*scale+0.5), int(float64(h)*scale+0.5)
		dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
		draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
		var b bytes.Buffer
		if err := jpeg.Encode(&b, dst, &jpeg.Options{Quality: 90}); err != nil {
			return nil, 0, 0, fmt.Errorf("publish: encode slide image: %w", err)
		}
		data, w, h = b.Bytes(), nw, nh
	}
	if r.minWidth > 0 && w < r.minWidth {
		return nil, 0, 0, carousel.Errorf(carousel.EINVALID, "%s takes images at least %d px wide; the slides are %d px", r.label, r.minWidth, w)
	}
	if r.maxBytes > 0 && len(data) > r.maxBytes {
		return nil, 0, 0, carousel.Errorf(carousel.ETOOLARGE, "a slide image is %.1f MB; %s takes at most %d MB", float64(len(data))/(1<<20), r.label, r.maxBytes>>20)
	}
	return data, w, h, nil
}

// thumbnail scales a JPEG to width px.
func thumbnail(data []byte, width int) ([]byte, error) {
	src, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("publish: read slide image: %w", err)
	}
	b := src.Bounds()
	h := b.Dy() * width / b.Dx()
	dst := image.NewRGBA(image.Rect(0, 0, width, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: 85}); err != nil {
		return nil, fmt.Errorf("publish: encode thumbnail: %w", err)
	}
	return out.Bytes(), nil
}

// parts splits n slides into the fewest posts of at most max, as even as
// they can be (11 slides for Instagram's 10 make 6 and 5, not 10 and 1).
func parts(n, max int) [][2]int {
	if n <= max {
		return [][2]int{{0, n}}
	}
	k := (n + max - 1) / max
	out := make([][2]int, 0, k)
	from := 0
	for i := range k {
		size := n / k
		if i < n%k {
			size++
		}
		out = append(out, [2]int{from, from + size})
		from += size
	}
	return out
}
