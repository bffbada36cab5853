"""Report stage on synthetic results: totals.csv, feedback pages, summary.csv/png/html."""

import csv
import os
import struct
import warnings
from pathlib import Path

import pytest

from autograde import summary
from autograde.report import HIDDEN_FAILED, feedback_html, hint, write_reports

EXPECTED = Path(__file__).parent / "expected" / "summary.csv"
QUESTIONS = [  # grade_id, points, answer_id (as in the 00_demo fixture)
    ("test_flatten", 2.0, "flatten"),
    ("test_normalize", 1.0, "normalize"),
    ("test_normalize_hidden", 1.0, "normalize"),
]
SHAPE_HINT = "AssertionError: (N, H*W) 모양이어야 합니다."
ORDER_HINT = "원소 순서가 유지되어야 합니다."
HIDDEN_SOURCE = "### BEGIN HIDDEN TESTS\n_y = np.arange(24)"
TAMPER = "변조 시도 (tampering): set_custom_exc"


def row(grade_id: str, status: str = "ok", reason: str = "", **extra) -> dict:
    points, answer_id = next((p, a) for g, p, a in QUESTIONS if g == grade_id)
    return {
        "grade_id": grade_id,
        "answer_id": answer_id,
        "score": points if status == "ok" else 0.0,
        "max_score": points,
        "status": status,
        "reason": reason,
        "part": extra.get("part", ""),
        "ename": extra.get("ename", ""),
        "message": extra.get("message", ""),
    }


def result(student_id: str, changed: dict | None = None, **fields) -> dict:
    """A result whose rows are ok except those in `changed` (grade_id -> row)."""
    rows = [(changed or {}).get(g) or row(g) for g, _, _ in QUESTIONS]
    statuses = {r["status"] for r in rows} - {"ok"}
    res = {
        "version": 1,
        "student_id": student_id,
        "assignment": "00_demo",
        "sha256": "0" * 64,
        "source_sha256": "1" * 64,
        "submission": f"{student_id}.ipynb",
        "score": sum(r["score"] for r in rows),
        "max_score": sum(r["max_score"] for r in rows),
        "status": min(statuses) if statuses else "ok",
        "seconds": 1.5,
        "rows": rows,
        "answers": {"flatten": "def flatten(x):\n    return x", "normalize": "x / 255"},
    }
    res.update(fields)
    return res


def shape_failure() -> dict:
    return row("test_flatten", "failed", SHAPE_HINT, part="visible", message=SHAPE_HINT[16:])


def synthetic_results() -> list[dict]:
    invalid = "노트북 JSON을 읽을 수 없습니다 (not a notebook)"
    ni = "NotImplementedError"
    return [
        result("ok_all", flags=[], sandboxed=True),
        result("visible_fail", {"test_flatten": shape_failure()}),
        result(
            "hidden_fail",
            {
                "test_flatten": shape_failure(),
                "test_normalize_hidden": row(
                    "test_normalize_hidden",
                    "failed",
                    f"(hidden) AssertionError: {ORDER_HINT}",
                    part="hidden",
                    ename="AssertionError",
                    message=ORDER_HINT,
                ),
            },
        ),
        result(
            "not_impl",
            {g: row(g, "not_implemented", ni, part="answer", ename=ni) for g, _, _ in QUESTIONS},
            answers={"flatten": "raise NotImplementedError()", "normalize": None},
        ),
        result(
            "broken",
            {g: row(g, "invalid_notebook", invalid) for g, _, _ in QUESTIONS},
            answers={},
        ),
        result(
            "flagged",
            {
                "test_normalize": row(
                    "test_normalize",
                    "error",
                    "답안 셀 오류 (answer cell): NameError: name 'x' is not defined",
                    part="answer",
                    ename="NameError",
                    message="name 'x' is not defined",
                ),
                "test_normalize_hidden": row(
                    "test_normalize_hidden",
                    "error",
                    "(hidden) NameError: _y",
                    part="hidden",
                    ename="NameError",
                    message=HIDDEN_SOURCE,
                ),
            },
            answers={"flatten": "def flatten(x):\n    return '<script>alert(1)</script>'"},
            flags=[TAMPER, "샌드박스 프로세스 종료 (sandbox died)"],
        ),
        result("no_sandbox", sandboxed=False),
    ]


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">II", data[16:24])


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        write_reports(out, synthetic_results())
    assert not [w for w in caught if "Glyph" in str(w.message)]
    return out


def page(out: Path, student_id: str) -> str:
    return (out / "feedback" / f"{student_id}.html").read_text("utf-8")


def test_summary_csv_values(out):
    rows = {r["grade_id"]: r for r in read_csv(out / "summary.csv")}
    assert list(rows) == [g for g, _, _ in QUESTIONS]  # notebook order
    flatten = rows["test_flatten"]
    assert flatten["max_score"] == "2" and flatten["submissions"] == "7"
    assert flatten["mean"] == "0.857"  # 3 of 7 got 2 points
    assert (flatten["full_marks"], flatten["zero"]) == ("3", "4")
    assert (flatten["top_hint"], flatten["top_hint_count"]) == (SHAPE_HINT, "2")
    normalize = rows["test_normalize"]
    assert normalize["mean"] == "0.571" and normalize["zero"] == "3"
    # NotImplementedError and the unreadable notebook are left out: one reason is left
    answer_error = "답안 셀 오류 (answer cell): NameError: name 'x' is not defined"
    assert (normalize["top_hint"], normalize["top_hint_count"]) == (answer_error, "1")
    hidden = rows["test_normalize_hidden"]  # two reasons once each: no top hint
    assert (hidden["top_hint"], hidden["top_hint_count"]) == ("", "0")


def test_summary_matches_expected(out):
    generated = (out / "summary.csv").read_text("utf-8")
    if os.environ.get("UPDATE_EXPECTED"):
        EXPECTED.write_text(generated, encoding="utf-8")
    assert generated == EXPECTED.read_text("utf-8"), "UPDATE_EXPECTED=1 rewrites the file"


def test_summary_without_failures():
    stats = summary.question_stats("test_flatten", [row("test_flatten")] * 2)
    assert (stats["mean"], stats["top_hint"], stats["top_hint_count"]) == ("2", "", 0)


def test_pngs_are_valid(out):
    names = [g for g, _, _ in QUESTIONS] + ["overview"]
    for name in names:
        path = out / "summary" / f"{name}.png"
        width, height = png_size(path)
        assert width >= 300 and height >= 200 and path.stat().st_size > 5000, path


def test_png_english_fallback(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "korean_font", lambda: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary.write_summary(tmp_path, synthetic_results())
    assert not [w for w in caught if "Glyph" in str(w.message)]
    assert png_size(tmp_path / "summary" / "overview.png")[0] >= 300


def test_top_hint_leaves_out_not_implemented_and_ties():
    blank = row("test_flatten", "not_implemented", "NotImplementedError", part="answer")
    shape = shape_failure()
    other = row("test_flatten", "failed", "AssertionError: 다른 이유")
    broken = row("test_flatten", "invalid_notebook", "JSON 형식이 아닙니다 (invalid JSON)")
    stats = summary.question_stats("test_flatten", [blank, blank, broken, broken, shape])
    assert (stats["top_hint"], stats["top_hint_count"]) == (SHAPE_HINT, 1)
    stats = summary.question_stats("test_flatten", [blank, shape, other])
    assert (stats["top_hint"], stats["top_hint_count"]) == ("", 0)


def test_summary_links_every_student_and_flag_to_the_feedback_page(out):
    text = (out / "summary.html").read_text("utf-8")
    for res in synthetic_results():
        link = f'<a href="feedback/{res["student_id"]}.html">{res["student_id"]}</a>'
        assert link in text
        assert (out / "feedback" / f"{res['student_id']}.html").is_file()
    flagged = text.split("주의 (review)")[1].split("</div>")[0]
    assert '<a href="feedback/flagged.html">flagged</a>: ' in flagged
    assert "<td>4 / 4</td><td>통과 (ok)</td>" in text


def test_summary_html(out):
    text = (out / "summary.html").read_text("utf-8")
    for name in ["test_flatten", "test_normalize_hidden", "overview"]:
        assert f'src="summary/{name}.png"' in text
    assert "주의" in text and TAMPER in text and "graded without sandbox" in text
    assert "(N, H*W)" in text  # the top hint


def test_totals_has_flags_column(out):
    totals = {t["student_id"]: t for t in read_csv(out / "totals.csv")}
    first = next(iter(totals.values()))
    assert list(first) == [
        "student_id",
        "assignment",
        "score",
        "max_score",
        "status",
        "flags",
        "seconds",
    ]
    assert totals["flagged"]["flags"] == TAMPER + "; 샌드박스 프로세스 종료 (sandbox died)"
    assert totals["ok_all"]["flags"] == "" and totals["ok_all"]["score"] == "4"
    assert len(totals) == len(synthetic_results())


def test_feedback_flags_and_banner(out):
    flagged = page(out, "flagged")
    assert "주의" in flagged and TAMPER in flagged and 'class="warn"' in flagged
    assert "샌드박스 없이 채점됨 (graded without sandbox)" in page(out, "no_sandbox")
    clean = page(out, "ok_all")
    assert "샌드박스 없이" not in clean and 'class="warn"' not in clean
    assert "3 / 3" in clean  # passed checks


def test_feedback_shows_code_and_hints(out):
    text = page(out, "hidden_fail")
    assert "def flatten(x):" in text and "(N, H*W) 모양이어야 합니다." in text
    assert HIDDEN_FAILED in text and ORDER_HINT not in text  # a hidden message may name its case
    assert "✓ 통과" in text and "✗ 실패" in text
    assert "답안 셀을 찾을 수 없음" in page(out, "not_impl")
    assert "채점하지 못했습니다" in page(out, "broken")


def test_invalid_notebook_gets_one_explanation_with_how_to_re_export(out):
    text = page(out, "broken")
    assert text.count("노트북 JSON을 읽을 수 없습니다") == 1  # not once per check
    assert "Download .ipynb" in text
    assert "답안 셀을 찾을 수 없음" not in text and "<table>" not in text


def test_feedback_names_the_file_the_time_and_the_grader(out):
    from autograde.report import feedback_html

    text = page(out, "ok_all")
    assert "제출 파일 (file): ok_all.ipynb" in text
    zipped = result("zipped", submission="/class/hw/zipped.zip!hw/00_demo.ipynb")
    zipped.update(graded_at="2026-12-01T10:00:00+00:00", grader="ab" * 32)
    text = feedback_html(zipped)
    assert "제출 파일 (file): zipped.zip 안의 hw/00_demo.ipynb" in text and "/class/" not in text
    assert "채점 시각 (graded at): 2026-12-01T10:00:00+00:00" in text
    assert "채점기 버전 (grader): abababababab" in text


def test_feedback_escapes_student_code(out):
    text = page(out, "flagged")
    assert "<script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_feedback_has_no_hidden_source(out):
    for path in (out / "feedback").glob("*.html"):
        text = path.read_text("utf-8")
        assert "BEGIN HIDDEN TESTS" not in text and "np.arange(24)" not in text, path.name
    assert "숨겨진 검사에서 실패 (오류: NameError)" in page(out, "flagged")


def test_kernel_died_hint_has_no_internal_wording():
    from autograde.report import hint

    reason = "(hidden) 샌드박스 종료 (sandbox died, signal 11)"
    died = row("test_normalize_hidden", "kernel_died", reason, part="hidden")
    text = hint(died)
    assert text.startswith("숨겨진 검사 실행 중 파이썬이 강제로 종료되었습니다")
    assert "sandbox" not in text and "signal" not in text and "(hidden)" not in text
    assert hint(dict(died, part="answer")).startswith("답안 셀 실행 중")


def test_hint_hides_reason_of_unknown_hidden_status():
    r = row("test_normalize_hidden", "sandbox_died", "(hidden) " + HIDDEN_SOURCE, part="hidden")
    assert "HIDDEN" not in hint(r) and "숨겨진 검사에서 실패" in hint(r)


def test_old_results_without_new_fields():
    res = result("old")
    del res["answers"]
    text = feedback_html(res)
    assert "샌드박스 없이" not in text and 'class="warn"' not in text


def test_no_results(tmp_path):
    write_reports(tmp_path, [])
    assert (tmp_path / "summary.csv").read_text("utf-8").startswith("grade_id,max_score,")
    assert not (tmp_path / "summary" / "overview.png").exists()
    assert "no submissions" in (tmp_path / "summary.html").read_text("utf-8")
