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
        explanation=r"""
A saddle. Two eigenvalues are positive (the loss curves up along their eigenvectors) and one is negative (it curves down along the third): eigenvalues of both signs make the Hessian indefinite. A small negative eigenvalue is enough: the loss still decreases along that direction, only slowly.
""",
    ),
    "ch09-growth": Number(
        question=(
            "Gradient descent with α = 0.25 runs on L = x² − y². By what factor does each step "
            "multiply the distance |y| from the stable line?"
        ),
        answer=1.5,
        hint="the y-component of the gradient is −2y, so y_t = y_{t−1} − α·(−2y_{t−1}).",
        explanation=r"""
$1.5$. The $y$-component of the gradient is $-2y$, so one step gives $y_t = y_{t-1} + 2\alpha\, y_{t-1} = (1 + 2\alpha)\,y_{t-1} = 1.5\,y_{t-1}$.
""",
    ),
}
