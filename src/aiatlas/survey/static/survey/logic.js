/* Instant logic on a respondent's page: as answers change, questions and groups that
 * become relevant appear (and others hide), constraint messages show inline, calculations
 * and choice filters update, with xpath.js (the server's evaluator, mirrored). The page
 * works without this script; the server re-checks everything on each save.
 *
 * The form's logic comes from the JSON block #survey-logic (survey/logic.py: logic_spec
 * and the answers so far); each widget carries data-node (its question or group name)
 * and data-scope (its repeat instances, "plan.0.step.1."). */
(function () {
  "use strict";
  const X = window.AiatlasXPath;
  const form = document.getElementById("survey-form");
  const data = form ? document.getElementById(form.dataset.logic || "survey-logic") : null;

  // ------------------------------------------------------------ the error summary
  function focusSummary() {
    const summary = document.getElementById("error-summary");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", (event) => {
      const link = event.target.closest("a[data-wrap]");
      const wrap = link ? document.getElementById(link.dataset.wrap) : null;
      if (!wrap) return;
      const control = wrap.querySelector("input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])");
      if (control) {
        event.preventDefault();
        wrap.scrollIntoView({ block: "center" });
        control.focus();
      }
    });
  }
  focusSummary();

  if (!X || !form || !data) return;
  const spec = JSON.parse(data.textContent);
  const nodes = spec.nodes;
  const messages = spec.messages || {};
  const initial = spec.answers || {};
  const touched = new Set();
  const INT = /^[+-]?\d{1,15}$/;
  const DEC = /^[+-]?(\d{1,15}(\.\d*)?|\.\d+)$/;
  const TIME = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?$/;

  function copy(v) { return JSON.parse(JSON.stringify(v)); }
  function has(o, k) { return o && Object.prototype.hasOwnProperty.call(o, k); }
  function isBox(v) { return v && typeof v === "object" && !Array.isArray(v); }

  /** "plan.0.step.1." -> [["plan", 0], ["step", 1]] */
  function pairs(prefix) {
    const parts = (prefix || "").split(".").filter((p) => p !== "");
    const out = [];
    for (let k = 0; k + 1 < parts.length; k += 2) out.push([parts[k], parseInt(parts[k + 1], 10)]);
    return out;
  }

  /** The scope (repeat, index, instance) of a widget over ``answers``; null if absent. */
  function scopeOf(answers, prefix, create) {
    let box = answers;
    const scope = [];
    for (const [rep, i] of pairs(prefix)) {
      if (!Array.isArray(box[rep])) {
        if (!create) return null;
        box[rep] = [];
      }
      while (create && box[rep].length <= i) box[rep].push({});
      if (!isBox(box[rep][i])) return null;
      box = box[rep][i];
      scope.push([rep, i, box]);
    }
    return scope;
  }

  // ------------------------------------------------------------ reading the page

  function enabled(el) { return !el.disabled && !el.closest("fieldset[disabled]"); }

  /** [value or undefined, type error message or ""] of one question wrapper. */
  function readValue(wrap, type, stored) {
    const key = wrap.dataset.key;
    const controls = Array.from(wrap.querySelectorAll("input, select, textarea")).filter(enabled);
    const named = controls.filter((c) => c.name === key);
    if (type === "select_multiple") {
      const v = named.filter((c) => c.checked).map((c) => c.value.trim()).filter((x) => x);
      return [v.length ? Array.from(new Set(v)) : undefined, ""];
    }
    if (type === "rank") {
      const v = named.map((c) => c.value.trim()).filter((x) => x);
      return [v.length ? v : undefined, ""];
    }
    if (type === "geopoint") {
      const lat = controls.find((c) => c.name === key + ".lat");
      const lon = controls.find((c) => c.name === key + ".lon");
      const text = [lat ? lat.value : "", lon ? lon.value : ""].join(" ").replace(/,/g, " ").trim();
      if (!text) return [undefined, ""];
      const [a, b] = text.split(/\s+/).map(Number);
      if (!(Math.abs(a) <= 90 && Math.abs(b) <= 180)) return [undefined, "geo"];
      return [a.toFixed(6) + " " + b.toFixed(6) + " 0 0", ""];
    }
    if (type === "file" || type === "image") {
      const input = named[0];
      if (input && input.files && input.files.length) return [{ name: input.files[0].name }, ""];
      return [stored === undefined || stored === null ? undefined : stored, ""];
    }
    let raw = "";
    if (type === "select_one") {
      const picked = named.find((c) => (c.type === "radio" ? c.checked : true));
      raw = picked ? picked.value : "";
    } else if (type === "acknowledge") {
      return [named.some((c) => c.checked) ? "OK" : undefined, ""];
    } else {
      raw = named.length ? named[0].value : "";
    }
    const text = type === "text" ? raw : raw.trim();
    if (text === "") return [undefined, ""];
    if (type === "integer") return INT.test(text) ? [parseInt(text, 10), ""] : [undefined, messages.integer || ""];
    if (type === "decimal" || type === "range") {
      const t = (text.split(",").length === 2 && !text.includes(".")) ? text.replace(",", ".") : text;
      return DEC.test(t) ? [parseFloat(t), ""] : [undefined, messages.number || ""];
    }
    if (type === "date") return [X.parseIsoDate(text) === null ? undefined : text, ""];
    if (type === "time") {
      const m = TIME.exec(text);
      return [m ? m[1].padStart(2, "0") + ":" + m[2] : undefined, ""];
    }
    if (type === "datetime") return [text.replace(" ", "T").slice(0, 16), ""];
    return [type === "text" ? text : text.slice(0, 500), ""];
  }

  function readAnswers(typeErrors) {
    const answers = copy(initial);
    for (const wrap of form.querySelectorAll(".survey-q[data-key]")) {
      const name = wrap.dataset.node;
      const scope = scopeOf(answers, wrap.dataset.scope, true);
      if (!scope || !has(nodes, name)) continue;
      const box = scope.length ? scope[scope.length - 1][2] : answers;
      const [value, error] = readValue(wrap, wrap.dataset.type, box[name]);
      if (error) typeErrors.set(wrap.dataset.key, error);
      if (value === undefined) delete box[name];
      else box[name] = value;
      const other = wrap.querySelector("input[name='" + CSS.escape(wrap.dataset.key + "_other") + "']");
      if (other && enabled(other) && other.value.trim()) box[name + "_other"] = other.value.trim();
      else delete box[name + "_other"];
    }
    return answers;
  }

  // ------------------------------------------------------------ settle (engine.settle)

  function calcValue(v) {
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return "";
      return v;
    }
    if (v instanceof X.XDate) return X.toString(v);
    return typeof v === "string" ? v : X.toString(v);
  }

  function boxes(ev, name) {
    let out = [[[], ev.answers]];
    for (const rep of nodes[name].path) {
      const next = [];
      for (const [scope, box] of out) {
        (Array.isArray(box[rep]) ? box[rep] : []).forEach((inst, j) => {
          if (isBox(inst)) next.push([[...scope, [rep, j, inst]], inst]);
        });
      }
      out = next;
    }
    return out;
  }

  /** Every node with its scope, depth first, repeats once per instance (engine.visit). */
  function visit(ev, names, scope, out) {
    out = out || [];
    for (const name of names) {
      const node = nodes[name];
      out.push([name, scope]);
      if (node.kind === "group") visit(ev, node.children || [], scope, out);
      else if (node.kind === "repeat") {
        const list = ev.container(scope)[name];
        (Array.isArray(list) ? list : []).forEach((inst, j) => {
          if (isBox(inst)) visit(ev, node.children || [], [...scope, [name, j, inst]], out);
        });
      }
    }
    return out;
  }

  function settle(answers) {
    const ev = new X.Evaluator(spec, answers, spec.today);
    const old = new X.Evaluator(spec, initial, spec.today);
    const rounds = Object.keys(nodes).length + 2;
    for (let r = 0; r < rounds; r++) {
      const before = JSON.stringify(answers);
      for (const name of spec.calc_order) {
        const node = nodes[name];
        for (const [scope, box] of boxes(ev, name)) {
          if (!ev.relevant(name, scope)) {
            if (node.type === "calculate") box[name] = "";
            continue;
          }
          const triggers = node.trigger || [];
          if (triggers.length) {
            const now = triggers.map((t) => X.toString(ev.lookup(scope)(t)));
            const was = triggers.map((t) => X.toString(old.lookup(scope)(t)));
            if (now.join("\u0000") === was.join("\u0000")) continue;
          }
          const value = calcValue(ev.run(node.calculation, scope));
          if (node.type === "calculate" || value !== "") box[name] = value;
        }
      }
      for (const [name, scope] of visit(ev, spec.top, [])) {
        const node = nodes[name];
        const box = ev.container(scope);
        if (node.kind === "group") continue;
        if (node.kind === "repeat") {
          if (!ev.relevant(name, scope) && Array.isArray(box[name]) && box[name].length) box[name] = [];
          continue;
        }
        if (!ev.relevant(name, scope)) {
          delete box[name];
          delete box[name + "_other"];
        } else if (node.or_other && !(Array.isArray(box[name]) ? box[name] : [box[name]]).includes("other")) {
          delete box[name + "_other"];
        }
      }
      if (JSON.stringify(answers) === before) break;
    }
    return ev;
  }

  // ------------------------------------------------------------ showing it

  function setOn(el, on) {
    if (el.hidden === !on) return false;
    el.hidden = !on;
    return true;
  }

  function showError(wrap, message) {
    const el = wrap.querySelector("p.error[id$='-error']");
    if (!el) return;
    if (el.textContent !== message) el.textContent = message;
    el.hidden = !message;
    if (message) el.setAttribute("aria-live", "polite");
    wrap.classList.toggle("has-error", !!message);
    for (const c of wrap.querySelectorAll("input:not([type=hidden]), select, textarea")) {
      if (message) {
        c.setAttribute("aria-invalid", "true");
        c.setAttribute("aria-describedby", el.id);
      } else {
        c.removeAttribute("aria-invalid");
      }
    }
  }

  function empty(v) { return v === undefined || v === null || v === "" || (Array.isArray(v) && !v.length); }

  function filterChoices(ev, wrap, name, scope) {
    const node = nodes[name];
    if (!node.choice_filter || node.type === "rank") return false;
    const allowed = new Set(ev.choices(name, scope).map((c) => c.name));
    allowed.add("other");
    let changed = false;
    for (const el of wrap.querySelectorAll("[data-choice]")) {
      const ok = allowed.has(el.dataset.choice);
      el.hidden = !ok;
      const control = el.matches("option") ? el : el.querySelector("input");
      if (!control) continue;
      control.disabled = !ok;
      if (!ok && (control.checked || control.selected)) {
        control.checked = false;
        control.selected = false;
        changed = true;
      }
    }
    return changed;
  }

  function showValue(wrap, box, name) {
    const node = nodes[name];
    if (!node.calculation) return;
    const input = wrap.querySelector("input[name='" + CSS.escape(wrap.dataset.key) + "'], textarea");
    if (!input || input === document.activeElement || input.type === "checkbox" || input.type === "radio" || input.type === "file") return;
    const text = empty(box[name]) ? "" : X.toString(box[name]);
    if (input.value !== text) input.value = text;
  }

  function update() {
    let ev, typeErrors;
    for (let pass = 0; pass < 3; pass++) {
      typeErrors = new Map();
      const answers = readAnswers(typeErrors);
      ev = settle(answers);
      let changed = false;
      for (const el of form.querySelectorAll("[data-node]")) {
        const name = el.dataset.node;
        if (!has(nodes, name)) continue;
        const scope = scopeOf(ev.answers, el.dataset.scope, false);
        if (scope === null) continue;
        const on = ev.relevant(name, scope);
        const flipped = setOn(el, on);
        if (el.matches(".survey-group")) el.disabled = !on;
        else if (el.matches(".survey-repeat")) {
          for (const c of el.querySelectorAll(":scope > input, :scope > button, :scope > fieldset")) c.disabled = !on;
        } else if (el.matches(".survey-q")) {
          if (flipped) {
            for (const c of el.querySelectorAll("input, select, textarea, fieldset")) c.disabled = !on;
          }
          if (on && filterChoices(ev, el, name, scope)) changed = true;
          if (flipped) changed = true;
        }
      }
      if (!changed) break;
    }
    const shown = [];
    for (const wrap of form.querySelectorAll(".survey-q[data-key]")) {
      const name = wrap.dataset.node;
      if (!has(nodes, name) || wrap.closest("[hidden]")) continue;
      shown.push(wrap.dataset.key);
      const scope = scopeOf(ev.answers, wrap.dataset.scope, false);
      if (scope === null) continue;
      const box = ev.container(scope);
      showValue(wrap, box, name);
      const key = wrap.dataset.key;
      if (!touched.has(key)) continue;
      const node = nodes[name];
      const value = box[name];
      let message = typeErrors.get(key) || "";
      if (message === "geo") message = messages.invalid || "";
      if (!message && empty(value)) {
        if (node.required && ev.truth(node.required, scope, null, false)) {
          message = node.required_message || messages.required || "";
        }
      } else if (!message && node.constraint && !ev.truth(node.constraint, scope, value)) {
        message = node.constraint_message || messages.invalid || "";
      }
      showError(wrap, message);
    }
    shownInput.value = shown.join(" ");
  }

  const shownInput = document.createElement("input");
  shownInput.type = "hidden";
  shownInput.name = "_shown";
  form.appendChild(shownInput);

  let queued = false;
  function schedule(event) {
    const wrap = event && event.target && event.target.closest ? event.target.closest(".survey-q[data-key]") : null;
    if (wrap && (event.type === "change" || event.type === "input")) {
      if (event.type === "change" || wrap.dataset.type !== "text") touched.add(wrap.dataset.key);
    }
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(() => {
      queued = false;
      try {
        update();
      } catch (err) {
        // the server stays the authority: a failure here leaves the plain form working
        if (window.console) window.console.error("survey logic:", err);
      }
    });
  }
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("focusout", (event) => {
    const wrap = event.target.closest ? event.target.closest(".survey-q[data-key]") : null;
    if (wrap && wrap.dataset.type === "text") {
      touched.add(wrap.dataset.key);
      schedule(null);
    }
  });
  form.classList.add("survey-live");
  schedule(null);
})();
