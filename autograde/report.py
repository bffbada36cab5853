"""Write grades.csv, totals.csv and one Korean feedback page per student."""

import csv
import html
import io
import os
import tempfile
from pathlib import Path

GRADE_COLUMNS = ["student_id", "assignment", "grade_id", "score", "max_score", "status", "reason"]
TOTAL_COLUMNS = ["student_id", "assignment", "score", "max_score", "status", "seconds"]

STATUS_KO = {
    "ok": "통과",
    "failed": "실패",
    "not_implemented": "미구현",
    "error": "오류",
    "timeout": "시간 초과",
    "kernel_died": "커널 종료",
    "missing_cell": "답안 셀 없음",
    "invalid_notebook": "잘못된 노트북",
}

STYLE = """
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; }
.ok { color: #1a7f37; } .bad { color: #cf222e; } .total { font-size: 1.3rem; }
"""


def points(value: float) -> str:
    """2.0 -> '2', 0.5 -> '0.5'."""
    return f"{float(value):g}"


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
    os.replace(tmp, path)


def csv_text(columns: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row[c] for c in columns] for row in rows)
    return buf.getvalue()


def grade_rows(results: list[dict]) -> list[dict]:
    return [
        {
            "student_id": res["student_id"],
            "assignment": res["assignment"],
            "grade_id": r["grade_id"],
            "score": points(r["score"]),
            "max_score": points(r["max_score"]),
            "status": r["status"],
            "reason": r["reason"],
        }
        for res in results
        for r in res["rows"]
    ]


def total_rows(results: list[dict]) -> list[dict]:
    return [
        {
            "student_id": res["student_id"],
            "assignment": res["assignment"],
            "score": points(res["score"]),
            "max_score": points(res["max_score"]),
            "status": res["status"],
            "seconds": f"{res['seconds']:.2f}",
        }
        for res in results
    ]


def write_reports(out: Path, results: list[dict]) -> None:
    """grades.csv, totals.csv and feedback/<student_id>.html."""
    out = Path(out)
    write_atomic(out / "grades.csv", csv_text(GRADE_COLUMNS, grade_rows(results)))
    write_atomic(out / "totals.csv", csv_text(TOTAL_COLUMNS, total_rows(results)))
    for res in results:
        write_atomic(out / "feedback" / f"{res['student_id']}.html", feedback_html(res))


def hint(row: dict) -> str:
    """What the student may see about a test cell (never hidden-test source)."""
    status, part = row["status"], row.get("part", "")
    ename, message = row.get("ename", ""), row.get("message", "")
    if status == "ok":
        return ""
    if status == "failed":
        if part == "hidden":
            return "숨겨진 검사에서 실패" + (f": {message}" if message else "")
        return message or "검사 조건을 만족하지 않습니다 (assert 실패)."
    if status == "not_implemented":
        return "아직 구현되지 않았습니다: raise NotImplementedError() 를 지우고 코드를 작성하세요."
    if status == "timeout":
        where = " (숨겨진 검사)" if part == "hidden" else ""
        return f"실행 시간 제한을 넘었습니다{where}. 무한 루프나 느린 코드가 없는지 보세요."
    if status == "error":
        return error_hint(part, ename, message)
    if status == "kernel_died":
        return "실행 중 커널(파이썬)이 종료되었습니다 (메모리 부족, os._exit 등): " + row["reason"]
    if status == "missing_cell":
        return "답안 셀을 찾을 수 없습니다. 답안 셀을 지우거나 코드가 아닌 셀로 바꾸지 마세요."
    return row["reason"]


def error_hint(part: str, ename: str, message: str) -> str:
    if part == "hidden":
        return f"숨겨진 검사에서 실패 (오류: {ename})"
    if part == "setup":
        return f"준비(setup) 셀 실행 중 오류 ({ename}). 조교에게 문의하세요."
    text = f"{ename}: {message}" if message else ename
    if part == "answer":
        return f"답안 셀 실행 중 오류 — {text}"
    return f"오류 — {text}"


def feedback_html(result: dict) -> str:
    """A small self-contained Korean page; every value is escaped."""
    esc = html.escape
    title = f"{result['assignment']} 채점 결과 — {result['student_id']}"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ko"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="total">총점 (total): <b>{esc(points(result["score"]))}</b>'
        f" / {esc(points(result['max_score']))}</p>",
    ]
    rows = result["rows"]
    if rows and all(r["status"] == "invalid_notebook" for r in rows):
        parts.append(f'<p class="bad">노트북을 채점할 수 없습니다: {esc(rows[0]["reason"])}</p>')
    for answer_id, group in group_rows(rows):
        parts.append(answer_section(answer_id, group, result.get("answers", {})))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def group_rows(rows: list[dict]) -> list[tuple[str | None, list[dict]]]:
    groups: list[tuple[str | None, list[dict]]] = []
    for r in rows:
        if groups and groups[-1][0] == r.get("answer_id"):
            groups[-1][1].append(r)
        else:
            groups.append((r.get("answer_id"), [r]))
    return groups


def answer_section(answer_id: str | None, rows: list[dict], answers: dict) -> str:
    esc = html.escape
    out = [f"<section><h2>문제: {esc(answer_id or '-')}</h2>"]
    if answer_id is not None:
        code = answers.get(answer_id)
        shown = code if code is not None else "(답안 셀을 찾을 수 없음)"
        out.append(f"<p>제출한 답안 (your answer):</p><pre><code>{esc(shown)}</code></pre>")
    out.append("<table><tr><th>검사</th><th>점수</th><th>상태</th><th>도움말</th></tr>")
    for r in rows:
        css = "ok" if r["status"] == "ok" else "bad"
        score = f"{points(r['score'])} / {points(r['max_score'])}"
        status = STATUS_KO.get(r["status"], r["status"])
        out.append(
            f"<tr><td>{esc(r['grade_id'])}</td><td>{esc(score)}</td>"
            f'<td class="{css}">{esc(status)}</td><td>{esc(hint(r))}</td></tr>'
        )
    out.append("</table></section>")
    return "\n".join(out)
