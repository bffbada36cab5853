"""Turn cell results into one graded row per test cell (status, points, reason)."""

import re
import unicodedata

from .assemble import Match, PlanCell, SourceSpec, TestCell
from .evaluate import CellResult

STATUSES = (
    "ok",
    "failed",
    "not_implemented",
    "error",
    "timeout",
    "kernel_died",
    "missing_cell",
    "invalid_notebook",
    "needs_manual_grading",  # a manual cell not yet scored (manual.py)
    "overridden",  # scored by the instructor (overrides.py)
)
# most severe first: the status of a whole submission in totals.csv
SEVERITY = (
    "invalid_notebook",
    "kernel_died",
    "timeout",
    "error",
    "missing_cell",
    "not_implemented",
    "failed",
    "needs_manual_grading",
    "ok",
    "overridden",
)
MAX_REASON = 300


def short(text: str, limit: int = MAX_REASON) -> str:
    """One line, capped, without control or format characters (a student's exception text
    must not drive the terminal that shows grades.csv: escape codes, bidi overrides)."""
    text = " ".join(str(text).split())
    text = "".join("?" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def exc_text(result: CellResult) -> str:
    # "invalid syntax (3540439911.py, line 3)": the file name is IPython's cell cache
    evalue = re.sub(
        r"\((?:\d+\.py|<ipython-input-[\w-]+>), line (\d+)\)", r"(line \1)", result.evalue
    )
    return f"{result.ename}: {evalue}" if evalue else result.ename


def not_implemented(result: CellResult) -> bool:
    """The stub's NotImplementedError, raised directly or as the cause of another error."""
    return result.ename == "NotImplementedError" or "NotImplementedError" in result.chain


def ni_text(result: CellResult) -> str:
    if result.ename == "NotImplementedError":
        return exc_text(result)
    return f"NotImplementedError ({exc_text(result)})"


def row(test: TestCell, status: str, reason: str = "", **extra) -> dict:
    """One graded row; `part`/`ename`/`message` feed the feedback page."""
    return {
        "grade_id": test.grade_id,
        "answer_id": test.answer_id,
        "score": test.points if status == "ok" else 0.0,
        "max_score": test.points,
        "status": status,
        "reason": short(reason),
        "part": extra.get("part", ""),
        "ename": extra.get("ename", ""),
        "message": short(extra.get("message", ""), 1000),
    }


def invalid_rows(spec: SourceSpec, reason: str, status: str = "invalid_notebook") -> list[dict]:
    """Every test cell scored 0 with the same status (bad notebook, grader crash)."""
    return [row(test, status, reason) for test in spec.tests]


def score_rows(
    spec: SourceSpec, matches: dict[str, Match], plan: list[PlanCell], results: list[CellResult]
) -> list[dict]:
    """One row per test cell, in notebook order."""
    runs = list(zip(plan, results, strict=True))
    death = next(((c, r) for c, r in runs if r.kernel_lost), None)
    setup_error = next((r for c, r in runs if c.role == "setup" and r.status != "ok"), None)
    answers = {c.ref: r for c, r in runs if c.role == "answer"}
    rows = []
    for test in spec.tests:
        match = matches.get(test.answer_id) if test.answer_id else None
        if match is not None and match.source is None:
            rows.append(row(test, "missing_cell", match.reason, part="answer"))
            continue
        mine = [(c, r) for c, r in runs if c.role == "test" and c.ref == test.grade_id]
        failure = next(((c, r) for c, r in mine if r.status not in ("ok", "skipped")), None)
        if failure is None:
            rows.append(row(test, "ok"))
            continue
        answer = answers.get(test.answer_id) if test.answer_id else None
        rows.append(score_failure(test, *failure, answer, setup_error, death))
    return rows


def score_failure(test, cell, result, answer, setup_error, death) -> dict:
    """Status and reason of a test cell whose part `cell` did not pass."""
    part = "hidden" if cell.hidden else "visible"
    tag = "(hidden) " if cell.hidden else ""
    if result.status == "dead":
        reason = result.evalue if not result.kernel_lost and result.evalue else death_reason(death)
        return row(test, "kernel_died", tag + reason, part=part, ename=result.ename)
    if result.status == "timeout":
        return row(test, "timeout", tag + result.evalue, part=part, ename="Timeout")
    if not_implemented(result):
        return row(test, "not_implemented", tag + ni_text(result), part=part, ename=result.ename)
    if result.after_tampering:  # the message may be the tampering's doing: do not show it
        status = "failed" if result.ename == "AssertionError" else "error"
        return row(test, status, tag + tampered_text(result), part=part, ename=result.ename)
    if result.ename == "AssertionError":
        reason = tag + exc_text(result)
        return row(test, "failed", reason, part=part, ename=result.ename, message=result.evalue)
    if answer is not None and answer.status != "ok":
        return answer_failure(test, answer)
    if setup_error is not None:
        reason = "setup 셀 오류 (setup cell): " + exc_text(setup_error)
        return row(test, "error", reason, part="setup", ename=setup_error.ename)
    reason = tag + exc_text(result)
    return row(test, "error", reason, part=part, ename=result.ename, message=result.evalue)


def tampered_text(result: CellResult) -> str:
    return (
        f"답안 셀 '{result.after_tampering}'이(가) 채점 환경(파이썬 내장 함수, 모듈, IPython)을 "
        "바꾼 뒤에 실행되어 이 확인의 결과를 믿을 수 없습니다: 그 코드를 지우고 다시 내세요 "
        "(check ran after tampering)"
    )


def answer_failure(test: TestCell, answer: CellResult) -> dict:
    """The test failed after the answer cell itself failed: blame the answer."""
    if answer.status == "timeout":
        return row(test, "timeout", "답안 셀 " + answer.evalue, part="answer", ename="Timeout")
    if answer.status == "dead":
        reason = "답안 셀 실행 중 " + (answer.evalue or "샌드박스 종료 (sandbox died)")
        return row(test, "kernel_died", reason, part="answer", ename=answer.ename)
    if not_implemented(answer):
        reason = "답안 셀 (answer cell): " + ni_text(answer)
        return row(test, "not_implemented", reason, part="answer", ename=answer.ename)
    text = exc_text(answer)
    message = text.split(": ", 1)[1] if ": " in text else ""
    reason = "답안 셀 오류 (answer cell): " + text
    return row(test, "error", reason, part="answer", ename=answer.ename, message=message)


def death_reason(death) -> str:
    if death is None:
        return "커널이 종료됨 (kernel died)"
    cell, result = death
    where = {"setup": "setup 셀", "answer": "답안 셀", "test": "검사 셀"}.get(cell.role, cell.role)
    label = "hidden " if cell.hidden else ""
    what = "시간 초과 후 응답 없음" if result.status == "timeout" else "커널 종료"
    return f"{what}: {where} '{cell.ref}' {label}실행 중 (kernel died in {cell.role} cell)"


def total_status(rows: list[dict]) -> str:
    """Most severe row status (ok when every test passed)."""
    present = {r["status"] for r in rows}
    return next((s for s in SEVERITY if s in present), "ok")
