/* The edition's search engine: folding, tokens and keys exactly as scripts/edition/search_text.py,
   and the query path over the index written by scripts/edition/search_index.py (read that module's
   docstring for the file format). Loaded on demand by search.js; runs in node for the parity test. */
(function (root, factory) {
  if (typeof module === "object" && module.exports) module.exports = factory();
  else root.EditionSearch = factory();
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  // ---- folding (normalize.py) -------------------------------------------------------------
  const DROP = new Set();
  const addRange = (a, b) => { for (let c = a; c <= b; c++) DROP.add(String.fromCharCode(c)); };
  addRange(0x064B, 0x065F); addRange(0x0670, 0x0670); addRange(0x06D6, 0x06ED);
  addRange(0x202A, 0x202E); addRange(0x2066, 0x2069);
  for (const c of [0x0640, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x00AD, 0x061C, 0xFEFF]) addRange(c, c);
  const MAP = new Map([["أ", "ا"], ["إ", "ا"], ["آ", "ا"], ["ٱ", "ا"], ["ٲ", "ا"], ["ٳ", "ا"],
    ["ى", "ي"], ["ئ", "ي"], ["ی", "ي"], ["ة", "ه"], ["ؤ", "و"], ["ک", "ك"]]);
  for (let i = 0; i < 10; i++) {
    MAP.set(String.fromCharCode(0x0660 + i), String(i));
    MAP.set(String.fromCharCode(0x06F0 + i), String(i));
  }

  function fold(text) {
    let out = "";
    for (const ch of text.normalize("NFC")) {
      if (DROP.has(ch)) continue;
      const m = MAP.get(ch);
      out += m !== undefined ? m : ch.toLowerCase();
    }
    return out;
  }

  // ---- tokens (search_text.py) ------------------------------------------------------------
  const LETTER = /\p{L}/u, MARK = /\p{M}/u;
  // kind of every BMP code unit, filled on first use: 0 unknown, 1 separator, 2 letter, 3 digit, 4 mark
  const KIND = new Uint8Array(0x10000);
  const KIND_NAMES = ["", "", "l", "d", "m"];
  function kindAt(c) {
    let k = KIND[c];
    if (k === 0) {
      const name = kind(String.fromCharCode(c));
      k = KIND[c] = name === "l" ? 2 : name === "d" ? 3 : name === "m" ? 4 : 1;
    }
    return KIND_NAMES[k];
  }
  function kind(ch) {
    if (ch.length > 1 || (ch >= "\uD800" && ch <= "\uDFFF")) return "";  // beyond the BMP: a separator
    if (DROP.has(ch)) return "m";
    if ((ch >= "0" && ch <= "9") || (ch >= "\u0660" && ch <= "\u0669") || (ch >= "\u06F0" && ch <= "\u06F9")) return "d";
    if (LETTER.test(ch)) return "l";
    if (MARK.test(ch)) return "m";
    return "";
  }

  const foldCache = new Map();
  function tokens(text) {
    const out = [];
    const n = text.length;
    const k = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xD800 && c <= 0xDBFF && i + 1 < n) { k[i] = ""; k[i + 1] = ""; i++; continue; }
      k[i] = kindAt(c);
    }
    let i = 0;
    while (i < n) {
      if (k[i] === "") { i++; continue; }
      const start = i;
      while (i < n && k[i] === "m") i++;
      if (i < n && (k[i] === "l" || k[i] === "d")) {
        const cur = k[i++];
        while (i < n && (k[i] === cur || k[i] === "m")) i++;
      }
      const raw = text.slice(start, i);
      let folded = foldCache.get(raw);
      if (folded === undefined) { folded = fold(raw); if (foldCache.size < 50000) foldCache.set(raw, folded); }
      if (folded) out.push({ start, end: i, folded });
    }
    return out;
  }

  // ---- keys (search_text.py) --------------------------------------------------------------
  const PREFIXES = (() => {
    const set = new Set();
    for (const c of ["", "و", "ف"]) {
      for (const p of ["", "ب", "ك", "ل"]) for (const a of ["", "ال"]) set.add(c + p + a);
      set.add(c + "لل");
    }
    set.delete("");
    return [...set].sort((x, y) => x.length - y.length || (x < y ? -1 : x > y ? 1 : 0));
  })();
  const MIN_STEM = 2;

  function isArabic(folded) { return folded[0] >= "\u0600" && folded[0] <= "\u06FF"; }

  function whole(word, protect) { return !!protect && protect.has(word) && !word.startsWith("ال"); }

  function keys(folded, protect) {
    const out = [folded];
    if (!isArabic(folded) || whole(folded, protect)) return out;
    for (const p of PREFIXES) {
      if (folded.startsWith(p) && folded.length - p.length >= MIN_STEM) {
        const stem = folded.slice(p.length);
        for (const s of p.endsWith("لل") ? [stem, "ال" + stem] : [stem]) if (!out.includes(s)) out.push(s);
        if (whole(stem, protect)) break;
      }
    }
    return out;
  }

  // ---- postings (search_index.py) ---------------------------------------------------------
  const MORE = "abcdefghijklmnopqrstuvwxyz012345", LAST = "ABCDEFGHIJKLMNOPQRSTUVWXYZ6789_-";
  const DIGIT = new Int8Array(128).fill(-1), FINAL = new Int8Array(128).fill(-1);
  for (let i = 0; i < 32; i++) { DIGIT[MORE.charCodeAt(i)] = i; FINAL[LAST.charCodeAt(i)] = i; }

  function unvarints(text) {
    const out = new Int32Array(text.length);
    let n = 0, len = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i), f = FINAL[c];
      if (f >= 0) { out[len++] = n * 32 + f; n = 0; } else n = n * 32 + DIGIT[c];
    }
    return out.subarray(0, len);
  }

  /** Decoded postings of one key: docs (sorted), and for docs[i] its positions pos[off[i]..off[i+1]). */
  function decodePostings(text) {
    const nums = unvarints(text);
    const docs = [], off = [0], pos = [];
    let i = 0, doc = 0;
    while (i < nums.length) {
      doc += nums[i++];
      const count = nums[i++];
      let p = 0;
      for (let j = 0; j < count; j++) { p = j === 0 ? nums[i++] : p + nums[i++]; pos.push(p); }
      docs.push(doc);
      off.push(pos.length);
    }
    return { docs: Int32Array.from(docs), off: Int32Array.from(off), pos: Int32Array.from(pos) };
  }
  const EMPTY = { docs: new Int32Array(0), off: new Int32Array(1), pos: new Int32Array(0) };

  function lowerBound(arr, x, lo) {
    let hi = arr.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // ---- the engine -------------------------------------------------------------------------
  // index files are JSON in windows-1256 (search_index.ENCODING): one byte for each Arabic letter
  const TEXT = new TextDecoder("windows-1256");
  const W_EXACT = 3, W_STEM = 2, W_ENTITY = 3, PHRASE = 100;
  const GROUP_HITS = 3;
  const COMPLETIONS = 8;  // the most frequent completions of a word being typed that are weighed
  const AROUND = 5;  // the shards of postings read for them, at most

  class Engine {
    constructor(base, fetchImpl) {
      this.base = base;  // the site's root URL, ending with "/"
      this.fetch = fetchImpl || ((url, init) => fetch(url, init));
      this.shards = new Map();   // shard number → Promise<{key: encoded}>
      this.postings = new Map(); // key → decoded postings
      this.texts = new Map();    // briefing → Promise<its text file>
      this.keyCache = new Map(); // folded token → its keys
      this.manifest = null;
    }

    async init() {
      if (!this.ready) {
        this.ready = (async () => {
          const res = await this.fetch(this.base + "search/manifest.json");
          if (!res.ok) throw new Error("search/manifest.json: HTTP " + res.status);
          this.setManifest(await res.json());
        })();
      }
      return this.ready;
    }

    setManifest(m) {
      this.manifest = m;
      this.stop = new Set(m.stop);
      this.starts = new Int32Array(m.np.length + 1);
      for (let b = 0; b < m.np.length; b++) this.starts[b + 1] = this.starts[b] + m.np[b];
      this.docBriefing = new Int32Array(this.starts[m.np.length]);
      for (let b = 0; b < m.np.length; b++) this.docBriefing.fill(b, this.starts[b], this.starts[b + 1]);
      this.aliases = new Map();  // first token → [[sequence, entity id]] longest first
      this.entitySeqs = new Map();
      this.protect = new Set();
      this.aliasWords = new Map();  // every word of a name → its entity (the first that has it)
      for (const [eid, , seqs] of m.entities) {
        this.entitySeqs.set(eid, seqs);
        for (const seq of seqs) {
          if (!this.aliases.has(seq[0])) this.aliases.set(seq[0], []);
          this.aliases.get(seq[0]).push([seq, eid]);
          for (const t of seq) { this.protect.add(t); if (!this.aliasWords.has(t)) this.aliasWords.set(t, eid); }
        }
      }
      for (const list of this.aliases.values()) list.sort((a, b) => b[0].length - a[0].length);
    }

    keysOf(folded) {
      let ks = this.keyCache.get(folded);
      if (ks === undefined) { ks = keys(folded, this.protect); if (this.keyCache.size < 100000) this.keyCache.set(folded, ks); }
      return ks;
    }

    async getFile(path, signal) {
      const res = await this.fetch(this.base + path + "?v=" + this.manifest.id, signal ? { signal } : undefined);
      if (!res.ok) throw new Error(path + ": HTTP " + res.status);
      const stream = res.body.pipeThrough(new DecompressionStream("deflate"));
      return JSON.parse(TEXT.decode(await new Response(stream).arrayBuffer()));
    }

    shardOf(key) {
      const s = this.manifest.shards;
      let lo = 0, hi = s.length - 1, ans = -1;
      while (lo <= hi) { const mid = (lo + hi) >> 1; if (s[mid] <= key) { ans = mid; lo = mid + 1; } else hi = mid - 1; }
      return ans;
    }

    async loadKeys(keyList) {
      const need = new Set();
      for (const k of keyList) { if (!this.postings.has(k)) { const s = this.shardOf(k); if (s >= 0) need.add(s); } }
      await Promise.all([...need].map((s) => this.shard(s)));
      for (const k of keyList) {
        if (this.postings.has(k)) continue;
        const s = this.shardOf(k);
        const shard = s >= 0 ? await this.shards.get(s) : {};
        this.postings.set(k, Object.prototype.hasOwnProperty.call(shard, k) ? decodePostings(shard[k]) : EMPTY);
      }
    }

    /** Query → terms: [{keys: [[key, weight]], entity, words: [folded...]}]; stop words dropped. */
    parse(query) {
      const toks = tokens(query);
      const tks = toks.map((t) => this.keysOf(t.folded));
      const terms = [];
      let stopOnly = toks.length > 0;
      for (let i = 0; i < toks.length;) {
        let best = null;
        for (const k of tks[i]) {
          for (const [seq, eid] of this.aliases.get(k) || []) {
            if (best && best[0].length >= seq.length) break;
            if (i + seq.length > toks.length) continue;
            let ok = true;
            for (let j = 1; j < seq.length && ok; j++) ok = tks[i + j].includes(seq[j]);
            if (ok) { best = [seq, eid]; break; }
          }
        }
        if (best) {
          const n = best[0].length;
          // the entity key finds every mention; a one-word alias keeps its own exact form (never
          // its stems: والرقة must not find ورقة)
          const ks = [["=" + best[1], W_ENTITY]];
          if (n === 1 && !this.stop.has(toks[i].folded)) ks.push([toks[i].folded, W_EXACT]);
          terms.push({ keys: ks, entity: best[1], words: toks.slice(i, i + n).map((t) => t.folded) });
          stopOnly = false;
          i += n;
          continue;
        }
        const f = toks[i].folded;
        if (this.stop.has(f)) { i++; continue; }
        stopOnly = false;
        terms.push({ keys: tks[i].filter((k) => !this.stop.has(k)).map((k) => [k, k === f ? W_EXACT : W_STEM]),
          entity: null, words: [f] });
        i++;
      }
      return { terms, stopOnly };
    }

    /** Union of a term's keys: sorted docs with the best weight and summed counts. */
    termDocs(term) {
      const lists = term.keys.map(([k, w]) => [this.postings.get(k) || EMPTY, w]);
      const idx = lists.map(() => 0);
      const docs = [], weight = [], tf = [];
      for (;;) {
        let d = 0x7fffffff;
        for (let l = 0; l < lists.length; l++) { const p = lists[l][0]; if (idx[l] < p.docs.length && p.docs[idx[l]] < d) d = p.docs[idx[l]]; }
        if (d === 0x7fffffff) break;
        let w = 0, c = 0;
        for (let l = 0; l < lists.length; l++) {
          const p = lists[l][0];
          if (idx[l] < p.docs.length && p.docs[idx[l]] === d) {
            if (lists[l][1] > w) w = lists[l][1];
            c += p.off[idx[l] + 1] - p.off[idx[l]];
            idx[l]++;
          }
        }
        docs.push(d); weight.push(w); tf.push(c);
      }
      return { docs, weight, tf };
    }

    positions(term, doc) {
      const out = [];
      for (const [k] of term.keys) {
        const p = this.postings.get(k) || EMPTY;
        const i = lowerBound(p.docs, doc, 0);
        if (i < p.docs.length && p.docs[i] === doc) for (let j = p.off[i]; j < p.off[i + 1]; j++) out.push(p.pos[j]);
      }
      return out;
    }

    isPhrase(terms, doc) {
      let cur = new Set(this.positions(terms[0], doc));
      for (let t = 1; t < terms.length && cur.size; t++) {
        const next = new Set();
        for (const p of this.positions(terms[t], doc)) if (cur.has(p - 1)) next.add(p);
        // an entity term covers every token of its mention: carry the phrase through it
        if (terms[t].entity) { let grow = true; while (grow) { grow = false; for (const p of this.positions(terms[t], doc)) if (next.has(p - 1) && !next.has(p)) { next.add(p); grow = true; } } }
        cur = next;
      }
      return cur.size > 0;
    }

    /** Search: {terms, stopOnly, total (paragraphs), groups: [{b, score, count, hits: [{doc, score, phrase}]}]} */
    async search(query, filters) {
      await this.init();
      filters = filters || {};
      const { terms, stopOnly } = this.parse(query);
      if (!terms.length) return { terms, stopOnly, total: 0, groups: [] };
      const need = terms.flatMap((t) => t.keys.map(([k]) => k));
      if (filters.speaker) need.push("~" + filters.speaker);
      await this.loadKeys(need);
      const lists = terms.map((t) => this.termDocs(t));
      if (filters.speaker) {
        const p = this.postings.get("~" + filters.speaker) || EMPTY;
        lists.push({ docs: Array.from(p.docs), weight: null, tf: null });
      }
      const order = lists.map((_, i) => i).sort((a, b) => lists[a].docs.length - lists[b].docs.length);
      const ptr = lists.map(() => 0);
      const m = this.manifest;
      const meeting = filters.meeting ? m.meetings.findIndex((x) => x[0] === filters.meeting) : -1;
      const kindIx = filters.kind ? m.kinds.findIndex((x) => x[0] === filters.kind) : -1;
      const hits = [];
      const first = lists[order[0]];
      outer: for (let i = 0; i < first.docs.length; i++) {
        const d = first.docs[i];
        const b = this.docBriefing[d];
        if ((meeting >= 0 && m.bm[b] !== meeting) || (kindIx >= 0 && m.bk[b] !== kindIx)) continue;
        for (let o = 1; o < order.length; o++) {
          const l = lists[order[o]];
          ptr[order[o]] = lowerBound(l.docs, d, ptr[order[o]]);
          if (ptr[order[o]] >= l.docs.length) break outer;
          if (l.docs[ptr[order[o]]] !== d) continue outer;
        }
        let score = 0;
        for (let t = 0; t < terms.length; t++) {
          const l = lists[t], j = t === order[0] ? i : ptr[t];
          score += l.weight[j] * (1 + 0.1 * Math.min(l.tf[j], 5));
        }
        hits.push({ doc: d, b, score, phrase: false });
      }
      if (terms.length > 1) {
        for (const h of hits) if (this.isPhrase(terms, h.doc)) { h.phrase = true; h.score += PHRASE; }
      }
      // hits are in document order, so each briefing's hits are contiguous
      const groups = [];
      for (let i = 0; i < hits.length;) {
        let j = i;
        while (j < hits.length && hits[j].b === hits[i].b) j++;
        const own = hits.slice(i, j).sort((x, y) => y.score - x.score || x.doc - y.doc);
        groups.push({ b: hits[i].b, score: own[0].score, count: own.length, hits: own.slice(0, GROUP_HITS) });
        i = j;
      }
      groups.sort((x, y) => y.score - x.score || y.count - x.count || x.b - y.b);
      return { terms, stopOnly, total: hits.length, groups };
    }

    /** The text of briefing b (for snippets). `signal` says when the caller no longer needs it (a
        stale query): the download is aborted once every caller that asked for it has let it go (a
        caller without a signal always keeps it). */
    briefing(b, signal) {
      let e = this.texts.get(b);
      if (!e || e.ctrl.signal.aborted) {  // an aborted download is about to leave the cache: start anew
        const ctrl = new AbortController();
        e = { ctrl, holders: 0, done: false, promise: this.getFile("search/t/" + b + ".z", ctrl.signal) };
        const entry = e;
        e.promise.then(() => { entry.done = true; }, () => { if (this.texts.get(b) === entry) this.texts.delete(b); });
        this.texts.set(b, e);
      }
      if (!e.done) {
        if (!signal) e.holders = Infinity;
        else if (!signal.aborted) {
          const entry = e;
          entry.holders++;
          signal.addEventListener("abort", () => { if (--entry.holders <= 0 && !entry.done) entry.ctrl.abort(); }, { once: true });
        }
      }
      return e.promise;
    }

    /** The shard of postings that holds `key` (or would hold it), loaded once; null before the first key. */
    shard(s) {
      if (s < 0) return Promise.resolve({});
      if (!this.shards.has(s)) this.shards.set(s, this.getFile("search/i/" + s + ".z"));
      return this.shards.get(s);
    }

    /** While a word is being typed: the query as it will most likely read once that word is finished
        (or null: nothing to guess). The last word of `query` (not followed by a space or punctuation,
        at least two letters) is completed with the index key that starts with it and has the most
        postings, among the paragraphs that also hold the query's other words, if it has others; a
        Latin word may also be completed to a Latin name. No guess while the keys that start with the
        word fill more than AROUND shards. */
    async complete(query) {
      await this.init();
      const toks = tokens(query);
      const last = toks[toks.length - 1];
      if (!last || last.end !== query.length || last.folded.length < 2) return null;
      const prefix = last.folded, s = this.shardOf(prefix), m = this.manifest;
      const around = [s];
      for (let j = s + 1; j < m.shards.length && m.shards[j].startsWith(prefix); j++) {
        if (around.length === AROUND) return null;  // a word begun so far has too many endings to guess one
        around.push(j);
      }
      const shards = await Promise.all(around.map((j) => this.shard(j)));
      const found = new Map();  // completion → [the key its postings are under, encoded postings]
      for (const shard of shards) {
        for (const k in shard) if (k.length > prefix.length && k.startsWith(prefix) && !this.stop.has(k)) found.set(k, [k, shard[k]]);
      }
      // words of names in Latin letters (no index key of their own): scored by their entity's postings
      for (const [t, eid] of isArabic(prefix) ? [] : this.aliasWords) {
        if (t.length > prefix.length && t.startsWith(prefix) && !found.has(t) && !isArabic(t)) {
          const key = "=" + eid, shard = await this.shard(this.shardOf(key));
          found.set(t, [key, Object.prototype.hasOwnProperty.call(shard, key) ? shard[key] : ""]);
        }
      }
      if (!found.size) return null;
      const cands = [...found].sort((a, b) => b[1][1].length - a[1][1].length || (a[0] < b[0] ? -1 : 1)).slice(0, COMPLETIONS);
      const head = query.slice(0, last.start);
      let best = cands[0][0];
      const { terms } = this.parse(head);
      if (terms.length) {
        await this.loadKeys(terms.flatMap((t) => t.keys.map(([k]) => k)));
        let context = null;
        for (const t of terms) {
          const docs = this.termDocs(t).docs;
          context = context ? context.filter((d) => docs[lowerBound(docs, d, 0)] === d) : docs;
        }
        let most = -1;
        for (const [k, [key, v]] of cands) {
          if (!this.postings.has(key)) this.postings.set(key, decodePostings(v));
          const docs = this.postings.get(key).docs;
          let n = 0;
          for (const d of context) { const i = lowerBound(docs, d, 0); if (i < docs.length && docs[i] === d) n++; }
          if (n > most) { most = n; best = k; }
        }
      }
      return head + best;
    }

    /** Download what the results of `query` will need (index files, and the texts of the first `page`
        briefings), without showing anything; `signal` gives the texts up (see briefing). */
    async prefetch(query, filters, page, signal) {
      const result = await this.search(query, filters);
      if (signal && signal.aborted) return;
      await Promise.all(result.groups.slice(0, page).map((g) => this.briefing(g.b, signal).catch(() => null)));
    }

    /** The paragraph of a document, with its briefing's title, address and its section. */
    async paragraph(doc, signal) {
      const b = this.docBriefing[doc], j = doc - this.starts[b];
      const c = await this.briefing(b, signal);
      const [anchor, si, text, quoted] = c.p[j];
      const [heading, speaker] = c.s[si];
      return { b, title: c.t, url: c.u, id: c.i, anchor, heading, speaker, quoted, text };
    }

    /** [start, end) ranges of a text that match the query's terms (for highlighting). */
    matchRanges(text, terms) {
      const toks = tokens(text);
      const tks = toks.map((t) => this.keysOf(t.folded));
      const plain = new Set(), out = [];
      for (const t of terms) if (!t.entity || t.words.length === 1) for (const [k] of t.keys) if (k[0] !== "=") plain.add(k);
      for (let i = 0; i < toks.length; i++) if (tks[i].some((k) => plain.has(k))) out.push([toks[i].start, toks[i].end]);
      for (const t of terms) {
        if (!t.entity) continue;
        const seqs = (this.entitySeqs.get(t.entity) || []).slice().sort((a, b) => b.length - a.length);
        for (let i = 0; i < toks.length; i++) {
          for (const seq of seqs) {
            if (i + seq.length > toks.length) continue;
            let ok = true;
            for (let j = 0; j < seq.length && ok; j++) ok = tks[i + j].includes(seq[j]);
            if (ok) { out.push([toks[i].start, toks[i + seq.length - 1].end]); i += seq.length - 1; break; }
          }
        }
      }
      out.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
      const merged = [];
      for (const r of out) {
        const last = merged[merged.length - 1];
        if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else merged.push(r.slice());
      }
      return merged;
    }
  }

  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeHtml(s) { return s.replace(/[&<>"']/g, (c) => ESC[c]); }

  /** A snippet of `text` around its first match, every character escaped, matches in <mark>. */
  function snippet(text, ranges, width) {
    width = width || 220;
    let from = 0, to = text.length;
    if (text.length > width) {
      const first = ranges.length ? ranges[0][0] : 0;
      from = Math.max(0, first - Math.floor(width / 3));
      to = Math.min(text.length, from + width);
      from = Math.max(0, to - width);
      if (from > 0) { const sp = text.indexOf(" ", from); if (sp >= 0 && sp < first) from = sp + 1; }
      if (to < text.length) { const sp = text.lastIndexOf(" ", to); if (sp > from) to = sp; }
    }
    let out = from > 0 ? "… " : "", at = from;
    for (const [s, e] of ranges) {
      if (e <= from || s >= to) continue;
      const a = Math.max(s, from), z = Math.min(e, to);
      out += escapeHtml(text.slice(at, a)) + "<mark>" + escapeHtml(text.slice(a, z)) + "</mark>";
      at = z;
    }
    out += escapeHtml(text.slice(at, to)) + (to < text.length ? " …" : "");
    return out;
  }

  return { fold, tokens, keys, unvarints, decodePostings, Engine, snippet, escapeHtml, PREFIXES, TEXT };
});
