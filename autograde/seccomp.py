"""The sandbox's seccomp filter: no kernel keyrings, no foreign system-call ABIs.

Kernel keyrings (`add_key`, `request_key`, `keyctl`) belong to a uid and outlive the processes
that made them, so one submission could leave a message for the next. bubblewrap installs this
classic-BPF program (`bwrap --seccomp FD`) on every process of a sandbox, and a fork server's
program is inherited by every sandbox it forks. Those three calls fail with EPERM; a system
call made through another ABI than the machine's own (32-bit `int 0x80` or x32 on x86-64,
AArch32 on arm64) fails with ENOSYS, so the numbers below cannot be dodged. Everything else is
allowed: the other limits come from namespaces, the dropped uid and rlimits.

Container mode (no bubblewrap, so no network namespace) adds no network: `socket` fails with
EPERM for any family but AF_UNIX, and so does `io_uring_setup`. Run as a script,
`python -s seccomp.py PROGRAM ARGS...` installs that filter on itself and becomes PROGRAM.
"""

import ctypes
import errno
import os
import platform
import struct
import sys

# struct seccomp_data: nr at offset 0, arch at offset 4
LOAD_NR = (0x20, 0)  # BPF_LD | BPF_W | BPF_ABS
LOAD_ARCH = (0x20, 4)
JEQ, JGE, RET = 0x15, 0x35, 0x06  # BPF_JMP|BPF_JEQ|BPF_K, BPF_JMP|BPF_JGE|BPF_K, BPF_RET|BPF_K
ALLOW = 0x7FFF0000
ERRNO = 0x00050000
X32_BIT = 0x40000000
# machine: (AUDIT_ARCH_*, add_key, request_key, keyctl)
ARCHES = {
    "x86_64": (0xC000003E, 248, 249, 250),
    "aarch64": (0xC00000B7, 217, 218, 219),
}
# machine: (socket, io_uring_setup), refused in container mode
NETWORK_CALLS = {"x86_64": (41, 425), "aarch64": (198, 425)}
LOAD_ARG0 = (0x20, 16)  # the low 32 bits of the first argument (socket's family)
AF_UNIX = 1
BLOCKED = "add_key, request_key, keyctl"


def instruction(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def program(machine: str | None = None, network: bool = True) -> bytes | None:
    """The filter for this machine, or None where its system-call numbers are not known."""
    machine = machine or platform.machine()
    arch = ARCHES.get(machine)
    if arch is None:
        return None
    audit_arch, *keyring_calls = arch
    socket_call, io_uring_setup = NETWORK_CALLS[machine]
    refused = keyring_calls if network else [*keyring_calls, io_uring_setup]
    # without network: a socket of another family than AF_UNIX jumps to the deny
    sockets = [] if network else [(JEQ, socket_call, 0, 2), LOAD_ARG0, (JEQ, AF_UNIX, 0, 1)]
    deny = ERRNO | errno.EPERM
    foreign = ERRNO | errno.ENOSYS
    body = [instruction(*LOAD_ARCH)]
    body.append(instruction(JEQ, audit_arch, 1, 0))  # own ABI: skip the next line
    body.append(instruction(RET, foreign))
    body.append(instruction(*LOAD_NR))
    if audit_arch == ARCHES["x86_64"][0]:
        body.append(instruction(JGE, X32_BIT, 0, 1))  # the x32 ABI on x86-64
        body.append(instruction(RET, foreign))
    for index, number in enumerate(refused):
        left = len(refused) - index - 1 + len(sockets)
        body.append(instruction(JEQ, number, left + 1, 0))  # jump to the deny at the end
    body += [instruction(*step) for step in sockets]
    body.append(instruction(RET, ALLOW))
    body.append(instruction(RET, deny))
    return b"".join(body)


def program_fd() -> int | None:
    """A file descriptor holding the program, for `bwrap --seccomp FD` (caller closes it)."""
    code = program()
    if code is None:
        return None
    fd = os.memfd_create("autograde-seccomp")
    os.write(fd, code)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]


def install(code: bytes) -> None:
    """Install a filter on this process and all it starts (no_new_privs first, as the kernel
    asks of an unprivileged process)."""
    libc = ctypes.CDLL(None, use_errno=True)
    fprog = SockFprog(len(code) // 8, code)
    pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0 or libc.prctl(
        pr_set_seccomp, seccomp_mode_filter, ctypes.byref(fprog), 0, 0
    ):
        raise OSError(ctypes.get_errno(), "seccomp filter not installed")


if __name__ == "__main__":  # container mode's launcher: the filter without network, then argv
    code = program(network=False)
    if code is None:
        sys.exit(f"seccomp: unknown machine {platform.machine()}")
    install(code)
    os.execv(sys.argv[1], sys.argv[1:])
