#!/usr/bin/env python3
"""Train the record-level (whole 12-lead sheet) classifier on the ecg12 scans and ship it as ONNX.

Run from the repo root:  python3 models/sheet/train_sheet.py --help
Input: the features the engine measures on each digitized sheet (`ecg-review sheet-features`, run
here unless --features points at an existing extraction). Evaluation: content-disjoint k-fold CV
(folds dealt by sha256 within each class). The k fold models are the shipped ensemble.
"""
import argparse
import datetime as dt
import hashlib
import json
import logging
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(HERE.parent / "train"))  # the beat trainer's metrics
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import metrics as M  # noqa: E402
from export_onnx import sha256  # noqa: E402
from metrics import entropy, softmax  # noqa: E402
from sheet_data import CLASSES, ROOT, drift_check, extract_features, hash_folds, load  # noqa: E402
from sheet_net import SeedEnsemble, SheetLinear, SheetMLP  # noqa: E402

OPSET = 17
log = logging.getLogger("sheet")


def report(y, pred):
    return M.report(y, pred, classes=CLASSES, macro_over=len(CLASSES))


def ece(prob, y):
    return round(M.ece(prob, y, bins=10), 4)


def fit_temperature(logits, y):
    return round(M.fit_temperature(logits, y), 4)


def whole_sheet_features(names):
    """Indices of the features measured across the sheet (no `lead.` prefix): rhythm, QRS width, axes."""
    return [i for i, n in enumerate(names) if "." not in n]


def train_one(cls, X, y, args, seed):
    torch.manual_seed(seed)
    m = cls(X.shape[1], hidden=args.hidden, dropout=args.dropout, subspace=args.subspace, seed=seed,
            shared=args.shared_idx)
    m.fit_scaling(X)
    counts = np.bincount(y, minlength=4).astype(np.float32)
    w = torch.tensor(len(y) / (4 * np.maximum(counts, 1)), dtype=torch.float32)
    opt = torch.optim.AdamW(m.parameters(), lr=args.lr, weight_decay=args.wd)
    A, Y = torch.tensor(X), torch.tensor(y)
    for _ in range(args.epochs):  # full batch: 150 sheets fit in one step
        m.train()
        opt.zero_grad()
        F.cross_entropy(m(A), Y, weight=w, label_smoothing=0.05).backward()
        opt.step()
    return m.eval()


def cross_validate(cls, X, y, folds, args):
    """-> out-of-fold log-probabilities and the k fold ensembles (each of args.seeds members)."""
    oof = np.zeros((len(y), 4), dtype=np.float64)
    models = []
    for k in range(args.folds):
        tr, te = folds != k, folds == k
        ens = SeedEnsemble([train_one(cls, X[tr], y[tr], args, args.seed + 97 * k + s)
                            for s in range(args.seeds)]).eval()
        with torch.no_grad():
            oof[te] = ens(torch.tensor(X[te])).numpy()
        models.append(ens)
    return oof, models


def choose_abstain(prob, y):
    """Entropy above which a sheet goes to review first: the threshold (over the OOF entropies)
    that sends at most a third of the sheets to review and leaves the fewest errors among the rest."""
    h = entropy(prob)
    ok = prob.argmax(1) == y
    best = None
    for t in sorted(set(np.round(h, 4))):
        kept = h <= t
        if kept.mean() < 2 / 3:
            continue
        key = (ok[kept].mean(), kept.mean())
        if best is None or key > best[0]:
            best = (key, float(t))
    t = best[1] if best else float(h.max())
    above = h > t
    return dict(abstain_entropy=round(t, 4), entropy="natural log, tempered ensemble softmax",
                fraction_above=round(float(above.mean()), 4),
                accuracy_below=round(float(ok[~above].mean()), 4) if (~above).any() else None,
                accuracy_above=round(float(ok[above].mean()), 4) if above.any() else None)


def export(ens, n_features, path):
    torch.onnx.export(ens, (torch.zeros(2, n_features),), str(path), input_names=["features"],
                      output_names=["logits"], dynamic_axes={"features": {0: "B"}, "logits": {0: "B"}},
                      opset_version=OPSET, dynamo=False)


def check_parity(ens, path, X):
    import onnxruntime as ort
    s = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    got = s.run(["logits"], {"features": X})[0]
    with torch.no_grad():
        want = ens(torch.tensor(X)).numpy()
    diff = float(np.abs(got - want).max())
    if diff > 1e-4:
        raise SystemExit(f"onnxruntime differs from torch by {diff:.2e} on {path}")
    return diff


# What was tried, in order, each on the same 182 sheets and scored on both partitions (main / salted:
# accuracy, macro-F1). A change is kept only if it helps on both. Figures from runs of this trainer
# (options given) or of models/analysis/sheet_variants.py.
DEV_LOG = """\
Rows up to the seed check used the feature extraction 1.0.0 was trained on, made before later
digitizer changes (rows split by a wandering baseline, strips, each panel's 0 mV); re-extracted with
the current engine, 38 of the 182 sheets' features moved (beats found, rhythm, Q waves), and the last
rows are on that extraction, which the shipped model is trained on. (The older extraction is not in
git; the earlier rows need it, as `--features`, to be reproduced.)

| version / variant | main partition | salted partition | kept |
|---|---|---|---|
| 1.0.0 first: plain MLP ensemble, all features | 0.846 / 0.831 | — | no |
| 1.0.0: random subspace, 50 % of all 137 features per member (`--shared none`) | 0.885 / 0.898 | 0.885 / 0.898 | yes |
| whole-sheet features only (17), same model | 0.736 / 0.611 | 0.753 / 0.616 | no |
| 1.0.0 + QT, QTc, R-to-T-peak measured on the median beats (prototype) | 0.885 / 0.876 | 0.879 / 0.899 | no |
| 1.0.0 + those and T/QRS size, T inversions, QRS notches, P in II (prototype) | 0.912 / 0.922 | 0.874 / 0.877 | no |
| 1.1.0: every member also sees the 17 whole-sheet features (`--shared global`) | 0.907 / 0.903 | 0.907 / 0.905 | yes |
| 1.1.0 + the QT, QTc, R-to-T-peak prototypes as whole-sheet features | 0.896 / 0.891 | 0.890 / 0.869 | no |
| seed check, trainer seed 12: 1.0.0 / 1.1.0 | 0.874 / 0.879, 0.907 / 0.903 | 0.874 / 0.889, 0.901 / 0.891 | — |
| seed check, trainer seed 13: 1.0.0 / 1.1.0 | 0.879 / 0.895, 0.901 / 0.898 | 0.868 / 0.876, 0.907 / 0.905 | — |
| current engine's features: 1.0.0's recipe (`--shared none`) | 0.868 / 0.873 | 0.857 / 0.869 | no |
| current engine's features: 1.1.0 (shipped) | 0.896 / 0.892 | 0.896 / 0.900 | yes |
| seed check on them, seed 12: 1.0.0's recipe / 1.1.0 | 0.874 / 0.879, 0.901 / 0.906 | 0.874 / 0.881, 0.901 / 0.907 | — |
| seed check on them, seed 13: 1.0.0's recipe / 1.1.0 | 0.868 / 0.877, 0.907 / 0.912 | 0.857 / 0.869, 0.890 / 0.882 | — |
| 1.1.0, a feature with zero interquartile range (Q widths, rr_irregular, rr_premature) scaled by its SD, not 1 unit | 0.901 / 0.899 | 0.896 / 0.905 | no |
| the same at seeds 12 / 13 | 0.896 / 0.892, 0.901 / 0.898 | 0.896 / 0.905, 0.890 / 0.899 | — |

The SD scaling looked like a gain at seed 11 (one sheet more on the main partition) but lost at
seed 12 on both partitions and at seed 13 on the main one: noise, so not kept. The shipped figures are seed 11's, the trainer's default since
1.0.0; at seeds 12 and 13 the same recipe gives 0.890 to 0.907, so whether it clears 0.90 depends on
the seed: read it as about 0.90.

Why 1.1.0: the heart rate alone nearly splits normal (53 sheets, all but one below 90 bpm on the
current engine) from abnormal heartbeat (86, 75 of them 90-190 bpm): a cut at 85 bpm, chosen on
these sheets, errs on 8 of the 139 (9 on the older extraction, where 1.0.0 erred on 13); yet a
random half of 1.0.0's members never saw the heart rate, and abnormal-heartbeat sheets at 100 bpm
were called normal. The seed checks (other seeds for every member, not used to choose) show the
gain is not one seed's luck: on the current engine's features accuracy +0.03 to +0.04 and macro-F1
+0.01 to +0.04 at every seed and on both partitions (older extraction: +0.02 to +0.04 and +0.002
to +0.029).
"""


def card(man):
    m = man["metrics"]
    cv, lin, rep = m["cv"], m["cv_linear"], m["cv_repeat"]
    rows = "\n".join(
        f"| {c} | {cv['per_class'][c]['support']} | {cv['per_class'][c]['precision']:.3f} | "
        f"{cv['per_class'][c]['recall']:.3f} | {cv['per_class'][c]['f1']:.3f} |" for c in CLASSES)
    cm = "\n".join(f"| {CLASSES[i]} | " + " | ".join(str(v) for v in r) + " |" for i, r in enumerate(cv["confusion"]))
    u = man["uncertainty"]
    return f"""# {man['name']} {man['version']} — record-level classifier for 12-lead sheets

Classifies a whole scanned 12-lead report into {', '.join(CLASSES)} (the ecg12 classes, seed 002).

## What it sees
Not the image: the {len(man['input']['features']['names'])} measurements the app's own digitizer
takes on the sheet (`electron/engine/sheet/compute-sheet-features.ts`, feature set version
{man['input']['features']['version']}): per lead, on its median beat, R/Q/S amplitudes, Q duration,
QRS area, ST level at J+20/J+60 ms and slope, T peak and mean; from the rhythm strip, heart rate,
RR variability, premature and odd beats, P wave; across leads QRS duration, voltage and the QRS/T
axes. A feature the digitizer cannot measure is NaN and the model imputes the training median.

## Data and evaluation
{cv['n']} real scans of `../shared/data/ecg12` (unique by content), {man['training']['folds']}-fold
cross-validation with folds dealt by sha256 within each class (never by file name). Every figure
below is out-of-fold: each sheet is predicted by the fold model that never saw it. The shipped
ensemble is those {man['training']['folds']} fold models (each {man['training']['seeds']} MLPs, each
on its own random {man['training']['subspace']:.0%} of the per-lead features plus all
{len(man['training']['shared'])} whole-sheet ones: rhythm, QRS width, voltage, axes),
mean of their softmaxes at temperature {man['temperature']}.

| | accuracy | macro-F1 |
|---|---|---|
| this model (random-subspace MLP ensemble, CV folds by hash) | {cv['accuracy']:.3f} | {cv['macro_f1']:.3f} |
| same model, second partition (salted hash) | {rep['accuracy']:.3f} | {rep['macro_f1']:.3f} |
| linear baseline (logistic regression, same features and folds) | {lin['accuracy']:.3f} | {lin['macro_f1']:.3f} |
| seed 002 (image CNN, ImageNet-pretrained ResNet-18 branch) | 0.891 | — |
| goal | 0.90 | 0.85 |

Seed 002's 89.06 % is a validation accuracy on a set whose files repeat byte for byte under other
names, so its train and validation sets likely share images; the figures here cannot leak that way.
The network's size and regularisation, the random-subspace ensemble and the whole-sheet features
every member sees were chosen by looking at cross-validation on these same 182 sheets (see the log
below), so the first row is somewhat optimistic; the second partition shows how much it moves.

| class | sheets | precision | recall | F1 |
|---|---|---|---|---|
{rows}

Confusion (rows truth, columns prediction, order {', '.join(CLASSES)}):

| | {' | '.join(CLASSES)} |
|---|---|---|---|---|
{cm}

## Calibration and review
Expected calibration error {m['ece_raw']} untempered, {m['ece']} at temperature {man['temperature']}.
Sheets whose predictive entropy exceeds {u['abstain_entropy']} nats are marked for review first
({u['fraction_above'] * 100:.0f} % of the sheets out-of-fold; accuracy {u['accuracy_below']} below the
threshold, {u['accuracy_above']} above).

## Development log
{DEV_LOG}
## Saliency
Occlusion, computed by the engine: each lead's features are set to "not measurable" in turn and
the drop of the predicted class's probability is that lead's share; within a lead, the same per
wave (P, QRS, ST, T), painted onto every beat of the lead's time span.

## Limits
- 182 sheets from one source and one printer layout; MI has only 11 sheets, so its figures are
  uncertain by ±10 points or more. Not validated on any other population.
- It judges the digitizer's measurements: a sheet the digitizer reads badly (marked `partial`) is
  classified from what could be read.
- It is only as current as the features it was trained on: 1.0.0 was, after three digitizer changes,
  judging measurements 38 of 182 sheets no longer gave. `golden.json` now keeps the trained-on
  features of 3 sheets per class, and `tests/integration/record-model.integrationTest.ts` digitizes
  them again and names any feature that moved: then re-extract and retrain.
- Not a diagnosis: it orders the review queue and proposes a label a cardiologist confirms.

Trained {man['created']} with `{man['training']['command']}` in {man['training']['seconds']} s.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--labels", default=str(ROOT.parent / "shared" / "data" / "ecg12" / "labels.tsv"))
    ap.add_argument("--features", default=None, help="folder with features.jsonl/.json (default: extract)")
    ap.add_argument("--work", default=str(ROOT / "models" / ".work-sheet"))
    ap.add_argument("--out", default=str(ROOT / "models" / "sheet-features-mlp"))
    ap.add_argument("--name", default="sheet-features-mlp")
    ap.add_argument("--version", default="1.1.0")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=10, help="members per fold file")
    ap.add_argument("--subspace", type=float, default=0.5, help="share of the features each member sees")
    ap.add_argument("--shared", choices=["global", "none"], default="global",
                    help="global: every member also sees all whole-sheet features (rhythm, QRS width, axes)")
    ap.add_argument("--epochs", type=int, default=600)
    ap.add_argument("--hidden", type=int, default=64)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--wd", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--smoke", action="store_true", help="CI: 16 sheets, 2 folds, 1 seed, 30 epochs")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S")
    torch.set_num_threads(1)
    t0 = time.time()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    limit = None
    labels = Path(args.labels)
    if not labels.exists():
        raise SystemExit(f"labels not found: {labels} (the ecg12 data set; see --labels)")
    if args.smoke:
        args.folds, args.seeds, args.epochs = 2, 1, 30
        rows = labels.read_text().splitlines()
        head, body = rows[0], rows[1:]
        pick = [next(r for r in body if r.split("\t")[1] == c) for c in CLASSES]
        pick += [r for r in body if r not in pick][:12]
        small = Path(args.work) / "smoke-labels.tsv"
        small.parent.mkdir(parents=True, exist_ok=True)
        # Paths in labels.tsv are relative to it: make them absolute for the copy.
        col = head.split("\t").index("path")
        fix = lambda r: "\t".join(str(labels.parent / v) if i == col else v for i, v in enumerate(r.split("\t")))
        small.write_text("\n".join([head] + [fix(r) for r in pick]) + "\n")
        labels, limit = small, len(pick)
    feats = Path(args.features) if args.features else extract_features(
        labels, Path(args.work) / ("features-smoke" if args.smoke else "features"), log)
    X, y, shas, spec = load(feats, limit)
    log.info(f"{len(y)} sheets, {X.shape[1]} features, classes {np.bincount(y, minlength=4).tolist()}")
    folds = hash_folds(y, shas, args.folds)
    args.shared_idx = whole_sheet_features(spec["names"]) if args.shared == "global" else []

    oof, models = cross_validate(SheetMLP, X, y, folds, args)
    oof_lin, _ = cross_validate(SheetLinear, X, y, folds, args)
    salted = hash_folds(y, [hashlib.sha256((s + "repeat").encode()).hexdigest() for s in shas], args.folds)
    oof_rep, _ = cross_validate(SheetMLP, X, y, salted, args)
    T = fit_temperature(oof, y)
    prob = softmax(oof / T)
    metrics = dict(cv=report(y, oof.argmax(1)), cv_linear=report(y, oof_lin.argmax(1)),
                   cv_repeat=report(y, oof_rep.argmax(1)), ece_raw=ece(softmax(oof), y), ece=ece(prob, y))
    for k in ("cv", "cv_repeat", "cv_linear"):
        log.info(f"{k:10s} acc {metrics[k]['accuracy']:.3f} macro-F1 {metrics[k]['macro_f1']:.3f}")

    files = []
    for k, ens in enumerate(models):
        p = out / f"fold{k}.onnx"
        export(ens, X.shape[1], p)
        probe = X[folds == k].copy()
        probe[0, ::7] = np.nan  # the imputation path must match too
        diff = check_parity(ens, p, probe)
        files.append(dict(file=p.name, sha256=sha256(p), bytes=p.stat().st_size,
                          val_sheets=int((folds == k).sum()), parity_max_abs=float(f"{diff:.2e}")))
    # Golden: a few sheets' raw features (NaN kept as null) and the shipped ensemble's probabilities.
    pick = [int(np.flatnonzero(y == c)[0]) for c in range(4) if (y == c).any()]
    with torch.no_grad():
        ens_prob = np.mean([softmax(m(torch.tensor(X[pick])).numpy() / T) for m in models], 0)
    golden = dict(temperature=T, sheets=[dict(
        sha256=shas[i], label=CLASSES[y[i]],
        features=[None if np.isnan(v) else float(v) for v in X[i]],
        probs=[round(float(v), 7) for v in ens_prob[j]]) for j, i in enumerate(pick)],
        trained_features=drift_check(X, y, shas))
    (out / "golden.json").write_text(json.dumps(golden) + "\n")

    man = dict(
        name=args.name, version=args.version, kind="record",
        created=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        classes=CLASSES,
        input=dict(features=dict(version=spec["version"], names=spec["names"],
                                 source="computeSheetFeatures (electron/engine/sheet)", missing="NaN")),
        inputs=dict(features=["B", X.shape[1]]), outputs=dict(logits=["B", 4]),
        ensemble="mean of the fold softmaxes at `temperature`", folds=files, temperature=T,
        uncertainty=choose_abstain(prob, y),
        saliency=dict(method="occlusion", rule="share of a lead = drop of the predicted class's probability "
                                                "when its features are NaN, normalised over leads"),
        metrics=metrics,
        training=dict(command=" ".join(["python3", "models/sheet/train_sheet.py"] + sys.argv[1:]),
                      folds=args.folds, seeds=args.seeds, subspace=args.subspace,
                      shared=[spec["names"][i] for i in args.shared_idx], epochs=args.epochs,
                      hidden=args.hidden,
                      dropout=args.dropout, weight_decay=args.wd, lr=args.lr, seed=args.seed,
                      loss="class-weighted cross-entropy, label smoothing 0.05, full batch AdamW",
                      fold_rule="within each class, sheets sorted by sha256, dealt round-robin",
                      torch=torch.__version__, smoke=args.smoke, seconds=round(time.time() - t0, 1),
                      data=f"ecg12: {len(y)} sheets " + str(dict(zip(CLASSES, np.bincount(y, minlength=4).tolist())))),
    )
    (out / "model.json").write_text(json.dumps(man, indent=1) + "\n")
    (out / "MODEL_CARD.md").write_text(card(man))
    log.info(f"wrote {out} in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
