"""The household model's inputs: groups, the shock and a simulated population.

Each input is a frozen dataclass whose fields carry their units; the validators here name
the offending field. The formulas the shock applies (price level, real-value factors, the
smuggling margin's pools) are methods of :class:`ShockSpec`, so the simulation and the
report's prose use the same ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "PRICE_COMPONENTS",
    "SMUGGLING_ROLES",
    "Cities",
    "City",
    "FloatArray",
    "GroupSpec",
    "IntArray",
    "Population",
    "PriceComponent",
    "ShockSpec",
    "SmugglingRole",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

#: Who shares the smuggler's margin: ``"investor"`` households finance the cars and take
#: ``investor_profit_share`` of it, ``"trader"`` households run the cars and take the rest.
SmugglingRole = Literal["investor", "trader"]
SMUGGLING_ROLES: tuple[SmugglingRole, ...] = ("investor", "trader")


@dataclass(frozen=True)
class GroupSpec:
    """One household group.

    Attributes
    ----------
    name : str
        Label, e.g. ``"investors"``.
    population_share : float
        Fraction of households in the group, in ``[0, 1]``; shares of all groups sum to 1.
    median_income_kpw_month : float
        Median monthly household income before the shock, KPW (> 0).
    sigma_log : float
        Standard deviation of log income within the group (>= 0).
    fx_linked_share : float
        Fraction of each household's income linked to foreign currency, in ``[0, 1]``.
    pareto_tail_alpha : float or None
        Pareto type I shape of the top tail (> 1 so the mean is finite); None for none.
    pareto_tail_share : float
        Fraction of the group's households in the Pareto tail, in ``[0, 1)``; must be
        positive when ``pareto_tail_alpha`` is set and 0 otherwise.
    smuggling_role : {"investor", "trader"} or None
        The group's part in the smuggler's margin: ``"investor"`` households (who finance
        the cars) share ``investor_profit_share`` of it, ``"trader"`` households (who run
        them) share the rest; None for none.
    informal_won_share : float
        Fraction of income earned informally and paid in won (market sidelines, services,
        day labour), in ``[0, 1]``; ``ShockSpec.informal_indexed_share`` of it follows
        market prices.
    food_production_share : float
        Value of the food the household grows (sold or eaten), as a fraction of its income,
        in ``[0, 1]``; its won value follows food prices (farmers). With
        ``fx_linked_share`` and ``informal_won_share`` at most 1; the rest of income is
        formal and fixed in won (state wages, rations valued in won).
    food_share : float
        Fraction of spending on food, priced as the staples rice and corn, in ``[0, 1]``.
    rice_share_of_food : float
        Fraction of food spending on rice; the rest on corn, in ``[0, 1]``.
    imported_share_of_nonfood : float
        Fraction of non-food spending on goods imported from China; the rest on domestic,
        non-traded goods and services, in ``[0, 1]``.
    """

    name: str
    population_share: float
    median_income_kpw_month: float
    sigma_log: float
    fx_linked_share: float
    pareto_tail_alpha: float | None = None
    pareto_tail_share: float = 0.0
    smuggling_role: SmugglingRole | None = None
    informal_won_share: float = 0.0
    food_production_share: float = 0.0
    food_share: float = 0.5
    rice_share_of_food: float = 0.5
    imported_share_of_nonfood: float = 0.5

    @property
    def formal_won_share(self) -> float:
        """Fraction of income formal and fixed in won: what the other sources leave (>= 0;
        a shortfall within rounding counts as 0)."""
        rest = 1.0 - self.fx_linked_share - self.informal_won_share - self.food_production_share
        return max(rest, 0.0)

    @property
    def net_benefit_ratio(self) -> float:
        """Deaton's net-benefit ratio: food produced minus food bought, over income.

        ``food_production_share - food_share`` (spending is taken equal to income): the
        first-order real gain, as a fraction of income, per unit of log rise in food prices
        (positive for net sellers of food).
        """
        return self.food_production_share - self.food_share


#: The goods of a household's basket, each with its own pass-through from the rate
PriceComponent = Literal["rice", "corn", "imported", "nontraded"]
PRICE_COMPONENTS: tuple[PriceComponent, ...] = ("rice", "corn", "imported", "nontraded")


@dataclass(frozen=True)
class ShockSpec:
    """The exchange-rate shock, its pass-through into each good's price, and the margin.

    Attributes
    ----------
    rate_before_kpw_per_cny, rate_after_kpw_per_cny : float
        Market exchange rate before and after, KPW per CNY (> 0).
    passthrough_rice, passthrough_corn, passthrough_imported, passthrough_nontraded : float
        Elasticity of each good's won price to the rate (1 = full pass-through; in
        ``[-5, 5]``, negative only as a noisy estimate):
        rice, corn, goods imported from China, domestic non-traded goods and services.
        With ``R = rate_after / rate_before`` a good's price moves by ``R ** b``.
    vehicles_per_year : float
        Smuggled vehicles a year whose margin stays with the city's households (>= 0).
    profit_per_car_cny : float
        The smuggler's margin per vehicle after the shock, CNY (>= 0), already net of the
        trading company's share (the car report's ``profit_per_car_cny``).
    investor_profit_share : float
        Share of that margin going to investor households (who finance the cars), in
        ``[0, 1]``; the rest goes to trader households (who run them). Not the trading
        company's share, which is out of the margin already.
    profit_per_car_before_cny : float
        The smuggler's margin per vehicle before the shock, CNY (>= 0; default 0 = the
        margin is new).
    informal_indexed_share : float
        Fraction of informal won earnings that rise with the city's market price index,
        in ``[0, 1]`` (default 0: fixed in won like a wage).
    """

    rate_before_kpw_per_cny: float
    rate_after_kpw_per_cny: float
    passthrough_rice: float
    passthrough_corn: float
    passthrough_imported: float
    passthrough_nontraded: float
    vehicles_per_year: float
    profit_per_car_cny: float
    investor_profit_share: float
    profit_per_car_before_cny: float = 0.0
    informal_indexed_share: float = 0.0

    @property
    def rate_ratio(self) -> float:
        """``R = rate_after / rate_before`` (dimensionless; > 1 when the won falls)."""
        return self.rate_after_kpw_per_cny / self.rate_before_kpw_per_cny

    def passthrough(self, component: PriceComponent) -> float:
        """The pass-through of one good of the basket (elasticity)."""
        if component not in PRICE_COMPONENTS:
            raise ValueError(f"component must be one of {PRICE_COMPONENTS}, got {component!r}")
        return float(getattr(self, f"passthrough_{component}"))

    def price_factor(self, component: PriceComponent) -> float:
        """A good's won price after over before, ``R ** b`` (dimensionless)."""
        return float(self.rate_ratio ** self.passthrough(component))

    def with_food_passthrough(self, passthrough: float) -> ShockSpec:
        """The same shock with rice and corn both at ``passthrough``."""
        b = float(passthrough)
        return replace(self, passthrough_rice=b, passthrough_corn=b)

    def role_share(self, role: SmugglingRole | None) -> float:
        """The part of the margin a role takes: ``investor_profit_share``, the rest, or 1."""
        if role is None:
            return 1.0
        if role == "investor":
            return self.investor_profit_share
        if role == "trader":
            return 1.0 - self.investor_profit_share
        raise ValueError(f"role must be one of {SMUGGLING_ROLES} or None, got {role!r}")

    def monthly_profit_pool(
        self,
        period: Literal["before", "after"],
        kpw_per_cny: float = 1.0,
        role: SmugglingRole | None = None,
    ) -> float:
        """The smugglers' margin a month in the city, nominal, or one role's part of it.

        ``vehicles_per_year * margin per vehicle * share * kpw_per_cny / 12``, with the
        share ``investor_profit_share`` for ``"investor"``, ``1 - investor_profit_share``
        for ``"trader"`` and 1 for the whole margin (``role=None``).

        Parameters
        ----------
        period : {"before", "after"}
            Which margin per vehicle: ``profit_per_car_before_cny`` or ``profit_per_car_cny``.
        kpw_per_cny : float
            1 for the pool in CNY; the period's market rate for the pool in KPW.
        role : {"investor", "trader"} or None
            Whose part; None for the whole margin.

        Returns
        -------
        float
            CNY (or KPW) per month for the whole city.
        """
        profit = self.profit_per_car_before_cny if period == "before" else self.profit_per_car_cny
        return self.vehicles_per_year * profit * self.role_share(role) * kpw_per_cny / 12.0

    @property
    def pays_profit(self) -> bool:
        """Whether any household earns a smuggling margin after the shock."""
        return self.monthly_profit_pool("after") > 0


@dataclass(frozen=True, eq=False)  # holds arrays: compare fields explicitly
class Population:
    """A simulated population (arrays are read-only).

    Attributes
    ----------
    groups : tuple of GroupSpec
        The groups, in the order of ``group_index``.
    group_index : ndarray of int64, shape (n,)
        Index into ``groups`` for each household.
    income_won_fixed_kpw : ndarray of float64, shape (n,)
        Monthly formal income fixed in won (state wages, rations), KPW at before-prices.
    income_fx_linked_kpw : ndarray of float64, shape (n,)
        Monthly income linked to foreign currency, KPW at the before-rate.
    income_informal_won_kpw : ndarray of float64, shape (n,)
        Monthly informal earnings paid in won, KPW at before-prices.
    income_food_production_kpw : ndarray of float64, shape (n,)
        Monthly value of the food the household grows, KPW at before-prices.
    households_represented : float
        Real households the population stands for (scales the smuggling profit pool).
    """

    groups: tuple[GroupSpec, ...]
    group_index: IntArray
    income_won_fixed_kpw: FloatArray
    income_fx_linked_kpw: FloatArray
    income_informal_won_kpw: FloatArray
    income_food_production_kpw: FloatArray
    households_represented: float

    @property
    def n_households(self) -> int:
        """Number of simulated households."""
        return int(self.group_index.size)

    @property
    def group_names(self) -> tuple[str, ...]:
        """Group labels, in index order."""
        return tuple(g.name for g in self.groups)

    @property
    def labels(self) -> NDArray[np.str_]:
        """Group label of each household, shape (n,)."""
        return np.asarray(self.group_names)[self.group_index]

    @property
    def income_total_kpw(self) -> FloatArray:
        """Monthly income before the shock, KPW."""
        out: FloatArray = (
            self.income_won_fixed_kpw
            + self.income_fx_linked_kpw
            + self.income_informal_won_kpw
            + self.income_food_production_kpw
        )
        return out

    @property
    def fx_linked_share_of_income(self) -> float:
        """Fraction of all income before the shock that is linked to foreign currency."""
        return float(np.sum(self.income_fx_linked_kpw) / np.sum(self.income_total_kpw))

    @property
    def informal_share_mean(self) -> float:
        """Mean over households of the informal share of income (yuan-linked plus informal
        won earnings), as a survey of households would average it."""
        shares = np.array([g.fx_linked_share + g.informal_won_share for g in self.groups])
        return float(np.mean(shares[self.group_index]))


@dataclass(frozen=True)
class City:
    """Everything one city's run needs: its groups, its shock and the simulation's size.

    Field names are those of the report's parameters.

    Attributes
    ----------
    name : str
        Shown to readers, e.g. ``"Hyesan"``.
    groups : tuple of GroupSpec
        The household groups (shares sum to 1).
    shock : ShockSpec
        The exchange-rate shock and the smuggling profit.
    n_households : int
        Simulated households (>= 1).
    seed : int
        Seed of the simulation.
    households_represented : float
        Real households the simulated ones stand for (> 0).
    """

    name: str
    groups: tuple[GroupSpec, ...]
    shock: ShockSpec
    n_households: int
    seed: int
    households_represented: float


@dataclass(frozen=True)
class Cities:
    """The border city and the capital it is compared with."""

    hyesan: City
    pyongyang: City


# --------------------------------------------------------------------------- validation


def check_range(
    value: float,
    field: str,
    low: float,
    high: float = math.inf,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> None:
    """Raise ValueError naming ``field`` unless ``value`` is a finite number in range."""
    if not isinstance(value, (int, float, np.integer, np.floating)) or isinstance(value, bool):
        raise ValueError(f"{field} must be a number, got {value!r}")
    v = float(value)
    ok = math.isfinite(v)
    ok = ok and (v > low if low_open else v >= low)
    ok = ok and (v < high if high_open else v <= high)
    if not ok:
        lb = "(" if low_open else "["
        rb = ")" if high_open else "]"
        raise ValueError(f"{field} must be finite and in {lb}{low}, {high}{rb}, got {value!r}")


def validate_groups(groups: Sequence[GroupSpec]) -> tuple[GroupSpec, ...]:
    """The groups as a tuple, after checking every field and that the shares sum to 1."""
    gs = tuple(groups)
    if not gs:
        raise ValueError("groups is empty")
    names = [g.name for g in gs]
    if len(set(names)) != len(names):
        raise ValueError(f"groups: duplicate group names {names}")
    for g in gs:
        p = f"groups[{g.name!r}]."
        check_range(g.population_share, p + "population_share", 0.0, 1.0)
        check_range(g.median_income_kpw_month, p + "median_income_kpw_month", 0.0, low_open=True)
        check_range(g.sigma_log, p + "sigma_log", 0.0, 10.0)
        for share in (
            "fx_linked_share",
            "informal_won_share",
            "food_production_share",
            "food_share",
            "rice_share_of_food",
            "imported_share_of_nonfood",
        ):
            check_range(getattr(g, share), p + share, 0.0, 1.0)
        sources = g.fx_linked_share + g.informal_won_share + g.food_production_share
        if sources > 1.0 + 1e-12:
            raise ValueError(
                f"{p}fx_linked_share + informal_won_share + food_production_share must be at "
                f"most 1, got {sources!r}"
            )
        check_range(g.pareto_tail_share, p + "pareto_tail_share", 0.0, 1.0, high_open=True)
        if g.smuggling_role is not None and g.smuggling_role not in SMUGGLING_ROLES:
            raise ValueError(
                f"{p}smuggling_role must be one of {SMUGGLING_ROLES} or None, "
                f"got {g.smuggling_role!r}"
            )
        if g.pareto_tail_alpha is None:
            if g.pareto_tail_share != 0.0:
                raise ValueError(
                    f"{p}pareto_tail_share is {g.pareto_tail_share} but pareto_tail_alpha "
                    "is None; set both or neither"
                )
        else:
            check_range(g.pareto_tail_alpha, p + "pareto_tail_alpha", 1.0, low_open=True)
            if g.pareto_tail_share <= 0.0:
                raise ValueError(f"{p}pareto_tail_share must be > 0 when pareto_tail_alpha is set")
    total = math.fsum(g.population_share for g in gs)
    if abs(total - 1.0) > 1e-9:
        raise ValueError(f"population_share of the groups must sum to 1, got {total!r}")
    return gs


def validate_shock(shock: ShockSpec) -> None:
    """Raise ValueError naming the first out-of-range field of ``shock``."""
    check_range(shock.rate_before_kpw_per_cny, "rate_before_kpw_per_cny", 0.0, low_open=True)
    check_range(shock.rate_after_kpw_per_cny, "rate_after_kpw_per_cny", 0.0, low_open=True)
    for component in PRICE_COMPONENTS:
        # an upstream estimate may be negative (prices falling as the won falls): allowed
        check_range(shock.passthrough(component), f"passthrough_{component}", -5.0, 5.0)
    check_range(shock.informal_indexed_share, "informal_indexed_share", 0.0, 1.0)
    check_range(shock.vehicles_per_year, "vehicles_per_year", 0.0)
    check_range(shock.profit_per_car_cny, "profit_per_car_cny", 0.0)
    check_range(shock.investor_profit_share, "investor_profit_share", 0.0, 1.0)
    check_range(shock.profit_per_car_before_cny, "profit_per_car_before_cny", 0.0)
