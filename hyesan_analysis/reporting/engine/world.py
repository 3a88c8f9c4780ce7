"""Worlds: one parameter set for every report that declares its quantities, and the graph
of which report reads which.

A *world* is a name and the quantities it sets. Every report built under it goes into
``reports/<report>/<world>/``, gets the world's values of exactly the parameters its schema
declares (the others keep their defaults) and reads the results of its upstream reports
(``ReportSpec.upstream``) in the same world. The default world sets nothing and is named
``default``; a world scenario file (no ``report:``) names one; any other parameter set
(``-p`` flags, a one-report scenario, a sweep point) is a world for a report and its
upstream reports, named after the values it changes (``scenario.derived_name``), so the
same values always land in the same folders whichever report asked for them.

Everything here is checked before any kernel starts: a problem is a ParameterError (one
line, exit 2).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.registry import all_reports, get_report
from hyesan_analysis.reporting.authoring.scenario import (
    Scenario,
    derived_name,
    load_scenario,
    validate_scenario_parameters,
)
from hyesan_analysis.reporting.authoring.schema import (
    Param,
    ParameterError,
    shown,
    split_assignments,
)

DEFAULT = "default"
# What kind of parameter set a world is (manifest.json, the index's groups)
KIND_DEFAULT = "default"
KIND_WORLD = "world scenario"  # a scenario file without `report:`
KIND_REPORT = "report scenario"  # a scenario file for one report
KIND_PARAMETERS = "parameters"  # -p flags or a sweep point


@dataclass(frozen=True)
class World:
    """A named set of quantities for the reports built under it.

    Parameters
    ----------
    name : str
        The scenario folder of every report built in this world.
    settings : dict
        Quantity name -> checked value, as the world sets it (flags over the file).
    title, rationale : str
        From the scenario file, if any.
    kind : str
        One of the ``KIND_*`` constants.
    report : str, optional
        The report a one-report scenario file is for.
    source : str
        The scenario file, for messages ("" without one).
    """

    name: str
    settings: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    rationale: str = ""
    kind: str = KIND_DEFAULT
    report: str | None = None
    source: str = ""


DEFAULT_WORLD = World(DEFAULT)


# --- the upstream graph ------------------------------------------------------------------
def graph_order(names: Iterable[str]) -> list[str]:
    """``names`` ordered so that every report comes after the reports it reads.

    Ties keep the registry's order (``ReportSpec.order``). A cycle is an error.
    """
    chosen = set(names)
    for name in chosen:
        get_report(name)  # an unknown name: exit 2 with a suggestion
    ordered: list[str] = []
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            cycle = " -> ".join([*visiting[visiting.index(name) :], name])
            raise ParameterError(f"reports read each other in a cycle: {cycle}")
        visiting.append(name)
        for upstream in get_report(name).upstream:
            if upstream in chosen:
                visit(upstream)
        visiting.pop()
        ordered.append(name)

    for name in all_reports():
        if name in chosen:
            visit(name)
    return ordered


def with_upstream(names: Iterable[str]) -> list[str]:
    """``names`` and every report they read, directly or not, in graph order."""
    closure: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name not in closure:
            closure.add(name)
            todo.extend(get_report(name).upstream)
    return graph_order(closure)


def with_downstream(names: Iterable[str]) -> set[str]:
    """``names`` and every report that reads one of them, directly or not."""
    found = set(names)
    grew = True
    while grew:
        grew = False
        for spec in all_reports().values():
            if spec.name not in found and found & set(spec.upstream):
                found.add(spec.name)
                grew = True
    return found


def world_reports(settings: Mapping[str, Any]) -> list[str]:
    """The reports a world builds: those that declare one of its quantities, the reports
    that read them, and what those read (with the shipped reports, whose brief reads every
    report, that is all of them). A world that sets nothing builds every report."""
    if not settings:
        return graph_order(all_reports())
    declaring = {s.name for s in all_reports().values() if set(s.schema.names) & set(settings)}
    return with_upstream(with_downstream(declaring))


# --- quantities across reports -----------------------------------------------------------
def quantities(reports: Iterable[str] | None = None) -> dict[str, list[Param]]:
    """Each parameter name -> its distinct Param objects, across ``reports`` (all if None),
    in registry order (a shared quantity is one object used by several reports)."""
    chosen = None if reports is None else set(reports)
    out: dict[str, list[Param]] = {}
    for spec in all_reports().values():
        if chosen is not None and spec.name not in chosen:
            continue
        for p in spec.schema.params:
            found = out.setdefault(p.name, [])
            if not any(p is q for q in found):
                found.append(p)
    return out


def unknown_quantity(name: str, known: Sequence[str], scope: str) -> ParameterError:
    """The one-line error for a name no report in ``scope`` declares, with the closest."""
    close = difflib.get_close_matches(name[:200], list(known), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return ParameterError(f"unknown parameter {shown(name)}: {scope} declares it{hint}")


def check_value(params: Sequence[Param], value: Any) -> Any:
    """``value`` checked by every declaring report's parameter (normalised by the first)."""
    checked = params[0].check(value)
    for p in params[1:]:
        p.check(value)
    return checked


def parse_value(params: Sequence[Param], raw: str) -> Any:
    """A ``-p``/``--grid`` string parsed by the first declaring parameter's type, then
    checked by the others."""
    return check_value(params, params[0].parse(raw))


def differing(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings whose value differs from a declaring report's default, in registry
    order (so that a world's derived name does not depend on which report asked)."""
    known = quantities()
    return {
        name: settings[name]
        for name, params in known.items()
        if name in settings and any(settings[name] != p.default for p in params)
    }


# --- resolving user input into a world ---------------------------------------------------
def _scope_text(scope: Sequence[str] | None) -> str:
    if scope is None:
        return "no report"
    if len(scope) == 1:
        return f"report {scope[0]!r} never"
    return f"neither {scope[-1]!r} nor a report it reads"


def declared(name: str, scope: Sequence[str] | None = None) -> list[Param]:
    """The parameters named ``name`` of the reports in ``scope`` (every report if None);
    an unknown name is an error naming the closest known one."""
    known = quantities(scope)
    if name in known:
        return known[name]
    if scope is not None and len(scope) == 1:  # one report: its own message and names
        raise get_report(scope[0]).schema.unknown(name)
    raise unknown_quantity(name, list(known), _scope_text(scope))


def parse_assignments(
    assignments: Iterable[str], scope: Sequence[str] | None = None
) -> dict[str, Any]:
    """``NAME=VALUE`` strings, each a quantity of a report in ``scope`` (all if None)."""
    return {
        name: parse_value(declared(name, scope), raw)
        for name, raw in split_assignments(assignments)
    }


def check_settings(
    settings: Mapping[str, Any], scope: Sequence[str] | None = None, where: Scenario | None = None
) -> dict[str, Any]:
    """Typed values (YAML, sweep points), each checked by every declaring report."""
    out: dict[str, Any] = {}
    for name, value in settings.items():
        try:
            out[name] = check_value(declared(name, scope), value)
        except ParameterError as exc:
            prefix = where.where(name) if where is not None else ""
            raise ParameterError(f"{prefix}{exc}") from None
    return out


def _default_of(name: str) -> list[Any]:
    return [p.default for p in quantities().get(name, [])]


def resolve_world(
    assignments: Sequence[str] = (),
    scenario_file: str | Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    scope: Sequence[str] | None = None,
    report: str | None = None,
) -> World:
    """The world of a command: a scenario file (either kind) with flags over it.

    ``scope``: the reports whose parameters the flags may set (a run: the report and the
    reports it reads; None: every report). ``report``: the report a run is for (a
    one-report scenario file must be for it).
    """
    scenario: Scenario | None = None
    from_file: dict[str, Any] = {}
    if scenario_file is not None:
        scenario = load_scenario(scenario_file)
        if scenario.report is not None:
            spec = get_report(scenario.report)
            if report is not None and scenario.report != report:
                raise ParameterError(
                    f"{scenario.path}:{scenario.lines.get('@report', 1)}: scenario is for "
                    f"report {shown(scenario.report)}, not {report!r}"
                )
            from_file = validate_scenario_parameters(scenario, spec.schema)
        else:
            from_file = check_settings(scenario.parameters, None, scenario)
    from_flags = parse_assignments(assignments, scope)
    from_flags.update(check_settings(overrides or {}, scope))
    settings = {**from_file, **from_flags}
    if scenario is None:
        name = derived_name(None, differing(settings))
        kind = KIND_DEFAULT if name == DEFAULT else KIND_PARAMETERS
        return World(name, settings, kind=kind)
    beyond_file = {
        k: from_flags[k]
        for k in quantities()
        if k in from_flags
        and (
            from_flags[k] != from_file[k]
            if k in from_file
            else any(from_flags[k] != d for d in _default_of(k))
        )
    }
    return World(
        derived_name(scenario.name, beyond_file),
        settings,
        title=scenario.title,
        rationale=scenario.rationale,
        kind=KIND_WORLD if scenario.is_world else KIND_REPORT,
        report=scenario.report,
        source=scenario.path or "",
    )
