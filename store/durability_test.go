// SPDX-License-Identifier: MIT

package store

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/carouselstudio/carousel"
)

// Environment of the saver child process.
const (
	saverDSNEnv     = "CAROUSEL_STORE_SAVER_DSN"
	saverProjectEnv = "CAROUSEL_STORE_SAVER_PROJECT"
)

// TestHelperSaver is not a test: TestKilledWhileSaving runs it in a child
// process, which saves as fast as it can and prints every revision the
// store acknowledged until it is killed.
func TestHelperSaver(t *testing.T) {
	dsn := os.Getenv(saverDSNEnv)
	if dsn == "" {
		t.Skip("run by TestKilledWhileSaving")
	}
	ctx := context.Background()
	db, err := Open(ctx, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, "saver: open:", err)
		os.Exit(2)
	}
	p, err := db.FindProjectByID(ctx, os.Getenv(saverProjectEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "saver: load:", err)
		os.Exit(2)
	}
	for i := 0; i < 1_000_000; i++ {
		p.Title = "save " + strconv.Itoa(i)
		if err := db.UpdateProject(ctx, p); err != nil {
			fmt.Fprintln(os.Stderr, "saver: save:", err)
			os.Exit(2)
		}
		// Stdout is unbuffered: once printed, the save was acknowledged.
		fmt.Println(p.Revision)
	}
	os.Exit(0)
}

// TestKilledWhileSaving SIGKILLs a process in the middle of a burst of
// saves and checks that the database opens, is intact, and holds every
// acknowledged save.
func TestKilledWhileSaving(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	eachDialect(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := mustOpen(t, dsn)
		p := sampleProject(30)
		if err := db.CreateProject(ctx, p); err != nil {
			t.Fatal(err)
		}
		db.Close()

		for round := range 3 {
			acked := killSaver(t, dsn, p.ID, 20+round*15)

			db, err := Open(ctx, dsn)
			if err != nil {
				t.Fatalf("round %d: the database does not open after the kill: %v", round, err)
			}
			if db.Dialect() == SQLite {
				var check string
				if err := db.read.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
					t.Fatalf("round %d: integrity_check: %q, %v", round, check, err)
				}
			}
			got, err := db.FindProjectByID(ctx, p.ID)
			if err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			// The save in flight when killed may or may not have committed.
			if got.Revision < acked || got.Revision > acked+1 {
				t.Fatalf("round %d: the store has revision %d, the last acknowledged was %d", round, got.Revision, acked)
			}
			if err := got.Validate(); err != nil {
				t.Fatalf("round %d: the stored document is damaged: %v", round, err)
			}
			if len(got.Slides) != 30 {
				t.Fatalf("round %d: the stored document has %d slides, want 30", round, len(got.Slides))
			}
			// The last version holds the last save: the acknowledged one, or
			// the one in flight, which may have joined its version.
			old, err := db.FindProjectRevision(ctx, p.ID, got.Revision)
			if err != nil || old.Validate() != nil {
				t.Fatalf("round %d: the current version %d: %v", round, got.Revision, err)
			}
			if got.Revision == acked+1 {
				if _, err := db.FindProjectRevision(ctx, p.ID, acked); err != nil && carousel.ErrorCode(err) != carousel.ENOTFOUND {
					t.Fatalf("round %d: acknowledged revision %d: %v", round, acked, err)
				}
			}
			db.Close()
			t.Logf("round %d: killed after revision %d was acknowledged; the store has %d", round, acked, got.Revision)
		}
	})
}

// killSaver runs the saver child, SIGKILLs it once it has acknowledged n
// saves, and returns the last revision it acknowledged.
func killSaver(t *testing.T, dsn, id string, n int) int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSaver$", "-test.count=1")
	cmd.Env = append(os.Environ(), saverDSNEnv+"="+dsn, saverProjectEnv+"="+id)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	timer := time.AfterFunc(time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()
	var acked int64
	seen := 0
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		rev, err := strconv.ParseInt(lines.Text(), 10, 64)
		if err != nil {
			continue // test framework output
		}
		acked = rev
		if seen++; seen == n {
			cmd.Process.Kill() // SIGKILL on Unix
		}
	}
	err = cmd.Wait()
	if seen < n {
		t.Fatalf("the saver stopped after %d saves (%v)", seen, err)
	}
	return acked
}
