"""The record-level trainer's data split and network contract."""
import hashlib
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sheet"))
torch = pytest.importorskip("torch")

from sheet_data import hash_folds  # noqa: E402
from sheet_net import SheetMLP  # noqa: E402


def _sha(i):
    return hashlib.sha256(str(i).encode()).hexdigest()


def test_folds_depend_on_content_only_and_spread_every_class():
    y = np.array([0] * 20 + [1] * 10 + [2] * 5 + [3] * 7)
    shas = [_sha(i) for i in range(len(y))]
    folds = hash_folds(y, shas, 5)
    # Same sheets in another order (renamed, listed differently): same folds.
    perm = np.random.default_rng(0).permutation(len(y))
    again = hash_folds(y[perm], [shas[i] for i in perm], 5)
    assert np.array_equal(again, folds[perm])
    for c in range(4):
        counts = np.bincount(folds[y == c], minlength=5)
        assert counts.max() - counts.min() <= 1, (c, counts)


def test_missing_features_are_imputed_inside_the_network_and_members_see_different_subspaces():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(40, 12)).astype(np.float32)
    m = SheetMLP(12, hidden=8, subspace=0.5, seed=3).eval()
    m.fit_scaling(X)
    row = X[:1].copy()
    row[0, 4] = np.nan
    filled = row.copy()
    filled[0, 4] = m.center[4].item()
    with torch.no_grad():
        assert torch.allclose(m(torch.tensor(row)), m(torch.tensor(filled)))
    other = SheetMLP(12, hidden=8, subspace=0.5, seed=4)
    assert not torch.equal(m.mask, other.mask)
    assert 0 < m.mask.sum().item() < 12


def test_shared_features_are_in_every_members_subspace():
    shared = [9, 10, 11]
    masks = [SheetMLP(12, hidden=8, subspace=0.3, seed=s, shared=shared).mask for s in range(8)]
    assert all(m[shared].eq(1).all() for m in masks)
    # The rest is still drawn per member, and as before for the same seed.
    assert len({tuple(m[:9].tolist()) for m in masks}) > 1
    plain = SheetMLP(12, hidden=8, subspace=0.3, seed=5).mask
    assert torch.equal(masks[5][:9], plain[:9])
