r"""Learning-rate schedules: functions ``t -> α_t`` that any optimiser accepts as ``lr``.

Step t counts updates from 1. Each schedule is a small callable object with a readable repr,
so legends and tables can name it.

Examples
--------
>>> from gdkit import schedules, GD
>>> opt = GD(lr=schedules.step(0.1, every=100, factor=0.5))
>>> opt.lr_at(1), opt.lr_at(101)
(0.1, 0.05)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._validation import check_int, check_nonnegative, check_positive

__all__ = ["Schedule", "constant", "step", "exponential", "inverse_time", "cosine", "warmup"]


class Schedule:
    """A learning rate as a function of the step number t = 1, 2, ..."""

    def __init__(self, rule: Callable[[int], float], description: str, latex: str) -> None:
        self._rule = rule
        self.description = description
        #: the formula, for the book's tables
        self.latex = latex

    def __call__(self, t: int) -> float:
        if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
            raise ValueError(f"schedules count steps from 1, got t={t!r}")
        return float(self._rule(t))

    def __repr__(self) -> str:
        return self.description


def constant(lr: float) -> Schedule:
    r""":math:`\alpha_t = \alpha_0`."""
    lr0 = check_positive("lr", lr)
    return Schedule(lambda t: lr0, f"constant({lr0:g})", r"\alpha_t = \alpha_0")


def step(lr: float, every: int, factor: float = 0.5) -> Schedule:
    r"""Step decay :math:`\alpha_t = \alpha_0\, \gamma^{\lfloor (t-1)/P \rfloor}`: times γ every P steps (``every``)."""
    lr0, k = check_positive("lr", lr), check_int("every", every)
    gamma = check_positive("factor", factor)
    if gamma > 1:
        raise ValueError(f"factor must be in (0, 1] for a decay, got {factor!r}")
    return Schedule(
        lambda t: lr0 * gamma ** ((t - 1) // k),
        f"step({lr0:g}, every={k}, factor={gamma:g})",
        r"\alpha_t = \alpha_0\,\gamma^{\lfloor (t-1)/P \rfloor}",
    )


def exponential(lr: float, gamma: float) -> Schedule:
    r"""Exponential decay :math:`\alpha_t = \alpha_0\, \gamma^{t-1}` with 0 < γ ≤ 1."""
    lr0, g = check_positive("lr", lr), check_positive("gamma", gamma)
    if g > 1:
        raise ValueError(f"gamma must be in (0, 1] for a decay, got {gamma!r}")
    return Schedule(
        lambda t: lr0 * g ** (t - 1),
        f"exponential({lr0:g}, gamma={g:g})",
        r"\alpha_t = \alpha_0\,\gamma^{t-1}",
    )


def inverse_time(lr: float, decay: float) -> Schedule:
    r"""1/t decay :math:`\alpha_t = \alpha_0 / (1 + k (t-1))`, the classic schedule for SGD."""
    lr0, k = check_positive("lr", lr), check_nonnegative("decay", decay)
    return Schedule(
        lambda t: lr0 / (1 + k * (t - 1)),
        f"inverse_time({lr0:g}, decay={k:g})",
        r"\alpha_t = \frac{\alpha_0}{1 + k\,(t-1)}",
    )


def cosine(lr: float, total_steps: int, lr_min: float = 0.0) -> Schedule:
    r"""Cosine annealing from α₀ down to α_min over T steps, then flat at α_min.

    .. math:: \alpha_t = \alpha_{\min} + \tfrac12(\alpha_0 - \alpha_{\min})
              \bigl(1 + \cos(\pi \min(t-1, T)/T)\bigr)
    """
    lr0, T = check_positive("lr", lr), check_int("total_steps", total_steps)
    low = check_nonnegative("lr_min", lr_min)
    if low > lr0:
        raise ValueError(f"lr_min ({low:g}) must not exceed lr ({lr0:g})")
    return Schedule(
        lambda t: low + 0.5 * (lr0 - low) * (1 + math.cos(math.pi * min(t - 1, T) / T)),
        f"cosine({lr0:g}, total_steps={T}, lr_min={low:g})",
        r"\alpha_t = \alpha_{\min} + \tfrac12(\alpha_0-\alpha_{\min})(1+\cos\frac{\pi (t-1)}{T})",
    )


def warmup(schedule: Schedule | float, steps: int) -> Schedule:
    r"""Linear warm-up over the first ``steps`` steps, then ``schedule`` (shifted to start at 1).

    .. math:: \alpha_t = \tfrac{t}{W}\,\alpha_0 \text{ for } t \le W, \quad
              \alpha_t = \text{schedule}(t - W) \text{ after}
    """
    inner = schedule if callable(schedule) and not isinstance(schedule, type) else constant(schedule)
    W = check_int("steps", steps)
    return Schedule(
        lambda t: inner(1) * t / W if t <= W else inner(t - W),
        f"warmup({inner!r}, steps={W})",
        r"\alpha_t = \tfrac{t}{W}\alpha_0 \ (t \le W)",
    )
