"""Benchmark the inequality measures on a large synthetic population.

Times gini, theil_t, theil_decomposition (four groups), top_share, palma_ratio,
lorenz_curve and quantile_shares on
``--n`` lognormal incomes, unweighted and with integer frequency weights, reporting the
median wall time of ``--repeats`` runs (time.perf_counter) and the peak extra memory of
one run (tracemalloc, numpy allocations included). Not a test: it only prints a table.

Usage::

    python bench/bench_inequality.py            # 1,000,000 households, 5 repeats
    python bench/bench_inequality.py --n 200000 --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hyesan_analysis.model.inequality import (
    gini,
    lorenz_curve,
    palma_ratio,
    quantile_shares,
    theil_decomposition,
    theil_t,
    top_share,
)


def _measure(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Return (median seconds, peak MiB) for ``fn``."""
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return statistics.median(times), peak / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="households (default 1e6)")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per case")
    parser.add_argument("--seed", type=int, default=0, help="random seed")
    args = parser.parse_args(argv)
    if args.n < 10 or args.repeats < 1:
        parser.error("--n must be >= 10 and --repeats >= 1")

    rng = np.random.default_rng(args.seed)
    x = rng.lognormal(mean=11.0, sigma=1.0, size=args.n)  # KPW per month, roughly
    w = rng.integers(1, 6, size=args.n).astype(np.float64)
    groups = rng.integers(0, 4, size=args.n)

    cases: list[tuple[str, Callable[[np.ndarray | None], Any]]] = [
        ("gini", lambda wt: gini(x, wt)),
        ("theil_t", lambda wt: theil_t(x, wt)),
        ("theil_decomposition", lambda wt: theil_decomposition(x, groups, wt)),
        ("top_share(0.1)", lambda wt: top_share(x, 0.1, wt)),
        ("palma_ratio", lambda wt: palma_ratio(x, wt)),
        ("lorenz_curve", lambda wt: lorenz_curve(x, wt)),
        ("quantile_shares(10)", lambda wt: quantile_shares(x, 10, wt)),
    ]
    print(f"n = {args.n:,} households, median of {args.repeats} runs, numpy {np.__version__}")
    header = f"{'measure':<22}{'weights':<9}{'median ms':>11}{'peak MiB':>10}"
    print(header)
    print("-" * len(header))
    for name, call in cases:
        for label, wt in (("no", None), ("yes", w)):
            sec, mib = _measure(partial(call, wt), args.repeats)
            print(f"{name:<22}{label:<9}{sec * 1e3:>11.1f}{mib:>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
