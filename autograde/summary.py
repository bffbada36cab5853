"""Per-question summary for the instructor: summary.csv, summary/*.png and summary.html.

Called from ``report.write_reports``; matplotlib is imported only here (Agg, no display).
Plot labels are Korean when a Korean font is installed, English otherwise (no empty boxes).
"""

import html
import io
import re
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

from .report import STATUS_KO, STYLE, csv_text, feedback_path, flag_list, points, write_atomic

SUMMARY_COLUMNS = [
    "grade_id",
    "max_score",
    "submissions",
    "mean",
    "full_marks",
    "zero",
    "top_hint",
    "top_hint_count",
]
STATUS_EN = {
    "ok": "passed",
    "failed": "failed",
    "not_implemented": "not implemented",
    "error": "error",
    "timeout": "timeout",
    "kernel_died": "kernel died",
    "missing_cell": "missing cell",
    "invalid_notebook": "invalid notebook",
    "needs_manual_grading": "needs manual grading",
    "overridden": "instructor's score",
}
STATUS_COLORS = {
    "ok": "#2da44e",
    "failed": "#cf222e",
    "not_implemented": "#bf8700",
    "error": "#8250df",
    "timeout": "#0969da",
    "kernel_died": "#57606a",
    "missing_cell": "#e16f24",
    "invalid_notebook": "#24292f",
    "needs_manual_grading": "#1b7c83",
    "overridden": "#bf3989",
}
FONT_FILES = ("Nanum", "NotoSansCJK", "NotoSansKR")
FONT_NAMES = ("NanumGothic", "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "AppleGothic")


def write_summary(out: Path, results: list[dict]) -> None:
    """summary.csv, summary/<grade_id>.png, summary/overview.png and summary.html in `out`."""
    out = Path(out)
    by_question = question_rows(results)
    table = [question_stats(gid, rows) for gid, rows in by_question.items()]
    write_atomic(out / "summary.csv", csv_text(SUMMARY_COLUMNS, table))
    font = korean_font()
    for gid, rows in by_question.items():
        write_atomic(out / "summary" / image_name(gid), question_png(gid, rows, font))
    if results:
        write_atomic(out / "summary" / "overview.png", overview_png(results, font))
    write_atomic(out / "summary.html", summary_html(results, table))


def question_rows(results: list[dict]) -> dict[str, list[dict]]:
    """grade_id -> its rows over all submissions, in notebook order (first seen)."""
    by_question: dict[str, list[dict]] = {}
    for res in results:
        for r in res.get("rows") or []:
            by_question.setdefault(r["grade_id"], []).append(r)
    return by_question


def question_stats(grade_id: str, rows: list[dict]) -> dict:
    """One summary.csv row; top_hint is the most frequent reason of a row whose check failed
    (not passed, not left unimplemented, not a notebook that could not be read: the students
    table shows those), blank when no single reason is the most frequent."""
    scores = [float(r["score"]) for r in rows]
    top = max(float(r["max_score"]) for r in rows)
    skipped = ("ok", "not_implemented", "invalid_notebook", "needs_manual_grading", "overridden")
    reasons = Counter(r.get("reason") or r["status"] for r in rows if r["status"] not in skipped)
    ranked = reasons.most_common(2)
    tied = len(ranked) == 2 and ranked[0][1] == ranked[1][1]
    hint, count = ranked[0] if ranked and not tied else ("", 0)
    return {
        "grade_id": grade_id,
        "max_score": points(top),
        "submissions": len(rows),
        "mean": decimal(sum(scores) / len(scores)),
        "full_marks": sum(s >= top for s in scores),
        "zero": sum(s == 0 for s in scores),
        "top_hint": hint,
        "top_hint_count": count,
    }


def decimal(value: float) -> str:
    """Rounded to 3 decimals: 2.0 -> '2', 2/3 -> '0.667'."""
    return f"{value:.3f}".rstrip("0").rstrip(".")


def image_name(grade_id: str) -> str:
    """A safe file name for a question's plot (no path separators)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", grade_id) + ".png"


@lru_cache(maxsize=1)
def korean_font() -> str | None:
    """The name of an installed font that has Hangul, or None (as in the notebooks)."""
    from matplotlib import font_manager

    for path in font_manager.findSystemFonts():  # fonts installed after matplotlib's cache
        if any(key in path for key in FONT_FILES):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in FONT_NAMES if name in installed), None)


def ko(font: str | None, korean: str, english: str) -> str:
    """Plot text: Korean when a Korean font is installed, English otherwise."""
    return korean if font else english


def status_label(status: str, font: str | None) -> str:
    return ko(font, STATUS_KO.get(status, status), STATUS_EN.get(status, status))


def question_png(grade_id: str, rows: list[dict], font: str | None) -> bytes:
    """How many submissions got each score, split by status."""
    top = max(float(r["max_score"]) for r in rows)
    mean = decimal(sum(float(r["score"]) for r in rows) / len(rows))
    pairs = [(float(r["score"]), r["status"]) for r in rows]
    title = f"{grade_id}: " + ko(
        font, f"평균 {mean} / {points(top)}점", f"mean {mean} / {points(top)}"
    )
    xlabel = ko(font, "점수", "score")
    return bars_png(pairs, sorted({0.0, top} | {s for s, _ in pairs}), title, xlabel, font)


def overview_png(results: list[dict], font: str | None) -> bytes:
    """Histogram of the total scores, split by the submission's status."""
    pairs = [(float(r["score"]), r["status"]) for r in results]
    top = max(float(r["max_score"]) for r in results)
    mean = decimal(sum(s for s, _ in pairs) / len(pairs))
    title = ko(
        font,
        f"총점 분포 (평균 {mean} / {points(top)}점)",
        f"Total scores (mean {mean} / {points(top)})",
    )
    xlabel = ko(font, "총점", "total score")
    return bars_png(pairs, sorted({0.0, top} | {s for s, _ in pairs}), title, xlabel, font)


def bars_png(pairs, values, title, xlabel, font) -> bytes:
    """One bar per score value, stacked by status, with the count on top of each bar."""
    import matplotlib

    with matplotlib.rc_context(plot_style(font)):
        fig, ax = new_axes()
        width = 0.8 * min([b - a for a, b in pairwise(values)] or [1.0])
        bottom = [0] * len(values)
        for status in status_order({s for _, s in pairs}):
            counts = [sum(p == (v, status) for p in pairs) for v in values]
            color = STATUS_COLORS.get(status, "#999999")
            label = status_label(status, font)
            ax.bar(values, counts, width, bottom=bottom, color=color, label=label)
            bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
        label_axes(ax, values, bottom, title, xlabel, font)
        return png_bytes(fig)


def status_order(statuses: set[str]) -> list[str]:
    """Known statuses in STATUS_COLORS order (ok first), then unknown ones by name."""
    known = list(STATUS_COLORS)
    return sorted(statuses, key=lambda s: (known.index(s) if s in known else len(known), s))


def plot_style(font: str | None) -> dict:
    style = {"axes.unicode_minus": False, "font.size": 10}
    if font:
        style["font.family"] = font
    return style


def new_axes():
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.0, 3.8), layout="constrained")
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def label_axes(ax, values, totals, title, xlabel, font) -> None:
    from matplotlib.ticker import MaxNLocator

    if len(values) <= 12:
        ax.set_xticks(values, [points(v) for v in values])
    for x, total in zip(values, totals, strict=True):
        if total:
            ax.annotate(
                str(total), (x, total), xytext=(0, 2), textcoords="offset points", ha="center"
            )
    ax.set_ylim(0, max(totals + [1]) * 1.15)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ko(font, "제출물 수", "submissions"))
    handles, labels = ax.get_legend_handles_labels()  # top of the stack first
    legend_title = ko(font, "상태", "status")
    ax.legend(
        handles[::-1], labels[::-1], title=legend_title, loc="upper left", bbox_to_anchor=(1.01, 1)
    )


def png_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def summary_html(results: list[dict], table: list[dict]) -> str:
    """A small Korean page: warnings, the table and the plots (relative links)."""
    esc = html.escape
    assignment = results[0].get("assignment", "") if results else ""
    title = f"{assignment} 문제별 요약 (per-question summary)"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="ko"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1>",
        totals_line(results),
        *review_box(results),
        summary_table(table),
        students_table(results),
    ]
    if results:
        parts.append(image_tag("overview.png", "총점 분포 (total scores)"))
    for row in table:
        parts.append(f"<h2>{esc(row['grade_id'])}</h2>")
        parts.append(image_tag(image_name(row["grade_id"]), row["grade_id"]))
    parts.append("</body></html>\n")
    return "\n".join(parts)


def totals_line(results: list[dict]) -> str:
    if not results:
        return "<p>제출물이 없습니다 (no submissions).</p>"
    mean = decimal(sum(float(r["score"]) for r in results) / len(results))
    top = points(max(float(r["max_score"]) for r in results))
    return (
        f'<p class="total">제출물 (submissions): {len(results)}, '
        f"평균 총점 (mean total): {mean} / {top}</p>"
    )


def review_box(results: list[dict]) -> list[str]:
    """The 주의 box: flagged submissions and those graded without the sandbox."""
    esc = html.escape
    items = [
        f"<li>{student_link(r['student_id'])}: {esc('; '.join(flag_list(r)))}</li>"
        for r in results
        if flag_list(r)
    ]
    bare = sum(r.get("sandboxed", True) is False for r in results)
    if bare:
        items.insert(0, f"<li>샌드박스 없이 채점됨 (graded without sandbox): 제출물 {bare}개</li>")
    if not items:
        return []
    return [f'<div class="warn"><b>주의 (review)</b><ul>{"".join(items)}</ul></div>']


def summary_table(table: list[dict]) -> str:
    esc = html.escape
    head = (
        "<tr><th>문제 (grade_id)</th><th>배점 (max)</th><th>제출 (n)</th><th>평균 (mean)</th>"
        "<th>만점 (full)</th><th>0점 (zero)</th><th>가장 흔한 실패 이유 (top hint)</th>"
        "<th>수 (count)</th></tr>"
    )
    body = [
        "<tr>" + "".join(f"<td>{esc(str(row[c]))}</td>" for c in SUMMARY_COLUMNS) + "</tr>"
        for row in table
    ]
    return "<table>" + head + "".join(body) + "</table>"


def student_link(student_id: str) -> str:
    """The student's id, linked to their feedback page (relative to summary.html)."""
    href = quote(feedback_path(Path(), student_id).as_posix())
    return f'<a href="{html.escape(href)}">{html.escape(student_id)}</a>'


def students_table(results: list[dict]) -> str:
    """One row per student: total, status and flags, the id linked to the feedback page."""
    if not results:
        return ""
    esc = html.escape
    head = (
        "<h2>학생별 (per student)</h2><table><tr><th>학생 (student)</th><th>총점 (total)</th>"
        "<th>상태 (status)</th><th>주의 (flags)</th></tr>"
    )
    body = []
    for r in results:
        status = f"{STATUS_KO.get(r['status'], r['status'])} ({r['status']})"
        total = f"{points(r['score'])} / {points(r['max_score'])}"
        cells = [student_link(r["student_id"]), esc(total), esc(status)]
        cells.append(esc("; ".join(flag_list(r))))
        body.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return head + "".join(body) + "</table>"


def image_tag(name: str, alt: str) -> str:
    src = html.escape("summary/" + quote(name))
    return f'<p><img src="{src}" alt="{html.escape(alt)}" style="max-width: 100%"></p>'
