// SPDX-License-Identifier: MIT

package markup

import (
	"unicode"

	carousel "github.com/carouselstudio/carousel"
)

// rawBlock is a block before its inline markup is parsed.
type rawBlock struct {
	typ    carousel.BlockType
	level  int
	number int
	cells  []cell // lines joined by '\n' cells, each line trimmed
}

// splitBlocks groups lines into blocks: a blank line ends a block, and a
// heading, quote or list marker at the start of a line begins one.
func splitBlocks(cells []cell) []rawBlock {
	var (
		blocks []rawBlock
		cur    rawBlock
		open   bool
		// Blocks are laid out one after the other in buf, over the cells
		// themselves: a line writes at most its own cells plus the '\n'
		// before it, so writing never overtakes reading.
		buf   = cells[:0:len(cells)]
		start int
	)
	flush := func() {
		if open {
			cur.cells = buf[start:len(buf):len(buf)]
			blocks = append(blocks, cur)
			open = false
		}
	}
	begin := func(typ carousel.BlockType, content []cell) {
		flush()
		cur, open, start = rawBlock{typ: typ}, true, len(buf)
		buf = append(buf, content...)
	}
	appendLine := func(content []cell) {
		buf = append(buf, cell{r: '\n'})
		buf = append(buf, content...)
	}
	for len(cells) > 0 {
		end := 0
		for end < len(cells) && cells[end].r != '\n' {
			end++
		}
		line := cells[:end]
		if end < len(cells) {
			cells = cells[end+1:]
		} else {
			cells = nil
		}

		indent := indentWidth(line)
		indented := indent > 0
		if fence, ok := fenceMarker(trimCells(line)); ok {
			// A fenced code block: its lines as typed, up to the closing
			// fence (or the end of the text), blank lines included.
			begin(carousel.Code, nil)
			first := true
			for len(cells) > 0 {
				end := 0
				for end < len(cells) && cells[end].r != '\n' {
					end++
				}
				code := cells[:end]
				if end < len(cells) {
					cells = cells[end+1:]
				} else {
					cells = nil
				}
				if f, ok := fenceMarker(trimCells(code)); ok && f >= fence && len(trimCells(code)) == f {
					break
				}
				code = trimCellsRight(dedent(code, indent))
				if first {
					buf = append(buf, code...)
					first = false
				} else {
					appendLine(code)
				}
			}
			// trailing blank lines of the block are dropped
			for len(buf) > start && buf[len(buf)-1].r == '\n' {
				buf = buf[:len(buf)-1]
			}
			if len(buf) == start {
				open = false // an empty code block shows nothing
			}
			flush()
			continue
		}
		line = trimCells(line)
		if len(line) == 0 || isThematicBreak(line) {
			flush()
			continue
		}
		if level, rest, ok := headingMarker(line); ok {
			begin(carousel.Heading, trimCells(rest))
			cur.level = level
			flush()
			continue
		}
		if rest, ok := quoteMarker(line); ok {
			rest = trimCells(rest)
			switch {
			case len(rest) == 0:
				flush() // a bare ">" separates paragraphs of a quote
			case open && cur.typ == carousel.Quote:
				appendLine(rest)
			default:
				begin(carousel.Quote, rest)
			}
			continue
		}
		if rest, depth, ok := bulletMarker(line); ok {
			begin(carousel.Bullet, trimCells(rest))
			cur.level = min(max(depth, indent/2), maxListLevel)
			continue
		}
		if n, rest, ok := numberMarker(line); ok {
			begin(carousel.Numbered, trimCells(rest))
			cur.number = n
			cur.level = min(indent/2, maxListLevel)
			continue
		}
		switch {
		case open && cur.typ == carousel.Paragraph:
			appendLine(line)
		case open && indented && (cur.typ == carousel.Bullet || cur.typ == carousel.Numbered):
			appendLine(line) // an indented line continues its list item
		default:
			begin(carousel.Paragraph, line)
		}
	}
	flush()
	return blocks
}

func isSpaceCell(c cell) bool { return unicode.IsSpace(c.r) }

func trimCells(cs []cell) []cell {
	for len(cs) > 0 && isSpaceCell(cs[0]) {
		cs = cs[1:]
	}
	for len(cs) > 0 && isSpaceCell(cs[len(cs)-1]) {
		cs = cs[:len(cs)-1]
	}
	return cs
}

// markup reports whether c is the typed character r (not an entity).
func (c cell) markup(r rune) bool { return c.r == r && !c.lit }

// isThematicBreak reports a line of three or more '-', '*' or '_'.
func isThematicBreak(line []cell) bool {
	if len(line) < 3 {
		return false
	}
	r := line[0].r
	if r != '-' && r != '*' && r != '_' {
		return false
	}
	for _, c := range line {
		if !c.markup(r) {
			return false
		}
	}
	return true
}

// headingMarker reads "# ", "## " or "### " (deeper levels count as 3).
func headingMarker(line []cell) (int, []cell, bool) {
	n := 0
	for n < len(line) && line[n].markup('#') {
		n++
	}
	if n == 0 || n > 6 || n >= len(line) || !isSpaceCell(line[n]) || line[n].lit {
		return 0, nil, false
	}
	return min(n, 3), line[n+1:], true
}

func quoteMarker(line []cell) ([]cell, bool) {
	if len(line) > 0 && line[0].markup('>') {
		return line[1:], true
	}
	return nil, false
}

// maxListLevel is the deepest list nesting kept: deeper items show at it.
const maxListLevel = 3

// bulletMarker reads a bullet and its space; depth is the nesting its
// character implies when the line is not indented ("◦" is a second-level
// bullet as pasted from documents).
func bulletMarker(line []cell) ([]cell, int, bool) {
	if len(line) < 2 || line[0].lit || !isSpaceCell(line[1]) {
		return nil, 0, false
	}
	switch line[0].r {
	case '-', '*', '•', '+', '‣':
		return line[2:], 0, true
	case '◦', '○':
		return line[2:], 1, true
	case '▪', '▫', '■', '□':
		return line[2:], 2, true
	}
	return nil, 0, false
}

// indentWidth is the width of a line's leading white space, a tab counting
// four.
func indentWidth(line []cell) int {
	n := 0
	for _, c := range line {
		switch {
		case c.r == '\t':
			n += 4
		case isSpaceCell(c):
			n++
		default:
			return n
		}
	}
	return n
}

// dedent removes up to n columns of leading white space.
func dedent(line []cell, n int) []cell {
	for n > 0 && len(line) > 0 && isSpaceCell(line[0]) {
		if line[0].r == '\t' {
			n -= 4
		} else {
			n--
		}
		line = line[1:]
	}
	return line
}

func trimCellsRight(cs []cell) []cell {
	for len(cs) > 0 && isSpaceCell(cs[len(cs)-1]) {
		cs = cs[:len(cs)-1]
	}
	return cs
}

// fenceMarker reads a code fence: three or more backticks (or tildes)
// starting the line, and reports how many.
func fenceMarker(line []cell) (int, bool) {
	if len(line) < 3 || line[0].lit || (line[0].r != '`' && line[0].r != '~') {
		return 0, false
	}
	n := 0
	for n < len(line) && line[n].markup(line[0].r) {
		n++
	}
	if n < 3 {
		return 0, false
	}
	if line[0].r == '`' {
		for _, c := range line[n:] {
			if c.r == '`' {
				return 0, false // "```a```" is inline code
			}
		}
	}
	return n, true
}

// numberMarker reads "1. " or "1) " with up to three digits.
func numberMarker(line []cell) (int, []cell, bool) {
	n, i := 0, 0
	for i < len(line) && i < 4 && !line[i].lit && line[i].r >= '0' && line[i].r <= '9' {
		n = n*10 + int(line[i].r-'0')
		i++
	}
	if i == 0 || i > 3 || i+1 >= len(line) {
		return 0, nil, false
	}
	if !line[i].markup('.') && !line[i].markup(')') {
		return 0, nil, false
	}
	if !isSpaceCell(line[i+1]) {
		return 0, nil, false
	}
	return n, line[i+2:], true
}
