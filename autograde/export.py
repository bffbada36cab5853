"""`python -m autograde export`: a grades folder as the CSV file Canvas or Moodle imports, and the
feedback pages as the zip each LMS attaches per student.

Canvas: the gradebook CSV the instructor exported (`--template`), with the assignment's column
("<name> (<assignment id>)") filled for every student whose `ID` was graded, scaled to the
column's "Points Possible"; everything else as it was. Its feedback zip is named the way Canvas's
"Re-Upload Submissions" matches files to students (`<name>_<user id>_<attachment id>_...`).

Moodle: the assignment's grading worksheet ("Identifier" = "Participant <id>", "Grade", "Last
modified (grade)"), either the one the instructor downloaded (`--template`, its Grade column
filled and scaled to its "Maximum Grade") or a new one. Its feedback zip has one folder per
student named the way "Upload multiple feedback files in a zip" matches them
(`<Full Name>_<participant id>_assignfeedback_file/`).
"""

import argparse
import csv
import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

from .lms import read_roster
from .report import feedback_path, points, spreadsheet_safe, write_atomic

BOM = "\ufeff"
CANVAS_ASSIGNMENT = re.compile(r"(?P<name>.+) \((?P<id>\d+)\)")
POINTS_POSSIBLE = "Points Possible"
MOODLE_ID, MOODLE_GRADE, MOODLE_MAX = "Identifier", "Grade", "Maximum Grade"
MOODLE_MODIFIED = "Last modified (grade)"
MOODLE_COLUMNS = [MOODLE_ID, "Full name", MOODLE_GRADE, MOODLE_MAX, MOODLE_MODIFIED]
PARTICIPANT = "Participant "
STUDENT_TEXT = {"Student", "Full name", "Email address", "Online text"}  # what students type


class ExportError(RuntimeError):
    """The grades or the template cannot make an import file."""


def add_parser(sub, parents=()) -> None:
    """The `export` subcommand's options (called by cli.build_parser)."""
    exp = sub.add_parser(
        "export",
        parents=list(parents),
        help="Canvas/Moodle 가져오기 파일과 피드백 zip (grades for an LMS to import)",
    )
    exp.add_argument("--format", required=True, choices=["canvas", "moodle"], help="LMS")
    exp.add_argument("--grades", required=True, type=Path, help="grade 의 --out 폴더")
    exp.add_argument("--out", required=True, type=Path, help="쓸 CSV 파일 (the CSV to write)")
    exp.add_argument(
        "--template",
        type=Path,
        help="LMS 에서 받은 CSV (Canvas: gradebook export, required; Moodle: grading worksheet)",
    )
    exp.add_argument(
        "--column", help="Canvas 과제 열: 머리글, 과제 id 또는 이름 (default: the only one)"
    )
    exp.add_argument(
        "--feedback-zip", type=Path, help="피드백 zip (default: <out>-feedback.zip beside --out)"
    )


def run_from_args(args: argparse.Namespace) -> int:
    zip_path = args.feedback_zip or args.out.with_name(f"{args.out.stem}-feedback.zip")
    try:
        lines = export(args.format, args.grades, args.out, args.template, args.column, zip_path)
    except ExportError as exc:
        print(f"오류 (error): {exc}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


def export(kind, grades, out, template=None, column=None, zip_path=None) -> list[str]:
    """Write `out` (and `zip_path`); return the lines that say what was written and left out."""
    totals = read_totals(Path(grades))
    roster = read_roster(Path(grades))
    other = sorted({row["lms"] for row in roster.values()} - {kind})
    if other:
        raise ExportError(f"{grades} 는 {other[0]} 제출물의 채점입니다 (graded from {other[0]})")
    text = read_text(template) if template else None
    if kind == "canvas":
        if text is None:
            raise ExportError("Canvas 는 --template 이 필요합니다 (export the gradebook first)")
        table, notes = canvas_table(parse(text), totals, column)
    else:
        table, notes = moodle_table(parse(text) if text else None, totals, roster)
    bom = BOM if text and text.startswith(BOM) else ""
    write_atomic(Path(out), bom + csv_rows(table))
    lines = [f"{out}: {notes}"]
    if zip_path:
        lines.append(write_feedback_zip(kind, Path(grades), roster, totals, Path(zip_path)))
    return lines


def read_text(path: Path) -> str:
    try:
        return Path(path).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExportError(f"--template 을 읽을 수 없습니다 (cannot read): {path}: {exc}") from exc


def parse(text: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    if not rows:
        raise ExportError("--template 이 비어 있습니다 (empty template)")
    return rows


def csv_rows(table: list[list[str]]) -> str:
    """The table as the LMS wrote it, with the cells of students' own text (names, online
    text) spreadsheet-safe."""
    safe = [h.strip() in STUDENT_TEXT for h in table[0]]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(table[0])
    for row in table[1:]:
        writer.writerow(
            [spreadsheet_safe(c) if i < len(safe) and safe[i] else c for i, c in enumerate(row)]
        )
    return buf.getvalue()


def read_totals(grades: Path) -> dict[str, dict]:
    """totals.csv of a grades folder by student id, with float scores."""
    path = grades / "totals.csv"
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))
    except OSError as exc:
        raise ExportError(f"totals.csv 가 없습니다 (run grade first): {path}") from exc
    return {
        row["student_id"]: {**row, "score": float(row["score"]), "max": float(row["max_score"])}
        for row in rows
    }


def number(text: str) -> float | None:
    try:
        return float(text.strip())
    except (ValueError, AttributeError):
        return None


def scaled(total: dict, possible: float | None) -> str:
    """The score in the LMS's points: scaled to its maximum when that differs from ours."""
    if not possible or not total["max"] or possible == total["max"]:
        return points(total["score"])
    return points(round(total["score"] * possible / total["max"], 2))


def canvas_table(rows, totals, column) -> tuple[list[list[str]], str]:
    header = [h.strip() for h in rows[0]]
    if "ID" not in header:
        raise ExportError("Canvas 성적부 내보내기가 아닙니다 (no ID column in the template)")
    aids = {t["assignment"] for t in totals.values()}
    ids, col = header.index("ID"), canvas_column(header, column, aids)
    possible = next(
        (number(r[col]) for r in rows[1:] if r and r[0].strip() == POINTS_POSSIBLE), None
    )
    filled, replaced = set(), set()
    for row in rows[1:]:
        sid = row[ids].strip() if len(row) > max(ids, col) else ""
        if sid in totals:
            replaced |= fill(row, col, scaled(totals[sid], possible), sid)
            filled.add(sid)
    return rows, fill_notes(header[col], filled, replaced, totals)


def fill(row: list[str], col: int, value: str, sid: str) -> set[str]:
    """Put `value` in the row's cell; {sid} when that replaced another grade there."""
    old, row[col] = row[col].strip(), value
    return {sid} if old not in ("", "-") and number(old) != number(value) else set()


def canvas_column(header: list[str], wanted: str | None, aids: set[str]) -> int:
    """The index of the assignment column: `wanted` as a header, a Canvas assignment id or a
    name; without it the column named like the graded assignment, or the only one."""
    columns = {i: m for i, h in enumerate(header) if (m := CANVAS_ASSIGNMENT.fullmatch(h))}
    if wanted is not None:
        found = [i for i, m in columns.items() if wanted in (m[0], m["id"], m["name"])]
    else:
        found = [i for i, m in columns.items() if m["name"] in aids] or list(columns)
    if len(found) == 1:
        return found[0]
    listed = ", ".join(h for h in header if CANVAS_ASSIGNMENT.fullmatch(h)) or "none"
    raise ExportError(
        f"과제 열을 하나로 정할 수 없습니다 (choose the assignment column with --column): {listed}"
    )


def fill_notes(column: str, filled: set, replaced: set, totals: dict) -> str:
    missing = sorted(set(totals) - filled)
    text = f"{len(filled)} students filled in {column!r}"
    if replaced:
        text += f"; replaced the grade already there for: {', '.join(sorted(replaced)[:20])}"
    if missing:
        text += f"; not in the template (not written): {', '.join(missing[:20])}"
    return text


def moodle_table(rows, totals, roster) -> tuple[list[list[str]], str]:
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    if rows is None:
        if not roster:
            raise ExportError("Moodle 제출물의 채점이 아닙니다: --template 을 주세요 (no lms.csv)")
        rows = [MOODLE_COLUMNS] + [
            [f"{PARTICIPANT}{sid}", roster.get(sid, {}).get("name", ""), "", points(t["max"]), ""]
            for sid, t in totals.items()
            if sid.isdigit()
        ]
    header = [h.strip() for h in rows[0]]
    if not {MOODLE_ID, MOODLE_GRADE, MOODLE_MODIFIED} <= set(header):
        raise ExportError(
            f"Moodle 채점 워크시트가 아닙니다 (the template needs {MOODLE_ID}, {MOODLE_GRADE}, "
            f"{MOODLE_MODIFIED})"
        )
    ids, grade, modified = (header.index(c) for c in (MOODLE_ID, MOODLE_GRADE, MOODLE_MODIFIED))
    top = header.index(MOODLE_MAX) if MOODLE_MAX in header else None
    filled, replaced = set(), set()
    for row in rows[1:]:
        match = re.fullmatch(r"\D*?(\d+)", row[ids].strip()) if len(row) > ids else None
        if match and match[1] in totals and len(row) > max(grade, modified):
            possible = number(row[top]) if top is not None else None
            replaced |= fill(row, grade, scaled(totals[match[1]], possible), match[1])
            row[modified] = now
            filled.add(match[1])
    return rows, fill_notes(MOODLE_GRADE, filled, replaced, totals)


def feedback_entry(kind: str, sid: str, info: dict, aid: str) -> str | None:
    """The file name each LMS's feedback upload matches to the student (None: it cannot)."""
    if kind == "canvas":
        if not info.get("attachment"):
            return None  # Canvas matches a re-uploaded file by the attachment it comments on
        name = re.sub(r"[\W\d_]", "", info.get("name", "")) or "student"
        return f"{name}_{sid}_{info['attachment']}_{aid}-feedback.html"
    name = re.sub(r"[\x00-\x1f_/\\:*?\"<>|]", " ", info.get("name", "")).strip() or "Participant"
    return f"{name}_{sid}_assignfeedback_file/{aid}-feedback.html"


def write_feedback_zip(kind, grades: Path, roster: dict, totals: dict, path: Path) -> str:
    buf = io.BytesIO()
    added, skipped = 0, []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for sid, total in totals.items():
            info = roster.get(sid, {})
            page = feedback_path(grades, sid)
            entry = feedback_entry(kind, sid, info, total["assignment"])
            if info.get("lms") != kind or entry is None or not page.is_file():
                skipped.append(sid)
                continue
            zf.writestr(entry, page.read_bytes())
            added += 1
    write_atomic(path, buf.getvalue())
    text = f"{path}: {added} feedback pages"
    if skipped:
        text += f"; left out (not from a {kind} file upload): {', '.join(skipped[:20])}"
    return text
