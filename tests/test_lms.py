"""Canvas and Moodle downloads graded as they come (ids, the chosen submission, LATE), and the
files `export` writes for each LMS to import (the gradebook CSV, the worksheet, feedback zips)."""

import csv
import io
import os
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from autograde.cli import main
from autograde.grading import grade
from autograde.lms import AMBIGUOUS, LATE, OLDER, read_roster
from autograde.report import feedback_path
from autograde.submissions import collect

REPO = Path(__file__).resolve().parent.parent
AID = "00_perceptron"
SOLUTION = REPO / "solutions" / AID / f"{AID}.ipynb"
BLANK = REPO / "course" / AID / f"{AID}.ipynb"
NB = b'{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
OLD, NEW = (2026, 11, 20, 10, 0, 0), (2026, 11, 21, 9, 30, 0)

CANVAS_GRADEBOOK = """\
Student,ID,SIS User ID,SIS Login ID,Section,00_perceptron (777),Quiz 1 (778),Current Score
    Points Possible,,,,,10.00,5.00,(read only)
"Kim, Minsu",1001,s1001,kim,A,,4,
"Lee, Jiwoo",1002,s1002,lee,A,7,3,
"=HYPERLINK(""http://x"")",1003,s1003,park,B,,,
"Student, Test",1009,,,A,,,
"""

MOODLE_WORKSHEET = """\
Identifier,Full name,Email address,Status,Grade,Maximum Grade,Grade can be changed,\
Last modified (submission),Last modified (grade),Feedback comments
Participant 2001,최유나,yuna@example.org,Submitted,,100.00,Yes,"Friday, 21 November 2026",-,
Participant 2002,Jung Minho,minho@example.org,Submitted,,100.00,Yes,"Friday, 21 November 2026",-,
Participant 2999,No Submission,none@example.org,No submission,,100.00,Yes,-,-,
"""


def write_zip(path: Path, members: dict[str, tuple[bytes, tuple]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, (data, when) in members.items():
            zf.writestr(zipfile.ZipInfo(name, when), data)
    return path


def put(path: Path, data: bytes, when: tuple = NEW) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    stamp = datetime(*when).timestamp()
    os.utime(path, (stamp, stamp))


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"))))


def totals(out: Path) -> dict[str, dict]:
    return {row["student_id"]: row for row in csv.DictReader(open(out / "totals.csv"))}


@pytest.fixture(scope="module")
def canvas(tmp_path_factory):
    """A Canvas "Download Submissions" zip: 1001 resubmitted late (Canvas adds "-1" to the
    name), 1002 once, 1003 typed a text entry; graded with the real grader."""
    tmp = tmp_path_factory.mktemp("canvas")
    solution, blank = SOLUTION.read_bytes(), BLANK.read_bytes()
    download = write_zip(
        tmp / "submissions.zip",
        {
            "kimminsu_1001_5001_00_perceptron.ipynb": (blank, OLD),
            "kimminsu_LATE_1001_5002_00_perceptron-1.ipynb": (solution, NEW),
            "leejiwoo_1002_5003_hw.ipynb": (blank, NEW),
            "parkhana_1003_text.html": (b"<p>my answer</p>", NEW),
        },
    )
    grade(AID, download, tmp / "grades", workers=2)
    return tmp


@pytest.fixture(scope="module")
def moodle(tmp_path_factory):
    """A Moodle "Download all submissions" folder (4.1's folder names): 2001 has two notebooks,
    the newer not the one named like the assignment; 2003 typed online text."""
    tmp = tmp_path_factory.mktemp("moodle")
    folder = tmp / "download"
    put(folder / "최유나_2001_assignsubmission_file" / f"{AID}.ipynb", BLANK.read_bytes(), OLD)
    put(folder / "최유나_2001_assignsubmission_file" / f"{AID} (1).ipynb", SOLUTION.read_bytes())
    put(folder / "Jung Minho_2002_assignsubmission_file" / "hw" / "x.ipynb", BLANK.read_bytes())
    put(folder / "Han Seo_2003_assignsubmission_onlinetext" / "onlinetext.html", b"<p>hi</p>")
    grade(AID, folder, tmp / "grades", workers=2)
    return tmp


@pytest.mark.sandbox
def test_canvas_download_is_one_student_per_user_id(canvas):
    got = totals(canvas / "grades")
    assert sorted(got) == ["1001", "1002", "1003"]
    top = got["1001"]["max_score"]
    assert (got["1001"]["score"], got["1001"]["status"]) == (top, "ok")  # the late resubmission
    assert LATE in got["1001"]["flags"] and OLDER in got["1001"]["flags"]
    assert (got["1002"]["score"], got["1002"]["flags"]) == ("0", "")
    assert got["1003"]["status"] == "invalid_notebook"
    roster = read_roster(canvas / "grades")
    assert roster["1001"] == {
        "student_id": "1001",
        "name": "kimminsu",
        "lms": "canvas",
        "late": "yes",
        "file": "00_perceptron-1.ipynb",
        "attachment": "5002",
        "older": "00_perceptron.ipynb",
    }
    assert (roster["1002"]["late"], roster["1002"]["older"]) == ("", "")
    assert roster["1003"]["file"] == "text.html"


@pytest.mark.sandbox
def test_canvas_export_fills_the_exported_gradebook(canvas, capsys):
    template, out = canvas / "gradebook.csv", canvas / "import.csv"
    template.write_text("\ufeff" + CANVAS_GRADEBOOK, encoding="utf-8")
    grades = canvas / "grades"
    args = ["--grades", str(grades), "--out", str(out), "--template", str(template)]
    assert main(["export", "--format", "canvas", *args]) == 0
    assert "replaced the grade already there for: 1002\n" in capsys.readouterr().out
    assert out.read_text("utf-8").startswith("\ufeff")  # as Canvas wrote it
    before, after = read_csv(template), read_csv(out)
    assert after[:2] == before[:2]  # header and Points Possible unchanged
    assert before[3][5] == "7"  # 1002's grade entered in Canvas before the export
    by_id = {row[1]: row for row in after[2:]}
    assert [by_id[i][5] for i in ("1001", "1002", "1003", "1009")] == ["10", "0", "0", ""]
    assert [by_id[i][6] for i in ("1001", "1002")] == ["4", "3"]  # other columns kept
    assert by_id["1003"][0] == "'" + before[4][0]  # a formula name is spreadsheet-safe

    with zipfile.ZipFile(canvas / "import-feedback.zip") as zf:
        names = zf.namelist()
        assert zf.read(names[0]) == feedback_path(grades, "1001").read_bytes()
    assert len(names) == 2  # 1003's text entry has no attachment to comment on
    roster = read_roster(grades)
    for name in names:  # how Canvas's "Re-Upload Submissions" reads a file name
        user_id, attachment_id = [part for part in name.split("_") if part.isdigit()][:2]
        assert attachment_id == roster[user_id]["attachment"]


@pytest.mark.sandbox
def test_moodle_download_is_one_student_per_participant(moodle):
    got = totals(moodle / "grades")
    assert sorted(got) == ["2001", "2002", "2003"]
    assert got["2001"]["score"] == got["2001"]["max_score"]  # the newer file
    assert OLDER in got["2001"]["flags"] and LATE not in got["2001"]["flags"]
    assert (got["2002"]["score"], got["2003"]["status"]) == ("0", "invalid_notebook")
    roster = read_roster(moodle / "grades")
    assert (roster["2001"]["name"], roster["2001"]["lms"]) == ("최유나", "moodle")
    assert (roster["2001"]["file"], roster["2001"]["older"]) == (f"{AID} (1).ipynb", f"{AID}.ipynb")
    assert roster["2002"]["file"] == "hw/x.ipynb"


@pytest.mark.sandbox
def test_moodle_export_writes_the_grading_worksheet(moodle):
    grades, out = moodle / "grades", moodle / "worksheet.csv"
    top = totals(grades)["2001"]["max_score"]
    assert main(["export", "--format", "moodle", "--grades", str(grades), "--out", str(out)]) == 0
    rows = read_csv(out)
    assert rows[0] == ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)"]
    assert [r[:4] for r in rows[1:]] == [
        ["Participant 2001", "최유나", top, top],
        ["Participant 2002", "Jung Minho", "0", top],
        ["Participant 2003", "Han Seo", "0", top],
    ]
    assert all(datetime.fromisoformat(r[4]) for r in rows[1:])

    template = moodle / "downloaded-worksheet.csv"
    template.write_text(MOODLE_WORKSHEET, encoding="utf-8")
    args = ["--grades", str(grades), "--out", str(out), "--template", str(template)]
    assert main(["export", "--format", "moodle", *args]) == 0
    rows = read_csv(out)
    assert [(r[0], r[4]) for r in rows[1:]] == [
        ("Participant 2001", "100"),  # scaled to the worksheet's Maximum Grade
        ("Participant 2002", "0"),
        ("Participant 2999", ""),
    ]
    assert rows[3][8] == "-" and rows[1][8] != "-"  # Last modified (grade) set where graded

    with zipfile.ZipFile(moodle / "worksheet-feedback.zip") as zf:
        names = sorted(zf.namelist())
        assert zf.read(names[-1]) == feedback_path(grades, "2001").read_bytes()
    assert len(names) == 3
    for name in names:  # how Moodle's "Upload multiple feedback files in a zip" reads a folder
        info = name.split("/")[0].split("_", 4)
        assert info[1] in ("2001", "2002", "2003") and info[2:4] == ["assignfeedback", "file"]


def test_moodle_folder_formats_and_zip_times(tmp_path):
    """Moodle 3.1-4.0 folders end in '_', downloads without folders prefix every file; in a zip
    the newest file by its zip time wins."""
    download = write_zip(
        tmp_path / "moodle.zip",
        {
            "Ann Lee_11_assignsubmission_file_/b.ipynb": (NB, OLD),
            "Ann Lee_11_assignsubmission_file_/a.ipynb": (NB + b" ", NEW),
            "Bo Kim_12_assignsubmission_file_hw.ipynb": (NB, OLD),
            "Bo Kim_12_assignsubmission_file_hw (1).ipynb": (NB, NEW),
            "Participant_13_assignsubmission_file/x.ipynb": (NB, OLD),
        },
    )
    subs = {s.student_id: s for s in collect(download, AID, tmp_path / "scratch")}
    assert sorted(subs) == ["11", "12", "13"]
    assert subs["11"].path.endswith("a.ipynb") and subs["11"].lms["older"] == ["b.ipynb"]
    assert subs["12"].lms["file"] == "hw (1).ipynb" and subs["12"].lms["older"] == ["hw.ipynb"]
    assert subs["13"].lms["name"] == "Participant"  # blind marking: no name at all


def test_canvas_names_in_a_folder(tmp_path):
    put(tmp_path / "kimminsu_late_1001_5002_hw.ipynb", NB)  # Canvas writes "late" in lower case
    put(tmp_path / "kim_lee_1002_5003_01_mnist.ipynb", NB)
    put(tmp_path / "ohjin_1004_5004_report.pdf", b"%PDF")
    put(tmp_path / "ohjin_1004_5005_notes.zip", b"not a zip")
    subs = {s.student_id: s for s in collect(tmp_path, AID, tmp_path / "scratch")}
    assert sorted(subs) == ["1001", "1002", "1004"]
    assert subs["1001"].lms["late"] and LATE in subs["1001"].flags
    assert (subs["1002"].lms["name"], subs["1002"].lms["file"]) == ("kim_lee", "01_mnist.ipynb")
    assert "bad zip" in subs["1004"].problem  # the newest notebook-like file, not the PDF


def test_a_plain_folder_is_not_an_lms_download(tmp_path):
    put(tmp_path / "kimminsu_1001_5002_hw.ipynb", NB)
    put(tmp_path / "alice.ipynb", NB)
    subs = collect(tmp_path, AID, tmp_path / "scratch")
    assert sorted(s.student_id for s in subs) == ["alice", "kimminsu_1001_5002_hw"]
    assert all(s.lms is None for s in subs)


def test_export_refuses_what_an_lms_would_not_import(tmp_path, capsys):
    grades = tmp_path / "grades"
    grades.mkdir()
    (grades / "totals.csv").write_text(
        "student_id,assignment,score,max_score,status,flags,seconds\n1001,00_x,1,2,ok,,0.1\n"
    )
    template = tmp_path / "gradebook.csv"
    template.write_text(CANVAS_GRADEBOOK, encoding="utf-8")
    base = ["export", "--grades", str(grades), "--out", str(tmp_path / "x.csv")]
    assert main([*base, "--format", "canvas"]) == 2  # Canvas needs the exported gradebook
    assert main([*base, "--format", "canvas", "--template", str(template)]) == 2  # two columns
    assert "00_perceptron (777), Quiz 1 (778)" in capsys.readouterr().err
    assert main([*base, "--format", "canvas", "--template", str(template), "--column", "777"]) == 0
    assert main([*base, "--format", "moodle"]) == 2  # no Moodle download, no worksheet
    assert main([*base, "--format", "moodle", "--template", str(template)]) == 2
    assert "Identifier" in capsys.readouterr().err


def test_a_canvas_name_that_ends_in_digits_does_not_take_another_students_id(tmp_path):
    # Canvas keeps digits and underscores of a sortable name ("Kim, Minsu _1001 _99999999"
    # becomes kimminsu_1001_99999999): read first-to-last, the entry of user 1002 names 1001
    put(tmp_path / "kimminsu_1001_9000_00_perceptron.ipynb", NB)
    put(tmp_path / "kimminsu_1001_99999999_1002_5003_00_perceptron.ipynb", NB)
    subs = collect(tmp_path, AID, tmp_path / "scratch")
    victim = next(s for s in subs if s.student_id == "1001")
    assert victim.path.endswith("_9000_00_perceptron.ipynb") and not victim.lms["older"]
    (other,) = [s for s in subs if s.student_id != "1001"]
    assert other.path.endswith("_5003_00_perceptron.ipynb") and AMBIGUOUS in other.flags
    assert not other.student_id.isdigit() and other.lms is None  # never exported as 1001


def test_a_file_name_with_digits_is_not_ambiguous(tmp_path):
    put(tmp_path / "kimminsu_1001_9000_00_perceptron.ipynb", NB)
    put(tmp_path / "kimminsu_1001_9001_00_perceptron_v2.ipynb", NB)
    (sub,) = collect(tmp_path, AID, tmp_path / "scratch")
    assert sub.student_id == "1001" and sub.path.endswith("_9001_00_perceptron_v2.ipynb")
    assert not sub.flags or AMBIGUOUS not in sub.flags


def test_a_moodle_email_a_spreadsheet_would_run_is_written_as_text(tmp_path):
    grades = tmp_path / "grades"
    grades.mkdir()
    (grades / "totals.csv").write_text(
        "student_id,assignment,score,max_score,status,flags,seconds\n2001,00_x,1,2,ok,,0.1\n"
    )
    template = tmp_path / "worksheet.csv"
    email = "=cmd|'/ccalc.exe'!A0@example.org"  # every character allowed by Moodle's check
    quoted = '"' + email.replace('"', '""') + '"'
    template.write_text(MOODLE_WORKSHEET.replace("yuna@example.org", quoted), encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["--grades", str(grades), "--out", str(out), "--template", str(template)]
    assert main(["export", "--format", "moodle", *args]) == 0
    assert read_csv(out)[1][2] == "'" + email


def test_a_moodle_name_that_begins_with_a_dot_is_not_left_out(tmp_path):
    put(tmp_path / ".Kim_2001_assignsubmission_file" / f"{AID}.ipynb", NB)
    put(tmp_path / "Lee_2002_assignsubmission_file" / f"{AID}.ipynb", NB)
    put(tmp_path / ".DS_Store", b"\0")
    subs = collect(tmp_path, AID, tmp_path / "scratch")
    assert [(s.student_id, s.lms["name"]) for s in subs] == [("2001", ".Kim"), ("2002", "Lee")]


def test_a_canvas_name_that_hides_the_late_mark_is_flagged(tmp_path):
    # "Kim, Minsu _1001 _1" is kimminsu_1001_1: read first-to-last, "_late_" is in the file name
    put(tmp_path / "kimminsu_1001_1_late_1001_5002_00_perceptron.ipynb", NB)
    (sub,) = collect(tmp_path, AID, tmp_path / "scratch")
    assert sub.student_id == "1001" and AMBIGUOUS in sub.flags


def test_a_colon_in_one_students_file_name_does_not_refuse_the_download(tmp_path):
    download = write_zip(
        tmp_path / "submissions.zip",
        {
            "kimminsu_1001_5001_hw:final.ipynb": (NB, NEW),  # a name Linux and macOS allow
            "leejiwoo_1002_5003_hw.ipynb": (NB, NEW),
        },
    )
    subs = {s.student_id: s for s in collect(download, AID, tmp_path / "scratch")}
    assert sorted(subs) == ["1001", "1002"] and subs["1001"].lms["file"] == "hw:final.ipynb"
