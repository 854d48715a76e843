// SPDX-License-Identifier: MIT

package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	"github.com/carouselstudio/carousel"
)

// BrandKitVersion is the version of the brand kit format.
const BrandKitVersion = 1

// brandKitKind tells a brand kit from other JSON documents.
const brandKitKind = "carousel-brand-kit"

// maxBrandKitSize bounds what ImportBrandKit reads: it holds images.
const maxBrandKitSize = 256 << 20

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
	data, err := io.ReadAll(io.LimitReader(r, maxBrandKitSize+1))
	if err != nil {
		return 0, 0, fmt.Errorf("store: read brand kit: %w", err)
	}
	if len(data) > maxBrandKitSize {
		return 0, 0, carousel.Errorf(carousel.ETOOLARGE, "the brand kit is over %d MB", maxBrandKitSize>>20)
	}
	var kit brandKit
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kit); err != nil {
		return 0, 0, &carousel.Error{Code: carousel.EINVALID, Message: "this is not a brand kit: " + err.Error(), Err: err}
	}
	if kit.Kind != brandKitKind {
		return 0, 0, carousel.FieldError("kind", "this is not a brand kit: expected kind %q, found %q", brandKitKind, kit.Kind)
	}
	if kit.Version != BrandKitVersion {
		return 0, 0, carousel.FieldError("version", "brand kit version %d is not supported (expected %d)", kit.Version, BrandKitVersion)
	}

	// Check everything before writing anything.
	for i, a := range kit.Assets {
		path := fmt.Sprintf("assets[%d]", i)
		id, err := assetID(a.Ref)
		if err != nil {
			return 0, 0, kitError(path+".ref", err)
		}
		typ, err := checkAsset(a.Data)
		if err != nil {
			return 0, 0, kitError(path, err)
		}
		if sum := sha256.Sum256(a.Data); hex.EncodeToString(sum[:]) != id {
			return 0, 0, carousel.FieldError(path+".data", "the image does not match its reference %s", a.Ref)
		}
		kit.Assets[i].MediaType = typ
	}
	names := map[string]bool{}
	for i, p := range kit.Profiles {
		if p == nil {
			return 0, 0, carousel.FieldError(fmt.Sprintf("profiles[%d]", i), "is null")
		}
		name, err := checkProfile(p)
		if err != nil {
			return 0, 0, kitError(fmt.Sprintf("profiles[%d]", i), err)
		}
		if names[name] {
			return 0, 0, carousel.FieldError(fmt.Sprintf("profiles[%d].name", i), "the brand kit has two profiles named %q", name)
		}
		names[name], p.Name = true, name
	}
	names = map[string]bool{}
	for i, p := range kit.Presets {
		if p == nil {
			return 0, 0, carousel.FieldError(fmt.Sprintf("presets[%d]", i), "is null")
		}
		name, err := checkPreset(p)
		if err != nil {
			return 0, 0, kitError(fmt.Sprintf("presets[%d]", i), err)
		}
		if names[name] {
			return 0, 0, carousel.FieldError(fmt.Sprintf("presets[%d].name", i), "the brand kit has two presets named %q", name)
		}
		names[name], p.Name = true, name
	}

	err = db.update(ctx, func(tx conn) error {
		for _, a := range kit.Assets {
			id, _ := assetID(a.Ref)
			if err := db.putAsset(ctx, tx, id, a.MediaType, a.Data); err != nil {
				return err
			}
		}
		var defaults int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM profiles WHERE is_default AND workspace_id = ?`, carousel.WorkspaceFromContext(ctx)).Scan(&defaults); err != nil {
			return err
		}
		keepDefault := !replace && defaults > 0
		newIDs := map[string]string{} // the kit's profile ids to the stored ones
		for i, p := range kit.Profiles {
			kitID := p.ID
			if keepDefault {
				p.Default = false
			}
			var id string
			var rev int64
			err := tx.queryRow(ctx, `SELECT id, revision FROM profiles WHERE name = ? AND workspace_id = ?`, p.Name, carousel.WorkspaceFromContext(ctx)).Scan(&id, &rev)
			switch {
			case err == nil && !replace:
				return &carousel.Error{Code: carousel.ECONFLICT, Field: fmt.Sprintf("profiles[%d].name", i), Message: fmt.Sprintf("a profile named %q already exists (import with replace to overwrite it)", p.Name)}
			case err == nil:
				p.ID, p.Revision = id, rev
				_, err = db.updateProfile(ctx, tx, p)
			case errors.Is(err, sql.ErrNoRows):
				_, err = db.createProfile(ctx, tx, p)
			}
			if err != nil {
				return kitError(fmt.Sprintf("profiles[%d]", i), err)
			}
			if kitID != "" {
				newIDs[kitID] = p.ID
			}
		}
		for i, p := range kit.Presets {
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
	})
	if err != nil {
		return 0, 0, err
	}
	return len(kit.Profiles), len(kit.Presets), nil
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
