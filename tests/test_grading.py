"""Stored expected grades: tests/submissions/<aid>/*.ipynb vs expected.csv (Otter style).

The folders hold the honest submissions (solution, blank, named mistakes) and the hostile
corpus of tests/hostile.py (tamper_*, hostile_*, broken_*, passes_*). They are graded in the
sandbox, with a short time limit so the infinite loop costs seconds, not minutes.
"""

import csv
import difflib
import hashlib
import html
import json
from pathlib import Path

import pytest
from notebook_tools import assignment_spec

from autograde import REPO_ROOT
from autograde.assemble import read_source
from autograde.grading import grade, source_path

SUBMISSIONS = Path(__file__).parent / "submissions"
COLUMNS = ["student_id", "grade_id", "score", "max_score", "status"]
TIMEOUT = 40
WATCHED = ["solutions", "course", "autograde", "tests/submissions"]


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
    canary = tmp_path_factory.mktemp("canary") / "grader-secret.txt"
    canary.write_text("the grader's own file", encoding="utf-8")
    before = snapshot([REPO_ROOT / w for w in WATCHED] + [canary.parent])
    grade(aid, SUBMISSIONS / aid, out, root=REPO_ROOT, timeout=TIMEOUT)
    changed = changes(before, snapshot([REPO_ROOT / w for w in WATCHED] + [canary.parent]))
    return aid, out, changed


def snapshot(folders: list[Path]) -> dict[str, str]:
    """sha256 of every file under the folders (bytecode caches left out)."""
    found = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def changes(before: dict, after: dict) -> list[str]:
    return sorted(p for p in set(before) | set(after) if before.get(p) != after.get(p))


def results_of(out: Path) -> dict[str, dict]:
    paths = (out / "results").glob("*.json")
    return {p.stem: json.loads(p.read_text("utf-8")) for p in paths}


def test_stored_submissions_grade_as_expected(graded):
    aid, out, _ = graded
    expected = normalized(SUBMISSIONS / aid / "expected.csv")
    got = normalized(out / "grades.csv")
    if got != expected:
        diff = "\n".join(
            difflib.unified_diff(expected, got, "expected.csv", "grades.csv", lineterm="")
        )
        pytest.fail(f"채점 결과가 expected.csv 와 다릅니다 ({', '.join(COLUMNS)}):\n{diff}")


def test_every_mistake_gets_its_own_hint(graded):
    aid, out, _ = graded
    with open(out / "grades.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for student, hint in assignment_spec(aid)["HINTS"].items():
        reasons = [r["reason"] for r in rows if r["student_id"] == student and r["status"] != "ok"]
        assert reasons, f"{student}: no failing row"
        assert any(hint in reason for reason in reasons), f"{student}: {hint!r} not in {reasons}"


def test_no_tampering_earns_a_point_and_each_is_flagged(graded):
    """The first answer of every tamper_/hostile_ submission is wrong: its checks score 0."""
    aid, out, _ = graded
    spec = read_source(source_path(REPO_ROOT, aid))
    first = spec.answers[0].grade_id
    first_tests = {t.grade_id for t in spec.tests if t.answer_id == first}
    hostile = {k: v for k, v in results_of(out).items() if k.startswith(("tamper_", "hostile_"))}
    assert len(hostile) == 14, sorted(hostile)
    for student, result in hostile.items():
        earned = [r for r in result["rows"] if r["grade_id"] in first_tests and r["score"] > 0]
        assert not earned, f"{student} earned points on {first}: {earned}"
        assert result["flags"], f"{student} is not flagged"


def test_every_row_has_a_reason_and_full_marks_survive_noise(graded):
    aid, out, _ = graded
    for student, result in results_of(out).items():
        for row in result["rows"]:
            assert row["status"] == "ok" or row["reason"], (student, row)
        if student.startswith("passes_"):
            assert result["score"] == result["max_score"], (student, result["rows"])


def test_feedback_never_shows_hidden_tests(graded):
    aid, out, _ = graded
    spec = read_source(source_path(REPO_ROOT, aid))
    hidden = {
        line.strip()
        for test in spec.tests
        for part in test.parts
        if part.hidden
        for line in part.source.splitlines()
        if len(line.strip()) > 30
    }
    for student, result in results_of(out).items():
        page = out / "feedback" / f"{student}.html"
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert "HIDDEN TESTS" not in text, page.name
        own = "\n".join(code for code in result["answers"].values() if code)
        leaked = [line for line in hidden if line in text and line not in own]
        assert not leaked, f"{page.name}: {leaked[:2]}"


def test_nothing_outside_the_sandbox_changed(graded):
    _, _, changed = graded
    assert changed == []
