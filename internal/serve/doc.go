// Package serve is the dev server of `jixiao serve`: it previews a site
// from memory while its files are edited, and makes the open pages reload
// when what they show changes. It runs the pipeline of package build
// (load → check → plan → render), incrementally, and never writes a file.
//
// # Model
//
// The server keeps the site as read (every project file, loaded and
// checked, with its diagnostics) and a state: a build.Plan and the pages
// rendered from it so far. Pages, data files, feeds and indexes are made
// on the first request and kept, so a rebuild costs little however large
// the site: an edit of one project file re-reads and re-checks that file,
// applies the site-wide rules, plans the page graph again and swaps in a
// new state, which keeps the rendered pages the edit did not change. The
// edited project's page, its department, unit and year (before and after
// the edit), the home page, the indexes of departments and units, the
// search and data pages, and every generated file are made again when
// next asked for. A change of site.toml, layouts/ or static/, or a site
// with layouts of its own (which may show anything anywhere), changes
// every page.
//
// A rebuild that finds errors the served pages were not made with — a
// TOML syntax error, a failed check, a template error — keeps the last
// good state and shows the errors over every open page and in the
// terminal; the fix clears them. Errors that were there before (a file
// broken long ago) are shown too, but do not stop other edits from
// showing.
//
// # Browser
//
// Every HTML page is served with one added tag before </body>:
//
//	<script src="/_jixiao/livereload.js" data-server="ID" data-version="N" defer></script>
//
// The script (embedded in this package, never in a build) subscribes to
// /_jixiao/events with the page's path and version (see events.go for the
// messages), reloads when told to, and lays the problems of a failed
// rebuild over the page with /_jixiao/overlay.css; both work under the
// pages' Content-Security-Policy. It reconnects when the server goes away
// and reloads when a restarted server answers.
//
// # Safety
//
// The server answers GET and HEAD only, and by default only to loopback
// host names. It serves nothing from disk directly: pages, static and
// generated files come from the plan in memory, read through an os.Root of
// the site (so no symbolic link leads out of it), and request paths with
// "..", encoded slashes or backslashes are refused. Event streams are
// capped (Options.MaxStreams) and end when the server closes.
package serve
