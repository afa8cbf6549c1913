r"""The book's figures: contours, descent paths, loss curves, sweeps, in one style.

Every helper draws on the Axes it is given (``ax=``) or on a new figure, returns that Axes, and
never calls ``plt.show()``. The style (:data:`STYLE`) is applied with ``plt.rc_context`` inside each
helper, so importing or calling this module never changes your global matplotlib settings.

The style is built to be read by everyone, on every page:

* lines take the Okabe-Ito colours (safe for the common forms of colour blindness) and each
  optimiser keeps one colour through the whole book (:func:`color_for`);
* contours use viridis, a perceptually uniform colour map that also reads in greyscale;
* figures have an opaque white face and dark text, so in the book's dark mode they show as light
  cards instead of dark text on a dark page.

Examples
--------
>>> import gdkit as gd
>>> from gdkit import plots
>>> f = gd.functions.rosenbrock()
>>> runs = {opt.name: gd.minimize(f, [-1.5, 2.0], opt, max_iter=500)
...         for opt in (gd.Momentum(lr=1e-3), gd.Adam(lr=0.05))}
>>> ax = plots.paths(f, runs)
>>> ax.get_xlabel()
'$x$'
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..objective import Objective
from ..runs import Run
from ..training import TrainResult
from .palette import COLORS, color_for
from .views.boundary import CLASS_COLORS, _check_data, _probabilities
from .views.boundary import _window as _data_window

__all__ = [
    "COLORS",
    "STYLE",
    "color_for",
    "figure",
    "contour",
    "paths",
    "losses",
    "grad_norms",
    "walk_1d",
    "surface",
    "gradient_field",
    "sweep",
    "decision_boundary",
]

INK = "#222222"  # text, axes and neutral marks: dark grey on the white card
#: Colours a plot falls back on when two series would otherwise share one (black is fine on our
#: opaque white figures).
_SPARE = (*COLORS, "#000000")

#: The rc settings every helper draws with (applied through ``plt.rc_context``, never globally).
STYLE: dict[str, Any] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "text.color": INK,
    "axes.labelcolor": INK,
    "axes.edgecolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.prop_cycle": plt.cycler(color=COLORS),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "image.cmap": "viridis",
    "font.size": 11,
    "axes.labelsize": 12,
    "legend.fontsize": 10,
    "legend.framealpha": 0.92,
    "legend.edgecolor": "#BBBBBB",
    "lines.linewidth": 1.8,
    "figure.dpi": 100,
    "savefig.dpi": 150,
}

_HALO = [patheffects.withStroke(linewidth=3.6, foreground="white")]


def _styled(draw: Callable) -> Callable:
    """Run a drawing function inside ``plt.rc_context(STYLE)``."""

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        with plt.rc_context(STYLE):
            return draw(*args, **kwargs)

    return wrapper


@_styled
def figure(
    ncols: int = 1, nrows: int = 1, size: tuple[float, float] | None = None, **kwargs
) -> tuple[Figure, Axes | np.ndarray]:
    """A new figure in the book's style: white card, constrained layout.

    Parameters
    ----------
    ncols, nrows : int
        The grid of panels.
    size : (float, float), optional
        Width and height in inches; default 5 × 4 per panel.
    **kwargs
        Passed to ``plt.subplots`` (e.g. ``sharey=True``, ``subplot_kw={"projection": "3d"}``).

    Returns
    -------
    fig : Figure
    axes : Axes, or an array of Axes for several panels (as ``plt.subplots``)

    Examples
    --------
    >>> fig, (left, right) = figure(ncols=2)
    """
    size = size if size is not None else (5.0 * ncols, 4.0 * nrows)
    return plt.subplots(nrows, ncols, figsize=size, layout="constrained", **kwargs)


def _new_axes(ax: Axes | None, size: tuple[float, float] | None = None, **subplot_kw) -> Axes:
    return ax if ax is not None else figure(size=size, subplot_kw=subplot_kw or None)[1]


# -- results and their labels ----------------------------------------------------------------
def _items(results) -> list[tuple[str, Any, str]]:
    """(label, result, colour) for a Result, a list of them, or a dict label -> Result.

    A list is labelled by ``optimizer_name``; runs of the same optimiser get their learning rate
    added. Each optimiser keeps its book colour unless two series would share it.
    """
    if isinstance(results, Mapping):
        pairs = [(str(k), r) for k, r in results.items()]
    else:
        runs = [results] if isinstance(results, Run) else list(results)
        names = [r.optimizer_name for r in runs]
        pairs = []
        for name, r in zip(names, runs):
            lr = r.hyperparameters.get("lr")
            if names.count(name) > 1 and isinstance(lr, (int, float)):
                name = f"{name}, α = {lr:g}"
            pairs.append((name, r))
    if not pairs:
        raise ValueError("results is empty: give at least one Result to plot")
    used: set[str] = set()
    items = []
    for label, r in pairs:
        color = color_for(r.optimizer_name)
        if color in used:
            color = next((c for c in _SPARE if c not in used), color)
        used.add(color)
        items.append((label + (" (diverged)" if r.diverged else ""), r, color))
    return items


def _legend(ax: Axes) -> None:
    """A legend if more than one thing is labelled (one series needs no key)."""
    if len(ax.get_legend_handles_labels()[1]) > 1:
        ax.legend(loc="best")


def _outside_legend(ax: Axes, outside: bool = True) -> None:
    """One legend entry per label, to the right of the Axes (never over contours and paths)."""
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    where = dict(bbox_to_anchor=(1.02, 1), borderaxespad=0) if outside else {}
    ax.legend(unique.values(), unique.keys(), loc="upper left", **where)


def _log_or_linear(ax: Axes, values: Sequence[np.ndarray]) -> None:
    """A log-scaled y axis if every finite value is positive (the log of a loss ≤ 0 means
    nothing: those plots stay linear)."""
    finite = np.concatenate([np.ravel(v)[np.isfinite(v)] for v in values])
    if finite.size and finite.min() > 0:
        ax.set_yscale("log")


# -- windows, levels, labels -----------------------------------------------------------------
def _var_label(f: Objective, i: int) -> str:
    return f"${sp.latex(f.variables[i])}$"


def _window(f: Objective, lims: Sequence, runs: Sequence = ()) -> list[tuple[float, float]]:
    """The plotting window, one (lo, hi) per variable.

    Given limits win; otherwise ``f.view`` (or a box around the known points), zoomed out to
    hold the runs that did not diverge.
    """
    view = getattr(f, "view", None)
    if view is None:
        known = np.array([*f.minima, *f.saddles]).reshape(-1, f.dim)
        centre = known.mean(axis=0) if len(known) else np.zeros(f.dim)
        half = max(1.0, 0.6 * float(np.ptp(known, axis=0).max())) if len(known) > 1 else 3.0
        view = [(c - half, c + half) for c in centre]
    base = [tuple(map(float, view[i] if g is None else g)) for i, g in enumerate(lims)]
    free = [i for i, g in enumerate(lims) if g is None]
    kept = [r.path for r in runs if not r.diverged]
    if not free or not kept:
        return base
    # zoom out about the centre, the same factor on every free axis (a square view stays
    # square), up to 2×: wilder runs leave the frame
    points = np.concatenate(kept)
    growth = 1.0
    for i in free:
        centre, half = (base[i][0] + base[i][1]) / 2, (base[i][1] - base[i][0]) / 2
        growth = max(growth, min(2.0, 1.05 * np.abs(points[:, i] - centre).max() / half))
    return [
        ((lo + hi) / 2 - growth * (hi - lo) / 2, (lo + hi) / 2 + growth * (hi - lo) / 2)
        if i in free
        else (lo, hi)
        for i, (lo, hi) in enumerate(base)
    ]


def _levels(f: Objective, Z: np.ndarray, levels: int | Sequence[float], log: bool | None):
    """Contour levels: log-spaced above the minimum (to show valley floors) or even."""
    if not isinstance(levels, (int, np.integer)):
        return np.asarray(levels, dtype=float)
    zmin, zmax = float(np.nanmin(Z)), float(np.nanmax(Z))
    log = bool(f.minima) if log is None else log
    if not log or zmax <= zmin:  # round values, so that 0 (through a saddle) is one of them
        return MaxNLocator(int(levels)).tick_values(zmin, zmax)
    span = zmax - zmin
    return zmin + np.geomspace(span * 1e-4, span, int(levels))


def _mark_points(ax: Axes, f: Objective, window, lift: bool = False) -> None:
    """Stars at the known minima and crosses at the saddles inside the window; ``lift`` puts
    them on the graph (at height f), for 1-D curves and 3-D surfaces."""
    styles = (
        (f.minima, "minimum", dict(marker="*", s=220, c="#F0E442", edgecolors=INK, linewidths=1)),
        (f.saddles, "saddle point", dict(marker="X", s=110, c="white", edgecolors=INK)),
    )
    for points, label, style in styles:
        inside = [p for p in points if all(lo <= c <= hi for c, (lo, hi) in zip(p, window))]
        if inside:
            pts = np.array(inside).T
            coords = (*pts, f(pts)) if lift else pts
            ax.scatter(*coords, label=label, zorder=6, **style)


def _draw_path(ax: Axes, path: np.ndarray, color: str, label: str, diverged: bool, z=None):
    """One trajectory: a line through the iterates, a dot at each when there are few, and the
    end marked (a dot, or a cross if the run diverged). ``z`` lifts it onto a 3-D surface."""
    coords = (path[:, 0], path[:, 1]) if z is None else (path[:, 0], path[:, 1], z)
    ls = "--" if diverged else "-"
    (line,) = ax.plot(*coords, color=color, ls=ls, label=label, zorder=5, path_effects=_HALO)
    if len(path) <= 150:  # a dot per iterate shows the step lengths
        ax.plot(*coords, color=color, ls="none", marker="o", markersize=3, zorder=5)
    end = [c[-1:] for c in coords]
    if diverged:
        ax.plot(*end, color=color, marker="X", markersize=10, ls="none", markeredgecolor="white",
                zorder=7)  # fmt: skip
    else:  # a ring, so a minimum's star shows through it when the run got there
        ax.plot(*end, marker="o", markersize=12, ls="none", markerfacecolor="none",
                markeredgecolor=color, markeredgewidth=2.5, zorder=7)  # fmt: skip
    return line


def _draw_start(ax: Axes, start: np.ndarray, z=None) -> None:
    coords = (start[:1, 0], start[:1, 1]) if z is None else (start[:1, 0], start[:1, 1], z[:1])
    ax.plot(*coords, ls="none", marker="o", markersize=10, markerfacecolor="white",
            markeredgecolor=INK, markeredgewidth=2, label="start $\\theta_0$", zorder=8)  # fmt: skip


# -- the helpers -----------------------------------------------------------------------------
@_styled
def contour(
    f: Objective,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    ax: Axes | None = None,
    levels: int | Sequence[float] = 20,
    n: int = 200,
    mark_points: bool = True,
    log: bool | None = None,
) -> Axes:
    """Contour lines of a 2-D objective, with its known minima (★) and saddle points (✕).

    Parameters
    ----------
    f : Objective
        A function of two variables.
    xlim, ylim : (float, float), optional
        The window; default ``f.view`` (the test functions' own window).
    ax : Axes, optional
        Where to draw; default a new figure.
    levels : int or sequence of float
        How many contour levels, or the levels themselves.
    n : int
        Grid points per axis.
    mark_points : bool
        Mark ``f.minima`` and ``f.saddles``.
    log : bool, optional
        Space the levels logarithmically above the minimum, so the floor of a valley shows.
        Default: log if ``f`` has known minima (bowls and valleys), even spacing otherwise.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdkit as gd
    >>> ax = contour(gd.functions.himmelblau())
    """
    return _contour(f, (xlim, ylim), ax, levels, n, mark_points, log)


def _contour(f, lims, ax, levels=20, n=200, mark_points=True, log=None, runs=()) -> Axes:
    """:func:`contour`, in a window that also holds ``runs``."""
    if f.dim != 2:
        raise ValueError(f"contour needs a function of 2 variables, {f.name} has {f.dim}")
    ax = _new_axes(ax, size=(7.0, 4.6))  # room for the legend on the right
    window = _window(f, lims, runs)
    X, Y, Z = f.grid(*window, n=n)
    lv = _levels(f, Z, levels, log)
    # one colour per level, evenly along viridis (log levels would otherwise all look alike);
    # the palest tenth of the map is left out, it would vanish on white
    colors = matplotlib.colormaps["viridis"](np.linspace(0.0, 0.9, len(lv)))
    ax.contour(X, Y, Z, levels=lv, colors=colors, linewidths=0.8, alpha=0.6, zorder=1)
    if mark_points:
        _mark_points(ax, f, window)
    ax.set(xlim=window[0], ylim=window[1], xlabel=_var_label(f, 0), ylabel=_var_label(f, 1))
    ax.spines[["top", "right"]].set_visible(True)  # a map is framed on all sides
    ratio = (window[0][1] - window[0][0]) / (window[1][1] - window[1][0])
    if 1 / 3 <= ratio <= 3:
        ax.set_aspect("equal", adjustable="box")
    if mark_points and ax.get_legend_handles_labels()[1]:
        _outside_legend(ax)
    return ax


@_styled
def paths(
    f: Objective,
    results,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Descent trajectories drawn over the contours of a 2-D objective.

    One line per run through its iterates θ₀, θ₁, ... (a dot at each when there are at most 150),
    from a hollow circle to a ring round the last point; a run that diverged is dashed, ends in a
    cross and is labelled "(diverged)". The legend sits to the right, clear of the paths.

    Parameters
    ----------
    f : Objective
        The 2-D objective the runs minimised.
    results : Result, list of Result, or dict label -> Result
        The runs (a list is labelled by optimiser name).
    xlim, ylim : (float, float), optional
        The window; default ``f.view`` widened to hold every run that did not diverge.
    ax : Axes, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.quadratic_bowl(condition_number=10)
    >>> runs = [gd.minimize(f, [-2.5, 1.5], opt) for opt in (gd.GD(lr=0.15), gd.Momentum(lr=0.05))]
    >>> ax = paths(f, runs)
    """
    items = _items(results)
    ax = _contour(f, (xlim, ylim), ax, runs=[r for _, r, _ in items])
    for label, r, color in items:
        _draw_path(ax, r.path, color, label, r.diverged)
    for start in {tuple(r.path[0]) for _, r, _ in items}:
        _draw_start(ax, np.array([start]))
    _outside_legend(ax)
    return ax


def _excess(label: str, y: np.ndarray, baseline: float, logy: bool) -> np.ndarray:
    """``y - baseline``; on a log axis, values at the baseline to rounding are not drawn."""
    excess = np.asarray(y, dtype=float) - baseline
    finite = excess[np.isfinite(excess)]
    rounding = 1e-12 * max(1.0, abs(baseline), *np.abs(np.asarray(y, dtype=float)[np.isfinite(y)]))
    if finite.size and finite.min() < -rounding:
        raise ValueError(
            f"{label}: the loss goes below baseline={baseline!r} (to {finite.min() + baseline!r}); "
            "the baseline must be the smallest loss L*"
        )
    if logy:  # log guard: L - L* <= 0 (reached L*, to rounding) has no logarithm
        excess = np.where(excess > 0, excess, np.nan)
    return excess


def _curves(results, ax, attribute: str, ylabel: str, logy: bool, x: str,
            baseline: float | None = None) -> Axes:
    """Shared body of :func:`losses` and :func:`grad_norms`: one curve per run against ``x``."""
    xlabels = {"iteration": "iteration $t$", "grad_evals": "gradient evaluations", "epoch": "epoch"}
    if x not in xlabels:
        raise ValueError(f"x must be one of {sorted(xlabels)}, got {x!r}")
    ax = _new_axes(ax)
    drawn = []
    for label, r, color in _items(results):
        if x != "iteration" and not isinstance(r, TrainResult):
            raise ValueError(f"x={x!r} needs training results (from gdkit.fit), {label} is not one")
        y = r.epoch_losses if x == "epoch" else getattr(r, attribute, None)
        if y is None:
            raise ValueError(f"{label}: this result records no {attribute}")
        if baseline is not None:
            y = _excess(label, y, baseline, logy)
        if x == "iteration":
            t = r.steps if isinstance(r, TrainResult) else np.arange(len(y))  # fit records some steps
        else:
            t = r.grad_evals if x == "grad_evals" else np.arange(len(y))
        ax.plot(t, y, color=color, ls="--" if r.diverged else "-", label=label)
        if r.diverged:
            ax.plot(t[-1:], y[-1:], color=color, marker="X", markersize=9, ls="none")
        drawn.append(y)
    if logy and baseline is not None and any(np.isfinite(y).any() for y in drawn):
        ax.set_yscale("log")
    elif logy:
        _log_or_linear(ax, drawn)
    ax.set(xlabel=xlabels[x], ylabel=ylabel)
    ax.grid(True, which="major", color="#DDDDDD", linewidth=0.8)
    _legend(ax)
    return ax


@_styled
def losses(
    results,
    ax: Axes | None = None,
    logy: bool = True,
    x: str = "iteration",
    baseline: float | None = None,
) -> Axes:
    r"""Loss curves :math:`L(\theta_t)`, one per run, on a log scale.

    Parameters
    ----------
    results : Result, list of Result, or dict label -> Result
        Runs of :func:`gdkit.minimize` or :func:`gdkit.fit`.
    ax : Axes, optional
    logy : bool
        Log-scaled loss axis (used only if every loss is positive; otherwise linear).
    x : {"iteration", "grad_evals", "epoch"}
        The horizontal axis; the last two need training results from :func:`gdkit.fit`.
    baseline : float, optional
        The smallest loss :math:`L^*`: plot the excess loss :math:`L(\theta_t) - L^*` instead,
        the quantity convergence rates are about. On a log axis, points where the excess is 0
        (L* reached, to rounding) are left out rather than sent to minus infinity; a loss
        below the baseline by more than rounding raises a ValueError.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.rosenbrock()
    >>> ax = losses([gd.minimize(f, [-1.5, 2.0], gd.Adam(lr=0.05), max_iter=300)])
    >>> ax = losses([gd.minimize(f, [-1.5, 2.0], gd.Adam(lr=0.05), max_iter=300)], baseline=0.0)
    >>> ax.get_ylabel()
    'excess loss $L(\\theta_t) - L^*$'
    """
    if baseline is not None:
        baseline = float(baseline)
        if not math.isfinite(baseline):
            raise ValueError(f"baseline (L*) must be a finite number, got {baseline!r}")
        ylabel = "excess loss $L(\\theta_t) - L^*$" if x != "epoch" else "excess loss at end of epoch"
    else:
        ylabel = "loss $L(\\theta_t)$" if x != "epoch" else "loss at end of epoch"
    return _curves(results, ax, "losses", ylabel, logy, x, baseline)


@_styled
def grad_norms(results, ax: Axes | None = None, logy: bool = True, x: str = "iteration") -> Axes:
    r"""Gradient norms :math:`\lVert\nabla L(\theta_t)\rVert`, one curve per run, on a log scale.

    Parameters are those of :func:`losses` (results of :func:`gdkit.minimize`).

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.rosenbrock()
    >>> ax = grad_norms([gd.minimize(f, [-1.5, 2.0], gd.Adam(lr=0.05), max_iter=300)])
    """
    return _curves(results, ax, "grad_norms", "gradient norm $\\|\\nabla L(\\theta_t)\\|$", logy, x)


@_styled
def walk_1d(
    f: Objective,
    result,
    xlim: tuple[float, float] | None = None,
    ax: Axes | None = None,
    max_labels: int = 10,
) -> Axes:
    """A 1-D objective's curve with the iterates as numbered dots joined by arrows.

    The blindfolded hiker's walk: each arrow is one step θ_{t-1} → θ_t.

    Parameters
    ----------
    f : Objective
        A function of one variable.
    result : Result
        A run of :func:`gdkit.minimize` on ``f``.
    xlim : (float, float), optional
        Default ``f.view`` widened to hold the run.
    ax : Axes, optional
    max_labels : int
        Number and join by arrows only the first ``max_labels`` steps (later ones are dots).

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.parabola()
    >>> ax = walk_1d(f, gd.minimize(f, [2.5], gd.GD(lr=0.3), max_iter=8))
    """
    if f.dim != 1:
        raise ValueError(f"walk_1d needs a function of 1 variable, {f.name} has {f.dim}")
    ax = _new_axes(ax)
    (label, r, color), *_ = _items(result)
    window = _window(f, (xlim,), [r])
    xs = np.linspace(*window[0], 400)
    ys = f(xs[None, :])
    name = _var_label(f, 0).strip("$")
    ax.plot(xs, ys, color=INK, lw=1.4, label=f"$f({name})$", zorder=2)
    theta = r.path[:, 0]
    height = f(theta[None, :])
    ax.plot(theta, height, ls="none", marker="o", markersize=7, color=color,
            markeredgecolor="white", label=f"{label} steps $\\theta_0, \\theta_1, \\ldots$",
            zorder=5)  # fmt: skip
    # number a step unless it sits on top of one already numbered (steps shrink near a minimum)
    scale = np.array([np.ptp(xs), np.nanmax(ys) - np.nanmin(ys)])
    numbered: list[np.ndarray] = []
    for t in range(min(len(theta), max_labels + 1)):
        here = np.array([theta[t], height[t]]) / scale
        if all(np.hypot(*(here - p)) > 0.04 for p in numbered):
            numbered.append(here)
            ax.annotate(str(t), (theta[t], height[t]), xytext=(0, 6), textcoords="offset points",
                        ha="center", va="bottom", fontsize=9, color=color, fontweight="bold",
                        zorder=6)  # fmt: skip
        if t:
            bend = -0.3 * np.sign(theta[t] - theta[t - 1])  # arcs bow upwards, like jumps
            ax.annotate("", xy=(theta[t], height[t]), xytext=(theta[t - 1], height[t - 1]),
                        arrowprops=dict(arrowstyle="-|>", color=color, lw=1.2, shrinkA=5, shrinkB=5,
                                        connectionstyle=f"arc3,rad={bend}"), zorder=4)  # fmt: skip
    _mark_points(ax, f, window, lift=True)
    ax.set(xlim=window[0], xlabel=_var_label(f, 0), ylabel=f"$f({name})$")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)  # above
    return ax


@_styled
def surface(
    f: Objective,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    ax: Axes | None = None,
    path=None,
    n: int = 60,
) -> Axes:
    """The graph z = f(x, y) as a 3-D surface, with descent paths drawn on it.

    Parameters
    ----------
    f : Objective
        A function of two variables.
    xlim, ylim : (float, float), optional
        Default ``f.view``.
    ax : Axes3D, optional
        A 3-D Axes (``projection="3d"``); default a new one.
    path : Result, list or dict of Result, or array of shape (k, 2), optional
        Runs to draw on the surface (cut where they leave the window).
    n : int
        Grid points per axis.

    Returns
    -------
    Axes3D

    Examples
    --------
    >>> import gdkit as gd
    >>> ax = surface(gd.functions.saddle())
    """
    if f.dim != 2:
        raise ValueError(f"surface needs a function of 2 variables, {f.name} has {f.dim}")
    ax = _new_axes(ax, size=(6.0, 5.0), projection="3d", computed_zorder=False)
    if ax.name != "3d":
        raise ValueError("surface needs a 3-D Axes: create it with projection='3d'")
    window = _window(f, (xlim, ylim))
    X, Y, Z = f.grid(*window, n=n)
    ax.plot_surface(X, Y, Z, cmap="viridis", alpha=0.7, linewidth=0, antialiased=True, zorder=1)
    _mark_points(ax, f, window, lift=True)
    if path is not None:
        if isinstance(path, np.ndarray) or (isinstance(path, list) and np.ndim(path) == 2):
            items = [("path", COLORS[0], np.asarray(path, dtype=float), False)]
        else:
            items = [(label, c, r.path, r.diverged) for label, r, c in _items(path)]
        lo, hi = np.array(window).T
        for label, color, array, diverged in items:
            inside = np.all((array >= lo) & (array <= hi), axis=1)
            k = int(np.argmin(inside)) if not inside.all() else len(array)
            z = f(array[:k].T)
            _draw_path(ax, array[:k], color, label, diverged, z=z)
            _draw_start(ax, array[:1], z=z)
    zname = ", ".join(_var_label(f, i).strip("$") for i in range(2))
    ax.set(xlim=window[0], ylim=window[1], xlabel=_var_label(f, 0), ylabel=_var_label(f, 1),
           zlabel=f"$f({zname})$")  # fmt: skip
    for axis in (ax.xaxis, ax.yaxis, ax.zaxis):  # few ticks: 3-D tick labels crowd quickly
        axis.set_major_locator(MaxNLocator(5, steps=[1, 2, 5, 10]))
    ax.zaxis.labelpad = 12
    ax.set_box_aspect(None, zoom=0.88)  # leaves room for the z label
    if len(set(ax.get_legend_handles_labels()[1])) > 1:
        _outside_legend(ax, outside=False)  # 3-D axes have room in their corners
    return ax


@_styled
def gradient_field(
    f: Objective,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    ax: Axes | None = None,
    n: int = 15,
    negative: bool = False,
) -> Axes:
    """Contours of a 2-D objective with arrows along ∇f (or −∇f), all of the same length.

    Equal lengths show only the direction: ∇f points uphill, across the contour lines.

    Parameters
    ----------
    f : Objective
        A function of two variables.
    xlim, ylim : (float, float), optional
        Default ``f.view``.
    ax : Axes, optional
    n : int
        Arrows per axis.
    negative : bool
        Draw −∇f, the direction gradient descent steps in.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdkit as gd
    >>> ax = gradient_field(gd.functions.quadratic_bowl(condition_number=4), negative=True)
    """
    ax = contour(f, xlim, ylim, ax=ax)
    window = _window(f, (xlim, ylim))
    inset = [(lo + (hi - lo) / (2 * n), hi - (hi - lo) / (2 * n)) for lo, hi in window]
    X, Y, _ = f.grid(*inset, n=n)  # arrows at cell centres, none cut by the frame
    G = f.grad(np.stack([X, Y])) * (-1 if negative else 1)
    norm = np.hypot(*G)
    U, V = np.divide(G, norm, out=np.zeros_like(G), where=norm > 0)
    step = min((hi - lo) / n for lo, hi in window)
    ax.quiver(X, Y, U, V, angles="xy", scale_units="xy", scale=1 / (0.75 * step), color=INK,
              width=0.004, zorder=4, pivot="mid")  # fmt: skip
    sign = "-" if negative else ""
    ax.plot([], [], ls="none", marker="$\\rightarrow$", markersize=14, color=INK,
            label=f"${sign}\\nabla f$, direction only")  # fmt: skip
    _outside_legend(ax)
    return ax


@_styled
def sweep(
    values: Sequence[float],
    finals: Sequence,
    ax: Axes | None = None,
    xlabel: str = "learning rate α",
    log: bool = True,
    label: str | None = None,
    color: str | None = None,
) -> Axes:
    """Final loss against a hyper-parameter; diverged runs are crosses along the top.

    A dotted vertical line marks the divergence cliff, between the last run that converged and
    the first that blew up.

    Parameters
    ----------
    values : sequence of float
        The hyper-parameter of each run (e.g. the learning rates).
    finals : sequence of float or of Result
        The final loss of each run; a non-finite loss, or a Result that diverged, counts as
        diverged.
    ax : Axes, optional
    xlabel : str
    log : bool
        Log-scaled hyper-parameter axis (the loss axis is log when every loss is positive).
    label, color : str, optional
        For several sweeps on one Axes (e.g. one per optimiser): the legend entry and colour.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.quadratic_bowl(condition_number=10)
    >>> lrs = [0.01, 0.05, 0.1, 0.15, 0.19, 0.21, 0.3]
    >>> ax = sweep(lrs, [gd.minimize(f, [2.0, 1.0], gd.GD(lr=a), max_iter=200) for a in lrs])
    """
    values = np.asarray(values, dtype=float)
    if len(values) != len(finals):
        raise ValueError(f"values and finals differ in length: {len(values)} != {len(finals)}")
    if isinstance(finals[0], Run):
        loss = np.array([r.loss for r in finals])
        diverged = np.array([r.diverged for r in finals])
    else:
        loss = np.asarray(finals, dtype=float)
        diverged = ~np.isfinite(loss)
    ax = _new_axes(ax)
    drawn = [line for line in ax.lines if line.get_gid() == "sweep"]
    if color is None:
        used = {line.get_color() for line in drawn}
        color = color_for(label or "")
        color = next((c for c in _SPARE if c not in used), color) if color in used else color
    ok = ~diverged
    (line,) = ax.plot(values[ok], loss[ok], marker="o", color=color, label=label or "final loss")
    line.set_gid("sweep")
    if diverged.any():
        # crosses in a row near the top (one row per sweep): x in data units, y in axes units
        height = 0.95 - 0.05 * len(drawn)
        top = ax.get_xaxis_transform()
        ax.plot(values[diverged], np.full(diverged.sum(), height), ls="none", marker="X",
                markersize=10, color=color, markeredgecolor="white", transform=top)  # fmt: skip
        first = values[diverged].min()
        below = values[ok & (values < first)]
        cliff = first if not below.size else (
            np.sqrt(first * below.max()) if log else (first + below.max()) / 2
        )  # fmt: skip
        ax.axvline(cliff, color=color, ls=":", lw=1.6, zorder=0)
        labels = ax.get_legend_handles_labels()[1]
        if "diverged" not in labels:  # one neutral key for every sweep's crosses and cliff
            ax.plot([], [], ls="none", marker="X", markersize=10, color=INK, label="diverged")
            ax.plot([], [], ls=":", lw=1.6, color=INK, label="divergence cliff")
    if log:
        ax.set_xscale("log")
    _log_or_linear(ax, [loss[ok]])
    ax.set(xlabel=xlabel, ylabel="final loss")
    ax.grid(True, color="#DDDDDD", linewidth=0.8)
    handles, labels = ax.get_legend_handles_labels()
    keys = ("diverged", "divergence cliff")  # listed after the sweeps
    order = sorted(range(len(labels)), key=lambda i: labels[i] in keys)
    if len(labels) > 1:
        ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="best")
    return ax


def decision_boundary(model: Any, theta: Any, data: Any, ax=None, *, xlim=None, ylim=None,
                      n: int = 200, title: str | None = None):
    """Draw a 2-D classifier's regions, its decision boundary and the data on a matplotlib Axes.

    Parameters
    ----------
    model : MLP or LogisticRegression
        A binary classifier of two features.
    theta : array_like
        Its parameters.
    data : Dataset or (X, y)
        Points to draw, coloured by label.
    ax : Axes, optional
        Where to draw; default a new figure in the book's style.
    xlim, ylim : (float, float), optional
        The window; default the data's extent plus a margin.
    n : int
        Grid points per axis.
    title : str, optional
        A title for the panel (e.g. "epoch 10").

    Returns
    -------
    Axes

    Examples
    --------
    >>> import gdkit as gd
    >>> net = gd.MLP(sizes=(2, 8, 1))
    >>> ax = decision_boundary(net, net.init(), gd.two_moons(n=50))
    """
    X, y = _check_data(data)
    xlim, ylim = _data_window(X, xlim, ylim)
    with plt.rc_context(STYLE):
        if ax is None:
            _, ax = figure(size=(5.0, 4.0))
        GX, GY, P = _probabilities(model, theta, xlim, ylim, n)
        ax.contourf(GX, GY, P, levels=[-0.1, 0.5, 1.1], colors=list(CLASS_COLORS), alpha=0.22)
        ax.contour(GX, GY, P, levels=[0.5], colors=[INK], linewidths=1.6)
        for label, color in enumerate(CLASS_COLORS):
            mine = y == label
            ax.scatter(X[mine, 0], X[mine, 1], s=14, color=color, edgecolors="white",
                       linewidths=0.4, label=f"label {label}")  # fmt: skip
        ax.set(xlim=xlim, ylim=ylim, xlabel="$x_1$", ylabel="$x_2$")
        ax.set_aspect("equal", adjustable="box")
        if title:
            ax.set_title(title)
    return ax
