r"""An explorer view for training runs of :func:`gdkit.fit`: the loss against the cost, and the path.

Chapter 5 compares batch, stochastic and mini-batch gradient descent. What it must show is the
loss against the *work done* (gradient evaluations), not against the number of updates, and the
parameter path :math:`\theta_0, \theta_1, \dots` over the contours of the loss, where the noise of
small batches is plain to see::

    view = FitRuns(f=mse, baseline=L_star)
    gd.Explorer(view, lambda B, lr: {f"B = {B}": gd.fit(model, data, gd.GD(lr=lr), batch_size=B)},
                B=gd.Choice([1, 16, 1000]), lr=gd.Slider(0.05, 0.2, 0.05))
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..palette import color_for
from ..svg import INK, Panel, readout
from .core import View, _colours, _size

__all__ = ["FitRuns"]

_XLABELS = {"grad_evals": "gradient evaluations", "steps": "updates t"}


def _runs(value) -> list[tuple[str, object]]:
    """(label, TrainResult) pairs from one result or a dict label -> result."""
    if isinstance(value, Mapping):
        pairs = list(value.items())
    else:
        pairs = [(getattr(value, "optimizer_name", "run"), value)]
    for label, run in pairs:
        if not all(hasattr(run, a) for a in ("losses", "grad_evals", "steps", "path")):
            raise TypeError(
                "FitRuns draws results of gdkit.fit (or a dict label -> result), "
                f"got {type(run).__name__} for {label!r}"
            )
    return pairs


class FitRuns(View):
    r"""Loss curves of training runs against their cost, with their parameter paths.

    Parameters
    ----------
    f : Objective, optional
        The full-data loss as a function of the two parameters (e.g. ``(w, b)``). If given, a
        first panel draws its contours and each run's path :math:`\theta_0, \theta_1, \dots`.
    x : {"grad_evals", "steps"}
        The horizontal axis of the loss panel: per-example gradients computed (the cost; one
        epoch is N of them) or optimiser updates.
    baseline : float
        Subtracted from every loss, e.g. the minimum :math:`L^*`, so that a log axis shows how
        far each run is from the best possible loss.
    logx, logy : bool
        Logarithmic cost axis (the start, at cost 0, is then left out) and loss axis (losses
        <= 0 are left out).
    xlim, ylim : (float, float), optional
        Limits of the loss panel; by default fitted to every frame.
    path_xlim, path_ylim : (float, float), optional
        The window of the path panel; default ``f.view`` or a box around every path.
    levels : int
        Number of contour lines.
    width, height : int
        Size of each panel in SVG pixels.

    Notes
    -----
    ``compute`` returns a :class:`gdkit.TrainResult` or a dict label -> TrainResult. Record the
    runs sparsely (``record_every``) so that each curve has at most a few hundred points: every
    frame is stored in the static book.
    """

    def __init__(self, f=None, *, x: str = "grad_evals", baseline: float = 0.0,
                 logx: bool = False, logy: bool = True, xlim=None, ylim=None, path_xlim=None, path_ylim=None,
                 levels: int = 12, width: int = 400, height: int = 320) -> None:
        if x not in _XLABELS:
            raise ValueError(f"x must be one of {sorted(_XLABELS)}, got {x!r}")
        if f is not None and f.dim != 2:
            raise ValueError(f"FitRuns draws paths of 2 parameters, {f.name} has {f.dim}")
        if not math.isfinite(baseline):
            raise ValueError(f"baseline must be a finite number, got {baseline!r}")
        self.f, self.x, self.baseline = f, x, float(baseline)
        self.logx, self.logy = logx, logy
        self.xlim, self.ylim = xlim, ylim
        self.path_lims = (path_xlim, path_ylim)
        self.levels, self.size = levels, (width, height)

    def _curve(self, run) -> tuple[np.ndarray, np.ndarray]:
        x = np.asarray(getattr(run, self.x), dtype=float)
        y = np.asarray(run.losses, dtype=float) - self.baseline
        keep = np.isfinite(y) & ((y > 0) if self.logy else True) & ((x > 0) if self.logx else True)
        return x[keep], y[keep]

    def make_panels(self, values):
        runs = [run for value in values for _, run in _runs(value)]
        panels = []
        if self.f is not None:
            xlim, ylim = self.path_lims
            view = getattr(self.f, "view", None)
            if (xlim is None or ylim is None) and view is None:
                points = np.concatenate([run.path for run in runs])
                lo, hi = points.min(axis=0), points.max(axis=0)
                pad = 0.05 * np.maximum(hi - lo, 1e-9)
                view = ((lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1]))
            xlim, ylim = xlim or view[0], ylim or view[1]
            names = [v.name for v in self.f.variables]
            panels.append(Panel(xlim, ylim, names[0], names[1], **_size(self.size)))
        curves = [self._curve(run) for run in runs]
        xs = np.concatenate([c[0] for c in curves])
        ys = np.concatenate([c[1] for c in curves])
        if xs.size == 0:
            raise ValueError("FitRuns: no finite (and, on a log axis, positive) loss to draw")
        if self.xlim:
            xlim = self.xlim
        elif self.logx:
            xlim = (10 ** math.floor(math.log10(xs.min())), 10 ** math.ceil(math.log10(xs.max())))
        else:
            xlim = (float(xs.min()), float(max(xs.max(), xs.min() + 1)))
        if self.ylim:
            ylim = self.ylim
        elif self.logy:
            ylim = (10 ** math.floor(math.log10(ys.min())), 10 ** math.ceil(math.log10(ys.max())))
            if ylim[0] == ylim[1]:
                ylim = (ylim[0], ylim[0] * 10)
        else:
            pad = 0.05 * (ys.max() - ys.min() or 1.0)
            ylim = (float(ys.min() - pad), float(ys.max() + pad))
        ylabel = "loss L(θ)" if self.baseline == 0 else "L(θ) − L*"
        curve = Panel(xlim, ylim, _XLABELS[self.x], ylabel, logx=self.logx, logy=self.logy,
                      **_size(self.size))  # fmt: skip
        panels.append(curve)
        self._colours = _colours([label for label, _ in _runs(v)] for v in values)
        return panels

    def background(self, panels):
        if self.f is not None:
            panels[0].contours(self.f, self.levels)
            for m in self.f.minima:
                panels[0].dots([m[0]], [m[1]], INK, 3)
        for panel in panels:
            panel.axes()

    def draw(self, value, panels):
        lines, keys = [], []
        for i, (label, run) in enumerate(_runs(value)):
            color = self._colours.get(label) or color_for(label, i)
            keys.append((label, color))
            dashed = bool(getattr(run, "diverged", False))
            if self.f is not None:
                path = np.asarray(run.path, dtype=float)
                panels[0].line(path[:, 0], path[:, 1], color, 1.5, dashed=dashed)
                panels[0].dots(path[:1, 0], path[:1, 1], color, 4.5)
                panels[0].dots(path[-1:, 0], path[-1:, 1], color, 3)
            x, y = self._curve(run)
            panels[-1].line(x, y, color, 2, dashed=dashed)
            updates = int(run.steps[-1])
            if dashed:
                lines.append(f"{label}: diverged after {updates} updates")
            else:
                what = "loss" if self.baseline == 0 else "L − L*"
                final = float(run.losses[-1]) - self.baseline
                lines.append(f"{label}: {updates} updates, {what} {readout(final)}")
        panels[-1].legend(keys)
        return "; ".join(lines)
