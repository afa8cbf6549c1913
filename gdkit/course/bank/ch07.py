"""Quick checks of chapter 7 (adaptive learning rates)."""

from gdkit.course.checks import Number

CHECKS = {
    "ch07-adagrad-decay": Number(
        question=(
            "AdaGrad runs on a slope whose gradient is the same at every step. After 100 steps, "
            "its step is what fraction of its first step?"
        ),
        answer=0.1,
        hint="with a constant gradient g, s_t = t·g², so the step is α·g/√(t·g²) = α/√t.",
        explanation=r"""
$0.1$. With a constant gradient, $s_t = t\,g^2$ and the step is $\alpha/\sqrt{t}$; at $t = 100$ that is $\alpha/10$, a tenth of the first step $\alpha$.
""",
    ),
    "ch07-adam-first-step": Number(
        question=(
            "Adam with α = 0.01 starts at θ₀ = (2, −3), where the gradient is g₁ = (40, −0.002). "
            "What is the first coordinate of θ₁?"
        ),
        answer=1.99,
        hint="at t = 1 the bias correction gives m̂₁ = g₁ and ŝ₁ = g₁², so each coordinate "
        "moves by α against the sign of its gradient.",
        explanation=r"""
$1.99$. The first Adam step moves each coordinate by $\alpha$ against the sign of its gradient, so $\theta_1 = (2 - 0.01,\ -3 + 0.01) = (1.99, -2.99)$. The tiny second component of the gradient moves its coordinate just as far as the large first one.
""",
    ),
}
