"""The shared quantities: one definition each, used as that one object by every report."""

from __future__ import annotations

import pytest

from hyesan_analysis.data.loaders import get_fact
from hyesan_analysis.reporting.authoring.registry import all_reports
from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.specs._world import WORLD, use

REPORTS = list(all_reports().values())


def test_world_quantities_are_marked_shared() -> None:
    assert WORLD and all(p.shared for p in WORLD.values())


@pytest.mark.parametrize("spec", REPORTS, ids=[r.name for r in REPORTS])
def test_a_report_uses_the_world_object_never_its_own_copy(spec) -> None:  # type: ignore[no-untyped-def]
    for p in spec.schema.params:
        if p.name in WORLD or p.shared:
            assert p is WORLD[p.name], f"{spec.name}.{p.name} redefines a shared quantity"


def test_every_shared_quantity_is_used_by_a_report() -> None:
    used = {p.name for spec in REPORTS for p in spec.schema.params if p.shared}
    assert used == set(WORLD)


def test_the_deal_is_shared_by_the_car_investor_and_inequality_reports() -> None:
    reports = all_reports()
    for name in ("company_profit_share", "annual_interest_rate", "time_to_sale_days"):
        for report in ("car_unit_economics", "investor_returns"):
            assert name in reports[report].schema.names, (report, name)


def test_interest_is_the_sourced_monthly_rate_times_twelve() -> None:
    rate = WORLD["annual_interest_rate"]
    monthly = get_fact("informal_loan_rate_acquaintance_hyesan_2011").number
    assert rate.source == "informal_loan_rate_acquaintance_hyesan_2011"
    assert rate.default == pytest.approx(12 * monthly, abs=1e-12)
    assert repr(rate.default) == "0.6"  # rounded, so the parameters cell reads cleanly


def test_the_founding_rate_is_sourced() -> None:
    assert WORLD["rate_after_kpw_per_cny"].source == "hyesan_market_rate_founding_kpw_per_cny"
    assert WORLD["rate_after_kpw_per_cny"].default == 3000.0


def test_use_rejects_unknown_names() -> None:
    assert use("sale_price_cny")[0] is WORLD["sale_price_cny"]
    with pytest.raises(KeyError, match="not shared quantities"):
        use("sale_prise_cny")


def test_optional_parameters_accept_none_and_say_so() -> None:
    from hyesan_analysis.reporting.authoring.schema import Param

    p = Param(
        "x", float, None, "elasticity", "x", minimum=0, maximum=3, rationale="t", optional=True
    )
    assert p.check(None) is None and p.parse("none") is None and p.parse("0.5") == 0.5
    assert "or none" in p.expectation()
    with pytest.raises(ParameterError):
        p.parse("-1")
