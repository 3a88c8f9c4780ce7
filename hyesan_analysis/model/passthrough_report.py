"""Every pass-through figure a report shows, computed once: the preferred fit, corn beside it,
the specification table and its range, the leave-one-out influence and the quoted window."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hyesan_analysis.model.passthrough_headline import (
    ChangeSettings,
    PreferredFit,
    QuotedWindow,
    all_changes,
    corn_fit,
    in_scope,
    preferred_fit,
    quoted_window,
)
from hyesan_analysis.model.passthrough_specs import (
    SpecRow,
    leave_one_out,
    spec_range,
    specification_table,
    standard_specifications,
)

__all__ = ["PassthroughReport", "passthrough_report"]


@dataclass(frozen=True)
class PassthroughReport:
    """The pass-through figures of one run.

    Attributes
    ----------
    rice : PreferredFit
        Rice under the preferred specification (the headline).
    corn : PreferredFit
        Corn under the same specification (pooled or on the other rate when it must be).
    table : list of SpecRow
        The specification table (rice on the headline rate first, then the other rate and
        corn), over the preferred fit's scope (its city, or every city).
    spec_min, spec_max : float
        Range of the rice elasticities on the headline rate across the table.
    influence : DataFrame
        Leave-one-out refits of the preferred specification
        (:func:`~hyesan_analysis.model.passthrough_specs.leave_one_out`).
    window : QuotedWindow or None
        The focus city's rate and rice changes over the same dates, for the text.
    changes : dict
        Every log change, keyed ``(price, rate)``.
    """

    rice: PreferredFit
    corn: PreferredFit
    table: list[SpecRow]
    spec_min: float
    spec_max: float
    influence: pd.DataFrame = field(repr=False)
    window: QuotedWindow | None
    changes: dict[tuple[str, str], pd.DataFrame] = field(repr=False)

    @property
    def influential(self) -> pd.Series | None:
        """The leave-one-out row that moves the estimate most (None when none refits)."""
        fitted = self.influence.dropna(subset=["shift"])
        if fitted.empty:
            return None
        return fitted.iloc[int(np.argmax(fitted["shift"].abs().to_numpy()))]


def passthrough_report(
    market: pd.DataFrame, settings: ChangeSettings, city: str, focus: str, filters: str = ""
) -> PassthroughReport:
    """Fit everything the report shows.

    Parameters
    ----------
    market : DataFrame
        Market frame of every city the pooled fits may use.
    settings : ChangeSettings
    city : str
        ``'all'`` or the city of the preferred fit.
    focus : str
        The city whose rate and rice changes the text quotes.
    filters : str, optional
        The data filters in words, for error messages.

    Raises
    ------
    InsufficientDataError
        The preferred rice fit is impossible (see
        :func:`~hyesan_analysis.model.passthrough_headline.preferred_fit`) or corn cannot be
        fitted on either rate.
    """
    changes = all_changes(market, settings)
    rice = preferred_fit(changes, settings, city, filters=filters)
    corn = corn_fit(changes, settings, city)
    scoped = in_scope(changes, rice.scope)
    specs = standard_specifications(scoped, settings.rate_series, settings.other_rate_series)
    table = specification_table(scoped, specs, settings.min_changes)
    low, high = spec_range(table)
    influence = leave_one_out(rice.changes, min_changes=settings.min_changes)
    window = quoted_window(market, focus, settings.rate_series, settings.other_rate_series)
    return PassthroughReport(rice, corn, table, low, high, influence, window, changes)
