/* The search box in the header (scripts/edition/theme/partials/header.html): opens with the button,
   or with / s f like Material's; loads the engine and the index only when it opens (a page view
   downloads no index), searches on every keystroke without waiting (stale answers are dropped),
   renders the results with one DOM update. A result link carries ?h=<query>: the briefing page
   then highlights the match in its paragraphs. */
(function () {
  "use strict";
  const script = document.currentScript;
  const ROOT = new URL("..", script.src).href;  // this file is assets/search.js
  const PAGE = 6;  // briefings per page of results: one round of downloads (a browser opens 6 connections per host)
  let engine = null, loading = null, generation = 0, shown = 0, last = null;

  function loadEngine() {
    if (!loading) {
      loading = new Promise((resolve, reject) => {
        const s = document.createElement("script");
        s.src = new URL("search-engine.js", script.src).href;
        s.onload = () => resolve();
        s.onerror = () => reject(new Error("search-engine.js did not load"));
        document.head.appendChild(s);
      }).then(async () => {
        engine = new window.EditionSearch.Engine(ROOT);
        await engine.init();
        return engine;
      });
    }
    return loading;
  }

  const $ = (id) => document.getElementById(id);
  const esc = (s) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const num = (n) => n.toLocaleString("ar-EG");

  function fillFilters(m) {
    const fill = (id, items) => {
      const sel = $(id);
      if (sel.options.length > 1) return;
      for (const [value, label] of items) sel.add(new Option(label, value));
    };
    fill("es-meeting", m.meetings.filter((x, i) => m.bm.includes(i)));
    fill("es-kind", m.kinds.filter((x, i) => m.bk.includes(i)));
    fill("es-speaker", m.speakers);
  }

  function open() {
    const dialog = $("es-dialog");
    if (!dialog.open) dialog.showModal();
    $("es-q").focus();
    $("es-q").select();
    loadEngine().then((e) => { fillFilters(e.manifest); if ($("es-q").value) run(); }, fail);
  }

  function fail(err) {
    $("es-status").textContent = "تعذّر تحميل فهرس البحث: " + err.message;
  }

  function filters() {
    return { meeting: $("es-meeting").value, kind: $("es-kind").value, speaker: $("es-speaker").value };
  }

  let controller = null;

  async function run(more) {
    const gen = ++generation;
    const q = $("es-q").value;
    if (!more) shown = PAGE;
    // a newer keystroke cancels the downloads of texts for the previous one (they hold connections)
    if (controller) controller.abort();
    controller = new AbortController();
    const signal = controller.signal;
    if (q.trim().length < 2) { render(gen, q, null, []); return; }  // one letter: not yet a word
    try {
      const t0 = performance.now();
      const e = engine || await loadEngine();
      const result = await e.search(q, filters());
      if (gen !== generation) return;
      const t1 = performance.now();
      const groups = result.groups.slice(0, shown);
      const paras = await Promise.all(groups.map((g) => Promise.all(g.hits.map((h) => e.paragraph(h.doc, signal)))));
      if (gen !== generation) return;
      const t2 = performance.now();
      render(gen, q, result, groups.map((g, i) => ({ g, paras: paras[i] })));
      // where the time went (ms): search (index files and matching), texts for snippets, rendering
      $("es-results").dataset.timing = [t1 - t0, t2 - t1, performance.now() - t2].map(Math.round).join(",");
      if (!more) ahead(e, gen, q);
    } catch (err) {
      if (gen === generation && err.name !== "AbortError") fail(err);
    }
  }

  let guess = null;  // {query, controller}: the finished query whose files are being fetched ahead

  /** While a word is being typed, fetch ahead what its most likely completion will need (index files
      and the texts of its first page of results), so that the keystroke that ends the word finds them
      here. A new guess gives up the texts of the previous one that no query has asked for since. */
  async function ahead(e, gen, q) {
    let next = null;
    try { next = await e.complete(q); } catch (err) { return; }
    if (gen !== generation || !next || (guess && guess.query === next)) return;
    if (guess) guess.controller.abort();
    guess = { query: next, controller: new AbortController() };
    e.prefetch(next, filters(), PAGE, guess.controller.signal).catch(() => null);
  }

  function render(gen, q, result, items) {
    last = result;
    const box = $("es-results");
    const status = $("es-status");
    let html = "";
    let text;
    if (!result) {
      text = "اكتب كلمة أو اسما أو رقما، بالعربية أو بالحروف اللاتينية.";
    } else if (result.stopOnly) {
      text = "هذه كلمات شائعة جدا لا يُبحث عنها وحدها: أضف كلمة أخرى.";
    } else if (!result.total) {
      text = "لا نتائج لـ«" + q + "».";
    } else {
      text = "الفقرات المطابقة: " + num(result.total) + " · في النصوص: " + num(result.groups.length);
      const href = (url, anchor) => ROOT + url + "?h=" + encodeURIComponent(q) + "#" + anchor;
      html += '<ol class="es-list">';
      for (const { g, paras } of items) {
        const p0 = paras[0];
        html += '<li class="es-group" data-briefing="' + esc(p0.id) + '">' +
          '<a class="es-title" href="' + esc(href(p0.url, p0.anchor)) + '">' + esc(p0.title) + "</a>" +
          '<span class="es-meta">' + esc(engine.manifest.meetings[engine.manifest.bm[g.b]][1]) + " · " +
          esc(engine.manifest.kinds[engine.manifest.bk[g.b]][1]) + (g.count > 1 ? " · " + num(g.count) + " فقرات" : "") + "</span><ol class=\"es-hits\">";
        for (let i = 0; i < paras.length; i++) {
          const p = paras[i];
          const ranges = engine.matchRanges(p.text, result.terms);
          html += '<li><a class="es-hit" data-doc="' + g.hits[i].doc + '"' + (g.hits[i].phrase ? ' data-phrase=""' : "") + ' href="' + esc(href(p.url, p.anchor)) + '">' +
            '<span class="es-section">' + esc(p.heading) + (p.speaker && p.speaker !== p.heading ? " — " + esc(p.speaker) : "") +
            (p.quoted ? " · اقتباس منسوب إلى " + esc(p.quoted) : "") +
            ' <span class="es-pid" dir="ltr">' + esc(p.anchor) + "</span></span>" +
            '<span class="es-snippet">' + window.EditionSearch.snippet(p.text, ranges) + "</span></a></li>";
        }
        html += "</ol></li>";
      }
      html += "</ol>";
      if (result.groups.length > items.length) {
        html += '<button type="button" class="es-more" id="es-more">نتائج أخرى (' + num(result.groups.length - items.length) + " نصوص)</button>";
      }
    }
    status.textContent = text;
    box.innerHTML = html;
    box.dataset.query = q;
    box.dataset.generation = String(gen);
    box.dataset.state = result ? "done" : "idle";
  }

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function init() {
    const dialog = $("es-dialog");
    if (!dialog) return;
    $("es-open").addEventListener("click", open);
    $("es-close").addEventListener("click", () => dialog.close());
    dialog.addEventListener("click", (ev) => { if (ev.target === dialog) dialog.close(); });
    $("es-form").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const first = $("es-results").querySelector("a.es-hit");
      if (first) location.href = first.href;
    });
    $("es-q").addEventListener("input", () => run());
    $("es-q").addEventListener("focus", () => loadEngine().then((e) => fillFilters(e.manifest), fail), { once: true });
    for (const id of ["es-meeting", "es-kind", "es-speaker"]) $(id).addEventListener("change", () => run());
    $("es-results").addEventListener("click", (ev) => {
      if (ev.target.id === "es-more") { shown += PAGE; run(true); }
    });
    dialog.addEventListener("keydown", (ev) => {
      // Escape closes at once (in a search field Chromium would first only clear the text)
      if (ev.key === "Escape") { ev.preventDefault(); dialog.close(); return; }
      if (ev.key !== "ArrowDown" && ev.key !== "ArrowUp") return;
      const links = [...dialog.querySelectorAll("a.es-hit")];
      if (!links.length) return;
      const i = links.indexOf(document.activeElement);
      const next = ev.key === "ArrowDown" ? (i < 0 ? 0 : Math.min(i + 1, links.length - 1)) : (i <= 0 ? -1 : i - 1);
      ev.preventDefault();
      if (next < 0) $("es-q").focus(); else links[next].focus();
    });
    // Keyboard shortcuts as in Material: / s f open the search (not while typing elsewhere).
    window.addEventListener("keydown", (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || editable(ev.target) || dialog.open) return;
      if (ev.key === "/" || ev.key === "s" || ev.key === "f" || ev.key === "س") {
        ev.preventDefault();
        ev.stopImmediatePropagation();
        open();
      }
    }, true);
    highlightPage();
  }

  /** On a page opened from a result (?h=query): mark the matching words in the source paragraphs. */
  async function highlightPage() {
    const q = new URLSearchParams(location.search).get("h");
    if (!q) return;
    const e = await loadEngine();
    const { terms } = e.parse(q);
    if (!terms.length) return;
    const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) target.classList.add("es-target");
    for (const p of document.querySelectorAll(".para .tx")) {
      const nodes = sourceNodes(p);
      markIn(nodes, e.matchRanges(nodes.map((n) => n.data).join(""), terms));
    }
  }

  /** The text nodes of a paragraph's source words: editorial insertions (class "ed") are skipped. */
  function sourceNodes(el) {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.parentElement.closest(".ed") && el.contains(n.parentElement.closest(".ed"))
        ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n);
    return out;
  }

  function markIn(nodes, ranges) {
    let offset = 0;
    const spans = nodes.map((n) => { const s = offset; offset += n.data.length; return [n, s]; });
    for (let r = ranges.length - 1; r >= 0; r--) {
      const [a, z] = ranges[r];
      for (let i = spans.length - 1; i >= 0; i--) {
        const [node, s] = spans[i];
        const from = Math.max(a, s), to = Math.min(z, s + node.data.length);
        if (from >= to) continue;
        const range = document.createRange();
        range.setStart(node, from - s);
        range.setEnd(node, to - s);
        const mark = document.createElement("mark");
        mark.className = "es-mark";
        range.surroundContents(mark);
      }
    }
    // Ranges are marked from the last to the first: marking keeps the text before the mark in the
    // same text node, so the offsets of every earlier range stay valid.
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
