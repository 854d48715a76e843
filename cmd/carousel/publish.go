// SPDX-License-Identifier: MIT

package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/publish"
)

const publishHelp = `Usage: carousel publish INPUT --to PLATFORM[:ACCOUNT] [--to …] [flags]

Posts a carousel to LinkedIn (a document post), Instagram, Threads or TikTok.
INPUT is what carousel render takes. Without --at it posts now and waits for
the platform; with --at it schedules the post, which carousel serve (on the
same database) publishes at that time.

ACCOUNT is the account's id, name or @username (carousel accounts list); it
may be left out when the platform has one account. Instagram, Threads and
TikTok fetch the images from --public-url, where carousel serve must be
answering on the same database with the same secret key.

Exit status: 0 when every post is made (or scheduled, with --at), 1 when
one failed, 3 when one is not made yet but kept for carousel serve to retry
(a rate limit or a platform still processing).

Flags:
`

// targetsFlag collects repeated --to values.
type targetsFlag []string

func (t *targetsFlag) String() string { return strings.Join(*t, ",") }
func (t *targetsFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*t = append(*t, p)
		}
	}
	return nil
}

func runPublish(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	cfg.addSecretFlag(fs)
	cfg.addPublicURLFlag(fs)
	var rf renderFlags
	fs.StringVar(&rf.format, "format", "", "output format (carousel list formats)")
	fs.StringVar(&rf.template, "template", "", "layout template (carousel list templates)")
	fs.StringVar(&rf.theme, "theme", "", "preset theme (carousel list themes)")
	fs.StringVar(&rf.pattern, "pattern", "", "background pattern (carousel list patterns)")
	fs.StringVar(&rf.cta, "cta", "", "outro call to action: 1 follow, 2 share, 3 save or visit, 0 none")
	fs.StringVar(&rf.preset, "preset", "", "apply the saved preset `NAME` from the database")
	fs.StringVar(&rf.postID, "post", "", "the thread to pick from an X archive, by a post's id or URL")
	var to targetsFlag
	fs.Var(&to, "to", "where to post: `PLATFORM[:ACCOUNT]` (repeat, or separate with commas)")
	caption := fs.String("caption", "", "the post's `text` (default: drawn from the thread, and printed)")
	captionFile := fs.String("caption-file", "", "read the caption from a `file` (- for standard input)")
	title := fs.String("title", "", "the LinkedIn document's and TikTok post's `title` (default: the carousel's)")
	at := fs.String("at", "", "schedule for this RFC 3339 `time` (2026-12-24T09:00:00+01:00) instead of posting now")
	split := fs.Bool("split", false, "post a carousel longer than a platform takes as several numbered posts")
	privacy := fs.String("privacy", "", "TikTok: who can see the post (PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY); required for TikTok")
	draft := fs.Bool("draft", false, "TikTok: send to the creator's inbox to finish in the app instead of posting")
	noComments := fs.Bool("no-comments", false, "TikTok: turn comments off")
	wsName := fs.String("workspace", "", "the workspace's `name` on a team server (default: the first workspace)")
	fs.Usage = func() { fmt.Fprint(stderr, publishHelp); fs.PrintDefaults() }
	input, err := parseWithInput(fs, args)
	if err != nil {
		return err
	}
	if len(to) == 0 {
		fs.Usage()
		return carousel.Errorf(carousel.EINVALID, "missing --to PLATFORM[:ACCOUNT]")
	}
	var when time.Time
	if *at != "" {
		if when, err = time.Parse(time.RFC3339, *at); err != nil {
			return carousel.Errorf(carousel.EINVALID, "--at must be an RFC 3339 time such as 2026-12-24T09:00:00+01:00, not %q", *at)
		}
	}
	text := *caption
	if *captionFile != "" {
		var b []byte
		if *captionFile == "-" {
			b, err = io.ReadAll(os.Stdin)
		} else {
			b, err = os.ReadFile(*captionFile)
		}
		if err != nil {
			return carousel.Errorf(carousel.EINVALID, "read the caption: %v", err)
		}
		text = string(b)
	}
	if !cfg.hasStore() {
		return carousel.Errorf(carousel.ENOTFOUND, "no database in %s: connect an account first (the studio's Publish panel, or carousel accounts add)", cfg.DataDir)
	}
	choices, err := rf.choices()
	if err != nil {
		return err
	}
	if *wsName != "" {
		// The workspace's presets, profiles and accounts: resolve it first.
		db, err := cfg.openStore(ctx)
		if err != nil {
			return err
		}
		ctx, err = inWorkspace(ctx, db, *wsName)
		db.Close()
		if err != nil {
			return err
		}
	}
	job, err := prepareRender(ctx, &cfg, input, rf.postID, choices, os.Stdin, stderr)
	if err != nil {
		return err
	}
	defer job.close()
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	pub, err := cfg.newPublisher(job.db, job.eng, logger)
	if err != nil {
		return err
	}
	if pub == nil {
		return errNoKey
	}
	req := carousel.PublishRequest{At: when, Split: *split}
	for _, t := range to {
		platform, ref, _ := strings.Cut(t, ":")
		platform = strings.ToLower(platform)
		if _, ok := carousel.PublishPlatformByName(platform); !ok {
			return carousel.Errorf(carousel.EINVALID, "--to %s: unknown platform %q (linkedin, instagram, threads, tiktok)", t, platform)
		}
		a, err := findAccount(ctx, job.db, platform, ref)
		if err != nil {
			return fmt.Errorf("--to %s: %w", t, err)
		}
		c := text
		if strings.TrimSpace(c) == "" && *caption == "" && *captionFile == "" {
			c = carousel.DefaultCaption(&job.project.Thread, platform)
			fmt.Fprintf(stderr, "caption for %s (from the thread; --caption to change it):\n%s\n\n", a.Name, indent(c))
		}
		req.Accounts = append(req.Accounts, carousel.PublishTarget{Account: a.ID, Caption: c, Title: *title,
			Options: carousel.PostOptions{Privacy: strings.ToUpper(*privacy), Draft: *draft, DisableComment: *noComments}})
	}
	jobs, err := pub.Schedule(ctx, job.project, req)
	if err != nil {
		return err
	}
	if !when.IsZero() && when.After(time.Now()) {
		for _, j := range jobs {
			fmt.Fprintf(stdout, "scheduled %s to %s %s for %s (post %s)\n", describePart(j), platformLabel(j.Platform), j.AccountName, j.ScheduledAt.Local().Format("Mon 2 Jan 2006 15:04 MST"), j.ID)
		}
		fmt.Fprintln(stderr, "carousel serve on this database publishes it then; carousel posts list shows where it stands")
		return nil
	}
	if err := checkPublicMedia(ctx, pub, jobs); err != nil {
		for _, j := range jobs {
			job.db.CancelPostJob(context.WithoutCancel(ctx), j.ID)
		}
		return err
	}
	var failed, pending []string
	for _, j := range jobs {
		fmt.Fprintf(stderr, "publishing %s to %s %s…\n", describePart(j), platformLabel(j.Platform), j.AccountName)
		done, err := runOrWait(ctx, pub, job.db, j.ID)
		if err != nil {
			return err
		}
		switch done.State {
		case carousel.PostPublished:
			link := done.PostURL
			if link == "" {
				link = done.PostID
			}
			fmt.Fprintf(stdout, "published to %s %s: %s\n", platformLabel(done.Platform), done.AccountName, link)
		case carousel.PostScheduled:
			fmt.Fprintf(stdout, "not yet published to %s %s: %s (post %s; carousel serve carries on)\n", platformLabel(done.Platform), done.AccountName, done.Error, done.ID)
			pending = append(pending, done.ID)
		default:
			failed = append(failed, fmt.Sprintf("%s %s: %s", platformLabel(done.Platform), done.AccountName, done.Error))
		}
	}
	if len(failed) > 0 {
		return carousel.Errorf(carousel.EINVALID, "%s", strings.Join(failed, "; "))
	}
	if len(pending) > 0 {
		// Not a failure (the job is kept and carousel serve retries it),
		// but not a post either: a script must not take it for one.
		return exitError{code: exitPending, msg: fmt.Sprintf("not published yet: %s left for a retry (carousel posts list shows them)", strings.Join(pending, ", "))}
	}
	return nil
}

func indent(s string) string { return "  " + strings.ReplaceAll(s, "\n", "\n  ") }

func platformLabel(name string) string {
	if p, ok := carousel.PublishPlatformByName(name); ok {
		return p.Label
	}
	return name
}

func describePart(j *carousel.PostJob) string {
	if j.Parts > 1 {
		return fmt.Sprintf("part %d of %d (%d slides)", j.Part, j.Parts, len(j.Media))
	}
	if len(j.Media) == 1 && j.Media[0].Type == "application/pdf" {
		return fmt.Sprintf("%q", j.ProjectTitle)
	}
	return fmt.Sprintf("%q (%d slides)", j.ProjectTitle, len(j.Media))
}

// runOrWait publishes a job now or, when an instance of carousel serve
// took it first, waits for that instance to finish it.
func runOrWait(ctx context.Context, pub *publish.Publisher, db interface {
	FindPostJobByID(context.Context, string) (*carousel.PostJob, error)
}, id string) (*carousel.PostJob, error) {
	j, err := pub.RunJob(ctx, id)
	if carousel.ErrorCode(err) != carousel.ECONFLICT {
		return j, err
	}
	for {
		j, err := db.FindPostJobByID(ctx, id)
		if err != nil || !j.Pending() || j.State == carousel.PostScheduled {
			return j, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// checkPublicMedia fetches the first image of each job that needs a public
// address from --public-url, as the platform will, so that a server that
// does not answer there is found before anything is posted.
func checkPublicMedia(ctx context.Context, pub *publish.Publisher, jobs []*carousel.PostJob) error {
	client := &http.Client{Timeout: 15 * time.Second}
	for _, j := range jobs {
		pl, _ := carousel.PublishPlatformByName(j.Platform)
		if !pl.PublicMedia || len(j.Media) == 0 {
			continue
		}
		u := pub.MediaURL(j.Media[0])
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		res, err := client.Do(req)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				continue
			}
			err = errors.New(res.Status)
		}
		return carousel.Errorf(carousel.EUNAVAILABLE, "%s fetches the images from %s, but this carousel's first image is not served there (%v): run carousel serve at that address on this database, with the same CAROUSEL_SECRET_KEY", pl.Label, pub.PublicURL(), err)
	}
	return nil
}

const postsHelp = `Usage:
  carousel posts list [--all] [--json]    scheduled posts, and with --all the past ones
  carousel posts cancel ID                cancel a scheduled post
  carousel posts retry ID                 post a failed or cancelled one again (carousel serve does it)
  carousel posts done ID URL              record that a post to check is live at URL
`

func runPosts(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, postsHelp)
		return errUsage
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("posts "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	all := fs.Bool("all", false, "list past posts too")
	asJSON := fs.Bool("json", false, "list as JSON")
	wsName := fs.String("workspace", "", "the workspace's `name` on a team server (default: the first workspace)")
	fs.Usage = func() { fmt.Fprint(stderr, postsHelp); fs.PrintDefaults() }
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return errUsage
		}
		if fs.NArg() == 0 {
			break
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
	db, err := cfg.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	if ctx, err = inWorkspace(ctx, db, *wsName); err != nil {
		return err
	}
	need := map[string]int{"list": 0, "cancel": 1, "retry": 1, "done": 2}
	n, ok := need[sub]
	if !ok {
		fmt.Fprint(stderr, postsHelp)
		return errUsage
	}
	if len(pos) != n {
		fs.Usage()
		return carousel.Errorf(carousel.EINVALID, "posts %s takes %d arguments", sub, n)
	}
	var j *carousel.PostJob
	switch sub {
	case "list":
		f := carousel.PostJobFilter{States: []carousel.PostState{carousel.PostScheduled, carousel.PostRunning, carousel.PostCheck}}
		if *all {
			f.States = nil
		}
		list, err := db.FindPostJobs(ctx, f)
		if err != nil {
			return err
		}
		if *asJSON {
			enc := json.NewEncoder(stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(list)
		}
		for _, j := range list {
			line := fmt.Sprintf("%-12s  %-9s  %-16s  %-9s  %s  %s", j.ID, j.Platform, j.AccountName, j.State, j.ScheduledAt.Local().Format("2006-01-02 15:04"), describePart(j))
			switch {
			case j.PostURL != "":
				line += "  " + j.PostURL
			case j.Error != "":
				line += "  — " + j.Error
			}
			fmt.Fprintln(stdout, line)
		}
		if len(list) == 0 {
			fmt.Fprintln(stderr, "no posts")
		}
		return nil
	case "cancel":
		j, err = db.CancelPostJob(ctx, pos[0])
	case "retry":
		j, err = db.RetryPostJob(ctx, pos[0], time.Time{})
	case "done":
		j, err = db.MarkPostJobPublished(ctx, pos[0], pos[1])
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "post %s to %s %s is %s\n", j.ID, platformLabel(j.Platform), j.AccountName, j.State)
	return nil
}
