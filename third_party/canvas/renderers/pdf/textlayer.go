package pdf

// The text layer (Carousel Studio patch): copy, search and text extraction
// give back the source text even where shaping made glyphs that are not one
// character each. Every glyph drawn as a single character's cluster maps to
// that character in the font's ToUnicode CMap, learned from the text it was
// shaped from rather than by reverse cmap lookup (which gave presentation
// forms for Arabic, "ɩ" for Greek iota and the wrong character for glyphs a
// font shares between code points). Clusters that are not one glyph for
// their text (ligatures the CMap cannot hold consistently, Indic conjuncts
// and reordered vowel signs, marks) are wrapped in marked content with an
// /ActualText of the cluster's text, as PDF 1.5 defines for this purpose.
// Inline objects that stand for text (emoji images) get their text the same
// way, over an invisible glyph so that viewers see text there.

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tdewolff/canvas"
	canvasText "github.com/tdewolff/canvas/text"
)

// learnGlyph records that glyph id of font stands for s. It reports false
// when the glyph already stands for other text.
func (w *pdfWriter) learnGlyph(font *canvas.Font, id uint16, s string) bool {
	m := w.toUnicode[font]
	if m == nil {
		m = map[uint16]string{}
		w.toUnicode[font] = m
	}
	if prev, ok := m[id]; ok {
		return prev == s
	}
	m[id] = s
	return true
}

// glyphText is what a glyph of font maps to in its ToUnicode CMap.
func (w *pdfWriter) glyphText(font *canvas.Font, id uint16) string {
	if s, ok := w.toUnicode[font][id]; ok {
		return s
	}
	if r := rune(font.SFNT.Cmap.ToUnicode(id)); r != 0 {
		return string(r)
	}
	return ""
}

// utf16Hex is s in big-endian UTF-16 as hex digits.
func utf16Hex(s string) string {
	var b strings.Builder
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	return b.String()
}

// beginActualText starts a marked-content sequence whose text is s.
func (w *pdfPageWriter) beginActualText(s string) {
	fmt.Fprintf(w, " /Span <</ActualText <FEFF%s>>> BDC", utf16Hex(s))
}

func (w *pdfPageWriter) endActualText() {
	fmt.Fprintf(w, " EMC")
}

// glyphCluster is a run of glyphs of one cluster and the text it stands for.
type glyphCluster struct {
	glyphs []canvasText.Glyph
	text   string
}

// spanClusters splits the glyphs of a span into clusters with their text.
// A span's text is the source text from its first cluster on.
func spanClusters(span canvas.TextSpan) []glyphCluster {
	var starts []int
	base := -1
	for _, g := range span.Glyphs {
		if g.Cluster == canvas.HyphenCluster {
			continue
		}
		c := int(g.Cluster)
		if base < 0 || c < base {
			base = c
		}
		starts = append(starts, c)
	}
	sort.Ints(starts)
	end := func(c int) int {
		i := sort.SearchInts(starts, c+1)
		if i < len(starts) {
			return starts[i]
		}
		// the last cluster: up to the span's end, without the line break or
		// the spaces at a line's end, which draw no glyph; a space's own
		// cluster keeps its first character
		e := base + len(span.Text)
		_, first := utf8.DecodeRuneInString(span.Text[c-base:])
		for e > c+first {
			r, n := utf8.DecodeLastRuneInString(span.Text[:e-base])
			if !canvasText.IsNewline(r) && !canvasText.IsParagraph(r) && !canvasText.IsSpace(r) {
				break
			}
			e -= n
		}
		return e
	}
	var out []glyphCluster
	for i := 0; i < len(span.Glyphs); {
		g := span.Glyphs[i]
		j := i + 1
		for j < len(span.Glyphs) && span.Glyphs[j].Cluster == g.Cluster {
			j++
		}
		cl := glyphCluster{glyphs: span.Glyphs[i:j]}
		if g.Cluster != canvas.HyphenCluster && base >= 0 {
			a, b := int(g.Cluster)-base, end(int(g.Cluster))-base
			if 0 <= a && a <= b && b <= len(span.Text) {
				cl.text = span.Text[a:b]
			}
		}
		out = append(out, cl)
		i = j
	}
	return out
}

// writeSpanText writes the glyphs of a text span, wrapping the clusters
// whose glyphs do not spell their text in /ActualText marked content.
func (r *PDF) writeSpanText(mode canvas.WritingMode, span canvas.TextSpan) {
	w := r.w
	font := span.Face.Font
	clusters := spanClusters(span)
	plain := func(cl glyphCluster) bool {
		if cl.glyphs[0].Cluster == canvas.HyphenCluster {
			return true // a hyphen at a line break: "-", joined by readers
		}
		if len(cl.glyphs) == 1 {
			return w.pdf.learnGlyph(font, cl.glyphs[0].ID, cl.text)
		}
		if span.Direction == canvasText.RightToLeft {
			return false
		}
		var s strings.Builder
		for _, g := range cl.glyphs {
			s.WriteString(w.pdf.glyphText(font, g.ID))
		}
		return s.String() == cl.text
	}
	start := 0
	var run []canvasText.Glyph
	flush := func() {
		if len(run) > 0 {
			w.WriteText(mode, run)
			run = nil
		}
	}
	for i, cl := range clusters {
		if plain(cl) {
			if len(run) == 0 {
				start = i
			}
			run = append(run[:len(run):len(run)], cl.glyphs...)
			continue
		}
		flush()
		w.beginActualText(cl.text)
		w.WriteText(mode, cl.glyphs)
		w.endActualText()
	}
	_ = start
	flush()
}

// writeObjectText puts the text of an inline object over it: an invisible
// space stretched to the object's width, inside /ActualText of the text.
func (r *PDF) writeObjectText(face *canvas.FontFace, m canvas.Matrix, x, y, width float64, s string) {
	font := face.Font
	id := font.SFNT.GlyphIndex(' ')
	adv := float64(font.SFNT.GlyphAdvance(id)) * face.Size / float64(font.SFNT.Head.UnitsPerEm)
	if adv <= 0 || width <= 0 {
		return
	}
	w := r.w
	w.beginActualText(s)
	w.StartTextObject()
	w.SetFont(font, face.Size, canvasText.LeftToRight)
	w.SetTextPosition(m.Translate(x, y))
	w.SetTextRenderMode(3) // invisible
	fmt.Fprintf(w, " %v Tz", dec(100*width/adv))
	w.pdf.learnGlyph(font, id, " ")
	w.WriteText(canvas.HorizontalTB, []canvasText.Glyph{{SFNT: font.SFNT, Size: face.Size, ID: id, XAdvance: int32(font.SFNT.GlyphAdvance(id)), Text: ' '}})
	fmt.Fprintf(w, " 100 Tz")
	w.EndTextObject()
	w.endActualText()
}

// subsettable says whether the font subsetter can embed a subset of font:
// it cannot rewrite the subroutines of CID-keyed CFF fonts with several
// font dictionaries (Noto CJK), and failed with "only single-font CFFs are
// supported".
func subsettable(font *canvas.Font) bool {
	sfnt := font.SFNT
	return !(sfnt.IsCFF && sfnt.CFF != nil && sfnt.CFF.TopDICT() != nil && sfnt.CFF.TopDICT().IsCID)
}

// renderTextAsPath draws a span of a font that cannot be embedded as its
// glyph outlines, with its text over it in the text-layer font.
func (r *PDF) renderTextAsPath(mode canvas.WritingMode, span canvas.TextSpan, m canvas.Matrix, x, y float64) {
	p, err := span.Face.GlyphsToPath(span.Glyphs)
	if err != nil {
		panic(err)
	}
	style := canvas.DefaultStyle
	style.Fill = span.Face.Fill
	r.RenderPath(p, style, m.Translate(x, y).Shear(span.Face.FauxItalic, 0.0))
	if r.opts.TextLayerFont == nil || mode != canvas.HorizontalTB || strings.TrimSpace(span.Text) == "" {
		return
	}
	face := r.opts.TextLayerFont.Face(span.Face.Size*ptPerMm, canvas.Black)
	r.writeObjectText(face, m, x, y, span.Width, strings.TrimRight(span.Text, "\n\r\u2028\u2029"))
}
