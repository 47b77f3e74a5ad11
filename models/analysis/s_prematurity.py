"""How far rhythm alone goes for S beats between patients on DS1 (figures quoted in the model card's
limitations). Needs the fold checkpoints in models/.work (train.py). Prints:
- the share of S beats 10 % or more premature against their local rhythm, and that rule's PPV;
- a logistic stacker on out-of-fold logits + rhythm features, cross-validated over the patient folds.
Run: python3 models/analysis/s_prematurity.py"""
import sys
from pathlib import Path

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "train"))
import data as D  # noqa: E402
from train import load_model, plain_inputs, predict  # noqa: E402

WORK = Path(__file__).resolve().parents[1] / ".work"


def se_ppv(y, pred, c):
    tp = np.sum((pred == c) & (y == c))
    return tp / max(1, np.sum(y == c)), tp / max(1, np.sum(pred == c))


def main():
    torch.set_num_threads(2)
    B = D.load_beats(D.default_data_dir(), D.DS1)
    y, rh = B["y"], B["rhythm"]
    folds = D.make_folds(B["rec"], y, 5)
    fold = np.zeros(len(y), int)
    lg = np.zeros((len(y), 5), np.float32)
    for k in range(5):
        sel = np.flatnonzero(np.isin(B["rec"], folds[k]))
        fold[sel] = k
        lg[sel] = predict(load_model(WORK / f"resnet_fold{k}" / "best.pt"), *plain_inputs(B, sel))
    premature = rh[:, 0] < np.log(0.9)  # feature 0: log(pre RR / local median RR)
    s = y == 1
    print(f"S beats {s.sum()}: {np.mean(premature[s]):.2f} premature by >= 10 %; "
          f"rule flags {np.sum(premature & (y == 0))} N beats, PPV {np.sum(premature & s) / premature.sum():.2f}")
    x = np.concatenate([lg, rh[:, :6]], 1)
    for cw in (None, "balanced"):
        pred = np.zeros(len(y), int)
        for k in range(5):
            clf = LogisticRegression(C=1.0, class_weight=cw, max_iter=2000).fit(x[fold != k], y[fold != k])
            pred[fold == k] = clf.predict(x[fold == k])
        (sse, sppv), (vse, vppv) = se_ppv(y, pred, 1), se_ppv(y, pred, 2)
        print(f"stacker class_weight={cw}: acc {np.mean(pred == y):.4f} S Se {sse:.3f} PPV {sppv:.3f} V Se {vse:.3f} PPV {vppv:.3f}")
    sse, sppv = se_ppv(y, lg.argmax(1), 1)
    print(f"network head (raw, before the card's logit adjustment): S Se {sse:.3f} PPV {sppv:.3f}")


if __name__ == "__main__":
    main()
