r"""The (α, β) phase diagram of heavy ball or Nesterov on a quadratic (chapter 6).

The numerics live in :mod:`gdkit.stability`; this view only draws them. The plane is
αΛ (the learning rate in units of 1/Λ, so that the picture holds for every Λ) against β, for a
quadratic whose curvatures fill [Λ/κ, Λ]. The background, drawn once, is the convergence rate
per step as a light heat map (a coarse grid of rectangles in a few tints of one colour: darker is
faster; blank is divergent), the stability limit, the critical-damping curve (left of it every
direction is monotone) and, for heavy ball, Polyak's optimum. Each frame adds the chosen point.

``compute`` returns ``{"alpha": αΛ, "beta": β}``; join two diagrams with ``|`` to compare the
methods at the same point::

    phase = PhaseDiagram("heavy ball", kappa=9) | PhaseDiagram("Nesterov", kappa=9)
    gd.Explorer(phase, lambda a, b: {"alpha": a, "beta": b}, a=..., b=...)
"""

from __future__ import annotations

import math

import numpy as np

from ... import stability
from ..palette import COLORS
from ..svg import INK, Panel
from .core import View, _size

__all__ = ["PhaseDiagram", "RATE_BINS"]

#: Rate bins of the heat map (upper edges) and the opacity of each bin's tint.
RATE_BINS = (0.6, 0.8, 0.9, 0.95, 1.0)
_ALPHAS = ("99", "6b", "45", "28", "12")
_TINT = COLORS[0]  # Okabe-Ito blue
_MARK = COLORS[1]  # vermillion: the chosen point
_OPTIMUM = COLORS[2]  # bluish green: the optimum


class PhaseDiagram(View):
    """Rate, regions, critical damping and optimum of one momentum method in the (αΛ, β) plane.

    Parameters
    ----------
    method : {"heavy ball", "Nesterov"}
        gd.Momentum or gd.Nesterov (PyTorch's form).
    kappa : float
        Condition number: curvatures fill [Λ/κ, Λ] (κ = 1: a single curvature).
    xmax : float
        The largest αΛ shown (heavy ball's limit tends to 4 as β → 1).
    cells : (int, int)
        The heat map's grid (columns, rows): coarse, so the page stays light.
    """

    def __init__(self, method: str, kappa: float = 9.0, *, xmax: float = 4.2,
                 cells: tuple[int, int] = (42, 25), width: int = 200, height: int = 215) -> None:
        if method not in stability.METHODS:
            raise ValueError(f"method must be one of {stability.METHODS}, got {method!r}")
        if not kappa >= 1:
            raise ValueError(f"kappa must be >= 1, got {kappa!r}")
        self.method, self.kappa, self.xmax = method, float(kappa), float(xmax)
        self.cells, self.size = cells, (width, height)

    def make_panels(self, values):
        # "blank: divergent" in the title: no label inside the plot can stay clear of every
        # point the sliders reach
        return [Panel((0.0, self.xmax), (0.0, 1.0), "αΛ", "β", **_size(self.size),
                      title=f"{self.method} (blank: divergent)")]

    def rate(self, a, b):
        """Rate per step at αΛ = a, β (Λ = 1, μ = 1/κ)."""
        return stability.rate(self.method, a, b, 1 / self.kappa, 1.0)

    def _heat(self, panel: Panel) -> None:
        """Rectangles of equal rate bin: runs along each row, merged with equal runs below."""
        nx, ny = self.cells
        xs, ys = np.linspace(0, self.xmax, nx + 1), np.linspace(0, 1, ny + 1)
        centres = np.meshgrid((xs[:-1] + xs[1:]) / 2, (ys[:-1] + ys[1:]) / 2)
        bins = np.searchsorted(RATE_BINS, self.rate(*centres), side="right")  # last: diverges
        rects, open_ = [], {}
        for j in range(ny):
            runs, i = {}, 0
            while i < nx:
                k = i
                while k + 1 < nx and bins[j, k + 1] == bins[j, i]:
                    k += 1
                if bins[j, i] < len(RATE_BINS):
                    runs[(i, k, int(bins[j, i]))] = open_.pop((i, k, int(bins[j, i])), j)
                i = k + 1
            rects += [(key, start, j) for key, start in open_.items()]
            open_ = runs
        rects += [(key, start, ny) for key, start in open_.items()]
        for (i, k, b), j0, j1 in sorted(rects, key=lambda r: (r[1], r[0])):
            x0, x1, y0, y1 = xs[i], xs[k + 1], ys[j0], ys[j1]
            panel.polygon([x0, x1, x1, x0], [y0, y0, y1, y1], _TINT + _ALPHAS[b])

    def background(self, panels):
        panel = panels[0]
        self._heat(panel)
        beta = np.linspace(0, 0.999, 60)
        panel.line(stability.stability_limit(self.method, beta), beta, INK, 1.5)
        panel.line(stability.critical_damping(self.method, beta), beta, INK, 1.5, dashed=True)
        if self.method == "heavy ball" and self.kappa > 1:
            a, b, _ = stability.polyak_optimum(1 / self.kappa, 1.0)
        else:
            a, b, _ = stability.nesterov_quadratic_optimum(1 / self.kappa, 1.0)
        panel.dots([a], [b], INK, 5.5)
        panel.dots([a], [b], _OPTIMUM, 4)
        panel.axes()

    def draw(self, value, panels):
        a, b = float(value["alpha"]), float(value["beta"])
        panel = panels[0]
        panel.dots([a], [b], INK, 6)
        panel.dots([a], [b], _MARK, 4.5)
        r = float(self.rate(a, b))
        name = stability.REGIONS[int(stability.region(self.method, a, b, 1 / self.kappa, 1.0))]
        if r >= 1:
            return f"{self.method}: divergent, r = {r:.2f}"
        steps = math.ceil(math.log(1e-6) / math.log(r)) if r > 0 else 1
        return f"{self.method}: {name}, r = {r:.3f} ({steps} steps to 1e-6)"
