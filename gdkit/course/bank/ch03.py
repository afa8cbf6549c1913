"""Quick checks of chapter 3."""

from gdkit.course.checks import Formula, Number, Option

CHECKS = {
    "ch03-second-step": Number(
        question=(
            "On L(x, y) = x²/2 + 5y², gradient descent with α = 0.15 goes from θ₀ = (2, 1) to "
            "θ₁ = (1.7, −0.5). What is the loss L(θ₂) after the second step?"
        ),
        answer=1.3565125,
        hint="g₂ = ∇L(θ₁) = (x, 10y) at θ₁, which is (1.7, −5); θ₂ = θ₁ − 0.15·g₂; then evaluate L.",
        explanation=r"""
$g_2 = \nabla L(1.7, -0.5) = (1.7, -5)$, so $\theta_2 = (1.7 - 0.255,\; -0.5 + 0.75) = (1.445, 0.25)$
and $L(\theta_2) = \tfrac12 \cdot 1.445^2 + 5 \cdot 0.25^2 = 1.0440125 + 0.3125 = 1.3565125$.
In code: `theta2, state = opt.step(theta1, bowl.grad(theta1), state)`.
""",
    ),
    "ch03-first-criterion": Option(
        question=(
            "Same bowl, same start, α = 0.15. With the tolerance 10⁻⁶ for each of the gradient "
            "norm, the parameter change and the loss change, which criterion fires first?"
        ),
        options=("gradient", "step", "loss"),
        answer="loss",
        hint=(
            "compare the three measured quantities near the minimum: the step is α‖g‖ and the "
            "loss change is about α‖g‖², which is far smaller than ‖g‖ when ‖g‖ is small."
        ),
        explanation=r"""
`"loss"`. Near the minimum the loss change is about $\alpha \lVert g \rVert^2$, the square of a
small number, so it drops below $10^{-6}$ long before the gradient does. The run below shows by
how much.
""",
    ),
    "ch03-grad-b": Formula(
        question="For one example the squared error is (w*x + b - y)**2. What is its derivative "
        "with respect to the bias b?",
        answer="2*(w*x + b - y)",
        hint="chain rule: the derivative of r² is 2r times the derivative of r = w·x + b − y "
        "with respect to b, which is 1.",
        explanation=r"""
`"2*(w*x + b - y)"`, twice the residual: the chain rule gives $2r \cdot \partial r/\partial b$
and $\partial r / \partial b = 1$. Averaged over the examples this is the formula above.
""",
    ),
}
