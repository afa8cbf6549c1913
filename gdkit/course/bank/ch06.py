"""Quick checks of chapter 6 (momentum)."""

from gdkit.course.checks import Number

CHECKS = {
    "ch06-terminal-step": Number(
        question=(
            "Momentum with α = 0.01 and β = 0.9 runs down a slope where the gradient is always 2. "
            "In the long run, how far does each step move the parameter?"
        ),
        answer=0.2,
        hint="the velocity tends to g/(1 − β); the step is α times the velocity.",
        explanation=r"""
The velocity tends to $g/(1 - \beta) = 2/0.1 = 20$, so each step moves $\alpha \times 20 = 0.2$:
ten times the $0.02$ of plain gradient descent. It gets there gradually: after $t$ steps the step is
$0.2\,(1 - 0.9^t)$, within 5 % of its limit after about 30 steps.
""",
    ),
}
