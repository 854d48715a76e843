// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/internal/atomicfile"
)

// remote is a team server reached through its API with an API token, for
// the commands that can work on one (render, import, profiles).
type remote struct {
	base, token string
	client      *http.Client
}

// remoteFlags registers --server and --token; use returns the remote when
// --server is given.
type remoteFlags struct{ server, token string }

func (f *remoteFlags) add(fs *flag.FlagSet) {
	fs.StringVar(&f.server, "server", os.Getenv("CAROUSEL_SERVER"), "work on a team server at `URL` instead of the local database (CAROUSEL_SERVER)")
	fs.StringVar(&f.token, "token", os.Getenv("CAROUSEL_TOKEN"), "the API `token` for --server, made in the studio (CAROUSEL_TOKEN; prefer the variable to the flag)")
}

func (f *remoteFlags) remote() (*remote, error) {
	if f.server == "" {
		return nil, nil
	}
	u, err := url.Parse(f.server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, carousel.Errorf(carousel.EINVALID, "--server %q is not an http(s) URL", f.server)
	}
	if f.token == "" {
		return nil, carousel.Errorf(carousel.EINVALID, "--server needs an API token: make one in the studio (your menu, API tokens) and pass it in CAROUSEL_TOKEN or --token")
	}
	return &remote{base: strings.TrimSuffix(f.server, "/"), token: f.token, client: &http.Client{Timeout: 5 * time.Minute}}, nil
}

// do sends a request and returns the answer of a 2xx status; any other
// status becomes the server's error, with its code and message.
func (r *remote) do(ctx context.Context, method, path string, body io.Reader, contentType string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, method, r.base+path, body)
	if err != nil {
		return nil, fmt.Errorf("server request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+r.token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := r.client.Do(req)
	if err != nil {
		return nil, carousel.Errorf(carousel.EUNAVAILABLE, "cannot reach the server %s: %v", r.base, err)
	}
	if res.StatusCode/100 == 2 {
		return res, nil
	}
	defer res.Body.Close()
	var e struct {
		Error struct{ Code, Message, Field string }
	}
	b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if json.Unmarshal(b, &e) != nil || e.Error.Code == "" {
		return nil, carousel.Errorf(carousel.EUNAVAILABLE, "the server %s answered %s", r.base, res.Status)
	}
	return nil, &carousel.Error{Code: e.Error.Code, Field: e.Error.Field, Message: "the server says: " + e.Error.Message}
}

// getJSON and sendJSON exchange JSON with the server.
func (r *remote) getJSON(ctx context.Context, path string, out any) error {
	res, err := r.do(ctx, "GET", path, nil, "")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(out)
}

func (r *remote) sendJSON(ctx context.Context, method, path string, in, out any) error {
	b, err := json.Marshal(in)
	if err != nil {
		return err
	}
	res, err := r.do(ctx, method, path, bytes.NewReader(b), "application/json")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if out == nil {
		return nil
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// download writes the answer of GET path to file, atomically.
func (r *remote) download(ctx context.Context, path, file string) error {
	res, err := r.do(ctx, "GET", path, nil, "")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return atomicfile.Write(file, func(w io.Writer) error {
		_, err := io.Copy(w, res.Body)
		return err
	})
}

// remoteProject finds input on the server: a project id, or else a source
// (a post URL, a text file or - for standard input) made into a new
// project with the choices. It returns the project's id.
func (r *remote) remoteProject(ctx context.Context, input string, c carousel.Choices, stdin io.Reader, stderr io.Writer) (string, error) {
	if !strings.ContainsAny(input, "/.:") && input != "-" && len(input) == 12 {
		var p struct{ ID string }
		err := r.getJSON(ctx, "/api/projects/"+url.PathEscape(input), &p)
		if err == nil {
			return p.ID, nil
		}
		if carousel.ErrorCode(err) != carousel.ENOTFOUND {
			return "", err
		}
	}
	source := input
	switch {
	case input == "-":
		b, err := io.ReadAll(stdin)
		if err != nil {
			return "", fmt.Errorf("read standard input: %w", err)
		}
		source = string(b)
	case strings.HasPrefix(input, "http://"), strings.HasPrefix(input, "https://"):
	default:
		if b, err := os.ReadFile(input); err == nil {
			source = string(b)
		}
	}
	req := map[string]string{"source": source, "preset": c.Preset, "format": c.Format, "template": c.Template, "theme": c.Theme, "language": c.Language}
	var created struct {
		ID       string
		Slides   []carousel.RenderedSlide
		Warnings []carousel.Warning
	}
	if err := r.sendJSON(ctx, "POST", "/api/projects", req, &created); err != nil {
		return "", err
	}
	printWarnings(stderr, created.Warnings)
	fmt.Fprintf(stderr, "created project %s on %s (%d slides): %s/?p=%s\n", created.ID, r.base, len(created.Slides), r.base, created.ID)
	return created.ID, nil
}

// renderRemote writes a project of the server as out: the PDF, the ZIP of
// images, or one slide.
func renderRemote(ctx context.Context, r *remote, input string, f *renderFlags, c carousel.Choices, imgFmt carousel.ImageFormat, stdin io.Reader, stderr io.Writer) error {
	kind, err := outputKind(f.out, f.slide)
	if err != nil {
		return err
	}
	// The server makes a project from a source, a preset, a format, a
	// template and a theme: other flags would be dropped without a word.
	if c.Pattern != "" || c.CTA != nil || f.split || f.postID != "" || c.Colors != nil || c.TitleFont != "" || c.BodyFont != "" || c.Background != nil || c.FixedSizes {
		return carousel.Errorf(carousel.EINVALID, "with --server, --pattern, --cta, --colors, --title-font, --body-font, --background, --fixed-sizes, --split and --post are not available: change the project in the studio")
	}
	id, err := r.remoteProject(ctx, input, c, stdin, stderr)
	if err != nil {
		return err
	}
	path := "/api/projects/" + url.PathEscape(id)
	switch kind {
	case outPDF:
		path += "/export.pdf"
	case outZip:
		path += "/export.zip?format=" + string(imgFmt)
	case outSVG:
		path += fmt.Sprintf("/slides/%d.svg", f.slide)
	case outPNG:
		path += fmt.Sprintf("/slides/%d.png", f.slide)
	case outJPEG:
		path += fmt.Sprintf("/slides/%d.jpeg", f.slide)
	default:
		return carousel.Errorf(carousel.EINVALID, "with --server, -o must be a .pdf, a .zip or one slide (.svg, .png, .jpg with --slide N)")
	}
	if err := r.download(ctx, path, f.out); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s from %s\n", f.out, r.base)
	return nil
}
