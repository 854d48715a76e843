// SPDX-License-Identifier: MIT

// Package atomicfile writes files so that a reader, or a crash, sees the old
// file or the whole new one, never a part of it.
package atomicfile

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/carouselstudio/carousel"
)

// Write has write fill a temporary file beside path, then renames it over
// path with mode 0644. On any failure path is left as it was and the
// temporary file is removed. The folder must exist: a temporary file that
// cannot be made there gives an EINVALID error naming path.
func Write(path string, write func(w io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return carousel.Errorf(carousel.EINVALID, "cannot write %s: %v", path, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op after the rename
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// WriteBytes writes data to path as Write does.
func WriteBytes(path string, data []byte) error {
	return Write(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
