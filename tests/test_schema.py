"""The parameter contract: parsing by declared type, validation, rules, suggestions."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyesan_analysis.reporting.authoring.schema import (
    Param,
    ParameterError,
    ReportSchema,
    at_most,
    sums_to_one,
)

SCHEMA = ReportSchema(
    params=(
        Param(
            "price_cny", float, 100.0, "CNY", "a price", minimum=0, maximum=1000, rationale="test"
        ),
        Param("count", int, 3, "items", "a count", minimum=1, maximum=10, rationale="test"),
        Param("flag", bool, False, "", "a flag", rationale="test"),
        Param(
            "city", str, "hyesan", "", "a city", choices=("hyesan", "pyongyang"), rationale="test"
        ),
        Param("share_a", float, 0.4, "share", "a", minimum=0, maximum=1, rationale="test"),
        Param("share_b", float, 0.6, "share", "b", minimum=0, maximum=1, rationale="test"),
        Param("cap_cny", float, 500.0, "CNY", "a cap", minimum=0, maximum=1000, rationale="test"),
    ),
    rules=(sums_to_one(("share_a", "share_b")), at_most("price_cny", "cap_cny", "price <= cap")),
)


def test_defaults_validate_to_themselves() -> None:
    assert SCHEMA.validate({}) == SCHEMA.defaults()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("price_cny=250", 250.0),
        ("price_cny=2.5e2", 250.0),
        ("count=7", 7),
        ("flag=true", True),
        ("flag=no", False),
        ("city=pyongyang", "pyongyang"),
    ],
)
def test_values_are_parsed_by_declared_type(raw: str, expected: object) -> None:
    name = raw.split("=")[0]
    value = SCHEMA.parse_assignments([raw])[name]
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("price_cny=abc", "parameter 'price_cny': expected a number between 0 and 1,000"),
        ("price_cny=nan", "expected a finite number"),
        ("price_cny=inf", "expected a finite number"),
        ("price_cny=-1", "got -1.0"),
        ("count=2.5", "parameter 'count': expected an integer"),
        ("count=0", "got 0"),
        ("flag=maybe", "parameter 'flag': expected true or false"),
        ("city=seoul", "one of 'hyesan', 'pyongyang'"),
        ("price_cn=3", "unknown parameter 'price_cn'; did you mean 'price_cny'?"),
        ("nonsense=3", "unknown parameter 'nonsense' (known:"),
        ("price_cny", "expected NAME=VALUE"),
    ],
)
def test_bad_values_give_one_line_naming_the_parameter(raw: str, fragment: str) -> None:
    with pytest.raises(ParameterError) as info:
        SCHEMA.validate(SCHEMA.parse_assignments([raw]))
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message


def test_yaml_types_are_checked_not_coerced() -> None:
    with pytest.raises(ParameterError, match="count"):
        SCHEMA.validate({"count": 2.0})  # a float is not an integer
    with pytest.raises(ParameterError, match="price_cny"):
        SCHEMA.validate({"price_cny": "100"})  # a string is not a number
    with pytest.raises(ParameterError, match="flag"):
        SCHEMA.validate({"flag": 1})  # 1 is not a boolean
    with pytest.raises(ParameterError, match="price_cny"):
        SCHEMA.validate({"price_cny": True})  # a boolean is not a number
    assert SCHEMA.validate({"price_cny": 100})["price_cny"] == 100.0  # int widens to float


def test_cross_field_rules_name_both_parameters() -> None:
    with pytest.raises(ParameterError) as info:
        SCHEMA.validate({"share_a": 0.5})
    assert "'share_a', 'share_b'" in str(info.value) and "sum to 1" in str(info.value)
    with pytest.raises(ParameterError, match="price_cny <= cap_cny"):
        SCHEMA.validate({"price_cny": 600.0})


def test_control_characters_in_strings_are_rejected() -> None:
    schema = ReportSchema(params=(Param("label", str, "x", "", "a label", rationale="t"),))
    with pytest.raises(ParameterError, match="control characters"):
        schema.validate({"label": "a\nb"})


def test_a_param_needs_exactly_one_basis_and_a_valid_default() -> None:
    with pytest.raises(TypeError):
        Param("x", float, 1.0, "", "x")  # neither source nor rationale
    with pytest.raises(TypeError):
        Param("x", float, 1.0, "", "x", source="a", rationale="b")
    with pytest.raises(ParameterError):
        Param("x", float, -1.0, "", "x", minimum=0, rationale="b")


def test_differing_lists_only_changed_parameters() -> None:
    values = SCHEMA.validate({"count": 5})
    assert SCHEMA.differing(values) == {"count": 5}


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_either_accepted_in_range_or_rejected(x: float) -> None:
    try:
        value = SCHEMA.validate({"price_cny": x, "cap_cny": 1000.0})["price_cny"]
    except ParameterError:
        assert not (math.isfinite(x) and 0 <= x <= 1000)
    else:
        assert math.isfinite(value) and 0 <= value <= 1000


def test_a_parameter_says_whether_it_is_sourced_implied_or_assumed() -> None:
    from hyesan_analysis.reporting.specs import _world, investor_risk_params

    (rate,) = _world.use("annual_interest_rate")
    assert rate.basis == "implied"  # 12 x a monthly rate: worked out from the fact
    (sale,) = _world.use("sale_price_cny")
    assert sale.basis == "sourced"
    risk = {p.name: p for p in investor_risk_params.DOWNSIDE_PARAMS}
    assert risk["price_slump_probability"].basis == "implied"
    assert risk["below_cost_probability"].basis == "assumed"
    implied = dict(rationale="2 of 13 months", implied_from=("used_car_sale_price_2025_cny",))
    assert Param("p", float, 0.15, "share", "a share", **implied).basis == "implied"
    with pytest.raises(TypeError, match="implied_from goes with a rationale"):
        Param(
            "x",
            float,
            83000.0,
            "CNY",
            "x",
            source="used_car_sale_price_2025_cny",
            implied_from=("used_car_sale_price_2025_cny",),
        )
    with pytest.raises(KeyError):
        Param("p", float, 0.1, "share", "s", rationale="r", implied_from=("no_such_fact",))


def test_a_rule_that_reads_data_checks_the_defaults_on_first_use_not_at_definition() -> None:
    from hyesan_analysis.reporting.authoring.schema import Rule

    calls: list[dict[str, object]] = []

    def never_satisfied(values: object) -> str:
        calls.append(dict(values))  # type: ignore[call-overload]
        return "expected data that is not there"

    schema = ReportSchema(
        params=(Param("count", int, 3, "items", "a count", minimum=1, rationale="test"),),
        rules=(Rule(("count",), never_satisfied, reads_data=True),),
    )
    assert calls == []  # defining the schema did not run it
    with pytest.raises(TypeError, match="defaults break a rule"):
        schema.check_defaults()
    with pytest.raises(ParameterError, match="'count': expected data that is not there"):
        schema.validate({})
    assert len(calls) == 2


def test_every_shipped_report_s_defaults_satisfy_all_its_rules_data_rules_included() -> None:
    from hyesan_analysis.reporting.authoring.registry import all_reports

    specs = all_reports()
    assert {"car_unit_economics", "prices_and_exchange", "inequality"} <= set(specs)
    for spec in specs.values():
        spec.schema.check_defaults()  # raises TypeError on a broken default
    data_rules = [r for s in specs.values() for r in s.schema.rules if r.reads_data]
    assert data_rules, "the prices report's market-window rule reads the data"


def test_listing_the_reports_imports_no_pandas() -> None:
    """Every command lists the reports (the help, the world): that must stay cheap."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from hyesan_analysis.reporting.authoring.registry import all_reports\n"
        "assert len(all_reports()) >= 5\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
