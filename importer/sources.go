// SPDX-License-Identifier: MIT

package importer

import (
	"context"
	"strings"

	carousel "github.com/carouselstudio/carousel"
)

// sourceResult is what one source got. Partial results (a backward-only
// walk) are kept while the next sources are tried for a complete one.
type sourceResult struct {
	thread   *carousel.Thread
	warnings []carousel.Warning
	partial  bool
}

type source struct {
	name  string
	fetch func(ctx context.Context, id string) (*sourceResult, error)
}

func (im *Importer) sources() []source {
	var s []source
	if im.cfg.BearerToken != "" && im.cfg.XAPIBase != "-" {
		s = append(s, source{"X API", im.xapiThread})
	}
	if im.cfg.FxTwitterBase != "-" {
		s = append(s, source{"FxTwitter", im.fxThread})
	}
	if im.cfg.SyndicationBase != "-" {
		s = append(s, source{synName, im.syndicationThread})
	}
	return s
}

// importPost tries each source in order and returns the first complete
// thread, else the first partial one, else one error saying what each
// source answered.
func (im *Importer) importPost(ctx context.Context, id string) (*carousel.Thread, []carousel.Warning, error) {
	srcs := im.sources()
	if len(srcs) == 0 {
		return nil, nil, carousel.Errorf(carousel.EUNAVAILABLE, "No source is configured to fetch posts: set CAROUSEL_X_BEARER_TOKEN or enable FxTwitter or syndication, or paste the text.")
	}
	var best *sourceResult
	var errs []error
	var names []string
	for _, s := range srcs {
		res, err := s.fetch(ctx, id)
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		if err != nil {
			errs = append(errs, err)
			names = append(names, s.name)
			continue
		}
		if !res.partial {
			return res.thread, res.warnings, nil
		}
		if best == nil || len(res.thread.Posts) > len(best.thread.Posts) {
			best = res
		}
	}
	if best != nil {
		return best.thread, best.warnings, nil
	}
	return nil, nil, combineErrors(id, names, errs)
}

// combineErrors builds one line: "Could not import post N: X API: …; FxTwitter: …".
func combineErrors(id string, names []string, errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	var b strings.Builder
	b.WriteString("Could not import post " + id + ". ")
	codes := map[string]bool{}
	for i, err := range errs {
		if i > 0 {
			b.WriteString(" ")
		}
		msg := strings.TrimSpace(carousel.ErrorMessage(err))
		if !strings.HasPrefix(msg, names[i]) {
			if strings.HasPrefix(msg, "Post ") {
				msg = "post " + msg[len("Post "):]
			}
			msg = names[i] + ": " + msg
		}
		if !strings.HasSuffix(msg, ".") {
			msg += "."
		}
		b.WriteString(msg)
		codes[carousel.ErrorCode(err)] = true
	}
	code := carousel.EUNAVAILABLE
	// The code that best tells the user what to do: the post itself is gone
	// or private beats a busy or misconfigured source.
	for _, c := range []string{carousel.EFORBIDDEN, carousel.ENOTFOUND, carousel.ERATELIMIT, carousel.EUNAVAILABLE, carousel.EUNAUTHORIZED, carousel.EINVALID} {
		if codes[c] {
			code = c
			break
		}
	}
	if len(codes) == 1 {
		for c := range codes {
			code = c
		}
	}
	return &carousel.Error{Code: code, Message: b.String(), Err: errs[len(errs)-1]}
}
