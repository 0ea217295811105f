package serve

import (
	"bytes"
	"embed"
	"html/template"
	"mime"
	"net"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"jixiao/internal/diag"
	"jixiao/internal/site"
)

// The dev server's own files live under Prefix, a path no site can have:
// load skips content whose name starts with "_", and static files are
// under /static/.
const (
	Prefix     = "/_jixiao/"
	ScriptPath = Prefix + "livereload.js"
	StylePath  = Prefix + "overlay.css"
	EventsPath = Prefix + "events"
)

// client holds the live-reload script and the overlay's stylesheet. They
// are embedded here, not in the built-in static/, so that no built site
// ever has them.
//
//go:embed client
var client embed.FS

// ServeHTTP answers GET and HEAD requests: the site's pages, static and
// generated files from memory, the 404 page for anything else, and the
// dev server's own files under Prefix.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !s.opts.AnyHost && !loopbackHost(r.Host) {
		http.Error(w, "403 forbidden: not a loopback host name", http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case ScriptPath:
		s.serveClient(w, "client/livereload.js", "text/javascript; charset=utf-8")
		return
	case StylePath:
		s.serveClient(w, "client/overlay.css", "text/css; charset=utf-8")
		return
	case EventsPath:
		s.hub.serveEvents(w, r)
		return
	}
	st := s.cur.Load()
	name, ok := cleanPath(r.URL)
	if !ok {
		s.notFound(w, st)
		return
	}
	if st == nil {
		s.errorPage(w, nil, s.hub.currentProblems())
		return
	}
	if pg := st.plan.Page(name); pg != nil {
		s.servePage(w, st, pg, http.StatusOK)
		return
	}
	if pg := st.plan.Page(name + "/index.html"); pg != nil && path.Ext(name) == "" {
		u := url.URL{Path: pg.URL, RawQuery: r.URL.RawQuery}
		http.Redirect(w, r, u.String(), http.StatusFound)
		return
	}
	if data, ok := st.plan.Static(name); ok {
		serveBytes(w, data, contentType(name))
		return
	}
	data, ok, err := st.plan.Generated(name)
	switch {
	case err != nil:
		s.logf("%v\n", err)
		s.errorPage(w, st, []diag.Diagnostic{errorDiag(err)})
	case ok:
		serveBytes(w, data, contentType(name))
	default:
		s.notFound(w, st)
	}
}

func (s *Server) serveClient(w http.ResponseWriter, name, ctype string) {
	data, err := client.ReadFile(name)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	serveBytes(w, data, ctype)
}

// servePage renders a page and serves it with the script injected.
func (s *Server) servePage(w http.ResponseWriter, st *state, pg *site.Page, status int) {
	data, err := st.render(pg)
	if err != nil {
		s.logf("%v\n", err)
		s.errorPage(w, st, []diag.Diagnostic{errorDiag(err)})
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	body := inject(data, s.scriptTag(st))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// notFound serves the site's 404 page with status 404.
func (s *Server) notFound(w http.ResponseWriter, st *state) {
	if st != nil {
		if pg := st.plan.Page("404.html"); pg != nil {
			s.servePage(w, st, pg, http.StatusNotFound)
			return
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

func serveBytes(w http.ResponseWriter, data []byte, ctype string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// scriptTag is the tag that loads the live-reload script, naming the
// server and the version of the page.
func (s *Server) scriptTag(st *state) []byte {
	var v uint64
	if st != nil {
		v = st.version
	}
	return []byte(`<script src="` + ScriptPath + `" data-server="` + s.hub.id +
		`" data-version="` + strconv.FormatUint(v, 10) + `" defer></script>`)
}

// inject puts tag before the page's last </body>, or at its end.
func inject(page, tag []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:i]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[i:]...)
}

// cleanPath turns a request's path into the name of a file of the site
// ("2023/a/index.html"). It refuses what no file of the site is at:
// ".." or "." segments (also percent-encoded), encoded slashes,
// backslashes, NUL, and empty segments ("//etc/passwd"). Files are served
// from memory only, so this is a second line of defence.
func cleanPath(u *url.URL) (string, bool) {
	p := u.Path
	raw := strings.ToLower(u.RawPath)
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") ||
		strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") || strings.Contains(raw, "%00") {
		return "", false
	}
	name := p[1:]
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "", false
		}
	}
	return name, true
}

// pageURL turns the path a tab shows into the URL of its page:
// "/2023/a/index.html" → "/2023/a/".
func pageURL(p string) string {
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if strings.HasSuffix(p, "/index.html") {
		p = strings.TrimSuffix(p, "index.html")
	}
	return p
}

var types = map[string]string{
	".html": "text/html; charset=utf-8",
	".css":  "text/css; charset=utf-8",
	".js":   "text/javascript; charset=utf-8",
	".json": "application/json",
	".xml":  "application/xml; charset=utf-8",
	".txt":  "text/plain; charset=utf-8",
	".csv":  "text/csv; charset=utf-8",
	".svg":  "image/svg+xml",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".gz":   "application/gzip",
	".bin":  "application/octet-stream",
}

func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return "application/octet-stream"
}

// loopbackHost reports whether a Host header names this machine:
// localhost, 127.0.0.0/8 or ::1, with or without a port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// templateError finds the layout and line in an error of html/template:
// "template: layouts/project.html:12:5: executing …".
var templateError = regexp.MustCompile(`template: ([^:\s]+\.html):(\d+)(?::(\d+))?`)

// errorDiag makes a diagnostic of an error of the build that is not one:
// a template error names its layout and line.
func errorDiag(err error) diag.Diagnostic {
	d := diag.Diagnostic{Severity: diag.Error, Rule: "build", Message: err.Error()}
	if m := templateError.FindStringSubmatch(d.Message); m != nil {
		d.Rule, d.Path = "template", m[1]
		d.Line, _ = strconv.Atoi(m[2])
		d.Col, _ = strconv.Atoi(m[3])
	}
	return d
}

var errorTemplate = template.Must(template.New("").Parse(`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>网站生成失败 - jixiao serve</title>
<link rel="stylesheet" href="` + StylePath + `">
</head>
<body class="jixiao-error-page">
<main>
<h1>网站生成失败</h1>
<p>修正下列问题并保存后，页面会自动刷新。Fix these and save: the page reloads by itself.</p>
<ol class="jixiao-problems">
{{- range .}}
<li><span class="jixiao-where">{{.Path}}{{if .Line}}:{{.Line}}{{if .Col}}:{{.Col}}{{end}}{{end}}</span> <span class="jixiao-rule">{{.Severity}} {{.Rule}}</span><pre class="jixiao-message">{{.Message}}</pre></li>
{{- end}}
</ol>
</main>
</body>
</html>
`))

// errorPage answers 500 with the problems, for a page that cannot be
// shown at all; the script reloads it once they are fixed.
func (s *Server) errorPage(w http.ResponseWriter, st *state, problems []diag.Diagnostic) {
	var buf bytes.Buffer
	errorTemplate.Execute(&buf, problems)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	w.Write(inject(buf.Bytes(), s.scriptTag(st)))
}
