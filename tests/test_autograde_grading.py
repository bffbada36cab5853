"""End-to-end grading of the fixture assignment (tests/fixtures/solutions/00_demo)."""

import copy
import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from autograde import grading
from autograde.grading import grade
from autograde.release import release_assignment

FIXTURES = Path(__file__).parent / "fixtures"
AID = "00_demo"
SOURCE = FIXTURES / "solutions" / AID / f"{AID}.ipynb"
TIMEOUT = 3
HIDDEN_SNIPPETS = ["np.arange(12, 24)", "_y = np.arange(24)", "np.full((2, 2), 51", "HIDDEN TESTS"]


def load(path: Path):
    return nbformat.read(str(path), as_version=4)


def cell(nb, grade_id: str):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def set_answer(nb, grade_id: str, source: str):
    nb = copy.deepcopy(nb)
    cell(nb, grade_id).source = source
    return nb


def write(folder: Path, name: str, nb) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


FLATTEN_OK = "def flatten(x):\n    return np.asarray(x).reshape(len(x), -1)"
NORMALIZE_OK = "def normalize(x):\n    return np.asarray(x, dtype=np.float32) / 255.0"


def make_submissions(folder: Path, blank) -> None:
    """One submission per behaviour under test (student id = what it shows)."""
    solution = load(SOURCE)
    good = set_answer(set_answer(blank, "flatten", FLATTEN_OK), "normalize", NORMALIZE_OK)
    write(folder, "solution.ipynb", solution)
    write(folder, "blank.ipynb", blank)
    write(folder, "wrong.ipynb", set_answer(good, "flatten", "def flatten(x):\n    return x"))
    fortran = "def flatten(x):\n    return np.asarray(x).reshape(len(x), -1, order='F')"
    write(folder, "hidden_wrong.ipynb", set_answer(good, "flatten", fortran))
    deleted = copy.deepcopy(good)
    deleted.cells.remove(cell(deleted, "normalize"))
    write(folder, "deleted.ipynb", deleted)
    stripped = copy.deepcopy(good)
    for i, c in enumerate(stripped.cells):
        c.metadata = {}
        c.id = f"colab-{i}"
    write(folder, "stripped.ipynb", stripped)
    (folder / "invalid_json.ipynb").write_text("{not json", encoding="utf-8")
    (folder / "empty.ipynb").write_text("", encoding="utf-8")
    noisy = "import sys, warnings\nprint('경고', file=sys.stderr)\nwarnings.warn('조심')\n"
    write(folder, "noisy.ipynb", set_answer(good, "flatten", noisy + FLATTEN_OK))
    loop = "def flatten(x):\n    while True:\n        pass"
    write(folder, "loop.ipynb", set_answer(good, "flatten", loop))
    stuck = "import signal\n\n\ndef flatten(x):\n    signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
    write(
        folder, "stuck.ipynb", set_answer(good, "flatten", stuck + "    while True:\n        pass")
    )
    write(folder, "exit.ipynb", set_answer(good, "normalize", "import os\nos._exit(1)"))
    write(folder, "syntax.ipynb", set_answer(good, "flatten", "def flatten(x)\n    return x"))
    markdown = copy.deepcopy(good)
    c = cell(markdown, "flatten")
    c.cell_type = "markdown"
    del c["outputs"], c["execution_count"]
    write(folder, "markdown.ipynb", markdown)
    edited = set_answer(good, "flatten", "def flatten(x):\n    return x")
    cell(edited, "test_flatten").source = "assert True"
    write(folder, "edited_tests.ipynb", edited)
    write(folder, "folder/work/00_demo.ipynb", good)
    write(folder, "folder/scratch.ipynb", blank)
    write(folder, "folder/.ipynb_checkpoints/00_demo-checkpoint.ipynb", blank)
    write(folder, "ambiguous/a.ipynb", good)
    write(folder, "ambiguous/b.ipynb", good)
    with zipfile.ZipFile(folder / "zipped.zip", "w") as zf:
        zf.writestr("zipped/hw/00_demo.ipynb", nbformat.writes(good))
        zf.writestr("__MACOSX/zipped/hw/._00_demo.ipynb", "junk")
    (folder / "notes.txt").write_text("not a submission", encoding="utf-8")


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    release_assignment(AID, root=FIXTURES, out=out)
    return load(out / AID / f"{AID}.ipynb")


@pytest.fixture(scope="module")
def batch(tmp_path_factory, blank):
    subs = tmp_path_factory.mktemp("subs")
    make_submissions(subs, blank)
    out = tmp_path_factory.mktemp("out")
    results = grade(AID, subs, out, root=FIXTURES, workers=2, timeout=TIMEOUT)
    return {"subs": subs, "out": out, "results": {r["student_id"]: r for r in results}}


def rows_of(batch, student: str) -> dict[str, dict]:
    return {r["grade_id"]: r for r in batch["results"][student]["rows"]}


def statuses(batch, student: str) -> dict[str, str]:
    return {gid: r["status"] for gid, r in rows_of(batch, student).items()}


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_solution_gets_full_marks(batch):
    result = batch["results"]["solution"]
    assert result["score"] == result["max_score"] == 4
    assert result["status"] == "ok"


def test_blank_release_gets_zero_not_implemented(batch):
    assert batch["results"]["blank"]["score"] == 0
    assert set(statuses(batch, "blank").values()) == {"not_implemented"}


def test_wrong_answer_fails_with_hint(batch):
    row = rows_of(batch, "wrong")["test_flatten"]
    assert row["status"] == "failed"
    assert "(N, H*W)" in row["reason"]
    assert row["score"] == 0
    assert batch["results"]["wrong"]["score"] == 2


def test_hidden_failure_is_marked_hidden(batch):
    row = rows_of(batch, "hidden_wrong")["test_flatten"]
    assert row["status"] == "failed"
    assert row["reason"].startswith("(hidden) AssertionError")


def test_deleted_answer_cell_is_missing(batch):
    assert statuses(batch, "deleted") == {
        "test_flatten": "ok",
        "test_normalize": "missing_cell",
        "test_normalize_hidden": "missing_cell",
    }


def test_markdown_answer_cell_is_missing(batch):
    assert statuses(batch, "markdown")["test_flatten"] == "missing_cell"


def test_stripped_metadata_matched_by_def_names(batch):
    assert batch["results"]["stripped"]["score"] == 4


@pytest.mark.parametrize("student", ["invalid_json", "empty", "ambiguous"])
def test_invalid_notebooks(batch, student):
    assert set(statuses(batch, student).values()) == {"invalid_notebook"}
    assert batch["results"][student]["score"] == 0


@pytest.mark.parametrize("student", ["zipped", "folder", "noisy"])
def test_full_marks_for_zip_folder_and_stderr_output(batch, student):
    assert batch["results"][student]["score"] == 4


def test_edited_test_cells_are_ignored(batch):
    assert statuses(batch, "edited_tests")["test_flatten"] == "failed"


def test_syntax_error_in_answer_is_reported(batch):
    row = rows_of(batch, "syntax")["test_flatten"]
    assert row["status"] == "error"
    assert "SyntaxError" in row["reason"] and "답안 셀" in row["reason"]


def test_infinite_loop_times_out(batch):
    assert statuses(batch, "loop") == {
        "test_flatten": "timeout",
        "test_normalize": "ok",
        "test_normalize_hidden": "ok",
    }


def test_code_ignoring_interrupts_is_killed_and_the_rest_still_graded(batch):
    assert statuses(batch, "stuck") == {
        "test_flatten": "timeout",
        "test_normalize": "ok",
        "test_normalize_hidden": "ok",
    }
    assert any("timeout" in flag for flag in batch["results"]["stuck"]["flags"])


def test_os_exit_costs_only_its_own_question(batch):
    assert statuses(batch, "exit") == {
        "test_flatten": "ok",
        "test_normalize": "kernel_died",
        "test_normalize_hidden": "kernel_died",
    }
    rows = rows_of(batch, "exit")
    assert "sandbox died" in rows["test_normalize"]["reason"]
    assert any("os._exit" in flag for flag in batch["results"]["exit"]["flags"])


def test_csv_outputs(batch):
    out = batch["out"]
    grades = read_csv(out / "grades.csv")
    assert list(grades[0]) == [
        "student_id",
        "assignment",
        "grade_id",
        "score",
        "max_score",
        "status",
        "reason",
    ]
    students = [g["student_id"] for g in grades]
    assert students == sorted(students)
    assert len(grades) == 3 * len(batch["results"])
    assert [g["grade_id"] for g in grades[:3]] == [
        "test_flatten",
        "test_normalize",
        "test_normalize_hidden",
    ]
    totals = {t["student_id"]: t for t in read_csv(out / "totals.csv")}
    assert list(next(iter(totals.values()))) == [
        "student_id",
        "assignment",
        "score",
        "max_score",
        "status",
        "flags",
        "seconds",
    ]
    assert totals["solution"]["score"] == "4" and totals["solution"]["max_score"] == "4"
    assert "notes" not in totals


def test_result_files_have_sha256(batch):
    data = json.loads((batch["out"] / "results" / "solution.json").read_text("utf-8"))
    assert len(data["sha256"]) == 64


def test_feedback_has_no_hidden_source(batch):
    for page in (batch["out"] / "feedback").glob("*.html"):
        text = page.read_text("utf-8")
        for snippet in HIDDEN_SNIPPETS:
            assert snippet not in text, (page.name, snippet)
        assert "Traceback" not in text
    text = (batch["out"] / "feedback" / "hidden_wrong.html").read_text("utf-8")
    assert "숨겨진 검사(다른 입력)에서 실패" in text
    assert (
        "원소 순서가 유지되어야 합니다." not in text
    )  # the hidden check's own message names its case
    assert "(N, H*W)" in (batch["out"] / "feedback" / "wrong.html").read_text("utf-8")


def test_resume_skips_graded_submissions(batch, capsys):
    out = batch["out"]
    before = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    results = grade(AID, batch["subs"], out, root=FIXTURES, workers=2, timeout=TIMEOUT)
    assert "새로 채점 0개" in capsys.readouterr().out
    after = {p.name: p.stat().st_mtime_ns for p in (out / "results").glob("*.json")}
    assert before == after
    assert {r["student_id"]: r["rows"] for r in results} == {
        k: v["rows"] for k, v in batch["results"].items()
    }


def test_resume_regrades_changed_submission(batch, tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "solution.ipynb").write_bytes((batch["subs"] / "solution.ipynb").read_bytes())
    (subs / "empty.ipynb").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    grade(AID, subs, out, root=FIXTURES, workers=1, timeout=TIMEOUT)
    (subs / "empty.ipynb").write_text("{}", encoding="utf-8")
    capsys.readouterr()
    results = grade(AID, subs, out, root=FIXTURES, workers=1, timeout=TIMEOUT)
    assert "새로 채점 1개" in capsys.readouterr().out
    assert [r["score"] for r in results] == [0, 4]
    grade(AID, subs, out, root=FIXTURES, workers=1, timeout=TIMEOUT, force=True)
    assert "새로 채점 2개" in capsys.readouterr().out


def test_same_grades_with_one_worker_and_zip_dir(batch, tmp_path):
    names = ["solution.ipynb", "wrong.ipynb", "zipped.zip", "empty.ipynb"]
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in names:
            zf.write(batch["subs"] / name, f"submissions/{name}")
        for path in sorted((batch["subs"] / "folder").rglob("*")):
            if path.is_file():
                zf.write(path, "submissions/" + path.relative_to(batch["subs"]).as_posix())
    results = grade(AID, archive, tmp_path / "out", root=FIXTURES, workers=1, timeout=TIMEOUT)
    got = {r["student_id"]: r["rows"] for r in results}
    assert sorted(got) == ["empty", "folder", "solution", "wrong", "zipped"]
    for student, rows in got.items():
        assert rows == batch["results"][student]["rows"], student


def crash_on_purpose(job):
    """Stands in for grading.grade_one in the forked workers."""
    import os

    if job.submission.student_id == "crash":
        os._exit(3)
    return REAL_GRADE_ONE(job)


REAL_GRADE_ONE = grading.grade_one


def test_worker_crash_becomes_error_rows(tmp_path, monkeypatch):
    subs = tmp_path / "subs"
    subs.mkdir()
    for student in ("crash", "fine1", "fine2"):
        (subs / f"{student}.ipynb").write_text("", encoding="utf-8")  # invalid: no kernel
    monkeypatch.setattr(grading, "grade_one", crash_on_purpose)
    results = grade(AID, subs, tmp_path / "out", root=FIXTURES, workers=2, timeout=TIMEOUT)
    by_id = {r["student_id"]: r for r in results}
    assert {r["status"] for r in by_id["crash"]["rows"]} == {"error"}
    assert "worker crashed" in by_id["crash"]["rows"][0]["reason"]
    for student in ("fine1", "fine2"):
        assert {r["status"] for r in by_id[student]["rows"]} == {"invalid_notebook"}


def test_cli_grade(tmp_path):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "empty.ipynb").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    base = [sys.executable, "-m", "autograde", "--root", str(FIXTURES), "grade"]
    args = ["--assignment", AID, "--submissions", str(subs), "--out", str(out)]
    proc = subprocess.run([*base, *args, "--workers", "1"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "제출물 1개" in proc.stdout and "제출물당" in proc.stdout
    assert (out / "feedback" / "empty.html").is_file()
    assert len(read_csv(out / "grades.csv")) == 3
    args[1] = "99_missing"
    proc = subprocess.run([*base, *args], capture_output=True, text=True)
    assert proc.returncode == 2 and "99_missing" in proc.stderr


def test_no_sandbox_grades_the_same_and_says_so_everywhere(batch, tmp_path):
    from autograde.grading import NO_SANDBOX
    from autograde.sandbox import SandboxConfig

    subs = tmp_path / "subs"
    subs.mkdir()
    for name in ["solution.ipynb", "wrong.ipynb", "exit.ipynb"]:
        (subs / name).write_bytes((batch["subs"] / name).read_bytes())
    out = tmp_path / "out"
    config = SandboxConfig(enabled=False)
    results = grade(AID, subs, out, root=FIXTURES, workers=1, timeout=TIMEOUT, sandbox=config)
    for result in results:
        assert result["rows"] == batch["results"][result["student_id"]]["rows"]
        assert result["sandboxed"] is False and NO_SANDBOX in result["flags"]
        page = (out / "feedback" / f"{result['student_id']}.html").read_text(encoding="utf-8")
        assert "샌드박스 없이 채점됨" in page
    assert all(NO_SANDBOX in t["flags"] for t in read_csv(out / "totals.csv"))


def test_cache_key_holds_what_changes_a_grade(tmp_path, capsys, monkeypatch):
    """A re-run regrades after any change of timeout, limits, grader or source notebook."""
    from autograde.sandbox import Limits, SandboxConfig

    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "empty.ipynb").write_text("", encoding="utf-8")  # invalid: graded in milliseconds
    out = tmp_path / "out"

    def regraded(**options) -> int:
        capsys.readouterr()
        grade(AID, subs, out, root=FIXTURES, workers=1, **{"timeout": TIMEOUT, **options})
        text = capsys.readouterr().out
        return int(text.split("새로 채점 ")[1].split("개")[0])

    assert regraded() == 1
    assert regraded() == 0
    assert regraded(timeout=TIMEOUT + 1) == 1
    assert regraded(timeout=TIMEOUT + 1) == 0
    smaller = SandboxConfig(limits=Limits(cpu=300))
    assert regraded(timeout=TIMEOUT + 1, sandbox=smaller) == 1
    assert regraded(timeout=TIMEOUT + 1) == 1  # back to the default limits
    monkeypatch.setattr(grading, "grader_version", lambda: "another grader")
    assert regraded(timeout=TIMEOUT + 1) == 1
    stored = json.loads((out / "results" / "empty.json").read_text("utf-8"))
    assert stored["grader"] == "another grader" and stored["timeout"] == TIMEOUT + 1
    assert stored["limits"]["cpu"] == Limits().cpu
    assert stored["graded_at"][:4].isdigit() and "T" in stored["graded_at"]
    page = (out / "feedback" / "empty.html").read_text("utf-8")
    assert "제출 파일 (file): empty.ipynb" in page and stored["graded_at"] in page


def test_grader_version_is_a_hash_of_the_package_source(tmp_path):
    for path in Path(grading.__file__).parent.glob("*.py"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    assert grading.source_hash(tmp_path) == grading.grader_version()
    with open(tmp_path / "score.py", "a", encoding="utf-8") as fh:
        fh.write("\n")
    assert grading.source_hash(tmp_path) != grading.grader_version()


def test_students_gone_from_the_folder_lose_their_files(tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    for student in ("stays", "leaves", "renamed"):
        (subs / f"{student}.ipynb").write_text("", encoding="utf-8")
    out = tmp_path / "out"
    grade(AID, subs, out, root=FIXTURES, workers=1, timeout=TIMEOUT)
    (subs / "leaves.ipynb").unlink()
    (subs / "renamed.ipynb").rename(subs / "new_name.ipynb")
    (out / "results" / "notes.txt").write_text("the instructor's own file", encoding="utf-8")
    capsys.readouterr()
    grade(AID, subs, out, root=FIXTURES, workers=1, timeout=TIMEOUT)
    assert "removed 4 results/feedback files" in capsys.readouterr().out
    assert sorted(p.name for p in (out / "results").iterdir()) == [
        "new_name.json",
        "notes.txt",
        "stays.json",
    ]
    assert sorted(p.name for p in (out / "feedback").iterdir()) == ["new_name.html", "stays.html"]
    assert [r["student_id"] for r in read_csv(out / "totals.csv")] == ["new_name", "stays"]
