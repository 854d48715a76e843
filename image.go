// SPDX-License-Identifier: MIT

package carousel

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Limits every image reference is held to, whatever loads it.
const (
	MaxImagePixels = 40_000_000 // decoded width × height
	MaxImageBytes  = 50 << 20   // encoded bytes of one image
)

// ImageRefKind is what an image reference points at.
type ImageRefKind int

// Image reference kinds.
const (
	ImageFile  ImageRefKind = iota // a path or a file: URL
	ImageAsset                     // "asset:<sha256>", kept in the store
	ImageWeb                       // an http(s) URL
	ImageData                      // a data: URL
	ImageOther                     // any other scheme: never loaded
)

// KindOfImageRef classifies ref by its form alone; it touches nothing.
// Anything without a known scheme is a file reference, so that "..",
// "./x", "/etc/x" and "C:\x" are all treated as paths.
func KindOfImageRef(ref string) ImageRefKind {
	scheme, _, ok := strings.Cut(ref, ":")
	if !ok || len(scheme) < 2 || !isScheme(scheme) {
		return ImageFile
	}
	switch strings.ToLower(scheme) {
	case "asset":
		return ImageAsset
	case "http", "https":
		return ImageWeb
	case "data":
		return ImageData
	case "file":
		return ImageFile
	}
	return ImageOther
}

func isScheme(s string) bool {
	for i, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// ImageLoader is the one loader of image references (Media.Src, avatars,
// logos, backgrounds). Its policy is set by whoever wires it: the server
// never reads local files, the command line reads them relative to its
// input file.
type ImageLoader struct {
	// Asset loads an "asset:" reference; nil refuses them.
	Asset func(ctx context.Context, ref string) ([]byte, error)
	// Fetch downloads an http(s) URL through a fetcher that refuses private
	// addresses; nil refuses web images.
	Fetch func(ctx context.Context, url string) ([]byte, error)
	// Files allows local paths and file: URLs, resolved against Dir when
	// relative. Without it every local reference is refused before the
	// file system is touched, so that errors cannot tell whether a path exists.
	Files bool
	Dir   string
}

// Load returns the bytes of the image ref points at, or a *Error that
// never names a host path.
func (l *ImageLoader) Load(ctx context.Context, ref string) ([]byte, error) {
	switch KindOfImageRef(ref) {
	case ImageAsset:
		if l.Asset == nil {
			return nil, Errorf(EUNSUPPORTED, "stored images (asset:) cannot be loaded here")
		}
		return l.Asset(ctx, ref)
	case ImageWeb:
		if l.Fetch == nil {
			return nil, Errorf(EUNSUPPORTED, "web images cannot be loaded here")
		}
		return l.Fetch(ctx, ref)
	case ImageData:
		b, _, err := DecodeDataURL(ref)
		return b, err
	case ImageFile:
		if !l.Files {
			return nil, errNoFiles
		}
		return l.readFile(ref)
	}
	return nil, Errorf(EUNSUPPORTED, "image references may be asset:, http(s) or data: URLs, not %s: URLs", schemeOf(ref))
}

var errNoFiles = Errorf(EFORBIDDEN, "local files are not loaded here: upload the image, or give an http(s) or data: URL")

// CheckImageRef reports whether ref is one the loader could load without
// files: it refuses paths of any form before anything is read.
func CheckImageRef(ref string, files bool) error {
	switch KindOfImageRef(ref) {
	case ImageAsset, ImageWeb, ImageData:
		return nil
	case ImageFile:
		if files {
			return nil
		}
		return errNoFiles
	}
	return Errorf(EUNSUPPORTED, "image references may be asset:, http(s) or data: URLs, not %s: URLs", schemeOf(ref))
}

func schemeOf(ref string) string {
	s, _, _ := strings.Cut(ref, ":")
	if len(s) > 20 {
		s = s[:20]
	}
	return strings.ToLower(s)
}

func (l *ImageLoader) readFile(ref string) ([]byte, error) {
	p := ref
	if strings.HasPrefix(strings.ToLower(ref), "file:") {
		u, err := url.Parse(ref)
		if err != nil || (u.Host != "" && u.Host != "localhost") || u.Path == "" {
			return nil, Errorf(EINVALID, "image %s is not a file: URL of this machine", ImageRefName(ref))
		}
		p = u.Path
	}
	p = filepath.FromSlash(p)
	if !filepath.IsAbs(p) {
		p = filepath.Join(l.Dir, p)
	}
	name := ImageRefName(ref)
	st, err := os.Stat(p)
	if err != nil {
		return nil, Errorf(ENOTFOUND, "image %s cannot be read: %s", name, fileReason(err))
	}
	// A device or pipe (/dev/zero, a FIFO) would block or never end.
	if !st.Mode().IsRegular() {
		return nil, Errorf(EINVALID, "image %s is not a regular file", name)
	}
	if st.Size() > MaxImageBytes {
		return nil, Errorf(ETOOLARGE, "image %s is %d MB, over the limit of %d MB", name, st.Size()>>20, MaxImageBytes>>20)
	}
	f, err := os.Open(p)
	if err != nil {
		return nil, Errorf(ENOTFOUND, "image %s cannot be read: %s", name, fileReason(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, MaxImageBytes+1))
	if err != nil {
		return nil, Errorf(EINVALID, "image %s cannot be read: %s", name, fileReason(err))
	}
	if len(b) > MaxImageBytes {
		return nil, Errorf(ETOOLARGE, "image %s is over the limit of %d MB", name, MaxImageBytes>>20)
	}
	return b, nil
}

func fileReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return "it cannot be read"
}

// ImageRefName names ref in a message: web and asset references as they
// are (shortened), a data: URL as "(inline data)" and a local file by its
// base name only, so that no message repeats a host path.
func ImageRefName(ref string) string {
	switch KindOfImageRef(ref) {
	case ImageData:
		return "(inline data)"
	case ImageFile:
		base := ref
		if i := strings.LastIndexAny(base, `/\`); i >= 0 {
			base = base[i+1:]
		}
		if base == "" || base == "." || base == ".." {
			return "(a local file)"
		}
		ref = base
	}
	if len(ref) > 60 {
		ref = ref[:57] + "..."
	}
	return fmt.Sprintf("%q", ref)
}

// DecodeDataURL decodes a data: URL (RFC 2397) and returns its bytes and
// media type. Both base64 and percent-encoded payloads are accepted, as
// are base64 payloads that are themselves percent-encoded, wrapped or
// unpadded.
func DecodeDataURL(ref string) ([]byte, string, error) {
	if KindOfImageRef(ref) != ImageData {
		return nil, "", Errorf(EINVALID, "not a data: URL")
	}
	meta, payload, ok := strings.Cut(ref[len("data:"):], ",")
	if !ok {
		return nil, "", Errorf(EINVALID, "the data: URL has no comma")
	}
	if len(payload) > MaxImageBytes*4/3+4 {
		return nil, "", Errorf(ETOOLARGE, "the data: URL is over the limit of %d MB", MaxImageBytes>>20)
	}
	params := strings.Split(meta, ";")
	mediaType := strings.ToLower(strings.TrimSpace(params[0]))
	isBase64 := false
	for _, p := range params[1:] {
		if strings.EqualFold(strings.TrimSpace(p), "base64") {
			isBase64 = true
		}
	}
	if strings.Contains(payload, "%") {
		s, err := url.PathUnescape(payload)
		if err != nil {
			return nil, "", Errorf(EINVALID, "the data: URL has a bad percent escape")
		}
		payload = s
	}
	if !isBase64 {
		return []byte(payload), mediaType, nil
	}
	payload = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\n' || r == '\r' || r == '\t' {
			return -1
		}
		return r
	}, payload)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(payload); err == nil {
			return b, mediaType, nil
		}
	}
	return nil, "", Errorf(EINVALID, "the data: URL is not valid base64")
}

// ImageRefs calls visit with every image reference of the project and the
// path of its field, so that a server can refuse the ones it will not load.
func (p *Project) ImageRefs(visit func(path, ref string) error) error {
	if err := p.Thread.imageRefs("thread", visit); err != nil {
		return err
	}
	if err := p.Settings.imageRefs("settings", visit); err != nil {
		return err
	}
	for i, sl := range p.Slides {
		if st := sl.Style; st != nil && st.Background != nil && st.Background.Image != "" {
			if err := visit(fmt.Sprintf("slides[%d].style.background.image", i), st.Background.Image); err != nil {
				return err
			}
		}
		for j, it := range sl.Items {
			if it.Image != nil && it.Image.Src != "" {
				if err := visit(fmt.Sprintf("slides[%d].items[%d].image.src", i, j), it.Image.Src); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (t *Thread) imageRefs(path string, visit func(path, ref string) error) error {
	if t.Author.Avatar != "" {
		if err := visit(path+".author.avatar", t.Author.Avatar); err != nil {
			return err
		}
	}
	for i := range t.Posts {
		if err := t.Posts[i].imageRefs(fmt.Sprintf("%s.posts[%d]", path, i), visit); err != nil {
			return err
		}
	}
	return nil
}

func (p *Post) imageRefs(path string, visit func(path, ref string) error) error {
	if p.Author != nil && p.Author.Avatar != "" {
		if err := visit(path+".author.avatar", p.Author.Avatar); err != nil {
			return err
		}
	}
	for i, m := range p.Media {
		if m.Src != "" {
			if err := visit(fmt.Sprintf("%s.media[%d].src", path, i), m.Src); err != nil {
				return err
			}
		}
	}
	if p.Quote != nil {
		return p.Quote.imageRefs(path+".quote", visit)
	}
	return nil
}

func (s *Settings) imageRefs(path string, visit func(path, ref string) error) error {
	for _, f := range []struct{ path, ref string }{
		{path + ".brand.avatar", s.Brand.Avatar},
		{path + ".brand.logo", s.Brand.Logo},
	} {
		if f.ref != "" {
			if err := visit(f.path, f.ref); err != nil {
				return err
			}
		}
	}
	if s.Background != nil && s.Background.Image != "" {
		return visit(path+".background.image", s.Background.Image)
	}
	return nil
}

// ImageRefs calls visit with the profile's avatar and logo references.
func (p *Profile) ImageRefs(visit func(path, ref string) error) error {
	if p.Avatar != "" {
		if err := visit("avatar", p.Avatar); err != nil {
			return err
		}
	}
	if p.Logo != "" {
		return visit("logo", p.Logo)
	}
	return nil
}

// ImageRefs calls visit with every image reference of the preset's settings.
func (p *Preset) ImageRefs(visit func(path, ref string) error) error {
	return p.Settings.imageRefs("settings", visit)
}
