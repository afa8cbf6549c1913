"""Quick checks of chapter 1."""

from . import Number

CHECKS = {
    "ch01-first-step": Number(
        question="On L(θ) = θ²/2, starting at θ₀ = 2 with α = 0.3, what is θ₁?",
        answer=1.4,
        hint="the gradient of θ²/2 is θ, so θ₁ = θ₀ − α·θ₀.",
    ),
}
