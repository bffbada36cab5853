# ruff: noqa: E501
"""07_training_techniques: correct answers written differently (tests/make_submissions.py).

Each entry is one submission in which every graded answer is a different correct
implementation, given as (old, new) changes of the solution's answer cell (as MUTANTS).
Entry k takes the k-th style of each function:

- passes_variant_1: xavier_power, he_power, batchnorm_sum_over_n, dropout_where, l2_penalty_loop, l2_gradient_multiply, ensemble_sum_over_len;
- passes_variant_2: xavier_sqrt_of_ratio, he_factored, batchnorm_keepdims, dropout_keep_variable, l2_penalty_vdot, l2_gradient_derived, ensemble_array;
- passes_variant_3: xavier_math, he_math, batchnorm_in_place_running, dropout_copy_at_inference, l2_penalty_norm_squared, l2_gradient_asarray, ensemble_loop;
- passes_variant_4: xavier_float32, he_float32, batchnorm_backward_long_form, dropout_masked_assignment, l2_penalty_concatenate, l2_gradient_copy_then_scale, ensemble_float32;
- passes_variant_5: xavier_reciprocal, he_from_variance, batchnorm_backward_einsum, dropout_binomial, l2_penalty_square, l2_gradient_swapped, ensemble_average_function;
"""

VARIANTS = {
    "passes_variant_1": {
        "xavier_std": ("1 / np.sqrt(fan_in)", "fan_in**-0.5"),
        "he_std": ("np.sqrt(2 / fan_in)", "(2 / fan_in) ** 0.5"),
        "batch_norm": (
            "mean = x.mean(axis=0)\n            var = x.var(axis=0)",
            "n = x.shape[0]\n"
            "            mean = x.sum(axis=0) / n\n"
            "            var = ((x - mean) ** 2).sum(axis=0) / n",
        ),
        "dropout": (
            "return x * self.mask / (1 - self.rate)",
            "return np.where(self.mask, x / (1 - self.rate), 0.0)",
        ),
        "l2_penalty": (
            "    return 0.5 * lam * sum(float(np.sum(W**2)) for W in weights)",
            "    total = 0.0\n"
            "    for W in weights:\n"
            "        total += np.sum(W * W)\n"
            "    return 0.5 * lam * total",
        ),
        "l2_gradient": ("return lam * W", "return np.multiply(W, lam)"),
        "ensemble_average": (
            "np.mean(np.stack(probabilities), axis=0)",
            "sum(probabilities) / len(probabilities)",
        ),
    },
    "passes_variant_2": {
        "xavier_std": ("1 / np.sqrt(fan_in)", "np.sqrt(1.0 / fan_in)"),
        "he_std": ("np.sqrt(2 / fan_in)", "np.sqrt(2) / np.sqrt(fan_in)"),
        "batch_norm": (
            "mean = x.mean(axis=0)\n            var = x.var(axis=0)",
            "mean = np.mean(x, axis=0, keepdims=True)[0]\n"
            "            var = np.mean((x - mean) ** 2, axis=0, "
            "keepdims=True).reshape(-1)",
        ),
        "dropout": (
            "        self.mask = self.rng.random(np.shape(x)) >= "
            "self.rate\n"
            "        return x * self.mask / (1 - self.rate)",
            "        keep = 1 - self.rate\n"
            "        self.mask = self.rng.random(np.shape(x)) >= "
            "self.rate\n"
            "        return x * self.mask / keep",
        ),
        "l2_penalty": ("float(np.sum(W**2))", "float(np.vdot(W, W))"),
        "l2_gradient": ("return lam * W", "return 0.5 * lam * 2 * W"),
        "ensemble_average": (
            "np.mean(np.stack(probabilities), axis=0)",
            "np.array(probabilities).mean(axis=0)",
        ),
    },
    "passes_variant_3": {
        "xavier_std": (
            "    return 1 / np.sqrt(fan_in)",
            "    import math\n\n    return 1 / math.sqrt(fan_in)",
        ),
        "he_std": (
            "    return np.sqrt(2 / fan_in)",
            "    import math\n\n    return math.sqrt(2 / fan_in)",
        ),
        "batch_norm": (
            "            self.running_mean = self.momentum * "
            "self.running_mean + (1 - self.momentum) * mean\n"
            "            self.running_var = self.momentum * "
            "self.running_var + (1 - self.momentum) * var\n",
            "            self.running_mean = self.running_mean + (1 - "
            "self.momentum) * (mean - self.running_mean)\n"
            "            self.running_var = self.running_var + (1 - "
            "self.momentum) * (var - self.running_var)\n",
        ),
        "dropout": (
            "        if not training:\n            return x\n",
            "        if not training:\n            return np.array(x, copy=True)\n",
        ),
        "l2_penalty": ("float(np.sum(W**2))", "np.linalg.norm(np.ravel(W)) ** 2"),
        "l2_gradient": ("return lam * W", "return lam * np.asarray(W, dtype=float)"),
        "ensemble_average": (
            "    return np.mean(np.stack(probabilities), axis=0)",
            "    total = np.zeros_like(probabilities[0], "
            "dtype=float)\n"
            "    for p in probabilities:\n"
            "        total += p\n"
            "    return total / len(probabilities)",
        ),
    },
    "passes_variant_4": {
        "xavier_std": ("1 / np.sqrt(fan_in)", "float(np.float32(1) / np.sqrt(np.float32(fan_in)))"),
        "he_std": ("np.sqrt(2 / fan_in)", "float(np.sqrt(np.float32(2) / np.float32(fan_in)))"),
        "batch_norm": (
            "        dx_hat = dout * self.gamma\n"
            "        centered = dx_hat - dx_hat.mean(axis=0)\n"
            "        return (centered - self.x_hat * np.mean(dx_hat * "
            "self.x_hat, axis=0)) / self.std",
            "        n = dout.shape[0]\n"
            "        dx_hat = dout * self.gamma\n"
            "        xc = self.x_hat * self.std\n"
            "        dvar = np.sum(dx_hat * xc, axis=0) * -0.5 * "
            "self.std**-3\n"
            "        dmean = -np.sum(dx_hat, axis=0) / self.std - 2 * "
            "dvar * np.mean(xc, axis=0)\n"
            "        return dx_hat / self.std + dvar * 2 * xc / n + "
            "dmean / n",
        ),
        "dropout": (
            "return dout * self.mask / (1 - self.rate)",
            "dx = np.array(dout, dtype=float) / (1 - self.rate)\n"
            "        dx[~self.mask] = 0.0\n"
            "        return dx",
        ),
        "l2_penalty": (
            "    return 0.5 * lam * sum(float(np.sum(W**2)) for W in weights)",
            "    if not weights:\n"
            "        return 0.0\n"
            "    flat = np.concatenate([np.ravel(W) for W in "
            "weights])\n"
            "    return float(lam * np.dot(flat, flat) / 2)",
        ),
        "l2_gradient": (
            "    return lam * W",
            "    grad = np.array(W, dtype=float)\n    grad *= lam\n    return grad",
        ),
        "ensemble_average": (
            "np.mean(np.stack(probabilities), axis=0)",
            "np.mean(np.stack(probabilities).astype(np.float32), axis=0)",
        ),
    },
    "passes_variant_5": {
        "xavier_std": ("1 / np.sqrt(fan_in)", "np.reciprocal(np.sqrt(float(fan_in)))"),
        "he_std": (
            "    return np.sqrt(2 / fan_in)",
            "    variance = 2.0 / fan_in\n    return variance**0.5",
        ),
        "batch_norm": (
            "self.dgamma = np.sum(dout * self.x_hat, axis=0)",
            "self.dgamma = np.einsum('ij,ij->j', dout, self.x_hat)",
        ),
        "dropout": (
            "self.mask = self.rng.random(np.shape(x)) >= self.rate",
            "self.mask = self.rng.binomial(1, 1 - self.rate, size=np.shape(x)).astype(bool)",
        ),
        "l2_penalty": ("np.sum(W**2)", "np.square(W).sum()"),
        "l2_gradient": ("return lam * W", "return W * lam"),
        "ensemble_average": (
            "np.mean(np.stack(probabilities), axis=0)",
            "np.average(np.stack(probabilities), axis=0)",
        ),
    },
}
