// SPDX-License-Identifier: MIT

package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/publish/fake"
	"github.com/carouselstudio/carousel/secret"
)

// cmdIn runs the command in-process on the data directory and returns the
// exit code, standard output and standard error.
func cmdIn(t *testing.T, data string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append(args, "--data", data), &out, &errb)
	return code, out.String(), errb.String()
}

// publishEnv points the publishing of this test, and of the serve processes
// it starts, at a fake LinkedIn, with a secret key and quick timings.
func publishEnv(t *testing.T) *fake.LinkedIn {
	t.Helper()
	li := fake.NewLinkedIn()
	t.Cleanup(li.Close)
	li.Member("li-token", "ada123", "Ada Lovelace")
	t.Setenv("CAROUSEL_SECRET_KEY", secret.New())
	t.Setenv("CAROUSEL_SECRET_KEY_FILE", "")
	for _, k := range []string{"API_BASE", "AUTH_BASE", "TOKEN_BASE"} {
		t.Setenv("CAROUSEL_LINKEDIN_"+k, li.URL)
	}
	t.Setenv("CAROUSEL_LINKEDIN_CLIENT_ID", li.ClientID)
	t.Setenv("CAROUSEL_LINKEDIN_CLIENT_SECRET", li.ClientSecret)
	t.Setenv("CAROUSEL_PUBLISH_LEASE", "2s")
	t.Setenv("CAROUSEL_PUBLISH_SCAN_INTERVAL", "100ms")
	t.Setenv("CAROUSEL_PUBLISH_POLL_INTERVAL", "20ms")
	t.Setenv("CAROUSEL_LINKEDIN_DOCUMENT_WAIT", "10ms")
	t.Setenv("CAROUSEL_PUBLISH_RETRY_BASE", "200ms")
	return li
}

func TestAccountsCommands(t *testing.T) {
	data := t.TempDir()
	t.Setenv("CAROUSEL_SECRET_KEY", "")
	t.Setenv("CAROUSEL_SECRET_KEY_FILE", "")
	code, _, stderr := cmdIn(t, data, "accounts", "add", "linkedin", "--token", "AQX", "--author", "urn:li:person:ada", "--name", "Ada")
	if code != 1 || !strings.Contains(stderr, "CAROUSEL_SECRET_KEY") || !strings.Contains(stderr, "keygen") {
		t.Fatalf("without a key: exit %d: %s", code, stderr)
	}
	// A key file beside the database is refused.
	beside := filepath.Join(data, "secret.key")
	os.WriteFile(beside, []byte(secret.New()), 0o600)
	code, _, stderr = cmdIn(t, data, "accounts", "add", "linkedin", "--secret-key-file", beside, "--token", "AQX", "--author", "urn:li:person:ada", "--name", "Ada")
	if code != 1 || !strings.Contains(stderr, "inside the data directory") {
		t.Fatalf("key file in the data directory: exit %d: %s", code, stderr)
	}
	code, key, _ := cmdIn(t, data, "accounts", "keygen")
	if code != 0 {
		t.Fatal("keygen failed")
	}
	keyFile := filepath.Join(t.TempDir(), "carousel.key")
	os.WriteFile(keyFile, []byte(key), 0o600)
	for _, bad := range [][]string{
		{"accounts", "add", "myspace", "--token", "x", "--author", "1", "--name", "n"},
		{"accounts", "add", "linkedin", "--token", "x", "--author", "ada", "--name", "n"},
		{"accounts", "add", "instagram", "--token", "x", "--author", "@ada", "--name", "n"},
		{"accounts", "add", "linkedin", "--author", "urn:li:person:ada", "--name", "n"},
		{"accounts", "add", "linkedin", "--token", "x", "--author", "urn:li:person:ada", "--name", "n", "--expires", "soon"},
	} {
		code, _, stderr := cmdIn(t, data, append(bad, "--secret-key-file", keyFile)...)
		if code != 1 || stderr == "" {
			t.Fatalf("%v: exit %d", bad, code)
		}
	}
	code, out, stderr := cmdIn(t, data, "accounts", "add", "linkedin", "--secret-key-file", keyFile, "--token", "AQX-secret", "--author", "urn:li:organization:42", "--name", "Analytical Engines", "--expires", "60d")
	if code != 0 || !strings.Contains(out, "urn:li:organization:42") {
		t.Fatalf("add: exit %d: %s %s", code, out, stderr)
	}
	cmdIn(t, data, "accounts", "add", "tiktok", "--secret-key-file", keyFile, "--token", "act.1", "--refresh-token", "rft.1", "--author", "-000abc", "--name", "Ada on TikTok")
	code, out, _ = cmdIn(t, data, "accounts", "list")
	if code != 0 || !strings.Contains(out, "Analytical Engines") || !strings.Contains(out, "tiktok") || !strings.Contains(out, "renews itself") {
		t.Fatalf("list: %s", out)
	}
	code, out, _ = cmdIn(t, data, "accounts", "list", "--json")
	var list []carousel.SocialAccount
	if code != 0 || json.Unmarshal([]byte(out), &list) != nil || len(list) != 2 {
		t.Fatalf("list --json: %s", out)
	}
	// The database does not hold the token in clear.
	raw, _ := os.ReadFile(filepath.Join(data, "carousel.db"))
	wal, _ := os.ReadFile(filepath.Join(data, "carousel.db-wal"))
	if bytes.Contains(raw, []byte("AQX-secret")) || bytes.Contains(wal, []byte("AQX-secret")) {
		t.Fatal("the token is in the database file in clear")
	}
	code, out, _ = cmdIn(t, data, "accounts", "remove", "Analytical Engines")
	if code != 0 || !strings.Contains(out, "removed linkedin Analytical Engines") {
		t.Fatalf("remove: %s", out)
	}
	code, _, stderr = cmdIn(t, data, "accounts", "remove", "Analytical Engines")
	if code != 1 || !strings.Contains(stderr, "no connected account") {
		t.Fatalf("remove twice: %d %s", code, stderr)
	}
}

func TestPublishCommand(t *testing.T) {
	li := publishEnv(t)
	data := t.TempDir()
	if code, _, stderr := cmdIn(t, data, "accounts", "add", "linkedin", "--token", "li-token", "--author", "urn:li:person:ada123", "--name", "Ada Lovelace"); code != 0 {
		t.Fatal(stderr)
	}
	// Now: the post is made before the command returns.
	code, out, stderr := cmdIn(t, data, "publish", "sample", "--to", "linkedin", "--caption", "Calm writing, in slides #writing")
	if code != 0 || !strings.Contains(out, "published to LinkedIn Ada Lovelace: https://www.linkedin.com/feed/update/urn:li:share:") {
		t.Fatalf("publish: exit %d\n%s\n%s", code, out, stderr)
	}
	if posts := li.Posts(); len(posts) != 1 || posts[0].Text != `Calm writing, in slides {hashtag|\#|writing}` {
		t.Fatalf("posts %+v", posts)
	}
	// The default caption is drawn from the thread and shown.
	code, out, stderr = cmdIn(t, data, "publish", "sample", "--to", "linkedin:Ada Lovelace", "--format", "linkedin-square")
	if code != 0 || !strings.Contains(stderr, "caption for Ada Lovelace (from the thread") {
		t.Fatalf("default caption: %d %s %s", code, out, stderr)
	}
	// Later: a scheduled job that carousel posts lists and cancels.
	at := time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	code, out, stderr = cmdIn(t, data, "publish", "sample", "--to", "linkedin", "--caption", "Tomorrow", "--at", at)
	if code != 0 || !strings.Contains(out, "scheduled") {
		t.Fatalf("schedule: %d %s %s", code, out, stderr)
	}
	id := strings.TrimSuffix(out[strings.LastIndex(out, "(post ")+6:], ")\n")
	code, out, _ = cmdIn(t, data, "posts", "list")
	if code != 0 || !strings.Contains(out, id) || !strings.Contains(out, "scheduled") {
		t.Fatalf("posts list: %s", out)
	}
	if code, out, stderr = cmdIn(t, data, "posts", "cancel", id); code != 0 || !strings.Contains(out, "cancelled") {
		t.Fatalf("cancel %q: %d %s %s", id, code, out, stderr)
	}
	if code, _, stderr = cmdIn(t, data, "posts", "cancel", id); code != 1 || !strings.Contains(stderr, "is cancelled") {
		t.Fatalf("cancel twice: %s", stderr)
	}
	code, out, _ = cmdIn(t, data, "posts", "list", "--all", "--json")
	var jobs []carousel.PostJob
	if code != 0 || json.Unmarshal([]byte(out), &jobs) != nil || len(jobs) != 3 {
		t.Fatalf("posts list --all: %s", out)
	}
	// Refusals: an unknown platform or account, a past time, no public URL.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--to", "myspace"}, "unknown platform"},
		{[]string{"--to", "linkedin:Bob"}, `no linkedin account "Bob"`},
		{[]string{"--to", "instagram"}, "no instagram account"},
		{[]string{"--to", "linkedin", "--at", "2020-01-01T00:00:00Z"}, "in the past"},
		{[]string{"--to", "linkedin", "--at", "tomorrow"}, "RFC 3339"},
		{[]string{"--to", "linkedin", "--caption", strings.Repeat("x", 3001)}, "at most 3000 characters"},
	} {
		code, _, stderr := cmdIn(t, data, append([]string{"publish", "sample"}, tc.args...)...)
		if code != 1 || !strings.Contains(stderr, tc.want) {
			t.Fatalf("%v: exit %d: %s", tc.args, code, stderr)
		}
	}
	cmdIn(t, data, "accounts", "add", "instagram", "--token", "ig", "--author", "1784", "--name", "Ada IG")
	code, _, stderr = cmdIn(t, data, "publish", "sample", "--format", "instagram-portrait", "--to", "instagram")
	if code != 1 || !strings.Contains(stderr, "--public-url") {
		t.Fatalf("instagram without a public URL: %d %s", code, stderr)
	}
	// With a public URL nothing answers at, nothing is posted.
	code, _, stderr = cmdIn(t, data, "publish", "sample", "--format", "instagram-portrait", "--to", "instagram", "--split", "--public-url", "http://127.0.0.1:1")
	if code != 1 || !strings.Contains(stderr, "is not served there") {
		t.Fatalf("instagram with an unreachable public URL: %d %s", code, stderr)
	}
}

// TestPublishLeftForARetry: a post the platform turned away for now (a rate
// limit) is kept for carousel serve, and the command says so with exit
// status 3, not 0 as if it were made.
func TestPublishLeftForARetry(t *testing.T) {
	li := publishEnv(t)
	t.Setenv("CAROUSEL_PUBLISH_RETRY_BASE", "1h") // the retry is carousel serve's, not this command's
	data := t.TempDir()
	if code, _, stderr := cmdIn(t, data, "accounts", "add", "linkedin", "--token", "li-token", "--author", "urn:li:person:ada123", "--name", "Ada Lovelace"); code != 0 {
		t.Fatal(stderr)
	}
	li.Fail("POST /rest/posts", 1, 429, "TOO_MANY_REQUESTS", "Resource level throttle limit reached")
	code, out, stderr := cmdIn(t, data, "publish", "sample", "--to", "linkedin", "--caption", "Later, then")
	if code != exitPending || !strings.Contains(out, "not yet published to LinkedIn Ada Lovelace") || !strings.Contains(stderr, "left for a retry") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	if posts := li.Posts(); len(posts) != 0 {
		t.Fatalf("a post was made: %+v", posts)
	}
	code, out, _ = cmdIn(t, data, "posts", "list")
	if code != 0 || !strings.Contains(out, "scheduled") {
		t.Fatalf("posts list after the rate limit: %s", out)
	}
}

// serveProc is a `carousel serve` process whose standard error is kept.
type serveProc struct {
	*server
	mu     sync.Mutex
	stderr bytes.Buffer
}

func (p *serveProc) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

type lockedBuffer struct{ p *serveProc }

func (l lockedBuffer) Write(b []byte) (int, error) {
	l.p.mu.Lock()
	defer l.p.mu.Unlock()
	return l.p.stderr.Write(b)
}

// startServe starts `carousel serve` with args in its own process.
func startServe(t *testing.T, args ...string) *serveProc {
	t.Helper()
	p := &serveProc{}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "CAROUSEL_TEST_RUN=serve --addr 127.0.0.1:0 "+strings.Join(args, " "))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = lockedBuffer{p}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed no address: %v; stderr: %s", err, p.log())
	}
	go io.Copy(io.Discard, stdout)
	_, rest, _ := strings.Cut(line, "http://")
	addr, _, _ := strings.Cut(rest, "/")
	p.server = &server{cmd: cmd, base: "http://" + addr}
	var tok struct{ Token string }
	p.call(t, "GET", "/api/csrf", nil, &tok)
	p.token = tok.Token
	return p
}

func (p *serveProc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	p.cmd.Wait()
}

// waitUntil polls cond for up to d.
func waitUntil(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// posts reads every post job through a server's API.
func (p *serveProc) posts(t *testing.T) []carousel.PostJob {
	t.Helper()
	var res struct{ Posts []carousel.PostJob }
	if code := p.call(t, "GET", "/api/posts", nil, &res); code != 200 {
		t.Fatalf("GET /api/posts: %d", code)
	}
	return res.Posts
}

// TestServeKilledAroundADueJobOnSQLite kills `carousel serve` with SIGKILL
// twice around a scheduled post: once before it falls due, and once while
// LinkedIn is carrying out the post request but has not answered. After
// each restart the post is made exactly once and recorded with its id.
func TestServeKilledAroundADueJobOnSQLite(t *testing.T) {
	li := publishEnv(t)
	data := t.TempDir()
	if code, _, stderr := cmdIn(t, data, "accounts", "add", "linkedin", "--token", "li-token", "--author", "urn:li:person:ada123", "--name", "Ada Lovelace"); code != 0 {
		t.Fatal(stderr)
	}
	schedule := func(caption string, in time.Duration) string {
		code, out, stderr := cmdIn(t, data, "publish", "sample", "--to", "linkedin", "--caption", caption, "--at", time.Now().Add(in).UTC().Format(time.RFC3339Nano))
		if code != 0 {
			t.Fatalf("schedule: %s", stderr)
		}
		return strings.TrimSuffix(out[strings.LastIndex(out, "(post ")+6:], ")\n")
	}
	state := func(s *serveProc, id string) carousel.PostJob {
		for _, j := range s.posts(t) {
			if j.ID == id {
				return j
			}
		}
		t.Fatalf("no post %s", id)
		return carousel.PostJob{}
	}

	// Killed before the post is due.
	before := schedule("Killed before it was due", 3*time.Second)
	a := startServe(t, "--data", data)
	if j := state(a, before); j.State != carousel.PostScheduled {
		t.Fatalf("before its time the post is %s", j.State)
	}
	a.kill(t)
	if len(li.Posts()) != 0 {
		t.Fatal("posted before its time")
	}
	b := startServe(t, "--data", data)
	waitUntil(t, 20*time.Second, "the post due after the restart", func() bool { return state(b, before).State == carousel.PostPublished })
	if posts := li.Posts(); len(posts) != 1 || state(b, before).PostID != posts[0].ID {
		t.Fatalf("%d posts; job %+v", len(posts), state(b, before))
	}
	b.kill(t)

	// Killed while LinkedIn makes the post and has not answered yet.
	li.Hold("POST /rest/posts", 4*time.Second)
	during := schedule("Killed while LinkedIn was posting", 3*time.Second)
	c := startServe(t, "--data", data)
	waitUntil(t, 20*time.Second, "the post request to reach LinkedIn", func() bool { return len(li.Posts()) == 2 })
	if j := state(c, during); j.State != carousel.PostRunning {
		t.Fatalf("while posting the job is %s", j.State)
	}
	c.kill(t)
	li.Hold("POST /rest/posts", 0)
	d := startServe(t, "--data", data)
	waitUntil(t, 20*time.Second, "the interrupted post to be resumed", func() bool { return state(d, during).State == carousel.PostPublished })
	posts := li.Posts()
	if len(posts) != 2 || posts[1].Text != "Killed while LinkedIn was posting" {
		t.Fatalf("after the restart LinkedIn has %d posts: %+v", len(posts), posts)
	}
	if j := state(d, during); j.PostID != posts[1].ID || j.Attempts != 2 {
		t.Fatalf("the resumed job %+v, LinkedIn's post %s", j, posts[1].ID)
	}
	if n := li.Count("PUT /dms-uploads/*"); n != 2 {
		t.Fatalf("%d document uploads for 2 posts", n)
	}
	if !strings.Contains(d.log(), "post made") {
		t.Fatalf("the resuming server did not record the post:\n%s", d.log())
	}
}

// pgSchema returns a DSN on a fresh schema of the test PostgreSQL, dropped
// after the test, so that no other test's posts are in it.
func pgSchema(t *testing.T) string {
	t.Helper()
	base := os.Getenv("CAROUSEL_TEST_POSTGRES_DSN")
	if base == "" {
		t.Skip("CAROUSEL_TEST_POSTGRES_DSN is not set (scripts/test.sh sets it)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	schema := "publish_" + hex.EncodeToString(b[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Exec("DROP SCHEMA " + schema + " CASCADE"); admin.Close() })
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}

// TestTwoServersPublishEachJobOnceOnPostgres runs two `carousel serve`
// instances on one PostgreSQL database with a batch of due posts, and
// kills one with SIGKILL while LinkedIn is answering its post requests.
// The other takes the dead instance's jobs over when their leases end:
// every post is made exactly once.
func TestTwoServersPublishEachJobOnceOnPostgres(t *testing.T) {
	dsn := pgSchema(t)
	li := publishEnv(t)
	dataA, dataB := t.TempDir(), t.TempDir()
	if code, _, stderr := cmdIn(t, dataA, "accounts", "add", "linkedin", "--db", dsn, "--token", "li-token", "--author", "urn:li:person:ada123", "--name", "Ada Lovelace"); code != 0 {
		t.Fatal(stderr)
	}
	// The jobs are made for later, and fall due all at once only when both
	// instances run: on a busy machine, making them or starting a server
	// can take longer than any lead time.
	const n = 8
	at := time.Now().Add(time.Hour).UTC().Format(time.RFC3339Nano)
	for i := range n {
		if code, _, stderr := cmdIn(t, dataA, "publish", "sample", "--db", dsn, "--to", "linkedin", "--caption", fmt.Sprintf("Post number %d", i+1), "--at", at); code != 0 {
			t.Fatal(stderr)
		}
	}
	li.Hold("POST /rest/posts", 1500*time.Millisecond)
	a := startServe(t, "--data", dataA, "--db", dsn)
	b := startServe(t, "--data", dataB, "--db", dsn)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`UPDATE post_jobs SET run_at = now(), scheduled_at = now()`); err != nil {
		t.Fatal(err)
	}
	// Both instances take jobs; kill A while its first posts are held.
	deadline := time.Now().Add(60 * time.Second)
	for !(strings.Contains(a.log(), "msg=publishing job=") && strings.Contains(b.log(), "msg=publishing job=") && len(li.Posts()) >= 3) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for both instances to post (%d posts made)\n--- instance A:\n%s\n--- instance B:\n%s", len(li.Posts()), a.log(), b.log())
		}
		time.Sleep(25 * time.Millisecond)
	}
	a.kill(t)
	li.Hold("POST /rest/posts", 200*time.Millisecond)
	waitUntil(t, 60*time.Second, "every post to be published", func() bool {
		done := 0
		for _, j := range b.posts(t) {
			if j.State == carousel.PostPublished {
				done++
			}
		}
		return done == n
	})
	posts := li.Posts()
	byText := map[string]string{}
	for _, p := range posts {
		if prev, dup := byText[p.Text]; dup {
			t.Fatalf("%q was posted twice (%s and %s)", p.Text, prev, p.ID)
		}
		byText[p.Text] = p.ID
	}
	if len(posts) != n {
		t.Fatalf("LinkedIn has %d posts for %d jobs", len(posts), n)
	}
	takenOver := 0
	for _, j := range b.posts(t) {
		if byText[j.Caption] != j.PostID {
			t.Fatalf("job %q recorded %s, LinkedIn made %s", j.Caption, j.PostID, byText[j.Caption])
		}
		if j.Attempts > 1 {
			takenOver++
		}
	}
	// A died holding jobs whose posts LinkedIn had made: B resumed them.
	if takenOver == 0 {
		t.Fatalf("no job was taken over from the killed instance; A's log:\n%s", a.log())
	}
	t.Logf("%d posts, %d taken over from the killed instance", len(posts), takenOver)
}

// The importer reads a Threads token from the configuration, else from
// the connected Threads account.
func TestImporterUsesTheConnectedThreadsAccount(t *testing.T) {
	ctx := context.Background()
	cfg := config{DataDir: t.TempDir()}
	db, err := cfg.openStore(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tokens := accountTokens{db: db}
	if tok, err := tokens.AccessToken(ctx, carousel.Threads); tok != "" || err != nil {
		t.Fatalf("no account: %q %v", tok, err)
	}
	db.Secrets, _ = secret.Parse(secret.New())
	c := &carousel.Credential{Platform: carousel.Threads, Subject: "25", Token: carousel.Token{Access: "th-connected"}}
	if err := db.ConnectAccounts(ctx, c, []*carousel.SocialAccount{{Platform: carousel.Threads, Kind: carousel.AccountUser, ExternalID: "25", Name: "Ada"}}); err != nil {
		t.Fatal(err)
	}
	if tok, err := tokens.AccessToken(ctx, carousel.Threads); tok != "th-connected" || err != nil {
		t.Fatalf("connected account: %q %v", tok, err)
	}
	tokens.static = "th-configured"
	if tok, _ := tokens.AccessToken(ctx, carousel.Threads); tok != "th-configured" {
		t.Fatalf("configured token: %q", tok)
	}
}
