r"""Models whose parameters are one flat vector :math:`\theta`, with their loss and its gradient.

Every model here (and :class:`gdkit.MLP`) offers the same small interface, which is all that
:func:`gdkit.fit` needs:

``n_params(d)``
    the length of :math:`\theta` for inputs with ``d`` features;
``init(d=None, rng=None)``
    a starting :math:`\theta` (``d`` the number of features; ``rng`` a NumPy Generator);
``loss(theta, X, y)``
    the mean loss :math:`L(\theta) = \frac1n \sum_i \ell_i(\theta)` over the rows of ``X``;
``grad(theta, X, y)``
    :math:`\nabla L(\theta)`, the mean of the per-example gradients;
``per_example_grads(theta, X, y)``
    the ``(n, p)`` array whose row ``i`` is :math:`\nabla \ell_i(\theta)`;
``predict(theta, X)``
    the model's prediction for each row.

Keeping :math:`\theta` flat means every optimiser of the course trains every model unchanged.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np

from ._validation import MAX_ELEMENTS, check_finite_array, check_int, check_rng

__all__ = ["Model", "LeastSquares", "LogisticRegression", "sigmoid"]


@runtime_checkable
class Model(Protocol):
    """What :func:`gdkit.fit` trains: LeastSquares, LogisticRegression, MLP, or your own class.

    One argument order for all: ``init(d=None, rng=None)``, ``loss(theta, X, y)``,
    ``grad(theta, X, y)``, and ``n_params(d)``.
    """

    def n_params(self, d: int) -> int: ...

    def init(self, d: int | None = None, rng: np.random.Generator | None = None) -> np.ndarray: ...

    def loss(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> float: ...

    def grad(self, theta: np.ndarray, X: np.ndarray, y: np.ndarray) -> np.ndarray: ...


def sigmoid(z: np.ndarray) -> np.ndarray:
    r"""The logistic function :math:`\sigma(z) = 1 / (1 + e^{-z})`, without overflow warnings."""
    z = np.asarray(z, dtype=float)
    # exp(-|z|) never overflows; the two branches are the same function written two ways.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def check_batch(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    """Return ``X`` as an ``(n, d)`` float array and ``y`` as an ``(n,)`` float array, or raise."""
    X = _float_array("X", X)
    y = _float_array("y", y)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (n, d), got an array of shape {X.shape}")
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of shape (n,), got an array of shape {y.shape}")
    if len(y) != len(X):
        raise ValueError(f"X and y must have the same length, got len(X)={len(X)}, len(y)={len(y)}")
    if len(X) == 0:
        raise ValueError("X and y are empty: a loss needs at least one example")
    check_finite_array("X", X)
    check_finite_array("y", y)
    return X, y


def _float_array(name: str, value: object) -> np.ndarray:
    """``np.asarray(value, dtype=float)`` with an error that names the argument."""
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of numbers, got {value!r:.80}") from None


def check_inputs(X: object, d: int | None = None) -> np.ndarray:
    """Return ``X`` as an ``(n, d)`` float array, checking its number of columns against ``d``."""
    X = _float_array("X", X)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (n, d), got an array of shape {X.shape}")
    if d is not None and X.shape[1] != d:
        raise ValueError(f"X must have {d} columns (features), got {X.shape[1]}")
    check_finite_array("X", X)
    return X


def check_theta(theta: object, n_params: int, layout: str, name: str = "theta") -> np.ndarray:
    """Return ``theta`` as a 1-D float array of length ``n_params``, or raise.

    Non-finite entries are allowed on purpose: a diverging run must be able to ask for its loss
    (and get ``inf`` or ``nan``) so that :func:`gdkit.fit` can report the divergence.
    """
    theta = _float_array(name, theta)
    if theta.ndim != 1:
        raise ValueError(f"{name} must be a flat 1-D vector, got an array of shape {theta.shape}")
    if theta.size != n_params:
        raise ValueError(f"{name} must have {n_params} entries ({layout}), got {theta.size}")
    return theta


def check_binary_targets(y: np.ndarray) -> None:
    """Refuse targets outside [0, 1]: cross-entropy needs labels (or probabilities)."""
    if np.any((y < 0) | (y > 1)) or not np.all(np.isfinite(y)):
        bad = y[(y < 0) | (y > 1) | ~np.isfinite(y)][0]
        raise ValueError(f"y must hold labels 0/1 (or probabilities in [0, 1]), got {bad!r}")


class _LinearModel:
    r"""What the two linear models share: :math:`\theta = (w_1, \dots, w_d, b)`, :math:`z = Xw + b`."""

    name = "linear model"

    def n_params(self, d: int) -> int:
        """Number of parameters for ``d`` input features: ``d`` weights and one bias."""
        d = check_int("d", d, minimum=1)
        if d > MAX_ELEMENTS // 100:
            raise ValueError(f"d must be at most {MAX_ELEMENTS // 100:,} features, got {d}")
        return d + 1

    def init(self, d: int | None = None, rng: np.random.Generator | None = None) -> np.ndarray:
        r"""A starting :math:`\theta` drawn from :math:`\mathcal{N}(0, 1)` (rng defaults to seed 0)."""
        if d is None:
            raise ValueError(f"{type(self).__name__}.init needs d, the number of features")
        rng = check_rng(rng)
        return rng.standard_normal(self.n_params(d))

    def _parts(
        self, theta: object, X: object, y: object
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Checked ``X``, ``y``, and the logits ``z = X w + b`` with the augmented inputs [X, 1]."""
        X, y = check_batch(X, y)
        theta = check_theta(theta, X.shape[1] + 1, f"{X.shape[1]} weights and a bias")
        X1 = np.column_stack([X, np.ones(len(X))])  # a column of ones carries the bias
        return X1, y, X1 @ theta, theta

    def loss(self, theta: object, X: object, y: object) -> float:
        """The mean loss :math:`L(\\theta)` over the rows of ``X``."""
        _, y, z, _ = self._parts(theta, X, y)
        self._check_targets(y)
        return self._loss_of(z, y)

    def grad(self, theta: object, X: object, y: object) -> np.ndarray:
        r""":math:`\nabla L(\theta)`, the mean of the per-example gradients over the batch."""
        X1, y, z, _ = self._parts(theta, X, y)
        self._check_targets(y)
        return X1.T @ self._dloss_dz(z, y) / len(y)

    def per_example_grads(self, theta: object, X: object, y: object) -> np.ndarray:
        r"""Row ``i`` is :math:`\nabla \ell_i(\theta)`; shape ``(n, d + 1)``."""
        X1, y, z, _ = self._parts(theta, X, y)
        self._check_targets(y)
        return self._dloss_dz(z, y)[:, None] * X1

    def _prepare(self, X: np.ndarray, y: np.ndarray) -> _PreparedData | None:
        """For :func:`~gdkit.fit`: the data made ready once (checked data, the column of ones
        added), giving this model's own numbers without re-checking at every update; None for a
        subclass that overrides ``loss`` or ``grad`` (fit then calls those)."""
        if type(self).loss is not _LinearModel.loss or type(self).grad is not _LinearModel.grad:
            return None
        self._check_targets(y)
        return _PreparedData(self, np.column_stack([X, np.ones(len(X))]), y)

    def _check_targets(self, y: np.ndarray) -> None:
        """Refuse targets the loss cannot take (none for least squares)."""

    def _loss_of(self, z: np.ndarray, y: np.ndarray) -> float:  # pragma: no cover
        raise NotImplementedError

    def _dloss_dz(self, z: np.ndarray, y: np.ndarray) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class _PreparedData:
    """A linear model's data for one fit: ``grad(theta, rows)`` is ``model.grad(theta,
    X[rows], y[rows])`` and ``loss(theta)`` is ``model.loss(theta, X, y)``, the same numbers
    (the same arrays, multiplied the same way), with the checks and the column of ones done once."""

    def __init__(self, model: _LinearModel, X1: np.ndarray, y: np.ndarray) -> None:
        self.model, self.X1, self.y = model, X1, y

    def grad(self, theta: np.ndarray, rows: np.ndarray) -> np.ndarray:
        X1, y = self.X1[rows], self.y[rows]
        return X1.T @ self.model._dloss_dz(X1 @ theta, y) / len(y)

    def loss(self, theta: np.ndarray) -> float:
        return self.model._loss_of(self.X1 @ theta, self.y)


class LeastSquares(_LinearModel):
    r"""Linear regression with the mean squared error.

    .. math::

        \hat y = X w + b, \qquad
        L(\theta) = \frac1n \sum_{i=1}^n (\hat y_i - y_i)^2, \qquad
        \nabla_w L = \frac2n X^\top (\hat y - y), \quad
        \frac{\partial L}{\partial b} = \frac2n \sum_{i=1}^n (\hat y_i - y_i)

    with :math:`\theta = (w_1, \dots, w_d, b)`: the weights first, the bias last.

    Examples
    --------
    >>> model = LeastSquares()
    >>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([-1.0, 1.0, 3.0])
    >>> model.loss([2.0, -1.0], X, y)      # y = 2x - 1 exactly
    0.0
    >>> model.grad([0.0, 0.0], X, y)       # -(2/3) * (0*-1 + 1*1 + 2*3), -(2/3) * 3
    array([-4.66666667, -2.        ])
    """

    name = "least squares"

    def _loss_of(self, y_hat: np.ndarray, y: np.ndarray) -> float:
        """Mean squared error :math:`L(\\theta)` from the fitted values."""
        return float(np.mean((y_hat - y) ** 2))

    def _dloss_dz(self, z: np.ndarray, y: np.ndarray) -> np.ndarray:
        # d/dy_hat of (y_hat - y)^2
        return 2.0 * (z - y)

    def predict(self, theta: object, X: object) -> np.ndarray:
        r"""The fitted values :math:`\hat y = X w + b`, shape ``(n,)``."""
        X = check_inputs(X)
        theta = check_theta(theta, X.shape[1] + 1, f"{X.shape[1]} weights and a bias")
        return X @ theta[:-1] + theta[-1]


class LogisticRegression(_LinearModel):
    r"""Binary classification with the logistic function and the cross-entropy loss.

    .. math::

        p_i = \sigma(w^\top x_i + b), \qquad
        L(\theta) = -\frac1n \sum_{i=1}^n \bigl[y_i \log p_i + (1 - y_i) \log(1 - p_i)\bigr],
        \qquad \nabla_w L = \frac1n X^\top (p - y)

    with labels :math:`y_i \in \{0, 1\}` and :math:`\theta = (w_1, \dots, w_d, b)`. The loss is
    computed from the logit :math:`z` as :math:`\log(1 + e^{z}) - y z`, which never takes the
    logarithm of 0.

    Examples
    --------
    >>> model = LogisticRegression()
    >>> X, y = np.array([[-1.0], [1.0]]), np.array([0.0, 1.0])
    >>> round(model.loss([0.0, 0.0], X, y), 6)    # log 2: a coin flip
    0.693147
    >>> model.predict([5.0, 0.0], X)
    array([0., 1.])
    """

    name = "logistic regression"

    def _check_targets(self, y: np.ndarray) -> None:
        check_binary_targets(y)

    def _loss_of(self, z: np.ndarray, y: np.ndarray) -> float:
        """Mean cross-entropy :math:`L(\\theta)` from the logits."""
        return float(np.mean(np.logaddexp(0.0, z) - y * z))

    def _dloss_dz(self, z: np.ndarray, y: np.ndarray) -> np.ndarray:
        # d/dz of log(1 + e^z) - y z
        return sigmoid(z) - y

    def predict_proba(self, theta: object, X: object) -> np.ndarray:
        r"""The probability :math:`p = \sigma(Xw + b)` of label 1 for each row, shape ``(n,)``."""
        X = check_inputs(X)
        theta = check_theta(theta, X.shape[1] + 1, f"{X.shape[1]} weights and a bias")
        return sigmoid(X @ theta[:-1] + theta[-1])

    def predict(self, theta: object, X: object) -> np.ndarray:
        """The predicted label (1.0 where the probability is at least 1/2, else 0.0)."""
        return (self.predict_proba(theta, X) >= 0.5).astype(float)
