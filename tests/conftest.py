"""Test-wide settings, and the fixture reports the engine tests run instead of the real ones."""

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from hyesan_analysis.reporting.authoring import registry
from tests.fixtures import FIXTURE_REPORTS

# No per-example deadline: CI shares two cores with kernels from the notebook tests, and a
# slow example there is load, not a bug. Locally examples are random (and printed on
# failure); in CI (CI=true) they are derandomized, so a green commit stays green.
settings.register_profile("hyesan", deadline=None, print_blob=True)
settings.register_profile("ci", deadline=None, print_blob=True, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "hyesan")


@contextlib.contextmanager
def registered_copy(factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Register a private copy of the fixture reports (tests/fixtures/tiny_reports) while open.

    The registry finds it through HYESAN_EXTRA_REPORTS, which the kernels, pool workers
    and CLI subprocesses started meanwhile inherit; on exit the variable is restored.
    """
    folder = factory.mktemp("fixture-reports")
    shutil.copytree(FIXTURE_REPORTS, folder, dirs_exist_ok=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(registry.EXTRA_REPORTS_ENV, str(folder))
        registry.refresh()
        yield folder
    registry.refresh()  # the next look-up sees what the restored variable names


@pytest.fixture
def fixture_reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture reports, registered for one test, in a copy it may edit (break a
    notebook, change a spec). A kernel kept warm for a later test keeps the registry it
    loaded first; every copy holds the same specs, so that makes no difference."""
    with registered_copy(tmp_path_factory) as folder:
        yield folder


@pytest.fixture(scope="module")
def module_fixture_reports(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fixture reports, registered for a whole module (for module-scoped builds)."""
    with registered_copy(tmp_path_factory) as folder:
        yield folder


@pytest.fixture(scope="module")
def warm_kernels() -> Iterator[None]:
    """Let a module's runs reuse one kernel (keep_warm=True), as build workers do, and
    shut it down after the module, so that later tests start from fresh kernels."""
    yield
    from hyesan_analysis.reporting.engine import execute

    execute.discard_warm_kernel()


@pytest.fixture(scope="session")
def published_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real reports as an analyst's `make report` publishes them, built once per session
    (defaults, PDFs included), with a two-point sweep of the car report and the index.

    For the tests that read what a reader gets: the rendered pages, their links, the text.
    """
    from hyesan_analysis.reporting.engine import build, runner, sweep
    from hyesan_analysis.reporting.rendering import index

    root = tmp_path_factory.mktemp("published")
    outcomes = build.run_many(runner.default_requests(), root, jobs=2)
    failed = [f"{o.report}: {o.message}" for o in outcomes if o.status != "ok"]
    assert not failed, failed
    grid = sweep.from_cli("car_unit_economics", ["waku_price_cny=25000,30000"])
    points, _ = sweep.run_sweep(grid, root, jobs=2, force=False, pdf=True)
    assert all(p.status in ("ok", "up to date") for p in points), [p.message for p in points]
    index.write_index(root)
    return root
