"""Benchmark: our grader vs stock `nbgrader autograde` on the same generated class.

For each assignment a class of N students is built from the honest stored submissions
(tests/submissions/<aid>/: passes_solution, blank_student_version, fails_*), assigned
round-robin to s001..sNNN. The same bytes are written twice under the output folder:

    submissions/<aid>/<sid>.ipynb                      for our grader
    nbgrader/submitted/<sid>/<aid>/<aid>.ipynb         for stock nbgrader
    nbgrader/source/<aid>/                             copy of solutions/<aid>/

Then both graders run one after the other on this machine with the same environment,
and the report (printed and benchmark.json) gives submissions per minute, median
seconds per submission, their ratio and every per-question score that differs.
"""

import contextlib
import json
import os
import platform
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from . import REPO_ROOT

DEFAULT_ASSIGNMENT = "03_gradient_descent"
HONEST_FIRST = ["passes_solution", "blank_student_version"]
HONEST_PREFIX = "fails_"
# Ignored when the solution folder is copied into the nbgrader course (as in our release).
COPY_IGNORE = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store"]
CODE_STUB = "# 여기에 코드를 작성하세요 (YOUR CODE HERE)\nraise NotImplementedError()"
STOCK_LIMIT_MINUTES = 25.0

NBGRADER_CONFIG = '''"""nbgrader configuration written by `python -m autograde benchmark`."""

import json
import os
import time

c = get_config()  # noqa: F821

TIMING = {timing!r}


def _stamp(event, assignment, student, notebooks):
    """Append one timing record (per-submission seconds for the benchmark).

    `student` is the --student pattern ("*"); the id is in the notebook paths:
    submitted/<student>/<assignment>/<notebook>.ipynb.
    """
    student = os.path.normpath(notebooks[0]).split(os.sep)[-3] if notebooks else student
    record = {{"event": event, "assignment": assignment, "student": student, "time": time.time()}}
    with open(TIMING, "a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\\n")


def _before(**kwargs):
    _stamp("start", **kwargs)


def _after(**kwargs):
    _stamp("end", **kwargs)


c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {db_url!r}
c.ClearSolutions.code_stub = {{"python": {stub!r}}}
c.Autograde.create_student = True
c.Execute.timeout = {timeout}
c.Execute.interrupt_on_timeout = True
c.Autograde.pre_convert_hook = _before
c.Autograde.post_convert_hook = _after
c.Application.log_format = "%(asctime)s.%(msecs)03d [%(name)s | %(levelname)s] %(message)s"
'''


# ---------------------------------------------------------------- class generation


def honest_sources(root: Path, aid: str) -> list[Path]:
    """The honest stored submissions: passes_solution, blank_student_version, fails_*."""
    folder = Path(root) / "tests" / "submissions" / aid
    first = [folder / f"{name}.ipynb" for name in HONEST_FIRST]
    fails = sorted(folder.glob(f"{HONEST_PREFIX}*.ipynb"))
    return [p for p in first if p.is_file()] + fails


def student_ids(count: int) -> list[str]:
    """s001, s002, ... (wider when count > 999)."""
    width = max(3, len(str(count)))
    return [f"s{i:0{width}d}" for i in range(1, count + 1)]


def make_class(root: Path, aid: str, count: int, work: Path) -> dict[str, str]:
    """Write the class for both graders; return {student id: stored submission name}."""
    sources = honest_sources(root, aid)
    if not sources:
        raise ValueError(
            f"정직한 제출물이 없습니다 (no honest submissions): tests/submissions/{aid}"
        )
    course = work / "nbgrader"
    copy_solution(root, aid, course)
    assigned = {}
    for i, sid in enumerate(student_ids(count)):
        source = sources[i % len(sources)]
        for dest in (
            work / "submissions" / aid / f"{sid}.ipynb",
            course / "submitted" / sid / aid / f"{aid}.ipynb",
        ):
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, dest)
        assigned[sid] = source.stem
    return assigned


def copy_solution(root: Path, aid: str, course: Path) -> None:
    """solutions/<aid>/ -> <course>/source/<aid>/ (stock nbgrader's source folder)."""
    dest = course / "source" / aid
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(
        Path(root) / "solutions" / aid, dest, ignore=shutil.ignore_patterns(*COPY_IGNORE)
    )


# ---------------------------------------------------------------- environment


def data_root(root: Path) -> Path:
    """$COURSE_DATA_DIR, else ../shared/data beside the repository (as in the tests)."""
    configured = os.environ.get("COURSE_DATA_DIR")
    return Path(configured) if configured else Path(root).parent / "shared" / "data"


def data_dir(root: Path, aid: str, base: Path) -> Path:
    """The COURSE_DATA_DIR the tests give this assignment (DATA_SUBDIR, e.g. asl_sample)."""
    spec = Path(root) / "tests" / "assignments" / f"{aid}.py"
    subdir = runpy.run_path(str(spec)).get("DATA_SUBDIR", "") if spec.is_file() else ""
    return base / subdir if subdir else base


def course_env(root: Path, aid: str, base: Path) -> dict[str, str]:
    """Variables both graders get (notebook kernels inherit them)."""
    return {
        "COURSE_FAST": "1",
        "COURSE_DATA_DIR": str(data_dir(root, aid, base)),
        "CUDA_VISIBLE_DEVICES": "-1",
        "MPLBACKEND": "Agg",
    }


def tool_env(extra: dict[str, str]) -> dict[str, str]:
    """os.environ + extra, with this interpreter's bin folder first on PATH (alembic)."""
    env = dict(os.environ)
    env.update(extra)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


@contextlib.contextmanager
def patched_environ(extra: dict[str, str]):
    """Set environment variables for the duration of the block, then restore them."""
    saved = {key: os.environ.get(key) for key in extra}
    os.environ.update(extra)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# ---------------------------------------------------------------- our grader


def run_ours(root: Path, aid: str, work: Path, env: dict, workers: int, timeout: float) -> dict:
    """Grade the class with autograde.grading.grade; return timing and per-question scores."""
    from .grading import grade

    out = work / "ours" / aid
    log = work / "logs" / f"ours-{aid}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with patched_environ(env), open(log, "w", encoding="utf-8") as fh:
        with contextlib.redirect_stdout(fh):
            start = time.monotonic()
            results = grade(
                aid,
                work / "submissions" / aid,
                out,
                root=root,
                workers=workers,
                timeout=timeout,
                force=True,
            )
            seconds = time.monotonic() - start
    scores = {
        r["student_id"]: {row["grade_id"]: row["score"] for row in r["rows"]} for r in results
    }
    per = {r["student_id"]: r["seconds"] for r in results}
    result = figures(len(results), seconds, list(per.values()))
    return result | {"per_submission": per, "scores": scores, "log": str(log)}


def figures(count: int, seconds: float, per: list[float]) -> dict:
    """Count, wall seconds, submissions per minute and median seconds per submission."""
    return {
        "count": count,
        "seconds": round(seconds, 2),
        "per_minute": round(60 * count / seconds, 2) if seconds > 0 and count else 0.0,
        "median_seconds": round(statistics.median(per), 2) if per else None,
        "max_seconds": round(max(per), 2) if per else None,
        "loadavg": [round(x, 2) for x in os.getloadavg()],
    }


# ---------------------------------------------------------------- stock nbgrader


def stock_config(timeout: float) -> dict:
    """The configuration stock nbgrader is given (written to the report)."""
    return {
        "command": "nbgrader autograde <aid> --force (one process, one gradebook)",
        "Execute.timeout": int(timeout),
        "Execute.interrupt_on_timeout": True,
        "Autograde.create_student": True,
        "IgnorePattern": "off (nbgrader default): any stderr output in a test cell scores 0",
        "runs": "whole notebook (data loading, training, plots), one submission at a time",
        "threads": "library defaults (the kernel may use every core)",
        "setup (not timed)": "nbgrader generate_assignment <aid> --force",
    }


def write_stock_config(course: Path, timeout: float) -> Path:
    """<course>/nbgrader_config.py with the benchmark's timing hooks."""
    course.mkdir(parents=True, exist_ok=True)
    text = NBGRADER_CONFIG.format(
        timing=str(course / "timing.jsonl"),
        root=str(course),
        db_url="sqlite:///" + str(course / "gradebook.db"),
        stub=CODE_STUB,
        timeout=int(timeout),
    )
    path = course / "nbgrader_config.py"
    path.write_text(text, encoding="utf-8")
    return path


def nbgrader_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "nbgrader", *args]


def generate_assignment(aid: str, course: Path, env: dict, log: Path) -> float:
    """Run `nbgrader generate_assignment` (fills the gradebook); return its seconds."""
    start = time.monotonic()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.run(
            nbgrader_cmd("generate_assignment", aid, "--force"),
            cwd=course,
            env=tool_env(env),
            stdout=fh,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment {aid} 실패 (failed), see {log}")
    return time.monotonic() - start


def run_autograde(aid: str, course: Path, env: dict, log: Path, limit: float) -> dict:
    """Run `nbgrader autograde`; stop it after `limit` seconds. Return rc, seconds, stopped."""
    start = time.monotonic()
    with open(log, "a", encoding="utf-8") as fh:
        proc = subprocess.Popen(
            nbgrader_cmd("autograde", aid, "--force"),
            cwd=course,
            env=tool_env(env),
            stdout=fh,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        stopped = False
        try:
            proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            stopped = True
            stop_process(proc)
    return {"returncode": proc.returncode, "seconds": time.monotonic() - start, "stopped": stopped}


def stop_process(proc: subprocess.Popen) -> None:
    """SIGTERM our nbgrader process group, then SIGKILL if it is still there after 15 s."""
    try:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()
    except ProcessLookupError:
        proc.wait()


def stock_timings(course: Path, aid: str) -> dict[str, float]:
    """{student: seconds} from the pre/post convert hooks, for finished students only."""
    starts, seconds = {}, {}
    path = course / "timing.jsonl"
    if not path.is_file():
        return {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["assignment"] != aid:
            continue
        if record["event"] == "start":
            starts[record["student"]] = record["time"]
        elif record["student"] in starts:
            seconds[record["student"]] = record["time"] - starts[record["student"]]
    return seconds


def stock_scores(course: Path, aid: str, students: list[str]) -> dict[str, dict[str, float]]:
    """{student: {grade_id: score}} read back from stock nbgrader's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook("sqlite:///" + str(course / "gradebook.db")) as gb:
        for sid in students:
            try:
                notebook = gb.find_submission_notebook(aid, aid, sid)
            except MissingEntry:
                continue
            scores[sid] = {grade.name: float(grade.score) for grade in notebook.grades}
    return scores


def parse_time(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def longest_gap(path: Path) -> dict | None:
    """The longest wait between one cell's reply and the next cell's start (kernel clock).

    nbclient records these times in the autograded notebook (cell metadata "execution").
    """
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    best, previous = None, None
    for index, cell in enumerate(cells):
        timing = cell.get("metadata", {}).get("execution", {})
        if "iopub.execute_input" not in timing or "shell.execute_reply" not in timing:
            continue
        if previous is not None:
            gap = parse_time(timing["iopub.execute_input"]) - previous[1]
            if best is None or gap > best["seconds"]:
                source = "".join(cells[previous[0]].get("source", ""))
                best = {"seconds": round(gap, 1), "after_cell": previous[0]}
                best["source"] = " ".join(source.split())[:60]
        previous = (index, parse_time(timing["shell.execute_reply"]))
    return best


def stock_stalls(course: Path, aid: str, students: list[str], limit: float = 5.0) -> dict:
    """{student: longest gap} for autograded notebooks that waited > `limit` s between cells."""
    stalls = {}
    for sid in students:
        path = course / "autograded" / sid / aid / f"{aid}.ipynb"
        try:
            gap = longest_gap(path)
        except (OSError, ValueError):
            continue
        if gap and gap["seconds"] > limit:
            stalls[sid] = gap
    return stalls


def run_stock(aid: str, work: Path, env: dict, timeout: float, limit: float) -> dict:
    """Time stock `nbgrader autograde` on the class; return figures and scores."""
    course = work / "nbgrader"
    write_stock_config(course, timeout)
    log = work / "logs" / f"nbgrader-{aid}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    setup = generate_assignment(aid, course, env, log)
    run = run_autograde(aid, course, env, log, limit)
    per = stock_timings(course, aid)
    students = sorted(p.name for p in (course / "submitted").iterdir())
    scores = stock_scores(course, aid, [s for s in students if s in per])
    result = figures(len(per), run["seconds"], list(per.values()))
    result["over_timeout"] = sorted(sid for sid, seconds in per.items() if seconds > timeout)
    result["stalls"] = stock_stalls(course, aid, sorted(per))
    result.update(per_submission={sid: round(s, 2) for sid, s in per.items()})
    result.update(setup_seconds=round(setup, 2), scores=scores, log=str(log))
    result.update(returncode=run["returncode"], stopped=run["stopped"])
    return result


# ---------------------------------------------------------------- comparison and report


def differences(ours: dict, stock: dict, assigned: dict[str, str]) -> tuple[list[dict], int]:
    """Per-question score differences for students both graders finished; (diffs, compared)."""
    diffs, compared = [], 0
    for sid in sorted(set(ours) & set(stock)):
        for gid in sorted(set(ours[sid]) | set(stock[sid])):
            mine, theirs = ours[sid].get(gid), stock[sid].get(gid)
            compared += 1
            if mine is None or theirs is None or abs(mine - theirs) > 1e-9:
                diffs.append(
                    {
                        "student_id": sid,
                        "submission": assigned[sid],
                        "grade_id": gid,
                        "ours": mine,
                        "stock": theirs,
                    }
                )
    return diffs, compared


def ratio(ours: dict, stock: dict | None) -> float | None:
    """Our submissions per minute / stock's."""
    if not stock or not stock["count"] or not ours["seconds"]:
        return None
    return round((ours["count"] / ours["seconds"]) / (stock["count"] / stock["seconds"]), 2)


def benchmark_one(aid: str, opts: dict) -> dict:
    """Generate the class for one assignment, run both graders, compare."""
    root, work = opts["root"], opts["out"]
    assigned = make_class(root, aid, opts["students"], work)
    env = course_env(root, aid, data_root(root))
    say(f"[{aid}] 우리 채점기 실행 중 (running ours), {len(assigned)}명 ...")
    ours = run_ours(root, aid, work, env, opts["workers"], opts["timeout"])
    entry = {"assignment": aid, "students": len(assigned), "env": env}
    entry["sources"] = {
        name: list(assigned.values()).count(name) for name in set(assigned.values())
    }
    entry["ours"] = ours
    entry["stock"] = None
    if not opts["skip_nbgrader"]:
        say(f"[{aid}] 기본 nbgrader 실행 중 (running stock nbgrader autograde) ...")
        entry["stock"] = run_stock(aid, work, env, opts["timeout"], opts["stock_limit"])
        diffs, compared = differences(ours["scores"], entry["stock"]["scores"], assigned)
        entry.update(differences=diffs, compared=compared, identical=compared > 0 and not diffs)
    entry["ratio"] = ratio(ours, entry["stock"])
    return entry


def overall(entries: list[dict]) -> dict:
    """Totals over all assignments."""
    result = {"ours": pooled([e["ours"] for e in entries])}
    stocks = [e["stock"] for e in entries if e["stock"]]
    result["stock"] = pooled(stocks) if stocks else None
    result["ratio"] = ratio(result["ours"], result["stock"])
    if stocks:
        result["compared"] = sum(e["compared"] for e in entries)
        result["identical"] = all(e["identical"] for e in entries)
    return result


def pooled(parts: list[dict]) -> dict:
    """Figures over several runs: total count / total seconds, median of all submissions."""
    count = sum(p["count"] for p in parts)
    seconds = sum(p["seconds"] for p in parts)
    per = [s for p in parts for s in p["per_submission"].values()]
    return figures(count, seconds, per)


def say(text: str) -> None:
    print(text, flush=True)


def seconds_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}초"


def figure_line(label: str, part: dict) -> str:
    return (
        f"  {label}: {part['count']}개 / {part['seconds']:.1f}초 = "
        f"{part['per_minute']:.2f}개/분 (per minute), "
        f"제출물당 중앙값 (median per submission) {seconds_text(part['median_seconds'])}, "
        f"최대 (max) {seconds_text(part['max_seconds'])}"
    )


def report_lines(title: str, part: dict) -> list[str]:
    """Printed lines for one assignment or the overall totals."""
    lines = [title, figure_line("우리 채점기 (ours)      ", part["ours"])]
    stock = part.get("stock")
    if stock is None:
        return lines + ["  기본 nbgrader (stock): 실행 안 함 (skipped)"]
    lines.append(figure_line("기본 nbgrader (stock)  ", stock))
    if stock.get("stopped"):
        lines.append(
            f"  ! nbgrader 시간 제한으로 중단 (stopped at the limit): {stock['count']}명만 채점"
        )
    if stock.get("over_timeout"):
        lines.append(
            "  ! 셀 시간 제한보다 오래 걸린 nbgrader 제출물 (longer than one per-cell timeout): "
            + ", ".join(stock["over_timeout"])
        )
    for sid, gap in stock.get("stalls", {}).items():
        lines.append(
            f"  ! nbgrader 셀 사이 대기 (wait between cells) {sid}: {gap['seconds']:.1f}초, "
            f"셀 {gap['after_cell']} 다음 (after cell {gap['after_cell']}: {gap['source']})"
        )
    lines.append(f"  속도 비율 (ratio ours/stock): {part['ratio']}x")
    same = "예 (yes)" if part["identical"] else "아니오 (no)"
    lines.append(
        f"  정직한 제출물 문항 점수 일치 (honest per-question scores identical): {same}, "
        f"비교 {part['compared']}개 (compared)"
    )
    for d in part.get("differences", []):
        lines.append(
            f"    - {d['student_id']} ({d['submission']}) {d['grade_id']}: "
            f"ours={d['ours']} stock={d['stock']}"
        )
    return lines


def print_report(report: dict) -> None:
    say("")
    say(f"== 벤치마크 결과 (benchmark) -> {report['out']}")
    say(f"  workers={report['workers']}, 셀 시간 제한 (per-cell timeout) {report['timeout']:g}초")
    if report["stock_config"]:
        say("  기본 nbgrader 설정 (stock nbgrader configuration):")
        for key, value in report["stock_config"].items():
            say(f"    {key}: {value}")
    for entry in report["assignments"]:
        title = f"-- {entry['assignment']}: 학생 {entry['students']}명 (students)"
        for line in report_lines(title, entry):
            say(line)
    for line in report_lines("-- 전체 (overall)", report["overall"]):
        say(line)


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def nbgrader_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("nbgrader")
    except Exception:
        return None


def benchmark(
    aids: list[str] | None = None,
    students: int = 60,
    workers: int | None = None,
    out: Path | None = None,
    timeout: float = 120,
    skip_nbgrader: bool = False,
    root: Path = REPO_ROOT,
    stock_limit: float = STOCK_LIMIT_MINUTES * 60,
) -> dict:
    """Run the benchmark; print the report, write <out>/benchmark.json and return it."""
    out = Path(out) if out else Path(tempfile.mkdtemp(prefix="autograde-benchmark-"))
    out.mkdir(parents=True, exist_ok=True)
    opts = {
        "root": Path(root),
        "out": out.resolve(),
        "students": students,
        "workers": workers or os.cpu_count() or 1,
        "timeout": timeout,
        "skip_nbgrader": skip_nbgrader,
        "stock_limit": stock_limit,
    }
    report = {"out": str(out), "machine": machine(), "nbgrader": nbgrader_version()}
    report.update(workers=opts["workers"], timeout=timeout, students=students)
    report["stock_config"] = None if skip_nbgrader else stock_config(timeout)
    report["assignments"] = [benchmark_one(aid, opts) for aid in aids or [DEFAULT_ASSIGNMENT]]
    report["overall"] = overall(report["assignments"])
    report["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    (out / "benchmark.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print_report(report)
    return report


# ---------------------------------------------------------------- command line


def add_parser(sub, parents=()) -> None:
    """The `benchmark` subcommand's options (called by cli.build_parser)."""
    from .cli import seconds, worker_count

    bench = sub.add_parser(
        "benchmark", parents=list(parents), help="우리 채점기와 기본 nbgrader 속도 비교 (benchmark)"
    )
    bench.add_argument(
        "--assignment",
        action="append",
        metavar="AID",
        help=f"과제 id, 여러 번 가능 (repeatable; default {DEFAULT_ASSIGNMENT})",
    )
    bench.add_argument("--students", type=int, default=60, help="과제당 학생 수 (default 60)")
    bench.add_argument(
        "--workers", type=worker_count, default=None, help="동시 채점 수 (default: CPU 수)"
    )
    bench.add_argument("--out", type=Path, default=None, help="결과 폴더 (default: 임시 폴더)")
    bench.add_argument(
        "--timeout", type=seconds, default=120, help="셀당 시간 제한 초 (default 120)"
    )
    bench.add_argument(
        "--nbgrader-limit",
        type=float,
        default=STOCK_LIMIT_MINUTES,
        help=f"과제당 nbgrader 최대 실행 분 (minutes; default {STOCK_LIMIT_MINUTES:g})",
    )
    bench.add_argument(
        "--skip-nbgrader", action="store_true", help="nbgrader 생략 (debugging only)"
    )


def run_from_args(args) -> int:
    """Run the benchmark for parsed arguments; 2 on a usage or setup error."""
    if args.students < 1:
        print("오류 (error): --students 는 1 이상이어야 합니다", file=sys.stderr)
        return 2
    try:
        benchmark(
            args.assignment,
            students=args.students,
            workers=args.workers,
            out=args.out,
            timeout=args.timeout,
            skip_nbgrader=args.skip_nbgrader,
            root=args.root,
            stock_limit=args.nbgrader_limit * 60,
        )
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"오류 (error): {exc}", file=sys.stderr)
        return 2
    return 0
