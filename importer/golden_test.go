// SPDX-License-Identifier: MIT

package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	carousel "github.com/carouselstudio/carousel"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden pins the whole imported fixture thread, per source.
func TestGolden(t *testing.T) {
	x := fixtureXAPI(t)
	fx := fxServer(t, map[string][]byte{"/2/thread/" + idT4: fixture(t, "fxtwitter_v2_thread.json")})
	syn := synServer(t, nil)
	zipPath := writeZip(t, archiveFiles(t))
	for _, tc := range []struct {
		name string
		cfg  Config
		req  carousel.ImportRequest
	}{
		{"xapi", Config{XAPIBase: x.URL, BearerToken: "good"}, carousel.ImportRequest{Source: idT4}},
		{"fxtwitter", Config{FxTwitterBase: fx.URL}, carousel.ImportRequest{Source: idT4}},
		{"syndication", Config{SyndicationBase: syn.URL}, carousel.ImportRequest{Source: idT4}},
		{"archive", Config{StoreMedia: func(context.Context, []byte, string) (string, error) { return "asset:test", nil }}, carousel.ImportRequest{Archive: zipPath}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			im, _ := testImporter(t, tc.cfg)
			th, warns, err := im.Import(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(struct {
				Thread   *carousel.Thread   `json:"thread"`
				Warnings []carousel.Warning `json:"warnings"`
			}{th, warns}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(want), bytes.TrimSpace(got)) {
				t.Errorf("%s differs from the golden file; got:\n%s", path, got)
			}
		})
	}
}
