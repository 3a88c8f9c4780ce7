"""Tests for the cited datasets (hyesan_analysis/data) and their validating loaders."""

from __future__ import annotations

import csv
import hashlib
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from hyesan_analysis.data import (
    DATA_DIR,
    DATA_FILES,
    FACT_UNITS,
    FACTS_COLUMNS,
    MARKET_COLUMNS,
    DataValidationError,
    Fact,
    get_fact,
    load_facts,
    load_market_rates,
)

# The raw material the package CSVs were transcribed from. Tests that compare against it
# directly are skipped where it is not available (e.g. a fresh clone in CI); the digests
# below keep the row-for-row checks running everywhere.
SHARED_DATA = Path(os.environ.get("HYESAN_SHARED_DATA", "/work/shared/data"))
needs_shared = pytest.mark.skipif(
    not (SHARED_DATA / "facts.csv").exists() or not (SHARED_DATA / "market_rates.csv").exists(),
    reason=f"shared source data not found in {SHARED_DATA}",
)

# sha256 over the source rows: market  "date|city|series|value|unit|source_url" per row,
# facts "source_url|source_title" per row (both in source order, joined by newlines).
MARKET_SOURCE_DIGEST = "32cc9f95cf48ecb5ae2e4d2c6202e99f8910fec324e68f90e372ced4fe73afbf"
FACTS_SOURCE_DIGEST = "b61d7c0a56d839c837f6cf15c30a2e9ddd1329130efc951b0f8b367e3e009e9f"
N_SOURCE_FACT_ROWS = 117
N_MARKET_ROWS = 215

SHARED_ROW_RE = re.compile(r"^shared row (\d+)(?:;|$)")
CITY_AS_PRINTED_RE = re.compile(r"city as printed in the source file: '([^']*)'")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_csv(
    path: Path, columns: list[str] | tuple[str, ...], rows: list[dict[str, str]]
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


def _source_row(note: str) -> int:
    m = SHARED_ROW_RE.match(note)
    assert m, f"note does not start with 'shared row N': {note!r}"
    return int(m.group(1))


# ---------------------------------------------------------------------------------------
# the shipped files


def test_data_files_exist() -> None:
    assert DATA_FILES == ("facts.csv", "market_rates.csv")
    for name in DATA_FILES:
        assert (DATA_DIR / name).is_file()
    assert (DATA_DIR / "README.md").is_file()


def test_shipped_facts_load() -> None:
    df = load_facts()
    assert df.index.name == "id"
    assert list(df.columns) == list(FACTS_COLUMNS[1:])
    assert df.index.is_unique
    for col in ("value", "low", "high"):
        assert df[col].dtype == "float64"
    assert set(df["kind"]) == {"number", "text"}
    assert set(df["unit"]) <= FACT_UNITS
    numbers = df[df["kind"] == "number"]
    assert numbers["value"].notna().all()
    assert (numbers["low"].isna() | (numbers["low"] <= numbers["value"])).all()
    assert (numbers["high"].isna() | (numbers["value"] <= numbers["high"])).all()
    texts = df[df["kind"] == "text"]
    assert texts[["value", "low", "high"]].isna().all().all()


def test_shipped_market_rates_load() -> None:
    df = load_market_rates()
    assert len(df) == N_MARKET_ROWS
    assert list(df.columns) == [*MARKET_COLUMNS, "period_start", "month"]
    assert list(df["obs_id"]) == [f"m{i:03d}" for i in range(1, N_MARKET_ROWS + 1)]
    assert (df["value"] > 0).all()
    assert set(df["series"]) == {"CNY", "USD", "rice", "corn", "gasoline", "diesel"}
    assert set(df["publisher"]) <= {"Daily NK", "Asia Press", "NK Times", "The Asia Review"}
    assert str(df["period_start"].dtype).startswith("datetime64")
    assert str(df["month"].dtype) == "period[M]"


def test_market_period_columns_never_fill_in_a_day() -> None:
    df = load_market_rates()
    for _, r in df.iterrows():
        start = r["period_start"]
        if r["date_precision"] == "day":
            assert start.strftime("%Y-%m-%d") == r["date"]
            assert str(r["month"]) == r["date"][:7]
        elif r["date_precision"] == "month":
            assert start.strftime("%Y-%m-%d") == r["date"] + "-01"
            assert str(r["month"]) == r["date"]
        else:
            assert r["date_precision"] == "year"
            assert start.strftime("%Y-%m-%d") == r["date"] + "-01-01"
            assert r["month"] is None or r["month"] != r["month"]  # NaT


def test_every_market_source_row_kept_in_order() -> None:
    """Rebuild the source rows from the package file and compare with the digest."""
    rows = _read_csv(DATA_DIR / "market_rates.csv")
    assert len(rows) == N_MARKET_ROWS
    parts = []
    for r in rows:
        m = CITY_AS_PRINTED_RE.search(r["note"])
        city = m.group(1) if m else r["city"]
        parts.append(
            f"{r['date']}|{city}|{r['series']}|{r['value']}|"
            f"{r['unit_as_printed']}|{r['source_url']}"
        )
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    assert digest == MARKET_SOURCE_DIGEST


def test_every_fact_source_row_represented() -> None:
    """Each source row 1..N_SOURCE_FACT_ROWS has at least one id, all carrying that row's citation."""
    rows = _read_csv(DATA_DIR / "facts.csv")
    by_row: dict[int, set[tuple[str, str]]] = {}
    for r in rows:
        by_row.setdefault(_source_row(r["note"]), set()).add((r["source_url"], r["source_title"]))
    assert sorted(by_row) == list(range(1, N_SOURCE_FACT_ROWS + 1))
    parts = []
    for n in range(1, N_SOURCE_FACT_ROWS + 1):
        assert len(by_row[n]) == 1, f"source row {n} cited inconsistently: {by_row[n]}"
        url, title = next(iter(by_row[n]))
        parts.append(f"{url}|{title}")
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    assert digest == FACTS_SOURCE_DIGEST


@needs_shared
def test_market_rows_match_shared_file() -> None:
    src = _read_csv(SHARED_DATA / "market_rates.csv")
    pkg = load_market_rates()
    assert len(src) == len(pkg) == N_MARKET_ROWS
    for s, (_, p) in zip(src, pkg.iterrows(), strict=True):
        assert p["date"] == s["date"], p["obs_id"]  # precision never upgraded or downgraded
        assert p["series"] == s["series"]
        assert p["value"] == float(s["value"])
        assert p["unit_as_printed"] == s["unit"]
        assert p["source_url"] == s["source_url"]
        assert p["source_title"] == s["source_title"]
        assert s["note"] in p["note"]
        assert p["city"] == s["city"] or f"'{s['city']}'" in p["note"]
        assert {4: "year", 7: "month", 10: "day"}[len(s["date"])] == p["date_precision"]


@needs_shared
def test_fact_dates_never_upgraded_beyond_source() -> None:
    """A fact's date is a truncation of an ISO date written in its source row."""
    src = _read_csv(SHARED_DATA / "facts.csv")
    iso = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?(?!\d)")
    for r in _read_csv(DATA_DIR / "facts.csv"):
        s = src[_source_row(r["note"]) - 1]
        assert (r["source_url"], r["source_title"]) == (s["source_url"], s["source_title"])
        if not r["date"]:
            continue
        stated = iso.findall(" ".join((s["date"], s["value"], s["figure"])))
        assert any(tok.startswith(r["date"]) for tok in stated), (
            f"{r['id']}: date {r['date']} not stated in source row ({stated})"
        )


@needs_shared
def test_source_rows_match_shared_counts() -> None:
    src = _read_csv(SHARED_DATA / "facts.csv")
    assert len(src) == N_SOURCE_FACT_ROWS
    pkg_urls = {r["source_url"] for r in _read_csv(DATA_DIR / "facts.csv")}
    assert pkg_urls == {s["source_url"] for s in src}


# ---------------------------------------------------------------------------------------
# required ids


REQUIRED_NUMBERS: dict[str, tuple[float, float | None, float | None, str]] = {
    # id: (value, low, high, unit)
    "used_car_share_of_smuggled_vehicles": (0.9, 0.9, 0.9, "share"),
    "waku_price_2024_cny": (30000, 30000, 30000, "CNY per vehicle"),
    "waku_price_2025_cny": (25000, 25000, 25000, "CNY per vehicle"),
    "used_car_sale_price_2025_cny": (83000, 83000, 83000, "CNY per vehicle"),
    "smuggler_profit_per_car_2024_cny": (6000, 5000, 7000, "CNY per vehicle"),
    "smuggler_profit_per_car_2025_cny": (11000, 10000, 12000, "CNY per vehicle"),
    "used_car_purchase_price_china_2024_cny": (45000, 45000, 45000, "CNY per vehicle"),
    "waku_price_june_2024_cny": (30000, 30000, 30000, "CNY per vehicle"),
    "transport_cost_per_vehicle_2024_cny": (2500, 2500, 2500, "CNY per vehicle"),
    "landed_cost_used_car_2024_cny": (77500, 77500, 77500, "CNY per vehicle"),
    "sale_approval_delay_days": (10, 10, None, "days"),
    "inspection_period_days": (5, 5, 5, "days"),
    "used_truck_price_2025_cny": (60000, 55000, 65000, "CNY per vehicle"),
    "used_motorcycle_price_2025_cny": (8500, 7000, 10000, "CNY per vehicle"),
    "smuggler_profit_per_truck_2025_cny": (2500, 2000, 3000, "CNY per vehicle"),
    "smuggler_profit_per_motorcycle_2025_cny": (400, 400, 400, "CNY per vehicle"),
    "used_car_price_before_halt_2025_cny": (70000, 70000, 70000, "CNY per vehicle"),
    "used_car_price_after_halt_2025_cny": (85000, 85000, 85000, "CNY per vehicle"),
    "halt_advance_payment_stuck_cny": (500000, 500000, 500000, "CNY"),
    "worker_wage_before_reform_kpw_per_month": (3000, 3000, 3000, "KPW per month"),
    "worker_wage_after_reform_kpw_per_month": (30000, 30000, 30000, "KPW per month"),
    "gini_refugee_survey_low": (0.58, 0.58, 0.58, "Gini"),
    "gini_refugee_survey_high": (0.86, 0.86, 0.86, "Gini"),
    "gini_lankov_anecdotal": (0.5, 0.5, 0.5, "Gini"),
    "staple_food_price_increase_since_reform_fold": (1.5, 1.5, 1.5, "fold"),
    "hyesan_market_rate_founding_kpw_per_cny": (3000, 3000, 3000, "KPW per CNY"),
    "informal_loan_rate_acquaintance_hyesan_2011": (0.05, 0.05, 0.05, "share per month"),
    "informal_loan_rate_loan_shark_hyesan_2011": (0.1, 0.1, 0.1, "share per month"),
    "overnight_loan_rate_smugglers_hyesan_2011": (0.175, 0.15, 0.2, "share per night"),
    "moneylender_rate_sinuiju_2019": (0.075, 0.05, 0.1, "share per month"),
}

REQUIRED_TEXT: dict[str, tuple[str, str]] = {
    # id: (date, date_precision); "" / None = any
    "halt_2025_05_event": ("2025-05-15", "day"),
    "flood_halt_2024_event": ("2024-07-10", "day"),
    "yalu_frozen_nov_feb": ("", ""),
    "thaw_prices_expected_to_rise": ("2025-03-04", "day"),
    "wage_reform_2023_10": ("2023-10", "month"),
    "remittance_brokers_switch_to_cars": ("2025-03-04", "day"),
    "importers_borrow_at_interest": ("", ""),
    "trading_company_profit_share_practice": ("", ""),
    "two_sessions_halt_2025": ("2025-03", "month"),
    "state_led_smuggling_no_crackdown_risk": ("2025-03-04", "day"),
    "exchange_rate_drove_up_market_prices": ("2025-03-04", "day"),
    "new_cars_sell_slowly": ("2025-03-04", "day"),
    "investors_enter_before_thaw": ("2025-03-04", "day"),
    "rich_poor_gap_widening_hyesan": ("2025-03-04", "day"),
}


@pytest.mark.parametrize("fact_id", sorted(REQUIRED_NUMBERS))
def test_required_number_facts(fact_id: str) -> None:
    value, low, high, unit = REQUIRED_NUMBERS[fact_id]
    f = get_fact(fact_id)
    assert f.kind == "number"
    assert f.value == pytest.approx(value, abs=1e-12)
    assert f.low == (None if low is None else pytest.approx(low, abs=1e-12))
    assert f.high == (None if high is None else pytest.approx(high, abs=1e-12))
    assert f.unit == unit
    assert f.source_url.startswith("http")


@pytest.mark.parametrize("fact_id", sorted(REQUIRED_TEXT))
def test_required_text_facts(fact_id: str) -> None:
    date, precision = REQUIRED_TEXT[fact_id]
    f = get_fact(fact_id)
    assert f.kind == "text"
    assert f.value is None and f.low is None and f.high is None
    assert f.description
    if date:
        assert (f.date, f.date_precision) == (date, precision)


def test_founding_and_cost_buildup_sources() -> None:
    founding = get_fact("waku_price_2025_cny")
    assert founding.publisher == "Daily NK"
    assert founding.date == "2025-03-04"
    for fid in (
        "waku_price_2024_cny",
        "used_car_sale_price_2025_cny",
        "smuggler_profit_per_car_2024_cny",
        "smuggler_profit_per_car_2025_cny",
        "used_car_share_of_smuggled_vehicles",
        "thaw_prices_expected_to_rise",
        "hyesan_market_rate_founding_kpw_per_cny",
        "state_led_smuggling_no_crackdown_risk",
        "rich_poor_gap_widening_hyesan",
    ):
        assert get_fact(fid).source_url == founding.source_url
    june = get_fact("waku_price_june_2024_cny")
    assert "halts-import-of-used-cars" in june.source_url
    assert get_fact("worker_wage_after_reform_kpw_per_month").publisher == "38 North"


def test_reported_figures_are_mutually_consistent() -> None:
    """83,000 - 45,000 - 2,500 - waku lands inside the reported profit ranges."""
    sale = get_fact("used_car_sale_price_2025_cny").number
    cost = (
        get_fact("used_car_purchase_price_china_2024_cny").number
        + get_fact("transport_cost_per_vehicle_2024_cny").number
    )
    assert cost + get_fact("waku_price_june_2024_cny").number == pytest.approx(
        get_fact("landed_cost_used_car_2024_cny").number
    )
    for year in (2024, 2025):
        profit = sale - cost - get_fact(f"waku_price_{year}_cny").number
        rng = get_fact(f"smuggler_profit_per_car_{year}_cny")
        assert rng.low is not None and rng.high is not None
        assert rng.low <= profit <= rng.high


def test_share_units_in_unit_interval_and_percent_kept() -> None:
    df = load_facts()
    shares = df[df["unit"] == "share"]
    assert len(shares) > 5
    assert ((shares["value"] >= 0) & (shares["value"] <= 1)).all()
    assert "converted" in str(df.loc["used_car_share_of_smuggled_vehicles", "note"])
    assert df.loc["rice_price_rise_jan_nov_2024_percent", "unit"] == "percent"


def test_ids_snake_case_and_unique() -> None:
    ids = [r["id"] for r in _read_csv(DATA_DIR / "facts.csv")]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i) for i in ids)


def test_date_precision_matches_format() -> None:
    df = load_facts()
    width = {"day": 10, "month": 7, "year": 4, "unknown": 0}
    for fid, r in df.iterrows():
        assert len(r["date"]) == width[r["date_precision"]], fid


# ---------------------------------------------------------------------------------------
# Fact and get_fact


def test_fact_citation_contains_publisher_title_and_url() -> None:
    f = get_fact("waku_price_2025_cny")
    assert isinstance(f, Fact)
    c = f.citation
    assert c.startswith("Daily NK, ")
    assert f.source_url in c and f.source_title in c and "2025-03-04" in c
    assert "\n" not in c
    undated = get_fact("used_car_import_cost_inflated_cny")
    assert undated.date == "" and "n.d." in undated.citation


def test_fact_is_frozen_and_number_property() -> None:
    f = get_fact("waku_price_2025_cny")
    with pytest.raises(AttributeError):
        f.value = 1.0  # type: ignore[misc]
    assert f.number == 25000.0
    with pytest.raises(ValueError, match="no value"):
        _ = get_fact("halt_2025_05_event").number


def test_get_fact_unknown_id_suggests_close_matches() -> None:
    with pytest.raises(KeyError) as exc:
        get_fact("waku_price_2026_cny")
    msg = str(exc.value)
    assert "waku_price_2026_cny" in msg and "waku_price_2025_cny" in msg


def test_get_fact_is_cached() -> None:
    assert get_fact("waku_price_2025_cny") is get_fact("waku_price_2025_cny")


def test_package_import_does_not_import_pandas() -> None:
    root = Path(__file__).resolve().parents[1]
    code = "import sys, hyesan_analysis.data; print('pandas' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------
# malformed files are rejected, naming file, line and id


def _facts_rows() -> list[dict[str, str]]:
    return _read_csv(DATA_DIR / "facts.csv")


def _market_rows() -> list[dict[str, str]]:
    return _read_csv(DATA_DIR / "market_rates.csv")


def _row_index(rows: list[dict[str, str]], key: str, value: str) -> int:
    return next(i for i, r in enumerate(rows) if r[key] == value)


FactMutation = Callable[[list[dict[str, str]]], tuple[str, str]]


def _set(fid: str, **changes: str) -> FactMutation:
    def mutate(rows: list[dict[str, str]]) -> tuple[str, str]:
        i = _row_index(rows, "id", fid)
        rows[i].update(changes)
        new_id = rows[i]["id"]
        return new_id, f"facts.csv line {i + 2} (id {new_id})"

    return mutate


def _duplicate(rows: list[dict[str, str]]) -> tuple[str, str]:
    rows.insert(3, dict(rows[0]))
    fid = rows[0]["id"]
    return fid, f"facts.csv line 5 (id {fid}): duplicate id (first defined on line 2)"


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_duplicate, "duplicate id"),
        (_set("waku_price_2025_cny", low="30000"), "low 30000 > value 25000"),
        (_set("used_truck_price_2025_cny", high="50000"), "value 60000 > high 50000"),
        (_set("waku_price_2025_cny", unit="yuan per car"), "not in the controlled vocabulary"),
        (
            _set("waku_price_june_2024_cny", date="2024-06-01"),
            "does not match date_precision 'month'",
        ),
        (_set("waku_price_2025_cny", date="2025-03"), "does not match date_precision 'day'"),
        (_set("waku_price_2025_cny", date="2025-02-30"), "not a calendar date"),
        (_set("poor_quality_car_loss_cny", date="2025"), "date_precision is 'unknown'"),
        (_set("waku_price_2025_cny", date_precision="week"), "date_precision 'week'"),
        (_set("waku_price_2025_cny", value="25,000"), "value '25,000' is not a plain number"),
        (_set("waku_price_2025_cny", value="about 25000"), "is not a plain number"),
        (_set("waku_price_2025_cny", value="nan"), "is not a plain number"),
        (_set("waku_price_2025_cny", value=""), "empty value"),
        (_set("waku_price_2025_cny", low="", high=""), "needs low and high"),
        (
            _set("used_car_share_of_smuggled_vehicles", value="90", low="90", high="90"),
            "outside [0, 1]",
        ),
        (_set("halt_2025_05_event", value="1"), "text row must leave value empty"),
        (_set("halt_2025_05_event", unit="date"), "text row must have unit 'text'"),
        (_set("waku_price_2025_cny", unit="text"), "number row cannot have unit"),
        (_set("waku_price_2025_cny", kind="figure"), "kind 'figure'"),
        (_set("waku_price_2025_cny", id="Waku-Price"), "not snake_case"),
        (_set("waku_price_2025_cny", source_url="thepressunited.com/x"), "must start with http"),
        (_set("waku_price_2025_cny", publisher=" "), "publisher is empty"),
        (_set("waku_price_2025_cny", source_title=""), "source_title is empty"),
    ],
)
def test_malformed_facts_rejected(tmp_path: Path, mutate: FactMutation, problem: str) -> None:
    rows = _facts_rows()
    _, where = mutate(rows)
    path = _write_csv(tmp_path / "facts.csv", FACTS_COLUMNS, rows)
    with pytest.raises(DataValidationError) as exc:
        load_facts(path)
    msg = str(exc.value)
    assert msg.startswith(where), msg
    assert problem in msg, msg


def test_error_message_format_example(tmp_path: Path) -> None:
    rows = _facts_rows()
    i = _row_index(rows, "id", "waku_price_2025_cny")
    rows[i]["low"] = "30000"
    path = _write_csv(tmp_path / "facts.csv", FACTS_COLUMNS, rows)
    with pytest.raises(DataValidationError) as exc:
        load_facts(path)
    assert str(exc.value) == (
        f"facts.csv line {i + 2} (id waku_price_2025_cny): low 30000 > value 25000"
    )
    assert exc.value.line == i + 2 and exc.value.row_id == "waku_price_2025_cny"
    assert isinstance(exc.value, ValueError)


@pytest.mark.parametrize(
    "header",
    [
        [c for c in FACTS_COLUMNS if c != "note"],
        [*FACTS_COLUMNS, "extra"],
        ["ID", *FACTS_COLUMNS[1:]],
        [FACTS_COLUMNS[1], FACTS_COLUMNS[0], *FACTS_COLUMNS[2:]],
    ],
)
def test_bad_facts_header_rejected(tmp_path: Path, header: list[str]) -> None:
    rows = [{c: r.get(c, "") for c in header} for r in _facts_rows()[:3]]
    path = _write_csv(tmp_path / "facts.csv", header, rows)
    with pytest.raises(DataValidationError, match=r"^facts\.csv line 1: bad header"):
        load_facts(path)


def test_short_row_and_blank_line_rejected(tmp_path: Path) -> None:
    text = (DATA_DIR / "facts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "facts.csv"
    bad.write_text("".join([*text[:3], "lonely_id,topic\n", *text[3:]]), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"line 4 \(id lonely_id\): expected 15"):
        load_facts(bad)
    bad.write_text("".join([*text[:3], "\n", *text[3:]]), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"line 4: blank line"):
        load_facts(bad)


def test_line_numbers_count_multiline_fields(tmp_path: Path) -> None:
    rows = _facts_rows()
    rows[0]["note"] = "first line\nsecond line"
    i = _row_index(rows, "id", "waku_price_2025_cny")
    rows[i]["unit"] = "bogus"
    path = _write_csv(tmp_path / "facts.csv", FACTS_COLUMNS, rows)
    with pytest.raises(DataValidationError) as exc:
        load_facts(path)
    assert exc.value.line == i + 3  # one extra physical line from the embedded newline


MarketMutation = Callable[[list[dict[str, str]]], str]


def _mset(oid: str, **changes: str) -> MarketMutation:
    def mutate(rows: list[dict[str, str]]) -> str:
        i = _row_index(rows, "obs_id", oid)
        rows[i].update(changes)
        return f"market_rates.csv line {i + 2} (obs_id {oid})"

    return mutate


def _mduplicate(rows: list[dict[str, str]]) -> str:
    rows.insert(5, dict(rows[1]))
    return f"market_rates.csv line 7 (obs_id {rows[1]['obs_id']})"


@pytest.mark.parametrize(
    ("mutate", "problem"),
    [
        (_mduplicate, "duplicate obs_id (first defined on line 3)"),
        (_mset("m011", date="2021-01-01"), "does not match date_precision 'month'"),
        (_mset("m045", date="2022-01"), "does not match date_precision 'year'"),
        (_mset("m001", date="", date_precision="unknown"), "date_precision 'unknown' not in"),
        (_mset("m001", date="2020-11-31"), "not a calendar date"),
        (_mset("m001", series="EUR"), "series 'EUR'"),
        (_mset("m001", unit="KPW per EUR"), "unit 'KPW per EUR' not in"),
        (_mset("m001", unit="KPW per CNY"), "does not fit series 'USD'"),
        (_mset("m001", value="0"), "must be > 0"),
        (_mset("m001", value="-6540"), "must be > 0"),
        (_mset("m001", value="6,540"), "not a plain number"),
        (_mset("m001", obs_id="row1"), "does not look like m001"),
        (_mset("m001", city=""), "city is empty"),
        (_mset("m001", source_url="www.dailynk.com"), "must start with http"),
        (_mset("m001", publisher=""), "publisher is empty"),
    ],
)
def test_malformed_market_rates_rejected(
    tmp_path: Path, mutate: MarketMutation, problem: str
) -> None:
    rows = _market_rows()
    where = mutate(rows)
    path = _write_csv(tmp_path / "market_rates.csv", MARKET_COLUMNS, rows)
    with pytest.raises(DataValidationError) as exc:
        load_market_rates(path)
    msg = str(exc.value)
    if "obs_id row1" not in msg:
        assert msg.startswith(where), msg
    assert problem in msg, msg


def test_bad_market_header_rejected(tmp_path: Path) -> None:
    header = [c for c in MARKET_COLUMNS if c != "unit_as_printed"]
    rows = [{c: r[c] for c in header} for r in _market_rows()[:3]]
    path = _write_csv(tmp_path / "market_rates.csv", header, rows)
    with pytest.raises(DataValidationError, match=r"line 1: bad header \(missing"):
        load_market_rates(path)


def test_valid_edits_still_load(tmp_path: Path) -> None:
    """Open ends on either side and an undated number row are valid."""
    rows = _facts_rows()
    i = _row_index(rows, "id", "waku_price_2025_cny")
    rows[i].update(low="", high="26000", date="", date_precision="unknown")
    path = _write_csv(tmp_path / "facts.csv", FACTS_COLUMNS, rows)
    df = load_facts(path)
    assert math.isnan(float(df.loc["waku_price_2025_cny", "low"]))  # type: ignore[arg-type]
    assert df.loc["waku_price_2025_cny", "high"] == 26000
