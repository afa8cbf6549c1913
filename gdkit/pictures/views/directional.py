r"""The directional derivative at a point, as an explorer view (chapter 2).

The slope of f at a point p in the direction of a unit vector u is

.. math::
    D_u f(p) = \lim_{h \to 0} \frac{f(p + h u) - f(p)}{h} = \nabla f(p) \cdot u
             = \lVert \nabla f(p) \rVert \cos\vartheta,

where :math:`\vartheta` is the angle between u and the gradient. With
:math:`u = (\cos\varphi, \sin\varphi)` it is a cosine of the direction angle φ, largest
(:math:`= \lVert\nabla f\rVert`) when u points along the gradient and zero along the level set.

:func:`directional_derivative` computes it; :class:`Directional` draws it in two panels: the
contours with the point, the gradient arrow, the unit direction u and the level set's tangent;
and :math:`D_u f` against the angle φ, with the current angle marked::

    f = gd.Objective("x**2 + x*y + 2*y**2")
    points = {"(1, 1)": (1.0, 1.0), "(1.5, 0)": (1.5, 0.0)}
    gd.Explorer(
        Directional(f, xlim=(-2, 2), ylim=(-2, 2)),
        lambda point, angle: directional_derivative(f, points[point], angle),
        point=gd.Choice(list(points), label="point p"),
        angle=gd.Slider(0, 345, 15, label="direction φ (degrees)"),
    )
"""

from __future__ import annotations

import math

import numpy as np

from ...experiments import DirectionalSlope, directional_derivative  # noqa: F401
from ...objective import Objective
from ..palette import COLORS
from ..svg import INK, PANEL_WIDTH, Panel, readout
from .core import View

__all__ = ["Directional"]

GRAD_COLOR = COLORS[1]  # vermilion: the gradient
U_COLOR = COLORS[0]  # blue: the chosen direction u
LEVEL_COLOR = "#888888"  # grey: the level set's tangent


def _label(panel: Panel, tip, direction, text: str, color: str) -> None:
    """A label beyond an arrow's tip, or at the nearest spot around the tip that is free."""
    px, py = float(panel.X(tip[0])), float(panel.Y(tip[1]))
    dx, dy = float(direction[0]), -float(direction[1])  # pixels: y grows downwards
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    half = 15 * 0.25  # from the baseline to the middle of a text box (FONT 15: ascent − descent)
    anchor = "start" if ux > 0.5 else "end" if ux < -0.5 else "middle"
    beyond = [(px + d * ux, py + d * uy + half + (6 if uy > 0.5 else -6 if uy < -0.5 else 0),
               anchor) for d in (10, 16)]
    panel.label(tip[0], tip[1], text, color, spots=beyond + panel.around(px, py, text, 8))


class _AnglePanel(Panel):
    """A panel whose x axis is an angle in degrees, ticked every 90°."""

    def _ticks(self, lim, log):
        if lim is self.xlim:
            ticks = [t for t in range(0, 361, 90) if lim[0] <= t <= lim[1]]
            return ticks, [f"{t}°" for t in ticks]
        return super()._ticks(lim, log)


class Directional(View):
    """Two panels: the point, ∇f, u and the level set on the contours; D_u f against φ.

    ``compute`` returns a :class:`DirectionalSlope` (from :func:`directional_derivative`).
    The gradient arrow's length is proportional to ‖∇f(p)‖ (the longest one over all frames
    gets ``arrow`` data units); u, a unit vector, is drawn with 0.6 of that length, so that it
    stays visible on top of the gradient when the two point the same way. The contour panel
    keeps equal scales on both axes, so right angles look right.

    Parameters
    ----------
    f : Objective
        A function of two variables.
    xlim, ylim : (float, float), optional
        The window; default ``f.view`` if the function has one, else (-3, 3) each.
    levels : int
        Number of contour lines.
    arrow : float, optional
        Length in data units of the longest gradient arrow; default a fifth of the window.
    width : int
        Ignored: every panel is ``PANEL_WIDTH`` user units wide (kept for old calls).
    """

    def __init__(self, f: Objective, xlim=None, ylim=None, levels: int = 12,
                 arrow: float | None = None, width: int = 400) -> None:
        if not isinstance(f, Objective) or f.dim != 2:
            raise ValueError(f"Directional needs an Objective of 2 variables, got {f!r}")
        view = getattr(f, "view", ((-3, 3), (-3, 3)))
        self.f, self.levels, self.width = f, levels, PANEL_WIDTH
        self.xlim = tuple(xlim or view[0])
        self.ylim = tuple(ylim or view[1])
        span = min(self.xlim[1] - self.xlim[0], self.ylim[1] - self.ylim[0])
        self.arrow = arrow if arrow is not None else span / 5

    def make_panels(self, values):
        left, right, top, bottom = Panel.margin
        scale = (self.width - left - right) / (self.xlim[1] - self.xlim[0])  # pixels per unit
        height = round(scale * (self.ylim[1] - self.ylim[0])) + top + bottom  # equal scales
        x, y = (v.name for v in self.f.variables)
        self._norm = max((float(np.linalg.norm(v.grad)) for v in values), default=0.0) or 1.0
        top_rate = 1.35 * self._norm  # room above the largest maximum for its label
        contour = Panel(self.xlim, self.ylim, x, y, width=self.width, height=height)
        slope = _AnglePanel((0, 360), (-top_rate, top_rate), "direction φ", "slope D_u f(p)",
                            width=self.width, height=height)
        return [contour, slope]

    def background(self, panels):
        contour, slope = panels
        contour.contours(self.f, self.levels)
        for m in self.f.minima:
            contour.dots([m[0]], [m[1]], INK, 3)
        contour.axes()
        slope.line([0, 360], [0, 0], LEVEL_COLOR, 1, dashed=True)
        slope.axes()

    def draw(self, value: DirectionalSlope, panels):
        contour, slope = panels
        p, g, u = value.point, value.grad, value.direction
        norm = float(np.linalg.norm(g))
        scale = self.arrow / self._norm  # data units per unit of gradient
        # the level set through p: perpendicular to the gradient (no gradient, no level line)
        if norm > 0:
            t = np.array([-g[1], g[0]]) / norm * self.arrow * 0.8
            contour.line([p[0] - t[0], p[0] + t[0]], [p[1] - t[1], p[1] + t[1]], LEVEL_COLOR, 2,
                         dashed=True)
            tip = p + scale * g
            contour.arrow(p[0], p[1], tip[0], tip[1], GRAD_COLOR, 2.5)
        tip_u = p + 0.6 * self.arrow * u
        contour.arrow(p[0], p[1], tip_u[0], tip_u[1], U_COLOR, 2.5)
        contour.dots([p[0]], [p[1]], INK, 4.5)
        if norm > 0:
            _label(contour, tip, g, "∇f", GRAD_COLOR)
        _label(contour, tip_u, u, "u", U_COLOR)

        # D_u f(p) = ‖∇f‖ cos(φ − ψ) over all directions φ, the current one marked
        phis = np.linspace(0.0, 360.0, 37)  # every 10°: smooth, and small in the static book
        rates = g[0] * np.cos(np.radians(phis)) + g[1] * np.sin(np.radians(phis))
        slope.line(phis, rates, INK, 1.8)
        slope.line([value.angle, value.angle], list(slope.ylim), U_COLOR, 1, dashed=True)
        if norm > 0:
            best = math.degrees(math.atan2(g[1], g[0])) % 360
            slope.dots([best], [norm], GRAD_COLOR, 4)
        slope.dots([value.angle], [value.rate], U_COLOR, 5)
        if norm > 0:
            slope.label(best, norm, "‖∇f‖", GRAD_COLOR)  # the maximum slope is ‖∇f‖

        where = f"p = ({p[0]:g}, {p[1]:g})"
        if norm == 0:
            return f"{where}: ∇f = 0, every direction has slope 0 (a stationary point)"
        best = math.degrees(math.atan2(g[1], g[0])) % 360
        return (
            f"{where}: ∇f = ({readout(g[0], signed=True)}, {readout(g[1], signed=True)}), ‖∇f‖ = {readout(norm)} (steepest at "
            f"{best:.0f}°); φ = {value.angle:g}°: D_u f = {readout(value.rate, signed=True)}"
        )
