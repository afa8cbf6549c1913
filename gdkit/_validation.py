"""Checks shared by every public entry point: bad input gets a clear error."""

from __future__ import annotations

import contextlib
import math
import signal
import threading
from numbers import Real

import numpy as np

__all__ = [
    "check_positive",
    "check_nonnegative",
    "check_unit_interval",
    "check_int",
    "as_vector",
    "check_count",
    "check_finite_array",
    "check_rng",
    "time_budget",
    "BudgetExceeded",
    "MAX_ITER",
    "MAX_ELEMENTS",
    "vector_norm",
    "state_overflow",
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


# -- limits on sizes and work -------------------------------------------------------------------
#: The largest iteration count, data size, ... that the course's entry points accept: far above
#: anything the chapters use, low enough that a typo (``max_iter=10**12``) fails at once.
MAX_ITER = 10**6
MAX_ELEMENTS = 10**8


def check_count(name: str, value: int, minimum: int = 1, maximum: int = MAX_ITER) -> int:
    """:func:`check_int` with an upper bound, so that a typo cannot start hours of work."""
    value = check_int(name, value, minimum)
    if value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {value!r}")
    return value


def check_finite_array(name: str, array: np.ndarray) -> None:
    """Refuse NaN or inf in ``array``, naming the first bad entry and its index."""
    if array.size and not np.isfinite(array).all():
        index = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        where = ", ".join(map(str, index))
        raise ValueError(f"{name} must be finite, but {name}[{where}] is {float(array[index])!r}")


def check_rng(rng: object) -> np.random.Generator:
    """``rng`` if it is a NumPy Generator, a fresh ``default_rng(0)`` if it is None."""
    if rng is None:
        return np.random.default_rng(0)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator or None, got {rng!r}")
    return rng


class BudgetExceeded(BaseException):
    """Raised inside a :func:`time_budget` block when its time is up.

    A BaseException, like KeyboardInterrupt, so that library code catching ``Exception``
    cannot swallow it; :func:`time_budget` turns it into the caller's error.
    """


@contextlib.contextmanager
def time_budget(seconds: float):
    """Interrupt the block with :class:`BudgetExceeded` after ``seconds`` of CPU time.

    Uses the virtual timer (``SIGVTALRM``, user CPU time, so a loaded machine does not make
    it fire early, and tools that own ``SIGALRM`` such as libFuzzer or pytest-timeout are not
    disturbed). It works in the main thread on POSIX (a script, a Jupyter kernel, a test);
    elsewhere, or inside another budget, the block simply runs without a limit (the static
    size checks still apply). The previous handler and timer are restored.
    """
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_VIRTUAL)[0] == 0
    )
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise BudgetExceeded

    previous = signal.signal(signal.SIGVTALRM, on_alarm)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def vector_norm(vector: np.ndarray) -> float:
    """The Euclidean norm ‖v‖, without overflow for finite entries up to 1.8e308.

    ``sqrt(v @ v)`` (exactly as before) whenever ``v @ v`` is finite; otherwise the entries are
    first scaled by the largest one, so a gradient of 1e200 has norm 1e200, not inf.
    """
    squares = float(vector @ vector)
    if math.isfinite(squares):
        return math.sqrt(squares)
    largest = float(np.max(np.abs(vector))) if vector.size else 0.0
    if not math.isfinite(largest) or largest == 0.0:
        return squares if math.isnan(squares) else math.inf
    scaled = vector / largest
    return largest * math.sqrt(float(scaled @ scaled))


def state_overflow(optimizer: object, state: object, theta, new_theta, grad) -> str | None:
    """Why an update with a huge gradient went wrong (a sentence), or None if it did not.

    Called only when ‖g‖² overflows: then an adaptive optimiser's second moment (or its
    bias-corrected value) reaches inf and the step g/√s is 0, a silent freeze. Detected as a
    non-finite array in the state, or a coordinate that did not move although its gradient is
    not 0.
    """
    name = getattr(optimizer, "name", type(optimizer).__name__)
    for field, value in zip(getattr(state, "_fields", ()), state):
        if isinstance(value, np.ndarray) and value.size and not np.isfinite(value).all():
            return (
                f"{name}'s state {field} overflowed (it holds {value[~np.isfinite(value)][0]!r}); "
                "the squared gradient exceeds float64's range (|g| above about 1.3e154)"
            )
    frozen = (np.asarray(new_theta) == np.asarray(theta)) & (np.asarray(grad) != 0)
    if np.any(frozen):
        index = tuple(int(i) for i in np.argwhere(frozen)[0])
        where = index[0] if len(index) == 1 else index
        return (
            f"{name} made no step although the gradient entry g[{where}] = "
            f"{np.asarray(grad)[index]:.3g}: its squared-gradient average overflowed float64 "
            "(|g| above about 1e154); rescale the objective or clip the gradient"
        )
    return None
