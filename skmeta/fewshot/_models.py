"""Batched feed-forward models: loss, gradient and Hessian-vector product over many tasks.

Every array carries the task axis first. Parameters are a list ``[W1, b1, W2, b2, ...]``
with ``W_l`` of shape (n_tasks, fan_in, fan_out) and ``b_l`` of shape (n_tasks, fan_out);
data are ``X`` (n_tasks, n_rows, n_features), targets ``y`` (n_tasks, n_rows) and a
boolean ``mask`` (n_tasks, n_rows) marking the real rows of tasks of unequal size.

A model with no hidden layer is linear regression (``loss='squared_error'``), logistic
regression (``'log_loss'``, one output) or softmax regression (``'softmax'``, one output
per class); hidden layers (ReLU or tanh) make it an MLP. The loss of a task is the mean
of its rows' losses.

Gradients are backpropagation written out with einsum; Hessian-vector products use
Pearlmutter's R-operator ("Fast exact multiplication by the Hessian", Neural Computation
6(1), 1994): one forward and one backward pass of directional derivatives, exact, at
about twice the cost of a gradient. Nothing loops over tasks or rows.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np

from ..utils._checks import is_int

__all__ = ["BatchedMLP"]

LOSSES = ("squared_error", "log_loss", "softmax")
ACTIVATIONS = ("relu", "tanh", "identity")


# Every product is one BLAS call per task, also with a shared ``W`` (no task axis):
# stacking the tasks' rows into one 2-D product would be a little faster, but BLAS
# kernels may round a row differently with the number of rows (OpenBLAS's float32 gemv
# does), and then a task's result would depend on how many tasks share its meta-batch
# chunk, i.e. on n_jobs.


def _mm(a, W):
    """``a @ W`` per task (shared or per-task ``W``)."""
    if a.shape[-1] == 1:  # an outer product: broadcasting beats a BLAS call with k=1
        return a * (W if W.ndim == 2 else W[:, None, 0, :])
    return np.matmul(a, W)


def _mm_t(a, W):
    """``a @ W.T`` per task (shared or per-task ``W``)."""
    if a.shape[-1] == 1:  # outer product, as in _mm
        return a * (W.T if W.ndim == 2 else W[:, None, :, 0])
    return np.matmul(a, W.T if W.ndim == 2 else W.transpose(0, 2, 1))


def _bias(b):
    return b if b.ndim == 1 else b[:, None, :]


@functools.lru_cache(maxsize=32)
def _ones(n_tasks: int, n_rows: int, dtype: np.dtype) -> np.ndarray:
    ones = np.ones((n_tasks, 1, n_rows), dtype=dtype)
    ones.flags.writeable = False
    return ones


def _row_sum(a):
    """``a.sum(axis=1)`` for (tasks, rows, k) as a batched product (a faster reduction)."""
    return np.matmul(_ones(a.shape[0], a.shape[1], a.dtype), a)[:, 0, :]


@dataclass(frozen=True)
class BatchedMLP:
    """A feed-forward architecture evaluated on a batch of tasks at once.

    Parameters
    ----------
    n_features : int
        Number of inputs.
    n_outputs : int
        1 for regression and binary classification, the number of classes for softmax.
    hidden_layer_sizes : tuple of int, default=()
        Empty for a linear / logistic / softmax model.
    activation : {'relu', 'tanh', 'identity'}, default='relu'
        Activation of the hidden layers.
    loss : {'squared_error', 'log_loss', 'softmax'}, default='squared_error'
        Loss of the output (mean squared error, logistic or softmax log loss).

    Examples
    --------
    >>> import numpy as np
    >>> from skmeta.fewshot import BatchedMLP
    >>> model = BatchedMLP(3, 1, (8,), loss="squared_error")
    >>> params = model.init_params(np.random.default_rng(0))
    >>> batch = model.broadcast(params, 5)  # the same start for 5 tasks
    >>> X = np.random.default_rng(1).normal(size=(5, 10, 3))
    >>> y = X.sum(axis=2)
    >>> loss, grads = model.loss_and_grad(batch, X, y)
    >>> loss.shape, [g.shape for g in grads][:2]
    ((5,), [(5, 3, 8), (5, 8)])
    """

    n_features: int
    n_outputs: int
    hidden_layer_sizes: tuple = ()
    activation: str = "relu"
    loss: str = "squared_error"

    def __post_init__(self):
        for name in ("n_features", "n_outputs"):
            value = getattr(self, name)
            if not is_int(value):
                raise TypeError(f"{name} must be an int; got {type(value).__name__} {value!r}.")
            if value < 1:
                raise ValueError(f"{name} must be >= 1; got {value}.")
            object.__setattr__(self, name, int(value))
        hidden = self.hidden_layer_sizes
        if isinstance(hidden, str | bytes) or not hasattr(hidden, "__iter__"):
            raise TypeError(
                f"hidden_layer_sizes must be a tuple of ints, one per hidden layer (() for "
                f"none); got {hidden!r}."
            )
        if not all(is_int(h) and h >= 1 for h in hidden):
            raise ValueError(f"hidden layer sizes must be positive ints; got {tuple(hidden)}.")
        # a tuple of plain ints, so that equal architectures compare (and hash) equal
        object.__setattr__(self, "hidden_layer_sizes", tuple(int(h) for h in hidden))
        if self.loss not in LOSSES:
            raise ValueError(f"loss must be one of {LOSSES}; got {self.loss!r}.")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}; got {self.activation!r}.")
        if self.loss == "log_loss" and self.n_outputs != 1:
            raise ValueError("log_loss (binary) needs n_outputs=1; use 'softmax' for classes.")
        if self.loss == "softmax" and self.n_outputs < 2:
            raise ValueError("softmax needs n_outputs >= 2.")

    # ------------------------------------------------------------ parameters
    @property
    def layer_sizes(self) -> list[int]:
        return [self.n_features, *self.hidden_layer_sizes, self.n_outputs]

    @property
    def shapes(self) -> list[tuple[int, ...]]:
        """Shapes of the parameters of one task: W1, b1, W2, b2, ..."""
        sizes = self.layer_sizes
        out = []
        for fan_in, fan_out in itertools.pairwise(sizes):
            out += [(fan_in, fan_out), (fan_out,)]
        return out

    def init_params(self, rng: np.random.Generator) -> list[np.ndarray]:
        """Glorot-uniform weights (He for ReLU), zero biases; one task (no task axis)."""
        params = []
        sizes = self.layer_sizes
        for i, (fan_in, fan_out) in enumerate(itertools.pairwise(sizes)):
            hidden = i < len(sizes) - 2
            gain = 2.0 if (hidden and self.activation == "relu") else 1.0
            limit = np.sqrt(3.0 * gain / fan_in) if hidden else np.sqrt(6.0 / (fan_in + fan_out))
            params.append(rng.uniform(-limit, limit, size=(fan_in, fan_out)))
            params.append(np.zeros(fan_out))
        return params

    @staticmethod
    def broadcast(params: list[np.ndarray], n_tasks: int) -> list[np.ndarray]:
        """Copies of one set of parameters for ``n_tasks`` tasks (task axis first)."""
        return [np.broadcast_to(p, (n_tasks, *p.shape)).copy() for p in params]

    # ------------------------------------------------------------ internals
    def _act_d2(self, a, d1):
        if self.activation == "tanh":
            return -2.0 * a * d1
        return None  # ReLU and identity: zero almost everywhere

    def _forward(self, params, X):
        """Activations, pre-activations and activation derivatives of every layer.

        ``derivs[l]`` is the derivative of the activation at ``pre[l]`` (None for the
        identity); it is computed once here and reused by the backward and R passes.
        """
        activations = [X]
        pre = []
        derivs = []
        n_layers = len(params) // 2
        a = X
        for layer in range(n_layers):
            W, b = params[2 * layer], params[2 * layer + 1]
            z = _mm(a, W)
            z += _bias(b)
            pre.append(z)
            if layer < n_layers - 1:
                if self.activation == "relu":
                    d1 = (z > 0).astype(z.dtype)
                    a = z * d1
                elif self.activation == "tanh":
                    a = np.tanh(z)
                    d1 = 1.0 - a * a
                else:
                    a, d1 = z, None
                derivs.append(d1)
                activations.append(a)
        return activations, pre, derivs

    def _weights(self, X, mask):  # row weights: 1 / (rows of the task) on real rows
        n_tasks, n_rows = X.shape[:2]
        if mask is None:
            return np.full((n_tasks, n_rows), 1.0 / n_rows, dtype=X.dtype)
        mask = mask.astype(X.dtype)
        return mask / np.maximum(mask.sum(axis=1, keepdims=True), 1.0)

    def _output_loss(self, z, y, w):
        """Per-task loss and dL/dz (rows weighted by ``w``)."""
        if self.loss == "squared_error":
            r = z[..., 0] - y
            loss = np.einsum("tn,tn->t", w, r * r)
            dz = (2.0 * w * r)[..., None]
            return loss, dz, None
        if self.loss == "log_loss":
            z0 = z[..., 0]
            # log(1 + e^z) - y z, stably
            per_row = np.logaddexp(0.0, z0) - y * z0
            p = 0.5 * (1.0 + np.tanh(0.5 * z0))  # sigmoid without overflow
            loss = np.einsum("tn,tn->t", w, per_row)
            return loss, (w * (p - y))[..., None], p
        zmax = z.max(axis=2, keepdims=True)
        e = np.exp(z - zmax)
        s = e.sum(axis=2, keepdims=True)
        p = e / s
        yi = y.astype(np.intp)
        z_true = np.take_along_axis(z, yi[..., None], axis=2)[..., 0]
        per_row = (np.log(s[..., 0]) + zmax[..., 0]) - z_true
        loss = np.einsum("tn,tn->t", w, per_row)
        dz = p.copy()
        np.put_along_axis(dz, yi[..., None], np.take_along_axis(dz, yi[..., None], 2) - 1.0, 2)
        return loss, dz * w[..., None], p

    def _backward(self, params, activations, derivs, dz):
        """Gradients, plus what the R pass reuses.

        ``deltas[l]``: dLoss/d(pre-activation of layer l); ``backs[l]``: dLoss/d(output
        of hidden layer l), i.e. ``deltas[l + 1] @ W_(l+1).T``.
        """
        n_layers = len(params) // 2
        grads = [None] * len(params)
        backs = [None] * (n_layers - 1)
        deltas = [None] * n_layers
        delta = dz
        for layer in range(n_layers - 1, -1, -1):
            deltas[layer] = delta
            a_prev = activations[layer]
            grads[2 * layer] = np.matmul(a_prev.transpose(0, 2, 1), delta)
            grads[2 * layer + 1] = _row_sum(delta)
            if layer > 0:
                back = _mm_t(delta, params[2 * layer])
                backs[layer - 1] = back
                d1 = derivs[layer - 1]
                delta = back if d1 is None else back * d1
        return grads, backs, deltas

    # ------------------------------------------------------------ public API
    def predict_raw(self, params: list[np.ndarray], X: np.ndarray) -> np.ndarray:
        """Outputs before the link: (n_tasks, n_rows, n_outputs)."""
        return self._forward(params, X)[1][-1]

    def task_loss(
        self, params: list[np.ndarray], X: np.ndarray, y: np.ndarray, mask: np.ndarray | None = None
    ) -> np.ndarray:
        """Per-task mean loss, shape (n_tasks,)."""
        pre = self._forward(params, X)[1]
        return self._output_loss(pre[-1], y, self._weights(X, mask))[0]

    def loss_and_grad(
        self,
        params: list[np.ndarray],
        X: np.ndarray,
        y: np.ndarray,
        mask: np.ndarray | None = None,
        *,
        return_cache: bool = False,
    ) -> tuple[np.ndarray, list[np.ndarray]] | tuple[np.ndarray, list[np.ndarray], tuple]:
        """Per-task losses (n_tasks,) and gradients (same shapes as ``params``).

        With ``return_cache``, also the forward and backward passes' intermediates,
        which :meth:`hvp` at the same point reuses instead of recomputing them.
        """
        activations, pre, derivs = self._forward(params, X)
        w = self._weights(X, mask)
        loss, dz, p = self._output_loss(pre[-1], y, w)
        grads, backs, deltas = self._backward(params, activations, derivs, dz)
        if return_cache:
            return loss, grads, (activations, derivs, w, p, backs, deltas)
        return loss, grads

    def hvp(
        self,
        params: list[np.ndarray],
        X: np.ndarray,
        y: np.ndarray,
        vectors: list[np.ndarray],
        mask: np.ndarray | None = None,
        *,
        cache: tuple | None = None,
    ) -> list[np.ndarray]:
        """Per-task Hessian of the loss times ``vectors`` (same shapes as ``params``).

        Pearlmutter's R-operator: forward pass of directional derivatives R(z), R(a),
        then the backward pass of R(delta); exact (ReLU's second derivative is zero
        almost everywhere).
        """
        if cache is None:
            cache = self.loss_and_grad(params, X, y, mask, return_cache=True)[2]
        activations, derivs, w, p, backs, deltas = cache
        n_layers = len(params) // 2
        # forward R pass; R(a_0) = R(X) = 0
        r_act = [None]
        r_pre = []
        for layer in range(n_layers):
            W, V, Vb = params[2 * layer], vectors[2 * layer], vectors[2 * layer + 1]
            rz = _mm(activations[layer], V)
            rz += _bias(Vb)
            if layer > 0:
                rz += _mm(r_act[layer], W)
            r_pre.append(rz)
            if layer < n_layers - 1:
                d1 = derivs[layer]
                r_act.append(rz if d1 is None else d1 * rz)
        # R of the output delta: (d2 loss / dz2) R(z), rows weighted
        rz = r_pre[-1]
        if self.loss == "squared_error":
            r_delta = (2.0 * w)[..., None] * rz
        elif self.loss == "log_loss":
            r_delta = (w * p * (1.0 - p))[..., None] * rz
        else:
            pr = p * rz
            r_delta = w[..., None] * (pr - p * pr.sum(axis=2, keepdims=True))
        # backward R pass (the plain deltas and backs come from the cache)
        out = [None] * len(params)
        for layer in range(n_layers - 1, -1, -1):
            out[2 * layer] = np.matmul(activations[layer].transpose(0, 2, 1), r_delta)
            out[2 * layer + 1] = _row_sum(r_delta)
            if layer > 0:
                delta = deltas[layer]
                out[2 * layer] += np.matmul(r_act[layer].transpose(0, 2, 1), delta)
                W, V = params[2 * layer], vectors[2 * layer]
                r_back = _mm_t(r_delta, W)
                r_back += _mm_t(delta, V)
                d1 = derivs[layer - 1]
                r_delta = r_back if d1 is None else r_back * d1
                d2 = self._act_d2(activations[layer], d1)
                if d2 is not None:
                    r_delta += backs[layer - 1] * d2 * r_pre[layer - 1]
        return out

    def to_dict(self) -> dict:
        """The architecture as a JSON-ready dict (the parameters are stored apart)."""
        return {
            "n_features": self.n_features,
            "n_outputs": self.n_outputs,
            "hidden_layer_sizes": [int(h) for h in self.hidden_layer_sizes],
            "activation": self.activation,
            "loss": self.loss,
        }
