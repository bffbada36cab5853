"""00_perceptron: the reference answers do what the prose says.

The perceptron learning rule reaches zero errors on AND, NAND and OR and on any linearly
separable data, and never on XOR; gates and XOR match the slides' truth tables (deck 004:
x1, x2, s1 = NAND, s2 = OR, y); dense_forward equals keras.layers.Dense with the same weights;
softmax rows sum to 1 and stay finite for large inputs.
"""

import numpy as np
import pytest
from notebook_tools import solution_namespace

keras = pytest.importorskip("keras")

AID = "00_perceptron"
INPUTS = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])  # the slides' row order
TRUTH = {"AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "OR": [0, 1, 1, 1], "XOR": [0, 1, 1, 0]}


@pytest.fixture(scope="module")
def ns():
    return solution_namespace(AID)


def step(z):
    return (np.asarray(z) > 0).astype(int)


@pytest.mark.parametrize("gate", ["AND", "NAND", "OR"])
def test_gates_match_their_truth_tables(ns, gate):
    w, b = ns["gate_weights"](gate)
    assert np.asarray(ns["perceptron"](INPUTS, w, b)).tolist() == TRUTH[gate]
    assert [int(ns[gate](x1, x2)) for x1, x2 in INPUTS] == TRUTH[gate]
    # a margin: no input lies on the boundary, so the step's choice at z = 0 does not matter
    assert np.all(np.abs(INPUTS @ np.asarray(w) + b) >= 0.5)


def test_one_perceptron_cannot_be_xor(ns):
    with pytest.raises(ValueError):
        ns["gate_weights"]("XOR")
    rng = np.random.default_rng(0)
    w, b = rng.normal(size=(2, 50_000)), rng.normal(size=50_000)
    outputs = step(INPUTS @ w + b)  # (4, lines)
    assert not np.any(np.all(outputs == np.array(TRUTH["XOR"])[:, None], axis=0))


def test_xor_is_the_slides_two_layer_table(ns):
    rows = []
    for x1, x2 in INPUTS:
        s1, s2 = int(ns["NAND"](x1, x2)), int(ns["OR"](x1, x2))
        rows.append((int(x1), int(x2), s1, s2, int(ns["xor"](x1, x2))))
    assert rows == [(0, 0, 1, 0, 0), (1, 0, 1, 1, 1), (0, 1, 1, 1, 1), (1, 1, 0, 1, 0)]


@pytest.mark.parametrize("gate", ["AND", "NAND", "OR"])
def test_learning_rule_converges_on_separable_gates(ns, gate):
    w, b, errors = ns["train_perceptron"](INPUTS, TRUTH[gate], epochs=30)
    assert len(errors) == 30 and errors[-1] == 0
    first_zero = errors.index(0)
    assert all(e == 0 for e in errors[first_zero:])  # once right, nothing changes
    assert np.asarray(ns["perceptron"](INPUTS, w, b)).tolist() == TRUTH[gate]


def test_learning_rule_never_converges_on_xor(ns):
    _, _, errors = ns["train_perceptron"](INPUTS, TRUTH["XOR"], epochs=200)
    assert len(errors) == 200 and min(errors) > 0


def test_learning_rule_converges_on_any_separable_data(ns):
    rng = np.random.default_rng(1)
    for d in [1, 2, 5]:
        X = rng.normal(size=(300, d))
        w_true, b_true = rng.normal(size=d), rng.normal()
        z = X @ w_true + b_true
        keep = np.abs(z) > 0.3 * np.linalg.norm(w_true)  # a margin: convergence is guaranteed
        X, y = X[keep], (z[keep] > 0).astype(int)
        w, b, errors = ns["train_perceptron"](X, y, learning_rate=0.5, epochs=500)
        assert errors[-1] == 0, f"d = {d}: {errors[-5:]}"
        assert np.array_equal(step(X @ w + b), y)


def test_learning_rate_only_scales_the_weights(ns):
    train = ns["train_perceptron"]
    for gate in ["AND", "OR", "XOR"]:
        w1, b1, e1 = train(INPUTS, TRUTH[gate], learning_rate=1.0, epochs=12)
        w4, b4, e4 = train(INPUTS, TRUTH[gate], learning_rate=0.25, epochs=12)
        assert e1 == e4 and np.allclose(w4, w1 / 4) and np.isclose(b4, b1 / 4)


@pytest.mark.parametrize(
    "shape, activation",
    [((5, 3, 2), "linear"), ((7, 4, 3), "sigmoid"), ((1, 6, 1), "relu"), ((4, 3, 5), "softmax")],
)
def test_dense_forward_equals_keras_dense(ns, shape, activation):
    n, d, k = shape
    rng = np.random.default_rng(n * 100 + d * 10 + k)
    X, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, k)), rng.normal(size=k)
    layer = keras.layers.Dense(k, activation=activation)
    layer.build((None, d))
    layer.set_weights([W, b])  # Keras's kernel has our shape (inputs, units)
    expected = keras.ops.convert_to_numpy(layer(X.astype("float32")))
    ours = {
        "linear": lambda z: z,
        "sigmoid": lambda z: 1 / (1 + np.exp(-z)),
        "relu": lambda z: np.maximum(z, 0),
        "softmax": ns["softmax"],
    }[activation]
    got = ns["dense_forward"](X, W, b, ours)
    assert got.shape == (n, k)
    assert np.allclose(got, expected, atol=1e-5)


def test_a_single_unit_dense_layer_with_a_step_is_the_perceptron(ns):
    rng = np.random.default_rng(2)
    X, w = rng.normal(size=(20, 3)), rng.normal(size=3)
    dense = ns["dense_forward"](X, w.reshape(3, 1), np.array([0.4]), step)
    assert np.array_equal(dense[:, 0], ns["perceptron"](X, w, 0.4))


def test_softmax_rows_are_probabilities_and_stable(ns):
    softmax = ns["softmax"]
    rng = np.random.default_rng(3)
    Z = rng.normal(scale=30, size=(6, 4))
    P = softmax(Z)
    assert P.shape == (6, 4) and np.all(P >= 0)
    assert np.allclose(P.sum(axis=1), 1)
    assert np.allclose(P, keras.ops.convert_to_numpy(keras.activations.softmax(Z)))
    with np.errstate(over="raise", invalid="raise"):
        far = softmax(np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]]))
    assert np.all(np.isfinite(far)) and np.allclose(far.sum(axis=1), 1)
    assert np.allclose(far[1], far[0][::-1])
