"""Minimal WFDB reader: .hea, format-212 .dat, MIT-format .atr.

Own implementation (no wfdb package) so the exact byte handling is visible and
mirrors what the TypeScript engine will do.
"""
import os
import numpy as np

# The ONE AAMI EC57 table. Any code not listed here is not a beat.
AAMI_CLASSES = ["N", "S", "V", "F", "Q"]
AAMI_MAP = {
    "N": "N", "L": "N", "R": "N", "e": "N", "j": "N",
    "A": "S", "a": "S", "J": "S", "S": "S",
    "V": "V", "E": "V",
    "F": "F",
    "/": "Q", "f": "Q", "Q": "Q",
}

# MIT annotation codes (wfdb ecgcodes.h), index = code number.
_MIT_CODES = ["", "N", "L", "R", "a", "V", "F", "J", "A", "S", "E", "j", "/", "Q", "~", "",
              "|", "", "s", "T", "*", "D", '"', "=", "p", "B", "^", "t", "+", "u", "?", "!",
              "[", "]", "e", "n", "@", "x", "f", "(", ")", "r"]

SKIP, NUM, SUB, CHN, AUX = 59, 60, 61, 62, 63


def read_header(path):
    """Parse NNN.hea -> dict(fs, n_samples, signals=[{file, fmt, gain, baseline, desc}])."""
    with open(path) as f:
        lines = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    rec = lines[0].split()
    n_sig, fs, n = int(rec[1]), float(rec[2].split("/")[0]), int(rec[3])
    sigs = []
    for l in lines[1:1 + n_sig]:
        p = l.split()
        gain_s = p[2]
        baseline = None
        if "(" in gain_s:  # "gain(baseline)/units"
            baseline = int(gain_s.split("(")[1].split(")")[0])
        gain = float(gain_s.split("(")[0].split("/")[0]) or 200.0
        adc_zero = int(p[4]) if len(p) > 4 else 0
        # WFDB: baseline defaults to ADC zero when not given explicitly.
        sigs.append(dict(file=p[0], fmt=p[1], gain=gain,
                         baseline=adc_zero if baseline is None else baseline,
                         desc=" ".join(p[8:]) if len(p) > 8 else ""))
    return dict(n_sig=n_sig, fs=fs, n_samples=n, signals=sigs)


def read_212(path, n_sig=2):
    """Format 212: 2 samples in 3 bytes, 12-bit two's complement."""
    raw = np.fromfile(path, dtype=np.uint8)
    raw = raw[: len(raw) // 3 * 3].reshape(-1, 3).astype(np.int32)
    s0 = raw[:, 0] | ((raw[:, 1] & 0x0F) << 8)
    s1 = raw[:, 2] | ((raw[:, 1] & 0xF0) << 4)
    out = np.stack([s0, s1], axis=1).reshape(-1)
    out = np.where(out > 2047, out - 4096, out)
    return out[: len(out) // n_sig * n_sig].reshape(-1, n_sig)


def read_record(rec_dir, name):
    """-> (signal_mV float64 [n, n_sig], header)."""
    h = read_header(os.path.join(rec_dir, name + ".hea"))
    assert all(s["fmt"] == "212" for s in h["signals"]), "only format 212 supported"
    d = read_212(os.path.join(rec_dir, h["signals"][0]["file"]), h["n_sig"])[: h["n_samples"]]
    gain = np.array([s["gain"] for s in h["signals"]])
    base = np.array([s["baseline"] for s in h["signals"]])
    return (d - base) / gain, h


def read_atr(path):
    """MIT annotation file -> (samples int64, symbols list, chans, subtypes, aux list)."""
    b = np.fromfile(path, dtype="<u2")
    samples, symbols, chans, subs, auxs = [], [], [], [], []
    t, i, chan, num = 0, 0, 0, 0
    while i < len(b):
        w = int(b[i]); a, iv = w >> 10, w & 0x3FF; i += 1
        if a == 0 and iv == 0:
            break
        if a == SKIP:  # 32-bit interval follows, PDP-11 order (high word first)
            t += (int(b[i]) << 16) | int(b[i + 1])
            if t >= 1 << 31:
                t -= 1 << 32
            i += 2
        elif a == NUM:
            num = iv
        elif a == SUB:
            if subs:
                subs[-1] = iv
        elif a == CHN:
            chan = iv
            if chans:
                chans[-1] = iv
        elif a == AUX:  # iv bytes of text, padded to an even count
            nw = (iv + 1) // 2
            txt = b[i:i + nw].tobytes()[:iv].decode("latin-1").rstrip("\x00")
            if auxs:
                auxs[-1] = txt
            i += nw
        else:  # a real annotation: code a at t + interval
            t += iv
            samples.append(t); symbols.append(_MIT_CODES[a] if a < len(_MIT_CODES) else "?")
            chans.append(chan); subs.append(0); auxs.append("")
    return np.array(samples, dtype=np.int64), symbols, chans, subs, auxs


def beat_annotations(rec_dir, name):
    """AAMI beats of a record -> (samples, class indices 0..4). Non-beat codes dropped."""
    s, sym, *_ = read_atr(os.path.join(rec_dir, name + ".atr"))
    keep = [k for k, c in enumerate(sym) if c in AAMI_MAP]
    return s[keep], np.array([AAMI_CLASSES.index(AAMI_MAP[sym[k]]) for k in keep], dtype=np.int64)
