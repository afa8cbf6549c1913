"""Quick checks of chapter 11 (vanishing and exploding gradients)."""

from gdkit.course.checks import Number

CHECKS = {
    "ch11-sigmoid-max": Number(
        question="What is the largest value of the sigmoid's derivative σ'(z)?",
        answer=0.25,
        hint="σ'(z) = σ(z)(1 − σ(z)); where is a product p(1 − p) largest?",
        explanation=r"""
$1/4$, at $z = 0$, because $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$ and a product $p(1-p)$ of two
numbers adding up to one is largest when both are $1/2$.
""",
    ),
    "ch11-rnn-fraction": Number(
        question=(
            "A linear RNN has spectral radius r(W) = 0.9. Roughly what fraction of the gradient "
            "survives 50 steps back (to two significant digits)?"
        ),
        answer=0.9**50,
        hint="each step back multiplies by about r(W), so k steps by about r(W)^k.",
        rtol=0.03,
        explanation=r"""
About $0.9^{50} \approx 0.0052$, half a percent. (The exact norm also depends on the eigenvectors of $W$,
which is why the curves above are not exactly $r(W)^k$; their *rate* is $r(W)$.)
""",
    ),
}
