// SPDX-License-Identifier: MIT

// Command carousel turns X threads into carousels: it runs the studio
// (serve), renders carousels from the command line (render), imports
// threads (import), lists what can be chosen (list), moves brand kits
// between installs (profiles) and keeps a team server's accounts (users).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `Carousel Studio turns X threads into LinkedIn, Instagram and TikTok carousels.

Usage:
  carousel serve    [--addr 127.0.0.1:8080] [--data DIR] [--db DSN] [--auth]   run the studio
  carousel render   INPUT -o OUT [flags]                             render a carousel
  carousel import   SOURCE -o thread.json [--post ID] [--list]        import a thread
  carousel list     formats|templates|themes|patterns|fonts          list the choices
  carousel profiles export|import ...                               move brand kits
  carousel accounts add|list|remove|keygen ...                      connected LinkedIn, Instagram, Threads, TikTok accounts
  carousel publish  INPUT --to PLATFORM[:ACCOUNT] [--at TIME]       post or schedule a carousel
  carousel posts    list|cancel|retry|done ...                      scheduled and past posts
  carousel users    add|list|remove|reset-password ...               accounts of a team server
  carousel version

Run "carousel COMMAND -h" for a command's flags.
`

// command is one subcommand; run gets the arguments after its name.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

var commands = map[string]command{
	"serve":    runServe,
	"render":   runRender,
	"import":   runImport,
	"list":     runList,
	"profiles": runProfiles,
	"accounts": runAccounts,
	"publish":  runPublish,
	"posts":    runPosts,
	"users":    runUsers,
	"version":  runVersion,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit code. Errors are
// printed as one line, never a stack trace.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	if args[0] == "--version" {
		args[0] = "version"
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "carousel: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if err := cmd(ctx, args[1:], stdout, stderr); err != nil {
		if errors.Is(err, errUsage) {
			return 2
		}
		fmt.Fprintf(stderr, "carousel %s: %s\n", args[0], userMessage(err))
		if e, ok := errors.AsType[exitError](err); ok {
			return e.code
		}
		return 1
	}
	return 0
}

// errUsage reports a flag error that the flag package has already printed.
var errUsage = errors.New("usage")

// exitPending is the exit code of `carousel publish` when a post is not
// made yet but kept for carousel serve to retry.
const exitPending = 3

// exitError ends a command with its own exit code.
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// userMessage gives the one line a user sees for err. On the command line
// the user is also the operator, so the whole wrapped text is shown: it
// names the file and, for *carousel.Error, the field, line or post.
func userMessage(err error) string {
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

func runVersion(_ context.Context, _ []string, stdout, _ io.Writer) error {
	fmt.Fprintf(stdout, "carousel %s\n", version)
	fmt.Fprintln(stdout, "Emoji graphics: Twemoji, CC-BY 4.0, https://github.com/jdecked/twemoji")
	fmt.Fprintln(stdout, "Fonts: Inter, Noto, Lato, Open Sans, Roboto, Roboto Slab, EB Garamond, Bebas Neue, DejaVu (OFL-1.1, Apache-2.0, Bitstream Vera)")
	return nil
}
