r"""How forgiving is an optimiser about its learning rate? A sweep and an explorer view (chapter 14).

Run an optimiser from the same start with many learning rates α and record how much of the
initial gap to the minimum each run leaves after a fixed budget of steps,

.. math::
    r(\alpha) = \frac{L(\theta_T) - L^\star}{L(\theta_0) - L^\star},

(:math:`L^\star` the known minimum, 0 if none is known; :math:`r = \infty` if the run diverged).
The *window* of an optimiser is the range of α whose runs reach a target, e.g.
:math:`r \le 10^{-3}` ("the gap shrank a thousandfold"): a wide window means little tuning.

:func:`learning_rate_sweep` computes the ratios; :class:`LearningRateWindow` draws r against α
for several optimisers (log-log), the target line, each optimiser's window as a thick bar along
the bottom, and diverged runs as crosses along the top::

    f = gd.functions.quadratic_bowl(100)
    makers = {"GD": lambda a: gd.GD(lr=a), "Adam": lambda a: gd.Adam(lr=a)}
    lrs = np.logspace(-4, 0, 13)
    gd.Explorer(
        LearningRateWindow(target=1e-3),
        lambda budget: learning_rate_sweep(f, [-2.5, 1.5], makers, lrs, max_iter=budget),
        budget=gd.Choice([100, 300, 1000], label="steps"),
    )
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ..._validation import check_positive
from ...experiments import LRSweep, good_windows, learning_rate_sweep  # noqa: F401
from ..palette import color_for
from ..svg import INK, Panel, panel_size
from .core import View

__all__ = ["LearningRateWindow"]


def _describe(name: str, windows: list[tuple[float, float]]) -> str:
    """"Adam: 0.046 to 1 (×22)"; several windows are listed, the widest ratio given once."""
    if not windows:
        return f"{name}: none"
    parts = [f"{lo:.2g}" if lo == hi else f"{lo:.2g} to {hi:.2g}" for lo, hi in windows]
    widest = max(hi / lo for lo, hi in windows)
    return f"{name}: {' and '.join(parts)}" + (f" (×{widest:.0f})" if widest > 1 else " only")


def _cross(panel: Panel, x: float, y: float, color: str, size: float = 4) -> None:
    """A small × marker at (x, y), drawn as two strokes."""
    px, py = float(panel.X(x)), float(panel.Y(y))
    for sign in (1, -1):
        panel.prims.append(["l", color, 2, 0, [round(px - size), round(py - sign * size),
                                               round(px + size), round(py + sign * size)]])


class LearningRateWindow(View):
    r"""Gap ratio against learning rate, per optimiser, and the window of α that reaches ``target``.

    Two panels: on the left the ratio r(α) of every optimiser (log-log; diverged runs are
    crosses along the top, ratios below the axis sit on its bottom edge) with the target as a
    dashed line; on the right each optimiser's window as a bar on the same α axis.
    ``compute`` returns ``{name: LRSweep}`` (:func:`learning_rate_sweep`).

    Parameters
    ----------
    target : float
        The ratio a run must reach to count as a success (default :math:`10^{-3}`).
    ylim : (float, float)
        The ratio axis (log).
    width, height : int
        Requested size of each panel (drawn at :func:`~gdkit.pictures.svg.panel_size`).
    """

    def __init__(self, target: float = 1e-3, ylim=(1e-10, 1e2), width: int = 420,
                 height: int = 320) -> None:
        self.target = check_positive("target", target)
        low, high = ylim
        if not (0 < low < self.target < high):
            raise ValueError(f"ylim {ylim} must be positive and contain the target {target:g}")
        self.ylim = (float(low), float(high))
        self.size = (width, height)

    def make_panels(self, values):
        for value in values:
            if not isinstance(value, Mapping) or not value or not all(
                isinstance(s, LRSweep) for s in value.values()
            ):
                raise TypeError("LearningRateWindow draws a dict name -> LRSweep")
        lrs = np.concatenate([s.lrs for value in values for s in value.values()])
        xlim = (float(lrs.min()) / 1.5, float(lrs.max()) * 1.5)
        self._names = list(dict.fromkeys(name for value in values for name in value))
        width, height = panel_size(*self.size)
        curves = Panel(xlim, self.ylim, "learning rate α",
                       "gap left after T steps, (L − L*)/(L₀ − L*)", logx=True, logy=True,
                       width=width, height=height)
        windows = Panel(xlim, (0, len(self._names) + 0.5), "learning rate α", "", logx=True,
                        width=width, height=height, title=f"α that reach gap × {self.target:g}")
        return [curves, windows]

    def background(self, panels):
        curves, windows = panels
        (x0, x1), target = curves.xlim, self.target
        curves.line(curves.xlim, [target] * 2, INK, 1, dashed=True)
        text = "target"  # its value is in the title of the windows panel
        spots = [(x0 * (x1 / x0) ** k, target * up, anchor) for up in (2.5, 1 / 5)
                 for k, anchor in ((0.03, "start"), (0.97, "end"), (0.3, "start"), (0.6, "start"),
                                   (0.15, "start"), (0.45, "start"), (0.75, "start"))]
        curves.static_label(text, INK, spots)
        curves.axes()
        (x0, x1), (y0, y1) = windows.xlim, windows.ylim
        windows.line([x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0], INK, 1)
        for tick in windows._ticks(windows.xlim, True)[0]:
            windows.context([tick, tick], [y0, y1], "#999999", 0.5, dashed=True)
        windows.xticks(marks=False)
        windows.names()
        for row, name in enumerate(self._names):
            y = len(self._names) - row
            windows.text(x0 * 1.1, y + 0.2, name, color_for(name, row))

    def draw(self, value, panels):
        curves, windows = panels
        low, high = self.ylim
        lines = []
        for i, (name, sweep) in enumerate(value.items()):
            row = self._names.index(name)
            color = color_for(name, row)
            ok = np.isfinite(sweep.ratios)
            shown = np.clip(sweep.ratios, low, high)
            curves.line(sweep.lrs[ok], shown[ok], color, 2)
            curves.dots(sweep.lrs[ok], shown[ok], color, 3)
            for lr in sweep.lrs[~ok]:  # diverged: a cross along the top edge
                _cross(curves, lr, high / 10 ** (0.3 + 0.45 * i), color)
            found = good_windows(sweep, self.target)
            y = len(self._names) - row
            for w_low, w_high in found:
                windows.line([w_low / 1.12, w_high * 1.12], [y - 0.15, y - 0.15], color, 9)
            if not found:
                windows.text(windows.xlim[0] * 1.1, y - 0.35, "none", color)
            lines.append(_describe(name, found))
        return "α reaching the target: " + "; ".join(lines)
