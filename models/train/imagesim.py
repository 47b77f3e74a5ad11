"""Python simulation of the image path: draw each beat as a 1-px polyline on a 128-px-high
grayscale canvas, then recover it per column as the foreground-row centroid (seed 000's
reconstruction). The app's real figure comes from the TypeScript renderer/digitizer."""
import numpy as np


def render_roundtrip(w, height=128, px_per_sample=128 / 144, speckle=0.002, rng=None):
    """w: [n, L] signal -> [n, L] re-extracted signal (row units, up = positive)."""
    n, L = w.shape
    cols = int(round(L * px_per_sample))
    x = np.linspace(0, L - 1, cols)
    v = np.stack([np.interp(x, np.arange(L), r) for r in w])       # [n, cols]
    lo, hi = v.min(1, keepdims=True), v.max(1, keepdims=True)
    y = (height - 9) - (v - lo) / np.maximum(hi - lo, 1e-9) * (height - 18)  # margins 8-9 px, row 0 = top
    # polyline: each column covers the rows between its value and the midpoints to its neighbours
    yl = np.concatenate([y[:, :1], (y[:, 1:] + y[:, :-1]) / 2], 1)
    yr = np.concatenate([(y[:, 1:] + y[:, :-1]) / 2, y[:, -1:]], 1)
    top = np.floor(np.minimum(np.minimum(yl, yr), y)).astype(int)
    bot = np.ceil(np.maximum(np.maximum(yl, yr), y)).astype(int)
    rows = np.arange(height)[None, :, None]
    img = (rows >= top[:, None, :]) & (rows <= bot[:, None, :])      # [n, H, cols] foreground
    if speckle and rng is not None:
        img |= rng.random(img.shape) < speckle                       # scanner dust
    cnt = img.sum(1)
    cen = (img * rows).sum(1) / np.maximum(cnt, 1)
    rec = -cen                                                       # up = positive
    return np.stack([np.interp(np.arange(L), x, r) for r in rec])


def roundtrip_batched(w, rng, chunk=1024):
    return np.concatenate([render_roundtrip(w[i:i + chunk], rng=rng) for i in range(0, len(w), chunk)])
