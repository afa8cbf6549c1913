r"""A tiny multi-layer perceptron with backpropagation written out by hand.

The network's weights and biases live in one flat vector :math:`\theta`, so every optimiser of
the course trains it unchanged, and :func:`gdkit.fit` treats it like any other model. Each
activation is stored next to its derivative, and the backward pass walks the layers in reverse,
applying the chain rule one operation at a time (in the spirit of micrograd).

Also here: :func:`gradient_check` (backpropagation against finite differences) and
:func:`rnn_gradient_norms` (why gradients vanish or explode through many steps).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ._validation import MAX_ELEMENTS, check_count, check_int, check_positive, check_rng
from .models import check_batch, check_binary_targets, check_inputs, check_theta, sigmoid

__all__ = ["MLP", "gradient_check", "rnn_gradient_norms"]

# Each activation a = f(z) next to its derivative f'(z), written with z and a = f(z) at hand.
_Activation = tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray, np.ndarray], Any]]
ACTIVATIONS: dict[str, _Activation] = {
    "relu": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    "sigmoid": (sigmoid, lambda z, a: a * (1.0 - a)),  # at most 1/4
    "tanh": (np.tanh, lambda z, a: 1.0 - a * a),
    "linear": (lambda z: z, lambda z, a: np.ones_like(z)),
}
_OUTPUTS = ("sigmoid", "linear")
_INITS = ("he", "xavier", "normal")


class MLP:
    r"""A fully connected network :math:`\mathbb R^d \to \mathbb R` trained with backpropagation.

    With :math:`h_0 = x` and layers :math:`\ell = 1, \dots, D` (the depth :math:`D`):

    .. math::

        z_\ell = W_\ell h_{\ell-1} + b_\ell, \qquad
        h_\ell = \phi(z_\ell) \quad (\text{or } h_\ell = h_{\ell-1} + \phi(z_\ell)
        \text{ with residual connections}),

    and the output :math:`\hat y = \sigma(z_D)` (classification, binary cross-entropy loss) or
    :math:`\hat y = z_D` (regression, mean squared error). Backpropagation runs the chain rule
    backwards:

    .. math::

        \delta_D = \frac{\partial L}{\partial z_D}, \qquad
        \frac{\partial L}{\partial W_\ell} = \delta_\ell\, h_{\ell-1}^\top, \qquad
        \frac{\partial L}{\partial b_\ell} = \delta_\ell, \qquad
        \delta_{\ell-1} = \bigl(W_\ell^\top \delta_\ell\bigr) \odot \phi'(z_{\ell-1}).

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, e.g. ``(2, 16, 16, 1)``; the last must be 1.
    activation : {"relu", "sigmoid", "tanh"}
        The hidden layers' activation :math:`\phi`.
    output : {"sigmoid", "linear"}
        ``"sigmoid"``: binary classification with labels 0/1 and cross-entropy loss.
        ``"linear"``: regression with the mean squared error.
    residual : bool
        Add skip connections :math:`h \leftarrow h + \phi(W h + b)` between consecutive hidden
        layers of equal width.
    init : {"he", "xavier", "normal"}
        Weight initialisation: He (:math:`\mathcal N(0, 2/n_\text{in})`, for ReLU), Xavier or
        Glorot (:math:`\mathcal N(0, 2/(n_\text{in} + n_\text{out}))`, for sigmoid and tanh), or
        a plain :math:`\mathcal N(0, s^2)` with :math:`s` = ``init_std``, whatever the width.
        Biases start at 0.
    init_std : float
        Standard deviation :math:`s` of the weights for ``init="normal"``.

    Notes
    -----
    :math:`\theta` stacks, layer after layer, :math:`W_\ell` (shape ``(n_out, n_in)``, row by
    row) and then :math:`b_\ell`. With ``sizes=(d, 1)`` and a linear output the network is
    exactly :class:`LeastSquares`, with a sigmoid output exactly :class:`LogisticRegression`,
    with the same :math:`\theta`.

    Examples
    --------
    >>> import gdkit as gd
    >>> net = MLP(sizes=(2, 8, 1))
    >>> theta = net.init(rng=np.random.default_rng(0))
    >>> theta.shape                           # 2*8 + 8 + 8*1 + 1
    (33,)
    >>> X, y = gd.two_moons(n=50)
    >>> net.grad(theta, X, y).shape
    (33,)
    >>> gradient_check(net, theta, X, y) < 1e-6
    True
    """

    def __init__(
        self,
        sizes: Sequence[int] = (2, 16, 16, 1),
        activation: str = "relu",
        output: str = "sigmoid",
        residual: bool = False,
        init: str = "he",
        init_std: float = 1.0,
    ) -> None:
        try:
            sizes = tuple(sizes)
        except TypeError:
            raise ValueError(f"sizes must be a sequence of layer widths, got {sizes!r}") from None
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output width, got {sizes!r}")
        self.sizes = tuple(check_int("every layer width in sizes", s, minimum=1) for s in sizes)
        n_params = sum(a * b + b for a, b in zip(self.sizes[:-1], self.sizes[1:]))
        if n_params > MAX_ELEMENTS // 10:
            raise ValueError(
                f"sizes={self.sizes} gives {n_params:,} parameters, more than "
                f"{MAX_ELEMENTS // 10:,}; use narrower layers"
            )
        if self.sizes[-1] != 1:
            raise ValueError(f"the output width (last of sizes) must be 1, got {self.sizes[-1]}")
        if not isinstance(activation, str) or activation not in ("relu", "sigmoid", "tanh"):
            raise ValueError(f"activation must be 'relu', 'sigmoid' or 'tanh', got {activation!r}")
        if not isinstance(output, str) or output not in _OUTPUTS:
            raise ValueError(f"output must be 'sigmoid' or 'linear', got {output!r}")
        if not isinstance(init, str) or init not in _INITS:
            raise ValueError(f"init must be 'he', 'xavier' or 'normal', got {init!r}")
        self.activation = activation
        self.output = output
        self.residual = bool(residual)
        self.init_scheme = init
        self.init_std = check_positive("init_std", init_std)
        self.name = f"MLP{self.sizes}"

    # ----- the flat parameter vector ------------------------------------------------------------

    @property
    def shapes(self) -> list[tuple[int, int]]:
        """``(n_out, n_in)`` of every weight matrix, input to output."""
        return list(zip(self.sizes[1:], self.sizes[:-1]))

    @property
    def n_layers(self) -> int:
        """Number of weight layers (hidden layers plus the output layer)."""
        return len(self.sizes) - 1

    def n_params(self, d: int | None = None) -> int:
        """Length of :math:`\\theta`; ``d``, if given, is checked against the input width."""
        self._check_input_dim(d)
        return sum(n_out * n_in + n_out for n_out, n_in in self.shapes)

    def unpack(self, theta: Any) -> list[tuple[np.ndarray, np.ndarray]]:
        """Split :math:`\\theta` into ``[(W_1, b_1), ..., (W_L, b_L)]`` (views, not copies)."""
        theta = check_theta(theta, self.n_params(), f"the weights and biases of {self.name}")
        params, start = [], 0
        for n_out, n_in in self.shapes:
            W = theta[start : start + n_out * n_in].reshape(n_out, n_in)
            start += n_out * n_in
            b = theta[start : start + n_out]
            start += n_out
            params.append((W, b))
        return params

    def pack(self, params: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """The inverse of :meth:`unpack`: one flat vector from a list of ``(W, b)`` pairs."""
        if not isinstance(params, (list, tuple)):
            raise ValueError(f"{self.name} needs a list of (W, b) pairs, got {params!r:.80}")
        if len(params) != self.n_layers:
            raise ValueError(
                f"{self.name} needs one (W, b) pair per layer ({self.n_layers}), got {len(params)}"
            )
        parts = []
        for (W, b), shape in zip(params, self.shapes):
            W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
            if W.shape != shape or b.shape != (shape[0],):
                raise ValueError(
                    f"expected W of shape {shape} and b of shape {(shape[0],)}, "
                    f"got {W.shape} and {b.shape}"
                )
            parts += [W.ravel(), b]
        return np.concatenate(parts)

    def init(self, d: int | None = None, rng: np.random.Generator | None = None) -> np.ndarray:
        """Random starting weights (see ``init`` above) and zero biases.

        The arguments are those of every :class:`~gdkit.Model`: ``d``, if given, is checked
        against the input width; ``rng`` defaults to ``np.random.default_rng(0)``. (The old order
        ``init(rng)`` still works for one release, with a DeprecationWarning.)
        """
        if isinstance(d, np.random.Generator):
            warnings.warn(
                "MLP.init(rng) is deprecated: the arguments are init(d=None, rng=None), as for "
                "every Model; call init(rng=rng)",
                DeprecationWarning,
                stacklevel=2,
            )
            d, rng = rng, d
        self._check_input_dim(d)
        rng = check_rng(rng)
        params = []
        for n_out, n_in in self.shapes:
            if self.init_scheme == "he":
                std = np.sqrt(2.0 / n_in)
            elif self.init_scheme == "xavier":
                std = np.sqrt(2.0 / (n_in + n_out))
            else:
                std = self.init_std
            params.append((std * rng.standard_normal((n_out, n_in)), np.zeros(n_out)))
        return self.pack(params)

    def _check_input_dim(self, d: int | None) -> None:
        if d is not None and d != self.sizes[0]:
            raise ValueError(f"{self.name} takes {self.sizes[0]} input features, got d={d}")

    def _skips(self, layer: int) -> bool:
        """Whether hidden layer ``layer`` (0-based) has a skip connection around it."""
        n_out, n_in = self.shapes[layer]
        is_hidden = 0 < layer < self.n_layers - 1  # from one hidden layer to the next
        return self.residual and is_hidden and n_out == n_in

    # ----- forward and backward -----------------------------------------------------------------

    def _forward(self, theta: Any, X: np.ndarray) -> tuple[np.ndarray, list[tuple]]:
        """The output logits ``z_D`` (shape ``(n,)``) and, per layer, ``(h_in, z, a)`` for backprop."""
        params = self.unpack(theta)
        X = check_inputs(X, self.sizes[0])
        phi, _ = ACTIVATIONS[self.activation]
        h, tape = X, []
        for layer, (W, b) in enumerate(params):
            z = h @ W.T + b
            if layer == self.n_layers - 1:  # output layer: the loss takes the logit z itself
                tape.append((h, z, None))
                break
            a = phi(z)
            tape.append((h, z, a))
            h = h + a if self._skips(layer) else a
        return z[:, 0], tape

    def activations(self, theta: Any, X: Any, pre: bool = False):
        r"""The activations :math:`h_0, h_1, \dots, h_D` of every layer, for each row of ``X``.

        :math:`h_0` is ``X`` itself, :math:`h_\ell` (shape ``(n, sizes[ℓ])``) the output of
        layer :math:`\ell` (with its skip connection if ``residual``), and :math:`h_D` the
        network's output :math:`\hat y` as a column, shape ``(n, 1)`` (:meth:`forward` gives
        it flat). With ``pre=True``, also the pre-activations
        :math:`z_1, \dots, z_D` (:math:`z_\ell = W_\ell h_{\ell-1} + b_\ell`), as a second
        list: ``hs, zs = net.activations(theta, X, pre=True)``.

        Examples
        --------
        >>> net = MLP(sizes=(2, 3, 1))
        >>> theta = net.init(rng=np.random.default_rng(0))
        >>> hs, zs = net.activations(theta, np.ones((4, 2)), pre=True)
        >>> [h.shape for h in hs], [z.shape for z in zs]
        ([(4, 2), (4, 3), (4, 1)], [(4, 3), (4, 1)])
        >>> bool(np.all(hs[1] >= 0))   # ReLU activations
        True
        """
        X = check_inputs(X, self.sizes[0])
        _, tape = self._forward(theta, X)
        hs = [h_in for h_in, _, _ in tape]
        zs = [z for _, z, _ in tape]
        z_out = zs[-1]
        hs.append(sigmoid(z_out) if self.output == "sigmoid" else z_out)
        return (hs, zs) if pre else hs

    def forward(self, theta: Any, X: Any) -> np.ndarray:
        r"""The network's output for each row of ``X``: :math:`\hat y`, shape ``(n,)``.

        A probability of label 1 for a sigmoid output, a real number for a linear output.
        """
        z, _ = self._forward(theta, X)
        return sigmoid(z) if self.output == "sigmoid" else z

    def predict(self, theta: Any, X: Any) -> np.ndarray:
        """Labels 0.0/1.0 (sigmoid output, threshold 1/2) or the regression output (linear)."""
        y_hat = self.forward(theta, X)
        return (y_hat >= 0.5).astype(float) if self.output == "sigmoid" else y_hat

    def loss(self, theta: Any, X: Any, y: Any) -> float:
        r"""Mean binary cross-entropy (sigmoid output) or mean squared error (linear output)."""
        X, y = check_batch(X, y)
        z, _ = self._forward(theta, X)
        if self.output == "sigmoid":
            check_binary_targets(y)
            # -y log σ(z) - (1 - y) log(1 - σ(z)), written without log(0)
            return float(np.mean(np.logaddexp(0.0, z) - y * z))
        return float(np.mean((z - y) ** 2))

    def _backward(self, theta: Any, X: Any, y: Any, per_example: bool) -> list[tuple]:
        """Backpropagation: ``[(dW, db), ...]`` input to output, summed over examples or not.

        ``delta`` is dℓ_i/dz for the current layer (one row per example); ``dh`` is dℓ_i/dh for
        the layer's output h. Each step undoes one forward operation.
        """
        X, y = check_batch(X, y)
        params = self.unpack(theta)
        _, tape = self._forward(theta, X)
        _, dphi = ACTIVATIONS[self.activation]

        def weight_grads(delta: np.ndarray, h_in: np.ndarray) -> tuple:
            # z = h_in W^T + b:  dW = delta^T h_in,  db = delta  (per example, or summed)
            if per_example:
                return np.einsum("no,ni->noi", delta, h_in), delta
            return delta.T @ h_in, delta.sum(axis=0)

        # Output layer: the loss takes the logit z_L directly.
        h_in, z, _ = tape[-1]
        if self.output == "sigmoid":
            check_binary_targets(y)
            delta = sigmoid(z) - y[:, None]  # d/dz of log(1 + e^z) - y z
        else:
            delta = 2.0 * (z - y[:, None])  # d/dz of (z - y)^2
        grads = [weight_grads(delta, h_in)]
        dh = delta @ params[-1][0]  # z = h W^T + b:  dh = delta W

        # Hidden layers, last to first.
        for layer in reversed(range(self.n_layers - 1)):
            W, _ = params[layer]
            h_in, z, a = tape[layer]
            delta = dh * dphi(z, a)  # a = phi(z):  dz = da * phi'(z)
            grads.append(weight_grads(delta, h_in))
            if self._skips(layer):
                dh = delta @ W + dh  # h = h_in + phi(z): the skip passes dh straight through
            else:
                dh = delta @ W  # h = phi(z) with z = h_in W^T + b
        return grads[::-1]

    def grad(self, theta: Any, X: Any, y: Any) -> np.ndarray:
        r""":math:`\nabla L(\theta)` by backpropagation, as a flat vector like ``theta``."""
        n = len(np.asarray(X))
        return self.pack([(dW / n, db / n) for dW, db in self._backward(theta, X, y, False)])

    def per_example_grads(self, theta: Any, X: Any, y: Any) -> np.ndarray:
        r"""Row ``i`` is :math:`\nabla \ell_i(\theta)`, the gradient on example ``i`` alone."""
        grads = self._backward(theta, X, y, per_example=True)
        n = len(grads[0][1])
        return np.concatenate([np.hstack([dW.reshape(n, -1), db]) for dW, db in grads], axis=1)

    def layer_grad_norms(self, theta: Any, X: Any, y: Any) -> np.ndarray:
        r"""The norm :math:`\lVert \partial L / \partial W_\ell \rVert` of every layer, input first.

        Plotted on a log scale against depth, these norms show gradients vanishing (deep sigmoid
        networks) or exploding (large initial weights).
        """
        n = len(np.asarray(X))
        return np.array([np.linalg.norm(dW / n) for dW, _ in self._backward(theta, X, y, False)])

    def __repr__(self) -> str:
        return (
            f"MLP(sizes={self.sizes}, activation={self.activation!r}, output={self.output!r}, "
            f"residual={self.residual}, init={self.init_scheme!r})"
        )


def gradient_check(model: Any, theta: Any, X: Any, y: Any, eps: float = 1e-6) -> float:
    r"""Largest relative error between ``model.grad`` and central finite differences.

    For every parameter :math:`\theta_j`,

    .. math::

        \tilde g_j = \frac{L(\theta + h e_j) - L(\theta - h e_j)}{2 h},
        \qquad
        \text{error} = \frac{\max_j |g_j - \tilde g_j|}{\max_j \max(|g_j|, |\tilde g_j|)}

    where :math:`g` is the gradient from backpropagation: the largest disagreement, relative to
    the size of the gradient (so tiny components, where finite differences are mostly rounding
    error, do not raise false alarms). Values around 1e-7 or below mean the backward pass is
    right; 1e-3 or more means a bug, or a point where the loss has a kink (ReLU at exactly 0).
    The check costs two loss evaluations per parameter, which is exactly why networks are
    trained with backpropagation instead.

    Parameters
    ----------
    model : MLP, LeastSquares, LogisticRegression or similar
        Anything with ``loss(theta, X, y)`` and ``grad(theta, X, y)``.
    theta : array_like
        The parameters at which to compare.
    X, y : array_like
        The data.
    eps : float
        The finite-difference step :math:`h`, > 0 (the book's :math:`h`; the argument keeps the
        name ``eps`` for compatibility).

    Returns
    -------
    float

    Examples
    --------
    >>> from gdkit.models import LeastSquares
    >>> X, y = np.array([[0.0], [1.0], [2.0]]), np.array([1.0, 2.0, 2.0])
    >>> gradient_check(LeastSquares(), [0.3, -0.2], X, y) < 1e-8
    True
    """
    eps = check_positive("eps", eps)
    try:
        theta = np.array(theta, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"theta must be a vector of numbers, got {theta!r:.80}") from None
    if theta.ndim != 1 or theta.size == 0:
        raise ValueError(
            f"theta must be a non-empty flat 1-D vector, got an array of shape {theta.shape}"
        )
    if not np.all(np.isfinite(theta)):
        raise ValueError(f"theta must be finite, got {theta}")
    g = np.asarray(model.grad(theta, X, y), dtype=float)
    g_numeric = np.empty_like(theta)
    for j in range(theta.size):
        step = np.zeros_like(theta)
        step[j] = eps
        g_numeric[j] = (model.loss(theta + step, X, y) - model.loss(theta - step, X, y)) / (2 * eps)
    scale = max(np.abs(g).max(), np.abs(g_numeric).max())
    if scale == 0.0:
        return 0.0  # both gradients are exactly zero: they agree
    return float(np.abs(g - g_numeric).max() / scale)


def rnn_gradient_norms(
    spectral_radius: float,
    steps: int,
    activation: str = "linear",
    hidden: int = 8,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    r"""How strongly the last state of a simple RNN depends on each earlier state.

    The recurrence :math:`h_t = \phi(W h_{t-1})`, :math:`t = 1, \dots, T`, has the Jacobian

    .. math::

        \frac{\partial h_T}{\partial h_t}
        = \prod_{k=t+1}^{T} \operatorname{diag}\bigl(\phi'(W h_{k-1})\bigr)\, W,

    a product of :math:`T - t` factors. ``W`` is a random Gaussian matrix rescaled so that its
    spectral radius (largest eigenvalue modulus) is ``spectral_radius`` = :math:`r(W)`. For a
    linear RNN the norm behaves like :math:`r(W)^{T-t}`: it vanishes for :math:`r(W) < 1` and
    explodes for :math:`r(W) > 1`. With tanh each factor also carries :math:`\phi' \le 1`, which
    damps the product further wherever units saturate (:math:`\phi' \approx 0`).

    Parameters
    ----------
    spectral_radius : float
        :math:`r(W) > 0`.
    steps : int
        Sequence length :math:`T \ge 1`.
    activation : {"linear", "tanh"}
        The activation :math:`\phi`.
    hidden : int
        Size of the hidden state.
    rng : numpy.random.Generator, optional
        Draws ``W`` and :math:`h_0 \sim \mathcal N(0, I)`; ``np.random.default_rng(0)`` if omitted.

    Returns
    -------
    numpy.ndarray
        Shape ``(steps + 1,)``: entry ``k`` is the spectral norm of
        :math:`\partial h_T / \partial h_{T-k}`, from :math:`t = T` (``k = 0``, the identity,
        norm 1) back to :math:`t = 0`. Past the float range the norms read ``inf``.

    Examples
    --------
    >>> norms = rnn_gradient_norms(0.5, steps=30)
    >>> float(norms[0]), bool(norms[-1] < 1e-6)
    (1.0, True)
    >>> bool(rnn_gradient_norms(1.5, steps=30)[-1] > 1e3)
    True
    """
    rho = check_positive("spectral_radius", spectral_radius)
    steps = check_count("steps", steps, minimum=1, maximum=10**5)
    hidden = check_count("hidden", hidden, minimum=1, maximum=2000)
    if activation not in ("linear", "tanh"):
        raise ValueError(f"activation must be 'linear' or 'tanh', got {activation!r}")
    rng = check_rng(rng)
    phi, dphi = ACTIVATIONS[activation]

    W = rng.standard_normal((hidden, hidden))
    W *= rho / np.max(np.abs(np.linalg.eigvals(W)))
    h = rng.standard_normal(hidden)
    norms = [1.0]
    with np.errstate(over="ignore", invalid="ignore"):  # a linear RNN may overflow: inf norms
        factors = []  # the Jacobians dh_k/dh_{k-1} = diag(phi'(z_k)) W, for k = 1..T
        for _ in range(steps):
            z = W @ h
            h = phi(z)
            factors.append(dphi(z, h)[:, None] * W)
        jacobian = np.eye(hidden)  # dh_T/dh_T
        for factor in reversed(factors):
            jacobian = jacobian @ factor  # dh_T/dh_{k-1} = dh_T/dh_k  dh_k/dh_{k-1}
            if np.all(np.isfinite(jacobian)):
                norms.append(float(np.linalg.norm(jacobian, ord=2)))
            else:
                norms.append(np.inf)
    return np.array(norms)
