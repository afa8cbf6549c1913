"""Quick checks of chapter 4 (the learning rate)."""

from gdkit.course.checks import Number

CHECKS = {
    "ch04-max-rate": Number(
        question="L(θ) = 5θ². Above which learning rate does gradient descent diverge?",
        answer=0.2,
        hint="the curvature λ is the second derivative L''(θ); the bound is 2/λ.",
        explanation=r"""
$L''(\theta) = 10$, so $\lambda = 10$ (not 5: the form $\tfrac{\lambda}{2}\theta^2$ has a half in
front). Gradient descent diverges for $\alpha > 2/\lambda = 0.2$; at exactly $0.2$ it bounces for
ever, and $\alpha = 1/\lambda = 0.1$ lands on the minimum in one step.
""",
    ),
    "ch04-best-factor": Number(
        question=(
            "A quadratic loss has Hessian eigenvalues 2 and 18. With the best fixed learning "
            "rate, by what factor does the error shrink per step?"
        ),
        answer=0.8,
        hint="κ = λmax/λmin, and the factor is (κ − 1)/(κ + 1).",
        explanation=r"""
$\kappa = 18/2 = 9$, so $r^\star = (\kappa - 1)/(\kappa + 1) = 8/10 = 0.8$, reached with
$\alpha^\star = 2/(2 + 18) = 0.1$. Check: along the flat axis $1 - 0.1 \times 2 = 0.8$, along the steep
one $1 - 0.1 \times 18 = -0.8$, equal in size, as the best rate requires.
""",
    ),
}
