# ruff: noqa: E501
"""Correct-but-different answers for 02_asl, written the ways students write them.

Each entry of VARIANTS is one whole submission: every answer cell (grade_id -> cell source)
replaced by another correct implementation; the first five entries give every graded function
five different implementations. The styles:

- passes_variant_chr_where: chr(ord("A") + label) after int(), np.where for both mappings,
  np.reshape(images, (len(images), 784)), astype then divide by 255.0, np.eye one-hot rows,
  a Sequential model from a list comprehension of hidden layers;
- passes_variant_lookup_tables: string.ascii_uppercase, a lookup table indexed by the labels
  (np.delete(np.arange(25), 9) for the inverse), images.reshape(images.shape[0], -1) with a
  copy, np.true_divide(..., dtype=float32), one-hot through np.put_along_axis, the functional
  API with a loop over the hidden sizes;
- passes_variant_masked: a dict of letters, masked assignment on a copy (out[labels > 9] -= 1),
  rows copied in a loop, a float32 copy divided in place, a comparison with np.arange for the
  one-hot rows, Sequential.add with keras.layers.InputLayer and a CategoricalCrossentropy()
  object;
- passes_variant_boolean_arithmetic: a NumPy array of letters indexed by the label (a np.str_,
  which is a str), labels - (labels > 9) and indices + (indices >= 9), reshape(-1, 784),
  float64 division cast to float32, a Python loop for the one-hot rows, activation functions
  and a CategoricalAccuracy metric;
- passes_variant_loops: a string of the 25 letters and a Python range check, Python loops
  for both mappings (reshaped back to the input's shape), np.stack of raveled images,
  np.multiply by 1 / 255 in float32, masked assignment per class, the functional API with
  keras.ops activations and metrics=["acc"].

More entries change answers of passes_variant_chr_where: correct models that a check reading
how the model was written would reject, and mappings that use the array they are given without
np.asarray:
- passes_variant_softmax_layer: Dense(num_classes) followed by keras.layers.Activation("softmax");
- passes_variant_loss_function: loss=keras.losses.categorical_crossentropy (a function);
- passes_variant_tf_nn_softmax: activation=tf.nn.softmax (its __name__ is "softmax_v2");
- passes_variant_softmax_class: linear Dense layers followed by keras.layers.ReLU() and
  keras.layers.Softmax(), and the loss named by its class, "CategoricalCrossentropy";
- passes_variant_no_asarray: to_class_index, from_class_index and one_hot computing on the
  labels array directly (the task passes arrays; no check passes a list).

Inputs are never changed (the checks pass uint8, int and float64 arrays, 2-D ones for the
mappings).
"""

CHR_WHERE = {
    "label_to_letter": '''def label_to_letter(label):
    """Letter of a Kaggle label: 0 -> 'A', 1 -> 'B', ..., 10 -> 'K', ..., 24 -> 'Y'.

    Raises ValueError for a label outside 0..24.
    """
    label = int(label)
    if label < 0 or label > 24:
        raise ValueError(f"label {label} is not in 0..24")
    return chr(ord("A") + label)
''',
    "to_class_index": '''def to_class_index(labels):
    """Kaggle labels (0..24 without 9) -> contiguous class indices 0..23 of the same shape.

    Labels above 9 move down by one. Raises ValueError for 9 (J) or a label outside 0..24.
    """
    labels = np.asarray(labels).astype(np.int64)
    if np.any(labels < 0) or np.any(labels > 24) or np.any(labels == 9):
        raise ValueError("labels must be 0..24 and not 9")
    return np.where(labels > 9, labels - 1, labels)
''',
    "from_class_index": '''def from_class_index(indices):
    """Class indices 0..23 -> Kaggle labels (0..24 without 9), the inverse of to_class_index.

    Raises ValueError for an index outside 0..23.
    """
    indices = np.asarray(indices).astype(np.int64)
    if indices.min() < 0 or indices.max() > 23:
        raise ValueError("class indices must be 0..23")
    return np.where(indices < 9, indices, indices + 1)
''',
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    return np.reshape(images, (len(images), 784))
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    return x.astype("float32") / 255.0
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.asarray(labels)
    if ((labels < 0) | (labels >= num_classes)).any():
        raise ValueError(f"labels must be in [0, {num_classes})")
    return np.eye(num_classes, dtype="float32")[labels]
''',
    "build_model": '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    hidden = [keras.layers.Dense(512, activation="relu") for _ in range(2)]
    model = keras.Sequential(
        [keras.Input(shape=(784,)), *hidden, keras.layers.Dense(num_classes, activation="softmax")]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
''',
}

LOOKUP_TABLES = {
    "label_to_letter": '''import string


def label_to_letter(label):
    """Letter of a Kaggle label: 0 -> 'A', 1 -> 'B', ..., 10 -> 'K', ..., 24 -> 'Y'.

    Raises ValueError for a label outside 0..24.
    """
    if not 0 <= label <= 24:
        raise ValueError("label outside 0..24")
    return string.ascii_uppercase[int(label)]
''',
    "to_class_index": '''def to_class_index(labels):
    """Kaggle labels (0..24 without 9) -> contiguous class indices 0..23 of the same shape.

    Labels above 9 move down by one. Raises ValueError for 9 (J) or a label outside 0..24.
    """
    labels = np.asarray(labels)
    valid = (labels >= 0) & (labels <= 24) & (labels != 9)
    if not valid.all():
        raise ValueError("a label is 9 (J) or outside 0..24")
    table = np.array([0, 1, 2, 3, 4, 5, 6, 7, 8, -1, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23])
    return table[labels]
''',
    "from_class_index": '''def from_class_index(indices):
    """Class indices 0..23 -> Kaggle labels (0..24 without 9), the inverse of to_class_index.

    Raises ValueError for an index outside 0..23.
    """
    indices = np.asarray(indices)
    if not np.all((indices >= 0) & (indices <= 23)):
        raise ValueError("class indices must be 0..23")
    kaggle_labels = np.delete(np.arange(25), 9)  # 0..8, 10..24
    return kaggle_labels[indices]
''',
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    return images.reshape(images.shape[0], -1).copy()
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    return np.true_divide(x, 255, dtype=np.float32)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.asarray(labels, dtype=int)
    if labels.size and not (0 <= labels.min() and labels.max() < num_classes):
        raise ValueError("label out of range")
    rows = np.zeros((labels.size, num_classes), dtype=np.float32)
    np.put_along_axis(rows, labels.reshape(-1, 1), 1, axis=1)
    return rows
''',
    "build_model": '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    inputs = keras.Input(shape=(784,))
    x = inputs
    for units in (512, 512):
        x = keras.layers.Dense(units, activation="relu")(x)
    outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
    model = keras.Model(inputs, outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
''',
}

MASKED = {
    "label_to_letter": '''LETTERS = {number: chr(65 + number) for number in range(25)}


def label_to_letter(label):
    """Letter of a Kaggle label: 0 -> 'A', 1 -> 'B', ..., 10 -> 'K', ..., 24 -> 'Y'.

    Raises ValueError for a label outside 0..24.
    """
    try:
        return LETTERS[int(label)]
    except KeyError:
        raise ValueError(f"no letter for label {label}") from None
''',
    "to_class_index": '''def to_class_index(labels):
    """Kaggle labels (0..24 without 9) -> contiguous class indices 0..23 of the same shape.

    Labels above 9 move down by one. Raises ValueError for 9 (J) or a label outside 0..24.
    """
    out = np.array(labels, dtype=np.int64)  # a copy: the input is never changed
    if (out == 9).any():
        raise ValueError("label 9 (J) is not in the data")
    if (out < 0).any() or (out > 24).any():
        raise ValueError("labels must lie in 0..24")
    out[out > 9] -= 1
    return out
''',
    "from_class_index": '''def from_class_index(indices):
    """Class indices 0..23 -> Kaggle labels (0..24 without 9), the inverse of to_class_index.

    Raises ValueError for an index outside 0..23.
    """
    indices = np.asarray(indices)
    if ((indices < 0) | (indices > 23)).any():
        raise ValueError("indices must lie in 0..23")
    out = indices.astype(np.int64)
    out[indices >= 9] += 1
    return out
''',
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    n = len(images)
    out = np.zeros((n, 784), dtype=images.dtype)
    for i, image in enumerate(images):
        out[i, :] = image.reshape(784)
    return out
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    out = np.array(x, dtype=np.float32)  # always a copy
    out /= 255.0
    return out
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.asarray(labels)
    if np.any(labels < 0) or np.any(labels >= num_classes):
        raise ValueError("labels outside [0, num_classes)")
    return np.equal.outer(labels, np.arange(num_classes)).astype(np.float32)
''',
    "build_model": '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    model = keras.Sequential()
    model.add(keras.layers.InputLayer(shape=(784,)))
    model.add(keras.layers.Dense(512, activation="relu"))
    model.add(keras.layers.Dense(512, activation="relu"))
    model.add(keras.layers.Dense(num_classes, activation="softmax"))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.CategoricalCrossentropy(),
        metrics=["accuracy"],
    )
    return model
''',
}

BOOLEAN_ARITHMETIC = {
    "label_to_letter": '''ALPHABET = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXY"))


def label_to_letter(label):
    """Letter of a Kaggle label: 0 -> 'A', 1 -> 'B', ..., 10 -> 'K', ..., 24 -> 'Y'.

    Raises ValueError for a label outside 0..24.
    """
    if label < 0 or label >= len(ALPHABET):
        raise ValueError("label must be 0..24")
    return ALPHABET[label]
''',
    "to_class_index": '''def to_class_index(labels):
    """Kaggle labels (0..24 without 9) -> contiguous class indices 0..23 of the same shape.

    Labels above 9 move down by one. Raises ValueError for 9 (J) or a label outside 0..24.
    """
    labels = np.asarray(labels)
    if np.isin(labels, [9]).any() or labels.min() < 0 or labels.max() > 24:
        raise ValueError("labels must be in 0..24 without 9")
    return labels - (labels > 9)
''',
    "from_class_index": '''def from_class_index(indices):
    """Class indices 0..23 -> Kaggle labels (0..24 without 9), the inverse of to_class_index.

    Raises ValueError for an index outside 0..23.
    """
    indices = np.asarray(indices)
    if np.logical_or(indices < 0, indices > 23).any():
        raise ValueError("class index outside 0..23")
    return indices + (indices >= 9)
''',
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    return images.reshape(-1, 784)
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    return np.asarray(x / 255, dtype=np.float32)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    result = []
    for label in labels:
        label = int(label)
        if label < 0 or label >= num_classes:
            raise ValueError(f"label {label} outside [0, {num_classes})")
        row = [0.0] * num_classes
        row[label] = 1.0
        result.append(row)
    return np.array(result, dtype=np.float32).reshape(len(result), num_classes)
''',
    "build_model": '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation=keras.activations.relu),
            keras.layers.Dense(512, activation=keras.activations.relu),
            keras.layers.Dense(num_classes, activation=keras.activations.softmax),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(1e-3),
        loss="categorical_crossentropy",
        metrics=[keras.metrics.CategoricalAccuracy(name="accuracy")],
    )
    return model
''',
}

LOOPS = {
    "label_to_letter": '''def label_to_letter(label):
    """Letter of a Kaggle label: 0 -> 'A', 1 -> 'B', ..., 10 -> 'K', ..., 24 -> 'Y'.

    Raises ValueError for a label outside 0..24.
    """
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXY"
    if label not in range(25):
        raise ValueError(f"label {label} must be between 0 and 24")
    return letters[label]
''',
    "to_class_index": '''def to_class_index(labels):
    """Kaggle labels (0..24 without 9) -> contiguous class indices 0..23 of the same shape.

    Labels above 9 move down by one. Raises ValueError for 9 (J) or a label outside 0..24.
    """
    labels = np.asarray(labels)
    classes = []
    for label in labels.ravel():
        label = int(label)
        if label == 9 or not 0 <= label <= 24:
            raise ValueError(f"label {label} is not a Kaggle label")
        classes.append(label - 1 if label > 9 else label)
    return np.array(classes, dtype=int).reshape(labels.shape)
''',
    "from_class_index": '''def from_class_index(indices):
    """Class indices 0..23 -> Kaggle labels (0..24 without 9), the inverse of to_class_index.

    Raises ValueError for an index outside 0..23.
    """
    indices = np.asarray(indices)
    labels = []
    for index in indices.ravel():
        index = int(index)
        if not 0 <= index <= 23:
            raise ValueError(f"class index {index} is outside 0..23")
        labels.append(index + 1 if index >= 9 else index)
    return np.array(labels, dtype=int).reshape(indices.shape)
''',
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    return np.stack([image.ravel() for image in images]) if len(images) else images.reshape(0, 784)
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    return np.multiply(x, np.float32(1 / 255), dtype=np.float32)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.asarray(labels)
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError("label outside [0, num_classes)")
    encoded = np.zeros((len(labels), num_classes), dtype=np.float32)
    for k in range(num_classes):
        encoded[:, k][labels == k] = 1.0
    return encoded
''',
    "build_model": '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    inputs = keras.Input(shape=(784,), name="pixels")
    h1 = keras.layers.Dense(512, activation=keras.ops.relu)(inputs)
    h2 = keras.layers.Dense(512, activation=keras.ops.relu)(h1)
    probabilities = keras.layers.Dense(num_classes, activation=keras.ops.softmax)(h2)
    model = keras.Model(inputs=inputs, outputs=probabilities, name="asl")
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["acc"])
    return model
''',
}

SOFTMAX_LAYER_MODEL = '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(num_classes),
            keras.layers.Activation("softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
'''

LOSS_FUNCTION_MODEL = '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(num_classes, activation="softmax"),
        ]
    )
    model.compile(
        optimizer="adam", loss=keras.losses.categorical_crossentropy, metrics=["accuracy"]
    )
    return model
'''

TF_NN_SOFTMAX_MODEL = '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation=tf.nn.relu),
            keras.layers.Dense(512, activation=tf.nn.relu),
            keras.layers.Dense(num_classes, activation=tf.nn.softmax),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
'''

SOFTMAX_CLASS_MODEL = '''def build_model(num_classes):
    """A compiled Keras model 784-512(relu)-512(relu)-num_classes(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512),
            keras.layers.ReLU(),
            keras.layers.Dense(512),
            keras.layers.ReLU(),
            keras.layers.Dense(num_classes),
            keras.layers.Softmax(),
        ]
    )
    model.compile(optimizer="adam", loss="CategoricalCrossentropy", metrics=["accuracy"])
    return model
'''

NO_ASARRAY = {
    "to_class_index": '''def to_class_index(labels):
    """Kaggle labels (0..24 without 9) -> contiguous class indices 0..23 of the same shape.

    Labels above 9 move down by one. Raises ValueError for 9 (J) or a label outside 0..24.
    """
    if labels.min() < 0 or labels.max() > 24 or (labels == 9).any():
        raise ValueError("labels must be 0..24 and not 9")
    return labels - (labels > 9)
''',
    "from_class_index": '''def from_class_index(indices):
    """Class indices 0..23 -> Kaggle labels (0..24 without 9), the inverse of to_class_index.

    Raises ValueError for an index outside 0..23.
    """
    if indices.min() < 0 or indices.max() > 23:
        raise ValueError("class indices must be 0..23")
    return indices + (indices >= 9)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in [0, {num_classes})")
    encoded = np.zeros((labels.shape[0], num_classes), dtype=np.float32)
    encoded[np.arange(labels.shape[0]), labels] = 1
    return encoded
''',
}

VARIANTS = {
    "passes_variant_chr_where": CHR_WHERE,
    "passes_variant_lookup_tables": LOOKUP_TABLES,
    "passes_variant_masked": MASKED,
    "passes_variant_boolean_arithmetic": BOOLEAN_ARITHMETIC,
    "passes_variant_loops": LOOPS,
    "passes_variant_softmax_layer": CHR_WHERE | {"build_model": SOFTMAX_LAYER_MODEL},
    "passes_variant_loss_function": CHR_WHERE | {"build_model": LOSS_FUNCTION_MODEL},
    "passes_variant_tf_nn_softmax": CHR_WHERE | {"build_model": TF_NN_SOFTMAX_MODEL},
    "passes_variant_softmax_class": CHR_WHERE | {"build_model": SOFTMAX_CLASS_MODEL},
    "passes_variant_no_asarray": CHR_WHERE | NO_ASARRAY,
}
