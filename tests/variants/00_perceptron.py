# ruff: noqa: E501
"""Correct-but-different answers for 00_perceptron, written the ways students write them.

Each entry of VARIANTS is one whole submission: every answer cell (grade_id -> cell source)
replaced by another correct implementation, so that every graded function has at least five.
The styles:

- passes_variant_where_scalar: np.where for the step (indexed with [()] so that one input gives
  a NumPy integer, not a 0-d array), gate weights from if/elif, xor as one expression, training
  through the student's own `perceptron`, np.dot in the layer, softmax with np.amax and
  [..., np.newaxis];
- passes_variant_loops: Python loops and Python ints (sum over zip for one input, a list
  comprehension for a batch), a list (w, b) from gate_weights, xor through a list of first-layer
  gates (with a debugging print of its truth table left in the cell), index loops in training,
  the layer built element by element, softmax row by row;
- passes_variant_masked: masked assignment into np.zeros (a 0-d result turned into int),
  weights scaled differently with b a 0-d array (np.asarray(-3.0): "a number" the checks read
  with np.ndim and float), in-place updates of the trainer's own w, np.einsum
  in the layer, softmax in place on its own float copy;
- passes_variant_heaviside: np.heaviside and np.einsum, NAND as -1 times AND, a bias folded into
  an augmented weight vector, np.matmul plus b[np.newaxis, :], softmax through log-sum-exp;
- passes_variant_float32: np.sign clipped with np.maximum, integer weight arrays and NumPy
  float biases, float32 layer and softmax where the checks compare with tolerances (not for
  the perceptron, whose checks compare exactly with float64).

- passes_variant_one_liners: the shortest answers, straight from the task's formulas, with no
  np.asarray: (x @ w + b > 0).astype(int), activation(X @ W + b), softmax with the arrays'
  own .max and .sum, training that reads X.shape.

Inputs are never changed. The checks pass NumPy arrays wherever the task says arrays, so an
answer that relies on array methods or on @ (lists have neither) gets full marks.
"""

# The given end of the gate_weights cell, as in the student version.
GIVEN_GATES = """
# Given: each gate is your perceptron with the weights above (nothing to change here).
def AND(x1, x2):
    return perceptron(np.array([x1, x2]), *gate_weights("AND"))


def NAND(x1, x2):
    return perceptron(np.array([x1, x2]), *gate_weights("NAND"))


def OR(x1, x2):
    return perceptron(np.array([x1, x2]), *gate_weights("OR"))
"""

WHERE_SCALAR = {
    "perceptron": '''def perceptron(x, w, b):
    """Step activation of x @ w + b: 1 where it is > 0, else 0; x is one input (d,) or a batch (n, d)."""
    z = np.asarray(x) @ np.asarray(w) + b
    return np.where(z > 0, 1, 0)[()]
''',
    "gate_weights": '''def gate_weights(gate):
    """(w, b) of one perceptron computing the logic gate "AND", "NAND" or "OR" on inputs 0/1."""
    if gate == "AND":
        w, b = np.array([0.5, 0.5]), -0.7
    elif gate == "NAND":
        w, b = np.array([-0.5, -0.5]), 0.7
    elif gate == "OR":
        w, b = np.array([0.5, 0.5]), -0.2
    else:
        raise ValueError("only AND, NAND and OR")
    return w, b

'''
    + GIVEN_GATES,
    "xor": '''def xor(x1, x2, nand=NAND, or_=OR, and_=AND):
    """XOR of two inputs 0/1 from two layers of the given gates (see the table above)."""
    return and_(nand(x1, x2), or_(x1, x2))
''',
    "train_perceptron": '''def train_perceptron(X, y, learning_rate=1.0, epochs=10):
    """Perceptron learning rule from w = 0, b = 0, one example at a time in the given order.

    Returns (w, b, errors): errors[k] is the number of examples epoch k got wrong."""
    X = np.asarray(X, dtype=float)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for epoch in range(epochs):
        count = 0
        for x_i, y_i in zip(X, y):
            error = y_i - perceptron(x_i, w, b)
            if error != 0:
                w = w + learning_rate * error * x_i
                b = b + learning_rate * error
                count += 1
        errors.append(count)
    return w, b, errors
''',
    "dense_forward": '''def dense_forward(X, W, b, activation):
    """One dense layer on a batch: activation(X @ W + b) for X (n, d), W (d, k), b (k,)."""
    return activation(np.dot(X, W) + np.asarray(b))
''',
    "softmax": '''def softmax(Z):
    """Softmax of each row of Z (n, k), or of one vector (k,); no overflow for large values."""
    Z = np.asarray(Z, dtype=np.float64)
    e = np.exp(Z - np.amax(Z, axis=-1)[..., np.newaxis])
    return e / np.sum(e, axis=-1)[..., np.newaxis]
''',
}

LOOPS = {
    "perceptron": '''def perceptron(x, w, b):
    """Step activation of x @ w + b: 1 where it is > 0, else 0; x is one input (d,) or a batch (n, d)."""

    def one(row):
        z = sum(x_j * w_j for x_j, w_j in zip(row, w)) + b
        return 1 if z > 0 else 0

    if np.ndim(x) == 1:
        return one(x)
    return np.array([one(row) for row in x], dtype=int)
''',
    "gate_weights": '''def gate_weights(gate):
    """(w, b) of one perceptron computing the logic gate "AND", "NAND" or "OR" on inputs 0/1."""
    biases = {"AND": -1.5, "OR": -0.5}
    if gate == "NAND":
        return [np.array([-1.0, -1.0]), 1.5]
    if gate not in biases:
        raise ValueError(f"no single perceptron computes {gate}")
    return [np.array([1.0, 1.0]), biases[gate]]

'''
    + GIVEN_GATES,
    "xor": '''def xor(x1, x2, nand=NAND, or_=OR, and_=AND):
    """XOR of two inputs 0/1 from two layers of the given gates (see the table above)."""
    first_layer = [nand, or_]
    hidden = [gate(x1, x2) for gate in first_layer]
    return and_(hidden[0], hidden[1])


print([xor(a, b) for a, b in [(0, 0), (1, 0), (0, 1), (1, 1)]])  # expect [0, 1, 1, 0]
''',
    "train_perceptron": '''def train_perceptron(X, y, learning_rate=1.0, epochs=10):
    """Perceptron learning rule from w = 0, b = 0, one example at a time in the given order.

    Returns (w, b, errors): errors[k] is the number of examples epoch k got wrong."""
    n, d = len(X), len(X[0])
    w = [0.0] * d
    b = 0.0
    errors = []
    for _ in range(epochs):
        wrong = 0
        for i in range(n):
            z = sum(w[j] * X[i][j] for j in range(d)) + b
            y_hat = 1 if z > 0 else 0
            if y_hat != y[i]:
                for j in range(d):
                    w[j] += learning_rate * (y[i] - y_hat) * X[i][j]
                b += learning_rate * (y[i] - y_hat)
                wrong += 1
        errors.append(wrong)
    return np.array(w), b, errors
''',
    "dense_forward": '''def dense_forward(X, W, b, activation):
    """One dense layer on a batch: activation(X @ W + b) for X (n, d), W (d, k), b (k,)."""
    X, W, b = np.asarray(X, dtype=float), np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    Z = np.empty((X.shape[0], W.shape[1]))
    for i in range(X.shape[0]):
        for j in range(W.shape[1]):
            Z[i, j] = np.sum(X[i, :] * W[:, j]) + b[j]
    return activation(Z)
''',
    "softmax": '''def softmax(Z):
    """Softmax of each row of Z (n, k), or of one vector (k,); no overflow for large values."""
    Z = np.asarray(Z, dtype=float)
    if Z.ndim == 1:
        e = np.exp(Z - Z.max())
        return e / e.sum()
    rows = []
    for row in Z:
        e = np.exp(row - row.max())
        rows.append(e / e.sum())
    return np.array(rows)
''',
}

MASKED = {
    "perceptron": '''def perceptron(x, w, b):
    """Step activation of x @ w + b: 1 where it is > 0, else 0; x is one input (d,) or a batch (n, d)."""
    x = np.asarray(x, dtype=float)
    z = x @ np.asarray(w, dtype=float) + b
    out = np.zeros(np.shape(z), dtype=int)
    out[z > 0] = 1
    if out.ndim == 0:
        return int(out)
    return out
''',
    "gate_weights": '''def gate_weights(gate):
    """(w, b) of one perceptron computing the logic gate "AND", "NAND" or "OR" on inputs 0/1."""
    if gate not in ("AND", "NAND", "OR"):
        raise ValueError(gate)
    if gate == "AND":
        return np.array([2.0, 2.0]), np.asarray(-3.0)
    if gate == "NAND":
        return np.array([-2.0, -2.0]), np.asarray(3.0)
    return np.array([2.0, 2.0]), np.asarray(-1.0)

'''
    + GIVEN_GATES,
    "xor": '''def xor(x1, x2, nand=NAND, or_=OR, and_=AND):
    """XOR of two inputs 0/1 from two layers of the given gates (see the table above)."""
    s1, s2 = nand(x1, x2), or_(x1, x2)
    y = and_(s1, s2)
    return y
''',
    "train_perceptron": '''def train_perceptron(X, y, learning_rate=1.0, epochs=10):
    """Perceptron learning rule from w = 0, b = 0, one example at a time in the given order.

    Returns (w, b, errors): errors[k] is the number of examples epoch k got wrong."""
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w = np.zeros(X.shape[1])
    b = 0.0
    errors = []
    for _ in range(epochs):
        mistakes = 0
        for i in range(len(X)):
            prediction = int(X[i] @ w + b > 0)
            delta = learning_rate * (y[i] - prediction)
            if prediction != y[i]:
                w += delta * X[i]  # w is our own array: updating it in place is fine
                b += delta
                mistakes += 1
        errors.append(mistakes)
    return w, b, errors
''',
    "dense_forward": '''def dense_forward(X, W, b, activation):
    """One dense layer on a batch: activation(X @ W + b) for X (n, d), W (d, k), b (k,)."""
    Z = np.einsum("nd,dk->nk", np.asarray(X, dtype=float), np.asarray(W, dtype=float))
    Z += np.asarray(b, dtype=float)  # Z is a new array, so adding in place is safe
    return activation(Z)
''',
    "softmax": '''def softmax(Z):
    """Softmax of each row of Z (n, k), or of one vector (k,); no overflow for large values."""
    out = np.array(Z, dtype=float)  # a copy: the input stays as it was
    out -= out.max(axis=-1, keepdims=True)
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out
''',
}

HEAVISIDE = {
    "perceptron": '''def perceptron(x, w, b):
    """Step activation of x @ w + b: 1 where it is > 0, else 0; x is one input (d,) or a batch (n, d)."""
    z = np.einsum("...d,d->...", np.asarray(x, dtype=float), np.asarray(w, dtype=float)) + b
    return np.heaviside(z, 0).astype(int)
''',
    "gate_weights": '''AND_WEIGHTS = (np.array([1.0, 1.0]), -1.2)


def gate_weights(gate):
    """(w, b) of one perceptron computing the logic gate "AND", "NAND" or "OR" on inputs 0/1."""
    w_and, b_and = AND_WEIGHTS
    if gate == "AND":
        return w_and.copy(), b_and
    if gate == "NAND":
        return -1 * w_and, -1 * b_and  # every z changes sign
    if gate == "OR":
        return w_and.copy(), -0.8
    raise ValueError(f"{gate!r} is not linearly separable or unknown")

'''
    + GIVEN_GATES,
    "xor": '''def xor(x1, x2, nand=NAND, or_=OR, and_=AND):
    """XOR of two inputs 0/1 from two layers of the given gates (see the table above)."""
    layer1 = {"s1": nand(x1, x2), "s2": or_(x1, x2)}
    return and_(layer1["s1"], layer1["s2"])
''',
    "train_perceptron": '''def train_perceptron(X, y, learning_rate=1.0, epochs=10):
    """Perceptron learning rule from w = 0, b = 0, one example at a time in the given order.

    Returns (w, b, errors): errors[k] is the number of examples epoch k got wrong."""
    X = np.asarray(X, dtype=float)
    X_aug = np.hstack([X, np.ones((X.shape[0], 1))])  # the bias as a weight on a constant 1
    wb = np.zeros(X_aug.shape[1])
    errors = []
    for _ in range(epochs):
        errors.append(0)
        for x_i, target in zip(X_aug, np.asarray(y)):
            guess = np.heaviside(x_i @ wb, 0)
            if guess != target:
                wb = wb + learning_rate * (target - guess) * x_i
                errors[-1] += 1
    return wb[:-1], wb[-1], errors
''',
    "dense_forward": '''def dense_forward(X, W, b, activation):
    """One dense layer on a batch: activation(X @ W + b) for X (n, d), W (d, k), b (k,)."""
    X, W, b = (np.asarray(a, dtype=np.float64) for a in (X, W, b))
    return activation(np.matmul(X, W) + b[np.newaxis, :])
''',
    "softmax": '''def softmax(Z):
    """Softmax of each row of Z (n, k), or of one vector (k,); no overflow for large values."""
    Z = np.asarray(Z, dtype=float)
    m = Z.max(axis=-1, keepdims=True)
    log_sum = m + np.log(np.sum(np.exp(Z - m), axis=-1, keepdims=True))
    return np.exp(Z - log_sum)
''',
}

FLOAT32 = {
    "perceptron": '''def perceptron(x, w, b):
    """Step activation of x @ w + b: 1 where it is > 0, else 0; x is one input (d,) or a batch (n, d)."""
    z = np.dot(x, w) + b
    return np.maximum(np.sign(z), 0).astype(np.int64)
''',
    "gate_weights": '''def gate_weights(gate):
    """(w, b) of one perceptron computing the logic gate "AND", "NAND" or "OR" on inputs 0/1."""
    weights = {
        "AND": (np.array([1, 1]), np.float64(-1.5)),
        "NAND": (np.array([-1, -1]), np.float64(1.5)),
        "OR": (np.array([1, 1]), np.float64(-0.5)),
    }
    try:
        return weights[gate]
    except KeyError:
        raise ValueError(f"unknown gate {gate}") from None

'''
    + GIVEN_GATES,
    "xor": '''def xor(x1, x2, nand=NAND, or_=OR, and_=AND):
    """XOR of two inputs 0/1 from two layers of the given gates (see the table above)."""
    s2 = or_(x1, x2)
    s1 = nand(x1, x2)
    return and_(s1, s2)
''',
    "train_perceptron": '''def train_perceptron(X, y, learning_rate=1.0, epochs=10):
    """Perceptron learning rule from w = 0, b = 0, one example at a time in the given order.

    Returns (w, b, errors): errors[k] is the number of examples epoch k got wrong."""
    X = np.array(X, dtype=np.float64)
    labels = np.array(y, dtype=int)
    w = np.zeros_like(X[0])
    b = np.float64(0.0)
    errors = []
    for _ in range(epochs):
        wrong = np.int64(0)
        for x_i, y_i in zip(X, labels):
            y_hat = np.int64(np.dot(x_i, w) + b > 0)
            step = learning_rate * (y_i - y_hat)
            w = w + step * x_i
            b = b + step
            wrong += y_hat != y_i
        errors.append(wrong)
    return w, b, errors
''',
    "dense_forward": '''def dense_forward(X, W, b, activation):
    """One dense layer on a batch: activation(X @ W + b) for X (n, d), W (d, k), b (k,)."""
    X = np.asarray(X, dtype=np.float32)
    W = np.asarray(W, dtype=np.float32)
    b = np.asarray(b, dtype=np.float32)
    return activation(X @ W + b)
''',
    "softmax": '''def softmax(Z):
    """Softmax of each row of Z (n, k), or of one vector (k,); no overflow for large values."""
    Z = np.asarray(Z, dtype=np.float32)
    shifted = Z - Z.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)
''',
}

ONE_LINERS = {
    "perceptron": '''def perceptron(x, w, b):
    """Step activation of x @ w + b: 1 where it is > 0, else 0; x is one input (d,) or a batch (n, d)."""
    return (x @ w + b > 0).astype(int)
''',
    "gate_weights": '''def gate_weights(gate):
    """(w, b) of one perceptron computing the logic gate "AND", "NAND" or "OR" on inputs 0/1."""
    if gate == "AND":
        return np.array([1.0, 1.0]), -1.5
    if gate == "NAND":
        return np.array([-1.0, -1.0]), 1.5
    if gate == "OR":
        return np.array([1.0, 1.0]), -0.5
    raise ValueError(gate)

'''
    + GIVEN_GATES,
    "xor": '''def xor(x1, x2, nand=NAND, or_=OR, and_=AND):
    """XOR of two inputs 0/1 from two layers of the given gates (see the table above)."""
    return and_(nand(x1, x2), or_(x1, x2))
''',
    "train_perceptron": '''def train_perceptron(X, y, learning_rate=1.0, epochs=10):
    """Perceptron learning rule from w = 0, b = 0, one example at a time in the given order.

    Returns (w, b, errors): errors[k] is the number of examples epoch k got wrong."""
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        errors.append(0)
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b > 0)
            if y_hat != y_i:
                w = w + learning_rate * (y_i - y_hat) * x_i
                b = b + learning_rate * (y_i - y_hat)
                errors[-1] += 1
    return w, b, errors
''',
    "dense_forward": '''def dense_forward(X, W, b, activation):
    """One dense layer on a batch: activation(X @ W + b) for X (n, d), W (d, k), b (k,)."""
    return activation(X @ W + b)
''',
    "softmax": '''def softmax(Z):
    """Softmax of each row of Z (n, k), or of one vector (k,); no overflow for large values."""
    e = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
''',
}

VARIANTS = {
    "passes_variant_where_scalar": WHERE_SCALAR,
    "passes_variant_loops": LOOPS,
    "passes_variant_masked": MASKED,
    "passes_variant_heaviside": HEAVISIDE,
    "passes_variant_float32": FLOAT32,
    "passes_variant_one_liners": ONE_LINERS,
}
