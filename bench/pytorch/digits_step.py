#!/usr/bin/python3
"""One training step of chapter 08's digit diffusion network in PyTorch, timed on one CPU thread.

The PyTorch side of bench/ScoreNotebooks.Benchmarks/DigitsTrainingStepBenchmarks.cs (see README.md beside this file).
Written from the description of the network, not translated from the C# code:

  VP SDE, beta(t) = 0.1 + t (20 - 0.1), B(t) = 0.1 t + t^2 (20 - 0.1) / 2,
      alpha(t) = exp(-B/2), sigma(t) = sqrt(1 - exp(-B)), t ~ U[1e-3, 1];
  network: eps_theta(x, t) = MLP([x / sqrt(alpha^2 sigma_data^2 + sigma^2), gamma(log(sigma/alpha))]),
      gamma(c) = [sin(2 pi w c), cos(2 pi w c)] with 16 fixed frequencies w ~ N(0, 1),
      MLP 96 -> 256 -> 256 -> 256 -> 64 with SiLU, sigma_data = 0.6;
      score s_theta = -eps_theta / sigma;
  loss: mean over the batch of || sigma s_theta(x_t, t) + z ||^2, x_t = alpha x0 + sigma z (the sigma^2-weighted DSM loss);
  Adam, lr 2e-3, default betas; batch 256 drawn with replacement from 12 944 rows x 64 uniform on [-1, 1].

Run it with Debian's interpreter, which is the one python3-torch installs into:
    /usr/bin/python3 bench/pytorch/digits_step.py [--steps 200] [--repeats 7] [--warmup 50]
"""

import os

# One thread everywhere, before torch loads: OpenMP (ATen) and an OpenBLAS pthread build, if that is the BLAS.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import math
import platform
import statistics
import time

import torch
from torch import nn

BATCH = 256
ROWS = 12_944
PIXELS = 64
HIDDEN = 256
HIDDEN_LAYERS = 3
FOURIER = 16
DATA_STD = 0.6
BETA_MIN, BETA_MAX, EPS, T_END = 0.1, 20.0, 1e-3, 1.0

# Multiply-adds per row of the Linear layers, and the FLOPs of a step by the 3 x forward rule.
MULTIPLY_ADDS_PER_ROW = (PIXELS + 2 * FOURIER) * HIDDEN + (HIDDEN_LAYERS - 1) * HIDDEN * HIDDEN + HIDDEN * PIXELS
STEP_FLOPS = 3 * 2 * BATCH * MULTIPLY_ADDS_PER_ROW


def vp_alpha_sigma(t: torch.Tensor):
    """alpha(t) and sigma(t) of the VP SDE, computed in float64 and rounded to float32."""
    t = t.double()
    b = BETA_MIN * t + 0.5 * t * t * (BETA_MAX - BETA_MIN)
    alpha = torch.exp(-0.5 * b)
    sigma = torch.sqrt(-torch.expm1(-b))
    return alpha.float(), sigma.float()


class ScoreNet(nn.Module):
    def __init__(self, seed: int):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.register_buffer("frequencies", torch.randn(FOURIER, generator=g))
        layers, width = [], PIXELS + 2 * FOURIER
        for _ in range(HIDDEN_LAYERS):
            layers += [nn.Linear(width, HIDDEN), nn.SiLU()]
            width = HIDDEN
        layers.append(nn.Linear(width, PIXELS))
        self.mlp = nn.Sequential(*layers)   # default init: U[-1/sqrt(fan_in), 1/sqrt(fan_in)]

    def forward(self, x: torch.Tensor, alpha: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
        """The score -eps_theta(x, t) / sigma(t), given alpha(t) and sigma(t) of each row."""
        scale = torch.rsqrt(alpha.square() * DATA_STD ** 2 + sigma.square()).unsqueeze(1)
        angles = torch.log(sigma / alpha).unsqueeze(1) * self.frequencies.unsqueeze(0) * (2 * math.pi)
        h = torch.cat([x * scale, torch.sin(angles), torch.cos(angles)], dim=1)
        return -self.mlp(h) / sigma.unsqueeze(1)


def make_step(net, optimizer, data, g):
    def step() -> float:
        rows = torch.randint(0, data.shape[0], (BATCH,), generator=g)
        x0 = data.index_select(0, rows)
        t = (torch.rand(BATCH, generator=g, dtype=torch.float64) * (T_END - EPS) + EPS).float().clamp(EPS, T_END)
        z = torch.randn(x0.shape, generator=g)
        alpha, sigma = vp_alpha_sigma(t)
        xt = alpha.unsqueeze(1) * x0 + sigma.unsqueeze(1) * z
        s = net(xt, alpha, sigma)
        loss = (s * sigma.unsqueeze(1) + z).square().sum(1).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        return loss.item()
    return step


def cpu_capability() -> str:
    """The kernels ATen dispatched to, as torch's build summary states them (e.g. "CPU capability usage: AVX2")."""
    lines = [line.strip() for line in torch.__config__.show().splitlines() if "CPU capability" in line]
    return lines[0] if lines else "CPU capability unknown"


def loaded_blas() -> str:
    """The BLAS shared objects mapped into this process (Debian's torch links the generic libblas.so.3)."""
    try:
        with open("/proc/self/maps") as maps:
            paths = {line.split()[-1] for line in maps if "blas" in line.lower() or "blis" in line.lower()}
        return ", ".join(sorted(os.path.realpath(p) for p in paths if p.startswith("/"))) or "none found"
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200, help="steps per timed repeat")
    parser.add_argument("--repeats", type=int, default=7, help="timed repeats; the median is reported")
    parser.add_argument("--warmup", type=int, default=50, help="untimed steps first")
    parser.add_argument("--peak-gflops", type=float, default=78.4,
                        help="fp32 peak of one core in GFLOP/s (2.45 GHz x 2 FMA x 8 lanes x 2 = 78.4)")
    args = parser.parse_args()

    torch.set_num_threads(1)
    torch.manual_seed(84)
    data = torch.rand(ROWS, PIXELS, generator=torch.Generator().manual_seed(2026)) * 2 - 1
    net = ScoreNet(seed=85)
    weights = sum(p.numel() for p in net.parameters() if p.dim() == 2)
    assert weights == MULTIPLY_ADDS_PER_ROW, (weights, MULTIPLY_ADDS_PER_ROW)
    optimizer = torch.optim.Adam(net.parameters(), lr=2e-3)
    step = make_step(net, optimizer, data, torch.Generator().manual_seed(86))

    print(f"torch {torch.__version__}, python {platform.python_version()}, threads {torch.get_num_threads()}, "
          f"{cpu_capability()}")
    print(f"BLAS: {loaded_blas()}")
    print(f"FLOPs per step (3 x forward): {STEP_FLOPS:,} = {STEP_FLOPS / 1e6:.1f} MFLOP")
    try:
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    except OSError:
        pass

    for _ in range(args.warmup):
        loss = step()
    rates, cpu_rates = [], []
    for r in range(args.repeats):
        start, cpu_start = time.perf_counter(), time.process_time()
        for _ in range(args.steps):
            loss = step()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        rates.append(args.steps / elapsed)
        cpu_rates.append(args.steps / cpu)
        print(f"  repeat {r + 1}: {rates[-1]:7.1f} steps/s ({1e3 * elapsed / args.steps:.3f} ms/step wall, "
              f"{1e3 * cpu / args.steps:.3f} ms/step CPU), loss {loss:.4f}")

    def summary(name: str, rate: float) -> str:
        gflops = rate * STEP_FLOPS / 1e9
        return (f"{name}: {rate:.1f} steps/s = {1e3 / rate:.3f} ms/step, {gflops:.1f} GFLOP/s, "
                f"{100 * gflops / args.peak_gflops:.1f} % of {args.peak_gflops:g} GFLOP/s")

    # Wall clock is what BenchmarkDotNet reports; on a shared machine the best repeat and the rate per CPU second
    # (time this process actually ran) say more about the code than the median does.
    print(summary("median (wall)", statistics.median(rates)))
    print(summary("best repeat (wall)", max(rates)))
    print(summary("median per CPU second", statistics.median(cpu_rates)))
    try:
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    except OSError:
        pass


if __name__ == "__main__":
    main()
