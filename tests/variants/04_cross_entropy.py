# ruff: noqa: E501
"""Correct-but-different answers for 04_cross_entropy, written the ways students write them.

Each entry of VARIANTS is one whole submission: every answer cell (grade_id -> cell source)
replaced by another correct implementation, so that every graded function has at least five.
All use NumPy only, as the notebook asks. The styles:

- passes_variant_where_zero_d: np.where for sigmoid and ReLU returned as it comes (a 0-d
  array for a scalar input, the way the prose suggests), softmax with np.amax and
  [..., np.newaxis], cross-entropies through np.where, a sum over all elements divided by n,
  and np.take_along_axis;
- passes_variant_masked: masked assignment for sigmoid (a scalar input gives a Python float
  through .item()), ReLU on a copy with out[out < 0] = 0 (a 0-d array for a scalar input),
  softmax in place on its own copy, the binary loss as two masked sums, a loop over the rows
  for the categorical losses;
- passes_variant_tanh_loops: sigmoid as 0.5 * (1 + tanh(z / 2)), ReLU over np.ndindex,
  softmax row by row, Python loops with math.log and min/max clipping for the losses, a
  debugging print left at the end of the sigmoid cell;
- passes_variant_logaddexp: sigmoid as exp(-logaddexp(0, -z)), np.clip(z, 0, None), softmax
  through log-sum-exp, log of the probability given to the true label, np.einsum per sample,
  np.minimum/np.maximum clipping in a helper (EPS, clip_probabilities) defined in the binary
  cross-entropy cell and used by the other two loss cells;
- passes_variant_matrix_squeeze: sigmoid as exp(min(z, 0)) / (1 + exp(-|z|)), np.maximum(0.0, z),
  float32 softmax, the binary loss in matrix form (y.T @ log p) ending in .squeeze() (a 0-d
  array), the categorical loss from sum(y * p) per row, the sparse loss through np.eye one-hot rows.

Inputs are never changed. The checks pass NumPy arrays (and Python or NumPy scalars to sigmoid
and ReLU), as the tasks say.
"""

WHERE_ZERO_D = {
    "sigmoid": '''def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), elementwise, without overflow for any z."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
''',
    "relu": '''def relu(z):
    """Rectified linear unit max(0, z), elementwise; z itself is left unchanged."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, 0.0)
''',
    "softmax": '''def softmax(z):
    """Softmax over the last axis of a 1-D (k,) or 2-D (n, k) array; stable for large z."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.amax(z, axis=-1)[..., np.newaxis])
    return e / e.sum(axis=-1)[..., np.newaxis]
''',
    "binary_cross_entropy": '''def binary_cross_entropy(y_true, p):
    """Mean binary cross-entropy (natural log) of labels 0/1 and probabilities p, p clipped to [1e-7, 1 - 1e-7]."""
    y_true = np.asarray(y_true)
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    losses = np.where(y_true == 1, -np.log(p), -np.log(1 - p))
    return np.mean(losses)
''',
    "categorical_cross_entropy": '''def categorical_cross_entropy(y_onehot, p):
    """Mean over samples of -sum_k y_k ln p_k for one-hot rows y and probability rows p, shape (n, k)."""
    y_onehot = np.asarray(y_onehot, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    n = p.shape[0]
    return -np.sum(y_onehot * np.log(p)) / n
''',
    "sparse_categorical_cross_entropy": '''def sparse_categorical_cross_entropy(labels, p):
    """Mean over samples of -ln p[i, labels[i]] for integer labels (n,) and probabilities p (n, k)."""
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    rows = np.asarray(labels).astype(np.int64)[:, np.newaxis]
    picked = np.take_along_axis(p, rows, axis=1)
    return -np.mean(np.log(picked))
''',
}

MASKED = {
    "sigmoid": '''def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), elementwise, without overflow for any z."""
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    positive = z >= 0
    out[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    out[~positive] = e / (1 + e)
    return out.item() if out.ndim == 0 else out
''',
    "relu": '''def relu(z):
    """Rectified linear unit max(0, z), elementwise; z itself is left unchanged."""
    out = np.array(z, dtype=float)  # a copy, so the input stays as it is
    out[out < 0] = 0.0
    return out
''',
    "softmax": '''def softmax(z):
    """Softmax over the last axis of a 1-D (k,) or 2-D (n, k) array; stable for large z."""
    out = np.array(z, dtype=float)
    out -= out.max(axis=-1, keepdims=True)
    np.exp(out, out=out)
    out /= out.sum(axis=-1, keepdims=True)
    return out
''',
    "binary_cross_entropy": '''def binary_cross_entropy(y_true, p):
    """Mean binary cross-entropy (natural log) of labels 0/1 and probabilities p, p clipped to [1e-7, 1 - 1e-7]."""
    eps = 1e-7
    y_true = np.asarray(y_true, dtype=float)
    p = np.clip(np.asarray(p, dtype=float), eps, 1 - eps)
    ones = y_true == 1
    total = -np.sum(np.log(p[ones])) - np.sum(np.log(1 - p[~ones]))
    return float(total / y_true.size)
''',
    "categorical_cross_entropy": '''def categorical_cross_entropy(y_onehot, p):
    """Mean over samples of -sum_k y_k ln p_k for one-hot rows y and probability rows p, shape (n, k)."""
    eps = 1e-7
    y_onehot = np.asarray(y_onehot, dtype=float)
    p = np.asarray(p, dtype=float)
    losses = []
    for y_row, p_row in zip(y_onehot, p):
        p_row = np.clip(p_row, eps, 1 - eps)
        losses.append(-np.sum(y_row * np.log(p_row)))
    return float(np.mean(losses))
''',
    "sparse_categorical_cross_entropy": '''def sparse_categorical_cross_entropy(labels, p):
    """Mean over samples of -ln p[i, labels[i]] for integer labels (n,) and probabilities p (n, k)."""
    eps = 1e-7
    p = np.asarray(p, dtype=float)
    losses = np.zeros(len(labels))
    for i, label in enumerate(labels):
        losses[i] = -np.log(np.clip(p[i, int(label)], eps, 1 - eps))
    return float(losses.mean())
''',
}

TANH_LOOPS = {
    "sigmoid": '''def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), elementwise, without overflow for any z."""
    # sigma(z) = (1 + tanh(z / 2)) / 2, and tanh never overflows
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


print("sigmoid(1), sigmoid(2):", sigmoid(1.0), sigmoid(2.0))  # 0.731, 0.881
''',
    "relu": '''def relu(z):
    """Rectified linear unit max(0, z), elementwise; z itself is left unchanged."""
    out = np.array(z, dtype=float)
    for index in np.ndindex(out.shape):
        if out[index] < 0:
            out[index] = 0.0
    return out if out.ndim else float(out)
''',
    "softmax": '''def softmax(z):
    """Softmax over the last axis of a 1-D (k,) or 2-D (n, k) array; stable for large z."""
    z = np.asarray(z, dtype=float)
    if z.ndim == 1:
        exps = np.exp(z - np.max(z))
        return exps / np.sum(exps)
    result = np.zeros_like(z)
    for i in range(z.shape[0]):
        exps = np.exp(z[i] - np.max(z[i]))
        result[i] = exps / np.sum(exps)
    return result
''',
    "binary_cross_entropy": '''import math


def binary_cross_entropy(y_true, p):
    """Mean binary cross-entropy (natural log) of labels 0/1 and probabilities p, p clipped to [1e-7, 1 - 1e-7]."""
    eps = 1e-7
    ys = np.asarray(y_true, dtype=float).ravel()
    ps = np.asarray(p, dtype=float).ravel()
    total = 0.0
    for y_i, p_i in zip(ys, ps):
        p_i = min(max(float(p_i), eps), 1 - eps)
        total += y_i * math.log(p_i) + (1 - y_i) * math.log(1 - p_i)
    return -total / len(ys)
''',
    "categorical_cross_entropy": '''import math


def categorical_cross_entropy(y_onehot, p):
    """Mean over samples of -sum_k y_k ln p_k for one-hot rows y and probability rows p, shape (n, k)."""
    eps = 1e-7
    total = 0.0
    for y_row, p_row in zip(y_onehot, p):
        for y_k, p_k in zip(y_row, p_row):
            total -= float(y_k) * math.log(min(max(float(p_k), eps), 1 - eps))
    return total / len(y_onehot)
''',
    "sparse_categorical_cross_entropy": '''import math


def sparse_categorical_cross_entropy(labels, p):
    """Mean over samples of -ln p[i, labels[i]] for integer labels (n,) and probabilities p (n, k)."""
    eps = 1e-7
    total = 0.0
    for row, label in zip(p, labels):
        chosen = min(max(float(row[int(label)]), eps), 1 - eps)
        total += -math.log(chosen)
    return total / len(labels)
''',
}

LOGADDEXP = {
    "sigmoid": '''def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), elementwise, without overflow for any z."""
    # 1 / (1 + exp(-z)) = exp(-log(1 + exp(-z))) = exp(-logaddexp(0, -z))
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=np.float64)))
''',
    "relu": '''def relu(z):
    """Rectified linear unit max(0, z), elementwise; z itself is left unchanged."""
    return np.clip(np.asarray(z, dtype=float), 0.0, None)
''',
    "softmax": '''def softmax(z):
    """Softmax over the last axis of a 1-D (k,) or 2-D (n, k) array; stable for large z."""
    z = np.asarray(z, dtype=float)
    top = z.max(axis=-1, keepdims=True)
    log_norm = top + np.log(np.exp(z - top).sum(axis=-1, keepdims=True))
    return np.exp(z - log_norm)
''',
    "binary_cross_entropy": '''EPS = 1e-7  # keras.config.epsilon()


def clip_probabilities(p):
    """p as float64, clipped to [EPS, 1 - EPS]; used by all three losses."""
    return np.minimum(np.maximum(np.asarray(p, dtype=float), EPS), 1 - EPS)


def binary_cross_entropy(y_true, p):
    """Mean binary cross-entropy (natural log) of labels 0/1 and probabilities p, p clipped to [1e-7, 1 - 1e-7]."""
    y_true = np.asarray(y_true, dtype=float)
    p = clip_probabilities(p)
    p_true = y_true * p + (1 - y_true) * (1 - p)  # the probability given to the right answer
    return -np.log(p_true).mean()
''',
    "categorical_cross_entropy": '''def categorical_cross_entropy(y_onehot, p):
    """Mean over samples of -sum_k y_k ln p_k for one-hot rows y and probability rows p, shape (n, k)."""
    y = np.asarray(y_onehot, dtype=float)
    log_p = np.log(clip_probabilities(p))  # the helper from the binary cross-entropy cell
    per_sample = -np.einsum("nk,nk->n", y, log_p)
    return per_sample.mean()
''',
    "sparse_categorical_cross_entropy": '''def sparse_categorical_cross_entropy(labels, p):
    """Mean over samples of -ln p[i, labels[i]] for integer labels (n,) and probabilities p (n, k)."""
    labels = np.asarray(labels, dtype=int)
    p = np.asarray(p, dtype=float)
    picked = clip_probabilities(p[np.arange(p.shape[0]), labels])
    return float(np.mean(-np.log(picked)))
''',
}

MATRIX_SQUEEZE = {
    "sigmoid": '''def sigmoid(z):
    """Logistic function 1 / (1 + exp(-z)), elementwise, without overflow for any z."""
    z = np.asarray(z, dtype=float)
    # e^min(z, 0) / (1 + e^-|z|): both exponents are <= 0 for every z
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))
''',
    "relu": '''def relu(z):
    """Rectified linear unit max(0, z), elementwise; z itself is left unchanged."""
    return np.maximum(0.0, z)
''',
    "softmax": '''def softmax(z):
    """Softmax over the last axis of a 1-D (k,) or 2-D (n, k) array; stable for large z."""
    z = np.asarray(z, dtype=np.float32)
    exps = np.exp(z - z.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)
''',
    "binary_cross_entropy": '''def binary_cross_entropy(y_true, p):
    """Mean binary cross-entropy (natural log) of labels 0/1 and probabilities p, p clipped to [1e-7, 1 - 1e-7]."""
    y = np.asarray(y_true, dtype=float).reshape(-1, 1)
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7).reshape(-1, 1)
    n = y.shape[0]
    loss = -(y.T @ np.log(p) + (1 - y).T @ np.log(1 - p)) / n  # shape (1, 1)
    return loss.squeeze()
''',
    "categorical_cross_entropy": '''def categorical_cross_entropy(y_onehot, p):
    """Mean over samples of -sum_k y_k ln p_k for one-hot rows y and probability rows p, shape (n, k)."""
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    p_correct = np.sum(np.asarray(y_onehot) * p, axis=1)  # one-hot rows pick the true class
    return float(np.mean(-np.log(p_correct)))
''',
    "sparse_categorical_cross_entropy": '''def sparse_categorical_cross_entropy(labels, p):
    """Mean over samples of -ln p[i, labels[i]] for integer labels (n,) and probabilities p (n, k)."""
    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)
    one_hot_rows = np.eye(p.shape[1])[np.asarray(labels, dtype=int)]
    return float(-np.mean(np.sum(one_hot_rows * np.log(p), axis=1)))
''',
}

VARIANTS = {
    "passes_variant_where_zero_d": WHERE_ZERO_D,
    "passes_variant_masked": MASKED,
    "passes_variant_tanh_loops": TANH_LOOPS,
    "passes_variant_logaddexp": LOGADDEXP,
    "passes_variant_matrix_squeeze": MATRIX_SQUEEZE,
}
