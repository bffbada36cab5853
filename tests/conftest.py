"""Shared test helpers: where the repository, the notebooks and the offline data are, and which
tests need the grader's sandbox."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Test modules whose tests start the grader's bubblewrap sandbox (a test elsewhere can say so
# with @pytest.mark.sandbox). Where the sandbox cannot start (no bubblewrap, no root to install
# it, macOS) they are skipped with the reason; in CI they run, and fail there instead.
SANDBOX_MODULES = {
    "test_sandbox.py",
    "test_grading.py",
    "test_autograde_grading.py",
    "test_benchmark.py",
}
SOLUTIONS = REPO / "solutions"
COURSE = REPO / "course"


def assignment_ids():
    """Assignment ids that have a solution notebook, e.g. ['01_mnist']."""
    return sorted(p.parent.name for p in SOLUTIONS.glob("*/*.ipynb") if p.stem == p.parent.name)


def find_data_dir():
    """COURSE_DATA_DIR when set, else ../shared/data beside the repository, else None."""
    configured = os.environ.get("COURSE_DATA_DIR")
    if configured:
        return Path(configured)
    shared = REPO.parent / "shared" / "data"
    return shared if shared.is_dir() else None


@pytest.fixture(scope="session")
def data_dir():
    found = find_data_dir()
    if found is None or not (found / "mnist.npz").exists():
        pytest.skip("no offline data: set COURSE_DATA_DIR to a folder holding mnist.npz")
    return found


def in_ci():
    """True when CI is set (as CI services do), where nothing may be skipped for want of a tool."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def pytest_configure(config):
    config.addinivalue_line("markers", "sandbox: needs the grader's bubblewrap sandbox")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.path.name in SANDBOX_MODULES:
            item.add_marker(pytest.mark.sandbox)
    needing = [item for item in items if item.get_closest_marker("sandbox")]
    if not needing or in_ci():
        return
    from autograde.sandbox import SandboxConfig, trial_run

    why = trial_run(SandboxConfig())
    if why:
        why = " ".join(why.split())[:200]
        reason = (
            f"no grader sandbox here ({why}): see bash autograde/install_sandbox.sh; CI runs these"
        )
        for item in needing:
            item.add_marker(pytest.mark.skip(reason=reason))
