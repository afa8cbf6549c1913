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
    ),
    "ch03-grad-b": Formula(
        question="For one example the squared error is (w*x + b - y)**2. What is its derivative "
        "with respect to the bias b?",
        answer="2*(w*x + b - y)",
        hint="chain rule: the derivative of r² is 2r times the derivative of r = w·x + b − y "
        "with respect to b, which is 1.",
    ),
}
