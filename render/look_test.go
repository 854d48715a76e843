// SPDX-License-Identifier: MIT

package render

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/carouselstudio/carousel"
)

var lookDir = flag.String("look", "", "write every slide of the sample in every format as PNG into this directory")

// TestLook writes PNGs for a person to look at; it runs only with -look.
func TestLook(t *testing.T) {
	if *lookDir == "" {
		t.Skip("run with -look DIR")
	}
	e := newTestEngine(t)
	for _, f := range carousel.Formats {
		p := sampleProject(t, e)
		p.Settings.Format = f.Name
		l, err := e.Layout(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range l.Warnings {
			t.Logf("%s: %v [%s]", f.Name, w, w.Code)
		}
		for n := range l.Slides {
			out, err := os.Create(filepath.Join(*lookDir, fmt.Sprintf("%s-%02d.png", f.Name, n+1)))
			if err != nil {
				t.Fatal(err)
			}
			if err := e.Image(context.Background(), out, p, n+1, carousel.PNG); err != nil {
				t.Fatal(err)
			}
			out.Close()
		}
	}
}
