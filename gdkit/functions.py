"""The classic test functions of optimisation, as :class:`~gdkit.Objective` objects.

Each one comes with the stationary points the chapters talk about (``minima``, ``saddles``) and
a ``view`` attribute: the plotting window in which its features are easy to see.

Examples
--------
>>> from gdkit import functions
>>> f = functions.rosenbrock()
>>> f(f.minima[0])
0.0
"""

from __future__ import annotations

import numbers

import sympy as sp

from ._validation import check_positive
from .objective import Objective, exact

__all__ = [
    "parabola",
    "quadratic_bowl",
    "rosenbrock",
    "himmelblau",
    "beale",
    "saddle",
    "monkey_saddle",
    "double_well",
    "plateau",
    "rastrigin",
]

x, y = sp.symbols("x y", real=True)


def _parameter(name: str, value: float, low: float, high: float) -> float:
    """``value`` as a float if it is a real number in [low, high], else a ValueError naming it.

    The test functions are for pictures and experiments: parameters far outside these ranges
    only make every loss overflow (``rosenbrock(b=1e308)``), so they are refused up front.
    """
    real = isinstance(value, numbers.Real) and not isinstance(value, bool)
    if not (real and low <= float(value) <= high):  # also refuses NaN
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}], got {value!r}")
    return float(value)


def _with_view(f: Objective, xlim, ylim=None) -> Objective:
    f.view = (tuple(xlim), tuple(ylim)) if ylim is not None else (tuple(xlim),)
    return f


def parabola(curvature: float = 1.0) -> Objective:
    r"""The 1-D parabola :math:`f(x) = \tfrac{c}{2} x^2`, minimum at 0 (chapter 1's valley)."""
    c = check_positive("curvature", curvature)
    c = _parameter("curvature", c, 1e-6, 1e6)
    f = Objective(exact(c) / 2 * x**2, name="parabola", minima=[[0.0]])
    return _with_view(f, (-3, 3))


def quadratic_bowl(condition_number: float = 10.0, angle: float = 0.0) -> Objective:
    r"""A convex quadratic :math:`\tfrac12 \theta^\top A \theta` with eigenvalues 1 and κ.

    Parameters
    ----------
    condition_number : float
        κ = λ_max / λ_min ≥ 1, the ratio of the curvatures along the two principal axes. κ = 1 is
        a round bowl; large κ is a narrow ravine.
    angle : float
        Rotation of the principal axes, in degrees (0: axes aligned with x and y).
    """
    kappa = check_positive("condition_number", condition_number)
    if kappa < 1:
        raise ValueError(f"condition_number must be >= 1, got {condition_number!r}")
    kappa = _parameter("condition_number", kappa, 1.0, 1e8)
    angle = _parameter("angle (degrees)", angle, -360.0, 360.0)
    c, s = sp.cos(sp.rad(exact(angle))), sp.sin(sp.rad(exact(angle)))
    u, w = c * x + s * y, -s * x + c * y  # coordinates along the principal axes
    expr = sp.expand(sp.Rational(1, 2) * (u**2 + exact(kappa) * w**2))
    f = Objective(expr, ["x", "y"], name=f"quadratic bowl (κ = {kappa:g})", minima=[[0, 0]])
    return _with_view(f, (-3, 3), (-3, 3))


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    r"""Rosenbrock's banana valley :math:`(a - x)^2 + b (y - x^2)^2`, minimum at :math:`(a, a^2)`."""
    a = _parameter("a", a, -1e3, 1e3)
    a_, b_ = exact(a), exact(_parameter("b", check_positive("b", b), 1e-6, 1e6))
    f = Objective((a_ - x) ** 2 + b_ * (y - x**2) ** 2, name="Rosenbrock", minima=[[a, a * a]])
    return _with_view(f, (-2, 2), (-1, 3))


def himmelblau() -> Objective:
    r"""Himmelblau's function :math:`(x^2 + y - 11)^2 + (x + y^2 - 7)^2`: four minima, all f = 0."""
    minima = [
        [3.0, 2.0],
        [-2.805118086952745, 3.131312518250573],
        [-3.779310253377747, -3.283185991286170],
        [3.584428340330492, -1.848126526964404],
    ]
    f = Objective((x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2, name="Himmelblau", minima=minima)
    return _with_view(f, (-5, 5), (-5, 5))


def beale() -> Objective:
    r"""Beale's function, with flat regions and a sharp valley; minimum at (3, 0.5)."""
    expr = (
        (sp.Rational(3, 2) - x + x * y) ** 2
        + (sp.Rational(9, 4) - x + x * y**2) ** 2
        + (sp.Rational(21, 8) - x + x * y**3) ** 2
    )
    f = Objective(expr, name="Beale", minima=[[3.0, 0.5]])
    return _with_view(f, (-4.5, 4.5), (-4.5, 4.5))


def saddle() -> Objective:
    r"""The saddle :math:`x^2 - y^2`: a minimum along x, a maximum along y, at the origin."""
    f = Objective(x**2 - y**2, name="saddle x² − y²", saddles=[[0, 0]])
    return _with_view(f, (-2, 2), (-2, 2))


def monkey_saddle() -> Objective:
    r"""The monkey saddle :math:`x^3 - 3 x y^2`, whose Hessian vanishes at the origin."""
    f = Objective(x**3 - 3 * x * y**2, name="monkey saddle", saddles=[[0, 0]])
    return _with_view(f, (-1.5, 1.5), (-1.5, 1.5))


def double_well(tilt: float = 0.3) -> Objective:
    r"""A tilted 1-D double well :math:`x^4/4 - x^2/2 + t x/4`: a shallow and a deep minimum.

    With tilt t > 0 the left minimum is the global one and the right one is merely local.
    """
    t = exact(_parameter("tilt", tilt, -10.0, 10.0))
    expr = x**4 / 4 - x**2 / 2 + t * x / 4
    stationary = sorted(float(r) for r in sp.real_roots(sp.Poly(sp.diff(expr, x), x)))
    second = sp.lambdify(x, sp.diff(expr, x, 2))
    minima = [[r] for r in stationary if second(r) > 0]
    minima.sort(key=lambda m: float(expr.subs(x, m[0])))  # global minimum first
    f = Objective(expr, name="double well", minima=minima)
    return _with_view(f, (-2, 2))


def plateau(width: float = 1.0) -> Objective:
    r"""A bowl that flattens out: :math:`1 - e^{-(x^2 + y^2)/w^2}`; far from 0 the gradient is tiny."""
    w2 = exact(_parameter("width", check_positive("width", width), 1e-3, 1e3)) ** 2
    f = Objective(1 - sp.exp(-(x**2 + y**2) / w2), name="plateau", minima=[[0, 0]])
    return _with_view(f, (-4, 4), (-4, 4))


def rastrigin(amplitude: float = 10.0) -> Objective:
    r"""Rastrigin's function :math:`2A + \sum (x_i^2 - A\cos 2\pi x_i)`: a grid of local minima."""
    A = exact(_parameter("amplitude", check_positive("amplitude", amplitude), 1e-6, 1e3))
    expr = 2 * A + (x**2 - A * sp.cos(2 * sp.pi * x)) + (y**2 - A * sp.cos(2 * sp.pi * y))
    f = Objective(expr, name="Rastrigin", minima=[[0, 0]])
    return _with_view(f, (-5.12, 5.12), (-5.12, 5.12))
