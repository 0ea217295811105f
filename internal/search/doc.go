// Package search builds the index behind the site's /search/ page: Chinese
// full-text search that runs in the reader's browser, with no search server,
// no third-party service and no dictionary. The build writes the index as
// static files beside the pages ([WriteEach]); static/search.js reads the few
// of them a query needs.
//
// # What a query finds
//
// Text is compared after [Normalize], which maps each code point to one code
// point: full-width forms U+FF01–FF5E become ASCII, U+3000 becomes a space,
// A–Z become a–z. Word characters are ASCII letters and digits and the CJK
// scripts (Han, kana, hangul, bopomofo; the exact ranges are in text.go);
// everything else separates. The terms of a query ([Terms]) are its runs of
// word characters: "2023年 党建、助餐" has the terms 2023年, 党建 and 助餐.
//
// A project is a result when every term is a substring of one of its
// indexed fields: name, code, department, unit, the two goals, each
// indicator name, and the Markdown narrative ([Fields]). A term must lie
// inside a single field: "经费吴泾" does not match a name ending in 经费 and a
// department starting with 吴泾. [Matches] is this definition as a plain
// scan; the tests check the index and the JavaScript against it. A query
// without terms finds nothing, unless a filter is set: then it lists every
// project the filters select.
//
// Results are ordered by the sum, over the terms, of the best field class
// each occurs in — name, then code/department/unit, then goals and
// indicator names, then narrative — then, for a query of several terms,
// those that contain the terms as one phrase ("社区 党校" → 社区党校) before
// those where they are scattered, then by year, newest first, then by name.
//
// # Tokens
//
// [Tokenize] gives every character and every pair of adjacent characters
// of each run of word characters ("2023年" → 2 20 0 02 2 23 3 3年 年).
// Latin letters and digits are cut like Chinese rather than into words,
// because a query is matched as a substring: "2023" must find the code
// 2024-JY-120230 and "38次" the goal "开展活动38次", which whole-word tokens
// cannot. testdata/search/tokenize.json holds the cases that the Go and the
// JavaScript tokenizers must both pass.
//
// # How a term is looked up
//
// A term of one or two characters is one token: its posting list is the
// answer, and the class mask stored with each posting tells the best class.
// A longer term is the intersection of its pairs' lists, which may hold
// documents where the pairs are scattered; so pairs also have positions
// (the offset of each occurrence within its class's text), and a document
// is kept only when pairs line up: pair o at p+o. Pairs that cover every
// character of the term are enough, chosen for the fewest bytes of
// positions. The answer is exact, so the browser shows exactly what the
// scan finds.
//
// # Files
//
// Under search/index/ ([DefaultDir]), all written in sorted order, the same
// bytes for the same projects:
//
//	meta.json            {version, docs, shards, chunk, years, categories}
//	departments.json     [{name, slug}], the options of the department filter
//	p/<shard>.bin        posting lists of the tokens whose hash is <shard>
//	x/<shard>.bin        their positions, for pairs
//	d/<n>.json           rows of documents n·chunk …: [name, url, department,
//	                     unit, code, category, year, total 万元]
//	g/<n>.json.gz        their goals and indicator names, joined by "\n"
//	n/<n>.json.gz        their narratives
//
// Documents are numbered in result tie order: year descending, then name,
// then URL. A token's shard is FNV-1a-32 of its UTF-8 bytes modulo the shard
// count, a power of two chosen so that a shard holds about 4 KB of
// postings; every shard has a p/ file, so a lookup never meets a 404.
// Besides characters and pairs the shards hold filter tokens, "!y:2023",
// "!d:<department name or slug>" and "!c:<category>", listing the documents
// of each year, department and category.
//
// A p/ file is a table and then the posting lists. The table is a uvarint
// count and, for each token in byte order: uvarint length, the token's
// UTF-8 bytes, then uvarints df (documents), k (Rice parameter of the
// document gaps), mask (the list's most common class mask), the list's byte
// length, pk (Rice parameter of position gaps) and the positions' byte
// length (0 but for pairs). The lists follow in table order, and the x/ file
// holds the positions in the same order. Each list is a bit stream, most
// significant bit first, padded to a byte:
//
//	posting:  rice(k, doc − previous doc − 1), then 0 for the common mask,
//	          or 1 and the 4-bit mask (bit c: the token occurs in class c)
//	position: for each posting, for each class in its mask, in order:
//	          gamma(count), then rice(pk, position − previous − 1) each
//
// where rice(k, v) is v>>k one bits, a zero bit and v's low k bits, and
// gamma(v) is Elias gamma (see bits.go). Positions count code points in
// the class's fields joined by "\n" (classTexts), which no token spans.
//
// d/ holds what a result shows; g/ and n/ hold text for the snippet under
// it, gzipped, read with the browser's DecompressionStream — where that is
// missing, results show without snippets. A result takes its snippet from
// its goals when a term is there, else from its narrative.
//
// # Size
//
// On the 10,000 projects of the shared benchmark generator the index is
// about 2.6 KB per project, half of it pair positions; the first page of a
// typical two-character query reads about 33 KB (BenchmarkIndex10k). Long
// phrases made of common pairs read more: their positions.
//
// # The page
//
// static/search.js expects, on the page at /search/ (layouts/search.html):
//
//	<form id="search-form" action="/search/" method="get" role="search">
//	  <input id="q" name="q" type="search">
//	  <select id="f-year" name="year"><option value="">全部年度</option>…</select>
//	  <select id="f-department" name="department"><option value="">…</option>…</select>
//	  <select id="f-category" name="category"><option value="">…</option>…</select>
//	</form>
//	<p id="search-status" aria-live="polite"></p>
//	<ol id="search-results"></ol>
//	<noscript>搜索需要 JavaScript … a link to the department index</noscript>
//
// and loads the script with <script src="/static/search.js" defer>. It
// reads the index from index/ under the form's action, or from the form's
// data-index attribute. A select whose only option is the empty one is
// filled from the index; a layout may render the options itself, with
// years, department slugs (or names) and categories as values. The query
// and filters are the URL's q, year, department and category, so a result
// page is a link; the script restores them on load and keeps the URL up
// to date with history.replaceState. Each result is an
// <li class="search-result"> with an <h2> link, a <p class="search-meta">
// (department · unit · code · year · category · total) and, when found, a
// <p class="search-snippet"> starting with a <span class="search-field">;
// matched text is in <mark>. A <button id="search-more"> after the list
// shows 20 more. The list has aria-busy="true" while a search runs. The
// script uses no inline code or styles, so it runs under
// Content-Security-Policy: default-src 'self'; script-src 'self'.
//
// # In the build
//
// A caller that streams its projects makes a [Builder] with its output
// (which has WriteFile), each department's name and slug in the site's
// order, and a folder for scratch files; then it adds the projects one at
// a time, in the order of their [Key] — year, newest first, then name,
// then URL — which Add checks, and lets each go:
//
//	b := search.NewBuilder(out, search.Options{Departments: depts}, tmpDir)
//	defer b.Close()
//	for each project p, in Key order {
//		if err := b.Add(p); err != nil { … }
//	}
//	err := b.Finish()
//
// [WriteEach] does the same, asking for each project in turn: the site
// build, which has let go of its projects by then, gives them from its
// temporary file of encoded projects, in the order that [Order] gave
// while it held them.
//
// # Bounded memory
//
// A Builder keeps no project and no posting list whole, so that its
// memory does not grow with the projects' text. Add hands blocks of 32
// consecutive documents to one worker per CPU, which writes the blocks'
// chunk files (d/, g/, n/) and turns their text into posting records, one
// per token and block (indexer.records in block.go). Every 4 MiB of
// records becomes a run of a scratch spool (spool.go) — in memory up to
// 4 MiB, then in a file of the scratch folder, unlinked at once — grouped
// by the token's hash modulo 256. Finish works in two passes, as the
// shard count depends on the length of every posting list: on every CPU,
// it reads one group at a time from all the runs (in parts of at most
// 2 MiB when it can), merges each token's records, which are in document
// order already, and spools the encoded lists, sorted by token; then,
// knowing the shard count, it reads them back a group at a time — a
// shard's tokens are all in one group, or in whole groups when there are
// fewer than 256 shards — and writes the shards. On the shared benchmark
// corpus the scratch files take about 4 KB a project, then 2 KB.
//
// Fed that corpus one parsed file at a time (TestBenchBuilderMemory, run
// with JIXIAO_BENCH=1), the heap of the Builder and the parsing peaked at
// about 27, 40 and 55 MiB in use for 10,000, 50,000 and 100,000 projects,
// 13, 16 and 22 MiB of it live, besides the 180 bytes a project that the
// caller kept to sort them. What grows is the longest lists: Finish holds
// the records and the x/ file of the most common pair (about 20 bytes a
// project) at once. A Builder is quicker, too, than building the lists in
// memory was: 0.9 s against 2.1 s for 10,000 projects on 2 CPUs, 1.8 s of
// CPU time against 4.1 s (BenchmarkBuilder10k), a quarter of it
// compressing g/ and n/.
package search
