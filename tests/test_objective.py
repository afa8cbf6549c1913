"""Objectives: SymPy derivatives checked against hand calculus, vectorised evaluation, and the
safe parser (refuses anything that is not a smooth formula, and never evaluates code)."""

from __future__ import annotations

import builtins
import inspect
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp

import gdkit as gd
from gdkit import ObjectiveError, functions

ALL_FUNCTIONS = [
    functions.parabola,
    functions.quadratic_bowl,
    functions.rosenbrock,
    functions.himmelblau,
    functions.beale,
    functions.saddle,
    functions.monkey_saddle,
    functions.double_well,
    functions.plateau,
    functions.rastrigin,
]


# -- derivatives against hand calculus ---------------------------------------------------------


def test_rosenbrock_by_hand():
    f = functions.rosenbrock()
    x, y = -1.5, 2.0
    assert f([x, y]) == pytest.approx((1 - x) ** 2 + 100 * (y - x**2) ** 2)  # 6.25 + 6.25
    # ∂x = -2(1 - x) - 400 x (y - x²),  ∂y = 200 (y - x²)
    np.testing.assert_allclose(f.grad([x, y]), [-155.0, -50.0], rtol=1e-15)
    # ∂xx = 2 - 400 (y - x²) + 800 x²,  ∂xy = -400 x,  ∂yy = 200
    np.testing.assert_allclose(f.hess([x, y]), [[1902.0, 600.0], [600.0, 200.0]], rtol=1e-15)


def test_himmelblau_by_hand():
    f = functions.himmelblau()
    # at (1, 1): a = x² + y - 11 = -9, b = x + y² - 7 = -5
    assert f([1.0, 1.0]) == 106.0
    np.testing.assert_allclose(f.grad([1.0, 1.0]), [4 * -9 + 2 * -5, 2 * -9 + 4 * -5])
    # ∂xx = 4a + 8x² + 2,  ∂xy = 4x + 4y,  ∂yy = 2 + 4b + 8y²
    np.testing.assert_allclose(f.hess([1.0, 1.0]), [[-26.0, 8.0], [8.0, -10.0]])


def test_beale_by_hand():
    f = functions.beale()
    # at (1, 1) the three residuals are 3/2, 9/4, 21/8 and each ∂x factor (y^k - 1) vanishes
    assert f([1.0, 1.0]) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)
    np.testing.assert_allclose(f.grad([1.0, 1.0]), [0.0, 2 * 1.5 + 2 * 2.25 * 2 + 2 * 2.625 * 3])
    assert f([3.0, 0.5]) == 0.0


def test_quadratic_bowl_axes_and_rotation():
    f = functions.quadratic_bowl(condition_number=10)
    np.testing.assert_allclose(f.hess([0.3, -0.2]), [[1.0, 0.0], [0.0, 10.0]])
    np.testing.assert_allclose(f.grad([1.0, 1.0]), [1.0, 10.0])
    g = functions.quadratic_bowl(condition_number=10, angle=30)
    c, s = math.cos(math.pi / 6), math.sin(math.pi / 6)
    hessian = g.hess([0.0, 0.0])
    # the steep axis (curvature κ) is the y axis turned by 30°: (-sin 30°, cos 30°)
    np.testing.assert_allclose(hessian @ [-s, c], 10 * np.array([-s, c]), atol=1e-14)
    np.testing.assert_allclose(hessian @ [c, s], [c, s], atol=1e-14)
    np.testing.assert_allclose(np.linalg.eigvalsh(hessian), [1.0, 10.0])


def test_saddles_by_hand():
    f = functions.saddle()
    np.testing.assert_array_equal(f.grad([0.5, -2.0]), [1.0, 4.0])
    np.testing.assert_array_equal(f.hess([0.5, -2.0]), [[2.0, 0.0], [0.0, -2.0]])
    m = functions.monkey_saddle()
    np.testing.assert_allclose(m.grad([1.0, 2.0]), [3 - 12, -12])  # (3x² - 3y², -6xy)
    np.testing.assert_array_equal(m.hess([0.0, 0.0]), np.zeros((2, 2)))  # degenerate


def test_one_dimensional_functions_by_hand():
    p = functions.parabola(curvature=3.0)
    assert p(2.0) == 6.0
    np.testing.assert_array_equal(p.grad([2.0]), [6.0])
    np.testing.assert_array_equal(p.hess([2.0]), [[3.0]])
    w = functions.double_well(tilt=0.3)
    np.testing.assert_allclose(w.grad([2.0]), [8 - 2 + 0.075])  # x³ - x + t/4
    left, right = w.minima
    assert left[0] < 0 < right[0] and w(left) < w(right)  # global minimum listed first


def test_plateau_and_rastrigin_by_hand():
    p = functions.plateau()
    np.testing.assert_allclose(p.grad([1.0, 0.0]), [2 / math.e, 0.0])
    assert abs(p.grad([4.0, 0.0])[0]) < 1e-5  # flat far away: the point of the function
    r = functions.rastrigin()
    # ∂x = 2x + 2πA sin(2πx)
    np.testing.assert_allclose(r.grad([0.25, 0.0]), [0.5 + 20 * math.pi, 0.0], atol=1e-12)
    assert r([1.0, 1.0]) == pytest.approx(2.0)  # a local minimum near each integer point


@pytest.mark.parametrize("make", ALL_FUNCTIONS, ids=lambda m: m.__name__)
def test_known_stationary_points_have_zero_gradient(make):
    f = make()
    assert f.minima or f.saddles
    for point in f.minima:
        np.testing.assert_allclose(f.grad(point), 0.0, atol=1e-12)
        assert np.all(np.linalg.eigvalsh(f.hess(point)) > 0)  # strict local minimum
    for point in f.saddles:
        np.testing.assert_allclose(f.grad(point), 0.0, atol=1e-12)
        assert not np.all(np.linalg.eigvalsh(f.hess(point)) > 0)
    assert len(f.view) == f.dim


def test_himmelblau_has_four_distinct_global_minima():
    f = functions.himmelblau()
    minima = np.array(f.minima)
    assert minima.shape == (4, 2)
    assert min(np.linalg.norm(a - b) for i, a in enumerate(minima) for b in minima[i + 1 :]) > 1
    for point in minima:
        assert f(point) < 1e-25
        assert np.linalg.norm(f.grad(point)) < 1e-12
        # one Newton step from the listed point barely moves: it is the minimiser to ~1e-15
        newton = point - np.linalg.solve(f.hess(point), f.grad(point))
        np.testing.assert_allclose(newton, point, atol=1e-14)


# -- evaluation shapes -------------------------------------------------------------------------


@pytest.mark.parametrize("make", ALL_FUNCTIONS, ids=lambda m: m.__name__)
def test_vectorised_evaluation_matches_pointwise(make):
    f = make()
    rng = np.random.default_rng(1)
    points = rng.uniform(-2, 2, size=(f.dim, 3, 4))
    values, grads = f(points), f.grad(points)
    assert values.shape == (3, 4) and grads.shape == (f.dim, 3, 4)
    for i in range(3):
        for j in range(4):
            p = points[:, i, j]
            assert values[i, j] == pytest.approx(f(p), rel=1e-14, abs=1e-14)
            np.testing.assert_allclose(grads[:, i, j], f.grad(p), rtol=1e-13, atol=1e-13)


def test_constant_parts_broadcast_on_a_grid():
    f = gd.Objective("x + y**2")  # ∂x = 1 is a constant: it must still fill the grid
    grads = f.grad(np.zeros((2, 5, 7)))
    assert grads.shape == (2, 5, 7)
    np.testing.assert_array_equal(grads[0], 1.0)
    g = gd.Objective("x + 0*y", variables=["x", "y"])
    assert g(np.ones((2, 3))).shape == (3,)


def test_grid_for_contour_plots():
    f = functions.rosenbrock()
    X, Y, Z = f.grid((-2, 2), (-1, 3), n=50)
    assert X.shape == Y.shape == Z.shape == (50, 50)
    assert X[0, 0] == -2 and Y[-1, 0] == 3
    assert Z[7, 11] == pytest.approx(f([X[7, 11], Y[7, 11]]))
    with pytest.raises(ValueError, match="grid needs a function of 2 variables"):
        functions.parabola().grid((-1, 1), (-1, 1))


def test_values_are_plain_floats_and_arrays():
    f = functions.rosenbrock()
    assert type(f([0.0, 0.0])) is float
    assert f.grad([0, 0]).dtype == np.float64 and f.hess([0, 0]).shape == (2, 2)
    assert f.dim == 2 and [v.name for v in f.variables] == ["x", "y"]


def test_powers_are_exact_products_of_a_base_computed_once():
    """x**n (2 <= |n| <= MAX_PRODUCT_POWER) is written as a product (x*x, not the C library's
    pow), and a compound base is computed once and named: the bits of the plain product, in
    Python floats and arrays alike, whatever the variables are called (even like the printer's
    own temporaries)."""
    rng = np.random.default_rng(3)
    for names in (["x", "y"], ["_b0", "__b1"]):
        a, b = names
        cases = {
            f"(1 - {a})**2": lambda x, y: (1 - x) * (1 - x),
            f"3*({a}*{b} - 2)**3": lambda x, y: 3 * ((x * y - 2) * (x * y - 2) * (x * y - 2)),
            f"({a} + {b})**-2": lambda x, y: 1 / ((x + y) * (x + y)),
        }
        for formula, by_hand in cases.items():
            f = gd.Objective(formula, variables=names)
            assert inspect.getsource(f._f).count(":=") == 1, "the base is computed once"
            points = rng.uniform(-2, 2, size=(2, 40))
            assert [f(p) for p in points.T] == [by_hand(x, y) for x, y in points.T], formula
            assert np.array_equal(f(points), [f(p) for p in points.T])
            assert np.array_equal(f.grad(points).T, [f.grad(p) for p in points.T])


# -- parsing -----------------------------------------------------------------------------------


def test_string_and_sympy_give_the_same_objective():
    x, y = sp.symbols("x y", real=True)
    a = gd.Objective("(1 - x)^2 + 100*(y - x^2)^2")
    b = gd.Objective((1 - x) ** 2 + 100 * (y - x**2) ** 2)
    assert sp.simplify(a.expr - b.expr) == 0
    np.testing.assert_array_equal(a.grad([0.3, 0.7]), b.grad([0.3, 0.7]))


def test_variables_sorted_by_name_unless_given():
    f = gd.Objective("b**2 + 2*a")
    assert [v.name for v in f.variables] == ["a", "b"]
    np.testing.assert_array_equal(f.grad([0.0, 3.0]), [2.0, 6.0])
    g = gd.Objective("b**2 + 2*a", variables=["b", "a"])
    np.testing.assert_array_equal(g.grad([3.0, 0.0]), [6.0, 2.0])
    assert sp.srepr(g.gradient_expr[0]) == sp.srepr(2 * sp.Symbol("b", real=True))


def test_allowed_functions_and_constants():
    f = gd.Objective("sin(x) + cos(y) + exp(x*y) + log(2 + x**2) + sqrt(1 + y**2) + tanh(x) + pi*E")
    expected = math.sin(0.5) + math.cos(0.25) + math.exp(0.125) + math.log(2.25)
    expected += math.sqrt(1.0625) + math.tanh(0.5) + math.pi * math.e
    assert f([0.5, 0.25]) == pytest.approx(expected, rel=1e-15)


def test_float_literals_keep_the_value_typed():
    """A number in a formula is the number the user typed, not a 'nice' number nearby."""
    for text in ["0.333333333333333", "0.30000000000000004", "2.718281828459045", "1.5e-7"]:
        f = gd.Objective(f"{text}*x")
        assert f.grad([0.0])[0] == float(text), text


def test_integer_powers_of_numbers_cannot_hang_the_parser(tmp_path: Path):
    """A short string must not make SymPy compute a 370-million-digit integer (9**9**9)."""
    script = (
        "import gdkit\ntry:\n    gdkit.Objective('x + 9**9**9')\nexcept ValueError:\n    pass\n"
    )
    root = Path(__file__).resolve().parent.parent
    try:
        subprocess.run([sys.executable, "-c", script], cwd=root, timeout=10, check=True)
    except subprocess.TimeoutExpired:
        pytest.fail("Objective('x + 9**9**9') was still computing after 10 s")


BAD_STRINGS = [
    ("foo(x)", "unknown or non-differentiable function 'foo'"),
    ("abs(x)", "unknown or non-differentiable function 'abs'"),
    ("max(x, y)", "unknown or non-differentiable function 'max'"),
    ("import os", "is not a formula"),
    ("x +", "is not a formula"),
    ("__import__('os')", "unknown or non-differentiable function '__import__'"),
    ("__import__('os').system('touch /tmp/gdkit_pwned')", "is not allowed"),
    ("x.real", "is not allowed"),
    ("(lambda: 0)()", "is not allowed"),
    ("x if y else 1", "is not allowed"),
    ("[x, y]", "is not allowed"),
    ("'x'", "is not allowed"),
    ("x == y", "is not allowed"),
    ("x // 2", "is not allowed"),
    ("True * x", "booleans are not numbers"),
    ("sin", "sin is a function; call it"),
    ("sin(x, y)", "sin takes exactly one argument"),
    ("", "non-empty formula"),
    ("   ", "non-empty formula"),
    ("3 + 4", "has no variables"),
    ("pi * E", "has no variables"),
    ("x + 1/0", "is not finite"),
    ("x * 1e999", "is not finite"),
]


@pytest.mark.parametrize(("text", "message"), BAD_STRINGS)
def test_bad_strings_raise_objective_error(text, message):
    with pytest.raises(ObjectiveError, match=message.replace("(", r"\(").replace(")", r"\)")):
        gd.Objective(text)


def test_parser_never_evaluates_code(monkeypatch, tmp_path):
    """Strings are refused while parsing, before any code runs (lambdify's own exec of the
    generated NumPy code comes later, only for formulas that passed the whitelist)."""

    def forbidden(*args, **kwargs):
        raise AssertionError("the parser called eval/exec")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    marker = tmp_path / "pwned"
    for text in [
        f"__import__('os').system('touch {marker}')",
        f"open('{marker}', 'w')",
        "exec('1')",
        "eval('x')",
    ]:
        with pytest.raises(ObjectiveError):
            gd.Objective(text)
    assert not marker.exists()
    assert gd.parse_expression("x**2 + y").free_symbols  # the parser itself needs neither


def test_objective_error_is_a_value_error():
    assert issubclass(ObjectiveError, ValueError)


def test_very_long_formulas_raise_objective_error():
    """A 5,001-term sum nests too deep for Python's parser: say so, don't crash."""
    with pytest.raises(ObjectiveError):
        gd.Objective("x+" * 5000 + "x")


@pytest.mark.parametrize(
    ("expr", "message"),
    [
        (sp.Abs(sp.Symbol("x")), "non-differentiable parts"),
        (sp.Max(sp.Symbol("x"), sp.Symbol("y")), "non-differentiable parts"),
        (sp.floor(sp.Symbol("x")), "non-differentiable parts"),
        (sp.Function("g")(sp.Symbol("x")), "unknown functions"),
        (sp.Integer(3), "has no variables"),
    ],
    ids=["Abs", "Max", "floor", "undefined", "constant"],
)
def test_non_smooth_sympy_expressions_raise(expr, message):
    with pytest.raises(ObjectiveError, match=message):
        gd.Objective(expr)


def test_other_bad_constructions():
    with pytest.raises(ObjectiveError, match="formula string or a SymPy expression"):
        gd.Objective(42)
    with pytest.raises(ObjectiveError, match=r"uses \['y'\], which are not among the variables"):
        gd.Objective("x + y", variables=["x"])
    with pytest.raises(ValueError, match="minimum must have 2 entries"):
        gd.Objective("x + y", minima=[[1.0]])


def test_points_of_the_wrong_shape_are_refused():
    f = functions.rosenbrock()
    with pytest.raises(ValueError, match=r"takes points with 2 coordinates \(x, y\)"):
        f([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="takes points with 2 coordinates"):
        f.grad(1.0)
    with pytest.raises(ValueError, match="hess takes a single point"):
        f.hess(np.zeros((2, 3)))


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: functions.quadratic_bowl(condition_number=0.5), "condition_number must be >= 1"),
        (lambda: functions.quadratic_bowl(condition_number=-1), "condition_number"),
        (lambda: functions.rosenbrock(b=0), "b must be a finite number > 0"),
        (lambda: functions.parabola(curvature=float("nan")), "curvature"),
        (lambda: functions.plateau(width=0), "width"),
        (lambda: functions.rastrigin(amplitude=-1), "amplitude"),
    ],
)
def test_bad_function_parameters(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_latex_and_repr_name_the_formula():
    f = gd.Objective("x**2 + 3*y**2")
    assert "\\nabla f" in f.latex() and "x^{2}" in f._repr_latex_()
    assert repr(f) == "Objective('x**2 + 3*y**2', variables=['x', 'y'])"
    assert functions.rosenbrock().name == "Rosenbrock"
