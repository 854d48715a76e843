// SPDX-License-Identifier: MIT

package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryRouteHasAnAccessRule checks the route table: every route
// declares who may call it, and no pattern is listed twice.
func TestEveryRouteHasAnAccessRule(t *testing.T) {
	s := &Server{}
	seen := map[string]bool{}
	for _, rt := range s.routes() {
		if rt.access == accessUnset {
			t.Errorf("route %q has no access rule", rt.pattern)
		}
		if _, ok := accessNames[rt.access]; !ok {
			t.Errorf("route %q has an unknown access rule %d", rt.pattern, rt.access)
		}
		if seen[rt.pattern] {
			t.Errorf("route %q is listed twice", rt.pattern)
		}
		seen[rt.pattern] = true
		if rt.handler == nil {
			t.Errorf("route %q has no handler", rt.pattern)
		}
	}
}

// TestRouteWithoutRuleStopsTheServer adds a route without an access rule,
// as a forgetful change would, and checks that registering it panics, so
// that every test of the server fails until the route gets a rule.
func TestRouteWithoutRuleStopsTheServer(t *testing.T) {
	s := &Server{}
	table := append(s.routes(), route{pattern: "GET /api/forgotten", handler: func(http.ResponseWriter, *http.Request) {}})
	defer func() {
		v := recover()
		if v == nil {
			t.Fatal("a route without an access rule was registered")
		}
		if msg, _ := v.(string); !strings.Contains(msg, "/api/forgotten") || !strings.Contains(msg, "no access rule") {
			t.Fatalf("the panic does not name the route: %v", v)
		}
	}()
	s.register(http.NewServeMux(), table)
}

// TestNoRouteOutsideTheTable reads the package's source: the only call
// that puts a handler on a mux is the one in register, so a route cannot
// be added beside the table and its rules.
func TestNoRouteOutsideTheTable(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	calls := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, name, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				switch sel.Sel.Name {
				case "Handle", "HandleFunc":
				default:
					return true
				}
				calls++
				if fn.Name.Name != "register" {
					t.Errorf("%s: %s.%s in %s puts a route on a mux outside the route table: add it to routes() with an access rule",
						fset.Position(call.Pos()), exprName(sel.X), sel.Sel.Name, fn.Name.Name)
				}
				return true
			})
		}
	}
	if calls != 1 {
		t.Errorf("found %d mux registrations, want exactly the one in register", calls)
	}
}

func exprName(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return "mux"
}
