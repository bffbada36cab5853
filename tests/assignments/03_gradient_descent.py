"""03_gradient_descent test data: the facts behind every prose number, and the typical mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run}. The errata of the slides' gradient-descent appendix
(../shared/research/errata.md) are pinned here: predictions 4 and 3, MSE 2.5, RMSE 1.581,
gradients (-3, -1) = (5m + 3b - 13, 3m + 2b - 8), one step with lr 0.1 / 0.5 / 0.005, the
minimum (2, 1) with MSE 0, cost(0) = cost(2) = 4.67, cost(1) = 0, and the slide's wrong -7 / -3
and (-1.7, 5.3), whose update goes uphill.

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`. tests/make_submissions.py writes them to tests/submissions/03_gradient_descent/;
expected.csv there holds their scores.

HINTS: {submission name: text the grader's reason must contain}.
"""

_GRADS = "mse_gradients(x_slide, y_slide, M0, B0)"
_FORMULAS = (
    "all(np.allclose(mse_gradients(x_slide, y_slide, m, b),"
    " (5 * m + 3 * b - 13, 3 * m + 2 * b - 8))"
    " for m, b in [(-1, 5), (0.3, -2), (4, 1), (2, 1)])"
)
_STEP = "gradient_step(M0, B0, *" + _GRADS + ", {lr})"

FACTS = {
    "0": "final_mse < 1e-9 and cost(1) == 0"
    " and np.allclose(mse_gradients(x_slide, y_slide, 2, 1), (0, 0))",
    "0.005": f"np.allclose({_STEP.format(lr=0.005)}, (-0.985, 5.005))"
    " and rate_losses[0.005][-1] > rate_losses[0.1][-1] + 0.5",
    "0.05": "BATCH_LR == 0.05",
    "0.1": f"np.allclose({_STEP.format(lr=0.1)}, (-0.7, 5.1))"
    " and np.isclose(float(line_model.optimizer.learning_rate), 0.1)"
    " and np.isclose(slide[0], M0 - 7 * 0.1)",
    "0.25": "NOISE ** 2 == 0.25 and round(best_mse, 2) == 0.25"
    " and min(losses.min() for _, _, losses in batch_runs.values()) >= best_mse - 1e-9",
    "0.29": "round(2 / np.linalg.eigvalsh(2 * np.array([[np.mean(x_slide ** 2), np.mean(x_slide)],"
    " [np.mean(x_slide), 1.0]])).max(), 2) == 0.29"
    " and gradient_descent(x_slide, y_slide, M0, B0, 0.3, 300)[-1, 2] > start_mse"
    " and gradient_descent(x_slide, y_slide, M0, B0, 0.28, 300)[-1, 2] < 1e-6",
    "0.3": "np.isclose(M0 - 0.1 * (9 * M0 + 5 * B0 - 23), -0.3)"
    " and not np.isclose(slide[0], M0 - 0.1 * (9 * M0 + 5 * B0 - 23))",
    "0.5": f"np.allclose({_STEP.format(lr=0.5)}, (0.5, 5.5)) and rate_losses[0.5][-1] > 1e10"
    " and np.all(np.diff(np.sign(np.diff("
    "gradient_descent(x_slide, y_slide, M0, B0, 0.5, 10)[:, 0]))) != 0)"
    " and NOISE == 0.5",
    "0.7": "np.allclose(ours, (-0.7, 5.1)) and np.allclose(descent[1, :2], (-0.7, 5.1))"
    " and np.allclose(keras_first, (-0.7, 5.1), atol=1e-6)",
    "0.985": f"np.allclose({_STEP.format(lr=0.005)}, (-0.985, 5.005))",
    "1": f"data[0] == (1, 3) and M0 == -1 and np.isclose({_GRADS}[1], -1)"
    " and np.allclose(descent[-1, :2], (2, 1), atol=1e-4) and cost(1) == 0 and 1 in batch_runs"
    " and len(batch_runs[N_BIG][2]) == BATCH_EPOCHS + 1 and np.isclose(cost(0), (1 + 4 + 9) / 3)",
    "1.58": "round(rmse(y_slide, y_hat), 2) == 1.58 and round(np.sqrt(start_mse), 3) == 1.581",
    "1.6": "round(np.sqrt(loop_mse), 1) == 1.6",
    "1.7": "slide == (-1.7, 5.3) and mse_slide > start_mse",
    "1.825": "np.isclose(mse_ours, 1.825) and np.isclose(descent[1, 2], 1.825)",
    "2": "data[1] == (2, 5) and len(data) == 2 and np.allclose(descent[-1, :2], (2, 1), atol=1e-4)"
    " and np.isclose(cost(2), cost(0)) and abs(best_m - 2) < 0.2",
    "2.5": "loop_mse == 2.5 and start_mse == 2.5 and ((3 - 4) ** 2 + (5 - 3) ** 2) / 2 == 2.5",
    "3": f"data[0][1] == 3 and y_hat[1] == 3 and np.isclose({_GRADS}[0], -3)"
    " and np.allclose(hand_grads, (-3, -1)) and np.allclose(numeric_grads, (-3, -1))"
    " and np.allclose(tape_grads, (-3, -1)) and len(x_cost) == 3 and len(BATCH_SIZES) == 3",
    "4": "y_hat[0] == 4 and x_cost[1] ** 2 == 4",
    "4.7": "np.isclose(B0 - 3 * 0.1, 4.7) and np.isclose(B0 + 3 * 0.1, slide[1])"
    " and np.isclose(slide[1], B0 - 0.1 * (5 * M0 + 3 * B0 - 13))",
    "4.67": "round(cost(0), 2) == round(cost(2), 2) == 4.67 and cost(1) == 0",
    "4.985": "np.isclose(mse_slide, 4.985) and mse_slide > start_mse",
    "5": f"data[1][1] == 5 and B0 == 5 and {_FORMULAS}",
    "5.005": f"np.allclose({_STEP.format(lr=0.005)}, (-0.985, 5.005))",
    "5.1": "np.allclose(ours, (-0.7, 5.1)) and np.allclose(descent[1, :2], (-0.7, 5.1))",
    "5.3": "slide == (-1.7, 5.3) and np.isclose(mse_slide, 4.985) and mse_slide > start_mse",
    "5.5": f"np.allclose({_STEP.format(lr=0.5)}, (0.5, 5.5))",
    "7": "9 * M0 + 5 * B0 - 23 == -7 and not np.allclose(" + _GRADS + ", (-7, -3))",
    "8": _FORMULAS,
    "9": "9 * M0 + 5 * B0 - 23 == -7 and x_cost[2] ** 2 == 9",
    "10": "BATCH_EPOCHS == 10 and N_BIG // 20 == 10"
    " and len(batch_runs[20][2]) == 10 * BATCH_EPOCHS + 1",
    "13": _FORMULAS + " and 5 * M0 + 3 * B0 - 13 == -3",
    "20": "20 in batch_runs and all(len(losses) == 21 for losses in rate_losses.values())",
    "23": "9 * M0 + 5 * B0 - 23 == -7",
    "30": "FULL_BATCH_EPOCHS == 30",
    "100": "KERAS_STEPS_PER_EPOCH == 100 and len(keras_history.history['loss']) == KERAS_EPOCHS",
    "200": "N_BIG == len(x_big) == 200 and len(batch_runs[1][2]) == 200 * BATCH_EPOCHS + 1",
    "600": "KERAS_EPOCHS * KERAS_STEPS_PER_EPOCH == 600"
    " and np.allclose((keras_m, keras_b), (2, 1), atol=0.01)"
    " and np.allclose((keras_m, keras_b), (numpy_m, numpy_b), atol=1e-3)",
    "1000": "len(descent) == 1001 and np.allclose(descent[-1], (2, 1, 0), atol=1e-4)",
}

_STEP_SOURCE = "m - learning_rate * dm, b - learning_rate * db"

MUTANTS = {
    "fails_mse_sums_instead_of_mean": {
        "mse": (
            "return float(np.mean((y_true - y_pred) ** 2))",
            "return float(np.sum((y_true - y_pred) ** 2))",
        )
    },
    "fails_mse_modifies_input": {
        "mse": (
            "return float(np.mean((y_true - y_pred) ** 2))",
            "y_true -= y_pred\n    return float(np.mean(y_true**2))",
        )
    },
    "fails_mse_no_shape_check": {"mse": ("if y_true.shape != y_pred.shape:", "if False:")},
    "fails_rmse_forgets_sqrt": {
        "rmse": (
            "float(np.sqrt(np.mean((y_true - y_pred) ** 2)))",
            "float(np.mean((y_true - y_pred) ** 2))",
        )
    },
    "fails_mse_gradients_sign_error": {
        "mse_gradients": ("error = y - (m * x + b)", "error = (m * x + b) - y")
    },
    "fails_mse_gradients_forgets_1_over_n": {"mse_gradients": ("np.mean", "np.sum")},
    "fails_mse_gradients_swaps_dm_db": {
        "mse_gradients": ("return float(dm), float(db)", "return float(db), float(dm)")
    },
    "fails_gradient_step_sign_error": {
        "gradient_step": (_STEP_SOURCE, "m + learning_rate * dm, b + learning_rate * db")
    },
    "fails_gradient_step_swaps_dm_db": {
        "gradient_step": (_STEP_SOURCE, "m - learning_rate * db, b - learning_rate * dm")
    },
    "fails_gradient_descent_sign_error": {
        "gradient_descent": (_STEP_SOURCE, "m + learning_rate * dm, b + learning_rate * db")
    },
    "fails_gradient_descent_no_start_row": {
        "gradient_descent": ("history = [(m, b, loss(m, b))]", "history = []")
    },
    "fails_gradient_descent_loss_before_update": {
        "gradient_descent": (
            "        m, b = m - learning_rate * dm, b - learning_rate * db\n"
            "        history.append((m, b, loss(m, b)))",
            "        old_loss = loss(m, b)\n"
            "        m, b = m - learning_rate * dm, b - learning_rate * db\n"
            "        history.append((m, b, old_loss))",
        )
    },
    "error_mse_gradients_syntax_error": {
        "mse_gradients": ("return float(dm), float(db)", "return float(dm), float(db")
    },
    "fails_mse_divides_by_n_minus_1": {
        "mse": (
            "return float(np.mean((y_true - y_pred) ** 2))",
            "return float(np.sum((y_true - y_pred) ** 2) / (len(y_true) - 1))",
        )
    },
    "fails_rmse_divides_by_n_minus_1": {
        "rmse": (
            "float(np.sqrt(np.mean((y_true - y_pred) ** 2)))",
            "float(np.sqrt(np.sum((y_true - y_pred) ** 2) / (len(y_true) - 1)))",
        )
    },
    "fails_mse_gradients_divides_by_n_minus_1": {
        "mse_gradients": (
            "dm = -2 * np.mean(x * error)\n    db = -2 * np.mean(error)",
            "n = len(x)\n    dm = -2 * np.sum(x * error) / (n - 1)\n"
            "    db = -2 * np.sum(error) / (n - 1)",
        )
    },
    "fails_mse_gradients_minus_sum": {
        "mse_gradients": (
            "dm = -2 * np.mean(x * error)\n    db = -2 * np.mean(error)",
            "dm = -np.sum(x * error)\n    db = -np.sum(error)",
        )
    },
    "fails_mse_gradients_hard_codes_two_points": {
        "mse_gradients": (
            "return float(dm), float(db)",
            "return 5 * m + 3 * b - 13, 3 * m + 2 * b - 8",
        )
    },
    "fails_gradient_step_hard_codes_learning_rate": {
        "gradient_step": (_STEP_SOURCE, "m - 0.1 * dm, b - 0.1 * db")
    },
    "fails_gradient_descent_hard_codes_two_points": {
        "gradient_descent": (
            "        error = y - (m * x + b)\n"
            "        dm = -2 * np.mean(x * error)\n"
            "        db = -2 * np.mean(error)\n",
            "        dm, db = 5 * m + 3 * b - 13, 3 * m + 2 * b - 8\n",
        )
    },
    "fails_gradient_descent_sums_loss": {
        "gradient_descent": (
            "return np.mean((y - (m * x + b)) ** 2)",
            "return np.sum((y - (m * x + b)) ** 2)",
        )
    },
}

HINTS = {
    "fails_mse_sums_instead_of_mean": "더하기만(sum) 했습니다",
    "fails_mse_modifies_input": "제자리에서 바꾸었습니다",
    "fails_mse_no_shape_check": "다른데 오류가 나지 않았습니다",
    "fails_rmse_forgets_sqrt": "np.sqrt를 빠뜨렸습니다",
    "fails_mse_gradients_sign_error": "부호가 반대입니다: (y - (m x + b))를 m으로 미분하면",
    "fails_mse_gradients_forgets_1_over_n": "1/n을 빠뜨렸습니다",
    "fails_mse_gradients_swaps_dm_db": "dm과 db가 바뀌었습니다",
    "fails_gradient_step_sign_error": "그래디언트를 더하면 손실이 커지는 오르막",
    "fails_gradient_step_swaps_dm_db": "dm과 db를 바꿔 썼습니다",
    "fails_gradient_descent_sign_error": "손실이 커졌습니다(오르막)",
    "fails_gradient_descent_no_start_row": "0행에 시작점",
    "fails_gradient_descent_loss_before_update": "갱신 전의 손실",
    "error_mse_gradients_syntax_error": "SyntaxError",
    "fails_mse_divides_by_n_minus_1": "n - 1로 나눴습니다. MSE는 n으로 나눈 평균",
    "fails_rmse_divides_by_n_minus_1": "RMSE도 n - 1이 아니라 n으로",
    "fails_mse_gradients_divides_by_n_minus_1": "n - 1로 나눴습니다: 기울기의 -2/n",
    "fails_mse_gradients_minus_sum": "-2/n 대신 -1을 곱했습니다",
    "fails_mse_gradients_hard_codes_two_points": "식 (5m + 3b - 13, 3m + 2b - 8)을 그대로 썼습니다",
    "fails_gradient_step_hard_codes_learning_rate": "코드에 직접 쓰지 말고 인자 learning_rate",
    "fails_gradient_descent_hard_codes_two_points": "두 점 데이터의 기울기 식을 그대로 썼습니다",
    "fails_gradient_descent_sums_loss": "MSE 열에 제곱 오차의 합을 적었습니다",
}
