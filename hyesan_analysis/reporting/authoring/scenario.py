"""Scenario files (safe YAML) and scenario folder names.

A scenario file for one report::

    report: car_unit_economics
    name: waku_2024
    title: The 2024 waku (30,000 CNY)
    rationale: >
      Why this scenario exists, in a sentence or two.
    parameters:
      waku_price_cny: 30000

Without ``report:`` the file is a *world* scenario (``scenarios/worlds/``): its parameters
set the quantities of every report that declares them (the shared ones of
``specs/_world.py`` and any report's own), and every report is built under its name.

Files are read with the safe loader, at most ``MAX_FILE_BYTES``; errors name the file and
line (exit 2).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.schema import ParameterError, ReportSchema

SCENARIO_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
ALLOWED_KEYS = ("report", "name", "title", "rationale", "parameters")
MAX_FILE_BYTES = 256 * 1024  # a scenario is a few lines; anything larger is a mistake
MAX_TEXT_CHARS = 2000  # title and rationale


@dataclass(frozen=True)
class Scenario:
    """A named parameter set: for one report, or (``report`` None) for the whole world."""

    report: str | None
    name: str
    title: str = ""
    rationale: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # parameter -> line in the file

    @property
    def is_world(self) -> bool:
        """A world scenario (no ``report:``): its parameters are for every report."""
        return self.report is None

    def where(self, param: str | None = None) -> str:
        if self.path is None:
            return ""
        line = self.lines.get(param or "", None)
        return f"{self.path}:{line}: " if line else f"{self.path}: "


def _line_map(text: str) -> dict[str, int]:
    """1-based line of each top-level key (``@key``), of each key under ``parameters``
    (its name) and of each key under ``grid`` (``grid:name``)."""
    import yaml

    lines: dict[str, int] = {}
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        lines[f"@{key_node.value}"] = key_node.start_mark.line + 1
        if key_node.value in ("parameters", "grid") and isinstance(value_node, yaml.MappingNode):
            prefix = "" if key_node.value == "parameters" else "grid:"
            for pkey, _ in value_node.value:
                lines[f"{prefix}{pkey.value}"] = pkey.start_mark.line + 1
    return lines


def read_yaml_mapping(
    path: str | Path, what: str, allowed: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, int]]:
    """(mapping, line map) of a small YAML file whose top-level keys are ``allowed``.

    Safe loader only (no Python objects), at most ``MAX_FILE_BYTES``; every problem is a
    one-line ParameterError naming the file (and the line when known). ``what`` names the
    kind of file in messages ("scenario", "sweep").
    """
    import yaml

    shown = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise ParameterError(
                f"{shown}: {what} file of {size:,} bytes; at most {MAX_FILE_BYTES:,}"
            )
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParameterError(f"{shown}: {what} file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{shown}: cannot read {what} file ({exc})") from None
    try:
        data = yaml.safe_load(text)
        lines = _line_map(text) if data is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"{mark.line + 1}: " if mark is not None else ""
        problem = (exc.problem or exc.context or "malformed YAML").strip()
        raise ParameterError(f"{shown}:{line}malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise ParameterError(f"{shown}: malformed YAML: {exc}") from None
    except RecursionError:
        raise ParameterError(f"{shown}: malformed YAML: nested too deeply") from None
    if data is None:
        raise ParameterError(f"{shown}: empty {what} file; expected keys {', '.join(allowed)}")
    if not isinstance(data, dict):
        raise ParameterError(f"{shown}:1: expected a mapping with keys {', '.join(allowed)}")
    for key in data:
        if key not in allowed:
            key_line = lines.get(f"@{key}", 1)
            raise ParameterError(
                f"{shown}:{key_line}: unknown key {key!r}; expected {', '.join(allowed)}"
            )
    return data, lines


def checked_name(data: Mapping[str, Any], lines: Mapping[str, int], shown: str, what: str) -> str:
    """The file's ``name``: a folder-safe identifier (and not ``default``)."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ParameterError(f"{shown}: missing or empty 'name' (a string)")
    if not SCENARIO_NAME.match(name) or name == "default":
        raise ParameterError(
            f"{shown}:{lines.get('@name', 1)}: {what} name {name!r}: expected lowercase "
            "letters, digits, '_' or '-' (at most 64, not 'default')"
        )
    return name


def checked_text(data: Mapping[str, Any], lines: Mapping[str, int], shown: str, key: str) -> str:
    """An optional free-text field (title, rationale): a string of reasonable length."""
    if key not in data or data[key] is None:
        return ""
    value = data[key]
    if not isinstance(value, str):
        raise ParameterError(f"{shown}:{lines.get('@' + key, 1)}: {key!r} must be a string")
    if len(value) > MAX_TEXT_CHARS:
        raise ParameterError(
            f"{shown}:{lines.get('@' + key, 1)}: {key!r} of {len(value):,} characters; "
            f"at most {MAX_TEXT_CHARS:,}"
        )
    return value.strip()


def checked_mapping(
    data: Mapping[str, Any], lines: Mapping[str, int], shown: str, key: str
) -> dict[str, Any]:
    """An optional mapping field (``parameters``), with string keys."""
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ParameterError(f"{shown}:{lines.get('@' + key, 1)}: {key!r} must be a mapping")
    return {str(k): v for k, v in value.items()}


def load_scenario(path: str | Path) -> Scenario:
    """Read and shape-check a scenario file (parameter values are checked by the schemas)."""
    shown = str(path)
    data, lines = read_yaml_mapping(path, "scenario", ALLOWED_KEYS)
    report = data.get("report")
    if "report" in data and (not isinstance(report, str) or not report):
        raise ParameterError(
            f"{shown}:{lines.get('@report', 1)}: 'report' must be a report name; leave it out "
            "for a world scenario (every report)"
        )
    name = checked_name(data, lines, shown, "scenario")
    return Scenario(
        report=report,
        name=name,
        title=checked_text(data, lines, shown, "title"),
        rationale=checked_text(data, lines, shown, "rationale"),
        parameters=checked_mapping(data, lines, shown, "parameters"),
        path=shown,
        lines=lines,
    )


def validate_scenario_parameters(scenario: Scenario, schema: ReportSchema) -> dict[str, Any]:
    """Check a scenario's parameters against a schema, naming the file and line on error."""
    checked: dict[str, Any] = {}
    for name, value in scenario.parameters.items():
        try:
            checked[name] = schema.get(name).check(value)
        except ParameterError as exc:
            raise ParameterError(f"{scenario.where(name)}{exc}") from None
    return checked


def _slug(value: Any) -> str:
    text = format(value, "g") if isinstance(value, float) else str(value)
    return re.sub(r"[^A-Za-z0-9.+-]+", "_", text)[:24]


def derived_name(base: str | None, differing: Mapping[str, Any]) -> str:
    """A readable folder name for a parameter set that cannot collide with another.

    ``default`` when nothing differs and no scenario is named; a named scenario keeps its
    name; otherwise the differing ``name=value`` pairs plus a hash of their exact values.
    Named scenarios cannot contain ``=``, so derived names never collide with them.
    """
    if not differing:
        return base or "default"
    canonical = json.dumps(differing, sort_keys=True, default=str)
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:8]
    readable = ",".join(f"{k}={_slug(v)}" for k, v in differing.items())
    if len(readable) > 80:
        readable = readable[:80].rstrip(",")
    prefix = f"{base}+" if base else ""
    return f"{prefix}{readable}-{digest}"
