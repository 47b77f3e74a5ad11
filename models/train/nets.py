"""Networks: seed-000 1D ResNet-34 (shipped) and seed-001 4-block CNN (baseline)."""
import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1 = nn.Conv1d(cin, cout, 5, stride, 2, bias=False)
        self.b1 = nn.BatchNorm1d(cout)
        self.c2 = nn.Conv1d(cout, cout, 5, 1, 2, bias=False)
        self.b2 = nn.BatchNorm1d(cout)
        self.down = None
        if stride != 1 or cin != cout:  # projection shortcut when shape changes
            self.down = nn.Sequential(nn.Conv1d(cin, cout, 1, stride, bias=False), nn.BatchNorm1d(cout))

    def forward(self, x):
        y = F.relu(self.b1(self.c1(x)))
        y = self.b2(self.c2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


class ResNet34_1D(nn.Module):
    """k7 stem (no max-pool, so 144 -> 18 after three stride-2 stages), 3-4-6-3 blocks, k5 convs.

    forward -> (logits [B,5], cam [B,5,T], embedding [B,4w]).
    """

    def __init__(self, width=16, n_classes=5, n_rhythm=7, rhythm_dim=16):
        super().__init__()
        w = [width, width * 2, width * 4, width * 8]
        # input channels: the beat and its context template (contract v2)
        self.stem = nn.Sequential(nn.Conv1d(2, w[0], 7, 1, 3, bias=False), nn.BatchNorm1d(w[0]), nn.ReLU())
        layers, cin = [], w[0]
        for i, (n, c) in enumerate(zip([3, 4, 6, 3], w)):
            for k in range(n):
                layers.append(BasicBlock(cin, c, 2 if (k == 0 and i > 0) else 1))
                cin = c
        self.stages = nn.Sequential(*layers)
        self.emb_dim = cin
        self.rhythm = nn.Sequential(nn.Linear(n_rhythm, rhythm_dim), nn.ReLU())
        self.head = nn.Linear(cin + rhythm_dim, n_classes)

    def forward(self, beat, rhythm):
        a = self.stages(self.stem(beat))          # [B, C, T]
        emb = a.mean(dim=2)                       # global average pool
        logits = self.head(torch.cat([emb, self.rhythm(rhythm)], dim=1))
        # CAM from the pooled-beat part of the head: mean_t(cam) + rhythm part + bias == logits
        cam = torch.einsum("kc,bct->bkt", self.head.weight[:, : self.emb_dim], a)
        return logits, cam, emb


class CNN4(nn.Module):
    """Seed-001 baseline: 4x [conv k5, BN, ReLU, maxpool2, dropout .2], 32-64-128-256,
    skips input->block2 (1->64) and block1->block3 (32->128); beat input only."""

    def __init__(self, n_classes=5, length=144):
        super().__init__()
        ch = [1, 32, 64, 128, 256]
        self.blocks = nn.ModuleList([nn.Sequential(
            nn.Conv1d(ch[i], ch[i + 1], 5, 1, 2), nn.BatchNorm1d(ch[i + 1]), nn.ReLU(),
            nn.MaxPool1d(2), nn.Dropout(0.2)) for i in range(4)])
        # skips need matching length: 1x1 conv for channels + pool 4 for the two maxpools skipped
        self.skip1 = nn.Sequential(nn.Conv1d(1, 64, 1), nn.MaxPool1d(4))
        self.skip2 = nn.Sequential(nn.Conv1d(32, 128, 1), nn.MaxPool1d(4))
        self.fc = nn.Sequential(nn.Flatten(), nn.Linear(256 * (length // 16), 128), nn.ReLU(),
                                nn.Dropout(0.3), nn.Linear(128, n_classes))

    def forward(self, beat, rhythm=None):
        beat = beat[:, :1]  # seed-001 design: the beat alone (channel 0)
        b1 = self.blocks[0](beat)
        b2 = self.blocks[1](b1) + self.skip1(beat)
        b3 = self.blocks[2](b2) + self.skip2(b1)
        b4 = self.blocks[3](b3)
        return self.fc(b4), None, None


def build(kind, width=16):
    return ResNet34_1D(width) if kind == "resnet" else CNN4()
