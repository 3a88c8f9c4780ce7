"""The build's scheduler (execute, render, publish) with fake phases on threads.

The real phases start kernels; here they are replaced by functions that record what ran,
so the order of the phases and the failure rules can be checked exactly. The batch is the
fixture reports: tiny_brief reads tiny_sales and tiny_costs, as the summary reads the real
reports.
"""

import io
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest

from hyesan_analysis.reporting.authoring.schema import ParameterError
from hyesan_analysis.reporting.engine import build, requests, runner, scheduler
from tests.fixtures import ALL, SOURCES

pytestmark = pytest.mark.usefixtures("fixture_reports")
BRIEF = "tiny_brief"


class FakePhases:
    """Executions are instant; renders take ``render_s`` (a PDF is the slow part)."""

    def __init__(
        self, fail_render: str | None = None, fresh: set[str] = frozenset(), render_s: float = 0.0
    ) -> None:
        self.fail_render = fail_render
        self.fresh = fresh  # reports whose cache check says "up to date"
        self.render_s = render_s
        self.events: list[tuple[str, str]] = []
        self.pending: dict[str, dict[str, str] | None] = {}
        self.lock = threading.Lock()
        self.brief_executed = threading.Event()

    def log(self, kind: str, report: str) -> None:
        with self.lock:
            self.events.append((kind, report))

    def check_cache(self, request: Any, root: Path, pdf: bool = True, pending: Any = None):
        if request.report in self.fresh:
            return {}, []
        return {}, ["no previous report"]

    def execute_phase(self, request: Any, root: Path, force: bool, pdf: bool, **kw: Any):
        self.log("execute", request.report)
        self.pending[request.report] = kw.get("pending_upstream")
        if request.report == BRIEF:
            self.brief_executed.set()
        return runner.Executed(
            request=request,
            root=root,
            work=root / request.report / "work",
            reasons=["no previous report"],
            results={},
            results_document=f"results of {request.report}",
            inputs={},
            cache_key="k",
            commit=None,
            started="now",
            timings={"execute": 0.0},
            elapsed_s=0.0,
        )

    def render(self, done: runner.Executed, pdf: bool = True) -> runner.Executed:
        self.log("render", done.request.report)
        time.sleep(self.render_s)
        if done.request.report == self.fail_render:
            # fail only once the brief has read this run's (unpublished) results
            assert self.brief_executed.wait(timeout=10)
            raise RuntimeError("PDF failed")
        return done

    def publish(self, done: runner.Executed) -> runner.RunOutcome:
        self.log("publish", done.request.report)
        return runner.RunOutcome(done.request.report, done.request.scenario, "ok", done.work)

    def discard(self, done: runner.Executed) -> None:
        self.log("discard", done.request.report)


def run(
    fakes: FakePhases,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    jobs: int = 2,
    stream: io.StringIO | None = None,
):
    """The fixture batch on ``jobs`` threads; the outcomes by report (progress to ``stream``)."""
    for name in ("check_cache", "execute_phase", "render", "publish", "discard"):
        monkeypatch.setattr(scheduler, name, getattr(fakes, name))
    batch = requests.default_requests(ALL)
    progress = build.Progress(len(batch), stream=stream or io.StringIO())
    sched = scheduler.Scheduler(batch, tmp_path, False, True, jobs, progress)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        sched.run(pool)  # type: ignore[arg-type]
    return {o.report: o for o in sched.outcomes.values()}


def test_brief_executes_before_upstream_renders_and_publishes_last(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = FakePhases(render_s=0.2)
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert {o.status for o in outcomes.values()} == {"ok"}
    events = fakes.events
    # the brief does not wait for its sources to render: it executes before any of them
    # is published, on the results they have computed
    first_publish = events.index(next(e for e in events if e[0] == "publish"))
    assert ("execute", BRIEF) in events[:first_publish]
    assert fakes.pending[BRIEF] == {name: f"results of {name}" for name in SOURCES}
    assert all(fakes.pending[name] is None for name in SOURCES)
    published = [r for kind, r in events if kind == "publish"]
    assert published[-1] == BRIEF and set(published[:-1]) == set(SOURCES)


def test_brief_is_not_published_when_an_upstream_render_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = FakePhases(fail_render="tiny_sales")
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert outcomes["tiny_sales"].status == "failed"
    assert "PDF failed" in outcomes["tiny_sales"].message
    brief = outcomes[BRIEF]
    assert brief.status == "failed"
    assert "tiny_sales/default" in brief.message and "not published" in brief.message
    assert ("publish", BRIEF) not in fakes.events
    assert ("discard", BRIEF) in fakes.events
    assert outcomes["tiny_costs"].status == "ok"


def test_up_to_date_upstream_is_read_from_the_published_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = FakePhases(fresh={"tiny_sales"})
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert outcomes["tiny_sales"].status == "up to date"
    # the fresh one is read from its published report, the other from its pending run
    assert fakes.pending[BRIEF] == {"tiny_costs": "results of tiny_costs"}
    assert ("execute", "tiny_sales") not in fakes.events
    assert outcomes[BRIEF].status == "ok"


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_every_request_gets_exactly_one_outcome(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, jobs: int
) -> None:
    fakes = FakePhases()
    outcomes = run(fakes, monkeypatch, tmp_path, jobs=jobs)
    assert set(outcomes) == set(ALL)
    for name in ALL:
        assert fakes.events.count(("execute", name)) == 1
        assert fakes.events.count(("publish", name)) == 1


def test_waves_put_a_report_after_the_reports_it_reads() -> None:
    batch = list(reversed(requests.default_requests([BRIEF])))
    assert [r.report for r in batch] == [BRIEF, "tiny_costs", "tiny_sales"]
    assert [[r.report for r in wave] for wave in build.waves(batch)] == [
        ["tiny_costs", "tiny_sales"],
        [BRIEF],
    ]
    # a report whose upstream is not in the batch reads the published results: one wave
    assert [[r.report for r in w] for w in build.waves(batch[:1])] == [[BRIEF]]


class BrokenPool:
    """A pool whose workers have died: every task fails as ProcessPoolExecutor's do."""

    def submit(self, fn: Any, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_exception(BrokenProcessPool("a child process terminated abruptly"))
        return future


def test_a_dead_worker_fails_every_unfinished_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = FakePhases()
    monkeypatch.setattr(scheduler, "check_cache", fakes.check_cache)
    batch = requests.default_requests(ALL)
    progress = build.Progress(len(batch), stream=io.StringIO())
    sched = scheduler.Scheduler(batch, tmp_path, False, True, 2, progress)
    sched.run(BrokenPool())  # type: ignore[arg-type]
    assert len(sched.outcomes) == len(batch)
    for outcome in sched.outcomes.values():
        assert outcome.status == "failed"
        assert "worker process died" in outcome.message


def test_progress_off_a_terminal_prints_plain_lines(tmp_path: Path) -> None:
    stream = io.StringIO()
    progress = build.Progress(2, stream=stream)
    progress.started("tiny_brief/default", ["no previous report"])
    progress.set_current(["tiny_brief/default (executing)"])
    outcome = runner.RunOutcome("tiny_brief", "default", "ok", tmp_path, duration_s=0.5)
    progress.finished("tiny_brief/default", outcome)
    progress.close()
    text = stream.getvalue()
    assert "\r" not in text and "\x1b" not in text
    assert text.splitlines() == [
        "tiny_brief/default: running (no previous report)",
        f"[1/2] tiny_brief/default: ok in 0.5 s -> {tmp_path}/report.html",
    ]


class TimedPhases(FakePhases):
    """Executions take ``execute_s`` and record when they ran, by report and world; renders
    take ``render_s``."""

    def __init__(self, execute_s: float, render_s: float) -> None:
        super().__init__(render_s=render_s)
        self.execute_s = execute_s
        self.spans: dict[tuple[str, str], tuple[float, float]] = {}
        self.pending_by_world: dict[tuple[str, str], dict[str, str] | None] = {}

    def execute_phase(self, request: Any, root: Path, force: bool, pdf: bool, **kw: Any):
        start = time.perf_counter()
        time.sleep(self.execute_s)
        done = super().execute_phase(request, root, force, pdf, **kw)
        done.results_document = f"results of {request.report} in {request.scenario}"
        self.pending_by_world[(request.report, request.scenario)] = kw.get("pending_upstream")
        self.spans[(request.report, request.scenario)] = (start, time.perf_counter())
        return done


def test_independent_reports_run_in_parallel_and_each_world_reads_its_own_upstream(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from hyesan_analysis.reporting.engine.world import World

    fakes = TimedPhases(execute_s=0.3, render_s=0.5)
    for name in ("check_cache", "execute_phase", "render", "publish", "discard"):
        monkeypatch.setattr(scheduler, name, getattr(fakes, name))
    batch = requests.default_requests(ALL) + requests.world_requests(
        World("four", {"cars": 4}), ALL
    )
    assert [(r.report, r.scenario) for r in batch][3:] == [(n, "four") for n in ALL]
    progress = build.Progress(len(batch), stream=io.StringIO())
    sched = scheduler.Scheduler(batch, tmp_path, False, True, 4, progress)
    with ThreadPoolExecutor(max_workers=4) as pool:
        sched.run(pool)  # type: ignore[arg-type]
    assert {o.status for o in sched.outcomes.values()} == {"ok"}
    spans = fakes.spans
    for world in ("default", "four"):
        sales, costs, brief = (spans[(name, world)] for name in ALL)
        assert sales[0] < costs[1] and costs[0] < sales[1], "the two sources overlap"
        assert brief[0] >= max(sales[1], costs[1]), "the brief after both sources"
        assert fakes.pending_by_world[("tiny_brief", world)] == {
            name: f"results of {name} in {world}" for name in SOURCES
        }, "the pending results of its own world, never another's"
    # the two worlds' sources do not wait for each other either
    assert spans[("tiny_sales", "four")][0] < spans[("tiny_sales", "default")][1]


def test_a_report_whose_upstream_fails_is_not_run(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fakes = FakePhases()

    def failing(request: Any, root: Path, force: bool, pdf: bool, **kw: Any):
        if request.report == "tiny_costs":
            return runner.RunOutcome(request.report, request.scenario, "failed", root, message="x")
        return fakes_execute(request, root, force, pdf, **kw)

    fakes_execute = fakes.execute_phase
    fakes.execute_phase = failing  # type: ignore[method-assign]
    outcomes = run(fakes, monkeypatch, tmp_path)
    assert outcomes["tiny_costs"].status == "failed"
    assert outcomes[BRIEF].status == "failed"
    assert outcomes[BRIEF].message == "not run: it reads tiny_costs/default, which failed"
    assert ("execute", BRIEF) not in fakes.events
    assert outcomes["tiny_sales"].status == "ok"


def test_the_same_report_and_world_twice_runs_once(tmp_path: Path) -> None:
    batch = requests.default_requests(["tiny_costs"]) * 2
    distinct, positions = build.unique_requests(batch)
    assert len(distinct) == 1 and positions == [0, 0]
    other = requests.resolve("tiny_costs", ["cost_cny=50"])
    from dataclasses import replace

    with pytest.raises(ParameterError, match="two different parameter sets for one folder"):
        build.unique_requests([batch[0], replace(other, scenario="default")])


# --- a Dask scheduler that cannot be used: one line and exit 2, never a traceback --------


def _sweep_on(address: str, tmp_path: Path) -> tuple[int, str]:
    import contextlib

    from hyesan_analysis.cli import main

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(
            [
                "sweep",
                "tiny_sales",
                "--grid",
                "price_cny=100,200",
                "--no-pdf",
                "--scheduler",
                address,
                "--output-dir",
                str(tmp_path / "reports"),
            ]
        )
    return code, err.getvalue()


@pytest.mark.parametrize(
    "address, expected",
    [
        ("not a url", "not a Dask scheduler address"),
        ("http://example.org:80", "not a Dask scheduler address"),
        ("tcp://127.0.0.1", "not a Dask scheduler address"),
        ("tcp://127.0.0.1:1", "cannot connect"),
    ],
)
def test_a_bad_or_unreachable_scheduler_is_one_line(
    address: str, expected: str, tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    code, err = _sweep_on(address, tmp_path)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("hyesan-report: error: --scheduler ") and expected in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "reports").exists(), "nothing written"


def test_a_scheduler_without_workers_times_out_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    distributed = pytest.importorskip("distributed")
    monkeypatch.setenv("HYESAN_WORKER_WAIT_S", "1")
    with distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=None) as cluster:
        code, err = _sweep_on(cluster.scheduler_address, tmp_path)
    assert code == 2
    waiting, error = err.strip().splitlines()  # says that it waits, then one error line
    assert waiting == "hyesan-report: waiting up to 1 s for a worker to join the scheduler"
    assert error.startswith("hyesan-report: error: --scheduler ")
    assert "no worker joined within 1 s" in error and "dask worker" in error, err


def _kernels_left() -> list[int]:
    """On a Dask worker: the kernels it started that still run."""
    import os as os_

    from hyesan_analysis.reporting.engine import execute

    alive = []
    for pid in execute.KERNEL_PIDS:
        try:
            if os_.waitpid(pid, os_.WNOHANG) == (0, 0):
                alive.append(pid)
        except ChildProcessError:
            pass
    return alive


@pytest.mark.notebook
def test_dask_workers_keep_no_idle_kernel_after_a_sweep(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    from hyesan_analysis.reporting.engine import sweep

    grid = sweep.from_cli("tiny_sales", ["price_cny=100,200"])
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        outcomes, _ = sweep.run_sweep(
            grid, tmp_path, jobs=None, force=False, pdf=False, scheduler=cluster.scheduler_address
        )
        assert [o.status for o in outcomes] == ["ok", "ok"]
        left = client.run(_kernels_left)
    assert left and all(pids == [] for pids in left.values()), left


def test_the_largest_render_goes_first_the_rest_in_order(tmp_path: Path) -> None:
    batch = requests.default_requests(ALL)
    s = scheduler.Scheduler(batch, tmp_path, False, True, 2, build.Progress(len(batch)))
    s.waiting.clear()  # nothing left to execute: only renders are ready
    s.ready_render = [0, 1, 2]
    s.render_size = {0: 10, 1: 500, 2: 10}
    assert [s.next_task() for _ in range(3)] == [("render", 1), ("render", 0), ("render", 2)]
