"""03_gradient_descent: the reference answers reproduce every errata number of the slides'
gradient-descent appendix (../shared/research/errata.md), and the slide's own update goes uphill.

Data (1, 3), (2, 5); start m = -1, b = 5; MSE is the mean (1/n) of the squared errors.
"""

import numpy as np
import pytest
from notebook_tools import solution_namespace

AID = "03_gradient_descent"
X, Y = np.array([1.0, 2.0]), np.array([3.0, 5.0])
M0, B0 = -1.0, 5.0


@pytest.fixture(scope="module")
def ns():
    return solution_namespace(AID)


def test_predictions_mse_and_rmse(ns):
    y_hat = M0 * X + B0
    assert y_hat.tolist() == [4.0, 3.0]
    assert ns["mse"](Y, y_hat) == 2.5
    assert round(ns["rmse"](Y, y_hat), 3) == 1.581
    assert round(ns["rmse"](Y, y_hat), 1) == 1.6  # the slide's rounding


def test_gradients_and_general_formulas(ns):
    assert np.allclose(ns["mse_gradients"](X, Y, M0, B0), (-3.0, -1.0))
    rng = np.random.default_rng(0)
    for m, b in rng.normal(0, 3, size=(20, 2)):
        assert np.allclose(ns["mse_gradients"](X, Y, m, b), (5 * m + 3 * b - 13, 3 * m + 2 * b - 8))


def test_gradients_match_gradient_tape(ns):
    tf = ns["tf"]
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=9), rng.normal(size=9)
    m, b = tf.Variable(0.7, dtype=tf.float64), tf.Variable(-1.2, dtype=tf.float64)
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean((y - (m * x + b)) ** 2)
    expected = [float(g) for g in tape.gradient(loss, [m, b])]
    assert np.allclose(ns["mse_gradients"](x, y, 0.7, -1.2), expected)


@pytest.mark.parametrize(
    "learning_rate, expected",
    [(0.1, (-0.7, 5.1)), (0.5, (0.5, 5.5)), (0.005, (-0.985, 5.005))],
)
def test_first_step(ns, learning_rate, expected):
    step = ns["gradient_step"](M0, B0, *ns["mse_gradients"](X, Y, M0, B0), learning_rate)
    assert np.allclose(step, expected)


def test_slide_numbers_are_wrong_and_go_uphill(ns):
    mse = ns["mse"]
    slide_dm, slide_db = 9 * M0 + 5 * B0 - 23, 5 * M0 + 3 * B0 - 13
    assert (slide_dm, slide_db) == (-7.0, -3.0)
    assert not np.allclose(ns["mse_gradients"](X, Y, M0, B0), (slide_dm, slide_db))
    slide_step = (-1.7, 5.3)  # printed as m := -1 - 7 lr, b := 5 - 3 lr with lr = 0.1
    start = mse(Y, M0 * X + B0)
    assert mse(Y, slide_step[0] * X + slide_step[1]) > start  # uphill
    ours = ns["gradient_step"](M0, B0, -3.0, -1.0, 0.1)
    assert mse(Y, ours[0] * X + ours[1]) == pytest.approx(1.825)  # downhill from 2.5


def test_descent_reaches_the_line_through_both_points(ns):
    history = ns["gradient_descent"](X, Y, M0, B0, 0.1, 1000)
    assert history.shape == (1001, 3)
    assert np.allclose(history[-1], (2.0, 1.0, 0.0), atol=1e-4)
    assert np.all(np.diff(history[:, 2]) <= 0)


def test_cost_bowl(ns):
    x = np.array([1.0, 2.0, 3.0])

    def cost(w):
        return ns["mse"](x, w * x)

    assert round(cost(0), 2) == round(cost(2), 2) == 4.67
    assert cost(1) == 0
