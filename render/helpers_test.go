// SPDX-License-Identifier: MIT

package render

import (
	"archive/zip"
	"bytes"
	"testing"
)

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(Options{BaseDir: "testdata"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func zipReader(b []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}
