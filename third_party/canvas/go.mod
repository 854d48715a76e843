module github.com/tdewolff/canvas

go 1.23.0

require (
	github.com/ByteArena/poly2tri-go v0.0.0-20170716161910-d102ad91854f
	github.com/benoitkugler/textprocessing v0.0.3
	github.com/go-fonts/latin-modern v0.3.3
	github.com/go-text/typesetting v0.3.0
	github.com/srwiley/rasterx v0.0.0-20220730225603-2ab79fcdd4ef
	github.com/srwiley/scanx v0.0.0-20190309010443-e94503791388
	github.com/tdewolff/font v0.0.0-20250430140153-b654fd8acba3
	github.com/tdewolff/minify/v2 v2.23.4
	github.com/tdewolff/parse/v2 v2.8.0
	golang.org/x/image v0.27.0
	golang.org/x/net v0.40.0
	golang.org/x/text v0.25.0
	star-tex.org/x/tex v0.7.1
)

require (
	codeberg.org/go-pdf/fpdf v0.11.0 // indirect
	github.com/andybalholm/brotli v1.1.1 // indirect
	github.com/benoitkugler/textlayout v0.3.0 // indirect
	github.com/golang/freetype v0.0.0-20170609003504-e2365dfdc4a0 // indirect
	github.com/srwiley/oksvg v0.0.0-20221011165216-be6e8873101c // indirect
	github.com/srwiley/scanFT v0.0.0-20220128184157-0d1ee492111f // indirect
	modernc.org/knuth v0.5.4 // indirect
	modernc.org/token v1.1.0 // indirect
)
