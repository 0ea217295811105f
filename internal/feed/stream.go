package feed

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"

	"jixiao/internal/publish"
)

// document is an XML file written as it is made: the header, a root
// element, the elements inside it one at a time, and the root's end tag at
// Close. Its bytes are those of xml.Encoder with two-space indentation
// encoding the whole document at once, plus a final newline.
type document struct {
	name string // for errors
	f    io.WriteCloser
	buf  *bufio.Writer
	enc  *xml.Encoder
	root xml.StartElement
}

// create starts the file name of out (streamed, see publish.Stream) and
// writes the header and root's start tag.
func create(out publish.Output, name string, root xml.StartElement) (*document, error) {
	f, err := publish.Stream(out, name)
	if err != nil {
		return nil, err
	}
	d := &document{name: name, f: f, buf: bufio.NewWriterSize(f, 64<<10), root: root}
	// The encoder flushes after each element; hiding d.buf's type keeps
	// the encoder from flushing through it (NewEncoder reuses a
	// *bufio.Writer), so the file gets large writes, not one per element.
	d.enc = xml.NewEncoder(struct{ io.Writer }{d.buf})
	d.enc.Indent("", "  ")
	d.buf.WriteString(xml.Header)
	if err := d.enc.EncodeToken(root); err != nil {
		d.f.Close()
		return nil, d.failed(err)
	}
	return d, nil
}

// element writes v as the element <name>, inside the root.
func (d *document) element(name string, v any) error {
	return d.failed(d.enc.EncodeElement(v, xml.StartElement{Name: xml.Name{Local: name}}))
}

// failed names the file in err, if any.
func (d *document) failed(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", d.name, err)
}

// Close ends the root element and the file. It closes the file even after
// an error, which leaves the file incomplete.
func (d *document) Close() error {
	err := d.enc.EncodeToken(d.root.End())
	if err == nil {
		err = d.enc.Close()
	}
	if err == nil {
		d.buf.WriteByte('\n')
		err = d.buf.Flush()
	}
	if cerr := d.f.Close(); err == nil {
		err = cerr
	}
	return d.failed(err)
}
