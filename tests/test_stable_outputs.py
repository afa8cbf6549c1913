"""No stored notebook output prints digits that another machine would print differently.

Strict nbval compares every stored output with a fresh run, so a digit that depends on the
CPU, the BLAS kernel or a library's rounding makes the test command fail on someone else's
machine (and a reader's re-run disagree with the book). Rounding noise shows up in two ways
that can be checked without running anything:

- a number printed with 10 or more significant digits (float64 noise lives in the last few of
  its ~16, and reaches the 10th after a few thousand operations or one chaotic step);
- a non-zero number below 1e-12 in magnitude, which in this book is always a residual of
  rounding (a converged gradient, a loss at the minimum, a finite-difference error).

A cell that needs such a value prints an order of magnitude or a comparison instead
(``f"{err:.0e}"`` of something well above noise, ``err < 1e-12``). Strict nbval under a second
OpenBLAS kernel (``make.py test``) catches the rest, such as rounding ties.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p for p in (ROOT / "chapters").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)

# A decimal number with a point or an exponent, not part of an identifier, a colour or a version.
NUMBER = re.compile(r"(?<![\w.#/-])-?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][-+]?\d+)?(?![\w.])")
MAX_SIGNIFICANT = 9
SMALLEST = 1e-12


def significant_digits(literal: str) -> int:
    mantissa = re.split(r"[eE]", literal.lstrip("-"))[0]
    digits = mantissa.replace(".", "").lstrip("0")
    return len(digits) if "." in mantissa else len(digits.rstrip("0"))


def unstable_numbers(text: str) -> list[str]:
    found = []
    for match in NUMBER.finditer(text):
        literal = match.group(0)
        value = abs(float(literal))
        if significant_digits(literal) > MAX_SIGNIFICANT or 0 < value < SMALLEST:
            found.append(text[max(0, match.start() - 30) : match.end() + 10].replace("\n", " "))
    return found


def output_texts(output) -> list[str]:
    if output.output_type == "stream":
        return [output.text]
    data = output.get("data", {})
    return [v if isinstance(v, str) else "".join(v) for k, v in data.items() if k.startswith("text/")]


def test_the_scanner_finds_noise() -> None:
    assert unstable_numbers("array([1.0, 1.55756823e-19])")
    assert unstable_numbers("(0.00995, 460.52475180718653)")
    assert unstable_numbers("loss 2.43e-13")
    assert not unstable_numbers("loss 1.2e-08, 0.12345678, 3.0, colour #0072B2, v1.10.2")
    assert not unstable_numbers("θ = 0.0, 1e-12 and 0.5")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_rounding_noise_in_stored_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    problems = []
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    for index, cell in enumerate(code_cells):
        for output in cell.get("outputs", []):
            for text in output_texts(output):
                problems += [f"code cell {index}: …{s}…" for s in unstable_numbers(text)]
    assert not problems, (
        f"{path.name} stores digits that are rounding noise (print a rounded value, an order of "
        "magnitude or a comparison instead):\n  " + "\n  ".join(problems[:20])
    )
