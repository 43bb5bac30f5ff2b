"""Batched models and meta-gradients against finite differences and a per-task reference."""

import numpy as np
import pytest

from skmeta.fewshot import BatchedMLP, LearnedStart
from skmeta.fewshot._meta import adapt, meta_gradients, meta_train

CASES = [
    ((), "identity", "squared_error", 1),  # linear regression
    ((), "identity", "log_loss", 1),  # logistic regression
    ((), "identity", "softmax", 3),  # softmax regression
    ((6,), "relu", "squared_error", 1),
    ((6,), "tanh", "softmax", 3),
    ((5, 4), "tanh", "log_loss", 1),
    ((5, 4), "relu", "squared_error", 2),
]
IDS = [f"{h}-{a}-{loss}" for h, a, loss, _ in CASES]


def _problem(hidden, activation, loss, n_out, seed=0, n_tasks=3, n_rows=9, d=4):
    rng = np.random.default_rng(seed)
    if loss == "squared_error" and n_out > 1:
        n_out = 1
    model = BatchedMLP(d, n_out, hidden, activation, loss)
    params = [rng.normal(size=(n_tasks, *s)) * 0.7 for s in model.shapes]
    X = rng.normal(size=(n_tasks, n_rows, d))
    if loss == "squared_error":
        y = rng.normal(size=(n_tasks, n_rows))
    else:
        y = rng.integers(0, max(n_out, 2), size=(n_tasks, n_rows)).astype(float)
    mask = rng.random((n_tasks, n_rows)) < 0.8
    mask[:, 0] = True
    return model, params, X, y, mask, rng


def _flat(arrays, t):
    return np.concatenate([a[t].ravel() for a in arrays])


@pytest.mark.parametrize(("hidden", "activation", "loss", "n_out"), CASES, ids=IDS)
@pytest.mark.parametrize("d", [4, 1], ids=["d4", "d1"])  # d=1: the outer-product path
def test_gradient_and_hvp_match_finite_differences(hidden, activation, loss, n_out, d):
    model, params, X, y, mask, rng = _problem(hidden, activation, loss, n_out, d=d)
    _, grads = model.loss_and_grad(params, X, y, mask)
    vectors = [rng.normal(size=p.shape) for p in params]
    hv = model.hvp(params, X, y, vectors, mask)
    eps = 1e-6
    plus = [p + eps * v for p, v in zip(params, vectors, strict=True)]
    minus = [p - eps * v for p, v in zip(params, vectors, strict=True)]
    # directional derivative of the loss = <grad, v>
    numeric = (model.task_loss(plus, X, y, mask) - model.task_loss(minus, X, y, mask)) / (2 * eps)
    analytic = sum(
        (g * v).reshape(len(g), -1).sum(axis=1) for g, v in zip(grads, vectors, strict=True)
    )
    np.testing.assert_allclose(analytic, numeric, rtol=1e-6, atol=1e-7)
    # Hessian-vector product = directional derivative of the gradient
    g_plus = model.loss_and_grad(plus, X, y, mask)[1]
    g_minus = model.loss_and_grad(minus, X, y, mask)[1]
    for h, gp, gm in zip(hv, g_plus, g_minus, strict=True):
        np.testing.assert_allclose(h, (gp - gm) / (2 * eps), rtol=1e-5, atol=1e-6)
    # every coordinate of the gradient, for one task
    for i, p in enumerate(params):
        for idx in list(np.ndindex(p.shape[1:]))[:6]:
            e = [np.zeros_like(q) for q in params]
            e[i][(0, *idx)] = 1.0
            up = model.task_loss([q + eps * d for q, d in zip(params, e, strict=True)], X, y, mask)
            dn = model.task_loss([q - eps * d for q, d in zip(params, e, strict=True)], X, y, mask)
            assert grads[i][(0, *idx)] == pytest.approx((up[0] - dn[0]) / (2 * eps), abs=1e-6)


def _reference_loss(model, params_one, X, y, mask):
    """Slow per-task reference: plain loops, one task, no batching."""
    a = X[mask]
    n_layers = len(params_one) // 2
    for layer in range(n_layers):
        z = a @ params_one[2 * layer] + params_one[2 * layer + 1]
        if layer < n_layers - 1:
            a = {"relu": np.maximum(z, 0), "tanh": np.tanh(z), "identity": z}[model.activation]
    target = y[mask]
    total = 0.0
    for row, t in zip(z, target, strict=True):
        if model.loss == "squared_error":
            total += (row[0] - t) ** 2
        elif model.loss == "log_loss":
            total += np.log1p(np.exp(row[0])) - t * row[0]
        else:
            total += np.log(np.exp(row).sum()) - row[int(t)]
    return total / len(target)


@pytest.mark.parametrize(("hidden", "activation", "loss", "n_out"), CASES, ids=IDS)
def test_batched_equals_per_task_reference(hidden, activation, loss, n_out):
    model, params, X, y, mask, _ = _problem(hidden, activation, loss, n_out, seed=3)
    batched = model.task_loss(params, X, y, mask)
    for t in range(X.shape[0]):
        one = [p[t] for p in params]
        assert batched[t] == pytest.approx(_reference_loss(model, one, X[t], y[t], mask[t]))
        # a batch of one task gives the same gradient as the task inside the batch
        single = model.loss_and_grad(
            [p[t : t + 1] for p in params], X[t : t + 1], y[t : t + 1], mask[t : t + 1]
        )[1]
        full = model.loss_and_grad(params, X, y, mask)[1]
        for a, b in zip(single, full, strict=True):
            np.testing.assert_allclose(a[0], b[t], rtol=1e-12, atol=1e-14)


def _meta_loss(model, theta, alphas, batch, steps):
    Xs, ys, ms, Xq, yq, mq = batch
    adapted = adapt(model, model.broadcast(theta, Xs.shape[0]), alphas, Xs, ys, ms, steps)
    return model.task_loss(adapted, Xq, yq, mq)


@pytest.mark.parametrize(
    ("hidden", "activation", "loss", "n_out", "d"),
    [(*c, 4) for c in CASES[:5]] + [((5, 4), "relu", "squared_error", 1, 1)],
    ids=[*IDS[:5], "sinusoid-like-d1"],
)
@pytest.mark.parametrize("per_parameter", [False, True])
def test_second_order_meta_gradient_matches_finite_differences(
    hidden, activation, loss, n_out, d, per_parameter
):
    model, _, Xs, ys, ms, rng = _problem(hidden, activation, loss, n_out, seed=5, d=d)
    _, _, Xq, yq, mq, _ = _problem(hidden, activation, loss, n_out, seed=6, d=d)
    theta = [rng.normal(size=s) * 0.5 for s in model.shapes]
    alphas = [
        (rng.uniform(0.05, 0.2, size=s) if per_parameter else np.array(0.1)) for s in model.shapes
    ]
    batch = (Xs, ys, ms, Xq, yq, mq)
    _, g_theta, g_alpha = meta_gradients(
        model, theta, alphas, batch, algorithm="maml", inner_steps=3, learn_alpha=True
    )
    eps = 1e-6
    for i in range(len(theta)):
        for idx in list(np.ndindex(theta[i].shape))[:4]:
            up = [p.copy() for p in theta]
            dn = [p.copy() for p in theta]
            up[i][idx] += eps
            dn[i][idx] -= eps
            numeric = (
                _meta_loss(model, up, alphas, batch, 3) - _meta_loss(model, dn, alphas, batch, 3)
            ) / (2 * eps)
            np.testing.assert_allclose(
                g_theta[i][(slice(None), *idx)], numeric, rtol=1e-5, atol=1e-7
            )
        idx = next(np.ndindex(np.shape(alphas[i]))) if per_parameter else ()
        up = [a.copy() for a in alphas]
        dn = [a.copy() for a in alphas]
        up[i][idx] += eps
        dn[i][idx] -= eps
        numeric = (
            _meta_loss(model, theta, up, batch, 3) - _meta_loss(model, theta, dn, batch, 3)
        ) / (2 * eps)
        np.testing.assert_allclose(g_alpha[i][(slice(None), *idx)], numeric, rtol=1e-5, atol=1e-7)


def test_first_order_and_reptile_gradients():
    model, _, Xs, ys, ms, rng = _problem((4,), "tanh", "squared_error", 1, seed=8)
    _, _, Xq, yq, mq, _ = _problem((4,), "tanh", "squared_error", 1, seed=9)
    theta = [rng.normal(size=s) for s in model.shapes]
    alphas = [np.array(0.1)] * len(theta)
    batch = (Xs, ys, ms, Xq, yq, mq)
    _, fo, _ = meta_gradients(
        model, theta, alphas, batch, algorithm="fomaml", inner_steps=2, learn_alpha=False
    )
    adapted = adapt(model, model.broadcast(theta, 3), alphas, Xs, ys, ms, 2)
    expected = model.loss_and_grad(adapted, Xq, yq, mq)[1]
    for a, b in zip(fo, expected, strict=True):
        np.testing.assert_allclose(a, b)
    _, rep, _ = meta_gradients(
        model, theta, alphas, batch, algorithm="reptile", inner_steps=2, learn_alpha=False
    )
    X = np.concatenate([Xs, Xq], 1)
    y = np.concatenate([ys, yq], 1)
    m = np.concatenate([ms, mq], 1)
    adapted = adapt(model, model.broadcast(theta, 3), alphas, X, y, m, 2)
    for r, t, a in zip(rep, theta, adapted, strict=True):
        np.testing.assert_allclose(r, t - a)


def test_model_argument_errors():
    with pytest.raises(ValueError, match="loss must be"):
        BatchedMLP(2, 1, loss="hinge")
    with pytest.raises(ValueError, match="n_outputs=1"):
        BatchedMLP(2, 3, loss="log_loss")
    with pytest.raises(ValueError, match="activation"):
        BatchedMLP(2, 1, activation="gelu")


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        ((0, 1), ValueError, "n_features must be >= 1; got 0"),
        ((-3, 1), ValueError, "n_features must be >= 1"),
        ((2.5, 1), TypeError, "n_features must be an int; got float"),
        ((2, True), TypeError, "n_outputs must be an int; got bool"),
        ((2, 1, "ab"), TypeError, "hidden_layer_sizes must be a tuple of ints"),
        ((2, 1, 8), TypeError, "hidden_layer_sizes must be a tuple of ints"),
        ((2, 1, (8, 0)), ValueError, r"hidden layer sizes must be positive ints; got \(8, 0\)"),
        ((2, 1, (8.5,)), ValueError, "hidden layer sizes must be positive ints"),
    ],
)
def test_an_architecture_of_sizes_that_are_not_counts_is_refused(args, error, message):
    with pytest.raises(error, match=message):
        BatchedMLP(*args)


def test_an_architecture_keeps_plain_int_sizes():
    model = BatchedMLP(np.int64(3), 1, [np.int64(4)])
    assert model == BatchedMLP(3, 1, (4,))
    assert model.hidden_layer_sizes == (4,)
    assert type(model.n_features) is int


def test_a_learned_start_needs_an_architecture_and_a_step_count():
    params, steps = [np.ones((2, 1)), np.zeros(1)], [np.array(0.1)] * 2
    with pytest.raises(TypeError, match="model must be a BatchedMLP; got tuple"):
        LearnedStart((2, 1), params, steps, 5, np.zeros(2), np.ones(2))
    with pytest.raises(ValueError, match=r"n_steps must be an int in \[0, 100,000\]; got -1"):
        LearnedStart(BatchedMLP(2, 1), params, steps, -1, np.zeros(2), np.ones(2))


def test_meta_train_float32_follows_float64():
    """float32 starts train in float32 and stay close to the float64 run."""
    model = BatchedMLP(1, 1, (8, 8), "relu", "squared_error")
    rng = np.random.default_rng(0)
    batches = []
    for _ in range(4):
        X = rng.uniform(-5, 5, size=(6, 10, 1))
        y = rng.uniform(0.5, 2, size=(6, 1)) * np.sin(X[..., 0] + rng.uniform(0, 3, size=(6, 1)))
        ones = np.ones((6, 5), bool)
        batches.append((X[:, :5], y[:, :5], ones, X[:, 5:], y[:, 5:], ones))
    theta = model.init_params(np.random.default_rng(1))
    results = {}
    for dtype in (np.float64, np.float32):
        cast = [tuple(b.astype(dtype) if b.dtype.kind == "f" else b for b in bt) for bt in batches]
        results[dtype] = meta_train(
            model,
            [p.astype(dtype) for p in theta],
            [np.array(0.01, dtype=dtype)] * len(theta),
            lambda i, cast=cast: cast[i % 4],
            algorithm="maml",
            n_iter=30,
            inner_steps=2,
            meta_lr=1e-2,
            learn_alpha=True,
        )
    t32, a32, l32 = results[np.float32]
    t64, a64, l64 = results[np.float64]
    assert all(p.dtype == np.float32 for p in t32 + a32)
    assert all(p.dtype == np.float64 for p in t64 + a64)
    for p32, p64 in zip(t32, t64, strict=True):
        # Adam moves near-zero gradient components by ~meta_lr whatever their size
        np.testing.assert_allclose(p32, p64, rtol=1e-3, atol=5e-3)
    np.testing.assert_allclose(l32, l64, rtol=1e-3)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("algorithm", ["maml", "fomaml", "reptile", "metasgd"])
@pytest.mark.parametrize("hidden", [(), (6,), (5, 4)])
def test_a_tasks_meta_gradient_does_not_depend_on_its_batch(hidden, algorithm, dtype):
    """Bit for bit: n_jobs > 1 splits a meta-batch into chunks, and a task's gradient
    must not change with the chunk's size (BLAS kernels may round a row of a product
    differently with the number of rows)."""
    model = BatchedMLP(6, 1, hidden, "relu", "squared_error")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(6, 40, 6)).astype(dtype)
    y = rng.normal(size=(6, 40)).astype(dtype)
    ones = np.ones((6, 20), bool)
    batch = (X[:, :20], y[:, :20], ones, X[:, 20:], y[:, 20:], ones)
    theta = [p.astype(dtype) for p in model.init_params(rng)]
    alphas = [np.array(0.05, dtype=dtype)] * len(theta)
    settings = dict(algorithm=algorithm, inner_steps=2, learn_alpha=algorithm == "metasgd")
    whole = meta_gradients(model, theta, alphas, batch, **settings)
    for lo, hi in ((0, 3), (3, 6), (2, 3)):
        part = meta_gradients(model, theta, alphas, tuple(b[lo:hi] for b in batch), **settings)
        np.testing.assert_array_equal(part[0], whole[0][lo:hi])
        for a, b in zip(part[1], whole[1], strict=True):
            np.testing.assert_array_equal(a, b[lo:hi])
        for a, b in zip(part[2] or [], whole[2] or [], strict=True):
            np.testing.assert_array_equal(a, b[lo:hi])
