"""Collect student submissions from a folder or a zip file.

Accepted layouts inside DIR (or inside DIR.zip)::

    DIR/<student_id>.ipynb
    DIR/<student_id>/<anything>.ipynb      (any depth; <aid>.ipynb preferred)
    DIR/<student_id>.zip                   (a notebook at any depth)
    a Canvas or Moodle assignment download (named as each LMS names it: lms.py)

Links are never followed (a symlink to the solution is a row with a reason, not a notebook), no
two submissions are merged (names equal after Unicode normalisation, or a file and a folder of
the same name, get distinct ids and a flag), and a name that cannot be a file name of its own
(too long, control characters) still gets its row: `file_stem` names its output files.
"""

import dataclasses
import hashlib
import os
import re
import stat
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

IGNORED_PARTS = {".ipynb_checkpoints", "__MACOSX"}
MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024
MAX_ZIP_BYTES = 2 * 1024 * 1024 * 1024
MAX_ZIP_MEMBERS = 20000
MAX_STEM_BYTES = 120  # output files are <stem>.json / <stem>.html: far below NAME_MAX (255)
DRIVE = re.compile(r"[A-Za-z]:")  # a member on a Windows drive ("C:evil.ipynb"): unsafe
SAME_NAME = "이름이 같은 제출물이 둘 이상 있습니다 (another submission has the same name)"
LINK = "심볼릭 링크는 따라가지 않습니다 (symbolic link: not graded)"


class SubmissionError(RuntimeError):
    """The submissions folder/zip as a whole cannot be used."""


@dataclass(frozen=True)
class Submission:
    """One student's submission.

    `path` is the file holding the notebook (an .ipynb or a .zip), `member` the
    notebook's name inside the zip.  `problem` is set (and the notebook is not
    graded) when no single notebook could be chosen.
    """

    student_id: str
    path: str
    member: str | None
    sha256: str
    problem: str | None = None
    flags: tuple[str, ...] = ()
    lms: dict | None = None  # from a Canvas or Moodle download: lms.py

    def read_bytes(self) -> bytes:
        """The notebook's bytes (size-capped)."""
        if self.member is None:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as fh:
                if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                    raise SubmissionError("일반 파일이 아닙니다 (not a regular file)")
                data = fh.read(MAX_NOTEBOOK_BYTES + 1)
        else:
            with zipfile.ZipFile(self.path) as zf, zf.open(self.member) as fh:
                data = fh.read(MAX_NOTEBOOK_BYTES + 1)
        if len(data) > MAX_NOTEBOOK_BYTES:
            raise SubmissionError(f"노트북이 너무 큽니다 (> {MAX_NOTEBOOK_BYTES} bytes)")
        return data


def sha256_file(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def printable(name: str) -> str:
    """A file name as text every output can hold: the bytes of a name that is not UTF-8 (a zip
    from an old Windows, in CP949) come back from the file system as surrogates, which no UTF-8
    file (JSON, CSV, HTML) can store; they become U+FFFD."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def clean_id(name: str) -> str:
    """Student id from a file name: printable, NFC (macOS writes Korean names decomposed), and
    no control or format characters (escape codes, bidi overrides) for a terminal or spreadsheet
    to obey."""
    text = unicodedata.normalize("NFC", printable(name))
    return "".join("_" if unicodedata.category(c) in ("Cc", "Cf") else c for c in text) or "_"


def file_stem(student_id: str) -> str:
    """The stem of a student's output files: the id itself when it is short and safe, else a
    prefix of it plus a hash (so two long ids never share a file)."""
    if len(student_id.encode()) <= MAX_STEM_BYTES and not student_id.startswith("."):
        return student_id
    digest = hashlib.sha256(student_id.encode()).hexdigest()[:10]
    head = student_id.encode()[:MAX_STEM_BYTES].decode("utf-8", "ignore").lstrip(".")
    return f"{head}~{digest}"


def is_ignored(parts: tuple[str, ...]) -> bool:
    """Checkpoints, macOS resource forks and hidden files are never submissions."""
    return any(p in IGNORED_PARTS or p.startswith(".") for p in parts)


def choose_notebook(names: list[str], aid: str) -> tuple[str | None, str | None]:
    """Pick one notebook among relative paths: (name, problem)."""
    if not names:
        return None, "노트북(.ipynb)이 없습니다 (no notebook found)"
    if len(names) == 1:
        return names[0], None
    preferred = [n for n in names if PurePosixPath(n).name == f"{aid}.ipynb"]
    if len(preferred) == 1:
        return preferred[0], None
    listed = ", ".join(clean_id(n) for n in sorted(names)[:5])
    return None, f"노트북이 여러 개입니다 (several notebooks, none named {aid}.ipynb): {listed}"


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """Member name, repairing names that were UTF-8/CP949 but not flagged as UTF-8."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    raw = name.encode("cp437", errors="replace")
    for encoding in ("utf-8", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def safe_members(zf: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """Regular-file members with safe relative paths; raise on traversal or bombs."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise SubmissionError(f"zip 항목이 너무 많습니다 (> {MAX_ZIP_MEMBERS})")
    if sum(i.file_size for i in infos) > MAX_ZIP_BYTES:
        raise SubmissionError(f"zip 압축 해제 크기가 너무 큽니다 (> {MAX_ZIP_BYTES} bytes)")
    members = []
    for info in infos:
        name = zip_member_name(info).replace("\\", "/")
        parts = PurePosixPath(name).parts
        if name.startswith("/") or ".." in parts or (parts and DRIVE.match(parts[0])):
            raise SubmissionError(f"zip 에 안전하지 않은 경로가 있습니다 (unsafe path): {name!r}")
        if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16):
            continue
        members.append((info, name))
    return members


def from_notebook(path: Path) -> Submission:
    return Submission(clean_id(path.stem), str(path), None, sha256_file(path))


def from_folder(folder: Path, aid: str) -> Submission:
    student_id = clean_id(folder.name)
    if (folder / aid).is_dir() and not (folder / aid).is_symlink():
        folder = folder / aid  # nbgrader's submitted/<student>/<aid>/
    names = [
        p.relative_to(folder).as_posix()
        for p in regular_files(folder)
        if p.suffix == ".ipynb" and not is_ignored(p.relative_to(folder).parts)
    ]
    name, problem = choose_notebook(names, aid)
    if name is None:
        return Submission(student_id, str(folder), None, sha256_text("\n".join(names)), problem)
    path = folder / name
    return Submission(student_id, str(path), None, sha256_file(path))


def regular_files(folder: Path) -> list[Path]:
    """Regular files under `folder`, sorted; symbolic links (to files or folders) left out."""
    found = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(root, d)))
        for name in files:
            path = Path(root) / name
            if stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path)
    return sorted(found)


def from_zip(path: Path, aid: str) -> Submission:
    student_id = clean_id(path.stem)
    digest = sha256_file(path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = safe_members(zf)
    except (zipfile.BadZipFile, SubmissionError, OSError, ValueError) as exc:
        return Submission(student_id, str(path), None, digest, f"zip 파일 오류 (bad zip): {exc}")
    notebooks = {
        name: info.filename
        for info, name in members
        if name.endswith(".ipynb") and not is_ignored(PurePosixPath(name).parts)
    }
    name, problem = choose_notebook(sorted(notebooks), aid)
    if name is None:
        return Submission(student_id, str(path), None, digest, problem)
    return Submission(student_id, str(path), notebooks[name], digest)


def extract_zip(path: Path, dest: Path) -> Path:
    """Safely extract a zip of submissions; return the folder that holds them."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info, name in safe_members(zf):
                target = dest / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with zf.open(info) as src, open(target, "wb") as dst:
                    while block := src.read(1 << 20):
                        dst.write(block)
                keep_zip_time(target, info)
    except zipfile.BadZipFile as exc:
        raise SubmissionError(f"제출물 zip 을 열 수 없습니다 (bad zip): {path}: {exc}") from exc
    entries = [p for p in dest.iterdir() if not is_ignored((p.name,))]
    # "submissions.zip" made by zipping the folder "submissions/": descend into it
    if len(entries) == 1 and entries[0].is_dir() and entries[0].name == path.stem:
        return entries[0]
    return dest


def keep_zip_time(target: Path, info: zipfile.ZipInfo) -> None:
    """The file's time as the zip has it (lms.py grades a student's newest file)."""
    try:
        stamp = time.mktime((*info.date_time, 0, 0, -1))
        os.utime(target, (stamp, stamp))
    except (OverflowError, ValueError, OSError):
        pass  # a crafted time: the file keeps the time it was written


def collect(source: Path, aid: str, workdir: Path) -> list[Submission]:
    """All submissions in `source` (a folder or a zip), sorted by student id.

    `workdir` is an empty scratch folder used when `source` is a zip file.
    """
    source = Path(source)
    if source.is_file() and source.suffix.lower() == ".zip":
        source = extract_zip(source, Path(workdir))
    if not source.is_dir():
        raise SubmissionError(f"제출물 폴더가 없습니다 (not a folder or zip): {source}")
    from .lms import lms_submissions

    if (downloaded := lms_submissions(source, aid)) is not None:
        return distinct_ids(downloaded)
    found: list[Submission] = []
    for entry in sorted(source.iterdir()):
        if is_ignored((entry.name,)):
            continue
        sub = from_entry(entry, aid)
        if sub is not None:
            found.append(sub)
    return distinct_ids(found)


def from_entry(entry: Path, aid: str) -> Submission | None:
    """The submission an entry of the folder holds (None: not a submission)."""
    suffix = entry.suffix.lower()
    if entry.is_symlink():
        if suffix in (".ipynb", ".zip") or entry.is_dir():
            student_id = clean_id(entry.stem if suffix else entry.name)
            return Submission(student_id, str(entry), None, sha256_text(str(entry)), LINK)
        return None
    if entry.is_dir():
        return from_folder(entry, aid)
    if not entry.is_file():
        return None
    if suffix == ".ipynb":
        return from_notebook(entry)
    if suffix == ".zip":
        return from_zip(entry, aid)
    return None


def distinct_ids(subs: list[Submission]) -> list[Submission]:
    """Every submission keeps its own row: an id taken twice (NFC and NFD names, a file and a
    folder) gets ' (2)', ' (3)'... and both are flagged; sorted by id."""
    counts: dict[str, int] = {}
    for sub in subs:
        counts[sub.student_id] = counts.get(sub.student_id, 0) + 1
    taken = set(counts)
    seen: dict[str, int] = {}
    out = []
    for sub in subs:
        sid = sub.student_id
        if counts[sid] > 1:
            seen[sid] = seen.get(sid, 0) + 1
            if seen[sid] > 1:
                number = seen[sid]
                while f"{sid} ({number})" in taken:
                    number += 1
                taken.add(new := f"{sid} ({number})")
                sid = new
            sub = dataclasses.replace(sub, student_id=sid, flags=(*sub.flags, SAME_NAME))
        out.append(sub)
    return sorted(out, key=lambda s: s.student_id)
