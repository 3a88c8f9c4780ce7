"""Benchmark: the investor_returns report's heavy cells, at the default parameters.

Times what the notebook's cells compute, outside a kernel (median of repeats of the
wall-clock and of the process's CPU time, one core: run with ``OMP_NUM_THREADS=1``):
``investor_run.compute`` (the annual Monte Carlo, the compounding simulation, the
certainty equivalents, the credit range and the variants without losses or halts), the
drivers' Sobol table and the what-ifs. Not a test: run it by hand::

    OMP_NUM_THREADS=1 python bench/bench_investor_report.py --repeats 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from hyesan_analysis.model import investor as inv
from hyesan_analysis.reporting.specs import car_unit_economics as car
from hyesan_analysis.reporting.specs.investor_drivers import driver_table
from hyesan_analysis.reporting.specs.investor_returns import SCHEMA, car_deal, to_model
from hyesan_analysis.reporting.specs.investor_run import compute, what_if_stock_gains


def _median_seconds(run: Callable[[], Any], repeats: int) -> tuple[float, float]:
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        run()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats (default 3)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be >= 1")
    values = SCHEMA.defaults()
    deal = car_deal(car.deal_results(car.to_model(car.SCHEMA.defaults())))
    sp, season = to_model(values, **deal)
    res = compute(sp, values)
    seed = values["seed"]
    parts: dict[str, Callable[[], Any]] = {
        "compute (set-up cell)": lambda: compute(sp, values),
        "drivers (Sobol, 256 base samples)": lambda: driver_table(
            values, deal, base_samples=256, seed=seed % 2**31
        ),
        "what-ifs (reusing the run's years)": lambda: inv.compare_scenarios(
            sp,
            inv.what_if_calendars(season),
            values["n_years"],
            seed,
            what_if_stock_gains(values),
            base_sims=res["sims"],
        ),
    }
    print(f"investor_returns at the defaults, median of {args.repeats} repeats")
    print(f"{'part':36s} {'wall s':>8s} {'CPU s':>8s}")
    for name, run in parts.items():
        wall, cpu = _median_seconds(run, args.repeats)
        print(f"{name:36s} {wall:8.2f} {cpu:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
