"""05_optimizers: the reference NumPy optimizers take the same ten steps as keras.optimizers."""

import numpy as np
import pytest
from notebook_tools import solution_namespace

keras = pytest.importorskip("keras")

SHAPES = {"W1": (4, 3), "b1": (3,), "K": (2, 3, 2), "s": (1,)}
STEPS = 10


@pytest.fixture(scope="module")
def ours():
    return solution_namespace("05_optimizers")


# name: (our class, its arguments, the Keras optimizer and its arguments), non-default values.
CASES = {
    "SGD": ("SGD", {"learning_rate": 0.07}, "SGD", {"learning_rate": 0.07}),
    "Momentum": (
        "Momentum",
        {"learning_rate": 0.03, "momentum": 0.75},
        "SGD",
        {"learning_rate": 0.03, "momentum": 0.75},
    ),
    "AdaGrad": (
        "AdaGrad",
        {"learning_rate": 0.2, "initial_accumulator_value": 0.05, "epsilon": 1e-5},
        "Adagrad",
        {"learning_rate": 0.2, "initial_accumulator_value": 0.05, "epsilon": 1e-5},
    ),
    "RMSprop": (
        "RMSprop",
        {"learning_rate": 0.02, "rho": 0.8, "epsilon": 1e-5},
        "RMSprop",
        {"learning_rate": 0.02, "rho": 0.8, "epsilon": 1e-5},
    ),
    "Adam": (
        "Adam",
        {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5},
        "Adam",
        {"learning_rate": 0.05, "beta_1": 0.8, "beta_2": 0.99, "epsilon": 1e-5},
    ),
}
DEFAULTS = {"SGD": "SGD", "AdaGrad": "Adagrad", "RMSprop": "RMSprop", "Adam": "Adam"}


def ten_steps(ours_optimizer, keras_optimizer, dtype, seed, scale=1.0):
    """(our params, Keras params) after STEPS updates with one seeded gradient sequence."""
    rng = np.random.default_rng(seed)
    params = {k: rng.normal(size=s).astype(dtype) for k, s in SHAPES.items()}
    variables = {k: keras.Variable(v.copy(), dtype=dtype, name=k) for k, v in params.items()}
    originals = dict(params)
    for _ in range(STEPS):
        grads = {k: (scale * rng.normal(size=s)).astype(dtype) for k, s in SHAPES.items()}
        ours_optimizer.update(params, grads)
        keras_optimizer.apply_gradients([(grads[k], variables[k]) for k in SHAPES])
    assert all(params[k] is originals[k] for k in SHAPES), "arrays must be updated in place"
    return params, {k: variables[k].numpy() for k in SHAPES}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(CASES))
def test_ten_steps_agree_with_keras(ours, name, dtype):
    cls, args, keras_name, keras_args = CASES[name]
    for seed, scale in [(0, 1.0), (1, 1e-3)]:  # ordinary and tiny gradients (epsilon matters)
        mine, theirs = ten_steps(
            ours[cls](**args),
            getattr(keras.optimizers, keras_name)(**keras_args),
            dtype,
            seed,
            scale,
        )
        for k in SHAPES:
            assert mine[k].dtype == np.dtype(dtype)
            np.testing.assert_allclose(mine[k], theirs[k], rtol=0, atol=1e-6, err_msg=f"{name} {k}")


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_defaults_agree_with_keras(ours, name):
    mine, theirs = ten_steps(
        ours[name](), getattr(keras.optimizers, DEFAULTS[name])(), "float32", seed=2
    )
    for k in SHAPES:
        np.testing.assert_allclose(mine[k], theirs[k], rtol=0, atol=1e-6, err_msg=f"{name} {k}")


def test_default_hyperparameters_match_keras(ours):
    for name, keras_name in DEFAULTS.items():
        config = getattr(keras.optimizers, keras_name)().get_config()
        optimizer = ours[name]()
        for key, value in vars(optimizer).items():
            if key in config:
                assert np.isclose(value, config[key]), (
                    f"{name}.{key}: {value} != Keras {config[key]}"
                )
    keras_sgd_rate = keras.optimizers.SGD().get_config()["learning_rate"]
    assert np.isclose(ours["Momentum"]().learning_rate, keras_sgd_rate)
