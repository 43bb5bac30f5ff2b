"""First-order MAML on the sinusoid: is bench_fewshot.py's K=20 figure (MSE 3.445) a bug
or the algorithm? Meta-trains like bench_fewshot.py's sinusoid experiment (one inner step
of 0.01, Adam 1e-3, 25 tasks per meta-batch) with another seed, prints the mean query loss
of each fourteenth of the run, and the post- and pre-adaptation MSE on 600 test tasks.

Usage::

    python benchmarks/experiment_fomaml_stability.py K ALGORITHM N_ITER [SEED [META_LR]]

Results: benchmarks/results/experiment_fomaml_stability.txt
"""

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_fewshot import sinusoid_batch

from skmeta.fewshot import BatchedMLP
from skmeta.fewshot._meta import adapt, meta_train

k = int(sys.argv[1])
alg = sys.argv[2]
n_iter = int(sys.argv[3])
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
meta_lr = float(sys.argv[5]) if len(sys.argv) > 5 else 1e-3
model = BatchedMLP(1, 1, (40, 40), "relu", "squared_error")
theta = model.init_params(np.random.default_rng(seed))
alphas = [np.array(0.01) for s in model.shapes]
rng = np.random.default_rng(seed + 1)
theta, alphas, losses = meta_train(
    model,
    theta,
    alphas,
    lambda _: sinusoid_batch(rng, 25, k, k),
    algorithm=alg,
    n_iter=n_iter,
    inner_steps=1,
    meta_lr=meta_lr,
    learn_alpha=False,
)
for lo in range(0, n_iter, n_iter // 14):
    print(lo, round(float(np.mean(losses[lo : lo + n_iter // 14])), 3), end="; ")
test = sinusoid_batch(np.random.default_rng(10_000 + k), 600, k, 100)
adapted = adapt(model, model.broadcast(theta, 600), alphas, *test[:3], 1)
print("\nMSE", float(model.task_loss(adapted, *test[3:]).mean()))
pre = model.task_loss(model.broadcast(theta, 600), *test[3:]).mean()
print("pre-adapt MSE", pre)
