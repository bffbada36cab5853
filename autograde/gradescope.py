"""Gradescope: build an autograder zip, and grade one submission inside Gradescope's container.

`python -m autograde gradescope --assignment AID --out autograder.zip` writes the zip Gradescope
asks for: `setup.sh` and `run_autograder` (from `gradescope_files/`) at its root, this package,
the assignment's source notebook (hidden tests included), the packages to install and
`gradescope.json` (assignment, --timeout, --visibility). Gradescope unpacks it into
`/autograder/source`, runs `setup.sh` once, and for every submission runs `run_autograder`,
which runs `python -m autograde.gradescope`: the submission in `/autograder/submission/` is
graded with `grading.grade` like one student of a batch, and `/autograder/results/results.json`
gets one test per check cell (its points and the Korean hint of the feedback page, which never
quotes a hidden test). The root is `--root`, else `$AUTOGRADER_ROOT`, else `/autograder`.

The sandbox: bubblewrap where it starts. Docker's defaults (no CAP_SYS_ADMIN, a seccomp
filter that refuses new namespaces) stop it; then the submission is graded in container mode
(`SandboxConfig(container=True)`, only ever chosen here): the student's code runs in its own
process as a uid of its own without capabilities and without network (`seccomp.py`'s filter:
no socket but AF_UNIX), the checks stay in the grader's process, the hidden tests are made
unreadable to that uid (the results folder is not writable for it), and what it leaves running
is killed after grading.
`AUTOGRADER_SANDBOX=container` chooses container mode without trying bubblewrap.
"""

import argparse
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from . import REPO_ROOT
from .sandbox import (
    SANDBOX_UID_BASE,
    SandboxConfig,
    SandboxUnavailable,
    container_prefix,
    next_uid,
    trial_run,
)

DEFAULT_ROOT = Path("/autograder")
ROOT_ENV = "AUTOGRADER_ROOT"
MODE_ENV = "AUTOGRADER_SANDBOX"
CONFIG_NAME = "gradescope.json"
SHIPPED = Path(__file__).resolve().parent / "gradescope_files"
SCRIPTS = ("setup.sh", "run_autograder")
VISIBILITIES = ("visible", "after_due_date", "after_published", "hidden")
GRADER_EXTRAS = ("nbformat",)  # what the grader imports beyond requirements.txt
STUDENT = "submission"
PASSED = "통과"
PR_SET_CHILD_SUBREAPER = 36  # prctl(2)
NO_NOTEBOOK = "제출물에서 노트북(.ipynb)을 찾지 못했습니다 (no notebook in the submission)"


# ------------------------------------------------------------------ building the zip


def add_parser(sub, parents=()) -> None:
    """The `gradescope` subcommand's options (called by cli.build_parser)."""
    from .cli import seconds

    gs = sub.add_parser(
        "gradescope", parents=list(parents), help="Gradescope 자동 채점기 zip 만들기"
    )
    gs.add_argument("--assignment", required=True, metavar="AID", help="과제 id, 예: 00_perceptron")
    gs.add_argument("--out", required=True, type=Path, help="만들 zip (e.g. autograder.zip)")
    gs.add_argument("--timeout", type=seconds, default=120, help="셀당 시간 제한 초 (default 120)")
    gs.add_argument(
        "--visibility",
        choices=VISIBILITIES,
        default="visible",
        help="학생에게 결과를 보여 줄 때 (Gradescope test visibility; default visible)",
    )


def build(
    aid: str, out: Path, root: Path = REPO_ROOT, timeout: float = 120, visibility: str = "visible"
) -> Path:
    """Write the autograder zip for assignment `aid` to `out`; return `out`."""
    from .grading import check_source, source_path

    source = source_path(root, aid)
    check_source(source, root)
    config = {"assignment": aid, "timeout": timeout, "visibility": visibility}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in SCRIPTS:
            put(archive, name, (SHIPPED / name).read_bytes(), executable=True)
        for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
            put(archive, f"autograde/{path.name}", path.read_bytes())
        put(archive, f"solutions/{aid}/{aid}.ipynb", source.read_bytes())
        put(archive, "bin/check_python.py", (REPO_ROOT / "bin" / "check_python.py").read_bytes())
        put(archive, "requirements.txt", grader_requirements().encode())
        put(archive, CONFIG_NAME, json.dumps(config, indent=1).encode() + b"\n")
    return out


def put(archive: zipfile.ZipFile, name: str, data: bytes, executable: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = ((0o755 if executable else 0o644) | stat.S_IFREG) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


def grader_requirements() -> str:
    """requirements.txt, and the pins of requirements-dev.txt the grader imports."""
    extra = [
        line
        for line in (REPO_ROOT / "requirements-dev.txt").read_text("utf-8").splitlines()
        if line.split("~=")[0].split("==")[0].strip() in GRADER_EXTRAS
    ]
    return (REPO_ROOT / "requirements.txt").read_text("utf-8") + "\n".join(extra) + "\n"


def build_from_args(args) -> int:
    built = build(args.assignment, args.out, args.root, args.timeout, args.visibility)
    print(f"Gradescope 자동 채점기 (autograder zip): {built}")
    return 0


# ------------------------------------------------------------------ inside the container


def choose_sandbox() -> tuple[SandboxConfig, str]:
    """bubblewrap when a trial sandbox starts here, else container mode (said on stdout)."""
    if os.environ.get(MODE_ENV) != "container":
        why = trial_run(SandboxConfig())
        if not why:
            return SandboxConfig(), "bubblewrap"
        print(f"bubblewrap 을 쓸 수 없어 컨테이너 모드로 채점합니다 (container mode): {why}")
    if os.geteuid() != 0:
        print("경고 (warning): root 가 아니라 학생 코드가 채점기와 같은 uid 로 실행됩니다")
    why = container_problem()
    if why:
        raise SandboxUnavailable(f"컨테이너 모드도 시작할 수 없습니다 (container mode): {why}")
    return SandboxConfig(enabled=False, container=True), "container"


def container_problem() -> str:
    """'' when this Python starts as a sandbox uid with its packages, else why not (e.g. an
    interpreter under a folder only root may enter)."""
    probe = "import IPython, numpy; print('ok')"
    argv = container_prefix(next_uid()) + [sys.executable, "-s", "-c", probe]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    if done.stdout.strip() != "ok":
        return (done.stderr.strip() or f"exit {done.returncode}")[-500:]
    return ""


def protect(root: Path) -> None:
    """Hidden tests and Gradescope's metadata: readable by root only (container mode's uid
    cannot open them); the results folder exists and is root's."""
    for path in (root / "source" / "solutions", root / "submission_metadata.json"):
        if path.exists():
            path.chmod(0o700 if path.is_dir() else 0o600)
    (root / "results").mkdir(exist_ok=True)
    (root / "results").chmod(0o755)


def become_subreaper() -> None:
    """Orphans of this process's descendants (a double fork that leaves the runner's process
    group) become its children instead of init's, so that `kill_leftovers` finds them."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, real uid) of every process in /proc."""
    table = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
            table[int(status.parent.name)] = (int(fields["PPid"]), int(fields["Uid"].split()[0]))
        except (OSError, KeyError, ValueError):
            pass
    return table


def kill_leftovers() -> None:
    """Kill this process's descendants that still run as a sandbox uid."""
    table = process_table()
    for pid, (_, uid) in table.items():
        if uid >= SANDBOX_UID_BASE and descends_from_this_process(pid, table):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass


def descends_from_this_process(pid: int, table: dict[int, tuple[int, int]]) -> bool:
    for _ in range(len(table)):  # bounded: a table read while pids were reused may loop
        pid = table.get(pid, (0, 0))[0]
        if pid == os.getpid():
            return True
        if pid in (0, 1):
            return False
    return False


def grade_submission(root: Path, config: dict, sandbox: SandboxConfig) -> dict:
    """The grader's result for the one submission in `root/submission`."""
    from .assemble import read_source
    from .grading import grade, source_path
    from .score import invalid_rows
    from .submissions import SubmissionError

    aid = config["assignment"]
    with tempfile.TemporaryDirectory(prefix="gradescope-") as scratch:
        subs = Path(scratch) / "submissions"
        shutil.copytree(root / "submission", subs / STUDENT, symlinks=True)
        try:
            results = grade(
                aid,
                subs,
                Path(scratch) / "grades",
                root=root / "source",
                workers=1,
                timeout=float(config["timeout"]),
                sandbox=sandbox,
            )
        except SubmissionError:
            spec = read_source(source_path(root / "source", aid))
            rows = invalid_rows(spec, NO_NOTEBOOK)
            return {"rows": rows, "score": 0.0, "max_score": sum(r["max_score"] for r in rows),
                    "status": "invalid_notebook", "flags": []}  # fmt: skip
    return results[0]


def test_entry(row: dict, visibility: str) -> dict:
    """One check cell as a Gradescope test: what the feedback page says about it."""
    from .report import hint

    ok = row["status"] == "ok"
    return {
        "name": row["grade_id"],
        "score": row["score"],
        "max_score": row["max_score"],
        "status": "passed" if ok else "failed",
        "output": PASSED if ok else hint(row),
        "visibility": visibility,
    }


def results_json(aid: str, result: dict, visibility: str, mode: str, seconds: float) -> dict:
    """Gradescope's results.json: the tests and the total; the grader's stdout (reasons that
    may quote a hidden test, flags) is for instructors only."""
    score, most = result["score"], result["max_score"]
    return {
        "score": score,
        "execution_time": round(seconds),
        "output": f"{aid} 자동 채점: {score:g}/{most:g}점",
        "visibility": visibility,
        "stdout_visibility": "hidden",
        "tests": [test_entry(row, visibility) for row in result["rows"]],
        "extra_data": {"status": result["status"], "sandbox": mode},
    }


def print_for_instructors(result: dict, mode: str) -> None:
    print(f"샌드박스 (sandbox): {mode}")
    for row in result["rows"]:
        print(f"{row['grade_id']}: {row['score']:g}/{row['max_score']:g} {row['status']} "
              f"{row['reason']}")  # fmt: skip
    for flag in result["flags"]:
        print(f"플래그 (flag): {flag}")


def run(root: Path) -> dict:
    """Grade `root/submission/` and write `root/results/results.json`; return its content."""
    started = time.monotonic()
    root = Path(root).resolve()
    config = json.loads((root / "source" / CONFIG_NAME).read_text("utf-8"))
    sandbox, mode = choose_sandbox()
    if sandbox.container:
        protect(root)
        become_subreaper()
    try:
        result = grade_submission(root, config, sandbox)
    finally:
        if sandbox.container and os.geteuid() == 0:
            kill_leftovers()
    print_for_instructors(result, mode)
    seconds = time.monotonic() - started
    payload = results_json(config["assignment"], result, config["visibility"], mode, seconds)
    out = root / "results" / "results.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return payload


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m autograde.gradescope", description="Gradescope 컨테이너 안에서 채점"
    )
    default = Path(os.environ.get(ROOT_ENV) or DEFAULT_ROOT)
    parser.add_argument("--root", type=Path, default=default, help="default $AUTOGRADER_ROOT")
    try:
        run(parser.parse_args(argv).root)
    except SandboxUnavailable as exc:  # no results.json: Gradescope shows the run as failed
        print(f"오류 (error): {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
