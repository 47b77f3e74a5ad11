"""DS1 / paced beat loading, patient folds, class-quota sampling and on-the-fly augmentation."""
import os
from pathlib import Path
import numpy as np

import contract as C
import wfdb_io as W

DS1 = [101, 106, 108, 109, 112, 114, 115, 116, 118, 119, 122, 124,
       201, 203, 205, 207, 208, 209, 215, 220, 223, 230]
PACED = [102, 104, 107, 217]   # training only (real Q examples); never validated on
MARGIN = 24                    # extra 180-Hz samples each side so warps/shifts stay inside real signal
CHANNEL = 0                    # contract: channel 0 (MLII except 114/102/104, where it is V5)


def default_data_dir():
    env = os.environ.get("ECG_MITDB_DIR")
    if env:
        return env
    return str(Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mitdb")


def load_record_beats(data_dir, rec):
    """One record -> dict(rec, sample, y, ext [n, 144+2M] mV at 180 Hz, rhythm [n, 7])."""
    sig, h = W.read_record(data_dir, str(rec))
    fs = h["fs"]
    s, y = W.beat_annotations(data_dir, str(rec))
    x = sig[:, CHANNEL]
    pos = s[:, None] + np.arange(-C.BEFORE - MARGIN, C.AFTER + MARGIN)[None, :] * fs / C.FS
    ext = C.interp_at(x, pos.ravel()).reshape(pos.shape).astype(np.float32)
    rhy = C.rhythm_features(s / fs)  # rhythm over the WHOLE record's beat annotations
    return dict(rec=np.full(len(s), rec), sample=s, y=y, ext=ext, rhythm=rhy, **context_templates(ext))


def context_templates(ext, group=None):
    """Contract template (K=20) and a short-strip variant (K=5, ~a 10-s strip) for augmentation."""
    w = C.zscore(center(ext))
    return dict(tmpl=C.templates(w, C.TEMPLATE_K, group), tmpl5=C.templates(w, 5, group))


def load_beats(data_dir, records):
    parts = [load_record_beats(data_dir, r) for r in records]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def center(ext):
    """Contract window (raw mV) from an extended window."""
    return ext[:, MARGIN: MARGIN + C.LEN]


def make_folds(rec, y, k, s_rich_first=True):
    """Patient-grouped folds over DS1 records. Deliberate spreading: the k records richest in S
    (class 1) each open their own fold (209, 207, 201, 118, 220 for k=5, with 223 next); the rest go,
    by descending V+F count, to the fold with the fewest records, ties -> fewest V+F beats. Deterministic."""
    recs = sorted(set(int(r) for r in rec) & set(DS1))
    cnt = {r: np.bincount(y[rec == r], minlength=5) for r in recs}
    order = sorted(recs, key=lambda r: (-cnt[r][1], r))
    folds = [[] for _ in range(k)]
    load = np.zeros((k, 5))
    for i, r in enumerate(order[:k]):
        folds[i].append(r); load[i] += cnt[r]
    for r in sorted(order[k:], key=lambda r: (-(cnt[r][2] + cnt[r][3]), r)):
        i = min(range(k), key=lambda i: (len(folds[i]), load[i][2] + load[i][3], i))
        folds[i].append(r); load[i] += cnt[r]
    return [sorted(f) for f in folds]


# Fixed per-epoch class quotas (N, S, V, F, Q). Rare classes are oversampled with replacement
# (augmentation makes repeats differ); N keeps the largest share so precision of S/V is not wrecked.
CLASS_SHARES = np.array([0.50, 0.18, 0.16, 0.10, 0.06])


def epoch_indices(y, n, rng, shares=CLASS_SHARES):
    present = np.array([np.any(y == c) for c in range(5)])
    sh = shares * present
    sh = sh / sh.sum()
    counts = rng.multinomial(n, sh)
    idx = [rng.choice(np.flatnonzero(y == c), counts[c], replace=True) for c in range(5) if counts[c]]
    idx = np.concatenate(idx)
    rng.shuffle(idx)
    return idx


def warp_shift(ext, scale, shift, pad=0):
    """Resample the extended window around R: output j at R + (j-64)*scale + shift (180-Hz samples).
    pad > 0 returns pad extra samples on each side (for shift-TTA after the image round trip)."""
    j = np.arange(-C.BEFORE - pad, C.AFTER + pad)
    pos = MARGIN + C.BEFORE + j[None, :] * scale[:, None] + shift[:, None]
    pos = np.clip(pos, 0, ext.shape[1] - 1)
    i0 = np.floor(pos).astype(np.int64)
    i1 = np.minimum(i0 + 1, ext.shape[1] - 1)
    f = pos - i0
    rows = np.arange(len(ext))[:, None]
    return ext[rows, i0] * (1 - f) + ext[rows, i1] * f


def distort(ext, rng, p=0.5, amp=(0.5, 2.0), warp=0.1, shift=3.0, drift=0.3, noise=0.08, pad=0):
    """Seed-000 style shifts on raw mV windows (before z-score). Each applied with probability p
    (p=1: all applied, used for the image_shift evaluation)."""
    n = len(ext)
    on = lambda: rng.random(n) < p
    sc = np.where(on(), rng.uniform(1 - warp, 1 + warp, n), 1.0)
    sh = np.where(on(), rng.uniform(-shift, shift, n), 0.0)
    w = warp_shift(ext, sc, sh, pad)
    w = w * np.where(on(), np.exp(rng.uniform(np.log(amp[0]), np.log(amp[1]), n)), 1.0)[:, None]
    t = np.arange(w.shape[1])[None, :] / C.FS
    a = np.where(on(), rng.uniform(0, drift, n), 0.0)[:, None]
    f = rng.uniform(0.1, 0.8, (n, 1)); ph = rng.uniform(0, 2 * np.pi, (n, 1))
    slope = np.where(on(), rng.uniform(-drift, drift, n), 0.0)[:, None]
    w = w + a * np.sin(2 * np.pi * f * t + ph) + slope * t
    sd = np.maximum(w.std(axis=1, keepdims=True), 0.05)
    w = w + np.where(on(), rng.uniform(0, noise, n), 0.0)[:, None] * sd * rng.standard_normal(w.shape)
    return w


def context_inputs(B, bi, w, rng, p_mask=0.3, p_short=0.35):
    """Training inputs for beats bi with augmented beat windows w [n, L]: the template is the
    contract one, or (p_short) the short-strip one; for ~p_mask of the beats the whole context
    (rhythm and template) is zeroed, as for a single-beat crop. -> (beat [n,2,L], rhythm [n,7])."""
    n = len(bi)
    t = np.where((rng.random(n) < p_short)[:, None], B["tmpl5"][bi], B["tmpl"][bi])
    r = B["rhythm"][bi].copy()
    off = rng.random(n) < p_mask
    r[off] = 0.0
    t[off] = 0.0
    return C.stack_context(w, t), r
