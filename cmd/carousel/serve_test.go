// SPDX-License-Identifier: MIT

package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

// TestMain lets a test start the real `carousel serve` as a separate
// process by running this test binary with CAROUSEL_TEST_RUN set.
func TestMain(m *testing.M) {
	if args := os.Getenv("CAROUSEL_TEST_RUN"); args != "" {
		os.Exit(run(context.Background(), strings.Fields(args), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// server is a `carousel serve` process.
type server struct {
	cmd   *exec.Cmd
	base  string
	token string
}

func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	// A private data directory, so that a test without --data never
	// touches the user's own.
	cmd.Env = append(os.Environ(), "CAROUSEL_DATA="+t.TempDir(),
		"CAROUSEL_TEST_RUN=serve --addr 127.0.0.1:0 "+strings.Join(args, " "))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed no address: %v; stderr: %s", err, stderr.String())
	}
	go io.Copy(io.Discard, stdout)
	_, rest, _ := strings.Cut(line, "http://")
	addr, _, _ := strings.Cut(rest, "/")
	s := &server{cmd: cmd, base: "http://" + addr}
	var tok struct{ Token string }
	s.call(t, "GET", "/api/csrf", nil, &tok)
	s.token = tok.Token
	return s
}

// call sends a JSON request and decodes a 2xx answer into out. It returns
// the status, or 0 when the connection failed.
func (s *server) call(t *testing.T, method, path string, body, out any) int {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, s.base+path, rd)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", s.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode/100 == 2 && out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	return res.StatusCode
}

const pastedThread = "Short posts read better.\n---\nOne idea per slide.\n---\nEnd with one ask."

// TestServeSurvivesSIGKILL kills the server with SIGKILL in the middle of a
// burst of saves, starts it again on the same data, and checks that every
// acknowledged save is there and nothing is half written.
func TestServeSurvivesSIGKILL(t *testing.T) {
	data := t.TempDir()
	srv := startServer(t, "--data", data)
	var created struct{ ID string }
	if code := srv.call(t, "POST", "/api/projects", map[string]string{"source": pastedThread}, &created); code != 201 {
		t.Fatalf("create: %d", code)
	}
	var p carousel.Project
	srv.call(t, "GET", "/api/projects/"+created.ID, nil, &p)

	var acked atomic.Int64
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			p.Title = fmt.Sprintf("Save %d", p.Revision)
			var res struct{ Revision int64 }
			if srv.call(t, "PUT", "/api/projects/"+created.ID, &p, &res) != 200 {
				return // the server is gone
			}
			acked.Store(res.Revision)
			p.Revision = res.Revision
		}
	}()
	deadline := time.Now().Add(20 * time.Second)
	for acked.Load() < 25 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-done
	last := acked.Load()
	if last < 25 {
		t.Fatalf("only %d saves acknowledged before the kill", last)
	}

	again := startServer(t, "--data", data)
	var got carousel.Project
	if code := again.call(t, "GET", "/api/projects/"+created.ID, nil, &got); code != 200 {
		t.Fatalf("after restart: %d", code)
	}
	if got.Revision < last {
		t.Fatalf("acknowledged revision %d, found %d after the kill", last, got.Revision)
	}
	if err := got.Validate(); err != nil {
		t.Fatalf("the stored project is damaged: %v", err)
	}
	if want := fmt.Sprintf("Save %d", got.Revision-1); got.Title != want {
		t.Fatalf("revision %d has title %q, want %q", got.Revision, got.Title, want)
	}
}

// TestTwoServersShareOnePostgres runs two `carousel serve` processes on one
// PostgreSQL database: each sees the other's changes, and a stale save is
// refused with 409.
func TestTwoServersShareOnePostgres(t *testing.T) {
	dsn := os.Getenv("CAROUSEL_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Skip("CAROUSEL_TEST_POSTGRES_DSN is not set (scripts/test.sh sets it)")
	}
	a := startServer(t, "--data", t.TempDir(), "--db", dsn)
	b := startServer(t, "--data", t.TempDir(), "--db", dsn)
	var created struct{ ID string }
	if code := a.call(t, "POST", "/api/projects", map[string]string{"source": pastedThread}, &created); code != 201 {
		t.Fatalf("create on A: %d", code)
	}
	var fromB carousel.Project
	if code := b.call(t, "GET", "/api/projects/"+created.ID, nil, &fromB); code != 200 {
		t.Fatalf("B does not see A's project: %d", code)
	}
	fromB.Title = "Edited on B"
	if code := b.call(t, "PUT", "/api/projects/"+created.ID, &fromB, nil); code != 200 {
		t.Fatalf("save on B: %d", code)
	}
	var fromA carousel.Project
	a.call(t, "GET", "/api/projects/"+created.ID, nil, &fromA)
	if fromA.Title != "Edited on B" || fromA.Revision != fromB.Revision+1 {
		t.Fatalf("A sees title %q revision %d", fromA.Title, fromA.Revision)
	}
	fromB.Title = "Stale edit"
	if code := b.call(t, "PUT", "/api/projects/"+created.ID, &fromB, nil); code != 409 {
		t.Fatalf("stale save on B: %d, want 409", code)
	}
	a.call(t, "GET", "/api/projects/"+created.ID, nil, &fromA)
	if fromA.Title != "Edited on B" {
		t.Fatalf("a refused save changed the project: %q", fromA.Title)
	}
}

func TestParseProxies(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"", "[]", ""},
		{"127.0.0.1", "[127.0.0.1/32]", ""},
		{" 10.1.2.3/8 , ::1", "[10.0.0.0/8 ::1/128]", ""},
		{"::ffff:192.0.2.1", "[192.0.2.1/32]", ""},
		{"10.0.0.0/8,proxy.example", "", `"proxy.example" is neither an address nor a CIDR range`},
	} {
		got, err := parseProxies(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "--trusted-proxy") {
				t.Errorf("%q: error %v, want %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("%q: %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}
