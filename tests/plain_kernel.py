"""Grade submissions the plain way, as stock nbgrader would: every check in the student's kernel.

    python tests/plain_kernel.py AID SUBMISSIONS_DIR OUT.json

For each submission, one fresh IPython shell runs the source notebook's setup cells (whole),
then in source order the student's answer cells and the source's check cells with their hidden
tests put back (markers removed), as `nbgrader autograde` does; a check passes when its cell
raises nothing. No sandbox, no proxies: this is the reference the grader's verdicts are compared
with (tests/test_grading.py, issue 13). Answer cells are found with the grader's own matching,
so the comparison is about how checks run, not about finding cells.

Each submission runs in a child forked from a parent that has already run the setup cells'
imports (NumPy, IPython, TensorFlow...), so a class costs seconds, not a TensorFlow import each.
OUT.json: {student_id: {check grade_id: "ok" | "failed" | "error" | "timeout"}}.
"""

import json
import os
import resource
import select
import signal
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograde.assemble import (  # noqa: E402
    AnswerCell,
    InvalidNotebook,
    match_answers,
    read_source,
    read_student,
)
from autograde.runner import run_imports  # noqa: E402
from autograde.submissions import collect  # noqa: E402

TIMEOUT = 120
ATTACKS = ("tamper_", "hostile_", "leak_")
MEMORY = 8 * 1024**3  # address space of each child (Keras needs about 2.2 GiB)
MARKERS = ("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS")


def cells_to_run(spec, matches) -> list[tuple[str | None, str]]:
    """(check grade_id or None, source) in the order nbgrader would run them."""
    cells = [(None, source) for source in spec.setup]
    for item in spec.items:
        if isinstance(item, AnswerCell):
            source = matches[item.grade_id].source
            cells.append((None, source if source is not None else "pass"))
            continue
        whole = "\n".join(part.source for part in item.parts)
        lines = [line for line in whole.splitlines() if line.strip() not in MARKERS]
        cells.append((item.grade_id, "\n".join(lines)))
    return cells


def run_in_child(cells) -> dict:
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    verdicts = {}
    for check, source in cells:
        result = shell.run_cell(source, silent=True)
        error = result.error_before_exec or result.error_in_exec
        if check is not None:
            verdicts[check] = "ok" if error is None else verdict_of(error)
    return verdicts


def verdict_of(error: BaseException) -> str:
    return "failed" if isinstance(error, AssertionError) else "error"


def grade_plain(cells) -> dict:
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        code = 1
        try:
            data = json.dumps(run_in_child(cells)).encode()
            os.write(writer, data)
            code = 0
        finally:
            os._exit(code)
    os.close(writer)
    data, deadline = b"", time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        ready, _, _ = select.select([reader], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(reader, 1 << 20)
        if not chunk:
            break
        data += chunk
    os.close(reader)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    try:
        return json.loads(data)
    except ValueError:
        return {check: "timeout" for check, _ in cells if check is not None}


def main() -> None:
    aid, folder, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    os.environ.update(COURSE_FAST="1", TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="-1")
    os.environ.setdefault("MPLBACKEND", "Agg")
    spec = read_source(REPO / "solutions" / aid / f"{aid}.ipynb")
    import IPython.core.interactiveshell  # noqa: F401  (preloaded for every child)

    for source in spec.setup:  # TensorFlow, Keras, matplotlib... imported once, before forking
        run_imports(source, {}, set())
    results = {}
    scratch = Path(os.environ.get("TMPDIR", "/tmp")) / f"plain-{os.getpid()}"
    for sub in collect(folder, aid, scratch):
        if sub.student_id.startswith(ATTACKS):
            continue  # no sandbox here: attacks are the grader's business, not this reference's
        checks = [t.grade_id for t in spec.tests]
        try:
            if sub.problem:
                raise InvalidNotebook(sub.problem)
            matches = match_answers(spec, read_student(sub.read_bytes()))
        except (InvalidNotebook, OSError, ValueError):
            results[sub.student_id] = {check: "invalid" for check in checks}
            continue
        results[sub.student_id] = grade_plain(cells_to_run(spec, matches))
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
