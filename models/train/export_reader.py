"""Read a corrected dataset exported by the app as WFDB (electron/engine/export/wfdb-export.ts).

Why WFDB and not the CSVs: a WFDB record holds the whole extracted lead (mV, its own fs), so the
model's contract window (models/INPUT_CONTRACT.md) and the augmentation margin can be cut exactly as
training does; its .atr holds every exported beat's R sample with the final label as an MIT code, so
the rhythm features are recomputed from the record's annotated beats with contract.py. The Kaggle CSV
is already resampled/min-max scaled (not the contract) and beats-full.csv carries no signal.

One record = one lead of one source image; the header comments name the image's sha256, which is
the grouping unit of the held-out split (all leads of an image are the same patient and moment).
"""
import hashlib
import json
import os
from pathlib import Path

import numpy as np

import contract as C
import data as D
import wfdb_io as W

WFDB_INVALID_16 = -32768  # format-16 gap sample (a NaN in the app's lead)
UNLABELLED = -1


def read_header16(path):
    """Single-signal format-16 header as written by the app -> dict(fs, n_samples, gain, baseline, comments)."""
    lines = Path(path).read_text().splitlines()
    comments = [l[1:].strip() for l in lines if l.startswith("#")]
    body = [l.split() for l in lines if l.strip() and not l.startswith("#")]
    rec, sig = body[0], body[1]
    fmt = sig[1].split("x")[0].split(":")[0].split("+")[0]
    if fmt != "16":
        raise ValueError(f"{path}: signal format {sig[1]} (the app exports format 16)")
    gain_s = sig[2]
    gain = float(gain_s.split("(")[0].split("/")[0]) or 200.0
    adc_zero = int(sig[4]) if len(sig) > 4 else 0
    baseline = int(gain_s.split("(")[1].split(")")[0]) if "(" in gain_s else adc_zero
    meta = {}
    for c in comments:
        if ":" in c:
            k, v = c.split(":", 1)
            meta.setdefault(k.strip(), v.strip())
    return dict(fs=float(rec[2].split("/")[0]), n_samples=int(rec[3]), gain=gain, baseline=baseline,
                dat=sig[0], meta=meta)


def fill_gaps(x):
    """NaN gaps bridged by straight lines, edge gaps take the nearest value (engine fill-gaps.ts)."""
    x = np.asarray(x, np.float64).copy()
    ok = np.isfinite(x)
    if ok.all() or not ok.any():
        return np.nan_to_num(x)
    i = np.arange(len(x))
    x[~ok] = np.interp(i[~ok], i[ok], x[ok])
    return x


def read_record(folder, name):
    """-> dict(name, sha256, lead, fs, signal mV (NaN = gap), samples, y (class index, -1 unlabelled))."""
    h = read_header16(os.path.join(folder, name + ".hea"))
    raw = np.fromfile(os.path.join(folder, h["dat"]), dtype="<i2")[: h["n_samples"]].astype(np.float64)
    sig = np.where(raw == WFDB_INVALID_16, np.nan, (raw - h["baseline"]) / h["gain"])
    s, sym, *_ = W.read_atr(os.path.join(folder, name + ".atr"))
    y = np.array([W.AAMI_CLASSES.index(W.AAMI_MAP[c]) if c in W.AAMI_MAP else UNLABELLED for c in sym], np.int64)
    order = np.argsort(s, kind="stable")
    return dict(name=name, sha256=h["meta"].get("sha256", name.split("_")[0]), lead=h["meta"].get("lead", ""),
                source=h["meta"].get("source", ""), fs=h["fs"], signal=sig, samples=s[order], y=y[order])


def file_sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_export(folder):
    """All records of a WFDB export -> (beats dict like data.load_beats + group/record ids, info dict).

    beats: ext [n, 144+2*MARGIN] raw mV at 180 Hz, rhythm [n, 7], y [n] (-1 = no final class),
    group [n] (source-image index), record [n] (record index)."""
    folder = Path(folder)
    man_path = folder / "manifest.json"
    if not man_path.exists():
        raise FileNotFoundError(f"{folder}: no manifest.json (not an app export)")
    manifest = json.loads(man_path.read_text())
    if manifest.get("format") != "wfdb":
        raise ValueError(f"{folder}: export format is {manifest.get('format')!r}; fine-tuning reads WFDB exports "
                         "(export the review set with format 'wfdb', ideally with unlabelled beats included)")
    names = [l.strip() for l in (folder / "RECORDS").read_text().splitlines() if l.strip()]
    groups, parts, records = {}, [], []
    for ri, name in enumerate(names):
        r = read_record(folder, name)
        if len(r["samples"]) == 0:
            continue
        x = fill_gaps(r["signal"])
        pos = r["samples"][:, None] + np.arange(-C.BEFORE - D.MARGIN, C.AFTER + D.MARGIN)[None, :] * r["fs"] / C.FS
        ext = C.interp_at(x, pos.ravel()).reshape(pos.shape).astype(np.float32)
        # Rhythm over every annotated beat of the record ('?' unlabelled ones too), as the app did over the lead.
        rhy = C.rhythm_features(r["samples"] / r["fs"])
        g = groups.setdefault(r["sha256"], len(groups))
        n = len(r["samples"])
        parts.append(dict(ext=ext, rhythm=rhy, y=r["y"], group=np.full(n, g), record=np.full(n, ri),
                          sample=r["samples"], **D.context_templates(ext)))
        records.append(dict(name=name, sha256=r["sha256"], lead=r["lead"], fs=r["fs"], beats=n,
                            labelled=int((r["y"] >= 0).sum())))
    if not parts:
        raise ValueError(f"{folder}: the export holds no beats")
    beats = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    info = dict(manifest=manifest, manifest_sha256=file_sha256(man_path), records=records,
                groups=list(groups.keys()))
    return beats, info
