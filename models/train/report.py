"""model.json manifest, MODEL_CARD.md and train_summary.txt from the evaluation results."""
import datetime as dt
import sys

import torch

import contract as C
import data as D
import metrics as M

NAME, VERSION = "beat-resnet34", "2.0.0"


def manifest(args, metrics, extra, folds, subset, jobs, seconds):
    ep_run = {n: (j or {}).get("epochs_run") for n, j in jobs.items()}
    tta = {"shift_samples": [-2, 2], "rule": "mean softmax over shifts -2, 0, +2 samples (180 Hz)"}
    if "image_shift_tta" in metrics:
        a, b = metrics["image_shift"]["macro_f1"], metrics["image_shift_tta"]["macro_f1"]
        tta.update(image_shift_macro_f1_without=a, image_shift_macro_f1_with=b, helped=bool(b > a),
                   recommended=bool(b > a + 0.005))
    else:
        tta["evaluated"] = False
    tta["note"] = "amplitude TTA is useless: the z-score removes any gain"
    return {
        "name": NAME, "version": VERSION,
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "classes": M.CLASSES,
        "input": C.CONTRACT,
        "inputs": {"beat": ["B", 2, C.LEN], "rhythm": ["B", 7]},
        "outputs": {"logits": ["B", 5], "cam": ["B", 5, 18], "embedding": ["B", 8 * args.width]},
        "ensemble": "mean of the fold softmaxes",
        "onnx": {"opset": 17, "dynamic_axes": "batch"},
        "folds": folds,
        "temperature": extra.get("temperature"),
        "logit_adjustment": extra.get("logit_adjustment"),
        "uncertainty": extra.get("uncertainty"),
        "tta": tta,
        "metrics": metrics,
        "ece": extra.get("ece"),
        "evaluation_notes": {
            "macro_f1": "mean F1 over N,S,V,F (AAMI EC57 excludes Q); macro_f1_5 over all classes with support",
            "patient_cv": "out-of-fold over all DS1 beats; each beat predicted by the fold model that did not "
                          "see its patient; the best epoch was also chosen on that fold (slightly optimistic)",
            "image_shift": "Python simulation (amplitude x0.5-2, drift, noise, warp, 128-px render + column "
                           "centroid); the app-path figure comes from the TypeScript renderer/digitizer",
            "paced_records": "102 104 107 217 used in training only, never evaluated",
        },
        "subset_check": subset,
        "training": {
            "commands": [" ".join([sys.executable.split("/")[-1]] + sys.argv)],
            "epochs": args.epochs, "cnn_epochs": args.cnn_epochs, "intra_epochs": args.intra_epochs or args.epochs,
            "epochs_run": ep_run, "beats_per_epoch": args.beats_per_epoch, "batch": args.batch, "lr": args.lr,
            "optimizer": "AdamW wd 1e-2, ReduceLROnPlateau(max val macro-F1, x0.5, patience 2)",
            "loss": "focal gamma 2" if args.loss == "focal" else "cross-entropy",
            "sampling": dict(zip(M.CLASSES, D.CLASS_SHARES.tolist())),
            "context_mask_p": 0.3, "short_template_p": 0.35, "width": args.width, "seconds": round(seconds, 1),
            "torch": torch.__version__, "seed": args.seed, "smoke": bool(args.smoke),
            "data": "MIT-BIH DS1 (22 records) + paced 102 104 107 217 (train only); DS2 untouched",
        },
    }


def _row(name, m):
    if not m:
        return f"| {name} | – | – | – |"
    return f"| {name} | {100 * m['accuracy']:.2f} % | {m['macro_f1']:.3f} | {m['macro_f1_5']:.3f} |"


def _perclass(m):
    lines = ["| class | Se (recall) | PPV (precision) | F1 | support |", "|---|---|---|---|---|"]
    for c in M.CLASSES:
        p = m["per_class"][c]
        lines.append(f"| {c} | {p['recall']:.3f} | {p['precision']:.3f} | {p['f1']:.3f} | {p['support']} |")
    return "\n".join(lines)


def card(man):
    m = man["metrics"]; t = man["training"]
    pc = m.get("patient_cv"); nr = m.get("patient_cv_no_rhythm")
    s = [f"# Model card: {NAME} {VERSION}", "",
         f"Created {man['created']}. {'SMOKE RUN – not a real model. ' if t['smoke'] else ''}",
         "", "## What it is",
         "A 1D ResNet-34 (seed 000: k7 stem, 3-4-6-3 basic blocks with k5 convs, widths 16/32/64/128) that "
         "classifies one heartbeat into the AAMI classes N, S, V, F, Q from a 144-sample window (180 Hz, R at "
         "index 64, z-scored) with, as a second input channel, the patient's own dominant beat (the median of the "
         "surrounding 41 beats of the same lead), plus 7 RR-interval features. Both context inputs are zero for a "
         "single-beat crop (trained so with 30 % of the beats masked). The app runs the "
         f"{len(man['folds'])} patient-fold models as an ensemble (mean of softmaxes). It also returns a class "
         "activation map (18 steps over the window) and a 128-d embedding. The app's saliency for a beat with "
         "a context template is the contrastive map (the beat's map minus that of its template run as the "
         "beat; models/INPUT_CONTRACT.md): the plain map of this model spreads over the ST-T segment.",
         "", "## Data",
         "MIT-BIH Arrhythmia Database, the 22 DS1 records (de Chazal split), channel 0 (MLII, except record 114 "
         "where channel 0 is V5). The 4 paced records (102 104 107 217) add real Q beats to training only and "
         "are never evaluated. DS2 (22 records) was not touched and is kept for the independent inter-patient test.",
         "", "## Protocol",
         f"- Patient-grouped {len(man['folds'])}-fold CV: no record in both training and validation. The folds were "
         "built deliberately: the five S-richest records (209, 207, 201, 118, 220) each open a different fold; the "
         "rest are spread by V+F count. Folds: " + "; ".join(f"{f['file']}: {f['val_records']}" for f in man["folds"]) + ".",
         f"- Each epoch samples {t['beats_per_epoch']} beats with fixed class quotas {t['sampling']} (with "
         "replacement), so rare classes are oversampled; loss: " + t["loss"] + "; " + t["optimizer"] + ".",
         "- Training-only augmentation (seed 000): amplitude ×0.5–2, baseline drift (sine + linear), Gaussian noise, "
         "time warp ±10 %, shift ±3 samples; rhythm input zeroed for 30 % of training beats.",
         "- The best epoch per fold is chosen on that fold's validation macro-F1, so the CV figures are slightly optimistic.",
         "- Prior correction: the quotas train the model under a balanced class prior; the shipped heads' biases are "
         "shifted by tau·(log DS1 frequency − log quota) (logit adjustment, Menon et al. 2021), tau = "
         + str((man.get("logit_adjustment") or {}).get("tau")) + ", chosen on the out-of-fold predictions "
         "(OOF macro-F1 by tau: " + str((man.get("logit_adjustment") or {}).get("oof_macro_f1_by_tau")) + "); "
         "every figure below is of the adjusted model.",
         "- macro-F1 = mean F1 over N, S, V, F: AAMI EC57 excludes Q from evaluation (macro_f1_5 includes Q where present).",
         "", "## Results (DS1)", "",
         "| evaluation | accuracy | macro-F1 (NSVF) | macro-F1 (5) |", "|---|---|---|---|",
         _row("ResNet-34, patient CV, with rhythm", pc),
         _row("ResNet-34, patient CV, no rhythm", nr),
         _row("ResNet-34, shifts only (signal)", m.get("signal_shift")),
         _row("ResNet-34, shifts + image round trip (Python sim.)", m.get("image_shift")),
         _row("  same, with shift TTA", m.get("image_shift_tta")),
         _row("  same images as single-beat crops (no rhythm, no template)", m.get("image_shift_no_context")),
         _row("Seed-001 CNN baseline, patient CV", m.get("baseline_cnn")),
         _row("ResNet-34, intra-patient 80/20 (seed-001 protocol)", m.get("intra_patient")),
         "", "For comparison (not the same data or protocol): seed 000 reports macro-F1 0.837 on a Kaggle beat-image "
         "test set; seed 001 reports 97.22 % accuracy and macro-F1 0.86 with an intra-patient (beat-level) split of "
         "MIT-BIH; the inter-patient anchor (Mondéjar-Guerra et al. 2019, DS1→DS2) is 94.5 % accuracy. Intra-patient "
         "figures are much higher than patient-wise ones because the same patient's beats are on both sides; only "
         "the patient-wise numbers say how the model does on a new patient.", ""]
    if pc:
        s += ["### Per class, patient CV with rhythm", "", _perclass(pc), ""]
    if nr:
        s += ["### Per class, patient CV without rhythm (single-beat crops)", "", _perclass(nr), ""]
    if man.get("ece"):
        s += ["## Calibration and uncertainty", "",
              f"ECE (15 bins) of the out-of-fold probabilities: {man['ece']['oof']}; after temperature "
              f"T = {man['temperature']}: {man['ece']['oof_temperature_scaled']}. "
              + ("The app reports probabilities at this temperature." if man['uncertainty'].get('tempered') else ""),
              f"Abstain rule: predictive entropy > {man['uncertainty']['abstain_entropy']} (≈5 % of beats). "
              f"Error rate above it {man['uncertainty']['error_rate_above']}, below it "
              f"{man['uncertainty']['error_rate_below']}.", ""]
    if man["tta"].get("image_shift_macro_f1_without") is not None:
        s += [f"Shift TTA (−2/0/+2 samples) on image_shift: macro-F1 {man['tta']['image_shift_macro_f1_without']} → "
              f"{man['tta']['image_shift_macro_f1_with']} ({'helped' if man['tta']['helped'] else 'did not help'}).", ""]
    s += ["## Image path", "",
          "`image_shift` is a Python simulation: the shifted beat is drawn as a 1-px polyline on a 128-px-high canvas "
          "with speckle and recovered as the per-column foreground centroid. The real app-path figure will come "
          "from the TypeScript renderer/digitizer.", "",
          "## Limitations", "",
          "- 22 training patients; F comes almost entirely from record 208 and S mostly from a few records, so S and F "
          "figures vary a lot between folds and patients.",
          "- Prematurity alone does not find S beats between patients on DS1: only 56 % of its 944 S beats come "
          "10 % or more before their local rhythm (median of the surrounding 10 RR), and such a rule flags 1,149 "
          "N beats with them (PPV 0.12; atrial fibrillation in 201 and 203, sinus arrhythmia). A logistic "
          "stacker on the out-of-fold logits plus the rhythm features, cross-validated over the same patient folds, "
          "did not beat the network's own head (S Se 0.67 at PPV 0.27 class-weighted, 0.11 at 0.16 unweighted; models/analysis/s_prematurity.py).",
          "- Q is essentially untestable on DS1 (8 beats); Q predictions come from paced beats only.",
          "- Trained on one lead (channel 0, mostly MLII); other leads from a scanned 12-lead ECG differ in morphology.",
          "- R positions come from the reference annotations here; in the app they come from a detector on a "
          "digitized trace, whose errors are not modelled.",
          "- Not yet evaluated on DS2; not a medical device: for review support only.", "",
          "## Training", "",
          f"Command: `{t['commands'][0]}`; torch {t['torch']}; seed {t['seed']}; {t['seconds']:.0f} s on 2 CPU cores; "
          f"epochs run: {t['epochs_run']}.", ""]
    return "\n".join(s)


def summary(man, jobs):
    lines = [f"{NAME} training summary ({man['created']})", ""]
    for n, j in jobs.items():
        if j:
            lines.append(f"{n:16s} best val macro-F1 {j['best_val_macro_f1']:.4f}  epochs {j['epochs_run']}"
                         f"  {j.get('seconds', 0):.0f}s" + ("  (interrupted)" if j.get("interrupted") else ""))
    lines.append("")
    for n, m in man["metrics"].items():
        lines.append(f"{n:22s} acc {m['accuracy']:.4f}  macro-F1 {m['macro_f1']:.4f}  macro-F1(5) {m['macro_f1_5']:.4f}"
                     f"  n={m['n']}")
    if man.get("subset_check"):
        sc = man["subset_check"]
        lines.append(f"subset_check (onnxruntime ensemble) acc {sc['accuracy']:.4f} macro-F1 {sc['macro_f1']:.4f}")
    return "\n".join(lines) + "\n"
