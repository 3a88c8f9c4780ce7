"""Scenario files (safe YAML) and scenario folder names.

A scenario file::

    report: car_unit_economics
    name: waku_2024
    title: The 2024 waku (30,000 CNY)
    rationale: >
      Why this scenario exists, in a sentence or two.
    parameters:
      waku_price_cny: 30000

Errors name the file and line (exit 2).
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


@dataclass(frozen=True)
class Scenario:
    """A named parameter set for one report."""

    report: str
    name: str
    title: str = ""
    rationale: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    path: str | None = None
    lines: dict[str, int] = field(default_factory=dict)  # parameter -> line in the file

    def where(self, param: str | None = None) -> str:
        if self.path is None:
            return ""
        line = self.lines.get(param or "", None)
        return f"{self.path}:{line}: " if line else f"{self.path}: "


def _line_map(text: str) -> dict[str, int]:
    """1-based line of each top-level key and of each key under ``parameters``."""
    import yaml

    lines: dict[str, int] = {}
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        lines[f"@{key_node.value}"] = key_node.start_mark.line + 1
        if key_node.value == "parameters" and isinstance(value_node, yaml.MappingNode):
            for pkey, _ in value_node.value:
                lines[str(pkey.value)] = pkey.start_mark.line + 1
    return lines


def load_scenario(path: str | Path) -> Scenario:
    """Read and shape-check a scenario file (parameter values are checked by the schema)."""
    import yaml

    shown = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParameterError(f"{shown}: scenario file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{shown}: cannot read scenario file ({exc})") from None
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
    if data is None:
        raise ParameterError(
            f"{shown}: empty scenario file; expected keys {', '.join(ALLOWED_KEYS)}"
        )
    if not isinstance(data, dict):
        raise ParameterError(f"{shown}:1: expected a mapping with keys {', '.join(ALLOWED_KEYS)}")
    for key in data:
        if key not in ALLOWED_KEYS:
            key_line = lines.get(f"@{key}", 1)
            raise ParameterError(
                f"{shown}:{key_line}: unknown key {key!r}; expected {', '.join(ALLOWED_KEYS)}"
            )
    for key in ("report", "name"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ParameterError(f"{shown}: missing or empty {key!r} (a string)")
    name = data["name"]
    if not SCENARIO_NAME.match(name) or name == "default":
        raise ParameterError(
            f"{shown}:{lines.get('@name', 1)}: scenario name {name!r}: expected lowercase "
            "letters, digits, '_' or '-' (at most 64, not 'default')"
        )
    params = data.get("parameters") or {}
    if not isinstance(params, dict):
        raise ParameterError(
            f"{shown}:{lines.get('@parameters', 1)}: 'parameters' must be a mapping"
        )
    for key in ("title", "rationale"):
        if key in data and not isinstance(data[key], str):
            raise ParameterError(f"{shown}:{lines.get('@' + key, 1)}: {key!r} must be a string")
    return Scenario(
        report=data["report"],
        name=name,
        title=str(data.get("title", "")).strip(),
        rationale=str(data.get("rationale", "")).strip(),
        parameters={str(k): v for k, v in params.items()},
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
