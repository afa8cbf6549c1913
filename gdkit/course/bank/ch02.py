"""Quick checks of chapter 2."""

from gdkit.course.checks import Formula, Number

CHECKS = {
    "ch02-partial": Formula(
        question="For f(x, y) = x**2 * y + sin(y), what is the partial derivative ∂f/∂y?",
        answer="x**2 + cos(y)",
        hint="treat x as a constant: x²·y is (a constant)·y, and sin(y) differentiates to cos(y).",
        explanation=r"""
`"x**2 + cos(y)"`: with $x$ frozen, $x^2 y$ is a constant times $y$, with derivative $x^2$, and
$\sin y$ has derivative $\cos y$.
""",
    ),
    "ch02-slope": Number(
        question=(
            "For f(x, y) = x² + xy + 2y² at p = (1, 1), what is the directional derivative in "
            "the direction u = (0.6, 0.8)?"
        ),
        answer=5.8,
        hint="∇f(1, 1) = (3, 5); the directional derivative is the dot product ∇f · u.",
        explanation=r"""
$D_u f = \nabla f \cdot u = 3 \times 0.6 + 5 \times 0.8 = 5.8$. Note $\lVert u \rVert = 1$;
with a vector that is not of unit length the dot product would not be a slope.
""",
    ),
    "ch02-steepest": Number(
        question=(
            "For the same f at p = (1, 1), what is the largest directional derivative over all "
            "unit directions u?"
        ),
        answer=34**0.5,
        hint="the largest value of ∇f · u over unit vectors u is the length ‖∇f‖ = √(3² + 5²).",
        explanation=r"""
$\lVert \nabla f(1, 1) \rVert = \sqrt{3^2 + 5^2} = \sqrt{34} \approx 5.83$, reached for
$u = (3, 5)/\sqrt{34}$. The direction $(0.6, 0.8)$ of the first check is only about $5.9°$ away from it,
which is why its slope, $5.8$, is so close to the maximum.
""",
    ),
}
