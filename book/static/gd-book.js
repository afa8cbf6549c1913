/* Gradient Descent, an executable course: small behaviour added to every page.
   Formulas are MathML written when the book is built (scripts/postprocess_html.py). Inline
   formulas wider than the column scroll sideways (gd-book.css), and so do display formulas;
   here each one that does overflow becomes keyboard-focusable (so it can be scrolled with the
   arrow keys), once the page has loaded and again when the window is resized. No network, no
   dependencies. */
(function () {
  "use strict";
  function focusableIf(element, scrolls) {
    if (scrolls === element.classList.contains("gd-scrolls")) return;
    element.classList.toggle("gd-scrolls", scrolls);
    if (scrolls) element.setAttribute("tabindex", "0");
    else element.removeAttribute("tabindex");
  }
  function markScrollingFormulas() {
    // Anything that can scroll at all is focusable (axe: scrollable-region-focusable counts a
    // single pixel, e.g. of an accent that Temml nudges sideways).
    document.querySelectorAll(".bd-content span.math").forEach(function (span) {
      focusableIf(span, span.scrollWidth > span.clientWidth || span.scrollHeight > span.clientHeight);
    });
    // A display formula scrolls inside its own <math> element (the equation number stays put).
    document.querySelectorAll(".bd-content div.math > math").forEach(function (formula) {
      focusableIf(formula, formula.scrollWidth > formula.clientWidth ||
                           formula.scrollHeight > formula.clientHeight);
    });
    // Code blocks and outputs that scroll sideways (axe: scrollable-region-focusable).
    document.querySelectorAll(".bd-content pre").forEach(function (pre) {
      focusableIf(pre, pre.scrollWidth > pre.clientWidth + 1);
    });
  }
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(markScrollingFormulas, 150);
  });
  // After load: the math font (font-display: swap) may change the formulas' widths.
  function whenLoaded() {
    markScrollingFormulas();
    if (document.fonts && document.fonts.ready) document.fonts.ready.then(markScrollingFormulas);
  }
  if (document.readyState === "complete") whenLoaded();
  else window.addEventListener("load", whenLoaded);
})();

/* Search (issue #14): a chapter ranks first for the words of its own title, and result
   snippets come from the article's text, not from the page header (buttons, "Contents").
   Sphinx's searchtools.js keeps a Scorer that is defined before it loads; this one has
   Sphinx's default weights plus a score() that lifts documents whose title holds every word
   of the query (shorter titles first). */
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  score: function (result) {
    var title = String(result[1] || "").split(" > ")[0].toLowerCase();
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var words = query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return w.length > 2;
    });
    var score = result[4];
    if (words.length && words.every(function (w) { return title.indexOf(w) !== -1; })) {
      score += 100 + Math.round(50 * words.join(" ").length / Math.max(title.length, 1));
      if (!result[2]) score += 10; // the page itself before one of its sections
    }
    return score;
  },
};

(function () {
  "use strict";
  var HEADER = ".headerlink, script, style, .bd-header-article, .header-article-items, " +
    ".bd-sidebar-secondary, .prev-next-area, .bd-footer-article, .bd-footer-content, " +
    "#jb-print-docs-body, .toggle-button";
  function bodyText(htmlString, anchor) {
    var doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(HEADER).forEach(function (e) { e.remove(); });
    var article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!article) return "";
    if (anchor) {
      var part = article.querySelector(anchor);
      if (part) return part.textContent;
    }
    return article.textContent;
  }
  document.addEventListener("DOMContentLoaded", function () {
    /* global Search */
    if (typeof Search !== "undefined" && Search.htmlToText) Search.htmlToText = bodyText;
  });
})();

/* "Solution to Exercise N" (sphinx-exercise): the title of a folded solution links to its
   exercise, so a click on the words jumped up to the question instead of opening the answer.
   A click on that link now only opens or closes the solution (as a click on the rest of the
   title does), and a link to a solution's id opens it. */
(function () {
  "use strict";
  var TITLE_LINK = ".solution.dropdown > .admonition-title a";
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(TITLE_LINK);
    if (!link) return;
    // No jump to the exercise; toggle through the solution's own button (the title's handler
    // does not recognise a click that starts on the link).
    event.preventDefault();
    event.stopPropagation();
    var button = link.closest(".admonition-title").querySelector(".toggle-button");
    if (button) button.click();
  }, true);
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var solution = target && target.closest(".solution.dropdown.toggle-hidden");
    if (!solution) return;
    var title = solution.querySelector(":scope > .admonition-title");
    if (title) title.click();
    solution.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "complete") openTarget();
  else window.addEventListener("load", openTarget);
})();
