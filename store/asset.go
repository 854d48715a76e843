// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/carouselstudio/carousel"
)

// MaxAssetSize is the largest image kept, in bytes.
const MaxAssetSize = 15 << 20

// AssetPrefix starts every asset reference.
const AssetPrefix = "asset:"

// PutAsset stores data once and returns its reference, "asset:<sha256 hex>".
// The media type is sniffed from the bytes; mediaType is only a hint and
// an image that is not PNG, JPEG, WebP, GIF or SVG (or a TrueType,
// OpenType, WOFF or WOFF2 font) gives EUNSUPPORTED.
func (db *DB) PutAsset(ctx context.Context, data []byte, mediaType string) (string, error) {
	typ, err := checkAsset(data)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])
	err = db.update(ctx, func(tx conn) error { return db.putAsset(ctx, tx, id, typ, data) })
	if err != nil {
		return "", err
	}
	return AssetPrefix + id, nil
}

// putAsset stores the bytes once for every workspace and lists the asset
// in the context's workspace.
func (db *DB) putAsset(ctx context.Context, tx conn, id, typ string, data []byte) error {
	// ON CONFLICT DO NOTHING is the same in SQLite and PostgreSQL: equal
	// content has an equal id, so the existing row is already right.
	now := db.now()
	if _, err := tx.exec(ctx, `INSERT INTO assets (id, media_type, size, data, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
		id, typ, len(data), data, now); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO workspace_assets (workspace_id, asset_id, created_at) VALUES (?, ?, ?) ON CONFLICT (workspace_id, asset_id) DO NOTHING`,
		carousel.WorkspaceFromContext(ctx), id, now)
	return err
}

// checkAsset checks the size and returns the sniffed media type.
func checkAsset(data []byte) (string, error) {
	if len(data) == 0 {
		return "", carousel.Errorf(carousel.EINVALID, "the image is empty")
	}
	if len(data) > MaxAssetSize {
		return "", carousel.Errorf(carousel.ETOOLARGE, "the image is %.1f MB; the limit is %d MB", float64(len(data))/(1<<20), MaxAssetSize>>20)
	}
	typ := sniff(data)
	if typ == "" {
		return "", carousel.Errorf(carousel.EUNSUPPORTED, "this file is not a PNG, JPEG, WebP, GIF or SVG image (it looks like %s)", http.DetectContentType(data))
	}
	return typ, nil
}

// sniff returns the image or font media type of data, or "" when it is
// not one of the accepted types. Fonts are told by their first bytes (the
// studio checks that they parse before storing them).
func sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("wOF2")):
		return "font/woff2"
	case bytes.HasPrefix(data, []byte("wOFF")):
		return "font/woff"
	case bytes.HasPrefix(data, []byte("OTTO")):
		return "font/otf"
	case bytes.HasPrefix(data, []byte{0, 1, 0, 0}), bytes.HasPrefix(data, []byte("true")):
		return "font/ttf"
	}
	switch t := http.DetectContentType(data); t {
	case "image/png", "image/jpeg", "image/webp", "image/gif":
		return t
	case "text/xml; charset=utf-8", "text/plain; charset=utf-8":
		if isSVG(data) {
			return "image/svg+xml"
		}
	}
	return ""
}

// isSVG reports whether data is an XML document whose root element is svg,
// skipping a BOM, the XML declaration, comments and a doctype.
func isSVG(data []byte) bool {
	if len(data) > 64<<10 {
		data = data[:64<<10]
	}
	s := strings.TrimPrefix(string(data), "\ufeff")
	for {
		s = strings.TrimLeft(s, " \t\r\n")
		switch {
		case strings.HasPrefix(s, "<?"):
			i := strings.Index(s, "?>")
			if i < 0 {
				return false
			}
			s = s[i+2:]
		case strings.HasPrefix(s, "<!--"):
			i := strings.Index(s, "-->")
			if i < 0 {
				return false
			}
			s = s[i+3:]
		case strings.HasPrefix(s, "<!"):
			i := strings.IndexByte(s, '>')
			if i < 0 {
				return false
			}
			s = s[i+1:]
		default:
			rest, ok := strings.CutPrefix(s, "<svg")
			return ok && rest != "" && bytes.IndexByte([]byte(" \t\r\n>/"), rest[0]) >= 0
		}
	}
}

// assetID returns the hex hash of a reference, "asset:<hex>" or bare hex.
func assetID(ref string) (string, error) {
	id := strings.TrimPrefix(ref, AssetPrefix)
	if len(id) != 64 || strings.Trim(id, "0123456789abcdef") != "" {
		return "", carousel.Errorf(carousel.EINVALID, "%q is not an asset reference (asset:<sha256 hex>)", ref)
	}
	return id, nil
}

// Asset returns the bytes and media type of a reference, or ENOTFOUND
// when the context's workspace has no such image (another may have it:
// knowing a hash gives nobody the image).
func (db *DB) Asset(ctx context.Context, ref string) ([]byte, string, error) {
	id, err := assetID(ref)
	if err != nil {
		return nil, "", err
	}
	var data []byte
	var typ string
	err = db.reader().queryRow(ctx, `SELECT a.data, a.media_type FROM assets a JOIN workspace_assets w ON w.asset_id = a.id
		WHERE a.id = ? AND w.workspace_id = ?`, id, carousel.WorkspaceFromContext(ctx)).Scan(&data, &typ)
	if err != nil {
		return nil, "", db.plumbing("find asset", notFound(err, "no image %s in the store", ref))
	}
	return data, typ, nil
}
