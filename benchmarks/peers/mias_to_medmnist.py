"""Writes the MIAS ROIs of ../shared/data/mias_rois (train/, val/, test/; Normal = 0, Tumor = 1) as a MedMNIST-layout
archive: uint8 images (N, 28, 28) resized with PIL's bicubic filter, labels (N, 1).
Usage: mias_to_medmnist.py [MIAS_ROIS_DIR] [OUT.npz] [--size 28]"""
import argparse, os
import numpy as np
from PIL import Image

ap = argparse.ArgumentParser()
ap.add_argument("data", nargs="?", default="../shared/data/mias_rois"); ap.add_argument("out", nargs="?", default="miasmnist.npz")
ap.add_argument("--size", type=int, default=28)
a = ap.parse_args()
arrays = {}
for split in ("train", "val", "test"):
    files = sorted(os.listdir(os.path.join(a.data, split)))
    images = [np.asarray(Image.open(os.path.join(a.data, split, f)).convert("L").resize((a.size, a.size), Image.BICUBIC), dtype=np.uint8) for f in files]
    arrays[f"{split}_images"] = np.stack(images)
    arrays[f"{split}_labels"] = np.array([[1 if f.startswith("Tumor") else 0] for f in files], dtype=np.uint8)
    print(split, arrays[f"{split}_images"].shape, "tumor", int(arrays[f"{split}_labels"].sum()))
np.savez_compressed(a.out, **arrays)
