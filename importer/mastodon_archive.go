// SPDX-License-Identifier: MIT

package importer

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// Limits of a Mastodon archive. outbox.json is read as a stream, so its
// size bounds time, not memory; a tar.gz is decompressed as it is read, and
// the whole of it (media come first) is bounded so that a small file that
// inflates enormously is refused.
const (
	// maxMastoJSON bounds outbox.json, decompressed: about 3 KB a post,
	// so some 300,000 posts.
	maxMastoJSON  = 1 << 30
	maxMastoActor = 4 << 20 // actor.json
)

// maxMastoTarTotal bounds every byte a tar.gz inflates to (a variable for
// the tests).
var maxMastoTarTotal int64 = 16 << 30

// Mastodon archive containers.
const (
	mastoZip    = "zip"    // Mastodon 4.1 and later
	mastoTarGz  = "tar.gz" // earlier versions
	mastoFolder = "folder" // either, unpacked
	mastoOutbox = "outbox" // outbox.json alone
)

// apActivity is an item of outbox.json: a Create of a Note (or Question,
// Article…), or an Announce (a boost) whose object is an address.
type apActivity struct {
	Type      string          `json:"type"`
	Published string          `json:"published"`
	Object    json.RawMessage `json:"object"`
}

type apObject struct {
	ID           string            `json:"id"`
	Type         string            `json:"type"`
	Summary      flexString        `json:"summary"`
	Content      string            `json:"content"`
	ContentMap   map[string]string `json:"contentMap"`
	InReplyTo    json.RawMessage   `json:"inReplyTo"`
	Published    string            `json:"published"`
	URL          json.RawMessage   `json:"url"`
	AttributedTo json.RawMessage   `json:"attributedTo"`
	Attachment   json.RawMessage   `json:"attachment"`
	Quote        string            `json:"quote"`
	QuoteURI     string            `json:"quoteUri"`
	MisskeyQuote string            `json:"_misskey_quote"`
	OneOf        []struct {
		Name string `json:"name"`
	} `json:"oneOf"`
	AnyOf []struct {
		Name string `json:"name"`
	} `json:"anyOf"`
}

type apAttachment struct {
	Type       string    `json:"type"`
	MediaType  string    `json:"mediaType"`
	URL        string    `json:"url"`
	Name       string    `json:"name"`
	Width      int       `json:"width"`
	Height     int       `json:"height"`
	FocalPoint []float64 `json:"focalPoint"`
}

type apActor struct {
	ID                string `json:"id"`
	PreferredUsername string `json:"preferredUsername"`
	Name              string `json:"name"`
	URL               string `json:"url"`
	Icon              *struct {
		URL string `json:"url"`
	} `json:"icon"`
}

// mastoArchive is a parsed Mastodon archive.
type mastoArchive struct {
	path      string
	kind      string
	actor     string // the actor's id, "https://mastodon.social/users/ada"
	origin    string // "https://mastodon.social"
	author    carousel.Author
	avatar    string // the avatar's name inside the archive
	pool      *pool
	media     map[string][]apAttachment // post id → attachments
	summaries []carousel.ThreadSummary
}

type mastoArchiveCache struct {
	key string
	ar  *mastoArchive
}

// mastodonArchiveKind reports whether p is a Mastodon archive and in what
// container; X archives and other files give "".
func mastodonArchiveKind(p string) string {
	st, err := os.Stat(p)
	if err != nil {
		return ""
	}
	if st.IsDir() {
		for _, name := range []string{"outbox.json", "*/outbox.json"} {
			if m, _ := filepath.Glob(filepath.Join(p, name)); len(m) > 0 {
				return mastoFolder
			}
		}
		return ""
	}
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	switch {
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		return mastoTarGz // X archives are never gzipped tars
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		zr, err := zip.OpenReader(p)
		if err != nil {
			return ""
		}
		defer zr.Close()
		for _, zf := range zr.File {
			if name := cleanArchiveName(zf.Name); name == "outbox.json" || path.Base(name) == "outbox.json" && strings.Count(name, "/") == 1 {
				return mastoZip
			}
		}
		return ""
	}
	if looksLikeOutbox(head) {
		return mastoOutbox
	}
	return ""
}

// looksLikeOutbox reports whether the start of a file is an ActivityPub
// ordered collection, as outbox.json is.
func looksLikeOutbox(head []byte) bool {
	head = bytes.TrimLeft(head, "\ufeff \t\r\n")
	return bytes.HasPrefix(head, []byte("{")) && (bytes.Contains(head, []byte(`"OrderedCollection"`)) || bytes.Contains(head, []byte(`"orderedItems"`)))
}

func cleanArchiveName(name string) string {
	return strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(name, "\\", "/")), "/")
}

// openMastodonArchive parses the archive at p, reusing the last parse
// while the file is unchanged.
func (im *Importer) openMastodonArchive(ctx context.Context, p, kind string) (*mastoArchive, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, carousel.Errorf(carousel.ENOTFOUND, "Archive %s cannot be opened: %s.", p, fsReason(err))
	}
	key := fmt.Sprintf("%s|%d|%d", p, st.Size(), st.ModTime().UnixNano())
	im.mastoArchiveMu.Lock()
	defer im.mastoArchiveMu.Unlock()
	if c := im.mastoArchive; c != nil && c.key == key && !st.IsDir() {
		return c.ar, nil
	}
	ar := &mastoArchive{path: p, kind: kind}
	if err := ar.load(ctx); err != nil {
		return nil, err
	}
	im.mastoArchive = &mastoArchiveCache{key: key, ar: ar}
	return ar, nil
}

// load reads actor.json and outbox.json from the archive.
func (ar *mastoArchive) load(ctx context.Context) error {
	var actorData []byte
	sawOutbox := false
	onFile := func(name string, r io.Reader) error {
		switch path.Base(name) {
		case "actor.json":
			if strings.Count(name, "/") > 1 {
				return nil
			}
			data, err := io.ReadAll(io.LimitReader(r, maxMastoActor+1))
			if err != nil {
				return ar.readError("actor.json", err)
			}
			if len(data) <= maxMastoActor {
				actorData = data
			}
		case "outbox.json":
			if strings.Count(name, "/") > 1 || sawOutbox {
				return nil
			}
			sawOutbox = true
			capped := &capReader{r: r, left: maxMastoJSON}
			err := ar.parseOutbox(ctx, name, capped)
			if capped.over {
				return carousel.Errorf(carousel.ETOOLARGE, "Archive file %s is over %d GB.", name, maxMastoJSON>>30)
			}
			return err
		}
		return nil
	}
	// actor.json comes after outbox.json in Mastodon's archives; the
	// author is set from it at the end.
	if err := ar.each(ctx, func(name string) bool {
		b := path.Base(name)
		return b == "actor.json" || b == "outbox.json"
	}, onFile); err != nil {
		return err
	}
	if !sawOutbox {
		return carousel.Errorf(carousel.EINVALID, "Archive %s has no outbox.json: is it a Mastodon archive?", filepath.Base(ar.path))
	}
	if actorData != nil {
		var a apActor
		if err := json.Unmarshal(actorData, &a); err == nil {
			ar.setActor(a)
		}
	}
	ar.finish()
	return ar.findThreads(ctx)
}

func (ar *mastoArchive) readError(name string, err error) error {
	if ce := (*carousel.Error)(nil); errors.As(err, &ce) {
		return err
	}
	return &carousel.Error{Code: carousel.EINVALID, Err: err, Message: fmt.Sprintf("Archive file %s cannot be read: it is damaged or cut short.", name)}
}

// each calls fn with every file of the archive that want accepts, in the
// archive's order.
func (ar *mastoArchive) each(ctx context.Context, want func(name string) bool, fn func(name string, r io.Reader) error) error {
	switch ar.kind {
	case mastoOutbox, mastoFolder:
		root, outbox := ar.path, ""
		if ar.kind == mastoOutbox {
			// Beside a lone outbox.json, its actor.json and media may be.
			root, outbox = filepath.Dir(ar.path), filepath.Base(ar.path)
		} else if m, _ := filepath.Glob(filepath.Join(root, "outbox.json")); len(m) == 0 {
			if m, _ := filepath.Glob(filepath.Join(root, "*", "outbox.json")); len(m) > 0 {
				root = filepath.Dir(m[0])
			}
		}
		return filepath.WalkDir(root, func(fp string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, fp)
			name := filepath.ToSlash(rel)
			if d.IsDir() {
				// Only the archive's own media folder is looked into.
				if name != "." && !strings.HasPrefix(name, "media_attachments") {
					return fs.SkipDir
				}
				return nil
			}
			if outbox != "" && name == outbox {
				name = "outbox.json"
			} else if outbox != "" && name == "outbox.json" {
				return nil // another outbox than the one given
			}
			if !want(name) {
				return nil
			}
			f, err := os.Open(fp)
			if err != nil {
				return nil
			}
			defer f.Close()
			return fn(name, f)
		})
	case mastoZip:
		zr, err := zip.OpenReader(ar.path)
		if err != nil {
			return carousel.Errorf(carousel.EINVALID, "Archive %s is not a readable zip file.", filepath.Base(ar.path))
		}
		defer zr.Close()
		for _, zf := range zr.File {
			if err := ctx.Err(); err != nil {
				return err
			}
			name := cleanArchiveName(zf.Name)
			if zf.FileInfo().IsDir() || !want(name) {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				return ar.readError(name, err)
			}
			err = fn(name, rc)
			rc.Close()
			if err != nil {
				return err
			}
		}
		return nil
	case mastoTarGz:
		f, err := os.Open(ar.path)
		if err != nil {
			return carousel.Errorf(carousel.ENOTFOUND, "Archive %s cannot be opened: %s.", ar.path, fsReason(err))
		}
		defer f.Close()
		gz, err := gzip.NewReader(bufio.NewReader(f))
		if err != nil {
			return carousel.Errorf(carousel.EINVALID, "Archive %s is not a readable tar.gz file.", filepath.Base(ar.path))
		}
		defer gz.Close()
		capped := &capReader{r: gz, left: maxMastoTarTotal}
		tr := tar.NewReader(capped)
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			h, err := tr.Next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				if capped.over {
					return ar.tooLarge()
				}
				return carousel.Errorf(carousel.EINVALID, "Archive %s is damaged or cut short (tar.gz).", filepath.Base(ar.path))
			}
			name := cleanArchiveName(h.Name)
			if h.Typeflag != tar.TypeReg || !want(name) {
				continue
			}
			if err := fn(name, tr); err != nil {
				if capped.over {
					return ar.tooLarge()
				}
				return err
			}
		}
	}
	return fmt.Errorf("importer: unknown Mastodon archive kind %q", ar.kind)
}

func (ar *mastoArchive) tooLarge() error {
	return carousel.Errorf(carousel.ETOOLARGE, "Archive %s inflates to more than %d GB; unpack it and give the folder instead.", filepath.Base(ar.path), maxMastoTarTotal>>30)
}

// capReader fails once more than left bytes have been read.
type capReader struct {
	r    io.Reader
	left int64
	over bool
}

var errInflatesTooMuch = errors.New("importer: archive inflates past its limit")

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		// Exactly at the limit is fine; one byte more is not.
		var one [1]byte
		if n, err := io.ReadFull(c.r, one[:]); n == 0 {
			return 0, err
		}
		c.over = true
		return 0, errInflatesTooMuch
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// parseOutbox streams outbox.json: the items are decoded one at a time.
func (ar *mastoArchive) parseOutbox(ctx context.Context, name string, r io.Reader) error {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	malformed := func(err error, item int) error {
		where := fmt.Sprintf("at byte %d", dec.InputOffset())
		if item >= 0 {
			where += fmt.Sprintf(" (item %d of orderedItems)", item+1)
		}
		reason := jsonReason(err)
		if errors.Is(err, io.EOF) {
			reason = "the file ends too early"
		}
		return &carousel.Error{Code: carousel.EINVALID, Err: err, Message: fmt.Sprintf("Archive file %s is malformed %s: %s.", name, where, reason)}
	}
	if ar.pool == nil {
		ar.pool, ar.media = newPool(), map[string][]apAttachment{}
	}
	tok, err := dec.Token()
	if err != nil {
		return malformed(err, -1)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return carousel.Errorf(carousel.EINVALID, "Archive file %s is not an ActivityPub collection (it does not start with {).", name)
	}
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return malformed(err, -1)
		}
		key, _ := tok.(string)
		if key != "orderedItems" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return malformed(err, -1)
			}
			continue
		}
		found = true
		if tok, err := dec.Token(); err != nil {
			return malformed(err, -1)
		} else if d, ok := tok.(json.Delim); !ok || d != '[' {
			return carousel.Errorf(carousel.EINVALID, "Archive file %s is malformed: orderedItems is not a list.", name)
		}
		for i := 0; dec.More(); i++ {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			// Syntax errors stop the import; an item of a shape not
			// understood (another server's extension) is skipped.
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return malformed(err, i)
			}
			var it apActivity
			if json.Unmarshal(raw, &it) == nil {
				ar.addActivity(&it)
			}
		}
		if _, err := dec.Token(); err != nil {
			return malformed(err, -1)
		}
	}
	if !found {
		return carousel.Errorf(carousel.EINVALID, "Archive file %s has no orderedItems: is it a Mastodon outbox?", name)
	}
	return nil
}

// addActivity keeps a Create's object as a post; boosts are not the
// author's posts.
func (ar *mastoArchive) addActivity(it *apActivity) {
	if it.Type != "Create" || len(it.Object) == 0 || it.Object[0] != '{' {
		return
	}
	var o apObject
	if json.Unmarshal(it.Object, &o) != nil || o.ID == "" {
		return
	}
	switch o.Type {
	case "Note", "Question", "Article", "Page":
	default:
		return
	}
	if ar.actor == "" {
		ar.actor = apString(o.AttributedTo)
	}
	id := apStatusID(o.ID)
	rp := &rawPost{Platform: platformMastodon, ID: id, AuthorID: "me", URL: safeLink(apString(o.URL))}
	if rp.URL == "" {
		rp.URL = safeLink(o.ID)
	}
	if t, err := time.Parse(time.RFC3339Nano, firstNonEmpty(o.Published, it.Published)); err == nil {
		rp.Created = t.UTC()
	}
	if parent := apString(o.InReplyTo); parent != "" {
		// Replies to the actor's own posts are told apart at the end, once
		// the actor is known; until then the parent's address is kept.
		rp.ReplyTo = parent
	}
	content, lang := contentLang(o.Content, o.ContentMap)
	rp.Lang = lang
	origin := ""
	if u := safeLink(o.ID); u != "" {
		origin = "https://" + hostOf(u)
	}
	rp.Blocks = fediBlocks(string(o.Summary), content, origin)
	var options []string
	for _, c := range append(o.OneOf, o.AnyOf...) {
		if n := strings.TrimSpace(c.Name); n != "" {
			options = append(options, n)
		}
	}
	for _, opt := range options {
		rp.Blocks = append(rp.Blocks, carousel.Block{Type: carousel.Bullet, Spans: []carousel.Span{{Text: opt}}})
	}
	if q := firstNonEmpty(o.Quote, o.QuoteURI, o.MisskeyQuote); safeLink(q) != "" {
		rp.Quote = &rawPost{Platform: platformMastodon, ID: "quote", AuthorID: "quoted:", URL: q, Placeholder: "The quoted post is not in the archive: " + q}
	}
	if atts := apAttachments(o.Attachment); len(atts) > 0 {
		ar.media[id] = atts
	}
	ar.pool.add(rp)
}

// contentLang is a post's text and language from content and contentMap
// (language → the text in it). Mastodon writes the status's language as
// contentMap's one key, with the same text as content; with several, the
// key whose text is content's is its language. Without content, the text
// is the map's first language in order, so an import is repeatable.
func contentLang(content string, byLang map[string]string) (text, lang string) {
	langs := slices.Sorted(maps.Keys(byLang))
	if content == "" {
		if len(langs) == 0 {
			return "", ""
		}
		return byLang[langs[0]], langs[0]
	}
	for _, l := range langs {
		if byLang[l] == content {
			return content, l
		}
	}
	if len(langs) == 1 {
		return content, langs[0]
	}
	return content, ""
}

// apString reads an ActivityPub value that is an address, or an object or
// list whose first item has an id or href.
func apString(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var o struct {
		ID   string `json:"id"`
		Href string `json:"href"`
	}
	if json.Unmarshal(raw, &o) == nil {
		return firstNonEmpty(o.Href, o.ID)
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil && len(list) > 0 {
		return apString(list[0])
	}
	return ""
}

func apAttachments(raw json.RawMessage) []apAttachment {
	if len(raw) == 0 {
		return nil
	}
	var list []apAttachment
	if json.Unmarshal(raw, &list) == nil {
		return list
	}
	var one apAttachment
	if json.Unmarshal(raw, &one) == nil && one.URL != "" {
		return []apAttachment{one}
	}
	return nil
}

// apStatusID is the last part of a status address: Mastodon's status id.
func apStatusID(u string) string {
	u = strings.TrimRight(u, "/")
	if i := strings.LastIndexByte(u, '/'); i >= 0 && i+1 < len(u) {
		return u[i+1:]
	}
	return u
}

func (ar *mastoArchive) setActor(a apActor) {
	if a.ID != "" {
		ar.actor = a.ID
	}
	handle := a.PreferredUsername
	if h := hostOf(ar.actor); handle != "" && h != "" && h != ar.actor {
		handle += "@" + strings.TrimPrefix(h, "www.")
	}
	ar.author = carousel.Author{Name: strings.TrimSpace(a.Name), Handle: handle}
	if a.Icon != nil && a.Icon.URL != "" && !strings.Contains(a.Icon.URL, "://") {
		ar.avatar = cleanArchiveName(a.Icon.URL)
	} else if a.Icon != nil {
		ar.author.Avatar = safeLink(a.Icon.URL)
	}
}

// finish links the actor's replies to their parents by status id, now
// that the actor is known, and gives every post the author.
func (ar *mastoArchive) finish() {
	if u := safeLink(ar.actor); u != "" {
		ar.origin = "https://" + hostOf(u)
		// Without actor.json the handle comes from the actor's address,
		// https://{server}/users/{name} on Mastodon and GoToSocial.
		if ar.author.Handle == "" {
			if name, ok := strings.CutPrefix(u, ar.origin+"/users/"); ok && name != "" && !strings.Contains(name, "/") {
				ar.author.Handle = name + "@" + strings.TrimPrefix(hostOf(u), "www.")
			}
		}
	}
	prefix := strings.TrimRight(ar.actor, "/") + "/statuses/"
	for _, p := range ar.pool.posts {
		p.Author = ar.author
		if p.ReplyTo == "" {
			continue
		}
		if ar.actor != "" && strings.HasPrefix(p.ReplyTo, prefix) {
			p.ReplyTo, p.ReplyToUser = apStatusID(p.ReplyTo), "me"
		} else if _, ok := ar.pool.posts[apStatusID(p.ReplyTo)]; ok && ar.actor == "" {
			p.ReplyTo, p.ReplyToUser = apStatusID(p.ReplyTo), "me"
		} else {
			p.ReplyToUser = "other"
		}
	}
}

// findThreads lists the heads: posts that are not replies to the author's
// posts in the archive, with at least one reply of the author's.
func (ar *mastoArchive) findThreads(ctx context.Context) error {
	hasChild := map[string]bool{}
	for _, p := range ar.pool.posts {
		if p.ReplyToUser == "me" {
			hasChild[p.ReplyTo] = true
		}
	}
	var heads []string
	for id := range hasChild {
		p, ok := ar.pool.posts[id]
		if !ok {
			continue // deleted: its thread is listed from the reply to it
		}
		if _, parentIn := ar.pool.posts[p.ReplyTo]; parentIn && p.ReplyToUser == "me" {
			continue
		}
		heads = append(heads, id)
	}
	for _, id := range heads {
		chain, _, err := ar.pool.chain(ctx, id, nil)
		if err != nil {
			return err
		}
		head := ar.pool.posts[id]
		first := ""
		for _, b := range head.Blocks {
			first = carousel.BlocksText([]carousel.Block{b})
			if !strings.HasPrefix(first, "CW: ") || len(head.Blocks) == 1 {
				break
			}
		}
		if i := strings.IndexByte(first, '\n'); i >= 0 {
			first = first[:i]
		}
		ar.summaries = append(ar.summaries, carousel.ThreadSummary{ID: id, FirstLine: truncateRunes(first, 100),
			Posts: len(chain), Created: head.Created.UTC().Format(time.RFC3339)})
	}
	sort.Slice(ar.summaries, func(i, j int) bool {
		a, b := ar.summaries[i], ar.summaries[j]
		if a.Created != b.Created {
			return a.Created > b.Created
		}
		return idLess(b.ID, a.ID)
	})
	return nil
}

func (im *Importer) listMastodonArchive(ctx context.Context, p, kind string) ([]carousel.ThreadSummary, error) {
	ar, err := im.openMastodonArchive(ctx, p, kind)
	if err != nil {
		return nil, err
	}
	return append([]carousel.ThreadSummary(nil), ar.summaries...), nil
}

func (im *Importer) importMastodonArchive(ctx context.Context, p, kind, postID string) (*carousel.Thread, []carousel.Warning, error) {
	ar, err := im.openMastodonArchive(ctx, p, kind)
	if err != nil {
		return nil, nil, err
	}
	id := strings.TrimSpace(postID)
	if id != "" {
		if ref, ok := parsePostRef(id); ok && ref.platform == platformMastodon {
			id = ref.statusID
		} else if strings.Contains(id, "/") {
			id = apStatusID(id)
		}
		if _, ok := ar.pool.posts[id]; !ok {
			return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "Post %s is not in this archive.", truncateRunes(id, 80))
		}
	} else {
		var err error
		if id, err = onlyThread(ar.summaries); err != nil {
			return nil, nil, err
		}
	}
	chain, warns, err := ar.pool.chain(ctx, id, nil)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range chain {
		if p.Placeholder != "" {
			p.Placeholder = "This post was deleted or is not in the archive."
			p.Created = time.Time{}
			if ar.origin != "" {
				p.URL = ar.origin + "/statuses/" + p.ID
			}
		}
	}
	for i := range warns {
		if warns[i].Code == carousel.WarnPlaceholder {
			warns[i].Message = fmt.Sprintf("Post %s is not in the archive (deleted?); it is kept as a placeholder.", warns[i].Post)
		}
	}
	mw, err := im.mastoArchiveMedia(ctx, ar, chain)
	if err != nil {
		return nil, nil, err
	}
	t := buildThread("mastodon-archive", chain)
	return t, append(warns, mw...), nil
}

// mastoArchiveMedia gives the chain's posts their images from the archive
// (media_attachments/…), kept with StoreMedia or in CacheDir, and the
// author's avatar. A video has no still image in the archive: it is left
// out, with a warning.
func (im *Importer) mastoArchiveMedia(ctx context.Context, ar *mastoArchive, chain []*rawPost) ([]carousel.Warning, error) {
	type want struct {
		post *rawPost
		att  apAttachment
		name string
	}
	var wants []want
	byName := map[string][]int{}
	var warns []carousel.Warning
	for _, p := range chain {
		p.Media = nil
		for _, a := range ar.media[p.ID] {
			if !strings.HasPrefix(a.MediaType, "image/") {
				if strings.HasPrefix(a.MediaType, "video/") {
					warns = append(warns, carousel.Warning{Code: carousel.WarnImage, Post: p.ID,
						Message: fmt.Sprintf("Post %s has a video; the archive keeps no still image of it, so it is left out.", p.ID)})
				}
				continue
			}
			name := mastoMediaName(a.URL)
			byName[name] = append(byName[name], len(wants))
			wants = append(wants, want{post: p, att: a, name: name})
		}
	}
	found := make([]string, len(wants)) // the reference of each image, once read
	avatarRef := ""
	if len(wants) > 0 || ar.avatar != "" {
		err := ar.each(ctx, func(name string) bool {
			_, ok := byName[mastoMediaName(name)]
			return ok || (ar.avatar != "" && name == ar.avatar)
		}, func(name string, r io.Reader) error {
			data, err := io.ReadAll(io.LimitReader(r, MaxMediaBytes+1))
			if err != nil || len(data) > MaxMediaBytes || sniffImage(data) == "" {
				return nil // the image is left out below
			}
			ref, err := im.keepMedia(ctx, data)
			if err != nil {
				return err
			}
			if name == ar.avatar {
				avatarRef = ref
			}
			for _, i := range byName[mastoMediaName(name)] {
				found[i] = ref
				if cfg, _, err := decodeConfig(data); err == nil && wants[i].att.Width == 0 {
					wants[i].att.Width, wants[i].att.Height = cfg.Width, cfg.Height
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for i, w := range wants {
		if found[i] == "" {
			warns = append(warns, carousel.Warning{Code: carousel.WarnImage, Post: w.post.ID,
				Message: fmt.Sprintf("Post %s: image %s is not in the archive; it is left out.", w.post.ID, truncateRunes(w.name, 80))})
			continue
		}
		m := carousel.Media{Type: carousel.MediaPhoto, Src: found[i], Alt: strings.TrimSpace(w.att.Name), Width: max(w.att.Width, 0), Height: max(w.att.Height, 0)}
		if fp := w.att.FocalPoint; len(fp) == 2 && (fp[0] != 0 || fp[1] != 0) {
			m.Focus = fediFocus(fp[0], fp[1])
		}
		w.post.Media = append(w.post.Media, m)
	}
	if avatarRef != "" {
		for _, p := range chain {
			p.Author.Avatar = avatarRef
		}
	}
	return warns, nil
}

// mastoMediaName is where an attachment is in the archive: Mastodon writes
// its address's path less "/system/", and stores the file at that path.
func mastoMediaName(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		}
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = cleanArchiveName(u)
	// Some instances keep files under a prefix (cache/, a bucket name):
	// what counts is the part from media_attachments/ on.
	if i := strings.Index(u, "media_attachments/"); i >= 0 {
		u = u[i:]
	}
	return u
}
