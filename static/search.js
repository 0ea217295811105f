/*
 * jixiao search: the client of the index that internal/search writes.
 * Plain ES2017, no framework, no eval, no inline anything: it runs under
 * Content-Security-Policy: default-src 'self'; script-src 'self'.
 *
 * Page contract (layouts/search.html; see internal/search/doc.go):
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
 * or from the form's data-index attribute when it has one. Selects with no
 * option but the empty one are filled from the index. The query and the
 * filters live in the URL (?q=党建&year=2023&department=…&category=…): the
 * page restores them on load and rewrites them with history.replaceState.
 *
 * Results are <li class="search-result"> holding an <h2> with the project's
 * link, a <p class="search-meta"> and a <p class="search-snippet">, with the
 * matched text in <mark>. A <button id="search-more"> after the list shows
 * more. The list has aria-busy="true" while a search runs.
 *
 * For tests: window.jixiaoSearch = {normalize, terms, tokenize, open, query}.
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
    bit() {
      const i = this.pos >> 3;
      if (i >= this.bytes.length) throw new Error('search index: bit stream ends early');
      const b = (this.bytes[i] >> (7 - (this.pos & 7))) & 1;
      this.pos++;
      return b;
    }
    bits(n) {
      let v = 0;
      for (; n > 0; n--) v = v * 2 + this.bit();
      return v;
    }
    gamma() {
      let n = 0;
      while (this.bit() === 0) n++;
      return 2 ** n + this.bits(n);
    }
    rice(k) {
      let q = 0;
      while (this.bit() === 1) q++;
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

  // coverOffsets are the offsets of the pairs that cover a term of n
  // characters: 0, 2, 4 … and n-2.
  function coverOffsets(n) {
    const o = [];
    for (let i = 0; i + 2 <= n; i += 2) o.push(i);
    if (n % 2 === 1) o.push(n - 2);
    return o;
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
      this.bytes = 0; // downloaded so far
      this.meta = null;
    }

    fetchBytes(name) {
      let p = this.files.get(name);
      if (!p) {
        p = fetch(this.base + name).then((r) => {
          if (!r.ok) throw new Error('search index: ' + name + ': HTTP ' + r.status);
          return r.arrayBuffer();
        }).then((buf) => {
          this.bytes += buf.byteLength;
          return new Uint8Array(buf);
        });
        p.catch(() => this.files.delete(name)); // let a later query retry
        this.files.set(name, p);
      }
      return p;
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
      let p = this.shards.get(n);
      if (!p) {
        p = this.fetchBytes('p/' + n.toString(16) + '.bin').then((data) => {
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
            const e = { df: uv(), k: uv(), len: uv(), pk: uv(), posLen: uv() };
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
          return { n, entries, posi: null };
        });
        this.shards.set(n, p);
      }
      return p;
    }

    async entry(token) {
      const sh = await this.shard(this.shardOf(token));
      return [sh, sh.entries.get(token)];
    }

    // list returns a token's documents, ascending, and their class masks.
    list(token) {
      let p = this.lists.get(token);
      if (!p) {
        p = this.entry(token).then(([, e]) => {
          if (!e) return { docs: new Int32Array(0), masks: new Uint8Array(0) };
          const r = new BitReader(e.post);
          const docs = new Int32Array(e.df);
          const masks = new Uint8Array(e.df);
          let d = -1;
          for (let i = 0; i < e.df; i++) {
            d += r.rice(e.k) + 1;
            docs[i] = d;
            masks[i] = r.bits(MASK_BITS);
          }
          return { docs, masks };
        });
        this.lists.set(token, p);
      }
      return p;
    }

    // positions returns, for the documents of a pair's list that are in
    // want, the pair's positions by class.
    async positions(token, want) {
      const [l, [sh, e]] = await Promise.all([this.list(token), this.entry(token)]);
      const out = new Map();
      if (!e) return out;
      if (!sh.posi) sh.posi = this.fetchBytes('x/' + sh.n.toString(16) + '.bin');
      const posi = await sh.posi;
      const r = new BitReader(posi.subarray(e.posOff, e.posOff + e.posLen));
      for (let i = 0; i < l.docs.length; i++) {
        const keep = want.has(l.docs[i]);
        const ps = keep ? [[], [], [], []] : null;
        for (let c = 0; c < NUM_CLASSES; c++) {
          if (!(l.masks[i] & (1 << c))) continue;
          const n = r.gamma();
          let p = -1;
          for (let j = 0; j < n; j++) {
            p += r.rice(e.pk) + 1;
            if (keep) ps[c].push(p);
          }
        }
        if (keep) out.set(l.docs[i], ps);
      }
      return out;
    }

    // term returns the documents containing a term, each with the mask of
    // the classes it occurs in. One or two characters are looked up; a
    // longer term intersects its pairs and checks their positions line up.
    async term(t, within) {
      const cs = Array.from(t);
      const out = new Map();
      if (cs.length <= 2) {
        const l = await this.list(t);
        for (let i = 0; i < l.docs.length; i++) {
          if (!within || within.has(l.docs[i])) out.set(l.docs[i], l.masks[i]);
        }
        return out;
      }
      const pairs = [];
      for (let i = 0; i + 1 < cs.length; i++) pairs.push(cs[i] + cs[i + 1]);
      const lists = await Promise.all(pairs.map((p) => this.list(p)));
      let cand = null;
      for (const l of lists) {
        const next = new Map();
        for (let i = 0; i < l.docs.length; i++) {
          const d = l.docs[i];
          let m = l.masks[i];
          if (cand) m &= cand.get(d) || 0;
          else if (within && !within.has(d)) m = 0;
          if (m) next.set(d, m);
        }
        cand = next;
      }
      if (!cand.size) return out;
      const offsets = coverOffsets(cs.length);
      const pos = await Promise.all(offsets.map((o) => this.positions(pairs[o], cand)));
      for (const [d, m] of cand) {
        let found = 0;
        for (let c = 0; c < NUM_CLASSES; c++) {
          if ((m & (1 << c)) && aligned(pos, offsets, d, c)) found |= 1 << c;
        }
        if (found) out.set(d, found);
      }
      return out;
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

    // search returns the terms of the query, the matching documents, best
    // first, and for each the classes some term occurs in. The order: by
    // the sum over terms of the best class each occurs in, then the whole
    // query as one phrase before scattered terms, then by document number
    // (newest year first, then name).
    async search(query, f) {
      await this.open();
      const ts = Array.from(new Set(terms(query)));
      const filterLists = await Promise.all(this.filterTokens(f || {}).map((t) => this.list(t)));
      let within = null;
      for (const l of filterLists) {
        const next = new Set();
        for (const d of l.docs) if (!within || within.has(d)) next.add(d);
        within = next;
      }
      const classes = new Map();
      if (!ts.length) {
        return { terms: ts, ids: within ? Array.from(within).sort((a, b) => a - b) : [], classes };
      }
      const found = await Promise.all(ts.map((t) => this.term(t, within)));
      let score = new Map();
      for (const [d, m] of found[0]) {
        score.set(d, lowestBit(m));
        classes.set(d, m);
      }
      for (const ms of found.slice(1)) {
        const next = new Map();
        for (const [d, m] of ms) {
          if (!score.has(d)) continue;
          next.set(d, score.get(d) + lowestBit(m));
          classes.set(d, classes.get(d) | m);
        }
        score = next;
      }
      let phrase = new Map();
      if (ts.length > 1 && score.size) phrase = await this.term(ts.join(''), new Set(score.keys()));
      const ids = Array.from(score.keys());
      ids.sort((a, b) => (score.get(a) - score.get(b)) ||
        ((phrase.has(a) ? 0 : 1) - (phrase.has(b) ? 0 : 1)) || (a - b));
      return { terms: ts, ids, classes };
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
      const cache = this.texts || (this.texts = new Map());
      if (!cache.has(name)) {
        const p = this.fetchBytes(name).then(gunzipText).then(JSON.parse);
        p.catch(() => cache.delete(name));
        cache.set(name, p);
      }
      return (await cache.get(name))[id % this.meta.chunk];
    }
  }

  function aligned(pos, offsets, d, c) {
    const first = pos[0].get(d)[c];
    for (const p of first) {
      let ok = true;
      for (let i = 1; i < offsets.length && ok; i++) ok = pos[i].get(d)[c].includes(p + offsets[i]);
      if (ok) return true;
    }
    return false;
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
    if (classes & TEXT) return ['n', '项目概况'];
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

  function resultItem(row, snip, ts) {
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
    const parts = [row.department, row.unit, row.code, row.year + '年', row.category, '项目资金总额 ' + row.total + ' 万元'];
    parts.filter(Boolean).forEach((part, i) => {
      if (i) meta.appendChild(document.createTextNode(' · '));
      marked(meta, part, i < 3 ? ts : []);
    });
    li.appendChild(meta);

    if (snip) {
      const p = document.createElement('p');
      p.className = 'search-snippet';
      const label = document.createElement('span');
      label.className = 'search-field';
      label.textContent = snip.label + '：';
      p.appendChild(label);
      marked(p, snip.text, ts);
      li.appendChild(p);
    }
    return li;
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
      const src = snippetSource(current.classes.get(id) || 0);
      if (!src) return null;
      try {
        const text = await index.text(src[0], id);
        const s = text && cut(text, current.terms);
        return s && { label: src[1], text: s };
      } catch (err) {
        return null; // the result shows without its snippet
      }
    };

    const show = async (my) => {
      const ids = current.ids.slice(current.shown, current.shown + PAGE);
      const [rows, snips] = await Promise.all([index.rows(ids), Promise.all(ids.map(snip))]);
      if (my !== seq) return false;
      const items = rows.map((r, i) => resultItem(r, snips[i], current.terms));
      if (current.shown === 0) list.replaceChildren(...items);
      else list.append(...items);
      current.shown += ids.length;
      const left = current.ids.length - current.shown;
      more.hidden = left <= 0;
      more.textContent = '显示更多结果（还有 ' + left + ' 个）';
      return true;
    };

    const run = async () => {
      clearTimeout(timer);
      const my = ++seq;
      const s = state();
      writeURL(s);
      list.setAttribute('aria-busy', 'true');
      try {
        const f = { year: s.year, department: s.department, category: s.category };
        const r = await index.search(s.q, f);
        if (my !== seq) return;
        current = { terms: r.terms, ids: r.ids, classes: r.classes, shown: 0 };
        if (!r.terms.length && !f.year && !f.department && !f.category) {
          list.replaceChildren();
          more.hidden = true;
          status.textContent = '请输入要查找的词语，例如“党建”“助餐”。';
        } else if (!r.ids.length) {
          list.replaceChildren();
          more.hidden = true;
          status.textContent = '没有找到符合条件的项目。';
        } else {
          if (!(await show(my))) return;
          status.textContent = '找到 ' + r.ids.length + ' 个项目' +
            (r.ids.length > current.shown ? '，显示前 ' + current.shown + ' 个。' : '。');
        }
        list.setAttribute('aria-busy', 'false');
        api.renders++;
        api.lastRender = performance.now();
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
      if (!ev.isComposing) timer = setTimeout(run, DEBOUNCE);
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
      if (await show(my)) {
        status.textContent = '找到 ' + current.ids.length + ' 个项目，显示前 ' + current.shown + ' 个。';
        const next = list.children[n];
        const link = next && next.querySelector('a');
        if (link) link.focus(); // keyboard users land on the first new result
      }
      list.setAttribute('aria-busy', 'false');
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
  };
  window.jixiaoSearch = api;

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
