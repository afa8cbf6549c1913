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
    ),
}
