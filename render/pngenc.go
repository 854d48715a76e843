// SPDX-License-Identifier: MIT

package render

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
)

// encodeOpaquePNG writes an opaque RGBA image as an 8-bit RGB PNG using the
// Up filter on every row. Slides are opaque and mostly flat, so this
// compresses about as well as image/png, which tries five filters per row
// and spends most of its time there.
func encodeOpaquePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return err
	}
	row := make([]byte, 1+3*width)
	prev := make([]byte, 3*width)
	cur := make([]byte, 3*width)
	row[0] = 2 // Up
	for y := 0; y < height; y++ {
		src := img.Pix[img.PixOffset(b.Min.X, b.Min.Y+y):]
		for x, i := 0, 0; x < width; x, i = x+1, i+4 {
			cur[3*x], cur[3*x+1], cur[3*x+2] = src[i], src[i+1], src[i+2]
		}
		for i := range cur {
			row[1+i] = cur[i] - prev[i]
		}
		if _, err := zw.Write(row); err != nil {
			return err
		}
		prev, cur = cur, prev
	}
	if err := zw.Close(); err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, RGB
	writeChunk(bw, "IHDR", ihdr)
	writeChunk(bw, "IDAT", idat.Bytes())
	writeChunk(bw, "IEND", nil)
	return bw.Flush()
}

func writeChunk(w *bufio.Writer, kind string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	w.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	w.WriteString(kind)
	w.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	w.Write(n[:])
}
