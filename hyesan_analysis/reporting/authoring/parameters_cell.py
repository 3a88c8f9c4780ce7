"""The notebook's ``parameters`` cell, written from the report's schema.

papermill needs the defaults as code in a cell tagged ``parameters``; the schema is where
they are defined (with their units and provenance). This module writes that cell from the
schema, so a default is never typed twice: ``make sync`` (``python -m
hyesan_analysis.reporting.authoring.parameters_cell``) rewrites the cell in every
``notebooks/<report>.py`` and syncs the paired ``.ipynb``; a test fails while they differ.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hyesan_analysis.reporting.authoring.registry import ReportSpec, all_reports
from hyesan_analysis.reporting.authoring.schema import Param

HEADER = "# Parameters: written from the report's schema by `make sync`; edit the schema, not this."
CELL_MARKER = '# %% tags=["parameters"]'
_NEXT_CELL = re.compile(r"^# %%", re.M)


def _line(p: Param) -> str:
    provenance = f"{p.basis}: {p.source}" if p.source else f"{p.basis} (see the schema)"
    if p.source and p.source_field != "value":
        provenance += f" ({p.source_field})"
    if p.source and p.source_scale != 1.0:
        provenance += f" x {p.source_scale:g}"
    if p.optional:
        provenance = "none: taken from the upstream report"
    if p.shared:
        provenance += "; shared by the reports"
    unit = f"{p.unit}; " if p.unit else ""
    value = f'"{p.default}"' if isinstance(p.default, str) else repr(p.default)
    annotation = f"{p.type.__name__} | None" if p.optional else p.type.__name__
    return f"{p.name}: {annotation} = {value}  # {unit}{provenance}"


def render(spec: ReportSpec) -> str:
    """The source of the ``parameters`` cell for ``spec`` (no trailing newline)."""
    # fmt: off/on keeps ruff format from wrapping a long line and its provenance comment
    lines = [_line(p) for p in spec.schema.params]
    return "\n".join([HEADER, *(["# fmt: off", *lines, "# fmt: on"] if lines else [])])


def script_path(spec: ReportSpec) -> Path:
    """The percent-format text of the report's notebook."""
    return spec.notebook.with_suffix(".py")


def current(spec: ReportSpec) -> str:
    """The ``parameters`` cell as it stands in ``notebooks/<report>.py``."""
    text = script_path(spec).read_text(encoding="utf-8")
    start = text.index(CELL_MARKER) + len(CELL_MARKER) + 1
    nxt = _NEXT_CELL.search(text, start)
    end = nxt.start() if nxt else len(text)
    return text[start:end].strip()


def write(spec: ReportSpec) -> bool:
    """Rewrite the cell in the script from the schema; True when it changed."""
    path = script_path(spec)
    text = path.read_text(encoding="utf-8")
    old = current(spec)
    new = render(spec)
    if old == new:
        return False
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return True


def main(argv: list[str] | None = None) -> int:
    """Write the parameters cells (of the reports named, or all), then sync those pairs."""
    names = sys.argv[1:] if argv is None else argv
    specs = [spec for spec in all_reports().values() if not names or spec.name in names]
    changed = [spec.name for spec in specs if write(spec)]
    scripts = [str(script_path(spec)) for spec in specs]
    subprocess.run([sys.executable, "-m", "jupytext", "--sync", "--quiet", *scripts], check=True)
    print(f"parameters cells rewritten: {', '.join(changed) or 'none'}; pairs synced")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
