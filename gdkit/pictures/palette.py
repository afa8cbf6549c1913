"""The book's colours: Okabe & Ito's colour-blind-safe palette, one fixed colour per optimiser.

Shared by the matplotlib figures (:mod:`gdkit.plots`) and the SVG sliders (:mod:`gdkit.explorers`),
so an optimiser has the same colour in every picture of the book. Black and yellow are left out of
the line colours: black vanishes on the dark theme and yellow on the light one.
"""

from __future__ import annotations

#: Okabe-Ito colours usable on light and dark backgrounds, in the order series take them.
COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")

_OPTIMIZER_COLORS = {
    "GD": "#0072B2",
    "Momentum": "#D55E00",
    "Nesterov": "#CC79A7",
    "AdaGrad": "#E69F00",
    "RMSprop": "#56B4E9",
    "Adam": "#009E73",
    "Adadelta": "#E69F00",
    "AdamW": "#CC79A7",
    "AMSGrad": "#56B4E9",
    "NAdam": "#D55E00",
}


def color_for(name: str, index: int = 0) -> str:
    """The colour of an optimiser (by name), or the ``index``-th colour of the palette."""
    return _OPTIMIZER_COLORS.get(name, COLORS[index % len(COLORS)])
