"""Plain-data messages between the grader and the sandbox: JSON plus .npy blobs, never pickles.

A frame on the pipe is ``b"AGW1" | header length (4 bytes) | JSON header | blobs``; the header
lists the blob sizes. Values are encoded as JSON trees in which non-JSON data is tagged:

    {"nd": i}              NumPy array, the i-th blob in .npy format (no object dtype)
    {"np": dtype, "v": x}  NumPy scalar          {"tuple": [...]}     tuple
    {"dict": [[k, v]...]}  dict with any keys    {"float": "nan"}     nan / inf / -inf
    {"obj": n, "type": [qualified names of the MRO]}   an object kept on the sandbox side
    {"map": {k: v}}        dict with str keys
    {"ref": n}             the n-th list/dict/array the peer sent in the request (identity kept)
    {"same": n}            the n-th list/dict/array of this message, again
    {"cb": n}              a callable of the grader's, called back
    {"dtype": "float32"}   a NumPy dtype or scalar type   {"type": "int"}   a builtin type
    {"bytes": i}           bytes, the i-th blob

Both sides decode what they receive as untrusted data: sizes, depth and counts are capped.
This module is imported inside the sandbox too, so it needs nothing but NumPy.
"""

import builtins
import io
import json
import math
import os
import select
import struct
import time

import numpy as np

MAGIC = b"AGW1"
MAX_HEADER = 64 * 1024 * 1024
MAX_FRAME = 1024 * 1024 * 1024
MAX_DEPTH = 64
MAX_ITEMS = 1_000_000
PLAIN_TYPES = (type(None), bool, int, float, str)
BUILTIN_TYPES = {"int": int, "float": float, "bool": bool, "str": str, "list": list}
BUILTIN_TYPES |= {"tuple": tuple, "dict": dict, "complex": complex, "object": object}


class WireError(Exception):
    """A frame or value that does not follow the protocol."""


class Timeout(Exception):
    """No complete frame before the deadline."""


class Closed(Exception):
    """The peer closed the pipe (or died)."""


# ---------------------------------------------------------------- frames


def write_frame(fd: int, header: dict, blobs: list[bytes], deadline: float | None) -> None:
    text = json.dumps(header, ensure_ascii=False, allow_nan=False).encode("utf-8")
    head = MAGIC + struct.pack(">I", len(text)) + text
    for part in [head, *blobs]:
        write_all(fd, memoryview(part), deadline)


def write_all(fd: int, data: memoryview, deadline: float | None) -> None:
    while len(data):
        wait(fd, "w", deadline)
        try:
            sent = os.write(fd, data[: 1 << 20])
        except BlockingIOError:
            continue
        except (BrokenPipeError, OSError) as exc:
            raise Closed(str(exc)) from exc
        data = data[sent:]


def read_frame(fd: int, deadline: float | None) -> tuple[dict, list[bytes]]:
    start = read_exact(fd, 8, deadline)
    if start[:4] != MAGIC:
        raise WireError("잘못된 프레임 (bad frame)")
    (size,) = struct.unpack(">I", start[4:])
    if size > MAX_HEADER:
        raise WireError("헤더가 너무 큽니다 (header too large)")
    try:
        header = json.loads(read_exact(fd, size, deadline).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise WireError(f"잘못된 헤더 (bad header): {exc}") from exc
    sizes = header.get("blobs", []) if isinstance(header, dict) else None
    if not isinstance(sizes, list) or not all(isinstance(s, int) and s >= 0 for s in sizes):
        raise WireError("잘못된 헤더 (bad header)")
    if sum(sizes) > MAX_FRAME:
        raise WireError("메시지가 너무 큽니다 (message too large)")
    return header, [read_exact(fd, s, deadline) for s in sizes]


def read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    buf = bytearray()
    while len(buf) < size:
        wait(fd, "r", deadline)
        try:
            chunk = os.read(fd, min(size - len(buf), 1 << 20))
        except BlockingIOError:
            continue
        except OSError as exc:
            raise Closed(str(exc)) from exc
        if not chunk:
            raise Closed("EOF")
        buf += chunk
    return bytes(buf)


def wait(fd: int, mode: str, deadline: float | None) -> None:
    timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
    if timeout is not None and timeout <= 0:
        raise Timeout()
    readers, writers = ([fd], []) if mode == "r" else ([], [fd])
    try:
        ready = select.select(readers, writers, [], timeout)
    except (OSError, ValueError) as exc:
        raise Closed(str(exc)) from exc
    if not any(ready):
        raise Timeout()


# ---------------------------------------------------------------- values


class Encoder:
    """Turn a value into a JSON tree + blobs.

    `keep(obj)` returns the tree for an object that is not plain data (the sandbox keeps it and
    sends a handle; the grader turns its callables into callbacks). `refs` maps id(obj) of the
    objects the peer sent to their index, so they go back as {"ref": n}. Every list, dict and
    array encoded is recorded in `order` (pre-order, as the Decoder records them in `made`); a
    second occurrence in the same message is sent as {"same": n}.
    """

    def __init__(self, keep, refs: dict[int, int] | None = None):
        self.keep = keep
        self.refs = refs or {}
        self.blobs: list[bytes] = []
        self.order: list = []
        self.memo: dict[int, int] = {}
        self.coerced: list[str] = []  # subclasses of plain types sent as their base type

    def encode(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError("값이 너무 깊습니다 (value too deep)")
        kind = type(value)
        if kind in (type(None), bool, int, str):
            return value
        if id(value) in self.refs:
            return {"ref": self.refs[id(value)]}
        if id(value) in self.memo:
            return {"same": self.memo[id(value)]}
        if kind is float:
            return value if math.isfinite(value) else {"float": repr(value)}
        if kind is np.ndarray:
            return self.array(value)
        if isinstance(value, np.generic) and kind.__module__ == "numpy":
            return self.scalar(value)
        if kind in (list, tuple, dict):
            return self.container(value, depth)
        if kind is bytes:
            self.blobs.append(value)
            return {"bytes": len(self.blobs) - 1}
        if isinstance(value, np.dtype):
            return {"dtype": value.str if value.names is None else "object"}
        if isinstance(value, type) and issubclass(value, np.generic):
            return {"dtype": np.dtype(value).str}
        if isinstance(value, type) and BUILTIN_TYPES.get(value.__name__) is value:
            return {"type": value.__name__}
        base = plain_base(value)
        if base is not None:  # e.g. a float subclass with its own __eq__
            self.coerced.append(qualified_name(kind))
            return self.encode(base(value), depth)
        return self.keep(value)

    def record(self, value) -> None:
        self.memo[id(value)] = len(self.order)
        self.order.append(value)

    def array(self, value: np.ndarray):
        if value.dtype.hasobject:
            return self.keep(value)
        self.record(value)
        buf = io.BytesIO()
        np.lib.format.write_array(buf, np.ascontiguousarray(value), allow_pickle=False)
        self.blobs.append(buf.getvalue())
        return {"nd": len(self.blobs) - 1}

    def scalar(self, value: np.generic):
        if value.dtype.hasobject or value.dtype.kind in "VMm":
            return self.keep(value)
        item = value.item()
        if isinstance(item, float) and not math.isfinite(item):
            item = {"float": repr(item)}
        elif isinstance(item, complex):
            item = [item.real, item.imag]
        elif isinstance(item, bytes):
            item = item.decode("latin-1")
        elif not isinstance(item, PLAIN_TYPES):
            return self.keep(value)
        return {"np": value.dtype.str, "v": item}

    def container(self, value, depth: int):
        """A list, tuple or dict's contents (also used for the state of a sent container)."""
        if len(value) > MAX_ITEMS:
            raise WireError("원소가 너무 많습니다 (too many items)")
        if isinstance(value, tuple):
            return {"tuple": [self.encode(v, depth + 1) for v in value]}
        self.record(value)
        if isinstance(value, list):
            return [self.encode(v, depth + 1) for v in value]
        if all(type(k) is str for k in value):
            return {"map": {k: self.encode(v, depth + 1) for k, v in value.items()}}
        return {
            "dict": [
                [self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()
            ]
        }


def plain_base(value):
    """The plain type a subclass instance derives from (float for a float subclass), or None."""
    for base in (bool, int, float, str, list, tuple, dict, bytes):
        if isinstance(value, base) and type(value) is not base:
            return base
    if isinstance(value, np.ndarray) and type(value) is not np.ndarray:
        return np.asarray
    return None


def qualified_name(kind: type) -> str:
    return f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__qualname__', kind.__name__)}"


def mro_names(value) -> list[str]:
    return [qualified_name(k) for k in type(value).__mro__][:20]


class Decoder:
    """Turn a JSON tree + blobs back into values.

    `handle(tree)` makes the local stand-in for {"obj": ...} / {"cb": ...}; `sent` lists the
    objects this side sent in the request, for {"ref": n}. `made` collects every list, dict and
    array decoded, in order, so the sandbox can send their state back after a call.
    """

    def __init__(self, blobs: list[bytes], handle, sent: list | None = None):
        self.blobs = blobs
        self.handle = handle
        self.sent = sent or []
        self.made: list = []
        self.count = 0

    def decode(self, tree, depth: int = 0):
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_ITEMS:
            raise WireError("값이 너무 크거나 깊습니다 (value too large or deep)")
        if tree is None or type(tree) in (bool, int, float, str):
            return tree
        if type(tree) is list:
            result = self.made_one([])
            result.extend(self.decode(v, depth + 1) for v in tree)
            return result
        if type(tree) is not dict or len(tree) == 0:
            raise WireError("알 수 없는 값 (unknown value)")
        tag = next(iter(tree))
        method = getattr(self, f"tag_{tag}", None)
        if method is None:
            raise WireError(f"알 수 없는 태그 (unknown tag): {tag!r}"[:200])
        return method(tree, depth)

    def made_one(self, value):
        self.made.append(value)
        return value

    def tag_nd(self, tree, depth):
        array = np.lib.format.read_array(io.BytesIO(self.blob(tree["nd"])), allow_pickle=False)
        return self.made_one(array)

    def tag_bytes(self, tree, depth):
        return self.blob(tree["bytes"])

    def blob(self, index):
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise WireError("잘못된 blob 번호 (bad blob index)")
        return self.blobs[index]

    def tag_np(self, tree, depth):
        dtype = safe_dtype(tree["np"])
        value = tree["v"]
        if isinstance(value, dict):
            value = float(value.get("float", "nan"))
        elif isinstance(value, list) and len(value) == 2:
            value = complex(*value)
        return dtype.type(value)

    def tag_float(self, tree, depth):
        text = tree["float"]
        if text not in ("nan", "inf", "-inf"):
            raise WireError("잘못된 float")
        return float(text)

    def tag_tuple(self, tree, depth):
        return tuple(self.decode(v, depth + 1) for v in as_list(tree["tuple"]))

    def tag_map(self, tree, depth):
        items = tree["map"]
        if type(items) is not dict:
            raise WireError("잘못된 map")
        result = self.made_one({})
        for key, value in items.items():
            result[key] = self.decode(value, depth + 1)
        return result

    def tag_dict(self, tree, depth):
        result = self.made_one({})
        for pair in as_list(tree["dict"]):
            key, value = as_list(pair)
            key = self.decode(key, depth + 1)
            try:
                result[key] = self.decode(value, depth + 1)
            except TypeError as exc:  # unhashable key
                raise WireError(f"잘못된 dict 키 (bad key): {exc}") from exc
        return result

    def tag_ref(self, tree, depth):
        index = tree["ref"]
        if type(index) is not int or not 0 <= index < len(self.sent):
            raise WireError("잘못된 참조 (bad reference)")
        return self.sent[index]

    def tag_same(self, tree, depth):
        index = tree["same"]
        if type(index) is not int or not 0 <= index < len(self.made):
            raise WireError("잘못된 참조 (bad reference)")
        return self.made[index]

    def tag_obj(self, tree, depth):
        return self.handle(tree)

    def tag_cb(self, tree, depth):
        return self.handle(tree)

    def tag_dtype(self, tree, depth):
        return safe_dtype(tree["dtype"]).type

    def tag_type(self, tree, depth):
        kind = BUILTIN_TYPES.get(tree["type"])
        if kind is None:
            raise WireError("알 수 없는 타입 (unknown type)")
        return kind


def as_list(value) -> list:
    if type(value) is not list:
        raise WireError("목록이 아닙니다 (not a list)")
    return value


def safe_dtype(text) -> np.dtype:
    try:
        dtype = np.dtype(str(text))
    except TypeError as exc:
        raise WireError(f"잘못된 dtype: {text!r}"[:200]) from exc
    if dtype.hasobject:
        raise WireError("object dtype 은 받지 않습니다")
    return dtype


def builtin_class(names: list, base: type) -> type | None:
    """The first builtin subclass of `base` among qualified MRO names ('builtins.ValueError')."""
    for name in names if isinstance(names, list) else []:
        module, _, short = str(name).rpartition(".")
        kind = getattr(builtins, short, None) if module == "builtins" else None
        if isinstance(kind, type) and issubclass(kind, base):
            return kind
    return None
