"""Quick checks of chapter 2."""

from gdkit.course.checks import Formula, Number

CHECKS = {
    "ch02-partial": Formula(
        question="For f(x, y) = x**2 * y + sin(y), what is the partial derivative ∂f/∂y?",
        answer="x**2 + cos(y)",
        hint="treat x as a constant: x²·y is (a constant)·y, and sin(y) differentiates to cos(y).",
    ),
    "ch02-slope": Number(
        question=(
            "For f(x, y) = x² + xy + 2y² at p = (1, 1), what is the directional derivative in "
            "the direction u = (0.6, 0.8)?"
        ),
        answer=5.8,
        hint="∇f(1, 1) = (3, 5); the directional derivative is the dot product ∇f · u.",
    ),
    "ch02-steepest": Number(
        question=(
            "For the same f at p = (1, 1), what is the largest directional derivative over all "
            "unit directions u?"
        ),
        answer=34**0.5,
        hint="the largest value of ∇f · u over unit vectors u is the length ‖∇f‖ = √(3² + 5²).",
    ),
}
