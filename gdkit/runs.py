"""Run: the record of a descent, shared by :func:`~gdkit.minimize`, :func:`~gdkit.fit` and the line search.

Every run records the same things under the same names; each kind of run adds its own fields
(:class:`~gdkit.Result` the gradient norms, :class:`~gdkit.TrainResult` the gradient evaluations
and epochs, :class:`~gdkit.line_search.LineSearchResult` the accepted step sizes).

=====================  ====================================================================
name                   meaning
=====================  ====================================================================
``path``               θ_0, θ_1, ... the recorded parameters (never NaN), one row a point
``losses``             L(θ) at each recorded point
``theta``              the final point, ``path[-1]``
``loss``               the final loss, ``losses[-1]``
``n_iter``             the number of updates made
``stopped_by``         what ended the run (``"diverged"`` if it blew up)
``diverged``           ``stopped_by == "diverged"``
``message``            a sentence saying why the run stopped
``optimizer_name``     for legends
``hyperparameters``    the optimiser's (or line search's) settings, a dict name -> value
=====================  ====================================================================
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Run"]


@dataclass(frozen=True, kw_only=True)
class Run:
    """The record of one run: path, losses, final point, iterations, why it stopped.

    Examples
    --------
    >>> import gdkit as gd
    >>> run = gd.minimize(gd.functions.parabola(), [2.0], gd.GD(lr=0.25), max_iter=20)
    >>> run.n_iter, run.diverged, run.first_below(1e-2)
    (20, False, 10)
    """

    path: np.ndarray
    losses: np.ndarray
    stopped_by: str
    optimizer_name: str
    message: str = ""
    hyperparameters: dict = field(default_factory=dict)

    @property
    def theta(self) -> np.ndarray:
        """The final parameters θ, ``path[-1]``."""
        return self.path[-1]

    @property
    def loss(self) -> float:
        """The final loss, ``losses[-1]``."""
        return float(self.losses[-1])

    @property
    def n_iter(self) -> int:
        """The number of updates made."""
        return len(self.path) - 1

    @property
    def diverged(self) -> bool:
        """True if the run blew up (see ``message``)."""
        return self.stopped_by == "diverged"

    def first_below(self, level: float) -> int | None:
        """The index of the first recorded point whose loss is below ``level``; None if none is.

        For :func:`~gdkit.minimize` the index is the iteration t; for :func:`~gdkit.fit`, whose
        ``losses`` may be recorded every few updates, ``steps[index]`` is the update count.
        """
        below = np.flatnonzero(np.asarray(self.losses) < level)
        return int(below[0]) if below.size else None


def deprecated_alias(old: str, new: str, owner: str):
    """A property ``old`` that warns and returns the attribute ``new`` (kept for one release)."""

    def get(self):
        warnings.warn(
            f"{owner}.{old} is deprecated; use {owner}.{new}", DeprecationWarning, stacklevel=2
        )
        return getattr(self, new)

    get.__doc__ = f"Deprecated alias of ``{new}``."
    return property(get)
