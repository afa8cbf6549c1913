"""Quick checks of chapter 10 (backpropagation and deep learning)."""

from gdkit.course.checks import Formula, Number

CHECKS = {
    "ch10-output-delta": Formula(
        question=(
            "Sigmoid output p = σ(z) with the cross-entropy loss −y log p − (1 − y) log(1 − p): "
            "what is ∂Lᵢ/∂z? Write it with p and y."
        ),
        answer="p - y",
        hint="differentiate through σ, using σ'(z) = p(1 − p): the two factors cancel.",
        explanation=r"""
`p - y`: the prediction minus the label, as SymPy derived above. For a linear output with squared
error $(z - y)^2$ it is $2(z - y)$, the same shape: a prediction error.
""",
    ),
    "ch10-fd-evals": Number(
        question=(
            "How many loss evaluations does a central finite-difference gradient of a network "
            "with d = 337 parameters need?"
        ),
        answer=674,
        hint="two evaluations, θ + h·e_j and θ − h·e_j, for each parameter j.",
        explanation=r"""
674: two evaluations, at $\theta + h e_j$ and $\theta - h e_j$, for each of the 337 parameters. Backpropagation
needs one forward and one backward pass instead.
""",
    ),
}
