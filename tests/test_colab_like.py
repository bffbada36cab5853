"""The student version runs as in Colab: a bare venv with only tensorflow, numpy, pandas and
matplotlib, outside the repository, no Jupyter, no course package.

The venv is made once at .venv-colab (ignored by git) from the pins in requirements.txt.
"""

import json
import os
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from conftest import REPO, assignment_ids
from notebook_tools import course_data_dir, filled, student_version

COLAB_PACKAGES = ["tensorflow", "numpy", "pandas", "matplotlib"]
VENV = REPO / ".venv-colab"
RUNNER = REPO / "tests" / "colab_like.py"


def pinned(package):
    """The requirement line for `package` in requirements.txt, e.g. 'numpy~=2.4.6'."""
    for line in (REPO / "requirements.txt").read_text().splitlines():
        requirement = line.split("#")[0].strip()
        if re.match(rf"{package}\b", requirement):
            return requirement
    raise LookupError(package)


@pytest.fixture(scope="session")
def colab_python():
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        install = [str(python), "-m", "pip", "install", "-q"]
        subprocess.run(install + [pinned(p) for p in COLAB_PACKAGES], check=True)
    listing = subprocess.run([str(python), "-m", "pip", "list"], capture_output=True, text=True)
    for unwanted in ["nbgrader", "ipykernel", "jupyter", "nbclient", "pytest"]:
        assert unwanted not in listing.stdout.lower(), f"{unwanted} must not be in {VENV}"
    return python


def run_like_colab(python, notebook, folder, data_dir):
    """Run every code cell of `notebook` from `folder`; return {cell id: outcome}."""
    path, result = folder / "notebook.ipynb", folder / "result.json"
    nbformat.write(notebook, path)
    runner = folder / "colab_like.py"
    shutil.copy(RUNNER, runner)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env |= {
        "COURSE_FAST": "1",
        "COURSE_DATA_DIR": str(data_dir),
        "MPLBACKEND": "Agg",
        "CUDA_VISIBLE_DEVICES": "-1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
    }
    subprocess.run(
        [str(python), str(runner), str(path), str(result)],
        cwd=folder,
        env=env,
        check=True,
        timeout=900,
        capture_output=True,
    )
    cells = json.loads(result.read_text(encoding="utf-8"))["cells"]
    return {cell["id"]: cell for cell in cells}


def check_cell_ids(notebook):
    return [c.id for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]


@pytest.mark.parametrize("assignment", assignment_ids())
def test_blank_student_version_runs_and_every_check_fails(
    assignment, colab_python, data_dir, tmp_path_factory
):
    notebook = student_version(assignment)
    folder = tmp_path_factory.mktemp("colab")
    assert REPO not in folder.parents
    outcomes = run_like_colab(colab_python, notebook, folder, course_data_dir(assignment, data_dir))
    code_ids = [c.id for c in notebook.cells if c.cell_type == "code"]
    assert list(outcomes) == code_ids, "every code cell must have run"
    for cell_id in check_cell_ids(notebook):
        assert outcomes[cell_id]["status"] == "error", f"{cell_id} passes on a blank answer"
    setup = [c.id for c in notebook.cells if "setup" in c.metadata.get("tags", [])]
    for cell_id in setup:
        assert outcomes[cell_id]["status"] == "ok", outcomes[cell_id]


@pytest.mark.parametrize("assignment", assignment_ids())
def test_solved_student_version_runs_clean(assignment, colab_python, data_dir, tmp_path_factory):
    folder = tmp_path_factory.mktemp("colab")
    outcomes = run_like_colab(
        colab_python, filled(assignment), folder, course_data_dir(assignment, data_dir)
    )
    errors = {i: o for i, o in outcomes.items() if o["status"] != "ok"}
    assert not errors, f"cells failed in the Colab-like run: {errors}"
