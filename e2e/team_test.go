// SPDX-License-Identifier: MIT

package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/importer"
	"github.com/carouselstudio/carousel/render"
	"github.com/carouselstudio/carousel/store"
	"github.com/carouselstudio/carousel/web"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const teamPassword = "correct horse battery"

// teamStudio is a team server (sign-in on) and a headless browser.
type teamStudio struct {
	*studio
}

func newTeamStudio(t *testing.T) *teamStudio {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "team.db"))
	if err != nil {
		t.Fatalf("store.Open: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	eng, err := render.New(render.Options{SystemFontDirs: []string{}})
	if err != nil {
		t.Fatal(err)
	}
	s := &web.Server{
		Projects: db, Profiles: db, Presets: db, Assets: db,
		Accounts: db, Workspaces: db, Reviews: db, Audit: db, Auth: true,
		Render:  eng,
		Import:  importer.New(importer.Config{FxTwitterBase: "-", SyndicationBase: "-", StoreMedia: db.PutAsset, CacheDir: t.TempDir()}),
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Version: "e2e",
	}
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	shots := os.Getenv("CAROUSEL_SCREENSHOTS")
	if shots == "" {
		shots = "/tmp/studio-shots"
	}
	os.MkdirAll(shots, 0o755)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, browserFlags(t)...)
	t.Cleanup(cancelAlloc)
	bctx, cancel := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	ts := &teamStudio{studio: &studio{t: t, ctx: bctx, url: srv.URL, db: db, shots: shots, dl: t.TempDir()}}
	ts.desktop()
	return ts
}

// fresh returns a browser of its own, started with an empty profile: no
// cookies, no storage, as a client opening a link on their own machine.
func (ts *teamStudio) fresh() *studio {
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browserFlags(ts.t)...)
	ts.t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithLogf(ts.t.Logf))
	ts.t.Cleanup(cancel)
	s := &studio{t: ts.t, ctx: ctx, url: ts.url, db: ts.db, shots: ts.shots, dl: ts.t.TempDir()}
	s.desktop()
	return s
}

func browserFlags(t *testing.T) []chromedp.ExecAllocatorOption {
	return []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
	}
}

func (ts *teamStudio) member(email, name, workspace string, role carousel.Role) *carousel.User {
	ts.t.Helper()
	ctx := context.Background()
	u, err := ts.db.FindUserByEmail(ctx, email)
	if err != nil {
		u = &carousel.User{Email: email, Name: name}
		if err := ts.db.CreateUser(ctx, u, teamPassword); err != nil {
			ts.t.Fatal(err)
		}
	}
	if err := ts.db.SetMember(ctx, workspace, u.ID, role); err != nil {
		ts.t.Fatal(err)
	}
	return u
}

// project stores a project made from the thread in a workspace.
func (ts *teamStudio) project(workspace, title string) string {
	ts.t.Helper()
	ctx := carousel.NewContextWithWorkspace(context.Background(), workspace)
	th, _, err := importer.New(importer.Config{FxTwitterBase: "-", SyndicationBase: "-"}).Import(ctx, carousel.ImportRequest{Source: thread})
	if err != nil {
		ts.t.Fatal(err)
	}
	th.Author = carousel.Author{Name: "Ada Lovelace", Handle: "ada"}
	p := &carousel.Project{Version: carousel.ProjectVersion, Title: title, Thread: *th}
	for _, post := range th.Posts {
		p.Slides = append(p.Slides, carousel.Slide{ID: "s" + post.ID, Kind: carousel.SlideContent, Items: []carousel.Item{{Post: post.ID}}})
	}
	if err := ts.db.CreateProject(ctx, p); err != nil {
		ts.t.Fatal(err)
	}
	return p.ID
}

// signIn fills the sign-in form and waits for the studio.
func signIn(s *studio, email string) {
	s.t.Helper()
	s.do(chromedp.Navigate(s.url))
	s.wait("the sign-in form", `!!document.querySelector('#signin-form')`)
	s.do(chromedp.SetValue(chromedp.CSS(`#signin-form [name=email]`), email),
		chromedp.SetValue(chromedp.CSS(`#signin-form [name=password]`), teamPassword),
		chromedp.Click(chromedp.CSS(`#signin-form button[type=submit]`)))
	s.wait("the studio", `document.body && document.body.dataset.ready === 'true'`)
}

func openProjectsList(s *studio) string {
	s.t.Helper()
	s.do(chromedp.Click(chromedp.CSS(`#open-projects`)))
	s.wait("the project list", `document.querySelector('#projects-dialog').open && document.querySelectorAll('#project-list li').length > 0`)
	txt := eval[string](s, `document.querySelector('#project-list').innerText`)
	s.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#projects-dialog').close()`))
	return txt
}

func TestTeamSignInAndWorkspaceSwitching(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	ts := newTeamStudio(t)
	client := &carousel.Workspace{Name: "Client Co"}
	if err := ts.db.CreateWorkspace(context.Background(), client); err != nil {
		t.Fatal(err)
	}
	ts.member("ada@agency.example", "Ada Agency", carousel.DefaultWorkspace, carousel.RoleOwner)
	ts.member("ada@agency.example", "", client.ID, carousel.RoleEditor)
	ts.project(carousel.DefaultWorkspace, "Agency launch")
	ts.project(client.ID, "Client Co spring")

	// A visitor without a session gets the sign-in form, not the studio.
	ts.do(chromedp.Navigate(ts.url))
	ts.wait("the sign-in form", `!!document.querySelector('#signin-form') && !document.querySelector('#slides')`)
	ts.do(chromedp.SetValue(chromedp.CSS(`#signin-form [name=email]`), "ada@agency.example"),
		chromedp.SetValue(chromedp.CSS(`#signin-form [name=password]`), "not the password"),
		chromedp.Click(chromedp.CSS(`#signin-form button[type=submit]`)))
	ts.wait("the error", `!document.querySelector('#signin-form .form-error').hidden`)
	if msg := eval[string](ts.studio, `document.querySelector('#signin-form .form-error').textContent`); !strings.Contains(msg, "wrong email or password") {
		t.Errorf("sign-in error %q", msg)
	}
	ts.shot("team-signin-error")

	signIn(ts.studio, "ada@agency.example")
	if who := eval[string](ts.studio, `document.querySelector('#account-btn').textContent`); who != "Ada Agency" {
		t.Errorf("the account button says %q", who)
	}
	ts.wait("the workspace switcher", `!document.querySelector('#workspace-switch').hidden && document.querySelectorAll('#workspace-switch option').length === 2`)
	// Sign-in lands in the first workspace by name: Client Co.
	if list := openProjectsList(ts.studio); !strings.Contains(list, "Client Co spring") || strings.Contains(list, "Agency launch") {
		t.Errorf("Client Co lists %q", list)
	}
	ts.shot("team-signed-in")

	ts.do(chromedp.Evaluate[chromedp.Void](`window.beforeSwitch = true`),
		chromedp.SetValue(chromedp.CSS(`#workspace-switch`), carousel.DefaultWorkspace),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('#workspace-switch').dispatchEvent(new Event('change'))`))
	ts.wait("the other workspace", `!window.beforeSwitch && document.body && document.body.dataset.ready === 'true' && document.querySelector('#workspace-switch').value === 'default'`)
	if list := openProjectsList(ts.studio); !strings.Contains(list, "Agency launch") || strings.Contains(list, "Client Co spring") {
		t.Errorf("after switching, the list is %q", list)
	}
	if !eval[bool](ts.studio, `!document.querySelector('#team-btn').hidden`) {
		t.Error("an owner has no Team button")
	}
	ts.shot("team-switched")

	// Sign out: the sign-in form again.
	ts.do(chromedp.Click(chromedp.CSS(`#account-btn`)))
	ts.wait("the account dialog", `document.querySelector('#account-dialog').open`)
	ts.shot("team-account")
	ts.do(chromedp.Click(chromedp.CSS(`#sign-out`)))
	ts.wait("the sign-in form", `!!document.querySelector('#signin-form')`)
}

func TestTeamInvite(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	ts := newTeamStudio(t)
	ts.member("owner@agency.example", "Olive Owner", carousel.DefaultWorkspace, carousel.RoleOwner)
	signIn(ts.studio, "owner@agency.example")
	ts.do(chromedp.Click(chromedp.CSS(`#team-btn`)))
	ts.wait("the members", `document.querySelector('#team-dialog').open && document.querySelectorAll('#member-list .member').length === 1`)
	ts.do(chromedp.SetValue(chromedp.CSS(`#invite-role`), "editor"), chromedp.Click(chromedp.CSS(`#invite-form button[type=submit]`)))
	ts.wait("the invite link", `document.querySelector('#invite-url').value.includes('/invite/csi_')`)
	link := eval[string](ts.studio, `document.querySelector('#invite-url').value`)
	ts.wait("the invite in the list", `document.querySelectorAll('#invite-list li').length === 1`)
	ts.shot("team-invite")

	// The newcomer opens the link in their own browser.
	nc := ts.fresh()
	nc.do(chromedp.Navigate(link))
	nc.wait("the invite page", `!!document.querySelector('#account-form')`)
	if h := eval[string](nc, `document.querySelector('h1').textContent`); h != "Join Studio" {
		t.Errorf("invite heading %q", h)
	}
	nc.do(chromedp.SetValue(chromedp.CSS(`#account-form [name=name]`), "Nia Newcomer"),
		chromedp.SetValue(chromedp.CSS(`#account-form [name=email]`), "nia@agency.example"),
		chromedp.SetValue(chromedp.CSS(`#account-form [name=password]`), "short"))
	nc.do(chromedp.Click(chromedp.CSS(`#account-form button[type=submit]`)))
	nc.wait("the password error", `!document.querySelector('#account-form .form-error').hidden`)
	nc.shot("team-invite-page")
	nc.do(chromedp.SetValue(chromedp.CSS(`#account-form [name=password]`), "a long enough password"),
		chromedp.Click(chromedp.CSS(`#account-form button[type=submit]`)))
	nc.wait("the studio", `document.body && document.body.dataset.ready === 'true' && document.querySelector('#account-btn').textContent === 'Nia Newcomer'`)
	u, err := ts.db.FindUserByEmail(context.Background(), "nia@agency.example")
	if err != nil {
		t.Fatal(err)
	}
	if role, err := ts.db.FindRole(context.Background(), carousel.DefaultWorkspace, u.ID); err != nil || role != carousel.RoleEditor {
		t.Errorf("the newcomer's role: %q %v", role, err)
	}
	// The owner sees them among the members.
	ts.do(chromedp.Reload())
	ts.wait("the studio", `document.body && document.body.dataset.ready === 'true'`)
	ts.do(chromedp.Click(chromedp.CSS(`#team-btn`)))
	ts.wait("two members", `document.querySelectorAll('#member-list .member').length === 2 && document.querySelectorAll('#invite-list li').length === 0`)
	ts.do(chromedp.Click(chromedp.CSS(`[data-team-tab="audit"]`)))
	ts.wait("the audit log", `document.querySelector('#audit-rows').innerText.includes('join')`)
	ts.shot("team-audit")
}

func TestTeamShareLinkReview(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	ts := newTeamStudio(t)
	ts.member("ed@agency.example", "Ed Editor", carousel.DefaultWorkspace, carousel.RoleEditor)
	id := ts.project(carousel.DefaultWorkspace, "Spring campaign")
	signIn(ts.studio, "ed@agency.example")
	ts.do(chromedp.Navigate(ts.url + "/?p=" + id))
	ts.wait("the project", `document.body && document.body.dataset.ready === 'true' && document.querySelectorAll('#slides .slide').length === 5`)
	ts.do(chromedp.Click(chromedp.CSS(`#share-btn`)))
	ts.wait("the share dialog", `document.querySelector('#share-dialog').open`)
	ts.do(chromedp.SetValue(chromedp.CSS(`#share-form [name=days]`), "30"), chromedp.Click(chromedp.CSS(`#share-form button[type=submit]`)))
	ts.wait("the review link", `document.querySelector('#share-url').value.includes('/r/csr_') && document.querySelectorAll('#share-list li').length === 1`)
	link := eval[string](ts.studio, `document.querySelector('#share-url').value`)
	ts.shot("team-share-dialog")
	ts.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#share-dialog').close()`))

	// The client opens the link in a browser that has never seen the studio.
	c := ts.fresh()
	c.do(chromedp.Navigate(link))
	c.wait("every slide's picture", `document.querySelectorAll('#track img').length === 5 &&
		[...document.querySelectorAll('#track img')].slice(0, 2).every(i => i.complete && i.naturalWidth === 1080)`)
	got, err := chromedp.Call(c.ctx, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, ck := range got.Cookies {
		if ck.Name == "carousel_session" {
			t.Fatalf("the client's browser has a session cookie: %+v", ck)
		}
	}
	if got := eval[string](c, `document.querySelector('#review-title').textContent`); got != "Spring campaign" {
		t.Errorf("review title %q", got)
	}
	c.do(chromedp.Evaluate[chromedp.Void](`Promise.all([...document.querySelectorAll('#track img')].slice(0, 2).map(i => i.decode()))`, chromedp.EvalAwaitPromise))
	c.shot("review-desktop")
	c.do(chromedp.Click(chromedp.CSS(`#next`)))
	c.wait("slide 2", `document.querySelector('#counter').textContent === '2 / 5' && document.querySelector('#comment-slide').textContent === '2'`)
	c.do(chromedp.SetValue(chromedp.CSS(`#author`), "Dana (Client Co)"),
		chromedp.SetValue(chromedp.CSS(`#comment-form [name=body]`), "Make the second point bolder, please."),
		chromedp.Click(chromedp.CSS(`#comment-form button[type=submit]`)))
	c.wait("the comment", `document.querySelector('#comments').innerText.includes('Make the second point bolder')`)
	c.do(chromedp.SetValue(chromedp.CSS(`#note`), "Good to go after that."), chromedp.Click(chromedp.CSS(`#approve`)))
	c.wait("the approval", `document.querySelector('#state').textContent === 'Approved'`)
	c.shot("review-approved")

	// On a phone the slides swipe.
	c.phone()
	c.do(chromedp.Reload())
	c.wait("the slides", `document.querySelectorAll('#track img').length === 5 && document.querySelector('#track img').complete`)
	c.do(chromedp.Evaluate[chromedp.Void](`document.querySelector('#track').scrollTo({left: document.querySelector('#track').clientWidth * 2, behavior: 'instant'})`))
	c.wait("slide 3 after a swipe", `document.querySelector('#counter').textContent === '3 / 5'`)
	c.shot("review-phone")
	if w := eval[float64](c, `document.querySelector('#track figure').getBoundingClientRect().width`); w < 380 {
		t.Errorf("a slide is %.0f px wide on a 390 px phone", w)
	}

	// The agency sees the comment on its slide and the approval.
	ts.do(chromedp.Reload())
	ts.wait("the review badge", `document.body && document.body.dataset.ready === 'true' && document.querySelector('#review-state').textContent.startsWith('Approved')`)
	ts.wait("the comment badge", `document.querySelector('#slides .slide[data-index="1"] .comment-badge').textContent === '💬 1'`)
	if n := eval[string](ts.studio, `document.querySelector('#slides .slide[data-index="0"] .comment-badge').textContent`); n != "💬" {
		t.Errorf("slide 1's badge is %q, want no count", n)
	}
	ts.do(chromedp.Click(chromedp.CSS(`#slides .slide[data-index="1"] .comment-badge`)))
	ts.wait("the comment on slide 2", `document.querySelector('#slides .slide[data-index="1"] .slide-comments').innerText.includes('Make the second point bolder')`)
	ts.do(chromedp.ScrollIntoView(chromedp.CSS(`#slides .slide[data-index="1"]`)))
	time.Sleep(200 * time.Millisecond)
	ts.shot("team-comments-on-slide")
}

// watchWrites records every request the page sends that is not a read
// (a save is a PUT, an edit a POST or DELETE), as the browser sends it.
func watchWrites(s *studio) func() []string {
	var mu sync.Mutex
	var writes []string
	err := chromedp.Listen(s.ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok && e.Request.Method != "GET" && e.Request.Method != "HEAD" {
			mu.Lock()
			writes = append(writes, e.Request.Method+" "+e.Request.URL)
			mu.Unlock()
		}
	})
	if err != nil {
		s.t.Fatal(err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), writes...)
	}
}

// storedIn reads a project of a workspace from the store.
func (ts *teamStudio) storedIn(workspace, id string) *carousel.Project {
	ts.t.Helper()
	p, err := ts.db.FindProjectByID(carousel.NewContextWithWorkspace(context.Background(), workspace), id)
	if err != nil {
		ts.t.Fatal(err)
	}
	return p
}

// openProjectAs opens a project in a signed-in browser and waits for its pictures.
func openProjectAs(s *studio, id string, slides int) {
	s.t.Helper()
	s.do(chromedp.Navigate(s.url + "/?p=" + id))
	s.wait("the project's slides", fmt.Sprintf(`document.body && document.body.dataset.ready === 'true' && document.querySelectorAll('#slides .slide').length === %d &&
		[...document.querySelectorAll('#slides .preview')].every(i => i.tagName === 'IMG' && i.complete && i.naturalWidth > 0)`, slides))
}

// TestTeamReadOnlyRoles: a viewer sees the project, its posts and settings
// but no editing control works (no drag, no editor, no add, remove or
// reorder, the settings disabled) and nothing is saved, while Export
// works; a client sees only the slides, their comments and the decision;
// an editor in the same workspace still edits.
func TestTeamReadOnlyRoles(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser")
	}
	ts := newTeamStudio(t)
	ws := carousel.DefaultWorkspace
	ts.member("vic@agency.example", "Vic Viewer", ws, carousel.RoleViewer)
	ts.member("cleo@client.example", "Cleo Client", ws, carousel.RoleClient)
	ts.member("ed@agency.example", "Ed Editor", ws, carousel.RoleEditor)
	id := ts.project(ws, "Spring campaign")
	before := ts.storedIn(ws, id)

	// ---- the viewer ----
	v := ts.studio
	signIn(v, "vic@agency.example")
	writes := watchWrites(v)
	openProjectAs(v, id, 5)
	if got := eval[string](v, `document.querySelector('#role-note').textContent`); !strings.Contains(got, "changes need the editor role") {
		t.Errorf("the viewer's note says %q", got)
	}
	// Editing controls are absent.
	absent := map[string]string{
		"drag handles":               `[data-drag]`,
		"drop targets":               `[data-drop]`,
		"gaps to add slides in":      `#slides .gap`,
		"slide actions":              `#slides [data-action]:not([data-action="view"])`,
		"item actions":               `#slides .item-actions`,
		"post actions":               `#posts .post-actions`,
		"the selected slide's tools": `#slides .selected-tools`,
		"cover fields":               `#slides [data-cover-field]`,
	}
	for what, sel := range absent {
		if n := eval[int](v, `document.querySelectorAll(`+jsString(sel)+`).length`); n != 0 {
			t.Errorf("the viewer has %d %s (%s)", n, what, sel)
		}
	}
	for _, sel := range []string{"#import-form", "#add-slide", "#replan", "#undo", "#redo", "#new-project"} {
		if eval[bool](v, `document.querySelector(`+jsString(sel)+`).getClientRects().length > 0`) {
			t.Errorf("the viewer sees %s", sel)
		}
	}
	if !eval[bool](v, `document.querySelector('#title').disabled`) {
		t.Error("the viewer can type a title")
	}
	// The settings show, every control disabled.
	if !eval[bool](v, `document.querySelector('#settings-panels').disabled && document.querySelectorAll('#templates .thumb').length > 3 &&
		document.querySelector('#templates').getClientRects().length > 0 && !document.querySelector('#settings-readonly').hidden`) {
		t.Error("the viewer does not see the settings, disabled")
	}
	if n := eval[int](v, `[...document.querySelectorAll('#settings-panels :is(button, input, select, textarea)')].filter(c => !c.matches(':disabled')).length`); n != 0 {
		t.Errorf("%d settings controls are enabled for the viewer", n)
	}
	// Export stays.
	if !eval[bool](v, `!document.querySelector('[data-export="pdf"]').disabled && document.querySelector('[data-export="pdf"]').getClientRects().length > 0`) {
		t.Error("the viewer has no PDF export")
	}

	// Trying anyway, with the mouse and the keyboard.
	v.dragTo(`#slides .slide[data-index="0"] .slide-bar strong`, `#slides .slide[data-index="1"] .slide-bar`, "")
	v.dragTo(`#posts .post-card[data-post]`, `#slides .slide[data-index="1"] .slide-bar`, "")
	v.click(`#slides .slide[data-index="1"] .slide-bar strong`)
	v.wait("slide 2 selected", `document.activeElement === document.querySelector('#slides .slide[data-index="1"]')`)
	v.keys(kb.ArrowDown, chromedp.KeyModifiers(chromedp.ModifierAlt))
	v.keys("z", chromedp.KeyModifiers(chromedp.ModifierCtrl))
	v.keys(kb.Delete)
	v.keys(kb.Enter) // the large preview, not the editor
	v.wait("the large preview", `document.querySelector('#viewer').open`)
	if eval[bool](v, `!!document.querySelector('#slides .editor-wrap')`) {
		t.Error("Enter opened the editor for a viewer")
	}
	v.keys(kb.Escape)
	v.wait("the preview closed", `!document.querySelector('#viewer').open`)
	// Closing the preview redraws the slides: double-click where slide 3's picture is once it is drawn.
	v.wait("the slides redrawn", `document.querySelectorAll('#slides .preview').length === 5 && document.querySelector('#slides .slide[data-index="2"] .preview').complete`)
	v.doubleClick(`#slides .slide[data-index="2"] .preview`)
	v.wait("the large preview", `document.querySelector('#viewer').open`)
	if eval[bool](v, `!!document.querySelector('#slides .editor-wrap')`) {
		t.Error("a double-click opened the editor for a viewer")
	}
	v.keys(kb.Escape)
	// A viewer may comment: every slide keeps its comment button through the redraws.
	v.wait("the comment buttons", `document.querySelectorAll('#slides .comment-badge').length === 5`)
	v.shot("team-viewer-desktop")

	// The export works for the viewer.
	v.click(`[data-export="pdf"]`)
	v.wait("the PDF", `document.querySelector('#export-progress .progress-label').textContent.startsWith('Done: ')`)
	v.wait("a moment for any save", `new Promise((r) => setTimeout(() => r(true), 600))`)
	if w := writes(); len(w) != 0 {
		t.Errorf("the viewer's page sent %v", w)
	}
	if after := ts.storedIn(ws, id); after.Revision != before.Revision || strings.Join(slideIDs(after), ",") != strings.Join(slideIDs(before), ",") {
		t.Errorf("the viewer changed the project: revision %d → %d, slides %v → %v", before.Revision, after.Revision, slideIDs(before), slideIDs(after))
	}
	v.phone()
	v.do(chromedp.Reload())
	v.wait("the studio", `document.body && document.body.dataset.ready === 'true' && document.querySelectorAll('#slides .preview').length === 5`)
	v.wait("the pictures", `[...document.querySelectorAll('#slides .preview')].slice(0, 1).every(i => i.complete && i.naturalWidth > 0)`)
	v.shot("team-viewer-phone")
	v.click(`.tabs [data-tab="settings"]`)
	v.wait("the settings tab", `document.querySelector('#templates').getClientRects().length > 0`)
	v.shot("team-viewer-phone-settings")
	v.desktop()

	// ---- the client ----
	c := ts.fresh()
	signIn(c, "cleo@client.example")
	openProjectAs(c, id, 5)
	for _, sel := range []string{"#zone-source", "#zone-settings", "#slides .slide-tools", "#add-slide", "#replan"} {
		if eval[bool](c, `[...document.querySelectorAll(`+jsString(sel)+`)].some(e => e.getClientRects().length > 0)`) {
			t.Errorf("the client sees %s", sel)
		}
	}
	c.wait("the decision box", `document.querySelector('#client-review').getClientRects().length > 0 && document.querySelector('#client-review-state').textContent === 'Awaiting review'`)
	c.click(`#slides .slide[data-index="1"] .comment-badge`)
	c.wait("the comment form", `!!document.querySelector('#slides .slide[data-index="1"] .comment-form textarea')`)
	c.click(`#slides .slide[data-index="1"] .comment-form textarea`)
	c.keys("The second point needs a source.")
	c.click(`#slides .slide[data-index="1"] .comment-form button[type=submit]`)
	c.wait("the comment", `document.querySelector('#slides .slide[data-index="1"] .slide-comments').innerText.includes('needs a source')`)
	if eval[bool](c, `!!document.querySelector('#slides .comment [aria-label="Delete comment"]')`) {
		t.Error("the client can delete comments")
	}
	c.click("#client-review-note")
	c.keys("Fine once the source is in.")
	c.click(`#client-review [data-decision="changes_requested"]`)
	c.wait("the decision", `document.querySelector('#client-review-state').textContent.startsWith('Changes requested by Cleo Client')`)
	c.shot("team-client-desktop")
	dec, err := ts.db.FindDecisions(carousel.NewContextWithWorkspace(context.Background(), ws), id)
	if err != nil || len(dec) != 1 || dec[0].State != carousel.ReviewChangesRequested || dec[0].Note != "Fine once the source is in." {
		t.Errorf("stored decisions %+v %v", dec, err)
	}
	c.phone()
	c.do(chromedp.Reload())
	c.wait("the studio", `document.body && document.body.dataset.ready === 'true' && document.querySelector('#client-review').getClientRects().length > 0`)
	c.wait("the pictures", `[...document.querySelectorAll('#slides .preview')].slice(0, 1).every(i => i.tagName === 'IMG' && i.complete && i.naturalWidth > 0)`)
	if w := eval[float64](c, `document.querySelector('#slides .slide').getBoundingClientRect().width`); w < 340 {
		t.Errorf("on a phone a client's slide is %.0f px wide", w)
	}
	c.shot("team-client-phone")
	if after := ts.storedIn(ws, id); after.Revision != before.Revision {
		t.Errorf("the client changed the project: revision %d → %d", before.Revision, after.Revision)
	}

	// ---- the editor, in the same workspace, still edits ----
	ed := ts.fresh()
	signIn(ed, "ed@agency.example")
	openProjectAs(ed, id, 5)
	if !eval[bool](ed, `!document.body.classList.contains('read-only') && !document.querySelector('#settings-panels').disabled && document.querySelectorAll('#slides .grip').length === 5`) {
		t.Fatal("the editor's studio is read-only")
	}
	ed.dragTo(`#slides .slide[data-index="1"] .grip`, `#slides .slide[data-index="0"] .slide-bar`, "")
	deadline := time.Now().Add(15 * time.Second)
	for {
		after := ts.storedIn(ws, id)
		if after.Revision > before.Revision {
			if got, want := slideIDs(after), slideIDs(before); len(got) != 5 || got[0] != want[1] || got[1] != want[0] {
				t.Errorf("after the editor's drag the slides are %v (were %v)", got, want)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the editor's drag was never saved")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
