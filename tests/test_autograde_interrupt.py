"""Ctrl-C, SIGTERM and SIGHUP against a real small batch of the 00_demo fixture.

Two quick submissions are graded first; four more sleep in their answer cell. Once the quick
ones are saved, the signal is sent and the test measures how long the grader takes to exit,
which results it kept, its exit code, and whether any process it had started (workers, bwrap,
fork servers, sandboxes) is still alive afterwards.
"""

import copy
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from autograde import REPO_ROOT, grading, interrupt, report

FIXTURES = Path(__file__).parent / "fixtures"
AID = "00_demo"
SOURCE = FIXTURES / "solutions" / AID / f"{AID}.ipynb"
QUICK = ["a_quick1", "a_quick2"]
SLEEPERS = ["b_sleeps1", "b_sleeps2", "b_sleeps3", "b_sleeps4"]
SLEEP = "import time\n\ntime.sleep(600)\n\n\ndef flatten(x):\n    return x.reshape(len(x), -1)\n"
STOP_LIMIT = 5.0  # seconds from the signal to the grader's exit
START_LIMIT = 240.0  # the quick ones graded (sandbox check, fork server start)


def make_batch(folder: Path) -> None:
    solution = nbformat.read(str(SOURCE), as_version=4)
    sleeper = copy.deepcopy(solution)
    cell = next(
        c for c in sleeper.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "flatten"
    )
    cell.source = SLEEP
    folder.mkdir()
    for student in QUICK:
        nbformat.write(solution, str(folder / f"{student}.ipynb"))
    for student in SLEEPERS:
        nbformat.write(sleeper, str(folder / f"{student}.ipynb"))


def process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, start time) of every process, from /proc."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = read_stat(int(entry.name))
            if stat is not None:
                table[int(entry.name)] = (int(stat[1]), stat[19])
    return table


def read_stat(pid: int) -> list[str] | None:
    """Fields after the command name of /proc/<pid>/stat (state first); None if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rpartition(")")[2].split()


def family(root: int) -> dict[int, str]:
    """Every descendant of `root` (pid -> start time), the sandboxes' processes included."""
    table = process_table()
    found, todo = {}, [root]
    while todo:
        parent = todo.pop()
        for pid, (ppid, started) in table.items():
            if ppid == parent and pid not in found:
                found[pid] = started
                todo.append(pid)
    return found


def survivors(processes: dict[int, str]) -> list[int]:
    """The processes of `processes` still alive (same pid and start time, not a zombie)."""
    alive = []
    for pid, started in processes.items():
        stat = read_stat(pid)
        if stat is not None and stat[19] == started and stat[0] != "Z":
            alive.append(pid)
    return alive


def start_grader(tmp_path: Path, *options: str):
    subs, out = tmp_path / "subs", tmp_path / "out"
    make_batch(subs)
    argv = [sys.executable, "-m", "autograde", "grade", "--root", str(FIXTURES), *options]
    argv += ["--assignment", AID, "--submissions", str(subs), "--out", str(out), "--workers", "2"]
    proc = subprocess.Popen(
        argv,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a shell gives a foreground job
    )
    deadline = time.monotonic() + START_LIMIT
    while not all((out / "results" / f"{s}.json").exists() for s in QUICK):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the quick submissions were not graded: {proc.communicate()}")
        time.sleep(0.2)
    time.sleep(3)  # the sleepers are now in their sandboxes
    return proc, out, family(proc.pid)


def stop(proc, send) -> tuple[float, str, str]:
    started = time.monotonic()
    send()
    try:
        stdout, stderr = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        stdout, stderr = proc.communicate()
        pytest.fail(f"the grader did not stop within 60 s: {stdout}{stderr}")
    return time.monotonic() - started, stdout, stderr


def left_after(processes: dict[int, str], grace: float = 2.0) -> list[int]:
    """Survivors once the kernel had `grace` seconds to finish its kills."""
    deadline = time.monotonic() + grace
    while (alive := survivors(processes)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def assert_kept_quick_results(out: Path) -> None:
    for student in QUICK:
        result = json.loads((out / "results" / f"{student}.json").read_text("utf-8"))
        assert result["score"] == result["max_score"] > 0
    for student in SLEEPERS:
        assert not (out / "results" / f"{student}.json").exists()


SIGNALS = {
    # Ctrl-C and a closed terminal reach the whole foreground process group; `kill PID` one
    "ctrl-c": (signal.SIGINT, True, 130),
    "sighup": (signal.SIGHUP, True, 129),
    "sigterm": (signal.SIGTERM, False, 143),
}


@pytest.mark.parametrize("name", list(SIGNALS))
def test_one_signal_stops_quickly_keeps_results_and_leaves_nothing(name, tmp_path):
    signum, to_group, code = SIGNALS[name]
    proc, out, processes = start_grader(tmp_path)
    assert len(processes) >= 4, processes  # 2 workers and what they started

    def send():
        (os.killpg if to_group else os.kill)(proc.pid, signum)

    seconds, stdout, stderr = stop(proc, send)
    left = left_after(processes)
    print(
        f"{name}: exit {proc.returncode} after {seconds:.2f} s; "
        f"{len(processes)} processes started, left {left}"
    )
    assert proc.returncode == code, stdout + stderr
    assert seconds < STOP_LIMIT
    assert left == []
    assert_kept_quick_results(out)
    assert "run the same command again to resume" in stdout
    assert "grade --root" in stderr and "Traceback" not in stderr
    assert not (out / "grades.csv").exists()  # no report that looks complete


@pytest.mark.parametrize("mode", ["--cold", "--no-sandbox"])
def test_ctrl_c_leaves_nothing_in_the_other_sandbox_modes(mode, tmp_path):
    """Cold sandboxes (bwrap per submission) and plain runners (their own sessions) too."""
    proc, out, processes = start_grader(tmp_path, mode)
    seconds, stdout, stderr = stop(proc, lambda: os.killpg(proc.pid, signal.SIGINT))
    left = left_after(processes)
    print(f"ctrl-c {mode}: exit {proc.returncode} after {seconds:.2f} s; left {left}")
    assert (proc.returncode, left) == (130, [])
    assert seconds < STOP_LIMIT
    assert_kept_quick_results(out)


def test_second_ctrl_c_exits_at_once(tmp_path):
    proc, out, processes = start_grader(tmp_path)

    def send():
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGINT)

    seconds, stdout, stderr = stop(proc, send)
    left = left_after(processes)
    print(f"ctrl-c twice: exit {proc.returncode} after {seconds:.2f} s; left {left}")
    assert proc.returncode == 130
    assert seconds < 2.0
    assert left == []
    assert_kept_quick_results(out)


def test_resume_after_ctrl_c_grades_only_the_rest(tmp_path):
    """The same command after Ctrl-C skips the finished submissions."""
    proc, out, _ = start_grader(tmp_path)
    stop(proc, lambda: os.killpg(proc.pid, signal.SIGINT))
    for student in SLEEPERS:  # the students fixed their notebooks
        (tmp_path / "subs" / f"{student}.ipynb").write_bytes(SOURCE.read_bytes())
    argv = [sys.executable, "-m", "autograde", "grade", "--root", str(FIXTURES)]
    argv += ["--assignment", AID, "--submissions", str(tmp_path / "subs"), "--out", str(out)]
    done = subprocess.run([*argv, "--workers", "2"], cwd=REPO_ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert f"새로 채점 {len(SLEEPERS)}개, 건너뜀 {len(QUICK)}개" in done.stdout


@pytest.fixture
def own_handlers():
    """The grader's handlers stay after a signal (a second one exits): put Python's back."""
    saved = {s: signal.getsignal(s) for s in interrupt.STOP_SIGNALS}
    yield
    interrupt._received.clear()
    for s, handler in saved.items():
        signal.signal(s, handler)


def grade_in_process(tmp_path, **changes):
    make_batch(tmp_path / "subs")
    for student in SLEEPERS:  # quick ones only: the whole batch grades in seconds
        (tmp_path / "subs" / f"{student}.ipynb").unlink()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in changes.items():
            patch.setattr(grading, name, value)
        return grading.grade(AID, tmp_path / "subs", tmp_path / "out", root=FIXTURES, workers=1)


def test_signal_while_unpacking_stops_before_grading(tmp_path, own_handlers, capsys):
    collect = grading.collect

    def collect_then_ctrl_c(*args):
        found = collect(*args)
        os.kill(os.getpid(), signal.SIGINT)
        return found

    with pytest.raises(interrupt.Interrupted) as stop:
        grade_in_process(tmp_path, collect=collect_then_ctrl_c)
    assert stop.value.exit_code == 130
    assert not (tmp_path / "out" / "results").exists()
    assert "run the same command again to resume" in capsys.readouterr().out


def test_signal_while_writing_reports_finishes_them_first(tmp_path, own_handlers):
    def sigterm_then_write(out, results):
        os.kill(os.getpid(), signal.SIGTERM)
        report.write_reports(out, results)

    with pytest.raises(interrupt.Interrupted) as stop:
        grade_in_process(tmp_path, write_reports=sigterm_then_write)
    assert stop.value.exit_code == 143
    with open(tmp_path / "out" / "grades.csv", encoding="utf-8") as fh:
        students = {line.split(",")[0] for line in fh.readlines()[1:]}
    assert students == set(QUICK)
