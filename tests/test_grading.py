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
import subprocess
import sys
from pathlib import Path

import pytest
from hostile import PLAIN_WRONG
from notebook_tools import assignment_spec

from autograde import REPO_ROOT
from autograde.assemble import read_source
from autograde.grading import grade, source_path
from autograde.submissions import file_stem

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
    found = [json.loads(p.read_text("utf-8")) for p in (out / "results").glob("*.json")]
    return {r["student_id"]: r for r in found}


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


def test_no_hint_is_shown_for_another_mistake(graded):
    """Each mistake's hint names that mistake: no other named mistake's feedback contains it."""
    aid, out, _ = graded
    with open(out / "grades.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    hints = assignment_spec(aid)["HINTS"]
    wrong = [r for r in rows if r["student_id"].startswith(("fails_", "error_"))]
    misplaced = [
        f"{student}'s hint {hint!r} shown to {row['student_id']} ({row['grade_id']})"
        for student, hint in hints.items()
        for row in wrong
        if row["student_id"] != student and hint in row["reason"]
    ]
    assert not misplaced, "\n".join(misplaced)


def test_no_tampering_earns_a_point_and_each_is_flagged(graded):
    """The first answer of every tamper_/hostile_ submission is wrong: its checks score 0,
    and no attack scores more than the plain wrong answer (first answer wrong, no trick)."""
    aid, out, _ = graded
    spec = read_source(source_path(REPO_ROOT, aid))
    first = spec.answers[0].grade_id
    first_tests = {t.grade_id for t in spec.tests if t.answer_id == first}
    results = results_of(out)
    hostile = {k: v for k, v in results.items() if k.startswith(("tamper_", "hostile_"))}
    expected = {f"tamper_{n}" for n in ("shadows_builtins", "rewrites_check_inputs")}
    expected |= {f"hostile_reply_{n}" for n in ("huge_scalar", "colliding_keys")}
    assert expected | {"hostile_leaves_kernel_state"} <= set(hostile), sorted(hostile)
    assert len(hostile) >= 19, sorted(hostile)
    plain_wrong = results[PLAIN_WRONG]["score"]
    assert plain_wrong < results["passes_solution"]["score"]
    for student, result in hostile.items():
        earned = [r for r in result["rows"] if r["grade_id"] in first_tests and r["score"] > 0]
        assert not earned, f"{student} earned points on {first}: {earned}"
        assert result["score"] <= plain_wrong, f"{student} beat the plain wrong answer"
        assert result["flags"] or result["status"] == "invalid_notebook", f"{student} not flagged"


def test_checks_after_tampering_blame_the_tampering(graded):
    """tamper_patched_builtins breaks its own later answers (all, any and abs replaced): their
    failing checks say they ran after the tampering, not "지금은 NoneType 입니다"."""
    aid, out, _ = graded
    rows = results_of(out)["tamper_patched_builtins"]["rows"]
    failing = [r for r in rows if r["status"] in ("failed", "error")]
    assert failing, rows
    for r in failing:
        assert "check ran after tampering" in r["reason"], r
        assert "NoneType" not in r["reason"], r


def test_nothing_a_student_sees_was_chosen_by_the_sandbox(graded):
    """leak_*: correct answers that try to carry what they saw (hidden cases included) onto
    the feedback page through flags, warnings, error messages and class names."""
    aid, out, _ = graded
    results = results_of(out)
    assert "leak_hidden_inputs_to_feedback" in results
    for student, result in results.items():
        page = (out / "feedback" / f"{file_stem(student)}.html").read_text(encoding="utf-8")
        page = html.unescape(page)
        for code in result["answers"].values():  # the student's own code is on the page
            page = page.replace(code or "\0", "")
        assert "LEAK" not in page, student
        assert all("LEAK" not in flag for flag in results[student]["flags"]), student
        assert len(results[student]["flags"]) <= 30, student


def test_collected_names_cannot_break_the_batch(graded):
    """01 and 05 hold a symlink to the solution, NFC and NFD spellings of one name, a name too
    long for a file of its own and a spreadsheet formula as a student id."""
    aid, out, _ = graded
    if aid not in ("01_mnist", "05_optimizers"):
        pytest.skip("collection attacks are in 01_mnist and 05_optimizers")
    totals = {
        r["student_id"]: r for r in csv.DictReader(open(out / "totals.csv", encoding="utf-8"))
    }
    link = totals["hostile_symlink_to_solution"]
    assert link["score"] == "0" and link["status"] == "invalid_notebook"
    honest, wrong = totals["collision_김철수"], totals["collision_김철수 (2)"]
    assert {honest["score"], wrong["score"]} == {link["max_score"], totals[PLAIN_WRONG]["score"]}
    assert "이름이 같은" in honest["flags"] and "이름이 같은" in wrong["flags"]
    assert totals['\'=HYPERLINK("evil")+1']["score"] == link["max_score"]
    assert not any(k.startswith("=") for k in totals)
    long_ids = [k for k in totals if k.startswith("passes_long_name_")]
    assert len(long_ids) == 1 and totals[long_ids[0]]["score"] == link["max_score"]
    assert not list((out / "results").glob(".tmp-*"))


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
        page = out / "feedback" / f"{file_stem(student)}.html"
        text = html.unescape(page.read_text(encoding="utf-8"))
        assert "HIDDEN TESTS" not in text, page.name
        own = "\n".join(code for code in result["answers"].values() if code)
        leaked = [line for line in hidden if line in text and line not in own]
        assert not leaked, f"{page.name}: {leaked[:2]}"


def test_nothing_outside_the_sandbox_changed(graded):
    _, _, changed = graded
    assert changed == []


def test_same_verdict_as_the_students_own_kernel(graded, tmp_path):
    """Differential check (issue 13): every honest submission of the corpus, the correct
    variants of tests/variants/ included, graded the plain way (tests/plain_kernel.py: one
    ordinary kernel per notebook, hidden tests put back, as stock nbgrader runs them) and by
    the grader: the same verdict for every check, with zero differences."""
    aid, out, _ = graded
    plain_json = tmp_path / "plain.json"
    runner = Path(__file__).parent / "plain_kernel.py"
    subprocess.run(
        [sys.executable, str(runner), aid, str(SUBMISSIONS / aid), str(plain_json)],
        check=True,
        timeout=1800,
    )
    plain = json.loads(plain_json.read_text("utf-8"))
    ours = results_of(out)
    variants = [s for s in plain if s.startswith("passes_variant_")]
    assert len(variants) >= 5, f"{aid}: tests/variants/{aid}.py has too few VARIANTS"
    differences = []
    for student, verdicts in plain.items():
        rows = {r["grade_id"]: r for r in ours[student]["rows"]}
        for check, verdict in verdicts.items():
            if (verdict == "ok") != (rows[check]["status"] == "ok"):
                differences.append(f"{student} {check}: plain {verdict}, grader {rows[check]}")
    assert not differences, "\n".join(differences)


def test_each_attack_leaves_nothing_for_the_next_submission(tmp_path):
    """One worker grades, in turn, every attack of 05's corpus and right after it the plain
    wrong answer: each time the plain wrong answer gets exactly its own score."""
    aid = "05_optimizers"
    folder = SUBMISSIONS / aid
    attacks = [p for p in sorted(folder.glob("*.ipynb")) if not p.is_symlink()]
    attacks = [p for p in attacks if p.stem.startswith(("tamper_", "hostile_"))]
    class_dir = tmp_path / "class"
    class_dir.mkdir()
    for index, attack in enumerate(attacks):
        (class_dir / f"{index:02d}a_{attack.stem}.ipynb").write_bytes(attack.read_bytes())
        plain = (folder / f"{PLAIN_WRONG}.ipynb").read_bytes()
        (class_dir / f"{index:02d}b_plain_wrong.ipynb").write_bytes(plain)
    results = grade(aid, class_dir, tmp_path / "out", root=REPO_ROOT, workers=1, timeout=15)
    expected = [r for r in normalized(folder / "expected.csv") if r.startswith(PLAIN_WRONG + ",")]
    own = sorted(line.split(",", 1)[1] for line in expected)
    for result in results:
        if "b_plain_wrong" in result["student_id"]:
            got = sorted(
                f"{r['grade_id']},{r['score']:g},{r['max_score']:g},{r['status']}"
                for r in result["rows"]
            )
            assert got == own, result["student_id"]
