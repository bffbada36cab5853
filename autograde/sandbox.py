"""The command that starts `runner.py` for one submission: bubblewrap, or a plain process.

Inside bubblewrap the student's code sees only a read-only runtime (system libraries, this
Python and its packages, the `autograde` package itself) and the one submission, has no network
(loopback included), a fresh PID namespace, size-capped /tmp and /dev/shm, and runs as an
unprivileged user without capabilities: when the grader runs as root, `setpriv` drops to a
dedicated uid inside the sandbox, 1,000,000 + the worker's pid (no login, owns no file), so
each sandbox running at the same time has its own process limit. The course's solutions/
(hidden tests), other submissions and the grade records are never mounted. Resource limits
(memory, CPU time, processes, file size, open files) are set by the runner itself, soft = hard,
before any student code runs; the grader kills the whole sandbox at the wall-time limit.

`--no-sandbox` runs the same runner as a plain process with the same limits (no file or
network isolation) and every report says so. Container mode (`gradescope.py` only) is that
plain process, as a root grader's sandbox uid, with the sandbox's environment.
"""

import functools
import itertools
import json
import os
import shutil
import site
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import seccomp

PACKAGE_DIR = Path(__file__).resolve().parent
SANDBOX_PACKAGE = "/opt/autograde/autograde"
SANDBOX_UID_BASE = 1_000_000
GiB = 1024**3
MiB = 1024**2
RUNTIME_ETC = [
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/fonts",
    "/etc/localtime",
    "/etc/alternatives",
    "/etc/passwd",
    "/etc/group",
    "/etc/nsswitch.conf",
]
# a fork server builds each sandbox: new namespaces and mounts, then an unprivileged uid
FORK_SERVER_CAPS = ["CAP_SYS_ADMIN", "CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_KILL"]
# Python packages imported only when student code uses them (TensorFlow costs ~5 s)
LAZY_PACKAGES = ["tensorflow", "keras", "matplotlib", "pandas", "kagglehub", "PIL", "scipy"]
SANDBOX_ENV = {
    "HOME": "/tmp",
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "LANG": "C.UTF-8",
    "COURSE_FAST": "1",
    "MPLBACKEND": "Agg",
    "MPLCONFIGDIR": "/tmp/matplotlib",
    "KERAS_HOME": "/tmp/keras",
    "IPYTHONDIR": "/tmp/ipython",
    "CUDA_VISIBLE_DEVICES": "-1",
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",
    # one thread each: the same numbers whatever the number of workers
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}


class SandboxUnavailable(RuntimeError):
    """bubblewrap cannot start here; the message says how to fix it."""


@dataclass
class Limits:
    """Per-submission limits (the wall time per cell is the grader's --timeout)."""

    memory: int = 8 * GiB  # address space; TensorFlow needs about 2.2 GiB for a small fit
    cpu: int = 900  # CPU seconds for the whole sandbox process
    processes: int = 512  # per user: threads count too (TensorFlow needs about 64)
    file_size: int = 64 * MiB
    open_files: int = 1024
    core: int = 0
    tmp_size: int = 256 * MiB
    shm_size: int = 64 * MiB


@dataclass
class SandboxConfig:
    enabled: bool = True
    limits: Limits = field(default_factory=Limits)
    warm: bool = True  # fork each sandbox from a warm fork server when the grader is root
    container: bool = False  # no bubblewrap (gradescope.py only): a uid of its own, see below


def rlimits(config: SandboxConfig) -> dict:
    limits = asdict(config.limits)
    for key in ("tmp_size", "shm_size"):
        limits.pop(key)
    return limits


def runner_settings(config: SandboxConfig) -> dict:
    """What the runner gets besides its pipe fds: its rlimits and the lazy packages."""
    return dict(rlimits(config), lazy=LAZY_PACKAGES)


def runner_limits(config: SandboxConfig, fds: tuple[int, int]) -> str:
    """The JSON the runner gets as argv[1]: `runner_settings` and its pipe fds."""
    return json.dumps(dict(runner_settings(config), fds=list(fds)))


def command(
    config: SandboxConfig, fds: tuple[int, ...], submission: Path | None, uid: int
) -> list[str]:
    """argv that starts the runner for one submission (fds: its two pipes, then the
    seccomp program's fd when there is one)."""
    if not config.enabled:
        runner = str(PACKAGE_DIR / "runner.py")
        python = [sys.executable, "-s", runner, runner_limits(config, fds[:2])]
        return container_prefix(uid) + python if config.container else python
    runner = f"{SANDBOX_PACKAGE}/runner.py"
    python = [sys.executable, "-s", runner, runner_limits(config, fds[:2])]
    args = bwrap_args(config, submission, seccomp_fd(fds))
    return args + drop_privileges(uid) + python


def container_prefix(uid: int) -> list[str]:
    """Container mode (Gradescope, where bubblewrap cannot start): the sandbox's uid (as root),
    environment and working folder, and seccomp.py's filter without network; no namespaces:
    the files are the container's."""
    settings = [f"{key}={value}" for key, value in SANDBOX_ENV.items()]
    no_network = [sys.executable, "-s", str(PACKAGE_DIR / "seccomp.py")]
    return drop_privileges(uid) + ["env", "-i", "-C", "/tmp", *settings, *no_network]


def uses_fork_server(config: SandboxConfig) -> bool:
    """Only a root grader can give each forked sandbox its own uid and mounts."""
    return config.enabled and config.warm and os.geteuid() == 0


def fork_server_command(
    config: SandboxConfig, control: int, preload: list[str], program: int | None
) -> list[str]:
    """argv of `forkserver.py` in bubblewrap: no submission, only the capabilities it needs;
    the seccomp filter is inherited by every sandbox it forks."""
    settings = {
        "control": control,
        "preload": list(preload),
        "runtime": runtime_paths(),
        "tmp_size": config.limits.tmp_size,
        "shm_size": config.limits.shm_size,
        "runner": runner_settings(config),
    }
    caps = ["--cap-drop", "ALL"]
    for cap in FORK_SERVER_CAPS:
        caps += ["--cap-add", cap]
    server = [sys.executable, "-s", f"{SANDBOX_PACKAGE}/forkserver.py", json.dumps(settings)]
    return bwrap_args(config, None, program)[:-1] + caps + ["--"] + server


def seccomp_fd(fds: tuple[int, ...]) -> int | None:
    return fds[2] if len(fds) > 2 else None


def bwrap_args(config: SandboxConfig, submission: Path | None, program: int | None) -> list[str]:
    args = ["bwrap", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts"]
    args += ["--unshare-cgroup-try", "--die-with-parent", "--new-session", "--clearenv"]
    if program is not None:  # seccomp.py, on every process of the sandbox: no kernel keyrings
        args += ["--seccomp", str(program)]
    if os.geteuid() != 0:
        args += ["--unshare-user", "--cap-drop", "ALL"]
    for key, value in SANDBOX_ENV.items():
        args += ["--setenv", key, value]
    args += top_level_dirs()
    # the tmpfs first: a runtime under /tmp (a venv in a CI checkout) is bound on top of it
    args += ["--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(config.limits.tmp_size), "--perms", "1777", "--tmpfs", "/tmp"]
    args += ["--size", str(config.limits.shm_size), "--perms", "1777", "--tmpfs", "/dev/shm"]
    made: set[str] = {"/", "/tmp", "/dev", "/proc"}
    for path in runtime_paths():
        args += parents(path, made) + ["--ro-bind", path, path]
    for path in RUNTIME_ETC:
        args += parents(path, made) + ["--ro-bind-try", path, path]
    args += parents(SANDBOX_PACKAGE, made) + ["--ro-bind", str(PACKAGE_DIR), SANDBOX_PACKAGE]
    if submission is not None:
        target = f"/submission/{submission.name}"
        args += parents(target, made) + ["--ro-bind", str(submission), target]
    return args + ["--chdir", "/tmp", "--"]


def top_level_dirs() -> list[str]:
    """/usr read-only, and /bin, /lib... as the same symlinks or read-only binds."""
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(name):
            args += ["--symlink", os.readlink(name), name]
        elif os.path.isdir(name):
            args += ["--ro-bind", name, name]
    return args


@functools.cache
def runtime_paths() -> list[str]:
    """This Python and its packages (a venv and the base interpreter), outside /usr."""
    found = {sys.prefix, sys.base_prefix, sys.exec_prefix, *site.getsitepackages()}
    found.add(os.path.dirname(os.path.realpath(sys.executable)))
    paths = sorted(os.path.realpath(p) for p in found if os.path.isdir(p)) + sorted(found)
    kept: list[str] = []
    for path in paths:
        if path == "/" or path.startswith("/usr/") or path == "/usr" or not os.path.isdir(path):
            continue
        if not any(path == k or path.startswith(k + "/") for k in kept):
            kept.append(path)
    return kept


def parents(path: str, made: set[str]) -> list[str]:
    """--dir for every missing parent (bubblewrap would make them 0700, unreadable for the user)."""
    args = []
    parts = Path(path).parts[1:-1]
    current = ""
    for part in parts:
        current += "/" + part
        if current not in made and not os.path.islink(current):
            made.add(current)
            args += ["--perms", "0755", "--dir", current]
    return args


_uids = itertools.count()


def next_uid() -> int:
    """A fresh unprivileged uid for each sandbox a root grader starts.

    1,000,000 + worker pid * 1000 + a counter: concurrent workers never share one (each has its
    own process limit), and no submission finds per-user kernel state (keyrings, message-queue
    quotas) of the one before it under its uid. Fits in 32 bits for any pid up to 2^22."""
    return SANDBOX_UID_BASE + os.getpid() * 1000 + next(_uids) % 1000


def drop_privileges(uid: int) -> list[str]:
    """As root: become `uid` with no capabilities, inside bwrap."""
    if os.geteuid() != 0:
        return []
    return [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
    ]


HOW_TO = """샌드박스(bubblewrap)를 시작할 수 없습니다 (the sandbox cannot start): {why}

학생 코드를 격리해서 채점하려면 (to grade in isolation):
  * Debian/Ubuntu: sudo apt-get install bubblewrap   (Fedora: sudo dnf install bubblewrap)
  * root 로 채점하면 setpriv(util-linux)로 권한 없는 uid 로 바꿉니다 (as root: setpriv)
  * root 가 아니면 user namespace 가 켜져 있어야 합니다 (unprivileged user namespaces):
      sudo sysctl -w kernel.unprivileged_userns_clone=1
      (Ubuntu 24.04+: sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0)
  * macOS/Windows 에서는 Linux VM(예: Multipass, WSL2)에서 채점하세요.
격리 없이 채점하려면 (unsafe) --no-sandbox 를 붙이세요: 모든 보고서에 경고가 찍힙니다."""


def check(config: SandboxConfig) -> None:
    """Raise SandboxUnavailable unless a trial sandbox starts and runs this Python."""
    if not config.enabled:
        return
    why = trial_run(config)
    if why:
        raise SandboxUnavailable(HOW_TO.format(why=why))


@functools.cache
def _trial() -> str:
    if sys.platform != "linux":
        return f"Linux 가 아닙니다 ({sys.platform})"
    if shutil.which("bwrap") is None:
        return "bwrap 이 설치되어 있지 않습니다 (bwrap not found)"
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        return "setpriv 가 없습니다 (util-linux)"
    config = SandboxConfig(True)
    program = seccomp.program_fd()
    fds = () if program is None else (program,)
    argv = bwrap_args(config, None, program) + drop_privileges(next_uid())
    probe = "import os, numpy; assert os.geteuid() != 0; print('ok')"
    argv += [sys.executable, "-s", "-c", probe]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=60, pass_fds=fds)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return str(exc)
    finally:
        if program is not None:
            os.close(program)
    if done.returncode != 0 or done.stdout.strip() != "ok":
        return (done.stderr.strip() or f"exit {done.returncode}")[-500:]
    return ""


def trial_run(config: SandboxConfig) -> str:
    """'' when the sandbox works, otherwise why not (cached per process)."""
    return _trial()
