"""Early results: readers start on a running report's recorded results, checked at its end.

The worker's side (``early_results.cell_hook``) is checked on cells and on a real kernel;
the scheduler's side with the fake phases of test_build_scheduler.py: a reader starts while
its source runs, reads the forecast, and is published only if the source's results.json
confirms it (else it runs again; a failed source's reader is never published).
"""

import io
import json
import threading
from pathlib import Path
from typing import Any

import nbformat
import pytest

from hyesan_analysis.reporting.authoring import results
from hyesan_analysis.reporting.engine import build, requests, runner, scheduler, store
from hyesan_analysis.reporting.engine.early_results import cell_hook, read_forecast
from tests.test_build_scheduler import BRIEF, FakePhases, run

pytestmark = pytest.mark.usefixtures("fixture_reports")
REQUIRED = {"revenue_cny": "CNY", "waku_cny": "CNY per vehicle"}


def result_cell(*recorded: tuple[str, float, str]) -> Any:
    outputs = [
        nbformat.v4.new_output(
            "display_data", data={results.RESULT_MIME: results.result_payload(n, v, u, "")}
        )
        for n, v, u in recorded
    ]
    return nbformat.v4.new_code_cell("", outputs=outputs)


def test_the_forecast_is_written_once_every_declared_result_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "early.json"
    hook = cell_hook("tiny_sales", "default", REQUIRED, path)
    hook(cell=result_cell(("revenue_cny", 300.0, "CNY")), cell_index=0)
    assert read_forecast(path) is None, "one declared result is still missing"
    hook(cell=result_cell(), cell_index=1)
    assert read_forecast(path) is None
    hook(cell=result_cell(("waku_cny", 5.0, "CNY per vehicle")), cell_index=2)
    cells = [
        result_cell(("revenue_cny", 300.0, "CNY")),
        result_cell(("waku_cny", 5.0, "CNY per vehicle")),
    ]
    expected = results.results_document(
        "tiny_sales", "default", results.extract_results(nbformat.v4.new_notebook(cells=cells))
    )
    assert read_forecast(path) == expected
    # a later recording does not rewrite it: the run's end decides whether it held
    hook(cell=result_cell(("revenue_cny", 1.0, "CNY")), cell_index=3)
    assert read_forecast(path) == expected


def test_no_forecast_while_a_declared_result_is_not_a_finite_number(tmp_path: Path) -> None:
    path = tmp_path / "early.json"
    hook = cell_hook("tiny_sales", "default", REQUIRED, path)
    hook(cell=result_cell(("revenue_cny", 300.0, "CNY"), ("waku_cny", 5.0, "CNY")), cell_index=0)
    assert read_forecast(path) is None, "a declared result in the wrong unit"


@pytest.mark.notebook
def test_a_real_run_forecasts_exactly_its_results_json(tmp_path: Path) -> None:
    path = tmp_path / "early.json"
    request = requests.default_requests(["tiny_sales"])[0]
    done = runner.execute_phase(request, tmp_path / "reports", early_results=path)
    assert isinstance(done, runner.Executed)
    assert read_forecast(path) == done.results_document
    assert json.loads(done.results_document)["results"]["revenue_cny"]["value"] == 300.0
    runner.discard(done)


class ForecastingPhases(FakePhases):
    """tiny_sales writes ``forecast`` as its early results, then waits (up to 10 s) for the
    brief to execute before it ends with ``final`` (or fails, with ``fail``)."""

    def __init__(
        self, forecast: str, final: str, fail: bool = False, brief_fails_on: str = "", **kw: Any
    ) -> None:
        super().__init__(**kw)
        self.forecast, self.final, self.fail = forecast, final, fail
        self.brief_fails_on = brief_fails_on  # the brief fails when it reads this
        self.brief_checks: list[Any] = []
        self.brief_started_on_forecast = False

    def check_cache(self, request: Any, root: Path, pdf: bool = True, pending: Any = None):
        if request.report == BRIEF:
            self.brief_checks.append(pending)
        return super().check_cache(request, root, pdf, pending)

    def execute_phase(self, request: Any, root: Path, force: bool, pdf: bool, **kw: Any):
        read = (kw.get("pending_upstream") or {}).get("tiny_sales")
        if request.report == BRIEF and self.brief_fails_on and read == self.brief_fails_on:
            super().execute_phase(request, root, force, pdf, **kw)  # logged, then fails
            return runner.RunOutcome(BRIEF, request.scenario, "failed", root, message="cell 2")
        if request.report != "tiny_sales":
            return super().execute_phase(request, root, force, pdf, **kw)
        self.log("execute", request.report)
        assert kw.get("early_results"), "a run others read is asked for early results"
        # atomically, as the worker does (cell_hook): the scheduler polls for the file
        store.write_atomic(Path(kw["early_results"]), self.forecast)
        if BRIEF not in self.fresh:
            self.brief_started_on_forecast = self.brief_executed.wait(timeout=10)
        else:
            threading.Event().wait(0.3)  # time for the brief's check on the forecast
        if self.fail:
            return runner.RunOutcome(
                request.report, request.scenario, "failed", root, message="cell 3 raised"
            )
        done = super().execute_phase(request, root, force, pdf, **kw)
        done.results_document = self.final
        return done


def test_a_reader_starts_on_the_forecast_and_is_published_when_it_holds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = ForecastingPhases("sales v1", "sales v1")
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert fakes.brief_started_on_forecast, "the brief ran while tiny_sales was still running"
    assert fakes.pending[BRIEF]["tiny_sales"] == "sales v1", "it read the forecast"
    # tiny_costs is read from here if it is not yet published, else from the store: which
    # comes first is the scheduler's timing, not the forecast's business
    assert fakes.pending[BRIEF].get("tiny_costs") in {None, "results of tiny_costs"}
    assert {o.status for o in outcomes.values()} == {"ok"}
    assert fakes.events.count(("execute", BRIEF)) == 1
    published = [r for kind, r in fakes.events if kind == "publish"]
    assert published[-1] == BRIEF, "still published after its sources"


def test_a_reader_of_a_forecast_the_run_did_not_confirm_runs_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = ForecastingPhases("sales v1", "sales v2")
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert fakes.brief_started_on_forecast
    assert fakes.events.count(("execute", BRIEF)) == 2
    assert ("discard", BRIEF) in fakes.events, "the run on the forecast is thrown away"
    assert fakes.pending[BRIEF]["tiny_sales"] == "sales v2", "the second run reads the results"
    assert outcomes[BRIEF].status == "ok"
    assert fakes.events.count(("publish", BRIEF)) == 1


def test_a_reader_of_a_run_that_fails_after_its_forecast_is_not_published(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = ForecastingPhases("sales v1", "unused", fail=True)
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert fakes.brief_started_on_forecast
    assert outcomes["tiny_sales"].status == "failed"
    assert outcomes[BRIEF].status == "failed"
    assert "not published" in outcomes[BRIEF].message
    assert "tiny_sales/default" in outcomes[BRIEF].message
    assert ("publish", BRIEF) not in fakes.events
    assert outcomes["tiny_costs"].status == "ok"


def test_up_to_date_on_a_forecast_is_checked_again_on_the_results(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = ForecastingPhases("sales v1", "sales v1", fresh={BRIEF})
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert outcomes[BRIEF].status == "up to date"
    assert ("execute", BRIEF) not in fakes.events
    # its last check read tiny_sales's results.json, not the forecast alone
    assert fakes.brief_checks[-1]["tiny_sales"] == "sales v1"
    assert outcomes["tiny_sales"].status == "ok"


def test_only_a_run_others_read_is_asked_for_a_forecast_and_the_switch_turns_it_off(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    batch = requests.default_requests(["tiny_sales", "tiny_costs", BRIEF])
    sched = scheduler.Scheduler(
        batch, tmp_path, False, True, 2, build.Progress(3, stream=io.StringIO())
    )
    index = {r.report: j for j, r in enumerate(batch)}
    target = sched.forecast_target(index["tiny_sales"])
    assert target is not None and Path(target).parent.is_dir()
    assert sched.forecast_target(index[BRIEF]) is None, "nobody reads the brief"
    monkeypatch.setenv("HYESAN_EARLY_RESULTS", "0")
    assert sched.forecast_target(index["tiny_costs"]) is None
    sched.abandon()
    assert not Path(target).parent.exists(), "the forecasts' folder goes with the build"


@pytest.mark.parametrize("final", ["sales v1", "sales v2"])
def test_a_reader_that_fails_on_a_forecast_fails_only_if_the_forecast_holds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, final: str
) -> None:
    fakes = ForecastingPhases("sales v1", final, brief_fails_on="sales v1")
    stream = io.StringIO()
    outcomes = run(fakes, monkeypatch, tmp_path, stream=stream)
    assert fakes.brief_started_on_forecast
    finished = [line for line in stream.getvalue().splitlines() if line.startswith("[")]
    assert len(finished) == 3, f"each report finishes once: {finished}"
    if final == "sales v1":  # what it read was right: its failure is the answer
        assert outcomes[BRIEF].status == "failed" and outcomes[BRIEF].message == "cell 2"
        assert fakes.events.count(("execute", BRIEF)) == 1
    else:  # it failed on a wrong forecast: run again on the results, which succeeds
        assert outcomes[BRIEF].status == "ok"
        assert fakes.events.count(("execute", BRIEF)) == 2
        assert fakes.pending[BRIEF]["tiny_sales"] == "sales v2"
