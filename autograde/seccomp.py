"""The sandbox's seccomp filter: no kernel keyrings, no foreign system-call ABIs.

Kernel keyrings (`add_key`, `request_key`, `keyctl`) belong to a uid and outlive the processes
that made them, so one submission could leave a message for the next. bubblewrap installs this
classic-BPF program (`bwrap --seccomp FD`) on every process of a sandbox, and a fork server's
program is inherited by every sandbox it forks. Those three calls fail with EPERM; a system
call made through another ABI than the machine's own (32-bit `int 0x80` or x32 on x86-64,
AArch32 on arm64) fails with ENOSYS, so the numbers below cannot be dodged. Everything else is
allowed: the other limits come from namespaces, the dropped uid and rlimits.
"""

import errno
import os
import platform
import struct

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
BLOCKED = "add_key, request_key, keyctl"


def instruction(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def program(machine: str | None = None) -> bytes | None:
    """The filter for this machine, or None where its system-call numbers are not known."""
    arch = ARCHES.get(machine or platform.machine())
    if arch is None:
        return None
    audit_arch, *keyring_calls = arch
    deny = ERRNO | errno.EPERM
    foreign = ERRNO | errno.ENOSYS
    body = [instruction(*LOAD_ARCH)]
    body.append(instruction(JEQ, audit_arch, 1, 0))  # own ABI: skip the next line
    body.append(instruction(RET, foreign))
    body.append(instruction(*LOAD_NR))
    if audit_arch == ARCHES["x86_64"][0]:
        body.append(instruction(JGE, X32_BIT, 0, 1))  # the x32 ABI on x86-64
        body.append(instruction(RET, foreign))
    for index, number in enumerate(keyring_calls):
        left = len(keyring_calls) - index - 1
        body.append(instruction(JEQ, number, left + 1, 0))  # jump to the deny at the end
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
