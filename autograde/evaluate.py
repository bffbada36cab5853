"""Run one grading plan: answer cells in the sandbox, test cells here, in the grader's process.

The sandbox (`remote.Session`) first runs the setup cells' imports, then each answer cell as it
comes. Each test cell's visible part runs after its answer, its hidden part after every visible
part (`Evaluator.run`), in a namespace of the grader's own: the setup cells' imports (the
grader's NumPy, Keras...) plus the functions and classes the solution's answers define, bound to
the student's as `RemoteObject`s. So the test code, the hidden cases and the expected values
never enter the sandbox (only the inputs of the calls do), and the verdict is an assert
evaluated here on plain data.

When the sandbox dies or a cell runs out of time, that cell gets `dead`/`timeout`; the next cell
starts a fresh sandbox that replays the answers that did not kill it (at most MAX_RESTARTS).
"""

import contextlib
import os
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .assemble import CallRules, PlanCell, defined_names
from .remote import CHECK_FILENAME, RemoteObject, SandboxLost, Session
from .runner import chain_of, run_imports
from .sandbox import LAZY_PACKAGES, SandboxConfig

MAX_RESTARTS = 3
MAX_FLAGS = 20
# the known parts of the sandbox's process that answers must not change (runner.integrity_state)
TAMPERING = {
    "builtins": "내장 함수 교체 (builtins)",
    "np.testing": "np.testing 교체",
    "modules": "모듈 바꿔치기 (sys.modules)",
    "custom_exc": "IPython 예외 처리기 (set_custom_exc)",
    "input_transformers": "IPython 입력 변환기 (input transformer)",
    "ast_transformers": "IPython AST 변환기 (ast transformer)",
    "events": "IPython 이벤트 훅 (event hook)",
    "os._exit": "os._exit 교체",
    "ndarray.__eq__": "ndarray.__eq__ 교체",
}


@dataclass
class CellResult:
    """status: ok | error | timeout | dead | skipped."""

    status: str
    ename: str = ""
    evalue: str = ""
    seconds: float = 0.0
    kernel_lost: bool = False  # kept for old results; a lost sandbox is restarted
    chain: tuple[str, ...] = ()  # exception types in __cause__/__context__ order
    after_tampering: str = ""  # the answer cell that changed the sandbox before this check ran


@dataclass
class Evaluation:
    results: list[CellResult]
    flags: list[str] = field(default_factory=list)


class InspectShim:
    """`inspect` for test code: getsource() of a student's function is its answer cell."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        return getattr(self._module, name)

    def getsource(self, obj):
        if type(obj) is RemoteObject:
            source = object.__getattribute__(obj, "_source")
            if source is None:
                raise TypeError("source code not available")
            return source
        return self._module.getsource(obj)


class Evaluator:
    def __init__(
        self,
        plan: list[PlanCell],
        timeout: float,
        config: SandboxConfig,
        path=None,
        preload=(),
        rules: CallRules | None = None,
    ):
        self.plan = plan
        self.timeout = timeout
        self.config = config
        self.submission = Path(path) if path else None
        self.preload = list(preload)
        self.rules = rules or CallRules()
        self.prelude = "\n".join(c.source for c in plan if c.role == "setup")
        self.session: Session | None = None
        self.restarts = 0
        self.replay: list[PlanCell] = []  # answers to run again in a fresh sandbox
        self.names_dirty = True
        self.student_names: set[str] = set()
        self.flags: list[str] = []
        self.tampered_by = ""  # first answer cell after which the sandbox's integrity broke
        self.namespace = trusted_namespace(self.prelude)
        self.protected = set(self.namespace)
        self.source_by_name: dict[str, str] = {}  # for inspect.getsource in test code
        for cell in plan:
            if cell.role == "answer":
                for name in defined_names(cell.source):
                    self.source_by_name.setdefault(name, cell.source)

    # ------------------------------------------------------------ sandbox

    def ensure_session(self) -> None:
        while self.session is None or not self.session.alive:
            if self.session is not None:
                self.restarts += 1
                self.note_events()
            if self.restarts > MAX_RESTARTS:
                raise SandboxLost("샌드박스 재시작 한도 초과 (too many restarts)")
            self.session = Session(self.config, self.submission, self.preload, self.rules)
            self.session.start()
            self.session.deadline = time.monotonic() + self.timeout
            self.session.value({"op": "prelude", "source": self.prelude})
            self.names_dirty = True
            self.replay_answers()

    def replay_answers(self) -> None:
        for cell in list(self.replay):
            self.session.deadline = time.monotonic() + self.timeout
            try:
                self.session.request({"op": "exec", "source": cell.source})
            except SandboxLost:
                self.replay.remove(cell)  # it no longer runs cleanly: leave it out
                return

    def close(self) -> None:
        if self.session is not None:
            if self.session.alive:
                self.session.deadline = time.monotonic() + 30
                try:
                    self.integrity()
                except SandboxLost:
                    pass
            self.note_events()
            self.session.kill()

    def note_events(self) -> None:
        for event in self.session.events if self.session else []:
            self.flag(event)

    def integrity(self) -> bool:
        """Fixed flags for what the answers changed in their process (the sandbox only says
        which of the known parts changed; nothing of its own words becomes a flag)."""
        changes = self.session.value({"op": "integrity"})
        found = False
        for change in changes if isinstance(changes, list) else []:
            key = str(change).split(":", 1)[0]
            if key in TAMPERING:
                self.flag(f"변조 흔적 (tampering): {TAMPERING[key]}")
                found = True
        return found

    def flag(self, text: str) -> None:
        if text not in self.flags and len(self.flags) < MAX_FLAGS:
            self.flags.append(text)

    # ------------------------------------------------------------ cells

    def run(self) -> Evaluation:
        """Every cell in notebook order, except that hidden test parts run last.

        So everything the feedback page may show (answer errors, visible checks' messages) is
        settled before any hidden input has entered the sandbox: student code cannot carry a
        hidden case onto its own page. Each hidden part runs in the check namespace as it was
        after its own visible part, as in the student's notebook."""
        results: list[CellResult | None] = [None] * len(self.plan)
        failed_groups: set[str] = set()
        hidden: list[tuple[int, dict]] = []
        try:
            for index, cell in enumerate(self.plan):
                if cell.hidden:
                    hidden.append((index, self.snapshot()))
                    continue
                results[index] = self.run_group_cell(cell, failed_groups)
            for index, namespace in hidden:
                cell = self.plan[index]
                results[index] = self.run_group_cell(cell, failed_groups, namespace)
        finally:
            self.close()
        return Evaluation(results, self.flags)

    def run_group_cell(self, cell: PlanCell, failed: set[str], namespace=None) -> CellResult:
        if cell.group in failed:
            return CellResult("skipped")
        result = self.run_cell(cell, namespace)
        if result.status != "ok":
            failed.add(cell.group)
        return result

    def snapshot(self) -> dict | None:
        """The check namespace as it is now (the student's names bound as of now)."""
        if self.session is None or not self.session.alive:
            return None
        if self.names_dirty:
            try:
                self.bind_names()
            except SandboxLost:
                return None
        return dict(self.namespace)

    def run_cell(self, cell: PlanCell, namespace=None) -> CellResult:
        start = time.monotonic()
        try:
            self.ensure_session()
            self.session.deadline = time.monotonic() + self.timeout
            if cell.role == "setup":
                return CellResult("ok", seconds=elapsed(start))
            if cell.role == "answer":
                return self.run_answer(cell, start)
            return self.run_test(cell, start, self.namespace_for(namespace))
        except SandboxLost as lost:
            return self.lost_result(cell, lost, start)

    def run_answer(self, cell: PlanCell, start: float) -> CellResult:
        try:
            reply, _ = self.session.request({"op": "exec", "source": cell.source})
        except SandboxLost:
            self.names_dirty = True
            raise
        self.replay.append(cell)
        self.names_dirty = True
        if not self.tampered_by and self.integrity():
            self.tampered_by = cell.ref
        if reply.get("ok"):
            return CellResult("ok", seconds=elapsed(start))
        error = reply.get("error") if isinstance(reply.get("error"), dict) else {}
        ename = str((error.get("mro") or ["?"])[0]).rpartition(".")[2]
        chain = tuple(str(n) for n in (error.get("chain") or [])[:20])
        message = str(error.get("message", ""))[:2000]
        mro = [str(n) for n in error.get("mro") or []]
        self.flag_error("MemoryError" if "builtins.MemoryError" in mro else ename)
        return CellResult("error", ename, message, elapsed(start), chain=chain)

    def namespace_for(self, saved: dict | None) -> dict:
        """A hidden part's saved namespace; after a restart, with this sandbox's names."""
        if self.names_dirty:
            self.bind_names()
        if saved is None:
            return self.namespace
        stale = [v for v in saved.values() if type(v) is RemoteObject]
        if any(object.__getattribute__(v, "_session") is not self.session for v in stale):
            saved = {k: v for k, v in saved.items() if type(v) is not RemoteObject}
            saved.update((name, self.namespace[name]) for name in self.student_names)
        return saved

    def run_test(self, cell: PlanCell, start: float, namespace: dict) -> CellResult:
        code = compile(cell.source, f"{CHECK_FILENAME}{cell.ref}>", "exec", dont_inherit=True)
        try:
            with warnings.catch_warnings(), quiet():
                warnings.simplefilter("ignore")
                exec(code, namespace)
        except SandboxLost:
            raise
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a result
            self.flag_error(type(exc).__name__)
            return CellResult(
                "error",
                type(exc).__name__,
                safe_str(exc),
                elapsed(start),
                chain=tuple(chain_of(exc)),
                after_tampering=self.tampered_by,
            )
        return CellResult("ok", seconds=elapsed(start))

    def bind_names(self) -> None:
        """Put the graded names the answers define (the solution's functions and classes)
        into the test namespace; no other name of the student's reaches the checks, so none
        can shadow a builtin, a setup import or a check's own variable."""
        for name in self.student_names:
            self.namespace.pop(name, None)
        names = self.session.value({"op": "names", "only": sorted(self.rules.graded)})
        self.student_names = set()
        for name, value in names.items() if isinstance(names, dict) else []:
            if name not in self.rules.graded or name in self.protected:
                continue
            if type(value) is RemoteObject:
                object.__setattr__(value, "_source", self.source_by_name.get(name))
                object.__setattr__(value, "_name", name)
            self.namespace[name] = value
            self.student_names.add(name)
        self.names_dirty = False

    def lost_result(self, cell: PlanCell, lost: SandboxLost, start: float) -> CellResult:
        if lost.timeout:
            self.flag(f"시간 제한 초과 (timeout): {cell.role} '{cell.ref}'")
            message = f"{self.timeout:g}초 초과 (timeout)"
            return CellResult("timeout", "Timeout", message, elapsed(start))
        self.flag(f"샌드박스 종료 (sandbox died): {cell.role} '{cell.ref}'")
        return CellResult("dead", "SandboxDied", str(lost), elapsed(start))

    def flag_error(self, ename: str) -> None:
        if ename == "MemoryError":
            self.flag("메모리 한도 초과 (memory limit)")
        elif ename in ("BlockingIOError",):
            self.flag("프로세스 수 한도 (process limit)")


def trusted_namespace(prelude: str) -> dict:
    """The grader's namespace for test code: the setup cells' imports, nothing else."""
    namespace = {"__name__": "__grader__"}
    run_imports(prelude, namespace, set(LAZY_PACKAGES))
    if "inspect" in namespace:
        namespace["inspect"] = InspectShim(namespace["inspect"])
    return namespace


@contextlib.contextmanager
def quiet():
    """Test cells print "통과: ..."; the grader's own output stays clean.

    fd 2 too: TensorFlow's C++ start-up lines when a check first imports it."""
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        with contextlib.redirect_stderr(null):
            saved = os.dup(2)
            os.dup2(null.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
                os.close(saved)


def safe_str(exc: BaseException) -> str:
    try:
        return str(exc)[:2000]
    except Exception:  # noqa: BLE001
        return "<str() failed>"


def elapsed(start: float) -> float:
    return round(time.monotonic() - start, 3)


def evaluate(
    plan: list[PlanCell], timeout: float, config: SandboxConfig, path=None, preload=(), rules=None
) -> Evaluation:
    if not plan:
        return Evaluation([])
    return Evaluator(plan, timeout, config, path, preload, rules).run()
