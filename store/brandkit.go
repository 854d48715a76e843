// SPDX-License-Identifier: MIT

package store

import (
	"bufio"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/carouselstudio/carousel"
)

// BrandKitVersion is the version of the brand kit format.
const BrandKitVersion = 1

// brandKitKind tells a brand kit from other JSON documents.
const brandKitKind = "carousel-brand-kit"

// MaxBrandKitSize bounds what ImportBrandKit reads: a kit holds a few
// avatars and logos, each at most MaxAssetSize.
const MaxBrandKitSize = 64 << 20

// brandKit is the document ExportBrandKit writes. Images that profiles and
// presets reference as "asset:<sha256>" travel in Assets, base64-encoded,
// and keep their references since those are content hashes.
type brandKit struct {
	Kind     string              `json:"kind"`
	Version  int                 `json:"version"`
	Profiles []*carousel.Profile `json:"profiles"`
	Presets  []*carousel.Preset  `json:"presets"`
	Assets   []kitAsset          `json:"assets"`
}

type kitAsset struct {
	Ref       string `json:"ref"`
	MediaType string `json:"mediaType"`
	Data      []byte `json:"data"` // base64 in JSON
}

// profileImages and presetImages return the image references they hold.
func profileImages(p *carousel.Profile) []string { return []string{p.Avatar, p.Logo} }
func presetImages(p *carousel.Preset) []string {
	return []string{p.Settings.Brand.Avatar, p.Settings.Brand.Logo}
}

// ExportBrandKit writes every profile and preset of the context's workspace, with the images they
// reference inlined (base64), as one JSON document. A referenced image
// missing from the store is left out; its reference stays.
func (db *DB) ExportBrandKit(ctx context.Context, w io.Writer) error {
	kit := brandKit{Kind: brandKitKind, Version: BrandKitVersion, Assets: []kitAsset{}}
	var err error
	if kit.Profiles, err = db.FindProfiles(ctx); err != nil {
		return err
	}
	if kit.Presets, err = db.FindPresets(ctx); err != nil {
		return err
	}
	refs := map[string]bool{}
	for _, p := range kit.Profiles {
		for _, r := range profileImages(p) {
			refs[r] = true
		}
	}
	for _, p := range kit.Presets {
		for _, r := range presetImages(p) {
			refs[r] = true
		}
	}
	sorted := make([]string, 0, len(refs))
	for r := range refs {
		if _, err := assetID(r); err == nil {
			sorted = append(sorted, r)
		}
	}
	sort.Strings(sorted)
	for _, r := range sorted {
		data, typ, err := db.Asset(ctx, r)
		if carousel.ErrorCode(err) == carousel.ENOTFOUND {
			continue
		}
		if err != nil {
			return err
		}
		kit.Assets = append(kit.Assets, kitAsset{Ref: r, MediaType: typ, Data: data})
	}
	if err := carousel.EncodeJSON(w, &kit); err != nil {
		return fmt.Errorf("store: write brand kit: %w", err)
	}
	return nil
}

// ImportBrandKit reads a document written by ExportBrandKit and stores its
// profiles, presets and images, all or nothing. Nothing is renamed: a name
// already taken gives ECONFLICT unless replace is true, in which case the
// stored profile or preset of that name is overwritten (keeping its id).
// Presets are linked to the imported profiles. The kit's default profile
// becomes the default when replace is true or the store has none.
func (db *DB) ImportBrandKit(ctx context.Context, r io.Reader, replace bool) (profiles, presets int, err error) {
	kit, err := readBrandKit(r)
	if err != nil {
		return 0, 0, err
	}
	err = db.update(ctx, func(tx conn) error {
		for _, a := range kit.Assets {
			id, _ := assetID(a.Ref)
			if err := db.putAsset(ctx, tx, id, a.MediaType, a.Data); err != nil {
				return err
			}
		}
		newIDs, err := db.importProfiles(ctx, tx, kit.Profiles, replace)
		if err != nil {
			return err
		}
		return db.importPresets(ctx, tx, kit.Presets, newIDs, replace)
	})
	if err != nil {
		return 0, 0, err
	}
	return len(kit.Profiles), len(kit.Presets), nil
}

// readBrandKit decodes a brand kit as a stream: each image is checked as
// it is read, and only the decoded images stay in memory, never the
// document's text.
func readBrandKit(r io.Reader) (*brandKit, error) {
	br := bufio.NewReader(&cappedReader{r: r, left: MaxBrandKitSize})
	if head, _ := br.Peek(3); string(head) == "\ufeff" {
		br.Discard(3) // a byte-order mark
	}
	dec := json.NewDecoder(br)
	dec.DisallowUnknownFields()
	notKit := func(err error) error {
		var ce *carousel.Error
		if errors.As(err, &ce) {
			return err
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return carousel.Errorf(carousel.EINVALID, "this is not a brand kit: the document ends too early")
		}
		return &carousel.Error{Code: carousel.EINVALID, Message: "this is not a brand kit: " + strings.TrimPrefix(err.Error(), "json: "), Err: err}
	}
	if tok, err := dec.Token(); err != nil {
		return nil, notKit(err)
	} else if tok != json.Delim('{') {
		return nil, carousel.Errorf(carousel.EINVALID, "this is not a brand kit: expected a JSON object")
	}
	kit := &brandKit{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, notKit(err)
		}
		key, _ := tok.(string)
		switch key {
		case "kind":
			err = dec.Decode(&kit.Kind)
		case "version":
			err = dec.Decode(&kit.Version)
		case "profiles":
			err = dec.Decode(&kit.Profiles)
		case "presets":
			err = dec.Decode(&kit.Presets)
		case "assets":
			err = readKitAssets(dec, kit)
		default:
			return nil, carousel.Errorf(carousel.EINVALID, "this is not a brand kit: unknown field %q", key)
		}
		if err != nil {
			return nil, notKit(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, notKit(err)
	}
	if kit.Kind != brandKitKind {
		return nil, carousel.FieldError("kind", "this is not a brand kit: expected kind %q, found %q", brandKitKind, kit.Kind)
	}
	if kit.Version != BrandKitVersion {
		return nil, carousel.FieldError("version", "brand kit version %d is not supported (expected %d)", kit.Version, BrandKitVersion)
	}
	for i, p := range kit.Profiles {
		if p == nil {
			continue // refused with its place below
		}
		if err := p.ImageRefs(kitImageRef(fmt.Sprintf("profiles[%d]", i))); err != nil {
			return nil, err
		}
	}
	for i, p := range kit.Presets {
		if p == nil {
			continue
		}
		if err := p.ImageRefs(kitImageRef(fmt.Sprintf("presets[%d]", i))); err != nil {
			return nil, err
		}
	}
	if err := checkKitNames("profile", len(kit.Profiles), func(i int) (string, error) {
		if kit.Profiles[i] == nil {
			return "", nil
		}
		name, err := checkProfile(kit.Profiles[i])
		kit.Profiles[i].Name = name
		return name, err
	}); err != nil {
		return nil, err
	}
	if err := checkKitNames("preset", len(kit.Presets), func(i int) (string, error) {
		if kit.Presets[i] == nil {
			return "", nil
		}
		name, err := checkPreset(kit.Presets[i])
		kit.Presets[i].Name = name
		return name, err
	}); err != nil {
		return nil, err
	}
	return kit, nil
}

// kitImageRef refuses a path or file: URL in a brand kit: a kit moves
// between installs, and no install reads another's files.
func kitImageRef(at string) func(path, ref string) error {
	return func(path, ref string) error {
		if err := carousel.CheckImageRef(ref, false); err != nil {
			return &carousel.Error{Code: carousel.EINVALID, Field: at + "." + path, Message: carousel.ErrorMessage(err), Err: err}
		}
		return nil
	}
}

// readKitAssets reads the assets array one image at a time, checking each.
func readKitAssets(dec *json.Decoder, kit *brandKit) error {
	if tok, err := dec.Token(); err != nil {
		return err
	} else if tok == nil {
		return nil
	} else if tok != json.Delim('[') {
		return carousel.FieldError("assets", "must be a list")
	}
	for i := 0; dec.More(); i++ {
		var a kitAsset
		if err := dec.Decode(&a); err != nil {
			return err
		}
		path := fmt.Sprintf("assets[%d]", i)
		id, err := assetID(a.Ref)
		if err != nil {
			return kitError(path+".ref", err)
		}
		typ, err := checkAsset(a.Data)
		if err != nil {
			return kitError(path, err)
		}
		if sum := sha256.Sum256(a.Data); hex.EncodeToString(sum[:]) != id {
			return carousel.FieldError(path+".data", "the image does not match its reference %s", a.Ref)
		}
		if typ == "image/svg+xml" {
			// As on the upload route: an SVG served from this origin could carry script.
			return carousel.Errorf(carousel.EUNSUPPORTED, "%s: SVG images are not accepted; use PNG, JPEG, WebP or GIF", path)
		}
		a.MediaType = typ
		kit.Assets = append(kit.Assets, a)
	}
	_, err := dec.Token()
	return err
}

// cappedReader reads at most left bytes, then fails with ETOOLARGE.
type cappedReader struct {
	r    io.Reader
	left int64
}

func (c *cappedReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		return 0, carousel.Errorf(carousel.ETOOLARGE, "the brand kit is over the limit of %d MB", MaxBrandKitSize>>20)
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// kitError prefixes the field of a user-facing error with its place in the kit.
func kitError(path string, err error) error {
	var ce *carousel.Error
	if !errors.As(err, &ce) {
		return err
	}
	e := *ce
	if e.Field != "" {
		e.Field = path + "." + e.Field
	} else {
		e.Field = path
	}
	return &e
}

// checkKitNames checks n profiles or presets with check, which returns the
// item's name, or "" for a null item: none is null and no two share a name.
func checkKitNames(kind string, n int, check func(i int) (string, error)) error {
	names := map[string]bool{}
	for i := range n {
		path := fmt.Sprintf("%ss[%d]", kind, i)
		name, err := check(i)
		if err != nil {
			return kitError(path, err)
		}
		if name == "" {
			return carousel.FieldError(path, "is null")
		}
		if names[name] {
			return carousel.FieldError(path+".name", "the brand kit has two %ss named %q", kind, name)
		}
		names[name] = true
	}
	return nil
}

// importProfiles stores the kit's profiles, overwriting those of the same
// name when replace is set, and returns the kit's profile ids mapped to the
// stored ones. The kit's default becomes the default only when replace is
// set or the store has none.
func (db *DB) importProfiles(ctx context.Context, tx conn, profiles []*carousel.Profile, replace bool) (map[string]string, error) {
	var defaults int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM profiles WHERE is_default AND workspace_id = ?`, carousel.WorkspaceFromContext(ctx)).Scan(&defaults); err != nil {
		return nil, err
	}
	keepDefault := !replace && defaults > 0
	newIDs := map[string]string{}
	for i, p := range profiles {
		kitID := p.ID
		if keepDefault {
			p.Default = false
		}
		var id string
		var rev int64
		err := tx.queryRow(ctx, `SELECT id, revision FROM profiles WHERE name = ? AND workspace_id = ?`, p.Name, carousel.WorkspaceFromContext(ctx)).Scan(&id, &rev)
		switch {
		case err == nil && !replace:
			return nil, &carousel.Error{Code: carousel.ECONFLICT, Field: fmt.Sprintf("profiles[%d].name", i), Message: fmt.Sprintf("a profile named %q already exists (import with replace to overwrite it)", p.Name)}
		case err == nil:
			p.ID, p.Revision = id, rev
			_, err = db.updateProfile(ctx, tx, p)
		case errors.Is(err, sql.ErrNoRows):
			_, err = db.createProfile(ctx, tx, p)
		}
		if err != nil {
			return nil, kitError(fmt.Sprintf("profiles[%d]", i), err)
		}
		if kitID != "" {
			newIDs[kitID] = p.ID
		}
	}
	return newIDs, nil
}

// importPresets stores the kit's presets, linked to the imported profiles
// (newIDs), overwriting those of the same name when replace is set.
func (db *DB) importPresets(ctx context.Context, tx conn, presets []*carousel.Preset, newIDs map[string]string, replace bool) error {
	for i, p := range presets {
		if id, ok := newIDs[p.Settings.Brand.Profile]; ok {
			p.Settings.Brand.Profile = id
		}
		id, rev, found, err := findPresetIDByName(ctx, tx, p.Name)
		switch {
		case err != nil:
		case found && !replace:
			return &carousel.Error{Code: carousel.ECONFLICT, Field: fmt.Sprintf("presets[%d].name", i), Message: fmt.Sprintf("a preset named %q already exists (import with replace to overwrite it)", p.Name)}
		case found:
			p.ID, p.Revision = id, rev
			err = db.updatePreset(ctx, tx, p)
		default:
			err = db.createPreset(ctx, tx, p)
		}
		if err != nil {
			return kitError(fmt.Sprintf("presets[%d]", i), err)
		}
	}
	return nil
}
