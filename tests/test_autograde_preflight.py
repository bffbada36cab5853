"""Release refuses a source notebook that grading could not use, and says what to change."""

import json
import shutil
from pathlib import Path

import pytest

from autograde import REPO_ROOT
from autograde.assemble import read_source
from autograde.grading import grade
from autograde.preflight import source_problems
from autograde.release import ReleaseError, find_assignments, release_assignment

FIXTURES = Path(__file__).parent / "fixtures"
AID = "00_demo"


def course_with(tmp_path: Path, change) -> Path:
    """A course root holding a copy of the fixture, changed by `change(cells)`."""
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "solutions", root / "solutions")
    path = root / "solutions" / AID / f"{AID}.ipynb"
    nb = json.loads(path.read_text("utf-8"))
    change(nb["cells"])
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return root


def by_id(cells, grade_id):
    return next(c for c in cells if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


def data_in_an_ordinary_cell(cells) -> None:
    """The usual nbgrader way: no setup tag; the check reads `data` made in a plain cell."""
    setup = by_id(cells, "setup")
    setup["metadata"].pop("tags")
    setup["source"] += "\ndata = np.arange(24).reshape(2, 3, 4)"
    check = by_id(cells, "test_flatten")
    check["source"] = "assert flatten(data).shape == (2, 12)\nprint('통과')"


@pytest.mark.parametrize("aid", find_assignments(REPO_ROOT))
def test_every_course_notebook_passes(aid):
    assert source_problems(read_source(REPO_ROOT / "solutions" / aid / f"{aid}.ipynb")) == []


def test_fixture_passes():
    assert source_problems(read_source(FIXTURES / "solutions" / AID / f"{AID}.ipynb")) == []


def test_untagged_setup_and_a_name_from_an_ordinary_cell_are_refused(tmp_path):
    root = course_with(tmp_path, data_in_an_ordinary_cell)
    with pytest.raises(ReleaseError) as refused:
        release_assignment(AID, root=root, out=tmp_path / "out")
    text = str(refused.value)
    assert "no cell is tagged 'setup'" in text
    assert "test_flatten: 'data'" in text and "not defined when graded" in text
    assert "import it in a cell tagged 'setup'" in text
    assert not (tmp_path / "out").exists()


def test_what_the_check_prevents_really_happens(tmp_path):
    """Graded anyway, the notebook's own solution loses the points of that check."""
    root = course_with(tmp_path, data_in_an_ordinary_cell)
    source = root / "solutions" / AID / f"{AID}.ipynb"
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(source, subs / "teacher.ipynb")
    (result,) = grade(AID, subs, tmp_path / "grades", root=root, workers=1, timeout=10)
    row = next(r for r in result["rows"] if r["grade_id"] == "test_flatten")
    assert row["score"] == 0 and row["status"] != "ok"
    assert "name 'data' is not defined" in row["reason"]


def test_names_a_check_cell_or_an_earlier_one_binds_are_fine(tmp_path):
    def own_variables(cells):
        by_id(cells, "test_flatten")["source"] = (
            "_data = np.zeros((2, 3))\nfor _i in range(2):\n    pass\n"
            "assert [k for k in range(3)] and flatten(_data[None]).shape == (1, 6)\nshared = 1"
        )
        by_id(cells, "test_normalize")["source"] += "\nassert shared == 1 and len([]) == 0"

    root = course_with(tmp_path, own_variables)
    spec = read_source(root / "solutions" / AID / f"{AID}.ipynb")
    assert source_problems(spec) == []
