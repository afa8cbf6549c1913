/* Gradient Descent, an executable course: small behaviour added to every page.
   Inline formulas wider than the column scroll sideways (gd-book.css); here each one that does
   overflow becomes keyboard-focusable (so it can be scrolled with the arrow keys), once MathJax has typeset
   the page and again when the window is resized. No network, no dependencies. */
(function () {
  "use strict";
  function markScrollingFormulas() {
    document.querySelectorAll(".bd-content span.math").forEach(function (span) {
      // The typeset formula's own width: scrollWidth would also count MathJax's hidden,
      // absolutely placed copy for screen readers, which overflows every formula.
      var typeset = span.querySelector("mjx-container");
      var scrolls = !!typeset && typeset.getBoundingClientRect().width > span.clientWidth + 1;
      span.classList.toggle("gd-scrolls", scrolls);
      if (scrolls) span.setAttribute("tabindex", "0");
      else span.removeAttribute("tabindex");
    });
  }
  function whenTypeset() {
    var mj = window.MathJax;
    if (mj && mj.startup && mj.startup.promise) {
      mj.startup.promise.then(markScrollingFormulas);
    } else {
      markScrollingFormulas();
    }
  }
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(markScrollingFormulas, 150);
  });
  if (document.readyState === "complete") whenTypeset();
  else window.addEventListener("load", whenTypeset);
})();
