"""Times PyTorch's convolutions of resnet18 at 224² and batch 16 (no bias): forward, and forward + backward
(dX except for conv1, and dW), the shapes of benchmarks/MedVision.Benchmarks/Tensors/ResNet18ConvBenchmarks.cs.
Median and best of 10 runs after 2 warm-up runs, in milliseconds.

    /usr/bin/python3 benchmarks/peers/conv_layers_resnet18_torch.py --threads 2
"""
import argparse
import statistics
import time

import torch

LAYERS = ["3-64@224k7s2", "64-64@56k3s1", "64-128@56k3s2", "64-128@56k1s2", "128-128@28k3s1", "128-256@28k3s2",
          "256-256@14k3s1", "256-512@14k3s2", "512-512@7k3s1"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=16)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    print(f"torch={torch.__version__} threads={args.threads} batch={args.batch}")
    for layer in LAYERS:
        channels, rest = layer.split("@")
        cin, cout = map(int, channels.split("-"))
        size, rest = rest.split("k")
        kernel, stride = map(int, rest.split("s"))
        size = int(size)
        x = (torch.rand(args.batch, cin, size, size) * 2 - 1).requires_grad_(cin != 3)
        w = (torch.rand(cout, cin, kernel, kernel) * 0.2 - 0.1).requires_grad_()
        forward, both = [], []
        for run in range(12):
            with torch.no_grad():
                t0 = time.perf_counter()
                torch.nn.functional.conv2d(x, w, None, stride, kernel // 2)
                t1 = time.perf_counter()
            t2 = time.perf_counter()
            y = torch.nn.functional.conv2d(x, w, None, stride, kernel // 2)
            y.backward(torch.ones_like(y))
            t3 = time.perf_counter()
            x.grad = None
            w.grad = None
            if run >= 2:
                forward.append(t1 - t0)
                both.append(t3 - t2)
        print(f"{layer:16} forward median {statistics.median(forward) * 1e3:7.1f} ms (best {min(forward) * 1e3:7.1f})"
              f"  forward+backward median {statistics.median(both) * 1e3:7.1f} ms (best {min(both) * 1e3:7.1f})")


if __name__ == "__main__":
    main()
