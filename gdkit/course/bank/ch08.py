"""Quick checks of chapter 8 (local minima and convexity)."""

from gdkit.course.checks import Number, Option

CHECKS = {
    "ch08-convex": Option(
        question='Is L(x, y) = x² + 3xy + y² convex? Answer "yes" or "no".',
        options=("yes", "no"),
        answer="no",
        hint="compute the Hessian's eigenvalues: are they all ≥ 0?",
        explanation=r"""
No. Its Hessian is the constant matrix $\begin{pmatrix} 2 & 3 \\ 3 & 2 \end{pmatrix}$, with eigenvalues $5$ and $-1$. The negative eigenvalue means the graph bends down along the direction $(1, -1)$: along the line $y = -x$, $L = -x^2$. The origin is a saddle point, not a minimum.
""",
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
        explanation=r"""
$14$. We need $1 - 0.8^k \ge 0.95$, that is $0.8^k \le 0.05$, so $k \ge \ln 0.05 / \ln 0.8 \approx 13.4$, and the smallest whole number is 14 ($0.8^{13} \approx 0.055$ is not enough; $0.8^{14} \approx 0.044$ is).
""",
    ),
}
