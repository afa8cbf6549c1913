"""Quick checks of chapter 5 (batch, stochastic and mini-batch gradient descent)."""

from gdkit.course.checks import Number, Option

CHECKS = {
    "ch05-updates-per-epoch": Number(
        question=(
            "A data set has N = 50,000 examples and you train with mini-batches of B = 100. "
            "How many updates does one epoch make?"
        ),
        answer=500,
        hint="an epoch visits every example once, B of them per update: N / B updates.",
        explanation=r"""
$N / B = 50{,}000 / 100 = 500$ updates, each costing 100 per-example gradients: $50{,}000$ per epoch,
exactly what one update of batch gradient descent costs.
""",
    ),
    "ch05-variance": Number(
        question=(
            "With B = 16 the mini-batch gradient has variance 0.8 (and B is much smaller than N). "
            "What variance do you expect with B = 64?"
        ),
        answer=0.2,
        hint="the variance of an average of B independent draws is σ_g²/B: 4 times the batch, "
        "a quarter of the variance.",
        explanation=r"""
$\sigma_g^2/B$ with four times the batch: $0.8/4 = 0.2$. The typical error, the square root, only halves.
""",
    ),
    "ch05-which-settles": Option(
        question=(
            "Stochastic gradient descent with a constant learning rate reaches the region of the "
            "minimum and then keeps jittering. Which change makes it settle: 'more epochs', "
            "'decaying rate' or 'shuffling'?"
        ),
        options=("more epochs", "decaying rate", "shuffling"),
        answer="decaying rate",
        hint="at the minimum the full gradient is zero but each example's gradient is not; "
        "what scales the size of the jitter?",
        explanation=r"""
`"decaying rate"`. The jitter's size is proportional to $\alpha$ (times the noise $\sigma_g^2/B$), and more
epochs at the same $\alpha$ only jitter longer. Shuffling changes which examples make up each batch,
not how noisy a batch is. (A larger batch would also shrink the jitter, but not to zero.)
""",
    ),
}
