// SPDX-License-Identifier: MIT

package importer

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	carousel "github.com/carouselstudio/carousel"
)

type arEntities struct {
	legacyEntities
	Media []arMedia `json:"media"`
}

type arMedia struct {
	URL           string   `json:"url"`
	Indices       flexInts `json:"indices"`
	MediaURLHTTPS string   `json:"media_url_https"`
	Type          string   `json:"type"`
	ExtAltText    string   `json:"ext_alt_text"`
	Sizes         struct {
		Large struct {
			W flexString `json:"w"`
			H flexString `json:"h"`
		} `json:"large"`
	} `json:"sizes"`
}

type arTweet struct {
	IDStr                string     `json:"id_str"`
	FullText             string     `json:"full_text"`
	CreatedAt            string     `json:"created_at"`
	InReplyToStatusIDStr string     `json:"in_reply_to_status_id_str"`
	InReplyToUserIDStr   string     `json:"in_reply_to_user_id_str"`
	InReplyToScreenName  string     `json:"in_reply_to_screen_name"`
	Lang                 string     `json:"lang"`
	Entities             arEntities `json:"entities"`
	ExtendedEntities     struct {
		Media []arMedia `json:"media"`
	} `json:"extended_entities"`

	noEntities bool    // a note with no entity lists: find them in the text
	styles     []style // a note's bold/italic ranges
}

// arNote is an item of note-tweet.js. The shapes of its entity lists are
// not documented; they are read when they look like the ones below.
type arNote struct {
	NoteTweet struct {
		CreatedAt string     `json:"createdAt"`
		Core      arNoteCore `json:"core"`
	} `json:"noteTweet"`
}

type arNoteCore struct {
	Text string `json:"text"`
	URLs []struct {
		ShortURL    string     `json:"shortUrl"`
		ExpandedURL string     `json:"expandedUrl"`
		DisplayURL  string     `json:"displayUrl"`
		FromIndex   flexString `json:"fromIndex"`
		ToIndex     flexString `json:"toIndex"`
	} `json:"urls"`
	Mentions []struct {
		ScreenName string     `json:"screenName"`
		FromIndex  flexString `json:"fromIndex"`
		ToIndex    flexString `json:"toIndex"`
	} `json:"mentions"`
	Hashtags []struct {
		Hashtag   string     `json:"hashtag"`
		FromIndex flexString `json:"fromIndex"`
		ToIndex   flexString `json:"toIndex"`
	} `json:"hashtags"`
	Cashtags []struct {
		Cashtag   string     `json:"cashtag"`
		FromIndex flexString `json:"fromIndex"`
		ToIndex   flexString `json:"toIndex"`
	} `json:"cashtags"`
	Styletags []struct {
		StyleTypes []flexString `json:"styleTypes"`
		FromIndex  flexString   `json:"fromIndex"`
		ToIndex    flexString   `json:"toIndex"`
	} `json:"styletags"`
}

// archive is a parsed X archive.
type archive struct {
	path      string
	files     map[string]string // data file base name → path inside the archive
	media     map[string]string // tweets_media file name → path inside the archive
	isZip     bool
	me        string
	author    carousel.Author
	pool      *pool
	heads     []string
	summaries []carousel.ThreadSummary
}

type archiveCache struct {
	key string
	ar  *archive
}

// openArchive parses the archive at p, reusing the last parse when the file
// has not changed (ListThreads then Import reads it once).
func (im *Importer) openArchive(ctx context.Context, p string) (*archive, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, carousel.Errorf(carousel.ENOTFOUND, "Archive %s cannot be opened: %s.", p, fsReason(err))
	}
	key := fmt.Sprintf("%s|%d|%d", p, st.Size(), st.ModTime().UnixNano())
	im.archiveMu.Lock()
	defer im.archiveMu.Unlock()
	if im.archive != nil && im.archive.key == key && !st.IsDir() {
		return im.archive.ar, nil
	}
	ar, err := loadArchive(ctx, p, st, im.cfg.archiveLimits())
	if err != nil {
		return nil, err
	}
	im.archive = &archiveCache{key: key, ar: ar}
	return ar, nil
}

func fsReason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file or folder"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	return "it cannot be read"
}

// dataFiles are the archive files read, by base name.
func isDataFile(base string) bool {
	switch base {
	case "tweets.js", "tweet.js", "note-tweet.js", "account.js", "profile.js", "deleted-tweets.js":
		return true
	}
	return strings.HasPrefix(base, "tweets-part") && strings.HasSuffix(base, ".js")
}

func isMediaDir(dir string) bool {
	b := path.Base(dir)
	return b == "tweets_media" || b == "tweet_media"
}

func loadArchive(ctx context.Context, p string, st os.FileInfo, lim archiveLimits) (*archive, error) {
	ar := &archive{path: p, files: map[string]string{}, media: map[string]string{}}
	var open func(name string) (io.ReadCloser, error)
	switch {
	case st.IsDir():
		root := p
		err := filepath.WalkDir(root, func(fp string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			rel, _ := filepath.Rel(root, fp)
			if d.IsDir() {
				if strings.Count(filepath.ToSlash(rel), "/") > 2 && rel != "." {
					return fs.SkipDir
				}
				return nil
			}
			rel = filepath.ToSlash(rel)
			if isDataFile(d.Name()) {
				if _, dup := ar.files[d.Name()]; !dup {
					ar.files[d.Name()] = rel
				}
			} else if isMediaDir(path.Dir(rel)) {
				ar.media[d.Name()] = rel
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("importer: list archive folder: %w", err)
		}
		open = func(name string) (io.ReadCloser, error) {
			return openRegular(filepath.Join(root, filepath.FromSlash(name)))
		}
	case isZipFile(p):
		f, err := os.Open(p)
		if err != nil {
			return nil, carousel.Errorf(carousel.EINVALID, "Archive %s cannot be opened.", filepath.Base(p))
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, fmt.Errorf("importer: stat archive: %w", err)
		}
		ar.isZip = true
		return ar, ar.loadZip(ctx, f, st.Size(), lim)
	default:
		// tweets.js alone.
		ar.files["tweets.js"] = filepath.Base(p)
		dir := filepath.Dir(p)
		open = func(name string) (io.ReadCloser, error) { return openRegular(filepath.Join(dir, name)) }
	}
	return ar, ar.parse(ctx, open, lim)
}

// loadZip parses a zip archive read from r. Entries are listed from the
// central directory; a data file is refused from its declared size when
// that is over the limit, and counted as it is inflated in any case.
func (ar *archive) loadZip(ctx context.Context, r io.ReaderAt, size int64, lim archiveLimits) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return carousel.Errorf(carousel.EINVALID, "Archive %s is not a readable zip file.", filepath.Base(ar.path))
	}
	byName := map[string]*zip.File{}
	for _, f := range zr.File {
		name := strings.TrimPrefix(path.Clean("/"+f.Name), "/")
		base := path.Base(name)
		if f.FileInfo().IsDir() {
			continue
		}
		if isDataFile(base) {
			if _, dup := ar.files[base]; !dup {
				ar.files[base] = name
				byName[name] = f
			}
		} else if isMediaDir(path.Dir(name)) {
			ar.media[base] = f.Name
		}
	}
	open := func(name string) (io.ReadCloser, error) {
		f := byName[name]
		if f.UncompressedSize64 > uint64(lim.entry) {
			return nil, carousel.Errorf(carousel.ETOOLARGE, "Archive file %s is %d MB uncompressed, over the limit of %d MB; an X archive's data files are far smaller (is it a zip bomb?).", name, f.UncompressedSize64>>20, lim.entry>>20)
		}
		return f.Open()
	}
	return ar.parse(ctx, open, lim)
}

// openRegular opens a regular file: a device or a pipe named like a data
// file would block or never end.
func openRegular(p string) (io.ReadCloser, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", filepath.Base(p))
	}
	return os.Open(p)
}

func isZipFile(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var magic [4]byte
	if _, err := io.ReadFull(f, magic[:]); err != nil {
		return false
	}
	return string(magic[:]) == "PK\x03\x04" || string(magic[:]) == "PK\x05\x06"
}

func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("a %s where %s was expected", te.Value, te.Type)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "the file ends too early"
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

func (ar *archive) parse(ctx context.Context, open func(string) (io.ReadCloser, error), lim archiveLimits) error {
	var total int64
	// each reads the data file base, if the archive has it, item by item.
	each := func(base string, item func(rd io.Reader, name string) error) error {
		name, ok := ar.files[base]
		if !ok {
			return nil
		}
		rc, err := open(name)
		if err != nil {
			var ce *carousel.Error
			if errors.As(err, &ce) {
				return err
			}
			return carousel.Errorf(carousel.EINVALID, "Archive file %s cannot be read.", name)
		}
		defer rc.Close()
		return item(&countingReader{r: rc, name: name, lim: lim, total: &total}, name)
	}
	// Tweets: tweets.js (or the older tweet.js) and any tweets-partN.js.
	var tweetFiles []string
	for base := range ar.files {
		if base == "tweets.js" || base == "tweet.js" || strings.HasPrefix(base, "tweets-part") {
			tweetFiles = append(tweetFiles, base)
		}
	}
	sort.Strings(tweetFiles)
	if len(tweetFiles) == 0 {
		return carousel.Errorf(carousel.EINVALID, "Archive %s has no data/tweets.js: is it an X archive?", filepath.Base(ar.path))
	}
	type tweetItem struct {
		Tweet *arTweet `json:"tweet"`
	}
	var tweets []*arTweet
	for _, base := range tweetFiles {
		err := each(base, func(rd io.Reader, name string) error {
			n := 0
			return readYTD(name, rd, func(it *tweetItem) error {
				if it.Tweet != nil && it.Tweet.IDStr != "" {
					tweets = append(tweets, it.Tweet)
				}
				if n++; n%1024 == 0 {
					return ctx.Err()
				}
				return nil
			})
		})
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	var deleted []*arTweet
	err := each("deleted-tweets.js", func(rd io.Reader, name string) error {
		return readYTD(name, rd, func(it *tweetItem) error {
			deleted = append(deleted, it.Tweet)
			return nil
		})
	})
	if err != nil {
		return err
	}
	type accountItem struct {
		Account struct {
			AccountID          string `json:"accountId"`
			Username           string `json:"username"`
			AccountDisplayName string `json:"accountDisplayName"`
		} `json:"account"`
	}
	var account []accountItem
	if err := each("account.js", func(rd io.Reader, name string) error {
		return readYTD(name, rd, func(it *accountItem) error { account = append(account, *it); return nil })
	}); err != nil {
		return err
	}
	type profileItem struct {
		Profile struct {
			AvatarMediaURL string `json:"avatarMediaUrl"`
		} `json:"profile"`
	}
	var profile []profileItem
	if err := each("profile.js", func(rd io.Reader, name string) error {
		return readYTD(name, rd, func(it *profileItem) error { profile = append(profile, *it); return nil })
	}); err != nil {
		return err
	}
	var notes []arNote
	if err := each("note-tweet.js", func(rd io.Reader, name string) error {
		return readYTD(name, rd, func(it *arNote) error { notes = append(notes, *it); return nil })
	}); err != nil {
		return err
	}

	byID := make(map[string]*arTweet, len(tweets))
	for _, t := range tweets {
		if !strings.HasPrefix(t.FullText, "RT @") {
			byID[t.IDStr] = t
		}
	}
	if len(account) > 0 {
		a := account[0].Account
		ar.me = a.AccountID
		ar.author = carousel.Author{Name: a.AccountDisplayName, Handle: a.Username}
	}
	if ar.me == "" {
		// tweets.js alone: a reply to a post in the archive is a self-reply.
		for _, t := range byID {
			if _, ok := byID[t.InReplyToStatusIDStr]; ok && t.InReplyToUserIDStr != "" {
				ar.me = t.InReplyToUserIDStr
				ar.author.Handle = t.InReplyToScreenName
				break
			}
		}
	}
	if ar.me == "" {
		ar.me = "me"
	}
	if len(profile) > 0 {
		ar.author.Avatar = biggerAvatar(profile[0].Profile.AvatarMediaURL)
	}
	mergeNotes(byID, notes)

	ar.pool = newPool()
	for _, d := range deleted {
		if d != nil && d.IDStr != "" && byID[d.IDStr] == nil {
			ar.pool.add(ar.raw(d))
		}
	}
	for _, t := range byID {
		ar.pool.add(ar.raw(t))
	}
	return ar.findThreads(ctx)
}

// mergeNotes puts the full text of long posts into their tweets: a note
// matches a tweet created within a second whose text starts like it.
func mergeNotes(byID map[string]*arTweet, notes []arNote) {
	if len(notes) == 0 {
		return
	}
	bySecond := map[int64][]*arTweet{}
	for _, t := range byID {
		if tm, err := time.Parse(time.RubyDate, t.CreatedAt); err == nil {
			bySecond[tm.Unix()] = append(bySecond[tm.Unix()], t)
		}
	}
	for i := range notes {
		n := &notes[i].NoteTweet
		created, err := time.Parse(time.RFC3339, n.CreatedAt)
		if err != nil || n.Core.Text == "" {
			continue
		}
		prefix := n.Core.Text
		if utf8.RuneCountInString(prefix) > 200 {
			prefix = string([]rune(prefix)[:200])
		}
		var match *arTweet
		for s := created.Unix() - 1; s <= created.Unix()+1 && match == nil; s++ {
			for _, t := range bySecond[s] {
				tm, _ := time.Parse(time.RubyDate, t.CreatedAt)
				if d := tm.Sub(created); d < time.Second+time.Millisecond*999 && d > -time.Second-time.Millisecond*999 && strings.Contains(t.FullText, prefix) {
					match = t
					break
				}
			}
		}
		if match == nil {
			continue
		}
		match.FullText = n.Core.Text
		media := match.Entities.Media
		match.Entities = arEntities{Media: media}
		noteEntities(match, &n.Core)
	}
}

// noteEntities stores a note's entities as the tweet's (code point indices),
// marking the text as having none when the note lists none.
func noteEntities(t *arTweet, c *arNoteCore) {
	pair := func(a, b flexString) flexInts { return flexInts{a, b} }
	e := &t.Entities
	for _, u := range c.URLs {
		e.URLs = append(e.URLs, struct {
			URL         string   `json:"url"`
			ExpandedURL string   `json:"expanded_url"`
			DisplayURL  string   `json:"display_url"`
			Indices     flexInts `json:"indices"`
		}{u.ShortURL, u.ExpandedURL, u.DisplayURL, pair(u.FromIndex, u.ToIndex)})
	}
	for _, m := range c.Mentions {
		e.UserMentions = append(e.UserMentions, struct {
			ScreenName string   `json:"screen_name"`
			Indices    flexInts `json:"indices"`
		}{m.ScreenName, pair(m.FromIndex, m.ToIndex)})
	}
	for _, h := range c.Hashtags {
		e.Hashtags = append(e.Hashtags, struct {
			Text    string   `json:"text"`
			Indices flexInts `json:"indices"`
		}{h.Hashtag, pair(h.FromIndex, h.ToIndex)})
	}
	for _, h := range c.Cashtags {
		e.Symbols = append(e.Symbols, struct {
			Text    string   `json:"text"`
			Indices flexInts `json:"indices"`
		}{h.Cashtag, pair(h.FromIndex, h.ToIndex)})
	}
	if len(e.URLs)+len(e.UserMentions)+len(e.Hashtags)+len(e.Symbols) == 0 {
		t.noEntities = true
	}
	for _, s := range c.Styletags {
		var st style
		for _, ty := range s.StyleTypes {
			switch strings.ToLower(string(ty)) {
			case "bold":
				st.Bold = true
			case "italic":
				st.Italic = true
			}
		}
		st.Start, st.End = s.FromIndex.int(), s.ToIndex.int()
		if (st.Bold || st.Italic) && st.Start >= 0 && st.End > st.Start {
			t.styles = append(t.styles, st)
		}
	}
}

func (ar *archive) raw(t *arTweet) *rawPost {
	rp := &rawPost{ID: t.IDStr, AuthorID: ar.me, Author: ar.author, ReplyTo: t.InReplyToStatusIDStr, ReplyToUser: t.InReplyToUserIDStr, Lang: t.Lang}
	if tm, err := time.Parse(time.RubyDate, t.CreatedAt); err == nil {
		rp.Created = tm
	} else {
		rp.Created = snowflakeTime(t.IDStr)
	}
	rp.Rich = richText{Text: t.FullText, Escaped: true, NoEntityData: t.noEntities, Styles: t.styles,
		SkipLeadingMentions: t.InReplyToUserIDStr != "" && t.InReplyToUserIDStr != ar.me}
	e := &t.Entities
	e.addTo(&rp.Rich)
	for _, m := range e.Media {
		rp.Rich.addEntity(entMedia, m.Indices, m.URL, entity{})
	}
	if q := archiveQuote(t); q != nil {
		rp.Quote, rp.QuoteID = q, q.ID
	}
	media := t.ExtendedEntities.Media
	if len(media) == 0 {
		media = e.Media
	}
	for _, m := range media {
		w, h := m.Sizes.Large.W.int(), m.Sizes.Large.H.int()
		med := carousel.Media{Src: m.MediaURLHTTPS, Alt: m.ExtAltText, Width: max(w, 0), Height: max(h, 0)}
		switch m.Type {
		case "photo":
			med.Type = carousel.MediaPhoto
		case "video":
			med.Type, med.Link = carousel.MediaVideo, postURL(ar.author.Handle, t.IDStr)
		case "animated_gif":
			med.Type, med.Link = carousel.MediaGIF, postURL(ar.author.Handle, t.IDStr)
		default:
			continue
		}
		rp.Media = append(rp.Media, med)
	}
	return rp
}

// archiveQuote: the archive keeps only a quote's permalink, the last URL
// of the text. The quote becomes a card naming its author and saying its
// text is not in the archive; the permalink leaves the text.
func archiveQuote(t *arTweet) *rawPost {
	if len(t.Entities.URLs) == 0 {
		return nil
	}
	last := t.Entities.URLs[len(t.Entities.URLs)-1]
	if !strings.HasSuffix(strings.TrimSpace(t.FullText), last.URL) {
		return nil
	}
	handle, id, ok := statusURLParts(last.ExpandedURL)
	if !ok || id == t.IDStr {
		return nil
	}
	return &rawPost{ID: id, AuthorID: "quoted:" + handle, Author: carousel.Author{Handle: handle}, Created: snowflakeTime(id),
		Placeholder: "The quoted post is not in the archive: " + postURL(handle, id)}
}

// statusURLParts splits https://x.com/{handle}/status/{id}.
func statusURLParts(u string) (handle, id string, ok bool) {
	for _, prefix := range []string{"https://x.com/", "https://twitter.com/", "http://twitter.com/", "https://mobile.twitter.com/"} {
		if rest, found := strings.CutPrefix(u, prefix); found {
			parts := strings.Split(rest, "/")
			if len(parts) >= 3 && parts[1] == "status" && validID(parts[2]) && parts[0] != "i" {
				return parts[0], parts[2], true
			}
		}
	}
	return "", "", false
}

// findThreads lists the heads: posts that are not self-replies (or whose
// parent is missing) with at least one self-reply.
func (ar *archive) findThreads(ctx context.Context) error {
	hasChild := map[string]bool{}
	for _, p := range ar.pool.posts {
		if p.ReplyTo != "" && p.ReplyToUser == ar.me {
			if _, ok := ar.pool.posts[p.ReplyTo]; ok {
				hasChild[p.ReplyTo] = true
			}
		}
	}
	for id := range hasChild {
		p := ar.pool.posts[id]
		if _, parentIn := ar.pool.posts[p.ReplyTo]; parentIn && p.ReplyToUser == ar.me {
			continue
		}
		ar.heads = append(ar.heads, id)
	}
	for _, id := range ar.heads {
		chain, _, err := ar.pool.chain(ctx, id, nil)
		if err != nil {
			return err
		}
		head := ar.pool.posts[id]
		first := ""
		if blocks, _ := head.Rich.blocks(); len(blocks) > 0 {
			first = carousel.BlocksText(blocks[:1])
			if i := strings.IndexByte(first, '\n'); i >= 0 {
				first = first[:i]
			}
		}
		ar.summaries = append(ar.summaries, carousel.ThreadSummary{ID: id, FirstLine: truncateRunes(first, 100),
			Posts: len(chain), Created: head.Created.UTC().Format(time.RFC3339)})
	}
	sort.Slice(ar.summaries, func(i, j int) bool { return idLess(ar.summaries[j].ID, ar.summaries[i].ID) })
	return nil
}

// ListThreads lists the author's threads in an archive, newest first.
func (im *Importer) ListThreads(ctx context.Context, archivePath string) ([]carousel.ThreadSummary, error) {
	if kind := mastodonArchiveKind(archivePath); kind != "" {
		return im.listMastodonArchive(ctx, archivePath, kind)
	}
	ar, err := im.openArchive(ctx, archivePath)
	if err != nil {
		return nil, err
	}
	return append([]carousel.ThreadSummary(nil), ar.summaries...), nil
}

func (im *Importer) importArchive(ctx context.Context, archivePath, postID string) (*carousel.Thread, []carousel.Warning, error) {
	ar, err := im.openArchive(ctx, archivePath)
	if err != nil {
		return nil, nil, err
	}
	id := ""
	if postID != "" {
		var ok bool
		if id, ok = ParsePostURL(postID); !ok {
			return nil, nil, carousel.FieldError("postId", "%q is not a post id or URL.", truncateRunes(postID, 80))
		}
		if _, ok := ar.pool.posts[id]; !ok {
			return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "Post %s is not in this archive.", id)
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
	// Placeholders: the archive cannot have them, so say what they are.
	for _, p := range chain {
		if p.Placeholder != "" {
			p.Placeholder = "This post was deleted or is not in the archive."
		}
	}
	for i := range warns {
		if warns[i].Code == carousel.WarnPlaceholder {
			warns[i].Message = fmt.Sprintf("Post %s is not in the archive (deleted?); it is kept as a placeholder.", warns[i].Post)
		}
	}
	chain, err = im.withLocalMedia(ctx, ar, chain)
	if err != nil {
		return nil, nil, err
	}
	t := buildThread("archive", chain)
	warns = append(warns, truncationWarnings(t, "the archive (without data/note-tweet.js)")...)
	return t, warns, nil
}

// withLocalMedia replaces remote photo URLs by the archive's own copies
// (tweets_media/{post id}-{file name}), kept with StoreMedia or in CacheDir.
func (im *Importer) withLocalMedia(ctx context.Context, ar *archive, chain []*rawPost) ([]*rawPost, error) {
	type job struct {
		media *carousel.Media
		name  string
	}
	var jobs []job
	for _, p := range chain {
		for i := range p.Media {
			m := &p.Media[i]
			if m.Type != carousel.MediaPhoto {
				continue
			}
			name := p.ID + "-" + path.Base(strings.SplitN(m.Src, "?", 2)[0])
			if _, ok := ar.media[name]; ok {
				jobs = append(jobs, job{m, name})
			} else {
				m.Src = origPhoto(m.Src)
			}
		}
	}
	if len(jobs) == 0 {
		return chain, nil
	}
	var zr *zip.ReadCloser
	if ar.isZip {
		var err error
		if zr, err = zip.OpenReader(ar.path); err != nil {
			return nil, carousel.Errorf(carousel.EINVALID, "Archive %s is not a readable zip file.", filepath.Base(ar.path))
		}
		defer zr.Close()
	}
	zipFiles := map[string]*zip.File{}
	if zr != nil {
		for _, f := range zr.File {
			zipFiles[f.Name] = f
		}
	}
	for _, j := range jobs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		inner := ar.media[j.name]
		var data []byte
		var err error
		if zr != nil {
			f := zipFiles[inner]
			var rc io.ReadCloser
			if rc, err = f.Open(); err == nil {
				data, err = io.ReadAll(io.LimitReader(rc, MaxMediaBytes+1))
				rc.Close()
			}
		} else {
			var rc io.ReadCloser
			if rc, err = openRegular(filepath.Join(ar.path, filepath.FromSlash(inner))); err == nil {
				data, err = io.ReadAll(io.LimitReader(rc, MaxMediaBytes+1))
				rc.Close()
			}
		}
		if err != nil || len(data) > MaxMediaBytes || sniffImage(data) == "" {
			j.media.Src = origPhoto(j.media.Src) // the remote copy will do
			continue
		}
		if cfg, _, err := decodeConfig(data); err == nil && j.media.Width == 0 {
			j.media.Width, j.media.Height = cfg.Width, cfg.Height
		}
		ref, err := im.keepMedia(ctx, data)
		if err != nil {
			return nil, err
		}
		j.media.Src = ref
	}
	return chain, nil
}

// keepMedia stores an archive image and returns its reference.
func (im *Importer) keepMedia(ctx context.Context, data []byte) (string, error) {
	if im.cfg.StoreMedia != nil {
		ref, err := im.cfg.StoreMedia(ctx, data, sniffImage(data))
		if err != nil {
			return "", fmt.Errorf("importer: store archive image: %w", err)
		}
		return ref, nil
	}
	return im.storeContent(data)
}

// onlyThread is the id of an archive's one thread. With none, or several,
// the error says so and names the first few to pick from.
func onlyThread(summaries []carousel.ThreadSummary) (string, error) {
	switch len(summaries) {
	case 0:
		return "", carousel.Errorf(carousel.EINVALID, "The archive has no thread (a post followed by your replies to it); give a post id to import a single post.")
	case 1:
		return summaries[0].ID, nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The archive has %d threads: pick one by giving its first post's id or URL", len(summaries))
	for i, s := range summaries {
		if i == 3 {
			fmt.Fprintf(&b, "; and %d more (see the thread list)", len(summaries)-3)
			break
		}
		fmt.Fprintf(&b, "; %s: %q, %d posts, %s", s.ID, truncateRunes(s.FirstLine, 40), s.Posts, s.Created[:min(10, len(s.Created))])
	}
	b.WriteString(".")
	return "", &carousel.Error{Code: carousel.EINVALID, Field: "postId", Message: b.String()}
}
