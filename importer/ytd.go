// SPDX-License-Identifier: MIT

package importer

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	carousel "github.com/carouselstudio/carousel"
)

// Limits of the archive reader. An archive's data files are decompressed
// as they are read and counted: a zip bomb stops at the limit with an
// error that names it, however large it claims or turns out to be.
const (
	DefaultMaxArchiveEntry = 512 << 20 // decompressed bytes of one data file
	DefaultMaxArchiveTotal = 1 << 30   // decompressed bytes of all data files
	maxYTDItem             = 16 << 20  // one item (a tweet) of a data file
	maxYTDPrefix           = 1 << 20   // the "window.YTD.x.part0 = " before the array
)

// archiveLimits bound what one archive parse reads.
type archiveLimits struct {
	entry, total int64
}

func (c Config) archiveLimits() archiveLimits {
	l := archiveLimits{entry: c.MaxArchiveEntry, total: c.MaxArchiveTotal}
	if l.entry <= 0 {
		l.entry = DefaultMaxArchiveEntry
	}
	if l.total <= 0 {
		l.total = DefaultMaxArchiveTotal
	}
	return l
}

// countingReader fails with ETOOLARGE once a data file, or all of them
// together, are over their limits.
type countingReader struct {
	r     io.Reader
	name  string
	n     int64
	lim   archiveLimits
	total *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	*c.total += int64(n)
	switch {
	case c.n > c.lim.entry:
		return n, carousel.Errorf(carousel.ETOOLARGE, "Archive file %s is over the limit of %d MB uncompressed; an X archive's data files are far smaller (is it a zip bomb?).", c.name, c.lim.entry>>20)
	case *c.total > c.lim.total:
		return n, carousel.Errorf(carousel.ETOOLARGE, "The archive's data files are over the limit of %d MB uncompressed in all.", c.lim.total>>20)
	}
	return n, err
}

// ytdReader reads "window.YTD.x.part0 = [ item, item, … ]" one item at a
// time, so that memory holds one item's text, never the file's. It keeps
// the line and column of what it reads for error messages.
type ytdReader struct {
	name      string
	br        *bufio.Reader
	line, col int // of the next byte
	buf       []byte
	prevCol   int
}

func newYTDReader(name string, r io.Reader) *ytdReader {
	return &ytdReader{name: name, br: bufio.NewReaderSize(r, 64<<10), line: 1, col: 1}
}

func (y *ytdReader) next() (byte, error) {
	c, err := y.br.ReadByte()
	if err != nil {
		return 0, err
	}
	y.prevCol = y.col
	if c == '\n' {
		y.line, y.col = y.line+1, 1
	} else {
		y.col++
	}
	return c, nil
}

func (y *ytdReader) unread(c byte) {
	y.br.UnreadByte()
	if c == '\n' {
		y.line--
	}
	y.col = y.prevCol
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// skipSpace returns the next byte that is not white space.
func (y *ytdReader) skipSpace() (byte, error) {
	for {
		c, err := y.next()
		if err != nil || !isSpace(c) {
			return c, err
		}
	}
}

func (y *ytdReader) errorf(line, col int, format string, args ...any) error {
	return carousel.Errorf(carousel.EINVALID, "Archive file %s is malformed at line %d, column %d: %s.", y.name, line, col, fmt.Sprintf(format, args...))
}

// readErr turns a read failure into the error to show: a limit as it is,
// the end of the file as "ends too early".
func (y *ytdReader) readErr(err error) error {
	var ce *carousel.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return y.errorf(y.line, y.col, "the file ends too early")
	}
	if errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) {
		return carousel.Errorf(carousel.EINVALID, "Archive file %s is damaged: its data does not match its zip header (is it a zip bomb?).", y.name)
	}
	return carousel.Errorf(carousel.EINVALID, "Archive file %s cannot be read.", y.name)
}

// start reads up to the array's opening bracket.
func (y *ytdReader) start() error {
	for n := 0; ; n++ {
		c, err := y.next()
		if errors.Is(err, io.EOF) || n > maxYTDPrefix {
			return carousel.Errorf(carousel.EINVALID, "Archive file %s is malformed: no JSON array found.", y.name)
		}
		if err != nil {
			return y.readErr(err)
		}
		if c == '[' {
			return nil
		}
	}
}

// readYTD calls each with every item of the data file r, in order.
func readYTD[T any](name string, r io.Reader, each func(*T) error) error {
	y := newYTDReader(name, r)
	if err := y.start(); err != nil {
		return err
	}
	for first := true; ; first = false {
		c, err := y.skipSpace()
		if err != nil {
			return y.readErr(err)
		}
		if c == ']' {
			return nil // what follows the array is not read
		}
		if !first {
			if c != ',' {
				return y.errorf(y.line, y.col-1, "invalid character %q after array element", c)
			}
			if c, err = y.skipSpace(); err != nil {
				return y.readErr(err)
			}
		}
		line, col := y.line, y.col-1
		if err := y.value(c); err != nil {
			return err
		}
		var item T
		if err := json.Unmarshal(y.buf, &item); err != nil {
			return y.itemError(err, line, col)
		}
		if err := each(&item); err != nil {
			return err
		}
	}
}

// value reads one JSON value starting with c into y.buf. Its syntax is
// checked by json.Unmarshal; this finds only where it ends.
func (y *ytdReader) value(c byte) error {
	y.buf = append(y.buf[:0], c)
	add := func(c byte) error {
		if len(y.buf) >= maxYTDItem {
			return carousel.Errorf(carousel.ETOOLARGE, "Archive file %s has an item over %d MB at line %d: an X archive's posts are far smaller.", y.name, maxYTDItem>>20, y.line)
		}
		y.buf = append(y.buf, c)
		return nil
	}
	switch c {
	case '{', '[':
		depth, inString, escaped := 1, false, false
		for depth > 0 {
			c, err := y.next()
			if err != nil {
				return y.readErr(err)
			}
			if err := add(c); err != nil {
				return err
			}
			switch {
			case inString && escaped:
				escaped = false
			case inString && c == '\\':
				escaped = true
			case inString && c == '"':
				inString = false
			case inString:
			case c == '"':
				inString = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
			}
		}
	case '"':
		for escaped := false; ; {
			c, err := y.next()
			if err != nil {
				return y.readErr(err)
			}
			if err := add(c); err != nil {
				return err
			}
			if escaped {
				escaped = false
			} else if c == '\\' {
				escaped = true
			} else if c == '"' {
				break
			}
		}
	default: // a number, true, false or null
		for {
			c, err := y.next()
			if errors.Is(err, io.EOF) {
				return y.readErr(err)
			}
			if err != nil {
				return y.readErr(err)
			}
			if isSpace(c) || c == ',' || c == ']' || c == '}' {
				y.unread(c)
				return nil
			}
			if err := add(c); err != nil {
				return err
			}
		}
	}
	return nil
}

// itemError places a decoding error of the item that starts at line,
// col in the file.
func (y *ytdReader) itemError(err error, line, col int) error {
	off := int64(-1)
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = max(se.Offset-1, 0) // the offset counts the offending byte
	case errors.As(err, &te):
		off = te.Offset
	}
	if off < 0 {
		return &carousel.Error{Code: carousel.EINVALID, Err: err, Message: fmt.Sprintf("Archive file %s is malformed: %s.", y.name, jsonReason(err))}
	}
	off = min(off, int64(len(y.buf)))
	before := y.buf[:off]
	if nl := bytes.Count(before, []byte("\n")); nl > 0 {
		line += nl
		col = len(before) - bytes.LastIndexByte(before, '\n')
	} else {
		col += len(before)
	}
	return &carousel.Error{Code: carousel.EINVALID, Err: err,
		Message: fmt.Sprintf("Archive file %s is malformed at line %d, column %d: %s.", y.name, line, col, jsonReason(err))}
}
