/* Quick checks in the static book: answer in the page, marked with no kernel.
 *
 * Each quick check's output (gdkit.course.checks.quickcheck_markdown) holds an empty
 * <div class="gd-quickcheck" data-spec="..."> whose data-spec is the bank's check
 * (gdkit.course.checks.static_spec). This script fills it with a labelled form and marks an
 * answer with the rules and the words of gd.check in a kernel:
 *   number   Python's float(text), then math.isclose(value, answer, rel_tol=rtol, abs_tol=atol);
 *            values printed as Python's f"{x:g}";
 *   option   text.strip().lower() among the options (case-insensitive);
 *   formula  the reader's formula and the key evaluated at random points and compared, as a
 *            computer-algebra grader does without the algebra. Formulas are read by a small
 *            recursive-descent parser (numbers, names, + - * / ^ **, unary signs, parentheses,
 *            2x and 2(x+1) as products, sin cos tan exp log ln sqrt tanh sinh cosh atan, pi, E):
 *            nothing the reader types is ever run as code (no eval, no Function).
 * window.gdQuickcheck exposes the pieces for the tests (tests/test_quickchecks_js.py).
 */
(function () {
  "use strict";

  var MAX_LENGTH = 1000;   // characters of a formula
  var MAX_DEPTH = 100;     // nesting of parentheses, signs and powers
  var POINTS = 16;         // random points at which two formulas are compared

  // ---------------------------------------------------------------- numbers, as Python has them
  var PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i;

  /** Python's float(text) for a string: a number, or null where Python raises ValueError. */
  function pyFloat(text) {
    var s = String(text).trim();
    if (!PY_FLOAT.test(s)) return null;
    var low = s.toLowerCase().replace(/^[+-]/, "");
    var negative = s.charAt(0) === "-";
    if (low === "nan") return NaN;
    if (low === "inf" || low === "infinity") return negative ? -Infinity : Infinity;
    return Number(s.replace(/_/g, ""));
  }

  /** The number written by Python's float.hex(). */
  function fromHex(text) {
    var s = String(text).trim().toLowerCase();
    var sign = 1;
    if (s.charAt(0) === "-") { sign = -1; s = s.slice(1); } else if (s.charAt(0) === "+") { s = s.slice(1); }
    if (s === "inf") return sign * Infinity;
    if (s === "nan") return NaN;
    var m = /^0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/.exec(s);
    if (!m) return NaN;
    var frac = m[2] || "";
    var mantissa = parseInt(m[1] + frac, 16);          // at most 53 bits: exact
    var exponent = parseInt(m[3], 10) - 4 * frac.length;
    // two steps, so that 2^exponent never underflows on its own for subnormal numbers
    var half = Math.trunc(exponent / 2);
    return sign * mantissa * Math.pow(2, half) * Math.pow(2, exponent - half);
  }

  /** math.isclose(a, b, rel_tol, abs_tol), as Python computes it. */
  function isclose(a, b, rtol, atol) {
    if (a === b) return true;
    if (!isFinite(a) || !isFinite(b)) return false;
    var diff = Math.abs(b - a);
    return diff <= Math.abs(rtol * b) || diff <= Math.abs(rtol * a) || diff <= atol;
  }

  /** Python's f"{x:g}": six significant digits, rounded half to even on the exact value. */
  function formatG(x) {
    if (Number.isNaN(x)) return "nan";
    if (x === Infinity) return "inf";
    if (x === -Infinity) return "-inf";
    var sign = (x < 0 || Object.is(x, -0)) ? "-" : "";
    var a = Math.abs(x);
    if (a === 0) return sign + "0";
    var parts = a.toExponential(100).split("e");   // exact for every double this book prints
    var exponent = parseInt(parts[1], 10);
    var digits = parts[0].replace(".", "");
    var head = digits.slice(0, 6).split("").map(Number);
    var rest = digits.slice(6);
    var first = rest.charAt(0);
    var up = first > "5" || (first === "5" && (/[1-9]/.test(rest.slice(1)) || head[5] % 2 === 1));
    if (up) {
      var i = 5;
      while (i >= 0 && head[i] === 9) { head[i] = 0; i -= 1; }
      if (i < 0) { head.unshift(1); head.pop(); exponent += 1; } else { head[i] += 1; }
    }
    var h = head.join("");
    if (exponent >= -4 && exponent < 6) {
      var whole, fraction;
      if (exponent >= 0) { whole = h.slice(0, exponent + 1); fraction = h.slice(exponent + 1); }
      else { whole = "0"; fraction = "0".repeat(-exponent - 1) + h; }
      fraction = fraction.replace(/0+$/, "");
      return sign + whole + (fraction ? "." + fraction : "");
    }
    var tail = h.slice(1).replace(/0+$/, "");
    var e = Math.abs(exponent);
    return sign + h.charAt(0) + (tail ? "." + tail : "") + "e" + (exponent < 0 ? "-" : "+") +
      (e < 10 ? "0" : "") + e;
  }

  // ---------------------------------------------------------------- formulas
  // The same tokens as gdkit.course.checks._TOKEN.
  var TOKEN = /\s*(?:((?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)|([\p{L}\p{Nl}\p{No}_][\p{L}\p{N}_]*)|(\*\*|[-+*/^(),]))/uy;
  var FUNCTIONS = Object.freeze(Object.assign(Object.create(null), {
    sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, log: Math.log, ln: Math.log,
    sqrt: Math.sqrt, tanh: Math.tanh, sinh: Math.sinh, cosh: Math.cosh, atan: Math.atan
  }));
  var CONSTANTS = Object.freeze(Object.assign(Object.create(null), { pi: Math.PI, E: Math.E }));

  function FormulaError(message) { this.message = message; }

  function has(table, name) { return Object.prototype.hasOwnProperty.call(table, name); }

  function tokenize(text) {
    var tokens = [];
    TOKEN.lastIndex = 0;
    var position = 0;
    while (position < text.length) {
      TOKEN.lastIndex = position;
      var m = TOKEN.exec(text);
      if (!m || TOKEN.lastIndex === position) {
        if (/^\s*$/.test(text.slice(position))) break;
        var bad = text.slice(position).trim().charAt(0);
        throw new FormulaError("unexpected character " + JSON.stringify(bad));
      }
      position = TOKEN.lastIndex;
      if (m[1] !== undefined) tokens.push({ kind: "number", value: m[1] });
      else if (m[2] !== undefined) tokens.push({ kind: "name", value: m[2] });
      else tokens.push({ kind: "op", value: m[3] === "^" ? "**" : m[3] });
    }
    return tokens;
  }

  /** The syntax tree of a formula; throws FormulaError on anything outside the grammar.
   *    sum     := product (("+" | "-") product)*
   *    product := unary (("*" | "/") unary | implicit)*   implicit: after a number or ")",
   *    unary   := ("+" | "-") unary | power                 a name, "(" or (after ")") a number
   *    power   := atom ("**" unary)?                       (right-associative, as in Python)
   *    atom    := number | name | function "(" sum ")" | "(" sum ")"
   */
  function parse(text) {
    if (typeof text !== "string") throw new FormulaError("a formula is text");
    if (text.length > MAX_LENGTH) throw new FormulaError("longer than " + MAX_LENGTH + " characters");
    var tokens = tokenize(text);
    if (!tokens.length) throw new FormulaError("the formula is empty");
    var i = 0, depth = 0;

    function peek() { return tokens[i]; }
    function isOp(t, v) { return t !== undefined && t.kind === "op" && t.value === v; }
    function enter() { if (++depth > MAX_DEPTH) throw new FormulaError("nested too deeply"); }

    function sum() {
      var node = product();
      while (isOp(peek(), "+") || isOp(peek(), "-")) {
        var op = tokens[i++].value;
        node = { op: op, a: node, b: product() };
      }
      return node;
    }
    function product() {
      var node = unary();
      for (;;) {
        var t = peek();
        if (isOp(t, "*") || isOp(t, "/")) { i++; node = { op: t.value, a: node, b: unary() }; continue; }
        var prev = tokens[i - 1];
        var implicit = t !== undefined && (
          (prev.kind === "number" && (t.kind === "name" || isOp(t, "("))) ||
          (isOp(prev, ")") && (t.kind === "name" || t.kind === "number" || isOp(t, "("))));
        if (implicit) { node = { op: "*", a: node, b: unary() }; continue; }
        return node;
      }
    }
    function unary() {
      enter();
      var node;
      if (isOp(peek(), "-") || isOp(peek(), "+")) {
        var op = tokens[i++].value;
        node = { op: op === "-" ? "neg" : "pos", a: unary() };
      } else {
        node = power();
      }
      depth--;
      return node;
    }
    function power() {
      var base = atom();
      if (isOp(peek(), "**")) { i++; return { op: "**", a: base, b: unary() }; }
      return base;
    }
    function atom() {
      var t = tokens[i++];
      if (t === undefined) throw new FormulaError("the formula ends too early");
      if (t.kind === "number") return { op: "num", value: Number(t.value) };
      if (t.kind === "name") {
        if (has(FUNCTIONS, t.value)) {
          if (!isOp(peek(), "(")) throw new FormulaError(t.value + " is a function; call it, e.g. " + t.value + "(x)");
          i++;
          enter();
          var argument = sum();
          depth--;
          if (!isOp(peek(), ")")) throw new FormulaError(t.value + " takes exactly one argument, then \")\"");
          i++;
          return { op: "call", name: t.value, a: argument };
        }
        if (isOp(peek(), "(") && !has(CONSTANTS, t.value)) throw new FormulaError("unknown function " + JSON.stringify(t.value));
        if (has(CONSTANTS, t.value)) return { op: "num", value: CONSTANTS[t.value] };
        return { op: "var", name: t.value };
      }
      if (isOp(t, "(")) {
        enter();
        var inner = sum();
        depth--;
        if (!isOp(peek(), ")")) throw new FormulaError("a \"(\" is not closed");
        i++;
        return inner;
      }
      throw new FormulaError("unexpected " + JSON.stringify(t.value));
    }

    var tree = sum();
    if (i < tokens.length) throw new FormulaError("unexpected " + JSON.stringify(tokens[i].value));
    return tree;
  }

  function variables(node, found) {
    found = found || new Set();
    if (node.op === "var") found.add(node.name);
    if (node.a) variables(node.a, found);
    if (node.b) variables(node.b, found);
    return found;
  }

  /** The value of a tree at a point (a Map from names to numbers). */
  function evaluate(node, point) {
    switch (node.op) {
      case "num": return node.value;
      case "var": return point.get(node.name);
      case "neg": return -evaluate(node.a, point);
      case "pos": return evaluate(node.a, point);
      case "+": return evaluate(node.a, point) + evaluate(node.b, point);
      case "-": return evaluate(node.a, point) - evaluate(node.b, point);
      case "*": return evaluate(node.a, point) * evaluate(node.b, point);
      case "/": return evaluate(node.a, point) / evaluate(node.b, point);
      case "**": return Math.pow(evaluate(node.a, point), evaluate(node.b, point));
      case "call": return FUNCTIONS[node.name](evaluate(node.a, point));
    }
    throw new FormulaError("unknown node");
  }

  function random(seed) {  // mulberry32: the same points on every page load
    return function () {
      seed = (seed + 0x6D2B79F5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Whether two formulas agree: true, false, or null when no point could be used. */
  function agree(a, b) {
    var names = Array.from(new Set(Array.from(variables(a)).concat(Array.from(variables(b))))).sort();
    var rng = random(20240607), used = 0;
    for (var k = 0; k < POINTS; k++) {
      var point = new Map();
      names.forEach(function (name) { point.set(name, 0.3 + 1.4 * rng()); });
      var va = evaluate(a, point), vb = evaluate(b, point);
      if (!isFinite(va) || !isFinite(vb)) continue;   // outside a domain (log of a negative, 1/0)
      used += 1;
      if (Math.abs(va - vb) > 1e-9 * Math.max(1, Math.abs(va), Math.abs(vb))) return false;
    }
    return used ? true : null;
  }

  // ---------------------------------------------------------------- marking, as gd.check does
  function codePoints(text) { return Array.from(String(text)); }

  function markNumber(spec, given) {
    var answer = fromHex(spec.answer);
    var value = pyFloat(given);
    if (value === null) return { correct: false, message: "Give a number. Hint: " + spec.hint };
    if (isclose(value, answer, spec.rtol, spec.atol)) return { correct: true, message: formatG(answer) + " is correct." };
    return { correct: false, message: formatG(value) + " is not it. Hint: " + spec.hint };
  }

  function markOption(spec, given) {
    var text = String(given).trim().toLowerCase();
    var known = spec.options.some(function (o) { return o.toLowerCase() === text; });
    if (!known) return { correct: false, message: "Answer with one of: " + spec.options.join(", ") + "." };
    if (text === spec.answer.toLowerCase()) return { correct: true, message: "'" + spec.answer + "' is correct." };
    return { correct: false, message: "'" + given + "' is not it. Hint: " + spec.hint };
  }

  function markFormula(spec, given) {
    var text = String(given), tree, key;
    try {
      tree = parse(text);
      key = parse(spec.answer);
    } catch (error) {
      if (!(error instanceof FormulaError)) throw error;
      return { correct: false, message: "That is not a formula this page can read (" + error.message + ")." };
    }
    var chars = codePoints(text);
    var shown = chars.length <= 80 ? text : chars.slice(0, 75).join("") + "...";
    if (agree(tree, key) === true) return { correct: true, message: shown + " is equivalent to " + spec.answer + "." };
    return { correct: false, message: shown + " differs from the answer. Hint: " + spec.hint };
  }

  /** The verdict on `given` (text) for the check `spec`: {correct, message, text}; never throws. */
  function mark(spec, given) {
    var verdict;
    try {
      if (spec.kind === "number") verdict = markNumber(spec, given);
      else if (spec.kind === "option") verdict = markOption(spec, given);
      else verdict = markFormula(spec, given);
    } catch (error) {
      verdict = { correct: false, message: "That answer could not be marked (" + String(error && error.message) + ")." };
    }
    verdict.text = (verdict.correct ? "✓ Right. " : "✗ Not quite. ") + verdict.message;
    return verdict;
  }

  // ---------------------------------------------------------------- the form in the page
  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (k) { node.setAttribute(k, attributes[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function build(box) {
    if (box.querySelector("form")) return;  // already built
    var spec = JSON.parse(box.getAttribute("data-spec"));
    var id = box.id || ("gd-qc-" + Math.random().toString(36).slice(2));
    var question = box.querySelector(".gd-quickcheck-question");
    if (question && !question.id) question.id = id + "-question";
    var form = element("form", { "class": "gd-quickcheck-form", novalidate: "" });
    if (question) form.setAttribute("aria-labelledby", question.id);
    var verdict = element("p", { "class": "gd-quickcheck-verdict", id: id + "-verdict", role: "status", "aria-live": "polite" });
    var read;
    if (spec.kind === "option") {
      var group = element("fieldset", { "class": "gd-quickcheck-options" });
      group.appendChild(element("legend", {}, "Your answer"));
      spec.options.forEach(function (option, k) {
        var label = element("label", { "class": "gd-quickcheck-option" });
        var radio = element("input", { type: "radio", name: id + "-option", value: option, id: id + "-option-" + k });
        label.appendChild(radio);
        label.appendChild(document.createTextNode(" " + option));
        group.appendChild(label);
      });
      form.appendChild(group);
      read = function () {
        var checked = form.querySelector("input[type=radio]:checked");
        return checked ? checked.value : "";
      };
    } else {
      var row = element("div", { "class": "gd-quickcheck-row" });
      var inputId = id + "-input";
      var words = spec.kind === "formula" ? "Your answer (a formula, e.g. 2*x + 1)" : "Your answer (a number)";
      row.appendChild(element("label", { "for": inputId }, words));
      var input = element("input", {
        type: "text", id: inputId, name: "answer", autocomplete: "off", autocapitalize: "off",
        spellcheck: "false", "aria-describedby": verdict.id, enterkeyhint: "done"
      });
      row.appendChild(input);
      form.appendChild(row);
      read = function () { return input.value; };
    }
    form.appendChild(element("button", { type: "submit", "class": "gd-quickcheck-button" }, "Check"));
    form.appendChild(verdict);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = mark(spec, read());
      verdict.textContent = result.text;
      verdict.classList.toggle("gd-qc-right", result.correct === true);
      verdict.classList.toggle("gd-qc-wrong", result.correct !== true);
      box.setAttribute("data-verdict", result.correct ? "right" : "wrong");
    });
    form.addEventListener("keydown", function (event) {  // Enter on a radio button submits too
      if (event.key === "Enter" && event.target && event.target.type === "radio") {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit", { cancelable: true }));
      }
    });
    box.appendChild(form);
    box.classList.add("gd-quickcheck-ready");
  }

  function start() {
    var boxes = document.querySelectorAll("div.gd-quickcheck[data-spec]");
    Array.prototype.forEach.call(boxes, function (box) {
      try { build(box); } catch (error) { if (window.console) console.warn("quick check not built:", error); }
    });
  }

  window.gdQuickcheck = Object.freeze({
    mark: mark, parse: function (text) {
      try { return { ok: true, tree: parse(text) }; } catch (error) {
        if (error instanceof FormulaError) return { ok: false, error: error.message };
        throw error;
      }
    },
    formatG: formatG, pyFloat: pyFloat, fromHex: fromHex, isclose: isclose, start: start
  });

  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
