r"""The descent loop: repeat "compute the gradient, update" until a stopping criterion fires.

.. math::
    \theta_0 \text{ given}; \quad \text{for } t = 1, 2, \dots: \quad
    g_t = \nabla L(\theta_{t-1}), \quad \theta_t = \text{update}(\theta_{t-1}, g_t)

Stopping criteria, checked after every update in this order:

* ``diverged``: the loss or a parameter is not finite, or the loss exceeds ``max_loss``;
* ``grad_tol``: :math:`\lVert \nabla L(\theta_t) \rVert < ` grad_tol (the ground feels flat);
* ``step_tol``: :math:`\lVert \theta_t - \theta_{t-1} \rVert < ` step_tol (parameters stopped moving);
* ``loss_tol``: :math:`\lvert L(\theta_t) - L(\theta_{t-1}) \rvert < ` loss_tol (loss stopped falling);
* ``max_iter``: the iteration cap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validation import (
    MAX_ITER,
    as_vector,
    check_count,
    check_nonnegative,
    check_positive,
    check_rng,
    state_overflow,
    vector_norm,
)
from .objective import Objective
from .optimizers import GD, Optimizer
from .runs import Run, deprecated_alias

__all__ = ["Result", "minimize", "CRITERIA"]

#: The stopping criteria, in the order they are checked.
CRITERIA = ("diverged", "grad_tol", "step_tol", "loss_tol", "max_iter")


@dataclass(frozen=True, kw_only=True)
class Result(Run):
    """What a run of :func:`minimize` did, step by step: a :class:`~gdkit.Run` plus gradient norms.

    Attributes
    ----------
    path : ndarray, shape (n_iter + 1, dim)
        θ_0, θ_1, ..., the parameters after every update (never NaN: a diverging run stops at its
        last finite point).
    losses, grad_norms : ndarray, shape (n_iter + 1,)
        L(θ_t) and ‖∇L(θ_t)‖ along the path.
    stopped_by : str
        The criterion that ended the run (one of :data:`CRITERIA`).
    optimizer_name : str
        For legends.
    message : str
        A sentence saying why the run stopped.
    hyperparameters : dict
        The optimiser's settings.

    The final point is ``theta`` (``x`` is its deprecated alias).
    """

    grad_norms: np.ndarray

    x = deprecated_alias("x", "theta", "Result")

    def first_hit(
        self,
        grad_tol: float | None = None,
        step_tol: float | None = None,
        loss_tol: float | None = None,
    ) -> dict[str, int | None]:
        """The first iteration at which each given criterion holds along this run's history.

        Lets a chapter run once with only an iteration cap and then ask "which criterion would
        have fired first, and when?". ``None`` means it never fired.

        Examples
        --------
        >>> from gdkit import functions, GD, minimize
        >>> res = minimize(functions.parabola(), [2.0], GD(lr=0.5), max_iter=50, grad_tol=None)
        >>> res.first_hit(grad_tol=1e-3, step_tol=1e-3, loss_tol=1e-6)
        {'grad_tol': 11, 'step_tol': 11, 'loss_tol': 12}
        """

        def first(mask: np.ndarray, offset: int) -> int | None:
            hits = np.flatnonzero(mask)
            return int(hits[0]) + offset if hits.size else None

        for name, tol in (("grad_tol", grad_tol), ("step_tol", step_tol), ("loss_tol", loss_tol)):
            if tol is not None:
                check_positive(name, tol)
        hits: dict[str, int | None] = {}
        if grad_tol is not None:
            hits["grad_tol"] = first(self.grad_norms < grad_tol, 0)
        if step_tol is not None:
            steps = np.linalg.norm(np.diff(self.path, axis=0), axis=1)
            hits["step_tol"] = first(steps < step_tol, 1)
        if loss_tol is not None:
            hits["loss_tol"] = first(np.abs(np.diff(self.losses)) < loss_tol, 1)
        return hits

    def __repr__(self) -> str:
        return (
            f"Result({self.optimizer_name}: {self.n_iter} steps, stopped by {self.stopped_by}, "
            f"loss {self.loss:.6g} at {np.array2string(self.theta, precision=6)})"
        )


def minimize(
    f: Objective,
    x0,
    optimizer: Optimizer | None = None,
    *,
    max_iter: int = 1000,
    grad_tol: float | None = 1e-6,
    step_tol: float | None = None,
    loss_tol: float | None = None,
    max_loss: float | None = None,
    noise: float = 0.0,
    rng: np.random.Generator | None = None,
) -> Result:
    r"""Minimise ``f`` from ``x0`` with ``optimizer``, recording every step.

    Parameters
    ----------
    f : Objective
        The loss L(θ) with its gradient.
    x0 : array_like, shape (dim,)
        The starting point θ_0.
    optimizer : Optimizer, optional
        Default ``GD(lr=0.1)``.
    max_iter : int
        The iteration cap.
    grad_tol, step_tol, loss_tol : float or None
        Stop when the gradient norm, the step length or the change in loss falls below the
        tolerance; ``None`` turns a criterion off.
    max_loss : float, optional
        A loss above this counts as divergence. Default ``1e8 * (1 + |L(θ_0)|)``.
    noise : float
        Standard deviation σ of Gaussian noise added to each gradient the optimiser sees
        (a stand-in for mini-batch noise); the recorded ``grad_norms`` stay exact.
    rng : numpy.random.Generator, optional
        The noise source; default ``np.random.default_rng(0)``.

    Returns
    -------
    Result

    Examples
    --------
    >>> from gdkit import Objective, GD, minimize
    >>> res = minimize(Objective("x**2 + 10*y**2"), [1.0, 1.0], GD(lr=0.05))
    >>> res.stopped_by, res.n_iter
    ('grad_tol', 138)
    """
    if not isinstance(f, Objective):
        raise TypeError(f"f must be a gdkit Objective, got {type(f).__name__}")
    theta = as_vector("x0", x0, f.dim)
    optimizer = GD(lr=0.1) if optimizer is None else optimizer
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be a gdkit optimiser, got {type(optimizer).__name__}")
    max_iter = check_count("max_iter", max_iter, minimum=0, maximum=MAX_ITER)
    tolerances = {"grad_tol": grad_tol, "step_tol": step_tol, "loss_tol": loss_tol}
    for name, tol in tolerances.items():
        if tol is not None:
            check_positive(name, tol)
    noise = check_nonnegative("noise", noise)
    if max_loss is not None:  # inf is allowed: never call it divergence
        try:
            positive = bool(max_loss > 0) and not isinstance(max_loss, bool)
        except TypeError:
            positive = False
        if not positive:
            raise ValueError(f"max_loss must be a number > 0 (or inf), got {max_loss!r}")
    if noise:
        rng = check_rng(rng)

    with np.errstate(all="ignore"):  # overflow is caught below and reported as divergence
        return _descend(f, theta, optimizer, max_iter, tolerances, max_loss, noise, rng)


def _descend(f, theta, optimizer, max_iter, tolerances, max_loss, noise, rng) -> Result:
    """The loop itself (arguments already checked by :func:`minimize`)."""
    # A criterion that is off gets tolerance -inf: nothing is ever below it.
    grad_tol, step_tol, loss_tol = (
        -math.inf if tolerances[name] is None else tolerances[name]
        for name in ("grad_tol", "step_tol", "loss_tol")
    )
    loss, grad = f(theta), f.grad(theta)
    grad_norm = vector_norm(grad)
    if not (math.isfinite(loss) and math.isfinite(grad_norm)):
        raise ValueError(
            f"the loss or its gradient is not finite at x0 = {theta}: "
            f"L = {loss!r}, ∇L = {grad} (is x0 outside the domain of {f.name}?)"
        )
    bound = max_loss if max_loss is not None else 1e8 * (1 + abs(loss))
    path, losses, grad_norms = [theta], [loss], [grad_norm]
    grad_sq = float(grad @ grad)
    state = optimizer.init(theta)

    stopped_by, message = "max_iter", f"reached the iteration cap ({max_iter})"
    if grad_norm < grad_tol:
        stopped_by, message = "grad_tol", "the gradient is already below grad_tol at x0"
        max_iter = 0
    for t in range(1, max_iter + 1):
        step_grad = grad + noise * rng.standard_normal(grad.shape) if noise else grad
        new_theta, state = optimizer.step(theta, step_grad, state)
        if not grad_sq < 1e300 and (
            overflow := state_overflow(optimizer, state, theta, new_theta, step_grad)
        ):
            stopped_by = "diverged"
            message = f"diverged at step {t}: {overflow}; the path ends before it"
            break
        new_loss = f(new_theta)
        if math.isnan(new_loss) and math.isfinite(new_theta.sum()):
            stopped_by = "diverged"
            message = (
                f"diverged at step {t}: the loss is not a real number at θ = {new_theta} "
                f"(L = {new_loss!r}: θ left the domain of {f.name}, or the arithmetic "
                "overflowed); the path ends at the last point before it"
            )
            break
        # `not loss <= bound` is also true for NaN; an infinite θ makes its sum infinite or NaN
        if not new_loss <= bound or not math.isfinite(new_theta.sum()):
            stopped_by = "diverged"
            message = (
                f"diverged at step {t}: the loss reached {new_loss:.3g} "
                f"(bound {bound:.3g}); the path ends at the last finite point"
            )
            break
        grad = f.grad(new_theta)
        grad_sq = float(grad @ grad)
        grad_norm = math.sqrt(grad_sq)
        if not math.isfinite(grad_norm):
            stopped_by = "diverged"
            size = vector_norm(grad)
            why = "overflowed" if not math.isfinite(size) else f"reached {size:.3g}, so ‖∇L‖² overflowed"
            message = f"diverged at step {t}: the gradient {why}; the path ends before it"
            break
        step = new_theta - theta
        step_length, loss_change = vector_norm(step), abs(new_loss - loss)
        theta, loss = new_theta, new_loss
        path.append(theta)
        losses.append(loss)
        grad_norms.append(grad_norm)
        if grad_norm < grad_tol:
            stopped_by = "grad_tol"
        elif step_length < step_tol:
            stopped_by = "step_tol"
        elif loss_change < loss_tol:
            stopped_by = "loss_tol"
        else:
            continue
        message = f"{stopped_by} fired after {t} steps"
        break

    return Result(
        path=np.array(path),
        losses=np.array(losses),
        grad_norms=np.array(grad_norms),
        stopped_by=stopped_by,
        optimizer_name=getattr(optimizer, "name", type(optimizer).__name__),
        message=message,
        hyperparameters=optimizer.hyperparameters(),
    )

