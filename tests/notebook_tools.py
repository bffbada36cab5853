"""Small helpers that turn notebooks into student submissions for tests."""

import runpy

import nbformat
from conftest import COURSE, REPO, SOLUTIONS


def assignment_spec(assignment):
    """FACTS, MUTANTS, HINTS and DATA_SUBDIR of tests/assignments/<assignment>.py."""
    path = REPO / "tests" / "assignments" / f"{assignment}.py"
    spec = runpy.run_path(str(path)) if path.exists() else {}
    found = {key: spec.get(key, {}) for key in ["FACTS", "MUTANTS", "HINTS"]}
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
