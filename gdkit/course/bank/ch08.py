"""Quick checks of chapter 8 (local minima and convexity)."""

from gdkit.course.checks import Number, Option

CHECKS = {
    "ch08-convex": Option(
        question='Is L(x, y) = x² + 3xy + y² convex? Answer "yes" or "no".',
        options=("yes", "no"),
        answer="no",
        hint="compute the Hessian's eigenvalues: are they all ≥ 0?",
    ),
    "ch08-restarts": Number(
        question=(
            "A random start reaches the global minimum with probability p = 0.2. What is the "
            "smallest number of independent restarts that gives at least a 95% chance of finding it?"
        ),
        answer=14,
        hint="solve 1 − 0.8^k ≥ 0.95 for k, i.e. k ≥ ln 0.05 / ln 0.8, and round up.",
        rtol=0,
        atol=1e-9,
    ),
}
