// SPDX-License-Identifier: MIT

package publish

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// platform is one platform's OAuth and publishing client.
type platform interface {
	// authorizeURL is the page that asks the person to let the app post.
	authorizeURL(state, redirectURI string) string
	// exchange turns an authorization code into a credential and the
	// accounts it can post to.
	exchange(ctx context.Context, code, redirectURI string) (*carousel.Credential, []*carousel.SocialAccount, error)
	// refreshDue reports whether c's token should be renewed now.
	refreshDue(c *carousel.Credential, now time.Time) bool
	// refresh renews c's token (errNotRefreshable when it cannot be).
	refresh(ctx context.Context, c *carousel.Credential) (carousel.Token, error)
	// publish makes the post, resuming from r.cp, and records the post's
	// id with r.recordPost before it returns nil.
	publish(ctx context.Context, r *run) error
}

var errNotRefreshable = errors.New("publish: the token cannot be refreshed")

// run is one attempt at a job: what the platform client needs, and its
// checkpoint, which every step saves before it moves on.
type run struct {
	p       *Publisher
	job     *carousel.PostJob
	account *carousel.SocialAccount
	token   string
	owner   string
	cp      map[string]string
	log     *slog.Logger
}

// Checkpoint keys every platform shares.
const (
	cpPostID  = "post_id"  // the platform's id of the post: once set, the post exists
	cpPostURL = "post_url" // its public address, when known
	cpStep    = "step"     // the platform's request in flight, if any
	cpSince   = "since"    // when the in-flight request was sent (RFC 3339)
)

// set records key=value pairs in the checkpoint and saves it. A lost
// lease (another instance took the job over) stops the attempt.
func (r *run) set(ctx context.Context, kv ...string) error {
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			delete(r.cp, kv[i])
		} else {
			r.cp[kv[i]] = kv[i+1]
		}
	}
	return r.p.jobs.SavePostJobCheckpoint(ctx, r.job.ID, r.owner, r.cp)
}

// recordPost saves the post's id (and address) the moment the platform
// gives it, before anything else can fail: from then on the job can only
// end published.
func (r *run) recordPost(ctx context.Context, id, url string) error {
	if id == "" {
		return fmt.Errorf("%s gave no id for the post", platformLabel(r.job.Platform))
	}
	r.log.Info("post made", "job", r.job.ID, "platform", r.job.Platform, "post", id)
	return r.setDetached(ctx, cpPostID, id, cpPostURL, url, cpStep, "")
}

// beginStep records that a request which makes something visible is about
// to be sent, so a restart knows to check before sending it again.
func (r *run) beginStep(ctx context.Context, step string) error {
	return r.set(ctx, cpStep, step, cpSince, r.p.cfg.Now().UTC().Format(time.RFC3339))
}

// since returns when the in-flight step began, or the zero time.
func (r *run) since() time.Time {
	t, _ := time.Parse(time.RFC3339, r.cp[cpSince])
	return t
}

// setDetached is set for the writes that must happen even when the
// attempt is being stopped: recording a post, or that a request failed.
func (r *run) setDetached(ctx context.Context, kv ...string) error {
	return detached(ctx, func(c context.Context) error { return r.set(c, kv...) })
}

// list reads a checkpoint list of ids.
func (r *run) list(key string) []string {
	if r.cp[key] == "" {
		return nil
	}
	return strings.Split(r.cp[key], ",")
}

// mediaURL is the signed public address of a post's image.
func (r *run) mediaURL(m carousel.PostMedia) string {
	return r.p.signedMediaURL(m.Ref, m.Type)
}

// media reads a post's file.
func (r *run) media(ctx context.Context, ref string) ([]byte, error) {
	data, _, err := r.p.jobs.PostMedia(ctx, ref)
	return data, err
}

// poll calls check until it reports done, waiting PollInterval at first
// and up to 8 times that between calls. After ProcessingTimeout it ends
// the attempt with errLater, so the job is looked at again without
// holding a worker.
func (r *run) poll(ctx context.Context, what string, check func() (bool, error)) error {
	wait := r.p.cfg.PollInterval
	deadline := r.p.cfg.Now().Add(r.p.cfg.ProcessingTimeout)
	for {
		done, err := check()
		if err != nil || done {
			return err
		}
		if r.p.cfg.Now().After(deadline) {
			return &errLater{msg: fmt.Sprintf("%s is still processing %s; looking again in a minute", platformLabel(r.job.Platform), what), after: time.Minute}
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		if wait *= 2; wait > 8*r.p.cfg.PollInterval {
			wait = 8 * r.p.cfg.PollInterval
		}
	}
}

// detached runs fn with ctx's values but not its cancellation, bounded to
// 30 seconds.
func detached(ctx context.Context, fn func(context.Context) error) error {
	c, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	return fn(c)
}
