r"""Training a model on a data set: batch, stochastic and mini-batch gradient descent in one loop.

The three variants differ only in how many examples go into each gradient:

================  ===================  ==============================
variant           batch size ``B``     updates per epoch
================  ===================  ==============================
batch GD          ``N`` (all data)     1
stochastic (SGD)  1                    N
mini-batch        ``B``, 1 < B < N     ⌈N / B⌉
================  ===================  ==============================

so :func:`fit` is a single loop over epochs and, inside each epoch, over mini-batches of a
(shuffled) ordering of the data; each mini-batch gives one gradient :math:`g_t` and one
optimiser step.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import (
    MAX_ITER,
    check_count,
    check_finite_array,
    check_int,
    check_positive,
    check_rng,
    state_overflow,
    vector_norm,
)
from .data import Dataset
from .models import Model, check_batch, check_theta
from .optimizers import Optimizer
from .runs import Run, deprecated_alias

#: The most optimiser steps one call of :func:`fit` may take (epochs × updates per epoch).
MAX_UPDATES = 10 * MAX_ITER

__all__ = ["TrainResult", "fit", "clip_by_norm", "gradient_variance", "DIVERGENCE_LOSS"]

#: A full-data loss above this value (or not finite) stops training as diverged.
DIVERGENCE_LOSS = 1e10


@dataclass(frozen=True, kw_only=True)
class TrainResult(Run):
    r"""What :func:`fit` returns: a :class:`~gdkit.Run` plus the cost and the epochs of training.

    Attributes
    ----------
    theta : numpy.ndarray
        Final parameters, ``path[-1]``; its full-data loss ``losses[-1]`` is finite.
    losses : numpy.ndarray
        Full-data loss :math:`L(\theta)` at the start and after every recorded update.
    grad_evals : numpy.ndarray
        Cumulative number of per-example gradients computed at each point of ``losses``
        (one update with batch size ``B`` costs ``B``; one epoch costs ``N``).
    steps : numpy.ndarray
        Number of updates made at each point of ``losses`` (0 at the start).
    path : numpy.ndarray
        Parameters at each point of ``losses``, shape ``(len(losses), p)``.
    epoch_losses : numpy.ndarray
        Full-data loss at the start and at the end of every completed epoch.
    n_iter : int
        Number of optimiser steps behind ``theta``, ``steps[-1]`` (``n_updates`` is its
        deprecated alias).
    n_epochs : int
        Number of completed epochs.
    batch_size : int
        The batch size used (``N`` for batch gradient descent).
    diverged : bool
        Whether the loss stopped being finite or grew past ``DIVERGENCE_LOSS`` (1e10).
    stopped_by : str
        ``"epochs"`` (all epochs done) or ``"diverged"``.
    optimizer_name : str
        The optimiser's display name, for legends.
    hyperparameters : dict
        The optimiser's settings.
    """
    grad_evals: np.ndarray
    steps: np.ndarray
    epoch_losses: np.ndarray
    n_epochs: int
    batch_size: int

    @property
    def n_iter(self) -> int:
        """The number of optimiser steps behind ``theta``."""
        return int(self.steps[-1])

    n_updates = deprecated_alias("n_updates", "n_iter", "TrainResult")


def clip_by_norm(grad: np.ndarray, max_norm: float) -> np.ndarray:
    r"""Rescale ``grad`` so that its Euclidean norm is at most ``max_norm`` (gradient clipping).

    .. math::

        g \leftarrow g \cdot \min\Bigl(1, \frac{g_{\max}}{\lVert g \rVert}\Bigr)

    with :math:`g_{\max}` = ``max_norm``. The direction is kept; only a step that would be too long is
    shortened, which is the standard remedy for exploding gradients.

    Parameters
    ----------
    grad : array_like
        The gradient (any shape; the norm is taken over all entries, the "global norm").
    max_norm : float
        The largest norm allowed, > 0.

    Returns
    -------
    numpy.ndarray
        A new array; ``grad`` itself is never modified.

    Examples
    --------
    >>> clip_by_norm(np.array([3.0, 4.0]), max_norm=1.0)
    array([0.6, 0.8])
    >>> clip_by_norm(np.array([0.3, 0.4]), max_norm=1.0)
    array([0.3, 0.4])
    """
    max_norm = check_positive("max_norm", max_norm)
    try:
        grad = np.array(grad, dtype=float)  # a copy
    except (TypeError, ValueError):
        raise ValueError(f"grad must be an array of numbers, got {grad!r:.80}") from None
    check_finite_array("grad", grad)
    norm = vector_norm(grad.ravel())
    if norm > max_norm:
        grad *= max_norm / norm
    return grad


def _check_data(data: Any) -> tuple[np.ndarray, np.ndarray]:
    try:
        X, y = data
    except (TypeError, ValueError):
        raise ValueError(
            f"data must be a pair (X, y) such as a Dataset, got {type(data).__name__}"
        ) from None
    return check_batch(X, y)


def _check_batch_size(batch_size: int | None, n: int) -> int:
    if batch_size is None:
        return n
    batch_size = check_int("batch_size", batch_size, minimum=1)
    if batch_size > n:
        raise ValueError(
            f"batch_size must be at most the number of examples ({n}), got {batch_size}"
        )
    return batch_size


class _Batches:
    """Any model's data for :func:`fit`: its own (checked) ``grad`` on a mini-batch of rows and
    ``loss`` on all the data. Linear models give fit a faster equivalent (``_prepare``)."""

    def __init__(self, model: Model, X: np.ndarray, y: np.ndarray) -> None:
        self.model, self.X, self.y = model, X, y

    def grad(self, theta: np.ndarray, rows: np.ndarray) -> np.ndarray:
        return self.model.grad(theta, self.X[rows], self.y[rows])

    def loss(self, theta: np.ndarray) -> float:
        return self.model.loss(theta, self.X, self.y)


def fit(
    model: Model,
    data: Dataset | tuple[np.ndarray, np.ndarray],
    optimizer: Optimizer,
    batch_size: int | None = None,
    epochs: int = 10,
    theta0: Any = None,
    rng: np.random.Generator | None = None,
    shuffle: bool = True,
    clip_norm: float | None = None,
    record_every: int = 1,
) -> TrainResult:
    r"""Train ``model`` on ``data`` with mini-batch gradient descent driven by ``optimizer``.

    For each epoch the example indices are shuffled (if ``shuffle``) and cut into consecutive
    mini-batches of ``batch_size`` examples (the last one may be smaller). Each mini-batch
    :math:`\mathcal B` gives one update:

    .. math::

        g_t = \frac{1}{|\mathcal B|} \sum_{i \in \mathcal B} \nabla \ell_i(\theta_{t-1}),
        \qquad \theta_t = \text{optimizer step}(\theta_{t-1}, g_t)

    ``batch_size=None`` (all ``N`` examples) is batch gradient descent, ``1`` is stochastic
    gradient descent, anything in between is mini-batch gradient descent.

    Parameters
    ----------
    model : LeastSquares, LogisticRegression, MLP or similar
        Anything with ``init(d=..., rng=...)``, ``n_params(d)``, ``loss(theta, X, y)`` and
        ``grad(theta, X, y)``.
    data : Dataset or tuple (X, y)
        ``X`` of shape ``(N, d)``, ``y`` of shape ``(N,)``, with N >= 1.
    optimizer : gdkit optimiser
        Anything with ``init(theta)`` and ``step(theta, grad, state)``, e.g. ``gd.GD(lr=0.1)``.
    batch_size : int, optional
        Examples per update, between 1 and N; ``None`` means N.
    epochs : int
        Number of passes over the data, >= 1.
    theta0 : array_like, optional
        Starting parameters; ``model.init(d=d, rng=rng)`` if omitted.
    rng : numpy.random.Generator, optional
        Source of randomness for the start and the shuffling; ``np.random.default_rng(0)``
        if omitted, so two calls with the same arguments give the same run.
    shuffle : bool
        Reshuffle the examples before every epoch (otherwise visit them in their stored order).
    clip_norm : float, optional
        If given, every mini-batch gradient is clipped to this global norm (:func:`clip_by_norm`).
    record_every : int
        Compute and record the full-data loss every ``record_every`` updates (and at the end of
        every epoch). 1 records every update; larger values make long SGD runs cheaper.

    Returns
    -------
    TrainResult
        ``theta``, ``losses``, ``grad_evals``, ``steps``, ``path``, ``epoch_losses``,
        ``n_iter``, ``n_epochs``, ``diverged``, ``stopped_by`` and more. If the full-data
        loss stops being finite or exceeds 1e10, training stops with ``stopped_by="diverged"``;
        a non-finite loss is never recorded, so ``theta`` and ``losses`` stay finite.

    Raises
    ------
    ValueError
        For empty or mis-shaped data, a batch size outside [1, N], epochs < 1, a ``theta0`` of
        the wrong length or a non-positive ``clip_norm``.

    Examples
    --------
    >>> import gdkit as gd
    >>> data = gd.linear_data(n=100, noise=0.0)
    >>> res = fit(gd.LeastSquares(), data, gd.GD(lr=0.1), batch_size=10, epochs=20)
    >>> res.n_iter, res.stopped_by            # 100 / 10 updates per epoch, 20 epochs
    (200, 'epochs')
    >>> np.round(res.theta, 3)                # the true weight 2 and bias -1
    array([ 2., -1.])
    """
    X, y = _check_data(data)
    n, d = X.shape
    batch_size = _check_batch_size(batch_size, n)
    epochs = check_int("epochs", epochs, minimum=1)
    updates = epochs * -(-n // batch_size)
    if updates > MAX_UPDATES:
        raise ValueError(
            f"epochs={epochs} with {-(-n // batch_size)} updates per epoch is {updates:,} "
            f"updates, more than {MAX_UPDATES:,}; use fewer epochs or a larger batch_size"
        )
    record_every = check_int("record_every", record_every, minimum=1)
    _check_model_and_optimizer(model, optimizer)
    if clip_norm is not None:
        clip_norm = check_positive("clip_norm", clip_norm)
    rng = check_rng(rng)
    if theta0 is None:
        theta = np.asarray(model.init(d=d, rng=rng), dtype=float)
    else:
        theta = check_theta(theta0, model.n_params(d), "one per model parameter", "theta0").copy()
        if not np.all(np.isfinite(theta)):
            raise ValueError(f"theta0 must be finite, got {theta}")

    prepare = getattr(model, "_prepare", None)
    batches = (prepare(X, y) if prepare is not None else None) or _Batches(model, X, y)
    state = optimizer.init(theta)
    n_updates = 0  # optimiser steps taken
    grad_evals = 0  # per-example gradients computed
    history = _History()
    loss0 = batches.loss(theta)
    if not math.isfinite(loss0):
        raise ValueError(
            f"the loss is not finite at the start (theta0 = {theta}): L = {loss0!r}; "
            "rescale the data or choose another theta0"
        )
    history.record(theta, loss0, n_updates, grad_evals)
    epoch_losses = [history.losses[-1]]
    stopped_by = "epochs"

    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _epoch in range(epochs):
            order = rng.permutation(n) if shuffle else np.arange(n)
            for start in range(0, n, batch_size):
                batch = order[start : start + batch_size]
                grad = batches.grad(theta, batch)  # mean over the mini-batch
                if clip_norm is not None:
                    if not np.all(np.isfinite(grad)):
                        stopped_by = "diverged"  # an overflowed gradient has no direction
                        break
                    grad = clip_by_norm(grad, clip_norm)
                new_theta, state = optimizer.step(theta, grad, state)
                if not float(grad.ravel() @ grad.ravel()) < 1e300 and state_overflow(
                    optimizer, state, theta, new_theta, grad
                ):
                    stopped_by = "diverged"  # the second moment overflowed: a silent freeze
                    break
                theta = new_theta
                n_updates += 1
                grad_evals += len(batch)

                end_of_epoch = start + batch_size >= n
                if n_updates % record_every == 0 or end_of_epoch:
                    loss = batches.loss(theta)  # full-data loss, for the record
                    if not math.isfinite(loss):
                        stopped_by = "diverged"  # not recorded: results never hold NaN/inf
                        break
                    history.record(theta, loss, n_updates, grad_evals)
                    if loss > DIVERGENCE_LOSS:
                        stopped_by = "diverged"
                        break
            if stopped_by == "diverged":
                break
            epoch_losses.append(history.losses[-1])

    return TrainResult(
        losses=np.array(history.losses),
        grad_evals=np.array(history.grad_evals),
        steps=np.array(history.steps),
        path=np.array(history.path),
        epoch_losses=np.array(epoch_losses),
        n_epochs=len(epoch_losses) - 1,
        batch_size=batch_size,
        stopped_by=stopped_by,
        optimizer_name=getattr(optimizer, "name", type(optimizer).__name__),
        hyperparameters=optimizer.hyperparameters() if hasattr(optimizer, "hyperparameters") else {},
    )


def _check_model_and_optimizer(model: Any, optimizer: Any) -> None:
    for method in ("init", "n_params", "loss", "grad"):
        if not callable(getattr(model, method, None)) or isinstance(model, type):
            raise TypeError(
                f"model must be a model instance such as gd.LeastSquares() with a {method} "
                f"method, got {model!r}"
            )
    for method in ("init", "step"):
        if not callable(getattr(optimizer, method, None)) or isinstance(optimizer, type):
            raise TypeError(
                f"optimizer must be an optimiser instance such as gd.GD(lr=0.1), got {optimizer!r}"
            )


class _History:
    """The recorded points of a run: parameters, loss, update count and gradient cost."""

    def __init__(self) -> None:
        self.path: list[np.ndarray] = []
        self.losses: list[float] = []
        self.steps: list[int] = []
        self.grad_evals: list[int] = []

    def record(self, theta: np.ndarray, loss: float, step: int, grad_evals: int) -> None:
        self.path.append(np.array(theta, dtype=float))
        self.losses.append(float(loss))
        self.steps.append(step)
        self.grad_evals.append(grad_evals)


def gradient_variance(
    model: Any,
    data: Any,
    theta: Any,
    batch_size: int,
    n_draws: int = 200,
    rng: np.random.Generator | None = None,
) -> float:
    r"""Mean squared distance between mini-batch gradients and the full gradient.

    .. math::

        \operatorname{Var}(g_B) = \mathbb E\, \lVert g_B - \nabla L(\theta) \rVert^2
        \approx \frac{1}{K} \sum_{k=1}^{K} \lVert g_{B,k} - \nabla L(\theta) \rVert^2

    over ``K = n_draws`` mini-batches of ``B = batch_size`` distinct examples drawn at random,
    as :func:`fit` draws them. With :math:`\sigma^2` the variance of a single-example gradient,

    .. math::

        \operatorname{Var}(g_B) = \frac{\sigma^2}{B} \cdot \frac{N - B}{N - 1}

    so the gradient noise falls like :math:`1/B` while :math:`B \ll N`, and vanishes at
    :math:`B = N` (the full gradient).

    Parameters
    ----------
    model : LeastSquares, LogisticRegression, MLP or similar
        Anything with ``grad(theta, X, y)``.
    data : Dataset or tuple (X, y)
        The full data set (``N`` examples).
    theta : array_like
        Parameters at which the gradients are taken.
    batch_size : int
        Mini-batch size ``B``, between 1 and N.
    n_draws : int
        Number of mini-batches averaged, >= 1.
    rng : numpy.random.Generator, optional
        Source of randomness; ``np.random.default_rng(0)`` if omitted.

    Returns
    -------
    float
        The estimate of :math:`\mathbb E \lVert g_B - \nabla L(\theta) \rVert^2`.

    Examples
    --------
    >>> import gdkit as gd
    >>> data = gd.linear_data(n=1000)
    >>> v1 = gradient_variance(gd.LeastSquares(), data, [0.0, 0.0], batch_size=1)
    >>> v10 = gradient_variance(gd.LeastSquares(), data, [0.0, 0.0], batch_size=10)
    >>> bool(5 < v1 / v10 < 20)      # about 10 times less noise with 10 times the batch
    True
    """
    X, y = _check_data(data)
    n = len(X)
    batch_size = _check_batch_size(batch_size, n)
    n_draws = check_count("n_draws", n_draws, minimum=1, maximum=MAX_ITER)
    rng = check_rng(rng)
    theta = np.asarray(theta, dtype=float)
    check_finite_array("theta", theta)
    full_grad = model.grad(theta, X, y)
    total = 0.0
    for _ in range(n_draws):
        batch = rng.choice(n, size=batch_size, replace=False)
        deviation = model.grad(theta, X[batch], y[batch]) - full_grad
        total += float(deviation @ deviation)
    return total / n_draws
