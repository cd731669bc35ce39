/* Small progressive enhancements; every page works without JavaScript. */
(function () {
  "use strict";
  var narrow = window.matchMedia("(max-width: 47.99em)");
  var panelOpen = null;  // the filter panel's state, kept across htmx swaps

  function applyPanel() {
    var panel = document.getElementById("facets-panel");
    if (!panel) { return; }
    if (panelOpen === null) { panelOpen = !narrow.matches; }
    panel.open = panelOpen;
    panel.addEventListener("toggle", function () { panelOpen = panel.open; });
  }

  function announce() {
    var status = document.getElementById("result-status");
    var live = document.getElementById("search-announce");
    if (status && live) { live.textContent = status.textContent.replace(/\s+/g, " ").trim(); }
  }

  // a chip or page link replaced by the update cannot keep the focus: move it to the
  // results heading so keyboard and screen-reader users continue from there
  var fromLink = false;
  document.addEventListener("htmx:beforeRequest", function (e) {
    fromLink = e.detail.elt && e.detail.elt.tagName === "A";
  });

  function refocus() {
    var heading = document.getElementById("results-heading");
    if (fromLink && heading && (document.activeElement === document.body || !document.activeElement)) {
      heading.focus();
    }
    fromLink = false;
  }

  document.addEventListener("DOMContentLoaded", applyPanel);
  document.addEventListener("htmx:afterSettle", function () { applyPanel(); announce(); refocus(); });
})();
