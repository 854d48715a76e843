// SPDX-License-Identifier: MIT

package carousel

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// CaptionLength counts a caption as the platforms do, in characters
// (Unicode code points), after trimming surrounding space.
func CaptionLength(text string) int {
	return utf8.RuneCountInString(strings.TrimSpace(text))
}

// maxInstagramHashtags is Instagram's limit of hashtags in one caption.
const maxInstagramHashtags = 30

// CheckCaption checks a caption against the platform's limits. Errors are
// EINVALID on field "caption", saying by how much it is over.
func CheckCaption(platform, text string) error {
	pl, ok := PublishPlatformByName(platform)
	if !ok {
		return FieldError("platform", "unknown platform %q (linkedin, instagram, threads, tiktok)", platform)
	}
	if !utf8.ValidString(text) {
		return FieldError("caption", "the caption is not valid UTF-8")
	}
	if n := CaptionLength(text); n > pl.CaptionLimit {
		return FieldError("caption", "%s captions may have at most %d characters; this one has %d (%d too many)", pl.Label, pl.CaptionLimit, n, n-pl.CaptionLimit)
	}
	if platform == Instagram {
		if n := len(Hashtags(text)); n > maxInstagramHashtags {
			return FieldError("caption", "Instagram takes at most %d hashtags in a caption; this one has %d", maxInstagramHashtags, n)
		}
	}
	return nil
}

// Hashtags returns the hashtags of text in order, with their "#", as the
// platforms find them: "#" after a space or at the start, then letters,
// digits, marks or underscores, at least one of them not a digit.
func Hashtags(text string) []string {
	var tags []string
	rs := []rune(text)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '#' || (i > 0 && isTagRune(rs[i-1])) {
			continue
		}
		j := i + 1
		letter := false
		for j < len(rs) && isTagRune(rs[j]) {
			if !unicode.IsDigit(rs[j]) {
				letter = true
			}
			j++
		}
		if j > i+1 && letter {
			tags = append(tags, string(rs[i:j]))
		}
		i = j - 1
	}
	return tags
}

func isTagRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// DefaultCaption drafts a caption for a platform from the thread: the
// first post (the hook), then the thread's hashtags that the hook does not
// already carry, cut on a word boundary to fit the platform's limit.
func DefaultCaption(t *Thread, platform string) string {
	pl, ok := PublishPlatformByName(platform)
	if !ok {
		pl.CaptionLimit = 500
	}
	var hook string
	for i := range t.Posts {
		if t.Posts[i].Placeholder != "" {
			continue
		}
		if hook = strings.TrimSpace(t.Posts[i].PlainText()); hook != "" {
			break
		}
	}
	seen := map[string]bool{}
	for _, tag := range Hashtags(hook) {
		seen[strings.ToLower(tag)] = true
	}
	var extra []string
	for i := range t.Posts {
		for _, tag := range Hashtags(t.Posts[i].PlainText()) {
			if k := strings.ToLower(tag); !seen[k] && len(extra) < 5 {
				seen[k] = true
				extra = append(extra, tag)
			}
		}
	}
	tags := strings.Join(extra, " ")
	room := pl.CaptionLimit
	if tags != "" {
		room -= utf8.RuneCountInString(tags) + 2
	}
	caption := shorten(hook, room)
	if tags != "" && room > 0 {
		if caption != "" {
			caption += "\n\n"
		}
		caption += tags
	}
	return caption
}

// shorten cuts text to at most limit characters on a word boundary,
// ending it with "…" when it was cut.
func shorten(text string, limit int) string {
	if limit <= 0 {
		return ""
	}
	rs := []rune(text)
	if len(rs) <= limit {
		return text
	}
	cut := limit - 1
	for i := cut; i > limit/2; i-- {
		if unicode.IsSpace(rs[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(rs[:cut]), unicode.IsSpace) + "…"
}
