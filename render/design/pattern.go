// SPDX-License-Identifier: MIT

package design

import (
	"image/color"
	"math"

	"github.com/tdewolff/canvas"
)

// Pattern is a background pattern a user can choose.
type Pattern struct {
	Name, Description string
}

// patternSpec is how a pattern draws and how strong it is by default. The
// default opacity assumes the pattern is drawn in the theme's Text colour
// and keeps it well below the text in contrast.
type patternSpec struct {
	Pattern
	opacity float64
	draw    func(ctx *canvas.Context, a area, col color.RGBA)
}

// area is the rectangle to fill, with one design px (unit) and the density.
type area struct {
	w, h, unit, density float64
}

// spacing is the pattern's natural step of base design px, divided by the
// density and widened if the area would need more than max marks, so that
// a dense setting on a big area stays cheap.
func (a area) spacing(base float64, max int) float64 {
	s := base * a.unit / a.density
	if n := (a.w / s) * (a.h / s); n > float64(max) {
		s *= math.Sqrt(n / float64(max))
	}
	return s
}

var patternSpecs = []patternSpec{
	{Pattern{"none", "A plain background."}, 0, nil},
	{Pattern{"dots", "A quiet grid of small round dots."}, 0.15, drawDots},
	{Pattern{"grid", "Fine graph-paper lines."}, 0.08, drawGrid},
	{Pattern{"diagonal", "Thin diagonal pinstripes."}, 0.07, drawDiagonal},
	{Pattern{"waves", "Gentle parallel wavy lines."}, 0.10, drawWaves},
	{Pattern{"grain", "A soft paper grain of tiny specks."}, 0.15, drawGrain},
	{Pattern{"gradient", "A soft glow of colour fading from the top-left corner."}, 0.14, drawGradient},
	{Pattern{"checks", "A faint checkerboard."}, 0.03, drawChecks},
	{Pattern{"cross", "Small plus signs on a grid, like a blueprint."}, 0.13, drawCross},
	{Pattern{"topography", "Contour lines like a topographic map."}, 0.10, drawTopography},
}

// Patterns lists the background patterns, "none" first.
var Patterns = func() []Pattern {
	ps := make([]Pattern, len(patternSpecs))
	for i, s := range patternSpecs {
		ps[i] = s.Pattern
	}
	return ps
}()

// PatternByName returns the pattern with that name.
func PatternByName(name string) (Pattern, bool) {
	if s, ok := specByName(name); ok {
		return s.Pattern, true
	}
	return Pattern{}, false
}

func specByName(name string) (patternSpec, bool) {
	for _, s := range patternSpecs {
		if s.Name == name {
			return s, true
		}
	}
	return patternSpec{}, false
}

// DrawPattern draws the named pattern over the w×h area at the context's
// origin (canvas units, mm, y up) in colour c. unit is one design px in mm
// (slide width / 360). density scales the spacing (1 is natural; clamped to
// 0.25–4, 0 means 1); opacity is the pattern's alpha (0 means its default).
// c is normally the theme's Text colour, for which the default opacities
// are tuned to sit well below the text. Unknown names and empty areas draw
// nothing. The context's style is left
// as it was. Everything is vector and deterministic: dots are round-capped
// strokes of near-zero length, which keep PDFs small and fast.
func DrawPattern(ctx *canvas.Context, name string, w, h, unit, density, opacity float64, c color.RGBA) {
	spec, ok := specByName(name)
	if !ok || spec.draw == nil || !(w > 0 && h > 0 && unit > 0) || math.IsInf(w+h+unit, 0) {
		return
	}
	if !(density > 0) { // also catches NaN
		density = 1
	}
	density = math.Max(0.25, math.Min(4, density))
	if !(opacity > 0) {
		opacity = spec.opacity
	}
	opacity = math.Min(1, opacity)
	ctx.Push()
	defer ctx.Pop()
	ctx.ResetStyle()
	spec.draw(ctx, area{w, h, unit, density}, translucent(c, opacity))
}

// stroke draws p as a stroke of width sw.
func stroke(ctx *canvas.Context, p *canvas.Path, col color.RGBA, sw float64, capper canvas.Capper) {
	if p.Empty() {
		return
	}
	ctx.SetFillColor(canvas.Transparent)
	ctx.SetStrokeColor(col)
	ctx.SetStrokeWidth(sw)
	ctx.SetStrokeCapper(capper)
	ctx.SetStrokeJoiner(canvas.RoundJoin)
	ctx.DrawPath(0, 0, p)
}

// fill fills p.
func fill(ctx *canvas.Context, p *canvas.Path, col color.RGBA) {
	if p.Empty() {
		return
	}
	ctx.SetStrokeColor(canvas.Transparent)
	ctx.SetFillColor(col)
	ctx.DrawPath(0, 0, p)
}

// centred returns the positions of a lattice of step s over [0, length],
// centred so both margins are equal and at least s/2.
func centred(length, s float64) []float64 {
	n := int(length / s)
	if n < 1 {
		n = 1
	}
	start := (length - float64(n-1)*s) / 2
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = start + float64(i)*s
	}
	return xs
}

// grain is the grid marks snap to: 0.01 mm, under a twentieth of a pixel
// of a 1080-px slide. The PDF renderer prints coordinates in mm with eight
// significant digits, so unrounded marks cost about twice the bytes.
const grain = 0.01

func snap(v float64) float64 {
	return math.Round(v/grain) * grain
}

// dotLen is the length of a dot's stroke: round caps make it a disc.
const dotLen = grain

func drawDots(ctx *canvas.Context, a area, col color.RGBA) {
	s := a.spacing(16, 6000)
	r := math.Min(1.1*a.unit, 0.25*s)
	p := &canvas.Path{}
	for _, y := range centred(a.h, s) {
		for _, x := range centred(a.w, s) {
			p.MoveTo(snap(x), snap(y))
			p.LineTo(snap(x+dotLen), snap(y))
		}
	}
	stroke(ctx, p, col, 2*r, canvas.RoundCap)
}

func drawGrid(ctx *canvas.Context, a area, col color.RGBA) {
	s := a.spacing(24, 4000)
	p := &canvas.Path{}
	for _, x := range centred(a.w, s) {
		p.MoveTo(snap(x), snap(0))
		p.LineTo(snap(x), snap(a.h))
	}
	for _, y := range centred(a.h, s) {
		p.MoveTo(snap(0), snap(y))
		p.LineTo(snap(a.w), snap(y))
	}
	stroke(ctx, p, col, 0.6*a.unit, canvas.ButtCap)
}

func drawDiagonal(ctx *canvas.Context, a area, col color.RGBA) {
	s := a.spacing(12, 4000) * math.Sqrt2 // horizontal step of 45° lines s apart
	p := &canvas.Path{}
	// Lines y = x + b, from the bottom-right corner (b = -w) to the top-left (b = h).
	for b := -a.w + math.Mod(a.w+a.h, s)/2; b < a.h; b += s {
		x0, x1 := math.Max(0, -b), math.Min(a.w, a.h-b)
		if x1-x0 <= 0 {
			continue
		}
		p.MoveTo(snap(x0), snap(x0+b))
		p.LineTo(snap(x1), snap(x1+b))
	}
	stroke(ctx, p, col, 0.6*a.unit, canvas.ButtCap)
}

func drawWaves(ctx *canvas.Context, a area, col color.RGBA) {
	s := a.spacing(18, 4000)
	amp := math.Min(2.5*a.unit, s/4)
	wave := 44 * a.unit
	k := 2 * math.Pi / wave
	// Cubic Hermite spans a quarter wave long follow a sine to within 0.2 %
	// of its amplitude, with a quarter of the points of sampling it.
	step := wave / 4
	p := &canvas.Path{}
	for _, y0 := range centred(a.h, s) {
		y := func(x float64) float64 { return y0 + amp*math.Sin(k*x) }
		dy := func(x float64) float64 { return amp * k * math.Cos(k*x) }
		p.MoveTo(0, snap(y(0)))
		for x0 := 0.0; x0 < a.w; x0 += step {
			x1 := math.Min(x0+step, a.w)
			d := (x1 - x0) / 3
			p.CubeTo(snap(x0+d), snap(y(x0)+d*dy(x0)), snap(x1-d), snap(y(x1)-d*dy(x1)), snap(x1), snap(y(x1)))
		}
	}
	stroke(ctx, p, col, 0.7*a.unit, canvas.ButtCap)
}

// rng is splitmix64: tiny, and fixed forever, so grain never changes
// between versions or platforms.
type rng uint64

func (r *rng) float() float64 {
	*r += 0x9e3779b97f4a7c15
	z := uint64(*r)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return float64(z>>11) / (1 << 53)
}

func drawGrain(ctx *canvas.Context, a area, col color.RGBA) {
	// One speck per cell at a random place (jittered grid): even like paper,
	// never clumped. Three sizes, one path each.
	s := a.spacing(10, 3000)
	sizes := [3]float64{0.55 * a.unit, 0.8 * a.unit, 1.1 * a.unit}
	var paths [3]*canvas.Path
	for i := range paths {
		paths[i] = &canvas.Path{}
	}
	r := rng(20240611)
	for y := 0.0; y+s <= a.h+1e-9; y += s {
		for x := 0.0; x+s <= a.w+1e-9; x += s {
			keep, px, py, k := r.float(), r.float(), r.float(), r.float()
			if keep < 0.35 {
				continue
			}
			size := 0
			if k > 0.55 {
				size = 1
			}
			if k > 0.88 {
				size = 2
			}
			m := sizes[size] / 2
			cx := x + m + px*(s-2*m)
			cy := y + m + py*(s-2*m)
			paths[size].MoveTo(snap(cx), snap(cy))
			paths[size].LineTo(snap(cx+dotLen), snap(cy))
		}
	}
	for i, p := range paths {
		stroke(ctx, p, col, sizes[i], canvas.RoundCap)
	}
}

func drawGradient(ctx *canvas.Context, a area, col color.RGBA) {
	// PDF shadings in canvas carry no alpha, so the fade is a stack of
	// translucent bands, each a step of under 1/255 in colour.
	const bands = 48
	peak := float64(col.A) / 255
	dir := canvas.Point{X: 1, Y: -1}.Norm(1) // away from the top-left corner
	reach := (a.w + a.h) / math.Sqrt2 * 0.85 // where the glow has faded out
	rect := []canvas.Point{{X: 0, Y: 0}, {X: a.w, Y: 0}, {X: a.w, Y: a.h}, {X: 0, Y: a.h}}
	origin := canvas.Point{X: 0, Y: a.h}
	for i := 0; i < bands; i++ {
		t0, t1 := float64(i)/bands, float64(i+1)/bands
		mid := (t0 + t1) / 2
		alpha := peak * (1 - mid) * (1 - mid)
		poly := clipHalfPlane(rect, origin, dir, t0*reach, true)
		if i < bands-1 {
			poly = clipHalfPlane(poly, origin, dir, t1*reach, false)
		}
		if len(poly) < 3 || alpha*255 < 0.5 {
			continue
		}
		p := &canvas.Path{}
		p.MoveTo(snap(poly[0].X), snap(poly[0].Y))
		for _, q := range poly[1:] {
			p.LineTo(snap(q.X), snap(q.Y))
		}
		p.Close()
		fill(ctx, p, translucent(col, alpha))
	}
}

// clipHalfPlane keeps the part of the convex polygon where the distance
// along dir from origin is ≥ d (above) or ≤ d (!above): one
// Sutherland–Hodgman step.
func clipHalfPlane(poly []canvas.Point, origin, dir canvas.Point, d float64, above bool) []canvas.Point {
	side := func(q canvas.Point) float64 {
		v := q.Sub(origin).Dot(dir) - d
		if !above {
			v = -v
		}
		return v
	}
	var out []canvas.Point
	for i, cur := range poly {
		prev := poly[(i+len(poly)-1)%len(poly)]
		sc, sp := side(cur), side(prev)
		if (sc >= 0) != (sp >= 0) {
			t := sp / (sp - sc)
			out = append(out, prev.Add(cur.Sub(prev).Mul(t)))
		}
		if sc >= 0 {
			out = append(out, cur)
		}
	}
	return out
}

func drawChecks(ctx *canvas.Context, a area, col color.RGBA) {
	s := a.spacing(20, 4000)
	// Centre the board so both edges cut squares equally.
	x0 := math.Mod(a.w/2, 2*s) - 2*s
	y0 := math.Mod(a.h/2, 2*s) - 2*s
	p := &canvas.Path{}
	for j := 0; y0+float64(j)*s < a.h; j++ {
		for i := j % 2; x0+float64(i)*s < a.w; i += 2 {
			xa, ya := math.Max(0, x0+float64(i)*s), math.Max(0, y0+float64(j)*s)
			xb, yb := math.Min(a.w, x0+float64(i+1)*s), math.Min(a.h, y0+float64(j+1)*s)
			if xb <= xa || yb <= ya {
				continue
			}
			p.MoveTo(snap(xa), snap(ya))
			p.LineTo(snap(xb), snap(ya))
			p.LineTo(snap(xb), snap(yb))
			p.LineTo(snap(xa), snap(yb))
			p.Close()
		}
	}
	fill(ctx, p, col)
}

func drawCross(ctx *canvas.Context, a area, col color.RGBA) {
	s := a.spacing(24, 3000)
	arm := math.Min(3*a.unit, s/4)
	p := &canvas.Path{}
	for _, y := range centred(a.h, s) {
		for _, x := range centred(a.w, s) {
			p.MoveTo(snap(x-arm), snap(y))
			p.LineTo(snap(x+arm), snap(y))
			p.MoveTo(snap(x), snap(y-arm))
			p.LineTo(snap(x), snap(y+arm))
		}
	}
	stroke(ctx, p, col, 0.7*a.unit, canvas.ButtCap)
}

func drawTopography(ctx *canvas.Context, a area, col color.RGBA) {
	// Rings around a summit right of centre, each the same wobbly shape
	// scaled up: scaling never makes two rings cross, as contours must not.
	s := a.spacing(16, 400)
	cx, cy := 0.68*a.w, 0.4*a.h
	far := math.Hypot(math.Max(cx, a.w-cx), math.Max(cy, a.h-cy)) / 0.72 // the wobble dips to 0.72
	p := &canvas.Path{}
	var pts []canvas.Point
	for k := 1; ; k++ {
		base := float64(k)*s + 0.4*s
		if base > far {
			break
		}
		drift := 0.9 * float64(k) * s / far // the shape turns slowly outwards
		n := max(24, int(2*math.Pi*base/(14*a.unit)))
		pts = pts[:0]
		for i := 0; i <= n; i++ {
			th := 2 * math.Pi * float64(i) / float64(n)
			r := base * (1 + 0.13*math.Sin(2*th+0.6+drift) + 0.08*math.Sin(3*th+2.1-drift) + 0.05*math.Sin(5*th+4.0+0.5*drift))
			pts = append(pts, canvas.Point{X: cx + r*math.Cos(th), Y: cy + 0.9*r*math.Sin(th)})
		}
		smoothClipped(p, pts, a.w, a.h)
	}
	stroke(ctx, p, col, 0.6*a.unit, canvas.ButtCap)
}

// smoothClipped appends to p the polyline pts clipped to [0,w]×[0,h],
// each inside run drawn as a smooth Catmull-Rom curve through its points.
func smoothClipped(p *canvas.Path, pts []canvas.Point, w, h float64) {
	var run []canvas.Point
	flush := func() {
		catmullRom(p, run)
		run = run[:0]
	}
	for i := 0; i+1 < len(pts); i++ {
		a, b, ok := clipSegment(pts[i], pts[i+1], w, h)
		if !ok {
			flush()
			continue
		}
		if len(run) == 0 || run[len(run)-1] != a {
			flush()
			run = append(run, a)
		}
		run = append(run, b)
		if b != pts[i+1] { // left the area
			flush()
		}
	}
	flush()
}

// clipSegment clips the segment ab to [0,w]×[0,h] (Liang–Barsky).
func clipSegment(a, b canvas.Point, w, h float64) (canvas.Point, canvas.Point, bool) {
	t0, t1 := 0.0, 1.0
	d := b.Sub(a)
	for _, e := range [4][2]float64{{-d.X, a.X}, {d.X, w - a.X}, {-d.Y, a.Y}, {d.Y, h - a.Y}} {
		pe, q := e[0], e[1]
		if pe == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		t := q / pe
		if pe < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return a, b, false
		}
	}
	ca, cb := a, b
	if t0 > 0 {
		ca = a.Add(d.Mul(t0))
	}
	if t1 < 1 {
		cb = a.Add(d.Mul(t1))
	}
	return ca, cb, true
}

// catmullRom appends a curve through pts: each span a cubic whose tangents
// come from the neighbouring points.
func catmullRom(p *canvas.Path, pts []canvas.Point) {
	if len(pts) < 2 {
		return
	}
	p.MoveTo(snap(pts[0].X), snap(pts[0].Y))
	if len(pts) == 2 {
		p.LineTo(snap(pts[1].X), snap(pts[1].Y))
		return
	}
	for i := 0; i+1 < len(pts); i++ {
		p0, p1, p2 := pts[max(i-1, 0)], pts[i], pts[i+1]
		p3 := pts[min(i+2, len(pts)-1)]
		c1 := p1.Add(p2.Sub(p0).Mul(1.0 / 6))
		c2 := p2.Sub(p3.Sub(p1).Mul(1.0 / 6))
		p.CubeTo(snap(c1.X), snap(c1.Y), snap(c2.X), snap(c2.Y), snap(p2.X), snap(p2.Y))
	}
}
