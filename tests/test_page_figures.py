"""Numbered figures and tables: captions, anchors, alt text from the data, CSV files, references.

rn.figure and rn.table run here in-process (display captured), without a kernel.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

from hyesan_analysis import viz
from hyesan_analysis.reporting.authoring import notebook as rn
from hyesan_analysis.reporting.rendering import export

matplotlib.use("Agg")
import matplotlib.pyplot as plt


@pytest.fixture
def shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the notebook displays (HTML strings), in a report folder ``tmp_path``."""
    out: list[str] = []
    monkeypatch.setattr("IPython.display.display", lambda obj, **kw: out.append(obj.data))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setitem(rn._current, "numbered", {"figure": [], "table": []})
    monkeypatch.setitem(rn._current, "data_dir", rn.DATA_DIR)
    viz.set_theme()
    yield out
    plt.close("all")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def alt_of(html: str) -> str:
    match = re.search(r'alt="([^"]*)"', html)
    assert match, html[:200]
    return match[1]


def line_chart() -> object:
    fig, ax = viz.figure()
    years = np.arange(2019, 2025)
    ax.plot(years, [100.0, 120, 90, 150, 140, 160], label="rice")
    ax.plot(years, [50.0, 40, 45, 60, 70, 65], label="maize")
    ax.axhline(0, color="black")  # a reference line, not data
    ax.set_xlabel("year")
    ax.set_ylabel("price (KPW per kg)")
    ax.legend()
    ax.set_title("Market prices by year")
    return fig


def test_a_figure_is_numbered_captioned_described_and_its_data_written(
    shown: list[str], tmp_path: Path
) -> None:
    rn.figure(line_chart(), name="prices")
    fig, ax = viz.figure()
    viz.waterfall(ax, ["sale", "waku"], [70000.0, -15000.0], "net", "CNY per vehicle")
    rn.figure(fig, "From the sale price to the margin", name="waterfall")
    first, second = shown
    assert '<figure class="report-figure" id="fig-prices"' in first
    assert '<span class="label">Figure 1.</span> Market prices by year' in first, "title -> caption"
    assert '<span class="label">Figure 2.</span> From the sale price to the margin' in second
    assert 'href="data/figure-1-prices.csv"' in first
    assert plt.get_fignums() == [], "rn.figure closes the figure"

    alt = alt_of(first)
    assert "No description" not in alt
    assert alt.startswith("Line chart of price (KPW per kg) against year, 2 series.")
    assert "rice: from 100 at 2019 to 160 at 2024, lowest 90 at 2021." in alt
    assert "maize: from 50 at 2019 to 65 at 2024, lowest 40 at 2020, highest 70 at 2023." in alt
    assert "Bars: sale 70,000; waku 15,000; net 55,000." in alt_of(second)

    rows = read_csv(tmp_path / "data" / "figure-1-prices.csv")
    assert len(rows) == 12, "both series, six years each; the zero line left out"
    assert rows[0] == {"kind": "line", "series": "rice", "x": "2019", "y": "100.0"}
    bars = read_csv(tmp_path / "data" / "figure-2-waterfall.csv")
    assert [(b["x"], b["y"], b["bottom"]) for b in bars] == [
        ("sale", "70000.0", "0.0"),
        ("waku", "70000.0", "55000.0"),
        ("net", "55000.0", "0.0"),
    ]


def test_the_title_leaves_the_image_and_panel_titles_stay() -> None:
    fig = line_chart()
    fig.suptitle("Two prices")
    assert viz.take_title(fig) == "Two prices"
    assert fig.get_axes()[0].get_title() == "", "a one-panel chart's title goes to the caption"
    fig, (left, right) = viz.figure(ncols=2)
    left.set_title("Hyesan")
    right.set_title("Pyongyang")
    assert viz.take_title(fig) == ""
    assert [a.get_title() for a in fig.get_axes()] == ["Hyesan", "Pyongyang"]


def test_given_data_and_alt_are_used(shown: list[str], tmp_path: Path) -> None:
    fig, ax = viz.figure()
    ax.imshow([[1, 2], [3, 4]])
    data = pd.DataFrame({"waku_cny": [10000, 15000], "margin_cny": [20500.0, 15500.0]})
    rn.figure(fig, "Margin by waku", name="heat", data=data)
    assert "margin_cny from 15,500 to 20,500" in alt_of(shown[0]), "described by its data"
    assert read_csv(tmp_path / "data" / "figure-1-heat.csv")[0] == {
        "waku_cny": "10000",
        "margin_cny": "20500.0",
    }
    fig, _ = viz.figure()
    rn.figure(fig, "Empty", alt='Says "what" & more')
    assert 'alt="Says &quot;what&quot; &amp; more"' in shown[1]


def test_scatter_and_histogram_are_described(shown: list[str]) -> None:
    fig, (left, right) = viz.figure(ncols=2)
    left.scatter([1.0, 2.0, 3.0], [0.2, 0.5, 0.4])
    left.set_xlabel("won per CNY (log)")
    left.set_ylabel("rice price change (%)")
    left.set_title("Fit")
    right.hist(np.linspace(0, 1, 50), bins=20)
    right.set_xlabel("annual return (fraction)")
    right.set_title("Returns")
    rn.figure(fig, "Two panels")
    alt = alt_of(shown[0])
    assert "Fit: Scatter plot of rice price change (%) against won per CNY (log), 3 points." in alt
    assert "Returns: Histogram of annual return (fraction), 20 bins from" in alt


def test_tables_are_numbered_anchored_scrollable_and_written(
    shown: list[str], tmp_path: Path
) -> None:
    rn.figure(line_chart(), name="prices")
    rows = [{"route": '<a href="x.html">state-led</a>', "return": 0.23}]
    rn.table(rows, caption="Returns by route", html_cells=("route",), name="returns")
    rn.table([{"a": 1}])
    html = shown[1]
    assert html.startswith(
        '<div class="table-scroll" role="region" tabindex="0" aria-label="Table 1. Returns by route">'
    )
    assert 'id="table-returns"' in html
    assert '<caption><span class="label">Table 1.</span> Returns by route' in html
    assert read_csv(tmp_path / "data" / "table-1-returns.csv") == [
        {"route": "state-led", "return": "0.23"}
    ]
    assert '<span class="label">Table 2.</span>' in shown[2]
    assert (tmp_path / "data" / "table-2-table-2.csv").is_file()
    assert sorted(os.listdir(tmp_path / "data")) == [
        "figure-1-prices.csv",
        "table-1-returns.csv",
        "table-2-table-2.csv",
    ]


def test_names_are_checked_and_made_unique(shown: list[str]) -> None:
    with pytest.raises(ValueError, match="figure name 'Bad Name'"):
        rn.figure(line_chart(), name="Bad Name")
    rn.table([{"a": 1}], caption="Same words")
    rn.table([{"a": 1}], caption="Same words")
    assert 'id="table-same-words-2"' in shown[-1]


def test_without_the_engine_no_file_is_written(
    shown: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(rn._current, "data_dir", None)
    rn.figure(line_chart(), name="prices")
    assert "data-link" not in shown[0]
    assert not (tmp_path / "data").exists()


def test_references_become_links_and_unknown_ones_fail() -> None:
    body = (
        '<figure class="report-figure" id="fig-prices" data-ref="prices" data-number="2" '
        'data-kind="figure"></figure><table class="report-table" id="table-pnl" '
        'data-ref="pnl" data-number="1" data-kind="table"></table>'
        f"<p>See {{fig:prices}}, {{table:pnl}} and {rn.ref('prices')}.</p>"
    )
    out = export.resolve_references(body)
    assert (
        '<p>See <a class="xref" href="#fig-prices">Figure 2</a>, '
        '<a class="xref" href="#table-pnl">Table 1</a> and '
        '<a class="xref" href="#fig-prices">Figure 2</a>.</p>'
    ) in out
    with pytest.raises(export.UnknownReference, match=r"\{fig:pnl\}, but no figure is named"):
        export.resolve_references(body + "{fig:pnl}")
    with pytest.raises(export.UnknownReference, match="named: pnl, prices"):
        export.resolve_references(body + "{ref:nothing}")


def test_numbers_read_as_the_axes_show_them_and_spans_and_level_lines_are_named(
    shown: list[str],
) -> None:
    fig, ax = viz.figure()
    ax.plot([0.0, 0.5, 1.0], [0.52, 0.1, -0.3], label="state-led")
    ax.axvspan(0.6, 1.2, alpha=0.1, label="sourced credit range")
    ax.axhline(0.2, label="hurdle")
    ax.axvline(0.6, color="black")  # unlabelled: a drawing aid, left out
    viz.percent(ax.xaxis)
    viz.percent(ax.yaxis)
    ax.set_xlabel("interest rate (% per year)")
    ax.set_ylabel("return (% per year)")
    rn.figure(fig, "Returns", name="returns")
    alt = alt_of(shown[0])
    assert "state-led: from 52% at 0% to -30% at 100%." in alt
    assert "sourced credit range: a shaded range from 60% to 120%." in alt
    assert "hurdle: a level line at 20%." in alt


def test_a_histogram_is_told_from_a_bar_chart_of_numbered_groups(shown: list[str]) -> None:
    fig, (left, right) = viz.figure(ncols=2)
    left.hist(np.arange(100.0), bins=10)
    left.set_xlabel("return (%)")
    left.set_title("Draws")
    right.bar(np.arange(1, 11), np.linspace(-0.4, 0.1, 10), width=0.8)
    right.set_xlabel("decile")
    right.set_ylabel("change (%)")
    right.set_title("Deciles")
    rn.figure(fig, "Two")
    alt = alt_of(shown[0])
    assert "Draws: Histogram of return (%), 10 bins from 0 to 99; the tallest (10)" in alt
    assert "Deciles: Bar chart of change (%) by decile, 10 bars: smallest -0.4 (1)" in alt


def test_a_heat_map_is_read_cell_by_cell_with_its_printed_values(
    shown: list[str], tmp_path: Path
) -> None:
    import seaborn as sns

    fig, ax = viz.figure()
    table = pd.DataFrame([[1.0, 0.8], [31, 24]], index=["capacity", "days"], columns=["Jan", "Mar"])
    sns.heatmap(table, annot=True, fmt="g", ax=ax, cbar=False)
    ax.set_xlabel("month")
    rn.figure(fig, "Calendar", name="calendar")
    assert (
        "Heat map, 2 rows by 2 columns of month (Jan to Mar). capacity: Jan 1, Mar 0.8. "
        "days: Jan 31, Mar 24."
    ) in alt_of(shown[0])
    cells = read_csv(tmp_path / "data" / "figure-1-calendar.csv")
    assert cells[1] == {"kind": "cell", "x": "Mar", "y": "capacity", "value": "0.8"}


def test_unlabelled_lines_are_named_from_the_legend_by_colour_and_marker(
    shown: list[str],
) -> None:
    from matplotlib.lines import Line2D

    fig, ax = viz.figure()
    ax.plot([1, 2], [10.0, 20.0], color="tab:blue", marker="o")
    ax.plot([1, 2], [10.0, 20.0], color="tab:blue", marker="o")  # drawn twice: once
    ax.plot([1, 2], [5.0, 6.0], color="tab:red", marker="s")
    handles = [
        Line2D([], [], color="tab:blue", label="Hyesan"),
        Line2D([], [], color="tab:red", label="Pyongyang"),
        Line2D([], [], color="grey", marker="o", label="Daily NK"),
        Line2D([], [], color="grey", marker="s", label="Asia Press"),
    ]
    fig.legend(handles=handles)
    ax.set_ylabel("price (KPW)")
    rn.figure(fig, "Prices")
    alt = alt_of(shown[0])
    assert "2 series. Hyesan, Daily NK: from 10 at 1 to 20 at 2." in alt
    assert "Pyongyang, Asia Press: from 5 at 1 to 6 at 2." in alt
    assert "Legend: Hyesan, Pyongyang, Daily NK, Asia Press." in alt


def test_every_reference_in_a_notebook_names_a_figure_or_table_of_that_notebook() -> None:
    """A reference to a missing name would stop the page at render time: catch it here."""
    notebooks = sorted(Path(__file__).resolve().parents[1].glob("notebooks/*.py"))
    assert notebooks
    for path in notebooks:
        source = path.read_text(encoding="utf-8")
        named = set(re.findall(r"\bname=\"([a-z0-9][a-z0-9_-]*)\"", source))
        named |= {"parameters", "sources"}  # rn.parameters_table(), rn.sources_table()
        refs = set(re.findall(r"\{(?:fig|table|ref):([a-z0-9][a-z0-9_-]*)\}", source))
        refs |= set(re.findall(r"rn\.ref\(\"([^\"]+)\"\)", source))
        assert refs <= named, f"{path.name}: no figure or table named {sorted(refs - named)}"


def test_references_resolve_through_nbconvert_and_print_drops_the_screen_parts(
    shown: list[str],
) -> None:
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    rn.figure(line_chart(), name="prices")
    rn.table([{"a": 1}], caption="P&L", name="pnl")
    cells = [new_markdown_cell("## Prices\n\nSee {fig:prices} and {table:pnl}.")]
    for html in shown:
        cell = new_code_cell("rn.figure(...)")
        cell.outputs = [new_output("display_data", data={"text/html": html})]
        cells.append(cell)
    body = export.cells_html(nbformat.from_dict(new_notebook(cells=cells)))
    assert 'See <a class="xref" href="#fig-prices">Figure 1</a> and ' in body
    assert '<a class="xref" href="#table-pnl">Table 1</a>.' in body
    assert 'id="fig-prices"' in body and 'id="table-pnl"' in body
    printed = export.for_print(body)
    assert "table-scroll" not in printed and "data-link" not in printed
    assert printed.count("<table") == body.count("<table") == 1


@pytest.mark.parametrize("size_in", [(6.8, 3.6), (3.3, 2.7), (6.8, 7.25)])
def test_a_chart_is_an_rgb_png_at_the_page_resolution_as_a_saved_png_would_give(
    size_in: tuple[float, float],
) -> None:
    """The raw-pixel route gives the bytes of the slower one: save a PNG, drop its alpha."""
    import io

    from PIL import Image

    from hyesan_analysis.reporting.authoring import notebook_html

    viz.set_theme()
    fig, ax = plt.subplots(figsize=size_in, layout="constrained")
    ax.plot([0, 1, 2], [3.0, 1.0, 2.0], label="rice")
    ax.legend()
    dpi = notebook_html.FIGURE_DPI
    saved = io.BytesIO()
    fig.savefig(saved, format="png", dpi=dpi)
    saved.seek(0)
    expected = io.BytesIO()
    with Image.open(saved) as image:
        image.convert("RGB").save(expected, format="PNG")
    written = io.BytesIO()
    notebook_html._png_without_alpha(fig, written)
    plt.close(fig)
    with Image.open(io.BytesIO(written.getvalue())) as image:
        assert image.mode == "RGB"
        assert image.size == (round(size_in[0] * dpi), round(size_in[1] * dpi))
    assert written.getvalue() == expected.getvalue()


def test_a_chart_is_read_once_for_its_data_file_and_its_alt_text(shown: list[str]) -> None:
    fig, (left, right) = viz.figure(ncols=2, sharey=True)
    for ax, shift in ((left, 0.0), (right, 1.0)):
        ax.barh(["waku", "sale price", "interest"], [1.0 + shift, -2.0, 0.5])
        ax.set_xlabel("net profit change (CNY)")
    left.set_title("Low end")
    right.set_title("High end")
    full = viz.figure_data(fig, drop_empty=False)
    # the trimmed frame is the full one without its empty columns, and reading is repeatable
    pd.testing.assert_frame_equal(viz.figure_data(fig), viz.drop_empty_columns(full))
    pd.testing.assert_frame_equal(viz.figure_data(fig, drop_empty=False), full)
    # the right panel has no tick labels of its own: it takes the shared axis's categories
    right_rows = full[full["panel"] == "High end"]
    assert sorted(right_rows["y"]) == ["interest", "sale price", "waku"]
    assert viz.describe_figure(fig, frame=full) == viz.describe_figure(fig)
    rn.figure(fig, "Both ends", name="ends")
    assert "Low end" in alt_of(shown[0]) and "High end" in alt_of(shown[0])
