// SPDX-License-Identifier: MIT

package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// SplitPosts splits pasted text into posts' raw texts, in order.
//
// It looks, in turn, for lines of "---" (or "***", "___"), for runs of
// three or more blank lines (Typefully's four newlines), for paragraphs
// that start or end with a consistent thread counter ("1/", "2/10",
// "(3/12)", "1.", " 3/7"), and otherwise takes each paragraph as a post,
// keeping paragraphs up to one marked "🧵" together as the first post.
// Thread counters are removed from the posts; "🧵" is content and stays.
func SplitPosts(text string) []string {
	posts, _ := splitPosts(text)
	return posts
}

// splitPosts is SplitPosts that also counts, by position (1-based, among
// the parts between separator lines), the parts left out as empty.
func splitPosts(text string) ([]string, []int) {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	lines := strings.Split(text, "\n")

	var posts []string
	switch {
	case hasSeparatorLine(lines):
		posts = splitAtSeparators(lines)
	case hasBlankRun(lines, 3):
		posts = splitAtBlankRuns(lines, 3)
	default:
		posts = groupParagraphs(splitAtBlankRuns(lines, 1))
	}
	posts = stripCounters(posts)
	out := posts[:0]
	var empty []int
	for i, p := range posts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		} else {
			empty = append(empty, i+1)
		}
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, empty
}

func isBlankLine(l string) bool { return strings.TrimSpace(l) == "" }

// isSeparatorLine reports a line of three or more '-', '*' or '_'.
func isSeparatorLine(l string) bool {
	l = strings.TrimSpace(l)
	if len(l) < 3 || (l[0] != '-' && l[0] != '*' && l[0] != '_') {
		return false
	}
	return strings.Count(l, l[:1]) == len(l)
}

func hasSeparatorLine(lines []string) bool {
	for _, l := range lines {
		if isSeparatorLine(l) {
			return true
		}
	}
	return false
}

func splitAtSeparators(lines []string) []string {
	var posts []string
	start := 0
	for i, l := range lines {
		if isSeparatorLine(l) {
			posts = append(posts, strings.TrimSpace(strings.Join(lines[start:i], "\n")))
			start = i + 1
		}
	}
	return append(posts, strings.TrimSpace(strings.Join(lines[start:], "\n")))
}

func hasBlankRun(lines []string, n int) bool {
	run := 0
	seenText := false
	for _, l := range lines {
		if !isBlankLine(l) {
			if seenText && run >= n {
				return true
			}
			seenText, run = true, 0
			continue
		}
		run++
	}
	return false
}

// splitAtBlankRuns splits lines at runs of n or more blank lines.
func splitAtBlankRuns(lines []string, n int) []string {
	var parts []string
	start, run := 0, 0
	for i, l := range lines {
		if isBlankLine(l) {
			run++
			continue
		}
		if run >= n {
			parts = append(parts, strings.TrimSpace(strings.Join(lines[start:i-run], "\n")))
			start = i
		}
		run = 0
	}
	return append(parts, strings.TrimSpace(strings.Join(lines[start:], "\n")))
}

// groupParagraphs makes posts of paragraphs when no separator marks them.
func groupParagraphs(paras []string) []string {
	if len(paras) < 2 {
		return paras
	}
	var lead, trail []counter
	for i, p := range paras {
		if c, ok := leadingCounter(p); ok {
			c.index = i
			lead = append(lead, c)
		}
		if c, ok := trailingCounter(p); ok {
			c.index = i
			trail = append(trail, c)
		}
	}
	if marks := consistent(lead); marks != nil {
		// A numbered paragraph starts a post; the ones that follow belong to it.
		var posts []string
		start := 0
		for _, m := range marks {
			if m.index > start {
				posts = append(posts, strings.Join(paras[start:m.index], "\n\n"))
			}
			start = m.index
		}
		return append(posts, strings.Join(paras[start:], "\n\n"))
	}
	if marks := consistent(trail); marks != nil {
		// A paragraph ending with a counter ends a post.
		var posts []string
		start := 0
		for _, m := range marks {
			posts = append(posts, strings.Join(paras[start:m.index+1], "\n\n"))
			start = m.index + 1
		}
		if start < len(paras) {
			posts = append(posts, strings.Join(paras[start:], "\n\n"))
		}
		return posts
	}
	// Each paragraph is a post, except that "Title\n\nA thread 🧵" is one.
	for k := 1; k < len(paras) && k <= 2; k++ {
		if strings.Contains(paras[k], "🧵") {
			if strings.Contains(paras[0], "🧵") {
				break
			}
			first := strings.Join(paras[:k+1], "\n\n")
			return append([]string{first}, paras[k+1:]...)
		}
	}
	return paras
}

// counter is a thread counter found at the start or end of a text.
type counter struct {
	index    int // of the paragraph or post
	n, total int // total is 0 when not given
	dot      bool
	cut      int // the text without the counter is s[cut:] (leading) or s[:cut] (trailing)
	suffix   string
}

// leadingCounter reads "1/", "2/10", "(3/12)", "[3/12]" or "1." at the
// start of s.
func leadingCounter(s string) (counter, bool) {
	var c counter
	i := 0
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	var closeBracket byte
	switch {
	case i < len(s) && s[i] == '(':
		closeBracket = ')'
		i++
	case i < len(s) && s[i] == '[':
		closeBracket = ']'
		i++
	}
	n, j := readNumber(s, i)
	if j == i {
		return c, false
	}
	i = j
	c.n = n
	switch {
	case i < len(s) && s[i] == '/':
		i++
		k := i
		for k < len(s) && s[k] == ' ' {
			k++
		}
		if total, j := readNumber(s, k); j > k {
			c.total = total
			i = j
		}
		if closeBracket != 0 {
			if i >= len(s) || s[i] != closeBracket {
				return c, false
			}
			i++
		}
		if i < len(s) && (s[i] == '.' || s[i] == ':') {
			i++
		}
	case i < len(s) && s[i] == '.' && closeBracket == 0:
		i++
		c.dot = true
		if i < len(s) && !unicode.IsSpace(rune(s[i])) {
			return c, false
		}
	default:
		return c, false
	}
	if i < len(s) {
		r, _ := utf8.DecodeRuneInString(s[i:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return c, false // "1/2cup"
		}
	}
	if c.n == 0 || (c.total != 0 && c.n > c.total) {
		return c, false
	}
	for i < len(s) && unicode.IsSpace(rune(s[i])) {
		i++
	}
	c.cut = i
	return c, true
}

// threadEmoji may follow a trailing counter: "… 1/4 🧵".
const threadEmoji = "🧵👇⬇↓\uFE0F " // ⬇️ is ⬇ with U+FE0F: each once in the cut set

// trailingCounter reads " 3/7", "(3/7)", "[3/7]" or " 3/" at the end of s,
// possibly followed by 🧵 or 👇, which are kept.
func trailingCounter(s string) (counter, bool) {
	var c counter
	s = strings.TrimRightFunc(s, unicode.IsSpace)
	body := strings.TrimRight(s, threadEmoji)
	c.suffix = strings.TrimSpace(s[len(body):])
	i := len(body)
	var openBracket byte
	if i > 0 && (body[i-1] == ')' || body[i-1] == ']') {
		openBracket = '('
		if body[i-1] == ']' {
			openBracket = '['
		}
		i--
	}
	total, j := readNumberBack(body, i)
	i = j
	if i == 0 || body[i-1] != '/' {
		return c, false
	}
	i--
	for i > 0 && body[i-1] == ' ' {
		i--
	}
	n, j := readNumberBack(body, i)
	if j == i {
		return c, false
	}
	i = j
	if openBracket != 0 {
		if i == 0 || body[i-1] != openBracket {
			return c, false
		}
		i--
	}
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(body[:i])
		if !unicode.IsSpace(r) && !isPunct(r) {
			return c, false // "and/or 24/7" or "a1/2"
		}
	}
	c.n, c.total = n, total
	if c.n == 0 || (c.total != 0 && c.n > c.total) {
		return c, false
	}
	c.cut = i
	return c, true
}

// readNumber reads one to three digits at s[i:].
func readNumber(s string, i int) (int, int) {
	n, j := 0, i
	for j < len(s) && j-i < 3 && s[j] >= '0' && s[j] <= '9' {
		n = n*10 + int(s[j]-'0')
		j++
	}
	if j < len(s) && s[j] >= '0' && s[j] <= '9' {
		return 0, i // four digits: a year or an amount
	}
	return n, j
}

// readNumberBack reads one to three digits ending at s[:i].
func readNumberBack(s string, i int) (int, int) {
	j := i
	for j > 0 && i-j < 3 && s[j-1] >= '0' && s[j-1] <= '9' {
		j--
	}
	if j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
		return 0, i
	}
	n := 0
	for k := j; k < i; k++ {
		n = n*10 + int(s[k]-'0')
	}
	return n, j
}

// consistent returns the counters that number a thread: at least two,
// all "n/" or all "n.", increasing, with one total; "n." must count 1, 2, 3…
func consistent(cs []counter) []counter {
	var slash, dot []counter
	for _, c := range cs {
		if c.dot {
			dot = append(dot, c)
		} else {
			slash = append(slash, c)
		}
	}
	if ok := len(slash) >= 2; ok {
		total := 0
		for k, c := range slash {
			if k > 0 && c.n <= slash[k-1].n {
				ok = false
			}
			if c.total != 0 {
				if total != 0 && c.total != total {
					ok = false
				}
				total = c.total
			}
		}
		if ok {
			return slash
		}
	}
	if len(dot) >= 2 && dot[0].n == 1 {
		for k, c := range dot {
			if c.n != k+1 {
				return nil
			}
		}
		return dot
	}
	return nil
}

// stripCounters removes the thread counters that number the posts.
func stripCounters(posts []string) []string {
	var lead, trail []counter
	for i, p := range posts {
		p = strings.TrimSpace(p)
		posts[i] = p
		if c, ok := leadingCounter(p); ok {
			c.index = i
			lead = append(lead, c)
		}
		if c, ok := trailingCounter(p); ok {
			c.index = i
			trail = append(trail, c)
		}
	}
	for _, c := range consistent(lead) {
		posts[c.index] = posts[c.index][c.cut:]
	}
	for _, c := range consistent(trail) {
		p := posts[c.index]
		// The leading cut may have shortened the post; the counter is at its end.
		if c2, ok := trailingCounter(p); ok {
			p = strings.TrimRightFunc(p[:c2.cut], unicode.IsSpace)
			if c2.suffix != "" {
				p += " " + c2.suffix
			}
			posts[c.index] = p
		}
	}
	return posts
}
