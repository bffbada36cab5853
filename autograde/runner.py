"""The sandbox side: runs a student's answer cells and answers the grader's requests.

Started by `remote.Session` (inside bubblewrap unless --no-sandbox) as
``python -s runner.py LIMITS_JSON``; requests arrive on fd 3, replies leave on fd 4, both in
the plain-data format of `wire` (no pickles). Everything printed goes to /dev/null. The test
code never comes here: only the inputs of the calls the grader makes.

Requests (``{"op": ...}``): prelude, exec, names, call, getattr, setattr, getitem, len, repr,
isinstance, integrity. Replies: ``{"ok": true, "value": ...}`` or ``{"ok": false, "error":
{"mro": [...], "message": ..., "chain": [...]}}``. While a call runs, student code may call a
callable of the grader's: the runner then sends ``{"op": "callback"}`` and serves requests
until the matching ``cb_result`` comes back.

Nothing here is trusted by the grader: a student can patch this module too. It only has to
work for honest code; the verdict is decided outside.
"""

import ast
import builtins
import importlib
import json
import os
import resource
import sys
import types
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from autograde import wire  # noqa: E402

MAX_HANDLES = 100_000
HIDDEN_NAMES = {"In", "Out", "exit", "quit", "get_ipython", "open"}


def set_limits(limits: dict) -> None:
    """Soft = hard limits, so student code cannot raise them again."""
    names = {
        "cpu": resource.RLIMIT_CPU,
        "memory": resource.RLIMIT_AS,
        "processes": resource.RLIMIT_NPROC,
        "file_size": resource.RLIMIT_FSIZE,
        "open_files": resource.RLIMIT_NOFILE,
        "core": resource.RLIMIT_CORE,
    }
    for key, which in names.items():
        value = limits.get(key)
        if value is None:
            continue
        _, hard = resource.getrlimit(which)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        try:
            resource.setrlimit(which, (value, value))
        except (ValueError, OSError):
            pass


def silence_output() -> None:
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)


class LazyModule(types.ModuleType):
    """A heavy module (TensorFlow, Keras, matplotlib) imported on first use only."""

    def __init__(self, fullname: str, attr: str | None, bind: tuple[dict, str]):
        super().__init__(fullname if attr is None else f"{fullname}.{attr}")
        self.__dict__["_lazy"] = (fullname, attr, bind)

    def _load(self):
        fullname, attr, (namespace, key) = self.__dict__["_lazy"]
        module = importlib.import_module(fullname)
        if attr is not None:
            try:
                module = getattr(module, attr)
            except AttributeError:
                module = importlib.import_module(f"{fullname}.{attr}")
        if fullname.split(".")[0] in ("keras", "tensorflow"):
            seed_keras()
        if namespace.get(key) is self:
            namespace[key] = module
        return module

    def __getattr__(self, name):
        return getattr(self._load(), name)

    def __dir__(self):
        return dir(self._load())


def seed_keras() -> None:
    try:
        import keras

        keras.utils.set_random_seed(0)
    except Exception:
        pass


def run_imports(source: str, namespace: dict, lazy: set[str]) -> None:
    """Run only the import statements of `source`; packages in `lazy` load on first use."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            run_import(node, namespace, lazy)


def run_import(node, namespace: dict, lazy: set[str]) -> None:
    bindings = lazy_bindings(node, lazy)
    for key, module, attr in bindings:
        namespace[key] = LazyModule(module, attr, (namespace, key))
    if isinstance(node, ast.ImportFrom):
        if not bindings:
            exec_node(node, namespace)
        return
    for alias in node.names:
        if not is_lazy(alias.name, lazy):
            exec_node(ast.Import(names=[alias]), namespace)


def is_lazy(name: str | None, lazy) -> bool:
    return bool(name) and name.split(".")[0] in lazy


def lazy_bindings(node, lazy) -> list[tuple[str, str, str | None]]:
    """(name bound, module, attribute or None) for each lazy package an import binds."""
    if isinstance(node, ast.ImportFrom):
        if node.level == 0 and is_lazy(node.module, lazy):
            return [(a.asname or a.name, node.module, a.name) for a in node.names]
        return []
    bindings = []
    for alias in node.names:
        if is_lazy(alias.name, lazy):
            key = alias.asname or alias.name.split(".")[0]
            bindings.append((key, alias.name if alias.asname else key, None))
    return bindings


def exec_node(node, namespace: dict) -> None:
    module = ast.Module(body=[node], type_ignores=[])
    exec(compile(ast.fix_missing_locations(module), "<setup>", "exec"), namespace)


class Runner:
    def __init__(self, limits: dict):
        self.limits = limits
        self.lazy = set(limits.get("lazy", []))
        self.in_fd, self.out_fd = limits["fds"]
        self.objects: dict[int, object] = {}
        self.ids: dict[int, int] = {}
        self.shell = make_shell()
        self.namespace = self.shell.user_ns
        self.baseline_names = set(self.namespace)
        self.baseline = integrity_state(self.shell)

    # ------------------------------------------------------------ protocol

    def serve(self) -> None:
        while True:
            try:
                header, blobs = wire.read_frame(self.in_fd, None)
            except wire.Closed:
                return
            self.reply(header, blobs)

    def reply(self, header: dict, blobs: list[bytes]) -> None:
        op = header.get("op")
        handler = getattr(self, f"op_{op}", None)
        try:
            if handler is None:
                raise ValueError(f"unknown op {op!r}")
            answer, out_blobs = handler(header, blobs)
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a reply
            answer, out_blobs = {"ok": False, "error": error_info(exc)}, []
        self.send(answer, out_blobs)

    def send(self, header: dict, blobs: list[bytes]) -> None:
        header["blobs"] = [len(b) for b in blobs]
        wire.write_frame(self.out_fd, header, blobs, None)

    # ------------------------------------------------------------ values

    def keep(self, value):
        key = id(value)
        if key not in self.ids:
            if len(self.objects) >= MAX_HANDLES:
                raise wire.WireError("too many objects")
            self.ids[key] = len(self.objects)
            self.objects[self.ids[key]] = value
        return {"obj": self.ids[key], "type": wire.mro_names(value)}

    def handle(self, tree):
        if "obj" in tree:
            number = tree["obj"]
            if number not in self.objects:
                raise wire.WireError("unknown object")
            return self.objects[number]
        return Callback(self, tree["cb"])

    def decoder(self, blobs):
        return wire.Decoder(blobs, self.handle)

    def encoded(self, value, refs=None, **extra):
        encoder = wire.Encoder(self.keep, refs)
        tree = encoder.encode(value)
        answer = {"ok": True, "value": tree, "coerced": encoder.coerced, **extra}
        return answer, encoder

    # ------------------------------------------------------------ ops

    def op_prelude(self, header, blobs):
        """Run the setup cells' import statements; heavy packages are bound lazily."""
        run_imports(header["source"], self.namespace, self.lazy)
        self.baseline_names = set(self.namespace)
        self.baseline = integrity_state(self.shell)
        return {"ok": True, "value": None}, []

    def op_exec(self, header, blobs):
        result = self.shell.run_cell(header["source"], store_history=True)
        error = result.error_before_exec or result.error_in_exec
        answer = {"ok": error is None, "value": None}
        if error is not None:
            answer["error"] = error_info(error)
        return answer, []

    def op_names(self, header, blobs):
        """The graded names the answer cells defined, as data or handles (modules left out)."""
        only = header.get("only")
        names = {}
        for key, value in list(self.namespace.items()):
            if key in self.baseline_names or key.startswith("_") or key in HIDDEN_NAMES:
                continue
            if isinstance(value, types.ModuleType) or (isinstance(only, list) and key not in only):
                continue
            names[key] = value
        answer, encoder = self.encoded(names)
        return answer, encoder.blobs

    def op_call(self, header, blobs):
        decoder = self.decoder(blobs)
        target = self.handle({"obj": header["target"]})
        args = decoder.decode(header["args"])
        kwargs = decoder.decode(header["kwargs"])
        before = [(i, v.copy()) for i, v in enumerate(decoder.made) if isinstance(v, np.ndarray)]
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                value = target(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - reported with the warnings
                found = [warning_info(w) for w in caught[:50]]
                return {"ok": False, "error": error_info(exc), "warnings": found}, []
        refs = {id(v): i for i, v in enumerate(decoder.made)}
        answer, encoder = self.encoded(value, refs)
        answer["after"] = after_states(encoder, decoder.made, dict(before))
        answer["warnings"] = [warning_info(w) for w in caught[:50]]
        return answer, encoder.blobs

    def op_getattr(self, header, blobs):
        target = self.handle({"obj": header["target"]})
        answer, encoder = self.encoded(getattr(target, header["name"]))
        return answer, encoder.blobs

    def op_setattr(self, header, blobs):
        target = self.handle({"obj": header["target"]})
        setattr(target, header["name"], self.decoder(blobs).decode(header["value"]))
        return {"ok": True, "value": None}, []

    def op_getitem(self, header, blobs):
        target = self.handle({"obj": header["target"]})
        answer, encoder = self.encoded(target[self.decoder(blobs).decode(header["key"])])
        return answer, encoder.blobs

    def op_len(self, header, blobs):
        return {"ok": True, "value": len(self.handle({"obj": header["target"]}))}, []

    def op_repr(self, header, blobs):
        text = repr(self.handle({"obj": header["target"]}))
        return {"ok": True, "value": str(text)[:2000]}, []

    def op_isinstance(self, header, blobs):
        obj = self.handle({"obj": header["target"]})
        cls = self.handle({"obj": header["cls"]})
        return {"ok": True, "value": bool(isinstance(obj, cls))}, []

    def op_integrity(self, header, blobs):
        return {"ok": True, "value": integrity_changes(self.baseline, self.shell)}, []


class Callback:
    """Stands for a callable of the grader's: calling it asks the grader, then waits."""

    def __init__(self, runner: Runner, number: int):
        self.runner = runner
        self.number = number

    def __call__(self, *args, **kwargs):
        encoder = wire.Encoder(self.runner.keep)
        tree = {"args": encoder.encode(list(args)), "kwargs": encoder.encode(kwargs)}
        self.runner.send({"op": "callback", "cb": self.number, **tree}, encoder.blobs)
        while True:
            header, blobs = wire.read_frame(self.runner.in_fd, None)
            if header.get("op") != "cb_result":
                self.runner.reply(header, blobs)
                continue
            if not header.get("ok"):
                raise callback_error(header.get("error"))
            return self.runner.decoder(blobs).decode(header["value"])


def callback_error(name) -> Exception:
    """The check's function failed: its builtin exception class, no message of the grader's."""
    kind = getattr(builtins, str(name), None)
    message = "검사 함수 오류 (the check's function failed)"
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        return RuntimeError(message)
    try:
        return kind(message)
    except TypeError:  # a builtin that needs other arguments (UnicodeDecodeError...)
        return RuntimeError(message)


def after_states(encoder, made: list, before: dict) -> list:
    """The state of every list/dict/array the grader sent, after the call (None = unchanged)."""
    states = []
    for index, value in enumerate(made):
        if isinstance(value, np.ndarray):
            old = before.get(index)
            same = old is not None and old.shape == value.shape and old.dtype == value.dtype
            if same and np.array_equal(old, value, equal_nan=value.dtype.kind in "fc"):
                states.append(None)
            else:
                states.append(encoder.array(value))
        else:
            states.append(encoder.container(value, 0))
    return states


def chain_of(exc: BaseException) -> list[str]:
    """Exception type names along __cause__ / __context__ (NotImplementedError inside...)."""
    chain, seen, current = [], set(), exc
    while current is not None and id(current) not in seen and len(chain) < 20:
        seen.add(id(current))
        chain.append(type(current).__name__)
        current = current.__cause__ or current.__context__
    return chain


def error_info(exc: BaseException) -> dict:
    chain = chain_of(exc)
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 - a broken __str__
        message = "<str() failed>"
    return {"mro": wire.mro_names(exc), "message": message[:2000], "chain": chain}


def warning_info(caught) -> dict:
    mro = [wire.qualified_name(k) for k in caught.category.__mro__][:10]
    return {"mro": mro, "message": str(caught.message)[:1000]}


def make_shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    return InteractiveShell.instance(config=config)


def integrity_state(shell) -> dict:
    """What student code should never change; compared after the answers ran."""
    import numpy.testing

    events = {name: len(cbs) for name, cbs in shell.events.callbacks.items()}
    return {
        "builtins": {k: id(v) for k, v in vars(builtins).items()},
        "np.testing": {k: id(getattr(numpy.testing, k, None)) for k in dir(numpy.testing)},
        "modules": {k: id(sys.modules.get(k)) for k in ("numpy", "numpy.testing", "builtins")},
        "custom_exc": bool(getattr(shell, "custom_exceptions", ())),
        "input_transformers": len(shell.input_transformers_post)
        + len(getattr(shell.input_transformer_manager, "cleanup_transforms", []))
        + len(getattr(shell.input_transformer_manager, "line_transforms", [])),
        "ast_transformers": len(shell.ast_transformers),
        "events": events,
        "os._exit": id(os._exit),
        "ndarray.__eq__": id(np.ndarray.__eq__),
    }


def integrity_changes(baseline: dict, shell) -> list[str]:
    now = integrity_state(shell)
    changes = []
    for key, old in baseline.items():
        new = now.get(key)
        if old == new:
            continue
        if isinstance(old, dict):
            keys = set(old) | {k for k in new if not k.startswith("__")}
            keys = sorted(k for k in keys if old.get(k) != new.get(k))
            if not keys:
                continue
            changes.append(f"{key}: {', '.join(map(str, keys[:5]))}")
        else:
            changes.append(key)
    return changes


def main() -> None:
    start(json.loads(sys.argv[1]) if len(sys.argv) > 1 else {})


def start(limits: dict) -> None:
    """Limits first, then serve the grader until it closes the pipe (also `forkserver.py`)."""
    for fd in limits["fds"]:
        os.set_blocking(fd, True)
    silence_output()
    set_limits(limits)
    np.random.seed(0)
    runner = Runner(limits)
    runner.send({"ok": True, "value": "ready"}, [])
    runner.serve()


if __name__ == "__main__":
    main()
