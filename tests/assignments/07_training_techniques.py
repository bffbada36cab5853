"""07_training_techniques test data: the facts behind every number in the prose, and the typical
mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run}. A number in the prose without an entry fails
tests/test_solutions_run.py. Every experiment but the random search is the same computation in
fast and full mode (small data sets), so the numbers quoted from them are full-mode numbers too;
the random search (FULL_SEARCH_TRIALS trials, fewer in fast mode) is quoted only by statements
that hold in both modes.

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`. tests/make_submissions.py writes them to tests/submissions/07_training_techniques/;
expected.csv there holds their scores.

HINTS: {submission name: text the grader's reason must contain}: the Korean hint written for
that mistake, so each mistake is shown its own hint.

Correct answers written differently are in tests/variants/07_training_techniques.py.
"""


def near(value, quoted, digits):
    """`value` rounds to the quoted number (a deterministic computation)."""
    return f"round(float({value}), {digits}) == {quoted}"


def measured(value, quoted, slack=0.005):
    """A training result: within `slack` of the quoted number. Floating-point sums in another
    BLAS build or thread count move such numbers in their last digit."""
    return f"abs(float({value}) - {quoted}) <= {slack}"


FACTS = {
    "0": "np.all(BatchNorm(np.ones(2), np.zeros(2)).running_mean == 0) and relu_zero > 0.4"
    " and abs(samples['HeNormal'].mean()) < 1e-3",
    "0.001": "Adam().learning_rate == 0.001 and 0.001 in BN_SCALES and best_trial[0] > 0.001",
    "0.01": "SGD_RATE == 0.01 and 0.01 in BN_SCALES and WEIGHT_DECAY == 0.01 and lam == 0.01"
    " and np.isclose(saturated, np.mean(np.abs(activations['sigmoid, std 1'][4] - 0.5) > 0.49))",
    "0.013": near("spread['sigmoid, std 0.01']", 0.013, 3),
    "0.03": "(test_table['valid acc'] - test_table['test acc']).abs().max() < 0.03",
    "0.0357": "np.isclose(xavier_std(784), 0.0357, atol=5e-5)"
    " and np.isclose(init_table.loc['LecunNormal', 'measured std'], 0.0357, atol=5e-4)",
    "0.0476": "np.isclose(np.sqrt(2 / (784 + 100)), 0.0476, atol=5e-5)"
    " and np.isclose(init_table.loc['GlorotNormal', 'measured std'], 0.0476, atol=5e-4)",
    "0.1": "0.1 in BN_SCALES",
    "0.126": measured("bn_histories[0.01, True]['train_loss'][-1]", 0.126),
    "0.169": measured("regularized_table.loc['dropout', 'gap']", 0.169)
    + " and regularized_table['gap'].idxmin() == 'dropout'",
    "0.185": measured("regularized_table.loc['plain', 'gap']", 0.185),
    "0.285": measured("bn_histories[1.0, True]['valid_accuracy'][-1]", 0.285)
    + " and bn_histories[1.0, True]['train_loss'][0] > 2 * np.log(10)",
    "0.5": "abs(activations['sigmoid, std 0.01'][4].mean() - 0.5) < 0.01"
    " and abs(saturated - 0.5) < 0.01",
    "0.632": measured("confidence_early", 0.632),
    "0.649": measured("init_histories['He']['train_loss'][-1]", 0.649)
    + " and bn_histories[0.01, True]['train_loss'][-1] < init_histories['He']['train_loss'][-1]",
    "0.7": "abs(np.mean(keras_train != 0) - 0.7) < 0.01"
    " and abs(np.mean(ours_train != 0) - 0.7) < 0.01",
    "0.772": measured("early_runs['valid_loss']['valid_accuracy']", 0.772),
    "0.793": measured("member_table['valid acc'].min()", 0.793),
    "0.801": measured("decay_history['valid_accuracy'][-1]", 0.801)
    + " and decay_history['valid_loss'][-1]"
    " < min(plain_history['valid_loss'][-1], dropout_history['valid_loss'][-1])"
    " and np.isnan(bn_histories[1.0, False]['train_loss'][0])",
    "0.802": measured("confidence_late", 0.802),
    "0.805": measured("np.mean(member_test)", 0.805),
    "0.811": measured("early_runs['valid_accuracy']['valid_accuracy']", 0.811),
    "0.815": measured("plain_history['valid_accuracy'][-1]", 0.815)
    + " and plain_history['valid_accuracy'][-1] > plain_history['valid_accuracy'][11]",
    "0.818": measured("max(member_test)", 0.818),
    "0.819": measured("member_table['valid acc'].mean()", 0.819),
    "0.831": measured("test_table.loc['dropout', 'test acc']", 0.831)
    + " and "
    + measured("dropout_history['valid_accuracy'][-1]", 0.831)
    + " and test_table.drop(f'ensemble of {MEMBERS}')['test acc'].idxmax() == 'dropout'"
    " and regularized_table['valid acc'].idxmax() == 'dropout'",
    "0.84": near("spread['ReLU, He']", 0.84, 2),
    "0.841": measured("member_table['valid acc'].max()", 0.841),
    "0.844": measured("ensemble_test", 0.844)
    + " and ensemble_test == test_table['test acc'].max() and ensemble_test > max(member_test)",
    "0.859": measured("ensemble_valid", 0.859),
    "0.892": measured("bn_histories[0.01, True]['valid_accuracy'][-1]", 0.892)
    + " and bn_histories[0.01, True]['valid_accuracy'][-1] > dropout_history['valid_accuracy'][-1]",
    "0.99": "np.isclose(saturated, np.mean((activations['sigmoid, std 1'][4] < 0.01)"
    " | (activations['sigmoid, std 1'][4] > 0.99)))",
    "1": "np.all(BatchNorm(np.ones(2), np.zeros(2)).running_var == 1)"
    " and abs(keras_train.mean() - 1) < 0.01 and 1.0 in BN_SCALES"
    " and search_table['learning_rate'].max() <= 1e-2"
    " and search_table.index[0] == trials.index(best_trial)",
    "1.0": "plain_history['train_accuracy'][-1] == decay_history['train_accuracy'][-1]"
    " == dropout_history['train_accuracy'][-1] == 1.0 and (member_table['train acc'] == 1.0).all()",
    "1.33": near("np.sqrt(2 / 884) / xavier_std(784)", 1.33, 2),
    "1.41": near("np.sqrt(2)", 1.41, 2),
    "1.42": measured("weight_distance", 1.42, 0.01),
    "1.4286": "np.allclose(np.unique(keras_train[keras_train != 0]), 1 / 0.7)"
    " and np.allclose(np.unique(ours_train[ours_train != 0]), 1 / 0.7)"
    " and round(1 / 0.7, 4) == 1.4286",
    "2": "round(normal_tail * 100) == 2 and 0.02 < normal_tail < 0.025"
    " and np.isclose(he_std(1) ** 2, 2)"
    " and search_table['learning_rate'].min() >= 1e-4",
    "2.27": "init_table['max |w| / formula'].max() <= 2 / 0.87962566 + 1e-6"
    " and round(2 / 0.87962566, 2) == 2.27",
    "2.3": "np.isclose(np.mean(np.abs(np.random.default_rng(SEED).normal(size=100000)) > 2.3),"
    " normal_tail)",
    "2.30": "round(np.log(10), 2) == 2.30"
    " and all(abs(loss - np.log(10)) < 0.01 for loss in init_histories['std 0.01']['train_loss'])"
    " and all(abs(bn_histories[s, False]['train_loss'][-1] - np.log(10)) < 0.01"
    " for s in [0.01, 0.001])",
    "4": "SEARCH_TRIALS == 4 and FAST"
    " and round(OVERFIT_EPOCHS / early_runs['valid_accuracy']['stopped']) == 4"
    " and MEMBERS - 1 == 4 and search_table['learning_rate'].min() >= 1e-4",
    "5": "len(activations['ReLU, He']) == 5 == MEMBERS == len(DEEP) - 2"
    " and search_table['weight_decay'].min() >= 1e-5",
    "6": "len(OVERFIT) - 2 == 6 and 6 < regularized_table.loc['plain', 'sum W^2']"
    " / regularized_table.loc['weight decay', 'sum W^2'] < 7",
    "7": "len(OVERFIT) - 1 == 7",
    "10": "PATIENCE == 10 and DEEP[-1] == 10 and abs(np.log(10) - 2.303) < 1e-3",
    "12": "early_runs['valid_loss']['best_epoch'] == 12"
    " == int(np.argmin(plain_history['valid_loss'])) + 1",
    "14": "first_perfect == 14 < dropout_history['train_accuracy'].index(1.0) + 1",
    "16": "FULL_SEARCH_TRIALS == 16",
    "17": "early_runs['valid_accuracy']['best_epoch'] == 17",
    "20": "DEEP_EPOCHS == 20 == SEARCH_EPOCHS",
    "22": "early_runs['valid_loss']['stopped'] == 22",
    "25": "MEMBER_EPOCHS == 25",
    "27": "early_runs['valid_accuracy']['stopped'] == 27",
    "28": "28**2 == 784 and np.isclose(xavier_std(784), 1 / 28)",
    "32.8": measured("disagreement * 100", 32.8, 1.0),
    "50": "ones.shape == (200, 50) and abs(saturated - 0.5) < 0.01",
    "100": "DEEP[1:-1] == [100] * 5 and OVERFIT_EPOCHS == 100 and fan_out == 100",
    "200": "ones.shape == (200, 50)",
    "202.1": measured("regularized_table.loc['weight decay', 'sum W^2']", 202.1, 2),
    "300": "len(small_data['train'][0]) == 300",
    "784": "fan_in == 784 == x_all.shape[1]",
    "1,000": "VALID_SIZE == 1000 == len(deep_data['train'][0]) == len(activations['ReLU, He'][0])",
    "1274.6": measured("regularized_table.loc['plain', 'sum W^2']", 1274.6, 5),
    "10,000": "len(x_test) == 10000",
}

MUTANTS = {
    "fails_xavier_no_sqrt": {"xavier_std": ("return 1 / np.sqrt(fan_in)", "return 1 / fan_in")},
    "fails_xavier_is_he": {
        "xavier_std": ("return 1 / np.sqrt(fan_in)", "return np.sqrt(2 / fan_in)")
    },
    "fails_he_two_outside_sqrt": {
        "he_std": ("return np.sqrt(2 / fan_in)", "return 2 / np.sqrt(fan_in)")
    },
    "fails_he_is_xavier": {"he_std": ("return np.sqrt(2 / fan_in)", "return np.sqrt(1 / fan_in)")},
    "fails_batchnorm_unbiased_variance": {
        "batch_norm": ("var = x.var(axis=0)", "var = x.var(axis=0, ddof=1)")
    },
    "fails_batchnorm_wrong_axis": {
        "batch_norm": (
            "mean = x.mean(axis=0)\n            var = x.var(axis=0)",
            "mean = x.mean(axis=1, keepdims=True)\n            var = x.var(axis=1, keepdims=True)",
        )
    },
    "fails_batchnorm_wrong_axis_without_keepdims": {
        "batch_norm": (
            "mean = x.mean(axis=0)\n            var = x.var(axis=0)",
            "mean = x.mean(axis=1)\n            var = x.var(axis=1)",
        )
    },
    "fails_batchnorm_no_gamma_beta": {
        "batch_norm": ("return self.gamma * self.x_hat + self.beta", "return self.x_hat")
    },
    "fails_batchnorm_no_running_update": {
        "batch_norm": (
            "            self.running_mean = self.momentum * self.running_mean"
            " + (1 - self.momentum) * mean\n"
            "            self.running_var = self.momentum * self.running_var"
            " + (1 - self.momentum) * var\n",
            "",
        )
    },
    "fails_batchnorm_momentum_swapped": {
        "batch_norm": (
            "            self.running_mean = self.momentum * self.running_mean"
            " + (1 - self.momentum) * mean\n"
            "            self.running_var = self.momentum * self.running_var"
            " + (1 - self.momentum) * var\n",
            "            self.running_mean = (1 - self.momentum) * self.running_mean"
            " + self.momentum * mean\n"
            "            self.running_var = (1 - self.momentum) * self.running_var"
            " + self.momentum * var\n",
        )
    },
    "fails_batchnorm_inference_uses_batch": {
        "batch_norm": (
            "mean, var = self.running_mean, self.running_var",
            "mean, var = x.mean(axis=0), x.var(axis=0)",
        )
    },
    "fails_batchnorm_inference_updates_running": {
        "batch_norm": (
            "            mean, var = self.running_mean, self.running_var\n",
            "            mean, var = self.running_mean, self.running_var\n"
            "            self.running_mean = self.momentum * mean"
            " + (1 - self.momentum) * x.mean(axis=0)\n"
            "            self.running_var = self.momentum * var"
            " + (1 - self.momentum) * x.var(axis=0)\n",
        )
    },
    "fails_batchnorm_dgamma_without_xhat": {
        "batch_norm": (
            "self.dgamma = np.sum(dout * self.x_hat, axis=0)",
            "self.dgamma = np.sum(dout, axis=0)",
        )
    },
    "fails_batchnorm_dbeta_mean": {
        "batch_norm": ("self.dbeta = dout.sum(axis=0)", "self.dbeta = dout.mean(axis=0)")
    },
    "fails_batchnorm_dx_ignores_batch_statistics": {
        "batch_norm": (
            "return (centered - self.x_hat * np.mean(dx_hat * self.x_hat, axis=0)) / self.std",
            "return dx_hat / self.std",
        )
    },
    "fails_dropout_rate_is_keep_probability": {
        "dropout": (
            "self.rng.random(np.shape(x)) >= self.rate",
            "self.rng.random(np.shape(x)) < self.rate",
        )
    },
    "fails_dropout_not_inverted": {  # deck 004 / DLFS: no scale in training, 1 - rate at test
        "dropout": (
            "            return x\n"
            "        self.mask = self.rng.random(np.shape(x)) >= self.rate\n"
            "        return x * self.mask / (1 - self.rate)",
            "            return x * (1 - self.rate)\n"
            "        self.mask = self.rng.random(np.shape(x)) >= self.rate\n"
            "        return x * self.mask",
        ),
    },
    "fails_dropout_scaled_at_inference_too": {
        "dropout": (
            "        if not training:\n            return x\n",
            "        if not training:\n            return x * (1 - self.rate)\n",
        ),
    },
    "fails_dropout_new_mask_in_backward": {
        "dropout": (
            "return dout * self.mask / (1 - self.rate)",
            "return dout * (self.rng.random(np.shape(dout)) >= self.rate) / (1 - self.rate)",
        )
    },
    "fails_dropout_backward_not_scaled": {
        "dropout": ("return dout * self.mask / (1 - self.rate)", "return dout * self.mask")
    },
    "fails_dropout_mask_drawn_once": {
        "dropout": (
            "self.mask = self.rng.random(np.shape(x)) >= self.rate",
            "if self.mask is None or self.mask.shape != np.shape(x):\n"
            "            self.mask = self.rng.random(np.shape(x)) >= self.rate",
        )
    },
    "fails_dropout_ignores_seed": {
        "dropout": (
            "self.mask = self.rng.random(np.shape(x)) >= self.rate",
            "self.mask = np.random.default_rng().random(np.shape(x)) >= self.rate",
        )
    },
    "fails_l2_penalty_without_half": {
        "l2_penalty": ("return 0.5 * lam * sum(", "return lam * sum(")
    },
    "fails_l2_penalty_first_array_only": {
        "l2_penalty": (
            "return 0.5 * lam * sum(float(np.sum(W**2)) for W in weights)",
            "for W in weights:\n        return 0.5 * lam * float(np.sum(W**2))\n    return 0.0",
        )
    },
    "fails_l2_penalty_abs": {"l2_penalty": ("np.sum(W**2)", "np.sum(np.abs(W))")},
    "fails_l2_penalty_norm": {"l2_penalty": ("np.sum(W**2)", "np.linalg.norm(W)")},
    "fails_l2_penalty_mean": {"l2_penalty": ("np.sum(W**2)", "np.mean(W**2)")},
    "fails_l2_gradient_doubled": {"l2_gradient": ("return lam * W", "return 2 * lam * W")},
    "fails_l2_gradient_halved": {"l2_gradient": ("return lam * W", "return 0.5 * lam * W")},
    "fails_l2_gradient_l1": {"l2_gradient": ("return lam * W", "return lam * np.sign(W)")},
    "fails_ensemble_wrong_axis": {"ensemble_average": ("axis=0", "axis=1")},
    "fails_ensemble_sum": {
        "ensemble_average": (
            "np.mean(np.stack(probabilities), axis=0)",
            "np.sum(np.stack(probabilities), axis=0)",
        )
    },
    "fails_ensemble_returns_labels": {
        "ensemble_average": (
            "return np.mean(np.stack(probabilities), axis=0)",
            "return np.argmax(np.mean(np.stack(probabilities), axis=0), axis=1)",
        )
    },
}

HINTS = {
    "fails_xavier_no_sqrt": "제곱근을 빠뜨렸습니다: 1 / np.sqrt(fan_in)",
    "fails_xavier_is_he": "그것은 He 초기화의 표준편차입니다",
    "fails_he_two_outside_sqrt": "2도 제곱근 안에 넣으세요",
    "fails_he_is_xavier": "ReLU는 입력의 절반을 0으로 만들므로",
    "fails_batchnorm_unbiased_variance": "분산을 N - 1로 나누었습니다",
    "fails_batchnorm_wrong_axis": "샘플(행)마다 정규화했습니다 (axis=1)",
    "fails_batchnorm_wrong_axis_without_keepdims": "forward에서 모양 오류(ValueError)가 났습니다",
    "fails_batchnorm_no_gamma_beta": "gamma와 beta를 빠뜨렸습니다",
    "fails_batchnorm_no_running_update": "running_mean이 0, running_var가 1 그대로입니다",
    "fails_batchnorm_momentum_swapped": "momentum을 반대로 썼습니다",
    "fails_batchnorm_inference_uses_batch": "training=False인데 입력 배치의 평균과 분산으로",
    "fails_batchnorm_inference_updates_running": "training=False인 forward가 running_mean이나",
    "fails_batchnorm_dgamma_without_xhat": "dgamma가 dout의 합입니다",
    "fails_batchnorm_dbeta_mean": "dbeta = np.sum(dout, axis=0)",
    "fails_batchnorm_dx_ignores_batch_statistics": "dx = dout * gamma / std로만 계산했습니다",
    "fails_dropout_rate_is_keep_probability": "rate는 끄는 비율입니다",
    "fails_dropout_not_inverted": "훈련 때 남은 유닛을 키우지 않았습니다",
    "fails_dropout_scaled_at_inference_too": "추론(training=False) 때 1 - rate를 곱했습니다",
    "fails_dropout_new_mask_in_backward": "backward가 forward와 다른 자리를 막았습니다",
    "fails_dropout_backward_not_scaled": "backward에서 1 / (1 - rate)를 빠뜨렸습니다",
    "fails_dropout_mask_drawn_once": "훈련 모드 forward마다 마스크를 새로 뽑으세요",
    "fails_dropout_ignores_seed": "seed가 같은 두 Dropout이 다른 마스크를 뽑았습니다",
    "fails_l2_penalty_without_half": "0.5를 빠뜨렸습니다",
    "fails_l2_penalty_first_array_only": "목록의 배열 하나만 더했습니다",
    "fails_l2_penalty_abs": "절댓값을 더했습니다 (L1)",
    "fails_l2_penalty_norm": "노름(제곱근)을 더했습니다",
    "fails_l2_penalty_mean": "제곱의 평균을 냈습니다",
    "fails_l2_gradient_doubled": "기울기가 2 λW입니다",
    "fails_l2_gradient_halved": "기울기가 (1/2) λW입니다",
    "fails_l2_gradient_l1": "λ sign(W)는 L1의 기울기입니다",
    "fails_ensemble_wrong_axis": "모델 축으로 평균을 내세요",
    "fails_ensemble_sum": "확률을 더하기만 했습니다",
    "fails_ensemble_returns_labels": "클래스 번호(argmax)를 돌려주었습니다",
}
DATA_SUBDIR = ""
