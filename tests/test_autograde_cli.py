"""The command line refuses nonsense before any work starts (exit 2, a message, no traceback)."""

import subprocess
import sys
from pathlib import Path

import pytest

from autograde import REPO_ROOT
from autograde.cli import build_parser, main

FIXTURES = Path(__file__).parent / "fixtures"
GRADE = ["grade", "--assignment", "00_demo", "--submissions", "subs", "--out", "out"]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "-5"),
        ("--timeout", "0"),
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--timeout", "soon"),
        ("--workers", "0"),
        ("--workers", "-1"),
        ("--workers", "1.5"),
    ],
)
def test_nonsense_options_exit_2_with_a_message(option, value, capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args([*GRADE, f"{option}={value}"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert option in err and repr(value) in err
    assert "Traceback" not in err


def test_sensible_options_are_kept():
    args = build_parser().parse_args([*GRADE, "--timeout", "0.5", "--workers", "3"])
    assert (args.timeout, args.workers) == (0.5, 3)
    assert args.root == REPO_ROOT


@pytest.mark.parametrize("command", [GRADE, ["release"], ["benchmark"]])
def test_root_before_or_after_the_subcommand(command, tmp_path):
    parser = build_parser()
    assert parser.parse_args(["--root", str(tmp_path), *command]).root == tmp_path
    assert parser.parse_args([command[0], "--root", str(tmp_path), *command[1:]]).root == tmp_path
    assert parser.parse_args(command).root == REPO_ROOT


def test_negative_timeout_in_a_real_process():
    proc = subprocess.run(
        [sys.executable, "-m", "autograde", *GRADE, "--timeout", "-5"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
    )
    assert proc.returncode == 2
    assert "--timeout" in proc.stderr and "> 0" in proc.stderr
    assert "Traceback" not in proc.stderr


def grade_main(tmp_path, subs, out, aid="00_demo"):
    argv = ["grade", "--root", str(FIXTURES), "--assignment", aid]
    return main([*argv, "--submissions", str(subs), "--out", str(out), "--workers", "1"])


def test_root_after_grade_lists_the_valid_ids(tmp_path, capsys):
    """`grade --root DIR` reads DIR/solutions: an unknown id lists DIR's ids."""
    (tmp_path / "subs").mkdir()
    assert grade_main(tmp_path, tmp_path / "subs", tmp_path / "out", aid="nope") == 2
    err = capsys.readouterr().err
    assert "nope" in err and "valid assignment ids" in err and "00_demo" in err
    assert not (tmp_path / "out").exists()


def test_out_is_a_file_stops_before_grading(tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "someone.ipynb").write_text("", encoding="utf-8")
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    assert grade_main(tmp_path, subs, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "--out is a file" in err and "Traceback" not in err
    assert grade_main(tmp_path, subs, tmp_path / "out" / "below") == 2
    assert "a parent of --out is a file" in capsys.readouterr().err


def test_empty_submissions_folder_exits_2(tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "notes.txt").write_text("not a submission", encoding="utf-8")
    assert grade_main(tmp_path, subs, tmp_path / "out") == 2
    assert "no submission found" in capsys.readouterr().err
    assert not (tmp_path / "out" / "grades.csv").exists()


def test_release_checks_out_and_ids_before_nbgrader(tmp_path, capsys):
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    base = ["release", "--root", str(FIXTURES)]
    assert main([*base, "00_demo", "--out", str(tmp_path / "out")]) == 2
    assert "--out is a file" in capsys.readouterr().err
    assert main([*base, "00_dmeo", "--out", str(tmp_path / "fresh")]) == 2
    err = capsys.readouterr().err
    assert "unknown assignment" in err and "00_demo" in err
    assert not (tmp_path / "fresh").exists()


def test_grade_help_names_layouts_outputs_and_an_example(capsys):
    with pytest.raises(SystemExit) as stop:
        build_parser().parse_args(["grade", "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for layout in ("DIR/<학번>.ipynb", "DIR/<학번>/<아무 이름>.ipynb", "DIR/<학번>.zip"):
        assert layout in text
    for output in ("grades.csv", "totals.csv", "summary.html", "feedback/", "results/"):
        assert output in text
    assert "python -m autograde grade --assignment" in text
