"""06_backprop: the reference NumPy layers agree with TensorFlow/Keras, pass the gradient check,
and train MNIST like the same Keras model."""

import numpy as np
import pytest
from notebook_tools import solution_namespace

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")


@pytest.fixture(scope="module")
def ours():
    return solution_namespace("06_backprop")


def relative_error(a, b):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    return np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-300)


def make_params(rng, d, h, k, scale=0.5):
    return {
        "W1": rng.normal(0, scale, (d, h)),
        "b1": rng.normal(0, 0.1, h),
        "W2": rng.normal(0, scale, (h, k)),
        "b2": rng.normal(0, 0.1, k),
    }


def tape_gradients(function, *arrays):
    """Value of function(*variables) and its gradients by tf.GradientTape (float64)."""
    variables = [tf.Variable(np.asarray(a, dtype=np.float64)) for a in arrays]
    with tf.GradientTape() as tape:
        value = function(*variables)
    return float(value), [g.numpy() for g in tape.gradient(value, variables)]


def test_apple_graph_matches_gradient_tape(ours):
    mul_apple, mul_tax = ours["MulLayer"](), ours["MulLayer"]()
    bill = mul_tax.forward(mul_apple.forward(100.0, 2.0), 1.1)
    d_total, d_tax = mul_tax.backward(1.0)
    d_price, d_count = mul_apple.backward(d_total)
    value, grads = tape_gradients(lambda p, n, t: p * n * t, 100.0, 2.0, 1.1)
    assert np.isclose(bill, value) and np.isclose(bill, 220)
    np.testing.assert_allclose([d_price, d_count, d_tax], grads, rtol=1e-12)
    np.testing.assert_allclose([d_price, d_count, d_tax], [2.2, 110, 200], rtol=1e-12)
    add = ours["AddLayer"]()
    assert add.forward(200.0, 450.0) == 650.0 and add.backward(1.1) == (1.1, 1.1)


@pytest.mark.parametrize("shape", [(7,), (4, 5), (2, 3, 4)])
def test_activation_layers_match_tensorflow(ours, shape):
    rng = np.random.default_rng(sum(shape))
    x = rng.normal(scale=3.0, size=shape)
    x.flat[0] = 0.0  # ReLU's gradient at 0 is 0 in TensorFlow, and in ours
    dout = rng.normal(size=shape)
    for name, tf_function in [("ReLU", tf.nn.relu), ("Sigmoid", tf.sigmoid)]:
        layer = ours[name]()
        out = layer.forward(x.copy())
        dx = layer.backward(dout)
        _, (expected_dx,) = tape_gradients(lambda v, f=tf_function: tf.reduce_sum(f(v) * dout), x)
        np.testing.assert_allclose(out, tf_function(x).numpy(), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(dx, expected_dx, rtol=1e-12, atol=1e-15, err_msg=name)


@pytest.mark.parametrize("n, d, m", [(1, 3, 2), (5, 4, 3), (32, 784, 10)])
def test_affine_matches_tensorflow(ours, n, d, m):
    rng = np.random.default_rng(n + d + m)
    x, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
    dout = rng.normal(size=(n, m))
    layer = ours["Affine"](W, b)
    out = layer.forward(x)
    dx = layer.backward(dout)
    _, (gx, gW, gb) = tape_gradients(
        lambda xv, Wv, bv: tf.reduce_sum((xv @ Wv + bv) * dout), x, W, b
    )
    np.testing.assert_allclose(out, x @ W + b, rtol=1e-12)
    for mine, theirs in [(dx, gx), (layer.dW, gW), (layer.db, gb)]:
        assert mine.shape == theirs.shape
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)


def test_affine_keeps_the_callers_arrays(ours):
    """An optimizer updates params in place; the layer must see it (no copies)."""
    W, b = np.ones((2, 2)), np.zeros(2)
    layer = ours["Affine"](W, b)
    W *= 2
    b += 1
    np.testing.assert_allclose(layer.forward(np.array([[1.0, 1.0]])), [[5.0, 5.0]])


@pytest.mark.parametrize("n, k, scale", [(1, 3, 1.0), (6, 10, 3.0), (50, 10, 10.0)])
def test_softmax_with_loss_matches_keras(ours, n, k, scale):
    rng = np.random.default_rng(n * k)
    x = rng.normal(scale=scale, size=(n, k))
    t = np.eye(k)[rng.integers(0, k, n)]
    layer = ours["SoftmaxWithLoss"]()
    loss = layer.forward(x, t)
    dx = layer.backward()
    keras_loss = keras.losses.CategoricalCrossentropy(from_logits=True)(t, x)  # float32
    assert np.isclose(loss, float(keras_loss), rtol=1e-6)
    expected, (gx,) = tape_gradients(
        lambda v: tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=t, logits=v)), x
    )
    assert np.isclose(loss, expected, rtol=1e-12)
    np.testing.assert_allclose(dx, gx, rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(dx, (tf.nn.softmax(x).numpy() - t) / n, rtol=1e-10, atol=1e-15)


def two_layer_tape(params, x, t):
    """Loss and gradients of Affine-ReLU-Affine-softmax cross-entropy by tf.GradientTape."""
    names = list(params)

    def loss(*values):
        p = dict(zip(names, values, strict=True))
        hidden = tf.nn.relu(x @ p["W1"] + p["b1"])
        scores = hidden @ p["W2"] + p["b2"]
        return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=t, logits=scores))

    value, grads = tape_gradients(loss, *params.values())
    return value, dict(zip(names, grads, strict=True))


@pytest.mark.parametrize("n, d, h, k", [(1, 3, 4, 2), (6, 5, 4, 3), (64, 784, 100, 10)])
def test_two_layer_net_gradients_equal_gradient_tape(ours, n, d, h, k):
    rng = np.random.default_rng(d + h)
    params = make_params(rng, d, h, k, scale=np.sqrt(2 / d))
    x, t = rng.normal(size=(n, d)), np.eye(k)[rng.integers(0, k, n)]
    net = ours["TwoLayerNet"]({key: value.copy() for key, value in params.items()})
    loss = net.loss(x, t)
    grads = net.gradient(x, t)
    expected_loss, expected = two_layer_tape(params, x, t)
    assert np.isclose(loss, expected_loss, rtol=1e-10)
    for key in params:
        assert grads[key].shape == params[key].shape
        assert relative_error(grads[key], expected[key]) < 1e-12, key


@pytest.mark.parametrize("seed", range(5))
def test_gradient_check_below_1e_7(ours, seed):
    """Our numerical_gradient (h = 1e-4, the notebook's default) against our backprop."""
    rng = np.random.default_rng(seed)
    n, d, h, k = [(3, 4, 5, 3), (6, 5, 4, 3), (1, 6, 8, 4), (7, 6, 8, 4), (10, 8, 6, 5)][seed]
    params = make_params(rng, d, h, k)
    x, t = rng.normal(size=(n, d)), np.eye(k)[rng.integers(0, k, n)]
    net_class, numerical_gradient = ours["TwoLayerNet"], ours["numerical_gradient"]
    grads = net_class({key: value.copy() for key, value in params.items()}).gradient(x, t)
    for key in params:
        numerical = numerical_gradient(
            lambda value, key=key: net_class({**params, key: value}).loss(x, t), params[key]
        )
        assert relative_error(grads[key], numerical) < 1e-7, key


def test_numerical_gradient_matches_gradient_tape(ours):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(3, 4))
    before = x.copy()
    numerical = ours["numerical_gradient"](lambda v: np.sum(np.tanh(v) * v**2), x)
    _, (expected,) = tape_gradients(lambda v: tf.reduce_sum(tf.tanh(v) * v**2), x)
    np.testing.assert_allclose(numerical, expected, rtol=0, atol=1e-7)
    np.testing.assert_array_equal(x, before)


def test_training_steps_equal_keras_float64(ours):
    """Same initial weights, same batches, Adam: our network and Keras take the same steps."""
    rng = np.random.default_rng(11)
    d, h, k, n = 20, 16, 5, 40
    params = make_params(rng, d, h, k, scale=np.sqrt(2 / d))
    x, labels = rng.normal(size=(n, d)), rng.integers(0, k, n)
    t = np.eye(k)[labels]
    model = keras.Sequential(
        [
            keras.Input(shape=(d,), dtype="float64"),
            keras.layers.Dense(h, activation="relu", dtype="float64"),
            keras.layers.Dense(k, dtype="float64"),
        ]
    )
    model.set_weights([params["W1"], params["b1"], params["W2"], params["b2"]])
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.01),
        loss=keras.losses.CategoricalCrossentropy(from_logits=True, dtype="float64"),
    )
    net = ours["TwoLayerNet"]({key: value.copy() for key, value in params.items()})
    optimizer = ours["Adam"](learning_rate=0.01)
    for _ in range(3):  # three epochs of four batches of 10
        for begin in range(0, n, 10):
            batch = slice(begin, begin + 10)
            optimizer.update(net.params, net.gradient(x[batch], t[batch]))
            model.train_on_batch(x[batch], t[batch])
    # Keras computes Adam's bias correction from float32 betas (1 - 0.999 is off by 1.3e-5 in
    # float32): each step differs by about 1e-5 of the learning rate; the gradients agree to 1e-16.
    for key, theirs in zip(["W1", "b1", "W2", "b2"], model.get_weights(), strict=True):
        np.testing.assert_allclose(net.params[key], theirs, rtol=0, atol=5e-6, err_msg=key)
    assert net.accuracy(x, labels) == np.mean(np.argmax(model.predict(x, verbose=0), 1) == labels)


def test_fast_mode_training_improves_accuracy(ours, data_dir):
    """The notebook's fast mode: 2,000 MNIST images, 3 epochs, batch 100, Adam 0.001."""
    with np.load(data_dir / "mnist.npz") as data:
        x_fit = data["x_train"][:2000].reshape(2000, -1).astype(np.float32) / 255
        y_fit = data["y_train"][:2000]
        x_check = data["x_test"][:500].reshape(500, -1).astype(np.float32) / 255
        y_check = data["y_test"][:500]
    t_fit = np.eye(10, dtype=np.float32)[y_fit]
    rng = np.random.default_rng(42)
    params = {
        "W1": (rng.normal(size=(784, 100)) * np.sqrt(2 / 784)).astype(np.float32),
        "b1": np.zeros(100, dtype=np.float32),
        "W2": (rng.normal(size=(100, 10)) * np.sqrt(2 / 100)).astype(np.float32),
        "b2": np.zeros(10, dtype=np.float32),
    }
    net, optimizer = ours["TwoLayerNet"](params), ours["Adam"](learning_rate=0.001)
    before = net.accuracy(x_check, y_check)
    for epoch in range(3):
        order = np.random.default_rng(42 + epoch).permutation(2000)
        for begin in range(0, 2000, 100):
            batch = order[begin : begin + 100]
            optimizer.update(net.params, net.gradient(x_fit[batch], t_fit[batch]))
    after = net.accuracy(x_check, y_check)
    assert params["W1"].dtype == np.float32  # updated in place, still float32
    assert before < 0.2 and after > 0.8, (before, after)
