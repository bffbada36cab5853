"""Static checks on every notebook: valid nbformat, no outputs, stable ids, Colab-safe imports."""

import ast
import re
import sys

import nbformat
import pytest
from conftest import COURSE, SOLUTIONS, assignment_ids

# What Google Colab ships besides the standard library; notebooks may import nothing else.
# ipywidgets must be optional (try/except ImportError): the Colab-like venv lacks it.
# IPython is the kernel every Jupyter and Colab notebook runs in
COLAB_PACKAGES = {"numpy", "pandas", "matplotlib", "tensorflow", "keras", "kagglehub", "ipywidgets"}
COLAB_PACKAGES |= {"IPython"}
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

NOTEBOOKS = [SOLUTIONS / a / f"{a}.ipynb" for a in assignment_ids()] + [
    COURSE / a / f"{a}.ipynb" for a in assignment_ids()
]


def nb_id(path):
    return f"{path.parent.parent.name}/{path.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_valid_without_outputs_and_with_stable_ids(path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    ids = [cell.id for cell in notebook.cells]
    assert len(ids) == len(set(ids)), "duplicate cell ids"
    assert all(ID_PATTERN.match(i) for i in ids), f"cell ids must be readable slugs: {ids}"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {cell.id} has outputs: commit notebooks clean"
            assert cell.execution_count is None, f"cell {cell.id} has an execution count"
    assert notebook.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=nb_id)
def test_imports_only_what_colab_has(path):
    notebook = nbformat.read(path, as_version=4)
    allowed = COLAB_PACKAGES | set(sys.stdlib_module_names)
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert not re.search(r"^\s*[!%]", cell.source, re.M), f"{cell.id}: no shell or magics"
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{cell.id} imports {name}"


def graded_cells(notebook):
    """(kind, cell) for answer and test cells, in notebook order."""
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            yield "answer", cell
        elif meta.get("grade"):
            yield "test", cell


@pytest.mark.parametrize("assignment", assignment_ids())
def test_every_exercise_has_checks_hints_and_hidden_cases(assignment):
    notebook = nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4)
    kinds = [kind for kind, _ in graded_cells(notebook)]
    assert kinds and kinds[0] == "answer", "graded cells must start with an answer cell"
    for kind, cell in graded_cells(notebook):
        meta = cell.metadata["nbgrader"]
        if kind == "answer":
            assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            continue
        assert meta["points"] > 0 and meta["locked"]
        visible, _, hidden = cell.source.partition("### BEGIN HIDDEN TESTS")
        assert hidden.strip(), f"{meta['grade_id']}: no hidden cases"
        hints = re.findall(r'"([^"]*[가-힣][^"]*)"', visible)
        assert len(hints) >= 2, f"{meta['grade_id']}: visible checks need Korean hints"
        assert "통과" in cell.source.splitlines()[-1], f"{meta['grade_id']}: must end with 통과"
    setup = [c for c in notebook.cells if "setup" in c.metadata.get("tags", [])]
    assert setup and setup[0].metadata["nbgrader"]["locked"]


# Helpers every notebook carries its own copy of (notebooks are self-contained): the copies must
# stay identical, so a fix in one is made in all.
SHARED_HELPERS = [
    "korean_font",
    "ko",
    "describe_device",
    "brief_check_failures",
    "check_mnist",
    "load_mnist",
]


def helper_sources(assignment):
    """{function name: source} for SHARED_HELPERS defined in the solution's non-answer cells."""
    notebook = nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4)
    found = {}
    for cell in notebook.cells:
        if cell.cell_type != "code" or cell.metadata.get("nbgrader", {}).get("solution"):
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.FunctionDef) and node.name in SHARED_HELPERS:
                found[node.name] = ast.get_source_segment(cell.source, node)
    return found


def test_shared_helpers_are_identical_copies():
    copies = {}
    for assignment in assignment_ids():
        for name, source in helper_sources(assignment).items():
            copies.setdefault(name, {}).setdefault(source, []).append(assignment)
    for name, variants in copies.items():
        assert len(variants) == 1, f"{name} differs between {list(variants.values())}"
    assert {"korean_font", "ko", "describe_device"} <= set(copies)
