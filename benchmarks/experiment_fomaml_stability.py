"""First-order MAML on the sinusoid: is bench_fewshot.py's K=20 figure (MSE 3.445) a bug
or the algorithm? Meta-trains like bench_fewshot.py's sinusoid experiment (one inner step
of 0.01, Adam 1e-3, 25 tasks per meta-batch) with another seed, prints the mean query loss
of each fourteenth of the run, and the post- and pre-adaptation MSE on 600 test tasks.

Usage::

    python benchmarks/experiment_fomaml_stability.py K ALGORITHM N_ITER [SEED [META_LR]]

Results: benchmarks/results/experiment_fomaml_stability.txt
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from bench_fewshot import sinusoid_batch

from skmeta.fewshot import BatchedMLP
from skmeta.fewshot._meta import adapt, meta_train

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("k", type=int, help="support and query rows per task")
parser.add_argument("algorithm", choices=("maml", "fomaml", "reptile", "metasgd"))
parser.add_argument("n_iter", type=int, help="meta-iterations")
parser.add_argument("seed", type=int, nargs="?", default=0)
parser.add_argument("meta_lr", type=float, nargs="?", default=1e-3)
args = parser.parse_args()
k, alg, n_iter, seed, meta_lr = args.k, args.algorithm, args.n_iter, args.seed, args.meta_lr
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
