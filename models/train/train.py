#!/usr/bin/env python3
"""Train the beat classifiers, evaluate, export ONNX and write manifest + model card.

Run from the repo root:  python3 models/train/train.py --help
Full pipeline = ResNet-34 patient folds -> seed-001 CNN folds -> intra-patient ResNet -> finalize.
Every epoch writes checkpoints under --work, so a rerun resumes and `--finalize` rebuilds the
outputs from whatever checkpoints exist.
"""
import argparse
import datetime as dt
import json
import logging
import os
import sys
import time
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # works as a script and as a package module
    sys.path.insert(0, str(HERE))

# Must precede the torch import: with the default (spinning) OpenMP wait policy, 2 threads on a
# shared, oversubscribed 2-core machine ran ~13x slower (7.7 vs 102 beats/s measured).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np
import torch
import torch.nn.functional as F

import contract as C
import data as D
import metrics as M
import nets

REPO = HERE.parents[1]
log = logging.getLogger("train")


def parse(argv=None):
    p = argparse.ArgumentParser(description="Train/evaluate/export the ECG beat models (DS1 only).")
    p.add_argument("--folds", type=int, default=5, help="patient-grouped folds over the 22 DS1 records")
    p.add_argument("--epochs", type=int, default=16, help="ResNet epochs per fold")
    p.add_argument("--beats-per-epoch", type=int, default=16000, help="class-quota sampled beats per epoch")
    p.add_argument("--cnn-epochs", type=int, default=8, help="epochs per fold of the seed-001 CNN baseline")
    p.add_argument("--intra-epochs", type=int, default=None, help="epochs of the intra-patient ResNet (default --epochs)")
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--width", type=int, default=16, help="ResNet base width (16 -> 16/32/64/128)")
    p.add_argument("--loss", choices=["focal", "ce"], default="focal", help="ResNet loss (CNN baseline uses CE as seed 001)")
    p.add_argument("--out", default=str(REPO / "models" / "beat-resnet34"), help="output folder (ONNX, model.json, card)")
    p.add_argument("--work", default=None, help="checkpoint/log folder (default models/.work, smoke: OUT/_work)")
    p.add_argument("--data", default=None, help="mitdb folder (default ../shared/data/mitdb or $ECG_MITDB_DIR)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--only", choices=["resnet", "cnn", "intra"], default=None, help="train only this group, then finalize")
    p.add_argument("--smoke", action="store_true", help="tiny CI run: ~600 beats, 1 fold, 1 epoch; still exports ONNX + manifest")
    p.add_argument("--finalize", action="store_true", help="no training: evaluate/export from existing checkpoints")
    p.add_argument("--deadline", default=None, help="HH:MM UTC by which training must stop (finalize runs after)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--ema", type=float, default=0.995, help="decay of the weight average that is validated and shipped")
    p.add_argument("--from-export", default=None, metavar="DIR",
                   help="fine-tune the shipped ensemble on a WFDB export of corrections (see finetune.py; "
                        "`train.py --from-export DIR --help` lists its options)")
    return p.parse_args(argv)


def setup_logging(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S")
    log.setLevel(logging.INFO)
    for h in (logging.FileHandler(path), logging.StreamHandler(sys.stdout)):
        h.setFormatter(fmt); log.addHandler(h)


def focal_loss(logits, y, gamma):
    logp = F.log_softmax(logits, 1).gather(1, y[:, None])[:, 0]
    return (-(1 - logp.exp()) ** gamma * logp).mean()


@torch.inference_mode()
def predict(model, beat, rhythm, batch=2048):
    """beat [n,2,144] (beat + context template, contract v2), rhythm [n,7] -> logits [n,5] numpy."""
    model.eval()
    out = []
    for i in range(0, len(beat), batch):
        x = torch.from_numpy(np.ascontiguousarray(beat[i:i + batch], dtype=np.float32))
        r = torch.from_numpy(np.ascontiguousarray(rhythm[i:i + batch], dtype=np.float32))
        out.append(model(x, r)[0].numpy())
    return np.concatenate(out) if out else np.zeros((0, 5), np.float32)


def plain_inputs(B, idx):
    return C.stack_context(C.zscore(D.center(B["ext"][idx])), B["tmpl"][idx]), B["rhythm"][idx]


def train_job(name, kind, B, tr, va, epochs, args, work, slot_end):
    """Train one model; best-by-val-macro-F1 and last checkpoints in work/name. Returns summary dict."""
    jd = work / name
    jd.mkdir(parents=True, exist_ok=True)
    if (jd / "done.json").exists():
        log.info(f"[{name}] already done, skipping")
        return json.loads((jd / "done.json").read_text())
    tag = zlib.crc32(name.encode()) % 10000
    torch.manual_seed(args.seed * 10000 + tag)
    rng = np.random.default_rng(args.seed * 10000 + tag)
    model = nets.build(kind, args.width)
    # An average of the weights over the last ~2 epochs (EMA, BN buffers too) is validated and saved:
    # on held-out patients the raw weights swung between epochs (fold-0 val accuracy 0.93 -> 0.71 ->
    # 0.95 -> 0.62). The decay warms up ((1+n)/(10+n)) so the random init does not linger.
    def ema_avg(avg, cur, n):
        d = min(args.ema, (1.0 + float(n)) / (10.0 + float(n)))
        return avg * d + cur * (1.0 - d)
    ema = torch.optim.swa_utils.AveragedModel(model, avg_fn=ema_avg, use_buffers=True)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-2)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, mode="max", factor=0.5, patience=2)
    gamma = 2.0 if (kind == "resnet" and args.loss == "focal") else 0.0  # gamma 0 == cross-entropy
    start, best, hist, secs = 0, -1.0, [], 0.0
    if (jd / "last.pt").exists():
        ck = torch.load(jd / "last.pt", weights_only=False)
        model.load_state_dict(ck["model"]); opt.load_state_dict(ck["opt"]); sched.load_state_dict(ck["sched"])
        ema.load_state_dict(ck["ema"])
        rng.bit_generator.state = ck["rng"]; torch.set_rng_state(ck["torch_rng"])
        start, best, hist, secs = ck["epoch"] + 1, ck["best"], ck["hist"], ck["seconds"]
        log.info(f"[{name}] resuming at epoch {start}")
    # Per-epoch validation on all non-N beats + a fixed 1/4 of N beats, N weighted x4: an unbiased
    # estimate of the full-fold confusion at ~1/3 of the cost (the final OOF uses every beat).
    keep = (B["y"][va] != 0) | (np.random.default_rng(tag).random(len(va)) < 0.25)
    va = va[keep]
    wva = np.where(B["y"][va] == 0, 4.0, 1.0)
    xva, rva = plain_inputs(B, va)
    yva, ytr = B["y"][va], B["y"][tr]
    last_dur = 0.0
    for ep in range(start, epochs):
        if ep > start and time.time() + last_dur > slot_end:
            log.info(f"[{name}] time slot exhausted, stopping after {ep} epochs")
            break
        t0 = time.time()
        idx = tr[D.epoch_indices(ytr, args.beats_per_epoch, rng)]
        model.train()
        tot, nb = 0.0, 0
        for i in range(0, len(idx), args.batch):
            bi = idx[i:i + args.batch]
            if len(bi) < 2:
                continue
            x, r = D.context_inputs(B, bi, C.zscore(D.distort(B["ext"][bi], rng)), rng)
            logits = model(torch.from_numpy(x), torch.from_numpy(r))[0]
            loss = focal_loss(logits, torch.from_numpy(B["y"][bi]), gamma)
            opt.zero_grad(); loss.backward(); opt.step()
            ema.update_parameters(model)
            tot += float(loss.detach()); nb += 1
        t_train = time.time() - t0
        rep = M.report(yva, predict(ema.module, xva, rva).argmax(1), wva)
        sched.step(rep["macro_f1"])
        if rep["macro_f1"] > best:
            best = rep["macro_f1"]
            torch.save({"model": ema.module.state_dict(), "kind": kind, "width": args.width, "epoch": ep,
                        "val": rep, "weights": f"EMA {args.ema}"}, jd / "best.pt")
        last_dur = time.time() - t0
        secs += last_dur
        f1s = " ".join(f"{c}{rep['per_class'][c]['f1']:.2f}" for c in "NSVF")
        hist.append(dict(epoch=ep, loss=round(tot / max(nb, 1), 4), val_macro_f1=rep["macro_f1"],
                         val_acc=rep["accuracy"], lr=opt.param_groups[0]["lr"], seconds=round(last_dur, 1)))
        log.info(f"[{name}] ep {ep + 1}/{epochs} loss {tot / max(nb, 1):.4f} val mF1 {rep['macro_f1']:.4f} "
                 f"acc {rep['accuracy']:.4f} ({f1s}) lr {opt.param_groups[0]['lr']:.1e} "
                 f"{len(idx) / t_train:.0f} beats/s train, epoch {last_dur:.0f}s, best {best:.4f}")
        torch.save({"model": model.state_dict(), "ema": ema.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict(),
                    "rng": rng.bit_generator.state, "torch_rng": torch.get_rng_state(), "epoch": ep,
                    "best": best, "hist": hist, "seconds": secs}, jd / "last.pt")
    summ = dict(name=name, kind=kind, best_val_macro_f1=best, epochs_run=len(hist), epochs_planned=epochs,
                seconds=round(secs, 1), history=hist, n_train=int(len(tr)), n_val=int(len(va)))
    (jd / "done.json").write_text(json.dumps(summ, indent=1))
    return summ


def load_model(path):
    ck = torch.load(path, weights_only=False)
    m = nets.build(ck["kind"], ck.get("width", 16))
    m.load_state_dict(ck["model"])
    return m.eval()


def smoke_subset(B, per_record=24, seed=0):
    """~600 beats: per record up to 12 non-N beats then N, keeps every class present."""
    rng = np.random.default_rng(seed)
    keep = []
    for r in np.unique(B["rec"]):
        ix = np.flatnonzero(B["rec"] == r)
        rare = ix[B["y"][ix] != 0]; nrm = ix[B["y"][ix] == 0]
        rare = rng.permutation(rare)[:12]
        keep += list(rare) + list(rng.permutation(nrm)[: per_record - len(rare)])
    keep = np.sort(np.array(keep))
    return {k: v[keep] for k, v in B.items()}


def intra_split(B, ds1_idx, seed):
    """Stratified random 80/20 beat split of DS1 (seed-001 protocol: same patients in both)."""
    rng = np.random.default_rng(seed + 101)
    tr, te = [], []
    for c in range(5):
        ix = rng.permutation(ds1_idx[B["y"][ds1_idx] == c])
        k = int(round(len(ix) * 0.2))
        te += list(ix[:k]); tr += list(ix[k:])
    return np.sort(np.array(tr, dtype=np.int64)), np.sort(np.array(te, dtype=np.int64))


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    if any(a == "--from-export" or a.startswith("--from-export=") for a in argv):
        import finetune  # own option set (--base, --base-work, --max-cv-drop, ...)
        return finetune.main(argv)
    args = parse(argv)
    t_start = time.time()
    torch.set_num_threads(args.threads)
    out = Path(args.out).resolve()
    work = Path(args.work).resolve() if args.work else (out / "_work" if args.smoke else REPO / "models" / ".work")
    out.mkdir(parents=True, exist_ok=True)
    setup_logging(work / "train_py.log")
    log.info(f"start: {' '.join(sys.argv)}  torch {torch.__version__} threads {args.threads}")
    if args.smoke:
        args.epochs, args.cnn_epochs, args.intra_epochs, args.beats_per_epoch = 1, 1, 1, 256
    intra_epochs = args.intra_epochs or args.epochs

    data_dir = args.data or D.default_data_dir()
    if not Path(data_dir).exists():
        log.error(f"MIT-BIH data not found at {data_dir}"); return 1
    B = D.load_beats(data_dir, D.DS1 + D.PACED)
    ds1_mask = np.isin(B["rec"], D.DS1)
    folds = D.make_folds(B["rec"][ds1_mask], B["y"][ds1_mask], args.folds)
    if args.smoke:
        B = smoke_subset(B)
        ds1_mask = np.isin(B["rec"], D.DS1)
    log.info(f"beats: DS1 {ds1_mask.sum()} {np.bincount(B['y'][ds1_mask], minlength=5).tolist()}, "
             f"paced (train only) {(~ds1_mask).sum()}; folds {folds}")
    train_folds = [0] if args.smoke else list(range(args.folds))
    ds1_idx = np.flatnonzero(ds1_mask)
    paced_idx = np.flatnonzero(~ds1_mask)

    def fold_split(k):
        va = ds1_idx[np.isin(B["rec"][ds1_idx], folds[k])]
        tr = np.concatenate([ds1_idx[~np.isin(B["rec"][ds1_idx], folds[k])], paced_idx])
        return tr, va

    # job list: (name, kind, train idx, val idx, epochs, relative cost for time slots)
    jobs = []
    if not args.finalize:
        if args.only in (None, "resnet"):
            jobs += [(f"resnet_fold{k}", "resnet", *fold_split(k), args.epochs, args.epochs) for k in train_folds]
        if args.only in (None, "cnn"):
            jobs += [(f"cnn_fold{k}", "cnn", *fold_split(k), args.cnn_epochs, args.cnn_epochs * 0.45) for k in train_folds]
        if args.only in (None, "intra"):
            tr, te = intra_split(B, ds1_idx, args.seed)
            jobs.append(("intra_patient", "resnet", tr, te, intra_epochs, intra_epochs))
    deadline = None
    if args.deadline:
        h, m = map(int, args.deadline.split(":"))
        now = dt.datetime.now(dt.timezone.utc)
        d = now.replace(hour=h, minute=m, second=0, microsecond=0)
        if d < now - dt.timedelta(hours=1):
            d += dt.timedelta(days=1)
        deadline = d.timestamp()
    summaries = []
    for j, (name, kind, tr, va, ep, cost) in enumerate(jobs):
        remaining = sum(c for *_, c in jobs[j:])
        slot_end = float("inf") if deadline is None else time.time() + max(0, deadline - time.time()) * cost / remaining
        log.info(f"[{name}] train {len(tr)} beats, val {len(va)} beats, {ep} epochs"
                 + ("" if deadline is None else f", slot until {time.strftime('%H:%M:%S', time.gmtime(slot_end))} UTC"))
        summaries.append(train_job(name, kind, B, tr, va, ep, args, work, slot_end))

    import finalize  # late import: only needed once training is over
    finalize.run(B, folds, args, work, out, data_dir, time.time() - t_start, intra_split(B, ds1_idx, args.seed)[1])
    log.info(f"all done in {time.time() - t_start:.0f}s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
