"""Sheet features (written by `ecg-review sheet-features`) and content-hash folds."""
import json
import subprocess
from pathlib import Path

import numpy as np

CLASSES = ["normal", "abnormal_heartbeat", "mi", "history_mi"]
ROOT = Path(__file__).resolve().parents[2]


def extract_features(labels_tsv, out_dir, log):
    """Digitize every labelled sheet with the engine (the app's own code path) into out_dir."""
    out_dir = Path(out_dir)
    if (out_dir / "features.jsonl").exists() and (out_dir / "features.json").exists():
        log.info(f"features: reusing {out_dir}")
        return out_dir
    cmd = ["node", str(ROOT / "bin" / "ecg-review.js"), "sheet-features", "--labels", str(labels_tsv),
           "--out", str(out_dir)]
    log.info("features: " + " ".join(cmd))
    subprocess.run(cmd, check=True, cwd=ROOT)
    return out_dir


def load(features_dir, limit=None):
    """-> (X [n, F] with NaN where not measurable, y [n], sha256 list, spec dict)."""
    features_dir = Path(features_dir)
    spec = json.loads((features_dir / "features.json").read_text())
    rows = [json.loads(line) for line in (features_dir / "features.jsonl").read_text().splitlines() if line]
    rows = [r for r in rows if r["label"] in CLASSES]
    if limit:
        rows = rows[:limit]
    nf = len(spec["names"])
    X = np.full((len(rows), nf), np.nan, dtype=np.float32)
    for i, r in enumerate(rows):
        if r["features"] is not None:
            X[i] = [np.nan if v is None else v for v in r["features"]]
    y = np.array([CLASSES.index(r["label"]) for r in rows], dtype=np.int64)
    return X, y, [r["sha256"] for r in rows], spec


def hash_folds(y, shas, k):
    """Fold of each sheet: within each class, sheets sorted by sha256 are dealt round-robin.
    Depends only on content (never on file names), so a renamed copy lands in the same fold, and
    every fold gets its share of the rare classes."""
    fold = np.zeros(len(y), dtype=np.int64)
    for c in np.unique(y):
        idx = sorted(np.flatnonzero(y == c), key=lambda i: shas[i])
        for j, i in enumerate(idx):
            fold[i] = j % k
    return fold


def drift_check(X, y, shas, per_class=3):
    """The first `per_class` sheets of each class by sha256, with the features the model was trained
    on (NaN as None). A test digitizes them again: when the digitizer moves a sheet's features, the
    shipped model was trained on measurements the app no longer takes, and must be retrained."""
    out = []
    for c in range(len(CLASSES)):
        for i in sorted(np.flatnonzero(y == c), key=lambda i: shas[i])[:per_class]:
            out.append(dict(sha256=shas[i], label=CLASSES[c],
                            features=[None if np.isnan(v) else float(v) for v in X[i]]))
    return out
