// SPDX-License-Identifier: MIT

package importer

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"hash/crc32"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	carousel "github.com/carouselstudio/carousel"
)

// deflated is raw deflate data whose blocks decode to content, made
// without compressing it all: a segment repeated is compressed once.
type deflated struct {
	raw  bytes.Buffer
	crc  uint32
	size uint64
}

// add appends seg repeated n times. Each segment is flushed to a byte
// boundary without history, so its compressed copy can be repeated.
func (d *deflated) add(t testing.TB, seg []byte, n int) {
	t.Helper()
	var b bytes.Buffer
	fw, _ := flate.NewWriter(&b, flate.BestCompression)
	fw.Write(seg)
	fw.Flush()
	for range n {
		d.raw.Write(b.Bytes())
		d.crc = crc32.Update(d.crc, crc32.IEEETable, seg)
	}
	d.size += uint64(len(seg)) * uint64(n)
}

// bombEntry is a zip entry of compressed raw deflate data; declared, when
// not zero, is the uncompressed size its header claims instead of the real one.
type bombEntry struct {
	name     string
	data     *deflated
	declared uint64
}

func bombZip(t testing.TB, entries ...bombEntry) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bomb.zip")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		e.data.raw.Write([]byte{0x03, 0x00}) // an empty final block
		size := e.data.size
		if e.declared != 0 {
			size = e.declared
		}
		w, err := zw.CreateRaw(&zip.FileHeader{Name: e.name, Method: zip.Deflate, CRC32: e.data.crc,
			CompressedSize64: uint64(e.data.raw.Len()), UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.data.raw.Bytes())
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// spaces is n MiB of spaces, optionally between a YTD array's brackets.
func spaces(t testing.TB, mib int, array bool) *deflated {
	d := &deflated{}
	if array {
		d.add(t, []byte("window.YTD.tweets.part0 = ["), 1)
	}
	d.add(t, bytes.Repeat([]byte(" "), 1<<20), mib)
	if array {
		d.add(t, []byte("]"), 1)
	}
	return d
}

// peakHeap runs f and returns the most heap in use while it ran, sampled
// every few milliseconds in this process.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak uint64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse+ms.StackInuse)
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	return peak
}

// Zip bombs are refused with an error naming the limit, holding memory
// under 300 MB in this process whatever the archive claims or holds.
func TestArchiveBombs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds gigabyte bombs")
	}
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		cfg     Config
		entries func() []bombEntry
		want    string
	}{
		{"1 GiB of spaces as tweets.js", Config{}, func() []bombEntry {
			return []bombEntry{{name: "data/tweets.js", data: spaces(t, 1024, false)}}
		}, "over the limit of 512 MB"},
		{"1 GiB of spaces claiming 1 MB", Config{}, func() []bombEntry {
			return []bombEntry{{name: "data/tweets.js", data: spaces(t, 1024, false), declared: 1 << 20}}
		}, "does not match its zip header"},
		{"2 MB of spaces", Config{}, func() []bombEntry {
			return []bombEntry{{name: "data/tweets.js", data: spaces(t, 2, false)}}
		}, "no JSON array found"},
		{"1 GiB of spaces inside the array, claiming 1 MB", Config{}, func() []bombEntry {
			return []bombEntry{{name: "data/tweets.js", data: spaces(t, 1024, true), declared: 1 << 20}}
		}, "does not match its zip header"},
		{"five files of 1 GiB", Config{}, func() []bombEntry {
			var es []bombEntry
			for _, n := range []string{"tweets.js", "tweets-part1.js", "tweets-part2.js", "tweets-part3.js", "tweets-part4.js"} {
				es = append(es, bombEntry{name: "data/" + n, data: spaces(t, 1024, true)})
			}
			return es
		}, "over the limit of 512 MB"},
		{"five files over the total", Config{MaxArchiveEntry: 64 << 20, MaxArchiveTotal: 160 << 20}, func() []bombEntry {
			var es []bombEntry
			for _, n := range []string{"tweets.js", "tweets-part1.js", "tweets-part2.js", "tweets-part3.js", "tweets-part4.js"} {
				es = append(es, bombEntry{name: "data/" + n, data: spaces(t, 60, true)})
			}
			return es
		}, "over the limit of 160 MB uncompressed in all"},
		{"one item of 32 MB", Config{}, func() []bombEntry {
			d := &deflated{}
			d.add(t, []byte(`window.YTD.tweets.part0 = [{"tweet":{"full_text":"`), 1)
			d.add(t, bytes.Repeat([]byte("a"), 1<<20), 32)
			d.add(t, []byte(`"}}]`), 1)
			return []bombEntry{{name: "data/tweets.js", data: d}}
		}, "has an item over 16 MB"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := bombZip(t, tc.entries()...)
			im := New(tc.cfg)
			var err error
			peak := peakHeap(func() { _, err = im.ListThreads(ctx, path) })
			t.Logf("peak heap %d MB: %v", peak>>20, err)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ListThreads: %v, want an error saying %q", err, tc.want)
			}
			if code := carousel.ErrorCode(err); code != carousel.ETOOLARGE && code != carousel.EINVALID {
				t.Errorf("code %s, want a user error", code)
			}
			if peak > 300<<20 {
				t.Errorf("peak heap %d MB, over 300 MB", peak>>20)
			}
		})
	}
}

// tweets.js on its own, or in an unpacked folder, is counted the same way.
func TestArchiveFileLimits(t *testing.T) {
	dir := t.TempDir()
	data := "window.YTD.tweets.part0 = [" + strings.Repeat(" ", 3<<20) + "]"
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "data", "tweets.js"), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	im := New(Config{MaxArchiveEntry: 2 << 20, MaxArchiveTotal: 8 << 20})
	for _, p := range []string{dir, filepath.Join(dir, "data", "tweets.js")} {
		_, err := im.ListThreads(context.Background(), p)
		if carousel.ErrorCode(err) != carousel.ETOOLARGE || !strings.Contains(err.Error(), "over the limit of 2 MB") {
			t.Errorf("%s: %v", p, err)
		}
	}
}
