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
    ),
}
