// SPDX-License-Identifier: MIT

package render

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"testing"

	"github.com/carouselstudio/carousel"
)

func newTestEngine(t testing.TB) *Engine {
	t.Helper()
	e, err := New(Options{BaseDir: "testdata"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// sampleProject is the sample thread planned by e with the sample's settings.
func sampleProject(t testing.TB, e *Engine) *carousel.Project {
	t.Helper()
	p := carousel.SampleProject()
	if _, err := e.Plan(context.Background(), p, true); err != nil {
		t.Fatalf("plan the sample: %v", err)
	}
	return p
}

func zipReader(b []byte) (*zip.Reader, error) {
	return zip.NewReader(bytes.NewReader(b), int64(len(b)))
}

func asError(err error, target **carousel.Error) bool { return errors.As(err, target) }

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

// hugePNG is a valid PNG header claiming 10000×5000 pixels: the engine must
// refuse it from the header alone.
func hugePNG() string {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], 10000)
	binary.BigEndian.PutUint32(ihdr[4:], 5000)
	ihdr[8], ihdr[9] = 8, 6 // 8-bit RGBA
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&b, binary.BigEndian, uint32(len(ihdr)))
	b.Write(chunk)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes())
}
