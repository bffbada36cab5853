"""The warm sandbox: imports TensorFlow once, then forks a fresh sandbox for each submission.

Importing TensorFlow costs seconds of CPU; a class of 60 submissions would pay it 60 times.
So each grader worker starts one fork server (`remote.ForkServer`) inside bubblewrap with
everything `sandbox.py` gives a sandbox (no network, fresh PID/IPC/UTS namespaces, read-only
runtime, nothing of the course mounted, not even a submission), imports the heavy packages the
notebook's answers use, and then runs no student code at all. It keeps only the capabilities
it needs to build and kill a sandbox (CAP_SYS_ADMIN, CAP_SETUID, CAP_SETGID, CAP_SETPCAP,
CAP_KILL).

For each submission the grader sends it two pipe fds; it forks:

* the *keeper* (root, outside the new PID namespace): unshares a mount, PID, IPC and network
  namespace (so no abstract unix socket or SysV/POSIX IPC object is shared with another one),
  mounts a fresh size-capped tmpfs on /tmp and /dev/shm (re-binding a runtime that lives under
  /tmp read-only), forks the runner, hands the server a pidfd of it and waits for it;
* the *runner* (PID 1 of the new namespace): mounts its own /proc, drops the bounding set, every
  group, every capability and its uid (a fresh one per sandbox, chosen by the grader), sets
  no_new_privs, then runs `runner.py`'s loop with the usual rlimits.

Killing the runner (PID 1) makes the kernel kill every process of that namespace before the
keeper's wait returns, so the next submission starts with no process of the previous one left.
The two never share a /tmp, /dev/shm, PID or IPC namespace, and neither can reach the server
(root, another PID namespace, a socket only the grader holds).
"""

import ctypes
import importlib
import json
import os
import signal
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from autograde import runner  # noqa: E402  (imports NumPy and the wire format)

CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS = 24, 38
CAPABILITY_VERSION_3 = 0x20080522
CLONE_NEWNET = 0x40000000
KEEPER_FAILED = 70
UID_MIN = 1_000_000  # sandbox.SANDBOX_UID_BASE: the grader names each sandbox's uid

libc = ctypes.CDLL(None, use_errno=True)


def checked(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def mount(source, target: str, fstype, flags: int, data=None) -> None:
    def raw(text):
        return None if text is None else text.encode()

    result = libc.mount(raw(source), raw(target), raw(fstype), ctypes.c_ulong(flags), raw(data))
    checked(result, f"mount {target}")


# ---------------------------------------------------------------- the server


def main() -> None:
    config = json.loads(sys.argv[1])
    control = socket.socket(fileno=config["control"])
    runner.silence_output()
    for name in config["preload"]:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a child imports it again and reports the error
            pass
    import IPython.core.interactiveshell  # noqa: F401  (every runner needs it)

    control.send(json.dumps({"ready": True, "threads": thread_count()}).encode())
    serve(control, config)


def thread_count() -> int:
    return len(os.listdir("/proc/self/task"))


def serve(control: socket.socket, config: dict) -> None:
    """Answer spawn/wait/kill requests until the grader closes the socket."""
    children: dict[int, int] = {}  # keeper pid -> pidfd of its runner
    while True:
        data, fds, _, _ = socket.recv_fds(control, 65536, 2)
        if not data:
            return
        try:
            answer = handle(json.loads(data), fds, children, control, config)
        except Exception as exc:  # noqa: BLE001 - the grader then kills this server
            answer = {"error": repr(exc)[:500]}
        control.send(json.dumps(answer).encode())


def handle(request: dict, fds: list[int], children: dict, control, config: dict) -> dict:
    op = request.get("op")
    uid = request.get("uid")
    if op == "spawn" and len(fds) == 2 and type(uid) is int and UID_MIN <= uid < 2**32 - 1:
        return spawn(dict(config, uid=uid), fds, children, control)
    for fd in fds:
        os.close(fd)
    if op == "wait":
        return {"status": wait(request["pid"], children, request.get("timeout", 0))}
    if op == "kill":
        return {"status": kill(request["pid"], children)}
    return {"error": f"bad request {op!r}"}


def spawn(config: dict, fds: list[int], children: dict, control: socket.socket) -> dict:
    if thread_count() != 1:  # fork() copies one thread: never fork a half-locked process
        for fd in fds:
            os.close(fd)
        return {"error": f"{thread_count()} threads in the fork server"}
    ours, theirs = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        code = KEEPER_FAILED
        try:
            control.close()
            ours.close()
            code = keeper(config, fds, theirs)
        finally:
            os._exit(code)
    theirs.close()
    for fd in fds:
        os.close(fd)
    try:
        _, pidfds, _, _ = socket.recv_fds(ours, 16, 1)
    finally:
        ours.close()
    if len(pidfds) != 1:
        kill(pid, children)
        return {"error": "the sandbox did not start"}
    children[pid] = pidfds[0]
    return {"pid": pid}


def exit_status(status: int) -> int:
    """Like Popen.returncode: the exit code, or -signal."""
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    code = os.WEXITSTATUS(status)
    return -(code - 128) if code > 128 else code


def wait(pid: int, children: dict, timeout: float) -> int | None:
    """The sandbox's status once it has ended (None while it still runs)."""
    if pid not in children:
        return None
    deadline = time.monotonic() + min(float(timeout), 10.0)
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            os.close(children.pop(pid))
            return exit_status(status)
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.01)


def kill(pid: int, children: dict) -> int | None:
    """Kill the sandbox's PID 1 (the kernel then kills the rest) and reap its keeper."""
    pidfd = children.pop(pid, None)
    if pidfd is not None:
        try:
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.close(pidfd)
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return None
    return exit_status(status)


# ---------------------------------------------------------------- the keeper (root)


def keeper(config: dict, fds: list[int], report: socket.socket) -> int:
    keep = {*fds, report.fileno()}
    for fd in os.listdir("/proc/self/fd"):
        if int(fd) > 2 and int(fd) not in keep:
            try:
                os.close(int(fd))
            except OSError:
                pass
    checked(libc.unshare(CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET), "unshare")
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    fresh_scratch(config)
    pid = os.fork()
    if pid == 0:
        code = KEEPER_FAILED
        try:
            report.close()
            sandboxed_runner(config, fds)
            code = 0
        finally:
            os._exit(code)
    for fd in fds:
        os.close(fd)
    pidfd = os.pidfd_open(pid)
    socket.send_fds(report, [b"pid"], [pidfd])
    report.close()
    os.close(pidfd)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return 128 + os.WTERMSIG(status)
    return os.WEXITSTATUS(status)


def fresh_scratch(config: dict) -> None:
    """Empty tmpfs on /tmp and /dev/shm; a runtime under /tmp (a CI checkout) stays, read-only."""
    under_tmp = [p for p in config["runtime"] if p.startswith("/tmp/")]
    held = [(path, os.open(path, os.O_PATH | os.O_DIRECTORY)) for path in under_tmp]
    flags = MS_NOSUID | MS_NODEV
    mount("tmpfs", "/tmp", "tmpfs", flags, f"size={config['tmp_size']},mode=1777")
    for path, fd in held:
        make_dirs(path)
        mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | flags)
        os.close(fd)
    mount("tmpfs", "/dev/shm", "tmpfs", flags, f"size={config['shm_size']},mode=1777")


def make_dirs(path: str) -> None:
    current = ""
    for part in path.strip("/").split("/"):
        current += "/" + part
        if not os.path.isdir(current):
            os.mkdir(current)
            os.chmod(current, 0o755)


# ---------------------------------------------------------------- the runner (PID 1)


def sandboxed_runner(config: dict, fds: list[int]) -> None:
    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    drop_privileges(config["uid"])
    runner.start(dict(config["runner"], fds=fds))


def drop_privileges(uid: int) -> None:
    """No bounding set, groups, capabilities or root uid left; no_new_privs."""
    for cap in range(64):
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)  # EINVAL past the last capability
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    clear_capabilities()
    checked(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    if os.getuid() == 0 or os.geteuid() == 0:
        raise OSError("still root")


def clear_capabilities() -> None:
    """setresuid cleared the permitted and effective sets; clear the inheritable one too."""
    header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
    data = (ctypes.c_uint32 * 6)()
    checked(libc.capset(header, data), "capset")


if __name__ == "__main__":
    main()
