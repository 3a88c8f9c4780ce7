"""What to run and what happened: validated run requests and their outcomes.

``resolve`` turns user input (report name, ``-p`` flags, a scenario file) into a validated
``RunRequest`` before any kernel starts; ``resolve_with_upstream`` adds the requests of the
reports it reads, in the same world (see world.py); ``world_requests`` makes the requests
of a whole world. Every problem is a ``ParameterError`` (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.authoring.schema import ParameterError, shown
from hyesan_analysis.reporting.engine import store
from hyesan_analysis.reporting.engine import world as world_mod
from hyesan_analysis.reporting.engine.world import World


@dataclass(frozen=True)
class RunRequest:
    """A validated request to build one report for one parameter set.

    ``scenario`` is the report's folder and the world it belongs to: the reports it reads
    are read from the same folder name. ``differing`` holds the report's own parameters
    that differ from their defaults; ``world_kind`` what kind of parameter set the world
    is (world.KIND_*).
    """

    report: str
    parameters: dict[str, Any]
    scenario: str
    scenario_title: str = ""
    scenario_rationale: str = ""
    differing: dict[str, Any] = field(default_factory=dict)
    world_kind: str = world_mod.KIND_DEFAULT
    #: Every value the world sets, declared by this report or not (for the manifest).
    world_settings: dict[str, Any] = field(default_factory=dict)
    #: The scenario file the world came from ("" without one).
    scenario_file: str = ""

    @property
    def world(self) -> str:
        """The world this run belongs to (its scenario folder name)."""
        return self.scenario


@dataclass
class RunOutcome:
    """What happened to one request."""

    report: str
    scenario: str
    status: str  # "ok", "up to date" or "failed"
    path: Path
    reasons: list[str] = field(default_factory=list)
    message: str = ""
    duration_s: float = 0.0
    results: dict[str, Any] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        return 1 if self.status == "failed" else 0


def world_requests(world: World, reports: Iterable[str]) -> list[RunRequest]:
    """One request per report (and the reports they read), in graph order: each gets the
    world's values of the parameters it declares, checked by its schema's rules."""
    names = world_mod.with_upstream(reports)
    out = []
    for name in names:
        spec = get_report(name)
        own = {k: v for k, v in world.settings.items() if k in spec.schema.names}
        try:
            values = spec.schema.validate(own)
        except ParameterError as exc:
            where = f"{world.source}: " if world.source else ""
            which = f"report {name}: " if len(names) > 1 else ""
            raise ParameterError(f"{where}{which}{exc}") from None
        out.append(
            RunRequest(
                report=name,
                parameters=values,
                scenario=world.name,
                scenario_title=world.title,
                scenario_rationale=world.rationale,
                differing=spec.schema.differing(values),
                world_kind=world.kind,
                world_settings=dict(world.settings),
                scenario_file=world.source,
            )
        )
    return out


def resolve_with_upstream(
    report: str,
    assignments: Sequence[str] = (),
    scenario_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> list[RunRequest]:
    """The requests of ``report`` and of every report it reads, in one world, ``report``
    last. Flags (``assignments``, then ``overrides``) win over the scenario file; they may
    set the parameters of the report and of the reports it reads."""
    spec = get_report(report)
    closure = world_mod.with_upstream([spec.name])
    world = world_mod.resolve_world(assignments, scenario_file, overrides, closure, spec.name)
    requests = world_requests(world, closure)
    assert requests[-1].report == spec.name  # every other report is upstream of it
    return requests


def resolve(
    report: str,
    assignments: Sequence[str] = (),
    scenario_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> RunRequest:
    """Validate user input into the RunRequest of one report; ParameterError (exit 2)."""
    return resolve_with_upstream(report, assignments, scenario_file, overrides)[-1]


def default_requests(names: Iterable[str] | None = None) -> list[RunRequest]:
    """The default world's requests for the named reports and the reports they read (every
    registered report if None), in graph order."""
    from hyesan_analysis.reporting.authoring.registry import all_reports

    chosen = list(names) if names is not None else list(all_reports())
    return world_requests(world_mod.DEFAULT_WORLD, chosen)


def _file_label(path: str | None) -> str:
    from hyesan_analysis.reporting.engine.manifest import relative_label

    return relative_label(path) if path else ""


def reused_name(request: RunRequest, root: Path) -> str | None:
    """Why ``request`` may not replace the published report of its folder, or None.

    A scenario name is the folder of every report built under it: a second scenario file
    of the same name with other parameters would silently replace the first one's report.
    The same file (edited since), a report of no file, or one whose manifest predates the
    record of its file may be replaced.
    """
    if not request.scenario_file:
        return None
    old, _ = store.read_manifest(root, request.report, request.scenario)
    if old is None or old.get("status") != "ok":
        return None
    earlier = old.get("scenario_file")
    this = _file_label(request.scenario_file)
    if not isinstance(earlier, str) or not earlier or earlier == this:
        return None
    before = old.get("parameters")
    if not isinstance(before, dict) or before == request.parameters:
        return None
    changed = sorted(
        k
        for k in set(before) | set(request.parameters)
        if before.get(k) != request.parameters.get(k)
    )
    names = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return (
        f"{this}: scenario name {shown(request.scenario)} is already used by {earlier} for "
        f"{request.report} with other parameters ({names}); rename one of the two scenarios"
    )


def preflight(requests: Sequence[RunRequest], root: Path) -> None:
    """Everything checked about where the requests will write, before any kernel starts:
    the output folder and each report's folders are writable folders inside it, and no
    scenario name is reused by another scenario file with other parameters.
    ParameterError or store.OutputDirError (one line, exit 2)."""
    root = Path(root)
    store.check_writable(root, [r.report for r in requests])
    for request in requests:
        problem = reused_name(request, root)
        if problem:
            raise ParameterError(problem)
