// SPDX-License-Identifier: MIT

package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/carouselstudio/carousel"
)

// linkedIn posts documents (PDF carousels) through LinkedIn's versioned
// REST API: initialize an upload, PUT the PDF, wait for the document, then
// create the post. See docs/publishing.md.
type linkedIn struct {
	app App
	c   *caller
	cfg *Config
}

func newLinkedIn(app App, cfg *Config) *linkedIn {
	return &linkedIn{app: app, cfg: cfg, c: &caller{platform: carousel.LinkedIn, hc: cfg.HTTPClient, now: cfg.Now, parseError: parseLinkedInError}}
}

// parseLinkedInError reads {"status","serviceErrorCode","code","message",
// "errorDetails":{"inputErrors":[{"code"}]}}.
func parseLinkedInError(status int, body []byte, h http.Header) *apiError {
	var e struct {
		Code         string `json:"code"`
		Message      string `json:"message"`
		ServiceCode  int    `json:"serviceErrorCode"`
		ErrorDetails struct {
			InputErrors []struct {
				Code        string `json:"code"`
				Description string `json:"description"`
			} `json:"inputErrors"`
		} `json:"errorDetails"`
		// The OAuth endpoints answer {"error","error_description"}.
		OAuthError       string `json:"error"`
		OAuthDescription string `json:"error_description"`
	}
	json.Unmarshal(body, &e)
	ae := &apiError{Code: e.Code, Message: e.Message, Kind: kindOfStatus(status)}
	if e.OAuthError != "" {
		ae.Code, ae.Message = e.OAuthError, e.OAuthDescription
	}
	for _, ie := range e.ErrorDetails.InputErrors {
		if ie.Code == "DUPLICATE_POST" {
			ae.Duplicate, ae.Code = true, ie.Code
			// "Content is a duplicate of urn:li:share:7141138937766391808"
			ae.DuplicateOf = duplicateURN.FindString(e.Message)
		}
	}
	switch {
	case status == http.StatusUpgradeRequired || strings.Contains(e.Message, "is not active"):
		ae.Kind = kindFinal
		ae.Message += " — set CAROUSEL_LINKEDIN_VERSION to a current LinkedIn-Version (YYYYMM)"
	case status == http.StatusTooManyRequests && ae.RetryAfter == 0:
		// The daily quota resets at midnight UTC.
		now := time.Now().UTC()
		midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 5, 0, 0, time.UTC)
		if strings.Contains(strings.ToUpper(e.Message), "DAY") {
			ae.RetryAfter = midnight.Sub(now)
		}
	}
	if ae.Message == "" && len(body) > 0 && len(body) < 300 {
		ae.Message = strings.TrimSpace(string(body))
	}
	return ae
}

var duplicateURN = regexp.MustCompile(`urn:li:(share|ugcPost|activity):\d+`)

func (l *linkedIn) headers(req *http.Request, token string) {
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("LinkedIn-Version", l.app.Version)
	req.Header.Set("X-Restli-Protocol-Version", "2.0.0")
}

func (l *linkedIn) authorizeURL(state, redirectURI string) string {
	q := url.Values{
		"response_type": {"code"}, "client_id": {l.app.ClientID}, "redirect_uri": {redirectURI},
		"state": {state}, "scope": {strings.Join(l.app.Scopes, " ")},
	}
	return l.app.AuthBase + "/oauth/v2/authorization?" + q.Encode()
}

type oauthToken struct {
	AccessToken           string `json:"access_token"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Scope                 string `json:"scope"`
}

func (t oauthToken) token(now time.Time) carousel.Token {
	return carousel.Token{
		Access: t.AccessToken, Refresh: t.RefreshToken, Scopes: splitScopes(t.Scope),
		Expires: expiresIn(now, t.ExpiresIn), RefreshExpires: expiresIn(now, t.RefreshTokenExpiresIn),
	}
}

func (l *linkedIn) tokenCall(ctx context.Context, form url.Values) (carousel.Token, error) {
	form.Set("client_id", l.app.ClientID)
	form.Set("client_secret", l.app.ClientSecret)
	req, err := formRequest(ctx, l.app.TokenBase+"/oauth/v2/accessToken", form)
	if err != nil {
		return carousel.Token{}, err
	}
	var t oauthToken
	if _, err := l.c.do(req, &t); err != nil {
		return carousel.Token{}, err
	}
	if t.AccessToken == "" {
		return carousel.Token{}, fmt.Errorf("LinkedIn gave no access token")
	}
	return t.token(l.cfg.Now()), nil
}

func (l *linkedIn) exchange(ctx context.Context, code, redirectURI string) (*carousel.Credential, []*carousel.SocialAccount, error) {
	tok, err := l.tokenCall(ctx, url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI}})
	if err != nil {
		return nil, nil, err
	}
	if len(tok.Scopes) == 0 {
		tok.Scopes = l.app.Scopes
	}
	// The member's id is the OpenID Connect subject.
	req, err := getRequest(ctx, l.app.APIBase+"/v2/userinfo", nil)
	if err != nil {
		return nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+tok.Access)
	var me struct {
		Sub  string `json:"sub"`
		Name string `json:"name"`
	}
	if _, err := l.c.do(req, &me); err != nil {
		return nil, nil, fmt.Errorf("read the LinkedIn member (the app needs the openid and profile scopes): %w", err)
	}
	if me.Sub == "" {
		return nil, nil, fmt.Errorf("LinkedIn gave no member id")
	}
	cred := &carousel.Credential{Platform: carousel.LinkedIn, Subject: me.Sub, Token: tok}
	accounts := []*carousel.SocialAccount{{Platform: carousel.LinkedIn, Kind: carousel.AccountMember, ExternalID: "urn:li:person:" + me.Sub, Name: me.Name}}
	if hasScope(tok.Scopes, "w_organization_social") {
		orgs, err := l.organizations(ctx, tok.Access)
		if err != nil {
			return nil, nil, fmt.Errorf("list the LinkedIn pages you administer (the app needs r_organization_admin): %w", err)
		}
		accounts = append(accounts, orgs...)
	}
	return cred, accounts, nil
}

// organizations lists the pages the member administers.
func (l *linkedIn) organizations(ctx context.Context, token string) ([]*carousel.SocialAccount, error) {
	req, err := getRequest(ctx, l.app.APIBase+"/rest/organizationAcls", url.Values{"q": {"roleAssignee"}, "role": {"ADMINISTRATOR"}, "state": {"APPROVED"}})
	if err != nil {
		return nil, err
	}
	l.headers(req, token)
	var acls struct {
		Elements []struct {
			Organization string `json:"organization"`
		} `json:"elements"`
	}
	if _, err := l.c.do(req, &acls); err != nil {
		return nil, err
	}
	var out []*carousel.SocialAccount
	for _, e := range acls.Elements {
		id := strings.TrimPrefix(e.Organization, "urn:li:organization:")
		req, err := getRequest(ctx, l.app.APIBase+"/rest/organizations/"+url.PathEscape(id), nil)
		if err != nil {
			return nil, err
		}
		l.headers(req, token)
		var org struct {
			LocalizedName string `json:"localizedName"`
			VanityName    string `json:"vanityName"`
		}
		if _, err := l.c.do(req, &org); err != nil {
			return nil, err
		}
		name := org.LocalizedName
		if name == "" {
			name = "LinkedIn page " + id
		}
		out = append(out, &carousel.SocialAccount{Platform: carousel.LinkedIn, Kind: carousel.AccountOrganization, ExternalID: "urn:li:organization:" + id, Name: name, Username: org.VanityName})
	}
	return out, nil
}

func (l *linkedIn) refreshDue(c *carousel.Credential, now time.Time) bool {
	return c.Token.Refresh != "" && !c.Token.Expires.IsZero() && c.Token.Expires.Sub(now) < 7*24*time.Hour
}

func (l *linkedIn) refresh(ctx context.Context, c *carousel.Credential) (carousel.Token, error) {
	if c.Token.Refresh == "" || !l.app.Configured() {
		return carousel.Token{}, errNotRefreshable
	}
	tok, err := l.tokenCall(ctx, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {c.Token.Refresh}})
	if err != nil {
		return carousel.Token{}, err
	}
	if tok.Refresh == "" {
		tok.Refresh, tok.RefreshExpires = c.Token.Refresh, c.Token.RefreshExpires
	}
	if len(tok.Scopes) == 0 {
		tok.Scopes = c.Token.Scopes
	}
	return tok, nil
}

// LinkedIn checkpoint keys.
const (
	liDocument = "document" // urn:li:document:… once initialized
	liUploaded = "uploaded" // "1" once the PDF is PUT
	liReady    = "ready"    // "1" once the document is AVAILABLE (or the grace period passed)
)

func (l *linkedIn) publish(ctx context.Context, r *run) error {
	job := r.job
	if len(job.Media) != 1 || job.Media[0].Type != "application/pdf" {
		return &apiError{Platform: carousel.LinkedIn, Message: "a LinkedIn document post needs exactly one PDF", Kind: kindFinal}
	}
	author := r.account.ExternalID
	if r.cp[cpStep] == "posting" {
		// A previous attempt sent the post and did not hear back: find out
		// whether LinkedIn made it before sending it again.
		if done, err := l.findPost(ctx, r); done || err != nil {
			return err
		}
	}
	if r.cp[liDocument] == "" || r.cp[liUploaded] == "" {
		if err := l.upload(ctx, r, author); err != nil {
			return err
		}
	}
	if r.cp[liReady] == "" {
		if err := l.waitForDocument(ctx, r, author); err != nil {
			return err
		}
	}
	return l.createPost(ctx, r, author)
}

func (l *linkedIn) upload(ctx context.Context, r *run, author string) error {
	pdf, err := r.media(ctx, r.job.Media[0].Ref)
	if err != nil {
		return err
	}
	req, err := jsonRequest(ctx, http.MethodPost, l.app.APIBase+"/rest/documents?action=initializeUpload",
		map[string]any{"initializeUploadRequest": map[string]string{"owner": author}})
	if err != nil {
		return err
	}
	l.headers(req, r.token)
	var init struct {
		Value struct {
			UploadURL string `json:"uploadUrl"`
			Document  string `json:"document"`
		} `json:"value"`
	}
	if _, err := l.c.do(req, &init); err != nil {
		return err
	}
	if init.Value.UploadURL == "" || init.Value.Document == "" {
		return fmt.Errorf("LinkedIn gave no upload address for the document")
	}
	if err := r.set(ctx, liDocument, init.Value.Document, liUploaded, "", liReady, ""); err != nil {
		return err
	}
	// One PUT of the whole file: LinkedIn documents are never chunked.
	put, err := http.NewRequestWithContext(ctx, http.MethodPut, init.Value.UploadURL, bytes.NewReader(pdf))
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	put.Header.Set("Authorization", "Bearer "+r.token)
	put.Header.Set("Content-Type", "application/octet-stream")
	put.ContentLength = int64(len(pdf))
	if _, err := l.c.do(put, nil); err != nil {
		return err
	}
	r.log.Info("LinkedIn document uploaded", "job", r.job.ID, "document", init.Value.Document, "bytes", len(pdf))
	return r.set(ctx, liUploaded, "1")
}

func (l *linkedIn) waitForDocument(ctx context.Context, r *run, author string) error {
	doc := r.cp[liDocument]
	if strings.HasPrefix(author, "urn:li:person:") {
		// A member's token (w_member_social) may not read documents:
		// give LinkedIn a moment to process the upload instead.
		if err := sleep(ctx, l.cfg.LinkedInGrace); err != nil {
			return err
		}
		return r.set(ctx, liReady, "1")
	}
	err := r.poll(ctx, "the document", func() (bool, error) {
		req, err := getRequest(ctx, l.app.APIBase+"/rest/documents/"+url.PathEscape(doc), nil)
		if err != nil {
			return false, err
		}
		l.headers(req, r.token)
		var d struct {
			Status                  string `json:"status"`
			ProcessingFailureReason string `json:"processingFailureReason"`
		}
		if _, err := l.c.do(req, &d); err != nil {
			return false, err
		}
		switch d.Status {
		case "AVAILABLE":
			return true, nil
		case "PROCESSING_FAILED":
			// Start over with a new upload next time: this one is dead.
			r.set(ctx, liDocument, "", liUploaded, "")
			return false, &apiError{Platform: carousel.LinkedIn, Code: d.Status, Message: "LinkedIn could not process the document: " + d.ProcessingFailureReason, Kind: kindFinal}
		}
		return false, nil // WAITING_UPLOAD, PROCESSING
	})
	if err != nil {
		return err
	}
	return r.set(ctx, liReady, "1")
}

func (l *linkedIn) createPost(ctx context.Context, r *run, author string) error {
	job := r.job
	title := job.Title
	if title == "" {
		title = job.ProjectTitle
	}
	body := map[string]any{
		"author":     author,
		"commentary": LittleText(job.Caption),
		"visibility": "PUBLIC",
		"distribution": map[string]any{
			"feedDistribution": "MAIN_FEED", "targetEntities": []any{}, "thirdPartyDistributionChannels": []any{},
		},
		"content":                   map[string]any{"media": map[string]string{"title": title, "id": r.cp[liDocument]}},
		"lifecycleState":            "PUBLISHED",
		"isReshareDisabledByAuthor": false,
	}
	req, err := jsonRequest(ctx, http.MethodPost, l.app.APIBase+"/rest/posts", body)
	if err != nil {
		return err
	}
	l.headers(req, r.token)
	retrying := r.cp[cpStep] == "posting"
	if err := r.beginStep(ctx, "posting"); err != nil {
		return err
	}
	h, err := l.c.do(req, nil)
	if ae, ok := err.(*apiError); ok && ae.Duplicate && retrying {
		// Our earlier attempt made the post; LinkedIn names it.
		if ae.DuplicateOf == "" {
			return &errCheck{msg: "LinkedIn says this post already exists (an interrupted attempt made it) but does not say which it is: look at your LinkedIn feed, then mark it published."}
		}
		return r.recordPost(ctx, ae.DuplicateOf, postURL(ae.DuplicateOf))
	}
	if ae, ok := err.(*apiError); ok && ae.Duplicate {
		ae.Message = "LinkedIn refused the post as a duplicate: the same text was posted before"
		if ae.DuplicateOf != "" {
			ae.Message += " (" + postURL(ae.DuplicateOf) + ")"
		}
		ae.Message += "; change the caption and retry"
	}
	if err != nil {
		if refused(err) {
			// LinkedIn answered: the post was not made.
			r.setDetached(ctx, cpStep, "")
		}
		return err
	}
	urn := h.Get("X-Restli-Id")
	if urn == "" {
		urn = h.Get("X-LinkedIn-Id")
	}
	return r.recordPost(ctx, urn, postURL(urn))
}

// findPost looks for the post an interrupted attempt may have made. It
// lists the author's recent posts where the token allows it (pages); a
// member's token may not read posts, and then sending the post again is
// safe because LinkedIn refuses the same post twice as DUPLICATE_POST,
// naming the first (createPost handles that). A post without commentary
// cannot be told from another: the job is left for the person to check.
func (l *linkedIn) findPost(ctx context.Context, r *run) (bool, error) {
	req, err := getRequest(ctx, l.app.APIBase+"/rest/posts", url.Values{"q": {"author"}, "author": {r.account.ExternalID}, "count": {"20"}, "sortBy": {"LAST_MODIFIED"}})
	if err != nil {
		return false, err
	}
	l.headers(req, r.token)
	var list struct {
		Elements []struct {
			ID      string `json:"id"`
			Content struct {
				Media struct {
					ID string `json:"id"`
				} `json:"media"`
			} `json:"content"`
		} `json:"elements"`
	}
	_, err = l.c.do(req, &list)
	if err == nil {
		for _, p := range list.Elements {
			if p.Content.Media.ID == r.cp[liDocument] && p.ID != "" {
				return true, r.recordPost(ctx, p.ID, postURL(p.ID))
			}
		}
		return false, nil // not there: post it
	}
	if ae, ok := err.(*apiError); ok && (ae.Status == http.StatusForbidden || ae.Status == http.StatusNotFound) {
		if strings.TrimSpace(r.job.Caption) == "" {
			return false, &errCheck{msg: "The server stopped while LinkedIn was receiving this post, and this account's token cannot list its posts: look at your LinkedIn feed, then retry or mark it published."}
		}
		return false, nil // rely on DUPLICATE_POST
	}
	return false, err
}

func postURL(urn string) string {
	if urn == "" {
		return ""
	}
	return "https://www.linkedin.com/feed/update/" + urn + "/"
}

// littleTextReserved are the characters LinkedIn's "little text" format
// gives a meaning; they must be escaped with a backslash to show as text.
const littleTextReserved = `\|{}@[]()<>#*_~`

// LittleText writes plain text in LinkedIn's little text format: reserved
// characters are escaped, and hashtags become hashtag markup so that they
// stay hashtags ("#growth" becomes "{hashtag|\#|growth}"). Mentions of
// members need their URNs, which a caption does not have: "@name" stays
// text.
func LittleText(text string) string {
	tags := map[int]int{} // rune index of '#' → rune length of the tag
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '#' || (i > 0 && isTag(rs[i-1])) {
			continue
		}
		j := i + 1
		for j < len(rs) && isTag(rs[j]) {
			j++
		}
		if j > i+1 && len(carousel.Hashtags(string(rs[i:j]))) == 1 {
			tags[i] = j - i
		}
	}
	var b strings.Builder
	for i := 0; i < len(rs); i++ {
		if n, ok := tags[i]; ok {
			b.WriteString(`{hashtag|\#|`)
			b.WriteString(escapeLittle(string(rs[i+1 : i+n])))
			b.WriteString(`}`)
			i += n - 1
			continue
		}
		b.WriteString(escapeLittle(string(rs[i])))
	}
	return b.String()
}

func isTag(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func escapeLittle(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(littleTextReserved, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
