"""What to run and what happened: validated run requests and their outcomes.

``resolve`` turns user input (report name, ``-p`` flags, a scenario file) into a validated
``RunRequest`` before any kernel starts; every problem is a ``ParameterError`` (exit 2).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import get_report
from hyesan_analysis.reporting.authoring.scenario import (
    Scenario,
    derived_name,
    load_scenario,
    validate_scenario_parameters,
)
from hyesan_analysis.reporting.authoring.schema import ParameterError


@dataclass(frozen=True)
class RunRequest:
    """A validated request to build one report for one parameter set."""

    report: str
    parameters: dict[str, Any]
    scenario: str
    scenario_title: str = ""
    scenario_rationale: str = ""
    differing: dict[str, Any] = field(default_factory=dict)


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


def resolve(
    report: str,
    assignments: Sequence[str] = (),
    scenario_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> RunRequest:
    """Validate user input into a RunRequest; ParameterError (exit 2) on any problem.

    Flags (``assignments``, then ``overrides``) win over the scenario file.
    """
    spec = get_report(report)
    scenario: Scenario | None = None
    from_file: dict[str, Any] = {}
    if scenario_file is not None:
        scenario = load_scenario(scenario_file)
        if scenario.report != spec.name:
            raise ParameterError(
                f"{scenario.path}:{scenario.lines.get('@report', 1)}: scenario is for report "
                f"{scenario.report!r}, not {spec.name!r}"
            )
        from_file = validate_scenario_parameters(scenario, spec.schema)
    from_flags = spec.schema.parse_assignments(assignments)
    for name, value in (overrides or {}).items():
        from_flags[name] = spec.schema.get(name).check(value)
    try:
        values = spec.schema.validate({**from_file, **from_flags})
    except ParameterError as exc:
        prefix = f"{scenario.path}: " if scenario is not None and not from_flags else ""
        raise ParameterError(f"{prefix}{exc}") from None
    defaults = spec.schema.defaults()
    if scenario is None:
        name = derived_name(None, spec.schema.differing(values))
    else:
        beyond_file = {
            k: values[k]
            for k in spec.schema.names
            if k in from_flags and from_flags[k] != from_file.get(k, defaults[k])
        }
        name = derived_name(scenario.name, beyond_file)
    return RunRequest(
        report=spec.name,
        parameters=values,
        scenario=name,
        scenario_title=scenario.title if scenario else "",
        scenario_rationale=scenario.rationale if scenario else "",
        differing=spec.schema.differing(values),
    )


def default_requests(names: Iterable[str] | None = None) -> list[RunRequest]:
    """One request with the defaults for each named report (all registered ones if None)."""
    from hyesan_analysis.reporting.authoring.registry import all_reports

    chosen = list(names) if names is not None else list(all_reports())
    return [resolve(name) for name in chosen]
