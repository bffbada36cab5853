# ruff: noqa: E501
"""Correct-but-different answers for 01_mnist, written the ways students write them.

Each entry of VARIANTS is one whole submission: every answer cell (grade_id -> cell source)
replaced by another correct implementation; the first five entries give every graded function
five different implementations. The styles:

- passes_variant_np_functions: np.reshape with images.shape[0], np.asarray(x, dtype=float32)
  divided by a float32 255, np.eye(...)[labels], an index loop for the parameters, a Sequential
  model built with .add();
- passes_variant_loops: rows copied one by one into np.empty, a float32 copy divided in place,
  one-hot by a Python loop with a Python range check, a running total, the functional API;
- passes_variant_broadcast: reshape(-1, 28 * 28), np.divide(..., dtype=np.float32), one-hot by
  comparing labels[:, np.newaxis] with np.arange, a NumPy sum (returned as int), activation
  functions instead of names, CategoricalCrossentropy() and CategoricalAccuracy() objects;
- passes_variant_keras_ops: keras.ops.reshape and keras.ops.cast converted back to NumPy,
  np.put_along_axis for the one-hot rows, a recursive count, keras.layers.InputLayer and
  keras.ops activations, optimizer "adam";
- passes_variant_float64: reshape from the shape's product, float64 division cast to float32,
  a masked assignment per class, np.dot returning a NumPy integer, positional Dense arguments
  and metrics=["acc"].

More entries change one or two answers of passes_variant_np_functions, the ways of writing a
correct model that a check reading how it was written would reject, and answers that use the
array they are given without np.asarray:
- passes_variant_softmax_layer: Dense(10) followed by keras.layers.Activation("softmax");
- passes_variant_loss_function: loss=keras.losses.categorical_crossentropy (a function);
- passes_variant_tf_nn_softmax: activation=tf.nn.softmax (its __name__ is "softmax_v2");
- passes_variant_softmax_class: linear Dense layers followed by keras.layers.ReLU() and
  keras.layers.Softmax(), and the loss named by its class, "CategoricalCrossentropy";
- passes_variant_no_asarray: one_hot calling labels.min() and indexing np.eye directly (the
  task passes arrays; no check passes a list).

Inputs are never changed (the checks pass uint8 and float64 arrays).
"""

NP_FUNCTIONS = {
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    return np.reshape(images, (images.shape[0], -1))
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    return np.asarray(x, dtype=np.float32) / np.float32(255.0)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.asarray(labels)
    if np.any((labels < 0) | (labels >= num_classes)):
        raise ValueError("label out of range")
    return np.eye(num_classes, dtype=np.float32)[labels]
''',
    "count_parameters": '''def count_parameters(layer_sizes):
    """Number of weights and biases of a dense network, e.g. [784, 512, 512, 10] -> 669706."""
    total = 0
    for i in range(len(layer_sizes) - 1):
        total += layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1]
    return total
''',
    "build_model": '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    model = keras.Sequential()
    model.add(keras.Input(shape=(784,)))
    model.add(keras.layers.Dense(512, activation="relu"))
    model.add(keras.layers.Dense(512, activation="relu"))
    model.add(keras.layers.Dense(10, activation="softmax"))
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=0.001),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
''',
}

LOOPS = {
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    flat = np.empty((len(images), 784), dtype=images.dtype)
    for i in range(len(images)):
        flat[i] = images[i].ravel()
    return flat
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    scaled = x.astype(np.float32)  # astype makes a copy, so dividing it in place is safe
    scaled /= 255
    return scaled
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    for label in labels:
        if not 0 <= label < num_classes:
            raise ValueError(f"label {label} is not in [0, {num_classes})")
    encoded = np.zeros((len(labels), num_classes), dtype=np.float32)
    for row, label in enumerate(labels):
        encoded[row, int(label)] = 1
    return encoded
''',
    "count_parameters": '''def count_parameters(layer_sizes):
    """Number of weights and biases of a dense network, e.g. [784, 512, 512, 10] -> 669706."""
    total = 0
    previous = layer_sizes[0]
    for size in layer_sizes[1:]:
        weights = previous * size
        biases = size
        total = total + weights + biases
        previous = size
    return total
''',
    "build_model": '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    inputs = keras.Input(shape=(784,))
    hidden = keras.layers.Dense(512, activation="relu")(inputs)
    hidden = keras.layers.Dense(512, activation="relu")(hidden)
    outputs = keras.layers.Dense(10, activation="softmax")(hidden)
    model = keras.Model(inputs=inputs, outputs=outputs)
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss="categorical_crossentropy",
        metrics=["accuracy"],
    )
    return model
''',
}

BROADCAST = {
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    return images.reshape(-1, 28 * 28)
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    return np.divide(x, 255, dtype=np.float32)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.asarray(labels)
    if not np.all((0 <= labels) & (labels < num_classes)):
        raise ValueError(f"labels must be in [0, {num_classes})")
    return (labels[:, np.newaxis] == np.arange(num_classes)).astype(np.float32)
''',
    "count_parameters": '''def count_parameters(layer_sizes):
    """Number of weights and biases of a dense network, e.g. [784, 512, 512, 10] -> 669706."""
    sizes = np.array(layer_sizes)
    return int(np.sum((sizes[:-1] + 1) * sizes[1:]))
''',
    "build_model": '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation=keras.activations.relu),
            keras.layers.Dense(512, activation=keras.activations.relu),
            keras.layers.Dense(10, activation=keras.activations.softmax),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.CategoricalCrossentropy(),
        metrics=[keras.metrics.CategoricalAccuracy()],
    )
    return model
''',
}

KERAS_OPS = {
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    return keras.ops.convert_to_numpy(keras.ops.reshape(images, (len(images), -1)))
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    scaled = keras.ops.cast(x, "float32") / 255.0
    return keras.ops.convert_to_numpy(scaled)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.asarray(labels, dtype=np.int64)
    if labels.size > 0 and (labels.min() < 0 or labels.max() > num_classes - 1):
        raise ValueError("labels outside [0, num_classes)")
    encoded = np.zeros((labels.shape[0], num_classes), dtype=np.float32)
    np.put_along_axis(encoded, labels[:, None], 1.0, axis=1)
    return encoded
''',
    "count_parameters": '''def count_parameters(layer_sizes):
    """Number of weights and biases of a dense network, e.g. [784, 512, 512, 10] -> 669706."""
    if len(layer_sizes) < 2:
        return 0
    n_in, n_out = layer_sizes[0], layer_sizes[1]
    return (n_in + 1) * n_out + count_parameters(layer_sizes[1:])
''',
    "build_model": '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.layers.InputLayer(shape=(784,)),
            keras.layers.Dense(512, activation=keras.ops.relu),
            keras.layers.Dense(512, activation=keras.ops.relu),
            keras.layers.Dense(10, activation=keras.ops.softmax),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
''',
}

FLOAT64 = {
    "flatten": '''def flatten(images):
    """Flatten images of shape (n, 28, 28) into vectors of shape (n, 784), for any n."""
    n, height, width = images.shape
    return images.reshape(n, height * width)
''',
    "normalize": '''def normalize(x):
    """Scale pixel values 0..255 to float32 values 0..1; x itself is left unchanged."""
    return (x / 255.0).astype(np.float32)
''',
    "one_hot": '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    labels = np.array(labels)
    if np.logical_or(labels < 0, labels >= num_classes).any():
        raise ValueError("a label is outside [0, num_classes)")
    encoded = np.zeros((len(labels), num_classes), np.float32)
    for k in range(num_classes):
        encoded[labels == k, k] = 1.0
    return encoded
''',
    "count_parameters": '''def count_parameters(layer_sizes):
    """Number of weights and biases of a dense network, e.g. [784, 512, 512, 10] -> 669706."""
    n_in = np.array(layer_sizes[:-1])
    n_out = np.array(layer_sizes[1:])
    return np.dot(n_in + 1, n_out)
''',
    "build_model": '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    layers = keras.layers
    model = keras.Sequential(
        [keras.Input((784,)), layers.Dense(512, "relu"), layers.Dense(512, "relu"), layers.Dense(10, "softmax")]
    )
    model.compile(keras.optimizers.Adam(), "categorical_crossentropy", metrics=["acc"])
    return model
''',
}

SOFTMAX_LAYER_MODEL = '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10),
            keras.layers.Activation("softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
'''

LOSS_FUNCTION_MODEL = '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=1e-3),
        loss=keras.losses.categorical_crossentropy,
        metrics=["accuracy"],
    )
    return model
'''

TF_NN_SOFTMAX_MODEL = '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512, activation=tf.nn.relu),
            keras.layers.Dense(512, activation=tf.nn.relu),
            keras.layers.Dense(10, activation=tf.nn.softmax),
        ]
    )
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
'''

SOFTMAX_CLASS_MODEL = '''def build_model():
    """A compiled Keras model 784-512(relu)-512(relu)-10(softmax) for one-hot labels."""
    model = keras.Sequential(
        [
            keras.Input(shape=(784,)),
            keras.layers.Dense(512),
            keras.layers.ReLU(),
            keras.layers.Dense(512),
            keras.layers.ReLU(),
            keras.layers.Dense(10),
            keras.layers.Softmax(),
        ]
    )
    model.compile(optimizer="adam", loss="CategoricalCrossentropy", metrics=["accuracy"])
    return model
'''

NO_ASARRAY_ONE_HOT = '''def one_hot(labels, num_classes):
    """Encode integer labels (n,) as float32 one-hot rows (n, num_classes).

    Raises ValueError for a label outside [0, num_classes).
    """
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(f"labels must lie in [0, {num_classes})")
    return np.eye(num_classes, dtype=np.float32)[labels]
'''

VARIANTS = {
    "passes_variant_np_functions": NP_FUNCTIONS,
    "passes_variant_loops": LOOPS,
    "passes_variant_broadcast": BROADCAST,
    "passes_variant_keras_ops": KERAS_OPS,
    "passes_variant_float64": FLOAT64,
    "passes_variant_softmax_layer": NP_FUNCTIONS | {"build_model": SOFTMAX_LAYER_MODEL},
    "passes_variant_loss_function": NP_FUNCTIONS | {"build_model": LOSS_FUNCTION_MODEL},
    "passes_variant_tf_nn_softmax": NP_FUNCTIONS | {"build_model": TF_NN_SOFTMAX_MODEL},
    "passes_variant_softmax_class": NP_FUNCTIONS | {"build_model": SOFTMAX_CLASS_MODEL},
    "passes_variant_no_asarray": NP_FUNCTIONS | {"one_hot": NO_ASARRAY_ONE_HOT},
}
