/*
 * jixiao search: the client of the index that internal/search writes (its
 * doc.go describes the files and what a query finds). Plain ES2017, no
 * framework, no eval, no inline code or styles: it runs under
 * Content-Security-Policy: default-src 'self'; script-src 'self'.
 *
 * Page contract (layouts/search.html):
 *
 *   <form id="search-form" action="/search/" method="get" role="search">
 *     <input id="q" name="q" type="search">
 *     <select id="f-year" name="year">             <option value="">…</option></select>
 *     <select id="f-department" name="department"> <option value="">…</option></select>
 *     <select id="f-category" name="category">     <option value="">…</option></select>
 *   </form>
 *   <p id="search-status" aria-live="polite"></p>
 *   <ol id="search-results"></ol>
 *   <noscript>…search needs JavaScript; see the department index…</noscript>
 *
 * The index is read from "index/" under the form's action (/search/index/),
 * or from the form's data-index attribute. A select whose only option is
 * the empty one is filled from the index; option values are years,
 * department slugs (or names) and categories. The query and the filters
 * live in the URL (?q=党建&year=2023&department=wujing&category=…): the page
 * restores them on load and rewrites them with history.replaceState.
 *
 * Results are <li class="search-result"> holding an <h2> with the project's
 * link, a <p class="search-meta"> and, once its text has arrived, a
 * <p class="search-snippet">; matched text is in <mark>. A
 * <button id="search-more"> after the list shows more. The list has
 * aria-busy="true" while a search runs.
 *
 * For tests and tools: window.jixiaoSearch = {normalize, terms, tokenize,
 * open(base), query(q, filters)}.
 */
(function () {
  'use strict';

  // ---- Text: exactly as internal/search/text.go ----

  function fold(cp) {
    if (cp >= 0xff01 && cp <= 0xff5e) cp -= 0xfee0;
    else if (cp === 0x3000) cp = 0x20;
    if (cp >= 0x41 && cp <= 0x5a) cp += 0x20;
    return cp;
  }

  // Every mapping of fold stays in the BMP, so a normalised string has the
  // same length and offsets, in UTF-16 units, as the original.
  function normalize(s) {
    let out = '';
    for (const ch of s) out += String.fromCodePoint(fold(ch.codePointAt(0)));
    return out;
  }

  const WORD_RANGES = [
    [0x30, 0x39], [0x61, 0x7a],
    [0x3005, 0x3005], [0x3007, 0x3007],
    [0x3041, 0x3096], [0x30a1, 0x30fa], [0x30fc, 0x30ff],
    [0x3105, 0x312f],
    [0x3400, 0x4dbf], [0x4e00, 0x9fff],
    [0xac00, 0xd7a3], [0xf900, 0xfaff],
    [0x20000, 0x323af],
  ];

  function isWord(cp) {
    for (const [lo, hi] of WORD_RANGES) {
      if (cp < lo) return false;
      if (cp <= hi) return true;
    }
    return false;
  }

  // terms returns the runs of word characters of the normalised text.
  function terms(s) {
    const out = [];
    let cur = '';
    for (const ch of normalize(s)) {
      if (isWord(ch.codePointAt(0))) {
        cur += ch;
      } else if (cur) {
        out.push(cur);
        cur = '';
      }
    }
    if (cur) out.push(cur);
    return out;
  }

  // tokenize returns every character and every adjacent pair of each run.
  function tokenize(s) {
    const out = [];
    for (const run of terms(s)) {
      const cs = Array.from(run);
      for (let i = 0; i < cs.length; i++) {
        out.push(cs[i]);
        if (i + 1 < cs.length) out.push(cs[i] + cs[i + 1]);
      }
    }
    return out;
  }

  // ---- The index files ----

  const NUM_CLASSES = 4; // name, header, goals, narrative
  const MASK_BITS = 4;
  const FORMAT_VERSION = 1;
  const utf8 = new TextEncoder();
  const utf8Decoder = new TextDecoder();

  class BitReader {
    constructor(bytes) {
      this.bytes = bytes;
      this.pos = 0;
    }
    byte(i) {
      const b = this.bytes[i];
      if (b === undefined) throw new Error('search index: bit stream ends early');
      return b;
    }
    bit() {
      const b = (this.byte(this.pos >> 3) >> (7 - (this.pos & 7))) & 1;
      this.pos++;
      return b;
    }
    bits(n) {
      let v = 0;
      while (n > 0) {
        const left = 8 - (this.pos & 7); // bits left in this byte
        const take = Math.min(left, n);
        const chunk = (this.byte(this.pos >> 3) >> (left - take)) & ((1 << take) - 1);
        v = v * (1 << take) + chunk;
        this.pos += take;
        n -= take;
      }
      return v;
    }
    gamma() {
      let n = 0;
      while (this.bit() === 0) n++;
      return 2 ** n + this.bits(n);
    }
    rice(k) {
      let q = 0;
      for (;;) {
        const left = 8 - (this.pos & 7);
        const zeros = ~this.byte(this.pos >> 3) & ((1 << left) - 1); // the zero bits left, as ones
        if (zeros === 0) {
          q += left;
          this.pos += left;
          continue;
        }
        const ones = left - (32 - Math.clz32(zeros)); // before the first zero
        q += ones;
        this.pos += ones + 1;
        break;
      }
      return q * 2 ** k + this.bits(k);
    }
  }

  function fnv1a(s) {
    let h = 0x811c9dc5;
    for (const b of utf8.encode(s)) {
      h ^= b;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  function lowestBit(mask) {
    for (let c = 0; c < NUM_CLASSES; c++) if (mask & (1 << c)) return c;
    return NUM_CLASSES;
  }

  // cover returns the offsets of the pairs of a term, of least total
  // weight, that cover each of its characters: pair o covers characters o
  // and o+1, so the first and the last pair are in, and no two pairs in a
  // row are out. weights[o] is the size of pair o's positions.
  function cover(weights) {
    const n = weights.length;
    const best = []; // least weight of a cover of 0…o+1 that takes pair o
    const prev = []; // the pair taken before o in it
    for (let o = 0; o < n; o++) {
      best[o] = weights[o];
      prev[o] = -1;
      if (o >= 1) {
        best[o] = weights[o] + best[o - 1];
        prev[o] = o - 1;
      }
      if (o >= 2 && best[o - 2] + weights[o] < best[o]) {
        best[o] = weights[o] + best[o - 2];
        prev[o] = o - 2;
      }
    }
    const offsets = [];
    for (let o = n - 1; o >= 0; o = prev[o]) offsets.unshift(o);
    return offsets;
  }

  // cached returns the promise that map holds for key, or else make()'s,
  // which it keeps unless it fails, so that a later search tries again.
  function cached(map, key, make) {
    let p = map.get(key);
    if (!p) {
      p = make();
      map.set(key, p);
      p.catch(() => {
        if (map.get(key) === p) map.delete(key);
      });
    }
    return p;
  }

  async function gunzipText(bytes) {
    // A server that sent the file with Content-Encoding: gzip has unpacked it.
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return utf8Decoder.decode(bytes);
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Response(stream).text();
  }

  // Index reads the files of one index, each at most once, and answers
  // queries the way internal/search's tests define them.
  class Index {
    constructor(base) {
      this.base = String(base).replace(/\/?$/, '/');
      this.files = new Map(); // name → Promise<Uint8Array>
      this.shards = new Map(); // number → Promise<shard>
      this.lists = new Map(); // token → Promise<{docs, masks}>
      this.posCache = new Map(); // pair → Promise<{at, pos}>
      this.texts = new Map(); // file of g/ or n/ → Promise<[text]>
      this.bytes = 0; // downloaded so far
      this.meta = null;
    }

    fetchBytes(name) {
      return cached(this.files, name, () => fetch(this.base + name).then((r) => {
        if (!r.ok) throw new Error('search index: ' + name + ': HTTP ' + r.status);
        return r.arrayBuffer();
      }).then((buf) => {
        this.bytes += buf.byteLength;
        return new Uint8Array(buf);
      }));
    }

    async fetchJSON(name) {
      return JSON.parse(utf8Decoder.decode(await this.fetchBytes(name)));
    }

    async open() {
      if (!this.meta) {
        const m = await this.fetchJSON('meta.json');
        if (m.version !== FORMAT_VERSION) throw new Error('search index: version ' + m.version);
        this.meta = m;
      }
      return this.meta;
    }

    shardOf(token) {
      return fnv1a(token) & (this.meta.shards - 1);
    }

    // shard reads p/<n>.bin: a table of entries, then the posting lists.
    shard(n) {
      return cached(this.shards, n, async () => {
        const data = await this.fetchBytes('p/' + n.toString(16) + '.bin');
        let at = 0;
        const uv = () => {
          let v = 0;
          for (let mul = 1; ; mul *= 128) {
            const b = data[at++];
            if (b === undefined) throw new Error('search index: shard ' + n + ' ends early');
            v += (b & 0x7f) * mul;
            if (b < 0x80) return v;
          }
        };
        const count = uv();
        const table = [];
        let posOff = 0;
        for (let i = 0; i < count; i++) {
          const len = uv();
          const token = utf8Decoder.decode(data.subarray(at, at + len));
          at += len;
          const e = { df: uv(), k: uv(), mask: uv(), len: uv(), pk: uv(), posLen: uv() };
          e.posOff = posOff;
          posOff += e.posLen;
          table.push([token, e]);
        }
        const entries = new Map();
        for (const [token, e] of table) {
          e.post = data.subarray(at, at + e.len);
          at += e.len;
          entries.set(token, e);
        }
        return { n, entries };
      });
    }

    async entry(token) {
      const sh = await this.shard(this.shardOf(token));
      return [sh, sh.entries.get(token)];
    }

    // list returns a token's documents, ascending, and their class masks.
    list(token) {
      return cached(this.lists, token, async () => {
        const [, e] = await this.entry(token);
        if (!e) return { docs: new Int32Array(0), masks: new Uint8Array(0) };
        const r = new BitReader(e.post);
        const docs = new Int32Array(e.df);
        const masks = new Uint8Array(e.df);
        let d = -1;
        for (let i = 0; i < e.df; i++) {
          d += r.rice(e.k) + 1;
          docs[i] = d;
          masks[i] = r.bit() ? r.bits(MASK_BITS) : e.mask;
        }
        return { docs, masks };
      });
    }

    // positions returns a pair's positions, decoded once: those of the
    // i-th document of its list in class c are pos[at[4i+c] … at[4i+c+1]).
    positions(token) {
      return cached(this.posCache, token, async () => {
        const [l, [sh, e]] = await Promise.all([this.list(token), this.entry(token)]);
        const posi = await this.fetchBytes('x/' + sh.n.toString(16) + '.bin');
        const r = new BitReader(posi.subarray(e.posOff, e.posOff + e.posLen));
        const at = new Uint32Array(l.docs.length * NUM_CLASSES + 1);
        let pos = new Uint32Array(Math.max(16, l.docs.length * 2));
        let n = 0;
        for (let i = 0; i < l.docs.length; i++) {
          for (let c = 0; c < NUM_CLASSES; c++) {
            at[i * NUM_CLASSES + c] = n;
            if (!(l.masks[i] & (1 << c))) continue;
            const count = r.gamma();
            if (n + count > pos.length) {
              const grown = new Uint32Array(Math.max(2 * pos.length, n + count));
              grown.set(pos);
              pos = grown;
            }
            let q = -1;
            for (let j = 0; j < count; j++) {
              q += r.rice(e.pk) + 1;
              pos[n++] = q;
            }
          }
        }
        at[l.docs.length * NUM_CLASSES] = n;
        return { at, pos };
      });
    }

    // term returns the documents containing a term, ascending, with the
    // mask of the classes it occurs in: {docs, masks}. One or two characters
    // are looked up; a longer term intersects its pairs' lists and checks
    // that their positions line up. within, when given, is a sorted list of
    // the only documents wanted.
    async term(t, within) {
      const cs = Array.from(t);
      if (cs.length <= 2) {
        const l = await this.list(t);
        return within ? restrict(l, within) : l;
      }
      const pairs = cs.slice(1).map((c, i) => cs[i] + c);
      const lists = await Promise.all(pairs.map((p) => this.list(p)));
      // Merge the lists: the candidates, the classes all pairs share, and
      // where each candidate is in each list.
      const cand = [];
      const masks = [];
      const idx = lists.map(() => []);
      const at = lists.map(() => 0);
      const first = lists[0];
      let w = 0;
      for (let i = 0; i < first.docs.length; i++) {
        const d = first.docs[i];
        if (within) {
          while (w < within.length && within[w] < d) w++;
          if (w === within.length) break;
          if (within[w] !== d) continue;
        }
        let m = first.masks[i];
        for (let j = 1; j < lists.length && m; j++) {
          const l = lists[j];
          while (at[j] < l.docs.length && l.docs[at[j]] < d) at[j]++;
          if (at[j] === l.docs.length || l.docs[at[j]] !== d) m = 0;
          else m &= l.masks[at[j]];
        }
        if (!m) continue;
        cand.push(d);
        masks.push(m);
        idx[0].push(i);
        for (let j = 1; j < lists.length; j++) idx[j].push(at[j]);
      }
      const docs = [];
      const found = [];
      if (!cand.length) return { docs: Int32Array.from(docs), masks: Uint8Array.from(found) };
      const entries = await Promise.all(pairs.map((p) => this.entry(p)));
      const offsets = cover(entries.map(([, e]) => e.posLen));
      const pos = await Promise.all(offsets.map((o) => this.positions(pairs[o])));
      for (let k = 0; k < cand.length; k++) {
        let f = 0;
        for (let c = 0; c < NUM_CLASSES; c++) {
          if ((masks[k] & (1 << c)) && aligned(pos, offsets, offsets.map((o) => idx[o][k] * NUM_CLASSES + c))) {
            f |= 1 << c;
          }
        }
        if (f) {
          docs.push(cand[k]);
          found.push(f);
        }
      }
      return { docs: Int32Array.from(docs), masks: Uint8Array.from(found) };
    }

    // departments returns the options of the department filter.
    departments() {
      return this.fetchJSON('departments.json');
    }

    // filterTokens names the lists of the filters; a department answers to
    // its slug and its name.
    filterTokens(f) {
      const ts = [];
      if (f.year) ts.push('!y:' + f.year);
      if (f.department) ts.push('!d:' + f.department);
      if (f.category) ts.push('!c:' + f.category);
      return ts;
    }

    // search returns the terms of the query and the matching documents,
    // best first, as ids; classOf(id) gives the classes some term occurs
    // in. The order: by the sum over terms of the best class each occurs
    // in, then the whole query as one phrase before scattered terms, then by
    // document number (newest year first, then name).
    async search(query, f) {
      await this.open();
      const ts = Array.from(new Set(terms(query)));
      const filterLists = await Promise.all(this.filterTokens(f || {}).map((t) => this.list(t)));
      let within = null;
      for (const l of filterLists) within = within ? restrict(l, within).docs : l.docs;
      if (!ts.length) {
        return { terms: ts, ids: within ? Array.from(within) : [], classOf: () => 0 };
      }
      const found = await Promise.all(ts.map((t) => this.term(t, within)));
      // Intersect the terms' lists, adding up scores and classes.
      let docs = found[0].docs;
      let score = Array.from(found[0].masks, lowestBit);
      let classes = Array.from(found[0].masks);
      for (const l of found.slice(1)) {
        const d2 = [];
        const s2 = [];
        const c2 = [];
        for (let i = 0, j = 0; i < docs.length && j < l.docs.length;) {
          if (docs[i] < l.docs[j]) i++;
          else if (docs[i] > l.docs[j]) j++;
          else {
            d2.push(docs[i]);
            s2.push(score[i] + lowestBit(l.masks[j]));
            c2.push(classes[i] | l.masks[j]);
            i++;
            j++;
          }
        }
        docs = Int32Array.from(d2);
        score = s2;
        classes = c2;
      }
      let phrase = new Int32Array(0);
      if (ts.length > 1 && docs.length) phrase = (await this.term(ts.join(''), docs)).docs;
      // Sort numbers that hold the whole key: score, phrase, document.
      const keys = new Float64Array(docs.length);
      for (let i = 0, j = 0; i < docs.length; i++) {
        while (j < phrase.length && phrase[j] < docs[i]) j++;
        const scattered = j < phrase.length && phrase[j] === docs[i] ? 0 : 1;
        keys[i] = (score[i] * 2 + scattered) * 2 ** 32 + docs[i];
      }
      keys.sort();
      const ids = Array.from(keys, (k) => k % 2 ** 32);
      const classOf = (id) => {
        const i = bisect(docs, id);
        return docs[i] === id ? classes[i] : 0;
      };
      return { terms: ts, ids, classOf };
    }

    // prefetch starts to load the lists a search for query will read,
    // without waiting for them.
    prefetch(query) {
      if (!this.meta) return;
      for (const t of terms(query)) {
        const cs = Array.from(t);
        const tokens = cs.length <= 2 ? [t] : cs.slice(1).map((c, i) => cs[i] + c);
        for (const tok of tokens) this.list(tok).catch(() => {});
      }
    }

    // rows returns the rows of d/ for ids.
    async rows(ids) {
      const per = this.meta.chunk;
      const chunks = await Promise.all(ids.map((id) => this.fetchJSON('d/' + Math.floor(id / per) + '.json')));
      return ids.map((id, i) => {
        const r = chunks[i][id % per];
        return {
          name: r[0], url: r[1], department: r[2], unit: r[3], code: r[4],
          category: r[5], year: r[6], total: r[7],
        };
      });
    }

    // text returns the goals (dir "g") or the narrative ("n") of a
    // document, or null where the browser cannot unpack them.
    async text(dir, id) {
      if (typeof DecompressionStream === 'undefined') return null;
      const name = dir + '/' + Math.floor(id / this.meta.chunk) + '.json.gz';
      const texts = await cached(this.texts, name, () => this.fetchBytes(name).then(gunzipText).then(JSON.parse));
      return texts[id % this.meta.chunk];
    }
  }

  // aligned reports whether the pairs at offsets line up: for some p among
  // the positions of the first, every other has p + its offset. The
  // positions of pair j are pos[j].pos[pos[j].at[at[j]] …].
  function aligned(pos, offsets, at) {
    const p0 = pos[0].pos;
    for (let i = pos[0].at[at[0]], end = pos[0].at[at[0] + 1]; i < end; i++) {
      let ok = true;
      for (let j = 1; j < offsets.length && ok; j++) {
        const want = p0[i] + offsets[j];
        const ps = pos[j].pos;
        let lo = pos[j].at[at[j]];
        let hi = pos[j].at[at[j] + 1];
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ps[mid] < want) lo = mid + 1;
          else hi = mid;
        }
        ok = lo < pos[j].at[at[j] + 1] && ps[lo] === want;
      }
      if (ok) return true;
    }
    return false;
  }

  // bisect returns the first index of the sorted array a whose value is ≥ v.
  function bisect(a, v) {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // restrict returns the part of a list whose documents are in the sorted
  // array within.
  function restrict(l, within) {
    const docs = [];
    const masks = [];
    for (let i = 0, j = 0; i < l.docs.length && j < within.length;) {
      if (l.docs[i] < within[j]) i++;
      else if (l.docs[i] > within[j]) j++;
      else {
        docs.push(l.docs[i]);
        masks.push(l.masks[i]);
        i++;
        j++;
      }
    }
    return { docs: Int32Array.from(docs), masks: Uint8Array.from(masks) };
  }

  // ---- The page ----

  const PAGE = 20; // results shown at a time
  const DEBOUNCE = 100; // ms after the last keystroke
  const GOALS = 1 << 2; // the classes of search results, as in text.go
  const TEXT = 1 << 3;

  // marked appends text to parent with every occurrence of the terms in
  // <mark>; matching is on the normalised text, whose offsets are the same.
  function marked(parent, text, ts) {
    const norm = normalize(text);
    const hits = [];
    for (const t of ts) {
      for (let i = norm.indexOf(t); i >= 0; i = norm.indexOf(t, i + 1)) hits.push([i, i + t.length]);
    }
    hits.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    let at = 0;
    for (const [s, e] of hits) {
      if (e <= at) continue;
      const from = Math.max(s, at);
      if (from > at) parent.appendChild(document.createTextNode(text.slice(at, from)));
      const m = document.createElement('mark');
      m.textContent = text.slice(from, e);
      parent.appendChild(m);
      at = e;
    }
    if (at < text.length) parent.appendChild(document.createTextNode(text.slice(at)));
  }

  // snippet is the source of a result's snippet: its goals when a term is
  // there, else its narrative when a term is there, else none.
  function snippetSource(classes) {
    if (classes & GOALS) return ['g', '绩效目标与指标'];
    if (classes & TEXT) return ['n', '项目说明'];
    return null;
  }

  // cut returns a window of text around the first occurrence of a term.
  function cut(text, ts) {
    const norm = normalize(text);
    let first = -1;
    for (const t of ts) {
      const j = norm.indexOf(t);
      if (j >= 0 && (first < 0 || j < first)) first = j;
    }
    if (first < 0) return null;
    let start = Math.max(0, first - 30);
    let end = Math.min(text.length, first + 90);
    if (start > 0 && /[\udc00-\udfff]/.test(text[start])) start--;
    if (end < text.length && /[\udc00-\udfff]/.test(text[end])) end++;
    let s = text.slice(start, end).replace(/\s+/g, ' ');
    if (start > 0) s = '…' + s;
    if (end < text.length) s += '…';
    return s;
  }

  function resultItem(row, ts) {
    const li = document.createElement('li');
    li.className = 'search-result';
    const h = document.createElement('h2');
    const a = document.createElement('a');
    a.href = row.url;
    marked(a, row.name, ts);
    h.appendChild(a);
    li.appendChild(h);

    const meta = document.createElement('p');
    meta.className = 'search-meta';
    // Department, unit and code are searched, so their matches are marked.
    const parts = [[row.department, ts], [row.unit, ts], [row.code, ts], [row.year + '年', []],
      [row.category, []], ['项目资金总额 ' + row.total + ' 万元', []]];
    parts.filter(([text]) => text).forEach(([text, marks], i) => {
      if (i) meta.appendChild(document.createTextNode(' · '));
      marked(meta, text, marks);
    });
    li.appendChild(meta);
    return li;
  }

  function snippetElement(snip, ts) {
    const p = document.createElement('p');
    p.className = 'search-snippet';
    const label = document.createElement('span');
    label.className = 'search-field';
    label.textContent = snip.label + '：';
    p.appendChild(label);
    marked(p, snip.text, ts);
    return p;
  }

  // fillSelect adds the options of the index to a select that has none but
  // the empty one; a layout may instead render them itself.
  function fillSelect(sel, items, label, value) {
    if (!sel || Array.from(sel.options).some((o) => o.value !== '')) return;
    if (!sel.options.length) sel.appendChild(new Option('全部', ''));
    for (const it of items) sel.appendChild(new Option(label(it), value ? value(it) : String(it)));
  }

  // selectValue selects v, adding it as an option when the index lacks it,
  // so that the page shows the filter its URL asks for.
  function selectValue(sel, v) {
    if (!sel) return;
    if (v && !Array.from(sel.options).some((o) => o.value === v)) sel.appendChild(new Option(v, v));
    sel.value = v;
  }

  function init() {
    const $ = (id) => document.getElementById(id);
    const form = $('search-form');
    const input = $('q');
    const status = $('search-status');
    const list = $('search-results');
    if (!form || !input || !status || !list) return;
    const selects = { year: $('f-year'), department: $('f-department'), category: $('f-category') };
    const index = new Index(new URL(form.getAttribute('data-index') || 'index/', form.action));
    api.index = index;

    const more = document.createElement('button');
    more.type = 'button';
    more.id = 'search-more';
    more.hidden = true;
    list.after(more);

    const params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';

    let seq = 0;
    let current = null; // {terms, ids, shown}
    let timer = 0;

    const state = () => {
      const s = { q: input.value, year: '', department: '', category: '' };
      for (const k of Object.keys(selects)) if (selects[k]) s[k] = selects[k].value;
      return s;
    };

    const writeURL = (s) => {
      const p = new URLSearchParams();
      for (const k of ['q', 'year', 'department', 'category']) if (s[k]) p.set(k, s[k]);
      const qs = p.toString();
      history.replaceState(history.state, '', location.pathname + (qs ? '?' + qs : '') + location.hash);
    };

    // snip returns the snippet of a result, or null.
    const snip = async (id) => {
      const src = snippetSource(current.classOf(id));
      if (!src) return null;
      try {
        const text = await index.text(src[0], id);
        const s = text && cut(text, current.terms);
        return s && { label: src[1], text: s };
      } catch (err) {
        return null; // the result shows without its snippet
      }
    };

    // show adds the next page of results, and returns null when another
    // search has begun, else {snippets}: a promise that they are shown.
    const show = async (my) => {
      const ids = current.ids.slice(current.shown, current.shown + PAGE);
      const rowsP = index.rows(ids); // asked for first: they are shown first
      const snips = ids.map(snip);
      const rows = await rowsP;
      if (my !== seq) return null;
      const items = rows.map((r) => resultItem(r, current.terms));
      if (current.shown === 0) list.replaceChildren(...items);
      else list.append(...items);
      current.shown += ids.length;
      const left = current.ids.length - current.shown;
      more.hidden = left <= 0;
      more.textContent = '显示更多结果（还有 ' + left + ' 个）';
      const terms = current.terms;
      return {
        snippets: Promise.all(snips.map(async (p, i) => {
          const sn = await p;
          if (sn && my === seq) items[i].appendChild(snippetElement(sn, terms));
        })),
      };
    };

    const run = async () => {
      clearTimeout(timer);
      const my = ++seq;
      const s = state();
      writeURL(s);
      list.setAttribute('aria-busy', 'true');
      const t0 = performance.now();
      try {
        const f = { year: s.year, department: s.department, category: s.category };
        const r = await index.search(s.q, f);
        if (my !== seq) return;
        const t1 = performance.now();
        current = { terms: r.terms, ids: r.ids, classOf: r.classOf, shown: 0 };
        let page = null;
        if (!r.terms.length && !f.year && !f.department && !f.category) {
          list.replaceChildren();
          more.hidden = true;
          status.textContent = '请输入要查找的词语，例如“党建”“助餐”。';
        } else if (!r.ids.length) {
          list.replaceChildren();
          more.hidden = true;
          status.textContent = '没有找到符合条件的项目。';
        } else {
          page = await show(my);
          if (!page) return;
          status.textContent = '找到 ' + r.ids.length + ' 个项目' +
            (r.ids.length > current.shown ? '，显示前 ' + current.shown + ' 个。' : '。');
        }
        const t2 = performance.now();
        api.lastRender = t2;
        if (page) await page.snippets;
        if (my !== seq) return;
        list.setAttribute('aria-busy', 'false');
        api.renders++;
        api.timing = { search: t1 - t0, show: t2 - t1, snippets: performance.now() - t2 };
        api.shown = s;
      } catch (err) {
        if (my !== seq) return;
        list.setAttribute('aria-busy', 'false');
        status.textContent = '搜索暂时无法使用：索引未能加载。';
        console.error(err);
      }
    };

    // Wait while an input method composes (拼音 letters are not the query).
    const later = (ev) => {
      clearTimeout(timer);
      if (ev.isComposing) return;
      index.prefetch(input.value); // the files arrive while the debounce waits
      timer = setTimeout(run, DEBOUNCE);
    };
    input.addEventListener('input', later);
    input.addEventListener('compositionend', later);
    for (const sel of Object.values(selects)) if (sel) sel.addEventListener('change', run);
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      run();
    });
    more.addEventListener('click', async () => {
      const my = seq;
      list.setAttribute('aria-busy', 'true');
      const n = current.shown;
      const page = await show(my);
      if (page) {
        status.textContent = '找到 ' + current.ids.length + ' 个项目，显示前 ' + current.shown + ' 个。';
        const next = list.children[n];
        const link = next && next.querySelector('a');
        if (link) link.focus(); // keyboard users land on the first new result
        await page.snippets;
      }
      if (my === seq) list.setAttribute('aria-busy', 'false');
    });

    const empty = (sel) => sel && !Array.from(sel.options).some((o) => o.value !== '');
    index.open().then(async (m) => {
      fillSelect(selects.year, m.years, (y) => y + '年');
      fillSelect(selects.category, m.categories, String);
      if (empty(selects.department)) {
        fillSelect(selects.department, await index.departments(), (d) => d.name, (d) => d.slug || d.name);
      }
      for (const k of Object.keys(selects)) selectValue(selects[k], params.get(k) || '');
      return run();
    }).catch((err) => {
      status.textContent = '搜索暂时无法使用：索引未能加载。';
      console.error(err);
    });
  }

  const api = {
    normalize, terms, tokenize,
    // open returns the index at base, for tests and tools.
    open: (base) => { const ix = new Index(base); return ix.open().then(() => ix); },
    // query returns the URLs of all results of q on the page's index.
    query: async (q, filters) => {
      const r = await api.index.search(q, filters || {});
      return (await api.index.rows(r.ids)).map((row) => row.url);
    },
    index: null,
    renders: 0, // searches shown, when the last one was, and its state
    lastRender: 0,
    shown: null,
    timing: null, // ms to search and to show the last results
  };
  window.jixiaoSearch = api;

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
