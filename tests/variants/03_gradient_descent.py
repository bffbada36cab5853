# ruff: noqa: E501
"""Correct-but-different answers for 03_gradient_descent, written the ways students write them.

Each entry of VARIANTS is one whole submission: every answer cell (grade_id -> cell source)
replaced by another correct implementation, so that every graded function has at least five.
The styles:

- passes_variant_numpy_scalar: NumPy scalars returned as they come (np.mean, np.sqrt: no
  float()), np.shape for the shape check, gradients as np.float64, a generator-built tuple for
  the step, a history preallocated with np.zeros and filled row by row;
- passes_variant_loops: Python loops and Python floats (math.sqrt), the descent built from the
  student's own mse, mse_gradients and gradient_step, the history a list of lists;
- passes_variant_zero_d: a dot product over the raveled difference, np.linalg.norm for RMSE,
  gradients returned as 0-d arrays (np.array(...)), the step done on a NumPy vector, the
  descent in matrix form (X.T @ residual with a column of ones);
- passes_variant_float32: float32 arithmetic for the errors and gradients (np.float32 results),
  the descent computed in float64 and stored in a float32 history;
- passes_variant_square_mean: np.square(...).mean() and np.subtract, np.average for the
  gradients, m -= ... on the local names in the step, a while loop stacking rows with np.vstack.

- passes_variant_sum_over_len: the task's formulas on the arrays as given, with no np.asarray:
  the sum of squares over len(y_true), the gradients as sums over len(x), the shapes compared
  with .shape.

Inputs are never changed. The checks pass one-dimensional NumPy arrays, as the tasks say, so an
answer that relies on array methods, or divides a sum by len, gets full marks.
"""

NUMPY_SCALAR = {
    "mse": '''def mse(y_true, y_pred):
    """Mean squared error (1/n) sum (y_true - y_pred)^2 as a float; ValueError if shapes differ."""
    if np.shape(y_true) != np.shape(y_pred):
        raise ValueError(f"shapes differ: {np.shape(y_true)} and {np.shape(y_pred)}")
    return np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)
''',
    "rmse": '''def rmse(y_true, y_pred):
    """Root mean squared error as a float; ValueError if the shapes differ."""
    if np.shape(y_true) != np.shape(y_pred):
        raise ValueError(f"shapes differ: {np.shape(y_true)} and {np.shape(y_pred)}")
    return np.sqrt(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))
''',
    "mse_gradients": '''def mse_gradients(x, y, m, b):
    """(dMSE/dm, dMSE/db) of MSE = mean((y - (m x + b))^2), for any data x, y."""
    x, y = np.asarray(x), np.asarray(y)
    residual = y - (m * x + b)
    return -2 * np.mean(x * residual), -2 * np.mean(residual)
''',
    "gradient_step": '''def gradient_step(m, b, dm, db, learning_rate):
    """One gradient-descent update: (m - learning_rate * dm, b - learning_rate * db)."""
    return tuple(value - learning_rate * grad for value, grad in ((m, dm), (b, db)))
''',
    "gradient_descent": '''def gradient_descent(x, y, m, b, learning_rate, epochs):
    """Full-batch gradient descent on MSE; rows (m, b, MSE): the start, then after each step."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    history = np.zeros((epochs + 1, 3))
    history[0] = m, b, np.mean((y - (m * x + b)) ** 2)
    for k in range(1, epochs + 1):
        residual = y - (m * x + b)
        m = m + learning_rate * 2 * np.mean(x * residual)
        b = b + learning_rate * 2 * np.mean(residual)
        history[k] = m, b, np.mean((y - (m * x + b)) ** 2)
    return history
''',
}

LOOPS = {
    "mse": '''def mse(y_true, y_pred):
    """Mean squared error (1/n) sum (y_true - y_pred)^2 as a float; ValueError if shapes differ."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape")
    total = 0.0
    for t, p in zip(y_true.ravel(), y_pred.ravel()):
        total += (float(t) - float(p)) ** 2
    return total / y_true.size
''',
    "rmse": '''import math


def rmse(y_true, y_pred):
    """Root mean squared error as a float; ValueError if the shapes differ."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape")
    squares = [(float(t) - float(p)) ** 2 for t, p in zip(y_true.ravel(), y_pred.ravel())]
    return math.sqrt(sum(squares) / len(squares))
''',
    "mse_gradients": '''def mse_gradients(x, y, m, b):
    """(dMSE/dm, dMSE/db) of MSE = mean((y - (m x + b))^2), for any data x, y."""
    n = len(x)
    sum_m, sum_b = 0.0, 0.0
    for x_i, y_i in zip(x, y):
        error = y_i - (m * x_i + b)
        sum_m += x_i * error
        sum_b += error
    return float(-2 / n * sum_m), float(-2 / n * sum_b)
''',
    "gradient_step": '''def gradient_step(m, b, dm, db, learning_rate):
    """One gradient-descent update: (m - learning_rate * dm, b - learning_rate * db)."""
    new_m = m - learning_rate * dm
    new_b = b - learning_rate * db
    return (new_m, new_b)
''',
    "gradient_descent": '''def gradient_descent(x, y, m, b, learning_rate, epochs):
    """Full-batch gradient descent on MSE; rows (m, b, MSE): the start, then after each step."""

    def line(m, b):
        return [m * x_i + b for x_i in x]

    history = [[m, b, mse(np.asarray(y), np.asarray(line(m, b)))]]
    for epoch in range(epochs):
        dm, db = mse_gradients(x, y, m, b)
        m, b = gradient_step(m, b, dm, db, learning_rate)
        history.append([m, b, mse(np.asarray(y), np.asarray(line(m, b)))])
    return np.array(history)
''',
}

ZERO_D = {
    "mse": '''def mse(y_true, y_pred):
    """Mean squared error (1/n) sum (y_true - y_pred)^2 as a float; ValueError if shapes differ."""
    a = np.asarray(y_true, dtype=float)
    b = np.asarray(y_pred, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"shape mismatch {a.shape} != {b.shape}")
    diff = (a - b).ravel()
    return float(diff @ diff / diff.size)
''',
    "rmse": '''def rmse(y_true, y_pred):
    """Root mean squared error as a float; ValueError if the shapes differ."""
    a = np.asarray(y_true, dtype=float)
    b = np.asarray(y_pred, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"shape mismatch {a.shape} != {b.shape}")
    return np.linalg.norm(a - b) / np.sqrt(a.size)
''',
    "mse_gradients": '''def mse_gradients(x, y, m, b):
    """(dMSE/dm, dMSE/db) of MSE = mean((y - (m x + b))^2), for any data x, y."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    n = x.size
    error = y - (m * x + b)
    dm = np.array(-2.0 / n * np.sum(x * error))
    db = np.array(-2.0 / n * np.sum(error))
    return dm, db
''',
    "gradient_step": '''def gradient_step(m, b, dm, db, learning_rate):
    """One gradient-descent update: (m - learning_rate * dm, b - learning_rate * db)."""
    params = np.array([m, b], dtype=float) - learning_rate * np.array([dm, db], dtype=float)
    return params[0], params[1]
''',
    "gradient_descent": '''def gradient_descent(x, y, m, b, learning_rate, epochs):
    """Full-batch gradient descent on MSE; rows (m, b, MSE): the start, then after each step."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    X = np.column_stack([x, np.ones_like(x)])  # (n, 2): the line is X @ [m, b]
    theta = np.array([m, b], dtype=float)
    rows = []
    for step in range(epochs + 1):
        residual = y - X @ theta
        rows.append([theta[0], theta[1], residual @ residual / len(y)])
        if step < epochs:
            theta = theta - learning_rate * (-2 / len(y)) * (X.T @ residual)
    return np.array(rows)
''',
}

FLOAT32 = {
    "mse": '''def mse(y_true, y_pred):
    """Mean squared error (1/n) sum (y_true - y_pred)^2 as a float; ValueError if shapes differ."""
    y_true = np.asarray(y_true, dtype=np.float32)
    y_pred = np.asarray(y_pred, dtype=np.float32)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"different shapes: {y_true.shape}, {y_pred.shape}")
    return np.mean((y_true - y_pred) ** 2)
''',
    "rmse": '''def rmse(y_true, y_pred):
    """Root mean squared error as a float; ValueError if the shapes differ."""
    y_true = np.asarray(y_true, dtype=np.float32)
    y_pred = np.asarray(y_pred, dtype=np.float32)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"different shapes: {y_true.shape}, {y_pred.shape}")
    return np.sqrt(np.mean((y_true - y_pred) ** 2))
''',
    "mse_gradients": '''def mse_gradients(x, y, m, b):
    """(dMSE/dm, dMSE/db) of MSE = mean((y - (m x + b))^2), for any data x, y."""
    x = np.asarray(x, dtype=np.float32)
    y = np.asarray(y, dtype=np.float32)
    error = y - (np.float32(m) * x + np.float32(b))
    return -2 * np.mean(x * error), -2 * np.mean(error)
''',
    "gradient_step": '''def gradient_step(m, b, dm, db, learning_rate):
    """One gradient-descent update: (m - learning_rate * dm, b - learning_rate * db)."""
    m_next = m - dm * learning_rate
    b_next = b - db * learning_rate
    return m_next, b_next
''',
    "gradient_descent": '''def gradient_descent(x, y, m, b, learning_rate, epochs):
    """Full-batch gradient descent on MSE; rows (m, b, MSE): the start, then after each step."""
    x, y = np.array(x, dtype=np.float64), np.array(y, dtype=np.float64)
    history = np.empty((epochs + 1, 3), dtype=np.float32)
    for k in range(epochs + 1):
        error = y - (m * x + b)
        history[k] = (m, b, np.mean(error**2))
        m, b = m + 2 * learning_rate * np.mean(x * error), b + 2 * learning_rate * np.mean(error)
    return history
''',
}

SQUARE_MEAN = {
    "mse": '''def mse(y_true, y_pred):
    """Mean squared error (1/n) sum (y_true - y_pred)^2 as a float; ValueError if shapes differ."""
    y_true, y_pred = np.array(y_true, dtype=float), np.array(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("shapes " + str(y_true.shape) + " and " + str(y_pred.shape) + " differ")
    return float(np.square(np.subtract(y_true, y_pred)).mean())
''',
    "rmse": '''def rmse(y_true, y_pred):
    """Root mean squared error as a float; ValueError if the shapes differ."""
    y_true, y_pred = np.array(y_true, dtype=float), np.array(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("shapes " + str(y_true.shape) + " and " + str(y_pred.shape) + " differ")
    return float(np.square(np.subtract(y_true, y_pred)).mean() ** 0.5)
''',
    "mse_gradients": '''def mse_gradients(x, y, m, b):
    """(dMSE/dm, dMSE/db) of MSE = mean((y - (m x + b))^2), for any data x, y."""
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    y_hat = m * x + b
    grad_m = -2 * np.average(x * (y - y_hat))
    grad_b = -2 * np.average(y - y_hat)
    return (float(grad_m), float(grad_b))
''',
    "gradient_step": '''def gradient_step(m, b, dm, db, learning_rate):
    """One gradient-descent update: (m - learning_rate * dm, b - learning_rate * db)."""
    m -= learning_rate * dm
    b -= learning_rate * db
    return m, b
''',
    "gradient_descent": '''def gradient_descent(x, y, m, b, learning_rate, epochs):
    """Full-batch gradient descent on MSE; rows (m, b, MSE): the start, then after each step."""
    x, y = np.array(x, dtype=float), np.array(y, dtype=float)
    history = np.array([[m, b, np.square(y - (m * x + b)).mean()]])
    epoch = 0
    while epoch < epochs:
        y_hat = m * x + b
        dm = -2 * np.mean(x * (y - y_hat))
        db = -2 * np.mean(y - y_hat)
        m, b = m - learning_rate * dm, b - learning_rate * db
        history = np.vstack([history, [m, b, np.square(y - (m * x + b)).mean()]])
        epoch += 1
    return history
''',
}

SUM_OVER_LEN = {
    "mse": '''def mse(y_true, y_pred):
    """Mean squared error (1/n) sum (y_true - y_pred)^2 as a float; ValueError if shapes differ."""
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape} differ")
    return float(np.sum((y_true - y_pred) ** 2) / len(y_true))
''',
    "rmse": '''def rmse(y_true, y_pred):
    """Root mean squared error as a float; ValueError if the shapes differ."""
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape} differ")
    return float(np.sqrt(np.sum((y_true - y_pred) ** 2) / len(y_true)))
''',
    "mse_gradients": '''def mse_gradients(x, y, m, b):
    """(dMSE/dm, dMSE/db) of MSE = mean((y - (m x + b))^2), for any data x, y."""
    n = len(x)
    error = y - (m * x + b)
    return -2 / n * np.sum(x * error), -2 / n * np.sum(error)
''',
    "gradient_step": '''def gradient_step(m, b, dm, db, learning_rate):
    """One gradient-descent update: (m - learning_rate * dm, b - learning_rate * db)."""
    new_m = m - learning_rate * dm
    new_b = b - learning_rate * db
    return new_m, new_b
''',
    "gradient_descent": '''def gradient_descent(x, y, m, b, learning_rate, epochs):
    """Full-batch gradient descent on MSE; rows (m, b, MSE): the start, then after each step."""
    n = len(x)
    rows = [[m, b, np.sum((y - (m * x + b)) ** 2) / n]]
    for _ in range(epochs):
        error = y - (m * x + b)
        dm, db = -2 / n * np.sum(x * error), -2 / n * np.sum(error)
        m, b = m - learning_rate * dm, b - learning_rate * db
        rows.append([m, b, np.sum((y - (m * x + b)) ** 2) / n])
    return np.array(rows)
''',
}

VARIANTS = {
    "passes_variant_numpy_scalar": NUMPY_SCALAR,
    "passes_variant_loops": LOOPS,
    "passes_variant_zero_d": ZERO_D,
    "passes_variant_float32": FLOAT32,
    "passes_variant_square_mean": SQUARE_MEAN,
    "passes_variant_sum_over_len": SUM_OVER_LEN,
}
