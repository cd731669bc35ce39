/* Renders every chart whose Vega-Lite spec sits in a <script type="application/json">. */
(function () {
  "use strict";
  function render(root) {
    if (typeof window.vegaEmbed !== "function") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      el.dataset.rendered = "1";
      window.vegaEmbed(el, JSON.parse(source.textContent), { actions: false, renderer: "svg" })
        .catch(function (err) { el.dataset.rendered = ""; console.error(err); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function (e) { render(e.target); });
})();
