// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/internal/atomicfile"
)

const importHelp = `Usage: carousel import SOURCE -o thread.json [flags]

SOURCE is a post URL on X, Bluesky, Mastodon (any compatible server) or
Threads (your own posts, with CAROUSEL_THREADS_TOKEN), an X post id, an X
archive (zip, unpacked folder or tweets.js), a Mastodon archive (zip,
tar.gz, unpacked folder or outbox.json), or a text file (- for standard
input). The whole thread is imported, with no cap on its length. With
--server URL and an API token (CAROUSEL_TOKEN), the thread becomes a new
project on that team server, and its id is printed.

`

func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	out := fs.String("o", "", "output `file` for the thread JSON (- for standard output)")
	postID := fs.String("post", "", "the thread to pick from an archive, by a post's id or URL")
	list := fs.Bool("list", false, "list the threads of an archive instead of importing one")
	var rf remoteFlags
	rf.add(fs)
	fs.Usage = func() { fmt.Fprint(stderr, importHelp); fs.PrintDefaults() }
	input, err := parseWithInput(fs, args)
	if err != nil {
		return err
	}
	if r, err := rf.remote(); err != nil || r != nil {
		if err != nil {
			return err
		}
		if *list || *postID != "" || *out != "" {
			return carousel.Errorf(carousel.EINVALID, "with --server the thread becomes a project on the server: -o, --post and --list are for local imports")
		}
		id, err := r.remoteProject(ctx, input, carousel.Choices{}, os.Stdin, stderr)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, id)
		return nil
	}
	im := cfg.newImporter(nil)
	if *list {
		threads, err := im.ListThreads(ctx, input)
		if err != nil {
			return err
		}
		for _, t := range threads {
			fmt.Fprintf(stdout, "%s\t%d posts\t%s\t%s\n", t.ID, t.Posts, t.Created, t.FirstLine)
		}
		return nil
	}
	if *out == "" {
		fs.Usage()
		return carousel.Errorf(carousel.EINVALID, "missing -o FILE")
	}
	in, warns, err := im.ReadInput(ctx, input, *postID, os.Stdin)
	printWarnings(stderr, warns)
	if err != nil {
		return err
	}
	t := in.Thread
	if in.Project != nil {
		t = &in.Project.Thread
	}
	for _, p := range t.Posts {
		if p.Placeholder != "" {
			fmt.Fprintf(stderr, "warning: post %s: %s\n", p.ID, p.Placeholder)
		}
	}
	if *out == "-" {
		return carousel.EncodeJSON(stdout, t)
	}
	if err := atomicfile.Write(*out, func(w io.Writer) error { return carousel.EncodeJSON(w, t) }); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s (%d posts by @%s)\n", *out, len(t.Posts), t.Author.Handle)
	return nil
}
