"""05_optimizers test data: the facts behind every number in the prose, and the typical mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run}. A number in the prose without an entry fails
tests/test_solutions_run.py.

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`. tests/make_submissions.py writes them to tests/submissions/05_optimizers/; expected.csv
there holds their scores.

HINTS: {submission name: text the grader's reason must contain}: the Korean hint written for
that mistake, so each mistake is shown its own hint.
"""

FACTS = {
    "0": "bowl(0.0, 0.0) == 0 and bowl_grad(0.0, 0.0).tolist() == [0, 0]",
    "1": "abs(1 - 2 * SWEEP_RATES['too large']) > 1 > abs(1 - 2 * SWEEP_RATES['good'])"
    " and bowl(0.0, 1.0) == 1",
    "2": "START[1] == 2 and bowl_grad(0.0, 1.0)[1] == 2",
    "3": "keras.__version__.split('.')[0] == '3'",
    "7": "START[0] == -7",
    "10": "bowl_grad(10.0, 0.0)[0] == 1 and 1 - GD_RATE / 10 > 0.9"
    " and model.layers[-1].units == 10",
    "20": "bowl(20.0, 0.0) == 20 and 2 / (1 / 10) == 20",
    "30": "STEPS == 30 and all(len(path) == 31 for path in bowl_paths.values())",
    "0.001": "Adam().learning_rate == 0.001 and np.isclose(1 - Adam().beta_2, 0.001)",
    "0.1": "BOWL_OPTIMIZERS['Momentum'].learning_rate == 0.1"
    " and np.isclose(1 - Adam().beta_1, 0.1)",
    "0.3": "BOWL_OPTIMIZERS['RMSprop'].learning_rate == 0.3"
    " == BOWL_OPTIMIZERS['Adam'].learning_rate",
    "0.9": "BOWL_OPTIMIZERS['Momentum'].momentum == 0.9",
    "0.95": "BOWL_OPTIMIZERS['SGD'].learning_rate == 0.95 == GD_RATE",
    "1.5": "BOWL_OPTIMIZERS['AdaGrad'].learning_rate == 1.5 and bowl_losses['AdaGrad'][-1] < 0.01",
    "128": "history.params['steps'] == -(-len(x_fit) // 128) and model.layers[0].units == 128",
    "784": "x_fit.shape[1] == 784 == model.input_shape[1]",
    "2,000": "len(x_fit) == 2000",
    "500": "len(x_check) == 500",
    "60,000": "len(x_train) == 60000",
    "10,000": "len(x_valid) == 10000",
    "5": "FULL_EPOCHS == 5 and len(mnist_rows) == 5",
    "0.02": "all(bowl_losses[name][-1] < 0.02 for name in ['SGD', 'AdaGrad', 'RMSprop'])"
    " and min(bowl_losses['Momentum'][-1], bowl_losses['Adam'][-1]) > 0.02",
    "24": "int(bowl_losses['Adam'].argmin()) == 24"
    " and np.all(np.diff(bowl_losses['Adam'][24:30]) > 0)",
    "0.04": "round(float(bowl_losses['Adam'][24]), 2) == 0.04",
    "0.10": "round(float(bowl_losses['Adam'][30]), 2) == 0.10"
    " and bowl_losses['Adam'][30] < bowl_losses['Adam'][29]",
    "60": "long_losses['Adam'][60] < 0.01"
    " and long_losses['RMSprop'][100] > long_losses['RMSprop'][60]",
    "0.01": "long_losses['Adam'][60] < 0.01 < long_losses['Adam'][30]",
    "100": "LONG_STEPS == 100 and long_losses['RMSprop'][100] > long_losses['RMSprop'][60]",
    "0.24": "(lambda opt, p: (opt.update(p, {'w': np.array([1e-6])}),"
    " round(-float(p['w'][0]), 2))[1])"
    "(Adam(learning_rate=1.0), {'w': np.array([0.0])}) == 0.24",
    "16": "-(-2000 // 128) == 16 and (not FAST or history.params['steps'] == 16)",
}

ADAGRAD_STEP = (
    "            params[key] -= self.learning_rate * grads[key] / np.sqrt(h + self.epsilon)"
)
RMSPROP_STEP = ADAGRAD_STEP.replace("(h + ", "(v + ")
RMSPROP_VELOCITY = "            v *= self.rho\n            v += (1 - self.rho) * grads[key] ** 2"

MUTANTS = {
    "fails_sgd_replaces_arrays": {
        "sgd": (
            "params[key] -= self.learning_rate * grads[key]",
            "params[key] = params[key] - self.learning_rate * grads[key]",
        )
    },
    "fails_momentum_wrong_sign": {
        "momentum": (
            "v -= self.learning_rate * grads[key]",
            "v += self.learning_rate * grads[key]",
        )
    },
    "fails_adagrad_shared_state": {
        "adagrad": (
            "            self.accumulator = {\n"
            "                key: np.full_like(value, self.initial_accumulator_value)\n"
            "                for key, value in params.items()\n"
            "            }\n"
            "        for key in params:\n"
            "            h = self.accumulator[key]\n",
            "            first = next(iter(params.values()))\n"
            "            self.accumulator = np.full_like(first, self.initial_accumulator_value)\n"
            "        for key in params:\n"
            "            h = self.accumulator\n",
        )
    },
    "fails_adagrad_starts_at_zero": {
        "adagrad": (
            "np.full_like(value, self.initial_accumulator_value)",
            "np.zeros_like(value)",
        )
    },
    "fails_rmsprop_epsilon_outside_sqrt": {
        "rmsprop": ("np.sqrt(v + self.epsilon)", "(np.sqrt(v) + self.epsilon)")
    },
    "fails_adam_no_bias_correction": {
        "adam": (
            "self.learning_rate * np.sqrt(1 - self.beta_2**self.t) / (1 - self.beta_1**self.t)",
            "self.learning_rate",
        )
    },
    "fails_adam_step_not_incremented": {"adam": ("        self.t += 1\n", "")},
    "fails_adam_epsilon_inside_sqrt": {
        "adam": ("(np.sqrt(v) + self.epsilon)", "np.sqrt(v + self.epsilon)")
    },
    "fails_momentum_moves_before_velocity": {
        "momentum": (
            "            v *= self.momentum\n"
            "            v -= self.learning_rate * grads[key]\n"
            "            params[key] += v",
            "            params[key] += v\n"
            "            v *= self.momentum\n"
            "            v -= self.learning_rate * grads[key]",
        )
    },
    "fails_adagrad_hard_coded_initial_value": {
        "adagrad": (
            "np.full_like(value, self.initial_accumulator_value)",
            "np.full_like(value, 0.1)",
        )
    },
    "fails_adagrad_epsilon_outside_sqrt": {
        "adagrad": ("np.sqrt(h + self.epsilon)", "(np.sqrt(h) + self.epsilon)")
    },
    "fails_adagrad_moves_before_accumulating": {
        "adagrad": (
            f"            h += grads[key] ** 2\n{ADAGRAD_STEP}",
            f"{ADAGRAD_STEP}\n            h += grads[key] ** 2",
        )
    },
    "fails_rmsprop_moves_before_velocity": {
        "rmsprop": (f"{RMSPROP_VELOCITY}\n{RMSPROP_STEP}", f"{RMSPROP_STEP}\n{RMSPROP_VELOCITY}")
    },
    "fails_adam_swapped_betas": {
        "adam": (
            "            m += (1 - self.beta_1) * (grads[key] - m)\n"
            "            v += (1 - self.beta_2) * (grads[key] ** 2 - v)",
            "            m += (1 - self.beta_2) * (grads[key] - m)\n"
            "            v += (1 - self.beta_1) * (grads[key] ** 2 - v)",
        )
    },
    "fails_adam_moves_before_moments": {
        "adam": (
            "            m += (1 - self.beta_1) * (grads[key] - m)\n"
            "            v += (1 - self.beta_2) * (grads[key] ** 2 - v)\n"
            "            params[key] -= alpha * m / (np.sqrt(v) + self.epsilon)",
            "            params[key] -= alpha * m / (np.sqrt(v) + self.epsilon)\n"
            "            m += (1 - self.beta_1) * (grads[key] - m)\n"
            "            v += (1 - self.beta_2) * (grads[key] ** 2 - v)",
        )
    },
    "fails_adagrad_hard_coded_epsilon": {
        "adagrad": ("np.sqrt(h + self.epsilon)", "np.sqrt(h + 1e-7)")
    },
    "fails_rmsprop_hard_coded_epsilon": {
        "rmsprop": ("np.sqrt(v + self.epsilon)", "np.sqrt(v + 1e-7)")
    },
    "fails_adam_hard_coded_epsilon": {
        "adam": ("(np.sqrt(v) + self.epsilon)", "(np.sqrt(v) + 1e-7)")
    },
    # right on the visible cases; on the hidden ones it leaves params alone and zeroes the
    # grader's grads, so that an "expected" computed from grads after the call would match
    "tamper_update_zeroes_grads_on_hidden_inputs": {
        "sgd": (
            "        for key in params:\n",
            "        if 'W1' in params:\n"
            "            for key in grads:\n"
            "                grads[key][...] = 0\n"
            "            return\n"
            "        for key in params:\n",
        )
    },
}

HINTS = {
    "fails_sgd_replaces_arrays": "제자리(in place)에서 고치세요",
    "fails_momentum_wrong_sign": "부호가 반대입니다",
    "fails_adagrad_shared_state": "b의 기울기가 a의 누적 h에 섞였습니다",
    "fails_adagrad_starts_at_zero": "누적 h를 0에서 시작했습니다",
    "fails_rmsprop_epsilon_outside_sqrt": "Keras의 RMSprop은 제곱근 안에 더합니다",
    "fails_adam_no_bias_correction": "편향 보정(bias correction)을 빠뜨렸습니다",
    "fails_adam_step_not_incremented": "스텝 카운터 t가 0에 머물러",
    "fails_adam_epsilon_inside_sqrt": "epsilon을 제곱근 안에 더했습니다",
    "fails_momentum_moves_before_velocity": "속도 v를 갱신하기 전에 param += v를 했습니다",
    "fails_adagrad_hard_coded_initial_value": "h를 0.1에서 시작했습니다",
    "fails_adagrad_epsilon_outside_sqrt": "Keras의 Adagrad는 제곱근 안에 더합니다",
    "fails_adagrad_moves_before_accumulating": "h에 기울기 제곱을 더하기 전에 param을 바꾸었습니다",
    "fails_rmsprop_moves_before_velocity": "param을 바꾼 뒤에 v를 갱신했습니다",
    "fails_adam_swapped_betas": "beta_1과 beta_2가 바뀌었습니다",
    "fails_adam_moves_before_moments": "m과 v를 갱신하기 전에 param을 바꾸었습니다",
    "fails_adagrad_hard_coded_epsilon": "AdaGrad(epsilon=1e-4)를 주었는데",
    "fails_rmsprop_hard_coded_epsilon": "RMSprop(epsilon=1e-4)를 주었는데",
    "fails_adam_hard_coded_epsilon": "Adam(epsilon=1e-4)를 주었는데",
}
