"""Grading notebook assembly: hidden-test split, answer matching, plan (no kernels)."""

import copy
import json
from pathlib import Path

import nbformat
import pytest

from autograde.assemble import (
    InvalidNotebook,
    build_plan,
    defined_names,
    heavy_packages_used,
    match_answers,
    read_source,
    read_student,
    split_hidden,
    stable_cell_ids,
)
from autograde.report import feedback_html

SOURCE = Path(__file__).parent / "fixtures" / "solutions" / "00_demo" / "00_demo.ipynb"


@pytest.fixture
def spec():
    return read_source(SOURCE)


@pytest.fixture
def student():
    return nbformat.read(str(SOURCE), as_version=4)


def test_read_source(spec):
    assert len(spec.setup) == 1 and "np.random.seed(0)" in spec.setup[0]
    assert [a.grade_id for a in spec.answers] == ["flatten", "normalize"]
    assert [(t.grade_id, t.points, t.answer_id) for t in spec.tests] == [
        ("test_flatten", 2.0, "flatten"),
        ("test_normalize", 1.0, "normalize"),
        ("test_normalize_hidden", 1.0, "normalize"),
    ]
    assert spec.answers[0].names == {"flatten"}


def test_fork_server_preloads_what_the_solutions_use():
    setup = ["import keras\nimport matplotlib.pyplot as plt", "from pandas import DataFrame"]
    assert heavy_packages_used(setup, ["def f(x):\n    return x + 1"]) == []
    answers = ["def model():\n    return keras.Sequential([])", "plt.plot([1])\nDataFrame()"]
    assert heavy_packages_used(setup, answers) == ["keras", "matplotlib.pyplot", "pandas"]
    assert heavy_packages_used(setup, ["def broken(:"]) == []
    root = Path(__file__).parents[1] / "solutions"
    assert read_source(root / "01_mnist" / "01_mnist.ipynb").preload == ["keras"]
    assert read_source(root / "03_gradient_descent" / "03_gradient_descent.ipynb").preload == []


def test_split_hidden():
    source = "a = 1\n### BEGIN HIDDEN TESTS\nassert a\n### END HIDDEN TESTS\nassert a == 1"
    parts = split_hidden(source)
    assert [(p.source, p.hidden) for p in parts] == [
        ("a = 1", False),
        ("assert a", True),
        ("assert a == 1", False),
    ]


def test_split_hidden_inside_block_runs_whole_cell():
    source = (
        "for i in range(2):\n    ### BEGIN HIDDEN TESTS\n    assert i < 2\n    ### END HIDDEN TESTS"
    )
    (part,) = split_hidden(source)
    assert part.hidden and part.source == source


def test_defined_names_with_syntax_error():
    assert defined_names("def f(x)\n    return x\nclass K:\n  pass") == {"f", "K"}
    assert defined_names("def f():\n    pass\nx = 1") == {"f"}


def test_match_by_grade_id_and_plan(spec, student):
    matches = match_answers(spec, student)
    assert {k: m.how for k, m in matches.items()} == {
        "flatten": "grade_id",
        "normalize": "grade_id",
    }
    plan = build_plan(spec, matches)
    assert [(c.role, c.ref, c.hidden) for c in plan] == [
        ("setup", "0", False),
        ("answer", "flatten", False),
        ("test", "test_flatten", False),
        ("test", "test_flatten", True),
        ("answer", "normalize", False),
        ("test", "test_normalize", False),
        ("test", "test_normalize_hidden", True),
    ]
    assert all("HIDDEN TESTS" not in c.source for c in plan)


def test_match_by_cell_id_then_def_names(spec, student):
    nb = copy.deepcopy(student)
    for c in nb.cells:
        c.metadata = {}
    nb.cells[nb.cells.index(next(c for c in nb.cells if c.id == "normalize"))].id = "changed"
    nb.cells.insert(0, nbformat.v4.new_code_cell("print(1)"))
    matches = match_answers(spec, nb)
    assert matches["flatten"].how == "cell_id"
    assert matches["normalize"].how == "def_names"


def test_reordered_and_extra_cells(spec, student):
    nb = copy.deepcopy(student)
    nb.cells.reverse()
    nb.cells.append(nbformat.v4.new_code_cell("def flatten(x):\n    return None"))
    matches = match_answers(spec, nb)
    assert "reshape" in matches["flatten"].source


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"{oops", b"[1, 2]", b'{"nbformat": 3}', b'{"cells": [], "nbformat": 4}'],
)
def test_read_student_invalid(data):
    with pytest.raises(InvalidNotebook):
        read_student(data)


def test_feedback_escapes_everything():
    result = {
        "assignment": "00_demo",
        "student_id": "<script>",
        "score": 0,
        "max_score": 2,
        "rows": [
            {
                "grade_id": "test_x",
                "answer_id": "x",
                "score": 0,
                "max_score": 2,
                "status": "failed",
                "reason": "(hidden) AssertionError: <b>",
                "part": "hidden",
                "ename": "AssertionError",
                "message": "<b>bold</b>",
            }
        ],
        "answers": {"x": "def x():\n    return '<img src=x>'"},
    }
    page = feedback_html(result)
    assert "<script>" not in page and "<img" not in page and "<b>bold" not in page
    assert "숨겨진 검사(다른 입력)에서 실패" in page and "&lt;b&gt;" not in page


def test_source_without_ids_uses_stable_ids(tmp_path):
    nb = json.loads(SOURCE.read_text("utf-8"))
    for c in nb["cells"]:
        del c["id"]
    path = tmp_path / "src.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    spec = read_source(path)
    assert [a.cell_id for a in spec.answers] == ["cell-5", "cell-8"]
    assert stable_cell_ids([{"id": "cell-1"}, {}]) == ["cell-1", "cell-1-x"]
