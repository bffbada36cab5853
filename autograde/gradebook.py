"""nbgrader interop: its course layout and its gradebook.

`grade --gradebook PATH/gradebook.db` writes, through nbgrader's own API (`nbgrader.api`), the
assignment and its cells (nbgrader's `SaveCells`, as `generate_assignment` records them), every
student, every autograded cell's score (`auto_score`) and every manual cell unscored and marked
as needing a manual grade; an override (`overrides.py`) becomes the cell's `manual_score`. A
score an instructor gave in formgrader is never replaced. It also writes each student's notebook
(the source with the student's answers, as nbgrader's autograde leaves it) to
`PATH/autograded/<student>/<aid>/<notebook>.ipynb`, where formgrader opens it. So formgrader
shows the grades and the manual cells to grade, and `nbgrader export` prints the totals.
"""

import re
import warnings
from pathlib import Path

import nbformat

from .assemble import grade_id_of, nbgrader_meta
from .manual import STATUS as MANUAL
from .submissions import SubmissionError, file_stem

NO_ANSWER = "# (제출물에 이 셀이 없습니다: no such cell in the submission)"
SCRIPT_SCHEME = re.compile(r"(javascript|vbscript|data)(?=[\s\\]*:)", re.I)
SOURCE_DIR = "source"  # nbgrader's course layout: source/<aid>/, submitted/<student>/<aid>/


class GradebookError(SubmissionError):
    """The gradebook cannot take this assignment (nbgrader missing, cells changed...)."""


def nbgrader_source(root: Path, aid: str) -> Path | None:
    """The source notebook of `aid` in nbgrader's layout: source/<aid>/<aid>.ipynb, else the
    only notebook in source/<aid>/ (None when there is neither)."""
    folder = Path(root) / SOURCE_DIR / aid
    if (folder / f"{aid}.ipynb").is_file():
        return folder / f"{aid}.ipynb"
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file()) if folder.is_dir() else []
    return notebooks[0] if len(notebooks) == 1 else None


def db_url(path: Path) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def open_gradebook(path: Path):
    try:
        from nbgrader.api import Gradebook
    except ImportError as exc:
        raise GradebookError(
            "--gradebook 에는 nbgrader 가 필요합니다 (needs nbgrader): "
            "pip install -r requirements-dev.txt"
        ) from exc
    path = Path(path)
    if not path.parent.is_dir():
        raise GradebookError(f"--gradebook 의 폴더가 없습니다 (no such folder): {path.parent}")
    try:
        return Gradebook(db_url(path))
    except Exception as exc:  # sqlalchemy's errors: not a database, no permission
        raise GradebookError(f"gradebook 을 열 수 없습니다 (cannot open): {path}: {exc}") from exc


def register_assignment(path: Path, aid: str, source: Path) -> None:
    """The assignment, its notebook and cells in the gradebook (checked before grading)."""
    from nbgrader.preprocessors import SaveCells

    with open_gradebook(path) as gb:
        gb.update_or_create_assignment(aid)
    nb = nbformat.read(str(source), as_version=4)
    resources = {"nbgrader": {"notebook": source.stem, "assignment": aid, "db_url": db_url(path)}}
    try:
        SaveCells().preprocess(nb, resources)
    except RuntimeError as exc:  # cells added or removed since students were recorded
        raise GradebookError(f"gradebook {path}: {exc}") from exc


def write_gradebook(
    path: Path, aid: str, source: Path, results: list[dict], lms_ids: frozenset = frozenset()
) -> None:
    """Students, submissions and grades of `results` into the gradebook at `path` (`lms_ids`:
    the students of a Canvas or Moodle download, whose folders hold only what they uploaded)."""
    from nbgrader.api import MissingEntry
    from sqlalchemy.exc import SAWarning

    notebook = source.stem
    with open_gradebook(path) as gb:
        for result in results:
            student = result["student_id"]
            gb.update_or_create_student(student)
            try:
                gb.find_submission(aid, student)
            except MissingEntry:
                with warnings.catch_warnings():  # nbgrader's own autoflush notices
                    warnings.simplefilter("ignore", SAWarning)
                    times = submitted_at(result, aid, lms=student in lms_ids)
                    gb.add_submission(aid, student, **times)
            for row in result["rows"]:
                set_grade(gb.find_grade(row["grade_id"], notebook, aid, student), row)
            gb.db.commit()
    for result in results:
        write_autograded(Path(path).parent, aid, source, result)


def set_grade(grade, row: dict) -> None:
    """nbgrader's fields of one graded cell; a manual_score given in formgrader stays."""
    manual = row.get("auto_status", row["status"]) == MANUAL
    grade.auto_score = None if manual else float(row.get("auto_score", row["score"]))
    if row["status"] == "overridden":
        grade.manual_score = float(row["score"])
    if grade.manual_score is None:
        grade.needs_manual_grade = manual
    elif row["status"] == "overridden":
        grade.needs_manual_grade = False


def submitted_at(result: dict, aid: str, lms: bool = False) -> dict:
    """{'timestamp': ...} from nbgrader's submitted/<student>/<aid>/timestamp.txt, if any; never
    from a folder that holds only the student's upload (a plain or an LMS layout), where the
    student would choose the time nbgrader's late penalty counts from."""
    notebook = Path(str(result.get("submission", "")).partition("!")[0])
    stamp = notebook.parent / "timestamp.txt"
    layout = (notebook.parent.name, notebook.parent.parent.name)
    if lms or layout != (aid, result.get("student_id")):
        return {}
    try:
        text = stamp.read_text(encoding="utf-8").strip()
        from nbgrader.utils import parse_utc

        return {"timestamp": parse_utc(text)}
    except (OSError, ValueError, TypeError, OverflowError):
        return {}


def write_autograded(course: Path, aid: str, source: Path, result: dict) -> None:
    """The source notebook with the student's answer and manual cells, for formgrader."""
    answers = result.get("answers") or {}
    nb = nbformat.read(str(source), as_version=4)
    for cell in nb.cells:
        if nbgrader_meta(cell).get("solution"):
            text = answers.get(grade_id_of(cell))
            text = NO_ANSWER if text is None else text  # never the instructor's solution
            cell.source = inert_markdown(text) if cell.cell_type == "markdown" else text
    target = course / "autograded" / file_stem(result["student_id"]) / aid / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(target))


def inert_markdown(text: str) -> str:
    """A student's Markdown as formgrader shows it, without what a browser would run there:
    formgrader renders Markdown unsanitized on the Jupyter server's own origin, so raw HTML
    (`<img onerror=...>`) is shown as text and a `javascript:` link is no link."""
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return SCRIPT_SCHEME.sub(r"\1 ", text)
