"""02_asl test data: the facts behind every number in the prose, and the typical mistakes.

FACTS: {number as the markdown writes it: Python expression that must be True in the solution
notebook's namespace after a fast-mode run on the sample (COURSE_FAST=1, COURSE_DATA_DIR =
<data>/asl_sample)}. A number in the prose without an entry fails tests/test_solutions_run.py.
The sample holds only a few hundred real rows, so the full file sizes are pinned through the
notebook's FULL_ROWS (which the loader reports against) and checked as upper bounds.

MUTANTS: {submission name: {grade_id: (old, new)}}: the solution's answer with `old` replaced by
`new`, or {grade_id: source} for a whole answer. tests/make_submissions.py writes them to
tests/submissions/02_asl/; expected.csv there holds their scores.

HINTS: {submission name: text the grader's reason must contain}.

DATA_SUBDIR: the tests point COURSE_DATA_DIR to <data>/asl_sample (real Kaggle rows).
"""

DATA_SUBDIR = "asl_sample"

FACTS = {
    "0": "label_to_letter(0) == 'A' and to_class_index([0])[0] == 0 and labels_train.min() >= 0",
    "1": "label_to_letter(1) == 'B' and to_class_index([1])[0] == 1"
    " and from_class_index([1])[0] == 1"
    " and to_class_index([10])[0] == 10 - 1 and from_class_index([9])[0] == 9 + 1",
    "8": "label_to_letter(8) == 'I' and to_class_index([8])[0] == 8 == from_class_index([8])[0]",
    "9": "label_to_letter(9) == 'J' and 9 not in labels_train and 9 not in labels_test"
    " and to_class_index([10])[0] == 9 and int(raw_one_hot[:, 9].sum()) == 0",
    "10": "label_to_letter(10) == 'K' and from_class_index([9])[0] == 10"
    " and to_class_index([11])[0] == 10 and build_model(10).layers[-1].units == 10",
    "11": "label_to_letter(11) == 'L' and to_class_index([11])[0] == 10",
    "20": "FULL_EPOCHS == 20 and VALID_FRACTION == 0.2"
    " and len(x_valid) == int(len(images_train) * 0.2)",
    "80": "len(x_train) + len(x_valid) == len(images_train)"
    " and abs(len(x_train) / len(images_train) - 0.8) < 0.01",
    "23": "to_class_index([24])[0] == 23 == NUM_CLASSES - 1 and from_class_index([23])[0] == 24",
    "24": "label_to_letter(24) == 'Y' and NUM_CLASSES == 24 == len(LETTERS)"
    " and model.layers[-1].units == 24 and y_train.shape[1] == 24 and labels_train.max() == 24",
    "25": "raw_one_hot.shape[1] == 25 and ord('Z') - ord('A') == 25 and len(LETTERS) + 1 == 25",
    "28": "images_train.shape[1:] == (28, 28)",
    "32": "history.params['steps'] == -(-len(x_fit) // 32)",
    "255": "images_train.max() == 255 and normalize(np.array([255], np.uint8))[0] == 1",
    "256": "not np.isclose(normalize(np.array([255], np.uint8))[0], 255 / 256)",
    "500": "FAST and len(x_check) == min(500, len(x_valid))",
    "512": "[layer.units for layer in model.layers[:2]] == [512, 512]"
    " and model.layers[-1].kernel.shape[0] == 512",
    "513": "build_model(25).count_params() - model.count_params() == 513 == 512 + 1",
    "784": "x_train.shape[1] == 784 == 28 * 28 and len(ASL_COLUMNS) == 784 + 1",
    "2,000": "FAST and len(x_fit) == min(2000, len(x_train))",
    "7,172": "FULL_ROWS['sign_mnist_test.csv'] == 7172 and len(test_frame) <= 7172"
    " and len(x_test) == len(test_frame)",
    "27,455": "FULL_ROWS['sign_mnist_train.csv'] == 27455 and len(train_frame) <= 27455",
    "669,706": "build_model(10).count_params() == 669706",
    "676,888": "model.count_params() == 676888"
    " == (784 + 1) * 512 + (512 + 1) * 512 + (512 + 1) * 24",
    "677,401": "build_model(25).count_params() == 677401",
}

MUTANTS = {
    "fails_label_to_letter_off_by_one_after_j": {
        "label_to_letter": (
            'return chr(ord("A") + label)',
            'return chr(ord("A") + label + (label >= 9))',
        )
    },
    "fails_label_to_letter_starts_at_at_sign": {
        "label_to_letter": ('chr(ord("A") + label)', "chr(64 + label)")
    },
    "fails_to_class_index_keeps_raw_labels": {
        "to_class_index": ("return np.where(labels > 9, labels - 1, labels)", "return labels")
    },
    "fails_to_class_index_returns_floats": {
        "to_class_index": ("labels - 1, labels)", "labels - 1.0, labels)")
    },
    "fails_to_class_index_accepts_j": {"to_class_index": (" | (labels == 9)", "")},
    "fails_from_class_index_skips_from_ten": {"from_class_index": ("indices >= 9", "indices > 9")},
    "fails_normalize_divides_by_256": {"normalize": ("/ 255", "/ 256")},
    "fails_normalize_min_max": {
        "normalize": (
            "x.astype(np.float32) / 255",
            "(x.astype(np.float32) - x.min()) / (x.max() - x.min())",
        )
    },
    "fails_normalize_divides_by_max": {"normalize": ("/ 255", "/ x.max()")},
    "fails_one_hot_misses_negative": {"one_hot": ("labels.min() < 0 or ", "")},
    "fails_one_hot_float_index": {
        "one_hot": ("np.arange(len(labels)), labels]", "np.arange(len(labels)), labels / 1]")
    },
    "fails_one_hot_wrong_width": {
        "one_hot": ("(len(labels), num_classes)", "(len(labels), labels.max() + 1)")
    },
    "fails_build_model_25_outputs": {
        "build_model": (
            'Dense(num_classes, activation="softmax")',
            'Dense(25, activation="softmax")',
        )
    },
    "fails_build_model_hardcodes_24": {
        "build_model": (
            'Dense(num_classes, activation="softmax")',
            'Dense(24, activation="softmax")',
        )
    },
    "fails_build_model_keeps_10_outputs": {
        "build_model": (
            'Dense(num_classes, activation="softmax")',
            'Dense(10, activation="softmax")',
        )
    },
}

HINTS = {
    "fails_label_to_letter_off_by_one_after_j": "9보다 큰 레이블에 1을 더하지 마세요",
    "fails_label_to_letter_starts_at_at_sign": "레이블 0이 '@'가 되었습니다",
    "fails_to_class_index_keeps_raw_labels": "레이블을 그대로 돌려주었습니다",
    "fails_to_class_index_returns_floats": "labels - 1.0 이 아니라 labels - 1 처럼",
    "fails_to_class_index_accepts_j": "J는 데이터에 없어야 하고",
    "fails_from_class_index_skips_from_ten": "클래스 9는 레이블 10(K)입니다",
    "fails_normalize_divides_by_256": "256이 아니라 255로 나누세요",
    "fails_normalize_min_max": "배치의 최솟값과 최댓값으로 정규화했습니다",
    "fails_normalize_divides_by_max": "배치의 최댓값 x.max()로 나누었습니다",
    "fails_one_hot_misses_negative": "labels < 0 도 검사하세요",
    "fails_one_hot_float_index": "클래스 번호를 칸 번호(인덱스)로 쓰지 못했습니다",
    "fails_one_hot_wrong_width": "num_classes 로 정하세요",
    "fails_build_model_25_outputs": "J 자리 유닛은 정답이",
    "fails_build_model_hardcodes_24": "출력 유닛 수를 24로 직접 쓰지 말고",
    "fails_build_model_keeps_10_outputs": "01_mnist처럼 10 유닛",
}
