r"""Momentum on a quadratic: the iteration matrix, its spectral radius, and the phase diagram.

On a quadratic loss every eigen-direction of the Hessian, with curvature λ, is a 1-D problem
:math:`L(\theta) = \lambda\theta^2/2` with :math:`g_t = \lambda\theta_{t-1}`. Heavy ball and
Nesterov in gdkit's (PyTorch's) form are then linear maps of the state
:math:`(v_{t-1}, \theta_{t-1}) \mapsto (v_t, \theta_t)`:

.. math::
    \text{heavy ball:}\quad v_t = \beta v_{t-1} + g_t,\quad \theta_t = \theta_{t-1} - \alpha v_t
    \qquad M = \begin{pmatrix}\beta & \lambda\\ -\alpha\beta & 1-\alpha\lambda\end{pmatrix}

    \text{Nesterov:}\quad v_t = \beta v_{t-1} + g_t,\quad
    \theta_t = \theta_{t-1} - \alpha (g_t + \beta v_t)
    \qquad M = \begin{pmatrix}\beta & \lambda\\ -\alpha\beta^2 & 1-\alpha\lambda(1+\beta)\end{pmatrix}

with characteristic polynomials :math:`z^2 - (1+\beta-\alpha\lambda) z + \beta` and
:math:`z^2 - (1+\beta)(1-\alpha\lambda) z + \beta(1-\alpha\lambda)`. The error shrinks per step
by the spectral radius :math:`r(M)`, the largest :math:`|z|`. Everything here depends on α and
λ only through the product αλ, so a diagram drawn against αΛ holds for every Λ.

For curvatures filling :math:`[\mu, \Lambda]` the rate is the largest :math:`r(M)` over them. For
both methods :math:`r(M)` is quasi-convex in λ (it falls, then rises), so that largest value is
reached at :math:`\lambda = \mu` or :math:`\lambda = \Lambda`; :func:`rate` uses this (the tests
check it against dense sampling).

Regions of a point (α, β), :func:`region`: ``MONOTONE`` (every direction has real, non-negative
roots: no sign changes once the faster root has died out), ``OSCILLATING`` (some direction has
complex roots, or a negative real root) and ``DIVERGENT`` (rate ≥ 1).

NumPy only; every function broadcasts over arrays of α, β and curvatures.

Examples
--------
>>> round(float(rate("heavy ball", 4 / 36, 4 / 9, mu=1, Lambda=25)), 6)   # Polyak's pair, κ = 25
0.666667
>>> [REGIONS[k] for k in region("Nesterov", [0.01, 0.5, 2.0], 0.5, mu=1)]
['monotone', 'oscillating', 'divergent']
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "METHODS",
    "MONOTONE",
    "OSCILLATING",
    "DIVERGENT",
    "REGIONS",
    "iteration_matrix",
    "characteristic",
    "spectral_radius",
    "rate",
    "region",
    "critical_damping",
    "complex_window",
    "stability_limit",
    "polyak_optimum",
    "nesterov_quadratic_optimum",
    "stationary_variance",
]

#: The two momentum methods, in gdkit's (PyTorch's) form: gd.Momentum and gd.Nesterov.
METHODS = ("heavy ball", "Nesterov")
MONOTONE, OSCILLATING, DIVERGENT = 0, 1, 2
#: Region names by code.
REGIONS = ("monotone", "oscillating", "divergent")


def _method(method: str) -> bool:
    """True for Nesterov, False for heavy ball; accepts gdkit's class names too."""
    names = {"heavy ball": False, "momentum": False, "nesterov": True}
    key = str(method).lower()
    if key not in names:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return names[key]


def iteration_matrix(method: str, alpha, beta, curvature) -> np.ndarray:
    """The 2 × 2 matrices M (shape ``(..., 2, 2)``) acting on the state (v_{t−1}, θ_{t−1})."""
    nesterov = _method(method)
    a, b, lam = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (alpha, beta, curvature)))
    M = np.empty(a.shape + (2, 2))
    M[..., 0, 0], M[..., 0, 1] = b, lam
    if nesterov:
        M[..., 1, 0], M[..., 1, 1] = -a * b**2, 1 - a * lam * (1 + b)
    else:
        M[..., 1, 0], M[..., 1, 1] = -a * b, 1 - a * lam
    return M


def characteristic(method: str, alpha, beta, curvature) -> tuple[np.ndarray, np.ndarray]:
    """(T, D): the characteristic polynomial is z² − T z + D (T = trace M, D = det M)."""
    x = np.asarray(alpha, dtype=float) * np.asarray(curvature, dtype=float)
    b = np.asarray(beta, dtype=float)
    if _method(method):
        return (1 + b) * (1 - x), b * (1 - x)
    return 1 + b - x, b + 0 * x


def _radius(T, D) -> np.ndarray:
    """Largest |z| over the roots of z² − T z + D (real T, D)."""
    disc = T**2 - 4 * D
    real = (np.abs(T) + np.sqrt(np.maximum(disc, 0))) / 2
    return np.where(disc < 0, np.sqrt(np.abs(D)), real)


def spectral_radius(method: str, alpha, beta, curvature) -> np.ndarray:
    """r(M) for one curvature λ: the factor by which the slowest part of the error shrinks."""
    return _radius(*characteristic(method, alpha, beta, curvature))


def rate(method: str, alpha, beta, mu, Lambda=None) -> np.ndarray:
    """The worst r(M) over curvatures in [μ, Λ] (one curvature μ if Λ is None).

    Attained at an end of the interval, since r(M) is quasi-convex in λ for both methods.
    """
    if Lambda is None:
        return spectral_radius(method, alpha, beta, mu)
    return np.maximum(spectral_radius(method, alpha, beta, mu),
                      spectral_radius(method, alpha, beta, Lambda))


def _monotone_at(T, D) -> np.ndarray:
    """Both roots of z² − T z + D real and non-negative."""
    return (T**2 - 4 * D >= -1e-12) & (T >= 0) & (D >= 0)


def critical_damping(method: str, beta) -> np.ndarray:
    """αλ at which the two roots meet in a positive double root (critical damping).

    Heavy ball: (1 − √β)², double root z = √β; Nesterov: ((1 − β)/(1 + β))², double root
    z = 2β/(1 + β). Below it both roots are real and positive (monotone), just above it they are
    complex (oscillating).
    """
    b = np.asarray(beta, dtype=float)
    return ((1 - b) / (1 + b)) ** 2 if _method(method) else (1 - np.sqrt(b)) ** 2


def complex_window(method: str, beta) -> tuple[np.ndarray, np.ndarray]:
    """The range of αλ where the roots are complex, |z|² = D: (low, high).

    Heavy ball: ((1 − √β)², (1 + √β)²), where |z| = √β whatever αλ; Nesterov:
    (((1 − β)/(1 + β))², 1), where |z| = √(β(1 − αλ)).
    """
    b = np.asarray(beta, dtype=float)
    if _method(method):
        return critical_damping(method, b), np.ones_like(b)
    return critical_damping(method, b), (1 + np.sqrt(b)) ** 2


def stability_limit(method: str, beta) -> np.ndarray:
    """The largest stable αλ: 2(1 + β) for heavy ball, 2(1 + β)/(1 + 2β) for Nesterov."""
    b = np.asarray(beta, dtype=float)
    return 2 * (1 + b) / (1 + 2 * b) if _method(method) else 2 * (1 + b)


def region(method: str, alpha, beta, mu, Lambda=None) -> np.ndarray:
    """MONOTONE, OSCILLATING or DIVERGENT for each (α, β), curvatures in [μ, Λ].

    Monotone means every curvature in the interval has real, non-negative roots. The set of
    such αλ is [0, critical damping] (and, for Nesterov, the single point αλ = 1), so the whole
    interval qualifies when its largest curvature does and, for an interval, αΛ is below the
    critical-damping value.
    """
    top = mu if Lambda is None else Lambda
    r = rate(method, alpha, beta, mu, Lambda)
    monotone = _monotone_at(*characteristic(method, alpha, beta, top))
    if Lambda is not None:
        monotone &= _monotone_at(*characteristic(method, alpha, beta, mu))
        edge = critical_damping(method, beta)
        same = np.asarray(mu, dtype=float) == np.asarray(Lambda, dtype=float)
        monotone &= same | (np.asarray(alpha, dtype=float) * Lambda <= edge * (1 + 1e-12))
    codes = np.where(monotone, MONOTONE, OSCILLATING)
    return np.where(r >= 1, DIVERGENT, codes).astype(int)


def polyak_optimum(mu: float, Lambda: float) -> tuple[float, float, float]:
    """Polyak's optimal heavy ball for curvatures in [μ, Λ]: (α*, β*, rate).

    α* = 4/(√Λ + √μ)², β* = ((√κ − 1)/(√κ + 1))², rate √β* = (√κ − 1)/(√κ + 1), for heavy ball
    with α outside the velocity (gdkit, PyTorch, and Polyak's θ_t = θ_{t−1} − α g_t +
    β(θ_{t−1} − θ_{t−2}): one method). A velocity that averages, v_t = βv_{t−1} + (1 − β)g_t,
    would need α*/(1 − β*) instead.
    """
    sk = np.sqrt(Lambda / mu)
    beta = ((sk - 1) / (sk + 1)) ** 2
    return 4 / (np.sqrt(Lambda) + np.sqrt(mu)) ** 2, beta, (sk - 1) / (sk + 1)


def nesterov_quadratic_optimum(mu: float, Lambda: float) -> tuple[float, float, float]:
    """Nesterov (PyTorch form) tuned for a quadratic with curvatures in [μ, Λ]: (α, β, rate).

    α = 4/(3Λ + μ), β = (√(3κ + 1) − 2)/(√(3κ + 1) + 2), rate 1 − 2/√(3κ + 1): the best constant
    pair on quadratics, as given by Lessard, Recht and Packard (SIAM J. Optim. 26, 2016; the tests
    confirm it against a search of the whole plane). Nesterov's limit is never above heavy ball's,
    so wherever Nesterov converges on [μ, Λ], heavy ball does too.
    """
    kappa = Lambda / mu
    q = np.sqrt(3 * kappa + 1)
    return 4 / (3 * Lambda + mu), (q - 2) / (q + 2), 1 - 2 / q


def stationary_variance(method: str, alpha: float, beta: float, curvature: float,
                        sigma: float) -> float:
    """The long-run variance of θ on L = λθ²/2 when each gradient carries noise of std σ.

    The state x = (v, θ) follows x_t = M x_{t−1} + b ξ_t with ξ_t ~ (0, σ²) independent, b = (1, −α)
    for heavy ball and (1, −α(1 + β)) for Nesterov; its stationary covariance P solves
    P = M P Mᵀ + σ² b bᵀ (finite only if r(M) < 1). For heavy ball this is
    α σ² (1 + β) / (λ (1 − β)(2(1 + β) − αλ)); β = 0 gives SGD's α σ² / (λ (2 − αλ)).
    """
    M = iteration_matrix(method, alpha, beta, curvature)
    if spectral_radius(method, alpha, beta, curvature) >= 1:
        return float("inf")
    b = np.array([1.0, -alpha * (1 + beta) if _method(method) else -alpha])
    Q = sigma**2 * np.outer(b, b)
    P = np.linalg.solve(np.eye(4) - np.kron(M, M), Q.ravel()).reshape(2, 2)
    return float(P[1, 1])
