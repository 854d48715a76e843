// SPDX-License-Identifier: MIT

// Package publish posts carousels to LinkedIn (document posts), Instagram,
// Threads and TikTok, now or at a scheduled time, and connects the
// accounts it posts to through OAuth 2.0. It depends only on the domain:
// the store keeps the jobs and the encrypted tokens, the render engine
// makes the PDF and images, cmd/carousel wires them in.
//
// Publishing is exactly-once across crashes and instances:
//   - Jobs are leased (carousel.PostJobService); an instance renews its
//     lease while it works and writes nothing once it has lost it.
//   - Each platform client saves a checkpoint before every step that has
//     an effect, and the platform's id of the post the moment it has it,
//     before the job is marked published.
//   - A job resumed from a checkpoint that says a post request was in
//     flight first looks for the post (LinkedIn's DUPLICATE_POST names
//     it; Instagram and Threads containers say PUBLISHED), and when the
//     platform cannot tell, it waits for the person (carousel.PostCheck)
//     rather than risk a second post.
//   - 429, 5xx and network failures are retried with exponential backoff
//     (Retry-After honoured); any other 4xx is final, with the platform's
//     message; 401 refreshes the token once, then asks to reconnect.
package publish

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// Renderer is what publishing needs of the render engine
// (carousel.RenderService has it).
type Renderer interface {
	Layout(ctx context.Context, p *carousel.Project) (*carousel.Layout, error)
	Export(ctx context.Context, dst carousel.ExportTarget, p *carousel.Project, x carousel.Export) ([]carousel.Warning, error)
}

// files collects the files of an export in memory, in order.
type files struct {
	names []string
	data  []*bytes.Buffer
}

func (f *files) Create(name string) (io.Writer, error) {
	b := &bytes.Buffer{}
	f.names, f.data = append(f.names, name), append(f.data, b)
	return b, nil
}

// Publisher implements carousel.PublishService and runs the scheduler.
type Publisher struct {
	cfg       Config
	jobs      carousel.PostJobService
	accounts  carousel.SocialAccountService
	render    Renderer
	platforms map[string]platform
	owner     string
	log       *slog.Logger
	wake      chan struct{}
}

var _ carousel.PublishService = (*Publisher)(nil)

// New returns a Publisher. cfg.MediaKey and cfg.StateKey are required.
func New(cfg Config, jobs carousel.PostJobService, accounts carousel.SocialAccountService, render Renderer, logger *slog.Logger) (*Publisher, error) {
	if len(cfg.MediaKey) < 16 || len(cfg.StateKey) < 16 {
		return nil, carousel.Errorf(carousel.EINVALID, "publishing needs the server's secret key (CAROUSEL_SECRET_KEY)")
	}
	cfg.defaults()
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	p := &Publisher{cfg: cfg, jobs: jobs, accounts: accounts, render: render, log: logger, wake: make(chan struct{}, 1)}
	p.platforms = map[string]platform{
		carousel.LinkedIn:  newLinkedIn(cfg.Apps[carousel.LinkedIn], &p.cfg),
		carousel.Instagram: newInstagram(cfg.Apps[carousel.Instagram], &p.cfg),
		carousel.Threads:   newThreads(cfg.Apps[carousel.Threads], &p.cfg),
		carousel.TikTok:    newTikTok(cfg.Apps[carousel.TikTok], &p.cfg),
	}
	host, _ := os.Hostname()
	p.owner = fmt.Sprintf("%s/%d/%s", host, os.Getpid(), randomID(6))
	return p, nil
}

// Owner names this instance in the leases it takes.
func (p *Publisher) Owner() string { return p.owner }

// PublicURL is the address the platforms fetch images from, or "".
func (p *Publisher) PublicURL() string { return p.cfg.PublicURL }

func randomID(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand documents it)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Platforms says which platforms can be connected and posted to.
func (p *Publisher) Platforms() []carousel.PlatformStatus {
	var out []carousel.PlatformStatus
	for _, pl := range carousel.PublishPlatforms {
		st := carousel.PlatformStatus{PublishPlatform: pl, Connectable: p.cfg.Apps[pl.Name].Configured(), Ready: true}
		if pl.PublicMedia && p.cfg.PublicURL == "" {
			st.Ready = false
			st.Problem = fmt.Sprintf("%s fetches the images from this server: start carousel serve with --public-url https://… (an address the internet can reach)", pl.Label)
		} else if !st.Connectable {
			st.Problem = fmt.Sprintf("to connect %s accounts here, set CAROUSEL_%s_CLIENT_ID and CAROUSEL_%s_CLIENT_SECRET (docs/publishing.md); tokens from elsewhere can be added with carousel accounts add", pl.Label, strings.ToUpper(pl.Name), strings.ToUpper(pl.Name))
		}
		out = append(out, st)
	}
	return out
}

// oauthState is what the state parameter carries through the platform.
type oauthState struct {
	Platform  string `json:"p"`
	Workspace string `json:"w"`
	Profile   string `json:"f,omitempty"`
	Nonce     string `json:"n"`
	Expires   int64  `json:"e"`
}

func (p *Publisher) signState(payload []byte) string {
	m := hmac.New(sha256.New, p.cfg.StateKey)
	m.Write(payload)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// AuthorizeURL returns the platform's authorization page and the nonce the
// callback must bring back (in a cookie of the browser that started it).
func (p *Publisher) AuthorizeURL(ctx context.Context, platformName, profileID, redirectURI string) (string, string, error) {
	pl, ok := p.platforms[platformName]
	if !ok {
		return "", "", carousel.FieldError("platform", "unknown platform %q (linkedin, instagram, threads, tiktok)", platformName)
	}
	if !p.cfg.Apps[platformName].Configured() {
		return "", "", carousel.Errorf(carousel.EINVALID, "%s is not set up on this server: set CAROUSEL_%s_CLIENT_ID and CAROUSEL_%s_CLIENT_SECRET (docs/publishing.md)", platformLabel(platformName), strings.ToUpper(platformName), strings.ToUpper(platformName))
	}
	st := oauthState{Platform: platformName, Workspace: carousel.WorkspaceFromContext(ctx), Profile: profileID, Nonce: randomID(16), Expires: p.cfg.Now().Add(15 * time.Minute).Unix()}
	payload, _ := json.Marshal(st)
	state := base64.RawURLEncoding.EncodeToString(payload) + "." + p.signState(payload)
	return pl.authorizeURL(state, redirectURI), st.Nonce, nil
}

// CompleteAuthorization checks the state, exchanges the code and stores
// the accounts the token can post to.
func (p *Publisher) CompleteAuthorization(ctx context.Context, platformName, state, code, nonce, redirectURI string) ([]*carousel.SocialAccount, error) {
	bad := carousel.Errorf(carousel.EFORBIDDEN, "this sign-in did not start here or has expired: connect the account again from the studio")
	enc, sig, ok := strings.Cut(state, ".")
	payload, err := base64.RawURLEncoding.DecodeString(enc)
	if !ok || err != nil || !hmac.Equal([]byte(sig), []byte(p.signState(payload))) {
		return nil, bad
	}
	var st oauthState
	if json.Unmarshal(payload, &st) != nil || st.Platform != platformName || p.cfg.Now().Unix() > st.Expires ||
		nonce == "" || !hmac.Equal([]byte(nonce), []byte(st.Nonce)) {
		return nil, bad
	}
	if code == "" {
		return nil, carousel.Errorf(carousel.EINVALID, "%s sent no authorization code", platformLabel(platformName))
	}
	// The accounts go to the workspace the connection started in.
	ctx = carousel.NewContextWithWorkspace(ctx, st.Workspace)
	cred, accounts, err := p.platforms[platformName].exchange(ctx, code, redirectURI)
	if err != nil {
		return nil, userError(err)
	}
	for _, a := range accounts {
		a.ProfileID = st.Profile
	}
	if err := p.accounts.ConnectAccounts(ctx, cred, accounts); err != nil {
		return nil, err
	}
	p.log.Info("accounts connected", "platform", platformName, "accounts", len(accounts))
	return accounts, nil
}

// userError turns a platform's refusal into an error the person sees.
func userError(err error) error {
	var ae *apiError
	if errorsAs(err, &ae) {
		code := carousel.EINVALID
		switch ae.Kind {
		case kindTransient:
			code = carousel.EUNAVAILABLE
		case kindAuth:
			code = carousel.EUNAUTHORIZED
		}
		return &carousel.Error{Code: code, Message: err.Error(), Err: err}
	}
	if isTransient(err) {
		return &carousel.Error{Code: carousel.EUNAVAILABLE, Message: err.Error(), Err: err}
	}
	return err
}

// Wake tells the scheduler to look for due jobs now.
func (p *Publisher) Wake() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// formatOf returns the project's output format.
func formatOf(proj *carousel.Project) carousel.Format {
	name := proj.Settings.Format
	if name == "" {
		name = carousel.DefaultFormat
	}
	f, ok := carousel.FormatByName(name)
	if !ok {
		f, _ = carousel.FormatByName(carousel.DefaultFormat)
	}
	return f
}

// Plan describes posting proj to a platform.
func (p *Publisher) Plan(ctx context.Context, proj *carousel.Project, platformName string) (*carousel.PublishPlan, error) {
	pl, ok := carousel.PublishPlatformByName(platformName)
	if !ok {
		return nil, carousel.FieldError("platform", "unknown platform %q (linkedin, instagram, threads, tiktok)", platformName)
	}
	layout, err := p.render.Layout(ctx, proj)
	if err != nil {
		return nil, err
	}
	n := len(layout.Slides)
	plan := &carousel.PublishPlan{Platform: pl.Name, Caption: carousel.DefaultCaption(&proj.Thread, pl.Name), Title: proj.Title, Slides: n, Parts: len(parts(n, pl.MaxItems))}
	f := formatOf(proj)
	if err := checkFormat(pl.Name, f.Width, f.Height); err != nil {
		plan.Problem = carousel.ErrorMessage(err)
	} else if pl.PublicMedia && p.cfg.PublicURL == "" {
		plan.Problem = fmt.Sprintf("%s fetches the images from this server, which has no public address: start carousel serve with --public-url https://…", pl.Label)
	}
	if plan.Parts > 1 {
		plan.Warnings = append(plan.Warnings, fmt.Sprintf("%s takes at most %d slides in one post through its API; this carousel has %d, so it would go out as %d posts", pl.Label, pl.MaxItems, n, plan.Parts))
	}
	if pl.Name == carousel.TikTok && formatOf(proj).Name != "story" {
		plan.Warnings = append(plan.Warnings, "TikTok shows photos best at 9:16: the story format fills the screen")
	}
	return plan, nil
}

// Schedule renders proj for each target and stores one job per post.
func (p *Publisher) Schedule(ctx context.Context, proj *carousel.Project, req carousel.PublishRequest) ([]*carousel.PostJob, error) {
	if len(req.Accounts) == 0 {
		return nil, carousel.FieldError("accounts", "choose at least one account to post to")
	}
	now := p.cfg.Now()
	at := req.At
	if at.IsZero() {
		at = now
	} else if at.Before(now.Add(-time.Minute)) {
		return nil, carousel.FieldError("at", "%s is in the past", at.Format(time.RFC3339))
	}
	type target struct {
		t       carousel.PublishTarget
		account *carousel.SocialAccount
		pl      carousel.PublishPlatform
	}
	var targets []target
	seen := map[string]bool{}
	for i, t := range req.Accounts {
		field := fmt.Sprintf("accounts[%d]", i)
		a, err := p.accounts.FindSocialAccountByID(ctx, t.Account)
		if carousel.ErrorCode(err) == carousel.ENOTFOUND {
			return nil, carousel.FieldError(field+".account", "no connected account %q", t.Account)
		}
		if err != nil {
			return nil, err
		}
		if seen[a.ID] {
			return nil, carousel.FieldError(field+".account", "%s is listed twice", a.Name)
		}
		seen[a.ID] = true
		pl, _ := carousel.PublishPlatformByName(a.Platform)
		if a.Status == carousel.CredentialReconnect {
			return nil, carousel.FieldError(field+".account", "%s needs to be connected again before it can post: %s", a.Name, a.StatusMessage)
		}
		if pl.PublicMedia && p.cfg.PublicURL == "" {
			return nil, carousel.FieldError(field+".account", "%s fetches the images from this server, which has no public address: start carousel serve with --public-url https://… (an address the internet can reach)", pl.Label)
		}
		if err := carousel.CheckCaption(pl.Name, t.Caption); err != nil {
			return nil, carousel.FieldError(field+".caption", "%s", carousel.ErrorMessage(err))
		}
		if pl.Name == carousel.TikTok {
			if err := checkPrivacy(t.Options.Privacy); err != nil {
				return nil, carousel.FieldError(field+".options.privacy", "%s", carousel.ErrorMessage(err))
			}
		}
		targets = append(targets, target{t: t, account: a, pl: pl})
	}
	layout, err := p.render.Layout(ctx, proj)
	if err != nil {
		return nil, err
	}
	f := formatOf(proj)
	preview, err := p.preview(ctx, proj)
	if err != nil {
		return nil, err
	}
	rendered := map[string][][]carousel.PostMedia{} // by platform: the media of each part
	group := randomID(9)
	var jobs []*carousel.PostJob
	for i, tg := range targets {
		media, ok := rendered[tg.pl.Name]
		if !ok {
			media, err = p.renderFor(ctx, proj, layout, f, tg.pl, req.Split)
			if err != nil {
				return nil, err
			}
			rendered[tg.pl.Name] = media
		}
		for k, m := range media {
			caption := strings.TrimSpace(tg.t.Caption)
			if len(media) > 1 && caption != "" {
				caption += fmt.Sprintf("\n\n(%d/%d)", k+1, len(media))
			}
			if err := carousel.CheckCaption(tg.pl.Name, caption); err != nil {
				return nil, carousel.FieldError(fmt.Sprintf("accounts[%d].caption", i), "with the part number added: %s", carousel.ErrorMessage(err))
			}
			title := strings.TrimSpace(tg.t.Title)
			if title == "" {
				title = proj.Title
			}
			j := &carousel.PostJob{
				Group: group, ProjectID: proj.ID, ProjectTitle: proj.Title, Platform: tg.pl.Name,
				AccountID: tg.account.ID, AccountName: tg.account.Name, Caption: caption, Title: title,
				Options: tg.t.Options, Media: m, ScheduledAt: at, Preview: preview,
			}
			if len(m) > 0 && strings.HasPrefix(m[0].Type, "image/") {
				j.Preview = m[0].Ref // a part shows its own first image
			}
			if len(media) > 1 {
				j.Part, j.Parts = k+1, len(media)
			}
			jobs = append(jobs, j)
		}
	}
	if err := p.jobs.CreatePostJobs(ctx, jobs); err != nil {
		return nil, err
	}
	p.log.Info("posts scheduled", "posts", len(jobs), "at", at.UTC().Format(time.RFC3339))
	p.Wake()
	return jobs, nil
}

func checkPrivacy(level string) error {
	if level == "" {
		return carousel.Errorf(carousel.EINVALID, "choose who can see the TikTok post (%s): TikTok requires the choice for every post", strings.Join(TikTokPrivacyLevels, ", "))
	}
	for _, l := range TikTokPrivacyLevels {
		if l == level {
			return nil
		}
	}
	return carousel.Errorf(carousel.EINVALID, "unknown TikTok privacy level %q (%s)", level, strings.Join(TikTokPrivacyLevels, ", "))
}

// preview stores a small JPEG of the first slide, for the studio's lists.
func (p *Publisher) preview(ctx context.Context, proj *carousel.Project) (string, error) {
	var got files
	if _, err := p.render.Export(ctx, &got, proj, carousel.Export{Kind: carousel.ExportImages, Image: carousel.JPEG, From: 0, To: 1}); err != nil {
		return "", err
	}
	if len(got.data) == 0 {
		return "", nil
	}
	small, err := thumbnail(got.data[0].Bytes(), 360)
	if err != nil {
		return "", err
	}
	return p.jobs.PutPostMedia(ctx, small, "image/jpeg")
}

// renderFor renders proj for a platform, as the media of each post: one
// PDF per post for LinkedIn, one JPEG per slide for the others.
func (p *Publisher) renderFor(ctx context.Context, proj *carousel.Project, layout *carousel.Layout, f carousel.Format, pl carousel.PublishPlatform, split bool) ([][]carousel.PostMedia, error) {
	n := len(layout.Slides)
	if n < pl.MinItems {
		return nil, carousel.Errorf(carousel.EINVALID, "the carousel has no slides to post")
	}
	ranges := parts(n, pl.MaxItems)
	if len(ranges) > 1 && !split {
		return nil, carousel.FieldError("split", "%s takes at most %d slides in one post through its API; this carousel has %d: split it into %d posts or shorten it", pl.Label, pl.MaxItems, n, len(ranges))
	}
	if err := checkFormat(pl.Name, f.Width, f.Height); err != nil {
		return nil, err
	}
	out := make([][]carousel.PostMedia, len(ranges))
	if pl.Output == "pdf" {
		for k, r := range ranges {
			var b bytes.Buffer
			if _, err := p.render.Export(ctx, carousel.SingleFile(&b), proj, carousel.Export{Kind: carousel.ExportPDF, From: r[0], To: r[1]}); err != nil {
				return nil, err
			}
			if b.Len() > 100<<20 {
				return nil, carousel.Errorf(carousel.ETOOLARGE, "the PDF is %.0f MB; LinkedIn takes documents up to 100 MB", float64(b.Len())/(1<<20))
			}
			ref, err := p.jobs.PutPostMedia(ctx, b.Bytes(), "application/pdf")
			if err != nil {
				return nil, err
			}
			out[k] = []carousel.PostMedia{{Ref: ref, Type: "application/pdf", Width: f.Width, Height: f.Height, Bytes: int64(b.Len())}}
		}
		return out, nil
	}
	var got files
	if _, err := p.render.Export(ctx, &got, proj, carousel.Export{Kind: carousel.ExportImages, Image: carousel.JPEG}); err != nil {
		return nil, err
	}
	images := make([]carousel.PostMedia, 0, n)
	for i, name := range got.names {
		if !strings.HasSuffix(name, ".jpg") {
			continue // alt-text.txt: the layout has the same text per slide
		}
		data, w, h, err := fitImage(pl.Name, got.data[i].Bytes())
		if err != nil {
			return nil, err
		}
		ref, err := p.jobs.PutPostMedia(ctx, data, "image/jpeg")
		if err != nil {
			return nil, err
		}
		images = append(images, carousel.PostMedia{Ref: ref, Type: "image/jpeg", Width: w, Height: h, Alt: layout.Slides[len(images)].Alt, Bytes: int64(len(data))})
	}
	if len(images) != n {
		return nil, fmt.Errorf("publish: the export gave %d images for %d slides", len(images), n)
	}
	for k, r := range ranges {
		out[k] = images[r[0]:r[1]]
	}
	return out, nil
}
