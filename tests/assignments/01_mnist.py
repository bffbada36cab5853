"""01_mnist test data: the facts behind every number in the prose, and the typical mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run}. A number in the prose without an entry fails
tests/test_solutions_run.py.

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`, or {grade_id: source} for a whole answer. tests/make_submissions.py writes them to
tests/submissions/01_mnist/; expected.csv there holds their scores.

HINTS: {submission name: text the grader's reason must contain}: the Korean hint written for
that mistake, so each mistake is shown its own hint.
"""

FACTS = {
    "0": "images_train.min() == 0 and x_train.min() == 0",
    "1": "x_train.max() == 1.0 and np.all(y_train.sum(axis=1) == 1)",
    "3": "one_hot(np.array([3]), 10)[0].tolist() == [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]",
    "4": "4 in labels_train and abs(5 - 4) < abs(9 - 4)",
    "5": "FULL_EPOCHS == 5 and abs(5 - 4) < abs(9 - 4)",
    "9": "one_hot(np.array([9]), 10)[0, 9] == 1 and labels_train.max() == 9",
    "10": "y_train.shape[1] == 10 and len(np.unique(labels_train)) == 10"
    " and round(100 * np.mean(images_train.reshape(60000, -1).max(axis=1) < 255)) == 10",
    "5,999": "int(np.sum(images_train.reshape(60000, -1).max(axis=1) < 255)) == 5999",
    "188": "x_all.dtype == np.float32 and round(x_all.nbytes / 1e6) == 188 and len(x_all) == 60000",
    "376": "round(x_all.size * np.dtype(np.float64).itemsize / 1e6) == 376",
    "28": "images_train.shape[1:] == (28, 28)",
    "60,000": "len(images_train) == 60000",
    "60000": "len(images_train) == 60000",
    "10,000": "len(images_test) == len(x_test) == 10000 == VALID_SIZE == len(x_valid)",
    "50,000": "len(x_train) == 50000"
    " and len(set(split[:VALID_SIZE]) & set(split[VALID_SIZE:])) == 0",
    "70,000": "len(images_train) + len(images_test) == 70000",
    "255": "images_train.max() == 255 and normalize(np.array([255], np.uint8))[0] == 1",
    "256": "round(255 / 256, 3) == 0.996",
    "0.996": "round(255 / 256, 3) == 0.996",
    "128": "history.params['steps'] == -(-len(x_fit) // 128)",
    "512": "[layer.units for layer in model.layers[:2]] == [512, 512]",
    "784": "x_train.shape[1] == 784 == 28 * 28",
    "669,706": "model.count_params() == 669706 == count_parameters([784, 512, 512, 10])",
    "2,000": "len(x_fit) == 2000",
    "500": "len(x_check) == 500",
}

MUTANTS = {
    "fails_flatten_hardcodes_60000": {
        "flatten": ("images.reshape(len(images), -1)", "images.reshape(60000, 784)")
    },
    "fails_flatten_whole_batch": {
        "flatten": ("images.reshape(len(images), -1)", "images.flatten()")
    },
    "fails_normalize_divides_by_256": {"normalize": ("/ 255", "/ 256")},
    "fails_normalize_min_max": {
        "normalize": (
            "x.astype(np.float32) / 255",
            "(x.astype(np.float32) - x.min()) / (x.max() - x.min())",
        )
    },
    "fails_normalize_divides_by_max": {"normalize": ("/ 255", "/ x.max()")},
    "fails_normalize_returns_integers": {"normalize": ("x.astype(np.float32) / 255", "x // 255")},
    "fails_normalize_modifies_input": {
        "normalize": (
            "return x.astype(np.float32) / 255",
            "x = x.astype(np.float32, copy=False)\n    x /= 255\n    return x",
        )
    },
    "fails_one_hot_wrong_width": {
        "one_hot": ("(len(labels), num_classes)", "(len(labels), labels.max() + 1)")
    },
    "fails_one_hot_int_dtype": {"one_hot": ("dtype=np.float32", "dtype=int")},
    "fails_one_hot_no_range_check": {
        "one_hot": "def one_hot(labels, num_classes):\n"
        "    return np.eye(num_classes, dtype=np.float32)[labels]"
    },
    "fails_one_hot_misses_negative": {"one_hot": ("labels.min() < 0 or ", "")},
    "fails_one_hot_float_index": {
        "one_hot": ("np.arange(len(labels)), labels]", "np.arange(len(labels)), labels / 1]")
    },
    "fails_count_parameters_skips_output_layer": {
        "count_parameters": (
            "zip(layer_sizes[:-1], layer_sizes[1:])",
            "zip(layer_sizes[:-2], layer_sizes[1:-1])",
        )
    },
    "fails_count_parameters_bias_per_input": {
        "count_parameters": ("(n_in + 1) * n_out", "n_in * (n_out + 1)")
    },
    "fails_count_parameters_forgets_biases": {
        "count_parameters": ("(n_in + 1) * n_out", "n_in * n_out")
    },
    "fails_build_model_sigmoid_output": {
        "build_model": ('Dense(10, activation="softmax")', 'Dense(10, activation="sigmoid")')
    },
    "fails_build_model_uses_input_shape": {
        "build_model": (
            'keras.Input(shape=(784,)),\n            keras.layers.Dense(512, activation="relu"),',
            'keras.layers.Dense(512, activation="relu", input_shape=(784,)),',
        )
    },
    "error_normalize_syntax_error": {"normalize": ("return x", "return x +")},
    "passes_with_warnings_and_prints": {
        "flatten": (
            "    return images.reshape",
            "    import sys, warnings\n"
            "    warnings.warn('debug: flattening')\n"
            "    print('flatten called', file=sys.stderr)\n"
            "    return images.reshape",
        )
    },
}

HINTS = {
    "fails_flatten_hardcodes_60000": "60000 같은 개수를 직접 쓰지 말고",
    "fails_flatten_whole_batch": "images.flatten()은 배치 전체를 한 줄로",
    "fails_normalize_divides_by_256": "256이 아니라 255로 나누세요",
    "fails_normalize_min_max": "배치의 최솟값과 최댓값으로 정규화했습니다",
    "fails_normalize_divides_by_max": "배치의 최댓값 x.max()로 나누었습니다",
    "fails_normalize_returns_integers": "정수 나눗셈(//)",
    "fails_normalize_modifies_input": "제자리에서 바꾸었습니다",
    "fails_one_hot_wrong_width": "num_classes 로 정하세요",
    "fails_one_hot_int_dtype": "float32여야 합니다",
    "fails_one_hot_no_range_check": "범위를 먼저 검사하고 ValueError",
    "fails_one_hot_misses_negative": "labels < 0 도 검사하세요",
    "fails_one_hot_float_index": "레이블을 칸 번호(인덱스)로 쓰지 못했습니다",
    "fails_count_parameters_skips_output_layer": "마지막 층(출력층)을 빠뜨렸습니다",
    "fails_count_parameters_bias_per_input": "편향을 입력 수만큼 세었습니다",
    "fails_count_parameters_forgets_biases": "편향(bias)을 빠뜨렸습니다",
    "fails_build_model_sigmoid_output": "softmax를 쓰세요",
    "fails_build_model_uses_input_shape": "keras.Input(shape=(784,))",
    "error_normalize_syntax_error": "SyntaxError",
}
