"""The model's default household groups, each number a provenance :class:`Figure`.

No survey of household incomes by group exists for Hyesan or Pyongyang, so every group
number here is an assumption with its rationale; a number used for both cities is one
Figure. Incomes are monthly household incomes in KPW at early-2024 prices (after the
October 2023 wage reform, a market rate of about 1,250 KPW per CNY).

Hyesan's group shares, its household count and the whole shock are parameters of the
inequality report: their provenance is in the report's schema, so they have no default
here (:func:`default_groups` takes Hyesan's shares as an argument). Pyongyang is modelled
with the same shock but no smuggling profit (:func:`pyongyang_counterpart`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from hyesan_analysis.model.households.spec import City, GroupSpec, SmugglingRole
from hyesan_analysis.model.provenance import Figure, assumed

__all__ = [
    "CITIES",
    "FIELD_WORDS",
    "GROUP_DEFAULTS",
    "PYONGYANG_HOUSEHOLDS",
    "PYONGYANG_VEHICLES_PER_YEAR",
    "GroupDefaults",
    "default_figures",
    "default_groups",
    "pyongyang_counterpart",
]

CITIES = ("hyesan", "pyongyang")

_KPW = "KPW per month"
_LOG_SD = "SD of log income"
_SHARE = "share"


@dataclass(frozen=True)
class GroupDefaults:
    """The default numbers of one household group (see :class:`GroupSpec` for the fields).

    ``population_share`` is None where the report sets the share as a parameter.
    """

    name: str
    median_income_kpw_month: Figure
    sigma_log: Figure
    fx_linked_share: Figure
    population_share: Figure | None = None
    pareto_tail_alpha: Figure | None = None
    pareto_tail_share: Figure | None = None
    smuggling_role: SmugglingRole | None = None
    informal_won_share: Figure | None = None
    food_production_share: Figure | None = None
    food_share: Figure | None = None
    rice_share_of_food: Figure | None = None
    imported_share_of_nonfood: Figure | None = None

    def figures(self) -> dict[str, Figure]:
        """The group's Figures by GroupSpec field name, in field order."""
        out = {}
        for f in fields(GroupSpec):
            value = getattr(self, f.name)
            if isinstance(value, Figure):
                out[f.name] = value
        return out

    def to_spec(self, population_share: float | None = None) -> GroupSpec:
        """The GroupSpec with these values; ``population_share`` overrides the default."""
        if population_share is None:
            if self.population_share is None:
                raise ValueError(f"group {self.name!r} has no default share: pass its share")
            population_share = self.population_share.value
        alpha, tail = self.pareto_tail_alpha, self.pareto_tail_share
        optional = {
            name: getattr(self, name).value
            for name in _OPTIONAL_FIELDS
            if getattr(self, name) is not None
        }
        return GroupSpec(
            name=self.name,
            population_share=population_share,
            median_income_kpw_month=self.median_income_kpw_month.value,
            sigma_log=self.sigma_log.value,
            fx_linked_share=self.fx_linked_share.value,
            pareto_tail_alpha=None if alpha is None else alpha.value,
            pareto_tail_share=0.0 if tail is None else tail.value,
            smuggling_role=self.smuggling_role,
            **optional,
        )


#: GroupSpec fields a GroupDefaults may leave unset (GroupSpec's default then applies)
_OPTIONAL_FIELDS = (
    "informal_won_share",
    "food_production_share",
    "food_share",
    "rice_share_of_food",
    "imported_share_of_nonfood",
)


# --------------------------------------------------------------------------- Hyesan

_INVESTOR_MEDIAN = assumed(
    1_500_000.0, _KPW, "About 1,200 CNY a month at 1,250 KPW per CNY: a provincial donju."
)
_INVESTOR_SIGMA = assumed(0.8, _LOG_SD, "A wide spread between small and large investors.")
_TAIL_ALPHA = assumed(
    1.8, "Pareto shape", "A heavy top tail, typical of incomes drawn from wealth."
)
_TAIL_SHARE = assumed(
    0.2, "share of the group", "The largest fifth of investors follow the power law."
)
_TRADER_SIGMA = assumed(0.7, _LOG_SD, "From stall holders to wholesalers.")
_WORKER_SIGMA = assumed(0.5, _LOG_SD, "Wage scales are compressed.")
_FARMER_FX = assumed(0.05, _SHARE, "Little of a farm household's income is tied to the yuan.")
_FARMER_INFORMAL = assumed(
    0.2, _SHARE, "Sidelines and day labour in town, paid in won; the rest is the food they grow."
)
_FARMER_PRODUCTION = assumed(
    0.65,
    _SHARE,
    "The cooperative's in-kind distribution and private plots: most of a farm household's "
    "income is food it grows, worth more in won when food prices rise.",
)
_WORKER_INFORMAL = assumed(
    0.3,
    _SHARE,
    "Family sidelines paid in won; with the yuan-linked part, half of the household's "
    "income, the wage the other half (see the median).",
)
# the baskets: Engel's law (the poorer the household, the larger its food share); no
# household expenditure survey of North Korea is published
_FOOD = {
    "investors": assumed(0.25, _SHARE, "Engel's law: the richest spend least of it on food."),
    "traders": assumed(0.45, _SHARE, "Comfortable, but food is still the largest item."),
    "state_workers": assumed(
        0.65, _SHARE, "Near subsistence: most of a won wage and its sidelines buys food."
    ),
    "farmers": assumed(
        0.55, _SHARE, "Much of it their own produce, eaten rather than bought at market."
    ),
}
_RICE = {
    "investors": assumed(0.9, _SHARE, "Rice, not corn, on the tables of the well-off."),
    "traders": assumed(0.7, _SHARE, "Mostly rice, some corn."),
    "state_workers": assumed(0.5, _SHARE, "Corn, the cheaper staple, stretches a won wage."),
    "farmers": assumed(0.3, _SHARE, "Ryanggang's farms grow corn and potatoes, not rice."),
}
_IMPORTED_RICH = assumed(
    0.5,
    _SHARE,
    "Richer households spend more of their non-food budget on local services (Cravino & "
    "Levchenko find the same in Mexico's 1994 devaluation: devaluation_cost_of_living_poor_"
    "rich_ratio).",
)
_IMPORTED_POOR = assumed(
    0.7,
    _SHARE,
    "What poorer households buy besides food is mostly basic goods from China (soap, "
    "clothes, fuel) sold in the border market.",
)

_HYESAN = (
    GroupDefaults(
        name="investors",
        median_income_kpw_month=_INVESTOR_MEDIAN,
        sigma_log=_INVESTOR_SIGMA,
        fx_linked_share=assumed(0.9, _SHARE, "Their income comes from trade priced in yuan."),
        pareto_tail_alpha=_TAIL_ALPHA,
        pareto_tail_share=_TAIL_SHARE,
        smuggling_role="investor",  # they finance the cars: investor_profit_share of the margin
        informal_won_share=assumed(0.1, _SHARE, "Won takings of their businesses."),
        food_share=_FOOD["investors"],
        rice_share_of_food=_RICE["investors"],
        imported_share_of_nonfood=_IMPORTED_RICH,
    ),
    GroupDefaults(
        name="traders",
        median_income_kpw_month=assumed(250_000.0, _KPW, "About 200 CNY a month from a stall."),
        sigma_log=_TRADER_SIGMA,
        fx_linked_share=assumed(0.7, _SHARE, "Their goods come from China, priced off the yuan."),
        smuggling_role="trader",  # they run the cars across and sell them: the rest of the margin
        informal_won_share=assumed(0.3, _SHARE, "Sales of local goods, priced in won."),
        food_share=_FOOD["traders"],
        rice_share_of_food=_RICE["traders"],
        imported_share_of_nonfood=assumed(
            0.6, _SHARE, "Between the investors' basket and the poorer households'."
        ),
    ),
    GroupDefaults(
        name="state_workers",
        median_income_kpw_month=assumed(
            60_000.0,
            _KPW,
            "A worker's wage after the October 2023 reform (worker_wage_after_reform_kpw_"
            "per_month) plus the family's market sidelines, about twice the wage.",
        ),
        sigma_log=_WORKER_SIGMA,
        fx_linked_share=assumed(0.2, _SHARE, "Small market sidelines of family members."),
        informal_won_share=_WORKER_INFORMAL,
        food_share=_FOOD["state_workers"],
        rice_share_of_food=_RICE["state_workers"],
        imported_share_of_nonfood=_IMPORTED_POOR,
    ),
    GroupDefaults(
        name="farmers",
        median_income_kpw_month=assumed(
            45_000.0,
            _KPW,
            "In-kind shares of the cooperative farm and private plots, valued in won.",
        ),
        sigma_log=assumed(_WORKER_SIGMA.value, _LOG_SD, "As spread as state workers' incomes."),
        fx_linked_share=_FARMER_FX,
        informal_won_share=_FARMER_INFORMAL,
        food_production_share=_FARMER_PRODUCTION,
        food_share=_FOOD["farmers"],
        rice_share_of_food=_RICE["farmers"],
        imported_share_of_nonfood=_IMPORTED_POOR,
    ),
)

# --------------------------------------------------------------------------- Pyongyang

_PYONGYANG = (
    GroupDefaults(
        name="investors",
        population_share=assumed(0.02, _SHARE, "The capital's donju are richer but fewer."),
        median_income_kpw_month=assumed(
            2 * _INVESTOR_MEDIAN.value,
            _KPW,
            "Twice Hyesan's: the wealth that makes a donju is twenty times higher in "
            "Pyongyang than in the provinces (donju_threshold_pyongyang_usd, "
            "donju_threshold_provinces_usd), but wealth is not income.",
        ),
        sigma_log=_INVESTOR_SIGMA,
        fx_linked_share=assumed(0.85, _SHARE, "More state-linked business paid in won."),
        pareto_tail_alpha=_TAIL_ALPHA,
        pareto_tail_share=_TAIL_SHARE,
        smuggling_role="investor",  # they could finance trade too
        informal_won_share=assumed(0.15, _SHARE, "The state-linked business paid in won."),
        food_share=_FOOD["investors"],
        rice_share_of_food=_RICE["investors"],
        imported_share_of_nonfood=_IMPORTED_RICH,
    ),
    GroupDefaults(
        name="traders",
        population_share=assumed(0.15, _SHARE, "Markets matter less in the capital."),
        median_income_kpw_month=assumed(300_000.0, _KPW, "A larger, richer customer base."),
        sigma_log=_TRADER_SIGMA,
        fx_linked_share=assumed(
            0.6, _SHARE, "Less direct access to Chinese goods than at the border."
        ),
        smuggling_role="trader",
        informal_won_share=assumed(0.4, _SHARE, "More of their sales are priced in won."),
        food_share=_FOOD["traders"],
        rice_share_of_food=_RICE["traders"],
        imported_share_of_nonfood=_HYESAN[1].imported_share_of_nonfood,
    ),
    GroupDefaults(
        name="state_workers",
        population_share=assumed(
            0.75, _SHARE, "The capital of ministries, state enterprises and cadres."
        ),
        median_income_kpw_month=assumed(
            90_000.0,
            _KPW,
            "Higher central wages; elite cadres and central government employees earn more "
            "still (wage_elite_cadre_after_reform_kpw_per_month).",
        ),
        sigma_log=_WORKER_SIGMA,
        fx_linked_share=assumed(
            0.1, _SHARE, "More dependence on rations and wages, fewer market sidelines."
        ),
        informal_won_share=assumed(
            0.2, _SHARE, "Fewer sidelines than in the provinces; the wage is most of it."
        ),
        food_share=_FOOD["state_workers"],
        rice_share_of_food=_RICE["state_workers"],
        imported_share_of_nonfood=_IMPORTED_POOR,
    ),
    GroupDefaults(
        name="farmers",
        population_share=assumed(0.08, _SHARE, "Rural counties inside the municipality."),
        median_income_kpw_month=assumed(50_000.0, _KPW, "Slightly above provincial farms."),
        sigma_log=_HYESAN[3].sigma_log,
        fx_linked_share=_FARMER_FX,
        informal_won_share=_FARMER_INFORMAL,
        food_production_share=_FARMER_PRODUCTION,
        food_share=_FOOD["farmers"],
        rice_share_of_food=_RICE["farmers"],
        imported_share_of_nonfood=_IMPORTED_POOR,
    ),
)

GROUP_DEFAULTS: dict[str, tuple[GroupDefaults, ...]] = {
    "hyesan": _HYESAN,
    "pyongyang": _PYONGYANG,
}

PYONGYANG_HOUSEHOLDS = assumed(
    645_000.0,
    "households",
    "The 2008 census counted about 2.58 million people in Pyongyang, at about four persons "
    "per household.",
)
PYONGYANG_VEHICLES_PER_YEAR = assumed(
    0.0,
    "vehicles per year",
    "The cars enter through Hyesan: no smuggling profit reaches the capital's households.",
)


def _city_key(city: str) -> str:
    key = city.strip().lower()
    if key not in GROUP_DEFAULTS:
        raise ValueError(f"city must be 'hyesan' or 'pyongyang', got {city!r}")
    return key


def default_groups(city: str, shares: Mapping[str, float] | None = None) -> tuple[GroupSpec, ...]:
    """The default groups of ``"hyesan"`` or ``"pyongyang"``.

    Parameters
    ----------
    city : {"hyesan", "pyongyang"}
    shares : mapping of str to float, optional
        Group name -> population share, overriding the defaults; required for Hyesan,
        whose shares are report parameters.

    Returns
    -------
    tuple of GroupSpec
        investors, traders, state workers, farmers.
    """
    groups = GROUP_DEFAULTS[_city_key(city)]
    shares = dict(shares or {})
    unknown = set(shares) - {g.name for g in groups}
    if unknown:
        raise ValueError(f"shares: unknown groups {sorted(unknown)}")
    return tuple(g.to_spec(shares.get(g.name)) for g in groups)


def pyongyang_counterpart(hyesan: City) -> City:
    """Pyongyang under Hyesan's shock, without the smuggling profit.

    The same exchange-rate move and pass-through and the same simulation size and seed;
    Pyongyang's groups and household count, and :data:`PYONGYANG_VEHICLES_PER_YEAR` vehicles.
    """
    return City(
        name="Pyongyang",
        groups=default_groups("pyongyang"),
        shock=replace(hyesan.shock, vehicles_per_year=PYONGYANG_VEHICLES_PER_YEAR.value),
        n_households=hyesan.n_households,
        seed=hyesan.seed,
        households_represented=PYONGYANG_HOUSEHOLDS.value,
    )


#: How the report names each GroupSpec field
FIELD_WORDS = {
    "population_share": "share of households",
    "median_income_kpw_month": "median monthly income before the shock",
    "sigma_log": "spread of log income",
    "fx_linked_share": "share of income tied to the yuan",
    "pareto_tail_alpha": "shape of the Pareto top tail",
    "pareto_tail_share": "share in the Pareto top tail",
    "informal_won_share": "share of income earned informally in won",
    "food_production_share": "value of the food it grows, share of income",
    "food_share": "share of spending on food",
    "rice_share_of_food": "share of food spending on rice (the rest corn)",
    "imported_share_of_nonfood": "share of non-food spending on goods from China",
}


def default_figures() -> list[tuple[str, Figure]]:
    """Every default number of the model with a label, each Figure once.

    Returns
    -------
    list of (str, Figure)
        E.g. ``("Hyesan and Pyongyang investors: spread of log income", Figure(...))``,
        in city, group and field order, then Pyongyang's household count and cars.
    """
    where: dict[int, tuple[list[str], str, str, Figure]] = {}
    for city, groups in GROUP_DEFAULTS.items():
        for g in groups:
            for field, fig in g.figures().items():
                entry = where.setdefault(id(fig), ([], g.name, field, fig))
                entry[0].append(city.capitalize())
    rows = [
        (f"{' and '.join(cities)} {name.replace('_', ' ')}: {FIELD_WORDS[field]}", fig)
        for cities, name, field, fig in where.values()
    ]
    rows.append(("Pyongyang: real households", PYONGYANG_HOUSEHOLDS))
    rows.append(
        ("Pyongyang: smuggled vehicles a year whose margin reaches it", PYONGYANG_VEHICLES_PER_YEAR)
    )
    return rows
