"""06_backprop test data: the facts behind every number in the prose, and the typical mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run}. A number in the prose without an entry fails
tests/test_solutions_run.py.

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`. tests/make_submissions.py writes them to tests/submissions/06_backprop/; expected.csv
there holds their scores. A mistake in a layer that TwoLayerNet uses (Affine, ReLU's backward,
SoftmaxWithLoss's backward) also fails test_two_layer_net: the gradient check of the network
finds it, which is what a gradient check is for. Adam replacing params[key] instead of updating
it in place has a visible check but no stored mutant: whether a grader that copies arguments back
can still see a replaced array depends on how it copies dicts back. SoftmaxWithLoss shifting x in
place (x -= max) has a visible check too; in the grader the call itself stops with the grader's
changed-input hint, which names the method (SoftmaxWithLoss.forward, ReLU.forward).
TwoLayerNet.gradient built from numerical_gradient gets the right values; the check sees that the
Affine layers hold no dW, db afterwards.

HINTS: {submission name: text the grader's reason must contain}: the Korean hint written for
that mistake, so each mistake is shown its own hint.
"""

FACTS = {
    # 1. computational graph: the apple-shopping example (deck 004)
    "100": "apple_price == 100 and HIDDEN == 100 == BATCH_SIZE",
    "2": "apple_count == 2 and np.isclose(weights[2] / weights[0], 2)"
    " and np.isclose(initial_params['W1'].std(), np.sqrt(2 / 784), rtol=0.01)",
    "10": "np.isclose(tax, 1 + 10 / 100) and mnist_net.params['W2'].shape[1] == 10"
    " and len(np.unique(y_fit)) == 10",
    "1.1": "tax == 1.1 and np.isclose(d_apples_total, 1.1) and np.isclose(d_fruit_cost, 1.1)"
    " and np.isclose(d_apple_cost, 1.1) and np.isclose(d_orange_cost, 1.1)",
    "200": "apples_total == 200 and np.isclose(d_tax, 200)",
    "220": "np.isclose(bill, 220)",
    "110": "np.isclose(d_apple_count, 110) and np.isclose(apple_price * tax, 110)",
    "1": "d_bill == 1 and np.isclose(bump, d_apple_price) and max(gradient_check.values()) < 1e-7"
    " and min(relative_error(broken_grads[k], numerical_grads[k]) for k in check_params) > 0.5"
    " and np.allclose(weights / weights[0], [1, 3, 2])"
    " and np.allclose(grad_weights / grad_weights[2], [4, 3, 1])"
    " and relative_error(weights, -weights) == 1",
    "0.7": "abs(relative_error(np.random.default_rng(0).normal(size=1000),"
    " np.random.default_rng(1).normal(size=1000)) - 0.7) < 0.05"
    " and round(np.sqrt(2) / 2, 1) == 0.7",
    "0.71": "all(round(relative_error(broken_grads[k], numerical_grads[k]), 2) == 0.71"
    " for k in check_params) and round((6 - 1) / (6 + 1), 2) == 0.71",
    "2.2": "np.isclose(d_apple_price, 2.2) and np.isclose(bump, 2.2)",
    "150": "orange_price == 150",
    "3": "orange_count == 3 and t_small.shape[1] == 3 and EPOCHS == 3"
    " and np.isclose(weights[1] / weights[0], 3)",
    "715": "np.isclose(fruit_bill, 715)",
    "3.3": "np.isclose(d_orange_price, 3.3)",
    # 5. numerical differentiation and the gradient check
    "3.0003": "np.isclose((cube(1 + 1e-4) - cube(1.0)) / 1e-4, 3.0003, rtol=0, atol=1e-7)",
    "3.00000001": "np.isclose((cube(1 + 1e-4) - cube(1 - 1e-4)) / 2e-4, 3.00000001, rtol=0,"
    " atol=1e-10)",
    "4": "check_params['W1'].shape[1] == 4 and np.isclose(grad_weights[0] / grad_weights[2], 4)",
    "5": "FULL_EPOCHS == 5 and x_small.shape[1] == 5",
    "6": "len(x_small) == 6",
    "784": "x_fit.shape[1] == 784 == mnist_net.params['W1'].shape[0]",
    "79,510": "sum(v.size for v in mnist_net.params.values()) == 79510",
    "159,020": "2 * sum(v.size for v in mnist_net.params.values()) == 159020",
    # 6. MNIST
    "28": "images_train.shape[1:] == (28, 28)",
    "2,000": "len(x_fit) == 2000",
    "500": "len(x_check) == 500",
    "60,000": "len(x_train) == 60000",
    "10,000": "len(x_valid) == 10000",
    "0": "numpy_history['valid_accuracy'][0] < 0.2 < 0.6 < numpy_history['valid_accuracy'][1]"
    " and np.allclose(numpy_history['valid_accuracy'], keras_history['valid_accuracy'], atol=0.02)"
    " and zero_weights[0] == 0 and zero_shares[0] == 0",
    # 7. the slide's "split the error by weight ratio" (deck 001, errata.md)
    "0.4": "inputs[0] == 0.4",
    "0.3": "inputs[1] == 0.3 == weights[1] and zero_weights[1] == 0.3",
    "0.1": "inputs[2] == 0.1 and weights[0] == 0.1",
    "0.2": "target == 0.2 and weights[2] == 0.2",
    "0.15": "np.isclose(output, 0.15)",
    "0.05": "np.isclose(error, 0.05) and np.isclose(shares.sum(), 0.05)",
    "0.0083": "np.isclose(shares[0], 0.0083, rtol=0, atol=5e-5)",
    "0.025": "np.isclose(shares[1], 0.025)",
    "0.0167": "np.isclose(shares[2], 0.0167, rtol=0, atol=5e-5)",
    "0.1083": "np.isclose(ratio_weights[0], 0.1083, rtol=0, atol=5e-5)",
    "0.325": "np.isclose(ratio_weights[1], 0.325)",
    "0.2167": "np.isclose(ratio_weights[2], 0.2167, rtol=0, atol=5e-5)",
    "0.04332": "np.isclose(slide_terms[0], 0.4 * 0.1083)"
    " and np.isclose(inputs[0] * ratio_weights[0], 0.04332, rtol=0, atol=5e-5)",
    "0.0975": "slide_terms[1] == 0.0975 and np.isclose(inputs[1] * ratio_weights[1], 0.0975)",
    "0.04334": "np.isclose(slide_terms[2], 0.2 * 0.2167)",
    "0.18416": "np.isclose(sum(slide_terms), 0.18416)",
    "0.01584": "np.isclose(target - sum(slide_terms), 0.01584)",
    "0.02167": "np.isclose(inputs[2] * ratio_weights[2], 0.02167, rtol=0, atol=5e-6)",
    "0.1625": "np.isclose(ratio_output, 0.1625)",
    "0.0375": "np.isclose(target - ratio_output, 0.0375)",
    "0.02": "np.isclose(grad_weights[0], -0.02)",
    "0.015": "np.isclose(grad_weights[1], -0.015) and np.isclose(grad_inputs[1], -0.015)",
    "0.005": "np.isclose(grad_weights[2], -0.005) and np.isclose(grad_inputs[0], -0.005)",
    "0.01": "np.isclose(grad_inputs[2], -0.01)",
    "0.11": "np.isclose(zero_output, 0.11)",
    "0.09": "np.isclose(target - zero_output, 0.09)",
    "0.036": "np.isclose(zero_grads[0], -0.036) and np.argmax(np.abs(zero_grads)) == 0",
    "0.12": "np.isclose(step_weights[0], 0.12)",
    "0.315": "np.isclose(step_weights[1], 0.315)",
    "0.205": "np.isclose(step_weights[2], 0.205)",
    "0.163": "np.isclose(step_output, 0.163)",
}

MUTANTS = {
    "fails_mul_backward_not_swapped": {
        "mul_layer": (
            "dx = dout * self.y\n        dy = dout * self.x",
            "dx = dout * self.x\n        dy = dout * self.y",
        )
    },
    "fails_mul_forward_state_not_stored": {
        "mul_layer": (
            "        self.x = x\n        self.y = y\n        return x * y",
            "        return x * y",
        )
    },
    "fails_add_splits_gradient": {
        "add_layer": (
            "dx = dout * 1.0\n        dy = dout * 1.0",
            "dx = dout / 2\n        dy = dout / 2",
        )
    },
    "fails_relu_mask_from_dout": {
        "relu": (
            "return np.where(self.mask, 0.0, dout)",
            "return np.where(dout <= 0, 0.0, dout)",
        )
    },
    "fails_relu_modifies_input": {
        "relu": (
            "return np.where(self.mask, 0.0, x)",
            "x[self.mask] = 0\n        return x",
        )
    },
    "fails_relu_mask_strict": {"relu": ("self.mask = x <= 0", "self.mask = x < 0")},
    "fails_sigmoid_backward_uses_x": {"sigmoid": ("self.out = out", "self.out = x")},
    "fails_sigmoid_exp_ratio": {
        "sigmoid": (
            "out = np.where(x >= 0, 1 / (1 + small), small / (1 + small))",
            "out = np.exp(x) / (1 + np.exp(x))",
        )
    },
    "fails_affine_dx_missing_transpose": {
        "affine": ("return dout @ self.W.T", "return dout @ self.W")
    },
    "fails_affine_dw_missing_transpose": {
        "affine": ("self.dW = self.x.T @ dout", "self.dW = self.x @ dout")
    },
    "fails_affine_db_not_summed": {"affine": ("self.db = np.sum(dout, axis=0)", "self.db = dout")},
    "fails_affine_db_wrong_axis": {
        "affine": ("self.db = np.sum(dout, axis=0)", "self.db = np.sum(dout, axis=1)")
    },
    "fails_affine_dw_transposed": {
        "affine": ("self.dW = self.x.T @ dout", "self.dW = dout.T @ self.x")
    },
    "fails_softmax_loss_not_divided_by_batch": {
        "softmax_with_loss": (
            "return dout * (self.y - self.t) / batch_size",
            "return dout * (self.y - self.t)",
        )
    },
    "fails_softmax_loss_overflows": {
        "softmax_with_loss": ("shifted = x - np.max(x, axis=1, keepdims=True)", "shifted = x")
    },
    "fails_softmax_loss_in_place": {
        "softmax_with_loss": (
            "shifted = x - np.max(x, axis=1, keepdims=True)",
            "x -= np.max(x, axis=1, keepdims=True)\n        shifted = x",
        )
    },
    "fails_softmax_loss_global_max": {
        "softmax_with_loss": (
            "shifted = x - np.max(x, axis=1, keepdims=True)",
            "shifted = x - np.max(x)",
        )
    },
    "fails_softmax_loss_row_min": {
        "softmax_with_loss": (
            "shifted = x - np.max(x, axis=1, keepdims=True)",
            "shifted = x - np.min(x, axis=1, keepdims=True)",
        )
    },
    "fails_softmax_loss_log_of_zero": {
        "softmax_with_loss": (
            "        log_y = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))"
            "  # log softmax\n"
            "        self.y = np.exp(log_y)\n",
            "        self.y = np.exp(shifted) / np.sum(np.exp(shifted), axis=1, keepdims=True)\n"
            "        log_y = np.log(self.y)\n",
        )
    },
    "fails_softmax_loss_ignores_dout": {
        "softmax_with_loss": (
            "return dout * (self.y - self.t) / batch_size",
            "return (self.y - self.t) / batch_size",
        )
    },
    "fails_numerical_gradient_forward_difference": {
        "numerical_gradient": (
            "        x[index] = original - h\n"
            "        f_minus = f(x)\n"
            "        x[index] = original\n"
            "        grad[index] = (f_plus - f_minus) / (2 * h)",
            "        x[index] = original\n"
            "        f_minus = f(x)\n"
            "        grad[index] = (f_plus - f_minus) / h",
        )
    },
    "fails_numerical_gradient_not_restored": {
        "numerical_gradient": (
            "        x[index] = original\n        grad[index]",
            "        grad[index]",
        )
    },
    "fails_net_backward_not_reversed": {
        "two_layer_net": ("for layer in reversed(self.layers):", "for layer in self.layers:")
    },
    "fails_net_gradient_without_forward": {
        "two_layer_net": (
            "        self.loss(x, t)  # forward: every layer stores what its backward needs\n",
            "",
        )
    },
    "fails_net_reads_relu_layer": {
        "two_layer_net": (
            "first, second = self.layers[0], self.layers[2]",
            "first, second = self.layers[0], self.layers[1]",
        )
    },
    "fails_net_numerical_gradient": {
        "two_layer_net": (
            "        self.loss(x, t)  # forward: every layer stores what its backward needs\n"
            "        dout = self.last_layer.backward(1.0)\n"
            "        for layer in reversed(self.layers):\n"
            "            dout = layer.backward(dout)\n"
            "        first, second = self.layers[0], self.layers[2]\n"
            '        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}',
            "        grads = {}\n"
            "        for key in self.params:\n"
            "            weights = self.params[key]\n"
            "\n"
            "            def loss_at(w):\n"
            "                saved = weights.copy()\n"
            "                weights[...] = w\n"
            "                value = self.loss(x, t)\n"
            "                weights[...] = saved\n"
            "                return value\n"
            "\n"
            "            grads[key] = numerical_gradient(loss_at, weights)\n"
            "        return grads",
        )
    },
    "fails_adam_no_bias_correction": {
        "adam": (
            "self.learning_rate * np.sqrt(1 - self.beta_2**self.t) / (1 - self.beta_1**self.t)",
            "self.learning_rate",
        )
    },
}

HINTS = {
    "fails_mul_backward_not_swapped": "곱셈 노드는 순전파 입력을 서로 바꿔 곱합니다",
    "fails_mul_forward_state_not_stored": "forward에서 입력을 self.x, self.y에 저장해 두어야",
    "fails_add_splits_gradient": "덧셈 노드는 기울기를 나누지 않고",
    "fails_relu_mask_from_dout": "막을 자리는 dout이 아니라 순전파 때의 입력 x가 정합니다",
    "fails_relu_modifies_input": "ReLU.forward() 이(가) 입력 'x'을(를) 제자리에서 바꾸었습니다",
    "fails_softmax_loss_in_place": "SoftmaxWithLoss.forward() 이(가) 입력 'x'을(를) 제자리에서",
    "fails_relu_mask_strict": "마스크를 x < 0으로 만들었습니다",
    "fails_sigmoid_backward_uses_x": "역전파를 입력 x로 계산했습니다",
    "fails_sigmoid_exp_ratio": "x = 1000에서 inf / inf = nan입니다",
    "fails_affine_dx_missing_transpose": "dX = dY · Wᵀ",
    "fails_affine_dw_missing_transpose": "dW = Xᵀ · dY",
    "fails_affine_db_not_summed": "기울기를 배치 축으로 더해",
    "fails_affine_db_wrong_axis": "self.db를 axis=1로 더했습니다",
    "fails_affine_dw_transposed": "dW가 전치되었습니다",
    "fails_softmax_loss_not_divided_by_batch": "배치 크기로 나누세요: (y - t) / N",
    "fails_softmax_loss_overflows": "exp(1000)이 넘쳐(overflow)",
    "fails_softmax_loss_global_max": "배치 전체의 최댓값 하나를 뺐습니다",
    "fails_softmax_loss_row_min": "709(float64로 exp가 넘치지 않는 한계)보다 크면",
    "fails_softmax_loss_log_of_zero": "np.log(0) = -inf가 되어",
    "fails_softmax_loss_ignores_dout": "backward가 dout을 무시했습니다",
    "fails_numerical_gradient_forward_difference": "전진 차분 (f(x + h) - f(x)) / h를 썼습니다",
    "fails_numerical_gradient_not_restored": "원래 값으로 되돌리지 않으면",
    "fails_net_backward_not_reversed": "역전파는 마지막 층부터 거꾸로 지나갑니다",
    "fails_net_gradient_without_forward": "self.loss(x, t)로 순전파를 해서",
    "fails_net_reads_relu_layer": "self.layers[1]은 ReLU라서 dW가 없습니다",
    "fails_net_numerical_gradient": "gradient가 역전파를 하지 않았습니다",
    "fails_adam_no_bias_correction": "편향 보정(bias correction)을 빠뜨렸습니다",
}

DATA_SUBDIR = ""
