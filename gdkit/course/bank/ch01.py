"""Quick checks of chapter 1."""

from gdkit.course.checks import Number, Option

CHECKS = {
    "ch01-mse": Number(
        question=(
            "On the data x = 1, 2, 3, 4, 5 and y = 2, 3.5, 4, 6.5, 7, what is the mean squared "
            "error of the line ŷ = x + 1 (w = 1, b = 1)?"
        ),
        answer=0.7,
        hint="the predictions are 2, 3, 4, 5, 6; square the five residuals ŷᵢ − yᵢ and average.",
        explanation=r"""
The residuals $\hat y_i - y_i$ are $0, -0.5, 0, -1.5, -1$; their squares $0, 0.25, 0, 2.25, 1$ add
up to $3.5$, and $3.5 / 5 = 0.7$. (You can confirm it with `model.loss([1, 1], X, y)`.)
""",
    ),
    "ch01-direction": Option(
        question=(
            "At the current θ the derivative of the loss is L′(θ) = −3. Does one step of "
            "gradient descent increase or decrease θ?"
        ),
        options=("increase", "decrease"),
        answer="increase",
        hint="the step is −α·L′(θ); with α > 0 and L′(θ) < 0 what is its sign?",
        explanation=r"""
`"increase"`: the step is $-\alpha L'(\theta) = 3\alpha > 0$. A negative slope means the loss
falls to the right, so the hiker steps right.
""",
    ),
    "ch01-first-step": Number(
        question="On L(θ) = θ²/2, starting at θ₀ = 2 with α = 0.3, what is θ₁?",
        answer=1.4,
        hint="the gradient of θ²/2 is θ, so θ₁ = θ₀ − α·θ₀.",
        explanation=r"""
$\theta_1 = \theta_0 - \alpha\,\theta_0 = (1 - 0.3) \times 2 = 1.4$.
""",
    ),
    "ch01-oscillate": Number(
        question="On L(θ) = θ²/2, starting at θ₀ = 2 with α = 1.5, what is θ₂?",
        answer=0.5,
        hint="each step multiplies θ by 1 − α = −0.5; apply it twice.",
        explanation=r"""
The factor is $1 - \alpha = -0.5$, so $\theta_1 = -1$ and $\theta_2 = 0.5$: the iterate flips sign
at every step while its size halves.
""",
    ),
}
