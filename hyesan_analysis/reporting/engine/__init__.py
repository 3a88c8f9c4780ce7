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


def switched_off(variable: str) -> bool:
    """Whether the environment turns a speed-up off: ``0``, ``false``, ``no`` or ``off``
    (``HYESAN_KERNEL_TEMPLATE``, ``HYESAN_EARLY_RESULTS``, ...); unset means on."""
    return os.environ.get(variable, "").strip().lower() in {"0", "false", "no", "off"}
