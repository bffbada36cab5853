"""The notebooks' data loaders: local copy first, verified, and a clear Korean message otherwise."""

import sys

import numpy as np
import pytest
from notebook_tools import run_loader


def test_mnist_local_copy_is_read_and_checked(tmp_path, data_dir):
    outcome = run_loader("01_mnist", tmp_path, {"COURSE_DATA_DIR": str(data_dir)})
    assert outcome["status"] == "ok", outcome


def test_mnist_missing_local_copy_says_how_to_get_it(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    outcome = run_loader("01_mnist", tmp_path, {"COURSE_DATA_DIR": str(empty)})
    assert outcome["error"] == "FileNotFoundError"
    assert "mnist.npz 가 없습니다" in outcome["message"]
    assert "data/download.py" in outcome["message"]


def test_mnist_wrong_file_is_rejected_before_training(tmp_path):
    folder = tmp_path / "wrong"
    folder.mkdir()
    small = np.zeros((100, 28, 28), dtype=np.uint8)
    labels = np.zeros(100, dtype=np.uint8)
    np.savez(folder / "mnist.npz", x_train=small, y_train=labels, x_test=small, y_test=labels)
    outcome = run_loader("01_mnist", tmp_path, {"COURSE_DATA_DIR": str(folder)})
    assert outcome["error"] == "ValueError"
    assert "(60000, 28, 28) uint8" in outcome["message"]


@pytest.mark.skipif(sys.platform != "linux", reason="relies on this machine having no internet")
def test_mnist_offline_without_copy_explains_what_to_do(tmp_path):
    outcome = run_loader("01_mnist", tmp_path, {})
    if outcome["status"] == "ok":
        pytest.skip("this machine can reach the MNIST download")
    assert outcome["error"] == "RuntimeError"
    assert "MNIST를 불러오지 못했습니다" in outcome["message"]
    assert "COURSE_DATA_DIR" in outcome["message"]
