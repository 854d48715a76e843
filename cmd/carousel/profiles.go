// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/internal/atomicfile"
)

const profilesHelp = `Usage:
  carousel profiles export [--data DIR] -o FILE     write every brand profile and preset, with images
  carousel profiles import [--data DIR] [--replace] FILE
  (with --server URL and an API token in CAROUSEL_TOKEN: the team server's workspace)
`

func runProfiles(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "import") {
		fmt.Fprint(stderr, profilesHelp)
		return errUsage
	}
	fs := flag.NewFlagSet("profiles "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	out := fs.String("o", "", "output `file` (export)")
	replace := fs.Bool("replace", false, "replace profiles and presets whose names are taken (import)")
	var rf remoteFlags
	rf.add(fs)
	fs.Usage = func() { fmt.Fprint(stderr, profilesHelp); fs.PrintDefaults() }
	if args[0] == "export" {
		if err := fs.Parse(args[1:]); err != nil {
			return errUsage
		}
		if *out == "" {
			return carousel.Errorf(carousel.EINVALID, "missing -o FILE")
		}
		if r, err := rf.remote(); err != nil || r != nil {
			if err != nil {
				return err
			}
			if err := r.download(ctx, "/api/brandkit", *out); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "wrote %s from %s\n", *out, r.base)
			return nil
		}
		db, err := cfg.openStore(ctx)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := atomicfile.Write(*out, func(w io.Writer) error { return db.ExportBrandKit(ctx, w) }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", *out)
		return nil
	}
	file, err := parseWithInput(fs, args[1:])
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return carousel.Errorf(carousel.ENOTFOUND, "%s: %v", file, err)
	}
	defer f.Close()
	if r, err := rf.remote(); err != nil || r != nil {
		if err != nil {
			return err
		}
		path := "/api/brandkit"
		if *replace {
			path += "?replace=true"
		}
		res, err := r.do(ctx, "POST", path, f, "application/json")
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		defer res.Body.Close()
		var n struct{ Profiles, Presets int }
		if err := json.NewDecoder(res.Body).Decode(&n); err != nil {
			return fmt.Errorf("read the server's answer: %w", err)
		}
		fmt.Fprintf(stdout, "imported %d profiles and %d presets into %s\n", n.Profiles, n.Presets, r.base)
		return nil
	}
	db, err := cfg.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	profiles, presets, err := db.ImportBrandKit(ctx, f, *replace)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	fmt.Fprintf(stdout, "imported %d profiles and %d presets\n", profiles, presets)
	return nil
}
