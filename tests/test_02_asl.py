"""02_asl: the Sign Language MNIST loader (real sample, missing data, wrong files, kagglehub path)
and the reference answers of the label <-> class index mapping against Keras.

The loader runs as a student would run it: the setup and load cells of the student version, in a
subprocess with a controlled environment (HOME in tmp, COURSE_DATA_DIR pointing to folders made
here), through notebook_tools.run_loader as in tests/test_loaders.py.
"""

import sys

import numpy as np
import pandas as pd
import pytest
from notebook_tools import course_data_dir, run_loader, solution_namespace

FILES = ["sign_mnist_train.csv", "sign_mnist_test.csv"]
HELP = "Sign Language MNIST를 불러오지 못했습니다"


@pytest.fixture(scope="module")
def sample(data_dir):
    """The real Kaggle sample as two DataFrames (train, test)."""
    folder = course_data_dir("02_asl", data_dir)
    if not all((folder / name).exists() for name in FILES):
        pytest.skip(f"no Sign Language MNIST sample in {folder}")
    return [pd.read_csv(folder / name) for name in FILES]


def write_pair(folder, train, test):
    folder.mkdir(parents=True, exist_ok=True)
    for frame, name in zip([train, test], FILES, strict=True):
        frame.to_csv(folder / name, index=False)
    return folder


def test_real_sample_loads(tmp_path, data_dir, sample):
    folder = course_data_dir("02_asl", data_dir)
    outcome = run_loader("02_asl", tmp_path, {"COURSE_DATA_DIR": str(folder)})
    assert outcome["status"] == "ok", outcome
    rows = [len(frame) for frame in sample]
    assert f"{rows[0]}행 (일부, 전체 파일은 27455행)" in outcome["stdout"]
    assert f"{rows[1]}행 (일부, 전체 파일은 7172행)" in outcome["stdout"]


def test_empty_folder_says_how_to_get_the_data(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    outcome = run_loader("02_asl", tmp_path, {"COURSE_DATA_DIR": str(empty)})
    assert outcome["error"] == "FileNotFoundError"
    assert "sign_mnist_train.csv, sign_mnist_test.csv 이(가) 없습니다" in outcome["message"]
    assert "python data/download.py --dest ~/course-data --only asl" in outcome["message"]
    assert "kaggle.com/datasets/datamunge/sign-language-mnist" in outcome["message"]


@pytest.mark.skipif(sys.platform != "linux", reason="relies on this machine having no internet")
def test_offline_without_copy_explains_what_to_do(tmp_path):
    outcome = run_loader("02_asl", tmp_path, {})
    if outcome["status"] == "ok":
        pytest.skip("this machine can reach Kaggle")
    assert outcome["error"] == "RuntimeError"
    assert HELP in outcome["message"]
    assert "COURSE_DATA_DIR" in outcome["message"]
    assert "kaggle.com/datasets/datamunge/sign-language-mnist" in outcome["message"]


def fake_kagglehub(tmp_path, body):
    """A folder holding a kagglehub.py with `body`, for PYTHONPATH."""
    folder = tmp_path / "fake"
    folder.mkdir()
    (folder / "kagglehub.py").write_text(body, encoding="utf-8")
    return str(folder)


def test_missing_kagglehub_gets_the_same_message(tmp_path):
    fake = fake_kagglehub(tmp_path, "raise ImportError('No module named kagglehub')\n")
    outcome = run_loader("02_asl", tmp_path, {"PYTHONPATH": fake})
    assert outcome["error"] == "RuntimeError"
    assert HELP in outcome["message"] and "ImportError" in outcome["message"]


def test_kagglehub_download_with_nested_folders_is_found(tmp_path, sample):
    """Kaggle's download nests the CSVs in subfolders; the loader finds them there."""
    root = tmp_path / "download"
    for frame, name in zip(sample, FILES, strict=True):
        (root / name[:-4]).mkdir(parents=True)
        frame.to_csv(root / name[:-4] / name, index=False)
    body = (
        "def dataset_download(handle):\n"
        "    assert handle == 'datamunge/sign-language-mnist'\n"
        f"    return {str(root)!r}\n"
    )
    outcome = run_loader("02_asl", tmp_path, {"PYTHONPATH": fake_kagglehub(tmp_path, body)})
    assert outcome["status"] == "ok", outcome
    assert "sign_mnist_train/sign_mnist_train.csv" in outcome["stdout"]


def broken_columns(frame):
    return frame.rename(columns={"pixel784": "pixel785"})


def headerless(frame):
    frame = frame.copy()
    frame.columns = [str(v) for v in frame.iloc[0]]
    return frame.iloc[1:]


def extra_column(frame):
    return pd.concat([frame, pd.DataFrame({"extra": 0}, index=frame.index)], axis=1)


@pytest.mark.parametrize("change", [broken_columns, headerless, extra_column])
def test_wrong_columns_are_rejected(tmp_path, sample, change):
    folder = write_pair(tmp_path / "wrong", change(sample[0]), sample[1])
    outcome = run_loader("02_asl", tmp_path, {"COURSE_DATA_DIR": str(folder)})
    assert outcome["error"] == "ValueError", outcome
    assert "sign_mnist_train.csv: 열이 다릅니다" in outcome["message"]
    assert "label, pixel1, ..., pixel784" in outcome["message"]


@pytest.mark.parametrize("label", [9, 25, -1])
def test_labels_out_of_range_are_rejected(tmp_path, sample, label):
    test = sample[1].copy()
    test.loc[3, "label"] = label
    folder = write_pair(tmp_path / "labels", sample[0], test)
    outcome = run_loader("02_asl", tmp_path, {"COURSE_DATA_DIR": str(folder)})
    assert outcome["error"] == "ValueError", outcome
    assert f"sign_mnist_test.csv: 레이블 [{label}] 은(는) 있을 수 없습니다" in outcome["message"]
    assert "0~24" in outcome["message"] and "J(9)와 Z(25)" in outcome["message"]


@pytest.mark.parametrize("value", [256, -3])
def test_pixels_out_of_range_are_rejected(tmp_path, sample, value):
    train = sample[0].copy()
    train.loc[5, "pixel100"] = value
    folder = write_pair(tmp_path / "pixels", train, sample[1])
    outcome = run_loader("02_asl", tmp_path, {"COURSE_DATA_DIR": str(folder)})
    assert outcome["error"] == "ValueError", outcome
    assert "픽셀 값이" in outcome["message"] and "0~255" in outcome["message"]


def test_non_integer_values_and_empty_files_are_rejected(tmp_path, sample):
    train = sample[0].astype({"pixel7": object})
    train.loc[2, "pixel7"] = ""
    folder = write_pair(tmp_path / "blank", train, sample[1])
    outcome = run_loader("02_asl", tmp_path, {"COURSE_DATA_DIR": str(folder)})
    assert outcome["error"] == "ValueError", outcome
    assert "정수가 아닌 값" in outcome["message"] and "pixel7" in outcome["message"]

    (folder / FILES[0]).write_text("", encoding="utf-8")
    outcome = run_loader("02_asl", tmp_path, {"COURSE_DATA_DIR": str(folder)})
    assert outcome["error"] == "ValueError", outcome
    assert "CSV로 읽지 못했습니다" in outcome["message"]


def test_reference_mapping_agrees_with_keras():
    """The solution's class indices give Keras' to_categorical with 24 classes, and invert."""
    ns = solution_namespace("02_asl")
    labels = np.array([label for label in range(25) if label != 9] * 3)
    indices = ns["to_class_index"](labels)
    assert sorted(set(indices.tolist())) == list(range(24))
    assert np.array_equal(ns["from_class_index"](indices), labels)
    expected = ns["keras"].utils.to_categorical(indices, 24)
    assert np.array_equal(ns["one_hot"](indices, 24), expected)
    letters = [ns["label_to_letter"](label) for label in ns["from_class_index"](np.arange(24))]
    assert "".join(letters) == "ABCDEFGHIKLMNOPQRSTUVWXY"
    assert ns["build_model"](24).count_params() == 676888
