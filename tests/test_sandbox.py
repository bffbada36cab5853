"""The sandbox holds: student code reaches no network, no hidden tests, no grader files.

Each test starts a real sandbox (bubblewrap, as CI installs it) and runs a probe as an answer
cell, then reads back what the probe saw as plain data.
"""

import os
import socket
import subprocess
import sys
import threading
import time

import pytest

from autograde import REPO_ROOT, sandbox
from autograde.remote import ForkedSandbox, SandboxLost, Session
from autograde.sandbox import SandboxConfig, SandboxUnavailable

PROBE = """
import os, socket

probe = {}


def attempt(name, action):
    try:
        probe[name] = ("ok", str(action())[:200])
    except BaseException as error:
        probe[name] = ("blocked", type(error).__name__)


attempt("tcp_to_grader", lambda: socket.create_connection(("127.0.0.1", PORT), timeout=3))
attempt("tcp_outside", lambda: socket.create_connection(("1.1.1.1", 53), timeout=3))
attempt("dns", lambda: socket.getaddrinfo("pypi.org", 443))
attempt("read_solution", lambda: open(SOLUTION).read(100))
attempt("read_secret", lambda: open(SECRET).read())
attempt("list_grader_dir", lambda: os.listdir(GRADER_DIR))
attempt("write_grader_dir", lambda: open(os.path.join(GRADER_DIR, "pwned"), "w").write("x"))
attempt("write_package", lambda: open("/opt/autograde/autograde/pwned.py", "w").write("x"))
attempt("write_usr", lambda: open("/usr/pwned", "w").write("x"))
attempt("read_submission", lambda: os.listdir("/submission"))
attempt("write_submission", lambda: open("/submission/pwned", "w").write("x"))
attempt("big_tmp_file", lambda: open("/tmp/big", "wb").write(b"x" * 300 * 1024 * 1024))
probe["root"] = sorted(os.listdir("/"))
probe["uid"] = os.getuid()
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
probe["cap_eff"] = status["CapEff"].strip()
probe["cap_bnd"] = status["CapBnd"].strip()
probe["cap_inh"] = status["CapInh"].strip()
probe["no_new_privs"] = status["NoNewPrivs"].strip()
probe["pids"] = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
"""


@pytest.fixture(scope="module")
def config():
    try:
        sandbox.check(SandboxConfig())
    except SandboxUnavailable as exc:
        pytest.fail(f"bubblewrap 샌드박스가 시작되지 않습니다 (CI installs it):\n{exc}")
    return SandboxConfig()


@pytest.fixture(params=["warm", "cold"])
def session(request, config, tmp_path):
    """A sandbox forked by the warm fork server (a root grader's default) or a cold one."""
    submission = tmp_path / "s001.ipynb"
    submission.write_text("{}", encoding="utf-8")
    started = open_session(SandboxConfig(warm=request.param == "warm"), submission)
    yield started
    started.kill()


def open_session(config, submission=None, preload=()) -> Session:
    started = Session(config, submission, preload)
    started.start()
    warm = sandbox.uses_fork_server(config)
    assert isinstance(started.proc, ForkedSandbox) == warm, "the fork server did not start"
    started.deadline = time.monotonic() + 120
    started.value({"op": "prelude", "source": "import numpy as np"})
    return started


@pytest.fixture
def listener():
    """A TCP server on the grader's loopback; counts the connections it accepts."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted = []
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


def run_probe(session, code: str) -> dict:
    reply, _ = session.request({"op": "exec", "source": code})
    assert reply.get("ok"), reply
    return session.value({"op": "names"})


def test_student_code_reaches_no_network_no_hidden_tests_no_grader_files(
    session, listener, tmp_path
):
    port, accepted = listener
    grader_dir = tmp_path / "grades"
    grader_dir.mkdir()
    secret = grader_dir / "results.json"
    secret.write_text('{"score": 12}', encoding="utf-8")
    solution = REPO_ROOT / "solutions" / "01_mnist" / "01_mnist.ipynb"
    code = (
        f"PORT = {port}\nSOLUTION = {str(solution)!r}\nSECRET = {str(secret)!r}\n"
        f"GRADER_DIR = {str(grader_dir)!r}\n" + PROBE
    )
    probe = run_probe(session, code)["probe"]
    for name in ["tcp_to_grader", "tcp_outside", "dns", "read_solution", "read_secret"]:
        assert probe[name][0] == "blocked", (name, probe[name])
    for name in ["list_grader_dir", "write_grader_dir", "write_package", "write_usr"]:
        assert probe[name][0] == "blocked", (name, probe[name])
    assert probe["write_submission"][0] == "blocked"
    if isinstance(session.proc, ForkedSandbox):  # a forked sandbox has no submission mounted
        assert probe["read_submission"][0] == "blocked"
    else:
        assert probe["read_submission"] == ("ok", "['s001.ipynb']")
    assert probe["big_tmp_file"][0] == "blocked"  # /tmp is capped (file size and tmpfs size)
    assert accepted == []
    assert sorted(p.name for p in grader_dir.iterdir()) == ["results.json"]
    assert secret.read_text(encoding="utf-8") == '{"score": 12}'
    assert not (REPO_ROOT / "autograde" / "pwned.py").exists()
    assert "solutions" not in probe["root"]
    if os.geteuid() == 0:
        assert probe["uid"] >= sandbox.SANDBOX_UID_BASE
    assert probe["uid"] != 0
    assert probe["cap_eff"] == "0000000000000000"
    assert probe["cap_bnd"] == "0000000000000000"
    assert probe["cap_inh"] == "0000000000000000"
    assert probe["no_new_privs"] == "1"
    assert max(probe["pids"]) < 100  # a fresh PID namespace: the host's processes are not there


def test_limits_hold(session):
    code = """
import os, resource
limits = {}
try:
    big = bytearray(16 * 1024**3)
    limits["memory"] = "allocated"
except MemoryError:
    limits["memory"] = "MemoryError"
limits["nproc"] = resource.getrlimit(resource.RLIMIT_NPROC)
limits["fsize"] = resource.getrlimit(resource.RLIMIT_FSIZE)
try:
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    limits["raise"] = "raised"
except (ValueError, OSError):
    limits["raise"] = "refused"
"""
    limits = run_probe(session, code)["limits"]
    assert limits["memory"] == "MemoryError"
    assert limits["nproc"] == (512, 512)
    assert limits["fsize"] == (64 * 1024**2, 64 * 1024**2)
    assert limits["raise"] == "refused"


def test_fork_bomb_is_bounded_and_killed_with_the_sandbox(session):
    code = """
import os, time
forked = 0
try:
    while forked < 5000:
        if os.fork() == 0:
            time.sleep(120)
            os._exit(0)
        forked += 1
except OSError as error:
    stopped_by = type(error).__name__
"""
    names = run_probe(session, code)
    assert names["forked"] < 600 and names["stopped_by"] == "BlockingIOError"
    uid = session.uid
    session.kill()
    if os.geteuid() == 0:  # the kernel kills the whole PID namespace; give it a moment
        for _ in range(100):
            left = subprocess.run(["pgrep", "-u", str(uid)], capture_output=True, text=True)
            if not left.stdout.strip():
                break
            time.sleep(0.1)
        assert left.stdout.strip() == "", "processes survived the sandbox"


LEAVE_TRACES = """
import os, subprocess, time
open("/tmp/left_by_first", "w").write("answers of the first student")
open("/dev/shm/left_by_first", "w").write("x")
if os.fork() == 0:  # a daemon that tries to outlive its sandbox
    os.setsid()
    subprocess.Popen(["sleep", "300"])
    os._exit(0)
time.sleep(1)
"""

LOOK_AROUND = """
import os, sys
seen = {
    "tmp": sorted(os.listdir("/tmp")),
    "shm": sorted(os.listdir("/dev/shm")),
    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "tensorflow_loaded": "tensorflow" in sys.modules,
}
"""


@pytest.mark.skipif(os.geteuid() != 0, reason="the fork server needs a root grader")
def test_warm_sandboxes_share_nothing_with_the_previous_one(config):
    """Two submissions forked one after the other by one warm server (Keras preloaded)."""
    warm = SandboxConfig(warm=True)
    first = open_session(warm, preload=["keras"])
    assert run_probe(first, LEAVE_TRACES) is not None
    uid = first.uid
    assert subprocess.run(["pgrep", "-u", str(uid), "sleep"], capture_output=True).stdout
    first.kill()  # returns once the kernel has killed the whole PID namespace
    left = subprocess.run(["pgrep", "-u", str(uid)], capture_output=True, text=True)
    assert left.stdout.strip() == "", "processes of the first sandbox survived"
    started = time.monotonic()
    second = open_session(warm, preload=["keras"])
    seconds = time.monotonic() - started
    seen = run_probe(second, LOOK_AROUND)["seen"]
    second.kill()
    assert "left_by_first" not in seen["tmp"] and seen["shm"] == []
    assert seen["pids"] == [1]  # neither the server nor the first sandbox is visible
    assert seen["tensorflow_loaded"], "the fork server should have imported Keras already"
    assert seconds < 5, f"a warm sandbox took {seconds:.1f} s to start"


LEAVE_KERNEL_STATE = """
import ctypes, ctypes.util, os, socket, subprocess, sys, time

libc = ctypes.CDLL(None, use_errno=True)
left = {}
KEY_SPEC_USER_KEYRING = -4
add_key = {"x86_64": 248, "aarch64": 217}[os.uname().machine]
note = b"hidden inputs"
serial = libc.syscall(add_key, b"user", b"note-for-next", note, 13, KEY_SPEC_USER_KEYRING)
left["keyring"] = (serial, ctypes.get_errno())
IPC_CREAT = 0o1000
left["sysv_shm"] = libc.shmget(0x5EC2E7, 4096, IPC_CREAT | 0o666)
left["sysv_msg"] = libc.msgget(0x5EC2E7, IPC_CREAT | 0o666)
left["sysv_sem"] = libc.semget(0x5EC2E7, 1, IPC_CREAT | 0o666)
rt = ctypes.CDLL(ctypes.util.find_library("rt") or "librt.so.1", use_errno=True)
rt.mq_open.restype = ctypes.c_int
left["mqueue"] = rt.mq_open(b"/note-for-next", os.O_CREAT | os.O_RDWR, 0o666, None)
open("/dev/shm/note-for-next", "w").write("hidden inputs")
if os.fork() == 0:  # keep an abstract unix socket listening after the cell
    os.setsid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(b"\\0note-for-next")
    listener.listen()
    time.sleep(300)
    os._exit(0)
time.sleep(1)
"""

FIND_KERNEL_STATE = """
import ctypes, ctypes.util, os, socket

libc = ctypes.CDLL(None, use_errno=True)
found = {}
request_key = {"x86_64": 249, "aarch64": 218}[os.uname().machine]
KEY_SPEC_USER_KEYRING = -4
found["keyring"] = libc.syscall(request_key, b"user", b"note-for-next", None, KEY_SPEC_USER_KEYRING)
found["sysv_shm"] = libc.shmget(0x5EC2E7, 4096, 0)
found["sysv_msg"] = libc.msgget(0x5EC2E7, 0)
found["sysv_sem"] = libc.semget(0x5EC2E7, 1, 0)
rt = ctypes.CDLL(ctypes.util.find_library("rt") or "librt.so.1", use_errno=True)
found["mqueue"] = rt.mq_open(b"/note-for-next", os.O_RDWR)
found["shm_files"] = os.listdir("/dev/shm")
probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
try:
    probe.connect(b"\\0note-for-next")
    found["abstract_socket"] = "connected"
except OSError as error:
    found["abstract_socket"] = type(error).__name__
"""


@pytest.mark.parametrize("kind", ["warm", "cold"])
def test_no_kernel_state_survives_into_the_next_submission(config, kind):
    """Keyrings are refused (seccomp); SysV IPC, POSIX message queues, abstract unix sockets
    and /dev/shm belong to one sandbox's namespaces; every sandbox has its own uid."""
    if kind == "warm" and os.geteuid() != 0:
        pytest.skip("the fork server needs a root grader")
    settings = SandboxConfig(warm=kind == "warm")
    first = open_session(settings)
    left = run_probe(first, LEAVE_KERNEL_STATE)["left"]
    first.kill()
    second = open_session(settings)
    found = run_probe(second, FIND_KERNEL_STATE)["found"]
    uids = (first.uid, second.uid)
    second.kill()
    assert left["keyring"][0] == -1 and left["keyring"][1] == 1  # EPERM from the filter
    assert left["sysv_shm"] >= 0 and left["sysv_msg"] >= 0 and left["mqueue"] >= 0
    assert found["keyring"] == -1
    assert found["sysv_shm"] == found["sysv_msg"] == found["sysv_sem"] == found["mqueue"] == -1
    assert found["shm_files"] == []
    assert found["abstract_socket"] in ("ConnectionRefusedError", "FileNotFoundError")
    if os.geteuid() == 0:
        assert uids[0] != uids[1]


def test_timeout_kills_a_busy_sandbox(session):
    session.deadline = time.monotonic() + 2
    with pytest.raises(SandboxLost) as lost:
        session.request({"op": "exec", "source": "while True:\n    pass"})
    assert lost.value.timeout
    assert not session.alive


def test_grader_refuses_without_bubblewrap(tmp_path, monkeypatch):
    """No bwrap on PATH: a clear Korean message, and the CLI exits 2 unless --no-sandbox."""
    monkeypatch.setenv("PATH", str(tmp_path))
    sandbox._trial.cache_clear()
    try:
        with pytest.raises(SandboxUnavailable, match="bubblewrap"):
            sandbox.check(SandboxConfig())
    finally:
        sandbox._trial.cache_clear()
    env = dict(os.environ, PATH=str(tmp_path))
    argv = [sys.executable, "-m", "autograde", "grade", "--assignment", "03_gradient_descent"]
    argv += ["--submissions", str(tmp_path), "--out", str(tmp_path / "out")]
    done = subprocess.run(argv, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 2
    assert "--no-sandbox" in done.stderr and "apt-get install bubblewrap" in done.stderr
