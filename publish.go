// SPDX-License-Identifier: MIT

package carousel

import (
	"context"
	"time"
)

// Publishing platforms.
const (
	LinkedIn  = "linkedin"
	Instagram = "instagram"
	Threads   = "threads"
	TikTok    = "tiktok"
)

// PublishPlatform is a place a carousel can be posted to, with the limits
// of its publishing API (which can be stricter than its app's: Instagram's
// API takes 10 items where the app takes 20).
type PublishPlatform struct {
	Name         string `json:"name"`
	Label        string `json:"label"`
	CaptionLimit int    `json:"captionLimit"` // in characters (Unicode code points)
	MinItems     int    `json:"minItems"`
	MaxItems     int    `json:"maxItems"`
	Output       string `json:"output"` // "pdf" (one document) or "images"
	// PublicMedia is set for platforms that fetch the images themselves
	// from a public address (the server's --public-url).
	PublicMedia bool `json:"publicMedia"`
}

// PublishPlatforms lists the platforms, in the order shown to users.
var PublishPlatforms = []PublishPlatform{
	{Name: LinkedIn, Label: "LinkedIn", CaptionLimit: 3000, MinItems: 1, MaxItems: 300, Output: "pdf"},
	{Name: Instagram, Label: "Instagram", CaptionLimit: 2200, MinItems: 1, MaxItems: 10, Output: "images", PublicMedia: true},
	{Name: Threads, Label: "Threads", CaptionLimit: 500, MinItems: 1, MaxItems: 20, Output: "images", PublicMedia: true},
	{Name: TikTok, Label: "TikTok", CaptionLimit: 4000, MinItems: 1, MaxItems: 35, Output: "images", PublicMedia: true},
}

// PublishPlatformByName returns the named platform and whether it exists.
func PublishPlatformByName(name string) (PublishPlatform, bool) {
	for _, p := range PublishPlatforms {
		if p.Name == name {
			return p, true
		}
	}
	return PublishPlatform{}, false
}

// Social account kinds.
const (
	AccountMember       = "member"       // a LinkedIn member posting as themself
	AccountOrganization = "organization" // a LinkedIn page
	AccountBusiness     = "business"     // an Instagram professional account
	AccountUser         = "user"         // a Threads or TikTok user
)

// Credential states.
const (
	CredentialConnected = "connected"
	// CredentialReconnect means the platform refused the token (expired or
	// revoked) and it cannot be refreshed: the person must connect again.
	CredentialReconnect = "reconnect"
)

// SocialAccount is a connected account that carousels can be posted to: a
// LinkedIn member or page, an Instagram professional account, a Threads
// or TikTok user. Several accounts can share one credential (a member's
// token also posts to the pages they administer).
//
// Accounts belong to the workspace they were connected in (the context's,
// carousel.WorkspaceFromContext) and, within it, to a brand profile when
// ProfileID is set, or to every profile when it is empty.
type SocialAccount struct {
	ID           string `json:"id"`
	Platform     string `json:"platform"`
	Kind         string `json:"kind"`
	ExternalID   string `json:"externalId"` // urn:li:person:…, urn:li:organization:…, the Instagram or Threads user id, the TikTok open_id
	Name         string `json:"name"`
	Username     string `json:"username,omitempty"`
	ProfileID    string `json:"profileId,omitempty"`
	CredentialID string `json:"-"`
	// Status and StatusMessage are the credential's: "connected", or
	// "reconnect" with the platform's reason.
	Status        string     `json:"status"`
	StatusMessage string     `json:"statusMessage,omitempty"`
	Expires       *time.Time `json:"expires,omitempty"` // when the access token expires, if known
	Refreshable   bool       `json:"refreshable"`       // whether the token can be renewed without the person
	Created       time.Time  `json:"created"`
}

// Token is an OAuth 2.0 token set. It is only ever stored encrypted.
type Token struct {
	Access         string    `json:"access"`
	Refresh        string    `json:"refresh,omitempty"`
	Expires        time.Time `json:"expires,omitzero"`
	RefreshExpires time.Time `json:"refreshExpires,omitzero"`
	Scopes         []string  `json:"scopes,omitempty"`
	// Renewable marks an access token that renews itself without a refresh
	// token (Instagram's and Threads' long-lived tokens).
	Renewable bool `json:"renewable,omitempty"`
}

// CanRefresh reports whether the token can be renewed without the person.
func (t Token) CanRefresh() bool { return t.Refresh != "" || t.Renewable }

// Credential is the token that accounts post with, for one platform user
// (Subject: the LinkedIn member, the Instagram, Threads or TikTok user).
type Credential struct {
	ID            string
	Workspace     string // the workspace its accounts belong to
	Platform      string
	Subject       string
	Revision      int64 // incremented by every token or status change
	Token         Token
	Status        string
	StatusMessage string
	Updated       time.Time
}

// SocialAccountFilter selects accounts; zero fields select all.
type SocialAccountFilter struct {
	Platform string
	// ProfileID selects the accounts of that profile and those of every
	// profile (an empty ProfileID on the account).
	ProfileID string
}

// Sealer encrypts secrets at rest. The data bound to a ciphertext (an
// account's id) must be given again to open it, so a ciphertext copied
// onto another row does not open.
type Sealer interface {
	Seal(plaintext, bound []byte) ([]byte, error)
	Open(ciphertext, bound []byte) ([]byte, error)
}

// SocialAccountService keeps connected accounts and their credentials.
// Tokens are encrypted with the store's Sealer; without one every method
// that reads or writes a token gives EINVALID saying how to set a key.
// Methods work in the context's workspace, except FindCredentials,
// UpdateCredentialToken and SetCredentialStatus, which the scheduler
// calls for every workspace by credential id.
type SocialAccountService interface {
	// ConnectAccounts stores c and its accounts. A credential with the same
	// platform and subject is replaced (that is how an account reconnects),
	// and so is an account with the same platform and external id; the ids
	// of c and the accounts are set to the stored ones.
	ConnectAccounts(ctx context.Context, c *Credential, accounts []*SocialAccount) error
	// FindSocialAccountByID returns the account, or ENOTFOUND.
	FindSocialAccountByID(ctx context.Context, id string) (*SocialAccount, error)
	// FindSocialAccounts lists accounts by platform, then name.
	FindSocialAccounts(ctx context.Context, f SocialAccountFilter) ([]*SocialAccount, error)
	// SetSocialAccountProfile gives the account to a brand profile, or to
	// every profile when profileID is empty.
	SetSocialAccountProfile(ctx context.Context, id, profileID string) error
	// DeleteSocialAccount removes the account and cancels its scheduled
	// posts (their history stays). A credential no account uses any more is
	// removed too. A post being published gives ECONFLICT.
	DeleteSocialAccount(ctx context.Context, id string) error
	// FindCredentialByID returns the credential with its token decrypted.
	FindCredentialByID(ctx context.Context, id string) (*Credential, error)
	// FindCredentials lists every credential with its token, for the
	// refresh sweep.
	FindCredentials(ctx context.Context) ([]*Credential, error)
	// UpdateCredentialToken stores c.Token if c.Revision is the stored
	// revision (ECONFLICT otherwise: another instance refreshed it first),
	// marks it connected and increments c.Revision.
	UpdateCredentialToken(ctx context.Context, c *Credential) error
	// SetCredentialStatus records the credential's state, such as
	// CredentialReconnect with the platform's message.
	SetCredentialStatus(ctx context.Context, id, status, message string) error
}

// PostState is where a scheduled post stands.
type PostState string

// Post states. Scheduled and running posts are pending; the others are final.
const (
	PostScheduled PostState = "scheduled" // waiting for its time (or for a retry)
	PostRunning   PostState = "running"   // an instance holds its lease and is publishing it
	PostPublished PostState = "published" // live: PostID is set
	PostFailed    PostState = "failed"    // the platform refused it, or every retry failed: Error says why
	PostCancelled PostState = "cancelled"
	// PostCheck means a server stopped while the platform may have been
	// making the post, and the platform offers no way to find out: the
	// person looks, then retries or marks it published.
	PostCheck PostState = "check"
)

// PostMedia is one file of a post: the PDF of a LinkedIn document, or one
// image of a carousel, kept in the store (PostJobService.PutPostMedia).
type PostMedia struct {
	Ref    string `json:"ref"`  // "media:<sha256>"
	Type   string `json:"type"` // "application/pdf", "image/jpeg"
	Width  int    `json:"width,omitempty"`
	Height int    `json:"height,omitempty"`
	Alt    string `json:"alt,omitempty"`
	Bytes  int64  `json:"bytes"`
}

// PostOptions are a platform's choices for one post.
type PostOptions struct {
	// Privacy is TikTok's privacy_level, which TikTok requires the person
	// to choose (PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS,
	// FOLLOWER_OF_CREATOR, SELF_ONLY).
	Privacy        string `json:"privacy,omitempty"`
	DisableComment bool   `json:"disableComment,omitempty"` // TikTok
	AutoAddMusic   bool   `json:"autoAddMusic,omitempty"`   // TikTok
	// Draft sends a TikTok post to the creator's inbox to finish in the
	// app (MEDIA_UPLOAD) instead of posting it directly.
	Draft bool `json:"draft,omitempty"`
}

// PostJob is one post to make on one account at a time: published now, or
// scheduled. It is durable: a server that stops in the middle of it
// finishes it, exactly once, after a restart.
type PostJob struct {
	ID           string      `json:"id"`
	Workspace    string      `json:"-"`               // the workspace it was scheduled in; it runs there
	Group        string      `json:"group,omitempty"` // the jobs scheduled together (the parts of a split carousel, several accounts)
	ProjectID    string      `json:"projectId,omitempty"`
	ProjectTitle string      `json:"projectTitle"`
	Platform     string      `json:"platform"`
	AccountID    string      `json:"accountId,omitempty"` // empty once the account is removed
	AccountName  string      `json:"accountName"`
	Caption      string      `json:"caption"`
	Title        string      `json:"title,omitempty"` // LinkedIn's document title, TikTok's title
	Options      PostOptions `json:"options"`
	Media        []PostMedia `json:"media"`
	// Preview is a small JPEG of the first slide, for lists and calendars.
	Preview string `json:"preview,omitempty"`
	Part    int    `json:"part,omitempty"` // 1-based, when a long carousel was split into several posts
	Parts   int    `json:"parts,omitempty"`

	State       PostState `json:"state"`
	ScheduledAt time.Time `json:"scheduledAt"` // the time the person chose
	RunAt       time.Time `json:"runAt"`       // the next attempt: ScheduledAt, or later after a failure
	Attempts    int       `json:"attempts"`
	// Checkpoint is the platform client's record of what is already done
	// (an uploaded document, created containers, a request in flight), so
	// that a restarted job resumes instead of posting again.
	Checkpoint map[string]string `json:"-"`
	PostID     string            `json:"postId,omitempty"`
	PostURL    string            `json:"postUrl,omitempty"`
	Error      string            `json:"error,omitempty"`
	Created    time.Time         `json:"created"`
	Updated    time.Time         `json:"updated"`
	Finished   *time.Time        `json:"finished,omitempty"`
}

// Pending reports whether the job is still to be published.
func (j *PostJob) Pending() bool { return j.State == PostScheduled || j.State == PostRunning }

// PostJobFilter selects jobs; zero fields select all.
type PostJobFilter struct {
	ProjectID string
	AccountID string
	States    []PostState
	// From and To bound ScheduledAt (From inclusive, To exclusive), for a
	// calendar.
	From, To time.Time
	Limit    int // default 200
}

// PostOutcome is how an attempt at a job ended.
type PostOutcome struct {
	State   PostState // PostPublished, PostFailed, PostCheck, or PostScheduled to retry at RunAt
	PostID  string
	PostURL string
	Error   string
	RunAt   time.Time
	// ResetAttempts starts the retry count again: the job only waits (for
	// the platform to finish processing, a daily quota), it did not fail.
	ResetAttempts bool
}

// PostJobService keeps post jobs and hands them out to the instances that
// publish them. The person's methods (create, find, cancel, retry, mark,
// ClaimPostJob) work in the context's workspace; the scheduler's (claim,
// renew, checkpoint, finish, next time) work across workspaces, and a
// claimed job carries its Workspace. A lease is an owner and an expiry:
// only the owner may write a running job, and a job whose lease expired
// (its instance died) can be claimed again, by which time its Checkpoint
// says what is done.
type PostJobService interface {
	// CreatePostJobs stores the jobs as scheduled, setting their ids.
	CreatePostJobs(ctx context.Context, jobs []*PostJob) error
	// FindPostJobByID returns the job, or ENOTFOUND.
	FindPostJobByID(ctx context.Context, id string) (*PostJob, error)
	// FindPostJobs lists jobs by ScheduledAt, newest first.
	FindPostJobs(ctx context.Context, f PostJobFilter) ([]*PostJob, error)
	// CancelPostJob cancels a scheduled job; a running or final one gives ECONFLICT.
	CancelPostJob(ctx context.Context, id string) (*PostJob, error)
	// RetryPostJob schedules a failed, cancelled or check job again at at,
	// with a fresh retry count; a pending or published one gives ECONFLICT.
	RetryPostJob(ctx context.Context, id string, at time.Time) (*PostJob, error)
	// MarkPostJobPublished records that the person found a check job's post
	// live (url may be empty); other states give ECONFLICT.
	MarkPostJobPublished(ctx context.Context, id, url string) (*PostJob, error)

	// ClaimPostJobs leases up to limit due jobs to owner for lease: those
	// scheduled at or before now, and running ones whose lease expired.
	// Two instances never get the same job.
	ClaimPostJobs(ctx context.Context, owner string, limit int, lease time.Duration) ([]*PostJob, error)
	// ClaimPostJob leases one job by id, due or not, if it is scheduled or
	// its lease expired; otherwise ECONFLICT.
	ClaimPostJob(ctx context.Context, id, owner string, lease time.Duration) (*PostJob, error)
	// RenewPostJobLease extends owner's lease; a lost lease gives ECONFLICT.
	RenewPostJobLease(ctx context.Context, id, owner string, lease time.Duration) error
	// SavePostJobCheckpoint stores the job's checkpoint if owner holds its
	// lease; a lost lease gives ECONFLICT.
	SavePostJobCheckpoint(ctx context.Context, id, owner string, checkpoint map[string]string) error
	// FinishPostJob ends owner's attempt with o. PostPublished needs a
	// PostID. A lost lease gives ECONFLICT and changes nothing.
	FinishPostJob(ctx context.Context, id, owner string, o PostOutcome) error
	// NextPostJobTime returns the earliest time a job falls due (its RunAt,
	// or the end of an expired instance's lease), and false when none will.
	NextPostJobTime(ctx context.Context) (time.Time, bool, error)

	// PutPostMedia stores a post's PDF or JPEG once and returns its
	// reference, "media:<sha256 hex>". These files, and only these, are
	// served at signed public addresses for the platforms to fetch.
	PutPostMedia(ctx context.Context, data []byte, mediaType string) (string, error)
	// PostMedia returns the bytes and media type of a reference, or ENOTFOUND.
	PostMedia(ctx context.Context, ref string) ([]byte, string, error)
}

// PlatformStatus tells the studio what it can do with a platform.
type PlatformStatus struct {
	PublishPlatform
	// Connectable is set when the server has the platform's app (client id
	// and secret), so the studio can connect accounts through OAuth.
	Connectable bool `json:"connectable"`
	// Ready is set when posts can be made: publishing is on and, for
	// platforms that fetch images, the server has a public URL.
	Ready bool `json:"ready"`
	// Problem says why it is not ready, or not connectable.
	Problem string `json:"problem,omitempty"`
}

// PublishRequest is what the person asks for: post a project to accounts,
// now or at a time.
type PublishRequest struct {
	Accounts []PublishTarget `json:"accounts"`
	At       time.Time       `json:"at,omitzero"` // zero: now
	// Split posts a carousel longer than a platform takes as several
	// posts; without it such a carousel is refused.
	Split bool `json:"split,omitempty"`
}

// PublishTarget is one account of a PublishRequest, with its caption.
type PublishTarget struct {
	Account string      `json:"account"` // an account id
	Caption string      `json:"caption"`
	Title   string      `json:"title,omitempty"`
	Options PostOptions `json:"options"`
}

// PublishPlan says, before anything is scheduled, what posting a project
// to a platform would do: the default caption, how many posts, problems.
type PublishPlan struct {
	Platform string   `json:"platform"`
	Caption  string   `json:"caption"` // the default, drawn from the thread
	Title    string   `json:"title"`
	Slides   int      `json:"slides"`
	Parts    int      `json:"parts"` // more than 1 when the carousel must be split
	Problem  string   `json:"problem,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// TikTokCreator is what TikTok lets a connected creator do now, from the
// creator info query TikTok requires before every post: the privacy levels
// the person may choose from (TikTok's guidelines forbid preselecting
// one), and the interactions the creator turned off in the app.
type TikTokCreator struct {
	AccountID       string   `json:"accountId"`
	Nickname        string   `json:"nickname"`
	Username        string   `json:"username"`
	AvatarURL       string   `json:"avatarUrl,omitempty"`
	PrivacyLevels   []string `json:"privacyLevels"` // PUBLIC_TO_EVERYONE, MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY
	CommentDisabled bool     `json:"commentDisabled"`
	DuetDisabled    bool     `json:"duetDisabled"`
	StitchDisabled  bool     `json:"stitchDisabled"`
}

// PublishService connects accounts and schedules posts. The publish
// package implements it.
type PublishService interface {
	// Platforms says which platforms can be connected and posted to.
	Platforms() []PlatformStatus
	// AuthorizeURL starts connecting an account of the context's workspace:
	// it returns the platform's authorization page for redirectURI and a
	// nonce that must come back with the callback (the studio keeps it in a
	// cookie).
	AuthorizeURL(ctx context.Context, platform, profileID, redirectURI string) (url, nonce string, err error)
	// CompleteAuthorization checks the callback's state against nonce,
	// exchanges the code for a token and stores the accounts it can post
	// to, in the workspace the state names (the callback needs no session).
	CompleteAuthorization(ctx context.Context, platform, state, code, nonce, redirectURI string) ([]*SocialAccount, error)
	// Plan describes posting p to a platform, without doing it.
	Plan(ctx context.Context, p *Project, platform string) (*PublishPlan, error)
	// TikTokCreator asks TikTok what the creator of a TikTok account of the
	// context's workspace may post now. Another platform's account is
	// EINVALID; a token TikTok refuses and that cannot be renewed marks the
	// account for reconnecting and is ECONFLICT, saying so.
	TikTokCreator(ctx context.Context, accountID string) (*TikTokCreator, error)
	// Schedule renders p for each target and stores the jobs; jobs due now
	// are started at once.
	Schedule(ctx context.Context, p *Project, req PublishRequest) ([]*PostJob, error)
	// Media returns the image a signed public media token names, or
	// ENOTFOUND when the token is bad or expired.
	Media(ctx context.Context, token string) ([]byte, string, error)
	// Wake tells the scheduler that jobs changed (a retry, a new job).
	Wake()
}
