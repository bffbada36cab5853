"""Grade one submission (in a worker process) and a whole batch (process pool)."""

import functools
import hashlib
import json
import os
import resource
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from . import REPO_ROOT
from .assemble import (
    InvalidNotebook,
    SourceSpec,
    build_plan,
    match_answers,
    read_source,
    read_student,
)
from .flags import another_assignment, static_flags
from .gradebook import nbgrader_source, register_assignment, write_gradebook
from .interrupt import (
    POLL_SECONDS,
    Interrupted,
    init_worker,
    kill_pool,
    requested,
    stop_on_signals,
    tracked,
)
from .lms import write_roster
from .manual import manual_answers, manual_rows, pending_line
from .overrides import apply_overrides, load_overrides
from .report import feedback_path, out_folder_problem, write_reports
from .sandbox import SandboxConfig, check
from .score import invalid_rows, score_rows, total_status
from .submissions import Submission, SubmissionError, collect, file_stem, printable, sha256_file

MAX_FLAGS = 30  # per submission: static patterns, the sandbox's fixed events, the collection
WORKER_MEMORY = 8 * 1024**3  # a worker with TensorFlow peaks below 2 GiB; a reply <= 1 GiB
RESULT_VERSION = 4  # 4: the cache key holds the timeout, the limits and the grader's hash
NO_SANDBOX = "샌드박스 없이 채점됨 (graded without sandbox, --no-sandbox)"
CONTAINER = "bubblewrap 없이 컨테이너에서 채점됨 (graded in container mode: a uid of its own)"
GRADER_ENV = {"CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3", "MPLBACKEND": "Agg"}


@dataclass
class Job:
    assignment: str
    spec: SourceSpec
    source_sha256: str
    submission: Submission
    timeout: float
    sandbox: SandboxConfig
    root: Path = REPO_ROOT


def source_path(root: Path, aid: str) -> Path:
    """solutions/<aid>/<aid>.ipynb, else nbgrader's source/<aid>/ (gradebook.nbgrader_source)."""
    ours = Path(root) / "solutions" / aid / f"{aid}.ipynb"
    return ours if ours.is_file() else nbgrader_source(root, aid) or ours


def grade_one(job: Job) -> dict:
    """Grade one submission; never raises (problems become rows)."""
    start = time.monotonic()
    sub = job.submission
    answers: dict[str, str | None] = {}
    flags = ([] if job.sandbox.enabled else [unsandboxed(job.sandbox)]) + list(sub.flags)
    try:
        if sub.problem:
            raise InvalidNotebook(sub.problem)
        nb = read_student(sub.read_bytes())
        matches = match_answers(job.spec, nb)
        answers = {gid: m.source for gid, m in matches.items()} | manual_answers(job.spec, nb)
        flags += static_flags(answers) + another_assignment(nb, job.assignment, job.root)
        plan = build_plan(job.spec, matches)
        from .evaluate import evaluate  # the sandbox client only in worker processes

        spec = job.spec
        evaluation = evaluate(plan, job.timeout, job.sandbox, sub.path, spec.preload, spec.rules)
        flags += [f for f in evaluation.flags if f not in flags]
        rows = score_rows(job.spec, matches, plan, evaluation.results)
    except (InvalidNotebook, SubmissionError, OSError) as exc:
        rows = invalid_rows(job.spec, str(exc))
    except Exception as exc:  # a grader bug must not abort the batch
        reason = f"채점기 오류 (grader error): {type(exc).__name__}: {exc}"
        rows = invalid_rows(job.spec, reason, status="error")
    return make_result(job, rows, answers, time.monotonic() - start, flags)


def unsandboxed(config: SandboxConfig) -> str:
    return CONTAINER if config.container else NO_SANDBOX


def source_hash(folder: Path) -> str:
    """sha256 over the names and bytes of every *.py file in `folder`."""
    digest = hashlib.sha256()
    for path in sorted(Path(folder).glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def grader_version() -> str:
    """The grader's own source (every autograde/*.py) hashed: a changed grader regrades."""
    return source_hash(Path(__file__).resolve().parent)


def cache_key(job: Job) -> dict:
    """Everything besides the submission that changes a grade; a stored result is reused only
    when all of it is the same."""
    return {
        "version": RESULT_VERSION,
        "source_sha256": job.source_sha256,
        "grader": grader_version(),
        "timeout": job.timeout,
        "limits": asdict(job.sandbox.limits),
        "sandboxed": job.sandbox.enabled,
    }


def make_result(job: Job, rows: list[dict], answers: dict, seconds: float, flags=()) -> dict:
    sub = job.submission
    rows = rows + manual_rows(job.spec)  # never dropped: their points are in the maximum
    return {
        **cache_key(job),
        "student_id": sub.student_id,
        "assignment": job.assignment,
        "sha256": sub.sha256,
        "submission": printable(sub.path + (f"!{sub.member}" if sub.member else "")),
        "score": sum(r["score"] for r in rows),
        "max_score": sum(r["max_score"] for r in rows),
        "status": total_status(rows),
        "seconds": round(seconds, 3),
        "rows": rows,
        "answers": answers,
        "flags": list(dict.fromkeys(flags))[:MAX_FLAGS],  # fixed texts, each once, capped
        "graded_at": datetime.now().astimezone().isoformat(timespec="seconds"),
    }


def crash_result(job: Job, exc: BaseException) -> dict:
    reason = f"채점 프로세스 오류 (worker crashed): {type(exc).__name__}: {exc}"
    rows = invalid_rows(job.spec, reason, status="error")
    return make_result(job, rows, {}, 0.0, ["채점 프로세스 종료 (worker crashed)"])


def result_path(out: Path, student_id: str) -> Path:
    return Path(out) / "results" / f"{file_stem(student_id)}.json"


def save_result(out: Path, result: dict) -> None:
    """Atomic write: tmp file + os.replace (the tmp file is removed if that fails)."""
    path = result_path(out, result["student_id"])
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(result, fh, ensure_ascii=False, indent=1, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def load_previous(out: Path, job: Job) -> dict | None:
    """The stored result if it is for the same submission and the same `cache_key`."""
    try:
        prev = json.loads(result_path(out, job.submission.student_id).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(prev, dict):
        return None
    same = (
        prev.get("student_id") == job.submission.student_id
        and prev.get("sha256") == job.submission.sha256
        and all(prev.get(k) == v for k, v in cache_key(job).items())
    )
    return prev if same else None


def remove_stale(out: Path, student_ids: list[str]) -> int:
    """Delete results/ and feedback/ files of students not in this run (so that no page of a
    withdrawn or renamed submission is handed out); return how many were removed."""
    keep = {result_path(out, s) for s in student_ids} | {feedback_path(out, s) for s in student_ids}
    removed = 0
    for folder, suffix in (("results", ".json"), ("feedback", ".html")):
        for path in sorted((Path(out) / folder).glob(f"*{suffix}")):
            if path not in keep and not path.name.startswith(".") and path.is_file():
                path.unlink()
                removed += 1
    return removed


def run_jobs(jobs: list[Job], workers: int, on_result: Callable[[dict], None]) -> None:
    """Grade jobs in a process pool.

    A crashed worker breaks the whole pool: the unfinished jobs are retried in
    a new pool; a job caught in two broken pools is run alone, and if it breaks
    that pool too it gets `error` rows.
    """
    strikes: dict[int, int] = {}
    pending = list(range(len(jobs)))
    while pending:
        alone = [i for i in pending if strikes.get(i, 0) >= 2]
        shared = [i for i in pending if strikes.get(i, 0) < 2]
        broken = run_pool([jobs[i] for i in shared], shared, workers, on_result)
        for i in alone:
            if run_pool([jobs[i]], [i], 1, on_result):
                on_result(crash_result(jobs[i], BrokenProcessPool("worker process died")))
        for i in broken:
            strikes[i] = strikes.get(i, 0) + 1
        pending = broken


def limit_worker_memory() -> None:
    """A grader worker decodes what sandboxes send: cap its address space, so that no reply
    can take the machine (a MemoryError becomes that check's error row)."""
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))


def start_worker() -> None:
    limit_worker_memory()
    init_worker()


def run_pool(jobs: list[Job], ids: list[int], workers: int, on_result) -> list[int]:
    """Run jobs in one pool; return the ids whose future died with the pool.

    A stop signal (`interrupt`) ends it within POLL_SECONDS: the results already finished are
    handed to `on_result`, the workers are killed, and Interrupted is raised."""
    if not jobs:
        return []
    broken: list[int] = []
    size = max(1, min(workers, len(jobs)))
    pool = ProcessPoolExecutor(max_workers=size, initializer=start_worker)
    with tracked(pool):
        try:
            futures = {
                pool.submit(grade_one, job): (i, job) for i, job in zip(ids, jobs, strict=True)
            }
            pending = set(futures)
            while pending and requested() is None:
                done, pending = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: futures[f][0]):
                    take_result(future, *futures[future], broken, on_result)
        except BaseException:
            kill_pool(pool)
            raise
        if requested() is not None:
            kill_pool(pool)
            raise Interrupted(requested())
        pool.shutdown(wait=True)
    return sorted(broken)


def take_result(future, i: int, job: Job, broken: list[int], on_result) -> None:
    """A finished future's result to `on_result`; a pool that died takes note in `broken`."""
    try:
        result = future.result()
    except BrokenProcessPool:
        broken.append(i)
        return
    except Exception as exc:  # e.g. an unpicklable result
        result = crash_result(job, exc)
    on_result(result)


def grade(
    aid: str,
    submissions: Path,
    out: Path,
    root: Path = REPO_ROOT,
    workers: int | None = None,
    timeout: float = 120,
    force: bool = False,
    sandbox: SandboxConfig | None = None,
    gradebook: Path | None = None,
) -> list[dict]:
    """Grade every submission in `submissions` into `out`; return the results.

    Raises SandboxUnavailable (with instructions) when bubblewrap cannot start, unless
    `sandbox.enabled` is False (--no-sandbox)."""
    started = time.monotonic()
    out = Path(out)
    sandbox = sandbox or SandboxConfig()
    with stop_on_signals():  # from here on a stop signal never leaves a traceback
        found = grade_all(aid, submissions, out, root, workers, timeout, force, sandbox, gradebook)
        results, jobs, todo, overrides = found
        ordered = apply_overrides([results[job.submission.student_id] for job in jobs], overrides)
        write_reports(out, ordered)
        if gradebook:
            lms_ids = frozenset(j.submission.student_id for j in jobs if j.submission.lms)
            write_gradebook(gradebook, aid, source_path(root, aid), ordered, lms_ids)
        if pending := pending_line(ordered):
            print(pending)
        write_roster(out, [job.submission for job in jobs])
        removed = remove_stale(out, [job.submission.student_id for job in jobs])
        if removed:
            print(
                f"지난 채점의 파일 {removed}개 삭제 (removed {removed} results/feedback files of "
                "students no longer in the submissions folder)"
            )
        print_summary(len(jobs), len(todo), time.monotonic() - started, workers_of(workers), out)
        if requested() is not None:  # it came while the reports were written: they are whole
            raise Interrupted(requested())
    return ordered


def workers_of(workers: int | None) -> int:
    return workers or os.cpu_count() or 1


def grade_all(aid, submissions, out, root, workers, timeout, force, sandbox, gradebook=None):
    """(results by student id, jobs, jobs graded now, overrides): the checks before grading,
    then every submission not already graded with the same grader, source and options."""
    source = source_path(root, aid)
    check_source(source, root)
    check_out(out)
    check(sandbox)
    if not sandbox.enabled:
        print(f"경고 (warning): {unsandboxed(sandbox)}: 학생 코드가 격리되지 않습니다.", flush=True)
    os.environ.update(GRADER_ENV)
    spec = read_source(source)
    overrides = load_overrides(out, spec)  # a mistake in overrides.csv stops here, before grading
    if gradebook:
        register_assignment(gradebook, aid, source)
    source_sha = sha256_file(source)
    grader_version()  # hashed here, before the workers fork: every result of a run has the same
    with tempfile.TemporaryDirectory(prefix="autograde-subs-") as scratch:
        subs = collect(Path(submissions), aid, Path(scratch))
        if not subs:
            raise SubmissionError(
                f"제출물이 하나도 없습니다 (no submission found in {submissions}): "
                "<학번>.ipynb, <학번>/*.ipynb 또는 <학번>.zip 이 있어야 합니다"
            )
        jobs = [Job(aid, spec, source_sha, sub, timeout, sandbox, Path(root)) for sub in subs]
        results = {}
        todo = []
        for job in jobs:
            prev = None if force else load_previous(out, job)
            if prev is None:
                todo.append(job)
            else:
                results[job.submission.student_id] = prev

        def on_result(result: dict) -> None:
            results[result["student_id"]] = result
            try:
                save_result(out, result)
            except OSError as exc:  # it is still in this run's reports
                print(f"경고 (warning): 결과 파일을 쓰지 못했습니다 (not saved): {exc}", flush=True)
            print(progress_line(result, len(results), len(jobs)), flush=True)

        saved = len(results)
        try:
            if requested() is not None:  # it came during the checks or while unpacking
                raise Interrupted(requested())
            run_jobs(todo, workers_of(workers), on_result)
        except Interrupted as stop:
            print(stopped_line(stop, len(results), len(jobs), len(results) - saved), flush=True)
            raise
    return results, jobs, todo, overrides


def check_source(source: Path, root: Path) -> None:
    """The assignment's source notebook exists; if not, say which ids there are."""
    if source.is_file():
        return
    from .release import find_assignments

    known = ", ".join(find_assignments(root)) or "없음 (none)"
    raise SubmissionError(
        f"원본 노트북이 없습니다 (missing source notebook): {source}\n"
        f"  있는 과제 (valid assignment ids in {Path(root) / 'solutions'}): {known}"
    )


def check_out(out: Path) -> None:
    """--out is a folder, or can become one (checked before any grading)."""
    problem = out_folder_problem(out)
    if problem:
        raise SubmissionError(problem)


def stopped_line(stop: Interrupted, done: int, total: int, new: int) -> str:
    return (
        f"중단됨 (stopped by {stop}): 제출물 {total}개 중 {done}개 채점됨, 이번에 {new}개 저장됨 "
        "(results/); 같은 명령을 다시 실행하면 채점된 제출물은 건너뛰고 이어서 채점합니다 "
        "(run the same command again to resume: finished submissions are skipped)"
    )


def progress_line(result: dict, done: int, total: int) -> str:
    return (
        f"[{done}/{total}] {result['student_id']}: "
        f"{result['score']:g}/{result['max_score']:g} ({result['status']}) {result['seconds']:.1f}s"
    )


def print_summary(total: int, graded: int, seconds: float, workers: int, out: Path) -> None:
    per = seconds / graded if graded else 0.0
    print(
        f"채점 완료 (done): 제출물 {total}개, 새로 채점 {graded}개, 건너뜀 {total - graded}개 | "
        f"총 {seconds:.1f}초, 제출물당 {per:.2f}초 (workers={workers}) -> {out}"
    )
