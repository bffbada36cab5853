"""The command line refuses nonsense before any work starts (exit 2, a message, no traceback)."""

import subprocess
import sys
from pathlib import Path

import pytest

from autograde import REPO_ROOT
from autograde.cli import build_parser

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
