"""Quick checks of chapter 4 (the learning rate)."""

from gdkit.course.checks import Number

CHECKS = {
    "ch04-max-rate": Number(
        question="L(θ) = 5θ². Above which learning rate does gradient descent diverge?",
        answer=0.2,
        hint="the curvature λ is the second derivative L''(θ); the bound is 2/λ.",
    ),
    "ch04-best-factor": Number(
        question=(
            "A quadratic loss has Hessian eigenvalues 2 and 18. With the best fixed learning "
            "rate, by what factor does the error shrink per step?"
        ),
        answer=0.8,
        hint="κ = λmax/λmin, and the factor is (κ − 1)/(κ + 1).",
    ),
}
