"""Each solution notebook runs top to bottom in fast mode and every number in its prose is true."""

import re

import nbformat
import pytest
from conftest import SOLUTIONS, assignment_ids
from nbclient import NotebookClient
from notebook_tools import assignment_spec, course_data_dir

# ASCII look-arounds: Korean particles follow numbers directly ("60,000장").
NUMBER = re.compile(r"(?<![0-9A-Za-z_.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![0-9A-Za-z_])")


def prose_numbers(notebook):
    """Numbers written in markdown cells, ignoring headings, list numbering and `code spans`."""
    found = set()
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.splitlines():
            if line.lstrip().startswith("#"):
                continue
            line = re.sub(r"^\s*\d+\.\s", "", line)  # "2. ..." numbers a list item
            found.update(NUMBER.findall(re.sub(r"`[^`]*`", "", line)))
    return found


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_prose_number_has_a_fact(assignment):
    notebook = nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4)
    missing = prose_numbers(notebook) - set(assignment_spec(assignment)["FACTS"])
    assert not missing, f"prose numbers with no FACTS entry in tests/assignments/: {missing}"


def facts_cell(facts):
    lines = ["failed = []"]
    for number, expression in facts.items():
        lines.append(f"if not ({expression}):\n    failed.append({number!r})")
    lines.append("assert not failed, f'prose numbers not true: {failed}'")
    return nbformat.v4.new_code_cell("\n".join(lines))


@pytest.mark.parametrize("assignment", assignment_ids())
def test_solution_runs_in_fast_mode_and_prose_is_true(assignment, data_dir, tmp_path, monkeypatch):
    notebook = nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4)
    notebook.cells.append(facts_cell(assignment_spec(assignment)["FACTS"]))
    monkeypatch.setenv("COURSE_FAST", "1")
    monkeypatch.setenv("COURSE_DATA_DIR", str(course_data_dir(assignment, data_dir)))
    monkeypatch.setenv("CUDA_VISIBLE_DEVICES", "-1")
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    passed = [
        o.text
        for c in notebook.cells
        for o in c.get("outputs", [])
        if o.get("name") == "stdout" and "통과" in o.text
    ]
    tests = [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert len(passed) == len(tests), "every check cell must print 통과 on the solution"
