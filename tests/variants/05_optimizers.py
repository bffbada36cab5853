# ruff: noqa: E501
"""Correct-but-different answers for 05_optimizers, written the ways students write them.

Each entry of VARIANTS is one whole submission: every answer cell (grade_id -> cell source)
replaced by another correct implementation, so that every graded optimizer has at least five.
Every answer cell is the given class (its __init__ unchanged, as in the student version) with
a different body for `update`. Every `update` changes the arrays in `params` in place (the
checks test identity and float32 dtype) and never changes `grads`. The styles:

- passes_variant_items_inplace: `for key, value in params.items(): value -= ...`, state made per
  key on first sight, m = beta_1 * m + (1 - beta_1) * g written back into the state arrays;
- passes_variant_ufunc_out: np.subtract/np.add/np.multiply with out=, float64 state arrays
  (np.zeros(shape)) updated into float32 parameters;
- passes_variant_slice_assign: `param[...] = new value` (a whole-array slice assignment), new
  state arrays stored in the dicts each step, PyTorch-style momentum (v = mu v + g,
  W -= lr v: the same W for a constant learning rate, as the notebook says), Adam in the
  textbook form with m_hat, v_hat and epsilon scaled by 1 / sqrt(1 - beta_2^t) (the same
  update as Keras's);
- passes_variant_elementwise_loops: element by element over np.ndindex, Python floats;
- passes_variant_copyto: np.copyto(param, param - step), (h + eps) ** -0.5 instead of
  1 / np.sqrt, state dicts made in one go with dict comprehensions of np.ones_like * value.
"""

HEADERS = {
    "sgd": '''class SGD:
    """Plain gradient descent: param -= learning_rate * grad (keras.optimizers.SGD)."""

    def __init__(self, learning_rate=0.01):
        self.learning_rate = learning_rate

    def update(self, params, grads):
        """Update every array in `params` in place, using the same-named array in `grads`."""
''',
    "momentum": '''class Momentum:
    """SGD with momentum: v = momentum * v - lr * grad; param += v (keras.optimizers.SGD)."""

    def __init__(self, learning_rate=0.01, momentum=0.9):
        self.learning_rate = learning_rate
        self.momentum = momentum
        self.velocity = None  # {name: array like the parameter}, made on the first update

    def update(self, params, grads):
        """Update every array in `params` in place, using the same-named array in `grads`."""
''',
    "adagrad": '''class AdaGrad:
    """AdaGrad as in keras.optimizers.Adagrad: h += grad**2; param -= lr * grad / sqrt(h + eps)."""

    def __init__(self, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = epsilon
        self.accumulator = None  # {name: array like the parameter}, made on the first update

    def update(self, params, grads):
        """Update every array in `params` in place, using the same-named array in `grads`."""
''',
    "rmsprop": '''class RMSprop:
    """RMSprop as in keras.optimizers.RMSprop: v = rho*v + (1-rho)*grad**2; param -= lr*grad/sqrt(v+eps)."""

    def __init__(self, learning_rate=0.001, rho=0.9, epsilon=1e-7):
        self.learning_rate = learning_rate
        self.rho = rho
        self.epsilon = epsilon
        self.velocity = None  # {name: array like the parameter}, made on the first update

    def update(self, params, grads):
        """Update every array in `params` in place, using the same-named array in `grads`."""
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
''',
}


def answers(bodies):
    """{grade_id: whole answer cell}: the given class with `bodies[grade_id]` as update's body."""
    return {grade_id: HEADERS[grade_id] + body for grade_id, body in bodies.items()}


ITEMS_INPLACE = {
    "sgd": """        for key, value in params.items():
            value -= self.learning_rate * grads[key]
""",
    "momentum": """        if self.velocity is None:
            self.velocity = {}
        for key, value in params.items():
            if key not in self.velocity:
                self.velocity[key] = np.zeros_like(value)
            v = self.velocity[key]
            v[...] = self.momentum * v - self.learning_rate * grads[key]
            value += v
""",
    "adagrad": """        if self.accumulator is None:
            self.accumulator = {}
        for key, value in params.items():
            if key not in self.accumulator:
                self.accumulator[key] = np.full_like(value, self.initial_accumulator_value)
            h = self.accumulator[key]
            h += grads[key] * grads[key]
            value -= self.learning_rate * grads[key] / np.sqrt(h + self.epsilon)
""",
    "rmsprop": """        if self.velocity is None:
            self.velocity = {}
        for key, value in params.items():
            g = grads[key]
            if key not in self.velocity:
                self.velocity[key] = np.zeros_like(value)
            v = self.velocity[key]
            v[...] = self.rho * v + (1 - self.rho) * g * g
            value -= self.learning_rate * g / np.sqrt(v + self.epsilon)
""",
    "adam": """        if self.m is None:
            self.m, self.v = {}, {}
        self.t += 1
        lr_t = self.learning_rate * np.sqrt(1 - self.beta_2**self.t) / (1 - self.beta_1**self.t)
        for key, value in params.items():
            g = grads[key]
            if key not in self.m:
                self.m[key] = np.zeros_like(value)
                self.v[key] = np.zeros_like(value)
            self.m[key][...] = self.beta_1 * self.m[key] + (1 - self.beta_1) * g
            self.v[key][...] = self.beta_2 * self.v[key] + (1 - self.beta_2) * g**2
            value -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + self.epsilon)
""",
}

UFUNC_OUT = {
    "sgd": """        for key in params:
            np.subtract(params[key], self.learning_rate * grads[key], out=params[key])
""",
    "momentum": """        if self.velocity is None:
            self.velocity = {key: np.zeros(np.shape(value)) for key, value in params.items()}
        for key in params:
            v = self.velocity[key]
            np.multiply(v, self.momentum, out=v)
            np.subtract(v, self.learning_rate * grads[key], out=v)
            np.add(params[key], v, out=params[key], casting="same_kind")
""",
    "adagrad": """        if self.accumulator is None:
            self.accumulator = {
                key: np.full(np.shape(value), float(self.initial_accumulator_value))
                for key, value in params.items()
            }
        for key in params:
            g = grads[key].astype(np.float64)
            h = self.accumulator[key]
            np.add(h, np.square(g), out=h)
            step = self.learning_rate * g / np.sqrt(h + self.epsilon)
            np.subtract(params[key], step, out=params[key], casting="same_kind")
""",
    "rmsprop": """        if self.velocity is None:
            self.velocity = {key: np.zeros(np.shape(value)) for key, value in params.items()}
        for key in params:
            g = grads[key].astype(np.float64)
            v = self.velocity[key]
            np.multiply(v, self.rho, out=v)
            np.add(v, (1 - self.rho) * np.square(g), out=v)
            step = self.learning_rate * g / np.sqrt(v + self.epsilon)
            np.subtract(params[key], step, out=params[key], casting="same_kind")
""",
    "adam": """        if self.m is None:
            self.m = {key: np.zeros(np.shape(value)) for key, value in params.items()}
            self.v = {key: np.zeros(np.shape(value)) for key, value in params.items()}
        self.t = self.t + 1
        b1, b2 = self.beta_1, self.beta_2
        alpha = self.learning_rate * np.sqrt(1.0 - b2**self.t) / (1.0 - b1**self.t)
        for key in params:
            g = grads[key].astype(np.float64)
            m, v = self.m[key], self.v[key]
            np.add(b1 * m, (1 - b1) * g, out=m)
            np.add(b2 * v, (1 - b2) * np.square(g), out=v)
            step = alpha * m / (np.sqrt(v) + self.epsilon)
            np.subtract(params[key], step, out=params[key], casting="same_kind")
""",
}

SLICE_ASSIGN = {
    "sgd": """        for name in params.keys():
            params[name][...] = params[name] - self.learning_rate * grads[name]
""",
    "momentum": """        # PyTorch's form: v = mu * v + g, W -= lr * v (the same W for a constant learning rate)
        if self.velocity is None:
            self.velocity = {name: np.zeros_like(p) for name, p in params.items()}
        for name in params:
            self.velocity[name] = self.momentum * self.velocity[name] + grads[name]
            params[name][...] = params[name] - self.learning_rate * self.velocity[name]
""",
    "adagrad": """        if self.accumulator is None:
            self.accumulator = {
                name: self.initial_accumulator_value + np.zeros_like(p)
                for name, p in params.items()
            }
        for name in params:
            self.accumulator[name] = self.accumulator[name] + grads[name] ** 2
            scale = np.sqrt(self.accumulator[name] + self.epsilon)
            params[name][...] = params[name] - self.learning_rate * grads[name] / scale
""",
    "rmsprop": """        if self.velocity is None:
            self.velocity = {name: np.zeros_like(p) for name, p in params.items()}
        for name in params:
            old = self.velocity[name]
            self.velocity[name] = old + (1 - self.rho) * (grads[name] ** 2 - old)
            denominator = np.sqrt(self.velocity[name] + self.epsilon)
            params[name][...] = params[name] - self.learning_rate * grads[name] / denominator
""",
    "adam": """        # textbook form: m_hat, v_hat, and epsilon scaled so that the step equals Keras's
        if self.m is None:
            self.m = {name: np.zeros_like(p) for name, p in params.items()}
            self.v = {name: np.zeros_like(p) for name, p in params.items()}
        self.t += 1
        correction_1 = 1 - self.beta_1**self.t
        correction_2 = 1 - self.beta_2**self.t
        for name in params:
            g = grads[name]
            self.m[name] = self.beta_1 * self.m[name] + (1 - self.beta_1) * g
            self.v[name] = self.beta_2 * self.v[name] + (1 - self.beta_2) * g * g
            m_hat = self.m[name] / correction_1
            v_hat = self.v[name] / correction_2
            eps_hat = self.epsilon / np.sqrt(correction_2)
            params[name][...] = params[name] - self.learning_rate * m_hat / (np.sqrt(v_hat) + eps_hat)
""",
}

ELEMENTWISE_LOOPS = {
    "sgd": """        lr = self.learning_rate
        for key in params:
            p, g = params[key], grads[key]
            for index in np.ndindex(p.shape):
                p[index] = p[index] - lr * g[index]
""",
    "momentum": """        if self.velocity is None:
            self.velocity = {}
            for key in params:
                self.velocity[key] = np.zeros(params[key].shape)
        for key in params:
            p, g, v = params[key], grads[key], self.velocity[key]
            for index in np.ndindex(p.shape):
                v[index] = self.momentum * v[index] - self.learning_rate * float(g[index])
                p[index] = p[index] + v[index]
""",
    "adagrad": """        import math

        if self.accumulator is None:
            self.accumulator = {}
            for key in params:
                self.accumulator[key] = np.full(params[key].shape, self.initial_accumulator_value)
        for key in params:
            p, g, h = params[key], grads[key], self.accumulator[key]
            for index in np.ndindex(p.shape):
                g_i = float(g[index])
                h[index] += g_i * g_i
                p[index] -= self.learning_rate * g_i / math.sqrt(h[index] + self.epsilon)
""",
    "rmsprop": """        import math

        if self.velocity is None:
            self.velocity = {}
            for key in params:
                self.velocity[key] = np.zeros(params[key].shape)
        for key in params:
            p, g, v = params[key], grads[key], self.velocity[key]
            for index in np.ndindex(p.shape):
                g_i = float(g[index])
                v[index] = self.rho * v[index] + (1 - self.rho) * g_i * g_i
                p[index] -= self.learning_rate * g_i / math.sqrt(v[index] + self.epsilon)
""",
    "adam": """        import math

        if self.m is None:
            self.m, self.v = {}, {}
            for key in params:
                self.m[key] = np.zeros(params[key].shape)
                self.v[key] = np.zeros(params[key].shape)
        self.t += 1
        alpha = (
            self.learning_rate
            * math.sqrt(1 - self.beta_2**self.t)
            / (1 - self.beta_1**self.t)
        )
        for key in params:
            p, g, m, v = params[key], grads[key], self.m[key], self.v[key]
            for index in np.ndindex(p.shape):
                g_i = float(g[index])
                m[index] = self.beta_1 * m[index] + (1 - self.beta_1) * g_i
                v[index] = self.beta_2 * v[index] + (1 - self.beta_2) * g_i**2
                p[index] -= alpha * m[index] / (math.sqrt(v[index]) + self.epsilon)
""",
}

COPYTO = {
    "sgd": """        for key in params:
            np.copyto(params[key], params[key] - self.learning_rate * grads[key])
""",
    "momentum": """        if self.velocity is None:
            self.velocity = {key: np.zeros_like(params[key]) for key in params}
        for key in params:
            new_v = self.momentum * self.velocity[key] - self.learning_rate * grads[key]
            np.copyto(self.velocity[key], new_v)
            np.copyto(params[key], params[key] + new_v, casting="same_kind")
""",
    "adagrad": """        if self.accumulator is None:
            self.accumulator = {
                key: np.ones_like(params[key]) * self.initial_accumulator_value for key in params
            }
        for key in params:
            self.accumulator[key] += np.square(grads[key])
            inverse_root = (self.accumulator[key] + self.epsilon) ** -0.5
            np.copyto(params[key], params[key] - self.learning_rate * grads[key] * inverse_root)
""",
    "rmsprop": """        if self.velocity is None:
            self.velocity = {key: np.zeros_like(params[key]) for key in params}
        for key in params:
            v = self.rho * self.velocity[key] + (1.0 - self.rho) * np.square(grads[key])
            self.velocity[key] = v
            inverse_root = (v + self.epsilon) ** -0.5
            np.copyto(params[key], params[key] - self.learning_rate * grads[key] * inverse_root)
""",
    "adam": """        if self.m is None:
            self.m = {key: np.zeros_like(params[key]) for key in params}
            self.v = {key: np.zeros_like(params[key]) for key in params}
        self.t += 1
        bias_1 = 1.0 - np.power(self.beta_1, self.t)
        bias_2 = 1.0 - np.power(self.beta_2, self.t)
        alpha = self.learning_rate * bias_2**0.5 / bias_1
        for key in params:
            g = grads[key]
            self.m[key] = self.m[key] + (1 - self.beta_1) * (g - self.m[key])
            self.v[key] = self.v[key] + (1 - self.beta_2) * (np.square(g) - self.v[key])
            step = alpha * self.m[key] / (np.sqrt(self.v[key]) + self.epsilon)
            np.copyto(params[key], params[key] - step, casting="same_kind")
""",
}

VARIANTS = {
    "passes_variant_items_inplace": answers(ITEMS_INPLACE),
    "passes_variant_ufunc_out": answers(UFUNC_OUT),
    "passes_variant_slice_assign": answers(SLICE_ASSIGN),
    "passes_variant_elementwise_loops": answers(ELEMENTWISE_LOOPS),
    "passes_variant_copyto": answers(COPYTO),
}
