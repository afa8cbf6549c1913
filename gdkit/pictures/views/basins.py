r"""The basins view: which minimum each start reaches, drawn behind the run's path.

A *basin of attraction* of a minimum θ* is the set of starting points θ_0 from which a given
descent ends at θ*. The numerics (:func:`~gdkit.experiments.final_points`,
:func:`~gdkit.experiments.which_minimum`, :func:`~gdkit.experiments.basin_labels`, with their
examples) live in :mod:`gdkit.experiments`; the explorer view :class:`Basins` colours the grid
of starts they label, then draws the current run on top, in the colour of the minimum it ends
in (chapter 8).
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_positive
from ...descent import Result
from ...experiments import basin_labels, final_points, which_minimum  # noqa: F401
from ..palette import COLORS
from ..svg import INK, Panel, panel_size
from .core import View, _labelled

__all__ = ["Basins"]

#: Opacity (hex alpha) of the basin colours, so contours and paths show through in both themes.
_FILL_ALPHA = "47"


class Basins(View):
    """The basins of a 2-D objective's minima as coloured regions, with the current run on top.

    Parameters
    ----------
    f : Objective
        A function of two variables with known minima.
    labels : array_like of int, shape (ny, nx)
        For a grid of starts ``x = linspace(*xlim, nx)``, ``y = linspace(*ylim, ny)`` (row i is
        y[i]), the index in ``f.minima`` reached from each start, -1 for none
        (see :func:`which_minimum`).
    xlim, ylim : (float, float), optional
        The window the grid spans; default ``f.view``.
    levels : int
        Number of contour lines drawn over the basins.
    tol : float
        Distance to a minimum that counts as reaching it (for the run's colour and readout).

    Examples
    --------
    >>> import numpy as np
    >>> import gdkit as gd
    >>> f = gd.functions.himmelblau()
    >>> xs = np.linspace(-5, 5, 21)
    >>> ends = [gd.minimize(f, [x, y], gd.GD(lr=0.01)).theta for y in xs for x in xs]
    >>> view = Basins(f, which_minimum(f, ends).reshape(21, 21))
    """

    def __init__(
        self,
        f,
        labels,
        xlim=None,
        ylim=None,
        *,
        levels: int = 10,
        tol: float = 1e-2,
        width: int = 420,
        height: int = 380,
    ) -> None:
        if f.dim != 2:
            raise ValueError(f"Basins needs a function of 2 variables, {f.name} has {f.dim}")
        if not f.minima:
            raise ValueError(f"{f.name} has no known minima whose basins could be drawn")
        labels = np.asarray(labels)
        if labels.ndim != 2 or min(labels.shape) < 2:
            raise ValueError(
                f"labels must be a 2-D grid (ny, nx) of at least 2 × 2, got {labels.shape}"
            )
        if not np.issubdtype(labels.dtype, np.integer):
            raise ValueError(f"labels must be integers (indices into f.minima), got {labels.dtype}")
        if labels.min() < -1 or labels.max() >= len(f.minima):
            raise ValueError(
                f"labels must lie in -1 .. {len(f.minima) - 1} (indices into f.minima), "
                f"got values from {labels.min()} to {labels.max()}"
            )
        if len(f.minima) > len(COLORS):
            raise ValueError(f"Basins can colour at most {len(COLORS)} minima, {f.name} has more")
        view = getattr(f, "view", ((-3, 3), (-3, 3)))
        self.f, self.labels, self.levels = f, labels, levels
        self.xlim = tuple(xlim or view[0])
        self.ylim = tuple(ylim or view[1])
        self.tol = check_positive("tol", tol)
        self.size = (width, height)

    def make_panels(self, values):
        x, y = (v.name for v in self.f.variables)
        width, height = panel_size(*self.size)
        return [Panel(self.xlim, self.ylim, x, y, width=width, height=height)]

    def _regions(self, panel: Panel) -> None:
        """Each basin as translucent polygons, traced on the grid of starts.

        The boundary runs midway between neighbouring starts that reach different minima. Only
        outer boundaries are filled: a basin enclosed by another is drawn over it.
        """
        import contourpy

        ny, nx = self.labels.shape
        X, Y = np.meshgrid(np.linspace(*self.xlim, nx), np.linspace(*self.ylim, ny))
        for k in range(len(self.f.minima)):
            inside = (self.labels == k).astype(float)
            if not inside.any():
                continue
            generator = contourpy.contour_generator(X, Y, inside, fill_type="OuterOffset")
            for points, offsets in zip(*generator.filled(0.5, 1.5)):
                ring = points[offsets[0] : offsets[1]]
                panel.polygon(ring[:, 0], ring[:, 1], COLORS[k] + _FILL_ALPHA)

    def background(self, panels):
        panel = panels[0]
        self._regions(panel)
        panel.contours(self.f, self.levels)
        for k, m in enumerate(self.f.minima):
            panel.dots([m[0]], [m[1]], INK, 6.5)
            panel.dots([m[0]], [m[1]], COLORS[k], 4.5)
            # the minimum's number, beside it where no path passes (frame by frame if need be)
            spots = panel.around(float(panel.X(m[0])), float(panel.Y(m[1])), str(k + 1), 8)
            panel.static_label(str(k + 1), INK, spots, pixels=True)
        panel.axes()

    def draw(self, value, panels):
        panel, lines = panels[0], []
        for _, result in _labelled(value):
            if not isinstance(result, Result):
                raise TypeError(f"Basins draws Results, got {type(result).__name__}")
            k = which_minimum(self.f, result.theta, self.tol)
            color = COLORS[k] if k >= 0 else INK
            path = result.path
            panel.line(path[:, 0], path[:, 1], color, 2.2, dashed=result.diverged)
            panel.dots(path[:1, 0], path[:1, 1], INK, 6)
            panel.dots(path[:1, 0], path[:1, 1], color, 3.5)
            panel.dots(path[-1:, 0], path[-1:, 1], color, 3.5)
            start = f"start ({path[0, 0]:g}, {path[0, 1]:g})"
            if k >= 0:
                m = self.f.minima[k]
                lines.append(
                    f"{start} → minimum {k + 1} at ({m[0]:.2f}, {m[1]:.2f}) "
                    f"after {result.n_iter} steps"
                )
            else:
                lines.append(f"{start} → no known minimum ({result.stopped_by} after "
                             f"{result.n_iter} steps)")  # fmt: skip
        return "; ".join(lines)
