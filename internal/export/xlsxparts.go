package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"strconv"
	"strings"
)

// parts writes the entries of the zip one after another through one
// buffer. They carry no time, so the same workbook always gives the same
// bytes, and are compressed at zipLevel: by one compressor, reset for
// each, or before, for the sheets (writeRaw).
type parts struct {
	zw *zip.Writer
	bw *bufio.Writer
}

// zipLevel is the compression of the workbook: the sheets of a large site
// are hundreds of megabytes of XML, which the default level took seconds to
// compress; BestSpeed takes a fraction of that for a file somewhat larger.
const zipLevel = flate.BestSpeed

func newParts(w io.Writer) *parts {
	zw := zip.NewWriter(w)
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		if fw == nil {
			var err error
			fw, err = flate.NewWriter(w, zipLevel)
			return fw, err
		}
		fw.Reset(w)
		return fw, nil
	})
	return &parts{zw: zw, bw: bufio.NewWriterSize(nil, 64<<10)}
}

// create ends the entry being written and starts the next.
func (p *parts) create(name string) error {
	if err := p.bw.Flush(); err != nil {
		return err
	}
	w, err := p.zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	p.bw.Reset(w)
	return nil
}

func (p *parts) close() error {
	if err := p.bw.Flush(); err != nil {
		return err
	}
	return p.zw.Close()
}

// The parts of the workbook's zip besides its sheets, in the order they
// are written: what a spreadsheet needs to find the sheets, the document
// properties and the one style of the header. Sheet i (from 0) is
// xl/worksheets/sheet{i+1}.xml, with relationship rId{i+1}.

const (
	xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
	nsMain    = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
	nsRel     = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsPkgRel  = "http://schemas.openxmlformats.org/package/2006/relationships"
)

func sheetPath(i int) string { return "xl/worksheets/sheet" + strconv.Itoa(i+1) + ".xml" }

func contentTypes(sheets int) []byte {
	b := []byte(xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
		`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for i := range sheets {
		b = fmt.Appendf(b, `<Override PartName="/%s" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, sheetPath(i))
	}
	return append(b, `</Types>`...)
}

const rootRels = xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">` +
	`<Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="` + nsPkgRel + `/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="` + nsRel + `/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appProps = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">` +
	`<Application>jixiao</Application></Properties>`

// coreProps are the document's properties; date is its created and
// modified date, in W3CDTF.
func coreProps(title, date string) []byte {
	b := []byte(xmlHeader + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"` +
		` xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"` +
		` xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>`)
	b = appendXML(b, title, false)
	return fmt.Appendf(b, `</dc:title><dc:creator>jixiao</dc:creator><cp:lastModifiedBy>jixiao</cp:lastModifiedBy>`+
		`<dc:language>zh-CN</dc:language><dcterms:created xsi:type="dcterms:W3CDTF">%s</dcterms:created>`+
		`<dcterms:modified xsi:type="dcterms:W3CDTF">%[1]s</dcterms:modified></cp:coreProperties>`, date)
}

func workbook(sheets []*sheet) []byte {
	b := []byte(xmlHeader + `<workbook xmlns="` + nsMain + `" xmlns:r="` + nsRel + `">` +
		`<bookViews><workbookView/></bookViews><sheets>`)
	for i, sh := range sheets {
		b = append(b, `<sheet name="`...)
		b = appendXML(b, sh.name, false)
		b = fmt.Appendf(b, `" sheetId="%d" r:id="rId%[1]d"/>`, i+1)
	}
	return append(b, `</sheets></workbook>`...)
}

func workbookRels(sheets int) []byte {
	b := []byte(xmlHeader + `<Relationships xmlns="` + nsPkgRel + `">`)
	for i := range sheets {
		b = fmt.Appendf(b, `<Relationship Id="rId%d" Type="`+nsRel+`/worksheet" Target="%s"/>`, i+1, strings.TrimPrefix(sheetPath(i), "xl/"))
	}
	b = fmt.Appendf(b, `<Relationship Id="rId%d" Type="`+nsRel+`/styles" Target="styles.xml"/>`, sheets+1)
	return append(b, `</Relationships>`...)
}

// styles has the default cell format and, as cellXfs 1, the header's:
// bold, filled DCE6F2, centred vertically and wrapped.
const styles = xmlHeader + `<styleSheet xmlns="` + nsMain + `">` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F2"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1" applyAlignment="1">` +
	`<alignment vertical="center" wrapText="1"/></xf></cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`

// writeRaw ends the entry being written and writes the next, name, from
// data compressed already: head, then the stream of rest, which reads as
// its continuation (see flushed).
func (p *parts) writeRaw(name string, head flushed, rest *deflated) error {
	if err := p.bw.Flush(); err != nil {
		return err
	}
	w, err := p.zw.CreateRaw(&zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		CRC32:              crc32Combine(crc32.ChecksumIEEE(head.plain), rest.crc, rest.size),
		CompressedSize64:   uint64(int64(len(head.deflated)) + rest.out.size),
		UncompressedSize64: uint64(int64(len(head.plain)) + rest.size),
	})
	if err != nil {
		return err
	}
	p.bw.Reset(w)
	if _, err := p.bw.Write(head.deflated); err != nil {
		return err
	}
	_, err = p.bw.ReadFrom(rest.out)
	return err
}

// deflated compresses what is written to it into a spool, at zipLevel,
// counting the CRC-32 and the length of what was written, which the
// zip's entry gives.
type deflated struct {
	fw   *flate.Writer
	out  *spool
	crc  uint32
	size int64
}

func newDeflated(out *spool) (*deflated, error) {
	fw, err := flate.NewWriter(out, zipLevel)
	if err != nil {
		return nil, err
	}
	return &deflated{fw: fw, out: out}, nil
}

func (d *deflated) Write(p []byte) (int, error) {
	d.crc = crc32.Update(d.crc, crc32.IEEETable, p)
	d.size += int64(len(p))
	return d.fw.Write(p)
}

// close ends the compressed stream and makes the spool read from its
// start.
func (d *deflated) close() error {
	if err := d.fw.Close(); err != nil {
		return err
	}
	return d.out.rewind()
}

// flushed is data with its compressed form, which ends where the
// compressor flushed (a sync flush, on a byte boundary, in no final
// block): another compressed stream may follow it, and the two decompress
// as one.
type flushed struct{ plain, deflated []byte }

func deflateHead(plain []byte) (flushed, error) {
	var b bytes.Buffer
	fw, err := flate.NewWriter(&b, zipLevel)
	if err != nil {
		return flushed{}, err
	}
	if _, err := fw.Write(plain); err != nil {
		return flushed{}, err
	}
	if err := fw.Flush(); err != nil {
		return flushed{}, err
	}
	return flushed{plain, b.Bytes()}, nil
}

// crc32Combine is the CRC-32 (IEEE) of a followed by b, from that of a,
// that of b and the length of b: zlib's crc32_combine. Appending n zero
// bits to a message is a linear map of its CRC, over GF(2); it is applied
// for the length of b by repeated squaring.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	var even, odd [32]uint32 // the maps for 2^k zero bits, k even and odd
	odd[0] = crc32.IEEE      // one zero bit
	for n, row := 1, uint32(1); n < 32; n, row = n+1, row<<1 {
		odd[n] = row
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four
	for {
		// A byte is eight zero bits: the first square gives one byte.
		gf2Square(&even, &odd)
		if lenB&1 != 0 {
			crcA = gf2Times(&even, crcA)
		}
		if lenB >>= 1; lenB == 0 {
			break
		}
		gf2Square(&odd, &even)
		if lenB&1 != 0 {
			crcA = gf2Times(&odd, crcA)
		}
		if lenB >>= 1; lenB == 0 {
			break
		}
	}
	return crcA ^ crcB
}

// gf2Times is the matrix mat, of 32 columns, times the vector vec.
func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

// gf2Square sets square to mat times mat.
func gf2Square(square, mat *[32]uint32) {
	for n := range mat {
		square[n] = gf2Times(mat, mat[n])
	}
}
