"""The directional-derivative view of chapter 2: the numbers it shows and the picture it draws."""

import math

import numpy as np
import pytest

import gdkit as gd
from gdkit.experiments import directional_derivative
from gdkit.pictures.views.directional import Directional

f = gd.Objective("x**2 + x*y + 2*y**2", minima=[[0, 0]])
POINTS = {"(1, 1)": (1.0, 1.0), "(1.5, 0)": (1.5, 0.0), "(0, 0)": (0.0, 0.0)}


def explorer(step=30):
    return gd.Explorer(
        Directional(f, xlim=(-2, 2), ylim=(-2, 2)),
        lambda point, angle: directional_derivative(f, POINTS[point], angle),
        point=gd.Choice(list(POINTS), label="point p"),
        angle=gd.Slider(0, 360 - step, step, label="direction φ (degrees)"),
    )


@pytest.mark.parametrize("angle", [0, 30, 90, 135, 200, 333])
def test_rate_is_the_slope_along_u(angle):
    p = np.array([0.7, -1.2])
    s = directional_derivative(f, p, angle)
    assert np.isclose(np.linalg.norm(s.direction), 1.0)
    h = 1e-6  # central difference of h -> f(p + h u)
    slope = (f(p + h * s.direction) - f(p - h * s.direction)) / (2 * h)
    assert s.rate == pytest.approx(slope, rel=1e-7)
    assert s.rate == pytest.approx(float(s.grad @ s.direction))


def test_axis_directions_give_the_partial_derivatives():
    grad = f.grad([1.0, 1.0])  # (3, 5)
    assert directional_derivative(f, [1.0, 1.0], 0).rate == pytest.approx(grad[0])
    assert directional_derivative(f, [1.0, 1.0], 90).rate == pytest.approx(grad[1])
    assert directional_derivative(f, [1.0, 1.0], 180).rate == pytest.approx(-grad[0])


def test_steepest_ascent_is_along_the_gradient_with_rate_its_norm():
    rates = [directional_derivative(f, [1.0, 1.0], a).rate for a in np.arange(0, 360, 0.5)]
    best = 0.5 * int(np.argmax(rates))
    assert best == pytest.approx(math.degrees(math.atan2(5, 3)), abs=0.5)
    assert max(rates) == pytest.approx(math.hypot(3, 5), rel=1e-4)
    assert min(rates) == pytest.approx(-math.hypot(3, 5), rel=1e-4)


def test_bad_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="2 variables"):
        directional_derivative(gd.functions.parabola(), [1.0], 0)
    with pytest.raises(ValueError, match="angle must be a finite number"):
        directional_derivative(f, [1.0, 1.0], float("nan"))
    with pytest.raises(ValueError, match="point must have 2 entries"):
        directional_derivative(f, [1.0, 1.0, 1.0], 0)
    with pytest.raises(ValueError, match="2 variables"):
        Directional(gd.functions.parabola())


def test_frames_readouts_and_size():
    ex = explorer()
    frames = ex.frames()
    assert len(frames) == 3 * 12
    assert frames["0,0"]["t"].startswith("p = (1, 1): ∇f = (3, 5), ‖∇f‖ = 5.83")
    assert frames["0,0"]["t"].endswith("φ = 0°: D_u f = 3")  # the slope along +x is ∂f/∂x
    assert "∇f = 0" in frames["2,0"]["t"], "a stationary point is reported as flat"
    assert len(ex.to_html().encode()) < 100_000


def test_panels_sit_side_by_side_with_equal_scales():
    ex = explorer()
    contour, slope = ex._ensure_panels()
    assert slope.offset == contour.offset == 0, "each panel is its own SVG"
    html = ex.to_html()
    assert html.count("<svg ") == 2, "two panels, two SVGs that wrap on a narrow page"
    # equal pixels per data unit on both axes of the map, so the gradient looks perpendicular
    # to the level set
    sx = (contour.X(1.0) - contour.X(0.0))
    sy = (contour.Y(0.0) - contour.Y(1.0))
    assert sx == pytest.approx(sy, rel=0.01)


def test_the_gradient_arrow_points_along_the_gradient_and_across_the_level_set():
    ex = explorer()
    prims, _ = ex.scene(point="(1, 1)", angle=0)
    lines = [p for p in prims[0] if p[0] == "l"]
    level, gradient = lines[0], lines[1]  # drawn in this order: tangent, then the gradient shaft
    (x0, y0, x1, y1), (a0, b0, a1, b1) = gradient[4][:4], level[4][:4]
    shaft = np.array([x1 - x0, y0 - y1])  # pixels, y flipped back to point up
    tangent = np.array([a1 - a0, b0 - b1])
    assert math.degrees(math.atan2(shaft[1], shaft[0])) == pytest.approx(
        math.degrees(math.atan2(5, 3)), abs=3
    )
    cosine = shaft @ tangent / (np.linalg.norm(shaft) * np.linalg.norm(tangent))
    assert abs(cosine) < 0.05, "the level set's tangent is perpendicular to the gradient"
