"""One notation across the book and the code, as the notation page (book/notation.md) lists it.

What can be checked mechanically is checked here:

- every code name the notation page gives a symbol (``lr`` → α, ``weight_decay`` → ω, ...) is
  shown with that symbol wherever gdkit names it: the symbol tables of the optimisers'
  docstrings and the error messages ``"weight_decay (ω) must be ..."``, and the revision pages'
  symbol map;
- symbols the page reserves for something else do not appear in the prose of the chapters,
  the revision pages, the intro or gdkit's docstrings in the roles the page replaced (the
  weight-decay λ, Adam's v̂_t, the spectral radius ρ(M), "L-smooth", "L layers", ...).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import nbformat
import pytest

import gdkit
from gdkit.course import revision

ROOT = Path(__file__).resolve().parents[1]
NOTATION = (ROOT / "book" / "notation.md").read_text(encoding="utf8")

# LaTeX of the page's symbols -> the Unicode the docstrings and messages use.
UNICODE = {r"\alpha": "α", r"\beta": "β", r"\beta_1": "β₁", r"\beta_2": "β₂", r"\varepsilon": "ε",
           r"\rho": "ρ", r"\omega": "ω", r"\psi": "ψ", r"\gamma": "γ"}


def symbol_of_code_name() -> dict[str, str]:
    """``{"lr": r"\\alpha", ...}`` from the notation tables (one symbol, one plain code name)."""
    table = {}
    for row in NOTATION.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("$"):
            continue
        symbols = re.findall(r"\$([^$]+)\$", cells[0])
        names = re.findall(r"`([a-z_0-9]+)`", cells[2])
        if len(symbols) == len(names):
            table.update(zip(names, symbols))
        elif len(symbols) >= 1 and len(names) == 1:
            table[names[0]] = symbols[-1]
    return table


CODE_SYMBOLS = symbol_of_code_name()


def test_the_page_names_the_hyperparameters() -> None:
    expected = {"lr": r"\alpha", "momentum": r"\beta", "beta1": r"\beta_1", "beta2": r"\beta_2",
                "eps": r"\varepsilon", "rho": r"\rho", "weight_decay": r"\omega",
                "momentum_decay": r"\psi", "batch_size": "B"}
    assert {k: CODE_SYMBOLS.get(k) for k in expected} == expected


def optimizer_classes():
    from gdkit import optimizers as _optimizers

    return [getattr(_optimizers, n) for n in _optimizers.__all__ if n != "Optimizer"]


@pytest.mark.parametrize("cls", optimizer_classes(), ids=lambda c: c.__name__)
def test_docstring_symbol_tables_follow_the_page(cls) -> None:
    rows = re.findall(r"^\s*(\S+)\s+``(\w+)``\s", cls.__doc__ or "", flags=re.M)
    for symbol, name in rows:
        if name in CODE_SYMBOLS and CODE_SYMBOLS[name] in UNICODE:
            assert symbol == UNICODE[CODE_SYMBOLS[name]], (
                f"{cls.__name__}'s docstring writes {symbol} for ``{name}``; the notation page "
                f"says {UNICODE[CODE_SYMBOLS[name]]}"
            )


def test_error_messages_name_the_page_symbols() -> None:
    """``check_positive("lr (the learning rate α)", ...)`` and the like, across gdkit."""
    found = []
    for path in Path(gdkit.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found += re.findall(r"^(\w+) \((?:[^()]*? )?([^\s()]+)\)$", node.value)
    checked = 0
    for name, symbol in found:
        latex = CODE_SYMBOLS.get(name)
        if latex in UNICODE:
            checked += 1
            assert symbol == UNICODE[latex], f"message names {name} as {symbol}, not {UNICODE[latex]}"
    assert checked >= 8, "the optimisers' hyper-parameter messages were not found"


def test_revision_symbols_follow_the_page() -> None:
    for name, latex in revision._SYMBOLS.items():
        assert CODE_SYMBOLS.get(name, latex) == latex, f"revision writes {latex} for {name}"


# -- reserved symbols in prose ------------------------------------------------------------------
RESERVED = [
    (r"weight[- ]decay[^.$]{0,60}\$\\lambda|\\lambda\$?[^.$]{0,30}weight[- ]decay",
     "the weight-decay strength is ω (λ is a Hessian eigenvalue)"),
    (r"\\hat\s*\{?v\}?_", "Adam's bias-corrected second moment is ŝ_t (v_t is the velocity)"),
    (r"\\rho\s*\(", "the spectral radius is r(M) (ρ is RMSprop's decay)"),
    (r"\$L\$-smooth|\bL-smooth", "the smoothness constant is Λ (L is the loss)"),
    (r"\$L\$[- ]layers?|\$L\$ hidden layers", "the depth is D (L is the loss)"),
    (r"\\epsilon\b", "the small constant is \\varepsilon (one glyph for one symbol)"),
    (r"\\mu_t\b", "NAdam's momentum of step t is β_{1,t} (μ is the strong-convexity constant)"),
]


def prose_sources() -> list[tuple[str, str]]:
    sources = []
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        sources.append((str(path.relative_to(ROOT)), text))
    for path in [ROOT / "intro.md", *sorted((ROOT / "chapters").rglob("*.md"))]:
        sources.append((str(path.relative_to(ROOT)), path.read_text(encoding="utf8")))
    for path in sorted(Path(gdkit.__file__).parent.rglob("*.py")):
        docs = [ast.get_docstring(n) or "" for n in ast.walk(ast.parse(path.read_text("utf8")))
                if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef))]
        sources.append((str(path.relative_to(ROOT)), "\n".join(docs)))
    return sources


@pytest.mark.parametrize("pattern, reason", RESERVED, ids=[r for _, r in RESERVED])
def test_reserved_symbols_are_not_reused(pattern: str, reason: str) -> None:
    hits = []
    for name, text in prose_sources():
        for m in re.finditer(pattern, text, flags=re.I if "weight" in pattern else 0):
            hits.append(f"{name}: …{text[max(0, m.start() - 40):m.end() + 20]!r}…")
    assert not hits, f"{reason}:\n  " + "\n  ".join(hits[:15])


def test_the_page_lists_each_symbol_once() -> None:
    firsts = []
    for row in NOTATION.splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("$"):
            firsts += re.findall(r"\$([^$]+)\$", cells[0])
    duplicates = {s for s in firsts if firsts.count(s) > 1}
    assert not duplicates, f"listed twice on the notation page: {duplicates}"
