package export

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strconv"
	"strings"
)

// parts writes the entries of the zip one after another through one
// buffer. They carry no time, so the same workbook always gives the same
// bytes, and are compressed at zipLevel, by one compressor reset for each;
// the sheets' rows come compressed already (writeRaw).
type parts struct {
	zw *zip.Writer
	bw *bufio.Writer
	// head compresses the sheets' heads. It is not the zip's compressor,
	// which still holds the entry before when a head is compressed: the
	// zip closes that entry only at CreateRaw, which needs the head's size.
	head *flate.Writer
}

// zipLevel is the compression of the workbook: the sheets of a large site
// are hundreds of megabytes of XML, which the default level took seconds to
// compress; BestSpeed takes a fraction of that for a file somewhat larger.
const zipLevel = flate.BestSpeed

func newParts(w io.Writer) *parts {
	zw := zip.NewWriter(w)
	var fw *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) { return reuse(&fw, w) })
	return &parts{zw: zw, bw: bufio.NewWriterSize(nil, 64<<10)}
}

// reuse returns *fw reset to write to w, making it the first time.
func reuse(fw **flate.Writer, w io.Writer) (*flate.Writer, error) {
	if *fw == nil {
		var err error
		*fw, err = flate.NewWriter(w, zipLevel)
		return *fw, err
	}
	(*fw).Reset(w)
	return *fw, nil
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

// writeRaw ends the entry being written and writes the next, name, a
// sheet: head, the sheet's XML before its rows, which it compresses, and
// then what rest compressed, read from r. The head's compressed stream
// ends where the compressor flushed (a sync flush, on a byte boundary, in
// no final block), so that rest's stream, which refers to nothing before
// it, follows it as if one. Like the entries the zip's own compressor
// writes, it has a data descriptor, which holds the sizes of an entry
// past 4 GiB.
func (p *parts) writeRaw(name string, head []byte, rest *deflater, r io.Reader) error {
	if err := p.bw.Flush(); err != nil {
		return err
	}
	var b bytes.Buffer
	fw, err := reuse(&p.head, &b)
	if err != nil {
		return err
	}
	if _, err := fw.Write(head); err != nil {
		return err
	}
	if err := fw.Flush(); err != nil {
		return err
	}
	fh := &zip.FileHeader{
		Name:               name,
		Method:             zip.Deflate,
		Flags:              0x8, // a data descriptor follows the data
		CreatorVersion:     zipVersion20,
		ReaderVersion:      zipVersion20,
		CRC32:              crc32Combine(crc32.ChecksumIEEE(head), rest.crc, rest.plain),
		CompressedSize64:   uint64(int64(b.Len()) + rest.deflated),
		UncompressedSize64: uint64(int64(len(head)) + rest.plain),
	}
	if fh.CompressedSize64 >= math.MaxUint32 || fh.UncompressedSize64 >= math.MaxUint32 {
		fh.ReaderVersion = zipVersion45 // zip64, as archive/zip marks its own
	}
	w, err := p.zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	p.bw.Reset(w)
	if _, err := p.bw.Write(b.Bytes()); err != nil {
		return err
	}
	// The sizes and CRC are declared already: what is copied must be what
	// rest wrote.
	n, err := p.bw.ReadFrom(r)
	if err == nil && n != rest.deflated {
		err = scratchErr(fmt.Errorf("读回 %d 字节，写入 %d 字节 [%d compressed bytes read back of %d written]", n, rest.deflated, n, rest.deflated))
	}
	return err
}

// The versions of the zip format an entry needs (APPNOTE 4.4.3).
const (
	zipVersion20 = 20 // deflate
	zipVersion45 = 45 // zip64
)

// deflater compresses what is written to it into an io.Writer at
// zipLevel, counting the CRC-32 and length of what was written to it and
// the length of what it wrote, which the zip's entry gives.
type deflater struct {
	fw       *flate.Writer // nil once closed: it holds a megabyte
	crc      uint32
	plain    int64 // written to it
	deflated int64 // written by it
}

func newDeflater(w io.Writer) (*deflater, error) {
	d := new(deflater)
	fw, err := flate.NewWriter(counter{w, &d.deflated}, zipLevel)
	if err != nil {
		return nil, err
	}
	d.fw = fw
	return d, nil
}

func (d *deflater) Write(p []byte) (int, error) {
	d.crc = crc32.Update(d.crc, crc32.IEEETable, p)
	d.plain += int64(len(p))
	return d.fw.Write(p)
}

// close ends the compressed stream and lets go of the compressor.
func (d *deflater) close() error {
	err := d.fw.Close()
	d.fw = nil
	return err
}

// counter counts into n the bytes written through it to w.
type counter struct {
	w io.Writer
	n *int64
}

func (c counter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

// crc32Combine is the CRC-32 (IEEE) of a followed by b, from that of a,
// that of b and the length of b: zlib's crc32_combine. Appending n zero
// bits to a message is a linear map of its CRC, over GF(2); it is applied
// for the length of b by repeated squaring.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	// The maps of appending zeros: 1, 2 and 4 bits at first, then in the
	// loop 1, 2, 4 … bytes, even and odd taking turns.
	var even, odd [32]uint32
	odd[0] = crc32.IEEE // one zero bit
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
