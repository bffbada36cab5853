# ruff: noqa: E501
"""Correct-but-different answers for 06_backprop, written the ways students write them.

Each entry of VARIANTS is one whole submission: every answer cell (grade_id -> cell source)
replaced by another correct implementation, so that every graded layer, numerical_gradient,
TwoLayerNet.gradient and Adam have at least five. The given parts of each cell (docstrings,
__init__, TwoLayerNet's other methods) are as in the student version; only the bodies differ
(TEMPLATES marks each body to fill with a line "        ..."). NumPy only, as the notebook asks.
The styles:

- passes_variant_where_tuple: np.multiply/np.add, (dout, dout) for the add node, np.maximum and
  np.where(mask, 0, ...) for ReLU, the plain 1 / (1 + exp(-x)) sigmoid, np.dot in Affine,
  log-softmax with np.amax[:, np.newaxis], np.nditer with multi_index, the backward pass
  written out layer by layer, Adam iterating over grads.items();
- passes_variant_masked_copy: inputs stored as copies (a 0-d array for a scalar), np.copy(dout)
  for the add node (a 0-d array for a scalar dout), masked assignment on copies, x @ W then
  += b on the new array, softmax in place on a copy with the loss of clipped y[t == 1] (the
  clipping the notebook allows), a fresh unit step per element (x itself never moved),
  self.layers[::-1] and zip for the gradient dict, Adam with np.subtract(..., out=) and
  float64 moments;
- passes_variant_einsum_loops: np.ones_like(dout) * dout, np.clip and a zero-filled backward,
  tanh sigmoid, np.einsum in Affine, SoftmaxWithLoss row by row with math.log and the label
  from argmax, a flat index loop over x.reshape(-1), an index loop backwards, Adam element by
  element over p.flat;
- passes_variant_float_math: a tuple(...) of gradients, np.zeros_like(dout) + dout, np.putmask
  and np.less_equal, sigmoid as exp(-logaddexp(0, -x)), np.matmul with b[np.newaxis, :] and
  db = ones @ dout, log-softmax from the log-sum-exp, x.astype(np.float64) copies, the loss
  layer walked with the other layers and a getattr table, Adam in the textbook form
  (m_hat, v_hat, epsilon scaled by 1 / sqrt(1 - beta_2^t));
- passes_variant_outer_products: a generator tuple for the add node, np.select in ReLU,
  exp(min(x, 0)) / (1 + exp(-|x|)), dW as a sum of np.outer per sample, the loss from the
  log-sum-exp minus sum(t * shifted) (as .item()), itertools.product for the indices, a
  while loop over the layers, Adam with ** 0.5 and moments stored as new arrays.
"""

TEMPLATES = {
    "mul_layer": '''class MulLayer:
    """Multiply node z = x * y; backward swaps the inputs: dx = dout * y, dy = dout * x."""

    def __init__(self):
        self.x = None  # forward inputs, kept for backward
        self.y = None

    def forward(self, x, y):
        """Return x * y and remember x and y."""
        ...

    def backward(self, dout):
        """Return (dL/dx, dL/dy) from dout = dL/dz."""
        ...
''',
    "add_layer": '''class AddLayer:
    """Add node z = x + y; backward copies dout to both inputs."""

    def forward(self, x, y):
        """Return x + y (nothing to remember)."""
        ...

    def backward(self, dout):
        """Return (dL/dx, dL/dy) from dout = dL/dz."""
        ...
''',
    "relu": '''class ReLU:
    """max(0, x); backward passes dout where the forward input was positive."""

    def __init__(self):
        self.mask = None  # True where the forward input was <= 0

    def forward(self, x):
        """Return max(0, x) as a new array; remember where x <= 0."""
        ...

    def backward(self, dout):
        """Return dL/dx: dout where x > 0, 0 elsewhere."""
        ...
''',
    "sigmoid": '''class Sigmoid:
    """1 / (1 + exp(-x)); backward = dout * y * (1 - y) with the forward output y."""

    def __init__(self):
        self.out = None  # forward output y

    def forward(self, x):
        """Return sigmoid(x); remember the output."""
        ...

    def backward(self, dout):
        """Return dL/dx = dout * y * (1 - y)."""
        ...
''',
    "affine": '''class Affine:
    """Y = X @ W + b for a batch X (N, d); backward keeps dW, db and returns dX."""

    def __init__(self, W, b):
        self.W = W  # (d, m), the caller's array (an optimizer updates it in place)
        self.b = b  # (m,)
        self.x = None  # forward input (N, d)
        self.dW = None  # gradients, set by backward
        self.db = None

    def forward(self, x):
        """Return x @ W + b; remember x."""
        ...

    def backward(self, dout):
        """Set self.dW and self.db from dout (N, m); return dL/dx (N, d)."""
        ...
''',
    "softmax_with_loss": '''class SoftmaxWithLoss:
    """Softmax of the scores x (N, k) and the mean cross-entropy with one-hot t (N, k)."""

    def __init__(self):
        self.y = None  # softmax output (N, k)
        self.t = None  # one-hot labels (N, k)

    def forward(self, x, t):
        """Return the mean cross-entropy loss; remember y = softmax(x) and t."""
        ...

    def backward(self, dout=1.0):
        """Return dL/dx = dout * (y - t) / N."""
        ...
''',
    "numerical_gradient": '''def numerical_gradient(f, x, h=1e-4):
    """Central-difference gradient of the scalar function f at x (any shape), as float64."""
    ...
''',
    "two_layer_net": '''class TwoLayerNet:
    """Affine -> ReLU -> Affine -> SoftmaxWithLoss; the layers share the arrays in `params`."""

    def __init__(self, params):
        self.params = params  # {"W1": (d, h), "b1": (h,), "W2": (h, k), "b2": (k,)}
        self.layers = [
            Affine(params["W1"], params["b1"]),
            ReLU(),
            Affine(params["W2"], params["b2"]),
        ]
        self.last_layer = SoftmaxWithLoss()

    def predict(self, x):
        """Scores (N, k) for the inputs x (N, d)."""
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """Mean cross-entropy for one-hot labels t (N, k)."""
        return self.last_layer.forward(self.predict(x), t)

    def accuracy(self, x, labels):
        """Fraction of the integer labels (N,) that the network predicts."""
        return float(np.mean(np.argmax(self.predict(x), axis=1) == labels))

    def gradient(self, x, t):
        """Backpropagation: {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2} for x (N, d), t (N, k)."""
        ...
''',
    "adam": '''class Adam:
    """Adam as in keras.optimizers.Adam (bias correction folded into the learning rate)."""

    def __init__(self, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.m = None  # {name: array like the parameter}, made on the first update
        self.v = None  # same
        self.t = 0  # number of updates so far

    def update(self, params, grads):
        """Update every array in `params` in place, using the same-named array in `grads`."""
        ...
''',
}


def answers(bodies):
    """{grade_id: whole answer cell}: each "..." line of the template replaced by a body, in order."""
    cells = {}
    for grade_id, parts in bodies.items():
        template = TEMPLATES[grade_id]
        indent = "    " if grade_id == "numerical_gradient" else "        "
        pieces = template.split(indent + "...\n")
        assert len(pieces) == len(parts) + 1, grade_id
        cell = pieces[0]
        for part, rest in zip(parts, pieces[1:], strict=True):
            cell += part + rest
        cells[grade_id] = cell
    return cells


WHERE_TUPLE = {
    "mul_layer": (
        """        self.x, self.y = x, y
        return np.multiply(x, y)
""",
        """        return dout * self.y, dout * self.x
""",
    ),
    "add_layer": (
        """        return np.add(x, y)
""",
        """        return dout, dout
""",
    ),
    "relu": (
        """        self.mask = x <= 0
        return np.maximum(x, 0.0)
""",
        """        return np.where(self.mask, 0, dout)
""",
    ),
    "sigmoid": (
        """        self.out = 1 / (1 + np.exp(-x))
        return self.out
""",
        """        return dout * (1.0 - self.out) * self.out
""",
    ),
    "affine": (
        """        self.x = x
        return np.dot(x, self.W) + self.b
""",
        """        self.dW = np.dot(self.x.T, dout)
        self.db = dout.sum(axis=0)
        return np.dot(dout, self.W.T)
""",
    ),
    "softmax_with_loss": (
        """        shifted = x - np.amax(x, axis=1)[:, np.newaxis]
        log_y = shifted - np.log(np.sum(np.exp(shifted), axis=1))[:, np.newaxis]
        self.y = np.exp(log_y)
        self.t = t
        return -np.sum(t * log_y) / x.shape[0]
""",
        """        return dout * (self.y - self.t) / self.y.shape[0]
""",
    ),
    "numerical_gradient": (
        """    x = np.array(x, dtype=np.float64)
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        i = it.multi_index
        keep = x[i]
        x[i] = keep + h
        up = f(x)
        x[i] = keep - h
        down = f(x)
        x[i] = keep
        grad[i] = (up - down) / (2 * h)
        it.iternext()
    return grad
""",
    ),
    "two_layer_net": (
        """        self.loss(x, t)
        dout = self.last_layer.backward()
        dout = self.layers[2].backward(dout)
        dout = self.layers[1].backward(dout)
        self.layers[0].backward(dout)
        return {
            "W1": self.layers[0].dW,
            "b1": self.layers[0].db,
            "W2": self.layers[2].dW,
            "b2": self.layers[2].db,
        }
""",
    ),
    "adam": (
        """        if self.m is None:
            self.m = {key: np.zeros_like(params[key]) for key in params}
            self.v = {key: np.zeros_like(params[key]) for key in params}
        self.t += 1
        rate = self.learning_rate * np.sqrt(1.0 - self.beta_2**self.t) / (1.0 - self.beta_1**self.t)
        for key, grad in grads.items():
            self.m[key] = self.beta_1 * self.m[key] + (1 - self.beta_1) * grad
            self.v[key] = self.beta_2 * self.v[key] + (1 - self.beta_2) * grad * grad
            params[key] -= rate * self.m[key] / (np.sqrt(self.v[key]) + self.epsilon)
""",
    ),
}

MASKED_COPY = {
    "mul_layer": (
        """        self.x = np.copy(x)  # copies: later changes to the caller's arrays do not matter
        self.y = np.copy(y)
        return x * y
""",
        """        dx = dout * self.y
        dy = dout * self.x
        return (dx, dy)
""",
    ),
    "add_layer": (
        """        out = x + y
        return out
""",
        """        return np.copy(dout), np.copy(dout)
""",
    ),
    "relu": (
        """        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0.0
        return out
""",
        """        dx = dout.copy()
        dx[self.mask] = 0.0
        return dx
""",
    ),
    "sigmoid": (
        """        x = np.asarray(x, dtype=float)
        out = np.empty_like(x)
        positive = x >= 0
        out[positive] = 1 / (1 + np.exp(-x[positive]))
        e = np.exp(x[~positive])
        out[~positive] = e / (1 + e)
        self.out = out
        return out
""",
        """        y = self.out
        return dout * y * (1 - y)
""",
    ),
    "affine": (
        """        self.x = x.copy()
        out = x @ self.W
        out += self.b  # out is a new array, so adding in place is safe
        return out
""",
        """        self.dW = self.x.T @ dout
        self.db = np.sum(dout, axis=0)
        dx = dout @ self.W.T
        return dx
""",
    ),
    "softmax_with_loss": (
        """        y = np.array(x, dtype=float)
        y -= y.max(axis=1, keepdims=True)
        np.exp(y, out=y)
        y /= y.sum(axis=1, keepdims=True)
        self.y, self.t = y, t
        picked = np.clip(y[t == 1], 1e-7, 1 - 1e-7)  # the probability of each true class
        return float(-np.sum(np.log(picked)) / len(x))
""",
        """        n = len(self.t)
        return dout * (self.y - self.t) / n
""",
    ),
    "numerical_gradient": (
        """    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step.flat[i] = h
        grad.flat[i] = (f(x + step) - f(x - step)) / (2 * h)
    return grad
""",
    ),
    "two_layer_net": (
        """        self.loss(x, t)
        grad = self.last_layer.backward(1.0)
        for layer in self.layers[::-1]:
            grad = layer.backward(grad)
        names = ["W1", "b1", "W2", "b2"]
        values = [self.layers[0].dW, self.layers[0].db, self.layers[2].dW, self.layers[2].db]
        return dict(zip(names, values))
""",
    ),
    "adam": (
        """        if self.m is None:
            self.m = {key: np.zeros(np.shape(params[key])) for key in params}
            self.v = {key: np.zeros(np.shape(params[key])) for key in params}
        self.t += 1
        alpha = self.learning_rate * (1 - self.beta_2**self.t) ** 0.5 / (1 - self.beta_1**self.t)
        for key in params:
            g = np.asarray(grads[key], dtype=np.float64)
            np.multiply(self.m[key], self.beta_1, out=self.m[key])
            np.add(self.m[key], (1 - self.beta_1) * g, out=self.m[key])
            np.multiply(self.v[key], self.beta_2, out=self.v[key])
            np.add(self.v[key], (1 - self.beta_2) * g**2, out=self.v[key])
            step = alpha * self.m[key] / (np.sqrt(self.v[key]) + self.epsilon)
            np.subtract(params[key], step, out=params[key], casting="same_kind")
""",
    ),
}

EINSUM_LOOPS = {
    "mul_layer": (
        """        self.x = x
        self.y = y
        z = x * y
        return z
""",
        """        dx = self.y * dout
        dy = self.x * dout
        return dx, dy
""",
    ),
    "add_layer": (
        """        total = x + y
        return total
""",
        """        ones = np.ones_like(dout)
        return ones * dout, ones * dout
""",
    ),
    "relu": (
        """        self.mask = x <= 0
        return np.clip(x, 0, None)
""",
        """        dx = np.zeros_like(dout)
        dx[~self.mask] = dout[~self.mask]
        return dx
""",
    ),
    "sigmoid": (
        """        self.out = 0.5 * (1 + np.tanh(0.5 * np.asarray(x, dtype=float)))  # never overflows
        return self.out
""",
        """        return dout * (self.out - self.out**2)
""",
    ),
    "affine": (
        """        self.x = x
        return np.einsum("nd,dm->nm", x, self.W) + self.b
""",
        """        self.dW = np.einsum("nd,nm->dm", self.x, dout)
        self.db = np.einsum("nm->m", dout)
        return np.einsum("nm,dm->nd", dout, self.W)
""",
    ),
    "softmax_with_loss": (
        """        import math

        n, k = x.shape
        self.y = np.zeros((n, k))
        self.t = t
        total = 0.0
        for i in range(n):
            top = max(x[i])
            exps = [math.exp(value - top) for value in x[i]]
            norm = sum(exps)
            for j in range(k):
                self.y[i, j] = exps[j] / norm
            label = int(np.argmax(t[i]))
            total += -(x[i, label] - top - math.log(norm))
        return total / n
""",
        """        batch_size = self.t.shape[0]
        return (self.y - self.t) * (dout / batch_size)
""",
    ),
    "numerical_gradient": (
        """    x = np.array(x, dtype=np.float64)
    flat = x.reshape(-1)  # a view: changing flat changes x
    grad = np.zeros(flat.shape)
    for i in range(flat.size):
        saved = flat[i]
        flat[i] = saved + h
        f1 = f(x)
        flat[i] = saved - h
        f2 = f(x)
        flat[i] = saved
        grad[i] = (f1 - f2) / (2 * h)
    return grad.reshape(x.shape)
""",
    ),
    "two_layer_net": (
        """        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for i in range(len(self.layers) - 1, -1, -1):
            dout = self.layers[i].backward(dout)
        grads = {}
        grads["W1"], grads["b1"] = self.layers[0].dW, self.layers[0].db
        grads["W2"], grads["b2"] = self.layers[2].dW, self.layers[2].db
        return grads
""",
    ),
    "adam": (
        """        import math

        if self.m is None:
            self.m = {key: np.zeros(params[key].shape) for key in params}
            self.v = {key: np.zeros(params[key].shape) for key in params}
        self.t += 1
        b1, b2 = self.beta_1, self.beta_2
        lr_t = self.learning_rate * math.sqrt(1 - b2**self.t) / (1 - b1**self.t)
        for key in params:
            p, g = params[key], grads[key]
            m, v = self.m[key], self.v[key]
            for i in range(p.size):
                g_i = float(g.flat[i])
                m.flat[i] = b1 * m.flat[i] + (1 - b1) * g_i
                v.flat[i] = b2 * v.flat[i] + (1 - b2) * g_i * g_i
                p.flat[i] -= lr_t * m.flat[i] / (math.sqrt(v.flat[i]) + self.epsilon)
""",
    ),
}

FLOAT_MATH = {
    "mul_layer": (
        """        self.x = x
        self.y = y
        return self.x * self.y
""",
        """        return tuple([dout * self.y, dout * self.x])
""",
    ),
    "add_layer": (
        """        return y + x
""",
        """        dx = np.zeros_like(dout) + dout
        dy = np.zeros_like(dout) + dout
        return dx, dy
""",
    ),
    "relu": (
        """        self.mask = np.less_equal(x, 0)
        out = np.copy(x)
        np.putmask(out, self.mask, 0.0)
        return out
""",
        """        return np.where(~self.mask, dout, 0.0)
""",
    ),
    "sigmoid": (
        """        x = np.asarray(x, dtype=np.float64)
        self.out = np.exp(-np.logaddexp(0.0, -x))
        return self.out
""",
        """        return np.multiply(dout, self.out * (1.0 - self.out))
""",
    ),
    "affine": (
        """        self.x = x
        return np.matmul(x, self.W) + self.b[np.newaxis, :]
""",
        """        self.dW = np.matmul(self.x.T, dout)
        self.db = np.ones(dout.shape[0]) @ dout
        return np.matmul(dout, np.transpose(self.W))
""",
    ),
    "softmax_with_loss": (
        """        top = np.max(x, axis=1, keepdims=True)
        log_sum = top + np.log(np.sum(np.exp(x - top), axis=1, keepdims=True))
        log_y = x - log_sum
        self.y = np.exp(log_y)
        self.t = t
        return float(np.mean(-np.sum(t * log_y, axis=1)))
""",
        """        return dout * (self.y - self.t) / float(len(self.y))
""",
    ),
    "numerical_gradient": (
        """    x = x.astype(np.float64)  # astype makes a copy
    grad = np.zeros_like(x)
    for index in np.ndindex(*x.shape):
        old = x[index]
        x[index] = old + h
        loss_plus = f(x)
        x[index] = old - h
        loss_minus = f(x)
        grad[index] = (loss_plus - loss_minus) / (2 * h)
        x[index] = old
    return grad
""",
    ),
    "two_layer_net": (
        """        self.loss(x, t)
        dout = 1.0
        for layer in reversed(self.layers + [self.last_layer]):
            dout = layer.backward(dout)
        where = {"W1": (0, "dW"), "b1": (0, "db"), "W2": (2, "dW"), "b2": (2, "db")}
        return {name: getattr(self.layers[i], attr) for name, (i, attr) in where.items()}
""",
    ),
    "adam": (
        """        # textbook form: m_hat, v_hat and epsilon scaled so that the step equals Keras's
        if self.m is None:
            self.m, self.v = {}, {}
            for key, value in params.items():
                self.m[key] = np.zeros_like(value)
                self.v[key] = np.zeros_like(value)
        self.t += 1
        fix_1 = 1 - self.beta_1**self.t
        fix_2 = 1 - self.beta_2**self.t
        for key in params:
            g = grads[key]
            self.m[key] = self.beta_1 * self.m[key] + (1 - self.beta_1) * g
            self.v[key] = self.beta_2 * self.v[key] + (1 - self.beta_2) * np.square(g)
            m_hat, v_hat = self.m[key] / fix_1, self.v[key] / fix_2
            params[key] -= self.learning_rate * m_hat / (np.sqrt(v_hat) + self.epsilon / np.sqrt(fix_2))
""",
    ),
}

OUTER_PRODUCTS = {
    "mul_layer": (
        """        product = x * y
        self.x, self.y = x, y
        return product
""",
        """        grads = (self.y * dout, self.x * dout)
        return grads
""",
    ),
    "add_layer": (
        """        return np.add(y, x)
""",
        """        return tuple(dout for _ in range(2))
""",
    ),
    "relu": (
        """        self.mask = x <= 0
        return np.select([self.mask], [0.0], default=x)
""",
        """        return np.select([self.mask], [0.0], default=dout)
""",
    ),
    "sigmoid": (
        """        x = np.asarray(x, dtype=float)
        self.out = np.exp(np.minimum(x, 0)) / (1 + np.exp(-np.abs(x)))  # exponents <= 0
        return self.out
""",
        """        s = self.out
        return s * (1 - s) * dout
""",
    ),
    "affine": (
        """        self.x = x
        return x @ self.W + self.b.reshape(1, -1)
""",
        """        dW = np.zeros(self.W.shape)
        db = np.zeros(self.b.shape)
        for x_n, d_n in zip(self.x, dout):
            dW += np.outer(x_n, d_n)  # one sample's contribution
            db += d_n
        self.dW, self.db = dW, db
        return dout @ self.W.T
""",
    ),
    "softmax_with_loss": (
        """        shifted = x - x.max(axis=1, keepdims=True)
        exps = np.exp(shifted)
        sums = exps.sum(axis=1)
        self.y = exps / sums[:, None]
        self.t = t
        per_sample = np.log(sums) - np.sum(t * shifted, axis=1)
        return per_sample.mean().item()
""",
        """        n = self.y.shape[0]
        return (dout / n) * (self.y - self.t)
""",
    ),
    "numerical_gradient": (
        """    import itertools

    x = np.array(x, dtype=np.float64)
    grad = np.empty_like(x)
    for index in itertools.product(*(range(size) for size in x.shape)):
        value = x[index]
        x[index] = value + h
        right = f(x)
        x[index] = value - h
        left = f(x)
        x[index] = value
        grad[index] = (right - left) / (2 * h)
    return grad
""",
    ),
    "two_layer_net": (
        """        self.loss(x, t)
        dout = self.last_layer.backward(dout=1.0)
        i = len(self.layers)
        while i > 0:
            i -= 1
            dout = self.layers[i].backward(dout)
        first, second = self.layers[0], self.layers[-1]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}
""",
    ),
    "adam": (
        """        if self.m is None:
            self.m = {name: np.zeros_like(value) for name, value in params.items()}
            self.v = {name: np.zeros_like(value) for name, value in params.items()}
        self.t = self.t + 1
        correction = (1 - self.beta_2**self.t) ** 0.5 / (1 - self.beta_1**self.t)
        for name, value in params.items():
            g = grads[name]
            self.m[name] = self.m[name] + (1 - self.beta_1) * (g - self.m[name])
            self.v[name] = self.v[name] + (1 - self.beta_2) * (g**2 - self.v[name])
            value -= self.learning_rate * correction * self.m[name] / (self.v[name] ** 0.5 + self.epsilon)
""",
    ),
}

VARIANTS = {
    "passes_variant_where_tuple": answers(WHERE_TUPLE),
    "passes_variant_masked_copy": answers(MASKED_COPY),
    "passes_variant_einsum_loops": answers(EINSUM_LOOPS),
    "passes_variant_float_math": answers(FLOAT_MATH),
    "passes_variant_outer_products": answers(OUTER_PRODUCTS),
}
