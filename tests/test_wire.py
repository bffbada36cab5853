"""The wire format round-trips every plain value exactly and decodes hostile frames within bounds.

Property-based (hypothesis): whatever crosses between the sandbox and the grader must come back
with the same type, dtype (byte order included), shape (0-d and empty too) and bits.
"""

import json
import os
import struct
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograde import wire


def refuse(value):
    raise AssertionError(f"not plain data: {type(value)}")


def round_trip(value):
    encoder = wire.Encoder(refuse)
    tree = encoder.encode(value)
    text = json.dumps(tree, ensure_ascii=False, allow_nan=False)  # as write_frame sends it
    return wire.Decoder(encoder.blobs, refuse).decode(json.loads(text))


def same(a, b) -> bool:
    """Exactly equal: type, dtype, shape and bytes (nan == nan, -0.0 != 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and np.asarray(a).tobytes() == np.asarray(b).tobytes()
    if isinstance(a, float):
        return struct.pack("<d", a) == struct.pack("<d", b)
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return a == b


ENDIAN = st.sampled_from(["<", ">", "="])
SCALAR_DTYPES = (
    hnp.boolean_dtypes()
    | hnp.integer_dtypes(endianness="?")
    | hnp.unsigned_integer_dtypes(endianness="?")
    | hnp.floating_dtypes(endianness="?", sizes=(16, 32, 64))
    | hnp.complex_number_dtypes(endianness="?")
    | hnp.datetime64_dtypes(endianness="?")
    | hnp.timedelta64_dtypes(endianness="?")
    | hnp.byte_string_dtypes(endianness="?")
    | hnp.unicode_string_dtypes(endianness="?")
)
DTYPES = SCALAR_DTYPES | hnp.nested_dtypes(subtype_strategy=SCALAR_DTYPES, max_itemsize=64)
SHAPES = hnp.array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4)
ARRAYS = hnp.arrays(DTYPES, SHAPES)
FLOATS = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([-0.0, 0.0, 5e-324])
PLAIN = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**3000), max_value=2**3000)
    | FLOATS
    | st.complex_numbers(allow_nan=True)
    | st.text(max_size=20)
    | st.binary(max_size=20)
)


def numpy_scalars():
    return hnp.arrays(SCALAR_DTYPES, ()).map(lambda a: a[()])


VALUES = st.recursive(
    PLAIN | ARRAYS | numpy_scalars(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        | st.dictionaries(st.integers() | st.tuples(st.integers()), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ARRAYS)
def test_arrays_round_trip_exactly(array):
    assert same(round_trip(array), array)


@settings(max_examples=300, deadline=None)
@given(numpy_scalars())
def test_numpy_scalars_stay_numpy_scalars(value):
    back = round_trip(value)
    assert same(back, value), (value, back)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(VALUES)
def test_nested_values_round_trip_exactly(value):
    assert same(round_trip(value), value)


@settings(max_examples=100, deadline=None)
@given(hnp.arrays(hnp.floating_dtypes(endianness="?"), hnp.array_shapes(min_dims=2, max_dims=3)))
def test_non_contiguous_views_round_trip_as_their_values(array):
    for view in (array.T, array[::-1], array[..., ::2], np.asfortranarray(array)):
        back = round_trip(view)
        assert back.dtype == view.dtype and back.shape == view.shape
        assert np.array_equal(back, view, equal_nan=True)


def test_the_values_named_in_the_issue():
    """0-d arrays keep shape (), so float(sigmoid(1.0)) works in the grader as in a kernel."""
    cases = [
        np.array(0.7310585786300049),
        np.array(-0.0),
        np.array(np.nan, dtype=">f4"),
        np.float32(0.5),
        np.True_,
        np.int8(-128),
        np.uint64(2**64 - 1),
        np.zeros((0, 3)),
        np.zeros((3, 0), dtype=np.int16),
        np.array([True, False]),
        np.arange(6, dtype=">i8").reshape(2, 3),
        np.longdouble("1.1"),
        -0.0,
        float("nan"),
        float("-inf"),
        2**70,
        2**5000,
        1 + 2j,
        (1, [2.0, {"a": np.array(1)}]),
        {(1, 2): "tuple key", 3: None},
    ]
    for value in cases:
        back = round_trip(value)
        assert same(back, value), (value, back)
    assert round_trip(np.array(1.5)).shape == ()
    assert float(round_trip(np.where(np.array(1.0) > 0, 1.0, 0.0))) == 1.0


def test_dtypes_and_types_round_trip():
    assert round_trip(np.dtype(">f8")) == np.dtype(">f8")
    assert isinstance(round_trip(np.dtype("f4")), np.dtype)
    assert round_trip(np.float32) is np.float32
    assert round_trip(int) is int
    record = np.dtype([("a", "<f4"), ("b", ">i2", (2,))])
    assert round_trip(record) == record


def test_objects_and_pointers_do_not_travel_as_data():
    kept = []
    encoder = wire.Encoder(lambda v: kept.append(v) or {"obj": 0})
    encoder.encode([np.array([object()]), np.array(["a"], dtype=np.dtypes.StringDType())])
    assert len(kept) == 2


def decode(tree, blobs=(), deadline=None):
    return wire.Decoder(list(blobs), refuse, deadline=deadline).decode(tree)


@pytest.mark.parametrize(
    "tree, blobs",
    [
        ({"np": 0, "dtype": "|V300000000"}, [b""]),  # 40 bytes asking for 300 MB
        ({"nd": 0, "dtype": "<f8", "shape": [10**9, 10**9]}, [b"\0" * 8]),
        ({"nd": 0, "dtype": "<f8", "shape": [2]}, [b"\0" * 8]),
        ({"nd": 0, "dtype": "|O", "shape": [1]}, [b"\0" * 8]),
        ({"nd": 0, "dtype": [["a", "|O"]], "shape": [1]}, [b"\0" * 8]),
        ({"nd": 5, "dtype": "<f8", "shape": []}, []),
        ({"int": "f" * 70000}, []),
        ({"float": "1e999"}, []),
        ({"unknown": 1}, []),
        ({"__class__": 1}, []),
        ({"dict": [[[1, 2], 3]]}, []),  # a list is no dict key
        ({"complex": ["a", 1.0]}, []),
    ],
)
def test_hostile_trees_are_refused(tree, blobs):
    with pytest.raises(wire.WireError):
        decode(tree, blobs)


def test_colliding_dict_keys_are_capped():
    """Ints that all hash to 0 make dict insertion quadratic: at most MAX_KEYED such keys."""
    prime = 2**61 - 1
    tree = {"dict": [[k * prime, 0] for k in range(wire.MAX_KEYED + 1)]}
    start = time.monotonic()
    with pytest.raises(wire.WireError):
        decode(tree)
    assert time.monotonic() - start < 2


def test_decoding_stops_at_the_deadline():
    tree = [[0] * 100 for _ in range(5000)]
    with pytest.raises(wire.Timeout):
        decode(tree, deadline=time.monotonic() - 1)


def test_deep_json_header_is_a_wire_error():
    reader, writer = os.pipe()
    text = b"[" * 100_000 + b"]" * 100_000
    os.write(writer, wire.MAGIC + struct.pack(">I", len(text)))
    pid = os.fork()
    if pid == 0:  # a child writes the rest (bigger than the pipe's buffer)
        os.write(writer, text)
        os._exit(0)
    os.close(writer)
    try:
        with pytest.raises(wire.WireError):
            wire.read_frame(reader, time.monotonic() + 10)
    finally:
        os.close(reader)
        os.waitpid(pid, 0)


def test_oversized_header_is_refused_before_reading_it():
    reader, writer = os.pipe()
    os.write(writer, wire.MAGIC + struct.pack(">I", wire.MAX_HEADER + 1))
    try:
        with pytest.raises(wire.WireError):
            wire.read_frame(reader, time.monotonic() + 5)
    finally:
        os.close(reader)
        os.close(writer)
