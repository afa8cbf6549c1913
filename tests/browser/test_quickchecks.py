"""Quick checks in the static book (issue #14): answered and marked in the page, with no kernel.

- The page's JavaScript (book/static/gd-quickcheck.js) gives the verdict gd.check gives in a
  kernel, with the same words, on a table of answers for every check of the bank (one page,
  no book needed: the script is loaded into an empty page with the bank's data).
- Its formula parser survives garbage: random and hostile strings never throw, never hang and
  are never accepted; nothing they contain is run (no alert, no prototype change).
- On a chapter page at 390 px and 1280 px a reader types an answer, presses Enter and sees it
  marked; radio buttons work from the keyboard; no page says "Not answered yet".
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import gdkit as gd
from gdkit.course.checks import Formula, Number, Option, all_checks, static_spec

from .support import ROOT, SCREENSHOTS, notebook_pages, screenshot

SCRIPT = ROOT / "book" / "static" / "gd-quickcheck.js"
CHECKS = all_checks()
CHAPTER = "chapters/01_what_is_gradient_descent.html"


def _answers(check) -> list[str]:
    """Right, wrong, malformed and edge-case answers to ``check``, as a reader types them."""
    if isinstance(check, Number):
        a, r = check.answer, check.rtol
        return [repr(a), f"{a:g}", f"  {a:.6g} ", f"{a * (1 + r / 2)!r}", f"{a * (1 + 3 * r) + 3 * check.atol!r}",
                f"{-a - 1:g}", f"{a:e}", "abc", "", "1e400", "-inf", "nan", "1_0", "0x10", "1/2", "½"]
    if isinstance(check, Option):
        return [*check.options, check.answer.upper(), f"  {check.answer} ", "", "none of them",
                f"{check.answer}!", "constructor"]
    a = check.answer
    return [a, f"2*({a})/2", f"({a}) + 1", a.replace("**", "^"), f"-(-({a}))", "alert(1)", "x +* 2",
            "", "constructor", "__proto__"]


def _normalised(text: str) -> str:
    """What must agree word for word: SymPy's "by <difference>" and parser errors aside."""
    text = re.sub(r" differs from the answer by .*?\. Hint: ", " differs from the answer. Hint: ", text)
    return re.sub(r"That is not a formula (SymPy|this page) can read \(.*\)\.$", "UNREADABLE", text)


@pytest.fixture(scope="module")
def page(browser):
    """An empty page with the quick-check script (the form-building part has nothing to do)."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(path=str(SCRIPT))
    page.errors = errors
    yield page
    context.close()


def test_the_page_marks_every_check_as_the_kernel_does(page) -> None:
    cases = [(i, static_spec(c), given) for i, c in sorted(CHECKS.items()) for given in _answers(c)]
    results = page.evaluate(
        "cases => cases.map(([id, spec, given]) => window.gdQuickcheck.mark(spec, given))", cases
    )
    disagree = []
    for (check_id, _, given), result in zip(cases, results):
        kernel = gd.check(check_id, given)
        if kernel.correct is not result["correct"] or _normalised(repr(kernel)) != _normalised(result["text"]):
            disagree.append(f"{check_id} {given!r}: kernel {kernel!r} / page {result['text']!r}")
    assert not disagree, "\n".join(disagree)
    assert not page.errors
    kinds = {type(c) for c in CHECKS.values()}
    assert kinds == {Number, Option, Formula}


def test_the_page_formats_numbers_as_python(page) -> None:
    values = [0.7, 1e-5, 1.5e16, 123456.5, 1234565.0, 0.001953125, -0.0, 100.0, 0.1 + 0.2, 9.9999995,
              999999.5, 2.5e-300, 1 / 3, 5e-324, 1.7976931348623157e308, -12345.678]
    shown = page.evaluate("xs => xs.map(x => window.gdQuickcheck.formatG(x))", values)
    assert shown == [f"{v:g}" for v in values]
    hexes = page.evaluate("hs => hs.map(h => window.gdQuickcheck.fromHex(h))", [v.hex() for v in values])
    assert hexes == values


HOSTILE = [
    "alert(1)", "constructor", "__proto__", "constructor.constructor('alert(1)')()", "${alert(1)}",
    "`alert(1)`", "toString()", "valueOf(x)", "hasOwnProperty(x)", "__proto__(x)", "Math.PI",
    "window", "this", "eval('1')", "Function('return 1')()", "x; alert(1)", "x\u0000", "𝑥 + 1",
    "(" * 999 + "x" + ")" * 999, "(" * 5000, "-" * 5000 + "x", "2**" * 400 + "2", "x" * 20000,
    "sqrt(" * 300 + "x" + ")" * 300, "1e99999", "0" * 5000 + "1", "x**x**x**x**x**x**x**x",
    "<script>alert(1)</script>", "x = 1", "[x]", "{}", "\"\"", "'x'", "x..y", "1..2", ".", "e", "E",
]


def test_the_parser_survives_garbage_and_never_runs_it(page) -> None:
    specs = [static_spec(c) for c in CHECKS.values() if isinstance(c, Formula)]
    report = page.evaluate(
        """([specs, hostile]) => {
          let alerted = false;
          window.alert = () => { alerted = true; };
          const protoBefore = Object.getOwnPropertyNames(Object.prototype).join();
          let seed = 12345;
          const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
          const alphabet = "0123456789xyzpwb.+-*/^()eE ,_!@#$%&[]{}<>=;:'\\"\\\\`~?|αθ∂√²\\u0000\\n";
          const words = ["sqrt", "exp", "log", "ln", "sin", "cos", "tan", "pi", "**", "constructor",
                         "__proto__", "prototype", "alert", "(", ")", "1e308", "0.", ".5"];
          const inputs = hostile.slice();
          for (let k = 0; k < 3000; k++) {
            let s = "", n = Math.floor(rand() * 40);
            for (let j = 0; j < n; j++) {
              s += rand() < 0.2 ? words[Math.floor(rand() * words.length)]
                               : alphabet[Math.floor(rand() * alphabet.length)];
            }
            inputs.push(s);
          }
          const start = performance.now();
          let thrown = [], accepted = [], malformed = [];
          for (const s of inputs) {
            for (const spec of specs) {
              try {
                const r = window.gdQuickcheck.mark(spec, s);
                if (typeof r.correct !== "boolean" || typeof r.text !== "string") malformed.push(s);
                if (r.correct && hostile.includes(s)) accepted.push(s);
              } catch (e) { thrown.push(s + " -> " + e); }
            }
            try { window.gdQuickcheck.parse(s); } catch (e) { thrown.push("parse " + s.slice(0, 40) + " -> " + e); }
          }
          return {
            n: inputs.length, ms: performance.now() - start, thrown, accepted, malformed, alerted,
            protoSame: Object.getOwnPropertyNames(Object.prototype).join() === protoBefore,
            protoClean: ({}).polluted === undefined && Object.prototype.x === undefined,
          };
        }""",
        [specs, HOSTILE],
    )
    assert report["n"] > 3000
    assert not report["thrown"], report["thrown"][:5]
    assert not report["malformed"] and not report["accepted"], (report["malformed"][:5], report["accepted"])
    assert not report["alerted"] and report["protoSame"] and report["protoClean"]
    assert report["ms"] < 5000, f"{report['ms']:.0f} ms: the parser is too slow on garbage"
    assert not page.errors


def test_the_parser_refuses_what_is_not_a_formula(page) -> None:
    verdicts = page.evaluate(
        "xs => xs.map(s => window.gdQuickcheck.parse(s).ok)",
        ["alert(1)", "x; y", "x = 1", "2 3", "x y", "sin", "sin(x, y)", "(x", "x)", "", "2**", "1..2"],
    )
    assert verdicts == [False] * 12
    assert page.evaluate("window.gdQuickcheck.parse('2(1 + y)^2 x - ln(p)/sqrt(3) + (a)(b) + -x**-2').ok")


# -- on a chapter page ----------------------------------------------------------------------
def test_a_reader_answers_and_sees_the_mark(open_page) -> None:
    """At 1280 px, then (same page, one load) at 390 px."""
    page, log = open_page(CHAPTER)
    boxes = page.locator("div.gd-quickcheck")
    assert boxes.count() == 4 and page.locator("div.gd-quickcheck form").count() == 4
    assert page.locator("details.gd-quickcheck-answer").count() == 4
    number = page.locator("#gd-qc-ch01-first-step")
    field = number.get_by_label("Your answer (a number)")
    verdict = number.locator("[role=status]")
    assert verdict.get_attribute("aria-live") == "polite"
    option = page.locator("#gd-qc-ch01-direction")
    for width, wrong in ((1280, "1.5"), (390, "2")):
        page.set_viewport_size({"width": width, "height": 900})
        field.scroll_into_view_if_needed()
        box, button = field.bounding_box(), number.get_by_role("button", name="Check").bounding_box()
        for b in (box, button):
            assert b["x"] >= 0 and b["x"] + b["width"] <= width and b["height"] >= 40, (width, b)
        field.fill(wrong)
        field.press("Enter")
        assert verdict.inner_text() == repr(gd.check("ch01-first-step", wrong))
        field.fill("1.4")
        field.press("Enter")
        assert verdict.inner_text() == "✓ Right. 1.4 is correct."

        radio = option.get_by_role("radio", name="decrease")
        radio.focus()
        page.keyboard.press("Space")
        page.keyboard.press("Enter")
        assert option.locator("[role=status]").inner_text() == repr(gd.check("ch01-direction", "decrease"))

    answer = page.locator("details.gd-quickcheck-answer").first
    assert not answer.evaluate("d => d.open")
    answer.locator("summary").click()
    assert answer.evaluate("d => d.open") and "0.7" in answer.inner_text()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, SCREENSHOTS / "quickcheck_ch01_390.png")
    assert "Not answered yet" not in page.content()
    assert not log.console_errors and not log.foreign_requests


@pytest.mark.parametrize("page_path", notebook_pages())
def test_no_page_says_not_answered_yet(book_dir: Path, page_path: str) -> None:
    text = (book_dir / page_path).read_text(encoding="utf8")
    assert "Not answered yet" not in text, f"{page_path}: re-execute the chapter (gd.check changed)"
