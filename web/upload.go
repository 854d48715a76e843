// SPDX-License-Identifier: MIT

package web

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/carouselstudio/carousel"
)

// archiveTTL is how long an uploaded archive is kept for the user to pick
// one of its threads.
const archiveTTL = time.Hour

type archiveUpload struct {
	dir     string
	path    string
	size    int64
	created time.Time
}

// archiveUploads keeps uploaded X and Mastodon archives on disk for a
// while, so that picking a thread from a 200 MB archive does not upload it
// twice. They are bounded in total (the oldest go first), removed when
// they turn out not to be archives, and cleaned at start-up.
type archiveUploads struct {
	mu       sync.Mutex
	dirs     map[string]archiveUpload
	root     string // where upload folders are made
	maxTotal int64
}

// archivePrefix names upload folders, so that start-up finds old ones.
const archivePrefix = "carousel-archive-"

// clean removes upload folders a previous run left: every one in a
// folder of the server's own, and those older than archiveTTL in the
// shared temporary folder (another server may be using younger ones).
func (a *archiveUploads) clean(own bool) {
	entries, err := os.ReadDir(a.root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), archivePrefix) {
			continue
		}
		if info, err := e.Info(); err == nil && (own || time.Since(info.ModTime()) > archiveTTL) {
			os.RemoveAll(filepath.Join(a.root, e.Name()))
		}
	}
}

func (a *archiveUploads) add(u archiveUpload) string {
	var b [16]byte
	rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	a.mu.Lock()
	defer a.mu.Unlock()
	var total int64
	for t, old := range a.dirs {
		if time.Since(old.created) > archiveTTL {
			os.RemoveAll(old.dir)
			delete(a.dirs, t)
			continue
		}
		total += old.size
	}
	for total+u.size > a.maxTotal && len(a.dirs) > 0 {
		oldest := ""
		for t, old := range a.dirs {
			if oldest == "" || old.created.Before(a.dirs[oldest].created) {
				oldest = t
			}
		}
		total -= a.dirs[oldest].size
		os.RemoveAll(a.dirs[oldest].dir)
		delete(a.dirs, oldest)
	}
	a.dirs[token] = u
	return token
}

// remove deletes an upload that is of no use (not an archive, no thread).
func (a *archiveUploads) remove(token string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if u, ok := a.dirs[token]; ok {
		os.RemoveAll(u.dir)
		delete(a.dirs, token)
	}
}

func (a *archiveUploads) path(token string) (string, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	u, ok := a.dirs[token]
	if !ok || time.Since(u.created) > archiveTTL {
		return "", false
	}
	return u.path, true
}

// readCreateForm reads a multipart POST /api/projects: the fields of
// createRequest and an optional "archive" file, which is saved to a
// private temporary folder after its bytes are checked.
func (s *Server) readCreateForm(w http.ResponseWriter, r *http.Request) (req createRequest, token, path string, err error) {
	limit := s.MaxUpload * 10
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return req, "", "", carousel.Errorf(carousel.EINVALID, "the multipart form cannot be read: %v", err)
	}
	fields := map[string]*string{"source": &req.Source, "post": &req.Post, "title": &req.Title, "format": &req.Format,
		"template": &req.Template, "theme": &req.Theme, "preset": &req.Preset, "archive": &req.Archive}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return req, "", "", uploadError(err, limit)
		}
		name := part.FormName()
		if name == "archive" && part.FileName() != "" {
			if path != "" {
				return req, "", "", carousel.FieldError("archive", "send one archive at a time")
			}
			token, path, err = s.saveArchive(part, limit)
			if err != nil {
				return req, "", "", err
			}
			continue
		}
		dst, ok := fields[name]
		if !ok {
			return req, "", "", carousel.Errorf(carousel.EINVALID, "unknown form field %q", name)
		}
		b, err := io.ReadAll(io.LimitReader(part, maxJSONBody+1))
		if err != nil {
			return req, "", "", uploadError(err, limit)
		}
		if len(b) > maxJSONBody {
			return req, "", "", carousel.Errorf(carousel.ETOOLARGE, "the field %q is over %d MB", name, maxJSONBody>>20)
		}
		*dst = string(b)
	}
	if path == "" && req.Archive != "" {
		p, ok := s.archives.path(req.Archive)
		if !ok {
			return req, "", "", carousel.FieldError("archive", "the uploaded archive has expired or is unknown: upload it again")
		}
		token, path = req.Archive, p
	}
	return req, token, path, nil
}

func (s *Server) saveArchive(part io.Reader, limit int64) (token, path string, err error) {
	br := bufio.NewReaderSize(part, 4096)
	head, _ := br.Peek(4096)
	trimmed := bytes.TrimLeft(head, "\ufeff \t\r\n")
	var name string
	var n int64
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		name = "archive.zip" // X's, or Mastodon's since 4.1
	case bytes.HasPrefix(head, []byte{0x1f, 0x8b}):
		name = "archive.tar.gz" // Mastodon's before 4.1
	case bytes.HasPrefix(trimmed, []byte("window.YTD.")):
		name = "tweets.js"
	case bytes.HasPrefix(trimmed, []byte("{")) && (bytes.Contains(head, []byte(`"orderedItems"`)) || bytes.Contains(head, []byte(`"OrderedCollection"`))):
		name = "outbox.json"
	default:
		return "", "", carousel.FieldError("archive", "is neither an X archive (its .zip or data/tweets.js) nor a Mastodon archive (its .zip or .tar.gz, or outbox.json)")
	}
	dir, err := os.MkdirTemp(s.archives.root, archivePrefix+"*")
	if err != nil {
		return "", "", fmt.Errorf("web: make archive folder: %w", err)
	}
	path = filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err == nil {
		n, err = io.Copy(f, io.LimitReader(br, limit+1))
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err == nil && n > limit {
			err = carousel.Errorf(carousel.ETOOLARGE, "the archive is over %d MB", limit>>20)
		}
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", "", uploadError(err, limit)
	}
	return s.archives.add(archiveUpload{dir: dir, path: path, size: n, created: time.Now()}), path, nil
}

// uploadError turns a failed upload read into a user error.
func uploadError(err error, limit int64) error {
	var tooBig *http.MaxBytesError
	var ce *carousel.Error
	switch {
	case errors.As(err, &ce):
		return err
	case errors.As(err, &tooBig):
		return carousel.Errorf(carousel.ETOOLARGE, "the upload is over %d MB", limit>>20)
	}
	return carousel.Errorf(carousel.EINVALID, "the upload cannot be read: %v", err)
}
