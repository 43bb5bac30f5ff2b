"""Few-shot meta-learning: sinusoid accuracy, speed against PyTorch, a real task family.

1. Sinusoid regression exactly as in the MAML paper: amplitude U[0.1, 5], phase U[0, pi],
   x U[-5, 5]; a 1-40-40-1 ReLU MLP; one inner step (size 0.01); meta-batch 25; Adam
   (0.001); K support and K query points per training task. After meta-training, the
   mean post-adaptation MSE over 600 new tasks (one step on K points, MSE on 100 points),
   for K = 5, 10, 20. Reference (Meta-SGD paper, Table 1): MAML 1.13 / 0.85 / 0.71,
   Meta-SGD 0.90 / 0.53 / 0.31.
2. Speed: meta-iterations per second of skmeta's second-order MAML against a PyTorch
   ``torch.func`` (vmap + grad) implementation of the same algorithm, same threads (1),
   in the same run: on the sinusoid (meta-batch 25, K=10) and on a logistic task family
   (20 features, 10 support + 10 query, meta-batch 32, 5 inner steps). Both sides run in
   float64 and again both in float32 (PyTorch's default); best of 3 alternating runs.
   PyTorch is optional (``pip install torch==2.13.0``); without it the ratios are null.
3. A real task family: PMLB's coil2000 (insurance customers) split into tasks by the
   customer subtype column MOSTYPE (groups with at least 40 rows). Meta-train on 24
   subtypes, test on the 10 others: k-shot (k = 5, 10, 20) accuracy and ROC AUC of the
   warm-started logistic and MLP models, of the same models trained from scratch on the
   k rows, and of one pooled model trained on all training subtypes.

The last line printed is one JSON object with every figure.

Usage::

    python benchmarks/bench_fewshot.py [--quick] [--corpus ../shared/corpus/pmlb]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import time
import warnings
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from skmeta.fewshot import BatchedMLP, MAMLClassifier, MetaSGDClassifier, WarmStartClassifier
from skmeta.fewshot._meta import adapt, meta_train

# --------------------------------------------------------------------------- sinusoid


def sinusoid_batch(rng, n_tasks, n_support, n_query):
    amplitude = rng.uniform(0.1, 5.0, size=(n_tasks, 1, 1))
    phase = rng.uniform(0.0, np.pi, size=(n_tasks, 1, 1))
    x = rng.uniform(-5.0, 5.0, size=(n_tasks, n_support + n_query, 1))
    y = (amplitude * np.sin(x - phase))[..., 0]
    ones_s = np.ones((n_tasks, n_support), bool)
    ones_q = np.ones((n_tasks, n_query), bool)
    return (x[:, :n_support], y[:, :n_support], ones_s, x[:, n_support:], y[:, n_support:], ones_q)


def sinusoid_experiment(algorithm, k, n_iter, seed=0, dtype=np.float64):
    """Meta-train in ``dtype``; adapt and score the 600 test tasks in float64."""
    model = BatchedMLP(1, 1, (40, 40), "relu", "squared_error")
    theta = [p.astype(dtype) for p in model.init_params(np.random.default_rng(seed))]
    per_parameter = algorithm == "metasgd"
    alphas = [
        np.full(s, 0.01, dtype=dtype) if per_parameter else np.array(0.01, dtype=dtype)
        for s in model.shapes
    ]
    rng = np.random.default_rng(seed + 1)
    start = time.perf_counter()
    theta, alphas, _ = meta_train(
        model,
        theta,
        alphas,
        lambda _: tuple(_as(b, dtype) for b in sinusoid_batch(rng, 25, k, k)),
        algorithm=algorithm,
        n_iter=n_iter,
        inner_steps=1,
        meta_lr=1e-3,
        learn_alpha=per_parameter,
    )
    seconds = time.perf_counter() - start
    test = sinusoid_batch(np.random.default_rng(10_000 + k), 600, k, 100)
    theta = [p.astype(np.float64) for p in theta]
    alphas = [a.astype(np.float64) for a in alphas]
    adapted = adapt(model, model.broadcast(theta, 600), alphas, *test[:3], 1)
    mse = float(model.task_loss(adapted, *test[3:]).mean())
    return mse, seconds


# --------------------------------------------------------------------------- speed


def logistic_batch(rng, n_tasks=32, d=20, n_support=10, n_query=10):
    w = rng.normal(size=(n_tasks, d)) + 1.0
    X = rng.normal(size=(n_tasks, n_support + n_query, d))
    y = (np.einsum("tnd,td->tn", X, w) + rng.normal(size=X.shape[:2]) > 0).astype(float)
    ones_s = np.ones((n_tasks, n_support), bool)
    ones_q = np.ones((n_tasks, n_query), bool)
    return X[:, :n_support], y[:, :n_support], ones_s, X[:, n_support:], y[:, n_support:], ones_q


def time_skmeta(model, batches, inner_steps, n_iter, dtype=np.float64):
    theta = [p.astype(dtype) for p in model.init_params(np.random.default_rng(0))]
    alphas = [np.array(0.01, dtype=dtype)] * len(theta)
    batches = [tuple(_as(b, dtype) for b in batch) for batch in batches]
    start = time.perf_counter()
    meta_train(
        model,
        theta,
        alphas,
        lambda i: batches[i % len(batches)],
        algorithm="maml",
        n_iter=n_iter,
        inner_steps=inner_steps,
        meta_lr=1e-3,
        learn_alpha=False,
    )
    return n_iter / (time.perf_counter() - start)


def _as(array, dtype):
    return array.astype(dtype) if array.dtype.kind == "f" else array


def time_torch(model, batches, inner_steps, n_iter, dtype=np.float64):
    """The same second-order MAML with torch.func: vmap over tasks of grad-based steps."""
    import torch
    from torch.func import functional_call, grad, vmap

    torch.set_num_threads(1)
    tdtype = torch.float32 if dtype == np.float32 else torch.float64
    sizes = model.layer_sizes
    layers = []
    for i, (a, b) in enumerate(itertools.pairwise(sizes)):
        layers.append(torch.nn.Linear(a, b, dtype=tdtype))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU() if model.activation == "relu" else torch.nn.Tanh())
    net = torch.nn.Sequential(*layers)
    params = {k: v.detach().clone().requires_grad_(True) for k, v in net.named_parameters()}
    optimizer = torch.optim.Adam(params.values(), lr=1e-3)
    alpha = 0.01

    def loss_fn(p, x, y):
        out = functional_call(net, p, (x,))[:, 0]
        if model.loss == "squared_error":
            return ((out - y) ** 2).mean()
        return torch.nn.functional.binary_cross_entropy_with_logits(out, y)

    def task_query_loss(p, xs, ys, xq, yq):
        for _ in range(inner_steps):
            g = grad(loss_fn)(p, xs, ys)
            p = {k: p[k] - alpha * g[k] for k in p}
        return loss_fn(p, xq, yq)

    batched = vmap(task_query_loss, in_dims=(None, 0, 0, 0, 0))
    tensors = [tuple(torch.as_tensor(b[i], dtype=tdtype) for i in (0, 1, 3, 4)) for b in batches]
    start = time.perf_counter()
    for it in range(n_iter):
        xs, ys, xq, yq = tensors[it % len(tensors)]
        optimizer.zero_grad()
        batched(params, xs, ys, xq, yq).mean().backward()  # second order: through grad
        optimizer.step()
    return n_iter / (time.perf_counter() - start)


def speed_experiment(n_iter, repeats=3):
    """Iterations per second, best of ``repeats`` alternating runs, in float64 and float32.

    Both sides compute in the same precision: float64 (skmeta's default) and float32
    (PyTorch's default and the MAML paper's).
    """
    out = {}
    rng = np.random.default_rng(0)
    cases = {
        "sinusoid": (
            BatchedMLP(1, 1, (40, 40), "relu", "squared_error"),
            1,
            [sinusoid_batch(rng, 25, 10, 10) for _ in range(20)],
        ),
        "logistic": (
            BatchedMLP(20, 1, (), "identity", "log_loss"),
            5,
            [logistic_batch(rng) for _ in range(20)],
        ),
    }
    for name, (model, steps, batches) in cases.items():
        for dtype in (np.float64, np.float32):
            ours, theirs = [], []
            for _ in range(repeats):
                with threadpool_limits(1):
                    ours.append(time_skmeta(model, batches, steps, n_iter, dtype))
                with contextlib.suppress(ImportError):  # torch is optional
                    theirs.append(time_torch(model, batches, steps, max(n_iter // 4, 20), dtype))
            best = max(theirs) if theirs else None
            out[f"{name}_{np.dtype(dtype).name}"] = {
                "skmeta_iter_per_s": max(ours),
                "torch_iter_per_s": best,
                "ratio": None if best is None else max(ours) / best,
            }
    return out


# --------------------------------------------------------------------------- real family


def coil2000_experiment(corpus: Path, n_iter: int, repeats: int = 5):
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score
    from sklearn.neural_network import MLPClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from skmeta.tasks import load_folder

    task = load_folder(corpus)["coil2000"]
    X_all = task.X.to_numpy(dtype=np.float64)
    y_all = np.asarray(task.y).astype(int)
    column = list(task.X.columns).index("MOSTYPE")
    groups_all = X_all[:, column].astype(int)
    X_all = np.delete(X_all, column, axis=1)
    labels, counts = np.unique(groups_all, return_counts=True)
    keep = labels[counts >= 40]
    rng = np.random.default_rng(0)
    test_groups = rng.choice(keep, size=10, replace=False)
    train_groups = np.setdiff1d(keep, test_groups)
    train = np.isin(groups_all, train_groups)
    X, y, g = X_all[train], y_all[train], groups_all[train]

    def scratch(kind):
        if kind == "logistic":
            return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
        return make_pipeline(StandardScaler(), MLPClassifier((32,), max_iter=500, random_state=0))

    results = {}
    for kind, hidden in (("logistic", ()), ("mlp", (32,))):
        common = dict(
            hidden_layer_sizes=hidden,
            inner_steps=5,
            meta_batch_size=16,
            n_iter=n_iter,
            n_support=10,
            n_query=20,
            random_state=0,
        )
        metas = {
            "maml": MAMLClassifier(inner_lr=0.1, meta_lr=1e-3, **common),
            "metasgd": MetaSGDClassifier(inner_lr=0.1, meta_lr=1e-3, **common),
        }
        starts = {name: m.fit(X, y, g).start_ for name, m in metas.items()}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pooled = scratch(kind).fit(X, y)
        for k in (5, 10, 20):
            scores = {name: [] for name in [*starts, "scratch", "pooled"]}
            aucs = {name: [] for name in scores}
            for group in test_groups:
                rows = np.flatnonzero(groups_all == group)
                for r in range(repeats):
                    perm = np.random.default_rng(1000 * r + int(group)).permutation(rows)
                    support, query = perm[:k], perm[k:]
                    Xs, ys = X_all[support], y_all[support]
                    Xq, yq = X_all[query], y_all[query]
                    models = {
                        name: WarmStartClassifier(start).fit(Xs, ys)
                        for name, start in starts.items()
                    }
                    probas = {name: m.predict_proba(Xq)[:, 1] for name, m in models.items()}
                    if np.unique(ys).size < 2:  # scratch cannot learn from one class
                        probas["scratch"] = np.full(len(yq), float(ys[0]))
                    else:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            probas["scratch"] = scratch(kind).fit(Xs, ys).predict_proba(Xq)[:, 1]
                    probas["pooled"] = pooled.predict_proba(Xq)[:, 1]
                    for name, p in probas.items():
                        scores[name].append(float(np.mean((p > 0.5) == yq)))
                        if np.unique(yq).size == 2:
                            aucs[name].append(float(roc_auc_score(yq, p)))
            results[f"{kind}_k{k}"] = {
                name: {
                    "accuracy": float(np.mean(scores[name])),
                    "roc_auc": float(np.mean(aucs[name])) if aucs[name] else None,
                }
                for name in scores
            }
    results["majority_class_accuracy"] = float(1 - y_all[np.isin(groups_all, test_groups)].mean())
    return results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "pmlb"
    parser.add_argument("--corpus", type=Path, default=default_corpus)
    parser.add_argument("--quick", action="store_true", help="fewer meta-iterations (< 10 min)")
    parser.add_argument(
        "--iterations",
        type=int,
        default=None,
        help="sinusoid meta-iterations (default 70000, --quick 8000)",
    )
    args = parser.parse_args(argv)
    n_iter = args.iterations or (8000 if args.quick else 70000)
    report = {"sinusoid_iterations": n_iter, "sinusoid_mse": {}, "seconds": {}}

    print("== speed: second-order MAML meta-iterations per second (1 thread) ==")
    report["speed"] = speed_experiment(200 if args.quick else 1000)
    for name, row in report["speed"].items():
        ratio = "n/a (torch not installed)" if row["ratio"] is None else f"{row['ratio']:.1f}x"
        torch_s = "-" if row["torch_iter_per_s"] is None else f"{row['torch_iter_per_s']:.1f}"
        print(
            f"{name:<17} skmeta {row['skmeta_iter_per_s']:8.1f}/s  torch.func {torch_s}/s  "
            f"ratio {ratio} (target >= 5x)"
        )

    print(f"== sinusoid: post-adaptation MSE over 600 tasks ({n_iter} meta-iterations) ==")
    reference = {"maml": (1.13, 0.85, 0.71), "metasgd": (0.90, 0.53, 0.31)}
    algorithms = ["maml", "metasgd"] if args.quick else ["maml", "metasgd", "fomaml"]
    with threadpool_limits(1):
        for algorithm in algorithms:
            for i, k in enumerate((5, 10, 20)):
                mse, secs = sinusoid_experiment(algorithm, k, n_iter)
                report["sinusoid_mse"][f"{algorithm}_k{k}"] = mse
                report["seconds"][f"{algorithm}_k{k}"] = secs
                ref = reference.get(algorithm, (None,) * 3)[i]
                print(f"{algorithm:<8} K={k:<2}  MSE {mse:.3f}  (paper {ref})  {secs:.0f} s")
        # the speed comparison's float32 side: the same training in float32 is as good
        for algorithm in ("maml", "metasgd"):
            mse, secs = sinusoid_experiment(algorithm, 10, n_iter, dtype=np.float32)
            report["sinusoid_mse"][f"{algorithm}_k10_float32"] = mse
            report["seconds"][f"{algorithm}_k10_float32"] = secs
            print(f"{algorithm:<8} K=10  MSE {mse:.3f}  (meta-trained in float32)  {secs:.0f} s")

    if args.corpus.exists():
        print("== coil2000 by customer subtype: k-shot accuracy / ROC AUC on 10 held-out groups ==")
        coil = coil2000_experiment(args.corpus, 1000 if args.quick else 3000)
        report["coil2000"] = coil
        for key, row in coil.items():
            if key == "majority_class_accuracy":
                print(f"majority-class accuracy: {row:.3f}")
                continue
            cells = "  ".join(
                f"{name} {v['accuracy']:.3f}/{v['roc_auc']:.3f}" for name, v in row.items()
            )
            print(f"{key:<12} {cells}")
    print(json.dumps(report))


if __name__ == "__main__":
    main()
