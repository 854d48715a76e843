// SPDX-License-Identifier: MIT

package publish

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/carouselstudio/carousel"
)

// meta posts carousels to Instagram (professional accounts, Instagram
// Login) and Threads, whose Graph APIs share one shape: a container per
// image, a carousel container, waiting for FINISHED, then publishing. The
// platform fetches each image from its signed public address.
type meta struct {
	name string // carousel.Instagram or carousel.Threads
	app  App
	c    *caller
	cfg  *Config
	// What differs between the two.
	edge, publishEdge, captionParam, statusField, errorField, grantPrefix, idField string
}

func newInstagram(app App, cfg *Config) *meta {
	return &meta{name: carousel.Instagram, app: app, cfg: cfg, c: &caller{platform: carousel.Instagram, hc: cfg.HTTPClient, now: cfg.Now, parseError: parseGraphError},
		edge: "media", publishEdge: "media_publish", captionParam: "caption", statusField: "status_code", errorField: "status", grantPrefix: "ig", idField: "user_id"}
}

func newThreads(app App, cfg *Config) *meta {
	return &meta{name: carousel.Threads, app: app, cfg: cfg, c: &caller{platform: carousel.Threads, hc: cfg.HTTPClient, now: cfg.Now, parseError: parseGraphError},
		edge: "threads", publishEdge: "threads_publish", captionParam: "text", statusField: "status", errorField: "error_message", grantPrefix: "th", idField: "id"}
}

// parseGraphError reads {"error":{"message","type","code","error_subcode",
// "error_user_msg"}} and, from the OAuth endpoints, {"error_type",
// "code","error_message"}.
func parseGraphError(status int, body []byte, h http.Header) *apiError {
	var e struct {
		Error struct {
			Message      string `json:"message"`
			Type         string `json:"type"`
			Code         int    `json:"code"`
			Subcode      int    `json:"error_subcode"`
			UserMessage  string `json:"error_user_msg"`
			UserTitle    string `json:"error_user_title"`
			IsTransient  bool   `json:"is_transient"`
			ErrorMessage string `json:"error_message"`
		} `json:"error"`
		ErrorType    string `json:"error_type"`
		Code         int    `json:"code"`
		ErrorMessage string `json:"error_message"`
	}
	// "error" is an object on the Graph API and may be a string elsewhere.
	if err := json.Unmarshal(body, &e); err != nil {
		var flat struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		json.Unmarshal(body, &flat)
		e.ErrorType, e.ErrorMessage = flat.Error, flat.Description
	}
	ae := &apiError{Kind: kindOfStatus(status)}
	ge := e.Error
	if ge.Code == 0 && e.Code != 0 {
		ge.Code, ge.Message, ge.Type = e.Code, e.ErrorMessage, e.ErrorType
	}
	if ge.Message == "" {
		ge.Message = e.ErrorMessage
	}
	ae.Message = ge.Message
	if ge.UserMessage != "" {
		ae.Message = ge.UserMessage
	}
	if ge.Code != 0 {
		ae.Code = strconv.Itoa(ge.Code)
		if ge.Subcode != 0 {
			ae.Code += "/" + strconv.Itoa(ge.Subcode)
		}
	}
	switch {
	case ge.Code == 190 || ge.Code == 102 || (ge.Type == "OAuthException" && ge.Code == 0 && status == http.StatusUnauthorized):
		ae.Kind = kindAuth // expired, revoked or invalid token
	case ge.Code == 4 || ge.Code == 17 || ge.Code == 32 || ge.Code == 613 || ge.Code == 80002 || ge.Code == 80001:
		ae.Kind, ae.RetryAfter = kindTransient, 15*time.Minute // rate limits
	case ge.Code == 9 && ge.Subcode == 2207042:
		ae.Kind, ae.RetryAfter = kindTransient, time.Hour // the daily publishing limit
	case ge.Code == 9007 || ge.Subcode == 2207027:
		ae.Kind, ae.RetryAfter = kindTransient, 30*time.Second // the media is not ready yet
	case ge.Code == 1 || ge.Code == 2 || ge.IsTransient:
		ae.Kind = kindTransient
	}
	if ae.Message == "" && len(body) > 0 && len(body) < 300 {
		ae.Message = strings.TrimSpace(string(body))
	}
	return ae
}

func (m *meta) api(path string) string { return m.app.APIBase + "/" + m.app.Version + "/" + path }

func (m *meta) authorizeURL(state, redirectURI string) string {
	q := url.Values{
		"client_id": {m.app.ClientID}, "redirect_uri": {redirectURI}, "response_type": {"code"},
		"scope": {strings.Join(m.app.Scopes, ",")}, "state": {state},
	}
	return m.app.AuthBase + "/oauth/authorize?" + q.Encode()
}

func (m *meta) exchange(ctx context.Context, code, redirectURI string) (*carousel.Credential, []*carousel.SocialAccount, error) {
	req, err := formRequest(ctx, m.app.TokenBase+"/oauth/access_token", url.Values{
		"client_id": {m.app.ClientID}, "client_secret": {m.app.ClientSecret}, "grant_type": {"authorization_code"},
		"redirect_uri": {redirectURI}, "code": {code},
	})
	if err != nil {
		return nil, nil, err
	}
	// Instagram answers {"data":[{…}]}, Threads (and Instagram before) the object itself.
	var short struct {
		AccessToken string          `json:"access_token"`
		UserID      json.Number     `json:"user_id"`
		Permissions json.RawMessage `json:"permissions"`
		Data        []struct {
			AccessToken string      `json:"access_token"`
			UserID      json.Number `json:"user_id"`
		} `json:"data"`
	}
	if _, err := m.c.do(req, &short); err != nil {
		return nil, nil, err
	}
	if short.AccessToken == "" && len(short.Data) > 0 {
		short.AccessToken, short.UserID = short.Data[0].AccessToken, short.Data[0].UserID
	}
	if short.AccessToken == "" {
		return nil, nil, fmt.Errorf("%s gave no access token", platformLabel(m.name))
	}
	// Trade the hour-long token for a long-lived one (60 days, renewable).
	req, err = getRequest(ctx, m.app.APIBase+"/access_token", url.Values{
		"grant_type": {m.grantPrefix + "_exchange_token"}, "client_secret": {m.app.ClientSecret}, "access_token": {short.AccessToken},
	})
	if err != nil {
		return nil, nil, err
	}
	var long struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if _, err := m.c.do(req, &long); err != nil {
		return nil, nil, fmt.Errorf("get a long-lived %s token: %w", platformLabel(m.name), err)
	}
	tok := carousel.Token{Access: long.AccessToken, Expires: expiresIn(m.cfg.Now(), long.ExpiresIn), Renewable: true, Scopes: m.app.Scopes}
	fields := "id,username,name"
	if m.name == carousel.Instagram {
		fields = "user_id,username,name,account_type"
	}
	req, err = getRequest(ctx, m.api("me"), url.Values{"fields": {fields}, "access_token": {tok.Access}})
	if err != nil {
		return nil, nil, err
	}
	var me struct {
		ID          string `json:"id"`
		UserID      string `json:"user_id"`
		Username    string `json:"username"`
		Name        string `json:"name"`
		AccountType string `json:"account_type"`
	}
	if _, err := m.c.do(req, &me); err != nil {
		return nil, nil, fmt.Errorf("read the %s account: %w", platformLabel(m.name), err)
	}
	id := me.ID
	if m.name == carousel.Instagram && me.UserID != "" {
		id = me.UserID // the professional account's id, which publishing takes
	}
	if id == "" {
		id = short.UserID.String()
	}
	if id == "" {
		return nil, nil, fmt.Errorf("%s gave no account id", platformLabel(m.name))
	}
	name := me.Name
	if name == "" {
		name = me.Username
	}
	kind := carousel.AccountUser
	if m.name == carousel.Instagram {
		kind = carousel.AccountBusiness
	}
	cred := &carousel.Credential{Platform: m.name, Subject: id, Token: tok}
	return cred, []*carousel.SocialAccount{{Platform: m.name, Kind: kind, ExternalID: id, Name: name, Username: me.Username}}, nil
}

// refreshDue: a long-lived token can be renewed once it is a day old, and
// should be well before its 60 days run out.
func (m *meta) refreshDue(c *carousel.Credential, now time.Time) bool {
	return c.Token.Renewable && !c.Token.Expires.IsZero() && c.Token.Expires.Sub(now) < 15*24*time.Hour && now.Sub(c.Updated) > 24*time.Hour
}

func (m *meta) refresh(ctx context.Context, c *carousel.Credential) (carousel.Token, error) {
	if !c.Token.Renewable || (!c.Token.Expires.IsZero() && !c.Token.Expires.After(m.cfg.Now())) {
		return carousel.Token{}, errNotRefreshable
	}
	req, err := getRequest(ctx, m.app.APIBase+"/refresh_access_token", url.Values{"grant_type": {m.grantPrefix + "_refresh_token"}, "access_token": {c.Token.Access}})
	if err != nil {
		return carousel.Token{}, err
	}
	var t struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	if _, err := m.c.do(req, &t); err != nil {
		return carousel.Token{}, err
	}
	if t.AccessToken == "" {
		return carousel.Token{}, fmt.Errorf("%s gave no refreshed token", platformLabel(m.name))
	}
	return carousel.Token{Access: t.AccessToken, Expires: expiresIn(m.cfg.Now(), t.ExpiresIn), Renewable: true, Scopes: c.Token.Scopes}, nil
}

// Meta checkpoint keys.
const (
	metaChildren  = "children"  // comma-separated item container ids, in order
	metaContainer = "container" // the carousel (or single image) container
)

// post sends a form to the Graph API and returns the "id" it answers.
func (m *meta) post(ctx context.Context, path, token string, form url.Values) (string, error) {
	form.Set("access_token", token)
	req, err := formRequest(ctx, m.api(path), form)
	if err != nil {
		return "", err
	}
	var out struct {
		ID string `json:"id"`
	}
	if _, err := m.c.do(req, &out); err != nil {
		return "", err
	}
	if out.ID == "" {
		return "", fmt.Errorf("%s gave no id for %s", platformLabel(m.name), path)
	}
	return out.ID, nil
}

func (m *meta) get(ctx context.Context, path, token string, q url.Values, out any) error {
	q.Set("access_token", token)
	req, err := getRequest(ctx, m.api(path), q)
	if err != nil {
		return err
	}
	_, err = m.c.do(req, out)
	return err
}

// status reads a container's state: IN_PROGRESS, FINISHED, PUBLISHED,
// ERROR or EXPIRED, with the reason of an ERROR.
func (m *meta) status(ctx context.Context, id, token string) (string, string, error) {
	var s map[string]any
	if err := m.get(ctx, id, token, url.Values{"fields": {m.statusField + "," + m.errorField}}, &s); err != nil {
		return "", "", err
	}
	state, _ := s[m.statusField].(string)
	reason, _ := s[m.errorField].(string)
	return state, reason, nil
}

func (m *meta) publish(ctx context.Context, r *run) error {
	job, uid := r.job, r.account.ExternalID
	if len(job.Media) == 0 {
		return &apiError{Platform: m.name, Message: "a carousel needs at least one image", Kind: kindFinal}
	}
	if r.cp[cpStep] == "publishing" {
		done, err := m.resumePublish(ctx, r)
		if done || err != nil {
			return err
		}
	}
	if id := r.cp[metaContainer]; id != "" {
		state, _, err := m.status(ctx, id, r.token)
		if err != nil {
			return err
		}
		if state == "EXPIRED" || state == "ERROR" {
			// Containers live 24 hours: start again with fresh ones.
			if err := r.set(ctx, metaContainer, "", metaChildren, ""); err != nil {
				return err
			}
		}
	}
	if r.cp[metaContainer] == "" {
		if err := m.createContainers(ctx, r, uid); err != nil {
			return err
		}
	}
	if err := m.waitFinished(ctx, r, r.cp[metaContainer], "the carousel"); err != nil {
		return err
	}
	if err := m.checkQuota(ctx, r, uid); err != nil {
		return err
	}
	if err := r.beginStep(ctx, "publishing"); err != nil {
		return err
	}
	id, err := m.post(ctx, uid+"/"+m.publishEdge, r.token, url.Values{"creation_id": {r.cp[metaContainer]}})
	if err != nil {
		if refused(err) {
			r.setDetached(ctx, cpStep, "")
		}
		return err
	}
	if err := r.recordPost(ctx, id, ""); err != nil {
		return err
	}
	var pl struct {
		Permalink string `json:"permalink"`
	}
	if err := m.get(ctx, id, r.token, url.Values{"fields": {"permalink"}}, &pl); err == nil && pl.Permalink != "" {
		r.setDetached(ctx, cpPostURL, pl.Permalink)
	}
	return nil
}

// createContainers makes a container per image (kept in the checkpoint as
// they are made, so a restart reuses them) and the carousel container.
func (m *meta) createContainers(ctx context.Context, r *run, uid string) error {
	job := r.job
	caption := strings.TrimSpace(job.Caption)
	item := func(md carousel.PostMedia, carouselItem bool) url.Values {
		f := url.Values{"image_url": {r.mediaURL(md)}}
		if m.name == carousel.Threads {
			f.Set("media_type", "IMAGE")
		}
		if carouselItem {
			f.Set("is_carousel_item", "true")
		}
		if alt := strings.TrimSpace(md.Alt); alt != "" {
			f.Set("alt_text", truncateRunes(alt, 1000))
		}
		return f
	}
	if len(job.Media) == 1 {
		f := item(job.Media[0], false)
		if caption != "" {
			f.Set(m.captionParam, caption)
		}
		id, err := m.post(ctx, uid+"/"+m.edge, r.token, f)
		if err != nil {
			return m.explainFetch(err)
		}
		return r.set(ctx, metaContainer, id)
	}
	children := r.list(metaChildren)
	for i := len(children); i < len(job.Media); i++ {
		id, err := m.post(ctx, uid+"/"+m.edge, r.token, item(job.Media[i], true))
		if err != nil {
			return m.explainFetch(err)
		}
		children = append(children, id)
		if err := r.set(ctx, metaChildren, strings.Join(children, ",")); err != nil {
			return err
		}
	}
	for i, id := range children {
		if err := m.waitFinished(ctx, r, id, fmt.Sprintf("image %d", i+1)); err != nil {
			return err
		}
	}
	f := url.Values{"media_type": {"CAROUSEL"}, "children": {strings.Join(children, ",")}}
	if caption != "" {
		f.Set(m.captionParam, caption)
	}
	id, err := m.post(ctx, uid+"/"+m.edge, r.token, f)
	if err != nil {
		return err
	}
	return r.set(ctx, metaContainer, id)
}

// explainFetch adds the likely cause to a refused image: the platform
// could not download it from the public address.
func (m *meta) explainFetch(err error) error {
	if ae, ok := err.(*apiError); ok && ae.Kind == kindFinal && (strings.Contains(ae.Code, "2207052") || strings.Contains(ae.Code, "2207003") || strings.Contains(strings.ToLower(ae.Message), "download") || strings.Contains(strings.ToLower(ae.Message), "fetch")) {
		ae.Message += fmt.Sprintf(" — %s must be able to download the image from %s: check that this --public-url is reachable from the internet", platformLabel(m.name), m.cfg.PublicURL)
	}
	return err
}

// waitFinished polls a container until FINISHED.
func (m *meta) waitFinished(ctx context.Context, r *run, id, what string) error {
	return r.poll(ctx, what, func() (bool, error) {
		state, reason, err := m.status(ctx, id, r.token)
		if err != nil {
			return false, err
		}
		switch state {
		case "FINISHED", "PUBLISHED":
			return true, nil
		case "ERROR":
			r.setDetached(ctx, metaContainer, "", metaChildren, "")
			msg := fmt.Sprintf("%s could not process %s", platformLabel(m.name), what)
			if reason != "" {
				msg += ": " + reason
			}
			return false, &apiError{Platform: m.name, Code: "ERROR", Message: msg, Kind: kindFinal}
		case "EXPIRED":
			r.setDetached(ctx, metaContainer, "", metaChildren, "")
			return false, &apiError{Platform: m.name, Code: "EXPIRED", Message: what + " expired before it was published; it will be made again", Kind: kindTransient}
		}
		return false, nil // IN_PROGRESS
	})
}

// checkQuota waits for the next day when the account has used its daily
// publishing limit (Instagram: 50 posts a day; Threads: 250).
func (m *meta) checkQuota(ctx context.Context, r *run, uid string) error {
	edge := "content_publishing_limit"
	if m.name == carousel.Threads {
		edge = "threads_publishing_limit"
	}
	var lim struct {
		Data []struct {
			QuotaUsage int `json:"quota_usage"`
			Config     struct {
				QuotaTotal int `json:"quota_total"`
			} `json:"config"`
		} `json:"data"`
	}
	if err := m.get(ctx, uid+"/"+edge, r.token, url.Values{"fields": {"quota_usage,config"}}, &lim); err != nil {
		return nil // the check is a courtesy; publishing will say if the limit is reached
	}
	if len(lim.Data) > 0 && lim.Data[0].Config.QuotaTotal > 0 && lim.Data[0].QuotaUsage >= lim.Data[0].Config.QuotaTotal {
		return &errLater{msg: fmt.Sprintf("the %s account has reached its daily publishing limit of %d posts; trying again in an hour", platformLabel(m.name), lim.Data[0].Config.QuotaTotal), after: time.Hour}
	}
	return nil
}

// resumePublish handles an attempt that sent the publish request without
// hearing back. The container says whether it was published; if it was,
// the post is found among the account's recent ones by its caption.
func (m *meta) resumePublish(ctx context.Context, r *run) (bool, error) {
	id := r.cp[metaContainer]
	if id == "" {
		return false, r.set(ctx, cpStep, "")
	}
	state, _, err := m.status(ctx, id, r.token)
	if err != nil {
		return false, err
	}
	if state != "PUBLISHED" {
		return false, r.set(ctx, cpStep, "") // not published: publish it
	}
	captionField := "caption"
	if m.name == carousel.Threads {
		captionField = "text"
	}
	var list struct {
		Data []map[string]any `json:"data"`
	}
	if err := m.get(ctx, r.account.ExternalID+"/"+m.edge, r.token, url.Values{"fields": {"id," + captionField + ",permalink,timestamp"}, "limit": {"25"}}, &list); err != nil {
		return false, err
	}
	since := r.since().Add(-2 * time.Minute)
	want := strings.TrimSpace(r.job.Caption)
	for _, p := range list.Data {
		text, _ := p[captionField].(string)
		ts, _ := p["timestamp"].(string)
		when, _ := time.Parse("2006-01-02T15:04:05-0700", ts)
		if strings.TrimSpace(text) != want || (!when.IsZero() && when.Before(since)) {
			continue
		}
		pid, _ := p["id"].(string)
		link, _ := p["permalink"].(string)
		if pid != "" {
			return true, r.recordPost(ctx, pid, link)
		}
	}
	return false, &errCheck{msg: fmt.Sprintf("%s published this carousel while the server was stopping, but it could not be found among the account's recent posts: look at the profile, then mark it published.", platformLabel(m.name))}
}

func truncateRunes(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n])
}
