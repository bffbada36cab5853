"""Small helpers that turn notebooks into student submissions for tests."""

import json
import runpy
import subprocess
import sys

import nbformat
from conftest import COURSE, REPO, SOLUTIONS


def assignment_spec(assignment):
    """FACTS, MUTANTS, HINTS, HIDDEN_ONLY and DATA_SUBDIR of tests/assignments/<assignment>.py."""
    path = REPO / "tests" / "assignments" / f"{assignment}.py"
    spec = runpy.run_path(str(path)) if path.exists() else {}
    found = {key: spec.get(key, {}) for key in ["FACTS", "MUTANTS", "HINTS", "HIDDEN_ONLY"]}
    found["DATA_SUBDIR"] = spec.get("DATA_SUBDIR", "")
    return found


def course_data_dir(assignment, data_dir):
    """The COURSE_DATA_DIR a notebook gets in tests: the offline data, or a folder inside it
    (DATA_SUBDIR, e.g. 'asl_sample' for the Sign Language MNIST sample)."""
    return data_dir / assignment_spec(assignment)["DATA_SUBDIR"]


def solution_namespace(assignment):
    """Run the solution's setup and answer cells in this process; return their namespace.

    For tests that check the reference answers themselves (e.g. against Keras)."""
    notebook = read(SOLUTIONS / assignment / f"{assignment}.ipynb")
    namespace = {"__name__": f"solution_{assignment}"}
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if "setup" in cell.metadata.get("tags", []) or meta.get("solution"):
            exec(
                compile(strip_markers(cell.source), f"<{assignment}:{cell.id}>", "exec"), namespace
            )
    return namespace


def read(path):
    return nbformat.read(path, as_version=4)


def strip_markers(source):
    """A solution cell as a student would hand it in: without nbgrader's solution markers."""
    lines = source.splitlines()
    return "\n".join(line for line in lines if line.strip() not in MARKERS)


MARKERS = {"### BEGIN SOLUTION", "### END SOLUTION"}


def solution_answers(assignment):
    """{grade_id: answer source} from the solution notebook, markers removed."""
    notebook = read(SOLUTIONS / assignment / f"{assignment}.ipynb")
    return {
        cell.metadata["nbgrader"]["grade_id"]: strip_markers(cell.source)
        for cell in notebook.cells
        if cell.metadata.get("nbgrader", {}).get("solution")
    }


def student_version(assignment):
    return read(COURSE / assignment / f"{assignment}.ipynb")


def mutated(assignment, changes):
    """Answers {grade_id: source} from MUTANTS-style changes: (old, new) or a whole source."""
    solutions = solution_answers(assignment)
    answers = {}
    for grade_id, change in changes.items():
        if isinstance(change, str):
            answers[grade_id] = change
            continue
        old, new = change
        assert old in solutions[grade_id], f"{assignment}/{grade_id}: {old!r} not in solution"
        answers[grade_id] = solutions[grade_id].replace(old, new)
    return answers


def filled(assignment, **overrides):
    """The student version with every answer cell solved, except `overrides` {grade_id: source}."""
    notebook = student_version(assignment)
    answers = solution_answers(assignment) | overrides
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[grade_id]
    return notebook


def run_loader(assignment, tmp_path, env):
    """Run the setup and load-data cells of the student version the way a student would
    (tests/colab_like.py in a subprocess, HOME in tmp_path, `env` added); return the load-data
    cell's outcome {"status", "error", "message"} plus the run's "stdout"."""
    notebook = student_version(assignment)
    notebook.cells = [c for c in notebook.cells if c.id in ("setup", "load-data")]
    path, result = tmp_path / "loader.ipynb", tmp_path / "result.json"
    nbformat.write(notebook, path)
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "KERAS_HOME": str(tmp_path / "keras"),
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "CUDA_VISIBLE_DEVICES": "-1",
    }
    runner = REPO / "tests" / "colab_like.py"
    done = subprocess.run(
        [sys.executable, str(runner), str(path), str(result)],
        env=base | env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    cells = {cell["id"]: cell for cell in json.loads(result.read_text("utf-8"))["cells"]}
    assert cells["setup"]["status"] == "ok", cells["setup"]
    return cells["load-data"] | {"stdout": done.stdout}
