"""The record-level network: raw sheet features in (NaN = not measurable), logits out.

Imputation and scaling live inside the graph, so the engine passes the features exactly as
`computeSheetFeatures` measures them and a feature it cannot measure is simply NaN. Occlusion
saliency in the engine relies on that: it sets a lead's features to NaN and watches the output.
"""
import numpy as np
import torch
import torch.nn as nn

CLIP = 5.0


class SheetMLP(nn.Module):
    """MLP on a random subspace of the features (Ho's random subspace method): each ensemble member
    sees its own random `subspace` share of them, so no member leans on a few noisy measurements
    and the members disagree usefully. On ecg12 this took the CV macro-F1 from 0.83 to 0.90.
    `shared` (feature indices) are seen by every member: the few whole-sheet measures (heart rate,
    rhythm, QRS width, axes) that one lead's features cannot stand in for; drawn at random, half the
    members never saw the heart rate."""

    def __init__(self, n_features, hidden=64, dropout=0.5, in_dropout=0.1, n_classes=4, subspace=1.0, seed=0,
                 shared=()):
        super().__init__()
        self.register_buffer("center", torch.zeros(n_features))
        self.register_buffer("scale", torch.ones(n_features))
        g = torch.Generator().manual_seed(seed)
        mask = (torch.rand(n_features, generator=g) < subspace).float() if subspace < 1 else torch.ones(n_features)
        mask[list(shared)] = 1.0
        self.register_buffer("mask", mask)
        self.net = nn.Sequential(
            nn.Dropout(in_dropout), nn.Linear(n_features, hidden), nn.GELU(), nn.Dropout(dropout),
            nn.Linear(hidden, hidden), nn.GELU(), nn.Dropout(dropout), nn.Linear(hidden, n_classes))

    def fit_scaling(self, X):
        """Median and interquartile range of the training sheets: robust to the odd misread lead."""
        med = np.nanmedian(X, 0)
        q1, q3 = np.nanpercentile(X, [25, 75], 0)
        med = np.where(np.isnan(med), 0.0, med)
        iqr = np.where(np.isfinite(q3 - q1) & (q3 - q1 > 1e-6), q3 - q1, 1.0)
        self.center.copy_(torch.tensor(med, dtype=torch.float32))
        self.scale.copy_(torch.tensor(iqr, dtype=torch.float32))

    def standardize(self, x):
        x = torch.where(torch.isnan(x), self.center.expand_as(x), x)
        return torch.clamp((x - self.center) / self.scale, -CLIP, CLIP)

    def forward(self, features):
        return self.net(self.standardize(features) * self.mask)


class SheetLinear(SheetMLP):
    """Multinomial logistic regression on the same scaled features: the baseline in the card."""

    def __init__(self, n_features, n_classes=4, **_):
        super().__init__(n_features, n_classes=n_classes)  # all features: no subspace
        self.net = nn.Linear(n_features, n_classes)


class SeedEnsemble(nn.Module):
    """One shipped fold file: several seeds of the same fold, `logits` = log of their mean softmax
    (so the engine's softmax of `logits` is exactly the seed average)."""

    def __init__(self, members):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, features):
        p = torch.stack([torch.softmax(m(features), 1) for m in self.members]).mean(0)
        return torch.log(p.clamp_min(1e-12))
