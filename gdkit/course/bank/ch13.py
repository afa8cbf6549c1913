"""Quick checks of chapter 13 (line search and second-order methods)."""

from gdkit.course.checks import Number

CHECKS = {
    "ch13-armijo-step": Number(
        question=(
            "Backtracking on L(θ) = θ² from θ = 1 (gradient 2), with α₀ = 1, ζ = 1/2 and "
            "c₁ = 10⁻⁴: which step size α does it accept?"
        ),
        answer=0.5,
        hint=(
            "Try α = 1, 1/2, 1/4, ... and accept the first α with "
            "L(1 − 2α) ≤ L(1) − c₁·α·2² = 1 − 0.0004·α."
        ),
        rtol=1e-9,
        explanation=r"""
$\alpha = 0.5$. The trial $\alpha = 1$ lands on $\theta = -1$, where $L = 1$: no decrease at all, while
Armijo asks for $L \le 1 - 10^{-4}\cdot 1 \cdot 2^2 = 0.9996$, so it is rejected. The trial $\alpha = \tfrac12$
lands on $\theta = 0$, $L = 0$: accepted, after two loss evaluations. It is also the exact line search's
step, $1/\lambda$ with curvature $\lambda = 2$.
""",
    ),
    "ch13-newton-quadratic": Number(
        question=(
            "One pure Newton step on L(θ) = 3θ² − 6θ + 1 from θ₀ = 5: what is θ₁?"
        ),
        answer=1.0,
        hint="θ₁ = θ₀ − L′(θ₀)/L″(θ₀), with L′(θ) = 6θ − 6 and L″(θ) = 6.",
        rtol=1e-9,
        explanation=r"""
$\theta_1 = 1$. At $\theta_0 = 5$, $L'(5) = 6 \cdot 5 - 6 = 24$ and $L'' = 6$, so
$\theta_1 = 5 - 24/6 = 1$, the minimiser. One step from any start: the quadratic model of a quadratic is
the quadratic itself.
""",
    ),
}
