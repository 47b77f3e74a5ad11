"""Input contract on hand-made signals (models/INPUT_CONTRACT.md)."""
import numpy as np

import contract as C


def test_window_linear_interpolation_and_clamp():
    fs_in = 250.0
    sig = np.arange(1000, dtype=float)          # value == sample index: interpolation is exact
    w = C.extract_window(sig, 500, fs_in)
    j = np.arange(144) - 64
    assert w.shape == (144,)
    np.testing.assert_allclose(w, 500 + j * fs_in / 180, atol=1e-9)
    assert w[64] == 500
    w0 = C.extract_window(sig, 10, fs_in)       # clamped at the lead's start
    assert w0[0] == 0 and w0.min() == 0


def test_window_360hz_is_every_second_sample():
    sig = np.random.default_rng(0).standard_normal(2000)
    np.testing.assert_allclose(C.extract_window(sig, 1000, 360), sig[1000 - 128:1000 + 160:2])


def test_zscore_median_std_and_floor():
    w = np.array([0.0, 1.0, 2.0, 3.0, 10.0])
    z = C.zscore(w)
    c = w - 2.0
    np.testing.assert_allclose(z, c / c.std())
    flat = np.full(144, 3.0) + np.linspace(0, 1e-4, 144)
    zf = C.zscore(flat)
    assert np.abs(zf).max() < 0.01              # divided by the 0.01 mV floor, not the tiny std


def test_rhythm_regular_premature_and_short():
    t = np.arange(20) * 0.8
    r = C.rhythm_features(t)
    assert r.shape == (20, 7)
    np.testing.assert_allclose(r[:, :6], 0, atol=1e-12)
    assert (r[:, 6] == 1).all()
    t2 = t.copy(); t2[10] -= 0.3                # premature beat 10: pre 0.5, post 1.1
    r2 = C.rhythm_features(t2)
    local = np.median(np.diff(t2)[5:15])
    rec = np.median(np.diff(t2))
    np.testing.assert_allclose(r2[10, :6], np.clip(np.log(
        [0.5 / local, 1.1 / local, 0.5 / rec, 1.1 / rec, local / rec, 0.5 / 1.1]), -2, 2), rtol=1e-6)
    # first beat: pre replaced by local -> ln ratio 0
    assert r2[0, 0] == 0
    assert (C.rhythm_features([0.0, 1.0]) == 0).all()   # fewer than 3 beats: no rhythm


def test_rhythm_clip():
    t = np.array([0, 0.8, 1.6, 1.61, 2.4, 3.2, 4.0])
    assert np.abs(C.rhythm_features(t)).max() <= 2.0 + 1e-6
