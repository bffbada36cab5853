"""Stopping a batch: Ctrl-C (SIGINT), SIGTERM and SIGHUP in the grader's main process.

Only the main process decides: worker processes ignore SIGINT and SIGHUP (a terminal sends both
to its whole foreground process group) and are killed by the kernel when the main process dies
(PR_SET_PDEATHSIG). The first signal is only recorded; `grading.run_pool` sees it within
`POLL_SECONDS`, keeps the results that are finished, kills the workers and the process groups
they started (bubblewrap runs with --die-with-parent, so each fork server and sandbox dies with
its worker) and raises `Interrupted`. A second signal kills the workers and exits at once.
"""

import contextlib
import ctypes
import os
import signal
import threading
from pathlib import Path

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1

_received: list[int] = []  # signals received since `stop_on_signals` began
_pools: list = []  # the ProcessPoolExecutor running now (at most one)


class Interrupted(BaseException):
    """A stop signal ended the batch; finished results are saved."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as a shell reports it (Ctrl-C: 130)."""
        return 128 + self.signum


def requested() -> int | None:
    """The first stop signal received, if any."""
    return _received[0] if _received else None


def on_signal(signum, frame) -> None:
    if _received:  # the second one: no more waiting
        for pool in list(_pools):
            kill_pool(pool, wait=False)
        os._exit(128 + signum)
    _received.append(signum)


@contextlib.contextmanager
def stop_on_signals():
    """Record stop signals (first) or exit at once (second) while the batch runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _received.clear()
    old = {s: signal.signal(s, on_signal) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        if not _received:  # after a stop signal the handlers stay: a second one exits at once
            for s, handler in old.items():
                signal.signal(s, handler)


def init_worker() -> None:
    """In each worker: leave SIGINT/SIGHUP to the main process; die when it dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # the main process died before prctl
        os._exit(1)


def children(pid: int) -> list[int]:
    """The child pids of `pid` (Linux /proc)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(x) for x in task.read_text().split()]
        except (OSError, ValueError):
            continue
    return found


def kill_group_or_process(pid: int) -> None:
    """SIGKILL a worker's child: its whole process group when it leads one (every sandbox
    and fork server is started in its own session)."""
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def kill_pool(pool, wait: bool = True) -> None:
    """Kill a ProcessPoolExecutor's workers and what they started; cancel what is pending."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        for child in children(process.pid):
            kill_group_or_process(child)
        try:
            os.kill(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    if not wait:
        return
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)


@contextlib.contextmanager
def tracked(pool):
    """`pool` is the one a second signal kills."""
    _pools.append(pool)
    try:
        yield pool
    finally:
        _pools.remove(pool)
