"""04_cross_entropy: the reference answers agree with Keras and never overflow.

The solution's setup and answer cells run in this process (solution_namespace); each loss is
compared with the matching keras.losses function (mean over samples, float64 inputs so that Keras
clips with the same epsilon in the same precision) on random inputs and on edge cases.
"""

import warnings

import numpy as np
import pytest
from notebook_tools import solution_namespace

TOLERANCE = 1e-6


@pytest.fixture(scope="module")
def ns():
    return solution_namespace("04_cross_entropy")


@pytest.fixture(scope="module")
def keras(ns):
    return ns["keras"]


def keras_mean(keras, loss, y, p):
    return float(np.mean(keras.ops.convert_to_numpy(loss(y, p))))


def agrees(keras, ours, loss, y, p):
    return abs(ours - keras_mean(keras, loss, y, p)) < TOLERANCE


def random_probabilities(rng, n, k):
    p = np.exp(rng.normal(scale=2.0, size=(n, k)))
    return p / p.sum(axis=1, keepdims=True)


def test_clipping_matches_keras_epsilon(keras):
    assert keras.config.epsilon() == 1e-7


@pytest.mark.parametrize("seed", range(5))
def test_binary_cross_entropy_matches_keras(ns, keras, seed):
    rng = np.random.default_rng(seed)
    for shape in [(1,), (17,), (8, 1), (4, 3)]:
        y = rng.integers(0, 2, size=shape).astype(float)
        p = rng.uniform(0, 1, size=shape)
        ours = ns["binary_cross_entropy"](y, p)
        theirs = keras_mean(keras, keras.losses.binary_crossentropy, y, p)
        assert abs(ours - theirs) < TOLERANCE, (shape, ours, theirs)


@pytest.mark.parametrize(
    "y, p",
    [
        ([1, 0, 1, 0], [1.0, 0.0, 0.0, 1.0]),  # certain and right, certain and wrong
        ([1, 1], [1.0, 1.0]),
        ([0, 0, 1], [0.0, 0.0, 0.0]),
        ([1, 1, 1, 0, 0, 1, 1, 0], [0.94, 0.90, 0.78, 0.56, 0.51, 0.47, 0.32, 0.10]),
    ],
)
def test_binary_cross_entropy_edges_match_keras(ns, keras, y, p):
    y, p = np.array(y, dtype=float), np.array(p, dtype=float)
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        ours = ns["binary_cross_entropy"](y, p)
    assert np.isfinite(ours)
    assert abs(ours - keras_mean(keras, keras.losses.binary_crossentropy, y, p)) < TOLERANCE


def test_slide_table_is_0_4937_not_0_214(ns):
    y = np.array([1, 1, 1, 0, 0, 1, 1, 0], dtype=float)
    p = np.array([0.94, 0.90, 0.78, 0.56, 0.51, 0.47, 0.32, 0.10])
    value = ns["binary_cross_entropy"](y, p)
    corrected = np.where(y == 1, p, 1 - p)
    assert round(value, 4) == 0.4937
    assert round(-np.mean(np.log10(corrected)), 3) == 0.214
    assert round(-np.mean(np.log10(corrected)) * np.log(10), 4) == 0.4937


@pytest.mark.parametrize("seed", range(5))
def test_categorical_and_sparse_match_keras(ns, keras, seed):
    rng = np.random.default_rng(100 + seed)
    for n, k in [(1, 2), (10, 3), (64, 10), (5, 24)]:
        labels = rng.integers(0, k, size=n)
        onehot = np.eye(k)[labels]
        p = random_probabilities(rng, n, k)
        cce = ns["categorical_cross_entropy"](onehot, p)
        scce = ns["sparse_categorical_cross_entropy"](labels, p)
        assert agrees(keras, cce, keras.losses.categorical_crossentropy, onehot, p)
        assert agrees(keras, scce, keras.losses.sparse_categorical_crossentropy, labels, p)
        assert abs(cce - scce) < TOLERANCE  # one-hot vs integer labels: the same loss


@pytest.mark.parametrize(
    "labels, p",
    [
        ([0, 1, 2, 2], np.eye(3)[[0, 2, 2, 1]]),  # probabilities exactly 0 and 1
        ([1], [[0.0, 1.0, 0.0]]),
        ([0], [[0.0, 1.0, 0.0]]),
        ([3, 3], [[0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.0, 1.0]]),
    ],
)
def test_categorical_and_sparse_edges_match_keras(ns, keras, labels, p):
    labels, p = np.array(labels), np.array(p, dtype=float)
    onehot = np.eye(p.shape[1])[labels]
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        cce = ns["categorical_cross_entropy"](onehot, p)
        scce = ns["sparse_categorical_cross_entropy"](labels, p)
    assert np.isfinite(cce) and np.isfinite(scce)
    assert agrees(keras, cce, keras.losses.categorical_crossentropy, onehot, p)
    assert agrees(keras, scce, keras.losses.sparse_categorical_crossentropy, labels, p)


def test_sparse_rejects_one_hot_labels_like_keras(ns, keras):
    """One-hot labels are not integer labels: both refuse rather than return a number."""
    onehot, p = np.eye(3)[[0, 1]], np.full((2, 3), 1 / 3)
    with pytest.raises((ValueError, IndexError)):
        ns["sparse_categorical_cross_entropy"](onehot, p)
    with pytest.raises(ValueError):
        keras.losses.sparse_categorical_crossentropy(onehot, p)


def no_warnings(function, *args):
    """Call with every warning an error; underflow to 0 is exact rounding, not an error."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        return np.asarray(function(*args))


def test_sigmoid_never_overflows_and_matches_keras(ns, keras):
    sigmoid = ns["sigmoid"]
    z = np.array([-1000.0, -745.0, -30.0, -1.0, 0.0, 1.0, 2.0, 30.0, 745.0, 1000.0])
    out = no_warnings(sigmoid, z)
    assert np.all(np.isfinite(out)) and out[0] == 0.0 and out[-1] == 1.0
    assert np.allclose(out, keras.ops.convert_to_numpy(keras.activations.sigmoid(z)))
    assert round(float(sigmoid(1.0)), 3) == 0.731 and round(float(sigmoid(2.0)), 3) == 0.881


def test_softmax_stable_rows_sum_to_one_and_match_keras(ns, keras):
    softmax = ns["softmax"]
    one = no_warnings(softmax, np.array([1000.0, 1001.0, 1002.0]))
    assert np.allclose(one, softmax(np.array([0.0, 1.0, 2.0])))
    rows = np.array([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0], [-1000.0, -1001.0, -1002.0]])
    out = no_warnings(softmax, rows)
    assert out.shape == rows.shape and np.allclose(out.sum(axis=1), 1.0)
    assert np.allclose(out, keras.ops.convert_to_numpy(keras.activations.softmax(rows)))
    rng = np.random.default_rng(7)
    logits = rng.normal(scale=50.0, size=(16, 10))
    assert np.allclose(
        no_warnings(softmax, logits), keras.ops.convert_to_numpy(keras.activations.softmax(logits))
    )


def test_relu_matches_keras(ns, keras):
    z = np.random.default_rng(8).normal(size=(6, 5))
    before = z.copy()
    assert np.array_equal(ns["relu"](z), keras.ops.convert_to_numpy(keras.activations.relu(z)))
    assert np.array_equal(z, before)
