// SPDX-License-Identifier: MIT

package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/carouselstudio/carousel"
	"github.com/carouselstudio/carousel/store"
)

const usersHelp = `Usage:
  carousel users add --email E --workspace NAME --role owner|editor|viewer|client [--name N] [--password-stdin]
  carousel users list [--workspace NAME]
  carousel users remove --email E [--workspace NAME]
  carousel users reset-password --email E [--password-stdin]

Accounts of a team server (carousel serve --auth), kept in the database; every
command takes --data DIR or --db DSN as serve does.

add creates the account, or adds an existing one to another workspace, and
creates the workspace when it is new. The first account's workspace takes over
what single-user mode made: its projects, brand profiles, presets and images.
Without --password-stdin a password is made up and printed once.
remove with --workspace takes the user out of that workspace only.
reset-password sets a new password and signs the user out everywhere.
`

func runUsers(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usersHelp)
		return errUsage
	}
	sub := args[0]
	fs := flag.NewFlagSet("users "+sub, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.addFlags(fs)
	email := fs.String("email", "", "the account's `email`")
	name := fs.String("name", "", "the person's `name` (add)")
	workspace := fs.String("workspace", "", "the workspace's `name`")
	role := fs.String("role", "", "owner, editor, viewer or client (add)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	fs.Usage = func() { fmt.Fprint(stderr, usersHelp); fs.PrintDefaults() }
	if err := fs.Parse(args[1:]); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return carousel.Errorf(carousel.EINVALID, "unexpected argument %q", fs.Arg(0))
	}
	readPassword := func() (string, bool, error) {
		if !*fromStdin {
			return newPassword(), true, nil
		}
		line, err := bufio.NewReader(os.Stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return "", false, fmt.Errorf("read the password: %w", err)
		}
		pw := strings.TrimRight(line, "\r\n")
		if pw == "" {
			return "", false, carousel.Errorf(carousel.EINVALID, "--password-stdin: standard input has no password")
		}
		return pw, false, nil
	}
	need := func(v *string, flag string) error {
		if strings.TrimSpace(*v) == "" {
			fs.Usage()
			return carousel.Errorf(carousel.EINVALID, "missing --%s", flag)
		}
		return nil
	}

	switch sub {
	case "add", "list", "remove", "reset-password":
	default:
		fmt.Fprint(stderr, usersHelp)
		return carousel.Errorf(carousel.EINVALID, "unknown users command %q", sub)
	}
	db, err := cfg.openStore(ctx)
	if err != nil {
		return err
	}
	defer db.Close()

	switch sub {
	case "add":
		for _, n := range []struct {
			v    *string
			flag string
		}{{email, "email"}, {workspace, "workspace"}, {role, "role"}} {
			if err := need(n.v, n.flag); err != nil {
				return err
			}
		}
		r := carousel.Role(strings.ToLower(*role))
		if !r.Valid() {
			return carousel.Errorf(carousel.EINVALID, "--role %q: use owner, editor, viewer or client", *role)
		}
		return addUser(ctx, db, *email, *name, *workspace, r, readPassword, stdout)
	case "list":
		return listUsers(ctx, db, *workspace, stdout)
	case "remove":
		if err := need(email, "email"); err != nil {
			return err
		}
		return removeUser(ctx, db, *email, *workspace, stdout)
	default: // reset-password
		if err := need(email, "email"); err != nil {
			return err
		}
		u, err := db.FindUserByEmail(ctx, *email)
		if err != nil {
			return err
		}
		pw, made, err := readPassword()
		if err != nil {
			return err
		}
		if err := db.SetPassword(ctx, u.ID, pw, ""); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "set a new password for %s and signed them out everywhere\n", u.Email)
		if made {
			fmt.Fprintf(stdout, "password: %s\n(shown once: pass it on safely; they can change it after signing in)\n", pw)
		}
		return nil
	}
}

// newPassword makes up a password of 20 characters (120 bits).
func newPassword() string {
	var b [15]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it)
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// addUser creates the account (or finds it) and makes it a member of the
// named workspace, creating that. The first account of a database whose
// first workspace has no members takes the first workspace, renamed: it
// holds what single-user mode made.
func addUser(ctx context.Context, db *store.DB, email, name, wsName string, role carousel.Role, readPassword func() (string, bool, error), stdout io.Writer) error {
	users, err := db.FindUsers(ctx)
	if err != nil {
		return err
	}
	ws, err := db.FindWorkspaceByName(ctx, wsName)
	switch {
	case err == nil:
	case carousel.ErrorCode(err) != carousel.ENOTFOUND:
		return err
	default:
		first, err := db.FindMembers(ctx, carousel.DefaultWorkspace)
		if err != nil {
			return err
		}
		if len(users) == 0 && len(first) == 0 {
			if err := db.RenameWorkspace(ctx, carousel.DefaultWorkspace, wsName); err != nil {
				return err
			}
			if ws, err = db.FindWorkspaceByID(ctx, carousel.DefaultWorkspace); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "workspace %q is the first workspace: it keeps the projects, brand profiles, presets and images made so far\n", ws.Name)
		} else {
			ws = &carousel.Workspace{Name: wsName}
			if err := db.CreateWorkspace(ctx, ws); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "created workspace %q\n", ws.Name)
		}
	}
	u, err := db.FindUserByEmail(ctx, email)
	var made string
	switch {
	case err == nil:
		fmt.Fprintf(stdout, "%s already has an account: adding it to %q (its password stays as it is)\n", u.Email, ws.Name)
	case carousel.ErrorCode(err) != carousel.ENOTFOUND:
		return err
	default:
		pw, generated, err := readPassword()
		if err != nil {
			return err
		}
		u = &carousel.User{Email: email, Name: name}
		if err := db.CreateUser(ctx, u, pw); err != nil {
			return err
		}
		if generated {
			made = pw
		}
		fmt.Fprintf(stdout, "created the account %s\n", u.Email)
	}
	if err := db.SetMember(ctx, ws.ID, u.ID, role); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s is %s of workspace %q\n", u.Email, role, ws.Name)
	if made != "" {
		fmt.Fprintf(stdout, "password: %s\n(shown once: pass it on safely; it can be changed after signing in)\n", made)
	}
	return nil
}

func listUsers(ctx context.Context, db *store.DB, wsName string, stdout io.Writer) error {
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	defer tw.Flush()
	if wsName != "" {
		ws, err := db.FindWorkspaceByName(ctx, wsName)
		if err != nil {
			return err
		}
		members, err := db.FindMembers(ctx, ws.ID)
		if err != nil {
			return err
		}
		fmt.Fprintln(tw, "EMAIL\tNAME\tROLE\tSIGN-IN")
		for _, m := range members {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.User.Email, m.User.Name, m.Role, signInKind(&m.User))
		}
		return nil
	}
	users, err := db.FindUsers(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintln(tw, "EMAIL\tNAME\tWORKSPACES\tSIGN-IN\tCREATED")
	for _, u := range users {
		ms, err := db.FindMemberships(ctx, u.ID)
		if err != nil {
			return err
		}
		var where []string
		for _, m := range ms {
			where = append(where, fmt.Sprintf("%s (%s)", m.Workspace.Name, m.Role))
		}
		sort.Strings(where)
		if len(where) == 0 {
			where = []string{"-"}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Email, u.Name, strings.Join(where, ", "), signInKind(u), u.Created.Format("2006-01-02"))
	}
	return nil
}

func signInKind(u *carousel.User) string {
	if u.HasPassword {
		return "password"
	}
	return "single sign-on"
}

func removeUser(ctx context.Context, db *store.DB, email, wsName string, stdout io.Writer) error {
	u, err := db.FindUserByEmail(ctx, email)
	if err != nil {
		return err
	}
	if wsName == "" {
		if err := db.DeleteUser(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "removed the account %s, its sessions and API tokens\n", u.Email)
		return nil
	}
	ws, err := db.FindWorkspaceByName(ctx, wsName)
	if err != nil {
		return err
	}
	if err := db.RemoveMember(ctx, ws.ID, u.ID); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "removed %s from workspace %q\n", u.Email, ws.Name)
	return nil
}
