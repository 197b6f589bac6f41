"""Peer of `medvision bench train --arch resnet18 --input-size 224`: torchvision ResNet-18 trained (every layer, as in
the unfrozen phase of fine-tuning) on a class-folder data set resized to 224x224, timed per epoch.
Same protocol as the bench verb: 80% of the images (stratified) are the training set, optionally a stratified subset
of --limit images, grey images as one input channel, Adam 1e-3, BCE with logits, one logit.
Usage: /usr/bin/python3 finetune_resnet18_torch.py DATA_DIR [--epochs N] [--batch B] [--threads T] [--limit N] [--size S]"""
import argparse, glob, os, resource, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F, torchvision
from PIL import Image

ap = argparse.ArgumentParser()
ap.add_argument("data"); ap.add_argument("--epochs", type=int, default=3); ap.add_argument("--batch", type=int, default=16)
ap.add_argument("--threads", type=int, default=2); ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--limit", type=int, default=0); ap.add_argument("--size", type=int, default=224)
a = ap.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(a.seed)
rng = np.random.RandomState(a.seed)

classes = sorted(d for d in os.listdir(a.data) if os.path.isdir(os.path.join(a.data, d)))
files, labels = [], []
for k, c in enumerate(classes):
    for f in sorted(glob.glob(os.path.join(a.data, c, "*.png"))):
        files.append(f); labels.append(k)
labels = np.array(labels)
train = np.concatenate([rng.permutation(np.flatnonzero(labels == k))[round(0.2 * (labels == k).sum()):] for k in range(len(classes))])
if 0 < a.limit < len(train):
    share = a.limit / len(train)
    train = np.concatenate([rng.permutation(train[labels[train] == k])[: round(share * (labels[train] == k).sum())] for k in range(len(classes))])
X = torch.from_numpy(np.stack([np.asarray(Image.open(files[i]).convert("L"), dtype=np.float32) / 255.0 for i in train])[:, None])
if X.shape[-1] != a.size or X.shape[-2] != a.size:
    X = F.interpolate(X, size=(a.size, a.size), mode="bilinear", align_corners=False)
y = torch.from_numpy(labels[train].astype(np.float32))

model = torchvision.models.resnet18(num_classes=1)
model.conv1 = nn.Conv2d(1, 64, 7, 2, 3, bias=False)
opt = torch.optim.Adam(model.parameters(), 1e-3); lossf = nn.BCEWithLogitsLoss()
times = []
for ep in range(a.epochs):
    model.train(); perm = torch.from_numpy(rng.permutation(len(y))); t0 = time.perf_counter()
    for i in range(0, len(perm), a.batch):
        b = perm[i:i + a.batch]; opt.zero_grad(); l = lossf(model(X[b]).squeeze(1), y[b]); l.backward(); opt.step()
    times.append(time.perf_counter() - t0)
    print(f"epoch {ep + 1}/{a.epochs}: {times[-1]:.3f} s, loss {l.item():.4f}", flush=True)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
med = float(np.median(times))
print(f"images={len(y)} input=1x{a.size}x{a.size} batch={a.batch} threads={a.threads} torch={torch.__version__}")
print(f"epoch_s median={med:.3f} first={times[0]:.3f} train_img_per_s={len(y) / med:.2f} peak_rss_mb={peak:.0f}")
