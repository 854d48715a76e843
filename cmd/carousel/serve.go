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
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/web"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	cfg.addSecretFlag(fs)
	addr := fs.String("addr", envOr("CAROUSEL_ADDR", "127.0.0.1:8080"), "listen `address`")
	publicURL := fs.String("public-url", os.Getenv("CAROUSEL_PUBLIC_URL"), "the `URL` users reach the studio at behind a proxy; its host is answered to (CAROUSEL_PUBLIC_URL)")
	proxies := fs.String("trusted-proxy", os.Getenv("CAROUSEL_TRUSTED_PROXIES"), "`addresses` or CIDR ranges of the reverse proxies in front of the server, comma-separated: their X-Forwarded-For names the caller for the sign-in limits and the audit log (CAROUSEL_TRUSTED_PROXIES)")
	var tc teamConfig
	tc.addFlags(fs)
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	trusted, err := parseProxies(*proxies)
	if err != nil {
		return err
	}
	cfg.PublicURL = *publicURL // where the platforms fetch images, too
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	db, err := cfg.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	auth, err := tc.decide(ctx, db, *addr, stderr)
	if err != nil {
		return err
	}
	im := cfg.newImporter(db)
	eng, err := newEngine(db, im, noFiles)
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
		Accounts: db, Workspaces: db, Reviews: db, Audit: db, SignInFailures: db, Auth: auth,
		SessionTTL: tc.sessionTTL,
		Render:     eng, Import: im, LoadImage: imageLoader(db, im, noFiles), CheckFont: render.CheckFont,
		Logger: logger, Version: version, PublicURL: *publicURL, TrustedProxies: trusted,
		UploadDir:      filepath.Join(cfg.DataDir, "uploads"),
		SocialAccounts: db, Posts: db, // publishing; Publish is set below when it is on
	}
	if auth && tc.ssoIssuer != "" {
		if srv.SSO, err = tc.singleSignOn(ctx, *publicURL, *addr); err != nil {
			return err
		}
		srv.SSOName = tc.ssoName
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
	defer ln.Close()
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	srv.Hosts = ownNames(host)
	if err := srv.CheckConfig(); err != nil {
		return err
	}
	// Requests run under a context that shutting down cancels, so that a
	// long render stops instead of holding the shutdown.
	reqCtx, cancelRequests := context.WithCancel(context.Background())
	defer cancelRequests()
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return reqCtx },
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	mode := "single-user mode, no sign-in"
	if auth {
		mode = "sign-in on"
	}
	fmt.Fprintf(stdout, "Carousel Studio is running at http://%s/ (data in %s, %s database, %s)\n", ln.Addr(), cfg.DataDir, db.Dialect(), mode)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	cancelRequests()
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

// ownNames are the names the server answers to for a listen host: the
// host itself, or, listening on every interface, the machine's addresses
// and its host name.
func ownNames(host string) []string {
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsUnspecified() {
		return []string{host}
	}
	var names []string
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok {
				names = append(names, n.IP.String())
			}
		}
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		names = append(names, h, h+".local")
	}
	return names
}

// exposed reports whether a listen host is reachable from other machines.
func exposed(host string) bool {
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}

// parseProxies reads --trusted-proxy: addresses and CIDR ranges,
// comma-separated.
func parseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range strings.Split(list, ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if p, err := netip.ParsePrefix(v); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(v)
		if err != nil {
			return nil, carousel.FieldError("--trusted-proxy", "%q is neither an address nor a CIDR range (10.0.0.0/8, 127.0.0.1, ::1)", v)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
