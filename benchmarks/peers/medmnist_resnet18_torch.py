"""Peer reference: MedMNIST v2's ResNet-18 (28) training (the MedMNIST experiments code: models.ResNet18 with a 3x3
stride-1 stem and no max-pool, ToTensor + Normalize(0.5, 0.5), CrossEntropyLoss, Adam 1e-3, batch 128, MultiStepLR at
0.5 and 0.75 of the epochs with gamma 0.1, the epoch of best validation AUC kept) on a MedMNIST-layout .npz, in PyTorch
(Debian python3-torch). Prints the test AUC and ACC of the kept epoch, with the epoch times.
Usage: medmnist_resnet18_torch.py FILE.npz [--epochs 100] [--seed 0] [--threads 2]"""
import argparse, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
from sklearn.metrics import roc_auc_score

ap = argparse.ArgumentParser()
ap.add_argument("npz"); ap.add_argument("--epochs", type=int, default=100); ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--threads", type=int, default=2); ap.add_argument("--batch", type=int, default=128); ap.add_argument("--lr", type=float, default=1e-3)
a = ap.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(a.seed); np.random.seed(a.seed)


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, planes, 3, stride, 1, bias=False); self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(planes)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != planes:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


class ResNet18(nn.Module):
    """MedMNIST's models.ResNet18 (28x28 inputs)."""

    def __init__(self, in_channels, num_classes):
        super().__init__()
        self.in_planes = 64
        self.conv1 = nn.Conv2d(in_channels, 64, 3, 1, 1, bias=False); self.bn1 = nn.BatchNorm2d(64)
        self.layer1 = self._layer(64, 1); self.layer2 = self._layer(128, 2); self.layer3 = self._layer(256, 2); self.layer4 = self._layer(512, 2)
        self.linear = nn.Linear(512, num_classes)

    def _layer(self, planes, stride):
        layers = []
        for s in (stride, 1):
            layers.append(BasicBlock(self.in_planes, planes, s)); self.in_planes = planes
        return nn.Sequential(*layers)

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.layer4(self.layer3(self.layer2(self.layer1(out))))
        return self.linear(torch.flatten(F.adaptive_avg_pool2d(out, 1), 1))


d = np.load(a.npz)
def split(name):
    x = d[f"{name}_images"].astype(np.float32) / 255.0
    x = x[:, None] if x.ndim == 3 else x.transpose(0, 3, 1, 2)
    return torch.from_numpy((x - 0.5) / 0.5), torch.from_numpy(d[f"{name}_labels"].reshape(-1).astype(np.int64))
(xtr, ytr), (xva, yva), (xte, yte) = split("train"), split("val"), split("test")
classes = int(max(ytr.max(), yva.max(), yte.max())) + 1
model = ResNet18(xtr.shape[1], classes)
opt = torch.optim.Adam(model.parameters(), lr=a.lr)
sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[int(0.5 * a.epochs), int(0.75 * a.epochs)], gamma=0.1)
lossf = nn.CrossEntropyLoss()


def scores(x):
    model.eval()
    with torch.no_grad():
        p = torch.softmax(torch.cat([model(x[i:i + 256]) for i in range(0, len(x), 256)]), 1).numpy()
    return p


def auc(y, p):
    return roc_auc_score(y, p[:, 1]) if classes == 2 else roc_auc_score(y, p, multi_class="ovr")


best, best_state, times = -1.0, None, []
for epoch in range(a.epochs):
    model.train(); t0 = time.perf_counter(); perm = torch.randperm(len(xtr))
    for i in range(0, len(perm), a.batch):
        b = perm[i:i + a.batch]; opt.zero_grad(); loss = lossf(model(xtr[b]), ytr[b]); loss.backward(); opt.step()
    sched.step(); times.append(time.perf_counter() - t0)
    v = auc(yva.numpy(), scores(xva))
    if v > best:
        best, best_epoch, best_state = v, epoch, {k: t.clone() for k, t in model.state_dict().items()}
model.load_state_dict(best_state)
p = scores(xte)
print(f"train={len(xtr)} val={len(xva)} test={len(xte)} classes={classes} epochs={a.epochs} threads={a.threads} seed={a.seed}")
print(f"epoch_s median={np.median(times):.3f} best_epoch={best_epoch + 1} val_auc={best:.4f}")
print(f"test_auc={auc(yte.numpy(), p):.4f} test_acc={(p.argmax(1) == yte.numpy()).mean():.4f}")
