// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	carousel "github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/markup"
)

// Input is what a command-line INPUT holds: a project (a carousel file) or
// a thread.
type Input struct {
	Project *carousel.Project
	Thread  *carousel.Thread
	// Path is the local file or folder the input came from, so that
	// relative image paths resolve beside it; empty otherwise.
	Path string
}

// ReadInput recognises a command-line INPUT: "-" for pasted text on stdin,
// a carousel file or thread JSON, a text file, an X archive (a zip, a
// folder or tweets.js) or a Mastodon archive (its zip or tar.gz, a folder
// or outbox.json), where postID picks the thread, "sample" for the
// built-in sample thread, or a post URL (X, Bluesky, Mastodon, Threads) or
// an X post id. The warnings are the import's.
func (im *Importer) ReadInput(ctx context.Context, input, postID string, stdin io.Reader) (*Input, []carousel.Warning, error) {
	if input == "sample" {
		return &Input{Thread: carousel.SampleThread()}, nil, nil
	}
	if input == "-" {
		data, err := io.ReadAll(stdin)
		if err != nil {
			return nil, nil, fmt.Errorf("importer: read standard input: %w", err)
		}
		t, err := markup.ParseThread(string(data))
		if err != nil {
			return nil, nil, fmt.Errorf("standard input: %w", err)
		}
		return &Input{Thread: t}, nil, nil
	}
	st, err := os.Stat(input)
	if err != nil {
		if IsPostURL(input) {
			t, warns, err := im.Import(ctx, carousel.ImportRequest{Source: input})
			return &Input{Thread: t}, warns, err
		}
		return nil, nil, carousel.Errorf(carousel.ENOTFOUND, "%s: no such file, and not a post URL on X, Bluesky, Mastodon or Threads, nor an X post id", input)
	}
	lower := strings.ToLower(input)
	if st.IsDir() || strings.HasSuffix(lower, ".zip") || strings.HasSuffix(lower, ".js") || mastodonArchiveKind(input) != "" {
		t, warns, err := im.Import(ctx, carousel.ImportRequest{Archive: input, PostID: postID})
		return &Input{Thread: t, Path: input}, warns, err
	}
	data, err := os.ReadFile(input)
	if err != nil {
		return nil, nil, carousel.Errorf(carousel.EINVALID, "%s: %v", input, err)
	}
	in := &Input{Path: input}
	switch {
	case strings.HasSuffix(lower, ".json") && isProjectJSON(data):
		in.Project, err = carousel.ReadProject(data)
	case strings.HasSuffix(lower, ".json"):
		in.Thread, err = carousel.ReadThread(data)
	default:
		in.Thread, err = markup.ParseThread(string(data))
	}
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", input, err)
	}
	return in, nil, nil
}

// isProjectJSON tells a carousel file from a thread: only a project has
// slides or settings.
func isProjectJSON(data []byte) bool {
	var probe map[string]json.RawMessage
	if json.Unmarshal(carousel.TrimBOM(data), &probe) != nil {
		return false
	}
	_, slides := probe["slides"]
	_, settings := probe["settings"]
	return slides || settings
}
