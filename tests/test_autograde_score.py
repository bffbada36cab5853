"""Scoring rules on synthetic cell results (no kernels)."""

from pathlib import Path

import pytest

from autograde.assemble import Match, build_plan, read_source
from autograde.evaluate import CellResult
from autograde.report import STATUS_KO
from autograde.score import STATUSES, score_rows, total_status

SOURCE = Path(__file__).parent / "fixtures" / "solutions" / "00_demo" / "00_demo.ipynb"
OK = CellResult("ok")


@pytest.fixture
def spec():
    return read_source(SOURCE)


def matches(flatten="def flatten(x): ...", normalize="def normalize(x): ..."):
    def one(source):
        return Match(source, "grade_id") if source else Match(None, "missing", "없음")

    return {"flatten": one(flatten), "normalize": one(normalize)}


def grade(spec, found, overrides):
    """Score with every cell ok except `overrides` {(role, ref, hidden): CellResult}."""
    plan = build_plan(spec, found)
    results = [overrides.get((c.role, c.ref, c.hidden), OK) for c in plan]
    return {
        r["grade_id"]: (r["status"], r["score"], r["reason"])
        for r in score_rows(spec, found, plan, results)
    }


def test_all_ok(spec):
    rows = grade(spec, matches(), {})
    assert rows["test_flatten"] == ("ok", 2.0, "")
    assert total_status([{"status": s} for s, _, _ in rows.values()]) == "ok"


def test_chained_not_implemented_counts_as_not_implemented(spec):
    err = CellResult(
        "error", "AssertionError", "힌트", chain=("AssertionError", "NotImplementedError")
    )
    status, score, reason = grade(spec, matches(), {("test", "test_flatten", False): err})[
        "test_flatten"
    ]
    assert (status, score) == ("not_implemented", 0)
    assert reason.startswith("NotImplementedError (AssertionError: 힌트")


def test_answer_error_is_blamed_on_answer(spec):
    overrides = {
        ("answer", "flatten", False): CellResult("error", "SyntaxError", "invalid syntax"),
        ("test", "test_flatten", False): CellResult(
            "error", "NameError", "name 'flatten' is not defined"
        ),
    }
    status, _, reason = grade(spec, matches(), overrides)["test_flatten"]
    assert status == "error" and reason.startswith("답안 셀 오류 (answer cell): SyntaxError")


def test_hidden_error_and_other_errors(spec):
    overrides = {("test", "test_flatten", True): CellResult("error", "IndexError", "out of range")}
    assert grade(spec, matches(), overrides)["test_flatten"][:2] == ("error", 0)
    assert grade(spec, matches(), overrides)["test_flatten"][2].startswith("(hidden) IndexError")


def test_setup_failure_is_reported(spec):
    overrides = {
        ("setup", "0", False): CellResult("error", "ModuleNotFoundError", "No module named 'x'"),
        ("test", "test_normalize", False): CellResult(
            "error", "NameError", "name 'np' is not defined"
        ),
    }
    status, _, reason = grade(spec, matches(), overrides)["test_normalize"]
    assert status == "error" and "setup" in reason


def test_missing_answer_and_dead_kernel(spec):
    dead = CellResult("dead", "DeadKernelError", "x", kernel_lost=True)
    overrides = {
        ("test", "test_flatten", True): dead,
        ("test", "test_normalize", False): CellResult("dead"),
        ("test", "test_normalize_hidden", True): CellResult("dead"),
    }
    rows = grade(spec, matches(), overrides)
    assert [s for s, _, _ in rows.values()] == ["kernel_died"] * 3
    assert "test_flatten" in rows["test_normalize"][2]
    rows = grade(spec, matches(normalize=None), {})
    assert rows["test_normalize"][0] == rows["test_normalize_hidden"][0] == "missing_cell"


def test_every_status_has_a_korean_name():
    assert set(STATUS_KO) == set(STATUSES)


def test_syntax_error_file_name_is_hidden(spec):
    answer = CellResult("error", "SyntaxError", "invalid syntax (3540439911.py, line 3)")
    overrides = {
        ("answer", "flatten", False): answer,
        ("test", "test_flatten", False): CellResult("error", "NameError", "name 'flatten'"),
    }
    reason = grade(spec, matches(), overrides)["test_flatten"][2]
    assert reason == "답안 셀 오류 (answer cell): SyntaxError: invalid syntax (line 3)"


def test_reasons_carry_no_control_characters():
    from autograde.score import short

    text = short("ValueError: \x1b]52;c;cHduZWQ=\x07 \x1b[2K\r[9/9] kim: 12/12 (ok)\u202e")
    assert "\x1b" not in text and "\x07" not in text and "\r" not in text and "\u202e" not in text
