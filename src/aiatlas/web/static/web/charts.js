/* Renders every chart whose Vega-Lite spec sits in a <script type="application/json">
   (data, not code: the Content-Security-Policy does not run it). */
(function () {
  "use strict";
  // CSP-safe: expressions run in vega's interpreter (ast), never through new Function, and
  // vega-embed / vega-tooltip insert no <style> element (their rules live in charts.css)
  var OPTIONS = {
    actions: false,
    renderer: "svg",
    ast: true,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true }
  };
  function render(root) {
    if (typeof window.vegaEmbed !== "function") { return; }
    root.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      var source = document.getElementById(el.dataset.chart);
      if (!source) { return; }
      el.dataset.rendered = "1";
      window.vegaEmbed(el, JSON.parse(source.textContent), OPTIONS)
        .catch(function (err) { el.dataset.rendered = ""; console.error(err); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSettle", function (e) { render(e.target); });
})();
