"""Small tasks the knowledge bases of these tests are built from."""

from sklearn.datasets import make_regression

from skmeta.tasks import Task, load_sklearn_dataset


def small_tasks():
    """Four scikit-learn classification datasets and three synthetic regressions."""
    tasks = [load_sklearn_dataset(n) for n in ("iris", "wine", "breast_cancer", "digits")]
    for i in range(3):
        X, y = make_regression(150, 4 + i, noise=3.0, random_state=i)
        tasks.append(Task(X, y, name=f"reg{i}", kind="regression"))
    return tasks
