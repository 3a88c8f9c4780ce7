"""Benchmark: Monte Carlo strategy-years per second and peak memory of the investor model.

Times ``simulate_annual_returns`` for each strategy separately (median of repeats) and
measures peak traced memory with ``tracemalloc`` in a separate run (tracing slows numpy
allocation, so it is kept out of the timed runs). Not a test: run it by hand::

    python bench/bench_investor_mc.py --years 1000000 --repeats 5
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc

from hyesan_analysis.model.investor import STRATEGIES, simulate_annual_returns
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, car_deal, to_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--years",
        type=int,
        default=1_000_000,
        help="simulated strategy-years per strategy (default 1e6)",
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats (default 5)")
    parser.add_argument("--seed", type=int, default=SCHEMA.get("seed").default)
    args = parser.parse_args(argv)
    if args.years < 1 or args.repeats < 1:
        parser.error("--years and --repeats must be >= 1")

    # the default world: the car report's deal, then the investor report's defaults
    deal = car_deal(car.deal_results(car.to_model(car.SCHEMA.defaults())))
    params, _ = to_model(SCHEMA.defaults(), **deal)
    simulate_annual_returns(params, 1_000, args.seed)  # warm-up
    print(f"{args.years:,} strategy-years per strategy, median of {args.repeats} repeats")
    print(f"{'strategy':<12} {'median s':>9} {'min s':>8} {'years/s':>14} {'peak MiB':>9}")
    total = 0.0
    for s in STRATEGIES:
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            simulate_annual_returns(params, args.years, args.seed, strategies=(s,))
            times.append(time.perf_counter() - t0)
        tracemalloc.start()
        simulate_annual_returns(params, args.years, args.seed, strategies=(s,))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        med = statistics.median(times)
        total += med
        print(f"{s:<12} {med:9.3f} {min(times):8.3f} {args.years / med:14,.0f} {peak / 2**20:9.1f}")
    print(f"{'all three':<12} {total:9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
