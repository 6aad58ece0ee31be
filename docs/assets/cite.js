/* Cite: copy a paragraph's link and its citation, or the page's citation in one format; and the
 * tooltips of the names marked in the text.
 *
 * Only an enhancement: the page's citation block (#cite) and each paragraph's permalink are in the
 * page without this script. The citation texts come from the page (each format's text, in which the
 * address, the access date and the paragraph are marked elements: the tokens ⟦url⟧, ⟦accessed⟧ and
 * ⟦para⟧ of the copied text); this script fills in the address, today's date and the paragraph id,
 * adds a "cite" button after each paragraph's permalink, and announces what it copied.
 * Bidi isolates (U+2066..U+2069) in the texts are kept, so a pasted citation is never reordered.
 *
 * A mention in the text is a link to its entry page; the entry's note is on the page once, in the
 * "who and what is named here" list (shown in print as end notes). This script makes it the title of
 * every mention of that entry as soon as it runs (before DOMContentLoaded, when Material turns titles
 * into tooltips on hover and keyboard focus).
 */
(function () {
  "use strict";
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];
  var MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];
  var STYLE_KEY = "edition-cite-style";
  var NAMES = { chicago: "Chicago", apa: "APA", mla: "MLA", bibtex: "BibTeX" };

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function accessDate(kind, d) {
    if (kind === "mdy") return MONTHS[d.getMonth()] + " " + d.getDate() + ", " + d.getFullYear();
    if (kind === "dmy-abbr") return d.getDate() + " " + MLA_MONTHS[d.getMonth()] + " " + d.getFullYear();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function pageUrl(block) {
    if (block.getAttribute("data-absolute") === "true") return block.getAttribute("data-url");
    return location.href.split("#")[0];
  }

  // Each format's text with its marked parts as tokens, read before they are filled in.
  var TEMPLATES = {};
  var TOKENS = { "cite-url": "⟦url⟧", "cite-acc": "⟦accessed⟧", "cite-para": "⟦para⟧" };

  function template(text) {
    var copy = text.cloneNode(true);
    Object.keys(TOKENS).forEach(function (cls) {
      copy.querySelectorAll("." + cls).forEach(function (el) { el.replaceWith(TOKENS[cls]); });
    });
    return copy.textContent;
  }

  function citation(block, style, pid) {
    var text = block.querySelector('.cite-style[data-style="' + style + '"] .cite-text');
    var acc = text.querySelector(".cite-acc");
    var url = pageUrl(block) + (pid ? "#" + pid : "");
    return TEMPLATES[style]
      .split("⟦url⟧").join(url)
      .split("⟦accessed⟧").join(accessDate(acc ? acc.getAttribute("data-fmt") : "iso", new Date()))
      .split("⟦para⟧").join(pid ? ":" + pid : "");
  }

  function chosenStyle(block) {
    var saved = null;
    try { saved = localStorage.getItem(STYLE_KEY); } catch (e) { saved = null; }
    return saved && block.querySelector('.cite-style[data-style="' + saved + '"]') ? saved : "chicago";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }

  var clearTimer = null;
  function announce(status, message) {
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 30);
    window.clearTimeout(clearTimer);
    clearTimer = window.setTimeout(function () { status.textContent = ""; }, 6000);
  }

  function button(label, title) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "cite-btn";
    b.textContent = label;
    if (title) b.setAttribute("aria-label", title);
    return b;
  }

  function init() {
    var block = document.querySelector(".cite-block");
    if (!block) return;
    block.querySelectorAll(".cite-style").forEach(function (div) {
      TEMPLATES[div.getAttribute("data-style")] = template(div.querySelector(".cite-text"));
    });
    var status = document.createElement("p");
    status.className = "cite-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    block.insertBefore(status, block.firstChild);

    var today = new Date();
    block.querySelectorAll(".cite-acc").forEach(function (el) {
      el.textContent = accessDate(el.getAttribute("data-fmt"), today);
    });
    if (block.getAttribute("data-absolute") !== "true") {
      block.querySelectorAll(".cite-url").forEach(function (el) { el.textContent = pageUrl(block); });
    }

    // The format used by the paragraph buttons, chosen here and remembered.
    var label = document.createElement("label");
    label.className = "cite-choose";
    label.textContent = "صيغة الاستشهاد عند نسخ فقرة: ";
    var select = document.createElement("select");
    Object.keys(NAMES).forEach(function (style) {
      if (!block.querySelector('.cite-style[data-style="' + style + '"]')) return;
      var option = document.createElement("option");
      option.value = style;
      option.textContent = NAMES[style];
      select.appendChild(option);
    });
    select.value = chosenStyle(block);
    select.addEventListener("change", function () {
      try { localStorage.setItem(STYLE_KEY, select.value); } catch (e) { /* private mode: not remembered */ }
    });
    label.appendChild(select);
    block.insertBefore(label, status.nextSibling);

    block.querySelectorAll(".cite-style").forEach(function (div) {
      var style = div.getAttribute("data-style");
      var b = button("نسخ", "نسخ الاستشهاد بالصفحة بصيغة " + NAMES[style]);
      b.addEventListener("click", function () {
        copyText(citation(block, style, null)).then(function () {
          announce(status, "نُسخ الاستشهاد بالصفحة بصيغة " + NAMES[style] + ".");
        }, function () { announce(status, "تعذّر النسخ: انسخ النص يدويًا."); });
      });
      div.querySelector(".cite-name").appendChild(b);
    });

    document.querySelectorAll(".para > .ptools > a.pid").forEach(function (link) {
      var pid = link.getAttribute("href").slice(1);
      var b = button("اقتبس", "اقتبس الفقرة " + pid + ": انسخ رابطها والاستشهاد بها");
      b.setAttribute("data-pid", pid);
      b.addEventListener("click", function () {
        var style = select.value;
        var text = pageUrl(block) + "#" + pid + "\n" + citation(block, style, pid);
        copyText(text).then(function () {
          announce(status, "نُسخ رابط الفقرة " + pid + " والاستشهاد بها بصيغة " + NAMES[style] + ".");
          b.classList.add("copied");
          window.setTimeout(function () { b.classList.remove("copied"); }, 1500);
        }, function () { announce(status, "تعذّر النسخ: انسخ الرابط والاستشهاد من قسم الاستشهاد."); });
      });
      link.after(b);
    });
  }

  // Runs at once: Material reads the titles on DOMContentLoaded to make its tooltips.
  function tooltips() {
    var notes = {};
    document.querySelectorAll(".named a[href]").forEach(function (a) {
      var note = a.nextElementSibling;  // the entry's link, its count, its note
      while (note && note.tagName !== "A" && !note.classList.contains("named-note")) note = note.nextElementSibling;
      if (note && note.tagName !== "A") notes[a.getAttribute("href")] = a.textContent + note.textContent;
    });
    document.querySelectorAll("a.mention").forEach(function (a) {
      var note = notes[a.getAttribute("href")];
      if (note) a.title = a.title ? note + " — " + a.title : note;
    });
    document.querySelectorAll(".para > .ptools > a.pid").forEach(function (a) {
      a.title = "رابط دائم لهذه الفقرة";
    });
  }
  tooltips();

  // A retired paragraph id lands on its successor: highlight the paragraph that holds the anchor.
  function land() {
    document.querySelectorAll(".para.landed").forEach(function (el) { el.classList.remove("landed"); });
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("retired")) {
      var para = target.closest(".para") || target.nextElementSibling;
      if (para) para.classList.add("landed");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); land(); });
  } else { init(); land(); }
  window.addEventListener("hashchange", land);
})();
