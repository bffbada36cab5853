"""`python -m autograde benchmark`: our grader vs stock nbgrader on a small generated class.

Select with `pytest -k benchmark`. The end-to-end test takes about a minute
(stock nbgrader starts a kernel per student and runs the whole notebook).
"""

import json
import os
import subprocess
import sys

from conftest import REPO

from autograde.benchmark import differences, honest_sources, make_class

AID = "03_gradient_descent"
STUDENTS = 3


def test_benchmark_class_uses_honest_submissions_only(tmp_path):
    honest = len(honest_sources(REPO, AID))  # a class of that size uses each one once
    assigned = make_class(REPO, AID, honest, tmp_path)
    names = set(assigned.values())
    assert {"passes_solution", "blank_student_version"} <= names
    assert all(
        n in ("passes_solution", "blank_student_version") or n.startswith("fails_") for n in names
    )
    assert honest == len(names)
    for sid, name in assigned.items():
        ours = tmp_path / "submissions" / AID / f"{sid}.ipynb"
        stock = tmp_path / "nbgrader" / "submitted" / sid / AID / f"{AID}.ipynb"
        original = REPO / "tests" / "submissions" / AID / f"{name}.ipynb"
        assert ours.read_bytes() == stock.read_bytes() == original.read_bytes()
    assert (tmp_path / "nbgrader" / "source" / AID / f"{AID}.ipynb").is_file()


def test_benchmark_differences_lists_each_question():
    ours = {"s001": {"q1": 2.0, "q2": 1.0}, "s002": {"q1": 0.0}}
    stock = {"s001": {"q1": 2.0, "q2": 0.0}}
    diffs, compared = differences(ours, stock, {"s001": "passes_solution", "s002": "x"})
    assert compared == 2
    assert diffs == [
        {
            "student_id": "s001",
            "submission": "passes_solution",
            "grade_id": "q2",
            "ours": 1.0,
            "stock": 0.0,
        }
    ]


def test_benchmark_end_to_end(tmp_path, data_dir):
    env = dict(os.environ, COURSE_DATA_DIR=str(data_dir))
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    out = tmp_path / "bench"
    cmd = [sys.executable, "-m", "autograde", "benchmark", "--assignment", AID]
    cmd += ["--students", str(STUDENTS), "--workers", "2", "--timeout", "20", "--out", str(out)]
    proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    for text in [
        "(per minute)",
        "(ratio ours/stock)",
        "(median per submission)",
        "Execute.timeout",
    ]:
        assert text in proc.stdout, proc.stdout
    assert "identical): 예 (yes)" in proc.stdout, proc.stdout

    report = json.loads((out / "benchmark.json").read_text(encoding="utf-8"))
    for part in [report["assignments"][0], report["overall"]]:
        for grader in ["ours", "stock"]:
            assert part[grader]["count"] == STUDENTS
            assert part[grader]["seconds"] > 0
            assert part[grader]["per_minute"] > 0
            assert part[grader]["median_seconds"] > 0
        assert part["ratio"] > 0
        assert part["identical"] is True
    entry = report["assignments"][0]
    assert entry["differences"] == []
    questions = len(next(iter(entry["ours"]["scores"].values())))
    assert entry["compared"] == STUDENTS * questions > 0
    assert report["stock_config"]["Execute.timeout"] == 20
