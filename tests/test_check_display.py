"""What a student sees when a visible check fails: the Korean hint, within the first three lines.

For each assignment one Jupyter kernel (as JupyterLab runs it) executes the setup cell, then for
the solution and for every named mistake of HINTS (tests/assignments/<aid>.py) that student's
answer cells and the notebook's visible check cells, as the student would run them. A mistake's
hint must be in the first three lines of a check cell's error output (the setup cell's
brief_check_failures shows a failed assert as its message, not a traceback). Mistakes that only
the hidden cases can catch are listed, with the reason, in HIDDEN_ONLY; a listed mistake that a
visible check does catch is a stale entry and fails too.
"""

import re

import nbformat
import pytest
from conftest import COURSE, REPO, assignment_ids
from nbclient import NotebookClient
from notebook_tools import assignment_spec, read

SUBMISSIONS = REPO / "tests" / "submissions"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
FIRST_LINES = 3


def role(cell) -> str | None:
    meta = cell.metadata.get("nbgrader", {})
    if "setup" in cell.metadata.get("tags", []):
        return "setup"
    if meta.get("solution"):
        return "answer"
    if meta.get("grade"):
        return "check"
    return None


def cell_of(cell_or_source, student, kind):
    source = getattr(cell_or_source, "source", cell_or_source)
    return nbformat.v4.new_code_cell(source, metadata={"student": student, "role": kind})


def students(aid) -> list[str]:
    """The solution first, then each named mistake that is not a syntax error."""
    named = [s for s in assignment_spec(aid)["HINTS"] if s.startswith("fails_")]
    return ["passes_solution", *named]


def run_as_student(aid, tmp_path) -> dict[str, list[list[str]]]:
    """{student: [lines of each failed check cell's error]} from one kernel.

    The setup and check cells are the student version's (course/), the answers the
    submission's, so the test follows the notebook even before the corpus is regenerated."""
    course = read(COURSE / aid / f"{aid}.ipynb").cells
    cells = [cell_of(c, "passes_solution", "setup") for c in course if role(c) == "setup"]
    for student in students(aid):
        answers = {
            c.metadata["nbgrader"]["grade_id"]: c.source
            for c in read(SUBMISSIONS / aid / f"{student}.ipynb").cells
            if role(c) == "answer"
        }
        for cell in course:
            if role(cell) == "answer":
                cells.append(
                    cell_of(answers[cell.metadata["nbgrader"]["grade_id"]], student, "answer")
                )
            elif role(cell) == "check":
                cells.append(cell_of(cell, student, "check"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(
        notebook,
        timeout=120,
        interrupt_on_timeout=True,
        allow_errors=True,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    shown = {student: [] for student in students(aid)}
    for cell in notebook.cells:
        for output in cell.outputs:
            if output.output_type == "error" and cell.metadata["role"] == "check":
                text = ANSI.sub("", "\n".join(output.traceback))
                shown[cell.metadata["student"]].append(text.splitlines())
    return shown


@pytest.mark.parametrize("aid", [a for a in assignment_ids() if assignment_spec(a)["HINTS"]])
def test_failed_check_shows_its_hint_first(aid, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_FAST", "1")
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "-1")
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "3")
    spec = assignment_spec(aid)
    hidden_only = spec["HIDDEN_ONLY"]
    assert set(hidden_only) <= set(spec["HINTS"]), "HIDDEN_ONLY names a mistake HINTS lacks"
    shown = run_as_student(aid, tmp_path)
    assert not shown["passes_solution"], f"the solution fails a visible check: {shown}"
    problems = []
    for student, errors in shown.items():
        if student == "passes_solution":
            continue
        hint = spec["HINTS"][student]
        first = [e for e in errors if any(hint in line for line in e[:FIRST_LINES])]
        anywhere = [e for e in errors if hint in "\n".join(e)]
        if student in hidden_only:
            if anywhere:
                problems.append(f"{student}: in HIDDEN_ONLY, but a visible check shows {hint!r}")
        elif not anywhere:
            seen = [e[:FIRST_LINES] for e in errors]
            problems.append(f"{student}: no visible check shows {hint!r}; it saw {seen}")
        elif not first:
            problems.append(f"{student}: {hint!r} is not in the first lines: {anywhere[0][:8]}")
    assert not problems, "\n".join(problems)
