// SPDX-License-Identifier: MIT

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/store"
)

// runChild runs the carousel command as a separate process with stdin,
// as a user would, and returns its exit code and output.
func runChild(t *testing.T, stdin string, args ...string) (int, string) {
	t.Helper()
	for _, a := range args {
		if strings.ContainsAny(a, " \t") {
			t.Fatalf("argument %q has a space, which CAROUSEL_TEST_RUN cannot carry", a)
		}
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "CAROUSEL_TEST_RUN="+strings.Join(args, " "))
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return code, string(out)
}

func TestServeRefusesAnExposedAddressWithoutSignIn(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0"} {
		code, _, stderr := carouselCmd(t, "serve", "--addr", addr)
		if code != 1 || !strings.Contains(stderr, "without sign-in") || !strings.Contains(stderr, "--auth") {
			t.Errorf("serve --addr %s: exit %d: %s", addr, code, stderr)
		}
	}
	// With sign-in on, any address is served.
	var so, se syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		done <- run(ctx, []string{"serve", "--auth", "--addr", "0.0.0.0:0", "--data", t.TempDir()}, &so, &se)
	}()
	for i := 0; i < 200 && !strings.Contains(so.String(), "running at"); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 || !strings.Contains(so.String(), "sign-in on") || !strings.Contains(se.String(), "no accounts yet") {
		t.Errorf("serve --auth on every interface: exit %d: %s %s", code, so.String(), se.String())
	}
}

func TestUsersCommand(t *testing.T) {
	data := t.TempDir()
	code, out := runChild(t, "a long enough password\n", "users", "add", "--data", data, "--email", "Boss@Agency.example", "--workspace", "Agency", "--role", "owner", "--password-stdin", "--name", "Bo")
	if code != 0 || !strings.Contains(out, "boss@agency.example is owner of workspace \"Agency\"") || !strings.Contains(out, "first workspace") {
		t.Fatalf("users add: exit %d: %s", code, out)
	}
	code, out = runChild(t, "", "users", "add", "--data", data, "--email", "client@client.example", "--workspace", "ClientCo", "--role", "client")
	if code != 0 || !strings.Contains(out, "created workspace \"ClientCo\"") || !strings.Contains(out, "password: ") {
		t.Fatalf("users add without a password: exit %d: %s", code, out)
	}
	made := strings.Fields(out[strings.Index(out, "password: ")+len("password: "):])[0]
	code, out = runChild(t, "", "users", "add", "--data", data, "--email", "boss@agency.example", "--workspace", "ClientCo", "--role", "owner")
	if code != 0 || !strings.Contains(out, "already has an account") {
		t.Fatalf("adding an account to a second workspace: exit %d: %s", code, out)
	}
	code, out = runChild(t, "", "users", "list", "--data", data)
	if code != 0 || !strings.Contains(out, "Agency (owner), ClientCo (owner)") || !strings.Contains(out, "client@client.example") {
		t.Errorf("users list: exit %d: %s", code, out)
	}
	code, out = runChild(t, "", "users", "list", "--data", data, "--workspace", "ClientCo")
	if code != 0 || strings.Count(out, "\n") != 3 {
		t.Errorf("users list --workspace: exit %d: %s", code, out)
	}

	db, err := store.Open(context.Background(), filepath.Join(data, "carousel.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.Authenticate(ctx, "boss@agency.example", "a long enough password"); err != nil {
		t.Errorf("the password from standard input does not sign in: %v", err)
	}
	if _, err := db.Authenticate(ctx, "client@client.example", made); err != nil {
		t.Errorf("the printed password does not sign in: %v", err)
	}
	code, out = runChild(t, "a newer long password\n", "users", "reset-password", "--data", data, "--email", "boss@agency.example", "--password-stdin")
	if code != 0 {
		t.Fatalf("reset-password: exit %d: %s", code, out)
	}
	if _, err := db.Authenticate(ctx, "boss@agency.example", "a newer long password"); err != nil {
		t.Errorf("the reset password does not sign in: %v", err)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"users", "add", "--data", data, "--email", "x@example.com", "--workspace", "W", "--role", "boss"}, "owner, editor, viewer or client"},
		{[]string{"users", "add", "--data", data, "--email", "x@example.com", "--role", "editor"}, "missing --workspace"},
		{[]string{"users", "remove", "--data", data, "--email", "nobody@example.com"}, "no account for nobody@example.com"},
		{[]string{"users", "remove", "--data", data, "--email", "boss@agency.example", "--workspace", "Agency"}, "last owner"},
		{[]string{"users", "frobnicate", "--data", data}, "unknown users command"},
	} {
		code, out := runChild(t, "", tt.args...)
		if code == 0 || !strings.Contains(out, tt.want) {
			t.Errorf("%v: exit %d: %s", tt.args[:2], code, out)
		}
	}
	code, out = runChild(t, "", "users", "remove", "--data", data, "--email", "client@client.example")
	if code != 0 {
		t.Fatalf("users remove: exit %d: %s", code, out)
	}
	if _, err := db.FindUserByEmail(ctx, "client@client.example"); carousel.ErrorCode(err) != carousel.ENOTFOUND {
		t.Errorf("the removed account is still there: %v", err)
	}
}

// browserClient is a cookie-keeping client of a running server.
type browserClient struct {
	base string
	http *http.Client
	csrf string
}

func (c *browserClient) call(t *testing.T, method, path string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if out != nil && res.StatusCode/100 == 2 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return res.StatusCode
}

// TestUpgradeToTeamServer takes a studio used in single-user mode, adds an
// owner from the command line and serves it again: sign-in is now on, the
// owner finds every project and brand profile, and the command line works
// against the server with an API token.
func TestUpgradeToTeamServer(t *testing.T) {
	data := t.TempDir()
	single := startServer(t, "--data", data)
	var created struct{ ID string }
	if code := single.call(t, "POST", "/api/projects", map[string]string{"source": pastedThread, "title": "Made alone"}, &created); code != 201 {
		t.Fatalf("create: %d", code)
	}
	if code := single.call(t, "POST", "/api/profiles", map[string]string{"name": "My brand", "author": "Me"}, nil); code != 201 {
		t.Fatalf("profile: %d", code)
	}
	single.cmd.Process.Kill()
	single.cmd.Wait()

	if code, out := runChild(t, "owner password 123\n", "users", "add", "--data", data, "--email", "me@example.com", "--workspace", "Agency", "--role", "owner", "--password-stdin"); code != 0 {
		t.Fatalf("users add: %d %s", code, out)
	}
	team := startServer(t, "--data", data) // no --auth: the accounts turn it on
	jar, _ := cookiejar.New(nil)
	c := &browserClient{base: team.base, http: &http.Client{Jar: jar}}
	if code := c.call(t, "GET", "/api/projects/"+created.ID, nil, nil); code != 401 {
		t.Fatalf("without signing in: %d, want 401", code)
	}
	var s struct {
		CSRF      string
		Workspace struct{ Name, Role string }
	}
	if code := c.call(t, "POST", "/api/session", map[string]string{"email": "me@example.com", "password": "owner password 123"}, &s); code != 200 {
		t.Fatalf("sign in: %d", code)
	}
	c.csrf = s.CSRF
	if s.Workspace.Name != "Agency" || s.Workspace.Role != "owner" {
		t.Errorf("signed in to %+v", s.Workspace)
	}
	var p carousel.Project
	if code := c.call(t, "GET", "/api/projects/"+created.ID, nil, &p); code != 200 || p.Title != "Made alone" {
		t.Fatalf("the single-user project after the upgrade: %d %q", code, p.Title)
	}
	var profiles struct{ Profiles []carousel.Profile }
	c.call(t, "GET", "/api/profiles", nil, &profiles)
	if len(profiles.Profiles) != 1 || profiles.Profiles[0].Name != "My brand" || !profiles.Profiles[0].Default {
		t.Errorf("profiles after the upgrade: %+v", profiles.Profiles)
	}

	// The command line on the server, with a token.
	var tok struct{ Token string }
	if code := c.call(t, "POST", "/api/tokens", map[string]string{"name": "laptop"}, &tok); code != 201 {
		t.Fatalf("token: %d", code)
	}
	t.Setenv("CAROUSEL_TOKEN", tok.Token)
	out := filepath.Join(t.TempDir(), "made-alone.pdf")
	code, _, stderr := carouselCmd(t, "render", "--server", team.base, created.ID, "-o", out)
	if code != 0 {
		t.Fatalf("remote render: %d %s", code, stderr)
	}
	pdf, _ := os.ReadFile(out)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("remote render wrote %.20q", pdf)
	}
	// Flags the server cannot take are refused, not dropped.
	if code, _, stderr := carouselCmd(t, "render", "--server", team.base, created.ID, "-o", out, "--title-font", "lato"); code != 1 || !strings.Contains(stderr, "--title-font") {
		t.Errorf("--title-font with --server: exit %d: %s", code, stderr)
	}
	thread := filepath.Join(t.TempDir(), "thread.txt")
	os.WriteFile(thread, []byte("Posted from a script.\n---\nSecond post."), 0o644)
	code, stdout, stderr := carouselCmd(t, "import", "--server", team.base, thread)
	id := strings.TrimSpace(stdout)
	if code != 0 || len(id) != 12 {
		t.Fatalf("remote import: %d %q %s", code, stdout, stderr)
	}
	if code := c.call(t, "GET", "/api/projects/"+id, nil, &p); code != 200 || len(p.Thread.Posts) != 2 {
		t.Errorf("the imported project: %d, %d posts", code, len(p.Thread.Posts))
	}
	kit := filepath.Join(t.TempDir(), "kit.json")
	if code, _, stderr := carouselCmd(t, "profiles", "export", "--server", team.base, "-o", kit); code != 0 {
		t.Fatalf("remote profiles export: %d %s", code, stderr)
	}
	if b, _ := os.ReadFile(kit); !bytes.Contains(b, []byte("My brand")) {
		t.Errorf("the exported brand kit lacks the profile: %.200s", b)
	}
	t.Setenv("CAROUSEL_TOKEN", "cst_revoked-or-made-up")
	code, _, stderr = carouselCmd(t, "render", "--server", team.base, created.ID, "-o", out)
	if code != 1 || !strings.Contains(stderr, "the server says") || !strings.Contains(stderr, "revoked") {
		t.Errorf("a bad token: exit %d: %s", code, stderr)
	}
}
