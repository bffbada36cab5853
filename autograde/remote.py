"""The grader's side of a sandbox: start it, send requests, turn replies into local values.

Names the student defined become `RemoteObject`s in the grader's own namespace: calling one,
reading an attribute or an item asks the sandbox, which answers with plain data (arrays, numbers,
strings, lists, dicts) or with a handle to an object it keeps. Test code therefore runs here,
on data decoded by `wire`, with the grader's own NumPy and Keras: nothing the student's code does
to its process (patched checkers, `__eq__` that always says True, IPython hooks, swapped
modules) reaches the verdict.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import types
import warnings
from dataclasses import asdict
from pathlib import Path

import numpy as np

from . import seccomp, wire
from .assemble import CallRules
from .sandbox import SandboxConfig, command, fork_server_command, next_uid, uses_fork_server

START_TIMEOUT = 120
RESOLVABLE = ("keras.", "tensorflow.", "tf_keras.")
PUBLIC_DUNDERS = {"__name__", "__qualname__", "__doc__", "__module__"}
DECODE_ERRORS = (wire.WireError, ValueError, TypeError, KeyError, IndexError, OverflowError)
CHECK_FILENAME = "<check "  # compile() file name of check-cell code (evaluate.run_test)
# the fixed texts of the events a session reports (flags: nothing of the sandbox's own words)
SUBCLASS_RETURNED = "기본 타입의 하위 클래스를 돌려줌 (returned a subclass of a plain type)"
PROTOCOL_TAMPERING = "프로토콜 위반 (protocol tampering)"
INPUT_CHANGED = "검사의 입력을 제자리에서 바꿈 (changed a check's input in place)"


class SandboxLost(BaseException):
    """The sandbox died, broke the protocol or ran out of time.

    A BaseException, so that test code's `except Exception` does not swallow it.
    """

    def __init__(self, message: str, timeout: bool = False):
        super().__init__(message)
        self.timeout = timeout


class StudentError(Exception):
    """An exception of the student's code with no builtin counterpart."""


class NotSendable(TypeError):
    """A grader object that must not reach student code (a type, a module, a builtin...)."""


class Session:
    """One running sandbox (runner process) for one submission."""

    def __init__(
        self, config: SandboxConfig, submission: Path | None = None, preload=(), rules=None
    ):
        self.config = config
        self.submission = submission  # mounted read-only in a cold sandbox only
        self.preload = list(preload)  # what a warm fork server imports beforehand
        rules = rules or CallRules()
        self.writable, self.signatures = rules.writable, rules.signatures
        self.proc: subprocess.Popen | None = None
        self.uid: int | None = None  # the unprivileged uid it runs as (root grader)
        self.deadline: float | None = None
        self.events: list[str] = []  # flags (fixed texts): coerced subclasses, protocol errors
        self.proxies: dict[int, RemoteObject] = {}
        self.callbacks: list = []

    # ------------------------------------------------------------ process

    def start(self) -> None:
        to_child, self.writer = os.pipe()
        self.reader, from_child = os.pipe()
        try:
            self.proc = self.launch((to_child, from_child))
        finally:
            os.close(to_child)
            os.close(from_child)
        os.set_blocking(self.writer, False)
        os.set_blocking(self.reader, False)
        self.read(time.monotonic() + START_TIMEOUT, "시작 (start)")

    def launch(self, fds: tuple[int, int]):
        """A sandbox forked by the warm server, or (not root, or no server) a cold one."""
        global _warm_failed
        uid = self.uid = next_uid()  # its own uid: no per-user kernel state carries over
        if uses_fork_server(self.config) and not _warm_failed:
            try:
                return warm_server(self.config, self.preload).spawn(fds, uid)
            except (OSError, ValueError, KeyError) as exc:
                _warm_failed = True  # this worker grades the rest in cold sandboxes
                print(f"경고 (warning): no fork server, cold sandboxes: {exc}", file=sys.stderr)
        program = seccomp.program_fd() if self.config.enabled else None
        with_program = fds if program is None else (*fds, program)
        try:
            return start_process(
                command(self.config, with_program, self.submission, uid), with_program
            )
        finally:
            if program is not None:
                os.close(program)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        if self.proc is None:
            return
        if isinstance(self.proc, ForkedSandbox):
            self.proc.kill()
        else:
            kill_group(self.proc)
        for fd in (self.writer, self.reader):
            try:
                os.close(fd)
            except OSError:
                pass
        self.proc = None

    def lost(self, what: str, exc: BaseException) -> SandboxLost:
        """Kill the sandbox and describe why it is gone."""
        code = None
        if self.proc is not None and not isinstance(exc, wire.Timeout):
            try:
                code = self.proc.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        if isinstance(exc, wire.Timeout):
            return SandboxLost("시간 초과 (timeout)", timeout=True)
        if isinstance(exc, wire.WireError):
            self.note(PROTOCOL_TAMPERING)
            return SandboxLost(f"샌드박스 응답 오류 (bad reply) during {what}")
        how = "killed" if code is None else f"exit {code}" if code >= 0 else f"signal {-code}"
        return SandboxLost(f"샌드박스 종료 (sandbox died, {how}) during {what}")

    def read(self, deadline: float | None, what: str) -> tuple[dict, list[bytes]]:
        try:
            header, blobs = wire.read_frame(self.reader, deadline)
        except (wire.Timeout, wire.Closed, wire.WireError) as exc:
            raise self.lost(what, exc) from None
        if not isinstance(header, dict):
            raise self.lost(what, wire.WireError("not an object"))
        return header, blobs

    # ------------------------------------------------------------ requests

    def request(self, header: dict, blobs: list[bytes] = ()) -> tuple[dict, list[bytes]]:
        """Send one request; serve callbacks until its reply arrives."""
        if not self.alive:
            raise SandboxLost("샌드박스가 이미 종료됨 (sandbox already gone)")
        header = dict(header, blobs=[len(b) for b in blobs])
        what = str(header.get("op"))
        try:
            wire.write_frame(self.writer, header, list(blobs), self.deadline)
        except (wire.Timeout, wire.Closed) as exc:
            raise self.lost(what, exc) from None
        while True:
            reply, reply_blobs = self.read(self.deadline, what)
            if reply.get("op") != "callback":
                return reply, reply_blobs
            self.serve_callback(reply, reply_blobs)

    def serve_callback(self, header: dict, blobs: list[bytes]) -> None:
        """Call a function of the check cell's for student code; only plain data goes back."""
        number = header.get("cb")
        if type(number) is not int or not 0 <= number < len(self.callbacks):
            raise self.lost("callback", wire.WireError("unknown callback"))
        try:
            decoder = wire.Decoder(blobs, self.proxy, deadline=self.deadline)
            args = decoder.decode(header.get("args", []))
            kwargs = decoder.decode(header.get("kwargs", {}))
        except (*DECODE_ERRORS, wire.Timeout) as exc:
            raise self.lost("callback", as_wire_error(exc)) from None
        if type(args) is not list or type(kwargs) is not dict:
            raise self.lost("callback", wire.WireError("bad callback arguments"))
        try:
            value = self.callbacks[number](*args, **kwargs)
            encoder = wire.Encoder(self.keep_for_callback)
            answer = {"op": "cb_result", "ok": True, "value": encoder.encode(value)}
            out = encoder.blobs
        except SandboxLost:
            raise
        except Exception as exc:  # noqa: BLE001 - only the builtin class goes back, no message
            kind = type(exc) if type(exc).__module__ == "builtins" else RuntimeError
            answer, out = {"op": "cb_result", "ok": False, "error": kind.__name__}, []
        answer["blobs"] = [len(b) for b in out]
        try:
            wire.write_frame(self.writer, answer, out, self.deadline)
        except (wire.Timeout, wire.Closed) as exc:
            raise self.lost("callback", exc) from None

    def value(self, header: dict, blobs=(), sent: list | None = None, after=None):
        """Send a request and return its decoded value (raise the student's exception).

        `after(decoder, states)` handles the in-place changes the sandbox reports for the
        objects sent (`Call.write_back`); decoding counts against the cell's deadline."""
        reply, reply_blobs = self.request(header, blobs)
        emit_warnings(reply.get("warnings"))  # checks may look for the student's warnings
        if not reply.get("ok"):
            raise_student_error(reply.get("error"))
        try:
            decoder = wire.Decoder(reply_blobs, self.proxy, sent, deadline=self.deadline)
            value = decoder.decode(reply.get("value"))
            problem = after(decoder, reply.get("after")) if after else None
        except (*DECODE_ERRORS, wire.Timeout) as exc:  # not valid plain data, or too slow
            raise self.lost(str(header.get("op")), as_wire_error(exc)) from None
        if reply.get("coerced"):
            self.note(SUBCLASS_RETURNED)
        if problem is not None:
            self.note(INPUT_CHANGED)
            raise problem
        return value

    def note(self, event: str) -> None:
        if event not in self.events:
            self.events.append(event)

    # ------------------------------------------------------------ values

    def keep(self, value):
        """How a grader object that is not plain data is sent: the student's own objects go
        back as handles, the check cell's own functions as callbacks; nothing else leaves."""
        if type(value) is RemoteObject:
            return self.own_handle(value)
        if type(value) is types.FunctionType and is_check_code(value):
            self.callbacks.append(value)
            return {"cb": len(self.callbacks) - 1}
        raise NotSendable(
            f"학생 코드에 보낼 수 없는 값입니다 (cannot send a {type(value).__name__} to student "
            "code: only data, the student's own objects and the check's own functions)"
        )

    def keep_for_callback(self, value):
        """A callback's result: plain data or the student's own objects, nothing of ours."""
        if type(value) is RemoteObject:
            return self.own_handle(value)
        raise NotSendable(type(value).__name__)

    def own_handle(self, value) -> dict:
        if object.__getattribute__(value, "_session") is not self:
            raise NotSendable("다른 샌드박스의 객체 (object of another sandbox)")
        return {"obj": object.__getattribute__(value, "_number")}

    def proxy(self, tree: dict):
        """The local stand-in for an object the sandbox keeps (one per object)."""
        if "obj" not in tree or type(tree["obj"]) is not int:
            raise wire.WireError("callbacks only go to the sandbox")
        number = tree["obj"]
        if number not in self.proxies:
            names = tree.get("type")
            names = [str(n)[:200] for n in names[:20]] if isinstance(names, list) else []
            self.proxies[number] = RemoteObject(self, number, names)
        return self.proxies[number]

    def call(self, number: int, name: str | None, args: tuple, kwargs: dict, label=None):
        """Call a student's function; in-place changes come back only where allowed."""
        call = Call(self.keep, label or name, self.writable.get(name), self.signatures.get(name))
        header = {"op": "call", "target": number}
        header["args"], header["kwargs"] = call.encode(args, kwargs)
        return self.value(header, call.encoder.blobs, call.encoder.order, call.write_back)

    def simple(self, op: str, number: int, **fields):
        encoder = wire.Encoder(self.keep)
        header = {"op": op, "target": number}
        for key, item in fields.items():
            header[key] = encoder.encode(item) if key in ("key", "value") else item
        return self.value(header, encoder.blobs)


class Call:
    """The arguments of one call and what the sandbox may change in them.

    The check's objects are sent as data; the sandbox reports the state of every list, dict and
    array it received after the call. Changes are copied back only into the arguments the
    function is documented to change (`writable`: positions and keyword names, from the
    solution's `autograde.modifies` metadata, e.g. 05's `update(params, grads)` changes
    `params`). A change to any other argument is not copied back: the check keeps its own
    objects as they were, and the call fails with a hint, as a check of the student's notebook
    that compares its inputs afterwards would.
    """

    def __init__(self, keep, name, writable, signature):
        self.encoder = wire.Encoder(keep)
        self.name = name or "함수"
        self.writable = writable or (frozenset(), frozenset())
        self.signature = signature or []
        self.owners: list = []  # per object sent (encoder.order): which argument it is in

    def encode(self, args: tuple, kwargs: dict):
        args, kwargs = list(args), dict(kwargs)
        trees = self.part(args, list(enumerate(args)))
        return trees, {"map": self.part(kwargs, list(kwargs.items()))}

    def part(self, container, items):
        """Encode `items` of the args list or kwargs dict, noting whose each object is."""
        self.encoder.record(container)
        self.owners.append(None)
        trees = {} if isinstance(container, dict) else []
        for key, value in items:
            tree = self.encoder.encode(value, 1)
            self.owners += [key] * (len(self.encoder.order) - len(self.owners))
            if isinstance(trees, dict):
                trees[key] = tree
            else:
                trees.append(tree)
        return trees

    def allowed(self, owner) -> bool:
        positions, keywords = self.writable
        return owner in positions if type(owner) is int else owner in keywords

    def write_back(self, decoder: wire.Decoder, states) -> Exception | None:
        """Apply the allowed changes; return the error for a changed input (or None)."""
        if not isinstance(states, list):
            return None
        changed = []
        for index, state in enumerate(states[: len(self.owners)]):
            owner = self.owners[index]
            if state is None or owner is None:
                continue
            original = self.encoder.order[index]
            value = decoder.decode(state)
            if self.allowed(owner):
                copy_into(original, value)
            elif not same_state(original, value) and owner not in changed:
                changed.append(owner)
        return self.changed_inputs(changed) if changed else None

    def changed_inputs(self, owners: list) -> AssertionError:
        names = ", ".join(self.argument_name(o) for o in owners)
        return AssertionError(
            f"{self.name}() 이(가) 입력 {names}을(를) 제자리에서 바꾸었습니다. 이 함수는 받은 배열·"
            "리스트·딕셔너리를 바꾸면 안 됩니다: 바꾸지 마세요. 필요하면 복사본(x.copy())을 만들어 "
            "계산하세요 (changed an input in place)."
        )

    def argument_name(self, owner) -> str:
        if type(owner) is str:
            return f"'{owner}'"
        if owner < len(self.signature):
            return f"'{self.signature[owner]}'"
        return f"{owner + 1}번째 인자"


def copy_into(original, value) -> None:
    """The sandbox's in-place change of an argument, into the grader's own object."""
    if isinstance(original, list) and isinstance(value, list):
        original[:] = value
    elif isinstance(original, dict) and isinstance(value, dict):
        original.clear()
        original.update(value)
    elif isinstance(original, np.ndarray) and isinstance(value, np.ndarray):
        if value.shape == original.shape:
            try:
                original[...] = value
            except (TypeError, ValueError):
                pass


def same_state(original, value) -> bool:
    """Whether the state the sandbox reports is the object as the grader sent it."""
    if isinstance(original, np.ndarray):
        return False  # the sandbox reports an array only when it changed
    if type(original) is not type(value) or len(original) != len(value):
        return False
    if isinstance(original, dict):
        if list(original) != list(value):
            return False
        pairs = [(original[k], value[k]) for k in original]
    else:
        pairs = list(zip(original, value, strict=True))
    return all(same_item(a, b) for a, b in pairs)


def same_item(a, b) -> bool:
    """An item of a sent list or dict, as it came back: the same object (an array sent back
    as a reference) or an equal scalar of the same type (NumPy scalars travel by value)."""
    if a is b:
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and np.asarray(a).tobytes() == np.asarray(b).tobytes()
    if type(a) is tuple:  # immutable: sent by value, compared item by item
        return len(a) == len(b) and all(same_item(x, y) for x, y in zip(a, b, strict=True))
    if type(a) not in (type(None), bool, int, float, complex, str, bytes):
        return False
    return a == b or (a != a and b != b)  # nan stays nan


def as_wire_error(exc: BaseException) -> BaseException:
    return exc if isinstance(exc, wire.Timeout | wire.WireError) else wire.WireError(str(exc)[:200])


def is_check_code(function) -> bool:
    """A function the check cell itself defined (its code was compiled from a check cell)."""
    return function.__code__.co_filename.startswith(CHECK_FILENAME)


def start_process(argv: list[str], fds: tuple[int, ...]) -> subprocess.Popen:
    """bubblewrap in its own process group, silent, with only `fds` passed on."""
    return subprocess.Popen(
        argv,
        pass_fds=fds,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=plain_env(),
    )


def kill_group(proc: subprocess.Popen) -> None:
    """Kill a cold sandbox: bubblewrap's process group (its PID namespace dies with it)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        pass


class ForkServer:
    """The grader's end of one warm fork server (`forkserver.py`); one per worker process."""

    def __init__(self, config: SandboxConfig, preload: list[str]):
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        program = seccomp.program_fd()
        fds = (theirs.fileno(),) if program is None else (theirs.fileno(), program)
        argv = fork_server_command(config, theirs.fileno(), preload, program)
        try:
            self.proc = start_process(argv, fds)
        finally:
            theirs.close()
            if program is not None:
                os.close(program)
        try:
            hello = self.receive(START_TIMEOUT)
        except (OSError, ValueError):
            self.close()
            raise
        if hello.get("threads") != 1:
            self.close()
            raise OSError(f"the fork server runs {hello.get('threads')} threads")

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def receive(self, timeout: float) -> dict:
        self.control.settimeout(timeout)
        data = self.control.recv(65536)
        if not data:
            raise OSError("the fork server ended")
        answer = json.loads(data)
        if not isinstance(answer, dict) or "error" in answer:
            raise OSError(f"fork server: {answer}")
        return answer

    def ask(self, request: dict, fds=(), timeout: float = 30) -> dict:
        self.control.settimeout(timeout)
        socket.send_fds(self.control, [json.dumps(request).encode()], list(fds))
        return self.receive(timeout)

    def spawn(self, fds: tuple[int, int], uid: int) -> "ForkedSandbox":
        try:
            return ForkedSandbox(self, int(self.ask({"op": "spawn", "uid": uid}, fds)["pid"]))
        except (OSError, ValueError, KeyError):
            self.close()
            raise

    def close(self) -> None:
        """Kill the server and with it every sandbox it forked."""
        kill_group(self.proc)
        self.control.close()


_servers: dict[str, ForkServer] = {}
_warm_failed = False


def warm_server(config: SandboxConfig, preload: list[str]) -> ForkServer:
    """This worker's fork server for these limits and preloaded packages (started once)."""
    key = json.dumps([asdict(config.limits), preload])
    server = _servers.get(key)
    if server is None or not server.alive:
        for old in _servers.values():
            old.close()
        _servers.clear()
        server = _servers[key] = ForkServer(config, preload)
    return server


class ForkedSandbox:
    """A sandbox forked by a ForkServer, with the parts of Popen that Session uses."""

    def __init__(self, server: ForkServer, pid: int):
        self.server = server
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        return self.returncode  # None: not known to have ended (a dead one closes its pipes)

    def wait(self, timeout: float) -> int:
        if self.returncode is None:
            request = {"op": "wait", "pid": self.pid, "timeout": timeout}
            status = self.call(request, timeout + 30)
            if status is None:
                raise subprocess.TimeoutExpired("sandbox", timeout)
            self.returncode = status
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            status = self.call({"op": "kill", "pid": self.pid}, 60)
            self.returncode = -signal.SIGKILL if status is None else status

    def call(self, request: dict, timeout: float) -> int | None:
        """The server's answer; a server that fails is killed, and this sandbox with it."""
        try:
            status = self.server.ask(request, timeout=timeout)["status"]
        except (OSError, ValueError, KeyError):
            self.server.close()
            return -signal.SIGKILL
        return status if type(status) is int else None


def plain_env() -> dict[str, str]:
    """bwrap/setpriv get a minimal environment (the sandbox clears it anyway)."""
    keep = ("PATH", "LANG", "LC_ALL", "TMPDIR")
    return {k: v for k, v in os.environ.items() if k in keep}


def raise_student_error(error) -> None:
    """Raise the student's exception as its nearest builtin class (ValueError, ...)."""
    error = error if isinstance(error, dict) else {}
    names = error.get("mro") if isinstance(error.get("mro"), list) else []
    message = str(error.get("message", ""))[:2000]
    kind = wire.builtin_class(names, Exception) or StudentError
    if kind is StudentError and names:
        message = f"{str(names[0]).rpartition('.')[2]}: {message}"
    try:
        exc = kind(message)
    except Exception:  # a builtin that needs other arguments (UnicodeError...)
        exc = StudentError(message)
    raise exc


def emit_warnings(items) -> None:
    """Re-emit the student's warnings here (a check may record them), at most 50."""
    for item in items[:50] if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        names = item.get("mro") if isinstance(item.get("mro"), list) else []
        category = wire.builtin_class(names, Warning) or UserWarning
        warnings.warn(str(item.get("message", ""))[:1000], category, stacklevel=2)


def resolve_class(names: list[str]):
    """The grader's own class for a Keras/TensorFlow type name, if already imported."""
    for name in names:
        if not name.startswith(RESOLVABLE):
            continue
        module_name, _, qualname = name.rpartition(".")
        while module_name and module_name not in sys.modules:
            module_name, _, head = module_name.rpartition(".")
            qualname = f"{head}.{qualname}"
        obj = sys.modules.get(module_name)
        for part in qualname.split(".") if obj is not None else []:
            obj = getattr(obj, part, None)
        if isinstance(obj, type):
            return obj
    return None


class RemoteObject:
    """A student's object that stays in the sandbox; every use is a request."""

    __slots__ = ("_session", "_number", "_types", "_source", "_name", "_label", "__weakref__")

    def __init__(self, session: Session, number: int, types: list[str]):
        object.__setattr__(self, "_session", session)
        object.__setattr__(self, "_number", number)
        object.__setattr__(self, "_types", types)
        object.__setattr__(self, "_source", None)
        object.__setattr__(self, "_name", None)  # the grader's name for it: `update`, `sigmoid`
        # for hints, in the grader's words: `SoftmaxWithLoss.forward` for a method of an
        # instance the check made by calling the graded class `SoftmaxWithLoss`
        object.__setattr__(self, "_label", None)

    def _ask(self, op: str, **fields):
        session = object.__getattribute__(self, "_session")
        return session.simple(op, object.__getattribute__(self, "_number"), **fields)

    @property
    def __class__(self):  # isinstance(model, keras.Model) with the grader's Keras
        return resolve_class(object.__getattribute__(self, "_types")) or RemoteObject

    def __getattr__(self, name: str):
        if name.startswith("__") and name.endswith("__") and name not in PUBLIC_DUNDERS:
            raise AttributeError(name)
        value = self._ask("getattr", name=name)
        if type(value) is RemoteObject:
            object.__setattr__(value, "_name", name)
            owner = object.__getattribute__(self, "_label")
            object.__setattr__(value, "_label", f"{owner}.{name}" if owner else None)
        return value

    def __setattr__(self, name: str, value) -> None:
        self._ask("setattr", name=name, value=value)

    def __call__(self, *args, **kwargs):
        session = object.__getattribute__(self, "_session")
        number, name, label = (
            object.__getattribute__(self, "_number"),
            object.__getattribute__(self, "_name"),
            object.__getattribute__(self, "_label"),
        )
        result = session.call(number, name, args, kwargs, label)
        types = object.__getattribute__(self, "_types")
        if type(result) is RemoteObject and name and "builtins.type" in types:  # an instance
            if object.__getattribute__(result, "_label") is None:
                object.__setattr__(result, "_label", label or name)
        return result

    def __getitem__(self, key):
        return self._ask("getitem", key=key)

    def __len__(self) -> int:
        value = self._ask("len")
        if type(value) is not int or value < 0:
            raise TypeError("len() 이 정수가 아닙니다")
        return value

    def __repr__(self) -> str:
        try:
            return str(self._ask("repr"))
        except Exception:
            return "<student object>"

    __str__ = __repr__

    def __eq__(self, other) -> bool:  # identity only: the student's __eq__ is never asked
        return self is other

    def __hash__(self) -> int:
        return id(self)

    def __bool__(self) -> bool:
        return True

    def __instancecheck__(self, obj) -> bool:  # isinstance(x, StudentClass)
        if type(obj) is not RemoteObject:
            return False
        session = object.__getattribute__(self, "_session")
        header = {"op": "isinstance", "target": object.__getattribute__(obj, "_number")}
        header["cls"] = object.__getattribute__(self, "_number")
        return bool(session.value(header))
