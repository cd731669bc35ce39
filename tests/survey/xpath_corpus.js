// Runs tests/survey/xpath_corpus.json through survey/static/survey/xpath.js (node).
// Usage: node xpath_corpus.js BUNDLE.json -> one JSON line: the normalised results.
// BUNDLE: {"specs": {form: {lang: logic_spec}}, "answers", "today", "cases"}.
"use strict";
const fs = require("fs");
const path = require("path");
const X = require(path.join(__dirname, "../../src/aiatlas/survey/static/survey/xpath.js"));

function norm(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === "boolean" || typeof v === "string") return v;
  if (typeof v === "number") {
    if (Number.isNaN(v)) return { nan: true };
    if (!Number.isFinite(v)) return { inf: v > 0 ? 1 : -1 };
    return v;
  }
  if (v instanceof X.XDate) return { date: X.isoDays(v.days) };
  if (v instanceof X.XDateTime) return { datetime: X.toString(v) };
  if (v instanceof X.NodeSet) return { nodeset: v.items.map(norm) };
  if (Array.isArray(v)) return v.map(norm);
  return v;
}

const bundle = JSON.parse(fs.readFileSync(process.argv[2], "utf-8"));
const out = bundle.cases.map((c) => {
  const spec = bundle.specs[c.form][c.lang || "en"];
  const ev = new X.Evaluator(spec, bundle.answers[c.form], bundle.today);
  try {
    let box = ev.answers;
    const scope = (c.scope || []).map(([rep, i]) => {
      box = box[rep][i];
      return [rep, i, box];
    });
    const tree = X.parse(c.expr, c.row !== undefined);
    return norm(X.evaluate(tree, ev.context(scope, c.current, c.row)));
  } catch (e) {
    if (e instanceof X.XPathError) return { error: true };
    return { crash: String(e) };
  }
});
process.stdout.write(JSON.stringify(out));
