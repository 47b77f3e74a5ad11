"""Reader tests: hand-made bytes, then the DS1 AAMI counts on the real data (skipped if absent)."""
import os

import numpy as np
import pytest

import data as D
import wfdb_io as W


def test_format_212_decoding(tmp_path):
    # samples (a, b) = (1, -2) and (2047, -2048) packed as 212
    def pack(a, b):
        a &= 0xFFF; b &= 0xFFF
        return bytes([a & 0xFF, ((b >> 8) << 4) | (a >> 8), b & 0xFF])
    p = tmp_path / "x.dat"
    p.write_bytes(pack(1, -2) + pack(2047, -2048))
    assert W.read_212(str(p)).tolist() == [[1, -2], [2047, -2048]]


def _w(code, iv):
    return np.array([(code << 10) | iv], dtype="<u2").tobytes()


def test_atr_pseudo_codes(tmp_path):
    b = b"".join([
        _w(1, 100),                                  # N at 100
        _w(W.SKIP, 0), np.array([1, 5], "<u2").tobytes(),   # skip 65541 (high word first)
        _w(5, 10),                                   # V at 100 + 65541 + 10
        _w(W.NUM, 3), _w(W.SUB, 2), _w(W.CHN, 1),    # pseudo-codes modify the last annotation/state
        _w(W.AUX, 3), b"(N\x00\x00",                 # 3 aux bytes, padded to 4
        _w(28, 5),                                   # rhythm '+' at +5 (not a beat)
        _w(8, 7),                                    # A at +7
        _w(0, 0)])
    p = tmp_path / "r.atr"
    p.write_bytes(b)
    s, sym, chan, sub, aux = W.read_atr(str(p))
    assert sym == ["N", "V", "+", "A"]
    assert s.tolist() == [100, 100 + 65541 + 10, 100 + 65541 + 15, 100 + 65541 + 22]
    assert sub[1] == 2 and chan[1] == 1 and aux[1] == "(N"


DATA = D.default_data_dir()


@pytest.mark.skipif(not os.path.exists(os.path.join(DATA, "101.atr")),
                    reason=f"MIT-BIH data not found at {DATA} (set ECG_MITDB_DIR)")
def test_ds1_aami_counts():
    tot = np.zeros(5, int)
    for r in D.DS1:
        _, y = W.beat_annotations(DATA, str(r))
        tot += np.bincount(y, minlength=5)
    assert tot.tolist() == [45866, 944, 3788, 415, 8]  # N S V F Q (de Chazal DS1)


@pytest.mark.skipif(not os.path.exists(os.path.join(DATA, "101.hea")), reason=f"MIT-BIH data not found at {DATA}")
def test_header_and_mv_scaling():
    sig, h = W.read_record(DATA, "101")
    assert h["fs"] == 360 and h["signals"][0]["gain"] == 200 and h["signals"][0]["baseline"] == 1024
    assert sig.shape == (650000, 2)
    assert abs(sig[0, 0] - (955 - 1024) / 200) < 1e-9  # header's first value 955 adu
