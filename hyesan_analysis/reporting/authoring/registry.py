"""One registry: report name -> notebook, schema, required results.

Each module in ``hyesan_analysis.reporting.specs`` defines ``SPEC``; they are discovered
here, so adding a report means adding one spec module and one notebook.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hyesan_analysis.reporting.authoring.schema import ParameterError, ReportSchema

PACKAGE_DIR = Path(__file__).resolve().parents[2]
REPO_DIR = PACKAGE_DIR.parent
NOTEBOOK_DIR = REPO_DIR / "notebooks"


@dataclass(frozen=True)
class ReportSpec:
    """Everything the runner needs to know about one report.

    Parameters
    ----------
    name : str
        Report name, also the notebook's file stem and the folder under reports/.
    title : str
        Title shown to readers.
    question : str
        The question the report answers, one sentence.
    schema : ReportSchema
        Typed parameters.
    required_results : dict of str to str
        Result name -> unit; a run that does not record each one (finite) fails.
    cited_facts : tuple of str
        Fact ids quoted in the narrative beyond the sourced parameter defaults; they go
        into the assumptions-and-sources table.
    upstream : tuple of str
        Reports whose results.json this one reads (it re-runs when they change).
    order : int
        Position in listings and builds (upstream reports first).
    one_page : bool
        Lay the page out compactly so that the PDF fits on one A4 page (the brief).
    """

    name: str
    title: str
    question: str
    schema: ReportSchema
    required_results: dict[str, str]
    cited_facts: tuple[str, ...] = ()
    upstream: tuple[str, ...] = ()
    order: int = 100
    one_page: bool = False

    @property
    def notebook(self) -> Path:
        return NOTEBOOK_DIR / f"{self.name}.ipynb"

    @property
    def spec_module(self) -> str:
        return f"hyesan_analysis.reporting.specs.{self.name}"


@cache
def all_reports() -> dict[str, ReportSpec]:
    """All registered reports, in build order."""
    import hyesan_analysis.reporting.specs as specs_pkg

    found: list[ReportSpec] = []
    for info in pkgutil.iter_modules(specs_pkg.__path__):
        module = importlib.import_module(f"{specs_pkg.__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, ReportSpec):
            if spec.name != info.name:
                raise TypeError(f"spec module {info.name} declares report {spec.name!r}")
            found.append(spec)
    found.sort(key=lambda s: (s.order, s.name))
    return {s.name: s for s in found}


def get_report(name: str) -> ReportSpec:
    """The spec of one report; ParameterError (exit 2) for an unknown name."""
    reports = all_reports()
    if name in reports:
        return reports[name]
    close = difflib.get_close_matches(name, list(reports), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ParameterError(f"unknown report {name!r}{hint} (known: {', '.join(reports)})")
