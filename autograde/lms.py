"""Canvas and Moodle assignment downloads ("Download Submissions" / "Download all submissions").

Each LMS names the files itself (the formats read here are those of their source code, see
README "Canvas and Moodle"):

    Canvas:  <sortablename>[_LATE]_<user_id>_<attachment_id>_<file name>
             <sortablename>[_LATE]_<user_id>_text.html | _link.html   (no file uploaded)
    Moodle:  <Full Name>_<participant_id>_assignsubmission_file/<file>      (4.1 and later)
             <Full Name>_<participant_id>_assignsubmission_file_/<file>     (3.1 to 4.0)
             <Full Name>_<participant_id>_assignsubmission_file_<file>      (without folders)

The student id is the LMS's id (Canvas: the user id, Moodle: the participant id its grading
worksheet and feedback import use); the name is kept for display only (`lms.csv`). All files of
one id are one student: the newest notebook is graded (Canvas: the highest attachment id; Moodle:
the newest file time in the zip), the older ones are listed, and Canvas's LATE mark is a flag.
"""

import csv
import dataclasses
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .submissions import (
    LINK,
    Submission,
    choose_notebook,
    clean_id,
    from_notebook,
    from_zip,
    is_ignored,
    regular_files,
    sha256_text,
)

CANVAS_FILE = re.compile(
    r"(?P<name>.*?)(?P<late>_late)?_(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)", re.I
)
CANVAS_ONLINE = re.compile(
    r"(?P<name>.*?)(?P<late>_late)?_(?P<user>\d+)_(?P<file>(?:text|link)\.html)", re.I
)
CANVAS_ID = r"[1-9]\d*"  # Canvas ids never begin with 0
CANVAS_TAIL = re.compile(
    rf"_{CANVAS_ID}_(?:{CANVAS_ID}_.+|(?:text|link)\.html)", re.I
)  # "_<user id>_<attachment id>_<file>" or "_<user id>_text.html": where a reading may start
MOODLE_ENTRY = re.compile(
    r"(?P<name>[^_/]*)_(?P<user>\d+)_assignsubmission_(?P<plugin>[a-z]+)(?:_(?P<file>.*))?"
)
LATE = "늦은 제출 (late: the LMS marked this submission late)"
AMBIGUOUS = "Canvas 파일 이름을 한 가지로 읽을 수 없습니다 (ambiguous Canvas name)"
OLDER = "이전 제출물은 채점하지 않았습니다 (older submissions not graded: see lms.csv)"
ROSTER = "lms.csv"
ROSTER_COLUMNS = ["student_id", "name", "lms", "late", "file", "attachment", "older"]


@dataclass(frozen=True)
class Candidate:
    """One file (or folder entry) of a student in an LMS download."""

    user: str
    name: str
    path: Path
    file: str  # the name the student gave it (Canvas) or its path in the student's folder
    order: tuple  # larger is newer
    late: bool = False
    attachment: str = ""
    ambiguous: bool = False  # Canvas: the entry reads in more than one way (see `readings`)

    @property
    def is_notebook(self) -> bool:
        return self.path.suffix.lower() in (".ipynb", ".zip")


def lms_kind(names: list[str]) -> str | None:
    """'canvas' or 'moodle' when every entry of a download is named the way that LMS names
    its files, else None (a plain layout)."""
    if not names:
        return None
    if all(CANVAS_FILE.fullmatch(n) or CANVAS_ONLINE.fullmatch(n) for n in names):
        return "canvas"
    if all(MOODLE_ENTRY.fullmatch(n) for n in names):
        return "moodle"
    return None


def lms_submissions(folder: Path, aid: str) -> list[Submission] | None:
    """The submissions of an LMS download in `folder`, one per LMS id; None when the folder is
    not an LMS download."""
    entries = [
        p
        for p in sorted(Path(folder).iterdir())
        if not is_ignored((p.name,)) or MOODLE_ENTRY.fullmatch(p.name)  # a name such as ".Kim"
    ]
    kind = lms_kind([p.name for p in entries])
    if kind is None:
        return None
    read = canvas_candidates if kind == "canvas" else moodle_candidates
    groups: dict[str, list[Candidate]] = {}
    for entry in entries:
        for cand in read(entry):
            groups.setdefault(cand.user, []).append(cand)
    subs = []
    for _, cands in sorted(groups.items()):
        kept, apart = split(cands)
        subs += [pick(kind, kept, aid)] if kept else []
        subs += [on_its_own(c, aid) for c in apart]
    return subs


def split(cands: list[Candidate]) -> tuple[list[Candidate], list[Candidate]]:
    """A Canvas name may end in digits (`kimminsu_1001` of "Kim, Minsu _1001"): an entry that
    also reads as another user's is not merged with the other entries of the id it names."""
    apart = [c for c in cands if c.ambiguous] if len(cands) > 1 else []
    return [c for c in cands if c not in apart], apart


def on_its_own(cand: Candidate, aid: str) -> Submission:
    """An ambiguous entry's row: named by its file (not an LMS id, so never exported)."""
    sub = submission_of(cand, aid, [cand.file])
    return dataclasses.replace(sub, student_id=clean_id(cand.path.stem), flags=(AMBIGUOUS,))


def canvas_candidates(entry: Path) -> list[Candidate]:
    match = CANVAS_FILE.fullmatch(entry.name) or CANVAS_ONLINE.fullmatch(entry.name)
    groups = match.groupdict()
    attachment = groups.get("attachment") or ""
    order = (int(attachment or 0), entry.name)
    return [
        Candidate(
            groups["user"],
            clean_id(groups["name"]),
            entry,
            clean_id(groups["file"]),
            order,
            bool(groups["late"]),
            attachment,
            readings(entry.name) > 1,
        )
    ]


def readings(name: str) -> int:
    """In how many places a Canvas entry's user id may begin: more than one when the name
    Canvas wrote ends in digits (or the file's name looks like ids), and then the user, the
    attachment and LATE each depend on which is taken."""
    return sum(bool(CANVAS_TAIL.fullmatch(name, i)) for i, c in enumerate(name) if c == "_")


def moodle_candidates(entry: Path) -> list[Candidate]:
    groups = MOODLE_ENTRY.fullmatch(entry.name).groupdict()
    user, name = groups["user"], clean_id(groups["name"])
    if groups["plugin"] != "file" or entry.is_symlink() or not entry.is_dir():
        # online text, or one file of a download without folders: the file is its own entry
        return [Candidate(user, name, entry, clean_id(groups["file"] or entry.name), order(entry))]
    found = [
        Candidate(user, name, path, clean_id(path.relative_to(entry).as_posix()), order(path))
        for path in regular_files(entry)
        if not is_ignored(path.relative_to(entry).parts)
    ]
    return found or [Candidate(user, name, entry, "", (0.0, ""))]


def order(path: Path) -> tuple:
    """Moodle's order of files: their time in the zip (kept by extract_zip), then the name."""
    return (os.lstat(path).st_mtime, path.name)


def pick(kind: str, cands: list[Candidate], aid: str) -> Submission:
    """The student's newest notebook as a Submission; older ones listed, LATE flagged."""
    notebooks = sorted((c for c in cands if c.is_notebook), key=lambda c: c.order)
    chosen = notebooks[-1] if notebooks else max(cands, key=lambda c: c.order)
    older = [c.file for c in notebooks[:-1]]
    info = {
        "lms": kind,
        "name": chosen.name,
        "late": chosen.late,
        "file": chosen.file,
        "attachment": chosen.attachment,
        "older": older,
    }
    flags = ((LATE,) if chosen.late else ()) + ((OLDER,) if older else ())
    flags += (AMBIGUOUS,) if chosen.ambiguous else ()
    sub = submission_of(chosen, aid, [c.file for c in cands])
    return dataclasses.replace(sub, student_id=chosen.user, flags=flags, lms=info)


def submission_of(chosen: Candidate, aid: str, files: list[str]) -> Submission:
    if chosen.path.is_symlink():
        return Submission(chosen.user, str(chosen.path), None, sha256_text(str(chosen.path)), LINK)
    if chosen.is_notebook and chosen.path.suffix.lower() == ".zip":
        return from_zip(chosen.path, aid)
    if chosen.is_notebook:
        return from_notebook(chosen.path)
    _, problem = choose_notebook([], aid)
    listed = ", ".join(sorted(f for f in files if f)[:5])
    problem += f": {listed}" if listed else ""
    return Submission(chosen.user, str(chosen.path), None, sha256_text(problem), problem)


def roster_rows(subs: list[Submission]) -> list[dict]:
    return [
        {
            "student_id": sub.student_id,
            "name": sub.lms["name"],
            "lms": sub.lms["lms"],
            "late": "yes" if sub.lms["late"] else "",
            "file": sub.lms["file"],
            "attachment": sub.lms["attachment"],
            "older": "; ".join(sub.lms["older"]),
        }
        for sub in subs
        if sub.lms
    ]


def write_roster(out: Path, subs: list[Submission]) -> None:
    """`lms.csv`: who each LMS id is, which file was graded, which older ones were not; removed
    when the submissions are not an LMS download."""
    from .report import csv_text, write_atomic

    rows = roster_rows(subs)
    path = Path(out) / ROSTER
    if rows:
        write_atomic(path, csv_text(ROSTER_COLUMNS, rows))
    elif path.is_file():
        path.unlink()


def read_roster(grades: Path) -> dict[str, dict]:
    """lms.csv of a grades folder, by student id ({} when there is none)."""
    path = Path(grades) / ROSTER
    if not path.is_file():
        return {}
    rows = csv.DictReader(io.StringIO(path.read_text("utf-8")))
    return {row["student_id"]: row for row in rows}
