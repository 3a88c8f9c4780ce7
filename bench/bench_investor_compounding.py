"""Benchmark: the five-year compounding simulation of the investor model, 100,000 paths.

Times ``simulate_wealth`` for each route separately and for all three together (median of
repeats of the wall-clock and of the process's CPU time, one core: run with
``OMP_NUM_THREADS=1``), checks that the same seed gives
bit-identical paths, and measures peak traced memory in a separate run. Target: 100,000
paths x 5 years x 3 routes in under 1 s. Not a test: run it by hand::

    OMP_NUM_THREADS=1 python bench/bench_investor_compounding.py --paths 100000 --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

import numpy as np

from hyesan_analysis.model.investor import STRATEGIES, simulate_wealth
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, car_deal, to_model


def _median_seconds(run: object, repeats: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of the process (on a shared machine the CPU
    time is the one-core cost; the wall time includes waiting for a core)."""
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        run()  # type: ignore[operator]
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paths", type=int, default=100_000, help="paths per route")
    parser.add_argument("--years", type=int, default=5, help="years per path")
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats (default 5)")
    parser.add_argument("--seed", type=int, default=SCHEMA.get("seed").default)
    args = parser.parse_args(argv)
    if args.paths < 1 or args.years < 1 or args.repeats < 1:
        parser.error("--paths, --years and --repeats must be >= 1")

    deal = car_deal(car.deal_results(car.to_model(car.SCHEMA.defaults())))
    params, _ = to_model(SCHEMA.defaults(), **deal)
    simulate_wealth(params, 1_000, args.seed, n_years=args.years)  # warm-up
    print(f"{args.paths:,} paths x {args.years} years, median of {args.repeats} repeats")
    print(f"{'route':<12} {'wall s':>9} {'CPU s':>8} {'peak MiB':>9}")
    for s in (*STRATEGIES, None):
        routes = STRATEGIES if s is None else (s,)

        def run(routes: tuple[str, ...] = routes) -> object:
            return simulate_wealth(
                params, args.paths, args.seed, n_years=args.years, strategies=routes
            )

        wall, cpu = _median_seconds(run, args.repeats)
        tracemalloc.start()
        run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{s or 'all three':<12} {wall:9.3f} {cpu:8.3f} {peak / 2**20:9.1f}")
    a = simulate_wealth(params, args.paths, args.seed, n_years=args.years)
    b = simulate_wealth(params, args.paths, args.seed, n_years=args.years)
    same = all(np.array_equal(a[k], b[k]) for k in a)
    print(f"same seed, bit-identical paths: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
