"""04_cross_entropy test data: the facts behind every number in the prose, and the typical mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run}. A number in the prose without an entry fails
tests/test_solutions_run.py. Errata pinned here: the slide's log loss 0.214 (log10) vs 0.4937 (ln),
sigmoid(2.0) = 0.881 (the slide's 0.880 is a truncation).

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`, or {grade_id: source} for a whole answer. tests/make_submissions.py writes them to
tests/submissions/04_cross_entropy/; expected.csv there holds their scores.

HINTS: {submission name: text the grader's reason must contain}: the Korean hint written for
that mistake, so each mistake is shown its own hint.
"""

FACTS = {
    "0": "relu(np.array([-3.0]))[0] == 0 and step(np.array([-1.0]))[0] == 0"
    " and entropy([1.0, 0.0]) == 0 and np.isclose(ce_gradient(8.0), 0, atol=1e-3)"
    " and np.isclose(mse_gradient(-8.0), 0, atol=1e-3)",
    "1": "step(np.array([2.0]))[0] == 1 and np.isclose(softmax(np.array([3.0, 1.0])).sum(), 1)"
    " and sigmoid(1000.0) == 1 and np.isclose(ce_gradient(-8.0), -1, atol=1e-3)",
    "2": "np.isclose(entropy([0.5, 0.5]), np.log(2)) and sizes[-1] == 2"
    " and abs(((1 - sigmoid(0.3 + 1e-6)) ** 2 - (1 - sigmoid(0.3 - 1e-6)) ** 2) / 2e-6"
    " - mse_gradient(0.3)) < 1e-6",
    "3": "sizes[0] == 3 and EPOCHS == 3 and FAST",
    "4": "sizes[1] == 4 and len(pairing_results) == 4"
    " and pairing_results['맞는 짝 결과'][0] < 0.1 and pairing_results['틀린 짝 결과'][0] > 1"
    " and pairing_results['맞는 짝 결과'][1] > 0.85"
    " and pairing_results['틀린 짝 결과'][1] == y_bin.mean() == 0.5"
    " and pairing_results['틀린 짝 결과'][2:].isna().all()"
    " and (pairing_results['맞는 짝 결과'][2:] > 0.9).all()",
    "5": "sizes[2] == 5 and FULL_EPOCHS == 5",
    "6": "path_mse[0] == path_ce[0] == -6 and np.isclose(w_axis[at], -6)"
    " and sigmoid(path_ce[-1]) > 0.9 > 0.01 > sigmoid(path_mse[-1])",
    "8": "len(table) == 8",
    "10": "np.isclose(ln_mean / slide_log10_mean, np.log(10)) and y_train.shape[1] == 10",
    "32": "model.layers[0].units == 32",
    "784": "x_fit.shape[1] == 784 and first['mse'] < first['categorical_crossentropy']"
    " and final['mse'] < final['categorical_crossentropy']",
    "500": "len(x_check) == 500",
    "1000": "np.log(np.finfo(np.float64).max) < 1000"
    " and np.allclose(softmax(np.array([1000.0, 1001.0, 1002.0])),"
    " softmax(np.array([0.0, 1.0, 2.0])))",
    "709": "int(np.log(np.finfo(np.float64).max)) == 709"
    " and np.allclose(softmax(np.array([[0.0, 1000.0, 1000.0]])), [[0, 0.5, 0.5]])",
    "2,000": "len(x_fit) == 2000",
    "60,000": "len(x_train) == 60000",
    "10,000": "len(x_valid) == 10000",
    "0.25": "np.isclose(sigmoid_derivative(0.0), 0.25)"
    " and sigmoid_derivative(z_axis).max() <= 0.25",
    "16.1": "round(-np.log(1e-7), 1) == 16.1 and np.isclose(clip_losses[1], -np.log(1e-7))"
    " and clip_losses[1] == clip_losses[2] and np.isclose(logit_losses[2], 30, atol=1e-4)",
    "0.18": "round(init_top, 2) == 0.18",
    "0.1": "1 / init_probabilities.shape[1] == 0.1",
    "0.09": "np.isclose(0.1 * (1 - 0.1), 0.09)",
    "50": "40 < ce_norm / mse_norm < 60",
    "0.731": "round(float(sigmoid(1.0)), 3) == 0.731",
    "0.881": "round(float(sigmoid(2.0)), 3) == 0.881",
    "0.880": "np.floor(float(sigmoid(2.0)) * 1000) / 1000 == 0.880",
    "0.8808": "round(float(sigmoid(2.0)), 4) == 0.8808",
    "0.214": "round(slide_log10_mean, 3) == 0.214"
    " and round(float(-np.mean(np.log10(table['corrected']))), 3) == 0.214",
    "0.21442": "round(slide_log10_mean, 5) == 0.21442 and round(0.21442 * np.log(10), 4) == 0.4937",
    "0.4937": "round(binary_cross_entropy(table_y, table_p), 4) == 0.4937"
    " and round(ln_mean, 4) == 0.4937"
    " and round(slide_log10_mean * np.log(10), 4) == 0.4937"
    " and abs(keras_mean(keras.losses.binary_crossentropy, table_y, table_p) - 0.4937306) < 1e-6",
}

NAIVE_SIGMOID = "def sigmoid(z):\n    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))"
RELU = "np.maximum(np.asarray(z, dtype=float), 0.0)"
NO_CLIP = ("np.clip(np.asarray(p, dtype=float), eps, 1 - eps)", "np.asarray(p, dtype=float)")
# `z -= max` on the float array the caller passed: right values, the caller's array changed
SOFTMAX_IN_PLACE = """def softmax(z):
    z = np.asarray(z, dtype=float)
    z -= np.max(z, axis=-1, keepdims=True)
    exps = np.exp(z)
    return exps / np.sum(exps, axis=-1, keepdims=True)"""
# the masked two-branch sigmoid written into the caller's array
SIGMOID_IN_PLACE = """def sigmoid(z):
    z = np.asarray(z, dtype=float)
    positive = z >= 0
    z[positive] = 1 / (1 + np.exp(-z[positive]))
    e = np.exp(z[~positive])
    z[~positive] = e / (1 + e)
    return z"""

MUTANTS = {
    "fails_sigmoid_overflow": {"sigmoid": NAIVE_SIGMOID},
    "fails_relu_python_max": {"relu": (RELU, "max(0, z)")},
    "fails_relu_returns_mask": {"relu": (RELU, "np.asarray(z) > 0")},
    "fails_relu_modifies_input": {"relu": "def relu(z):\n    z[z < 0] = 0\n    return z"},
    "fails_softmax_overflow": {"softmax": ("z - np.max(z, axis=-1, keepdims=True)", "z")},
    "fails_softmax_wrong_axis": {"softmax": ("axis=-1", "axis=0")},
    "fails_softmax_sums_whole_array": {
        "softmax": ("np.sum(exps, axis=-1, keepdims=True)", "np.sum(exps)")
    },
    "fails_binary_cross_entropy_log10": {"binary_cross_entropy": ("np.log(", "np.log10(")},
    "fails_binary_cross_entropy_no_clipping": {"binary_cross_entropy": NO_CLIP},
    "fails_categorical_cross_entropy_no_clipping": {"categorical_cross_entropy": NO_CLIP},
    "fails_categorical_cross_entropy_mean_over_classes": {
        "categorical_cross_entropy": (
            "np.mean(-np.sum(y_onehot * np.log(p), axis=-1))",
            "-np.mean(y_onehot * np.log(p))",
        )
    },
    "fails_sparse_categorical_cross_entropy_labels_as_one_hot": {
        "sparse_categorical_cross_entropy": "def sparse_categorical_cross_entropy(labels, p):\n"
        "    p = np.clip(np.asarray(p, dtype=float), 1e-7, 1 - 1e-7)\n"
        "    return float(-np.mean(np.sum(labels * np.log(p), axis=-1)))"
    },
    "fails_softmax_global_max": {"softmax": ("np.max(z, axis=-1, keepdims=True)", "np.max(z)")},
    "fails_softmax_row_min": {"softmax": ("np.max(z, axis=-1", "np.min(z, axis=-1")},
    "fails_softmax_row_mean": {"softmax": ("np.max(z, axis=-1", "np.mean(z, axis=-1")},
    "fails_softmax_in_place": {"softmax": SOFTMAX_IN_PLACE},
    "fails_softmax_axis_1": {"softmax": ("axis=-1", "axis=1")},
    "fails_softmax_no_keepdims": {
        "softmax": ("np.max(z, axis=-1, keepdims=True)", "np.max(z, axis=-1)")
    },
    "fails_sigmoid_modifies_input": {"sigmoid": SIGMOID_IN_PLACE},
    "fails_binary_cross_entropy_divides_by_len": {
        "binary_cross_entropy": (
            "float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))",
            "float(-np.sum(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)) / len(y_true))",
        )
    },
    "fails_categorical_cross_entropy_sums_samples_axis": {
        "categorical_cross_entropy": ("axis=-1", "axis=0")
    },
    "fails_sparse_categorical_cross_entropy_float_labels": {
        "sparse_categorical_cross_entropy": (
            "np.asarray(labels, dtype=int)",
            "np.asarray(labels, dtype=float)",
        )
    },
    "fails_sparse_categorical_cross_entropy_picks_columns": {
        "sparse_categorical_cross_entropy": ("p[np.arange(len(labels)), labels]", "p[:, labels]")
    },
    "error_softmax_syntax_error": {"softmax": ("exps = np.exp(shifted)", "exps = np.exp(shifted")},
}

HINTS = {
    "fails_sigmoid_overflow": "np.exp(1000)이 넘쳤습니다(overflow)",
    "fails_relu_python_max": "np.maximum(z, 0)을 쓰세요",
    "fails_relu_returns_mask": "z > 0은 ReLU의 기울기입니다",
    "fails_relu_modifies_input": "relu() 이(가) 입력 'z'",
    "fails_softmax_overflow": "지수를 계산하기 전에 최댓값을 빼세요",
    "fails_softmax_wrong_axis": "axis=0으로 클래스마다 정규화했습니다",
    "fails_softmax_sums_whole_array": "배열 전체의 합이 1입니다",
    "fails_binary_cross_entropy_log10": "슬라이드처럼 log10을 썼습니다",
    "fails_binary_cross_entropy_no_clipping": "log(0)을 피하도록 np.clip",
    "fails_categorical_cross_entropy_no_clipping": "정답 클래스의 확률이 0일 때",
    "fails_categorical_cross_entropy_mean_over_classes": "클래스 축은 더하고",
    "fails_sparse_categorical_cross_entropy_labels_as_one_hot": "원-핫 벡터가 아니라 정수 레이블",
    "fails_softmax_global_max": "배열 전체의 최댓값을 빼면",
    "fails_softmax_row_min": "행의 최솟값을 빼면",
    "fails_softmax_row_mean": "행의 평균을 빼면",
    "fails_softmax_in_place": "softmax() 이(가) 입력 'z'",
    "fails_softmax_axis_1": "1차원 입력에는 axis=1이 없습니다",
    "fails_softmax_no_keepdims": "keepdims=True로 축을 남기세요",
    "fails_sigmoid_modifies_input": "sigmoid() 이(가) 입력 'z'",
    "fails_binary_cross_entropy_divides_by_len": "len(y_true)는 행 수(2)만 셉니다",
    "fails_categorical_cross_entropy_sums_samples_axis": "샘플 축(axis=0)으로 더했습니다",
    "fails_sparse_categorical_cross_entropy_float_labels": "실수(float) 배열은 인덱스로",
    "fails_sparse_categorical_cross_entropy_picks_columns": "p[:, labels]는 모든 행에서",
    "error_softmax_syntax_error": "SyntaxError",
}

DATA_SUBDIR = ""
