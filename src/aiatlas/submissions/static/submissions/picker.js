/* Search-as-you-type pickers for long checkbox lists (countries, regions, organizations,
   technologies). The page works without this file: each picker is a plain checkbox list in
   a scrolling box. With it, a filter box above the list hides the options that do not match
   what is typed, and the chosen options are listed above as buttons that remove them.
   No inline script or style: only classes and the hidden attribute. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function optionsOf(box) {
    return Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]")).map(
      function (input) {
        var label = input.closest("label") || input.parentElement;
        var row = label.parentElement === box ? label : label.parentElement;
        return { input: input, row: row, text: label.textContent.trim(), key: fold(label.textContent) };
      }
    );
  }

  // Every text this script writes is a translated data- attribute of the widget (none is
  // written here, so the pseudo-locale check sees them all: JS_TEXT_ATTRIBUTES in
  // tests/web/pseudo_check.py); Django writes them on each checkbox (only the id and class
  // go on the box), so they are read from the first one.
  function texts(box) {
    var first = box.querySelector("input[type=checkbox]");
    return first && first.dataset.placeholder ? first.dataset : box.dataset;
  }

  function enhance(box) {
    var options = optionsOf(box);
    var labels = texts(box);
    var fieldset = box.closest("fieldset");
    var legend = fieldset ? fieldset.querySelector("legend") : null;
    var name = legend ? legend.textContent.trim().replace(/:$/, "") : "";

    var chosen = document.createElement("ul");
    chosen.className = "picker-chosen";
    chosen.setAttribute("aria-live", "polite");

    var filter = document.createElement("input");
    filter.type = "search";
    filter.className = "picker-filter";
    filter.setAttribute("autocomplete", "off");
    filter.setAttribute("aria-label", ((labels.filterLabel || "") + " " + name).trim());
    filter.placeholder = labels.placeholder || "";
    filter.id = box.id + "-filter";

    var empty = document.createElement("p");
    empty.className = "picker-empty";
    empty.hidden = true;
    empty.textContent = labels.empty || "";

    box.parentNode.insertBefore(chosen, box);
    box.parentNode.insertBefore(filter, box);
    box.parentNode.insertBefore(empty, box.nextSibling);

    function showChosen() {
      chosen.textContent = "";
      options.forEach(function (o) {
        if (!o.input.checked) return;
        var item = document.createElement("li");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "picker-chip";
        button.textContent = o.text + " ×";
        button.setAttribute("aria-label", ((labels.removeLabel || "") + " " + o.text).trim());
        button.addEventListener("click", function () {
          o.input.checked = false;
          showChosen();
          filter.focus();
        });
        item.appendChild(button);
        chosen.appendChild(item);
      });
    }

    function applyFilter() {
      var words = fold(filter.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      options.forEach(function (o) {
        var match = words.every(function (w) { return o.key.indexOf(w) !== -1; });
        o.row.hidden = !match;
        if (match) shown += 1;
      });
      empty.hidden = shown !== 0;
    }

    filter.addEventListener("input", applyFilter);
    filter.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault(); // Enter picks the only match instead of sending the form
      var visible = options.filter(function (o) { return !o.row.hidden; });
      if (visible.length === 1) {
        visible[0].input.checked = true;
        filter.value = "";
        applyFilter();
        showChosen();
      }
    });
    box.addEventListener("change", showChosen);
    box.classList.add("picker-ready");
    showChosen();
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll(".picker"), function (box) {
      if (box.tagName === "DIV") enhance(box);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
