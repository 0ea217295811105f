package export

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// parts writes the entries of the zip one after another through one
// buffer. They carry no time, so the same workbook always gives the same
// bytes, and are compressed at zipLevel by one compressor, reset for each.
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
