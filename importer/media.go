// SPDX-License-Identifier: MIT

package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // DecodeConfig for sniffed images
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	carousel "github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/internal/atomicfile"
	_ "golang.org/x/image/webp"
)

// Media limits.
const (
	MaxMediaBytes  = 15 << 20
	MaxMediaPixels = 40_000_000
)

var errBlockedAddress = errors.New("importer: address in a private or special range")

// specialPrefixes are ranges a fetched URL may not reach, beyond what
// netip's Is* methods cover.
var specialPrefixes = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24",
		"198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "240.0.0.0/4",
		"64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "2002::/16", "fc00::/7",
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// publicAddress reports whether ip may be fetched from.
func publicAddress(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsValid() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return false
	}
	for _, p := range specialPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// newMediaClient returns a client whose dialer refuses private and special
// addresses after DNS resolution, on every connection (so on every redirect).
func (im *Importer) newMediaClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second}
	if !im.cfg.AllowPrivateNetwork {
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return errBlockedAddress
			}
			if im.dialAllows != nil && im.dialAllows(address) {
				return nil
			}
			if !publicAddress(ap.Addr()) {
				return fmt.Errorf("%w: %s", errBlockedAddress, ap.Addr())
			}
			return nil
		}
	}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would hide the real destination from the check
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: im.cfg.Timeout,
		MaxIdleConnsPerHost:   im.cfg.Concurrency,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("too many redirects")
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to %s refused", req.URL.Scheme)
			}
			return nil
		},
	}
}

// FetchMedia downloads an image for the renderer: http(s) only, public
// addresses only (unless AllowPrivateNetwork), at most 15 MB and 40
// megapixels, sniffed to be an image, and cached on disk.
func (im *Importer) FetchMedia(ctx context.Context, rawURL string) ([]byte, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, carousel.Errorf(carousel.EINVALID, "Image address %q is not an http(s) URL.", truncateRunes(rawURL, 100))
	}
	key := sha256.Sum256([]byte(u.String()))
	urlKey := hex.EncodeToString(key[:])
	if data, ok := im.cacheGet(urlKey); ok {
		return data, nil
	}
	data, err := im.download(ctx, u.String())
	if err != nil {
		return nil, err
	}
	if err := checkImage(data, u.String()); err != nil {
		return nil, err
	}
	im.cachePut(urlKey, data)
	return data, nil
}

func (im *Importer) download(ctx context.Context, u string) ([]byte, error) {
	backoff := im.cfg.RetryBackoff
	for attempt := 1; ; attempt++ {
		data, status, err := im.downloadOnce(ctx, u)
		retry := false
		switch {
		case err != nil:
			var ce *carousel.Error
			if errors.As(err, &ce) || errors.Is(err, errBlockedAddress) || ctx.Err() != nil {
				return nil, mediaNetError(u, err)
			}
			retry = true
		case status >= 500:
			retry = true
		case status == http.StatusNotFound || status == http.StatusGone:
			return nil, carousel.Errorf(carousel.ENOTFOUND, "Image %s was not found (HTTP %d).", truncateRunes(u, 100), status)
		case status < 200 || status > 299:
			return nil, carousel.Errorf(carousel.EUNAVAILABLE, "Image %s could not be downloaded (HTTP %d).", truncateRunes(u, 100), status)
		default:
			return data, nil
		}
		if !retry || attempt >= 3 {
			if err != nil {
				return nil, mediaNetError(u, err)
			}
			return nil, carousel.Errorf(carousel.EUNAVAILABLE, "Image %s could not be downloaded (HTTP %d).", truncateRunes(u, 100), status)
		}
		if err := im.sleep(ctx, backoff); err != nil {
			return nil, err
		}
		backoff *= 2
	}
}

func mediaNetError(u string, err error) error {
	var ce *carousel.Error
	if errors.As(err, &ce) {
		return ce
	}
	if errors.Is(err, errBlockedAddress) {
		return &carousel.Error{Code: carousel.EFORBIDDEN, Err: err,
			Message: fmt.Sprintf("Image %s points to a private or local network address, which is refused (set CAROUSEL_ALLOW_PRIVATE_NETWORK=1 to allow it).", truncateRunes(u, 100))}
	}
	return &carousel.Error{Code: carousel.EUNAVAILABLE, Err: err,
		Message: fmt.Sprintf("Image %s could not be downloaded: %s.", truncateRunes(u, 100), netReason(err))}
}

func (im *Importer) downloadOnce(ctx context.Context, u string) ([]byte, int, error) {
	select {
	case im.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, 0, ctx.Err()
	}
	defer func() { <-im.sem }()
	ctx, cancel := context.WithTimeout(ctx, im.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("importer: build request: %w", err)
	}
	req.Header.Set("User-Agent", UserAgent)
	resp, err := im.media.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, resp.StatusCode, nil
	}
	if resp.ContentLength > MaxMediaBytes {
		return nil, 0, tooLarge(u)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxMediaBytes+1))
	if err != nil {
		return nil, 0, err
	}
	if len(data) > MaxMediaBytes {
		return nil, 0, tooLarge(u)
	}
	return data, resp.StatusCode, nil
}

func tooLarge(u string) error {
	return carousel.Errorf(carousel.ETOOLARGE, "Image %s is over %d MB.", truncateRunes(u, 100), MaxMediaBytes>>20)
}

// sniffImage returns the image type of data, or "".
func sniffImage(data []byte) string {
	if len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP" {
		return "image/webp"
	}
	switch t := http.DetectContentType(data); t {
	case "image/png", "image/jpeg", "image/gif", "image/webp":
		return t
	}
	return ""
}

// checkImage refuses what is not an image, or too many pixels to decode.
func checkImage(data []byte, name string) error {
	if sniffImage(data) == "" {
		return carousel.Errorf(carousel.EUNSUPPORTED, "%s is not a PNG, JPEG, GIF or WebP image.", truncateRunes(name, 100))
	}
	cfg, _, err := decodeConfig(data)
	if err != nil {
		return carousel.Errorf(carousel.EINVALID, "Image %s is damaged: %s.", truncateRunes(name, 100), "its header cannot be read")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxMediaPixels {
		return carousel.Errorf(carousel.ETOOLARGE, "Image %s is %d×%d pixels, over the %d megapixel limit.", truncateRunes(name, 100), cfg.Width, cfg.Height, MaxMediaPixels/1_000_000)
	}
	return nil
}

// decodeConfig reads an image header; decoders of odd files may panic.
func decodeConfig(data []byte) (cfg image.Config, format string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("importer: decode image header: %v", r)
		}
	}()
	return image.DecodeConfig(bytes.NewReader(data))
}

// The cache: CacheDir/urls/<sha256 of URL> holds the content hash, and
// CacheDir/<content sha256> the bytes, so identical images are kept once.
func (im *Importer) cacheGet(urlKey string) ([]byte, bool) {
	ref, err := os.ReadFile(filepath.Join(im.cfg.CacheDir, "urls", urlKey))
	if err != nil {
		return nil, false
	}
	name := strings.TrimSpace(string(ref))
	if len(name) != 64 {
		return nil, false
	}
	data, err := os.ReadFile(filepath.Join(im.cfg.CacheDir, name))
	if err != nil {
		return nil, false
	}
	if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != name {
		return nil, false // a damaged file is fetched again
	}
	return data, true
}

func (im *Importer) cachePut(urlKey string, data []byte) {
	// A cache that cannot be written only costs a download next time.
	path, err := im.storeContent(data)
	if err != nil {
		return
	}
	_ = writeCacheFile(filepath.Join(im.cfg.CacheDir, "urls", urlKey), []byte(filepath.Base(path)))
}

// storeContent writes data as CacheDir/<sha256> and returns the path.
func (im *Importer) storeContent(data []byte) (string, error) {
	sum := sha256.Sum256(data)
	path := filepath.Join(im.cfg.CacheDir, hex.EncodeToString(sum[:]))
	if st, err := os.Stat(path); err == nil && st.Size() == int64(len(data)) {
		return path, nil
	}
	if err := writeCacheFile(path, data); err != nil {
		return "", err
	}
	return path, nil
}

// writeCacheFile writes data to path in the cache folder, whole or not at all.
func writeCacheFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("importer: create cache folder: %w", err)
	}
	if err := atomicfile.WriteBytes(path, data); err != nil {
		return fmt.Errorf("importer: write %s: %w", filepath.Base(path), err)
	}
	return nil
}
