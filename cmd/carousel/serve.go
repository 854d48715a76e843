// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	addr := fs.String("addr", envOr("CAROUSEL_ADDR", "127.0.0.1:8080"), "listen `address`")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	db, err := cfg.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	im := cfg.newImporter(db)
	eng, err := newEngine(db, im, cfg.DataDir)
	if err != nil {
		return err
	}
	srv := &web.Server{
		Projects: db, Profiles: db, Presets: db, Assets: db, BrandKit: db,
		Render: eng, Import: im, LoadImage: imageLoader(db, im, cfg.DataDir), CheckFont: render.CheckFont,
		Logger: logger, Version: version,
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "Carousel Studio is running at http://%s/ (data in %s, %s database)\n", ln.Addr(), cfg.DataDir, db.Dialect())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}
