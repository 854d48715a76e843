// SPDX-License-Identifier: MIT

package publish

import (
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// App is a platform app of the self-hoster's: its OAuth client and the
// platform's addresses, each configurable so tests and proxies can stand in.
type App struct {
	ClientID     string // TikTok calls it the client key
	ClientSecret string
	// AuthBase serves the authorization page people are sent to.
	AuthBase string
	// TokenBase exchanges codes for tokens (Instagram's is its own host;
	// elsewhere it is AuthBase or APIBase).
	TokenBase string
	// APIBase is the API's host, without a version.
	APIBase string
	// Version is LinkedIn's LinkedIn-Version (YYYYMM) or the Graph API
	// version of Instagram and Threads ("v23.0", "v1.0").
	Version string
	Scopes  []string
}

// Configured reports whether the app can connect accounts through OAuth.
func (a App) Configured() bool { return a.ClientID != "" && a.ClientSecret != "" }

// Config configures publishing. Zero durations take the defaults.
type Config struct {
	Apps map[string]App // by platform name; see DefaultApps
	// PublicURL is the server's public address (https://studio.example.com),
	// where Instagram, Threads and TikTok fetch the images. Without it those
	// platforms cannot be posted to.
	PublicURL string
	// MediaKey signs public media addresses and StateKey OAuth states; both
	// come from the server's secret key. Publishing needs them.
	MediaKey, StateKey []byte
	// MediaLifetime is how long a signed image address works; default 24 h.
	MediaLifetime time.Duration

	// Lease is how long an instance holds a job without renewing it; a job
	// of an instance that died is taken over after it. Default 2 min.
	Lease time.Duration
	// PollInterval is the first wait between status checks of a document
	// or container (it grows to 8 times that); default 2 s.
	PollInterval time.Duration
	// ProcessingTimeout bounds one attempt's wait for a platform to
	// process media before the job is looked at again later; default 5 min.
	ProcessingTimeout time.Duration
	// LinkedInGrace is the wait after a document upload when the token
	// cannot read documents (a member's); default 10 s.
	LinkedInGrace time.Duration
	// RetryBase is the first retry delay after a transient failure,
	// doubling each time up to an hour; default 30 s.
	RetryBase time.Duration
	// MaxAttempts bounds attempts before a job fails for good; default 8.
	MaxAttempts int
	// Workers bounds jobs published at once by this instance; default 4.
	Workers int
	// ScanInterval is the longest the scheduler sleeps between looks at
	// the database (other instances add jobs too); default 15 s.
	ScanInterval time.Duration

	HTTPClient *http.Client // default: a client with sensible timeouts
	Now        func() time.Time
}

var graphVersion = regexp.MustCompile(`^v\d+(\.\d+)?$`)

// Default addresses of each platform.
var DefaultApps = map[string]App{
	carousel.LinkedIn: {
		AuthBase: "https://www.linkedin.com", TokenBase: "https://www.linkedin.com", APIBase: "https://api.linkedin.com",
		Version: "202510", Scopes: []string{"openid", "profile", "w_member_social"},
	},
	carousel.Instagram: {
		AuthBase: "https://www.instagram.com", TokenBase: "https://api.instagram.com", APIBase: "https://graph.instagram.com",
		Version: "v23.0", Scopes: []string{"instagram_business_basic", "instagram_business_content_publish"},
	},
	carousel.Threads: {
		AuthBase: "https://threads.net", TokenBase: "https://graph.threads.net", APIBase: "https://graph.threads.net",
		Version: "v1.0", Scopes: []string{"threads_basic", "threads_content_publish"},
	},
	carousel.TikTok: {
		AuthBase: "https://www.tiktok.com", TokenBase: "https://open.tiktokapis.com", APIBase: "https://open.tiktokapis.com",
		Scopes: []string{"user.info.basic", "video.publish"},
	},
}

// AppsFromEnv reads each platform's app from CAROUSEL_<PLATFORM>_* variables
// (through lookup, os.LookupEnv semantics) over DefaultApps:
// _CLIENT_ID (TikTok also _CLIENT_KEY), _CLIENT_SECRET, _AUTH_BASE,
// _TOKEN_BASE, _API_BASE, _VERSION and _SCOPES (comma or space separated).
func AppsFromEnv(lookup func(string) (string, bool)) map[string]App {
	get := func(k string) string { v, _ := lookup(k); return strings.TrimSpace(v) }
	apps := map[string]App{}
	for name, def := range DefaultApps {
		p := "CAROUSEL_" + strings.ToUpper(name) + "_"
		a := def
		a.ClientID = get(p + "CLIENT_ID")
		if a.ClientID == "" {
			a.ClientID = get(p + "CLIENT_KEY")
		}
		a.ClientSecret = get(p + "CLIENT_SECRET")
		set := func(dst *string, key string) {
			if v := get(p + key); v != "" {
				*dst = strings.TrimRight(v, "/")
			}
		}
		set(&a.AuthBase, "AUTH_BASE")
		set(&a.TokenBase, "TOKEN_BASE")
		set(&a.APIBase, "API_BASE")
		// A base given with its Graph API version (https://graph.threads.net/v1.0,
		// as the importer takes it) gives the version too.
		if i := strings.LastIndexByte(a.APIBase, '/'); i > len("https://") && graphVersion.MatchString(a.APIBase[i+1:]) {
			a.APIBase, a.Version = a.APIBase[:i], a.APIBase[i+1:]
		}
		set(&a.Version, "VERSION")
		if v := get(p + "SCOPES"); v != "" {
			a.Scopes = strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ' ' })
		}
		apps[name] = a
	}
	return apps
}

func (c *Config) defaults() {
	// Each platform's app over the defaults, in a new map: the caller's
	// is not changed.
	apps := map[string]App{}
	for name, def := range DefaultApps {
		a := c.Apps[name]
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		fill(&a.AuthBase, def.AuthBase)
		fill(&a.TokenBase, def.TokenBase)
		fill(&a.APIBase, def.APIBase)
		fill(&a.Version, def.Version)
		if len(a.Scopes) == 0 {
			a.Scopes = def.Scopes
		}
		apps[name] = a
	}
	c.Apps = apps
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.MediaLifetime, 24*time.Hour)
	def(&c.Lease, 2*time.Minute)
	def(&c.PollInterval, 2*time.Second)
	def(&c.ProcessingTimeout, 5*time.Minute)
	def(&c.LinkedInGrace, 10*time.Second)
	def(&c.RetryBase, 30*time.Second)
	def(&c.ScanInterval, 15*time.Second)
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 8
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 2 * time.Minute}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}
