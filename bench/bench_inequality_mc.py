"""Benchmark the inequality report's Monte Carlo over the assumed group parameters.

Runs :func:`hyesan_analysis.model.households.monte_carlo` on the default Hyesan city
(``--draws`` population draws of ``--households`` households each) and reports the median
wall time (time.perf_counter) and CPU time (time.process_time: what one core spends, the
figure to read on a shared machine) of ``--repeats`` runs, then checks that the runs with
the same seed are bit-identical. BLAS and OpenMP are held to one thread so the figure is for one core.
Not a test: it only prints.

Usage::

    python bench/bench_inequality_mc.py                       # 200 x 100,000, 3 repeats
    python bench/bench_inequality_mc.py --households 20000    # the report's default size
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core (set before numpy is imported)

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hyesan_analysis.model import households as hh  # noqa: E402
from hyesan_analysis.reporting.specs.inequality import SCHEMA, to_model  # noqa: E402

#: The default world's upstream figures (the car report's margins; pass-throughs near the
#: prices report's estimates: the run time does not depend on them)
UPSTREAM = {
    "profit_per_car_cny": 10_500.0,
    "profit_per_car_2024_cny": 5_500.0,
    "passthrough_rice": 0.93,
    "passthrough_corn": 0.85,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=200, help="population draws (default 200)")
    parser.add_argument("--households", type=int, default=100_000, help="households per draw")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    args = parser.parse_args(argv)
    if args.draws < 2 or args.households < 10 or args.repeats < 1:
        parser.error("--draws must be >= 2, --households >= 10 and --repeats >= 1")

    city = to_model(SCHEMA.validate({}), **UPSTREAM).hyesan
    times, cpu, runs = [], [], []
    for _ in range(args.repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        runs.append(hh.monte_carlo(city, args.draws, args.households, args.seed))
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    first, last = runs[0], runs[-1]
    identical = all(
        np.array_equal(getattr(first, f), getattr(last, f))
        for f in ("draws", "gini_change", "bottom40_change")
    )
    per_draw_ms = 1e3 * statistics.median(cpu) / args.draws
    print(
        f"monte_carlo: {args.draws} draws x {args.households:,} households, "
        f"numpy {np.__version__}, one thread"
    )
    print(
        f"median of {args.repeats}: CPU {statistics.median(cpu):.2f} s ({per_draw_ms:.1f} ms a "
        f"draw), wall {statistics.median(times):.2f} s"
    )
    print(f"CPU of each run: {', '.join(f'{t:.2f}' for t in cpu)} s")
    print(f"same seed bit-identical: {identical}")
    print(
        f"Gini change 95%: {first.interval('gini_change')[0]:+.4f} to "
        f"{first.interval('gini_change')[1]:+.4f}; poorest 40%: "
        f"{first.interval('bottom40_change')[0]:+.4f} to {first.interval('bottom40_change')[1]:+.4f}"
    )
    return 0 if identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
