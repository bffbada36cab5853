"""Plain-data messages between the grader and the sandbox: JSON plus .npy blobs, never pickles.

A frame on the pipe is ``b"AGW1" | header length (4 bytes) | JSON header | blobs``; the header
lists the blob sizes. Values are encoded as JSON trees in which non-JSON data is tagged, so that
every plain value comes back exactly as it left (type, dtype with byte order, shape with 0-d and
empty arrays, -0.0, nan, inf, integer widths, NumPy scalar vs Python scalar):

    {"nd": i, "dtype": d, "shape": [...]}  NumPy array: the i-th blob holds its bytes (C order)
    {"np": i, "dtype": d}  NumPy scalar (a 0-d array's bytes)   {"tuple": [...]}   tuple
    {"dict": [[k, v]...]}  dict with other keys   {"map": {k: v}}   dict with str keys
    {"float": "000000000000f87f"}  nan or ±inf: its 8 bytes   {"int": "0x..."}  1024 bits or more
    {"complex": [re, im]}  complex                {"bytes": i}       bytes, the i-th blob
    {"obj": n, "type": [qualified names of the MRO]}   an object kept on the sandbox side
    {"ref": n}             the n-th list/dict/array the peer sent in the request (identity kept)
    {"same": n}            the n-th list/dict/array of this message, again
    {"cb": n}              a function of the check cell's, called back
    {"dtype": d}  a NumPy dtype   {"sctype": d}  a NumPy scalar type   {"type": "int"}  builtin

`d` is NumPy's own description of a dtype (`numpy.lib.format.dtype_to_descr`): '<f8', '>i2',
'|b1', '<U5', or the field list of a record. Only plain dtypes travel (no objects, no pointers).

Both sides decode what they receive as untrusted data: the header's size, the blobs' total, the
depth, the number of nodes and of non-string dict keys are capped, arrays must match their blob
byte for byte (so decoding allocates no more than was sent), and decoding stops at the deadline.
This module is imported inside the sandbox too, so it needs nothing but NumPy.
"""

import builtins
import json
import math
import os
import select
import struct
import time

import numpy as np

MAGIC = b"AGW1"
MAX_HEADER = 16 * 1024 * 1024  # the JSON part of one frame
MAX_FRAME = 1024 * 1024 * 1024  # all blobs of one frame (60000 x 784 float64 is 376 MB)
MAX_DEPTH = 64
MAX_ITEMS = 1_000_000  # JSON nodes decoded per message
MAX_KEYED = 2_000  # dict entries with non-string keys per message (hash collisions)
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
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
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
    sends a handle; the grader refuses everything but the check's own functions). `refs` maps
    id(obj) of the objects the peer sent to their index, so they go back as {"ref": n}. Every
    list, dict and array encoded is recorded in `order` (pre-order, as the Decoder records them
    in `made`); a second occurrence in the same message is sent as {"same": n}.
    """

    def __init__(self, keep, refs: dict[int, int] | None = None):
        self.keep = keep
        self.refs = refs or {}
        self.blobs: list[bytes] = []
        self.order: list = []
        self.memo: dict[int, int] = {}
        self.coerced = 0  # subclasses of plain types sent as their base type

    def encode(self, value, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError("값이 너무 깊습니다 (value too deep)")
        kind = type(value)
        if kind in (type(None), bool, str):
            return value
        if kind is int:
            return value if value.bit_length() < 1024 else {"int": hex(value)}
        if id(value) in self.refs:
            return {"ref": self.refs[id(value)]}
        if id(value) in self.memo:
            return {"same": self.memo[id(value)]}
        if kind is float:
            return value if math.isfinite(value) else {"float": struct.pack("<d", value).hex()}
        if kind is complex:
            return {"complex": [self.encode(value.real), self.encode(value.imag)]}
        if kind is np.ndarray:
            return self.array(value)
        if isinstance(value, np.generic) and kind.__module__ == "numpy":
            return self.scalar(value)
        if kind in (list, tuple, dict):
            return self.container(value, depth)
        if kind is bytes:
            self.blobs.append(value)
            return {"bytes": len(self.blobs) - 1}
        if isinstance(value, np.dtype) and plain(value):
            return {"dtype": descr_of(value)}
        if isinstance(value, type) and issubclass(value, np.generic) and plain(np.dtype(value)):
            return {"sctype": descr_of(np.dtype(value))}
        if isinstance(value, type) and BUILTIN_TYPES.get(value.__name__) is value:
            return {"type": value.__name__}
        base = plain_base(value)
        if base is not None:  # e.g. a float subclass with its own __eq__
            self.coerced += 1
            return self.encode(base(value), depth)
        return self.keep(value)

    def record(self, value) -> None:
        self.memo[id(value)] = len(self.order)
        self.order.append(value)

    def array(self, value: np.ndarray):
        """Any plain array, exactly: dtype (byte order included), shape (0-d and empty too)."""
        if not plain(value.dtype):
            return self.keep(value)
        self.record(value)
        self.blobs.append(value.tobytes(order="C"))
        shape = list(value.shape)
        return {"nd": len(self.blobs) - 1, "dtype": descr_of(value.dtype), "shape": shape}

    def scalar(self, value: np.generic):
        """A NumPy scalar (np.float32(1.5), np.True_...): a 0-d array, read back as a scalar."""
        array = np.asarray(value)  # its dtype: np.bytes_(b"") is S0, its array S1
        if not plain(array.dtype):
            return self.keep(value)
        self.blobs.append(array.tobytes())
        return {"np": len(self.blobs) - 1, "dtype": descr_of(array.dtype)}

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


def plain(dtype: np.dtype) -> bool:
    """Dtypes whose bytes are the whole value: numbers, bool, dates, fixed strings, records of
    them (no objects, no pointers such as NumPy 2's variable-width StringDType)."""
    if dtype.fields is not None:
        return all(plain(field[0]) for field in dtype.fields.values())
    if dtype.subdtype is not None:
        return plain(dtype.subdtype[0])
    return dtype.kind in "biufcmMSUV" and not dtype.hasobject


def descr_of(dtype: np.dtype):
    """JSON form of a dtype: '<f8', or the field list of a record dtype."""
    return np.lib.format.dtype_to_descr(dtype)


def plain_base(value):
    """The plain type a subclass instance derives from (float for a float subclass), or None."""
    for base in (bool, int, float, complex, str, list, tuple, dict, bytes):
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
    """Turn a JSON tree + blobs back into values, within bounds.

    `handle(tree)` makes the local stand-in for {"obj": ...} / {"cb": ...}; `sent` lists the
    objects this side sent in the request, for {"ref": n}. `made` collects every list, dict and
    array decoded, in order, so the sandbox can send their state back after a call.

    Whatever the peer sends, decoding allocates at most what the blobs hold (plus the JSON tree
    itself), visits at most MAX_ITEMS nodes, builds at most MAX_KEYED non-string dict keys (their
    hashes can be made to collide) and raises Timeout once `deadline` has passed.
    """

    def __init__(self, blobs: list[bytes], handle, sent: list | None = None, deadline=None):
        self.blobs = blobs
        self.handle = handle
        self.sent = sent or []
        self.made: list = []
        self.count = 0
        self.keyed = 0
        self.deadline = deadline

    def decode(self, tree, depth: int = 0):
        self.count += 1
        if depth > MAX_DEPTH or self.count > MAX_ITEMS:
            raise WireError("값이 너무 크거나 깊습니다 (value too large or deep)")
        if self.count % 1024 == 0 and self.deadline is not None:
            if time.monotonic() > self.deadline:
                raise Timeout()
        if tree is None or type(tree) in (bool, int, float, str):
            return tree
        if type(tree) is list:
            result = self.made_one([])
            result.extend(self.decode(v, depth + 1) for v in tree)
            return result
        if type(tree) is not dict or len(tree) == 0:
            raise WireError("알 수 없는 값 (unknown value)")
        tag = next(iter(tree))
        method = getattr(self, f"tag_{tag}", None) if tag in TAGS else None
        if method is None:
            raise WireError(f"알 수 없는 태그 (unknown tag): {tag!r}"[:200])
        return method(tree, depth)

    def made_one(self, value):
        self.made.append(value)
        return value

    def tag_nd(self, tree, depth):
        return self.made_one(self.array(self.blob(tree["nd"]), tree["dtype"], tree["shape"]))

    def tag_np(self, tree, depth):
        return self.array(self.blob(tree["np"]), tree["dtype"], [])[()]

    def array(self, data: bytes, descr, shape) -> np.ndarray:
        dtype = safe_dtype(descr)
        if type(shape) is not list or len(shape) > 64:
            raise WireError("잘못된 shape")
        if not all(type(n) is int and 0 <= n <= MAX_FRAME for n in shape):
            raise WireError("잘못된 shape")
        count = math.prod(shape)
        if count * dtype.itemsize != len(data) or (dtype.itemsize == 0 and count > MAX_ITEMS):
            raise WireError("배열 크기가 맞지 않습니다 (array size mismatch)")
        if dtype.itemsize == 0:
            return np.empty(shape, dtype)
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()

    def tag_bytes(self, tree, depth):
        return self.blob(tree["bytes"])

    def blob(self, index):
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise WireError("잘못된 blob 번호 (bad blob index)")
        return self.blobs[index]

    def tag_int(self, tree, depth):
        text = tree["int"]
        if type(text) is not str or len(text) > 1 << 16:
            raise WireError("잘못된 int")
        return int(text, 16)

    def tag_float(self, tree, depth):
        """nan (sign and payload kept) and ±inf, as the 8 bytes of a double."""
        text = tree["float"]
        if type(text) is not str or len(text) != 16:
            raise WireError("잘못된 float")
        try:
            (value,) = struct.unpack("<d", bytes.fromhex(text))
        except ValueError as exc:
            raise WireError("잘못된 float") from exc
        return value

    def tag_complex(self, tree, depth):
        real, imag = (self.decode(v, depth + 1) for v in pair(tree["complex"]))
        if type(real) is not float or type(imag) is not float:
            raise WireError("잘못된 complex")
        return complex(real, imag)

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
        for item in as_list(tree["dict"]):
            self.keyed += 1
            if self.keyed > MAX_KEYED:
                raise WireError("dict 키가 너무 많습니다 (too many keys)")
            key, value = pair(item)
            key = self.decode(key, depth + 1)
            if not hashable_key(key):
                raise WireError("잘못된 dict 키 (bad key)")
            result[key] = self.decode(value, depth + 1)
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
        return safe_dtype(tree["dtype"])

    def tag_sctype(self, tree, depth):
        dtype = safe_dtype(tree["sctype"])
        if dtype.fields is not None or dtype.subdtype is not None:
            raise WireError("잘못된 scalar type")
        return dtype.type

    def tag_type(self, tree, depth):
        kind = BUILTIN_TYPES.get(tree["type"])
        if kind is None:
            raise WireError("알 수 없는 타입 (unknown type)")
        return kind


TAGS = {n[4:] for n in dir(Decoder) if n.startswith("tag_")}


def hashable_key(key) -> bool:
    """Keys of plain types only: their __hash__ and __eq__ are the builtin ones."""
    if type(key) is tuple:
        return all(hashable_key(k) for k in key)
    return type(key) in (type(None), bool, int, float, complex, str, bytes) or isinstance(
        key, np.generic
    )


def as_list(value) -> list:
    if type(value) is not list:
        raise WireError("목록이 아닙니다 (not a list)")
    return value


def pair(value) -> list:
    if type(value) is not list or len(value) != 2:
        raise WireError("잘못된 쌍 (not a pair)")
    return value


def safe_dtype(descr) -> np.dtype:
    """A plain dtype from its JSON form (refuses objects, pointers and nonsense)."""
    try:
        dtype = np.lib.format.descr_to_dtype(descr_from_json(descr, 0))
    except (TypeError, ValueError, KeyError, IndexError, RecursionError) as exc:
        raise WireError(f"잘못된 dtype: {descr!r}"[:200]) from exc
    if not plain(dtype):
        raise WireError("object dtype 은 받지 않습니다")
    return dtype


def descr_from_json(descr, depth: int):
    """JSON lists back into the tuples of NumPy's dtype description."""
    if type(descr) is str:
        return descr
    if type(descr) is not list or len(descr) > 256 or depth > 8:
        raise TypeError("bad descr")
    fields = []
    for field in descr:
        if type(field) is not list or len(field) not in (2, 3):
            raise TypeError("bad field")
        name = tuple(field[0]) if type(field[0]) is list else field[0]
        item = [name, descr_from_json(field[1], depth + 1)]
        if len(field) == 3:
            item.append(tuple(as_list(field[2])))
        fields.append(tuple(item))
    return fields


def builtin_class(names: list, base: type) -> type | None:
    """The first builtin subclass of `base` among qualified MRO names ('builtins.ValueError')."""
    for name in names if isinstance(names, list) else []:
        module, _, short = str(name).rpartition(".")
        kind = getattr(builtins, short, None) if module == "builtins" else None
        if isinstance(kind, type) and issubclass(kind, base):
            return kind
    return None
