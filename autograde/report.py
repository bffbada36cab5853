"""Write grades.csv, totals.csv, one Korean feedback page per student and the summary."""

import csv
import html
import io
import os
import tempfile
from pathlib import Path

from .submissions import file_stem

GRADE_COLUMNS = ["student_id", "assignment", "grade_id", "score", "max_score", "status", "reason"]
TOTAL_COLUMNS = ["student_id", "assignment", "score", "max_score", "status", "flags", "seconds"]

STATUS_KO = {
    "ok": "통과",
    "failed": "실패",
    "not_implemented": "미구현",
    "error": "오류",
    "timeout": "시간 초과",
    "kernel_died": "커널 종료",
    "missing_cell": "답안 셀 없음",
    "invalid_notebook": "잘못된 노트북",
    "needs_manual_grading": "수동 채점 대기",
    "overridden": "강사 점수",
}

STYLE = """
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; }
.ok { color: #1a7f37; } .bad { color: #cf222e; } .total { font-size: 1.3rem; }
.banner { background: #ffebe9; border: 2px solid #cf222e; padding: .6rem; font-weight: bold; }
.warn { background: #fff8c5; border: 1px solid #d4a72c; padding: .4rem .8rem; margin: 1rem 0; }
.about { color: #57606a; font-size: .9rem; }
"""


def points(value: float) -> str:
    """2.0 -> '2', 0.5 -> '0.5'."""
    return f"{float(value):g}"


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write text (utf-8) or bytes to a tmp file, then os.replace it onto `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    if isinstance(data, bytes):
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    else:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(data)
    os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are meant to be read and shared
    os.replace(tmp, path)


def out_folder_problem(out: Path) -> str:
    """Why `out` cannot hold the outputs ('' when it can): a file, or no writable folder above."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        return f"--out 은 폴더여야 합니다 (--out is a file, not a folder): {out}"
    above = out
    while not above.exists():
        above = above.parent
    if not above.is_dir():
        return f"--out 의 상위 경로가 파일입니다 (a parent of --out is a file): {above}"
    if not os.access(above, os.W_OK | os.X_OK):
        return f"--out 에 쓸 수 없습니다 (no write permission): {above}"
    return ""


def flag_list(result: dict) -> list[str]:
    """The result's `flags` (absent in results from older graders)."""
    flags = result.get("flags") or []
    return [flags] if isinstance(flags, str) else [str(f) for f in flags]


def csv_text(columns: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([spreadsheet_safe(row[c]) for c in columns] for row in rows)
    return buf.getvalue()


def spreadsheet_safe(value):
    """A text cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a
    leading apostrophe, as OWASP advises; numbers stay numbers."""
    if not isinstance(value, str) or not value or value[0] not in "=+-@\t\r":
        return value
    try:
        float(value)
        return value
    except ValueError:
        return "'" + value


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
            "flags": "; ".join(flag_list(res)),
            "seconds": f"{res['seconds']:.2f}",
        }
        for res in results
    ]


def feedback_path(out: Path, student_id: str) -> Path:
    return Path(out) / "feedback" / f"{file_stem(student_id)}.html"


def write_reports(out: Path, results: list[dict]) -> None:
    """grades.csv, totals.csv, feedback/<student_id>.html and the summary (summary.py)."""
    from .summary import write_summary  # matplotlib: only in the main process, at the end

    out = Path(out)
    write_atomic(out / "grades.csv", csv_text(GRADE_COLUMNS, grade_rows(results)))
    write_atomic(out / "totals.csv", csv_text(TOTAL_COLUMNS, total_rows(results)))
    for res in results:
        write_atomic(feedback_path(out, res["student_id"]), feedback_html(res))
    write_summary(out, results)


HIDDEN_FAILED = (
    "숨겨진 검사(다른 입력)에서 실패했습니다. 보이는 검사는 통과했으니 다른 크기·모양·자료형·"
    "경계값에서도 맞는지 확인하세요 (failed a hidden case)."
)


def hint(row: dict) -> str:
    """What the student may see about a test cell (never hidden-test source)."""
    status, part = row["status"], row.get("part", "")
    ename, message = row.get("ename", ""), row.get("message", "")
    if status == "ok":
        return ""
    if status == "failed":
        if part == "hidden":  # its message may name the hidden case (a shape, a label): not shown
            return HIDDEN_FAILED
        return message or "검사 조건을 만족하지 않습니다 (assert 실패)."
    if status == "not_implemented":
        return "아직 구현되지 않았습니다: raise NotImplementedError() 를 지우고 코드를 작성하세요."
    if status == "timeout":
        where = " (숨겨진 검사)" if part == "hidden" else ""
        return f"실행 시간 제한을 넘었습니다{where}. 무한 루프나 느린 코드가 없는지 보세요."
    if status == "error":
        return error_hint(part, ename, message)
    if status == "kernel_died":  # the reason is the grader's own wording: not shown
        where = {"hidden": "숨겨진 검사", "answer": "답안 셀"}.get(part, "검사")
        return (
            f"{where} 실행 중 파이썬이 강제로 종료되었습니다. 메모리를 너무 많이 쓰거나 "
            "os._exit 처럼 프로세스를 끝내는 코드가 없는지 보세요."
        )
    if status == "missing_cell":
        return "답안 셀을 찾을 수 없습니다. 답안 셀을 지우거나 코드가 아닌 셀로 바꾸지 마세요."
    if part == "hidden":  # any other status: its reason may quote a hidden test
        return f"숨겨진 검사에서 실패 ({STATUS_KO.get(status, status)})"
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
    rows = result["rows"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ko"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        *warning_boxes(result),
        f'<p class="total">총점 (total): <b>{esc(points(result["score"]))}</b>'
        f" / {esc(points(result['max_score']))}</p>",
        passed_line(rows),
        about_line(result),
    ]
    checks = [r for r in rows if not r.get("manual")]
    if checks and all(r["status"] == "invalid_notebook" for r in checks):
        parts.append(f'<p class="bad">{esc(rows[0]["reason"])}</p><p>{esc(REEXPORT)}</p>')
        rows = []  # one explanation, not the same parser error under every check
    for answer_id, group in group_rows(rows):
        parts.append(answer_section(answer_id, group, result.get("answers") or {}))
    parts.append("</body></html>\n")
    return "\n".join(parts)


REEXPORT = (
    "노트북 파일을 읽을 수 없어 채점하지 못했습니다 (the notebook could not be read). "
    "Jupyter 나 Colab 에서 노트북을 열고 '파일 → 다운로드 → .ipynb' (File → Download → "
    "Download .ipynb) 로 다시 받아, 텍스트 편집기로 고치거나 이름만 바꾸지 말고 그대로 "
    "제출하세요. 노트북이 여러 개이면 과제 이름의 노트북 하나만 내세요."
)


def about_line(result: dict) -> str:
    """Which file was graded, when, by which grader (what an old result has of it)."""
    facts = []
    if result.get("submission"):
        outer, _, member = str(result["submission"]).partition("!")
        name = Path(outer).name + (f" 안의 {member}" if member else "")
        facts.append(f"제출 파일 (file): {name}")
    if result.get("graded_at"):
        facts.append(f"채점 시각 (graded at): {result['graded_at']}")
    if result.get("grader"):
        facts.append(f"채점기 버전 (grader): {str(result['grader'])[:12]}")
    return f'<p class="about">{html.escape(" · ".join(facts))}</p>' if facts else ""


def warning_boxes(result: dict) -> list[str]:
    """The no-sandbox banner and the 주의 box listing the result's flags."""
    out = []
    if result.get("sandboxed", True) is False:
        out.append('<p class="banner">⚠ 샌드박스 없이 채점됨 (graded without sandbox)</p>')
    flags = flag_list(result)
    if flags:
        items = "".join(f"<li>{html.escape(f)}</li>" for f in flags)
        out.append(
            '<div class="warn"><b>주의 (warning)</b>: 채점 중 다음 문제가 발견되었습니다. '
            f"조교가 확인합니다 (flagged for review).<ul>{items}</ul></div>"
        )
    return out


def passed_line(rows: list[dict]) -> str:
    rows = [r for r in rows if not r.get("manual")]  # checks only, not the manual cells
    passed = sum(r["status"] == "ok" for r in rows)
    css = "ok" if passed == len(rows) else "bad"
    return f'<p>통과한 검사 (passed checks): <b class="{css}">{passed} / {len(rows)}</b></p>'


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
    score = sum(float(r["score"]) for r in rows)
    top = sum(float(r["max_score"]) for r in rows)
    name = f"문제 (question): {answer_id}" if answer_id is not None else "기타 검사 (other checks)"
    out = [f"<section><h2>{esc(name)} — {esc(points(score))} / {esc(points(top))}점</h2>"]
    if answer_id is not None:
        code = answers.get(answer_id)
        shown = code if code is not None else "(답안 셀을 찾을 수 없음)"
        out.append(f"<p>제출한 답안 (your answer):</p><pre><code>{esc(shown)}</code></pre>")
    out.append(
        "<table><tr><th>검사 (check)</th><th>점수 (points)</th><th>결과 (result)</th>"
        "<th>도움말 (hint)</th></tr>"
    )
    out.extend(check_row(r) for r in rows)
    out.append("</table></section>")
    return "\n".join(out)


def check_row(r: dict) -> str:
    esc = html.escape
    ok = r["status"] == "ok"
    score = f"{points(r['score'])} / {points(r['max_score'])}"
    mark = "✓ " if ok else "• " if r["status"] in ("needs_manual_grading", "overridden") else "✗ "
    status = mark + STATUS_KO.get(r["status"], r["status"])
    return (
        f"<tr><td>{esc(r['grade_id'])}</td><td>{esc(score)}</td>"
        f'<td class="{"ok" if ok else "bad"}">{esc(status)}</td><td>{esc(hint(r))}</td></tr>'
    )
