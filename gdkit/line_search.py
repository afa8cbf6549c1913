r"""Backtracking line search (Armijo) and Newton's method: step sizes chosen by the loss itself.

Every optimiser in :mod:`gdkit._optimizers` sees only gradients and steps with a learning rate
fixed in advance (or by a schedule). A *line search* spends extra evaluations of the loss to pick
the step size at every iteration instead. Backtracking tries a long step first and halves it until
the loss falls by at least a fixed fraction of what the slope promised (Armijo's condition):

.. math::
    L(\theta + \alpha u) \le L(\theta) + c_1\, \alpha\, \nabla L(\theta)^\top u ,

for a descent direction :math:`u` (:math:`\nabla L^\top u < 0`) and a small :math:`0 < c_1 < 1`.
With :math:`d = -\nabla L(\theta)` that is gradient descent with an automatic learning rate; with
the Newton direction :math:`d = -[\nabla^2 L(\theta)]^{-1} \nabla L(\theta)` it is damped Newton.

Both loops need the loss, not only its gradient, so they take an :class:`~gdkit.Objective` and
return a :class:`LineSearchResult` (a :class:`~gdkit.Result` that also records the step sizes
and the number of loss evaluations), which every plot of :mod:`gdkit.plots` accepts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from ._validation import MAX_ITER, as_vector, check_count, check_positive, vector_norm
from .descent import Result
from .objective import Objective


def _check_objective(f: object) -> None:
    if not isinstance(f, Objective):
        raise TypeError(f"f must be a gdkit Objective, got {type(f).__name__}")

__all__ = ["ArmijoStep", "LineSearchResult", "backtracking", "line_search_gd", "newton"]


class ArmijoStep(NamedTuple):
    """The outcome of one backtracking search."""

    #: the step size α accepted (or the last one tried, if none was)
    lr: float
    #: how many times the loss was evaluated (one per trial step)
    n_evals: int
    #: whether α satisfies Armijo's condition
    accepted: bool


@dataclass(frozen=True, kw_only=True, repr=False)  # keeps Result's one-line repr
class LineSearchResult(Result):
    """A :class:`~gdkit.Result` with what the line search did at each step.

    Attributes
    ----------
    lrs : ndarray, shape (n_iter,)
        The step size α_t accepted at each step t = 1, 2, ...
    n_evals : ndarray, shape (n_iter + 1,)
        Cumulative number of loss evaluations, 1 at θ_0 (the line search's cost).
    """

    lrs: np.ndarray = field(default_factory=lambda: np.empty(0))
    n_evals: np.ndarray = field(default_factory=lambda: np.ones(1, dtype=int))


def _check_armijo(shrink: float, c: float) -> None:
    for name, value in (("shrink", shrink), ("c", c)):
        check_positive(name, value)
        if value >= 1:
            raise ValueError(f"{name} must lie in (0, 1), got {value!r}")


def backtracking(
    f: Objective,
    theta,
    direction=None,
    *,
    lr0: float = 1.0,
    shrink: float = 0.5,
    c: float = 1e-4,
    max_trials: int = 60,
) -> ArmijoStep:
    r"""Backtracking line search: the first α in α₀, ζα₀, ζ²α₀, ... meeting Armijo's condition.

    .. math::
        L(\theta + \alpha u) \le L(\theta) + c_1\,\alpha\,\nabla L(\theta)^\top u

    ============  ============  ==========================================================
    symbol        argument      meaning
    ============  ============  ==========================================================
    d             ``direction``  a descent direction; default −∇L(θ) (gradient descent)
    α₀            ``lr0``        the first (longest) step tried, > 0
    ζ             ``shrink``     factor applied to α after each rejected trial, in (0, 1)
    c₁            ``c``          fraction of the promised decrease required, in (0, 1)
    ============  ============  ==========================================================

    Because :math:`L(\theta + \alpha d) = L(\theta) + \alpha \nabla L^\top d + o(\alpha)` and
    :math:`c_1 < 1`, a small enough α always qualifies, so the search ends for any smooth L.

    Parameters
    ----------
    f : Objective
    theta : array_like, shape (dim,)
        The current point θ.
    direction : array_like, optional
        The search direction u, which must point downhill (:math:`\nabla L^\top u < 0`).
    lr0, shrink, c : float
        As in the table above.
    max_trials : int
        Give up after this many trials (the result then has ``accepted=False``).

    Returns
    -------
    ArmijoStep
        ``(lr, n_evals, accepted)``.

    Examples
    --------
    >>> from gdkit import Objective
    >>> f = Objective("5*x**2")                  # curvature 10: steps above 0.2 diverge
    >>> backtracking(f, [1.0])                   # tries 1, 0.5, 0.25, 0.125
    ArmijoStep(lr=0.125, n_evals=4, accepted=True)
    """
    _check_objective(f)
    _check_armijo(shrink, c)
    lr = check_positive("lr0", lr0)
    max_trials = check_count("max_trials", max_trials, maximum=10**12)
    theta = as_vector("theta", theta, f.dim)
    grad = f.grad(theta)
    if not np.all(np.isfinite(grad)) or not np.isfinite(f(theta)):
        raise ValueError(
            f"the loss or its gradient is not finite at theta = {theta}: L = {f(theta)!r}, "
            f"∇L = {grad} (is theta outside the domain of {f.name}?)"
        )
    d = -grad if direction is None else as_vector("direction", direction, f.dim)
    slope = float(grad @ d)
    if not slope < 0:
        raise ValueError(
            f"direction must point downhill (∇L·d < 0), got ∇L·d = {slope:.3g}; "
            "use -f.grad(theta) or a Newton direction at a point where the Hessian is positive "
            "definite"
        )
    loss = f(theta)
    for trial in range(1, max_trials + 1):
        with np.errstate(over="ignore", invalid="ignore"):
            new_loss = f(theta + lr * d)
        if math.isfinite(new_loss) and new_loss <= loss + c * lr * slope:
            return ArmijoStep(lr, trial, True)
        if trial < max_trials:
            lr *= shrink
    return ArmijoStep(lr, max_trials, False)


def _run(f, x0, direction_at, name, max_iter, grad_tol, search) -> LineSearchResult:
    """The loop shared by :func:`line_search_gd` and :func:`newton`."""
    _check_objective(f)
    theta = as_vector("x0", x0, f.dim)
    max_iter = check_count("max_iter", max_iter, minimum=0, maximum=MAX_ITER)
    if grad_tol is not None:
        check_positive("grad_tol", grad_tol)
    loss, grad = f(theta), f.grad(theta)
    if not (np.isfinite(loss) and np.isfinite(vector_norm(grad))):
        raise ValueError(
            f"the loss or its gradient is not finite at x0 = {theta}: L = {loss!r}, "
            f"∇L = {grad} (is x0 outside the domain of {f.name}?)"
        )
    path, losses, norms = [theta], [loss], [float(np.linalg.norm(grad))]
    lrs: list[float] = []
    evals = [1]
    stopped_by, message = "max_iter", f"reached the iteration cap ({max_iter})"
    for t in range(1, max_iter + 1):
        if grad_tol is not None and norms[-1] < grad_tol:
            stopped_by, message = "grad_tol", f"grad_tol fired after {t - 1} steps"
            break
        if not np.all(np.isfinite(grad)):
            stopped_by = "diverged"
            message = f"diverged at step {t}: the gradient is not finite at θ = {theta}"
            break
        d = direction_at(theta, grad)
        if d is None:
            stopped_by, message = "diverged", f"the Hessian is singular at step {t}"
            break
        if search is None:
            step = ArmijoStep(1.0, 1, True)
        else:
            step = backtracking(f, theta, d, **search)
            if not step.accepted:
                stopped_by = "step_tol"
                message = f"no step size gave enough decrease at step {t}"
                break
        with np.errstate(over="ignore", invalid="ignore"):
            new_theta = theta + step.lr * d
            new_loss = f(new_theta) if np.all(np.isfinite(new_theta)) else math.inf
        if not math.isfinite(new_loss):
            stopped_by, message = "diverged", f"diverged at step {t}: the loss is not finite"
            break
        theta, loss, grad = new_theta, new_loss, f.grad(new_theta)
        path.append(theta)
        losses.append(loss)
        norms.append(float(np.linalg.norm(grad)))
        lrs.append(step.lr)
        evals.append(evals[-1] + step.n_evals)
    else:
        if grad_tol is not None and norms[-1] < grad_tol:
            stopped_by, message = "grad_tol", f"grad_tol fired after {max_iter} steps"
    return LineSearchResult(
        path=np.array(path),
        losses=np.array(losses),
        grad_norms=np.array(norms),
        stopped_by=stopped_by,
        optimizer_name=name,
        message=message,
        hyperparameters=dict(search or {}),
        lrs=np.array(lrs),
        n_evals=np.array(evals),
    )


def line_search_gd(
    f: Objective,
    x0,
    *,
    lr0: float = 1.0,
    shrink: float = 0.5,
    c: float = 1e-4,
    max_iter: int = 1000,
    grad_tol: float | None = 1e-6,
) -> LineSearchResult:
    r"""Gradient descent whose step size is chosen at every step by :func:`backtracking`.

    .. math::
        \theta_t = \theta_{t-1} - \alpha_t\, g_t, \qquad
        \alpha_t = \text{the first of } \alpha_0, \zeta\alpha_0, \zeta^2\alpha_0, \dots
        \text{ with } L(\theta_{t-1} - \alpha g_t) \le L(\theta_{t-1}) - c_1\,\alpha\,\lVert g_t\rVert^2

    Each step starts again from ``lr0``. The loss never increases; the price is one or more loss
    evaluations per step (``result.n_evals``).

    Parameters
    ----------
    f : Objective
    x0 : array_like
        The start θ_0.
    lr0, shrink, c : float
        See :func:`backtracking`.
    max_iter : int
    grad_tol : float or None
        Stop when ‖∇L(θ_t)‖ < grad_tol.

    Returns
    -------
    LineSearchResult

    Examples
    --------
    >>> from gdkit import functions
    >>> res = line_search_gd(functions.quadratic_bowl(condition_number=10), [-2.5, 1.5])
    >>> res.stopped_by, res.n_iter, int(res.n_evals[-1])   # about 3 trials per step
    ('grad_tol', 60, 202)
    """
    search = {"lr0": lr0, "shrink": shrink, "c": c}
    _check_armijo(shrink, c)
    check_positive("lr0", lr0)
    return _run(f, x0, lambda theta, grad: -grad, "GD + backtracking", max_iter, grad_tol, search)


def newton(
    f: Objective,
    x0,
    *,
    line_search: bool = True,
    shrink: float = 0.5,
    c: float = 1e-4,
    max_iter: int = 100,
    grad_tol: float | None = 1e-10,
) -> LineSearchResult:
    r"""Newton's method: step to the minimum of the local quadratic model.

    .. math::
        d_t = -\bigl[\nabla^2 L(\theta_{t-1})\bigr]^{-1} g_t, \qquad
        \theta_t = \theta_{t-1} + \alpha_t\, d_t

    The pure method (``line_search=False``) always takes α_t = 1: it lands on the minimiser of a
    quadratic in one step, converges quadratically near a minimum with a positive definite
    Hessian, but jumps just as readily to a saddle point or a maximum (it seeks ∇L = 0) and can
    diverge far from a minimum. With ``line_search=True`` (damped Newton) α_t is chosen by
    :func:`backtracking` from α₀ = 1, and the Newton direction is used only where the Hessian is
    positive definite (a Cholesky factorisation exists); elsewhere (near a saddle or a maximum) the
    step falls back to d_t = −g_t, so the loss decreases at every step.

    Parameters
    ----------
    f : Objective
    x0 : array_like
    line_search : bool
        Damped Newton (True) or pure Newton (False).
    shrink, c : float
        See :func:`backtracking`.
    max_iter : int
    grad_tol : float or None

    Returns
    -------
    LineSearchResult
        With ``stopped_by="diverged"`` if the loss stops being finite or the Hessian is singular.

    Examples
    --------
    >>> from gdkit import Objective
    >>> res = newton(Objective("(x - 1)**2 + 10*(y + 2)**2 + x*y"), [5.0, 5.0])
    >>> res.n_iter, res.stopped_by      # a quadratic: one step lands on the minimum
    (1, 'grad_tol')
    """
    _check_armijo(shrink, c)

    def direction_at(theta, grad):
        hess = f.hess(theta)
        if line_search:
            try:
                lower = np.linalg.cholesky(hess)  # exists iff the Hessian is positive definite
            except np.linalg.LinAlgError:
                return -grad
            return -np.linalg.solve(lower.T, np.linalg.solve(lower, grad))
        try:
            return -np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:
            return None

    search = {"lr0": 1.0, "shrink": shrink, "c": c} if line_search else None
    name = "Newton + backtracking" if line_search else "Newton"
    return _run(f, x0, direction_at, name, max_iter, grad_tol, search)
