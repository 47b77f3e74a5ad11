"""Beat input contract v1 (models/INPUT_CONTRACT.md). The TypeScript engine implements the same.

Numbers live in CONTRACT so the manifest's `input` field is written from here.
"""
import numpy as np

CONTRACT = {
    "version": 2,
    "lead": "channel 0 (MIT-BIH: MLII in most records)",
    "fs": 180, "before": 64, "after": 80, "length": 144, "r_index": 64,
    "resample": "linear",
    "normalisation": {"type": "zscore", "center": "median", "scale": "population std after median removal",
                      "std_floor_mv": 0.01},
    "rhythm": {"features": ["ln(pre/local)", "ln(post/local)", "ln(pre/record)", "ln(post/record)",
                            "ln(local/record)", "ln(pre/post)", "available"],
               "clip": 2.0, "local_window_beats": 5, "min_beats": 3,
               "beats": "every beat annotation (AAMI N,L,R,e,j,A,a,J,S,V,E,F,/,f,Q)"},
    # v2: channel 1 of `beat` is the patient's own dominant beat around this one, so the model can
    # judge shape relative to that patient (a local median transfers between patients; raw shape does not).
    "template": {"channel": 1, "rule": "element-wise median of the contract windows (channel 0) of the "
                 "beats i-K..i+K of the same lead, the beat itself included",
                 "neighbours": 20, "min_beats": 3, "absent": "all zeros (with rhythm feature 'available' = 0)"},
}
FS, BEFORE, AFTER = 180, 64, 80
LEN = BEFORE + AFTER
STD_FLOOR = 0.01
CLIP = 2.0
TEMPLATE_K = 20
TEMPLATE_MIN = 3


def window_positions(r_sample, fs_in, before=BEFORE, after=AFTER, fs=FS):
    """Fractional sample positions (in the lead's own samples) of the window's outputs."""
    j = np.arange(-before, after, dtype=np.float64)
    return (r_sample / fs_in + j / fs) * fs_in  # == r_sample + j*fs_in/fs


def interp_at(sig, pos):
    """Linear interpolation of sig at fractional positions, clamped at the ends."""
    pos = np.clip(pos, 0, len(sig) - 1)
    i0 = np.floor(pos).astype(np.int64)
    i1 = np.minimum(i0 + 1, len(sig) - 1)
    f = pos - i0
    return sig[i0] * (1 - f) + sig[i1] * f


def extract_window(sig, r_sample, fs_in, before=BEFORE, after=AFTER):
    """Raw (mV, not normalised) window: `before` + `after` samples at 180 Hz, R at index `before`."""
    return interp_at(np.asarray(sig, dtype=np.float64), window_positions(r_sample, fs_in, before, after))


def zscore(w):
    """Median removal, then divide by max(population std, 0.01 mV). Works on [..., L]."""
    w = np.asarray(w, dtype=np.float64)
    c = w - np.median(w, axis=-1, keepdims=True)
    return c / np.maximum(c.std(axis=-1, keepdims=True), STD_FLOOR)


def beat_input(sig, r_sample, fs_in):
    """Contract `beat` row (float32 [144])."""
    return zscore(extract_window(sig, r_sample, fs_in)).astype(np.float32)


def rhythm_features(t):
    """t: sorted R times in seconds of all beats of the lead/record -> float32 [n, 7]."""
    t = np.asarray(t, dtype=np.float64)
    n = len(t)
    out = np.zeros((n, 7), dtype=np.float32)
    if n < 3:
        return out  # no rhythm: all zeros, rhythm_used = false
    rr = np.diff(t)  # rr[k] = t[k+1]-t[k]
    record = np.median(rr)
    for i in range(n):
        # intervals between beats i-5 .. i+5 -> rr[i-5 .. i+4] (up to 10)
        local = np.median(rr[max(0, i - 5): min(n - 1, i + 5)])
        pre = t[i] - t[i - 1] if i > 0 else local
        post = t[i + 1] - t[i] if i < n - 1 else local
        r = [pre / local, post / local, pre / record, post / record, local / record, pre / post]
        out[i, :6] = np.clip(np.log(r), -CLIP, CLIP)
        out[i, 6] = 1.0
    return out


def templates(windows, k=TEMPLATE_K, group=None):
    """windows [n, L] (z-scored, time order) -> [n, L] local median of beats i-k..i+k within the same
    group (record/lead). Groups with fewer than TEMPLATE_MIN beats get zeros (no context)."""
    w = np.asarray(windows, dtype=np.float32)
    out = np.zeros_like(w)
    group = np.zeros(len(w)) if group is None else np.asarray(group)
    for g in np.unique(group):
        ix = np.flatnonzero(group == g)
        if len(ix) < TEMPLATE_MIN:
            continue
        for j, i in enumerate(ix):
            out[i] = np.median(w[ix[max(0, j - k): j + k + 1]], axis=0)
    return out


def stack_context(beat, template):
    """Model `beat` input [n, 2, L]: channel 0 the beat, channel 1 its context template."""
    return np.ascontiguousarray(np.stack([beat, template], axis=1), dtype=np.float32)
