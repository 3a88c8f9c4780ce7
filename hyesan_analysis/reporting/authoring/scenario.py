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
import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hyesan_analysis.reporting.authoring.schema import ParameterError, ReportSchema, shown

SCENARIO_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")  # the whole name: fullmatch
ALLOWED_KEYS = ("report", "name", "title", "rationale", "parameters")
MAX_FILE_BYTES = 64 * 1024  # a scenario is a few lines; anything larger is a mistake
MAX_NODES = 4000  # values, keys and collections in one file (YAML parsing is slow Python)
MAX_DEPTH = 16  # collections inside collections
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


def _line_map(root: Any) -> dict[str, int]:
    """1-based line of each top-level key (``@key``), of each key under ``parameters``
    (its name) and of each key under ``grid`` (``grid:name``), from the composed node."""
    import yaml

    lines: dict[str, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for key_node, value_node in root.value:
        lines[f"@{key_node.value}"] = key_node.start_mark.line + 1
        if key_node.value in ("parameters", "grid") and isinstance(value_node, yaml.MappingNode):
            prefix = "" if key_node.value == "parameters" else "grid:"
            for pkey, _ in value_node.value:
                lines[f"{prefix}{pkey.value}"] = pkey.start_mark.line + 1
    return lines


# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution): `8.3e4` and
# `1e5` are numbers, `012` is twelve (not octal ten), `yes`/`on`, `1:30` and dates are
# strings; ASCII digits only (a regex [0-9] is ASCII). One addition to the core schema:
# `_` between digits (30_000), as the command line's -p accepts.
_NULL = r"^(?:~|null|Null|NULL|)$"
_BOOL = r"^(?:true|True|TRUE|false|False|FALSE)$"
_DIGITS = r"[0-9](?:_?[0-9])*"
_INT = rf"^(?:[-+]?{_DIGITS}|0o[0-7]+|0x[0-9a-fA-F]+)$"
_FLOAT = (
    rf"^(?:[-+]?(?:\.{_DIGITS}|{_DIGITS}(?:\.(?:{_DIGITS})?)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_SCALAR_TAGS = (
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
)
_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


@cache
def _strict_loader() -> type:
    """A SafeLoader for small hand-written files, with nothing surprising in it.

    - anchors and aliases are refused when composed: an alias "bomb" (a few hundred bytes
      that expand to gigabytes) fails at its first ``&``, before anything is expanded;
    - a key given twice in one mapping is an error naming both lines;
    - YAML 1.2 core scalars (see above); explicit tags other than the core ones
      (``!!binary``, ``!!set``, ``!!timestamp``...) are refused.
    """
    import re as re_mod

    import yaml

    class StrictLoader(yaml.SafeLoader):
        nodes = 0
        depth = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            event: Any = self.peek_event()
            mark: Any = event.start_mark
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise yaml.composer.ComposerError(
                    None, None, f"more than {MAX_NODES:,} values in one file", mark
                )
            if self.depth >= MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep", mark
                )
            if isinstance(event, yaml.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, "aliases (*name) are not allowed", mark
                )
            if getattr(event, "anchor", None) is not None:
                raise yaml.composer.ComposerError(
                    None, None, "anchors (&name) are not allowed", mark
                )
            self.depth += 1
            try:
                node: Any = super().compose_node(parent, index)
            finally:
                self.depth -= 1
            allowed = _SCALAR_TAGS if isinstance(node, yaml.ScalarNode) else _COLLECTION_TAGS
            if node.tag not in allowed:
                raise yaml.composer.ComposerError(
                    None, None, f"tag {shown(node.tag, 40)} is not allowed", node.start_mark
                )
            return node

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        None, None, "a key must be a plain value", key_node.start_mark
                    ) from None
                if first is not None:
                    raise yaml.constructor.ConstructorError(
                        None,
                        None,
                        f"key {shown(key, 40)} given twice (first on line {first})",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_int(self, node: Any) -> int:
            text = self.construct_scalar(node).replace("_", "")
            try:
                if text.startswith("0o"):
                    return int(text[2:], 8)
                if text.startswith("0x"):
                    return int(text[2:], 16)
                return int(text, 10)
            except ValueError:  # more digits than Python converts (4,300)
                raise yaml.constructor.ConstructorError(
                    None, None, f"integer of {len(text):,} digits is too long", node.start_mark
                ) from None

        def construct_yaml_float(self, node: Any) -> float:
            text = self.construct_scalar(node).lower().replace("_", "")
            if text.endswith(".inf"):
                return -math.inf if text.startswith("-") else math.inf
            if text == ".nan":
                return math.nan
            return float(text)

    StrictLoader.yaml_implicit_resolvers = {}  # none of YAML 1.1's
    for tag, pattern, first in (
        ("null", _NULL, ["~", "n", "N", ""]),
        ("bool", _BOOL, list("tTfF")),
        ("int", _INT, list("-+0123456789")),
        ("float", _FLOAT, list("-+0123456789.")),
    ):
        StrictLoader.add_implicit_resolver(
            f"tag:yaml.org,2002:{tag}", re_mod.compile(pattern), first
        )
    StrictLoader.add_constructor("tag:yaml.org,2002:int", StrictLoader.construct_yaml_int)
    StrictLoader.add_constructor("tag:yaml.org,2002:float", StrictLoader.construct_yaml_float)
    return StrictLoader


def read_small_text(path: str | Path, what: str, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of a small regular file, read at most ``limit`` bytes.

    A folder, a device or pipe (``/dev/zero``, a FIFO), a file over the limit, an
    unreadable or non-UTF-8 file: each a one-line ParameterError naming the file.
    """
    shown_path = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ParameterError(f"{shown_path}: {what} file not found") from None
    except IsADirectoryError:
        raise ParameterError(f"{shown_path}: is a folder, not a {what} file") from None
    except OSError as exc:
        raise ParameterError(
            f"{shown_path}: cannot read {what} file ({exc.strerror or exc})"
        ) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ParameterError(f"{shown_path}: is a folder, not a {what} file")
        if not stat.S_ISREG(info.st_mode):
            raise ParameterError(f"{shown_path}: not a regular file; expected a {what} file")
        if info.st_size > limit:
            raise ParameterError(
                f"{shown_path}: {what} file of {info.st_size:,} bytes; at most {limit:,}"
            )
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise ParameterError(
            f"{shown_path}: cannot read {what} file ({exc.strerror or exc})"
        ) from None
    finally:
        os.close(fd)
    if len(data) > limit:  # grew while we read it
        raise ParameterError(f"{shown_path}: {what} file over {limit:,} bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ParameterError(
            f"{shown_path}:{line}: {what} file is not UTF-8 text (byte 0x{data[exc.start]:02x})"
        ) from None


def parse_yaml(text: str, shown_path: str) -> tuple[Any, dict[str, int]]:
    """(data, line map) of a YAML text by the strict loader; a problem is one line."""
    import yaml

    loader: Any = None
    try:
        loader = _strict_loader()(text)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        lines = _line_map(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"{mark.line + 1}: " if mark is not None else " "
        problem = " ".join((exc.problem or exc.context or "malformed YAML").split())
        raise ParameterError(f"{shown_path}:{line}malformed YAML: {problem[:160]}") from None
    except yaml.reader.ReaderError as exc:
        at = text[: exc.position].count("\n") + 1
        raise ParameterError(
            f"{shown_path}:{at}: malformed YAML: character #x{exc.character:04x} is not allowed"
            if isinstance(exc.character, int)
            else f"{shown_path}:{at}: malformed YAML: unreadable character"
        ) from None
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        raise ParameterError(f"{shown_path}: malformed YAML: {problem[:160]}") from None
    except RecursionError:
        raise ParameterError(f"{shown_path}: malformed YAML: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()
    return data, lines


def read_yaml_mapping(
    path: str | Path, what: str, allowed: tuple[str, ...]
) -> tuple[dict[str, Any], dict[str, int]]:
    """(mapping, line map) of a small YAML file whose top-level keys are ``allowed``.

    Read by ``read_small_text`` and the strict loader (no aliases, no duplicate keys,
    YAML 1.2 numbers; see ``_strict_loader``); every problem is a one-line ParameterError
    naming the file (and the line when known). ``what`` names the kind of file in
    messages ("scenario", "sweep").
    """
    shown_path = str(path)
    data, lines = parse_yaml(read_small_text(path, what), shown_path)
    if data is None:
        raise ParameterError(f"{shown_path}: empty {what} file; expected keys {', '.join(allowed)}")
    if not isinstance(data, dict):
        raise ParameterError(f"{shown_path}:1: expected a mapping with keys {', '.join(allowed)}")
    for key in data:
        if key not in allowed:
            key_line = lines.get(f"@{key}", 1)
            raise ParameterError(
                f"{shown_path}:{key_line}: unknown key {shown(key, 40)}; "
                f"expected {', '.join(allowed)}"
            )
    return data, lines


def checked_name(data: Mapping[str, Any], lines: Mapping[str, int], where: str, what: str) -> str:
    """The file's ``name``: a folder-safe identifier (and not ``default``)."""
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise ParameterError(f"{where}: missing or empty 'name' (a string)")
    if not SCENARIO_NAME.fullmatch(name) or name == "default":
        raise ParameterError(
            f"{where}:{lines.get('@name', 1)}: {what} name {shown(name, 70)}: expected lowercase "
            "letters, digits, '_' or '-' (at most 64, not 'default')"
        )
    return name


def checked_text(data: Mapping[str, Any], lines: Mapping[str, int], where: str, key: str) -> str:
    """An optional free-text field (title, rationale): a string of reasonable length."""
    if key not in data or data[key] is None:
        return ""
    value = data[key]
    if not isinstance(value, str):
        raise ParameterError(f"{where}:{lines.get('@' + key, 1)}: {key!r} must be a string")
    if len(value) > MAX_TEXT_CHARS:
        raise ParameterError(
            f"{where}:{lines.get('@' + key, 1)}: {key!r} of {len(value):,} characters; "
            f"at most {MAX_TEXT_CHARS:,}"
        )
    return value.strip()


def checked_mapping(
    data: Mapping[str, Any], lines: Mapping[str, int], where: str, key: str
) -> dict[str, Any]:
    """An optional mapping field (``parameters``), with string keys."""
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ParameterError(f"{where}:{lines.get('@' + key, 1)}: {key!r} must be a mapping")
    for name in value:
        if not isinstance(name, str):  # `1:` and `"1":` would become one name
            raise ParameterError(
                f"{where}:{lines.get('@' + key, 1)}: {key!r}: names are text, got {shown(name, 40)}"
            )
    return dict(value)


def load_scenario(path: str | Path) -> Scenario:
    """Read and shape-check a scenario file (parameter values are checked by the schemas)."""
    where = str(path)
    data, lines = read_yaml_mapping(path, "scenario", ALLOWED_KEYS)
    report = data.get("report")
    if "report" in data and (not isinstance(report, str) or not report):
        raise ParameterError(
            f"{where}:{lines.get('@report', 1)}: 'report' must be a report name; leave it out "
            "for a world scenario (every report)"
        )
    name = checked_name(data, lines, where, "scenario")
    return Scenario(
        report=report,
        name=name,
        title=checked_text(data, lines, where, "title"),
        rationale=checked_text(data, lines, where, "rationale"),
        parameters=checked_mapping(data, lines, where, "parameters"),
        path=where,
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
