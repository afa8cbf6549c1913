r"""Basins of attraction: which minimum a descent reaches, drawn behind the run's path.

A *basin of attraction* of a minimum θ* is the set of starting points θ_0 from which a given
descent ends at θ*. :func:`final_points` runs one optimiser from many starts at once,
:func:`which_minimum` names the known minimum a point has reached, :func:`basin_labels` combines
the two over a grid of starts, and the explorer view :class:`Basins` colours that grid, then draws
the current run on top, in the colour of the minimum it ends in (chapter 8).

Examples
--------
>>> import gdkit as gd
>>> f = gd.functions.himmelblau()
>>> which_minimum(f, [3.0, 2.0]), which_minimum(f, [0.0, 0.0])
(0, -1)
>>> labels = basin_labels(f, gd.GD(lr=0.01), n=5)
>>> labels[-1, -1].item(), labels[0, 0].item()   # from the corners (5, 5) and (-5, -5)
(0, 2)
"""

from __future__ import annotations

import numpy as np

from ._descent import Result
from ._palette import COLORS
from ._svg import INK, Panel
from ._validation import check_int, check_positive
from .explorers import View, _labelled

__all__ = ["Basins", "basin_labels", "final_points", "which_minimum"]

#: Opacity (hex alpha) of the basin colours, so contours and paths show through in both themes.
_FILL_ALPHA = "47"


def which_minimum(f, points, tol: float = 1e-2):
    """The index in ``f.minima`` of the known minimum each point lies within ``tol`` of.

    Parameters
    ----------
    f : Objective
        An objective with known minima (``f.minima`` not empty).
    points : array_like, shape (dim,) or (n, dim)
        One point or several (e.g. the final points of many runs).
    tol : float
        Largest Euclidean distance that counts as "at the minimum".

    Returns
    -------
    int or ndarray of int
        The index of the nearest minimum, or -1 where no minimum is within ``tol``.

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.double_well()
    >>> which_minimum(f, [[-1.0356], [0.9601], [0.0]])
    array([ 0,  1, -1])
    """
    if not f.minima:
        raise ValueError(f"{f.name} has no known minima to compare with")
    tol = check_positive("tol", tol)
    minima = np.array(f.minima, dtype=float).reshape(-1, f.dim)
    pts = np.asarray(points, dtype=float)
    single = pts.ndim <= 1
    pts = pts.reshape(-1, f.dim)
    distance = np.linalg.norm(pts[:, None, :] - minima[None, :, :], axis=2)
    distance = np.where(np.isfinite(distance), distance, np.inf)  # diverged runs reach nothing
    nearest = distance.argmin(axis=1)
    index = np.where(distance[np.arange(len(pts)), nearest] < tol, nearest, -1)
    return int(index[0]) if single else index


def final_points(f, starts, optimizer, max_iter: int = 1000) -> np.ndarray:
    """Where ``optimizer`` is after ``max_iter`` steps from each of many starts, run all at once.

    Every start takes exactly ``max_iter`` steps (no stopping criterion): the runs are stacked
    into one array and stepped together, which is hundreds of times faster than calling
    :func:`~gdkit.minimize` once per start. A run that blows up ends as NaN or ±inf.

    Parameters
    ----------
    f : Objective
        The loss, of ``dim`` variables.
    starts : array_like, shape (n, dim)
        The starting points θ_0.
    optimizer : Optimizer
        Any gdkit optimiser (their updates act element by element).
    max_iter : int
        Number of steps.

    Returns
    -------
    ndarray, shape (n, dim)

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.double_well()
    >>> final_points(f, [[-2.0], [0.05], [0.1], [2.0]], gd.GD(lr=0.1), max_iter=300).round(3)
    array([[-1.036],
           [-1.036],
           [ 0.96 ],
           [ 0.96 ]])
    """
    theta = np.array(starts, dtype=float).reshape(-1, f.dim).T  # (dim, n): one column per run
    max_iter = check_int("max_iter", max_iter, minimum=0)
    state = optimizer.init(theta)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(max_iter):
            theta, state = optimizer.step(theta, f.grad(theta), state)
    return theta.T.copy()


def basin_labels(
    f, optimizer, xlim=None, ylim=None, n: int = 81, max_iter: int = 1000, tol: float = 1e-2
) -> np.ndarray:
    """Which known minimum ``optimizer`` reaches from each start of an ``n`` × ``n`` grid.

    Parameters
    ----------
    f : Objective
        A function of two variables with known minima.
    optimizer : Optimizer
    xlim, ylim : (float, float), optional
        The grid's extent; default ``f.view``. Starts are ``linspace(*xlim, n)`` by
        ``linspace(*ylim, n)``.
    n : int
        Starts per axis.
    max_iter : int
        Steps per run.
    tol : float
        Distance to a minimum that counts as reaching it.

    Returns
    -------
    ndarray of int, shape (n, n)
        Row i, column j: the index in ``f.minima`` reached from ``(x[j], y[i])``, or -1 if the
        run ended at no known minimum (a saddle, a maximum, still moving, or diverged).
    """
    if f.dim != 2:
        raise ValueError(f"basin_labels needs a function of 2 variables, {f.name} has {f.dim}")
    n = check_int("n", n, minimum=2)
    view = getattr(f, "view", ((-3, 3), (-3, 3)))
    X, Y = np.meshgrid(np.linspace(*(xlim or view[0]), n), np.linspace(*(ylim or view[1]), n))
    ends = final_points(f, np.column_stack([X.ravel(), Y.ravel()]), optimizer, max_iter)
    return which_minimum(f, ends, tol).reshape(n, n)


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
    >>> ends = [gd.minimize(f, [x, y], gd.GD(lr=0.01)).x for y in xs for x in xs]
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
        return [Panel(self.xlim, self.ylim, x, y, width=self.size[0], height=self.size[1])]

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
            panel.text(m[0], m[1] + 0.04 * (self.ylim[1] - self.ylim[0]), str(k + 1), INK, "middle")
        panel.axes()

    def draw(self, value, panels):
        panel, lines = panels[0], []
        for _, result in _labelled(value):
            if not isinstance(result, Result):
                raise TypeError(f"Basins draws Results, got {type(result).__name__}")
            k = which_minimum(self.f, result.x, self.tol)
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
