"""07_training_techniques: the reference initializers, BatchNorm, Dropout, L2 penalty and ensemble
average agree with Keras and tf.GradientTape."""

import numpy as np
import pytest
from notebook_tools import solution_namespace

tf = pytest.importorskip("tensorflow")
keras = pytest.importorskip("keras")


@pytest.fixture(scope="module")
def ours():
    return solution_namespace("07_training_techniques")


@pytest.mark.parametrize("fan_in, fan_out", [(50, 300), (784, 100), (100, 100)])
def test_initializers_match_keras(ours, fan_in, fan_out):
    """xavier_std is Keras's LecunNormal, he_std its HeNormal; GlorotNormal uses fan_avg."""
    shape = (fan_in, fan_out)
    lecun = keras.initializers.LecunNormal(seed=1)(shape).numpy()
    he = keras.initializers.HeNormal(seed=2)(shape).numpy()
    glorot = keras.initializers.GlorotNormal(seed=3)(shape).numpy()
    assert np.isclose(lecun.std(), ours["xavier_std"](fan_in), rtol=0.03)
    assert np.isclose(he.std(), ours["he_std"](fan_in), rtol=0.03)
    assert np.isclose(glorot.std(), np.sqrt(2 / (fan_in + fan_out)), rtol=0.03)
    same = np.isclose(np.sqrt(2 / (fan_in + fan_out)), ours["xavier_std"](fan_in))
    assert same == (fan_in == fan_out)
    for sample, std in [(lecun, ours["xavier_std"](fan_in)), (he, ours["he_std"](fan_in))]:
        assert np.abs(sample).max() <= 2 * std / 0.87962566103423978 * (1 + 1e-6)  # truncated


def keras_batch_norm(gamma, beta, momentum, eps):
    layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=eps, dtype="float64")
    layer.build((None, len(gamma)))
    layer.set_weights([gamma, beta, np.zeros(len(gamma)), np.ones(len(gamma))])
    return layer


@pytest.mark.parametrize(
    "n, d, momentum, eps", [(4, 3, 0.9, 1e-5), (32, 10, 0.99, 1e-3), (2, 7, 0.5, 0.1)]
)
def test_batch_norm_matches_keras_and_gradient_tape(ours, n, d, momentum, eps):
    rng = np.random.default_rng(n * d)
    gamma, beta = rng.normal(size=d), rng.normal(size=d)
    batches = [rng.normal(2.0, 3.0, size=(n, d)) for _ in range(3)]
    dout = rng.normal(size=(n, d))
    layer = keras_batch_norm(gamma, beta, momentum, eps)
    mine = ours["BatchNorm"](gamma.copy(), beta.copy(), momentum=momentum, eps=eps)
    for batch in batches:
        x = tf.Variable(batch)
        with tf.GradientTape() as tape:
            theirs = layer(x, training=True)
            objective = tf.reduce_sum(theirs * dout)
        gx, ggamma, gbeta = tape.gradient(objective, [x, layer.gamma, layer.beta])
        out = mine.forward(batch)
        dx = mine.backward(dout)
        np.testing.assert_allclose(out, theirs.numpy(), rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(dx, gx.numpy(), rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(mine.dgamma, ggamma.numpy(), rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(mine.dbeta, gbeta.numpy(), rtol=1e-6, atol=1e-12)
        np.testing.assert_allclose(mine.running_mean, layer.moving_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(mine.running_var, layer.moving_variance.numpy(), rtol=1e-12)
    x_new = rng.normal(size=(n + 1, d))
    np.testing.assert_allclose(
        mine.forward(x_new, training=False), layer(x_new, training=False).numpy(), rtol=1e-6
    )
    np.testing.assert_allclose(mine.running_mean, layer.moving_mean.numpy(), rtol=1e-12)


def test_batch_norm_float32_stays_float32(ours):
    """The notebook's networks are float32: gamma, the running statistics and the output too."""
    rng = np.random.default_rng(5)
    x = rng.normal(size=(8, 4)).astype(np.float32)
    layer = ours["BatchNorm"](np.ones(4, np.float32), np.zeros(4, np.float32))
    out = layer.forward(x)
    assert out.dtype == np.float32 and layer.running_var.dtype == np.float32
    assert layer.backward(np.ones_like(x)).dtype == np.float32


@pytest.mark.parametrize("rate", [0.1, 0.3, 0.5])
def test_dropout_follows_keras_rules(ours, rate):
    ones = np.ones((300, 40))
    keras_layer = keras.layers.Dropout(rate, seed=7)
    mine = ours["Dropout"](rate, seed=7)
    for train_out in [keras_layer(ones, training=True).numpy(), mine.forward(ones)]:
        kept = train_out != 0
        assert abs(kept.mean() - (1 - rate)) < 0.02
        np.testing.assert_allclose(train_out[kept], 1 / (1 - rate), rtol=1e-6)
    np.testing.assert_array_equal(keras_layer(ones, training=False).numpy(), ones)
    np.testing.assert_array_equal(mine.forward(ones, training=False), ones)


def test_dropout_backward_equals_gradient_tape_with_the_forward_mask(ours):
    """Keras's gradient through its own mask is our backward with that mask."""
    rng = np.random.default_rng(8)
    x, dout = rng.uniform(1, 2, size=(20, 30)), rng.normal(size=(20, 30))
    variable = tf.Variable(x)
    keras_layer = keras.layers.Dropout(0.4, seed=3, dtype="float64")
    with tf.GradientTape() as tape:
        theirs = keras_layer(variable, training=True)
        objective = tf.reduce_sum(theirs * dout)
    expected = tape.gradient(objective, variable).numpy()
    mine = ours["Dropout"](0.4)
    mine.mask = theirs.numpy() != 0  # the mask Keras drew
    np.testing.assert_allclose(mine.backward(dout), expected, rtol=1e-12)
    mine.forward(x)  # and our own mask: forward and backward agree with the tape of x * mask
    scale = tf.constant(mine.mask / 0.6)
    with tf.GradientTape() as tape:
        objective = tf.reduce_sum(variable * scale * dout)
    np.testing.assert_allclose(mine.backward(dout), tape.gradient(objective, variable), rtol=1e-12)


@pytest.mark.parametrize("lam", [0.01, 0.3])
def test_l2_penalty_is_keras_l2_of_half_lambda(ours, lam):
    rng = np.random.default_rng(9)
    weights = [rng.normal(size=(6, 5)), rng.normal(size=(5, 3))]
    keras_half = sum(float(keras.regularizers.L2(lam / 2)(W)) for W in weights)
    assert np.isclose(ours["l2_penalty"](weights, lam), keras_half, rtol=1e-6)
    assert np.isclose(
        sum(float(keras.regularizers.L2(lam)(W)) for W in weights),
        2 * ours["l2_penalty"](weights, lam),
        rtol=1e-6,
    )
    model = keras.Sequential(
        [keras.Input(shape=(6,), dtype="float64")]
        + [
            keras.layers.Dense(
                m, kernel_regularizer=keras.regularizers.L2(lam / 2), dtype="float64"
            )
            for m in (5, 3)
        ]
    )
    for layer, W in zip(model.layers, weights, strict=True):
        layer.set_weights([W, np.zeros(W.shape[1])])
    model(np.zeros((1, 6)))
    assert np.isclose(sum(float(v) for v in model.losses), ours["l2_penalty"](weights, lam))
    W = tf.Variable(weights[0])
    with tf.GradientTape() as tape:
        value = keras.regularizers.L2(lam / 2)(W)
    np.testing.assert_allclose(ours["l2_gradient"](weights[0], lam), tape.gradient(value, W), 1e-6)


def test_ensemble_average_is_keras_average(ours):
    rng = np.random.default_rng(10)
    probabilities = [rng.dirichlet(np.ones(5), size=4) for _ in range(3)]
    theirs = keras.layers.Average(dtype="float64")([tf.constant(p) for p in probabilities]).numpy()
    np.testing.assert_allclose(ours["ensemble_average"](probabilities), theirs, rtol=1e-12)
