package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"io/fs"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sortedZip is the zip writer of the workbook: excelize writes the sheets
// of its stream writers in the order of a map, so sortedZip compresses
// each entry into memory as it comes and writes them all, in name order,
// on Close. The entries carry no time, so the same workbook always gives
// the same bytes.
type sortedZip struct {
	w       io.Writer
	entries []*zipEntry
}

type zipEntry struct {
	name string
	crc  uint32
	size uint64
	data bytes.Buffer // deflated
	fw   *flate.Writer
}

// zipLevel is the compression of the workbook: the sheets of a large site
// are hundreds of megabytes of XML, which the default level took seconds to
// compress; BestSpeed takes a fraction of that for a file somewhat larger.
const zipLevel = flate.BestSpeed

func newSortedZip(w io.Writer) excelize.ZipWriter { return &sortedZip{w: w} }

func (z *sortedZip) Create(name string) (io.Writer, error) {
	e := &zipEntry{name: name}
	fw, err := flate.NewWriter(&e.data, zipLevel)
	if err != nil {
		return nil, err
	}
	e.fw = fw
	z.entries = append(z.entries, e)
	return e, nil
}

func (e *zipEntry) Write(p []byte) (int, error) {
	e.crc = crc32.Update(e.crc, crc32.IEEETable, p)
	e.size += uint64(len(p))
	return e.fw.Write(p)
}

// AddFS is not used by excelize's writer.
func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.ErrInvalid
}

func (z *sortedZip) Close() error {
	slices.SortFunc(z.entries, func(a, b *zipEntry) int { return strings.Compare(a.name, b.name) })
	zw := zip.NewWriter(z.w)
	for _, e := range z.entries {
		if err := e.fw.Close(); err != nil {
			return err
		}
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name: e.name, Method: zip.Deflate,
			CRC32: e.crc, CompressedSize64: uint64(e.data.Len()), UncompressedSize64: e.size,
		})
		if err != nil {
			return err
		}
		if _, err := e.data.WriteTo(w); err != nil {
			return err
		}
	}
	return zw.Close()
}
