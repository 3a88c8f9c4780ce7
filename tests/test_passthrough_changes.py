"""Pass-through on log changes: pairing, known answers, the specification table, influence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hyesan_analysis.data.loaders import load_market_rates
from hyesan_analysis.model.market_frame import InsufficientDataError
from hyesan_analysis.model.passthrough_changes import change_pairs, log_changes, publisher_pairs
from hyesan_analysis.model.passthrough_headline import (
    ChangeSettings,
    all_changes,
    preferred_fit,
    quoted_window,
)
from hyesan_analysis.model.passthrough_report import passthrough_report
from hyesan_analysis.model.passthrough_specs import (
    Specification,
    fit_changes,
    leave_one_out,
    spec_range,
    specification_table,
    standard_specifications,
)
from tests._market_fixtures import make_market

SETTINGS = ChangeSettings("USD", True, 3, 12.0, 3, 8)


def _changes(dlog_rate: list[float], dlog_price: list[float], city: str = "Pyongyang"):
    n = len(dlog_rate)
    return pd.DataFrame(
        {
            "city": city,
            "publisher": "Daily NK",
            "series_id": f"{city} | Daily NK",
            "period_from": [f"2025-0{i + 1}" for i in range(n)],
            "period_to": [f"2025-0{i + 2}" for i in range(n)],
            "dlog_rate": dlog_rate,
            "dlog_price": dlog_price,
            "lean": [i % 2 for i in range(n)],
        }
    )


# ------------------------------------------------------------------------------ known answers


def test_statsmodels_fit_equals_the_hand_computed_slope() -> None:
    # x = (0, 1, 2, 3), y = (1, 2, 2, 5): x̄ = 1.5, ȳ = 2.5, Sxy = 6, Sxx = 5 -> b = 6/5, a = 0.7
    fit = fit_changes(_changes([0.0, 1.0, 2.0, 3.0], [1.0, 2.0, 2.0, 5.0]))
    assert fit.elasticity == pytest.approx(1.2, abs=1e-12)
    assert fit.drift == pytest.approx(0.7, abs=1e-12)
    # residuals (0.3, 0.1, -1.1, 0.7): RSS = 1.8, s² = 0.9, se = sqrt(0.9 / 5)
    assert fit.se_classical == pytest.approx(np.sqrt(0.9 / 5), abs=1e-12)
    assert (fit.n, fit.dof, fit.n_clusters, fit.robust_kind) == (4, 2, 1, "HC1")
    # one city: t on the residual dof, and the larger of the classical and HC1 errors
    assert fit.t_dof == 2 and fit.se == max(fit.se_classical, fit.se_robust)
    half = 4.302652729911275 * fit.se  # t(0.975, 2)
    assert (fit.ci_low, fit.ci_high) == pytest.approx((1.2 - half, 1.2 + half), abs=1e-9)


def test_through_the_origin_slope_and_dof() -> None:
    # no drift: b = Σxy / Σx² = (1·2 + 2·3 + 3·7) / (1 + 4 + 9) = 29/14
    fit = fit_changes(_changes([1.0, 2.0, 3.0], [2.0, 3.0, 7.0]), drift="none")
    assert fit.elasticity == pytest.approx(29 / 14, abs=1e-12)
    assert fit.dof == 2 and np.isnan(fit.drift)


def test_clustered_interval_uses_the_number_of_cities() -> None:
    a = _changes([0.1, 0.2, 0.3], [0.12, 0.25, 0.31], "Hyesan")
    b = _changes([0.1, -0.1, 0.2], [0.2, -0.05, 0.22], "Pyongyang")
    fit = fit_changes(pd.concat([a, b], ignore_index=True))
    assert fit.robust_kind == "cluster by city" and fit.n_clusters == 2
    assert (fit.dof, fit.t_dof) == (4, 1)  # min(residual dof, cities - 1)
    assert fit.se >= fit.se_classical and fit.se >= fit.se_robust


def test_a_fit_the_data_cannot_support_raises_with_its_reason() -> None:
    with pytest.raises(InsufficientDataError, match="found 2, need at least 3") as err:
        fit_changes(_changes([0.1, 0.2], [0.1, 0.3]))
    assert err.value.reason == "too few changes"
    with pytest.raises(InsufficientDataError) as err:
        fit_changes(_changes([0.1, 0.1, 0.1], [0.1, 0.3, 0.2]))
    assert err.value.reason == "rate does not vary"
    with pytest.raises(InsufficientDataError) as err:  # 3 changes, drift + slope + lean
        fit_changes(_changes([0.1, 0.2, 0.4], [0.1, 0.3, 0.2]), lean=True)
    assert err.value.reason == "no residual degree of freedom"


# -------------------------------------------------------------------------------- the pairing

MIXED = [
    ("2024-11-10", "Hyesan", "rice", 7700, "Daily NK"),
    ("2024-11-24", "Hyesan", "USD", 18000, "Daily NK"),
    ("2024-11-24", "Hyesan", "USD", 29500, "NK Times"),
    ("2024-12-07", "Hyesan", "rice", 9450, "Daily NK"),
    ("2024-12-07", "Hyesan", "USD", 21400, "Daily NK"),
    ("2024-12-20", "Hyesan", "rice", 9900, "Daily NK"),
    ("2025-01-05", "Hyesan", "rice", 10000, "NK Times"),
    ("2025-01-05", "Hyesan", "USD", 30000, "NK Times"),
]


def test_pairs_are_same_day_else_same_month_and_one_publisher() -> None:
    pairs = publisher_pairs(make_market(MIXED), "rice", "USD")
    got = list(zip(pairs["publisher"], pairs["period"], pairs["period_kind"], strict=True))
    # December: the same-day pair wins and the other rice of the month is not paired again
    assert got == [
        ("Daily NK", "2024-11", "month"),
        ("Daily NK", "2024-12-07", "day"),
        ("NK Times", "2025-01-05", "day"),
    ]
    changes = log_changes(pairs)
    # NK Times has one pair: no change; Daily NK one change, never into NK Times' figures
    assert len(changes) == 1 and changes.loc[0, "publisher"] == "Daily NK"
    assert changes.loc[0, "dlog_rate"] == pytest.approx(np.log(21400 / 18000), abs=1e-12)
    assert changes.loc[0, "dlog_price"] == pytest.approx(np.log(9450 / 7700), abs=1e-12)


def test_a_gap_longer_than_allowed_is_not_bridged_and_lean_marks_the_end_month() -> None:
    rows = [
        ("2021-01", "Pyongyang", "rice", 3500, "Daily NK"),
        ("2021-01", "Pyongyang", "USD", 6100, "Daily NK"),
        ("2024-11-10", "Pyongyang", "rice", 7500, "Daily NK"),
        ("2024-11-10", "Pyongyang", "USD", 18100, "Daily NK"),
        ("2025-05-25", "Pyongyang", "rice", 9600, "Daily NK"),
        ("2025-05-25", "Pyongyang", "USD", 24700, "Daily NK"),
    ]
    changes = change_pairs(make_market(rows), "rice", "USD", max_gap_months=12)
    assert list(changes["period_to"]) == ["2025-05-25"] and list(changes["lean"]) == [1]
    wrapped = change_pairs(make_market(rows), "rice", "USD", 12, lean_months=(11, 2))
    assert list(wrapped["lean"]) == [0]
    assert len(change_pairs(make_market(rows), "rice", "USD", max_gap_months=60)) == 2


_PUBLISHERS = ("Daily NK", "NK Times", "Asia Press")
_obs = st.tuples(
    st.integers(0, 59),  # day offset within two months
    st.sampled_from(("Hyesan", "Pyongyang")),
    st.sampled_from(("rice", "USD")),
    st.integers(1_000, 40_000),
    st.sampled_from(_PUBLISHERS),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_obs, min_size=2, max_size=30))
def test_a_change_never_crosses_publishers_or_cities(obs: list[tuple]) -> None:
    start = pd.Timestamp("2024-10-01")
    rows = [
        ((start + pd.Timedelta(days=d)).strftime("%Y-%m-%d"), city, series, value, pub)
        for d, city, series, value, pub in obs
    ]
    market = make_market(rows)
    changes = change_pairs(market, "rice", "USD", max_gap_months=24)
    by_id = market.set_index("obs_id")
    for _, change in changes.iterrows():
        ids = [
            i for part in change["obs_ids"].replace(" ; ", "/").split("/") for i in part.split(",")
        ]
        behind = by_id.loc[ids]
        assert set(behind["publisher"]) == {change["publisher"]}
        assert set(behind["city"]) == {change["city"]}
        assert change["series_id"] == f"{change['city']} | {change['publisher']}"


# ------------------------------------------------------------------- the specification table


def test_specification_table_rows_carry_n_and_dof() -> None:
    changes = all_changes(load_market_rates(), SETTINGS)
    specs = standard_specifications(changes, "USD", "CNY")
    rows = specification_table(changes, specs)
    by_name = {(r.spec.price, r.spec.rate, r.spec.name): r for r in rows}
    pooled = by_name["rice", "USD", "pooled, common drift"]
    assert pooled.fit is not None and (pooled.n, pooled.fit.n, pooled.fit.dof) == (8, 8, 6)
    drifts = by_name["rice", "USD", "city-and-publisher drifts"]
    assert drifts.fit is not None and drifts.fit.dof == 8 - 3 - 1  # 3 series drifts + slope
    lean = by_name["rice", "USD", "common drift + lean season"]
    assert lean.fit is not None and lean.fit.dof == 5
    origin = by_name["rice", "USD", "no drift (through the origin)"]
    assert origin.fit is not None and origin.fit.dof == 7
    without = by_name["rice", "USD", "without Daily NK"]
    assert without.fit is None and without.n == 1 and without.reason == "too few changes"
    for row in rows:
        assert row.n == len(row.changes)
        if row.fit is not None:
            assert row.fit.n == row.n and row.fit.dof >= 1
    low, high = spec_range(rows)
    headline = [r.fit.elasticity for r in rows if r.fit is not None and r.spec.group == "headline"]
    assert (low, high) == (min(headline), max(headline))


def test_leave_one_out_refits_without_each_change() -> None:
    data = _changes([0.0, 1.0, 2.0, 3.0, 4.0], [1.0, 2.0, 2.0, 5.0, 4.0])
    influence = leave_one_out(data)
    assert list(influence["n"]) == [4] * 5 and list(influence["dof"]) == [2] * 5
    rest = data.drop(index=4)
    assert influence.loc[4, "elasticity"] == pytest.approx(1.2, abs=1e-12)
    full = fit_changes(data).elasticity
    assert influence.loc[4, "shift"] == pytest.approx(1.2 - full, abs=1e-12)
    assert fit_changes(rest).elasticity == pytest.approx(1.2, abs=1e-12)


def test_specification_filters_publishers() -> None:
    data = pd.concat(
        [_changes([0.1, 0.2], [0.1, 0.2]), _changes([0.3], [0.3]).assign(publisher="NK Times")]
    )
    assert len(Specification("x", "rice", "USD", drop_publisher="NK Times").select(data)) == 2
    assert len(Specification("x", "rice", "USD", only_publisher="NK Times").select(data)) == 1


# -------------------------------------------------------------------------------- the headline


def test_preferred_fit_falls_back_to_the_pooled_fit_and_says_why() -> None:
    changes = all_changes(load_market_rates(), SETTINGS)
    hyesan = preferred_fit(changes, SETTINGS, "Hyesan")
    assert hyesan.scope == "pooled" and hyesan.is_fallback and hyesan.fit.n == 8
    assert "Hyesan alone has too few changes" in hyesan.label
    pyongyang = preferred_fit(changes, SETTINGS, "Pyongyang")
    assert pyongyang.scope == "Pyongyang" and not pyongyang.is_fallback
    assert (pyongyang.fit.n, pyongyang.fit.dof, pyongyang.fit.robust_kind) == (6, 4, "HC1")
    strict = ChangeSettings("USD", False, 3, 12.0, 3, 8)
    with pytest.raises(InsufficientDataError, match="city=Hyesan"):
        preferred_fit(changes, strict, "Hyesan")


def test_the_quoted_window_has_both_series_at_the_same_dates() -> None:
    market = load_market_rates()
    window = quoted_window(market, "Hyesan", "USD", "CNY")
    assert window is not None and window.publisher == "Daily NK"
    assert (window.period_from, window.period_to) == ("2024-11", "2024-12-07")
    assert (window.rate_from, window.rate_to, window.price_from, window.price_to) == (
        18_000, 21_400, 7_700, 9_450
    )  # fmt: skip
    assert window.other_change == pytest.approx(3210 / 2400 - 1)
    assert quoted_window(market.iloc[0:0], "Hyesan", "USD", "CNY") is None


def test_report_bundle_is_reproducible() -> None:
    market = load_market_rates()
    one = passthrough_report(market, SETTINGS, "all", "Hyesan")
    two = passthrough_report(market, SETTINGS, "all", "Hyesan")
    assert one.rice.fit == two.rice.fit and one.corn.fit == two.corn.fit
    assert one.spec_min <= one.rice.fit.elasticity <= one.spec_max
    top = one.influential
    assert top is not None and top["period_to"] == "2021-01"
