r"""A classifier's decision boundary in the input plane, for explorers and for figures.

A binary classifier on two input features, such as :class:`gdkit.MLP` or
:class:`gdkit.LogisticRegression`, splits the plane into the region it labels 1 and the region it
labels 0. The line between them, where the predicted probability is 1/2, is the *decision
boundary*. Chapter 10 watches it bend into shape as training proceeds.

Two ways to draw it:

* :class:`DecisionBoundary`, an explorer view: the two regions as light tints with the boundary
  line, the data points, and next to it the loss curve up to the current moment (every run's
  whole curve is drawn faintly behind it, for comparison);
* :func:`decision_boundary`, the same picture on a matplotlib Axes (for figure grids).

Examples
--------
>>> import gdkit as gd
>>> data = gd.two_moons(n=100)
>>> net = gd.MLP(sizes=(2, 8, 1))
>>> res = gd.fit(net, data, gd.Adam(lr=0.01), batch_size=20, epochs=5)
>>> snap = Snapshot(res.theta, res.steps, res.losses, now=res.steps[-1], label="Adam")
>>> view = DecisionBoundary(net, data, xlabel="update")
>>> ex = gd.Explorer(view, lambda k: snap, k=gd.Slider(0, 1, 1))
>>> ex.frames()["0"]["t"].startswith("Adam: update 25, loss")
True
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np

from ..palette import COLORS
from ..svg import INK, Panel, readout
from .core import View, _size

__all__ = ["Snapshot", "DecisionBoundary", "CLASS_COLORS"]

#: Colours of label 0 and label 1 (Okabe-Ito vermillion and blue); regions take them as tints.
CLASS_COLORS = (COLORS[1], COLORS[0])
_TINT = "40"  # alpha (hex) of the region tints: light on both the light and the dark theme


class Snapshot(NamedTuple):
    """One moment of a training run, as :class:`DecisionBoundary` draws it.

    Attributes
    ----------
    theta : numpy.ndarray
        The parameters at this moment.
    x, losses : numpy.ndarray
        The whole loss curve of the run (e.g. epochs and the loss at the end of each).
    now : float
        Where on ``x`` this moment is: the curve is solid up to ``now`` and faint after it.
    label : str
        A name for the readout, e.g. the optimiser.
    """

    theta: np.ndarray
    x: np.ndarray
    losses: np.ndarray
    now: float
    label: str = ""


def _window(X: np.ndarray, xlim, ylim, margin: float = 0.15) -> tuple[tuple, tuple]:
    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = margin * (hi - lo)
    xlim = xlim or (float(lo[0] - pad[0]), float(hi[0] + pad[0]))
    ylim = ylim or (float(lo[1] - pad[1]), float(hi[1] + pad[1]))
    return tuple(xlim), tuple(ylim)


def _probabilities(model: Any, theta: Any, xlim, ylim, n: int):
    """The grid and the model's probability of label 1 at each grid point."""
    gx, gy = np.linspace(*xlim, n), np.linspace(*ylim, n)
    GX, GY = np.meshgrid(gx, gy)
    points = np.column_stack([GX.ravel(), GY.ravel()])
    if hasattr(model, "forward"):
        p = model.forward(theta, points)
    elif hasattr(model, "predict_proba"):
        p = model.predict_proba(theta, points)
    else:
        raise TypeError(f"{type(model).__name__} gives no probabilities (forward or predict_proba)")
    return GX, GY, np.asarray(p, dtype=float).reshape(GX.shape)


def _check_data(data: Any) -> tuple[np.ndarray, np.ndarray]:
    try:
        X, y = data
    except (TypeError, ValueError):
        raise ValueError("data must be a pair (X, y) such as gd.two_moons()") from None
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"a decision boundary is drawn for 2 input features, got X of shape {X.shape}")
    if y.shape != (len(X),):
        raise ValueError(f"y must have one label per row of X, got shapes {X.shape} and {y.shape}")
    return X, y


class DecisionBoundary(View):
    r"""A 2-D classifier's regions and decision boundary, with its loss curve beside it.

    Parameters
    ----------
    model : MLP or LogisticRegression
        A binary classifier of two features with ``forward(theta, X)`` (or ``predict_proba``)
        giving the probability of label 1, and ``predict``.
    data : Dataset or (X, y)
        The points drawn (labels 0/1), e.g. the training set.
    xlim, ylim : (float, float), optional
        The window of the input plane; default the data's extent plus a margin.
    n : int
        Grid points per axis at which the probability is evaluated (coarse is fine: 32).
    curve : bool
        Draw the loss curve in a second panel.
    xlabel : str
        The label of the loss curve's horizontal axis.
    logy : bool
        Logarithmic loss axis.
    width, height : int
        Panel size in SVG pixels.

    Notes
    -----
    ``compute`` returns a :class:`Snapshot`. Each frame stores the region outlines (a few hundred
    numbers on a 32 × 32 grid) and the loss curve; the points are drawn once, in the background.
    """

    def __init__(self, model: Any, data: Any, *, xlim=None, ylim=None, n: int = 32,
                 curve: bool = True, xlabel: str = "epoch", logy: bool = True,
                 width: int = 380, height: int = 320) -> None:
        self.model = model
        self.X, self.y = _check_data(data)
        self.xlim, self.ylim = _window(self.X, xlim, ylim)
        if not isinstance(n, int) or n < 3:
            raise ValueError(f"n must be an integer >= 3 (grid points per axis), got {n!r}")
        self.n, self.curve, self.xlabel, self.logy = n, curve, xlabel, logy
        self.size = (width, height)

    def make_panels(self, values):
        for value in values:
            if not isinstance(value, Snapshot):
                raise TypeError(
                    f"DecisionBoundary draws a Snapshot, got {type(value).__name__}"
                )
        panels = [Panel(self.xlim, self.ylim, "x₁", "x₂", **_size(self.size))]
        if self.curve:
            xs = np.concatenate([np.asarray(v.x, float) for v in values])
            ys = np.concatenate([np.asarray(v.losses, float) for v in values])
            keep = np.isfinite(ys) & ((ys > 0) if self.logy else True)
            xs, ys = xs[keep], ys[keep]
            xlim = (float(xs.min()), float(max(xs.max(), xs.min() + 1)))
            if self.logy:
                ylim = (10 ** math.floor(math.log10(ys.min())), 10 ** math.ceil(math.log10(ys.max())))
            else:
                ylim = (0.0, float(ys.max()) * 1.05)
            curve = Panel(xlim, ylim, self.xlabel, "loss L(θ)", logy=self.logy,
                          **_size(self.size))  # fmt: skip
            panels.append(curve)
            # every run's whole curve, drawn once (faint) in the background
            curves = {}
            for v in values:
                x, losses = np.asarray(v.x, float), np.asarray(v.losses, float)
                curves.setdefault((x.tobytes(), losses.tobytes()), (x, losses))
            self._curves = list(curves.values())
        return panels

    def background(self, panels):
        for label, color in enumerate(CLASS_COLORS):
            mine = self.y == label
            panels[0].dots(self.X[mine, 0], self.X[mine, 1], color, 2.5)
        if self.curve:
            for x, losses in self._curves:
                panels[1].line(x, losses, "#999999", 1, dashed=True)
        for panel in panels:
            panel.axes()

    def draw(self, value, panels):
        import contourpy

        plane = panels[0]
        GX, GY, P = _probabilities(self.model, value.theta, self.xlim, self.ylim, self.n)
        generator = contourpy.contour_generator(GX, GY, P, fill_type="OuterOffset")
        for label, (lower, upper) in enumerate([(-0.1, 0.5), (0.5, 1.1)]):
            tint = CLASS_COLORS[label] + _TINT
            for points, offsets in zip(*generator.filled(lower, upper)):
                # One polygon per region: the outer ring, then each hole joined by a bridge that
                # is walked there and back (it adds no area; holes run the other way round).
                rings = [points[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
                joined = np.vstack([*rings, rings[0][:1]]) if len(rings) > 1 else rings[0]
                plane.polygon(joined[:, 0], joined[:, 1], tint)
        for segment in generator.lines(0.5):
            plane.line(segment[:, 0], segment[:, 1], INK, 1.8)

        accuracy = float(np.mean(self.model.predict(value.theta, self.X) == self.y))
        x, losses = np.asarray(value.x, float), np.asarray(value.losses, float)
        done = x <= value.now + 1e-12
        loss_now = float(losses[done][-1]) if done.any() else float("nan")
        if self.curve:
            curve = panels[1]
            curve.line(x[done], losses[done], COLORS[0], 2.2)
            if done.any():
                curve.dots(x[done][-1:], losses[done][-1:], COLORS[0], 4.5)
        name = f"{value.label}: " if value.label else ""
        return f"{name}{self.xlabel} {value.now:g}, loss {readout(loss_now)}, accuracy {accuracy:.0%}"
