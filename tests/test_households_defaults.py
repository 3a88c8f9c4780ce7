"""hyesan_analysis.model.households defaults: every number a provenance Figure, used once."""

from __future__ import annotations

import dataclasses

import pytest

from hyesan_analysis.model.households import (
    GROUP_DEFAULTS,
    PYONGYANG_HOUSEHOLDS,
    PYONGYANG_VEHICLES_PER_YEAR,
    City,
    GroupSpec,
    default_figures,
    default_groups,
    pyongyang_counterpart,
)
from hyesan_analysis.model.provenance import Figure
from tests.test_households import HYESAN_SHARES, SHOCK

NUMBER_FIELDS = [
    f.name for f in dataclasses.fields(GroupSpec) if f.name not in ("name", "smuggling_role")
]


def test_every_default_number_is_a_figure_with_its_basis() -> None:
    for city, groups in GROUP_DEFAULTS.items():
        assert [g.name for g in groups] == ["investors", "traders", "state_workers", "farmers"]
        for g in groups:
            figures = g.figures()
            spec = g.to_spec(HYESAN_SHARES.get(g.name) if city == "hyesan" else None)
            for field in NUMBER_FIELDS:
                value = getattr(spec, field)
                if field in figures:
                    assert value == figures[field].value
                    assert figures[field].basis in ("sourced", "implied", "assumed")
                    assert figures[field].detail.strip()
                elif field == "population_share":
                    assert city == "hyesan"  # a report parameter, sourced in the schema
                elif field == "food_production_share":  # only farmers grow food
                    assert g.name != "farmers" and value == 0.0
                else:  # a group without a Pareto tail
                    assert field.startswith("pareto_tail") and not value
    for fig in (PYONGYANG_HOUSEHOLDS, PYONGYANG_VEHICLES_PER_YEAR):
        assert isinstance(fig, Figure) and fig.basis == "assumed"


def test_default_groups_known_values() -> None:
    hy = {g.name: g for g in default_groups("hyesan", HYESAN_SHARES)}
    py = {g.name: g for g in default_groups(" Pyongyang ")}
    assert hy["investors"] == GroupSpec(
        "investors",
        0.03,
        1_500_000.0,
        0.8,
        0.9,
        1.8,
        0.2,
        smuggling_role="investor",
        informal_won_share=0.1,
        food_share=0.25,
        rice_share_of_food=0.9,
        imported_share_of_nonfood=0.5,
    )
    # Engel's law: the poorer the group, the larger its food share and the more corn in it
    food = [hy[n].food_share for n in ("investors", "traders", "state_workers")]
    assert food == sorted(food)
    assert hy["farmers"].net_benefit_ratio > 0  # farmers sell food on balance
    for g in (*hy.values(), *py.values()):
        assert g.formal_won_share >= 0.0
    # investors finance the cars, traders run them; the others take no part of the margin
    for city in (hy, py):
        roles = {name: g.smuggling_role for name, g in city.items()}
        assert roles == {
            "investors": "investor",
            "traders": "trader",
            "state_workers": None,
            "farmers": None,
        }
    assert hy["state_workers"].median_income_kpw_month == 60_000.0
    assert py["investors"].median_income_kpw_month == 3_000_000.0  # twice Hyesan's
    assert sum(g.population_share for g in py.values()) == pytest.approx(1.0, abs=1e-12)
    # Pyongyang: a larger state-wage sector with less access to foreign currency
    assert py["state_workers"].population_share > hy["state_workers"].population_share
    assert py["state_workers"].fx_linked_share < hy["state_workers"].fx_linked_share
    # a number used for both cities is one Figure
    hy_inv, py_inv = GROUP_DEFAULTS["hyesan"][0], GROUP_DEFAULTS["pyongyang"][0]
    assert hy_inv.pareto_tail_alpha is py_inv.pareto_tail_alpha


def test_default_groups_refusals() -> None:
    with pytest.raises(ValueError, match="no default share"):
        default_groups("hyesan")  # Hyesan's shares are the report's parameters
    with pytest.raises(ValueError, match="unknown groups"):
        default_groups("pyongyang", {"donju": 0.1})
    with pytest.raises(ValueError, match="city"):
        default_groups("kaesong")


def test_default_figures_list_each_figure_once() -> None:
    rows = default_figures()
    assert len({id(fig) for _, fig in rows}) == len(rows)
    labels = dict(rows)
    assert len(labels) == len(rows)
    shared = "Hyesan and Pyongyang investors: shape of the Pareto top tail"
    assert labels[shared].value == 1.8
    assert labels["Pyongyang state workers: share of households"].value == 0.75
    assert labels["Pyongyang: real households"] is PYONGYANG_HOUSEHOLDS
    every = {
        id(f)
        for g in (*GROUP_DEFAULTS["hyesan"], *GROUP_DEFAULTS["pyongyang"])
        for f in g.figures().values()
    }
    assert every | {id(PYONGYANG_HOUSEHOLDS), id(PYONGYANG_VEHICLES_PER_YEAR)} == {
        id(fig) for _, fig in rows
    }


def test_pyongyang_counterpart_keeps_the_shock_but_not_the_profit() -> None:
    hyesan = City("Hyesan", default_groups("hyesan", HYESAN_SHARES), SHOCK, 1_000, 7, 48_000.0)
    py = pyongyang_counterpart(hyesan)
    assert py.name == "Pyongyang"
    assert py.shock == dataclasses.replace(SHOCK, vehicles_per_year=0.0)
    assert (py.n_households, py.seed) == (1_000, 7)
    assert py.households_represented == 645_000.0
    assert py.groups == default_groups("pyongyang")
