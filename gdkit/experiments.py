r"""Experiment helpers: the numerics behind the chapters' experiments and explorers.

Each helper runs descents and returns plain arrays or named tuples; the pictures that draw them
live in :mod:`gdkit.pictures.views`.

* learning-rate sweeps (chapter 14): :func:`learning_rate_sweep`, :func:`learning_rate_sweeps`,
  :class:`LRSweep`, :func:`good_windows`;
* basins of attraction (chapter 8): :func:`which_minimum`, :func:`final_points`,
  :func:`basin_labels`;
* the directional derivative (chapter 2): :func:`directional_derivative`,
  :class:`DirectionalSlope`.

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

import math
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

from ._validation import as_vector, check_int, check_positive
from .descent import _batch_optimizer, minimize, minimize_batch
from .objective import Objective

__all__ = [
    "LRSweep",
    "learning_rate_sweep",
    "learning_rate_sweeps",
    "good_windows",
    "which_minimum",
    "final_points",
    "basin_labels",
    "DirectionalSlope",
    "directional_derivative",
]


class LRSweep(NamedTuple):
    """One optimiser's sweep: the learning rates and the gap ratio each run left."""

    lrs: np.ndarray  # α, increasing
    ratios: np.ndarray  # (L(θ_T) − L*) / (L(θ_0) − L*); inf where the run diverged


def learning_rate_sweep(
    f: Objective,
    x0,
    optimizers: Mapping[str, Callable[[float], object]],
    lrs,
    max_iter: int = 300,
    **minimize_kwargs,
) -> dict[str, LRSweep]:
    r"""Run every optimiser with every learning rate from ``x0``; the gap ratio of each run.

    Parameters
    ----------
    f : Objective
        The loss. Its known minima (``f.minima``) give :math:`L^\star`; 0 if there are none.
    x0 : array_like
        The common start θ_0 (not a minimiser: the initial gap must be positive).
    optimizers : mapping name -> callable
        ``name -> (lambda lr: optimiser)``, e.g. ``{"Adam": lambda a: gd.Adam(lr=a)}``.
    lrs : sequence of float
        The learning rates α, all > 0 (sorted here).
    max_iter : int
        The budget of steps T of every run.
    **minimize_kwargs
        Passed to :func:`gdkit.minimize` (e.g. ``grad_tol``, ``noise``, ``rng``).

    Returns
    -------
    dict name -> LRSweep

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.parabola()          # L = θ²/2, GD converges iff α < 2
    >>> sweep = learning_rate_sweep(f, [2.0], {"GD": lambda a: gd.GD(lr=a)}, [0.5, 1.0, 2.5],
    ...                             max_iter=50)
    >>> sweep["GD"].ratios[1:]               # α = 1 lands on the minimum in one step; 2.5 > 2
    array([ 0., inf])
    """
    max_iter = check_int("max_iter", max_iter, minimum=1)
    return learning_rate_sweeps(f, x0, optimizers, lrs, [max_iter], **minimize_kwargs)[max_iter]


def learning_rate_sweeps(
    f: Objective,
    x0,
    optimizers: Mapping[str, Callable[[float], object]],
    lrs,
    budgets,
    **minimize_kwargs,
) -> dict[int, dict[str, LRSweep]]:
    """:func:`learning_rate_sweep` for several budgets of steps T at once, from one set of runs.

    Each (optimiser, α) runs once with the largest budget; the gap after T steps is read off its
    history (a run that stopped early keeps its final loss; one that diverged by step T is
    ``inf``). Returns ``{T: {name: LRSweep}}``.

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.parabola()
    >>> both = learning_rate_sweeps(f, [2.0], {"GD": lambda a: gd.GD(lr=a)}, [0.1], [1, 10])
    >>> both[1]["GD"].ratios, both[10]["GD"].ratios   # (1 - α)^(2T): 0.81, then 0.81^10
    (array([0.81]), array([0.12157665]))
    """
    lrs = np.sort(np.asarray(lrs, dtype=float))
    if lrs.ndim != 1 or lrs.size == 0:
        raise ValueError(f"lrs must be a non-empty sequence of learning rates, got {lrs!r}")
    for lr in lrs:
        check_positive("a learning rate in lrs", float(lr))
    budgets = sorted({check_int("a budget of steps", int(T), minimum=1) for T in budgets})
    if not optimizers:
        raise ValueError("optimizers is empty: give at least one name -> (lambda lr: optimiser)")
    best = min((float(f(np.asarray(m, float))) for m in f.minima), default=0.0)
    gap0 = float(f(np.asarray(x0, float))) - best
    if not gap0 > 0:
        raise ValueError(f"x0 must start above the minimum (L(x0) - L* = {gap0:g})")
    ratios = {T: {name: [] for name in optimizers} for T in budgets}
    for name, make in optimizers.items():
        runs = _sweep_runs(f, x0, [make(float(lr)) for lr in lrs], budgets[-1], minimize_kwargs)
        for run in runs:
            for T in budgets:
                if run.diverged and run.n_iter < T:  # it blew up at step n_iter + 1 <= T
                    ratios[T][name].append(math.inf)
                else:
                    loss = run.losses[min(T, run.n_iter)]
                    ratios[T][name].append(max(loss - best, 0.0) / gap0)
    return {T: {name: LRSweep(lrs, np.array(r)) for name, r in per.items()}
            for T, per in ratios.items()}


def _sweep_runs(f, x0, opts, max_iter, minimize_kwargs) -> list:
    """One run per optimiser from ``x0``: one batch (:func:`~gdkit.descent.minimize_batch`) when
    they can share one array program (one class, numeric settings, no gradient noise), else one
    :func:`~gdkit.minimize` each. Either way every run is what ``minimize`` returns for it."""
    try:
        batchable = not minimize_kwargs.get("noise") and bool(_batch_optimizer(opts))
    except (TypeError, ValueError):  # mixed classes, schedules or non-numeric settings
        batchable = False
    if batchable:
        kwargs = {k: v for k, v in minimize_kwargs.items() if k not in ("noise", "rng")}
        return list(minimize_batch(f, x0, opts, max_iter=max_iter, **kwargs))
    return [minimize(f, x0, opt, max_iter=max_iter, **minimize_kwargs) for opt in opts]


def good_windows(sweep: LRSweep, target: float) -> list[tuple[float, float]]:
    """The runs of consecutive learning rates whose ratio reaches ``target``, as (low, high).

    Examples
    --------
    >>> s = LRSweep(np.array([0.1, 0.2, 0.4, 0.8]), np.array([0.5, 1e-4, 1e-5, np.inf]))
    >>> good_windows(s, 1e-3)
    [(0.2, 0.4)]
    """
    target = check_positive("target", target)
    windows, start = [], None
    for i, ok in enumerate(np.asarray(sweep.ratios) <= target):
        if ok and start is None:
            start = i
        if start is not None and (not ok or i == len(sweep.lrs) - 1):
            end = i if ok else i - 1
            windows.append((float(sweep.lrs[start]), float(sweep.lrs[end])))
            start = None
    return windows



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



class DirectionalSlope(NamedTuple):
    """The slope of f at ``point`` in the direction at ``angle`` degrees (see the module)."""

    point: np.ndarray  # p, shape (2,)
    angle: float  # φ in degrees, measured from the positive x axis
    grad: np.ndarray  # ∇f(p)
    direction: np.ndarray  # u = (cos φ, sin φ)
    rate: float  # D_u f(p) = ∇f(p) · u


def directional_derivative(f: Objective, point, angle: float) -> DirectionalSlope:
    r"""The directional derivative :math:`D_u f(p) = \nabla f(p) \cdot u` with
    :math:`u = (\cos\varphi, \sin\varphi)`.

    Parameters
    ----------
    f : Objective
        A function of two variables.
    point : array_like, shape (2,)
        The point p.
    angle : float
        The direction φ in degrees (0 along +x, 90 along +y).

    Returns
    -------
    DirectionalSlope
        ``point``, ``angle``, ``grad`` (∇f(p)), ``direction`` (u) and ``rate`` (D_u f(p)).

    Examples
    --------
    >>> import gdkit as gd
    >>> s = directional_derivative(gd.Objective("x**2 + 3*y"), [1.0, 0.0], 90)
    >>> round(s.rate, 12)    # straight along +y: the partial derivative ∂f/∂y = 3
    3.0
    """
    if not isinstance(f, Objective) or f.dim != 2:
        raise ValueError(f"directional_derivative needs an Objective of 2 variables, got {f!r}")
    p = as_vector("point", point, 2)
    if isinstance(angle, bool) or not isinstance(angle, (int, float)) or not math.isfinite(angle):
        raise ValueError(f"angle must be a finite number of degrees, got {angle!r}")
    phi = math.radians(angle)
    u = np.array([math.cos(phi), math.sin(phi)])
    grad = f.grad(p)
    return DirectionalSlope(p, float(angle), grad, u, float(grad @ u))


