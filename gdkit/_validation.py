"""Checks shared by every public entry point: bad input gets a clear error."""

from __future__ import annotations

import math
from numbers import Real

import numpy as np

__all__ = [
    "check_positive",
    "check_nonnegative",
    "check_unit_interval",
    "check_int",
    "as_vector",
]


def _is_real(value: object) -> bool:
    return isinstance(value, (Real, np.floating, np.integer)) and not isinstance(value, bool)


def check_positive(name: str, value: float) -> float:
    """Return ``value`` as a float if it is a finite number > 0, else raise ``ValueError``."""
    if not _is_real(value) or not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_nonnegative(name: str, value: float) -> float:
    """Return ``value`` as a float if it is a finite number >= 0, else raise ``ValueError``."""
    if not _is_real(value) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_unit_interval(name: str, value: float) -> float:
    """Return ``value`` if it lies in [0, 1), the range of every decay rate and momentum."""
    if not _is_real(value) or not math.isfinite(value) or not 0 <= value < 1:
        raise ValueError(f"{name} must lie in [0, 1), got {value!r}")
    return float(value)


def check_int(name: str, value: int, minimum: int = 1) -> int:
    """Return ``value`` if it is an integer >= ``minimum``, else raise ``ValueError``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def as_vector(name: str, value: object, dim: int | None = None) -> np.ndarray:
    """Return ``value`` as a finite 1-D float64 array, checking its length against ``dim``."""
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must be a vector of numbers, got {value!r}") from error
    if array.ndim == 0:
        array = array.reshape(1)
    if array.ndim != 1:
        raise ValueError(f"{name} must be a 1-D vector, got an array of shape {array.shape}")
    if dim is not None and array.shape[0] != dim:
        raise ValueError(f"{name} must have {dim} entries (one per variable), got {array.shape[0]}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite, got {array}")
    return array
