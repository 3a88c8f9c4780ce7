"""Named key results: recorded by a notebook, checked and written by the runner.

A notebook records a result by displaying it under a private MIME type; the runner reads
those outputs from the executed notebook (no side files, nothing for a plain papermill run to
miss) and strips them before export, so they never show in HTML or PDF.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

PRIVATE_MIME_PREFIX = "application/vnd.hyesan."
RESULT_MIME = PRIVATE_MIME_PREFIX + "result+json"
READS_MIME = PRIVATE_MIME_PREFIX + "data-reads+json"  # data files the kernel read
UPSTREAM_USED_MIME = PRIVATE_MIME_PREFIX + "upstream-used+json"  # rn.upstream_value reads


class ResultsError(RuntimeError):
    """The executed notebook did not record what its report promises."""


def result_payload(name: str, value: float | None, unit: str, label: str) -> dict[str, Any]:
    """The display payload for one result (validated here, in the kernel, too).

    ``None`` is a result too (JSON null): a quantity that does not exist for this run, such
    as a break-even that falls outside the range searched. Anything else must be a finite
    number.
    """
    if value is None:
        return {"name": name, "value": None, "unit": unit, "label": label}
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            value = float(value)  # numpy scalars
        except (TypeError, ValueError):
            raise ResultsError(f"result {name!r}: expected a number, got {value!r}") from None
    if not math.isfinite(float(value)):
        raise ResultsError(f"result {name!r}: expected a finite number, got {value!r}")
    return {"name": name, "value": value, "unit": unit, "label": label}


def private_outputs(nb: Any, mime: str) -> list[dict[str, Any]]:
    """The payloads a notebook displayed under one of the package's private MIME types."""
    payloads = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            payload = output.get("data", {}).get(mime)
            if payload is not None:
                payloads.append(json.loads(payload) if isinstance(payload, str) else payload)
    return payloads


def extract_results(nb: Any) -> dict[str, dict[str, Any]]:
    """All results recorded in an executed notebook, in recording order (last one wins)."""
    return {
        p["name"]: {"value": p["value"], "unit": p["unit"], "label": p.get("label", "")}
        for p in private_outputs(nb, RESULT_MIME)
    }


def data_reads(nb: Any) -> list[str] | None:
    """The data files the kernel read, or None when the notebook did not report them."""
    payloads = private_outputs(nb, READS_MIME)
    return list(payloads[0]["files"]) if payloads else None


def check_results(found: Mapping[str, Mapping[str, Any]], required: Mapping[str, str]) -> list[str]:
    """Problems with the recorded results: missing, non-finite or in the wrong unit."""
    problems = [f"required result {n!r} was not recorded" for n in required if n not in found]
    for name, entry in found.items():
        value = entry["value"]
        if value is None:  # recorded as "none for this run" (JSON null)
            pass
        elif not isinstance(value, int | float) or not math.isfinite(float(value)):
            problems.append(f"result {name!r} is not a finite number: {value!r}")
        if name in required and entry["unit"] != required[name]:
            problems.append(
                f"result {name!r} has unit {entry['unit']!r}, expected {required[name]!r}"
            )
    return sorted(problems)


def strip_result_outputs(nb: Any) -> None:
    """Remove the package's private displays (results, data reads) in place, before export."""
    for cell in nb.cells:
        if "outputs" in cell:
            cell["outputs"] = [
                o
                for o in cell["outputs"]
                if not any(k.startswith(PRIVATE_MIME_PREFIX) for k in o.get("data", {}))
            ]


def results_document(report: str, scenario: str, found: Mapping[str, Mapping[str, Any]]) -> str:
    """results.json text: deterministic (sorted keys, no timestamps) for byte-identical reruns."""
    doc = {
        "report": report,
        "scenario": scenario,
        "results": {name: dict(found[name]) for name in sorted(found)},
    }
    return json.dumps(doc, indent=2, sort_keys=True, allow_nan=False) + "\n"


def format_value(value: float | None, unit: str) -> str:
    """A result as a reader sees it: fractions as percentages, money with separators.

    >>> format_value(0.0738, "fraction per year")
    '7.4% per year'
    >>> format_value(10500.0, "CNY per vehicle")
    '10,500 CNY per vehicle'
    >>> format_value(None, "relative risk aversion")
    'none in range'
    """
    if value is None:
        return "none in range"
    words = unit.split(" ", 1)
    if words[0].lower() in ("fraction", "share", "probability"):
        rest = f" {words[1]}" if len(words) > 1 else ""
        return f"{100 * value:.1f}%{rest}"
    if unit.lower() in ("count", "days", "vehicles") or unit.lower().startswith("months"):
        return f"{value:,.0f} {unit}"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:.3g} {unit}"
