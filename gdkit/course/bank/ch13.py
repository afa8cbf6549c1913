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
    ),
    "ch13-newton-quadratic": Number(
        question=(
            "One pure Newton step on L(θ) = 3θ² − 6θ + 1 from θ₀ = 5: what is θ₁?"
        ),
        answer=1.0,
        hint="θ₁ = θ₀ − L′(θ₀)/L″(θ₀), with L′(θ) = 6θ − 6 and L″(θ) = 6.",
        rtol=1e-9,
    ),
}
