"""Shared test helpers: where the repository, the notebooks and the offline data are."""

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
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
