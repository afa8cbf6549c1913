"""The View base class and the core views: Trajectory, Walk1D, Curves, and Row (side by side)."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ...descent import Result
from ..palette import color_for
from ..svg import INK, Panel, panel_size, readout

__all__ = ["View", "Row", "Trajectory", "Walk1D", "Curves"]


class View:
    """How an explorer draws what ``compute`` returned, on one or more :class:`Panel`.

    Subclasses implement ``make_panels(values)`` (given every precomputed value, so axes can be
    fitted to all frames), ``background(panels)`` (drawn once) and ``draw(value, panels)``
    (drawn per frame, returning a one-line readout for screen readers and captions).
    """

    _colours: dict = {}  # label -> colour over all frames, set by make_panels

    def make_panels(self, values: list) -> list[Panel]:  # pragma: no cover - abstract
        raise NotImplementedError

    def background(self, panels: list[Panel]) -> None:
        for panel in panels:
            panel.axes()

    def draw(self, value, panels: list[Panel]) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def __or__(self, other: View) -> View:
        return Row(self, other)


def _labelled(value) -> list[tuple[str, object]]:
    """Normalise what compute returned into (label, item) pairs: one item, a list or a dict."""
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, (list, tuple)) and value and isinstance(value[0], Result):
        return [(r.optimizer_name, r) for r in value]
    if isinstance(value, Result):
        return [(value.optimizer_name, value)]
    raise TypeError(
        "an explorer's compute must return a Result, a list of Results or a dict label -> Result, "
        f"got {type(value).__name__}"
    )


def _colours(frames) -> dict[str, str]:
    """One colour per label over all frames: an optimiser's own, else its first slot's.

    ``frames`` lists, per frame, the labels in drawing order; a series keeps its colour when a
    slider moves, even in a frame where the series before it is missing.
    """
    colours: dict[str, str] = {}
    for labels in frames:
        for i, label in enumerate(labels):
            colours.setdefault(label, color_for(label, i))
    return colours


def _summary(label: str, result: Result) -> str:
    if result.diverged:
        return f"{label}: diverged after {result.n_iter} steps"
    return f"{label}: {result.n_iter} steps, loss {readout(result.loss)}"


def _size(size) -> dict:
    """Panel keyword arguments for a view's requested (width, height), see ``panel_size``."""
    width, height = panel_size(*size)
    return {"width": width, "height": height}


class Trajectory(View):
    """Paths of one or more runs on the contours of a 2-D objective.

    Parameters
    ----------
    f : Objective
        A function of two variables.
    xlim, ylim : (float, float), optional
        The window; default ``f.view``.
    levels : int
        Number of contour lines.
    """

    def __init__(self, f, xlim=None, ylim=None, levels: int = 12, width: int = 400,
                 height: int = 320) -> None:
        if f.dim != 2:
            raise ValueError(f"Trajectory needs a function of 2 variables, {f.name} has {f.dim}")
        view = getattr(f, "view", ((-3, 3), (-3, 3)))
        self.f, self.levels = f, levels
        self.xlim = xlim or view[0]
        self.ylim = ylim or view[1]
        self.size = (width, height)

    def make_panels(self, values):
        x, y = (v.name for v in self.f.variables)
        self._colours = _colours([label for label, _ in _labelled(v)] for v in values)
        return [Panel(self.xlim, self.ylim, x, y, *(), **_size(self.size))]

    def background(self, panels):
        panels[0].contours(self.f, self.levels)
        for m in self.f.minima:
            panels[0].dots([m[0]], [m[1]], INK, 3)
        panels[0].axes()

    def draw(self, value, panels):
        panel, lines, keys = panels[0], [], []
        for i, (label, result) in enumerate(_labelled(value)):
            color = self._colours.get(label) or color_for(label, i)
            path = result.path
            panel.line(path[:, 0], path[:, 1], color, 2, dashed=result.diverged)
            panel.dots(path[:1, 0], path[:1, 1], color, 4.5)
            panel.dots(path[-1:, 0], path[-1:, 1], color, 3)
            lines.append(_summary(label, result))
            keys.append((label, color))
        panel.legend(keys)
        return "; ".join(lines)


class Walk1D(View):
    """The iterates of 1-D runs as dots on the curve y = f(θ), joined in order."""

    def __init__(self, f, xlim=None, ylim=None, width: int = 560, height: int = 300) -> None:
        if f.dim != 1:
            raise ValueError(f"Walk1D needs a function of 1 variable, {f.name} has {f.dim}")
        self.f = f
        self.xlim = xlim or getattr(f, "view", ((-3, 3),))[0]
        grid = np.linspace(*self.xlim, 300)
        self._curve = (grid, f(grid[None, :]))
        pad = 0.05 * (self._curve[1].max() - self._curve[1].min())
        self.ylim = ylim or (self._curve[1].min() - pad, self._curve[1].max() + pad)
        self.size = (width, height)

    def make_panels(self, values):
        x = self.f.variables[0].name
        self._colours = _colours([label for label, _ in _labelled(v)] for v in values)
        return [Panel(self.xlim, self.ylim, x, f"f({x})", **_size(self.size))]

    def background(self, panels):
        panels[0].line(*self._curve, INK, 1.5)
        panels[0].axes()

    def draw(self, value, panels):
        panel, lines, keys = panels[0], [], []
        for i, (label, result) in enumerate(_labelled(value)):
            color = self._colours.get(label) or color_for(label, i)
            xs, ys = result.path[:, 0], result.losses
            panel.line(xs, ys, color, 1.2, dashed=True)
            panel.dots(xs, ys, color, 3.5)
            panel.dots(xs[:1], ys[:1], INK, 5)
            lines.append(_summary(label, result))
            keys.append((label, color))
        panel.legend(keys)
        return "; ".join(lines)


class Curves(View):
    """Curves y(x) per label, e.g. loss against iteration, on linear or log axes.

    ``compute`` returns a dict ``label -> (x, y)``, or Results (then y is the loss, the
    gradient norm with ``quantity="grad_norms"``, or any ``quantity(result)`` such as
    ``lambda r: abs(r.path[:, 1])``, against the iteration).
    """

    def __init__(self, xlabel: str = "iteration t", ylabel: str = "loss L(θ_t)", *,
                 logx: bool = False, logy: bool = True, xlim=None, ylim=None,
                 quantity: str = "losses", markers: bool = False, width: int = 400,
                 height: int = 320) -> None:
        if not callable(quantity) and quantity not in ("losses", "grad_norms"):
            raise ValueError(
                f"quantity must be 'losses', 'grad_norms' or a function of a Result, got {quantity!r}"
            )
        self.xlabel, self.ylabel, self.logx, self.logy = xlabel, ylabel, logx, logy
        self.xlim, self.ylim, self.quantity, self.markers = xlim, ylim, quantity, markers
        self.size = (width, height)

    def _series(self, value):
        """(label, x, y, is_run, diverged) for each curve; x > 0 only on a log x axis."""
        for label, item in _labelled(value):
            if isinstance(item, Result):
                q = self.quantity
                y = np.asarray(q(item) if callable(q) else getattr(item, q), dtype=float)
                x, is_run, diverged = np.arange(len(y)), True, item.diverged
            else:
                x, y = np.asarray(item[0], float), np.asarray(item[1], float)
                is_run, diverged = False, False
            keep = x > 0 if self.logx else slice(None)
            yield label, x[keep], y[keep], is_run, diverged

    def make_panels(self, values):
        xs, ys = [], []
        for value in values:
            for _, x, y, _, _ in self._series(value):
                keep = np.isfinite(y) & (y > 0 if self.logy else True)
                xs.append(x[keep])
                ys.append(y[keep])
        xall, yall = np.concatenate(xs), np.concatenate(ys)
        xlim = self.xlim or (float(xall.min()), float(max(xall.max(), xall.min() + 1)))
        if self.ylim:
            ylim = self.ylim
        elif self.logy:
            ylim = (10 ** math.floor(math.log10(yall.min())), 10 ** math.ceil(math.log10(yall.max())))
        else:
            pad = 0.05 * (yall.max() - yall.min() or 1)
            ylim = (float(yall.min() - pad), float(yall.max() + pad))
        self._colours = _colours([s[0] for s in self._series(v)] for v in values)
        return [Panel(xlim, ylim, self.xlabel, self.ylabel, logx=self.logx, logy=self.logy,
                      **_size(self.size))]

    def draw(self, value, panels):
        panel, lines, keys = panels[0], [], []
        for i, (label, x, y, is_run, diverged) in enumerate(self._series(value)):
            color = self._colours.get(label) or color_for(label, i)
            panel.line(x, y, color, 2, dashed=diverged)
            if self.markers:
                panel.dots(x, y, color, 3)
            if not is_run:  # runs are summarised by the views that draw their paths
                lines.append(f"{label}: {readout(y[-1])} at {x[-1]:g}")
            keys.append((label, color))
        panel.legend(keys)
        return "; ".join(lines)


class Row(View):
    """Several views side by side, each drawing the same computed value."""

    def __init__(self, *children: View) -> None:
        self.children = [c for child in children for c in getattr(child, "children", [child])]

    def make_panels(self, values):
        panels = []
        self._spans = []
        for child in self.children:
            own = child.make_panels(values)  # each panel is its own SVG: no offsets
            self._spans.append((len(panels), len(panels) + len(own)))
            panels += own
        return panels

    def background(self, panels):
        for child, (a, b) in zip(self.children, self._spans):
            child.background(panels[a:b])

    def draw(self, value, panels):
        texts = [child.draw(value, panels[a:b]) for child, (a, b) in zip(self.children, self._spans)]
        return " | ".join(dict.fromkeys(t for t in texts if t))  # each distinct readout once


# --------------------------------------------------------------------------------------------
# The explorer
# --------------------------------------------------------------------------------------------
