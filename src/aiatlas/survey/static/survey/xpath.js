/* The XPath subset of aiatlas surveys, evaluated in the browser.
 *
 * A mirror of src/aiatlas/survey/xpath.py (parser and values) and of the Evaluator of
 * src/aiatlas/survey/engine.py (lookups in nested repeats, indexed-repeat, jr:choice-name,
 * position): the same expression over the same answers gives the same value. The server
 * stays the authority; tests/survey/xpath_corpus.json is run by both and compared.
 * Plain ES2019, no dependencies; usable from a page (window.AiatlasXPath) and from node.
 */
(function (root) {
  "use strict";

  class XPathError extends Error {}

  // ------------------------------------------------------------ values

  /** A date: whole days since 1970-01-01. */
  class XDate {
    constructor(days) { this.days = days; }
  }
  /** A moment (now()): milliseconds since the epoch, UTC. */
  class XDateTime {
    constructor(ms) { this.ms = ms; }
  }
  /** The answers of one question across repeat instances, or a repeat's instances. */
  class NodeSet {
    constructor(items) { this.items = items; }
  }

  const DAY = 86400000;
  const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
  const PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$/;

  function pad(n, w) { return String(n).padStart(w, "0"); }

  function isoDays(days) {
    return new Date(days * DAY).toISOString().slice(0, 10);
  }

  /** Days since the epoch of a YYYY-MM-DD text, or null when it is not a real date. */
  function parseIsoDate(text) {
    if (!ISO_DATE.test(text)) return null;
    const y = +text.slice(0, 4), m = +text.slice(5, 7), d = +text.slice(8, 10);
    if (y < 1) return null;
    const t = Date.UTC(y, m - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
      return null;
    }
    return t / DAY;
  }

  /** Python's repr() of a float. */
  function pyRepr(x) {
    if (Number.isNaN(x)) return "nan";
    if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
    if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
    const [mant, expText] = x.toExponential().split("e");
    const exp = parseInt(expText, 10);
    const neg = mant[0] === "-";
    const digits = mant.replace("-", "").replace(".", "");
    let out;
    if (exp >= 16 || exp < -4) {
      out = digits[0] + (digits.length > 1 ? "." + digits.slice(1) : "") +
        "e" + (exp < 0 ? "-" : "+") + pad(Math.abs(exp), 2);
    } else if (exp >= 0) {
      const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
      const frac = digits.slice(exp + 1);
      out = int + "." + (frac || "0");
    } else {
      out = "0." + "0".repeat(-exp - 1) + digits;
    }
    return (neg ? "-" : "") + out;
  }

  function toString(v) {
    if (v === null || v === undefined) return "";
    if (v instanceof NodeSet) return v.items.length ? toString(v.items[0]) : "";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number") {
      if (Number.isNaN(v)) return "NaN";
      if (Number.isInteger(v) && Math.abs(v) < 1e15) return String(v === 0 ? 0 : v);
      return pyRepr(v);
    }
    if (Array.isArray(v)) return v.map(toString).join(" ");
    if (v instanceof XDate) return isoDays(v.days);
    if (v instanceof XDateTime) {
      const d = new Date(v.ms);
      const us = d.getUTCMilliseconds() * 1000;
      return d.toISOString().slice(0, 19) + (us ? "." + pad(us, 6) : "") + "+00:00";
    }
    if (typeof v === "object") return String(v.name === undefined ? "" : v.name);
    return String(v);
  }

  function parseNumber(s) {
    const low = s.toLowerCase();
    const special = /^([+-]?)(inf|infinity|nan)$/.exec(low);
    if (special) {
      if (["nan", "inf", "-inf", "infinity"].includes(low)) return NaN;
      if (special[2] === "nan") return NaN;
      return special[1] === "-" ? -Infinity : Infinity;
    }
    if (!PY_FLOAT.test(s)) return NaN;
    return Number(s.replace(/_/g, ""));
  }

  function toNumber(v) {
    if (v instanceof NodeSet) return v.items.length ? toNumber(v.items[0]) : NaN;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "number") return v;
    if (v instanceof XDate) return v.days;
    if (v instanceof XDateTime) return v.ms / DAY;
    const s = toString(v).trim();
    if (ISO_DATE.test(s)) {
      const days = parseIsoDate(s);
      return days === null ? NaN : days;
    }
    return s ? parseNumber(s) : NaN;
  }

  function toBool(v) {
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return !Number.isNaN(v) && v !== 0;
    if (v instanceof NodeSet) return v.items.length > 0;
    if (Array.isArray(v)) return v.length > 0;
    return toString(v) !== "";
  }

  function pySplit(text) {
    return text.split(/\s+/).filter((x) => x !== "");
  }

  function items(v) {
    if (v instanceof NodeSet) return v.items.length ? items(v.items[0]) : [];
    if (Array.isArray(v)) return v.map(toString);
    return pySplit(toString(v));
  }

  function all(v) { return v instanceof NodeSet ? v.items.slice() : [v]; }

  function chars(text) { return Array.from(text); }

  // ------------------------------------------------------------ tokenizer

  const NAME_CHARS = "[\\p{L}\\p{N}_.\\-\\p{Mn}\\p{Mc}\\p{Pc}]";
  const TOKEN = new RegExp(
    "\\s*(?:" +
      "(\\$\\{\\s*([^}]*?)\\s*\\})" +                      // 1 ref, 2 refname
      "|(\\d+(?:\\.\\d*)?|\\.\\d+)" +                      // 3 num
      "|('[^']*'|\"[^\"]*\")" +                            // 4 str
      "|(!=|<=|>=|=|<|>|\\+|-|\\*|\\(|\\)|,)" +             // 5 op
      "|(\\.\\.)" +                                        // 6 dotdot
      "|(\\.)" +                                           // 7 dot
      "|([\\p{L}_]" + NAME_CHARS + "*(?::[\\p{L}_]" + NAME_CHARS + "*)?)" + // 8 name
      "|(\\S)" +                                           // 9 bad
    ")",
    "uy"
  );
  const NAME = new RegExp("^[\\p{L}_]" + NAME_CHARS + "*$", "u");
  const UNSUPPORTED = {
    "/": "paths such as /data/q are not supported; write ${q}",
    "[": "predicates [ ] are not supported",
    "|": "the union operator | is not supported",
    "@": "attributes (@) are not supported",
    "$": "a reference must be written ${name}",
  };

  function tokenize(text) {
    const tokens = [];
    let pos = 0;
    while (pos < text.length) {
      TOKEN.lastIndex = pos;
      const m = TOKEN.exec(text);
      if (m === null || TOKEN.lastIndex === pos) break;
      const start = TOKEN.lastIndex - m[0].trimStart().length;
      if (m[9] !== undefined) {
        throw new XPathError(UNSUPPORTED[m[9]] || "unexpected character " + m[9]);
      }
      if (m[6] !== undefined) {
        const n = tokens.length;
        if (!(n > 1 && tokens[n - 1].text === "(" && tokens[n - 2].text === "position")) {
          throw new XPathError("parent references (..) are not supported; write ${q}");
        }
      } else if (m[1] !== undefined) {
        if (!NAME.test(m[2])) throw new XPathError("${" + m[2] + "} is not a valid question reference");
        tokens.push({ kind: "ref", text: m[2], pos: start });
      } else if (m[3] !== undefined) {
        tokens.push({ kind: "num", text: m[3], pos: start });
      } else if (m[4] !== undefined) {
        tokens.push({ kind: "str", text: m[4].slice(1, -1), pos: start });
      } else if (m[5] !== undefined) {
        tokens.push({ kind: "op", text: m[5], pos: start });
      } else if (m[7] !== undefined) {
        tokens.push({ kind: "dot", text: ".", pos: start });
      } else if (m[8] !== undefined) {
        tokens.push({ kind: "name", text: m[8], pos: start });
      }
      pos = TOKEN.lastIndex;
    }
    return tokens;
  }

  // ------------------------------------------------------------ parser

  const FUNCTIONS = {
    "selected": [2, 2], "count-selected": [1, 1], "string-length": [1, 1], "regex": [2, 2],
    "today": [0, 0], "now": [0, 0], "if": [3, 3], "not": [1, 1], "true": [0, 0],
    "false": [0, 0], "number": [1, 1], "string": [1, 1], "int": [1, 1], "boolean": [1, 1],
    "round": [1, 2], "floor": [1, 1], "ceiling": [1, 1], "concat": [1, null],
    "contains": [2, 2], "starts-with": [2, 2], "ends-with": [2, 2], "coalesce": [2, 2],
    "count": [1, 1], "sum": [1, 1], "max": [1, 1], "min": [1, 1], "count-non-empty": [1, 1],
    "join": [2, 2], "selected-at": [2, 2], "substr": [2, 3], "substring-before": [2, 2],
    "substring-after": [2, 2], "translate": [3, 3], "normalize-space": [1, 1],
    "boolean-from-string": [1, 1], "pow": [2, 2], "abs": [1, 1], "sqrt": [1, 1],
    "date": [1, 1], "decimal-date-time": [1, 1], "format-date": [2, 2], "once": [1, 1],
    "position": [0, 0], "indexed-repeat": [3, 7], "jr:choice-name": [2, 2],
  };
  const LEVELS = [["or"], ["and"], ["=", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "div", "mod"]];

  function parse(text, allowColumns) {
    const tokens = tokenize(text);
    let i = 0;
    const peek = () => (i < tokens.length ? tokens[i] : null);
    const take = () => {
      const t = peek();
      if (t === null) throw new XPathError("the expression ends too early");
      i += 1;
      return t;
    };
    const atOp = (ops) => {
      const t = peek();
      if (t === null) return null;
      if ((t.kind === "op" || t.kind === "name") && ops.includes(t.text)) return t.text;
      return null;
    };
    const expect = (text) => {
      const t = peek();
      if (t === null) throw new XPathError("missing '" + text + "' at the end");
      if (!(t.kind === "op" && t.text === text)) {
        throw new XPathError("expected '" + text + "' at position " + (t.pos + 1));
      }
      i += 1;
    };
    function binary(level) {
      if (level === LEVELS.length) return unary();
      let node = binary(level + 1);
      let op;
      while ((op = atOp(LEVELS[level])) !== null) {
        i += 1;
        node = { t: "bin", op: op, left: node, right: binary(level + 1) };
      }
      return node;
    }
    function unary() {
      if (atOp(["-"])) {
        i += 1;
        return { t: "neg", operand: unary() };
      }
      return primary();
    }
    function primary() {
      const tok = take();
      if (tok.kind === "num") return { t: "lit", value: parseFloat(tok.text) };
      if (tok.kind === "str") return { t: "lit", value: tok.text };
      if (tok.kind === "ref") return { t: "ref", name: tok.text };
      if (tok.kind === "dot") return { t: "cur" };
      if (tok.kind === "op" && tok.text === "(") {
        const node = binary(0);
        expect(")");
        return node;
      }
      if (tok.kind === "name") {
        const nxt = peek();
        if (nxt !== null && nxt.kind === "op" && nxt.text === "(") return call(tok.text);
        if (tok.text.includes(":")) throw new XPathError("namespaced name " + tok.text + " is not supported");
        if (allowColumns) return { t: "col", name: tok.text };
        throw new XPathError("bare name " + tok.text + " is not supported");
      }
      throw new XPathError("unexpected " + tok.text + " at position " + (tok.pos + 1));
    }
    function call(name) {
      take();
      if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, name)) {
        throw new XPathError("function " + name + " is not supported");
      }
      const args = [];
      if (!atOp([")"])) {
        args.push(binary(0));
        while (atOp([","])) {
          i += 1;
          args.push(binary(0));
        }
      }
      expect(")");
      const [low, high] = FUNCTIONS[name];
      if (args.length < low || (high !== null && args.length > high)) {
        throw new XPathError("function " + name + " takes another number of arguments");
      }
      if (name === "indexed-repeat") {
        const refs = [args[0], args[1]];
        for (let k = 3; k < args.length; k += 2) refs.push(args[k]);
        if (args.length % 2 === 0 || !refs.every((a) => a.t === "ref")) {
          throw new XPathError("indexed-repeat takes ${question}, then pairs of ${repeat} and a position");
        }
      }
      if (name === "jr:choice-name" && !(args[1].t === "lit" || args[1].t === "ref")) {
        throw new XPathError("jr:choice-name takes a value and '${question}'");
      }
      return { t: "call", name: name, args: args };
    }
    if (!tokens.length) throw new XPathError("the expression is empty");
    const node = binary(0);
    const rest = peek();
    if (rest !== null) throw new XPathError("unexpected " + rest.text + " at position " + (rest.pos + 1));
    return node;
  }

  const CHOICE_REF = /^\s*\$\{\s*([\p{L}_][\p{L}\p{N}_.\-]*)\s*\}\s*$/u;

  function choiceRef(node) {
    if (node.t === "ref") return node.name;
    if (node.t === "lit") {
      const m = CHOICE_REF.exec(String(node.value));
      return m ? m[1] : null;
    }
    return null;
  }

  // ------------------------------------------------------------ evaluation

  function compare(op, a, b) {
    if (op === "=" || op === "!=") {
      let eq;
      if (typeof a === "boolean" || typeof b === "boolean") eq = toBool(a) === toBool(b);
      else if (typeof a === "number" || typeof b === "number") eq = toNumber(a) === toNumber(b);
      else eq = toString(a) === toString(b);
      return op === "=" ? eq : !eq;
    }
    const x = toNumber(a), y = toNumber(b);
    if (Number.isNaN(x) || Number.isNaN(y)) return false;
    if (op === "<") return x < y;
    if (op === "<=") return x <= y;
    if (op === ">") return x > y;
    return x >= y;
  }

  function arith(op, a, b) {
    const x = toNumber(a), y = toNumber(b);
    if (op === "+") return x + y;
    if (op === "-") return x - y;
    if (op === "*") return x * y;
    if (op === "div") {
      if (y === 0) return x === 0 || Number.isNaN(x) ? NaN : (x > 0 || Object.is(x, 0) ? Infinity : -Infinity);
      return x / y;
    }
    if (y === 0 || Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x % y;
  }

  /** Python's re (unicode str patterns) read as a JS RegExp: \w and \d are unicode. */
  function pyRegex(pattern) {
    let out = "", inClass = false;
    for (let k = 0; k < pattern.length; k++) {
      const c = pattern[k];
      if (c === "\\" && k + 1 < pattern.length) {
        const n = pattern[k + 1];
        k += 1;
        const cls = { w: "\\p{L}\\p{N}_\\p{Mn}\\p{Mc}", d: "\\p{Nd}", s: "\\s" }[n.toLowerCase()];
        if (cls && (n === "w" || n === "d")) out += inClass ? cls : "[" + cls + "]";
        else if (cls && (n === "W" || n === "D")) out += inClass ? "\\" + n : "[^" + cls + "]";
        else if (n === "Z") out += "$(?![\\s\\S])";
        else if (n === "A") out += "^";
        else if (/[0-9a-zA-Z]/.test(n)) out += "\\" + n;
        else out += "\\" + n;
        continue;
      }
      if (c === "[" && !inClass) inClass = true;
      else if (c === "]" && inClass) inClass = false;
      out += c;
    }
    out = out.replace(/\(\?P</g, "(?<").replace(/\(\?P=(\w+)\)/g, "\\k<$1>");
    try {
      return new RegExp(out, "u");
    } catch (e) {
      try {
        return new RegExp(pattern);
      } catch (e2) {
        return null;
      }
    }
  }

  function formatDate(v, fmt) {
    const n = toNumber(v);
    if (Number.isNaN(n)) return "";
    const d = new Date(Math.round(n * DAY));
    const subs = {
      "%Y": pad(d.getUTCFullYear(), 4), "%y": pad(d.getUTCFullYear() % 100, 2),
      "%m": pad(d.getUTCMonth() + 1, 2), "%n": String(d.getUTCMonth() + 1),
      "%d": pad(d.getUTCDate(), 2), "%e": String(d.getUTCDate()),
      "%H": pad(d.getUTCHours(), 2), "%h": String(d.getUTCHours()),
      "%M": pad(d.getUTCMinutes(), 2), "%S": pad(d.getUTCSeconds(), 2),
    };
    return fmt.replace(/%[YymndeHhMS]/g, (m) => subs[m]);
  }

  function pyTrunc(x) { return Math.trunc(x) + 0; }

  function evaluate(node, ctx) {
    switch (node.t) {
      case "lit": return node.value;
      case "ref": return ctx.lookup(node.name);
      case "cur": return ctx.current === undefined ? null : ctx.current;
      case "col": {
        const row = ctx.row || {};
        return Object.prototype.hasOwnProperty.call(row, node.name) ? row[node.name] : "";
      }
      case "neg": return -toNumber(evaluate(node.operand, ctx));
      case "bin": {
        if (node.op === "or") return toBool(evaluate(node.left, ctx)) || toBool(evaluate(node.right, ctx));
        if (node.op === "and") return toBool(evaluate(node.left, ctx)) && toBool(evaluate(node.right, ctx));
        const a = evaluate(node.left, ctx), b = evaluate(node.right, ctx);
        if (["=", "!=", "<", "<=", ">", ">="].includes(node.op)) return compare(node.op, a, b);
        return arith(node.op, a, b);
      }
      default: return callFn(node, ctx);
    }
  }

  function callFn(node, ctx) {
    const name = node.name;
    if (name === "if") {
      return evaluate(toBool(evaluate(node.args[0], ctx)) ? node.args[1] : node.args[2], ctx);
    }
    if (name === "indexed-repeat") {
      const pairs = [];
      for (let k = 1; k < node.args.length; k += 2) {
        const n = toNumber(evaluate(node.args[k + 1], ctx));
        pairs.push([node.args[k].name, Number.isNaN(n) ? 0 : pyTrunc(n)]);
      }
      return ctx.indexed ? ctx.indexed(node.args[0].name, pairs) : "";
    }
    if (name === "jr:choice-name") {
      const question = choiceRef(node.args[1]);
      const value = toString(evaluate(node.args[0], ctx));
      if (question === null || !ctx.choiceLabel) return "";
      return ctx.choiceLabel(question, value);
    }
    if (name === "position") return ctx.position || 0;
    const args = node.args.map((a) => evaluate(a, ctx));
    const str = (k) => toString(args[k]);
    switch (name) {
      case "sum": case "max": case "min": {
        const nums = all(args[0]).filter((x) => toString(x) !== "").map(toNumber);
        if (name === "sum") return nums.reduce((s, x) => s + x, 0);
        if (!nums.length || nums.some(Number.isNaN)) return NaN;
        return name === "max" ? Math.max(...nums) : Math.min(...nums);
      }
      case "count-non-empty": return all(args[0]).filter((x) => toString(x) !== "").length;
      case "join": {
        const list = args[1] instanceof NodeSet ? all(args[1]) : items(args[1]);
        return list.map(toString).join(str(0));
      }
      case "selected-at": {
        const list = items(args[0]);
        const k = toNumber(args[1]);
        if (Number.isNaN(k)) return "";
        const j = pyTrunc(k);
        return j >= 0 && j < list.length ? list[j] : "";
      }
      case "substr": {
        const text = chars(str(0));
        const start = toNumber(args[1]);
        const end = args.length > 2 ? toNumber(args[2]) : text.length;
        if (Number.isNaN(start) || Number.isNaN(end)) return "";
        return text.slice(Math.max(pyTrunc(start), 0), Math.max(pyTrunc(end), 0)).join("");
      }
      case "substring-before": case "substring-after": {
        const text = str(0), sep = str(1);
        const at = text.indexOf(sep);
        if (at < 0) return "";
        return name === "substring-before" ? text.slice(0, at) : text.slice(at + sep.length);
      }
      case "translate": {
        const src = chars(str(1)), dst = chars(str(2));
        const table = new Map();
        src.forEach((c, k) => { if (!table.has(c)) table.set(c, k < dst.length ? dst[k] : ""); });
        return chars(str(0)).map((c) => (table.has(c) ? table.get(c) : c)).join("");
      }
      case "normalize-space": return pySplit(str(0)).join(" ");
      case "boolean-from-string": return ["true", "1"].includes(str(0).trim());
      case "once": return args[0];
      case "date": {
        const n = toNumber(args[0]);
        if (Number.isNaN(n)) {
          const days = parseIsoDate(str(0).slice(0, 10));
          return days === null ? "" : new XDate(days);
        }
        return new XDate(Math.floor(n));
      }
      case "decimal-date-time": return toNumber(args[0]);
      case "format-date": return formatDate(args[0], str(1));
      case "pow": {
        const x = toNumber(args[0]), y = toNumber(args[1]);
        if (x === 1 || y === 0) return 1;
        if (x === -1 && (y === Infinity || y === -Infinity)) return 1;
        const r = Math.pow(x, y);
        if (Number.isFinite(x) && Number.isFinite(y) && !Number.isFinite(r)) return NaN;
        return r;
      }
      case "selected": return items(args[0]).includes(str(1).trim());
      case "count-selected": return items(args[0]).length;
      case "string-length": return chars(str(0)).length;
      case "regex": {
        const re = pyRegex(str(1));
        return re === null ? false : re.test(str(0));
      }
      case "today": return ctx.today;
      case "now": return new XDateTime(Date.now());
      case "not": return !toBool(args[0]);
      case "true": return true;
      case "false": return false;
      case "number": return toNumber(args[0]);
      case "string": return str(0);
      case "boolean": return toBool(args[0]);
      case "count": {
        const v = args[0];
        return v instanceof NodeSet ? v.items.length : (toString(v) !== "" ? 1 : 0);
      }
      case "concat": return args.map(toString).join("");
      case "contains": return str(0).includes(str(1));
      case "starts-with": return str(0).startsWith(str(1));
      case "ends-with": return str(0).endsWith(str(1));
      case "coalesce": return str(0) !== "" ? args[0] : args[1];
      default: break;
    }
    const x = toNumber(args[0]);
    if (Number.isNaN(x) || !Number.isFinite(x)) return x;
    if (name === "int") return pyTrunc(x);
    if (name === "abs") return Math.abs(x);
    if (name === "sqrt") return x >= 0 ? Math.sqrt(x) : NaN;
    if (name === "floor") return Math.floor(x);
    if (name === "ceiling") return Math.ceil(x) + 0;
    // round(x, digits): half away from zero, as in ODK
    const digits = args.length > 1 ? pyTrunc(toNumber(args[1])) : 0;
    const factor = Math.pow(10, digits);
    const r = Math.floor(Math.abs(x) * factor + 0.5) / factor;
    return x < 0 || Object.is(x, -0) ? -r : r;
  }

  // ------------------------------------------------------------ the form's evaluator

  /** A mirror of engine.Evaluator over ``spec`` (see survey/logic.py: logic_spec). */
  class Evaluator {
    constructor(spec, answers, today) {
      this.spec = spec;
      this.answers = answers;
      this.today = today instanceof XDate ? today : new XDate(parseIsoDate(today || spec.today));
      this.cache = new Map();
    }
    node(name) { return Object.prototype.hasOwnProperty.call(this.spec.nodes, name) ? this.spec.nodes[name] : null; }
    expr(text, columns) {
      const key = (columns ? "c:" : "e:") + text;
      if (!this.cache.has(key)) this.cache.set(key, parse(text, !!columns));
      return this.cache.get(key);
    }
    container(scope) { return scope.length ? scope[scope.length - 1][2] : this.answers; }
    lookup(scope) {
      return (name) => {
        const node = this.node(name);
        if (node === null) return "";
        const path = node.path;
        let box = this.answers;
        for (let depth = 0; depth < path.length; depth++) {
          const rep = path[depth];
          if (depth < scope.length && (scope[depth][0] === rep || scope[depth][0] === "")) {
            box = scope[depth][2];
          } else {
            return new NodeSet(collect(instancesOf(box, rep), path.slice(depth + 1), name, node.kind));
          }
        }
        if (node.kind === "repeat") return new NodeSet(listOf(box, name));
        const v = own(box, name);
        return v === undefined || v === null ? "" : v;
      };
    }
    indexed(scope) {
      return (name, pairs) => {
        const fixed = new Map(pairs);
        let box = this.answers;
        const chosen = [];
        const node = this.node(name);
        const path = node ? node.path : [];
        for (let depth = 0; depth < path.length; depth++) {
          const rep = path[depth];
          if (fixed.has(rep)) {
            const list = instancesOf(box, rep);
            const k = fixed.get(rep) - 1;
            if (!(k >= 0 && k < list.length)) return "";
            box = list[k];
            chosen.push([rep, k, box]);
          } else if (depth < scope.length && scope[depth][0] === rep) {
            box = scope[depth][2];
            chosen.push(scope[depth]);
          } else {
            break;
          }
        }
        return this.lookup(chosen)(name);
      };
    }
    choiceLabel(question, value) {
      const node = this.node(question);
      if (node === null) return "";
      for (const c of this.spec.choices[node.list] || []) {
        if (c.name === value) return c.label;
      }
      return "";
    }
    context(scope, current, row) {
      scope = scope || [];
      return {
        lookup: this.lookup(scope),
        current: current === undefined ? null : current,
        row: row || {},
        today: this.today,
        indexed: this.indexed(scope),
        choiceLabel: (q, v) => this.choiceLabel(q, v),
        position: scope.length ? scope[scope.length - 1][1] + 1 : 0,
      };
    }
    run(text, scope, current) { return evaluate(this.expr(text), this.context(scope, current)); }
    truth(text, scope, current, dflt) {
      if (!text) return dflt === undefined ? true : dflt;
      return toBool(this.run(text, scope, current));
    }
    relevant(name, scope) {
      const node = this.node(name);
      if (node === null) return true;
      for (const n of [...node.ancestors, name]) {
        const rel = this.node(n).relevant;
        if (!rel) continue;
        const depth = this.node(n).path.length;
        if (!this.truth(rel, scope.slice(0, depth))) return false;
      }
      return true;
    }
    choices(name, scope) {
      const node = this.node(name);
      const list = this.spec.choices[node.list] || [];
      if (!node.choice_filter) return list;
      const tree = this.expr(node.choice_filter, true);
      return list.filter((c) => toBool(evaluate(tree, this.context(scope, null, Object.assign({ name: c.name }, c.extra)))));
    }
  }

  function own(box, name) {
    return box && Object.prototype.hasOwnProperty.call(box, name) ? box[name] : undefined;
  }
  function listOf(box, name) {
    const v = own(box, name);
    return Array.isArray(v) ? v : [];
  }
  function instancesOf(box, name) {
    return listOf(box, name).filter((x) => x && typeof x === "object" && !Array.isArray(x));
  }
  function collect(list, rest, name, kind) {
    const out = [];
    for (const inst of list) {
      if (!inst || typeof inst !== "object" || Array.isArray(inst)) continue;
      if (rest.length) out.push(...collect(listOf(inst, rest[0]), rest.slice(1), name, kind));
      else if (kind === "repeat") out.push(...listOf(inst, name));
      else {
        const v = own(inst, name);
        out.push(v === undefined || v === null ? "" : v);
      }
    }
    return out;
  }

  const api = {
    XPathError, XDate, XDateTime, NodeSet, Evaluator,
    parse, tokenize, evaluate, toString, toNumber, toBool, parseIsoDate, isoDays,
  };
  root.AiatlasXPath = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof self !== "undefined" ? self : globalThis);
