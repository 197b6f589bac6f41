"""Grouped 5-fold cross-validation of the seeds/000 CNN in PyTorch (the peer network of shared/peers/seed000_torch.py)
on mammo_micro, groups = source region merged with byte-identical copies, scikit-learn StratifiedGroupKFold;
--aug 1 draws one of the eight flips / quarter turns per training patch. Prints per-fold and pooled AUC (and with
8-fold test-time augmentation). Usage: /usr/bin/python3 benchmarks/peers/mammo_grouped_cv_torch.py [--aug 0|1] [--epochs N]"""
import sys, os, glob, re, hashlib, time, argparse
import numpy as np, torch, torch.nn as nn
from PIL import Image
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold
ap = argparse.ArgumentParser(); ap.add_argument("--aug", type=int, default=0); ap.add_argument("--epochs", type=int, default=25)
ap.add_argument("--seed", type=int, default=0); ap.add_argument("--wd", type=float, default=0)
a = ap.parse_args(); torch.set_num_threads(1)
data = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data", "mammo_micro")
files, labels, groups = [], [], []
for c in ("0", "1"):
    for f in sorted(glob.glob(os.path.join(data, c, "*.png"))):
        files.append(f); labels.append(int(c)); groups.append(re.sub(r"_\d+\.png$", "", os.path.basename(f)))
X = np.stack([np.asarray(Image.open(f).convert("L"), dtype=np.float32) / 255.0 for f in files])[:, None]
y = np.array(labels, dtype=np.float32)
# merge byte-identical images into one group
h = {}
for i, f in enumerate(files):
    d = hashlib.sha1(X[i].tobytes()).hexdigest(); h.setdefault(d, []).append(i)
parent = {g: g for g in groups}
def find(g):
    while parent[g] != g: g = parent[g]
    return g
for idx in h.values():
    for j in idx[1:]: parent[find(groups[j])] = find(groups[idx[0]])
groups = [find(g) for g in groups]
def block(cin, cout): return [nn.Conv2d(cin, cout, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2)]
def make():
    return nn.Sequential(*block(1, 32), *block(32, 64), nn.Dropout(0.1), *block(64, 128), nn.Dropout(0.1), *block(128, 128),
                      nn.Flatten(), nn.Dropout(0.1), nn.Linear(1152, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 1))
def dihedral(x, k):
    x = torch.rot90(x, k % 4, dims=(2, 3))
    return torch.flip(x, dims=(3,)) if k >= 4 else x
Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
sgkf = StratifiedGroupKFold(5, shuffle=True, random_state=a.seed)
pooled_y, pooled_p, pooled_t = [], [], []
rng = np.random.RandomState(a.seed); torch.manual_seed(a.seed)
for fold, (train, test) in enumerate(sgkf.split(X, y, groups)):
    model = make(); opt = torch.optim.Adam(model.parameters(), 1e-3, weight_decay=a.wd); lossf = nn.BCEWithLogitsLoss()
    per_epoch = []
    for ep in range(a.epochs):
        model.train(); perm = train[rng.permutation(len(train))]
        for i in range(0, len(perm), 32):
            b = torch.from_numpy(perm[i:i+32]); xb = Xt[b]
            if a.aug:
                ks = rng.randint(0, 8, len(b)); xb = torch.stack([dihedral(xb[j:j+1], ks[j])[0] for j in range(len(b))])
            opt.zero_grad(); l = lossf(model(xb).squeeze(1), yt[b]); l.backward(); opt.step()
        if ep % 5 == 4 or ep == a.epochs - 1:
            model.eval()
            with torch.no_grad():
                p = torch.sigmoid(model(Xt[torch.from_numpy(test)]).squeeze(1)).numpy()
            per_epoch.append((ep + 1, round(roc_auc_score(y[test], p), 4)))
    model.eval()
    with torch.no_grad():
        xt = Xt[torch.from_numpy(test)]
        p = torch.sigmoid(model(xt).squeeze(1)).numpy()
        pt = np.mean([torch.sigmoid(model(dihedral(xt, k)).squeeze(1)).numpy() for k in range(8)], axis=0)
    print(f"fold {fold}: auc {roc_auc_score(y[test], p):.4f} tta {roc_auc_score(y[test], pt):.4f} curve {per_epoch}", flush=True)
    pooled_y += list(y[test]); pooled_p += list(p); pooled_t += list(pt)
print(f"aug={a.aug} epochs={a.epochs} pooled auc {roc_auc_score(pooled_y, pooled_p):.4f} tta {roc_auc_score(pooled_y, pooled_t):.4f}")
