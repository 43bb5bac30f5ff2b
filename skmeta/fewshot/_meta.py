"""MAML, first-order MAML, Reptile and Meta-SGD on batched models.

The math lives in pure functions over arrays with the task axis first; the estimators
in :mod:`skmeta.fewshot._estimators` only sample tasks and call :func:`meta_train`.

Inner loop (every task of the batch at once)::

    theta_0 = theta;  theta_{k+1} = theta_k - alpha * grad L_support(theta_k)

Meta-gradient of the query loss ``L_query(theta_K)`` (Finn et al., "Model-Agnostic
Meta-Learning", ICML 2017), back through the inner steps with exact Hessian-vector
products (second order)::

    u_K = grad L_query(theta_K);  u_k = u_{k+1} - H_support(theta_k) (alpha * u_{k+1})
    dL/dtheta = u_0;  dL/dalpha = -sum_k g_k * u_{k+1}   (Meta-SGD, Li et al. 2017)

First-order MAML takes ``u_k = u_K``; Reptile (Nichol et al. 2018) moves theta towards
the adapted parameters: its meta-"gradient" is ``theta - theta_K``.
"""

from __future__ import annotations

import itertools

import numpy as np
from joblib import effective_n_jobs
from sklearn.utils.parallel import Parallel, delayed
from threadpoolctl import threadpool_limits

from ._models import BatchedMLP

__all__ = ["ALGORITHMS", "Adam", "adapt", "meta_gradients", "meta_train"]

ALGORITHMS = ("maml", "fomaml", "reptile", "metasgd")


def adapt(model: BatchedMLP, params, alphas, X, y, mask, steps: int, keep_history=False):
    """``steps`` gradient steps on every task of the batch from ``params`` (batched).

    ``alphas``: one array per parameter, broadcastable to the parameter of one task
    (a 0-d array is a per-layer step size). Returns the adapted parameters (and, with
    ``keep_history``, the list of (theta_k, g_k, forward cache) of every step).
    """
    history = []
    theta = params
    for _ in range(steps):
        if keep_history:  # keep the forward pass for the Hessian-vector products
            _, grads, cache = model.loss_and_grad(theta, X, y, mask, return_cache=True)
            history.append((theta, grads, cache))
        else:
            _, grads = model.loss_and_grad(theta, X, y, mask)
        theta = [p - a * g for p, a, g in zip(theta, alphas, grads, strict=True)]
    return (theta, history) if keep_history else theta


def meta_gradients(model, theta, alphas, batch, *, algorithm, inner_steps, learn_alpha):
    """Per-task meta-gradients of one meta-batch.

    Parameters
    ----------
    model : BatchedMLP
    theta : list of ndarray
        The shared start (no task axis).
    alphas : list of ndarray
        Inner step sizes, one per parameter (0-d or the parameter's shape).
    batch : tuple
        ``(Xs, ys, ms, Xq, yq, mq)``: support and query sets with task axis first.
    algorithm : {'maml', 'fomaml', 'reptile', 'metasgd'}
    inner_steps : int
    learn_alpha : bool

    Returns
    -------
    query_loss : ndarray of shape (n_tasks,)
        Loss after adaptation (Reptile: on the whole task).
    theta_grads : list of ndarray
        Per-task meta-gradients, each of shape (n_tasks, *param.shape).
    alpha_grads : list of ndarray or None
        Per-task gradients of the step sizes, each (n_tasks, *alpha.shape).
    """
    Xs, ys, ms, Xq, yq, mq = batch
    n_tasks = Xs.shape[0]
    # the shared start has no task axis: products with it are one 2-D product for all
    # tasks; the parameters gain the task axis with the first inner step
    start = theta
    if algorithm == "reptile":
        X = np.concatenate([Xs, Xq], axis=1)
        y = np.concatenate([ys, yq], axis=1)
        m = np.concatenate([ms, mq], axis=1)
        adapted = adapt(model, start, alphas, X, y, m, inner_steps)
        loss = model.task_loss(adapted, X, y, m)
        return loss, [s - a for s, a in zip(start, adapted, strict=True)], None
    adapted, history = adapt(model, start, alphas, Xs, ys, ms, inner_steps, keep_history=True)
    loss, u = model.loss_and_grad(adapted, Xq, yq, mq)
    second_order = algorithm in ("maml", "metasgd")
    alpha_grads = (
        [np.zeros((n_tasks, *np.shape(a)), dtype=loss.dtype) for a in alphas]
        if learn_alpha
        else None
    )
    for theta_k, g_k, cache in reversed(history):
        if learn_alpha:
            for i, (g, v) in enumerate(zip(g_k, u, strict=True)):
                prod = -(g * v)
                if np.ndim(alphas[i]) == 0:  # per-layer step size
                    prod = prod.reshape(n_tasks, -1).sum(axis=1)
                alpha_grads[i] += prod
        if second_order:
            scaled = [a * v for a, v in zip(alphas, u, strict=True)]
            hv = model.hvp(theta_k, Xs, ys, scaled, ms, cache=cache)
            u = [v - h for v, h in zip(u, hv, strict=True)]
    return loss, u, alpha_grads


class Adam:
    """Adam (Kingma & Ba, 2015) over a list of arrays, in place."""

    def __init__(self, params, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]
        self.t = 0

    def step(self, params, grads):
        self.t += 1
        c1 = 1.0 - self.beta1**self.t
        c2 = 1.0 - self.beta2**self.t
        for p, g, m, v in zip(params, grads, self.m, self.v, strict=True):
            m *= self.beta1
            m += (1.0 - self.beta1) * g
            v *= self.beta2
            v += (1.0 - self.beta2) * g * g
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)


def _chunk_gradients(model, theta, alphas, batch, settings):
    with threadpool_limits(1):
        return meta_gradients(model, theta, alphas, batch, **settings)


def meta_train(
    model: BatchedMLP,
    theta,
    alphas,
    sample_batch,
    *,
    algorithm: str,
    n_iter: int,
    inner_steps: int,
    meta_lr: float,
    learn_alpha: bool,
    n_jobs=None,
    callback=None,
):
    """Meta-train ``theta`` (and ``alphas`` when ``learn_alpha``) with Adam.

    ``sample_batch(iteration)`` returns a meta-batch ``(Xs, ys, ms, Xq, yq, mq)``. With
    ``n_jobs`` > 1 the meta-batch is split into contiguous chunks computed in parallel
    (one BLAS thread each); the per-task meta-gradients are concatenated in task order
    and averaged once, so the result does not depend on ``n_jobs``.

    The arithmetic is float32 when every array of ``theta`` is float32 (the batches
    should then be float32 too), float64 otherwise.

    Returns ``theta, alphas, losses`` (the mean query loss of each iteration).
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {ALGORITHMS}; got {algorithm!r}.")
    # float32 starts stay float32 (half the memory traffic); anything else is float64
    dtype = np.float32 if all(np.asarray(p).dtype == np.float32 for p in theta) else np.float64
    theta = [np.array(p, dtype=dtype) for p in theta]
    alphas = [np.array(a, dtype=dtype) for a in alphas]
    # every trained array is a view into one flat vector: Adam and the finiteness check
    # then cost a handful of NumPy calls per iteration instead of a handful per array
    trained = theta + (alphas if learn_alpha else [])
    flat = np.concatenate([v.ravel() for v in trained])
    views, offset = [], 0
    for v in trained:
        views.append(flat[offset : offset + v.size].reshape(v.shape))
        offset += v.size
    theta = views[: len(theta)]
    if learn_alpha:
        alphas = views[len(theta) :]
    optimizer = Adam([flat], lr=meta_lr)
    settings = {"algorithm": algorithm, "inner_steps": inner_steps, "learn_alpha": learn_alpha}
    workers = effective_n_jobs(n_jobs)
    losses = np.empty(n_iter)
    # one BLAS thread everywhere: the same arithmetic whatever n_jobs is
    with threadpool_limits(1), Parallel(n_jobs=workers) if workers > 1 else _Serial() as parallel:
        for it in range(n_iter):
            batch = sample_batch(it)
            n_tasks = batch[0].shape[0]
            if workers > 1:
                bounds = np.linspace(0, n_tasks, min(workers, n_tasks) + 1).astype(int)
                parts = parallel(
                    delayed(_chunk_gradients)(
                        model, theta, alphas, tuple(b[lo:hi] for b in batch), settings
                    )
                    for lo, hi in itertools.pairwise(bounds)
                )
                loss = np.concatenate([p[0] for p in parts])
                grads = [np.concatenate(g) for g in zip(*(p[1] for p in parts), strict=True)]
                a_grads = (
                    [np.concatenate(g) for g in zip(*(p[2] for p in parts), strict=True)]
                    if learn_alpha
                    else None
                )
            else:
                loss, grads, a_grads = meta_gradients(model, theta, alphas, batch, **settings)
            per_task = grads + (a_grads if learn_alpha else [])
            mean_grad = np.concatenate([g.reshape(n_tasks, -1) for g in per_task], axis=1)
            mean_grad = np.add.reduce(mean_grad, axis=0) / n_tasks  # = mean, fewer calls
            if not np.isfinite(mean_grad).all():
                raise FloatingPointError(
                    f"The meta-gradient became non-finite at iteration {it}; lower meta_lr "
                    "or inner_lr."
                )
            optimizer.step([flat], [mean_grad])
            losses[it] = np.add.reduce(loss) / n_tasks
            if callback is not None:
                callback(it, losses[it])
    return [v.copy() for v in theta], [a.copy() for a in alphas], losses


class _Serial:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False
