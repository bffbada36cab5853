"""Stored expected grades: tests/submissions/<aid>/*.ipynb vs expected.csv (Otter style)."""

import csv
import difflib
from pathlib import Path

import pytest
from notebook_tools import assignment_spec

from autograde import REPO_ROOT
from autograde.grading import grade, source_path

SUBMISSIONS = Path(__file__).parent / "submissions"
COLUMNS = ["student_id", "grade_id", "score", "max_score", "status"]


def assignment_params():
    aids = sorted(p.name for p in SUBMISSIONS.glob("*") if (p / "expected.csv").is_file())
    if not aids:
        reason = "tests/submissions/<aid>/expected.csv 가 아직 없습니다 (no stored submissions)"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason))]
    return aids


def normalized(path: Path) -> list[str]:
    """Sorted 'student_id,grade_id,score,max_score,status' lines (numbers as %g)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    lines = []
    for row in rows:
        values = {c: (row.get(c) or "").strip() for c in COLUMNS}
        for c in ("score", "max_score"):
            values[c] = f"{float(values[c]):g}" if values[c] else ""
        lines.append(",".join(values[c] for c in COLUMNS))
    return sorted(lines)


@pytest.fixture(scope="module", params=assignment_params())
def graded(request, tmp_path_factory):
    """(aid, output folder) after grading tests/submissions/<aid>/ once for this module."""
    aid = request.param
    assert source_path(REPO_ROOT, aid).is_file(), f"solutions/{aid}/{aid}.ipynb 가 없습니다"
    out = tmp_path_factory.mktemp(f"grades-{aid}")
    grade(aid, SUBMISSIONS / aid, out, root=REPO_ROOT)
    return aid, out


def test_stored_submissions_grade_as_expected(graded):
    aid, out = graded
    expected = normalized(SUBMISSIONS / aid / "expected.csv")
    got = normalized(out / "grades.csv")
    if got != expected:
        diff = "\n".join(
            difflib.unified_diff(expected, got, "expected.csv", "grades.csv", lineterm="")
        )
        pytest.fail(f"채점 결과가 expected.csv 와 다릅니다 ({', '.join(COLUMNS)}):\n{diff}")


def test_every_mistake_gets_its_own_hint(graded):
    aid, out = graded
    with open(out / "grades.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for student, hint in assignment_spec(aid)["HINTS"].items():
        reasons = [r["reason"] for r in rows if r["student_id"] == student and r["status"] != "ok"]
        assert reasons, f"{student}: no failing row"
        assert any(hint in reason for reason in reasons), f"{student}: {hint!r} not in {reasons}"
