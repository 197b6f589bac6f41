"""Peer of `medvision bench infer --arch resnet18 --input 3x224x224 --batch 16`: torchvision ResNet-18 in eval mode under
torch.no_grad() on random inputs, one warm-up batch, then the median of --batches timed batches.
Usage: /usr/bin/python3 infer_resnet18_torch.py [--batch B] [--batches N] [--threads T] [--size S]"""
import argparse, resource, statistics, time
import torch, torchvision

ap = argparse.ArgumentParser()
ap.add_argument("--batch", type=int, default=16); ap.add_argument("--batches", type=int, default=10)
ap.add_argument("--threads", type=int, default=2); ap.add_argument("--size", type=int, default=224)
a = ap.parse_args()
torch.set_num_threads(a.threads); torch.manual_seed(0)
model = torchvision.models.resnet18().eval()
x = torch.randn(a.batch, 3, a.size, a.size)
times = []
with torch.no_grad():
    model(x)
    for _ in range(a.batches):
        t = time.perf_counter(); model(x); times.append(time.perf_counter() - t)
med = statistics.median(times)
print(f"batch={a.batch} input=3x{a.size}x{a.size} threads={a.threads} torch={torch.__version__}")
print(f"batch_s median={med:.4f} images_per_s={a.batch / med:.1f} peak_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}")
