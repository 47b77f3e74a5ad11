"""Evaluation metrics. AAMI EC57 excludes Q from evaluation -> macro_f1 is over N,S,V,F."""
import numpy as np

CLASSES = ["N", "S", "V", "F", "Q"]


def report(y, pred, weight=None, classes=CLASSES, macro_over=4):
    """weight: optional per-beat weights (used for the subsampled per-epoch validation).
    macro_f1 averages the first `macro_over` classes (AAMI: N,S,V,F; the record model: all four)."""
    k = len(classes)
    cm = np.zeros((k, k), dtype=np.float64 if weight is not None else np.int64)
    np.add.at(cm, (np.asarray(y), np.asarray(pred)), 1 if weight is None else weight)
    per = {}
    f1s = []
    for c, name in enumerate(classes):
        tp = cm[c, c]; sup = cm[c].sum(); npred = cm[:, c].sum()
        p = tp / npred if npred else 0.0
        r = tp / sup if sup else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[name] = dict(precision=round(float(p), 4), recall=round(float(r), 4), f1=round(float(f), 4),
                         support=int(round(sup)))
        f1s.append(f)
    sup = cm.sum(1)
    return dict(
        n=int(cm.sum()),
        accuracy=round(float(np.trace(cm) / max(cm.sum(), 1)), 4),
        macro_f1=round(float(np.mean(f1s[:macro_over])), 4),
        macro_f1_5=round(float(np.mean([f for f, s in zip(f1s, sup) if s > 0])), 4),
        per_class=per,
        confusion=cm.round(1).tolist() if weight is not None else cm.tolist(),
    )


def softmax(z):
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def ece(prob, y, bins=15):
    """Expected calibration error of the top-class confidence, equal-width bins."""
    conf = prob.max(1); ok = prob.argmax(1) == y
    edges = np.linspace(0, 1, bins + 1)
    e = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi)
        if m.any():
            e += m.mean() * abs(ok[m].mean() - conf[m].mean())
    return float(e)


def fit_temperature(logits, y):
    """Scalar T minimising the NLL of softmax(logits / T) (grid, then refine)."""
    def nll(t):
        p = softmax(logits / t)
        return -np.mean(np.log(p[np.arange(len(y)), y] + 1e-12))
    grid = np.exp(np.linspace(np.log(0.25), np.log(8), 60))
    t = grid[np.argmin([nll(g) for g in grid])]
    fine = np.linspace(t * 0.9, t * 1.1, 41)
    return float(fine[np.argmin([nll(g) for g in fine])])


def entropy(prob):
    return -(prob * np.log(prob + 1e-12)).sum(1)
