"""Known answers and properties of the per-vehicle P&L (hyesan_analysis.model.vehicle)."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.model import vehicle as veh
from hyesan_analysis.model.vehicle_classes import VEHICLE_CLASSES

TOL_CNY = 1e-6

BASE_2024 = veh.VehicleDeal(
    sale_price_cny=83000, purchase_price_cny=45000, transport_cny=2500, waku_price_cny=30000
)

money = st.floats(min_value=0, max_value=300_000, allow_nan=False, allow_infinity=False)
share = st.floats(min_value=0, max_value=1, allow_nan=False)
rate = st.floats(min_value=0, max_value=2, allow_nan=False)
days = st.floats(min_value=0, max_value=365, allow_nan=False)


@st.composite
def deals(draw: st.DrawFn) -> veh.VehicleDeal:
    return veh.VehicleDeal(
        sale_price_cny=draw(money),
        purchase_price_cny=draw(money),
        transport_cny=draw(money),
        waku_price_cny=draw(money),
        other_fees_cny=draw(money),
        company_profit_share=draw(share),
        annual_interest_rate=draw(rate),
        financing_days=draw(days),
    )


def test_founding_report_arithmetic_2024() -> None:
    # 83,000 - 45,000 - 2,500 - 30,000 = 5,500 (inside the reported 5,000-7,000)
    assert veh.vehicle_pnl(BASE_2024).margin_cny == pytest.approx(5500, abs=TOL_CNY)


def test_founding_report_arithmetic_2025() -> None:
    pnl = veh.vehicle_pnl(replace(BASE_2024, waku_price_cny=25000))
    assert pnl.margin_cny == pytest.approx(10500, abs=TOL_CNY)
    assert 10000 <= pnl.margin_cny <= 12000


def test_landed_cost_matches_june_2024_build_up() -> None:
    assert veh.upfront_capital_cny(BASE_2024) == pytest.approx(77500, abs=TOL_CNY)


def test_revenue_neutral_growth_of_the_2025_cut() -> None:
    assert veh.revenue_neutral_volume_growth(30000, 25000) == pytest.approx(0.2, abs=1e-12)


def test_financing_simple_interest_known_answer() -> None:
    # 72,500 CNY at 10% a year for 20 days = 72,500 * 0.1 * 20 / 365
    deal = replace(BASE_2024, waku_price_cny=25000, annual_interest_rate=0.10, financing_days=20)
    pnl = veh.vehicle_pnl(deal)
    assert pnl.financing_cny == pytest.approx(397.260274, abs=1e-5)
    assert pnl.net_profit_cny == pytest.approx(10500 - 397.260274, abs=1e-5)


def test_breakeven_known_answer_and_zero_profit() -> None:
    deal = replace(BASE_2024, waku_price_cny=25000, annual_interest_rate=0.10, financing_days=20)
    breakeven = veh.breakeven_sale_price_cny(deal)
    assert breakeven == pytest.approx(72500 + 397.260274, abs=1e-5)
    at_breakeven = veh.vehicle_pnl(replace(deal, sale_price_cny=breakeven))
    assert at_breakeven.net_profit_cny == pytest.approx(0, abs=1e-6)


def test_company_share_applies_to_positive_margin_only() -> None:
    loss = replace(BASE_2024, sale_price_cny=70000, company_profit_share=0.5)
    assert veh.vehicle_pnl(loss).company_share_cny == 0
    gain = replace(BASE_2024, company_profit_share=0.5)
    assert veh.vehicle_pnl(gain).margin_cny == pytest.approx(2750, abs=TOL_CNY)


def test_passthrough_of_the_2025_cut_is_zero_when_prices_did_not_move() -> None:
    assert veh.waku_passthrough_to_buyers(83000, 83000, 30000, 25000) == 0
    assert veh.waku_passthrough_to_buyers(83000, 78000, 30000, 25000) == pytest.approx(1.0)
    with pytest.raises(ValueError, match="undefined"):
        veh.waku_passthrough_to_buyers(83000, 83000, 25000, 25000)


@pytest.mark.parametrize("field", ["sale_price_cny", "waku_price_cny", "company_profit_share"])
def test_invalid_inputs_are_rejected_with_the_field_named(field: str) -> None:
    with pytest.raises(ValueError, match=field):
        replace(BASE_2024, **{field: -1.0})
    with pytest.raises(ValueError, match=field):
        replace(BASE_2024, **{field: float("nan")})


def test_revenue_neutral_growth_rejects_zero_waku() -> None:
    with pytest.raises(ValueError, match="new_waku_cny"):
        veh.revenue_neutral_volume_growth(30000, 0)


@given(deals(), st.floats(min_value=0, max_value=10_000, allow_nan=False))
def test_profit_falls_one_for_one_with_the_waku(deal: veh.VehicleDeal, extra: float) -> None:
    # without a company share and financing, every CNY of waku is a CNY of margin
    deal = replace(deal, company_profit_share=0.0, annual_interest_rate=0.0)
    before = veh.vehicle_pnl(deal).margin_cny
    after = veh.vehicle_pnl(replace(deal, waku_price_cny=deal.waku_price_cny + extra)).margin_cny
    assert after - before == pytest.approx(-extra, abs=1e-6)


@given(deals(), st.floats(min_value=0, max_value=10_000, allow_nan=False))
def test_profit_rises_one_for_one_with_the_sale_price(deal: veh.VehicleDeal, extra: float) -> None:
    deal = replace(deal, company_profit_share=0.0)
    before = veh.vehicle_pnl(deal).net_profit_cny
    after = veh.vehicle_pnl(replace(deal, sale_price_cny=deal.sale_price_cny + extra))
    assert after.net_profit_cny - before == pytest.approx(extra, abs=1e-6)


@given(deals(), st.floats(min_value=0, max_value=10_000, allow_nan=False))
def test_a_higher_waku_never_raises_net_profit(deal: veh.VehicleDeal, extra: float) -> None:
    before = veh.vehicle_pnl(deal).net_profit_cny
    after = veh.vehicle_pnl(
        replace(deal, waku_price_cny=deal.waku_price_cny + extra)
    ).net_profit_cny
    assert after <= before + 1e-6


@given(st.floats(min_value=1, max_value=1e6), st.floats(min_value=1, max_value=1e6))
def test_revenue_neutral_growth_is_old_over_new_minus_one(old: float, new: float) -> None:
    growth = veh.revenue_neutral_volume_growth(old, new)
    assert growth == pytest.approx(old / new - 1, rel=1e-12)
    # and that growth does keep the revenue
    assert veh.waku_revenue_cny(new, 1000 * (1 + growth)) == pytest.approx(
        veh.waku_revenue_cny(old, 1000), rel=1e-9
    )


@given(deals())
def test_breakeven_gives_zero_net_profit(deal: veh.VehicleDeal) -> None:
    if deal.company_profit_share >= 1:
        deal = replace(deal, company_profit_share=0.5)
    breakeven = veh.breakeven_sale_price_cny(deal)
    at = veh.vehicle_pnl(replace(deal, sale_price_cny=breakeven))
    # floating point: a share near 1 makes the break-even price huge, so the tolerance is
    # relative to the prices involved
    assert at.net_profit_cny == pytest.approx(0, abs=1e-9 * max(1.0, breakeven))


def test_breakeven_with_a_company_share_covers_financing_after_the_share() -> None:
    # K = 72,500; F = 397.26; s = 0.5 -> K + F / 0.5
    deal = replace(
        BASE_2024,
        waku_price_cny=25000,
        annual_interest_rate=0.10,
        financing_days=20,
        company_profit_share=0.5,
    )
    assert veh.breakeven_sale_price_cny(deal) == pytest.approx(72500 + 2 * 397.260274, abs=1e-5)
    with pytest.raises(ValueError, match="company_profit_share"):
        veh.breakeven_sale_price_cny(replace(deal, company_profit_share=1.0))


def test_tornado_is_sorted_by_swing_over_the_given_ranges() -> None:
    deal = replace(BASE_2024, waku_price_cny=25000, annual_interest_rate=0.1, financing_days=20)
    ranges = {
        "sale_price_cny": (70000, 85000),
        "waku_price_cny": (25000, 30000),
        "company_profit_share": (0.0, 0.2),
    }
    assert veh.validated_ranges(ranges) == ranges
    sens = veh.one_at_a_time(deal, ranges)
    swings = [s.swing_cny for s in sens]
    assert swings == sorted(swings, reverse=True)
    assert sens[0].field == "sale_price_cny"
    assert sens[0].swing_cny == pytest.approx(15000, abs=1e-6)  # financing does not move
    assert sens[0].profit_at_low_cny == pytest.approx(
        70000 - 72500 - 72500 * 0.1 * 20 / 365, abs=1e-6
    )


@pytest.mark.parametrize(
    ("ranges", "message"),
    [
        ({"price": (0, 1)}, "unknown VehicleDeal field"),
        ({"sale_price_cny": (2, 1)}, "sale_price_cny: expected a range"),
        ({"waku_price_cny": (-1, 1)}, "waku_price_cny: expected a range"),
        ({"company_profit_share": (0, 1.5)}, "company_profit_share"),
    ],
)
def test_bad_ranges_name_the_field(ranges: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        veh.validated_ranges(ranges)


def test_vehicle_classes_fit_their_profit_ranges() -> None:
    ranged = [vc for vc in VEHICLE_CLASSES if vc.profit_range is not None]
    assert [vc.key for vc in ranged] == ["used_car", "new_car", "used_truck", "motorcycle"]
    reported = [
        vc.key for vc in ranged if vc.profit_range and vc.profit_range[0].basis == "sourced"
    ]
    assert reported == ["used_car", "used_truck", "motorcycle"]  # the new car's is assumed
    for vc in ranged:
        assert vc.profit_range is not None
        low, high = vc.profit_range
        margin = veh.vehicle_pnl(vc.deal()).margin_cny
        assert low.value - 1e-6 <= margin <= high.value + 1e-6, vc.key


def test_every_class_figure_has_a_basis_a_reader_can_check() -> None:
    from hyesan_analysis.data.loaders import get_fact

    for vc in VEHICLE_CLASSES:
        for _, fig in (*vc.figures(), *vc.range_figures()):
            assert fig.citation.strip(), vc.key
            if fig.basis == "sourced":
                assert fig.fact_id is not None
                fact = get_fact(fig.fact_id)  # KeyError if the id is wrong
                low = fact.low if fact.low is not None else fact.value
                high = fact.high if fact.high is not None else fact.value
                assert low <= fig.value <= high, (vc.key, fig)
