"""How reports are run.

``world`` (worlds: the parameter set every report of one world shares, and the upstream
graph), ``requests`` (validated run requests and outcomes), ``inputs`` and ``cache`` (what
a report depends on, and whether it is up to date), ``execute`` and ``kernel_client``
(kernels and notebook execution), ``runner`` (one report: execute, render, publish),
``manifest`` (manifest.json and the provenance block), ``store`` (the atomic output
folders), ``build``, ``scheduler`` and ``progress`` (many reports on a worker pool),
``sweep`` and ``distributed`` (parameter grids of one report or of the world, Dask),
``trace`` (an optional timeline for bench/).
"""

import os
from pathlib import Path


def cores() -> int:
    """The cores this process may use (its CPU affinity), at least 1."""
    return max(
        1,
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1),
    )


def likely_cold(root: Path, force: bool) -> bool:
    """Whether a build into ``root`` will most likely run reports, before anything is read:
    it is forced, or the folder has no index yet (a cold build)."""
    return force or not (Path(root) / "index.html").is_file()


def switched_off(variable: str) -> bool:
    """Whether the environment turns a speed-up off: ``0``, ``false``, ``no`` or ``off``
    (``HYESAN_KERNEL_TEMPLATE``, ``HYESAN_EARLY_RESULTS``, ...); unset means on."""
    return os.environ.get(variable, "").strip().lower() in {"0", "false", "no", "off"}
