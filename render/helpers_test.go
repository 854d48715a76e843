// SPDX-License-Identifier: MIT

package render

import "testing"

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(Options{BaseDir: "testdata"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}
