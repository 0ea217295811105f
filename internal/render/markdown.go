package render

import (
	"bytes"
	"html"
	"html/template"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// markdown renders the narrative of a project: CommonMark with GFM tables,
// strikethrough, task lists and autolinks, CJK line breaking, and no raw
// HTML (goldmark leaves it out unless told otherwise). The safety
// transformer below keeps only links a reader can follow safely.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.CJK),
	goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(safety{}, 0))),
)

// Markdown renders Markdown source to HTML that is safe to put in a page.
func Markdown(src []byte) (template.HTML, error) {
	var buf bytes.Buffer
	if err := markdown.Convert(src, &buf); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // the output of goldmark without WithUnsafe
}

// safety rewrites the narrative's tree:
//   - a link whose URL has a scheme other than http, https, mailto or tel
//     (javascript:, data:, vbscript:, file: …) becomes its text;
//   - an image from another host becomes a link to it, since pages load
//     nothing from elsewhere (and the Content-Security-Policy would block it);
//   - headings go one level down: the page's h1 is the project's name and
//     the narrative sits under an h2.
type safety struct{}

func (safety) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var unwrap []ast.Node
	var remote []*ast.Image
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+1, 6)
		case *ast.Link:
			if !SafeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkURL && !SafeURL(string(n.URL(src))) {
				unwrap = append(unwrap, n)
			}
		case *ast.Image:
			if !SafeURL(string(n.Destination)) {
				unwrap = append(unwrap, n)
			} else if schemeOf(string(n.Destination)) != "" {
				remote = append(remote, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		if a, ok := n.(*ast.AutoLink); ok {
			a.Parent().ReplaceChild(a.Parent(), a, ast.NewString(a.URL(src)))
			continue
		}
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			n.Parent().InsertBefore(n.Parent(), n, c)
			c = next
		}
		n.Parent().RemoveChild(n.Parent(), n)
	}
	for _, img := range remote {
		link := ast.NewLink()
		link.Destination = img.Destination
		link.Title = img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			link.AppendChild(link, c)
			c = next
		}
		if !link.HasChildren() {
			link.AppendChild(link, ast.NewString([]byte("图片")))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}

var scheme = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):`)

// schemeOf returns the lower-case scheme of a URL as a browser reads it
// (with character references decoded, ignoring tabs and line breaks
// anywhere and control characters and spaces around it), or "" for a
// relative URL.
func schemeOf(u string) string {
	u = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, html.UnescapeString(u))
	u = strings.TrimFunc(u, func(r rune) bool { return r <= ' ' })
	if m := scheme.FindStringSubmatch(u); m != nil {
		return strings.ToLower(m[1])
	}
	return ""
}

// SafeURL reports whether a link may point at u: a relative URL, or one
// whose scheme is http, https, mailto or tel.
func SafeURL(u string) bool {
	switch schemeOf(u) {
	case "", "http", "https", "mailto", "tel":
		return true
	}
	return false
}
