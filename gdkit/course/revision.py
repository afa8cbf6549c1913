"""Revision material rendered from the code, so that it cannot drift from it.

:func:`update_rules_markdown` prints every optimiser's update rule (from the symbolic rules that
the tests evaluate against each optimiser's ``step``) with its default hyper-parameters, ready for
``IPython.display.Markdown`` in the cheat sheet and the revision pages.
"""

from __future__ import annotations

import inspect

import sympy as sp

from ..optimizers import OPTIMIZERS
from ..rules import RULES, rule_latex

__all__ = ["defaults", "update_rules_markdown"]

_SYMBOLS = {
    "lr": r"\alpha",
    "momentum": r"\beta",
    "beta1": r"\beta_1",
    "beta2": r"\beta_2",
    "eps": r"\varepsilon",
    "rho": r"\rho",
    "weight_decay": r"\omega",
    "momentum_decay": r"\psi",
}


def _symbol(name: str, attribute: str) -> str:
    """The LaTeX symbol of hyper-parameter ``attribute`` in optimiser ``name``'s rule.

    Read from the rule itself when the rule uses it (so the defaults printed beside a rule use the
    rule's own letters), else from ``_SYMBOLS`` (the notation page's symbols).
    """
    rule = RULES.get(name)
    if rule is not None:
        for symbol, attr in rule.hyper.items():
            if attr == attribute:
                return sp.latex(symbol)
    return _SYMBOLS.get(attribute, attribute)


def defaults(optimizer_class) -> dict[str, float]:
    """The default hyper-parameters of an optimiser class, read from its signature."""
    parameters = inspect.signature(optimizer_class.__init__).parameters
    return {n: p.default for n, p in parameters.items() if n != "self"}


def update_rules_markdown(names=None, *, aligned: bool = True) -> str:
    r"""Markdown for the update rules of the named optimisers (default: all), with defaults.

    Examples
    --------
    >>> print(update_rules_markdown(["GD"]).splitlines()[0])
    **GD** (defaults: $\alpha = 0.1$)
    """
    by_name = {c.name: c for c in OPTIMIZERS}
    blocks = []
    for name in names or list(by_name):
        cls = by_name[name]
        shown = ", ".join(f"${_symbol(name, k)} = {_number(v)}$" for k, v in defaults(cls).items())
        lines = rule_latex(name)
        body = r" \\ ".join(line.replace(" = ", " &= ", 1) for line in lines)
        math = rf"\begin{{aligned}} {body} \end{{aligned}}" if aligned else body
        blocks.append(f"**{name}** (defaults: {shown})\n\n$$\n{math}\n$$\n")
    return "\n".join(blocks)


def _number(value: float) -> str:
    """1e-08 as 10^{-8}, 0.001 as 10^{-3}; other numbers as they are."""
    if value and abs(value) < 1e-2:
        mantissa, exponent = f"{value:.0e}".split("e")
        power = f"10^{{{int(exponent)}}}"
        return power if mantissa == "1" else rf"{mantissa} \times {power}"
    return f"{value:g}"
