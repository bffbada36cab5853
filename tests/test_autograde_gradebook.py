"""nbgrader interop: a course directory laid out the nbgrader way (source/<aid>/,
submitted/<student>/<aid>/), a 3-point manual cell, overrides.csv, the gradebook through
nbgrader's API and stock `nbgrader export` (issue 18)."""

import copy
import csv
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parent.parent
NB = "03_gradient_descent"
AID = "hw1"  # nbgrader's assignment id, its notebook named otherwise
NOTEBOOK = "gradient_descent"
SUBMISSIONS = REPO / "tests" / "submissions" / NB
MANUAL_ID = "explain_learning_rate"
MANUAL_TEXT = "학습률이 너무 크면 손실이 커지며 발산합니다."
STAMP = "2026-11-30 09:15:00.000000 UTC"
OVERRIDES = (
    "student,grade_id,score,comment\n"
    "carol,test_mse_gradients,1,1/n 만 빠졌으니 부분 점수\n"
    "carol,explain_learning_rate,2,발산은 맞지만 이유가 빠짐\n"
)

pytest.importorskip("nbgrader")


def manual_cell(text: str):
    cell = nbformat.v4.new_markdown_cell(text)
    cell.id = "explain-learning-rate"
    cell.metadata["nbgrader"] = {
        "grade": True,
        "solution": True,
        "locked": False,
        "task": False,
        "grade_id": MANUAL_ID,
        "points": 3,
        "schema_version": 3,
    }
    return cell


def with_manual(path: Path, text: str):
    nb = nbformat.read(str(path), as_version=4)
    nb = copy.deepcopy(nb)
    nb.cells.append(manual_cell(text))
    return nb


def write_submission(course: Path, student: str, nb) -> None:
    folder = course / "submitted" / student / AID
    folder.mkdir(parents=True)
    nbformat.write(nb, str(folder / f"{NOTEBOOK}.ipynb"))
    (folder / "timestamp.txt").write_text(STAMP + "\n", encoding="utf-8")


def grade_cmd(course: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "autograde", "grade", "--root", str(course)]
    cmd += ["--assignment", AID, "--submissions", str(course / "submitted"), "--out", str(out)]
    cmd += ["--workers", "2", "--timeout", "60", *extra]
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """An nbgrader course directory with three students, graded once with --gradebook."""
    course = tmp_path_factory.mktemp("nbgrader-course")
    source = course / "source" / AID / f"{NOTEBOOK}.ipynb"
    source.parent.mkdir(parents=True)
    nbformat.write(with_manual(REPO / "solutions" / NB / f"{NB}.ipynb", "모범 답안"), str(source))
    write_submission(
        course, "alice", with_manual(REPO / "solutions" / NB / f"{NB}.ipynb", MANUAL_TEXT)
    )
    write_submission(course, "bob", with_manual(SUBMISSIONS / "blank_student_version.ipynb", ""))
    failing = SUBMISSIONS / "fails_mse_gradients_forgets_1_over_n.ipynb"
    write_submission(course, "carol", with_manual(failing, "발산합니다."))
    out = course / "grades"
    out.mkdir()
    (out / "overrides.csv").write_text(OVERRIDES, encoding="utf-8")
    proc = grade_cmd(course, out, "--gradebook", str(course / "gradebook.db"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return course


def totals(course: Path) -> dict[str, dict]:
    return {r["student_id"]: r for r in read_csv(course / "grades" / "totals.csv")}


def test_manual_cell_is_listed_with_its_points_in_the_maximum(course):
    rows = read_csv(course / "grades" / "grades.csv")
    manual = {r["student_id"]: r for r in rows if r["grade_id"] == MANUAL_ID}
    assert set(manual) == {"alice", "bob", "carol"}
    assert manual["alice"]["status"] == "needs_manual_grading"
    assert (manual["alice"]["score"], manual["alice"]["max_score"]) == ("0", "3")
    found = totals(course)
    assert {s: (r["score"], r["max_score"]) for s, r in found.items()} == {
        "alice": ("12", "15"),
        "bob": ("0", "15"),
        "carol": ("12", "15"),  # 9 graded + 1 and 2 from overrides.csv
    }
    assert found["alice"]["status"] == "needs_manual_grading"
    page = (course / "grades" / "feedback" / "alice.html").read_text(encoding="utf-8")
    assert MANUAL_TEXT in page and "수동 채점 대기" in page


def test_overrides_apply_and_show_their_comment(course):
    rows = {(r["student_id"], r["grade_id"]): r for r in read_csv(course / "grades" / "grades.csv")}
    assert rows[("carol", "test_mse_gradients")]["score"] == "1"
    assert rows[("carol", "test_mse_gradients")]["status"] == "overridden"
    assert rows[("carol", MANUAL_ID)]["score"] == "2"
    page = (course / "grades" / "feedback" / "carol.html").read_text(encoding="utf-8")
    assert "1/n 만 빠졌으니 부분 점수" in page and "발산은 맞지만 이유가 빠짐" in page
    assert '<b class="bad">5 / 6</b>' in page  # passed checks: the manual cell is not one
    assert (course / "grades" / "overrides.csv").read_text(encoding="utf-8") == OVERRIDES


def test_gradebook_holds_auto_scores_and_manual_cells(course):
    from nbgrader.api import Gradebook

    grades = {
        (r["student_id"], r["grade_id"]): r for r in read_csv(course / "grades" / "grades.csv")
    }
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert sorted(s.id for s in gb.students) == ["alice", "bob", "carol"]
        assert [n.name for n in gb.find_assignment(AID).notebooks] == [NOTEBOOK]
        for (student, grade_id), row in grades.items():
            grade = gb.find_grade(grade_id, NOTEBOOK, AID, student)
            assert grade.max_score == float(row["max_score"])
            if grade_id == MANUAL_ID:
                assert grade.auto_score is None
                assert grade.needs_manual_grade == (student != "carol")
            elif row["status"] == "overridden":
                assert grade.manual_score == float(row["score"])
                assert grade.auto_score == 0.0 and not grade.needs_manual_grade
            else:
                assert grade.auto_score == float(row["score"]) and not grade.needs_manual_grade
        assert gb.find_submission(AID, "alice").timestamp.year == 2026
    autograded = course / "autograded" / "alice" / AID / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(str(autograded), as_version=4)
    assert MANUAL_TEXT in [c.source for c in nb.cells]
    blank = (course / "autograded" / "bob" / AID / f"{NOTEBOOK}.ipynb").read_text("utf-8")
    assert "### BEGIN SOLUTION" not in blank  # the student's cells, never the solution
    inputs = re.findall(r'<input class="score tabbable" id="([^"]+)"', formgrader_page(autograded))
    rows = read_csv(course / "grades" / "grades.csv")
    assert inputs == [r["grade_id"] for r in rows if r["student_id"] == "alice"]


def formgrader_page(notebook: Path) -> str:
    """The page formgrader shows for a submission (its exporter and template, as in
    nbgrader.server_extensions.formgrader): one score box per graded cell."""
    from nbconvert import HTMLExporter
    from nbgrader.server_extensions.formgrader import handlers
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.template_name = "formgrade"
    config.HTMLExporter.extra_template_basedirs = [handlers.template_path]
    keys = ("assignment_id", "notebook_id", "submission_id", "base_url", "student")
    resources = dict.fromkeys(keys, "x") | {"index": 0, "total": 3, "notebook_path": "x"}
    return HTMLExporter(config=config).from_filename(str(notebook), resources=resources)[0]


def test_nbgrader_export_prints_our_totals_plus_manual_points(course, tmp_path):
    """The instructor gives alice 3 manual points as formgrader does; stock `nbgrader export`
    then prints totals.csv plus those points, and a re-run keeps them."""
    from nbgrader.api import Gradebook

    db = f"sqlite:///{course / 'gradebook.db'}"
    with Gradebook(db) as gb:
        grade = gb.find_grade(MANUAL_ID, NOTEBOOK, AID, "alice")
        grade.manual_score, grade.needs_manual_grade = 3.0, False
        gb.db.commit()
    again = grade_cmd(course, course / "grades", "--gradebook", str(course / "gradebook.db"))
    assert again.returncode == 0 and "새로 채점 0개" in again.stdout, again.stdout + again.stderr
    nbgrader = Path(sys.executable).parent / "nbgrader"
    export = tmp_path / "export.csv"
    proc = subprocess.run(
        [str(nbgrader), "export", f"--db={db}", f"--to={export}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    exported = {r["student_id"]: r for r in read_csv(export)}
    manual = {"alice": 3.0, "bob": 0.0, "carol": 0.0}  # carol's 2 is in totals.csv already
    for student, ours in totals(course).items():
        assert float(exported[student]["score"]) == float(ours["score"]) + manual[student]
        assert float(exported[student]["max_score"]) == float(ours["max_score"]) == 15


def test_bad_overrides_stop_before_grading(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "overrides.csv").write_text(
        "student,grade_id,score,comment\nkim,test_mse,7,\nkim,no_such_cell,1,\n", encoding="utf-8"
    )
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "kim.ipynb").write_bytes((SUBMISSIONS / "blank_student_version.ipynb").read_bytes())
    cmd = [sys.executable, "-m", "autograde", "grade", "--assignment", NB]
    proc = subprocess.run(
        [*cmd, "--submissions", str(subs), "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "2행" in proc.stderr and "0 ~ 2" in proc.stderr and "no_such_cell" in proc.stderr
    assert "Traceback" not in proc.stderr and not (out / "results").exists()


def test_release_names_the_manual_cells(tmp_path, capsys):
    from autograde.release import check_source

    source = tmp_path / f"{NB}.ipynb"
    nbformat.write(with_manual(REPO / "solutions" / NB / f"{NB}.ipynb", "답"), str(source))
    check_source(NB, source)
    said = capsys.readouterr().out
    assert MANUAL_ID in said and "3점" in said and "needs_manual_grading" in said


def test_nbgrader_submitted_folder_with_several_assignments(tmp_path):
    """submitted/<student>/<aid>/: the assignment's own folder is read, not the others."""
    from autograde.submissions import collect

    for aid in ("hw1", "hw2"):
        folder = tmp_path / "submitted" / "kim" / aid
        folder.mkdir(parents=True)
        (folder / "notebook.ipynb").write_text("{}", encoding="utf-8")
        (folder / "timestamp.txt").write_text(STAMP, encoding="utf-8")
    (sub,) = collect(tmp_path / "submitted", "hw2", tmp_path / "scratch")
    assert sub.student_id == "kim" and sub.problem is None
    assert Path(sub.path) == tmp_path / "submitted" / "kim" / "hw2" / "notebook.ipynb"


HOSTILE_MARKDOWN = (
    "발산합니다 <img src=x onerror=alert(1)> <script>alert(2)</script> a < b & c\n\n"
    "[보기](javascript:alert(3)) [x](JavaScript\\:alert(4)) [ref]\n\n[ref]: javascript:alert(5)\n"
)


def test_a_manual_answer_cannot_run_script_in_formgrader(tmp_path):
    from autograde.gradebook import write_autograded

    source = tmp_path / "source" / AID / f"{NOTEBOOK}.ipynb"
    source.parent.mkdir(parents=True)
    nbformat.write(nbformat.v4.new_notebook(cells=[manual_cell("")]), str(source))
    result = {"student_id": "mallory", "answers": {MANUAL_ID: HOSTILE_MARKDOWN}}
    write_autograded(tmp_path, AID, source, result)
    page = formgrader_page(tmp_path / "autograded" / "mallory" / AID / f"{NOTEBOOK}.ipynb")
    body = page.partition('id="explain_learning_rate"')[2] or page
    assert "<img" not in body and "<script>alert" not in body
    assert not re.search(r"href=\"\s*javascript", page, re.I)
    assert "발산합니다" in body and "onerror=alert(1)" in body  # shown as text, not dropped


def test_a_timestamp_is_read_only_where_nbgrader_writes_one(tmp_path):
    from autograde.gradebook import submitted_at

    def result_in(folder: Path, student: str) -> dict:
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text("2020-01-01 00:00:00 UTC\n", encoding="utf-8")
        return {"student_id": student, "submission": str(folder / f"{NOTEBOOK}.ipynb")}

    nbgrader = result_in(tmp_path / "submitted" / "alice" / AID, "alice")
    assert submitted_at(nbgrader, AID)["timestamp"].year == 2020
    # a student's own upload: a plain folder, a Moodle folder (also one with <id>/<aid>/ in it)
    assert submitted_at(result_in(tmp_path / "plain" / "bob", "bob"), AID) == {}
    moodle = tmp_path / "Kim Minsu_2001_assignsubmission_file"
    assert submitted_at(result_in(moodle, "2001"), AID) == {}
    assert submitted_at(result_in(moodle / "2001" / AID, "2001"), AID, lms=True) == {}
