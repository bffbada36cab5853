"""The instructor's own scores: `overrides.csv` in the output folder.

One line per (student, graded cell): `student,grade_id,score,comment`. It is read on every run
and applied to the results before the reports are written (the stored results/*.json keep the
grader's own scores, so removing a line undoes it); the grader creates the file with its header
when it is missing and never writes it otherwise. A manual cell's score goes here too when no
gradebook is used. The comment is shown on the student's feedback page as the hint of that cell.
"""

import copy
import csv
import math
from dataclasses import dataclass
from pathlib import Path

from .assemble import SourceSpec
from .score import total_status
from .submissions import SubmissionError

FILE = "overrides.csv"
COLUMNS = ["student", "grade_id", "score", "comment"]
STATUS = "overridden"


@dataclass(frozen=True)
class Override:
    student: str
    grade_id: str
    score: float
    comment: str


def max_scores(spec: SourceSpec) -> dict[str, float]:
    """grade_id -> points of every graded cell, automatic and manual."""
    return {t.grade_id: t.points for t in spec.tests} | {m.grade_id: m.points for m in spec.manual}


def load_overrides(out: Path, spec: SourceSpec) -> dict[tuple[str, str], Override]:
    """The overrides of `out`/overrides.csv, checked against the assignment before grading;
    a missing file is created with its header only."""
    path = Path(out) / FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
        return {}
    with open(path, encoding="utf-8-sig", newline="") as fh:  # Excel writes a BOM
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS[:3] if c not in (reader.fieldnames or [])]
        if missing:
            raise SubmissionError(
                f"{path}: 열이 없습니다 (missing columns): {', '.join(missing)}; "
                f"첫 줄은 {','.join(COLUMNS)} 이어야 합니다"
            )
        lines = list(enumerate(reader, start=2))
    found: dict[tuple[str, str], Override] = {}
    problems = []
    tops = max_scores(spec)
    for number, line in lines:
        override, problem = parse_line(line, tops)
        if problem:
            problems.append(f"  {number}행 (line {number}): {problem}")
        elif (override.student, override.grade_id) in found:
            problems.append(f"  {number}행 (line {number}): 같은 학생·문제가 두 번 (duplicate)")
        elif override is not None:
            found[(override.student, override.grade_id)] = override
    if problems:
        raise SubmissionError(f"{path}: 고칠 줄 (lines to fix):\n" + "\n".join(problems))
    return found


def parse_line(line: dict, tops: dict[str, float]) -> tuple[Override | None, str]:
    """(override, '') or (None, why not); a blank line is (None, '')."""
    student = (line.get("student") or "").strip()
    grade_id = (line.get("grade_id") or "").strip()
    text = (line.get("score") or "").strip()
    if not (student or grade_id or text):
        return None, ""
    if not student:
        return None, "학생 id 가 비었습니다 (empty student)"
    if grade_id not in tops:
        return None, f"없는 grade_id (unknown grade_id): {grade_id!r}; 있는 것: {', '.join(tops)}"
    try:
        score = float(text)
    except ValueError:
        score = math.nan
    if not (math.isfinite(score) and 0 <= score <= tops[grade_id]):
        return None, f"점수는 0 ~ {tops[grade_id]:g} 의 숫자 (score must be 0..max): {text!r}"
    comment = (line.get("comment") or "").strip()
    return Override(student, grade_id, score, comment), ""


def override_reason(comment: str) -> str:
    return (
        f"강사 점수 (instructor): {comment}"
        if comment
        else "강사가 점수를 매겼습니다 (scored by the instructor)"
    )


def apply_overrides(results: list[dict], overrides: dict[tuple[str, str], Override]) -> list[dict]:
    """Copies of `results` with the overridden rows rescored (the grader's score and status kept
    as `auto_score` and `auto_status`); prints the overrides whose student is not graded."""
    used = set()
    out = []
    for result in results:
        mine = {g: o for (s, g), o in overrides.items() if s == result["student_id"]}
        if mine:
            result = copy.deepcopy(result)
            for row in result["rows"]:
                if (override := mine.get(row["grade_id"])) is not None:
                    used.add((override.student, override.grade_id))
                    rescore(row, override)
            result["score"] = sum(r["score"] for r in result["rows"])
            result["status"] = total_status(result["rows"])
        out.append(result)
    if used:
        print(f"{FILE}: 강사 점수 {len(used)}개 적용 (instructor's scores applied)")
    for student, grade_id in sorted(set(overrides) - used):
        print(
            f"경고 (warning): {FILE}: 채점된 학생이 아닙니다 (no such student): "
            f"{student}, {grade_id}"
        )
    return out


def rescore(row: dict, override: Override) -> None:
    row["auto_score"], row["auto_status"] = row["score"], row["status"]
    row.update(
        score=override.score,
        status=STATUS,
        reason=override_reason(override.comment),
        part="override",
        ename="",
        message="",
    )
