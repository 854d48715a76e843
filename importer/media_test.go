// SPDX-License-Identifier: MIT

package importer

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

// hugePNG is a valid PNG header claiming w×h pixels (DecodeConfig reads no further).
func hugePNG(t *testing.T, w, h uint32) []byte {
	b := tinyPNG(t, 1, 1)
	// IHDR data starts at byte 16: width, height; its CRC follows the 13 bytes.
	binary.BigEndian.PutUint32(b[16:], w)
	binary.BigEndian.PutUint32(b[20:], h)
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	return b
}

func mediaServer(t *testing.T) *fakeServer {
	return newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.png":
			w.Write(tinyPNG(t, 4, 3))
		case "/webp":
			// A 1×1 lossless WebP.
			w.Write([]byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"))
		case "/huge.png":
			w.Write(hugePNG(t, 8000, 6000))
		case "/big":
			w.Write(bytes.Repeat([]byte{0}, MaxMediaBytes+10))
		case "/html":
			w.Write([]byte("<html>not an image</html>"))
		case "/missing":
			http.NotFound(w, r)
		default:
			http.Error(w, "no", 500)
		}
	})
}

func TestFetchMedia(t *testing.T) {
	srv := mediaServer(t)
	im, _ := testImporter(t, Config{AllowPrivateNetwork: true})
	ctx := context.Background()
	data, err := im.FetchMedia(ctx, srv.URL+"/ok.png")
	if err != nil || !bytes.Equal(data, tinyPNG(t, 4, 3)) {
		t.Fatalf("ok.png: %v", err)
	}
	// Cached: no second request.
	if _, err := im.FetchMedia(ctx, srv.URL+"/ok.png"); err != nil || srv.count("/ok.png") != 1 {
		t.Errorf("cache: %v, %d requests", err, srv.count("/ok.png"))
	}
	if _, err := im.FetchMedia(ctx, srv.URL+"/webp"); err != nil {
		t.Errorf("webp: %v", err)
	}
	for path, code := range map[string]string{
		"/huge.png": carousel.ETOOLARGE, "/big": carousel.ETOOLARGE, "/html": carousel.EUNSUPPORTED,
		"/missing": carousel.ENOTFOUND, "/err": carousel.EUNAVAILABLE,
	} {
		_, err := im.FetchMedia(ctx, srv.URL+path)
		if carousel.ErrorCode(err) != code {
			t.Errorf("%s: %v (%s), want %s", path, err, carousel.ErrorCode(err), code)
		}
	}
	if srv.count("/err") != 3 {
		t.Errorf("5xx tried %d times, want 3", srv.count("/err"))
	}
	for _, bad := range []string{"file:///etc/passwd", "ftp://example.com/a.png", "not a url", "http://"} {
		_, err := im.FetchMedia(ctx, bad)
		mustCode(t, err, carousel.EINVALID)
	}
}

func TestFetchMediaSSRF(t *testing.T) {
	srv := mediaServer(t)
	ctx := context.Background()
	im, _ := testImporter(t, Config{})
	_, err := im.FetchMedia(ctx, srv.URL+"/ok.png")
	mustCode(t, err, carousel.EFORBIDDEN)
	if srv.count("/ok.png") != 0 {
		t.Error("the private address was reached")
	}
	// localhost resolves to a loopback address: refused after DNS too.
	u, _ := url.Parse(srv.URL)
	_, err = im.FetchMedia(ctx, "http://localhost:"+u.Port()+"/ok.png")
	mustCode(t, err, carousel.EFORBIDDEN)

	// A redirect from an allowed server to a private address is refused.
	redirector := newFakeServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+"/ok.png", http.StatusFound)
	})
	ru, _ := url.Parse(redirector.URL)
	im.dialAllows = func(addr string) bool { return addr == ru.Host }
	_, err = im.FetchMedia(ctx, redirector.URL+"/img")
	mustCode(t, err, carousel.EFORBIDDEN)
	if redirector.count("/img") != 1 || srv.count("/ok.png") != 0 {
		t.Errorf("redirect: %d, %d requests", redirector.count("/img"), srv.count("/ok.png"))
	}
}

func TestPublicAddress(t *testing.T) {
	for addr, want := range map[string]bool{
		"8.8.8.8": true, "151.101.1.69": true, "2606:4700::1111": true,
		"127.0.0.1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false, "169.254.169.254": false,
		"100.64.0.1": false, "0.0.0.0": false, "224.0.0.1": false, "255.255.255.255": false, "198.18.0.1": false,
		"::1": false, "::": false, "fe80::1": false, "fd00::1": false, "ff02::1": false, "::ffff:127.0.0.1": false,
		"64:ff9b::a00:1": false, "2001:db8::1": false,
	} {
		if got := publicAddress(netip.MustParseAddr(addr)); got != want {
			t.Errorf("publicAddress(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestMediaErrorsAreOneLine(t *testing.T) {
	im, _ := testImporter(t, Config{})
	_, err := im.FetchMedia(context.Background(), "http://127.0.0.1:1/x.png")
	if msg := carousel.ErrorMessage(err); strings.Contains(msg, "\n") || !strings.Contains(msg, "private") {
		t.Errorf("message %q", msg)
	}
}
