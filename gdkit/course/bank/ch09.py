"""Quick checks of chapter 9 (saddle points and plateaus)."""

from gdkit.course.checks import Number, Option

CHECKS = {
    "ch09-classify": Option(
        question=(
            "At a stationary point, the Hessian of a loss with three parameters has eigenvalues "
            '3, 0.5 and −0.1. Is the point a "minimum", a "maximum" or a "saddle"?'
        ),
        options=("minimum", "maximum", "saddle"),
        answer="saddle",
        hint="a minimum needs every eigenvalue > 0, a maximum every eigenvalue < 0.",
    ),
    "ch09-growth": Number(
        question=(
            "Gradient descent with α = 0.25 runs on L = x² − y². By what factor does each step "
            "multiply the distance |y| from the stable line?"
        ),
        answer=1.5,
        hint="the y-component of the gradient is −2y, so y_t = y_{t−1} − α·(−2y_{t−1}).",
    ),
}
