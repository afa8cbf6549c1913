r"""Optimisers: each update is a few lines that mirror its equations.

Every optimiser is a small object holding its hyper-parameters, with two pure methods. The
shape is that of :mod:`jax.example_libraries.optimizers` (an ``init`` and a ``step`` that
return new arrays, never updating in place), not optax's (whose update returns a delta that a
separate ``apply_updates`` adds):

* ``init(theta) -> state``: the optimiser's memory (velocity, moment estimates, ...) as a
  NamedTuple, which can be copied and replayed;
* ``step(theta, grad, state) -> (theta, state)``: one update, returning new arrays.

Conventions follow :mod:`torch.optim` (defaults, the order of operations, where ε goes), so a
reader can move to PyTorch unchanged; tests compare every trajectory with torch's to 1e-12.
Notation: parameters θ, gradient :math:`g_t = \nabla L(\theta_{t-1})` at step t = 1, 2, ...,
learning rate α (``lr``), which may be a number or a schedule ``t -> α_t``.

Every optimiser's docstring has the same sections: a one-line summary, the intuition, a symbol
table (the constructor's arguments, with the symbols of the notation page), the equations, the
conventions (the matching torch.optim call, the initial state, where ε goes), the reference and
a runnable example. :func:`ema` is the moving average that Adam, RMSprop and Adadelta share.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from numbers import Real
from typing import NamedTuple

import numpy as np

from ._validation import check_nonnegative, check_positive, check_unit_interval

__all__ = [
    "Optimizer",
    "GD",
    "Momentum",
    "Nesterov",
    "AdaGrad",
    "RMSprop",
    "Adam",
    "AdamW",
    "AMSGrad",
    "NAdam",
    "Adadelta",
    "ema",
]

LearningRate = float | Callable[[int], float]


class Optimizer:
    """Base class: hyper-parameter checks, the learning rate at step t, and a readable repr.

    Number types: every optimiser computes in float64 and returns float64 arrays. ``theta`` and
    ``grad`` may be any array-like of real numbers (lists, ints, float32, ...): they are
    converted to float64 first (float64 arrays are used as they are, so the arithmetic on them
    is exactly torch.optim's). They must have the same shape, and ``state`` must come from
    ``init`` (or an earlier ``step``) for a ``theta`` of that shape, else ``step`` raises a
    ValueError. A learning-rate schedule is checked at every step: α_t must be a finite number
    >= 0, or ``step`` raises a ValueError naming t and the value.
    """

    name: str = "optimizer"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "step" in cls.__dict__:  # every step() gets the float64 and shape checks
            cls.step = _checked_step(cls.__dict__["step"])

    def __init__(self, lr: LearningRate) -> None:
        if callable(lr) and not isinstance(lr, type):
            self.lr = lr
        else:
            self.lr = check_positive("lr (the learning rate α)", lr)

    @property
    def equations(self) -> list[str]:
        """The update rule as LaTeX lines, from the symbolic rule the tests check (``_rules.py``)."""
        from .rules import rule_latex

        return rule_latex(self.name)

    def lr_at(self, t: int) -> float:
        """The learning rate α_t used by step ``t`` (t = 1 for the first step)."""
        if not callable(self.lr):
            return self.lr
        lr = self.lr(t)
        if isinstance(lr, np.ndarray) and lr.ndim == 0:
            lr = lr[()]
        if isinstance(lr, bool) or not isinstance(lr, Real) or not math.isfinite(lr) or lr < 0:
            raise ValueError(
                f"the learning rate schedule {self.lr!r} gave α_t = {lr!r} at step t = {t}; "
                "it must be a finite number >= 0"
            )
        return lr

    def init(self, theta: np.ndarray) -> NamedTuple:  # pragma: no cover - abstract
        raise NotImplementedError

    def step(self, theta: np.ndarray, grad: np.ndarray, state):  # pragma: no cover - abstract
        raise NotImplementedError

    def hyperparameters(self) -> dict:
        """The hyper-parameters as a dict (what the repr and the legends show)."""
        return {k: v for k, v in vars(self).items() if not k.startswith("_")}

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparameters().items())
        return f"{type(self).__name__}({args})"


def _as_float64(name: str, value: object, optimizer: str) -> np.ndarray:
    """``value`` as a float64 array (the same object if it already is one)."""
    if isinstance(value, np.ndarray) and value.dtype == np.float64:
        return value
    try:
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise TypeError
        return array.astype(np.float64, copy=False)
    except (TypeError, ValueError):
        raise ValueError(
            f"{optimizer}.step: {name} must be an array of real numbers, got {value!r}"
        ) from None


def _checked_step(step):
    """Wrap an optimiser's ``step``: float64 inputs of one shape, and a matching state."""

    @functools.wraps(step)
    def checked(self, theta, grad, state):
        theta = _as_float64("theta", theta, type(self).__name__)
        grad = _as_float64("grad", grad, type(self).__name__)
        if theta.shape != grad.shape:
            raise ValueError(
                f"{type(self).__name__}.step: theta has shape {theta.shape} but grad has shape "
                f"{grad.shape}; they must match"
            )
        if not (isinstance(state, tuple) and hasattr(state, "_fields") and hasattr(state, "t")):
            raise ValueError(
                f"{type(self).__name__}.step: state must be what init(theta) returned, "
                f"got {state!r}"
            )
        for field, value in zip(state._fields, state):
            if isinstance(value, np.ndarray) and value.shape != theta.shape:
                raise ValueError(
                    f"{type(self).__name__}.step: state.{field} has shape {value.shape} but "
                    f"theta has shape {theta.shape}; call init(theta) for this theta"
                )
        return step(self, theta, grad, state)

    return checked


def ema(previous, new, decay: float, *, times=None):
    r"""One step of an exponential moving average: ``decay * previous + (1 - decay) * new``.

    .. math::
        \text{ema}(a_{t-1}, x_t, \beta) = \beta\, a_{t-1} + (1 - \beta)\, x_t

    Started from a_0 = 0, a_t = (1 − β) Σ_k β^{t−k} x_k: a weighted mean of the recent x with
    a memory of about 1/(1 − β) steps. Adam's m_t and s_t, RMSprop's s_t and both of
    Adadelta's averages are this. The expression is evaluated in exactly this order (as
    torch.optim does), so the optimisers stay bit-identical to their torch counterparts.

    For an average of squares, pass ``ema(s, g, decay, times=g)``: the new value is g·g,
    multiplied as torch's ``addcmul`` does, ``((1 - decay) * g) * g``. Writing
    ``ema(s, g * g, decay)`` is the same number in exact arithmetic but may differ from torch
    in the last bit.

    Examples
    --------
    >>> ema(0.0, 1.0, 0.9)
    0.09999999999999998
    >>> ema(10.0, 0.0, 0.5)
    5.0
    """
    if times is None:
        return decay * previous + (1 - decay) * new
    return decay * previous + (1 - decay) * new * times


class StepState(NamedTuple):
    """Plain gradient descent remembers only the step count."""

    t: int


class GD(Optimizer):
    r"""Plain gradient descent: step against the gradient.

    The gradient points uphill, so a small step against it lowers the loss. The step is
    proportional to the gradient: long where the slope is steep, short near a minimum.

    Symbols
    -------
    ==========  ========  ===================================================
    symbol      argument  meaning
    ==========  ========  ===================================================
    α           ``lr``    learning rate (step size) or schedule t -> α_t, > 0
    ==========  ========  ===================================================

    Equations
    ---------
    .. math::
        \theta_t = \theta_{t-1} - \alpha\, g_t

    Conventions
    -----------
    Same as ``torch.optim.SGD(params, lr)``. The state is only the step count t (0 after
    ``init``). No ε.

    Reference
    ---------
    Cauchy (1847), *Méthode générale pour la résolution des systèmes d'équations simultanées*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = GD(lr=0.1)
    >>> theta, state = opt.step(np.array([1.0]), np.array([2.0]), opt.init(np.array([1.0])))
    >>> theta
    array([0.8])
    """

    name = "GD"

    def __init__(self, lr: LearningRate = 0.1) -> None:
        super().__init__(lr)

    def init(self, theta: np.ndarray) -> StepState:
        return StepState(t=0)

    def step(self, theta: np.ndarray, grad: np.ndarray, state: StepState):
        t = state.t + 1
        return theta - self.lr_at(t) * grad, StepState(t)


class VelocityState(NamedTuple):
    t: int
    velocity: np.ndarray


class Momentum(Optimizer):
    r"""Heavy-ball momentum: a velocity that accumulates past gradients.

    A ball rolling downhill keeps some of its speed: the velocity adds up the gradients of
    past steps, each weighted by a power of β. Along a consistent slope the steps grow (on a
    constant gradient the step tends to α/(1 − β) times the gradient); across a zig-zag the
    gradients cancel.

    Symbols
    -------
    ==========  ============  ===================================================
    symbol      argument      meaning
    ==========  ============  ===================================================
    α           ``lr``        learning rate (step size) or schedule t -> α_t, > 0
    β           ``momentum``  momentum coefficient in [0, 1); 0 is plain GD
    ==========  ============  ===================================================

    Equations
    ---------
    .. math::
        v_t &= \beta\, v_{t-1} + g_t \qquad (v_0 = 0,\ \text{so } v_1 = g_1) \\
        \theta_t &= \theta_{t-1} - \alpha\, v_t

    Conventions
    -----------
    Same as ``torch.optim.SGD(params, lr, momentum=β)``: the velocity is a sum, not an
    average (no 1 − β factor), and the first step sets it to the first gradient itself
    (v_1 = g_1, which is v_0 = 0 followed by the recursion). The learning rate multiplies v_t
    at the step, not inside the velocity (Sutskever et al.'s u_t = −α v_t). No ε.

    Reference
    ---------
    Polyak (1964), *Some methods of speeding up the convergence of iteration methods*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Momentum(lr=0.1, momentum=0.9)
    >>> theta, state = np.array([1.0]), opt.init(np.array([1.0]))
    >>> for _ in range(2):
    ...     theta, state = opt.step(theta, np.array([1.0]), state)
    >>> state.velocity   # 1, then 0.9 * 1 + 1
    array([1.9])
    """

    name = "Momentum"

    def __init__(self, lr: LearningRate = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = check_unit_interval("momentum (β)", momentum)

    def init(self, theta: np.ndarray) -> VelocityState:
        return VelocityState(t=0, velocity=np.zeros_like(theta, dtype=float))

    def step(self, theta: np.ndarray, grad: np.ndarray, state: VelocityState):
        t = state.t + 1
        velocity = grad.copy() if t == 1 else self.momentum * state.velocity + grad
        return theta - self.lr_at(t) * velocity, VelocityState(t, velocity)


class Nesterov(Momentum):
    r"""Nesterov momentum: the step looks ahead along the velocity.

    Heavy ball steps with the velocity it has; Nesterov's method corrects the step with the
    gradient where the velocity is taking it. Written in PyTorch's shifted variables, the
    look-ahead is the extra β v_t added to the gradient in the step.

    Symbols
    -------
    ==========  ============  ===================================================
    symbol      argument      meaning
    ==========  ============  ===================================================
    α           ``lr``        learning rate (step size) or schedule t -> α_t, > 0
    β           ``momentum``  momentum coefficient in [0, 1)
    ==========  ============  ===================================================

    Equations
    ---------
    .. math::
        v_t &= \beta\, v_{t-1} + g_t \qquad (v_0 = 0,\ \text{so } v_1 = g_1) \\
        \theta_t &= \theta_{t-1} - \alpha\,(g_t + \beta\, v_t)

    Conventions
    -----------
    Same as ``torch.optim.SGD(params, lr, momentum=β, nesterov=True)``: the gradient is
    taken at θ_{t−1} (not at a look-ahead point), and v_1 = g_1 as in :class:`Momentum`.
    No ε.

    Reference
    ---------
    Nesterov (1983), *A method for solving the convex programming problem with convergence rate
    O(1/k²)*; in this form, Sutskever et al. (2013), *On the importance of initialization and
    momentum in deep learning*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Nesterov(lr=0.1, momentum=0.9)
    >>> theta, state = opt.step(np.array([1.0]), np.array([1.0]), opt.init(np.array([1.0])))
    >>> theta   # 1 - 0.1 * (1 + 0.9 * 1)
    array([0.81])
    """

    name = "Nesterov"

    def step(self, theta: np.ndarray, grad: np.ndarray, state: VelocityState):
        t = state.t + 1
        velocity = grad.copy() if t == 1 else self.momentum * state.velocity + grad
        return theta - self.lr_at(t) * (grad + self.momentum * velocity), VelocityState(t, velocity)


class SquaresState(NamedTuple):
    t: int
    sum_squares: np.ndarray


class AdaGrad(Optimizer):
    r"""AdaGrad: one learning rate per parameter, shrinking with its history.

    Each coordinate's step is divided by the root of the sum of its past squared gradients,
    so coordinates with large gradients take small steps and rarely-updated ones keep large
    steps. s_t only grows, so every effective rate α/√s_t only falls: good for sparse
    features, too slow late in long training.

    Symbols
    -------
    ==========  ========  ===========================================================
    symbol      argument  meaning
    ==========  ========  ===========================================================
    α           ``lr``    learning rate (step size) or schedule t -> α_t, > 0
    ε           ``eps``   added after the square root, keeps the division finite, > 0
    ==========  ========  ===========================================================

    Equations
    ---------
    .. math::
        s_t &= s_{t-1} + g_t^2 \qquad (s_0 = 0) \\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \varepsilon}

    Conventions
    -----------
    Same as ``torch.optim.Adagrad(params, lr, eps=1e-10)`` with ``lr_decay=0`` and
    ``initial_accumulator_value=0`` (s_0 = 0). ε is added to √s_t, outside the root.
    Squares and roots are element-wise.

    Reference
    ---------
    Duchi, Hazan & Singer (2011), *Adaptive subgradient methods for online learning and
    stochastic optimization*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = AdaGrad(lr=0.1)
    >>> theta, state = opt.step(np.array([1.0]), np.array([4.0]), opt.init(np.array([1.0])))
    >>> state.sum_squares, theta.round(12)   # the first step has length α
    (array([16.]), array([0.9]))
    """

    name = "AdaGrad"

    def __init__(self, lr: LearningRate = 1e-2, eps: float = 1e-10) -> None:
        super().__init__(lr)
        self.eps = check_positive("eps (ε)", eps)

    def init(self, theta: np.ndarray) -> SquaresState:
        return SquaresState(t=0, sum_squares=np.zeros_like(theta, dtype=float))

    def step(self, theta: np.ndarray, grad: np.ndarray, state: SquaresState):
        t = state.t + 1
        sum_squares = state.sum_squares + grad * grad
        theta = theta - self.lr_at(t) * grad / (np.sqrt(sum_squares) + self.eps)
        return theta, SquaresState(t, sum_squares)


class RMSState(NamedTuple):
    t: int
    mean_square: np.ndarray


class RMSprop(Optimizer):
    r"""RMSprop: AdaGrad with a moving average instead of a sum.

    The average of squared gradients forgets old gradients (a memory of about 1/(1 − ρ)
    steps), so a parameter's rate can grow again when its gradients shrink: suited to
    non-stationary objectives.

    Symbols
    -------
    ==========  ========  =========================================================
    symbol      argument  meaning
    ==========  ========  =========================================================
    α           ``lr``    learning rate (step size) or schedule t -> α_t, > 0
    ρ           ``rho``   decay of the average of squares, in [0, 1) (torch: alpha)
    ε           ``eps``   added after the square root, > 0
    ==========  ========  =========================================================

    Equations
    ---------
    .. math::
        s_t &= \rho\, s_{t-1} + (1 - \rho)\, g_t^2 \qquad (s_0 = 0) \\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \varepsilon}

    Conventions
    -----------
    Same as ``torch.optim.RMSprop(params, lr, alpha=ρ, eps)`` with no momentum and
    ``centered=False``: s_0 = 0 and no bias correction, so the first steps are larger than
    α (by up to 1/√(1 − ρ)). ε is added to √s_t, outside the root.

    Reference
    ---------
    Tieleman & Hinton (2012), *Lecture 6.5, rmsprop: divide the gradient by a running average of
    its recent magnitude* (Coursera, Neural Networks for Machine Learning).

    Examples
    --------
    >>> import numpy as np
    >>> opt = RMSprop(lr=0.1, rho=0.9)
    >>> theta, state = opt.step(np.array([1.0]), np.array([2.0]), opt.init(np.array([1.0])))
    >>> state.mean_square.round(12)   # 0.1 * 2²
    array([0.4])
    """

    name = "RMSprop"

    def __init__(self, lr: LearningRate = 1e-2, rho: float = 0.99, eps: float = 1e-8) -> None:
        super().__init__(lr)
        self.rho = check_unit_interval("rho (ρ)", rho)
        self.eps = check_positive("eps (ε)", eps)

    def init(self, theta: np.ndarray) -> RMSState:
        return RMSState(t=0, mean_square=np.zeros_like(theta, dtype=float))

    def step(self, theta: np.ndarray, grad: np.ndarray, state: RMSState):
        t = state.t + 1
        mean_square = ema(state.mean_square, grad, self.rho, times=grad)
        theta = theta - self.lr_at(t) * grad / (np.sqrt(mean_square) + self.eps)
        return theta, RMSState(t, mean_square)


class AdamState(NamedTuple):
    t: int
    m: np.ndarray
    s: np.ndarray


class Adam(Optimizer):
    r"""Adam: momentum + RMSprop + bias correction.

    Adam steps along a moving average of gradients (momentum) divided, per coordinate, by the
    root of a moving average of squared gradients (RMSprop). Both averages start at zero, so
    early on they are too small by exactly the factor 1 − β^t; dividing it out corrects them.

    Precisely, on the same gradients g_1, g_2, ...: m_t = (1 − β₁) v_t, where v_t is the
    velocity of :class:`Momentum` with β = β₁ (v_0 = 0, so v_1 = g_1; both are
    Σ_k β₁^{t−k} g_k up to the factor), and s_t equals the mean square of :class:`RMSprop`
    with ρ = β₂ (same recursion, s_0 = 0). In floating point s_t is equal bit for bit (the same
    operations), m_t only to rounding (a sum scaled once against an average scaled each step);
    tests/test_optimizer_docs.py checks both on random gradients.

    Symbols
    -------
    ==========  =========  ===================================================
    symbol      argument   meaning
    ==========  =========  ===================================================
    α           ``lr``     learning rate (step size) or schedule t -> α_t, > 0
    β₁          ``beta1``  decay of the first moment m, in [0, 1)
    β₂          ``beta2``  decay of the second moment s, in [0, 1)
    ε           ``eps``    added after the square root, > 0
    ==========  =========  ===================================================

    Equations
    ---------
    .. math::
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t &&\text{(momentum: mean of gradients)}\\
        s_t &= \beta_2 s_{t-1} + (1 - \beta_2)\, g_t^2 &&\text{(RMSprop: mean of squares)}\\
        \hat m_t &= m_t / (1 - \beta_1^t), \quad \hat s_t = s_t / (1 - \beta_2^t)
            &&\text{(bias correction)}\\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat s_t} + \varepsilon}

    Conventions
    -----------
    Same as ``torch.optim.Adam(params, lr, betas=(β₁, β₂), eps)``: m_0 = s_0 = 0, and ε is
    added to √ŝ_t, after the bias correction and outside the root.

    Reference
    ---------
    Kingma & Ba (2015), *Adam: a method for stochastic optimization*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adam(lr=0.1)
    >>> theta, state = opt.step(np.array([1.0]), np.array([4.0]), opt.init(np.array([1.0])))
    >>> theta   # the first Adam step has length α whatever the gradient's size
    array([0.9])
    """

    name = "Adam"

    def __init__(
        self,
        lr: LearningRate = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
    ) -> None:
        super().__init__(lr)
        self.beta1 = check_unit_interval("beta1 (β₁)", beta1)
        self.beta2 = check_unit_interval("beta2 (β₂)", beta2)
        self.eps = check_positive("eps (ε)", eps)

    def init(self, theta: np.ndarray) -> AdamState:
        zeros = np.zeros_like(theta, dtype=float)
        return AdamState(t=0, m=zeros, s=zeros)

    def _moments(self, grad: np.ndarray, state: AdamState):
        """The first two lines of the update, shared by the Adam family."""
        m = ema(state.m, grad, self.beta1)
        s = ema(state.s, grad, self.beta2, times=grad)
        return m, s

    def step(self, theta: np.ndarray, grad: np.ndarray, state: AdamState):
        t = state.t + 1
        m, s = self._moments(grad, state)
        m_hat = m / (1 - self.beta1**t)
        s_hat = s / (1 - self.beta2**t)
        theta = theta - self.lr_at(t) * m_hat / (np.sqrt(s_hat) + self.eps)
        return theta, AdamState(t, m, s)


class AdamW(Adam):
    r"""AdamW: Adam with decoupled weight decay.

    Weight decay shrinks every parameter by the same factor 1 − αω before the Adam step.
    Adding ωθ to the gradient instead ("L2 in Adam") would be rescaled by 1/√ŝ_t, and so
    shrink large-gradient weights less; decoupling keeps the decay uniform.

    Symbols
    -------
    ==========  ================  ===================================================
    symbol      argument          meaning
    ==========  ================  ===================================================
    α           ``lr``            learning rate (step size) or schedule t -> α_t, > 0
    β₁          ``beta1``         decay of the first moment m, in [0, 1)
    β₂          ``beta2``         decay of the second moment s, in [0, 1)
    ε           ``eps``           added after the square root, > 0
    ω           ``weight_decay``  decoupled weight-decay strength, >= 0
    ==========  ================  ===================================================

    Equations
    ---------
    .. math::
        \theta_{t-\frac12} &= (1 - \alpha\omega)\, \theta_{t-1}
            &&\text{(decay, outside the adaptive scaling)}\\
        \theta_t &= \theta_{t-\frac12} - \alpha\, \frac{\hat m_t}{\sqrt{\hat s_t}+\varepsilon}
            &&\text{(the Adam step)}

    Conventions
    -----------
    Same as ``torch.optim.AdamW(params, lr, betas=(β₁, β₂), eps, weight_decay=ω)``
    (default ω = 0.01): the decay uses α_t of the current step, m_0 = s_0 = 0, and ε goes
    as in :class:`Adam`.

    Reference
    ---------
    Loshchilov & Hutter (2019), *Decoupled weight decay regularization*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = AdamW(lr=0.1, weight_decay=0.5)
    >>> theta, state = opt.step(np.array([1.0]), np.array([0.0]), opt.init(np.array([1.0])))
    >>> theta   # a zero gradient: only the decay, 1 - 0.1 * 0.5
    array([0.95])
    """

    name = "AdamW"

    def __init__(
        self,
        lr: LearningRate = 1e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
    ) -> None:
        super().__init__(lr, beta1, beta2, eps)
        self.weight_decay = check_nonnegative("weight_decay (ω)", weight_decay)

    def step(self, theta: np.ndarray, grad: np.ndarray, state: AdamState):
        decayed = theta * (1 - self.lr_at(state.t + 1) * self.weight_decay)
        return super().step(decayed, grad, state)


class AMSGradState(NamedTuple):
    t: int
    m: np.ndarray
    s: np.ndarray
    s_max: np.ndarray


class AMSGrad(Adam):
    r"""AMSGrad: Adam whose denominator never shrinks.

    Adam's step can grow again when s_t falls, which breaks its convergence proof on some
    problems. AMSGrad divides by the largest second moment seen so far instead, which
    restores the guarantee.

    Symbols
    -------
    ==========  =========  ===================================================
    symbol      argument   meaning
    ==========  =========  ===================================================
    α           ``lr``     learning rate (step size) or schedule t -> α_t, > 0
    β₁          ``beta1``  decay of the first moment m, in [0, 1)
    β₂          ``beta2``  decay of the second moment s, in [0, 1)
    ε           ``eps``    added after the square root, > 0
    ==========  =========  ===================================================

    Equations
    ---------
    .. math::
        s^{\max}_t &= \max(s^{\max}_{t-1}, s_t) \qquad (s^{\max}_0 = 0) \\
        \theta_t &= \theta_{t-1} - \alpha\,
            \frac{\hat m_t}{\sqrt{s^{\max}_t / (1 - \beta_2^t)} + \varepsilon}

    Conventions
    -----------
    Same as ``torch.optim.Adam(params, lr, betas, eps, amsgrad=True)``, which keeps the
    maximum of the raw s_t (not of ŝ_t) and bias-corrects it afterwards; m_0 = s_0 = 0, and ε
    is added outside the root.

    Reference
    ---------
    Reddi, Kale & Kumar (2018), *On the convergence of Adam and beyond*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = AMSGrad(lr=0.1)
    >>> theta, state = np.array([1.0]), opt.init(np.array([1.0]))
    >>> for g in (4.0, 0.0):
    ...     theta, state = opt.step(theta, np.array([g]), state)
    >>> bool(state.s_max[0] > state.s[0])   # the maximum kept the first, larger s
    True
    """

    name = "AMSGrad"

    def init(self, theta: np.ndarray) -> AMSGradState:
        zeros = np.zeros_like(theta, dtype=float)
        return AMSGradState(t=0, m=zeros, s=zeros, s_max=zeros)

    def step(self, theta: np.ndarray, grad: np.ndarray, state: AMSGradState):
        t = state.t + 1
        m, s = self._moments(grad, state)
        s_max = np.maximum(state.s_max, s)
        m_hat = m / (1 - self.beta1**t)
        theta = theta - self.lr_at(t) * m_hat / (np.sqrt(s_max / (1 - self.beta2**t)) + self.eps)
        return theta, AMSGradState(t, m, s, s_max)


class NAdamState(NamedTuple):
    t: int
    m: np.ndarray
    s: np.ndarray
    mu_product: float


class NAdam(Adam):
    r"""NAdam: Adam with a Nesterov look-ahead on the first moment.

    NAdam replaces Adam's momentum by Nesterov's: the step uses the first moment as it will
    be after this step. The momentum β₁,ₜ of step t warms up slowly from about β₁/2 (0.62 at
    step 3,000 for β₁ = 0.9), nearing β₁ only after tens of thousands of steps.

    Symbols
    -------
    ==========  ==================  ===================================================
    symbol      argument            meaning
    ==========  ==================  ===================================================
    α           ``lr``              learning rate (step size) or schedule t -> α_t, > 0
    β₁          ``beta1``           decay of the first moment m, in [0, 1)
    β₂          ``beta2``           decay of the second moment s, in [0, 1)
    ε           ``eps``             added after the square root, > 0
    ψ           ``momentum_decay``  warm-up rate of the momentum β₁,ₜ, >= 0
    ==========  ==================  ===================================================

    Equations
    ---------
    .. math::
        \beta_{1,t} &= \beta_1 \bigl(1 - \tfrac12\, 0.96^{\,t\psi}\bigr), \qquad
            \Pi_t = \textstyle\prod_{i \le t} \beta_{1,i} \\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{1}{\sqrt{\hat s_t} + \varepsilon}
            \Bigl(\frac{(1-\beta_{1,t})\, g_t}{1 - \Pi_t}
            + \frac{\beta_{1,t+1}\, m_t}{1 - \Pi_t\,\beta_{1,t+1}}\Bigr)

    Conventions
    -----------
    Same as ``torch.optim.NAdam(params, lr, betas, eps, momentum_decay=ψ)`` (default
    ψ = 0.004): m_t and ŝ_t as in :class:`Adam` (m_0 = s_0 = 0, Π_0 = 1), ε added outside the
    root. Dozat writes μ_t for β₁,ₜ (the code's ``mu``).

    Reference
    ---------
    Dozat (2016), *Incorporating Nesterov momentum into Adam*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = NAdam()
    >>> [round(opt._mu(t), 2) for t in (1, 3000)]   # β₁,ₜ: slow warm-up
    [0.45, 0.62]
    """

    name = "NAdam"

    def __init__(
        self,
        lr: LearningRate = 2e-3,
        beta1: float = 0.9,
        beta2: float = 0.999,
        eps: float = 1e-8,
        momentum_decay: float = 4e-3,
    ) -> None:
        super().__init__(lr, beta1, beta2, eps)
        self.momentum_decay = check_nonnegative("momentum_decay (ψ)", momentum_decay)

    def init(self, theta: np.ndarray) -> NAdamState:
        zeros = np.zeros_like(theta, dtype=float)
        return NAdamState(t=0, m=zeros, s=zeros, mu_product=1.0)

    def _mu(self, t: int) -> float:
        return self.beta1 * (1 - 0.5 * 0.96 ** (t * self.momentum_decay))

    def step(self, theta: np.ndarray, grad: np.ndarray, state: NAdamState):
        t = state.t + 1
        m, s = self._moments(grad, state)
        mu, mu_next = self._mu(t), self._mu(t + 1)
        mu_product = state.mu_product * mu
        denom = np.sqrt(s / (1 - self.beta2**t)) + self.eps
        lr = self.lr_at(t)
        theta = theta - lr * (1 - mu) / (1 - mu_product) * grad / denom
        theta = theta - lr * mu_next / (1 - mu_product * mu_next) * m / denom
        return theta, NAdamState(t, m, s, mu_product)


class AdadeltaState(NamedTuple):
    t: int
    mean_square: np.ndarray
    mean_square_delta: np.ndarray


class Adadelta(Optimizer):
    r"""Adadelta: RMSprop whose step carries its own units.

    RMSprop's step has the units of α, not of θ. Adadelta multiplies the rescaled gradient by
    the root of a moving average of its own past squared updates, so the ratio of two
    root-mean-squares sets the scale and α = 1 needs no tuning.

    Symbols
    -------
    ==========  ========  ===================================================
    symbol      argument  meaning
    ==========  ========  ===================================================
    α           ``lr``    learning rate (step size) or schedule t -> α_t, > 0
    ρ           ``rho``   decay of both averages, in [0, 1)
    ε           ``eps``   added inside both square roots, > 0
    ==========  ========  ===================================================

    Equations
    ---------
    .. math::
        s_t &= \rho\, s_{t-1} + (1-\rho)\, g_t^2 \qquad (s_0 = 0) \\
        \Delta_t &= \frac{\sqrt{s^\Delta_{t-1} + \varepsilon}}{\sqrt{s_t + \varepsilon}}\, g_t \\
        s^\Delta_t &= \rho\, s^\Delta_{t-1} + (1-\rho)\, \Delta_t^2 \qquad (s^\Delta_0 = 0) \\
        \theta_t &= \theta_{t-1} - \alpha\, \Delta_t

    Conventions
    -----------
    Same as ``torch.optim.Adadelta(params, lr=1.0, rho=0.9, eps=1e-6)``: both averages start
    at 0, and ε is added inside both square roots (unlike the Adam family).

    Reference
    ---------
    Zeiler (2012), *ADADELTA: an adaptive learning rate method*.

    Examples
    --------
    >>> import numpy as np
    >>> opt = Adadelta()
    >>> theta, state = opt.step(np.array([1.0]), np.array([1.0]), opt.init(np.array([1.0])))
    >>> bool(abs(1 - theta[0]) < 0.01)   # the first steps are tiny: s^Δ starts at 0
    True
    """

    name = "Adadelta"

    def __init__(self, lr: LearningRate = 1.0, rho: float = 0.9, eps: float = 1e-6) -> None:
        super().__init__(lr)
        self.rho = check_unit_interval("rho (ρ)", rho)
        self.eps = check_positive("eps (ε)", eps)

    def init(self, theta: np.ndarray) -> AdadeltaState:
        zeros = np.zeros_like(theta, dtype=float)
        return AdadeltaState(t=0, mean_square=zeros, mean_square_delta=zeros)

    def step(self, theta: np.ndarray, grad: np.ndarray, state: AdadeltaState):
        t = state.t + 1
        rho = self.rho
        mean_square = ema(state.mean_square, grad, rho, times=grad)
        delta = np.sqrt(state.mean_square_delta + self.eps) / np.sqrt(mean_square + self.eps) * grad
        mean_square_delta = ema(state.mean_square_delta, delta, rho, times=delta)
        theta = theta - self.lr_at(t) * delta
        return theta, AdadeltaState(t, mean_square, mean_square_delta)


#: Every optimiser class, in the order the book introduces them.
OPTIMIZERS = (GD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adadelta, AdamW, AMSGrad, NAdam)
