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

import copy
import functools
import math
from dataclasses import dataclass
from numbers import Real

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

__all__ = ["Result", "BatchResult", "minimize", "minimize_batch", "CRITERIA"]

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


def _stopping_rules(max_iter, grad_tol, step_tol, loss_tol, max_loss) -> tuple[int, dict]:
    """Check the stopping arguments shared by :func:`minimize` and :func:`minimize_batch`.

    Returns the checked ``max_iter`` and the tolerances by name (None: criterion off).
    ``max_loss`` may be inf (never call it divergence) but must be a number > 0.
    """
    max_iter = check_count("max_iter", max_iter, minimum=0, maximum=MAX_ITER)
    tolerances = {"grad_tol": grad_tol, "step_tol": step_tol, "loss_tol": loss_tol}
    for name, tol in tolerances.items():
        if tol is not None:
            check_positive(name, tol)
    if max_loss is not None:
        try:
            positive = bool(max_loss > 0) and not isinstance(max_loss, bool)
        except TypeError:
            positive = False
        if not positive:
            raise ValueError(f"max_loss must be a number > 0 (or inf), got {max_loss!r}")
    return max_iter, tolerances


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
    max_iter, tolerances = _stopping_rules(max_iter, grad_tol, step_tol, loss_tol, max_loss)
    noise = check_nonnegative("noise", noise)
    if noise:
        rng = check_rng(rng)

    with np.errstate(all="ignore"):  # overflow is caught below and reported as divergence
        return _descend(f, theta, optimizer, max_iter, tolerances, max_loss, noise, rng)


# Why a run diverged at step t: the same sentences for a single run and for a batch's rows.
def _overflow_message(t: int, overflow: str) -> str:
    return f"diverged at step {t}: {overflow}; the path ends before it"


def _nan_loss_message(t: int, theta: np.ndarray, loss: float, f: Objective) -> str:
    return (
        f"diverged at step {t}: the loss is not a real number at θ = {theta} "
        f"(L = {float(loss)!r}: θ left the domain of {f.name}, or the arithmetic "
        "overflowed); the path ends at the last point before it"
    )


def _bound_message(t: int, loss: float, bound: float) -> str:
    return (f"diverged at step {t}: the loss reached {loss:.3g} (bound {bound:.3g}); "
            "the path ends at the last finite point")


def _gradient_message(t: int, grad: np.ndarray) -> str:
    size = vector_norm(grad)
    why = "overflowed" if not math.isfinite(size) else f"reached {size:.3g}, so ‖∇L‖² overflowed"
    return f"diverged at step {t}: the gradient {why}; the path ends before it"


def _unchecked_step(optimizer, theta: np.ndarray, grad: np.ndarray):
    """``optimizer.step`` without its per-call argument checks, where the loop makes them moot.

    Every :class:`~gdkit.optimizers.Optimizer` checks on each call that θ and g are float64
    arrays of one shape and that the state came from ``init``. Inside :func:`minimize` that
    holds by construction once the first gradient passed (an :class:`Objective` returns float64
    gradients of the point's shape, the state is the optimiser's own), so the loop calls the
    update itself: the same arithmetic, about a fifth less time per step on small problems.
    """
    step = optimizer.step
    raw = getattr(type(optimizer).step, "__wrapped__", None)
    if (
        isinstance(optimizer, Optimizer)
        and raw is not None
        and grad.dtype == np.float64
        and grad.shape == theta.shape
        and theta.dtype == np.float64
    ):
        return functools.partial(raw, optimizer)
    return step


def _descend(f, theta, optimizer, max_iter, tolerances, max_loss, noise, rng) -> Result:
    """The loop itself (arguments already checked by :func:`minimize`)."""
    # A criterion that is off gets tolerance -inf: nothing is ever below it.
    grad_tol, step_tol, loss_tol = (
        -math.inf if tolerances[name] is None else tolerances[name]
        for name in ("grad_tol", "step_tol", "loss_tol")
    )
    loss, grad = f(theta), f.grad(theta)
    grad_sq = sum_of_squares(grad.tolist())
    grad_norm = math.sqrt(grad_sq) if math.isfinite(grad_sq) else vector_norm(grad)
    if not (math.isfinite(loss) and math.isfinite(grad_norm)):
        raise ValueError(
            f"the loss or its gradient is not finite at x0 = {theta}: "
            f"L = {loss!r}, ∇L = {grad} (is x0 outside the domain of {f.name}?)"
        )
    bound = max_loss if max_loss is not None else 1e8 * (1 + abs(loss))
    path, losses, grad_norms = [theta], [loss], [grad_norm]
    state = optimizer.init(theta)
    step_of = _unchecked_step(optimizer, theta, grad)
    uses_step = step_tol > -math.inf

    stopped_by, message = "max_iter", f"reached the iteration cap ({max_iter})"
    if grad_norm < grad_tol:
        stopped_by, message = "grad_tol", "the gradient is already below grad_tol at x0"
        max_iter = 0
    for t in range(1, max_iter + 1):
        step_grad = grad + noise * rng.standard_normal(grad.shape) if noise else grad
        new_theta, state = step_of(theta, step_grad, state)
        if not grad_sq < 1e300 and (
            overflow := state_overflow(optimizer, state, theta, new_theta, step_grad)
        ):
            stopped_by, message = "diverged", _overflow_message(t, overflow)
            break
        coords = new_theta.tolist()  # Python floats: the fast way into f's lambdified code
        new_loss = f._value_at(coords)
        finite = all(map(math.isfinite, coords))
        if math.isnan(new_loss) and finite:
            stopped_by, message = "diverged", _nan_loss_message(t, new_theta, new_loss, f)
            break
        if not new_loss <= bound or not finite:  # `not loss <= bound` is also true for NaN
            stopped_by, message = "diverged", _bound_message(t, new_loss, bound)
            break
        grad = f._grad_at(coords)
        grad_sq = sum_of_squares(grad.tolist())
        grad_norm = math.sqrt(grad_sq)
        if not math.isfinite(grad_norm):
            stopped_by, message = "diverged", _gradient_message(t, grad)
            break
        loss_change = abs(new_loss - loss)
        step_length = _step_length(new_theta, theta) if uses_step else math.inf
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



class BatchResult(tuple):
    """The K runs of :func:`minimize_batch`: a tuple of :class:`Result`, one per run, in order."""

    @property
    def thetas(self) -> np.ndarray:
        """The final points, shape (K, dim)."""
        return np.array([run.theta for run in self])

    @property
    def losses(self) -> np.ndarray:
        """The final losses, shape (K,)."""
        return np.array([run.loss for run in self])

    def __repr__(self) -> str:
        return f"BatchResult({len(self)} runs: " + ", ".join(r.stopped_by for r in self) + ")"


def _batch_optimizer(optimizers: list[Optimizer]) -> Optimizer:
    """A shallow copy of the first optimiser whose differing hyper-parameters are (K, 1) arrays."""
    first = optimizers[0]
    kind = type(first)
    for opt in optimizers:
        if type(opt) is not kind:
            raise TypeError(
                f"a batch needs optimisers of one class, got {kind.__name__} and {type(opt).__name__}"
            )
    batch = copy.copy(first)
    for name, value in first.hyperparameters().items():
        values = [vars(opt)[name] for opt in optimizers]
        if all(v is value or v == value for v in values if not callable(v)) and all(
            (v is value) if callable(v) else not callable(value) for v in values
        ):
            continue  # the same for every run: kept as it is
        if any(callable(v) or isinstance(v, bool) or not isinstance(v, Real) for v in values):
            raise ValueError(
                f"the runs of a batch may differ only in numeric settings; {name} differs: {values!r}"
            )
        setattr(batch, name, np.array(values, dtype=float).reshape(-1, 1))
    return batch


def minimize_batch(
    f: Objective,
    x0,
    optimizer: Optimizer | list[Optimizer] | None = None,
    *,
    max_iter: int = 1000,
    grad_tol: float | None = 1e-6,
    step_tol: float | None = None,
    loss_tol: float | None = None,
    max_loss: float | None = None,
    noise=0.0,
    rng=None,
    exact: bool = True,
    **overrides,
) -> BatchResult:
    r"""K runs of :func:`minimize` at once, as one array program of shape (K, dim).

    Each run ``k`` starts at ``x0[k]`` (or all at one ``x0`` of shape (dim,)) with optimiser
    ``optimizer[k]`` (a list of K optimisers of one class, or a single one), whose settings may be
    overridden per run: ``lr=[...]``, ``momentum=[...]``, ... (K values each). The runs step
    together: the optimiser's update is element-wise, so a (K, 1) array of learning rates times a
    (K, dim) array of gradients computes, row by row, exactly the floats of K separate runs.
    Stopping criteria and divergence are checked per run, in :func:`minimize`'s order and with
    its thresholds; a run that stops drops out while the others go on.

    ``noise`` adds Gaussian noise of standard deviation σ to each gradient the optimiser sees,
    as in :func:`minimize`: one σ for every run or K values. Each run draws its noise from its
    own generator, so that it equals its single run: ``rng`` is a list of K distinct
    ``numpy.random.Generator`` (default: ``default_rng(0)`` for each run, as ``minimize``'s
    default, so every run then gets the same noise). A batch draws up to 256 steps of each
    generator's numbers at a time (for a run with σ = 0 too), so a generator is left further
    along its stream than after the single run.

    Each run is its single run bit for bit when f uses only operations that IEEE arithmetic
    rounds once (+, −, ×, ÷, integer powers, which gdkit evaluates as products, √ and |·|:
    :attr:`Objective.ieee_exact`): float64 arrays then give exactly a single run's floats.
    With exp, sin, ... the batch evaluates f on contiguous float64 columns, which go through
    the NumPy loop that a single run's one-element call takes: equal in the tests here, and at
    worst different in the last bit (a chaotic run may then drift further). ``exact`` (default)
    first tries f's code on arrays of Python floats, as a single run evaluates it (slower;
    it works only for functions NumPy can apply to Python floats, such as |·|);
    ``exact=False`` goes straight to float64 arrays.

    Returns
    -------
    BatchResult
        A tuple of K :class:`Result`, each what ``minimize`` returns for that run (same path,
        losses, gradient norms, ``stopped_by`` and message, up to rounding in the last bit).

    Examples
    --------
    >>> import gdkit as gd
    >>> f = gd.functions.parabola()
    >>> runs = minimize_batch(f, [2.0], gd.GD(), lr=[0.5, 2.5, 0.1], max_iter=100)
    >>> [(r.stopped_by, r.n_iter) for r in runs]
    [('grad_tol', 21), ('diverged', 23), ('max_iter', 100)]

    Noisy runs, one seed each, equal to the single runs with those seeds:

    >>> import numpy as np
    >>> seeds = [1, 2, 3]
    >>> noisy = minimize_batch(f, [2.0], gd.GD(lr=0.1), noise=0.5, max_iter=50, grad_tol=None,
    ...                        rng=[np.random.default_rng(s) for s in seeds])
    >>> alone = gd.minimize(f, [2.0], gd.GD(lr=0.1), noise=0.5, max_iter=50, grad_tol=None,
    ...                     rng=np.random.default_rng(2))
    >>> bool(np.array_equal(noisy[1].path, alone.path))
    True
    """
    if not isinstance(f, Objective):
        raise TypeError(f"f must be a gdkit Objective, got {type(f).__name__}")
    optimizer = GD(lr=0.1) if optimizer is None else optimizer
    optimizers = list(optimizer) if isinstance(optimizer, (list, tuple)) else [optimizer]
    for opt in optimizers:
        if not isinstance(opt, Optimizer):
            raise TypeError(f"optimizer must be a gdkit optimiser, got {type(opt).__name__}")
    starts = np.array(x0, dtype=float)
    sizes = {len(optimizers)} - {1}
    if starts.ndim == 2:
        sizes.add(len(starts))
    for name, values in overrides.items():
        if name.startswith("_") or name not in vars(optimizers[0]):
            raise TypeError(f"{type(optimizers[0]).__name__} has no hyper-parameter {name!r}")
        sizes.add(len(values))
    noise_values = np.atleast_1d(np.array(noise, dtype=object))
    if noise_values.ndim != 1 or not len(noise_values):
        raise ValueError(f"noise must be one number >= 0 or one per run, got {noise!r}")
    if len(noise_values) > 1:
        sizes.add(len(noise_values))
    rng_list = isinstance(rng, (list, tuple))
    if rng_list:
        sizes.add(len(rng))
    if len(sizes) > 1:
        raise ValueError(f"the batch sizes disagree: {sorted(sizes)} runs")
    K = sizes.pop() if sizes else 1
    sigmas = [check_nonnegative("noise", s) for s in noise_values]
    rngs = None
    if any(sigmas):
        if rng is None:
            rngs = [np.random.default_rng(0) for _ in range(K)]
        elif not rng_list and K > 1:
            raise ValueError(
                f"a batch of {K} noisy runs needs one generator per run, so that each run draws "
                "the noise its single run would: rng=[np.random.default_rng(s) for s in seeds], "
                f"got {rng!r}"
            )
        else:
            rngs = [check_rng(r) for r in (rng if rng_list else [rng])]
            if len({id(r) for r in rngs}) < len(rngs):
                raise ValueError("rng: each run needs its own generator; one appears twice")
        noise = sigmas[0] if len(sigmas) == 1 else np.array(sigmas).reshape(-1, 1)
    if starts.ndim != 2:
        starts = np.tile(as_vector("x0", starts, f.dim), (K, 1))
    starts = np.array([as_vector("x0", row, f.dim) for row in starts])
    if len(optimizers) == 1:
        optimizers = optimizers * K
    if overrides:  # one checked optimiser per run, built by the class itself
        optimizers = [
            type(opt)(**{**opt.hyperparameters(), **{n: v[k] for n, v in overrides.items()}})
            for k, opt in enumerate(optimizers)
        ]
    max_iter, tolerances = _stopping_rules(max_iter, grad_tol, step_tol, loss_tol, max_loss)
    with np.errstate(all="ignore"):
        return _descend_batch(
            f, starts, optimizers, max_iter, tolerances, max_loss, exact, noise, rngs
        )


def sum_of_squares(values: list) -> float:
    """Σ v², added left to right in plain floating point (no BLAS: the same bits on every
    machine; :func:`_row_squares` adds a batch's columns in the same order)."""
    total = 0.0
    for v in values:
        total += v * v
    return total


def _step_length(new_theta: np.ndarray, theta: np.ndarray) -> float:
    """‖θ_t − θ_{t−1}‖, as :func:`_row_norms` computes it for a batch."""
    step = new_theta - theta
    size_sq = sum_of_squares(step.tolist())
    return math.sqrt(size_sq) if math.isfinite(size_sq) else vector_norm(step)


def _row_squares(rows: np.ndarray) -> np.ndarray:
    """Σ v² for each row, with the single run's arithmetic (:func:`sum_of_squares`)."""
    squares = rows * rows
    total = squares[:, 0]
    for j in range(1, rows.shape[1]):
        total = total + squares[:, j]
    return total


def _row_norms(rows: np.ndarray) -> np.ndarray:
    """‖row‖ for each row, as :func:`vector_norm` computes it."""
    norms = np.sqrt(_row_squares(rows))
    for i in np.flatnonzero(~np.isfinite(norms)):
        norms[i] = vector_norm(rows[i])
    return norms


def _evaluate(f: Objective, theta: np.ndarray, exact: bool) -> tuple[np.ndarray, np.ndarray]:
    """L and ∇L at the K rows of ``theta``: shapes (K,) and (K, dim).

    A single run evaluates f's lambdified code on Python floats (its fast path). If f is
    :attr:`~Objective.ieee_exact`, float64 arrays give the same bits and are used. Otherwise,
    fed an array of Python floats (dtype object), the same code does the same float operations
    row by row, so the batch sees exactly the single runs' numbers (``exact``). Where Python's arithmetic
    raises (overflow, a complex power), each row takes the single run's own path. A function
    NumPy cannot apply to Python floats (exp, sin, ...) is evaluated on float64 arrays
    (``exact`` False), equal to within an ulp.
    """
    K = len(theta)
    if not exact or f.ieee_exact:  # arrays; exact when f uses only IEEE-exact operations
        # contiguous columns: faster, and for exp, sin, ... NumPy's loop is then the one that
        # a single run's one-element call goes through
        columns = np.ascontiguousarray(theta.T)
        grad = np.empty(theta.shape)
        loss = f._f(*columns)
        for j, g in enumerate(f._grad(*columns)):
            grad[:, j] = g  # a constant component broadcasts
        if not (isinstance(loss, np.ndarray) and loss.shape == (K,)):
            loss = np.broadcast_to(np.asarray(loss, dtype=float), (K,)).copy()
        return loss, grad
    try:
        columns = theta.T.astype(object)
        loss = np.broadcast_to(np.asarray(f._f(*columns), dtype=float), (K,))
        grad = np.stack(
            [np.broadcast_to(np.asarray(g, dtype=float), (K,)) for g in f._grad(*columns)], axis=1
        )
        return loss, grad
    except (ArithmeticError, TypeError, ValueError):
        rows = list(theta)
        return np.array([f(row) for row in rows]), np.array([f.grad(row) for row in rows])


def _exact_batches(f: Objective, theta: np.ndarray) -> bool:
    """Whether f's code runs on Python floats (no NumPy-only function such as exp)."""
    if f.ieee_exact:
        return True
    try:
        columns = theta.T.astype(object)
        f._f(*columns), f._grad(*columns)
        return True
    except (ArithmeticError, TypeError, ValueError, AttributeError):
        return False


def _descend_batch(
    f, starts, optimizers, max_iter, tolerances, max_loss, exact, noise, rngs
) -> BatchResult:
    """The loop of :func:`_descend` on K rows at once; a row leaves when its run stops.

    Each step does the single run's checks on whole arrays (one entry per run) first, and looks
    at single rows only where one of them fails (a run diverged or met a criterion). The record is kept in
    segments of constant membership: while no run stops, a step only appends its arrays.
    """
    grad_tol, step_tol, loss_tol = (
        -math.inf if tolerances[name] is None else tolerances[name]
        for name in ("grad_tol", "step_tol", "loss_tol")
    )
    K, dim = starts.shape
    theta = starts
    exact = exact and _exact_batches(f, theta)
    loss, grad = _evaluate(f, theta, exact)
    grad_sq = _row_squares(grad)
    grad_norm = _row_norms(grad)
    for k in range(K):
        if not (math.isfinite(loss[k]) and math.isfinite(grad_norm[k])):
            raise ValueError(
                f"the loss or its gradient is not finite at x0 = {theta[k]} (run {k}): "
                f"L = {loss[k]!r}, ∇L = {grad[k]} (is x0 outside the domain of {f.name}?)"
            )
    bound = np.full(K, float(max_loss)) if max_loss is not None else 1e8 * (1 + np.abs(loss))
    n_iter = np.full(K, max_iter)
    stopped = ["max_iter"] * K
    messages = [f"reached the iteration cap ({max_iter})"] * K

    def stop(i, t, name, message):  # row i of the running ones ends its run
        nonlocal any_done, done
        if not any_done:
            done = np.zeros(len(active), dtype=bool)
        k = active[i]
        done[i] = any_done = True
        stopped[k], messages[k] = name, message
        n_iter[k] = t - 1 if name == "diverged" else t

    # The record, in segments: while the running rows stay the same, each step appends its
    # (rows, dim) and (rows,) arrays; a stopped run's entries after its n_iter are unused.
    segments: list[tuple[np.ndarray, list, list, list]] = []
    active = np.arange(K)
    record = (active, [theta], [loss], [grad_norm])
    flat = grad_norm < grad_tol
    for k in np.flatnonzero(flat):
        stopped[k], messages[k] = "grad_tol", "the gradient is already below grad_tol at x0"
        n_iter[k] = 0
    uses_step = step_tol > -math.inf
    batch = _batch_optimizer(optimizers)
    state = batch.init(theta)
    step_of = _unchecked_step(batch, theta, grad)
    params = {n: v for n, v in vars(batch).items() if isinstance(v, np.ndarray)}
    chunk = min(max_iter, 256)  # noise is drawn for `chunk` steps at a time, run by run
    draws, used = None, chunk

    def keep(mask):  # drop the rows whose runs stopped, from every per-run array
        nonlocal active, theta, loss, grad, grad_sq, bound, state, record, rngs, draws, noise
        segments.append(record)
        active, theta, loss, grad = active[mask], theta[mask], loss[mask], grad[mask]
        grad_sq, bound = grad_sq[mask], bound[mask]
        record = (active, [], [], [])
        state = state._replace(**{
            n: v[mask] for n, v in zip(state._fields, state) if isinstance(v, np.ndarray)
        })
        for n, v in params.items():
            params[n] = v[mask]
            setattr(batch, n, params[n])
        if rngs is not None:
            rngs = [r for r, m in zip(rngs, mask) if m]
            draws = draws[mask] if draws is not None else None
            if isinstance(noise, np.ndarray):
                noise = noise[mask]

    if max_iter == 0:
        active = active[:0]
    elif flat.any():
        keep(~flat)
    # state fields that are a per-run scalar (NAdam's μ product: (K, 1)) are kept (K, dim)
    widen = None
    huge = not (grad_sq < 1e300).all()
    lowest_bound = bound.min() if len(bound) else math.inf
    no_row_done = np.zeros(len(active), dtype=bool)  # until a run stops in a step
    for t in range(1, max_iter + 1):
        if not active.size:
            break
        if rngs is not None:
            if used == chunk:  # the next `chunk` draws of each run's own generator, in its order
                draws, used = np.stack([r.standard_normal((chunk, dim)) for r in rngs]), 0
            step_grad = grad + noise * draws[:, used]
            used += 1
        else:
            step_grad = grad
        new_theta, state = step_of(theta, step_grad, state)
        if widen is None:
            widen = [n for n, v in zip(state._fields, state)
                     if isinstance(v, np.ndarray) and v.shape != new_theta.shape]
        if widen:
            state = state._replace(**{
                n: np.broadcast_to(getattr(state, n), new_theta.shape) for n in widen
            })
        done, any_done = no_row_done, False
        if huge:  # some ‖g‖² overflowed: did an adaptive state overflow or freeze?
            for i in np.flatnonzero(~(grad_sq < 1e300)):
                row_opt = copy.copy(batch)
                for n, v in params.items():
                    setattr(row_opt, n, v[i, 0])
                row_state = state._replace(**{
                    n: v[i] for n, v in zip(state._fields, state) if isinstance(v, np.ndarray)
                })
                overflow = state_overflow(row_opt, row_state, theta[i], new_theta[i], step_grad[i])
                if overflow:
                    stop(i, t, "diverged", _overflow_message(t, overflow))
        new_loss, new_grad = _evaluate(f, new_theta, exact)
        # `not loss <= bound` is also true for NaN (and NaN is the largest loss); a finite sum
        # means every θ is finite (an inf or a NaN in it makes the sum inf or NaN)
        if not (new_loss.max() <= lowest_bound and math.isfinite(new_theta.sum())):
            finite = np.isfinite(new_theta).all(axis=1)
            for i in np.flatnonzero(~done & (~(new_loss <= bound) | ~finite)):
                if math.isnan(new_loss[i]) and finite[i]:
                    stop(i, t, "diverged", _nan_loss_message(t, new_theta[i], new_loss[i], f))
                else:
                    stop(i, t, "diverged", _bound_message(t, new_loss[i], bound[i]))
        new_grad_sq = _row_squares(new_grad)
        new_norm = np.sqrt(new_grad_sq)
        huge = not new_grad_sq.max() < 1e300  # NaN is the largest; then look for non-finite
        if huge and not np.isfinite(new_grad_sq).all():
            for i in np.flatnonzero(~done & ~np.isfinite(new_norm)):
                stop(i, t, "diverged", _gradient_message(t, new_grad[i]))
        record[1].append(new_theta)
        record[2].append(new_loss)
        record[3].append(new_norm)
        # the criteria that are on, in their order; the first that holds names the stop
        tests = []
        if grad_tol > -math.inf:
            tests.append(("grad_tol", new_norm < grad_tol))
        if uses_step:
            tests.append(("step_tol", _row_norms(new_theta - theta) < step_tol))
        if loss_tol > -math.inf:
            tests.append(("loss_tol", np.abs(new_loss - loss) < loss_tol))
        for name, hit in tests:
            if hit.any():
                for i in np.flatnonzero(hit & ~done):
                    stop(i, t, name, f"{name} fired after {t} steps")
        theta, loss, grad, grad_sq = new_theta, new_loss, new_grad, new_grad_sq
        if any_done:
            keep(~done)
            no_row_done = np.zeros(len(active), dtype=bool)
    segments.append(record)

    # each run's path: its column of every segment it was in, cut after its last step
    pieces: list[list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = [[] for _ in range(K)]
    for rows, thetas, losses, norms in segments:
        if not thetas:
            continue
        thetas = np.ascontiguousarray(np.array(thetas).transpose(1, 0, 2))  # run, step, dim
        losses, norms = np.array(losses).T.copy(), np.array(norms).T.copy()
        for p, k in enumerate(rows):
            pieces[k].append((thetas[p], losses[p], norms[p]))

    def joined(k, j):
        parts = [piece[j] for piece in pieces[k]]
        return (parts[0] if len(parts) == 1 else np.concatenate(parts))[: n_iter[k] + 1]

    return BatchResult(
        Result(
            path=joined(k, 0),
            losses=joined(k, 1),
            grad_norms=joined(k, 2),
            stopped_by=stopped[k],
            optimizer_name=getattr(opt, "name", type(opt).__name__),
            message=messages[k],
            hyperparameters=opt.hyperparameters(),
        )
        for k, opt in enumerate(optimizers)
    )
