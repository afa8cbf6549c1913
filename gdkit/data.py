"""Small synthetic data sets, seeded, for the chapters that train a model.

Every generator returns a :class:`Dataset`, a named pair ``(X, y)`` with ``X`` of shape ``(n, d)``
and ``y`` of shape ``(n,)``, so it unpacks like a tuple: ``X, y = gd.two_moons()``. Randomness
enters only through the ``rng`` argument; the default ``np.random.default_rng(0)`` makes every
figure in the book reproducible.
"""

from __future__ import annotations

import math
from numbers import Real
from typing import NamedTuple

import numpy as np

from ._validation import MAX_ELEMENTS, as_vector, check_count, check_nonnegative, check_rng

#: The most points a generator makes (10 million).
MAX_POINTS = 10**7

__all__ = ["Dataset", "linear_data", "two_moons", "circles"]


class Dataset(NamedTuple):
    """Inputs and targets of a data set: ``X`` has shape ``(n, d)``, ``y`` has shape ``(n,)``."""

    X: np.ndarray
    y: np.ndarray


_default_rng = check_rng  # one rng check for the whole package


def linear_data(
    n: int = 1000,
    weights: float | tuple[float, ...] = (2.0,),
    bias: float = -1.0,
    noise: float = 0.5,
    rng: np.random.Generator | None = None,
) -> Dataset:
    r"""Points scattered around a straight line (or plane): the regression chapters' data.

    .. math::

        x_i \sim \mathcal{N}(0, I_d), \qquad
        y_i = w^\top x_i + b + \sigma\,\varepsilon_i, \quad \varepsilon_i \sim \mathcal{N}(0, 1)

    with :math:`w` = ``weights``, :math:`b` = ``bias`` and :math:`\sigma` = ``noise``.

    Parameters
    ----------
    n : int
        Number of points, at least 1.
    weights : float or sequence of float
        The true weights :math:`w`; their number sets the input dimension ``d``.
    bias : float
        The true bias :math:`b`.
    noise : float
        Standard deviation :math:`\sigma` of the Gaussian noise on ``y`` (0 gives exact data).
    rng : numpy.random.Generator, optional
        Source of randomness; ``np.random.default_rng(0)`` if omitted.

    Returns
    -------
    Dataset
        ``X`` of shape ``(n, d)`` and ``y`` of shape ``(n,)``.

    Examples
    --------
    >>> X, y = linear_data(n=5, weights=(2.0,), bias=-1.0, noise=0.0)
    >>> X.shape, y.shape
    ((5, 1), (5,))
    >>> bool(np.allclose(y, 2.0 * X[:, 0] - 1.0))
    True
    """
    n = check_count("n", n, minimum=1, maximum=MAX_POINTS)
    w = as_vector("weights", weights)
    if w.size == 0:
        raise ValueError("weights must hold at least one weight (one per input feature), got ()")
    if n * w.size > MAX_ELEMENTS:
        raise ValueError(
            f"n × len(weights) = {n * w.size:,} numbers is more than {MAX_ELEMENTS:,}; "
            "use fewer points or features"
        )
    if isinstance(bias, bool) or not isinstance(bias, Real) or not math.isfinite(bias):
        raise ValueError(f"bias must be a finite number, got {bias!r}")
    noise = check_nonnegative("noise", noise)
    rng = _default_rng(rng)
    X = rng.standard_normal((n, w.size))
    y = X @ w + float(bias) + noise * rng.standard_normal(n)
    return Dataset(X, y)


def two_moons(n: int = 400, noise: float = 0.1, rng: np.random.Generator | None = None) -> Dataset:
    r"""Two interleaving half circles, a classic set that no straight line separates.

    The upper moon (label 0) is :math:`(\cos t, \sin t)` and the lower one (label 1) is
    :math:`(1 - \cos t,\ 1/2 - \sin t)` for :math:`t \in [0, \pi]`, plus Gaussian noise of
    standard deviation ``noise`` on both coordinates. The points come in random order.

    Parameters
    ----------
    n : int
        Number of points, at least 2; the upper moon gets ``n // 2`` of them.
    noise : float
        Standard deviation of the Gaussian noise added to every coordinate.
    rng : numpy.random.Generator, optional
        Source of randomness; ``np.random.default_rng(0)`` if omitted.

    Returns
    -------
    Dataset
        ``X`` of shape ``(n, 2)`` and labels ``y`` of shape ``(n,)`` with values 0.0 and 1.0.

    Examples
    --------
    >>> X, y = two_moons(n=6, noise=0.0)
    >>> X.shape, sorted(set(y.tolist()))
    ((6, 2), [0.0, 1.0])
    """
    n = check_count("n", n, minimum=2, maximum=MAX_POINTS)
    noise = check_nonnegative("noise", noise)
    rng = _default_rng(rng)
    n_upper = n // 2
    n_lower = n - n_upper
    t_upper = np.linspace(0.0, np.pi, n_upper)
    t_lower = np.linspace(0.0, np.pi, n_lower)
    upper = np.column_stack([np.cos(t_upper), np.sin(t_upper)])
    lower = np.column_stack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    order = rng.permutation(n)
    return Dataset(X[order], y[order])


def circles(
    n: int = 400,
    noise: float = 0.05,
    factor: float = 0.5,
    rng: np.random.Generator | None = None,
) -> Dataset:
    r"""A small circle inside a large one: label 1 inside, label 0 outside.

    The outer circle has radius 1 and the inner one radius ``factor``; both get Gaussian
    noise of standard deviation ``noise`` on each coordinate. The points come in random order.

    Parameters
    ----------
    n : int
        Number of points, at least 2; the outer circle gets ``n // 2`` of them.
    noise : float
        Standard deviation of the Gaussian noise added to every coordinate.
    factor : float
        Radius of the inner circle, strictly between 0 and 1.
    rng : numpy.random.Generator, optional
        Source of randomness; ``np.random.default_rng(0)`` if omitted.

    Returns
    -------
    Dataset
        ``X`` of shape ``(n, 2)`` and labels ``y`` of shape ``(n,)`` with values 0.0 and 1.0.

    Examples
    --------
    >>> X, y = circles(n=8, noise=0.0, factor=0.5)
    >>> np.round(np.hypot(X[:, 0], X[:, 1]), 6)[y == 1]
    array([0.5, 0.5, 0.5, 0.5])
    """
    n = check_count("n", n, minimum=2, maximum=MAX_POINTS)
    noise = check_nonnegative("noise", noise)
    if isinstance(factor, bool) or not isinstance(factor, Real) or not 0 < factor < 1:
        raise ValueError(f"factor must lie strictly between 0 and 1, got {factor!r}")
    rng = _default_rng(rng)
    n_outer = n // 2
    n_inner = n - n_outer
    # endpoint=False: the angle 2*pi would repeat the point at angle 0.
    t_outer = np.linspace(0.0, 2.0 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0.0, 2.0 * np.pi, n_inner, endpoint=False)
    outer = np.column_stack([np.cos(t_outer), np.sin(t_outer)])
    inner = float(factor) * np.column_stack([np.cos(t_inner), np.sin(t_inner)])
    X = np.vstack([outer, inner]) + noise * rng.standard_normal((n, 2))
    y = np.concatenate([np.zeros(n_outer), np.ones(n_inner)])
    order = rng.permutation(n)
    return Dataset(X[order], y[order])
