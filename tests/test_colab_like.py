"""The student version runs as in Colab: a bare venv with Colab's Python and Colab's exact versions
of what the notebooks import, outside the repository, no Jupyter, no course package.

The venv is made at .venv-colab (ignored by git) from tests/colab-requirements.txt, and made again
when that file changes. The setup cell's own version check runs there too, so a notebook that
demands a newer TensorFlow or Keras than Colab ships fails here.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from conftest import REPO, assignment_ids, in_ci
from notebook_tools import course_data_dir, filled, student_version

VENV = REPO / ".venv-colab"
RUNNER = REPO / "tests" / "colab_like.py"
COLAB_REQUIREMENTS = REPO / "tests" / "colab-requirements.txt"
BUILT_FROM = VENV / "colab-requirements.txt"  # the copy a finished build leaves in the venv


def colab_python_version():
    """Colab's Python, e.g. '3.13', from the '# python: X.Y' line of colab-requirements.txt."""
    return re.search(r"^# python: (\d+\.\d+)$", COLAB_REQUIREMENTS.read_text(), re.M)[1]


def pyenv_versions():
    return Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"


def python_candidates(version):
    """python{version} on PATH, then pyenv's installs of it, newest first."""
    on_path = shutil.which(f"python{version}")
    installs = pyenv_versions().glob(f"{version}.*/bin/python{version}")

    def release(path):
        return [int(part) for part in re.findall(r"\d+", path.parent.parent.name)]

    return ([on_path] if on_path else []) + sorted(installs, key=release, reverse=True)


def find_python(version):
    """The first candidate that really runs as Python `version` (a pyenv shim may not), or None."""
    check = "import sys; print('%d.%d' % sys.version_info[:2])"
    for candidate in python_candidates(version):
        found = subprocess.run([candidate, "-c", check], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip() == version:
            return str(candidate)
    return None


def build_colab_venv(version):
    """Make VENV from colab-requirements.txt; without Python `version`, fail in CI, else skip."""
    base = find_python(version)
    if base is None:
        message = (
            f"Colab's Python {version} not found (tried python{version} on PATH and "
            f"{pyenv_versions()}/{version}.*): install it (pyenv install {version}, python.org, "
            "deadsnakes) to run the notebooks as in Colab"
        )
        (pytest.fail if in_ci() else pytest.skip)(message)
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([base, "-m", "venv", str(VENV)], check=True)
    python = VENV / "bin" / "python"
    install = [str(python), "-m", "pip", "install", "-q", "-r", str(COLAB_REQUIREMENTS)]
    subprocess.run(install, check=True)
    shutil.copy(COLAB_REQUIREMENTS, BUILT_FROM)


def unpinned_packages(python):
    """Packages in the venv that colab-requirements.txt does not pin at that version."""
    pins = {line.lower() for line in COLAB_REQUIREMENTS.read_text().split() if "==" in line}
    freeze = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True)
    normalized = [re.sub(r"[-_.]+", "-", line).lower() for line in freeze.stdout.split()]
    return sorted(set(normalized) - {re.sub(r"[-_.]+", "-", pin) for pin in pins})


@pytest.fixture(scope="session")
def colab_python():
    python = VENV / "bin" / "python"
    built = BUILT_FROM.exists() and BUILT_FROM.read_text() == COLAB_REQUIREMENTS.read_text()
    if not built:
        build_colab_venv(colab_python_version())
    listing = subprocess.run([str(python), "-m", "pip", "list"], capture_output=True, text=True)
    for unwanted in ["nbgrader", "ipykernel", "jupyter", "nbclient", "pytest"]:
        assert unwanted not in listing.stdout.lower(), f"{unwanted} must not be in {VENV}"
    unpinned = unpinned_packages(python)
    assert not unpinned, f"{COLAB_REQUIREMENTS.name} must pin these at Colab's versions: {unpinned}"
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


def test_find_python_passes_over_a_shim_that_does_not_run(tmp_path, monkeypatch):
    shim, pyenv = tmp_path / "bin", tmp_path / "pyenv" / "versions"
    for folder, script in [(shim, "exit 127"), (pyenv / "3.99.2" / "bin", "echo 3.99")]:
        folder.mkdir(parents=True)
        (folder / "python3.99").write_text(f"#!/bin/sh\n{script}\n")
        (folder / "python3.99").chmod(0o755)
    monkeypatch.setenv("PATH", f"{shim}:{os.environ['PATH']}")
    assert find_python("3.99") is None
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    assert find_python("3.99") == str(pyenv / "3.99.2" / "bin" / "python3.99")
