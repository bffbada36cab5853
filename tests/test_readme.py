"""README keeps its promises: CI runs its test command, both commands check the Python first,
and every notebook has a Colab badge."""

import os
import re
import runpy
import shutil
import subprocess
import sys
import tomllib

from conftest import REPO, assignment_ids

README = (REPO / "README.md").read_text(encoding="utf-8")


def readme_commands():
    """Shell commands in README's ```bash blocks."""
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in readme_commands() if "pytest" in c)
    ci_lines = (REPO / ".ci" / "run").read_text().splitlines()
    assert test_command in ci_lines, "the last step of .ci/run must be README's test command"


def test_readme_has_a_course_command():
    assert any("jupyter lab course/" in c for c in readme_commands())


def test_both_commands_check_the_python_before_making_the_venv():
    setup = [c for c in readme_commands() if "-m venv .venv" in c]
    assert len(setup) == 2, setup
    for command in setup:
        assert command.startswith("python3 bin/check_python.py && "), command


CHECK_PYTHON = REPO / "bin" / "check_python.py"


def check_python_as(version):
    """Run bin/check_python.py as if this Python were `version`."""
    code = f"import runpy, sys; sys.version_info = {version!r}; "
    code += f"runpy.run_path({str(CHECK_PYTHON)!r}, run_name='__main__')"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_check_python_names_the_python_found_and_how_to_get_a_newer_one():
    for wrong in [(3, 10, 12), (3, 9, 6), (3, 14, 0)]:
        done = check_python_as(wrong)
        assert done.returncode == 1
        assert f"This is Python {wrong[0]}.{wrong[1]} ({sys.executable})" in done.stderr
        for way in ["deadsnakes", "brew install", "pyenv install", "python.org"]:
            assert way in done.stderr
    done = check_python_as((3, 11, 7))
    assert done.returncode == 0 and done.stderr == ""


def test_readme_names_the_pythons_that_check_python_accepts():
    check = runpy.run_path(str(CHECK_PYTHON))
    oldest, newest = check["version"](check["OLDEST"]), check["version"](check["NEWEST"])
    assert f"Python {oldest} to {newest}" in README


def test_install_sandbox_goes_on_where_it_cannot_install(tmp_path):
    """No bwrap and no apt-get here: it says what to run and exits 0, so the tests still run."""
    for tool in ["bash", "uname", "id", "cut"]:
        os.symlink(shutil.which(tool), tmp_path / tool)
    done = subprocess.run(
        ["bash", str(REPO / "autograde" / "install_sandbox.sh")],
        env={"PATH": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "install bubblewrap" in done.stderr and "skipped" in done.stderr


def test_every_notebook_has_a_colab_badge_to_the_one_repository():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    repository = config["tool"]["course"]["repository"]
    badges = re.findall(r"https://colab\.research\.google\.com/github/([^)\s]+)", README)
    assert badges, "no Colab badge in README"
    for link in badges:
        assert link.startswith(f"{repository}/blob/main/course/"), link
    for assignment in assignment_ids():
        assert f"{repository}/blob/main/course/{assignment}/{assignment}.ipynb" in badges
        assert (REPO / "course" / assignment / f"{assignment}.ipynb").exists()
