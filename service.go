// SPDX-License-Identifier: MIT

package carousel

import (
	"context"
	"io"
	"time"
)

// ProjectSummary is one line of the project list.
type ProjectSummary struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	Revision int64     `json:"revision"`
	Slides   int       `json:"slides"`
	Updated  time.Time `json:"updated"`
	// Review is the latest review decision (ReviewApproved or
	// ReviewChangesRequested), empty while there is none.
	Review string `json:"review,omitempty"`
}

// ProjectRevision is one version of a project: a burst of saves made
// into one (at most VersionSpan of editing), closed early by an export or
// a pin. Revision is the last save it holds.
type ProjectRevision struct {
	Revision int64     `json:"revision"`
	Saved    time.Time `json:"saved"`              // the last save
	Started  time.Time `json:"started,omitzero"`   // the first save
	Label    string    `json:"label,omitempty"`    // what changed, in words
	Edits    int       `json:"edits,omitempty"`    // saves it holds
	Name     string    `json:"name,omitempty"`     // the name it is pinned under; pinned versions are kept for good
	Exported bool      `json:"exported,omitempty"` // an export was made of it
}

// VersionSpan is how long a burst of saves may run in one version.
const VersionSpan = time.Minute

// VersionPage is a page of a project's versions, newest first.
type VersionPage struct {
	Versions []ProjectRevision `json:"revisions"`
	Pinned   []ProjectRevision `json:"pinned,omitempty"` // every pinned version, on the first page
	Total    int               `json:"total"`
	Next     int64             `json:"next,omitempty"` // ask with before=Next for the next page; 0 when there is none
}

// ProjectService keeps carousel projects.
type ProjectService interface {
	// CreateProject stores p, giving it a new ID and revision 1.
	CreateProject(ctx context.Context, p *Project) error
	// FindProjectByID returns the project, or ENOTFOUND.
	FindProjectByID(ctx context.Context, id string) (*Project, error)
	// FindProjects lists projects, most recently updated first.
	// Like every method here, it sees only the context's workspace
	// (WorkspaceFromContext): another workspace's ids give ENOTFOUND.
	FindProjects(ctx context.Context) ([]ProjectSummary, error)
	// UpdateProject stores p if p.Revision is the stored revision, then
	// increments p.Revision. A stale revision gives ECONFLICT and changes nothing.
	UpdateProject(ctx context.Context, p *Project) error
	// DeleteProject removes the project and its revisions, or gives ENOTFOUND.
	DeleteProject(ctx context.Context, id string) error
	// FindProjectRevisions lists the kept versions, newest first.
	FindProjectRevisions(ctx context.Context, id string) ([]ProjectRevision, error)
	// FindProjectVersions lists up to limit versions older than before (0: from
	// the newest), newest first, with the pinned ones on the first page.
	FindProjectVersions(ctx context.Context, id string, before int64, limit int) (*VersionPage, error)
	// FindProjectRevision returns the project as it was at a kept version.
	FindProjectRevision(ctx context.Context, id string, revision int64) (*Project, error)
	// PinProjectRevision keeps a version for good under a name; an empty
	// name unpins it. Pinning closes the version: later saves start a new one.
	PinProjectRevision(ctx context.Context, id string, revision int64, name string) error
	// CloseProjectRevision ends the current version (an export was made of it),
	// so that the next save starts a new one; note is added to its label.
	CloseProjectRevision(ctx context.Context, id string, note string) error
}

// Profile is a brand profile: a brand kit kept for reuse across projects.
type Profile struct {
	ID          string      `json:"id,omitempty"`
	Revision    int64       `json:"revision,omitempty"`
	Name        string      `json:"name"`   // the profile's name in lists, unique
	Author      string      `json:"author"` // the name shown on slides
	Handle      string      `json:"handle"`
	Website     string      `json:"website"`
	Avatar      string      `json:"avatar,omitempty"` // an image reference
	Logo        string      `json:"logo,omitempty"`
	Colors      *Colors     `json:"colors,omitempty"`
	TitleFont   string      `json:"titleFont,omitempty"`
	BodyFont    string      `json:"bodyFont,omitempty"`
	Header      []BrandItem `json:"header,omitempty"`
	Footer      []BrandItem `json:"footer,omitempty"`
	ShowOnCover bool        `json:"showOnCover,omitempty"`
	ShowOnOutro bool        `json:"showOnOutro,omitempty"`
	HideBands   bool        `json:"hideBands,omitempty"` // no header and footer at all
	Default     bool        `json:"default,omitempty"`
}

// ProfileService keeps brand profiles.
type ProfileService interface {
	CreateProfile(ctx context.Context, p *Profile) error // ECONFLICT when the name is taken
	FindProfileByID(ctx context.Context, id string) (*Profile, error)
	FindProfiles(ctx context.Context) ([]*Profile, error)
	UpdateProfile(ctx context.Context, p *Profile) error // revision rule as UpdateProject
	DeleteProfile(ctx context.Context, id string) error
	// SetDefaultProfile makes the profile the default and unsets the others.
	SetDefaultProfile(ctx context.Context, id string) error
}

// Preset is a named bundle of settings applied in one click.
type Preset struct {
	ID       string   `json:"id,omitempty"`
	Revision int64    `json:"revision,omitempty"`
	Name     string   `json:"name"`
	Settings Settings `json:"settings"` // Settings.Brand.Profile names the profile, if any
}

// PresetService keeps presets.
type PresetService interface {
	CreatePreset(ctx context.Context, p *Preset) error // ECONFLICT when the name is taken; EINVALID when its profile is missing
	FindPresetByID(ctx context.Context, id string) (*Preset, error)
	FindPresetByName(ctx context.Context, name string) (*Preset, error)
	FindPresets(ctx context.Context) ([]*Preset, error)
	UpdatePreset(ctx context.Context, p *Preset) error
	DeletePreset(ctx context.Context, id string) error
}

// AssetService keeps images by content hash.
type AssetService interface {
	// PutAsset stores data once and returns its reference, "asset:<sha256 hex>".
	PutAsset(ctx context.Context, data []byte, mediaType string) (string, error)
	// Asset returns the bytes and media type of a reference, or ENOTFOUND.
	Asset(ctx context.Context, ref string) ([]byte, string, error)
}

// Layout describes a project as rendered: long text may flow from one
// project slide onto several rendered slides.
type Layout struct {
	Slides   []RenderedSlide `json:"slides"`
	Warnings []Warning       `json:"warnings"`
}

// RenderedSlide is one slide as rendered.
type RenderedSlide struct {
	// Key changes whenever anything drawn on the slide changes, so it can
	// serve as an ETag and tell the studio which previews to refresh.
	Key       string `json:"key"`
	Source    int    `json:"source"`              // the index in Project.Slides it comes from
	Continued bool   `json:"continued,omitempty"` // it continues the previous slide's text
	Alt       string `json:"alt"`                 // alt text derived from its text
}

// ImageFormat names a raster output.
type ImageFormat string

// Raster outputs.
const (
	PNG  ImageFormat = "png"
	JPEG ImageFormat = "jpeg"
)

// ExportKind names the form of an export.
type ExportKind string

// Export forms.
const (
	ExportPDF    ExportKind = "pdf"    // one vector PDF: a LinkedIn document
	ExportZIP    ExportKind = "zip"    // one image per slide and alt-text.txt in a ZIP
	ExportImages ExportKind = "images" // one image file per slide and alt-text.txt
)

// Export says what to write: the form, which rendered slides and, for
// images, their type.
type Export struct {
	Kind ExportKind
	// From and To pick the rendered slides [From, To), 0-based; To 0 means
	// through the last slide. A range is one part of a carousel split for
	// a platform's slide limit: its files are numbered from 1, and its
	// slides look as they do in the whole carousel.
	From, To int
	Image    ImageFormat // ZIP and image files: PNG (the default) or JPEG
}

// ExportTarget receives the files of an export. A PDF or a ZIP is one file;
// image files come in slide order (slide-01.png, …) followed by alt-text.txt.
type ExportTarget interface {
	Create(name string) (io.Writer, error)
}

// SingleFile is the target of a PDF or ZIP export that writes it to w.
func SingleFile(w io.Writer) ExportTarget { return &singleFile{w: w} }

type singleFile struct {
	w    io.Writer
	used bool
}

func (t *singleFile) Create(name string) (io.Writer, error) {
	if t.used {
		return nil, Errorf(EINVALID, "the export writes several files (%s is the second): give a directory", name)
	}
	t.used = true
	return t.w, nil
}

// RenderService turns projects into slides. Slide numbers are 1-based and
// count the slides as rendered, after long text has flowed onto extra slides.
type RenderService interface {
	// Plan fills p.Slides from its thread and settings. Slides marked Manual
	// are kept unless replanAll is true.
	Plan(ctx context.Context, p *Project, replanAll bool) ([]Warning, error)
	// Layout lays p out (cached) and describes every rendered slide.
	Layout(ctx context.Context, p *Project) (*Layout, error)
	// SVG writes slide n as SVG with text as paths: the live preview.
	SVG(ctx context.Context, w io.Writer, p *Project, n int) error
	// Image writes slide n as PNG or JPEG at the format's exact size.
	Image(ctx context.Context, w io.Writer, p *Project, n int, f ImageFormat) error
	// Export writes the rendered slides x.From to x.To as a PDF, a ZIP or
	// image files (see Export) and returns the layout's warnings.
	Export(ctx context.Context, dst ExportTarget, p *Project, x Export) ([]Warning, error)
	// Check validates settings: their structure (Settings.Validate) and the
	// names in them (format, template, theme, pattern, fonts).
	Check(s *Settings) error
	// Catalog lists the formats, templates, themes, patterns and fonts.
	Catalog() Catalog
}

// ImportRequest says what to import: a post URL or id, pasted text, or an
// X archive (a zip, an unpacked folder or tweets.js).
type ImportRequest struct {
	Source  string // a post URL or id, or pasted text
	Archive string // a path to an archive zip, folder or tweets.js
	PostID  string // picks the thread in an archive
}

// ThreadSummary is one thread of an archive, for the user to pick from.
type ThreadSummary struct {
	ID        string `json:"id"` // the root post's id
	FirstLine string `json:"firstLine"`
	Posts     int    `json:"posts"`
	Created   string `json:"created"`
}

// ImportService turns a source into a thread.
type ImportService interface {
	// Import returns the whole thread and warnings about what could not be got.
	Import(ctx context.Context, req ImportRequest) (*Thread, []Warning, error)
	// ListThreads lists the author's threads in an archive.
	ListThreads(ctx context.Context, archive string) ([]ThreadSummary, error)
}

// CatalogEntry describes one template, theme, pattern or font.
type CatalogEntry struct {
	Name        string  `json:"name"`
	Label       string  `json:"label,omitempty"` // the name shown to people: a font's real family name
	Description string  `json:"description"`
	Colors      *Colors `json:"colors,omitempty"` // themes: their colours, for swatches
	TitleFont   string  `json:"titleFont,omitempty"`
	BodyFont    string  `json:"bodyFont,omitempty"`
}

// Catalog lists everything a user can choose from.
type Catalog struct {
	Formats   []Format       `json:"formats"`
	Templates []CatalogEntry `json:"templates"`
	Themes    []CatalogEntry `json:"themes"`
	Patterns  []CatalogEntry `json:"patterns"`
	Fonts     []CatalogEntry `json:"fonts"`
}
