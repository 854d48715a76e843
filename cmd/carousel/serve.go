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
	"sync"
	"time"

	"github.com/carouselstudio/carousel/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	cfg.addSecretFlag(fs)
	cfg.addPublicURLFlag(fs)
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
	public, err := checkPublicURL(cfg.PublicURL)
	if err != nil {
		return err
	}
	pub, err := cfg.newPublisher(db, eng, logger)
	if err != nil {
		return err
	}
	srv := &web.Server{
		Projects: db, Profiles: db, Presets: db, Assets: db, BrandKit: db,
		Render: eng, Import: im, LoadImage: imageLoader(db, im, cfg.DataDir),
		Accounts: db, Posts: db, PublicURL: public,
		Logger: logger, Version: version,
	}
	// The scheduler stops with the server: jobs in progress are handed
	// back to be resumed at once by the next instance to look.
	var scheduler sync.WaitGroup
	schedCtx, stopScheduler := context.WithCancel(ctx)
	defer func() { stopScheduler(); scheduler.Wait() }()
	if pub != nil {
		srv.Publish = pub
		scheduler.Add(1)
		go func() {
			defer scheduler.Done()
			pub.Run(schedCtx)
		}()
		logger.Info("publishing is on", "public_url", public, "instance", pub.Owner())
	} else {
		logger.Info("publishing is off: set CAROUSEL_SECRET_KEY or --secret-key-file to connect accounts (docs/publishing.md)")
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
