"""Run the grading notebook cell by cell in a fresh kernel (nbclient)."""

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

from .assemble import PlanCell

KERNEL_ENV = {
    "COURSE_FAST": "1",
    "MPLBACKEND": "Agg",
    "CUDA_VISIBLE_DEVICES": "-1",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "PYTHONHASHSEED": "0",
    # one thread per kernel: same numbers whatever the number of workers
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}
# Seconds nbclient waits after our interrupt before it declares the kernel stuck.
INTERRUPT_GRACE = 10
CHAIN_MARK = "AUTOGRADE_CHAIN:"
# Run after a failed cell: which exception types were chained (e.g. a test that
# turns the stub's NotImplementedError into an AssertionError).
CHAIN_PROBE = f"""def _autograde_chain():
    import sys
    exc, seen, names = getattr(sys, "last_value", None), set(), []
    while exc is not None and id(exc) not in seen and len(names) < 20:
        seen.add(id(exc))
        names.append(type(exc).__name__)
        exc = exc.__cause__ or exc.__context__
    print("{CHAIN_MARK}" + ",".join(names))
_autograde_chain()
del _autograde_chain"""


@dataclass
class CellResult:
    """status: ok | error | timeout | dead | skipped.

    `kernel_lost` is set on the cell after which the kernel is gone (died, or
    stuck after a timeout); every later cell is then `dead`.
    """

    status: str
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0
    kernel_lost: bool = False
    chain: tuple[str, ...] = ()  # exception types in __cause__/__context__ order


def kernel_env(cwd: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(KERNEL_ENV)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["IPYTHONDIR"] = os.path.join(cwd, ".ipython")  # no user startup files
    return env


class Watchdog:
    """Sends SIGINT to the kernel when a cell runs longer than `seconds`."""

    def __init__(self, pid: int | None, seconds: float):
        self.pid = pid
        self.fired = False
        self._active = True
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True

    def _fire(self) -> None:
        with self._lock:
            if not self._active or self.pid is None:
                return
            self.fired = True
            try:
                os.kill(self.pid, signal.SIGINT)
            except OSError:
                pass

    def __enter__(self) -> "Watchdog":
        self._timer.start()
        return self

    def __exit__(self, *exc) -> None:
        with self._lock:
            self._active = False
        self._timer.cancel()


class GradingClient(NotebookClient):
    """NotebookClient that remembers the last execute reply and keeps no output.

    Student output is never needed (and an endless print loop would fill the
    memory); only the grader's own marker line is kept.
    """

    last_reply: dict = {}

    def output(self, outs, msg, display_id, cell_index):
        text = msg.get("content", {}).get("text", "")
        if msg.get("msg_type") == "stream" and CHAIN_MARK in text:
            return super().output(outs, msg, display_id, cell_index)
        return None

    def remember_reply(self, cell, cell_index, execute_reply) -> None:
        self.last_reply = execute_reply.get("content", {})


def make_client(plan: list[PlanCell], timeout: float) -> GradingClient:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(p.source) for p in plan]
    client = GradingClient(
        nb,
        kernel_name="python3",
        timeout=int(timeout + min(INTERRUPT_GRACE, max(2, timeout))),
        allow_errors=True,
        interrupt_on_timeout=False,
        shutdown_kernel="immediate",
        record_timing=False,
        startup_timeout=120,
    )
    client.on_cell_executed = client.remember_reply
    # Always ipykernel's own "python3" spec, i.e. this interpreter (sys.executable),
    # never a user-installed "python3" kernelspec pointing at another Python.
    client.km = client.create_kernel_manager()
    client.km.kernel_spec_manager = KernelSpecManager(kernel_dirs=[])
    return client


def run_cell(client: GradingClient, index: int, timeout: float) -> CellResult:
    """Execute one cell; never raises."""
    start = time.monotonic()
    client.last_reply = {}
    pid = getattr(client.km.provisioner, "pid", None) if client.km else None
    watchdog = Watchdog(pid, timeout)
    try:
        with watchdog:
            client.execute_cell(client.nb.cells[index], index)
    except CellTimeoutError:
        # the interrupt did not stop it: the kernel is stuck
        message = f"{timeout:g}초 초과, 중단 요청에 응답 없음 (timeout, kernel unresponsive)"
        return CellResult("timeout", "Timeout", message, elapsed(start), kernel_lost=True)
    except DeadKernelError:
        message = "커널이 종료됨 (kernel died)"
        return CellResult("dead", "DeadKernelError", message, elapsed(start), kernel_lost=True)
    except Exception as exc:  # anything from nbclient/zmq: never abort the batch
        return CellResult("dead", type(exc).__name__, str(exc), elapsed(start), kernel_lost=True)
    if watchdog.fired:
        return CellResult("timeout", "Timeout", f"{timeout:g}초 초과 (timeout)", elapsed(start))
    reply = client.last_reply
    if reply.get("status") == "error":
        chain = exception_chain(client, index, pid)
        ename, evalue = reply.get("ename", ""), reply.get("evalue", "")
        return CellResult("error", ename, evalue, elapsed(start), chain=chain)
    return CellResult("ok", seconds=elapsed(start))


def exception_chain(client: GradingClient, index: int, pid: int | None) -> tuple[str, ...]:
    """Exception type names of the last error and its causes (empty if unknown)."""
    probe = nbformat.v4.new_code_cell(CHAIN_PROBE)
    try:
        with Watchdog(pid, 10):
            client.execute_cell(probe, index, store_history=False)
    except Exception:  # the next real cell will notice a dead kernel
        return ()
    for output in probe.get("outputs", []):
        text = output.get("text", "") if output.get("output_type") == "stream" else ""
        for line in text.splitlines():
            if line.startswith(CHAIN_MARK):
                return tuple(n for n in line[len(CHAIN_MARK) :].split(",") if n)
    return ()


def elapsed(start: float) -> float:
    return round(time.monotonic() - start, 3)


def run_plan(plan: list[PlanCell], timeout: float) -> list[CellResult]:
    """Run all cells in a fresh kernel in a fresh temp dir.

    After a failure the rest of the same group is skipped; after the kernel
    died (or got stuck) every later cell is `dead`.
    """
    results: list[CellResult] = []
    if not plan:
        return results
    with tempfile.TemporaryDirectory(prefix="autograde-run-", ignore_cleanup_errors=True) as cwd:
        client = make_client(plan, timeout)
        try:
            quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
            with client.setup_kernel(cwd=cwd, env=kernel_env(cwd), **quiet):
                run_all(client, plan, timeout, results)
        except Exception as exc:  # kernel failed to start or to shut down
            dead = CellResult("dead", type(exc).__name__, f"커널 오류 (kernel error): {exc}")
            results.extend(dead for _ in range(len(plan) - len(results)))
    return results


def run_all(client, plan: list[PlanCell], timeout: float, results: list[CellResult]) -> None:
    failed_groups: set[str] = set()
    dead: CellResult | None = None
    for index, cell in enumerate(plan):
        if dead is not None:
            results.append(CellResult("dead", "DeadKernelError", "앞선 셀에서 커널이 종료됨"))
            continue
        if cell.group in failed_groups:
            results.append(CellResult("skipped"))
            continue
        result = run_cell(client, index, timeout)
        results.append(result)
        if result.kernel_lost:
            dead = result
        elif result.status != "ok":
            failed_groups.add(cell.group)
