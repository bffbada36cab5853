"""00_perceptron test data: the facts behind every number in the prose, and the typical mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run}. A number in the prose without an entry fails
tests/test_solutions_run.py. Pinned here: the tangerine story (22 of 200 wrong by the hand rule,
12 small ripe and 10 big unripe; 2,201 candidate rules, 36 without an error, the first k = 0.7,
t = 7.85; on 100 new tangerines 3 vs 0 wrong), the random-line experiment (10,000 lines: 166 fit
AND, 446 fit OR, none fits XOR, the best get 3 of 4), the learning rule (AND error-free from epoch
6, OR from epoch 4, XOR never in 20 epochs and all 4 wrong from epoch 3; the tangerines take 71
epochs as they are and 2 once centred) and the three-layer network (39 parameters, the same
probabilities as Keras).

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`. tests/make_submissions.py writes them to tests/submissions/00_perceptron/; expected.csv
there holds their scores.

HINTS: {submission name: text the grader's reason must contain}: the Korean hint written for
that mistake, so each mistake is shown its own hint.
"""

_XOR_ERRORS = "learning_runs['XOR'][2]"
_XOR_FINAL_WRONG = (
    "int(np.sum(perceptron(GATE_INPUTS, *learning_runs['XOR'][:2])"
    " != np.array(LEARNED_TRUTH['XOR'])))"
)
_AS_IS, _CENTRED = "fruit_results['그대로']", "fruit_results['평균을 뺌']"

FACTS = {
    "255": "np.iinfo(np.uint8).max == 255",
    "0": "fruit[:, 1].min() >= 0 and K_GRID[0] == 0 and rule_errors[best] == 0"
    " and new_learned_errors == 0 and perceptron(np.array([1.0, 0.0]), np.array([1.0, 1.0]), -1.0)"
    " == 0 and learning_runs['AND'][2][-1] == 0 and min(" + _XOR_ERRORS + ") > 0"
    f" and {_CENTRED}['new_errors'] == 0 and {_CENTRED}['first_zero'] == 2",
    "0.05": "np.allclose(np.diff(T_GRID), 0.05)",
    "0.1": "np.allclose(np.diff(K_GRID), 0.1)",
    "0.7": "k_best == 0.7 and rule_errors[best] == 0",
    "1": "fruit[:, 1].max() <= 1 and perceptron(np.array([1.0, 1.0]), *gate_weights('AND')) == 1"
    " and train_perceptron(GATE_INPUTS, [0, 0, 0, 1])[2]"
    " == train_perceptron(GATE_INPUTS, [0, 0, 0, 1], learning_rate=1.0)[2]"
    f" and float({_AS_IS}['b']).is_integer() and np.allclose(probabilities.sum(axis=1), 1)"
    " and W2.shape == (2, 1)",
    "2": f"{_CENTRED}['first_zero'] == 2 and {_AS_IS}['new_errors'] == 2"
    f" and {_XOR_FINAL_WRONG} == 2 and W1.shape == (2, 2) and W2.shape == (2, 1)"
    " and probabilities.shape == (5, 2) and network[2][0].shape == (3, 2)"
    " and (np.ones((5, 3)) @ np.ones((3, 2))).shape == (5, 2)",
    "3": "int(points_right['XOR'].max()) == 3 and new_hand_errors == 3"
    f" and {_XOR_ERRORS}[2:] == [4] * (RULE_EPOCHS - 2) and {_XOR_ERRORS}[1] < 4"
    " and fruit_batch.shape[1] == 3 and network[1][0].shape == (4, 3)",
    "4": "first_zero['OR'] == 4 and len(GATE_INPUTS) == 4 and network[0][0].shape == (3, 4)"
    f" and max({_XOR_ERRORS}) == 4 and all(int(r.max()) == 4 for n, r in points_right.items()"
    " if n != 'XOR')",
    "5": "len(fruit_batch) == 5",
    "6": "first_zero['AND'] == 6 and learning_runs['AND'][2][4] > 0",
    "6.5": "T_GRID[0] == 6.5",
    "7.5": "hand_rule(np.array([7.5, 7.6])).tolist() == [0, 1]"
    " and abs(fruit[:, 0].mean() - 7.5) < 0.1 and hand_errors == int(hand_wrong.sum())",
    "7.85": "t_best == 7.85",
    "8": "np.array_equal(ripe, (fruit.sum(axis=1) > 8).astype(int))"
    " and np.array_equal(new_ripe, (new_fruit.sum(axis=1) > 8).astype(int))",
    "10": "T_GRID[-1] == 10 and big_but_unripe == 10",
    "12": "small_but_ripe == 12",
    "20": "RULE_EPOCHS == 20 and len(" + _XOR_ERRORS + ") == 20",
    "22": "int(hand_wrong.sum()) == 22 and hand_errors == 22",
    "36": "int(np.sum(rule_errors == 0)) == 36",
    "39": "keras_network.count_params() == 39"
    " == sum(W.size + b.size for W, b, _ in network) == (3 * 4 + 4) + (4 * 3 + 3) + (3 * 2 + 2)"
    " and keras_difference < 1e-6",
    "71": f"{_AS_IS}['first_zero'] == 71",
    "100": "len(new_fruit) == 100 and FRUIT_EPOCHS == 100",
    "166": "perfect_lines['AND'] == 166",
    "200": "len(fruit) == 200 and len(ripe) == 200",
    "446": "perfect_lines['OR'] == 446 and perfect_lines['XOR'] == 0",
    "710": "np.log(np.finfo(np.float64).max) < 710 < np.log(np.finfo(np.float64).max) + 1",
    "2,201": "rule_errors.size == 2201 == len(K_GRID) * len(T_GRID)",
    "10,000": "N_LINES == 10000 and line_outputs.shape == (4, 10000)",
}

_DENSE = "Z = X @ W + b  # (n, d) @ (d, k) -> (n, k); b (k,) is added to every row"

MUTANTS = {
    "fails_perceptron_step_at_zero": {
        "perceptron": ("return (z > 0).astype(int)", "return (z >= 0).astype(int)")
    },
    "fails_perceptron_forgets_bias": {"perceptron": ("z = x @ w + b", "z = x @ w")},
    "fails_perceptron_if_on_batch": {
        "perceptron": ("return (z > 0).astype(int)", "return 1 if z > 0 else 0")
    },
    "fails_perceptron_sums_whole_batch": {"perceptron": ("z = x @ w + b", "z = np.sum(x * w) + b")},
    "fails_gate_weights_nand_keeps_and_weights": {
        "gate_weights": ('"NAND": ([-1.0, -1.0], 1.5)', '"NAND": ([1.0, 1.0], 1.5)')
    },
    "fails_gate_weights_or_uses_and_bias": {
        "gate_weights": ('"OR": ([1.0, 1.0], -0.5)', '"OR": ([1.0, 1.0], -1.5)')
    },
    "fails_xor_or_in_output_layer": {"xor": ("return and_(s1, s2)", "return or_(s1, s2)")},
    "fails_xor_not_built_from_gates": {
        "xor": (
            "    s1 = nand(x1, x2)\n    s2 = or_(x1, x2)\n    return and_(s1, s2)",
            "    return int(x1 != x2)",
        )
    },
    "fails_train_perceptron_forgets_bias_update": {
        "train_perceptron": ("                b = b + learning_rate * (y_i - y_hat)\n", "")
    },
    "fails_train_perceptron_sign_error": {"train_perceptron": ("(y_i - y_hat)", "(y_hat - y_i)")},
    "error_train_perceptron_syntax_error": {
        "train_perceptron": ("return w, float(b), errors", "return w, float(b, errors")
    },
    "fails_dense_forward_transposes_w": {"dense_forward": (_DENSE, "Z = X @ W.T + b")},
    "fails_dense_forward_forgets_bias": {"dense_forward": (_DENSE, "Z = X @ W")},
    "fails_dense_forward_bias_per_sample": {
        "dense_forward": (_DENSE, "Z = X @ W + b.reshape(-1, 1)")
    },
    "fails_dense_forward_activation_before_bias": {
        "dense_forward": (_DENSE + "\n    return activation(Z)", "return activation(X @ W) + b")
    },
    "fails_softmax_not_row_wise": {
        "softmax": ("exps / np.sum(exps, axis=-1, keepdims=True)", "exps / np.sum(exps)")
    },
    "fails_softmax_not_stabilised": {
        "softmax": ("shifted = Z - np.max(Z, axis=-1, keepdims=True)", "shifted = Z")
    },
    "fails_softmax_subtracts_global_max": {
        "softmax": ("shifted = Z - np.max(Z, axis=-1, keepdims=True)", "shifted = Z - np.max(Z)")
    },
    "fails_softmax_subtracts_row_min": {
        "softmax": (
            "shifted = Z - np.max(Z, axis=-1, keepdims=True)",
            "shifted = Z - np.min(Z, axis=-1, keepdims=True)",
        )
    },
    "fails_softmax_subtracts_row_mean": {
        "softmax": (
            "shifted = Z - np.max(Z, axis=-1, keepdims=True)",
            "shifted = Z - np.mean(Z, axis=-1, keepdims=True)",
        )
    },
    "fails_softmax_in_place": {
        "softmax": (
            "shifted = Z - np.max(Z, axis=-1, keepdims=True)",
            "Z -= np.max(Z, axis=-1, keepdims=True)\n    shifted = Z",
        )
    },
    "fails_softmax_axis_1": {"softmax": ("axis=-1", "axis=1")},
    "fails_softmax_sums_columns": {
        "softmax": (
            "exps / np.sum(exps, axis=-1, keepdims=True)",
            "exps / np.sum(exps, axis=0, keepdims=True)",
        )
    },
    "fails_perceptron_uses_sign": {
        "perceptron": ("return (z > 0).astype(int)", "return np.sign(z).astype(int)")
    },
    "fails_gate_weights_xor_key_error": {
        "gate_weights": (
            "    if gate not in table:\n        raise ValueError(",
            "    if False:\n        raise ValueError(",
        )
    },
    "fails_gate_weights_xor_returns_none": {
        "gate_weights": (
            'raise ValueError(f"{gate}: 퍼셉트론 하나로 만드는 게이트는 AND, NAND, OR입니다.")',
            "return None",
        )
    },
    "fails_dense_forward_elementwise_product": {"dense_forward": (_DENSE, "Z = X * W + b")},
}

HINTS = {
    "fails_perceptron_step_at_zero": ">= 가 아니라 > 를 쓰세요",
    "fails_perceptron_forgets_bias": "편향 b를 더하지 않았습니다: z = x @ w + b",
    "fails_perceptron_if_on_batch": "숫자 하나에만 쓸 수 있습니다",
    "fails_perceptron_sums_whole_batch": "np.sum(x * w)는 배치 전체를 한데 더합니다",
    "fails_gate_weights_nand_keeps_and_weights": "NAND가 네 입력 모두에서 1입니다",
    "fails_gate_weights_or_uses_and_bias": "OR이 AND처럼 동작합니다",
    "fails_xor_or_in_output_layer": "두 번째 층(출력)은 OR가 아니라 AND입니다",
    "fails_xor_not_built_from_gates": "게이트가 한 번도 불리지 않았습니다",
    "fails_train_perceptron_forgets_bias_update": "틀릴 때마다 편향도 고치세요",
    "fails_train_perceptron_sign_error": "부호가 반대입니다",
    "error_train_perceptron_syntax_error": "SyntaxError",
    "fails_dense_forward_transposes_w": "W.T나 W @ X를 쓰지 마세요",
    "fails_dense_forward_forgets_bias": "편향 b를 더하지 않았습니다: X @ W + b",
    "fails_dense_forward_bias_per_sample": "편향이 샘플(행)마다 다르게 더해졌습니다",
    "fails_dense_forward_activation_before_bias": "활성화 함수를 적용한 뒤에 b를 더했습니다",
    "fails_softmax_not_row_wise": "배열 전체의 합이 1입니다",
    "fails_softmax_not_stabilised": "넘쳐(overflow)",
    "fails_softmax_subtracts_global_max": "배열 전체의 최댓값(np.max(Z))을 빼면",
    "fails_softmax_subtracts_row_min": "최솟값을 빼도 한 행 안의 값이 709보다 넘게 벌어지면",
    "fails_softmax_subtracts_row_mean": "평균을 빼도 값 하나가 행의 평균보다 709 넘게 크면",
    "fails_softmax_in_place": "제자리에서 바꾸었습니다",
    "fails_softmax_axis_1": "axis=1 대신 마지막 축 axis=-1",
    "fails_softmax_sums_columns": "열(axis=0)마다 나눴습니다",
    "fails_perceptron_uses_sign": "np.sign은 음수에 -1을 냅니다",
    "fails_gate_weights_xor_key_error": "ValueError가 아니라 KeyError가 났습니다",
    "fails_gate_weights_xor_returns_none": "gate_weights('XOR')가 ValueError를 내지 않았습니다",
    "fails_dense_forward_elementwise_product": "X * W는 원소끼리 곱하는 연산",
}

DATA_SUBDIR = ""
