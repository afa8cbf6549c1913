"""Quick checks of chapter 12 (Adam's refinements and learning-rate schedules)."""

from gdkit.course.checks import Number

CHECKS = {
    "ch12-adamw-factor": Number(
        question=(
            "AdamW with α = 0.001 and weight decay ω = 0.01: by what factor does the decay shrink "
            "every weight at each step (before the Adam step is added)?"
        ),
        answer=0.99999,
        hint="AdamW multiplies θ by (1 − αω) at every step.",
        rtol=1e-7,
        explanation=r"""
$1 - \alpha\omega = 1 - 0.001 \times 0.01 = 0.99999$. Over 100,000 steps that compounds to
$0.99999^{100000} \approx e^{-1} \approx 0.37$: a weight the loss does not care about loses about
two thirds of its size over a long training run.
""",
    ),
}
