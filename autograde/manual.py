"""Manually graded cells (nbgrader's graded answers and tasks): never run, never dropped.

The grader cannot score a written explanation, so every manual cell of the source becomes a row
with status `needs_manual_grading`, score 0 and its points in the maximum: a student's total is
"12 of 15, 3 points still to grade", not "12 of 12". An instructor scores it in nbgrader's
formgrader (`grade --gradebook`) or in `overrides.csv` (`overrides`).
"""

from .assemble import SourceSpec, cell_source, grade_id_of

STATUS = "needs_manual_grading"
REASON = "수동 채점 대기 (needs manual grading)"


def manual_rows(spec: SourceSpec) -> list[dict]:
    """One unscored row per manual cell, in notebook order."""
    return [
        {
            "grade_id": cell.grade_id,
            "answer_id": cell.grade_id,
            "score": 0.0,
            "max_score": cell.points,
            "status": STATUS,
            "reason": REASON,
            "part": "manual",
            "ename": "",
            "message": "",
            "manual": True,
        }
        for cell in spec.manual
    ]


def manual_answers(spec: SourceSpec, nb) -> dict[str, str]:
    """The student's text of each manual cell (found by grade_id, else by cell id), for the
    feedback page and for formgrader's notebook."""
    found = {}
    for manual in spec.manual:
        cell = next((c for c in nb.cells if grade_id_of(c) == manual.grade_id), None)
        if cell is None and manual.cell_id:
            cell = next((c for c in nb.cells if c.get("id") == manual.cell_id), None)
        if cell is not None:
            found[manual.grade_id] = cell_source(cell)
    return found


def release_notice(aid: str, spec: SourceSpec) -> str:
    """What grading does with the manual cells, said at release ('' when there are none)."""
    if not spec.manual:
        return ""
    cells = ", ".join(f"{c.grade_id} ({c.points:g}점, {c.cell_type})" for c in spec.manual)
    total = sum(c.points for c in spec.manual)
    return (
        f"{aid}: 수동 채점 셀 {len(spec.manual)}개 (manually graded cells): {cells}\n"
        f"  채점기는 이 셀을 실행하지 않고 '{STATUS}' 로 적으며, "
        f"그 {total:g}점은 만점에 들어갑니다 "
        "(the grader does not run them; they are listed as needing manual grading, their points "
        "in the maximum). 점수는 nbgrader formgrader (grade --gradebook) 나 결과 폴더의 "
        "overrides.csv 로 매깁니다 (score them in formgrader or in overrides.csv)."
    )


def pending_line(results: list[dict]) -> str:
    """How many manual cells still wait for a score ('' when none)."""
    waiting = [r for res in results for r in res["rows"] if r["status"] == STATUS]
    if not waiting:
        return ""
    students = sum(any(r["status"] == STATUS for r in res["rows"]) for res in results)
    return (
        f"수동 채점 대기 (needs manual grading): 셀 {len(waiting)}개, 학생 {students}명; "
        "formgrader (--gradebook) 나 overrides.csv 로 점수를 매기세요"
    )
