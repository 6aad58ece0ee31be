/* Cite: copy a paragraph's link and its citation, or the page's citation in one format.
 *
 * Only an enhancement: the page's citation block (#cite) and each paragraph's permalink are in the
 * page without this script. The citation texts come from the page (data-copy on each format, with
 * the tokens ⟦url⟧, ⟦accessed⟧ and ⟦para⟧); this script fills in the address, today's date and the
 * paragraph id, turns each paragraph's "cite" link into a button, and announces what it copied.
 * Bidi isolates (U+2066..U+2069) in the texts are kept, so a pasted citation is never reordered.
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

  function citation(block, style, pid) {
    var text = block.querySelector('.cite-style[data-style="' + style + '"] .cite-text');
    var acc = text.querySelector(".cite-acc");
    var url = pageUrl(block) + (pid ? "#" + pid : "");
    return text.getAttribute("data-copy")
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

    document.querySelectorAll("a.cite-link[data-pid]").forEach(function (link) {
      var pid = link.getAttribute("data-pid");
      var b = button(link.textContent, "اقتبس الفقرة " + pid + ": انسخ رابطها والاستشهاد بها");
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
      link.parentNode.replaceChild(b, link);
    });
  }

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
