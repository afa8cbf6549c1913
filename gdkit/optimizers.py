r"""Optimisers: each update is a few lines that mirror its equations.

Every optimiser is a small object holding its hyper-parameters, with two pure methods, in the
style of optax:

* ``init(theta) -> state``: the optimiser's memory (velocity, moment estimates, ...) as a
  NamedTuple, which can be copied and replayed;
* ``step(theta, grad, state) -> (theta, state)``: one update, returning new arrays.

Conventions follow :mod:`torch.optim` (defaults, the order of operations, where ε goes), so a
reader can move to PyTorch unchanged; tests compare every trajectory with torch's to 1e-12.
Notation: parameters θ, gradient :math:`g_t = \nabla L(\theta_{t-1})` at step t = 1, 2, ...,
learning rate α (``lr``), which may be a number or a schedule ``t -> α_t``.
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


class StepState(NamedTuple):
    """Plain gradient descent remembers only the step count."""

    t: int


class GD(Optimizer):
    r"""Plain gradient descent: step against the gradient.

    .. math::
        \theta_t = \theta_{t-1} - \alpha\, g_t

    ============  ========  =======================================
    symbol        argument  meaning
    ============  ========  =======================================
    α             ``lr``    learning rate (step size), > 0
    ============  ========  =======================================

    Same as ``torch.optim.SGD(params, lr)``.

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
    r"""Heavy-ball momentum (Polyak): a velocity that accumulates past gradients.

    .. math::
        v_t &= \beta\, v_{t-1} + g_t \qquad (v_1 = g_1) \\
        \theta_t &= \theta_{t-1} - \alpha\, v_t

    ============  ============  ===============================================
    symbol        argument      meaning
    ============  ============  ===============================================
    α             ``lr``        learning rate, > 0
    β             ``momentum``  momentum coefficient in [0, 1); 0 is plain GD
    ============  ============  ===============================================

    The velocity is an exponentially weighted sum of past gradients; on a constant gradient
    the step tends to α/(1 − β) times the gradient. As in ``torch.optim.SGD(momentum=β)``, the
    velocity starts as the first gradient itself.

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

    .. math::
        v_t &= \beta\, v_{t-1} + g_t \qquad (v_1 = g_1) \\
        \theta_t &= \theta_{t-1} - \alpha\,(g_t + \beta\, v_t)

    Arguments as :class:`Momentum`. This is the form of ``torch.optim.SGD(nesterov=True)``: the
    gradient is taken at θ_{t−1}, and the look-ahead appears as the extra β v_t in the step,
    which is Sutskever et al.'s "gradient at θ + βv" rewritten in shifted variables.
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
    r"""AdaGrad (Duchi et al., 2011): one learning rate per parameter, shrinking with its history.

    .. math::
        s_t &= s_{t-1} + g_t^2 \qquad (s_0 = 0) \\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \varepsilon}

    ============  ========  ===============================================
    symbol        argument  meaning
    ============  ========  ===============================================
    α             ``lr``    learning rate, > 0
    ε             ``eps``   keeps the division finite, > 0
    ============  ========  ===============================================

    Squares and roots are element-wise. s_t only grows, so each parameter's effective rate
    α/√s_t only falls: fine for sparse features, too slow late in long training. Same as
    ``torch.optim.Adagrad(lr, eps=1e-10)`` with no lr_decay.
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
    r"""RMSprop (Tieleman & Hinton, 2012): AdaGrad with a moving average instead of a sum.

    .. math::
        s_t &= \rho\, s_{t-1} + (1 - \rho)\, g_t^2 \qquad (s_0 = 0) \\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{g_t}{\sqrt{s_t} + \varepsilon}

    ============  ========  ======================================================
    symbol        argument  meaning
    ============  ========  ======================================================
    α             ``lr``    learning rate, > 0
    ρ             ``rho``   decay of the average of squares in [0, 1) (torch: alpha)
    ε             ``eps``   added after the square root, > 0
    ============  ========  ======================================================

    The average forgets old gradients (a memory of about 1/(1 − ρ) steps), so the per-parameter
    rate can grow again when gradients shrink: suited to non-stationary objectives. No bias
    correction, as in ``torch.optim.RMSprop``.
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
        mean_square = self.rho * state.mean_square + (1 - self.rho) * grad * grad
        theta = theta - self.lr_at(t) * grad / (np.sqrt(mean_square) + self.eps)
        return theta, RMSState(t, mean_square)


class AdamState(NamedTuple):
    t: int
    m: np.ndarray
    s: np.ndarray


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum + RMSprop + bias correction.

    .. math::
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1)\, g_t &&\text{(momentum: mean of gradients)}\\
        s_t &= \beta_2 s_{t-1} + (1 - \beta_2)\, g_t^2 &&\text{(RMSprop: mean of squares)}\\
        \hat m_t &= m_t / (1 - \beta_1^t), \quad \hat s_t = s_t / (1 - \beta_2^t)
            &&\text{(bias correction)}\\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{\hat m_t}{\sqrt{\hat s_t} + \varepsilon}

    ============  ==========  ================================================
    symbol        argument    meaning
    ============  ==========  ================================================
    α             ``lr``      learning rate, > 0
    β₁            ``beta1``   decay of the first moment m, in [0, 1)
    β₂            ``beta2``   decay of the second moment s, in [0, 1)
    ε             ``eps``     added after the square root, > 0
    ============  ==========  ================================================

    m_0 = s_0 = 0, so early averages are biased towards 0 by exactly the factor
    1 − β^t; dividing it out makes them unbiased. Same as ``torch.optim.Adam``.

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
        m = self.beta1 * state.m + (1 - self.beta1) * grad
        s = self.beta2 * state.s + (1 - self.beta2) * grad * grad
        return m, s

    def step(self, theta: np.ndarray, grad: np.ndarray, state: AdamState):
        t = state.t + 1
        m, s = self._moments(grad, state)
        m_hat = m / (1 - self.beta1**t)
        s_hat = s / (1 - self.beta2**t)
        theta = theta - self.lr_at(t) * m_hat / (np.sqrt(s_hat) + self.eps)
        return theta, AdamState(t, m, s)


class AdamW(Adam):
    r"""AdamW (Loshchilov & Hutter, 2019): Adam with decoupled weight decay.

    .. math::
        \theta_{t-\frac12} &= (1 - \alpha\omega)\, \theta_{t-1}
            &&\text{(decay, outside the adaptive scaling)}\\
        \theta_t &= \theta_{t-\frac12} - \alpha\, \frac{\hat m_t}{\sqrt{\hat s_t}+\varepsilon}
            &&\text{(the Adam step)}

    ω is ``weight_decay`` (≥ 0); the other arguments are Adam's. Adding ωθ to the gradient
    instead ("L2 in Adam") would be rescaled by 1/√ŝ and so shrink large-gradient weights
    less; decoupling keeps the decay uniform. Same as ``torch.optim.AdamW``.
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
    r"""AMSGrad (Reddi et al., 2018): Adam whose denominator never shrinks.

    .. math::
        s^{\max}_t &= \max(s^{\max}_{t-1}, s_t) \\
        \theta_t &= \theta_{t-1} - \alpha\,
            \frac{\hat m_t}{\sqrt{s^{\max}_t / (1 - \beta_2^t)} + \varepsilon}

    Arguments as :class:`Adam`. Keeping the largest second moment seen so far restores the
    convergence guarantee that Adam lacks on some problems. Same as
    ``torch.optim.Adam(amsgrad=True)``, which takes the maximum of the raw s_t.
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
    r"""NAdam (Dozat, 2016): Adam with a Nesterov look-ahead on the first moment.

    .. math::
        \beta_{1,t} &= \beta_1 \bigl(1 - \tfrac12\, 0.96^{\,t\psi}\bigr), \qquad
            \Pi_t = \textstyle\prod_{i \le t} \beta_{1,i} \\
        \theta_t &= \theta_{t-1} - \alpha\, \frac{1}{\sqrt{\hat s_t} + \varepsilon}
            \Bigl(\frac{(1-\beta_{1,t})\, g_t}{1 - \Pi_t}
            + \frac{\beta_{1,t+1}\, m_t}{1 - \Pi_t\,\beta_{1,t+1}}\Bigr)

    m_t and ŝ_t as in :class:`Adam`; β₁,ₜ is the momentum of step t (Dozat's μ_t; code: ``mu``);
    ψ is ``momentum_decay`` (default 0.004), which sets how slowly the momentum warms up:
    β₁,ₜ starts at about β₁/2, is 0.62 at step 3,000 (for β₁ = 0.9) and nears β₁ only after
    tens of thousands of steps. Same as ``torch.optim.NAdam``.
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
    r"""Adadelta (Zeiler, 2012): RMSprop whose step carries its own units.

    .. math::
        s_t &= \rho\, s_{t-1} + (1-\rho)\, g_t^2 \\
        \Delta_t &= \frac{\sqrt{s^\Delta_{t-1} + \varepsilon}}{\sqrt{s_t + \varepsilon}}\, g_t \\
        s^\Delta_t &= \rho\, s^\Delta_{t-1} + (1-\rho)\, \Delta_t^2 \\
        \theta_t &= \theta_{t-1} - \alpha\, \Delta_t

    ρ is ``rho`` (default 0.9), ε is ``eps`` (1e-6), α is ``lr`` (1.0: the ratio of root-mean-
    squares sets the scale). Same as ``torch.optim.Adadelta``.
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
        mean_square = rho * state.mean_square + (1 - rho) * grad * grad
        delta = np.sqrt(state.mean_square_delta + self.eps) / np.sqrt(mean_square + self.eps) * grad
        mean_square_delta = rho * state.mean_square_delta + (1 - rho) * delta * delta
        theta = theta - self.lr_at(t) * delta
        return theta, AdadeltaState(t, mean_square, mean_square_delta)


#: Every optimiser class, in the order the book introduces them.
OPTIMIZERS = (GD, Momentum, Nesterov, AdaGrad, RMSprop, Adam, Adadelta, AdamW, AMSGrad, NAdam)
