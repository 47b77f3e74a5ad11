"""Variants of the record-level (sheet) classifier scored on both content-hash partitions: the figures
of the model card's development log that the trainer's own options do not reproduce.
Needs a feature extraction (models/.work-sheet/features, written by models/sheet/train_sheet.py).
Each variant prints accuracy and macro-F1, out-of-fold, on the main and the salted partition.

The "prototype" measures are computed here from the median beats the extraction stores (a quick
look before writing them into the engine); they were not kept, so the engine does not compute them.
Run: python3 models/analysis/sheet_variants.py [--seed N] [--features DIR] [variant ...]   (variants: see main; the
trainer's seed is 11, the card's seed check used 12 and 13)"""
import hashlib
import sys
import types
from pathlib import Path

import numpy as np
import torch

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "sheet"))
sys.path.insert(1, str(HERE / "train"))
import train_sheet as T  # noqa: E402
from sheet_data import hash_folds, load  # noqa: E402
from sheet_net import SheetMLP  # noqa: E402

FEATURES = HERE / ".work-sheet" / "features"
FS, R, L = 250, 63, 175  # template grid (features.json "templates")


def qrs_bounds(ts):
    """models-side copy of findQrsBounds (electron/engine/sheet/find-qrs-bounds.ts)."""
    v = np.zeros(L)
    for t in ts:
        v[1:-1] += np.nan_to_num(np.abs(t[2:] - t[:-2]))
    lo, hi = max(1, R - round(0.15 * FS)), min(L - 2, R + round(0.2 * FS))
    peak = max(range(R - 15, R + 16), key=lambda j: (v[j], -abs(j - R)))
    thr, quiet = 0.15 * v[peak], 4

    def is_quiet(j, d):
        return all(v[j + d * k] < thr for k in range(quiet) if 1 <= j + d * k <= L - 2)
    on = next((j for j in range(peak, lo - 1, -1) if is_quiet(j, -1)), lo)
    off = next((j for j in range(peak, hi + 1) if is_quiet(j, 1)), hi)
    off = min(max(off, on + round(0.05 * FS)), on + round(0.2 * FS))
    return on, off


def prototype(row, hr):
    """QT, QTc, R-to-T-peak, T and QRS size (RMS over leads), T inversions, QRS notches, P in II."""
    T_ = {k: np.array([np.nan if v is None else v for v in t], float) for k, t in row["templates"].items() if t}
    on, off = qrs_bounds(list(T_.values()))
    X = {k: t - np.nanmean(t[max(0, on - 8):on - 1]) for k, t in T_.items()}
    M = np.sqrt(np.nanmean(np.stack([x ** 2 for x in X.values()]), 0))
    a = off + round(0.08 * FS)
    tp = a + int(np.nanargmax(M[a:]))
    d = np.gradient(M)
    tend = np.nan
    if L - tp > 2:
        j = tp + int(np.nanargmin(d[tp:]))
        if d[j] < 0:
            tend = min(j + (np.nanmin(M[j:]) - M[j]) / d[j], L - 1)
    qt = (tend - on) / FS
    rr = 60 / hr
    tinv = sum(np.nanmean(x[a:]) < -0.05 for k, x in X.items() if k not in ("aVR", "V1", "III"))
    frag = 0
    for x in X.values():
        sg = np.sign(np.diff(x[on:off + 1]))
        sg = sg[np.abs(np.diff(x[on:off + 1])) > 0.01]
        frag += max(0, int((np.diff(sg) != 0).sum()) - 2)
    return dict(rt_ms=(tp - R) / FS * 1000, qt_ms=qt * 1000, qtc_ms=qt / np.sqrt(rr) * 1000, t_rms=M[tp],
                qrs_rms=np.nanmax(M[on:off + 1]), t_inv_n=tinv, frag=frag / len(X),
                p_II=np.nanmax(X["II"][max(0, on - 55):on - 10]) if "II" in X else np.nan)


SEED = 11


class StdScaledMLP(SheetMLP):
    """A feature whose interquartile range is 0 (zero on most sheets: Q widths, rr_irregular,
    rr_premature) is scaled by its standard deviation instead of by 1 unit (tried; not kept)."""

    def fit_scaling(self, X):
        super().fit_scaling(X)
        q1, q3 = np.nanpercentile(X, [25, 75], 0)
        sd = np.nanstd(X, 0)
        flat = ~(np.isfinite(q3 - q1) & (q3 - q1 > 1e-6)) & np.isfinite(sd) & (sd > 1e-6)
        self.scale.copy_(torch.tensor(np.where(flat, sd, self.scale.numpy()), dtype=torch.float32))


def args():
    return types.SimpleNamespace(folds=5, seeds=10, subspace=0.5, epochs=600, hidden=64, dropout=0.5, wd=0.1,
                                 lr=1e-3, seed=SEED, shared_idx=[])


def score(X, y, shas, shared=(), cls=SheetMLP):
    out = []
    for salt in ("", "repeat"):
        folds = hash_folds(y, [hashlib.sha256((s + salt).encode()).hexdigest() for s in shas] if salt else shas, 5)
        a = args()
        a.shared_idx = list(shared)
        oof, _ = T.cross_validate(cls, X.astype(np.float32), y, folds, a)
        r = T.report(y, oof.argmax(1))
        out.append(f"{r['accuracy']:.3f} / {r['macro_f1']:.3f}")
    return "main " + out[0] + ", salted " + out[1]


def main():
    global SEED
    torch.set_num_threads(1)
    import json
    argv, features = sys.argv[1:], FEATURES
    while argv[:1] in (["--seed"], ["--features"]):
        if argv[0] == "--seed":
            SEED = int(argv[1])
        else:
            features = Path(argv[1])
        argv = argv[2:]
    X, y, shas, spec = load(features)
    names = spec["names"]
    rows = [json.loads(line) for line in (features / "features.jsonl").read_text().splitlines() if line]
    glob = T.whole_sheet_features(names)
    hr = X[:, names.index("hr_bpm")]
    P = [prototype(r, h) for r, h in zip(rows, hr)]
    proto = lambda keys: np.array([[p[k] for k in keys] for p in P], dtype=np.float32)  # noqa: E731
    intervals = ["qt_ms", "qtc_ms", "rt_ms"]
    more = intervals + ["t_rms", "qrs_rms", "t_inv_n", "frag", "p_II"]
    variants = {
        "subspace": lambda: score(X, y, shas),
        "global-only": lambda: score(X[:, glob], y, shas),
        "proto-intervals": lambda: score(np.concatenate([X, proto(intervals)], 1), y, shas),
        "proto-all": lambda: score(np.concatenate([X, proto(more)], 1), y, shas),
        "shared-global": lambda: score(X, y, shas, shared=glob),
        "shared-global-std-scale": lambda: score(X, y, shas, shared=glob, cls=StdScaledMLP),
        # The interval prototypes as whole-sheet features, seen by every member like the others.
        "shared-proto-intervals": lambda: score(np.concatenate([X, proto(intervals)], 1), y, shas,
                                                shared=glob + list(range(X.shape[1], X.shape[1] + len(intervals)))),
    }
    for v in argv or list(variants):
        print(f"{v:16s} {variants[v]()}", flush=True)


if __name__ == "__main__":
    main()
